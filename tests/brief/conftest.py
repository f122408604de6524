"""Fixtures of the brief's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.planning.field_sites import two_organisations  # noqa: F401 - a fixture, by name

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def chromium():
    """The system Chromium that prints the brief; the test is skipped when it is missing,
    except under make test (INFOLIB_REQUIRE_CHROMIUM set), where that is a failure."""
    if not Path(CHROMIUM).is_file():
        reason = (f"{CHROMIUM} is missing; `make test` installs it (apt-get install chromium)")
        if os.environ.get("INFOLIB_REQUIRE_CHROMIUM"):
            pytest.fail(f"Chromium is required here: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    return CHROMIUM
