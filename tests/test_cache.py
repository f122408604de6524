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
                                  progress=False, refresh=True)
    assert first.ok and second.ok
    assert first.crawl.requests > 20
    assert second.crawl.requests == 0
    assert all(p.from_cache for p in second.pages)
    # the server is gone now: the cache still answers
    third = research_company(site.url, "Energy storage", workbook=workbook, delay=0,
                             progress=False, refresh=True)
    assert third.ok and third.crawl.requests == 0
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
