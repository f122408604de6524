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


def table(rows: list[tuple], headers: tuple) -> str:
    """A plain fixed-width table; numbers are right-aligned."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def fmt(row, raw):
        out = []
        for i, cell in enumerate(row):
            numeric = raw is not None and isinstance(raw[i], (int, float))
            out.append(cell.rjust(widths[i]) if numeric else cell.ljust(widths[i]))
        return "  ".join(out).rstrip()

    lines = [fmt(cells[0], None), "  ".join("-" * w for w in widths)]
    lines += [fmt(c, r) for c, r in zip(cells[1:], rows, strict=True)]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def median(values: list[float]) -> float:
    return statistics.median(values)
