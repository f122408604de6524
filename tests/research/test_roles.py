"""Open roles a person can apply for: closed, filled and expired postings are kept apart, a
careers page that says it is not hiring means no open role, and the roles a careers page lists
(job pages and PDF job descriptions) are found."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from infolib.models import Page
from infolib.research.news import find_roles
from infolib.research.profile import build_profile
from infolib.web.crawl import crawl_site


def page(title: str, body: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>{title} | Fernhill Harbour Trust</title>{head}"
            "</head><body><nav><a href='/'>Home</a> <a href='/careers/'>Careers</a></nav>"
            f"<main>{body}</main></body></html>")


POSTING = ("<p>You will look after the ferry pier and its moorings. Requirements: three years "
           "of experience with marine structures. Apply with a short letter.</p>")


def serve_not_hiring(site) -> str:
    site.page("/", page("Home", "<h1>Fernhill Harbour Trust</h1><a href='/careers/'>Work with "
                                "us</a>"))
    site.page("/careers/", page("Careers", "<h1>Careers</h1><p>We are not currently hiring. "
                                "Follow our news for future openings.</p><h2>Past postings</h2>"
                                "<ul><li><a href='/careers/pier-engineer/'>Pier engineer</a></li>"
                                "<li><a href='/careers/faqs/'>Questions about applying</a></li>"
                                "</ul>"))
    site.page("/careers/pier-engineer/", page("Pier engineer", "<h1>Pier engineer</h1>"
                                              "<p><strong>Status:</strong> Closed</p>" + POSTING))
    site.page("/careers/faqs/", page("Careers FAQ", "<h1>Questions about applying</h1><p>How "
                                     "long does it take to apply? About ten minutes, and we "
                                     "reply to every candidate with experience or not.</p>"))
    return site.url + "/"


def test_a_site_that_is_not_hiring_has_no_open_roles(server, fast):
    crawl = crawl_site(serve_not_hiring(server), fast)
    profile = build_profile(crawl.pages, crawl.feed_entries)
    assert profile.open_roles == []
    assert [r.title for r in profile.closed_roles] == ["Pier engineer"]
    assert profile.hiring is not None and profile.hiring.value is False
    assert profile.hiring.source.endswith("/careers/")


def serve_hiring(site) -> str:
    site.page("/", page("Home", "<h1>Fernhill Harbour Trust</h1><a href='/careers/'>Jobs</a>"))
    site.page("/careers/", page("Careers", "<h1>Careers</h1><div><h2>Open positions</h2></div>"
                                "<ul><li><a href='/files/rope-rigger.pdf'>Rope rigger</a></li>"
                                "<li><a href='/careers/ferry-mate/'>Ferry mate</a></li>"
                                "<li><a href='mailto:jobs@fernhill.example'>Apply now</a></li>"
                                "<li><a href='https://jobs.example/fernhill'>View all openings"
                                "</a></li>"
                                "</ul><h2>Life at the harbour</h2><p>We swim at lunch.</p>"
                                "<a href='/careers/night-pilot/'>Night pilot</a>"))
    site.page("/careers/ferry-mate/", page(
        "Ferry mate", "<h1>Ferry mate</h1>" + POSTING + "<aside>Earlier postings: "
        "<a href='/careers/night-pilot/'>Night pilot (closed)</a></aside>",
        "<script type='application/ld+json'>{\"@type\": \"JobPosting\", \"title\": \"Ferry "
        "mate\", \"datePosted\": \"2026-01-10\", \"validThrough\": \"2099-12-31\"}</script>"))
    site.page("/careers/night-pilot/", page(
        "Night pilot", "<h1>Night pilot</h1>" + POSTING,
        "<script type='application/ld+json'>{\"@type\": \"JobPosting\", \"title\": \"Night "
        "pilot\", \"datePosted\": \"2019-11-01\", \"validThrough\": \"2020-01-31\"}</script>"))
    return site.url + "/"


def test_roles_a_careers_page_lists_are_open_and_expired_ones_are_closed(server, fast):
    crawl = crawl_site(serve_hiring(server), fast)
    profile = build_profile(crawl.pages, crawl.feed_entries)
    assert sorted(r.title for r in profile.open_roles) == ["Ferry mate", "Rope rigger"]
    rigger = next(r for r in profile.open_roles if r.title == "Rope rigger")
    assert rigger.url.endswith("/files/rope-rigger.pdf")  # the PDF job description
    assert [r.title for r in profile.closed_roles] == ["Night pilot"]
    assert profile.closed_roles[0].valid_through.isoformat() == "2020-01-31"
    assert profile.hiring.value is True


def test_a_site_that_does_not_address_hiring_says_nothing():
    home = Page(url="https://fernhill.example/", kind="home", title="Fernhill", text="Hello.",
                retrieved=datetime(2026, 3, 1, tzinfo=UTC))
    assert find_roles([home]) == ([], [], None)


def test_the_gap_list_says_not_hiring_and_counts_no_closed_posting(server, fast, workbook):
    from infolib import find_gaps, research_company

    research_company(serve_not_hiring(server), "Harbours", workbook=workbook, settings=fast,
                     progress=False)
    hiring = find_gaps("Harbours", workbook=workbook)["hiring"]
    assert "not hiring" in hiring.why
    assert not any(e.url.endswith("/careers/pier-engineer/") for e in hiring.evidence)
    assert "open_role" not in hiring.facts


def test_each_posting_of_a_page_that_holds_several_is_a_role(server, fast):
    postings = ", ".join(json.dumps({"@type": "JobPosting", "title": title,
                                     "datePosted": "2026-01-10"})
                         for title in ("Dock hand", "Harbour master", "Crane operator"))
    server.page("/", page("Home", "<h1>Fernhill Harbour Trust</h1><a href='/jobs/'>Jobs</a>"))
    server.page("/jobs/", page("Jobs", "<h1>Jobs</h1>" + POSTING,
                               f"<script type='application/ld+json'>[{postings}]</script>"))
    crawl = crawl_site(server.url + "/", fast)
    profile = build_profile(crawl.pages, crawl.feed_entries)
    assert sorted(r.title for r in profile.open_roles) == ["Crane operator", "Dock hand",
                                                           "Harbour master"]


def test_a_department_page_under_careers_lists_roles_and_is_not_one(server, fast):
    server.page("/", page("Home", "<h1>Fernhill Harbour Trust</h1>"
                                  "<a href='/careers/engineering/'>Engineering jobs</a>"))
    server.page("/careers/engineering/", page(
        "Engineering", "<h1>Engineering at the harbour</h1>" + POSTING
        + "<h2>Current openings</h2><ul><li><a href='/careers/engineering/welder/'>Welder</a>"
        "</li><li><a href='/careers/engineering/surveyor/'>Surveyor</a></li></ul>"))
    crawl = crawl_site(server.url + "/", fast)
    profile = build_profile(crawl.pages, crawl.feed_entries)
    assert sorted(r.title for r in profile.open_roles) == ["Surveyor", "Welder"]


def test_a_leftover_posting_no_careers_page_lists_is_not_open(server, fast):
    server.page("/", page("Home", "<h1>Fernhill Harbour Trust</h1>"
                                  "<a href='/careers/harbour-pilot.html'>Pilot</a>"))
    server.page("/careers/harbour-pilot.html", page(
        "Harbour pilot", "<h1>Harbour pilot</h1><p class='posted'>Posted 3 February 2022</p>"
        "<p>Status: Open</p>" + POSTING))
    crawl = crawl_site(server.url + "/", fast)
    profile = build_profile(crawl.pages, crawl.feed_entries)
    assert profile.open_roles == []
    assert [r.title for r in profile.closed_roles] == ["Harbour pilot"]
    assert profile.hiring.value is False
