"""The HTML report: one self-contained file to open in a browser, with nothing fetched.

The page's script, style and data are inlined. The data goes in a ``<script
type="application/json">`` block with every ``<``, ``>`` and ``&`` escaped as a JSON ``\\u``
escape, so no string in it can close the block; the script (``assets/report.js``) puts data into
the page through ``textContent`` only. A Content-Security-Policy allows exactly the inlined script
and style (by hash) and no network access, so even a mistake in the escaping cannot run
injected code or make the page fetch anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

from attribution import __version__

SCHEMA = "attribution-report/1"
ASSETS = Path(__file__).parent / "assets"
#: How many outlets the text alternative of the network picture lists.
LARGEST = 25

_HEADLINE = (
    ("outlets", "Outlets"),
    ("pages", "Pages"),
    ("articles", "Original articles"),
    ("copies", "Copies found"),
    ("credited", "Credited"),
    ("uncredited", "Uncredited"),
    ("edited", "Edited"),
    ("verified", "Verified"),
    ("compliant", "Fully compliant"),
)
_KIND = {
    "publisher": "original publisher",
    "republisher": "republisher",
    "both": "publisher and republisher",
    "outlet": "outlet",
}
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def render_html(report: dict[str, Any]) -> str:
    """The report as one self-contained HTML page (see the module docstring)."""
    if report.get("schema") != SCHEMA:
        raise ValueError(
            f"not an attribution report: schema is {report.get('schema')!r}, expected {SCHEMA!r}"
        )
    data = embed_json(report)  # first: it refuses what the page could not parse
    script = _asset("report.js")
    style = _asset("report.css")
    csp = "; ".join(
        (
            "default-src 'none'",
            f"script-src '{_sha256(script)}'",
            f"style-src '{_sha256(style)}'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    values = {
        "csp": csp,
        "version": html.escape(__version__),
        "title": html.escape(_title(report.get("scope") or {})),
        "generated_at": html.escape(str(report.get("generated_at", ""))),
        "db": html.escape(str(report.get("db", ""))),
        "headline": _headline(report.get("headline") or {}),
        "largest": _largest(report.get("network") or {}, report.get("publishers") or []),
        "css": style,
        "data": data,
        "js": script,
    }
    # One pass, so text inserted for one placeholder is never scanned for another.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _asset("report.html"))


def embed_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` block: no ``<``, ``>`` or ``&`` appear raw."""
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError as exc:  # NaN or Infinity, which JSON.parse would reject
        raise ValueError(f"the report holds a value JSON cannot carry: {exc}") from exc
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _asset(name: str) -> str:
    text = (ASSETS / name).read_text(encoding="utf-8")
    if name != "report.html" and re.search(r"</(script|style)", text, re.IGNORECASE):
        raise ValueError(f"asset {name} would close its own inline block")
    return text


def _title(scope: dict[str, Any]) -> str:
    if scope.get("outlet"):
        return f"Attribution report: {scope['outlet']}"
    if scope.get("publisher"):
        return f"Attribution report: copies of {scope['publisher']}"
    return "Attribution report"


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _pct(value: Any) -> str:
    return "–" if value is None else f"{round(float(value) * 100)}%"


def _int(value: Any) -> str:
    return "–" if value is None else f"{int(value):,}"


def _headline(headline: dict[str, Any]) -> str:
    items = [(label, _int(headline.get(key))) for key, label in _HEADLINE]
    items.append(("Compliance", _pct(headline.get("compliance"))))
    unread = sum((headline.get("unread") or {}).values())
    if unread:
        items.append(("Pages not read", _int(unread)))
    cells = "\n".join(
        f"<div><dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd></div>"
        for label, value in items
    )
    return f'<dl class="figures">\n{cells}\n</dl>'


def volume(node: dict[str, Any]) -> int:
    """A node's size in the picture: copies it made plus copies made of its articles."""
    return int(node.get("articles") or 0) + int(node.get("copies") or 0)


def _largest(network: dict[str, Any], publishers: list[dict[str, Any]]) -> str:
    # A publisher that republishes nothing has no compliance of its own: its copies' is shown.
    copies_compliance = {
        d: p.get("compliance") for p in publishers for d in p.get("domains") or [p.get("domain")]
    }
    nodes = sorted(network.get("nodes") or [], key=lambda n: (-volume(n), str(n.get("id"))))
    if not nodes:
        return "<p>The network is empty.</p>"
    items = []
    for node in nodes[:LARGEST]:
        kind = _KIND.get(str(node.get("kind")), str(node.get("kind")))
        compliance = node.get("compliance")
        if compliance is None:
            compliance = copies_compliance.get(node.get("id"))
        text = (
            f"{node.get('label') or node.get('id')} ({node.get('id')}), {kind}: "
            f"{_int(node.get('articles'))} articles republished, "
            f"{_int(node.get('copies'))} copies of its articles, "
            f"compliance {_pct(compliance)}"
        )
        if node.get("operator"):
            text += f", operator cluster {node['operator']}"
        items.append(f"<li>{html.escape(text)}</li>")
    more = len(nodes) - LARGEST
    tail = f"\n<p>And {more:,} more in the tables below.</p>" if more > 0 else ""
    return "<ol>\n" + "\n".join(items) + "\n</ol>" + tail
