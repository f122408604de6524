"""What real web servers send: gzip and deflate bodies, chunked framing, keep-alive, ETags and
304s (issue 11, D1 and D2). The fixture server answers as nginx does (tests/sites.py)."""

from __future__ import annotations

import gzip
import html as html_lib
import itertools
import time
import tracemalloc
import zlib
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infolib import CrawlSettings, crawl_site
from infolib.web.fetch import Fetcher
from tests.sites import FixtureServer, html, respond

TEXT = ("Larkspur Grid Systems builds battery storage for regional networks. Its engineers "
        "design, install and run each site, and its control room watches them day and night.")


def skipped(result) -> dict[str, str]:
    return {urlsplit(s.url).path: s.reason for s in result.skipped}


def hit(server, path):
    return next(h for h in server.hits if h.path == path)


def test_the_crawler_asks_only_for_the_codings_it_decodes(server, fast):
    server.page("/", html("Home"))
    crawl_site(server.url + "/", fast)
    assert {h.headers.get("Accept-Encoding") for h in server.hits} == {"gzip, deflate"}


@pytest.mark.parametrize("encoding, chunked, sent", [
    ("auto", None, "gzip"),  # gzip, chunked: nginx compressing on the fly
    ("gzip", False, "gzip"),  # gzip with a Content-Length
    ("deflate", None, "deflate"),
    ("deflate-raw", True, "deflate"),  # headerless deflate, as some servers send it
    ("identity", True, ""),  # plain, chunked
    ("identity", False, ""),  # plain, with a Content-Length: the one route never compressed
])
def test_compressed_and_chunked_pages_are_read_like_plain_ones(server, fast, encoding, chunked,
                                                                sent):
    server.page("/", html("Home", TEXT), encoding=encoding, chunked=chunked)
    result = crawl_site(server.url + "/", fast)
    home = hit(server, "/")
    assert (home.encoding, home.chunked) == (sent, chunked if chunked is not None else bool(sent))
    assert [p.title for p in result.pages] == ["Home"]
    assert TEXT in result.pages[0].text
    assert not result.error


def test_a_gzip_bomb_is_cut_at_the_cap_without_inflating_it(server, fast):
    """2 MB on the wire that inflate to 2 GB: skipped as too large, and memory stays small."""
    member = gzip.compress(b"<html><body><p>" + b" " * (64 * 1024 * 1024), compresslevel=9)
    bomb = member * 32  # a gzip body may hold several members: 32 x 64 MB

    def send_bomb(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(bomb)))
        h.end_headers()
        h.wfile.write(bomb)

    server.route("/bomb.html", send_bomb)
    server.page("/", html("Home", links=["/bomb.html", "/ok.html"]))
    server.page("/ok.html", html("Fine"))
    assert len(bomb) < 3_000_000 < fast.max_bytes  # small on the wire, under the cap
    tracemalloc.start()
    try:
        result = crawl_site(server.url + "/", fast.replace(total_timeout=30))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    reasons = skipped(result)
    assert reasons["/bomb.html"] == "too large"
    detail = next(s.detail for s in result.skipped if s.url.endswith("/bomb.html"))
    assert "once decompressed" in detail and "5,000,000-byte cap" in detail
    assert "Fine" in {p.title for p in result.pages}
    assert peak < 60_000_000  # the cap and some change, never the 2 GB


def test_the_cap_applies_to_the_decoded_body_not_the_wire(server, fast):
    big = html("Big", "word " * 40_000)  # 200 KB of text, a few KB gzipped
    server.page("/", html("Home", links=["/big.html"]))
    server.page("/big.html", big)
    result = crawl_site(server.url + "/", fast.replace(max_bytes=100_000))
    assert hit(server, "/big.html").encoding == "gzip"
    assert skipped(result)["/big.html"] == "too large"
    result = crawl_site(server.url + "/", fast.replace(max_bytes=300_000))
    assert "Big" in {p.title for p in result.pages}


def test_a_compressed_page_that_never_finishes_meets_the_deadline(server, fast):
    packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)

    def trickle(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        for _ in range(600):
            piece = packer.compress(b"<p>still going</p>") + packer.flush(zlib.Z_SYNC_FLUSH)
            h.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            h.wfile.flush()
            time.sleep(0.05)

    server.route("/slow.html", trickle)
    server.page("/", html("Home", links=["/slow.html", "/ok.html"]))
    server.page("/ok.html", html("Fine"))
    result = crawl_site(server.url + "/", fast.replace(total_timeout=1))
    assert skipped(result)["/slow.html"] == "timeout"
    assert "Fine" in {p.title for p in result.pages}


def test_damaged_or_unasked_for_encodings_are_skipped_with_the_reason(server, fast):
    def sent_as(coding: str, body: bytes):
        return lambda h: respond(h, body, headers={"Content-Encoding": coding},
                                 encoding="identity")

    page = html("Brotli", TEXT).encode()
    server.route("/br.html", sent_as("br", page))
    server.route("/broken.html", sent_as("gzip", b"\x1f\x8b\x08\x00 this is not gzip at all"))
    server.route("/cut.html", sent_as("gzip", gzip.compress(page)[:-40]))
    server.page("/", html("Home", links=["/br.html", "/broken.html", "/cut.html", "/ok.html"]))
    server.page("/ok.html", html("Fine"))
    result = crawl_site(server.url + "/", fast)
    reasons = skipped(result)
    assert reasons["/br.html"] == "unsupported type"
    assert reasons["/broken.html"] == "unreadable"
    assert reasons["/cut.html"] == "unreadable"
    details = {urlsplit(s.url).path: s.detail for s in result.skipped}
    assert "Content-Encoding 'br'" in details["/br.html"]
    assert "damaged" in details["/broken.html"] and "ends early" in details["/cut.html"]
    assert "Fine" in {p.title for p in result.pages}


def test_a_gzip_encoded_robots_txt_is_obeyed(server, fast):
    server.page("/robots.txt", "User-agent: *\nDisallow: /private/\n",
                content_type="text/plain")
    server.page("/", html("Home", links=["/private/secret.html", "/about.html"]))
    server.page("/private/secret.html", html("Secret"))
    server.page("/about.html", html("About"))
    result = crawl_site(server.url + "/", fast)
    assert hit(server, "/robots.txt").encoding == "gzip"
    assert result.robots == "parsed"
    assert skipped(result)["/private/secret.html"] == "robots"
    assert "/private/secret.html" not in server.paths()
    assert {p.title for p in result.pages} == {"Home", "About"}


def test_connections_are_kept_alive_across_compressed_and_chunked_pages(server, fast):
    server.page("/", html("Home", links=["/a.html", "/b.html", "/c.html"]))
    server.page("/a.html", html("A"))
    server.page("/b.html", html("B"), encoding="identity")
    server.page("/c.html", html("C"), chunked=False)
    result = crawl_site(server.url + "/", fast)
    assert len(result.pages) == 4
    assert len(server.hits) >= 6 and len({h.client for h in server.hits}) == 1


# --- the on-disk cache ---------------------------------------------------------------------------

def test_the_cache_keeps_the_decoded_body_and_rereads_it_identically(server, fast, tmp_path):
    server.page("/", html("Home", TEXT))
    cache = tmp_path / "cache.sqlite"
    with Fetcher(fast, cache_path=cache) as fetcher:
        first = fetcher.fetch(server.url + "/")
        again = fetcher.fetch(server.url + "/")
    with Fetcher(fast, cache_path=cache) as fetcher:  # a new process would read it from disk
        reread = fetcher.fetch(server.url + "/")
    assert hit(server, "/").encoding == "gzip"
    assert server.paths().count("/") == 1
    assert not first.from_cache and again.from_cache and reread.from_cache
    assert first.body == again.body == reread.body == html("Home", TEXT).encode()
    for fetched in (first, again, reread):
        assert "Content-Encoding" not in fetched.headers
        assert fetched.headers.get("Content-Length", str(len(fetched.body))) == \
            str(len(fetched.body))
    assert again.headers == reread.headers


def test_a_stale_cached_page_is_revalidated_with_its_etag(server, fast, tmp_path):
    server.page("/", html("Home", TEXT))
    cache = tmp_path / "cache.sqlite"
    with Fetcher(fast.replace(cache_expiry=0), cache_path=cache) as fetcher:
        first = fetcher.fetch(server.url + "/")
        second = fetcher.fetch(server.url + "/")
        third = fetcher.fetch(server.url + "/")
    ask, answer = server.hits[-1].headers, server.hits[-1]
    assert server.paths().count("/") == 3
    assert ask.get("If-None-Match") == first.headers["ETag"]
    assert ask.get("If-Modified-Since") == first.headers["Last-Modified"]
    assert answer.status == 304
    assert first.body == second.body == third.body == html("Home", TEXT).encode()
    assert "Content-Encoding" not in third.headers


# --- the same page, however it is sent ----------------------------------------------------------

_SERVED = {"gzip": dict(encoding="gzip"), "deflate": dict(encoding="deflate"),
           "plain": dict(encoding="identity", chunked=False),
           "chunked": dict(encoding="identity", chunked=True)}
_example = itertools.count()


@pytest.fixture(scope="module")
def shared_server():
    srv = FixtureServer()
    yield srv.site
    srv.close()


words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1,
                max_size=400)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=words, paragraphs=st.lists(words, min_size=1, max_size=6))
def test_the_text_read_never_depends_on_how_the_server_sent_it(shared_server, title, paragraphs):
    n = next(_example)
    body = "".join(f"<p>{html_lib.escape(p)}</p>" for p in paragraphs)
    page = (f"<!doctype html><html><head><title>{html_lib.escape(title)}</title></head>"
            f"<body><main>{body}</main></body></html>")
    seen = {}
    for name, how in _SERVED.items():
        path = f"/{n}/{name}.html"
        shared_server.page(path, page, **how)
        result = crawl_site(shared_server.url + path,
                            CrawlSettings(delay=0, max_pages=1, total_timeout=10))
        seen[name] = ([(p.title, p.text) for p in result.pages],
                      [s.reason for s in result.skipped if s.url.endswith(path)])
        assert hit(shared_server, path).encoding == {"gzip": "gzip", "deflate": "deflate"}.get(
            name, "")
    assert seen["gzip"] == seen["deflate"] == seen["plain"] == seen["chunked"]


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=5000) | st.text(max_size=3000).map(str.encode),
       coding=st.sampled_from(["gzip", "deflate", "deflate-raw", "gzip-members"]),
       cuts=st.lists(st.integers(min_value=1, max_value=700), max_size=30))
def test_the_decoder_gives_back_the_body_however_it_is_cut(data, coding, cuts):
    from infolib.web.fetch import Inflater
    from tests.sites import compress

    if coding == "gzip-members":  # a gzip body may hold several members
        body = compress(data[: len(data) // 2], "gzip") + compress(data[len(data) // 2:], "gzip")
    else:
        body = compress(data, coding)
    inflater = Inflater("deflate" if coding == "deflate-raw" else coding.split("-")[0])
    out, at = b"", 0
    for cut in [*cuts, len(body)]:
        out += inflater.decode(body[at:at + cut], 10**9)
        at += cut
    assert out == data and inflater.complete
    capped = Inflater("deflate" if coding == "deflate-raw" else coding.split("-")[0])
    assert capped.decode(body, 10) == data[:10]  # never more than asked for


def test_a_piece_that_ends_inside_the_next_gzip_members_magic_loses_nothing():
    """Found by the property above: a gzip body of two members read in pieces, one piece
    ending one byte into the second member's two-byte magic, lost the second member."""
    from infolib.web.fetch import Inflater
    from tests.sites import compress

    first, second = b"The first member's text. " * 3, b"And the second member's text."
    body = compress(first, "gzip") + compress(second, "gzip")
    cut = len(compress(first, "gzip")) + 1
    inflater = Inflater("gzip")
    out = inflater.decode(body[:cut], 10**9) + inflater.decode(body[cut:], 10**9)
    assert out == first + second and inflater.complete
