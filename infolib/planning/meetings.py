"""After the meeting: notes linked to the planned questions they answer, the topics a meeting
answered, and the follow-ups the next plan builds on what a contact said.

A note may answer a question of the contact's stored plan (``take_note(meeting, text,
question=3)``, or the question's text). It then carries that question's topic and kind, and:

* an **answer**, **insight** or **advice** on a planned question closes its topic: the gap list
  shows the topic as answered by the meeting (the contact and the date as its source), and the
  next plan for the field leaves the topic out;
* a **lead** only says who or what else knows, so the topic stays open; like every linked note
  it is material for a follow-up in the next plan ("Last time you pointed me to …").

A note that answers no planned question is kept as before and changes nothing in the gap list.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from datetime import date

from infolib.errors import DataError, PlanError
from infolib.store.validate import name_key, organisation_key
from infolib.store.workbook import open_workbook

#: the kinds of note that close the topic of the question they answer
CLOSING_NOTES = ("answer", "insight", "advice")
#: topics no meeting closes: your own questions and the closing questions
NO_TOPIC = ("", "own", "closing")
FOLLOW_UPS = 2  # follow-up questions in a plan, at most
FOLLOW_UP_MINUTES = 2.5
QUOTE_WORDS = 18


def long_date(day: date) -> str:
    """9 June 2026."""
    return f"{day.day} {day:%B %Y}"


@dataclass
class Answer:
    """What one meeting said on a topic: the note, who said it and when."""

    topic: str
    text: str
    kind: str  # the note's kind: answer, insight, advice or lead
    contact: str
    organisation: str
    day: date
    meeting_id: int
    question: str = ""
    question_kind: str = ""

    def source(self) -> str:
        """ "Ada Lovelace on 9 June 2026". """
        return f"{self.contact} on {long_date(self.day)}"

    def to_dict(self) -> dict:
        return {"contact": self.contact, "organisation": self.organisation,
                "date": self.day.isoformat(), "kind": self.kind, "text": self.text,
                "question": self.question, "meeting": self.meeting_id}


def answered_why(answers: list[Answer]) -> str:
    """The gap list's reason for a topic a meeting answered: "Answered by Ada Lovelace on
    9 June 2026: “…”" (the latest answer; how many more there are)."""
    latest = answers[-1]
    more = len(answers) - 1
    return (f"Answered by {latest.source()}: \u201c{_quote(latest.text, 40)}\u201d"
            + (f" (and {more} earlier note{'s' if more > 1 else ''})" if more else "") + ".")


# resolving the question a note answers ---------------------------------------------------------------

def _plain(text: str) -> str:
    text = re.sub(r"[\u201c\u201d\u2018\u2019\"'?!.,;:()\u2026-]", " ", str(text or "").casefold())
    return " ".join(text.split())


def contact_plan(book, field: str | None, contact: str) -> list[dict]:
    """The questions of the plan stored for ``contact`` in ``field`` (their plan, else the
    field's plan made without a contact), each a dict with rank, text, topic and kind; []
    when there is none."""
    if not field:
        return []
    stored = book.planning.load_plan(field, contact)
    if stored is None:
        plans = book.planning.plans(field)
        wanted = name_key(contact)
        for other in plans["contact"] if not plans.empty else []:
            if other and name_key(other) == wanted:
                stored = book.planning.load_plan(field, other)
                break
    if stored is None:
        stored = book.planning.load_plan(field, "")
    if stored is None:
        return []
    return [{"rank": r["rank"], "text": r["text"], "topic": r["topic"],
             "kind": "yours" if r["kind"] == "user" else r["kind"]} for r in stored[1]]


def _listing(questions: list[dict]) -> str:
    return "; ".join(f"{q['rank']} \u00b7 {_quote(q['text'], 12)}" for q in questions)


def resolve_question(questions: list[dict], question, *, who: str = "") -> dict | None:
    """The planned question ``question`` names: its rank (3, "3") or its text, exactly or
    clearly the same (a few words differ, or a distinctive part of it). None for no question.

    Raises:
        PlanError: the rank or text matches no planned question (the message lists them).
    """
    if question is None or (isinstance(question, str) and not question.strip()):
        return None
    plan_of = f"{who}'s plan" if who else "the plan"
    rank = question if isinstance(question, int) else None
    if isinstance(question, str) and question.strip().isdigit():
        rank = int(question.strip())
    if rank is not None:
        for planned in questions:
            if planned["rank"] == rank:
                return planned
        if not questions:
            raise PlanError(f"There is no stored question plan for {who or 'this meeting'}, so "
                            f"there is no question {rank}; plan the questions first (`infolib "
                            "questions --field F --contact NAME`, or notebook 03), or give the "
                            "question's text.")
        raise PlanError(f"{plan_of.capitalize()} has no question {rank}; it has questions 1 to "
                        f"{len(questions)}: {_listing(questions)}.")
    wanted = _plain(question)
    exact = [q for q in questions if _plain(q["text"]) == wanted]
    if exact:
        return exact[0]
    inside = [q for q in questions if len(wanted) >= 12 and wanted in _plain(q["text"])]
    if len(inside) == 1:
        return inside[0]
    ratios = sorted(((difflib.SequenceMatcher(None, wanted, _plain(q["text"])).ratio(), i)
                     for i, q in enumerate(questions)), reverse=True)
    if ratios and ratios[0][0] >= 0.8 and (len(ratios) == 1 or ratios[1][0] < ratios[0][0] - 0.1):
        return questions[ratios[0][1]]
    if not questions:
        return {"rank": 0, "text": " ".join(str(question).split()), "topic": "", "kind": ""}
    raise PlanError(f"No question of {plan_of} matches \u201c{_quote(str(question), 14)}\u201d. "
                    f"Give its number or its words: {_listing(questions)}. A note that answers "
                    "no planned question needs no question at all.")


@dataclass
class TakenNote:
    """A note written down, and the planned question it answers (if any)."""

    note_id: int
    meeting_id: int
    contact: str
    day: date
    kind: str
    text: str
    question: dict | None
    closes: bool

    def to_text(self) -> str:
        """One line: what was noted and what it did to the gap list."""
        head = f"Noted ({self.kind}, note {self.note_id}) for meeting {self.meeting_id} with " \
               f"{self.contact}"
        if not self.question or not self.question.get("topic"):
            return head + "."
        from infolib.planning.checklist import topic_label

        label = topic_label(self.question["topic"]) or self.question["topic"]
        on = (f" on question {self.question['rank']} ({label})" if self.question.get("rank")
              else f" ({label})")
        if self.closes:
            return (head + on + f": the gap list now shows it answered by {self.contact} on "
                    f"{long_date(self.day)}, and the next plan leaves it out.")
        return head + on + ": the topic stays open; the next plan follows it up."

    def to_dict(self) -> dict:
        return {"note": self.note_id, "meeting": self.meeting_id, "contact": self.contact,
                "date": self.day.isoformat(), "kind": self.kind, "text": self.text,
                "question": self.question, "closes_topic": self.closes}

    def __repr__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.to_text())}</p>"


def take_note(meeting: int, text: str, *, kind: str = "answer", question=None,
              workbook=None) -> TakenNote:
    """Write down what a meeting taught you, linked to the planned question it answers.

    Args:
        meeting: the meeting's id (``book.log.meetings()``).
        text: what you learned, in your own words.
        kind: answer, insight, advice or lead.
        question: the planned question it answers: its rank in the contact's stored plan (3)
            or its text (the exact words, or clearly the same); None for a note that answers
            no planned question. Without a stored plan the text is kept as it is.

    Raises:
        PlanError: the question matches none of the plan's (the message lists them).
        DataError: no such meeting, an empty note or an unknown kind.
    """
    book = open_workbook(workbook)
    found = book.log.meeting(meeting)
    if not " ".join(str(text or "").split()):
        raise DataError("The note is empty; write what you learned.")
    planned = resolve_question(contact_plan(book, found["field"], found["contact"]), question,
                               who=found["contact"])
    linked = planned if planned and planned.get("topic") not in NO_TOPIC else None
    note_id = book.log.add_note(found["meeting_id"], text, kind=kind,
                                question=planned["text"] if planned else "",
                                topic=linked["topic"] if linked else "",
                                question_kind=planned["kind"] if planned else "")
    kind = kind.strip().lower()
    return TakenNote(note_id=note_id, meeting_id=found["meeting_id"], contact=found["contact"],
                     day=found["day"], kind=kind, text=" ".join(str(text).split()),
                     question=planned, closes=bool(linked) and kind in CLOSING_NOTES)


def take_notes(meeting: int, answers, *, kind: str = "answer", workbook=None
               ) -> list[TakenNote]:
    """``take_note`` for several answers at once: ``answers`` maps each planned question (its
    rank or words) to what the contact said. A note the meeting has already (the same words)
    is not written twice, so a notebook can run again. Returns the notes written."""
    book = open_workbook(workbook)
    pairs = answers.items() if isinstance(answers, dict) else answers
    had = book.log.notes(book.log.meeting(meeting)["meeting_id"])
    written = {" ".join(str(t).split()) for t in had["text"]} if not had.empty else set()
    out = []
    for question, text in pairs:
        if " ".join(str(text).split()) in written:
            continue
        out.append(take_note(meeting, text, kind=kind, question=question, workbook=book))
    return out


# what meetings answered ------------------------------------------------------------------------------

def meeting_notes(field: str, *, organisation: dict | None = None, workbook=None
                  ) -> list[Answer]:
    """Every note of ``field``'s meetings that answers a planned question on a topic, oldest
    first; with ``organisation`` (one of ``Workbook.research.organisations``), only notes from
    contacts who work there (``organisations.works_at``, as the plan finds their
    organisation)."""
    from infolib.planning.organisations import works_at

    book = open_workbook(workbook)
    return [Answer(topic=n["topic"], text=n["text"], kind=n["kind"], contact=n["contact"],
                   organisation=n["organisation"], day=n["day"], meeting_id=n["meeting_id"],
                   question=n["question"], question_kind=n["question_kind"])
            for n in book.log.notes_in_context((field or "").strip())
            if n["topic"] not in NO_TOPIC and
            (organisation is None or works_at(organisation, n["organisation"] or ""))]


def answered_topics(field: str, *, organisation: dict | None = None, workbook=None
                    ) -> dict[str, list[Answer]]:
    """The topics of ``field`` that meetings answered: topic → the answers, insights and
    advice noted on its planned questions (who, when, what), oldest first. Leads leave a
    topic open. With ``organisation``, only what contacts at that organisation said."""
    out: dict[str, list[Answer]] = {}
    for note in meeting_notes(field, organisation=organisation, workbook=workbook):
        if note.kind in CLOSING_NOTES:
            out.setdefault(note.topic, []).append(note)
    return out


def meeting_answers(field: str, *, workbook=None):
    """What your meetings about ``field`` said on its topics, as a DataFrame (oldest first):
    the topic, who said it and when, the kind of note, the note, the planned question, and
    whether it closes the topic (answers, insights and advice do; leads leave it open)."""
    import pandas as pd

    from infolib.planning.checklist import topic_label

    columns = ["topic", "contact", "date", "kind", "note", "question", "closes"]
    return pd.DataFrame([{"topic": topic_label(n.topic) or n.topic, "contact": n.contact,
                          "date": n.day, "kind": n.kind, "note": n.text,
                          "question": n.question, "closes": n.kind in CLOSING_NOTES}
                         for n in meeting_notes(field, workbook=workbook)], columns=columns)


def close_answered(gap_list, answered: dict[str, list[Answer]] | None) -> None:
    """Mark the topics meetings answered as no longer gaps in ``gap_list`` (their ``why`` and
    ``answered_by`` say who answered and when), and number the rows again: open gaps first in
    their order. A topic you marked as a gap yourself stays one."""
    if not answered:
        return
    for row in gap_list.rows:
        answers = answered.get(row.topic)
        if not answers:
            continue
        row.answered_by = [a.to_dict() for a in answers]
        if row.marked is True:
            row.why = f"{answered_why(answers)} You marked it as a gap, so it stays one."
            continue
        row.is_gap = False
        row.why = answered_why(answers)
    gap_list.rows.sort(key=lambda r: (r.is_gap is False, r.priority))
    for i, row in enumerate(gap_list.rows, start=1):
        row.priority = i


def answered_in_plan(plan, *, workbook=None) -> list[str]:
    """Notes for a stored plan that still asks what a meeting has since answered: which
    question, who answered it and when, and how to plan again (edits and your own questions
    are kept). In a field of several organisations only what contacts at the plan's
    organisation said counts, as the rebuilt plan's gap list counts it."""
    from infolib.planning.organisations import matches

    book = open_workbook(workbook)
    orgs = book.research.organisations(plan.field) if plan.organisation else []
    at = next((o for o in orgs if matches(o, plan.organisation)), None) if len(orgs) > 1 \
        else None
    answered = answered_topics(plan.field, organisation=at, workbook=book)
    out = []
    for question in plan.questions:
        answers = answered.get(question.topic)
        if answers and question.kind in ("gap", "grounded"):
            out.append(f"Question {question.rank} was answered by {answers[-1].source()}; plan "
                       "again (`infolib questions … --rebuild`, or rebuild=True) to leave its "
                       "topic out and follow up on what they said.")
    return out


# follow-ups for the next plan --------------------------------------------------------------------------

def _quote(text: str, words: int = QUOTE_WORDS) -> str:
    parts = " ".join(str(text).split()).split(" ")
    if len(parts) <= words:
        return " ".join(parts).rstrip(".")
    return " ".join(parts[:words]).rstrip(",;:.") + "\u2026"


def follow_up_text(note: Answer, *, contact: str = "", organisation: str = "",
                   second: bool = False) -> str:
    """One follow-up question on what a contact said: "Last time you said “…”; what has
    changed since we spoke?" to the same contact, "Last time, Ada told me “…”; how does that
    match what you see at Z?" to someone else (``second``: the other wording, so two
    follow-ups in one plan do not end alike)."""
    quoted = f"\u201c{_quote(note.text)}\u201d"
    if contact and name_key(contact) == name_key(note.contact):
        said = ("what would you add to that now?" if second else
                "what has changed since we spoke?")
        return {"advice": f"Last time you advised {quoted}; what would you suggest as the next "
                          "step?",
                "lead": f"Last time you pointed me to {quoted}; what should I ask about first?",
                }.get(note.kind, f"Last time you said {quoted}; {said}")
    who = note.contact.split(" ")[0]
    if note.organisation and organisation_key(note.organisation) != \
            organisation_key(organisation or ""):
        who += f" at {note.organisation}"
    where = f"at {organisation}" if organisation else "where you work"
    if second and note.kind not in ("advice", "lead"):
        return f"Last time, {who} told me {quoted}; what would you add to that?"
    return {"advice": f"Last time, {who} advised {quoted}; how would you go about that "
                      f"{where}?",
            "lead": f"Last time, {who} pointed me to {quoted}; how would you suggest I "
                    "follow that up?",
            }.get(note.kind, f"Last time, {who} told me {quoted}; how does that match what you "
                             f"see {where}?")


def place_follow_ups(plan) -> None:
    """Put a plan's follow-ups where they read best: first when they follow up what this
    contact said last time, else just after the plan's first question, so a meeting with
    someone new opens on what is still open. Plans in TIARA order are left as they are."""
    ups = [q for q in plan.questions if q.kind == "follow_up"]
    if not ups or plan.order != "priority" or any(
            plan.contact and q.text.startswith("Last time you") for q in ups):
        return
    rest = [q for q in plan.questions if q.kind != "follow_up"]
    at = 1 if rest and rest[0].kind != "closing" else 0
    plan.questions = rest[:at] + ups + rest[at:]
    for rank, question in enumerate(plan.questions, start=1):
        question.rank = rank


def follow_up_questions(field: str, *, contact: str = "", organisation: str = "",
                        workbook=None, limit: int = FOLLOW_UPS, skip=()) -> list:
    """Up to ``limit`` follow-up questions (kind ``follow_up``) built on what contacts said
    in earlier meetings about ``field``: the contact's own notes first, then the latest of
    others', one per topic (none on the topics in ``skip``), each passing the question
    checks."""
    from infolib.planning.checklist import load_checklist
    from infolib.planning.checks import check_question
    from infolib.planning.questions import PlannedQuestion

    book = open_workbook(workbook)
    notes = meeting_notes(field, workbook=book)
    if not notes:
        return []
    tiara = {t.id: t.tiara for t in load_checklist(field, book.folder, compensation=True).topics}
    own = name_key(contact) if contact else None
    notes.sort(key=lambda n: (name_key(n.contact) != own, -n.day.toordinal(),
                              n.kind == "lead"))
    out, topics = [], set(skip)
    for note in notes:
        if len(out) >= limit:
            break
        if note.topic in topics:
            continue
        text = follow_up_text(note, contact=contact, organisation=organisation,
                              second=bool(out))
        if not check_question(text).ok:
            continue
        topics.add(note.topic)
        out.append(PlannedQuestion(text=text, topic=note.topic, kind="follow_up",
                                   minutes=FOLLOW_UP_MINUTES,
                                   tiara=tiara.get(note.topic, "insights")))
    return out
