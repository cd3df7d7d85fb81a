"""Where in a page's markup a finding points: line and column from evidence text or elements.

Extraction reports evidence as visible text (tags removed, whitespace collapsed), so the text
is searched for in the raw HTML as it is, HTML-escaped, and then by shorter and shorter
prefixes of its words, since a notice often holds a link halfway through. A credit that is
missing has no evidence: the finding points where the credit belongs instead, the byline
for an author and the end of the article body for the rest.

Lines and columns are 1-based; columns count Unicode code points (SARIF ``columnKind``
``unicodeCodePoints``) of the decoded page.
"""

from __future__ import annotations

import html as html_lib
import re
from bisect import bisect_right

__all__ = ["Locator"]

# Shortest word prefix tried when the whole evidence text is not found verbatim: three words
# are rarely ambiguous inside one article, fewer would match navigation and teasers.
_MIN_PREFIX_WORDS = 3
_WORDS = re.compile(r"\S+")
# Markup that opens the byline, in the order a reader meets it (first match wins).
_BYLINE_MARKUP = (
    re.compile(r"<[a-z][^>]*\brel=[\"']?author", re.IGNORECASE),
    re.compile(r"<[a-z][^>]*\bitemprop=[\"']?author", re.IGNORECASE),
    re.compile(r"<[a-z][^>]*\bclass=[\"'][^\"']*\b(?:byline|author)", re.IGNORECASE),
    re.compile(r"<h1\b", re.IGNORECASE),
)


class Locator:
    """Offsets in one decoded page turned into 1-based (line, column) pairs."""

    __slots__ = ("_line_starts", "_lower", "html")

    def __init__(self, html: str) -> None:
        self.html = html
        self._lower: str | None = None
        starts = [0]
        find = html.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._line_starts = starts

    @property
    def lower(self) -> str:
        """The page in lower case, for case-insensitive tag searches (computed once)."""
        if self._lower is None:
            self._lower = self.html.lower()
        return self._lower

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of a character offset."""
        offset = max(0, min(offset, len(self.html)))
        index = bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def find_text(self, evidence: str | None) -> int | None:
        """The offset of visible evidence text in the markup, or None when it cannot be found."""
        if not evidence:
            return None
        text = " ".join(evidence.split())
        for candidate in (text, html_lib.escape(text, quote=False), text.replace("&", "&amp;")):
            pos = self.html.find(candidate)
            if pos != -1:
                return pos
        words = _WORDS.findall(text)
        for size in (12, 8, 5, _MIN_PREFIX_WORDS):
            if len(words) <= size:
                continue
            prefix = " ".join(words[:size])
            for candidate in (prefix, html_lib.escape(prefix, quote=False)):
                pos = self.html.find(candidate)
                if pos != -1:
                    return pos
        return None

    def find_url(self, url: str | None) -> int | None:
        """The offset of a URL in the markup (as written, or with ``&amp;``), or None."""
        if not url:
            return None
        for candidate in (url, url.replace("&", "&amp;"), url.split("//", 1)[-1]):
            pos = self.html.find(candidate)
            if pos != -1:
                return self._tag_start(pos)
        return None

    def _tag_start(self, pos: int) -> int:
        # Point at the element (the `<img` of a pixel), not the middle of its attribute.
        start = self.html.rfind("<", 0, pos)
        if start != -1 and self.html.find(">", start, pos) == -1:
            return start
        return pos

    def article_end(self) -> int:
        """Where credits at the end of the article go: before ``</article>``, else the end of
        ``<main>``, else ``</body>``, else the end of the page."""
        lower = self.lower
        for tag in ("</article>", "</main>", "</body>"):
            pos = lower.rfind(tag)
            if pos != -1:
                return pos
        return len(self.html)

    def byline(self) -> int:
        """Where an author credit goes: the byline element, else the headline, else the body."""
        html = self.html
        for pattern in _BYLINE_MARKUP:
            m = pattern.search(html)
            if m:
                return m.start()
        for tag in ("<article", "<main", "<body"):
            pos = self.lower.find(tag)
            if pos != -1:
                return pos
        return 0
