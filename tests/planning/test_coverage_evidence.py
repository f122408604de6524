"""Coverage from evidence that speaks to the topic (issue 14): a sentence counts for a topic
when it says something about that topic at this organisation, not when it shares a common
word; the evidence shown first is the sentence a reader would accept. Measured on the dev set's
hand labels (``../shared/realsites/*/topics.json``) and the demo site's own
(``data/demo/topics.json``), with floors just under what coverage reaches.

The fixture organisation (Fennel Tide Labs, a maker of tide-gauge software) and every sentence
here are invented for these tests.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from infolib.errors import PlanError
from infolib.models import Page
from infolib.planning.checklist import load_checklist
from infolib.planning.coverage import ResearchIndex, agreement_with_labels
from infolib.planning.gaps import build_gap_list, find_gaps
from infolib.planning.questions import asks_two_things, fill
from tests import realsites
from tests.paths import ROOT

ORG = "Fennel Tide Labs"
NAME = {"name": [{"value": ORG, "source": "https://fennel.example/", "retrieved": "2026-11-01"}]}


def page(path: str, kind: str, text: str) -> Page:
    return Page(url=f"https://fennel.example/{path}", kind=kind, title=path, text=text,
                retrieved=datetime(2026, 11, 1, tzinfo=UTC))


def gaps_for(pages: list[Page], facts: dict | None = None, organisation: str = ORG):
    facts = NAME if facts is None else facts
    return build_gap_list("Tides", ResearchIndex(pages, facts, organisation), load_checklist())


def texts(row) -> list[str]:
    return [e.text for e in row.evidence]


# sentences that share a common word with a topic but say nothing about it
CHANCE = [
    page("careers/benefits", "careers",
         "We pay competitively with the tech industry and review salaries every spring."),
    page("docs/start", "other",
         "Please refer to our documentation for the details of every setting and option."),
    page("blog/config-notes", "blog",
         "Puppet is an excellent tool for keeping a large fleet of servers configured alike."),
    page("blog/retro", "blog",
         "Candid feedback from the harbour masters shaped the second release of the gauge."),
    page("podcast", "other",
         "On our podcast we interview guests from the coastal engineering community."),
    page("blog/gauges", "blog",
         "The junior gauge on the pier went on to outlast the senior one by a decade."),
]


def test_a_shared_common_word_is_not_evidence_of_a_topic():
    gaps = gaps_for(CHANCE)
    assert not gaps["sector_trends"].evidence  # "the tech industry" is not a trend
    assert all("documentation" not in t for t in texts(gaps["advice_resources"]))  # not advice
    assert all("Puppet" not in t for t in texts(gaps["tools"]))  # not the organisation's tools
    assert not gaps["hiring"].evidence  # "candid" is not a candidate, a podcast is no interview
    assert not gaps["career_paths"].evidence  # a junior gauge has no career
    for topic in ("sector_trends", "tools", "hiring", "career_paths"):
        assert gaps[topic].is_gap, topic


SPEAKING = [
    page("blog/outlook", "blog",
         "More and more port authorities now expect tide forecasts to be updated every hour."),
    page("careers/jobs/analyst", "job",
         "We work in Python and SQL, and our pipeline runs on a small Kubernetes cluster."),
    page("careers/how-we-hire", "careers",
         "Every application gets a reply within two weeks, and the interview process has two "
         "short stages."),
    page("careers/how-we-hire", "careers",
         "Candidates meet two engineers and then spend an afternoon with the team."),
    page("about", "about",
         "Fennel Tide Labs was founded in 2014 by two coastal engineers and employs 35 people."),
]


def test_a_sentence_that_says_something_about_the_topic_is_its_evidence():
    gaps = gaps_for(CHANCE + SPEAKING)
    assert texts(gaps["sector_trends"])[0].startswith("More and more port authorities")
    assert texts(gaps["tools"])[0].startswith("We work in Python and SQL")
    assert texts(gaps["hiring"])[0].startswith("Every application gets a reply")
    assert texts(gaps["organisation"])[0].startswith("Fennel Tide Labs was founded in 2014")
    assert not gaps["organisation"].is_gap
    # the user sees the phrases that made it count
    assert "interview process" in gaps["hiring"].evidence[0].matched
    assert "we work in" in gaps["tools"].evidence[0].matched


def test_open_roles_cover_the_hiring_process_on_their_own():
    roles = {**NAME, "open_role": [{"value": "Tide Data Analyst",
                                    "source": "https://fennel.example/careers/analyst"}]}
    assert gaps_for(CHANCE)["hiring"].is_gap
    row = gaps_for(CHANCE, roles)["hiring"]
    assert not row.is_gap and "open roles" in row.why


def test_the_organisation_is_not_covered_when_its_name_was_never_found():
    named = gaps_for(SPEAKING)
    nameless = gaps_for(SPEAKING, facts={}, organisation="")
    assert not named["organisation"].is_gap
    assert nameless["organisation"].is_gap and nameless["organisation"].coverage < 0.5
    assert "never found its name" in nameless["organisation"].why
    assert "never found" not in named["organisation"].why


def test_a_team_page_of_names_and_roles_is_not_taken_for_another_language():
    from infolib.planning.coverage import english_pages

    team = page("team", "team", "\n".join(f"{first} {last}\nSenior Tide Analyst"
                                          for first in ("Ada", "Ben", "Cai", "Dee", "Eli")
                                          for last in ("Marsh", "Reed", "Shore")))
    german = page("de", "other", "Die Gezeiten werden seit vielen Jahren an der Küste gemessen "
                                 "und die Daten stehen allen frei zur Verfügung. " * 4)
    kept, other = english_pages([team, german, *SPEAKING])
    assert team in kept and other == [german]


def test_the_organisation_speaking_counts_before_a_bio_or_another_company():
    about = [
        page("about/supporters", "about",
             "Established in 1990 and headquartered in Leeds, the Marram Trust is the "
             "charitable arm of a shipping firm."),
        page("about/people", "about",
             "Ada Quill is the founder and chief executive of Quill Harbour Analytics."),
        page("about", "about", "Fennel Tide Labs is a small company that builds tide-gauge "
             "software for harbours and was founded in Plymouth."),
    ]
    facts = {**NAME, "person": [{"value": "Ada Quill", "source": "https://fennel.example/about"}]}
    row = gaps_for(about, facts)["organisation"]
    assert row.evidence[0].text.startswith("Fennel Tide Labs is a small company")


def test_a_heading_or_a_question_gives_way_to_a_whole_sentence():
    pages = [page("careers", "careers", "Skills and experience we look for"),
             page("careers/faq", "careers", "What skills do you need to join the team?"),
             page("careers/jobs/analyst", "job",
                  "You will need strong skills in statistics and experience with tidal data.")]
    row = gaps_for(pages)["skills"]
    assert row.evidence[0].text.startswith("You will need strong skills")


def test_a_courses_page_of_the_companys_services_is_not_advice_for_a_newcomer():
    pages = [page("services/training", "product",
                  "We run paid courses on tide-gauge maintenance for harbour crews.")]
    assert not gaps_for(pages)["advice_resources"].evidence
    pages.append(page("blog/events", "blog",
                      "The coastal engineering society holds a yearly conference and a reading "
                      "group for people new to the field."))
    assert gaps_for(pages)["advice_resources"].evidence


def test_every_checklist_template_asks_one_question():
    checklist = load_checklist(compensation=True)
    templates = [q for t in checklist.topics for q in t.questions + [t.cite] if q]
    for template in templates + checklist.closing:
        for organisation in (ORG, ""):
            for role in ("data analyst", ""):
                text = fill(template, field="Coastal engineering", organisation=organisation,
                            role=role)
                assert text.count("?") == 1 and not asks_two_things(text), text


def test_a_field_checklist_with_a_broken_pattern_is_refused(tmp_path):
    folder = tmp_path / "book"
    (folder / "checklists").mkdir(parents=True)
    (folder / "checklists" / "tides.toml").write_text(
        "[[topic]]\nid = \"tools\"\npatterns = ['''\\b(we use''']\n", encoding="utf-8")
    with pytest.raises(PlanError, match="not a valid regular expression"):
        load_checklist("Tides", folder)
    (folder / "checklists" / "tides.toml").write_text(
        "[[topic]]\nid = \"tools\"\nvoice = \"mine\"\n", encoding="utf-8")
    with pytest.raises(PlanError, match="voice"):
        load_checklist("Tides", folder)


#: Reached with the research of 40 pages a site: agreement 68/69 (.99) on the dev set's
#: high-confidence labels, top evidence one of the labelled quotes' sentences 13-14/55 (.24;
#: the pages read vary a little with the crawl);
#: demo site 12/12 and 5/9.
DEV_FLOOR = {"agreement": 0.97, "top_quoted": 0.20}
DEMO_FLOOR = {"agreement": 1.0, "top_quoted": 0.5}


def labels(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["labels"]


def test_the_demo_sites_coverage_agrees_with_its_labels(demo_book):
    gaps = find_gaps("Energy storage", workbook=demo_book)
    out = agreement_with_labels(gaps.rows, labels(ROOT / "data" / "demo" / "topics.json"))
    assert out["labelled"] >= 10
    assert out["agree"] / out["labelled"] >= DEMO_FLOOR["agreement"], out["disagree"]
    assert out["top_quoted"] / out["top_compared"] >= DEMO_FLOOR["top_quoted"]


@pytest.mark.slow
def test_the_dev_sets_coverage_agrees_with_the_hand_labels():
    realsites.require()
    total = {"agree": 0, "labelled": 0, "top_quoted": 0, "top_compared": 0}
    wrong = []
    for name in realsites.SITES:
        path = realsites.REALSITES / name / "topics.json"
        if not path.is_file():
            continue
        with realsites.researched(name) as (_research, book, field):
            out = agreement_with_labels(find_gaps(field, workbook=book).rows, labels(path))
        for key in total:
            total[key] += out[key]
        wrong += [f"{name}:{topic}" for topic in out["disagree"]]
    assert total["labelled"] >= 60
    assert total["agree"] / total["labelled"] >= DEV_FLOOR["agreement"], wrong
    assert total["top_quoted"] / total["top_compared"] >= DEV_FLOOR["top_quoted"], total



def test_the_question_editor_shows_each_questions_kind_and_citation(demo_book):
    from infolib import edit_questions, plan_questions

    plan = plan_questions("Energy storage", workbook=demo_book)
    assert any(q.kind == "grounded" and q.cites.get("url") for q in plan.questions)
    labels = [row.children[0].value for row in edit_questions(plan).rows.children]
    for question, label in zip(plan.questions, labels, strict=True):
        assert question.kind in label
        url = question.cites.get("url")
        assert (url in label and question.cites["published"] in label) if url else \
            "source" not in label


def test_the_brief_shows_each_questions_kind_and_citation(demo_book):
    from infolib import plan_questions
    from infolib.brief.sections import Sources, questions_part

    plan = plan_questions("Energy storage", workbook=demo_book)
    part = questions_part(plan, Sources())
    lines = part.text.splitlines()
    grounded = [q for q in plan.questions if q.kind == "grounded"]
    assert grounded and len(lines) == len(plan.questions)
    for question, line in zip(plan.questions, lines, strict=True):
        assert f"({question.kind})" in line
        assert f"<span class=\"kind\">{question.kind}</span>" in part.html
        if question.cites.get("url"):
            assert question.cites["url"] in line and question.cites["published"] in line
    assert part.html.count("cites \u201c") == len(grounded)
