"""Export every table of a workbook to CSV, and restore a workbook from such an export.

An export is a folder with one ``<table>.csv`` per table (dates and times in ISO 8601, JSON
columns as JSON text, empty cells for missing values) and ``manifest.json`` (schema revision,
row counts). Restoring into an empty workbook gives back the same rows with the same ids, so
that exporting the restored workbook gives identical files.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from datetime import date, datetime
from pathlib import Path

from infolib.errors import DataError, StoreError

MANIFEST = "manifest.json"


def _tables():
    from infolib.store import schema

    # parents before children, so that foreign keys hold while restoring
    return [t for t in schema.metadata.sorted_tables]


def _cell(value, column) -> str:
    import sqlalchemy as sa

    if value is None:
        return ""
    if isinstance(column.type, sa.JSON):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            from datetime import UTC

            value = value.replace(tzinfo=UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _value(text: str, column):
    import sqlalchemy as sa

    if text == "" and column.nullable:
        return None
    kind = column.type
    if isinstance(kind, sa.JSON):
        return json.loads(text)
    if isinstance(kind, sa.DateTime):
        return datetime.fromisoformat(text)
    if isinstance(kind, sa.Date):
        return date.fromisoformat(text)
    if isinstance(kind, sa.Boolean):
        return text == "true"
    if isinstance(kind, sa.Integer):
        return int(text)
    if isinstance(kind, sa.Float):
        return float(text)
    return text


def export_workbook(book, folder: str | Path) -> Path:
    """Write every table to ``folder`` (created; must be empty or absent)."""
    import sqlalchemy as sa

    from infolib.store import schema

    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise DataError(f"{folder} is not empty; export into a new folder so that nothing is "
                        "overwritten.")
    tmp = folder.with_name(folder.name + ".part")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    counts = {}
    with book.engine.connect() as conn:
        for table in _tables():
            columns = list(table.columns)
            key = [c for c in columns if c.primary_key]
            rows = conn.execute(sa.select(table).order_by(*key))
            with open(tmp / f"{table.name}.csv", "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow([c.name for c in columns])
                n = 0
                for row in rows:
                    writer.writerow([_cell(row._mapping[c.name], c) for c in columns])
                    n += 1
            counts[table.name] = n
    (tmp / MANIFEST).write_text(json.dumps(
        {"format": "infolib-export", "schema_version": schema.SCHEMA_VERSION,
         "revision": schema.HEAD_REVISION, "rows": counts}, indent=2) + "\n", encoding="utf-8")
    if folder.exists():
        folder.rmdir()
    os.replace(tmp, folder)
    return folder


def restore_workbook(book, folder: str | Path) -> dict[str, int]:
    """Load an export into ``book``, which must hold no data yet; all or nothing."""
    import sqlalchemy as sa

    from infolib.store import schema

    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise DataError(f"{folder} is not an infolib export (no {MANIFEST}); give the folder "
                        "`infolib export` wrote.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("schema_version", 0) > schema.SCHEMA_VERSION:
        raise DataError(f"{folder} was exported by a newer infolib (schema "
                        f"{manifest['schema_version']}); upgrade infolib to restore it.")
    with book.writer.begin() as conn:
        for table in _tables():
            if table.name == "meta":
                continue
            if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar():
                raise StoreError(f"The workbook {book.folder} already holds data (table "
                                 f"{table.name}); restore into a new, empty workbook folder.")
        counts = {}
        for table in _tables():
            path = folder / f"{table.name}.csv"
            if not path.is_file():
                if manifest["rows"].get(table.name):
                    raise DataError(f"{path} is missing from the export.")
                continue
            with open(path, newline="", encoding="utf-8") as handle:
                reader = csv.DictReader(handle)
                columns = {c.name: c for c in table.columns}
                unknown = set(reader.fieldnames or []) - set(columns)
                if unknown:
                    raise DataError(f"{path}: unknown column(s) {sorted(unknown)}.")
                rows = []
                for line, raw in enumerate(reader, start=2):
                    try:
                        rows.append({k: _value(v, columns[k]) for k, v in raw.items()})
                    except ValueError as exc:
                        raise DataError(f"{path}, line {line}: {exc}.") from None
            if table.name == "meta":
                conn.execute(table.delete())
            if rows:
                conn.execute(table.insert(), rows)
            counts[table.name] = len(rows)
        if conn.dialect.name == "postgresql":  # ids were given; move the sequences past them
            for table in _tables():
                key = [c for c in table.columns if c.primary_key]
                if len(key) == 1 and isinstance(key[0].type, sa.Integer) and \
                        key[0].autoincrement in (True, "auto"):
                    conn.execute(sa.text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', '{key[0].name}'), "
                        f"COALESCE((SELECT MAX({key[0].name}) FROM {table.name}), 0) + 1, false)"))
    return counts
