"""Counting pixels and beacons: parsed, never fetched.

Beacons are matched in the raw markup, so lazy-loading (``data-src``), image proxies
(``i0.wp.com/counter.theconversation.com/...``), ``<noscript>`` and Markdown-mangled copies
(``![The Conversation](...count.gif)``) all count. A publisher's own page carries its snippet
inside a "Republish" box; those occurrences are the original's, not a copy's credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from attribution.extract.document import Document, domain_of
from attribution.models import Credit
from attribution.registry import Registry

_URL_CHARS = re.compile(r"[^\s\"'<>()\[\]]")
_SRC_IN_TAG = re.compile(r"""(?:src|data-src|data-lazy-src|data-counter)\s*=\s*["']([^"']+)""")


@dataclass(frozen=True, slots=True)
class PixelHit:
    """A beacon URL found in the markup."""

    url: str
    outside_box: bool


def _expand_url(html: str, start: int, end: int) -> str:
    left = start
    while left > 0 and _URL_CHARS.match(html[left - 1]):
        left -= 1
    right = end
    while right < len(html) and _URL_CHARS.match(html[right]):
        right += 1
    token = html[left:right]
    return token.replace("&amp;", "&")


def _tag_text(html: str, start: int) -> str:
    left = html.rfind("<", 0, start)
    right = html.find(">", start)
    return html[left:right] if 0 <= left < right else ""


def _tag_src(html: str, start: int) -> str | None:
    # For markers such as id="republication-tracker-tool-source", the URL is in the same tag.
    left = html.rfind("<", 0, start)
    right = html.find(">", start)
    if left < 0 or right < 0:
        return None
    m = _SRC_IN_TAG.search(html[left:right])
    return m.group(1).replace("&amp;", "&") if m else None


def markup_words(reg: Registry) -> tuple[str, ...]:
    """The words :func:`pixel_credits` asks the markup about (the rules' hints), for the
    document's one pass over it (:attr:`Document.markup_words`)."""
    return tuple(rule.hint for rule in reg.pixel_rules if rule.hint)


def pixel_credits(doc: Document, reg: Registry) -> list[Credit]:
    """One credit per distinct beacon found, with the publisher and article id it carries."""
    html = doc.html
    credits: list[Credit] = []
    seen: set[str] = set()
    for rule in reg.pixel_rules:
        if rule.hint and not doc.html_has(rule.hint):
            continue
        for m in rule.pattern.finditer(html):
            token = _expand_url(html, m.start(), m.end())
            url = token if "//" in token else (_tag_src(html, m.start()) or token)
            if url.startswith("//"):
                url = "https:" + url
            key = url.split("#")[0]
            if key in seen:
                continue
            seen.add(key)
            # The boxes' markup is read only for a beacon found (most pages have none).
            box = doc.republish_box_html
            if box and _count(box, m.group(0)) >= _count(html, m.group(0)):
                continue  # every occurrence sits in the page's own republish box
            pub = rule.publisher
            groups = m.groupdict()
            article_id = groups.get("id")
            name: str | None = pub.name
            domain, pid = pub.domain, pub.id
            if pub.generic:
                host_url = url[url.find("//") :] if "//" in url else url
                domain = domain_of("https:" + host_url) if host_url.startswith("//") else None
                known = reg.by_domain(domain)
                if known is not None and not known.generic:
                    name, domain, pid = known.name, known.domain, known.id
                else:
                    name = None
                if article_id is None:
                    post = re.search(r"[?&]post=(\d+)", url) or re.search(
                        r"data-postid\s*=\s*[\"']?(\d+)", _tag_text(html, m.start())
                    )
                    article_id = post.group(1) if post else None
            if domain and doc.site_domain and domain == doc.site_domain:
                continue
            credits.append(
                Credit(
                    signal="pixel",
                    text=url,
                    publisher=name,
                    domain=domain,
                    publisher_id=pid,
                    article_id=article_id,
                )
            )
    return credits


def _count(text: str, needle: str) -> int:
    return text.count(needle) if needle else 0


def beacon_ids(credits: list[Credit]) -> set[str]:
    """Analytics ids carried inside beacon URLs (RTT's ``ga4=G-...``): the original's, not ours."""
    out: set[str] = set()
    for c in credits:
        if c.signal == "pixel":
            out.update(re.findall(r"[?&](?:ga4?|amp;ga4?)=((?:G|UA)-[\w-]+)", c.text))
    return out
