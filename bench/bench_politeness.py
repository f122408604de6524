"""Research at the politeness floor: one real 40-page site at the default delay, and research's
CPU against bare requests + bare trafilatura on the same real pages (issue 17).

a. One dev site of ``../shared/realsites`` (dimagi: it reaches 40 pages) served by the dev
   set's ``serve.py``, researched as a user would (``research_company``, default
   ``CrawlSettings()``: delay 1.0 s, the default jitter, robots.txt, the cache):
   research wall time, requests, pages, and the floor (requests x the host's delay) beside it;
   then company URL -> PDF brief: research + ``find_gaps`` + ``plan_questions`` +
   ``make_brief(to="pdf")`` (the system Chromium), against the floor + 15 s.
b. CPU at delay 0 on two dev sites: ``research_company`` (crawl, extract, profile, summary,
   store) against the anchor measured in the same run: the same final URLs fetched with a bare
   ``requests.Session`` and extracted with bare ``trafilatura.extract``; process CPU time, best
   of 5 each, taken in turn. The workbook research writes to is made before the clock starts (a new one
   runs its schema migrations, which is no part of reading a site).

Targets: research <= 1.1x its floor; requests <= pages + 3 (the 40 pages of the budget, and
robots.txt, a sitemap and a feed);
URL -> PDF <= floor + 15 s; research CPU <= 1.5x the anchor's. Figures are printed, never
asserted. Without the dev set, says so and prints nothing else.

Run from the repo root:  python bench/bench_politeness.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import table, use_repo_root, verdict  # noqa: E402

use_repo_root()

#: The site of part a (40 pages reached at the default budget) and the two of part b.
POLITE_SITE = "dimagi"
CPU_SITES = ("dimagi", "haskell-foundation")
FIELD = "Politeness bench"
FLOOR_RATIO_TARGET = 1.1
EXTRA_REQUESTS = 3
PDF_MARGIN_S = 15.0
CPU_RATIO_TARGET = 1.5
RUNS = 5  # CPU runs of each, taken in turn; the best of each is kept


def polite_run(name: str) -> None:
    """Part a: the default politeness on one dev site, then URL -> PDF brief."""
    from infolib import CrawlSettings, find_gaps, make_brief, plan_questions, research_company
    from infolib.brief import chromium_path
    from infolib.errors import ExportError
    from infolib.store.workbook import Workbook
    from tests.realsites import served

    settings = CrawlSettings()
    with served(name) as url, tempfile.TemporaryDirectory(prefix="infolib-bench-") as tmp:
        book = Workbook(Path(tmp) / "workbook")
        try:
            t0 = time.perf_counter()
            result = research_company(url, FIELD, workbook=book, settings=settings,
                                      progress=False, refresh=True)
            research_s = time.perf_counter() - t0
            t1 = time.perf_counter()
            find_gaps(FIELD, workbook=book)
            plan_questions(FIELD, workbook=book)
            try:
                chromium_path()
                make_brief(FIELD, to="pdf", workbook=book, out=Path(tmp) / "brief.pdf")
                pdf_note = ""
            except ExportError as exc:
                pdf_note = f"no PDF: {exc}"
            after_s = time.perf_counter() - t1
        finally:
            book.close()
    crawl = result.crawl
    pages, requests = len(crawl.pages), crawl.requests
    floor = requests * settings.delay
    ratio = research_s / floor if floor else float("nan")
    total = research_s + after_s
    budget = [s for s in crawl.skipped if s.reason == "page budget"]
    print(f"a. {name} at the default politeness: delay {settings.delay:g} s x jitter "
          f"{settings.jitter}, max_pages {settings.max_pages}")
    if budget:
        print(f"   what the budget left out says: {budget[0].detail}")
    print(table([
        ("research wall (s)", f"{research_s:.1f}", f"floor {floor:.1f} s "
         f"({requests} requests x {settings.delay:g} s)", ""),
        ("research / floor", f"{ratio:.2f}", f"<= {FLOOR_RATIO_TARGET:.1f}",
         verdict(ratio <= FLOOR_RATIO_TARGET)),
        (f"requests ({pages} pages read)", requests, f"<= {settings.max_pages} pages + "
         f"{EXTRA_REQUESTS} = {settings.max_pages + EXTRA_REQUESTS}",
         verdict(requests <= settings.max_pages + EXTRA_REQUESTS)),
        ("gaps + plan + PDF brief (s)", f"{after_s:.1f}", "(info)", pdf_note),
        ("URL -> PDF brief (s)", f"{total:.1f}", f"<= floor + {PDF_MARGIN_S:g} = "
         f"{floor + PDF_MARGIN_S:.1f}",
         verdict(total <= floor + PDF_MARGIN_S) if not pdf_note else "no Chromium"),
    ], ("figure", "value", "target", "")))


def cpu_run(name: str) -> tuple:
    """Part b on one site: research CPU at delay 0 and the bare anchor's, best of RUNS
    each."""
    import requests
    import trafilatura

    from infolib import research_company
    from infolib.store.workbook import Workbook
    from tests.realsites import served

    def research(url: str) -> tuple[float, list[str]]:
        with tempfile.TemporaryDirectory(prefix="infolib-bench-") as tmp:
            book = Workbook(Path(tmp) / "workbook")
            book.engine  # noqa: B018 - made (schema migrations) before the clock starts
            try:
                c0 = time.process_time()
                result = research_company(url, FIELD, workbook=book, delay=0, progress=False,
                                          refresh=True)
                return time.process_time() - c0, [p.url for p in result.crawl.pages]
            finally:
                book.close()

    def bare(urls: list[str]) -> float:
        c0 = time.process_time()
        with requests.Session() as session:
            for url in urls:
                response = session.get(url)
                if "html" in response.headers.get("Content-Type", ""):
                    trafilatura.extract(response.text, url=url)
        return time.process_time() - c0

    with served(name) as url:
        _seconds, urls = research(url)  # warm: imports, the server's file cache
        bare(urls)
        runs, anchors = [], []
        for _ in range(RUNS):  # taken in turn, so that both see the machine alike
            runs.append(research(url)[0])
            anchors.append(bare(urls))
    ours, anchor = min(runs), min(anchors)
    return name, len(urls), ours, anchor


def main() -> int:
    from tests.realsites import REALSITES, missing_reason

    reason = missing_reason()
    if reason:
        print(f"bench_politeness: skipped, {reason}")
        return 0
    print(f"bench_politeness: dev set in {REALSITES}")
    polite_run(POLITE_SITE)
    print()
    rows = [cpu_run(name) for name in CPU_SITES]
    print("b. CPU at delay 0: research_company against bare requests + bare trafilatura.extract "
          f"on the same final URLs (process CPU, best of {RUNS}, taken in turn)")
    print(table([(name, pages, f"{anchor:.2f}", f"{ours:.2f}", f"{ours / anchor:.2f}",
                  f"<= {CPU_RATIO_TARGET}", verdict(ours / anchor <= CPU_RATIO_TARGET))
                 for name, pages, ours, anchor in rows],
                ("site", "pages", "bare CPU s (anchor)", "research CPU s", "ratio", "target",
                 "")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
