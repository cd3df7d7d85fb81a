"""Naming the publisher a signal points to, from a URL, a name, or both."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from attribution.domains import SHORTENERS
from attribution.extract.document import FEW_ANCHOR_QUERIES, Document, domain_of
from attribution.extract.spaces import squash_spaces
from attribution.registry import Registry
from attribution.registry import normalise_name as _normalise_name

#: The registry's comparison key, remembered: every page folds the same site and publisher
#: names again and again (a dozen times a page), each fold a Unicode normalisation and a regex.
normalise_name = lru_cache(maxsize=16384)(_normalise_name)


@dataclass(frozen=True, slots=True)
class Who:
    """A publisher as a signal names it."""

    name: str | None
    domain: str | None
    publisher_id: str | None


def identify(reg: Registry, *, name: str | None = None, url: str | None = None) -> Who:
    """Who ``name`` and/or ``url`` refer to: the registry entry when known, else the domain."""
    dom = domain_of(url)
    pub = reg.by_domain(dom) if dom else None
    if pub is not None and not pub.generic:
        return Who(pub.name, pub.domain, pub.id)
    if dom in SHORTENERS:
        # A shortened link tells nothing of where it leads: the name says who is credited.
        dom = None
    if name:
        pub = reg.by_name(name)
        if pub is not None and (dom is None or not pub.domains):
            return Who(pub.name, pub.domain, pub.id)
    return Who(clean_org(name) if name else None, dom, None)


def clean_org(name: str) -> str:
    """An organisation name as written, trimmed of articles' quotes and trailing words."""
    return squash_spaces(name).strip(" \"'“”‘’.,:;")


@lru_cache(maxsize=16384)
def name_matches_domain(name: str | None, domain: str | None) -> bool:
    """True when an organisation name and a domain plausibly belong together.

    "Business Insider" ~ businessinsider.com, "Time.com" ~ time.com, "Floodlight" ~
    floodlightnews.org.
    """
    if not name or not domain:
        return False
    squashed = normalise_name(name).replace(" ", "")
    label = domain.split(".")[0].replace("-", "")
    if len(squashed) < 3:
        return False
    return squashed == label or label.startswith(squashed) or squashed.startswith(label)


def find_link_for_name(doc: Document, name: str) -> str | None:
    """A link on the page whose text is ``name``, or to a domain that matches it."""
    key = normalise_name(name)
    if not key or '"' in name or "\\" in name:
        return None
    word = name.lower()
    if doc.anchor_queries < FEW_ANCHOR_QUERIES:
        anchors = doc.anchors_with_text((word,))
    else:
        # A page naming many holders or newsrooms ("© <name>" under each photo of a gallery)
        # would walk the tree once per name: its links are read once and looked up by name.
        anchors = [a for a in doc.anchors_by_name.get(key, ()) if word in a.text.lower()]
    for a in anchors:
        if not a.in_chrome and not doc.is_own(a.url) and normalise_name(a.text) == key:
            return a.url
    for url in doc.href_urls:
        if name_matches_domain(name, doc.domain_of(url)) and not doc.is_own(url):
            return url
    return None


_SITE_PARTS = re.compile(r"\s+[|–—·:-]\s+")


def names_own_site(site: str | None, url: str | None) -> bool:
    """True when the site's own name names the URL's domain ("Radiolab | WNYC" ~ radiolab.org)."""
    if not site or not url:
        return False
    domain = domain_of(url)
    return any(name_matches_domain(part, domain) for part in _SITE_PARTS.split(site))
