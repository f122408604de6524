"""The seeker, organisations and contacts of a workbook (``Workbook.contacts``).

Every write validates first and runs in one transaction: a bad row (no name, a duplicate
contact, a line break in a name) raises ``DataError`` saying what was wrong, and nothing is
written.
"""


from __future__ import annotations

import logging
import re
import shlex
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, datetime

import sqlalchemy as sa

from infolib.errors import DataError
from infolib.store.part import StorePart
from infolib.store.schema import (
    HOW_FOUND,
    contacts,
    fields,
    organisations,
    seeker,
)
from infolib.store.validate import MAX_NAME, as_date, choice, clean_text, name_key, organisation_key, row_id

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    """What an import did: rows read, contacts added, rows skipped as already known."""

    source: str
    read: int = 0
    added: int = 0
    skipped: int = 0
    skipped_names: list[str] = dataclass_field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.source}: {self.read} rows read, {self.added} contacts added, "
                f"{self.skipped} already in the workbook.")

    def to_text(self) -> str:
        """One line for the CLI (names stay out of it: they are personal data)."""
        return str(self)

    def to_dict(self) -> dict:
        return {"source": self.source, "read": self.read, "added": self.added,
                "skipped": self.skipped, "skipped_names": list(self.skipped_names)}

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(str(self))}</p>"


class ContactStore(StorePart):
    """The seeker, organisations and contacts."""

    # the seeker ----------------------------------------------------------------------------------
    def set_seeker(self, name: str, email: str, *, phone: str = "", profile_url: str = "",
                   background: str = "") -> None:
        """Who you are, for the signatures of your drafts."""

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
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(seeker)).mappings().first()
        return dict(row) if row else None

    # lookups -------------------------------------------------------------------------------------
    def _ensure_organisation(self, conn, name: str, website: str = "") -> int | None:
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

    def id_of(self, ref) -> int:
        """The id of the contact ``ref`` names (an id or a name), or DataError if unknown."""
        with self.engine.connect() as conn:
            return self.contact_id(conn, ref)

    def contact_id(self, conn, ref, what: str = "contact", where: str = "") -> int:
        """A contact by id (ASCII digits) or by name (compared by ``name_key``)."""


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
            "organisation_id": self._ensure_organisation(conn, data.get("organisation") or ""),
            "role": clean_text(data.get("role"), "role", limit=MAX_NAME, where=where),
            "email": email,
            "phone": clean_text(data.get("phone"), "phone", limit=60, where=where),
            "profile_url": url,
            "how_found": choice(data.get("how_found") or ("referral" if referred_by else "cold"),
                                HOW_FOUND, "way of finding the contact", where=where),
            "referred_by": (self.contact_id(conn, referred_by, "referrer", where)
                            if referred_by not in (None, "") else None),
            "field_id": self.book.field_ref(conn, data.get("field")),
            "source": source,
            "connected_on": as_date(data.get("connected_on"), "connection date", where=where),
            "notes": clean_text(data.get("notes"), "notes", limit=5000, where=where),
            "created": datetime.now(UTC),
        }

    def _duplicate_of(self, conn, row: dict) -> int | None:
        """An existing contact that is the same person: same profile URL, same email, or same
        name at the same organisation."""


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
    def add(self, name: str, *, organisation: str = "", role: str = "", email: str = "",
                    phone: str = "", profile_url: str = "", how_found: str | None = None,
                    referred_by=None, field: str | None = None, notes: str = "",
                    connected_on=None, source: str = "manual") -> int:
        """Add one contact; returns their id. Someone already in the workbook (same profile
        URL, email, or name at the same organisation) is refused: see ``ensure``.
        ``how_found``: referral, alumni, linkedin, event or cold (default: referral when
        ``referred_by`` is given, else cold). ``source`` says
        where the row came from (manual, csv, linkedin, demo)."""

        data = dict(name=name, organisation=organisation, role=role, email=email, phone=phone,
                    profile_url=profile_url, how_found=how_found, referred_by=referred_by,
                    field=field, notes=notes, connected_on=connected_on)
        with self.writer.begin() as conn:
            row = self._contact_row(conn, data, source=source)
            found = self._duplicate_of(conn, row)
            if found is not None:
                raise DataError(f"{row['name']} is already in the workbook (contact {found}); "
                                f"change their details with book.contacts.update({found}, …) "
                                "instead of adding them again.")
            return conn.execute(contacts.insert().values(**row)).inserted_primary_key[0]

    def ensure(self, name: str, **details) -> int:
        """The id of this person, unchanged if the workbook knows them already (same profile
        URL, email, or name at the same organisation), else added first; for notebooks run
        twice."""

        with self.writer.begin() as conn:
            row = self._contact_row(conn, {"name": name, **details})
            found = self._duplicate_of(conn, row)
            if found is not None:
                return found
            return conn.execute(contacts.insert().values(**row)).inserted_primary_key[0]

    def import_rows(self, rows: list[dict], source: str, label: str = "") -> ImportReport:
        """Add many contacts at once, all or nothing; people already in the workbook (or twice
        in ``rows``) are skipped and counted. ``rows`` carry a ``_where`` (e.g. 'line 7: ')."""


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
                    org_ids[key] = self._ensure_organisation(conn, data.get("organisation") or "")
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

    def update(self, contact, **changes) -> None:
        """Change some of a contact's details (the same names as ``add``)."""


        allowed = {"name", "organisation", "role", "email", "phone", "profile_url", "how_found",
                   "referred_by", "field", "notes", "connected_on"}
        unknown = set(changes) - allowed
        if unknown:
            raise DataError(f"Cannot change {sorted(unknown)}; a contact has: "
                            f"{', '.join(sorted(allowed))}.")
        with self.writer.begin() as conn:
            contact_id = self.contact_id(conn, contact)
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
        if org_id is None:
            return ""
        return conn.execute(sa.select(organisations.c.name).where(
            organisations.c.id == org_id)).scalar() or ""

    def _field_name(self, conn, field_id):
        if field_id is None:
            return None
        return conn.execute(sa.select(fields.c.name).where(fields.c.id == field_id)).scalar()

    def delete(self, contact) -> None:
        """Delete a contact with their outreach, meetings and notes; referrals they made keep
        the referrer's name."""

        with self.writer.begin() as conn:
            contact_id = self.contact_id(conn, contact)
            conn.execute(contacts.delete().where(contacts.c.id == contact_id))

    def table(self, field: str | None = None):
        """Every contact with organisation, how found and who referred them."""


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
