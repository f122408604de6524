"""One contract for errors: every error class is in infolib/errors.py with the exit code of its
kind (bad input 2, nothing found 1, environment 3, I/O 4), documented in the module's tree and
in `infolib --help`, and the real CLI ends with that code whichever command makes the mistake."""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from infolib import errors
from infolib.cli import main
from tests.paths import ROOT

KINDS = {1: "nothing found", 2: "bad input", 3: "environment", 4: "I/O"}


def error_classes() -> list[type]:
    return [c for c in vars(errors).values()
            if inspect.isclass(c) and issubclass(c, Exception) and c.__module__ == errors.__name__]


def infolib(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True, cwd=cwd)


def refused(done, code: int, *needles: str) -> None:
    """The command ended with ``code``, one plain message on stderr and no traceback."""
    assert done.returncode == code, (done.returncode, done.stderr)
    assert done.stderr.startswith("Error: ") and "Traceback" not in done.stderr, done.stderr
    for needle in needles:
        assert needle in done.stderr, (needle, done.stderr)


# -- the classes ----------------------------------------------------------------------------------

def test_every_error_class_has_the_exit_code_of_its_kind():
    classes = error_classes()
    assert len(classes) >= 17  # the module was really read
    for cls in classes:
        assert issubclass(cls, errors.InfolibError), cls
        assert cls.exit_code in KINDS, (cls, cls.exit_code)
        assert cls.exit_code in errors.EXIT_CODES and cls.exit_code != 0
    by_code = {cls.__name__: cls.exit_code for cls in classes}
    assert {by_code[n] for n in ("ConfigError", "InvalidURLError", "PlanError", "DataError",
                                 "OutputPathError")} == {2}
    assert {by_code[n] for n in ("FetchError", "RobotsDisallowed", "ExtractError",
                                 "NotFoundError")} == {1}
    assert {by_code[n] for n in ("SetupError", "ExportError")} == {3}
    assert {by_code[n] for n in ("StoreError", "ReadOnlyWorkbookError", "WriteError")} == {4}
    assert not issubclass(errors.SetupError, EnvironmentError)  # the builtin is not shadowed


def test_the_docstring_tree_shows_every_class_its_parent_and_its_exit_code():
    tree = {}  # name -> (column, exit code, parent)
    stack: list[tuple[int, str]] = []
    for line in errors.__doc__.splitlines():
        found = re.match(r"^([\s│├└─]*)([A-Z][A-Za-z]+)\s+([0-9])(?:\s|$)", line)
        if not found or found.group(2) not in vars(errors):
            continue
        column = len(found.group(1))
        while stack and stack[-1][0] >= column:
            stack.pop()
        tree[found.group(2)] = (column, int(found.group(3)), stack[-1][1] if stack else None)
        stack.append((column, found.group(2)))
    classes = {cls.__name__: cls for cls in error_classes()}
    assert set(tree) == set(classes), set(tree) ^ set(classes)
    for name, (_column, code, parent) in tree.items():
        cls = classes[name]
        assert code == cls.exit_code, (name, code, cls.exit_code)
        assert parent == (cls.__bases__[0].__name__ if cls is not errors.InfolibError
                          else None), (name, parent)


def test_no_error_class_lives_outside_errors_py():
    stray = []
    for path in sorted((ROOT / "infolib").rglob("*.py")):
        if path.name == "errors.py" and path.parent.name == "infolib":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                         for b in node.bases]
                if any(b.endswith(("Error", "Exception", "Disallowed")) for b in bases):
                    stray.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert stray == []


def test_export_error_is_the_one_in_errors_py():
    from infolib.brief import ExportError

    assert ExportError is errors.ExportError and ExportError.exit_code == 3


def test_help_lists_the_exit_codes_by_kind():
    done = infolib("--help")
    assert done.returncode == 0
    epilog = done.stdout[done.stdout.index("exit codes"):]
    for code, kind in KINDS.items():
        assert re.search(rf"^  {code}\s+{re.escape(kind)}:", epilog, re.M), (code, epilog)
    assert re.search(r"^  0\s+done", epilog, re.M) and re.search(r"^  130\s+interrupted",
                                                                  epilog, re.M)


# -- bad input: 2 --------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["research", "http://127.0.0.1:9/", "--field", ""],
    ["research", "http://127.0.0.1:9/", "--field", "   "],
    ["new", "", "--company", "https://example.org/"],
])
def test_an_empty_field_name_is_bad_input_wherever_it_is_typed(args, tmp_path):
    done = infolib(*args, "--workbook", str(tmp_path))
    refused(done, 2)
    assert "field" in done.stderr.lower()


def test_the_same_mistakes_in_the_interview_log_are_bad_input(tmp_path):
    book = str(tmp_path)
    assert infolib("contact", "Ada Example", "--workbook", book).returncode == 0
    refused(infolib("outreach", "Nobody", "--workbook", book), 2, "no contact called 'Nobody'")
    refused(infolib("outreach", "Ada Example", "--sent", "2026-13-45", "--workbook", book), 2,
            "not a date")
    refused(infolib("meeting", "Ada Example", "--when", "soon", "--workbook", book), 2,
            "not a date and time")
    refused(infolib("draft", "request", "Nobody", "--workbook", book), 2)
    refused(infolib("reminders", "--today", "yesterday", "--workbook", book), 2, "not a date")
    refused(infolib("contact", "", "--workbook", book), 2)
    refused(infolib("contacts", "--at-targets", "--workbook", book), 2, "--field")


def test_a_field_that_exists_already_is_bad_input(tmp_path, demo_url):
    args = ["new", "Solar", "--company", demo_url, "--workbook", str(tmp_path)]
    assert infolib(*args).returncode == 0
    refused(infolib(*args), 2, "exists already", "--force")


def test_a_restore_into_a_workbook_that_holds_data_is_bad_input(tmp_path):
    book = str(tmp_path / "wb")
    assert infolib("contact", "Ada Example", "--workbook", book).returncode == 0
    assert infolib("export", str(tmp_path / "backup"), "--workbook", book).returncode == 0
    refused(infolib("restore", str(tmp_path / "backup"), "--workbook", book), 2,
            "already holds data")


def test_a_brief_in_an_unknown_format_is_bad_input(tmp_path):
    from infolib.brief import make_brief

    with pytest.raises(errors.DataError, match="'html' or 'pdf'"):
        make_brief("Energy storage", to="docx", workbook=tmp_path)


# -- nothing found: 1 ----------------------------------------------------------------------------

def test_an_unreadable_site_is_nothing_found(tmp_path):
    from tests.sites import closed_port

    done = infolib("research", f"http://127.0.0.1:{closed_port()}/", "--field", "X", "--quiet",
                   "--delay", "0", "--workbook", str(tmp_path))
    refused(done, 1, "could not connect")
    refused(infolib("gaps", "--field", "X", "--workbook", str(tmp_path)), 1, "read no pages")


def test_a_thank_you_before_any_meeting_is_nothing_found(tmp_path):
    book = str(tmp_path)
    for args in (["me", "Sam Seeker", "sam@example.org"], ["contact", "Ada Example"]):
        assert infolib(*args, "--workbook", book).returncode == 0
    refused(infolib("draft", "thank-you", "Ada Example", "--workbook", book), 1,
            "No meeting with this contact is logged yet")


# -- environment: 3 ------------------------------------------------------------------------------

def test_a_pdf_brief_without_chromium_is_an_environment_problem(monkeypatch, capsys, tmp_path):
    import infolib.brief.export as brief

    monkeypatch.setattr(brief, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("INFOLIB_CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(brief.shutil, "which", lambda name: None)
    code = main(["brief", "--field", "Energy storage", "--to", "pdf", "--workbook",
                 str(tmp_path / "wb")])
    assert code == 3
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "apt-get install chromium" in err


def test_a_series_outside_the_clone_is_an_environment_problem(monkeypatch, capsys, tmp_path):
    import infolib.fields as fields

    monkeypatch.setattr(fields, "PROJECT_ROOT", tmp_path)
    code = main(["new", "Solar", "--company", "https://example.org/", "--workbook",
                 str(tmp_path / "wb")])
    assert code == 3 and "clone" in capsys.readouterr().err


# -- I/O: 4 --------------------------------------------------------------------------------------

def test_a_write_to_a_read_only_workbook_is_an_io_problem(tmp_path):
    book = tmp_path / "wb"
    assert infolib("contact", "Ada Example", "--workbook", str(book)).returncode == 0
    for path in [*book.rglob("*"), book]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        refused(infolib("contact", "Ben Sample", "--workbook", str(book)), 4, "read-only")
    finally:
        for path in [book, *book.rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)


def test_a_full_disk_is_an_io_problem(tmp_path):
    import resource

    book = tmp_path / "wb"
    assert infolib("contact", "Ada Example", "--notes", "x" * 1500, "--workbook",
                   str(book)).returncode == 0

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000, 2_000))

    done = subprocess.run([sys.executable, "-m", "infolib.cli", "export", str(tmp_path / "out"),
                           "--workbook", str(book)], capture_output=True, text=True,
                          preexec_fn=limit)
    refused(done, 4, "is full")
    assert not Path(tmp_path / "out").exists()
