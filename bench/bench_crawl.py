"""Crawl throughput and the cache: infolib's research pipeline on a generated site, first run
against re-runs answered from the workbook and the HTTP cache.

Generates a 100-page fictional company site from a fixed seed, serves it on 127.0.0.1 and
measures, in one run:

  b. first   - ``research_company`` with an empty workbook (crawl + extract + profile + store);
  c. re-run  - the same call again, the stored research reused;
  d. refresh - ``refresh=True``: crawled again, each cached page revalidated (a 304 when
     unchanged, so no body is sent again).

(The comparison with bare ``trafilatura.extract`` on these tiny synthetic pages, where HTTP
dominates, is gone: bench_politeness.py compares research with bare requests + trafilatura on
the same real pages of a dev site.)

The fixture server answers like nginx: gzip when asked, chunked, keep-alive. Then, in the same
run, the demo site is crawled served plain (the anchor) and served gzip-compressed, best of 3
each: the same pages and text either way, the time it costs and the bytes it saves.

Targets: re-run at least 10x faster than the first run with 0 network requests; the
compressed demo crawl reads the same pages as the plain one within 1.25x its time. Figures
are printed, never asserted.

Run from the repo root:  python bench/bench_crawl.py
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fast_fixture_server, table, use_repo_root, verdict  # noqa: E402

use_repo_root()

SEED = 42
N_PAGES = 100
SPEEDUP_TARGET = 10.0
GZIP_TIME_TARGET = 1.25

COMPANY = "Northwind Grid Storage"
DOMAIN = "northwind-grid.example"

_WORD_TEXT = """
battery storage grid energy renewable capacity customers utility network solar wind
project megawatt hours reliable flexible system systems software platform operations
engineers engineering team teams partners partnership community communities market markets
demand supply peak load balancing forecast forecasting data analytics safety quality
installation maintenance service services cell cells module modules inverter inverters site
sites planning permit permits local regional national investment investors growth
sustainable carbon emissions reduction efficient efficiency cost costs price prices
contract contracts delivery deliver delivers build builds built design designs designed
support supports supported research development pilot pilots trial trials results report
reports annual quarterly customer long term short term storage-as-a-service lithium iron
phosphate thermal management monitoring remote control room operators operator frequency
response reserve ancillary revenue revenues stack stacking commercial industrial residential
municipal public private funding funded programme programmes skills training apprentices
hiring growing office offices warehouse factory supply-chain recycling second-life
"""
WORDS = _WORD_TEXT.split()

SECTIONS = [
    # (index path, nav label, item path prefix, count)
    ("/about/", "About us", "/about/", 6),
    ("/team/", "Our team", "/team/", 8),
    ("/products/", "Products", "/products/", 16),
    ("/careers/", "Careers", "/jobs/", 14),
    ("/news/", "News", "/news/", 18),
    ("/blog/", "Blog", "/blog/", 18),
    ("/resources/", "Resources", "/resources/", 12),
]
ABOUT_SLUGS = ["history", "mission", "values", "sustainability", "locations", "governance"]
FIRST = ["Ada", "Bram", "Chiara", "Dev", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas",
         "Kofi", "Lena", "Mateo", "Nadia", "Owen", "Priya"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Patel", "Kowalski", "Tanaka", "Haddad", "Silva",
        "Byrne", "Novak", "Mensah", "Fischer"]
ROLES = ["Chief Executive Officer", "Chief Technology Officer", "Head of Operations",
         "Chief Financial Officer", "Head of Engineering", "Head of People",
         "Director of Partnerships", "Head of Safety"]
PRODUCT_NAMES = ["GridBank", "PeakShift", "CellGuard", "FlexCore", "VoltSense", "ArcStack",
                 "TideLine", "HaloGrid"]
JOB_TITLES = ["Battery Systems Engineer", "Grid Integration Engineer", "Data Scientist",
              "Site Manager", "Field Service Technician", "Electrical Design Engineer",
              "Software Engineer, Controls", "Commercial Analyst", "Project Manager",
              "Safety Advisor", "Procurement Lead", "Graduate Engineer", "Recruiter",
              "Product Manager"]
CITIES = ["Bristol", "Leeds", "Glasgow", "Rotterdam", "Cardiff", "Manchester"]


class SiteGenerator:
    """Builds every page of the fictional site from one seeded random generator."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)

    # text -------------------------------------------------------------------------------------
    def sentence(self) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(8, 20))]
        if self.rng.random() < 0.25:
            words.insert(self.rng.randint(0, len(words)), COMPANY)
        text = " ".join(words)
        return text[0].upper() + text[1:] + self.rng.choice([".", ".", ".", "!", "?"])

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 6)))

    def paragraphs(self, low: int = 4, high: int = 10) -> str:
        return "".join(f"<p>{self.paragraph()}</p>\n" for _ in range(self.rng.randint(low, high)))

    def date(self) -> str:
        return f"20{self.rng.randint(21, 25)}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"

    # page shell -----------------------------------------------------------------------------
    def page(self, title: str, article: str, description: str, jsonld: dict | None = None,
             aside_links: list[tuple[str, str]] = ()) -> str:
        nav = "".join(f'<li><a href="{path}">{label}</a></li>' for path, label, _, _ in SECTIONS)
        ld = (f'<script type="application/ld+json">{json.dumps(jsonld)}</script>'
              if jsonld else "")
        aside = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in aside_links)
        return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {COMPANY}</title>
<meta name="description" content="{description}">
<meta property="og:site_name" content="{COMPANY}">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
{ld}
</head>
<body>
<div class="cookie-banner" id="cookie-consent" role="dialog">
  <p>We use cookies to understand how our website is used and to improve it.
  You can accept all cookies or choose which ones to allow. Read our cookie policy.</p>
  <button type="button">Accept all</button> <button type="button">Cookie settings</button>
</div>
<header class="site-header">
  <a class="logo" href="/">{COMPANY}</a>
  <nav aria-label="Main"><ul>{nav}</ul></nav>
  <form class="search" action="/search"><input name="q" placeholder="Search"></form>
</header>
<main>
<article>
{article}
</article>
<aside class="related"><h2>Related</h2><ul>{aside}</ul></aside>
</main>
<footer class="site-footer">
  <p>&copy; 2025 {COMPANY} Ltd. Registered in England and Wales, company number 09876543.
  Harbour Works, 12 Quay Street, Bristol BS1 4QA.</p>
  <ul>
    <li><a href="/about/">About</a></li><li><a href="/careers/">Work with us</a></li>
    <li><a href="mailto:hello@{DOMAIN}">hello@{DOMAIN}</a></li>
    <li><a href="https://www.linkedin.com/company/northwind-grid">LinkedIn</a></li>
    <li><a href="https://twitter.com/northwindgrid">X / Twitter</a></li>
  </ul>
</footer>
</body>
</html>
"""

    # the site ---------------------------------------------------------------------------------
    def item_slugs(self) -> dict[str, list[tuple[str, str]]]:
        """For each section index: (item path, item title) pairs."""
        rng = self.rng
        items: dict[str, list[tuple[str, str]]] = {}
        for index, _label, prefix, count in SECTIONS:
            rows = []
            for i in range(count):
                if index == "/about/":
                    title = ABOUT_SLUGS[i].capitalize()
                    slug = ABOUT_SLUGS[i]
                elif index == "/team/":
                    title = f"{FIRST[i]} {rng.choice(LAST)}"
                    slug = title.lower().replace(" ", "-")
                elif index == "/products/":
                    tier = ["", "Pro", "Max", "Lite"][i // 8 + (i % 2)]
                    title = f"{PRODUCT_NAMES[i % len(PRODUCT_NAMES)]} {tier}".strip()
                    slug = f"{title.lower().replace(' ', '-')}-{i}"
                elif index == "/careers/":
                    title = f"{JOB_TITLES[i]} ({rng.choice(CITIES)})"
                    slug = f"{JOB_TITLES[i].lower().replace(', ', '-').replace(' ', '-')}-{i}"
                else:
                    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 8))]
                    title = " ".join(words).capitalize()
                    slug = "-".join(words[:5]) + f"-{i}"
                rows.append((f"{prefix}{slug}.html", title))
            items[index] = rows
        return items

    def build(self) -> dict[str, str]:
        """Path -> HTML for all pages: home, 7 section indexes and their item pages."""
        items = self.item_slugs()
        pages: dict[str, str] = {}
        org = {"@context": "https://schema.org", "@type": "Organization", "name": COMPANY,
               "url": f"https://{DOMAIN}/", "foundingDate": "2016",
               "address": {"@type": "PostalAddress", "addressLocality": "Bristol",
                           "addressCountry": "GB"},
               "sameAs": ["https://www.linkedin.com/company/northwind-grid"]}
        latest = items["/news/"][:3]
        home = (f"<h1>{COMPANY}: storage that keeps the grid steady</h1>\n"
                + self.paragraphs(4, 6)
                + "<h2>Latest news</h2><ul>"
                + "".join(f'<li><a href="{p}">{t}</a></li>' for p, t in latest) + "</ul>\n"
                + "<h2>Explore</h2><ul>"
                + "".join(f'<li><a href="{path}">{label}</a></li>' for path, label, _, _ in SECTIONS)
                + "</ul>")
        pages["/"] = self.page(f"{COMPANY} - grid-scale battery storage", home,
                               f"{COMPANY} designs, builds and runs grid-scale batteries.", org)
        for index, label, _prefix, _count in SECTIONS:
            rows = items[index]
            listing = "".join(
                f'<li><h3><a href="{p}">{t}</a></h3><p>{self.sentence()}</p></li>' for p, t in rows)
            article = (f"<h1>{label}</h1>\n" + self.paragraphs(2, 4)
                       + f'<ul class="listing">{listing}</ul>')
            jsonld = org if index == "/about/" else None
            pages[index] = self.page(label, article, f"{label} at {COMPANY}.", jsonld)
            for n, (path, title) in enumerate(rows):
                pages[path] = self.item(index, n, path, title, rows, org)
        return pages

    def item(self, index: str, n: int, path: str, title: str, siblings, org) -> str:
        rng = self.rng
        published = self.date()
        jsonld = None
        lead = ""
        if index == "/news/":
            if n % 3 != 2:  # two in three carry NewsArticle JSON-LD; the rest only a <time>
                jsonld = {"@context": "https://schema.org", "@type": "NewsArticle",
                          "headline": title, "datePublished": published,
                          "publisher": {"@type": "Organization", "name": COMPANY}}
            lead = f'<p class="meta">Published <time datetime="{published}">{published}</time></p>'
        elif index == "/blog/":
            if n % 2 == 0:
                jsonld = {"@context": "https://schema.org", "@type": "BlogPosting",
                          "headline": title, "datePublished": published,
                          "author": {"@type": "Person", "name": rng.choice(FIRST)}}
            lead = (f'<p class="byline">By {rng.choice(FIRST)} {rng.choice(LAST)} · '
                    f'<time datetime="{published}">{published}</time></p>')
        elif index == "/careers/":
            city = title.rsplit("(", 1)[-1].rstrip(")")
            jsonld = {"@context": "https://schema.org", "@type": "JobPosting", "title": title,
                      "datePosted": published, "employmentType": "FULL_TIME",
                      "hiringOrganization": {"@type": "Organization", "name": COMPANY},
                      "jobLocation": {"@type": "Place", "address": {
                          "@type": "PostalAddress", "addressLocality": city,
                          "addressCountry": "GB"}}}
            lead = (f'<ul class="job-facts"><li>Location: {city}</li><li>Full time</li>'
                    f'<li>Posted {published}</li></ul>')
        elif index == "/team/":
            lead = f'<p class="role">{ROLES[n % len(ROLES)]}</p>'
        elif index == "/products/":
            specs = "".join(f"<tr><td>{rng.choice(WORDS)}</td><td>{rng.randint(1, 900)} "
                            f"{rng.choice(['MW', 'MWh', 'kV', 'ms', '%'])}</td></tr>"
                            for _ in range(rng.randint(3, 6)))
            lead = f'<table class="specs"><tbody>{specs}</tbody></table>'
        elif index == "/about/" and path.endswith("values.html"):
            lead = "<ul>" + "".join(f"<li>{self.sentence()}</li>" for _ in range(4)) + "</ul>"
        article = f"<h1>{title}</h1>\n{lead}\n{self.paragraphs()}"
        others = [s for s in siblings if s[0] != path]
        aside = [(p, t) for p, t in rng.sample(others, min(3, len(others)))]
        return self.page(title, article, self.sentence()[:150], jsonld, aside)


def check_reachable(pages: dict[str, str], max_depth: int = 3) -> int:
    """Largest link depth from / (BFS over the generated HTML); -1 if a page is unreachable."""
    import re

    depth = {"/": 0}
    frontier = ["/"]
    while frontier:
        nxt = []
        for path in frontier:
            for href in re.findall(r'href="(/[^"]*)"', pages[path]):
                if href in pages and href not in depth:
                    depth[href] = depth[path] + 1
                    nxt.append(href)
        frontier = nxt
    if len(depth) != len(pages):
        return -1
    return max(depth.values())


def warm_imports() -> None:
    """Import everything the timed sections use so import time is counted in neither."""
    import extruct  # noqa: F401
    import htmldate  # noqa: F401
    import pandas  # noqa: F401
    import protego  # noqa: F401
    import requests_cache  # noqa: F401
    import sqlalchemy  # noqa: F401
    import trafilatura  # noqa: F401
    from extruct.jsonld import JsonLdExtractor  # noqa: F401
    from extruct.opengraph import OpenGraphExtractor  # noqa: F401

    import infolib.research.company  # noqa: F401


def crawl_demo(compress: bool) -> tuple[float, object, int]:
    """Crawl the demo site served with or without gzip: (seconds, CrawlResult, bytes read
    off the wire), the best of 3 runs."""
    from infolib import CrawlSettings, crawl_site
    from infolib.demo.site import serve_demo
    from infolib.web.fetch import Fetcher

    best = None
    with serve_demo(port=0, compress=compress) as site:
        for _ in range(3):
            wire: list[int] = []
            with Fetcher(CrawlSettings(delay=0)) as fetcher:
                fetcher.session.hooks["response"].append(
                    lambda response, *args, sizes=wire, **kwargs: sizes.append(
                        response.raw.tell()))
                t0 = time.perf_counter()
                result = crawl_site(site.url, fetcher=fetcher)
                seconds = time.perf_counter() - t0
            if best is None or seconds < best[0]:
                best = (seconds, result, sum(wire))
    return best


def bench_demo_compression() -> None:
    """The demo crawled served plain (anchor) and served gzip, in the same run."""
    plain_s, plain, plain_bytes = crawl_demo(compress=False)
    gzip_s, gzipped, gzip_bytes = crawl_demo(compress=True)

    def read(result):
        base = result.start_url
        return [(p.url.replace(base, ""), p.title, p.text) for p in result.pages]

    same = read(plain) == read(gzipped) and len(plain.pages) > 0
    ratio = gzip_s / plain_s
    print()
    print(table([
        ("e. demo crawl, served plain (anchor, best of 3)", len(plain.pages), f"{plain_s:.2f}",
         f"{len(plain.pages) / plain_s:.1f}", plain.requests, f"{plain_bytes / 1024:.0f}"),
        ("f. demo crawl, served gzip (best of 3)", len(gzipped.pages), f"{gzip_s:.2f}",
         f"{len(gzipped.pages) / gzip_s:.1f}", gzipped.requests, f"{gzip_bytes / 1024:.0f}"),
    ], ("run", "pages", "seconds", "pages/s", "requests", "KB on the wire")))
    print()
    print(table([
        ("same pages, titles and text (f = e)", "yes" if same else "no", "yes", verdict(same)),
        ("gzip time / plain time (f s / e s)", f"{ratio:.2f}", f"<= {GZIP_TIME_TARGET:.2f}",
         verdict(ratio <= GZIP_TIME_TARGET)),
        ("bytes saved on the wire", f"{1 - gzip_bytes / plain_bytes:.0%}", "(info)", ""),
    ], ("figure", "value", "target", "")))


def main() -> int:
    warm_imports()
    from infolib import Workbook, research_company

    pages = SiteGenerator(SEED).build()
    depth = check_reachable(pages)
    total_kb = sum(len(h.encode()) for h in pages.values()) / 1024
    print(f"bench_crawl: {len(pages)} generated pages, {total_kb:.0f} KB of HTML, "
          f"deepest page {depth} links from / (seed {SEED})")
    if len(pages) != N_PAGES or not 0 <= depth <= 3:
        print(f"WARNING: the generated site has {len(pages)} pages, depth {depth}; "
              f"expected {N_PAGES} within depth 3")

    srv = fast_fixture_server()
    try:
        for path, body in pages.items():
            srv.site.page(path, body)
        start = srv.site.url + "/"
        with tempfile.TemporaryDirectory(prefix="infolib-bench-") as tmp:
            book = Workbook(Path(tmp) / "workbook")
            try:
                # b. first run: network + extract + profile + store
                t0 = time.perf_counter()
                first = research_company(start, "Bench", workbook=book, delay=0,
                                         max_pages=N_PAGES, max_depth=5, progress=False)
                first_s = time.perf_counter() - t0
                first_hits = len(srv.site.hits)
                # c. re-run from the cache: same workbook, same server
                t0 = time.perf_counter()
                again = research_company(start, "Bench", workbook=book, delay=0,
                                         max_pages=N_PAGES, max_depth=5, progress=False)
                again_s = time.perf_counter() - t0
                again_hits = len(srv.site.hits) - first_hits
                # d. refresh=True: crawl again, every response from the HTTP cache
                t0 = time.perf_counter()
                fresh = research_company(start, "Bench", workbook=book, delay=0,
                                         max_pages=N_PAGES, max_depth=5, progress=False,
                                         refresh=True)
                fresh_s = time.perf_counter() - t0
                fresh_hits = len(srv.site.hits) - first_hits - again_hits
            finally:
                book.close()
    finally:
        srv.close()

    # where the time goes: re-time the post-crawl stages on the same pages (informational)
    from infolib.research.profile import build_profile
    from infolib.research.summarise import summarise

    t0 = time.perf_counter()
    summarise(first.pages)
    summarise_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_profile(first.pages, first.crawl.feed_entries, first.crawl.skipped)
    profile_s = time.perf_counter() - t0

    n_first = len(first.pages)
    first_pps = n_first / first_s
    speedup = first_s / again_s
    if n_first != N_PAGES:
        print(f"WARNING: first run read {n_first} pages, expected {N_PAGES}; skipped: "
              + ", ".join(f"{s.url} ({s.reason})" for s in first.crawl.skipped[:10]))
    if len(again.pages) != n_first:
        print(f"WARNING: the re-run read {len(again.pages)} pages, the first run {n_first}")

    print()
    print(table([
        ("b. research_company, first run", n_first, f"{first_s:.2f}", f"{first_pps:.1f}",
         first.crawl.requests, first_hits),
        ("c. re-run (stored research reused)", len(again.pages), f"{again_s:.3f}",
         f"{len(again.pages) / again_s:.1f}", "-", again_hits),
        ("d. re-run, refresh=True (revalidated)", len(fresh.pages), f"{fresh_s:.2f}",
         f"{len(fresh.pages) / fresh_s:.1f}", fresh.crawl.requests, fresh_hits),
    ], ("run", "pages", "seconds", "pages/s", "requests", "server hits")))
    print()
    print(table([
        ("re-run speed-up (b s / c s)", f"{speedup:.1f}x", f">= {SPEEDUP_TARGET:.0f}x",
         verdict(speedup >= SPEEDUP_TARGET)),
        ("refresh speed-up (b s / d s)", f"{first_s / fresh_s:.1f}x", "(info)", ""),
        ("re-run server hits (c)", again_hits, "0", verdict(again_hits == 0)),
        ("refresh server hits (d: conditional, 304s)", fresh_hits, "(info)", ""),
    ], ("figure", "value", "target", "")))
    print(f"\nfirst run skipped {len(first.crawl.skipped)} URLs (off-site/mailto/404 links)")
    print(f"re-timed on the same {n_first} pages: summarise() {summarise_s:.2f} s "
          f"({summarise_s / first_s:.0%} of the first run, {summarise_s / again_s:.0%} of the "
          f"re-run), build_profile() {profile_s:.3f} s")
    bench_demo_compression()
    return 0


if __name__ == "__main__":
    sys.exit(main())
