"""The CLI as a user runs it: a real process, real output, real exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from infolib.cli import build_parser
from tests.paths import ROOT

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


def test_research_of_several_sites_prints_one_line_each_and_exits_1_if_one_failed(tmp_path):
    from infolib.demo.site import serve_demo
    from tests.sites import closed_port

    down = f"http://127.0.0.1:{closed_port()}/"
    book = ["--field", "Storage", "--workbook", str(tmp_path), "--delay", "0"]
    with serve_demo(port=0) as one, serve_demo(port=0) as two:
        done = infolib("research", one.url, two.url, down, *book)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        lines = [line for line in done.stdout.splitlines() if "pages read" in line]
        assert len(lines) == 3                                      # one line per organisation
        for line, url in zip(lines, (one.url, two.url, down), strict=True):
            assert url[7:-1] in line                                # its host
        assert "Larkspur Grid Systems" in lines[0] and lines[0].endswith(", ok")
        assert "requests" in lines[0] and "failed: " in lines[2]
        assert "1 of 3 sites could not be read" in done.stderr and down in done.stderr
        # both readable organisations are stored for the field; read again, nothing is fetched
        again = infolib("research", one.url, two.url, *book)
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("reused") == 2 and "2 of 2 organisations read" in again.stdout


def test_new_with_two_companies_researches_both_from_notebook_01(tmp_path):
    import papermill

    first, second = "https://quillfeather.example/", "https://marrowby.example/"
    done = infolib("new", "Storage", "--company", first, "--company", second,
                   "--workbook", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "with 2 organisations" in done.stdout
    folder = tmp_path / "fields" / "storage"
    saved = json.loads((folder / "field.json").read_text())
    assert (saved["company"], saved["companies"]) == (first, [first, second])
    research = papermill.inspect_notebook(str(folder / "01-research-company.ipynb"))
    assert research["company_urls"]["default"] == repr([first, second])
    again = infolib("new", "Storage", "--company", first, "--workbook", str(tmp_path))
    assert again.returncode == 2                               # how to add one instead
    assert "infolib research URL --field 'Storage'" in again.stderr


def test_workbooks_live_side_by_side(demo_url, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    infolib("research", demo_url, "--field", "Storage", "--delay", "0", "--workbook", str(a),
            "--quiet", "--max-pages", "3")
    assert "Storage" in infolib("fields", "--workbook", str(a)).stdout
    assert "No fields yet" in infolib("fields", "--workbook", str(b)).stdout
    shown = infolib("show", "--field", "Storage", "--workbook", str(a), "--json")
    assert json.loads(shown.stdout)["company"]["name"] == "Larkspur Grid Systems"


# Issue 12: the exit code follows the kind of trouble (infolib/errors.py)
def test_a_field_with_no_research_is_nothing_found(tmp_path):
    missing = infolib("show", "--field", "Nope", "--workbook", str(tmp_path))
    assert missing.returncode == 1 and "No research is stored for the field 'Nope'" \
        in missing.stderr


def test_workbook_that_is_a_file_is_refused_clearly(tmp_path):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    done = infolib("fields", "--workbook", str(not_a_folder))
    assert done.returncode == 2 and "is a file, not a folder" in done.stderr


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


@pytest.fixture
def planned_workbook(demo_book):
    folder = str(demo_book.folder)
    demo_book.close()
    return folder


def test_gaps_json_lists_topics_with_coverage_and_sourced_evidence(planned_workbook, demo_url):
    done = infolib("gaps", "--field", "Energy storage", "--workbook", planned_workbook, "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {"topic", "coverage", "is_gap", "priority", "evidence"} <= set(rows[0])
    assert [r["priority"] for r in rows] == list(range(1, len(rows) + 1))
    evidence = [e for r in rows for e in r["evidence"]]
    assert evidence and all({"text", "url", "published"} <= set(e) for e in evidence)
    assert all(e["url"].startswith(demo_url) for e in evidence)
    dated = [e["published"] for e in evidence if e["published"]]
    assert dated and all(len(d) == 10 and d[4] == "-" for d in dated)  # ISO 8601


def test_questions_json_is_the_ranked_list_and_the_sheet_is_written(planned_workbook, tmp_path):
    sheet = tmp_path / "sheet.html"
    done = infolib("questions", "--field", "Energy storage", "--minutes", "30", "--workbook",
                   planned_workbook, "--json", "--sheet", str(sheet),
                   "--add", "How do field engineers and analysts learn from each other?")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {"rank", "text", "topic", "minutes", "kind"} <= set(rows[0])
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    assert {r["kind"] for r in rows} == {"gap", "grounded", "yours", "closing"}
    assert [r["kind"] for r in rows[-3:]] == ["closing"] * 3
    assert sum(r["minutes"] for r in rows) <= 30
    assert sheet.read_text().count("<section class='copy'>") == 2


def test_goal_topic_and_check_from_the_shell(planned_workbook):
    done = infolib("goal", "--field", "Energy storage", "how on-call rotations work",
                   "--workbook", planned_workbook)
    assert done.returncode == 0 and "how on-call rotations work" in done.stdout
    done = infolib("topic", "--field", "Energy storage", "tools", "--gap", "--workbook",
                   planned_workbook)
    assert done.returncode == 0 and "You marked this as a gap" in done.stdout
    done = infolib("topic", "--field", "Energy storage", "tools", "--workbook", planned_workbook)
    assert done.returncode == 2 and "--importance" in done.stderr
    done = infolib("check", "Is it true that you work weekends?")
    assert done.returncode == 1 and "yes or no" in done.stdout and "Try:" in done.stdout
    done = infolib("check", "What does Larkspur Grid Systems do?", "--field", "Energy storage",
                   "--workbook", planned_workbook)
    assert done.returncode == 1 and "already answers" in done.stdout
    assert infolib("check", "How did you choose your first role?").returncode == 0
    done = infolib("checklist", "--field", "Energy storage", "--workbook", planned_workbook)
    assert done.returncode == 0
    assert (Path(planned_workbook) / "checklists" / "energy-storage.toml").is_file()


@pytest.mark.parametrize("args, message", [
    (["questions", "--field", "Energy storage", "--minutes", "0"], "15–30 minutes"),
    (["questions", "--field", "Energy storage", "--minutes", "600"], "15–30 minutes"),
    (["questions", "--field", "Energy storage", "--add", ""], "empty"),
    (["gaps", "--field", "Nowhere"], "no field 'Nowhere'"),
    (["goal", "--field", "Energy storage", "x" * 2000], "characters long"),
])
def test_bad_planning_input_is_one_clear_line(planned_workbook, args, message):
    done = infolib(*args, "--workbook", planned_workbook)
    assert done.returncode in (1, 2)
    assert done.stderr.startswith("Error: ") and message in done.stderr
    assert "Traceback" not in done.stderr


def test_the_pipeline_from_a_shell(tmp_path):
    book = str(tmp_path / "wb")
    steps = [
        ["contact", "Ada Example", "--org", "Larkspur Grid Systems", "--found", "alumni"],
        ["contact", "Ben Sample", "--org", "Larkspur Grid Systems", "--referred-by",
         "Ada Example"],
        ["outreach", "Ada Example", "--sent", "2026-03-02"],
        ["replied", "Ada Example", "--on", "2026-03-03"],
        ["meeting", "Ada Example", "--when", "2026-03-10 14:30", "--mode", "in_person",
         "--place", "Harbour Café"],
        ["note", "1", "Most entrants lack SQL", "--kind", "insight"],
        ["referral", "Ada Example", "Ben Sample", "--on", "2026-03-10"],
        ["outcome", "formal_interview", "--contact", "Ben Sample", "--on", "2026-04-01"],
    ]
    for step in steps:
        done = infolib(*step, "--workbook", book)
        assert done.returncode == 0, (step, done.stderr)
    done = infolib("contacts", "--json", "--workbook", book)
    rows = json.loads(done.stdout)
    assert [r["name"] for r in rows] == ["Ada Example", "Ben Sample"]
    assert rows[1]["referred_by"] == "Ada Example" and rows[1]["how_found"] == "referral"
    assert rows[0]["reply"] == "booster"  # replied the next day
    export = tmp_path / "export"
    assert infolib("export", str(export), "--workbook", book).returncode == 0
    assert (export / "contacts.csv").is_file() and (export / "manifest.json").is_file()
    done = infolib("restore", str(export), "--workbook", str(tmp_path / "copy"))
    assert done.returncode == 0, done.stderr
    again = json.loads(infolib("contacts", "--json", "--workbook", str(tmp_path / "copy")).stdout)
    assert again == rows


def test_linkedin_import_from_a_shell_twice_adds_nobody_twice(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text("Notes:\n\"Some emails are missing.\"\n\nFirst Name,Last Name,URL,Email "
                    "Address,Company,Position,Connected On\nAda,Example,https://example.org/in/"
                    "ada,,Larkspur Grid Systems,Engineer,12 Mar 2024\n", encoding="utf-8")
    first = infolib("import-linkedin", str(path), "--workbook", str(tmp_path))
    second = infolib("import-linkedin", str(path), "--workbook", str(tmp_path))
    assert "1 contacts added" in first.stdout and "0 contacts added" in second.stdout
    assert "1 already in the workbook" in second.stdout


@pytest.mark.parametrize("args, message", [
    (["contact", ""], "no name"),
    (["outreach", "Nobody", "--channel", "email"], "no contact called 'Nobody'"),
    (["meeting", "Nobody", "--when", "soon"], "not a date and time"),
    (["import-linkedin", "missing.csv"], "is not a file"),
])
def test_bad_people_input_is_one_clear_line(tmp_path, args, message):
    done = infolib(*args, "--workbook", str(tmp_path))
    assert done.returncode == 2 and done.stderr.startswith("Error: ") and message in done.stderr
