"""Contacts and the interview log on both backends: validated, transactional, importable,
exportable. The same tests run on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import filecmp
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from infolib import DataError, Workbook
from infolib.outreach.contacts import connections_at_targets, import_contacts, import_linkedin
from infolib.store import schema
from infolib.store.backup import export_workbook, restore_workbook
from tests.paths import ROOT


def count(book, table) -> int:
    with book.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


def test_contacts_outreach_meetings_notes_referrals_outcomes(store):
    ada = store.contacts.add("Ada Example", organisation="Larkspur Grid Systems Ltd",
                            role="Data Engineer", email="ada@larkspur.example",
                            how_found="alumni")
    ben = store.contacts.add("Ben Sample", organisation="Larkspur Grid Systems", referred_by=ada)
    store.log.add_outreach(ada, "email", sent="2026-03-02")
    store.log.mark_replied("ada example", on="2026-03-04")
    meeting = store.log.add_meeting(ada, "2026-03-10 14:30", mode="in_person", place="Harbour Café")
    store.log.add_note(meeting, "Most entrants lack SQL", kind="insight")
    store.log.add_note(meeting, "Talk to Ben on the field team", kind="lead")
    store.log.mark_thanked(meeting, on="2026-03-10")
    store.log.add_referral(ada, ben, dated="2026-03-10")
    store.log.add_outcome("formal_interview", contact=ben, dated="2026-04-01")
    contacts = store.contacts.table()
    assert list(contacts["name"]) == ["Ada Example", "Ben Sample"]
    # one organisation, whatever the legal suffix
    assert contacts["organisation"].nunique() == 1 and count(store, schema.organisations) == 1
    assert contacts.loc[1, "how_found"] == "referral" and contacts.loc[1, "referred_by"] == \
        "Ada Example"
    outreach = store.log.outreach()
    assert outreach.loc[0, "replied"] == date(2026, 3, 4)
    assert store.log.meetings().loc[0, "thanked"] == date(2026, 3, 10)
    assert set(store.log.notes()["kind"]) == {"insight", "lead"}
    assert store.log.referrals().loc[0, "to_name"] == "Ben Sample"
    assert store.log.outcomes().loc[0, "kind"] == "formal_interview"
    # deleting the referrer keeps the referral, with their name
    store.contacts.delete(ada)
    referral = store.log.referrals().iloc[0]
    assert referral["from_name"] == "Ada Example" and (
        referral["from_contact_id"] is None or referral["from_contact_id"] != referral[
            "from_contact_id"])  # None or NaN


@pytest.mark.parametrize("call, message", [
    (lambda b: b.contacts.add(""), "no name"),
    (lambda b: b.contacts.add("   "), "no name"),
    (lambda b: b.contacts.add("Eve", email="not-an-address"), "not an address"),
    (lambda b: b.contacts.add("Eve", how_found="carrier pigeon"), "Unknown way of finding"),
    (lambda b: b.contacts.add("Eve", referred_by="Nobody Known"), "no referrer called"),
    (lambda b: b.contacts.add("Eve\nBcc: x@evil.example"), "line break"),
    (lambda b: b.contacts.add("Ada Example", organisation="Larkspur Grid Systems plc"),
     "already in the workbook"),
    (lambda b: b.log.add_outreach("Ada Example", "carrier pigeon"), "Unknown channel"),
    (lambda b: b.log.add_outreach("Ada Example", "email", sent="31/02/2026"), "not a date"),
    (lambda b: b.log.add_outreach("Ada Example", sent="2026-03-05", replied="2026-03-01"),
     "cannot come before"),
    (lambda b: b.log.add_outreach("Zed Unknown"), "no contact called"),
    (lambda b: b.log.add_referral("Ada Example", "Zed Unknown"), "no referred contact"),
    (lambda b: b.log.add_meeting("Ada Example", "next tuesday"), "not a date and time"),
    (lambda b: b.log.add_outcome("decided_against"), "Say why"),
])
def test_bad_rows_are_refused_and_nothing_is_written(store, call, message):
    store.contacts.add("Ada Example", organisation="Larkspur Grid Systems")
    before = {t.name: count(store, t) for t in schema.metadata.sorted_tables}
    with pytest.raises(DataError, match=message):
        call(store)
    assert {t.name: count(store, t) for t in schema.metadata.sorted_tables} == before


CONNECTIONS = (
    "\ufeffNotes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n'
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Example,https://www.linkedin.com/in/ada-example,,Larkspur Grid Systems Ltd,"
    '"Engineer, Data Platform",12 Mar 2024\n'
    "Ben,Sample,https://www.linkedin.com/in/ben-sample,ben@example.org,Fenwick Energy,"
    "Analyst,01 Feb 2023\n"
    "Zoë,Ångström,https://www.linkedin.com/in/zoe,,\"Kestrel Lane Ventures, LLC\",Partner,"
    "7 Jan 2025\n"
)
OLD_CONNECTIONS = (  # older exports: no URL column, no preamble
    "First Name,Last Name,Email Address,Company,Position,Connected On\n"
    "Cara,Demo,,Larkspur Grid Systems,Product Designer,03 Oct 2022\n"
)


def test_linkedin_export_is_imported_once_whatever_its_vintage(store, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS, encoding="utf-8")
    report = import_linkedin(path, workbook=store)
    assert (report.read, report.added, report.skipped) == (3, 3, 0)
    again = import_linkedin(path, workbook=store)
    assert (again.added, again.skipped) == (0, 3)
    contacts = store.contacts.table().set_index("name")
    assert contacts.loc["Ada Example", "role"] == "Engineer, Data Platform"
    assert contacts.loc["Ada Example", "connected_on"] == date(2024, 3, 12)
    assert contacts.loc["Zoë Ångström", "organisation"] == "Kestrel Lane Ventures, LLC"
    assert contacts.loc["Ada Example", "email"] == "" and contacts.loc["Ada Example",
                                                                       "how_found"] == "linkedin"
    old = tmp_path / "old.csv"
    old.write_text(OLD_CONNECTIONS, encoding="utf-8")
    assert import_linkedin(old, workbook=store).added == 1
    assert len(store.contacts.table()) == 4


@pytest.mark.parametrize("content, message", [
    (CONNECTIONS.replace("12 Mar 2024", "2024-13-45"), "line 5: column 'Connected On'"),
    ("Name,Company\nAda,Larkspur\n", "no header line with 'First Name'"),
    (CONNECTIONS.encode("utf-8").replace("Zoë".encode(), "Zoë".encode("latin-1")),
     "not UTF-8 text .line 7"),
    (CONNECTIONS.encode("utf-16"), "not a text CSV"),
    (CONNECTIONS.replace('"Engineer, Data Platform"', "Engineer, Data Platform"),
     "line 5: 8 values for 7 columns"),
])
def test_a_bad_export_is_refused_naming_the_line_and_nothing_is_added(store, tmp_path, content,
                                                                      message):
    path = tmp_path / "Connections.csv"
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    with pytest.raises(DataError, match=message):
        import_linkedin(path, workbook=store)
    assert count(store, schema.contacts) == 0


def test_a_generic_contacts_csv(store, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Full Name,Organization,Title,E-mail,How found,Referred by\n"
                    "Ada Example,Larkspur Grid Systems,CTO,ada@larkspur.example,event,\n"
                    "Ben Sample,Fenwick Energy,Analyst,,referral,Ada Example\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match="line 3: There is no referrer called 'Ada Example'"):
        import_contacts(path, workbook=store)  # the referrer must be known before the import
    assert count(store, schema.contacts) == 0
    path.write_text(path.read_text().replace("Ada Example,Larkspur", "Ada  Example,Larkspur")
                    .replace(",referral,Ada Example", ",referral,"))
    assert import_contacts(path, workbook=store).added == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("Organisation,Role\nLarkspur,CTO\n", encoding="utf-8")
    with pytest.raises(DataError, match="no name column"):
        import_contacts(bad, workbook=store)


def test_connections_at_the_fields_target_organisations(demo_book, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS + OLD_CONNECTIONS.split("\n", 1)[1].replace(
        ",,Larkspur", ",,,Larkspur"), encoding="utf-8")
    import_linkedin(path, workbook=demo_book)
    found = connections_at_targets("Energy storage", workbook=demo_book)
    assert sorted(found["name"]) == ["Ada Example", "Cara Demo"]
    assert set(found["target"]) == {"Larkspur Grid Systems"}


def test_export_and_restore_give_back_the_same_workbook(store, demo_book, tmp_path):
    """A workbook with research, plans and people, exported, restored on this backend, and
    exported again: the two exports are identical file for file."""
    from infolib import find_gaps, plan_questions

    find_gaps("Energy storage", workbook=demo_book)
    plan_questions("Energy storage", workbook=demo_book, contact="Ada Example")
    ada = demo_book.contacts.add("Ada Example", organisation="Larkspur Grid Systems",
                                field="Energy storage")
    meeting = demo_book.log.add_meeting(ada, datetime(2026, 3, 10, 14, 30), place="Harbour Café")
    demo_book.log.add_note(meeting, "Ask Ben about the field team, \"soon\"", kind="lead")
    first = export_workbook(tmp_path / "first", workbook=demo_book)
    restored = restore_workbook(first, workbook=store)
    assert restored["pages"] > 10 and restored["contacts"] == 1
    second = export_workbook(tmp_path / "second", workbook=store)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == []
    assert store.research.load("Energy storage").profile.value("name") == \
        "Larkspur Grid Systems"
    with pytest.raises(Exception, match="already holds data"):
        restore_workbook(first, workbook=store)
    with pytest.raises(DataError, match="not empty"):
        export_workbook(first, workbook=store)


LOGGER = """
import sys
from datetime import date, timedelta
from infolib import Workbook
book = Workbook(sys.argv[1])
channel = "email" if sys.argv[3] == "first" else "phone"
for i in range(int(sys.argv[2])):
    book.log.add_outreach("Ada Example", channel, sent=date(2026, 1, 1) + timedelta(days=i),
                          note=f"{sys.argv[3]} {i}")
"""


def test_two_processes_logging_at_once_lose_nothing(tmp_path):
    book = Workbook(tmp_path)
    book.contacts.add("Ada Example")
    book.close()
    procs = [subprocess.Popen([sys.executable, "-c", LOGGER, str(tmp_path), "150", name],
                              cwd=ROOT, stderr=subprocess.PIPE, text=True)
             for name in ("first", "second")]
    for proc in procs:
        _out, err = proc.communicate()
        assert proc.returncode == 0, err
    notes = Workbook(tmp_path).log.outreach()["note"]
    assert len(notes) == 300 and notes.nunique() == 300


IMPORTER = """
import sys
from infolib.outreach.contacts import import_linkedin
import_linkedin(sys.argv[1], workbook=sys.argv[2])
"""


def test_a_process_killed_during_an_import_leaves_the_workbook_as_it_was(tmp_path):
    book = Workbook(tmp_path / "wb")
    book.contacts.add("Ada Example")
    book.close()
    rows = "".join(f"Person,Number{i},https://example.org/in/p{i},,Org {i % 50},Role,"
                   f"12 Mar 2024\n" for i in range(150000))
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    + rows, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", IMPORTER, str(path), str(tmp_path / "wb")],
                            cwd=ROOT)
    wal = tmp_path / "wb" / "infolib.sqlite-wal"
    # kill it once it has started writing its (uncommitted) transaction
    while proc.poll() is None and not (wal.exists() and wal.stat().st_size > 200_000):
        time.sleep(0.01)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    after = Workbook(tmp_path / "wb")
    assert list(after.contacts.table()["name"]) == ["Ada Example"]
    assert count(after, schema.organisations) == 0
