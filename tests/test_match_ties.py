"""Which stored article an uncredited copy is attributed to when an original and a credited copy
of it carry the same text.

The store is written through the Store API the way a crawl writes it (each page extracted by the
real extractor, copy links resolved by the store), in every insertion order, so that the index's
order cannot decide. The credited copy is dated before the uncredited one (so the direction alone
would accept it as the original) and before or on the true original's date: only the choice
among tied candidates puts the uncredited copy on the true original.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from attribution.domains import domain_of
from attribution.extract import extract_document, parse_document
from attribution.frontier import normalize_url
from attribution.match.run import match_store
from attribution.registry import load_registry
from attribution.store import Store
from tests.store_pages import html_page_write

REGISTRY = load_registry()

PARAGRAPHS = (
    "Dairy farmers in the northern valleys have started sharing milking robots between farms, "
    "moving the machines on trailers from one barn to the next every few weeks.",
    "The arrangement began three years ago when two neighbours could not afford a robot each, "
    "and it has since grown into a cooperative of eleven farms along the river road.",
    "Researchers who followed the cooperative found that cows adjusted to the moving machines "
    "within days, and that milk yields held steady through each change of barn.",
    "The biggest problem, the farmers say, is not the cows but the paperwork: each robot must "
    "be registered to a single holding, and inspectors still treat the trailer as a mystery.",
    "Agricultural advisers now hope the model can spread to other regions where small herds "
    "make the price of automation hard to justify for any one family.",
)

#: (role, URL) of the three pages, for the original on a registry publisher's domain and not.
REGISTRY_SET = {
    "original": "https://theconversation.com/shared-milking-robots-123456",
    "credited": "https://www.creditedcopy.example/farming/shared-milking-robots",
    "uncredited": "https://www.uncreditedcopy.example/2026/03/robots-on-trailers",
}
LOCAL_SET = {
    "original": "https://www.valleyfarmer.example/news/shared-milking-robots",
    "credited": "https://www.creditedcopy.example/farming/shared-milking-robots",
    "uncredited": "https://www.uncreditedcopy.example/2026/03/robots-on-trailers",
}


def page(title: str, published: str, *, credit: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title>"
        f"<meta property='article:published_time' content='{published}'>"
        "</head><body><nav><a href='/'>Home</a></nav><main><article>"
        f"<h1>{title}</h1>{body}{credit}</article></main>"
        "<footer><p>Contact us</p></footer></body></html>"
    ).encode()


def store_page(store: Store, crawl_id: int, url: str, body: bytes) -> int:
    """Store one fetched page as the crawler does: extraction, credits and copy link."""
    ext = extract_document(parse_document(body, url=url, source=url), registry=REGISTRY)
    original = None
    if ext.republished and ext.original is not None and ext.original.url:
        okey = normalize_url(ext.original.url) or ext.original.url
        original = (ext.original.url, okey, ext.original.domain or domain_of(okey))
    write = html_page_write(
        url, body, extraction=ext.to_dict(), credits=ext.credits, original=original
    )
    return store.save_page(crawl_id, write)[0]


def build(path: Path, urls: dict[str, str], dates: dict[str, str], order: tuple[str, ...]) -> Path:
    if "theconversation.com" in urls["original"]:
        credit = (
            "<p>This article is republished from <a href='https://theconversation.com'>The "
            "Conversation</a> under a Creative Commons license. Read the "
            f"<a href='{urls['original']}'>original article</a>.</p>"
        )
    else:
        credit = (
            "<p>This story was originally published by "
            f"<a href='{urls['original']}'>Valley Farmer</a>.</p>"
        )
    bodies = {
        "original": page("Farmers share milking robots", dates["original"]),
        "credited": page("Farmers share milking robots", dates["credited"], credit=credit),
        "uncredited": page("Farmers share milking robots", dates["uncredited"]),
    }
    with Store(path) as store:
        crawl_id = store.start_crawl([], {})
        for role in order:
            store_page(store, crawl_id, urls[role], bodies[role])
    return path


# The credited copy first (before the uncredited one, so the direction accepts it either way),
# and before or on the original's date.
DATES = {
    "earlier": {
        "credited": "2026-03-01T08:00:00Z",
        "original": "2026-03-02T08:00:00Z",
        "uncredited": "2026-03-03T08:00:00Z",
    },
    "equal": {
        "credited": "2026-03-01T08:00:00Z",
        "original": "2026-03-01T08:00:00Z",
        "uncredited": "2026-03-03T08:00:00Z",
    },
}


@pytest.mark.parametrize(
    "order", list(itertools.permutations(("original", "credited", "uncredited")))
)
@pytest.mark.parametrize("dated", sorted(DATES))
@pytest.mark.parametrize("urls", [REGISTRY_SET, LOCAL_SET], ids=["registry", "local"])
def test_the_uncredited_copy_goes_to_the_true_original_not_its_credited_copy(
    tmp_path: Path, urls: dict[str, str], dated: str, order: tuple[str, ...]
) -> None:
    db = build(tmp_path / "ties.db", urls, DATES[dated], order)
    with Store(db) as store:
        summary, results = match_store(store, registry=REGISTRY)
        stored = [d for _c, _o, d in store.iter_matches()]
    # The set-up holds: the credited copy credits the original and carries its text.
    [credited] = [r for r in results if r.relation == "credited"]
    assert (credited.copy_url, credited.original_url) == (urls["credited"], urls["original"])
    assert credited.verdict == "verified"
    # The credited copy could pass for the original on dates: the tie is what is decided.
    uncredited = [r for r in results if r.relation == "uncredited"]
    assert [(r.copy_url, r.original_url) for r in uncredited] == [
        (urls["uncredited"], urls["original"])
    ]
    assert uncredited[0].verdict == "verified"
    assert summary.uncredited == 1
    assert {(d["copy_url"], d["original_url"], d["relation"]) for d in stored} == {
        (urls["credited"], urls["original"], "credited"),
        (urls["uncredited"], urls["original"], "uncredited"),
    }


def test_without_originality_signs_the_earliest_of_tied_candidates_wins(tmp_path: Path) -> None:
    # Two unrelated sites carry the text, neither credited nor a registry publisher nor marked
    # republished: the earlier one is the original, whichever was stored first.
    urls = {
        "original": "https://www.firstsite.example/robots",
        "second": "https://www.secondsite.example/robots",
        "uncredited": "https://www.uncreditedcopy.example/robots",
    }
    dates = {
        "original": "2026-03-01T08:00:00Z",
        "second": "2026-03-02T08:00:00Z",
        "uncredited": "2026-03-04T08:00:00Z",
    }
    bodies = {role: page("Robots", dates[role]) for role in urls}
    with Store(tmp_path / "plain.db") as store:
        crawl_id = store.start_crawl([], {})
        for role in ("uncredited", "second", "original"):
            store_page(store, crawl_id, urls[role], bodies[role])
        _summary, results = match_store(store, registry=REGISTRY)
    pairs = {(r.copy_url, r.original_url) for r in results if r.relation == "uncredited"}
    # Each later page is attributed to the earliest one, not to its nearer neighbour.
    assert pairs == {
        (urls["uncredited"], urls["original"]),
        (urls["second"], urls["original"]),
    }
