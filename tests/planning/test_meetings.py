"""After the meeting: a note on a planned question closes its topic in the gap list, with the
contact and the date as its source, and the next plan leaves the topic out and follows up on
what the contact said."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from infolib import PlanError, find_gaps, plan_questions
from infolib.planning.gaps import stored_gaps
from infolib.planning.meetings import answered_topics, take_note
from tests.paths import ROOT

FIELD = "Energy storage"


@pytest.fixture
def met(demo_book):
    """A plan for Ada, then the meeting with her on 9 June 2026: (book, plan, meeting id)."""
    demo_book.contacts.add("Ada Lovelace", organisation="Larkspur Grid Systems",
                           role="Data Engineer", field=FIELD)
    demo_book.contacts.add("Grace Hopper", organisation="Larkspur Grid Systems", field=FIELD)
    plan = plan_questions(FIELD, workbook=demo_book, contact="Ada Lovelace")
    meeting = demo_book.log.add_meeting("Ada Lovelace", "2026-06-09 14:30", field=FIELD)
    return demo_book, plan, meeting


def gap_questions(plan):
    return [q for q in plan.questions if q.kind == "gap" and not q.topic.startswith(
        ("learn_", "outcome_"))]


def test_an_answer_closes_its_topic_with_who_and_when_and_the_next_plan_leaves_it_out(met):
    book, plan, meeting = met
    asked = gap_questions(plan)[0]
    assert find_gaps(FIELD, workbook=book)[asked.topic].is_gap
    taken = take_note(meeting, "Most new data engineers come over from the field service team.",
                      question=asked.rank, workbook=book)
    assert taken.closes and taken.question["topic"] == asked.topic
    assert "answered by Ada Lovelace on 9 June 2026" in taken.to_text()

    row = find_gaps(FIELD, workbook=book)[asked.topic]
    assert not row.is_gap
    assert row.why.startswith("Answered by Ada Lovelace on 9 June 2026: \u201cMost new data "
                              "engineers come over from the field service team")
    assert row.answered_by[0]["contact"] == "Ada Lovelace"
    assert row.answered_by[0]["date"] == "2026-06-09"
    assert row.answered_by[0]["question"] == asked.text
    schema = json.loads((ROOT / "infolib/schema/gaps.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(find_gaps(FIELD, workbook=book).to_list())
    assert "answered" in find_gaps(FIELD, workbook=book)._repr_html_()

    following = plan_questions(FIELD, workbook=book, contact="Grace Hopper")
    assert asked.topic not in {q.topic for q in following.questions
                               if q.kind in ("gap", "grounded")}
    (follow_up,) = [q for q in following.questions if q.topic == asked.topic]
    assert follow_up.kind == "follow_up"
    assert follow_up.text.startswith("Last time, Ada told me \u201cMost new data engineers")
    assert follow_up.rank == 2  # someone new: the meeting opens on what is still open
    assert following.questions[0].kind != "follow_up" and following.fits


def test_a_second_meeting_with_the_same_contact_follows_up_on_what_they_said(met):
    book, plan, meeting = met
    asked = gap_questions(plan)[1]
    take_note(meeting, "Warranty data is where the team spends its week.", kind="insight",
              question=asked.rank, workbook=book)
    # the stored plan still asks it: it says so, and how to plan again
    stored = plan_questions(FIELD, workbook=book, contact="Ada Lovelace")
    assert [q.text for q in stored.questions] == [q.text for q in plan.questions]
    assert f"Question {asked.rank} was answered by Ada Lovelace on 9 June 2026; plan again" \
        in " ".join(stored.notes)
    again = plan_questions(FIELD, workbook=book, contact="Ada Lovelace", rebuild=True)
    texts = [q.text for q in again.questions if q.kind == "follow_up"]
    assert texts == ["Last time you said \u201cWarranty data is where the team spends its "
                     "week\u201d; what has changed since we spoke?"]
    assert again.questions[0].kind == "follow_up"  # the same contact: it opens the meeting
    assert again.questions[-1].kind == "closing" and again.fits


def test_a_note_names_its_question_by_number_or_by_words(met):
    book, plan, meeting = met
    first, second, third = [q for q in plan.questions if q.kind in ("gap", "grounded")][:3]
    by_rank = take_note(meeting, "Twelve people.", question=str(first.rank), workbook=book)
    by_words = take_note(meeting, "Mostly dbt.", question=second.text.upper(), workbook=book)
    reworded = third.text.replace("?", "").replace(" the ", " a ", 1) + " ?"
    close = take_note(meeting, "Fieldwork first.", question=reworded, workbook=book)
    assert [by_rank.question["rank"], by_words.question["rank"], close.question["rank"]] == \
        [first.rank, second.rank, third.rank]
    assert set(answered_topics(FIELD, workbook=book)) >= {first.topic, second.topic,
                                                          third.topic}


def test_a_question_the_plan_does_not_have_is_refused_with_the_plan_listed(met):
    book, plan, meeting = met
    with pytest.raises(PlanError) as bad:
        take_note(meeting, "Twelve people.", question=40, workbook=book)
    message = str(bad.value)
    assert f"has no question 40; it has questions 1 to {len(plan.questions)}" in message
    assert f"1 \u00b7 {plan.questions[0].text.split()[0]}" in message
    with pytest.raises(PlanError, match="No question of Ada Lovelace's plan matches"):
        take_note(meeting, "Twelve people.", question="What is your favourite colour?",
                  workbook=book)
    assert book.log.notes().empty  # nothing written


def test_a_note_on_no_question_or_a_lead_changes_nothing_in_the_gap_list(met):
    book, plan, meeting = met
    before = find_gaps(FIELD, workbook=book).to_list()
    taken = take_note(meeting, "The office has a good canteen.", kind="insight", workbook=book)
    assert not taken.closes and taken.question is None
    lead = take_note(meeting, "Ruth on the people team", kind="lead",
                     question=gap_questions(plan)[0].rank, workbook=book)
    assert not lead.closes and "stays open" in lead.to_text()
    assert find_gaps(FIELD, workbook=book).to_list() == before
    assert stored_gaps(FIELD, workbook=book).to_list() == before


def test_infolib_note_links_the_question_from_a_shell(met):
    book, plan, meeting = met
    asked = gap_questions(plan)[0]
    done = subprocess.run([sys.executable, "-m", "infolib.cli", "note", str(meeting),
                           "Hiring follows the commissioning season.", "--question",
                           str(asked.rank), "--workbook", str(book.folder)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "answered by Ada Lovelace on 9 June 2026" in done.stdout
    done = subprocess.run([sys.executable, "-m", "infolib.cli", "note", str(meeting), "x",
                           "--question", "99", "--workbook", str(book.folder)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.startswith("Error: ")
    assert "has no question 99" in done.stderr
    done = subprocess.run([sys.executable, "-m", "infolib.cli", "gaps", "--field", FIELD,
                           "--json", "--workbook", str(book.folder)],
                          capture_output=True, text=True)
    row = next(r for r in json.loads(done.stdout) if r["topic"] == asked.topic)
    assert not row["is_gap"] and row["answered_by"][0]["date"] == "2026-06-09"


def test_an_answer_counts_for_the_field_and_the_contact_s_organisation_only(two_organisations):
    """In a field of two organisations, what a contact at Tidewater said closes the topic in
    Tidewater's list and in the field's, never in Fellside's."""
    from tests.planning.field_sites import A_NAME, B_NAME
    from tests.planning.field_sites import FIELD as HEAT

    book, _a_url, _b_url = two_organisations
    book.contacts.add("Ada Lovelace", organisation=A_NAME, field=HEAT)
    plan = plan_questions(HEAT, workbook=book, contact="Ada Lovelace")
    assert plan.organisation == A_NAME
    asked = gap_questions(plan)[0]
    meeting = book.log.add_meeting("Ada Lovelace", "2026-06-09 14:30", field=HEAT)
    take_note(meeting, "Two engineers look after every street.", question=asked.rank,
              workbook=book)
    at_a = find_gaps(HEAT, organisation=A_NAME, workbook=book)[asked.topic]
    field_row = find_gaps(HEAT, workbook=book)[asked.topic]
    at_b = find_gaps(HEAT, organisation=B_NAME, workbook=book)[asked.topic]
    for row in (at_a, field_row):
        assert not row.is_gap and row.answered_by[0]["contact"] == "Ada Lovelace"
    assert at_b.answered_by == [] and not at_b.why.startswith("Answered by")
    assert stored_gaps(HEAT, B_NAME, workbook=book)[asked.topic].answered_by == []


def test_notes_on_planned_questions_on_both_databases(store):
    """The notes with their meeting's contact, organisation, field and day, on SQLite and on
    PostgreSQL: what says who answered a topic, and when (the day in the meeting's zone)."""
    from infolib.planning.questions import PlannedQuestion, QuestionPlan

    store.ensure_field("Tidal energy")
    store.contacts.add("Ada Example", organisation="Fellside Tidal", field="Tidal energy")
    store.planning.save_plan(QuestionPlan(
        field="Tidal energy", contact="Ada Example", role="", organisation="Fellside Tidal",
        minutes=20, order="priority", questions=[PlannedQuestion(
            text="What does a typical week look like for you?", topic="day_to_day", kind="gap",
            minutes=2.5, rank=1)]))
    meeting = store.log.add_meeting("Ada Example", "2026-06-09 23:30+14:00",
                                    field="Tidal energy")
    take_note(meeting, "Tide tables first, then the turbines.", question=1, workbook=store)
    take_note(meeting, "Bring boots.", kind="advice", workbook=store)
    (answer,) = answered_topics("Tidal energy", workbook=store)["day_to_day"]
    assert (answer.contact, answer.organisation, answer.day.isoformat()) == (
        "Ada Example", "Fellside Tidal", "2026-06-09")  # the day where the meeting was
    assert answer.question == "What does a typical week look like for you?"
    notes = store.log.notes_in_context("Tidal energy")
    assert [(n["kind"], n["topic"], n["question_kind"]) for n in notes] == [
        ("answer", "day_to_day", "gap"), ("advice", "", "")]
    assert store.log.notes_in_context("Somewhere else") == []
