"""The printable research brief of the demo field: HTML and PDF, beside plain nbconvert.

The demo company is researched once (served on 127.0.0.1) into a fresh workbook, with a
contact, a logged message and a meeting, and a question plan for that contact. Timed (median
of 3, in one warm process; the cold first call is shown too):

* ``make_brief(to="html")``: read the workbook, gap list and plan, draw the coverage chart,
  build the notebook, export it with the packaged template, write it;
* ``make_brief(to="pdf")``: the same, then print it with the system Chromium (headless);
* the steps: ``collect`` + ``build_notebook`` (workbook and chart), ``export_html`` (the
  packaged template alone);
* anchors, on the same brief notebook saved as .ipynb: ``jupyter nbconvert --to html`` as a
  subprocess (what a user would type; stock lab template, code shown), and the stock
  ``HTMLExporter`` in this process.

Targets: HTML brief under 5 s, PDF brief under 10 s.

Run from the repo root:  python bench/bench_brief.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, median, table, use_repo_root, verdict  # noqa: E402

use_repo_root()

RUNS = 3
HTML_TARGET_S = 5.0
PDF_TARGET_S = 10.0
FIELD = "Energy storage"
CONTACT = "Ada Example"


def build_workbook(folder: Path):
    from infolib import Workbook, plan_questions, research_company
    from infolib.demo.site import serve_demo

    book = Workbook(folder)
    with serve_demo(port=0) as site:
        research_company(site.url, FIELD, workbook=book, delay=0, progress=False)
    book.contacts.add(CONTACT, organisation="Larkspur Grid Systems", role="Data engineer")
    book.log.add_outreach(CONTACT, "email", sent="2026-03-02")
    book.log.add_meeting(CONTACT, "2026-03-10 14:30", mode="in_person", place="Harbourside café")
    plan_questions(FIELD, workbook=book, contact=CONTACT)
    return book


def timed(fn, runs: int = RUNS) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def main() -> None:
    import nbformat

    from infolib.brief import build_notebook, chromium_path, collect, export_html, make_brief
    from infolib.errors import InfolibError

    python = ROOT / ".venv" / "bin" / "python"
    python = str(python) if python.exists() else sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = build_workbook(tmp / "workbook")

        t0 = time.perf_counter()
        make_brief(FIELD, contact=CONTACT, workbook=book)
        cold = time.perf_counter() - t0

        html_times, html_path = timed(lambda: make_brief(FIELD, contact=CONTACT, workbook=book))
        try:
            chromium_path()
            pdf_times, pdf_path = timed(lambda: make_brief(FIELD, contact=CONTACT, workbook=book,
                                                           to="pdf"))
        except InfolibError as exc:  # no Chromium: report it, time the rest
            print(f"PDF not timed: {exc}")
            pdf_times, pdf_path = [], None

        build_times, nb = timed(lambda: build_notebook(collect(FIELD, contact=CONTACT,
                                                               workbook=book)))
        export_times, page = timed(lambda: export_html(nb))

        notebook = tmp / "brief.ipynb"
        nbformat.write(nb, notebook)
        command = [python, "-m", "jupyter", "nbconvert", "--to", "html", str(notebook),
                   "--output-dir", str(tmp / "nbconvert")]
        cli_times, _ = timed(lambda: subprocess.run(command, check=True, capture_output=True))

        from nbconvert import HTMLExporter

        stock = HTMLExporter()
        stock_times, stock_page = timed(lambda: stock.from_notebook_node(nb)[0])
        sizes = (len(page) // 1024, len(stock_page) // 1024,
                 pdf_path.stat().st_size // 1024 if pdf_path else 0)
        book.close()

    html_s = median(html_times)
    rows = [
        ("anchor: jupyter nbconvert --to html (subprocess)", f"{median(cli_times):.3f}", ""),
        ("anchor: stock HTMLExporter in process", f"{median(stock_times):.3f}", ""),
        ("collect + build_notebook (workbook, chart)", f"{median(build_times):.3f}", ""),
        ("export_html (packaged template)", f"{median(export_times):.3f}", ""),
        ("make_brief to html", f"{html_s:.3f}", f"< {HTML_TARGET_S:g} s: {verdict(html_s < HTML_TARGET_S)}"),
    ]
    if pdf_times:
        pdf_s = median(pdf_times)
        rows.append(("make_brief to pdf (system Chromium)", f"{pdf_s:.3f}",
                     f"< {PDF_TARGET_S:g} s: {verdict(pdf_s < PDF_TARGET_S)}"))
    rows.append(("first html brief, cold (imports included)", f"{cold:.3f}", "info"))
    print(f"brief of {FIELD!r} for {CONTACT}: {len(nb.cells)} cells; HTML {sizes[0]} KiB "
          f"(stock lab export {sizes[1]} KiB), PDF {sizes[2]} KiB; median of {RUNS}")
    print(table(rows, ("what", "seconds", "target")))
    print(f"make_brief html / jupyter nbconvert subprocess: {html_s / median(cli_times):.2f}x")


if __name__ == "__main__":
    main()
