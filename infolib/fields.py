"""A guided notebook series per target field: ``infolib new`` and the progress of each field.

``new_field`` creates the field in the workbook and a folder ``fields/<field>/`` holding the
series 01–06, each with the field's parameters written in a cell after its ``parameters`` cell
(as papermill does), ready to open in JupyterLab.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from infolib.config import PROJECT_ROOT
from infolib.errors import DataError, SetupError
from infolib.files import writing_folder
from infolib.store.queries import progress_by_field
from infolib.store.validate import field_name, meeting_minutes
from infolib.store.workbook import open_workbook
from infolib.terminal import terminal_safe
from infolib.web.urls import check_start_url

SERIES = ("01-research-company", "02-find-gaps", "03-plan-questions", "04-outreach",
          "05-interview-log", "06-referral-analysis")
PROGRESS = ("researched", "gaps", "questions planned", "contacted", "met", "thanked",
            "followed up")


def template_folder() -> Path:
    folder = PROJECT_ROOT / "notebooks"
    if not folder.is_dir():
        raise SetupError(f"The notebook series is not at {folder}: infolib runs from a clone of "
                         "its repository (git clone … && make install).")
    return folder


def notebook_parameters(name: str, field: str, company: str, role: str, contact: str, minutes: int,
                workbook: Path) -> dict:
    common = {"field": field, "workbook": str(workbook)}
    return {
        "01-research-company": {**common, "company_url": company},
        "02-find-gaps": common,
        "03-plan-questions": {**common, "contact": contact, "role": role, "minutes": minutes},
        "04-outreach": {**common, "contact": contact},
        "05-interview-log": {**common, "contact": contact},
        "06-referral-analysis": {"workbook": str(workbook)},
    }[name]


def parameterise(notebook: dict, values: dict) -> dict:
    """Put ``values`` in a cell tagged ``injected-parameters`` right after the ``parameters``
    cell (replacing an earlier one), as papermill does."""
    cells = [c for c in notebook["cells"]
             if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    at = next((i for i, c in enumerate(cells)
               if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if at is None:
        raise SetupError("The notebook has no cell tagged 'parameters': restore the series "
                         "from the repository (git checkout -- notebooks/).")
    source = "# Parameters of this field (written by `infolib new`)\n" + "".join(
        f"{key} = {value!r}\n" for key, value in values.items())
    cells.insert(at + 1, {"cell_type": "code", "execution_count": None, "outputs": [],
                          "metadata": {"tags": ["injected-parameters"]}, "source": source,
                          "id": f"injected-{at}"})
    return {**notebook, "cells": cells}


def new_field(field: str, *, company: str, role: str = "", contact: str = "",
              minutes: int = 20, workbook=None, force: bool = False) -> Path:
    """Create ``field`` in the workbook and its notebook series; returns the series folder.

    A field that exists already is refused (nothing is overwritten) unless ``force``.

    Raises:
        DataError: no name, a field that exists already (without ``force``).
        InvalidURLError: ``company`` is not a web address.
        SetupError: infolib runs outside its clone, where the notebooks are.
    """
    from infolib.planning.checklist import slug

    name = field_name(" ".join((field or "").split()))
    if not name:
        raise DataError("Name the field, e.g. infolib new \"Energy storage\" --company URL.")
    company = check_start_url(company)
    minutes = meeting_minutes(minutes)
    templates = template_folder()
    book = open_workbook(workbook)
    folder = book.folder / "fields" / slug(name)
    if (book.has_field(name) or folder.exists()) and not force:
        raise DataError(f"The field {name!r} exists already ({folder}); its notebooks and "
                        "research are kept. Open them with `make lab`, or pass --force to "
                        "write its notebooks again (the research is kept).")
    book.ensure_field(name)

    with writing_folder(folder, replace=force) as tmp:
        for nb_name in SERIES:
            notebook = json.loads((templates / f"{nb_name}.ipynb").read_text("utf-8"))
            values = notebook_parameters(nb_name, name, company, role, contact, minutes,
                                         book.folder)
            (tmp / f"{nb_name}.ipynb").write_text(
                json.dumps(parameterise(notebook, values), indent=1, ensure_ascii=False) + "\n",
                encoding="utf-8")
        (tmp / "field.json").write_text(json.dumps({
            "field": name, "company": company, "role": role, "contact": contact,
            "minutes": minutes, "created": datetime.now(UTC).isoformat()}, indent=2) + "\n",
            encoding="utf-8")
    return folder


class FieldProgress:
    """Each field (a row of ``table``) with how far its series has got: researched (pages),
    gaps, questions planned, contacted, met, thanked, followed up; 0 means not yet."""

    EMPTY = "No fields yet: start one with `infolib new NAME --company URL`."

    def __init__(self, table):
        self.table = table

    @property
    def empty(self) -> bool:
        return self.table.empty

    def to_text(self) -> str:
        """The table as the CLI prints it, or how to start a field."""

        return self.EMPTY if self.empty else terminal_safe(self.table.to_string(index=False))

    def __repr__(self) -> str:
        return self.to_text()

    def to_dict(self) -> dict:
        """``{"fields": [{"field": name, "researched": n, …}, …]}``, counts as integers."""
        return {"fields": [{k: v if k == "field" else int(v) for k, v in row.items()}
                           for row in self.table.to_dict("records")]}

    def _repr_html_(self) -> str:
        import html

        if self.empty:
            return f"<p><i>{html.escape(self.EMPTY)}</i></p>"
        return self.table.to_html(index=False)


def field_progress(workbook=None) -> FieldProgress:
    """Each field with how far its series has got: researched, gaps, questions planned,
    contacted, met, thanked, followed up (counts; 0 means not yet); ``.table`` is the
    DataFrame."""
    import pandas as pd


    return FieldProgress(pd.DataFrame(progress_by_field(open_workbook(workbook)),
                                      columns=["field", *PROGRESS]))
