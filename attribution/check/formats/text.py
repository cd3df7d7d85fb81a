"""Text output for people: ``file:line:column: RULE [severity] message``, then a summary.

The location prefix is the one editors and terminals make clickable (as compilers and
linters print it). Pages checked by URL print the URL in place of the file.
"""

from __future__ import annotations

from typing import TextIO

from attribution.check.formats import Report


def write(report: Report, out: TextIO) -> None:
    """Write one line per finding and a closing summary line."""
    for f in report.findings:
        out.write(f"{f.source}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}\n")
    for source, message in report.input_errors:
        out.write(f"{source}: error: {message}\n")
    out.write(report.summary_line() + "\n")
