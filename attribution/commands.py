"""What the CLI commands do, apart from parsing options: kept here so cli.py stays thin."""

from __future__ import annotations

import asyncio
import logging
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from attribution.errors import AttributionError, ConfigError
from attribution.extract.page_text import MAX_HTML_BYTES
from attribution.output import FORMATS, ResultWriter, extraction_json
from attribution.pagepool import CallLost, CallTimedOut
from attribution.parallel import (
    Outcome,
    extract_bytes,
    map_in_workers,
    warm_worker,
    worker_registry,
)
from attribution.progress import page_progress, wanted
from attribution.settings import default_workers
from attribution.sources import SourceItem, is_warc, iter_sources, read_manifest

#: Seconds a worker may spend on one page when `extract` runs pages in workers.
DEFAULT_PAGE_TIMEOUT = 30.0

log = logging.getLogger("attribution")


def error(message: str, hint: str | None = None) -> None:
    """Print ``Error: message`` (and a hint) on stderr."""
    print(f"Error: {message}", file=sys.stderr)
    if hint:
        print(f"Hint: {hint}", file=sys.stderr)


def store_exists(db: str) -> bool:
    """True when ``db`` is a file; else an error saying how to make one (exit code 2 then)."""
    if Path(db).is_file():
        return True
    error(f"{db}: no such store", "run `attribution crawl URL --db PATH` first")
    return False


def run_extract(
    sources: list[str],
    *,
    url: str | None,
    manifest: str | None,
    fmt: str,
    output: str | None,
    registry_dir: str | None,
    allow_private: bool = False,
    quiet: bool = False,
    jobs: int = 1,
    page_timeout: float | None = None,
) -> int:
    """`attribution extract`: 0 all pages read, 1 some input failed, 2 usage error.

    ``jobs``: worker processes (0: one per CPU, at most four; 1: this process alone unless
    ``page_timeout`` is given). ``page_timeout``: seconds a worker may spend on one page
    (default :data:`DEFAULT_PAGE_TIMEOUT` when there are workers)."""
    if fmt not in FORMATS:
        error(f"unknown format '{fmt}'", f"use one of: {', '.join(FORMATS)}")
        return 2
    if not sources and not manifest:
        error("nothing to read", "give HTML files, folders, URLs or '-', or --manifest FILE")
        return 2
    if url and (
        len(sources) > 1 or (sources and (Path(sources[0]).is_dir() or is_warc(sources[0])))
    ):
        # A folder or an archive holds several pages; an archive's records name their URLs.
        error("--url applies to a single file or stdin", "drop --url, or use --manifest")
        return 2
    if jobs < 0:
        error("--jobs must be 0 (one per CPU) or more", "e.g. --jobs 4")
        return 2
    if page_timeout is not None and not page_timeout > 0:
        error("--page-timeout must be more than 0 seconds", "e.g. --page-timeout 30")
        return 2
    workers = default_workers() if jobs == 0 else jobs
    try:
        worker_registry(registry_dir)  # a bad registry is a usage error before any page
        items: list[SourceItem] = []
        if manifest:
            items.extend(read_manifest(manifest, limit=MAX_HTML_BYTES))
        items.extend(
            iter_sources(
                sources,
                url=url,
                limit=MAX_HTML_BYTES,
                allow_private=allow_private,
                show_progress=wanted(quiet=quiet),
            )
        )
    except (ConfigError, AttributionError) as exc:
        error(str(exc))
        return 2
    failed = 0
    with ExitStack() as stack:
        out: TextIO = sys.stdout
        if output:
            try:
                out = stack.enter_context(Path(output).open("w", encoding="utf-8"))
            except OSError as exc:
                error(f"cannot write {output}: {exc.strerror or exc}")
                return 2
        writer = ResultWriter(out, fmt)
        counter = stack.enter_context(
            page_progress(len(items), "extract", enabled=wanted(quiet=quiet, total=len(items)))
        )
        time_limit = page_timeout or DEFAULT_PAGE_TIMEOUT

        def report(item: SourceItem, outcome: Outcome) -> None:
            nonlocal failed
            ok = _report(item, outcome, writer, time_limit)
            failed += not ok
            counter.advance(failed=not ok)

        def args_of(item: SourceItem) -> tuple[bytes, str | None, str | None, str, str | None]:
            data, content_type = item.read()
            return data, item.url, content_type, item.source, registry_dir

        # Workers for more than one page, or for the time limit only they can enforce.
        if items and ((workers > 1 and len(items) > 1) or page_timeout is not None):
            asyncio.run(
                map_in_workers(
                    items,
                    func=extract_bytes,
                    args_of=args_of,
                    workers=min(workers, len(items)),
                    time_limit=time_limit,
                    preload=["attribution.parallel"],
                    report=report,
                    initializer=warm_worker,
                    initargs=(registry_dir,),
                )
            )
        else:
            for item in items:
                try:
                    outcome: Outcome = extract_bytes(*args_of(item))
                except Exception as exc:  # reported for this page; the others are still read
                    outcome = exc
                report(item, outcome)
        writer.close()
        if not items:
            error(
                "no HTML files found",
                "folders are searched for *.html and *.htm, gzip-compressed or not",
            )
            return 1
    return 1 if failed else 0


def _report(item: SourceItem, outcome: Outcome, writer: ResultWriter, time_limit: float) -> bool:
    """Write one page's result (or its error); False when it could not be read."""
    if not isinstance(outcome, Exception):
        data = extraction_json(outcome)
        for warning in data.get("warnings") or ():
            log.warning("%s: %s", item.source, warning)
        writer.write(data)
        return True
    if isinstance(outcome, AttributionError):  # unreadable, not a text document...
        message = str(outcome)
    elif isinstance(outcome, CallTimedOut):
        message = f"extraction stopped after {time_limit:g} s (--page-timeout)"
    elif isinstance(outcome, CallLost):
        message = "the extraction worker crashed on this page (please report it)"
    else:
        log.debug("internal error on %s", item.source, exc_info=outcome)
        message = f"internal error: {type(outcome).__name__}: {outcome}"[:300]
        print(
            f"Error: {item.source}: {message} (please report it; -vv shows the trace)",
            file=sys.stderr,
        )
        writer.write({"source": item.source, "url": item.url, "error": message})
        return False
    print(f"Error: {item.source}: {message}", file=sys.stderr)
    writer.write({"source": item.source, "url": item.url, "error": message})
    return False
