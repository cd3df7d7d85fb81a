"""What `attribution match` and `attribution compare` do, apart from parsing options."""

from __future__ import annotations

import json
import logging
import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from attribution.commands import error, store_exists
from attribution.domains import domain_of
from attribution.errors import AttributionError, ConfigError, DecodeError, InputError, StoreError
from attribution.extract import extract_document, parse_document
from attribution.extract.page_text import MAX_HTML_BYTES
from attribution.frontier import normalize_url
from attribution.match.compare import compare_texts
from attribution.match.run import MIN_WORDS, match_store
from attribution.match.text import main_text
from attribution.models import Comparison, MainText, MatchResult, MatchSummary
from attribution.registry import Registry, load_registry
from attribution.sources import is_warc, iter_sources
from attribution.store import Store

__all__ = ["FORMATS", "run_compare", "run_match"]

log = logging.getLogger(__name__)

FORMATS = ("text", "json", "jsonl")


# --- attribution match --------------------------------------------------------------------


def format_match_summary(summary: MatchSummary) -> str:
    """The human summary of a match pass (printed on stderr)."""
    s = summary
    return (
        f"Matched {s.articles} articles ({s.texts_extracted} texts read) in {s.seconds:.1f} s: "
        f"{s.credited} credited copies compared ({s.verified} verified, {s.edited} edited, "
        f"{s.mismatch} mismatch, {s.violations} licence violations); {s.uncredited} uncredited "
        f"copies; {s.originals_missing} credited originals not available."
    )


def _result_line(data: dict[str, Any]) -> str:
    comparison = data.get("comparison") or {}
    parts = [
        f"{data['verdict']:<9} {data['relation']:<14} score {data['score']:.2f}",
        f"{data['copy_url']} <- {data['original_url']}",
    ]
    if data["relation"] != "credited":
        parts.append(f"confidence {data['confidence']:.2f}")
    if data["verdict"] == "edited":
        bits = [
            f"{comparison.get(k)} {label}"
            for k, label in (
                ("paragraphs_removed", "removed"),
                ("paragraphs_added", "added"),
                ("paragraphs_changed", "changed"),
                ("links_dropped", "links dropped"),
            )
            if comparison.get(k)
        ]
        if comparison.get("title_changed"):
            bits.append("title changed")
        if comparison.get("truncated"):
            bits.append("truncated")
        parts.append("(" + ", ".join(bits) + ")")
    if data.get("violation"):
        parts.append(f"VIOLATES {comparison.get('license')}")
    return "  ".join(parts)


def _write_results(out: TextIO, fmt: str, results: list[dict[str, Any]]) -> None:
    if fmt == "json":
        out.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "jsonl":
        for data in results:
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        for data in results:
            out.write(_result_line(data) + "\n")


def run_match(
    *,
    db: str,
    fmt: str,
    output: str | None,
    registry_dir: str | None,
    min_words: int = MIN_WORDS,
    quiet: bool = False,
) -> int:
    """`attribution match`: 0 no findings, 1 mismatches, uncredited copies or licence
    violations, 2 usage or store error."""
    if fmt not in FORMATS:
        error(f"unknown format '{fmt}'", f"use one of: {', '.join(FORMATS)}")
        return 2
    if not store_exists(db):
        return 2
    try:
        registry = load_registry(registry_dir)
        with Store(db) as store:
            summary, results = match_store(store, registry=registry, min_words=min_words)
    except StoreError as exc:
        error(str(exc), "give the --db of an `attribution crawl`")
        return 2
    except (ConfigError, AttributionError) as exc:
        error(str(exc))
        return 2
    with ExitStack() as stack:
        out: TextIO = sys.stdout
        if output:
            try:
                out = stack.enter_context(Path(output).open("w", encoding="utf-8"))
            except OSError as exc:
                error(f"cannot write {output}: {exc.strerror or exc}")
                return 2
        _write_results(out, fmt, [r.to_dict() for r in results])
    if not quiet:
        print(format_match_summary(summary), file=sys.stderr)
    return 1 if summary.findings else 0


# --- attribution compare ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Side:
    source: str
    url: str | None
    text: MainText
    extraction: dict[str, Any]
    page_id: int | None = None


def _load(value: str, *, store: Store | None, registry: Registry, allow_private: bool) -> _Side:
    """One side of a comparison: a stored page (by id or URL), a URL, or a file."""
    if store is not None:
        record = None
        if value.isdigit():
            record = next((p for p in store.iter_pages() if p.id == int(value)), None)
        elif value.startswith(("http://", "https://")):
            key = normalize_url(value)
            record = store.get_page(key) if key else None
        if record is not None:
            body = store.get_body(record.id)
            if body is None:
                raise InputError("stored page has no body (not an HTML page)", source=value)
            return _parse(
                value,
                body,
                record.content_type,
                record.final_url or record.url,
                registry,
                page_id=record.id,
            )
        if value.isdigit():
            raise InputError("no stored page with this id", source=value)
    if not value.startswith(("http://", "https://")) and not Path(value).is_file():
        raise InputError("no such file", source=value)
    if is_warc(value):
        raise InputError("a web archive holds many pages: compare takes one page", source=value)
    [item] = list(
        iter_sources([value], url=None, limit=MAX_HTML_BYTES, allow_private=allow_private)
    )
    data, content_type = item.read()
    return _parse(value, data, content_type, item.url, registry)


def _parse(
    source: str,
    data: bytes,
    content_type: str | None,
    url: str | None,
    registry: Registry,
    *,
    page_id: int | None = None,
) -> _Side:
    doc = parse_document(data, url=url, content_type=content_type, source=source)
    extraction = extract_document(doc, registry=registry, source=source)
    text = main_text(doc.tree, url=url or extraction.url)
    return _Side(source, url or extraction.url, text, extraction.to_dict(), page_id)


def _credits(copy: _Side, original: _Side) -> bool:
    """True when the copy's credited original is the other side's URL."""
    credited = (copy.extraction.get("original") or {}).get("url")
    if not credited or not original.url:
        return False
    return normalize_url(credited) == normalize_url(original.url)


def _license(original: _Side, copy: _Side, registry: Registry) -> str | None:
    publisher = registry.by_domain(domain_of(original.url)) if original.url else None
    if publisher is not None and publisher.license:
        return publisher.license
    return original.extraction.get("license") or copy.extraction.get("license")


def comparison_text(a: _Side, b: _Side, c: Comparison) -> str:
    """The readable report of one comparison."""
    verdict = c.verdict + (f" (violates {c.license})" if c.violation else "")
    lines = [
        f"A (original): {a.source}" + (f"  [{a.text.title}]" if a.text.title else ""),
        f"B (copy):     {b.source}" + (f"  [{b.text.title}]" if b.text.title else ""),
        f"verdict:      {verdict}" + ("  (B credits A)" if c.credited else ""),
        f"similarity:   jaccard {c.jaccard:.3f}, containment {c.containment:.3f} (A in B), "
        f"{c.containment_reverse:.3f} (B in A)",
    ]
    if c.verdict in ("verified", "edited"):
        lines.append(
            f"paragraphs:   {c.paragraphs_removed} removed, {c.paragraphs_added} added, "
            f"{c.paragraphs_changed} changed ({c.sentences_changed} sentences); "
            f"{c.allowed_edits} allowed edits"
        )
        lines.append(
            f"title changed: {'yes' if c.title_changed else 'no'}; links dropped: "
            f"{c.links_dropped}; quotes dropped: {c.quotes_dropped}; truncated: "
            f"{'yes' if c.truncated else 'no'}"
        )
        for url in c.dropped_links:
            lines.append(f"  dropped link: {url}")
        if c.diff:
            lines.append("diff:")
            lines.extend("  " + line for line in c.diff.splitlines())
    return "\n".join(lines) + "\n"


def run_compare(
    a: str,
    b: str,
    *,
    db: str | None,
    fmt: str,
    output: str | None,
    registry_dir: str | None,
    allow_private: bool = False,
    strict: bool = False,
) -> int:
    """`attribution compare A B`: 0 verified, 1 edited, mismatch, unrelated or an input that
    could not be read, 2 usage or configuration error."""
    if fmt not in ("text", "json"):
        error(f"unknown format '{fmt}'", "use one of: text, json")
        return 2
    if db is not None and not Path(db).is_file():
        error(f"{db}: no such store", "drop --db, or give the store of an `attribution crawl`")
        return 2
    with ExitStack() as stack:
        try:
            registry = load_registry(registry_dir)
            store = stack.enter_context(Store(db)) if db else None
        except (StoreError, ConfigError, AttributionError) as exc:
            error(str(exc))
            return 2
        sides = []
        for value in (a, b):
            try:
                sides.append(
                    _load(value, store=store, registry=registry, allow_private=allow_private)
                )
            except (InputError, DecodeError) as exc:
                error(str(exc), "give a file, an http(s) URL, or with --db a stored URL or id")
                return 1
        side_a, side_b = sides
        comparison = compare_texts(
            side_a.text,
            side_b.text,
            credited=_credits(side_b, side_a),
            license=_license(side_a, side_b, registry),
            allow_minor_edits=False if strict else None,
        )
        if store is not None and side_a.page_id is not None and side_b.page_id is not None:
            store.save_matches(
                [
                    (
                        MatchResult(
                            copy_url=side_b.url or b,
                            original_url=side_a.url or a,
                            relation="compared",
                            verdict=comparison.verdict,
                            score=round(comparison.score, 4),
                            jaccard=comparison.jaccard,
                            containment=comparison.containment,
                            confidence=1.0,
                            violation=comparison.violation,
                            reasons=("compared on request",),
                            comparison=comparison,
                            copy_page_id=side_b.page_id,
                            original_page_id=side_a.page_id,
                        ),
                        None,
                        None,
                    )
                ]
            )
        out: TextIO = sys.stdout
        if output:
            try:
                out = stack.enter_context(Path(output).open("w", encoding="utf-8"))
            except OSError as exc:
                error(f"cannot write {output}: {exc.strerror or exc}")
                return 2
        if fmt == "json":
            data = {"a": side_a.source, "b": side_b.source, **comparison.to_dict()}
            out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(comparison_text(side_a, side_b, comparison))
    return 0 if comparison.verdict == "verified" else 1
