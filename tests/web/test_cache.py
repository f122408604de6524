"""Re-running research is served from the on-disk cache: no request, and it works offline; a
refresh asks the site about each cached page and gets 304s, no bodies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from infolib import CrawlSettings, research_company
from infolib.demo.site import serve_demo


def test_second_run_is_served_from_the_cache_and_works_offline(workbook):
    with serve_demo(port=0) as site:
        first = research_company(site.url, "Energy storage", workbook=workbook, delay=0,
                                 progress=False)
        cached = research_company(site.url, "Energy storage", workbook=workbook, delay=0,
                                  progress=False, settings=CrawlSettings(max_depth=3))
        second = research_company(site.url, "Energy storage", workbook=workbook, delay=0,
                                  progress=False, refresh=True)
    assert first.ok and cached.ok and second.ok
    assert first.crawl.requests > 20
    # a new crawl within the day is answered by the cache: not one request
    assert cached.crawl.requests == 0 and all(p.from_cache for p in cached.pages)
    # a refresh asks about every page (a 304 each, the bodies from the cache)
    assert len(second.pages) <= second.crawl.requests <= first.crawl.requests
    assert all(p.from_cache for p in second.pages)
    # the server is gone now: a refresh finds no site, and the cache still answers
    third = research_company(site.url, "Energy storage", workbook=workbook, delay=0,
                             progress=False, refresh=True)
    assert third.ok and all(p.from_cache for p in third.pages)
    assert [p.url for p in third.pages] == [p.url for p in first.pages]
    # the demo sends gzip: the cache holds the decoded pages, read back the same
    assert [(p.title, p.text) for p in third.pages] == [(p.title, p.text) for p in first.pages]
    assert third.profile.value("name") == first.profile.value("name")
    # the time shown is when the page was fetched, not when the cache answered
    assert abs(third.pages[0].retrieved - first.pages[0].retrieved) < timedelta(seconds=2)


def test_rerun_reuses_stored_research_unless_limits_change_or_refresh(workbook):
    with serve_demo(port=0) as site:
        first = research_company(site.url, "Storage", workbook=workbook, delay=0,
                                 progress=False)
        again = research_company(site.url, "Storage", workbook=workbook, delay=0,
                                 progress=False)
        assert again.reused and again.crawl_id == first.crawl_id
        assert again.to_dict() == first.to_dict()
        assert "reused" in again.headline()
        smaller = research_company(site.url, "Storage", workbook=workbook, delay=0,
                                   max_pages=5, progress=False)
        assert not smaller.reused and len(smaller.pages) == 5
        other_field = research_company(site.url, "Batteries", workbook=workbook, delay=0,
                                       progress=False)
        assert not other_field.reused
    assert len(workbook.fields()) == 2


_CRAWL_WITH_CACHE = """
import sys
from pathlib import Path
from infolib import CrawlSettings, crawl_site
from infolib.errors import InfolibError
from infolib.web.fetch import Fetcher
try:
    with Fetcher(CrawlSettings(delay=0), cache_path=Path(sys.argv[2]) / "http.sqlite") as f:
        print("pages", len(crawl_site(sys.argv[1], fetcher=f).pages))
except InfolibError as exc:
    print(type(exc).__name__, exc)
"""


@pytest.mark.parametrize("free_bytes", [0, 4096, 20_000])
def test_a_full_disk_under_the_cache_is_said_plainly_not_a_hang_or_a_traceback(tmp_path, free_bytes):
    """D18: with no room for the cache file, requests-cache waited for ever for its write lock
    (4 or 20 kB free) or raised sqlite3's 'disk I/O error' (none free)."""
    import resource
    import subprocess
    import sys

    def full_disk():  # files cannot grow past free_bytes, as on a full disk (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (free_bytes, free_bytes))

    with serve_demo(port=0) as site:
        # the timeout only stops a hang from blocking the suite; the run takes about a second
        done = subprocess.run([sys.executable, "-c", _CRAWL_WITH_CACHE, site.url, str(tmp_path)],
                              capture_output=True, text=True, preexec_fn=full_disk, timeout=300)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.stdout.startswith("WriteError The disk holding the HTTP cache"), done.stdout
    assert "is full: nothing was written. Free some space and try again." in done.stdout


def test_crawls_opening_one_cache_at_once_never_trip_over_each_other(tmp_path):
    """Two notebooks (or the threads of research_companies) opening the same HTTP cache at the
    same moment each check it can be written; neither check may fail because of the other."""
    from concurrent.futures import ThreadPoolExecutor

    from infolib.web.fetch import check_cache_writable

    path = tmp_path / "http-cache.sqlite"

    def check_often(_n):
        for _ in range(40):
            check_cache_writable(path)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(check_often, range(4)))  # raises what a thread raised
    import sqlite3

    with sqlite3.connect(path) as conn:  # and the probe left nothing behind
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'infolib_probe'"
                            ).fetchone() == (0,)
