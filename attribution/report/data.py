"""The report's figures, computed once from a store and rendered by every format.

``build_report`` reads the store through the graph module (article records streamed, the outlet
graph, the operator clusters) and returns one JSON-ready dict: the ``attribution-report/1``
schema that docs/report.md documents. Text, Markdown and HTML are views of that dict, so the
formats can never disagree about a figure.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from attribution.models import CREDIT_ELEMENTS, ArticleRecord
from attribution.registry import Registry
from attribution.store import Store, utc_now

__all__ = ["REPORT_SCHEMA", "ReportOptions", "build_report", "problem_of", "severity"]

REPORT_SCHEMA = "attribution-report/1"

#: Articles listed in full when no --outlet or --publisher narrows the report; the figures
#: always count every article.
DEFAULT_ARTICLE_LIMIT = 2000
#: Articles held beyond twice the limit before the list is sorted and cut back.
TRIM_SLACK = 1024


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the report covers."""

    outlet: str | None = None
    publisher: str | None = None
    worst: int = 20
    article_limit: int | None = DEFAULT_ARTICLE_LIMIT
    db_label: str | None = None


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _missing_counts(counter: Counter[str]) -> dict[str, int]:
    return {element: counter.get(element, 0) for element in CREDIT_ELEMENTS}


def _most_missing(counter: Counter[str]) -> str | None:
    if not counter:
        return None
    # Ties go to the element listed first in CREDIT_ELEMENTS, so the choice is stable.
    top = max(counter.values())
    return next(e for e in CREDIT_ELEMENTS if counter.get(e, 0) == top)


def compliant(record: ArticleRecord) -> bool:
    """A copy that credits its original and lacks nothing the publisher's terms require."""
    return record.credited and not record.missing


def severity(record: ArticleRecord) -> tuple[int, int, float, str]:
    """Sort key, worst first: uncredited copies, then wrong-article credits, edits of
    no-derivatives text and missing elements."""
    if not record.credited:
        rank = 0
    elif record.verdict == "mismatch":
        rank = 1
    elif record.verdict == "edited":
        rank = 2
    else:
        rank = 3
    return (rank, -len(record.missing), -(record.containment or 0.0), record.copy_url)


def _problem(record: ArticleRecord) -> bool:
    return not compliant(record) or record.verdict in ("edited", "mismatch")


def problem_of(article: dict[str, Any]) -> str:
    """One line saying what is wrong with an article (or that nothing is)."""
    parts = []
    if not article["credited"]:
        parts.append("uncredited copy")
    elif article["verdict"] == "mismatch":
        parts.append("credits another article")
    elif article["verdict"] == "edited":
        parts.append("edited")
    if article["missing"]:
        parts.append("missing " + ", ".join(article["missing"]))
    return "; ".join(parts) or "fully credited"


def _article(record: ArticleRecord) -> dict[str, Any]:
    return {
        "copy_url": record.copy_url,
        "copy_domain": record.copy_domain,
        "title": record.title,
        "original_url": record.original_url,
        "original_domain": record.original_domain,
        "publisher": record.publisher,
        "credited": record.credited,
        "verdict": record.verdict,
        "containment": None if record.containment is None else round(record.containment, 3),
        "missing": list(record.missing),
        # The same notice is often found by several detectors; quote it once.
        "evidence": list(dict.fromkeys(record.evidence)),
        "diff": record.diff,
        "seen": record.seen,
    }


@dataclass(slots=True)
class _Tally:
    """Running figures of one outlet, as a publisher or as a republisher."""

    articles: int = 0
    credited: int = 0
    uncredited: int = 0
    edited: int = 0
    verified: int = 0
    compliant: int = 0
    missing: Counter[str] = field(default_factory=Counter)
    partners: set[str] = field(default_factory=set)

    def add(self, record: ArticleRecord, partner: str | None) -> None:
        self.articles += 1
        self.credited += record.credited
        self.uncredited += not record.credited
        self.edited += record.verdict == "edited"
        self.verified += record.verdict == "verified"
        self.compliant += compliant(record)
        self.missing.update(record.missing)
        if partner:
            self.partners.add(partner)

    def figures(self) -> dict[str, Any]:
        """The figures the publisher and the republisher tables both show."""
        return {
            "credited": self.credited,
            "uncredited": self.uncredited,
            "edited": self.edited,
            "compliance": _rate(self.compliant, self.articles),
            "missing": _missing_counts(self.missing),
            "most_missing": _most_missing(self.missing),
        }


def _matches_filter(record: ArticleRecord, options: ReportOptions) -> bool:
    return not options.outlet or options.outlet in (record.copy_domain, record.original_domain)


def _node_name(graph: nx.MultiDiGraph, domain: str) -> str:
    if domain in graph:
        return str(graph.nodes[domain].get("name") or domain)
    return domain


def _scalar(value: Any) -> Any:
    # The graph stores "" and -1.0 for "none" so GraphML stays typed; JSON says null.
    if value in ("", -1.0):
        return None
    return value


def build_report(
    store: Store, *, registry: Registry, options: ReportOptions | None = None
) -> dict[str, Any]:
    """Every figure of the report as a JSON-ready dict (schema ``attribution-report/1``)."""
    from attribution.graph import (  # noqa: PLC0415 - the graph module imports networkx lazily
        analyse,
        build_outlet_graph,
        iter_article_records,
        operator_clusters,
    )

    options = options or ReportOptions()
    graph = build_outlet_graph(store, publisher=options.publisher, registry=registry)
    clusters = operator_clusters(store)
    analysis = analyse(graph).to_dict()
    content_farms = set(analysis.get("content_farms") or ())

    headline = _Tally()
    # Keyed (registry id, None) for a registry publisher, (None, domain) for any other.
    by_publisher: dict[tuple[str | None, str | None], _Tally] = defaultdict(_Tally)
    by_republisher: dict[str, _Tally] = defaultdict(_Tally)
    publisher_names: dict[tuple[str | None, str | None], str] = {}
    publisher_domains: dict[tuple[str | None, str | None], Counter[str]] = defaultdict(Counter)
    limit = None if (options.outlet or options.publisher) else options.article_limit
    if limit is not None:
        limit = max(limit, options.worst)
    # Only the articles listed are kept: the list is cut back to the worst `limit` whenever it
    # doubles, so a store of millions of copies is reported in bounded memory.
    articles: list[ArticleRecord] = []
    total = 0
    originals: set[int] = set()
    for record in iter_article_records(store, publisher=options.publisher):
        if not _matches_filter(record, options):
            continue
        headline.add(record, None)
        original = record.original_domain or "(unknown)"
        # One row a publisher: a registry publisher's copies are one, whichever of its
        # domains the originals live on (KFF Health News on khn.org and kffhealthnews.org).
        key = (record.publisher_id, None) if record.publisher_id else (None, original)
        by_publisher[key].add(record, record.copy_domain)
        publisher_domains[key][original] += 1
        if record.publisher:
            publisher_names.setdefault(key, record.publisher)
        by_republisher[record.copy_domain].add(record, record.publisher_id or original)
        total += 1
        # A wire copy may name no URL: its publisher and title then stand for the original.
        originals.add(hash(record.original_url or (record.original_domain, record.title)))
        articles.append(record)
        if limit is not None and len(articles) >= 2 * limit + TRIM_SLACK:
            articles.sort(key=severity)
            del articles[limit:]
    articles.sort(key=severity)

    nodes = _network_nodes(graph)
    if options.outlet:
        keep = {options.outlet} | set(by_republisher) | set(by_publisher)
        nodes = [n for n in nodes if n["id"] in keep]
    kept = {n["id"] for n in nodes}
    edges = [e for e in _network_edges(graph) if e["source"] in kept and e["target"] in kept]
    pages = sum(int(graph.nodes[n].get("pages", 0)) for n in kept if n in graph)

    listed = articles if limit is None else articles[:limit]
    return {
        "schema": REPORT_SCHEMA,
        "generated_at": utc_now(),
        "db": options.db_label,
        "scope": {"outlet": options.outlet, "publisher": options.publisher},
        "headline": {
            "outlets": len(nodes),
            "pages": pages,
            "articles": len(originals),
            "copies": headline.articles,
            "credited": headline.credited,
            "uncredited": headline.uncredited,
            "edited": headline.edited,
            "verified": headline.verified,
            "compliant": headline.compliant,
            "compliance": _rate(headline.compliant, headline.articles),
            "missing": _missing_counts(headline.missing),
            "unread": store.unread_pages(kept if (options.outlet or options.publisher) else None),
        },
        "publishers": sorted(
            (
                _publisher_row(
                    graph, registry, key[0], t, publisher_domains[key], publisher_names.get(key)
                )
                for key, t in by_publisher.items()
            ),
            key=lambda row: (-row["copies"], row["domain"]),
        ),
        "republishers": [
            {
                "domain": domain,
                "name": _node_name(graph, domain),
                "articles": t.articles,
                "publishers": len(t.partners),
                **t.figures(),
                "operator": _scalar(graph.nodes[domain].get("operator", ""))
                if domain in graph
                else None,
                "only_republishes": domain in content_farms,
            }
            for domain, t in sorted(
                by_republisher.items(),
                key=lambda kv: (-kv[1].articles, kv[1].compliant / kv[1].articles, kv[0]),
            )
        ],
        "clusters": [
            {
                "id": c.id,
                "domains": list(c.domains),
                "shared": list(c.shared_ids),
                "reason": c.reason,
            }
            for c in clusters
            if not options.outlet or options.outlet in c.domains
        ],
        "network": {"nodes": nodes, "edges": edges},
        "articles": [_article(r) for r in listed],
        "articles_total": total,
        "worst": [_article(r) for r in articles if _problem(r)][: options.worst],
    }


def _publisher_row(
    graph: nx.MultiDiGraph,
    registry: Registry,
    registry_id: str | None,
    tally: _Tally,
    domains: Counter[str],
    name: str | None,
) -> dict[str, Any]:
    # The domain shown is the one most of its originals live on; "domains" lists them all.
    ranked = [d for d, _ in sorted(domains.items(), key=lambda kv: (-kv[1], kv[0]))]
    domain = ranked[0]
    return {
        "domain": domain,
        "domains": ranked,
        "name": name or _node_name(graph, domain),
        "registry_id": registry_id or _registry_id(registry, domain),
        "copies": tally.articles,
        "republishers": len(tally.partners),
        **tally.figures(),
    }


def _registry_id(registry: Registry, domain: str) -> str | None:
    publisher = registry.by_domain(domain)
    return publisher.id if publisher else None


def _network_nodes(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    nodes = []
    for node, attrs in sorted(graph.nodes(data=True), key=lambda item: str(item[0])):
        nodes.append(
            {
                "id": str(node),
                "label": str(attrs.get("label") or node),
                "kind": str(attrs.get("kind") or "outlet"),
                "pages": int(attrs.get("pages", 0)),
                "articles": int(attrs.get("articles_republished", 0)),
                "copies": int(attrs.get("copies_received", 0)),
                "compliance": _scalar(attrs.get("compliance", -1.0)),
                "operator": _scalar(attrs.get("operator", "")),
                "registry_id": _scalar(attrs.get("registry_id", "")),
            }
        )
    return nodes


def _network_edges(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    edges = []
    for source, target, attrs in graph.edges(data=True):
        kind = str(attrs.get("kind", "republishes"))
        edge: dict[str, Any] = {"source": str(source), "target": str(target), "kind": kind}
        if kind == "republishes":
            edge.update(
                articles=int(attrs.get("articles", 0)),
                credited=int(attrs.get("credited", 0)),
                uncredited=int(attrs.get("uncredited", 0)),
                edited=int(attrs.get("edited", 0)),
                compliance=_scalar(attrs.get("compliance", -1.0)),
            )
        else:
            edge["shared"] = str(attrs.get("shared", ""))
        edges.append(edge)
    edges.sort(key=lambda e: (e["kind"], e["source"], e["target"]))
    return edges


def outlet_articles(report: dict[str, Any], domain: str) -> Iterable[dict[str, Any]]:
    """The listed articles copied by or from one outlet."""
    return (a for a in report["articles"] if domain in (a["copy_domain"], a["original_domain"]))
