"""The crawler is a good guest: it names itself, waits, honours robots.txt and Retry-After."""

from __future__ import annotations

import re

import pytest

from infolib import CrawlSettings, crawl_site
from infolib.errors import ConfigError
from infolib.web.fetch import Fetcher
from tests.sites import html, respond


def gaps(hits) -> list[float]:
    return [b.at - a.at for a, b in zip(hits, hits[1:], strict=False)]


def small_site(server, n=4):
    server.page("/", html("Home", links=[f"/p{i}.html" for i in range(n)]))
    for i in range(n):
        server.page(f"/p{i}.html", html(f"Page {i}"))


def test_user_agent_names_infolib_its_version_and_address(server, fast):
    small_site(server, 1)
    crawl_site(server.url + "/", fast)
    agents = {h.user_agent for h in server.hits}
    assert len(agents) == 1
    assert re.fullmatch(r"infolib/\d+\.\d+\.\d+ \(\+https://\S+\)", agents.pop())


def test_requests_are_spaced_by_at_least_the_delay(server):
    small_site(server)
    crawl_site(server.url + "/", CrawlSettings(delay=0.3))
    assert len(server.hits) >= 6  # robots, home, sitemap, four pages
    assert min(gaps(server.hits)) >= 0.3


def test_default_settings_are_polite():
    s = CrawlSettings()
    assert s.delay >= 1 and s.jitter[0] >= 1 and s.retries == 2 and s.respect_robots
    # the jitter never shortens the delay, and adds at most a tenth: a 40-page crawl at the
    # default delay takes close to 40 s, not 50
    assert s.jitter[1] <= 1.1
    assert s.max_pages == 40


def test_crawl_delay_is_honoured_up_to_the_cap(server):
    small_site(server, 2)
    server.page("/robots.txt", "User-agent: *\nCrawl-delay: 0.4\n", content_type="text/plain")
    crawl_site(server.url + "/", CrawlSettings(delay=0))
    after_robots = server.hits[1:]
    assert min(gaps(after_robots)) >= 0.4

    with Fetcher(CrawlSettings(delay=0, crawl_delay_cap=2)) as fetcher:
        server.page("/robots.txt", "User-agent: *\nCrawl-delay: 3600\n", content_type="text/plain")
        fetcher.robots(server.url + "/")
        assert fetcher.adapter.delay_for(server.url.split("//")[1]) == 2


def test_requests_to_one_host_are_never_concurrent(server):
    import threading
    import time

    active, peak = [0], [0]
    lock = threading.Lock()

    def slow(h):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.1)
        respond(h, html("Slow"))
        with lock:
            active[0] -= 1

    server.route("/slow.html", slow)
    with Fetcher(CrawlSettings(delay=0)) as fetcher:
        threads = [threading.Thread(target=fetcher.fetch, args=(server.url + "/slow.html",))
                   for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert peak[0] == 1
    assert server.paths().count("/slow.html") == 4


def test_429_is_retried_after_the_time_the_server_asks(server, fast):
    calls = []

    def limited(h):
        calls.append(1)
        if len(calls) == 1:
            respond(h, "", status=429, headers={"Retry-After": "1"})
        else:
            respond(h, html("Finally"))

    server.route("/", limited)
    result = crawl_site(server.url + "/", fast.replace(retry_after_cap=5))
    assert [p.title for p in result.pages] == ["Finally"]
    first, second = [h for h in server.hits if h.path == "/"]
    assert second.at - first.at >= 1.0


def test_5xx_is_retried_at_most_twice(server, fast):
    server.page("/", html("Home", links=["/flaky.html"]))
    server.page("/flaky.html", "down", status=503, content_type="text/plain")
    result = crawl_site(server.url + "/", fast)
    assert server.paths().count("/flaky.html") == 3
    assert {s.reason for s in result.skipped if s.url.endswith("flaky.html")} == {"HTTP 503"}


def test_sitemap_and_feeds_lead_to_unlinked_pages(server, fast):
    base = server.url
    server.page("/robots.txt", f"User-agent: *\nSitemap: {base}/map.xml\n",
                content_type="text/plain")
    server.page("/", html("Home").replace(
        "</head>", '<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'))
    server.page("/map.xml", f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/"
                f"schemas/sitemap/0.9'><url><loc>{base}/about.html</loc></url></urlset>",
                content_type="application/xml")
    server.page("/feed.xml", f"<rss><channel><item><title>Big news</title><link>{base}/news/"
                "big.html</link><pubDate>Tue, 15 Sep 2026 09:00:00 +0000</pubDate></item>"
                "</channel></rss>", content_type="application/rss+xml")
    server.page("/about.html", html("About us"))
    server.page("/news/big.html", html("Big news"))
    result = crawl_site(base + "/", fast)
    assert {p.title for p in result.pages} == {"Home", "About us", "Big news"}
    entry = result.feed_entries[0]
    assert (entry.title, entry.published.isoformat()) == ("Big news", "2026-09-15")


def test_wanted_pages_come_first_when_the_budget_is_small(server, fast):
    filler = [f"/misc/item-{i}.html" for i in range(10)]
    server.page("/", html("Home", links=filler + ["/privacy.html", "/careers/", "/about-us/",
                                                  "/team/"]))
    for path in filler + ["/privacy.html", "/careers/", "/about-us/", "/team/"]:
        server.page(path, html(path))
    result = crawl_site(server.url + "/", fast.replace(max_pages=4))
    assert [p.kind for p in result.pages] == ["home", "about", "team", "careers"]
    budget = [s for s in result.skipped if s.reason == "page budget"]
    assert len(budget) == 11


@pytest.mark.parametrize("changes, says", [
    ({"delay": float("inf")}, "delay=inf is out of range: use a number of seconds from 0 to 60"),
    ({"delay": 1e9}, "delay=1000000000.0 is out of range: use a number of seconds from 0 to 60"),
    ({"delay": float("nan")}, "delay=nan is not a number"),
    ({"delay": -1}, "delay=-1 is out of range"),
    ({"delay": "1"}, "delay='1' is not a number: use a number of seconds from 0 to 60."),
    ({"crawl_delay_cap": float("inf")}, "crawl_delay_cap=inf is out of range"),
    ({"retry_after_cap": 1e12}, "retry_after_cap=1000000000000.0 is out of range"),
    ({"connect_timeout": 0}, "connect_timeout=0 is out of range: use a number of seconds "
                             "above 0 and at most 300"),
    ({"read_timeout": float("nan")}, "read_timeout=nan is not a number"),
    ({"total_timeout": float("inf")}, "total_timeout=inf is out of range"),
    ({"cache_expiry": float("-inf")}, "cache_expiry=-inf is out of range"),
    ({"jitter": (1.0, float("inf"))}, "jitter=(1.0, inf)"),
    ({"jitter": (float("nan"), 1.0)}, "jitter=(nan, 1.0)"),
    ({"max_pages": 0}, "max_pages=0 is out of range"),
    ({"max_bytes": 2.5}, "max_bytes=2.5 is not a whole number: use a whole number of bytes"),
])
def test_every_number_setting_is_finite_and_in_a_sane_range(changes, says):
    with pytest.raises(ConfigError) as err:
        CrawlSettings(**changes)
    assert says in str(err.value)


def test_the_largest_delay_allowed_is_accepted():
    assert CrawlSettings(delay=60, crawl_delay_cap=60).delay == 60


@pytest.mark.parametrize("value", ["inf", "1e9", "nan", "-1"])
def test_research_refuses_an_unusable_delay_with_exit_2_and_no_traceback(value, tmp_path):
    from tests.shells.test_cli import infolib
    from tests.sites import closed_port

    done = infolib("research", f"http://127.0.0.1:{closed_port()}/", "--field", "X", "--delay",
                   value,
                   "--workbook", str(tmp_path), "--quiet")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"Error: delay={float(value)!r} is ")
    assert "seconds from 0 to 60" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "infolib.sqlite").exists()  # refused before anything is written
