"""Pages per second of `attribution.extract` on one core, beside its ceiling and its alternative.

Usage::

    python benchmarks/extract_speed.py [--rounds 5] [--json FILE] [--corpus DIR] [--synthetic]
                                       [--floor] [--against REV]

Two page sets: (a) every ``samples/web/**/*.html`` page and (b) large real-size pages: the real
corpus (``../shared/corpus/real``, read at run time, never copied) when it is there, else
synthetic 300-800 KB pages generated here. Three engines run over the same bytes in the same
process, pinned to one CPU:

- ``bare parse``: ``LexborHTMLParser(html)`` and touching ``.body``, the ceiling for any
  extractor built on selectolax;
- ``attribution``: ``extract(html, url=..., registry=...)`` with the registry loaded once;
- ``trafilatura``: ``bare_extraction(html, url=..., with_metadata=True)``, what users would
  pick instead (its exceptions are caught and counted).

``--floor`` adds the steps every extraction of this design pays (``doc``: decode, parse,
JSON-LD, script stripping; then that plus the body text, one CSS query, or one search through
the markup), to show what bounds the ratio to the bare parse.

Each engine makes one warm-up pass, then ``--rounds`` timed passes, interleaved with the other
engines so that noise from the machine spreads evenly; the table shows the median pass. Targets:
attribution at least 0.40 of the bare-parse rate and at least 10x trafilatura's.

``--against REV`` is a paired comparison instead: this checkout's ``extract`` and that of git
revision ``REV`` (its ``attribution`` package read with ``git archive`` into a temporary folder
and imported beside this one), alternated pass by pass in this one process, so both see the
same machine. It prints, per page set, the sum over pages of each page's fastest time (the
figure least moved by other work on the machine) and the median pass, and the change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import _corpus
from _corpus import Page
from selectolax.lexbor import LexborHTMLParser

from attribution import __version__ as attribution_version
from attribution.extract import extract, parse_document
from attribution.registry import load_registry

MIN_VS_PARSE = 0.40
MIN_VS_TRAFILATURA = 10.0

Engine = Callable[[Page], object]


@dataclass(slots=True)
class Measurement:
    """The timings of one engine over one page set."""

    page_set: str
    engine: str
    pages: int
    megabytes: float
    passes: list[float] = field(default_factory=list)
    page_times: list[list[float]] = field(default_factory=list)  # per page, one per pass
    errors: int = 0

    @property
    def median_seconds(self) -> float:
        return statistics.median(self.passes)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.median_seconds

    @property
    def sum_of_fastest(self) -> float:
        """The sum over pages of each page's fastest time: noise on a shared machine only ever
        adds time, so this moves least between runs."""
        return sum(min(t) for t in self.page_times)

    def slowest(self, pages: list[Page], n: int) -> list[tuple[str, float]]:
        medians = [
            (p.name, statistics.median(t)) for p, t in zip(pages, self.page_times, strict=True)
        ]
        return sorted(medians, key=lambda item: item[1], reverse=True)[:n]


def bare_parse(page: Page) -> object:
    return LexborHTMLParser(page.html).body


def floor_engines() -> dict[str, Engine]:
    """The steps any extraction built like ours pays for (``--floor``), to read against the
    bare parse: decoding, parsing, reading JSON-LD and stripping scripts (``parse_document``),
    then one more of each kind of work the detectors do: lexbor's body text in lower case
    (keyword tests), one CSS query over the tree, one search through the raw markup."""

    def doc(page: Page) -> object:
        return parse_document(page.html, url=page.url)

    def doc_text(page: Page) -> object:
        return parse_document(page.html, url=page.url).body_lower

    def doc_query(page: Page) -> object:
        return parse_document(page.html, url=page.url).tree.css("meta")

    def doc_scan(page: Page) -> object:
        return parse_document(page.html, url=page.url).html.find("\x00<none>")

    return {"doc": doc, "doc+text": doc_text, "doc+query": doc_query, "doc+scan": doc_scan}


def make_engines(*, with_trafilatura: bool) -> dict[str, Engine]:
    registry = load_registry()  # once, as a crawl would

    def ours(page: Page) -> object:
        return extract(page.html, url=page.url, registry=registry)

    engines: dict[str, Engine] = {"bare parse": bare_parse, "attribution": ours}
    if with_trafilatura:
        from trafilatura import bare_extraction

        def theirs(page: Page) -> object:
            return bare_extraction(page.html, url=page.url, with_metadata=True)

        engines["trafilatura"] = theirs
    return engines


def timed_pass(engine: Engine, pages: list[Page]) -> tuple[list[float], int]:
    """Run the engine once over every page: the time of each page and the number of errors."""
    times: list[float] = []
    errors = 0
    gc.collect()
    clock = time.perf_counter
    for page in pages:
        start = clock()
        try:
            engine(page)
        except Exception:  # a failing page is counted, the run goes on
            errors += 1
        times.append(clock() - start)
    return times, errors


def measure(
    page_set: str, pages: list[Page], engines: dict[str, Engine], rounds: int
) -> list[Measurement]:
    megabytes = sum(len(p.html) for p in pages) / 1e6
    results = {
        name: Measurement(page_set, name, len(pages), megabytes, page_times=[[] for _ in pages])
        for name in engines
    }
    for name, engine in engines.items():  # warm-up: imports, caches, compiled patterns
        _, results[name].errors = timed_pass(engine, pages)
    order = list(engines.items())
    for _ in range(rounds):
        order.reverse()  # no engine always runs first (or right after another)
        for name, engine in order:
            times, _ = timed_pass(engine, pages)
            results[name].passes.append(sum(times))
            for per_page, t in zip(results[name].page_times, times, strict=True):
                per_page.append(t)
        print(".", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return list(results.values())


def revision_engine(rev: str, folder: Path) -> Engine:
    """``extract`` of git revision ``rev``: its ``attribution`` package is unpacked into
    ``folder`` and imported under the same name beside this checkout's, whose modules are put
    back afterwards (the other revision's functions keep their own module globals)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "attribution"],
        cwd=_corpus.REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")

    def ours_loaded() -> dict[str, Any]:
        names = [n for n in sys.modules if n == "attribution" or n.startswith("attribution.")]
        return {n: sys.modules.pop(n) for n in names}

    mine = ours_loaded()
    sys.path.insert(0, str(folder))
    try:
        other_extract = importlib.import_module("attribution.extract").extract
        registry = importlib.import_module("attribution.registry").load_registry()
        if not str(sys.modules["attribution"].__file__).startswith(str(folder)):
            raise RuntimeError(f"revision {rev} was not imported from {folder}")
    finally:
        sys.path.remove(str(folder))
        ours_loaded()
        sys.modules.update(mine)

    def theirs(page: Page) -> object:
        return other_extract(page.html, url=page.url, registry=registry)

    return theirs


def print_paired(measurements: list[Measurement], rev: str) -> None:
    """``--against``: the two revisions side by side, per page set."""
    header = (
        f"{'set':<8} {'engine':<22} {'pages':>5} {'sum of fastest s':>16} "
        f"{'median pass s':>13} {'change':>7}"
    )
    print(header)
    print("-" * len(header))
    by_key = {(m.page_set, m.engine): m for m in measurements}
    for page_set in dict.fromkeys(m.page_set for m in measurements):
        base = by_key[(page_set, f"attribution@{rev}")]
        new = by_key[(page_set, "attribution")]
        for m in (base, new):
            change = (
                "" if m is base else f"{(m.sum_of_fastest / base.sum_of_fastest - 1) * 100:+6.1f}%"
            )
            print(
                f"{page_set:<8} {m.engine:<22} {m.pages:>5} {m.sum_of_fastest:>16.4f} "
                f"{m.median_seconds:>13.4f} {change:>7}"
            )


def pin_to_one_cpu() -> int | None:
    """Pin this process to one CPU where the OS allows it; the CPU used, or None."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def targets(measurements: list[Measurement]) -> list[dict[str, Any]]:
    """One row per page set and target: the ratio, the bound and whether it holds."""
    rows: list[dict[str, Any]] = []
    by_key = {(m.page_set, m.engine): m for m in measurements}
    for page_set in dict.fromkeys(m.page_set for m in measurements):
        ours = by_key[(page_set, "attribution")].pages_per_second
        parse = by_key[(page_set, "bare parse")].pages_per_second
        rows.append(
            {
                "page_set": page_set,
                "target": "attribution / bare parse",
                "ratio": ours / parse,
                "bound": MIN_VS_PARSE,
                "pass": ours / parse >= MIN_VS_PARSE,
            }
        )
        if (page_set, "trafilatura") in by_key:
            theirs = by_key[(page_set, "trafilatura")].pages_per_second
            rows.append(
                {
                    "page_set": page_set,
                    "target": "attribution / trafilatura",
                    "ratio": ours / theirs,
                    "bound": MIN_VS_TRAFILATURA,
                    "pass": ours / theirs >= MIN_VS_TRAFILATURA,
                }
            )
    return rows


def print_report(
    measurements: list[Measurement], goals: list[dict[str, Any]], slowest: list[tuple[str, float]]
) -> None:
    parse_rate = {m.page_set: m.pages_per_second for m in measurements if m.engine == "bare parse"}
    header = (
        f"{'set':<8} {'engine':<12} {'pages':>5} {'MB':>6} {'median s':>9} "
        f"{'pages/s':>9} {'vs parse':>8} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for m in measurements:
        print(
            f"{m.page_set:<8} {m.engine:<12} {m.pages:>5} {m.megabytes:>6.2f} "
            f"{m.median_seconds:>9.3f} {m.pages_per_second:>9.1f} "
            f"{m.pages_per_second / parse_rate[m.page_set]:>8.3f} {m.errors:>6}"
        )
    print()
    print(f"{'set':<8} {'target':<27} {'ratio':>8}  {'target':<9} result")
    for g in goals:
        unit = "x" if g["target"].endswith("trafilatura") else ""
        ratio = f"{g['ratio']:.3f}{unit}"
        bound = f">= {g['bound']:.2f}{unit}"
        print(
            f"{g['page_set']:<8} {g['target']:<27} {ratio:>8}  {bound:<9} "
            f"{'PASS' if g['pass'] else 'FAIL'}"
        )
    print()
    print("slowest pages for attribution (median seconds per page):")
    for name, seconds in slowest:
        print(f"  {seconds * 1000:8.1f} ms  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed passes per engine (5)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--corpus", metavar="DIR", help="real corpus folder (with labels.jsonl)")
    parser.add_argument(
        "--synthetic", action="store_true", help="use synthetic large pages even with a corpus"
    )
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also time the steps any extraction pays (decode+parse+strip, text, query, scan)",
    )
    parser.add_argument(
        "--against",
        metavar="REV",
        help="paired comparison: this checkout's extract against git revision REV's, alternated",
    )
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.against:
        return run_paired(args.against, args.rounds, args.corpus, synthetic=args.synthetic)

    missing = _corpus.trafilatura_missing()
    if missing:
        print(f"{missing}: skipped", file=sys.stderr)
    with_trafilatura = missing is None

    cpu = pin_to_one_cpu()
    sets, large_source = page_sets(args.corpus, synthetic=args.synthetic)
    print(f"large pages: {large_source}; pinned to CPU {cpu}", file=sys.stderr)

    engines = make_engines(with_trafilatura=with_trafilatura)
    if args.floor:
        engines.update(floor_engines())
    measurements: list[Measurement] = []
    slowest: list[tuple[str, float]] = []
    for name, pages in sets.items():
        print(f"{name}: {len(pages)} pages, {args.rounds} rounds ", end="", file=sys.stderr)
        results = measure(name, pages, engines, args.rounds)
        measurements.extend(results)
        ours = next(m for m in results if m.engine == "attribution")
        slowest.extend((f"{name}: {n}", s) for n, s in ours.slowest(pages, 3))
    slowest = sorted(slowest, key=lambda item: item[1], reverse=True)[:3]
    goals = targets(measurements)
    print_report(measurements, goals, slowest)

    if args.json:
        import selectolax

        report = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpu": cpu_model(),
                "cpus": os.cpu_count(),
                "pinned_cpu": cpu,
                "python": platform.python_version(),
                "platform": platform.platform(),
                "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
            },
            "revision": _git_revision(),
            "versions": {
                "attribution": attribution_version,
                "selectolax": selectolax.__version__,
                "trafilatura": _trafilatura_version() if with_trafilatura else None,
            },
            "rounds": args.rounds,
            "large_pages": large_source,
            "measurements": [
                {
                    **{k: v for k, v in asdict(m).items() if k != "page_times"},
                    "median_seconds": m.median_seconds,
                    "pages_per_second": m.pages_per_second,
                }
                for m in measurements
            ],
            "targets": goals,
            "slowest_attribution_pages": [{"page": n, "seconds": s} for n, s in slowest],
        }
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


def page_sets(corpus_dir: str | None, *, synthetic: bool) -> tuple[dict[str, list[Page]], str]:
    """The samples and the large pages (the real corpus, else synthetic), and where the large
    pages came from."""
    corpus = None if synthetic else _corpus.find_corpus(corpus_dir)
    sets: dict[str, list[Page]] = {"samples": _corpus.sample_pages()}
    if corpus is not None:
        sets["real"] = _corpus.corpus_pages(corpus)
        return sets, str(corpus)
    sets["large"] = _corpus.synthetic_pages()
    return sets, "synthetic (20 pages, 300-800 KB, seed 1)"


def run_paired(rev: str, rounds: int, corpus_dir: str | None, *, synthetic: bool) -> int:
    """``--against REV``: this checkout's extraction and REV's, alternated in one process."""
    cpu = pin_to_one_cpu()
    sets, large_source = page_sets(corpus_dir, synthetic=synthetic)
    print(f"large pages: {large_source}; pinned to CPU {cpu}", file=sys.stderr)
    registry = load_registry()

    def ours(page: Page) -> object:
        return extract(page.html, url=page.url, registry=registry)

    with tempfile.TemporaryDirectory(prefix="extract-speed-") as folder:
        try:
            theirs = revision_engine(rev, Path(folder))
        except subprocess.CalledProcessError as exc:
            print(f"cannot read revision {rev}: {exc.stderr.decode().strip()}", file=sys.stderr)
            return 2
        engines: dict[str, Engine] = {f"attribution@{rev}": theirs, "attribution": ours}
        measurements: list[Measurement] = []
        for name, pages in sets.items():
            print(f"{name}: {len(pages)} pages, {rounds} rounds ", end="", file=sys.stderr)
            measurements.extend(measure(name, pages, engines, rounds))
    print_paired(measurements, rev)
    return 0


def _git_revision() -> str | None:
    """The commit measured, with "-dirty" when the work tree had changes."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=_corpus.REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def _trafilatura_version() -> str:
    import trafilatura

    return str(trafilatura.__version__)


if __name__ == "__main__":
    sys.exit(main())
