"""Every result a user meets shows itself: ``to_text()`` for a terminal (what the CLI prints,
no raw control characters), ``to_dict()`` as JSON, and ``_repr_html_`` in Jupyter, so no shell
renders a result itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infolib import analyse_referrals, load_demo_log
from infolib.demo.journey import JourneyResult
from infolib.fields import field_progress
from infolib.outreach.contacts import contact_list
from infolib.outreach.drafts import draft_email
from infolib.outreach.reminders import reminder_list
from infolib.planning.checks import check_question
from infolib.planning.gaps import find_gaps
from infolib.planning.questions import check_with_research, plan_questions

FIELD = "Energy storage"


@pytest.fixture
def logged(demo_book):
    load_demo_log(workbook=demo_book)
    demo_book.contacts.set_seeker("Sam Seeker", "sam@example.org")
    ada = demo_book.contacts.add("Ada Example", organisation="Larkspur Grid Systems",
                                 email="ada@larkspur.example", field=FIELD)
    demo_book.log.add_outreach(ada, sent="2026-03-02")
    return demo_book


def results(book, tmp_path) -> dict:
    return {
        "gap list": find_gaps(FIELD, workbook=book),
        "question plan": plan_questions(FIELD, workbook=book, contact="Ada Example"),
        "check": check_question("Do you like your job?"),
        "check against research": check_with_research(
            "What does Larkspur Grid Systems make these days?", FIELD, workbook=book),
        "draft": draft_email("request", "Ada Example", workbook=book, field=FIELD,
                             folder=tmp_path / "drafts"),
        "referrals": analyse_referrals(workbook=book),
        "contacts": contact_list(workbook=book),
        "contacts at targets": contact_list(FIELD, at_targets=True, workbook=book),
        "reminders": reminder_list(workbook=book, today="2026-03-20"),
        "fields": field_progress(book),
        "journey": JourneyResult(out=tmp_path, workbook=tmp_path / "workbook",
                                 made=[tmp_path / "brief.html"], seconds={"total": 1.5}),
    }


def test_every_result_has_text_json_and_a_jupyter_display(logged, tmp_path):
    for name, result in results(logged, tmp_path).items():
        text = result.to_text()
        assert isinstance(text, str) and text.strip(), name
        assert not any(ord(c) < 32 and c not in "\n\t" for c in text), name
        json.dumps(result.to_dict())  # plain JSON values
        html = result._repr_html_()
        assert isinstance(html, str) and html.lstrip().startswith("<"), name


def test_the_texts_say_what_the_cli_used_to_put_together_itself(logged, tmp_path):
    found = results(logged, tmp_path)
    contacts = found["contacts"].to_text().splitlines()
    assert contacts[0].split() == ["id", "name", "organisation", "role", "how_found",
                                   "referred_by", "reply"]
    ada = next(line for line in contacts if "Ada Example" in line)
    assert ada.split()[-1] in {"booster", "obligate", "curmudgeon", "waiting"}
    assert "target" in found["contacts at targets"].to_text().splitlines()[0]
    assert found["reminders"].to_text().splitlines()[0].split()[0] in {"DUE", "OVERDUE",
                                                                        "UPCOMING"}
    referrals = found["referrals"].to_text()
    assert "Who referred you on:" in referrals and "By channel of the first message:" in referrals
    assert found["fields"].to_text().splitlines()[0].split()[:2] == ["field", "researched"]
    assert found["check"].to_text().startswith("Needs work: ")
    assert found["check against research"].to_dict()["question"].startswith("What does")
    assert Path(found["draft"].to_dict()["path"]).is_file()


def test_empty_results_say_how_to_start(workbook):
    assert contact_list(workbook=workbook).to_text().startswith("No contacts yet")
    assert contact_list(workbook=workbook).to_dict() == {"contacts": []}
    assert reminder_list(workbook=workbook).to_text().startswith("Nothing to remind you of")
    assert field_progress(workbook).to_text().startswith("No fields yet")
    assert field_progress(workbook).to_dict() == {"fields": []}
