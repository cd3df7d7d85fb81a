"""`attribution report` and `attribution demo`: options checked, store read, files written."""

from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attribution.commands import error, store_exists
from attribution.errors import AttributionError, StoreError
from attribution.registry import Registry, load_registry
from attribution.report.data import ReportOptions, build_report
from attribution.store import Store

log = logging.getLogger("attribution")

REPORT_FORMATS = ("text", "markdown", "json", "html")

__all__ = ["REPORT_FORMATS", "render", "run_demo", "run_report", "write_atomic"]


def render(report: dict[str, Any], fmt: str, *, terminal: bool = False) -> str:
    """The report in one of REPORT_FORMATS."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        from attribution.report.markdown import render_markdown  # noqa: PLC0415

        return render_markdown(report)
    if fmt == "html":
        from attribution.report.html import render_html  # noqa: PLC0415

        return render_html(report)
    from attribution.report.text import render_text  # noqa: PLC0415

    return render_text(report, terminal=terminal)


def write_atomic(path: str | Path, text: str) -> None:
    """Write a whole file or nothing: a failure leaves the previous file as it was."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path())
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        # mkstemp makes the file private (0600); a report is for sharing, as open() would make it.
        umask = os.umask(0)
        os.umask(umask)
        Path(tmp).chmod(0o666 & ~umask)
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _open_store(db: str) -> Store | None:
    if not store_exists(db):
        return None
    try:
        return Store(db, readonly=True)
    except StoreError as exc:
        error(str(exc), "give the --db that `attribution crawl` wrote")
        return None


def run_report(
    *,
    db: str,
    fmt: str,
    output: str | None,
    outlet: str | None,
    publisher: str | None,
    registry_dir: str | None,
    worst: int,
) -> int:
    """`attribution report`: 0 written, 2 usage or store error."""
    if fmt not in REPORT_FORMATS:
        error(f"unknown format '{fmt}'", f"use one of: {', '.join(REPORT_FORMATS)}")
        return 2
    if worst < 0:
        error("--worst must be 0 or more")
        return 2
    if output and not Path(output).parent.resolve().is_dir():
        error(f"{output}: its folder does not exist")
        return 2
    try:
        registry = load_registry(registry_dir)
    except AttributionError as exc:
        error(str(exc))
        return 2
    store = _open_store(db)
    if store is None:
        return 2
    with store:
        publisher_key = _publisher_key(publisher, registry)
        options = ReportOptions(
            outlet=_outlet_key(outlet), publisher=publisher_key, worst=worst, db_label=db
        )
        report = build_report(store, registry=registry, options=options)
    if outlet and not report["network"]["nodes"]:
        error(f"no outlet {outlet} in {db}", "the domains in the store: attribution report --db")
        return 2
    terminal = output is None and sys.stdout.isatty()
    text = render(report, fmt, terminal=terminal)
    if output:
        try:
            write_atomic(output, text)
        except OSError as exc:
            error(f"cannot write {output}: {exc.strerror or exc}")
            return 2
        log.info("report written to %s", output)
    else:
        sys.stdout.write(text)
    return 0


def _outlet_key(outlet: str | None) -> str | None:
    if not outlet:
        return None
    from attribution.domains import registrable_domain  # noqa: PLC0415

    host = outlet.strip().lower()
    if "://" in host:
        host = host.split("://", 1)[1]
    host = host.split("/", 1)[0]
    return registrable_domain(host) or host


def _publisher_key(publisher: str | None, registry: Registry) -> str | None:
    """A registry id as given, or the id of the publisher a domain belongs to."""
    if not publisher:
        return None
    if registry.get(publisher) is not None:
        return publisher
    found = registry.by_domain(_outlet_key(publisher))
    return found.id if found else publisher


# --- the demo -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoFiles:
    """What the demo writes."""

    db: Path
    graphml: Path
    html: Path
    report_text: str
    pages: int
    seconds: float


def find_sample_web(explicit: str | None = None) -> Path:
    """The bundled sample web: --samples, the checkout's samples/web, or the wheel's copy."""
    if explicit:
        if Path(explicit).is_dir():
            return Path(explicit)
        raise AttributionError(
            f"{explicit}: no sample web there (a folder laid out as DIR/<host>/...)"
        )
    package = Path(__file__).resolve().parent.parent
    for folder in (package.parent / "samples" / "web", package / "_samples" / "web"):
        if folder.is_dir():
            return folder
    raise AttributionError(
        "the sample web is not here: give --samples DIR (a folder laid out as DIR/<host>/...)"
    )


def demo_seeds(web: Path) -> list[str]:
    """The republishers' front pages: seeds.txt beside the web, else every front page."""
    listing = web.parent / "seeds.txt"
    if listing.is_file():
        seeds = [
            line.strip()
            for line in listing.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        ]
        if seeds:
            return seeds
    return [
        f"https://{host.name}/" for host in sorted(web.iterdir()) if (host / "index.html").is_file()
    ]


def _replace_store(tmp_db: Path, db: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    tmp_db.replace(db)


def build_demo(
    out_dir: Path,
    *,
    web: Path,
    registry: Registry,
    progress: bool,
    say: Callable[[str], None],
) -> DemoFiles:
    """Serve the sample web on loopback, crawl it, match, graph and report into ``out_dir``."""
    from attribution.crawler import run_crawl  # noqa: PLC0415
    from attribution.graph import build_outlet_graph  # noqa: PLC0415
    from attribution.graph.export import export_graph  # noqa: PLC0415
    from attribution.match.run import match_store  # noqa: PLC0415
    from attribution.serve import SiteServer  # noqa: PLC0415
    from attribution.settings import CrawlSettings  # noqa: PLC0415

    started = time.monotonic()
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / "attribution.db"
    # The new store is built beside the old one and swapped in only when complete.
    tmp_db = out_dir / ".attribution.db.building"
    for suffix in ("", "-wal", "-shm"):
        Path(str(tmp_db) + suffix).unlink(missing_ok=True)
    seeds = demo_seeds(web)
    with SiteServer(web) as server:
        server.start()
        say(f"Serving the sample web ({len(server.hosts())} sites) on {server.url}")
        settings = CrawlSettings(
            max_depth=3,
            scope="same-site",
            follow_credits=True,
            concurrency=16,
            per_host=4,
            delay=0.0,
            allow_private=True,
            resolve={"*": ("127.0.0.1", server.port)},
        )
        say(f"Crawling {len(seeds)} republishers' front pages, credits followed...")
        summary = run_crawl(settings, tmp_db, seeds, registry=registry, progress=progress)
    if summary.interrupted:
        raise KeyboardInterrupt
    say(
        f"Crawled {summary.pages} pages ({summary.failed} failed); "
        f"{summary.republished} republished pages found."
    )
    with Store(tmp_db) as store:
        matched, _ = match_store(store, registry=registry)
        say(
            f"Matched texts: {matched.credited} credited copies compared, "
            f"{matched.uncredited} uncredited copies found."
        )
        report = build_report(store, registry=registry, options=ReportOptions(db_label=str(db)))
        graph = build_outlet_graph(store, registry=registry)
        graphml = out_dir / "network.graphml"
        export_graph(graph, graphml, fmt="graphml")
    _replace_store(tmp_db, db)
    html = out_dir / "report.html"
    write_atomic(html, render(report, "html"))
    return DemoFiles(
        db=db,
        graphml=graphml,
        html=html,
        report_text=render(report, "text", terminal=sys.stdout.isatty()),
        pages=summary.pages,
        seconds=time.monotonic() - started,
    )


def run_demo(*, out: str, samples: str | None, registry_dir: str | None, quiet: bool) -> int:
    """`attribution demo`: 0 done, 1 the crawl failed, 2 usage error, 130 interrupted."""
    try:
        web = find_sample_web(samples)
        registry = load_registry(registry_dir)
    except AttributionError as exc:
        error(str(exc))
        return 2
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        error(f"{out}: not a folder", "give --out a folder (it is created if missing)")
        return 2

    def say(message: str) -> None:
        if not quiet:
            print(message, file=sys.stderr, flush=True)

    try:
        files = build_demo(
            out_dir,
            web=web,
            registry=registry,
            progress=not quiet and sys.stderr.isatty(),
            say=say,
        )
    except KeyboardInterrupt:
        error("interrupted; the previous demo files, if any, are unchanged")
        return 130
    except (OSError, StoreError) as exc:
        error(f"the demo failed: {exc}", f"check that {out_dir} is writable")
        return 1
    sys.stdout.write(files.report_text)
    say(
        f"\nDone in {files.seconds:.1f} s. Files:\n"
        f"  store     {files.db}\n"
        f"  network   {files.graphml}  (open in Gephi or Cytoscape)\n"
        f"  report    {files.html}  (open in a browser)\n"
        f"Next: attribution report --db {files.db} --outlet www.newsdaily.example"
    )
    return 0
