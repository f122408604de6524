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

    def to_dict(self) -> dict:
        return to_jsonable({
            "topic": self.topic, "title": self.title, "coverage": round(self.coverage, 3),
            "is_gap": self.is_gap, "priority": self.priority, "importance": self.importance,
            "source": self.source, "marked": self.marked, "why": self.why, "tiara": self.tiara,
            "facts": self.facts,
            "evidence": [{"text": e.text, "url": e.url, "published": e.published,
                          "retrieved": e.retrieved, "score": round(e.score, 3),
                          "matched": e.matched} for e in self.evidence],
        })


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

        return pd.DataFrame([{"priority": r.priority, "topic": r.topic, "title": r.title,
                              "is_gap": r.is_gap, "coverage": round(r.coverage, 2),
                              "importance": r.importance, "evidence": len(r.evidence),
                              "why": r.why} for r in self.rows],
                            columns=["priority", "topic", "title", "is_gap", "coverage",
                                     "importance", "evidence", "why"])

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
        return {"field": self.field, "organisation": self.organisation,
                "threshold": self.threshold, "pages_used": self.pages_used,
                "notes": list(self.notes), "rows": self.to_list()}

    def headline(self) -> str:
        return (f"Gap list for {self.field!r}: {len(self.gaps)} gaps, {len(self.covered)} "
                f"topics covered by {self.pages_used} researched pages "
                f"(coverage threshold {self.threshold:g}).")

    def __repr__(self) -> str:
        lines = [self.headline()]
        lines += [f"  {r.priority:>2}. {'GAP ' if r.is_gap else 'ok  '} {r.coverage:4.2f}  "
                  f"{r.title}" for r in self.rows]
        return terminal_safe("\n".join(lines + [f"  note: {n}" for n in self.notes]))

    def to_text(self) -> str:
        """The gap list as the CLI shows it: every row with why, then the notes."""
        lines = [self.headline()]
        for row in self.rows:
            lines.append(f"{row.priority:>3}. {'GAP' if row.is_gap else 'ok '} "
                         f"{row.coverage:4.2f}  {row.title}  [{row.topic}, importance "
                         f"{row.importance}]")
            lines.append(f"       {row.why}")
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
                f"<br><small>{e(r.why)}</small>{'<ul>' + sources + '</ul>' if sources else ''}"
                f"</td><td>{'gap' if r.is_gap else 'covered'}</td><td>{bar}{r.coverage:.2f}</td>"
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
                   threshold: float = THRESHOLD) -> GapList:
    """Score every topic, add the user's goals, apply the user's choices and rank the gaps."""
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
    return GapList(field=field, rows=rows, threshold=threshold,
                   organisation=index.organisation, pages_used=len(index.pages),
                   notes=[index.unreadable] if index.unreadable else [])


def find_gaps(field: str, *, workbook=None, threshold: float = THRESHOLD,
              compensation: bool = False) -> GapList:
    """Build the gap list of a field from its stored research, the checklist, the user's goals
    and choices; store it in the workbook and return it.

    Args:
        field: a field already researched (``research_company(url, field)``).
        workbook: a Workbook or its folder; default the project's ``data/`` workbook.
        threshold: coverage below which a topic is a gap (0–1, default 0.5).
        compensation: include pay and benefits (left out unless asked for).

    Raises:
        NotFoundError: nothing was researched for the field, no page could be read, or no page
            is in English.
        DataError: the field does not exist.
    """
    from infolib.planning.checklist import load_checklist

    book = open_workbook(workbook)
    field = (field or "").strip()
    pages, facts, organisation, crawl_ids, errors = book.research.inputs(field)
    if not crawl_ids:
        raise NotFoundError(f"Nothing has been researched for {field!r} yet: run `infolib "
                            f"research URL --field {field!r}` (or notebook 01) first.")
    if not pages:
        why = "; ".join(errors) or "no page could be read"
        raise NotFoundError(f"The research of {field!r} read no pages ({why}), so there "
                            "is nothing to judge coverage from. Check the address, then run the "
                            "research again with --refresh.")
    kept, other = english_pages(pages)
    if not kept:
        raise NotFoundError(f"None of the {len(pages)} pages researched for {field!r} is "
                            "in English, and the checklist judges English text. Research the "
                            "English version of the site if there is one (e.g. its /en/ "
                            "address), or mark topics covered by hand with mark_topic(…, "
                            "gap=False).")
    checklist = load_checklist(field, book.folder, compensation=compensation)
    index = ResearchIndex(kept, facts, organisation)
    gap_list = build_gap_list(field, index, checklist, book.planning.goals(field),
                              book.planning.topic_choices(field), threshold)
    if other:
        gap_list.notes.append(f"{len(other)} page(s) not in English were left out of the "
                              "coverage: " + ", ".join(p.url for p in other[:5]))
    book.planning.save_gaps(gap_list)
    gap_list.workbook = book
    return gap_list


def add_goal(field: str, text: str, *, outcome: bool = False, importance: int | None = None,
             workbook=None) -> GapList:
    """Record something you want to learn (or, with ``outcome=True``, what the meeting is for);
    it becomes a gap. Returns the updated gap list."""
    book = open_workbook(workbook)
    book.planning.set_goal(field, text, "outcome" if outcome else "learn", importance)
    return find_gaps(field, workbook=book, **_last_settings(book, field))


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
               importance: int | None | object = ..., workbook=None) -> GapList:
    """Change how one topic counts: ``gap=True`` (a gap whatever the research says), ``False``
    (covered), ``None`` (automatic again); ``importance`` 1–5 moves it up or down the list.
    Returns the updated gap list."""
    from infolib.planning.checklist import load_checklist

    book = open_workbook(workbook)
    known = {t.id for t in load_checklist(field, book.folder, compensation=True).topics}
    known |= {f"{g['kind']}_{g['id']}" for g in book.planning.goals(field)}
    if topic not in known:
        raise PlanError(f"No topic {topic!r} for {field!r}; topics: "
                        + ", ".join(sorted(known)))
    changes = {k: v for k, v in (("marked", gap), ("importance", importance)) if v is not ...}
    book.planning.set_topic_choice(field, topic, **changes)
    return find_gaps(field, workbook=book, **_last_settings(book, field))


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def stored_gaps(field: str, *, workbook=None) -> GapList | None:
    """The gap list stored for ``field`` (as ``find_gaps`` last made or the user marked it),
    or None if none has been made yet."""
    book = open_workbook(workbook)
    stored = book.planning.load_gaps(field)
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
    return GapList(rows=gaps, workbook=book, **settings)


def _last_settings(book, field: str) -> dict:
    """Recompute with the threshold and pay option the stored gap list was made with."""
    stored = stored_gaps(field, workbook=book)
    if stored is None:
        return {}
    return {"threshold": stored.threshold,
            "compensation": any(r.topic == "compensation" for r in stored.rows)}
