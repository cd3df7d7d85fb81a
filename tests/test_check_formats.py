"""Output formats of `attribution check` on hand-made reports: SARIF against the official
schema, JUnit parsed back, GitHub workflow-command escaping."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from attribution.check.formats import Report, write_report
from attribution.check.formats.github import command, escape_data, escape_property
from attribution.models import Finding

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def validate_sarif(log: dict[str, Any]) -> None:
    """Raise unless ``log`` is valid against the official SARIF 2.1.0 schema (draft 4)."""
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    ).validate(log)


# A message with every character the formats must escape or drop.
AWKWARD = '100% wrong: a, b\r\nnext line <&> "quoted" \x0b end'


def report(**overrides: Any) -> Report:
    findings = (
        Finding(
            rule="ATR001",
            name="missing-author",
            severity="error",
            message=AWKWARD,
            source="public/a b/index.html",
            url="https://example.org/a%20b/",
            line=3,
            column=7,
            fix="<p>By Jane Doe</p>",
            publisher="The Conversation",
            original_url="https://theconversation.com/x-1",
            fingerprint="abc",
        ),
        Finding(
            rule="ATR005",
            name="missing-pixel",
            severity="warning",
            message="pixel missing",
            source="https://example.org/story",
            url="https://example.org/story",
            fingerprint="def",
        ),
    )
    values: dict[str, Any] = {
        "findings": findings,
        "pages": ("public/a b/index.html", "https://example.org/story", "public/ok.html"),
        "input_errors": (("public/gone.html", "no such file"),),
        "severities": {"ATR001": "error", "ATR005": "warning"},
    }
    values.update(overrides)
    return Report(**values)


def render(fmt: str, rep: Report) -> str:
    out = io.StringIO()
    write_report(fmt, rep, out)
    return out.getvalue()


def test_sarif_validates_against_the_official_schema() -> None:
    log = json.loads(render("sarif", report()))
    validate_sarif(log)
    run = log["runs"][0]
    first = run["results"][0]
    assert first["ruleId"] == "ATR001"
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {
        "uri": "public/a%20b/index.html",
        "uriBaseId": "SRCROOT",
    }
    assert location["region"] == {"startLine": 3, "startColumn": 7}
    assert run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "https://example.org/story"
    }
    assert first["partialFingerprints"] == {"attributionFingerprint/v1": "abc"}
    assert [r["id"] for r in run["tool"]["driver"]["rules"]][:2] == ["ATR001", "ATR002"]
    assert run["invocations"][0]["executionSuccessful"] is False


def test_sarif_of_a_clean_run_validates() -> None:
    validate_sarif(json.loads(render("sarif", report(findings=(), input_errors=()))))


def test_schema_rejects_a_broken_log() -> None:
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif({"version": "2.1.0", "runs": [{"tool": {}}]})


def test_junit_parses_back_with_failures_errors_and_passes() -> None:
    root = ET.fromstring(render("junit", report()))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "1")
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    failing = cases[("public/a b/index.html", "ATR001 missing-author (line 3)")]
    failure = failing.find("failure")
    assert failure is not None
    assert failure.get("message") == AWKWARD.replace("\x0b", "")
    warning = cases[("https://example.org/story", "ATR005 missing-pixel (line 1)")]
    assert warning.find("failure") is None
    assert "pixel missing" in (warning.findtext("system-out") or "")
    assert ("public/ok.html", "credits") in cases
    assert cases[("public/gone.html", "read")].find("error") is not None


def test_junit_fails_warnings_when_fail_on_is_warning() -> None:
    root = ET.fromstring(render("junit", report(fail_on="warning")))
    assert root.get("failures") == "2"


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\rb", "a%0Db", "a%0Db"),
        ("a\nb", "a%0Ab", "a%0Ab"),
        ("a:b", "a:b", "a%3Ab"),
        ("a,b", "a,b", "a%2Cb"),
        ("%0A", "%250A", "%250A"),  # an already-escaped-looking value is escaped again
    ],
)
def test_github_escaping(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_github_command_escapes_properties_and_message() -> None:
    line = command("error", "50%\nmore", file="a,b:c.html", line=2, title="ATR001 x")
    assert line == "::error file=a%2Cb%3Ac.html,line=2,title=ATR001 x::50%25%0Amore"


def test_github_output_is_one_line_per_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    lines = render("github", report()).split("\n")  # the runner splits on LF only
    assert lines[0] == (
        "::error file=public/a b/index.html,line=3,col=7,title=ATR001 missing-author::"
        '100%25 wrong: a, b%0D%0Anext line <&> "quoted" \x0b end'
    )
    assert lines[1].startswith("::warning title=ATR005 missing-pixel::https://example.org/story: ")
    assert lines[2] == "::error title=cannot read input::public/gone.html: no such file"


def test_github_step_summary_is_a_markdown_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    render(
        "github",
        report(
            findings=(
                report()
                .findings[0]
                .__class__(
                    rule="ATR002",
                    name="missing-publisher",
                    severity="error",
                    message="a | b\nc",
                    source="p.html",
                ),
            )
        ),
    )
    text = summary.read_text("utf-8")
    assert text.startswith("earlier step\n## attribution check")
    assert "| p.html | 1 | ATR002 missing-publisher | error | a \\| b c |" in text


def test_json_summary_counts() -> None:
    data = json.loads(render("json", report()))
    assert data["summary"]["findings"] == 2
    assert data["summary"]["errors"] == 1
    assert data["summary"]["warnings"] == 1
    assert data["summary"]["failing"] == 1
    assert data["input_errors"] == [{"source": "public/gone.html", "error": "no such file"}]
    assert data["findings"][0]["fix"] == "<p>By Jane Doe</p>"
