"""The gap list on the demo company and on small fixture sites, through the real workbook."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from infolib import DataError, PlanError, add_goal, find_gaps, mark_topic, research_company
from infolib.errors import NotFoundError
from infolib.models import Page
from infolib.planning.checklist import load_checklist, write_field_checklist
from infolib.planning.coverage import ResearchIndex
from infolib.planning.gaps import build_gap_list, stored_gaps
from infolib.store import schema
from tests.sites import closed_port

FIELD = "Energy storage"


def stored_gap_rows(book) -> int:
    with book.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.gaps)).scalar()


def test_demo_covered_topics_are_what_the_site_says_and_gaps_what_it_does_not(demo_book,
                                                                              demo_url):
    gaps = find_gaps(FIELD, workbook=demo_book)
    covered = {r.topic for r in gaps.covered}
    missing = {r.topic for r in gaps.gaps}
    # the site has an about page, products and services, dated press releases, values and
    # benefits, and job postings naming Python, SQL and design tools
    assert {"organisation", "products_customers", "strategy_news", "culture", "tools"} <= covered
    # it says nothing of entry routes, associations or publications, and no site can tell the
    # contact's own story or which projects they would suggest
    assert {"career_paths", "advice_resources", "contact_journey", "assignments"} <= missing
    for row in gaps.covered:
        assert row.evidence or row.facts, row.topic
        for item in row.evidence:
            assert item.url.startswith(demo_url) and item.retrieved is not None
    news = gaps["strategy_news"]
    assert any(e.published and "series-b" in e.url for e in news.evidence)
    assert "matched:" in gaps["tools"].why and "python" in gaps["tools"].why
    assert "fr/index.html" in " ".join(gaps.notes)  # the French page is named, not judged
    assert [r.priority for r in gaps.rows] == list(range(1, len(gaps.rows) + 1))
    assert all(g.priority < c.priority for g in gaps.gaps for c in gaps.covered)


def test_the_gap_list_is_stored_per_field_and_reads_back_the_same(demo_book):
    made = find_gaps(FIELD, workbook=demo_book)
    again = stored_gaps(FIELD, workbook=demo_book)
    assert again.to_list() == made.to_list()
    row = made.to_list()[0]
    assert {"topic", "coverage", "is_gap", "priority", "evidence"} <= set(row)


def test_pay_is_a_topic_only_when_asked_for(demo_book):
    assert "compensation" not in {r.topic for r in find_gaps(FIELD, workbook=demo_book).rows}
    with_pay = find_gaps(FIELD, workbook=demo_book, compensation=True)
    assert "compensation" in {r.topic for r in with_pay.rows}


def test_goals_and_outcome_become_gaps_at_the_top(demo_book):
    add_goal(FIELD, "how people move from field service into data roles", workbook=demo_book)
    gaps = add_goal(FIELD, "decide whether field work suits me", outcome=True,
                    workbook=demo_book)
    first = gaps.rows[0]
    assert first.source == "outcome" and first.is_gap and first.importance == 5
    learn = [r for r in gaps.rows if r.source == "learn"]
    assert len(learn) == 1 and learn[0].is_gap
    # the same goal twice is one goal; a second outcome replaces the first
    add_goal(FIELD, "How people move from field service into data roles", workbook=demo_book)
    gaps = add_goal(FIELD, "learn the entry routes", outcome=True, workbook=demo_book)
    assert [r.title for r in gaps.rows if r.source != "checklist"] == [
        "learn the entry routes", "How people move from field service into data roles"]


@pytest.mark.parametrize("text", ["", "   ", "x" * 2000])
def test_a_bad_goal_is_refused_and_nothing_is_stored(demo_book, text):
    with pytest.raises(PlanError) as error:
        add_goal(FIELD, text, workbook=demo_book)
    assert "goal" in str(error.value)
    assert demo_book.planning.goals(FIELD) == []


def test_the_user_can_mark_topics_and_change_priority(demo_book):
    gaps = mark_topic(FIELD, "organisation", gap=True, workbook=demo_book)
    assert gaps["organisation"].is_gap and gaps["organisation"].marked is True
    assert "You marked this as a gap" in gaps["organisation"].why
    gaps = mark_topic(FIELD, "career_paths", gap=False, workbook=demo_book)
    assert not gaps["career_paths"].is_gap
    before = gaps["assignments"].priority
    gaps = mark_topic(FIELD, "assignments", importance=5, workbook=demo_book)
    assert gaps["assignments"].priority < before
    gaps = mark_topic(FIELD, "organisation", gap=None, workbook=demo_book)
    assert not gaps["organisation"].is_gap  # automatic again
    # the choices survive a fresh computation
    assert find_gaps(FIELD, workbook=demo_book)["career_paths"].is_gap is False


def test_bad_marks_are_refused_with_the_fix(demo_book):
    with pytest.raises(PlanError, match="topics:"):
        mark_topic(FIELD, "no_such_topic", gap=True, workbook=demo_book)
    with pytest.raises(PlanError, match="1 \\(nice to know\\) to 5"):
        mark_topic(FIELD, "tools", importance=9, workbook=demo_book)
    assert demo_book.planning.topic_choices(FIELD) == {}


def test_a_field_checklist_adds_changes_and_drops_topics(demo_book):
    path = write_field_checklist(demo_book.folder, FIELD)
    assert path.name == "energy-storage.toml" and "[[topic]]" in path.read_text()
    path.write_text('[[topic]]\nid = "regulation"\ntitle = "Regulation and standards"\n'
                    'tiara = "trends"\nimportance = 5\nterms = "regulation, grid code"\n'
                    'questions = ["Which rules shape the work most in {field}?"]\n\n'
                    '[[topic]]\nid = "hiring"\nenabled = false\n\n'
                    '[[topic]]\nid = "tools"\nimportance = 1\n')
    gaps = find_gaps(FIELD, workbook=demo_book)
    topics = {r.topic: r for r in gaps.rows}
    assert "regulation" in topics and "hiring" not in topics
    assert topics["tools"].importance == 1
    path.write_text("[[topic]\nid = 'broken'")
    with pytest.raises(PlanError, match="not valid TOML"):
        find_gaps(FIELD, workbook=demo_book)


def page(text: str, kind: str = "careers") -> Page:
    return Page(url=f"https://example.org/{kind}", kind=kind, title=kind, text=text,
                retrieved=datetime(2026, 11, 1, tzinfo=UTC))


def test_coverage_is_judged_by_word_stems_not_exact_keywords():
    # none of these words is in the hiring topic's terms as written: recruited, interviewed,
    # applicants and hires meet "recruiting", "interview", "applications" and "hiring"
    text = ("Every applicant we recruited last year was interviewed twice by the team. "
            "New hires hear back from us within a week of their first interview.")
    gaps = build_gap_list("Test", ResearchIndex([page(text)], {}), load_checklist())
    hiring = gaps["hiring"]
    assert hiring.evidence and hiring.coverage > 0
    assert {"recruited", "interviewed"} <= set(hiring.evidence[0].matched) | set(
        hiring.evidence[-1].matched)
    assert gaps["tools"].coverage == 0


def test_nothing_researched_is_a_clear_message_and_nothing_is_stored(workbook, fast):
    research_company(f"http://127.0.0.1:{closed_port()}/", "Unreachable", workbook=workbook,
                     settings=fast, progress=False)
    with pytest.raises(NotFoundError, match="read no pages"):
        find_gaps("Unreachable", workbook=workbook)
    assert stored_gap_rows(workbook) == 0
    with pytest.raises(DataError, match="no field 'Never heard of'"):
        find_gaps("Never heard of", workbook=workbook)


def test_a_site_with_no_english_pages_is_a_clear_message(server, workbook, fast):
    french = ("Nous concevons des logiciels pour les réseaux électriques et nous aidons les "
              "exploitants de batteries à comprendre l'état de leurs installations, jour après "
              "jour, avec des capteurs et des tableaux de bord. ") * 3
    server.page("/", "<html lang='fr'><body><main><h1>Accueil</h1><p>" + french +
                "</p><a href='/equipe.html'>Équipe</a></main></body></html>")
    server.page("/equipe.html", "<html lang='fr'><body><main><p>" + french +
                "</p></main></body></html>")
    research_company(server.url + "/", "Réseaux", workbook=workbook, settings=fast,
                     progress=False)
    with pytest.raises(NotFoundError, match="in English"):
        find_gaps("Réseaux", workbook=workbook)
    assert stored_gap_rows(workbook) == 0


def test_the_gap_editor_marks_topics_and_adds_goals(demo_book):
    from infolib import edit_gaps

    editor = edit_gaps(find_gaps(FIELD, workbook=demo_book))
    row = next(r for r in editor.rows.children if "Tools and software" in r.children[0].value)
    row.children[1].value = "gap"  # the status drop-down
    assert demo_book.planning.topic_choices(FIELD)["tools"]["marked"] is True
    assert "a gap" in editor.message.value
    editor.goal_text.value = "how the on-call rotation works"
    editor.goal_button.click()
    assert [g["text"] for g in demo_book.planning.goals(FIELD)] == ["how the on-call rotation works"]
    editor.goal_text.value = ""
    editor.goal_button.click()
    assert "empty" in editor.message.value and len(demo_book.planning.goals(FIELD)) == 1


@pytest.mark.parametrize("text", ["", "Home\nMenu\nAbout us\nCareers",
                                  "We are here for you, and we will be there for you.\n"
                                  "It is what it is, and so it will be for all of us."])
def test_research_without_content_words_covers_nothing_and_answers_nothing(text):
    # D4: TF-IDF has no vocabulary here ("empty vocabulary" from scikit-learn)
    index = ResearchIndex([page(text, "home")], {"name": [{"value": "Acme"}]}, "Acme")
    gaps = build_gap_list("Test", index, load_checklist())
    assert all(row.is_gap and not row.evidence for row in gaps.rows)
    assert "JavaScript" in gaps.notes[0] and "ask your contact" in gaps.notes[0]
    assert index.similar("What does Acme make for its customers?") == (0.0, None)
    assert index.answers("What does Acme make for its customers?") is None
    assert index.fit(["we are here"]).shape == (1, 0)
    assert index.fit(["batteries for the grid"]).shape[0] == 1
