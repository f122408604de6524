"""The page budget bounds every request a crawl sends a site: beyond ``max_pages`` only
robots.txt, one sitemap and one feed are free; further sitemaps and feeds, redirects and failed
fetches come out of the budget, and the crawl says what it spent and what it left out."""

from __future__ import annotations

from urllib.parse import urlsplit

from infolib import crawl_site
from tests.sites import html, sitemap_index, urlset

ORCHARD_PAGES = [f"/varieties/apple-{i}.html" for i in range(50)]


def rss(base: str, paths: list[str]) -> str:
    items = "".join(f"<item><title>Harvest note {i}</title><link>{base}{p}</link></item>"
                    for i, p in enumerate(paths))
    return f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"


def atom(base: str, paths: list[str]) -> str:
    entries = "".join(f"<entry><title>Grower story {i}</title><link href='{base}{p}'/></entry>"
                      for i, p in enumerate(paths))
    return f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>{entries}</feed>"


def orchard_site(server) -> None:
    """Larkspur Orchards, a growers' co-operative: robots.txt naming a sitemap index of two
    sitemaps, a home page announcing two feeds, and fifty variety pages."""
    base = server.url
    server.page("/robots.txt", f"User-agent: *\nSitemap: {base}/sitemap_index.xml\n",
                content_type="text/plain")
    head = ('<link rel="alternate" type="application/rss+xml" href="/harvest.xml">'
            '<link rel="alternate" type="application/atom+xml" href="/growers.atom"></head>')
    server.page("/", html("Larkspur Orchards", links=ORCHARD_PAGES[:10]).replace("</head>",
                                                                                 head))
    server.page("/sitemap_index.xml", sitemap_index(f"{base}/sitemap-a.xml",
                                                    f"{base}/sitemap-b.xml"),
                content_type="application/xml")
    server.page("/sitemap-a.xml", urlset(*(base + p for p in ORCHARD_PAGES[:25])),
                content_type="application/xml")
    server.page("/sitemap-b.xml", urlset(*(base + p for p in ORCHARD_PAGES[25:])),
                content_type="application/xml")
    server.page("/harvest.xml", rss(base, ORCHARD_PAGES[40:45]),
                content_type="application/rss+xml")
    server.page("/growers.atom", atom(base, ORCHARD_PAGES[45:]),
                content_type="application/atom+xml")
    for i, path in enumerate(ORCHARD_PAGES):
        server.page(path, html(f"Apple variety {i}",
                               f"Apple variety {i} ripens in week {30 + i % 12} of the season "
                               "and keeps well in the co-operative's cold store."))


def test_sitemaps_feeds_and_pages_together_stay_within_max_pages_plus_three(server, fast):
    orchard_site(server)
    result = crawl_site(server.url + "/", fast.replace(max_pages=20))

    assert len(server.hits) == result.requests  # the count the crawl reports is the real one
    assert result.requests <= 20 + 3
    paths = server.paths()
    # the sitemap index and both its sitemaps, and the two feeds, were all asked for; the
    # second sitemap and the second feed came out of the twenty
    assert {"/robots.txt", "/sitemap_index.xml", "/sitemap-a.xml", "/sitemap-b.xml",
            "/harvest.xml", "/growers.atom"} <= set(paths)
    sitemaps = sum(1 for p in paths if "sitemap" in p)  # with /sitemap.xml, guessed (404)
    assert len(result.pages) == result.requests - 1 - sitemaps - 2
    # what the budget left out is recorded, saying what the requests went to
    left_out = [s for s in result.skipped if s.reason == "page budget"]
    assert left_out and all(urlsplit(s.url).path in ORCHARD_PAGES for s in left_out)
    assert len(left_out) + len(result.pages) - 1 == len(ORCHARD_PAGES)  # all but the home
    detail = left_out[0].detail
    assert f"{len(result.pages)} pages read; {result.requests} requests" in detail
    assert f"{sitemaps} for sitemaps" in detail and "2 for feeds" in detail


def test_redirects_and_failed_fetches_come_out_of_the_budget(server, fast):
    server.page("/", html("Quillon Press", links=["/gone-1.html", "/gone-2.html", "/moved.html",
                                                  *(f"/title-{i}.html" for i in range(10))]))
    server.page("/moved.html", "", status=301, headers={"Location": "/catalogue.html"})
    server.page("/catalogue.html", html("Catalogue"))
    for i in range(10):
        server.page(f"/title-{i}.html", html(f"Title {i}"))
    result = crawl_site(server.url + "/", fast.replace(max_pages=8))

    assert len(server.hits) == result.requests <= 8 + 3
    failed = [p for p in server.paths() if p.startswith("/gone")]
    redirected = "/moved.html" in server.paths()
    # robots.txt (404) and sitemap.xml (404) are free; every other request is one of the eight
    assert len(result.pages) == 8 - len(failed) - redirected
    assert any(s.reason == "page budget" for s in result.skipped)


def test_a_site_that_adds_trailing_slashes_is_asked_for_them_directly(server, fast):
    folders = [f"/season-{i}" for i in range(12)]
    server.page("/", html("Tansy Mill", links=folders))
    for path in folders:
        server.page(path, "", status=301, headers={"Location": path + "/"})
        server.page(path + "/", html(f"Season {path[8:]} at the mill"))
    result = crawl_site(server.url + "/", fast)

    assert len(result.pages) == 13
    redirects = [p for p in server.paths() if p in folders]
    assert len(redirects) == 2  # learnt from two redirects, the rest asked for as /season-N/
    assert {urlsplit(p.url).path for p in result.pages} == {"/", *(f + "/" for f in folders)}


def test_slashes_are_not_added_where_the_site_answers_without_them(server, fast):
    server.page("/", html("Yarrow Guild", links=["/a", "/b", "/c", "/d", "/e"]))
    server.page("/a", "", status=301, headers={"Location": "/a/"})
    server.page("/b", "", status=301, headers={"Location": "/b/"})
    for path in ("/a/", "/b/", "/c", "/d", "/e"):
        server.page(path, html(f"Guild page {path}"))
    result = crawl_site(server.url + "/", fast)

    assert len(result.pages) == 6
    # /c is asked for with a slash, which the site lacks: the crawl falls back, then learns
    assert {"/c", "/d", "/e"} <= set(server.paths())
    assert "/d/" not in server.paths() and "/e/" not in server.paths()


def test_a_redirect_to_a_page_already_read_is_not_followed(server, fast):
    server.page("/", html("Sorrel Bakery", links=["/ovens/", "/ovens"]))
    server.page("/ovens/", html("Our ovens"))
    server.page("/ovens", "", status=301, headers={"Location": "/ovens/"})
    result = crawl_site(server.url + "/", fast)

    assert server.paths().count("/ovens/") == 1  # the redirect cost one request, not two
    assert {urlsplit(p.url).path for p in result.pages} == {"/", "/ovens/"}
    skip = next(s for s in result.skipped if urlsplit(s.url).path == "/ovens")
    assert skip.reason == "duplicate" and "/ovens/, read already" in skip.detail
