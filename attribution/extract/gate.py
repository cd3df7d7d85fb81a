"""Literal gates: a pattern is run over a text only when the words every match needs are in it.

Credit-line patterns have no literal to start with ("\\b(?:this|the)\\s+..."), so the regex
engine tries each of them at every position of the text; most pages run dozens of them over
windows of text that hold none of their words. The words a pattern cannot match without (the
runs of plain letters in its top-level sequence, "syndicated" in
``\\bsyndicated\\s+(?:from|by)``) are read from the compiled pattern once; testing them with
``in`` costs next to nothing and gives the same answer as the search whenever it says no.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

from ahocorasick_rs import BytesAhoCorasick, Implementation

# The standard library's own regex parser (``re._parser``, ``sre_parse`` before 3.11): the
# words are read from the pattern exactly as the engine will compile it.
_sre_parse: Any = importlib.import_module("re._parser")
_sre_constants: Any = importlib.import_module("re._constants")

# Characters that a case-insensitive pattern matches to an ASCII letter but that ``str.lower``
# does not turn into it (the regex engine's own equivalences): İ and ı match "i", ſ matches "s".
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
_MIN_WORD = 3


def fold(text: str) -> str:
    """``text`` in lower case as the regex engine compares ASCII letters when ignoring case."""
    if not text.isascii() and ("\u0130" in text or "\u0131" in text or "\u017f" in text):
        text = text.translate(_FOLD)
    return text.lower()


# By id: hashing a compiled pattern hashes its whole program, slower than the test it saves.
_NEEDS: dict[int, tuple[re.Pattern[str], tuple[tuple[str, ...], ...], bool]] = {}
_ALTERNATIVES: dict[int, tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]] = {}


def required_words(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """What every match of ``pattern`` contains (remembered; see :func:`read_required_words`)."""
    return _needs_entry(pattern)[1]


def _needs_entry(
    pattern: re.Pattern[str],
) -> tuple[re.Pattern[str], tuple[tuple[str, ...], ...], bool]:
    found = _NEEDS.get(id(pattern))
    if found is None or found[0] is not pattern:
        ignore_case = bool(pattern.flags & re.IGNORECASE)
        # Rarest first: a gate fails on its first missing word, and a long word ("publicad")
        # is more often missing than a short one ("en").
        needs = tuple(sorted(read_required_words(pattern), key=lambda n: -min(map(len, n))))
        found = _NEEDS[id(pattern)] = (pattern, needs, ignore_case)
    return found


def read_required_words(pattern: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """What every match of ``pattern`` contains: for each tuple, at least one of its ASCII
    words (lower case when the pattern ignores case); () when nothing can be read off it.

    A run of plain letters in the pattern's sequence is one word ("syndicated" in
    ``\\bsyndicated\\s+by``); an alternation gives one word per alternative ("este" or "el").
    """
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # a gate is optional: without words the pattern always runs
        return ()
    needs = _needs(parsed)
    if pattern.flags & re.IGNORECASE:
        needs = [tuple(word.lower() for word in need) for need in needs]
    return tuple(needs)


def _leading_run(items: Any) -> str:
    run = []
    for op, av in items:
        if op is not _sre_constants.LITERAL or av >= 128:
            break
        run.append(chr(av))
    return "".join(run)


def _needs(items: Any) -> list[tuple[str, ...]]:
    needs: list[tuple[str, ...]] = []
    run: list[str] = []

    def flush() -> None:
        word = "".join(run)
        if len(word) >= _MIN_WORD:
            needs.append((word,))
        run.clear()

    for op, av in items:
        if op is _sre_constants.LITERAL and av < 128:
            run.append(chr(av))
            continue
        if op is _sre_constants.BRANCH:
            # The parser moves a prefix the alternatives share in front of the branch.
            prefix = "".join(run)
            options: list[str] = []
            for alternative in av[1]:
                word = prefix + _leading_run(alternative)
                inner = _needs(alternative)
                if len(word) >= 2:
                    options.append(word)
                elif inner:
                    options.extend(inner[0])
                else:  # an alternative that needs no word: the branch needs none
                    options = []
                    break
            flush()
            if options:
                needs.append(tuple(options))
            continue
        flush()
        # A group in the sequence is mandatory; its flags must be the pattern's own.
        if op is _sre_constants.SUBPATTERN and not av[1] and not av[2]:
            needs.extend(_needs(av[3]))
    flush()
    return needs


def may_match(pattern: re.Pattern[str], text: str, folded: str) -> bool:
    """False only when ``pattern`` cannot match ``text`` (``folded`` is ``fold(text)``)."""
    # Called tens of times per page: the remembered entry is read inline, not via a call.
    found = _NEEDS.get(id(pattern))
    if found is None or found[0] is not pattern:
        found = _needs_entry(pattern)
    hay = folded if found[2] else text
    for need in found[1]:
        for word in need:
            if word in hay:
                break
        else:
            return False
    return True


#: A pattern, the words it needs, whether they are read in the folded text, the literals
#: every match starts with one of (() when none is known; see :func:`leading_literals`), and
#: whether it can only match at the start of the text (``^`` without MULTILINE).
Gated = tuple[re.Pattern[str], tuple[tuple[str, ...], ...], bool, tuple[str, ...], bool]


def gated(patterns: Iterable[re.Pattern[str]]) -> tuple[Gated, ...]:
    """The patterns with their words, for :func:`matches` (build once, use per text)."""
    return tuple(
        (*_needs_entry(pattern), leading_literals(pattern), _anchored(pattern))
        for pattern in patterns
    )


def _anchored(pattern: re.Pattern[str]) -> bool:
    try:
        parsed = list(_sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:
        return False
    return (
        not pattern.flags & re.MULTILINE
        and bool(parsed)
        and parsed[0][0] is _sre_constants.AT
        and parsed[0][1] in (_sre_constants.AT_BEGINNING, _sre_constants.AT_BEGINNING_STRING)
    )


def leading_literals(pattern: re.Pattern[str]) -> tuple[str, ...]:
    """The runs of ASCII characters one of which every match of ``pattern`` starts with,
    after its leading position assertions (("this", "the") for ``\\b(?:this|the)\\s``), in
    lower case when it ignores case; () when one would be shorter than two characters.

    The regex engine has no quick scan for the start of a pattern that ignores case: it tries
    the pattern at every position. Finding the literals with ``str.find`` in the folded text
    and trying the pattern only there finds the same first match (see :func:`matches`)."""
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:
        return ()
    items = list(parsed)
    while items and items[0][0] is _sre_constants.AT:
        items.pop(0)
    run = _leading_run(items)
    rest = items[len(run) :]
    runs = [run]
    # The parser moves the start the alternatives share in front of the branch: "th" + (is|e).
    if rest and rest[0][0] is _sre_constants.BRANCH:
        tails = [_leading_run(alternative) for alternative in rest[0][1][1]]
        if all(tails):
            runs = [run + tail for tail in tails]
    if any(len(r) < 2 for r in runs):
        return ()
    literals = tuple(dict.fromkeys(runs))
    return tuple(r.lower() for r in literals) if pattern.flags & re.IGNORECASE else literals


def matches(
    entries: tuple[Gated, ...], text: str, folded: str
) -> Iterator[tuple[int, re.Match[str]]]:
    """``(index, match)`` for each of the patterns, in order, that matches ``text`` (its
    :func:`search`): the gates of a whole list tested in one loop, not a call per pattern
    (windows are tested against some fifty patterns, most of which cannot match).

    A pattern with leading literals is tried only where one of them is: a match starts with
    one, and the folded text has it at the same place (folding keeps every character's place;
    "\\b" still sees the character before, as ``match`` at a position does). A pattern that
    can only match at the start is tried there only."""
    candidates = _candidates(entries, folded)
    for index in range(len(entries)) if candidates is None else sorted(candidates):
        pattern, needs, ignore_case, literals, anchored = entries[index]
        hay = folded if ignore_case else text
        for need in needs:
            for word in need:
                if word in hay:
                    break
            else:
                break
        else:
            if anchored:
                m = pattern.match(text)
            elif len(literals) == 1:
                m = None
                literal = literals[0]
                start = hay.find(literal)
                while start >= 0:
                    m = pattern.match(text, start)
                    if m is not None:
                        break
                    start = hay.find(literal, start + 1)
            elif literals:
                m = None
                for start in sorted({i for lit in literals for i in _places(hay, lit)}):
                    m = pattern.match(text, start)
                    if m is not None:
                        break
            else:
                m = pattern.search(text)
            if m is not None:
                yield index, m


# Per list of entries (by id, with the list kept to check it is the same): the entries each
# word opens, by the word's number in _WORDS (the rarest words of the entries that ignore
# case), and the entries every text must try (no words, or case-sensitive ones).
_PLANS: dict[int, tuple[tuple[Gated, ...], dict[int, list[int]], frozenset[int]]] = {}
# Below this many entries the loop of ``in`` tests is as quick as one pass of the automaton.
_PLAN_MIN_ENTRIES = 5


class _Words:
    """The words of every plan in one automaton: a window is asked about by several lists in
    turn (openings, triggers, notices, the registry's rules) and is scanned once for them all.
    Words are only added (a new registry's rules add theirs), so their numbers stay put."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.numbers: dict[str, int] = {}
        self.automaton: BytesAhoCorasick | None = None
        # The last text scanned and the numbers of the words in it. Holding the text keeps
        # the identity test sound: the same object is the same text.
        self.last: tuple[str, frozenset[int]] = ("", frozenset())

    def number(self, word: str) -> int:
        found = self.numbers.get(word)
        if found is None:
            found = self.numbers[word] = len(self.words)
            self.words.append(word)
            self.automaton = None
            self.last = ("", frozenset())
        return found

    def present(self, folded: str) -> frozenset[int]:
        """The numbers of the words in ``folded`` (overlapping occurrences found too)."""
        last = self.last
        if last[0] is folded:
            return last[1]
        automaton = self.automaton
        if automaton is None:
            automaton = self.automaton = BytesAhoCorasick(
                [w.encode() for w in self.words], implementation=Implementation.DFA
            )
        found = frozenset(
            number
            for number, _start, _end in automaton.find_matches_as_indexes(
                folded.encode("utf-8", "surrogatepass"), True
            )
        )
        self.last = (folded, found)
        return found


_WORDS = _Words()


def _candidates(entries: tuple[Gated, ...], folded: str) -> set[int] | frozenset[int] | None:
    """The indices of the entries whose rarest words are in ``folded`` (with the entries
    that have none to test), found in one pass; None to try every entry."""
    if len(entries) < _PLAN_MIN_ENTRIES:
        return None
    plan = _PLANS.get(id(entries))
    if plan is None or plan[0] is not entries:
        plan = _PLANS[id(entries)] = _plan(entries)
    _, opens, always = plan
    found = set(always)
    for number in _WORDS.present(folded):
        opened = opens.get(number)
        if opened is not None:
            found.update(opened)
    return found


def _plan(
    entries: tuple[Gated, ...],
) -> tuple[tuple[Gated, ...], dict[int, list[int]], frozenset[int]]:
    opens: dict[int, list[int]] = {}
    always: set[int] = set()
    for index, (_pattern, needs, ignore_case, _literals, _anchored) in enumerate(entries):
        if needs and ignore_case:
            for word in needs[0]:  # the rarest tuple: see _needs_entry
                opens.setdefault(_WORDS.number(word), []).append(index)
        else:
            always.add(index)
    return entries, opens, frozenset(always)


def _places(hay: str, literal: str) -> Iterator[int]:
    start = hay.find(literal)
    while start >= 0:
        yield start
        start = hay.find(literal, start + 1)


def search(pattern: re.Pattern[str], text: str, folded: str) -> re.Match[str] | None:
    """``pattern.search(text)``, skipped when :func:`may_match` says it cannot match."""
    return pattern.search(text) if may_match(pattern, text, folded) else None


def matches_anywhere(pattern: re.Pattern[str], text: str, folded: str) -> bool:
    """``pattern.search(text) is not None``; an alternation ("a|b|c") is tried one alternative
    at a time, each behind its own words: the whole one needs only one of them all."""
    return any(search(alt, text, folded) for alt in alternatives(pattern))


def alternatives(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], ...]:
    """The top-level alternatives of ``pattern`` compiled alone (with its flags), or
    ``(pattern,)``; a text matches the pattern somewhere if and only if it matches one."""
    found = _ALTERNATIVES.get(id(pattern))
    if found is None or found[0] is not pattern:
        parts = _split_top_level(pattern.pattern)
        try:
            alts = tuple(re.compile(p, pattern.flags) for p in parts) if len(parts) > 1 else ()
        except re.error:
            alts = ()
        if any(alt.groups for alt in alts):
            alts = ()  # back-references or groups: keep the pattern whole
        found = _ALTERNATIVES[id(pattern)] = (pattern, alts or (pattern,))
    return found[1]


def _split_top_level(source: str) -> list[str]:
    # Split on "|" outside groups, classes and escapes.
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if source[i + 1 : i + 2] == "]":
                i += 1  # "[]...]": a literal "]" first
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts
