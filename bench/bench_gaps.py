"""Gap scoring and question planning for a field with 200 researched pages.

The demo company is researched once (served on 127.0.0.1); its pages are then copied, with
their paragraphs shuffled and every sentence made unique by a fixed seed, each copy at its own
URL, into a 200-page crawl stored in a fresh workbook. Timed (median of 5, in one warm
process so that imports are not counted; the cold first call is shown too):

* ``find_gaps``: read the pages from SQLite, split sentences, TF-IDF, score 14 topics, store;
* ``plan_questions(rebuild=True)``: read the gap list, build the research check, choose, check,
  time and store the questions;
* anchor: bare scikit-learn ``TfidfVectorizer().fit_transform`` over the same sentences, the
  least any TF-IDF coverage judgement costs.

Target (issue 3): gaps + questions for 200 pages under 2 s.

Run from the repo root:  python bench/bench_gaps.py
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median, table, use_repo_root, verdict  # noqa: E402

use_repo_root()

PAGES = 200
RUNS = 5
TARGET_S = 2.0
FIELD = "Energy storage"


def build_workbook(folder: Path):
    from infolib import Workbook, research_company
    from infolib.demo.site import serve_demo

    book = Workbook(folder)
    with serve_demo(port=0) as site:
        research = research_company(site.url, FIELD, workbook=book, delay=0, progress=False)
    rng = random.Random(7)
    source = [p for p in research.crawl.pages if p.text]
    pages = []
    for i in range(PAGES):
        page = source[i % len(source)]
        paragraphs = page.text.split("\n")
        rng.shuffle(paragraphs)
        # every sentence made unique, as on 200 different pages (duplicates are read once)
        text = re.sub(r"\.(\s|$)", lambda m: f" at site {rng.randint(1, 10**6)}.{m.group(1)}",
                      "\n".join(paragraphs))
        pages.append(replace(page, url=f"{page.url}?copy={i}", text=text))
    crawl = replace(research.crawl, start_url=research.crawl.start_url + "big/", pages=pages,
                    skipped=[])
    book.research.save(FIELD, crawl, research.profile, research.summary)
    return book


def main() -> None:
    from infolib import find_gaps, plan_questions
    from infolib.planning.coverage import english_pages, research_sentences

    with tempfile.TemporaryDirectory() as tmp:
        book = build_workbook(Path(tmp))
        pages_used = len(book.research.inputs(FIELD)[0])

        t0 = time.perf_counter()
        gaps = find_gaps(FIELD, workbook=book)
        plan = plan_questions(FIELD, workbook=book, rebuild=True)
        cold = time.perf_counter() - t0

        gap_times, plan_times = [], []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            gaps = find_gaps(FIELD, workbook=book)
            t1 = time.perf_counter()
            plan = plan_questions(FIELD, workbook=book, rebuild=True)
            t2 = time.perf_counter()
            gap_times.append(t1 - t0)
            plan_times.append(t2 - t1)

        from sklearn.feature_extraction.text import TfidfVectorizer

        pages = english_pages(book.research.inputs(FIELD)[0])[0]
        sentences = [s.text for s in research_sentences(pages)]
        anchor = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            TfidfVectorizer().fit_transform(sentences)
            anchor.append(time.perf_counter() - t0)
        book.close()

    total = median(gap_times) + median(plan_times)
    rows = [
        ("anchor: bare TfidfVectorizer on the sentences", f"{median(anchor):.3f}", ""),
        ("find_gaps (load, score, store)", f"{median(gap_times):.3f}", ""),
        ("plan_questions (rebuild, check, store)", f"{median(plan_times):.3f}", ""),
        ("gaps + questions", f"{total:.3f}", f"< {TARGET_S:g} s: {verdict(total < TARGET_S)}"),
        ("first call, cold (imports included)", f"{cold:.3f}", "info"),
    ]
    print(f"{pages_used} pages, {len(sentences)} sentences, {len(gaps.rows)} topics, "
          f"{len(plan.questions)} questions; median of {RUNS}")
    print(table(rows, ("what", "seconds", "target")))
    print(f"gaps + questions / anchor: {total / median(anchor):.1f}x")


if __name__ == "__main__":
    main()
