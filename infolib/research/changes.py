"""What changed since you last looked: the two latest stored crawls of each organisation of a
field compared — pages new, gone or changed, news new, roles opened or closed, people who
appeared or left, and facts (name, headquarters, employees, mission, founded) that changed,
each with the source and date on both sides.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from infolib.models import ResearchResult, link
from infolib.terminal import terminal_safe

#: The profile facts compared between two crawls.
FACTS = ("name", "headquarters", "employees", "mission", "founded")
#: Every kind of change, in the order they are listed.
KINDS = ("page_new", "page_gone", "page_changed", "news_new", "role_opened", "role_closed",
         "person_appeared", "person_left", "fact_changed")
_LABELS = {"page_new": "new page", "page_gone": "page gone", "page_changed": "page changed",
           "news_new": "news", "role_opened": "role opened", "role_closed": "role closed",
           "person_appeared": "person appeared", "person_left": "person left",
           "fact_changed": "fact changed"}
_MARKS = {"page_new": "+", "page_gone": "-", "page_changed": "~", "news_new": "+",
          "role_opened": "+", "role_closed": "-", "person_appeared": "+", "person_left": "-",
          "fact_changed": "~"}
#: Reasons a crawl leaves out a URL that say the page is not there (any more).
_MISSING = re.compile(r"^HTTP 4\d\d$")


@dataclass
class Side:
    """One side of a change: what a crawl read, where and when."""

    value: str
    source: str
    retrieved: date | None


@dataclass
class Change:
    """One change between two crawls; ``before`` is None for something new, ``after`` for
    something gone."""

    kind: str
    what: str
    before: Side | None = None
    after: Side | None = None
    topic: str = ""  # the fact, for fact_changed

    def label(self) -> str:
        """What kind of change it is, in words ('role closed', 'headquarters')."""
        return self.topic if self.kind == "fact_changed" else _LABELS[self.kind]

    def line(self) -> str:
        """One line: mark, kind, what, and for a fact both values with their sources."""
        if self.kind == "fact_changed":
            old = (f"{self.before.value!r} ({self.before.source}, {self.before.retrieved})"
                   if self.before else "not found")
            new = f"{self.after.value!r} ({self.after.source}, {self.after.retrieved})"
            return f"~ {self.topic}: {old} -> {new}"
        side = self.after or self.before
        where = f"  {side.source}" if side and side.source and side.source != self.what else ""
        return f"{_MARKS[self.kind]} {_LABELS[self.kind]}: {self.what}{where}"


@dataclass
class OrganisationChanges:
    """What changed at one address between its two latest crawls (``before`` is None when
    it was read only once)."""

    start_url: str
    name: str
    after: datetime | None
    before: datetime | None = None
    after_crawl: int | None = None
    before_crawl: int | None = None
    changes: list[Change] = field(default_factory=list)

    def heading(self) -> str:
        who = f"{self.name} ({self.start_url})" if self.name else self.start_url
        if self.before is None:
            return (f"{who}: read once ({_day(self.after)}); research it again later (refresh) "
                    "to see what changes.")
        count = len(self.changes)
        said = f"{count} change{'s' if count != 1 else ''}" if count else "nothing changed"
        return f"{who}: {_day(self.before)} -> {_day(self.after)}: {said}"


def _day(value) -> str:
    return value.date().isoformat() if isinstance(value, datetime) else str(value or "?")


@dataclass
class Changes:
    """What changed in a field since you last looked, organisation by organisation."""

    field: str
    organisations: list[OrganisationChanges]
    since: date | None = None
    stored_in: Path | None = None

    def __len__(self) -> int:
        return sum(len(o.changes) for o in self.organisations)

    def headline(self) -> str:
        since = f" since {self.since}" if self.since else ""
        if all(o.before is None for o in self.organisations):
            return (f"What changed in {self.field!r}{since}: nothing to compare yet, each "
                    "organisation was read once.")
        count = len(self)
        return (f"What changed in {self.field!r}{since}: {count} change"
                f"{'s' if count != 1 else ''} across {len(self.organisations)} organisation"
                f"{'s' if len(self.organisations) != 1 else ''}.")

    def to_text(self) -> str:
        """The report the CLI prints: a heading per organisation, one line per change; when
        every organisation was read once, one line each saying so."""
        compared = any(o.before is not None for o in self.organisations)
        lines = [self.headline()] if compared else []  # read once: one line each says so
        for org in self.organisations:
            lines.append(org.heading())
            lines += [f"  {change.line()}" for change in org.changes]
        return terminal_safe("\n".join(lines))

    def to_dict(self) -> dict:
        """The documented JSON form (infolib/schema/changes.schema.json)."""

        def side(s: Side | None):
            return None if s is None else {"value": s.value, "source": s.source,
                                           "retrieved": s.retrieved.isoformat()
                                           if s.retrieved else None}

        return {"field": self.field, "since": self.since.isoformat() if self.since else None,
                "organisations": [{
                    "start_url": o.start_url, "name": o.name or None,
                    "before": _day(o.before) if o.before else None, "after": _day(o.after),
                    "before_crawl": o.before_crawl, "after_crawl": o.after_crawl,
                    "changes": [{"kind": c.kind, "topic": c.topic or None, "what": c.what,
                                 "before": side(c.before), "after": side(c.after)}
                                for c in o.changes]} for o in self.organisations]}

    def __repr__(self) -> str:
        return f"<Changes {self.headline()}>"

    def _repr_html_(self) -> str:
        e = html.escape
        parts = [f"<p><b>{e(self.headline())}</b></p>"]
        for org in self.organisations:
            parts.append(f"<h4>{e(org.heading())}</h4>")
            if not org.changes:
                continue
            rows = []
            for c in org.changes:
                cells = []
                for s in (c.before, c.after):
                    cells.append("" if s is None else
                                 f"{e(s.value)}<br><small>{link(s.source)} · "
                                 f"{e(str(s.retrieved or ''))}</small>")
                label = c.topic if c.kind == "fact_changed" else _LABELS[c.kind]
                rows.append(f"<tr><td style='text-align:left'>{e(label)}</td>"
                            f"<td style='text-align:left'>{e(c.what)}</td>"
                            f"<td style='text-align:left'>{cells[0]}</td>"
                            f"<td style='text-align:left'>{cells[1]}</td></tr>")
            parts.append("<table><thead><tr><th>change</th><th>what</th><th>before</th>"
                         "<th>now</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")
        return "".join(parts)


# comparing -------------------------------------------------------------------------------------

def _norm(text) -> str:
    return " ".join(str(text or "").split()).casefold()


def _day_of(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _side(value, source, retrieved) -> Side:
    return Side(str(value or ""), source or "", _day_of(retrieved))


def _left_out_for_a_limit(result: ResearchResult) -> set[str]:
    """URLs a crawl did not read for a reason that says nothing of whether they exist (the
    page budget, the depth limit, a timeout, robots.txt)."""
    return {s.url for s in result.crawl.skipped if not _MISSING.match(s.reason)}


def compare(before: ResearchResult, after: ResearchResult) -> list[Change]:
    """The changes between two crawls of the same address, in the order of ``KINDS``."""
    changes: list[Change] = []
    old_pages = {p.url: p for p in before.pages}
    new_pages = {p.url: p for p in after.pages}
    unread_before, unread_after = _left_out_for_a_limit(before), _left_out_for_a_limit(after)
    for url, page in new_pages.items():
        if url not in old_pages and url not in unread_before:
            changes.append(Change("page_new", page.title or url,
                                  after=_side(page.title, url, page.retrieved)))
    for url, page in old_pages.items():
        if url not in new_pages and url not in unread_after:
            changes.append(Change("page_gone", page.title or url,
                                  before=_side(page.title, url, page.retrieved)))
    for url, page in new_pages.items():
        old = old_pages.get(url)
        if old is not None and _norm(old.text) != _norm(page.text):
            changes.append(Change("page_changed", page.title or url,
                                  before=_side(old.title, url, old.retrieved),
                                  after=_side(page.title, url, page.retrieved)))
    old_p, new_p = before.profile, after.profile
    seen_news = {_norm(n.url) for n in old_p.news if n.url} | {_norm(n.title) for n in old_p.news}
    for item in new_p.news:
        if _norm(item.title) not in seen_news and not (item.url and _norm(item.url) in seen_news):
            shown = f"{item.published} {item.title}" if item.published else item.title
            changes.append(Change("news_new", shown,
                                  after=_side(item.title, item.url or item.source,
                                              item.retrieved)))

    def role_key(role) -> str:
        return _norm(role.title)

    old_open = {role_key(r): r for r in old_p.open_roles}
    new_open = {role_key(r): r for r in new_p.open_roles}
    for key, role in new_open.items():
        if key not in old_open:
            changes.append(Change("role_opened", role.title,
                                  after=_side(role.title, role.url or role.source,
                                              role.retrieved)))
    for key, role in old_open.items():
        if key not in new_open:
            closed = next((r for r in new_p.closed_roles if role_key(r) == key), None)
            changes.append(Change("role_closed", role.title,
                                  before=_side(role.title, role.url or role.source,
                                               role.retrieved),
                                  after=None if closed is None else
                                  _side(f"{closed.title} (closed)", closed.url or closed.source,
                                        closed.retrieved)))
    old_people = {_norm(p.name): p for p in old_p.people}
    new_people = {_norm(p.name): p for p in new_p.people}
    for key, person in new_people.items():
        if key not in old_people:
            changes.append(Change("person_appeared", person.label(),
                                  after=_side(person.label(), person.source,
                                              person.retrieved)))
    for key, person in old_people.items():
        if key not in new_people:
            changes.append(Change("person_left", person.label(),
                                  before=_side(person.label(), person.source,
                                               person.retrieved)))
    for key in FACTS:
        old, new = getattr(old_p, key), getattr(new_p, key)
        if new is None or (old is not None and _norm(old.value) == _norm(new.value)):
            continue
        changes.append(Change("fact_changed", str(new.value), topic=key,
                              before=None if old is None else
                              _side(old.value, old.source, old.retrieved),
                              after=_side(new.value, new.source, new.retrieved)))
    return changes


def changes(field: str, *, since: date | str | None = None, workbook=None) -> Changes:
    """What changed in ``field`` since you last looked: for each organisation (start URL)
    researched for it, its two latest successful crawls compared (with ``since``, only crawls
    started on or after that day count). An organisation read only once is listed as such.

    Raises:
        DataError: the field is unknown, or ``since`` is not a date.
        NotFoundError: no successful research is stored for the field (since that day).
    """
    from infolib.errors import NotFoundError
    from infolib.store.validate import as_date, field_name
    from infolib.store.workbook import open_workbook

    field = field_name(field)
    since = as_date(since, "--since date")
    book = open_workbook(workbook)
    pairs = book.research.latest_two(field, since)
    if not pairs:
        when = f" since {since}" if since else ""
        raise NotFoundError(f"No research of {field!r} is stored{when} in {book.folder}: run "
                            f"`infolib research URL --field {field!r}` first.")
    organisations = []
    for start_url, ids in pairs:
        after = book.research.load(crawl_id=ids[0])
        org = OrganisationChanges(start_url, after.profile.value("name") or "",
                                  after.crawl.started, after_crawl=ids[0])
        if len(ids) > 1:
            before = book.research.load(crawl_id=ids[1])
            org.before, org.before_crawl = before.crawl.started, ids[1]
            org.changes = compare(before, after)
        organisations.append(org)
    return Changes(field, organisations, since, book.folder)


__all__ = ["FACTS", "KINDS", "Change", "Changes", "OrganisationChanges", "Side", "changes",
           "compare"]
