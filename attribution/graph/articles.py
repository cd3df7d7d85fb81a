"""The article graph: one node per article URL, an edge from each copy to the original it
copies (with the match result and the missing credits), and optionally author nodes.

A copy of a copy stays a chain (A -> B -> C); an edge that would close a loop of any length
(B -> A after A -> B, or C -> A after A -> B -> C) is left out, and a page never points to
itself. Records come by copy page id, so which edge of a loop goes is the same every time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from attribution.graph.records import iter_article_records
from attribution.models import CREDIT_ELEMENTS, ArticleRecord
from attribution.registry import Registry
from attribution.store import Store

__all__ = [
    "AUTHOR_PREFIX",
    "COPIES",
    "WROTE",
    "ArticleCollector",
    "CopyLinks",
    "article_edge_attrs",
    "article_graph_from",
    "build_article_graph",
    "reaches",
]

log = logging.getLogger(__name__)

COPIES = "copies"
WROTE = "wrote"
#: Author node ids are "author:<name>", so they never collide with an article URL.
AUTHOR_PREFIX = "author:"


def reaches(start: str, target: str, successors: Callable[[str], Iterable[str]]) -> bool:
    """True when ``target`` can be reached from ``start`` along copy -> original edges
    (``successors`` gives a node's originals): an edge target -> start would close a loop."""
    stack, seen = [start], {start}
    while stack:
        for node in successors(stack.pop()):
            if node == target:
                return True
            if node not in seen:
                seen.add(node)
                stack.append(node)
    return False


class CopyLinks:
    """The copy -> original links of the article graph so far, added in record order: which
    records make an edge. A second record of a pair adds nothing, and a link that would close
    a loop is left out (counted in ``loops``). The built article graph and the streamed
    GraphML both decide with it."""

    __slots__ = ("loops", "originals")

    def __init__(self) -> None:
        #: copy URL -> its original's URL, or a tuple of them when it links to several.
        self.originals: dict[str, str | tuple[str, ...]] = {}
        self.loops = 0

    def of(self, url: str) -> tuple[str, ...]:
        """The originals ``url`` links to so far."""
        o = self.originals.get(url)
        return () if o is None else (o,) if isinstance(o, str) else o

    def keep(self, src: str, dst: str) -> bool:
        """Add the link src -> dst and return True, or False when it adds no edge."""
        if src == dst:
            self.loops += 1
            return False
        originals = self.originals
        o = originals.get(src)
        if o is not None and (o == dst or (type(o) is tuple and dst in o)):
            return False
        # Only an original that is a copy itself can lead back to this copy.
        if dst in originals and reaches(dst, src, self.of):
            self.loops += 1
            return False
        originals[src] = dst if o is None else (o, dst) if type(o) is str else (*o, dst)
        return True


def article_edge_attrs(r: ArticleRecord) -> dict[str, Any]:
    """The attributes of one copy -> original edge, flattened to GraphML scalars."""
    attrs: dict[str, Any] = {
        "kind": COPIES,
        "credited": r.credited,
        "compliant": r.compliant,
        "verdict": r.verdict or "",
        "containment": round(r.containment, 6) if r.containment is not None else -1.0,
        "missing": " ".join(r.missing),
    }
    for element in CREDIT_ELEMENTS:
        attrs[f"missing_{element}"] = element in r.missing
    attrs["evidence"] = " | ".join(r.evidence)
    attrs["diff"] = r.diff or ""
    attrs["seen"] = r.seen
    attrs["weight"] = 1
    return attrs


def copy_node_attrs(r: ArticleRecord) -> dict[str, Any]:
    """Attributes of a copy's node."""
    return {
        "label": r.title or r.copy_url,
        "url": r.copy_url,
        "domain": r.copy_domain,
        "title": r.title or "",
        "page_id": r.copy_page_id,
        "publisher_id": "",
        "publisher": "",
    }


def original_node_attrs(r: ArticleRecord) -> dict[str, Any]:
    """Attributes of an original's node (as far as the copy's record tells)."""
    url = r.original_url or ""
    return {
        "label": url,
        "url": url,
        "domain": r.original_domain or "",
        "title": "",
        "page_id": r.original_page_id if r.original_page_id is not None else -1,
        "publisher_id": r.publisher_id or "",
        "publisher": r.publisher or "",
    }


def build_article_graph(
    store: Store,
    *,
    publisher: str | None = None,
    since: str | None = None,
    authors: bool = False,
    registry: Registry | None = None,
) -> nx.MultiDiGraph:
    """The article graph of a store; ``authors`` adds author nodes with ``wrote`` edges."""
    records = iter_article_records(store, publisher=publisher, since=since, registry=registry)
    graph = article_graph_from(records)
    if authors:
        add_authors(graph, store.iter_page_authors())
    return graph


class ArticleCollector:
    """Turns article records into article-graph edges one at a time, keeping only the node
    attributes (so a streaming writer can emit edges as they come and the nodes at the end)."""

    def __init__(self) -> None:
        self.nodes: dict[str, dict[str, Any]] = {}
        self.roles: dict[str, int] = {}
        self._links = CopyLinks()

    @property
    def loops(self) -> int:
        """Copy links left out because they would close a loop."""
        return self._links.loops

    def add(self, r: ArticleRecord) -> tuple[str, str, dict[str, Any]] | None:
        """The (copy URL, original URL, attributes) edge of a record, or None when it is left
        out (no original, an edge that would close a loop, a second record of the same pair)."""
        if not r.original_url:
            return None
        src, dst = r.copy_url, r.original_url
        if not self._links.keep(src, dst):
            return None
        nodes = self.nodes
        prev = nodes.get(src)
        if prev is None:
            nodes[src] = copy_node_attrs(r)
        elif not prev["title"] and r.title:
            # Seen as an original first: the copy's own record knows its title.
            prev.update(label=r.title, title=r.title, page_id=r.copy_page_id)
        if dst not in nodes:
            nodes[dst] = original_node_attrs(r)
        elif not nodes[dst]["publisher_id"] and r.publisher_id:
            nodes[dst].update(publisher_id=r.publisher_id, publisher=r.publisher or "")
        self.roles[src] = self.roles.get(src, 0) | 1
        self.roles[dst] = self.roles.get(dst, 0) | 2
        return src, dst, article_edge_attrs(r)

    def node_items(self) -> list[tuple[str, dict[str, Any]]]:
        """(URL, attributes) of every node seen, sorted, with its kind (copy, original, both)."""
        kinds = {1: "copy", 2: "original", 3: "both"}
        return [
            (url, {"kind": kinds[self.roles[url]], **self.nodes[url]}) for url in sorted(self.nodes)
        ]


def article_graph_from(records: Iterable[ArticleRecord]) -> nx.MultiDiGraph:
    """Build the article graph from article records (consumed once)."""
    collector = ArticleCollector()
    edges = [e for e in map(collector.add, records) if e is not None]
    if collector.loops:
        log.info("article graph: %d copy links that would close a loop left out", collector.loops)
    graph = nx.MultiDiGraph(edge_direction="copy -> original")
    graph.add_nodes_from(collector.node_items())
    edges.sort(key=lambda e: (e[0], e[1]))
    graph.add_edges_from((src, dst, COPIES, attrs) for src, dst, attrs in edges)
    return graph


def add_authors(
    graph: nx.MultiDiGraph, rows: Iterable[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> None:
    """Add ``author:<name>`` nodes and author -> article ``wrote`` edges for the articles in
    the graph: a page's own byline, and for an original, the authors its copies credit."""
    wrote: set[tuple[str, str]] = set()
    for url, own, credited_authors in rows:
        if url in graph:
            wrote.update((a, url) for a in own)
            for _src, dst in graph.out_edges(url):
                wrote.update((a, dst) for a in credited_authors)
    for name, url in sorted(wrote):
        node = AUTHOR_PREFIX + name
        if node not in graph:
            graph.add_node(node, label=name, kind="author", name=name)
        if not graph.has_edge(node, url, key=WROTE):
            graph.add_edge(node, url, key=WROTE, kind=WROTE, weight=1)
