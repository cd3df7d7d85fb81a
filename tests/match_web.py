"""A small loopback web for the matching tests, laid out from ``tests/match_pages``.

Not a conftest: the crawl fixtures of ``tests/conftest.py`` serve the crawler's own test web;
this module builds another one (an original site, a copier site, two unrelated sites) in a
temporary folder and serves it with :class:`attribution.serve.SiteServer` on 127.0.0.1.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from attribution.serve import SiteServer

PAGES = Path(__file__).parent / "match_pages"

#: host -> {url path: page file}
LAYOUT = {
    "www.original.example": {
        "news/reef-story": "original.html",
        "news/river-story": "other_original.html",
    },
    "www.copier.example": {
        "verbatim": "verbatim.html",
        "heavy": "heavy_chrome.html",
        "truncated": "truncated.html",
        "removed": "paragraphs_removed.html",
        "reworded": "reworded.html",
        "retitled": "retitled.html",
        "allowed": "allowed_edits.html",
        "nolinks": "links_dropped.html",
        "wrong": "wrong_article.html",
        "uncredited": "uncredited.html",
    },
    "www.reefweekly.example": {"hard-season": "same_topic.html"},
    "www.harbourherald.example": {"marine-park": "quoting.html"},
}

ORIGINAL = "https://www.original.example/news/reef-story"
OTHER_ORIGINAL = "https://www.original.example/news/river-story"
COPIER = "https://www.copier.example"


def build_web(root: Path) -> Path:
    """Lay the pages out as ``root/<host>/<path>.html`` with a front page per host."""
    for host, pages in LAYOUT.items():
        for path, name in pages.items():
            target = root / host / f"{path}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(PAGES / name, target)
        links = "".join(f'<li><a href="/{path}">{path}</a></li>' for path in pages)
        (root / host / "index.html").write_text(
            f"<!doctype html><html><body><nav><ul>{links}</ul></nav></body></html>",
            encoding="utf-8",
        )
    return root


def start_server(root: Path) -> SiteServer:
    """Serve a built web on 127.0.0.1 (port chosen by the system)."""
    return SiteServer(build_web(root)).start()


def seeds() -> list[str]:
    """Every host's front page."""
    return [f"https://{host}/" for host in LAYOUT]
