"""What is new and who is hiring: news and blog posts (pages and feed entries), job postings
(schema.org ``JobPosting`` and job pages), and whether the organisation is hiring."""

from __future__ import annotations

from infolib.models import Fact, FeedEntry, NewsItem, OpenRole, Page, scraped_date
from infolib.research.schemaorg import items_of, locality, text_of, types_of
from infolib.web.extract import guess_kind


def headline(page: Page) -> str:
    """A news page's title: its JSON-LD headline, else its main heading, else its title."""
    for item in page.metadata.get("jsonld", []):
        if item.get("headline"):
            return text_of(item["headline"])
    return page.metadata.get("headline") or page.title


def find_news(pages: list[Page], feed_entries: list[FeedEntry]) -> list[NewsItem]:
    """News and blog posts, newest first, each once."""
    news: list[NewsItem] = []
    seen: set[str] = set()
    for page in pages:
        if page.kind in ("news", "blog") and page.published:
            news.append(NewsItem(source=page.url, retrieved=page.retrieved.date(),
                                 title=headline(page), url=page.url, published=page.published))
            seen.add(page.url)
    first_retrieved = min((p.retrieved for p in pages), default=None)
    for entry in feed_entries:
        if entry.url in seen or guess_kind(entry.url) not in ("news", "blog", "other"):
            continue
        if first_retrieved is not None:
            seen.add(entry.url)
            news.append(NewsItem(source=entry.url, retrieved=first_retrieved.date(),
                                 title=entry.title, url=entry.url, published=entry.published))
    news.sort(key=lambda n: (n.published is not None, n.published), reverse=True)
    return news


def find_roles(pages: list[Page]) -> tuple[list[OpenRole], list[OpenRole], Fact | None]:
    """(open roles, closed roles, whether the organisation is hiring)."""
    roles: list[OpenRole] = []

    def add(title: str, page: Page, location: str = "", posted=None) -> None:
        if page.url not in {r.url for r in roles}:
            roles.append(OpenRole(source=page.url, retrieved=page.retrieved.date(), title=title,
                                  url=page.url, location=location,
                                  posted=posted or page.published))

    for page, item in items_of(pages):
        if "JobPosting" in types_of(item):
            add(text_of(item.get("title")) or page.title, page, locality(item.get("jobLocation")),
                scraped_date(item.get("datePosted")))
    for page in pages:
        if page.kind == "job":
            add(page.metadata.get("headline") or page.title, page)
    hiring = None
    if roles:
        first = roles[0]
        hiring = Fact(source=first.source, retrieved=first.retrieved, value=True)
    return roles, [], hiring
