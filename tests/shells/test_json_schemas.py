"""Every JSON output of the CLI matches the JSON Schema shipped in infolib/schema/.

The outputs come from the real CLI on one demo workbook made the way a user makes it
(`infolib demo`, then `infolib demo-log`); the schemas are strict (no undocumented key), so a
key added to an output without its schema and docs fails here.
"""

from __future__ import annotations

import argparse
import copy
import fnmatch
import json
import subprocess
import sys
import tomllib

import jsonschema
import pytest

from infolib.cli import build_parser
from tests.paths import ROOT

SCHEMAS = ROOT / "infolib" / "schema"
FIELD = "Energy storage (demo)"
#: commands whose --json prints what another command prints (same schema)
SAME_OUTPUT = {"show": "research", "demo": "research"}
#: the JSON outputs checked, by command; each runs on the demo workbook
RUNS = {
    "research": ["--field", FIELD, "--delay", "0"],  # the demo site's URL goes first
    "show": ["--field", FIELD],
    "changes": ["--field", FIELD],
    "gaps": ["--field", FIELD],
    "questions": ["--field", FIELD, "--contact", "Rosa Northcote",
                  "--add", "How did your first year on the field team shape your work now?"],
    "contacts": [],
    "contacts --at-targets": ["--field", FIELD, "--at-targets"],
    "reminders": ["--today", "2026-03-01"],
    "referrals": [],
}


def infolib(*args):
    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True)


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


def validate(data, name: str) -> None:
    jsonschema.Draft202012Validator(schema(name)).validate(data)


def json_commands() -> dict[str, argparse.ArgumentParser]:
    """Every subcommand of the real parser that has a --json option."""
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {name: sub for name, sub in commands.choices.items()
            if any("--json" in a.option_strings for a in sub._actions)}


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory):
    """A workbook made through the CLI: the demo company researched, the demo log loaded."""
    folder = tmp_path_factory.mktemp("json-book")
    researched = infolib("demo", "--delay", "0", "--workbook", str(folder), "--json")
    assert researched.returncode == 0, researched.stderr
    loaded = infolib("demo-log", "--workbook", str(folder))
    assert loaded.returncode == 0, loaded.stderr
    return folder, json.loads(researched.stdout)


def test_demo_json_matches_the_research_schema(demo_book):
    _folder, data = demo_book
    validate(data, "research")
    assert data["field"] == FIELD and data["pages"] and data["summary"]


@pytest.mark.parametrize("run", sorted(RUNS))
def test_each_json_output_matches_its_schema_and_the_schema_is_strict(run, demo_book, demo_url):
    folder, _ = demo_book
    command = run.split()[0]
    first = [demo_url] if command == "research" else []
    done = infolib(command, *first, *RUNS[run], "--workbook", str(folder), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    name = SAME_OUTPUT.get(command, command)
    validate(data, name)
    assert data, f"{run} printed nothing to check"
    # a key the schema does not document is refused: the schema cannot fall behind the output
    changed = copy.deepcopy(data)
    (changed[0] if isinstance(changed, list) else changed)["undocumented"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validate(changed, name)


def test_the_outputs_hold_what_the_schemas_promise(demo_book):
    """Beyond the shape: the values a reader of the docs relies on."""
    folder, _ = demo_book
    book = ["--workbook", str(folder), "--json"]
    questions = json.loads(infolib("questions", "--field", FIELD, "--contact", "Rosa Northcote",
                                   "--add", "How did your first year on the field team shape "
                                   "your work now?", *book).stdout)
    assert [q["rank"] for q in questions] == list(range(1, len(questions) + 1))
    assert {"gap", "grounded", "yours", "closing"} <= {q["kind"] for q in questions}
    at_targets = json.loads(infolib("contacts", "--field", FIELD, "--at-targets", *book).stdout)
    assert {c["target"] for c in at_targets} == {"Larkspur Grid Systems"}
    reminders = json.loads(infolib("reminders", "--today", "2026-03-01", *book).stdout)
    assert {r["status"] for r in reminders} == {"due", "upcoming"}
    assert [r["due"] for r in reminders] == sorted(r["due"] for r in reminders)
    referrals = json.loads(infolib("referrals", *book).stdout)
    assert [s["stage"] for s in referrals["funnel"]] == [
        "contacted", "replied", "met", "referred", "formal interview", "offer"]
    assert any(c["direct_referrals"] for c in referrals["contacts"])


def test_the_export_manifest_matches_its_schema(demo_book, tmp_path):
    folder, _ = demo_book
    done = infolib("export", str(tmp_path / "backup"), "--workbook", str(folder))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    validate(manifest, "manifest")
    written = {p.name for p in (tmp_path / "backup").glob("*.csv")}
    assert set(manifest["sha256"]) == written
    assert {f"{table}.csv" for table in manifest["rows"]} == written
    assert manifest["rows"]["contacts"] > 0


def test_an_empty_workbook_prints_outputs_that_match_too(tmp_path):
    book = ["--workbook", str(tmp_path), "--json"]
    for command, name in (("contacts", "contacts"), ("reminders", "reminders"),
                          ("referrals", "referrals")):
        done = infolib(command, *book)
        assert done.returncode == 0, done.stderr
        validate(json.loads(done.stdout), name)
    assert json.loads(infolib("contacts", *book).stdout) == []


def test_missing_values_are_null_where_the_schemas_allow_it(tmp_path):
    """A contact with no organisation, field or referrer: the documented nulls, checked."""
    book = ["--workbook", str(tmp_path)]
    for args in (["contact", "Ada Example"],
                 ["contact", "Ben Example", "--org", "Larkspur", "--referred-by", "Ada Example",
                  "--found", "referral"],
                 ["outreach", "Ada Example", "--sent", "2026-02-02"],
                 ["referral", "Ada Example", "Ben Example", "--on", "2026-02-10"]):
        done = infolib(*args, *book)
        assert done.returncode == 0, done.stderr
    contacts = json.loads(infolib("contacts", *book, "--json").stdout)
    validate(contacts, "contacts")
    ada, ben = contacts
    assert (ada["organisation"], ada["field"], ada["referred_by"]) == (None, None, None)
    assert ben["referred_by"] == "Ada Example" and ben["reply"] == ""
    referrals = json.loads(infolib("referrals", *book, "--json").stdout)
    validate(referrals, "referrals")
    assert referrals["contacts"][0]["name"] == "Ada Example"
    assert referrals["contacts"][0]["organisation"] is None


def test_research_of_several_sites_prints_one_object_per_organisation(tmp_path):
    """`infolib research URL URL2 --json`: {field, organisations: [...]}, each organisation
    in the single-site form, in the order given; a site that cannot be read is one of them."""
    from infolib.demo.site import serve_demo
    from tests.sites import closed_port

    down = f"http://127.0.0.1:{closed_port()}/"
    with serve_demo(port=0) as one, serve_demo(port=0) as two:
        done = infolib("research", one.url, down, two.url, "--field", FIELD, "--delay", "0",
                       "--workbook", str(tmp_path), "--json")
    assert done.returncode == 1 and down in done.stderr     # one failed, said so
    data = json.loads(done.stdout)
    validate(data, "research-many")
    for organisation in data["organisations"]:
        validate(organisation, "research")
    assert [o["start_url"] for o in data["organisations"]] == [one.url, down, two.url]
    assert [o["error"] is None for o in data["organisations"]] == [True, False, True]


def test_every_json_option_of_the_cli_has_a_schema_and_a_check():
    commands = json_commands()
    assert {"research", "show", "gaps", "questions", "contacts", "reminders",
            "referrals"} <= set(commands)
    for command in commands:
        name = SAME_OUTPUT.get(command, command)
        assert (SCHEMAS / f"{name}.schema.json").is_file(), \
            f"`infolib {command} --json` has no schema: add infolib/schema/{name}.schema.json"
        assert command in RUNS or command == "demo", \
            f"`infolib {command} --json` is not checked: add it to RUNS in this file"
    used = {SAME_OUTPUT.get(c, c) for c in commands} | {"manifest", "research-many"}
    assert {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.json")} == used


def test_every_schema_is_valid_2020_12_and_ships_in_the_package():
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())[
        "tool"]["setuptools"]["package-data"]["infolib"]
    for path in sorted(SCHEMAS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema", path.name
        jsonschema.Draft202012Validator.check_schema(data)
        inside = path.relative_to(ROOT / "infolib").as_posix()
        assert any(fnmatch.fnmatch(inside, p) for p in patterns), f"{inside} is not packaged"


def test_the_schemas_enumerate_the_names_the_code_uses():
    from infolib.models import PAGE_KINDS
    from infolib.outreach.reminders import REMINDER_KINDS
    from infolib.planning.checklist import TIARA
    from infolib.planning.questions import QUESTION_KINDS
    from infolib.referrals import STAGES
    from infolib.store.schema import CHANNELS, HOW_FOUND

    def enum(name, *path):
        node = schema(name)
        for key in path:
            node = node[key]
        return node["enum"]

    assert enum("research", "properties", "pages", "items", "properties", "kind") == \
        list(PAGE_KINDS)
    assert enum("gaps", "items", "properties", "tiara") == list(TIARA)
    assert enum("questions", "items", "properties", "tiara") == list(TIARA)
    assert enum("questions", "items", "properties", "kind") == list(QUESTION_KINDS)
    assert enum("reminders", "items", "properties", "kind") == list(REMINDER_KINDS)
    contact = ("properties", "contacts", "items", "properties")
    assert enum("referrals", *contact, "how_found") == list(HOW_FOUND)
    assert enum("contacts", "items", "properties", "how_found") == list(HOW_FOUND)
    assert enum("referrals", *contact, "channel") == [*CHANNELS, ""]
    assert enum("referrals", "properties", "funnel", "items", "properties", "stage") == \
        list(STAGES)
