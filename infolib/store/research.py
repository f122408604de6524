"""The research of each field in a workbook (``Workbook.research``): crawls with their pages,
skipped URLs, profile facts and summary, all or nothing; read back as models.
"""


from __future__ import annotations

import dataclasses
import logging
from datetime import UTC, date, datetime

import sqlalchemy as sa

from infolib.errors import DataError, NotFoundError
from infolib.models import (
    CompanyProfile,
    CrawlResult,
    Document,
    Fact,
    Item,
    NewsItem,
    OpenRole,
    Page,
    Person,
    Product,
    ResearchResult,
    Skip,
    SummarySentence,
    to_jsonable,
)
from infolib.store.part import StorePart
from infolib.store.schema import crawls, facts, fields, pages, skipped
from infolib.store.validate import field_name

log = logging.getLogger(__name__)

# topic -> (profile attribute, item class, the field stored in the ``value`` column)
LIST_TOPICS = {
    "location": ("locations", Item, "text"),
    "product": ("products", Product, "name"),
    "person": ("people", Person, "name"),
    "value": ("values", Item, "text"),
    "news": ("news", NewsItem, "title"),
    "open_role": ("open_roles", OpenRole, "title"),
    "closed_role": ("closed_roles", OpenRole, "title"),
    "document": ("documents", Document, "title"),
    "link": ("links", Item, "text"),
}
_DATE_FIELDS = {"published", "posted", "valid_through"}


def profile_rows(profile: CompanyProfile) -> list[dict]:
    """One row per fact: topic, value, the other fields as detail, source and date."""
    rows = []
    for key in CompanyProfile.SCALARS:
        fact = getattr(profile, key)
        if fact is not None:
            rows.append({"topic": key, "value": str(fact.value), "detail": {},
                         "source": fact.source, "retrieved": fact.retrieved})
    if profile.hiring is not None:
        rows.append({"topic": "hiring", "value": "yes" if profile.hiring.value else "no",
                     "detail": {}, "source": profile.hiring.source,
                     "retrieved": profile.hiring.retrieved})
    for topic, (attr, _cls, main) in LIST_TOPICS.items():
        for item in getattr(profile, attr):
            data = to_jsonable(item)
            rows.append({"topic": topic, "value": str(data.pop(main) or ""),
                         "source": data.pop("source"), "retrieved": item.retrieved,
                         "detail": {k: v for k, v in data.items() if k != "retrieved"}})
    return rows


def profile_from_rows(rows) -> CompanyProfile:
    profile = CompanyProfile()
    for row in rows:
        topic, retrieved = row["topic"], row["retrieved"]
        if topic == "hiring":
            profile.hiring = Fact(source=row["source"], retrieved=retrieved,
                                  value=row["value"] == "yes")
            continue
        if topic in CompanyProfile.SCALARS:
            setattr(profile, topic, Fact(source=row["source"], retrieved=retrieved,
                                         value=row["value"]))
            continue
        attr, cls, main = LIST_TOPICS[topic]
        detail = {k: (date.fromisoformat(v) if k in _DATE_FIELDS and v else v)
                  for k, v in (row["detail"] or {}).items()}
        getattr(profile, attr).append(cls(source=row["source"], retrieved=retrieved,
                                          **{main: row["value"]}, **detail))
    return profile


def _page_row(crawl_id: int, page: Page) -> dict:
    return {"crawl_id": crawl_id, "url": page.url, "final_url": page.final_url or page.url,
            "kind": page.kind, "title": page.title, "description": page.description,
            "published": page.published, "retrieved": page.retrieved, "words": page.words,
            "depth": page.depth, "media_type": page.media_type, "page_count": page.page_count,
            "from_cache": page.from_cache, "text": page.text,
            "metadata": to_jsonable(page.metadata), "blocks": page.blocks}


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class ResearchStore(StorePart):
    """Crawls, pages, skipped URLs, facts and summaries."""

    def save(self, field: str, crawl, profile: CompanyProfile, summary,
                      settings: dict | None = None) -> int:
        """Store one crawl with its pages, skipped URLs, facts and summary, all or nothing."""
        from infolib.store import schema

        if not field or not field.strip():
            raise DataError("The target field is empty: name it, e.g. --field 'Energy storage'.")
        with self.writer.begin() as conn:
            crawl_id = conn.execute(schema.crawls.insert().values(
                field_id=self.book.ensure_field(field, conn), start_url=crawl.start_url,
                started=crawl.started, finished=crawl.finished, robots=crawl.robots,
                error=crawl.error, requests=crawl.requests, settings=settings or {},
            )).inserted_primary_key[0]
            if crawl.pages:
                conn.execute(schema.pages.insert(), [_page_row(crawl_id, p) for p in crawl.pages])
            if crawl.skipped:
                conn.execute(schema.skipped.insert(), [
                    {"crawl_id": crawl_id, **dataclasses.asdict(s)} for s in crawl.skipped])
            rows = profile_rows(profile)
            if rows:
                conn.execute(schema.facts.insert(), [{"crawl_id": crawl_id, **r} for r in rows])
            if summary:
                conn.execute(schema.summaries.insert(), [
                    {"crawl_id": crawl_id, "rank": i, "sentence": s.text, "source": s.source,
                     "kind": s.kind} for i, s in enumerate(summary)])
        return crawl_id

    # reading ------------------------------------------------------------------------------------
    def latest_crawl_id(self, field: str) -> int | None:
        """The field's latest research that read the site; a failed attempt (the site could
        not be read) is recorded but never taken for research."""
        query = (sa.select(crawls.c.id).join(fields).where(fields.c.name == field.strip(),
                                                           crawls.c.error == "")
                 .order_by(crawls.c.id.desc()).limit(1))
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def failed_attempt(self, field: str) -> dict | None:
        """The field's latest failed attempt (start_url, started, error, skipped URLs), if the
        site could not be read after its latest research; else None."""
        query = (sa.select(crawls.c.id, crawls.c.start_url, crawls.c.started, crawls.c.error)
                 .join(fields).where(fields.c.name == field.strip())
                 .order_by(crawls.c.id.desc()).limit(1))
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
            if row is None or not row["error"]:
                return None
            count = conn.execute(sa.select(sa.func.count()).where(
                skipped.c.crawl_id == row["id"])).scalar()
        return {**dict(row), "started": _aware(row["started"]), "skipped": count}

    def organisation(self, field: str) -> str:
        """The name of the organisation the field's latest research found, or ""."""
        crawl_id = self.latest_crawl_id(field)
        if crawl_id is None:
            return ""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(facts.c.value).where(
                facts.c.crawl_id == crawl_id, facts.c.topic == "name").limit(1)).scalar() or ""

    def pages_researched(self) -> dict[str, int]:
        """Per field name: the pages its current research read (the latest successful crawl
        of each address; earlier crawls and failed attempts not counted)."""
        latest = (sa.select(sa.func.max(crawls.c.id).label("id")).where(crawls.c.error == "")
                  .group_by(crawls.c.field_id, crawls.c.start_url).subquery())
        query = (sa.select(fields.c.name, sa.func.count(pages.c.id))
                 .select_from(fields.join(crawls).join(latest, latest.c.id == crawls.c.id)
                              .join(pages))
                 .group_by(fields.c.name))
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())

    def latest_two(self, field: str, since: date | None = None) -> list[tuple[str, list[int]]]:
        """Per address researched for ``field`` (oldest first): the ids of its two latest
        successful crawls, newest first (one id when it was read once), counting only crawls
        started on or after ``since`` when it is given.

        Raises:
            DataError: the workbook has no field of that name.
        """
        with self.engine.connect() as conn:
            field_id = self.book.existing_field_id(conn, field)
            query = (sa.select(crawls.c.id, crawls.c.start_url, crawls.c.started)
                     .where(crawls.c.field_id == field_id, crawls.c.error == "")
                     .order_by(crawls.c.id.desc()))
            rows = conn.execute(query).all()
        by_url: dict[str, list[int]] = {}
        for row in rows:
            started = _aware(row.started)
            if since is not None and started is not None and started.date() < since:
                continue
            ids = by_url.setdefault(row.start_url, [])
            if len(ids) < 2:
                ids.append(row.id)
        return sorted(by_url.items(), key=lambda item: min(item[1]))

    def reusable_crawl_id(self, field: str, start_url: str, limits: dict,
                          max_age_seconds: float) -> int | None:
        """The latest successful crawl of ``start_url`` for ``field`` with the same limits,
        if it is younger than ``max_age_seconds``; else None."""


        query = (sa.select(crawls.c.id, crawls.c.started, crawls.c.settings)
                 .join(fields).where(fields.c.name == field.strip(),
                                     crawls.c.start_url == start_url, crawls.c.error == "")
                 .order_by(crawls.c.id.desc()))
        now = datetime.now(UTC)
        with self.engine.connect() as conn:
            for row in conn.execute(query):
                if (now - _aware(row.started)).total_seconds() > max_age_seconds:
                    return None
                if all(row.settings.get(k) == v for k, v in limits.items()):
                    return row.id
        return None

    def _crawl_id(self, field: str | None, crawl_id: int | None) -> int:
        if crawl_id is not None:
            return crawl_id
        if field is None:
            raise DataError("Say which field to read: pass field='…' or crawl_id=….")

        field = field_name(field)
        found = self.latest_crawl_id(field)
        if found is None and (failed := self.failed_attempt(field)) is not None:
            raise NotFoundError(
                f"No research is stored for the field {field!r}: its last attempt "
                f"({failed['started']:%Y-%m-%d %H:%M} UTC) read nothing. {failed['error']}")
        if found is None:
            known = ", ".join(repr(f) for f in self.book.fields()["name"]) or "none yet"
            raise NotFoundError(f"No research is stored for the field {field!r} in {self.folder} "
                             f"(fields: {known}). Run `infolib research URL --field "
                             f"{field!r}` first.")
        return found

    def pages(self, field: str | None = None, crawl_id: int | None = None, text: bool = False):
        """The pages of a crawl (default: the field's latest) as a DataFrame."""


        columns = ["url", "kind", "title", "published", "words", "depth", "media_type",
                   "retrieved", "from_cache"] + (["text"] if text else [])
        query = (sa.select(*[pages.c[c] for c in columns])
                 .where(pages.c.crawl_id == self._crawl_id(field, crawl_id))
                 .order_by(pages.c.id))
        return self._frame(query)

    def skipped(self, field: str | None = None, crawl_id: int | None = None):
        """The URLs a crawl left out, with the reason for each."""


        query = (sa.select(skipped.c.url, skipped.c.reason, skipped.c.detail, skipped.c.found_on)
                 .where(skipped.c.crawl_id == self._crawl_id(field, crawl_id))
                 .order_by(skipped.c.id))
        return self._frame(query)

    def facts(self, field: str | None = None, crawl_id: int | None = None):
        """Every fact of the profile, one row each, with its source and retrieval date."""


        query = (sa.select(facts.c.topic, facts.c.value, facts.c.detail, facts.c.source,
                           facts.c.retrieved)
                 .where(facts.c.crawl_id == self._crawl_id(field, crawl_id))
                 .order_by(facts.c.id))
        return self._frame(query)

    def profile(self, crawl_id: int) -> CompanyProfile:
        """The sourced profile of one crawl, read from its facts alone (no pages)."""
        with self.engine.connect() as conn:
            return profile_from_rows(conn.execute(sa.select(facts).where(
                facts.c.crawl_id == crawl_id).order_by(facts.c.id)).mappings())

    def load(self, field: str | None = None, crawl_id: int | None = None):
        """Rebuild a stored ResearchResult (default: the field's latest crawl)."""

        from infolib.store import schema

        crawl_id = self._crawl_id(field, crawl_id)
        with self.engine.connect() as conn:
            crawl_row = conn.execute(
                sa.select(schema.crawls, schema.fields.c.name.label("field"))
                .join(schema.fields).where(schema.crawls.c.id == crawl_id)).mappings().one()
            page_rows = conn.execute(sa.select(schema.pages).where(
                schema.pages.c.crawl_id == crawl_id).order_by(schema.pages.c.id)).mappings()
            pages = [Page(url=r["url"], kind=r["kind"], title=r["title"], text=r["text"],
                          retrieved=_aware(r["retrieved"]), published=r["published"],
                          description=r["description"], media_type=r["media_type"],
                          depth=r["depth"], final_url=r["final_url"],
                          from_cache=r["from_cache"], metadata=r["metadata"],
                          blocks=r["blocks"], page_count=r["page_count"]) for r in page_rows]
            skips = [Skip(url=r["url"], reason=r["reason"], detail=r["detail"],
                          found_on=r["found_on"]) for r in conn.execute(
                sa.select(schema.skipped).where(schema.skipped.c.crawl_id == crawl_id)
                .order_by(schema.skipped.c.id)).mappings()]
            fact_rows = conn.execute(sa.select(schema.facts).where(
                schema.facts.c.crawl_id == crawl_id).order_by(schema.facts.c.id)).mappings()
            profile = profile_from_rows(fact_rows)
            summary = [SummarySentence(r["sentence"], r["source"], r["kind"])
                       for r in conn.execute(sa.select(schema.summaries).where(
                           schema.summaries.c.crawl_id == crawl_id)
                           .order_by(schema.summaries.c.rank)).mappings()]
        crawl = CrawlResult(start_url=crawl_row["start_url"], pages=pages, skipped=skips,
                            robots=crawl_row["robots"], error=crawl_row["error"],
                            started=_aware(crawl_row["started"]),
                            finished=_aware(crawl_row["finished"]),
                            requests=crawl_row["requests"])
        return ResearchResult(field=crawl_row["field"], crawl=crawl, profile=profile,
                              summary=summary, crawl_id=crawl_id,
                              stored_in=self.folder)

    def organisations(self, field: str) -> list[dict]:
        """The organisations researched for ``field``, the one researched first first: per
        start address its ``name`` (from its research, else its host), ``crawl_id`` (the latest
        research that read the site, else None), ``error`` (the latest attempt's, when it
        failed after that research or there is none), ``pages`` read and when (``read``).

        Raises:
            DataError: the workbook has no field of that name.
        """
        from urllib.parse import urlsplit

        with self.engine.connect() as conn:
            field_id = self.book.existing_field_id(conn, field)
            rows = conn.execute(sa.select(crawls.c.id, crawls.c.start_url, crawls.c.started,
                                          crawls.c.error)
                                .where(crawls.c.field_id == field_id)
                                .order_by(crawls.c.id)).all()
            by_url: dict[str, dict] = {}
            for row in rows:
                org = by_url.setdefault(row.start_url, {
                    "start_url": row.start_url, "name": "", "crawl_id": None, "error": "",
                    "pages": 0, "read": None, "first": row.id})
                if row.error:
                    org["error"] = row.error
                else:
                    org.update(crawl_id=row.id, error="", read=_aware(row.started))
            ids = [o["crawl_id"] for o in by_url.values() if o["crawl_id"] is not None]
            names = dict(conn.execute(sa.select(facts.c.crawl_id, facts.c.value).where(
                facts.c.crawl_id.in_(ids), facts.c.topic == "name")).all()) if ids else {}
            counts = dict(conn.execute(sa.select(pages.c.crawl_id, sa.func.count(pages.c.id))
                                       .where(pages.c.crawl_id.in_(ids))
                                       .group_by(pages.c.crawl_id)).all()) if ids else {}
        out = []
        for org in sorted(by_url.values(), key=lambda o: o.pop("first")):
            host = urlsplit(org["start_url"]).netloc.lower()  # with a port, if any
            org["name"] = (names.get(org["crawl_id"]) or host.removeprefix("www.") or
                           org["start_url"])
            org["pages"] = counts.get(org["crawl_id"], 0)
            out.append(org)
        return out

    # what the gap list is computed from ----------------------------------------------------------
    def inputs(self, field: str, start_url: str | None = None):
        """(pages, facts by topic, organisation name, crawls, errors) from the latest crawl of
        each address researched for ``field``, or of ``start_url`` alone when it is given."""

        from infolib.store import schema

        with self.engine.connect() as conn:
            field_id = self.book.existing_field_id(conn, field)
            # per address its latest research, else (only failed attempts) its latest attempt
            newest = sa.func.max(schema.crawls.c.id)
            latest = (sa.select(schema.crawls.c.start_url,
                                sa.func.max(sa.case((schema.crawls.c.error == "",
                                                     schema.crawls.c.id))), newest)
                      .where(schema.crawls.c.field_id == field_id)
                      .group_by(schema.crawls.c.start_url))
            if start_url is not None:
                latest = latest.where(schema.crawls.c.start_url == start_url)
            crawl_ids = sorted((ok or last for _url, ok, last in conn.execute(latest)),
                               reverse=True)
            facts = conn.execute(sa.select(schema.facts).where(
                schema.facts.c.crawl_id.in_(crawl_ids)).order_by(schema.facts.c.id)).mappings()
            by_topic: dict[str, list[dict]] = {}
            for row in facts:
                by_topic.setdefault(row["topic"], []).append(dict(row))
        pages, errors = [], []
        for crawl_id in crawl_ids:
            result = self.load(crawl_id=crawl_id)
            pages += result.crawl.pages
            if result.crawl.error:
                errors.append(f"{result.crawl.start_url}: {result.crawl.error}")
        names = by_topic.get("name") or []
        return pages, by_topic, (names[0]["value"] if names else ""), crawl_ids, errors
