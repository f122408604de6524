"""The forms of notebooks 04 and 05 as a user meets them: they start from the notebook's field
and contact, store what they save with that field, offer a contact added in another form at
once, and start clean after a save; a referral changes how the referred person was found."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from infolib import contact_form, meeting_form, outreach_form
from infolib.fields import field_progress
from infolib.referrals import analyse_referrals

FIELD = "Energy storage"


def contacts_of_field(book) -> list[str]:
    done = subprocess.run([sys.executable, "-m", "infolib.cli", "contacts", "--field", FIELD,
                           "--workbook", str(book.folder)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_forms_start_from_the_notebook_and_keep_each_other_current(demo_book):
    demo_book.contacts.add("Tomas Lindqvist", field=FIELD)
    # notebook 04's forms, the outreach form above the contact form
    log = outreach_form(demo_book, field=FIELD, contact="Tomas Lindqvist")
    assert log.contact.value == "Tomas Lindqvist"  # picked from the notebook's parameters
    form = contact_form(demo_book, field=FIELD)
    assert form.organisation.value == "Larkspur Grid Systems"  # the field's research
    form.name.value = "Priya Raman"
    form.button.click()
    assert "Added Priya Raman" in form.message.value
    # the form above offers the new contact without its cell being run again
    assert "Priya Raman" in log.contact.options
    log.contact.value, log.day.value = "Priya Raman", date(2026, 3, 2)
    log.sent_button.click()
    assert "Logged a request to Priya Raman" in log.message.value
    assert "Priya Raman" in contacts_of_field(demo_book)

    meeting = meeting_form(demo_book, field=FIELD, contact="Tomas Lindqvist")
    assert meeting.contact.value == "Tomas Lindqvist"
    meeting.day.value, meeting.time.value = date(2026, 3, 10), "14:30"
    meeting.insights.value = "Storage sites are planned two years ahead"
    meeting.referred_to.value = ("Priya Raman",)
    meeting.outcome.value = "formal_interview"
    meeting.button.click()
    assert "Saved meeting" in meeting.message.value, meeting.message.value
    # stored with the field: `infolib fields` counts the meeting, 06 has no "(none)" row
    progress = field_progress(demo_book).table.set_index("field")
    assert progress.loc[FIELD, "met"] == 1 and progress.loc[FIELD, "contacted"] >= 1
    analysis = analyse_referrals(workbook=demo_book)
    assert list(analysis.by_field["name"]) == [FIELD]
    # the form starts clean for the next meeting
    assert meeting.referred_to.value == () and meeting.outcome.value == ""
    assert meeting.insights.value == ""


def test_a_form_with_nobody_to_pick_says_so(workbook):
    log = outreach_form(workbook)
    log.sent_button.click()
    assert "Pick a contact first" in log.message.value
    meeting = meeting_form(workbook)
    meeting.button.click()
    assert "Pick the contact you met" in meeting.message.value


def test_a_referral_changes_how_the_referred_contact_was_found(workbook):
    workbook.contacts.add("Ada Example")
    workbook.contacts.add("Ben Sample")  # added cold, before the meeting
    workbook.contacts.add("Cleo Third", how_found="alumni")
    meeting = meeting_form(workbook, contact="Ada Example")
    meeting.day.value = date(2026, 3, 10)
    meeting.referred_to.value = ("Ben Sample",)
    meeting.button.click()
    workbook.log.add_referral("Ada Example", "Cleo Third")
    table = workbook.contacts.table().set_index("name")
    assert table.loc["Ben Sample", "how_found"] == "referral"
    assert table.loc["Ben Sample", "referred_by"] == "Ada Example"
    assert table.loc["Cleo Third", "referred_by"] == "Ada Example"
    # the first introduction stands
    workbook.contacts.add("Dan Fourth")
    workbook.log.add_referral("Ben Sample", "Cleo Third")
    assert workbook.contacts.table().set_index("name").loc["Cleo Third", "referred_by"] == \
        "Ada Example"


def test_a_contact_you_met_is_never_a_curmudgeon(workbook):
    workbook.contacts.add("Ada Example")
    workbook.log.add_outreach("Ada Example", sent=date(2026, 1, 5))  # no reply logged
    meeting = meeting_form(workbook, contact="Ada Example")
    meeting.day.value = date(2026, 2, 10)
    meeting.button.click()
    analysis = analyse_referrals(workbook=workbook, today=date(2026, 3, 1))
    labels = dict(zip(analysis.contacts["name"], analysis.contacts["reply"], strict=True))
    assert labels["Ada Example"] == "met (reply not logged)"
    assert "curmudgeon" not in set(analysis.reply_labels["label"])
    from infolib.outreach.reminders import reply_labels  # notebook 04's table says the same

    assert list(reply_labels(workbook=workbook, today=date(2026, 3, 1))["label"]) == [
        "met (reply not logged)"]
