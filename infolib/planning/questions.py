"""Turn the gap list and the research into a ranked list of open questions that fits the
meeting.

A plan holds five kinds of question (``kind``):

* ``grounded``: built on one finding of the research (a news item, a product, an open role, the
  mission, a value, a figure, the contact's own entry), quoting it and citing the page and date
  (``infolib.planning.grounded``), so the contact hears the homework;
* ``gap``: from the checklist's templates for each gap, most pressing first, filled in for the
  field, organisation and role with grammar that holds when any of them is unknown;
* ``yours``: questions the user wrote;
* ``follow_up``: built on what a contact said in an earlier meeting ("Last time you said …;
  …"; ``infolib.planning.meetings``); topics a meeting answered are not asked again;
* ``closing``: the checklist's closing questions, always last.

Each question asks one thing, and no two share a topic or a finding. Every question, the user's
own included, passes the checks of ``infolib.planning.checks``.

Time budget: the meeting opens with introductions (2 minutes), the questions run until the
wrap-up (minute 18 of 20; the last 10 % of longer meetings), and the closing questions fill the
wrap-up, shortened when needed so the plan never runs past the meeting's end. With material to
build on, up to three grounded questions are taken first, gap questions by priority fill the
time, then more grounded questions if there is room; optional TIARA ordering (Trends, Insights,
Advice, Resources, Assignments) then arranges the chosen ones.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from infolib.errors import PlanError
from infolib.files import write_file
from infolib.models import link
from infolib.planning.checklist import TIARA, Checklist, topic_label
from infolib.planning.checks import MAX_CHARS, CheckResult, check_question
from infolib.planning.gaps import GapList, evidence_lead_in, stored_gaps
from infolib.store.validate import meeting_minutes
from infolib.store.workbook import open_workbook
from infolib.terminal import terminal_safe

ORDERS = ("priority", "tiara")
QUESTION_KINDS = ("gap", "grounded", "yours", "follow_up", "closing")
GROUNDED_FIRST = 3  # grounded questions taken before the gap questions, when there are any
USER_MINUTES = 2.5
CITE_MAX_WORDS = 22
CITE_MIN_SCORE = 0.3  # quote only sentences clearly about the topic


def meeting_budget(minutes: int) -> tuple[float, float]:
    """(opening minutes, minute the wrap-up starts) for a meeting of ``minutes``."""
    opening = 2.0 if minutes >= 15 else 1.0
    wrap_up = minutes - 2 if minutes <= 30 else round(minutes * 0.9)
    return opening, float(wrap_up)


@dataclass
class PlannedQuestion:
    text: str
    topic: str
    kind: str  # gap | grounded | yours | follow_up | closing
    minutes: float
    tiara: str = "insights"
    rank: int = 0
    edited: bool = False
    #: what it quotes: {"text", "url", "title", "published", "retrieved", "finding"}
    cites: dict = dataclass_field(default_factory=dict)

    def cites_json(self) -> dict:
        return dict(self.cites)

    @classmethod
    def from_row(cls, row: dict) -> PlannedQuestion:
        kind = "yours" if row["kind"] == "user" else row["kind"]  # stored before "yours"
        return cls(text=row["text"], topic=row["topic"], kind=kind,
                   minutes=row["minutes"], tiara=row["tiara"], rank=row["rank"],
                   edited=row["edited"], cites=row["cites"] or {})

    def to_dict(self) -> dict:
        return {"rank": self.rank, "text": self.text, "topic": self.topic,
                "minutes": self.minutes, "kind": self.kind, "tiara": self.tiara,
                "edited": self.edited, "cites": self.cites or None}


@dataclass
class QuestionPlan:
    """The ranked questions for one meeting (a field and a contact), with their minutes."""

    field: str
    contact: str
    role: str
    organisation: str
    minutes: int
    order: str
    questions: list[PlannedQuestion]
    workbook: object = dataclass_field(default=None, repr=False)
    notes: list[str] = dataclass_field(default_factory=list)
    answered: object = dataclass_field(default=None, repr=False)  # the research check, built lazily
    sheets: dict = dataclass_field(default_factory=dict, repr=False)  # sheet files written: copies

    # time -----------------------------------------------------------------------------------------
    @property
    def opening(self) -> float:
        return meeting_budget(self.minutes)[0]

    @property
    def wrap_up_at(self) -> float:
        return meeting_budget(self.minutes)[1]

    @property
    def planned_minutes(self) -> float:
        return round(self.opening + sum(q.minutes for q in self.questions), 1)

    @property
    def fits(self) -> bool:
        core = sum(q.minutes for q in self.questions if q.kind != "closing")
        return self.opening + core <= self.wrap_up_at + 1e-9 and self.planned_minutes <= \
            self.minutes + 1e-9

    def fit_closing(self) -> None:
        """Shorten the closing questions, if need be, to fit between the wrap-up and the end
        of the meeting (a plan stored before they were fitted ran past the end)."""
        closing = [q for q in self.questions if q.kind == "closing"]
        window = self.minutes - self.wrap_up_at
        if closing and sum(q.minutes for q in closing) > window + 1e-9:
            each = max(0.1, math.floor(window / len(closing) * 10) / 10)
            for question in closing:
                question.minutes = min(question.minutes, each)

    def timeline(self) -> list[tuple[PlannedQuestion, float]]:
        """Each question with the minute it should start at. The closing questions start at
        the wrap-up minute: time the core questions leave spare is theirs, not the wrap-up's."""
        clock, out = self.opening, []
        for q in self.questions:
            if q.kind == "closing":
                clock = max(clock, self.wrap_up_at)
            out.append((q, round(clock, 1)))
            clock += q.minutes
        return out

    # editing ----------------------------------------------------------------------------------
    def _renumber(self) -> None:
        core = [q for q in self.questions if q.kind != "closing"]
        closing = [q for q in self.questions if q.kind == "closing"]
        self.questions = core + closing
        for i, q in enumerate(self.questions, start=1):
            q.rank = i

    def _at(self, rank: int) -> PlannedQuestion:
        if not isinstance(rank, int) or not 1 <= rank <= len(self.questions):
            raise PlanError(f"There is no question {rank!r}; the plan has questions 1 to "
                            f"{len(self.questions)}.")
        return self.questions[rank - 1]

    def check(self, text: str) -> CheckResult:
        """Run every check on ``text`` against this field's research."""
        if self.answered is None and self.workbook is not None:
            self.answered = _research_check(self.workbook, self.field, self.organisation)
        return check_question(text, self.answered)

    def _checked(self, text: str, force: bool, *, refused: str = "The question was not added",
                 hint: str = "(Pass force=True to keep it as written.)") -> str:
        text = " ".join((text or "").split())
        if not text:
            raise PlanError("The question is empty: write it out, e.g. 'How did you move from "
                            "field work into a planning role?'")
        if len(text) > MAX_CHARS * 2:
            raise PlanError(f"The question is {len(text)} characters long, too long to ask in a "
                            f"meeting; keep it under {MAX_CHARS} characters.")
        result = self.check(text)
        if not result.ok and not force:
            raise PlanError(f"{refused}: " + " ".join(
                p.reason + (f" Try: “{p.rewrite}”" if p.rewrite else "")
                for p in result.problems) + (f" {hint}" if hint else ""))
        return text

    def add(self, text: str, *, topic: str = "own", minutes: float = USER_MINUTES,
            position: int | None = None, force: bool = False) -> PlannedQuestion:
        """Add a question of your own (before the closing questions, or at ``position``)."""
        text = self._checked(text, force)
        for existing in self.questions:
            if existing.text.lower() == text.lower():
                return existing  # asked already (e.g. a notebook run twice)
        question = PlannedQuestion(text=text, topic=topic, kind="yours", minutes=float(minutes),
                                   tiara="insights")
        core = [q for q in self.questions if q.kind != "closing"]
        index = len(core) if position is None else max(0, min(len(core), position - 1))
        self.questions.insert(index, question)
        self._renumber()
        # make room: the last generated question gives way, never one you wrote or edited
        while not self.fits:
            spare = [q for q in self.questions if q.kind == "gap" and not q.edited] or \
                [q for q in self.questions if q.kind == "grounded" and not q.edited]
            if not spare:
                break
            self.questions.remove(spare[-1])
            self.notes.append(f"Dropped to make room for your question: {spare[-1].text}")
            self._renumber()
        return question

    def edit(self, rank: int, text: str, *, force: bool = False) -> PlannedQuestion:
        question = self._at(rank)
        question.text = self._checked(text, force, refused="The new wording was not kept")
        question.edited = True
        question.cites = {} if question.cites and question.cites.get("text", "") not in text \
            else question.cites
        return question

    def drop(self, rank: int) -> PlannedQuestion:
        question = self._at(rank)
        if question.kind == "closing":
            raise PlanError("The closing questions stay on every list (who else to talk to, "
                            "anything else to know, staying in touch); edit the wording instead.")
        self.questions.remove(question)
        self._renumber()
        return question

    def move(self, rank: int, to: int) -> None:
        question = self._at(rank)
        core = [q for q in self.questions if q.kind != "closing"]
        if question.kind == "closing" or not 1 <= to <= len(core):
            raise PlanError(f"Questions move among ranks 1 to {len(core)}; the closing "
                            "questions always come last.")
        core.remove(question)
        core.insert(to - 1, question)
        self.questions = core + [q for q in self.questions if q.kind == "closing"]
        self._renumber()

    def set_minutes(self, rank: int, minutes: float) -> None:
        if not 0.5 <= float(minutes) <= 15:
            raise PlanError(f"{minutes} minutes for one question? Give 0.5 to 15.")
        self._at(rank).minutes = float(minutes)

    def save(self) -> QuestionPlan:
        """Store the plan for its field and contact (replacing the stored one), and rewrite
        the printable sheets written from it (and the sheet in the workbook's ``sheets/``
        folder), so a printed sheet never shows an older plan than the one saved."""
        if self.workbook is None:
            raise PlanError("This plan has no workbook to be saved in.")
        self._renumber()
        self.workbook.planning.save_plan(self)
        sheets = dict(self.sheets)
        if self.default_sheet_path().exists():
            sheets.setdefault(self.default_sheet_path(), 2)
        for path, copies in sheets.items():
            self.save_sheet(path, copies)
        return self

    # output -------------------------------------------------------------------------------------
    def table(self):
        import pandas as pd

        return pd.DataFrame([{"rank": q.rank, "starts": start, "question": q.text,
                              "topic": q.topic, "minutes": q.minutes, "kind": q.kind,
                              "tiara": q.tiara, "source": q.cites.get("url", ""),
                              "source date": cite_date(q.cites)}
                             for q, start in self.timeline()],
                            columns=["rank", "starts", "question", "topic", "minutes", "kind",
                                     "tiara", "source", "source date"])

    def to_list(self) -> list[dict]:
        """The questions as JSON values: what ``infolib questions --json`` prints."""
        return [q.to_dict() for q in self.questions]

    def to_dict(self) -> dict:
        """The whole plan as JSON values: the meeting, its time budget, notes and questions."""
        return {"field": self.field, "contact": self.contact, "role": self.role,
                "organisation": self.organisation, "minutes": self.minutes, "order": self.order,
                "planned_minutes": self.planned_minutes, "wrap_up_at": self.wrap_up_at,
                "fits": self.fits, "notes": list(self.notes), "questions": self.to_list()}

    def headline(self) -> str:
        who = f" with {self.contact}" if self.contact else ""
        if self.organisation:
            who += f" at {self.organisation}" if self.contact else f" about {self.organisation}"
        status = ("fits" if self.fits else
                  f"runs over: drop or shorten questions to finish by minute {self.minutes}")
        return (f"{len(self.questions)} questions for a {self.minutes}-minute meeting{who} "
                f"({self.field}): {self.planned_minutes:g} minutes planned, wrap-up from minute "
                f"{self.wrap_up_at:g}; {status}.")

    def __repr__(self) -> str:
        lines = [self.headline()]
        for q, start in self.timeline():
            lines.append(f"  {q.rank:>2}. [{start:>4.1f}′ {q.kind}] {q.text}")
            if q.cites.get("url"):
                lines.append(f"      source: {cite_label(q.cites)}")
        return "\n".join(lines + [f"  note: {n}" for n in self.notes])

    def to_text(self) -> str:
        """The plan as the CLI prints it: the headline, each question at its minute, the
        notes; text from the research is made terminal-safe."""

        return terminal_safe(repr(self))

    def _repr_html_(self) -> str:
        e = html.escape
        rows = "".join(
            f"<tr><td>{q.rank}</td><td>{start:g}′</td><td style='text-align:left'>{e(q.text)}"
            + (" " + link(q.cites["url"], "[source" + (f", {cite_date(q.cites)}"
                                                      if cite_date(q.cites) else "") + "]")
               if q.cites.get("url") else "")
            + f"</td><td>{e(topic_label(q.topic))}</td><td>{q.minutes:g}</td><td>{e(q.kind)}</td></tr>"
            for q, start in self.timeline())
        notes = "".join(f"<p><i>{e(n)}</i></p>" for n in self.notes)
        return (f"<p>{e(self.headline())}</p>{notes}<table><thead><tr><th>#</th><th>starts"
                f"</th><th>question</th><th>topic</th><th>min</th><th>kind</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>")

    def sheet_html(self, copies: int = 2) -> str:
        """A printable question sheet: ``copies`` copies (one for the contact), A4."""
        from infolib.planning.sheet import question_sheet

        return question_sheet(self, copies)

    def default_sheet_path(self) -> Path:
        from infolib.planning.checklist import slug

        folder = self.workbook.folder if self.workbook is not None else Path.cwd()
        name = slug(self.field) + (f"-{slug(self.contact)}" if self.contact else "")
        return folder / "sheets" / f"questions-{name}.html"

    def save_sheet(self, path: str | Path | None = None, copies: int = 2) -> Path:
        """Write the printable sheet as HTML (open it in a browser and print); by default
        into the workbook's ``sheets/`` folder."""

        path = Path(path) if path else self.default_sheet_path()
        written = write_file(path, self.sheet_html(copies))
        self.sheets[path] = copies
        return written


# --- building a plan ----------------------------------------------------------------------------

def stored_plan(field: str, contact: str = "", *, workbook=None) -> QuestionPlan | None:
    """The question plan stored for ``field`` and ``contact`` (as last saved), or None."""
    book = open_workbook(workbook)
    stored = book.planning.load_plan(field, contact)
    if stored is None:
        return None
    plan, rows = stored
    return QuestionPlan(field=plan["field"], contact=plan["contact"], role=plan["role"],
                        organisation=plan["organisation"], minutes=plan["minutes"],
                        order=plan["ordering"], workbook=book,
                        questions=[PlannedQuestion.from_row(r) for r in rows])


def last_worked_on(field: str, *, workbook=None) -> str:
    """The contact of the field's plan saved last ("" for the plan made before a contact was
    chosen, or when the field has none): the plan ``infolib questions`` shows without
    ``--contact``, so it never starts a second, unedited plan beside the one being edited."""
    book = open_workbook(workbook)
    plans = book.planning.plans((field or "").strip())
    if plans.empty:
        return ""
    return str(plans.sort_values("updated").iloc[-1]["contact"] or "")


def _research_index(workbook, field: str, start_url: str | None = None):
    """The field's research as a ResearchIndex (its English pages and profile facts), or one
    organisation's (``start_url``)."""
    from infolib.planning.coverage import ResearchIndex, english_pages

    pages, facts, organisation, _ids, _errors = workbook.research.inputs(field, start_url)
    return ResearchIndex(english_pages(pages)[0], facts, organisation)


def same_organisation(name: str, org: dict) -> bool:
    """True when ``name`` (a plan's organisation) names the organisation ``org``."""
    from infolib.store.validate import organisation_key

    return organisation_key(name or "") == organisation_key(org["name"])


def _cross_questions(book, field: str, org: dict, gap_list: GapList) -> list:
    """The questions for a meeting at ``org`` that cite the field's other organisations."""
    from infolib.planning.grounded import cross_questions

    others = []
    for other in book.research.organisations(field):
        if other["start_url"] == org["start_url"] or other["crawl_id"] is None:
            continue
        index = _research_index(book, field, other["start_url"])
        others.append((other["name"], research_profile(index.facts), index.pages))
    return cross_questions(others, own=gap_list.organisation or org["name"],
                           open_topics=[g.topic for g in gap_list.gaps])


def research_profile(facts: dict[str, list[dict]]):
    """The CompanyProfile the stored facts (by topic, as ``research.inputs`` gives them) say."""
    from infolib.store.research import LIST_TOPICS, profile_from_rows

    known = set(LIST_TOPICS) | {"hiring", "name", "description", "founded", "headquarters",
                                "employees", "mission"}
    return profile_from_rows([row for topic, rows in facts.items() if topic in known
                              for row in rows])


def _combined_check(index):
    """A callable for check_question: the profile's facts first (the answer and its source),
    then the researched sentences."""
    from infolib.planning.checks import ANSWER_SHAPES, profile_answers, profile_question_kind

    by_profile = profile_answers(research_profile(index.facts), index.pages,
                                 index.organisation)

    def answered(question: str):
        found = by_profile(question)
        if found is not None:
            return found
        found = index.answers(question)
        kind = profile_question_kind(question)
        if found is not None and kind == "founders" and "\u201c" not in found.reason:
            return None  # the people listed, none of them said to be a founder
        if found is not None and kind in ANSWER_SHAPES and "\u201c" in found.reason:
            # a sentence found by likeness answers only when it holds what was asked (a year
            # for "when was … founded?")
            quoted = found.reason.split("\u201c", 1)[1].rsplit("\u201d", 1)[0]
            if not ANSWER_SHAPES[kind].search(quoted):
                return None
        return found

    return answered


def _research_check(workbook, field: str, organisation: str = ""):
    """A callable for check_question that knows the field's research (built once): in a field
    of several organisations, ``organisation``'s (its name) when it is one of them."""
    scope = None
    orgs = workbook.research.organisations(field) if organisation else []
    if len(orgs) > 1:
        scope = next((o["start_url"] for o in orgs if same_organisation(organisation, o)), None)
    return _combined_check(_research_index(workbook, field, scope))


def check_with_research(text: str, field: str | None = None, *, workbook=None) -> CheckResult:
    """Check one question (open, one thing, not a job request, a sensible length); with
    ``field``, also that the field's research does not already answer it.

    Raises:
        DataError: there is no such field.
    """
    answered = _research_check(open_workbook(workbook), field) if field else None
    return check_question(text, answered)


def cite_date(cites: dict) -> str:
    """The date a citation carries: the finding's own date, else "read YYYY-MM-DD"."""
    if not cites:
        return ""
    if cites.get("published"):
        return str(cites["published"])
    return f"read {cites['retrieved']}" if cites.get("retrieved") else ""


def cite_label(cites: dict) -> str:
    """'Title (date) <url>' for a citation, as the text display and sheet show it; a finding
    of another organisation of the field is named by it ('Org: Title (date) <url>'), and a
    second one it cites follows after ' · '."""
    title = (cites.get("title") or "").strip()
    when = cite_date(cites)
    head = title + (f" ({when})" if when else "") if title else when
    label = f"{head} <{cites['url']}>" if head else str(cites.get("url", ""))
    if cites.get("organisation"):
        label = f"{cites['organisation']}: {label}"
    return " · ".join([label] + [cite_label(more) for more in cites.get("also") or []])


def _field_words(field: str) -> str:
    text = re.sub(r"\s*\([^)]*\)", "", field).strip() or field
    first, _, rest = text.partition(" ")
    if first[:1].isupper() and first[1:].islower():
        first = first.lower()
    return f"{first} {rest}".strip()


def _article(role: str) -> str:
    return ("an " if role[:1].lower() in "aeiou" else "a ") + role


# a second question joined to the first (", and what …?", ", and why?", ", and may I …?")
_SECOND_ASK = re.compile(
    r"(,?\s+(and|or|but)\s+(what|how|which|why|where|who|when|whom|whose)\b"
    r"|,\s+(and|or|but)\s+(may|can|could|would|should|will|do|does|did|is|are|was|were|have|"
    r"has)\s+(i|you|we|they|it|there|he|she)\b)[^?]*\?\s*$", re.I)
_QUOTED = re.compile(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"")


def _unquoted(text: str) -> str:
    """``text`` with quoted words (a title, a sentence from the site) blanked out, same length."""
    return _QUOTED.sub(lambda m: "\u201c" + "x" * (len(m.group(0)) - 2) + "\u201d", text)


def asks_two_things(text: str) -> bool:
    """True when a question asks two things: two question marks, or a second question joined
    on with "and"/"or" ("Which projects …, and why?"); quoted words do not count."""
    bare = _unquoted(text)
    return bare.count("?") > 1 or bool(_SECOND_ASK.search(bare))


def one_question(text: str) -> str:
    """``text`` cut to its first question when a second one is joined on ("How did you come
    to …, and what would you do differently?" -> "How did you come to …?")."""
    match = _SECOND_ASK.search(_unquoted(text))
    if match is None or match.start() < 15:
        return text
    return text[:match.start()].rstrip(" ,;") + "?"


def fill(template: str, *, field: str, organisation: str, role: str) -> str:
    """A checklist template filled in; the grammar holds when the organisation's name or the
    role is unknown ("as {a_role}" becomes "in your kind of role"; "at {org}" is left out)."""
    role_text = role.strip().lower()
    organisation = (organisation or "").strip()
    if not role_text:
        template = re.sub(r"\bas \{a_role\}", "in your kind of role", template)
    if not organisation:
        # "… at {org}, and …" / "… at {org}?": "where you work", unless the sentence already
        # says where ("come to work in {field} at {org}"); "{org}'s" -> "your organisation's"
        def at_org(match: re.Match) -> str:
            before = template[:match.start()].split()[-6:]
            said = any(w.lower().startswith("work") for w in before) or \
                (before and before[-1] in ("{a_role}", "{role}", "role"))
            return " where you work" if match.group(1) and not said else ""

        template = re.sub(r" at \{org\}(?=([,?.;])?)", at_org, template)
    values = {
        "field": _field_words(field),
        "org": organisation or "your organisation",
        "role": role_text or "your role",
        "a_role": _article(role_text) if role_text else "someone in your kind of role",
    }
    return one_question(" ".join(template.format(**values).split()))


def _cite_sentence(gap) -> dict | None:
    """The best evidence sentence short enough to quote in a question."""
    for item in gap.evidence:
        if item.score >= CITE_MIN_SCORE and len(item.text.split()) <= CITE_MAX_WORDS and \
                "?" not in item.text and item.text[:1].isupper() and \
                ":" not in " ".join(item.text.split()[:4]):  # "Requirements: …" is a label
            return {"text": item.text, "url": item.url,
                    "published": item.published.isoformat() if item.published else None,
                    "retrieved": item.retrieved.isoformat() if item.retrieved else None}
    return None


def _goal_question(gap) -> str:
    text = gap.title.strip().rstrip(".")
    if text.endswith("?"):
        return text
    text = re.sub(r"^(to|i want to|i'd like to|i would like to)\s+", "", text, flags=re.I)
    if gap.source == "outcome":
        return f"I am hoping to {text}; what would you weigh if you were in my place?"
    return f"Could you tell me about {text}?"


def candidate_questions(gap, checklist: Checklist, *, field: str, organisation: str,
                        role: str) -> list[PlannedQuestion]:
    """The questions one gap offers, best first."""
    if gap.source in ("learn", "outcome"):
        return [PlannedQuestion(text=_goal_question(gap), topic=gap.topic, kind="gap",
                                minutes=USER_MINUTES, tiara=gap.tiara)]
    try:
        topic = checklist.topic(gap.topic)
    except PlanError:
        return []  # the topic was removed from the checklist since the gap list was made
    out = []
    quoted = _cite_sentence(gap) if topic.cite else None
    if quoted and gap.coverage > 0:
        text = (f"{evidence_lead_in(quoted['text'], organisation)} "
                f"{fill(topic.cite, field=field, organisation=organisation, role=role)}")
        out.append(PlannedQuestion(text=text, topic=topic.id, kind="gap", minutes=topic.minutes,
                                   tiara=topic.tiara, cites=quoted))
    for template in topic.questions:
        out.append(PlannedQuestion(text=fill(template, field=field,
                                             organisation=organisation, role=role),
                                   topic=topic.id, kind="gap", minutes=topic.minutes,
                                   tiara=topic.tiara))
    return out


def closing_minutes(checklist: Checklist, minutes: int) -> float:
    """Minutes for each closing question: the checklist's, shortened so that the closing
    questions fit between the wrap-up and the end of the meeting."""
    count = len(checklist.closing)
    if not count:
        return 0.0
    window = minutes - meeting_budget(minutes)[1]
    return max(0.1, min(checklist.closing_minutes, math.floor(window / count * 10) / 10))


def _as_planned(item) -> PlannedQuestion:
    """A grounded question (``planning.grounded.Grounded``) as a PlannedQuestion."""
    return PlannedQuestion(text=item.text, topic=item.topic, kind="grounded",
                           minutes=item.minutes, tiara=item.tiara, cites=item.finding.cites())


def build_plan(gap_list: GapList, checklist: Checklist, *, minutes: int = 20, contact: str = "",
               role: str = "", organisation: str | None = None, order: str = "priority",
               keep: list[PlannedQuestion] | None = None, answered=None,
               grounded: list | None = None, no_grounded: str = "") -> QuestionPlan:
    """Choose, order and time the questions for one meeting (nothing is stored).

    ``grounded`` are the questions built on the research's findings, best first
    (``planning.grounded.grounded_questions``); up to three come first, the gap questions fill
    the time by priority, then further grounded ones while they fit. No two questions share a
    topic or a finding. ``no_grounded`` is the note saying why there are none.
    """
    minutes = meeting_minutes(minutes)
    if order not in ORDERS:
        raise PlanError(f"Order the questions by 'priority' or 'tiara', not {order!r}.")
    organisation = gap_list.organisation if organisation is None else organisation
    opening, wrap_up = meeting_budget(minutes)
    available = wrap_up - opening
    kept = list(keep or [])
    used = sum(q.minutes for q in kept)
    notes = []
    if used > available:
        notes.append(f"Your own questions need {used:g} minutes, more than the {available:g} "
                     "before the wrap-up: drop some or ask for a longer meeting.")
    seen = {q.text.lower() for q in kept}
    topics = {q.topic for q in kept if q.topic not in ("own", "closing")}
    quotes = {(q.cites.get("text") or "").lower() for q in kept if q.cites}

    def fits_in(question: PlannedQuestion) -> bool:
        return (question.text.lower() not in seen and question.topic not in topics and
                used + question.minutes <= available + 1e-9 and
                not asks_two_things(question.text) and
                (not question.cites or (question.cites.get("text") or "").lower() not in quotes)
                and check_question(question.text, answered).ok)

    def take(question: PlannedQuestion, into: list) -> None:
        nonlocal used
        into.append(question)
        seen.add(question.text.lower())
        topics.add(question.topic)
        if question.cites:
            quotes.add((question.cites.get("text") or "").lower())
        used += question.minutes

    # grounded questions on topics the user will ask about anyway come first
    pending = [_as_planned(g) for g in grounded or []]
    built_on = []
    for question in list(pending):
        if len(built_on) >= GROUNDED_FIRST:
            break
        if fits_in(question):
            take(question, built_on)
            pending.remove(question)
    rounds = [candidate_questions(g, checklist, field=gap_list.field,
                                  organisation=organisation, role=role) for g in gap_list.gaps]
    from_gaps = []
    for gap, candidates in zip(gap_list.gaps, rounds, strict=True):
        # a finding on this gap's topic asks about it with the homework shown; else the first
        # of its template questions that passes
        on_topic = [q for q in pending if q.topic == gap.topic]
        if on_topic and fits_in(on_topic[0]):
            take(on_topic[0], built_on)
            pending.remove(on_topic[0])
            continue
        for question in candidates:
            if fits_in(question):
                take(question, from_gaps)
                break
    for question in pending:  # then the rest of the grounded ones while there is room
        if fits_in(question):
            take(question, built_on)
    # the most pressing gap opens, then grounded and gap questions take turns
    chosen = kept + from_gaps[:1]
    rest_gaps = from_gaps[1:]
    for i in range(max(len(built_on), len(rest_gaps))):
        chosen += built_on[i:i + 1] + rest_gaps[i:i + 1]
    if order == "tiara":
        rank_of = {id(q): i for i, q in enumerate(chosen)}
        chosen.sort(key=lambda q: (TIARA.index(q.tiara) if q.tiara in TIARA else 1,
                                   rank_of[id(q)]))
    each = closing_minutes(checklist, minutes)
    closing = [PlannedQuestion(text=one_question(" ".join(text.split())), topic="closing",
                               kind="closing", minutes=each, tiara="resources")
               for text in checklist.closing]
    if not gap_list.gaps:
        notes.append("The research covers every topic: mark the topics you still want to test "
                     "as gaps, or add questions of your own.")
    if grounded is not None and not built_on:
        notes.append(no_grounded or "No question builds on the research: every finding's topic "
                     "is already asked about, or there was no room.")
    plan = QuestionPlan(field=gap_list.field, contact=contact.strip(), role=role.strip(),
                        organisation=organisation, minutes=minutes, order=order,
                        questions=chosen + closing, notes=notes, answered=answered)
    plan._renumber()
    return plan


def plan_questions(field: str, *, workbook=None, minutes: int = 20, contact: str = "",
                   role: str = "", order: str = "priority", questions: list[str] | None = None,
                   rebuild: bool = False, organisation: str | None = None) -> QuestionPlan:
    """The ranked question list for a meeting about ``field``, stored per field and contact:
    grounded questions built on the research's findings, gap questions, yours, and the closing
    questions, within the meeting's minutes.

    A stored plan for the same contact comes back as the user left it (edits kept) unless
    ``rebuild`` is true or the meeting length or order changed; a rebuild keeps the questions
    the user wrote or edited. ``questions`` adds questions of your own (each is checked).

    When the field has several organisations, the plan is for the contact's (``organisation``,
    a name or address, else the one the contacts table says the contact works at, else the
    one researched first): built on that organisation's gap list and findings, with at most
    two questions citing the others' findings ("I read that X and Y both …").

    Raises:
        PlanError: an unknown order, a question that is empty, far too long or fails its
            checks; an organisation that is none of the field's.
        DataError: a meeting length outside 5–240 minutes (``store.validate.meeting_minutes``),
            or the field does not exist.
        NotFoundError: nothing was researched for the field (see ``find_gaps``).
    """
    from infolib.planning.checklist import load_checklist
    from infolib.planning.gaps import find_gaps
    from infolib.planning.grounded import grounded_questions, why_none
    from infolib.planning.meetings import answered_in_plan, follow_up_questions, place_follow_ups

    minutes = meeting_minutes(minutes)
    if order not in ORDERS:
        raise PlanError(f"Order the questions by 'priority' or 'tiara', not {order!r}.")
    book = open_workbook(workbook)
    field = (field or "").strip()
    from infolib.planning.gaps import contact_organisation

    org = contact_organisation(field, contact=contact, organisation=organisation, workbook=book)
    scope = org["start_url"] if org else None
    stored = stored_plan(field, contact, workbook=book)
    if stored is not None and not rebuild and stored.minutes == minutes and stored.order == order \
            and (not role or role.strip() == stored.role) and \
            (org is None or same_organisation(stored.organisation, org)):
        plan = stored
        plan.fit_closing()
        plan.notes += answered_in_plan(plan, workbook=book)  # a meeting answered some since
    else:
        gap_list = (stored_gaps(field, scope, workbook=book) or
                    find_gaps(field, organisation=scope, workbook=book))
        checklist = load_checklist(field, book.folder, compensation=True)
        keep = [q for q in (stored.questions if stored else []) if q.kind == "yours" or
                (q.edited and q.kind != "closing")]
        research = _research_index(book, field, scope)
        answered = _combined_check(research)
        if stored is not None and not role:
            role = stored.role
        if not role and contact:
            role = _contact_role(book, field, contact)
        profile = research_profile(research.facts)
        grounded = grounded_questions(profile, research.pages, contact=contact,
                                      gaps=[g.topic for g in gap_list.gaps])
        if org is not None:  # one or two questions citing the field's other organisations
            grounded[2:2] = _cross_questions(book, field, org, gap_list)
        # what meetings answered is not asked again; follow-ups build on what contacts said
        closed = {g.topic for g in gap_list.rows if g.answered_by and not g.is_gap}
        grounded = [g for g in grounded if g.topic not in closed]
        keep += follow_up_questions(field, contact=contact, organisation=gap_list.organisation,
                                    workbook=book, skip={q.topic for q in keep})
        plan = build_plan(gap_list, checklist, minutes=minutes, contact=contact, role=role,
                          order=order, keep=keep, answered=answered, grounded=grounded,
                          no_grounded=why_none(profile, research.pages))
        place_follow_ups(plan)
        if research.unreadable:  # say why no question builds on the research
            plan.notes.append(research.unreadable)
        plan.workbook = book
    plan.workbook = book
    for text in questions or []:
        plan.add(text)
    return plan.save()


def _contact_role(book, field: str, contact: str) -> str:
    """The contact's role when the research lists them among the organisation's people."""
    _pages, facts, _org, _ids, _errors = book.research.inputs(field)
    wanted = " ".join(contact.lower().split())
    for person in facts.get("person", []):
        if " ".join(person["value"].lower().split()) == wanted:
            return (person.get("detail") or {}).get("role") or ""
    return ""
