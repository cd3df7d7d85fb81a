"""Main text: the article's paragraphs, without page chrome or credit boilerplate."""

from __future__ import annotations

from pathlib import Path

import pytest

from attribution.extract import parse_document
from attribution.match.compare import compare_texts
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


# --- div-per-paragraph layouts ------------------------------------------------------------

WIRE_FIRST = "ROTTERDAM, March 4 (Reuters) - Dock workers at Europe's largest port"
WIRE_LAST = "has said it will not intervene in the dispute."


def test_paragraph_marker_divs_are_the_main_text() -> None:
    # Reuters' markup: <div data-testid="paragraph-N">, no <p> but the sign-off lines.
    text = read("wire_paragraph_divs.html")
    assert len(text.paragraphs) == 8
    assert text.paragraphs[0].startswith(WIRE_FIRST)
    assert text.paragraphs[6].endswith(WIRE_LAST)
    assert text.paragraphs[7] == "Reporting by Bart Meijer; Editing by Jan Harvey"
    # The standards line is furniture, set aside; navigation and teasers are left out.
    assert text.boilerplate == ("Our Standards: The Thomson Reuters Trust Principles.",)
    for chrome in ("Markets", "Red Sea diversions", "Hamburg port operator", "quotes delayed"):
        assert chrome not in text.text


def test_a_p_copy_of_a_paragraph_div_article_verifies() -> None:
    original, copy = read("wire_paragraph_divs.html"), read("wire_copy.html")
    assert copy.paragraphs[:7] == original.paragraphs[:7]
    result = compare_texts(original, copy, credited=True)
    assert result.verdict == "verified", result.diff
    assert result.containment == 1.0


def test_plain_div_paragraphs_are_read_without_their_link_teasers() -> None:
    # No marker at all: a run of text divs in a body without <p>.
    text = read("div_paragraphs.html")
    wire = read("wire_paragraph_divs.html")
    assert text.paragraphs == (*wire.paragraphs[:5], wire.paragraphs[7])
    # A link alone in a div is a teaser, even among the paragraphs.
    for chrome in ("emergency law", "Red Sea diversions", "Log in", "Contact"):
        assert chrome not in text.text
    assert "Shipping" not in text.paragraphs  # the kicker: a lone text div


def test_text_divs_do_not_change_a_p_article() -> None:
    # A run of text divs next to an article in <p>: a fact box or a widget with less text than
    # the article. The article's text stays what it was.
    html = (PAGES / "original.html").read_text(encoding="utf-8")
    box = (
        '<div class="fact-box">'
        + "".join(
            f"<div>Fact {n}: the reef has been surveyed by divers every spring since the "
            "survey began, with the counts kept in the archive.</div>"
            for n in range(3)
        )
        + "</div>"
    )
    with_box = main_text_from_html(html.replace("</main>", f"{box}</main>"))
    assert with_box.paragraphs == read("original.html").paragraphs


def test_a_paragraph_marker_holding_a_p_is_read_once() -> None:
    body = "".join(
        f'<div data-testid="paragraph-{n}"><p>Paragraph {n} of the story, long enough to count '
        f"as a paragraph of the article body.</p></div>"
        for n in range(3)
    )
    text = main_text_from_html(f"<html><body><article>{body}</article></body></html>")
    assert text.paragraphs == tuple(
        f"Paragraph {n} of the story, long enough to count as a paragraph of the article body."
        for n in range(3)
    )
