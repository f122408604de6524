"""Which pages to read: a best-first crawl of one site that prefers the pages a researcher
wants, stays on the site, and records every URL it leaves out and why."""

from __future__ import annotations

import hashlib
import heapq
import itertools
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from infolib.config import CrawlSettings
from infolib.errors import ExtractError, FetchError
from infolib.models import CrawlResult, Page, Skip
from infolib.web.extract import extract_html, extract_pdf, guess_kind, parse_feed, parse_sitemap
from infolib.web.fetch import Fetcher
from infolib.web.urls import check_start_url, origin, resolve, same_site, trap_reason

log = logging.getLogger(__name__)

#: Lower is fetched first.
KIND_PRIORITY = {"home": 0, "about": 1, "team": 2, "product": 3, "careers": 4, "investors": 5,
                 "news": 6, "contact": 7, "job": 8, "blog": 9, "other": 20, "legal": 30}
#: After this many pages of a kind, more of that kind wait behind everything else wanted.
KIND_QUOTA = {"job": 6, "news": 6, "blog": 4, "product": 8, "legal": 2}
_DEMOTED = 15
#: Sitemaps (indexes and their children) read per crawl, and page URLs taken from them.
MAX_SITEMAPS = 10
MAX_SITEMAP_URLS = 500
MAX_FEEDS = 3


@dataclass(order=True)
class _Queued:
    priority: int
    depth: int
    seq: int
    url: str = field(compare=False)
    anchor: str = field(compare=False, default="")
    found_on: str = field(compare=False, default="")


class _Crawl:
    def __init__(self, start: str, settings: CrawlSettings, fetcher: Fetcher,
                 on_page: Callable[[Page | None, str], None] | None):
        self.start, self.settings, self.fetcher = start, settings, fetcher
        self.on_page = on_page or (lambda page, url: None)
        self.result = CrawlResult(start_url=start)
        self.frontier: list[_Queued] = []
        self.seen: set[str] = set()
        self.skipped: set[str] = set()
        self.bodies: set[str] = set()
        self.fetched_kinds: Counter[str] = Counter()
        self.seq = itertools.count()
        self.sitemap_overflow: list[tuple[str, str]] = []  # (url, sitemap) past the URL cap

    # bookkeeping ------------------------------------------------------------------------------
    def skip(self, url: str, reason: str, detail: str = "", found_on: str = "") -> None:
        if url in self.skipped:
            return
        self.skipped.add(url)
        self.result.skipped.append(Skip(url=url, reason=reason, detail=detail, found_on=found_on))
        log.info("skipped %s: %s %s", url, reason, detail)

    def priority(self, kind: str) -> int:
        base = KIND_PRIORITY.get(kind, 20)
        if self.fetched_kinds[kind] >= KIND_QUOTA.get(kind, 10**6):
            base += _DEMOTED
        return base

    def discover(self, href: str, base: str, depth: int, anchor: str = "") -> None:
        url, problem = resolve(base, href)
        if problem:
            self.skip(href.strip()[:300], problem, found_on=base)
            return
        if url is None or url in self.seen:
            return
        self.seen.add(url)
        if not same_site(url, self.start):
            self.skip(url, "off-site", found_on=base)
            return
        trap = trap_reason(url)
        if trap:
            self.skip(url, trap, found_on=base)
            return
        try:
            allowed = self.fetcher.robots(url).allows(url)
        except FetchError as exc:
            self.skip(url, exc.reason, str(exc), base)
            return
        if not allowed:
            self.skip(url, "robots", "disallowed by robots.txt", base)
            return
        if depth > self.settings.max_depth:
            self.skip(url, "depth limit", f"{depth} links from the start page", base)
            return
        kind = guess_kind(url, anchor)
        heapq.heappush(self.frontier, _Queued(self.priority(kind), depth, next(self.seq), url,
                                              anchor, base))

    def next_queued(self) -> _Queued | None:
        while self.frontier:
            item = heapq.heappop(self.frontier)
            now = self.priority(guess_kind(item.url, item.anchor))
            if now > item.priority:  # its kind filled its quota since it was queued
                item.priority = now
                heapq.heappush(self.frontier, item)
                continue
            return item
        return None

    # discovery from sitemaps and feeds -----------------------------------------------------------
    def sitemap_candidates(self, home: str) -> tuple[list[str], list[str]]:
        """The sitemaps robots.txt declares, and the ones guessed where none is declared: at
        the server root, and in the folder of the start page (``/org/sitemap.xml``) when the
        site lives under a path."""
        declared = list(self.fetcher.robots(self.start).sitemaps)
        guessed = [] if declared else [origin(self.start) + "/sitemap.xml"]
        folder = site_folder(home)
        if folder != "/":
            guessed.append(origin(home) + folder + "sitemap.xml")
        return declared, [g for g in guessed if g not in declared]

    def read_sitemaps(self, home: str) -> None:
        """Discover pages from the sitemaps, following a sitemap index's children (plain or
        ``.xml.gz``) up to MAX_SITEMAPS sitemaps and MAX_SITEMAP_URLS page URLs."""
        declared, guessed = self.sitemap_candidates(home)
        queue = declared + guessed
        found_on = dict.fromkeys(queue, "robots.txt")
        taken = read = 0
        for sitemap in queue:
            if not same_site(sitemap, self.start):  # the crawl stays on the site
                self.skip(sitemap, "off-site", "a sitemap on another site", found_on[sitemap])
                continue
            if read >= MAX_SITEMAPS:
                self.skip(sitemap, "sitemap limit", f"only {MAX_SITEMAPS} sitemaps are read "
                                                    "per crawl", found_on[sitemap])
                continue
            read += 1
            try:
                fetched = self.fetcher.fetch(sitemap, stay_on=self.start, gzip_file=True)
            except FetchError as exc:
                if sitemap not in guessed or exc.reason not in ("HTTP 404", "HTTP 410"):
                    self.skip(sitemap, exc.reason, str(exc), found_on[sitemap])
                continue
            pages, children = parse_sitemap(fetched.body)
            for href in children:
                child, problem = resolve(sitemap, href)
                if child is None or child in found_on:
                    continue
                if problem:
                    self.skip(child, problem, found_on=sitemap)
                    continue
                found_on[child] = sitemap
                queue.append(child)
            for url in pages:
                if taken < MAX_SITEMAP_URLS:
                    self.discover(url, sitemap, 1)
                    taken += 1
                else:
                    self.sitemap_overflow.append((url, sitemap))

    def record_sitemap_overflow(self) -> None:
        """Record the sitemap URLs left out for the URL cap that the crawl never met."""
        for href, sitemap in self.sitemap_overflow:
            url, problem = resolve(sitemap, href)
            if url is not None and not problem and url not in self.seen:
                self.skip(url, "sitemap limit", f"the sitemaps list more than "
                                                f"{MAX_SITEMAP_URLS} pages", sitemap)

    def read_feed(self, href: str, base: str) -> None:
        url, problem = resolve(base, href)
        if not url or problem or url in self.seen:
            return
        self.seen.add(url)
        if not same_site(url, self.start):
            self.skip(url, "off-site", found_on=base)
            return
        try:
            fetched = self.fetcher.fetch(url, stay_on=self.start)
        except FetchError as exc:
            self.skip(url, exc.reason, str(exc), base)
            return
        entries = parse_feed(fetched.body)
        self.result.feed_entries.extend(entries)
        for entry in entries:
            self.discover(entry.url, url, 1, entry.title)

    # the crawl ----------------------------------------------------------------------------------
    def read(self, item: _Queued) -> Page | None:
        try:
            fetched = self.fetcher.fetch(item.url, stay_on=self.start)
        except FetchError as exc:
            self.skip(item.url, exc.reason, str(exc), item.found_on)
            return None
        digest = hashlib.sha1(fetched.body).hexdigest()
        if digest in self.bodies:
            self.skip(item.url, "duplicate", "same content as a page already read", item.found_on)
            return None
        self.bodies.add(digest)
        if fetched.final_url != item.url:
            self.seen.add(fetched.final_url)
        try:
            if fetched.media_type == "application/pdf":
                return extract_pdf(fetched, item.depth)
            if fetched.media_type in ("application/xml", "text/xml", "application/rss+xml",
                                      "application/atom+xml"):
                self.skip(item.url, "unsupported type", "an XML document, not a page",
                          item.found_on)
                return None
            extracted = extract_html(fetched, item.depth, item.anchor)
        except ExtractError as exc:
            self.skip(item.url, "unreadable", str(exc), item.found_on)
            return None
        page = extracted.page
        if page.kind in ("home", "news", "blog") and extracted.feeds:
            for feed in extracted.feeds[:MAX_FEEDS]:
                self.read_feed(feed, page.url)
        for href, anchor in extracted.links:
            self.discover(href, page.url, item.depth + 1, anchor)
        return page

    def run(self) -> CrawlResult:
        result = self.result
        try:
            policy = self.fetcher.robots(self.start)
        except FetchError as exc:
            result.error = (f"Could not read {self.start}: {exc}. Check the address, or "
                            "that the site is up, and try again.")
            self.skip(self.start, exc.reason, str(exc))
            return self.finish()
        result.robots = policy.status
        self.seen.add(self.start)
        if not policy.allows(self.start):
            self.skip(self.start, "robots", f"robots.txt ({policy.status}) disallows it")
            result.error = (f"The robots.txt of {origin(self.start)} does not allow crawling "
                            f"{self.start} ({policy.status}). infolib respects that: research "
                            "this organisation by hand, or start from a page it allows.")
            return self.finish()
        heapq.heappush(self.frontier, _Queued(0, 0, next(self.seq), self.start))
        sitemaps_read = False
        while len(result.pages) < self.settings.max_pages:
            item = self.next_queued()
            if item is None:
                break
            page = self.read(item)
            if not sitemaps_read:  # after the start page, so its redirects are known
                sitemaps_read = True
                self.read_sitemaps(page.url if page is not None else self.start)
            if page is not None:
                result.pages.append(page)
                self.fetched_kinds[page.kind] += 1
            self.on_page(page, item.url)
        for item in sorted(self.frontier):
            self.skip(item.url, "page budget",
                      f"max_pages={self.settings.max_pages} reached", item.found_on)
        self.record_sitemap_overflow()
        if not result.pages:
            first = result.skipped[0] if result.skipped else None
            why = f"{first.reason}: {first.detail}" if first else "no page was found"
            result.error = f"No page could be read from {self.start} ({why})."
        return self.finish()

    def finish(self) -> CrawlResult:
        self.result.finished = datetime.now(UTC)
        self.result.requests = self.fetcher.adapter.requests_sent
        return self.result


def site_folder(url: str) -> str:
    """The folder a site lives in: ``/org/`` for ``https://host/org/`` or
    ``https://host/org/index.html``, ``/`` for a site at the server root."""
    path = urlsplit(url).path or "/"
    if not path.endswith("/"):
        head, _, last = path.rpartition("/")
        path = head + "/" if "." in last else path + "/"
    return path


def crawl_site(url: str, settings: CrawlSettings | None = None, fetcher: Fetcher | None = None,
               on_page: Callable[[Page | None, str], None] | None = None) -> CrawlResult:
    """Crawl one organisation's site politely, best pages first.

    Args:
        url: the start page (raises InvalidURLError if it is not an http(s) address).
        settings: limits and politeness; the defaults are polite.
        fetcher: a Fetcher to reuse (its cache); one without a cache is made if omitted.
        on_page: called after each URL is tried, with the Page or None if it was skipped.

    A crawl never raises for one bad page: problems become ``result.skipped`` rows, and a
    site that cannot be read at all sets ``result.error``.
    """
    start = check_start_url(url)
    settings = settings or (fetcher.settings if fetcher else CrawlSettings())
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    try:
        return _Crawl(start, settings, fetcher, on_page).run()
    finally:
        if own:
            fetcher.close()
