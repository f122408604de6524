"""The demo journey closes the loop: the meeting logged in notebook 05 answers planned
questions, and the gap list after the meeting (out/gaps.txt) shows those topics answered by
Tomas on the meeting's date while the rest stay open."""

from __future__ import annotations

import pytest

from infolib.demo.journey import run_demo_journey
from infolib.planning.gaps import stored_gaps

pytestmark = [pytest.mark.slow, pytest.mark.notebook]


def test_the_journey_writes_the_gap_list_after_the_meeting(tmp_path):
    result = run_demo_journey(tmp_path / "out", pdf=False)
    gaps = (tmp_path / "out" / "gaps.txt").read_text(encoding="utf-8")
    assert gaps.count("Answered by Tomas Lindqvist on 12 November 2026: \u201c") == 2
    assert "Most of the data team started in field service" in gaps
    assert " GAP " in gaps  # what the meeting did not answer is still open
    stored = stored_gaps("Energy storage (demo)", workbook=result.workbook)
    answered = [r for r in stored.rows if r.answered_by]
    assert {r.source for r in answered} == {"learn", "outcome"} and not any(
        r.is_gap for r in answered)
    assert tmp_path / "out" / "gaps.txt" in result.made
