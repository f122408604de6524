"""The CLI as a user runs it: a real process, real output, real exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from infolib.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "infolib" / "schema" / "research.schema.json").read_text())


def infolib(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_research_json_matches_the_documented_schema(demo_url, tmp_path):
    done = infolib("research", demo_url, "--field", "Energy storage", "--delay", "0",
                   "--workbook", str(tmp_path), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    jsonschema.validate(data, SCHEMA)
    company = data["company"]
    assert company["name"] == "Larkspur Grid Systems"
    assert company["founded"] == "2016-03-01"
    assert company["sources"]["founded"]["source"].startswith(demo_url)
    assert {"name": "Tomas Lindqvist"}.items() <= company["people"][1].items()
    assert data["news"][0]["published"] == "2026-09-15"
    assert len(data["summary"]) == len(data["summary_sources"]) >= 5
    assert any(s["reason"] == "robots" for s in data["skipped"])


def test_schema_page_kinds_are_the_models_page_kinds():
    from infolib.models import PAGE_KINDS

    kinds = SCHEMA["properties"]["pages"]["items"]["properties"]["kind"]["enum"]
    assert kinds == list(PAGE_KINDS)


def test_research_prints_a_readable_report_and_where_it_is_stored(demo_url, tmp_path):
    done = infolib("research", demo_url, "--field", "Energy storage", "--delay", "0",
                   "--workbook", str(tmp_path), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "Larkspur Grid Systems" in done.stdout
    assert f"Stored in {tmp_path}" in done.stdout


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd",
                                 "mailto:x@y.example", "not a url"])
def test_bad_addresses_get_one_clear_line_and_exit_2(url, tmp_path):
    done = infolib("research", url, "--field", "X", "--workbook", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ") and "https://" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "infolib.sqlite").exists()  # nothing half-written


def test_unreachable_site_exits_1_and_says_why(tmp_path):
    from tests.sites import closed_port

    done = infolib("research", f"http://127.0.0.1:{closed_port()}/", "--field", "X",
                   "--workbook", str(tmp_path), "--quiet", "--delay", "0")
    assert done.returncode == 1
    assert "could not connect" in done.stderr.lower() and "Traceback" not in done.stderr


def test_workbooks_live_side_by_side(demo_url, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    infolib("research", demo_url, "--field", "Storage", "--delay", "0", "--workbook", str(a),
            "--quiet", "--max-pages", "3")
    assert "Storage" in infolib("fields", "--workbook", str(a)).stdout
    assert "No fields yet" in infolib("fields", "--workbook", str(b)).stdout
    shown = infolib("show", "--field", "Storage", "--workbook", str(a), "--json")
    assert json.loads(shown.stdout)["company"]["name"] == "Larkspur Grid Systems"
    missing = infolib("show", "--field", "Nope", "--workbook", str(a))
    assert missing.returncode == 1 and "No research is stored for the field 'Nope'" \
        in missing.stderr


def test_workbook_that_is_a_file_is_refused_clearly(tmp_path):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    done = infolib("fields", "--workbook", str(not_a_folder))
    assert done.returncode == 1 and "is a file, not a folder" in done.stderr


def test_every_command_has_help_and_takes_workbook():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, sub in commands.items():
        assert sub.description, name
        options = {o for a in sub._actions for o in a.option_strings}
        assert "--workbook" in options, name
        assert infolib(name, "--help").returncode == 0
    readme = (ROOT / "README.md").read_text()
    for name in commands:
        assert f"infolib {name}" in readme, f"README does not document `infolib {name}`"
