"""Matching speed and quality on synthetic corpora, against datasketch and brute force.

Usage::

    python benchmarks/match_speed.py [--articles 5000] [--rounds 3] [--baseline-articles N]
                                     [--seed 1] [--json FILE]

The generator writes articles of 400-1,200 words in paragraphs, from a Zipf vocabulary mixed
with one of 40 topics' own words (so articles of one topic share vocabulary, not sentences),
and plants, for one article in ten, a family around it: a copy wrapped in other text, a copy
cut to 85-95 %, a copy cut to half, a copy with one or two paragraphs removed, a copy with a
reworded paragraph, and a decoy that quotes 30 words of it. Articles of the same topic are the
near-topic decoys.

Three pipelines run over the same texts, one core, in the same process:

- attribution: ``Shingler.fingerprint`` + ``MatchIndex.add`` (signatures and index), then
  ``MatchIndex.query`` of every article with its shingles (candidate search, min score 0.4);
- datasketch: ``MinHash(num_perm=128)`` over lower-cased 5-word shingles (``update_batch``),
  ``MinHashLSH(threshold=0.5, num_perm=128)``: insert every article, then query every article;
- brute force: exact shingle sets, every query intersected with every article (timed on a
  sample of queries, extrapolated to all).

Truth is exact containment (share of one article's distinct shingles found in the other, the
larger of the two directions) over every pair inside a planted family; with 20,000 articles or
fewer an exact all-pairs join also checks that no high-containment pair exists outside the
families. Recall: share of pairs with containment >= 0.8 that the candidate search returns.
Precision: share of returned pairs whose containment is >= 0.5.

Times are the median of ``--rounds``; datasketch runs on ``--baseline-articles`` (default: the
whole corpus up to 5,000) and its rate is per article. Targets: signatures + index at least 3x
datasketch's throughput, recall >= 0.99 at containment >= 0.8, and a 100,000-article corpus
matched (signatures, index, every query) in under 120 s with under 2 GB peak memory; with
fewer articles the 100k figure is extrapolated linearly from the measured rate and marked so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np

from attribution.match.fingerprint import Shingler, exact_overlap
from attribution.match.index import MatchIndex

TARGET_RATIO = 3.0
TARGET_RECALL = 0.99
TARGET_SECONDS_100K = 120.0
TARGET_MEMORY_MB = 2048.0
MIN_SCORE = 0.4


# --- the corpus -----------------------------------------------------------------------------


@dataclass
class Corpus:
    texts: list[str]
    families: list[list[int]] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)


def _vocabulary(rng: np.random.Generator, size: int) -> np.ndarray:
    syllables = [a + b for a in "bcdfghklmnprstvwz" for b in "aeiou"] + ["an", "er", "in", "or"]
    lengths = rng.integers(1, 4, size=size)
    words = set()
    out = []
    for n in lengths:
        word = "".join(syllables[i] for i in rng.integers(0, len(syllables), size=n))
        if word not in words:
            words.add(word)
            out.append(word)
    return np.array(out, dtype=object)


def generate(n: int, seed: int = 1) -> Corpus:
    """``n`` articles with planted copy families (see the module docstring)."""
    rng = np.random.default_rng(seed)
    vocab = _vocabulary(rng, 60_000)
    general = 1.0 / np.arange(1, len(vocab) + 1) ** 1.05
    general /= general.sum()
    topics = [rng.choice(len(vocab), size=300, replace=False) for _ in range(40)]

    def paragraphs(words: int, topic: int) -> list[str]:
        idx = rng.choice(len(vocab), size=words, p=general)
        topical = rng.random(words) < 0.25
        idx[topical] = rng.choice(topics[topic], size=int(topical.sum()))
        tokens = vocab[idx]
        out, start = [], 0
        while start < words:
            size = int(rng.integers(40, 120))
            out.append(" ".join(tokens[start : start + size]) + ".")
            start += size
        return out

    corpus = Corpus(texts=[])
    texts = corpus.texts
    while len(texts) < n:
        topic = int(rng.integers(0, 40))
        original = paragraphs(int(rng.integers(400, 1200)), topic)
        base = len(texts)
        texts.append("\n\n".join(original))
        corpus.kinds[base] = "original"
        if rng.random() >= 0.1 or len(texts) + 6 > n:
            continue
        family = [base]

        def plant(paras: list[str], kind: str, fam: list[int] = family) -> None:
            fam.append(len(texts))
            corpus.kinds[len(texts)] = kind
            texts.append("\n\n".join(paras))

        k = len(original)
        wrap = paragraphs(int(rng.integers(40, 300)), topic)
        plant(wrap[:1] + original + wrap[1:], "wrapped")
        plant(original[: max(1, round(k * rng.uniform(0.85, 0.95)))], "truncated-90")
        plant(original[: max(1, k // 2)], "truncated-50")
        drop = set(rng.choice(k, size=min(2, k - 1), replace=False).tolist())
        plant([p for i, p in enumerate(original) if i not in drop], "paragraphs-removed")
        reworded = list(original)
        j = int(rng.integers(0, k))
        reworded[j] = paragraphs(len(original[j].split()), topic)[0]
        plant(reworded, "reworded")
        words = " ".join(original).split()
        start = int(rng.integers(0, max(1, len(words) - 30)))
        host = paragraphs(int(rng.integers(400, 900)), topic)
        host.insert(len(host) // 2, " ".join(words[start : start + 30]))
        plant(host, "quoting")
        corpus.families.append(family)
    return corpus


# --- pipelines -------------------------------------------------------------------------------


def run_ours(texts: list[str]) -> tuple[float, float, set[tuple[int, int]]]:
    """(seconds for signatures + index, seconds for all queries, candidate pairs)."""
    shingler = Shingler()
    index = MatchIndex()
    t0 = time.perf_counter()
    for i, text in enumerate(texts):
        index.add(i, shingler.fingerprint(text))
    index.query(shingler.shingles(texts[0]))  # builds the index: part of indexing
    t1 = time.perf_counter()
    pairs: set[tuple[int, int]] = set()
    for i, text in enumerate(texts):
        for c in index.query(shingler.shingles(text), min_score=MIN_SCORE, exclude=i, limit=50):
            j = int(c.key)  # type: ignore[call-overload]
            pairs.add((min(i, j), max(i, j)))
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, pairs


def run_datasketch(texts: list[str]) -> tuple[float, float, set[tuple[int, int]]]:
    """The plain datasketch pipeline: MinHash 128 over 5-word shingles, MinHashLSH."""
    from datasketch import MinHash, MinHashLSH

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sigs = []
    for i, text in enumerate(texts):
        words = text.lower().split()
        shingles = {" ".join(words[k : k + 5]).encode() for k in range(max(1, len(words) - 4))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        lsh.insert(i, m)
        sigs.append(m)
    t1 = time.perf_counter()
    pairs: set[tuple[int, int]] = set()
    for i, m in enumerate(sigs):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, pairs


def brute_force_query_seconds(texts: list[str], shingles: list[np.ndarray], queries: int) -> float:
    """Seconds per query of an exact scan: one text's shingles against every article's."""
    t0 = time.perf_counter()
    for q in range(queries):
        sq = shingles[q]
        for s in shingles:
            exact_overlap(sq, s)
    return (time.perf_counter() - t0) / queries


def containment(a: np.ndarray, b: np.ndarray) -> float:
    shared = exact_overlap(a, b)
    return max(shared / max(len(a), 1), shared / max(len(b), 1))


def truth(corpus: Corpus, shingles: list[np.ndarray]) -> dict[tuple[int, int], float]:
    """Exact containment of every pair inside a planted family."""
    out = {}
    for family in corpus.families:
        for i, j in combinations(sorted(family), 2):
            out[(i, j)] = containment(shingles[i], shingles[j])
    return out


def stray_pairs(shingles: list[np.ndarray], known: set[tuple[int, int]]) -> int:
    """Pairs with containment >= 0.5 outside the families, from an exact all-pairs join."""
    keys = np.concatenate(shingles)
    docs = np.repeat(np.arange(len(shingles)), [len(s) for s in shingles])
    order = np.argsort(keys, kind="stable")
    keys, docs = keys[order], docs[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    counts = np.diff(np.r_[starts, len(keys)])
    shared: dict[tuple[int, int], int] = {}
    for s, c in zip(starts[counts > 1], counts[counts > 1], strict=True):
        group = docs[s : s + c]
        for i, j in combinations(sorted(set(group.tolist())), 2):
            shared[(i, j)] = shared.get((i, j), 0) + 1
    stray = 0
    for (i, j), n in shared.items():
        if (i, j) in known:
            continue
        if max(n / len(shingles[i]), n / len(shingles[j])) >= 0.5:
            stray += 1
    return stray


def quality(
    pairs: set[tuple[int, int]], exact: dict[tuple[int, int], float], shingles: list[np.ndarray]
) -> dict[str, float]:
    positives = {p for p, c in exact.items() if c >= 0.8}
    medium = {p for p, c in exact.items() if 0.5 <= c < 0.8}
    found = len(positives & pairs)
    good = 0
    for p in pairs:
        c = exact[p] if p in exact else containment(shingles[p[0]], shingles[p[1]])
        good += c >= 0.5
    return {
        "pairs_returned": len(pairs),
        "true_pairs_08": len(positives),
        "recall_08": found / len(positives) if positives else 1.0,
        "recall_05_08": len(medium & pairs) / len(medium) if medium else 1.0,
        "precision_05": good / len(pairs) if pairs else 1.0,
    }


def median_of(
    rounds: int, run: Callable[[], tuple[float, float, set[tuple[int, int]]]]
) -> tuple[float, float, set[tuple[int, int]]]:
    results = [run() for _ in range(rounds)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        results[-1][2],
    )


def pin_one_cpu() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-articles", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    pin_one_cpu()
    n = args.articles
    print(f"generating {n} articles...", file=sys.stderr)
    t = time.perf_counter()
    corpus = generate(n, args.seed)
    words = sum(len(x.split()) for x in corpus.texts) / n
    print(
        f"  {n} articles, {words:.0f} words on average, {len(corpus.families)} planted families "
        f"({time.perf_counter() - t:.1f} s)",
        file=sys.stderr,
    )

    print("attribution...", file=sys.stderr)
    ours_index, ours_query, ours_pairs = median_of(args.rounds, lambda: run_ours(corpus.texts))
    ours_memory = peak_mb()

    base_n = args.baseline_articles or min(n, 5000)
    base_texts = corpus.texts[:base_n]
    print(f"datasketch on {base_n} articles...", file=sys.stderr)
    ds_index, ds_query, ds_pairs = median_of(args.rounds, lambda: run_datasketch(base_texts))

    shingler = Shingler()
    shingles = [shingler.shingles(x) for x in corpus.texts]
    exact = truth(corpus, shingles)
    stray = stray_pairs(shingles, set(exact)) if n <= 20_000 else None
    brute_queries = min(20, n)
    brute = brute_force_query_seconds(corpus.texts, shingles, brute_queries)

    q_ours = quality(ours_pairs, exact, shingles)
    base_exact = {p: c for p, c in exact.items() if p[1] < base_n}
    q_ds = quality(ds_pairs, base_exact, shingles[:base_n])

    ours_rate = n / ours_index
    ds_rate = base_n / ds_index
    ratio = ours_rate / ds_rate
    total = ours_index + ours_query
    total_100k = total * 100_000 / n
    measured_100k = n >= 100_000

    rows = [
        (
            "signatures + index, articles/s",
            f"{ours_rate:,.0f}",
            f"{ds_rate:,.0f}",
            "-",
            f"{ratio:.1f}x",
            f">= {TARGET_RATIO:.0f}x datasketch",
            ratio >= TARGET_RATIO,
        ),
        (
            "query, ms/article",
            f"{ours_query / n * 1000:.3f}",
            f"{ds_query / base_n * 1000:.3f}",
            f"{brute * 1000:.1f}",
            f"{(ds_query / base_n) / (ours_query / n):.1f}x",
            "-",
            None,
        ),
        (
            "recall, containment >= 0.8",
            f"{q_ours['recall_08']:.4f}",
            f"{q_ds['recall_08']:.4f}",
            "1.0000",
            "-",
            f">= {TARGET_RECALL}",
            q_ours["recall_08"] >= TARGET_RECALL,
        ),
        (
            "recall, containment 0.5-0.8",
            f"{q_ours['recall_05_08']:.4f}",
            f"{q_ds['recall_05_08']:.4f}",
            "1.0000",
            "-",
            "-",
            None,
        ),
        (
            "precision, containment >= 0.5",
            f"{q_ours['precision_05']:.4f}",
            f"{q_ds['precision_05']:.4f}",
            "1.0000",
            "-",
            "-",
            None,
        ),
        (
            f"match {n:,} articles, s" + (" (measured)" if measured_100k else ""),
            f"{total:.1f}",
            f"{(ds_index + ds_query) * n / base_n:.1f}",
            f"{brute * n:.0f}",
            "-",
            "-",
            None,
        ),
        (
            "match 100,000 articles, s" + (" (target)" if measured_100k else " (extrapolated)"),
            f"{total_100k:.1f}",
            "-",
            "-",
            "-",
            f"< {TARGET_SECONDS_100K:.0f}",
            total_100k < TARGET_SECONDS_100K,
        ),
        (
            "peak memory, MB (whole process)",
            f"{ours_memory:.0f}",
            "-",
            "-",
            "-",
            f"< {TARGET_MEMORY_MB:.0f}" + ("" if measured_100k else " at 100k"),
            ours_memory < TARGET_MEMORY_MB if measured_100k else None,
        ),
    ]
    header = ("measure", "attribution", "datasketch", "brute force", "ratio", "target", "result")
    table = [header] + [
        (*r[:6], "-" if r[6] is None else ("PASS" if r[6] else "FAIL")) for r in rows
    ]
    widths = [max(len(str(row[k])) for row in table) for k in range(len(header))]
    print()
    print(
        f"match speed: {n:,} articles ({words:.0f} words avg), datasketch on {base_n:,}, "
        f"median of {args.rounds} rounds, one core, Python {platform.python_version()}"
    )
    for k, row in enumerate(table):
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        if k == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print(
        f"\ncandidate pairs: attribution {q_ours['pairs_returned']}, datasketch "
        f"{q_ds['pairs_returned']}; true pairs (>= 0.8): {q_ours['true_pairs_08']}; "
        f"high-containment pairs outside the planted families: "
        f"{'not checked (> 20,000 articles)' if stray is None else stray}"
    )
    if args.json:
        with Path(args.json).open("w", encoding="utf-8") as fh:
            json.dump(
                {
                    "articles": n,
                    "baseline_articles": base_n,
                    "rounds": args.rounds,
                    "rows": [dict(zip(header, r, strict=True)) for r in table[1:]],
                    "quality": {"attribution": q_ours, "datasketch": q_ds},
                    "machine": platform.platform(),
                },
                fh,
                indent=2,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
