"""Writing extraction results: JSON, JSON Lines, and a readable text summary."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from attribution.models import Extraction

FORMATS = ("text", "json", "jsonl")


def extraction_json(result: Extraction | dict[str, Any]) -> dict[str, Any]:
    """The JSON object of one page (an error object passes through)."""
    return result.to_dict() if isinstance(result, Extraction) else result


class ResultWriter:
    """Streams results in the chosen format as they come (JSON arrays are closed at the end)."""

    def __init__(self, out: TextIO, fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self.count = 0
        self.tally: Counter[str] = Counter()
        if fmt == "json":
            out.write("[")

    def write(self, result: Extraction | dict[str, Any]) -> None:
        """Write one page's result."""
        data = extraction_json(result)
        self._count(data)
        if self.fmt == "jsonl":
            self.out.write(json.dumps(data, ensure_ascii=False) + "\n")
        elif self.fmt == "json":
            self.out.write(("," if self.count else "") + "\n" + _indent(data))
        else:
            if self.count:
                self.out.write("\n")
            self.out.write(text_summary(data))
        self.count += 1
        self.out.flush()

    def _count(self, data: dict[str, Any]) -> None:
        tally = self.tally
        tally["pages"] += 1
        if "error" in data:
            tally["failed"] += 1
            return
        if data.get("republished"):
            tally["republished"] += 1
            missing = data.get("missing") or []
            tally["incomplete" if missing else "complete"] += 1
            for element in missing:
                tally[f"missing:{element}"] += 1

    def close(self) -> None:
        """Finish the output: close the JSON array, or end the text report with a summary."""
        if self.fmt == "json":
            self.out.write("\n]\n" if self.count else "]\n")
        elif self.fmt == "text" and self.count > 1:
            self.out.write("\n" + summary_line(self.tally))
        self.out.flush()


def summary_line(tally: Counter[str]) -> str:
    """The closing lines of a text report: pages read, copies found, credits most often missing."""
    lines = [
        f"Summary: {tally['pages']} pages read ({tally['failed']} failed); "
        f"{tally['republished']} republished copies: {tally['complete']} with every credit "
        f"their publisher's terms require, {tally['incomplete']} missing some."
    ]
    missing = sorted(
        ((k.split(":", 1)[1], n) for k, n in tally.items() if k.startswith("missing:")),
        key=lambda kv: (-kv[1], kv[0]),
    )
    if missing:
        lines.append("Missing most often: " + ", ".join(f"{k} ({n})" for k, n in missing) + ".")
    return "\n".join(lines) + "\n"


def _indent(data: dict[str, Any]) -> str:
    return "  " + json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n  ")


def text_summary(data: dict[str, Any]) -> str:
    """A readable block for one page."""
    lines = [f"== {data.get('source')}"]
    if "error" in data:
        lines.append(f"   error: {data['error']}")
        return "\n".join(lines) + "\n"
    if data.get("url") and data.get("url") != data.get("source"):
        lines.append(f"   url:         {data['url']}")
    if data.get("title"):
        lines.append(f"   title:       {data['title']}")
    site = data.get("site_name")
    if site or data.get("published"):
        lines.append(f"   site:        {site or '?'}    published: {data.get('published') or '?'}")
    authors = ", ".join(data.get("authors") or []) or "(none named)"
    lines.append(f"   authors:     {authors}")
    original = data.get("original")
    if data.get("republished") and original:
        who = original.get("publisher") or original.get("domain") or "?"
        lines.append(f"   REPUBLISHED from {who} ({original.get('domain') or 'unknown domain'})")
        if original.get("url"):
            lines.append(f"   original:    {original['url']}")
        if original.get("id"):
            lines.append(f"   article id:  {original['id']}")
        missing = data.get("missing") or []
        if missing:
            lines.append(f"   MISSING:     {', '.join(missing)}")
        else:
            lines.append("   credits:     complete for the publisher's terms")
    else:
        lines.append("   not a republished copy (no credit to another publisher found)")
    if data.get("license"):
        lines.append(f"   license:     {data['license']}")
    credits = data.get("credits") or []
    if credits:
        lines.append(f"   signals ({len(credits)}):")
        for credit in credits:
            text = credit.get("text") or ""
            if len(text) > 90:
                text = text[:87] + "..."
            who = credit.get("publisher") or credit.get("domain") or ""
            lines.append(f"     - {credit['signal']:<13} {who:<22} {text}")
    if data.get("tracker_ids"):
        lines.append(f"   tracker ids: {', '.join(data['tracker_ids'])}")
    for warning in data.get("warnings") or []:
        lines.append(f"   warning:     {warning}")
    return "\n".join(lines) + "\n"
