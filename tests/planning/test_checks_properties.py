"""The question checks on any text a user might paste: they never crash and always explain."""

from __future__ import annotations

from hypothesis import given

from infolib.planning.checks import check_question, is_open
from tests.strategies import FAST, nasty


@FAST
@given(nasty)
def test_question_checks_never_crash_and_always_explain(text):
    result = check_question(text)
    assert isinstance(is_open(text), bool)
    for problem in result.problems:
        assert problem.reason
    if len(text.split()) > 40:
        assert not result.ok
