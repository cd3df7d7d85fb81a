"""Rules ATR007-ATR009: what the page's text says, compared with the originals.

Three sources of comparisons, one per way of running the check:

- ``--db PATH``: the results the matching pass (``attribution match``, the end of a crawl)
  stored for the page (:class:`StoredMatches`); uncredited copies come only from here, since
  finding them takes the whole corpus and the direction of each match;
- ``--originals DB``: the page's credited original is looked up by URL in a crawl store and
  compared with :func:`~attribution.match.compare_texts`; a mismatching or uncrediting page is
  also looked up in the store's matching index (stored fingerprints) for the article its text
  copies (:class:`StoreOriginals`);
- ``--fetch-originals``: the credited original is fetched (:func:`attribution.http.fetch_bytes`)
  and compared (:class:`FetchedOriginals`); no index, so no uncredited copies.

Each gives :class:`TextMatch` items, turned into findings by :func:`match_findings`:
ATR007 for a ``mismatch`` verdict, ATR008 for an ``uncredited`` copy, ATR009 for an ``edited``
copy whose original's licence allows no derivatives (allowed edits never count; a copy that is
only cut short is not reported).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from attribution.check.locate import Locator
from attribution.check.rules import RULES, fingerprint
from attribution.domains import registrable_domain
from attribution.errors import AttributionError
from attribution.extract import parse_document
from attribution.extract.document import Document
from attribution.models import Comparison, Extraction, Finding, MainText, Severity
from attribution.registry import Registry

__all__ = [
    "FetchedOriginals",
    "Matcher",
    "StoreOriginals",
    "StoredMatches",
    "TextMatch",
    "match_findings",
]

log = logging.getLogger(__name__)

_NOTICE_SIGNALS = ("notice", "read_more", "original_link", "byline", "copyright", "dateline")


@dataclass(frozen=True, slots=True)
class TextMatch:
    """One comparison of the page with an original: how found, the verdict, what changed."""

    relation: str  # credited, other_original, uncredited
    verdict: str
    original_url: str | None
    confidence: float = 1.0
    violation: bool = False
    license: str | None = None
    reasons: tuple[str, ...] = ()
    containment: float = 0.0
    comparison: Mapping[str, Any] = field(default_factory=dict)


class Matcher(Protocol):
    """Comparisons of one page with originals (its credited one, or any it copies)."""

    def matches(self, url: str | None, doc: Document, extraction: Extraction) -> list[TextMatch]:
        """The comparisons for this page (empty: nothing known)."""

    def close(self) -> None:
        """Release what the matcher holds open."""


def _from_dict(data: Mapping[str, Any]) -> TextMatch:
    comparison = cast(Mapping[str, Any], data.get("comparison") or {})
    return TextMatch(
        relation=str(data.get("relation")),
        verdict=str(data.get("verdict")),
        original_url=cast(str | None, data.get("original_url")),
        confidence=float(data.get("confidence") or 0.0),
        violation=bool(data.get("violation")),
        license=cast(str | None, comparison.get("license")),
        reasons=tuple(data.get("reasons") or ()),
        containment=float(data.get("containment") or 0.0),
        comparison=comparison,
    )


def _from_comparison(
    comparison: Comparison,
    relation: str,
    original_url: str,
    *,
    confidence: float = 1.0,
    reasons: tuple[str, ...] = (),
) -> TextMatch:
    return _from_dict(
        {
            "relation": relation,
            "verdict": comparison.verdict,
            "original_url": original_url,
            "confidence": confidence,
            "violation": comparison.violation,
            "reasons": reasons,
            "containment": comparison.containment,
            "comparison": comparison.to_dict(),
        }
    )


class StoredMatches:
    """``--db``: the match results stored in a crawl's store, by copy URL."""

    def __init__(self, db: str) -> None:
        from attribution.store import Store  # noqa: PLC0415 - sqlite only for --db

        self._by_url: dict[str, list[TextMatch]] = {}
        with Store(db, readonly=True) as store:
            for _copy, _original, data in store.iter_matches():
                if data.get("relation") == "compared":
                    continue
                self._by_url.setdefault(str(data.get("copy_url")), []).append(_from_dict(data))
        if not self._by_url:
            log.info("%s: no stored match results (run `attribution match --db %s`)", db, db)

    def matches(self, url: str | None, doc: Document, extraction: Extraction) -> list[TextMatch]:
        return self.for_url(url)

    def for_url(self, url: str | None) -> list[TextMatch]:
        """The stored results for the page at ``url``: the page itself is not needed, so a
        worker process can turn them into findings."""
        return list(self._by_url.get(url or "", ()))

    def close(self) -> None:
        return None


def _license(extraction: Extraction, registry: Registry, original: Extraction | None) -> str | None:
    """The original's licence: its publisher's terms, what it states, what the copy states."""
    # As the matching pass decides it: the publisher of the original's domain, never a generic
    # entry (the Republication Tracker Tool's) that the credit was recognised by.
    domain = extraction.original.domain if extraction.original is not None else None
    pub = registry.by_domain(domain) if domain else None
    if pub is not None and not pub.generic and pub.license:
        return pub.license
    if original is not None and original.license:
        return original.license
    return extraction.license


def _copy_text(doc: Document, url: str | None) -> MainText:
    from attribution.match import main_text  # noqa: PLC0415 - numpy only with matching

    return main_text(doc.tree, url=url)


class StoreOriginals:
    """``--originals DB``: credited originals looked up in a crawl store, plus its index."""

    def __init__(self, db: str, registry: Registry) -> None:
        from attribution.store import Store  # noqa: PLC0415 - sqlite only for --originals

        self._store = Store(db, readonly=True)
        self._registry = registry
        self._index: Any = None
        self._pages: dict[int, Any] = {}  # page id -> PageFacts

    def close(self) -> None:
        self._store.close()

    def _original_text(self, url: str) -> tuple[MainText, Extraction | None] | None:
        record = self._store.get_page(url)
        if record is None or record.status is None or not 200 <= record.status < 300:
            return None
        text = self._store.get_text(record.id)
        stored = self._store.get_extraction(record.id) or {}
        licence = stored.get("license")
        facts = Extraction(source=url, url=url, license=str(licence) if licence else None)
        if text is not None and text.paragraphs:
            return text, facts
        body = self._store.get_body(record.id)
        if body is None:
            return None
        try:
            doc = parse_document(
                body, url=record.final_url or url, content_type=record.content_type, source=url
            )
        except AttributionError:
            return None
        return _copy_text(doc, record.final_url or url), facts

    def _load_index(self) -> Any:
        if self._index is not None:
            return self._index
        from attribution.match import Fingerprint, MatchIndex  # noqa: PLC0415
        from attribution.match.run import MIN_WORDS, STORED_VERSION  # noqa: PLC0415

        index = MatchIndex()
        for page_id, size, full, minhash, sample in self._store.iter_fingerprints(
            STORED_VERSION, min_words=MIN_WORDS
        ):
            index.add(page_id, Fingerprint.from_bytes(size, minhash, sample, full=full))
        from attribution.match.direction import PageFacts  # noqa: PLC0415

        for page_id, url, domain, _words, published, _hash, ext in self._store.iter_text_pages(
            min_words=MIN_WORDS
        ):
            self._pages[page_id] = PageFacts(url, domain, published, ext)
        if not len(index):
            log.warning(
                "the originals store has no current fingerprints: run `attribution match --db` "
                "on it to find uncredited copies and the articles wrong credits copy"
            )
        self._index = index
        return index

    def _copied(
        self, url: str | None, copy: MainText, extraction: Extraction, exclude: str | None
    ) -> TextMatch | None:
        """The stored article on another site whose text this page carries, if any."""
        from attribution.match import Shingler, compare_texts  # noqa: PLC0415
        from attribution.match.run import MIN_CANDIDATE_SCORE, MIN_WORDS  # noqa: PLC0415

        if len(copy.text.split()) < MIN_WORDS:
            return None  # front pages, briefs: as the matching pass does
        index = self._load_index()
        if not len(index):
            return None
        from attribution.match.direction import PageFacts, direction  # noqa: PLC0415

        shingler = Shingler()
        own = registrable_domain_of(url)
        page = PageFacts(url or "", own, extraction.published, extraction.to_dict())
        for candidate in index.query(shingler.shingles(copy.text), min_score=MIN_CANDIDATE_SCORE):
            facts = self._pages.get(cast(int, candidate.key))
            if facts is None or facts.url in (exclude, url):
                continue
            if own is not None and facts.domain == own:
                continue  # the site's own pages are not copies
            first, _copy, confidence, reasons = direction(facts, page, self._registry)
            if first is not facts:
                continue  # this page came first
            found = self._original_text(facts.url)
            if found is None:
                continue
            text, stated = found
            comparison = compare_texts(
                text, copy, license=_license(extraction, self._registry, stated)
            )
            if comparison.verdict in ("verified", "edited"):
                return _from_comparison(
                    comparison,
                    "other_original" if exclude else "uncredited",
                    facts.url,
                    confidence=confidence,
                    reasons=reasons,
                )
        return None

    def matches(self, url: str | None, doc: Document, extraction: Extraction) -> list[TextMatch]:
        from attribution.match import compare_texts  # noqa: PLC0415

        copy = _copy_text(doc, url)
        original = extraction.original
        if not extraction.republished or original is None or not original.url:
            found = self._copied(url, copy, extraction, None)
            return [found] if found is not None else []
        stored = self._original_text(original.url)
        if stored is None:
            log.info("%s: credited original %s is not in the store", url, original.url)
            return []
        text, facts = stored
        comparison = compare_texts(
            text, copy, credited=True, license=_license(extraction, self._registry, facts)
        )
        out = [_from_comparison(comparison, "credited", original.url)]
        if comparison.verdict == "mismatch":
            other = self._copied(url, copy, extraction, original.url)
            if other is not None:
                out.append(other)
        return out


def registrable_domain_of(url: str | None) -> str | None:
    """The registrable domain of a URL's host (``www.example.co.uk`` -> ``example.co.uk``)."""
    from attribution.domains import host_of  # noqa: PLC0415

    return registrable_domain(host_of(url))


class FetchedOriginals:
    """``--fetch-originals``: each credited original fetched once and compared."""

    def __init__(self, registry: Registry, *, limit: int, allow_private: bool) -> None:
        self._registry = registry
        self._limit = limit
        self._allow_private = allow_private
        self._cache: dict[str, tuple[MainText, Extraction] | str] = {}

    def close(self) -> None:
        return None

    def _fetch(self, url: str) -> tuple[MainText, Extraction] | str:
        if url in self._cache:
            return self._cache[url]
        from attribution.extract import extract_document  # noqa: PLC0415
        from attribution.http import fetch_bytes  # noqa: PLC0415 - httpx only when fetching

        result: tuple[MainText, Extraction] | str
        try:
            body, content_type = fetch_bytes(
                url, limit=self._limit, allow_private=self._allow_private
            )
            doc = parse_document(body, url=url, content_type=content_type, source=url)
            facts = extract_document(doc, registry=self._registry, source=url)
            result = (_copy_text(doc, url), facts)
        except AttributionError as exc:
            result = str(exc)
        self._cache[url] = result
        return result

    def matches(self, url: str | None, doc: Document, extraction: Extraction) -> list[TextMatch]:
        from attribution.match import compare_texts  # noqa: PLC0415

        original = extraction.original
        if not extraction.republished or original is None or not original.url:
            return []
        fetched = self._fetch(original.url)
        if isinstance(fetched, str):
            log.warning("%s: cannot fetch the credited original %s: %s", url, original.url, fetched)
            return []
        text, facts = fetched
        if not text.paragraphs:
            log.warning("%s: the credited original %s has no article text", url, original.url)
            return []
        comparison = compare_texts(
            text,
            _copy_text(doc, url),
            credited=True,
            license=_license(extraction, self._registry, facts),
        )
        return [_from_comparison(comparison, "credited", original.url)]


# --- findings --------------------------------------------------------------------------------


def _edits(comparison: Mapping[str, Any]) -> str:
    parts = []
    for key, label in (
        ("paragraphs_removed", "paragraph(s) removed"),
        ("paragraphs_added", "paragraph(s) added"),
        ("paragraphs_changed", "paragraph(s) changed"),
        ("links_dropped", "link(s) dropped"),
        ("quotes_dropped", "quotation(s) dropped"),
    ):
        n = int(comparison.get(key) or 0)
        if n:
            parts.append(f"{n} {label}")
    if comparison.get("title_changed"):
        parts.append("the title changed")
    return ", ".join(parts) or "the text changed"


def _only_trimmed(comparison: Mapping[str, Any]) -> bool:
    """A copy cut short and otherwise unchanged: trimming, not an edit of the text."""
    others = ("paragraphs_added", "paragraphs_changed", "links_dropped", "quotes_dropped")
    return (
        bool(comparison.get("truncated"))
        and not comparison.get("title_changed")
        and not any(int(comparison.get(k) or 0) for k in others)
    )


def _edit_offset(loc: Locator, comparison: Mapping[str, Any]) -> int | None:
    for change in comparison.get("changed") or ():
        if isinstance(change, Mapping) and not change.get("allowed"):
            pos = loc.find_text(str(change.get("copy") or ""))
            if pos is not None:
                return pos
    for added in comparison.get("added") or ():
        pos = loc.find_text(str(added))
        if pos is not None:
            return pos
    return None


def _credit_offset(loc: Locator, extraction: Extraction) -> int | None:
    for credit in extraction.credits:
        if credit.signal in _NOTICE_SIGNALS:
            pos = loc.find_text(credit.text)
            if pos is not None:
                return pos
    return None


def match_findings(
    matches: Iterable[TextMatch],
    extraction: Extraction,
    loc: Locator,
    *,
    page_key: str,
    severities: Mapping[str, Severity],
) -> list[Finding]:
    """ATR007-ATR009 findings of one page's comparisons, located in its markup."""
    rules = {r.id: r for r in RULES}
    items = list(matches)
    findings: list[Finding] = []
    publisher = extraction.original.publisher if extraction.original else None

    def add(rule_id: str, message: str, offset: int, original_url: str | None) -> None:
        key = fingerprint(rule_id, page_key, original_url or "")
        if rule_id not in severities or any(f.fingerprint == key for f in findings):
            return  # off, or already reported (--db and --originals on one page)
        line, column = loc.position(offset)
        findings.append(
            Finding(
                rule=rule_id,
                name=rules[rule_id].name,
                severity=severities[rule_id],
                message=message,
                source=extraction.source,
                url=extraction.url,
                line=line,
                column=column,
                publisher=publisher,
                original_url=original_url,
                fingerprint=key,
            )
        )

    other = next((m for m in items if m.relation == "other_original"), None)
    for match in items:
        if match.relation == "credited" and match.verdict == "mismatch":
            copied = (
                f" It copies {other.original_url} ({other.containment:.0%} of that article's "
                "text): link to it instead."
                if other is not None
                else " Link the credit to the article the text comes from."
            )
            # The link that names the wrong article, else the credit that holds it.
            pos = loc.find_url(match.original_url)
            pos = _credit_offset(loc, extraction) if pos is None else pos
            add(
                "ATR007",
                f"The credit links to {match.original_url}, but the page's text is not that "
                f"article (only {match.containment:.0%} of its text is here).{copied}",
                loc.article_end() if pos is None else pos,
                match.original_url,
            )
        elif match.relation == "uncredited":
            reasons = "; ".join(match.reasons) or "no evidence of who was first"
            add(
                "ATR008",
                f"The text copies {match.original_url} ({match.containment:.0%} of it, "
                f"verdict {match.verdict}) and the page credits nobody; direction confidence "
                f"{match.confidence:.2f} ({reasons}). Credit the author and publisher and link to "
                "the original, as its terms require, or take the copy down.",
                loc.article_end(),
                match.original_url,
            )
        if (
            match.relation in ("credited", "other_original")
            and match.verdict == "edited"
            and match.violation
            and not _only_trimmed(match.comparison)
        ):
            pos = _edit_offset(loc, match.comparison)
            add(
                "ATR009",
                f"{match.original_url} is licensed {match.license or 'without derivatives'}, "
                f"which allows no derivatives, but the copy was edited: "
                f"{_edits(match.comparison)}. Republish the text as published (only time, "
                "place and style references may be adapted), or ask the publisher.",
                (loc.byline() if pos is None else pos),
                match.original_url,
            )
    return findings
