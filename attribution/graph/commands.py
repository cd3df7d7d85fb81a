"""What `attribution export` does, apart from parsing options."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from attribution.commands import error, store_exists
from attribution.errors import AttributionError, ConfigError, StoreError
from attribution.graph.articles import build_article_graph
from attribution.graph.export import (
    FORMATS,
    atomic_files,
    nodes_csv_path,
    write_article_graphml,
    write_csv,
    write_graph,
)
from attribution.graph.outlets import build_outlet_graph
from attribution.graph.records import iter_record_fields
from attribution.registry import Registry, load_registry
from attribution.store import Store

__all__ = ["LEVELS", "parse_since", "run_export"]

log = logging.getLogger(__name__)

LEVELS = ("outlet", "article")


def parse_since(value: str) -> str:
    """An ISO date or date-time as the store writes times (``2026-03-04`` or
    ``2026-03-04T12:00:00Z``, in UTC); ValueError when it is neither."""
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"'{value}' is not a date (use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_publisher(publisher: str, registry: Registry) -> str | None:
    """An error message when ``publisher`` is neither a registry id nor a domain."""
    key = publisher.strip().lower()
    if registry.get(key) is not None or "." in key:
        return None
    return f"unknown publisher '{publisher}' (not a registry id, nor a domain)"


def run_export(
    *,
    db: str,
    fmt: str,
    output: str | None,
    level: str = "outlet",
    publisher: str | None = None,
    since: str | None = None,
    authors: bool = False,
    registry_dir: str | None = None,
    quiet: bool = False,
) -> int:
    """`attribution export`: 0 written, 2 usage or store error (nothing written then)."""
    if fmt not in FORMATS:
        error(f"unknown format '{fmt}'", f"use one of: {', '.join(FORMATS)}")
        return 2
    if level not in LEVELS:
        error(f"unknown level '{level}'", f"use one of: {', '.join(LEVELS)}")
        return 2
    if fmt == "csv" and not output:
        error("--format csv writes two files", "give -o edges.csv (nodes go to edges.nodes.csv)")
        return 2
    if authors and level != "article":
        error("--authors applies to --level article")
        return 2
    since_key = None
    if since is not None:
        try:
            since_key = parse_since(since)
        except ValueError as exc:
            error(f"--since: {exc}")
            return 2
    if not store_exists(db):
        return 2
    try:
        registry = load_registry(registry_dir)
    except (ConfigError, AttributionError) as exc:
        error(str(exc))
        return 2
    if publisher is not None:
        problem = _check_publisher(publisher, registry)
        if problem:
            error(problem, "give a registry id (e.g. theconversation) or the original's domain")
            return 2
    try:
        with Store(db, readonly=True) as store:
            nodes, edges = _export(
                store, fmt, output, level, publisher, since_key, authors, registry
            )
    except StoreError as exc:
        error(str(exc), "give the --db of an `attribution crawl`")
        return 2
    except OSError as exc:
        error(f"cannot write {output}: {exc.strerror or exc}")
        return 2
    if not quiet:
        where = f" to {output}" if output else ""
        print(
            f"Exported {level} graph: {nodes} nodes, {edges} edges ({fmt}){where}", file=sys.stderr
        )
    return 0


def _export(
    store: Store,
    fmt: str,
    output: str | None,
    level: str,
    publisher: str | None,
    since: str | None,
    authors: bool,
    registry: Registry,
) -> tuple[int, int]:
    paths: list[str | Path] = []
    if output:
        paths = [output, nodes_csv_path(output)] if fmt == "csv" else [output]
    with atomic_files(paths) as outs:
        out = outs[0] if outs else sys.stdout
        if level == "article" and fmt == "graphml" and not authors:
            # Streamed: the article graph is never built (see docs/graph.md, Speed).
            records = iter_record_fields(
                store, publisher=publisher, since=since, registry=registry, chain=False
            )
            tmp_dir = Path(output).resolve().parent if output else None
            return write_article_graphml(records, out, tmp_dir=tmp_dir)
        if level == "article":
            graph = build_article_graph(
                store, publisher=publisher, since=since, authors=authors, registry=registry
            )
        else:
            graph = build_outlet_graph(store, publisher=publisher, since=since, registry=registry)
        if fmt == "csv":
            write_csv(graph, outs[0], outs[1])
        else:
            write_graph(graph, fmt, out)
        return graph.number_of_nodes(), graph.number_of_edges()
