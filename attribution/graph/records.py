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

__all__ = [
    "RecordFields",
    "diff_summary",
    "iter_article_records",
    "iter_record_fields",
    "publisher_matches",
]

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
    for fields in iter_record_fields(store, publisher=publisher, since=since, registry=registry):
        yield ArticleRecord(*fields)


def iter_record_fields(
    store: Store,
    *,
    publisher: str | None = None,
    since: str | None = None,
    registry: Registry | None = None,
    details: bool = True,
    chain: bool = True,
) -> Iterator[RecordFields]:
    """``iter_article_records`` as plain tuples in ``ArticleRecord`` field order (``F_*``
    indexes): what the million-article export reads, a frozen dataclass per row costing more
    than the rest of the record. Without ``details`` the title, evidence and diff are empty,
    without ``chain`` the chain parent (see ``Store.iter_article_rows``): the graphs that do
    not show them read faster."""
    reader = _RecordReader(registry if registry is not None else load_registry())
    key = publisher.strip().lower() if publisher is not None else None
    fields_of = reader.fields
    for row in store.iter_article_rows(since=since, details=details, chain=chain):
        fields = fields_of(row)
        if fields is None:
            continue
        if key is not None and key not in (fields[F_PUBLISHER_ID], fields[F_ORIGINAL_DOMAIN]):
            continue
        yield fields


#: One record as a tuple, in ArticleRecord field order.
RecordFields = tuple[Any, ...]
(F_COPY_PAGE_ID, F_COPY_URL, F_COPY_DOMAIN, F_TITLE, F_ORIGINAL_URL, F_ORIGINAL_DOMAIN,
 F_ORIGINAL_PAGE_ID, F_PUBLISHER_ID, F_PUBLISHER, F_CREDITED, F_VERDICT, F_CONTAINMENT,
 F_MISSING, F_EVIDENCE, F_DIFF, F_SEEN, F_CHAIN_PARENT) = range(17)  # fmt: skip

#: Caches are dropped past this many entries: a store's distinct publisher and credit
#: combinations are few, but nothing bounds them.
_CACHE_LIMIT = 200_000


class _RecordReader:
    """Store rows to record fields. What a row's original and credit combination mean
    (registrable domain, registry publisher, missing elements) is worked out once per distinct
    combination, not once per row."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self.by_domain = lru_cache(maxsize=None)(reg.by_domain)
        self._original: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        self._diff: dict[str, str | None] = {}

    def _resolve(
        self, orig_dom: str | None, registry_id: str | None, name: str | None, credited: bool,
        missing_list: tuple[str, ...],
    ) -> tuple[str | None, str | None, str | None, tuple[str, ...]]:  # fmt: skip
        reg = self.reg
        original_domain = registrable_domain(orig_dom) if orig_dom else None
        pub: Publisher | None = reg.get(registry_id) if registry_id else None
        if pub is None or pub.generic:
            found = self.by_domain(original_domain)
            pub = found if found is not None and not found.generic else pub
        named = pub is not None and not pub.generic
        if credited:
            missing = missing_list
        else:
            # Nothing credits the original: every element its publisher requires is missing.
            required = pub.requires if pub is not None and pub.requires else UNCREDITED_MISSING
            missing = tuple(e for e in CREDIT_ELEMENTS if e in required)
        return (
            original_domain,
            pub.id if named and pub is not None else None,
            pub.name if named and pub is not None else name,
            missing,
        )

    def fields(self, row: tuple[Any, ...]) -> RecordFields | None:
        """The record fields of one ``Store.iter_article_rows`` row (None: not a record)."""
        (copy_page_id, copy_url, copy_domain, original_url, orig_dom, original_page_id,
         credited_, seen, text_title, title, fields, verdict, containment, figures,
         credit_texts, chain_parent) = row  # fmt: skip
        if original_page_id is not None and original_page_id == copy_page_id:
            return None  # a page never copies itself
        credited = bool(credited_)
        key = (orig_dom, fields, credited)
        resolved = self._original.get(key)
        if resolved is None:
            if len(self._original) > _CACHE_LIMIT:
                self._original.clear()
            missing_list, registry_id, publisher_name = (
                json.loads(fields) if fields else (None, None, None)
            )
            missing_t = tuple(missing_list) if missing_list and credited else ()
            resolved = self._original[key] = self._resolve(
                orig_dom, registry_id, publisher_name, credited, missing_t
            )
        original_domain, publisher_id, publisher, missing = resolved
        if verdict not in ("verified", "edited", "mismatch"):
            verdict = None
        if chain_parent is not None and chain_parent in (copy_url, original_url):
            chain_parent = None  # a loop (A copies B copies A): not a chain
        diff = None
        if figures:
            diff = self._diff.get(figures, figures)
            if diff is figures:
                if len(self._diff) > _CACHE_LIMIT:
                    self._diff.clear()
                diff = self._diff[figures] = diff_summary(json.loads(figures))
        return (
            copy_page_id,
            copy_url,
            registrable_domain(copy_domain) or copy_domain or "",
            text_title or title,
            original_url,
            original_domain,
            original_page_id,
            publisher_id,
            publisher,
            credited,
            verdict,
            float(containment) if containment is not None and verdict else None,
            missing,
            tuple(credit_texts.split("\x1f")) if credit_texts else (),
            diff,
            seen,
            chain_parent,
        )
