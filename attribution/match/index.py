"""The index: which stored articles share most of a text, by containment as well as Jaccard.

Each article contributes its fingerprint's sample (one shingle in 16, drawn the same way for
every text; every shingle for short texts) to an inverted index: sorted distinct keys, offsets,
and the article of each posting (a CSR layout in numpy arrays, about 12 bytes a posting).

A query probes the index with the *whole* shingle set of the text. For an article ``d``, the
number of its sampled shingles the query contains estimates ``|d ∩ q| / |d|`` directly (for a
short article stored whole, it is exact). From that one count follow the three figures:

- ``contained``: share of the article found in the query (the original inside a wrapped copy);
- ``covers``: share of the query found in the article (a truncated copy inside its original);
- ``jaccard``: ``|d ∩ q| / |d ∪ q|``.

This is locality-sensitive *sampling* rather than MinHash banding: banding only finds pairs
of high Jaccard similarity, and a copy wrapped in extra text or cut short has a low Jaccard
similarity to its original but a high containment. The benchmark measures both
(``benchmarks/match_speed.py``). Keys shared by more than ``max_postings`` articles (boilerplate
phrases) are dropped at build time: they would cost time and tell nothing.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from attribution.match.fingerprint import Fingerprint, in_sample

__all__ = ["Candidate", "MatchIndex"]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored article that shares text with a query, with estimated overlaps."""

    key: Hashable
    #: Share of the stored article's text found in the query.
    contained: float
    #: Share of the query's text found in the stored article.
    covers: float
    jaccard: float
    #: Estimated number of shared shingles.
    shared: float

    @property
    def score(self) -> float:
        """The larger containment."""
        return max(self.contained, self.covers)


@dataclass(slots=True)
class _Postings:
    keys: U64
    offsets: I64
    docs: npt.NDArray[np.int32]

    @classmethod
    def build(cls, samples: list[U64], doc_ids: list[int], max_postings: int) -> _Postings | None:
        if not samples:
            return None
        keys = np.concatenate(samples)
        docs = np.repeat(np.asarray(doc_ids, dtype=np.int32), [len(s) for s in samples]).astype(
            np.int32
        )
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
        docs = docs[order]
        first = np.empty(len(keys), dtype=bool)
        if len(keys):
            first[0] = True
            np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        offsets = np.append(starts, len(keys)).astype(np.int64)
        counts = np.diff(offsets)
        if (counts > max_postings).any():
            keep_key = counts <= max_postings
            keep = np.repeat(keep_key, counts)
            keys, docs = keys[keep], docs[keep]
            counts = counts[keep_key]
            starts = starts[keep_key]
            offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        return cls(keys=keys[offsets[:-1]], offsets=offsets, docs=docs)

    def hits(self, probes: U64) -> npt.NDArray[np.int32]:
        """The article of every posting whose key is among ``probes`` (one entry per hit)."""
        if not len(probes) or not len(self.keys):
            return np.empty(0, dtype=np.int32)
        pos = np.searchsorted(self.keys, probes)
        pos[pos >= len(self.keys)] = 0
        pos = pos[self.keys[pos] == probes]
        if not len(pos):
            return np.empty(0, dtype=np.int32)
        starts = self.offsets[pos]
        lengths = self.offsets[pos + 1] - starts
        if (lengths != 1).any():
            total = int(lengths.sum())
            shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
            starts = shift + np.arange(total)
        return cast("npt.NDArray[np.int32]", self.docs[starts])


class MatchIndex:
    """An in-memory index of article fingerprints. ``add`` them, then ``query`` texts."""

    def __init__(self, *, max_postings: int = 1000) -> None:
        self.max_postings = max_postings
        self._keys: list[Hashable] = []
        self._sizes: list[int] = []
        self._sample_sizes: list[int] = []
        self._samples: dict[bool, list[U64]] = {False: [], True: []}
        self._sample_docs: dict[bool, list[int]] = {False: [], True: []}
        self._built: dict[bool, _Postings | None] = {}
        self._arrays: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]] | None = None

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: Hashable, fingerprint: Fingerprint) -> int:
        """Index one article under ``key``; returns its position."""
        doc = len(self._keys)
        self._keys.append(key)
        self._sizes.append(fingerprint.size)
        self._sample_sizes.append(max(len(fingerprint.sample), 1))
        if len(fingerprint.sample):
            self._samples[fingerprint.full].append(fingerprint.sample)
            self._sample_docs[fingerprint.full].append(doc)
        self._built = {}
        self._arrays = None
        return doc

    def _build(self) -> None:
        if self._built:
            return
        for full in (False, True):
            self._built[full] = _Postings.build(
                self._samples[full], self._sample_docs[full], self.max_postings
            )
        self._arrays = (
            np.asarray(self._sizes, dtype=np.float64),
            np.asarray(self._sample_sizes, dtype=np.float64),
        )

    def query(
        self,
        shingles: U64,
        *,
        min_score: float = 0.5,
        exclude: Hashable | None = None,
        limit: int = 20,
    ) -> list[Candidate]:
        """Stored articles sharing at least ``min_score`` of either text, best first.

        ``shingles`` is the query's sorted distinct shingle-hash array
        (:meth:`Shingler.shingles`).
        """
        if not len(shingles) or not self._keys:
            return []
        self._build()
        assert self._arrays is not None
        parts = []
        sampled = self._built.get(False)
        if sampled is not None:
            parts.append(sampled.hits(shingles[in_sample(shingles)]))
        whole = self._built.get(True)
        if whole is not None:
            parts.append(whole.hits(shingles))
        docs = np.concatenate(parts) if len(parts) > 1 else parts[0] if parts else None
        if docs is None or not len(docs):
            return []
        docs = np.sort(docs)
        first = np.empty(len(docs), dtype=bool)
        first[0] = True
        np.not_equal(docs[1:], docs[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        ids = docs[starts]
        counts = np.diff(np.append(starts, len(docs))).astype(np.float64)
        sizes, sample_sizes = self._arrays
        n_d = sizes[ids]
        contained = np.minimum(counts / sample_sizes[ids], 1.0)
        shared = contained * n_d
        n_q = float(len(shingles))
        covers = np.minimum(shared / n_q, 1.0)
        good = np.maximum(contained, covers) >= min_score
        out: list[Candidate] = []
        for i in np.flatnonzero(good):
            key = self._keys[int(ids[i])]
            if exclude is not None and key == exclude:
                continue
            s = float(shared[i])
            out.append(
                Candidate(
                    key=key,
                    contained=float(contained[i]),
                    covers=float(covers[i]),
                    jaccard=s / max(float(n_d[i]) + n_q - s, 1.0),
                    shared=s,
                )
            )
        out.sort(key=lambda c: (-c.score, -c.jaccard))
        return out[:limit]
