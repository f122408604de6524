"""Bad input and misbehaving sites: each gets a clear message or a recorded skip, and the
crawl goes on to the pages it can read."""

from __future__ import annotations

import time

import pytest

from infolib import InvalidURLError, crawl_site
from infolib.web.fetch import Fetcher
from tests.sites import closed_port, html, respond


def skipped(result) -> dict[str, str]:
    return {s.url.replace(result.start_url.rstrip("/"), ""): s.reason for s in result.skipped}


@pytest.mark.parametrize("url, why", [
    ("file:///etc/passwd", "file: scheme"),
    ("javascript:alert(1)", "javascript: scheme"),
    ("mailto:someone@example.org", "mailto: scheme"),
    ("ftp://example.org/", "ftp: scheme"),
    ("example.org", "no scheme"),
    ("", "empty"),
    ("http://", "no host"),
    ("http://example.org:99999/", "port"),
])
def test_invalid_start_urls_are_refused_with_a_message_that_says_how_to_fix(url, why):
    with pytest.raises(InvalidURLError) as err:
        crawl_site(url)
    assert why in str(err.value)
    assert "http://" in str(err.value) and "https://" in str(err.value)


def test_unreachable_host_gives_a_clear_error_not_an_exception(fast):
    result = crawl_site(f"http://127.0.0.1:{closed_port()}/", fast)
    assert result.pages == []
    assert "could not connect" in result.error.lower()
    assert result.skipped[0].reason == "unreachable"


def test_robots_disallowing_everything_stops_before_any_page(server, fast):
    server.page("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    server.page("/", html("Home"))
    result = crawl_site(server.url + "/", fast)
    assert result.pages == []
    assert "does not allow crawling" in result.error
    assert server.paths() == ["/robots.txt"]


def test_robots_4xx_allows_and_5xx_disallows(server, fast):
    server.page("/", html("Home"))
    result = crawl_site(server.url + "/", fast)  # no robots.txt: 404
    assert [p.title for p in result.pages] == ["Home"]
    assert "all allowed" in result.robots

    server.page("/robots.txt", "oops", status=503, content_type="text/plain")
    result = crawl_site(server.url + "/", fast.replace(retries=0))
    assert result.pages == []
    assert "all disallowed" in result.error


def test_non_http_links_offsite_links_and_robots_exclusions_are_recorded(server, fast):
    server.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.page("/", html("Home", links=["mailto:a@b.example", "javascript:void(0)",
                                         "tel:+441234", "https://elsewhere.example/x",
                                         "/private/secret.html", "/about.html"]))
    server.page("/about.html", html("About"))
    result = crawl_site(server.url + "/", fast)
    reasons = skipped(result)
    assert reasons["mailto:a@b.example"] == "non-http"
    assert reasons["javascript:void(0)"] == "non-http"
    assert reasons["tel:+441234"] == "non-http"
    assert reasons["https://elsewhere.example/x"] == "off-site"
    assert reasons["/private/secret.html"] == "robots"
    assert "/private/secret.html" not in server.paths()
    assert {p.title for p in result.pages} == {"Home", "About"}


def test_redirect_loop_is_skipped_and_crawl_goes_on(server, fast):
    server.page("/", html("Home", links=["/loop-a", "/ok.html"]))
    server.page("/loop-a", "", status=302, headers={"Location": "/loop-b"})
    server.page("/loop-b", "", status=302, headers={"Location": "/loop-a"})
    server.page("/ok.html", html("Fine"))
    result = crawl_site(server.url + "/", fast)
    assert skipped(result)["/loop-a"] == "redirect loop"
    assert "Fine" in {p.title for p in result.pages}


def test_redirect_off_site_is_not_followed(server, fast):
    server.page("/", html("Home", links=["/out"]))
    server.page("/out", "", status=301, headers={"Location": "https://elsewhere.example/"})
    result = crawl_site(server.url + "/", fast)
    assert skipped(result)["/out"] == "off-site"


def test_endless_pagination_and_calendars_are_cut_off(server, fast):
    def listing(h):
        n = int(h.path.split("page=")[1]) if "page=" in h.path else 1
        respond(h, html(f"List {n}", links=[f"/list?page={n + 1}"]))

    def calendar(h):
        year, month = map(int, h.path.strip("/").split("/")[1:3])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        respond(h, html("Events", links=[f"/calendar/{year}/{month:02d}/"]))

    server.route("/list", listing)
    for year in range(2020, 2040):
        for month in range(1, 13):
            server.route(f"/calendar/{year}/{month:02d}/", calendar)
    server.page("/", html("Home", links=["/list?page=1", "/calendar/2024/01/"]))
    result = crawl_site(server.url + "/", fast.replace(max_pages=200, max_depth=100))
    reasons = set(skipped(result).values())
    assert "trap: pagination" in reasons
    assert "trap: calendar" in reasons
    assert len(result.pages) < 60  # bounded, though the site never ends


def test_page_that_never_finishes_is_skipped_at_the_deadline(server, fast):
    def trickle(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        h.wfile.write(b"<html><body><p>")
        for _ in range(600):
            h.wfile.write(b"still going ")
            h.wfile.flush()
            time.sleep(0.05)

    server.route("/slow.html", trickle)
    server.page("/", html("Home", links=["/slow.html", "/ok.html"]))
    server.page("/ok.html", html("Fine"))
    result = crawl_site(server.url + "/", fast.replace(total_timeout=1))
    assert skipped(result)["/slow.html"] == "timeout"
    assert "Fine" in {p.title for p in result.pages}


def test_silent_server_hits_the_read_timeout(server, fast):
    def silent(h):
        time.sleep(3)

    server.route("/silent.html", silent)
    server.page("/", html("Home", links=["/silent.html"]))
    result = crawl_site(server.url + "/", fast.replace(read_timeout=0.5, retries=0))
    assert skipped(result)["/silent.html"] == "timeout"


def test_30_mb_pages_are_refused_with_and_without_content_length(server, fast):
    def huge_streamed(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        for _ in range(30 * 16):  # 30 MB
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        h.wfile.write(b"0\r\n\r\n")

    def huge_declared(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(30 * 1024 * 1024))
        h.end_headers()
        h.wfile.write(b"<html>" + b"y" * 1024 * 1024)

    server.route("/huge.html", huge_streamed)
    server.route("/declared.html", huge_declared)
    server.page("/", html("Home", links=["/huge.html", "/declared.html", "/ok.html"]))
    server.page("/ok.html", html("Fine"))
    result = crawl_site(server.url + "/", fast.replace(total_timeout=30))
    reasons = skipped(result)
    assert reasons["/huge.html"] == "too large"
    assert reasons["/declared.html"] == "too large"
    assert "Fine" in {p.title for p in result.pages}


def test_binary_content_is_skipped_even_when_mislabelled(server, fast):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    server.page("/logo.png", png, content_type="image/png")
    server.page("/fake.html", png, content_type="text/html")
    server.page("/blob", png, content_type="application/octet-stream")
    server.page("/", html("Home", links=["/logo.png", "/fake.html", "/blob"]))
    result = crawl_site(server.url + "/", fast)
    reasons = skipped(result)
    assert reasons["/logo.png"] == "unsupported type"
    assert reasons["/fake.html"] == "unsupported type"
    assert reasons["/blob"] == "unsupported type"


def test_malformed_html_is_still_read(server, fast):
    broken = ("<html><head><title>Broken <b>page</title><body><div><p>Unclosed paragraph "
              "with enough words to count as real content for the extractor to keep<div>"
              "<table><tr><td>cell<p>More text in a stray cell that also has several words "
              "</body></html></html><<<>>> &bogus; </p")
    server.page("/", broken)
    result = crawl_site(server.url + "/", fast)
    assert len(result.pages) == 1
    assert "Unclosed paragraph" in result.pages[0].text


def test_empty_page_is_recorded_not_fatal(server, fast):
    server.page("/", html("Home", links=["/empty.html"]))
    server.page("/empty.html", "")
    result = crawl_site(server.url + "/", fast)
    assert [p.title for p in result.pages] == ["Home"]
    assert skipped(result)["/empty.html"] == "unreadable"


@pytest.mark.parametrize("content_type, body, meta", [
    ("text/html; charset=utf-8", "Café crème à Genève".encode("cp1252"), ""),  # wrong header
    ("text/html", "Café crème à Genève".encode("iso-8859-1"), '<meta charset="iso-8859-1">'),
    ("text/html", "Café crème à Genève".encode("cp1252"), ""),  # no charset anywhere
    ("text/html; charset=windows-1251", "Кафе у моря".encode("cp1251"), ""),
    ("text/html", "\ufeffCafé crème à Genève".encode("utf-8"), ""),  # BOM, no charset
])
def test_wrong_or_missing_charset_is_decoded_correctly(server, fast, content_type, body, meta):
    words = body.decode("utf-8-sig") if body.startswith(b"\xef\xbb\xbf") else None
    page = (f"<html><head>{meta}<title>T</title></head><body><main><p>".encode("ascii") + body
            + b" is where the team meets on Fridays to plan the next quarter of work.</p>"
            b"</main></body></html>")
    server.page("/", page, content_type=content_type)
    result = crawl_site(server.url + "/", fast)
    text = result.pages[0].text
    expected = words.lstrip("\ufeff") if words else ("Кафе у моря" if "1251" in content_type
                                                     else "Café crème à Genève")
    assert expected in text


def test_http_errors_are_recorded_with_their_status(server, fast):
    server.page("/", html("Home", links=["/gone.html", "/broken.html", "/ok.html"]))
    server.page("/gone.html", "gone", status=410, content_type="text/plain")
    server.page("/broken.html", "boom", status=500, content_type="text/plain")
    server.page("/ok.html", html("Fine"))
    result = crawl_site(server.url + "/", fast)
    reasons = skipped(result)
    assert reasons["/gone.html"] == "HTTP 410"
    assert reasons["/broken.html"] == "HTTP 500"
    assert server.paths().count("/broken.html") == 3  # one try and two retries, no more


def test_duplicate_spellings_are_fetched_once(server, fast):
    server.page("/", html("Home", links=["/a.html", "/a.html?utm_source=x", "/a.html#top",
                                         "//127.0.0.1:" + server.url.rsplit(":", 1)[1]
                                         + "/a.html", "/./a.html"]))
    server.page("/a.html", html("A"))
    result = crawl_site(server.url + "/", fast)
    assert server.paths().count("/a.html") == 1
    assert [p.title for p in result.pages] == ["Home", "A"]


def test_one_url_fetch_raises_a_typed_error_naming_the_url(server, fast):
    from infolib import FetchError

    with Fetcher(fast) as fetcher, pytest.raises(FetchError) as err:
        fetcher.fetch(server.url + "/missing.html")
    assert err.value.reason == "HTTP 404"
    assert "/missing.html" in str(err.value)
