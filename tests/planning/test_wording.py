"""Wording that holds: the grammar is right whether or not the role, the contact or the
organisation's name is known; one question each; and the plan never runs past the meeting."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from infolib import check_question
from infolib.models import CompanyProfile, Fact, NewsItem, OpenRole, Page, Product
from infolib.planning.checklist import load_checklist
from infolib.planning.gaps import Gap, GapList
from infolib.planning.grounded import grounded_questions
from infolib.planning.questions import asks_two_things, build_plan, fill, one_question

CHECKLIST = load_checklist(compensation=True)


def every_topic_a_gap(organisation: str = "") -> GapList:
    rows = [Gap(topic=t.id, title=t.title, coverage=0.0, is_gap=True, priority=i,
                importance=t.importance, why="", tiara=t.tiara)
            for i, t in enumerate(CHECKLIST.topics, start=1)]
    return GapList(field="Harbour engineering", rows=rows, organisation=organisation)


def reads_well(text: str) -> list[str]:
    """What is wrong with the wording of one question (empty when nothing is)."""
    wrong = []
    if re.search(r"\bat (your|the) organi[sz]ation\b", text):
        wrong.append("'at your organisation' stands in for a missing name")
    if re.search(r"\bas someone\b|\bas your role\b|\bas an? (your|someone)\b", text):
        wrong.append("'as someone in your role' stands in for a missing role")
    if re.search(r"\s[,;?.]|\s{2}|\{|\}|\bNone\b|\b(a|an|the|at|in|for) \?", text):
        wrong.append("a gap left by a missing value")
    if not text[:1].isupper() or not text.endswith("?"):
        wrong.append("not a question sentence")
    if asks_two_things(text):
        wrong.append("asks two things")
    return wrong


@pytest.mark.parametrize("organisation,role", [("", ""), ("Fernhill Harbour Trust", ""),
                                               ("", "pier engineer"),
                                               ("Fernhill Harbour Trust", "pier engineer")])
def test_every_template_reads_well_with_or_without_a_name_and_a_role(organisation, role):
    for topic in CHECKLIST.topics:
        for template in topic.questions + ([topic.cite] if topic.cite else []):
            text = fill(template, field="Harbour engineering", organisation=organisation,
                        role=role)
            assert reads_well(text) == [], (template, text)
            assert check_question(text).ok, text
            if organisation and "{org}" in template:
                assert organisation in text


def test_a_plan_with_no_role_no_contact_and_no_name_reads_well_and_asks_one_thing_each():
    plan = build_plan(every_topic_a_gap(), CHECKLIST, minutes=240, organisation="", role="",
                      contact="")
    core = [q for q in plan.questions if q.kind != "closing"]
    assert len(core) >= len(CHECKLIST.topics) - 1  # one question a topic
    assert len({q.topic for q in core}) == len(core)
    for question in plan.questions:
        assert reads_well(question.text) == [], question.text
    closing = [q.text for q in plan.questions if q.kind == "closing"]
    assert closing[0] == "Who else would you suggest I talk to?"  # the name is a second ask
    assert "with" not in plan.headline().split("(")[0]  # no contact named


def test_grounded_questions_need_no_name_role_or_contact():
    read = datetime(2026, 5, 1, tzinfo=UTC)
    news = Page(url="https://ferry.example/news/", kind="news", title="News", retrieved=read,
                text="Ferry line wins the county contract for night crossings.\n"
                     "Our new tide board is now available at every pier.")
    jobs = Page(url="https://ferry.example/jobs/", kind="careers", title="Jobs", retrieved=read,
                text="Open positions: Deck hand. Ticket office lead.")
    about = Page(url="https://ferry.example/about/", kind="about", title="About",
                 retrieved=read, text="We carry 40,000 passengers a year across the estuary.\n"
                                      "Our mission is to keep both banks of the river close.")
    profile = CompanyProfile(
        news=[NewsItem(source=news.url, retrieved=read.date(), url=news.url,
                       title="Ferry line wins the county contract for night crossings",
                       published=date(2026, 4, 1))],
        open_roles=[OpenRole(source=jobs.url, retrieved=read.date(), title="Deck hand",
                             url=jobs.url)],
        products=[Product(source=news.url, retrieved=read.date(), name="tide board")],
        mission=Fact(source=about.url, retrieved=read.date(),
                     value="Our mission is to keep both banks of the river close."))
    questions = grounded_questions(profile, [news, jobs, about])
    assert len(questions) >= 4
    for question in questions:
        assert reads_well(question.text) == [], question.text
        assert check_question(question.text).ok, question.text
        assert "your organisation" not in question.text
    assert len({q.topic for q in questions}) == len(questions)
    figure = [q for q in questions if q.finding.kind == "figure"]
    assert figure and "40,000 passengers" in figure[0].text


@pytest.mark.parametrize("minutes", [5, 10, 15, 20, 25, 30, 45, 60, 90])
def test_the_plan_never_runs_past_the_meeting_and_the_wrap_up_starts_on_time(minutes):
    plan = build_plan(every_topic_a_gap("Fernhill Harbour Trust"), CHECKLIST, minutes=minutes)
    assert plan.planned_minutes <= minutes, plan.headline()
    assert plan.fits, plan.headline()
    timeline = plan.timeline()
    closing_start = next(s for q, s in timeline if q.kind == "closing")
    assert closing_start == plan.wrap_up_at  # the sheet's "Minute N: start wrapping up"
    last, end = timeline[-1]
    assert end + last.minutes <= minutes + 1e-9
    assert "runs over" not in plan.headline()


def test_a_joined_second_question_is_cut_to_the_first():
    assert one_question("Which projects do you find most interesting right now, and why?") == \
        "Which projects do you find most interesting right now?"
    assert one_question("How did you start, and what would you do differently now?") == \
        "How did you start?"
    kept = "What do you weigh when choosing between speed and care?"
    assert one_question(kept) == kept and not asks_two_things(kept)
    assert asks_two_things("Who else should I talk to, and may I mention your name?")


def test_the_plans_display_names_topics_as_a_reader_would():
    """The plan's table (notebook 03) shows the checklist's titles, never internal keys."""
    from html import escape

    from infolib.planning.checklist import topic_label

    plan = build_plan(every_topic_a_gap("Fernhill Harbour Trust"), CHECKLIST, minutes=30)
    html = plan._repr_html_()
    for question in plan.questions:
        if question.topic not in ("own", "closing"):
            assert f"<td>{escape(topic_label(question.topic))}</td>" in html
            assert f"<td>{question.topic}</td>" not in html or \
                topic_label(question.topic) == question.topic
    assert topic_label("outcome_2") == "your goal" and topic_label("closing") == ""
