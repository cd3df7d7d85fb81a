"""Seconds `attribution check` takes over a 10,000-page static site folder, on one core.

Usage::

    python benchmarks/check_speed.py [--pages 10000] [--rounds 3] [--keep DIR] [--json FILE]

Builds a static site's build output in a temporary folder: every ``samples/web/**/*.html``
page (republished copies, originals and front pages, 62 in all) written again and again under
varied paths (``section-N/<slug>-N/index.html``), with the sample's own host replaced by the
site's so that links resolve as they would on the real site. Then runs the real command,

    attribution check SITE --base-url https://www.benchsite.example/ --format json -o /dev/null

in a child process pinned to one CPU, ``--rounds`` times, and prints the median wall time and
pages per second. The target: seconds, not minutes (under 60 s for 10,000 pages).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "web"
HOST = "www.benchsite.example"
TARGET_SECONDS = 60.0


def build_site(folder: Path, pages: int) -> int:
    """Write ``pages`` pages under ``folder`` from the sample pages; returns the bytes written."""
    sources = []
    for path in sorted(SAMPLES.rglob("*.html")):
        host = path.relative_to(SAMPLES).parts[0]
        text = path.read_text("utf-8", errors="replace").replace(host, HOST)
        slug = path.stem if path.stem != "index" else host.replace(".", "-")
        sources.append((slug, text.encode("utf-8")))
    total = 0
    for i in range(pages):
        slug, body = sources[i % len(sources)]
        page = folder / f"section-{i % 50}" / f"{slug[:60]}-{i}" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_bytes(body)
        total += len(body)
    return total


def pin_one_cpu() -> None:
    """Run the child on one CPU, so the figure is per core whatever the machine."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def time_check(site: Path) -> tuple[float, int, dict[str, object]]:
    """(seconds, exit code, summary) of one `attribution check` run over ``site``."""
    out = site.parent / "report.json"
    cmd = [
        sys.executable,
        "-m",
        "attribution",
        "-q",
        "check",
        str(site),
        "--base-url",
        f"https://{HOST}/",
        "--format",
        "json",
        "-o",
        str(out),
    ]
    start = time.perf_counter()
    # preexec_fn pins the child before it starts; the benchmark runs no threads meanwhile.
    proc = subprocess.run(cmd, preexec_fn=pin_one_cpu, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    summary = json.loads(out.read_text("utf-8"))["summary"] if out.exists() else {}
    if proc.returncode not in (0, 1):
        print(proc.stderr, file=sys.stderr)
    return seconds, proc.returncode, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", help="build the site in this folder and keep it")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="check-speed-") as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        site = base / "public"
        if site.exists():
            shutil.rmtree(site)
        site.mkdir(parents=True)
        start = time.perf_counter()
        size = build_site(site, args.pages)
        print(
            f"built {args.pages} pages ({size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s"
        )
        runs = []
        for n in range(args.rounds):
            seconds, code, summary = time_check(site)
            runs.append(seconds)
            print(
                f"round {n + 1}: {seconds:6.2f} s  {args.pages / seconds:7.1f} pages/s  "
                f"exit {code}  findings {summary.get('findings')}  pages {summary.get('pages')}"
            )
        median = statistics.median(runs)
        verdict = "PASS" if median < TARGET_SECONDS else "FAIL"
        print(
            f"median: {median:.2f} s for {args.pages} pages ({args.pages / median:.0f} pages/s on "
            f"one core); target < {TARGET_SECONDS:.0f} s: {verdict}"
        )
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    {
                        "pages": args.pages,
                        "bytes": size,
                        "rounds": runs,
                        "median_seconds": median,
                        "python": platform.python_version(),
                        "machine": platform.machine(),
                    },
                    indent=2,
                )
                + "\n"
            )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
