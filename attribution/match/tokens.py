"""Words, sentences, and the allowed-edit normalisation that compare uses.

Tokens are case-folded word characters (punctuation, quote style and case never count as
edits). The *loose* form further folds what republishing terms allow an editor to change:
dates and relative days ("yesterday" -> "on Tuesday"), and British/American spelling.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["loose_tokens", "sentences", "tokens"]

_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9À-Ý])")

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs"
_RELATIVE = (
    "yesterday|today|tomorrow|tonight|last night|this morning|this afternoon|this evening|"
    "this week|last week|next week|this month|last month|next month|this year|last year|"
    "next year|earlier this week|earlier this month|recently|now"
)
# A time reference, with the preposition or determiner that comes with it: "on Tuesday",
# "last Monday", "March 3, 2026", "3 March", "2026-03-03", "yesterday". Folded to one token.
_TIME = re.compile(
    r"\b(?:(?:on|last|this|next|since|by|from|until|in)\s+)?(?:"
    rf"(?:{_DAYS})(?:,?\s+(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)?|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?|"
    r"\d{4}-\d{2}-\d{2}|"
    rf"{_RELATIVE}"
    r")\b",
    re.IGNORECASE,
)
_TIME_TOKEN = "tref"  # noqa: S105 - a placeholder word, not a secret

# British -> American spelling, by whole word for the irregular ones, by ending for the rest.
# Both texts are folded the same way, so a rule only has to map the two spellings together.
_SPELLING_WORDS = {
    "grey": "gray",
    "programme": "program",
    "programmes": "programs",
    "aluminium": "aluminum",
    "tyre": "tire",
    "tyres": "tires",
    "kerb": "curb",
    "cheque": "check",
    "storey": "story",
    "storeys": "stories",
    "plough": "plow",
    "mould": "mold",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "practise": "practice",
    "practised": "practiced",
    "licence": "license",
    "licences": "licenses",
    "defence": "defense",
    "offence": "offense",
    "pretence": "pretense",
    "percent": "per_cent",
    "enrol": "enroll",
    "fulfil": "fulfill",
    "towards": "toward",
    "amongst": "among",
    "whilst": "while",
}
_SPELLING_ENDINGS = (
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
    ("our", "or"),
    ("ours", "ors"),
    ("oured", "ored"),
    ("ouring", "oring"),
    ("ourite", "orite"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("ogue", "og"),
    ("ogues", "ogs"),
    ("elled", "eled"),
    ("elling", "eling"),
    ("eller", "eler"),
    ("aemia", "emia"),
    ("oestrogen", "estrogen"),
)
# Short words are left alone: "four"/"for", "rise", "metre" vs "meter" is fine but "tour" is not.
_MIN_SPELLING_LENGTH = 6


def _spelling(word: str) -> str:
    mapped = _SPELLING_WORDS.get(word)
    if mapped is not None:
        return mapped
    if len(word) < _MIN_SPELLING_LENGTH:
        return word
    for british, american in _SPELLING_ENDINGS:
        if word.endswith(british):
            return word[: -len(british)] + american
    return word


def _fold_accents(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """Case-folded words (digits included); punctuation and quote style are dropped."""
    return _WORD.findall(text.casefold())


def loose_tokens(text: str) -> list[str]:
    """:func:`tokens` with allowed edits folded: time references, accents, spelling style."""
    text = _TIME.sub(f" {_TIME_TOKEN} ", _fold_accents(text).replace("per cent", "percent"))
    out: list[str] = []
    for raw in _WORD.findall(text.casefold()):
        word = _spelling(raw)
        if word == _TIME_TOKEN and out and out[-1] == _TIME_TOKEN:
            continue  # "on Tuesday, March 3" and "yesterday" are both one reference
        out.append(word)
    return out


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph (a light splitter: ends, then a capital or a digit)."""
    return [s for s in _SENTENCE.split(paragraph) if s.strip()]
