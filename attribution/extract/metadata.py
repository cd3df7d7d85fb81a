"""Page metadata (title, site name, date) and the head-tag credits: canonical, meta, og:url.

Tags are read anywhere in the DOM, because republish snippets paste ``<link>`` and ``<meta>``
into the article body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from attribution.domains import is_homepage, on_platform
from attribution.extract.dates import to_iso8601
from attribution.extract.document import TRACKER_PREFIXES, Document, credit_url, domain_of
from attribution.extract.identify import identify, names_own_site
from attribution.extract.names import clean_byline
from attribution.extract.patterns import TRACKER_IDS
from attribution.extract.spaces import squash_spaces
from attribution.models import Credit
from attribution.registry import Registry

_TITLE_SPLIT = re.compile(r"\s+[|–—·:-]\s+")
_BYLINE_SUFFIX = re.compile(r"(?:by|por|par|von|door)\s", re.IGNORECASE)


def page_title(doc: Document, article: dict[str, Any] | None) -> str | None:
    """The article's headline: og:title, JSON-LD headline, the first ``<h1>``, ``<title>``.

    An og:title or headline that is only the site's own name (a CMS default, "Yahoo News -
    Latest News & Headlines") is passed over when the ``<title>`` names something else."""
    for value in (
        doc.meta("og:title", "twitter:title"),
        _str(article.get("headline")) if article else None,
    ):
        if value:
            cleaned = _clean(value)
            if not _only_the_site(doc, cleaned):
                return cleaned
    h1 = doc.first("h1")
    if h1 is not None:
        text = h1.text(deep=True, separator=" ", strip=True)
        if text:
            return _clean(text)
    title = doc.first("title")
    own_title = title.text(deep=True, strip=True) if title is not None else ""
    if own_title:
        return _clean(_TITLE_SPLIT.split(own_title)[0])
    return None


def _only_the_site(doc: Document, headline: str) -> bool:
    """Whether ``headline`` is only the site's declared name while the ``<title>`` names
    something else (its first part is not part of the site's name, as a homepage's is)."""
    declared = doc.meta("og:site_name", "application-name", "apple-mobile-web-app-title")
    if declared is None or headline.casefold() != _clean(declared).casefold():
        return False
    title = doc.first("title")
    own_title = title.text(deep=True, strip=True) if title is not None else ""
    first_part = _clean(_TITLE_SPLIT.split(own_title)[0]).casefold() if own_title else ""
    return bool(first_part) and first_part not in headline.casefold()


def site_name(doc: Document, article: dict[str, Any] | None) -> str | None:
    """The site's own name: og:site_name, application-name, JSON-LD publisher, title suffix."""
    value = doc.meta("og:site_name", "application-name", "apple-mobile-web-app-title")
    if value:
        return _clean(value)
    if article:
        pub = article.get("publisher")
        if isinstance(pub, dict) and _str(pub.get("name")):
            url = _str(pub.get("url"))
            if not url or doc.is_own(url) or doc.site_domain is None:
                return _clean(str(pub["name"]))
    title = doc.first("title")
    if title is not None:
        parts = _TITLE_SPLIT.split(title.text(deep=True, strip=True) or "")
        # "The Most Precious Resource is Agency - by Simon Sarris" closes with a byline.
        if len(parts) > 1 and 1 < len(parts[-1]) <= 40 and not _BYLINE_SUFFIX.match(parts[-1]):
            return _clean(parts[-1])
    return None


_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "article.published",
    "cxenseparse:recs:publishtime",
    "og:published_time",
    "article:publicationdate",
    "publication_date",
    "publish_date",
    "date_published",
    "originalpublicationdate",
    "citation_publication_date",
    "citation_date",
    "dc.date.created",
    "rnews:datepublished",
    "article_date_original",
)


def published_date(doc: Document, article: dict[str, Any] | None) -> str | None:
    """The publication date as ISO 8601, from meta tags, JSON-LD, or ``<time datetime>``."""
    candidates = doc.meta_values(*_DATE_KEYS)
    if article:
        candidates.insert(0, _str(article.get("datePublished")) or "")
    node = doc.first("time[datetime]")
    if node is not None:
        candidates.append(node.attributes.get("datetime") or "")
    # Parse.ly's older tag holds its fields as JSON: {"pub_date": "2014-12-27T17:10:17Z", ...}.
    for raw in doc.meta_values("parsely-page"):
        try:
            fields = json.loads(raw)
        except ValueError:
            continue
        if isinstance(fields, dict):
            candidates.append(_str(fields.get("pub_date")) or "")
    for value in candidates:
        iso = to_iso8601(value)
        if iso:
            return iso
    return None


def head_credits(doc: Document, reg: Registry, site: str | None = None) -> list[Credit]:
    """Cross-domain canonical, syndication-source, original-source, og:url, DC.source."""
    credits: list[Credit] = []
    seen: set[tuple[str, str]] = set()

    def add(signal: str, url: str | None, text: str) -> None:
        if not url or doc.is_self_reference(url) or _is_platform_alias(doc, url):
            return
        if names_own_site(site, url):
            return
        if is_homepage(url) and signal == "canonical":
            return
        key = (signal, url)
        if key in seen:
            return
        seen.add(key)
        who = identify(reg, url=url)
        credits.append(
            Credit(
                signal="canonical" if signal == "canonical" else "meta",
                text=text,
                publisher=who.name,
                domain=who.domain,
                url=url,
                publisher_id=who.publisher_id,
            )
        )

    for url, node in doc.rel_links("canonical"):
        if node.tag == "link":
            add("canonical", url, f'<link rel="canonical" href="{url}">')
    for key in (
        "syndication-source",
        "original-source",
        "og:url",
        "dc.source",
        "dcterms.source",
        "dc.relation.isversionof",
    ):
        for value in doc.meta_values(key):
            add(key, credit_url(value, doc.base_url), f'<meta name="{key}" content="{value}">')
    return credits


def meta_author_names(doc: Document) -> list[str]:
    """Author values from meta tags that are names, not profile URLs."""
    values = doc.meta_values(
        "author",
        "article:author",
        "parsely-author",
        "sailthru.author",
        "byl",
        "cxenseparse:author",
    )
    # Dublin Core and Google Scholar write a creator "Last, First".
    values += [_uninverted(v) for v in doc.meta_values(*_INVERTED_KEYS)]
    return [v for v in values if not v.startswith(("http://", "https://", "www."))]


_INVERTED_KEYS = ("dc.creator", "dcterms.creator", "citation_author")
# "Porter, Jane", "van der Berg, Mary", "Porter, Jane R.": one surname (particles before it),
# then the given name and initials. "Jane Porter, Tom Hale" names two people and stays.
_INVERTED = re.compile(
    r"^(?P<last>(?:(?:van|von|de|der|den|del|della|di|da|du|la|le|mac|st\.?)\s+){0,3}[^\s,]+)"
    r"\s*,\s*(?P<first>[^\s,.]{2,}(?:\s+[A-Z]\.?)*)$",
    re.IGNORECASE,
)


def _uninverted(value: str) -> str:
    """A creator written "Last, First" as "First Last"; other values as they are."""
    m = _INVERTED.match(value.strip())
    return f"{m.group('first')} {m.group('last')}" if m else value


# The meta tags whose value may name a person beside the newsroom, as a byline does.
_AUTHOR_KEYS = frozenset({"author", "article:author", "parsely-author"})


def meta_org_credits(doc: Document, reg: Registry, site: str | None) -> list[Credit]:
    """Meta author/copyright values that name a known publisher other than the site itself."""
    credits = []
    for key in (
        "author",
        "article:author",
        "parsely-author",
        "copyright",
        "dc.rights",
        "dc.publisher",
        "dcterms.publisher",
    ):
        for value in doc.meta_values(key):
            pub = reg.by_name(value.removeprefix("By ").removeprefix("by "))
            if pub is None and key in _AUTHOR_KEYS:
                # A person's entry that names the newsroom too, as a byline does ("Jane Doe
                # (Reuters)", "By JANE DOE Associated Press"), as the JSON-LD's author is read.
                orgs = clean_byline(value, strip_names=reg.spellings())[1]
                pub = next((p for org in orgs if (p := reg.by_name(org)) is not None), None)
            if pub is None or (site and reg.by_name(site) is pub):
                continue
            if pub.domains and doc.site_domain in pub.domains:
                continue
            credits.append(
                Credit(
                    signal="meta",
                    text=f'<meta name="{key}" content="{value}">',
                    publisher=pub.name,
                    domain=pub.domain,
                    publisher_id=pub.id,
                )
            )
    return credits


def tracker_ids(doc: Document, exclude: set[str]) -> list[str]:
    """Analytics and ad account ids on the page, minus those inside beacon URLs."""
    html = doc.html
    found: set[str] = set()
    hits = doc.markup_hits
    offsets = (
        doc.char_offsets(b for p in TRACKER_PREFIXES for b in hits.get(p, ()))
        if hits is not None and all(p in hits for p in TRACKER_PREFIXES)
        else None
    )
    for _kind, pattern in TRACKER_IDS:
        if offsets is None or hits is None:
            matches = _matches_at_prefix(pattern, html)
        else:
            matches = _matches_at(
                pattern, html, [offsets[b] for b in hits[_literal_prefix(pattern)]]
            )
        for m in matches:
            start = m.start()
            if pattern.groups:
                value = m.group(1)
            else:
                before = html[start - 1] if start else " "
                if (
                    before.isalnum()
                    or before == "_"
                    or (before == "-" and not m.group(0).startswith("pub-"))
                ):
                    continue
                value = m.group(0)
                if value.startswith("pub-") and html[max(0, start - 3) : start] == "ca-":
                    value = "ca-" + value
            if value not in exclude:
                found.add(value)
    return sorted(found)


@lru_cache(maxsize=64)
def _literal_prefix(pattern: re.Pattern[str]) -> str:
    found = re.match(r"[A-Za-z-]*", pattern.pattern)
    return found.group(0) if found else ""


def _matches_at_prefix(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern that starts with a literal: ``str.find``
    locates the literal (several times quicker than the regex engine's own scan on a page
    held two bytes a character) and the pattern is tried there only."""
    prefix = _literal_prefix(pattern)
    if not prefix:
        yield from pattern.finditer(text)
        return
    start = text.find(prefix)
    while start >= 0:
        m = pattern.match(text, start)
        if m is not None:
            yield m
        start = text.find(prefix, m.end() if m is not None else start + 1)


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """:func:`_matches_at_prefix` with the places of the literal already known (ascending):
    each is tried unless an earlier match covers it, as a scan from that match's end would."""
    end = 0
    for start in starts:
        if start < end:
            continue
        m = pattern.match(text, start)
        if m is not None:
            end = m.end()
            yield m


def _is_platform_alias(doc: Document, url: str) -> bool:
    # A blog platform's page pointing at the publication's custom domain is the same publication.
    return on_platform(doc.site_domain) and not on_platform(domain_of(url))


def _str(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _clean(text: str) -> str:
    return squash_spaces(text).strip()
