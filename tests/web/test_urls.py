"""URL normalisation, trap detection and sentence splitting: small pure functions."""

import pytest

from infolib import InvalidURLError
from infolib.research.summarise import split_sentences
from infolib.web.urls import check_start_url, normalise, resolve, same_site, trap_reason


def test_normalise_merges_spellings_of_one_page():
    assert normalise("HTTP://Example.ORG:80//a//b.html?utm_source=x&b=2&a=1#top") == \
        "http://example.org/a/b.html?a=1&b=2"
    assert normalise("https://example.org") == "https://example.org/"


def test_traps_are_recognised_and_ordinary_pages_are_not():
    assert trap_reason("https://x.org/events/calendar/2031/07/") == "trap: calendar"
    assert trap_reason("https://x.org/news?page=21") == "trap: pagination"
    assert trap_reason("https://x.org/blog/page/40/") == "trap: pagination"
    assert trap_reason("https://x.org/news/2026-09-15-series-b.html") is None
    assert trap_reason("https://x.org/news?page=2") is None


def test_sentences_split_at_ends_but_not_at_abbreviations_or_numbers():
    text = ("Larkspur Grid Systems Ltd. was founded by Dr. Okonkwo-Reid in 2016. Revenue rose "
            "to £18.4 million. Is it big? Yes, J. R. Smith said so.")
    assert split_sentences(text) == [
        "Larkspur Grid Systems Ltd. was founded by Dr. Okonkwo-Reid in 2016.",
        "Revenue rose to £18.4 million.", "Is it big?", "Yes, J. R. Smith said so."]


def test_ipv6_addresses_keep_their_brackets():
    assert normalise("http://[::1]:8000/a") == "http://[::1]:8000/a"
    assert normalise("HTTP://[2001:DB8::1]:80/") == "http://[2001:db8::1]/"
    assert check_start_url("http://[::1]:8000/") == "http://[::1]:8000/"
    assert resolve("http://[::1]:8000/a/", "../b.html") == ("http://[::1]:8000/b.html", None)
    assert same_site("http://[::1]:8000/b.html", "http://[::1]:8000/")
    assert not same_site("http://[::2]:8000/", "http://[::1]:8000/")
    # a broken bracketed host is refused with a message, or skipped as a link, never raised
    for broken in ("http://[::1/", "http://[zz]/"):
        with pytest.raises(InvalidURLError, match="not a valid name or address"):
            check_start_url(broken)
        assert resolve("http://example.org/", broken) == (None, "invalid url")


def _ipv6_loopback() -> str | None:
    """Why the machine cannot listen on ::1, or None when it can."""
    import socket

    if not socket.has_ipv6:
        return "Python was built without IPv6"
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
    except OSError as exc:
        return f"no IPv6 loopback on this machine ({exc})"
    return None


def test_a_site_on_an_ipv6_address_is_crawled(fast):
    from infolib import crawl_site
    from tests.sites import FixtureServer, html

    why = _ipv6_loopback()
    if why:
        pytest.skip(why)
    server = FixtureServer("::1")
    try:
        server.site.page("/", html("Home", links=["/about.html"]))
        server.site.page("/about.html", html("About"))
        result = crawl_site(server.site.url + "/", fast)
    finally:
        server.close()
    assert server.site.url.startswith("http://[::1]:")
    assert [p.title for p in result.pages] == ["Home", "About"]
    assert result.pages[1].url == server.site.url + "/about.html"
    assert not result.error
