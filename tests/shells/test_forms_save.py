"""Notebook 03's question editor as a newcomer uses it: type in the boxes, press Save (no ✓),
and find the same plan in the workbook, on the printed sheet and in `infolib questions`."""

from __future__ import annotations

import subprocess
import sys

from infolib import edit_questions, plan_questions
from infolib.fields import current_plan_sizes
from infolib.planning.questions import stored_plan

FIELD = "Energy storage"
OWN = "How do the field crews decide which battery sites to visit first?"


def rows(editor):
    """Each row's wording and minutes boxes, as the user sees them."""
    return [(text, minutes) for _q, text, minutes in editor.boxes]


def test_save_takes_the_wording_and_minutes_typed_in_every_box(demo_book):
    plan = plan_questions(FIELD, workbook=demo_book, contact="Tomas Lindqvist")
    sheet = plan.save_sheet()  # the notebook's "Print two copies" cell, run before any edit
    editor = edit_questions(plan)
    (first, _m1), (_t2, second_minutes) = rows(editor)[:2]
    old_first = first.value
    first.value = OWN
    new_minutes = second_minutes.value + 0.5
    second_minutes.value = new_minutes
    editor.save_button.click()  # no ✓ pressed
    assert "Saved" in editor.message.value and "2 changed" in editor.message.value
    stored = stored_plan(FIELD, "Tomas Lindqvist", workbook=demo_book)
    assert stored.questions[0].text == OWN and stored.questions[1].minutes == new_minutes
    # the boxes show what was saved, not the old wording
    assert rows(editor)[0][0].value == OWN
    # the sheet printed earlier follows the saved plan
    page = sheet.read_text()
    assert OWN in page and old_first.replace("'", "&#x27;") not in page
    assert sheet.name in editor.message.value


def test_a_refused_wording_saves_nothing_names_the_question_and_keeps_the_boxes(demo_book):
    plan = plan_questions(FIELD, workbook=demo_book)
    before = [q.text for q in plan.questions]
    editor = edit_questions(plan)
    (_t1, first_minutes), (second, _m2) = rows(editor)[:2]
    first_minutes.value = 4.0
    second.value = "Do you like your job?"
    editor.save_button.click()
    message = editor.message.value
    assert "Question 2" in message and "yes or no" in message and "Nothing was changed" in message
    assert "force=True" not in message and editor.KEEP_LABEL in message
    assert [q.text for q in stored_plan(FIELD, workbook=demo_book).questions] == before
    assert stored_plan(FIELD, workbook=demo_book).questions[0].minutes != 4.0
    # the boxes keep what was typed, even after another button redraws the list
    assert rows(editor)[1][0].value == "Do you like your job?"
    editor.rows.children[-1].children[-2].click()  # ✓ on the last row (nothing changed there)
    assert rows(editor)[1][0].value == "Do you like your job?"
    assert rows(editor)[0][1].value == 4.0
    # the control the message names exists and keeps the wording
    editor.keep_wording.value = True
    editor.save_button.click()
    assert "Saved" in editor.message.value
    stored = stored_plan(FIELD, workbook=demo_book)
    assert stored.questions[1].text == "Do you like your job?"
    assert stored.questions[0].minutes == 4.0


def test_enter_in_the_add_box_adds_the_question(demo_book):
    plan = plan_questions(FIELD, workbook=demo_book)
    editor = edit_questions(plan)
    editor.new_text.value = OWN  # what the browser sends when Enter is pressed
    assert OWN in [q.text for q in plan.questions] and editor.new_text.value == ""
    editor.add_button.click()  # a click straight after (the box lost focus) adds nothing twice
    assert [q.text for q in plan.questions].count(OWN) == 1
    assert "Added as question" in editor.message.value


def test_the_cli_without_a_contact_shows_the_plan_last_worked_on(demo_book):
    plan_questions(FIELD, workbook=demo_book)  # the plan before a contact was chosen
    plan = plan_questions(FIELD, workbook=demo_book, contact="Tomas Lindqvist")
    editor = edit_questions(plan)
    rows(editor)[0][0].value = OWN
    editor.save_button.click()
    done = subprocess.run([sys.executable, "-m", "infolib.cli", "questions", "--field", FIELD,
                           "--workbook", str(demo_book.folder)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "last worked on: the meeting with Tomas Lindqvist" in done.stdout
    assert OWN in done.stdout
    # no second plan was made: `infolib fields` counts the plan the user edited
    assert current_plan_sizes(demo_book)[FIELD] == len(plan.questions)


def test_looking_at_a_plan_from_the_cli_keeps_its_length_and_order(demo_book):
    """A 30-minute TIARA plan edited in notebook 03 is shown as it is, not planned again for
    20 minutes in priority order (which would undo the user's drops)."""
    plan = plan_questions(FIELD, workbook=demo_book, contact="Tomas Lindqvist", minutes=30,
                          order="tiara")
    dropped = plan.questions[0].text
    plan.drop(1)
    plan.save()
    done = subprocess.run([sys.executable, "-m", "infolib.cli", "questions", "--field", FIELD,
                           "--workbook", str(demo_book.folder)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "30-minute meeting with Tomas Lindqvist" in done.stdout
    assert dropped not in done.stdout
    again = stored_plan(FIELD, "Tomas Lindqvist", workbook=demo_book)
    assert again.minutes == 30 and again.order == "tiara"
    assert dropped not in [q.text for q in again.questions]
