"""The store's writers as each front door uses them: the CLI, the forms and the notebooks go
through one meeting writer, and every store follows one "already exists" convention."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from infolib import DataError, Workbook, meeting_form
from tests.paths import ROOT


def infolib(*args):
    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True, cwd=ROOT)


def test_a_meeting_logged_from_the_cli_is_the_one_the_form_and_notebook_find(tmp_path):
    folder = str(tmp_path / "wb")
    book = Workbook(folder)
    book.contacts.add("Ada Example", organisation="Larkspur Grid Systems")
    book.close()
    logged = infolib("meeting", "Ada Example", "--when", "2026-03-10 14:30", "--mode",
                     "in_person", "--place", "Harbour Café", "--workbook", folder)
    assert logged.returncode == 0, logged.stderr
    assert "Logged meeting 1 with Ada Example" in logged.stdout
    # the same meeting again, from the CLI: refused, naming the meeting and what to do instead
    again = infolib("meeting", "Ada Example", "--when", "2026-03-10 14:30", "--workbook", folder)
    assert again.returncode == 2
    assert again.stderr.startswith("Error: ") and "already logged (meeting 1)" in again.stderr
    assert "infolib note 1" in again.stderr
    # and from the meeting form, as notebook 05 shows it
    book = Workbook(folder)
    form = meeting_form(book)
    form.contact.value = "Ada Example"
    form.day.value, form.time.value = date(2026, 3, 10), "14:30"
    form.insights.value = "Entrants lack SQL"
    form.button.click()
    assert "already logged (meeting 1)" in form.message.value
    meetings = book.log.meetings()
    assert meetings["id"].tolist() == [1] and meetings["place"].tolist() == ["Harbour Café"]
    assert book.log.notes().empty
    book.close()


def test_the_meeting_writer_keeps_its_note_notes_referrals_and_outcome(store):
    ada = store.contacts.add("Ada Example")
    ben = store.contacts.add("Ben Sample")
    meeting = store.log.add_meeting(ada, "2026-03-10 14:30", place="Harbour Café", minutes="25",
                                    note="she was late", insights=["Entrants lack SQL"],
                                    advice=["learn SQL first"], referred_to=[ben],
                                    outcome="formal_interview")
    row = store.log.meetings().iloc[0]
    assert (row["id"], row["minutes"], row["note"]) == (meeting, 25, "she was late")
    assert sorted(store.log.notes()["kind"]) == ["advice", "insight"]
    assert store.log.referrals()["to_name"].tolist() == ["Ben Sample"]
    assert store.log.outcomes()["kind"].tolist() == ["formal_interview"]


@pytest.mark.parametrize("minutes", [4, 241, "twenty", "²", 20.5, None])
def test_a_meeting_length_outside_the_rule_is_refused_and_nothing_is_written(store, minutes):
    store.contacts.add("Ada Example")
    with pytest.raises(DataError, match="minutes"):
        store.log.add_meeting("Ada Example", "2026-03-10 14:30", minutes=minutes,
                              insights=["not stored"])
    assert store.log.meetings().empty and store.log.notes().empty


# one "already exists" convention: add_* refuses the same row, naming it and how to change it;
# ensure_* gives back the row that is there, unchanged; set_* makes a value what it is given
ADDERS = {
    "contact": (lambda b: b.contacts.add("Ada Example", organisation="Larkspur Grid Systems",
                                         role="engineer"),
                lambda b: b.contacts.ensure("ada example", organisation="Larkspur Grid Systems",
                                            role="manager"),
                "Ada Example is already in the workbook (contact 1)",
                "book.contacts.update(1,",
                lambda b: b.contacts.table()[["name", "role"]].values.tolist()),
    "outreach": (lambda b: b.log.add_outreach("Ada Example", "email", sent="2026-03-02"),
                 lambda b: b.log.ensure_outreach("Ada Example", "email", sent="2026-03-02",
                                                 note="again"),
                 "This message is already logged (outreach 1: request by email to Ada "
                 "Example on 2026-03-02)", "infolib remove outreach 1",
                 lambda b: b.log.outreach()[["id", "note"]].values.tolist()),
    "meeting": (lambda b: b.log.add_meeting("Ada Example", "2026-03-10 14:30", place="Café"),
                lambda b: b.log.ensure_meeting("Ada Example", "2026-03-10 14:30",
                                               place="elsewhere", insights=["not stored"]),
                "This meeting is already logged (meeting 1)", "infolib note 1",
                lambda b: (b.log.meetings()[["id", "place"]].values.tolist(),
                           len(b.log.notes()))),
}


@pytest.mark.parametrize("kind", ADDERS)
def test_adding_a_row_twice_is_refused_and_ensuring_it_gives_back_the_first(store, kind):
    add, ensure, said, how, stored = ADDERS[kind]
    if kind != "contact":
        store.contacts.add("Ada Example", organisation="Larkspur Grid Systems")
    first = add(store)
    before = stored(store)
    with pytest.raises(DataError) as refused:
        add(store)
    assert said in str(refused.value) and how in str(refused.value)
    assert ensure(store) == first
    assert stored(store) == before


def test_the_same_message_on_another_channel_or_day_is_another_message(store):
    store.contacts.add("Ada Example")
    ids = {store.log.add_outreach("Ada Example", "email", sent="2026-03-02"),
           store.log.add_outreach("Ada Example", "linkedin", sent="2026-03-02"),
           store.log.add_outreach("Ada Example", "email", sent="2026-03-03"),
           store.log.add_outreach("Ada Example", "email", kind="follow_up", sent="2026-03-02")}
    assert len(ids) == len(store.log.outreach()) == 4


def test_the_cli_refuses_a_message_logged_twice(tmp_path):
    folder = str(tmp_path / "wb")
    Workbook(folder).contacts.add("Ada Example")
    first = infolib("outreach", "Ada Example", "--sent", "2026-03-02", "--workbook", folder)
    assert first.returncode == 0, first.stderr
    again = infolib("outreach", "Ada Example", "--sent", "2026-03-02", "--workbook", folder)
    assert again.returncode == 2 and "already logged (outreach 1" in again.stderr
    assert len(Workbook(folder).log.outreach()) == 1


def test_a_goal_is_set_the_same_goal_replaces_itself_and_a_new_outcome_the_old(workbook):
    workbook.ensure_field("Energy storage")
    goal = workbook.planning.set_goal("Energy storage", "How people get in")
    assert workbook.planning.set_goal("Energy storage", "how PEOPLE get in", importance=5) == goal
    workbook.planning.set_goal("Energy storage", "decide on the field", "outcome")
    workbook.planning.set_goal("Energy storage", "find a mentor", "outcome")
    assert [(g["kind"], g["text"], g["importance"]) for g in
            workbook.planning.goals("Energy storage")] == [("learn", "how PEOPLE get in", 5),
                                                           ("outcome", "find a mentor", 5)]


# one meeting-length rule (store.validate.meeting_minutes) for the meeting logged, the meeting
# planned and the meeting asked for
def _lengths(book):
    from infolib import plan_questions
    from infolib.outreach.drafts import Person, Seeker, draft_request

    seeker = Seeker("Sam Lee", "sam@example.org")
    person = Person(name="Ana Silva", email="ana@voltcell.example", organisation="Voltcell")
    return {
        "logged": lambda m: book.log.add_meeting("Ada Example", "2026-03-10 14:30", minutes=m),
        "planned": lambda m: plan_questions("Energy storage", workbook=book, minutes=m,
                                            contact="Ada Example"),
        "asked for": lambda m: draft_request(seeker, person, field="energy storage", minutes=m),
    }


def test_one_meeting_length_rule_for_logging_planning_and_asking(demo_book):
    demo_book.contacts.add("Ada Example")
    calls = _lengths(demo_book)
    for minutes in (4, 241, "20.5", True):
        refusals = set()
        for call in calls.values():
            with pytest.raises(DataError) as refused:
                call(minutes)
            refusals.add(str(refused.value))
        assert refusals == {f"A meeting of {minutes!r} minutes? Give a whole number from 5 to "
                            "240; informational interviews run 15–30 minutes, 20 is the usual "
                            "ask."}
    for minutes in (5, 240):
        calls["logged"](minutes)
        assert calls["planned"](minutes).minutes == minutes
        assert f"{minutes} minutes" in calls["asked for"](minutes).body
        demo_book.log.remove("meeting", demo_book.log.meetings()["id"].iloc[0])
