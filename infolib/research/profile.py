"""Build a sourced company profile from crawled pages.

Structured metadata (schema.org JSON-LD or microdata) is trusted first; the pages' own headings
and sentences fill what it leaves out. Every fact keeps the URL it came from and the date that
page was retrieved.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from infolib.models import CompanyProfile, Document, Fact, FeedEntry, Item, Page, Skip
from infolib.research.news import find_news, find_roles
from infolib.research.people import find_people
from infolib.research.products import find_products
from infolib.research.schemaorg import ORG_TYPES, as_list, items_of, locality, text_of, types_of

SOCIAL_HOSTS = {"linkedin.com": "LinkedIn", "twitter.com": "X (Twitter)", "x.com": "X (Twitter)",
                "github.com": "GitHub", "gitlab.com": "GitLab", "youtube.com": "YouTube",
                "facebook.com": "Facebook", "instagram.com": "Instagram",
                "mastodon.social": "Mastodon", "bsky.app": "Bluesky", "medium.com": "Medium",
                "crunchbase.com": "Crunchbase", "glassdoor.com": "Glassdoor",
                "wikipedia.org": "Wikipedia", "tiktok.com": "TikTok", "threads.net": "Threads"}
_FOUNDED = re.compile(r"\b(?:founded|established|started|set up|launched)\b[^.]{0,60}?"
                      r"\b((?:19|20)\d{2})\b", re.I)
_EMPLOYEES = re.compile(r"\b(?:around|about|over|more than|nearly|some|approximately)?\s*"
                        r"(\d{1,3}(?:,\d{3})*|\d+)\s+(?:employees|people|staff|colleagues|"
                        r"team members)\b", re.I)
_HQ = re.compile(r"\b(?:headquartered|head office is|headquarters (?:is|are)|based) in "
                 r"([A-Z][\w .'-]+?(?:, [A-Z][\w .'-]+)?)(?=[.,;]| and\b| with\b)")
_MISSION_HEAD = re.compile(r"\b(mission|purpose|why we exist)\b", re.I)
_VALUES_HEAD = re.compile(r"\b(values|principles|what we believe|how we work)\b", re.I)


def _address(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else {}
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, dict):
        return ""
    if "address" in value:
        return _address(value["address"])
    parts = [text_of(value.get(k)) for k in ("streetAddress", "addressLocality", "postalCode",
                                           "addressRegion", "addressCountry")]
    return ", ".join(p for p in parts if p)


def _employees(value) -> str:
    if isinstance(value, dict):
        if value.get("value") is not None:
            return str(value["value"])
        low, high = value.get("minValue"), value.get("maxValue")
        if low is not None and high is not None:
            return f"{low}–{high}"
    return text_of(value)


def _founded(value) -> str:
    text = text_of(value)
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
        orgs = [(page, item) for page, item in items_of(self.ranked)
                if types_of(item) & ORG_TYPES and page.kind != "job"]
        for page, org in orgs:
            self.fact("name", text_of(org.get("name") or org.get("legalName")), page)
            self.fact("description", text_of(org.get("description")), page)
            self.fact("founded", _founded(org.get("foundingDate")), page)
            self.fact("headquarters", _address(org.get("address")), page)
            self.fact("employees", _employees(org.get("numberOfEmployees")), page)
            for place in as_list(org.get("location")):
                self.location(locality(place), page)
            for link in as_list(org.get("sameAs")):
                self.link(str(link), page.url, page)

    def location(self, text: str, page: Page) -> None:
        text = text.strip(" ,.")
        if text and text.lower() not in {i.text.lower() for i in self.profile.locations}:
            self.profile.locations.append(Item(source=page.url, retrieved=page.retrieved.date(),
                                               text=text))

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
            if page.kind not in ("home", "about"):
                continue
            for block in page.blocks:
                heading, texts, items = block["heading"], block["text"], block["items"]
                if _MISSION_HEAD.search(heading) and texts:
                    self.fact("mission", texts[0]["text"], page)
                if _VALUES_HEAD.search(heading):
                    for value in items or [t["text"] for t in texts]:
                        if value and value not in {v.text for v in self.profile.values}:
                            self.profile.values.append(Item(source=page.url,
                                                            retrieved=page.retrieved.date(),
                                                            text=value))

    def documents(self) -> None:
        for page in self.pages:
            if page.media_type == "application/pdf":
                self.profile.documents.append(Document(
                    source=page.url, retrieved=page.retrieved.date(), title=page.title,
                    url=page.url, pages=page.page_count, words=page.words))

    def social_links(self, skipped: list[Skip]) -> None:
        by_url = {p.url: p for p in self.pages}
        for skip in skipped:
            if skip.reason == "off-site" and skip.found_on in by_url:
                self.link(skip.url, skip.found_on, by_url[skip.found_on])


def build_profile(pages: list[Page], feed_entries: list[FeedEntry] | None = None,
                  skipped: list[Skip] | None = None) -> CompanyProfile:
    """The company profile the pages support, every fact with its source URL and date."""
    builder = _Builder(pages)
    builder.organisation()
    builder.blocks()
    builder.from_text()
    builder.documents()
    builder.social_links(skipped or [])
    profile = builder.profile
    profile.people = find_people(pages)
    profile.products = find_products(pages)
    profile.news = find_news(pages, feed_entries or [])
    profile.open_roles, profile.closed_roles, profile.hiring = find_roles(pages)
    hq = (profile.value("headquarters") or "").lower()
    profile.locations = [loc for loc in profile.locations
                         if loc.text.split(",")[0].strip().lower() not in hq]
    return profile
