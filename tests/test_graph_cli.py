"""End to end: crawl the sample web on loopback through the real CLI, then `attribution
export` every level and format, and refuse bad arguments and foreign stores."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from attribution.cli import app
from attribution.graph import iter_article_records
from attribution.graph.export import nmtoken
from attribution.serve import SiteServer
from attribution.store import Store

SAMPLES_WEB = Path(__file__).parent.parent / "samples" / "web"
NEWSDAILY = (
    "https://www.newsdaily.example/"
    "how-china-is-betting-cheap-ai-will-get-the-world-hooked-on-its-tech"
)
CONVERSATION = (
    "https://theconversation.com/"
    "how-china-is-betting-cheap-ai-will-get-the-world-hooked-on-its-tech-276878"
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    hosts = sorted(p.name for p in SAMPLES_WEB.iterdir() if (p / "index.html").is_file())
    tmp = tmp_path_factory.mktemp("graph_cli")
    seeds = tmp / "fronts.txt"
    seeds.write_text("".join(f"https://{h}/\n" for h in hosts))
    db = tmp / "samples.db"
    with SiteServer(SAMPLES_WEB).start() as srv:
        code, output = run(
            "crawl", f"@{seeds}", "--db", str(db), "--resolve", f"*=127.0.0.1:{srv.port}",
            "--delay", "0", "--max-depth", "1", "--concurrency", "16",
        )  # fmt: skip
    # 1: a few sample links are dead on purpose; the store is complete all the same.
    assert code in (0, 1), output
    yield db


def export(db: Path, out: Path, *args: str) -> nx.MultiDiGraph:
    code, output = run("export", "--db", str(db), "-o", str(out), *args)
    assert code == 0, output
    return nx.read_graphml(out, force_multigraph=True)


def test_the_seed_sister_sites_come_out_as_one_operator(crawled: Path, tmp_path: Path) -> None:
    graph = export(crawled, tmp_path / "outlets.graphml")
    daily, weekly = graph.nodes["newsdaily.example"], graph.nodes["mensweekly.example"]
    assert daily["site_name"] == "News Daily"  # from its own pages (og:site_name)
    assert daily["operator"] and daily["operator"] == weekly["operator"]
    assert "G-NDX4Q2R7LM" in daily["tracker_ids"].split()
    [same] = [
        d
        for u, v, d in graph.edges(data=True)
        if d["kind"] == "same_operator" and {u, v} == {"newsdaily.example", "mensweekly.example"}
    ]
    assert {"G-NDX4Q2R7LM", "pub-4417285090123456"} <= set(same["shared"].split())
    assert same["weight"] >= 2


def test_a_credited_copy_of_the_conversation_is_an_outlet_edge(
    crawled: Path, tmp_path: Path
) -> None:
    graph = export(crawled, tmp_path / "outlets.graphml")
    [edge] = [
        d
        for d in graph["newsdaily.example"]["theconversation.com"].values()
        if d["kind"] == "republishes"
    ]
    # The seed case credits The Conversation in a byline only: no author, link, licence, pixel.
    assert edge["credited"] >= 1 and edge["articles"] >= edge["credited"]
    for element in ("author", "link", "license", "pixel"):
        assert edge[f"missing_{element}"] >= 1, element
    assert edge["weight"] == edge["articles"] and edge["compliance"] < 1.0
    conv = graph.nodes["theconversation.com"]
    assert conv["registry_id"] == "theconversation" and conv["label"] == "The Conversation"
    assert conv["kind"] in ("publisher", "both") and conv["copies_received"] >= 1
    assert graph.nodes["newsdaily.example"]["kind"] in ("republisher", "both")


def test_a_wire_copy_without_a_url_is_a_record_and_an_outlet_edge(
    crawled: Path, tmp_path: Path
) -> None:
    with Store(crawled, readonly=True) as store:
        found = list(iter_article_records(store))
    wire = [r for r in found if r.original_url is None]
    by_wire = {r.original_domain: r for r in wire}
    # The sample web's Reuters and AP copies credit the agency by name and dateline, no link.
    assert {"reuters.com", "apnews.com"} <= set(by_wire), sorted(map(str, by_wire))
    for r in wire:
        assert r.credited and r.verdict is None and r.original_page_id is None
    reuters = by_wire["reuters.com"]
    assert reuters.publisher_id == "reuters" and reuters.publisher == "Reuters"
    # One record per page: a wire record never doubles a copies or text-match record.
    wire_pages = {r.copy_page_id for r in wire}
    assert len(wire_pages) == len(wire)
    assert not wire_pages & {r.copy_page_id for r in found if r.original_url is not None}
    graph = export(crawled, tmp_path / "outlets.graphml")
    [edge] = [
        d for d in graph[reuters.copy_domain]["reuters.com"].values() if d["kind"] == "republishes"
    ]
    assert edge["credited"] >= 1 and edge["articles"] >= 1
    assert graph.nodes["reuters.com"]["label"] == "Reuters"
    # No URL, no article node to point to: the article level leaves the wire copy out.
    articles = export(crawled, tmp_path / "articles.graphml", "--level", "article")
    assert nmtoken(reuters.copy_url) not in articles


def test_the_article_level_links_the_copy_to_its_original(crawled: Path, tmp_path: Path) -> None:
    graph = export(crawled, tmp_path / "articles.graphml", "--level", "article")
    copy, original = nmtoken(NEWSDAILY), nmtoken(CONVERSATION)
    assert graph.nodes[copy]["url"] == NEWSDAILY and graph.nodes[original]["url"] == CONVERSATION
    [edge] = graph[copy][original].values()
    assert edge["kind"] == "copies" and edge["credited"] is True
    assert "author" in edge["missing"].split() and edge["missing_pixel"] is True
    assert graph.nodes[original]["publisher_id"] == "theconversation"


def test_publisher_and_date_filters(crawled: Path, tmp_path: Path) -> None:
    graph = export(crawled, tmp_path / "conv.graphml", "--publisher", "theconversation")
    targets = {v for _u, v, d in graph.edges(data=True) if d["kind"] == "republishes"}
    assert targets == {"theconversation.com"}
    future = export(crawled, tmp_path / "none.graphml", "--since", "2999-01-01")
    assert not [d for _u, _v, d in future.edges(data=True) if d["kind"] == "republishes"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cytoscape", "csv"])
@pytest.mark.parametrize("level", ["outlet", "article"])
def test_every_format_is_deterministic_and_leaves_the_store_alone(
    crawled: Path, tmp_path: Path, fmt: str, level: str
) -> None:
    before = hashlib.sha256(crawled.read_bytes()).hexdigest()
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"{n}.{fmt}"
        code, output = run(
            "export", "--db", str(crawled), "--format", fmt, "--level", level, "-o", str(out)
        )
        assert code == 0, output
        assert f"Exported {level} graph" in output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].strip()
    if fmt in ("json", "cytoscape"):
        json.loads(outputs[0])
    assert hashlib.sha256(crawled.read_bytes()).hexdigest() == before


def _foreign(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE notes (text TEXT)")
    db.commit()
    db.close()
    return path


def _newer(path: Path, crawled: Path) -> Path:
    path.write_bytes(crawled.read_bytes())
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    return path


@pytest.mark.parametrize(
    ("case", "args", "message"),
    [
        ("missing store", ["--db", "{tmp}/none.db"], "no such store"),
        ("unknown format", ["--format", "dot"], "unknown format 'dot'"),
        ("unknown level", ["--level", "page"], "unknown level 'page'"),
        ("bad date", ["--since", "yesterday"], "'yesterday' is not a date"),
        ("impossible date", ["--since", "2026-02-30"], "is not a date"),
        ("csv to stdout", ["--format", "csv", "-o", ""], "--format csv writes two files"),
        ("unknown publisher", ["--publisher", "nobody"], "unknown publisher 'nobody'"),
        ("foreign sqlite", ["--db", "{foreign}"], "not an attribution store"),
        ("newer schema", ["--db", "{newer}"], "newer than this attribution"),
        ("unwritable output", ["-o", "{tmp}/no/such/dir/out.graphml"], "cannot write"),
        ("authors on outlets", ["--authors"], "--authors applies to --level article"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_message(
    crawled: Path, tmp_path: Path, case: str, args: list[str], message: str
) -> None:
    subs = {
        "{tmp}": str(tmp_path),
        "{foreign}": str(_foreign(tmp_path / "other.db")) if "{foreign}" in args else "",
        "{newer}": str(_newer(tmp_path / "newer.db", crawled)) if "{newer}" in args else "",
    }
    argv = ["export", "--db", str(crawled), "-o", str(tmp_path / "out.graphml")]
    for arg in args:
        value = arg
        for key, sub in subs.items():
            value = value.replace(key, sub)
        argv.append(value)
    if case == "csv to stdout":
        argv = [a for a in argv if a not in ("-o", "", str(tmp_path / "out.graphml"))]
    code, output = run(*argv)
    assert code == 2, (case, output)
    assert message in output, (case, output)
    assert "Traceback" not in output
    assert not (tmp_path / "out.graphml").exists()
    assert not list(tmp_path.glob(".*.tmp"))
