"""The interview log (``Workbook.log``) as each front door writes it: the CLI, the meeting form
and the notebooks all go through one meeting writer."""

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
