"""End to end: a wire original laid out as Reuters lays it out (a div per paragraph, no <p>)
and a credited copy in <p>, crawled from loopback, matched by the real CLI.

Before main text read paragraph divs, the original's text was its sign-off line alone and the
copy came out as a ``mismatch``. A store matched with that older main text is matched again
from its stored bodies: the text version says so.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from attribution.cli import app
from attribution.match.run import STORED_VERSION
from attribution.serve import SiteServer
from attribution.store import Store

PAGES = Path(__file__).parent / "match_pages"
ORIGINAL = "https://www.reuters.com/business/rotterdam-dock-workers-strike-2026-03-04"
COPY = "https://www.harbourgazette.example/business/dock-strike"


@pytest.fixture(scope="module")
def wire_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    root = tmp_path_factory.mktemp("wire_web")
    for url, name in ((ORIGINAL, "wire_paragraph_divs.html"), (COPY, "wire_copy.html")):
        host, path = url.removeprefix("https://").split("/", 1)
        target = root / host / f"{path}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PAGES / name, target)
    (root / "www.harbourgazette.example" / "index.html").write_text(
        '<!doctype html><html><body><nav><a href="/business/dock-strike">Dock strike</a></nav>'
        "</body></html>",
        encoding="utf-8",
    )
    server = SiteServer(root).start()
    try:
        yield server
    finally:
        server.stop()


def crawl(server: SiteServer, db: Path) -> None:
    argv = [
        "crawl",
        "https://www.harbourgazette.example/",
        "--db",
        str(db),
        "--resolve",
        f"*=127.0.0.1:{server.port}",
        "--delay",
        "0",
        "--max-depth",
        "1",
    ]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output


def match(db: Path) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(app, ["match", "--db", str(db), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_a_p_copy_of_a_paragraph_div_original_verifies(
    wire_server: SiteServer, tmp_path: Path
) -> None:
    db = tmp_path / "wire.db"
    crawl(wire_server, db)  # the copy credits the original: the crawl fetches it
    code, results = match(db)
    assert code == 0  # no findings
    [credited] = [r for r in results if r["relation"] == "credited"]
    assert (credited["copy_url"], credited["original_url"]) == (COPY, ORIGINAL)
    assert credited["verdict"] == "verified"
    assert credited["containment"] == 1.0
    with Store(db, readonly=True) as store:
        page = store.get_page(ORIGINAL)
        assert page is not None
        text = store.get_text(page.id)
    assert text is not None and len(text.paragraphs) == 8
    assert text.paragraphs[0].startswith("ROTTERDAM, March 4 (Reuters) - Dock workers")


def test_a_store_matched_with_the_older_main_text_is_matched_again(
    wire_server: SiteServer, tmp_path: Path
) -> None:
    db = tmp_path / "old.db"
    crawl(wire_server, db)
    # What a store matched before this fix holds: the original's text is its sign-off line,
    # made by the previous text version, and the copy's credited result a mismatch.
    with Store(db, readonly=True) as store:
        page = store.get_page(ORIGINAL)
        assert page is not None
        page_id = page.id
    db_conn = sqlite3.connect(db)
    with db_conn:
        db_conn.execute(
            "UPDATE texts SET paragraphs = ?, words = 8 WHERE page_id = ?",
            (json.dumps(["Reporting by Bart Meijer; Editing by Jan Harvey"]), page_id),
        )
        db_conn.execute(
            "UPDATE fingerprints SET version = ? WHERE page_id = ?",
            (STORED_VERSION - 1000, page_id),
        )
    db_conn.close()
    code, results = match(db)
    assert code == 0
    [credited] = [r for r in results if r["relation"] == "credited"]
    assert credited["verdict"] == "verified"
