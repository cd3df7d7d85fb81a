"""Score `attribution.extract` on the labelled real corpus, with trafilatura's authors beside ours.

Usage::

    python benchmarks/accuracy_real.py [--corpus DIR] [-v] [--strict] [--json FILE]
                                       [--without-urls]

The corpus (``labels.jsonl`` and the saved pages) is looked for at ``../shared/corpus/real``
beside the repository, or where ``--corpus`` says; when it is not there the script says so and
exits 0. Pages labelled ``ambiguous`` are left out. Metrics:

- republished precision and recall;
- original domain accuracy over the pages labelled republished: right when the page is reported
  republished and ``original.domain`` equals the label (case-insensitive);
- original URL accuracy over the pages with an ``original_url`` label: right when
  ``original.url`` equals it after normalising (scheme, ``www.``, trailing slash, fragment and
  ``utm_*`` parameters do not count);
- authors F1: per page, F1 of the sets of normalised names (1.0 when both are empty), averaged;
  names compare case-insensitively and without full stops ("David K. Li" is "David K Li");
  trafilatura's on the same pages from ``bare_extraction(html, url=..., with_metadata=True)``,
  its ``author`` string split the way a user would (on ``;``, ``,``, ``&``, ``|``, ``/`` and
  the word "and" in the corpus' languages).

``--without-urls`` scores the pages as a saved-page collection without its URLs often comes:
``extract`` is not told the page URL and must find the site from the page itself (the
targets are the same; trafilatura is given no URL either).

Exit code 0, unless ``--strict`` and a target fails (then 1); 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import _corpus

from attribution.extract import extract
from attribution.models import Extraction
from attribution.registry import load_registry

MIN_PRECISION = 0.98
MIN_RECALL = 0.95
MIN_DOMAIN = 0.97
MIN_AUTHORS_MARGIN = 0.10

# How a user would split trafilatura's one author string into people.
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:[;,&|/]|\band\b|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Scored:
    """One page: the label, what we said and what trafilatura said."""

    label: dict[str, Any]
    ours: Extraction | None
    error: str | None
    theirs_authors: tuple[str, ...]

    @property
    def republished(self) -> bool:
        return self.ours is not None and self.ours.republished

    @property
    def domain(self) -> str | None:
        if self.ours is None or self.ours.original is None:
            return None
        return self.ours.original.domain

    @property
    def original_url(self) -> str | None:
        if self.ours is None or self.ours.original is None:
            return None
        return self.ours.original.url

    @property
    def authors(self) -> tuple[str, ...]:
        return () if self.ours is None else self.ours.authors

    @property
    def domain_right(self) -> bool:
        want = (self.label.get("original_domain") or "").lower()
        return self.republished and (self.domain or "").lower() == want

    @property
    def url_right(self) -> bool:
        return normalise_url(self.original_url) == normalise_url(self.label.get("original_url"))

    @property
    def authors_f1(self) -> float:
        return set_f1(self.authors, self.label.get("authors") or [])

    @property
    def theirs_f1(self) -> float:
        return set_f1(self.theirs_authors, self.label.get("authors") or [])


def normalise_name(name: str) -> str:
    """A name as compared: NFKC, case-folded, no full stops ("K." is "K"), single spaces."""
    name = unicodedata.normalize("NFKC", name).casefold().replace(".", " ")
    name = re.sub(r"^by\s+", "", name.strip())
    return " ".join(name.split()).strip(" .,;:-–—|")


def set_f1(predicted: Iterable[str], expected: Iterable[str]) -> float:
    """F1 of two sets of names; 1.0 when both are empty."""
    got = {n for n in map(normalise_name, predicted) if n}
    want = {n for n in map(normalise_name, expected) if n}
    if not got and not want:
        return 1.0
    if not got or not want:
        return 0.0
    return 2 * len(got & want) / (len(got) + len(want))


def normalise_url(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")])
    return urlunsplit(("https", host, parts.path.rstrip("/"), query, ""))


def split_authors(value: str | None) -> tuple[str, ...]:
    """trafilatura's author string as a list of people (it joins several with '; ')."""
    if not value:
        return ()
    return tuple(p for p in (s.strip() for s in _AUTHOR_SEPARATORS.split(value)) if p)


def trafilatura_authors(html: bytes, url: str | None) -> tuple[str, ...] | None:
    """The authors trafilatura reports, or None when it is not installed."""
    try:
        from trafilatura import bare_extraction
    except ImportError:
        return None
    try:
        doc = bare_extraction(html, url=url, with_metadata=True)
    except Exception:  # its failure on a page scores as "no authors", as a user would see it
        return ()
    if doc is None:
        return ()
    author = doc.get("author") if isinstance(doc, dict) else doc.author
    return split_authors(author)


def score(corpus: Path, *, with_urls: bool = True) -> tuple[list[Scored], bool]:
    """Every unambiguous page scored; and whether trafilatura was there to compare with."""
    registry = load_registry()
    scored: list[Scored] = []
    have_trafilatura = True
    for label in _corpus.load_labels(corpus):
        if label.get("ambiguous"):
            continue
        html = (corpus / label["file"]).read_bytes()
        url = label.get("url") if with_urls else None
        ours: Extraction | None = None
        error = None
        try:
            ours = extract(html, url=url, registry=registry, source=label["file"])
        except Exception as exc:  # a crash is a wrong answer on that page, not the end of the run
            error = f"{type(exc).__name__}: {exc}"
        theirs = trafilatura_authors(html, url)
        if theirs is None:
            have_trafilatura = False
            theirs = ()
        scored.append(Scored(label, ours, error, theirs))
    return scored, have_trafilatura


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def metrics(scored: list[Scored], *, have_trafilatura: bool) -> list[dict[str, Any]]:
    """The table rows: metric, value, its support, the target and whether it holds."""
    tp = sum(1 for s in scored if s.republished and s.label["republished"])
    fp = sum(1 for s in scored if s.republished and not s.label["republished"])
    fn = sum(1 for s in scored if not s.republished and s.label["republished"])
    with_domain = [s for s in scored if s.label["republished"]]
    with_url = [s for s in scored if s.label.get("original_url")]
    ours_f1 = sum(s.authors_f1 for s in scored) / len(scored)
    theirs_f1 = sum(s.theirs_f1 for s in scored) / len(scored) if have_trafilatura else None

    def row(name: str, value: float | None, support: str, bound: float | None) -> dict[str, Any]:
        passed = None if bound is None or value is None else value >= bound
        return {"metric": name, "value": value, "support": support, "target": bound, "pass": passed}

    return [
        row("republished precision", _ratio(tp, tp + fp), f"{tp}/{tp + fp}", MIN_PRECISION),
        row("republished recall", _ratio(tp, tp + fn), f"{tp}/{tp + fn}", MIN_RECALL),
        row(
            "original domain accuracy",
            _ratio(sum(s.domain_right for s in with_domain), len(with_domain)),
            f"{sum(s.domain_right for s in with_domain)}/{len(with_domain)}",
            MIN_DOMAIN,
        ),
        row(
            "original URL accuracy",
            _ratio(sum(s.url_right for s in with_url), len(with_url)),
            f"{sum(s.url_right for s in with_url)}/{len(with_url)}",
            None,
        ),
        row(
            "authors F1",
            ours_f1,
            f"{len(scored)} pages",
            None if theirs_f1 is None else theirs_f1 + MIN_AUTHORS_MARGIN,
        ),
        row("trafilatura authors F1", theirs_f1, f"{len(scored)} pages", None),
    ]


def print_table(rows: list[dict[str, Any]]) -> None:
    print(f"{'metric':<26} {'value':>6} {'support':>9}  {'target':<10} result")
    for r in rows:
        value = "n/a" if r["value"] is None else f"{r['value']:.3f}"
        target = "" if r["target"] is None else f">= {r['target']:.3f}"
        result = {True: "PASS", False: "FAIL", None: ""}[r["pass"]]
        print(f"{r['metric']:<26} {value:>6} {r['support']:>9}  {target:<10} {result}")


def print_failures(scored: list[Scored]) -> None:
    """Each page where we differ from the label on a scored field."""
    print()
    print("pages that fail (ours vs label):")
    for s in scored:
        label = s.label
        problems: list[str] = []
        if s.error:
            problems.append(f"error: {s.error}")
        if s.republished != label["republished"]:
            problems.append(f"republished: {s.republished} vs {label['republished']}")
        if label["republished"] and not s.domain_right:
            problems.append(f"domain: {s.domain} vs {label.get('original_domain')}")
        if label.get("original_url") and not s.url_right:
            problems.append(f"url: {s.original_url} vs {label['original_url']}")
        if s.authors_f1 < 1.0:
            problems.append(f"authors: {list(s.authors)} vs {label.get('authors') or []}")
        if problems:
            print(f"  {label['file']}")
            for problem in problems:
                print(f"      {problem}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", metavar="DIR", help="corpus folder holding labels.jsonl")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the failing pages")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target fails")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--without-urls",
        action="store_true",
        help="do not tell extract the page URLs (saved pages that come without them)",
    )
    args = parser.parse_args(argv)

    corpus = _corpus.find_corpus(args.corpus)
    if corpus is None:
        where = args.corpus or _corpus.DEFAULT_CORPUS
        print(f"corpus not found, skipped (no labels.jsonl in {where})", file=sys.stderr)
        return 0

    scored, have_trafilatura = score(corpus, with_urls=not args.without_urls)
    if not have_trafilatura:
        print(
            f"{_corpus.trafilatura_missing() or 'trafilatura failed'}: no comparison",
            file=sys.stderr,
        )
    if not scored:
        print(f"no unambiguous pages in {corpus}", file=sys.stderr)
        return 0
    rows = metrics(scored, have_trafilatura=have_trafilatura)
    how = " (page URLs not given)" if args.without_urls else ""
    print(f"{len(scored)} pages scored from {corpus}{how}")
    print_table(rows)
    if args.verbose:
        print_failures(scored)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"corpus": str(corpus), "pages": len(scored), "metrics": rows}, indent=2)
            + "\n",
            encoding="utf-8",
        )
    failed = any(r["pass"] is False for r in rows)
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
