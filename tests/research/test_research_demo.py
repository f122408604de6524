"""The research stage on the demo company: the facts a job seeker would read, with sources."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from infolib import Workbook


def by_url(result, suffix):
    return next(p for p in result.pages if p.url.endswith(suffix))


def test_profile_has_the_company_facts_each_with_its_source(demo_research, demo_url):
    p = demo_research.profile
    assert p.value("name") == "Larkspur Grid Systems"
    assert p.value("founded") == "2016-03-01"
    assert "Bristol" in p.value("headquarters")
    assert p.value("employees") == "140"
    assert p.value("mission").startswith("Our mission is to make every battery on the grid")
    assert {loc.text.split(",")[0] for loc in p.locations} == {"Lyon", "Aarhus"}
    for key in ("name", "description", "founded", "headquarters", "employees", "mission"):
        fact = getattr(p, key)
        assert fact.source.startswith(demo_url) and fact.retrieved is not None, key


def test_people_products_values_roles_news_documents_links(demo_research):
    p = demo_research.profile
    people = {x.name: x.role for x in p.people}
    assert len(people) == 6
    assert "Chief Technology Officer" in people["Tomas Lindqvist"]
    assert people["Signe Halvorsen-Dahl"] == "Head of Field Operations"
    assert {x.name for x in p.products} >= {"GridPilot", "CellSense", "Commissioning"}
    assert [v.text.split(":")[0] for v in p.values] == [
        "Measure first", "Safety without shortcuts", "Plain speaking", "Leave the site better"]
    assert {(r.title, r.location.split(",")[0], r.posted.isoformat()) for r in p.open_roles} == {
        ("Data Engineer", "Bristol", "2026-10-05"),
        ("Field Service Technician", "Aarhus", "2026-10-12"),
        ("Product Designer", "Lyon", "2026-10-19")}
    news = [(n.published.isoformat(), n.title) for n in p.news]
    assert news[0] == ("2026-09-15", "Larkspur Grid Systems raises £32 million Series B to "
                                     "scale battery analytics")
    assert news == sorted(news, reverse=True)
    assert [d.pages for d in p.documents] == [3]
    assert {link.text.split("/")[2] for link in p.links} == {
        "www.linkedin.com", "github.com", "mastodon.social"}


def test_page_kinds_and_dates(demo_research):
    kinds = {p.url.split("/", 3)[3]: p.kind for p in demo_research.pages}
    assert kinds[""] == "home"
    assert kinds["about.html"] == "about"
    assert kinds["leadership.html"] == "team"
    assert kinds["products/gridpilot.html"] == "product"
    assert kinds["careers/index.html"] == "careers"
    assert kinds["careers/jobs/data-engineer.html"] == "job"
    assert kinds["news/2026-06-03-aarhus-office.html"] == "news"
    assert kinds["blog/commissioning-in-winter.html"] == "blog"
    assert kinds["reports/annual-report-2025.pdf"] == "investors"
    assert kinds["contact.html"] == "contact"
    assert kinds["privacy.html"] == "legal"
    blog = by_url(demo_research, "blog/commissioning-in-winter.html")
    assert blog.published.isoformat() == "2026-02-10"
    assert by_url(demo_research, "news/index.html").published is None  # a listing, not a post


def test_summary_is_the_sites_own_sentences_without_boilerplate(demo_research):
    summary = demo_research.summary
    assert 5 <= len(summary) <= 8
    texts = {p.url: p.text for p in demo_research.pages}
    for sentence in summary:
        assert sentence.text in texts[sentence.source]
        lowered = sentence.text.lower()
        for noise in ("cookie", "newsletter", "subscribe", "privacy", "©", "menu"):
            assert noise not in lowered
    assert summary[0].kind in ("home", "about")


def test_main_text_leaves_out_navigation_and_banners(demo_research):
    about = by_url(demo_research, "about.html")
    assert "founded in Bristol on 1 March 2016" in about.text
    assert "We use cookies" not in about.text
    assert "Subscribe to our newsletter" not in about.text


def test_latin1_page_is_decoded(demo_research):
    lyon = by_url(demo_research, "fr/index.html")
    assert any(ch in lyon.text for ch in "éèàç")
    assert "\ufffd" not in lyon.text and "Ã" not in lyon.text


@pytest.mark.skipif(shutil.which("pdftotext") is None and not os.environ.get("CI"),
                    reason="needs poppler-utils (make test installs it)")
def test_pdf_text_agrees_with_poppler(demo_research, tmp_path):
    import requests

    report = by_url(demo_research, "annual-report-2025.pdf")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(requests.get(report.url, timeout=10).content)
    poppler = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
    ours, theirs = set(report.text.split()), set(poppler.split())
    assert "£18.4" in report.text and "2.1 GWh" in report.text
    assert len(ours & theirs) / len(theirs) > 0.95


def test_everything_is_stored_and_reads_back(demo_research):
    reopened = Workbook(demo_research.stored_in)
    pages = reopened.research.pages("Energy storage")
    assert len(pages) == len(demo_research.pages)
    assert list(pages.columns[:5]) == ["url", "kind", "title", "published", "words"]
    skipped = reopened.research.skipped("Energy storage")
    assert set(skipped["reason"]) >= {"off-site", "robots", "HTTP 404"}
    facts = reopened.research.facts("Energy storage")
    assert (facts["source"].str.startswith("http")).all()
    back = reopened.research.load("Energy storage")
    assert back.to_dict() == demo_research.to_dict()
    reopened.close()


def test_scraped_addresses_never_become_clickable_code():
    from datetime import date

    from infolib.models import CompanyProfile, NewsItem

    profile = CompanyProfile(news=[NewsItem(source="javascript:alert(1)", retrieved=date.today(),
                                            title="<b>x</b>", url="javascript:alert(1)")])
    page = profile._repr_html_()
    assert "href='javascript" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
