"""The referral analysis at scale: 100,000 contacts and 1,000,000 logged events.

A workbook is filled (SQLAlchemy Core, fixed seed) with 100,000 contacts, 700,000 outreach rows,
200,000 meetings, 90,000 referrals forming chains up to five long, and 10,000 outcomes; then
``analyse_referrals`` runs on it (read every table, build the graph, count chains, funnel,
conversion, reply labels). Anchor, same run: reading the same five tables as DataFrames and
nothing else — the floor under any analysis of them. Target (issue 5): under 5 s.

Run from the repo root:  python bench/bench_analysis.py
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import table, use_repo_root, verdict  # noqa: E402

use_repo_root()

CONTACTS, OUTREACH, MEETINGS, REFERRALS, OUTCOMES = 100_000, 700_000, 200_000, 90_000, 10_000
TARGET_S = 5.0


def fill(book) -> None:
    from infolib.store import schema

    rng = random.Random(11)
    now = datetime.now(UTC)
    start = date(2025, 1, 6)
    with book.engine.begin() as conn:
        conn.execute(schema.organisations.insert(), [
            {"id": i + 1, "name": f"Org {i}", "key": f"org {i}", "website": "", "created": now}
            for i in range(2000)])
        conn.execute(schema.contacts.insert(), [
            {"id": i + 1, "name": f"Person {i}", "organisation_id": rng.randint(1, 2000),
             "role": "", "email": "", "phone": "", "profile_url": "",
             "how_found": rng.choice(["referral", "alumni", "linkedin", "event", "cold"]),
             "referred_by": None, "field_id": None, "source": "csv", "connected_on": None,
             "notes": "", "created": now} for i in range(CONTACTS)])
        rows = []
        for _ in range(OUTREACH):
            sent = start + timedelta(days=rng.randint(0, 600))
            replied = sent + timedelta(days=rng.randint(1, 12)) if rng.random() < 0.5 else None
            rows.append({"contact_id": rng.randint(1, CONTACTS), "channel": rng.choice(
                ["email", "linkedin", "phone"]), "kind": "request", "sent": sent,
                "replied": replied, "note": ""})
        for first in range(0, len(rows), 50_000):
            conn.execute(schema.outreach.insert(), rows[first:first + 50_000])
        rows = [{"contact_id": rng.randint(1, CONTACTS), "field_id": None,
                 "starts": now - timedelta(hours=rng.randint(0, 9000)), "mode": "video",
                 "place": "", "minutes": 20, "thanked": None, "followed_up": None, "note": ""}
                for _ in range(MEETINGS)]
        for first in range(0, len(rows), 50_000):
            conn.execute(schema.meetings.insert(), rows[first:first + 50_000])
        # chains: each referral points from an earlier contact to a later one
        rows = [{"from_contact_id": max(1, target - rng.randint(1, 50)), "from_name": "",
                 "to_contact_id": target, "dated": start, "note": ""}
                for target in rng.sample(range(2, CONTACTS + 1), REFERRALS)]
        conn.execute(schema.referrals.insert(), rows)
        conn.execute(schema.outcomes.insert(), [
            {"contact_id": rng.randint(1, CONTACTS), "field_id": None,
             "kind": rng.choice(["formal_interview", "formal_interview", "offer"]),
             "dated": start, "why": ""} for _ in range(OUTCOMES)])


def main() -> None:
    from infolib import Workbook, analyse_referrals

    with tempfile.TemporaryDirectory() as tmp:
        book = Workbook(Path(tmp))
        t0 = time.perf_counter()
        fill(book)
        filled = time.perf_counter() - t0
        t0 = time.perf_counter()
        for read in (book.contacts.table, book.log.outreach, book.log.meetings,
                     book.log.referrals, book.log.outcomes):
            read()
        anchor = time.perf_counter() - t0
        t0 = time.perf_counter()
        result = analyse_referrals(workbook=book)
        took = time.perf_counter() - t0
        book.close()
    print(f"{CONTACTS:,} contacts, {OUTREACH + MEETINGS + REFERRALS + OUTCOMES:,} events "
          f"(filled in {filled:.1f} s); {result.headline()}")
    print(table([("anchor: read the five tables as DataFrames", f"{anchor:.2f}", ""),
                 ("analyse_referrals", f"{took:.2f}", f"< {TARGET_S:g} s: {verdict(took < TARGET_S)}")],
                ("what", "seconds", "target")))


if __name__ == "__main__":
    main()
