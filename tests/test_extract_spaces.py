"""squash_spaces folds whitespace exactly as ``re.sub(r"\\s+", " ", text)`` does."""

from __future__ import annotations

import re
import sys

from hypothesis import given
from hypothesis import strategies as st

from attribution.extract.spaces import squash_spaces

_SPACES = re.compile(r"\s+")
PIECES = st.sampled_from(
    ["a", "By", "é", " ", "  ", "\n", "\t", "\r\n", "\xa0", "\u2003", "\u3000", "\x1c", "\x85",
     "\u200b", "\ufeff", "\x0b", "\x0c", "-", "日本"]
)  # fmt: skip


@given(st.lists(PIECES, max_size=20).map("".join))
def test_squash_spaces_is_the_regex_substitution(text: str) -> None:
    assert squash_spaces(text) == _SPACES.sub(" ", text)


@given(st.text())
def test_squash_spaces_on_any_text(text: str) -> None:
    assert squash_spaces(text) == _SPACES.sub(" ", text)


def test_every_character_the_regex_calls_a_space_splits_the_text() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if _SPACES.match(chr(c))]
    assert spaces and all(squash_spaces(f"a{c}{c}b") == "a b" for c in spaces)
    assert squash_spaces("") == "" and squash_spaces(" \n ") == " "
