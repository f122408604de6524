"""Outreach: drafts that parse back as email, the request lint, header safety, 3B7 and calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pandas as pd
import pytest

from infolib.errors import PlanError
from infolib.outreach.drafts import (
    Draft,
    Person,
    Seeker,
    draft_confirmation,
    draft_follow_up,
    draft_request,
    draft_thank_you,
)
from infolib.outreach.lint import about_contact, lint_request
from infolib.outreach.reminders import REMINDER_COLUMNS, public_holidays, reminders, reply_label, to_ics

LONDON = ZoneInfo("Europe/London")
SEEKER = Seeker("Sam Lee", "sam@example.org", phone="07700 900123",
                profile_url="https://www.linkedin.com/in/samlee",
                background="a field engineer moving into data work")
WHY = "your talk on battery safety at EnergyConf"


def contact(**changes) -> Person:
    values = dict(name="Ana Silva", email="ana@voltcell.example", organisation="Voltcell",
                  role="Head of Analytics", why=WHY)
    values.update(changes)
    return Person(**values)


def parse(path: Path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def plain_body(message) -> str:
    # .eml files use the canonical CRLF line ends of mail, which the parser keeps in the text
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def rules(text: str, person: Person | None = None) -> set[str]:
    return {problem.rule for problem in lint_request(text, person)}


# --- the request --------------------------------------------------------------------------------

@pytest.mark.parametrize("link", [
    {"referrer": "Priya Shah"},
    {"connection": "fellow Bristol alumni"},
    {},
], ids=["referrer", "connection", "cold"])
def test_the_default_request_passes_every_rule_and_says_what_a_request_must(link):
    person = contact(**link)
    draft = draft_request(SEEKER, person, field="energy storage")

    assert lint_request(draft, person) == []
    assert draft.word_count() <= 75
    first_line, _blank, message = draft.body.split("\n")[:3]
    assert first_line == "Dear Ana,"
    first_sentence = message.split(". ")[0]
    if link.get("referrer"):
        assert first_sentence == "Priya Shah suggested I get in touch with you"
    if link.get("connection"):
        assert "fellow Bristol alumni" in first_sentence
    assert WHY in message
    assert "exploring energy storage at the research stage" in message
    assert "20 minutes for a phone call, a video call or coffee near your work" in message
    assert message.endswith("?")


def test_the_request_offers_the_minutes_and_forms_asked_for():
    draft = draft_request(SEEKER, contact(referrer="Priya Shah"), field="grid storage", minutes=30,
                          modes=("coffee near your office",))
    assert "Would you have 30 minutes for coffee near your office, at a time that suits you?" in draft.body
    assert lint_request(draft, contact(referrer="Priya Shah")) == []


def test_the_request_addresses_a_titled_contact_by_title_and_surname():
    draft = draft_request(SEEKER, contact(name="Dr Ana Silva"), field="energy storage")
    assert draft.body.startswith("Dear Dr Silva,\n")


def test_a_request_parses_back_as_an_unsent_email_with_the_right_headers(tmp_path):
    draft = draft_request(SEEKER, contact(referrer="Priya Shah"), field="energy storage")
    message = parse(draft.save(tmp_path / "request.eml", SEEKER))

    assert message["From"].addresses[0].addr_spec == "sam@example.org"
    assert message["From"].addresses[0].display_name == "Sam Lee"
    assert message["To"].addresses[0].addr_spec == "ana@voltcell.example"
    assert message["To"].addresses[0].display_name == "Ana Silva"
    assert message["Subject"] == "Priya Shah suggested I get in touch"
    assert message["X-Unsent"] == "1"
    assert plain_body(message) == draft.body


def test_word_count_leaves_out_the_greeting_and_the_signature():
    draft = Draft("request", "", "Hello", "Dear Ana,\n\nWould you have time?\n\nBest wishes,\nSam Lee\n")
    assert draft.word_count() == 4


# 17 words of opening and ask plus 8 × 13 + 9 words of praise: 130 words in all
LONG = ("Dear Ana,\n\nPriya Shah suggested I get in touch with you. "
        + "Your work on battery safety at Voltcell is widely admired in the field. " * 8
        + "Your team has shown how much careful testing matters. "
        + "Would you have 20 minutes for a call?\n\nBest wishes,\nSam")
BAD_REQUESTS = {
    "130 words": (LONG, {"length", "length-75"}),
    "are you hiring": (
        "Dear Ana,\n\nPriya Shah suggested I get in touch with you. Your talk at EnergyConf was "
        "excellent. Are you hiring analysts at Voltcell this year?\n\nBest,\nSam", {"job-words"}),
    "referrer mentioned last": (
        "Dear Ana,\n\nYour talk on battery safety at EnergyConf stayed with me. Would you have 20 "
        "minutes for a call at a time that suits you, as Priya Shah suggested?\n\nBest,\nSam",
        {"connection-first"}),
    "no question mark": (
        "Dear Ana,\n\nPriya Shah suggested I get in touch with you. Your talk at EnergyConf was "
        "excellent. I would love 20 minutes of your time at your convenience.\n\nBest,\nSam",
        {"question"}),
    "all about me": (
        "Dear Ana,\n\nPriya Shah suggested I get in touch with you. I am a field engineer and I have "
        "spent ten years on my own projects. I want to move into data work and I think my skills "
        "fit. Could we talk for 20 minutes?\n\nBest,\nSam", {"about-contact"}),
}


@pytest.mark.parametrize("name", list(BAD_REQUESTS))
def test_each_bad_request_fails_with_the_rule_it_breaks_and_no_other(name):
    text, broken = BAD_REQUESTS[name]
    person = contact(referrer="Priya Shah")
    problems = lint_request(text, person)
    assert {p.rule for p in problems} == broken
    assert all(len(p.reason) > 40 for p in problems), "each reason should say how to fix it"


def test_the_long_example_really_is_130_words():
    assert Draft("request", "", "", LONG).word_count() == 130


def test_over_75_words_is_only_a_warning():
    text = LONG.replace(
        "Your work on battery safety at Voltcell is widely admired in the field. " * 8,
        "Your work on battery safety at Voltcell is widely admired in the field. " * 4)
    assert Draft("request", "", "", text).word_count() == 78
    (problem,) = lint_request(text, contact(referrer="Priya Shah"))
    assert (problem.rule, problem.severity) == ("length-75", "warning")
    assert "78 words" in problem.reason


def test_job_words_in_the_subject_are_caught_and_named():
    draft = draft_request(SEEKER, contact(), field="energy storage")
    draft.subject = "Any openings at Voltcell?"
    (problem,) = lint_request(draft, contact())
    assert problem.rule == "job-words" and "'openings'" in problem.reason


@pytest.mark.parametrize("word", ["job", "position", "vacancy", "hiring", "hire", "résumé", "resume",
                                  "CV", "apply", "application"])
def test_every_job_word_is_caught(word):
    text = f"Dear Ana,\n\nYour talk was excellent. Could we talk about the {word} some time?\n\nBest,\nSam"
    assert rules(text) == {"job-words"}


def test_the_role_someone_has_is_not_a_job_word():
    text = "Dear Ana,\n\nYour talk was excellent. What does your role involve day to day?\n\nBest,\nSam"
    assert rules(text) == set()


def test_a_connection_counts_when_its_distinctive_words_open_the_email():
    person = contact(connection="fellow Bristol alumni")
    opening = ("Dear Ana,\n\nWe both studied at Bristol, and your talk was excellent. Could we talk?"
               "\n\nBest,\nSam")
    assert rules(opening, person) == set()
    late = "Dear Ana,\n\nYour talk was excellent. Could we talk, as fellow Bristol alumni?\n\nBest,\nSam"
    assert rules(late, person) == {"connection-first"}


def test_about_the_contact_counts_references_to_them_against_references_to_me():
    person = contact()
    # you, your, Ana Silva (one mention), Voltcell against I, my, me
    assert about_contact("You and your team: Ana Silva at Voltcell. I, my, me.", person) == (4, 3)
    # the curly apostrophe is the same word as the straight one
    assert about_contact("I’m glad you’re here", None) == (1, 1)


# --- header safety ------------------------------------------------------------------------------

EXPECTED_HEADERS = {"From", "To", "Subject", "X-Unsent", "MIME-Version", "Content-Type",
                    "Content-Transfer-Encoding"}


@pytest.mark.parametrize("separator", ["\r\n", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\x00"])
def test_no_name_organisation_or_subject_can_add_a_header(tmp_path, separator):
    seeker = Seeker(f"Sam{separator}Bcc: evil@example.com", "sam@example.org", phone="07700 900123")
    person = contact(name=f"Ana{separator}Bcc: evil@example.com",
                     organisation=f"Voltcell{separator}X-Evil: 1",
                     referrer=f"Priya{separator}Cc: evil@example.com")
    draft = draft_request(seeker, person, field=f"energy{separator}Reply-To: evil@example.com")
    draft.subject = f"Hello{separator}Bcc: evil@example.com{separator}{separator}Injected body"

    path = draft.save(tmp_path / "request.eml", seeker)
    message = parse(path)

    assert set(message.keys()) == EXPECTED_HEADERS
    assert len(message.get_all("To")) == 1 and len(message["To"].addresses) == 1
    assert message["To"].addresses[0].addr_spec == "ana@voltcell.example"
    assert message["From"].addresses[0].addr_spec == "sam@example.org"
    assert message["Subject"] == "Hello Bcc: evil@example.com Injected body"
    head = path.read_bytes().split(b"\r\n\r\n", 1)[0]
    names = {line.split(b":", 1)[0] for line in head.split(b"\r\n") if not line[:1].isspace()}
    assert names == {name.encode() for name in EXPECTED_HEADERS}


def test_an_email_address_with_a_line_break_is_refused_not_sent():
    with pytest.raises(PlanError, match="not a plain email address"):
        draft_request(SEEKER, contact(email="ana@voltcell.example\r\nBcc: evil@example.com"),
                      field="energy storage")
    draft = draft_request(SEEKER, contact(), field="energy storage")
    draft.to = "ana@voltcell.example, evil@example.com"
    with pytest.raises(PlanError):
        draft.to_message(SEEKER)
    with pytest.raises(PlanError):
        draft.to_message(Seeker("Sam", "sam@example.org\nBcc: evil@example.com"))


def test_non_ascii_names_round_trip_through_the_eml(tmp_path):
    seeker = Seeker("Zoë Ångström", "zoe@example.org", phone="+46 70 123 45 67")
    person = Person("Łucja Núñez", "lucja@societe.example", organisation="Société Générale",
                    why="your article on énergie solaire", referrer="Søren Kierkegaard")
    resume = tmp_path / "CV Zoë Ångström.pdf"
    resume.write_bytes(b"%PDF-1.4 fake")
    draft = draft_confirmation(seeker, person, when=datetime(2026, 3, 3, 14, 0), mode="coffee",
                               place="Café Ångström, Göteborg", resume=resume)
    draft.subject = "Réunion — Zoë & Łucja"
    message = parse(draft.save(tmp_path / "confirmation.eml", seeker))

    assert message["From"].addresses[0].display_name == "Zoë Ångström"
    assert message["To"].addresses[0].display_name == "Łucja Núñez"
    assert message["Subject"] == "Réunion — Zoë & Łucja"
    body = plain_body(message)
    assert body.startswith("Dear Łucja,") and "Café Ångström, Göteborg" in body
    assert body.rstrip().endswith("Zoë Ångström\n+46 70 123 45 67")
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "CV Zoë Ångström.pdf"


def test_saving_replaces_the_file_in_one_step_and_leaves_nothing_behind(tmp_path):
    draft = draft_request(SEEKER, contact(), field="energy storage")
    path = tmp_path / "drafts" / "ana.eml"
    draft.save(path, SEEKER)
    draft.body = draft.body.replace("Dear Ana", "Hello Ana")
    draft.save(path, SEEKER)
    assert [p.name for p in path.parent.iterdir()] == ["ana.eml"]
    assert plain_body(parse(path)).startswith("Hello Ana,")
    assert b"X-Unsent: 1\r\n" in path.read_bytes()


# --- confirmation, thank-you, follow-up ---------------------------------------------------------

QUESTIONS = ["What surprised you most when you moved into analytics?",
             "Which skills do newcomers to the team most often lack?"]


def test_the_confirmation_names_when_where_my_phone_and_the_questions(tmp_path):
    when = datetime(2026, 3, 3, 14, 30, tzinfo=LONDON)
    draft = draft_confirmation(SEEKER, contact(), when=when, mode="coffee",
                               place="Bean There, 12 Quay Street, Bristol", questions=QUESTIONS)
    message = parse(draft.save(tmp_path / "c.eml", SEEKER))
    body = plain_body(message)

    assert message["Subject"] == "Confirming our conversation on Tuesday 3 March at 14:30"
    assert "When: Tuesday 3 March 2026, 14:30 (GMT)" in body
    assert "Where: Bean There, 12 Quay Street, Bristol" in body
    assert "my number is 07700 900123" in body
    assert f"1. {QUESTIONS[0]}\n2. {QUESTIONS[1]}" in body
    assert not message.is_multipart() and list(message.iter_attachments()) == []
    assert "résumé" not in body


def test_the_confirmation_attaches_the_resume_only_when_given(tmp_path):
    resume = tmp_path / "Sam Lee CV.pdf"
    resume.write_bytes(b"%PDF-1.4 Sam Lee")
    draft = draft_confirmation(SEEKER, contact(), when=datetime(2026, 3, 3, 9, 0), mode="video",
                               call_details="https://meet.example/abc-def", resume=resume)
    message = parse(draft.save(tmp_path / "c.eml", SEEKER))

    assert set(message.keys()) == EXPECTED_HEADERS - {"Content-Transfer-Encoding"}
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "Sam Lee CV.pdf"
    assert attachment.get_content() == b"%PDF-1.4 Sam Lee"
    body = plain_body(message)
    assert "Call details: https://meet.example/abc-def" in body and "attached my résumé" in body


def test_a_confirmation_without_place_or_call_details_or_phone_is_refused(tmp_path):
    with pytest.raises(PlanError, match="place="):
        draft_confirmation(SEEKER, contact(), when=datetime(2026, 3, 3, 9, 0), mode="phone")
    with pytest.raises(PlanError, match="phone"):
        draft_confirmation(Seeker("Sam", "sam@example.org"), contact(), when=datetime(2026, 3, 3, 9),
                           mode="phone", call_details="I'll ring 0117 496 0000")
    with pytest.raises(PlanError, match="does not exist"):
        draft_confirmation(SEEKER, contact(), when=datetime(2026, 3, 3, 9), mode="phone",
                           call_details="I'll ring you", resume=tmp_path / "missing.pdf")


def test_the_thank_you_names_what_helped_most_and_the_leads():
    draft = draft_thank_you(SEEKER, contact(), most_helpful="your advice to learn SQL before Python",
                            leads=["Ben Ode at Gridline", "the IET energy storage network"],
                            met_on=date(2026, 3, 3))
    assert draft.subject == "Thank you for your time on Tuesday"
    assert "on Tuesday 3 March 2026" in draft.body
    assert "What helped me most was your advice to learn SQL before Python." in draft.body
    assert "Ben Ode at Gridline and the IET energy storage network" in draft.body


def test_the_follow_up_reports_progress_and_the_effect_of_the_advice():
    draft = draft_follow_up(SEEKER, contact(), progress="I finished an SQL course",
                            advice_effect="your point about data quality changed my projects",
                            met_on=date(2026, 3, 3))
    assert "since we spoke on 3 March" in draft.body
    assert "I finished an SQL course." in draft.body
    assert "Your point about data quality changed my projects." in draft.body
    assert "decided" not in draft.body


def test_a_follow_up_after_deciding_against_the_field_says_so_and_why():
    draft = draft_follow_up(SEEKER, contact(), progress="I finished an SQL course",
                            advice_effect="your advice made me look harder at the day-to-day work",
                            decided_against_field=True, why="the on-call work does not fit my family",
                            field="battery analytics")
    assert ("I've decided not to go further into battery analytics, because the on-call work does not "
            "fit my family.") in draft.body
    with pytest.raises(PlanError, match="say why"):
        draft_follow_up(SEEKER, contact(), progress="x", advice_effect="y", decided_against_field=True)


def all_drafts(tmp_path) -> list[Draft]:
    return [
        draft_request(SEEKER, contact(), field="energy storage"),
        draft_confirmation(SEEKER, contact(), when=datetime(2026, 3, 3, 9), mode="phone",
                           call_details="I'll ring you on your desk line", questions=QUESTIONS),
        draft_thank_you(SEEKER, contact(), most_helpful="your reading list", met_on=date(2026, 3, 3)),
        draft_follow_up(SEEKER, contact(), progress="I joined the IET", advice_effect="it helped"),
    ]


def test_every_draft_signs_with_name_phone_and_profile_and_fills_every_placeholder(tmp_path):
    drafts = all_drafts(tmp_path)
    assert [d.kind for d in drafts] == ["request", "confirmation", "thank_you", "follow_up"]
    for draft in drafts:
        assert draft.body.endswith("\nSam Lee\n07700 900123\nhttps://www.linkedin.com/in/samlee\n")
        assert "$" not in draft.body and "\n\n\n" not in draft.body
        message = parse(draft.save(tmp_path / f"{draft.kind}.eml", SEEKER))
        assert message["To"].addresses[0].addr_spec == "ana@voltcell.example"
        assert plain_body(message) == draft.body


def test_a_signature_leaves_out_what_the_seeker_did_not_give():
    draft = draft_request(Seeker("Sam Lee", "sam@example.org"), contact(), field="energy storage")
    assert draft.body.endswith("Best wishes,\nSam Lee\n")


# --- 3B7 and reminders --------------------------------------------------------------------------

GB_HOLIDAYS = public_holidays("GB", [2025, 2026])


def requests_sent(*rows) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(["contact_id", "contact", "organisation", "kind", "sent", "replied"],
                                  row, strict=True)) for row in rows])


def meetings_held(*rows) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(["contact_id", "contact", "when", "thanked", "followed_up"],
                                  row, strict=True)) for row in rows])


NO_MEETINGS = meetings_held()


def as_tuples(frame: pd.DataFrame, *columns) -> list[tuple]:
    return list(frame[list(columns)].itertuples(index=False, name=None))


def test_3b7_skips_the_weekend_and_christmas():
    # Sent Friday 19 Dec 2025. Business days after it: Mon 22 (1), Tue 23 (2), Wed 24 (3), so the
    # second person is due Wed 24 Dec. Then Thu 25 and Fri 26 are bank holidays and 27-28 the
    # weekend: Mon 29 (4), Tue 30 (5), Wed 31 (6), Thu 1 Jan is a bank holiday, Fri 2 Jan (7).
    outreach = requests_sent((1, "Ana Silva", "Voltcell", "request", date(2025, 12, 19), None))
    tasks = reminders(outreach, NO_MEETINGS, today=date(2025, 12, 19))
    assert as_tuples(tasks, "kind", "due", "status") == [
        ("second_person", date(2025, 12, 24), "upcoming"),
        ("follow_up_request", date(2026, 1, 2), "upcoming"),
    ]
    assert tasks.loc[0, "text"] == "No reply from Ana Silva yet: write to a second person at Voltcell."


def test_3b7_from_the_day_before_christmas_eve():
    # Sent Tuesday 23 Dec 2025: Wed 24 (1), [25, 26 holidays, 27-28 weekend], Mon 29 (2), Tue 30 (3);
    # then Wed 31 (4), [1 Jan], Fri 2 (5), [3-4 weekend], Mon 5 (6), Tue 6 Jan (7).
    # Counting weekdays alone would have said Fri 26 Dec, a bank holiday.
    outreach = requests_sent((1, "Ana Silva", "Voltcell", "request", date(2025, 12, 23), None))
    tasks = reminders(outreach, NO_MEETINGS, today=date(2025, 12, 30))
    assert as_tuples(tasks, "kind", "due", "status") == [
        ("second_person", date(2025, 12, 30), "due"),
        ("follow_up_request", date(2026, 1, 6), "upcoming"),
    ]


def test_3b7_uses_the_holidays_of_the_nation_given():
    # Sent Thu 2 Apr 2026. Good Friday (3 Apr) is a holiday everywhere in the UK; Easter Monday
    # (6 Apr) only in England, Wales and Northern Ireland, so England's count starts on Tue 7.
    outreach = requests_sent((1, "Ana Silva", "Voltcell", "request", date(2026, 4, 2), None))
    uk = reminders(outreach, NO_MEETINGS, today=date(2026, 4, 2))
    england = reminders(outreach, NO_MEETINGS, today=date(2026, 4, 2), subdiv="ENG")
    assert list(uk["due"]) == [date(2026, 4, 8), date(2026, 4, 14)]
    assert list(england["due"]) == [date(2026, 4, 9), date(2026, 4, 15)]


def test_an_answered_request_needs_no_chasing():
    outreach = requests_sent(
        (1, "Ana Silva", "Voltcell", "request", date(2026, 3, 2), date(2026, 3, 3)),
        (2, "Ben Ode", "Gridline", "request", date(2026, 3, 2), None),
    )
    meetings = meetings_held((2, "Ben Ode", datetime(2026, 3, 10, 9), date(2026, 3, 10), date(2026, 4, 10)))
    assert reminders(outreach, meetings, today=date(2026, 3, 20)).empty


def test_a_second_person_or_a_logged_follow_up_closes_the_3b7_steps():
    outreach = requests_sent(
        (1, "Ana Silva", "Voltcell", "request", date(2026, 3, 2), None),
        (2, "Carl Diaz", "Voltcell", "request", date(2026, 3, 5), None),
        (1, "Ana Silva", "Voltcell", "follow_up", date(2026, 3, 11), None),
    )
    tasks = reminders(outreach, NO_MEETINGS, today=date(2026, 3, 20))
    # Ana had her follow-up and Carl is the second person: only Carl's own follow-up is left,
    # 7 business days after Thu 5 Mar = Mon 16 Mar
    assert as_tuples(tasks, "contact", "kind", "due", "status") == [
        ("Carl Diaz", "follow_up_request", date(2026, 3, 16), "due")]


def test_after_a_meeting_a_thank_you_next_day_and_a_follow_up_in_one_to_two_months():
    meetings = meetings_held(
        (1, "Ana Silva", datetime(2026, 3, 3, 15, 30), None, None),
        (2, "Ben Ode", datetime(2026, 1, 31, 23, 0), None, None),
    )
    tasks = reminders(requests_sent(), meetings, today=date(2026, 3, 4))
    assert as_tuples(tasks, "contact", "kind", "due", "latest", "status") == [
        ("Ben Ode", "thank_you", date(2026, 2, 1), None, "due"),
        # a month after 31 January is the end of February; two months, 31 March
        ("Ben Ode", "follow_up", date(2026, 2, 28), date(2026, 3, 31), "due"),
        ("Ana Silva", "thank_you", date(2026, 3, 4), None, "due"),
        ("Ana Silva", "follow_up", date(2026, 4, 3), date(2026, 5, 3), "upcoming"),
    ]
    assert list(tasks.columns) == REMINDER_COLUMNS
    assert list(tasks["due"]) == sorted(tasks["due"])


def test_done_thank_yous_and_follow_ups_are_not_reminded():
    meetings = meetings_held((1, "Ana Silva", datetime(2026, 3, 3, 15), date(2026, 3, 3), None),
                             (2, "Ben Ode", datetime(2026, 3, 3, 9), None, date(2026, 4, 1)))
    tasks = reminders(None, meetings, today=date(2026, 3, 3))
    assert as_tuples(tasks, "contact", "kind") == [("Ben Ode", "thank_you"), ("Ana Silva", "follow_up")]


def test_landing_a_job_means_telling_everyone_met_once_each():
    meetings = meetings_held(
        (1, "Ana Silva", datetime(2026, 3, 3, 15), date(2026, 3, 3), date(2026, 4, 3)),
        (1, "Ana Silva", datetime(2026, 4, 20, 15), date(2026, 4, 20), date(2026, 5, 20)),
        (2, "Ben Ode", datetime(2026, 3, 10, 9), date(2026, 3, 10), date(2026, 4, 10)),
        (3, "Carl Diaz", datetime(2026, 7, 1, 9), date(2026, 7, 1), date(2026, 8, 1)),  # not met yet
    )
    tasks = reminders(requests_sent(), meetings, today=date(2026, 6, 2), landed_job_on=date(2026, 6, 1))
    assert as_tuples(tasks, "contact", "kind", "due", "status") == [
        ("Ana Silva", "tell_new_job", date(2026, 6, 1), "due"),
        ("Ben Ode", "tell_new_job", date(2026, 6, 1), "due"),
    ]
    assert tasks.loc[0, "text"] == "Tell Ana Silva about your new job and thank them for their part."


def test_reminders_from_nothing_are_an_empty_table_and_bad_tables_are_explained():
    empty = reminders(pd.DataFrame(), pd.DataFrame(), today=date(2026, 1, 1))
    assert empty.empty and list(empty.columns) == REMINDER_COLUMNS
    with pytest.raises(PlanError, match="replied"):
        reminders(pd.DataFrame([{"contact_id": 1, "sent": date(2026, 1, 1)}]), None, today=date(2026, 1, 1))
    with pytest.raises(PlanError, match="'GB'"):
        public_holidays("Narnia", [2026])


@pytest.mark.parametrize(("replied", "today", "label"), [
    (date(2025, 12, 19), date(2025, 12, 19), "booster"),     # the same day
    (date(2025, 12, 24), date(2025, 12, 24), "booster"),     # the 3rd business day
    (date(2025, 12, 29), date(2026, 1, 5), "obligate"),      # the 4th, after Christmas
    (None, date(2025, 12, 31), "waiting"),                   # the 6th business day
    (None, date(2026, 1, 2), "curmudgeon"),                  # the 7th, after New Year's Day
])
def test_reply_labels_count_business_days_around_christmas(replied, today, label):
    assert reply_label(date(2025, 12, 19), replied, today, holidays=GB_HOLIDAYS) == label


def test_reply_labels_without_holidays_count_weekdays_only():
    # Mon 22 … Fri 26, Mon 29, Tue 30: the 7th weekday is 30 Dec
    assert reply_label(date(2025, 12, 19), None, date(2025, 12, 30)) == "curmudgeon"
    assert reply_label(date(2025, 12, 19), None, date(2025, 12, 30), holidays=GB_HOLIDAYS) == "waiting"
    assert reply_label(date(2025, 12, 19), pd.NaT, date(2025, 12, 30)) == "curmudgeon"


def test_reply_labels_accept_a_holidays_calendar():
    import holidays

    assert reply_label(date(2025, 12, 19), None, date(2025, 12, 30), holidays=holidays.GB()) == "waiting"


# --- calendar export ----------------------------------------------------------------------------

def events(path: Path) -> list:
    return icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_the_calendar_has_one_all_day_event_per_reminder_with_stable_uids(tmp_path):
    outreach = requests_sent((1, "Ana Silva", "Voltcell", "request", date(2025, 12, 19), None))
    meetings = meetings_held((2, "Ben Ode", datetime(2026, 1, 31, 23, 0), None, None))
    tasks = reminders(outreach, meetings, today=date(2025, 12, 19))

    first = events(to_ics(tasks, tmp_path / "a.ics"))
    second = events(to_ics(tasks, tmp_path / "b.ics"))

    assert len(first) == len(tasks) == 4
    assert [e["DTSTART"].dt for e in first] == list(tasks["due"])
    assert all(e["DTEND"].dt - e["DTSTART"].dt == timedelta(days=1) for e in first)
    assert all(type(e["DTSTART"].dt) is date for e in first)
    assert [str(e["SUMMARY"]) for e in first] == list(tasks["text"])
    uids = [str(e["UID"]) for e in first]
    assert uids == [str(e["UID"]) for e in second]
    assert len(set(uids)) == len(uids)
    (follow_up,) = [e for e in first if "At the latest by Tuesday 31 March 2026." in str(e["DESCRIPTION"])]
    assert follow_up["DTSTART"].dt == date(2026, 2, 28)

    # a later export with one more reminder keeps the UIDs already in the user's calendar
    more = meetings_held((2, "Ben Ode", datetime(2026, 1, 31, 23, 0), None, None),
                         (3, "Carl Diaz", datetime(2026, 2, 2, 9, 0), None, None))
    later = events(to_ics(reminders(outreach, more, today=date(2025, 12, 19)), tmp_path / "a.ics"))
    assert set(uids) < {str(e["UID"]) for e in later}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ics", "b.ics"]


def test_the_calendar_is_named_and_an_empty_export_is_a_valid_calendar(tmp_path):
    path = to_ics(reminders(None, None, today=date(2026, 1, 1)), tmp_path / "r.ics", calendar_name="Outreach")
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Outreach"
    assert calendar.walk("VEVENT") == []


def test_reply_label_array_agrees_with_reply_label_day_by_day():
    import random

    from infolib.outreach.reminders import public_holidays, reply_label, reply_label_array

    rng = random.Random(3)
    holidays = public_holidays("GB", range(2025, 2028), "ENG")
    sent = [date(2025, 12, 1) + timedelta(days=rng.randint(0, 200)) for _ in range(400)]
    replied = [s + timedelta(days=rng.randint(0, 20)) if rng.random() < 0.6 else None
               for s in sent]
    today = date(2026, 4, 8)
    today_cases = [max(today, s) for s in sent]
    expected = [reply_label(s, r, t, holidays) for s, r, t in zip(sent, replied, today_cases,
                                                                   strict=True)]
    got = [reply_label_array([s], [r], t, holidays)[0] for s, r, t in zip(sent, replied,
                                                                          today_cases, strict=True)]
    assert got == expected
    assert list(reply_label_array(sent, replied, date(2027, 1, 1), holidays)) == [
        reply_label(s, r, date(2027, 1, 1), holidays) for s, r in zip(sent, replied, strict=True)]
