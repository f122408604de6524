"""Question plans on real organisations' sites: grounded, cited, varied, within budget.

Each of the seven dev sites in ``../shared/realsites`` (static snapshots of real organisations'
sites) is served by its production-like ``serve.py`` on 127.0.0.1 and researched as a user would
(``research_company``, 40 pages, delay 0); the demo site (``infolib demo``) likewise. A
20-minute meeting is then planned from the stored research (``plan_questions``), with no
contact and no role given, and each plan is measured:

* grounded questions per plan (target: at least 3 where the research has material);
* the share of grounded questions whose citation points to a page that was read and whose
  quoted finding is on that page (checked here on the stored page text, independently of the
  planner; target 1.00);
* the share of identical question texts between any two sites once names are removed (the
  organisation's name and the field), over the questions the planner chose (the closing
  questions are the same on every plan by design and are shown apart; target <= 30 %);
* plans over budget (more minutes than the meeting, or a wrap-up that starts late; target 0);
* double questions (two questions in one, "…, and why?"; target 0);
* coverage against the hand labels of which checklist topics each site really covers
  (``topics.json`` beside each dev site, ``data/demo/topics.json`` for the demo; only the
  ``high``-confidence labels): the share of covered/gap calls that agree (target >= .95), and
  how often the first evidence sentence shown for a covered topic is one of the labelled
  quotes' sentences.

Anchor, in the same run: the demo site's figures (a fictional site whose research holds news,
products, open roles and a mission) as the row beside the real sites, and the same plans built
from the gap list alone (no grounded questions, as plans were made before grounded questions)
for the identical-text share.

Run from the repo root:  python bench/bench_questions.py [NAME ...]
Skips the dev sites, saying why, when ../shared/realsites is not beside the checkout.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import table, use_repo_root, verdict  # noqa: E402

use_repo_root()

from infolib import plan_questions, research_company  # noqa: E402
from infolib.planning.questions import asks_two_things  # noqa: E402
from tests import realsites  # noqa: E402

MINUTES = 20
DEMO_FIELD = "Energy storage"
TARGETS = {"grounded": 3, "cited": 1.0, "identical": 0.30, "over": 0, "double": 0,
           "agreement": 0.95}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-",
                                         "—": "-"}))
    return " ".join(text.lower().split())


def without_names(text: str, names: list[str]) -> str:
    """The question in lower case with the organisation's name and the field taken out."""
    out = _norm(text)
    for name in sorted({_norm(n) for n in names if n}, key=len, reverse=True):
        out = out.replace(name, "<name>")
    return re.sub(r"[^\w<> ]+", "", out).strip()


def cited_ok(question, pages: dict) -> bool:
    """The citation names a page that was read, and the quoted finding is on that page."""
    cites = question.cites or {}
    page = pages.get(cites.get("url"))
    quote = _norm(cites.get("text", "")).removesuffix("...").strip()  # NFKC made "…" "..."
    if page is None or not quote:
        return False
    return quote in _norm(" ".join((page.title or "", page.description or "", page.text or "")))


def measure(name: str, plan, pages: list) -> dict:
    """The figures of one plan."""
    by_url = {p.url: p for p in pages}
    grounded = [q for q in plan.questions if q.kind == "grounded"]
    closing_start = next((start for q, start in plan.timeline() if q.kind == "closing"), 0.0)
    names = [plan.organisation, plan.field, realsites.gold(name).get("name", "")
             if name != "demo" else ""]
    return {
        "questions": len(plan.questions),
        "grounded": len(grounded),
        "cited": sum(cited_ok(q, by_url) for q in grounded),
        "minutes": plan.planned_minutes,
        "over": int(plan.planned_minutes > plan.minutes + 1e-9 or
                    closing_start > plan.wrap_up_at + 1e-9),
        "double": sum(asks_two_things(q.text) for q in plan.questions),
        "texts": {without_names(q.text, names) for q in plan.questions if q.kind != "closing"},
        "closing": {without_names(q.text, names) for q in plan.questions if q.kind == "closing"},
        "plan": plan,
    }


def gap_only_texts(book, field: str, plan) -> set[str]:
    """The same meeting planned from the gap list alone (no grounded questions)."""
    from infolib.planning.checklist import load_checklist
    from infolib.planning.gaps import find_gaps
    from infolib.planning.questions import build_plan

    gaps = find_gaps(field, workbook=book)
    old = build_plan(gaps, load_checklist(field, book.folder, compensation=True),
                     minutes=MINUTES, organisation=plan.organisation)
    return {without_names(q.text, [plan.organisation, field]) for q in old.questions
            if q.kind != "closing"}


def identical_share(sets: dict[str, set[str]]) -> tuple[float, float]:
    """(mean, worst) over ordered pairs of sites of the share of one site's question texts
    that another site's plan holds word for word."""
    shares = [len(a & b) / len(a) for (_, a), (_, b) in itertools.permutations(sets.items(), 2)
              if a]
    return (sum(shares) / len(shares), max(shares)) if shares else (0.0, 0.0)


def coverage_figures(name: str, book, field: str) -> dict:
    """The gap list's agreement with the site's hand labels (zeros when it has none)."""
    import json

    from infolib.planning.coverage import agreement_with_labels
    from infolib.planning.gaps import find_gaps

    path = (Path("data/demo/topics.json") if name == "demo"
            else realsites.REALSITES / name / "topics.json")
    if not path.is_file():
        return {"agree": 0, "labelled": 0, "top_quoted": 0, "top_compared": 0, "disagree": []}
    labels = json.loads(path.read_text(encoding="utf-8"))["labels"]
    return agreement_with_labels(find_gaps(field, workbook=book).rows, labels)


def plan_site(name: str) -> tuple[dict, set[str]]:
    if name == "demo":
        from infolib.demo.site import serve_demo
        from infolib.store.workbook import Workbook

        with serve_demo(port=0) as site, tempfile.TemporaryDirectory() as folder:
            book = Workbook(Path(folder) / "wb")
            try:
                research_company(site.url, DEMO_FIELD, workbook=book, delay=0, progress=False)
                plan = plan_questions(DEMO_FIELD, workbook=book, minutes=MINUTES)
                pages = book.research.inputs(DEMO_FIELD)[0]
                figures = measure(name, plan, pages)
                figures["coverage"] = coverage_figures(name, book, DEMO_FIELD)
                return figures, gap_only_texts(book, DEMO_FIELD, plan)
            finally:
                book.close()
    with realsites.researched(name) as (_research, book, field):
        plan = plan_questions(field, workbook=book, minutes=MINUTES)
        pages = book.research.inputs(field)[0]
        figures = measure(name, plan, pages)
        figures["coverage"] = coverage_figures(name, book, field)
        return figures, gap_only_texts(book, field, plan)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(realsites.SITES))
    parser.add_argument("--show", action="store_true", help="print every plan")
    args = parser.parse_args()
    missing = realsites.missing_reason()
    names = [] if missing else list(args.names)
    if missing:
        print(f"dev sites skipped: {missing}")
    results, before = {}, {}
    for name in names + ["demo"]:
        results[name], before[name] = plan_site(name)
        if args.show:
            print(f"--- {name}\n{results[name]['plan'].to_text()}\n")
    rows = []
    for name, r in results.items():
        label = "demo site (anchor)" if name == "demo" else name
        rows.append((label, r["questions"], r["grounded"],
                     f"{r['cited']}/{r['grounded']}" if r["grounded"] else "n/a",
                     f"{r['minutes']:g}", r["over"], r["double"]))
    real = {n: r for n, r in results.items() if n != "demo"}
    pooled = real or results
    grounded = sum(r["grounded"] for r in pooled.values())
    cited = sum(r["cited"] for r in pooled.values())
    rows.append(("dev set" if real else "all", sum(r["questions"] for r in pooled.values()),
                 f"{grounded / len(pooled):.1f} a plan", f"{cited}/{grounded}",
                 "", sum(r["over"] for r in pooled.values()),
                 sum(r["double"] for r in pooled.values())))
    print(table(rows, ("site", "questions", "grounded", "cited & on page", "minutes planned",
                       "over budget", "double")))
    print()
    chosen = identical_share({n: r["texts"] for n, r in results.items()})
    everything = identical_share({n: r["texts"] | r["closing"] for n, r in results.items()})
    templates = identical_share(before)
    print(table([("chosen questions (closing apart)", f"{chosen[0]:.0%}", f"{chosen[1]:.0%}"),
                 ("with the 3 closing questions", f"{everything[0]:.0%}",
                  f"{everything[1]:.0%}"),
                 ("anchor: gap list alone (templates)", f"{templates[0]:.0%}",
                  f"{templates[1]:.0%}")],
                ("identical texts between two sites, names removed", "mean of pairs",
                 "worst pair")))
    print()
    rows, sums = [], {"agree": 0, "labelled": 0, "top_quoted": 0, "top_compared": 0}
    for name, r in results.items():
        c = r["coverage"]
        if not c["labelled"]:
            continue
        if name != "demo":
            for key in sums:
                sums[key] += c[key]
        rows.append(("demo site (own labels)" if name == "demo" else name,
                     f"{c['agree']}/{c['labelled']}", f"{c['top_quoted']}/{c['top_compared']}",
                     ", ".join(c["disagree"]) or "-"))
    agreement = sums["agree"] / sums["labelled"] if sums["labelled"] else 0.0
    quoted = sums["top_quoted"] / sums["top_compared"] if sums["top_compared"] else 0.0
    rows.append(("dev set", f"{sums['agree']}/{sums['labelled']} = {agreement:.2f}",
                 f"{sums['top_quoted']}/{sums['top_compared']} = {quoted:.2f}", ""))
    print(table(rows, ("coverage vs hand labels (high)", "covered/gap calls agree",
                       "top evidence is a labelled quote", "called otherwise")))
    print()
    least = min((r["grounded"] for r in pooled.values()), default=0)
    share = cited / grounded if grounded else 0.0
    over = sum(r["over"] for r in results.values())
    double = sum(r["double"] for r in results.values())
    print(table([
        ("grounded questions, fewest in a plan", str(least), ">= 3", verdict(least >= 3)),
        ("grounded citations read & on the page", f"{share:.2f}", "1.00",
         verdict(share >= TARGETS["cited"])),
        ("identical texts, mean of pairs", f"{chosen[0]:.0%}", "<= 30%",
         verdict(chosen[0] <= TARGETS["identical"])),
        ("plans over budget", str(over), "0", verdict(over == 0)),
        ("double questions", str(double), "0", verdict(double == 0)),
        ("coverage agreement with the labels (dev set)", f"{agreement:.2f}", ">= .95",
         verdict(agreement >= TARGETS["agreement"]) if sums["labelled"] else "n/a"),
    ], ("figure (dev set and demo)", "value", "target", "verdict")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
