"""Main text: the article's paragraphs without navigation, teasers, ads, comments or credits.

A pure function over the parsed tree (selectolax's Lexbor parser, as ``Document.tree``): list
the block elements (paragraphs, subheads, list items, quotations, elements marked as
paragraphs, and the text divs of div-per-paragraph layouts) outside page furniture, find the
element that holds most of their text (the article container), keep the blocks inside it, and
set credit boilerplate aside. Paragraph boundaries are kept: the diff works on them.
"""

from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from attribution.match import patterns
from attribution.models import MainText

__all__ = ["TEXT_VERSION", "main_text", "main_text_from_html"]

#: Bumped whenever what counts as main text changes: stored texts are then extracted again.
#: 5: paragraph-marker divs (Reuters), div-per-paragraph layouts, the standards line.
TEXT_VERSION = 5

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


# (document position, node, folded text, ids of the node and its ancestors)
_Block = tuple[int, LexborNode, str, tuple[int, ...]]
# (document position, node, folded text)
_TextDiv = tuple[int, LexborNode, str]
_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre"})
_SCAN_SELECTOR = f"{patterns.BLOCK_SELECTOR}, {patterns.TEXT_DIV_SELECTOR}"


def _scan(body: LexborNode, walker: _Walker) -> tuple[list[_Block], list[_TextDiv]]:
    """The blocks outside page furniture, and the text ``div``s, in document order."""
    blocks: list[_Block] = []
    divs: list[_TextDiv] = []
    last = -1
    for position, node in enumerate(body.css(_SCAN_SELECTOR)):
        key = node.mem_id
        if key == last:
            continue  # it matched two selectors of the list: it comes twice in a row
        last = key
        tag = node.tag or ""
        # Matched by PARAGRAPH_MARKER (a div may also be a text div: the marker wins).
        marker = tag not in _BLOCK_TAGS and (node.attributes.get("data-testid") or "").startswith(
            "paragraph-"
        )
        if tag == "div" and not marker:
            # A text div (TEXT_DIV_SELECTOR): a paragraph only in a run of them, so its
            # ancestors are looked at later, for runs only.
            text = _fold(node.text(deep=True, separator=""))
            if text:
                divs.append((position, node, text))
            continue
        if (tag in ("li", "blockquote") or marker) and node.css_first("p") is not None:
            continue  # its <p> children are read on their own
        if tag == "li" and node.css_first("li") is not None:
            continue
        ids, in_chrome = walker.chain(node)
        if in_chrome:
            continue
        text = _fold(node.text(deep=True, separator=""))
        if text:
            blocks.append((position, node, text, ids))
    return blocks, divs


def _link_share(node: LexborNode, chars: int) -> float:
    linked = sum(len(_fold(a.text(deep=True))) for a in node.css("a"))
    return linked / chars if chars else 0.0


def _div_paragraphs(divs: list[_TextDiv], blocks: list[_Block], walker: _Walker) -> list[_Block]:
    """The text divs of div-per-paragraph layouts (an article body of ``<div>``s, no ``<p>``).

    A run is the text divs of one parent outside page furniture; it is read when
    ``DIV_RUN_MIN`` of them have voting length and they outweigh the parent's own paragraphs,
    and all runs read together outweigh the page's other paragraph text: a page whose article
    is in ``<p>`` keeps its text as it was, whatever text divs its teasers or widgets have.
    Link-text divs (teasers, menus) are never read.
    """
    by_parent: dict[int, list[_TextDiv]] = {}
    for div in divs:
        parent = div[1].parent
        if parent is not None:
            by_parent.setdefault(parent.mem_id, []).append(div)
    inside_block: set[int] | None = None
    found: list[_Block] = []
    for parent_id, members in by_parent.items():
        if sum(len(m[2]) >= patterns.MIN_VOTING_CHARS for m in members) < patterns.DIV_RUN_MIN:
            continue  # most pages stop here: the chains below are for runs only
        if inside_block is None:
            inside_block = {b[3][0] for b in blocks}
        run: list[_Block] = []
        for position, node, text in members:
            ids, in_chrome = walker.chain(node)
            if in_chrome or inside_block.intersection(ids[1:]):
                continue  # furniture, or a div inside a block (part of the block's text)
            if _link_share(node, len(text)) >= patterns.DIV_MAX_LINK_SHARE:
                continue
            run.append((position, node, text, ids))
        voting = [len(r[2]) for r in run if len(r[2]) >= patterns.MIN_VOTING_CHARS]
        if len(voting) < patterns.DIV_RUN_MIN:
            continue
        own = sum(
            len(b[2])
            for b in blocks
            if len(b[2]) >= patterns.MIN_VOTING_CHARS and parent_id in b[3]
        )
        if sum(voting) > own:
            found.extend(run)
    other = sum(len(b[2]) for b in blocks if len(b[2]) >= patterns.MIN_VOTING_CHARS)
    if sum(len(d[2]) for d in found if len(d[2]) >= patterns.MIN_VOTING_CHARS) <= other:
        return []
    return found


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
    blocks, divs = _scan(body, walker)
    if divs:
        found = _div_paragraphs(divs, blocks, walker)
        if found:
            blocks = sorted(blocks + found, key=lambda b: b[0])
    if not blocks:
        return MainText(title=title, paragraphs=())

    # The container: the deepest ancestor holding CONTAINER_SHARE of the voting text.
    votes: dict[int, int] = {}
    depth: dict[int, int] = {}
    total = 0
    for _pos, _node, text, ids in blocks:
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
    for _pos, node, text, ids in blocks:
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
