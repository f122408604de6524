"""Project-level promises: dependency lists agree, the demo site is complete and fictional."""

from __future__ import annotations

import re
import tomllib

from tests.paths import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~\[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    import yaml

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(d): d for d in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = {_name(d): d for d in env["dependencies"] if isinstance(d, str)}
    conda.pop("python"), conda.pop("pip")
    assert set(conda) == set(wanted)
    for name, requirement in wanted.items():  # same lower bounds too (pip extras aside)
        bare = re.sub(r"\[[^\]]*\]", "", requirement).replace(" ", "")
        assert bare == conda[name].replace(" ", ""), name
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert pip == ["-e ."]


def test_demo_site_has_every_section_the_issue_asks_for():
    site = ROOT / "data" / "demo" / "site"
    for path in ("index.html", "about.html", "leadership.html", "products/index.html",
                 "careers/index.html", "careers/jobs/data-engineer.html", "news/index.html",
                 "blog/index.html", "reports/annual-report-2025.pdf", "robots.txt",
                 "sitemap.xml", "feed.xml"):
        assert (site / path).is_file(), path


def test_personal_data_paths_are_git_ignored():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert "/data/*" in ignored and "!/data/demo/" in ignored


def test_every_table_and_column_is_documented():
    from infolib.store import schema

    text = (ROOT / "docs" / "tables.md").read_text()
    for table in schema.metadata.sorted_tables:
        section = text.split(f"## `{table.name}`", 1)
        assert len(section) == 2, table.name
        body = section[1].split("\n## ", 1)[0]
        for column in table.columns:
            assert f"| `{column.name}` |" in body, (table.name, column.name)
