"""The docs say what the code does: the README's CLI table and layout, and the commands that
messages suggest."""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys

import pytest

from infolib.cli import build_parser
from tests.paths import ROOT

README = ROOT / "README.md"


def infolib(*args):
    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True)


def test_the_command_suggested_for_an_unknown_contact_adds_that_contact(tmp_path):
    book = ["--workbook", str(tmp_path)]
    refused = infolib("outreach", "Ada Example", *book)
    assert refused.returncode == 2
    suggested = re.search(r"`(infolib contact [^`]*)`", refused.stderr)
    assert suggested, refused.stderr
    added = infolib(*shlex.split(suggested.group(1))[1:], *book)
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("Added Ada Example (contact ")
    logged = infolib("outreach", "Ada Example", *book)
    assert logged.returncode == 0, logged.stderr


# --- the README's CLI table against the parser ----------------------------------------------------

def readme_section(heading: str) -> str:
    """The README's text from ``heading`` (a whole line) to the next heading of its level or
    above."""
    text = README.read_text(encoding="utf-8")
    level = len(heading.split()[0])
    start = text.index(f"\n{heading}\n") + 1
    end = re.compile(rf"^#{{1,{level}}} ", re.M).search(text, start + len(heading))
    return text[start:end.start() if end else len(text)]


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(commands.choices)


def long_options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings
            if o.startswith("--") and o != "--help"}


def documented_commands() -> dict[str, str]:
    """Each command in the README's CLI table -> the text documenting it (its `infolib …`)."""
    found: dict[str, str] = {}
    for line in readme_section("### From the command line").splitlines():
        if not line.startswith("| `infolib "):
            continue
        first_cell = re.split(r"(?<!\\)\|", line)[1]
        for usage in re.findall(r"`(infolib [^`]+)`", first_cell):
            command = usage.split()[1]
            assert command not in found, f"`infolib {command}` has two rows in the README"
            found[command] = usage.replace("\\|", "|")
    return found


def test_the_readme_cli_table_lists_every_command_with_every_option():
    """Every command of ``infolib.cli.build_parser()`` has a row in the README's CLI table
    (``| `infolib CMD …` | what it does |``; two commands may share a row), and the row names
    every long option of the command and nothing else, and every choice of an argument with
    choices (``--to html|pdf``). Options that every command takes (``--workbook``) and the
    top-level ones (``--version``, ``--verbose``) are written once, above the table."""
    commands, rows = subcommands(), documented_commands()
    section = readme_section("### From the command line")
    assert sorted(rows) == sorted(commands), "commands in the README table != the parser's"
    everywhere = set.intersection(*(long_options(p) for p in commands.values()))
    for option in everywhere | long_options(build_parser()):
        assert f"`{option}" in section or f" {option}" in section, f"{option} is undocumented"
    for name, parser in commands.items():
        usage = rows[name]
        named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", usage))
        missing = long_options(parser) - everywhere - named
        assert not missing, f"`infolib {name}`: the README misses {sorted(missing)}"
        extra = named - long_options(parser)
        assert not extra, f"`infolib {name}`: the README names {sorted(extra)}, which it lacks"
        choices = {str(c) for a in parser._actions for c in a.choices or ()}
        for choice in choices:
            assert re.search(rf"(?<![\w-]){re.escape(choice)}(?![\w-])", usage), \
                f"`infolib {name}`: the README misses the choice {choice!r}"
        for group in re.findall(r"[\w-]+(?:\|[\w-]+)+", usage):  # `a|b|c`: the choices
            unknown = set(group.split("|")) - choices - long_options(parser)
            assert not unknown, f"`infolib {name}`: the README offers {sorted(unknown)}"


# --- the README's layout block against the tree --------------------------------------------------

def layout_block() -> dict[str, str]:
    """The fenced block under "## Layout": each entry (``infolib/``, ``  config.py``,
    ``notebooks/``) -> its description, continuation lines joined. Entries under ``infolib/``
    are indented two spaces and keyed ``infolib/<name>``."""
    section = readme_section("## Layout")
    block = section.split("```")[1].split("\n", 1)[1]
    entries: dict[str, str] = {}
    key = None
    for line in block.splitlines():
        top, inner = re.match(r"(\S+)\s*(.*)", line), re.match(r"  (\S+)\s*(.*)", line)
        if top:
            key = top.group(1)
            entries[key] = top.group(2)
        elif inner:
            key = f"infolib/{inner.group(1)}"
            entries[key] = inner.group(2)
        elif line.strip() and key:
            entries[key] += " " + line.strip()
    return entries


def holds_files(folder) -> bool:
    return any(p.is_file() for p in folder.rglob("*") if "__pycache__" not in p.parts)


def test_the_readme_layout_names_every_module_and_folder_and_nothing_else():
    """The layout block is the package's tree. The rule:

    - Under ``infolib/``, every ``.py`` file and every folder is an entry of its own (two
      spaces in), and every entry exists.
    - A folder entry lists what it holds after the last ": " of its description, separated by
      " · ": a bare word is a module (``fetch`` -> ``fetch.py``, ``__init__`` too), a word with
      an extension a data file (``checklist.toml``), ``name/`` a folder, a pattern
      (``*.schema.json``) files it must match. Every module but ``__init__.py`` and every
      folder in it must be listed, and everything listed must exist; data files need not be
      listed. What is inside its subfolders (templates, migrations) is not compared.
    - Folders count only if they hold a file (``__pycache__`` aside): an emptied folder left
      behind in a checkout is not part of the package.
    - The project's own folders (``notebooks/``, ``tests/``, …) named at the top exist.
    """
    package = ROOT / "infolib"
    entries = layout_block()
    assert "infolib/" in entries, "the layout block has no infolib/ entry"
    for name in entries:
        if not name.startswith("infolib/"):
            assert (ROOT / name).exists(), f"the README's layout names {name}, which is not there"

    def real(folder):
        return {p.name + ("/" if p.is_dir() else "") for p in folder.iterdir()
                if (p.is_dir() and p.name != "__pycache__" and holds_files(p))
                or (p.is_file() and p.suffix == ".py")}

    named = {n.removeprefix("infolib/") for n in entries if n.startswith("infolib/") and
             n != "infolib/"}
    assert named == real(package), (
        f"the layout misses {sorted(real(package) - named)} and names "
        f"{sorted(named - real(package))}, which are not in infolib/")
    for name in sorted(n for n in named if n.endswith("/")):
        folder = package / name
        listed = entries[f"infolib/{name}"].rsplit(": ", 1)[-1].split(" · ")
        files, globs = set(), []
        for item in (i.split()[0] for i in listed if i.split()):
            if "*" in item:
                globs.append(item)
            elif item.endswith("/") or "." in item:
                files.add(item)
            else:
                files.add(f"{item}.py")
        for item in files:
            path = folder / item.rstrip("/")
            assert path.exists() and (not item.endswith("/") or holds_files(path)), \
                f"the layout lists {name}{item}, which is not there"
        for pattern in globs:
            assert list(folder.glob(pattern)), f"nothing in infolib/{name} matches {pattern}"
        missing = real(folder) - files - {"__init__.py"}
        assert not missing, f"the layout's {name} misses {sorted(missing)}"


def test_docs_tables_names_only_tables_and_columns_the_workbook_has():
    """docs/tables.md the other way round from tests/test_project.py: a table or column
    removed from the workbook (by a migration) leaves the docs too."""
    from infolib.store import schema

    text = (ROOT / "docs" / "tables.md").read_text(encoding="utf-8")
    tables = {t.name: t for t in schema.metadata.sorted_tables}
    for section in text.split("\n## `")[1:]:
        name, body = section.split("`", 1)
        assert name in tables, f"docs/tables.md documents {name!r}, which the workbook lacks"
        for column in re.findall(r"^\| `([a-z_0-9]+)` \|", body, re.M):
            assert column in tables[name].columns, \
                f"docs/tables.md documents {name}.{column}, which the workbook lacks"


# --- the README's Python example runs as written ---------------------------------------------------

@pytest.mark.slow  # about 12 s: a crawl, the gap list, the plan, the drafts and the brief
def test_the_readme_python_example_runs_as_written(demo_url, tmp_path):
    """The "From Python" block, run in a fresh process on a workbook of its own: only its
    example address becomes the demo company's (read without delay or progress bar), and its
    LinkedIn export is a small one written here."""
    import os

    code = readme_section("### From Python").split("```python\n", 1)[1].split("```", 1)[0]
    example = 'research_company("https://example.org/", "Energy storage")'
    assert example in code
    code = code.replace(example, f'research_company({demo_url!r}, "Energy storage", delay=0, '
                                 'progress=False)')
    (tmp_path / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Bea,Example,,bea@example.org,Larkspur Grid Systems,Data Engineer,12 Jan 2026\n",
        encoding="utf-8")
    env = {**os.environ, "INFOLIB_WORKBOOK": str(tmp_path / "workbook")}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    made = {p.suffix for p in tmp_path.rglob("*") if p.is_file()}
    assert {".eml", ".html", ".sqlite"} <= made, made
    listed = infolib("contacts", "--workbook", str(tmp_path / "workbook")).stdout
    assert "Ada Example" in listed and "Bea Example" in listed


def test_the_readme_lists_every_exit_code_with_its_meaning():
    """The exit-code table of the README's CLI section is infolib.errors.EXIT_CODES, and each
    error class's code is one of them."""
    import infolib.errors as errors

    section = readme_section("### From the command line")
    listed = {int(code) for code in re.findall(r"^\| (\d+) \| ", section, re.M)}
    assert listed == set(errors.EXIT_CODES)
    classes = [c for c in vars(errors).values()
               if isinstance(c, type) and issubclass(c, errors.InfolibError)]
    assert {c.exit_code for c in classes} <= set(errors.EXIT_CODES)
