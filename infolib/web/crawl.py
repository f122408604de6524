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

from infolib.config import CrawlSettings
from infolib.errors import ExtractError, FetchError
from infolib.models import Page, Skip
from infolib.web.extract import (
    FeedEntry,
    extract_html,
    extract_pdf,
    guess_kind,
    parse_feed,
    parse_sitemap,
)
from infolib.web.fetch import Fetcher
from infolib.web.urls import check_start_url, origin, resolve, same_site, trap_reason

log = logging.getLogger(__name__)

#: Lower is fetched first.
KIND_PRIORITY = {"home": 0, "about": 1, "team": 2, "product": 3, "careers": 4, "investors": 5,
                 "news": 6, "contact": 7, "job": 8, "blog": 9, "other": 20, "legal": 30}
#: After this many pages of a kind, more of that kind wait behind everything else wanted.
KIND_QUOTA = {"job": 6, "news": 6, "blog": 4, "product": 8, "legal": 2}
_DEMOTED = 15
MAX_SITEMAPS = 5
MAX_FEEDS = 3
MAX_SITEMAP_URLS = 500


@dataclass
class CrawlResult:
    """The pages read from one site, what was left out, and what the feeds announced."""

    start_url: str
    pages: list[Page] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    feed_entries: list[FeedEntry] = field(default_factory=list)
    robots: str = ""
    error: str = ""
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished: datetime | None = None
    requests: int = 0


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
    def read_sitemaps(self) -> None:
        policy = self.fetcher.robots(self.start)
        queue = list(policy.sitemaps) or [origin(self.start) + "/sitemap.xml"]
        declared = bool(policy.sitemaps)
        found = 0
        for index, sitemap in enumerate(queue[:MAX_SITEMAPS]):
            try:
                fetched = self.fetcher.fetch(sitemap, stay_on=self.start)
            except FetchError as exc:
                if declared or index > 0 or exc.reason not in ("HTTP 404", "HTTP 410"):
                    self.skip(sitemap, exc.reason, str(exc), "robots.txt")
                continue
            pages, children = parse_sitemap(fetched.body)
            queue.extend(c for c in children if c not in queue)
            for url in pages[: MAX_SITEMAP_URLS - found]:
                self.discover(url, sitemap, 1)
            found += len(pages)

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
                self.read_sitemaps()
            if page is not None:
                result.pages.append(page)
                self.fetched_kinds[page.kind] += 1
            self.on_page(page, item.url)
        for item in sorted(self.frontier):
            self.skip(item.url, "page budget",
                      f"max_pages={self.settings.max_pages} reached", item.found_on)
        if not result.pages:
            first = result.skipped[0] if result.skipped else None
            why = f"{first.reason}: {first.detail}" if first else "no page was found"
            result.error = f"No page could be read from {self.start} ({why})."
        return self.finish()

    def finish(self) -> CrawlResult:
        self.result.finished = datetime.now(UTC)
        self.result.requests = self.fetcher.adapter.requests_sent
        return self.result


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
