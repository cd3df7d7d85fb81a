"""Synthetic report dicts (schema ``attribution-report/1``) for the HTML report tests.

``make_report(n)`` builds a deterministic report of ``n`` outlets: about one in eight is an
original publisher, one in twenty both publishes and republishes, a few are plain outlets with
no copies, and republishers come in operator clusters of three to five sister sites that share
tracker ids. The figures are consistent with each other: the headline, the publisher and
republisher rows, the network edges and the article list all count the same articles.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from typing import Any

ELEMENTS = ("author", "publisher", "link", "license", "pixel")


def _rate(good: int, total: int) -> float | None:
    return round(good / total, 4) if total else None


def make_report(
    n: int = 40, *, seed: int = 7, max_articles_per_edge: int = 4, hostile: str | None = None
) -> dict[str, Any]:
    """A valid report of ``n`` outlets; ``hostile`` is planted into names, titles and evidence."""
    rng = random.Random(seed)
    domains = [f"outlet{i:04d}.example" for i in range(n)]
    kinds: dict[str, str] = {}
    for i, domain in enumerate(domains):
        if i % 8 == 0:
            kinds[domain] = "publisher"
        elif i % 20 == 3:
            kinds[domain] = "both"
        elif i % 25 == 5:
            kinds[domain] = "outlet"
        else:
            kinds[domain] = "republisher"
    publishers = [d for d in domains if kinds[d] in ("publisher", "both")]
    republishers = [d for d in domains if kinds[d] in ("republisher", "both")]
    if not publishers:
        publishers = [domains[0]]
        kinds[domains[0]] = "publisher"
        republishers = [d for d in republishers if d != domains[0]]

    def label(domain: str) -> str:
        base = domain.split(".", maxsplit=1)[0].replace("outlet", "Outlet ")
        return f"{base} {hostile}" if hostile and domain == domains[1 % n] else base

    # Operator clusters: runs of 3-5 republishers, every other run.
    clusters: list[dict[str, Any]] = []
    operator: dict[str, str] = {}
    start, run = 0, 0
    while start < len(republishers):
        members = republishers[start : start + rng.randint(3, 5)]
        if run % 2 == 0 and len(members) >= 2:
            cid = f"op{len(clusters) + 1}"
            for m in members:
                operator[m] = cid
            clusters.append(
                {
                    "id": cid,
                    "domains": members,
                    "shared": [f"G-{cid.upper()}X{rng.randint(1000, 9999)}", f"ca-pub-{cid}"],
                    "reason": "shared tracker ids",
                }
            )
        run += 1
        start += len(members)

    articles: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for rep in republishers:
        sources = rng.sample([p for p in publishers if p != rep] or publishers, k=1)
        if rng.random() < 0.4:
            extra = rng.choice(publishers)
            if extra != rep and extra not in sources:
                sources.append(extra)
        for pub in sources:
            count = rng.randint(1, max_articles_per_edge)
            counts = Counter[str]()
            for k in range(count):
                credited = rng.random() < 0.6
                verdict = rng.choice(["verified", "verified", "edited", "mismatch", None])
                missing = sorted(rng.sample(ELEMENTS, k=rng.randint(0, 3))) if credited else []
                if not credited:
                    missing = list(ELEMENTS)
                slug = f"story-{k}-{rng.randint(100, 999)}"
                title = f"Story {k} from {pub}"
                if hostile and rep == republishers[0] and k == 0:
                    title = f"{title} {hostile}"
                evidence = [f"Republished from {label(pub)}"] if credited else []
                if hostile and rep == republishers[0] and k == 0:
                    evidence.append(hostile)
                articles.append(
                    {
                        "copy_url": f"https://{rep}/{slug}",
                        "copy_domain": rep,
                        "title": title,
                        "original_url": f"https://{pub}/{slug}",
                        "original_domain": pub,
                        "publisher": pub,
                        "credited": credited,
                        "verdict": verdict,
                        "containment": round(rng.uniform(0.5, 1.0), 3) if verdict else None,
                        "missing": missing,
                        "evidence": evidence,
                        "diff": "2 paragraphs removed, 1 changed" if verdict == "edited" else None,
                    }
                )
                counts["articles"] += 1
                counts["credited" if credited else "uncredited"] += 1
                counts["edited"] += verdict == "edited"
                counts["compliant"] += credited and not missing
            edges.append(
                {
                    "source": rep,
                    "target": pub,
                    "kind": "republishes",
                    "articles": counts["articles"],
                    "credited": counts["credited"],
                    "uncredited": counts["uncredited"],
                    "edited": counts["edited"],
                    "compliance": _rate(counts["compliant"], counts["articles"]),
                }
            )
    for cluster in clusters:
        members = cluster["domains"]
        for a, b in itertools.pairwise(members):
            edges.append(
                {
                    "source": a,
                    "target": b,
                    "kind": "same_operator",
                    "articles": 0,
                    "credited": 0,
                    "uncredited": 0,
                    "edited": 0,
                    "compliance": None,
                }
            )

    by_copy: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_original: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for art in articles:
        by_copy[art["copy_domain"]].append(art)
        by_original[art["original_domain"]].append(art)

    def compliant(arts: list[dict[str, Any]]) -> int:
        return sum(1 for a in arts if a["credited"] and not a["missing"])

    def missing_counts(arts: list[dict[str, Any]]) -> dict[str, int]:
        return {e: sum(1 for a in arts if e in a["missing"]) for e in ELEMENTS}

    publisher_rows = []
    for pub in publishers:
        arts = by_original[pub]
        publisher_rows.append(
            {
                "domain": pub,
                "name": label(pub),
                "registry_id": pub.split(".")[0] if kinds[pub] == "publisher" else None,
                "copies": len(arts),
                "republishers": len({a["copy_domain"] for a in arts}),
                "compliance": _rate(compliant(arts), len(arts)),
                "missing": missing_counts(arts),
            }
        )
    publisher_rows.sort(key=lambda r: (-r["copies"], r["domain"]))
    republisher_rows = []
    for rep in republishers:
        arts = by_copy[rep]
        missing = missing_counts(arts)
        most = max(missing.items(), key=lambda kv: kv[1]) if arts else None
        republisher_rows.append(
            {
                "domain": rep,
                "name": label(rep),
                "articles": len(arts),
                "credited": sum(1 for a in arts if a["credited"]),
                "uncredited": sum(1 for a in arts if not a["credited"]),
                "edited": sum(1 for a in arts if a["verdict"] == "edited"),
                "compliance": _rate(compliant(arts), len(arts)),
                "missing": missing,
                "most_missing": most[0] if most and most[1] else None,
                "operator": operator.get(rep),
                "only_republishes": kinds[rep] == "republisher",
            }
        )
    republisher_rows.sort(key=lambda r: (-r["articles"], r["domain"]))

    nodes = []
    for domain in domains:
        copies = by_original[domain]
        own = by_copy[domain]
        nodes.append(
            {
                "id": domain,
                "label": label(domain),
                "kind": kinds[domain],
                "pages": len(own) + len(copies) + 3,
                "articles": len(own),
                "copies": len(copies),
                "compliance": _rate(compliant(own), len(own))
                if own
                else _rate(compliant(copies), len(copies)),
                "operator": operator.get(domain),
                "registry_id": domain.split(".", maxsplit=1)[0]
                if kinds[domain] == "publisher"
                else None,
            }
        )

    worst = sorted(articles, key=lambda a: (a["credited"], -len(a["missing"]), a["copy_url"]))[:20]
    credited = sum(1 for a in articles if a["credited"])
    return {
        "schema": "attribution-report/1",
        "generated_at": "2026-01-02T03:04:05Z",
        "db": "/tmp/synthetic.db",
        "headline": {
            "outlets": n,
            "pages": sum(node["pages"] for node in nodes),
            "articles": len({a["original_url"] for a in articles}),
            "copies": len(articles),
            "credited": credited,
            "uncredited": len(articles) - credited,
            "edited": sum(1 for a in articles if a["verdict"] == "edited"),
            "verified": sum(1 for a in articles if a["verdict"] == "verified"),
            "compliant": compliant(articles),
            "compliance": _rate(compliant(articles), len(articles)),
        },
        "publishers": publisher_rows,
        "republishers": republisher_rows,
        "clusters": clusters,
        "network": {"nodes": nodes, "edges": edges},
        "articles": articles,
        "worst": worst,
    }
