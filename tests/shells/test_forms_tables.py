"""The notebooks' tables as a reader sees them: no index or internal ids, dates as dates, rates
as %, blanks for missing values, text wrapped (never cut with "…"), and the standard tables of
notebook 06 no wider than a 1,000 px pane in a real browser."""

from __future__ import annotations

import io
import math
from datetime import date, datetime

import pandas as pd
import pytest

import infolib
from infolib.display import file_link, show

LONG = ("We asked the storage planners how they choose sites, and they walked us through the "
        "whole survey, the grid studies and the permits, one step after another.")


def frame():
    return pd.DataFrame({"id": [7, 8], "contact_id": [1, 2], "name": ["Ada Example", None],
                         "sent": [date(2026, 3, 2), None],
                         "starts": [datetime(2026, 3, 10, 14, 30), pd.NaT],
                         "rate": [0.352941, math.nan], "note": [LONG, ""],
                         "met": [True, False]})


def test_a_table_for_reading_hides_ids_and_shows_values_as_words():
    page = show(frame())._repr_html_()
    shown = pd.read_html(io.StringIO(page), keep_default_na=False)[0]
    assert list(shown.columns) == ["name", "sent", "starts", "rate", "note", "met"]
    assert shown.to_dict("records") == [
        {"name": "Ada Example", "sent": "2026-03-02", "starts": "2026-03-10 14:30",
         "rate": "35%", "note": LONG, "met": "yes"},
        {"name": "", "sent": "", "starts": "", "rate": "", "note": "", "met": "no"}]
    assert "white-space: nowrap" in page  # a date never wraps at a hyphen


def test_chosen_columns_headers_and_long_tables():
    table = show(pd.DataFrame({"from_name": [f"P{i}" for i in range(40)]}),
                 columns=["from_name"], rename={"from_name": "from"}, max_rows=15)
    page = table._repr_html_()
    assert ">from<" in page and "P14" in page and "P15" not in page
    assert "The first 15 of 40 rows" in page
    assert len(table.frame) == 40  # the data stays whole for the reader's own pandas work
    assert "Nothing logged" in show(pd.DataFrame(), empty="Nothing logged")._repr_html_()


def test_a_written_file_shows_as_a_link_relative_to_the_notebook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sheets").mkdir()
    path = tmp_path / "sheets" / "questions.html"
    page = file_link(path, note="(rewritten on Save)")._repr_html_()
    assert "href='sheets/questions.html'" in page and "PosixPath" not in page
    assert repr(file_link(path)) == str(path)


@pytest.mark.slow  # Chromium
def test_the_tables_of_notebook_06_fit_a_1000_px_pane(workbook):
    from tests.browser import browser_page

    infolib.load_demo_log(workbook=workbook)
    result = infolib.analyse_referrals(workbook=workbook)
    tables = [show(result.contacts, max_rows=15, columns=[
        "name", "organisation", "how_found", "channel", "direct_referrals",
        "indirect_referrals", "led_to_interviews", "led_to_offers", "reply"])]
    tables += [show(getattr(result, name)) for name in ("by_channel", "by_source", "by_field",
                                                        "by_organisation", "reply_labels")]
    tables.append(show(workbook.contacts.table(), columns=[
        "name", "organisation", "role", "email", "how_found", "referred_by"]))
    body = "".join(t._repr_html_() for t in tables)
    with browser_page() as page:
        page.set_viewport_size({"width": 1000, "height": 800})
        page.set_content(f"<html><body style='margin:0'>{body}</body></html>")
        widths = page.eval_on_selector_all("table", "ts => ts.map(t => t.scrollWidth)")
        overflow = page.evaluate("document.documentElement.scrollWidth")
    assert len(widths) == len(tables)
    assert max(widths) <= 1000 and overflow <= 1000, widths
