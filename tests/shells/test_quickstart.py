"""The README's Quickstart, run as written in a fresh clone: a missing install step fails here,
not on a user's machine."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from tests.paths import ROOT

pytestmark = pytest.mark.slow  # a fresh clone and `make demo`: over a minute


def quickstart_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_quickstart_runs_in_a_fresh_clone(tmp_path):
    commands = quickstart_commands()
    assert commands[0] == "make demo"
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    # `make lab` starts a server and `make test` is this suite: run what builds and demos
    for command in [c for c in commands if c.startswith("make demo")]:
        done = subprocess.run(command, shell=True, cwd=clone, capture_output=True, text=True)
        assert done.returncode == 0, f"{command}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    out = clone / "out"
    assert "make lab WORKBOOK=" in done.stdout
    notebooks = sorted(p.name for p in (out / "notebooks").glob("*.ipynb"))
    assert len(notebooks) == 6
    for name in notebooks:
        nb = json.loads((out / "notebooks" / name).read_text())
        assert not [o for c in nb["cells"] for o in c.get("outputs", [])
                    if o["output_type"] == "error"], name
    assert (out / "brief.html").stat().st_size > 10_000
    assert (out / "brief.pdf").read_bytes().startswith(b"%PDF")
    assert (out / "referrals" / "tree.png").is_file()
