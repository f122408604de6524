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

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from functools import lru_cache
from pathlib import Path

from infolib.brief import sections
from infolib.brief.sections import Sources
from infolib.errors import DataError, ExportError, NotFoundError
from infolib.files import write_file
from infolib.store.workbook import Workbook, open_workbook
from infolib.terminal import terminal_safe

__all__ = ["BriefData", "ExportError", "build_notebook", "collect", "export_html", "make_brief",
           "print_pdf", "sections"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "infolib_brief"
FORMATS = ("html", "pdf")
CHROMIUM = "/usr/bin/chromium"
PDF_TIMEOUT_S = 90


@dataclass
class BriefData:
    """Everything the brief shows, read from the workbook once."""

    field: str
    contact: str
    research: object  # ResearchResult
    gaps: object  # GapList
    plan: object  # QuestionPlan
    contact_row: dict | None = None
    meeting: dict | None = None  # sections.meeting_details of the contact's latest meeting
    outreach: object = None  # DataFrame
    reminders: object = None  # DataFrame
    seeker: str = ""
    today: date = dataclass_field(default_factory=date.today)
    sources: Sources = dataclass_field(default=None)

    def __post_init__(self):
        if self.sources is None:
            self.sources = Sources.of(self.research)

    @property
    def organisation(self) -> str:

        # it goes into the page title too, which sections.e() does not see
        return terminal_safe(self.research.profile.value("name") or self.plan.organisation)

    @property
    def role(self) -> str:
        row = self.contact_row or {}
        return str(row.get("role") or "") or self.plan.role or ""


# -- reading the workbook ---------------------------------------------------------------------------

def _same(a, b) -> bool:
    return " ".join(str(a or "").lower().split()) == " ".join(str(b or "").lower().split())


def collect(field: str, *, contact: str = "", workbook=None, today: date | None = None
            ) -> BriefData:
    """Read what the brief of ``field`` (for ``contact``) shows from the workbook.

    Uses the stored gap list and question plan when there are some, else makes (and stores)
    them with ``find_gaps`` and ``plan_questions``.

    Raises:
        DataError: no field is named.
        NotFoundError: no research is stored for the field, or it read no pages.
    """
    from infolib.outreach.reminders import due_reminders
    from infolib.planning.gaps import find_gaps, stored_gaps
    from infolib.planning.questions import plan_questions, stored_plan

    book = open_workbook(workbook)
    field = " ".join((field or "").split())
    contact = " ".join((contact or "").split())
    if not field:
        raise DataError("Which field is the brief for? Pass its name, e.g. "
                        "make_brief('Energy storage'); `infolib fields` lists them.")
    research = book.research.load(field)  # refused, saying how to research it
    if not research.ok:
        why = research.crawl.error or "no page could be read"
        raise NotFoundError(f"The latest research of {field!r} read no pages ({why}), so "
                            "there is nothing to brief from. Check the address, then run "
                            f"`infolib research URL --field {field!r} --refresh` again.")
    gaps = stored_gaps(field, workbook=book) or find_gaps(field, workbook=book)
    plan = stored_plan(field, contact, workbook=book) or plan_questions(field, workbook=book,
                                                                        contact=contact)
    today = today or date.today()

    contacts = book.contacts.table()
    contact_row = None
    if contact:
        mine = contacts[[_same(n, contact) for n in contacts["name"]]]
        if len(mine):
            contact_row = {k: (None if _missing(v) else v) for k, v in mine.iloc[0].to_dict().items()}

    outreach = book.log.outreach()
    reminders = due_reminders(workbook=book, today=today)
    meeting = None
    if contact:
        outreach = outreach[[_same(n, contact) for n in outreach["contact"]]]
        reminders = reminders[[_same(n, contact) for n in reminders["contact"]]]
        meetings = book.log.meetings()
        meetings = meetings[[_same(n, contact) for n in meetings["contact"]]]
        if len(meetings):
            meeting = sections.meeting_details(meetings.sort_values("starts").iloc[-1].to_dict())
    seeker = book.contacts.seeker() or {}
    return BriefData(field=field, contact=contact, research=research, gaps=gaps, plan=plan,
                     contact_row=contact_row, meeting=meeting, outreach=outreach,
                     reminders=reminders, seeker=str(seeker.get("name") or ""), today=today)


def _missing(value) -> bool:
    try:
        import pandas as pd

        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# -- the notebook -----------------------------------------------------------------------------------

def _guidance(data: BriefData) -> dict[str, str]:
    """Short advice beside each part, in the project's own words (no scraped text in here)."""
    plan = data.plan
    wrap = f"{plan.wrap_up_at:g}"
    minutes = int(plan.minutes)
    in_person = bool(data.meeting and data.meeting["mode"] == "in person")
    arrive = ("Arrive five minutes early and offer to buy the coffee." if in_person else
              "Test the call link and your sound five minutes before, somewhere quiet.")
    return {
        "title": (
            "**Before you go.** Read this brief the evening before, not in the lift. "
            "Print the question pages twice: one copy for you to write on, one to hand over so "
            "your contact can see where the conversation is heading. "
            f"{arrive} Open by saying that you are exploring the field, that you are at the "
            f"research stage, and that you will keep to the {minutes} minutes you asked for."),
        "profile": (
            "Every fact below comes from the organisation's own pages; a number in brackets "
            "points to the list of sources at the end, with the day each page was read. Do not "
            "spend the meeting on what these already answer: mention them to show you did the "
            "reading, and ask what is true *behind* them."),
        "news": (
            "Choose one item to bring up early (\"I saw that …, how has that changed your "
            "work?\"). It shows preparation and gives your contact something concrete to talk "
            "about. Check the date: news older than a year may be history."),
        "people": (
            "Look your contact up by hand before the meeting: their public profile, talks, "
            "articles, and how you came to know of them. infolib never scrapes LinkedIn."),
        "gaps": (
            "Red rows are the gaps: what a web page cannot tell you and a person inside can. "
            "Your questions aim at them, most important first. Green rows are covered: do not "
            "ask about them, build on them."),
        "questions": (
            f"Ask the first question by minute {plan.opening:g}, after a short introduction. "
            "Ask whether they prefer to take the questions one by one or just talk, and follow "
            "them if they wander somewhere useful. "
            f"**Start wrapping up at minute {wrap}**: ask the closing questions, thank them, "
            f"and offer to stop at minute {minutes}; stay longer only if they invite you to."),
        "outreach": (
            "After the meeting, write down straight away what you learned, the names they "
            "gave you and what you promised. Send the thank-you the same day (within 24 hours) "
            "and name what helped most. A month or two later, tell them what you did with "
            "their advice, even if you decided the field is not for you."),
        "sources": (
            "Every address cited in this brief, with the day it was read and, where the page "
            "gives one, the day it was published. Re-check anything old before quoting it."),
    }


def build_notebook(data: BriefData):
    """The brief as an nbformat v4 notebook: markdown headings and guidance, and code cells
    whose outputs are the parts computed here (HTML and plain text)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    tips = _guidance(data)
    cells = []

    def markdown(text: str, *tags: str):
        cells.append(new_markdown_cell(text, metadata={"tags": list(tags)} if tags else {}))

    def part(source: str, made, *tags: str):
        output = new_output("display_data", data=made.bundle())
        cells.append(new_code_cell(source, outputs=[output],
                                   metadata={"tags": list(tags)} if tags else {}))

    field_, contact = data.field, data.contact
    cells.append(new_code_cell(
        "import infolib.brief as brief\n"
        f"data = brief.collect({field_!r}, contact={contact!r}, "
        f"workbook={str(data.research.stored_in) if data.research.stored_in else None!r})",
        metadata={"tags": ["setup"]}))
    part("brief.sections.title_page(field=data.field, organisation=data.organisation, "
         "contact=data.contact, role=data.role, meeting=data.meeting, seeker=data.seeker, "
         "minutes=data.plan.minutes, today=data.today)",
         sections.title_page(field=field_, organisation=data.organisation, contact=contact,
                             role=data.role, meeting=data.meeting, seeker=data.seeker,
                             minutes=data.plan.minutes, today=data.today), "title")
    markdown(tips["title"], "guidance", "after-title")

    markdown("## 1. The organisation")
    markdown(tips["profile"], "guidance")
    part("brief.sections.profile_part(data.research, data.sources)",
         sections.profile_part(data.research, data.sources), "profile")

    markdown("## 2. Recent news")
    markdown(tips["news"], "guidance")
    part("brief.sections.news_part(data.research, data.sources)",
         sections.news_part(data.research, data.sources), "news")

    markdown("## 3. People")
    markdown(tips["people"], "guidance")
    part("brief.sections.people_part(data.research, data.sources, data.contact, data.contact_row)",
         sections.people_part(data.research, data.sources, contact, data.contact_row), "people")

    markdown("## 4. What the research does not tell you: the gap list")
    markdown(tips["gaps"], "guidance")
    part("brief.sections.gaps_part(data.gaps, data.sources, brief.sections.coverage_chart(data.gaps))",
         sections.gaps_part(data.gaps, data.sources, sections.coverage_chart(data.gaps)), "gaps")

    markdown("## 5. Questions for the meeting", "new-page")
    markdown(tips["questions"], "guidance")
    part("brief.sections.questions_part(data.plan, data.sources)",
         sections.questions_part(data.plan, data.sources), "questions")

    markdown("## 6. Outreach and reminders")
    markdown(tips["outreach"], "guidance")
    part("brief.sections.outreach_part(data.outreach, data.reminders, data.contact)",
         sections.outreach_part(data.outreach, data.reminders, contact), "outreach")

    markdown("## Sources", "appendix")
    markdown(tips["sources"], "guidance")
    part("brief.sections.appendix(data.sources)", sections.appendix(data.sources), "sources")

    title = f"Research brief: {data.organisation or field_}" + (f" · {contact}" if contact else "")
    nb = new_notebook(cells=cells, metadata={
        "title": title,
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "infolib": {"field": field_, "contact": contact, "made": data.today.isoformat()},
    })
    nbformat.validate(nb)
    return nb


# -- export -----------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config({"CSSHTMLHeaderPreprocessor": {"enabled": False}})
    return HTMLExporter(config=config, template_name=TEMPLATE_NAME,
                        extra_template_basedirs=[str(TEMPLATES)], exclude_input=True,
                        exclude_input_prompt=True, exclude_output_prompt=True,
                        exclude_anchor_links=True)


def export_html(nb) -> str:
    """The notebook as the brief's self-contained HTML (packaged template, code hidden)."""
    body, _resources = _exporter().from_notebook_node(nb)
    return body


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, then a rename."""

    write_file(path, data)


def chromium_path() -> str:
    """The system Chromium (``$INFOLIB_CHROMIUM`` overrides); ExportError if there is none."""
    candidates = [os.environ.get("INFOLIB_CHROMIUM"), CHROMIUM, shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise ExportError(f"Printing the brief as PDF needs Chromium, and it is not installed "
                      f"({CHROMIUM} is missing). `make test` installs it: apt-get install "
                      "chromium. Or make the HTML brief (to='html') and print it from a browser.")


def print_pdf(html_path: str | Path, pdf_path: str | Path, *, timeout: float = PDF_TIMEOUT_S) -> Path:
    """Print an HTML file to PDF with the system Chromium, headless (A4 from the page's CSS).

    Never downloads a browser. Writes ``pdf_path`` atomically."""
    html_path = Path(html_path).resolve()
    pdf_path = Path(pdf_path)
    browser = chromium_path()
    with tempfile.TemporaryDirectory(prefix="infolib-chromium-") as profile:
        out = Path(profile) / "brief.pdf"
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                   f"--user-data-dir={Path(profile) / 'user-data'}", "--no-pdf-header-footer",
                   "--virtual-time-budget=3000", f"--print-to-pdf={out}", html_path.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired:
            raise ExportError(f"Chromium did not finish printing the brief within {timeout:g} s; "
                              "try again, or print the HTML brief from a browser.") from None
        except OSError as exc:
            raise ExportError(f"Chromium ({browser}) could not be started: {exc}. Reinstall it: "
                              "apt-get install chromium.") from None
        if not out.is_file() or out.stat().st_size == 0 or not out.read_bytes().startswith(b"%PDF"):
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise ExportError(f"Chromium printed no PDF (exit code {done.returncode}): "
                              f"{' / '.join(detail) or 'no message'}. Check that {browser} runs "
                              "(`chromium --headless --version`), or print the HTML brief from a "
                              "browser.")
        _write(pdf_path, out.read_bytes())
    return pdf_path


def default_path(book, field: str, contact: str, to: str) -> Path:
    from infolib.planning.checklist import slug

    name = slug(field) + (f"-{slug(contact)}" if contact else "")
    return book.folder / "briefs" / f"brief-{name}.{to}"


def make_brief(field: str, *, to: str = "html", out: str | Path | None = None, contact: str = "",
               workbook=None) -> Path:
    """Make the printable research brief of ``field`` (for a meeting with ``contact``).

    Args:
        field: a researched field of the workbook.
        to: "html" (a self-contained page) or "pdf" (A4, printed with the system Chromium).
        out: where to write it; default ``<workbook>/briefs/brief-<field>[-<contact>].<to>``.
        contact: the person you will meet; their question plan, meeting, outreach and
            reminders are shown (a plan is made for them if none is stored).
        workbook: a Workbook or its folder; default the project's ``data/`` workbook.

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
        data = collect(field, contact=contact, workbook=book)
        path = Path(out).expanduser() if out else default_path(book, data.field, data.contact, kind)
        page = export_html(build_notebook(data))
    finally:
        if own:
            book.close()
    if kind == "html":
        _write(path, page.encode("utf-8"))
        return path
    with tempfile.TemporaryDirectory(prefix="infolib-brief-") as folder:
        html_path = Path(folder) / "brief.html"
        html_path.write_text(page, encoding="utf-8")
        return print_pdf(html_path, path)
