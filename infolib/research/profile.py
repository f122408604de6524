"""Build a sourced company profile from crawled pages.

Structured metadata (schema.org JSON-LD or microdata) is trusted first; the pages' own headings
and sentences fill what it leaves out. Every fact keeps the URL it came from and the date that
page was retrieved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from infolib.models import (
    CompanyProfile,
    Document,
    Fact,
    FeedEntry,
    Item,
    NewsItem,
    OpenRole,
    Page,
    Person,
    Product,
    Skip,
    scraped_date,
)
from infolib.web.extract import guess_kind

ORG_TYPES = {"Organization", "Corporation", "LocalBusiness", "NGO", "EducationalOrganization",
             "GovernmentOrganization", "NewsMediaOrganization", "OnlineBusiness", "Company"}
SOCIAL_HOSTS = {"linkedin.com": "LinkedIn", "twitter.com": "X (Twitter)", "x.com": "X (Twitter)",
                "github.com": "GitHub", "gitlab.com": "GitLab", "youtube.com": "YouTube",
                "facebook.com": "Facebook", "instagram.com": "Instagram",
                "mastodon.social": "Mastodon", "bsky.app": "Bluesky", "medium.com": "Medium",
                "crunchbase.com": "Crunchbase", "glassdoor.com": "Glassdoor",
                "wikipedia.org": "Wikipedia", "tiktok.com": "TikTok", "threads.net": "Threads"}
_NAME = re.compile(r"^[A-Z][\w'’.-]+(?:[ -][A-Z][\w'’.-]+){1,3}$")
_ROLE_WORDS = re.compile(r"\b(chief|ceo|cto|cfo|coo|officer|founder|co-founder|director|head|"
                         r"president|vp|vice|manager|lead|partner|chair|chairman|chairwoman|"
                         r"board|engineer|principal|secretary|treasurer)\b", re.I)
_FOUNDED = re.compile(r"\b(?:founded|established|started|set up|launched)\b[^.]{0,60}?"
                      r"\b((?:19|20)\d{2})\b", re.I)
_EMPLOYEES = re.compile(r"\b(?:around|about|over|more than|nearly|some|approximately)?\s*"
                        r"(\d{1,3}(?:,\d{3})*|\d+)\s+(?:employees|people|staff|colleagues|"
                        r"team members)\b", re.I)
_HQ = re.compile(r"\b(?:headquartered|head office is|headquarters (?:is|are)|based) in "
                 r"([A-Z][\w .'-]+?(?:, [A-Z][\w .'-]+)?)(?=[.,;]| and\b| with\b)")
_MISSION_HEAD = re.compile(r"\b(mission|purpose|why we exist)\b", re.I)
_VALUES_HEAD = re.compile(r"\b(values|principles|what we believe|how we work)\b", re.I)


def _types(item: dict) -> set[str]:
    t = item.get("@type") or []
    return {str(x).rsplit("/", 1)[-1] for x in (t if isinstance(t, list) else [t])}


def _items(pages: Iterable[Page]):
    for page in pages:
        for item in page.metadata.get("jsonld", []) + page.metadata.get("microdata", []):
            if isinstance(item, dict):
                yield page, item


def _text(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return " ".join(str(value or "").split())


def _address(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else {}
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, dict):
        return ""
    if "address" in value:
        return _address(value["address"])
    parts = [_text(value.get(k)) for k in ("streetAddress", "addressLocality", "postalCode",
                                           "addressRegion", "addressCountry")]
    return ", ".join(p for p in parts if p)


def _locality(value) -> str:
    if isinstance(value, dict) and "address" in value:
        value = value["address"]
    if isinstance(value, dict):
        parts = [_text(value.get("addressLocality")), _text(value.get("addressCountry"))]
        named = ", ".join(p for p in parts if p)
        return named or _text(value.get("name"))
    return _text(value)


def _employees(value) -> str:
    if isinstance(value, dict):
        if value.get("value") is not None:
            return str(value["value"])
        low, high = value.get("minValue"), value.get("maxValue")
        if low is not None and high is not None:
            return f"{low}–{high}"
    return _text(value)


def _founded(value) -> str:
    text = _text(value)
    match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not match:
        return text
    return "-".join(p for p in match.groups() if p)


class _Builder:
    def __init__(self, pages: list[Page]):
        self.pages = pages
        self.profile = CompanyProfile()
        order = ["home", "about", "contact", "team", "investors"]
        self.ranked = sorted(pages, key=lambda p: (order.index(p.kind) if p.kind in order else 9,
                                                   p.depth))

    def fact(self, key: str, value, page: Page) -> None:
        if value in (None, "") or getattr(self.profile, key) is not None:
            return
        setattr(self.profile, key, Fact(source=page.url, retrieved=page.retrieved.date(),
                                        value=value))

    def organisation(self) -> None:
        orgs = [(page, item) for page, item in _items(self.ranked) if _types(item) & ORG_TYPES
                and page.kind != "job"]
        for page, org in orgs:
            self.fact("name", _text(org.get("name") or org.get("legalName")), page)
            self.fact("description", _text(org.get("description")), page)
            self.fact("founded", _founded(org.get("foundingDate")), page)
            self.fact("headquarters", _address(org.get("address")), page)
            self.fact("employees", _employees(org.get("numberOfEmployees")), page)
            places = org.get("location") or []
            for place in places if isinstance(places, list) else [places]:
                self.location(_locality(place), page)
            founders = org.get("founder") or []
            for founder in founders if isinstance(founders, list) else [founders]:
                name = _text(founder)
                role = _text(founder.get("jobTitle")) if isinstance(founder, dict) else ""
                self.person(name, role or "Founder", page)
            same_as = org.get("sameAs") or []
            for link in same_as if isinstance(same_as, list) else [same_as]:
                self.link(str(link), page.url, page)

    def location(self, text: str, page: Page) -> None:
        text = text.strip(" ,.")
        if text and text.lower() not in {i.text.lower() for i in self.profile.locations}:
            self.profile.locations.append(Item(source=page.url, retrieved=page.retrieved.date(),
                                               text=text))

    def person(self, name: str, role: str, page: Page) -> None:
        name, role = name.strip(), role.strip()
        if not name or not _NAME.match(name):
            return
        for known in self.profile.people:
            if known.name.lower() == name.lower():
                if role and (not known.role or known.role == "Founder"):
                    known.role = role if known.role != "Founder" else f"{role} (founder)"
                return
        self.profile.people.append(Person(source=page.url, retrieved=page.retrieved.date(),
                                          name=name, role=role))

    def link(self, url: str, source: str, page: Page) -> None:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        network = next((label for h, label in SOCIAL_HOSTS.items()
                        if host == h or host.endswith("." + h)), None)
        if network and url not in {i.text for i in self.profile.links}:
            self.profile.links.append(Item(source=source, retrieved=page.retrieved.date(),
                                           text=url))

    def from_text(self) -> None:
        """Fill what metadata left out from the words of home, about and contact pages."""
        home = next((p for p in self.ranked if p.kind == "home"), None)
        if home is not None:
            og_name = home.metadata.get("opengraph", {}).get("og:site_name", "")
            self.fact("name", og_name or re.split(r"\s[|–—-]\s", home.title)[0].strip(), home)
        for page in self.ranked:
            if page.kind not in ("home", "about", "contact", "investors"):
                continue
            text = page.text
            if page.kind in ("home", "about"):
                self.fact("description", page.description, page)
            match = _FOUNDED.search(text)
            if match:
                self.fact("founded", match.group(1), page)
            match = _EMPLOYEES.search(text)
            if match:
                self.fact("employees", match.group(1).replace(",", ""), page)
            match = _HQ.search(text)
            if match:
                self.fact("headquarters", match.group(1).strip(), page)
        about = next((p for p in self.ranked if p.kind == "about" and p.text), None)
        if about is not None:
            first = next((para for para in about.text.split("\n") if len(para.split()) > 12), "")
            self.fact("description", first, about)

    def blocks(self) -> None:
        for page in self.ranked:
            for block in page.blocks:
                heading, texts, items = block["heading"], block["text"], block["items"]
                if page.kind in ("home", "about") and _MISSION_HEAD.search(heading) and texts:
                    self.fact("mission", texts[0]["text"], page)
                if page.kind in ("home", "about") and _VALUES_HEAD.search(heading):
                    for value in items or [t["text"] for t in texts]:
                        if value and value not in {v.text for v in self.profile.values}:
                            self.profile.values.append(Item(source=page.url,
                                                            retrieved=page.retrieved.date(),
                                                            text=value))
                if page.kind in ("team", "about") and block["level"] >= 2 and texts:
                    role = texts[0]["text"]
                    tagged = re.search(r"role|title|position|job", texts[0]["class"], re.I)
                    if len(role) <= 90 and (tagged or _ROLE_WORDS.search(role)):
                        self.person(heading, role, page)
                if page.kind == "product" and block["level"] == 2 and texts \
                        and urlsplit(page.url).path.rstrip("/").endswith(("services.html",
                                                                           "services")):
                    self.product(heading, texts[0]["text"], page)

    def product(self, name: str, description: str, page: Page) -> None:
        name = name.strip()
        if name and name.lower() not in {p.name.lower() for p in self.profile.products}:
            self.profile.products.append(Product(source=page.url, retrieved=page.retrieved.date(),
                                                 name=name, description=description.strip()))

    def typed_items(self) -> None:
        for page, item in _items(self.pages):
            types = _types(item)
            if "Person" in types:
                self.person(_text(item.get("name")), _text(item.get("jobTitle")), page)
            if types & {"Product", "Service", "SoftwareApplication"}:
                self.product(_text(item.get("name")), _text(item.get("description")), page)
            if "JobPosting" in types:
                location = _locality(item.get("jobLocation"))
                self.role(_text(item.get("title")) or page.title, page, location,
                          scraped_date(item.get("datePosted")))

    def role(self, title: str, page: Page, location: str = "", posted=None) -> None:
        if page.url in {r.url for r in self.profile.open_roles}:
            return
        self.profile.open_roles.append(OpenRole(source=page.url,
                                                retrieved=page.retrieved.date(), title=title,
                                                url=page.url, location=location,
                                                posted=posted or page.published))

    def page_lists(self, feed_entries: list[FeedEntry]) -> None:
        seen_news: set[str] = set()
        for page in self.pages:
            if page.kind == "job":
                self.role(page.metadata.get("headline") or page.title, page)
            elif page.kind in ("news", "blog") and page.published:
                title = _headline(page)
                self.profile.news.append(NewsItem(source=page.url,
                                                  retrieved=page.retrieved.date(), title=title,
                                                  url=page.url, published=page.published))
                seen_news.add(page.url)
            elif page.media_type == "application/pdf":
                self.profile.documents.append(Document(
                    source=page.url, retrieved=page.retrieved.date(), title=page.title,
                    url=page.url, pages=page.page_count, words=page.words))
        first_retrieved = min((p.retrieved for p in self.pages), default=None)
        for entry in feed_entries:
            if entry.url in seen_news or guess_kind(entry.url) not in ("news", "blog", "other"):
                continue
            if first_retrieved is not None:
                seen_news.add(entry.url)
                self.profile.news.append(NewsItem(source=entry.url,
                                                  retrieved=first_retrieved.date(),
                                                  title=entry.title, url=entry.url,
                                                  published=entry.published))
        self.profile.news.sort(key=lambda n: (n.published is not None, n.published), reverse=True)
        if not self.profile.products:  # no metadata: each product page's title is a product
            for page in self.pages:
                if page.kind == "product" and page.depth > 0 and page.title:
                    name = re.split(r"\s[|–—-]\s", page.title)[0].strip()
                    self.product(name, page.description, page)

    def social_links(self, skipped: list[Skip]) -> None:
        by_url = {p.url: p for p in self.pages}
        for skip in skipped:
            if skip.reason == "off-site" and skip.found_on in by_url:
                self.link(skip.url, skip.found_on, by_url[skip.found_on])


def _headline(page: Page) -> str:
    for item in page.metadata.get("jsonld", []):
        if item.get("headline"):
            return _text(item["headline"])
    return page.metadata.get("headline") or page.title


def build_profile(pages: list[Page], feed_entries: list[FeedEntry] | None = None,
                  skipped: list[Skip] | None = None) -> CompanyProfile:
    """The company profile the pages support, every fact with its source URL and date."""
    builder = _Builder(pages)
    builder.organisation()
    builder.typed_items()
    builder.blocks()
    builder.from_text()
    builder.page_lists(feed_entries or [])
    builder.social_links(skipped or [])
    profile = builder.profile
    hq = (profile.value("headquarters") or "").lower()
    profile.locations = [loc for loc in profile.locations
                         if loc.text.split(",")[0].strip().lower() not in hq]
    return profile
