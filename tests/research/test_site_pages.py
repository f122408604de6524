"""What the crawl hands the research about a site's own pages (issue 13): a site under a path
keeps its home page's title and its footer address, team pages are judged by a whole path
segment (a podcast episode about leadership is not a team page), a site that puts the same
<title> on every page gives each page its own heading, and a feed's relative links are read
against the feed."""

from __future__ import annotations

from urllib.parse import urlsplit

from infolib.research.profile import build_profile
from infolib.web.crawl import crawl_site
from infolib.web.extract import guess_kind


def page(title: str, main: str, footer: str = "", nav: str = "") -> str:
    return (f"<!doctype html><html><head><title>{title}</title></head><body>"
            f"<nav>{nav}</nav><main>{main}</main><footer>{footer}</footer></body></html>")


FOOTER = ("<p>Saltmarsh Ferry Company</p><p>3 Quay Street</p><p>Wivenhoe CO7 9BX</p>"
          "<p>United Kingdom</p>")
NAV = ("<a href='/saltmarsh/about/'>About</a> <a href='/saltmarsh/team/'>Team</a> "
       "<a href='/saltmarsh/podcast/leadership-on-the-water/'>Podcast</a> "
       "<a href='/saltmarsh/news/'>News</a>")
SITE = {
    "/saltmarsh/": page("Saltmarsh Ferry Company", "<h1>Across the estuary since the tide "
                        "allowed</h1><p>Saltmarsh Ferry Company runs foot-passenger ferries "
                        "between the estuary villages, every day of the year.</p>",
                        FOOTER, NAV),
    "/saltmarsh/about/": page("Saltmarsh Ferry Company", "<h1>About the ferry</h1><p>We carry "
                              "walkers, cyclists and schoolchildren across the river.</p>",
                              FOOTER, NAV),
    "/saltmarsh/team/": page("Saltmarsh Ferry Company", "<h1>Our crew</h1><p>Six skippers and "
                             "a harbour office keep the boats running.</p>", FOOTER, NAV),
    "/saltmarsh/podcast/leadership-on-the-water/": page(
        "Saltmarsh Ferry Company", "<h1>Leadership on the water, episode four</h1><p>Our guest "
        "Rowan Pike, a lifeboat coxswain, talks about calm decisions in rough weather.</p>",
        FOOTER, NAV),
    "/saltmarsh/news/": page("Saltmarsh Ferry Company", "<h1>News from the quay</h1><p>What "
                             "changed on the river this season.</p>", FOOTER, NAV),
}


def test_a_site_under_a_path_keeps_its_home_title_footer_address_and_page_titles(server, fast):
    for path, body in SITE.items():
        server.page(path, body)
    result = crawl_site(server.url + "/saltmarsh/", fast)
    by_path = {urlsplit(p.url).path: p for p in result.pages}
    home = by_path["/saltmarsh/"]
    assert home.kind == "home" and home.title == "Saltmarsh Ferry Company"
    # every page carries the same <title>: each gets its own heading instead
    assert by_path["/saltmarsh/about/"].title == "About the ferry"
    assert by_path["/saltmarsh/team/"].title == "Our crew"
    assert by_path["/saltmarsh/team/"].kind == "team"
    assert by_path["/saltmarsh/podcast/leadership-on-the-water/"].kind != "team"
    profile = build_profile(result.pages, result.feed_entries, result.skipped)
    assert profile.value("name") == "Saltmarsh Ferry Company"
    assert "Wivenhoe" in (profile.value("headquarters") or ""), profile.to_text()
    assert "Rowan Pike" not in {p.name for p in profile.people}  # a podcast guest, not crew


def test_team_pages_are_a_whole_path_segment():
    for path in ("/team/", "/our-team.html", "/about/leadership/", "/people", "/about/board/",
                 "/meet-the-team/", "/leadership-team/", "/team/ada-lovelace/"):
        assert guess_kind("https://example.org" + path) == "team", path
    for path in ("/podcast/leadership-through-a-storm/", "/board-nominations/",
                 "/blog/peoples-choice-awards/", "/teamwork-tips/"):
        assert guess_kind("https://example.org" + path) != "team", path


def test_a_feeds_relative_links_are_read_against_the_feed(server, fast):
    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><item><title>New timetable "
            "for the winter crossings</title><link>winter-timetable/</link>"
            "<pubDate>Mon, 02 Nov 2026 09:00:00 GMT</pubDate></item></channel></rss>")
    server.page("/", page("Saltmarsh Ferry Company", "<h1>Saltmarsh Ferry Company</h1><p>"
                          "Ferries between the estuary villages.</p>")
                .replace("</head>", "<link rel='alternate' type='application/rss+xml' "
                                    "href='/news/feed.xml'></head>"))
    server.page("/news/feed.xml", feed, content_type="application/rss+xml")
    server.page("/news/winter-timetable/", page("New timetable for the winter crossings",
                                                "<h1>New timetable for the winter crossings"
                                                "</h1><p>From November the first boat leaves "
                                                "at seven.</p>"))
    result = crawl_site(server.url + "/", fast)
    assert [e.url for e in result.feed_entries] == [server.url + "/news/winter-timetable/"]
