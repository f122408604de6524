"""What the brief says, gathered from the workbook: the profile and summary, the news, the
people, the gap list, the question plan for the contact, the outreach and its reminders.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date

from infolib.brief import sections
from infolib.brief.sections import Sources
from infolib.errors import DataError, NotFoundError
from infolib.store.workbook import open_workbook
from infolib.terminal import terminal_safe


@dataclass
class BriefData:
    """Everything the brief shows, read from the workbook once."""

    field: str
    contact: str
    research: object  # ResearchResult
    gaps: object  # GapList
    plan: object  # QuestionPlan
    contact_row: dict | None = None
    meeting: dict | None = None  # sections.meeting_details of the contact's latest meeting
    outreach: object = None  # DataFrame
    reminders: object = None  # DataFrame
    seeker: str = ""
    #: what changed at the organisation since the crawl before its latest (None: nothing known)
    changes: object = None  # research.changes.OrganisationChanges
    #: the field's other organisations: (organisation, ResearchResult or None) pairs
    others: list = dataclass_field(default_factory=list)
    today: date = dataclass_field(default_factory=date.today)
    sources: Sources = dataclass_field(default=None)

    def __post_init__(self):
        if self.sources is None:
            self.sources = Sources.of(self.research)

    @property
    def organisation(self) -> str:
        # it goes into the page title too, which sections.e() does not see
        return terminal_safe(self.research.profile.value("name") or self.plan.organisation)

    @property
    def role(self) -> str:
        row = self.contact_row or {}
        return str(row.get("role") or "") or self.plan.role or ""


def _same(a, b) -> bool:
    return " ".join(str(a or "").lower().split()) == " ".join(str(b or "").lower().split())


def collect(field: str, *, contact: str = "", workbook=None, today: date | None = None,
            organisation: str | None = None) -> BriefData:
    """Read what the brief of ``field`` (for ``contact``) shows from the workbook.

    Uses the stored gap list and question plan when there are some, else makes (and stores)
    them with ``find_gaps`` and ``plan_questions``. When the field has several organisations
    the brief is about the contact's (``organisation``, a name or address, else the one the
    contacts table says they work at, else the one researched first) and lists the others.

    Raises:
        DataError: no field is named.
        NotFoundError: no research is stored for the field, or it read no pages.
        PlanError: ``organisation`` is none of the field's.
    """
    from infolib.outreach.reminders import due_reminders
    from infolib.planning.gaps import contact_organisation, find_gaps, stored_gaps
    from infolib.planning.questions import plan_questions, same_organisation, stored_plan

    book = open_workbook(workbook)
    field = " ".join((field or "").split())
    contact = " ".join((contact or "").split())
    if not field:
        raise DataError("Which field is the brief for? Pass its name, e.g. "
                        "make_brief('Energy storage'); `infolib fields` lists them.")
    try:
        org = contact_organisation(field, contact=contact, organisation=organisation,
                                   workbook=book)
    except DataError:  # no such field: the research says so below, and how to make it
        org = None
    if org is not None and org["crawl_id"] is None:
        raise NotFoundError(f"The research of {org['name']} <{org['start_url']}> in {field!r} "
                            f"read no pages ({org['error'] or 'no page could be read'}), so "
                            "there is nothing to brief from. Check the address, then run "
                            f"`infolib research URL --field {field!r} --refresh` again.")
    # refused, saying how to research it
    research = book.research.load(field, crawl_id=org["crawl_id"] if org else None)
    if not research.ok:
        why = research.crawl.error or "no page could be read"
        raise NotFoundError(f"The latest research of {field!r} read no pages ({why}), so "
                            "there is nothing to brief from. Check the address, then run "
                            f"`infolib research URL --field {field!r} --refresh` again.")
    scope = org["start_url"] if org else None
    gaps = (stored_gaps(field, scope, workbook=book) or
            find_gaps(field, organisation=scope, workbook=book))
    plan = stored_plan(field, contact, workbook=book)
    if plan is None or (org is not None and not same_organisation(plan.organisation, org)):
        plan = plan_questions(field, workbook=book, contact=contact, organisation=scope,
                              **({"minutes": plan.minutes, "order": plan.order} if plan else {}))
    today = today or date.today()

    contacts = book.contacts.table()
    contact_row = None
    if contact:
        mine = contacts[[_same(n, contact) for n in contacts["name"]]]
        if len(mine):
            contact_row = {k: (None if _missing(v) else v) for k, v in mine.iloc[0].to_dict().items()}

    outreach = book.log.outreach()
    reminders = due_reminders(workbook=book, today=today)
    meeting = None
    if contact:
        outreach = outreach[[_same(n, contact) for n in outreach["contact"]]]
        reminders = reminders[[_same(n, contact) for n in reminders["contact"]]]
        meetings = book.log.meetings()
        meetings = meetings[[_same(n, contact) for n in meetings["contact"]]]
        if len(meetings):
            meeting = sections.meeting_details(meetings.sort_values("starts").iloc[-1].to_dict())
    seeker = book.contacts.seeker() or {}
    return BriefData(field=field, contact=contact, research=research, gaps=gaps, plan=plan,
                     contact_row=contact_row, meeting=meeting, outreach=outreach,
                     reminders=reminders, seeker=str(seeker.get("name") or ""), today=today,
                     changes=_changes(field, research, book), others=_others(book, field, org))


def _others(book, field: str, org: dict | None) -> list:
    """The field's organisations other than the brief's, each with the profile of its latest
    research (None when its site could not be read)."""
    if org is None:
        return []
    return [(other, book.research.profile(other["crawl_id"])
             if other["crawl_id"] is not None else None)
            for other in book.research.organisations(field)
            if other["start_url"] != org["start_url"]]


def _changes(field: str, research, book):
    """What changed at the researched organisation between its two latest crawls, if it
    was read twice; else None."""
    from infolib.errors import InfolibError
    from infolib.research.changes import changes

    try:
        found = changes(field, workbook=book)
    except InfolibError:
        return None
    return next((org for org in found.organisations
                 if org.after_crawl == research.crawl_id and org.changes), None)


def _missing(value) -> bool:
    try:
        import pandas as pd

        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
