"""Output formats of `attribution check`, one module each, all fed the same :class:`Report`.

| format | module | for |
| --- | --- | --- |
| ``text`` | :mod:`.text` | people: ``file:line:column: RULE [severity] message`` |
| ``json`` | :mod:`.json_report` | scripts: every finding's ``to_dict()`` and a summary |
| ``sarif`` | :mod:`.sarif` | code scanning (GitHub, GitLab, Azure): SARIF 2.1.0 |
| ``junit`` | :mod:`.junit` | CI test reports (GitLab ``artifacts:reports:junit``, Jenkins) |
| ``github`` | :mod:`.github` | GitHub Actions annotations and the job's step summary |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from attribution.models import SEVERITIES, Finding, Severity

__all__ = ["FORMATS", "Report", "write_report"]

FORMATS = ("text", "json", "sarif", "junit", "github")


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run found: what a format writes."""

    findings: tuple[Finding, ...]
    # Every page checked (its source), in order, including the clean ones.
    pages: tuple[str, ...] = ()
    # Inputs that could not be read: (source, error message).
    input_errors: tuple[tuple[str, str], ...] = ()
    # The rules that ran and their severity after the policy.
    severities: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = "error"
    # Findings dropped by the baseline and by inline comments (counted in summaries).
    baselined: int = 0
    suppressed: int = 0

    def failing(self, finding: Finding) -> bool:
        """True when ``finding`` is at or above ``fail_on``."""
        return SEVERITIES.index(finding.severity) >= SEVERITIES.index(self.fail_on)

    def counts(self) -> dict[str, int]:
        """Findings per severity, every severity present (0 when none)."""
        out: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            out[finding.severity] += 1
        return out

    def summary_line(self) -> str:
        """One sentence for people: how many findings of each severity on how many pages."""
        counts = self.counts()
        pages = len(self.pages)
        with_findings = len({f.source for f in self.findings})
        if not self.findings:
            text = f"No findings on {pages} page{'s' if pages != 1 else ''}."
        else:
            parts = [
                f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in reversed(counts.items()) if n
            ]
            text = (
                f"Found {len(self.findings)} finding{'s' if len(self.findings) != 1 else ''} "
                f"({', '.join(parts)}) on {with_findings} of {pages} pages."
            )
        extra = []
        if self.baselined:
            extra.append(f"{self.baselined} in the baseline")
        if self.suppressed:
            extra.append(f"{self.suppressed} suppressed inline")
        if self.input_errors:
            extra.append(f"{len(self.input_errors)} input(s) could not be read")
        return text + (f" ({'; '.join(extra)}.)" if extra else "")


def write_report(fmt: str, report: Report, out: TextIO) -> None:
    """Write ``report`` to ``out`` in format ``fmt`` (one of :data:`FORMATS`)."""
    from attribution.check.formats import github, json_report, junit, sarif, text  # noqa: PLC0415

    writers: dict[str, Callable[[Report, TextIO], None]] = {
        "text": text.write,
        "json": json_report.write,
        "sarif": sarif.write,
        "junit": junit.write,
        "github": github.write,
    }
    writers[fmt](report, out)
