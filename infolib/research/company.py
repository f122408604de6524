"""The research stage end to end: crawl, extract, profile, summarise, store.

``research_company`` reads one organisation's site; ``research_companies`` reads several at
once, one thread per host: each host still gets one request at a time with its delay, while
the hosts are read side by side, so five sites take about the time of the slowest one.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from infolib.config import CrawlSettings
from infolib.errors import DataError
from infolib.models import ResearchResult, ResearchResults, to_jsonable
from infolib.research.profile import build_profile
from infolib.research.summarise import summarise
from infolib.store.validate import field_name
from infolib.store.workbook import Workbook, open_workbook
from infolib.web.crawl import crawl_site
from infolib.web.fetch import Fetcher
from infolib.web.urls import check_start_url

#: Settings that change what a crawl finds; a stored crawl is reused only if they match.
RESULT_LIMITS = ("max_pages", "max_depth", "max_bytes", "respect_robots")
#: Most sites read at the same time by ``research_companies`` (one thread each).
MAX_PARALLEL_HOSTS = 8


def _progress_bar(enabled: bool, total: int, desc: str = "Reading pages", position: int = 0):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="page", position=position)


def _prepare(field: str, workbook, settings: CrawlSettings | None, max_pages, max_depth,
             delay) -> tuple[str, Workbook, CrawlSettings]:
    """The checked field name, the open workbook and the settings with the shortcuts applied."""
    field = field_name(field)
    if not field:
        raise DataError("The target field is empty: name it, e.g. field='Energy storage'.")
    book = open_workbook(workbook)
    settings = settings or CrawlSettings()
    overrides = {k: v for k, v in (("max_pages", max_pages), ("max_depth", max_depth),
                                   ("delay", delay)) if v is not None}
    settings = settings.replace(**overrides) if overrides else settings
    book.engine  # noqa: B018 - open (and check) the database before spending time crawling
    return field, book, settings


def _reused(book: Workbook, field: str, start_url: str, settings: CrawlSettings
            ) -> ResearchResult | None:
    """The stored research of ``start_url`` when it can answer this call, else None."""
    limits = {k: getattr(settings, k) for k in RESULT_LIMITS}
    found = book.research.reusable_crawl_id(field, start_url, limits, settings.cache_expiry)
    if found is None:
        return None
    result = book.research.load(crawl_id=found)
    result.reused = True
    return result


def _read_and_store(start_url: str, field: str, book: Workbook, settings: CrawlSettings,
                    fetcher: Fetcher, bar, save_lock: threading.Lock | None = None,
                    stop: threading.Event | None = None) -> ResearchResult:
    """Crawl one site with ``fetcher``, build its profile and summary, store them; a set
    ``stop`` ends the crawl after the page being read (Ctrl-C while other sites are read)."""

    def on_page(page, tried_url: str) -> None:
        if stop is not None and stop.is_set():
            raise KeyboardInterrupt
        if bar is not None and page is not None:
            bar.update(1)
            bar.set_postfix_str(tried_url[-40:], refresh=False)

    crawl = crawl_site(start_url, settings, fetcher, on_page)
    if bar is not None:  # a site with fewer pages than max_pages is done, not cut short
        if crawl.pages:  # (closed short of its total, a bar turns red in a notebook)
            bar.total = bar.n
            widget = getattr(bar, "container", None)  # tqdm.notebook: [label, bar, text]
            if widget is not None and len(widget.children) == 3:
                widget.children[1].max = bar.n
        bar.set_postfix_str("read" if crawl.pages else "could not be read")
    profile = build_profile(crawl.pages, crawl.feed_entries, crawl.skipped)
    summary = summarise(crawl.pages)
    settings_json = {k: v for k, v in to_jsonable(dataclasses.asdict(settings)).items()
                     if k != "extra_headers"}
    if save_lock is None:
        crawl_id = book.research.save(field, crawl, profile, summary, settings_json)
    else:
        with save_lock:  # one writer at a time, whatever the database
            crawl_id = book.research.save(field, crawl, profile, summary, settings_json)
    return ResearchResult(field=field.strip(), crawl=crawl, profile=profile, summary=summary,
                          crawl_id=crawl_id, stored_in=book.folder)


def research_company(url: str, field: str, *, workbook: Workbook | str | Path | None = None,
                     max_pages: int | None = None, max_depth: int | None = None,
                     delay: float | None = None, settings: CrawlSettings | None = None,
                     progress: bool = True, refresh: bool = False) -> ResearchResult:
    """Crawl an organisation's site, build its sourced profile and summary, store them.

    Args:
        url: the organisation's web address (http or https).
        field: the target field this research belongs to (e.g. "Energy storage").
        workbook: a Workbook or its folder; default the project's ``data/`` workbook.
        max_pages, max_depth, delay: shortcuts for the same CrawlSettings fields.
        settings: full crawl settings (politeness, limits).
        progress: show a progress bar while crawling.
        refresh: read the site again even if the workbook holds a successful crawl of the
            same address with the same limits younger than ``settings.cache_expiry``
            (by default such a crawl is reused, so re-running a notebook is instant); every
            page the HTTP cache holds is then revalidated with the site (an unchanged one
            costs a 304 and no body), so the new crawl sees the site as it is now.

    Raises:
        InvalidURLError: ``url`` is not an http(s) address.
        StoreError: the workbook cannot be written.
    A site that cannot be read returns a result whose ``ok`` is False and whose
    ``crawl.error`` says why; it is stored too, with its skipped URLs.
    """

    start_url = check_start_url(url)
    field, book, settings = _prepare(field, workbook, settings, max_pages, max_depth, delay)
    if not refresh and (result := _reused(book, field, start_url, settings)) is not None:
        return result
    bar = _progress_bar(progress, settings.max_pages)
    try:
        with Fetcher(settings, cache_path=book.cache_path, revalidate=refresh) as fetcher:
            return _read_and_store(start_url, field, book, settings, fetcher, bar)
    finally:
        if bar is not None:
            bar.close()


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def research_companies(urls: Iterable[str] | str, field: str, *,
                       workbook: Workbook | str | Path | None = None,
                       max_pages: int | None = None, max_depth: int | None = None,
                       delay: float | None = None, settings: CrawlSettings | None = None,
                       progress: bool = True, refresh: bool = False) -> ResearchResults:
    """Research several organisations of ``field`` at once and store each one.

    The sites are read side by side (one thread per host, at most ``MAX_PARALLEL_HOSTS``),
    each host still one request at a time with its delay; addresses on one host are read one
    after the other, and an address given twice is read once. A site that cannot be read is
    recorded as a failed attempt (``crawl.error`` says why) and never stops the others. Each
    organisation is stored as its crawl ends, so an organisation can also be added later by
    researching its address with the same field.

    Args:
        urls: the organisations' web addresses (http or https), in the order to show them.
        field, workbook, max_pages, max_depth, delay, settings, refresh: as for
            ``research_company``, for every organisation.
        progress: one progress bar per organisation, named by its host.

    Returns:
        ResearchResults: one ResearchResult per distinct address, in the order given; it
        shows one row per organisation (name, address, pages, requests, ok or why not).

    Raises:
        InvalidURLError: one of ``urls`` is not an http(s) address (nothing is read).
        DataError: no address at all, or no field.
        StoreError: the workbook cannot be written.
    """
    from concurrent.futures import ThreadPoolExecutor

    if isinstance(urls, str):
        urls = [urls]
    start_urls = list(dict.fromkeys(check_start_url(u) for u in urls))  # all checked first
    if not start_urls:
        raise DataError("Give at least one organisation's web address, e.g. "
                        "research_companies(['https://example.org/'], field).")
    field, book, settings = _prepare(field, workbook, settings, max_pages, max_depth, delay)
    results: dict[str, ResearchResult] = {}
    if not refresh:
        for start_url in start_urls:
            if (found := _reused(book, field, start_url, settings)) is not None:
                results[start_url] = found
    to_read = [u for u in start_urls if u not in results]
    by_host: dict[str, list[str]] = {}
    for start_url in to_read:
        by_host.setdefault(_host(start_url), []).append(start_url)
    # the fetchers (each opening the one HTTP cache file) are made here, one after the other
    fetchers = [Fetcher(settings, cache_path=book.cache_path, revalidate=refresh)
                for _ in by_host]
    width = max((len(h) for h in by_host), default=0)
    several = len(start_urls) > 1
    bars = {u: _progress_bar(progress, settings.max_pages,
                             f"{_host(u):<{width}}" if several else "Reading pages", i)
            for i, u in enumerate(to_read)}
    save_lock, stop = threading.Lock(), threading.Event()

    def read_host(fetcher: Fetcher, host_urls: list[str]) -> dict[str, ResearchResult]:
        done = {}
        with fetcher:  # one per host: its robots.txt read once, its delay kept site to site
            for start_url in host_urls:
                try:
                    done[start_url] = _read_and_store(start_url, field, book, settings,
                                                      fetcher, bars[start_url], save_lock,
                                                      stop)
                finally:
                    if bars[start_url] is not None:
                        bars[start_url].close()
        return done

    if by_host:
        workers = min(len(by_host), MAX_PARALLEL_HOSTS)
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="infolib-research") \
                as pool:
            futures = [pool.submit(read_host, fetcher, group)
                       for fetcher, group in zip(fetchers, by_host.values(), strict=True)]
            errors = []
            try:
                for future in futures:
                    try:
                        results.update(future.result())
                    except Exception as exc:  # e.g. a workbook that cannot be written
                        errors.append(exc)  # raised once the other sites are read and stored
            except BaseException:  # Ctrl-C: the others stop after the page being read
                stop.set()
                for future in futures:
                    if future.cancel():
                        fetchers[futures.index(future)].close()
                raise
            if errors:
                raise errors[0]
    return ResearchResults(field=field.strip(), results=[results[u] for u in start_urls],
                           stored_in=book.folder)


__all__ = ["ResearchResult", "ResearchResults", "research_companies", "research_company"]
