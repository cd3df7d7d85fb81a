"""Graph exports: every format read back by networkx (or json/csv), GraphML validated against
the GraphML 1.0 schema, deterministic bytes, awkward strings, the streaming article writer."""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from lxml import etree

from attribution.graph import build_article_graph, build_outlet_graph, iter_article_records
from attribution.graph.articles import article_graph_from
from attribution.graph.export import (
    export_graph,
    export_graphml_streamed,
    nmtoken,
    nodes_csv_path,
    write_article_graphml,
    write_graphml,
)
from attribution.store import Store
from tests.graph_store import build_small_web

XSD = Path(__file__).parent / "data" / "graphml.xsd"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_small_web(tmp_path_factory.mktemp("export") / "g.db")


@pytest.fixture(scope="module")
def graphs(db: Path) -> dict[str, nx.MultiDiGraph]:
    with Store(db, readonly=True) as store:
        return {
            "outlet": build_outlet_graph(store),
            "article": build_article_graph(store, authors=True),
        }


def _same(expected: dict[str, Any], found: dict[str, Any]) -> None:
    for name, value in expected.items():
        assert name in found, name
        if isinstance(value, float) or name == "weight":
            assert math.isclose(float(found[name]), float(value)), name
        else:
            assert found[name] == value, name
            assert type(found[name]) is type(value), name


def _edges(graph: nx.MultiDiGraph, node: dict[Any, Any]) -> Counter[tuple[Any, Any, str]]:
    return Counter((node[u], node[v], d["kind"]) for u, v, d in graph.edges(data=True))


def _check(original: nx.MultiDiGraph, read: nx.MultiDiGraph, ids: dict[Any, Any]) -> None:
    """``read`` holds the nodes, edges and attributes of ``original``; ``ids`` maps its node
    ids to the original's."""
    assert sorted(ids[n] for n in read) == sorted(original)
    for n, attrs in read.nodes(data=True):
        _same(original.nodes[ids[n]], attrs)
    assert _edges(read, ids) == _edges(original, {n: n for n in original})
    for u, v, attrs in read.edges(data=True):
        [expected] = [d for d in original[ids[u]][ids[v]].values() if d["kind"] == attrs["kind"]]
        _same(expected, attrs)


@pytest.mark.parametrize("level", ["outlet", "article"])
def test_graphml_reads_back_with_every_attribute_and_type(
    graphs: dict[str, nx.MultiDiGraph], level: str, tmp_path: Path
) -> None:
    graph = graphs[level]
    export_graph(graph, tmp_path / "g.graphml", fmt="graphml")
    read = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    # Node ids are NMTOKENs: URLs are escaped, domains stay as they are.
    ids = {nmtoken(str(n)): n for n in graph}
    _check(graph, read, ids)
    assert read.graph["edge_direction"] == graph.graph["edge_direction"]
    if level == "outlet":
        assert set(read) == set(graph)


@pytest.mark.parametrize("level", ["outlet", "article"])
def test_gexf_reads_back(graphs: dict[str, nx.MultiDiGraph], level: str, tmp_path: Path) -> None:
    graph = graphs[level]
    export_graph(graph, tmp_path / "g.gexf", fmt="gexf")
    read = nx.read_gexf(tmp_path / "g.gexf")
    read = read if read.is_multigraph() else nx.MultiDiGraph(read)
    _check(graph, read, {n: n for n in read})
    assert "lastmodifieddate" not in (tmp_path / "g.gexf").read_text()


@pytest.mark.parametrize("level", ["outlet", "article"])
def test_json_and_cytoscape_read_back(
    graphs: dict[str, nx.MultiDiGraph], level: str, tmp_path: Path
) -> None:
    graph = graphs[level]
    export_graph(graph, tmp_path / "g.json", fmt="json")
    export_graph(graph, tmp_path / "g.cyjs", fmt="cytoscape")
    node_link = nx.node_link_graph(json.loads((tmp_path / "g.json").read_text()))
    cyto = nx.cytoscape_graph(json.loads((tmp_path / "g.cyjs").read_text()))
    for read in (node_link, cyto):
        assert read.is_directed() and read.is_multigraph()
        _check(graph, read, {n: n for n in read})


@pytest.mark.parametrize("level", ["outlet", "article"])
def test_csv_tables_hold_every_node_and_edge(
    graphs: dict[str, nx.MultiDiGraph], level: str, tmp_path: Path
) -> None:
    graph = graphs[level]
    export_graph(graph, tmp_path / "g.csv", fmt="csv")
    nodes_text = nodes_csv_path(tmp_path / "g.csv").read_text(encoding="utf-8")
    nodes = list(csv.DictReader(io.StringIO(nodes_text)))
    edges = list(csv.DictReader(io.StringIO((tmp_path / "g.csv").read_text(encoding="utf-8"))))
    assert sorted(r["Id"] for r in nodes) == sorted(graph)
    for row in nodes:
        attrs = graph.nodes[row["Id"]]
        assert row["Label"] == attrs["label"]
        for name, value in attrs.items():
            if name != "label":
                expected = str(value).lower() if isinstance(value, bool) else str(value)
                assert row[name] == expected, name
    assert Counter((r["Source"], r["Target"], r["kind"]) for r in edges) == Counter(
        (u, v, d["kind"]) for u, v, d in graph.edges(data=True)
    )
    assert {r["Type"] for r in edges} == {"Directed"}
    for row in edges:
        [expected] = [
            d for d in graph[row["Source"]][row["Target"]].values() if d["kind"] == row["kind"]
        ]
        assert float(row["Weight"]) == float(expected["weight"])


def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.mark.parametrize("level", ["outlet", "article"])
def test_graphml_is_valid_against_the_graphml_schema(
    graphs: dict[str, nx.MultiDiGraph], level: str, tmp_path: Path
) -> None:
    export_graph(graphs[level], tmp_path / "g.graphml", fmt="graphml")
    schema = _schema()
    assert schema.validate(etree.parse(str(tmp_path / "g.graphml"))), schema.error_log


@pytest.mark.parametrize(
    ("change", "old", "new"),
    [
        ("an edge to a node that is not there", 'target="b"', 'target="nowhere"'),
        ("a value of an undeclared key", '<data key="n0">', '<data key="n9">'),
        ("a key without a type", ' attr.type="string"', ""),
        ("a type GraphML does not know", 'attr.type="string"', 'attr.type="list"'),
        ("a graph without a direction", ' edgedefault="directed"', ""),
        ("two nodes with one id", '<node id="b">', '<node id="a">'),
        ("a node id that is not an NMTOKEN", '<node id="b">', '<node id="b/c">'),
    ],
)
def test_the_schema_check_is_strict(change: str, old: str, new: str) -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="A")
    graph.add_node("b", label="B")
    graph.add_edge("a", "b", key="x", kind="x", weight=1)
    out = io.StringIO()
    write_graphml(graph, out)
    good = out.getvalue()
    schema = _schema()
    assert schema.validate(etree.fromstring(good.encode())), schema.error_log
    assert old in good, change
    bad = good.replace(old, new, 1)
    assert not schema.validate(etree.fromstring(bad.encode())), change


def test_awkward_strings_survive_every_format(tmp_path: Path) -> None:
    nasty = 'He said "<b>&amp;</b>"\n\ttabs, émigré, 中文, 🙂 and a bell\x07'
    graph = nx.MultiDiGraph(edge_direction="a -> b")
    graph.add_node("https://x.example/a?b=1&c=2#frag", label=nasty, n=2**40, f=0.1, t=True)
    graph.add_node("plain.example", label="plain", n=1, f=-1.0, t=False)
    graph.add_edge(
        "https://x.example/a?b=1&c=2#frag", "plain.example", key="k", kind="k", weight=3, s=nasty
    )
    clean = nasty.replace("\x07", "")  # not allowed in XML 1.0: dropped
    export_graph(graph, tmp_path / "g.graphml", fmt="graphml")
    export_graph(graph, tmp_path / "g.gexf", fmt="gexf")
    read = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    node = nmtoken("https://x.example/a?b=1&c=2#frag")
    assert read.nodes[node] == {"label": clean, "n": 2**40, "f": 0.1, "t": True}
    [(_u, _v, data)] = read.edges(data=True)
    assert data["s"] == clean and data["weight"] == 3
    assert _schema().validate(etree.parse(str(tmp_path / "g.graphml")))
    gexf = nx.read_gexf(tmp_path / "g.gexf")
    assert gexf.nodes["https://x.example/a?b=1&c=2#frag"]["label"] == clean


def test_the_streaming_article_writer_writes_the_article_graph(db: Path, tmp_path: Path) -> None:
    with Store(db, readonly=True) as store:
        with (tmp_path / "s.graphml").open("w", encoding="utf-8") as out:
            nodes, edges = write_article_graphml(iter_article_records(store), out)
        graph = article_graph_from(iter_article_records(store))
    assert (nodes, edges) == (graph.number_of_nodes(), graph.number_of_edges())
    read = nx.read_graphml(tmp_path / "s.graphml", force_multigraph=True)
    _check(graph, read, {nmtoken(str(n)): n for n in graph})
    assert _schema().validate(etree.parse(str(tmp_path / "s.graphml")))
    assert not list(tmp_path.glob("attribution-edges-*"))  # the spool file is gone


@pytest.mark.parametrize("min_rows", [0, None], ids=["second process", "one process"])
def test_the_two_level_export_writes_both_graphs(
    db: Path, tmp_path: Path, min_rows: int | None
) -> None:
    with Store(db, readonly=True) as store:
        outlets, articles = io.StringIO(), io.StringIO()
        graph, counts = export_graphml_streamed(
            store, outlets, articles, tmp_dir=tmp_path, min_rows=min_rows
        )
        expected_outlets, expected_articles = io.StringIO(), io.StringIO()
        write_graphml(build_outlet_graph(store), expected_outlets)
        assert counts == write_article_graphml(
            iter_article_records(store), expected_articles, tmp_dir=tmp_path
        )
    assert graph.number_of_nodes() > 0 and counts[1] > 0
    assert outlets.getvalue() == expected_outlets.getvalue()
    assert articles.getvalue() == expected_articles.getvalue()
    assert not list(tmp_path.glob("attribution-edges-*"))


def test_the_same_graph_gives_the_same_bytes(db: Path, tmp_path: Path) -> None:
    for fmt in ("graphml", "gexf", "json", "cytoscape", "csv"):
        outputs = []
        for n in range(2):
            with Store(db, readonly=True) as store:
                graph = build_outlet_graph(store)
            path = tmp_path / f"{n}.{fmt}"
            export_graph(graph, path, fmt=fmt)
            outputs.append(path.read_bytes())
        assert outputs[0] == outputs[1], fmt
