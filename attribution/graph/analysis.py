"""Figures researchers read off an outlet graph: who is copied, who copies, how faithfully,
which outlets group together, which matter most, and which only ever republish."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import numpy as np

from attribution.graph.outlets import REPUBLISHES, SAME_OPERATOR
from attribution.models import GraphAnalysis

__all__ = ["COMMUNITY_SEED", "FARM_MIN_COPIES", "analyse", "republishing_digraph"]

#: Louvain is randomised; a fixed seed makes the communities the same on every run.
COMMUNITY_SEED = 42
TOP = 20
#: A content farm has republished at least this many pages: one copy on an outlet with one
#: crawled article says nothing about what the outlet does.
FARM_MIN_COPIES = 2


def republishing_digraph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """The republishing edges only, as a simple weighted digraph (weight = articles)."""
    out = nx.DiGraph()
    out.add_nodes_from(sorted(graph.nodes))
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1])):
        if data.get("kind") == REPUBLISHES:
            out.add_edge(u, v, weight=data.get("weight", 1))
    return out


def pagerank_numpy(
    graph: nx.DiGraph, *, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200
) -> dict[str, float]:
    """Weighted PageRank by power iteration in numpy, as ``nx.pagerank`` computes it.

    networkx's own implementation needs SciPy, a dependency of 30 MB for one figure; numpy is
    already ours. Dangling nodes (outlets that republish nobody) spread their rank evenly.
    """
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    src = np.fromiter((index[u] for u, _v in graph.edges()), dtype=np.int64)
    dst = np.fromiter((index[v] for _u, v in graph.edges()), dtype=np.int64)
    weight = np.fromiter(
        (float(d.get("weight", 1.0)) for _u, _v, d in graph.edges(data=True)), dtype=np.float64
    )
    out_weight = np.bincount(src, weights=weight, minlength=n)
    dangling = out_weight == 0
    share = weight / np.where(out_weight[src] == 0, 1.0, out_weight[src])
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = np.bincount(dst, weights=rank[src] * share, minlength=n)
        new = alpha * (spread + rank[dangling].sum() / n) + (1.0 - alpha) / n
        done = np.abs(new - rank).sum() < n * tol
        rank = new
        if done:
            break
    return {node: float(rank[i]) for i, node in enumerate(nodes)}


def analyse(outlet_graph: nx.MultiDiGraph, *, top: int = TOP) -> GraphAnalysis:
    """Rankings, compliance, communities, centrality, content farms and operator clusters of
    an outlet graph built by ``build_outlet_graph`` (a pure function of the graph)."""
    g = outlet_graph
    nodes = g.nodes
    rep = republishing_digraph(g)

    def name(d: str) -> str:
        return str(nodes[d].get("name") or d)

    received: dict[str, int] = defaultdict(int)
    compliant_received: dict[str, int] = defaultdict(int)
    for _u, v, data in rep.edges(data=True):
        received[v] += data["weight"]
    for _u, v, data in g.edges(data=True):
        if data.get("kind") == REPUBLISHES:
            compliant_received[v] += int(data.get("compliant", 0))
    top_publishers = sorted(received, key=lambda d: (-received[d], d))[:top]
    republishers = [d for d in rep if rep.out_degree(d)]
    top_republishers = sorted(
        republishers, key=lambda d: (-int(nodes[d].get("articles_republished", 0)), d)
    )[:top]

    communities: list[tuple[str, ...]] = []
    if rep.number_of_edges():
        undirected = rep.to_undirected()
        undirected.remove_nodes_from([n for n in list(undirected) if undirected.degree(n) == 0])
        found = nx.community.louvain_communities(undirected, weight="weight", seed=COMMUNITY_SEED)
        communities = sorted(
            (tuple(sorted(c)) for c in found if len(c) > 1), key=lambda c: (-len(c), c)
        )

    centrality: dict[str, dict[str, float]] = {}
    if rep.number_of_edges():
        # PageRank along republishing edges: importance as a source of republished articles.
        pagerank = pagerank_numpy(rep)
        for d in sorted(rep):
            if rep.degree(d):
                centrality[d] = {
                    "pagerank": round(pagerank[d], 6),
                    "in_degree": rep.in_degree(d),
                    "out_degree": rep.out_degree(d),
                }

    farms = sorted(
        d
        for d, a in nodes(data=True)
        if a.get("copy_pages", 0) >= FARM_MIN_COPIES
        and a.get("copies_received", 0) == 0
        and not a.get("registry_id")
        and a.get("article_pages", 0) <= a.get("copy_pages", 0)
    )

    clusters: dict[str, dict[str, Any]] = {}
    for u, v, data in g.edges(data=True):
        if data.get("kind") == SAME_OPERATOR:
            c = clusters.setdefault(
                data["operator"],
                {"id": data["operator"], "domains": set(), "shared_ids": set(), "reason": ""},
            )
            c["domains"] |= {u, v}
            c["shared_ids"] |= set(str(data.get("shared", "")).split())
            c["reason"] = data.get("reason", "")
    return GraphAnalysis(
        top_publishers=tuple(
            {
                "domain": d,
                "name": name(d),
                "copies": received[d],
                "republishers": rep.in_degree(d),
                "compliance": round(compliant_received[d] / received[d], 6),
            }
            for d in top_publishers
        ),
        top_republishers=tuple(
            {
                "domain": d,
                "name": name(d),
                "articles": int(nodes[d].get("articles_republished", 0)),
                "publishers": rep.out_degree(d),
                "compliance": float(nodes[d].get("compliance", -1.0)),
            }
            for d in top_republishers
        ),
        compliance_by_outlet={
            d: float(nodes[d]["compliance"])
            for d in sorted(republishers)
            if float(nodes[d].get("compliance", -1.0)) >= 0
        },
        compliance_by_publisher={
            d: round(compliant_received[d] / received[d], 6) for d in sorted(received)
        },
        communities=tuple(communities),
        centrality=centrality,
        content_farms=tuple(farms),
        clusters=tuple(
            {
                "id": c["id"],
                "domains": sorted(c["domains"]),
                "shared_ids": sorted(c["shared_ids"]),
                "reason": c["reason"],
            }
            for c in sorted(clusters.values(), key=lambda c: min(c["domains"]))
        ),
    )
