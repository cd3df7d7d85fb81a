"""Main text: the article's paragraphs without navigation, teasers, ads, comments or credits.

A pure function over the parsed tree (selectolax's Lexbor parser, as ``Document.tree``): list
the block elements (paragraphs, subheads, list items, quotations) outside page furniture, find
the element that holds most of their text (the article container), keep the blocks inside it,
and set credit boilerplate aside. Paragraph boundaries are kept: the diff works on them.
"""

from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from attribution.match import patterns
from attribution.models import MainText

__all__ = ["TEXT_VERSION", "main_text", "main_text_from_html"]

#: Bumped whenever what counts as main text changes: stored texts are then extracted again.
TEXT_VERSION = 4

# Class tokens that describe a layout variant, not the element: "has-sidebar", "no-comments".
_MODIFIER_PREFIXES = ("has-", "with-", "no-", "is-", "show-", "hide-", "without-")
# Never furniture, whatever their classes say: the page and article wrappers.
_NEVER_CHROME = frozenset({"html", "body", "main", "article"})


def _hint_is_chrome(hint: str) -> bool:
    tokens = [t for t in hint.split() if not t.lower().startswith(_MODIFIER_PREFIXES)]
    return any(patterns.CHROME_HINT.search(t) for t in tokens)


def _is_boilerplate(text: str) -> bool:
    if len(text) > patterns.BOILERPLATE_MAX_CHARS:
        return False
    if patterns.AUTHOR_LINE.match(text) or patterns.BOILERPLATE_START.match(text):
        return True
    lower = text.lower()
    if not any(word in lower for word in patterns.BOILERPLATE_TRIGGERS):
        return False
    return patterns.BOILERPLATE.search(text) is not None


def _own_chrome(node: LexborNode, hints: dict[str, bool]) -> bool:
    tag = node.tag or ""
    if tag in patterns.CHROME_TAGS:
        return True
    if tag in _NEVER_CHROME:
        return False
    if tag == "header":
        return True
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    hint = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".strip()
    if not hint:
        return False
    # Pages repeat a handful of class names hundreds of times.
    found = hints.get(hint)
    if found is None:
        found = hints[hint] = _hint_is_chrome(hint)
    return found


class _Walker:
    """Memoised ancestor walks: chrome flags and ancestor chains share their prefixes."""

    def __init__(self) -> None:
        self.chains: dict[int, tuple[tuple[int, ...], bool]] = {}
        self.hints: dict[str, bool] = {}

    def chain(self, node: LexborNode) -> tuple[tuple[int, ...], bool]:
        """The ids of ``node`` and its ancestors (nearest first), and whether any is chrome."""
        # Walk up to the first ancestor already known, then fill the memo on the way back.
        path: list[LexborNode] = []
        cur: LexborNode | None = node
        known: tuple[tuple[int, ...], bool] = ((), False)
        while cur is not None and cur.tag not in ("html", "-undef"):
            found = self.chains.get(cur.mem_id)
            if found is not None:
                known = found
                break
            path.append(cur)
            cur = cur.parent
        ids, in_chrome = known
        for item in reversed(path):
            ids = (item.mem_id, *ids)
            in_chrome = in_chrome or _own_chrome(item, self.hints)
            self.chains[item.mem_id] = (ids, in_chrome)
        return ids, in_chrome


def _fold(text: str) -> str:
    return " ".join(text.split())


def _title(tree: LexborHTMLParser) -> str | None:
    for selector in ("h1", 'meta[property="og:title"]', 'meta[name="twitter:title"]', "title"):
        node = tree.css_first(selector)
        if node is None:
            continue
        raw = node.attributes.get("content") if node.tag == "meta" else node.text(deep=True)
        value = _fold(raw or "")
        if value:
            return value
    return None


def main_text(tree: LexborHTMLParser, *, url: str | None = None) -> MainText:
    """The main text of a parsed page (``url`` resolves relative links)."""
    body = tree.body
    title = _title(tree)
    if body is None:
        return MainText(title=title, paragraphs=())
    walker = _Walker()
    blocks: list[tuple[LexborNode, str, tuple[int, ...]]] = []
    for node in body.css(patterns.BLOCK_SELECTOR):
        tag = node.tag or ""
        if tag in ("li", "blockquote") and node.css_first("p") is not None:
            continue  # its <p> children are read on their own
        if tag == "li" and node.css_first("li") is not None:
            continue
        ids, in_chrome = walker.chain(node)
        if in_chrome:
            continue
        text = _fold(node.text(deep=True, separator=""))
        if text:
            blocks.append((node, text, ids))
    if not blocks:
        return MainText(title=title, paragraphs=())

    # The container: the deepest ancestor holding CONTAINER_SHARE of the voting text.
    votes: dict[int, int] = {}
    depth: dict[int, int] = {}
    total = 0
    for _node, text, ids in blocks:
        if len(text) < patterns.MIN_VOTING_CHARS:
            continue
        total += len(text)
        # ids[0] is the block itself: only its ancestors can be the container.
        for level, key in enumerate(reversed(ids[1:])):
            votes[key] = votes.get(key, 0) + len(text)
            depth[key] = level
    container: int | None = None
    if total:
        need = patterns.CONTAINER_SHARE * total
        container = max(
            (k for k, v in votes.items() if v >= need), key=lambda k: depth[k], default=None
        )

    paragraphs: list[str] = []
    boilerplate: list[str] = []
    links: list[tuple[str, str]] = []
    for node, text, ids in blocks:
        if container is not None and container not in ids:
            continue
        if node.tag == "h1" and (title is None or _fold(text) == title):
            continue  # the headline is the title, not a paragraph
        if _is_boilerplate(text):
            boilerplate.append(text)
            continue
        paragraphs.append(text)
        for anchor in node.css("a[href]"):
            href = (anchor.attributes.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "mailto:")):
                continue
            links.append((urljoin(url, href) if url else href, _fold(anchor.text(deep=True))))
    return MainText(
        title=title,
        paragraphs=tuple(paragraphs),
        links=tuple(links),
        boilerplate=tuple(boilerplate),
    )


def main_text_from_html(html: str | bytes, *, url: str | None = None) -> MainText:
    """Parse a page and return its main text (for callers without a parsed tree)."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "template", "svg"])
    return main_text(tree, url=url)
