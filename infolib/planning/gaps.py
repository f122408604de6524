"""The research gap list: what the research of a field covers, what it does not, and why.

Coverage comes from ``coverage`` (sentences and facts against each checklist topic); each
covered topic shows the sentences, their sources and dates, and the words that matched, so the
user can see why it counts as covered.

A gap is a topic below the coverage threshold, a topic the user marks as a gap, a topic only
the contact can answer, and each of the user's own "what I want to learn" items and the
meeting's intended outcome. Gaps are ranked by what matters to the user first (importance),
then by how little is known (coverage).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

from infolib.errors import NotFoundError, PlanError
from infolib.models import link, to_jsonable
from infolib.planning.checklist import Checklist, Topic
from infolib.planning.coverage import (
    FACT_LABELS,
    Evidence,
    ResearchIndex,
    _lower_first,
    english_pages,
    score_topics,
)
from infolib.planning.grounded import joined
from infolib.planning.meetings import answered_topics, close_answered
from infolib.planning.organisations import matches, names_part, works_at
from infolib.store.workbook import open_workbook
from infolib.terminal import terminal_safe

THRESHOLD = 0.5


@dataclass
class Gap:
    """One row of the gap list (covered topics are rows too; ``is_gap`` tells them apart)."""

    topic: str
    title: str
    coverage: float
    is_gap: bool
    priority: int
    importance: int
    why: str
    evidence: list[Evidence] = dataclass_field(default_factory=list)
    facts: list[str] = dataclass_field(default_factory=list)
    source: str = "checklist"  # checklist | learn | outcome
    marked: bool | None = None  # the user's own call: True gap, False covered, None automatic
    tiara: str = "insights"
    researchable: bool = True
    #: the field list's coverage at each organisation: {"organisation", "start_url",
    #: "covered" (True, False, or None when its site could not be read), "coverage"}
    organisations: list[dict] = dataclass_field(default_factory=list)
    #: the meetings that answered the topic (``planning.meetings``): {"contact", "date", "text", …}
    answered_by: list[dict] = dataclass_field(default_factory=list)

    def coverage_at(self) -> str:
        """Where the field's research covers this topic: "covered at A and B; a gap at C"
        ("" when the list is not the field's across several organisations)."""
        if not self.organisations:
            return ""
        groups = {True: [], False: [], None: []}
        for org in self.organisations:
            groups[org["covered"]].append(org["organisation"])
        parts = [f"{label} {joined(groups[key])}" for key, label in (
            (True, "covered at"), (False, "a gap at"), (None, "not read at")) if groups[key]]
        return "; ".join(parts)

    def to_dict(self) -> dict:
        return to_jsonable({
            "topic": self.topic, "title": self.title, "coverage": round(self.coverage, 3),
            "is_gap": self.is_gap, "priority": self.priority, "importance": self.importance,
            "source": self.source, "marked": self.marked, "why": self.why, "tiara": self.tiara,
            "facts": self.facts, "organisations": [
                {**o, "coverage": round(o["coverage"], 3)} for o in self.organisations],
            "answered_by": self.answered_by,
            "evidence": [{"text": e.text, "url": e.url, "published": e.published,
                          "retrieved": e.retrieved, "score": round(e.score, 3),
                          "matched": e.matched} for e in self.evidence],
        })


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def evidence_lead_in(sentence: str, organisation: str = "") -> str:
    """ "I read that …;" or, for text in the site's own voice, "Your site says: “…”." """
    sentence = sentence.rstrip()
    first = sentence.split(" ", 1)[0].lower()
    if first in ("we", "our", "us", "you", "your", "we're", "we've", "join"):
        where = f"{organisation}'s site" if organisation else "your site"
        return f"I read on {where}: \u201c{sentence}\u201d"
    return f"I read that {_lower_first(sentence).rstrip('.!')}."


@dataclass
class GapList:
    """The gap list of a field: one row per checklist topic and per user goal."""

    field: str
    rows: list[Gap]
    threshold: float = THRESHOLD
    organisation: str = ""
    pages_used: int = 0
    notes: list[str] = dataclass_field(default_factory=list)
    workbook: object = dataclass_field(default=None, repr=False)
    #: "" the field as a whole, else the start address of the one organisation it is about
    scope: str = ""

    @property
    def across(self) -> list[str]:
        """The organisations the field list compares (none for one organisation's list)."""
        for row in self.rows:
            if row.organisations:
                return [o["organisation"] for o in row.organisations]
        return []

    @property
    def gaps(self) -> list[Gap]:
        return [r for r in self.rows if r.is_gap]

    @property
    def covered(self) -> list[Gap]:
        return [r for r in self.rows if not r.is_gap]

    def __getitem__(self, topic: str) -> Gap:
        for row in self.rows:
            if row.topic == topic:
                return row
        raise KeyError(f"No topic {topic!r} in the gap list of {self.field!r}; topics: "
                       + ", ".join(r.topic for r in self.rows))

    def table(self):
        """The gap list as a DataFrame, most pressing first."""
        import pandas as pd

        columns = ["priority", "topic", "title", "is_gap", "coverage", "importance", "evidence",
                   "why"] + (["organisations"] if self.across else [])
        return pd.DataFrame([{"priority": r.priority, "topic": r.topic, "title": r.title,
                              "is_gap": r.is_gap, "coverage": round(r.coverage, 2),
                              "importance": r.importance, "evidence": len(r.evidence),
                              "why": r.why, "organisations": r.coverage_at()}
                             for r in self.rows], columns=columns)

    def evidence_table(self):
        """Every piece of evidence, with its topic, source and date."""
        import pandas as pd

        rows = [{"topic": r.topic, "sentence": e.text, "matched": ", ".join(e.matched),
                 "score": round(e.score, 2), "url": e.url, "published": e.published,
                 "retrieved": e.retrieved} for r in self.rows for e in r.evidence]
        return pd.DataFrame(rows, columns=["topic", "sentence", "matched", "score", "url",
                                           "published", "retrieved"])

    def to_list(self) -> list[dict]:
        """The rows as JSON values: what ``infolib gaps --json`` prints."""
        return [r.to_dict() for r in self.rows]

    def to_dict(self) -> dict:
        """The whole gap list as JSON values: the field, its settings, notes and rows."""
        return {"field": self.field, "organisation": self.organisation, "scope": self.scope,
                "organisations": self.across, "threshold": self.threshold,
                "pages_used": self.pages_used, "notes": list(self.notes),
                "rows": self.to_list()}

    def headline(self) -> str:
        if self.scope:
            where = f" at {self.organisation or self.scope}"
        elif self.across:
            where = f" across {len(self.across)} organisations ({joined(self.across)})"
        else:
            where = ""
        return (f"Gap list for {self.field!r}{where}: {len(self.gaps)} gaps, {len(self.covered)} "
                f"topics covered by {self.pages_used} researched pages "
                f"(coverage threshold {self.threshold:g}).")

    def __repr__(self) -> str:
        lines = [self.headline()]
        lines += [f"  {r.priority:>2}. {'GAP ' if r.is_gap else 'ok  '} {r.coverage:4.2f}  "
                  f"{r.title}" + (f" ({r.coverage_at()})" if r.organisations else "")
                  for r in self.rows]
        return terminal_safe("\n".join(lines + [f"  note: {n}" for n in self.notes]))

    def to_text(self) -> str:
        """The gap list as the CLI shows it: every row with why, then the notes."""
        lines = [self.headline()]
        for row in self.rows:
            lines.append(f"{row.priority:>3}. {'GAP' if row.is_gap else 'ok '} "
                         f"{row.coverage:4.2f}  {row.title}  [{row.topic}, importance "
                         f"{row.importance}]")
            lines.append(f"       {row.why}")
            if row.organisations:
                lines.append(f"       {_upper_first(row.coverage_at())}.")
        lines += [f"Note: {note}" for note in self.notes]
        return terminal_safe("\n".join(lines))

    def _repr_html_(self) -> str:
        e = html.escape
        rows = []
        for r in self.rows:
            colour = "#c0392b" if r.is_gap else "#27ae60"
            bar = (f"<div style='background:#eee;width:6em;height:0.7em'><div style='background:"
                   f"{colour};width:{r.coverage * 100:.0f}%;height:100%'></div></div>")
            sources = "".join(
                f"<li>{e(ev.text)} " + link(ev.url, "[source" + (
                    f", {ev.published.isoformat()}" if ev.published else "") + "]") + "</li>"
                for ev in r.evidence[:3])
            rows.append(
                f"<tr><td>{r.priority}</td><td style='text-align:left'><b>{e(r.title)}</b>"
                f"<br><small>{e(r.why)}</small>"
                + (f"<br><small><b>{e(_upper_first(r.coverage_at()))}.</b></small>"
                   if r.organisations else "")
                + f"{'<ul>' + sources + '</ul>' if sources else ''}"
                f"</td><td>{'gap' if r.is_gap else 'answered' if r.answered_by else 'covered'}"
                f"</td><td>{bar}{r.coverage:.2f}</td>"
                f"<td>{r.importance}</td></tr>")
        notes = "".join(f"<p><i>{e(n)}</i></p>" for n in self.notes)
        return (f"<p>{e(self.headline())}</p>{notes}<table><thead><tr><th>#</th><th>topic</th>"
                f"<th>status</th><th>coverage</th><th>importance</th></tr></thead><tbody>"
                f"{''.join(rows)}</tbody></table>")


def _why(topic: Topic | None, coverage: float, evidence: list[Evidence], facts: list[str],
         index: ResearchIndex, source: str, marked: bool | None) -> str:
    if source == "learn":
        return "Something you want to learn from the meeting."
    if source == "outcome":
        return "The outcome you want from the meeting."
    parts = []
    if marked is True:
        parts.append("You marked this as a gap.")
    elif marked is False:
        parts.append("You marked this as covered.")
    if topic is not None and not topic.researchable:
        parts.append("Only the contact can answer this; no website does.")
        return " ".join(parts)
    if evidence:
        pages = {e.url for e in evidence}
        words = []
        for e in evidence:
            words += [w for w in e.matched if w not in words]
        parts.append(f"{len(evidence)} sentence(s) on {len(pages)} page(s) speak to it"
                     + (f" (matched: {', '.join(words[:6])})" if words else "") + ".")
    if facts:
        parts.append("The profile has its " + ", ".join(FACT_LABELS.get(f, f) for f in facts)
                     + ".")
    hiring = index.fact("hiring")
    if topic is not None and "open_role" in topic.facts and hiring and hiring["value"] == "no":
        parts.append(f"The site says it is not hiring now (source: {hiring['source']}); "
                     "closed postings are not counted.")
    missing = [f for f in (topic.requires if topic is not None else ()) if not index.facts.get(f)]
    if missing:
        parts.append("The research never found its " + ", ".join(FACT_LABELS.get(f, f)
                                                               for f in missing)
                     + ", so this stays a gap whatever else the pages say.")
    if not index.sentences:
        parts.append("The pages read held no sentences to judge it by.")
    elif not evidence and not facts:
        parts.append("Nothing in the research speaks to it.")
    return " ".join(parts)


def build_gap_list(field: str, index: ResearchIndex, checklist: Checklist,
                   goals: list[dict] | None = None, choices: dict[str, dict] | None = None,
                   threshold: float = THRESHOLD, answered: dict | None = None) -> GapList:
    """Score every topic, add the user's goals, apply the user's choices and rank the gaps;
    the topics meetings ``answered`` (``planning.meetings.answered_topics``) are no gaps."""
    if not 0 < threshold <= 1:
        raise PlanError(f"The coverage threshold must be above 0 and at most 1, not {threshold}.")
    goals, choices = goals or [], choices or {}
    scored = score_topics(index, checklist)
    rows = []
    for topic in checklist.topics:
        coverage, evidence, facts = scored[topic.id]
        choice = choices.get(topic.id, {})
        marked = choice.get("marked")
        is_gap = marked if marked is not None else (coverage < threshold or not topic.researchable)
        rows.append(Gap(topic=topic.id, title=topic.title, coverage=coverage, is_gap=is_gap,
                        priority=0, importance=int(choice.get("importance") or topic.importance),
                        why=_why(topic, coverage, evidence, facts, index, "checklist", marked),
                        evidence=evidence, facts=facts, marked=marked, tiara=topic.tiara,
                        researchable=topic.researchable))
    for goal in goals:
        key = f"{goal['kind']}_{goal['id']}"
        choice = choices.get(key, {})
        marked = choice.get("marked")
        rows.append(Gap(topic=key, title=goal["text"], coverage=0.0,
                        is_gap=marked if marked is not None else True, priority=0,
                        importance=int(choice.get("importance") or goal["importance"]),
                        why=_why(None, 0, [], [], index, goal["kind"], marked),
                        source=goal["kind"], marked=marked,
                        tiara="advice" if goal["kind"] == "outcome" else "insights",
                        researchable=False))
    order = {row.topic: i for i, row in enumerate(rows)}
    # what matters to the user first (importance, then their own goals), then what is least known
    rows.sort(key=lambda r: (not r.is_gap, -r.importance, r.source == "checklist", r.coverage,
                             order[r.topic]))
    for i, row in enumerate(rows, start=1):
        row.priority = i
    gap_list = GapList(field=field, rows=rows, threshold=threshold,
                       organisation=index.organisation, pages_used=len(index.pages),
                       notes=[index.unreadable] if index.unreadable else [])
    close_answered(gap_list, answered)
    return gap_list


def find_gaps(field: str, *, organisation: str | None = None, workbook=None,
              threshold: float = THRESHOLD, compensation: bool = False) -> GapList:
    """Build the gap list of a field from its stored research, the checklist, the user's goals
    and choices; store it in the workbook and return it.

    With ``organisation`` (a name or start address), the list of that organisation alone, from
    its pages and facts only. Without, the field as a whole; when the field has several
    organisations each topic also says which of them cover it ("covered at A and B; a gap at
    C"), and each organisation's own list is stored too.

    Args:
        field: a field already researched (``research_company(url, field)``).
        organisation: one of the field's organisations, by name or address; None for the field.
        workbook: a Workbook or its folder; default the project's ``data/`` workbook.
        threshold: coverage below which a topic is a gap (0–1, default 0.5).
        compensation: include pay and benefits (left out unless asked for).

    Raises:
        NotFoundError: nothing was researched for the field (or the organisation), no page
            could be read, or no page is in English.
        PlanError: ``organisation`` is none of the field's organisations.
        DataError: the field does not exist.
    """
    book = open_workbook(workbook)
    field = (field or "").strip()
    settings = {"threshold": threshold, "compensation": compensation}
    if organisation is not None and str(organisation).strip():
        org = resolve_organisation(field, organisation, workbook=book)
        gap_list = _gap_list(book, field, org, **settings)
        book.planning.save_gaps(gap_list)
        gap_list.workbook = book
        return gap_list
    gap_list = _gap_list(book, field, None, **settings)
    orgs = book.research.organisations(field)
    if len(orgs) > 1:
        gap_list.organisation = ""  # the field's, not its first organisation's
        _add_coverage_at(gap_list, [_organisation_list(book, field, org, settings)
                                    for org in orgs])
    book.planning.save_gaps(gap_list)
    gap_list.workbook = book
    return gap_list


def _organisation_list(book, field: str, org: dict, settings: dict) -> tuple[dict, GapList | None]:
    """One organisation's gap list, made and stored; None when its site gave nothing to judge."""
    try:
        found = _gap_list(book, field, org, **settings)
    except NotFoundError:
        return org, None
    book.planning.save_gaps(found)
    return org, found


def _add_coverage_at(gap_list: GapList, lists: list[tuple[dict, GapList | None]]) -> None:
    """Give each checklist topic of the field list its coverage at each organisation."""
    for row in gap_list.rows:
        if row.source != "checklist":
            continue
        row.organisations = []
        for org, found in lists:
            mine = next((r for r in found.rows if r.topic == row.topic), None) if found else None
            row.organisations.append({
                "organisation": org["name"], "start_url": org["start_url"],
                "covered": None if mine is None else not mine.is_gap,
                "coverage": mine.coverage if mine is not None else 0.0})


def _gap_list(book, field: str, org: dict | None, *, threshold: float,
              compensation: bool) -> GapList:
    """The gap list of the field (``org`` None) or of one organisation, not stored."""
    from infolib.planning.checklist import load_checklist

    scope = org["start_url"] if org else ""
    pages, facts, organisation, crawl_ids, errors = book.research.inputs(
        field, scope or None)
    what = f"{org['name']} ({scope}) in {field!r}" if org else repr(field)
    if not crawl_ids:
        raise NotFoundError(f"Nothing has been researched for {what} yet: run `infolib "
                            f"research URL --field {field!r}` (or notebook 01) first.")
    if not pages:
        why = "; ".join(errors) or "no page could be read"
        raise NotFoundError(f"The research of {what} read no pages ({why}), so there "
                            "is nothing to judge coverage from. Check the address, then run the "
                            "research again with --refresh.")
    kept, other = english_pages(pages)
    if not kept:
        raise NotFoundError(f"None of the {len(pages)} pages researched for {what} is "
                            "in English, and the checklist judges English text. Research the "
                            "English version of the site if there is one (e.g. its /en/ "
                            "address), or mark topics covered by hand with mark_topic(…, "
                            "gap=False).")
    checklist = load_checklist(field, book.folder, compensation=compensation)
    index = ResearchIndex(kept, facts, organisation)
    gap_list = build_gap_list(field, index, checklist, book.planning.goals(field),
                              book.planning.topic_choices(field), threshold,
                              answered_topics(field, organisation=org, workbook=book))
    gap_list.scope = scope
    if org and not gap_list.organisation:
        gap_list.organisation = org["name"]
    if other:
        gap_list.notes.append(f"{len(other)} page(s) not in English were left out of the "
                              "coverage: " + ", ".join(p.url for p in other[:5]))
    return gap_list


def resolve_organisation(field: str, organisation: str, *, workbook=None) -> dict:
    """The field's organisation that ``organisation`` (its name or address) names, as
    ``Workbook.research.organisations`` gives it.

    Raises:
        PlanError: it names none of the field's organisations (the message lists them).
        DataError: the field does not exist.
    """
    book = open_workbook(workbook)
    orgs = book.research.organisations((field or "").strip())
    found = [org for org in orgs if matches(org, str(organisation or ""))]
    if found:
        return found[0]
    # a shorter name ("Tidewater" for "Tidewater Heat Networks"), when it names only one
    found = [org for org in orgs if names_part(org, str(organisation or ""))]
    if len(found) == 1:
        return found[0]
    known = "; ".join(f"{o['name']} <{o['start_url']}>" for o in orgs) or "none researched yet"
    raise PlanError(f"{organisation!r} is none of the organisations researched for {field!r} "
                    f"({known}). Give one of their names or addresses, or research it first "
                    f"with `infolib research URL --field {field!r}`.")


def contact_organisation(field: str, *, contact: str = "", organisation: str | None = None,
                         workbook=None) -> dict | None:
    """The organisation a meeting in ``field`` is about: the one given as ``organisation``
    (name or address), else the contact's (the contacts table's organisation matched to the
    researched names or hosts), else the one researched first. None when the field has one
    organisation or none, where the field as a whole is that organisation."""
    book = open_workbook(workbook)
    field = (field or "").strip()
    orgs = book.research.organisations(field)
    if organisation is not None and str(organisation).strip():
        return resolve_organisation(field, organisation, workbook=book)
    if len(orgs) < 2:
        return None
    if contact.strip():
        from infolib.store.validate import name_key

        table = book.contacts.table()
        for named in table.loc[[name_key(n) == name_key(contact) for n in table["name"]],
                               "organisation"].dropna():
            for org in orgs:
                if works_at(org, str(named)):
                    return org
    return orgs[0]


def add_goal(field: str, text: str, *, outcome: bool = False, importance: int | None = None,
             workbook=None, organisation: str | None = None) -> GapList:
    """Record something you want to learn (or, with ``outcome=True``, what the meeting is for);
    it becomes a gap. Returns the updated gap list (the field's, or ``organisation``'s)."""
    book = open_workbook(workbook)
    book.planning.set_goal(field, text, "outcome" if outcome else "learn", importance)
    return _updated(book, field, organisation)


def _updated(book, field: str, organisation: str | None) -> GapList:
    """Every stored list of the field made again with its last settings; the field's list, or
    ``organisation``'s (a name or address) when one is named."""
    settings = _last_settings(book, field)
    field_list = find_gaps(field, workbook=book, **settings)
    if organisation is None or not str(organisation).strip():
        return field_list
    return stored_gaps(field, organisation, workbook=book) or find_gaps(
        field, organisation=organisation, workbook=book, **settings)


def set_goals(field: str, *, learn: list[str] | None = None, outcome: str | None = None,
              workbook=None) -> None:
    """Make the field's goals these: ``learn`` is the whole list of things you want to learn
    (None leaves the stored ones alone), ``outcome`` what the meeting is for ("" removes it)."""
    book = open_workbook(workbook)
    stored = book.planning.goals(field)
    if learn is not None:
        if isinstance(learn, str):
            raise PlanError("Give the things you want to learn as a list of strings, e.g. "
                            "['how people get into the field'].")
        wanted = {" ".join(t.split()).lower() for t in learn if t and t.strip()}
        for goal in stored:
            if goal["kind"] == "learn" and goal["text"].lower() not in wanted:
                book.planning.remove_goal(field, goal["id"])
        for text in learn:
            if text and text.strip():
                book.planning.set_goal(field, text, "learn")
    if outcome is not None:
        if outcome.strip():
            book.planning.set_goal(field, outcome, "outcome")
        else:
            for goal in stored:
                if goal["kind"] == "outcome":
                    book.planning.remove_goal(field, goal["id"])


def mark_topic(field: str, topic: str, *, gap: bool | None | object = ...,
               importance: int | None | object = ..., workbook=None,
               organisation: str | None = None) -> GapList:
    """Change how one topic counts, in the field's list and each organisation's: ``gap=True``
    (a gap whatever the research says), ``False`` (covered), ``None`` (automatic again);
    ``importance`` 1–5 moves it up or down the list. Returns the updated gap list (the
    field's, or ``organisation``'s)."""
    from infolib.planning.checklist import load_checklist

    book = open_workbook(workbook)
    known = {t.id for t in load_checklist(field, book.folder, compensation=True).topics}
    known |= {f"{g['kind']}_{g['id']}" for g in book.planning.goals(field)}
    if topic not in known:
        raise PlanError(f"No topic {topic!r} for {field!r}; topics: "
                        + ", ".join(sorted(known)))
    changes = {k: v for k, v in (("marked", gap), ("importance", importance)) if v is not ...}
    book.planning.set_topic_choice(field, topic, **changes)
    return _updated(book, field, organisation)


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def stored_gaps(field: str, organisation: str | None = None, *, workbook=None
                ) -> GapList | None:
    """The gap list stored for ``field`` (as ``find_gaps`` last made or the user marked it),
    or for one of its organisations (name or address), or None if none has been made yet."""
    book = open_workbook(workbook)
    scope = ""
    if organisation is not None and str(organisation).strip():
        scope = resolve_organisation(field, organisation, workbook=book)["start_url"]
    gap_list = _stored(book, field, scope)
    if gap_list is not None and not scope:
        orgs = book.research.organisations(field.strip())
        lists = [(org, _stored(book, field, org["start_url"])) for org in orgs]
        if len(orgs) > 1 and any(found for _org, found in lists):
            _add_coverage_at(gap_list, lists)
    return gap_list


def _stored(book, field: str, scope: str) -> GapList | None:
    stored = book.planning.load_gaps(field, scope)
    if stored is None:
        return None
    settings, rows = stored
    gaps = []
    for r in rows:
        evidence = [Evidence(text=e["text"], url=e["url"], score=e["score"],
                             published=_day(e["published"]), retrieved=_day(e["retrieved"]),
                             matched=e["matched"]) for e in r["evidence"]]
        gaps.append(Gap(topic=r["topic"], title=r["title"], coverage=r["coverage"],
                        is_gap=r["is_gap"], priority=r["priority"], importance=r["importance"],
                        why=r["why"], evidence=evidence, facts=r["facts"], source=r["source"],
                        marked=r["marked"], tiara=r["tiara"], researchable=r["researchable"]))
    gap_list = GapList(rows=gaps, workbook=book, **settings)
    # what meetings answered since the list was stored
    at = {"name": gap_list.organisation, "start_url": scope} if scope else None
    close_answered(gap_list, answered_topics(field, organisation=at, workbook=book))
    return gap_list


def _last_settings(book, field: str) -> dict:
    """Recompute with the threshold and pay option the stored gap list was made with."""
    stored = book.planning.load_gaps(field)
    if stored is None:
        return {}
    settings, rows = stored
    return {"threshold": settings["threshold"],
            "compensation": any(r["topic"] == "compensation" for r in rows)}
