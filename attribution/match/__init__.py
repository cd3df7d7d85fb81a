"""Text matching: main text, fingerprints, the index, compare and diff, uncredited copies.

One module per concern, data flowing one way:

- :mod:`~attribution.match.text`: the article's main text from the parsed tree;
- :mod:`~attribution.match.tokens`: words, sentences, the allowed-edit normalisation;
- :mod:`~attribution.match.fingerprint`: shingles, one-permutation MinHash, the sample;
- :mod:`~attribution.match.index`: which stored articles share most of a text;
- :mod:`~attribution.match.compare`: verdict and diff of an original and a copy;
- :mod:`~attribution.match.direction`: who copied whom, and how sure;
- :mod:`~attribution.match.run`: the pass over a store (``attribution match``).
"""

from __future__ import annotations

from attribution.match.compare import Thresholds, allows_derivatives, compare_texts
from attribution.match.fingerprint import Fingerprint, Shingler
from attribution.match.index import Candidate, MatchIndex
from attribution.match.text import main_text, main_text_from_html

__all__ = [
    "Candidate",
    "Fingerprint",
    "MatchIndex",
    "Shingler",
    "Thresholds",
    "allows_derivatives",
    "compare_texts",
    "main_text",
    "main_text_from_html",
]
