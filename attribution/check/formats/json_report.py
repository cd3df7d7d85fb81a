"""JSON output: one object with a summary, every finding (``Finding.to_dict()``) and the
inputs that could not be read. The field names are documented in ``docs/check.md``."""

from __future__ import annotations

import json
from typing import TextIO

from attribution import __version__
from attribution.check.formats import Report

VERSION = 1


def write(report: Report, out: TextIO) -> None:
    """Write the report as one indented JSON object."""
    data = {
        "version": VERSION,
        "tool": {"name": "attribution", "version": __version__},
        "summary": {
            "pages": len(report.pages),
            "findings": len(report.findings),
            **{f"{sev}s": n for sev, n in report.counts().items()},
            "fail_on": report.fail_on,
            "failing": sum(1 for f in report.findings if report.failing(f)),
            "baselined": report.baselined,
            "suppressed": report.suppressed,
            "input_errors": len(report.input_errors),
        },
        "findings": [f.to_dict() for f in report.findings],
        "input_errors": [{"source": s, "error": e} for s, e in report.input_errors],
    }
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
