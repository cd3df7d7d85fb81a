"""What the CLI commands do, apart from parsing options: kept here so cli.py stays thin."""

from __future__ import annotations

import logging
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from attribution.errors import AttributionError, ConfigError, DecodeError, InputError
from attribution.extract import extract_document, parse_document
from attribution.extract.document import MAX_HTML_BYTES
from attribution.output import FORMATS, ResultWriter
from attribution.progress import page_progress, wanted
from attribution.registry import Registry, load_registry
from attribution.sources import SourceItem, iter_sources, read_manifest

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
) -> int:
    """`attribution extract`: 0 all pages read, 1 some input failed, 2 usage error."""
    if fmt not in FORMATS:
        error(f"unknown format '{fmt}'", f"use one of: {', '.join(FORMATS)}")
        return 2
    if not sources and not manifest:
        error("nothing to read", "give HTML files, folders, URLs or '-', or --manifest FILE")
        return 2
    if url and (len(sources) > 1 or (sources and Path(sources[0]).is_dir())):
        error("--url applies to a single file or stdin", "drop --url, or use --manifest")
        return 2
    try:
        registry = load_registry(registry_dir)
        items: list[SourceItem] = []
        if manifest:
            items.extend(read_manifest(manifest, limit=MAX_HTML_BYTES))
        items.extend(
            iter_sources(sources, url=url, limit=MAX_HTML_BYTES, allow_private=allow_private)
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
        for item in items:
            ok = _extract_one(item, registry, writer)
            failed += not ok
            counter.advance(failed=not ok)
        writer.close()
        if not items:
            error("no HTML files found", "folders are searched for *.html and *.htm")
            return 1
    return 1 if failed else 0


def _extract_one(item: SourceItem, registry: Registry, writer: ResultWriter) -> bool:
    """Read, extract and write one page (or its error); False when it could not be read."""
    try:
        data, content_type = item.read()
        doc = parse_document(data, url=item.url, content_type=content_type, source=item.source)
        result = extract_document(doc, registry=registry, source=item.source)
    except (InputError, DecodeError, AttributionError) as exc:
        print(f"Error: {item.source}: {exc}", file=sys.stderr)
        writer.write({"source": item.source, "url": item.url, "error": str(exc)})
        return False
    except Exception as exc:
        log.debug("internal error on %s", item.source, exc_info=True)
        message = f"internal error: {type(exc).__name__}: {exc}"[:300]
        print(
            f"Error: {item.source}: {message} (please report it; -vv shows the trace)",
            file=sys.stderr,
        )
        writer.write({"source": item.source, "url": item.url, "error": message})
        return False
    for warning in result.warnings:
        log.warning("%s: %s", item.source, warning)
    writer.write(result)
    return True
