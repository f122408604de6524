"""Two invented heat-network organisations researched into one field: Tidewater (a mission and
a launch, no careers page) and Fellside (an open role, a funding round and a careers page).
Written in the project's own words for the tests of a field of several organisations."""

from __future__ import annotations

import json
from functools import partial

import pytest

from infolib import research_company
from tests.sites import FixtureServer

FIELD = "Heat networks"
A_NAME = "Tidewater Heat Networks"
B_NAME = "Fellside Heat Cooperative"
B_ROLE = "Heat network data engineer"
B_NEWS = "Fellside raises £2 million to connect forty more homes to its heat main"
A_NEWS = "Tidewater launches a night-time heat storage service for terraced streets"


def ld(data: dict) -> str:
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def _page(org: str, title: str, body: str, head: str = "",
          links: tuple = ("/", "/about/", "/news/")) -> str:
    nav = " ".join(f"<a href='{h}'>{h}</a>" for h in links)
    return (f"<!doctype html><html lang='en'><head><title>{title} | {org}</title>{head}</head>"
            f"<body><nav>{nav}</nav><main>{body}</main></body></html>")


def serve_tidewater(site) -> str:
    """Tidewater: a mission, a launch in its news, no careers page."""
    p = partial(_page, A_NAME)
    site.page("/", p("Home", f"<h1>{A_NAME}</h1><p>We design and run small district heat "
                     "networks that warm rows of terraced houses from one shared heat pump.</p>",
                     ld({"@context": "https://schema.org", "@type": "Organization",
                         "name": A_NAME, "url": site.url + "/"})))
    site.page("/about/", p("About us", "<h1>About us</h1><h2>Our mission</h2><p>Our mission is "
                           "to make a warm home the cheapest choice on every terraced street."
                           "</p><p>Engineers and surveyors work from a depot beside the "
                           "harbour and visit every street before a pipe is laid.</p>"))
    site.page("/news/", p("News", f"<h1>News</h1><ul><li><a href='/news/night-storage/'>"
                          f"{A_NEWS}</a></li></ul>"))
    site.page("/news/night-storage/", p(
        "Night storage", f"<article><h1>{A_NEWS}</h1><p>The new service stores heat in "
                         "insulated tanks at night, when power is cheap, and releases it "
                         "through the morning.</p></article>",
        ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": A_NEWS,
            "datePublished": "2026-09-14"})))
    return site.url + "/"


def serve_fellside(site) -> str:
    """Fellside: an open role for a data engineer, a funding round, a careers page."""
    links = ("/", "/about/", "/news/", "/careers/")
    p = partial(_page, B_NAME, links=links)
    site.page("/", p("Home", f"<h1>{B_NAME}</h1><p>We are a member-owned cooperative that "
                     "runs a village heat main fed by a wood-chip boiler and river source heat "
                     "pumps.</p>", ld({"@context": "https://schema.org", "@type": "Organization",
                                     "name": B_NAME, "url": site.url + "/"})))
    site.page("/about/", p("About us", "<h1>About us</h1><p>Members elect a board each spring "
                           "and volunteers read the heat meters every quarter.</p>"))
    site.page("/news/", p("News", f"<h1>News</h1><ul><li><a href='/news/heat-main-funding/'>"
                          f"{B_NEWS}</a></li></ul>"))
    site.page("/news/heat-main-funding/", p(
        "Funding", f"<article><h1>{B_NEWS}</h1><p>The cooperative raised two million pounds "
                   "from members and a community bank to extend its heat main.</p></article>",
        ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": B_NEWS,
            "datePublished": "2026-07-02"})))
    site.page("/careers/", p("Careers", "<h1>Careers</h1><h2>Open positions</h2><ul>"
                             f"<li><a href='/careers/data-engineer/'>{B_ROLE}</a></li></ul>"
                             "<p>We are hiring now and welcome applications from people "
                             "changing career.</p>"))
    site.page("/careers/data-engineer/", p(
        B_ROLE, f"<h1>{B_ROLE}</h1><p>You will build the pipelines that turn meter readings "
                "into heat-loss maps for every street we serve.</p>",
        ld({"@context": "https://schema.org", "@type": "JobPosting", "title": B_ROLE,
            "datePosted": "2026-10-01", "validThrough": "2099-12-31"})))
    return site.url + "/"


@pytest.fixture
def two_organisations(workbook, fast):
    """The workbook with Tidewater researched first, then Fellside, into one field; yields
    (workbook, Tidewater's address, Fellside's)."""
    a, b = FixtureServer(), FixtureServer()
    try:
        a_url, b_url = serve_tidewater(a.site), serve_fellside(b.site)
        research_company(a_url, FIELD, workbook=workbook, settings=fast, progress=False)
        research_company(b_url, FIELD, workbook=workbook, settings=fast, progress=False)
        yield workbook, a_url, b_url
    finally:
        a.close()
        b.close()
