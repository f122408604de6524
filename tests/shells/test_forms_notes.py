"""Notebook 05's note form: pick the meeting and the planned question it answers, type what
was said, press Save; the gap list then shows the topic answered by that meeting."""

from __future__ import annotations

from infolib import find_gaps, meeting_form, note_form, plan_questions

FIELD = "Energy storage"


def test_a_note_saved_on_a_planned_question_closes_its_topic(demo_book):
    demo_book.contacts.add("Tomas Lindqvist", organisation="Larkspur Grid Systems", field=FIELD)
    plan = plan_questions(FIELD, workbook=demo_book, contact="Tomas Lindqvist")
    form = note_form(demo_book, field=FIELD, contact="Tomas Lindqvist")
    assert form.meeting.options == ()  # nothing to note against yet
    meetings = meeting_form(demo_book, field=FIELD, contact="Tomas Lindqvist")
    meetings.time.value = "15:30"
    meetings.button.click()
    assert "Saved meeting" in meetings.message.value
    # the note form offers the meeting just logged, and Tomas's planned questions
    assert form.meeting.value is not None
    labels = [label for label, _rank in form.question.options]
    asked = next(q for q in plan.questions if q.kind == "gap")
    assert labels[0] == "(no planned question)"
    assert any(label.startswith(f"{asked.rank} \u00b7 {asked.text}") for label in labels)
    assert len(labels) == len(plan.questions) + 1

    form.question.value = asked.rank
    form.text.value = "Most of the data team started out in field service."
    form.button.click()
    assert "answered by Tomas Lindqvist" in form.message.value, form.message.value
    assert form.text.value == ""
    row = find_gaps(FIELD, workbook=demo_book)[asked.topic]
    assert not row.is_gap and row.why.startswith("Answered by Tomas Lindqvist on ")

    form.question.value = None  # (no planned question)
    form.kind.value = "insight"
    form.text.value = "The office is by the harbour."
    form.button.click()
    notes = demo_book.log.notes()
    assert list(notes["topic"]) == [asked.topic, ""]


def test_saving_an_empty_note_says_what_to_write(demo_book):
    demo_book.contacts.add("Tomas Lindqvist", field=FIELD)
    demo_book.log.add_meeting("Tomas Lindqvist", "2026-06-09 10:00", field=FIELD)
    form = note_form(demo_book, field=FIELD)
    form.button.click()
    assert "The note is empty" in form.message.value
    assert demo_book.log.notes().empty


def test_the_note_form_starts_at_the_contacts_meeting_however_the_name_is_typed(demo_book):
    for name in ("Ada Lovelace", "Grace Hopper"):
        demo_book.contacts.add(name, organisation="Larkspur Grid Systems", field=FIELD)
    ada = demo_book.log.add_meeting("Ada Lovelace", "2026-06-09 14:30", field=FIELD)
    demo_book.log.add_meeting("Grace Hopper", "2026-06-11 10:00", field=FIELD)  # the latest
    form = note_form(demo_book, field=FIELD, contact="ada  lovelace")
    assert form.meeting.value == ada
