"""Helpers shared by the benchmarks: repo-root import path, table printing, RSS reading.

Benchmarks print figures beside an anchor measured in the same run; they never assert on time.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def use_repo_root() -> None:
    """Put the repo root on sys.path so ``tests.sites`` and ``infolib`` import from the checkout."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


def record(rows: list[tuple], headers: tuple) -> None:
    """Append a printed table to $BENCH_RECORD (JSON lines) for run_all's markdown report."""
    import json
    import os

    path = os.environ.get("BENCH_RECORD")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"headers": [str(h) for h in headers],
                                     "rows": [[str(c) for c in row] for row in rows]}) + "\n")


def table(rows: list[tuple], headers: tuple) -> str:
    """A plain fixed-width table: first column left-aligned, the others right-aligned.

    With $BENCH_RECORD set (make bench), the table is also recorded for docs/benchmarks.md."""
    record(rows, headers)
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def fmt(row):  # first column left-aligned, the figures right-aligned
        out = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)]
        return "  ".join(out).rstrip()

    lines = [fmt(cells[0]), "  ".join("-" * w for w in widths)]
    lines += [fmt(c) for c in cells[1:]]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def median(values: list[float]) -> float:
    return statistics.median(values)


def fast_fixture_server():
    """The tests' loopback FixtureServer (it turns Nagle's algorithm off itself)."""
    use_repo_root()
    from tests.sites import FixtureServer

    return FixtureServer()
