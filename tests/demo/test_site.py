"""The demo site answers like a production server (gzip, keep-alive, ETags and 304s), so the
demo and every test that researches it exercise what the crawler meets on the real web."""

from __future__ import annotations

import gzip
import http.client
from urllib.parse import urlsplit

import pytest

from infolib import crawl_site
from infolib.config import DEMO_SITE
from infolib.demo.site import serve_demo


@pytest.fixture(scope="module")
def demo():
    with serve_demo(port=0) as site:
        yield site


def connect(site) -> http.client.HTTPConnection:
    parts = urlsplit(site.url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)


def get(conn, path: str, **headers) -> tuple[http.client.HTTPResponse, bytes]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    return response, response.read()


def test_text_is_gzipped_when_asked_and_plain_otherwise(demo):
    conn = connect(demo)
    page, body = get(conn, "/about.html", **{"Accept-Encoding": "gzip, deflate"})
    assert page.status == 200 and page.getheader("Content-Encoding") == "gzip"
    assert page.getheader("Vary") == "Accept-Encoding"
    assert gzip.decompress(body) == (DEMO_SITE / "about.html").read_bytes()
    plain, body = get(conn, "/about.html")
    assert plain.getheader("Content-Encoding") is None
    assert body == (DEMO_SITE / "about.html").read_bytes()
    refused, _ = get(conn, "/about.html", **{"Accept-Encoding": "gzip;q=0"})
    assert refused.getheader("Content-Encoding") is None
    pdf, body = get(conn, "/reports/annual-report-2025.pdf", **{"Accept-Encoding": "gzip"})
    assert pdf.getheader("Content-Encoding") is None and body.startswith(b"%PDF")
    robots, body = get(conn, "/robots.txt", **{"Accept-Encoding": "gzip"})
    assert robots.getheader("Content-Encoding") == "gzip"
    assert b"__BASE__" not in gzip.decompress(body)
    conn.close()


def test_one_connection_serves_many_requests(demo):
    conn = connect(demo)
    for path in ("/", "/about.html", "/news/", "/missing.html"):
        response, _ = get(conn, path, **{"Accept-Encoding": "gzip"})
        assert response.version == 11 and not response.will_close
    conn.close()


def test_etag_and_last_modified_get_304s(demo):
    conn = connect(demo)
    page, body = get(conn, "/leadership.html", **{"Accept-Encoding": "gzip"})
    etag, modified = page.getheader("ETag"), page.getheader("Last-Modified")
    assert etag.startswith('W/"') and modified.endswith("GMT")
    again, body = get(conn, "/leadership.html", **{"If-None-Match": etag,
                                                    "Accept-Encoding": "gzip"})
    assert again.status == 304 and body == b"" and again.getheader("ETag") == etag
    since, _ = get(conn, "/leadership.html", **{"If-Modified-Since": modified})
    assert since.status == 304
    changed, _ = get(conn, "/leadership.html", **{"If-None-Match": '"something-else"'})
    assert changed.status == 200
    conn.close()


def test_folders_redirect_to_their_slash_and_missing_pages_are_404(demo):
    conn = connect(demo)
    folder, _ = get(conn, "/news")
    assert folder.status == 301 and folder.getheader("Location") == "/news/"
    missing, body = get(conn, "/nothing-here.html")
    assert missing.status == 404 and b"Not found" in body
    outside, _ = get(conn, "/../../pyproject.toml")
    assert outside.status == 404
    conn.close()


def test_the_demo_reads_the_same_served_compressed_or_plain(demo, fast):
    with serve_demo(port=0, compress=False) as plain:
        compressed_result = crawl_site(demo.url, fast)
        plain_result = crawl_site(plain.url, fast)

    def read(result, base):
        return [(p.url.replace(base, ""), p.title, p.text) for p in result.pages]

    assert len(compressed_result.pages) >= 15
    assert read(compressed_result, demo.url) == read(plain_result, plain.url)



def test_the_demo_site_moves_on_and_a_refresh_sees_exactly_what_changed(tmp_path):
    """A user who looks again with refresh after the site moved on gets the site as it is now
    (the cache revalidates instead of answering for the site), and the change list is exactly
    what the later version changed: a press release, a role filled, a new head of data, more
    staff."""
    from infolib import research_company
    from infolib.research.changes import changes

    with serve_demo(port=0) as site:
        research_company(site.url, "Demo", workbook=tmp_path, delay=0, progress=False)
        site.publish_update()
        again = research_company(site.url, "Demo", workbook=tmp_path, delay=0, progress=False)
        assert again.reused  # without refresh, today's research stands
        research_company(site.url, "Demo", workbook=tmp_path, delay=0, progress=False,
                         refresh=True)
    found = changes("Demo", workbook=tmp_path).organisations[0].changes
    kinds = sorted((c.label(), c.what) for c in found if c.kind != "page_changed")
    assert kinds == [
        ("employees", "160"),
        ("new page", "Larkspur Grid Systems opens a battery test centre in Lyon"),
        ("news", "2026-11-24 Larkspur Grid Systems opens a battery test centre in Lyon"),
        ("page gone", "Product Designer"),
        ("person appeared", "Aino Mäkelä-Brandt — Head of Data (Leadership team)"),
        ("role closed", "Product Designer"),
    ]
    changed = sorted(c.what for c in found if c.kind == "page_changed")
    assert changed == ["About us", "Careers", "Leadership", "News"]
    staff = next(c for c in found if c.kind == "fact_changed")
    assert (staff.before.value, staff.after.value) == ("140", "160")
