"""Hostile sites and URLs of every shape: servers that drop the connection or answer byte by
byte, and property-based rules for normalising, start addresses and link discovery."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

from hypothesis import given
from hypothesis import strategies as st

from infolib.errors import InvalidURLError
from infolib.web.crawl import crawl_site
from infolib.web.urls import check_start_url, normalise, resolve
from tests.sites import html
from tests.strategies import FAST

# --- servers that misbehave ----------------------------------------------------------------------

def skipped(result) -> dict[str, str]:
    return {urlsplit(s.url).path: s.reason for s in result.skipped}


def test_a_connection_dropped_half_way_is_skipped_and_the_crawl_goes_on(server, fast):
    def drop(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "50000")
        h.end_headers()
        h.wfile.write(b"<html><body><p>" + b"half a page " * 200)
        h.wfile.flush()
        h.connection.shutdown(socket.SHUT_RDWR)  # the server goes away mid-body

    server.route("/dropped.html", drop)
    server.page("/", html("Home", links=["/dropped.html", "/ok.html"]))
    server.page("/ok.html", html("Fine"))
    result = crawl_site(server.url + "/", fast.replace(retries=0))
    assert "/dropped.html" in skipped(result)
    assert "Fine" in {p.title for p in result.pages} and not result.error


def test_a_server_answering_byte_by_byte_is_cut_off_at_the_deadline(server, fast):
    def byte_by_byte(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        for byte in b"<html><body><p>" + b"x" * 5000:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(0.01)

    server.route("/slow.html", byte_by_byte)
    server.page("/", html("Home", links=["/slow.html", "/ok.html"]))
    server.page("/ok.html", html("Fine"))
    result = crawl_site(server.url + "/", fast.replace(total_timeout=1))
    assert skipped(result)["/slow.html"] == "timeout"
    assert "Fine" in {p.title for p in result.pages}


# --- URLs ------------------------------------------------------------------------------------------

url_parts = st.builds(
    lambda scheme, host, port, path, query, fragment: f"{scheme}://{host}{port}{path}{query}"
                                                      f"{fragment}",
    st.sampled_from(["http", "https", "HTTP", "Https"]),
    st.from_regex(r"[A-Za-z0-9]([A-Za-z0-9-]{0,10}[A-Za-z0-9])?(\.[A-Za-z]{2,6}){1,2}",
                  fullmatch=True),
    st.sampled_from(["", ":80", ":443", ":8080"]),
    st.from_regex(r"(/[A-Za-z0-9._~%-]{0,8}){0,5}/?", fullmatch=True),
    st.sampled_from(["", "?a=1&b=2", "?b=2&a=1", "?utm_source=x&q=3", "?q=%20x"]),
    st.sampled_from(["", "#top", "#"]))


@FAST
@given(url_parts)
def test_normalising_is_idempotent_and_keeps_the_page(url):
    once = normalise(url)
    assert normalise(once) == once
    parts = urlsplit(once)
    assert parts.scheme in ("http", "https") and not parts.fragment
    assert parts.hostname == urlsplit(url).hostname.lower()
    assert "utm_source" not in once and "//" not in parts.path


@FAST
@given(st.text(max_size=80))
def test_any_start_address_is_an_http_url_or_a_clear_refusal(text):
    try:
        url = check_start_url(text)
    except InvalidURLError as exc:
        assert "http" in str(exc)
    else:
        assert urlsplit(url).scheme in ("http", "https")


@FAST
@given(st.one_of(st.text(max_size=60), url_parts,
                 st.sampled_from(["javascript:alert(1)", "mailto:a@b.c", "tel:123",
                                  "data:text/html,<script>", " JavaScript:x", "file:///etc/x",
                                  "//other.example/x", "../../up", "#frag", "?q=1"])))
def test_link_discovery_only_ever_yields_http_urls(href):
    url, problem = resolve("https://example.org/a/b.html", href)
    if url is not None:
        assert urlsplit(url).scheme in ("http", "https") and problem is None
    else:
        assert problem in (None, "non-http", "invalid url")
