"""The Markdown report, for pasting into an issue, a wiki or a newsroom memo."""

from __future__ import annotations

import re
from typing import Any

from attribution.report.sections import Table, report_sections

__all__ = ["render_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#])")


def escape(text: str) -> str:
    """Escape the characters Markdown would read as markup (and ``|`` inside tables)."""
    return _SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def _cell(text: str) -> str:
    # Bare URLs stay clickable when wrapped in angle brackets; anything else is escaped.
    if re.fullmatch(r"https?://\S+", text):
        return "<" + text.replace(">", "%3E").replace("|", "%7C") + ">"
    return escape(text)


def _table(table: Table) -> list[str]:
    head = "| " + " | ".join(escape(c) for c in table.columns) + " |"
    align = "|" + "|".join(
        "---:" if i in table.numeric else "---" for i in range(len(table.columns))
    )
    rows = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return [head, align + "|", *rows]


def render_markdown(report: dict[str, Any]) -> str:
    """The report as GitHub-flavoured Markdown."""
    out: list[str] = []
    for section in report_sections(report):
        if out:
            out.append("")
        out.append("#" * section.level + " " + escape(section.title))
        if section.lines:
            out.append("")
            bullets = section.level > 2
            out += [("- " if bullets else "") + _linkify(line) for line in section.lines]
        if section.table is not None:
            out.append("")
            out += _table(section.table)
        if section.note:
            out += ["", f"_{escape(section.note)}_"]
    return "\n".join(out) + "\n"


def _linkify(line: str) -> str:
    parts = re.split(r"(https?://[^\s\"'<>)]+)", line)
    return "".join(_cell(p) if i % 2 else escape(p) for i, p in enumerate(parts))
