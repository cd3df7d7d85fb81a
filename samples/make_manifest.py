"""Regenerate samples/manifest.tsv from the labelled pages: `python samples/make_manifest.py`."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def manifest_text() -> str:
    """The manifest: a header, then one `path<TAB>url` row per labelled page, sorted by path."""
    rows = ["path\turl"]
    for label in sorted((HERE / "web").rglob("*.expected.json")):
        page = label.with_name(label.name.removesuffix(".expected.json") + ".html")
        url = json.loads(label.read_text(encoding="utf-8"))["url"]
        rows.append(f"{page.relative_to(HERE).as_posix()}\t{url}")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    (HERE / "manifest.tsv").write_text(manifest_text(), encoding="utf-8")
