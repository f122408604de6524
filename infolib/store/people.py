"""Workbook storage for people: the seeker, organisations, contacts, outreach, meetings, the
interview log, referrals, outcomes and tasks.

A mixin of ``Workbook``. Every write validates first and runs in one transaction: a bad row
(no name, a date that is not a date, an unknown channel, a referral to an unknown contact, a
duplicate contact) raises ``DataError`` saying what was wrong, and nothing is written.
"""

from __future__ import annotations

import logging
import re
import shlex
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from infolib.errors import DataError
from infolib.store.schema import (
    CHANNELS,
    HOW_FOUND,
    MEETING_MODES,
    NOTE_KINDS,
    OUTCOME_KINDS,
    OUTREACH_KINDS,
)

log = logging.getLogger(__name__)

LEGAL_SUFFIXES = frozenset(
    "ltd limited inc incorporated llc llp plc gmbh ag sa sas sarl bv nv oy ab as aps spa srl "
    "co corp corporation company group holdings holding pty pte kk kg ug the".split()
)
MAX_NAME = 200
MAX_ID = 2**63 - 1  # the largest id SQLite and PostgreSQL (bigint) can hold
EARLIEST_DATE = date(1990, 1, 1)
YEARS_AHEAD = 10


def name_key(name) -> str:
    """The form names are compared in: Unicode-normalised (NFKC), case-folded for every script
    (É, Ø, Ł, Cyrillic, ß) and with whitespace collapsed, so "ÉMILE  Øster" and "émile øster"
    are one name. SQL's ``lower()`` folds ASCII only, so the key is stored beside the name."""
    text = unicodedata.normalize("NFKC", str(name or ""))
    return " ".join(unicodedata.normalize("NFKC", text.casefold()).split())


def organisation_key(name: str) -> str:
    """A name to match organisations by: case, accents, punctuation and legal suffixes dropped
    ("Larkspur Grid Systems Ltd." and "larkspur grid systems" are the same); other scripts are
    transliterated ("Газпром" is "gazprom"), so no organisation's key is empty."""
    from anyascii import anyascii

    text = anyascii(name_key(name))
    words = re.findall(r"[a-z0-9]+", text.lower().replace("&", " and "))
    while words and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def clean_text(value, what: str, *, limit: int = 2000, where: str = "") -> str:
    """One line of text: control characters refused, spaces collapsed."""
    if value is None:
        return ""
    text = str(value)
    if what in ("name", "email", "organisation", "role", "phone") and any(
            unicodedata.category(c) == "Cc" and c not in "\t" for c in text):
        raise DataError(f"{where}The {what} {text[:40]!r} contains a line break or control "
                        "character; write it on one line.")
    text = " ".join(text.split())
    if len(text) > limit:
        raise DataError(f"{where}The {what} is {len(text)} characters long; keep it under "
                        f"{limit}.")
    return text


def date_window(today: date | None = None) -> tuple[date, date]:
    """The dates infolib accepts anywhere: from 1990-01-01 to ten years after today."""
    today = today or date.today()
    try:
        latest = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + YEARS_AHEAD, day=28)
    return EARLIEST_DATE, latest


def _in_window(day: date, given, what: str, where: str) -> date:
    first, last = date_window()
    if not first <= day <= last:
        shown = given.isoformat() if isinstance(given, date) else str(given).strip()
        raise DataError(f"{where}The {what} {shown} is outside the dates infolib accepts "
                        f"({first} to {last}, ten years from today); check the year.")
    return day


def as_date(value, what: str, *, where: str = "", required: bool = False) -> date | None:
    """A date from a date, a datetime or an ISO 8601 string ('2026-03-12'), inside
    ``date_window()``: the one rule for every date a user or a file gives."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DataError(f"{where}The {what} is missing; give a date like 2026-03-12.")
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise DataError(f"{where}The {what} {value!r} is not a date; write it as "
                            "YYYY-MM-DD, e.g. 2026-03-12.") from None
    return _in_window(day, value, what, where)


def local_zone() -> tzinfo:
    """This computer's time zone, by its name (Europe/London) where it can be found ($TZ,
    /etc/localtime), else as today's fixed offset."""
    import os
    from zoneinfo import ZoneInfo

    names = []
    if os.environ.get("TZ"):
        names.append(os.environ["TZ"].lstrip(":"))
    else:
        link = os.path.realpath("/etc/localtime")  # a link into /usr/share/zoneinfo/
        if "zoneinfo/" in link:
            names.append(link.split("zoneinfo/", 1)[1])
    for name in names:
        try:
            return ZoneInfo(name)
        except (ValueError, KeyError, OSError):  # not a zone name (TZ=UTC0), or no such zone
            continue
    return datetime.now().astimezone().tzinfo


def zone_name(moment: datetime) -> str:
    """How a moment's zone is stored: its IANA name (Europe/London), else its offset (+14:00)."""
    key = getattr(moment.tzinfo, "key", None)
    if key:
        return key
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def zone_from_name(name: str) -> tzinfo:
    """The zone ``zone_name`` stored; "" (a meeting stored before zones were kept) is this
    computer's zone."""
    from zoneinfo import ZoneInfo

    match = re.fullmatch(r"([+-])(\d\d):(\d\d)", name or "")
    if match:
        offset = timedelta(hours=int(match[2]), minutes=int(match[3]))
        return timezone(-offset if match[1] == "-" else offset)
    try:
        return ZoneInfo(name) if name else local_zone()
    except (ValueError, KeyError, OSError):
        return local_zone()


def as_datetime(value, what: str, *, where: str = "") -> datetime:
    """A moment with its time zone, from a datetime, a date or text 'YYYY-MM-DD HH:MM' with an
    offset ('2026-03-12 10:00+14:00') or a zone name after it ('2026-03-12 10:00
    Europe/London'); without either, in this computer's zone. Its day is inside
    ``date_window()``."""
    from zoneinfo import ZoneInfo

    zone = None
    if isinstance(value, datetime):
        found = value
    elif isinstance(value, date):
        found = datetime(value.year, value.month, value.day)
    else:
        text = " ".join(str(value if value is not None else "").split())
        head, _, last = text.rpartition(" ")
        if head and re.fullmatch(r"[A-Za-z][A-Za-z_]*(?:/[A-Za-z0-9_+-]+)*", last):
            try:
                zone = ZoneInfo(last)
                text = head
            except (ValueError, KeyError, OSError):  # not a zone: said below if need be
                pass
        try:
            found = datetime.fromisoformat(text)
        except ValueError:
            if zone is None and head and _parses(head):
                raise DataError(f"{where}The {what} {text!r} names the time zone {last!r}, "
                                "which infolib does not know; use a zone such as "
                                "Europe/London or an offset such as +01:00.") from None
            raise DataError(f"{where}The {what} {value!r} is not a date and time; write it as "
                            "YYYY-MM-DD HH:MM, e.g. 2026-03-12 14:30 (optionally with an "
                            "offset, +01:00, or a zone, Europe/London).") from None
        if zone is not None and found.tzinfo is not None:
            raise DataError(f"{where}The {what} {value!r} gives both an offset and a zone; "
                            "give one of them.")
    _in_window(found.date(), value, what, where)
    if zone is not None:
        return found.replace(tzinfo=zone)
    return found if found.tzinfo else found.replace(tzinfo=local_zone())


def _parses(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def row_id(value, what: str, *, where: str = "") -> int:
    """A row's id from an int or a string of ASCII digits ("²" is not one); an id no database
    can hold is an id that does not exist."""
    text = str(value).strip() if not isinstance(value, int) or isinstance(value, bool) else ""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif re.fullmatch(r"[0-9]+", text):
        number = int(text)
    else:
        raise DataError(f"{where}{text[:40]!r} is not a {what} id; give the number, e.g. 3.")
    if not 1 <= number <= MAX_ID:
        shown = str(number) if len(str(number)) <= 40 else f"{str(number)[:40]}…"
        raise DataError(f"{where}There is no {what} with id {shown}.")
    return number


def choice(value, allowed: tuple[str, ...], what: str, *, where: str = "") -> str:
    text = str(value or "").strip().lower().replace(" ", "_").replace("-", "_")
    aliases = {"in_person": "in_person", "inperson": "in_person", "face_to_face": "in_person",
               "linkedin_connection": "linkedin", "cold_email": "cold", "e_mail": "email",
               "call": "phone", "thank_you_note": "thank_you", "followup": "follow_up"}
    text = aliases.get(text, text)
    if text not in allowed:
        raise DataError(f"{where}Unknown {what} {value!r}; use one of: {', '.join(allowed)}.")
    return text


@dataclass
class ImportReport:
    """What an import did: rows read, contacts added, rows skipped as already known."""

    source: str
    read: int = 0
    added: int = 0
    skipped: int = 0
    skipped_names: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.source}: {self.read} rows read, {self.added} contacts added, "
                f"{self.skipped} already in the workbook.")


class PeopleStore:
    """Contacts and the interview log of a workbook."""

    # the seeker ----------------------------------------------------------------------------------
    def set_seeker(self, name: str, email: str, *, phone: str = "", profile_url: str = "",
                   background: str = "") -> None:
        """Who you are, for the signatures of your drafts."""
        from infolib.store.schema import seeker

        row = {"name": clean_text(name, "name", limit=MAX_NAME),
               "email": clean_text(email, "email", limit=320),
               "phone": clean_text(phone, "phone", limit=60),
               "profile_url": clean_text(profile_url, "profile URL"),
               "background": clean_text(background, "background", limit=300)}
        if not row["name"] or "@" not in row["email"]:
            raise DataError("Give your name and an email address (they sign your drafts).")
        with self.writer.begin() as conn:
            conn.execute(seeker.delete())
            conn.execute(seeker.insert().values(id=1, **row))

    def seeker(self) -> dict | None:
        import sqlalchemy as sa

        from infolib.store.schema import seeker

        with self.engine.connect() as conn:
            row = conn.execute(sa.select(seeker)).mappings().first()
        return dict(row) if row else None

    # lookups -------------------------------------------------------------------------------------
    def _organisation_id(self, conn, name: str, website: str = "") -> int | None:
        import sqlalchemy as sa

        from infolib.store.schema import organisations

        name = clean_text(name, "organisation", limit=MAX_NAME)
        key = organisation_key(name)
        if not key:
            return None
        found = conn.execute(sa.select(organisations.c.id).where(organisations.c.key == key)
                             ).scalar()
        if found is not None:
            return found
        return conn.execute(organisations.insert().values(
            name=name, key=key, website=website or "", created=datetime.now(UTC))
        ).inserted_primary_key[0]

    def _contact_id(self, conn, ref, what: str = "contact", where: str = "") -> int:
        """A contact by id (ASCII digits) or by name (compared by ``name_key``)."""
        import sqlalchemy as sa

        from infolib.store.schema import contacts

        name = " ".join(str(ref if ref is not None else "").split())
        if (isinstance(ref, int) and not isinstance(ref, bool)) or re.fullmatch(r"[0-9]+", name):
            number = row_id(ref, what, where=where)
            if conn.execute(sa.select(contacts.c.id).where(contacts.c.id == number)).first():
                return number
            raise DataError(f"{where}There is no {what} with id {number}; see "
                            "`infolib contacts`.")
        if len(name) > MAX_NAME:
            raise DataError(f"{where}There is no {what} called {name[:40]!r}… (a name is at "
                            f"most {MAX_NAME} characters); check what you pasted.")
        rows = conn.execute(sa.select(contacts.c.id).where(
            contacts.c.name_key == name_key(name))).all()
        if len(rows) == 1:
            return rows[0][0]
        if not rows:
            raise DataError(f"{where}There is no {what} called {name!r} in the workbook; add them "
                            f"first (`infolib contact {shlex.quote(name)}`), or check the "
                            "spelling.")
        raise DataError(f"{where}{len(rows)} contacts are called {name!r}; give the id instead "
                        f"({', '.join(str(r[0]) for r in rows)}).")

    def _field_ref(self, conn, name) -> int | None:
        if name is None or not str(name).strip():
            return None
        return self._existing_field_id(conn, str(name))

    def _contact_row(self, conn, data: dict, *, where: str = "", source: str = "manual") -> dict:
        name = clean_text(data.get("name"), "name", limit=MAX_NAME, where=where)
        if not name:
            raise DataError(f"{where}The contact has no name; every contact needs one.")
        email = clean_text(data.get("email"), "email", limit=320, where=where)
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise DataError(f"{where}The email {email!r} is not an address like "
                            "name@example.org.")
        url = clean_text(data.get("profile_url"), "profile URL", where=where)
        if url and not re.match(r"https?://", url, re.I):
            raise DataError(f"{where}The profile URL {url!r} must start with http:// or "
                            "https://.")
        referred_by = data.get("referred_by")
        return {
            "name": name,
            "name_key": name_key(name),
            "organisation_id": self._organisation_id(conn, data.get("organisation") or ""),
            "role": clean_text(data.get("role"), "role", limit=MAX_NAME, where=where),
            "email": email,
            "phone": clean_text(data.get("phone"), "phone", limit=60, where=where),
            "profile_url": url,
            "how_found": choice(data.get("how_found") or ("referral" if referred_by else "cold"),
                                HOW_FOUND, "way of finding the contact", where=where),
            "referred_by": (self._contact_id(conn, referred_by, "referrer", where)
                            if referred_by not in (None, "") else None),
            "field_id": self._field_ref(conn, data.get("field")),
            "source": source,
            "connected_on": as_date(data.get("connected_on"), "connection date", where=where),
            "notes": clean_text(data.get("notes"), "notes", limit=5000, where=where),
            "created": datetime.now(UTC),
        }

    def _duplicate_of(self, conn, row: dict) -> int | None:
        """An existing contact that is the same person: same profile URL, same email, or same
        name at the same organisation."""
        import sqlalchemy as sa

        from infolib.store.schema import contacts

        checks = []
        if row["profile_url"]:
            checks.append(sa.func.lower(contacts.c.profile_url) == row["profile_url"].lower())
        if row["email"]:
            checks.append(sa.func.lower(contacts.c.email) == row["email"].lower())
        same_org = (contacts.c.organisation_id.is_(None) if row["organisation_id"] is None
                    else contacts.c.organisation_id == row["organisation_id"])
        checks.append(sa.and_(contacts.c.name_key == row["name_key"], same_org))
        return conn.execute(sa.select(contacts.c.id).where(sa.or_(*checks))).scalar()

    # contacts ------------------------------------------------------------------------------------
    def add_contact(self, name: str, *, organisation: str = "", role: str = "", email: str = "",
                    phone: str = "", profile_url: str = "", how_found: str | None = None,
                    referred_by=None, field: str | None = None, notes: str = "",
                    connected_on=None) -> int:
        """Add one contact; returns their id. ``how_found``: referral, alumni, linkedin, event
        or cold (default: referral when ``referred_by`` is given, else cold)."""
        from infolib.store.schema import contacts

        data = dict(name=name, organisation=organisation, role=role, email=email, phone=phone,
                    profile_url=profile_url, how_found=how_found, referred_by=referred_by,
                    field=field, notes=notes, connected_on=connected_on)
        with self.writer.begin() as conn:
            row = self._contact_row(conn, data)
            found = self._duplicate_of(conn, row)
            if found is not None:
                raise DataError(f"{row['name']} is already in the workbook (contact {found}); "
                                "update that contact instead of adding a second one.")
            return conn.execute(contacts.insert().values(**row)).inserted_primary_key[0]

    def ensure_contact(self, name: str, **details) -> int:
        """The id of this person, adding them first if the workbook does not know them yet
        (same profile URL, email, or name at the same organisation); for notebooks run twice."""
        from infolib.store.schema import contacts

        with self.writer.begin() as conn:
            row = self._contact_row(conn, {"name": name, **details})
            found = self._duplicate_of(conn, row)
            if found is not None:
                return found
            return conn.execute(contacts.insert().values(**row)).inserted_primary_key[0]

    def import_contacts(self, rows: list[dict], source: str, label: str = "") -> ImportReport:
        """Add many contacts at once, all or nothing; people already in the workbook (or twice
        in ``rows``) are skipped and counted. ``rows`` carry a ``_where`` (e.g. 'line 7: ')."""
        import sqlalchemy as sa

        from infolib.store.schema import contacts, organisations

        report = ImportReport(source=label or source, read=len(rows))
        with self.writer.begin() as conn:
            # what is known already, read once: a large export must not cost a query per row
            known_urls, known_emails, known_names = set(), set(), set()
            for url, email, key, org in conn.execute(sa.select(
                    contacts.c.profile_url, contacts.c.email, contacts.c.name_key,
                    contacts.c.organisation_id)):
                known_urls.add(url.lower())
                known_emails.add(email.lower())
                known_names.add((key, org))
            known_urls.discard("")
            known_emails.discard("")
            org_ids = dict(conn.execute(sa.select(organisations.c.key, organisations.c.id)).all())
            pending = []
            for data in rows:
                where = data.get("_where", "")
                key = organisation_key(clean_text(data.get("organisation"), "organisation",
                                                  limit=MAX_NAME, where=where))
                if key and key not in org_ids:
                    org_ids[key] = self._organisation_id(conn, data.get("organisation") or "")
                row = self._contact_row(conn, {**data, "organisation": ""}, where=where,
                                        source=source)
                row["organisation_id"] = org_ids.get(key) if key else None
                same_name = (row["name_key"], row["organisation_id"])
                url, email = row["profile_url"].lower(), row["email"].lower()
                if (url and url in known_urls) or (email and email in known_emails) or \
                        same_name in known_names:
                    report.skipped += 1
                    report.skipped_names.append(row["name"])
                    continue
                known_urls.add(url)
                known_emails.add(email)
                known_names.add(same_name)
                pending.append(row)
            for start in range(0, len(pending), 5000):
                conn.execute(contacts.insert(), pending[start:start + 5000])
            report.added = len(pending)
        return report

    def update_contact(self, contact, **changes) -> None:
        """Change some of a contact's details (same names as ``add_contact``)."""
        import sqlalchemy as sa

        from infolib.store.schema import contacts

        allowed = {"name", "organisation", "role", "email", "phone", "profile_url", "how_found",
                   "referred_by", "field", "notes", "connected_on"}
        unknown = set(changes) - allowed
        if unknown:
            raise DataError(f"Cannot change {sorted(unknown)}; a contact has: "
                            f"{', '.join(sorted(allowed))}.")
        with self.writer.begin() as conn:
            contact_id = self._contact_id(conn, contact)
            current = dict(conn.execute(sa.select(contacts).where(contacts.c.id == contact_id)
                                        ).mappings().one())
            merged = {k: current.get(k) for k in allowed if k in current}
            merged["organisation"] = self._organisation_name(conn, current["organisation_id"])
            merged["referred_by"] = current["referred_by"]
            merged["field"] = self._field_name(conn, current["field_id"])
            merged.update(changes)
            row = self._contact_row(conn, merged, source=current["source"])
            if row["referred_by"] == contact_id:
                raise DataError("A contact cannot have referred themselves.")
            row.pop("created")
            conn.execute(contacts.update().where(contacts.c.id == contact_id).values(**row))

    def _organisation_name(self, conn, org_id) -> str:
        import sqlalchemy as sa

        from infolib.store.schema import organisations

        if org_id is None:
            return ""
        return conn.execute(sa.select(organisations.c.name).where(
            organisations.c.id == org_id)).scalar() or ""

    def _field_name(self, conn, field_id):
        import sqlalchemy as sa

        from infolib.store.schema import fields

        if field_id is None:
            return None
        return conn.execute(sa.select(fields.c.name).where(fields.c.id == field_id)).scalar()

    def delete_contact(self, contact) -> None:
        """Delete a contact with their outreach, meetings and notes; referrals they made keep
        the referrer's name."""
        from infolib.store.schema import contacts

        with self.writer.begin() as conn:
            contact_id = self._contact_id(conn, contact)
            conn.execute(contacts.delete().where(contacts.c.id == contact_id))

    def contacts(self, field: str | None = None):
        """Every contact with organisation, how found and who referred them."""
        import sqlalchemy as sa

        from infolib.store.schema import contacts, fields, organisations

        referrer = contacts.alias("referrer")
        query = (sa.select(contacts.c.id, contacts.c.name,
                           organisations.c.name.label("organisation"), contacts.c.role,
                           contacts.c.email, contacts.c.phone, contacts.c.profile_url,
                           contacts.c.how_found, referrer.c.name.label("referred_by"),
                           fields.c.name.label("field"), contacts.c.source,
                           contacts.c.connected_on, contacts.c.notes)
                 .select_from(contacts.outerjoin(organisations,
                                                 contacts.c.organisation_id == organisations.c.id)
                              .outerjoin(referrer, contacts.c.referred_by == referrer.c.id)
                              .outerjoin(fields, contacts.c.field_id == fields.c.id))
                 .order_by(contacts.c.id))
        if field is not None:
            query = query.where(fields.c.name == field.strip())
        return self._frame(query)

    # the pipeline ------------------------------------------------------------------------------
    def log_outreach(self, contact, channel: str = "email", *, sent=None, kind: str = "request",
                     replied=None, note: str = "", if_exists: str = "add") -> int:
        """Record a message to a contact (channel: email, phone, linkedin, post, in_person).

        ``if_exists="keep"`` returns the id of a message of the same kind to the same contact
        on the same day instead of logging a second one (notebooks run twice)."""
        from infolib.store.schema import outreach

        row = {"channel": choice(channel, CHANNELS, "channel"),
               "kind": choice(kind, OUTREACH_KINDS, "kind of message"),
               "sent": as_date(sent, "date sent") or date.today(),
               "replied": as_date(replied, "reply date"),
               "note": clean_text(note, "note", limit=5000)}
        if row["replied"] and row["replied"] < row["sent"]:
            raise DataError(f"The reply ({row['replied']}) cannot come before the message "
                            f"({row['sent']}).")
        import sqlalchemy as sa

        with self.writer.begin() as conn:
            row["contact_id"] = self._contact_id(conn, contact)
            if if_exists == "keep":
                earlier = conn.execute(sa.select(outreach.c.id).where(
                    outreach.c.contact_id == row["contact_id"], outreach.c.kind == row["kind"],
                    outreach.c.sent == row["sent"])).scalar()
                if earlier is not None:
                    return earlier
            return conn.execute(outreach.insert().values(**row)).inserted_primary_key[0]

    def mark_replied(self, contact, on=None) -> int:
        """The contact replied: set the reply date of their latest unanswered message."""
        import sqlalchemy as sa

        from infolib.store.schema import outreach

        day = as_date(on, "reply date") or date.today()
        with self.writer.begin() as conn:
            contact_id = self._contact_id(conn, contact)
            found = conn.execute(sa.select(outreach.c.id, outreach.c.sent).where(
                outreach.c.contact_id == contact_id, outreach.c.replied.is_(None))
                .order_by(outreach.c.sent.desc(), outreach.c.id.desc())).first()
            if found is None:
                raise DataError("No unanswered message to this contact is logged; log the "
                                "outreach first.")
            if day < found.sent:
                raise DataError(f"The reply ({day}) cannot come before the message "
                                f"({found.sent}).")
            conn.execute(outreach.update().where(outreach.c.id == found.id).values(replied=day))
            return found.id

    def log_meeting(self, contact, starts, *, mode: str = "video", place: str = "",
                    minutes: int = 20, field: str | None = None, note: str = "") -> int:
        """Record a meeting (mode: in_person, phone, video; place or call details)."""
        from infolib.store.schema import meetings

        try:
            length = int(minutes)
        except (TypeError, ValueError):
            length = 0
        if not 5 <= length <= 240:
            raise DataError(f"A meeting of {minutes!r} minutes? Give 5 to 240.")
        moment = as_datetime(starts, "meeting time")
        row = {"starts": moment, "zone": zone_name(moment),
               "mode": choice(mode, MEETING_MODES, "meeting mode"),
               "place": clean_text(place, "place", limit=500), "minutes": length,
               "note": clean_text(note, "note", limit=5000)}
        with self.writer.begin() as conn:
            row["contact_id"] = self._contact_id(conn, contact)
            row["field_id"] = self._field_ref(conn, field)
            return conn.execute(meetings.insert().values(**row)).inserted_primary_key[0]

    def record_meeting(self, contact, starts, *, mode: str = "video", place: str = "",
                       minutes: int = 20, field: str | None = None,
                       notes: list[tuple[str, str]] = (), insights: list[str] = (),
                       advice: list[str] = (), leads: list[str] = (), referred_to: list = (),
                       outcome: str | None = None, why: str = "", if_exists: str = "error"
                       ) -> int:
        """Log a meeting with what it taught you (``notes`` as (kind, text) pairs, or lists of
        ``insights``, ``advice`` and ``leads``), the people the contact referred you to, and an
        outcome, all in one transaction.

        A meeting with the same contact at the same time is refused, or with
        ``if_exists="keep"`` (notebooks run twice) the earlier one's id is returned unchanged.
        """
        from infolib.store.schema import interview_notes, meetings, outcomes, referrals

        length = int(minutes) if re.fullmatch(r"[0-9]{1,4}", str(minutes).strip()) else 0
        if not 5 <= length <= 240:
            raise DataError(f"A meeting of {minutes!r} minutes? Give 5 to 240.")
        moment = as_datetime(starts, "meeting time")
        row = {"starts": moment, "zone": zone_name(moment),
               "mode": choice(mode, MEETING_MODES, "meeting mode"),
               "place": clean_text(place, "place", limit=500), "minutes": length, "note": ""}
        notes = [*notes, *(("insight", t) for t in insights), *(("advice", t) for t in advice),
                 *(("lead", t) for t in leads)]
        cleaned = [(choice(kind, NOTE_KINDS, "kind of note"), " ".join(str(text).split()))
                   for kind, text in notes if str(text).strip()]
        if outcome:
            outcome = choice(outcome, OUTCOME_KINDS, "outcome")
            why = clean_text(why, "reason", limit=2000)
            if outcome == "decided_against" and not why:
                raise DataError("Say why you decided against the field.")
        import sqlalchemy as sa

        with self.writer.begin() as conn:
            contact_id = self._contact_id(conn, contact)
            targets = [self._contact_id(conn, ref, "referred contact") for ref in referred_to]
            earlier = conn.execute(sa.select(meetings.c.id).where(
                meetings.c.contact_id == contact_id, meetings.c.starts == row["starts"])).scalar()
            if earlier is not None:
                if if_exists == "keep":
                    return earlier
                raise DataError(f"This meeting is already logged (meeting {earlier}); add notes "
                                "to it instead.")
            row.update(contact_id=contact_id, field_id=self._field_ref(conn, field))
            meeting_id = conn.execute(meetings.insert().values(**row)).inserted_primary_key[0]
            for kind, text in cleaned:
                conn.execute(interview_notes.insert().values(meeting_id=meeting_id, kind=kind,
                                                             question="", text=text))
            name = self._names(conn, [contact_id])[contact_id]
            for target in targets:
                conn.execute(referrals.insert().values(
                    from_contact_id=contact_id, from_name=name, to_contact_id=target,
                    dated=row["starts"].date(), note=""))
            if outcome:
                conn.execute(outcomes.insert().values(
                    contact_id=contact_id, field_id=row["field_id"], kind=outcome,
                    dated=row["starts"].date(), why=why))
        return meeting_id

    def _meeting_update(self, meeting_id: int, **values) -> None:
        import sqlalchemy as sa

        from infolib.store.schema import meetings

        meeting_id = row_id(meeting_id, "meeting")
        with self.writer.begin() as conn:
            if not conn.execute(sa.select(meetings.c.id).where(meetings.c.id == meeting_id)
                                ).first():
                raise DataError(f"There is no meeting {meeting_id}; see the meetings table.")
            conn.execute(meetings.update().where(meetings.c.id == meeting_id).values(**values))

    def mark_thanked(self, meeting_id: int, on=None) -> None:
        self._meeting_update(meeting_id, thanked=as_date(on, "thank-you date") or date.today())

    def mark_followed_up(self, meeting_id: int, on=None) -> None:
        self._meeting_update(meeting_id,
                             followed_up=as_date(on, "follow-up date") or date.today())

    def add_note(self, meeting_id: int, text: str, *, kind: str = "insight",
                 question: str = "") -> int:
        """Write down what was learned: an answer to a question, an insight, advice or a lead."""
        import sqlalchemy as sa

        from infolib.store.schema import interview_notes, meetings

        meeting_id = row_id(meeting_id, "meeting")
        row = {"meeting_id": meeting_id, "kind": choice(kind, NOTE_KINDS, "kind of note"),
               "question": clean_text(question, "question", limit=1000),
               "text": " ".join(str(text or "").split())}
        if not row["text"]:
            raise DataError("The note is empty; write what you learned.")
        with self.writer.begin() as conn:
            if not conn.execute(sa.select(meetings.c.id).where(meetings.c.id == meeting_id)
                                ).first():
                raise DataError(f"There is no meeting {meeting_id}; log the meeting first.")
            return conn.execute(interview_notes.insert().values(**row)).inserted_primary_key[0]

    def add_referral(self, from_contact, to_contact, *, dated=None, note: str = "") -> int:
        """``from_contact`` suggested you talk to ``to_contact`` (both must be contacts)."""
        from infolib.store.schema import referrals

        with self.writer.begin() as conn:
            source = self._contact_id(conn, from_contact, "referrer")
            target = self._contact_id(conn, to_contact, "referred contact")
            name = self._names(conn, [source])[source]
            return conn.execute(referrals.insert().values(
                from_contact_id=source, from_name=name, to_contact_id=target,
                dated=as_date(dated, "referral date") or date.today(),
                note=clean_text(note, "note", limit=2000))).inserted_primary_key[0]

    def _names(self, conn, ids) -> dict[int, str]:
        import sqlalchemy as sa

        from infolib.store.schema import contacts

        return dict(conn.execute(sa.select(contacts.c.id, contacts.c.name).where(
            contacts.c.id.in_(list(ids)))).all())

    def log_outcome(self, kind: str, *, contact=None, field: str | None = None, dated=None,
                    why: str = "") -> int:
        """Record what came of it: formal_interview, offer, decided_against (say why), other."""
        from infolib.store.schema import outcomes

        kind = choice(kind, OUTCOME_KINDS, "outcome")
        why = clean_text(why, "reason", limit=2000)
        if kind == "decided_against" and not why:
            raise DataError("Say why you decided against the field; it is what your follow-up "
                            "notes will tell your contacts.")
        with self.writer.begin() as conn:
            return conn.execute(outcomes.insert().values(
                contact_id=self._contact_id(conn, contact) if contact not in (None, "") else None,
                field_id=self._field_ref(conn, field), kind=kind,
                dated=as_date(dated, "outcome date") or date.today(), why=why)
            ).inserted_primary_key[0]

    def complete_task(self, task_id: int, on=None) -> None:
        import sqlalchemy as sa

        from infolib.store.schema import tasks

        task_id = row_id(task_id, "task")
        with self.writer.begin() as conn:
            if not conn.execute(sa.select(tasks.c.id).where(tasks.c.id == task_id)).first():
                raise DataError(f"There is no task {task_id}.")
            conn.execute(tasks.update().where(tasks.c.id == task_id).values(
                done=as_date(on, "date done") or date.today()))

    # removing a row ------------------------------------------------------------------------------
    def remove(self, kind: str, ref) -> str:
        """Remove one row: a ``contact`` (by id or name, with their outreach, meetings and
        notes), or an ``outreach`` message, ``meeting`` (with its notes), ``note``,
        ``referral``, ``outcome`` or ``task`` by id. Returns what was removed, e.g.
        "outreach 3"."""
        import sqlalchemy as sa

        from infolib.store import schema

        tables = {"contact": schema.contacts, "outreach": schema.outreach,
                  "meeting": schema.meetings, "note": schema.interview_notes,
                  "referral": schema.referrals, "outcome": schema.outcomes,
                  "task": schema.tasks}
        kind = str(kind or "").strip().lower()
        if kind not in tables:
            raise DataError(f"Cannot remove a {kind!r}; remove one of: {', '.join(tables)}.")
        table = tables[kind]
        with self.writer.begin() as conn:
            if kind == "contact":
                number = self._contact_id(conn, ref)
            else:
                number = row_id(ref, kind)
                if conn.execute(sa.select(table.c.id).where(table.c.id == number)).first() \
                        is None:
                    raise DataError(f"There is no {kind} {number} in the workbook.")
            conn.execute(table.delete().where(table.c.id == number))
        return f"{kind} {number}"

    def _dated_rows(self, table, kind: str, dates):
        """A condition keeping the rows of ``table`` whose ``dates`` are empty or inside
        ``date_window()``; each row left out (written before the window was enforced) is
        logged with the command that removes it, so a far-off date cannot break a listing."""
        import sqlalchemy as sa

        first, last = date_window()
        checks = []
        for column in dates:
            if isinstance(column.type, sa.Date):
                low, high = first, last
            else:  # a moment in UTC: its day in any zone may be one off
                low = datetime.combine(first - timedelta(days=1), datetime.min.time(), UTC)
                high = datetime.combine(last + timedelta(days=2), datetime.min.time(), UTC)
            checks.append(sa.or_(column.is_(None), column.between(low, high)))
        keep = sa.and_(*checks)
        with self.engine.connect() as conn:
            for row in conn.execute(sa.select(table.c.id, *dates).where(sa.not_(keep))
                                    .order_by(table.c.id)):
                shown = ", ".join(f"{c.name} {row._mapping[c.name]}" for c in dates
                                  if row._mapping[c.name] is not None)
                log.warning("Left out %s %s: its date (%s) is outside the dates infolib works "
                            "with (%s to %s). Remove it with `infolib remove %s %s`, then log "
                            "it again with the right date.", kind, row.id, shown, first, last,
                            kind, row.id)
        return keep

    # tables out ----------------------------------------------------------------------------------
    def _named(self, table, *columns, order=None, kind: str = "", dates=()):
        import sqlalchemy as sa

        from infolib.store.schema import contacts

        query = (sa.select(table.c.id, *columns, contacts.c.name.label("contact"))
                 .select_from(table.outerjoin(contacts, table.c.contact_id == contacts.c.id))
                 .where(self._dated_rows(table, kind, dates))
                 .order_by(order if order is not None else table.c.id))
        return self._frame(query)

    def outreach(self):
        """Every message logged (dates outside ``date_window()`` are left out, with a warning)."""
        from infolib.store.schema import outreach as t

        return self._named(t, t.c.contact_id, t.c.channel, t.c.kind, t.c.sent, t.c.replied,
                           t.c.note, order=t.c.sent, kind="outreach",
                           dates=(t.c.sent, t.c.replied))

    def meetings(self):
        """Every meeting; ``starts`` in the zone it was entered in (``zone``: its name or
        offset), as a Timestamp each."""
        import pandas as pd

        from infolib.store.schema import meetings as t

        frame = self._named(t, t.c.contact_id, t.c.starts, t.c.zone, t.c.mode, t.c.place,
                            t.c.minutes, t.c.thanked, t.c.followed_up, t.c.note,
                            order=t.c.starts, kind="meeting",
                            dates=(t.c.starts, t.c.thanked, t.c.followed_up))
        moments = [pd.Timestamp(_utc(moment).astimezone(zone_from_name(zone)))
                   for moment, zone in zip(frame["starts"], frame["zone"], strict=True)]
        frame["starts"] = pd.Series(moments, index=frame.index, dtype=object)
        return frame

    def interview_notes(self, meeting_id: int | None = None):
        import sqlalchemy as sa

        from infolib.store.schema import interview_notes as t

        query = sa.select(t).order_by(t.c.id)
        if meeting_id is not None:
            query = query.where(t.c.meeting_id == row_id(meeting_id, "meeting"))
        return self._frame(query)

    def referrals(self):
        import sqlalchemy as sa

        from infolib.store.schema import contacts
        from infolib.store.schema import referrals as t

        target = contacts.alias("target")
        query = (sa.select(t.c.id, t.c.from_contact_id, t.c.from_name, t.c.to_contact_id,
                           target.c.name.label("to_name"), t.c.dated, t.c.note)
                 .select_from(t.join(target, t.c.to_contact_id == target.c.id))
                 .where(self._dated_rows(t, "referral", (t.c.dated,)))
                 .order_by(t.c.dated, t.c.id))
        return self._frame(query)

    def outcomes(self):
        from infolib.store.schema import outcomes as t

        return self._named(t, t.c.contact_id, t.c.field_id, t.c.kind, t.c.dated, t.c.why,
                           order=t.c.dated, kind="outcome", dates=(t.c.dated,))

    def tasks(self):
        from infolib.store.schema import tasks as t

        return self._named(t, t.c.contact_id, t.c.kind, t.c.due, t.c.done, t.c.note,
                           order=t.c.due, kind="task", dates=(t.c.due, t.c.done))


def _utc(moment) -> datetime:
    """A stored moment as an aware UTC datetime (pandas may hand back a Timestamp)."""
    if hasattr(moment, "to_pydatetime"):
        moment = moment.to_pydatetime()
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
