"""Fingerprints and the containment index."""

from __future__ import annotations

import random

import numpy as np

from attribution.match.fingerprint import (
    EMPTY,
    FULL_BELOW,
    Fingerprint,
    Shingler,
    exact_overlap,
    minhash_jaccard,
)
from attribution.match.index import MatchIndex


def words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"w{rng.randrange(50_000)}" for _ in range(n)]


def test_shingles_ignore_case_punctuation_and_typographic_quotes() -> None:
    s = Shingler()
    a = s.shingles("China’s “frontier labs” are, in fact, ahead.")
    b = s.shingles("china's frontier labs are in fact ahead")
    assert np.array_equal(a, b)


def test_shingle_hashes_are_stable_across_shinglers() -> None:
    text = " ".join(words(100, 1))
    assert np.array_equal(Shingler().shingles(text), Shingler().shingles(text))


def test_minhash_estimates_jaccard() -> None:
    s = Shingler()
    base = words(1000, 2)
    a, b = " ".join(base), " ".join(base[:700] + words(300, 3))
    sa, sb = s.shingles(a), s.shingles(b)
    exact = exact_overlap(sa, sb) / (len(sa) + len(sb) - exact_overlap(sa, sb))
    estimate = minhash_jaccard(s.fingerprint(a).minhash, s.fingerprint(b).minhash)
    assert abs(estimate - exact) < 0.15


def test_short_texts_keep_every_shingle_and_long_ones_a_sample() -> None:
    s = Shingler()
    short = s.fingerprint(" ".join(words(40, 4)))
    long = s.fingerprint(" ".join(words(2000, 5)))
    assert short.full and len(short.sample) == short.size
    assert not long.full and 0 < len(long.sample) < long.size / 8
    assert long.size >= FULL_BELOW
    assert (short.minhash != EMPTY).sum() > 0


def test_fingerprints_survive_the_bytes_round_trip() -> None:
    fp = Shingler().fingerprint(" ".join(words(800, 6)))
    back = Fingerprint.from_bytes(fp.size, *fp.to_bytes(), full=fp.full)
    assert np.array_equal(back.minhash, fp.minhash)
    assert np.array_equal(back.sample, fp.sample)


def test_the_index_finds_wrapped_and_truncated_copies_by_containment() -> None:
    s = Shingler()
    index = MatchIndex()
    originals = {i: words(800, 100 + i) for i in range(50)}
    for i, text in originals.items():
        index.add(i, s.fingerprint(" ".join(text)))
    wrapped = words(400, 999) + originals[7] + words(400, 998)
    [hit] = index.query(s.shingles(" ".join(wrapped)))
    assert hit.key == 7 and hit.contained > 0.8 and hit.covers < 0.6
    truncated = originals[9][:300]
    [hit] = index.query(s.shingles(" ".join(truncated)))
    assert hit.key == 9 and hit.covers > 0.8 and hit.contained < 0.6


def test_a_short_quotation_is_not_a_candidate() -> None:
    s = Shingler()
    index = MatchIndex()
    original = words(800, 7)
    index.add("original", s.fingerprint(" ".join(original)))
    quoting = words(500, 8) + original[100:130] + words(300, 9)
    assert index.query(s.shingles(" ".join(quoting)), min_score=0.4) == []


def test_short_stored_texts_are_matched_exactly() -> None:
    s = Shingler()
    index = MatchIndex()
    index.add("short", s.fingerprint("one two three four five six seven eight nine ten"))
    [hit] = index.query(s.shingles("intro one two three four five six seven eight nine ten end"))
    assert hit.key == "short" and hit.contained == 1.0


def test_exclude_leaves_the_query_itself_out() -> None:
    s = Shingler()
    index = MatchIndex()
    text = " ".join(words(600, 10))
    index.add("self", s.fingerprint(text))
    assert index.query(s.shingles(text), exclude="self") == []
