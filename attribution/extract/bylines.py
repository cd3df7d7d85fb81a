"""Visible bylines: the people credited on the page, and publishers named as the author.

"Written by The Conversation" names a publisher, not a person: it becomes a ``byline`` credit
for that publisher and adds no author. The site's own name in a byline is no credit at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from attribution.extract.document import Document, in_chrome
from attribution.extract.identify import find_link_for_name, identify
from attribution.extract.names import clean_byline, person_name, same_person
from attribution.extract.patterns import BYLINE_SELECTORS, BYLINE_TEXT, REPORTING_BY
from attribution.models import Credit
from attribution.registry import Registry, normalise_name

_BYLINE_TAGS = frozenset({"p", "div", "span", "li", "address", "a", "strong", "b", "em", "small",
                          "h2", "h3", "h4", "h5", "h6", "section", "header", "figcaption", "dd"})
_HINT_SKIP = re.compile(r"bio|avatar|image|photo|img|follow|social|more-by|list-item|card",
                        re.IGNORECASE)


@dataclass(slots=True)
class BylineResult:
    """Names found in visible bylines and the publisher credits among them."""

    persons: list[str]
    credits: list[Credit]
    reporters: list[str]


def _article_root(doc: Document) -> LexborNode | None:
    for selector in ("article", "[itemprop='articleBody']", "main", "[role='main']"):
        node = doc.tree.css_first(selector)
        if node is not None:
            return node.parent if selector == "[itemprop='articleBody']" and node.parent else node
    return doc.tree.body


def _strip_names(doc: Document, reg: Registry, site: str | None) -> tuple[str, ...]:
    names = [n for n, _ in reg.names()]
    if site:
        names.insert(0, normalise_name(site))
        names.insert(0, site)
    return tuple(names)


def visible_bylines(doc: Document, reg: Registry, site: str | None) -> BylineResult:
    """Read the structured byline elements, then short "By ..." lines, in the article."""
    strip = _strip_names(doc, reg, site)
    persons: list[str] = []
    credits: list[Credit] = []
    seen_nodes: set[int] = set()
    root = _article_root(doc)
    texts: list[tuple[str, LexborNode]] = []
    scopes = [root] if root is not None else []
    if root is not None and doc.tree.body is not None and root.tag != "body":
        scopes.append(doc.tree.body)
    for scope in scopes:
        for node in scope.css(BYLINE_SELECTORS):
            if node.mem_id in seen_nodes or node.tag not in _BYLINE_TAGS:
                continue
            attrs = node.attributes
            hint = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
            if _HINT_SKIP.search(hint) and "byline" not in hint.lower():
                continue
            if in_chrome(node) or doc.in_republish_box(node):
                continue
            seen_nodes.add(node.mem_id)
            text = node.text(deep=True, separator=" ", strip=True)
            if text and len(text) <= 250:
                texts.append((text, node))
        if texts:
            break
    if not texts and root is not None:
        for node in root.css("p, div, span, li, address, strong, em, small"):
            text = node.text(deep=True, separator=" ", strip=True)
            if not text or len(text) > 160 or not BYLINE_TEXT.match(text):
                continue
            if in_chrome(node) or doc.in_republish_box(node):
                continue
            texts.append((text, node))
            if len(texts) >= 3:
                break
    for text, node in texts:
        names, orgs = clean_byline(text, strip_names=strip)
        for name in names:
            if not any(same_person(name, p) for p in persons):
                persons.append(name)
        for org in orgs:
            credit = _org_credit(doc, reg, site, org, text, node)
            if credit is not None and all(c.publisher != credit.publisher for c in credits):
                credits.append(credit)
    # A byline element may name only a registry publisher ("Written by The Conversation"),
    # which clean_byline strips as an organisation.
    for text, node in texts:
        for key, pub in reg.names():
            if pub.generic or any(c.publisher_id == pub.id for c in credits):
                continue
            if re.search(rf"(?<![\w]){re.escape(key)}(?![\w])", normalise_name(text)):
                if site and normalise_name(site) == key:
                    continue
                if doc.site_domain and doc.site_domain in pub.domains:
                    continue
                credits.append(
                    Credit(
                        signal="byline",
                        text=text,
                        publisher=pub.name,
                        domain=pub.domain,
                        publisher_id=pub.id,
                        url=_link_in(doc, node, pub.domains),
                        hyperlink=_link_in(doc, node, pub.domains) is not None,
                    )
                )
    return BylineResult(persons, credits, reporters_line(doc, strip))


def _link_in(doc: Document, node: LexborNode, domains: tuple[str, ...]) -> str | None:
    for a in node.css("a[href]"):
        url = doc.resolve(a.attributes.get("href"))
        if url and any(url.split("/")[2].endswith(d) for d in domains):
            return url
    return None


def _org_credit(
    doc: Document, reg: Registry, site: str | None, org: str, text: str, node: LexborNode
) -> Credit | None:
    if site and normalise_name(org) in (normalise_name(site), ""):
        return None
    who = identify(reg, name=org)
    if who.publisher_id is None:
        # An unregistered organisation is a credit only when the page links it off-site.
        url = find_link_for_name(doc, org)
        if url is None:
            return None
        who = identify(reg, name=org, url=url)
    if doc.site_domain and who.domain and who.domain == doc.site_domain:
        return None
    return Credit(
        signal="byline",
        text=text,
        publisher=who.name,
        domain=who.domain,
        publisher_id=who.publisher_id,
    )


def reporters_line(doc: Document, strip: tuple[str, ...]) -> list[str]:
    """Names from a wire story's closing "Reporting by A and B; Editing by C" line."""
    if "reporting by" not in doc.body_text.lower() and "writing by" not in doc.body_text.lower():
        return []
    out: list[str] = []
    for node in doc.tree.css("p, div, span, em, i"):
        text = node.text(deep=True, separator=" ", strip=True)
        if not text or len(text) > 300:
            continue
        m = REPORTING_BY.match(text)
        if m:
            names, _ = clean_byline(m.group("names"), strip_names=strip)
            out.extend(n for n in names if not any(same_person(n, o) for o in out))
            if out:
                break
    return out


def fix_case(names: list[str], references: list[str]) -> list[str]:
    """Use a reference's spelling for names written in capitals ("THOMSON-DEVEAUX")."""
    out = []
    for name in names:
        better = next((r for r in references if same_person(r, name) and r != name), None)
        if better and (better != better.upper()):
            cleaned = person_name(better)
            out.append(cleaned or name)
        else:
            out.append(name)
    return out
