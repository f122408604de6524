"""A guided notebook series per target field: ``infolib new`` and the progress of each field.

``new_field`` creates the field in the workbook and a folder ``fields/<field>/`` holding the
series 01–06, each with the field's values written into its ``parameters`` cell (so papermill's
``-p`` overrides only what it names), ready to open in JupyterLab.
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


def notebook_parameters(name: str, field: str, company: str | list[str], role: str, contact: str,
                        minutes: int, workbook: Path) -> dict:
    """The parameters notebook ``name`` of the series gets for ``field``: notebook 01 the
    organisations (``company_url`` the first; ``company_urls`` all of them when there are
    several, else empty so that papermill's ``-p company_url`` still picks the site)."""
    common = {"field": field, "workbook": str(workbook)}
    companies = [company] if isinstance(company, str) else list(company)
    return {
        "01-research-company": {**common, "company_url": companies[0],
                                "company_urls": companies if len(companies) > 1 else []},
        "02-find-gaps": common,
        "03-plan-questions": {**common, "contact": contact, "role": role, "minutes": minutes},
        "04-outreach": {**common, "contact": contact},
        "05-interview-log": {**common, "contact": contact},
        "06-referral-analysis": {"workbook": str(workbook)},
    }[name]


def _assignments(source: str) -> dict[str, tuple[int, int, int]]:
    """Each top-level ``name = value`` of a parameters cell: (first line, last line, column
    where the value ends), lines counted from 0."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise SetupError(f"The notebook's parameters cell is not valid Python ({exc.msg}, line "
                         f"{exc.lineno}): fix it, or restore the series from the repository "
                         "(git checkout -- notebooks/).") from None
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = (node.lineno - 1, node.end_lineno - 1,
                                         node.end_col_offset)
    return found


def parameterise(notebook: dict, values: dict) -> dict:
    """Write ``values`` into the notebook's ``parameters`` cell itself, each in place of that
    parameter's default (its comment kept), a new one at the end; so papermill's ``-p`` (which
    adds a cell after this one) overrides only what it names. An ``injected-parameters`` cell
    that an earlier infolib left is dropped."""
    cells = [c for c in notebook["cells"]
             if "injected-parameters" not in c.get("metadata", {}).get("tags", [])]
    at = next((i for i, c in enumerate(cells)
               if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if at is None:
        raise SetupError("The notebook has no cell tagged 'parameters': restore the series "
                         "from the repository (git checkout -- notebooks/).")
    source = cells[at]["source"]
    source = source if isinstance(source, str) else "".join(source)
    lines = source.splitlines()
    found = _assignments(source)
    extra = []
    for name, value in values.items():
        text = f"{name} = {str(value) if isinstance(value, Path) else value!r}"
        if name not in found:
            extra.append(text)
            continue
        first, last, end = found[name]
        rest = lines[last].encode("utf-8")[end:].decode("utf-8")  # ast counts UTF-8 bytes
        comment = rest.lstrip()
        if comment:  # the comment stays in its column, or one space after a longer value
            column = len(lines[last]) - len(comment) if first == last else 0
            text += " " * max(1, column - len(text)) + comment
        lines[first:last + 1] = [text] + [None] * (last - first)  # keeps the line numbers
    lines = [line for line in lines if line is not None] + extra
    ending = "\n" if source.endswith("\n") else ""
    cells[at] = {**cells[at], "source": "\n".join(lines) + ending}
    return {**notebook, "cells": cells}


def lab_command(workbook_folder: Path) -> str:
    """The shell command that opens ``workbook_folder`` in JupyterLab: the ``jupyter`` beside
    the Python running infolib, paths relative to the current folder when inside it."""
    import os
    import shlex
    import sys

    def shown(path: Path) -> str:
        path = Path(path).resolve()
        try:
            relative = path.relative_to(Path.cwd().resolve())
        except ValueError:
            return shlex.quote(str(path))
        return shlex.quote(str(relative)) if str(relative) != "." else "."

    jupyter = Path(sys.executable).parent / "jupyter"
    program = shown(jupyter) if jupyter.exists() else "jupyter"
    if program != "jupyter" and os.sep not in program:
        program = f".{os.sep}{program}"
    return f"{program} lab --notebook-dir {shown(workbook_folder)}"


def new_field(field: str, *, company: str | list[str], role: str = "", contact: str = "",
              minutes: int = 20, workbook=None, force: bool = False, me: str = "",
              email: str = "") -> Path:
    """Create ``field`` in the workbook and its notebook series; returns the series folder.

    ``company`` is the organisation to research, or a list of several (notebook 01 reads them
    all at once; more can be added later with ``research_company(URL, field)`` or
    ``infolib research URL --field NAME``). Each notebook's ``parameters`` cell holds the
    field's values (papermill's ``-p`` overrides only what it names). ``me`` and ``email``
    are who you are, for the signature of the drafts (notebook 04): stored in the workbook,
    keeping the phone and profile it knows; without them the workbook's earlier answer is
    reused. A field that exists already is refused
    (nothing is overwritten) unless ``force``.

    Raises:
        DataError: no name, a field that exists already (without ``force``), ``me`` without
            an email address or the other way round.
        InvalidURLError: ``company`` (or one of them) is not a web address.
        SetupError: infolib runs outside its clone, where the notebooks are.
    """
    from infolib.planning.checklist import slug

    name = field_name(" ".join((field or "").split()))
    if not name:
        raise DataError("Name the field, e.g. infolib new \"Energy storage\" --company URL.")
    companies = [company] if isinstance(company, str) else list(company or [])
    if not companies:
        raise DataError("Name the organisation to research: infolib new NAME --company URL "
                        "(repeat --company for several).")
    companies = list(dict.fromkeys(check_start_url(url) for url in companies))
    minutes = meeting_minutes(minutes)
    me, email = " ".join((me or "").split()), (email or "").strip()
    if (me or email) and not (me and "@" in email):
        raise DataError("Say who you are with both --me NAME and --email ADDRESS (they sign "
                        "your drafts), or leave both out.")
    templates = template_folder()
    book = open_workbook(workbook)
    folder = book.folder / "fields" / slug(name)
    if (book.has_field(name) or folder.exists()) and not force:
        raise DataError(f"The field {name!r} exists already ({folder}); its notebooks and "
                        f"research are kept. Open them with `{lab_command(book.folder)}`; add "
                        f"an organisation to it with `infolib research URL --field {name!r}`, "
                        "or pass --force to write its notebooks again (the research is kept).")
    book.ensure_field(name)
    if me:
        known = book.contacts.seeker() or {}
        book.contacts.set_seeker(me, email, phone=known.get("phone") or "",
                                 profile_url=known.get("profile_url") or "",
                                 background=known.get("background") or "")

    with writing_folder(folder, replace=force) as tmp:
        for nb_name in SERIES:
            notebook = json.loads((templates / f"{nb_name}.ipynb").read_text("utf-8"))
            values = notebook_parameters(nb_name, name, companies, role, contact, minutes,
                                         book.folder)
            (tmp / f"{nb_name}.ipynb").write_text(
                json.dumps(parameterise(notebook, values), indent=1, ensure_ascii=False) + "\n",
                encoding="utf-8")
        (tmp / "field.json").write_text(json.dumps({
            "field": name, "company": companies[0], "companies": companies, "role": role,
            "contact": contact,
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


def current_plan_sizes(book) -> dict[str, int]:
    """Per field: the questions of its current plan, the one last saved for a named contact
    (else the plan made before a contact was chosen), not the sum of every stored plan."""
    plans = book.planning.plans()
    if plans.empty:
        return {}
    plans = plans.assign(named=plans["contact"].str.strip() != "")
    current = plans.sort_values(["named", "updated"]).groupby("field").tail(1)
    return dict(zip(current["field"], current["questions"].astype(int), strict=True))


def field_progress(workbook=None) -> FieldProgress:
    """Each field with how far its series has got: researched (the pages its current research
    read; a failed attempt counts none), gaps, questions planned (its current plan), contacted,
    met, thanked, followed up (counts; 0 means not yet); ``.table`` is the DataFrame."""
    import pandas as pd

    book = open_workbook(workbook)
    rows = progress_by_field(book)
    pages, plans = book.research.pages_researched(), current_plan_sizes(book)
    for row in rows:
        row["researched"] = pages.get(row["field"], 0)
        row["questions planned"] = plans.get(row["field"], 0)
    return FieldProgress(pd.DataFrame(rows, columns=["field", *PROGRESS]))
