"""Tables made for reading in the notebooks: ``show(frame)`` draws a DataFrame as a styled
table (pandas ``Styler``) that fits a 1,000 px pane: no index and no internal ids, dates as
dates, rates as %, missing values blank, long text wrapped instead of cut, headers in words,
and a long table shortened with a line saying so. ``file_link(path)`` shows a written file as
a link. The DataFrame itself stays as it was (``.frame``) for your own pandas work."""

from __future__ import annotations

import html
import math
import os
import re
from datetime import date, datetime
from pathlib import Path

_DATE = re.compile(r"\d{4}-\d\d-\d\d( \d\d:\d\d)?")
#: widest a text column grows before its text wraps; the table never grows past the pane
TEXT_WIDTH = "22em"


def _blank(value) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):
        return False


def _cell(value, *, percent: bool = False) -> str:
    """One value as the reader should see it."""
    if _blank(value):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if percent and isinstance(value, int | float):
        return f"{value:.0%}"
    if isinstance(value, datetime):
        if value.hour or value.minute:
            return value.strftime("%Y-%m-%d %H:%M")
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}" if not math.isinf(value) else ""
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    return str(value)


def _breakable(text: str) -> str:
    """A cell holding a long unbroken token (an address, a link) may break inside it; words
    elsewhere break only between them."""
    text = str(text)
    if _DATE.fullmatch(text):
        return "white-space:nowrap"  # a date never wraps at its hyphens
    return "overflow-wrap:anywhere" if any(len(t) > 24 for t in text.split()) else ""


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith("_id")


class Table:
    """A DataFrame shown for reading (``_repr_html_``); ``.frame`` is the data unchanged."""

    def __init__(self, frame, *, columns=None, rename=None, percent=(), max_rows: int = 30,
                 empty: str = "Nothing yet.", caption: str = ""):
        self.frame = frame
        self.columns = list(columns) if columns is not None else None
        self.rename = dict(rename or {})
        self.percent = set(percent)
        self.max_rows = max_rows
        self.empty = empty
        self.caption = caption

    def shown(self):
        """The DataFrame as the reader sees it: chosen columns, readable values, words as
        headers (a new frame; ``.frame`` is not changed)."""
        frame = self.frame
        if self.columns is not None:
            frame = frame[[c for c in self.columns if c in frame.columns]]
        else:
            frame = frame[[c for c in frame.columns if not _is_id(str(c))]]
        percent = self.percent | {c for c in frame.columns if str(c) == "rate"
                                  or str(c).endswith("_rate")}
        out = frame.head(self.max_rows).copy()
        for column in out.columns:
            out[column] = [_cell(v, percent=column in percent) for v in out[column]]
        out.columns = [self.rename.get(c, str(c).replace("_", " ")) for c in out.columns]
        return out.reset_index(drop=True)

    def _repr_html_(self) -> str:
        if len(self.frame) == 0:
            return f"<p><i>{html.escape(self.empty)}</i></p>"
        shown = self.shown()
        styler = (shown.style.hide(axis="index")
                  .set_table_attributes("style='max-width:100%;width:auto;"
                                        "table-layout:auto;border-collapse:collapse'")
                  .set_table_styles([
                      {"selector": "th", "props": [("text-align", "left"),
                                                   ("white-space", "normal"),
                                                   ("vertical-align", "bottom"),
                                                   ("padding", "2px 8px"),
                                                   ("border-bottom", "1px solid #999")]},
                      {"selector": "td", "props": [("text-align", "left"),
                                                   ("white-space", "normal"),
                                                   ("vertical-align", "top"),
                                                   ("max-width", TEXT_WIDTH),
                                                   ("overflow-wrap", "break-word"),
                                                   ("padding", "2px 8px"),
                                                   ("border-bottom", "1px solid #eee")]},
                  ])
                  .map(_breakable))
        note = ""
        if len(self.frame) > self.max_rows:
            note = (f"<p><small>The first {self.max_rows} of {len(self.frame)} rows; the "
                    "DataFrame (<code>.frame</code>) has them all.</small></p>")
        caption = f"<p><b>{html.escape(self.caption)}</b></p>" if self.caption else ""
        return f"<div class='infolib-table'>{caption}{styler.to_html()}{note}</div>"

    def __repr__(self) -> str:
        return self.shown().to_string(index=False) if len(self.frame) else self.empty


def show(frame, *, columns=None, rename=None, percent=(), max_rows: int = 30,
         empty: str = "Nothing yet.", caption: str = "") -> Table:
    """``frame`` drawn for reading in a notebook: ``columns`` picks and orders the columns
    (default: all but internal ids), ``rename`` gives headers of your own, ``percent`` names
    columns shown as % (a column called ``rate`` always is), ``max_rows`` shortens a long
    table, ``empty`` is what an empty table says."""
    return Table(frame, columns=columns, rename=rename, percent=percent, max_rows=max_rows,
                 empty=empty, caption=caption)


class FileLink:
    """A file written for you, shown as a link that opens it (relative to the notebook)."""

    def __init__(self, path, label: str = "", note: str = ""):
        self.path = Path(path)
        self.label = label or self.path.name
        self.note = note

    def _repr_html_(self) -> str:
        try:
            href = os.path.relpath(self.path, Path.cwd())
        except ValueError:  # another drive
            href = str(self.path)
        href = "/".join(href.split(os.sep))
        note = f" <small>{html.escape(self.note)}</small>" if self.note else ""
        return (f"<p><a href='{html.escape(href)}'>{html.escape(self.label)}"
                f"</a>{note}</p>")

    def __repr__(self) -> str:
        return str(self.path)

    def __fspath__(self) -> str:
        return str(self.path)


def file_link(path, label: str = "", note: str = "") -> FileLink:
    """``path`` shown as a link in the notebook (its text form is the path)."""
    return FileLink(path, label, note)
