"""A LinkedIn Connections.csv as real exports come: a notes preamble, members who hide their
details (no name at all, or only a profile URL) among the others. The people, organisations and
preamble text here are invented; the columns are the export's."""

from __future__ import annotations

import subprocess
import sys

import pytest
import sqlalchemy as sa

from infolib import DataError
from infolib.outreach.contacts import import_linkedin
from infolib.store import schema

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
PREAMBLE = ('Notes:\n"Addresses are listed only for the members who chose to share them."\n'
            "\n")
EXPORT = PREAMBLE + HEADER + (
    "Ada,Example,https://www.linkedin.com/in/ada-example-4f2a,,Larkspur Grid Systems,"
    "Data Engineer,12 Mar 2024\n"
    ",,,,,,05 Jan 2023\n"                                           # hides their details
    "Ben,Sample,https://www.linkedin.com/in/ben-sample,ben@example.org,"
    '"Fenwick Energy, Ltd","Analyst, Grid Operations",01 Feb 2023\n'
    ",,https://www.linkedin.com/in/member-7c1e,,,,\n"              # a URL and nothing else
    "Émile,,https://www.linkedin.com/in/emile,,Kestrel Lane Ventures,Partner,7 Jan 2025\n"
)


def count(book) -> int:
    with book.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.contacts)).scalar()


def test_a_real_export_imports_everyone_with_a_name_and_counts_the_rest(store, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(EXPORT, encoding="utf-8-sig")  # with the byte-order mark exports carry
    report = import_linkedin(path, workbook=store)
    assert (report.read, report.added, report.skipped, report.nameless) == (5, 3, 0, 2)
    assert "2 rows had no name: members who hide their details; skipped." in report.to_text()
    people = store.contacts.table().set_index("name")
    assert sorted(people.index) == ["Ada Example", "Ben Sample", "Émile"]
    assert people.loc["Ben Sample", "organisation"] == "Fenwick Energy, Ltd"
    assert people.loc["Émile", "role"] == "Partner"
    again = import_linkedin(path, workbook=store)  # twice adds nobody twice
    assert (again.added, again.skipped, again.nameless) == (0, 3, 2)
    assert count(store) == 3


def test_the_command_line_says_how_many_rows_it_skipped(tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(EXPORT.replace(",,,,,,05 Jan 2023\n", ""), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "infolib.cli", "import-linkedin", str(path),
                           "--workbook", str(tmp_path / "wb")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("Connections.csv: 4 rows read, 3 contacts added, 0 already "
                                   "in the workbook. 1 row had no name: members who hide "
                                   "their details; skipped.")


def test_an_export_of_only_hidden_members_adds_nobody_and_says_why(store, tmp_path):
    path = tmp_path / "Connections.csv"
    path.write_text(PREAMBLE + HEADER + ",,,,,,05 Jan 2023\n,,,,,,06 Jan 2023\n",
                    encoding="utf-8")
    report = import_linkedin(path, workbook=store)
    assert (report.added, report.nameless) == (0, 2)
    assert "2 rows had no name" in str(report)
    assert count(store) == 0


@pytest.mark.parametrize("content, message", [
    (EXPORT.replace("First Name,Last Name", "Given,Family"), "no header line"),
    (EXPORT.replace(HEADER, HEADER.replace(",Last Name", "")), "no header line"),
    (EXPORT.replace("7 Jan 2025", "2025-01-07"), "line 9: column 'Connected On'"),
    (EXPORT.replace('"Fenwick Energy, Ltd"', "Fenwick Energy, Ltd"), "line 7: 8 values"),
    (EXPORT.encode("utf-16"), "not a text CSV"),
    (EXPORT.encode("utf-8").replace("Émile".encode(), "Émile".encode("latin-1")),
     "not UTF-8 text"),
])
def test_real_errors_still_import_nothing(store, tmp_path, content, message):
    path = tmp_path / "Connections.csv"
    (path.write_bytes if isinstance(content, bytes) else path.write_text)(content)
    with pytest.raises(DataError, match=message):
        import_linkedin(path, workbook=store)
    assert count(store) == 0
