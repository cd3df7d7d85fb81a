"""SARIF 2.1.0 output (OASIS Static Analysis Results Interchange Format).

Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html; the tests validate the
output against the official JSON schema (``tests/data/sarif-schema-2.1.0.json``).

Written: one run with the tool's rule table (``tool.driver.rules``), one result per finding
with its level, a physical location (file paths relative to ``%SRCROOT%``, the working folder,
as GitHub code scanning expects; checked URLs as absolute URIs) and a region (line and column,
``columnKind`` ``unicodeCodePoints``), ``partialFingerprints`` for de-duplication across runs,
and unreadable inputs as tool execution notifications. Not written: fixes as artifact changes
(the snippet to add is in the message and in ``properties.fix``), code flows, taxonomies.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from attribution import __version__
from attribution.check.formats import Report
from attribution.check.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HELP_URI = "https://github.com/attribution-tool/attribution/blob/main/docs/check.md"
FINGERPRINT_KEY = "attributionFingerprint/v1"


def _artifact(source: str) -> dict[str, Any]:
    if source.startswith(("http://", "https://")):
        return {"uri": source}
    path = Path(source)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix(), safe="/"), "uriBaseId": "SRCROOT"}


def sarif_log(report: Report) -> dict[str, Any]:
    """The SARIF log of a report, as JSON-ready builtins."""
    index = {rule.id: i for i, rule in enumerate(RULES)}
    rules = [
        {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.description},
            "helpUri": f"{HELP_URI}#{rule.id.lower()}-{rule.name}",
            "help": {"text": rule.description},
            "defaultConfiguration": {
                "level": report.severities.get(rule.id, rule.severity),
                "enabled": rule.id in report.severities,
            },
            "properties": {"tags": ["attribution", "licensing"]},
        }
        for rule in RULES
    ]
    results = []
    for f in report.findings:
        properties: dict[str, Any] = {"severity": f.severity}
        for key in ("url", "publisher", "original_url", "fix"):
            value = getattr(f, key)
            if value:
                properties[key] = value
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": f.severity,
                "message": {"text": f.message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": _artifact(f.source),
                            "region": {"startLine": f.line, "startColumn": f.column},
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
                "properties": properties,
            }
        )
    notifications = [
        {
            "level": "error",
            "message": {"text": f"{source}: {message}"},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(source)}}],
        }
        for source, message in report.input_errors
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "attribution",
                        "version": __version__,
                        "informationUri": HELP_URI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"SRCROOT": {"uri": Path.cwd().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not report.input_errors,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "results": results,
            }
        ],
    }


def write(report: Report, out: TextIO) -> None:
    """Write the report as a SARIF 2.1.0 log."""
    out.write(json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n")
