"""The research stage end to end: crawl, extract, profile, summarise, store."""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from pathlib import Path

from infolib.config import CrawlSettings
from infolib.models import CompanyProfile, link, to_jsonable
from infolib.research.profile import build_profile
from infolib.research.summarise import SummarySentence, summarise
from infolib.store.workbook import Workbook, open_workbook
from infolib.web.crawl import CrawlResult, crawl_site
from infolib.web.fetch import Fetcher


@dataclass
class ResearchResult:
    """What the organisation's own pages say: profile, summary, pages, skipped URLs."""

    field: str
    crawl: CrawlResult
    profile: CompanyProfile
    summary: list[SummarySentence]
    crawl_id: int | None = None
    workbook: Workbook | None = dataclasses.field(default=None, repr=False)
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
        company["people"] = [sourced(i, name=i.name, role=i.role) for i in p.people]
        company["values"] = [sourced(i, text=i.text) for i in p.values]
        company["links"] = [sourced(i, url=i.text) for i in p.links]
        crawl = self.crawl
        return to_jsonable({
            "field": self.field,
            "start_url": crawl.start_url,
            "crawl_id": self.crawl_id,
            "workbook": str(self.workbook.folder) if self.workbook else None,
            "retrieved": crawl.started,
            "robots": crawl.robots,
            "error": crawl.error or None,
            "company": company,
            "news": [sourced(n, title=n.title, url=n.url, published=n.published)
                     for n in p.news],
            "open_roles": [sourced(r, title=r.title, url=r.url, location=r.location,
                                   posted=r.posted) for r in p.open_roles],
            "documents": [sourced(d, title=d.title, url=d.url, pages=d.pages, words=d.words)
                          for d in p.documents],
            "pages": [{"url": pg.url, "kind": pg.kind, "title": pg.title,
                       "published": pg.published, "words": pg.words,
                       "media_type": pg.media_type, "retrieved": pg.retrieved}
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


def _fact_sources(profile: CompanyProfile) -> list[str]:
    sources = [getattr(profile, k).source for k in CompanyProfile.SCALARS
               if getattr(profile, k) is not None]
    for attr in ("locations", "products", "people", "values", "news", "open_roles",
                 "documents", "links"):
        sources += [item.source for item in getattr(profile, attr)]
    return sources


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
    from infolib.errors import DataError
    from infolib.store.plans import field_name
    from infolib.web.urls import check_start_url

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
        found = book.reusable_crawl_id(field, start_url, limits, settings.cache_expiry)
        if found is not None:
            result = book.load_research(crawl_id=found)
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
    crawl_id = book.save_research(field, crawl, profile, summary, settings_json)
    return ResearchResult(field=field.strip(), crawl=crawl, profile=profile, summary=summary,
                          crawl_id=crawl_id, workbook=book)


__all__ = ["ResearchResult", "research_company"]
