"""End to end: crawl a loopback web, run `attribution match --db` and `attribution compare`
through the real CLI, and read the stored results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from attribution.cli import app
from attribution.serve import SiteServer
from attribution.store import Store
from tests.match_web import COPIER, ORIGINAL, OTHER_ORIGINAL, PAGES, seeds, start_server


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, in a child process, as a user runs it."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "attribution", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def match_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    server = start_server(tmp_path_factory.mktemp("match_web"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def crawled(match_server: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("match_db") / "crawl.db"
    argv = [
        "crawl",
        *seeds(),
        "--db",
        str(db),
        "--resolve",
        f"*=127.0.0.1:{match_server.port}",
        "--delay",
        "0",
        # The front pages list the articles; the articles' own navigation leads nowhere.
        "--max-depth",
        "1",
    ]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    assert "credited copies compared" in result.output  # the crawl ran the matching pass
    return db


def stored(db: Path) -> dict[tuple[str, str], dict[str, Any]]:
    with Store(db, readonly=True) as store:
        return {(d["copy_url"], d["relation"]): d for _c, _o, d in store.iter_matches()}


def test_match_verifies_credited_copies_and_finds_the_uncredited_one(crawled: Path) -> None:
    result = cli("match", "--db", str(crawled), "--format", "json")
    assert result.returncode == 1, result.stderr  # a mismatch and an uncredited copy: findings
    printed = json.loads(result.stdout)
    matches = stored(crawled)
    assert {(d["copy_url"], d["relation"]) for d in printed} == set(matches)

    def verdict(path: str, relation: str = "credited") -> str:
        return str(matches[(f"{COPIER}/{path}", relation)]["verdict"])

    assert [verdict(p) for p in ("verbatim", "heavy", "allowed")] == ["verified"] * 3
    assert [verdict(p) for p in ("truncated", "removed", "reworded", "retitled", "nolinks")] == [
        "edited"
    ] * 5
    truncated = matches[(f"{COPIER}/truncated", "credited")]["comparison"]
    assert truncated["truncated"] is True and truncated["paragraphs_removed"] == 4
    assert matches[(f"{COPIER}/nolinks", "credited")]["comparison"]["links_dropped"] == 2
    assert matches[(f"{COPIER}/retitled", "credited")]["comparison"]["title_changed"] is True

    # The credit points to the wrong article; the text is the other original's.
    assert verdict("wrong") == "mismatch"
    other = matches[(f"{COPIER}/wrong", "other_original")]
    assert other["original_url"] == OTHER_ORIGINAL and other["verdict"] == "verified"

    uncredited = matches[(f"{COPIER}/uncredited", "uncredited")]
    assert uncredited["original_url"] == ORIGINAL
    assert uncredited["confidence"] > 0.5
    assert any("earlier" in r for r in uncredited["reasons"])

    # Same topic, and a short quotation: not copies of anything.
    urls = {d["copy_url"] for d in printed} | {d["original_url"] for d in printed}
    assert not any("reefweekly" in u or "harbourherald" in u for u in urls)
    assert "uncredited copies" in result.stderr


def test_match_text_output_names_each_result(crawled: Path) -> None:
    result = cli("match", "--db", str(crawled))
    assert result.returncode == 1
    assert "mismatch  credited" in result.stdout
    assert f"{COPIER}/uncredited <- {ORIGINAL}" in result.stdout


def test_compare_stored_pages_prints_json_and_stores_the_result(crawled: Path) -> None:
    result = cli("compare", ORIGINAL, f"{COPIER}/removed", "--db", str(crawled), "-f", "json")
    assert result.returncode == 1  # edited
    data = json.loads(result.stdout)
    assert data["verdict"] == "edited" and data["paragraphs_removed"] == 2
    assert data["credited"] is True
    assert (f"{COPIER}/removed", "compared") in stored(crawled)


def test_compare_files_exit_0_when_verified() -> None:
    result = cli("compare", str(PAGES / "original.html"), str(PAGES / "heavy_chrome.html"))
    assert result.returncode == 0, result.stderr
    assert "verdict:      verified" in result.stdout


def test_compare_shows_a_readable_diff() -> None:
    result = cli("compare", str(PAGES / "original.html"), str(PAGES / "paragraphs_removed.html"))
    assert result.returncode == 1
    assert "- [3] The pattern is clear." in result.stdout


def test_errors_say_what_and_how_to_fix(tmp_path: Path) -> None:
    missing = cli("match", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2
    assert missing.stderr.startswith("Error: ") and "Hint:" in missing.stderr
    bad = cli("compare", str(PAGES / "original.html"), str(tmp_path / "nope.html"))
    assert bad.returncode == 1 and "Error: " in bad.stderr
    fmt = cli("compare", "a", "b", "--format", "xml")
    assert fmt.returncode == 2


def test_help_has_examples() -> None:
    for command in ("match", "compare"):
        result = cli(command, "--help")
        assert result.returncode == 0 and "Example" in result.stdout
