"""The extraction pipeline: every detector over one parsed tree, then the resolver.

Each step is a pure function of the document (and the registry); a step that fails is logged
and the others still run, so one odd page element never costs the whole page.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable
from typing import TypeVar

from attribution.extract import bylines, credit_lines, jsonld, licenses, metadata, pixels, wire
from attribution.extract.document import (
    MARKUP_WORDS,
    TEXT_WORDS_CASED,
    Document,
    TextWords,
    declared_self_url,
    parse_document,
    with_plain_spaces,
)
from attribution.extract.identify import name_matches_domain, normalise_name
from attribution.extract.names import clean_byline, distinct_persons, person_key
from attribution.extract.resolve import resolve
from attribution.extract.spaces import squash_spaces
from attribution.models import Credit, Extraction
from attribution.registry import Registry, load_registry

log = logging.getLogger(__name__)
T = TypeVar("T")


def _step(name: str, warnings: list[str], fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception as exc:
        log.debug("extraction step %s failed", name, exc_info=True)
        warnings.append(f"{name} failed: {exc!r}")
        return default


def _clean_names(values: list[str], strip: tuple[str, ...], extra: tuple[str, ...]) -> list[str]:
    return distinct_persons(
        name
        for value in values
        for name in clean_byline(value, strip_names=strip, also_strip=extra)[0]
    )


def _overlap(names: list[str], others: list[str]) -> bool:
    return not {person_key(a) for a in names}.isdisjoint(person_key(b) for b in others)


def _not_publishers(authors: list[str], credits: list[Credit], site: str | None) -> list[str]:
    # "By Andrea Campos, El Faro": a credited publisher's name is not a person.
    # The site's name counts however it is spaced ("Deutsche Wirtschafts Nachrichten").
    squashed = {
        normalise_name(o).replace(" ", "") for o in (site, *(c.publisher for c in credits)) if o
    }
    domains = {c.domain for c in credits if c.domain and c.publisher_id}
    return [
        a
        for a in authors
        if normalise_name(a).replace(" ", "") not in squashed
        and not any(name_matches_domain(a, d) for d in domains)
    ]


# Text read element by element puts a space between a link and the stop after it
# ("appeared on <a>ProPublica</a>." reads "appeared on ProPublica ."). Only "." and "," are
# joined back: French sets a space before ":", ";", "!" and "?".
_SPACE_BEFORE_STOP = re.compile(r"(?<=\S) (?=[.,](?:\s|$))")


def _tidy(credit: Credit) -> Credit:
    """The credit with its evidence as a reader sees it: whitespace runs read as one space and
    trimmed (an element's text joins its whitespace-only text nodes too), no space before a
    full stop or comma, and a link without text given by its URL."""
    text = squash_spaces(credit.text).strip() or credit.url or ""
    if " ." in text or " ," in text:
        text = _SPACE_BEFORE_STOP.sub("", text)
    return credit if text == credit.text else dataclasses.replace(credit, text=text)


def _markup_words(reg: Registry) -> tuple[str, ...]:
    # The same tuple for every page: the markup pass's automaton is remembered by it.
    return reg.derived("pipeline.markup_words", lambda r: MARKUP_WORDS + pixels.markup_words(r))


def _words_cased(reg: Registry) -> TextWords:
    # Built once for the registry: the wires' sign-offs join the words the text is tested for
    # as written.
    return reg.derived(
        "pipeline.words_cased", lambda r: TextWords.of(TEXT_WORDS_CASED + wire.signoff_words(r))
    )


def extract_document(
    doc: Document, *, registry: Registry | None = None, source: str | None = None
) -> Extraction:
    """Run every detector over ``doc`` and resolve the original and the missing credits."""
    reg = registry if registry is not None else load_registry()
    warnings = list(doc.warnings)
    # The beacon hints join the words found in the one pass over the markup.
    doc.markup_words = _markup_words(reg)
    doc.words_cased = _words_cased(reg)
    doc = with_plain_spaces(doc)
    if doc.url is None:
        doc.url = declared_self_url(doc)
    article = _step("jsonld", warnings, lambda: jsonld.main_article(doc), None)
    title = _step("title", warnings, lambda: metadata.page_title(doc, article), None)
    site = _step("site_name", warnings, lambda: metadata.site_name(doc, article), None)
    published = _step("published", warnings, lambda: metadata.published_date(doc, article), None)

    credits: list[Credit] = []
    byline = _step("bylines", warnings, lambda: bylines.visible_bylines(doc, reg, site), None)
    if byline is not None:
        credits.extend(byline.credits)
        credits.extend(
            Credit(
                signal="original_link",
                text=c.url,
                publisher=c.publisher,
                domain=c.domain,
                url=c.url,
                publisher_id=c.publisher_id,
                hyperlink=True,
            )
            for c in byline.credits
            if c.hyperlink and c.url
        )
    credits += _step(
        "credit_lines", warnings, lambda: credit_lines.credit_lines(doc, reg, site), []
    )
    # A page listing stories has no article to open with a dateline or close with a wire's
    # copyright line: the ones in its story cards are the teasers' ("WASHINGTON (AP) —" under
    # each of thirty headlines).
    if not (byline is not None and byline.lists_stories):
        credits += _step(
            "datelines",
            warnings,
            lambda: wire.datelines(doc, reg) or wire.signoffs(doc, reg),
            [],
        )
        credits += _step("copyright", warnings, lambda: wire.copyright_lines(doc, reg, site), [])
    credits += _step("head", warnings, lambda: metadata.head_credits(doc, reg, site), [])
    credits += _step("meta_orgs", warnings, lambda: metadata.meta_org_credits(doc, reg, site), [])
    credits += _step(
        "jsonld_credits", warnings, lambda: jsonld.jsonld_credits(doc, reg, article, site), []
    )
    pixel_credits: list[Credit] = _step(
        "pixels", warnings, lambda: pixels.pixel_credits(doc, reg), []
    )
    credits += pixel_credits
    known = {c.domain for c in credits if c.domain}
    credits += _step(
        "read_more", warnings, lambda: credit_lines.read_more_links(doc, reg, known), []
    )
    licence_value = jsonld.jsonld_license(article)
    licence_credits: list[Credit] = _step(
        "license", warnings, lambda: licenses.licence_credits(doc, credits, licence_value), []
    )
    credits += licence_credits
    licence = licenses.best_licence(licence_credits)

    strip = bylines.strip_names(reg)
    ld_persons, _ = jsonld.author_entries(article)
    extra = (site,) if site else ()
    ld_names = _clean_names(ld_persons, strip, extra)
    meta_authors = metadata.meta_author_names(doc)
    meta_names = _clean_names(meta_authors, strip, extra)
    visible = byline.persons if byline else []
    in_article = byline is not None and byline.in_article
    if visible and ld_names and not in_article and not _overlap(visible, ld_names):
        # A byline found outside the article's container that names none of the article's
        # declared authors is a teaser's, for another story.
        visible = []
    # A front or section page has no author: its <meta name=author> is the publisher's.
    listing = byline is not None and byline.lists_stories
    sources = () if listing else (visible, ld_names, byline.reporters if byline else [], meta_names)
    authors = list(next((names for names in sources if names), []))
    if authors and not (visible or ld_names or (byline and byline.reporters)):
        # <meta name=author> often holds the publisher: the JSON-LD may say it is one.
        orgs = {person_key(o) for o in jsonld.organisation_names(article)}
        authors = [a for a in authors if person_key(a) not in orgs]
    authors = bylines.fix_case(authors, ld_persons + meta_authors)
    authors = _not_publishers(authors, credits, site)

    article_page = jsonld.is_article_page(doc) or bool(authors)
    republished, original, missing = resolve(
        reg, credits, authors, licence, article_page=article_page, site_domain=doc.site_domain
    )
    trackers: list[str] = _step(
        "trackers",
        warnings,
        lambda: metadata.tracker_ids(doc, pixels.beacon_ids(pixel_credits)),
        [],
    )
    canonical = next((u for u, _ in doc.rel_links("canonical")), None)
    return Extraction(
        source=source if source is not None else (doc.url or "<input>"),
        url=doc.url,
        title=title,
        site_name=site,
        published=published,
        authors=tuple(authors),
        republished=republished,
        original=original,
        credits=tuple(_tidy(c) for c in credits),
        license=licence,
        missing=missing,
        tracker_ids=tuple(trackers),
        canonical=canonical,
        language=doc.language,
        warnings=tuple(warnings),
    )


def extract(
    html: bytes | str,
    *,
    url: str | None = None,
    content_type: str | None = None,
    registry: Registry | None = None,
    source: str | None = None,
) -> Extraction:
    """Parse one page and extract its credits. Raises ``DecodeError`` for empty/binary input."""
    doc = parse_document(html, url=url, content_type=content_type, source=source or "<input>")
    return extract_document(doc, registry=registry, source=source)
