"""Decode a page the way a browser does, parse it once, and give the detectors shared views.

A :class:`Document` owns the parsed tree (selectolax's Lexbor parser) and caches the views the
signal detectors share (meta tags, JSON-LD objects, anchors, the page's own site), so that every
detector reads the same tree and nothing is parsed twice.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Generic, TypeVar, overload

from ahocorasick_rs import BytesAhoCorasick, Implementation
from selectolax.lexbor import LexborHTMLParser, LexborNode

from attribution import domains
from attribution.domains import (
    absolute_url,
    is_homepage,
    registrable_domain,
    same_site,
    unwrap_url,
    without_tracking,
)
from attribution.extract.page_text import (
    MAX_NESTING,
    decode_html,
    limit_nesting,
    many_tags,
    plain_spaces,
    same_utf8,
)
from attribution.extract.patterns import (
    BYLINE_WORDS,
    LINE_WORDS,
    NOTICE_KEYWORDS,
    READ_MORE_KEYWORDS,
    TRACKER_IDS,
)
from attribution.extract.spaces import squash_spaces
from attribution.registry import normalise_name

log = logging.getLogger(__name__)

#: :func:`attribution.domains.domain_of`, remembered across pages: each answer is a URL parse
#: and a public-suffix lookup, and a site's pages link the same addresses again and again.
domain_of = lru_cache(maxsize=16384)(domains.domain_of)

_T = TypeVar("_T")


class cached_property(Generic[_T]):  # noqa: N801 (named as the one it stands in for)
    """:func:`functools.cached_property` without its lock (Python 3.12 dropped it too): a
    document is read by one thread, and a page touches some twenty of these views."""

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.func(instance)
        # The instance's own attribute: later reads never reach this descriptor.
        instance.__dict__[self.name] = value
        return value


# Containers whose links and text are navigation, teasers or promotion, never the article's credit.
CHROME_HINT = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|sidebar|side-bar|aside|related|recommend\w*|teaser\w*|"
    # Not Drupal's "node--promoted" (promoted to the front page): the article's own state.
    r"(?<!node-)(?<!node--)promo\w*|sponsor\w*|most-?read|popular|trending|more-stories|read-next|"
    r"newsletter|signup|subscribe|advert\w*|ads|outbrain|taboola|"
    # The comments section, not a widget about it ("comments_datetime", "comment-count"): the
    # article's own byline line often shows the count and a link beside the date.
    r"comments?(?![_-](?:datetime|date|time|count|number|num|link|links)(?:$|[\s_-]))|"
    r"footer-links|site-footer|global-footer|breadcrumbs?|pagination|cookie\w*)(?:$|[\s_-])",
    re.IGNORECASE,
)
# The readers' comments: a section ("comments", "comments-area", "comment-list", Disqus's
# thread) or one comment ("comment", "comment-body"); not a count or a link about them.
_COMMENTS_HINT = re.compile(
    r"(?:^|[\s_-])(?:comments?(?:-(?:area|list|section|wrap\w*|body|content))?|commentlist|"
    r"disqus_thread)(?:$|\s)",
    re.IGNORECASE,
)
# id="footer" is the site's footer; a class "footer" may be an article's own.
_CHROME_IDS = frozenset({"footer", "site-footer", "global-footer"})
CHROME_TAGS = frozenset({"nav", "aside", "header", "footer", "form", "menu"})
# A publisher's own "Republish this article" box holds its snippet for others to copy.

_DIALOG_HINT = re.compile(r"modal|dialog|popup|lightbox|overlay|drawer", re.IGNORECASE)
_OFFER_TEXT = re.compile(
    r"republish\s+(?:this|our)|copy\s+(?:and\s+paste|the\s+(?:html|code))|"
    r"republishing\s+guidelines|steal\s+our\s+stories",
    re.IGNORECASE,
)


_HREF_URL = re.compile(r"""href\s*=\s*["']?(https?://([A-Za-z0-9.-]+)[^"'\s<>]*)""")
# A link's host; for a Wayback Machine snapshot's link ("https://web.archive.org/web/TS/URL",
# or "/web/TS/URL" on a page saved from the archive), the host of the URL it keeps.
_HREF_HOST = re.compile(
    r"""href\s*=\s*["']?(?:(?:https?:)?//web\.archive\.org)?(?:/web/\d{4,14}(?:[a-z]{2}_)?/)?"""
    r"""(?:https?:)?//([A-Za-z0-9.-]+)"""
)
_REPUBLISH_WORDS = (
    "epublish",
    "EPUBLISH",
    "epublication",
    "yndicat",
    "share-this-story",
    "creative-commons-sharing",
    "steal-our-stories",
)
# Words that many of the beacon and republish-box words contain (see Document.html_has).
_HTML_GATES = ("epubli", "propublica", "creative")


#: The literal each tracker-id pattern starts with ("G-", "UA-"...): where to try it.
TRACKER_PREFIXES: tuple[str, ...] = tuple(
    m.group(0) for _kind, p in TRACKER_IDS if (m := re.match(r"[A-Za-z-]*", p.pattern))
)
#: Words the detectors look for in the raw markup on every page; one pass finds them all
#: (see Document.markup_hits). Detectors may add their own (the registry's beacon hints).
MARKUP_WORDS: tuple[str, ...] = (
    *TRACKER_PREFIXES,
    *_REPUBLISH_WORDS,
    *_HTML_GATES,
    "creativecommons.org",
    # The attribute words of the byline selectors (bylines.byline_selector), and where a
    # numeric character reference could spell a letter of them.
    "byline",
    "Byline",
    "BYLINE",
    "author",
    "Author",
    "contributor",
    "auteur",
    "autor",
    "&#",
)
# A numeric character reference (as the parser reads them: digits to the first other char).
_NUMERIC_REF = re.compile(rb"&#(?:[xX]([0-9A-Fa-f]+)|([0-9]+))")


@lru_cache(maxsize=16)
def _automaton(words: tuple[str, ...]) -> BytesAhoCorasick:
    # The DFA costs more to build and is the quickest to run: built once per word list.
    return BytesAhoCorasick([w.encode() for w in words], implementation=Implementation.DFA)


@lru_cache(maxsize=16)
def _distinct_words(words: tuple[str, ...]) -> tuple[str, ...]:
    return _distinct(*words)


@lru_cache(maxsize=256)
def _html_gate(word: str) -> str | None:
    return next((g for g in _HTML_GATES if g in word and g != word), None)


# Words that several of the detectors' keywords contain (see Document.contains): in a page in
# another language each stands for a family of them.
_TEXT_GATES = ("publi", "terbit", "leer ", "lire l", "lesen", "original", "read the ", "Autor")


@lru_cache(maxsize=1024)
def _text_gate(word: str) -> str | None:
    return next((g for g in _TEXT_GATES if g in word and g != word), None)


def _distinct(*words: str) -> tuple[str, ...]:
    """The non-empty words, each once, in their order."""
    return tuple(dict.fromkeys(w for w in words if w))


def _unbroken(words: tuple[str, ...]) -> tuple[str, ...]:
    # Each word with a space written as a no-break space: at one space, or at all of them;
    # not those the list holds already ("By\xa0": the byline search reads it as it is).
    out = []
    for word in words:
        spaces = [i for i, c in enumerate(word) if c == " "]
        out += [word[:i] + "\xa0" + word[i + 1 :] for i in spaces]
        if len(spaces) > 1:
            out.append(word.replace(" ", "\xa0"))
    return tuple(w for w in dict.fromkeys(out) if w not in words)


_KEYWORDS = _distinct(
    *_TEXT_GATES,
    *NOTICE_KEYWORDS,
    *READ_MORE_KEYWORDS,
    "http://",
    "https://",
    "creative commons",
    "cc by",
    "cc-by",
    "©",
    "copyright",
    "(c)",
)
_KEYWORDS_CASED = _distinct(*_TEXT_GATES, *BYLINE_WORDS, *(cased for cased, _ in LINE_WORDS), "©")
#: The keywords as a page may write them with no-break spaces ("Read&nbsp;more"), answered by
#: the same pass over the text (see :func:`with_plain_spaces`).
_UNBROKEN = _unbroken(_KEYWORDS)
_UNBROKEN_CASED = _unbroken(_KEYWORDS_CASED)
#: The words every page's body text is tested for (Document.contains), in lower case and as
#: written, and their no-break forms: one pass over the text answers them all. Others are
#: still answered, by a scan.
TEXT_WORDS: tuple[str, ...] = _KEYWORDS + _UNBROKEN
TEXT_WORDS_CASED: tuple[str, ...] = _KEYWORDS_CASED + _UNBROKEN_CASED


@lru_cache(maxsize=4)
def _text_automaton(words: tuple[str, ...]) -> tuple[BytesAhoCorasick, dict[str, bool]]:
    # Over UTF-8 bytes: a word is in the text exactly when its UTF-8 is in the text's (no
    # character's bytes start inside another's), and the automaton over a str maps every match
    # back to a character offset, which is slow on a large page. With the answers all False.
    automaton = BytesAhoCorasick([w.encode() for w in words], implementation=Implementation.DFA)
    return automaton, dict.fromkeys(words, False)


def _present(words: tuple[str, ...], text: str) -> dict[str, bool]:
    """``{word: word in text}`` for every (distinct, non-empty) word, from one pass."""
    automaton, absent = _text_automaton(words)
    present = absent.copy()
    present.update(dict.fromkeys(_found(words, automaton, text), True))
    return present


def _found(words: tuple[str, ...], automaton: BytesAhoCorasick, text: str) -> set[str]:
    # surrogatepass: a page given as str may hold a lone surrogate (no word holds one).
    matches = automaton.find_matches_as_indexes(text.encode("utf-8", "surrogatepass"), True)
    return {words[i] for i, _s, _e in matches}


@dataclass(frozen=True, eq=False, slots=True)
class TextWords:
    """Words a page's text is tested for in one pass, with the pass's automaton (built once
    for a registry: :attr:`Document.words_cased`)."""

    words: tuple[str, ...]
    automaton: BytesAhoCorasick

    @classmethod
    def of(cls, words: tuple[str, ...]) -> TextWords:
        distinct = _distinct_words(words)
        return cls(distinct, _text_automaton(distinct)[0])

    def found(self, text: str) -> set[str]:
        """The words ``text`` holds."""
        return _found(self.words, self.automaton, text)


@lru_cache(maxsize=1)
def _cased_words() -> TextWords:
    return TextWords.of(TEXT_WORDS_CASED)


# The memo of the words asked as written starts from these, all absent (copied per page).
_CASED_ABSENT = dict.fromkeys(TEXT_WORDS_CASED, False)


_REPUBLISH_BOX_SELECTOR = ", ".join(
    f'[{attr}*="{word}" i]'
    for attr in ("class", "id")
    for word in (
        "republish",
        "republication",
        "syndicat",
        "share-this-story",
        "creative-commons-sharing",
        "steal-our-stories",
    )
)


# A class or id value open up to a word: `<div class="story republish-`. (Whether it stands in
# a tag or in a script's string is not asked: a string only costs the query.)
_BOX_ATTRIBUTE = re.compile(rb"\s(?:class|id)\s*=\s*[\"']?[^\"'<>]*\Z", re.IGNORECASE)
_VALUE_ENDS = (b'"', b"'", b"<", b">")


def in_class_or_id(raw: bytes, start: int, reach: int = 2000) -> bool:
    """Whether offset ``start`` of the markup ``raw`` may stand in a ``class`` or ``id``
    value, judged from the ``reach`` bytes before it. The search runs on the bytes after
    the last quote or angle bracket but one (no match can hold one but its opening quote)
    and only when they hold an "=": a style sheet or script naming a box word hundreds of
    times would otherwise be searched at every byte of every window."""
    low = max(0, start - reach)
    last = max(raw.rfind(end, low, start) for end in _VALUE_ENDS)
    if last > low:
        low = max(low, max(raw.rfind(end, low, last) for end in _VALUE_ENDS) + 1)
    if raw.find(b"=", low, start) < 0:
        return False
    return _BOX_ATTRIBUTE.search(raw, low, start) is not None


def _squashed_name(name: str) -> str:
    # "The News Daily" -> "newsdaily", as a domain label spells it; kept here to avoid
    # importing the identify module.
    return re.sub(r"[^a-z0-9]+", "", name.casefold().removeprefix("the "))


def _first_label(host: str) -> str:
    return host.split(".", maxsplit=1)[0].replace("-", "")


def _names_domain(name: str, domain: str) -> bool:
    # "News Daily" ~ newsdaily.example.
    squashed = _squashed_name(name)
    label = _first_label(domain)
    return len(squashed) >= 3 and (squashed == label or label.startswith(squashed))


def _names_host(name: str, hosts: set[str]) -> bool:
    # Exactly a host's first label: "ABC News" is abcnews.go.com; a prefix would let a short
    # name ("The Map") claim any host it starts (maps.example.com).
    squashed = _squashed_name(name)
    return len(squashed) >= 3 and any(_first_label(h) == squashed for h in hosts)


def credit_url(href: str | None, base: str | None) -> str | None:
    """:func:`absolute_url`, then the original URL inside a Wayback Machine snapshot's, an
    AMP cache's or a redirector's (:func:`unwrap_url`), without tracking parameters
    (:func:`without_tracking`): what a credit's link points to."""
    url = absolute_url(href, base)
    return _as_credited(url) if url else None


@lru_cache(maxsize=16384)
def _as_credited(url: str) -> str:
    # Remembered across pages: a site's pages link the same addresses again and again.
    return without_tracking(unwrap_url(url))


@dataclass(slots=True)
class Anchor:
    """An ``<a href>`` with its resolved URL and text."""

    node: LexborNode
    url: str
    text: str
    doc: Document = field(repr=False, compare=False)

    @property
    def in_chrome(self) -> bool:
        """Whether the link sits in navigation or promotion (:meth:`Document.in_chrome`):
        asked only of the few links whose text passes a detector's test."""
        return self.doc.in_chrome(self.node)


@dataclass
class Document:
    """A parsed page and the shared views its detectors read."""

    tree: LexborHTMLParser
    html: str
    url: str | None
    encoding: str = "utf-8"
    warnings: list[str] = field(default_factory=list)
    #: Every JSON-LD object on the page, ``@graph`` flattened, in document order (read by
    #: :func:`parse_document` before it strips the scripts).
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    #: ``html`` in UTF-8 when that came for free (the page's own bytes, or ASCII text), else
    #: None. Looking for a word in it is exact (UTF-8 keeps substrings) and quicker than in
    #: ``html``, which takes two or four bytes a character on most pages.
    raw: bytes | None = None
    #: The words :attr:`markup_hits` looks for in one pass (set before the detectors run).
    markup_words: tuple[str, ...] = MARKUP_WORDS
    #: The words the body text is tested for as written in one pass (:meth:`contains` with
    #: ``case_sensitive``, :meth:`words_found`): TEXT_WORDS_CASED and the registry's (set
    #: before the detectors run; None for TEXT_WORDS_CASED alone).
    words_cased: TextWords | None = None
    #: How many :meth:`anchors_with_text` questions the page has had (see FEW_ANCHOR_QUERIES).
    anchor_queries: int = field(default=0, init=False, repr=False)

    # -- elements looked up by several detectors ------------------------------------------------
    @cached_property
    def _index(self) -> dict[str, list[LexborNode]]:
        # One pass over the tree for every element a detector looks up by tag (meta, link,
        # title, h1, the article's container...): each separate query would walk the whole tree
        # again. Keys are those of _index_keys; lists are in document order.
        # The attributes read to file each element are kept for the views built on them
        # (metas, rel_links): each read builds a dict of them all.
        out: dict[str, list[LexborNode]] = {}
        attributes = self._index_attrs
        for node in self.tree.css(_INDEX_SELECTOR):
            attrs = node.attributes
            keys = _index_keys(node.tag, attrs)
            if keys:
                attributes[node.mem_id] = attrs
            for key in keys:
                out.setdefault(key, []).append(node)
        return out

    @cached_property
    def _index_attrs(self) -> dict[int, dict[str, str | None]]:
        return {}

    def elements(self, key: str) -> list[LexborNode]:
        """The elements for one of the indexed selectors (``"meta"``, ``"rel"``, ``"h1"``...)."""
        return self._index.get(key, [])

    def _element_attrs(self, key: str) -> Iterator[tuple[LexborNode, dict[str, str | None]]]:
        # The indexed elements with the attributes the index read (do not change them).
        elements = self._index.get(key, [])
        attributes = self._index_attrs
        for node in elements:
            yield node, attributes[node.mem_id]

    def first(self, key: str) -> LexborNode | None:
        """The first element in document order for one of the indexed selectors."""
        found = self._index.get(key)
        return found[0] if found else None

    # -- addresses ------------------------------------------------------------------------------
    @cached_property
    def base_url(self) -> str | None:
        """The URL relative links resolve against: the page URL, or ``<base href>``."""
        base = self.first("base[href]")
        href = base.attributes.get("href") if base is not None else None
        if href:
            resolved = credit_url(href, self.url)
            if resolved:
                return resolved
        return self.url

    @cached_property
    def site_domain(self) -> str | None:
        """The registrable domain of the site the page belongs to.

        From the page URL when known; otherwise the domain most of the page's own navigation
        links point to (a saved page with no URL still links its own home and sections).
        """
        if self.url:
            return domain_of(self.url)
        # Saved pages without a URL: weigh what says "this site". Navigation, header and footer
        # links and the declared own URL count more than links in the text (a copy links its
        # original again and again); a domain that the site's own name spells wins outright.
        counts: Counter[str] = Counter()
        hosts: dict[str, set[str]] = {}
        for found in _HREF_HOST.findall(self.html):
            host = found.lower()
            dom = registrable_domain(host)
            if dom:
                counts[dom] += 1
                hosts.setdefault(dom, set()).add(host.removeprefix("www."))
        for node in self.tree.css(
            'nav a[href^="http"], header a[href^="http"], footer a[href^="http"], '
            'a[href^="http"][rel~="home"]'
        ):
            dom = self.domain_of(node.attributes.get("href"))
            if dom:
                counts[dom] += 3
        for url, _node in self.rel_links("canonical"):
            dom = domain_of(url)
            if dom:
                counts[dom] += 5
        for value in self.meta_values("og:url", "al:web:url"):
            dom = domain_of(unwrap_url(value))
            if dom:
                counts[dom] += 5
        if not counts:
            return None
        # The site's name may spell a host rather than the domain ("ABC News" is
        # abcnews.go.com); a domain linked a few times against the top one's scores (the
        # paper's shop in its footer) is not the site.
        names = self.meta_values("og:site_name", "application-name")
        top_count = max(counts.values())
        if names:
            named = [
                d
                for d, n in counts.items()
                if n >= 3
                and n * 5 >= top_count
                and any(
                    _names_domain(name, d) or _names_host(name, hosts.get(d, set()))
                    for name in names
                )
            ]
            if named:
                return max(named, key=counts.__getitem__)
        (top, n), *rest = [*counts.most_common(2), ("", 0)]
        second = rest[0][1] if rest else 0
        if n >= 3 and n >= 2 * second:
            return top
        # A close vote: the page's own declaration of where it lives (canonical and og:url
        # agreeing) settles it between the two leaders.
        declared = {domain_of(u) for u, _ in self.rel_links("canonical")}
        declared &= {domain_of(v) for v in self.meta_values("og:url")}
        leaders = {top, rest[0][0]} if rest else {top}
        found = [d for d in declared if d in leaders]
        return found[0] if len(found) == 1 else None

    @cached_property
    def _domains(self) -> dict[str | None, str | None]:
        return {}

    def domain_of(self, url: str | None) -> str | None:
        """:func:`attribution.domains.domain_of`, remembered for the page: the detectors ask
        for the domains of the same links again and again (each a URL parse in Python)."""
        memo = self._domains
        if url in memo:
            return memo[url]
        found = memo[url] = domain_of(url)
        return found

    def is_own(self, url: str | None) -> bool:
        """True when ``url`` belongs to the page's own site (or the site is unknown)."""
        dom = self.domain_of(url)
        return bool(dom) and same_site(dom, self.site_domain)

    def is_self_reference(self, url: str | None) -> bool:
        """True for the page's own URL, its site's homepage, or a relative link."""
        if not url:
            return True
        if self.is_own(url):
            return True
        return bool(self.url) and url.rstrip("/") == (self.url or "").rstrip("/")

    def resolve(self, href: str | None) -> str | None:
        """An absolute http(s) URL for ``href``, or None."""
        return credit_url(href, self.base_url)

    # -- head-like views (read anywhere in the DOM: snippets paste tags into the body) ----------
    @cached_property
    def metas(self) -> dict[str, list[str]]:
        """``<meta>`` values by lower-case name/property/itemprop/http-equiv."""
        out: dict[str, list[str]] = {}
        for _node, attrs in self._element_attrs("meta"):
            key = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
            value = attrs.get("content")
            if value is None:
                value = attrs.get("value")
            if key and value and value.strip():
                out.setdefault(key.strip().lower(), []).append(value.strip())
        return out

    def meta_values(self, *keys: str) -> list[str]:
        """All values of the given meta keys, in key order."""
        metas = self.metas
        # Asked ~25 times a page, mostly for keys the page does not have.
        if metas.keys().isdisjoint(keys):
            return []
        return [v for k in keys if k in metas for v in metas[k]]

    def meta(self, *keys: str) -> str | None:
        """The first value of the first present meta key."""
        values = self.meta_values(*keys)
        return values[0] if values else None

    def rel_links(self, rel: str) -> list[tuple[str, LexborNode]]:
        """``(absolute href, node)`` of the ``<link>`` (and, for ``"license"``, ``<a>``)
        elements whose rel is ``rel`` (one of :data:`INDEXED_RELS`, lower case), in their
        order (remembered)."""
        memo = self._rel_memo
        found = memo.get(rel)
        if found is None:
            found = memo[rel] = []
            for node, attrs in self._element_attrs("rel"):
                rels = (attrs.get("rel") or "").lower().split()
                if rel not in rels:
                    continue
                url = self.resolve(attrs.get("href"))
                if url:
                    found.extend((url, node) for r in rels if r == rel)
        return found

    @cached_property
    def _rel_memo(self) -> dict[str, list[tuple[str, LexborNode]]]:
        return {}

    # -- body views ---------------------------------------------------------------------------
    @cached_property
    def body_text(self) -> str:
        """The body's text: no scripts, styles or templates, and nothing of the page's own
        republish boxes (:attr:`republish_boxes`: a publisher's offer to republish, its terms
        and its whole article again as markup to copy). Every keyword window, notice and
        dateline search would read the article twice, and a credit inside a box is the
        publisher's own or hidden from readers; the republish-box checks read the boxes
        themselves."""
        body = self.tree.body
        if body is None:
            return ""
        # Scripts, styles and templates were stripped at parse time, so lexbor's own text is the
        # page's text. Reading it without the boxes would take a walk over every text node;
        # cutting their texts out of it takes one pass.
        text = body.text(deep=True, separator=" ")
        boxes = self.republish_boxes
        if not boxes:
            return text
        outer = [b for b in boxes if b.parent is None or not self.in_republish_box(b.parent)]
        return cut_out(text, [t for box in outer if (t := box.text(deep=True, separator=" "))])

    @cached_property
    def republish_boxes(self) -> list[LexborNode]:
        """The page's own "Republish this story" boxes: textareas and republish dialogs."""
        boxes = list(self.elements("textarea"))
        if not any(self.html_has(word) for word in _REPUBLISH_WORDS):
            return boxes
        if not self._names_a_box():
            return boxes
        for node in self.tree.css(_REPUBLISH_BOX_SELECTOR):
            if node.tag not in ("div", "section", "dialog", "aside", "form"):
                continue
            attrs = node.attributes
            hint = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
            # A copy may wrap its credit in class="republish-credit"; a publisher's box is a
            # hidden dialog, holds a textarea, or offers the story ("Republish this story").
            hidden = (
                "hidden" in attrs
                or attrs.get("aria-hidden") == "true"
                or "display:none" in (attrs.get("style") or "").replace(" ", "")
                or _DIALOG_HINT.search(hint) is not None
                or node.tag == "dialog"
            )
            if (
                hidden
                or node.css_first("textarea") is not None
                or _OFFER_TEXT.search(node.text(deep=True, separator=" ", strip=True)[:2000])
            ):
                boxes.append(node)
        return boxes

    def _names_a_box(self) -> bool:
        """Whether a republish-box word stands in a ``class`` or ``id`` value in the markup,
        where the box selector looks (True when the markup cannot tell). Most pages that hold
        such a word hold it in a script ("syndication" in an ad tag), and the selector is a
        costly walk over every element."""
        hits, raw = self.markup_hits, self.raw
        if hits is None or raw is None or self.spells_letters_by_reference:
            return True
        return any(
            in_class_or_id(raw, start) for word in _REPUBLISH_WORDS for start in hits.get(word, ())
        )

    @cached_property
    def republish_box_html(self) -> str:
        """The markup inside the republish boxes (their own snippet), for pixel accounting."""
        return "\n".join(
            (b.text(deep=True) if b.tag == "textarea" else b.html) or ""
            for b in self.republish_boxes
        )

    @cached_property
    def markup_hits(self) -> dict[str, list[int]] | None:
        """Where each of :attr:`markup_words` occurs in :attr:`raw` (byte offsets, overlapping
        occurrences included, ascending), or None when the page has no UTF-8 copy. One
        Aho-Corasick pass instead of one scan of the whole markup per word: real pages carry
        hundreds of kilobytes of script, and every detector would scan them again."""
        raw = self.raw
        if raw is None:
            return None
        words = _distinct_words(self.markup_words)
        hits: dict[str, list[int]] = {w: [] for w in words}
        for index, start, _end in _automaton(words).find_matches_as_indexes(raw, overlapping=True):
            hits[words[index]].append(start)
        return hits

    @cached_property
    def spells_letters_by_reference(self) -> bool:
        """Whether the markup writes an ASCII letter as a numeric character reference
        (``&#98;``), so that an attribute may hold a word the markup does not spell out.
        True when unknown (no UTF-8 copy). No named reference stands for a letter but
        ``&fjlig;`` ("fj")."""
        hits = self.markup_hits
        raw = self.raw
        if hits is None or raw is None:
            return True
        for start in hits.get("&#", ()):
            m = _NUMERIC_REF.match(raw, start)
            if m is None:
                continue
            value = int(m.group(1), 16) if m.group(1) is not None else int(m.group(2))
            if 65 <= value <= 90 or 97 <= value <= 122:
                return True
        return False

    def char_offsets(self, byte_offsets: Iterable[int]) -> dict[int, int]:
        """For offsets in :attr:`raw` that start a character (a :attr:`markup_hits` word's
        first letter), the offset of that character in :attr:`html`."""
        raw = self.raw
        if raw is None:
            raise ValueError("the page has no UTF-8 copy")
        if len(raw) == len(self.html):  # ASCII: one byte a character
            return {b: b for b in byte_offsets}
        out: dict[int, int] = {}
        chars = last = 0
        for b in sorted(set(byte_offsets)):
            # Both ends start a character, so the slice decodes whole.
            chars += len(raw[last:b].decode("utf-8"))
            out[b] = chars
            last = b
        return out

    @cached_property
    def _html_memo(self) -> dict[str, bool]:
        hits = self.markup_hits
        return {} if hits is None else {w: bool(found) for w, found in hits.items()}

    def html_has(self, word: str) -> bool:
        """Whether the raw markup holds ``word`` (case matters). Remembered, and answered at
        once when a shorter word inside it is absent ("epubli" for "republication-pixel"):
        most pages carry none of the beacon and republish-box words, and each question scans
        the whole markup."""
        memo = self._html_memo
        found = memo.get(word)
        if found is None:
            gate = _html_gate(word)
            raw = self.raw
            found = (gate is None or self.html_has(gate)) and (
                word.encode() in raw if raw is not None else word in self.html
            )
            memo[word] = found
        return found

    @cached_property
    def _box_ids(self) -> frozenset[int]:
        return frozenset(b.mem_id for b in self.republish_boxes)

    def in_republish_box(self, node: LexborNode) -> bool:
        """True when ``node`` sits inside one of the page's republish boxes."""
        boxes = self._box_ids
        if not boxes:
            return False
        cur: LexborNode | None = node
        while cur is not None:
            if cur.mem_id in boxes:
                return True
            cur = cur.parent
        return False

    @cached_property
    def _chrome_memo(self) -> dict[int, bool]:
        return {}

    def in_comments(self, node: LexborNode) -> bool:
        """True when the node sits in the readers' comments (WordPress's ``#comments``,
        ``.comment``, Disqus): what a reader wrote there credits nothing."""
        cur: LexborNode | None = node
        while cur is not None and cur.tag not in ("body", "html"):
            if _named_as(cur, _COMMENTS_HINT):
                return True
            cur = cur.parent
        return False

    def in_chrome(self, node: LexborNode) -> bool:
        """True when the node sits in navigation, a sidebar, teasers or promotion (an article's
        own header and footer excepted); remembered for every ancestor walked."""
        memo = self._chrome_memo
        path: list[int] = []
        cur: LexborNode | None = node
        result = False
        while cur is not None:
            key = cur.mem_id
            if key in memo:
                result = memo[key]
                break
            own = _own_chrome(cur)
            if own is not None:
                result = own
                memo[key] = own
                break
            path.append(key)
            cur = cur.parent
        for key in path:
            memo[key] = result
        return result

    @cached_property
    def href_urls(self) -> list[str]:
        """The distinct absolute http(s) URLs in the page's hrefs, one per host, from the raw
        markup (cheap: no anchor is resolved)."""
        seen: set[str] = set()
        out = []
        for m in _HREF_URL.finditer(self.html):
            host = m.group(2).lower()
            if host not in seen:
                seen.add(host)
                out.append(m.group(1).replace("&amp;", "&"))
        return out

    def anchors_with_text(self, keywords: tuple[str, ...]) -> list[Anchor]:
        """The ``<a href>`` elements whose text holds one of the lower-case ``keywords``."""
        self.anchor_queries += 1
        out: list[Anchor] = []
        seen: set[int] = set()
        for node in self.blocks_around(keywords, levels=1):
            cur: LexborNode | None = node
            for _ in range(4):
                if cur is None or cur.tag == "a":
                    break
                cur = cur.parent
            if cur is None or cur.tag != "a" or cur.mem_id in seen:
                continue
            seen.add(cur.mem_id)
            url = self.resolve(cur.attributes.get("href"))
            if url:
                text = cur.text(deep=True, separator=" ", strip=True)
                out.append(Anchor(cur, url, text, self))
        return out

    @cached_property
    def anchors_by_name(self) -> dict[str, list[Anchor]]:
        """Every ``<a href>`` in the body with a resolvable URL, in document order, filed by
        its text as :func:`attribution.registry.normalise_name` reads a name."""
        body = self.tree.body
        out: dict[str, list[Anchor]] = {}
        for node in body.css("a[href]") if body is not None else ():
            url = self.resolve(node.attributes.get("href"))
            if url:
                text = node.text(deep=True, separator=" ", strip=True)
                out.setdefault(normalise_name(text), []).append(Anchor(node, url, text, self))
        return out

    @cached_property
    def body_lower(self) -> str:
        """:attr:`body_text` in lower case, for cheap keyword tests."""
        return self.body_text.lower()

    def confirmed_keywords(
        self,
        keywords: tuple[str, ...],
        check: Callable[[str], bool],
        *,
        radius: int = 300,
        max_hits: int = 40,
    ) -> tuple[str, ...]:
        """The ``keywords`` that occur in the body text inside a window for which ``check``
        is true: a regex run over a few hundred characters instead of the whole page, and a
        tree search only for the words that pass."""
        low = self.body_lower
        text = self.body_text
        memo = self._contains_memo
        out = []
        for word in keywords:
            # The memo read inline: most words were asked before, and this runs for ~30 a page.
            present = memo.get(word)
            if present is None:
                present = self.contains(word)
            start = low.find(word) if present else -1
            hits = 0
            while start >= 0 and hits < max_hits:
                if check(squash_spaces(text[max(0, start - radius) : start + radius])):
                    out.append(word)
                    break
                start = low.find(word, start + len(word))
                hits += 1
        return tuple(out)

    @cached_property
    def _contains_memo(self) -> dict[str, bool]:
        return _present(TEXT_WORDS, self.body_lower)

    @cached_property
    def _contains_case_memo(self) -> dict[str, bool]:
        # The registry's words are asked through words_found only: the memo need not list
        # them as absent.
        memo = _CASED_ABSENT.copy()
        memo.update(dict.fromkeys(self._found_cased, True))
        return memo

    @cached_property
    def _found_cased(self) -> set[str]:
        return (self.words_cased or _cased_words()).found(self.body_text)

    def words_found(self, words: frozenset[str]) -> set[str]:
        """Which of ``words`` (all among :attr:`words_cased`) the body text holds as written:
        the answer of the one pass, without a question per word."""
        return self._found_cased & words

    def contains(self, word: str, *, case_sensitive: bool = False) -> bool:
        """Whether the body text holds ``word`` (lower case unless ``case_sensitive``);
        remembered, since several detectors ask about the same words and each question scans
        the whole text. A word holding a shorter one that is absent ("lire l" for "lire la
        suite") is answered without a scan."""
        # One memo per case mode, keyed by the word alone: asked ~90 times a page.
        memo = self._contains_case_memo if case_sensitive else self._contains_memo
        found = memo.get(word)
        if found is None:
            gate = _text_gate(word)
            found = (gate is None or self.contains(gate, case_sensitive=case_sensitive)) and (
                word in (self.body_text if case_sensitive else self.body_lower)
            )
            memo[word] = found
        return found

    def has_any(self, keywords: tuple[str, ...]) -> bool:
        """True when the body text contains one of the lower-case ``keywords``."""
        return any(self.contains(k) for k in keywords)

    def blocks_around(
        self, keywords: tuple[str, ...], levels: int = 4, *, case_sensitive: bool = False
    ) -> list[LexborNode]:
        """Elements whose own text holds one of the ``keywords`` (lower case unless
        ``case_sensitive``), and up to ``levels`` of their ancestors, innermost first, without
        duplicates: where a credit line can be read. Keywords absent from the body text are
        not looked up at all; the same question is answered from memory (the list is shared:
        do not change it)."""
        key = (keywords, levels, case_sensitive)
        found = self._blocks_memo.get(key)
        if found is None:
            found = self._blocks_memo[key] = self._blocks_around(keywords, levels, case_sensitive)
        return found

    def blocks_outside_chrome(
        self, keywords: tuple[str, ...], levels: int = 4, *, case_sensitive: bool = False
    ) -> Iterator[LexborNode]:
        """:meth:`blocks_around` without the elements in site chrome or a republish box, nor
        the elements above those: they read the chrome's text too, and on a short page the
        wrapper of the whole page would pass for a statement of the page's own."""
        passed_over: set[int] = set()
        for node in self.blocks_around(keywords, levels, case_sensitive=case_sensitive):
            if node.mem_id in passed_over:
                continue
            if self.in_chrome(node) or self.in_republish_box(node):
                cur = node.parent
                while cur is not None and cur.mem_id not in passed_over:
                    passed_over.add(cur.mem_id)
                    cur = cur.parent
                continue
            yield node

    @cached_property
    def _blocks_memo(self) -> dict[tuple[tuple[str, ...], int, bool], list[LexborNode]]:
        return {}

    def _blocks_around(
        self, keywords: tuple[str, ...], levels: int, case_sensitive: bool
    ) -> list[LexborNode]:
        body = self.tree.body
        if body is None:
            return []
        memo = self._contains_case_memo if case_sensitive else self._contains_memo
        words = [
            k
            for k in keywords
            if (
                present
                if (present := memo.get(k)) is not None
                else self.contains(k, case_sensitive=case_sensitive)
            )
            and '"' not in k
            and "\\" not in k
        ]
        if not words:
            return []
        flag = "" if case_sensitive else " i"
        selector = ", ".join(f'*:lexbor-contains("{_css_string(w)}"{flag})' for w in words)
        seen: set[int] = set()
        out: list[LexborNode] = []
        for node in body.css(selector):
            cur: LexborNode | None = node
            for _ in range(levels):
                if cur is None or cur.tag in ("body", "html"):
                    break
                if cur.mem_id not in seen:
                    seen.add(cur.mem_id)
                    out.append(cur)
                cur = cur.parent
        return out

    @cached_property
    def has_content_container(self) -> bool:
        """Whether the page marks its content up: an ``<article>``, a ``<main>`` or an
        element in the main role."""
        return any(self.first(key) is not None for key in ("article", "main", '[role="main"]'))

    @cached_property
    def language(self) -> str | None:
        """The page's declared language (``<html lang>``), lower-case primary subtag."""
        root = self.first("html")
        lang = root.attributes.get("lang") if root is not None else None
        if not lang:
            lang = self.meta("og:locale", "language", "content-language")
        return lang.split("-")[0].split("_")[0].lower() if lang else None


#: The selectors of the elements :meth:`Document.elements` serves, as one query.
#: The rel values :meth:`Document.rel_links` answers: the index files only those links. A
#: page's stylesheets, icons and preloads are most of its ``<link rel>``, and each element
#: the index files costs a wrapper and a dict of its attributes.
INDEXED_RELS = ("canonical", "license")
_INDEX_SELECTOR = (
    'meta, link[rel~="canonical" i], link[rel~="license" i], a[rel~="license" i], base[href], '
    "textarea, time[datetime], h1, title, html, article, main, "
    '[itemprop="articleBody"], [role="main"]'
)
_WS_ASCII = re.compile(r"[ \t\n\r\f]+")
#: Questions :meth:`Document.anchors_with_text` a page may send before a caller asking many
#: (one per name) should read :attr:`Document.anchors_by_name` instead: each question is a walk
#: over the whole tree, and an article page asks two or three.
FEW_ANCHOR_QUERIES = 4


def _css_string(word: str) -> str:
    # A line break in a word is written as CSS escapes it: "By\a " for "By" and a newline.
    return word.replace("\n", "\\a ") if "\n" in word else word


def text_within(node: LexborNode, limit: int, too_long: set[int]) -> str | None:
    """``node``'s text (``text(deep=True, separator=" ", strip=True)``), or None when it is
    longer than ``limit``. ``too_long`` gathers the elements known to be (by ``mem_id``, for
    one list of nodes): an element's text holds each of its descendants' whole, so the
    elements above a long one are long too and their text, often most of the page, is never
    read. The detectors read a text-holding element and several levels above it."""
    if node.mem_id in too_long:
        return None
    text = node.text(deep=True, separator=" ", strip=True)
    if len(text) <= limit:
        return text
    cur: LexborNode | None = node
    while cur is not None and cur.mem_id not in too_long:
        too_long.add(cur.mem_id)
        cur = cur.parent
    return None


def is_element(node: LexborNode) -> bool:
    """Whether ``node`` is an element: lexbor names text nodes and comments "-text" and
    "-comment", and ``iter()`` yields comments too."""
    tag = node.tag
    return tag is not None and not tag.startswith("-")


def element_children(node: LexborNode) -> list[LexborNode]:
    """``node``'s child elements, in order."""
    return [child for child in node.iter() if is_element(child)]


def runs_on_with_br(node: LexborNode) -> bool:
    """Whether ``node`` has a ``<br>`` among its children (:func:`br_lines` reads its lines)."""
    return any(child.tag == "br" for child in node.iter())


def br_lines(node: LexborNode, limit: int) -> list[tuple[str, list[LexborNode]]]:
    """The lines of an element that runs its paragraphs on with ``<br>`` (old CMSs and copied
    feeds write them so): each line's text, as :func:`text_within` reads an element's, and its
    child elements; lines longer than ``limit`` are left out."""
    lines: list[tuple[str, list[LexborNode]]] = []
    parts: list[str] = []
    elements: list[LexborNode] = []
    for child in (*node.iter(include_text=True), None):
        if child is None or child.tag == "br":
            text = " ".join(p for p in parts if p)
            if text and len(text) <= limit:
                lines.append((text, elements))
            parts, elements = [], []
            continue
        if child.tag in _SKIP_TEXT:
            continue
        parts.append(child.text(deep=True, separator=" ", strip=True))
        if child.tag != "-text":
            elements.append(child)
    return lines


def cut_out(text: str, parts: list[str]) -> str:
    """``text`` without ``parts``, each found after the one before (as a node's text follows
    the previous node's in an element's text) and left as a space. A part not found stops the
    cutting there: one pass over ``text`` however many parts there are."""
    pieces: list[str] = []
    start = 0
    for part in parts:
        at = text.find(part, start)
        if at < 0:
            break
        pieces.append(text[start:at])
        start = at + len(part)
    if not pieces:
        return text
    pieces.append(text[start:])
    return " ".join(pieces)


def held_counts(nodes: Iterable[LexborNode], cap: int) -> dict[int, int]:
    """How many of ``nodes`` each element holds strictly inside it, by ``mem_id``, counted up
    to ``cap`` (elements holding none are left out). A walk up from a node stops at the first
    element already at ``cap``: everything above it is at ``cap`` too, so a page of a
    thousand matches costs a thousand short walks, not a million ancestor tests."""
    counts: dict[int, int] = {}
    for node in nodes:
        cur = node.parent
        while cur is not None:
            key = cur.mem_id
            count = counts.get(key, 0)
            if count >= cap:
                break
            counts[key] = count + 1
            cur = cur.parent
    return counts


def _index_keys(tag: str | None, attrs: dict[str, str | None]) -> list[str]:
    """The keys under which an element the index query found is filed (as the selector
    matched it: attribute values exact, ``rel`` tokens ASCII case-insensitive)."""
    keys: list[str] = []
    if tag in ("meta", "textarea", "h1", "title", "html", "article", "main"):
        keys.append(tag)
    elif tag in ("link", "a") and _indexed_rel(tag, attrs.get("rel")):
        keys.append("rel")
    elif tag == "base" and "href" in attrs:
        keys.append("base[href]")
    elif tag == "time" and "datetime" in attrs:
        keys.append("time[datetime]")
    if attrs.get("itemprop") == "articleBody":
        keys.append('[itemprop="articleBody"]')
    if attrs.get("role") == "main":
        keys.append('[role="main"]')
    return keys


def _indexed_rel(tag: str, rel: str | None) -> bool:
    # As the selector matched: a whitespace-separated token, ASCII case-insensitive.
    wanted = INDEXED_RELS if tag == "link" else ("license",)
    return any(t.lower() in wanted for t in _WS_ASCII.split(rel or "") if t)


def _own_chrome(node: LexborNode) -> bool | None:
    """True/False when the node itself decides (a nav, an article), None to ask its parent."""
    tag = node.tag
    if tag == "header":
        return not in_content(node) and not _heads_an_article(node)
    if tag == "footer":
        return not in_content(node)
    if tag in CHROME_TAGS:
        return True
    if tag in ("body", "html", "article", "main"):
        return False
    attrs = node.attributes
    if attrs.get("role") in _CONTENT_ROLES:
        # An article or the main content written as <div role="article"> (Drupal 7, older
        # themes) or <div role="main">, as in_content reads them.
        return False
    hint = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}"
    # The same class names recur on every element of a kind and on every page of a site.
    found = _CHROME_HINTS.get(hint)
    if found is None:
        if len(_CHROME_HINTS) >= _MAX_HINTS:
            _CHROME_HINTS.clear()
        found = _CHROME_HINTS[hint] = bool(hint.strip()) and (
            CHROME_HINT.search(hint) is not None or (attrs.get("id") or "").lower() in _CHROME_IDS
        )
    return True if found else None


# CHROME_HINT's answers by hint, shared across pages (cleared when full).
_CHROME_HINTS: dict[str, bool] = {}
_MAX_HINTS = 8192


def _heads_an_article(header: LexborNode) -> bool:
    """Whether a ``<header>`` outside any article container heads an article: it holds the
    headline, an ``<h1>`` that links nowhere (a site's header may set its logo in a linked
    ``<h1>``)."""
    h1 = header.css_first("h1")
    return h1 is not None and h1.css_first("a") is None


def in_content(node: LexborNode) -> bool:
    """Whether ``node`` lies in an article or the page's main content: an ``<article>`` or
    ``<main>``, or an element in either role (``<div role="main">``)."""
    cur = node.parent
    while cur is not None:
        if cur.tag in _CONTENT_ROLES or cur.attributes.get("role") in _CONTENT_ROLES:
            return True
        cur = cur.parent
    return False


# The content's containers, as tags and as ARIA roles.
_CONTENT_ROLES = ("article", "main")


_SKIP_TEXT = frozenset({"script", "style", "noscript", "template", "textarea", "svg", "iframe"})


def _flatten_jsonld(data: Any) -> Iterator[dict[str, Any]]:
    # Lists and @graph are unwrapped, depth-first and in order, to a sane depth.
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > 16:
            continue
        if isinstance(item, list):
            stack.extend((child, depth + 1) for child in reversed(item))
        elif isinstance(item, dict):
            graph = item.get("@graph")
            if "@type" in item or "@graph" not in item:
                yield item
            if isinstance(graph, list):
                stack.extend((child, depth + 1) for child in reversed(graph))


def parse_document(
    data: bytes | str,
    *,
    url: str | None = None,
    content_type: str | None = None,
    source: str = "<input>",
) -> Document:
    """Decode and parse a page once. Raises :class:`DecodeError` for empty or binary input.
    A ``url`` of a Wayback Machine snapshot or an AMP cache stands for the original's."""
    url = unwrap_url(url) if url else url
    text, encoding, warnings = decode_html(data, content_type=content_type, source=source)
    same = same_utf8(data, text, encoding)
    if many_tags(same if same is not None else text):
        text, flattened = limit_nesting(text, MAX_NESTING)
        if flattened:
            same = None
            warnings.append(
                f"elements nested deeper than {MAX_NESTING} levels were flattened "
                f"({flattened} tags dropped)"
            )
    return _parsed(text, same, url, encoding, warnings)


def with_plain_spaces(doc: Document) -> Document:
    """``doc``, or, when no-break spaces hide words the detectors look for ("Read&nbsp;more",
    "first&nbsp;published"), in the text and in the tree, the page parsed again with plain
    spaces. Few pages need it: rewriting every page would cost a fifth of the extraction."""
    if not _spaces_hide_words(doc):
        return doc
    text, raw = plain_spaces(doc.html, doc.raw)
    again = _parsed(text, raw, doc.url, doc.encoding, doc.warnings)
    again.markup_words = doc.markup_words
    again.words_cased = doc.words_cased
    return again


def _spaces_hide_words(doc: Document) -> bool:
    """Whether the body text writes a keyword with a no-break space for a space."""
    if "\xa0" not in doc.body_text:
        return False
    lower, cased = doc._contains_memo, doc._contains_case_memo
    return any(lower[w] for w in _UNBROKEN) or any(cased[w] for w in _UNBROKEN_CASED)


def _parsed(
    text: str, same: bytes | None, url: str | None, encoding: str, warnings: list[str]
) -> Document:
    # The parser reads UTF-8: handing it the page's own bytes spares encoding the text again.
    tree = LexborHTMLParser(same if same is not None else text)
    raw = same if same is not None else (text.encode("ascii") if text.isascii() else None)
    doc = Document(tree=tree, html=text, url=url, encoding=encoding, warnings=warnings, raw=raw)
    # JSON-LD lives in scripts: read it, then drop what is never visible text, so that lexbor's
    # own text functions give the visible text. Beacons are matched in ``html``, not the tree.
    # One tree pass finds both; nodes are removed last to first, so a node inside another
    # (a <style> in a <noscript>) goes before its container.
    hidden = tree.css(_HIDDEN_SELECTOR)
    doc.jsonld = _read_jsonld(
        node.text(deep=True) or ""
        for node in hidden
        if node.tag == "script" and _is_jsonld_type(node.attributes.get("type"))
    )
    for node in reversed(hidden):
        node.decompose(recursive=False)
    return doc


_HIDDEN_SELECTOR = "script, style, noscript, template, svg"


def _is_jsonld_type(value: str | None) -> bool:
    # As lexbor matches [type="application/ld+json"]: the whole value, ASCII case-insensitive.
    return value is not None and value.isascii() and value.lower() == "application/ld+json"


def _read_jsonld(raws: Iterable[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for raw in raws:
        try:
            data = json.loads(raw.strip().rstrip(";"), strict=False)
        except RecursionError:
            continue  # absurdly nested JSON: nothing a publisher would write
        except ValueError:
            # CMSs emit JSON-LD with stray control characters and trailing commas.
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except (ValueError, RecursionError):
                continue
        out.extend(_flatten_jsonld(data))
    _resolve_references(out)
    return out


#: The properties of an article object whose value may be a reference to another node of the
#: page's JSON-LD (``{"@id": "…#/schema/person/1"}``, as Yoast SEO writes its @graph).
_REFERENCED_KEYS = (
    "author",
    "creator",
    "publisher",
    "sourceOrganization",
    "copyrightHolder",
    "isBasedOn",
)


def _resolve_references(nodes: list[dict[str, Any]]) -> None:
    """Replace, in each node's :data:`_REFERENCED_KEYS`, a bare ``{"@id": …}`` by the node
    of that ``@id`` when the page declares it (one level: a reference's own references stay)."""
    by_id = {
        node["@id"]: node
        for node in nodes
        if isinstance(node.get("@id"), str) and ("name" in node or "@type" in node)
    }
    if not by_id:
        return
    for node in nodes:
        for key in _REFERENCED_KEYS:
            value = node.get(key)
            if isinstance(value, dict):
                node[key] = _dereferenced(value, by_id)
            elif isinstance(value, list):
                node[key] = [_dereferenced(v, by_id) if isinstance(v, dict) else v for v in value]


def _dereferenced(value: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ref = value.get("@id")
    if "name" in value or not isinstance(ref, str):
        return value
    return by_id.get(ref, value)


# A picture's credit line: "Photo: Jane Doe/Flickr (CC BY 2.0)", "Image by X, CC BY-SA".
_IMAGE_CREDIT = re.compile(
    r"^\W*(?:photo(?:graph)?|image|picture|illustration|graphic|video|chart|map|cartoon|"
    r"foto(?:grafía)?|imagen|bild|cr[ée]dit)s?\b",
    re.IGNORECASE,
)
# Containers of a picture and its caption, by class or id.
_IMAGE_CONTAINER = re.compile(
    r"caption|figure|photo|media-credit|image-credit|img-credit|gallery", re.IGNORECASE
)


def credits_a_picture(node: LexborNode, text: str = "") -> bool:
    """Whether a credit or a licence found at ``node`` (its block's ``text``, when known) is a
    picture's: in a figure or its caption, or on a line that credits a photo. Articles are
    illustrated with licensed photos ("Photo: Jane Doe/Flickr, CC BY 2.0", "Photo used with
    permission of X") whatever their own terms."""
    if text and _IMAGE_CREDIT.match(text):
        return True
    if node.tag in _INLINE and _IMAGE_CREDIT.match(_line_of(node)):
        return True  # a link or a span in the credit line: "Photo by X, <a>CC BY 2.0</a>"
    cur: LexborNode | None = node
    for _ in range(8):
        if cur is None or cur.tag in ("article", "main", "body", "html"):
            return False
        if cur.tag in ("figure", "figcaption", "picture") or _named_as(cur, _IMAGE_CONTAINER):
            return True
        cur = cur.parent
    return False


# A credit line this short names a holder and little more ("© AFP 2024", "Copyright: The
# Associated Press", "(via Reuters)"): set right under a picture, it is the picture's.
_PICTURE_CREDIT = 48
_PICTURES = frozenset({"img", "picture", "figure", "svg", "video"})


def under_picture(node: LexborNode, text: str) -> bool:
    """Whether a short credit line (``text``, at ``node``) follows a picture: the element
    before it is one (or holds only one), or the line's own element opens with one
    (`<p><img><br>© AFP</p>`)."""
    if len(text) > _PICTURE_CREDIT:
        return False
    first = next((c for c in node.iter() if is_element(c)), None)
    if first is not None and first.tag in _PICTURES:
        return True
    before = node.prev
    while before is not None and before.tag == "-text" and not (before.text_content or "").strip():
        before = before.prev
    if before is None or not is_element(before):
        return False
    if before.tag in _PICTURES:
        return True
    # A wrapper of the picture alone (<div class="img"><img></div>): no text of its own.
    return before.css_first("img") is not None and not before.text(deep=True, strip=True)


def _named_as(node: LexborNode, hint: re.Pattern[str]) -> bool:
    """Whether ``node``'s class or id matches ``hint``."""
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(names.strip()) and hint.search(names) is not None


_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "small"})


def _line_of(node: LexborNode, limit: int = 200) -> str:
    """The start of the text of the block a link stands in (its paragraph, list item or
    cell): up to ``limit`` characters, read from its first text nodes only (a block of a
    thousand links would be read whole once per link)."""
    cur: LexborNode | None = node
    while cur is not None and cur.tag in _INLINE:
        cur = cur.parent
    pieces: list[str] = []
    length = 0
    for child in (cur or node).traverse(include_text=True):
        if child.tag != "-text":
            continue
        piece = (child.text_content or "").strip()
        if piece:
            pieces.append(piece)
            length += len(piece) + 1
            if length > limit:
                break
    return " ".join(pieces)[:limit]


def document_links(doc: Document) -> list[str]:
    """The page's outgoing http(s) links, absolute, fragment-free, deduplicated, in order."""
    seen_href: set[str] = set()
    seen: set[str] = set()
    out = []
    # Only the href matters here: no text, no chrome check; repeated hrefs resolved once.
    for node in doc.tree.css("a[href]"):
        href = node.attributes.get("href")
        if not href or href in seen_href:
            continue
        seen_href.add(href)
        url = doc.resolve(href)
        if url is None:
            continue
        link = url.split("#", 1)[0]
        if link not in seen:
            seen.add(link)
            out.append(link)
    return out


# The mark a browser leaves on a page it saves (Internet Explorer's "Mark of the Web", kept by
# Chrome's "Save as"): "<!-- saved from url=(0051)https://www.example.com/story -->".
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)


def declared_self_url(doc: Document) -> str | None:
    """The page's own URL as it declares it: the address a browser that saved the page marked
    at its top, else its canonical or og:url when that points to the page itself."""
    saved = _SAVED_FROM.search(doc.html, 0, 4096)
    if saved:
        url = credit_url(saved.group(1), None)
        if url:
            return url
    candidates = [u for u, _ in doc.rel_links("canonical")]
    candidates += [u for u in (credit_url(v, None) for v in doc.meta_values("og:url")) if u]
    for cand in candidates:
        if (
            doc.site_domain
            and same_site(domain_of(cand), doc.site_domain)
            and not is_homepage(cand)
        ):
            return cand
    return None
