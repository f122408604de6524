"""`infolib new`: a field and its notebook series, as a new user starts one."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from infolib import DataError, Workbook, field_progress, new_field
from infolib.errors import SetupError
from infolib.fields import SERIES


def test_new_field_writes_the_series_with_its_parameters(workbook, demo_url):
    folder = new_field("Energy storage", company=demo_url, role="Data Engineer",
                       contact="Ada Example", minutes=30, workbook=workbook)
    assert sorted(p.stem for p in folder.glob("*.ipynb")) == list(SERIES)
    def parameters(name: str) -> str:
        cells = json.loads((folder / f"{name}.ipynb").read_text())["cells"]
        return "".join(next(c for c in cells if "parameters" in c["metadata"].get("tags", []))
                       ["source"])

    assert f"\ncompany_url = {demo_url!r}" in parameters("01-research-company")
    plan = parameters("03-plan-questions")
    assert "\nminutes = 30 " in plan and "\ncontact = 'Ada Example' " in plan
    assert list(field_progress(workbook).table["field"]) == ["Energy storage"]


def test_an_existing_field_is_not_overwritten_unless_asked(workbook, demo_url):
    folder = new_field("Energy storage", company=demo_url, workbook=workbook)
    (folder / "02-find-gaps.ipynb").write_text("my edits")
    with pytest.raises(DataError, match="exists already"):
        new_field("Energy storage", company=demo_url, workbook=workbook)
    assert (folder / "02-find-gaps.ipynb").read_text() == "my edits"
    new_field("Energy storage", company=demo_url, workbook=workbook, force=True)
    assert (folder / "02-find-gaps.ipynb").read_text() != "my edits"


@pytest.mark.parametrize("kwargs, error, message", [
    ({"company": "javascript:alert(1)"}, ValueError, "https://"),
    ({"company": "https://example.org/", "minutes": 0}, ValueError, "15–30 minutes"),
])
def test_bad_new_field_input(workbook, kwargs, error, message):
    with pytest.raises(error, match=message):
        new_field("Energy storage", workbook=workbook, **kwargs)
    assert field_progress(workbook).empty


def test_new_from_the_shell_and_progress(tmp_path, demo_url):
    run = [sys.executable, "-m", "infolib.cli"]
    done = subprocess.run([*run, "new", "Energy storage", "--company", demo_url, "--workbook",
                           str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 0 and f"--notebook-dir {tmp_path}" in done.stdout
    again = subprocess.run([*run, "new", "Energy storage", "--company", demo_url,
                            "--workbook", str(tmp_path)], capture_output=True, text=True)
    assert again.returncode == 2 and "exists already" in again.stderr
    subprocess.run([*run, "research", demo_url, "--field", "Energy storage", "--delay", "0",
                    "--quiet", "--workbook", str(tmp_path)], check=True, capture_output=True)
    done = subprocess.run([*run, "fields", "--workbook", str(tmp_path)], capture_output=True,
                          text=True)
    header, row = done.stdout.splitlines()[:2]
    assert "researched" in header and "followed up" in header
    assert row.split()[:3] == ["Energy", "storage", row.split()[2]] and int(row.split()[2]) > 5


def test_the_series_needs_the_repositorys_notebooks(monkeypatch, tmp_path, workbook):
    import infolib.fields as series

    monkeypatch.setattr(series, "PROJECT_ROOT", tmp_path)
    with pytest.raises(SetupError, match="clone"):
        new_field("Energy storage", company="https://example.org/", workbook=workbook)
    assert field_progress(workbook).empty  # nothing half-made


@pytest.mark.slow  # a Jupyter kernel
def test_an_unreachable_company_keeps_the_field_and_the_notebook_says_how_to_retry(workbook,
                                                                                   tmp_path):
    import papermill

    from tests.sites import closed_port

    folder = new_field("Energy storage", company=f"http://127.0.0.1:{closed_port()}/",
                       workbook=workbook)
    assert list(field_progress(workbook).table["field"]) == ["Energy storage"]
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(folder / "01-research-company.ipynb"), str(out),
                               cwd=str(folder), progress_bar=False, kernel_name="python3")
    text = json.dumps(json.loads(out.read_text())["cells"])
    assert "nothing could be read" in text and "try again" in text
    assert "Traceback" not in text


def test_progress_counts_the_current_plan_and_research_not_every_one_stored(demo_book,
                                                                             demo_url):
    from infolib import plan_questions, research_company

    before = field_progress(demo_book).to_dict()["fields"][0]
    plan_questions("Energy storage", workbook=demo_book)  # before a contact was chosen
    meeting = plan_questions("Energy storage", workbook=demo_book, contact="Ada Example",
                             minutes=30)
    research_company(demo_url, "Energy storage", workbook=demo_book, delay=0, progress=False,
                     refresh=True)  # the site read again: the same pages, not twice as many
    row = field_progress(demo_book).to_dict()["fields"][0]
    assert row["questions planned"] == len(meeting.questions)
    assert row["researched"] == before["researched"] > 5


def test_a_failed_research_is_recorded_but_never_shown_as_research(tmp_path, demo_url):
    from tests.sites import closed_port

    run = [sys.executable, "-m", "infolib.cli"]
    book = ["--workbook", str(tmp_path), "--quiet", "--delay", "0"]
    down = f"http://127.0.0.1:{closed_port()}/"
    done = subprocess.run([*run, "research", down, "--field", "Solar", *book],
                          capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""  # no "crawl 1", no `infolib show`
    assert done.stderr.lower().count("check the address") == 1  # said once
    assert "failed attempt" in done.stderr and "no research is stored for 'Solar'" in done.stderr
    shown = subprocess.run([*run, "show", "--field", "Solar", "--workbook", str(tmp_path)],
                           capture_output=True, text=True)
    assert shown.returncode == 1 and "No research is stored for the field 'Solar'" in shown.stderr
    fields = subprocess.run([*run, "fields", "--workbook", str(tmp_path)], capture_output=True,
                            text=True)
    assert fields.stdout.splitlines()[1].split()[:2] == ["Solar", "0"]
    # a good research, then the site is down: the field keeps its research
    subprocess.run([*run, "research", demo_url, "--field", "Solar", *book], check=True,
                   capture_output=True)
    done = subprocess.run([*run, "research", down, "--field", "Solar", *book],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "keeps its earlier research" in done.stderr
    shown = subprocess.run([*run, "show", "--field", "Solar", "--workbook", str(tmp_path)],
                           capture_output=True, text=True)
    assert shown.returncode == 0 and "Larkspur Grid Systems" in shown.stdout.splitlines()[0]
    kept = Workbook(tmp_path)
    assert kept.research.failed_attempt("Solar")["skipped"] >= 1  # its skipped URLs kept
    kept.close()
