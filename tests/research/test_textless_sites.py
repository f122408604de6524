"""D4: research that holds no text sentences (a JavaScript-only site, a site of fragments and
stop words) gives an honest gap list, question plan, check and brief instead of a crash."""

from __future__ import annotations

import subprocess
import sys

import pytest

from infolib import find_gaps, make_brief, plan_questions, research_company
from infolib.planning.checks import check_question
from infolib.planning.questions import _research_check

# a single-page app: the body is an empty mount point and a script
JAVASCRIPT_ONLY = ("<!doctype html><html><head><title>Acme</title>"
                   "<script src='/static/app.js' defer></script></head>"
                   "<body><div id='root'></div></body></html>")
# text, but no sentence with a content word: menu fragments and stop words only
STOP_WORDS = ("<!doctype html><html><head><title>Acme</title></head><body><main>"
              "<h1>Welcome</h1>" + "".join(
                  f"<p>{text}</p>" for text in [
                      "We are here for you, and we will be there for you.",
                      "It is what it is, and so it will be for all of us.",
                      "What we do is what you do, and what you do is what we do.",
                      "Home", "About us", "Our work", "Who we are"] * 2)
              + "</main></body></html>")
SITES = {"javascript-only": (JAVASCRIPT_ONLY, "no readable text"),
         "stop-words": (STOP_WORDS, "only short fragments and common words")}


def serve(server, kind: str) -> str:
    body, _said = SITES[kind]
    server.page("/", body)
    server.page("/static/app.js", "document.getElementById('root').textContent = 'Acme';",
                content_type="application/javascript")
    return server.url + "/"


def infolib(*args):
    return subprocess.run([sys.executable, "-m", "infolib.cli", *args], capture_output=True,
                          text=True)


@pytest.mark.parametrize("kind", SITES)
def test_the_library_says_the_pages_held_no_sentences_and_every_topic_is_a_gap(
        kind, server, workbook, fast):
    research_company(serve(server, kind), "Robotics", workbook=workbook, settings=fast,
                     progress=False)
    said = SITES[kind][1]

    gaps = find_gaps("Robotics", workbook=workbook)
    assert gaps.rows and all(row.is_gap and not row.evidence for row in gaps.rows)
    note = " ".join(gaps.notes)
    assert said in note and "JavaScript" in note and "by hand" in note and "contact" in note
    assert all("held no" in row.why or "contact can answer" in row.why for row in gaps.rows)

    plan = plan_questions("Robotics", workbook=workbook)
    assert [q.kind for q in plan.questions].count("gap") >= 3
    assert "JavaScript" in " ".join(plan.notes)

    answered = _research_check(workbook, "Robotics")
    for question in ("What does Acme do?", "What are the main products of the company?",
                     "Where is the company based?"):
        result = check_question(question, answered)
        assert result.ok, str(result)  # nothing counts as answered: there is nothing to read

    brief = make_brief("Robotics", workbook=workbook)
    page = brief.read_text()
    assert "JavaScript" in page and "Questions for the meeting" in page


@pytest.mark.parametrize("kind", SITES)
def test_the_cli_gaps_questions_check_and_brief_work_on_a_site_with_no_sentences(
        kind, server, tmp_path):
    book = str(tmp_path / "book")
    done = infolib("research", serve(server, kind), "--field", "Robotics", "--delay", "0",
                   "--quiet", "--workbook", book)
    assert done.returncode == 0, done.stderr
    said = SITES[kind][1]

    done = infolib("gaps", "--field", "Robotics", "--workbook", book)
    assert done.returncode == 0, done.stderr
    assert "ok " not in done.stdout  # every topic a gap
    assert f"Note: The 1 page(s) read hold {said}" in done.stdout
    assert "JavaScript" in done.stdout

    done = infolib("questions", "--field", "Robotics", "--workbook", book)
    assert done.returncode == 0, done.stderr
    assert "JavaScript" in done.stdout and "1. [" in done.stdout

    done = infolib("check", "What does Acme do?", "--field", "Robotics", "--workbook", book)
    assert (done.returncode, done.stdout, done.stderr) == (0, "OK: What does Acme do?\n", "")

    out = tmp_path / "brief.html"
    done = infolib("brief", "--field", "Robotics", "--out", str(out), "--workbook", book)
    assert done.returncode == 0, done.stderr
    assert "JavaScript" in out.read_text()
    for run in (done,):
        assert "Traceback" not in run.stderr
