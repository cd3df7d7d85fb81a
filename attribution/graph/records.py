"""Article records: every copy -> original relation in a store, streamed as ``ArticleRecord``.

A credited copy (``copies``) and the text match that compared it (``matches``, relation
credited) are one record; a text match no credit explains (uncredited, or a copy whose text is
another article than the one it credits) is a record of its own with ``credited`` False.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from attribution.domains import registrable_domain
from attribution.models import CREDIT_ELEMENTS, ArticleRecord, Publisher
from attribution.registry import Registry, load_registry
from attribution.store import Store

__all__ = ["diff_summary", "iter_article_records", "publisher_matches"]

#: What an uncredited copy lacks when the registry does not say what the publisher requires.
UNCREDITED_MISSING: tuple[str, ...] = ("author", "publisher", "link")

_DIFF_PARTS = (
    ("paragraph removed", "paragraphs removed"),
    ("paragraph added", "paragraphs added"),
    ("paragraph changed", "paragraphs changed"),
    ("sentence changed", "sentences changed"),
)


def diff_summary(figures: list[Any]) -> str | None:
    """The one-line summary of a comparison's figures (paragraphs removed, added, changed,
    sentences changed, title changed, truncated, links dropped), or None when nothing
    changed."""
    bits = []
    for n, (one, many) in zip(figures[:4], _DIFF_PARTS, strict=True):
        if n:
            bits.append(f"{n} {one if n == 1 else many}")
    if figures[4]:
        bits.append("title changed")
    if figures[5]:
        bits.append("truncated")
    links = figures[6]
    if links:
        bits.append(f"{links} link{'s' if links != 1 else ''} dropped")
    return ", ".join(bits) or None


def publisher_matches(record: ArticleRecord, publisher: str) -> bool:
    """True when ``publisher`` (a registry id or a domain) is the record's original publisher."""
    key = publisher.strip().lower()
    return key in (record.publisher_id, record.original_domain)


def iter_article_records(
    store: Store,
    *,
    publisher: str | None = None,
    since: str | None = None,
    registry: Registry | None = None,
) -> Iterator[ArticleRecord]:
    """Every copy -> original relation in ``store``, by copy page id, streamed.

    ``publisher`` keeps the copies of one publisher's articles (a registry id such as
    ``theconversation`` or an original's registrable domain); ``since`` keeps copies fetched at
    or after an ISO date. ``registry`` names publishers (default: the bundled registry).
    """
    reg = registry if registry is not None else load_registry()
    by_domain = lru_cache(maxsize=None)(reg.by_domain)
    for row in store.iter_article_rows(since=since):
        record = _record(row, reg, by_domain)
        if record is None:
            continue
        if publisher is not None and not publisher_matches(record, publisher):
            continue
        yield record


def _record(row: tuple[Any, ...], reg: Registry, by_domain: Any) -> ArticleRecord | None:
    (copy_page_id, copy_url, copy_domain, original_url, orig_dom, original_page_id, credited_,
     seen, text_title, fields, verdict, containment, figures, credit_texts,
     chain_parent) = row  # fmt: skip
    if original_page_id is not None and original_page_id == copy_page_id:
        return None  # a page never copies itself
    title, missing_list, registry_id, publisher_name = (
        json.loads(fields) if fields else (None, None, None, None)
    )
    original_domain = registrable_domain(orig_dom) if orig_dom else None
    pub: Publisher | None = reg.get(registry_id) if registry_id else None
    if pub is None or pub.generic:
        found = by_domain(original_domain)
        pub = found if found is not None and not found.generic else pub
    named = pub is not None and not pub.generic
    credited = bool(credited_)
    if credited:
        missing = tuple(missing_list) if missing_list else ()
    else:
        # Nothing credits the original: every element its publisher requires is missing.
        required = pub.requires if pub is not None and pub.requires else UNCREDITED_MISSING
        missing = tuple(e for e in CREDIT_ELEMENTS if e in required)
    if verdict not in ("verified", "edited", "mismatch"):
        verdict = None
    if chain_parent is not None and chain_parent in (copy_url, original_url):
        chain_parent = None  # a loop (A copies B copies A): not a chain
    return ArticleRecord(
        copy_page_id=copy_page_id,
        copy_url=copy_url,
        copy_domain=registrable_domain(copy_domain) or copy_domain or "",
        title=text_title or title,
        original_url=original_url,
        original_domain=original_domain,
        original_page_id=original_page_id,
        publisher_id=pub.id if named and pub is not None else None,
        publisher=pub.name if named and pub is not None else publisher_name,
        credited=credited,
        verdict=verdict,
        containment=float(containment) if containment is not None and verdict else None,
        missing=missing,
        evidence=tuple(credit_texts.split("\x1f")) if credit_texts else (),
        diff=diff_summary(json.loads(figures)) if figures else None,
        seen=seen,
        chain_parent=chain_parent,
    )
