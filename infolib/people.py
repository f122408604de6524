"""The people around a job search: import contacts, find who works where you research, and
keep a copy of the whole workbook.

Writes go through ``Workbook`` (validated, one transaction each); these functions open the
workbook, call it, and return what a notebook shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from pathlib import Path

from infolib.store.imports import read_contacts_csv, read_linkedin
from infolib.store.people import ImportReport, organisation_key


def _book(workbook):
    from infolib.store.workbook import Workbook

    return workbook if isinstance(workbook, Workbook) else Workbook(workbook)


def import_linkedin(path: str | Path, *, workbook=None) -> ImportReport:
    """Import your own LinkedIn export (``Connections.csv``); people already in the workbook
    are skipped, so importing the same file twice adds nobody twice."""
    rows = read_linkedin(path)
    return _book(workbook).import_contacts(rows, "linkedin", label=Path(path).name)


def import_contacts(path: str | Path, *, workbook=None) -> ImportReport:
    """Import a contacts CSV (name, organisation, role, email, … — see read_contacts_csv)."""
    rows = read_contacts_csv(path)
    return _book(workbook).import_contacts(rows, "csv", label=Path(path).name)


def connections_at_targets(field: str, *, workbook=None):
    """Your contacts who work at the organisations researched for ``field``, matched by name
    with legal suffixes, case and punctuation ignored ("Larkspur Grid Systems Ltd")."""
    import pandas as pd

    book = _book(workbook)
    _pages, facts, _org, _crawls, _errors = book.research_inputs(field)
    targets = {organisation_key(f["value"]): f["value"] for f in facts.get("name", [])}
    frame = book.contacts()
    if frame.empty or not targets:
        return frame.iloc[0:0].assign(target=pd.Series(dtype=str))
    keys = frame["organisation"].fillna("").map(organisation_key)
    found = frame[keys.isin(set(targets) - {""})].copy()
    found["target"] = keys[found.index].map(targets)
    return found.reset_index(drop=True)


def export_workbook(folder: str | Path, *, workbook=None) -> Path:
    """Write every table of the workbook as CSV into ``folder`` (new or empty)."""
    from infolib.store.backup import export_workbook as export

    return export(_book(workbook), folder)


def restore_workbook(folder: str | Path, *, workbook=None) -> dict[str, int]:
    """Load an export into an empty workbook; returns the rows restored per table."""
    from infolib.store.backup import restore_workbook as restore

    return restore(_book(workbook), folder)


# --- outreach over the workbook: drafts, reminders, reply labels -------------------------------

def _seeker(book):
    from infolib.errors import DataError
    from infolib.outreach import Seeker

    row = book.seeker()
    if row is None:
        raise DataError("Tell infolib who you are first, for the signature: `infolib me NAME "
                        "EMAIL --phone PHONE --url PROFILE` or Workbook().set_seeker(…).")
    return Seeker(name=row["name"], email=row["email"], phone=row["phone"],
                  profile_url=row["profile_url"], background=row["background"])


def _person(book, contact):
    from infolib.outreach import Person

    frame = book.contacts()
    with book.engine.connect() as conn:
        contact_id = book._contact_id(conn, contact)
    row = frame[frame["id"] == contact_id].iloc[0].fillna("")
    connection = {"alumni": "fellow alumni", "event": "we met at an event",
                  "linkedin": "LinkedIn connections"}.get(row["how_found"], "")
    person = Person(name=row["name"], email=row["email"], organisation=row["organisation"],
                    role=row["role"], why=row["notes"], referrer=row["referred_by"],
                    connection="" if row["referred_by"] else connection)
    return contact_id, person, row


def _latest_meeting(book, contact_id: int):
    from infolib.errors import DataError

    meetings = book.meetings()
    mine = meetings[meetings["contact_id"] == contact_id]
    if mine.empty:
        raise DataError("No meeting with this contact is logged yet; log it first "
                        "(`infolib meeting CONTACT --when …`).")
    return mine.iloc[-1]


@dataclass
class DraftResult:
    """A saved draft: the email, where it is, and (for requests) what the lint found."""

    draft: object
    path: Path
    problems: list = dataclass_field(default_factory=list)

    def __repr__(self) -> str:
        lint = ("; ".join(str(p) for p in self.problems) if self.problems else
                "passes the short-email rules" if self.draft.kind == "request" else "")
        return (f"{self.draft.kind.replace('_', '-')} draft to {self.draft.to_name or '?'} "
                f"({self.draft.word_count()} words) saved to {self.path}"
                + (f"\n{lint}" if lint else "") + f"\n\nSubject: {self.draft.subject}\n\n"
                f"{self.draft.body}")


def draft_email(kind: str, contact, *, workbook=None, field: str | None = None,
                minutes: int = 20, most_helpful: str = "", progress: str = "",
                advice_effect: str = "", resume: str | Path | None = None,
                folder: str | Path | None = None) -> DraftResult:
    """Write one of the four emails for ``contact`` from what the workbook holds, and save it
    as an unsent ``.eml`` draft (in ``drafts/`` of the workbook by default). infolib never sends
    email: open the file in your mail program, read it, and send it yourself.

    kind: request | confirmation | thank_you | follow_up.
    """
    from infolib import outreach
    from infolib.errors import DataError
    from infolib.planning.checklist import slug

    kind = kind.replace("-", "_")
    if kind not in outreach.KINDS:
        raise DataError(f"Unknown draft {kind!r}; use one of: {', '.join(outreach.KINDS)}.")
    book = _book(workbook)
    seeker = _seeker(book)
    contact_id, person, row = _person(book, contact)
    field = field or row["field"] or ""
    problems = []
    if kind == "request":
        if not field:
            raise DataError("Say which field you are exploring (--field NAME), or set the "
                            "contact's field.")
        draft = outreach.draft_request(seeker, person, field=_plain_field(field),
                                       minutes=minutes)
        problems = outreach.lint_request(draft, person)
    elif kind == "confirmation":
        meeting = _latest_meeting(book, contact_id)
        plan = book.load_plan(field, person.name) if field else None
        in_person = meeting["mode"] == "in_person"
        draft = outreach.draft_confirmation(
            seeker, person, when=meeting["starts"].to_pydatetime(),
            mode=meeting["mode"].replace("_", " "),
            place=meeting["place"] if in_person else "",
            call_details="" if in_person else meeting["place"],
            questions=[q.text for q in plan.questions] if plan else [],
            resume=Path(resume) if resume else None)
    elif kind == "thank_you":
        meeting = _latest_meeting(book, contact_id)
        notes = book.interview_notes(int(meeting["id"]))
        helpful = most_helpful or next(
            (t for k, t in zip(notes["kind"], notes["text"], strict=True)
             if k in ("advice", "insight")), "")
        if not helpful:
            raise DataError("Say what was most helpful (most_helpful=…), or note an insight or "
                            "advice from the meeting first.")
        draft = outreach.draft_thank_you(
            seeker, person, most_helpful=helpful, met_on=meeting["starts"].date(),
            leads=list(notes.loc[notes["kind"] == "lead", "text"]))
    else:
        meeting = _latest_meeting(book, contact_id)
        outcomes = book.outcomes()
        against = outcomes[outcomes["kind"] == "decided_against"]
        draft = outreach.draft_follow_up(
            seeker, person, progress=progress, advice_effect=advice_effect,
            decided_against_field=not against.empty,
            why=against["why"].iloc[-1] if not against.empty else "",
            met_on=meeting["starts"].date(), field=_plain_field(field) if field else "")
    target = Path(folder) if folder else book.folder / "drafts"
    name = f"{date.today().isoformat()}-{kind.replace('_', '-')}-{slug(person.name)}.eml"
    path = draft.save(target / name, seeker)
    return DraftResult(draft=draft, path=path, problems=problems)


def _plain_field(name: str) -> str:
    from infolib.planning.questions import _field_words

    return _field_words(name)


def due_reminders(*, workbook=None, today: date | None = None, country: str = "GB",
                  subdiv: str | None = None):
    """What to do and when, from the logged outreach and meetings: the 3B7 routine on business
    days (second person after 3, one follow-up after 7), thank-yous within 24 hours, follow-ups
    after 1–2 months, and telling everyone met once an outcome ``hired`` is logged."""
    import pandas as pd

    from infolib import outreach as rules

    book = _book(workbook)
    today = today or date.today()
    contacts = book.contacts().set_index("id")
    sent = book.outreach()
    sent["organisation"] = sent["contact_id"].map(contacts["organisation"]).fillna("")
    met = book.meetings().rename(columns={"starts": "when"})
    if not met.empty:
        met["when"] = pd.to_datetime(met["when"], utc=True).dt.tz_convert(None)
    hired = book.outcomes()
    hired = hired[hired["kind"] == "hired"]
    landed = min(hired["dated"]) if not hired.empty else None
    return rules.reminders(sent, met, today=today, country=country, subdiv=subdiv,
                           landed_job_on=landed)


def export_reminders(path: str | Path, **kwargs) -> Path:
    """Write the reminders as an .ics calendar to import into your calendar program."""
    from infolib.outreach import to_ics

    return to_ics(due_reminders(**kwargs), Path(path))


def reply_labels(*, workbook=None, today: date | None = None, country: str = "GB"):
    """Each contact you wrote to, labelled from how fast they answered the first request:
    booster (within 3 business days), obligate (later), curmudgeon (not after 7), waiting."""
    import pandas as pd

    from infolib.outreach import public_holidays, reply_label

    book = _book(workbook)
    today = today or date.today()
    sent = book.outreach()
    sent = sent[sent["kind"] == "request"].sort_values(["sent", "id"])
    first = sent.groupby("contact_id", sort=False).head(1)
    years = range(min([today.year, *[d.year for d in first["sent"]]]), today.year + 2)
    holidays = public_holidays(country, years)
    rows = [{"contact_id": r.contact_id, "contact": r.contact, "sent": r.sent,
             "replied": None if pd.isna(r.replied) else r.replied,
             "label": reply_label(r.sent, None if pd.isna(r.replied) else r.replied, today,
                                  holidays)} for r in first.itertuples()]
    return pd.DataFrame(rows, columns=["contact_id", "contact", "sent", "replied", "label"])
