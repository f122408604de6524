"""Research quality on real organisations' sites: the dev set's gold facts, scored.

Each of the seven dev sites in ``../shared/realsites`` (static snapshots of real organisations'
sites with hand-checked gold facts) is served by its production-like ``serve.py`` on 127.0.0.1,
researched as a user would (``research_company``, 40 pages, delay 0) and scored by the dev set's
own ``score.py``. Printed per site and pooled over the set, beside the issue's targets:

  name right; people precision / recall and roles; products precision / recall; phantom open
  roles (reported where the site says it is not hiring); news precision / recall / dates;
  mission, founding year and headquarters found where the gold has them.

Anchor for the time: the same pages fetched with a bare ``requests`` session and extracted with
bare ``trafilatura.extract``, in the same run. With ``--prefix`` each site is also served under
``/NAME/`` (a site that lives under a path) and scored the same way.

Run from the repo root:  python bench/bench_facts.py [--prefix] [NAME ...]
Skips, saying why, when ../shared/realsites is not beside the checkout.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import table, use_repo_root, verdict  # noqa: E402

use_repo_root()

from infolib import research_company  # noqa: E402
from tests import realsites  # noqa: E402

PAGES = 40
COLUMNS = ("name", "people_p", "people_r", "roles", "products_p", "products_r", "head_p",
           "head_r", "phantom", "jobs_r", "news_p", "news_r", "dates", "mission", "founded", "hq")
HEADERS = ("site", "name", "people P", "people R", "roles", "products P", "products R",
           "products P*", "products R*", "phantom roles", "jobs R", "news P", "news R", "dates",
           "mission", "founded", "hq")


def cell(value) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "ok" if value else "miss"
    if isinstance(value, int):
        return str(value)
    return f"{value:.2f}"


def bare_seconds(urls: list[str]) -> float:
    """The anchor: the same pages fetched with a bare requests session and extracted with bare
    trafilatura (no politeness, robots, cache, profile or store)."""
    import requests
    import trafilatura

    start = time.perf_counter()
    with requests.Session() as session:
        for url in urls:
            response = session.get(url, timeout=10)
            if "html" in response.headers.get("Content-Type", ""):
                trafilatura.extract(response.text, url=url)
    return time.perf_counter() - start


def run(names: list[str], prefix: bool) -> tuple[list[tuple], dict, list[tuple]]:
    rows, outs, timing, heads = [], {}, [], {}
    for name in names:
        label = f"{name} (under /{name}/)" if prefix else name
        with realsites.served(name, prefix=f"/{name}/" if prefix else None) as url:
            with tempfile.TemporaryDirectory() as folder:
                t0 = time.perf_counter()
                result = research_company(url, "Dev set", workbook=Path(folder) / "wb",
                                          max_pages=PAGES, delay=0, progress=False)
                seconds = time.perf_counter() - t0
                research = result.to_dict()
                urls = [p["url"] for p in research["pages"]]
            anchor = bare_seconds(urls)
        out = realsites.score(name, research)
        heads[label] = realsites.products_by_head(name, research)
        outs[label] = out
        figures = realsites.figures(out)
        figures["head_p"], figures["head_r"] = heads[label]["precision"], heads[label]["recall"]
        rows.append((label, *[cell(figures[c]) for c in COLUMNS]))
        timing.append((label, len(urls), f"{seconds:.2f}", f"{anchor:.2f}",
                       f"{seconds / anchor:.1f}x" if anchor else "n/a"))
    overall = realsites.pooled(outs)
    overall["head_p"] = sum(h["extracted_matching"] for h in heads.values()) / max(
        1, sum(h["extracted"] for h in heads.values()))
    overall["head_r"] = sum(h["found"] for h in heads.values()) / max(
        1, sum(h["gold"] for h in heads.values()))
    rows.append(("pooled over the set", *[cell(overall[c]) for c in COLUMNS]))
    return rows, overall, timing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", action="store_true", help="also serve each site under /NAME/")
    parser.add_argument("names", nargs="*", default=list(realsites.SITES))
    args = parser.parse_args()
    missing = realsites.missing_reason()
    if missing:
        print(f"skipped: {missing}")
        return 0
    for prefix in (False, True) if args.prefix else (False,):
        rows, overall, timing = run(args.names, prefix)
        print(table(rows, HEADERS))
        print("products P*/R*: the scorer run with each gold product name cut before its "
              "description ('CommCare (no-code platform …)' -> 'CommCare'); see "
              "tests/realsites.products_by_head")
        print()
        print(table(timing, ("site", "pages", "research s", "bare fetch+extract s (anchor)",
                             "ratio")))
        print()
        targets = [(key, cell(overall[key]), f">= {goal:.2f}",
                    verdict(overall[key] is not None and overall[key] >= goal))
                   for key, goal in realsites.TARGETS.items()]
        targets.append(("phantom open roles", str(overall["phantom"]), "0",
                        verdict(overall["phantom"] == 0)))
        print(table(targets, ("pooled figure", "value", "target", "verdict")))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
