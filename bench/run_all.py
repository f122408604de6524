"""Run every benchmark in turn, each in its own subprocess, print their tables, and write
them all as one markdown report (docs/benchmarks.md unless --out says otherwise).

Run from the repo root:  python bench/run_all.py   (or: make bench)
Exit status is non-zero only if a benchmark crashed; missed targets are reported, not failed:
a slow machine gets a report, never an error.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import ROOT, table  # noqa: E402

BENCHMARKS = ["bench_import.py", "bench_memory.py", "bench_crawl.py", "bench_politeness.py",
              "bench_revisit.py",
              "bench_many.py", "bench_facts.py",
              "bench_gaps.py", "bench_questions.py", "bench_store.py", "bench_analysis.py",
              "bench_brief.py"]
TIMEOUT = 900  # seconds per benchmark


def markdown(results: list[tuple[str, str, float, list[dict]]]) -> str:
    lines = ["# Benchmarks", "",
             f"Measured by `make bench` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
             f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()}. Each figure stands beside its anchor, measured in "
             "the same run; targets are reported, never enforced. What each benchmark does is "
             "in bench/README.md.", ""]
    for name, status, seconds, tables in results:
        lines += [f"## {name}", "", f"Status: {status}, {seconds:.1f} s wall.", ""]
        for found in tables:
            headers, rows = found["headers"], found["rows"]
            lines.append("| " + " | ".join(headers) + " |")
            lines.append("|" + "|".join("---" for _ in headers) + "|")
            lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"
                      for row in rows]
            lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("names", nargs="*", help="only these benchmarks")
    args = parser.parse_args()
    summary, results = [], []
    for name in args.names or BENCHMARKS:
        print(f"\n=== {name} " + "=" * (60 - len(name)), flush=True)
        record = Path(tempfile.mkstemp(suffix=".jsonl")[1])
        t0 = time.perf_counter()
        try:
            proc = subprocess.run([sys.executable, str(HERE / name)], cwd=ROOT, timeout=TIMEOUT,
                                  env={**os.environ, "BENCH_RECORD": str(record)})
            status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
        except subprocess.TimeoutExpired:
            status = f"timed out after {TIMEOUT} s"
        wall = time.perf_counter() - t0
        tables = [json.loads(line) for line in record.read_text().splitlines() if line]
        record.unlink()
        summary.append((name, status, f"{wall:.1f}"))
        results.append((name, status, wall, tables))
    print("\n=== summary " + "=" * 52)
    print(table(summary, ("benchmark", "status", "wall s")))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(markdown(results) + "\n", encoding="utf-8")
    print(f"(targets met or MISSED are in each benchmark's table; report written to {args.out})")
    return 0 if all(s == "ok" for _, s, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
