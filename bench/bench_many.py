"""Several organisations at once: five sites read side by side at the default politeness.

Serves five copies of bench_crawl's generated fictional company site (each its own seed,
each on its own port of 127.0.0.1, so its own host; the fixture server answers like nginx:
gzip, chunked, keep-alive, ETag) and reads 40 pages of each at the DEFAULT politeness
(``CrawlSettings()``: delay 1.0 s times the default jitter), into fresh workbooks, in one run:

  anchor - ``research_company`` on one of the sites alone;
  five   - ``research_companies`` on all five in one call (one thread per host).

Figures: the five-site wall time against the one-site time (target <= 1.3x); against the
politeness floor, requests x delay of the slowest host (target <= 1.1x); requests per site
against pages + 3 (robots.txt, sitemap, feed). The jitter in use is printed: it sets how far
above the floor a polite crawl can be. Figures are printed, never asserted.

Then, for real pages (whose extraction costs more CPU, which the threads share under the GIL),
five dev sites of ``../shared/realsites`` read at once the same way, against the floor of the
slowest host (skipped with a note where the dev set is missing).

Run from the repo root:  python bench/bench_many.py   (about 3 minutes: the delays are real)
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import fast_fixture_server, table, use_repo_root, verdict  # noqa: E402

use_repo_root()

SITES = 5
N_PAGES = 40
WALL_TARGET = 1.3
FLOOR_TARGET = 1.1
EXTRA_REQUESTS = 3


def cpu_seconds() -> float:
    """CPU time of this process (all threads, user + system): the fixture servers too."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    from bench_crawl import SEED, SiteGenerator, warm_imports

    from infolib import CrawlSettings, Workbook, research_companies, research_company
    from tests.sites import respond

    warm_imports()
    settings = CrawlSettings(max_pages=N_PAGES)
    servers = []
    for i in range(SITES):
        srv = fast_fixture_server()
        for path, body in SiteGenerator(SEED + i).build().items():
            srv.site.page(path, body)
        for path in ("/robots.txt", "/sitemap.xml"):
            srv.site.route(path, lambda h: respond(h, "<h1>Not found</h1>", 404))
        servers.append(srv)
    urls = [srv.site.url + "/" for srv in servers]
    low, high = settings.jitter
    print(f"bench_many: {SITES} generated sites on 127.0.0.1 (one port each), {N_PAGES} pages "
          f"read of each, default politeness: delay {settings.delay:g} s x jitter "
          f"{low:g}-{high:g} (mean {settings.delay * (low + high) / 2:.2f} s a request)")
    try:
        with tempfile.TemporaryDirectory(prefix="infolib-bench-") as tmp:
            one_book, many_book = Workbook(Path(tmp) / "one"), Workbook(Path(tmp) / "many")
            try:
                t0, c0 = time.perf_counter(), cpu_seconds()
                one = research_company(urls[0], "Bench", workbook=one_book, settings=settings,
                                       progress=False)
                one_s, one_cpu = time.perf_counter() - t0, cpu_seconds() - c0
                one_hits = len(servers[0].site.hits)
                before = [len(srv.site.hits) for srv in servers]
                t0, c0 = time.perf_counter(), cpu_seconds()
                many = research_companies(urls, "Bench", workbook=many_book,
                                          settings=settings, progress=False)
                many_s, many_cpu = time.perf_counter() - t0, cpu_seconds() - c0
                hits = [len(srv.site.hits) - b for srv, b in zip(servers, before, strict=True)]
                spans = []
                for srv, b in zip(servers, before, strict=True):
                    times = [h.at for h in srv.site.hits[b:]]
                    spans.append(max(times) - min(times) if times else 0.0)
            finally:
                one_book.close()
                many_book.close()
    finally:
        for srv in servers:
            srv.close()

    rows = [("anchor: one site alone (research_company)", len(one.pages), one.crawl.requests,
             one_hits, f"{one_hits * settings.delay:.1f}", f"{one_s:.1f}", f"{one_cpu:.1f}")]
    for i, (result, n) in enumerate(zip(many, hits, strict=True)):
        rows.append((f"five at once: site {i + 1} ({result.crawl.start_url[7:-1]})",
                     len(result.pages), result.crawl.requests, n,
                     f"{n * settings.delay:.1f}", f"({spans[i]:.1f})", ""))
    rows.append(("five at once: the call (research_companies)", sum(len(r.pages) for r in many),
                 sum(r.crawl.requests for r in many), sum(hits), "", f"{many_s:.1f}",
                 f"{many_cpu:.1f}"))
    print(table(rows, ("run", "pages", "requests", "server hits", "floor s", "wall s",
                       "CPU s")))
    print("(floor = requests x delay; a site's wall s in brackets is its first to last "
          "request as the server saw them; CPU s counts every thread of this process, the "
          "fixture servers included)")

    floor = max(hits) * settings.delay
    wall_ratio, floor_ratio = many_s / one_s, many_s / floor
    one_floor = one_hits * settings.delay
    over = [n - len(r.pages) for r, n in zip(many, hits, strict=True)]
    all_read = all(r.ok and len(r.pages) == N_PAGES for r in many)
    print()
    print(table([
        ("five-site wall / one-site wall", f"{wall_ratio:.2f}x", f"<= {WALL_TARGET:g}x",
         verdict(wall_ratio <= WALL_TARGET)),
        ("five-site wall / floor of the slowest host", f"{floor_ratio:.2f}x",
         f"<= {FLOOR_TARGET:g}x", verdict(floor_ratio <= FLOOR_TARGET)),
        ("one-site wall / its floor (the jitter's share)", f"{one_s / one_floor:.2f}x",
         "(info)", ""),
        ("requests per site beyond its pages (most)", f"+{max(over)}",
         f"<= +{EXTRA_REQUESTS}", verdict(max(over) <= EXTRA_REQUESTS)),
        (f"every site read, {N_PAGES} pages each", "yes" if all_read else "no", "yes",
         verdict(all_read)),
    ], ("figure", "value", "target", "")))
    real_sites(settings)
    return 0


def real_sites(settings) -> None:
    """Five dev sites of ``../shared/realsites`` (real pages, each served by its serve.py on
    its own port) read at once at the same politeness: the call against the floor of the
    slowest host, where extraction of real pages competes for the GIL."""
    import contextlib

    from infolib import Workbook, research_companies
    from tests.realsites import SITES as DEV_SITES
    from tests.realsites import missing_reason, served

    if missing_reason():
        print(f"\n(dev sites skipped: {missing_reason()})")
        return
    names = DEV_SITES[:SITES]
    with tempfile.TemporaryDirectory(prefix="infolib-bench-") as tmp, \
            contextlib.ExitStack() as stack:
        urls = [stack.enter_context(served(name)) for name in names]
        book = Workbook(Path(tmp) / "real")
        try:
            t0, c0 = time.perf_counter(), cpu_seconds()
            many = research_companies(urls, "Bench", workbook=book, settings=settings,
                                      progress=False)
            wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        finally:
            book.close()
    rows = [(f"dev site {name}", len(r.pages), r.crawl.requests,
             f"{r.crawl.requests * settings.delay:.1f}",
             f"{(r.crawl.finished - r.crawl.started).total_seconds():.1f}")
            for name, r in zip(names, many, strict=True)]
    rows.append(("five at once: the call (research_companies)", sum(len(r.pages) for r in many),
                 sum(r.crawl.requests for r in many), "", f"{wall:.1f}"))
    floor = max(r.crawl.requests for r in many) * settings.delay
    print(f"\nThe same on {SITES} real dev sites ({', '.join(names)}), each served by its own "
          f"serve.py: {cpu:.1f} s CPU in this process over {wall:.1f} s")
    print(table(rows, ("run", "pages", "requests", "floor s", "wall s")))
    print()
    print(table([
        ("five dev sites: wall / floor of the slowest host", f"{wall / floor:.2f}x",
         f"<= {FLOOR_TARGET:g}x", verdict(wall / floor <= FLOOR_TARGET)),
        ("every dev site read", "yes" if many.ok else "no", "yes", verdict(many.ok)),
    ], ("figure", "value", "target", "")))


if __name__ == "__main__":
    sys.exit(main())
