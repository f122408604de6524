"""Contacts from any text: a name is stored on one line or refused with a reason, and a CSV
import takes any text or refuses it naming the line, all or nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infolib.errors import DataError
from tests.strategies import FAST, nasty

_BOOKS: dict = {}


def _book(factory):
    """One workbook for every example (opening one per example would be slow)."""
    from infolib import Workbook

    if "book" not in _BOOKS:
        _BOOKS["book"] = Workbook(factory.mktemp("hypothesis-book"))
    return _BOOKS["book"]


@pytest.fixture(autouse=True, scope="module")
def _close_books():
    yield
    if "book" in _BOOKS:
        _BOOKS.pop("book").close()


@FAST
@given(st.text(max_size=200))
def test_contact_names_are_stored_on_one_line_or_refused(tmp_path_factory, text):
    book = _book(tmp_path_factory)
    one_line = " ".join(text.split())
    try:
        contact = book.contacts.add(text)
    except DataError as exc:
        # a refusal says what was wrong with the name and how to put it right
        message = str(exc)
        assert any(why in message for why in REFUSALS), message
        return
    try:
        listed = book.contacts.table()
        assert listed.set_index("id").loc[contact, "name"] == one_line
        assert "\n" not in one_line and "\r" not in one_line
        # the name as the user typed it finds the same person again, not a second one
        assert book.contacts.ensure(text) == contact
        assert len(book.contacts.table()) == len(listed)
    finally:
        book.contacts.delete(contact)
    assert contact not in set(book.contacts.table()["id"])


REFUSALS = ("write it on one line", "every contact needs one", "keep it under")


@FAST
@given(st.lists(st.tuples(nasty, nasty), min_size=1, max_size=5))
def test_csv_imports_take_any_text_or_refuse_it_naming_the_line(tmp_path_factory, rows):
    import csv

    from infolib.outreach.contacts import import_contacts

    folder = tmp_path_factory.mktemp("csv")
    path = folder / "people.csv"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "organisation"])
        writer.writerows(rows)
    book = _book(tmp_path_factory)
    before = len(book.contacts.table())
    try:
        report = import_contacts(path, workbook=book)
    except DataError as exc:
        assert "line" in str(exc) or "people.csv" in str(exc)
        assert len(book.contacts.table()) == before  # all or nothing
    else:
        assert len(book.contacts.table()) == before + report.added
