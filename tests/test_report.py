"""`attribution demo` and `attribution report`, end to end: the real CLI, a real loopback crawl
of the bundled sample web, a real SQLite store, and every report format read back."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import networkx as nx
import pytest
from typer.testing import CliRunner

from attribution.cli import app
from attribution.registry import load_registry
from attribution.report import ReportOptions, build_report
from attribution.report.markdown import render_markdown
from attribution.report.text import render_text
from attribution.store import Store

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "attribution/report/schema.json").read_text())
ANSI = re.compile(r"\x1b\[")
BOX = re.compile(r"[─━│┃┌┐└┘├┤┬┴┼╭╮╯╰]")

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Run the README's main command once: serve, crawl, match, graph, report."""
    out = tmp_path_factory.mktemp("demo")
    result = runner.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output + str(result.exception)
    return out, result.stdout


def _json_report(db: Path, *extra: str) -> dict[str, Any]:
    result = runner.invoke(app, ["report", "--db", str(db), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_demo_writes_store_graphml_and_html(demo: tuple[Path, str]) -> None:
    out, stdout = demo
    db, graphml, html = out / "attribution.db", out / "network.graphml", out / "report.html"
    assert db.is_file() and graphml.is_file() and html.is_file()
    assert not list(out.glob(".attribution.db.building*")), "the temporary store is left behind"
    with Store(db, readonly=True) as store:
        assert store.counts()["pages"] > 50
    graph = nx.read_graphml(graphml)
    report = _json_report(db)
    assert graph.number_of_nodes() == len(report["network"]["nodes"])
    assert html.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    # The text report is what the demo prints.
    assert "Republishing report" in stdout
    assert "Original publishers" in stdout
    assert "theconversation.com" in stdout


def test_demo_sample_web_is_rich_enough(demo: tuple[Path, str]) -> None:
    report = _json_report(demo[0] / "attribution.db")
    h = report["headline"]
    assert len(report["publishers"]) >= 3, "several original publishers"
    assert h["credited"] > 0 and h["uncredited"] > 0, "credited and uncredited copies"
    assert h["compliant"] > 0 and h["compliant"] < h["copies"], "compliant and non-compliant"
    assert any(c for c in report["clusters"] if len(c["domains"]) >= 2)


def test_json_report_validates_and_adds_up(demo: tuple[Path, str]) -> None:
    db = demo[0] / "attribution.db"
    report = _json_report(db)
    jsonschema.validate(report, SCHEMA)
    h = report["headline"]
    assert h["credited"] + h["uncredited"] == h["copies"] == report["articles_total"]
    assert sum(p["copies"] for p in report["publishers"]) == h["copies"]
    assert sum(r["articles"] for r in report["republishers"]) == h["copies"]
    assert sum(r["compliant"] for r in [h]) <= h["credited"]
    missing = Counter[str]()
    for article in report["articles"]:
        missing.update(article["missing"])
        assert article["credited"] or article["verdict"] is not None, article
    assert dict(missing) == {k: v for k, v in h["missing"].items() if v}
    # One node per outlet the store holds pages of, and none twice.
    ids = [n["id"] for n in report["network"]["nodes"]]
    assert len(ids) == len(set(ids))
    with sqlite3.connect(db) as con:
        domains = {d for (d,) in con.execute("SELECT DISTINCT domain FROM pages") if d}
    assert domains <= set(ids)
    # Ranked: republishers by volume, worst cases first.
    volumes = [r["articles"] for r in report["republishers"]]
    assert volumes == sorted(volumes, reverse=True)
    if h["uncredited"]:
        assert report["worst"][0]["credited"] is False


def test_a_publisher_with_several_domains_is_one_row(demo: tuple[Path, str]) -> None:
    # The sample web holds KFF Health News originals on khn.org and on kffhealthnews.org.
    report = _json_report(demo[0] / "attribution.db")
    kff = [p for p in report["publishers"] if p["registry_id"] == "kffhealthnews"]
    assert len(kff) == 1
    assert set(kff[0]["domains"]) == {"khn.org", "kffhealthnews.org"}
    assert kff[0]["domain"] == kff[0]["domains"][0]
    by_id = Counter(p["registry_id"] for p in report["publishers"] if p["registry_id"])
    assert max(by_id.values()) == 1
    text = render_text(report, terminal=False)
    assert len(re.findall(r"^KFF Health News ", text, re.M)) == 1


def test_sister_sites_form_one_operator_cluster(demo: tuple[Path, str]) -> None:
    report = _json_report(demo[0] / "attribution.db")
    family = [
        c
        for c in report["clusters"]
        if any("newsdaily" in d for d in c["domains"])
        and any("mensweekly" in d for d in c["domains"])
    ]
    assert len(family) == 1, report["clusters"]
    assert "G-NDX4Q2R7LM" in family[0]["shared"] or any(
        "4417285090123456" in s for s in family[0]["shared"]
    )
    operators = {r["domain"]: r["operator"] for r in report["republishers"]}
    sisters = [d for d in family[0]["domains"] if d in operators]
    assert sisters and all(operators[d] == family[0]["id"] for d in sisters)


def test_outlet_detail_shows_each_article_with_evidence(demo: tuple[Path, str]) -> None:
    db = demo[0] / "attribution.db"
    result = runner.invoke(app, ["report", "--db", str(db), "--outlet", "www.newsdaily.example"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Narrowed to outlet newsdaily.example" in text
    assert "Copy: https://www.newsdaily.example/" in text
    assert "Written by The Conversation" in text, "the credit found is quoted as evidence"
    assert re.search(r"Problem: .*missing [a-z, ]*author", text)
    report = _json_report(db, "--outlet", "https://www.newsdaily.example/anything")
    assert report["articles"]
    for article in report["articles"]:
        assert "newsdaily.example" in (article["copy_domain"], article["original_domain"])


def test_publisher_filter_keeps_only_its_copies(demo: tuple[Path, str]) -> None:
    db = demo[0] / "attribution.db"
    full = _json_report(db)
    conversation = next(p for p in full["publishers"] if p["domain"] == "theconversation.com")
    for key in ("theconversation", "theconversation.com"):
        report = _json_report(db, "--publisher", key)
        assert report["articles"], key
        assert {a["original_domain"] for a in report["articles"]} == {"theconversation.com"}
        assert report["headline"]["copies"] == conversation["copies"]


def test_text_is_plain_when_piped_and_rich_on_a_terminal(demo: tuple[Path, str]) -> None:
    db = demo[0] / "attribution.db"
    piped = runner.invoke(app, ["report", "--db", str(db)]).stdout
    assert not ANSI.search(piped) and not BOX.search(piped)
    assert "Republishers by volume" in piped and "Worst cases" in piped
    with Store(db, readonly=True) as store:
        report = build_report(store, registry=load_registry(), options=ReportOptions())
    styled = render_text(report, terminal=True, width=160)
    assert ANSI.search(styled)
    assert "Republishers by volume" in styled


def test_markdown_tables_are_well_formed(demo: tuple[Path, str]) -> None:
    db = demo[0] / "attribution.db"
    result = runner.invoke(app, ["report", "--db", str(db), "--format", "markdown"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# Republishing report")
    tables = 0
    for i, line in enumerate(lines):
        if line.startswith("|--"):
            tables += 1
            width = lines[i - 1].count(" | ")
            j = i + 1
            while j < len(lines) and lines[j].startswith("| "):
                # Escaped pipes inside cells must not add columns.
                assert re.sub(r"\\\|", "", lines[j]).count(" | ") == width, lines[j]
                j += 1
    assert tables >= 3


def test_markdown_escapes_hostile_text() -> None:
    report = {
        "schema": "attribution-report/1",
        "db": None,
        "scope": {"outlet": None, "publisher": None},
        "headline": {
            "outlets": 2,
            "pages": 2,
            "articles": 1,
            "copies": 1,
            "credited": 1,
            "uncredited": 0,
            "edited": 0,
            "verified": 0,
            "compliant": 0,
            "compliance": 0.0,
            "missing": {"author": 1, "publisher": 0, "link": 0, "license": 0, "pixel": 0},
        },
        "publishers": [
            {
                "domain": "a.example",
                "name": "A | <b>*bold*</b>",
                "copies": 1,
                "republishers": 1,
                "compliance": 0.0,
                "most_missing": "author",
            }
        ],
        "republishers": [],
        "clusters": [],
        "network": {"nodes": [], "edges": []},
        "articles": [],
        "worst": [],
    }
    md = render_markdown(report)
    row = next(line for line in md.splitlines() if line.startswith("| A"))
    assert "\\|" in row and "\\<b\\>" in row and "\\*bold\\*" in row


def test_report_to_file_replaces_it_whole(demo: tuple[Path, str], tmp_path: Path) -> None:
    db = demo[0] / "attribution.db"
    target = tmp_path / "report.md"
    target.write_text("old content that is much longer than nothing\n" * 1000)
    result = runner.invoke(app, ["report", "--db", str(db), "-f", "markdown", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text().startswith("# Republishing report")
    assert "old content" not in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"], "no temporary file left"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "{missing}"], "no such store"),
        (["--db", "{db}", "--format", "pdf"], "unknown format"),
        (["--db", "{notastore}"], ""),
        (["--db", "{db}", "--outlet", "nowhere.example"], "no outlet"),
        (["--db", "{db}", "-o", "{missing}/x/report.html"], "does not exist"),
        (["--db", "{db}", "--worst", "-1"], "--worst"),
    ],
)
def test_report_bad_input_exits_2(
    demo: tuple[Path, str], tmp_path: Path, args: list[str], message: str
) -> None:
    notastore = tmp_path / "notes.db"
    notastore.write_text("just some text, not SQLite")
    values = {
        "db": str(demo[0] / "attribution.db"),
        "missing": str(tmp_path / "missing"),
        "notastore": str(notastore),
    }
    result = runner.invoke(app, ["report", *(a.format(**values) for a in args)])
    assert result.exit_code == 2, result.output
    assert "Error:" in result.stderr and message in result.stderr
    assert notastore.read_text() == "just some text, not SQLite", "the bad input is untouched"


def test_demo_bad_samples_folder_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--out", str(tmp_path), "--samples", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "sample web" in result.stderr


def test_article_list_is_cut_to_the_worst_in_bounded_memory(
    demo: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from attribution.report import data

    registry = load_registry()
    with Store(demo[0] / "attribution.db", readonly=True) as store:
        full = build_report(store, registry=registry, options=ReportOptions(article_limit=None))
        monkeypatch.setattr(data, "TRIM_SLACK", 0)  # cut back as often as possible
        cut = build_report(store, registry=registry, options=ReportOptions(article_limit=3))
    assert full["articles_total"] == cut["articles_total"] == len(full["articles"]) > 9
    # The limit never goes below --worst (20), and the cut keeps exactly the worst ones.
    assert [a["copy_url"] for a in cut["articles"]] == [
        a["copy_url"] for a in full["articles"][:20]
    ]
    assert len(cut["articles"]) == 20, "never fewer than --worst"
    assert cut["headline"] == full["headline"]
    assert cut["worst"] == full["worst"]


def test_report_file_is_readable_by_others(demo: tuple[Path, str], tmp_path: Path) -> None:
    import os

    target = tmp_path / "report.json"
    result = runner.invoke(
        app, ["report", "--db", str(demo[0] / "attribution.db"), "-f", "json", "-o", str(target)]
    )
    assert result.exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
