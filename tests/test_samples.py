"""Every labelled page of the sample web, extracted and compared field by field with its label.

The labels (``samples/web/**/*.expected.json``) are the specification of what `extract` must
find; ``samples/README.md`` documents their format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser

from attribution.extract import extract
from attribution.models import SIGNAL_KINDS
from attribution.registry import load_registry
from attribution.serve import SiteServer

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "web"
SEEDS = SAMPLES.parent / "seeds.txt"
LABELS = sorted(SAMPLES.rglob("*.expected.json"))
REGISTRY = load_registry()


def _page_for(label: Path) -> Path:
    return label.with_name(label.name.removesuffix(".expected.json") + ".html")


def _extract(label: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    expected = json.loads(label.read_text(encoding="utf-8"))
    page = _page_for(label)
    result = extract(page.read_bytes(), url=expected["url"], registry=REGISTRY, source=str(page))
    return expected, result.to_dict()


def test_there_are_enough_labelled_samples() -> None:
    assert len(LABELS) >= 40
    for label in LABELS:
        assert _page_for(label).is_file(), f"{label} has no page next to it"


@pytest.mark.parametrize("label", LABELS, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_sample_page_matches_its_label(label: Path) -> None:
    expected, got = _extract(label)
    problems: list[str] = []

    def check(key: str, want: Any, have: Any) -> None:
        if want != have:
            problems.append(f"{key}: expected {want!r}, got {have!r}")

    check("republished", expected["republished"], got["republished"])
    check("authors", expected["authors"], got["authors"])
    if "original" in expected:
        want = expected["original"]
        have = got["original"]
        if want is None or have is None:
            check("original", want, have)
        else:
            for key, value in want.items():
                check(f"original.{key}", value, have.get(key))
    if "missing" in expected:
        check("missing", sorted(expected["missing"]), sorted(got["missing"]))
    if "license" in expected:
        check("license", expected["license"], got["license"])
    if "tracker_ids" in expected:
        check("tracker_ids", sorted(expected["tracker_ids"]), sorted(got["tracker_ids"]))
    for key in ("title", "site_name"):
        if key in expected:
            check(key, expected[key], got[key])
    if "published" in expected and not str(got["published"] or "").startswith(
        expected["published"]
    ):
        problems.append(f"published: expected {expected['published']!r}, got {got['published']!r}")
    found = {c["signal"] for c in got["credits"]}
    for kind in expected.get("signals", []):
        assert kind in SIGNAL_KINDS, f"label names unknown signal {kind!r}"
        if kind not in found:
            problems.append(f"signal {kind!r} not found (found {sorted(found)})")
    for kind in expected.get("absent_signals", []):
        if kind in found:
            problems.append(f"signal {kind!r} found but must be absent")
    assert not problems, "\n".join([expected.get("description", ""), *problems])


def test_republished_and_original_domain_precision_and_recall_are_perfect_on_samples() -> None:
    tp = fp = fn = 0
    domain_hits = domain_total = 0
    for label in LABELS:
        expected, got = _extract(label)
        if got["republished"] and expected["republished"]:
            tp += 1
        elif got["republished"]:
            fp += 1
        elif expected["republished"]:
            fn += 1
        if expected["republished"] and expected.get("original"):
            domain_total += 1
            have = (got["original"] or {}).get("domain")
            domain_hits += have == expected["original"].get("domain")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    assert tp > 0
    assert (precision, recall) == (1.0, 1.0), f"precision {precision:.3f}, recall {recall:.3f}"
    assert domain_hits == domain_total, f"original.domain {domain_hits}/{domain_total}"


def test_manifest_lists_every_labelled_page() -> None:
    manifest = SAMPLES.parent / "manifest.tsv"
    rows = manifest.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "path\turl"
    listed = {line.split("\t")[0] for line in rows[1:]}
    pages = {_page_for(label).relative_to(SAMPLES.parent).as_posix() for label in LABELS}
    assert listed == pages, "run `python samples/make_manifest.py` to regenerate the manifest"


def _page_url(host_dir: Path, page: Path) -> str:
    """The URL `attribution serve` answers with this file."""
    rel = page.relative_to(host_dir).as_posix()
    if rel == "index.html":
        rel = ""
    elif rel.endswith("/index.html"):
        rel = rel.removesuffix("index.html")
    else:
        rel = rel.removesuffix(".html")
    return f"https://{host_dir.name}/{rel}"


def _outlets() -> list[Path]:
    return sorted(d for d in SAMPLES.iterdir() if d.is_dir() and d.name.endswith(".example"))


def test_outlet_pages_link_only_to_pages_that_exist() -> None:
    # The demo crawls the outlets same-site: a dead link is a 404 in every report.
    dead = []
    for host_dir in _outlets():
        for page in sorted(host_dir.rglob("*.html")):
            base = _page_url(host_dir, page)
            for node in LexborHTMLParser(page.read_bytes()).css("a[href]"):
                parts = urlsplit(urljoin(base, (node.attributes.get("href") or "").strip()))
                if parts.scheme not in ("http", "https") or parts.hostname != host_dir.name:
                    continue
                if SiteServer.find_file(host_dir, unquote(parts.path) or "/") is None:
                    dead.append(f"{page.relative_to(SAMPLES)} -> {parts.path}")
    assert not dead, "links to pages that do not exist:\n" + "\n".join(dead)


def test_seeds_are_the_front_pages_of_every_republishing_outlet() -> None:
    seeds = [
        line.strip()
        for line in SEEDS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    hosts = set()
    for seed in seeds:
        parts = urlsplit(seed)
        assert parts.scheme == "https" and parts.path == "/", f"{seed} is not a front page URL"
        assert (SAMPLES / str(parts.hostname) / "index.html").is_file(), f"{seed} has no page"
        hosts.add(parts.hostname)
    assert len(hosts) == len(seeds), "a seed is listed twice"
    republishing = {
        label.relative_to(SAMPLES).parts[0]
        for label in LABELS
        if json.loads(label.read_text(encoding="utf-8"))["republished"]
        and label.relative_to(SAMPLES).parts[0].endswith(".example")
    }
    assert republishing <= hosts, f"outlets missing from seeds.txt: {sorted(republishing - hosts)}"
