"""Which pages to read: a best-first crawl of one site that prefers the pages a researcher
wants, stays on the site, and records every URL it leaves out and why.

The site is the start URL's host and, when the start URL has a path (``https://host/org/``),
that path: the organisation lives there, its start page is its home page, and links that leave
the path (to the rest of the host) are recorded as ``outside path`` rather than read. Two
exceptions: a start page that links to nothing under its own path is a page of a site at the
host's root, so the whole host is the site; and documents (PDFs) the site's pages link to are
read wherever they are on the host.
"""

from __future__ import annotations

import dataclasses
import hashlib
import heapq
import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from infolib.config import CrawlSettings
from infolib.errors import ExtractError, FetchError
from infolib.models import CrawlResult, Page, Skip
from infolib.web.extract import (
    decode_html,
    extract_html,
    extract_pdf,
    guess_kind,
    is_listing,
    parse_feed,
    parse_html,
    parse_sitemap,
    published_date,
    retitle_shared,
    schema_types,
    strip_controls,
)
from infolib.web.fetch import Fetched, Fetcher
from infolib.web.urls import (
    check_start_url,
    normalise,
    origin,
    resolve,
    same_site,
    site_path,
    trap_reason,
)

log = logging.getLogger(__name__)

#: Lower is fetched first.
KIND_PRIORITY = {"home": 0, "about": 1, "team": 2, "product": 3, "careers": 4, "investors": 5,
                 "news": 6, "contact": 7, "job": 8, "blog": 9, "other": 20, "legal": 30}
#: After this many pages of a kind, more of that kind wait behind everything else wanted.
KIND_QUOTA = {"job": 6, "news": 6, "blog": 4, "product": 8, "legal": 2}
#: After this many ordinary ("other") pages from one top folder, more from it wait too.
FOLDER_QUOTA = 4
_DEMOTED = 15
#: Kinds of dated posts: a section's index page is read before its posts, and the posts it
#: lists (newest first, as indexes show them) before posts linked from elsewhere.
_DATED = ("news", "blog")
_PAGINATION = re.compile(r"/page/\d+/?$|[?&](page|p|pg)=\d+|/(index|page)[-_]?\d+\.html?$", re.I)
#: Archive pages (category, tag and author listings, archives) and feed files only list what
#: other pages hold: they wait behind every page wanted, legal pages aside.
_ARCHIVE_PRIORITY = 26
_ARCHIVE = re.compile(r"/(categor(y|ies)|tags?|authors?|archives?)(/|\.html?$|$)"
                      r"|/archive(-\d+)?\.html?$|\.(xml|rss|atom)$", re.I)
#: Sitemaps (indexes and their children) read per crawl, and page URLs taken from them.
MAX_SITEMAPS = 10
MAX_SITEMAP_URLS = 500
#: URLs tried per page of the budget: a site whose links mostly fail (404s, duplicates) is
#: not tried link by link for ever; what is left is recorded as "page budget".
ATTEMPTS_PER_PAGE = 3
#: Feeds read per crawl (found on the home, news and blog pages).
MAX_FEEDS = 3
_DOCUMENT = re.compile(r"\.pdf$", re.I)
#: Links to files that are no page (images, media, archives, fonts, scripts, office files):
#: not fetched, since the fetcher would refuse them after spending a request.
_NOT_A_PAGE = re.compile(r"\.(jpe?g|png|gif|webp|avif|svg|ico|bmp|tiff?|heic|mp[34]|m4a|mov|"
                         r"avi|webm|wav|ogg|flac|zip|tar|t?gz|bz2|xz|7z|rar|dmg|exe|msi|apk|"
                         r"woff2?|ttf|otf|eot|css|js|json|docx?|xlsx?|pptx?|odt|epub)$", re.I)
#: Requests a crawl makes beyond its page budget: robots.txt, one sitemap and one feed.
FREE_REQUESTS = ("robots.txt", "sitemap", "feed")
#: Redirects that only add a trailing slash (``/about`` to ``/about/``) seen before the crawl
#: asks for the slashed address of such links at once, saving the site a request each.
SLASH_EVIDENCE = 2


@dataclass(order=True)
class _Queued:
    priority: int
    rank: int  # among news and blog pages: a section's index, then what it lists, then others
    depth: int
    seq: int
    url: str = field(compare=False)
    anchor: str = field(compare=False, default="")
    found_on: str = field(compare=False, default="")
    kind: str = field(compare=False, default="other")
    stale: bool = field(compare=False, default=False)  # queued again with a better rank


class _Crawl:
    def __init__(self, start: str, settings: CrawlSettings, fetcher: Fetcher,
                 on_page: Callable[[Page | None, str], None] | None):
        self.start, self.settings, self.fetcher = start, settings, fetcher
        self.on_page = on_page or (lambda page, url: None)
        self.result = CrawlResult(start_url=start)
        self.frontier: list[_Queued] = []
        self.pending: dict[str, _Queued] = {}  # queued and not read yet, by URL
        self.seen: set[str] = set()
        self.skipped: set[str] = set()
        self.bodies: dict[str, str] = {}  # digest of each body read: the address it came from
        self.fetched_kinds: Counter[str] = Counter()
        self.fetched_folders: Counter[str] = Counter()  # "other" pages read, by top folder
        self.seq = itertools.count()
        self.sitemap_overflow: list[tuple[str, str]] = []  # (url, sitemap) past the URL cap
        self.feed_overflow: list[tuple[str, str]] = []  # (href, page) past the feed cap
        self.feeds_read = 0
        #: the path the site lives under: the start URL's folder ("/" for the whole host)
        self.base = site_folder(start)
        #: requests: the fetcher's count when the crawl began, the free ones used (of
        #: FREE_REQUESTS), and what every request went to ("pages", "redirects", ...)
        self.sent_before = fetcher.adapter.requests_sent
        self.free_used: set[str] = set()
        self.spent: Counter[str] = Counter()
        self.fetched_urls: dict[str, str] = {}  # each address fetched: where it was read
        self.folder_urls: dict[str, str] = {}  # the same with /x/index.html as /x/
        #: slashless links the site redirected to add a slash ("added"), answered as they
        #: were ("kept"), or whose slashed address was not there ("missed")
        self.slash: Counter[str] = Counter()
        self.resolved: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    # bookkeeping ------------------------------------------------------------------------------
    def skip(self, url: str, reason: str, detail: str = "", found_on: str = "") -> None:
        if url in self.skipped:
            return
        self.skipped.add(url)
        self.result.skipped.append(Skip(url=url, reason=reason, detail=detail, found_on=found_on))
        log.info("skipped %s: %s %s", url, reason, detail)

    def priority(self, kind: str, url: str = "") -> int:
        """Lower is read first: by kind, a kind past its quota later, ordinary pages of a
        folder already read FOLDER_QUOTA times later (a podcast's hundredth episode), archive
        pages last."""
        base = KIND_PRIORITY.get(kind, 20)
        if kind in ("other", "blog", "news") and _ARCHIVE.search(urlsplit(url).path):
            base = max(base, _ARCHIVE_PRIORITY)
        if self.fetched_kinds[kind] >= KIND_QUOTA.get(kind, 10**6):
            base += _DEMOTED
        elif kind == "other" and url:
            folder = self.folder_of(url)
            if folder and self.fetched_folders[folder] >= FOLDER_QUOTA:
                base += _DEMOTED
        return base

    def folder_of(self, url: str) -> str:
        """The top folder of a page inside the site (``podcast`` for ``/podcast/84/``), or ""
        for a page at the site's top level."""
        path = urlsplit(site_path(url, self.base)).path
        segments = [s for s in path.split("/") if s]
        return segments[0] if len(segments) > 1 else ""

    def discover(self, href: str, base: str, depth: int, anchor: str = "",
                 listed: bool = False) -> None:
        """Queue the link ``href`` found on ``base`` (``listed``: on a news or blog index,
        which lists its posts newest first), or record why it is left out."""
        url, problem = self.resolve(base, href)
        if problem:
            self.skip(href.strip()[:300], problem, found_on=base)
            return
        if url is not None and listed and url in self.pending:
            self.promote(self.pending[url], depth)
        if url is None or url in self.seen:
            return
        self.seen.add(url)
        if not same_site(url, self.start):
            self.skip(url, "off-site", found_on=base)
            return
        if not self.in_site(url) and not _DOCUMENT.search(url.split("?")[0]):
            self.skip(url, "outside path", f"the site lives under {self.base}", base)
            return
        trap = trap_reason(url)
        if trap:
            self.skip(url, trap, found_on=base)
            return
        if _NOT_A_PAGE.search(urlsplit(url).path):
            self.skip(url, "unsupported type", "a file that is not a page, by its name", base)
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
        kind = self.kind_of(url, anchor)
        rank = 2
        if kind in _DATED:
            first_index = is_listing(url) and not _PAGINATION.search(url)
            rank = 0 if first_index else 1 if listed else 2
        item = _Queued(self.priority(kind, url), rank, depth, next(self.seq), url, anchor, base,
                       kind)
        self.pending[url] = item
        heapq.heappush(self.frontier, item)

    def resolve(self, base: str, href: str) -> tuple[str | None, str | None]:
        """``resolve(base, href)``, worked out once per crawl for a link that many pages
        share (a menu's ``/about/`` resolves the same on every page of the host)."""
        link = (href or "").strip()
        if link.startswith("/") and not link.startswith("//"):
            # only the scheme and host of ``base`` count: its text up to the path's slash
            cut = base.find("/", base.find("://") + 3)
            key = (base if cut < 0 else base[:cut], link)
        elif link.lower().startswith(("http://", "https://")):
            key = ("", link)
        elif (link[:1].isalnum() or link[:1] == ".") and ";" not in link:
            # a relative path: only the folder of ``base`` counts (``x.html`` on /a/b and on
            # /a/c is /a/x.html)
            path = base.split("#", 1)[0].split("?", 1)[0]
            key = (path[:path.rfind("/") + 1] if path.count("/") >= 3 else base, link)
        else:
            key = (base, link)
        found = self.resolved.get(key)
        if found is None:
            found = self.resolved[key] = resolve(base, link)
        return found

    def promote(self, item: _Queued, depth: int) -> None:
        """A post queued from elsewhere and now found on its section's index takes its place
        in the index's order."""
        if item.kind not in _DATED or item.rank <= 1:
            return
        item.stale = True
        again = dataclasses.replace(item, rank=1, depth=depth, seq=next(self.seq), stale=False)
        self.pending[item.url] = again
        heapq.heappush(self.frontier, again)

    def in_site(self, url: str) -> bool:
        """True when ``url`` lies under the path the site lives in (the host is checked
        apart); the folder itself without its slash (``/org``) counts."""
        path = urlsplit(url).path or "/"
        return path.startswith(self.base) or path + "/" == self.base

    def kind_of(self, url: str, anchor: str = "", types: tuple[str, ...] = ()) -> str:
        """The kind of page ``url`` points to, judged from its path inside the site (so a
        site under ``/news-org/`` is not all news, and its folder is its home page)."""
        if self.base != "/" and self.in_site(url):
            url = site_path(url, self.base)
        return guess_kind(url, anchor, types)

    def next_queued(self) -> _Queued | None:
        while self.frontier:
            item = heapq.heappop(self.frontier)
            if item.stale:
                continue
            now = self.priority(item.kind, item.url)
            if now > item.priority:  # its kind filled its quota since it was queued
                item.priority = now
                heapq.heappush(self.frontier, item)
                continue
            self.pending.pop(item.url, None)
            return item
        return None

    # the request budget ---------------------------------------------------------------------
    def requests_made(self) -> int:
        return self.fetcher.adapter.requests_sent - self.sent_before

    def budget_left(self) -> int:
        """Requests the page budget still allows: ``max_pages`` less every request made so
        far but robots.txt, one sitemap and one feed."""
        return self.settings.max_pages - (self.requests_made() - len(self.free_used))

    def spending(self) -> str:
        """What the crawl's requests went to, for a user: "37 pages read; 42 requests: 38 for
        pages, 2 for sitemaps, 1 for redirects, 1 for robots.txt" (pages from the cache cost
        none)."""
        names = {"pages": "for pages", "redirects": "for redirects", "sitemaps": "for sitemaps",
                 "feeds": "for feeds", "not read": "for pages that failed",
                 "robots.txt": "for robots.txt"}
        parts = [f"{self.spent[key]} {label}" for key, label in names.items()
                 if self.spent[key]]
        return (f"{len(self.result.pages)} pages read; {self.requests_made()} requests"
                f"{': ' if parts else ''}{', '.join(parts)}")

    def fetch(self, url: str, purpose: str, free: str = "", gzip_file: bool = False,
              read_already: Container[str] = ()) -> Fetched:
        """Fetch ``url`` for ``purpose`` ("pages", "sitemaps", "feeds") out of the page
        budget (the first request for a ``free`` one of FREE_REQUESTS costs it nothing), and
        count what the requests went to.

        Raises:
            FetchError: as Fetcher.fetch; reason ``page budget`` when no request is left.
        """
        first_free = bool(free) and free not in self.free_used
        left = self.budget_left() + first_free
        if left <= 0:
            raise FetchError(url, f"{url} was not fetched: the crawl's requests are spent "
                                  f"(max_pages={self.settings.max_pages}; "
                                  f"{self.spending()})", reason="page budget")
        before = self.requests_made()
        try:
            fetched = self.fetcher.fetch(url, stay_on=self.start, gzip_file=gzip_file,
                                         max_requests=left, read_already=read_already)
        except FetchError:
            self.charge(before, free, "not read" if purpose == "pages" else purpose)
            raise
        self.charge(before, free, purpose)
        return fetched

    def charge(self, before: int, free: str, purpose: str) -> None:
        cost = self.requests_made() - before
        if cost and free:
            self.free_used.add(free)
        self.spent[purpose] += cost

    # trailing slashes ---------------------------------------------------------------------
    def slashed(self, url: str) -> str:
        """The address to ask for ``url``: with a trailing slash added when the site has
        redirected such links to their slashed address SLASH_EVIDENCE times and more often
        than it answered them (or lacked the slashed page)."""
        parts = urlsplit(url)
        last = parts.path.rsplit("/", 1)[-1]
        if not last or "." in last:
            return url
        s = self.slash
        if s["added"] >= SLASH_EVIDENCE and s["added"] > 2 * (s["kept"] + s["missed"]):
            return _slashed(url)
        return url

    def learn_slash(self, asked: str, fetched: Fetched) -> None:
        parts = urlsplit(asked)
        last = parts.path.rsplit("/", 1)[-1]
        if not last or "." in last:
            return
        if not fetched.redirects:
            self.slash["kept"] += 1
        elif fetched.redirects[0] == _slashed(asked):
            self.slash["added"] += 1

    # discovery from sitemaps and feeds -----------------------------------------------------------
    def sitemap_candidates(self, home: str) -> tuple[list[str], list[str]]:
        """The sitemaps robots.txt declares, and ``sitemap.xml`` both at the server root and
        in the folder the site lives in (``/org/sitemap.xml``, and the home page's folder if
        the start page redirected elsewhere), whether robots.txt declares any or not."""
        declared = list(self.fetcher.robots(self.start).sitemaps)
        guessed = [origin(self.start) + "/sitemap.xml"]
        for folder in (self.base, site_folder(home)):
            guessed.append(origin(home) + folder + "sitemap.xml")
        return declared, [g for g in dict.fromkeys(guessed) if g not in declared]

    def read_sitemaps(self, home: str) -> None:
        """Discover pages from the sitemaps, following a sitemap index's children (plain or
        ``.xml.gz``) up to MAX_SITEMAPS sitemaps read and MAX_SITEMAP_URLS page URLs of the
        site taken; what is left out is recorded. A guessed sitemap that is not there costs
        one request and is not counted. The first sitemap request is free; the others come
        out of the page budget."""
        declared, guessed = self.sitemap_candidates(home)
        queue = declared + guessed
        found_on = dict.fromkeys(declared, "robots.txt") | dict.fromkeys(guessed, "")
        taken = read = 0
        for sitemap in queue:
            if not same_site(sitemap, self.start):  # the crawl stays on the site
                self.skip(sitemap, "off-site", "a sitemap on another site", found_on[sitemap])
                continue
            if read >= MAX_SITEMAPS:
                self.skip(sitemap, "sitemap limit", f"only {MAX_SITEMAPS} sitemaps are read "
                                                    "per crawl", found_on[sitemap])
                continue
            try:
                fetched = self.fetch(sitemap, "sitemaps", free="sitemap", gzip_file=True)
            except FetchError as exc:
                if sitemap not in guessed or exc.reason not in ("HTTP 404", "HTTP 410"):
                    self.skip(sitemap, exc.reason, str(exc), found_on[sitemap])
                    read += 1
                continue
            read += 1
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
            for href in pages:
                url, _problem = self.resolve(sitemap, href)
                counts = url is not None and same_site(url, self.start) and self.in_site(url)
                if not counts or taken < MAX_SITEMAP_URLS:  # others are recorded by discover
                    self.discover(href, sitemap, 1)
                    taken += counts
                else:
                    self.sitemap_overflow.append((href, sitemap))

    def record_sitemap_overflow(self) -> None:
        """Record the sitemap URLs left out for the URL cap that the crawl never met."""
        for href, sitemap in self.sitemap_overflow:
            url, problem = self.resolve(sitemap, href)
            if url is not None and not problem and url not in self.seen:
                self.skip(url, "sitemap limit", f"the sitemaps list more than "
                                                f"{MAX_SITEMAP_URLS} pages", sitemap)

    def record_feed_overflow(self) -> None:
        """Record the feeds left out for the feed cap that the crawl never read."""
        for href, page in self.feed_overflow:
            url, problem = resolve(page, href)
            if url is not None and not problem and url not in self.seen:
                self.skip(url, "feed limit", f"only {MAX_FEEDS} feeds are read per crawl", page)

    def read_feed(self, href: str, base: str) -> None:
        url, problem = resolve(base, href)
        if not url or problem or url in self.seen:
            return
        if not same_site(url, self.start):
            self.seen.add(url)
            self.skip(url, "off-site", found_on=base)
            return
        if self.feeds_read >= MAX_FEEDS:
            self.feed_overflow.append((href, base))
            return
        self.seen.add(url)
        self.feeds_read += 1
        try:
            fetched = self.fetch(url, "feeds", free="feed")
        except FetchError as exc:
            self.skip(url, exc.reason, str(exc), base)
            return
        entries = parse_feed(fetched.body, fetched.final_url)
        self.result.feed_entries.extend(entries)
        for entry in entries:
            self.discover(entry.url, url, 1, entry.title)

    # the crawl ----------------------------------------------------------------------------------
    def fetch_page(self, item: _Queued) -> Fetched | None:
        """Fetch a queued page out of the budget (asking for its slashed address when the
        site adds slashes), or record why not. A page whose address was read already costs
        no request."""
        url = self.slashed(item.url)
        known = self.fetched_urls.get(url) or (
            self.folder_urls.get(_index_alias(url)) if self.slash["index"] else None)
        if known:
            self.skip(item.url, "duplicate", f"the same page as {known}, read already",
                      item.found_on)
            return None
        before = self.requests_made()
        try:
            fetched = self.fetch(url, "pages", read_already=self.fetched_urls)
        except FetchError as exc:
            if exc.reason == "duplicate" and _slashed(url) in self.fetched_urls:
                self.slash["added"] += 1  # it redirected to its slashed address, read already
            if url == item.url or exc.reason not in ("HTTP 404", "HTTP 410"):
                self.skip(item.url, exc.reason, str(exc), item.found_on)
                return None
            self.slash["missed"] += 1  # the site has no slashed page here: ask as linked
            url = item.url
            try:
                fetched = self.fetch(url, "pages", read_already=self.fetched_urls)
            except FetchError as exc:
                self.skip(item.url, exc.reason, str(exc), item.found_on)
                return None
        self.learn_slash(url, fetched)
        hops = min(len(fetched.redirects), max(0, self.requests_made() - before - 1))
        self.spent["pages"] -= hops  # a redirect costs a request, not a page
        self.spent["redirects"] += hops
        for seen in (url, fetched.final_url):
            self.fetched_urls.setdefault(seen, fetched.final_url)
            self.folder_urls.setdefault(_index_alias(seen), fetched.final_url)
        again = self.pending.pop(fetched.final_url, None)
        if again is not None and again is not item:  # queued under its final address too
            again.stale = True
        return fetched

    def read(self, item: _Queued) -> Page | None:
        fetched = self.fetch_page(item)
        if fetched is None:
            return None
        digest = hashlib.sha1(fetched.body).hexdigest()
        if digest in self.bodies:
            if _index_alias(fetched.final_url) == _index_alias(self.bodies[digest]):
                self.slash["index"] += 1  # the site serves /x/index.html as /x/
            self.skip(item.url, "duplicate", "same content as a page already read", item.found_on)
            return None
        self.bodies[digest] = fetched.final_url
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
            extracted = extract_html(fetched, item.depth, item.anchor, home=item.depth == 0,
                                     base=self.base)
        except ExtractError as exc:
            self.skip(item.url, "unreadable", str(exc), item.found_on)
            return None
        page = extracted.page
        if item.depth == 0:
            self.settle_base(page.url, extracted.links)
        self.judge_kind(page, item, fetched)
        if page.kind in ("home", "news", "blog") and extracted.feeds:
            for feed in extracted.feeds:
                self.read_feed(feed, page.url)
        listed = page.kind in _DATED and is_listing(page.url)
        for href, anchor in extracted.links:
            self.discover(href, page.url, item.depth + 1, anchor, listed)
        return page

    def settle_base(self, home: str, links: list[tuple[str, str]]) -> None:
        """Keep the start URL's folder as the site's path only if the start page links to
        another page under it: a start page whose links all leave its folder is one page of
        a site at the host's root (``/about-us/``), and the whole host is the site. A start
        page that redirected out of its folder (``/org/`` to ``/org-2024/``) moves the site
        to the folder it redirected to."""
        if same_site(home, self.start) and not self.in_site(home):
            self.base = site_folder(home)
        if self.base == "/":
            return
        own = {self.start, home}
        for href, _anchor in links:
            url, problem = self.resolve(home, href)
            if url and not problem and url not in own and same_site(url, self.start) \
                    and self.in_site(url):
                return
        log.info("%s links to nothing under %s: the whole host is the site", home, self.base)
        self.base = "/"

    def judge_kind(self, page: Page, item: _Queued, fetched) -> None:
        """The start page is the site's home page, wherever it lives; a page of a site under a
        path has the kind its path inside the site says, unless what it holds said more. A
        page whose kind changes gets the structure and date that kind keeps."""
        if page.media_type == "application/pdf":
            return
        if item.depth == 0:
            kind = "home"
        elif self.base == "/":
            return
        else:
            types = schema_types(page.metadata)
            if page.kind != guess_kind(page.url, item.anchor, types):  # its content decided
                return
            kind = self.kind_of(page.url, item.anchor, types)
        if kind != page.kind:
            page.kind = kind
            rekind_page(page, fetched)

    def run(self) -> CrawlResult:
        result = self.result
        before = self.requests_made()
        try:
            policy = self.fetcher.robots(self.start)
        except FetchError as exc:
            self.charge(before, "robots.txt", "robots.txt")
            result.error = (f"Could not read {self.start}: {exc}. Check the address and "
                            "your network, or that the site is up, and try again.")
            self.skip(self.start, exc.reason, str(exc))
            return self.finish()
        self.charge(before, "robots.txt", "robots.txt")
        result.robots = policy.status
        self.seen.add(self.start)
        if not policy.allows(self.start):
            self.skip(self.start, "robots", f"robots.txt ({policy.status}) disallows it")
            result.error = (f"The robots.txt of {origin(self.start)} does not allow crawling "
                            f"{self.start} ({policy.status}). infolib respects that: research "
                            "this organisation by hand, or start from a page it allows.")
            return self.finish()
        heapq.heappush(self.frontier, _Queued(0, 0, 0, next(self.seq), self.start))
        sitemaps_read = False
        attempts, most = 0, self.settings.max_pages * ATTEMPTS_PER_PAGE
        while len(result.pages) < self.settings.max_pages and attempts < most \
                and self.budget_left() > 0:
            attempts += 1
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
                if page.kind == "other":
                    self.fetched_folders[self.folder_of(item.url)] += 1
            self.on_page(page, item.url)
        if len(result.pages) >= self.settings.max_pages:
            why = f"max_pages={self.settings.max_pages} reached"
        elif self.budget_left() <= 0:
            why = (f"the requests of max_pages={self.settings.max_pages} are spent "
                   f"({self.spending()})")
        else:
            why = (f"{attempts} URLs tried for max_pages={self.settings.max_pages}, most of "
                   "them unreadable")
        log.info("%s: %s", self.start, self.spending())
        for item in sorted(i for i in self.frontier if not i.stale):
            self.skip(item.url, "page budget", why, item.found_on)
        self.record_sitemap_overflow()
        self.record_feed_overflow()
        retitle_shared(result.pages)  # a site that gives every page the same <title>
        if not result.pages:
            first = result.skipped[0] if result.skipped else None
            why = f"{first.reason}: {first.detail}" if first else "no page was found"
            result.error = f"No page could be read from {self.start} ({why})."
        return self.finish()

    def finish(self) -> CrawlResult:
        self.result.finished = datetime.now(UTC)
        self.result.requests = self.requests_made()
        return self.result


def rekind_page(page: Page, fetched) -> None:
    """Give ``page`` (now of kind ``page.kind``) the structure and publication date that kind
    keeps (extraction judged them for the kind its full URL suggested). Never raises."""
    from infolib.web.structure import page_blocks

    try:
        text = strip_controls(decode_html(fetched.body, fetched.headers.get("Content-Type")))
        tree = parse_html(text, page.url)
        page.blocks = page_blocks(tree, page.kind)
        if page.published is None:
            page.published = published_date(tree, page.metadata, page.url, page.kind,
                                            page.retrieved.date())
    except (ExtractError, ValueError, TypeError) as exc:
        log.info("%s: structure not read again (%s)", page.url, exc)


def _slashed(url: str) -> str:
    """``url`` with a slash added to its path (``/about`` to ``/about/``)."""
    parts = urlsplit(url)
    return normalise(parts._replace(path=parts.path + "/").geturl())


def _index_alias(url: str) -> str:
    """``https://host/x/`` for ``https://host/x/index.html`` (or ``index.htm``)."""
    parts = urlsplit(url)
    head, _, last = parts.path.rpartition("/")
    if last.lower() in ("index.html", "index.htm"):
        return parts._replace(path=head + "/").geturl()
    return url


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
