"""Graph building and GraphML export on a synthetic store, against networkx's write_graphml.

Usage::

    python benchmarks/graph_speed.py [--articles 1000000] [--outlets 5000] [--rounds 1]
                                     [--reference-articles N] [--store PATH] [--json FILE]

The store is generated with bulk SQL into a fresh file of the current schema (kept with
``--store PATH`` and reused when its parameters match): ``--outlets`` outlets, one in twenty an
original publisher with articles of Zipf-distributed popularity, the rest republishers; each
article record is a copy page on a republisher with its extraction (title, missing credits,
tracker ids), one or two credit texts, and either a ``copies`` row (credited, nine in ten; six
in ten of those also compared in ``matches``) or an uncredited ``matches`` row. Outlets come in
pairs sharing an AdSense id one time in fifty; each republisher copies from one to eight
publishers, so there are operator clusters to find.

Each measured step runs in a child process of its own, so its peak memory (``ru_maxrss``) is
its own:

- ``ours: build + export (streamed)``: the target figure. ``export_graphml_streamed``: the
  article graph streamed to GraphML from record tuples (no graph in memory, no XML tree)
  while a second process (``attribution.graph.reader``) reads the records again and
  aggregates them per outlet pair into the outlet graph, which is then written as GraphML.
  Its CPU seconds and peak memory are both processes' (peaks added: they run together).
- ``ours: article graph + write_graphml``: ``build_article_graph`` (a networkx graph), then our
  streaming ``write_graphml`` of it.
- ``networkx: article graph + write_graphml``: the same graph built the same way, then
  ``networkx.write_graphml`` (the reference; it builds the whole ElementTree first). It runs on
  ``--reference-articles`` records (default: all) because its memory grows with the tree.
- the same two writers on the outlet graph.

Times are the median of ``--rounds``. Targets, printed with PASS/FAIL: the streamed build +
export of 1,000,000 articles in under 60 s and under 4 GB (extrapolated linearly and marked so
when fewer articles are run). Exit code 0: a measurement, not a gate.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TARGET_SECONDS = 60.0
TARGET_MB = 4096.0
TARGET_ARTICLES = 1_000_000
ELEMENTS = ("author", "publisher", "link", "license", "pixel")


# --- the synthetic store ----------------------------------------------------------------------


def _params(args: argparse.Namespace) -> dict[str, int]:
    return {"articles": args.articles, "outlets": args.outlets, "seed": args.seed}


def generate(path: Path, articles: int, outlets: int, seed: int) -> None:
    """Write a synthetic store of ``articles`` copy relations across ``outlets`` outlets."""
    from attribution.store import Store

    path.unlink(missing_ok=True)
    Store(path).close()  # the schema, as the tool creates it
    rng = random.Random(seed)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("BEGIN")
    domains = [f"outlet{i:05d}.example" for i in range(outlets)]
    publishers = domains[: max(1, outlets // 20)]
    republishers = domains[len(publishers) :] or domains
    n_originals = max(1, articles // 20)
    page_id = 0
    pages: list[tuple[Any, ...]] = []
    originals: list[tuple[int, str, str]] = []
    for n in range(n_originals):
        page_id += 1
        dom = publishers[n % len(publishers)]
        url = f"https://www.{dom}/news/{n}"
        originals.append((page_id, url, dom))
        pages.append((page_id, url, url, url, f"www.{dom}", dom, "2026-01-01T00:00:00Z"))
    db.executemany(
        "INSERT INTO pages (id, url, final_url, final_key, host, domain, kind, status,"
        " fetched_at) VALUES (?, ?, ?, ?, ?, ?, 'html', 200, ?)",
        pages,
    )
    db.executemany(
        "INSERT INTO texts (page_id, extracted_at, title, paragraphs, links, words)"
        " VALUES (?, '2026-01-01T00:00:00Z', NULL, '[]', '[]', 600)",
        [(o[0],) for o in originals],
    )
    # Each republisher copies from a few publishers (one to eight, the popular ones more
    # often), and within a publisher some articles are copied far more than others (Zipf).
    by_publisher: dict[str, list[int]] = {}
    for k, (_id, _url, dom) in enumerate(originals):
        by_publisher.setdefault(dom, []).append(k)
    pub_weights = [1 / (i + 1) for i in range(len(publishers))]
    sources = {
        d: rng.choices(publishers, weights=pub_weights, k=rng.randint(1, 8)) for d in republishers
    }
    zipf = [1 / (i + 1) for i in range(max(len(v) for v in by_publisher.values()))]
    shared_ads = {d: f"pub-{1000000000 + i // 2}" for i, d in enumerate(republishers) if i % 50 < 2}
    batch: dict[str, list[tuple[Any, ...]]] = {
        "pages": [],
        "extractions": [],
        "credits": [],
        "copies": [],
        "matches": [],
    }

    def flush() -> None:
        db.executemany(
            "INSERT INTO pages (id, url, final_url, final_key, host, domain, kind, status,"
            " fetched_at) VALUES (?, ?, ?, ?, ?, ?, 'html', 200, ?)",
            batch["pages"],
        )
        db.executemany(
            "INSERT INTO extractions (page_id, extracted_at, republished, original_url,"
            " original_domain, data) VALUES (?, '2026-03-01T00:00:00Z', ?, ?, ?, ?)",
            batch["extractions"],
        )
        db.executemany(
            "INSERT INTO credits (page_id, position, signal, text) VALUES (?, ?, 'notice', ?)",
            batch["credits"],
        )
        db.executemany(
            "INSERT INTO copies (copy_page_id, original_url, original_key, original_domain,"
            " original_page_id) VALUES (?, ?, ?, ?, ?)",
            batch["copies"],
        )
        db.executemany(
            "INSERT INTO matches (copy_page_id, original_page_id, relation, verdict, score,"
            " jaccard, containment, confidence, violation, matched_at, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, 1.0, 0, '2026-03-02T00:00:00Z', ?)",
            batch["matches"],
        )
        for rows in batch.values():
            rows.clear()

    for n in range(articles):
        page_id += 1
        dom = republishers[rng.randrange(len(republishers))]
        pool = by_publisher[rng.choice(sources[dom])]
        k = pool[rng.choices(range(len(pool)), weights=zipf[: len(pool)])[0]]
        o_id, o_url, o_dom = originals[k]
        url = f"https://{dom}/{o_dom}/{k}/{n}"
        day = 1 + n % 28
        batch["pages"].append(
            (page_id, url, url, url, dom, dom, f"2026-03-{day:02d}T{n % 24:02d}:00:00Z")
        )
        credited = rng.random() < 0.9
        missing = [e for e in ELEMENTS if rng.random() < 0.25] if credited else []
        trackers = [f"G-{abs(hash(dom)) % 10**10:010d}"]
        if dom in shared_ads:
            trackers.append(shared_ads[dom])
        data = {
            "title": f"Story {k} as republished",
            "republished": credited,
            "authors": [],
            "missing": missing,
            "tracker_ids": trackers,
            "original": {"publisher": f"Publisher {o_dom}", "domain": o_dom, "url": o_url}
            if credited
            else None,
        }
        batch["extractions"].append(
            (
                page_id,
                int(credited),
                o_url if credited else None,
                o_dom if credited else None,
                json.dumps(data),
            )
        )
        if credited:
            batch["credits"].append((page_id, 0, f"This article first appeared on {o_dom}."))
            if rng.random() < 0.5:
                batch["credits"].append((page_id, 1, f"By a reporter of {o_dom}"))
            batch["copies"].append((page_id, o_url, o_url, o_dom, o_id))
        if not credited or rng.random() < 0.6:
            verdict = rng.choice(("verified", "verified", "edited", "mismatch"))
            removed = rng.randrange(3) if verdict == "edited" else 0
            comparison = {
                "verdict": verdict,
                "paragraphs_removed": removed,
                "paragraphs_added": 0,
                "paragraphs_changed": 1 if verdict == "edited" else 0,
                "sentences_changed": 0,
                "title_changed": verdict == "edited",
                "truncated": False,
                "links_dropped": 0,
                "diff": "- a paragraph removed" if removed else "",
            }
            score = 1.0 if verdict == "verified" else 0.8
            batch["matches"].append(
                (
                    page_id,
                    o_id,
                    "credited" if credited else "uncredited",
                    verdict,
                    score,
                    score,
                    score,
                    json.dumps({"verdict": verdict, "comparison": comparison}),
                )
            )
        if len(batch["pages"]) >= 50_000:
            flush()
    flush()
    db.execute("CREATE TABLE IF NOT EXISTS bench_params (params TEXT)")
    db.execute("COMMIT")
    db.close()


def ensure_store(path: Path, params: dict[str, int]) -> float:
    """The store at ``path`` for ``params``, generated unless a matching one is there; returns
    the seconds generation took (0 when reused)."""
    stamp = path.with_suffix(path.suffix + ".params")
    if path.exists() and stamp.exists() and json.loads(stamp.read_text()) == params:
        return 0.0
    t0 = time.perf_counter()
    generate(path, params["articles"], params["outlets"], params["seed"])
    stamp.write_text(json.dumps(params))
    return time.perf_counter() - t0


# --- the measured steps (each in a child process) ---------------------------------------------


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _children_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def step_streamed(db: str, out_dir: str, limit: int | None) -> dict[str, float]:
    from attribution.graph.export import export_graphml_streamed
    from attribution.registry import load_registry
    from attribution.store import Store

    registry = load_registry()
    base = _peak_mb()
    c0, k0, t0 = _cpu(), _children_cpu(), time.perf_counter()
    with (
        Store(db, readonly=True) as store,
        (Path(out_dir) / "outlets.graphml").open("w", encoding="utf-8") as outlet_out,
        (Path(out_dir) / "articles.graphml").open("w", encoding="utf-8") as article_out,
    ):
        graph, (nodes, edges) = export_graphml_streamed(
            store, outlet_out, article_out, registry=registry, tmp_dir=out_dir
        )
    seconds = time.perf_counter() - t0
    # The outlet graph's process (a child of this one, waited for) counts in both figures:
    # its CPU seconds are added, and its peak memory too, as the two run at the same time.
    child_cpu, child_mb = _children_cpu() - k0, _children_peak_mb()
    return {
        "seconds": seconds,
        "cpu": _cpu() - c0 + child_cpu,
        "child_cpu": child_cpu,
        "nodes": nodes,
        "edges": edges,
        "outlets": graph.number_of_nodes(),
        "outlet_edges": graph.number_of_edges(),
        "peak_mb": _peak_mb() + child_mb,
        "child_mb": child_mb,
        "base_mb": base,
        "bytes": (Path(out_dir) / "articles.graphml").stat().st_size,
    }


def _limited(records: Iterator[Any], limit: int | None) -> Iterator[Any]:
    for n, r in enumerate(records):
        if limit is not None and n >= limit:
            return
        yield r


def step_article_nx(db: str, out_dir: str, limit: int | None, writer: str) -> dict[str, float]:
    import networkx as nx

    from attribution.graph import iter_article_records
    from attribution.graph.articles import article_graph_from
    from attribution.graph.export import write_graphml
    from attribution.registry import load_registry
    from attribution.store import Store

    registry = load_registry()
    base = _peak_mb()
    c0, t0 = _cpu(), time.perf_counter()
    with Store(db, readonly=True) as store:
        graph = article_graph_from(_limited(iter_article_records(store, registry=registry), limit))
    t1 = time.perf_counter()
    path = Path(out_dir) / f"articles-{writer}.graphml"
    if writer == "ours":
        with path.open("w", encoding="utf-8") as out:
            write_graphml(graph, out)
    else:
        nx.write_graphml(graph, path)
    t2 = time.perf_counter()
    return {
        "seconds": t2 - t0,
        "cpu": _cpu() - c0,
        "build": t1 - t0,
        "write": t2 - t1,
        "edges": graph.number_of_edges(),
        "peak_mb": _peak_mb(),
        "base_mb": base,
    }


def step_outlet_write(db: str, out_dir: str, limit: int | None, writer: str) -> dict[str, float]:
    import networkx as nx

    from attribution.graph import build_outlet_graph
    from attribution.graph.export import write_graphml
    from attribution.store import Store

    with Store(db, readonly=True) as store:
        graph = build_outlet_graph(store)
    base = _peak_mb()
    path = Path(out_dir) / f"outlets-{writer}.graphml"
    c0, t0 = _cpu(), time.perf_counter()
    for _ in range(5):  # small: five writes for a measurable time
        if writer == "ours":
            with path.open("w", encoding="utf-8") as out:
                write_graphml(graph, out)
        else:
            nx.write_graphml(graph, path)
    return {
        "seconds": (time.perf_counter() - t0) / 5,
        "cpu": (_cpu() - c0) / 5,
        "write": (time.perf_counter() - t0) / 5,
        "edges": graph.number_of_edges(),
        "peak_mb": _peak_mb(),
        "base_mb": base,
    }


def _child(conn: Any, fn: Callable[..., dict[str, float]], args: tuple[Any, ...]) -> None:
    try:
        conn.send(fn(*args))
    except BaseException as exc:  # report, never hang the parent
        conn.send({"error": f"{type(exc).__name__}: {exc}"})
    conn.close()


def run_child(fn: Callable[..., dict[str, float]], *args: Any) -> dict[str, float]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args))
    proc.start()
    child.close()
    result = parent.recv()
    proc.join()
    if "error" in result:
        raise SystemExit(f"{fn.__name__}: {result['error']}")
    return result


# --- the table ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=TARGET_ARTICLES)
    parser.add_argument("--outlets", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--reference-articles", type=int, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--store", type=Path, default=None, help="keep the synthetic store here")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--only-streamed",
        action="store_true",
        help="run the target step only (no networkx reference, no ratios)",
    )
    args = parser.parse_args(argv)

    params = _params(args)
    calibration = min(timeit.repeat("sum(range(1000))", number=2000, repeat=5)) / 2000 * 1e6
    tmp = Path(tempfile.mkdtemp(prefix="graph-speed-"))
    db = args.store or tmp / "bench.db"
    print(f"store: {db} ({args.articles:,} articles, {args.outlets:,} outlets)", flush=True)
    gen = ensure_store(db, params)
    print(f"generated in {gen:.1f} s" if gen else "reused", flush=True)
    ref_limit = args.reference_articles

    rows: dict[str, list[dict[str, float]]] = {}
    steps: list[tuple[str, Callable[..., dict[str, float]], tuple[Any, ...]]] = [
        ("ours: build + export (streamed)", step_streamed, (None,)),
        ("ours: article graph + write_graphml", step_article_nx, (ref_limit, "ours")),
        ("networkx: article graph + write_graphml", step_article_nx, (ref_limit, "networkx")),
        ("ours: outlet graph write_graphml", step_outlet_write, (None, "ours")),
        ("networkx: outlet graph write_graphml", step_outlet_write, (None, "networkx")),
    ]
    if args.only_streamed:
        steps = steps[:1]
    for _round in range(args.rounds):
        for name, fn, extra in steps:
            out_dir = tempfile.mkdtemp(dir=tmp)
            result = run_child(fn, str(db), out_dir, *extra)
            rows.setdefault(name, []).append(result)
            print(
                f"  {name}: {result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB", flush=True
            )
            for f in Path(out_dir).iterdir():
                f.unlink()

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in rows[name])

    print()
    print(
        f"{'step':<42} {'wall s':>8} {'cpu s':>8} {'write s':>8} {'peak MB':>8}"
        f" {'edges':>10}  ratio"
    )
    ref_write = {
        "article": med("networkx: article graph + write_graphml", "write")
        if not args.only_streamed
        else float("nan"),
        "outlet": med("networkx: outlet graph write_graphml", "write")
        if not args.only_streamed
        else float("nan"),
    }
    for name in rows:
        level = "outlet" if "outlet graph" in name else "article"
        write = med(name, "write") if "write" in rows[name][0] else float("nan")
        ratio = ""
        if "write" in rows[name][0] and not name.startswith("networkx"):
            ratio = f"write {ref_write[level] / write:.1f}x networkx"
        print(
            f"{name:<42} {med(name, 'seconds'):>8.2f} {med(name, 'cpu'):>8.2f} {write:>8.2f}"
            f" {med(name, 'peak_mb'):>8.0f} {int(med(name, 'edges')):>10,}  {ratio}"
        )
    main_step = "ours: build + export (streamed)"
    streamed = rows[main_step]
    seconds, cpu, peak = med(main_step, "seconds"), med(main_step, "cpu"), med(main_step, "peak_mb")
    scale = TARGET_ARTICLES / args.articles
    note = "" if scale == 1 else f" (extrapolated x{scale:g} from {args.articles:,})"
    est_s = seconds * scale
    # Memory above the interpreter's own grows with the articles (the article nodes kept).
    base = med(main_step, "base_mb")
    est_mb = base + (peak - base) * max(scale, 1.0)
    print()
    print(
        f"streamed build + export: {seconds:.1f} s wall, {cpu:.1f} s CPU of which "
        f"{med(main_step, 'child_cpu'):.1f} s in the outlet graph's process (peak "
        f"{med(main_step, 'child_mb'):.0f} MB, counted in the peak); "
        f"{int(streamed[0]['outlets']):,} outlets, {int(streamed[0]['outlet_edges']):,} outlet "
        f"edges; {int(streamed[0]['nodes']):,} article nodes, {int(streamed[0]['edges']):,} "
        f"article edges, {streamed[0]['bytes'] / 1e6:.0f} MB of article GraphML"
    )
    print(
        f"target 1,000,000 articles: {est_s:.1f} s{note} (< {TARGET_SECONDS:.0f} s: "
        f"{'PASS' if est_s < TARGET_SECONDS else 'FAIL'}), peak {est_mb:.0f} MB "
        f"(< {TARGET_MB:.0f} MB: {'PASS' if est_mb < TARGET_MB else 'FAIL'})"
    )
    print(
        f"machine: {calibration:.1f} us for sum(range(1000)) (~8 us on an idle modern core), "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "params": params,
                    "rounds": rows,
                    "machine": {
                        "python": sys.version,
                        "platform": platform.platform(),
                        "cpus": os.cpu_count(),
                    },
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
