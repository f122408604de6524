"""Drafts of the emails around an informational interview: request, confirmation, thank-you
and follow-up.

``draft_request``, ``draft_confirmation``, ``draft_thank_you`` and ``draft_follow_up`` fill
the ``templates/*.txt`` bodies (``string.Template``) from small dataclasses and return a
``Draft``, which can become a stdlib ``EmailMessage`` or an ``.eml`` file that mail programs
open as an unsent draft. Every single-line value that reaches a header (names, organisation,
subject, file names) is flattened first, so a line break in a name can never add a header.
``draft_email`` fills them from what the workbook holds.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from importlib import resources
from pathlib import Path
from string import Template

from infolib.errors import DataError, NotFoundError, PlanError
from infolib.files import write_file
from infolib.store.validate import meeting_minutes
from infolib.store.workbook import open_workbook

DRAFT_KINDS = ("request", "confirmation", "thank_you", "follow_up")


@dataclass
class Seeker:
    """The job seeker: who the emails are from and how they sign.

    Args:
        background: one short phrase that reads after "I'm", e.g. "a field engineer moving
            into data work".
    """

    name: str
    email: str
    phone: str = ""
    profile_url: str = ""
    background: str = ""


@dataclass
class Person:
    """The contact.

    Args:
        why: why this person, as a phrase that reads after "because of", e.g. "your talk on
            battery safety at EnergyConf"; a phrase ending in "." is used as its own sentence.
        referrer: the name of whoever suggested the seeker write ("" for none).
        connection: another shared connection when there is no referrer, as a phrase that
            reads after "As", e.g. "fellow Bristol alumni".
    """

    name: str
    email: str = ""
    organisation: str = ""
    role: str = ""
    why: str = ""
    referrer: str = ""
    connection: str = ""


@dataclass
class Draft:
    """One email, ready to edit, lint, or save as an unsent ``.eml`` draft."""

    kind: str
    to: str
    subject: str
    body: str
    attachments: list[Path] = dataclass_field(default_factory=list)
    to_name: str = ""

    def word_count(self) -> int:
        """Words in the message itself; the greeting line and the sign-off block are left out."""
        return len(_words(_message_part(self.body)))

    def to_message(self, seeker: Seeker) -> EmailMessage:
        """The draft as a stdlib ``EmailMessage`` (``policy.default``), from ``seeker``.

        Header values are flattened to one line; an address that is not a plain
        ``name@domain`` raises ``PlanError``.
        """
        msg = EmailMessage(policy=policy.default)
        msg["From"] = _address(seeker.name, seeker.email, "the seeker's email")
        if _one_line(self.to):
            msg["To"] = _address(self.to_name, self.to, "the contact's email")
        msg["Subject"] = _one_line(self.subject)
        # Outlook and Thunderbird open a message carrying this header as an unsent draft
        msg["X-Unsent"] = "1"
        msg.set_content(self.body.replace("\r\n", "\n").replace("\r", "\n"))
        for path in self.attachments:
            path = Path(path)
            if not path.is_file():
                raise PlanError(f"The attachment {str(path)!r} does not exist: give the path of the "
                                "file to attach, or remove it from the draft's attachments.")
            guessed, _encoding = mimetypes.guess_type(path.name)
            maintype, subtype = (guessed or "application/octet-stream").split("/", 1)
            msg.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype,
                               filename=_one_line(path.name))
        return msg

    def save(self, path: Path, seeker: Seeker) -> Path:
        """Write the draft as an ``.eml`` file that mail programs open as unsent; returns ``path``.

        The file is written next to its final name and then moved into place, so an
        interrupted save never leaves half a message behind.
        """
        path = Path(path)
        data = self.to_message(seeker).as_bytes(policy=policy.SMTP)
        write_file(path, data)
        return path


# C0 and C1 controls plus the Unicode line and paragraph separators: anything a mail program or
# str.splitlines() could treat as the end of a header line
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TITLES = frozenset("dr prof professor mr mrs ms mx miss sir dame lord lady rev".split())


def _one_line(value: object) -> str:
    """``value`` as a single line: control characters and line breaks become single spaces."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?"))


def _sentence(text: str) -> str:
    """``text`` as one sentence: capital first letter, closing full stop if it has none."""
    text = _one_line(text)
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if _is_sentence(text) else text + "."


def _phrase(text: str) -> str:
    """``text`` to be fitted inside a sentence: one line, without trailing punctuation."""
    return _one_line(text).rstrip(" .,;:")


def _greeting_name(name: str) -> str:
    """"Ana" for "Ana Silva"; "Dr Silva" for "Dr Ana Silva" (a title goes with the surname)."""
    parts = _one_line(name).split()
    if not parts:
        return "there"
    if parts[0].lower().rstrip(".") in _TITLES and len(parts) > 1:
        return f"{parts[0]} {parts[-1]}"
    return parts[0]


def _either(items: Sequence[str], conjunction: str = "or") -> str:
    items = [item for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _long_date(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B} {day.year}"


def _signature(seeker: Seeker, sign_off: str) -> str:
    lines = [sign_off, _one_line(seeker.name), _one_line(seeker.phone), _one_line(seeker.profile_url)]
    return "\n".join(line for line in lines if line)


def _render(kind: str, **values: str) -> str:
    source = resources.files("infolib.outreach").joinpath("templates", f"{kind}.txt")
    text = Template(source.read_text(encoding="utf-8")).substitute(values)
    # optional sections left empty must not leave gaps or trailing spaces behind
    lines = [line.rstrip() for line in text.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text + "\n"


_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def _check_email(value: str, what: str) -> str:
    email_address = _one_line(value)
    if not _EMAIL.fullmatch(email_address):
        raise PlanError(f"{what} {value!r} is not a plain email address: give it as name@example.org, "
                        "on one line, without a display name or angle brackets.")
    return email_address


def _address(name: str, email_address: str, what: str) -> Address:
    return Address(display_name=_one_line(name), addr_spec=_check_email(email_address, what))


_MODE_PHRASES = {"phone": "a phone call", "call": "a call", "video": "a video call",
                 "coffee": "a coffee", "in person": "a meeting in person"}
_MODE_LABELS = {"phone": "Phone call", "call": "Call", "video": "Video call",
                "coffee": "In person, over coffee", "in person": "In person"}


def draft_request(seeker: Seeker, person: Person, *, field: str, minutes: int = 20,
                  modes: Sequence[str] = ("phone", "video", "coffee near your work")) -> Draft:
    """The first email asking for a short conversation; it passes ``lint_request``.

    It opens with the referrer or shared connection, says why this person, that the seeker is
    exploring the field at the research stage, and ends with a bounded ask as a question.

    Args:
        field: the field being explored, as it reads after "exploring", e.g. "energy storage".
        minutes: the length of the ask (15–30 is usual; 20 by phone).
        modes: the forms offered: "phone", "video", "coffee", "in person" or any phrase.
    """
    field_phrase = _phrase(field)
    if not field_phrase:
        raise DataError("Say which field you are exploring, e.g. field='energy storage'.")
    minutes = meeting_minutes(minutes)
    offered = [_MODE_PHRASES.get(_one_line(m).lower(), _one_line(m)) for m in modes]
    if not any(offered):
        raise PlanError("Offer at least one way to meet, e.g. modes=('phone', 'video').")
    to = _check_email(person.email, "The contact's email") if _one_line(person.email) else ""

    referrer, connection = _one_line(person.referrer), _phrase(person.connection)
    organisation = _one_line(person.organisation)
    why = _one_line(person.why) or (f"your work at {organisation}" if organisation else "")
    opening = []
    if referrer:
        opening.append(f"{referrer} suggested I get in touch with you.")
    elif connection:
        opening.append(f"As {connection}, I hope you won't mind this note.")
    if why and _is_sentence(why):
        opening.append(_sentence(why))
    elif why:
        lead = "I'd value your view because of" if opening else "I'm writing to you because of"
        opening.append(f"{lead} {why}.")
    background = _phrase(seeker.background)
    body = _render(
        "request",
        greeting_name=_greeting_name(person.name),
        opening=" ".join(opening),
        who=f"{background}, " if background else "",
        field=field_phrase,
        at_organisation=f" at {organisation}" if organisation else "",
        minutes=str(minutes),
        modes=_either(offered),
        signature=_signature(seeker, "Best wishes,"),
    )
    subject = (f"{referrer} suggested I get in touch" if referrer
               else f"Your advice on {field_phrase}?")
    return Draft("request", to, subject, body, to_name=_one_line(person.name))


def draft_confirmation(seeker: Seeker, person: Person, *, when: datetime, mode: str, place: str = "",
                       call_details: str = "", questions: Sequence[str] = (),
                       resume: Path | None = None) -> Draft:
    """The email confirming an agreed meeting: when, how, where or how to join, and a phone number.

    Args:
        when: the agreed start; a timezone-aware datetime also shows its zone (e.g. "BST").
        mode: "phone", "video", "coffee", "in person" or any short phrase.
        place: the address, for a meeting in person.
        call_details: the number to ring or the video link.
        questions: the planned questions, most important first; sent in advance.
        resume: a file to attach so the contact can see the seeker's background; some guides
            advise against sending one unasked, so it is attached only when given.
    """
    place, call_details = _one_line(place), _one_line(call_details)
    if not (place or call_details):
        raise PlanError("Say where to meet (place=...) or how to join the call (call_details=...), "
                        "so the contact has everything in one email.")
    phone = _one_line(seeker.phone)
    if not phone:
        raise PlanError("A confirmation should give your phone number in case plans change: "
                        "set Seeker(phone=...).")
    if resume is not None and not Path(resume).is_file():
        raise PlanError(f"The résumé {str(resume)!r} does not exist: give the path of the file to "
                        "attach, or leave resume=None to send none.")
    to = _check_email(person.email, "The contact's email") if _one_line(person.email) else ""

    zone = f" ({when.tzname()})" if when.tzinfo is not None and when.tzname() else ""
    details = [f"When: {_long_date(when)}, {when:%H:%M}{zone}",
               f"How: {_MODE_LABELS.get(_one_line(mode).lower(), _sentence(mode).rstrip('.'))}"]
    if place:
        details.append(f"Where: {place}")
    if call_details:
        details.append(f"Call details: {call_details}")
    asked = [_one_line(q) for q in questions if _one_line(q)]
    question_block = ""
    if asked:
        numbered = "\n".join(f"{n}. {q}" for n, q in enumerate(asked, 1))
        question_block = ("In case it helps to see them beforehand, these are the questions I'd most "
                          f"like to ask, the most important first:\n\n{numbered}")
    resume_note = ("I've attached my résumé so you can see the background and strengths I'd bring "
                   "from my work so far." if resume is not None else "")
    body = _render(
        "confirmation",
        greeting_name=_greeting_name(person.name),
        details="\n".join(details),
        phone=phone,
        questions=question_block,
        resume_note=resume_note,
        signature=_signature(seeker, "Best wishes,"),
    )
    subject = f"Confirming our conversation on {when:%A} {when.day} {when:%B} at {when:%H:%M}"
    attachments = [Path(resume)] if resume is not None else []
    return Draft("confirmation", to, subject, body, attachments, to_name=_one_line(person.name))


def draft_thank_you(seeker: Seeker, person: Person, *, most_helpful: str, leads: Sequence[str] = (),
                    met_on: date) -> Draft:
    """The thank-you note for the same day or within 24 hours, naming what helped and the leads.

    Args:
        most_helpful: what helped most, as a phrase ("your advice to learn SQL first") or a
            sentence ending in ".".
        leads: the people, groups or resources the contact suggested.
        met_on: the day of the meeting.
    """
    helpful = _one_line(most_helpful)
    if not helpful:
        raise PlanError("Name what was most helpful, e.g. most_helpful='your advice to learn SQL "
                        "first': a specific thank-you is the one that is remembered.")
    to = _check_email(person.email, "The contact's email") if _one_line(person.email) else ""
    named = [_phrase(lead) for lead in leads if _phrase(lead)]
    leads_text = ""
    if named:
        leads_text = (f"Thank you too for suggesting {_either(named, 'and')}. I'll follow "
                      f"{'it' if len(named) == 1 else 'them'} up and tell you what comes of it.")
    body = _render(
        "thank_you",
        greeting_name=_greeting_name(person.name),
        met_on=_long_date(met_on),
        most_helpful=_sentence(helpful) if _is_sentence(helpful)
        else f"What helped me most was {_phrase(helpful)}.",
        leads=leads_text,
        signature=_signature(seeker, "With thanks,"),
    )
    subject = f"Thank you for your time on {met_on:%A}"
    return Draft("thank_you", to, subject, body, to_name=_one_line(person.name))


def draft_follow_up(seeker: Seeker, person: Person, *, progress: str, advice_effect: str,
                    decided_against_field: bool = False, why: str = "", met_on: date | None = None,
                    field: str = "") -> Draft:
    """The follow-up one to two months after the meeting: progress and what their advice changed.

    Args:
        progress: what has happened since, as one or more sentences.
        advice_effect: what their advice changed, as one or more sentences.
        decided_against_field: the seeker has decided the field is not for them; the email says
            so, because that is useful news to the contact too.
        why: the reason, required when ``decided_against_field`` is true.
        met_on: the day of the meeting, to remind the contact when it was.
        field: the field, named in the decision sentence ("" says "this field").
    """
    if not _one_line(progress) or not _one_line(advice_effect):
        raise PlanError("Say what has happened since (progress=...) and what their advice changed "
                        "(advice_effect=...): that is the news the contact is waiting for.")
    reason = _one_line(why)
    if decided_against_field and not reason:
        raise PlanError("You decided against the field: say why (why=...), briefly and honestly; "
                        "it helps the contact advise the next person.")
    to = _check_email(person.email, "The contact's email") if _one_line(person.email) else ""
    decision = ""
    if decided_against_field:
        subject_field = _phrase(field) or "this field"
        if _is_sentence(reason):
            decision = f"I've decided not to go further into {subject_field}. {_sentence(reason)}"
        else:
            reason = re.sub(r"^because\s+", "", _phrase(reason), flags=re.IGNORECASE)
            decision = f"I've decided not to go further into {subject_field}, because {reason}."
        decision += " Our conversation helped me reach that decision with confidence."
    body = _render(
        "follow_up",
        greeting_name=_greeting_name(person.name),
        met_on=f" on {met_on.day} {met_on:%B}" if met_on else "",
        progress=_sentence(progress),
        advice_effect=_sentence(advice_effect),
        decision=decision,
        signature=_signature(seeker, "Best wishes,"),
    )
    subject = f"An update since we spoke on {met_on.day} {met_on:%B}" if met_on else "An update, with thanks"
    return Draft("follow_up", to, subject, body, to_name=_one_line(person.name))


_GREETING = re.compile(r"^(dear|hi|hello|hey|greetings|good (morning|afternoon|evening))\b",
                       re.IGNORECASE)
_SIGN_OFF = re.compile(
    r"^(--|best|best wishes|best regards|kind regards|kindest regards|warm regards|warmest regards|"
    r"regards|warmly|many thanks|thanks|thanks again|thanks so much|thank you|thank you again|"
    r"with thanks|with many thanks|cheers|sincerely|yours sincerely|yours truly|yours faithfully|"
    r"all the best|take care|speak soon)\s*[,.!]?$",
    re.IGNORECASE,
)


def _message_part(body: str) -> str:
    """The message itself: without the greeting line and from the sign-off line down."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines):
        first = lines[start].strip()
        short = len(_words(first)) <= 8
        if short and (_GREETING.match(first) or (first.endswith(",") and len(_words(first)) <= 4)):
            start += 1
    end = start
    while end < len(lines) and not _SIGN_OFF.match(lines[end].strip()):
        end += 1
    return "\n".join(lines[start:end]).strip()


def _seeker(book):
    row = book.contacts.seeker()
    if row is None:
        raise DataError("Tell infolib who you are first, for the signature: `infolib me NAME "
                        "EMAIL --phone PHONE --url PROFILE` or Workbook().contacts.set_seeker(…).")
    return Seeker(name=row["name"], email=row["email"], phone=row["phone"],
                  profile_url=row["profile_url"], background=row["background"])


def _person(book, contact):
    frame = book.contacts.table()
    contact_id = book.contacts.id_of(contact)
    row = frame[frame["id"] == contact_id].iloc[0].fillna("")
    connection = {"alumni": "fellow alumni", "event": "we met at an event",
                  "linkedin": "LinkedIn connections"}.get(row["how_found"], "")
    person = Person(name=row["name"], email=row["email"], organisation=row["organisation"],
                    role=row["role"], why=row["notes"], referrer=row["referred_by"],
                    connection="" if row["referred_by"] else connection)
    return contact_id, person, row


def _latest_meeting(book, contact_id: int):
    meetings = book.log.meetings()
    mine = meetings[meetings["contact_id"] == contact_id]
    if mine.empty:
        raise NotFoundError("No meeting with this contact is logged yet; log it first "
                            "(`infolib meeting CONTACT --when …`).")
    return mine.iloc[-1]


@dataclass
class DraftResult:
    """A saved draft: the email, where it is, and (for requests) what the lint found."""

    draft: object
    path: Path
    problems: list = dataclass_field(default_factory=list)

    def _lint(self) -> str:
        return ("; ".join(str(p) for p in self.problems) if self.problems else
                "passes the short-email rules" if self.draft.kind == "request" else "")

    def _title(self) -> str:
        return (f"{self.draft.kind.replace('_', '-')} draft to {self.draft.to_name or '?'} "
                f"({self.draft.word_count()} words) saved to {self.path}")

    def to_text(self) -> str:
        """Where the draft is, what the lint found, then the subject and the body."""
        lint = self._lint()
        return (self._title() + (f"\n{lint}" if lint else "")
                + f"\n\nSubject: {self.draft.subject}\n\n{self.draft.body}")

    def __repr__(self) -> str:
        return self.to_text()

    def to_dict(self) -> dict:
        """The draft (kind, to, subject, body, words), its file and the lint's problems."""
        return {"kind": self.draft.kind, "to": self.draft.to, "to_name": self.draft.to_name,
                "subject": self.draft.subject, "body": self.draft.body,
                "words": self.draft.word_count(), "path": str(self.path),
                "attachments": [str(p) for p in self.draft.attachments],
                "problems": [{"rule": p.rule, "reason": p.reason, "severity": p.severity}
                             for p in self.problems]}

    def _repr_html_(self) -> str:
        import html

        e = html.escape
        lint = self._lint()
        colour = "#c0392b" if self.problems else "#27ae60"
        return (f"<p>{e(self._title())}</p>"
                + (f"<p style='color:{colour}'>{e(lint)}</p>" if lint else "")
                + f"<p><b>Subject:</b> {e(self.draft.subject)}</p>"
                f"<pre style='white-space:pre-wrap'>{e(self.draft.body)}</pre>")


def draft_email(kind: str, contact, *, workbook=None, field: str | None = None,
                minutes: int = 20, most_helpful: str = "", progress: str = "",
                advice_effect: str = "", resume: str | Path | None = None,
                folder: str | Path | None = None) -> DraftResult:
    """Write one of the four emails for ``contact`` from what the workbook holds, and save it
    as an unsent ``.eml`` draft (in ``drafts/`` of the workbook by default). infolib never sends
    email: open the file in your mail program, read it, and send it yourself.

    kind: request | confirmation | thank_you | follow_up.
    """
    from infolib.outreach.lint import lint_request  # lint reads drafts: imported when used
    from infolib.planning.checklist import slug
    from infolib.planning.questions import stored_plan

    kind = kind.replace("-", "_")
    if kind not in DRAFT_KINDS:
        raise DataError(f"Unknown draft {kind!r}; use one of: {', '.join(DRAFT_KINDS)}.")
    book = open_workbook(workbook)
    seeker = _seeker(book)
    contact_id, person, row = _person(book, contact)
    field = field or row["field"] or ""
    problems = []
    if kind == "request":
        if not field:
            raise DataError("Say which field you are exploring (--field NAME), or set the "
                            "contact's field.")
        draft = draft_request(seeker, person, field=_plain_field(field),
                                       minutes=minutes)
        problems = lint_request(draft, person)
    elif kind == "confirmation":
        meeting = _latest_meeting(book, contact_id)
        plan = stored_plan(field, person.name, workbook=book) if field else None
        in_person = meeting["mode"] == "in_person"
        draft = draft_confirmation(
            seeker, person, when=meeting["starts"].to_pydatetime(),
            mode=meeting["mode"].replace("_", " "),
            place=meeting["place"] if in_person else "",
            call_details="" if in_person else meeting["place"],
            questions=[q.text for q in plan.questions] if plan else [],
            resume=Path(resume) if resume else None)
    elif kind == "thank_you":
        meeting = _latest_meeting(book, contact_id)
        notes = book.log.notes(int(meeting["id"]))
        helpful = most_helpful or next(
            (t for k, t in zip(notes["kind"], notes["text"], strict=True)
             if k in ("advice", "insight")), "")
        if not helpful:
            raise DataError("Say what was most helpful (most_helpful=…), or note an insight or "
                            "advice from the meeting first.")
        draft = draft_thank_you(
            seeker, person, most_helpful=helpful, met_on=meeting["starts"].date(),
            leads=list(notes.loc[notes["kind"] == "lead", "text"]))
    else:
        meeting = _latest_meeting(book, contact_id)
        outcomes = book.log.outcomes()
        against = outcomes[outcomes["kind"] == "decided_against"]
        draft = draft_follow_up(
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
