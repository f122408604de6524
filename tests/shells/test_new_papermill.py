"""`infolib new`, then the series as a user runs it: papermill with `-p`, 01 to 06 in order,
and the command that opens the workbook in JupyterLab."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import papermill
import pytest
import sqlalchemy as sa

from infolib import Workbook
from infolib.store import schema

FIELD = "Energy storage"


def infolib(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True, env=env)


def run_papermill(folder: Path, name: str, out: Path, *params: str, env=None):
    """``papermill NAME.ipynb OUT -p KEY VALUE …`` in the field's folder, as the README says."""
    pairs = [arg for key, value in zip(params[::2], params[1::2], strict=True)
             for arg in ("-p", key, value)]
    return subprocess.run([sys.executable, "-m", "papermill", f"{name}.ipynb", str(out),
                           *pairs, "--no-progress-bar", "--kernel", "python3"],
                          cwd=folder, capture_output=True, text=True, env=env)


def outputs(notebook: Path) -> str:
    """Everything the executed notebook shows, as text."""
    parts = []
    for cell in json.loads(notebook.read_text())["cells"]:
        for output in cell.get("outputs", []):
            parts.append("".join(output.get("text", "")))
            parts.append("".join(output.get("data", {}).get("text/plain", "")))
            parts.append("\n".join(output.get("traceback", [])))
    return "\n".join(parts)


@pytest.fixture
def opened(request):
    """Open a workbook folder for the test; closed when the test ends."""
    def open_book(folder) -> Workbook:
        book = Workbook(folder)
        request.addfinalizer(book.close)
        return book
    return open_book


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """The default workbook points here: a notebook that lost its field's workbook would
    write into it."""
    folder = tmp_path / "default-workbook"
    monkeypatch.setenv("INFOLIB_WORKBOOK", str(folder))
    return folder


def test_the_field_values_are_the_parameters_papermill_sees(tmp_path, demo_url):
    book = tmp_path / "wb"
    assert infolib("new", FIELD, "--company", demo_url, "--contact", "Ada Example",
                   "--minutes", "30", "--workbook", str(book)).returncode == 0
    folder = book / "fields" / "energy-storage"
    research = papermill.inspect_notebook(str(folder / "01-research-company.ipynb"))
    assert research["company_url"]["default"] == repr(demo_url)
    assert research["field"]["default"] == repr(FIELD)
    assert research["workbook"]["default"] == repr(str(book.resolve()))
    assert research["delay"]["default"] == "1.0"  # untouched defaults stay, with their help
    assert "seconds between requests" in research["delay"]["help"]
    plan = papermill.inspect_notebook(str(folder / "03-plan-questions.ipynb"))
    assert (plan["contact"]["default"], plan["minutes"]["default"]) == ("'Ada Example'", "30")
    for path in folder.glob("*.ipynb"):  # no extra cell that papermill's -p would replace
        tags = [t for c in json.loads(path.read_text())["cells"]
                for t in c["metadata"].get("tags", [])]
        assert "injected-parameters" not in tags and tags.count("parameters") == 1


@pytest.mark.slow  # a Jupyter kernel
def test_papermill_p_overrides_only_what_it_names(tmp_path, demo_url, elsewhere, opened):
    book = tmp_path / "wb"
    assert infolib("new", FIELD, "--company", demo_url, "--workbook", str(book)).returncode == 0
    folder = book / "fields" / "energy-storage"
    out = tmp_path / "out.ipynb"
    done = run_papermill(folder, "01-research-company", out, "delay", "0.05",
                         "max_pages", "6")
    assert done.returncode == 0, done.stderr[-2000:]
    shown = outputs(out)
    assert f"Research for {FIELD!r}: Larkspur Grid Systems — 6 pages read" in shown
    kept = opened(book)  # the field's workbook, field and company were kept
    with kept.engine.connect() as conn:
        crawl = conn.execute(sa.select(schema.crawls.c.start_url, schema.crawls.c.settings)
                             ).mappings().one()
    assert crawl["start_url"] == demo_url
    assert (crawl["settings"]["delay"], crawl["settings"]["max_pages"]) == (0.05, 6)
    assert kept.research.load(FIELD).profile.value("name") == "Larkspur Grid Systems"
    assert not elsewhere.exists()  # nothing researched into the default workbook


@pytest.mark.slow  # six notebooks on a real kernel
def test_the_series_runs_in_order_out_of_the_box(tmp_path, demo_url, elsewhere, opened):
    book = tmp_path / "wb"
    made = infolib("new", FIELD, "--company", demo_url, "--contact", "Tomas Lindqvist",
                   "--workbook", str(book))
    assert made.returncode == 0 and "--me NAME --email E" in made.stdout
    folder = book / "fields" / "energy-storage"
    shown = {}
    for name in ("01-research-company", "02-find-gaps", "03-plan-questions", "04-outreach",
                 "05-interview-log", "06-referral-analysis"):
        out = tmp_path / f"out-{name}.ipynb"
        params = ("delay", "0", "max_pages", "12") if name.startswith("01") else ()
        done = run_papermill(folder, name, out, *params)
        assert done.returncode == 0, f"{name}: {done.stderr[-2000:]}"
        shown[name] = outputs(out)
        assert "Traceback" not in shown[name] and "Error" not in shown[name], name
    # what is missing is said once, in one line, and the series carries on
    assert shown["04-outreach"].count("No draft yet") == 1
    assert "my_name and my_email" in shown["04-outreach"]
    assert "No meeting logged yet" in shown["05-interview-log"]
    # the contact works at the organisation the research found
    contact = opened(book).contacts.table(FIELD).set_index("name").loc["Tomas Lindqvist"]
    assert contact["organisation"] == "Larkspur Grid Systems"
    assert not elsewhere.exists()
    # saying who you are is all notebook 04 needed
    out = tmp_path / "again-04.ipynb"
    done = run_papermill(folder, "04-outreach", out, "my_name", "Sam Seeker", "my_email",
                         "sam@example.org")
    assert done.returncode == 0, done.stderr[-2000:]
    again = outputs(out)
    assert "request draft to Tomas Lindqvist" in again and "Sam Seeker" in again
    assert "No draft yet" not in again


def test_new_says_who_you_are_once_for_every_field(tmp_path, opened):
    book = str(tmp_path / "wb")
    half = infolib("new", "Solar", "--company", "https://example.org/", "--me", "Sam Seeker",
                   "--workbook", book)
    assert half.returncode == 2 and "--me NAME and --email" in half.stderr
    assert "Solar" not in infolib("fields", "--workbook", book).stdout  # nothing made
    assert infolib("me", "Sam Seeker", "sam@old.example", "--phone", "+44 7700 900123",
                   "--workbook", book).returncode == 0
    done = infolib("new", "Solar", "--company", "https://example.org/", "--contact", "Ada",
                   "--me", "Sam Seeker", "--email", "sam@example.org", "--workbook", book)
    assert done.returncode == 0 and "--me" not in done.stdout
    me = opened(book).contacts.seeker()
    assert (me["name"], me["email"], me["phone"]) == ("Sam Seeker", "sam@example.org",
                                                      "+44 7700 900123")
    # a second field reuses what the workbook knows: no note about --me
    done = infolib("new", "Wind", "--company", "https://example.org/", "--contact", "Ben",
                   "--workbook", book)
    assert done.returncode == 0 and "--me" not in done.stdout


def test_new_prints_the_command_that_opens_that_workbook(tmp_path):
    book = tmp_path / "my workbook"
    done = infolib("new", FIELD, "--company", "https://example.org/", "--workbook", str(book))
    assert done.returncode == 0
    line = next(x for x in done.stdout.splitlines() if "JupyterLab" in x)
    command = shlex.split(line.split("with:", 1)[1])
    program = Path(command[0])
    assert program.name == "jupyter" and os.access(program, os.X_OK)
    assert command[1] == "lab" and command[2] == "--notebook-dir"
    assert Path(command[3]).resolve() == book.resolve()
    assert "fields/energy-storage/01-research-company.ipynb" in done.stdout
    again = infolib("new", FIELD, "--company", "https://example.org/", "--workbook", str(book))
    assert again.returncode == 2 and line.split("with:", 1)[1].strip() in again.stderr
    assert "make lab`" not in again.stderr
