"""The nouns of the workbook: pages, skipped URLs, facts with sources, the company profile,
the crawl and research results and their summary sentences — what the stages make and the
store returns."""

from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from infolib.terminal import terminal_safe

PAGE_KINDS = ("home", "about", "team", "product", "careers", "job", "news", "blog", "investors",
              "contact", "legal", "other")


@dataclass
class Page:
    """One crawled and extracted document (an HTML page or a PDF)."""

    url: str
    kind: str
    title: str
    text: str
    retrieved: datetime
    published: date | None = None
    description: str = ""
    media_type: str = "text/html"
    depth: int = 0
    final_url: str = ""
    from_cache: bool = False
    metadata: dict = field(default_factory=dict)  # jsonld / opengraph / microdata items
    blocks: list[dict] = field(default_factory=list)  # headings with the text that follows
    page_count: int = 0  # PDFs only

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Skip:
    """A URL the crawl did not use, and why (robots, off-site, HTTP 404, timeout, …)."""

    url: str
    reason: str
    detail: str = ""
    found_on: str = ""


@dataclass
class Sourced:
    """Where a fact came from."""

    source: str
    retrieved: date


@dataclass
class Fact(Sourced):
    value: object = None


@dataclass
class Person(Sourced):
    """Someone the site names. ``group`` is the page's own heading for them (team, board,
    advisers, alumni…) when it gives one; ``sources`` every page that names them (``source``
    is the first)."""

    name: str = ""
    role: str = ""
    group: str = ""
    sources: list[str] = field(default_factory=list)

    def label(self) -> str:
        """'Name — Role (Group)', leaving out what the site does not say."""
        text = f"{self.name} — {self.role}" if self.role else self.name
        return f"{text} ({self.group})" if self.group else text


@dataclass
class NewsItem(Sourced):
    title: str = ""
    url: str = ""
    published: date | None = None


@dataclass
class Product(Sourced):
    name: str = ""
    description: str = ""


@dataclass
class OpenRole(Sourced):
    """A job posting. Open ones are in ``CompanyProfile.open_roles``; those the site marks
    closed, or whose ``valid_through`` has passed, in ``closed_roles``."""

    title: str = ""
    url: str = ""
    location: str = ""
    posted: date | None = None
    valid_through: date | None = None


@dataclass
class Document(Sourced):
    title: str = ""
    url: str = ""
    pages: int = 0
    words: int = 0


@dataclass
class Item(Sourced):
    """A sourced piece of text: a location, a value, a profile link."""

    text: str = ""


@dataclass
class CompanyProfile:
    """What the organisation's own pages say about it; every entry carries its source."""

    name: Fact | None = None
    description: Fact | None = None
    founded: Fact | None = None
    headquarters: Fact | None = None
    employees: Fact | None = None
    mission: Fact | None = None
    locations: list[Item] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    values: list[Item] = field(default_factory=list)
    news: list[NewsItem] = field(default_factory=list)
    open_roles: list[OpenRole] = field(default_factory=list)
    closed_roles: list[OpenRole] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    links: list[Item] = field(default_factory=list)
    #: Whether the site says the organisation is hiring: True (open roles, or says so), False
    #: (a careers page that says it is not, or lists only closed roles), None (not addressed).
    hiring: Fact | None = None

    SCALARS = ("name", "description", "founded", "headquarters", "employees", "mission")

    def value(self, key: str):
        fact = getattr(self, key)
        return fact.value if fact is not None else None

    def _rows(self) -> list[tuple[str, str, str]]:
        rows = [(k, str(self.value(k)), getattr(self, k).source)
                for k in self.SCALARS if getattr(self, k) is not None]
        rows += [("location", i.text, i.source) for i in self.locations]
        rows += [("product", p.name, p.source) for p in self.products]
        rows += [("person", p.label(), p.source) for p in self.people]
        rows += [("value", v.text, v.source) for v in self.values]
        rows += [("news", f"{n.published or 'undated'} · {n.title}", n.url) for n in self.news]
        if self.hiring is not None:
            rows.append(("hiring", "yes" if self.hiring.value else "no", self.hiring.source))
        rows += [("open role", r.title, r.url) for r in self.open_roles]
        rows += [("closed role", r.title, r.url) for r in self.closed_roles]
        rows += [("document", f"{d.title} ({d.pages} pages)", d.url) for d in self.documents]
        rows += [("profile link", i.text, i.source) for i in self.links]
        return rows

    def __repr__(self) -> str:
        name = self.value("name") or "unknown organisation"
        return f"<CompanyProfile {name!r}: {len(self._rows())} sourced facts>"

    def to_text(self) -> str:
        """The profile as the CLI shows it, one line a kind of fact, safe for a terminal."""

        lines = [f"  {key:13} {self.value(key)}" for key in self.SCALARS if self.value(key)]
        if self.people:
            lines.append("  people        " + "; ".join(x.label() for x in self.people))
        if self.products:
            lines.append("  products      " + "; ".join(x.name for x in self.products))
        if self.news:
            lines.append("  recent news   " + "; ".join(f"{n.published or '?'} {n.title}"
                                                        for n in self.news[:3]))
        if self.open_roles:
            lines.append("  open roles    " + "; ".join(r.title for r in self.open_roles))
        elif self.hiring is not None and not self.hiring.value:
            lines.append("  open roles    none: the site says it is not hiring")
        return terminal_safe("\n".join(lines))

    def _repr_pretty_(self, p, cycle) -> None:
        p.text(terminal_safe("\n".join(f"{k:13} {v}  [{s}]" for k, v, s in self._rows())))

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(f"<tr><th style='text-align:left'>{e(k)}</th><td style='text-align:left'>"
                       f"{e(v)}</td><td style='text-align:left'>{link(s)}</td></tr>"
                       for k, v, s in self._rows())
        name = e(str(self.value("name") or "Unknown organisation"))
        return (f"<h3>{name}</h3><table><thead><tr><th>fact</th><th>value</th><th>source</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>")


def scraped_date(value) -> date | None:
    """A date read from a page, or stored from one: a date, a datetime, or text that begins
    YYYY-MM-DD ("2026-03-01T09:00:00Z"); None for anything else. Lenient on purpose: a page's
    bad date is left out, never an error. A date a person gives goes through
    ``store.validate.as_date``, which says what was wrong."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = re.match(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", str(value or "").strip())
    if match is None:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def safe_href(url) -> str | None:
    """``url`` if it is an absolute http(s) address fit for an href, else None: scraped
    addresses (a feed's ``javascript:`` link) must never become clickable code."""
    text = str(url or "").strip()
    if not text or any(ord(c) < 33 or c in "\\<>\"'`" for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def link(url, label: str | None = None) -> str:
    """An escaped HTML link to ``url``, or its escaped text when it is not a safe address."""
    shown = html.escape(str(url or "") if label is None else label)
    href = safe_href(url)
    return f"<a href='{html.escape(href)}'>{shown}</a>" if href else shown


def to_jsonable(obj):
    """Dataclasses, dates and containers as plain JSON values (dates as ISO 8601)."""
    if hasattr(obj, "__dataclass_fields__"):
        return to_jsonable(asdict(obj))
    if isinstance(obj, datetime):
        return obj.date().isoformat()
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {k: to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(v) for v in obj]
    return obj


@dataclass
class FeedEntry:
    title: str
    url: str
    published: date | None


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


@dataclass
class SummarySentence:
    text: str
    source: str
    kind: str


@dataclass
class ResearchResult:
    """What the organisation's own pages say: profile, summary, pages, skipped URLs."""

    field: str
    crawl: CrawlResult
    profile: CompanyProfile
    summary: list[SummarySentence]
    crawl_id: int | None = None
    stored_in: Path | None = dataclasses.field(default=None, repr=False)  # the workbook folder
    reused: bool = False  # True when an earlier stored crawl answered this call

    @property
    def ok(self) -> bool:
        return not self.crawl.error and bool(self.crawl.pages)

    @property
    def pages(self):
        return self.crawl.pages

    @property
    def skipped(self):
        return self.crawl.skipped

    # tables for notebooks -------------------------------------------------------------------
    def pages_table(self):
        """Pages read: kind, title, publication date and word count."""
        import pandas as pd

        return pd.DataFrame([{"kind": p.kind, "title": p.title, "published": p.published,
                              "words": p.words, "url": p.url} for p in self.crawl.pages],
                            columns=["kind", "title", "published", "words", "url"])

    def skipped_table(self):
        """URLs left out and why."""
        import pandas as pd

        return pd.DataFrame([dataclasses.asdict(s) for s in self.crawl.skipped],
                            columns=["url", "reason", "detail", "found_on"])

    def summary_table(self):
        import pandas as pd

        return pd.DataFrame([{"sentence": s.text, "source": s.source} for s in self.summary],
                            columns=["sentence", "source"])

    def sources(self):
        """Every page a fact or summary sentence came from, with its retrieval date."""
        import pandas as pd

        by_url = {p.url: p for p in self.crawl.pages}
        used: dict[str, int] = {}
        for row in _fact_sources(self.profile) + [s.source for s in self.summary]:
            used[row] = used.get(row, 0) + 1
        rows = [{"source": url, "title": by_url[url].title if url in by_url else "",
                 "retrieved": by_url[url].retrieved.date() if url in by_url else None,
                 "facts used": n} for url, n in used.items()]
        return pd.DataFrame(rows, columns=["source", "title", "retrieved", "facts used"])

    # JSON ---------------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The documented JSON form (docs/research-json.md); dates are ISO 8601."""
        p = self.profile

        def sourced(item, **fields) -> dict:
            return {**fields, "source": item.source, "retrieved": item.retrieved.isoformat()}

        company = {key: p.value(key) for key in CompanyProfile.SCALARS}
        company["sources"] = {key: {"source": getattr(p, key).source,
                                    "retrieved": getattr(p, key).retrieved.isoformat()}
                              for key in CompanyProfile.SCALARS if getattr(p, key) is not None}
        company["locations"] = [sourced(i, name=i.text) for i in p.locations]
        company["products"] = [sourced(i, name=i.name, description=i.description)
                               for i in p.products]
        company["people"] = [sourced(i, name=i.name, role=i.role, group=i.group or None,
                                     sources=i.sources or [i.source]) for i in p.people]
        company["values"] = [sourced(i, text=i.text) for i in p.values]
        company["links"] = [sourced(i, url=i.text) for i in p.links]
        crawl = self.crawl
        return to_jsonable({
            "field": self.field,
            "start_url": crawl.start_url,
            "crawl_id": self.crawl_id,
            "workbook": str(self.stored_in) if self.stored_in else None,
            "retrieved": crawl.started,
            "robots": crawl.robots,
            "error": crawl.error or None,
            "company": company,
            "news": [sourced(n, title=n.title, url=n.url, published=n.published)
                     for n in p.news],
            "hiring": p.hiring.value if p.hiring is not None else None,
            "hiring_source": p.hiring.source if p.hiring is not None else None,
            "open_roles": [sourced(r, title=r.title, url=r.url, location=r.location,
                                   posted=r.posted, valid_through=r.valid_through)
                           for r in p.open_roles],
            "closed_roles": [sourced(r, title=r.title, url=r.url, location=r.location,
                                     posted=r.posted, valid_through=r.valid_through)
                             for r in p.closed_roles],
            "documents": [sourced(d, title=d.title, url=d.url, pages=d.pages, words=d.words)
                          for d in p.documents],
            "pages": [{"url": pg.url, "kind": pg.kind, "title": pg.title,
                       "published": pg.published, "words": pg.words,
                       "media_type": pg.media_type, "retrieved": pg.retrieved,
                       "text_from": "pdf" if pg.media_type == "application/pdf"
                       else pg.metadata.get("text_from")}
                      for pg in crawl.pages],
            "summary": [s.text for s in self.summary],
            "summary_sources": [s.source for s in self.summary],
            "skipped": [{"url": s.url, "reason": s.reason, "detail": s.detail,
                         "found_on": s.found_on} for s in crawl.skipped],
        })

    # display ------------------------------------------------------------------------------------
    def headline(self) -> str:
        c = self.crawl
        name = self.profile.value("name") or c.start_url
        if not self.ok:
            return f"Research for {self.field!r}: nothing could be read. {c.error}"
        cached = sum(p.from_cache for p in c.pages)
        how = (f"reused from {c.started:%Y-%m-%d %H:%M} UTC; refresh to read the site again"
               if self.reused else f"{cached} from the cache")
        return (f"Research for {self.field!r}: {name} — {len(c.pages)} pages read "
                f"({how}), {len(c.skipped)} URLs skipped, "
                f"{len(_fact_sources(self.profile))} sourced facts.")

    def to_text(self) -> str:
        """The report the CLI prints: the headline, the profile, the summary and where the
        research is stored; terminal-safe whatever the pages held."""

        lines = [terminal_safe(self.headline())]
        if self.profile.to_text():
            lines.append(self.profile.to_text())
        if self.summary:
            lines.append("Summary:")
            lines += [terminal_safe(f"  - {sentence.text}") for sentence in self.summary]
        if self.stored_in is not None:
            lines.append(f"Stored in {self.stored_in} (crawl {self.crawl_id}); see the pages "
                         f"with: infolib show --field {self.field!r}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<ResearchResult {self.headline()}>"

    def _repr_html_(self) -> str:
        e = html.escape
        if not self.ok:
            return (f"<div style='border-left:4px solid #c0392b;padding:0.5em 1em'>"
                    f"<b>Nothing could be read.</b> {e(self.crawl.error)}</div>")
        summary = "".join(f"<li>{e(s.text)} {link(s.source, '[source]')}</li>"
                          for s in self.summary)
        return (f"<p>{e(self.headline())}</p>{self.profile._repr_html_()}"
                f"<h4>Summary</h4><ol>{summary}</ol>")


@dataclass
class ResearchResults:
    """Several organisations of one field researched at once: one ResearchResult each, in
    the order their addresses were given. Iterate over it, or index it, for each one."""

    field: str
    results: list[ResearchResult]
    stored_in: Path | None = dataclasses.field(default=None, repr=False)

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, index: int) -> ResearchResult:
        return self.results[index]

    @property
    def ok(self) -> bool:
        """True when every organisation's site was read."""
        return all(r.ok for r in self.results)

    @property
    def failed(self) -> list[ResearchResult]:
        """The organisations whose site could not be read (each recorded as an attempt)."""
        return [r for r in self.results if not r.ok]

    def rows(self) -> list[dict]:
        """One row per organisation: name, address, host, pages read, requests, outcome."""
        rows = []
        for r in self.results:
            c = r.crawl
            outcome = ("ok" if r.ok and not r.reused else
                       f"ok (stored {c.started:%Y-%m-%d %H:%M} UTC, reused)" if r.ok else
                       f"failed: {c.error}")
            rows.append({"organisation": r.profile.value("name") or "", "url": c.start_url,
                         "host": urlsplit(c.start_url).netloc, "pages": len(c.pages),
                         "requests": 0 if r.reused else c.requests, "outcome": outcome})
        return rows

    def table(self):
        """The organisations as a DataFrame: organisation, url, pages, requests, outcome."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=["organisation", "url", "host", "pages",
                                                  "requests", "outcome"])

    def headline(self) -> str:
        """One organisation: its own headline; several: how many were read."""
        if len(self.results) == 1:
            return self.results[0].headline()
        read = sum(r.ok for r in self.results)
        failed = len(self.results) - read
        return (f"Research for {self.field!r}: {read} of {len(self.results)} organisations "
                "read" + (f", {failed} could not be read (recorded; the others are stored)"
                          if failed else "") + ".")

    def to_text(self) -> str:
        """What the CLI prints: the headline, then one line per organisation (host, pages
        read, requests, ok or why not) and where it is all stored; terminal-safe."""
        lines = [self.headline()]
        for row in self.rows():
            name = f" ({row['organisation']})" if row["organisation"] else ""
            pages, requests = row["pages"], row["requests"]
            lines.append(f"  {row['host']}{name}: {pages} page{'s' * (pages != 1)} read, "
                         f"{requests} request{'s' * (requests != 1)}, {row['outcome']}")
        if self.stored_in is not None:
            lines.append(f"Stored in {self.stored_in}; next: infolib gaps --field "
                         f"{self.field!r}")
        return terminal_safe("\n".join(lines))

    def to_dict(self) -> dict:
        """``{"field": …, "organisations": [each organisation's research JSON]}``, each in the
        single-organisation form of docs/research-json.md."""
        return {"field": self.field, "organisations": [r.to_dict() for r in self.results]}

    def __repr__(self) -> str:
        return f"<ResearchResults {self.headline()}>"

    def _repr_html_(self) -> str:
        e, left = html.escape, "style='text-align:left'"
        red = "style='text-align:left;color:#c0392b'"
        body = "".join(
            f"<tr><td {left}>{e(row['organisation'])}</td><td {left}>{link(row['url'])}</td>"
            f"<td style='text-align:right'>{row['pages']}</td>"
            f"<td style='text-align:right'>{row['requests']}</td>"
            f"<td {left if row['outcome'].startswith('ok') else red}>"
            f"{e(row['outcome'])}</td></tr>" for row in self.rows())
        return (f"<p>{e(self.headline())}</p><table><thead><tr><th {left}>organisation</th>"
                f"<th {left}>address</th><th>pages</th><th>requests</th><th {left}>outcome</th>"
                "</tr></thead>"
                f"<tbody>{body}</tbody></table>")


def _fact_sources(profile: CompanyProfile) -> list[str]:
    sources = [getattr(profile, k).source for k in CompanyProfile.SCALARS
               if getattr(profile, k) is not None]
    for attr in ("locations", "products", "people", "values", "news", "open_roles",
                 "documents", "links"):
        sources += [item.source for item in getattr(profile, attr)]
    return sources
