"""Publication dates a person can trust: the date a post shows for itself, never a build or
modification stamp, never a placeholder, never one from the future; undated stays undated."""

from __future__ import annotations

from datetime import UTC, date, datetime

from infolib.web.extract import extract_html, is_listing, parse_feed, sane_date
from infolib.web.fetch import Fetched

READ_ON = datetime(2026, 3, 1, tzinfo=UTC)


def extract(html: str, url: str = "https://fernhill.example/blog/mooring-lines/"):
    fetched = Fetched(url=url, final_url=url, status=200, media_type="text/html",
                      body=html.encode(), headers={"Content-Type": "text/html; charset=utf-8"},
                      retrieved=READ_ON)
    return extract_html(fetched).page


def post(head: str = "", byline: str = "") -> str:
    return (f"<html><head><title>Mooring lines | Fernhill</title>{head}</head><body>"
            "<nav><a href='/'>Home</a></nav><main><article><h1>Mooring lines that last</h1>"
            f"{byline}<p>Our crew replaced every mooring line in the estuary this winter, and "
            "here is what we learned about rope that lasts.</p></article></main>"
            "<footer>Copyright 2026</footer></body></html>")


def test_the_date_in_the_byline_is_the_publication_date():
    page = extract(post(byline="<div class='post-meta'>By Ana Lima on November 7, 2024</div>"))
    assert page.published == date(2024, 11, 7)


def test_a_build_stamp_in_the_head_loses_to_the_date_the_post_shows():
    page = extract(post(head="<meta name='date' content='2026-02-20'>",
                        byline="<p class='news-date'>Fri, Sep 05, 2025</p>"))
    assert page.published == date(2025, 9, 5)


def test_a_modification_date_is_not_a_publication_date():
    page = extract(post(head="<meta name='last-modified' content='2026-02-20'>"
                             "<meta property='og:updated_time' content='2026-02-20T00:00:00Z'>",
                        byline="<p>Last updated: <span class='revision-date'>2026-02-20</span>"
                               "</p>"))
    assert page.published is None


def test_placeholder_and_future_dates_are_dropped():
    for stamp in ("1970-01-01", "1000-01-01", "2001-01-01", "2031-05-01"):
        head = ("<script type='application/ld+json'>{\"@type\": \"BlogPosting\", "
                f"\"datePublished\": \"{stamp}\"}}</script>")
        assert extract(post(head=head)).published is None, stamp


def test_an_index_page_has_no_date_of_its_own():
    page = extract("<html><head><title>Blog</title></head><body><main>"
                   "<div class='card'><h2><a href='/blog/a/'>Ropes that last ten winters</a></h2>"
                   "<time datetime='2025-01-04'>4 January 2025</time></div>"
                   "<div class='card'><h2><a href='/blog/b/'>A new pier for the ferry</a></h2>"
                   "<time datetime='2024-12-01'>1 December 2024</time></div>"
                   "</main></body></html>", url="https://fernhill.example/blog/")
    assert page.published is None
    assert [p["url"] for p in page.metadata["listing"]] == [
        "https://fernhill.example/blog/a/", "https://fernhill.example/blog/b/"]
    assert page.metadata["listing"][0]["published"] == "2025-01-04"


def test_what_counts_as_an_index_page():
    for url in ("https://x.example/blog/", "https://x.example/news/index.html",
                "https://x.example/blog/page/3/", "https://x.example/tags/ropes/",
                "https://x.example/blog/2024/05/"):
        assert is_listing(url), url
    for url in ("https://x.example/blog/mooring-lines/", "https://x.example/news/2024/05/pier",
                "https://x.example/news/new-pier.html"):
        assert not is_listing(url), url


def test_the_sanity_window():
    assert sane_date("1989-12-31") is None
    assert sane_date("1995-03-02") == date(1995, 3, 2)
    assert sane_date("2004-05-01", founded=2010) is None
    assert sane_date("2026-03-03", retrieved=date(2026, 3, 1)) == date(2026, 3, 3)
    assert sane_date("2026-03-20", retrieved=date(2026, 3, 1)) is None


def test_a_feed_item_with_a_defaulted_date_stays_undated():
    feed = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>Fernhill</title>"
            b"<item><title>A new pier for the ferry</title><link>/news/pier/</link>"
            b"<pubDate>Mon, 01 Jan 2001 00:00:00 +0000</pubDate></item>"
            b"<item><title>Ropes that last ten winters</title><link>/news/ropes/</link>"
            b"<pubDate>Sat, 04 Jan 2025 09:00:00 +0000</pubDate></item></channel></rss>")
    first, second = parse_feed(feed)
    assert first.published is None
    assert second.published == date(2025, 1, 4)


def test_a_feed_s_relative_links_are_resolved_against_the_feed():
    feed = (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            b"<entry><title>A new pier for the ferry</title>"
            b"<link rel='replies' href='/news/pier/comments/'/>"
            b"<link href='pier/'/><updated>2025-06-02T08:00:00Z</updated></entry>"
            b"<entry xml:base='https://fernhill.example/blog/'><title>Ropes that last</title>"
            b"<link href='ropes/'/><published>2025-03-10T08:00:00Z</published></entry></feed>")
    pier, ropes = parse_feed(feed, "https://fernhill.example/news/feed.xml")
    assert pier.url == "https://fernhill.example/news/pier/"
    assert ropes.url == "https://fernhill.example/blog/ropes/"
    assert ropes.published == date(2025, 3, 10)
