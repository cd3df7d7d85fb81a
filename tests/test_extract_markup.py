"""The one pass over a page's markup (Document.markup_hits) and the one pass over its text
(Document.contains) answer as a scan per word would, and the byline query they trim finds what
the whole one does.

A page given as UTF-8 bytes is read through the pass; the same page given as text with a
character beyond ASCII has no UTF-8 copy and takes the scan per word: both must agree.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.extract import extract, parse_document
from attribution.extract.bylines import _BYLINE_PARTS, byline_selector, reporters_line, strip_names
from attribution.extract.document import (
    _BOX_ATTRIBUTE,
    INDEXED_RELS,
    MARKUP_WORDS,
    TEXT_WORDS,
    TEXT_WORDS_CASED,
    Document,
    cut_out,
    in_class_or_id,
    text_within,
)
from attribution.extract.licenses import _LICENCE_WORDS
from attribution.extract.metadata import tracker_ids
from attribution.extract.names import clean_byline, same_person
from attribution.extract.patterns import BYLINE_SELECTORS, BYLINE_WORDS, REPORTING_BY
from attribution.extract.wire import _COPYRIGHT_WORDS
from attribution.registry import load_registry

REGISTRY = load_registry()
# Tracker ids and their look-alikes next to characters beyond ASCII (a letter or a digit of
# another script after an id means no word boundary; "ca-pub-" keeps its "ca-").
PIECES = st.sampled_from(
    [
        "G-ABCDEF1234", "G-ABCDEF12345678", "UA-123456-1", "UA-\u0661\u0662\u0663\u0664-\u0661",
        "GTM-K9ZX2", "ca-pub-1234567890123456", "pub-12345678901", "fbq('init', '123456789012')",
        "fbq(\u2003'init',\n '98765432109876')", "é", "\u0663", "日本", "_", "-", " ", "x",
        "<p>", "</p>", "<script>", "</script>", "republish", "REPUBLISH", "syndicated",
        "creative-commons-sharing", "creativecommons.org/licenses/by/4.0/",
        "pixel.propublica.org/pixel.js", "\U0001f600",
    ]
)  # fmt: skip


def _page(parts: list[str]) -> str:
    return "<html><head><title>t é</title></head><body><p>" + "".join(parts) + "</p></body></html>"


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_tracker_ids_from_the_pass_equal_the_scan(parts: list[str]) -> None:
    html = _page(parts)
    through_pass = parse_document(html.encode("utf-8"))
    by_scan = parse_document(html)
    assert through_pass.raw is not None and through_pass.markup_hits is not None
    assert by_scan.raw is None and by_scan.markup_hits is None
    assert tracker_ids(through_pass, set()) == tracker_ids(by_scan, set())


@settings(max_examples=100, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_extraction_is_the_same_through_the_pass_and_the_scan(parts: list[str]) -> None:
    html = _page(parts)
    url = "https://www.example.org/news/story"
    assert extract(html.encode("utf-8"), url=url, registry=REGISTRY) == extract(
        html, url=url, registry=REGISTRY
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_markup_hits_are_every_occurrence_of_every_word(parts: list[str]) -> None:
    html = _page(parts)
    doc = parse_document(html.encode("utf-8"))
    raw = html.encode("utf-8")
    hits = doc.markup_hits
    assert hits is not None and set(hits) == set(MARKUP_WORDS)
    for word, found in hits.items():
        needle = word.encode()
        expected = [i for i in range(len(raw)) if raw.startswith(needle, i)]
        assert found == expected, word
        assert doc.html_has(word) is (word in html)
    offsets = doc.char_offsets(b for found in hits.values() for b in found)
    for word, found in hits.items():
        for b in found:
            assert html[offsets[b] : offsets[b] + len(word)] == word


def test_words_added_before_the_pass_are_answered_by_it() -> None:
    page = b"<p>see content_tracker_hook.js and pixel.example/x</p>"
    doc = parse_document(page)
    doc.markup_words = (*MARKUP_WORDS, "content_tracker_hook.js", "absent-hint")
    hits = doc.markup_hits
    assert hits is not None
    assert hits["content_tracker_hook.js"] == [page.index(b"content_")]
    assert hits["absent-hint"] == []
    assert doc.html_has("content_tracker_hook.js") and not doc.html_has("absent-hint")
    # A word outside the list is still answered, by a scan.
    assert doc.html_has("pixel.example/x") and not doc.html_has("pixel.example/y")


TEXT_PIECES = st.sampled_from(
    [
        "Originally published", "REPUBLISHED", "read the ", "Read\nthe full", "lire l’article",
        "Lire l'article", "©", "(C)", "copyright", "By ", "BY\xa0", "By\xa0", "Autor:", "Autora",
        "cc-by", "CC BY", "Creative  Commons", "https://x.example", "leer más", "İ", "ß", "é",
        " ", "\n", "<p>", "</p>", "<em>", "</em>", "x", "publi", "terbit", "diterbitkan",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(TEXT_PIECES, max_size=40))
def test_the_text_pass_answers_as_a_scan_per_word(parts: list[str]) -> None:
    doc = parse_document(_page(parts))
    low, text = doc.body_lower, doc.body_text
    for word in (*TEXT_WORDS, "read the full", "lire l'", "zzz"):
        assert doc.contains(word) is (word in low), word
    for word in (*TEXT_WORDS_CASED, "By", "Creative"):
        assert doc.contains(word, case_sensitive=True) is (word in text), word


def test_the_detectors_every_page_words_are_in_the_text_pass() -> None:
    # Words outside the list are still answered (by a scan), only slower: keep them in.
    assert set(_LICENCE_WORDS) | set(_COPYRIGHT_WORDS) <= set(TEXT_WORDS)
    assert set(BYLINE_WORDS) <= set(TEXT_WORDS_CASED)


BYLINE_PIECES = st.sampled_from(
    [
        '<div class="byline">', '<div class="BYLINE">', '<span class="author-name">',
        '<p class="Author">', '<a rel="AUTHOR" href="/a">', '<a rel="author" href="/b">',
        '<div class="by&#108;ine">', '<div class="auth&#x6F;r">', '<i class="contrib&#117tor">',
        '<div class="&#8217;">', '<span itemprop="author">', '<div data-testid="byline-x">',
        '<address>', '<ADDRESS>', '<li id="main-byline">', "</div>", "</span>", "</a>", "By Jo",
        "é", "<p>",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(BYLINE_PIECES, max_size=25))
def test_the_gated_byline_query_finds_what_the_whole_one_does(parts: list[str]) -> None:
    doc = parse_document(_page(parts).encode("utf-8"))
    body = doc.tree.body
    assert body is not None
    gated = [n.mem_id for n in body.css(byline_selector(doc))]
    assert gated == [n.mem_id for n in body.css(BYLINE_SELECTORS)]


# Republish boxes in their markup's forms, and the words in scripts and text, where no box is.
BOX_PIECES = st.sampled_from(
    [
        "<div class='republish-modal' hidden>", "<div class=\"story syndicated\">",
        "<section id=republish-box>", "<div data-config='{\"a\": 1}' class='REPUBLISH'>",
        "<aside\nclass = 'steal-our-stories'>", "<div class='x' id='share-this-story'>",
        "<form class=republication>", "</div>", "</section>", "</aside>", "</form>",
        "<script>var syndication = 'republish';</script>", "<p>Republish this story</p>",
        "<textarea>", "</textarea>", "syndicated", "é", " ", "<div title='a > b' class='x'>",
        "<div title='a > b' class='republish-box'>",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(BOX_PIECES, max_size=20))
def test_the_gated_republish_box_query_finds_what_the_whole_one_does(parts: list[str]) -> None:
    html = _page(parts)
    through_pass = parse_document(html.encode("utf-8"))
    whole = parse_document(html)  # no UTF-8 copy: the query always runs
    assert whole.raw is None

    def boxes(doc: Document) -> list[str]:
        return [b.html or "" for b in doc.republish_boxes]

    assert boxes(through_pass) == boxes(whole)


ATTRIBUTE_BYTES = st.lists(
    st.sampled_from(
        [b" class=", b"\tID = ", b" id", b"=", b'"', b"'", b"<", b">", b" ", b"x", b"-"]
    ),
    max_size=25,
).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(ATTRIBUTE_BYTES, ATTRIBUTE_BYTES, st.integers(min_value=1, max_value=40))
def test_a_class_or_id_value_is_told_as_the_whole_window_search_tells_it(
    before: bytes, after: bytes, reach: int
) -> None:
    raw = before + b"syndicated" + after
    start = len(before)
    low = max(0, start - reach)
    whole = _BOX_ATTRIBUTE.search(raw, low, start) is not None
    assert in_class_or_id(raw, start, reach) == whole


def test_a_box_word_in_a_script_is_not_in_a_class_value() -> None:
    script = b"<script>var s = {'x': 1, \"k\": 2}; " + b"syndication(); " * 50
    assert not in_class_or_id(script, len(script) - 15)
    assert in_class_or_id(b'<div id="box" class="story ', 27)
    assert in_class_or_id(b"<div class=story-", 17)


def test_byline_parts_left_out_only_when_the_markup_cannot_hold_them() -> None:
    assert ", ".join(part for part, _word in _BYLINE_PARTS) == BYLINE_SELECTORS
    plain = parse_document(b'<p class="story">By Jo Bloggs</p>')
    assert byline_selector(plain) == '[rel="author"], address'
    spelled = parse_document(b'<p class="by&#x6c;ine">By Jo Bloggs</p>')
    assert spelled.spells_letters_by_reference
    assert byline_selector(spelled) == BYLINE_SELECTORS
    quoted = parse_document(b'<p class="story">By Jo&#8217;s desk</p>')
    assert not quoted.spells_letters_by_reference
    # Text with a character beyond ASCII has no UTF-8 copy: the whole query.
    assert byline_selector(parse_document('<p class="story">By Jö</p>')) == BYLINE_SELECTORS


REPORTING_PIECES = st.sampled_from(
    [
        "Reporting by ", "REPORTING BY ", "REPORTİNG BY ", "Reporting and writing by ",
        "(Writing by ", "Report", "ing by ", "Jane Doe", " and ", "Ann Lee", "; Editing by Bo",
        ")", " in London", "<div>", "</div>", "<span>", "</span>", "<b>", "</b>", "<p>", "</p>",
        "<em>", "</em>", "<i>", "</i>", "x" * 120, "é", " ",
    ]
)  # fmt: skip


def _reporters_by_scan(doc: Document) -> list[str]:
    # What reporters_line answers reading every candidate element's text.
    strip = strip_names(REGISTRY)
    if "reporting by" not in doc.body_lower and "writing by" not in doc.body_lower:
        return []
    out: list[str] = []
    for node in doc.tree.css("p, div, span, em, i"):
        text = node.text(deep=True, separator=" ", strip=True)
        if not text or len(text) > 300:
            continue
        m = REPORTING_BY.match(text)
        if m:
            names, _ = clean_byline(m.group("names"), strip_names=strip)
            out.extend(n for n in names if not any(same_person(n, o) for o in out))
            if out:
                break
    return out


@settings(max_examples=300, deadline=None)
@given(st.lists(REPORTING_PIECES, max_size=24))
def test_the_reporting_line_is_found_where_reading_every_element_finds_it(
    parts: list[str],
) -> None:
    doc = parse_document(_page(parts))
    assert reporters_line(doc, strip_names(REGISTRY)) == _reporters_by_scan(doc)


def test_the_reporting_line_inside_nested_containers() -> None:
    html = (
        "<html><body><div><div><p>Story text.</p><div><p><em>Reporting by</em> Jane Doe and "
        "Ann Lee; Editing by Bo Chan</p></div></div></div></body></html>"
    )
    doc = parse_document(html)
    assert reporters_line(doc, strip_names(REGISTRY)) == ["Jane Doe", "Ann Lee"]


@settings(max_examples=200, deadline=None)
@given(st.lists(REPORTING_PIECES, max_size=30), st.sampled_from([0, 10, 40, 160]), st.booleans())
def test_a_text_within_a_limit_is_the_text_or_none_whatever_the_order(
    parts: list[str], limit: int, backwards: bool
) -> None:
    doc = parse_document(_page(parts))
    nodes = doc.tree.css("*")
    if backwards:
        nodes = nodes[::-1]
    too_long: set[int] = set()
    for node in nodes:
        text = node.text(deep=True, separator=" ", strip=True)
        assert text_within(node, limit, too_long) == (text if len(text) <= limit else None)


LINK_PIECES = st.sampled_from(
    [
        '<link rel="canonical" href="https://a.example/story">',
        '<link rel="stylesheet" href="/s.css">',
        '<link rel="Canonical alternate" href="/x">', '<link rel="canonical canonical" href="/y">',
        '<link rel="canonical" href="javascript:void(0)">',
        '<link rel="icon license" href="/i.png">',
        '<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC</a>',
        '<a rel="nofollow author" href="/me">me</a>', '<link rel="license">', "<p>x</p>",
    ]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(LINK_PIECES, max_size=10))
def test_the_links_of_one_rel_are_those_a_walk_over_every_rel_finds(parts: list[str]) -> None:
    # The index files only the links of the rels asked for; a walk over every element with a
    # rel, its tokens split and lowered here, must find the same links in the same order.
    doc = parse_document(_page(parts), url="https://b.example/page")
    for rel in INDEXED_RELS:
        expected = []
        for node in doc.tree.css("link[rel], a[rel]"):
            if node.tag == "a" and rel != "license":
                continue
            tokens = (node.attributes.get("rel") or "").lower().split()
            url = doc.resolve(node.attributes.get("href"))
            if url:
                expected.extend((url, node.mem_id) for t in tokens if t == rel)
        assert [(url, node.mem_id) for url, node in doc.rel_links(rel)] == expected


# Visible text from one alphabet and textarea contents from another: a part can only be found
# where it was put, so cutting it out is replacing that one place.
_SEEN = st.text(alphabet="abc <>.", max_size=12)
_BOXED = st.text(alphabet="xyz&;", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_SEEN, st.lists(_BOXED, max_size=3)), max_size=8))
def test_cutting_out_parts_replaces_each_where_it_stands(runs: list[tuple[str, list[str]]]) -> None:
    text = " ".join(seen + " " + " ".join(parts) for seen, parts in runs)
    parts = [part for _, boxed in runs for part in boxed]
    expected = text
    for part in parts:
        expected = expected.replace(part, " ", 1)
    assert cut_out(text, parts) == expected


def test_a_part_not_found_stops_the_cutting() -> None:
    assert cut_out("a b c d", ["b", "x", "d"]) == "a   c d"
    assert cut_out("a b c", []) == "a b c"
    # Parts are looked for in their order: one found before the last cut is not cut.
    assert cut_out("a b c", ["c", "a"]) == "a b  "


def test_the_body_text_leaves_out_textareas_and_their_words() -> None:
    page = (
        "<html><body><h1>Bees leave the cities</h1><p>Wild bees are fewer.</p>"
        "<div class='republish'><textarea>&lt;p&gt;This article is republished from The "
        "Conversation under a Creative Commons license.&lt;/p&gt;</textarea></div>"
        "<p>Pollinators matter.</p><textarea></textarea><p>Last line.</p></body></html>"
    )
    doc = parse_document(page, url="https://theconversation.com/bees-1")
    assert "Wild bees are fewer." in doc.body_text
    assert "Last line." in doc.body_text
    assert "republished" not in doc.body_text
    assert not doc.contains("republished")
    assert not doc.contains("creative commons")
    # The republish box still reads its snippet from the textarea itself.
    assert "republished from The Conversation" in doc.republish_box_html


def test_the_body_text_leaves_out_a_republish_dialog_but_not_the_credit_beside_it() -> None:
    page = (
        "<html><body><article><h1>Inspections lag</h1><p>States are years behind.</p>"
        "<p class='credit'>This story was originally published by ProPublica.</p></article>"
        "<div class='republish-modal' role='dialog' hidden><h2>Republish This Story</h2>"
        "<p>You can republish our articles for free under a Creative Commons license.</p>"
        "<textarea>&lt;p&gt;This story was originally published by ProPublica.&lt;/p&gt;"
        "</textarea></div><footer>Contact us</footer></body></html>"
    )
    doc = parse_document(page, url="https://www.lakeshorecourier.example/inspections")
    assert "Republish This Story" not in doc.body_text
    assert not doc.contains("creative commons")
    assert doc.body_text.count("originally published by ProPublica") == 1
    assert "Contact us" in doc.body_text
    result = extract(page.encode(), url="https://www.lakeshorecourier.example/inspections")
    assert result.republished
    assert result.original is not None and result.original.domain == "propublica.org"
