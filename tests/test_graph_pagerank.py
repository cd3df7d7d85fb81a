"""PageRank without SciPy: the numpy power iteration agrees with networkx's reference."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from attribution.graph.analysis import pagerank_numpy


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pagerank_numpy_matches_networkx(seed: int) -> None:
    pytest.importorskip("scipy", reason="networkx's reference PageRank needs SciPy")
    rng = random.Random(seed)
    graph = nx.DiGraph()
    for _ in range(400):
        graph.add_edge(rng.randrange(80), rng.randrange(80), weight=rng.randint(1, 9))
    graph.add_node("isolated")
    expected = nx.pagerank(graph, weight="weight", tol=1e-12)
    found = pagerank_numpy(graph)
    assert found.keys() == expected.keys()
    assert sum(found.values()) == pytest.approx(1.0)
    for node, value in expected.items():
        assert found[node] == pytest.approx(value, abs=1e-8)


def test_pagerank_numpy_ranks_the_most_copied_first() -> None:
    graph = nx.DiGraph()
    for copier in ("a", "b", "c", "d"):
        graph.add_edge(copier, "publisher", weight=3)
    graph.add_edge("a", "small", weight=1)
    rank = pagerank_numpy(graph)
    assert max(rank, key=rank.__getitem__) == "publisher"
    assert rank["small"] > rank["b"]
    assert pagerank_numpy(nx.DiGraph()) == {}
