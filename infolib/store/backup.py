"""Export every table of a workbook to CSV, and restore a workbook from such an export.

An export is a folder with one ``<table>.csv`` per table (dates and times in ISO 8601, JSON
columns as JSON text, empty cells for missing values) and ``manifest.json``: the schema
revision, each table's row count, each file's SHA-256 checksum, and ``spreadsheet_safe``.

Spreadsheet-safe cells (OWASP, CSV injection): a spreadsheet runs a cell that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, and scraped text or an
imported note may begin so. Such a text cell is written with a ``'`` in front, which
spreadsheets show as text; a cell that already begins with quotes followed by one of those
characters gets one quote more, so that restoring removes exactly one and gives back every
value as it was. Numbers are written as they are.

Restoring checks the whole export before writing anything (the manifest, every checksum, every
row count, every cell) and refuses a changed, truncated or malformed one with a message naming
the file, line and column, never the personal data in it. Into an empty workbook it gives back
the same rows with the same ids, so that exporting the restored workbook gives identical files.
An export made before a migration dropped a table (``schema.RETIRED_TABLES``) restores without it.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from infolib.errors import DataError, OutputPathError
from infolib.files import writing_folder

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = "infolib-export"
#: what makes a spreadsheet read a cell as a formula, and what is put in front to stop it
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_PREFIX = "'"
SPREADSHEET_SAFE = {
    "prefix": TEXT_PREFIX, "before": list(FORMULA_STARTS),
    "rule": "a text cell beginning with one of `before`, after any quotes, is written with "
            "one more `prefix` in front; restore removes one. Numbers are written as they are.",
}
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_BATCH = 5000
_LARGEST_CELL = 1 << 28


def _tables():
    from infolib.store import schema

    # parents before children, so that foreign keys hold while restoring
    return list(schema.metadata.sorted_tables)


def _kind(column):
    """The column's SQL type (a TypeDecorator's underlying one)."""

    kind = column.type
    return kind.impl_instance if isinstance(kind, sa.types.TypeDecorator) else kind


def _is_number(column) -> bool:
    return isinstance(_kind(column), sa.Integer | sa.Numeric)


def _formula_like(text: str) -> bool:
    return text.lstrip(TEXT_PREFIX)[:1] in FORMULA_STARTS


def spreadsheet_safe(text: str) -> str:
    """``text`` as a cell no spreadsheet runs as a formula (reversed by :func:`unescape`)."""
    return TEXT_PREFIX + text if _formula_like(text) else text


def unescape(cell: str) -> str:
    """The value of a spreadsheet-safe cell."""
    return cell[1:] if cell.startswith(TEXT_PREFIX) and _formula_like(cell) else cell


def _cell(value, column) -> str:
    if value is None:
        return ""
    kind = _kind(column)
    if isinstance(kind, sa.JSON):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif isinstance(value, datetime):
        if value.tzinfo is None:
            from datetime import UTC

            value = value.replace(tzinfo=UTC)
        text = value.isoformat()
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = str(value)
    return text if _is_number(column) else spreadsheet_safe(text)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _export(book, folder: str | Path) -> Path:
    """Write every table to ``folder`` as spreadsheet-safe CSV, with ``manifest.json``.

    ``folder`` is created and must be absent or empty; it appears whole or not at all (see
    :mod:`infolib.files`). Cells that a spreadsheet would run as a formula get a ``'`` in front
    (the module's docstring says exactly when); :func:`restore_workbook` removes it.

    Raises:
        OutputPathError: ``folder`` is a file, or a folder that is not empty.
        WriteError: the disk is full: nothing was written.
    """

    from infolib.store import schema

    with writing_folder(folder) as tmp:
        counts, sums = {}, {}
        with book.engine.connect() as conn:
            for table in _tables():
                columns = list(table.columns)
                key = [c for c in columns if c.primary_key]
                path = tmp / f"{table.name}.csv"
                with open(path, "w", newline="", encoding="utf-8") as handle:
                    writer = csv.writer(handle)
                    writer.writerow([c.name for c in columns])
                    n = 0
                    for row in conn.execute(sa.select(table).order_by(*key)):
                        writer.writerow([_cell(row._mapping[c.name], c) for c in columns])
                        n += 1
                counts[table.name] = n
                sums[path.name] = _sha256(path)
        (tmp / MANIFEST).write_text(json.dumps(
            {"format": FORMAT, "schema_version": schema.SCHEMA_VERSION,
             "revision": schema.HEAD_REVISION, "rows": counts, "sha256": sums,
             "spreadsheet_safe": SPREADSHEET_SAFE}, indent=2) + "\n", encoding="utf-8")
    return Path(folder)


# --- restoring ------------------------------------------------------------------------------------

class _Export:
    """An export folder, checked: its manifest, checksums, row counts and every cell."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.manifest = self._read_manifest()
        self.escaped = "spreadsheet_safe" in self.manifest
        self._check_checksums()
        self.counts = {table.name: self._check_table(table) for table in _tables()}

    def _read_manifest(self) -> dict:
        from infolib.store import schema

        path = self.folder / MANIFEST
        if not self.folder.is_dir():
            raise DataError(f"{self.folder} is not a folder: give the folder `infolib export` "
                            "wrote.")
        if not path.is_file():
            raise DataError(f"{self.folder} is not an infolib export (no {MANIFEST}); give the "
                            "folder `infolib export` wrote.")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise DataError(f"{path} is not UTF-8 text: the export is damaged; restore from "
                            "another export.") from None
        except json.JSONDecodeError as exc:
            raise DataError(f"{path} is not valid JSON (line {exc.lineno}, column "
                            f"{exc.colno}): the export is damaged; restore from another "
                            "export.") from None
        rows = data.get("rows") if isinstance(data, dict) else None
        sums = data.get("sha256", {}) if isinstance(data, dict) else None
        version = data.get("schema_version", 0) if isinstance(data, dict) else None
        if not isinstance(rows, dict) or not isinstance(sums, dict) or \
                not isinstance(version, int) or \
                not all(isinstance(n, int) and n >= 0 for n in rows.values()) or \
                not all(isinstance(s, str) for s in sums.values()) or \
                data.get("format", FORMAT) != FORMAT:
            raise DataError(f"{path} is not the manifest of an infolib export (it needs "
                            "\"rows\" with a count per table): the export is damaged; restore "
                            "from another export.")
        if version > schema.SCHEMA_VERSION:
            raise DataError(f"{self.folder} was exported by a newer infolib (schema {version}); "
                            "upgrade infolib to restore it.")
        # a table a later schema dropped is accepted from an export made before (its file
        # still checked against its checksum), and left out
        known = {table.name for table in _tables()} | {
            name for name, dropped in schema.RETIRED_TABLES.items() if version < dropped}
        strange = sorted(set(rows) - known) + sorted(
            set(sums) - {f"{name}.csv" for name in known})
        if strange:
            raise DataError(f"{path} lists {_names(strange)}, which this infolib does not "
                            "know: the export is damaged, or was made by another program.")
        for name in sorted(set(schema.RETIRED_TABLES) & set(rows)):
            if rows[name]:
                log.warning("%s holds %s of the %s table, which no version of infolib wrote "
                            "or showed and this one no longer has: left out.",
                            self.folder / f"{name}.csv", _rows(rows[name]), name)
        return data

    def _check_checksums(self) -> None:
        for name, expected in sorted(self.manifest.get("sha256", {}).items()):
            path = self.folder / name
            if not path.is_file():
                raise DataError(f"{path} is missing from the export (the manifest lists it): "
                                "restore from a complete export.")
            if _sha256(path) != expected.lower():
                raise DataError(f"{path} does not match its checksum in {MANIFEST}: it was "
                                "changed or damaged after the export. Nothing was restored; "
                                "restore from another export.")
        if "sha256" in self.manifest:
            for table in _tables():
                path = self.folder / f"{table.name}.csv"
                if path.is_file() and path.name not in self.manifest["sha256"]:
                    raise DataError(f"{path} is not listed in {MANIFEST}'s checksums: it was "
                                    "added after the export. Remove it, or restore from "
                                    "another export.")

    def _check_table(self, table) -> int | None:
        """The rows of ``table``'s file, each cell checked; None if the export has none."""
        path = self.folder / f"{table.name}.csv"
        expected = self.manifest["rows"].get(table.name)
        if not path.is_file():
            if expected:
                raise DataError(f"{path} is missing from the export ({MANIFEST} lists "
                                f"{_rows(expected)}): restore from a complete export.")
            return None
        n = sum(1 for _ in self.rows(table))
        if expected is not None and n != expected:
            raise DataError(f"{path} holds {_rows(n)}, but {MANIFEST} says {expected}: the "
                            "export is incomplete or was changed. Nothing was restored; "
                            "restore from another export.")
        return n

    def rows(self, table):
        """Each row of ``table``'s file as a dict of values; DataError at the first bad cell."""
        from infolib.store import schema

        path = self.folder / f"{table.name}.csv"
        columns = {c.name: c for c in table.columns}
        csv.field_size_limit(max(csv.field_size_limit(), _LARGEST_CELL))  # a page's whole text
        reader = None
        try:
            with open(path, newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                header = next(reader, None)
                if header is None:
                    raise DataError(f"{path} is empty: it has no header line naming the "
                                    "columns. Restore from another export.")
                self._check_header(path, header, columns,
                                   self.manifest.get("revision") == schema.HEAD_REVISION)
                line = reader.line_num + 1
                for row, cells in enumerate(reader, start=2):
                    where = f"{path}, line {line}" + (f" (row {row})" if row != line else "")
                    if len(cells) != len(header):
                        raise DataError(f"{where}: {len(cells)} cells, but the header names "
                                        f"{len(header)} columns: the file is damaged. Restore "
                                        "from another export.")
                    yield {name: self._value(cell, columns[name], where)
                           for name, cell in zip(header, cells, strict=True)}
                    line = reader.line_num + 1
        except UnicodeDecodeError:
            raise DataError(f"{path}, line {_line_of_bad_byte(path)}: not UTF-8 text: the file "
                            "is damaged. Restore from another export.") from None
        except csv.Error as exc:
            raise DataError(f"{path}, line {reader.line_num if reader else 1}: not readable as "
                            f"CSV ({exc}): the file is damaged. Restore from another export."
                            ) from None
        except OSError as exc:
            raise DataError(f"{path} cannot be read: {exc.strerror}. Restore from another "
                            "export.") from None

    @staticmethod
    def _check_header(path: Path, header: list[str], columns: dict, complete: bool) -> None:
        unknown = [name if _NAME.fullmatch(name) else f"column {i}"
                   for i, name in enumerate(header, start=1) if name not in columns]
        if unknown:
            raise DataError(f"{path}: unknown column(s) {_names(unknown)}: the file was "
                            "changed after the export. Remove them, or restore from another "
                            "export.")
        if len(set(header)) != len(header):
            raise DataError(f"{path}: a column is named twice in the header: the file is "
                            "damaged. Restore from another export.")
        needed = [name for name, column in columns.items() if name not in header and (
            complete or not (column.nullable or column.default is not None or
                             column.server_default is not None))]
        if needed:
            raise DataError(f"{path}: the column(s) {_names(needed)} are missing: the file is "
                            "damaged. Restore from another export.")

    def _value(self, text: str, column, row: str):
        """The value of one cell; what was wrong (never the cell itself) if it is bad."""

        where = f"{row}, column {column.name!r}"
        if "\0" in text:
            raise DataError(f"{where} holds a NUL character: the file is damaged. Restore from "
                            "another export.")
        if self.escaped and not _is_number(column):
            text = unescape(text)
        if text == "" and column.nullable:
            return None
        kind = _kind(column)
        try:
            if isinstance(kind, sa.JSON):
                return json.loads(text)
            if isinstance(kind, sa.DateTime):
                return datetime.fromisoformat(text)
            if isinstance(kind, sa.Date):
                return date.fromisoformat(text)
            if isinstance(kind, sa.Boolean):
                return {"true": True, "false": False}[text]
            if isinstance(kind, sa.Integer):
                if not _WHOLE_NUMBER.fullmatch(text) or not -2**63 <= int(text) < 2**63:
                    raise ValueError
                return int(text)
            if isinstance(kind, sa.Numeric):
                return float(text)
        except (ValueError, KeyError, OverflowError):
            raise DataError(f"{where} is not {_expected(kind)}: the file is damaged or was "
                            "changed. Restore from another export.") from None
        return text


def _expected(kind) -> str:
    for cls, what in ((sa.JSON, "valid JSON"),
                      (sa.DateTime, "a date and time (ISO 8601, e.g. 2026-03-10T14:30:00+00:00)"),
                      (sa.Date, "a date (YYYY-MM-DD)"), (sa.Boolean, "true or false"),
                      (sa.Integer, "a whole number"), (sa.Numeric, "a number")):
        if isinstance(kind, cls):
            return what
    return "valid"


def _names(names: list[str]) -> str:
    """Names read from a file, quoted; one that is no plain name is not repeated (it could be
    a line of personal data that lost its line break)."""
    return ", ".join(repr(n) if _NAME.fullmatch(n) or n.startswith("column ") or
                     _NAME.fullmatch(n.removesuffix(".csv")) else "(a name that is no "
                     "column or table)" for n in names)


def _rows(n: int) -> str:
    return f"{n} row" + ("" if n == 1 else "s")


def _line_of_bad_byte(path: Path) -> int:
    for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return 1


def _restore(book, folder: str | Path) -> dict[str, int]:
    """Load an export into ``book``, which must hold no data yet; all or nothing.

    The whole export is checked first (see the module's docstring); the workbook is opened
    only when it passed. Returns the rows restored per table.

    Raises:
        DataError: the export is damaged, truncated or changed; nothing was written.
        StoreError: the workbook holds data already.
    """

    export = _Export(Path(folder))
    with book.writer.begin() as conn:
        for table in _tables():
            if table.name == "meta":
                continue
            if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar():
                raise OutputPathError(f"The workbook {book.folder} already holds data (table "
                                 f"{table.name}); restore into a new, empty workbook folder.")
        counts = {}
        for table in _tables():
            if export.counts[table.name] is None:
                continue
            if table.name == "meta":
                conn.execute(table.delete())
            _insert(conn, table, export)
            counts[table.name] = export.counts[table.name]
        if conn.dialect.name == "postgresql":  # ids were given; move the sequences past them
            for table in _tables():
                key = [c for c in table.columns if c.primary_key]
                if len(key) == 1 and isinstance(key[0].type, sa.Integer) and \
                        key[0].autoincrement in (True, "auto"):
                    conn.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key[0].name}'), "
                        f"COALESCE((SELECT MAX({key[0].name}) FROM {table.name}), 0) + 1, false)"))
    return counts


def _insert(conn, table, export: _Export) -> None:
    """Insert the rows of ``table`` in batches; a row the database refuses (a duplicate id, a
    reference to a row that is not there) is a DataError naming the file, not the row."""

    batch = []
    try:
        for row in export.rows(table):
            batch.append(row)
            if len(batch) == _BATCH:
                conn.execute(table.insert(), batch)
                batch = []
        if batch:
            conn.execute(table.insert(), batch)
    except sa.exc.DBAPIError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise DataError(f"{export.folder / (table.name + '.csv')}: the workbook refused its "
                        f"rows ({reason}): the export is damaged or was changed. Nothing was "
                        "restored; restore from another export.") from None


def export_workbook(folder: str | Path, *, workbook=None) -> Path:
    """Write every table of the workbook as CSV into ``folder`` (new or empty)."""
    from infolib.store.workbook import open_workbook

    return _export(open_workbook(workbook), folder)


def restore_workbook(folder: str | Path, *, workbook=None) -> dict[str, int]:
    """Load an export into an empty workbook; returns the rows restored per table."""
    from infolib.store.workbook import open_workbook

    return _restore(open_workbook(workbook), folder)
