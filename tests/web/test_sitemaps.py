"""Sitemaps as real sites publish them: indexes of child sitemaps, ``.xml.gz`` files, sitemaps
under the site's own path, and more URLs than a crawl takes (issue 11, D8)."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest

from infolib import crawl_site
from infolib.web.crawl import MAX_SITEMAP_URLS, MAX_SITEMAPS
from tests.sites import html, sitemap_index, urlset


def reasons(result) -> dict[str, str]:
    return {urlsplit(s.url).path: s.reason for s in result.skipped}


def titles(result) -> set[str]:
    return {p.title for p in result.pages}


@pytest.mark.parametrize("content_type", ["application/x-gzip", "application/gzip",
                                          "application/octet-stream"])
def test_child_sitemaps_of_an_index_are_followed_gzipped_or_not(server, fast, content_type):
    base = server.url
    server.page("/robots.txt", f"User-agent: *\nSitemap: {base}/sitemap_index.xml\n",
                content_type="text/plain")
    server.page("/", html("Home"))
    server.page("/sitemap_index.xml", sitemap_index(f"{base}/sitemap-pages.xml",
                                            f"{base}/sitemap-news.xml.gz"),
                content_type="application/xml")
    server.page("/sitemap-pages.xml", urlset(f"{base}/about.html"),
                content_type="application/xml")
    # a gzip file, not a gzip-encoded response: sent as it is on disk
    server.page("/sitemap-news.xml.gz", gzip.compress(urlset(f"{base}/news/big.html").encode()),
                content_type=content_type)
    server.page("/about.html", html("About us"))
    server.page("/news/big.html", html("Big news"))
    result = crawl_site(base + "/", fast)
    assert titles(result) == {"Home", "About us", "Big news"}
    assert not any(s.url.endswith(".xml.gz") for s in result.skipped)


def test_a_gzipped_sitemap_that_inflates_past_the_cap_is_skipped_as_too_large(server, fast):
    base = server.url
    server.page("/robots.txt", f"User-agent: *\nSitemap: {base}/sitemap.xml.gz\n"
                               f"Sitemap: {base}/sitemap-2.xml\n", content_type="text/plain")
    server.page("/", html("Home"))
    bomb = gzip.compress(urlset(f"{base}/about.html").encode()[:-10] + b" " * 50_000_000)
    server.page("/sitemap.xml.gz", bomb, content_type="application/x-gzip")
    server.page("/sitemap-2.xml", urlset(f"{base}/team.html"), content_type="application/xml")
    server.page("/team.html", html("Team"))
    result = crawl_site(base + "/", fast)
    assert reasons(result)["/sitemap.xml.gz"] == "too large"
    assert "once decompressed" in next(s.detail for s in result.skipped
                                       if s.url.endswith(".xml.gz"))
    assert titles(result) == {"Home", "Team"}


def test_a_gzip_file_is_not_read_as_a_page(server, fast):
    server.page("/", html("Home", links=["/archive.tar.gz"]))
    server.page("/archive.tar.gz", gzip.compress(b"<html>not a page</html>"),
                content_type="application/gzip")
    result = crawl_site(server.url + "/", fast)
    assert reasons(result)["/archive.tar.gz"] == "unsupported type"


def test_sitemaps_are_bounded_and_what_they_leave_out_is_recorded(server, fast):
    base = server.url
    children = [f"{base}/sitemap-{i}.xml" for i in range(MAX_SITEMAPS + 3)]
    server.page("/robots.txt", f"User-agent: *\nSitemap: {base}/sitemap_index.xml\n",
                content_type="text/plain")
    server.page("/sitemap_index.xml", sitemap_index(*children, f"{base}/sitemap_index.xml"),
                content_type="application/xml")  # and itself: no loop
    many = [f"{base}/item-{i}.html" for i in range(MAX_SITEMAP_URLS + 25)]
    server.page("/sitemap-0.xml", urlset(*many), content_type="application/xml")
    for i in range(1, len(children)):
        server.page(f"/sitemap-{i}.xml", urlset(f"{base}/extra-{i}.html"),
                    content_type="application/xml")
    server.page("/", html("Home"))
    # enough budget for every sitemap read (all but the first cost a request of the budget)
    result = crawl_site(base + "/", fast.replace(max_pages=MAX_SITEMAPS + 2))
    assert server.paths().count("/sitemap_index.xml") == 1
    fetched = [p for p in server.paths() if p.startswith("/sitemap")]
    assert "/sitemap.xml" in fetched  # the root one is tried beside the declared ones
    assert len(fetched) == MAX_SITEMAPS + 1  # a guess that is not there is not counted
    why = reasons(result)
    left_out = [p for p, r in why.items() if r == "sitemap limit"]
    assert sorted(p for p in left_out if p.startswith("/sitemap")) == sorted(
        urlsplit(c).path for c in children[MAX_SITEMAPS - 1:])
    assert [p for p in left_out if p.startswith("/item")] == [
        urlsplit(u).path for u in many[MAX_SITEMAP_URLS:]]
    detail = next(s.detail for s in result.skipped if s.url == many[-1])
    assert str(MAX_SITEMAP_URLS) in detail
    # taken, then past the page budget (which the sitemaps beyond the first used up)
    assert "page budget" in {why.get(urlsplit(u).path) for u in many[:MAX_SITEMAP_URLS]}


def test_a_site_under_a_path_has_its_sitemap_read_there(server, fast):
    base = server.url
    server.page("/org/", html("Home"))
    server.page("/org/sitemap.xml", urlset(f"{base}/org/hidden.html"),
                content_type="application/xml")
    server.page("/org/hidden.html", html("Hidden"))
    result = crawl_site(base + "/org/", fast)
    assert titles(result) == {"Home", "Hidden"}
    assert "/sitemap.xml" in server.paths()  # the root one was tried first
    assert not any(s.url.endswith("sitemap.xml") for s in result.skipped)  # 404s of guesses


def test_sitemaps_on_another_site_are_not_fetched(server, fast):
    base = server.url
    server.page("/robots.txt", "User-agent: *\nSitemap: https://elsewhere.example/sitemap.xml\n"
                               f"Sitemap: {base}/sitemap_index.xml\n", content_type="text/plain")
    server.page("/sitemap_index.xml", sitemap_index("https://cdn.elsewhere.example/sitemap-2.xml",
                                            f"{base}/sitemap-1.xml"),
                content_type="application/xml")
    server.page("/sitemap-1.xml", urlset(f"{base}/about.html"), content_type="application/xml")
    server.page("/", html("Home"))
    server.page("/about.html", html("About"))
    result = crawl_site(base + "/", fast)
    assert titles(result) == {"Home", "About"}
    off = {s.url: (s.reason, s.found_on) for s in result.skipped if "elsewhere" in s.url}
    assert off == {"https://elsewhere.example/sitemap.xml": ("off-site", "robots.txt"),
                   "https://cdn.elsewhere.example/sitemap-2.xml": ("off-site",
                                                                   f"{base}/sitemap_index.xml")}
