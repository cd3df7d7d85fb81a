"""The report laid out as sections of prose and tables, shared by the text and Markdown views.

``report_sections`` decides what a reader sees and in which order; ``text.py`` and
``markdown.py`` only decide how it looks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from attribution.report.data import problem_of

__all__ = ["Section", "Table", "percent", "report_sections"]

#: Content farms named under the republishers table; the JSON lists them all.
FARMS_SHOWN = 8


@dataclass(slots=True)
class Table:
    """Column headings and rows of cell strings; ``numeric`` columns align right."""

    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()


@dataclass(slots=True)
class Section:
    """A heading, lines of prose, an optional table and an optional closing note."""

    title: str
    lines: list[str] = field(default_factory=list)
    table: Table | None = None
    note: str | None = None
    level: int = 2


def percent(rate: float | None) -> str:
    """0.4 -> "40%"; None (nothing to rate) -> "-"."""
    return "-" if rate is None else f"{rate * 100:.0f}%"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def _headline(report: dict[str, Any]) -> Section:
    h = report["headline"]
    lines = [
        f"{_plural(h['outlets'], 'outlet')}, {_plural(h['pages'], 'page')} crawled. "
        f"{_plural(h['copies'], 'copy', 'copies')} of "
        f"{_plural(h['articles'], 'original article')} found.",
    ]
    unread = h.get("unread") or {}
    if sum(unread.values()):
        reasons = [
            f"{unread[key]:,} {label}"
            for key, label in (
                ("not_fetched", "not fetched"),
                ("not_text", "not a text document"),
                ("stopped", "stopped past the page time limit or by a crash"),
            )
            if unread.get(key)
        ]
        lines.append(
            f"{_plural(sum(unread.values()), 'page')} could not be read: "
            + ", ".join(reasons)
            + "."
        )
    if h["copies"]:
        lines.append(
            f"{h['credited']:,} credited ({h['compliant']:,} fully: {percent(h['compliance'])}), "
            f"{h['uncredited']:,} uncredited, {h['edited']:,} edited, "
            f"{h['verified']:,} verified word for word."
        )
        missing = sorted(
            ((n, e) for e, n in h["missing"].items() if n), key=lambda item: (-item[0], item[1])
        )
        if missing:
            lines.append(
                "Credits missing most often: " + ", ".join(f"{e} ({n:,})" for n, e in missing) + "."
            )
    scope = report.get("scope") or {}
    narrowed = [f"{k} {v}" for k, v in scope.items() if v]
    if narrowed:
        lines.append("Narrowed to " + " and ".join(narrowed) + ".")
    title = "Republishing report" + (f": {report['db']}" if report.get("db") else "")
    return Section(title, lines, level=1)


def _publishers(report: dict[str, Any]) -> Section:
    table = Table(
        [
            "Original publisher",
            "Domain",
            "Copies",
            "Republishers",
            "Fully credited",
            "Missing most",
        ],
        numeric=frozenset({2, 3, 4}),
    )
    for p in report["publishers"]:
        table.rows.append(
            [
                p["name"],
                p["domain"],
                f"{p['copies']:,}",
                f"{p['republishers']:,}",
                percent(p["compliance"]),
                p["most_missing"] or "-",
            ]
        )
    return Section("Original publishers and their copies", table=table)


def _republishers(report: dict[str, Any]) -> Section:
    table = Table(
        [
            "Republisher",
            "Articles",
            "Credited",
            "Uncredited",
            "Edited",
            "Compliance",
            "Omits most",
            "Operator",
        ],
        numeric=frozenset({1, 2, 3, 4, 5}),
    )
    farms = []
    for r in report["republishers"]:
        table.rows.append(
            [
                r["domain"],
                f"{r['articles']:,}",
                f"{r['credited']:,}",
                f"{r['uncredited']:,}",
                f"{r['edited']:,}",
                percent(r["compliance"]),
                r["most_missing"] or "-",
                r["operator"] or "-",
            ]
        )
        if r["only_republishes"]:
            farms.append(r["domain"])
    note = None
    if farms:
        shown = ", ".join(farms[:FARMS_SHOWN])
        more = f" and {len(farms) - FARMS_SHOWN} more" if len(farms) > FARMS_SHOWN else ""
        note = f"{len(farms)} only republish, never an article of their own: {shown}{more}."
    return Section("Republishers by volume", table=table, note=note)


def _clusters(report: dict[str, Any]) -> Section:
    table = Table(["Cluster", "Outlets", "Shared", "Linked by"])
    for c in report["clusters"]:
        table.rows.append([c["id"], ", ".join(c["domains"]), ", ".join(c["shared"]), c["reason"]])
    lines = [] if report["clusters"] else ["No outlets share analytics or ad account ids."]
    return Section(
        "Operator clusters (outlets that look like one operator)",
        lines,
        table=table if report["clusters"] else None,
    )


def _worst(report: dict[str, Any]) -> Section:
    table = Table(["#", "Copy", "Original", "Problem"], numeric=frozenset({0}))
    for i, a in enumerate(report["worst"], 1):
        table.rows.append(
            [str(i), a["copy_url"], a["original_url"] or a["original_domain"] or "-", problem_of(a)]
        )
    lines = [] if report["worst"] else ["Every copy found gives every credit required."]
    return Section("Worst cases", lines, table=table if report["worst"] else None)


def _details(report: dict[str, Any]) -> list[Section]:
    sections = []
    for a in report["articles"]:
        lines = [
            f"Copy: {a['copy_url']}",
            f"Original: {a['original_url'] or '-'}"
            + (f" ({a['publisher']})" if a["publisher"] else ""),
            f"Problem: {problem_of(a)}",
            "Text: "
            + (a["verdict"] or "not compared with the original")
            + (
                f" ({a['containment'] * 100:.0f}% of the original's text is on the copy)"
                if a["containment"] is not None
                else ""
            ),
        ]
        if a["evidence"]:
            lines.append("Credits found: " + " | ".join(f'"{e}"' for e in a["evidence"]))
        if a["diff"]:
            lines.append(f"Changes: {a['diff']}")
        sections.append(Section(a["title"] or a["copy_url"], lines, level=3))
    return sections


def report_sections(report: dict[str, Any]) -> list[Section]:
    """The report in reading order: headline, publishers, republishers, clusters, worst
    cases, and (when narrowed to one outlet or publisher) every article with its evidence."""
    sections = [_headline(report)]
    if report["publishers"]:
        sections.append(_publishers(report))
    if report["republishers"]:
        sections.append(_republishers(report))
    sections.append(_clusters(report))
    sections.append(_worst(report))
    scope = report.get("scope") or {}
    if scope.get("outlet") or scope.get("publisher"):
        details = _details(report)
        if details:
            sections.append(Section(f"Articles ({len(details)})"))
            sections.extend(details)
    return sections
