"""The interview-log forms, used as a person would: set values, click, read the workbook."""

from __future__ import annotations

from datetime import date

from infolib import contact_form, meeting_form, outreach_form


def test_add_contacts_log_outreach_and_a_meeting_with_referrals(workbook):
    form = contact_form(workbook)
    form.name.value, form.organisation.value, form.how_found.value = (
        "Ada Example", "Larkspur Grid Systems", "alumni")
    form.button.click()
    assert "Added Ada Example" in form.message.value
    form.name.value, form.referred_by.value = "Ben Sample", "Ada Example"
    form.button.click()
    form.name.value = ""
    form.button.click()
    assert "no name" in form.message.value
    contacts = workbook.contacts.table()
    assert list(contacts["name"]) == ["Ada Example", "Ben Sample"]
    assert contacts.loc[1, "referred_by"] == "Ada Example"

    log = outreach_form(workbook)
    log.contact.value, log.day.value = "Ada Example", date(2026, 3, 2)
    log.sent_button.click()
    log.day.value = date(2026, 3, 3)
    log.reply_button.click()
    assert "Logged the reply" in log.message.value
    assert workbook.log.outreach().loc[0, "replied"] == date(2026, 3, 3)

    meeting = meeting_form(workbook)
    meeting.contact.value = "Ada Example"
    meeting.day.value, meeting.time.value = date(2026, 3, 10), "14:30"
    meeting.insights.value = "Entrants lack SQL\nOn-call is shared fairly"
    meeting.leads.value = "Ben on the field team"
    meeting.referred_to.value = ("Ben Sample",)
    meeting.outcome.value = "formal_interview"
    meeting.button.click()
    assert "2 notes" not in meeting.message.value and "3 notes, 1 referral." in \
        meeting.message.value
    assert len(workbook.log.notes()) == 3
    assert workbook.log.referrals().loc[0, "to_name"] == "Ben Sample"
    assert workbook.log.outcomes().loc[0, "kind"] == "formal_interview"
    # a bad time is refused and nothing of the meeting is written
    meeting.time.value = "half past two"
    meeting.insights.value = "should not be stored"
    meeting.button.click()
    assert "not a date and time" in meeting.message.value
    assert len(workbook.log.meetings()) == 1 and len(workbook.log.notes()) == 3
