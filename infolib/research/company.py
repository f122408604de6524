"""The research stage end to end: crawl, extract, profile, summarise, store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from infolib.config import CrawlSettings
from infolib.errors import DataError
from infolib.models import ResearchResult, to_jsonable
from infolib.research.profile import build_profile
from infolib.research.summarise import summarise
from infolib.store.validate import field_name
from infolib.store.workbook import Workbook, open_workbook
from infolib.web.crawl import crawl_site
from infolib.web.fetch import Fetcher
from infolib.web.urls import check_start_url

#: Settings that change what a crawl finds; a stored crawl is reused only if they match.
RESULT_LIMITS = ("max_pages", "max_depth", "max_bytes", "respect_robots")


def _progress_bar(enabled: bool, total: int):
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, desc="Reading pages", unit="page")


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
            (by default such a crawl is reused, so re-running a notebook is instant).

    Raises:
        InvalidURLError: ``url`` is not an http(s) address.
        StoreError: the workbook cannot be written.
    A site that cannot be read returns a result whose ``ok`` is False and whose
    ``crawl.error`` says why; it is stored too, with its skipped URLs.
    """

    start_url = check_start_url(url)
    field = field_name(field)
    if not field:
        raise DataError("The target field is empty: name it, e.g. field='Energy storage'.")
    book = open_workbook(workbook)
    settings = settings or CrawlSettings()
    overrides = {k: v for k, v in (("max_pages", max_pages), ("max_depth", max_depth),
                                   ("delay", delay)) if v is not None}
    settings = settings.replace(**overrides) if overrides else settings
    book.engine  # noqa: B018 - open (and check) the database before spending time crawling
    limits = {k: getattr(settings, k) for k in RESULT_LIMITS}
    if not refresh:
        found = book.research.reusable_crawl_id(field, start_url, limits, settings.cache_expiry)
        if found is not None:
            result = book.research.load(crawl_id=found)
            result.reused = True
            return result
    bar = _progress_bar(progress, settings.max_pages)

    def on_page(page, tried_url: str) -> None:
        if bar is not None and page is not None:
            bar.update(1)
            bar.set_postfix_str(tried_url[-40:], refresh=False)

    try:
        with Fetcher(settings, cache_path=book.cache_path) as fetcher:
            crawl = crawl_site(start_url, settings, fetcher, on_page)
    finally:
        if bar is not None:
            bar.close()
    profile = build_profile(crawl.pages, crawl.feed_entries, crawl.skipped)
    summary = summarise(crawl.pages)
    settings_json = {k: v for k, v in to_jsonable(dataclasses.asdict(settings)).items()
                     if k != "extra_headers"}
    crawl_id = book.research.save(field, crawl, profile, summary, settings_json)
    return ResearchResult(field=field.strip(), crawl=crawl, profile=profile, summary=summary,
                          crawl_id=crawl_id, stored_in=book.folder)


__all__ = ["ResearchResult", "research_company"]
