"""`attribution check`: the run from options to exit code, apart from option parsing.

Data flow: policy file -> rules and severities -> registry -> targets -> for each page:
read, parse once, extract, evaluate the rules, drop inline-suppressed findings -> baseline ->
output format -> exit code. Exit codes are the lint-tool contract: 0 no finding at or above
``--fail-on``, 1 such findings, 2 usage, configuration or input error.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from attribution.check.baseline import filter_baseline, read_baseline, write_baseline
from attribution.check.formats import FORMATS, Report, write_report
from attribution.check.locate import Locator
from attribution.check.matching import Matcher, StoredMatches, TextMatch, match_findings
from attribution.check.policy import Policy, load_policy
from attribution.check.rules import evaluate
from attribution.check.suppress import suppressed_rules
from attribution.check.targets import Page, iter_db_pages, iter_targets
from attribution.errors import AttributionError, ConfigError, InputError
from attribution.extract import extract_document, parse_document
from attribution.extract.page_text import MAX_HTML_BYTES
from attribution.models import SEVERITIES, Finding, Severity
from attribution.pagepool import CallLost, CallTimedOut
from attribution.parallel import map_in_workers, warm_worker, worker_registry
from attribution.registry import Registry, load_registry
from attribution.settings import default_workers

__all__ = ["CheckOptions", "check_pages", "run_check"]

log = logging.getLogger(__name__)

MATCHING_MODULE = "attribution.match"


@dataclass(slots=True)
class CheckOptions:
    """The command's options, as given on the command line (None: not given)."""

    targets: list[str] = field(default_factory=list)
    db: str | None = None
    config: str | None = None
    base_url: str | None = None
    root: str | None = None
    fmt: str = "text"
    output: str | None = None
    fail_on: str | None = None
    exit_zero: bool = False
    baseline: str | None = None
    write_baseline: str | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    registry_dir: str | None = None
    originals: str | None = None
    fetch_originals: bool = False
    allow_private: bool = False
    #: Worker processes (0: one per CPU, at most four); 1 checks in this process.
    jobs: int = 1
    #: Seconds a worker may spend on one page (None: 30 with workers; given alone: one
    #: worker, so that the limit can be kept).
    page_timeout: float | None = None


def _error(message: str, hint: str | None = None) -> None:
    print(f"Error: {message}", file=sys.stderr)
    if hint:
        print(f"Hint: {hint}", file=sys.stderr)


def _require_matching(opts: CheckOptions) -> None:
    """``--originals``/``--fetch-originals`` compare texts, which is the matching module's job."""
    if not (opts.originals or opts.fetch_originals):
        return
    if importlib.util.find_spec(MATCHING_MODULE) is None:
        raise ConfigError(
            "--originals and --fetch-originals require the matching module "
            f"({MATCHING_MODULE}), which this installation does not have; "
            "rules ATR007-ATR009 need it"
        )
    if opts.originals and not Path(opts.originals).is_file():
        raise ConfigError(f"--originals: no such crawl store: {opts.originals}")


_MATCH_RULES = ("ATR007", "ATR008", "ATR009")


def _matchers(
    opts: CheckOptions, registry: Registry, severities: dict[str, Severity]
) -> list[Matcher]:
    """The sources of text comparisons for ATR007-ATR009 (none when those rules are off)."""
    if not any(rule in severities for rule in _MATCH_RULES):
        return []
    from attribution.check.matching import (  # noqa: PLC0415 - numpy only with matching
        FetchedOriginals,
        StoredMatches,
        StoreOriginals,
    )

    out: list[Matcher] = []
    if opts.db and Path(opts.db).is_file():
        out.append(StoredMatches(opts.db))
    if opts.originals:
        out.append(StoreOriginals(opts.originals, registry))
    if opts.fetch_originals:
        out.append(
            FetchedOriginals(registry, limit=MAX_HTML_BYTES, allow_private=opts.allow_private)
        )
    return out


@dataclass(slots=True)
class _Tally:
    pages: list[str] = field(default_factory=list)
    input_errors: list[tuple[str, str]] = field(default_factory=list)
    suppressed: int = 0


def check_pages(
    pages: Iterator[Page | InputError],
    *,
    registry: Registry,
    policy: Policy,
    severities: dict[str, Severity],
    tally: _Tally,
    matchers: Sequence[Matcher] = (),
) -> Iterator[Finding]:
    """Every finding of every page, in page order; unreadable pages go to ``tally``."""
    for page in pages:
        if isinstance(page, InputError):
            tally.input_errors.append((page.source, str(page)))
            continue
        if policy.excluded(page.source, page.rel, page.url):
            log.debug("%s: excluded by the policy", page.source)
            continue
        try:
            data, content_type = page.read()
            doc = parse_document(data, url=page.url, content_type=content_type, source=page.source)
            html = doc.html
            result = extract_document(doc, registry=registry, source=page.source)
        except AttributionError as exc:
            tally.input_errors.append((page.source, str(exc)))
            continue
        tally.pages.append(page.source)
        for warning in result.warnings:
            log.warning("%s: %s", page.source, warning)
        if not result.republished and not matchers:
            continue
        loc = Locator(html)
        found = evaluate(
            result,
            loc,
            registry,
            page_key=page.source,
            agreements=policy.agreements,
            severities=severities,
        )
        if matchers:
            compared = [m for matcher in matchers for m in matcher.matches(page.url, doc, result)]
            if compared:
                found.extend(
                    match_findings(
                        compared, result, loc, page_key=page.source, severities=severities
                    )
                )
                found.sort(key=lambda f: (f.line, f.column, f.rule))
        silenced = suppressed_rules(html, source=page.source) if found else frozenset()
        for finding in found:
            if finding.rule in silenced:
                tally.suppressed += 1
            else:
                yield finding


#: Seconds a worker may spend on one page when `check` runs pages in workers.
DEFAULT_PAGE_TIMEOUT = 30.0
#: What a worker sends back for one page: the extraction's warnings, the findings, and the
#: rules the page silences inline.
PageFindings = tuple[tuple[str, ...], list[Finding], frozenset[str]]


#: Per worker process: the originals store of each ``--originals`` path, opened once
#: (read-only; its fingerprint index is loaded at the first page that needs it).
_WORKER_ORIGINALS: dict[str, Matcher] = {}


def _worker_originals(path: str, registry: Registry) -> Matcher:
    found = _WORKER_ORIGINALS.get(path)
    if found is None:
        from attribution.check.matching import StoreOriginals  # noqa: PLC0415 - numpy

        found = _WORKER_ORIGINALS[path] = StoreOriginals(path, registry)
    return found


def check_bytes(
    data: bytes,
    content_type: str | None,
    url: str | None,
    source: str,
    registry_dir: str | None,
    agreements: tuple[str, ...],
    severities: dict[str, Severity],
    compared: list[TextMatch] | None,
    originals: str | None = None,
) -> PageFindings:
    """One page's findings, as a worker makes them: ``compared`` holds the text comparisons
    already known for it (a crawl store's stored results), ``originals`` the path of a store
    to compare the page with (``--originals``); with neither, only republished pages are
    checked, as in :func:`check_pages`."""
    registry = worker_registry(registry_dir)
    doc = parse_document(data, url=url, content_type=content_type, source=source)
    result = extract_document(doc, registry=registry, source=source)
    if not result.republished and compared is None and originals is None:
        return result.warnings, [], frozenset()
    loc = Locator(doc.html)
    found = evaluate(
        result, loc, registry, page_key=source, agreements=agreements, severities=severities
    )
    if originals is not None:  # after the stored results, as the matchers run in this process
        matcher = _worker_originals(originals, registry)
        compared = [*(compared or ()), *matcher.matches(url, doc, result)]
    if compared:
        found.extend(match_findings(compared, result, loc, page_key=source, severities=severities))
        found.sort(key=lambda f: (f.line, f.column, f.rule))
    silenced = suppressed_rules(doc.html, source=source) if found else frozenset()
    return result.warnings, found, silenced


def check_pages_in_workers(
    pages: Iterator[Page | InputError],
    *,
    registry_dir: str | None,
    policy: Policy,
    severities: dict[str, Severity],
    tally: _Tally,
    workers: int,
    time_limit: float,
    stored: StoredMatches | None = None,
    originals: str | None = None,
) -> list[Finding]:
    """:func:`check_pages` in ``workers`` processes, each page limited to ``time_limit``
    seconds (a page past it is an input error); the same findings, in the same order. Text
    matching from a crawl store's ``stored`` results (looked up here) and from an
    ``originals`` store (each worker opens it), not from fetched originals: each worker would
    fetch on its own, past the per-host limits."""
    found: list[Finding] = []

    def wanted() -> Iterator[Page | InputError]:
        for page in pages:
            if isinstance(page, Page) and policy.excluded(page.source, page.rel, page.url):
                log.debug("%s: excluded by the policy", page.source)
            else:
                yield page

    def args_of(page: Page | InputError) -> tuple[object, ...]:
        if isinstance(page, InputError):
            raise page  # reported in its turn, among the pages' own errors
        data, content_type = page.read()
        return (
            data,
            content_type,
            page.url,
            page.source,
            registry_dir,
            policy.agreements,
            severities,
            None if stored is None else stored.for_url(page.url),
            originals,
        )

    def report(page: Page | InputError, outcome: PageFindings | Exception) -> None:
        if isinstance(outcome, CallTimedOut):
            message = f"check stopped after {time_limit:g} s (--page-timeout)"
            tally.input_errors.append((page.source, message))
            return
        if isinstance(outcome, CallLost):
            tally.input_errors.append((page.source, "the checking worker crashed on this page"))
            return
        if isinstance(outcome, AttributionError):
            tally.input_errors.append((page.source, str(outcome)))
            return
        if isinstance(outcome, Exception):
            raise outcome  # a bug: as it would have in this process
        warnings, findings, silenced = outcome
        tally.pages.append(page.source)
        for warning in warnings:
            log.warning("%s: %s", page.source, warning)
        for finding in findings:
            if finding.rule in silenced:
                tally.suppressed += 1
            else:
                found.append(finding)

    asyncio.run(
        map_in_workers(
            wanted(),
            func=check_bytes,
            args_of=args_of,
            workers=workers,
            time_limit=time_limit,
            preload=["attribution.check.runner"],
            report=report,
            initializer=warm_worker,
            initargs=(registry_dir,),
        )
    )
    return found


def _fail_on(opts: CheckOptions, policy: Policy) -> Severity:
    value = opts.fail_on if opts.fail_on is not None else (policy.fail_on or "error")
    if value not in SEVERITIES:
        raise ConfigError(f"--fail-on must be one of {', '.join(reversed(SEVERITIES))}")
    level: Severity = value  # checked just above
    return level


def run_check(opts: CheckOptions) -> int:
    """Run the check; returns the exit code (0 clean, 1 findings, 2 usage/config/input)."""
    if opts.fmt not in FORMATS:
        _error(f"unknown format '{opts.fmt}'", f"use one of: {', '.join(FORMATS)}")
        return 2
    if opts.jobs < 0:
        _error("--jobs must be 0 (one per CPU) or more", "e.g. --jobs 4")
        return 2
    if opts.page_timeout is not None and not opts.page_timeout > 0:
        _error("--page-timeout must be more than 0 seconds", "e.g. --page-timeout 30")
        return 2
    if not opts.targets and not opts.db:
        _error(
            "nothing to check",
            "give HTML files, folders, URLs or sitemaps, or --db PATH (a crawl's store)",
        )
        return 2
    try:
        policy = load_policy(opts.config)
        severities = policy.severities(select=opts.select, ignore=opts.ignore)
        fail_on = _fail_on(opts, policy)
        _require_matching(opts)
        registry_dir = opts.registry_dir or policy.registry
        registry = load_registry(registry_dir)
        recorded = read_baseline(opts.baseline) if opts.baseline else None
    except AttributionError as exc:
        _error(str(exc))
        return 2
    if policy.path is not None:
        log.info("policy: %s", policy.path)
    base_url = opts.base_url or policy.base_url
    root = Path(opts.root) if opts.root else policy.root
    tally = _Tally()
    sources: list[Iterator[Page | InputError]] = []
    if opts.targets:
        sources.append(
            iter_targets(
                opts.targets,
                base_url=base_url,
                root=root,
                limit=MAX_HTML_BYTES,
                allow_private=opts.allow_private,
            )
        )
    if opts.db:
        if not Path(opts.db).is_file():
            _error(f"no such crawl store: {opts.db}", "run `attribution crawl --db PATH` first")
            return 2
        sources.append(iter_db_pages(opts.db))

    def all_pages() -> Iterator[Page | InputError]:
        for source in sources:
            yield from source

    matchers: list[Matcher] = []
    workers = default_workers() if opts.jobs == 0 else opts.jobs
    try:
        matchers = _matchers(opts, registry, severities)
        in_workers = workers > 1 or opts.page_timeout is not None
        # A store's results are looked up by URL here, an originals store is opened by each
        # worker; fetching the originals stays here, under one set of per-host limits.
        stored = [m for m in matchers if isinstance(m, StoredMatches)]
        fetching = bool(matchers) and opts.fetch_originals
        if in_workers and fetching:
            log.warning(
                "--fetch-originals compares in this process: --jobs and --page-timeout ignored"
            )
        if in_workers and not fetching:
            findings = check_pages_in_workers(
                all_pages(),
                registry_dir=None if registry_dir is None else str(registry_dir),
                policy=policy,
                severities=severities,
                tally=tally,
                workers=workers,
                time_limit=opts.page_timeout or DEFAULT_PAGE_TIMEOUT,
                stored=stored[0] if stored else None,
                originals=opts.originals if matchers else None,
            )
        else:
            findings = list(
                check_pages(
                    all_pages(),
                    registry=registry,
                    policy=policy,
                    severities=severities,
                    tally=tally,
                    matchers=matchers,
                )
            )
    except AttributionError as exc:  # a store that cannot be opened
        _error(str(exc))
        return 2
    finally:
        for matcher in matchers:
            matcher.close()
    for source, message in tally.input_errors:
        _error(f"{source}: {message}")
    if opts.write_baseline:
        try:
            count = write_baseline(opts.write_baseline, findings)
        except ConfigError as exc:
            _error(str(exc))
            return 2
        print(f"Recorded {count} finding(s) in {opts.write_baseline}.", file=sys.stderr)
    kept = filter_baseline(findings, recorded) if recorded is not None else findings
    report = Report(
        findings=tuple(kept),
        pages=tuple(tally.pages),
        input_errors=tuple(tally.input_errors),
        severities=severities,
        fail_on=fail_on,
        baselined=len(findings) - len(kept),
        suppressed=tally.suppressed,
    )
    with ExitStack() as stack:
        out: TextIO = sys.stdout
        if opts.output:
            try:
                out = stack.enter_context(Path(opts.output).open("w", encoding="utf-8"))
            except OSError as exc:
                _error(f"cannot write {opts.output}: {exc.strerror or exc}")
                return 2
        write_report(opts.fmt, report, out)
    if opts.fmt != "text":
        print(report.summary_line(), file=sys.stderr)
    if tally.input_errors:
        return 2
    if opts.exit_zero or opts.write_baseline:
        return 0
    return 1 if any(report.failing(f) for f in kept) else 0


def list_rules_text() -> str:
    """The rule table for ``--list-rules``: id, name, default severity, summary."""
    from attribution.check.rules import RULES  # noqa: PLC0415 - already loaded; kept local

    lines = [f"{r.id}  {r.name:<28} {r.severity:<8} {r.summary}" for r in RULES]
    return "\n".join(lines) + "\n"
