"""A field of several organisations: a gap list per organisation and one for the field that says
where each topic is covered, and a plan for the contact's organisation that may cite the others.
Two invented organisations (tests/planning/field_sites.py) are served on loopback and researched
into one field."""

from __future__ import annotations

import json

import pytest

from infolib import PlanError, find_gaps, plan_questions
from infolib.errors import NotFoundError
from infolib.planning.gaps import contact_organisation, stored_gaps
from tests.paths import ROOT
from tests.planning.field_sites import A_NAME, B_NAME, B_ROLE, FIELD


def test_each_organisation_has_its_own_gap_list_from_its_own_pages(two_organisations):
    book, a_url, b_url = two_organisations
    tidewater = find_gaps(FIELD, organisation=A_NAME, workbook=book)
    fellside = find_gaps(FIELD, organisation=b_url, workbook=book)
    # Fellside's careers page and open role cover hiring; Tidewater has no careers page
    assert not fellside["hiring"].is_gap and tidewater["hiring"].is_gap
    assert tidewater.organisation == A_NAME and fellside.organisation == B_NAME
    assert (tidewater.scope, fellside.scope) == (a_url, b_url)
    for own, gap_list in ((a_url, tidewater), (b_url, fellside)):
        urls = {e.url for row in gap_list.rows for e in row.evidence}
        assert urls and all(u.startswith(own) for u in urls)
    assert tidewater.pages_used == 4 and fellside.pages_used == 6
    assert "at Tidewater Heat Networks" in tidewater.headline()
    # each is stored under its own scope, beside the field's
    assert stored_gaps(FIELD, a_url, workbook=book).to_list() == tidewater.to_list()
    assert stored_gaps(FIELD, B_NAME, workbook=book).to_list() == fellside.to_list()


def test_the_field_list_says_which_organisation_covers_each_topic(two_organisations):
    import jsonschema

    book, a_url, b_url = two_organisations
    field = find_gaps(FIELD, workbook=book)
    assert field.scope == "" and field.across == [A_NAME, B_NAME]
    assert field.organisation == ""  # the field's list, not its first organisation's
    hiring = field["hiring"]
    assert [(o["organisation"], o["start_url"], o["covered"]) for o in hiring.organisations] \
        == [(A_NAME, a_url, False), (B_NAME, b_url, True)]
    assert hiring.coverage_at() == f"covered at {B_NAME}; a gap at {A_NAME}"
    assert f"Covered at {B_NAME}; a gap at {A_NAME}." in field.to_text()
    assert f"Covered at {B_NAME}; a gap at {A_NAME}." in field._repr_html_()
    assert list(field.table()["organisations"])[field.rows.index(hiring)] == \
        hiring.coverage_at()
    # the field's list reads back with its coverage, and its JSON keeps to the schema
    again = stored_gaps(FIELD, workbook=book)
    assert again.to_list() == field.to_list()
    schema = json.loads((ROOT / "infolib/schema/gaps.schema.json").read_text())
    jsonschema.validate(field.to_list(), schema)


def test_an_organisation_is_named_by_name_or_address_and_a_wrong_one_lists_them(
        two_organisations):
    book, a_url, b_url = two_organisations
    assert contact_organisation(FIELD, organisation="Fellside Heat Cooperative Ltd.",
                                workbook=book)["start_url"] == b_url
    assert contact_organisation(FIELD, organisation=a_url.rstrip("/"),
                                workbook=book)["start_url"] == a_url
    assert contact_organisation(FIELD, organisation="fellside",  # a shorter name will do
                                workbook=book)["start_url"] == b_url
    with pytest.raises(PlanError) as refused:
        find_gaps(FIELD, organisation="Northmoor Energy", workbook=book)
    assert A_NAME in str(refused.value) and b_url in str(refused.value)
    # without a contact or a choice, the meeting is at the organisation researched first
    assert contact_organisation(FIELD, workbook=book)["name"] == A_NAME


def test_a_plan_at_one_organisation_cites_what_another_one_posts(two_organisations):
    book, a_url, b_url = two_organisations
    book.contacts.add("Ines Calloway", organisation="Tidewater Heat Networks Ltd",
                      role="Network engineer", field=FIELD)
    plan = plan_questions(FIELD, contact="Ines Calloway", minutes=30, workbook=book)
    assert plan.organisation == A_NAME
    across = [q for q in plan.questions if q.cites.get("organisation")]
    assert 1 <= len(across) <= 2
    role = next(q for q in across if q.topic == "hiring")
    assert B_NAME in role.text and B_ROLE in role.text and A_NAME in role.text
    assert role.cites["url"].startswith(b_url) and role.cites["published"] == "2026-10-01"
    assert role.cites["organisation"] == B_NAME
    assert f"source: {B_NAME}: {B_ROLE} (2026-10-01) <{b_url}" in plan.to_text()
    # the rest of the plan builds on Tidewater's own research, never on Fellside's
    for question in plan.questions:
        if question.cites and question not in across:
            assert question.cites["url"].startswith(a_url)
    # the plan for a contact at Fellside is for Fellside, and cites no question back at itself
    book.contacts.add("Tomas Reddaway", organisation="Fellside Heat Cooperative", field=FIELD)
    other = plan_questions(FIELD, contact="Tomas Reddaway", minutes=30, workbook=book)
    assert other.organisation == B_NAME
    assert all(q.cites.get("organisation") != B_NAME for q in other.questions)
    assert any(q.cites.get("url", "").startswith(b_url) and B_ROLE in q.text
               for q in other.questions)


def test_an_organisation_whose_site_could_not_be_read_is_named_as_not_read(two_organisations,
                                                                          fast):
    from infolib import research_company
    from tests.sites import closed_port

    book, a_url, b_url = two_organisations
    down = f"http://127.0.0.1:{closed_port()}/"
    research_company(down, FIELD, workbook=book, settings=fast, progress=False)
    field = find_gaps(FIELD, workbook=book)
    assert [o["covered"] for o in field["hiring"].organisations] == [False, True, None]
    assert field["hiring"].coverage_at().endswith(f"; not read at {down[7:-1]}")
    # its own list cannot be made, and says why; the others' plans are made as before
    with pytest.raises(NotFoundError, match="read no pages"):
        find_gaps(FIELD, organisation=down, workbook=book)
    assert plan_questions(FIELD, organisation=B_NAME, workbook=book).organisation == B_NAME


def test_the_cli_gives_one_organisations_list_and_names_the_field_s_when_asked_wrong(
        two_organisations, capsys):
    from infolib.cli import main

    book, a_url, b_url = two_organisations
    folder = str(book.folder)
    assert main(["gaps", "--field", FIELD, "--workbook", folder, "--organisation", b_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Gap list for {FIELD!r} at {B_NAME}:")
    assert main(["gaps", "--field", FIELD, "--workbook", folder, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    hiring = next(r for r in rows if r["topic"] == "hiring")
    assert [o["covered"] for o in hiring["organisations"]] == [False, True]
    assert main(["gaps", "--field", FIELD, "--workbook", folder,
                 "--organisation", "Northmoor Energy"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("Error: 'Northmoor Energy' is none of the organisations")
    assert A_NAME in error and B_NAME in error


def test_marking_a_topic_changes_every_list_and_returns_the_one_being_edited(two_organisations):
    from infolib import mark_topic

    book, a_url, b_url = two_organisations
    find_gaps(FIELD, workbook=book)
    edited = mark_topic(FIELD, "tools", gap=False, organisation=b_url, workbook=book)
    assert edited.scope == b_url and edited["tools"].marked is False
    for scope in ("", a_url, b_url):
        assert not stored_gaps(FIELD, scope or None, workbook=book)["tools"].is_gap


def _org(host: str, role: str, news: str, published) -> tuple:
    from datetime import UTC, datetime

    from infolib.models import CompanyProfile, NewsItem, OpenRole, Page

    read = datetime(2026, 11, 2, tzinfo=UTC)
    careers = Page(url=f"https://{host}/careers/", kind="careers", title="Careers",
                   text=f"Open positions: {role}.", retrieved=read)
    posts = Page(url=f"https://{host}/news/", kind="news", title="News", text=f"{news}.",
                 retrieved=read)
    profile = CompanyProfile(
        open_roles=[OpenRole(source=careers.url, retrieved=read.date(), title=role)],
        news=[NewsItem(source=posts.url, retrieved=read.date(), url=posts.url, title=news,
                       published=published)])
    return profile, [careers, posts]


def test_when_two_others_agree_the_question_says_both_and_cites_both():
    from datetime import date

    from infolib.planning.checks import check_question
    from infolib.planning.grounded import cross_questions

    others = [("Wyndham Heat", *_org("wyndham.example", "Heat pump engineer",
                                     "Wyndham Heat raises £3 million for new pipework",
                                     date(2026, 5, 4))),
              ("Corrie Energy", *_org("corrie.example", "Metering data analyst",
                                      "Corrie Energy raises funding from its members",
                                      date(2026, 8, 19)))]
    # hiring and trends are covered at the contact's organisation: only agreement counts
    asked = cross_questions(others, own="Tidewater Heat Networks", open_topics=[])
    assert [q.topic for q in asked] == ["hiring", "sector_trends"]
    roles, trends = asked
    assert roles.text.startswith("I read that Wyndham Heat and Corrie Energy both list open "
                                 "roles (“Heat pump engineer” and “Metering data analyst”)")
    assert roles.text.endswith("look at Tidewater Heat Networks?")
    cites = roles.finding.cites()
    assert cites["url"] == "https://wyndham.example/careers/"
    assert cites["also"][0]["url"] == "https://corrie.example/careers/"
    assert "both raised money recently" in trends.text
    assert {trends.finding.cites()["url"], trends.finding.cites()["also"][0]["url"]} == {
        "https://wyndham.example/news/", "https://corrie.example/news/"}
    assert all(check_question(q.text).ok for q in asked)
    # one other organisation on a topic the contact's research covers: nothing to compare
    assert cross_questions(others[:1], own="Tidewater Heat Networks", open_topics=[]) == []
    # news older than two years is history, not a trend
    stale = [(n, *_org(h, r, t, date(2023, 1, 5))) for n, h, r, t in (
        ("Wyndham Heat", "wyndham.example", "Heat pump engineer", "Wyndham Heat raises £3m"),
        ("Corrie Energy", "corrie.example", "Metering data analyst", "Corrie raises funding"))]
    assert [q.topic for q in cross_questions(stale, open_topics=[])] == ["hiring"]


def test_the_gap_editor_keeps_to_the_organisation_it_was_opened_on(two_organisations):
    """Marking a topic or adding a goal in notebook 02's editor of one organisation's list
    shows that organisation's list again, not the field's."""
    from infolib.widgets import GapEditor

    book, a_url, _b_url = two_organisations
    editor = GapEditor(find_gaps(FIELD, organisation=A_NAME, workbook=book), workbook=book)
    editor.change("hiring", status="covered")
    assert editor.gap_list.scope == a_url and not editor.gap_list["hiring"].is_gap
    editor.goal_text.value = "how the night shifts are shared"
    editor._add_goal()
    assert editor.gap_list.scope == a_url
    assert any(r.title == "how the night shifts are shared" for r in editor.gap_list.rows)


def test_an_answer_from_a_contact_written_with_a_shorter_name_closes_their_organisations_topic(
        two_organisations):
    """A contact entered as working at "Tidewater" gets a plan for Tidewater Heat Networks; what
    they answer closes the topic in that organisation's gap list too, and their stored plan
    says which question a meeting has since answered."""
    from infolib.planning.meetings import take_note

    book, a_url, _b_url = two_organisations
    book.contacts.add("Ines Calloway", organisation="Tidewater", field=FIELD)
    plan = plan_questions(FIELD, contact="Ines Calloway", workbook=book)
    assert plan.organisation == A_NAME
    asked = next(q for q in plan.questions if q.kind == "gap"
                 and find_gaps(FIELD, organisation=A_NAME, workbook=book)[q.topic].is_gap)
    meeting = book.log.add_meeting("Ines Calloway", "2026-06-09 14:30", field=FIELD)
    take_note(meeting, "Most of the team came from the plumbing trade.", question=asked.rank,
              workbook=book)
    own = find_gaps(FIELD, organisation=A_NAME, workbook=book)[asked.topic]
    assert not own.is_gap and own.why.startswith("Answered by Ines Calloway")
    assert stored_gaps(FIELD, a_url, workbook=book)[asked.topic].why.startswith(
        "Answered by Ines Calloway")
    again = plan_questions(FIELD, contact="Ines Calloway", workbook=book)
    assert any(f"Question {asked.rank} was answered by Ines Calloway" in n for n in again.notes)
