"""Contacts: import them (your LinkedIn export, any contacts CSV) and find who works at the
organisations you research.

Writes go through ``Workbook`` (validated, one transaction each); these functions open the
workbook, call it, and return what a notebook shows.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import datetime
from pathlib import Path

from infolib.errors import DataError
from infolib.store.contacts import ImportReport
from infolib.store.validate import organisation_key
from infolib.store.workbook import open_workbook
from infolib.terminal import terminal_safe


@dataclasses.dataclass
class LinkedInImport(ImportReport):
    """What a LinkedIn import did; ``nameless`` counts the rows skipped for having no name
    (members who hide their details appear that way in an export)."""

    nameless: int = 0

    def __str__(self) -> str:
        text = super().__str__()
        if self.nameless:
            rows = "1 row" if self.nameless == 1 else f"{self.nameless} rows"
            text += f" {rows} had no name: members who hide their details; skipped."
        return text

    def to_dict(self) -> dict:
        return {**super().to_dict(), "nameless": self.nameless}


def import_linkedin(path: str | Path, *, workbook=None) -> LinkedInImport:
    """Import your own LinkedIn export (``Connections.csv``); people already in the workbook
    are skipped, so importing the same file twice adds nobody twice. Rows without a name
    (members who hide their details, rows holding only a URL) are skipped and counted; a
    broken header, an unreadable file or a bad value imports nothing."""
    rows, nameless = read_linkedin_export(path)
    report = open_workbook(workbook).contacts.import_rows(rows, "linkedin",
                                                          label=Path(path).name)
    fields = {f.name: getattr(report, f.name) for f in dataclasses.fields(ImportReport)}
    return LinkedInImport(**{**fields, "read": report.read + nameless}, nameless=nameless)


def import_contacts(path: str | Path, *, workbook=None) -> ImportReport:
    """Import a contacts CSV (name, organisation, role, email, … — see read_contacts_csv)."""
    rows = read_contacts_csv(path)
    return open_workbook(workbook).contacts.import_rows(rows, "csv", label=Path(path).name)


def connections_at_targets(field: str, *, workbook=None):
    """Your contacts who work at the organisations researched for ``field``, matched by name
    with legal suffixes, case and punctuation ignored ("Larkspur Grid Systems Ltd")."""
    import pandas as pd

    book = open_workbook(workbook)
    _pages, facts, _org, _crawls, _errors = book.research.inputs(field)
    targets = {organisation_key(f["value"]): f["value"] for f in facts.get("name", [])}
    frame = book.contacts.table()
    if frame.empty or not targets:
        return frame.iloc[0:0].assign(target=pd.Series(dtype=str))
    keys = frame["organisation"].fillna("").map(organisation_key)
    found = frame[keys.isin(set(targets) - {""})].copy()
    found["target"] = keys[found.index].map(targets)
    return found.reset_index(drop=True)


class ContactList:
    """Your contacts (``table``), each with ``reply``: how they answered your first request
    (booster, obligate, curmudgeon, waiting; empty if you have not written to them)."""

    EMPTY = ("No contacts yet: add one with `infolib contact NAME --org ORG`, or import your "
             "LinkedIn export with `infolib import-linkedin Connections.csv`.")
    COLUMNS = ["id", "name", "organisation", "role", "how_found", "referred_by", "reply"]

    def __init__(self, table):
        self.table = table

    @property
    def empty(self) -> bool:
        return self.table.empty

    def to_list(self) -> list[dict]:
        """The rows as JSON values: what ``infolib contacts --json`` prints."""
        from infolib.outreach.reminders import json_records

        return json_records(self.table)

    def to_dict(self) -> dict:
        return {"contacts": self.to_list()}

    def _shown(self):
        columns = self.COLUMNS + (["target"] if "target" in self.table else [])
        return self.table[columns].fillna("")

    def to_text(self) -> str:
        """The contacts as a table (id, name, organisation, role, how found, referred by,
        reply; and the target organisation they matched), or how to add some."""

        if self.empty:
            return self.EMPTY
        return terminal_safe(self._shown().to_string(index=False))

    def __repr__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        import html

        if self.empty:
            return f"<p><i>{html.escape(self.EMPTY)}</i></p>"
        return self._shown().to_html(index=False)


def contact_list(field: str | None = None, *, at_targets: bool = False,
                 workbook=None) -> ContactList:
    """Your contacts (of ``field``, or all), each with how they answered your first request;
    with ``at_targets``, those who work at the organisations researched for ``field``.

    Raises:
        DataError: ``at_targets`` without a field, or no such field.
    """
    from infolib.outreach.reminders import reply_labels

    book = open_workbook(workbook)
    if at_targets:
        if not field:
            raise DataError("--at-targets needs --field NAME (in Python: field=…): the contacts "
                            "at the organisations researched for that field.")
        frame = connections_at_targets(field, workbook=book)
    else:
        frame = book.contacts.table(field)
    if not frame.empty:
        labels = reply_labels(workbook=book).set_index("contact_id")["label"]
        frame["reply"] = frame["id"].map(labels).fillna("")
    return ContactList(frame)


LINKEDIN_COLUMNS = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                    "Connected On")
# generic CSV: our column <- the headers we accept for it (lower-case)
GENERIC_COLUMNS = {
    "name": ("name", "full name", "contact"),
    "first_name": ("first name", "first_name", "given name"),
    "last_name": ("last name", "last_name", "surname", "family name"),
    "organisation": ("organisation", "organization", "company", "employer", "org"),
    "role": ("role", "position", "title", "job title"),
    "email": ("email", "email address", "e-mail"),
    "phone": ("phone", "telephone", "mobile"),
    "profile_url": ("profile_url", "profile url", "url", "linkedin", "profile"),
    "how_found": ("how_found", "how found", "source", "found via"),
    "referred_by": ("referred_by", "referred by", "referrer"),
    "notes": ("notes", "note"),
    "field": ("field", "target field"),
}
MAX_BYTES = 50 * 1024 * 1024


def _text(path: str | Path) -> str:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path} is not a file; give the path of the CSV export.")
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise DataError(f"{path} is {len(data) // 1_000_000} MB; a contacts export is far "
                        "smaller. Is it the right file?")
    if b"\x00" in data[:4096]:
        raise DataError(f"{path} is not a text CSV file (it holds binary data, or is UTF-16). "
                        "Export it again as CSV, or re-save it as UTF-8 CSV.")
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark, as Excel and LinkedIn write
        data = data[3:]
    if not data.strip():
        raise DataError(f"{path} is empty: nothing to import. Export your contacts again, or "
                        "give the path of the CSV file that holds them.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(f"{path} is not UTF-8 text (line {line} has the byte "
                        f"{data[exc.start]:#04x}). Re-save it as 'CSV UTF-8' and import it "
                        "again.") from None


def _rows(text: str, header_at: int, path) -> tuple[list[str], list[tuple[int, dict]]]:
    lines = text.splitlines(keepends=True)
    reader = csv.reader(io.StringIO("".join(lines[header_at:])))
    try:
        header = [h.strip() for h in next(reader)]
        out = []
        for row in reader:
            line = header_at + reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise DataError(f"{path}, line {line}: {len(row)} values for {len(header)} "
                                "columns; a value with a comma must be in double quotes.")
            out.append((line, dict(zip(header, row + [""] * (len(header) - len(row)),
                                       strict=True))))
    except csv.Error as exc:
        raise DataError(f"{path}: not a readable CSV file ({exc}).") from None
    if not out:
        raise DataError(f"{path} has a header but no rows: nothing to import. Is it the "
                        "right file, or was the export cut short?")
    return header, out


def read_linkedin(path: str | Path) -> list[dict]:
    """Rows of LinkedIn's ``Connections.csv`` as contact dicts (source 'linkedin'); rows
    without a name are left out (``read_linkedin_export`` counts them)."""
    return read_linkedin_export(path)[0]


def read_linkedin_export(path: str | Path) -> tuple[list[dict], int]:
    """Rows of LinkedIn's ``Connections.csv`` as contact dicts (source 'linkedin'), and how
    many rows had no name (members who hide their details: empty first and last name, at
    most a URL) and were left out.

    The header is found, not assumed: exports start with a ``Notes:`` preamble, may carry a
    byte-order mark, and older ones have no ``URL`` column. Dates look like ``12 Mar 2024``.
    """
    text = _text(path)
    lines = text.splitlines()
    header_at = next((i for i, line in enumerate(lines[:50])
                      if "First Name" in line and "Last Name" in line), None)
    if header_at is None:
        raise DataError(f"{path} does not look like LinkedIn's Connections.csv: no header line "
                        f"with 'First Name' and 'Last Name' (expected columns: "
                        f"{', '.join(LINKEDIN_COLUMNS)}).")
    header, rows = _rows(text, header_at, path)
    missing = [c for c in ("First Name", "Last Name") if c not in header]
    if missing:
        raise DataError(f"{path}: the header on line {header_at + 1} lacks {missing}.")
    out, nameless = [], 0
    for line, row in rows:
        where = f"{Path(path).name}, line {line}: "
        name = " ".join(f"{row.get('First Name', '')} {row.get('Last Name', '')}".split())
        if not name:  # a member who hides their details: nothing to write to
            nameless += 1
            continue
        connected = (row.get("Connected On") or "").strip()
        if connected:
            try:
                connected = datetime.strptime(connected, "%d %b %Y").date()
            except ValueError:
                raise DataError(f"{where}column 'Connected On': {connected!r} is not a date "
                                "like 12 Mar 2024.") from None
        out.append({"_where": where, "name": name, "organisation": row.get("Company", ""),
                    "role": row.get("Position", ""), "email": row.get("Email Address", ""),
                    "profile_url": row.get("URL", ""), "how_found": "linkedin",
                    "connected_on": connected or None})
    return out, nameless


def read_contacts_csv(path: str | Path) -> list[dict]:
    """Rows of a contacts CSV with a header (name or first/last name, organisation, role,
    email, phone, profile_url, how_found, referred_by, notes, field; common spellings accepted).
    """
    text = _text(path)
    header, rows = _rows(text, 0, path)
    lowered = {h.lower(): h for h in header}
    mapping = {}
    for ours, theirs in GENERIC_COLUMNS.items():
        found = next((lowered[t] for t in theirs if t in lowered), None)
        if found:
            mapping[ours] = found
    if "name" not in mapping and not {"first_name", "last_name"} <= set(mapping):
        raise DataError(f"{path}: no name column. The header is {header}; it needs 'name' (or "
                        "'first name' and 'last name'), and may have organisation, role, email, "
                        "phone, profile_url, how_found, referred_by, notes, field.")
    out = []
    for line, row in rows:
        data = {ours: row.get(theirs, "") for ours, theirs in mapping.items()}
        if "name" not in data:
            data["name"] = f"{data.pop('first_name', '')} {data.pop('last_name', '')}"
        data.pop("first_name", None)
        data.pop("last_name", None)
        data["_where"] = f"{Path(path).name}, line {line}: "
        out.append(data)
    return out
