"""The text report: rich tables on a terminal, plain aligned columns when piped."""

from __future__ import annotations

import io
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table as RichTable

from attribution.report.sections import Section, Table, report_sections

__all__ = ["render_plain", "render_rich", "render_text"]


def _plain_table(table: Table) -> list[str]:
    widths = [len(c) for c in table.columns]
    for row in table.rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: list[str]) -> str:
        out = [
            cell.rjust(w) if i in table.numeric else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [line(table.columns), rule, *(line(row) for row in table.rows)]


def render_plain(report: dict[str, Any]) -> str:
    """The report as plain text: no colour, no box drawing, easy to grep and diff."""
    out: list[str] = []
    for section in report_sections(report):
        if out:
            out.append("")
        underline = "=" if section.level == 1 else "-"
        if section.level <= 2:
            out += [section.title, underline * len(section.title)]
        else:
            out.append(f"* {section.title}")
        indent = "  " if section.level > 2 else ""
        out += [indent + line for line in section.lines]
        if section.table is not None:
            out += _plain_table(section.table)
        if section.note:
            out.append(section.note)
    return "\n".join(out) + "\n"


def _rich_table(section: Section) -> RichTable:
    assert section.table is not None
    table = RichTable(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold")
    for i, column in enumerate(section.table.columns):
        table.add_column(
            column,
            justify="right" if i in section.table.numeric else "left",
            overflow="fold",
        )
    for row in section.table.rows:
        table.add_row(*row)
    return table


def render_rich(report: dict[str, Any], console: Console) -> None:
    """Print the report on a terminal with styled headings and tables."""
    for section in report_sections(report):
        if section.level == 1:
            console.rule(f"[bold]{section.title}")
        elif section.level == 2:
            console.print(f"\n[bold cyan]{section.title}[/]")
        else:
            console.print(f"\n[bold]{section.title}[/]")
        for line in section.lines:
            console.print(("  " if section.level > 2 else "") + line, highlight=False)
        if section.table is not None:
            console.print(_rich_table(section))
        if section.note:
            console.print(f"[dim]{section.note}[/]")


def render_text(report: dict[str, Any], *, terminal: bool, width: int | None = None) -> str:
    """The text report: rich when ``terminal``, else plain."""
    if not terminal:
        return render_plain(report)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=width, highlight=False)
    render_rich(report, console)
    return buffer.getvalue()
