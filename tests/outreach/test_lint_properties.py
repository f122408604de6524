"""The email lint on any draft and any name: it never crashes, and every problem says which
rule and why."""

from __future__ import annotations

from hypothesis import given

from infolib.outreach.drafts import Person
from infolib.outreach.lint import lint_request
from tests.strategies import FAST, nasty


@FAST
@given(nasty, nasty)
def test_the_email_lint_never_crashes(body, name):
    problems = lint_request(body, Person(name=name[:200], organisation=name[:50]))
    assert all(p.rule and p.reason for p in problems)
