"""The matching pass over a store: what `attribution match --db` and the end of a crawl run.

1. Main text and fingerprint of every stored HTML page that has none yet (or whose body
   changed), parsed from the stored body.
2. An index of the fingerprints of every article of at least ``MIN_WORDS`` words.
3. Credited copies: each copy is compared with the original it credits, once fetched:
   ``verified``, ``edited`` or ``mismatch``. A mismatching copy is looked up in the index for the
   article its text does copy (``other_original``).
4. Uncredited copies: each article that credits nobody is looked up in the index; a match on
   another site whose direction says it came first is recorded as ``uncredited``, with the
   direction's confidence and reasons. When several stored articles carry the same text (an
   original and its credited copies), the most original-looking one is chosen
   (:meth:`_Pass.choose`).
5. The results replace the previous pass's (results of `attribution compare` are kept).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from attribution.errors import DecodeError
from attribution.extract import parse_document
from attribution.match.compare import DEFAULT_THRESHOLDS, Thresholds, compare_texts
from attribution.match.direction import PageFacts, direction, published_time
from attribution.match.fingerprint import (
    FINGERPRINT_VERSION,
    Fingerprint,
    Shingler,
    exact_overlap,
)
from attribution.match.index import MatchIndex
from attribution.match.text import TEXT_VERSION, main_text
from attribution.models import Comparison, MainText, MatchRelation, MatchResult, MatchSummary
from attribution.registry import Registry
from attribution.store import Store

__all__ = ["MIN_WORDS", "confirm_original", "match_store", "update_texts"]

log = logging.getLogger(__name__)

#: Texts shorter than this are not looked up as possible uncredited copies (front pages,
#: section pages and stubs); credited copies are compared whatever their length.
MIN_WORDS = 50
#: The least share of either text that the index must report for a pair to be compared.
MIN_CANDIDATE_SCORE = 0.4
#: Candidate originals whose Jaccard similarity to the copy is within this of the best one's
#: carry the same text (an original and its credited copies): a tie, broken by originality.
TIE_MARGIN = 0.05
_LATEST = datetime.max.replace(tzinfo=UTC)
_BATCH = 200
#: The version of main-text extraction and fingerprinting that stored texts were made with;
#: stored texts of another version are made again. Bump it when either changes.
STORED_VERSION = TEXT_VERSION * 1000 + FINGERPRINT_VERSION


def update_texts(
    store: Store, *, shingler: Shingler | None = None, page_ids: list[int] | None = None
) -> int:
    """Extract and store the main text and fingerprint of pages that lack a current one."""
    shingler = shingler or Shingler()
    batch: list[Any] = []
    written = 0
    for page_id, url, content_type, published, content_hash in store.pages_needing_text(
        STORED_VERSION, page_ids
    ):
        body = store.get_body(page_id)
        text = MainText(title=None, paragraphs=())
        if body is not None:
            try:
                doc = parse_document(body, url=url, content_type=content_type, source=url)
                text = main_text(doc.tree, url=url)
            except DecodeError as exc:
                log.info("%s: no main text (%s)", url, exc)
        fp = shingler.fingerprint(text.text)
        minhash, sample = fp.to_bytes()
        batch.append(
            (
                page_id,
                content_hash,
                text,
                published,
                (fp.size, fp.full, minhash, sample, STORED_VERSION),
            )
        )
        if len(batch) >= _BATCH:
            written += store.save_texts(batch)
            batch = []
    if batch:
        written += store.save_texts(batch)
    return written


@dataclass(slots=True)
class _Page:
    facts: PageFacts
    words: int
    content_hash: str | None


@dataclass(slots=True)
class _Pass:
    store: Store
    registry: Registry
    thresholds: Thresholds
    shingler: Shingler = field(default_factory=Shingler)
    pages: dict[int, _Page] = field(default_factory=dict)
    texts: dict[int, MainText] = field(default_factory=dict)
    #: Pages that other pages credit (the original of a stored copy link).
    credited_originals: set[int] = field(default_factory=set)

    def load_pages(self) -> None:
        for page_id, url, domain, words, published, chash, ext in self.store.iter_text_pages():
            self.pages[page_id] = _Page(PageFacts(url, domain, published, ext), words, chash)

    def site(self, page_id: int) -> str | None:
        """The registry publisher's id of a page's domain, else the domain."""
        domain = self.pages[page_id].facts.domain
        publisher = self.registry.by_domain(domain) if domain else None
        return f"registry:{publisher.id}" if publisher is not None else domain

    def text(self, page_id: int) -> MainText | None:
        if page_id not in self.texts:
            found = self.store.get_text(page_id)
            if found is None:
                return None
            self.texts[page_id] = found
        return self.texts[page_id]

    def license(self, original: int, copy: int) -> str | None:
        """The original's licence: its publisher's terms, what it states, what the copy states."""
        facts = self.pages[original].facts
        publisher = self.registry.by_domain(facts.domain) if facts.domain else None
        if publisher is not None and publisher.license:
            return publisher.license
        stated = facts.extraction.get("license")
        if stated:
            return str(stated)
        copy_license = self.pages[copy].facts.extraction.get("license")
        return str(copy_license) if copy_license else None

    def originality(self, page_id: int) -> tuple[int, bool, datetime, int]:
        """Sort key, most original first: how many of (credited by other pages, not
        republished, on a registry publisher's domain) hold, then the earliest publication
        date, then the page id (a stable last resort)."""
        facts = self.pages[page_id].facts
        signs = (
            int(page_id in self.credited_originals)
            + int(not facts.extraction.get("republished"))
            + int(facts.domain is not None and self.registry.by_domain(facts.domain) is not None)
        )
        when = published_time(facts.published)
        return (-signs, when is None, when or _LATEST, page_id)

    def choose(
        self, copy: int, options: list[tuple[int, float, tuple[str, ...]]]
    ) -> tuple[int, Comparison, float, tuple[str, ...]] | None:
        """The original of ``copy`` among ``options`` (page id, direction confidence, reasons):
        the closest text whose comparison says it is the same article. Candidates within
        ``TIE_MARGIN`` of the closest carry the same text (an original and its credited
        copies): the most original of them is tried first, whatever the index's order."""
        copy_text = self.text(copy)
        if copy_text is None or not options:
            return None
        mine = self.shingler.shingles(copy_text.text)
        scored: list[tuple[float, int, float, tuple[str, ...]]] = []
        for other, confidence, reasons in options:
            text = self.text(other)
            if text is None:
                continue
            theirs = self.shingler.shingles(text.text)
            shared = exact_overlap(mine, theirs)
            union = len(mine) + len(theirs) - shared
            scored.append((shared / union if union else 0.0, other, confidence, reasons))
        scored.sort(key=lambda s: -s[0])
        while scored:
            best = scored[0][0]
            group = [s for s in scored if s[0] >= best - TIE_MARGIN]
            scored = scored[len(group) :]
            for _j, other, confidence, reasons in sorted(
                group, key=lambda s: self.originality(s[1])
            ):
                found = self.compare(other, copy, credited=False)
                if found is not None and found.verdict in ("verified", "edited"):
                    return other, found, confidence, reasons
        return None

    def compare(self, original: int, copy: int, *, credited: bool) -> Comparison | None:
        a, b = self.text(original), self.text(copy)
        if a is None or b is None or not a.paragraphs:
            return None
        return compare_texts(
            a,
            b,
            credited=credited,
            license=self.license(original, copy),
            thresholds=self.thresholds,
            shingler=self.shingler,
        )

    def result(
        self,
        original: int,
        copy: int,
        relation: MatchRelation,
        comparison: Comparison,
        confidence: float,
        reasons: tuple[str, ...],
    ) -> MatchResult:
        return MatchResult(
            copy_url=self.pages[copy].facts.url,
            original_url=self.pages[original].facts.url,
            relation=relation,
            verdict=comparison.verdict,
            score=round(comparison.score, 4),
            jaccard=comparison.jaccard,
            containment=comparison.containment,
            confidence=confidence,
            violation=comparison.violation,
            reasons=reasons,
            comparison=comparison,
            copy_page_id=copy,
            original_page_id=original,
        )


def confirm_original(
    store: Store,
    original_page_id: int,
    *,
    registry: Registry,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> list[MatchResult]:
    """Compare a just-fetched original with every stored copy that credits it, and store the
    results (the crawler's ``--follow-credits`` check that the credit names the right article).
    """
    links = store.copies_of(original_page_id)
    if not links:
        return []
    ids = [original_page_id, *(link.copy_page_id for link in links)]
    update_texts(store, page_ids=ids)
    run = _Pass(store, registry, thresholds)
    run.load_pages()
    results = []
    for link in links:
        if link.copy_page_id not in run.pages or original_page_id not in run.pages:
            continue
        comparison = run.compare(original_page_id, link.copy_page_id, credited=True)
        if comparison is None:
            continue
        results.append(
            run.result(
                original_page_id,
                link.copy_page_id,
                "credited",
                comparison,
                1.0,
                ("the copy credits this article",),
            )
        )
    store.save_matches(
        (r, run.pages[r.copy_page_id].content_hash, run.pages[original_page_id].content_hash)
        for r in results
    )
    return results


def match_store(
    store: Store,
    *,
    registry: Registry,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    min_words: int = MIN_WORDS,
    min_score: float = MIN_CANDIDATE_SCORE,
) -> tuple[MatchSummary, list[MatchResult]]:
    """Run the whole matching pass over a store; store and return the results."""
    started = time.monotonic()
    extracted = update_texts(store)
    run = _Pass(store, registry, thresholds)
    run.load_pages()
    index = MatchIndex()
    for page_id, size, full, minhash, sample in store.iter_fingerprints(
        STORED_VERSION, min_words=min_words
    ):
        index.add(page_id, Fingerprint.from_bytes(size, minhash, sample, full=full))
    results: list[MatchResult] = []
    missing = 0

    def candidates(copy: int, exclude: set[int]) -> list[int]:
        text = run.text(copy)
        if text is None or not len(index):
            return []
        own = run.site(copy)
        found = index.query(run.shingler.shingles(text.text), min_score=min_score)
        keys = [cast(int, c.key) for c in found]
        # Pages of one site or one publisher (khn.org and kffhealthnews.org) are not copies.
        return [k for k in keys if k not in exclude and run.site(k) != own]

    links = list(store.iter_copies())
    run.credited_originals = {
        link.original_page_id for link in links if link.original_page_id is not None
    }
    # copy -> the page it credits: a page is never the original of the page it credits.
    credits_page = {
        link.copy_page_id: link.original_page_id
        for link in links
        if link.original_page_id is not None
    }

    # Credited copies.
    credited_copies: set[int] = set()
    for link in links:
        credited_copies.add(link.copy_page_id)
        original = link.original_page_id
        if original is None or original not in run.pages or link.copy_page_id not in run.pages:
            missing += 1
            continue
        comparison = run.compare(original, link.copy_page_id, credited=True)
        if comparison is None:
            missing += 1
            continue
        results.append(
            run.result(
                original,
                link.copy_page_id,
                "credited",
                comparison,
                1.0,
                ("the copy credits this article",),
            )
        )
        if comparison.verdict != "mismatch":
            continue
        options = []
        for other in candidates(link.copy_page_id, {link.copy_page_id, original}):
            orig, _copy, confidence, reasons = direction(
                run.pages[other].facts, run.pages[link.copy_page_id].facts, registry
            )
            if orig is run.pages[other].facts:
                options.append((other, confidence, reasons))
        chosen = run.choose(link.copy_page_id, options)
        if chosen is not None:
            other, found, confidence, reasons = chosen
            results.append(
                run.result(other, link.copy_page_id, "other_original", found, confidence, reasons)
            )

    # Uncredited copies: articles that credit nobody, matched against every other site.
    for page_id, page in run.pages.items():
        if page.words < min_words or page_id in credited_copies:
            continue
        if page.facts.extraction.get("republished"):
            continue
        options = []
        for other in candidates(page_id, {page_id}):
            orig, _copy, confidence, reasons = direction(
                run.pages[other].facts, page.facts, registry
            )
            if orig is not run.pages[other].facts or credits_page.get(other) == page_id:
                continue  # this page came first: the other one is the copy
            if confidence == 0.0 and other > page_id:
                continue  # no evidence either way: report the pair once, the older row first
            options.append((other, confidence, reasons))
        # The index's order is no answer when an original and its credited copies carry the
        # same text: choose() prefers the original whatever the dates say.
        chosen = run.choose(page_id, options)
        if chosen is not None:
            other, found, confidence, reasons = chosen
            results.append(run.result(other, page_id, "uncredited", found, confidence, reasons))

    store.save_matches(
        (
            (
                r,
                run.pages[r.copy_page_id].content_hash,
                run.pages[r.original_page_id or 0].content_hash,
            )
            for r in results
        ),
        replace_relations=("credited", "uncredited", "other_original"),
    )
    summary = MatchSummary(
        articles=sum(1 for p in run.pages.values() if p.words >= min_words),
        indexed=len(index),
        texts_extracted=extracted,
        credited=sum(1 for r in results if r.relation == "credited"),
        verified=sum(1 for r in results if r.relation == "credited" and r.verdict == "verified"),
        edited=sum(1 for r in results if r.relation == "credited" and r.verdict == "edited"),
        mismatch=sum(1 for r in results if r.verdict == "mismatch"),
        violations=sum(1 for r in results if r.violation),
        uncredited=sum(1 for r in results if r.relation == "uncredited"),
        originals_missing=missing,
        seconds=round(time.monotonic() - started, 3),
    )
    return summary, results
