"""Grounded questions: a plan builds on the research's findings (news, products, open roles,
the mission) and cites them; a site with nothing to build on gets gap questions only and says
why; a question the research already answers is flagged with the answer and its source."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from infolib import check_question, plan_questions, research_company
from infolib.models import CompanyProfile, Fact, NewsItem, OpenRole, Page
from infolib.planning.checks import is_open
from infolib.planning.grounded import findings, grounded_questions, news_kind
from infolib.planning.questions import asks_two_things, check_with_research

FIELD = "Community energy"
ORG = "Brackenridge Solar Cooperative"


def page(title: str, body: str, head: str = "") -> str:
    return (f"<!doctype html><html lang='en'><head><title>{title} | {ORG}</title>{head}</head>"
            "<body><nav><a href='/'>Home</a> <a href='/about/'>About</a> "
            "<a href='/news/'>News</a> <a href='/products/'>What we offer</a> "
            "<a href='/careers/'>Careers</a></nav><main>" + body + "</main></body></html>")


def ld(data: dict) -> str:
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


FUNDING = "Brackenridge raises £4 million to put solar roofs on village halls"
WORKSHOP = "Brackenridge opens a second repair workshop in Kettleby"
ROLE = "Solar installation apprentice"
PRODUCT = "Roofshare"
MISSION = ("Our mission is to put the sunshine on every village roof to work for the people "
           "who live beneath it.")


def serve_cooperative(site) -> str:
    """An invented community-energy cooperative: news, a product, an open role, a mission."""
    site.page("/", page("Home", "<h1>Brackenridge Solar Cooperative</h1><p>We are a community "
                        "cooperative that installs and looks after solar panels on the roofs "
                        "of village halls, schools and farms across three valleys.</p>",
                        ld({"@context": "https://schema.org", "@type": "Organization",
                            "name": ORG, "foundingDate": "2011",
                            "url": site.url + "/"})))
    site.page("/about/", page("About us", "<h1>About us</h1><h2>Our mission</h2>"
                              f"<p>{MISSION}</p><p>Members own the panels together and share "
                              "what they earn. Volunteers read the meters every month.</p>"))
    site.page("/news/", page("News", "<h1>News</h1><ul>"
                             f"<li><a href='/news/solar-roofs-funding/'>{FUNDING}</a></li>"
                             f"<li><a href='/news/kettleby-workshop/'>{WORKSHOP}</a></li></ul>"))
    site.page("/news/solar-roofs-funding/", page(
        "Funding", f"<article><h1>{FUNDING}</h1><p>Published 12 March 2026.</p><p>The "
                   "cooperative has raised four million pounds from its members and a regional "
                   "bank to fit solar roofs on forty village halls over the next two years.</p>"
                   "</article>",
        ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": FUNDING,
            "datePublished": "2026-03-12"})))
    site.page("/news/kettleby-workshop/", page(
        "Kettleby workshop", f"<article><h1>{WORKSHOP}</h1><p>The new workshop mends "
                             "inverters and trains volunteers on Saturday mornings, so that "
                             "fewer parts are thrown away.</p></article>",
        ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": WORKSHOP,
            "datePublished": "2026-01-20"})))
    site.page("/products/", page(
        "What we offer", f"<h1>What we offer</h1><h2>{PRODUCT}</h2><p>{PRODUCT} lets a "
                         "village hall lease its roof to the cooperative and buy the power "
                         "back at a fixed price for twenty years.</p>",
        ld({"@context": "https://schema.org", "@type": "Product", "name": PRODUCT,
            "description": "Lease your roof and buy the power back at a fixed price."})))
    site.page("/careers/", page("Careers", "<h1>Careers</h1><h2>Open positions</h2><ul>"
                                f"<li><a href='/careers/apprentice/'>{ROLE}</a></li></ul>"))
    site.page("/careers/apprentice/", page(
        ROLE, f"<h1>{ROLE}</h1><p>You will learn to fit and test solar panels alongside our "
              "installers. Requirements: a driving licence and a head for heights.</p>",
        ld({"@context": "https://schema.org", "@type": "JobPosting", "title": ROLE,
            "datePosted": "2026-02-01", "validThrough": "2099-12-31"})))
    return site.url + "/"


@pytest.fixture
def cooperative(server, fast, workbook):
    research_company(serve_cooperative(server), FIELD, workbook=workbook, settings=fast,
                     progress=False)
    return workbook


def read_urls(book) -> dict[str, Page]:
    return {p.url: p for p in book.research.inputs(FIELD)[0]}


def test_a_site_with_news_products_and_roles_gets_grounded_questions_citing_them(cooperative):
    plan = plan_questions(FIELD, workbook=cooperative, minutes=45)
    grounded = [q for q in plan.questions if q.kind == "grounded"]
    quoted = {q.cites["text"] for q in grounded}
    assert FUNDING in quoted, plan
    # the open role: what its posting asks for, in the posting's words, with the role named
    posting = next(q for q in grounded if q.cites["finding"] == "role: requirements")
    assert posting.cites["text"] == "a driving licence and a head for heights"
    assert f"\u201c{ROLE}\u201d" in posting.text and posting.topic == "skills"
    assert posting.cites["url"].endswith("/careers/apprentice/")
    assert PRODUCT in quoted or WORKSHOP in quoted, plan
    pages = read_urls(cooperative)
    for question in grounded:
        cites = question.cites
        assert cites["url"] in pages  # a page that was read …
        assert cites["text"].lower() in (pages[cites["url"]].title + " "
                                         + pages[cites["url"]].text).lower()  # … holds the quote
        assert cites["text"] in question.text and f"\u201c{cites['text']}\u201d" in question.text \
            or cites["text"] == PRODUCT
        assert cites["published"] or cites["retrieved"]
        assert check_question(question.text).ok, question.text
        assert not asks_two_things(question.text)
    funding = next(q for q in grounded if q.cites["text"] == FUNDING)
    assert funding.cites["published"] == "2026-03-12" and "March 2026" in funding.text
    assert funding.cites["finding"] == "news: funding"
    assert len({q.topic for q in plan.questions if q.kind != "closing"}) == \
        len([q for q in plan.questions if q.kind != "closing"])  # one question a topic
    # the displays say which kind each question is and where a grounded one comes from
    assert "grounded]" in plan.to_text() and "source: " in plan.to_text()
    sheet = plan.sheet_html()
    assert "Source: " in sheet and ">grounded<" in sheet
    assert {q["kind"] for q in plan.to_list()} >= {"gap", "grounded", "closing"}


def test_a_20_minute_plan_with_material_holds_three_grounded_questions_within_budget(
        cooperative):
    plan = plan_questions(FIELD, workbook=cooperative, minutes=20)
    assert sum(q.kind == "grounded" for q in plan.questions) >= 3, plan
    assert any(q.kind == "gap" for q in plan.questions)
    assert plan.fits and plan.planned_minutes <= 20, plan.headline()
    starts = dict((id(q), s) for q, s in plan.timeline())
    assert starts[id(plan.questions[-3])] <= plan.wrap_up_at
    assert [q.kind for q in plan.questions[-3:]] == ["closing"] * 3


def test_a_site_with_nothing_to_build_on_gets_gap_questions_and_says_why(server, fast,
                                                                          workbook):
    server.page("/", page("Home", "<h1>Welcome</h1><p>Thank you for visiting. This site is "
                          "kept by a small team of volunteers who like plain pages and tea.</p>"
                          "<a href='/about/'>About</a>"))
    server.page("/about/", page("About", "<h1>About</h1><p>The team meets on Tuesdays to talk "
                                "about the garden and plan the week ahead together.</p>"))
    research_company(server.url + "/", FIELD, workbook=workbook, settings=fast, progress=False)
    plan = plan_questions(FIELD, workbook=workbook)
    assert not any(q.kind == "grounded" for q in plan.questions)
    assert any(q.kind == "gap" for q in plan.questions)
    assert any("No question builds on the research" in n for n in plan.notes), plan.notes


def test_a_question_about_a_researched_fact_is_flagged_with_its_answer(cooperative):
    mission = check_with_research(f"What is {ORG}'s mission?", FIELD, workbook=cooperative)
    assert not mission.ok
    problem = next(p for p in mission.problems if p.check == "answered")
    assert "put the sunshine on every village roof" in problem.reason
    assert "/about/" in problem.reason  # where it was read
    assert problem.rewrite.startswith("I read") and is_open(problem.rewrite)
    assert check_with_research(problem.rewrite, FIELD, workbook=cooperative).ok
    funded = check_with_research("How is the cooperative funded?", FIELD, workbook=cooperative)
    assert any(p.check == "answered" and "raises" in p.reason for p in funded.problems)
    roles = check_with_research("Which jobs are open at the moment?", FIELD,
                                workbook=cooperative)
    assert any(p.check == "answered" and ROLE in p.reason for p in roles.problems)
    founded = check_with_research(f"When was {ORG} founded?", FIELD, workbook=cooperative)
    assert any(p.check == "answered" and "2011" in p.reason and "2011" in p.rewrite
               for p in founded.problems)
    # asking the person, or building on what was read, is not flagged
    assert check_with_research("What does your own week look like?", FIELD,
                               workbook=cooperative).ok


# --- without a crawl ------------------------------------------------------------------------

READ = datetime(2026, 5, 1, tzinfo=UTC)


def test_news_is_read_by_kind_from_its_title_or_first_sentence():
    assert news_kind("Fernhill Trust acquires a second ferry company") == "acquisition"
    assert news_kind("Fernhill Trust raises £2m seed round") == "funding"
    assert news_kind("Fernhill Trust signs a ten-year contract with the county") == "contract"
    assert news_kind("Fernhill and Ashby College partner on marine skills") == "partnership"
    assert news_kind("Introducing TideBoard, our new timetable app") == "launch"
    assert news_kind("Fernhill wins regional heritage award") == "award"
    assert news_kind("Fernhill appoints a new director of operations") == "growth"
    assert news_kind("Our 2025 harbour water quality report") == "report"
    assert news_kind("A morning on the quay", "The county chose us to run the quay.") == \
        "contract"
    assert news_kind("A morning on the quay") == "news"


def test_a_finding_is_used_only_when_the_quote_is_on_the_page_it_cites():
    news_page = Page(url="https://fernhill.example/news/", kind="news", title="News",
                     text="Fernhill Trust signs a ten-year contract with the county.",
                     retrieved=READ)
    profile = CompanyProfile(news=[
        NewsItem(source=news_page.url, retrieved=READ.date(), url=news_page.url,
                 title="Fernhill Trust signs a ten-year contract with the county",
                 published=date(2026, 4, 2)),
        NewsItem(source=news_page.url, retrieved=READ.date(), url=news_page.url,
                 title="Fernhill Trust wins a prize nobody wrote about",
                 published=date(2026, 4, 9)),
    ], open_roles=[OpenRole(source="https://fernhill.example/careers/", retrieved=READ.date(),
                            title="Night pilot", url="https://fernhill.example/careers/pilot/")])
    found = findings(profile, [news_page])
    assert [f.quote for f in found] == ["Fernhill Trust signs a ten-year contract with the county"]
    assert found[0].detail == "contract" and found[0].published == date(2026, 4, 2)


def test_the_contacts_own_entry_grounds_the_question_about_their_journey():
    from infolib.models import Person

    team = Page(url="https://fernhill.example/team/", kind="team", title="Our team",
                text="Ada Quill\nHarbour master\nBen Rowe\nBoatswain", retrieved=READ)
    profile = CompanyProfile(people=[Person(source=team.url, retrieved=READ.date(),
                                            name="Ada Quill", role="Harbour master")],
                             mission=Fact(source=team.url, retrieved=READ.date(), value="x"))
    questions = grounded_questions(profile, [team], contact="Dr Ada Quill")
    assert questions and questions[0].topic == "contact_journey"
    assert "\u201cHarbour master\u201d" in questions[0].text and "team page" in questions[0].text
    assert grounded_questions(profile, [team], contact="Ben Rowe") == []  # no role listed


def test_a_sentence_about_the_contact_on_the_site_is_quoted_before_their_role():
    from infolib.models import Person

    team = Page(url="https://fernhill.example/team/", kind="team", title="Our team",
                text="Ada Quill\nHarbour master\nAda joined the harbour in 2015 after ten years "
                     "as a ferry captain on the northern route.", retrieved=READ)
    profile = CompanyProfile(people=[Person(source=team.url, retrieved=READ.date(),
                                            name="Ada Quill", role="Harbour master")])
    question = grounded_questions(profile, [team], contact="Ada Quill")[0]
    assert question.topic == "contact_journey" and question.finding.detail == "bio"
    assert "\u201cAda joined the harbour in 2015 after ten years as a ferry captain on the " \
           "northern route\u201d" in question.text
    assert check_question(question.text).ok and not asks_two_things(question.text)
