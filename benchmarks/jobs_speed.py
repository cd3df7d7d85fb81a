"""Seconds `attribution extract` and `attribution check` take with worker processes (--jobs).

Usage::

    python benchmarks/jobs_speed.py [--pages 4000] [--rounds 3] [--jobs 1 2] [--json FILE]

Builds the same static site as ``check_speed.py`` (the sample pages written again and again
under varied paths) in a temporary folder, then runs the real commands,

    attribution -q extract SITE --format jsonl -o OUT --jobs J
    attribution -q check SITE --base-url https://www.benchsite.example/ --format json \
        -o OUT --jobs J

for every J of ``--jobs``, interleaved round by round so that the machine's noise spreads over
all of them, and prints the median wall time and the speed-up against the first J (the
reference: one process). It also checks that every J wrote the same output as the first.
Informational: no target (what workers gain depends on the cores the machine gives).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from check_speed import HOST, build_site

COMMANDS = {
    "extract": ["extract", "{site}", "--format", "jsonl"],
    "check": ["check", "{site}", "--base-url", f"https://{HOST}/", "--format", "json"],
}


def run(command: str, site: Path, jobs: int, out: Path) -> tuple[float, int]:
    """(seconds, exit code) of one run of ``command`` over ``site`` with ``--jobs jobs``."""
    args = [a.format(site=site) for a in COMMANDS[command]]
    cmd = [sys.executable, "-m", "attribution", "-q", *args, "-o", str(out), "--jobs", str(jobs)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        print(proc.stderr, file=sys.stderr)
    return seconds, proc.returncode


def _same_output(first: Path, other: Path, command: str) -> bool:
    if command == "check":  # the JSON report carries no clock, but compare its findings only
        a = json.loads(first.read_text("utf-8"))
        b = json.loads(other.read_text("utf-8"))
        return bool(a["findings"] == b["findings"] and a["summary"] == b["summary"])
    return first.read_bytes() == other.read_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory(prefix="attribution-jobs-") as tmp:
        site = Path(tmp) / "site"
        size = build_site(site, args.pages)
        print(f"built {args.pages} pages ({size / 1e6:.1f} MB); {cpus} CPUs", file=sys.stderr)
        times: dict[tuple[str, int], list[float]] = {}
        same: dict[tuple[str, int], bool] = {}
        for r in range(args.rounds):
            for command in COMMANDS:
                for jobs in args.jobs:
                    out = Path(tmp) / f"{command}-{jobs}.out"
                    seconds, code = run(command, site, jobs, out)
                    times.setdefault((command, jobs), []).append(seconds)
                    first = Path(tmp) / f"{command}-{args.jobs[0]}.out"
                    same[(command, jobs)] = _same_output(first, out, command)
                    print(f"round {r + 1}: {command} --jobs {jobs}: {seconds:.2f} s, exit {code}")
    print()
    versus = f"vs jobs {args.jobs[0]}"
    header = f"{'command':8s} {'jobs':>4s} {'median s':>9s} {'pages/s':>8s} {versus:>10s}"
    print(header + "  same output")
    figures = []
    for command in COMMANDS:
        reference = statistics.median(times[(command, args.jobs[0])])
        for jobs in args.jobs:
            median = statistics.median(times[(command, jobs)])
            row = {
                "command": command,
                "jobs": jobs,
                "median_seconds": round(median, 3),
                "pages_per_second": round(args.pages / median, 1),
                "speedup": round(reference / median, 2),
                "same_output": same[(command, jobs)],
            }
            figures.append(row)
            print(
                f"{command:8s} {jobs:4d} {median:9.2f} {row['pages_per_second']:8.1f} "
                f"{row['speedup']:9.2f}x  {'yes' if row['same_output'] else 'NO'}"
            )
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {"date": dt.datetime.now(dt.UTC).isoformat(), "cpus": cpus, "rows": figures},
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0 if all(row["same_output"] for row in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
