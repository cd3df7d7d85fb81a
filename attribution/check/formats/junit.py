"""JUnit XML output, the test-report format CI systems display (GitLab, Jenkins, Azure).

There is no formal standard; this follows the de-facto schema the JUnit Ant task writes and
GitLab parses: ``<testsuites>`` holding one ``<testsuite>``, one ``<testcase>`` per page
without findings (a pass), one per finding (``classname`` the page, ``name`` the rule and
line) and one per unreadable input (an ``<error>``). A finding at or above ``--fail-on`` is a
``<failure>``; one below passes and carries its message in ``<system-out>``, so the report
fails exactly when the exit code does. Characters XML 1.0 cannot carry are dropped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from attribution.check.formats import Report

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
SUITE = "attribution check"


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def junit_tree(report: Report) -> ET.Element:
    """The ``<testsuites>`` element of a report."""
    by_page: dict[str, list[int]] = {}
    for i, f in enumerate(report.findings):
        by_page.setdefault(f.source, []).append(i)
    failures = sum(1 for f in report.findings if report.failing(f))
    errors = len(report.input_errors)
    clean = [p for p in report.pages if p not in by_page]
    tests = len(report.findings) + len(clean) + errors
    counts = {"tests": str(tests), "failures": str(failures), "errors": str(errors)}
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts, "skipped": "0"})
    for page in clean:
        ET.SubElement(suite, "testcase", {"classname": _clean(page), "name": "credits"})
    for f in report.findings:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": _clean(f.source),
                "name": f"{f.rule} {f.name} (line {f.line})",
                "file": _clean(f.source),
                "line": str(f.line),
            },
        )
        text = f"{f.source}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}"
        if report.failing(f):
            failure = ET.SubElement(
                case, "failure", {"message": _clean(f.message), "type": f.severity}
            )
            failure.text = _clean(text)
        else:
            ET.SubElement(case, "system-out").text = _clean(text)
    for source, message in report.input_errors:
        case = ET.SubElement(suite, "testcase", {"classname": _clean(source), "name": "read"})
        ET.SubElement(case, "error", {"message": _clean(message), "type": "input"})
    return root


def write(report: Report, out: TextIO) -> None:
    """Write the report as JUnit XML."""
    root = junit_tree(report)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode") + "\n")
