"""Same-operator clusters: outlets that share analytics or ad accounts, or one page template.

Two sites that send their visitors to the same Google Analytics property or are paid through
the same AdSense account are run by one operator, whatever their names say. The ids come from
the extraction (``tracker_ids``: G-, UA-, GTM-, AdSense pub-, Facebook pixel).

Some ids are shared by design and would glue unrelated outlets together; they are dropped:

- an id on a republished copy that the original's own site also carries is the original
  publisher's (syndicated snippets, embeds and scraped pages carry it), not the copy site's;
  the original is the credited one, or for an uncredited copy the one text matching found;
- an id found on more than ``max_domains`` outlets is a platform's or a theme's default, not an
  operator's (a real network that large would be named by its other ids too).

Large identical page templates are the second signal (``reason`` "template"): domains whose
sampled pages share the same tag-and-class skeleton of at least ``TEMPLATE_MIN_TAGS`` tags.
A stock theme used by many sites is no signal, so a template shared by more than
``TEMPLATE_MAX_DOMAINS`` outlets is ignored.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Iterable

from attribution.domains import registrable_domain
from attribution.models import OperatorCluster
from attribution.store import Store

__all__ = [
    "MAX_SHARED_DOMAINS",
    "domain_tracker_ids",
    "normalise_tracker_id",
    "operator_clusters",
    "template_signatures",
]

#: An id on more outlets than this is treated as a platform default, not an operator's.
MAX_SHARED_DOMAINS = 50
TEMPLATE_MIN_TAGS = 150
TEMPLATE_MAX_DOMAINS = 5

_UA = re.compile(r"UA-(\d+)-\d+$", re.IGNORECASE)
_TAG = re.compile(rb"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_CLASS = re.compile(rb"""\bclass\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
#: Inside these the page's own content lives, not its template.
_CONTENT = re.compile(rb"<(article|main)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def normalise_tracker_id(value: str) -> str:
    """One key per account: ``ca-pub-1`` and ``pub-1`` are one AdSense account, ``UA-5-1`` and
    ``UA-5-2`` two properties of one Analytics account, a bare number a Facebook pixel."""
    value = value.strip()
    if value.startswith("ca-pub-"):
        return value[3:]
    m = _UA.match(value)
    if m:
        return f"UA-{m.group(1)}"
    if value.isdigit():
        return f"fb-{value}"
    return value.upper() if value[:2].upper() in ("G-", "GT") else value


def domain_tracker_ids(rows: Iterable[tuple[str, str | None, str, int]]) -> dict[str, set[str]]:
    """Each outlet's own tracker ids (normalised) from ``Store.iter_domain_tracker_ids`` rows,
    without the ids that belong to the originals its copies credit or copy."""
    on_domain: dict[str, set[str]] = defaultdict(set)
    on_copies: list[tuple[str, str, frozenset[str]]] = []
    parsed: dict[str, frozenset[str]] = {}
    for domain, original_domain, ids_json, _pages in rows:
        dom = registrable_domain(domain) or domain
        keys = parsed.get(ids_json)
        if keys is None:
            keys = parsed[ids_json] = frozenset(
                normalise_tracker_id(i) for i in json.loads(ids_json)
            )
        orig = registrable_domain(original_domain) if original_domain else None
        if orig and orig != dom:
            on_copies.append((dom, orig, keys))
        else:
            on_domain[dom] |= keys
    # A copy's ids count for its site unless the original's site carries them too.
    for dom, orig, keys in on_copies:
        own = on_domain.get(orig)
        on_domain[dom] |= keys - own if own else keys
    return {d: ids for d, ids in on_domain.items() if ids}


def _skeleton(html: bytes) -> list[bytes]:
    html = _CONTENT.sub(b"", html)
    out = []
    for m in _TAG.finditer(html):
        cls = _CLASS.search(m.group(2))
        classes = b" ".join(sorted(cls.group(1).split())) if cls else b""
        out.append(m.group(1).lower() + b"." + classes)
    return out


def template_signatures(
    pages: Iterable[tuple[str, int, bytes]], *, min_tags: int = TEMPLATE_MIN_TAGS
) -> dict[str, str]:
    """Domain -> a hash of the page skeleton its sampled pages share (tags and classes outside
    the article), for domains with at least two pages sharing ``min_tags`` tags or more."""
    skeletons: dict[str, list[list[bytes]]] = defaultdict(list)
    for domain, _page_id, html in pages:
        skeletons[registrable_domain(domain) or domain].append(_skeleton(html))
    out: dict[str, str] = {}
    for domain, sks in skeletons.items():
        if len(sks) < 2:
            continue
        # The template is what every sampled page has in common: the shortest common prefix
        # of head and header, and the common suffix of footer.
        first = sks[0]
        prefix = len(first)
        suffix = len(first)
        for other in sks[1:]:
            n = 0
            while n < min(prefix, len(other)) and first[n] == other[n]:
                n += 1
            prefix = n
            n = 0
            while n < min(suffix, len(other)) and first[-1 - n] == other[-1 - n]:
                n += 1
            suffix = n
        common = first[:prefix] + [b"|"] + (first[len(first) - suffix :] if suffix else [])
        if prefix + suffix >= min_tags:
            out[domain] = hashlib.sha256(b"\n".join(common)).hexdigest()[:16]
    return out


def _clusters_from(
    ids_by_domain: dict[str, set[str]], max_domains: int
) -> list[tuple[set[str], set[str]]]:
    domains_by_id: dict[str, set[str]] = defaultdict(set)
    for domain, ids in ids_by_domain.items():
        for i in ids:
            domains_by_id[i].add(domain)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    shared: dict[str, set[str]] = {}
    for key, domains in domains_by_id.items():
        if 2 <= len(domains) <= max_domains:
            shared[key] = domains
            first, *rest = sorted(domains)
            for d in rest:
                a, b = find(first), find(d)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[str, set[str]] = defaultdict(set)
    for domains in shared.values():
        for d in domains:
            groups[find(d)].add(d)
    out = []
    for members in groups.values():
        keys = {k for k, ds in shared.items() if ds <= members}
        out.append((members, keys))
    return out


def operator_clusters(
    store: Store,
    *,
    max_domains: int = MAX_SHARED_DOMAINS,
    templates: bool = True,
    tracker_ids: dict[str, set[str]] | None = None,
) -> list[OperatorCluster]:
    """Groups of outlets that share tracker ids (or, with ``templates``, a page template),
    sorted by first domain and numbered op1, op2, ...; tracker-id groups win over templates.
    ``tracker_ids`` saves reading them again when the caller has ``domain_tracker_ids``."""
    ids = (
        tracker_ids
        if tracker_ids is not None
        else domain_tracker_ids(store.iter_domain_tracker_ids())
    )
    found = [(m, k, "tracker ids") for m, k in _clusters_from(ids, max_domains)]
    if templates:
        clustered = {d for m, _k, _r in found for d in m}
        sigs = template_signatures(store.iter_domain_templates())
        by_template = {d: {f"template-{s}"} for d, s in sigs.items() if d not in clustered}
        found += [(m, k, "template") for m, k in _clusters_from(by_template, TEMPLATE_MAX_DOMAINS)]
    found.sort(key=lambda c: min(c[0]))
    return [
        OperatorCluster(
            id=f"op{n}", domains=tuple(sorted(members)), shared_ids=tuple(sorted(keys)), reason=r
        )
        for n, (members, keys, r) in enumerate(found, 1)
    ]
