"""Names, dates and ids that never break the workbook (issue 11: D5, D6, D7, D12, D18).

One date window for every date given (1990-01-01 to ten years ahead), read-side robustness for
far-off dates that older versions stored, one Unicode-aware name key for lookups and duplicates,
slugs that never merge two names, meeting times that keep their zone, and clear messages with
exit code 2 for ids, names and files that used to raise tracebacks.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from infolib import Workbook
from infolib.errors import DataError
from infolib.planning.checklist import slug
from infolib.store import schema


def date_window():
    from infolib.store.validate import date_window

    return date_window()


def name_key(name):
    from infolib.store.validate import name_key

    return name_key(name)


def infolib(*args, env=None):
    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})})


def counts(folder) -> dict[str, int]:
    with sqlite3.connect(folder / "infolib.sqlite") as raw:
        return {t.name: raw.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0]
                for t in schema.metadata.sorted_tables}


@pytest.fixture
def london(monkeypatch):
    """This process in London time, as a user's computer there would be."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- D5: one date window, and far-off dates already stored ---------------------------------

@pytest.mark.parametrize("args, given_value", [
    (("outreach", "Ada", "--sent", "9999-12-31"), "9999-12-31"),
    (("outreach", "Ada", "--sent", "1899-06-01"), "1899-06-01"),
    (("replied", "Ada", "--on", "9999-12-31"), "9999-12-31"),
    (("meeting", "Ada", "--when", "9999-12-31 10:00"), "9999-12-31 10:00"),
    (("meeting", "Ada", "--when", "0001-01-01"), "0001-01-01"),
    (("referral", "Ada", "Bo", "--on", "9999-12-31"), "9999-12-31"),
    (("outcome", "offer", "--contact", "Ada", "--on", "9999-12-31"), "9999-12-31"),
    (("reminders", "--today", "9999-12-31"), "9999-12-31"),
])
def test_a_date_outside_the_window_is_refused_saying_the_window(tmp_path, args, given_value):
    book = Workbook(tmp_path)
    book.contacts.add("Ada")
    book.contacts.add("Bo")
    book.log.add_outreach("Ada")
    book.close()
    before = counts(tmp_path)
    done = infolib(*args, "--workbook", str(tmp_path))
    first, last = date_window()
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Error: ") and "Traceback" not in done.stderr
    assert given_value in done.stderr
    assert f"({first} to {last}, ten years from today)" in done.stderr
    assert counts(tmp_path) == before


def test_the_store_applies_the_window_to_every_date_and_accepts_its_edges(store):
    store.contacts.add("Ada")
    for call in (lambda: store.log.add_outreach("Ada", sent="9999-12-31"),
                 lambda: store.log.add_outreach("Ada", replied=date(2100, 1, 1)),
                 lambda: store.log.add_meeting("Ada", "0001-01-01 09:00"),
                 lambda: store.contacts.add("Bo", connected_on="1900-01-01"),
                 lambda: store.log.add_outcome("offer", contact="Ada", dated="9999-12-31"),
                 lambda: store.contacts.import_rows([{"name": "Cy", "connected_on": "2999-01-01",
                                                 "_where": "line 2: "}], "csv")):
        with pytest.raises(DataError, match=r"outside the dates infolib accepts \(1990-01-01 to "):
            call()
    assert store.log.outreach().empty and store.log.meetings().empty and len(store.contacts.table()) == 1
    first, last = date_window()
    store.log.add_outreach("Ada", sent=first)
    store.log.add_outreach("Ada", sent=last, kind="update")
    assert sorted(store.log.outreach()["sent"]) == [first, last]


def _older_rows(folder) -> None:
    """Far-off dates as a version without the window stored them."""
    with sqlite3.connect(folder / "infolib.sqlite") as raw:
        raw.execute("INSERT INTO outreach (contact_id, channel, kind, sent, replied, note) "
                    "VALUES (1, 'email', 'request', '9999-12-31', NULL, '')")
        raw.execute("INSERT INTO meetings (contact_id, field_id, starts, zone, mode, place, "
                    "minutes, note) VALUES (1, NULL, '0001-01-01 00:00:00.000000', '', "
                    "'video', '', 20, '')")
        raw.execute("INSERT INTO outcomes (contact_id, field_id, kind, dated, why) "
                    "VALUES (1, NULL, 'hired', '9999-12-31', '')")


@pytest.mark.slow  # the CLI run thirteen times
def test_far_dates_stored_by_an_older_version_break_nothing_and_can_be_removed(demo_book,
                                                                                tmp_path):
    demo_book.contacts.add("Ada", organisation="Larkspur Grid Systems", field="Energy storage")
    demo_book.log.add_outreach("Ada", sent=date.today() - timedelta(days=20))
    folder = demo_book.folder
    demo_book.close()
    _older_rows(folder)
    workbook = ("--workbook", str(folder))
    for command in (("contacts",), ("contacts", "--json"), ("reminders",),
                    ("reminders", "--ics", str(tmp_path / "r.ics")), ("referrals",),
                    ("fields",), ("brief", "--field", "Energy storage", "--contact", "Ada",
                                  "--out", str(tmp_path / "brief.html"))):
        done = infolib(*command, *workbook)
        assert done.returncode == 0, (command, done.stderr)
        assert "Traceback" not in done.stderr
        if command[0] in ("referrals", "fields"):  # counts only, in SQL
            continue
        assert "infolib remove outreach 2" in done.stderr, command
        if command[0] in ("reminders", "brief"):  # the ones that read meetings
            assert "infolib remove meeting 1" in done.stderr, command
    assert "Ada" in infolib("contacts", *workbook).stdout
    assert "write to a second person" in infolib("reminders", *workbook).stdout
    for kind, row in (("outreach", "2"), ("meeting", "1"), ("outcome", "1")):
        done = infolib("remove", kind, row, *workbook)
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"Removed {kind} {row}.\n"
    done = infolib("reminders", *workbook)
    assert done.returncode == 0 and "infolib remove" not in done.stderr
    assert counts(folder)["outreach"] == 1


def test_the_store_leaves_out_far_dates_with_a_warning_on_both_backends(store, caplog):
    from infolib.outreach.reminders import due_reminders, reply_labels

    ada = store.contacts.add("Ada")
    store.log.add_outreach("Ada", sent=date.today() - timedelta(days=3))
    outreach, meetings = schema.outreach, schema.meetings
    with store.engine.begin() as conn:  # as an older version would have written them
        far = conn.execute(outreach.insert().values(
            contact_id=ada, channel="email", kind="request", sent=date(9999, 12, 31),
            note="")).inserted_primary_key[0]
        conn.execute(meetings.insert().values(
            contact_id=ada, starts=sa.func.current_timestamp(), zone="", mode="video",
            place="", minutes=20, note="", thanked=date(1, 1, 1)))
    assert len(store.log.outreach()) == 1 and store.log.meetings().empty
    assert f"Left out outreach {far}: its date (sent 9999-12-31)" in caplog.text
    assert "infolib remove meeting 1" in caplog.text
    assert len(due_reminders(workbook=store)) == 2
    assert reply_labels(workbook=store)["label"].tolist() == ["waiting"]
    assert store.log.remove("outreach", far) == f"outreach {far}"
    with pytest.raises(DataError, match="There is no outreach 77"):
        store.log.remove("outreach", 77)


# --- D6: one Unicode-aware name key ---------------------------------------------------------

@pytest.mark.parametrize("name, spelled", [
    ("Émile Østergaard", "ÉMILE ØSTERGAARD"),
    ("Łucja Żak", "łucja  żak"),
    ("Иван Петров", "иван ПЕТРОВ"),
    ("Jörg Straße", "JÖRG STRASSE"),
    ("Ｎａｏ Ｓａｔｏ", "nao sato"),
])
def test_names_in_any_script_are_found_and_never_added_twice(store, name, spelled):
    contact = store.contacts.add(name, organisation="Nordlys")
    store.log.add_outreach(spelled)
    assert store.log.outreach()["contact_id"].tolist() == [contact]
    with pytest.raises(DataError, match=r"already in the workbook \(contact \d+\)"):
        store.contacts.add(spelled, organisation="Nordlys")
    report = store.contacts.import_rows([{"name": spelled, "organisation": "Nordlys"}], "csv")
    assert (report.added, report.skipped) == (0, 1)
    assert store.contacts.table()["name"].tolist() == [name]


def test_an_organisation_in_another_script_is_kept_and_matched(store):
    store.contacts.add("Иван", organisation="Газпром нефть")
    store.contacts.add("Олег", organisation="ГАЗПРОМ НЕФТЬ")
    store.contacts.add("Ole", organisation="Ørsted A/S")
    frame = store.contacts.table()
    assert frame["organisation"].tolist() == ["Газпром нефть", "Газпром нефть", "Ørsted A/S"]


def test_a_goal_in_another_script_is_one_goal_whatever_its_case(workbook):
    workbook.ensure_field("Энергетика")
    workbook.planning.set_goal("Энергетика", "Как устроена ЭТА работа")
    workbook.planning.set_goal("Энергетика", "как устроена эта работа")
    assert [g["text"] for g in workbook.planning.goals("Энергетика")] == ["как устроена эта работа"]


def test_the_name_key():
    assert name_key("  ÉMILE\tØster ") == name_key("émile øster") == "émile øster"
    assert name_key("STRASSE") == name_key("Straße")
    assert name_key("Ｎａｏ") == "nao"


# --- D7: slugs that never merge two names ---------------------------------------------------

def test_slugs_keep_ascii_names_and_give_other_names_their_own():
    assert slug("Energy storage (demo)") == "energy-storage-demo"
    assert slug("Data & AI / ML ops") == "data-ai-ml-ops"
    names = ["王伟", "李娜", "汪伟", "???", "!!!", "Émile", "Emile", "Øster", "Иван", "Ivan"]
    slugs = [slug(n) for n in names]
    assert len(set(slugs)) == len(names), slugs
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s) for s in slugs)
    assert slug("王伟").startswith("wangwei-") and slug("Иван").startswith("ivan-")
    assert slug("ÉMILE") == slug("émile")  # one name key, one slug
    long = slug("a" * 100_000)
    assert len(long) <= 120 and long != slug("a" * 99_999)


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30), st.text(min_size=1, max_size=30))
def test_two_names_share_a_slug_only_if_they_are_one_name(a, b):
    # ASCII names keep their old slugs (existing folders are found), where punctuation alone
    # never told names apart; every other name's slug carries a hash of its name key
    if not (name_key(a).isascii() and name_key(b).isascii()):
        assert (slug(a) == slug(b)) == (name_key(a) == name_key(b))
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug(a))


def test_fields_named_in_other_scripts_get_their_own_notebooks_and_checklists(tmp_path):
    workbook = ("--workbook", str(tmp_path))
    for name in ("王伟", "李娜", "???"):
        done = infolib("new", name, "--company", "https://example.org/", *workbook)
        assert done.returncode == 0, done.stderr
        done = infolib("checklist", "--field", name, *workbook)
        assert done.returncode == 0, done.stderr
    folders = sorted((tmp_path / "fields").iterdir())
    assert len(folders) == 3
    assert sorted(json.loads(f.joinpath("field.json").read_text("utf-8"))["field"]
                  for f in folders) == sorted(["王伟", "李娜", "???"])
    checklists = sorted((tmp_path / "checklists").iterdir())
    assert len(checklists) == 3
    assert {c.read_text("utf-8").splitlines()[0] for c in checklists} == {
        "# Research checklist for the field '王伟'.", "# Research checklist for the field '李娜'.",
        "# Research checklist for the field '???'."}


def test_drafts_and_briefs_for_people_named_in_other_scripts_never_overwrite(workbook,
                                                                             tmp_path):
    from infolib.brief import default_path
    from infolib.outreach.drafts import draft_email

    workbook.contacts.set_seeker("Sam Seeker", "sam@example.org", phone="+44 20 7946 0000")
    paths = set()
    for name in ("王伟", "李娜", "汪伟"):
        workbook.contacts.add(name, email=f"{len(paths)}@example.org")
        paths.add(draft_email("request", name, workbook=workbook, field="Energy storage",
                              folder=tmp_path).path)
    assert len(paths) == 3 and all(p.is_file() for p in paths)
    assert len({default_path(workbook, "Energy storage", n, "html")
                for n in ("王伟", "李娜", "汪伟")}) == 3


# --- D12: a meeting time keeps its zone -----------------------------------------------------

@pytest.mark.parametrize("entered, label", [
    ("2026-06-12 10:00+14:00", "UTC+14:00"),
    ("2026-06-12 10:00 Europe/London", "BST"),
    ("2026-06-12T10:00-04:00", "UTC-04:00"),
    ("2026-12-11 10:00 America/New_York", "EST"),
])
def test_a_meeting_time_comes_back_as_it_was_entered(store, tmp_path, entered, label):
    from infolib.outreach.drafts import draft_email

    store.contacts.set_seeker("Sam Seeker", "sam@example.org", phone="+44 20 7946 0000")
    store.contacts.add("Ada Lovelace", email="ada@example.org")
    store.log.add_meeting("Ada Lovelace", entered, place="https://meet.example.org/ada")
    starts = store.log.meetings()["starts"].iloc[0]
    assert (f"{starts:%H:%M}", starts.tzname()) == ("10:00", label)
    body = draft_email("confirmation", "Ada Lovelace", workbook=store, folder=tmp_path).draft.body
    assert f", 10:00 ({label})" in body


def test_a_meeting_entered_in_london_time_is_confirmed_in_london_time(store, tmp_path, london):
    from infolib.outreach.drafts import draft_email

    store.contacts.set_seeker("Sam Seeker", "sam@example.org", phone="+44 20 7946 0000")
    store.contacts.add("Ada Lovelace", email="ada@example.org")
    store.log.add_meeting("Ada Lovelace", "2026-06-12 10:00", place="https://meet.example.org/ada")
    store.log.add_meeting("Ada Lovelace", "2026-12-11 10:00", place="Café Nero")
    body = draft_email("confirmation", "Ada Lovelace", workbook=store, folder=tmp_path).draft.body
    assert "When: Friday 11 December 2026, 10:00 (GMT)" in body
    assert [f"{s:%d %H:%M %Z}" for s in store.log.meetings()["starts"]] == ["12 10:00 BST",
                                                                          "11 10:00 GMT"]
    with pytest.raises(DataError, match="already logged"):  # the same moment, however written
        store.log.add_meeting("Ada Lovelace", "2026-12-11 05:00 America/New_York")


def test_the_cli_confirms_the_time_the_user_entered(tmp_path):
    workbook = ("--workbook", str(tmp_path))
    london = {"TZ": "Europe/London"}
    assert infolib("me", "Sam Seeker", "sam@example.org", "--phone", "+44 20 7946 0000",
                   *workbook).returncode == 0
    assert infolib("contact", "Ada Lovelace", "--email", "ada@example.org",
                   *workbook).returncode == 0
    done = infolib("meeting", "Ada Lovelace", "--when", "2026-06-12 10:00", "--place",
                   "https://meet.example.org/ada", *workbook, env=london)
    assert done.returncode == 0, done.stderr
    done = infolib("draft", "confirmation", "Ada Lovelace", *workbook, env={"TZ": "UTC"})
    assert done.returncode == 0, done.stderr
    assert "When: Friday 12 June 2026, 10:00 (BST)" in done.stdout
    done = infolib("meeting", "Ada Lovelace", "--when", "2026-06-19 10:00+14:00", "--place",
                   "https://meet.example.org/ada", *workbook, env=london)
    done = infolib("draft", "confirmation", "Ada Lovelace", *workbook, env=london)
    assert "When: Friday 19 June 2026, 10:00 (UTC+14:00)" in done.stdout
    done = infolib("meeting", "Ada Lovelace", "--when", "2026-06-20 10:00 Mars/Olympus",
                   *workbook)
    assert done.returncode == 2 and "time zone 'Mars/Olympus'" in done.stderr


# --- D18: ids, names and files that used to raise tracebacks --------------------------------

HUGE = "9" * 30


@pytest.mark.parametrize("args, message", [
    (("outreach", "²"), "There is no contact called '²'"),
    (("outreach", HUGE), f"There is no contact with id {HUGE}"),
    (("replied", "-1"), "There is no contact called '-1'"),
    (("contact", "Bo", "--referred-by", "²"), "There is no referrer called '²'"),
    (("note", HUGE, "A lead"), f"There is no meeting with id {HUGE}"),
    (("note", "²", "A lead"), "'²' is not a meeting id"),
    (("remove", "meeting", HUGE), f"There is no meeting with id {HUGE}"),
    (("meeting", "Ada", "--when", "0001-01-01"), "outside the dates infolib accepts"),
    (("meeting", "Ada", "--when", "2026-06-12 10:00", "--minutes", "²"), "invalid int value"),
    (("new", "a" * 100_000, "--company", "https://example.org/"),
     "is 100000 characters long; keep it under 200"),
    (("goal", "--field", "a" * 100_000, "A goal"), "is 100000 characters long"),
    (("outreach", "b" * 100_000), "a name is at most 200 characters"),
    (("research", "http://127.0.0.1:9/", "--field", "a" * 100_000), "is 100000 characters long"),
    (("research", "http://127.0.0.1:9/", "--field", " "), "The target field is empty"),
    (("show", "--field", "a" * 100_000), "is 100000 characters long"),
    (("brief", "--field", "a" * 100_000), "is 100000 characters long"),
])
def test_bad_ids_and_names_get_a_message_and_exit_2(tmp_path, args, message):
    book = Workbook(tmp_path)
    book.contacts.add("Ada")
    book.close()
    before = counts(tmp_path)
    done = infolib(*args, "--workbook", str(tmp_path))
    assert done.returncode == 2, done.stderr[-2000:]
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr) < 2000  # a 100,000-character name is not echoed back
    assert counts(tmp_path) == before
    assert not (tmp_path / "fields").exists()


def test_a_contact_called_by_a_digit_in_another_script_is_found_by_name(tmp_path):
    workbook = ("--workbook", str(tmp_path))
    assert infolib("contact", "²", *workbook).returncode == 0
    done = infolib("outreach", "²", *workbook)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Logged message 1 to ².\n"


@pytest.mark.parametrize("command, content, message", [
    ("import-contacts", b"", "is empty: nothing to import"),
    ("import-contacts", b"\xef\xbb\xbf\r\n", "is empty: nothing to import"),
    ("import-linkedin", b"", "is empty: nothing to import"),
    ("import-contacts", b"name,organisation\r\n", "has a header but no rows"),
    ("import-linkedin", b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
     "has a header but no rows"),
])
def test_an_empty_csv_import_says_so_and_exits_2(tmp_path, command, content, message):
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)
    done = infolib(command, str(path), "--workbook", str(tmp_path / "book"))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("Error: ") and message in done.stderr
    assert "Traceback" not in done.stderr
