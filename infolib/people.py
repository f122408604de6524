"""The people around a job search: import contacts, find who works where you research, and
keep a copy of the whole workbook.

Writes go through ``Workbook`` (validated, one transaction each); these functions open the
workbook, call it, and return what a notebook shows.
"""

from __future__ import annotations

from pathlib import Path

from infolib.store.imports import read_contacts_csv, read_linkedin
from infolib.store.people import ImportReport, organisation_key


def _book(workbook):
    from infolib.store.workbook import Workbook

    return workbook if isinstance(workbook, Workbook) else Workbook(workbook)


def import_linkedin(path: str | Path, *, workbook=None) -> ImportReport:
    """Import your own LinkedIn export (``Connections.csv``); people already in the workbook
    are skipped, so importing the same file twice adds nobody twice."""
    rows = read_linkedin(path)
    return _book(workbook).import_contacts(rows, "linkedin", label=Path(path).name)


def import_contacts(path: str | Path, *, workbook=None) -> ImportReport:
    """Import a contacts CSV (name, organisation, role, email, … — see read_contacts_csv)."""
    rows = read_contacts_csv(path)
    return _book(workbook).import_contacts(rows, "csv", label=Path(path).name)


def connections_at_targets(field: str, *, workbook=None):
    """Your contacts who work at the organisations researched for ``field``, matched by name
    with legal suffixes, case and punctuation ignored ("Larkspur Grid Systems Ltd")."""
    import pandas as pd

    book = _book(workbook)
    _pages, facts, _org, _crawls, _errors = book.research_inputs(field)
    targets = {organisation_key(f["value"]): f["value"] for f in facts.get("name", [])}
    frame = book.contacts()
    if frame.empty or not targets:
        return frame.iloc[0:0].assign(target=pd.Series(dtype=str))
    keys = frame["organisation"].fillna("").map(organisation_key)
    found = frame[keys.isin(set(targets) - {""})].copy()
    found["target"] = keys[found.index].map(targets)
    return found.reset_index(drop=True)


def export_workbook(folder: str | Path, *, workbook=None) -> Path:
    """Write every table of the workbook as CSV into ``folder`` (new or empty)."""
    from infolib.store.backup import export_workbook as export

    return export(_book(workbook), folder)


def restore_workbook(folder: str | Path, *, workbook=None) -> dict[str, int]:
    """Load an export into an empty workbook; returns the rows restored per table."""
    from infolib.store.backup import restore_workbook as restore

    return restore(_book(workbook), folder)
