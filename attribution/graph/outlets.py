"""The outlet graph: one node per outlet (registrable domain), an edge from each republishing
outlet to each original publisher it copies, and ``same_operator`` edges inside clusters.

The edges aggregate article records as they stream from the store: memory grows with the number
of outlet pairs, not with the number of articles.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from attribution.domains import registrable_domain
from attribution.graph.operators import domain_tracker_ids, operator_clusters
from attribution.graph.records import (
    F_COPY_DOMAIN,
    F_COPY_PAGE_ID,
    F_CREDITED,
    F_MISSING,
    F_ORIGINAL_DOMAIN,
    F_PUBLISHER,
    F_SEEN,
    F_VERDICT,
    iter_record_fields,
)
from attribution.models import CREDIT_ELEMENTS, ArticleRecord, OperatorCluster, OutletContext
from attribution.registry import Registry, load_registry
from attribution.store import Store

__all__ = [
    "REPUBLISHES",
    "SAME_OPERATOR",
    "OutletTally",
    "build_outlet_graph",
    "outlet_context",
    "outlet_graph_from",
    "site_names",
]

REPUBLISHES = "republishes"
SAME_OPERATOR = "same_operator"


@dataclass(slots=True)
class _Edge:
    articles: int = 0
    credited: int = 0
    verified: int = 0
    edited: int = 0
    mismatched: int = 0
    compliant: int = 0
    missing: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CREDIT_ELEMENTS, 0))
    first_seen: str = ""
    last_seen: str = ""


@dataclass(slots=True)
class _Outlet:
    pages: int = 0
    article_pages: int = 0
    republished: int = 0
    copy_pages: int = 0
    compliant: int = 0
    received: int = 0
    name: str = ""


#: Where OutletTally's per-pair lists keep each count.
_VERDICT_INDEX = {"verified": 2, "edited": 3, "mismatch": 4}
_MISSING_INDEX: dict[str, int] = {element: 6 + i for i, element in enumerate(CREDIT_ELEMENTS)}
_ZEROS = (0,) * (6 + len(CREDIT_ELEMENTS))
_FIRST, _LAST = len(_ZEROS), len(_ZEROS) + 1


def _ratio(n: int, d: int) -> float:
    return round(n / d, 6) if d else -1.0


def build_outlet_graph(
    store: Store,
    *,
    publisher: str | None = None,
    since: str | None = None,
    registry: Registry | None = None,
) -> nx.MultiDiGraph:
    """The outlet graph of a store (see ``docs/graph.md`` for every attribute).

    Without filters every crawled outlet is a node; with ``publisher`` or ``since`` only the
    outlets on the kept republishing edges are.
    """
    reg = registry if registry is not None else load_registry()
    tally = OutletTally()
    add = tally.add
    # Tuples, without the titles, texts and chains the outlet graph does not show.
    for f in iter_record_fields(
        store, publisher=publisher, since=since, registry=reg, details=False, chain=False
    ):
        add(f[F_COPY_PAGE_ID], f[F_COPY_DOMAIN], f[F_ORIGINAL_DOMAIN], f[F_PUBLISHER],
            f[F_CREDITED], f[F_VERDICT], f[F_MISSING], f[F_SEEN])  # fmt: skip
    context = outlet_context(store, stats=not (publisher or since))
    return tally.graph(
        stats=context.stats,
        site_names=context.site_names,
        tracker_ids=context.tracker_ids,
        clusters=context.clusters,
        registry=reg,
    )


def outlet_context(store: Store, *, stats: bool = True) -> OutletContext:
    """The per-domain figures, site names, tracker ids and operator clusters of a store
    (``stats`` False: no per-domain figures, for a graph of filtered records)."""
    ids = domain_tracker_ids(store.iter_domain_tracker_ids())
    return OutletContext(
        stats=tuple(store.iter_domain_stats()) if stats else (),
        site_names=site_names(store),
        tracker_ids=ids,
        clusters=tuple(operator_clusters(store, tracker_ids=ids)),
    )


def site_names(store: Store) -> dict[str, str]:
    """Each domain's most frequent site name (``og:site_name`` and the like) in the store."""
    names: dict[str, str] = {}
    for domain, name, _pages in store.iter_domain_site_names():
        names.setdefault(registrable_domain(domain) or domain, name)
    return names


def outlet_graph_from(
    records: Iterable[ArticleRecord],
    *,
    stats: Iterable[tuple[str, int, int]] = (),
    site_names: dict[str, str] | None = None,
    tracker_ids: dict[str, set[str]] | None = None,
    clusters: Iterable[OperatorCluster] = (),
    registry: Registry | None = None,
) -> nx.MultiDiGraph:
    """Build the outlet graph from article records (streamed: consumed once) and per-domain
    (domain, pages, article pages) figures; a pure function of its inputs."""
    tally = OutletTally()
    add = tally.add
    for r in records:
        add(r.copy_page_id, r.copy_domain, r.original_domain, r.publisher, r.credited,
            r.verdict, r.missing, r.seen)  # fmt: skip
    return tally.graph(
        stats=stats,
        site_names=site_names,
        tracker_ids=tracker_ids,
        clusters=clusters,
        registry=registry,
    )


class OutletTally:
    """The outlet graph's running figures, one record at a time (``add``), then the graph.

    Records are counted per (republisher, original) pair, a handful of operations each; the
    per-outlet figures are summed from the pairs once, at the end.
    """

    def __init__(self) -> None:
        # (republisher, original) -> [articles, credited, verified, edited, mismatched,
        # compliant, one count per missing element, first seen, last seen]: a list of numbers
        # per outlet pair, small enough to stay in the CPU's caches at a million records.
        self._edges: dict[tuple[str, str], list[Any]] = {}
        self._names: dict[str, str] = {}
        self._copy_pages: dict[str, int] = {}
        self._last_copy: dict[str, int] = {}

    def add(
        self,
        copy_page_id: int,
        src: str,
        dst: str | None,
        publisher: str | None,
        credited: bool,
        verdict: str | None,
        missing: tuple[str, ...],
        seen: str,
    ) -> None:
        """Count one record (the ``ArticleRecord`` fields of the same names)."""
        if not dst or src == dst:
            return  # no known original, or a site republishing itself
        e = self._edges.get((src, dst))
        if e is None:
            e = self._edges[(src, dst)] = [*_ZEROS, seen, seen]
        e[0] += 1
        if credited:
            e[1] += 1
            if not missing:
                e[5] += 1
        if verdict is not None and (i := _VERDICT_INDEX.get(verdict)) is not None:
            e[i] += 1
        for element in missing:
            if (i := _MISSING_INDEX.get(element)) is not None:
                e[i] += 1
        if seen < e[_FIRST]:
            e[_FIRST] = seen
        elif seen > e[_LAST]:
            e[_LAST] = seen
        if publisher and dst not in self._names:
            self._names[dst] = publisher  # the first name a copy gives the original
        if self._last_copy.get(src) != copy_page_id:
            self._copy_pages[src] = self._copy_pages.get(src, 0) + 1
            self._last_copy[src] = copy_page_id

    def _figures(self) -> tuple[dict[str, _Outlet], dict[tuple[str, str], _Edge]]:
        outlets: dict[str, _Outlet] = {}
        edges: dict[tuple[str, str], _Edge] = {}
        for (src, dst), e in self._edges.items():
            copier = outlets.get(src) or outlets.setdefault(src, _Outlet())
            original = outlets.get(dst) or outlets.setdefault(dst, _Outlet())
            n, ok = e[0], e[5]
            copier.republished += n
            copier.compliant += ok
            original.received += n
            edges[(src, dst)] = _Edge(
                articles=n,
                credited=e[1],
                verified=e[2],
                edited=e[3],
                mismatched=e[4],
                compliant=ok,
                missing={element: e[i] for element, i in _MISSING_INDEX.items()},
                first_seen=e[_FIRST],
                last_seen=e[_LAST],
            )
        for dom, name in self._names.items():
            outlets[dom].name = name
        for dom, pages in self._copy_pages.items():
            outlets[dom].copy_pages = pages
        return outlets, edges

    def graph(
        self,
        *,
        stats: Iterable[tuple[str, int, int]] = (),
        site_names: dict[str, str] | None = None,
        tracker_ids: dict[str, set[str]] | None = None,
        clusters: Iterable[OperatorCluster] = (),
        registry: Registry | None = None,
    ) -> nx.MultiDiGraph:
        """The outlet graph of the records added and the per-domain (domain, pages, article
        pages) figures."""
        reg = registry if registry is not None else load_registry()
        outlets, edges = self._figures()
        for domain, pages, article_pages in stats:
            dom = registrable_domain(domain) or domain
            o = outlets.get(dom) or outlets.setdefault(dom, _Outlet())
            o.pages += pages
            o.article_pages += article_pages
        return _outlet_graph(outlets, edges, site_names, tracker_ids, clusters, reg)


def _outlet_graph(
    outlets: dict[str, _Outlet],
    edges: dict[tuple[str, str], _Edge],
    site_names: dict[str, str] | None,
    tracker_ids: dict[str, set[str]] | None,
    clusters: Iterable[OperatorCluster],
    reg: Registry,
) -> nx.MultiDiGraph:
    operator_of: dict[str, str] = {}
    kept_clusters = []
    for c in clusters:
        members = [d for d in c.domains if d in outlets]
        if len(members) >= 2:
            kept_clusters.append((c, members))
            for d in members:
                operator_of[d] = c.id
    ids = tracker_ids or {}
    names = site_names or {}
    graph = nx.MultiDiGraph(edge_direction="republisher -> original publisher")
    for dom in sorted(outlets):
        o = outlets[dom]
        pub = reg.by_domain(dom)
        registry_id = pub.id if pub is not None and not pub.generic else ""
        name = pub.name if registry_id and pub is not None else (o.name or dom)
        kind = (
            "both"
            if o.republished and o.received
            else "republisher"
            if o.republished
            else "publisher"
            if o.received
            else "outlet"
        )
        graph.add_node(
            dom,
            label=name,
            name=name,
            domain=dom,
            kind=kind,
            pages=o.pages,
            article_pages=o.article_pages,
            articles_republished=o.republished,
            copy_pages=o.copy_pages,
            copies_received=o.received,
            compliance=_ratio(o.compliant, o.republished),
            registry_id=registry_id,
            site_name=names.get(dom, ""),
            operator=operator_of.get(dom, ""),
            tracker_ids=" ".join(sorted(ids.get(dom, ()))),
        )
    for (src, dst), e in sorted(edges.items()):
        graph.add_edge(
            src,
            dst,
            key=REPUBLISHES,
            kind=REPUBLISHES,
            articles=e.articles,
            credited=e.credited,
            uncredited=e.articles - e.credited,
            verified=e.verified,
            edited=e.edited,
            mismatched=e.mismatched,
            **{f"missing_{k}": v for k, v in e.missing.items()},
            first_seen=e.first_seen,
            last_seen=e.last_seen,
            weight=e.articles,
            compliant=e.compliant,
            compliance=_ratio(e.compliant, e.articles),
        )
    # One same_operator edge per pair of a cluster, from the alphabetically first domain.
    for c, members in kept_clusters:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if c.reason == "tracker ids":
                    shared = sorted(ids.get(a, set()) & ids.get(b, set()) & set(c.shared_ids))
                else:
                    shared = list(c.shared_ids)
                if not shared:
                    continue  # in one cluster through a third outlet only
                graph.add_edge(
                    a,
                    b,
                    key=SAME_OPERATOR,
                    kind=SAME_OPERATOR,
                    operator=c.id,
                    reason=c.reason,
                    shared=" ".join(shared),
                    weight=len(shared),
                )
    return graph
