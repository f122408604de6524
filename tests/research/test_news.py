"""News as a person reads it: each post once however the site spells its address, newest
first, with the date the post shows; section indexes, tag pages and one-word feed entries are
not posts."""

from __future__ import annotations

from datetime import date

from infolib.research.news import canonical_url
from infolib.research.profile import build_profile
from infolib.web.crawl import crawl_site


def page(title: str, body: str, head: str = "") -> str:
    return (f"<!doctype html><html><head><title>{title} | Fernhill Harbour Trust</title>"
            "<meta property='og:site_name' content='Fernhill Harbour Trust'>"
            f"<link rel='alternate' type='application/rss+xml' href='/feed.xml'>{head}</head>"
            "<body><header><form role='search'><h1>Search</h1><input name='q'></form></header>"
            "<nav><a href='/'>Home</a> <a href='/news/'>News</a> <a href='/about/'>About</a>"
            f"</nav><main>{body}</main></body></html>")


def card(href: str, title: str, day: str, shown: str) -> str:
    return (f"<div class='news-card'><h2><a href='{href}'>{title}</a></h2>"
            f"<time datetime='{day}'>{shown}</time><p>A few words about it.</p></div>")


TEXT = ("<p>The harbour trust rebuilt the ferry pier over the winter, and the ferry now runs "
        "every hour again, with a new waiting room for passengers on the quay.</p>")


def serve(site) -> str:
    site.page("/", page("Home", "<h1>Fernhill Harbour Trust</h1><p>We look after the harbour."
                                "</p><a href='/news/'>All our news</a>"))
    site.page("/about/", page("About us", "<h1>About us</h1>" + TEXT))
    site.page("/news/", page("News", "<h1>News</h1>"
                             + card("/news/pier/", "A new pier for the ferry", "2025-06-02",
                                    "2 June 2025")
                             + card("/news/ropes/index.html", "Ropes that last ten winters",
                                    "2025-03-10", "10 March 2025")
                             + card("/news/winter-report/", "Winter report", "2025-01-15",
                                    "15 January 2025")
                             + "<a href='/tags/boats/'>Boats</a> <a href='/news/page/2/'>Older</a>"))
    site.page("/news/pier/", page("A new pier for the ferry", "<article><h1>A new pier for the "
                                  "ferry</h1>" + TEXT + "</article>",
                                  "<script type='application/ld+json'>{\"@type\": "
                                  "\"NewsArticle\", \"headline\": \"A new pier for the ferry\", "
                                  "\"datePublished\": \"2025-06-02\"}</script>"))
    site.page("/news/winter-report/", page("Winter report", "<article><h1>Winter report</h1>"
                                           "<p class='date'>15 January 2025</p>" + TEXT
                                           + "</article>"))
    site.page("/news/page/2/", page("News, page 2", "<h1>News</h1>"
                                    + card("/news/old-crane/", "The old crane comes down",
                                           "2023-04-01", "1 April 2023")
                                    + card("/news/buoys/", "Twelve new buoys in the channel",
                                           "2023-02-01", "1 February 2023")))
    site.page("/tags/boats/", page("Boats", "<h1>Posts about boats</h1>"
                                   + card("/news/pier/", "A new pier for the ferry",
                                          "2025-06-02", "2 June 2025")
                                   + card("/news/buoys/", "Twelve new buoys in the channel",
                                          "2023-02-01", "1 February 2023")))
    base = site.url
    site.page("/feed.xml", (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Fernhill news</title>"
        f"<item><title>A new pier for the ferry</title><link>{base}/news/pier/index.html</link>"
        "<pubDate>Mon, 02 Jun 2025 08:00:00 +0000</pubDate></item>"
        "<item><title>Ropes that last ten winters</title>"
        "<link>/news/ropes/?utm_source=rss</link>"
        "<pubDate>Mon, 01 Jan 2001 00:00:00 +0000</pubDate></item>"
        "<item><title>Update</title><link>/news/update/</link>"
        "<pubDate>Tue, 03 Jun 2025 08:00:00 +0000</pubDate></item>"
        "</channel></rss>"), content_type="application/rss+xml")
    return base + "/"


def test_each_post_once_newest_first_with_its_own_date(server, fast):
    crawl = crawl_site(serve(server), fast)
    news = build_profile(crawl.pages, crawl.feed_entries).news
    seen = [canonical_url(item.url) for item in news]
    assert len(seen) == len(set(seen)), [item.url for item in news]
    titles = [item.title for item in news]
    assert titles[:3] == ["A new pier for the ferry", "Ropes that last ten winters",
                          "Winter report"]
    by_title = {item.title: item for item in news}
    assert by_title["A new pier for the ferry"].published == date(2025, 6, 2)
    # the feed's defaulted 2001-01-01 loses to the date the news index shows
    assert by_title["Ropes that last ten winters"].published == date(2025, 3, 10)
    assert by_title["Winter report"].published == date(2025, 1, 15)
    published = [item.published for item in news if item.published]
    assert published == sorted(published, reverse=True)


def test_indexes_tags_and_one_word_feed_entries_are_not_news(server, fast):
    crawl = crawl_site(serve(server), fast)
    news = build_profile(crawl.pages, crawl.feed_entries).news
    paths = {canonical_url(item.url).split(server.url, 1)[-1] for item in news}
    assert not paths & {"/news", "/news/page/2", "/tags/boats", "/news/update"}
    assert "Search" not in {item.title for item in news}
    assert "Update" not in {item.title for item in news}
    # a two-word title stays when it is the post's own title
    assert "Winter report" in {item.title for item in news}


def test_one_address_however_it_is_spelt():
    base = "https://fernhill.example/"
    spellings = ["/news/pier/", "news/pier", "https://fernhill.example/news/pier/index.html",
                 "https://FERNHILL.example/news/pier/?utm_source=rss#top"]
    assert len({canonical_url(s, base) for s in spellings}) == 1


def test_a_feed_that_links_to_the_production_host_meets_the_pages_read(server, fast):
    """A site read from a mirror or staging copy whose feed and canonical links name its
    production host: each post is still listed once."""
    def post(slug: str, title: str, day: str) -> str:
        head = (f"<link rel='canonical' href='https://fernhill.example/news/{slug}/'>"
                "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                f"\"datePublished\": \"{day}\"}}</script>")
        return page(title, f"<article><h1>{title}</h1>{TEXT}</article>", head)

    server.page("/", page("Home", "<h1>Fernhill Harbour Trust</h1><a href='/news/pier/'>Pier"
                                  "</a> <a href='/news/ropes/'>Ropes</a>",
                          "<link rel='canonical' href='https://fernhill.example/'>"))
    server.page("/news/pier/", post("pier", "A new pier for the ferry", "2025-06-02"))
    server.page("/news/ropes/", post("ropes", "Ropes that last ten winters", "2025-03-10"))
    server.page("/feed.xml", (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Fernhill news</title>"
        "<item><title>A new pier for the ferry</title>"
        "<link>https://fernhill.example/news/pier/</link></item>"
        "<item><title>Ropes that last ten winters</title>"
        "<link>https://fernhill.example/news/ropes/</link></item>"
        "</channel></rss>"), content_type="application/rss+xml")
    crawl = crawl_site(server.url + "/", fast)
    news = build_profile(crawl.pages, crawl.feed_entries).news
    assert [item.title for item in news] == ["A new pier for the ferry",
                                             "Ropes that last ten winters"]
    assert all(item.url.startswith(server.url) for item in news)


def test_a_post_dated_before_the_organisation_was_founded_stays_undated(server, fast):
    """A date before the founding year the site states is a template's or an import's, not
    the post's: the post is listed, undated, after the dated ones."""
    server.page("/", page("Home", "<h1>Fernhill Harbour Trust</h1><p>Fernhill Harbour Trust "
                                  "was founded in 2015 by the families who fish from the "
                                  "quay.</p><a href='/news/'>All our news</a>"))
    server.page("/news/", page("News", "<h1>News</h1>"
                               "<a href='/news/old-slipway/'>The old slipway is mended</a> "
                               "<a href='/news/pier/'>A new pier for the ferry</a>"))
    for slug, title, day in (("old-slipway", "The old slipway is mended", "2003-05-01"),
                             ("pier", "A new pier for the ferry", "2025-06-02")):
        server.page(f"/news/{slug}/", page(title, f"<article><h1>{title}</h1>{TEXT}</article>",
                                           "<script type='application/ld+json'>{\"@type\": "
                                           f"\"NewsArticle\", \"headline\": \"{title}\", "
                                           f"\"datePublished\": \"{day}\"}}</script>"))
    crawl = crawl_site(server.url + "/", fast)
    profile = build_profile(crawl.pages, crawl.feed_entries, crawl.skipped)
    assert profile.value("founded") == "2015"
    assert [(n.title, n.published) for n in profile.news] == [
        ("A new pier for the ferry", date(2025, 6, 2)), ("The old slipway is mended", None)]
