"""The site's base: an organisation whose site lives under a path (``http://host/org/``) is
researched from that path, its start page is its home page, its sitemaps are found at the
host's root, under the path and in robots.txt, and every URL the crawl leaves out for any
limit is recorded with its reason (issue 13)."""

from __future__ import annotations

from urllib.parse import urlsplit

from infolib import crawl_site
from infolib.web import crawl as crawl_module
from tests.sites import html, sitemap_index, urlset

XML = "application/xml"


def rss(*links: str) -> str:
    items = "".join(f"<item><title>Harvest note number {i} from the orchard</title>"
                    f"<link>{link}</link></item>" for i, link in enumerate(links))
    return f"<?xml version='1.0'?><rss version='2.0'><channel>{items}</channel></rss>"


def kinds(result) -> dict[str, str]:
    return {urlsplit(p.url).path: p.kind for p in result.pages}


def reasons(result) -> dict[str, str]:
    return {urlsplit(s.url).path: s.reason for s in result.skipped}


def home_with_menu(prefix: str, *links: str) -> str:
    menu = "".join(f'<li><a href="{href}">{href.strip("/").rsplit("/", 1)[-1] or "Home"}</a>'
                   "</li>" for href in links)
    return ("<!doctype html><html><head><title>Pinewood Orchard Cooperative</title></head>"
            f"<body><header><nav><ul>{menu}</ul></nav></header><main>"
            "<h1>Pinewood Orchard Cooperative</h1><p>We grow apples and pears on forty "
            "hectares above the river and press cider for the valley's markets.</p>"
            "<h2>Our mission</h2><p>Fruit grown well, by the people who pick it.</p>"
            "</main></body></html>")


def test_a_site_under_a_path_is_researched_from_that_path(server, fast):
    """The start page is the home page though its path is not "/", the organisation's pages
    under the path are read, and the rest of the host (another group's pages, the host's own
    home) is left out and recorded as outside the site's path."""
    org = "/pinewood/"
    server.page("/", html("Hillside Hosting", links=["/pinewood/", "/other-group/"]))
    server.page(org, home_with_menu(org, "/pinewood/about/", "/pinewood/team/", "/",
                                    "/other-group/", "/files/pinewood-annual-report.pdf"))
    server.page("/pinewood/about/", html("About the cooperative",
                                         links=["/pinewood/", "/other-group/about/"]))
    server.page("/pinewood/team/", html("Our growers"))
    server.page("/other-group/", html("Another group on the same host"))
    server.page("/other-group/about/", html("About another group"))
    result = crawl_site(server.url + org, fast)
    assert kinds(result) == {"/pinewood/": "home", "/pinewood/about/": "about",
                             "/pinewood/team/": "team"}
    home = result.pages[0]
    assert home.blocks  # the home page keeps the structure a home page keeps
    why = reasons(result)
    assert why["/"] == why["/other-group/"] == why["/other-group/about/"] == "outside path"
    detail = next(s.detail for s in result.skipped if s.url.endswith("/other-group/"))
    assert "/pinewood/" in detail
    assert "/other-group/" not in server.paths()


def test_documents_the_site_links_to_are_read_wherever_they_are_on_the_host(server, fast):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Pinewood Orchard Cooperative annual report. The harvest grew by a "
                         "fifth and the cider press was paid off.")
    server.page("/pinewood/", home_with_menu("/pinewood/", "/pinewood/about/",
                                             "/files/annual-report.pdf"))
    server.page("/pinewood/about/", html("About the cooperative"))
    server.page("/files/annual-report.pdf", bytes(pdf.output()),
                content_type="application/pdf")
    result = crawl_site(server.url + "/pinewood/", fast)
    assert "/files/annual-report.pdf" in kinds(result)


def test_a_start_page_whose_links_all_leave_its_folder_is_a_page_of_a_root_site(server, fast):
    """A user who starts from a page of a site at the host's root (``/about-us/``) researches
    the whole site, not that one folder."""
    server.page("/about-us/", html("About Pinewood", links=["/", "/team/", "/products/"]))
    server.page("/", html("Pinewood Orchard Cooperative", links=["/about-us/"]))
    server.page("/team/", html("Our growers"))
    server.page("/products/", html("Apples, pears and cider"))
    result = crawl_site(server.url + "/about-us/", fast)
    assert set(kinds(result)) == {"/about-us/", "/", "/team/", "/products/"}
    assert kinds(result)["/about-us/"] == "home"  # the page the user gave comes first
    assert "outside path" not in reasons(result).values()


def test_a_site_under_a_path_named_like_a_section_is_not_all_of_that_kind(server, fast):
    """Kinds are judged from the path inside the site: under ``/newsroom-guild/`` the team
    page is the team page, and other pages are not news."""
    org = "/newsroom-guild/"
    server.page(org, home_with_menu(org, org + "team/", org + "gardens/"))
    server.page(org + "team/", html("The guild's members"))
    server.page(org + "gardens/", html("The guild's gardens"))
    result = crawl_site(server.url + org, fast)
    assert kinds(result) == {org: "home", org + "team/": "team", org + "gardens/": "other"}


def test_sitemaps_are_read_from_robots_txt_the_host_root_and_the_sites_path(server, fast):
    """All three places, not the first that answers; an index's children too; pages found only
    in sitemaps are read."""
    base, org = server.url, "/pinewood/"
    server.page("/robots.txt", f"User-agent: *\nSitemap: {base}/sitemaps/index.xml\n",
                content_type="text/plain")
    server.page("/sitemaps/index.xml", sitemap_index(f"{base}/sitemaps/people.xml"),
                content_type=XML)
    server.page("/sitemaps/people.xml", urlset(f"{base}{org}team/"), content_type=XML)
    server.page("/sitemap.xml", urlset(f"{base}{org}careers/", f"{base}/other-group/"),
                content_type=XML)
    server.page(org + "sitemap.xml", urlset(f"{base}{org}investors/"), content_type=XML)
    server.page(org, home_with_menu(org, org + "about/"))
    for path in ("about/", "team/", "careers/", "investors/"):
        server.page(org + path, html(f"Pinewood {path.strip('/')}"))
    server.page("/other-group/", html("Another group"))
    result = crawl_site(base + org, fast)
    assert set(kinds(result)) == {org + p for p in ("", "about/", "team/", "careers/",
                                                    "investors/")}
    assert reasons(result)["/other-group/"] == "outside path"


def test_pages_found_only_in_a_sitemap_compete_by_kind(server, fast):
    """A team page listed only in the sitemap is read before the many ordinary pages the home
    page links to; those left for the page budget are recorded."""
    base = server.url
    others = [f"/orchard-{i}/" for i in range(8)]
    server.page("/", html("Pinewood Orchard Cooperative", links=others))
    for path in others:
        server.page(path, html(f"Orchard {path}"))
    server.page("/sitemap.xml", urlset(f"{base}/team/"), content_type=XML)
    server.page("/team/", html("Our growers"))
    result = crawl_site(base + "/", fast.replace(max_pages=3))
    assert [p.kind for p in result.pages][:2] == ["home", "team"]
    why = reasons(result)
    assert sum(1 for p in others if why.get(p) == "page budget") == len(others) - 1


def test_no_url_is_dropped_silently(server, fast, monkeypatch):
    """Every URL the site's links, sitemaps and feeds name is either read or recorded as
    skipped with its reason, whatever limit left it out (sitemap URLs, feeds, depth, the page
    budget)."""
    monkeypatch.setattr(crawl_module, "MAX_SITEMAP_URLS", 4)
    base = server.url
    feeds = [f"/feeds/{i}.xml" for i in range(crawl_module.MAX_FEEDS + 2)]
    head = "".join(f'<link rel="alternate" type="application/rss+xml" href="{f}">'
                   for f in feeds)
    linked = [f"/linked-{i}/" for i in range(6)]
    server.page("/", html("Pinewood", links=linked).replace("<head>", "<head>" + head))
    for i, feed in enumerate(feeds):
        server.page(feed, rss(f"{base}/notes/{i}/"), content_type="application/rss+xml")
    in_sitemap = [f"/listed-{i}/" for i in range(10)]
    server.page("/sitemap.xml", urlset(*(base + p for p in in_sitemap)), content_type=XML)
    for path in linked[1:] + in_sitemap + [f"/notes/{i}/" for i in range(len(feeds))]:
        server.page(path, html(f"Pinewood page {path}"))
    deep = "/linked-0/"
    server.page(deep, html("Linked", links=["/deeper/"]))
    server.page("/deeper/", html("Deeper", links=["/deepest/"]))
    result = crawl_site(base + "/", fast.replace(max_pages=7, max_depth=1))
    read = set(kinds(result)) | {f for f in feeds[:crawl_module.MAX_FEEDS]
                                 if f in server.paths()}
    why = reasons(result)
    named = {"/", *linked, *in_sitemap, *feeds, "/deeper/"}
    named |= {f"/notes/{i}/" for i in range(crawl_module.MAX_FEEDS)}
    assert {p for p in named if p not in read and p not in why} == set()
    assert {why[f] for f in feeds[crawl_module.MAX_FEEDS:]} == {"feed limit"}
    assert {why[p] for p in in_sitemap[4:]} == {"sitemap limit"}
    assert why["/deeper/"] == "depth limit"
    assert "page budget" in why.values()


def test_a_site_whose_links_all_fail_is_not_tried_link_by_link_for_ever(server, fast):
    """Failed fetches come out of the page budget (a request each); the URLs left untried are
    recorded, saying why."""
    broken = [f"/gone-{i}/" for i in range(40)]
    server.page("/", html("Pinewood", links=broken))
    result = crawl_site(server.url + "/", fast.replace(max_pages=5))
    tried = [p for p in server.paths() if p.startswith("/gone-")]
    assert len(tried) == 5 - 1  # the home page was one
    untried = [s for s in result.skipped if s.reason == "page budget"]
    assert len(untried) == len(broken) - len(tried)
    assert "4 for pages that failed" in untried[0].detail


def test_a_home_page_the_start_url_redirects_to_is_the_home_page(server, fast):
    """``/`` answering with a redirect to ``/en/`` (a language version): ``/en/`` is the home
    page, its sitemap is read, and the rest of the host stays in the site, as asked."""
    base = server.url
    server.page("/", "", status=301, headers={"Location": "/en/"})
    server.page("/en/", home_with_menu("/en/", "/en/about/", "/careers/"))
    server.page("/en/about/", html("About Pinewood"))
    server.page("/careers/", html("Work with us"))
    server.page("/en/sitemap.xml", urlset(f"{base}/en/team/"), content_type=XML)
    server.page("/en/team/", html("Our growers"))
    result = crawl_site(base + "/", fast)
    assert kinds(result) == {"/en/": "home", "/en/about/": "about", "/careers/": "careers",
                             "/en/team/": "team"}
    assert result.pages[0].blocks


def test_a_news_index_is_read_before_its_posts_and_its_posts_in_its_order(server, fast):
    """An index lists its posts newest first: with room for two posts, the two it lists first
    are read, not an old post the home page features, nor the index's second page."""
    posts = ["/news/cider-press-restored/", "/news/spring-planting/", "/news/founding-day/"]
    server.page("/", html("Pinewood", links=["/news/founding-day/", "/news/"]))
    server.page("/news/", html("News", links=[*posts, "/news/page/2/"]))
    server.page("/news/page/2/", html("Older news"))
    for path in posts:
        server.page(path, html(f"Story {path}"))
    result = crawl_site(server.url + "/", fast.replace(max_pages=4))
    assert [urlsplit(p.url).path for p in result.pages] == ["/", "/news/", *posts[:2]]
    why = reasons(result)
    assert why["/news/founding-day/"] == why["/news/page/2/"] == "page budget"
    assert len([s for s in result.skipped if s.url.endswith("/news/founding-day/")]) == 1


def test_a_pdf_given_as_the_start_address_is_read_as_a_document(server, fast):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Pinewood Orchard Cooperative annual report for the members.")
    server.page("/pinewood/report.pdf", bytes(pdf.output()), content_type="application/pdf")
    result = crawl_site(server.url + "/pinewood/report.pdf", fast)
    assert [p.media_type for p in result.pages] == ["application/pdf"]
    assert "annual report" in result.pages[0].text
    assert not result.pages[0].blocks


def test_archive_pages_wait_behind_the_pages_a_researcher_wants(server, fast):
    """Tag, category and author listings and feed files only list what other pages hold."""
    archives = ["/tags/apples/", "/category/harvest/", "/authors/ilse-marrow/", "/notes.xml"]
    server.page("/", html("Pinewood", links=[*archives, "/orchards/", "/cider/"]))
    for path in [*archives, "/orchards/", "/cider/"]:
        server.page(path, html(f"Pinewood {path}"))
    result = crawl_site(server.url + "/", fast.replace(max_pages=3))
    assert set(kinds(result)) == {"/", "/orchards/", "/cider/"}
    assert {reasons(result)[p] for p in archives} == {"page budget"}


def test_a_hosts_sitemap_full_of_other_paths_does_not_crowd_out_the_sites_pages(
        server, fast, monkeypatch):
    monkeypatch.setattr(crawl_module, "MAX_SITEMAP_URLS", 3)
    base, org = server.url, "/pinewood/"
    others = [f"{base}/other-group/page-{i}/" for i in range(6)]
    server.page("/sitemap.xml", urlset(*others, f"{base}{org}team/"), content_type=XML)
    server.page(org, home_with_menu(org, org + "about/"))
    server.page(org + "about/", html("About Pinewood"))
    server.page(org + "team/", html("Our growers"))
    result = crawl_site(base + org, fast)
    assert org + "team/" in kinds(result)
    why = reasons(result)
    assert {why[urlsplit(u).path] for u in others} == {"outside path"}


def test_one_folder_of_many_similar_pages_does_not_take_the_whole_budget(server, fast):
    """After a few episodes of a podcast, the site's other sections come before the rest."""
    episodes = [f"/podcast/{i}/" for i in range(1, 9)]
    server.page("/", html("Pinewood", links=[*episodes, "/donate/", "/partners/"]))
    for path in [*episodes, "/donate/", "/partners/"]:
        server.page(path, html(f"Pinewood {path}"))
    result = crawl_site(server.url + "/", fast.replace(max_pages=7))
    read = set(kinds(result))
    assert {"/donate/", "/partners/"} <= read
    assert len([p for p in read if p.startswith("/podcast/")]) == crawl_module.FOLDER_QUOTA


def test_a_site_that_moved_to_another_folder_is_researched_where_it_now_lives(server, fast):
    server.page("/pinewood/", "", status=301, headers={"Location": "/pinewood-coop/"})
    server.page("/pinewood-coop/", home_with_menu("/pinewood-coop/", "/pinewood-coop/team/",
                                                  "/other-group/"))
    server.page("/pinewood-coop/team/", html("Our growers"))
    server.page("/other-group/", html("Another group"))
    result = crawl_site(server.url + "/pinewood/", fast)
    assert kinds(result) == {"/pinewood-coop/": "home", "/pinewood-coop/team/": "team"}
    assert reasons(result)["/other-group/"] == "outside path"
