"""GitHub Actions output: workflow commands that annotate files, and a Markdown step summary.

Each finding becomes ``::error file=F,line=L,col=C,title=T::MESSAGE`` (``warning`` and
``notice`` for the other severities), escaped as the Actions toolkit does: in the message
``%``, CR and LF become ``%25``, ``%0D`` and ``%0A``; in property values ``:`` and ``,`` also
become ``%3A`` and ``%2C``. Pages checked by URL get no ``file`` property (annotations attach
to repository files only); their URL leads the message. When ``GITHUB_STEP_SUMMARY`` names a
file, a Markdown table of the findings is appended to it (the job's summary page).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from attribution.check.formats import Report

_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}
# A step summary is capped at 1 MiB by GitHub; list this many findings and count the rest.
MAX_SUMMARY_ROWS = 500


def escape_data(value: str) -> str:
    """Escape a workflow command's message (``%``, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value (also ``:`` and ``,``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: str | int) -> str:
    """One workflow command line: ``::level key=value,...::message``."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items())
    return (
        f"::{level} {props}::{escape_data(message)}"
        if props
        else f"::{level}::{escape_data(message)}"
    )


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def step_summary(report: Report) -> str:
    """The Markdown summary of a report."""
    lines = ["## attribution check", "", report.summary_line(), ""]
    if report.findings:
        lines += ["| page | line | rule | severity | message |", "| --- | --- | --- | --- | --- |"]
        for f in report.findings[:MAX_SUMMARY_ROWS]:
            lines.append(
                f"| {_cell(f.source)} | {f.line} | {f.rule} {f.name} | {f.severity} "
                f"| {_cell(f.message)} |"
            )
        if len(report.findings) > MAX_SUMMARY_ROWS:
            lines.append(f"\n…and {len(report.findings) - MAX_SUMMARY_ROWS} more.")
    for source, message in report.input_errors:
        lines.append(f"- could not read {_cell(source)}: {_cell(message)}")
    return "\n".join(lines) + "\n"


def write(report: Report, out: TextIO) -> None:
    """Write one workflow command per finding; append the step summary when asked for."""
    for f in report.findings:
        title = f"{f.rule} {f.name}"
        if f.source.startswith(("http://", "https://")):
            out.write(command(_LEVELS[f.severity], f"{f.source}: {f.message}", title=title) + "\n")
        else:
            out.write(
                command(
                    _LEVELS[f.severity],
                    f.message,
                    file=f.source,
                    line=f.line,
                    col=f.column,
                    title=title,
                )
                + "\n"
            )
    for source, message in report.input_errors:
        out.write(command("error", f"{source}: {message}", title="cannot read input") + "\n")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with Path(summary).open("a", encoding="utf-8") as fh:
            fh.write(step_summary(report))
