"""What is new and who is hiring: news and blog posts (article pages, the posts section indexes
list, feed entries), job postings (schema.org ``JobPosting``, job pages, the roles a careers page
lists), and whether the organisation is hiring."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from infolib.models import Fact, FeedEntry, NewsItem, OpenRole, Page
from infolib.research.schemaorg import items_of, locality, text_of, types_of
from infolib.web.extract import fold, guess_kind, is_listing, sane_date

#: Titles that name a section, never one post.
GENERIC_TITLES = {"search", "blog", "news", "home", "homepage", "posts", "post", "all posts",
                  "archive", "archives", "page", "index", "untitled", "read more", "more",
                  "latest", "latest news", "newsroom", "press", "press releases", "events",
                  "updates", "menu", "404", "not found", "page not found", "blog posts",
                  "recent posts", "articles", "stories", "jobs", "careers", "about", "about us",
                  "contact", "team", "overview", "donate"}
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|source)$", re.I)
_POST_KINDS = ("news", "blog")
# how much a title or date from each origin is trusted (higher wins)
_DATE_RANK = {"schema.org": 4, "meta": 4, "page": 4, "feed": 3, "listing": 3, "htmldate": 1}


def canonical_url(url: str, base: str = "", aliases: dict[str, str] | None = None) -> str:
    """One spelling per page: resolved against ``base``, without fragment, tracking
    parameters, ``index.html`` or a trailing slash, host in lower case; an address the site
    names as another page's canonical one (``aliases``, see ``site_aliases``) is that page's."""
    try:
        parts = urlsplit(urljoin(base, (url or "").strip()))
    except ValueError:
        return (url or "").strip()
    path = re.sub(r"/index\.html?$", "/", parts.path or "/", flags=re.I)
    path = path.rstrip("/") or "/"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.match(k)])
    host = parts.netloc.lower()
    if aliases:
        key = urlunsplit(("", host, path, query, ""))
        if key in aliases:
            return aliases[key]
        host = aliases.get(host, host)
    return urlunsplit(("http" if parts.scheme.lower() in ("http", "https") else parts.scheme,
                       host, path, query, ""))


def site_aliases(pages: list[Page]) -> dict[str, str]:
    """Other spellings of the pages read: each page's canonical address (``<link
    rel=canonical>``, og:url) -> the page, and a production host the site names in them ->
    the host it was read from (so a feed's absolute links to the production site meet the
    pages read)."""
    aliases: dict[str, str] = {}
    hosts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        named = page.metadata.get("canonical") or ""
        if not named.startswith(("http://", "https://")):
            continue
        mine, theirs = canonical_url(page.url), canonical_url(named)
        if mine == theirs:
            continue
        aliases[urlunsplit(("",) + tuple(urlsplit(theirs))[1:])] = mine
        a, b = urlsplit(mine), urlsplit(theirs)
        if a.netloc != b.netloc and a.path == b.path:
            hosts[(b.netloc, a.netloc)] += 1
    for (theirs, mine), count in hosts.items():
        if count >= 2:  # named so on several pages: the same site under another name
            aliases.setdefault(theirs, mine)
    return aliases


def _words(title: str) -> int:
    return len([w for w in (title or "").split() if re.search(r"\w", w)])


def site_wide_titles(pages: list[Page]) -> set[str]:
    """Titles several different pages share: the site's name, not any page's title."""
    counts = Counter(fold(p.title) for p in pages if p.media_type != "application/pdf")
    return {t for t, n in counts.items() if t and n >= 2}


def headline(page: Page, shared: set[str] | None = None) -> str:
    """A page's own title: its JSON-LD headline, else its title unless several pages share
    it (then the main content's first heading)."""
    for item in page.metadata.get("jsonld", []):
        if item.get("headline"):
            return text_of(item["headline"])
    if shared and fold(page.title) in shared:
        return page.metadata.get("headline") or page.title
    return page.title or page.metadata.get("headline", "")


def build_stamps(pages: list[Page]) -> set[date]:
    """Dates that many pages carry in their head (``<meta name="date">``): when the site was
    generated, not when anything on it was published."""
    from infolib.models import scraped_date
    from infolib.web.extract import date_in_text

    counts = Counter(scraped_date(p.metadata.get("stamp")) or date_in_text(p.metadata.get("stamp")
                                                                            or "")
                     for p in pages if p.metadata.get("stamp"))
    counts.pop(None, None)
    return {d for d, n in counts.items() if n >= 3}


@dataclass
class _Post:
    url: str
    title: str = ""
    title_rank: int = 0
    published: date | None = None
    date_rank: int = 0
    source: str = ""
    retrieved: date | None = None
    real_title: bool = False  # the title of the post's own page

    def offer(self, title: str, title_rank: int, published: date | None, date_rank: int,
              real: bool = False) -> None:
        if title and title_rank > self.title_rank:
            self.title, self.title_rank, self.real_title = title, title_rank, real
        if published and date_rank > self.date_rank:
            self.published, self.date_rank = published, date_rank


def find_news(pages: list[Page], feed_entries: list[FeedEntry],
              founded: int | None = None) -> list[NewsItem]:
    """News and blog posts, newest first (undated ones last), each once however its address
    is spelt: from the posts' own pages, the dated cards of the section's index pages and the
    site's feeds. Index, tag and archive pages are not posts; titles under three words are
    left out unless they are the post's own title; impossible or placeholder dates are
    dropped (the post stays, undated)."""
    if not pages:
        return []
    base = pages[0].url
    shared = site_wide_titles(pages)
    stamps = build_stamps(pages)
    aliases = site_aliases(pages)
    read = {canonical_url(p.url): p for p in pages}
    posts: dict[str, _Post] = {}

    def post(url: str, source: str, retrieved: date) -> _Post:
        key = canonical_url(url, base, aliases)
        if key not in posts:
            posts[key] = _Post(url=urljoin(base, url), source=source, retrieved=retrieved)
        return posts[key]

    for page in pages:
        day = page.retrieved.date()
        if page.kind in _POST_KINDS and not is_listing(page.url) \
                and page.media_type != "application/pdf":
            source = page.metadata.get("date_source", "")
            published = sane_date(page.published, day, founded)
            if published in stamps and source in ("meta", "htmldate"):
                published = None  # the day the site was built
            found = post(page.url, page.url, day)
            found.offer(headline(page, shared), 3, published, _DATE_RANK.get(source, 1),
                        real=True)
            found.source, found.url = page.url, page.url  # the post's own page says it best
        for card in page.metadata.get("listing") or []:
            url = card.get("url", "")
            if page.kind not in _POST_KINDS and guess_kind(url) not in _POST_KINDS:
                continue
            if is_listing(urljoin(page.url, url)) or canonical_url(url, base, aliases) == \
                    canonical_url(page.url):
                continue
            found = post(url, page.url, day)
            found.offer(card.get("title", ""), 1, sane_date(card.get("published"), day, founded),
                        _DATE_RANK["listing"])
    first_day = min(p.retrieved for p in pages).date()
    for entry in feed_entries:
        key = canonical_url(entry.url, base, aliases)
        page = read.get(key)
        if page is not None and page.kind not in _POST_KINDS:
            continue  # the feed announces a page that is not a post (a docs feed)
        if is_listing(urljoin(base, entry.url)):
            continue
        kind = guess_kind(urljoin(base, entry.url))
        if page is None and kind not in _POST_KINDS and (kind != "other"
                                                         or _words(entry.title) < 3):
            continue
        found = post(entry.url, urljoin(base, entry.url), first_day)
        found.offer(entry.title, 2, sane_date(entry.published, first_day, founded),
                    _DATE_RANK["feed"])
    news = []
    for item in posts.values():
        title = " ".join((item.title or "").split())
        if not title or fold(title) in {fold(t) for t in GENERIC_TITLES}:
            continue
        if _words(title) < 3 and not item.real_title:
            continue
        news.append(NewsItem(source=item.source, retrieved=item.retrieved, title=title,
                             url=_clean_url(item.url), published=item.published))
    news.sort(key=lambda n: (n.published is not None, n.published or date.min), reverse=True)
    return news


def _clean_url(url: str) -> str:
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


#: A posting older than this, that no careers page lists and that gives no closing day, is stale.
STALE_DAYS = 365
_JOB_WORDS = re.compile(r"\b(responsibilit|requirement|qualification|apply|applicants?|experience"
                        r"|salary|skills|you will|what you['’]ll|the role|the position|candidate"
                        r"|full[- ]time|part[- ]time|remote)", re.I)


def find_roles(pages: list[Page]) -> tuple[list[OpenRole], list[OpenRole], Fact | None]:
    """(open roles, closed roles, whether the organisation is hiring).

    Roles come from schema.org ``JobPosting`` items, job pages and the postings a careers page
    lists (a job page, a PDF job description or a job board). A posting is closed when its
    ``validThrough`` has passed, when its page says it is closed or filled, when the careers
    page says the organisation is not hiring, or when no careers page lists it and it was
    posted over a year before it was read with no closing day (a leftover page). Hiring is
    False when a careers page says so or every posting found is closed, True with an open
    role, None when the site does not address hiring."""
    if not pages:
        return [], [], None
    base = pages[0].url
    shared = site_wide_titles(pages)
    by_url = {canonical_url(p.url): p for p in pages}
    roles: dict[str, dict] = {}

    def add(title: str, url: str, page: Page, *, location: str = "", posted=None,
            valid=None, closed: bool = False, listed: bool = False) -> None:
        fragment = urlsplit(url).fragment  # one page's several postings
        key = canonical_url(url, base) + (f"#{fragment}" if fragment else "")
        day = page.retrieved.date()
        role = roles.get(key)
        if role is None:
            role = roles[key] = {"title": title, "url": urljoin(base, url), "source": page.url,
                                 "retrieved": day, "location": location, "posted": posted,
                                 "valid": valid, "closed": closed, "listed": listed}
        else:
            if listed and title:  # what the careers page calls it
                role["title"], role["listed"] = title, True
            role["location"] = role["location"] or location
            role["posted"] = role["posted"] or posted
            role["valid"] = role["valid"] or valid
            role["closed"] = role["closed"] or closed
        target = by_url.get(key)
        if target is not None and target.metadata.get("posting_status") == "closed":
            role["closed"] = True

    postings = Counter(page.url for page, item in items_of(pages)
                       if "JobPosting" in types_of(item))
    for page, item in items_of(pages):
        if "JobPosting" in types_of(item):
            valid = _any_date(item.get("validThrough"))
            expired = valid is not None and valid < page.retrieved.date()
            title = text_of(item.get("title")) or text_of(item.get("name")) \
                or headline(page, shared)
            url = text_of(item.get("url")) or page.url
            if postings[page.url] > 1 and url == page.url:  # several postings on one page
                url = f"{page.url}#{fold(title)}"
            add(title, url, page,
                location=locality(item.get("jobLocation")),
                posted=sane_date(item.get("datePosted"), page.retrieved.date()), valid=valid,
                closed=expired or page.metadata.get("posting_status") == "closed")
    for page in pages:
        listed = page.metadata.get("role_links") or []
        if page.kind == "careers" or (page.kind == "job" and len(listed) >= 2):
            for link in listed:  # a page that lists postings is not one itself
                add(link.get("title", ""), link.get("url", ""), page, listed=True)
        elif page.kind == "job" and page.media_type != "application/pdf" \
                and len({m.lower() for m in _JOB_WORDS.findall(page.text or "")}) >= 2 \
                and postings[page.url] == 0:
            add(headline(page, shared), page.url, page, posted=page.published,
                closed=page.metadata.get("posting_status") == "closed")
    not_hiring = next((p for p in pages if p.kind in ("careers", "job")
                       and p.metadata.get("not_hiring")), None)
    open_roles, closed_roles = [], []
    for role in roles.values():
        still_valid = role["valid"] is not None and role["valid"] >= role["retrieved"]
        # a posting no careers page lists, posted over a year ago and valid through no later
        # day, is a leftover page, not an opening
        stale = not role["listed"] and role["valid"] is None and role["posted"] is not None \
            and (role["retrieved"] - role["posted"]).days > STALE_DAYS
        closed = role["closed"] or stale or (not_hiring is not None and not still_valid)
        (closed_roles if closed else open_roles).append(OpenRole(
            source=role["source"], retrieved=role["retrieved"], title=role["title"],
            url=role["url"], location=role["location"], posted=role["posted"],
            valid_through=role["valid"]))
    hiring = None
    if not_hiring is not None and not open_roles:
        hiring = Fact(source=not_hiring.url, retrieved=not_hiring.retrieved.date(), value=False)
    elif open_roles:
        first = open_roles[0]
        hiring = Fact(source=first.source, retrieved=first.retrieved, value=True)
    elif closed_roles:
        first = closed_roles[0]
        hiring = Fact(source=first.source, retrieved=first.retrieved, value=False)
    return open_roles, closed_roles, hiring


def _any_date(value) -> date | None:
    from infolib.models import scraped_date

    return scraped_date(text_of(value) if isinstance(value, list | dict) else value)
