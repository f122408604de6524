"""The shipped notebooks run headless on a real Jupyter kernel against the demo site."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
pytestmark = pytest.mark.notebook


def run(tmp_path, **parameters):
    import papermill

    out = tmp_path / "out.ipynb"
    # a failing cell stops the run; the tests read what the user would have seen
    with contextlib.suppress(papermill.PapermillExecutionError):
        papermill.execute_notebook(str(NOTEBOOKS / "01-research-company.ipynb"), str(out),
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


def test_research_notebook_explains_a_bad_address_without_a_traceback(tmp_path):
    nb = run(tmp_path, company_url="javascript:alert(1)", workbook=str(tmp_path / "wb"))
    text = "\n".join(shown(c) for c in nb["cells"])
    assert "InvalidURLError" in text and "https://" in text
    assert "Traceback" not in text and "File \"" not in text


def test_committed_notebooks_have_no_outputs_and_a_parameters_cell():
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c["outputs"] and c["execution_count"] is None for c in code), path
        assert any("parameters" in c["metadata"].get("tags", []) for c in code), path
