"""Import time: ``import infolib`` against ``import pandas`` and an empty interpreter.

Each command runs 7 times as a fresh subprocess (after one untimed warm-up run that fills the
OS file cache); the median wall time is printed. ``python -c "pass"`` is the interpreter's own
start-up, included in every other figure.

Target: median(import infolib) / median(import pandas) <= 1.2.
The last row, ``from infolib import research_company`` (what a notebook's first research cell
pulls in), is shown for information and has no target.

Run from the repo root:  python bench/bench_import.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, median, table, verdict  # noqa: E402

RUNS = 7
RATIO_TARGET = 1.2
COMMANDS = [
    ("python -c 'pass'", "pass"),
    ("python -c 'import pandas'", "import pandas"),
    ("python -c 'import infolib'", "import infolib"),
    ("from infolib import research_company (info)", "from infolib import research_company"),
]


def wall_times(code: str, runs: int = RUNS) -> list[float]:
    cmd = [sys.executable, "-c", code]
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)  # warm-up, not timed
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def main() -> int:
    times = {code: wall_times(code) for _, code in COMMANDS}
    medians = {code: median(t) for code, t in times.items()}
    base = medians["pass"]
    rows = [(label, f"{medians[code] * 1000:.0f}", f"{min(times[code]) * 1000:.0f}",
             f"{max(times[code]) * 1000:.0f}",
             f"{(medians[code] - base) * 1000:.0f}" if code != "pass" else "-")
            for label, code in COMMANDS]
    print(f"bench_import: {RUNS} runs each, fresh subprocess, {sys.executable}\n")
    print(table(rows, ("command", "median ms", "min ms", "max ms", "minus start-up ms")))
    ratio = medians["import infolib"] / medians["import pandas"]
    print()
    print(table([("import infolib / import pandas (medians)", f"{ratio:.2f}",
                  f"<= {RATIO_TARGET}", verdict(ratio <= RATIO_TARGET))],
                ("figure", "value", "target", "")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
