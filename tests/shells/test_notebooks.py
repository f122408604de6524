"""The shipped notebooks run headless on a real Jupyter kernel against the demo site."""

from __future__ import annotations

import contextlib
import json

import pytest

from tests.paths import ROOT

NOTEBOOKS = ROOT / "notebooks"
pytestmark = pytest.mark.notebook
#: the tests that start a Jupyter kernel (seconds each): `make test-fast` leaves them out
slow = pytest.mark.slow


def run(tmp_path, notebook="01-research-company.ipynb", **parameters):
    import papermill

    out = tmp_path / f"out-{notebook}"
    # a failing cell stops the run; the tests read what the user would have seen
    with contextlib.suppress(papermill.PapermillExecutionError):
        papermill.execute_notebook(str(NOTEBOOKS / notebook), str(out),
                                   parameters=parameters, cwd=str(NOTEBOOKS),
                                   progress_bar=False, kernel_name="python3")
    return json.loads(out.read_text())


def shown(cell) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append("".join(output.get("text", "")))
        for kind in ("text/plain", "text/html"):
            parts.append("".join(output.get("data", {}).get(kind, "")))
        parts.append("".join(output.get("traceback", [])))
    return "\n".join(parts)


@slow
def test_research_notebook_runs_on_the_demo_and_shows_every_part(tmp_path):
    nb = run(tmp_path, delay=0, workbook=str(tmp_path / "wb"))
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    text = "\n".join(shown(c) for c in nb["cells"])
    assert "Larkspur Grid Systems" in text                      # profile
    assert "Maya Okonkwo-Reid" in text                          # people with roles
    assert "annual-report-2025.pdf" in text                     # documents / pages table
    assert "off-site" in text and "robots" in text              # skipped list with reasons
    assert "sentence" in text and "source" in text              # summary with sources
    assert "Reading pages" in text                              # the progress bar
    assert (tmp_path / "wb" / "infolib.sqlite").is_file()       # stored in the workbook


@slow
def test_research_notebook_explains_a_bad_address_without_a_traceback(tmp_path):
    nb = run(tmp_path, company_url="javascript:alert(1)", workbook=str(tmp_path / "wb"))
    text = "\n".join(shown(c) for c in nb["cells"])
    assert "InvalidURLError" in text and "https://" in text
    assert "Traceback" not in text and "File \"" not in text


def errors_of(nb) -> list:
    return [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]


@slow
def test_gap_and_question_notebooks_run_on_the_demo_field(tmp_path):
    workbook = str(tmp_path / "wb")
    assert errors_of(run(tmp_path, delay=0, workbook=workbook)) == []
    nb = run(tmp_path, "02-find-gaps.ipynb", workbook=workbook,
             want_to_learn=["how people move from field service into data roles"],
             outcome="decide whether field work suits me")
    assert errors_of(nb) == []
    text = "\n".join(shown(c) for c in nb["cells"])
    assert "Gap list for 'Energy storage'" in text
    assert "decide whether field work suits me" in text          # the outcome is a gap
    assert "The contact&#x27;s own career journey" in text or "own career journey" in text
    assert "matched" in text and "sentence" in text              # why a topic is covered
    assert "GapEditor" not in text                               # the form, not its repr
    nb = run(tmp_path, "03-plan-questions.ipynb", workbook=workbook, contact="Tomas Lindqvist",
             my_questions=["How do the Bristol and Lyon teams share their work?"])
    assert errors_of(nb) == []
    text = "\n".join(shown(c) for c in nb["cells"])
    assert "20-minute meeting with Tomas Lindqvist" in text and "fits" in text
    assert "How do the Bristol and Lyon teams share their work?" in text
    assert "Who else would you suggest I talk to" in text
    assert "yes or no" in text and "Try:" in text                # the checked example
    sheets = list((tmp_path / "wb" / "sheets").glob("*.html"))
    assert len(sheets) == 1 and "tomas-lindqvist" in sheets[0].name


@slow
def test_outreach_and_interview_log_notebooks_on_the_demo_field(tmp_path):
    workbook = str(tmp_path / "wb")
    assert errors_of(run(tmp_path, delay=0, workbook=workbook)) == []
    connections = tmp_path / "Connections.csv"
    connections.write_text("Notes:\n\"Some emails are missing.\"\n\nFirst Name,Last Name,URL,"
                           "Email Address,Company,Position,Connected On\nAda,Example,"
                           "https://example.org/in/ada,ada@larkspur.example,Larkspur Grid "
                           "Systems Ltd,Data Engineer,12 Mar 2024\n", encoding="utf-8")
    params = dict(workbook=workbook, my_name="Sam Seeker", my_email="sam@example.org",
                  my_phone="+44 7700 900123", linkedin_export=str(connections),
                  contact="Ada Example", organisation="Larkspur Grid Systems",
                  how_found="linkedin", sent_on="2026-03-02")
    for _ in range(2):  # running it again adds nothing twice
        nb = run(tmp_path, "04-outreach.ipynb", **params)
        assert errors_of(nb) == []
    text = "\n".join(shown(c) for c in nb["cells"])
    assert "passes the short-email rules" in text and "Would you have 20 minutes" in text
    assert "Larkspur Grid Systems" in text                      # a connection there
    assert "No reply from Ada Example" in text                  # the 3B7 reminders
    assert (tmp_path / "wb" / "reminders.ics").is_file()
    log = dict(workbook=workbook, contact="Ada Example", meeting_time="2026-03-10 14:30",
               mode="in_person", place="Harbour Café", insights=["Entrants often lack SQL"],
               leads=["Ben on the field team"])
    for _ in range(2):
        nb = run(tmp_path, "05-interview-log.ipynb", **log)
        assert errors_of(nb) == []
    text = "\n".join(shown(c) for c in nb["cells"])
    assert "Entrants often lack SQL" in text and "thank-you draft" in text.lower()
    from infolib import Workbook

    book = Workbook(tmp_path / "wb")
    assert len(book.contacts.table()) == 1 and len(book.log.outreach()) == 1
    assert len(book.log.meetings()) == 1 and len(book.log.notes()) == 2


@slow
def test_referral_analysis_notebook_on_the_demo_log(tmp_path):
    nb = run(tmp_path, "06-referral-analysis.ipynb", workbook=str(tmp_path / "wb"),
             demo_log=True)
    assert errors_of(nb) == []
    text = "\n".join(shown(c) for c in nb["cells"])
    assert "contacted," in text and "referred you on" in text
    assert text.count("data:image/png;base64,") >= 3          # funnel, conversion, tree
    assert "direct referrals" in text and "booster" in text  # headers in words


@slow
def test_referral_notebook_with_nothing_logged_says_so(tmp_path):
    nb = run(tmp_path, "06-referral-analysis.ipynb", workbook=str(tmp_path / "empty"))
    assert errors_of(nb) == []
    assert "Nothing logged yet" in "\n".join(shown(c) for c in nb["cells"])


@slow
def test_the_gap_notebook_before_any_research_says_which_step_to_run(tmp_path):
    nb = run(tmp_path, "02-find-gaps.ipynb", workbook=str(tmp_path / "empty"))
    text = "\n".join(shown(c) for c in nb["cells"])
    assert "infolib research URL --field" in text
    assert "Traceback" not in text


def test_committed_notebooks_have_no_outputs_and_a_parameters_cell():
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c["outputs"] and c["execution_count"] is None for c in code), path
        assert any("parameters" in c["metadata"].get("tags", []) for c in code), path
