"""Re-running research is served from the on-disk cache: no request, and it works offline."""

from __future__ import annotations

from datetime import timedelta

from infolib import research_company
from infolib.demo import serve_demo


def test_second_run_is_served_from_the_cache_and_works_offline(workbook):
    with serve_demo(port=0) as site:
        first = research_company(site.url, "Energy storage", workbook=workbook, delay=0,
                                 progress=False)
        second = research_company(site.url, "Energy storage", workbook=workbook, delay=0,
                                  progress=False)
    assert first.ok and second.ok
    assert first.crawl.requests > 20
    assert second.crawl.requests == 0
    assert all(p.from_cache for p in second.pages)
    # the server is gone now: the cache still answers
    third = research_company(site.url, "Energy storage", workbook=workbook, delay=0,
                             progress=False)
    assert third.ok and third.crawl.requests == 0
    assert [p.url for p in third.pages] == [p.url for p in first.pages]
    assert third.profile.value("name") == first.profile.value("name")
    # the time shown is when the page was fetched, not when the cache answered
    assert abs(third.pages[0].retrieved - first.pages[0].retrieved) < timedelta(seconds=2)
