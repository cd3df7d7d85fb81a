"""`attribution check` rules ATR007-ATR009 through the real CLI, with texts compared.

A loopback web (tests/match_web.py, plus two copies of an article stated to be under CC BY-ND)
is crawled into a store, whose matching pass finds a wrong credit (``/wrong``), an uncredited
copy (``/uncredited``) and edits of a no-derivatives text (``/nd-edited``). Then:

- ``check --db`` reads the stored results;
- ``check public/ --originals DB`` compares saved copies with the originals in the store;
- ``check public/ --fetch-originals`` fetches the credited originals from the loopback server.

Copies that must stay clean: the CC-licensed edited copy (``/removed``: edits are allowed),
the ND copy with only allowed edits (``/nd-allowed``), the verbatim copy, and the unrelated
sites.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from attribution.cli import app
from attribution.serve import SiteServer
from tests.match_web import COPIER, LAYOUT, ORIGINAL, OTHER_ORIGINAL, PAGES, build_web, seeds
from tests.test_check_formats import validate_sarif

ND = "under a Creative Commons license"
ND_TO = "under a CC BY-ND 4.0 licence"
# copier path -> the match page it is made from (licence stated as CC BY-ND 4.0)
ND_PAGES = {"nd-edited": "paragraphs_removed.html", "nd-allowed": "allowed_edits.html"}
# Copies saved as a static site for --originals / --fetch-originals.
SAVED = ("verbatim", "removed", "allowed", "wrong", "uncredited", "nd-edited", "nd-allowed")


def nd_copy(name: str) -> str:
    html = (PAGES / name).read_text("utf-8")
    assert ND in html
    return html.replace(ND, ND_TO)


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, SiteServer]]:
    root = build_web(tmp_path_factory.mktemp("check_match_web"))
    copier = root / "www.copier.example"
    for path, name in ND_PAGES.items():
        (copier / f"{path}.html").write_text(nd_copy(name), encoding="utf-8")
    paths = [*LAYOUT["www.copier.example"], *ND_PAGES]
    links = "".join(f'<li><a href="/{p}">{p}</a></li>' for p in paths)
    (copier / "index.html").write_text(
        f"<!doctype html><html><body><nav><ul>{links}</ul></nav></body></html>", "utf-8"
    )
    # The originals again, at the loopback address itself, for --fetch-originals.
    loop = root / "127.0.0.1" / "news"
    loop.mkdir(parents=True)
    for name in ("original.html", "other_original.html"):
        stem = "reef-story" if name == "original.html" else "river-story"
        (loop / f"{stem}.html").write_text((PAGES / name).read_text("utf-8"), "utf-8")
    server = SiteServer(root).start()
    try:
        yield root, server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def store(web: tuple[Path, SiteServer], tmp_path_factory: pytest.TempPathFactory) -> Path:
    _root, server = web
    db = tmp_path_factory.mktemp("check_match_db") / "crawl.db"
    argv = ["crawl", *seeds(), "--db", str(db), "--resolve", f"*=127.0.0.1:{server.port}"]
    result = CliRunner().invoke(app, [*argv, "--delay", "0", "--max-depth", "1"])
    assert result.exit_code == 0, result.output
    assert "1 uncredited copies" in result.output
    return db


@pytest.fixture
def saved(web: tuple[Path, SiteServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The copies as a static site's build output: public/<path>/index.html."""
    root, _server = web
    for path in SAVED:
        target = tmp_path / "public" / path / "index.html"
        target.parent.mkdir(parents=True)
        target.write_text((root / "www.copier.example" / f"{path}.html").read_text("utf-8"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["check", *args])


LINE = re.compile(
    r"^(?P<source>\S+):(?P<line>\d+):(?P<col>\d+): (?P<rule>ATR\d{3}) \[(\w+)\] (.*)$"
)


def text_findings(result: Result) -> dict[tuple[str, str], str]:
    """(source, rule) -> message of ATR007-ATR009 lines in text output."""
    out = {}
    for line in result.stdout.splitlines():
        m = LINE.match(line)
        if m and m["rule"] in ("ATR007", "ATR008", "ATR009"):
            assert int(m["line"]) >= 1 and int(m["col"]) >= 1
            out[(m["source"], m["rule"])] = m.group(6)
    return out


# --- --db: stored match results --------------------------------------------------------------


def test_db_reports_stored_matches_in_text(store: Path, tmp_path: Path) -> None:
    result = run("--db", str(store))
    assert result.exit_code == 1, result.output
    found = text_findings(result)
    assert set(found) == {
        (f"{COPIER}/wrong", "ATR007"),
        (f"{COPIER}/uncredited", "ATR008"),
        (f"{COPIER}/nd-edited", "ATR009"),
    }
    wrong = found[(f"{COPIER}/wrong", "ATR007")]
    assert ORIGINAL in wrong and OTHER_ORIGINAL in wrong  # credited, and what it does copy
    uncredited = found[(f"{COPIER}/uncredited", "ATR008")]
    assert ORIGINAL in uncredited
    assert "confidence 0.65" in uncredited  # the direction's confidence: two days earlier
    assert "published it 2 days earlier" in uncredited
    edited = found[(f"{COPIER}/nd-edited", "ATR009")]
    assert "CC BY-ND 4.0" in edited and "paragraph(s) removed" in edited


def test_db_with_workers_reports_the_same_stored_matches(store: Path) -> None:
    one = run("--db", str(store))
    two = run("--db", str(store), "--jobs", "2")
    assert two.exit_code == one.exit_code == 1, two.output
    assert two.stdout == one.stdout
    assert {rule for _, rule in text_findings(two)} == {"ATR007", "ATR008", "ATR009"}
    # The store's results are looked up by URL in the checking process: nothing is ignored.
    assert "ignored" not in two.stderr


def test_db_located_and_sarif_valid(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.sarif"
    result = run("--db", str(store), "--format", "sarif", "-o", str(out))
    assert result.exit_code == 1, result.output
    log = json.loads(out.read_text("utf-8"))
    validate_sarif(log)
    matched = ("ATR007", "ATR008", "ATR009")
    results = [r for r in log["runs"][0]["results"] if r["ruleId"] in matched]
    by_rule = {r["ruleId"]: r for r in results}
    assert set(by_rule) == {"ATR007", "ATR008", "ATR009"} and len(results) == 3
    assert by_rule["ATR009"]["level"] == "warning"
    assert by_rule["ATR007"]["level"] == by_rule["ATR008"]["level"] == "error"
    for r in results:
        region = r["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] > 1  # in the page, not its first line
    uri = by_rule["ATR008"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == f"{COPIER}/uncredited"
    # ATR007 points at the credit notice that names the wrong article.
    db_line = by_rule["ATR007"]["locations"][0]["physicalLocation"]["region"]["startLine"]
    html = (PAGES / "wrong_article.html").read_text("utf-8").splitlines()
    assert "originally published by" in html[db_line - 1]


def test_match_rules_follow_the_policy(store: Path) -> None:
    result = run("--db", str(store), "--ignore", "ATR007", "--ignore", "uncredited-copy")
    found = text_findings(result)
    assert set(found) == {(f"{COPIER}/nd-edited", "ATR009")}
    result = run("--db", str(store), "--select", "ATR009")
    assert result.exit_code == 0  # a warning does not fail at --fail-on error
    assert set(text_findings(result)) == {(f"{COPIER}/nd-edited", "ATR009")}


# --- --originals DB: saved pages compared with the store's originals ---------------------------


def test_originals_store_compares_saved_pages(store: Path, saved: Path) -> None:
    result = run("public", "--base-url", f"{COPIER}/", "--originals", str(store))
    assert result.exit_code == 1, result.output
    found = text_findings(result)
    assert set(found) == {
        ("public/wrong/index.html", "ATR007"),
        ("public/uncredited/index.html", "ATR008"),
        ("public/nd-edited/index.html", "ATR009"),
    }
    assert OTHER_ORIGINAL in found[("public/wrong/index.html", "ATR007")]
    assert "confidence 0.65" in found[("public/uncredited/index.html", "ATR008")]


def test_originals_store_with_workers_finds_the_same(store: Path, saved: Path) -> None:
    # Each worker opens the originals store itself: the same findings, in the same order.
    argv = ["public", "--base-url", f"{COPIER}/", "--originals", str(store)]
    one, two = run(*argv), run(*argv, "--jobs", "2")
    assert two.exit_code == one.exit_code == 1, two.output
    assert two.stdout == one.stdout
    assert {rule for _, rule in text_findings(two)} == {"ATR007", "ATR008", "ATR009"}
    assert "ignored" not in two.stderr
    # With a page time limit the pages run in a worker too, with the same answer.
    timed = run(*argv, "--page-timeout", "30")
    assert timed.stdout == one.stdout and "ignored" not in timed.stderr


def test_originals_store_in_sarif(store: Path, saved: Path) -> None:
    argv = ["public", "--base-url", f"{COPIER}/", "--originals", str(store)]
    result = run(*argv, "--format", "sarif", "-o", "out.sarif")
    assert result.exit_code == 1, result.output
    log = json.loads((saved / "out.sarif").read_text("utf-8"))
    validate_sarif(log)
    rules = {
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"])
        for r in log["runs"][0]["results"]
        if r["ruleId"] in ("ATR007", "ATR008", "ATR009")
    }
    assert rules == {
        ("public/wrong/index.html", "ATR007"),
        ("public/uncredited/index.html", "ATR008"),
        ("public/nd-edited/index.html", "ATR009"),
    }


def test_originals_store_missing_is_a_usage_error(saved: Path) -> None:
    result = run("public", "--originals", "nowhere.db")
    assert result.exit_code == 2
    assert "no such crawl store" in result.stderr


# --- --fetch-originals: the credited originals fetched from the loopback server -----------------


def test_fetch_originals_compares_with_the_fetched_original(
    web: tuple[Path, SiteServer], saved: Path
) -> None:
    _root, server = web
    loop = f"http://127.0.0.1:{server.port}"
    for page in (saved / "public").rglob("index.html"):
        html = page.read_text("utf-8").replace("https://www.original.example", loop)
        page.write_text(html, "utf-8")
    argv = ["public", "--base-url", f"{COPIER}/", "--fetch-originals", "--allow-private"]
    result = run(*argv)
    assert result.exit_code == 1, result.output
    found = text_findings(result)
    # Without a store there is no index: no uncredited copies, no "it copies X instead".
    assert set(found) == {
        ("public/wrong/index.html", "ATR007"),
        ("public/nd-edited/index.html", "ATR009"),
    }
    assert f"{loop}/news/reef-story" in found[("public/wrong/index.html", "ATR007")]
    result = run(*argv, "--format", "sarif", "-o", "out.sarif")
    log = json.loads((saved / "out.sarif").read_text("utf-8"))
    validate_sarif(log)
    assert sorted(
        r["ruleId"] for r in log["runs"][0]["results"] if r["ruleId"] in ("ATR007", "ATR009")
    ) == ["ATR007", "ATR009"]
    # Fetching stays in this process, under one set of per-host limits, and says so.
    two = run(*argv, "--jobs", "2")
    assert two.exit_code == 1 and text_findings(two) == found
    assert "--fetch-originals compares in this process: --jobs and --page-timeout ignored" in (
        two.stderr
    )


def test_fetch_originals_refuses_private_addresses_by_default(
    web: tuple[Path, SiteServer], saved: Path
) -> None:
    _root, server = web
    page = saved / "public" / "wrong" / "index.html"
    html = page.read_text("utf-8").replace(
        "https://www.original.example", f"http://127.0.0.1:{server.port}"
    )
    page.write_text(html, "utf-8")
    result = run("public/wrong/index.html", "--base-url", f"{COPIER}/", "--fetch-originals")
    # The original cannot be fetched: warned about, no text finding, the page still checked.
    assert not text_findings(result)
    assert "cannot fetch the credited original" in result.stderr
