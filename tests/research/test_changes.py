"""What changed since you last looked: an invented organisation's site is researched, changes
(a page added, one removed, one rewritten, a news post, a role closed, a person joining, the
headquarters moving) and is researched again; the change list is exactly that, through the
library and the CLI. A re-visit of an unchanged site after the cache expired costs the site a
304 and no body per page."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from infolib import CrawlSettings, research_company
from infolib.research.changes import changes

ORG = "Quillmoor Tide Labs"


def page(title: str, body: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>{title} | {ORG}</title>{head}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/about/'>About</a> <a href='/team/'>Team</a> "
            "<a href='/news/'>News</a> <a href='/careers/'>Careers</a></nav>"
            f"<main>{body}</main></body></html>")


def organisation(city: str) -> str:
    data = {"@context": "https://schema.org", "@type": "Organization", "name": ORG,
            "url": "/", "foundingDate": "2014",
            "address": {"@type": "PostalAddress", "addressLocality": city,
                        "addressCountry": "NO"}}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def posting(title: str) -> str:
    data = {"@context": "https://schema.org", "@type": "JobPosting", "title": title,
            "datePosted": "2026-01-05", "validThrough": "2099-12-31"}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def article(title: str, day: str) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
            "datePublished": day}
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


PEOPLE_V1 = [("Ingrid Salvesen", "Chief executive"), ("Tobiah Marr", "Head of moorings")]
PEOPLE_V2 = PEOPLE_V1 + [("Oona Brecklin", "Tidal data engineer")]
NEWS_V1 = [("/news/buoy-array/", "Our buoy array reaches the outer sound", "2026-01-12")]
NEWS_V2 = NEWS_V1 + [("/news/winter-survey/", "The winter survey of the fjord is done",
                      "2026-02-20")]
ROLES_V1 = [("/careers/field-technician/", "Field technician"),
            ("/careers/data-analyst/", "Data analyst")]
ROLES_V2 = ROLES_V1[:1]


def serve(site, version: int) -> str:
    """Version 1 or 2 of the invented organisation's site."""
    city = "Bergen" if version == 1 else "Stavanger"
    people = PEOPLE_V1 if version == 1 else PEOPLE_V2
    news = NEWS_V1 if version == 1 else NEWS_V2
    roles = ROLES_V1 if version == 1 else ROLES_V2
    site.routes.clear()
    site.page("/", page("Home", f"<h1>{ORG}</h1><p>{ORG} measures tides and currents in "
                                "narrow fjords so that harbours can plan their moorings. Our "
                                "sensors report every ten minutes.</p>", organisation(city)))
    about = (f"<h1>About us</h1><p>{ORG} was founded in 2014 by two oceanographers. Our "
             f"headquarters are in {city}. We build tide gauges and share the readings freely "
             "with coastal towns.</p>")
    if version == 2:
        about += ("<p>This year we doubled the number of gauges along the coast and opened a "
                  "workshop for repairs.</p>")
    site.page("/about/", page("About", about))
    cards = "".join(f"<li><h3>{name}</h3><p>{role}</p></li>" for name, role in people)
    site.page("/team/", page("Team", f"<h1>Our team</h1><ul class='team'>{cards}</ul>"))
    links = "".join(f"<li><a href='{href}'>{title}</a> {day}</li>" for href, title, day in news)
    site.page("/news/", page("News", f"<h1>News</h1><ul>{links}</ul>"))
    for href, title, day in news:
        site.page(href, page(title, f"<h1>{title}</h1><p>Published {day}. The team placed new "
                                    "instruments and the readings are online for anyone to "
                                    "use in planning.</p>", article(title, day)))
    jobs = "".join(f"<li><a href='{href}'>{title}</a></li>" for href, title in roles)
    site.page("/careers/", page("Careers", f"<h1>Careers</h1><h2>Open positions</h2>"
                                           f"<ul>{jobs}</ul>"))
    for href, title in roles:
        site.page(href, page(title, f"<h1>{title}</h1><p>You will keep our gauges running. "
                                    "Requirements: two years of field work. Apply with a short "
                                    "letter.</p>", posting(title)))
    if version == 1:
        site.page("/visit/", page("Visit", "<h1>Visit the gauge house</h1><p>Open on "
                                           "Saturdays from May to September for school "
                                           "classes.</p>"))
        site.page("/about/", page("About", about + "<p><a href='/visit/'>Visit us</a></p>"))
    else:
        site.page("/workshop/", page("Workshop", "<h1>The repair workshop</h1><p>Gauges from "
                                                 "other harbours are repaired here in two "
                                                 "weeks.</p>"))
        site.page("/about/", page("About", about + "<p><a href='/workshop/'>Our workshop"
                                                   "</a></p>"))
    return site.url + "/"


#: Every cached page is stale at once, as it is weeks after a visit.
EXPIRED = CrawlSettings(delay=0, cache_expiry=0)
EXPECTED = {("page_new", "/news/winter-survey/"), ("page_new", "/workshop/"),
            ("page_gone", "/careers/data-analyst/"), ("page_gone", "/visit/"),
            ("page_changed", "/about/"), ("page_changed", "/team/"),
            ("page_changed", "/careers/"), ("page_changed", "/news/"),
            ("news_new", "/news/winter-survey/"), ("role_closed", "/careers/data-analyst/"),
            ("person_appeared", "/team/"), ("fact_changed", "/")}


def where(change: dict, site_url: str) -> str:
    side = change["after"] or change["before"]
    return side["source"].removeprefix(site_url)


@pytest.fixture
def revisited(server, workbook):
    first = research_company(serve(server, 1), "Tide gauges", workbook=workbook,
                             settings=EXPIRED, progress=False)
    second = research_company(serve(server, 2), "Tide gauges", workbook=workbook,
                              settings=EXPIRED, progress=False, refresh=True)
    assert first.ok and second.ok and first.crawl_id != second.crawl_id
    return server, workbook, first, second


def test_a_site_that_changed_gives_exactly_the_expected_change_list(revisited):
    server, workbook, first, second = revisited
    found = changes("Tide gauges", workbook=workbook)
    (org,) = found.organisations
    assert (org.before_crawl, org.after_crawl) == (first.crawl_id, second.crawl_id)
    data = found.to_dict()["organisations"][0]
    assert {(c["kind"], where(c, server.url)) for c in data["changes"]} == EXPECTED
    assert len(data["changes"]) == len(EXPECTED)
    by_kind = {c["kind"]: c for c in data["changes"]}
    moved = by_kind["fact_changed"]
    assert moved["topic"] == "headquarters"
    assert "Bergen" in moved["before"]["value"] and "Stavanger" in moved["after"]["value"]
    assert moved["before"]["retrieved"] and moved["after"]["retrieved"]
    assert by_kind["person_appeared"]["what"].startswith("Oona Brecklin")
    assert by_kind["role_closed"]["what"] == "Data analyst"
    assert by_kind["news_new"]["what"].endswith("The winter survey of the fjord is done")
    text = found.to_text()
    assert "12 changes" in text and "headquarters" in text and "Stavanger" in text
    assert "<table>" in found._repr_html_() and "Oona Brecklin" in found._repr_html_()
    # the unchanged pages were not sent again: the site answered 304 with no body
    again = [h for h in server.hits[len(server.hits) // 2:] if h.path == "/news/buoy-array/"]
    assert again and again[-1].status == 304


def infolib_cli(*args):
    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True)


def test_the_cli_prints_the_same_change_list_and_says_when_there_is_one_crawl(revisited):
    server, workbook, _first, _second = revisited
    book = ["--workbook", str(workbook.folder)]
    done = infolib_cli("changes", "--field", "Tide gauges", "--json", *book)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert {(c["kind"], where(c, server.url)) for c in data["organisations"][0]["changes"]} \
        == EXPECTED
    text = infolib_cli("changes", "--field", "Tide gauges", *book)
    assert text.returncode == 0 and "Stavanger" in text.stdout
    # a crawl of another organisation of the field, read once: one line says so
    other = serve(server, 1)
    research_company(other + "?second", "Tide gauges", workbook=workbook, settings=EXPIRED,
                     progress=False)
    once = infolib_cli("changes", "--field", "Tide gauges", *book).stdout.splitlines()
    assert [line for line in once if "read once" in line] == [
        line for line in once if "?second" in line]
    # nothing since a later day: exit 1; a bad date or an unknown field: exit 2
    later = infolib_cli("changes", "--field", "Tide gauges", "--since", "2035-01-01", *book)
    assert later.returncode == 1 and "since 2035-01-01" in later.stderr
    assert infolib_cli("changes", "--field", "Tide gauges", "--since", "soon",
                       *book).returncode == 2
    assert infolib_cli("changes", "--field", "Kelp", *book).returncode == 2
    research_company(other + "?third", "Kelp", workbook=workbook, settings=EXPIRED,
                     progress=False)
    single = infolib_cli("changes", "--field", "Kelp", *book)
    assert single.returncode == 0 and len(single.stdout.splitlines()) == 1
    assert "read once" in single.stdout


def counting(site):
    """Count the bytes of the bodies the fixture server sends back for every page."""
    sent = {"bodies": 0}

    class Counter:
        def __init__(self, raw):
            self.raw = raw

        def write(self, data):
            if bytes(data[:5]) != b"HTTP/":  # the status line and headers go out first
                sent["bodies"] += len(data)
            return self.raw.write(data)

        def __getattr__(self, name):
            return getattr(self.raw, name)

    def wrap(fn):
        def route(h):
            h.wfile = Counter(h.wfile)
            try:
                fn(h)
            finally:
                h.wfile = h.wfile.raw
        return route

    site.routes.update({path: wrap(fn) for path, fn in site.routes.items()})
    return sent


def test_a_revisit_of_an_unchanged_site_after_expiry_costs_304s_and_no_bodies(server,
                                                                               workbook):
    url = serve(server, 1)
    sent = counting(server)
    first = research_company(url, "Tides", workbook=workbook, settings=EXPIRED,
                             progress=False)
    first_bodies, first_hits = sent["bodies"], len(server.hits)
    sent["bodies"] = 0
    asked = datetime.now(UTC)
    again = research_company(url, "Tides", workbook=workbook, settings=EXPIRED,
                             progress=False, refresh=True)
    revisit = server.hits[first_hits:]
    pages = [h for h in revisit if h.path not in ("/robots.txt", "/sitemap.xml")]
    assert first_bodies > 2000
    assert len(pages) == len(first.pages) == len(again.pages) == 9
    assert [h.status for h in pages] == [304] * len(pages)
    assert all("If-None-Match" in h.headers for h in pages)
    assert sent["bodies"] == 0
    assert [p.text for p in again.pages] == [p.text for p in first.pages]
    # a page the site confirmed unchanged is dated the day it confirmed it, not the first visit
    assert all(p.retrieved >= asked for p in again.pages)
    assert all(p.retrieved < asked for p in first.pages)
    assert changes("Tides", workbook=workbook).organisations[0].changes == []


def test_the_brief_says_what_is_new_since_you_last_looked_only_when_something_is(revisited,
                                                                                 tmp_path):
    from infolib.brief import make_brief

    _server, workbook, _first, _second = revisited
    page_text = make_brief("Tide gauges", workbook=workbook,
                           out=tmp_path / "brief.html").read_text(encoding="utf-8")
    assert page_text.count("New since you last looked") == 1
    block = page_text.split("New since you last looked", 1)[1].split("</ul>", 1)[0]
    assert "Stavanger" in block and "Bergen" in block  # the new headquarters and the old
    assert "Oona Brecklin" in block and "Data analyst" in block
    assert "The winter survey of the fjord is done" in block
    assert "2 new, 2 gone, 4 changed" in block
    research_company(serve(_server, 2) + "?again", "Read once", workbook=workbook,
                     settings=EXPIRED, progress=False)
    once = make_brief("Read once", workbook=workbook, out=tmp_path / "once.html")
    assert "New since you last looked" not in once.read_text(encoding="utf-8")


def test_the_schema_names_every_kind_of_change_and_fact_the_code_makes():
    from importlib.resources import files

    from infolib.research.changes import FACTS, KINDS

    schema = json.loads((files("infolib") / "schema" / "changes.schema.json").read_text())
    change = schema["properties"]["organisations"]["items"]["properties"]["changes"]["items"]
    assert change["properties"]["kind"]["enum"] == list(KINDS)
    assert change["properties"]["topic"]["anyOf"][0]["enum"] == list(FACTS)
