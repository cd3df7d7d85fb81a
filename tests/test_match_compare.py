"""compare: verdicts and what changed, over the sample pages in tests/match_pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from attribution.extract import parse_document
from attribution.match.compare import allows_derivatives, compare_texts
from attribution.match.direction import PageFacts, direction
from attribution.match.text import main_text
from attribution.models import MainText
from attribution.registry import load_registry

PAGES = Path(__file__).parent / "match_pages"


def text(name: str) -> MainText:
    return main_text(parse_document((PAGES / name).read_bytes()).tree)


def compare(name: str, **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("credited", True)
    return compare_texts(text("original.html"), text(name), **kwargs).to_dict()


# page, expected fields (only those given are compared)
CASES = [
    ("verbatim.html", {"verdict": "verified", "containment": 1.0, "paragraphs_removed": 0}),
    ("heavy_chrome.html", {"verdict": "verified", "paragraphs_added": 0, "jaccard": 1.0}),
    ("truncated.html", {"verdict": "edited", "truncated": True, "paragraphs_removed": 4}),
    (
        "paragraphs_removed.html",
        {"verdict": "edited", "paragraphs_removed": 2, "truncated": False, "paragraphs_added": 0},
    ),
    (
        "reworded.html",
        {"verdict": "edited", "paragraphs_changed": 1, "paragraphs_removed": 0},
    ),
    ("retitled.html", {"verdict": "edited", "title_changed": True, "paragraphs_changed": 0}),
    ("links_dropped.html", {"verdict": "edited", "links_dropped": 2}),
    ("allowed_edits.html", {"verdict": "verified", "allowed_edits": 2}),
    ("wrong_article.html", {"verdict": "mismatch"}),
]


@pytest.mark.parametrize(("page", "expected"), CASES, ids=[c[0] for c in CASES])
def test_credited_copies(page: str, expected: dict[str, Any]) -> None:
    result = compare(page, license="CC BY-ND 4.0")
    assert {k: result[k] for k in expected} == expected


@pytest.mark.parametrize("page", ["same_topic.html", "quoting.html"])
def test_articles_that_are_not_copies_are_unrelated(page: str) -> None:
    result = compare(page, credited=False)
    assert result["verdict"] == "unrelated"
    assert result["containment"] < 0.2


def test_a_copy_that_credits_the_wrong_article_is_a_mismatch_only_when_credited() -> None:
    assert compare("wrong_article.html", credited=False)["verdict"] == "unrelated"


def test_json_has_the_documented_keys() -> None:
    result = compare("truncated.html")
    for key in (
        "verdict",
        "jaccard",
        "containment",
        "paragraphs_removed",
        "paragraphs_added",
        "paragraphs_changed",
        "title_changed",
        "links_dropped",
    ):
        assert key in result


def test_a_reworded_paragraph_counts_its_changed_sentences_and_shows_a_word_diff() -> None:
    result = compare("reworded.html")
    [change] = result["changed"]
    assert change["sentences_changed"] >= 1
    assert "[-That matters because-]" in change["diff"]
    assert "{+This is important since+}" in result["diff"]


def test_allowed_edits_count_when_the_licence_does_not_allow_them() -> None:
    assert compare("allowed_edits.html", license=None)["verdict"] == "edited"
    assert compare("allowed_edits.html", license="CC BY-ND 4.0")["verdict"] == "verified"
    strict = compare("allowed_edits.html", license="CC BY-ND 4.0", allow_minor_edits=False)
    assert strict["verdict"] == "edited" and strict["paragraphs_changed"] == 2


def test_edits_violate_no_derivatives_but_not_cc_by() -> None:
    assert compare("paragraphs_removed.html", license="CC BY-ND 4.0")["violation"] is True
    by = compare("paragraphs_removed.html", license="CC BY 4.0")
    assert by["verdict"] == "edited" and by["violation"] is False
    assert compare("paragraphs_removed.html", license=None)["violation"] is False


@pytest.mark.parametrize(
    ("license", "allowed"),
    [
        ("CC BY 4.0", True),
        ("CC BY-SA 4.0", True),
        ("CC BY-NC 4.0", True),
        ("CC BY-ND 4.0", False),
        ("CC BY-NC-ND 4.0", False),
        ("Creative Commons", True),
        (None, False),
        ("All rights reserved", False),
    ],
)
def test_allows_derivatives(license: str | None, allowed: bool) -> None:
    assert allows_derivatives(license) is allowed


def facts(url: str, domain: str, published: str | None, **extraction: Any) -> PageFacts:
    return PageFacts(url=url, domain=domain, published=published, extraction=extraction)


def test_direction_from_dates_and_the_registry() -> None:
    registry = load_registry()
    copy = facts("https://copy.example/a", "copy.example", "2026-03-04T10:00:00+00:00")
    original = facts("https://theconversation.com/a-1", "theconversation.com", "2026-03-01")
    first, second, confidence, reasons = direction(copy, original, registry)
    assert (first, second) == (original, copy)
    assert confidence > 0.8
    assert any("known publisher" in r for r in reasons)
    assert any("earlier" in r for r in reasons)


def test_direction_without_evidence_has_no_confidence() -> None:
    a = facts("https://a.example/x", "a.example", None)
    b = facts("https://b.example/x", "b.example", None)
    assert direction(a, b, load_registry())[2] == 0.0


def test_direction_from_dates_alone_is_moderately_sure() -> None:
    a = facts("https://a.example/x", "a.example", "2026-03-05")
    b = facts("https://b.example/x", "b.example", "2026-03-02")
    original, _, confidence, _ = direction(a, b, load_registry())
    assert original is b and 0.5 < confidence < 0.8
