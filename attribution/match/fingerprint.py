"""Fingerprints: 5-word shingles, a MinHash signature, and a containment sample.

Every shingle (five consecutive tokens) becomes one 64-bit hash, computed with numpy over the
whole text at once (token hashes combined polynomially, then the splitmix64 finaliser). From
the set of shingle hashes:

- the **MinHash** signature is one-permutation MinHash (Li, Owen and Zhang, 2012): the top 7
  bits pick one of 128 bins, the signature keeps each bin's smallest value (an empty bin is
  ``EMPTY``). Because the shingle hashes are sorted, each bin's minimum is the first hash in
  its run: no per-permutation work at all. It estimates Jaccard similarity.
- the **sample** keeps the shingles whose low ``SAMPLE_BITS`` bits are zero (one in 16): a
  sample every document draws the same way, so the shared part of two texts is sampled the
  same way in both, and containment (how much of A is in B) can be estimated in either
  direction. Short texts (fewer than ``FULL_BELOW`` shingles) keep every shingle, exactly.

Hashes depend only on the text (never on ``hash()`` and its per-process seed), so stored
fingerprints stay valid across runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "EMPTY",
    "FINGERPRINT_VERSION",
    "Fingerprint",
    "Shingler",
    "minhash_jaccard",
]

U64 = npt.NDArray[np.uint64]

#: Bumped whenever hashing or sampling changes: stored fingerprints of another version are
#: recomputed.
FINGERPRINT_VERSION = 1
SHINGLE_WORDS = 5
NUM_BINS = 128
_BIN_SHIFT = np.uint64(64 - 7)  # 2**7 == NUM_BINS
_VALUE_MASK = np.uint64((1 << 57) - 1)
#: A bin no shingle fell into.
EMPTY = np.uint64((1 << 64) - 1)
SAMPLE_BITS = 4
_SAMPLE_MASK = np.uint64((1 << SAMPLE_BITS) - 1)
#: Texts with fewer shingles keep them all (a one-in-16 sample of 40 shingles says little).
FULL_BELOW = 256

# Odd 64-bit multipliers (from splitmix64 and the golden ratio).
_P = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_PINV = np.uint64(pow(0x9E3779B97F4A7C15, -1, 1 << 64))

# Bytes that belong to words: ASCII letters, digits, underscore, and every byte of a non-ASCII
# UTF-8 sequence (letters of other scripts), less the punctuation handled in word_hashes.
_WORD_BYTES = np.zeros(256, dtype=bool)
_WORD_BYTES[list(b"abcdefghijklmnopqrstuvwxyz0123456789_")] = True
_WORD_BYTES[0x80:] = True
_LATIN1_PUNCT = np.zeros(256, dtype=bool)
_LATIN1_PUNCT[[0xA0, 0xA1, 0xAB, 0xB7, 0xBB, 0xBF]] = True


def _mix(x: U64) -> U64:
    """splitmix64's finaliser: every input bit affects every output bit."""
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return x ^ (x >> _S31)


@dataclass(frozen=True, slots=True, eq=False)
class Fingerprint:
    """What the index and the store keep of one text."""

    #: Number of distinct shingles.
    size: int
    #: One-permutation MinHash, NUM_BINS values (``EMPTY`` for an empty bin).
    minhash: U64
    #: Sorted sampled shingle hashes (every shingle when ``full``).
    sample: U64
    full: bool

    def to_bytes(self) -> tuple[bytes, bytes]:
        """(minhash, sample) as little-endian bytes, for the store."""
        return self.minhash.astype("<u8").tobytes(), self.sample.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, size: int, minhash: bytes, sample: bytes, *, full: bool) -> Fingerprint:
        """Rebuild a stored fingerprint."""
        return cls(
            size=size,
            minhash=np.frombuffer(minhash, dtype="<u8").astype(np.uint64),
            sample=np.frombuffer(sample, dtype="<u8").astype(np.uint64),
            full=full,
        )


class Shingler:
    """Turns texts into shingle hashes and fingerprints.

    Words are hashed in numpy over the UTF-8 bytes, without a Python loop over words: a word
    is a run of ASCII letters, digits and underscores or non-ASCII letters (typographic quotes,
    dashes and no-break spaces separate words), lower-cased; its hash is the polynomial
    ``sum(byte_j * P**(j - start))`` taken from one prefix sum. The powers of ``P`` and of its
    inverse (mod 2**64) are kept here and grown on demand.
    """

    def __init__(self) -> None:
        self._pow = np.ones(1, dtype=np.uint64)
        self._ipow = np.ones(1, dtype=np.uint64)

    def _powers(self, n: int) -> tuple[U64, U64]:
        if len(self._pow) < n:
            size = max(n, 2 * len(self._pow), 4096)
            self._pow = _powers_of(_P, size)
            self._ipow = _powers_of(_PINV, size)
        return self._pow, self._ipow

    def word_hashes(self, text: str) -> U64:
        """One 64-bit hash per word of ``text``, in order."""
        data = text.lower().encode("utf-8", errors="replace")
        b = np.frombuffer(data, dtype=np.uint8)
        if not len(b):
            return np.empty(0, dtype=np.uint64)
        word = _WORD_BYTES[b]
        if not data.isascii():
            # U+2000-U+206F (quotes, dashes, spaces) and Latin-1 punctuation are separators.
            punct = np.flatnonzero((b[:-2] == 0xE2) & ((b[1:-1] == 0x80) | (b[1:-1] == 0x81)))
            for k in range(3):
                word[punct + k] = False
            latin = np.flatnonzero((b[:-1] == 0xC2) & _LATIN1_PUNCT[b[1:]])
            word[latin] = False
            word[latin + 1] = False
        edges = np.diff(word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
        starts = np.flatnonzero(edges == 1)
        ends = np.flatnonzero(edges == -1)
        pw, ipw = self._powers(len(b) + 1)
        prefix = np.zeros(len(b) + 1, dtype=np.uint64)
        np.cumsum(b.astype(np.uint64) * pw[: len(b)], out=prefix[1:])
        return (prefix[ends] - prefix[starts]) * ipw[starts]

    def shingles(self, text: str) -> U64:
        """The sorted distinct shingle hashes of a text."""
        h = self.word_hashes(text)
        if not len(h):
            return h
        n = len(h) - SHINGLE_WORDS + 1
        if n <= 0:
            # A text shorter than one shingle is one shingle of what it has.
            acc = h[:1].copy()
            for k in range(1, len(h)):
                acc *= _P
                acc += h[k : k + 1]
            return _mix(acc)
        acc = h[:n].copy()
        for k in range(1, SHINGLE_WORDS):
            acc *= _P
            acc += h[k : k + n]
        return _sorted_unique(_mix(acc))

    def fingerprint(self, text: str) -> Fingerprint:
        """The fingerprint of a text."""
        return fingerprint_of(self.shingles(text))


def _powers_of(base: np.uint64, n: int) -> U64:
    out = np.empty(n, dtype=np.uint64)
    out[0] = 1
    np.cumprod(np.full(n - 1, base, dtype=np.uint64), out=out[1:])
    return out


def _sorted_unique(x: U64) -> U64:
    # np.unique is several times slower than this on short arrays.
    x = np.sort(x)
    if len(x) > 1:
        keep = np.empty(len(x), dtype=bool)
        keep[0] = True
        np.not_equal(x[1:], x[:-1], out=keep[1:])
        x = x[keep]
    return x


def fingerprint_of(shingles: U64) -> Fingerprint:
    """The fingerprint of a sorted distinct shingle-hash array."""
    bins = np.arange(NUM_BINS + 1, dtype=np.uint64)
    edges = np.empty(NUM_BINS + 1, dtype=np.int64)
    edges[:NUM_BINS] = np.searchsorted(shingles, bins[:NUM_BINS] << _BIN_SHIFT)
    edges[NUM_BINS] = len(shingles)
    starts = edges[:NUM_BINS]
    present = starts < edges[1:]
    minhash = np.full(NUM_BINS, EMPTY, dtype=np.uint64)
    minhash[present] = shingles[starts[present]] & _VALUE_MASK
    full = len(shingles) < FULL_BELOW
    sample = shingles if full else shingles[(shingles & _SAMPLE_MASK) == 0]
    return Fingerprint(size=len(shingles), minhash=minhash, sample=sample, full=full)


def in_sample(shingles: U64) -> npt.NDArray[np.bool_]:
    """Which shingle hashes any long text samples."""
    picked: npt.NDArray[np.bool_] = (shingles & _SAMPLE_MASK) == 0
    return picked


SAMPLE_RATE = 1.0 / (1 << SAMPLE_BITS)


def minhash_jaccard(a: U64, b: U64) -> float:
    """The one-permutation MinHash estimate of Jaccard similarity (jointly empty bins skipped)."""
    used = (a != EMPTY) | (b != EMPTY)
    n = int(used.sum())
    if n == 0:
        return 0.0
    return float(((a == b) & used).sum()) / n


def exact_overlap(a: U64, b: U64) -> int:
    """How many shingle hashes two sorted distinct arrays share."""
    if not len(a) or not len(b):
        return 0
    return int(np.intersect1d(a, b, assume_unique=True).size)
