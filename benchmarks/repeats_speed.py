"""How `extract`'s time grows on pages that repeat a credit-like element many times.

Usage::

    python benchmarks/repeats_speed.py [--small 250] [--factor 8] [--rounds 5] [--json FILE]

Index pages, feeds and spam farms repeat what the detectors look for: a "Read more" under
every teaser, a republication notice under every syndicated story, a copyright line in every
card. Each shape below is built twice, with ``--small`` repeats and with ``--factor`` times as
many, and timed with bare selectolax parsing beside it (the reference: it grows linearly with
the page). The table gives the median time of each size and the growth, large over small. A
detector that compares every match with every other grows with the square of the page (a
growth near factor², 64 for the default 8) and a crawler meeting such a page stalls; the
target is a growth of at most 2 x factor (16: a larger tree also misses the CPU's caches more
often, and single runs move by a quarter), and the check fails with exit code 1 above it, so
that a quadratic step cannot land unnoticed. The process pins itself to one CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from attribution.extract import extract
from attribution.registry import load_registry

URL = "https://www.dailyplanet.example/2026/03/04/index"


def _page(body: str, head: str = "") -> bytes:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Index</title>"
        f"{head}</head><body>{body}</body></html>"
    ).encode()


def _surname(i: int) -> str:
    """A distinct surname for each ``i`` ("Abab"...): names differ in letters, not digits."""
    letters = "".join("abcdefghij"[int(d)] for d in str(i))
    return letters.capitalize() + "son"


#: Name -> the markup of one repeat (the index ``i`` keeps the repeats distinct).
SHAPES: dict[str, Callable[[int], str]] = {
    "read more teasers": lambda i: (
        f"<div class='card'><h3>Story {i}</h3><p>Summary {i}.</p>"
        f"<a href='https://theconversation.com/story-{i}-{1000 + i}'>Read more</a></div>"
    ),
    "notices": lambda i: (
        f"<div><p><em>Story {i} originally appeared on "
        "<a href='https://www.propublica.org/article/x'>ProPublica</a>.</em></p></div>"
    ),
    "linked notices": lambda i: (
        f"<p>Story {i} first appeared on <a href='https://{_surname(i).lower()}.org/x'>"
        f"{_surname(i)} News</a>.</p>"
    ),
    "source lines": lambda i: f"<p>Item {i}. Source: Reuters</p>",
    "via lines": lambda i: (
        f"<p>Via <a href='https://{_surname(i).lower()}.org/story-{i}'>{_surname(i)} News</a></p>"
    ),
    "republish boxes": lambda i: (
        f"<textarea>Story {i}. This article was originally published on The Conversation</textarea>"
    ),
    "bylines": lambda i: f"<div class='byline'>By Jane {_surname(i)} and John Roe</div>",
    "byline newsrooms": lambda i: (
        f"<div class='byline'>By Ann {_surname(i)}, <a href='https://{_surname(i).lower()}"
        f"gazette.com/'>{_surname(i)} Gazette</a></div>"
    ),
    "copyright lines": lambda i: (
        f"<figure><img src='/p/{i}.jpg'><p>© Ann {_surname(i)}</p></figure>"
    ),
    "wire datelines": lambda i: f"<p>WASHINGTON (AP) — Story {i} happened.</p>",
    "counter pixels": lambda i: (
        f"<img src='https://counter.theconversation.com/content/{i}/count.gif'>"
    ),
    "licence links": lambda i: (
        "<a rel='license' href='https://creativecommons.org/licenses/by-nd/4.0/'>CC BY-ND</a>"
    ),
}


def _median_seconds(run: Callable[[bytes], object], pages: list[bytes]) -> float:
    run(pages[0])  # warm-up
    times = []
    for page in pages[1:]:
        start = time.perf_counter()
        run(page)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _pages(repeat: Callable[[int], str], count: int, rounds: int) -> list[bytes]:
    # A page of its own for each run (the warm-up's too): names and lines a run has read
    # before would be answered from the extractor's memory, which only the small page fits.
    return [
        _page("".join(repeat(i) for i in range(r * count, (r + 1) * count)))
        for r in range(rounds + 1)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=250, help="repeats on the small page")
    parser.add_argument("--factor", type=int, default=8, help="the large page's repeats / small")
    parser.add_argument("--rounds", type=int, default=5, help="timed runs per page (median)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    registry = load_registry()
    limit = 2 * args.factor
    rows = []
    print(
        f"{'shape':18} {'engine':11} {'repeats':>7} {'small s':>9} {'large s':>9} "
        f"{'growth':>7}  target"
    )
    print("-" * 76)
    failed = False
    for name, repeat in SHAPES.items():
        sizes = (args.small, args.small * args.factor)
        pages = [_pages(repeat, n, args.rounds) for n in sizes]
        engines: dict[str, Callable[[bytes], object]] = {
            "bare parse": lambda html: LexborHTMLParser(html).body,
            "attribution": lambda html: extract(html, url=URL, registry=registry),
        }
        for engine, run in engines.items():
            small, large = (_median_seconds(run, runs) for runs in pages)
            growth = large / small
            verdict = ""
            if engine == "attribution":
                ok = growth <= limit
                failed |= not ok
                verdict = f"<= {limit:g}  {'PASS' if ok else 'FAIL'}"
            print(
                f"{name:18} {engine:11} {sizes[0]:>7} {small:>9.4f} {large:>9.4f} "
                f"{growth:>6.1f}x  {verdict}"
            )
            rows.append(
                {
                    "shape": name,
                    "engine": engine,
                    "repeats": list(sizes),
                    "bytes": [len(runs[0]) for runs in pages],
                    "median_s": [small, large],
                    "growth": growth,
                }
            )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "python": platform.python_version(),
                    "machine": platform.machine(),
                    "factor": args.factor,
                    "rows": rows,
                },
                indent=2,
            )
        )
    print(f"\ngrowth = median time of the large page / the small one (linear: {args.factor}x)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
