"""The whole journey on the embedded demo, offline: what ``make demo`` runs.

Serve the demo company on 127.0.0.1, start a demo field with ``new_field``, execute its
notebook series 01–06 headless (nbclient, a real kernel) with the demo's answers filled in,
load the demo interview log, look at the site again once it has moved on (``changes.txt``:
what changed between the two crawls), write the gap list after the meeting (``gaps.txt``: the
topics the meeting answered, with who and when), and write the research brief (HTML and PDF)
and the referral analysis under ``out/``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from infolib.store.workbook import Workbook

FIELD = "Energy storage (demo)"
CONTACT = "Tomas Lindqvist"
# what a user would type in each notebook's parameters on the demo
ANSWERS = {
    "01-research-company": {"delay": 0.0},
    "02-find-gaps": {"want_to_learn": ["how people move from field service into data roles"],
                     "outcome": "decide whether field work in energy storage suits me"},
    "03-plan-questions": {},
    "04-outreach": {"my_name": "Sam Seeker", "my_email": "sam@example.org",
                    "my_phone": "+44 7700 900123", "my_profile": "https://example.org/sam",
                    "my_background": "a field engineer moving into data work",
                    "organisation": "Larkspur Grid Systems",
                    "contact_email": "tomas@larkspur.example", "how_found": "alumni",
                    "why_them": "your post on why state of health matters",
                    "sent_on": "2026-11-02"},
    "05-interview-log": {"meeting_time": "2026-11-12 15:30", "mode": "video",
                         "place": "video call link in the invitation",
                         "insights": ["Most entrants underestimate the data-quality work."],
                         # what Tomas said to the questions on the goals set in notebook 02
                         "answers": {
                             "how people move from field service into data roles":
                                 "Most of the data team started in field service; the move "
                                 "comes after a couple of winters of commissioning.",
                             "decide whether field work in energy storage suits me":
                                 "Shadow a commissioning crew for a week before deciding."},
                         "advice": ["Learn SQL properly before anything else."],
                         "leads": ["Ruth on the people team"]},
    "06-referral-analysis": {"demo_log": True},
}


@dataclass
class JourneyResult:
    """What the demo journey made (``made``, under ``out``), where its workbook is, and how
    long each step took."""

    out: Path
    workbook: Path
    made: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def to_text(self) -> str:
        """What was made, the times, and how to open the demo field's notebooks."""
        lines = [f"The demo journey is in {self.out}:"]
        lines += [f"  {p.relative_to(self.out)}" for p in self.made]
        lines += ["", "Times: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items()),
                  "", f"Open the demo field's notebooks in JupyterLab with:  make lab "
                  f"WORKBOOK={self.workbook}"]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.to_text()

    def to_dict(self) -> dict:
        """The folders and files as paths (text), the times in seconds."""
        return {"out": str(self.out), "workbook": str(self.workbook),
                "made": [str(p) for p in self.made],
                "seconds": {k: round(v, 3) for k, v in self.seconds.items()}}

    def _repr_html_(self) -> str:
        import html

        items = "".join(f"<li><code>{html.escape(str(p.relative_to(self.out)))}</code></li>"
                        for p in self.made)
        times = ", ".join(f"{html.escape(k)} {v:.1f} s" for k, v in self.seconds.items())
        return (f"<p>The demo journey is in <code>{html.escape(str(self.out))}</code>:</p>"
                f"<ul>{items}</ul><p>Times: {times}</p>")


def execute_notebook(path: Path, out_path: Path, timeout: int = 600) -> None:
    """Run a notebook on a real kernel in its own folder and save it with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    finally:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, out_path)


def _look_again(site, workbook: Path, out: Path) -> Path:
    """The demo site moves on to its later version and is researched again; what changed
    between the two crawls is written to ``out/changes.txt`` (and shows in the brief)."""
    from infolib.research.changes import changes
    from infolib.research.company import research_company

    site.publish_update()
    research_company(site.url, FIELD, workbook=workbook, refresh=True, progress=False,
                     **ANSWERS["01-research-company"])
    path = out / "changes.txt"
    path.write_text(changes(FIELD, workbook=workbook).to_text() + "\n", encoding="utf-8")
    return path


def _gaps_after_meeting(workbook: Path, out: Path) -> Path:
    """The gap list after the meeting, written to ``out/gaps.txt``: the topics Tomas answered
    (notebook 05's notes on his planned questions) show as answered, with the date."""
    from infolib.planning.gaps import find_gaps

    path = out / "gaps.txt"
    path.write_text(find_gaps(FIELD, workbook=workbook).to_text() + "\n", encoding="utf-8")
    return path


def run_demo_journey(out: str | Path = "out", *, workbook: str | Path | None = None,
                     pdf: bool = True) -> JourneyResult:
    """Run the whole demo journey; returns what was made where (the workbook defaults to
    ``out/workbook``)."""
    from infolib.demo.site import serve_demo
    from infolib.fields import SERIES, new_field, notebook_parameters, parameterise
    from infolib.referrals import analyse_referrals

    out = Path(out).resolve()
    workbook = Path(workbook).resolve() if workbook else out / "workbook"
    result = JourneyResult(out=out, workbook=workbook)
    clock = time.perf_counter()
    with serve_demo() as site:
        folder = new_field(FIELD, company=site.url, role="Data Engineer", contact=CONTACT,
                           workbook=workbook, force=True)
        for name in SERIES:
            path = folder / f"{name}.ipynb"
            notebook = json.loads(path.read_text("utf-8"))
            values = notebook_parameters(name, FIELD, site.url, "Data Engineer", CONTACT, 20,
                                         workbook)
            path.write_text(json.dumps(parameterise(notebook, {**values, **ANSWERS[name]}),
                                       indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            started = time.perf_counter()
            execute_notebook(path, out / "notebooks" / path.name)
            result.seconds[name] = time.perf_counter() - started
            result.made.append(out / "notebooks" / path.name)
        # weeks later the organisation's site has moved on; the seeker looks again
        started = time.perf_counter()
        result.made.append(_look_again(site, workbook, out))
        result.seconds["look again"] = time.perf_counter() - started
        result.made.append(_gaps_after_meeting(workbook, out))
    book = Workbook(workbook)
    from infolib.brief import make_brief

    for kind in ("html", "pdf") if pdf else ("html",):
        started = time.perf_counter()
        result.made.append(make_brief(FIELD, to=kind, contact=CONTACT, workbook=book,
                                      out=out / f"brief.{kind}"))
        result.seconds[f"brief {kind}"] = time.perf_counter() - started
    analysis = analyse_referrals(workbook=book)
    charts = out / "referrals"
    result.made.extend(analysis.save_plots(charts))
    (charts / "referrals.json").write_text(json.dumps(analysis.to_dict(), indent=2,
                                                      ensure_ascii=False) + "\n", "utf-8")
    result.made.append(charts / "referrals.json")
    book.close()
    result.seconds["total"] = time.perf_counter() - clock
    return result
