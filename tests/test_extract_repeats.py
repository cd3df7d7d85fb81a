"""Pages that repeat a credit-like element hundreds of times: an index of "Read more" teasers,
a feed of syndicated notices, a wall of republish boxes.

Each used to cost a test per pair of matches (a page of 2,000 "Read more" links took eight
seconds, a page of 1,000 bylines two); ``benchmarks/repeats_speed.py`` measures how the time
grows. Here: the answers at that scale are the ones a page with a few repeats gets, and the
indexes that replaced the pairwise tests agree with those tests on random input.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser, LexborNode

from attribution.extract import extract, parse_document
from attribution.extract.bylines import _Persons
from attribution.extract.document import FEW_ANCHOR_QUERIES, held_counts
from attribution.extract.identify import find_link_for_name
from attribution.extract.names import distinct_persons, same_person
from attribution.registry import load_registry

REGISTRY = load_registry()
URL = "https://www.dailyplanet.example/2026/03/04/index"


def _page(body: str) -> bytes:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Daily Planet</title>"
        f"</head><body>{body}</body></html>"
    ).encode()


def _teasers(count: int) -> str:
    return "".join(
        f"<div class='card'><h3>Story {i}</h3><p>Summary {i}.</p>"
        f"<a href='https://theconversation.com/story-{i}-{1000 + i}'>Read more</a></div>"
        for i in range(count)
    )


def test_a_wall_of_read_more_teasers_credits_no_one() -> None:
    result = extract(_page(f"<section class='feed'>{_teasers(600)}</section>"), url=URL)
    assert not result.republished
    assert [c for c in result.credits if c.signal in ("read_more", "original_link")] == []


def test_the_articles_own_read_more_credit_counts_beside_a_wall_of_teasers() -> None:
    article = (
        "<article><h1>Why the reef is bleaching</h1><p>Corals expel the algae they live on "
        "when the water warms, and turn white.</p><p><a href='https://theconversation.com/"
        "why-the-reef-is-bleaching-276878'>Read the original article</a></p></article>"
    )
    result = extract(_page(article + f"<aside><div>{_teasers(600)}</div></aside>"), url=URL)
    assert result.republished
    assert result.original is not None
    assert result.original.url == "https://theconversation.com/why-the-reef-is-bleaching-276878"


def test_every_repeated_notice_is_read_once_as_its_innermost_element() -> None:
    notice = (
        "<div class='note'><p><em>This story originally appeared on "
        "<a href='https://www.propublica.org/article/x'>ProPublica</a>.</em></p></div>"
    )
    result = extract(_page(f"<article><h1>Feed</h1>{notice * 400}</article>"), url=URL)
    notices = [c for c in result.credits if c.signal == "notice"]
    assert len(notices) == 400
    assert {c.text for c in notices} == {"This story originally appeared on ProPublica."}
    assert result.original is not None and result.original.domain == "propublica.org"


# Random trees: each element a <div> or <p>; some marked (class "m").
TREES = st.recursive(
    st.sampled_from(["", "x"]),
    lambda inner: st.builds(
        lambda tag, marked, kids: f"<{tag}{' class=m' if marked else ''}>{''.join(kids)}</{tag}>",
        st.sampled_from(["div", "section", "span"]),
        st.booleans(),
        st.lists(inner, max_size=4),
    ),
    max_leaves=40,
)


def _strictly_inside(node: LexborNode, marked: list[LexborNode]) -> int:
    count = 0
    for m in marked:
        cur = m.parent
        while cur is not None:
            if cur.mem_id == node.mem_id:
                count += 1
                break
            cur = cur.parent
    return count


@settings(max_examples=200, deadline=None)
@given(st.lists(TREES, min_size=1, max_size=4), st.integers(min_value=1, max_value=3))
def test_held_counts_are_the_capped_number_of_marked_elements_inside(
    trees: list[str], cap: int
) -> None:
    tree = LexborHTMLParser(f"<html><body>{''.join(trees)}</body></html>")
    marked = tree.css(".m")
    counts = held_counts(marked, cap=cap)
    for node in tree.root.traverse() if tree.root is not None else ():
        expected = min(cap, _strictly_inside(node, marked))
        assert counts.get(node.mem_id, 0) == expected


def test_a_page_of_hundreds_of_bylines_names_each_person_once() -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    people = [f"Jane {letters[i // 26].upper()}{letters[i % 26]}son" for i in range(26 * 26)]
    body = "".join(f"<div class='byline'>By {p} and John Roe</div>" for p in people)
    result = extract(_page(f"<article><h1>Contributors</h1>{body}</article>"), url=URL)
    assert list(result.authors) == [people[0], "John Roe", *people[1:]]


# Names from few tokens, so that renderings of one person, and names that extend one
# another ("Kelli Miller" and "Kelli Miller WebMD"), are frequent.
NAMES = st.lists(
    st.sampled_from(["Kelli", "Miller", "KELLI", "Webmd", "José", "Jose", "Ann", "Lee"]),
    min_size=1,
    max_size=3,
).map(" ".join)


def _shortest_forms_pairwise(persons: list[str], new: list[str]) -> list[str]:
    # The rule as first written, comparing every pair.
    kept: list[str] = []
    for name in new:
        tokens = name.casefold().split()
        extended = False
        for i, person in enumerate(persons):
            other = person.casefold().split()
            if len(other) > len(tokens) and other[: len(tokens)] == tokens:
                persons[i] = name
                extended = True
            elif len(tokens) > len(other) and tokens[: len(other)] == other:
                extended = True
        if not extended:
            kept.append(name)
    return kept


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(NAMES, max_size=4), max_size=8))
def test_the_persons_index_reads_bylines_as_pairwise_comparison_does(
    bylines: list[list[str]],
) -> None:
    indexed = _Persons()
    pairwise: list[str] = []
    for names in bylines:
        new = indexed.shortest_forms([n for n in names if not indexed.knows(n)])
        indexed.extend(new)
        expected = [n for n in names if not any(same_person(n, p) for p in pairwise)]
        expected = _shortest_forms_pairwise(pairwise, expected)
        pairwise.extend(expected)
        assert new == expected
        assert indexed.names == pairwise


@settings(max_examples=200, deadline=None)
@given(st.lists(NAMES, max_size=10), st.lists(NAMES, max_size=4))
def test_distinct_persons_keeps_the_first_rendering_of_each(
    names: list[str], known: list[str]
) -> None:
    expected: list[str] = []
    for name in names:
        if not any(same_person(name, o) for o in [*known, *expected]):
            expected.append(name)
    assert distinct_persons(names, known) == expected


def test_links_found_by_name_past_a_few_questions_are_those_the_tree_walk_finds() -> None:
    # Names as bylines and captions print them, linked or not, in and out of navigation.
    names = ["Ason Gazette", "The Bson Times", "Cson News", "Dson Post", "Eson Herald"]
    links = "".join(
        f"<p>By Ann Lee, <a href='https://{n.split()[-2].lower()}{i}.example/'>{n}</a></p>"
        for i, n in enumerate(names[:4])
    )
    html = (
        f"<html><body><nav><a href='https://dson3.example/about'>Dson Post</a></nav>"
        f"<article>{links}<p>© Eson Herald</p><p>Photo: <a href='/local'>Ason Gazette</a>"
        "</p></article></body></html>"
    )
    asked = [*names, "Bson Times", "ASON GAZETTE", "Nobody Here"]
    walked = [find_link_for_name(parse_document(html, url=URL), n) for n in asked]
    doc = parse_document(html, url=URL)
    doc.anchor_queries = FEW_ANCHOR_QUERIES
    assert [find_link_for_name(doc, n) for n in asked] == walked
    assert walked[0] == "https://ason0.example/"
    assert walked[-1] is None
