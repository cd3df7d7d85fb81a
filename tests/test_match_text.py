"""Main text: the article's paragraphs, without page chrome or credit boilerplate."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.extract import parse_document
from attribution.match.text import main_text, main_text_from_html
from attribution.models import MainText

PAGES = Path(__file__).parent / "match_pages"


def read(name: str, url: str | None = None) -> MainText:
    doc = parse_document((PAGES / name).read_bytes(), url=url)
    return main_text(doc.tree, url=url)


def test_the_original_gives_its_paragraphs_in_order_and_its_title() -> None:
    text = read("original.html")
    assert text.title == "Coral spawning is shifting as the oceans warm"
    assert len(text.paragraphs) == 8
    assert text.paragraphs[0].startswith("Every year, a few nights after the full moon")
    assert text.paragraphs[-1].endswith("the project archive.")


def test_heavy_chrome_teasers_ads_comments_and_sidebars_are_left_out() -> None:
    plain, heavy = read("verbatim.html"), read("heavy_chrome.html")
    assert heavy.paragraphs == plain.paragraphs == read("original.html").paragraphs
    joined = heavy.text
    for chrome in ("Teaser headline", "reader comment", "snorkel masks", "inbox every morning"):
        assert chrome not in joined


def test_credit_boilerplate_is_set_aside_not_dropped_silently() -> None:
    text = read("verbatim.html")
    assert not any("originally published" in p for p in text.paragraphs)
    assert any("originally published" in p for p in text.boilerplate)


def test_links_in_paragraphs_are_kept_and_resolved() -> None:
    text = read("original.html", url="https://www.original.example/news/reef-story")
    assert ("https://data.reefwatch.example/spawning", "the Reefwatch survey") in text.links


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Ana Ruiz, Lecturer in Sleep Science, University of Eastbridge", False),
        ("By Ana Lima and Tom Lee", False),
        ("© 2026 The Original Times. All rights reserved.", False),
        ("Read more https://theconversation.com/some-story-123456", False),
        ("![The Conversation](https://counter.theconversation.com/content/1/count.gif)", False),
        ("The council, which met on Monday, said it would act within a month.", True),
        ("Officials said the plan would be reviewed in the spring.", True),
    ],
)
def test_boilerplate_lines(line: str, kept: bool) -> None:
    filler = "A sentence of the article that is long enough to vote for its container. " * 3
    html = f"<html><body><article><p>{filler}</p><p>{line}</p></article></body></html>"
    assert (line in main_text_from_html(html).paragraphs) is kept


def test_a_page_without_body_text_has_no_paragraphs() -> None:
    assert main_text_from_html("<html><head><title>x</title></head></html>").paragraphs == ()


def test_layout_modifier_classes_do_not_make_the_page_chrome() -> None:
    html = (
        '<html><body class="has-sidebar"><div class="wrap with-comments">'
        "<p>"
        + "The article's only paragraph, long enough to count for its container. " * 2
        + "</p></div></body></html>"
    )
    assert len(main_text_from_html(html).paragraphs) == 1
