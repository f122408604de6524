"""Notebooks 03, 04 and 05 used as a newcomer would, in JupyterLab in a real (headless)
browser: edit a question without ✓ and Save, add a contact in 04 and log a message to them
without running a cell again, save a meeting in 05; then read what was stored through the CLI,
the sheet file, and measure the tables against a 1,000 px pane."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from infolib import new_field
from tests.browser import ARTEFACTS, browser_page, jupyterlab, need_chromium, run_all_cells

pytestmark = pytest.mark.slow  # JupyterLab and Chromium

FIELD = "Energy storage"
OWN = "How do the field crews decide which battery sites to visit first?"
SERIES = "fields/energy-storage"
WAIT = 90_000  # a wait bound for a slow machine, not a timing


def infolib(book, *args) -> str:
    done = subprocess.run([sys.executable, "-m", "infolib.cli", *args, "--workbook",
                           str(book.folder)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def run_all(page, base: str, token: str, notebook: str) -> None:
    """Open ``notebook`` of the series and run all its cells; returns when every cell has run."""
    run_all_cells(page, f"{base}/lab/tree/{SERIES}/{notebook}?token={token}&reset")
    page.wait_for_function(  # every code cell numbered, none waiting
        "() => { const ps = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];"
        " return ps.length > 0 && ps.every(p => /\\[\\d+\\]/.test(p.textContent)); }")


def button(box, name: str):
    """The widget button reading ``name`` (its icon and tooltip aside) inside ``box``."""
    return box.locator("button.jupyter-button",
                       has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")).first


def form(page, name: str):
    """The innermost widget box holding the button reading ``name``."""
    return page.locator(".widget-vbox").filter(has=button(page, name)).last


def labelled(box, label: str):
    """The input of the widget labelled ``label`` inside ``box``."""
    return box.locator(".widget-inline-hbox").filter(
        has=box.page.locator("label", has_text=re.compile(f"^{re.escape(label)}$"))).first


def no_tracebacks(page) -> None:
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter"
                        ".stderr']", has_text="Traceback").count() == 0


def table_widths(page) -> list[int]:
    """The rendered width of each infolib table, and the widest thing in it."""
    return page.eval_on_selector_all(
        ".infolib-table table",
        "ts => ts.map(t => Math.max(t.getBoundingClientRect().width, t.scrollWidth))")


def test_notebooks_03_to_05_keep_what_the_user_types_in_jupyterlab(demo_book, demo_url):
    need_chromium()
    new_field(FIELD, company=demo_url, workbook=demo_book, force=True,
              contact="Tomas Lindqvist", me="Sam Seeker", email="sam@example.org")
    ARTEFACTS.mkdir(exist_ok=True)
    with jupyterlab(demo_book.folder) as (base, token), browser_page() as page:
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.set_default_timeout(WAIT)

        # 03: retype the first question, no ✓, Save
        run_all(page, base, token, "03-plan-questions.ipynb")
        editor = form(page, "Save")
        first = editor.locator(".widget-textarea textarea").first
        first.wait_for()
        first.fill(OWN)
        first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTEFACTS / "jupyterlab-03-editor.png"))
        button(editor, "Save").click()
        editor.get_by_text(re.compile(r"Saved \d+ questions")).wait_for()
        page.screenshot(path=str(ARTEFACTS / "jupyterlab-03-editor-saved.png"))
        assert first.input_value() == OWN
        no_tracebacks(page)
        shown = infolib(demo_book, "questions", "--field", FIELD)
        assert "the meeting with Tomas Lindqvist" in shown and OWN in shown
        sheet = demo_book.folder / "sheets" / "questions-energy-storage-tomas-lindqvist.html"
        assert OWN in sheet.read_text()
        assert max(table_widths(page)) <= 1000

        # 04: add a contact with the form below, log a message to them in the form above
        run_all(page, base, token, "04-outreach.ipynb")
        contacts = form(page, "Add contact")
        labelled(contacts, "name").locator("input").fill("Priya Raman")
        button(contacts, "Add contact").click()
        contacts.get_by_text("Added Priya Raman").wait_for()
        outreach = form(page, "Log message")
        labelled(outreach, "contact").locator("select").select_option("Priya Raman")
        button(outreach, "Log message").click()
        outreach.get_by_text("Logged a request to Priya Raman").wait_for()
        no_tracebacks(page)
        assert max(table_widths(page)) <= 1000
        page.screenshot(path=str(ARTEFACTS / "jupyterlab-04-forms.png"))
        assert "Priya Raman" in infolib(demo_book, "contacts", "--field", FIELD)

        # 05: the meeting form starts at the notebook's contact; log a meeting with a referral
        run_all(page, base, token, "05-interview-log.ipynb")
        meeting = form(page, "Save meeting")
        assert labelled(meeting, "contact").locator("select").input_value() == \
            "Tomas Lindqvist"
        labelled(meeting, "insights").locator("textarea").fill(
            "Storage sites are planned two years ahead")
        labelled(meeting, "referred to").locator("select").select_option(["Priya Raman"])
        button(meeting, "Save meeting").click()
        meeting.get_by_text("Saved meeting").wait_for()
        no_tracebacks(page)
        page.screenshot(path=str(ARTEFACTS / "jupyterlab-05-meeting.png"))
        # the form starts clean for the next meeting
        assert labelled(meeting, "insights").locator("textarea").input_value() == ""
        assert labelled(meeting, "referred to").locator("select").evaluate(
            "s => [...s.selectedOptions].length") == 0

    # what is stored, through the CLI: the meeting counts for the field, the referral changed
    # how the referred contact was found
    progress = infolib(demo_book, "fields")
    print(progress)
    header, row = progress.splitlines()[0], next(
        line for line in progress.splitlines() if line.startswith(FIELD))
    assert int(row[header.index("met"):].split()[0]) == 1, progress
    listed = {c["name"]: c for c in json.loads(infolib(demo_book, "contacts", "--field", FIELD,
                                                       "--json"))}
    assert listed["Priya Raman"]["how_found"] == "referral"
    assert listed["Priya Raman"]["referred_by"] == "Tomas Lindqvist"
