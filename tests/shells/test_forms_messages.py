"""Messages name only commands and controls that exist: every `infolib …` command a message,
a docstring or a notebook suggests is a command of the CLI with options it has; the question
editor's refusal names its own control, never a Python argument."""

from __future__ import annotations

import argparse
import json
import re

from infolib.cli import build_parser
from tests.paths import ROOT

SUGGESTED = re.compile(r"`infolib ([^`]*)`")
# Python's implicit concatenation of string literals over lines: "…abc "\n  f"def…"
JOINED = re.compile(r"""["']\s*\n\s*[rfbu]{0,2}["']""")


def suggestions() -> list[tuple[str, str]]:
    """(file, the command after `infolib`) for every suggestion in the package and notebooks."""
    found = []
    for path in sorted((ROOT / "infolib").rglob("*.py")):
        text = JOINED.sub("", path.read_text())
        found += [(path.name, m.group(1)) for m in SUGGESTED.finditer(text)]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        text = "\n".join(JOINED.sub("", "".join(c["source"])) for c in cells)
        found += [(path.name, m.group(1)) for m in SUGGESTED.finditer(text)]
    return found


def test_every_suggested_command_is_one_the_cli_has():
    parser = build_parser()
    commands = next(a for a in parser._actions
                    if isinstance(a, argparse._SubParsersAction)).choices
    found = suggestions()
    assert len(found) > 20  # the scan reads the messages (it found them before)
    wrong = []
    for where, command in found:
        words = command.split()
        if words[0].startswith("-"):
            owner = parser
        elif words[0] in commands:
            owner = commands[words[0]]
        else:
            wrong.append(f"{where}: `infolib {command}`: no command {words[0]!r}")
            continue
        wrong += [f"{where}: `infolib {command}`: {problem}" for problem in problems(owner,
                                                                                   words)]
    assert not wrong, "\n".join(wrong)


def problems(owner: argparse.ArgumentParser, words: list[str]) -> list[str]:
    """What in ``words`` (a command after ``infolib``) the command ``owner`` would not take as
    meant: an option it lacks, or a plain word where it expects a value (``contact add`` adds
    a contact called "add"); placeholders (NAME, {id}, …) and a positional's choices are fine."""
    found = [f"no option {w.split('=')[0]}" for w in words
             if re.fullmatch(r"--?[a-z][\w-]*(=.*)?", w)
             and w.split("=")[0] not in owner._option_string_actions]
    choices = {c for a in owner._actions if not a.option_strings and a.choices
               for c in a.choices}
    for word in words[1:]:
        if word.startswith("-") or not re.fullmatch(r"[a-z][a-z_-]*", word):
            break  # options, placeholders and values follow
        if word not in choices:
            found.append(f"{word!r} would be taken as a value, not a command")
    return found


def test_a_wrong_command_in_a_message_would_be_found():
    """The check itself: a suggestion of a command the CLI lacks is caught."""
    parser = build_parser()
    commands = next(a for a in parser._actions
                    if isinstance(a, argparse._SubParsersAction)).choices
    text = JOINED.sub("", 'raise DataError("add them first (`infolib "\n    "contact add`)")')
    (command,) = [m.group(1) for m in SUGGESTED.finditer(text)]
    assert command == "contact add"
    assert problems(commands["contact"], command.split()) == [
        "'add' would be taken as a value, not a command"]
    assert problems(commands["questions"], ["questions", "--field", "X", "--contacts"]) == [
        "no option --contacts"]
    text = 'print("see `infolib contacts-list --field X`")'
    (command,) = [m.group(1) for m in SUGGESTED.finditer(text)]
    assert command.split()[0] not in commands


def test_the_editor_refusal_names_a_control_the_editor_has(demo_book):
    from infolib import edit_questions, plan_questions

    editor = edit_questions(plan_questions("Energy storage", workbook=demo_book))
    editor.new_text.value = "Do you like it?"
    message = editor.message.value
    assert "yes or no" in message and "force=True" not in message
    assert editor.keep_wording.description in message
    assert "not added" in message
    editor.rows.children[0].children[1].value = "Is it fun?"
    editor.rows.children[0].children[-2].click()  # ✓
    assert "The new wording was not kept" in editor.message.value
    assert "not added" not in editor.message.value
