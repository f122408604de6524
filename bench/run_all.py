"""Run every benchmark in turn, each in its own subprocess, and print their tables.

Run from the repo root:  python bench/run_all.py   (or: make bench)
Exit status is non-zero only if a benchmark crashed; missed targets are reported, not failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import ROOT, table  # noqa: E402

BENCHMARKS = ["bench_import.py", "bench_memory.py", "bench_crawl.py", "bench_gaps.py",
              "bench_store.py", "bench_analysis.py", "bench_brief.py"]
TIMEOUT = 300  # seconds per benchmark


def main() -> int:
    summary = []
    for name in BENCHMARKS:
        print(f"\n=== {name} " + "=" * (60 - len(name)), flush=True)
        t0 = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, str(HERE / name)], cwd=ROOT, timeout=TIMEOUT)
            status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
        except subprocess.TimeoutExpired:
            status = f"timed out after {TIMEOUT} s"
        summary.append((name, status, f"{time.perf_counter() - t0:.1f}"))
    print("\n=== summary " + "=" * 52)
    print(table(summary, ("benchmark", "status", "wall s")))
    print("(targets met or MISSED are in each benchmark's own table above)")
    return 0 if all(s == "ok" for _, s, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
