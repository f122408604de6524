"""The workbook store at scale: 100,000 contacts and 1,000,000 outreach and meeting rows,
written and read back as DataFrames, on SQLite and on PostgreSQL.

* contacts go through the validated import (``Workbook.import_contacts``: every row checked,
  duplicates looked up, one transaction), from rows generated with a fixed seed;
* 800,000 outreach rows and 200,000 meetings are inserted with SQLAlchemy Core in batches;
* reads are the DataFrames a notebook asks for: ``contacts()``, ``outreach()``, ``meetings()``.

Anchor (same run, same rows): plain ``sqlite3`` ``executemany`` into a bare table and
``pandas.read_sql`` of it — the least the same work can cost on SQLite.
PostgreSQL runs where the Debian package is installed (tests/pg.py starts a throw-away server);
otherwise its rows say why they are missing. Target (issue 4): each step under 30 s.

Run from the repo root:  python bench/bench_store.py
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import table, use_repo_root, verdict  # noqa: E402

use_repo_root()

CONTACTS, OUTREACH, MEETINGS = 100_000, 800_000, 200_000
TARGET_S = 30.0


def contact_rows() -> list[dict]:
    rng = random.Random(4)
    return [{"_where": f"row {i}: ", "name": f"Person {i}", "organisation": f"Org {i % 5000} Ltd",
             "role": rng.choice(["Engineer", "Analyst", "Designer", "Manager"]),
             "email": f"p{i}@example.org", "profile_url": f"https://example.org/in/p{i}",
             "how_found": rng.choice(["referral", "alumni", "linkedin", "event", "cold"])}
            for i in range(CONTACTS)]


def event_rows():
    rng = random.Random(5)
    start = date(2024, 1, 1)
    outreach = [{"contact_id": rng.randint(1, CONTACTS), "channel": "email", "kind": "request",
                 "sent": start + timedelta(days=i % 700), "replied": None, "note": ""}
                for i in range(OUTREACH)]
    meetings = [{"contact_id": rng.randint(1, CONTACTS), "field_id": None,
                 "starts": datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=i % 9000),
                 "mode": "video", "place": "", "minutes": 20, "thanked": None,
                 "followed_up": None, "note": ""} for i in range(MEETINGS)]
    return outreach, meetings


def run(book, label: str, contacts, outreach, meetings) -> list[tuple]:
    from infolib.store import schema

    t0 = time.perf_counter()
    report = book.contacts.import_rows(contacts, "csv")
    t1 = time.perf_counter()
    with book.engine.begin() as conn:
        for rows, target in ((outreach, schema.outreach), (meetings, schema.meetings)):
            for start in range(0, len(rows), 20_000):
                conn.execute(target.insert(), rows[start:start + 20_000])
    t2 = time.perf_counter()
    frames = [book.contacts.table(), book.log.outreach(), book.log.meetings()]
    t3 = time.perf_counter()
    assert report.added == CONTACTS and sum(len(f) for f in frames[1:]) == OUTREACH + MEETINGS
    return [(f"{label}: import 100,000 contacts (validated)", f"{t1 - t0:.1f}",
             verdict(t1 - t0 < TARGET_S)),
            (f"{label}: insert 1,000,000 outreach + meeting rows", f"{t2 - t1:.1f}",
             verdict(t2 - t1 < TARGET_S)),
            (f"{label}: read all three as DataFrames", f"{t3 - t2:.1f}",
             verdict(t3 - t2 < TARGET_S))]


def anchor(folder: Path, outreach) -> list[tuple]:
    import pandas as pd

    conn = sqlite3.connect(folder / "anchor.sqlite")
    conn.execute("CREATE TABLE outreach (id INTEGER PRIMARY KEY, contact_id INT, channel TEXT, "
                 "kind TEXT, sent TEXT, replied TEXT, note TEXT)")
    rows = [(r["contact_id"], r["channel"], r["kind"], r["sent"].isoformat(), None, "")
            for r in outreach]
    t0 = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO outreach (contact_id, channel, kind, sent, replied, note) "
                         "VALUES (?, ?, ?, ?, ?, ?)", rows)
    t1 = time.perf_counter()
    pd.read_sql("SELECT * FROM outreach", conn)
    t2 = time.perf_counter()
    conn.close()
    return [("anchor: sqlite3 executemany, 800,000 outreach rows", f"{t1 - t0:.1f}", ""),
            ("anchor: pandas.read_sql of them", f"{t2 - t1:.1f}", "")]


def main() -> None:
    from infolib import Workbook

    contacts = contact_rows()
    outreach, meetings = event_rows()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += anchor(Path(tmp), outreach)
        book = Workbook(Path(tmp) / "sqlite")
        rows += run(book, "SQLite", contacts, outreach, meetings)
        book.close()
        try:
            from tests.pg import PostgresServer

            server = PostgresServer()
        except (RuntimeError, OSError) as exc:
            rows.append(("PostgreSQL: not run", "-", str(exc)[:60]))
        else:
            try:
                book = Workbook(Path(tmp) / "pg", database_url=server.new_database())
                rows += run(book, "PostgreSQL", contacts, outreach, meetings)
                book.close()
            finally:
                server.stop()
    print(table(rows, ("what", "seconds", f"< {TARGET_S:g} s")))


if __name__ == "__main__":
    main()
