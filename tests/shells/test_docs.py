"""The docs say what the code does: the commands messages suggest work as written."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys


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
