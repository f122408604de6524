"""Done when (issue 11): the dev sites served compressed are researched as fully as served plain.

Real organisations' sites from ``../shared/realsites`` are served by its production-like
``serve.py`` (gzip when asked, keep-alive, ETags and 304s), once with gzip and once with
``--no-gzip``, and crawled with the default page budget: the same pages, the same text.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

import pytest

from infolib import CrawlSettings, crawl_site
from tests import realsites
from tests.realsites import served

#: Quick to crawl, and between them: PDFs and job pages (bravo-lt), redirect stubs (cryspen),
#: a sitemap index declared on the production domain (quansight-labs).
SITES = ["bravo-lt", "cryspen", "quansight-labs"]
pytestmark = pytest.mark.slow  # real sites served twice each, crawled in full


def content_encoding(url: str) -> str | None:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        return response.headers.get("Content-Encoding")


def research(url: str) -> tuple[list, set]:
    result = crawl_site(url, CrawlSettings(delay=0))
    assert not result.error

    def path(u: str) -> str:
        return urlsplit(u).path + (f"?{urlsplit(u).query}" if urlsplit(u).query else "")

    pages = [(path(p.url), p.kind, p.title, p.text, p.description) for p in result.pages]
    skipped = {(path(s.url) if s.url.startswith(url) else s.url, s.reason)
               for s in result.skipped}
    return pages, skipped


@pytest.mark.parametrize("name", SITES)
def test_a_dev_site_served_compressed_is_researched_as_fully_as_plain(name):
    realsites.require()
    with served(name, gzip=True) as url:
        assert content_encoding(url) == "gzip"
        compressed, compressed_skips = research(url)
    with served(name, gzip=False) as url:
        assert content_encoding(url) is None
        plain, plain_skips = research(url)
    # the whole default budget was spent, most of it on pages (the rest on sitemaps,
    # redirects and links to files the snapshot lacks)
    assert any(reason == "page budget" for _, reason in plain_skips)
    assert len(plain) >= CrawlSettings().max_pages * 3 // 4
    assert sum(len(text) for *_, text, _ in plain) > 20_000
    assert compressed == plain
    assert compressed_skips == plain_skips
