"""Question plans on the demo field: budget, ranking, checks, edits, storage, sheet, widgets."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from infolib import (
    DataError,
    PlanError,
    check_question,
    edit_questions,
    find_gaps,
    mark_topic,
    plan_questions,
)
from infolib.planning.checklist import TIARA
from infolib.planning.checks import is_open
from infolib.planning.questions import stored_plan
from infolib.store import schema

FIELD = "Energy storage"


def stored_plans(book) -> int:
    with book.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.question_plans)).scalar()


def test_a_20_minute_plan_fits_ranks_and_closes_properly(demo_book):
    plan = plan_questions(FIELD, workbook=demo_book, role="Data Engineer")
    assert 6 <= len(plan.questions) <= 10
    assert plan.fits and plan.planned_minutes <= 20
    core = [q for q in plan.questions if q.kind != "closing"]
    start_of_closing = dict((id(q), s) for q, s in plan.timeline())[id(plan.questions[-3])]
    assert start_of_closing <= 18  # wrap-up from minute 18
    assert [q.kind for q in plan.questions[-3:]] == ["closing"] * 3
    assert "Who else" in plan.questions[-3].text and "stay in touch" in plan.questions[-1].text
    assert [q.rank for q in plan.questions] == list(range(1, len(plan.questions) + 1))
    gaps = find_gaps(FIELD, workbook=demo_book)
    priority = {r.topic: r.priority for r in gaps.rows}
    first_asked = list(dict.fromkeys(q.topic for q in core if q.kind == "gap"))
    ranks = [priority[t] for t in first_asked]
    assert ranks == sorted(ranks)  # each gap in turn, most important first
    assert ranks[0] == 1
    for question in plan.questions:
        assert check_question(question.text, plan.check.__self__.answered).ok, question.text
    words = " ".join(q.text for q in core).lower()
    assert "energy storage" in words and "larkspur grid systems" in words


def test_longer_meetings_get_more_questions_and_short_ones_fewer(demo_book):
    counts = {m: len(plan_questions(FIELD, workbook=demo_book, minutes=m, contact=str(m)).questions)
              for m in (10, 20, 45)}
    assert counts[10] < counts[20] < counts[45]


def test_a_gap_the_research_partly_covers_gets_a_question_that_quotes_it(demo_book, demo_url):
    mark_topic(FIELD, "sector_trends", gap=True, importance=5, workbook=demo_book)
    plan = plan_questions(FIELD, workbook=demo_book, rebuild=True)
    quoted = [q for q in plan.questions if q.cites]
    assert quoted, plan
    question = quoted[0]
    assert question.text.startswith("I read") and question.cites["url"].startswith(demo_url)
    assert question.cites["text"].rstrip(".") in question.text or \
        question.cites["text"][1:].rstrip(".") in question.text
    assert is_open(question.text)


def test_tiara_ordering(demo_book):
    plan = plan_questions(FIELD, workbook=demo_book, minutes=45, order="tiara")
    stages = [TIARA.index(q.tiara) for q in plan.questions if q.kind != "closing"]
    assert stages == sorted(stages) and len(set(stages)) >= 2


@pytest.mark.parametrize("minutes", [0, 600, -5, "twenty"])
def test_impossible_meeting_lengths_are_refused(demo_book, minutes):
    with pytest.raises(DataError, match="15–30 minutes"):  # the one rule: store.validate
        plan_questions(FIELD, workbook=demo_book, minutes=minutes)
    assert stored_plans(demo_book) == 0


@pytest.mark.parametrize("text, message", [
    ("", "empty"), ("   ", "empty"), ("How " * 500 + "?", "too long"),
    ("Do you enjoy your work?", "yes or no"),
    ("What does Larkspur Grid Systems do?", "already answers"),
    ("Are you hiring at the moment?", "asks for a job"),
])
def test_bad_user_questions_are_refused_and_nothing_is_stored(demo_book, text, message):
    plan = plan_questions(FIELD, workbook=demo_book)
    before = [q.text for q in stored_plan(FIELD, workbook=demo_book).questions]
    with pytest.raises(PlanError, match=message):
        plan_questions(FIELD, workbook=demo_book, questions=[text])
    with pytest.raises(PlanError):
        plan.add(text)
    assert [q.text for q in stored_plan(FIELD, workbook=demo_book).questions] == before


def test_a_refusal_suggests_a_rewrite_and_force_keeps_the_users_wording(demo_book):
    plan = plan_questions(FIELD, workbook=demo_book)
    with pytest.raises(PlanError, match="Try: “What do you enjoy most about your work"):
        plan.add("Do you enjoy your work?")
    question = plan.add("Do you enjoy your work?", force=True)
    assert question.kind == "yours"


def test_edits_are_kept_per_contact_and_survive_a_rebuild(demo_book):
    plan = plan_questions(FIELD, workbook=demo_book, contact="Tomas Lindqvist")
    other = plan_questions(FIELD, workbook=demo_book, contact="Ruth Adebayo")
    mine = plan.add("How do the Bristol and Lyon teams share their work on GridPilot?", position=1)
    plan.move(2, 3)
    dropped = plan.drop(4)
    plan.edit(2, "Which parts of the pipeline keep you up at night, and why?")
    with pytest.raises(PlanError, match="closing questions stay"):
        plan.drop(len(plan.questions))
    with pytest.raises(PlanError, match="always come last"):
        plan.move(1, len(plan.questions))
    plan.save()
    again = plan_questions(FIELD, workbook=demo_book, contact="Tomas Lindqvist")
    assert [q.text for q in again.questions] == [q.text for q in plan.questions]
    assert again.questions[0].text == mine.text and dropped.text not in [q.text for q in
                                                                         again.questions]
    assert [q.text for q in plan_questions(FIELD, workbook=demo_book,
                                           contact="Ruth Adebayo").questions] == [
        q.text for q in other.questions]
    rebuilt = plan_questions(FIELD, workbook=demo_book, contact="Tomas Lindqvist", rebuild=True)
    texts = [q.text for q in rebuilt.questions]
    assert mine.text in texts and "Which parts of the pipeline keep you up at night, and why?" \
        in texts
    # running the notebook again with the same own question adds it once
    twice = plan_questions(FIELD, workbook=demo_book, contact="Tomas Lindqvist",
                           questions=[mine.text])
    assert [q.text for q in twice.questions].count(mine.text) == 1


def test_the_contacts_role_comes_from_the_research(demo_book):
    plan = plan_questions(FIELD, workbook=demo_book, contact="Tomas Lindqvist")
    assert plan.role.lower() in ("chief technology officer", "cto", "co-founder and cto",
                                 "co-founder and chief technology officer")


def test_the_printable_sheet_has_two_copies_and_escapes_text(demo_book, tmp_path):
    plan = plan_questions(FIELD, workbook=demo_book, contact="Tomas Lindqvist")
    plan.add("Could you tell me how <script>alert(1)</script> tags end up in reports?",
             force=True)
    path = plan.save_sheet()
    assert path.parent == demo_book.folder / "sheets" and path.suffix == ".html"
    page = path.read_text()
    assert page.count("<section class='copy'>") == 2
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "Minute 18" in page and "size: A4" in page
    for question in plan.questions:
        assert page.count(question.text.replace("<", "&lt;").replace(">", "&gt;")
                          .replace("'", "&#x27;")) == 2


def test_the_question_editor_calls_the_plan(demo_book):
    plan = plan_questions(FIELD, workbook=demo_book)
    editor = edit_questions(plan)
    count = len(plan.questions)
    editor.new_text.value = "How do field teams and data teams share what they learn?"
    editor.add_button.click()
    assert "Added" in editor.message.value
    assert "How do field teams and data teams share what they learn?" in [q.text for q in
                                                                          plan.questions]
    # the plan still fits: the last generated question made room, and says so
    assert plan.fits and len(plan.questions) == count
    assert any(n.startswith("Dropped to make room") for n in plan.notes)
    editor.new_text.value = "Do you like it?"
    editor.add_button.click()
    assert "yes or no" in editor.message.value and len(plan.questions) == count
    first_row = editor.rows.children[0]
    first_text = plan.questions[0].text
    first_row.children[-1].click()  # the drop button
    assert first_text not in [q.text for q in plan.questions]
    editor.save_button.click()
    assert [q.text for q in stored_plan(FIELD, workbook=demo_book).questions] == [q.text for q in
                                                                      plan.questions]


def test_a_plan_stored_before_grounded_questions_reads_back_within_the_meeting(demo_book):
    """Plans stored by an earlier infolib: the user's questions were kind "user", and the
    closing questions could take more minutes than the wrap-up leaves (0.7 each ran a 20-minute
    plan to 20.1 minutes)."""
    plan = plan_questions(FIELD, workbook=demo_book, contact="Ines Okafor")
    plan.add("How do the field teams hand their findings to the analysts?")
    plan.save()
    with demo_book.engine.begin() as conn:
        conn.execute(sa.update(schema.planned_questions)
                     .where(schema.planned_questions.c.kind == "yours").values(kind="user"))
        conn.execute(sa.update(schema.planned_questions)
                     .where(schema.planned_questions.c.kind == "closing").values(minutes=2.5))
    again = plan_questions(FIELD, workbook=demo_book, contact="Ines Okafor")
    assert [q.kind for q in again.questions if q.text.startswith("How do the field teams")] == \
        ["yours"]
    assert again.planned_minutes <= 20 and again.fits, again.headline()
