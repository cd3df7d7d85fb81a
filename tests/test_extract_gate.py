"""The literal gates in front of the credit-line patterns never change a pattern's answer."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from attribution.extract import gate
from attribution.extract.credit_lines import _ANCHORED_OPENING
from attribution.extract.patterns import NOTICE_PATTERNS, NOTICE_TRIGGER, READ_ON_PATTERNS
from attribution.registry import load_registry

_REGISTRY = load_registry()
PATTERNS = [
    NOTICE_TRIGGER,
    _ANCHORED_OPENING,
    *NOTICE_PATTERNS,
    *READ_ON_PATTERNS,
    *(p for _, p in _REGISTRY.credit_rules),
    *(p for _, p in _REGISTRY.copyright_rules),
]

# Pieces of real credit lines, with the characters the regex engine matches to ASCII letters
# when ignoring case (İ ı ſ K) and case changes, so that random texts often come close.
_PIECES = [
    "This article is republished from ",
    "The Conversation",
    "originally published by ",
    "first appeared on ",
    "ProPublica",
    "Este artículo fue publicado originalmente en ",
    "Cet article est republié à partir de ",
    "Read the full article on ",
    "Source: ",
    "provided by ",
    "© 2026 The Associated Press",
    "Copyright Thomson Reuters",
    "KFF Health News is a national newsroom",
    "is part of States Newsroom",
    "REPUBLİSHED FROM ",
    "ſyndicated from ",
    " under a Creative Commons license.",
    " and ",
    ". ",
    "\n",
]
texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_gated_search_answers_as_the_pattern_does(text: str) -> None:
    folded = gate.fold(text)
    for pattern in PATTERNS:
        ours = gate.search(pattern, text, folded)
        theirs = pattern.search(text)
        assert (ours is None) == (theirs is None), pattern.pattern
        if ours is not None and theirs is not None:
            assert ours.span() == theirs.span()
        assert gate.matches_anywhere(pattern, text, folded) == (theirs is not None)


_GATED = gate.gated(PATTERNS)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_gated_list_finds_what_each_of_its_patterns_finds(text: str) -> None:
    ours = [(i, m.span()) for i, m in gate.matches(_GATED, text, gate.fold(text))]
    theirs = [(i, m.span()) for i, p in enumerate(PATTERNS) if (m := p.search(text)) is not None]
    assert ours == theirs


def test_a_gated_list_skips_the_patterns_whose_words_are_missing() -> None:
    entries = gate.gated([re.compile(r"\bsyndicated\s+by", re.I), re.compile(r"Reuters")])
    text = "SYNDİCATED by reuters"  # "reuters" in the wrong case: the second needs "Reuters"
    assert [i for i, _ in gate.matches(entries, text, gate.fold(text))] == [0]
    text = "syndicated from Reuters"
    assert [i for i, _ in gate.matches(entries, text, gate.fold(text))] == [1]


def test_lists_built_after_a_text_was_scanned_still_find_their_words_in_it() -> None:
    # Every list's words share one automaton and the last scan is remembered: a list built
    # later adds words, and the same text object must then be scanned for them too.
    first = gate.gated([re.compile(rf"\b{w}\s+by", re.I) for w in ("alpha", "beta", "gamma",
                        "delta", "epsilon")])  # fmt: skip
    text = "Epsilon by X. Zanzibarian quokkas by Y."
    folded = gate.fold(text)
    assert [i for i, _ in gate.matches(first, text, folded)] == [4]
    later = gate.gated([re.compile(rf"\b{w}\s+by", re.I) for w in ("zanzibarian quokkas",
                        "yeti", "kraken", "wyvern", "basilisk")])  # fmt: skip
    assert [i for i, _ in gate.matches(later, text, folded)] == [0]
    assert [i for i, _ in gate.matches(first, text, folded)] == [4]


def test_a_pattern_is_tried_where_its_leading_literals_are() -> None:
    pattern = re.compile(r"\b(?:this|the)\s+story\s+by\s+(?P<who>\w+)", re.I)
    # The parser moves "th" out of the branch; each alternative's run is put back on it.
    assert gate.leading_literals(pattern) == ("this", "the")
    assert gate.leading_literals(re.compile(r"\b(?:este|el)\s", re.I)) == ("este", "el")
    assert gate.leading_literals(re.compile(r"\b(?:a|the)\s", re.I)) == ()  # "a" is too short
    assert gate.leading_literals(re.compile(r"^\s*source:", re.I)) == ()
    assert gate.leading_literals(re.compile(r"\bReuters\b")) == ("Reuters",)
    # "the" inside "Lathe" is no match ("\b"); the dotted capital İ folds to "i".
    text = "Lathe story by Bo; THİS STORY BY Ann"
    found = [m for _, m in gate.matches(gate.gated([pattern]), text, gate.fold(text))]
    expected = pattern.search(text)
    assert expected is not None and expected.group("who") == "Ann"
    assert [m.span() for m in found] == [expected.span()]


def test_a_pattern_anchored_at_the_start_is_tried_there_only() -> None:
    pattern = re.compile(r"^\s*source\s*:\s*(?P<pub>\w+)", re.I)
    entries = gate.gated([pattern])
    assert entries[0][4] is True
    assert gate.gated([re.compile(r"^source", re.I | re.M)])[0][4] is False
    for text in ("  Source: Grist", "Our source: Grist", "x\nSource: Grist"):
        ours = [m.span() for _, m in gate.matches(entries, text, gate.fold(text))]
        theirs = pattern.search(text)
        assert ours == ([theirs.span()] if theirs else [])


def test_the_words_a_pattern_needs_are_read_off_it() -> None:
    assert gate.required_words(re.compile(r"\bsyndicated\s+(?:from|by)\s+\w+", re.I)) == (
        ("syndicated",),
        ("from", "by"),
    )
    # An alternative that needs nothing makes the whole branch need nothing.
    assert gate.required_words(re.compile(r"(?:copyright|©)\s*reuters", re.I)) == (("reuters",),)
    assert gate.required_words(re.compile(r"x(?:ab)?y")) == ()
    # Case-sensitive patterns keep their case.
    assert gate.required_words(re.compile(r"Associated Press")) == (("Associated Press",),)


def test_a_missing_word_skips_the_pattern_and_a_present_one_runs_it() -> None:
    pattern = re.compile(r"\boriginally\s+published\s+by\s+(?P<pub>\w+)", re.I)
    assert not gate.may_match(pattern, "published by Grist", gate.fold("published by Grist"))
    text = "ORİGİNALLY PUBLISHED BY Grist"  # dotted capital I matches "i" when ignoring case
    assert pattern.search(text) is not None
    assert gate.may_match(pattern, text, gate.fold(text))
    found = gate.search(pattern, text, gate.fold(text))
    assert found is not None and found.group("pub") == "Grist"


def test_alternatives_are_split_outside_groups_and_classes() -> None:
    pattern = re.compile(r"a(?:b|c)|[|x]y|z\|w", re.I)
    assert [p.pattern for p in gate.alternatives(pattern)] == ["a(?:b|c)", "[|x]y", r"z\|w"]
    assert all(p.flags & re.I for p in gate.alternatives(pattern))
    # A pattern with groups stays whole (a group number must not move).
    grouped = re.compile(r"(a)|b")
    assert gate.alternatives(grouped) == (grouped,)


def test_a_notice_in_another_language_is_not_tried_on_english_text() -> None:
    # A pattern whose gate needs no more than common short words ("is", "in") runs over
    # every window of text: the Dutch notice was once written so.
    english = gate.fold(
        "The council said it is in talks with the operator, which ran the ferry at a loss in "
        "2025; the story was published on Monday and first appeared in print on Tuesday."
    )
    foreign = [
        p for p in NOTICE_PATTERNS if re.search(r"verscheen|gepubliceerd|pubblicato", p.pattern)
    ]
    assert len(foreign) >= 3
    assert not any(gate.may_match(p, english, english) for p in foreign)
