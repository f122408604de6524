"""Drafts, reminders and reply labels made from what the workbook holds."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from email import policy
from email.parser import BytesParser

import icalendar
import pytest

from infolib import (
    DataError,
    draft_email,
    due_reminders,
    export_reminders,
    plan_questions,
    reply_labels,
)
from infolib.errors import NotFoundError

FIELD = "Energy storage"


@pytest.fixture
def logged(demo_book):
    book = demo_book
    book.contacts.set_seeker("Sam Seeker", "sam@example.org", phone="+44 7700 900123",
                    profile_url="https://example.org/sam",
                    background="a field engineer moving into data work")
    ada = book.contacts.add("Ada Example", organisation="Larkspur Grid Systems Ltd",
                           email="ada@larkspur.example", how_found="alumni", field=FIELD)
    ben = book.contacts.add("Ben Sample", organisation="Larkspur Grid Systems",
                           email="ben@larkspur.example", referred_by=ada, field=FIELD)
    book.log.add_outreach(ada, sent="2026-03-02", replied="2026-03-03")
    book.log.add_outreach(ben, sent="2026-03-27")  # a Friday before Easter 2026
    book.log.add_meeting(ada, "2026-03-10 14:30", mode="in_person", place="Harbour Café, Bristol",
                         notes=[("advice", "learn SQL before anything else"),
                                ("lead", "Ben Sample on the field team")], referred_to=[ben])
    return book


def parse(path):
    with path.open("rb") as handle:
        return BytesParser(policy=policy.default).parse(handle)


def test_the_four_drafts_come_from_the_log_and_open_as_email(logged):
    plan = plan_questions(FIELD, workbook=logged, contact="Ada Example")
    request = draft_email("request", "Ben Sample", workbook=logged)
    assert request.problems == []  # passes the short-email rules
    message = parse(request.path)
    assert message["To"] == "Ben Sample <ben@larkspur.example>"
    assert message["X-Unsent"] == "1" and request.path.parent == logged.folder / "drafts"
    body = message.get_body().get_content()
    assert body.index("Ada Example") < body.index("exploring")  # the referrer comes first
    ask = next(p for p in body.split("\n\n") if "exploring" in p)
    assert "energy storage" in ask and ask.rstrip().endswith("?")

    confirmation = parse(draft_email("confirmation", "Ada Example", workbook=logged).path)
    text = confirmation.get_body().get_content()
    assert "Harbour Café, Bristol" in text and "+44 7700 900123" in text
    assert plan.questions[0].text in text  # the planned questions go in advance

    thanks = parse(draft_email("thank_you", "Ada Example", workbook=logged).path)
    text = thanks.get_body().get_content()
    assert "learn SQL before anything else" in text and "Ben Sample on the field team" in text

    follow = draft_email("follow_up", "Ada Example", workbook=logged,
                         progress="I have started an evening SQL course.",
                         advice_effect="Your advice already shapes my applications.")
    assert "evening SQL course" in parse(follow.path).get_body().get_content()


def test_drafts_need_the_seeker_and_a_meeting(demo_book):
    demo_book.contacts.add("Ada Example")
    with pytest.raises(DataError, match="who you are"):
        draft_email("request", "Ada Example", workbook=demo_book, field=FIELD)
    demo_book.contacts.set_seeker("Sam Seeker", "sam@example.org")
    with pytest.raises(NotFoundError, match="No meeting"):
        draft_email("thank_you", "Ada Example", workbook=demo_book)
    with pytest.raises(DataError, match="Unknown draft"):
        draft_email("love letter", "Ada Example", workbook=demo_book)


def test_reminders_follow_3b7_on_business_days_and_the_meetings(logged, tmp_path):
    frame = due_reminders(workbook=logged, today=date(2026, 4, 1), subdiv="ENG")
    rows = {(r.contact, r.kind): r for r in frame.itertuples()}
    # Ben: sent Fri 27 Mar 2026; business days Mon 30, Tue 31 Mar, Wed 1 (day 3), Thu 2 Apr;
    # Good Friday (3 Apr), the weekend and Easter Monday (6 Apr) are skipped; Tue 7, Wed 8,
    # Thu 9 Apr is day 7.
    # No second-person task: Ada at the same organisation was written to already.
    assert rows[("Ben Sample", "follow_up_request")].due == date(2026, 4, 9)
    assert rows[("Ada Example", "thank_you")].due == date(2026, 3, 11)
    assert rows[("Ada Example", "thank_you")].status == "due"
    follow = rows[("Ada Example", "follow_up")]
    assert (follow.due, follow.latest) == (date(2026, 4, 10), date(2026, 5, 10))
    logged.log.mark_thanked(1, on="2026-03-10")
    assert "thank_you" not in set(due_reminders(workbook=logged, today=date(2026, 4, 1))["kind"])
    path = export_reminders(tmp_path / "reminders.ics", workbook=logged,
                            today=date(2026, 4, 1))
    events = [e for e in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
    assert len(events) == len(due_reminders(workbook=logged, today=date(2026, 4, 1)))
    logged.log.add_outcome("hired", dated="2026-06-01")
    kinds = set(due_reminders(workbook=logged, today=date(2026, 6, 2))["kind"])
    assert "tell_new_job" in kinds


def test_reply_labels(logged):
    labels = reply_labels(workbook=logged, today=date(2026, 4, 20)).set_index("contact")
    assert labels.loc["Ada Example", "label"] == "booster"
    assert labels.loc["Ben Sample", "label"] == "curmudgeon"
    early = reply_labels(workbook=logged, today=date(2026, 3, 30)).set_index("contact")
    assert early.loc["Ben Sample", "label"] == "waiting"


def test_reminders_and_drafts_from_the_cli(logged, tmp_path):
    folder = str(logged.folder)
    logged.close()
    run = [sys.executable, "-m", "infolib.cli"]
    done = subprocess.run([*run, "reminders", "--json", "--today", "2026-04-01", "--ics",
                           str(tmp_path / "r.ics"), "--workbook", folder],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {"contact", "kind", "due", "status", "text"} <= set(rows[0])
    assert rows[0]["due"] == "2026-03-11"  # ISO 8601
    assert (tmp_path / "r.ics").is_file()
    done = subprocess.run([*run, "draft", "request", "Ben Sample", "--workbook", folder],
                          capture_output=True, text=True)
    assert done.returncode == 0 and "passes the short-email rules" in done.stdout
