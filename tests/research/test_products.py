"""Products and services (issue 13): what an organisation offers, read from its services page's
headings, the pages inside that section, its navigation's Services menu and schema.org — never
the page's own heading, a blog category or a blog post — on a small invented site."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from infolib.models import Page
from infolib.research.products import find_products
from infolib.research.profile import build_profile
from infolib.web.crawl import crawl_site
from infolib.web.extract import parse_html
from infolib.web.fetch import Fetcher
from infolib.web.structure import page_blocks

NAV = ("<header><nav><ul><li><a href='/'>Home</a></li>"
       "<li><a href='/services/'>Services</a><ul>"
       "<li><a href='/services/#audits'>Energy audits</a></li>"
       "<li><a href='/services/heat-pumps/'>Heat pump design</a></li></ul></li>"
       "<li><a href='/blog/'>Blog</a></li><li><a href='/about/'>About</a></li></ul></nav>"
       "</header>")


def html(title: str, main: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>{title}</title>{head}</head><body>{NAV}"
            f"<main>{main}</main><footer><h3>Services</h3><ul><li>Audits</li></ul>"
            "<h3>Quick links</h3><p>Privacy</p></footer></body></html>")


APP = json.dumps({"@context": "https://schema.org", "@type": "SoftwareApplication",
                  "name": "HeatLedger", "description": "Tracks a building's heat loss."})

SITE = {
    "/": html("Fernhollow Energy", "<h1>Warm homes, smaller bills</h1><p>Fernhollow Energy "
              "helps households in the valley cut their heating bills.</p>",
              head=f'<script type="application/ld+json">{APP}</script>'),
    "/services/": html("Services | Fernhollow Energy", (
        "<h1>Services</h1><h2>Our services</h2>"
        "<h3>Energy audits</h3><p>A surveyor walks your home with a thermal camera.</p>"
        "<h3>Retrofit planning</h3><p>A room-by-room plan, costed and in order.</p>"
        "<h3>Grant applications</h3><p>We fill in the forms for the council's grants.</p>"
        "<h2>Why choose us</h2><p>Twenty years of cold houses made warm.</p>"
        "<p><a href='/services/heat-pumps/'>Heat pumps</a></p>")),
    "/services/heat-pumps/": html("Heat pump design | Fernhollow Energy", (
        "<h1>Heat pumps sized for your home</h1><p>We size, site and commission air-source "
        "heat pumps.</p>")),
    "/blog/": html("Blog | Fernhollow Energy", (
        "<h1>Blog</h1><ul><li><a href='/blog/category/products/'>Products</a></li>"
        "<li><a href='/blog/2026/new-van/'>Our new survey van</a></li></ul>")),
    "/blog/category/products/": html("Products | Fernhollow Energy", (
        "<h1>Products</h1><h2>Our new survey van</h2><p>It has a ladder.</p>")),
    "/blog/2026/new-van/": html("Our new survey van | Fernhollow Energy", (
        "<h1>Our new survey van</h1><h2>Solar Roof Kit</h2><p>We tried one on the van.</p>")),
    "/about/": html("About | Fernhollow Energy", "<h1>About us</h1><p>Founded by two "
                    "surveyors who were tired of draughty houses.</p>"),
}


@pytest.fixture
def products(server, fast):
    for path, body in SITE.items():
        server.page(path, body)
    with Fetcher(fast) as fetcher:
        crawl = crawl_site(server.url + "/", fast, fetcher)
    return build_profile(crawl.pages, crawl.feed_entries, crawl.skipped).products


def test_the_services_page_headings_menu_section_pages_and_schema_org_name_the_offers(products):
    names = {p.name for p in products}
    assert {"Energy audits", "Retrofit planning", "Grant applications", "Heat pump design",
            "HeatLedger"} <= names


def test_page_headings_blog_categories_posts_and_footers_are_not_offers(products):
    names = {p.name.lower() for p in products}
    assert not names & {"services", "our services", "products", "why choose us", "quick links",
                        "our new survey van", "solar roof kit", "blog"}


def test_each_offer_keeps_the_page_that_names_it_and_what_it_says(products):
    audits = next(p for p in products if p.name == "Energy audits")
    assert audits.source.endswith("/") and audits.retrieved is not None
    planning = next(p for p in products if p.name == "Retrofit planning")
    assert planning.source.endswith("/services/")
    assert planning.description.startswith("A room-by-room plan")


def page(url: str, kind: str, body: str) -> Page:
    tree = parse_html(f"<html><head><title>T</title></head><body>{body}</body></html>", url)
    return Page(url=url, kind=kind, title="T", text="", retrieved=datetime(2026, 1, 5),
                blocks=page_blocks(tree, kind))


def test_tiles_of_a_home_section_headed_as_offers_are_offers():
    tile = "<div class='tile'><h3>{}</h3><p>{}</p></div>"
    body = ("<main><h1>Fernhollow</h1><h2>Our products</h2><div class='tiles'>"
            + tile.format("HeatLedger", "Tracks heat loss.")
            + tile.format("DraughtFinder", "Finds the gaps.") + "</div>"
            "<h2>From the blog</h2><div class='posts'>"
            + tile.format("A cold winter", "What we learned.")
            + tile.format("Meet the surveyors", "Who we are.") + "</div></main>")
    found = find_products([page("https://f.example/", "home", body)])
    assert [p.name for p in found] == ["HeatLedger", "DraughtFinder"]


def test_project_cards_that_lead_to_other_sites_are_projects_supported_not_offers():
    card = ("<div class='row'><h4>{0}</h4><a href='{1}'><img src='/l.svg' alt='{0}'></a>"
            "<p>{0} is a library for reading meters.</p></div>")
    body = ("<main><h1>Projects</h1><h2>Projects we contribute to</h2>"
            + card.format("MeterPy", "https://meterpy.example.org/")
            + card.format("GridCalc", "https://gridcalc.example.net/") + "</main>")
    found = find_products([page("https://f.example/projects/", "product", body)])
    assert found == []


def test_a_footer_column_headed_products_names_the_products():
    body = ("<main><h1>Fernhollow</h1><p>Warm homes.</p></main><footer>"
            "<div><h4>Products</h4><ul><li><a href='https://app.f.example/'>HeatLedger</a></li>"
            "<li><a href='/draughtfinder/'>DraughtFinder</a></li></ul></div>"
            "<div><h4>Company</h4><ul><li><a href='/about/'>About us</a></li>"
            "<li><a href='/careers/'>Careers</a></li></ul></div></footer>")
    found = find_products([page("https://f.example/", "home", body)])
    assert [p.name for p in found] == ["HeatLedger", "DraughtFinder"]
