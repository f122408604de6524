"""The question checks: open/closed measured on labelled sets, job requests, length, rewrites."""

from __future__ import annotations

import csv

import pytest

from infolib.planning.checks import check_question, is_open
from tests.paths import DATA


def labelled(name: str) -> list[dict]:
    with open(DATA / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def scores(rows: list[dict]) -> dict[str, float]:
    predicted = [(is_open(r["question"]), r["label"] == "open") for r in rows]
    tp = sum(p and o for p, o in predicted)
    fp = sum(p and not o for p, o in predicted)
    fn = sum(o and not p for p, o in predicted)
    tn = sum(not p and not o for p, o in predicted)
    return {"open precision": tp / (tp + fp), "open recall": tp / (tp + fn),
            "closed precision": tn / (tn + fn), "closed recall": tn / (tn + fp)}


def test_the_labelled_set_is_large_varied_and_balanced():
    rows = labelled("questions_labelled.csv")
    assert len(rows) >= 300
    labels = [r["label"] for r in rows]
    assert set(labels) == {"open", "closed"}
    assert 0.4 < labels.count("open") / len(rows) < 0.6
    texts = [r["question"].lower() for r in rows]
    assert len(set(texts)) == len(texts)
    assert any(t.startswith("could you walk me through") for t in texts)
    assert any(t.startswith("is it true that") for t in texts)


@pytest.mark.parametrize("name", ["questions_labelled.csv", "questions_holdout.csv"])
def test_open_closed_check_reaches_095_precision_and_recall(name):
    # the sets are committed with the tests: a missing one is a broken checkout, not a skip
    if not (DATA / name).exists():
        pytest.fail(f"{DATA / name} is missing, so the open/closed check cannot be measured; "
                    f"it is committed with the tests: restore it with `git checkout -- "
                    f"tests/data/{name}`.")
    figures = scores(labelled(name))
    print(name, {k: round(v, 3) for k, v in figures.items()})
    assert all(value >= 0.95 for value in figures.values()), figures


@pytest.mark.parametrize("question", [
    "Could you walk me through a typical week?",
    "I read that you opened an office in Aarhus; how has that changed your work?",
    "In your experience, what makes a new technician good?",
    "Tell me about the hardest site you have commissioned.",
    "Would you mind telling me how you got your first role?",
])
def test_open_questions_pass(question):
    assert check_question(question).ok, check_question(question)


@pytest.mark.parametrize("question", [
    "Is it true that the team works remotely?",
    "Do you enjoy your work?",
    "Could you tell me if the team is growing?",
    "The market is growing, isn't it?",
    "Would you say the field is growing?",
])
def test_closed_questions_fail_with_an_open_rewrite(question):
    result = check_question(question)
    problem = next(p for p in result.problems if p.check == "open")
    assert "yes or no" in problem.reason
    assert problem.rewrite and is_open(problem.rewrite), problem.rewrite


def test_every_rewrite_of_a_closed_question_in_the_set_is_open():
    closed = [r["question"] for r in labelled("questions_labelled.csv") if r["label"] == "closed"]
    rewrites = [p.rewrite for q in closed for p in check_question(q).problems
                if p.check == "open" and p.rewrite]
    assert len(rewrites) > 100
    assert [r for r in rewrites if not is_open(r)] == []


@pytest.mark.parametrize("question", [
    "Are you hiring at the moment?",
    "Are there any jobs available for me on your team?",
    "Could you pass my CV to your manager?",
    "What would it take for you to hire me?",
])
def test_job_requests_are_refused_with_a_reason(question):
    problems = {p.check: p for p in check_question(question).problems}
    assert "job request" in problems
    assert "information" in problems["job request"].reason


def test_asking_about_the_hiring_process_is_fine():
    assert check_question("What does the hiring process for your team look like?").ok


def test_length_and_one_question_at_a_time():
    long = "How " + "really " * 60 + "did you start?"
    assert any(p.check == "length" for p in check_question(long).problems)
    assert any(p.check == "length" for p in check_question("Why?").problems)
    double = "How did you start? And what would you change?"
    assert any(p.check == "one thing" for p in check_question(double).problems)
