"""Page titles a person would recognise: the page's own title without the site's name, never
the text of a search box, a cookie banner or the navigation."""

from __future__ import annotations

from datetime import UTC, datetime

from infolib.web.extract import extract_html, strip_site_name
from infolib.web.fetch import Fetched


def extract(html: str, url: str = "https://fernhill.example/insights/tidal-notes/"):
    fetched = Fetched(url=url, final_url=url, status=200, media_type="text/html",
                      body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"},
                      retrieved=datetime(2026, 3, 1, tzinfo=UTC))
    return extract_html(fetched).page


def test_the_site_name_suffix_is_dropped_from_the_title():
    page = extract("<html><head><title>Tidal turbines for small harbours | Fernhill Labs"
                   "</title><meta property='og:site_name' content='Fernhill Labs'></head>"
                   "<body><main><h1>Tidal turbines for small harbours</h1><p>Text.</p></main>"
                   "</body></html>")
    assert page.title == "Tidal turbines for small harbours"


def test_a_site_name_in_front_is_dropped_too():
    page = extract("<html><head><title>Fernhill · Field notes from the estuary</title>"
                   "<meta name='application-name' content='Fernhill'></head><body><p>x</p>"
                   "</body></html>")
    assert page.title == "Field notes from the estuary"


def test_the_name_is_told_by_the_heading_when_the_site_does_not_say_it():
    page = extract("<html><head><title>Field notes from the estuary - Grebe & Partners</title>"
                   "</head><body><article><h1>Field notes from the estuary</h1></article>"
                   "</body></html>", url="http://127.0.0.1:8000/notes/estuary/")
    assert page.title == "Field notes from the estuary"


def test_a_heading_in_a_search_form_or_cookie_banner_is_never_the_title():
    page = extract("<html><head><title>Fernhill Labs</title>"
                   "<meta property='og:site_name' content='Fernhill Labs'></head><body>"
                   "<div class='cookie-banner'><h1>We use cookies</h1></div>"
                   "<header><form role='search'><h1>Search</h1><input name='q'></form></header>"
                   "<nav><h1>Menu</h1></nav>"
                   "<main><h1>Why our turbines sit on the harbour floor</h1><p>Text.</p></main>"
                   "</body></html>")
    assert page.title == "Why our turbines sit on the harbour floor"
    assert page.metadata["headline"] == "Why our turbines sit on the harbour floor"


def test_the_schema_org_headline_comes_first():
    page = extract("<html><head><title>Notes | Fernhill Labs</title>"
                   "<script type='application/ld+json'>{\"@context\": \"https://schema.org\", "
                   "\"@type\": \"BlogPosting\", \"headline\": \"Mooring lines that last ten "
                   "winters\"}</script></head><body><h1>Notes</h1></body></html>")
    assert page.title == "Mooring lines that last ten winters"


def test_the_home_page_keeps_its_whole_title():
    page = extract("<html><head><title>Fernhill Labs | Tidal power for small harbours</title>"
                   "</head><body><h1>Welcome</h1></body></html>", url="https://fernhill.example/")
    assert page.title == "Fernhill Labs | Tidal power for small harbours"


def test_a_title_that_is_only_the_site_name_gives_way_to_the_heading():
    assert strip_site_name("Fernhill Labs", {"fernhilllabs"}, "Our crew") == ""
    assert strip_site_name("Colons: they stay in titles", {"fernhill"}) == \
        "Colons: they stay in titles"


def test_a_headline_that_starts_with_the_name_keeps_it():
    assert strip_site_name("Fernhill raises funds for a pier | Fernhill", {"fernhill"}) == \
        "Fernhill raises funds for a pier"
    assert strip_site_name("Field notes | Fernhill Blog", {"fernhill"}) == "Field notes"


def test_a_title_every_page_shares_gives_way_to_each_page_s_heading():
    from infolib.web.extract import retitle_shared

    head = "<html><head><title>Grebe & Partners | Harbour engineering</title></head><body>"
    home = extract(head + "<h1>Welcome</h1></body></html>", url="http://127.0.0.1:8000/")
    pages = [home] + [extract(head + f"<main><h2>{heading}</h2><p>Text.</p></main></body>"
                              "</html>", url=f"http://127.0.0.1:8000/{slug}/")
                      for slug, heading in (("piers", "Piers we built"),
                                            ("locks", "Lock gates"), ("team", "Our crew"))]
    retitle_shared(pages)
    assert [p.title for p in pages] == ["Grebe & Partners | Harbour engineering",
                                        "Piers we built", "Lock gates", "Our crew"]
