"""The printable research brief: one A4 document to read before an informational interview.

``make_brief(field, contact=…)`` gathers what the workbook knows about a field (the sourced
company profile and summary, the news, the people, the gap list, the question plan for the
contact, the outreach and its reminders), builds a notebook from it in this process, and
exports that notebook with nbconvert and the template packaged here
(``infolib/brief/templates/infolib_brief``). No kernel runs: the code cells carry the one-line
call that makes each part as their source and the part's HTML and plain text as their outputs,
so the notebook is also a faithful record (``build_notebook``) that any Jupyter can open.

The HTML shows no code, loads nothing from the network (no script at all, the chart is an
inline PNG, the style sheet is inline) and prints on A4. ``to="pdf"`` prints that HTML with the
system Chromium, headless. Every string that came from the web is escaped, and only http(s)
addresses become links.

::

    from infolib.brief import make_brief
    make_brief("Energy storage", contact="Ada Example")            # briefs/brief-….html
    make_brief("Energy storage", contact="Ada Example", to="pdf")  # briefs/brief-….pdf
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from infolib.brief import sections
from infolib.brief.collect import BriefData, collect
from infolib.brief.export import (
    _write,
    chromium_path,
    export_html,
    fits,
    page_fill,
    print_pdf,
    read_pages,
)
from infolib.brief.notebook import build_notebook
from infolib.errors import DataError, ExportError
from infolib.store.workbook import Workbook, open_workbook

__all__ = ["BriefData", "ExportError", "build_notebook", "chromium_path", "collect", "default_path",
           "export_html", "make_brief", "page_fill", "print_pdf", "sections"]

FORMATS = ("html", "pdf")
#: The heading that opens the questions (``notebook.build_notebook``).
QUESTIONS_HEADING = "Questions for the meeting"
log = logging.getLogger(__name__)


def default_path(book, field: str, contact: str, to: str) -> Path:
    from infolib.planning.checklist import slug

    name = slug(field) + (f"-{slug(contact)}" if contact else "")
    return book.folder / "briefs" / f"brief-{name}.{to}"


def make_brief(field: str, *, to: str = "html", out: str | Path | None = None, contact: str = "",
               workbook=None, organisation: str | None = None) -> Path:
    """Make the printable research brief of ``field`` (for a meeting with ``contact``).

    Args:
        field: a researched field of the workbook.
        to: "html" (a self-contained page) or "pdf" (A4, printed with the system Chromium).
        out: where to write it; default ``<workbook>/briefs/brief-<field>[-<contact>].<to>``.
        contact: the person you will meet; their question plan, meeting, outreach and
            reminders are shown (a plan is made for them if none is stored).
        workbook: a Workbook or its folder; default the project's ``data/`` workbook.
        organisation: in a field of several organisations, the one the meeting is at (name
            or address; default the contact's, else the one researched first); the brief
            lists the others in one table.

    Returns the path written. Raises DataError (a format other than html/pdf, no field
    named), ExportError (no Chromium for a PDF, or it failed), NotFoundError (no research for
    the field, or it read no pages); nothing is written then.
    """

    kind = str(to or "").strip().lower().lstrip(".")
    if kind not in FORMATS:
        raise DataError(f"A brief can be made as 'html' or 'pdf', not {to!r}: pass to='html' "
                        "(open it in a browser) or to='pdf' (A4, ready to print).")
    if kind == "pdf":
        chromium_path()  # fail before any work if there is nothing to print with
    own = not isinstance(workbook, Workbook)
    book = open_workbook(workbook)
    try:
        data = collect(field, contact=contact, workbook=book, organisation=organisation)
        path = Path(out).expanduser() if out else default_path(book, data.field, data.contact, kind)
        if kind == "html":
            _write(path, export_html(build_notebook(data)).encode("utf-8"))
            return path
        return _print_to_fit(data, path)
    finally:
        if own:
            book.close()


def _print_to_fit(data: BriefData, path: Path) -> Path:
    """Print the brief with the roomiest layout that fits: page one's content one step less
    (``sections.DENSITIES``) while the questions do not start on page two, less room to write
    under each question (``sections.WRITE_LINES``) while the brief runs past
    ``sections.MAX_PAGES`` pages or a page is left nearly empty; the tightest when none fits."""
    import dataclasses

    front, write = 0, 0
    fronts, writes = sections.DENSITIES, sections.WRITE_LINES
    with tempfile.TemporaryDirectory(prefix="infolib-brief-") as folder:
        best, best_pages = None, None
        for attempt in range(len(fronts) + len(writes)):
            density = dataclasses.replace(fronts[front], write_lines=writes[write])
            html_path = Path(folder) / f"brief-{attempt}.html"
            html_path.write_text(export_html(build_notebook(data, density)), encoding="utf-8")
            pdf_path = print_pdf(html_path, Path(folder) / f"brief-{attempt}.pdf")
            pages = read_pages(pdf_path)
            fills = [fill for fill, _text in pages]
            log.info("brief layout %s: %d pages, filled %s", density, len(pages),
                     [round(f, 2) for f in fills])
            if best is None or len(pages) < best_pages:
                best, best_pages = pdf_path, len(pages)
            if fits(fills, sections.MAX_PAGES):
                best = pdf_path
                break
            starts = next((i for i, (_fill, text) in enumerate(pages)
                           if QUESTIONS_HEADING in text), None)
            if (density.questions_on_new_page and (starts is None or starts > 1)
                    and front + 1 < len(fronts)):
                front += 1  # page one spills over: list less on it
            elif write + 1 < len(writes):
                write += 1
            elif front + 1 < len(fronts):
                front += 1
            else:
                break
        _write(path, best.read_bytes())
        return path
