"""Visible bylines: the people credited on the page, and publishers named as the author.

"Written by The Conversation" names a publisher, not a person: it becomes a ``byline`` credit
for that publisher and adds no author. The site's own name in a byline is no credit at all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborNode

from attribution.domains import host_of, is_homepage, page_key, registrable_domain
from attribution.extract.document import (
    Document,
    br_lines,
    credit_url,
    element_children,
    is_element,
    runs_on_with_br,
    text_within,
)
from attribution.extract.identify import (
    find_link_for_name,
    identify,
    name_matches_domain,
    normalise_name,
)
from attribution.extract.names import clean_byline, distinct_persons, person_key, person_name
from attribution.extract.patterns import (
    BYLINE_SELECTORS,
    BYLINE_TEXT,
    BYLINE_WORDS,
    READ_MORE_TEXT,
    REPORTING_BY,
)
from attribution.extract.spaces import squash_spaces
from attribution.models import Credit, Publisher
from attribution.registry import Registry

_BYLINE_TAGS = frozenset(
    {
        "p",
        "div",
        "span",
        "li",
        "address",
        "a",
        "strong",
        "b",
        "em",
        "small",
        "cite",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "header",
        "figcaption",
        "dd",
        "byline",
    }
)
# "vcard" and "h-card" are the microformats a byline is marked up with, not story cards.
_HINT_SKIP = re.compile(
    r"bio|avatar|image|photo|img|follow|social|more-by|list-item|(?<!v)(?<!h-)card", re.IGNORECASE
)


@dataclass(slots=True)
class BylineResult:
    """Names found in visible bylines and the publisher credits among them."""

    persons: list[str]
    credits: list[Credit]
    reporters: list[str]
    # Whether the byline was found in the article's own container (not just somewhere in
    # the page's body, where teasers for other stories carry bylines too).
    in_article: bool = False
    # Whether the page lists stories (its bylines are all story cards'): it has no author.
    lists_stories: bool = False


# BYLINE_SELECTORS one by one, each with the words one of which its matches hold in their
# markup, so that a part whose words the page never writes is left out of the query (none:
# always asked; rel values match in any case). Every part costs an attribute test on every
# element.
_BYLINE_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ('[rel="author"]', ()),
    ('[itemprop="author"]', ("author",)),
    ('[class*="byline"]', ("byline",)),
    ('[class*="Byline"]', ("Byline",)),
    ('[id*="byline"]', ("byline",)),
    ('[class*="author"]', ("author",)),
    ('[class*="Author"]', ("Author",)),
    ('[class*="contributor"]', ("contributor",)),
    ('[data-testid*="byline"]', ("byline",)),
    ('[data-component*="byline"]', ("byline",)),
    # French and Spanish, German, Portuguese... class names: "article_auteur", "autor-name".
    ('[class*="auteur"]', ("auteur",)),
    ('[class*="autor"]', ("autor",)),
    ("address", ()),
    # NITF's <byline>, as wire copy pasted into a page keeps it; a tag's name in any case.
    ("byline", ("byline", "Byline", "BYLINE")),
)


def byline_selector(doc: Document) -> str:
    """:data:`BYLINE_SELECTORS` without the parts that cannot match on this page: those whose
    word is nowhere in the markup (found in the document's one pass over it), unless a
    character reference may spell it."""
    hits = doc.markup_hits
    if hits is None or doc.spells_letters_by_reference:
        return BYLINE_SELECTORS
    return _joined(
        tuple(part for part, words in _BYLINE_PARTS if not words or any(hits.get(w) for w in words))
    )


@lru_cache(maxsize=64)
def _joined(parts: tuple[str, ...]) -> str:
    return ", ".join(parts)


def _article_root(doc: Document) -> LexborNode | None:
    for selector in ("article", '[itemprop="articleBody"]', "main", '[role="main"]'):
        node = doc.first(selector)
        if node is not None:
            return node.parent if selector.startswith("[itemprop") and node.parent else node
    return doc.tree.body


def strip_names(reg: Registry) -> tuple[str, ...]:
    """The registry's names, longest first, as :func:`clean_byline` strips them
    (:meth:`Registry.spellings`, built once per registry)."""
    return reg.spellings()


def _site_names(site: str | None) -> tuple[str, ...]:
    return (site, normalise_name(site)) if site else ()


def _near(node: LexborNode, anchor: LexborNode, levels: int = 3) -> bool:
    """True when ``node`` sits under one of ``anchor``'s closest ancestors."""
    ancestor: LexborNode | None = anchor
    for _ in range(levels):
        if ancestor is None or ancestor.parent is None:
            break
        ancestor = ancestor.parent
    if ancestor is None:
        return False
    cur: LexborNode | None = node
    while cur is not None:
        if cur.mem_id == ancestor.mem_id:
            return True
        cur = cur.parent
    return False


# A link holding this many more words than the byline inside it is a story's headline.
_CARD_WORDS = 3
# A link of this many words beside a byline is the headline of the story that byline is for.
_HEADLINE_WORDS = 5
_CARD_STOP = frozenset({"article", "main", "body", "html"})
_AUTHOR_PAGE = re.compile(
    r"/(?:(?:authors?|writers?|staff|people|profiles?|contributors?|journalists?|autor(?:es)?|"
    r"auteurs?)(?:/|$|\?|-)|by/)",
    re.IGNORECASE,
)


def _author_link(link: LexborNode) -> bool:
    """True for a link to an author's page (``rel=author``, /author/..., /staff/...)."""
    rel = (link.attributes.get("rel") or "").lower().split()
    return "author" in rel or _AUTHOR_PAGE.search(link.attributes.get("href") or "") is not None


def _in_story_card(node: LexborNode, text: str) -> bool:
    """True when the byline sits inside a link that also holds more text: a teaser card for
    another story ("<a href=/other><h3>Headline</h3><span class=byline>Jane Doe</span></a>").
    An author link around the name alone holds no more than the name."""
    cur = node.parent
    for _ in range(4):
        if cur is None or cur.tag in _CARD_STOP:
            return False
        if cur.tag == "a" and "href" in cur.attributes:
            if _author_link(cur):
                return False  # the author's own page, with a photo or a role in the link
            outer = cur.text(deep=True, separator=" ", strip=True)
            return len(outer.split()) >= len(text.split()) + _CARD_WORDS
        cur = cur.parent
    return False


_HEADINGS = "h1, h2, h3, h4"
# A story card's headline has at least this many words; a linked name is an author's box.
_CARD_HEADLINE_WORDS = 3
# A story card may be an <article> of its own: the search stops at the page's parts only.
_PAGE_PARTS = frozenset({"main", "body", "html"})


def _teaser(doc: Document, node: LexborNode, url: str) -> bool:
    """True when the nearest heading around the byline links to a page other than ``url``
    (the page's): a card in a list of stories ("<h2><a href=/story>Headline</a></h2><p
    class=byline>Jane Doe</p>"). An article's own heading is not a link, or links to the
    article itself; a heading that holds the byline is the byline."""
    link = _headline_link(node)
    if link is None:
        return False
    target = credit_url(link.attributes.get("href"), doc.base_url or url)
    # A link to the page itself may differ in scheme, "www.", query or fragment.
    return target is not None and page_key(target) != page_key(url)


def _headline_link(node: LexborNode) -> LexborNode | None:
    """The link of the headline nearest around ``node``, when it is a story's (a headline of
    a few words, not an author's box: "<h2><a href=/laurie-oakes>Laurie Oakes</a>")."""
    found = _nearest_heading(node)
    if found is None:
        return None
    heading = found[1]
    link = heading.css_first("a[href]")
    if link is None and heading.parent is not None and heading.parent.tag == "a":
        link = heading.parent
    if link is None:
        return None
    words = len(heading.text(deep=True, separator=" ", strip=True).split())
    # A link to a section named like an author's page ("/people/…") may head a story: a
    # headline as long as a story's is one.
    if _author_link(link) and words < _HEADLINE_WORDS:
        return None
    return link if words >= _CARD_HEADLINE_WORDS else None


def _nearest_heading(node: LexborNode) -> tuple[LexborNode, LexborNode] | None:
    """(the closest of ``node``'s four nearest ancestors that holds a heading not around
    ``node``, that heading), or None; the search stops at the page's main parts."""
    cur = node.parent
    for _ in range(4):
        if cur is None or cur.tag in _PAGE_PARTS:
            return None
        heading = next((h for h in cur.css(_HEADINGS) if not _inside(node, h)), None)
        if heading is not None:
            return cur, heading
        cur = cur.parent
    return None


# A story card holds a headline and an excerpt; an element around a paragraph with more text
# than this is an article (whose subheadings may link elsewhere), not a card.
_CARD_TEXT = 600


def in_story_card(doc: Document, node: LexborNode) -> bool:
    """True when ``node`` sits in a card for another story: a small element (a headline and
    an excerpt) whose headline links to a page other than this one. A dateline or a wire's
    copyright line there is the teaser's, on a front page listing wire stories."""
    url = doc.url or _declared_url(doc)
    found = _nearest_heading(node)
    if found is None:
        return False
    card, heading = found
    if len(card.text(deep=True, separator=" ", strip=True)) > _CARD_TEXT:
        return False
    if url is None:
        # Without the page's address a headline's link cannot be compared with it: a linked
        # headline other than the page's own (its first <h1>) heads a card.
        own = doc.first("h1")
        return (own is None or heading.mem_id != own.mem_id) and _headline_link(node) is not None
    if _teaser(doc, node, url):
        return True
    # A headline that is no link: the card links its story with a "Read more" on this site,
    # among cards like it (the same tag and class, each with a headline).
    return _reads_more_on_site(doc, card, url) and _among_like_cards(card)


def under_linked_headline(node: LexborNode) -> bool:
    """Whether ``node`` sits under a headline that links somewhere (a story card's, wherever
    it points): asked of credit lines in site chrome, which a page's own credit box does not
    head with a linked headline."""
    return _headline_link(node) is not None


def _reads_more_on_site(doc: Document, card: LexborNode, url: str) -> bool:
    for a in card.css("a[href]"):
        target = credit_url(a.attributes.get("href"), doc.base_url or url)
        if (
            target is not None
            and doc.is_own(target)
            and page_key(target) != page_key(url)
            and READ_MORE_TEXT.match(a.text(deep=True, separator=" ", strip=True))
        ):
            return True
    return False


# A card stands among this many elements like it, itself included, on a page listing stories.
_LIKE_CARDS = 3


def _among_like_cards(card: LexborNode) -> bool:
    parent = card.parent
    if parent is None:
        return False
    shape = (card.tag, card.attributes.get("class"))
    like = 0
    for sibling in parent.iter():
        if (sibling.tag, sibling.attributes.get("class")) == shape and (
            sibling.css_first(_HEADINGS) is not None
        ):
            like += 1
            if like >= _LIKE_CARDS:
                return True
    return False


def _declared_url(doc: Document) -> str | None:
    # A saved page without its URL: the address it declares for itself, its homepage's too
    # (a front page's canonical is the homepage; declared_self_url leaves those out).
    for url, _ in doc.rel_links("canonical"):
        return url
    return next((v for v in doc.meta_values("og:url") if "//" in v), None)


# A page whose byline is a story card's, beside this many more cards with other bylines (other
# people, or a wire's name), lists stories (a front page, a section): none is its own.
_LISTING_CARDS = 2


def _lists_stories(
    doc: Document,
    candidates: list[tuple[str, LexborNode]],
    anchor: LexborNode,
    strip: tuple[str, ...],
    extra: tuple[str, ...],
) -> bool:
    """True when the page's byline ``anchor`` is a story card's and the page has
    :data:`_LISTING_CARDS` more cards with other bylines: the page lists stories."""
    url = doc.url or _declared_url(doc)
    if url is None or not _teaser(doc, anchor, url):
        return False
    anchor_text = next(t for t, n in candidates if n is anchor)
    body = doc.tree.body
    if body is not None:
        # The other cards may lie outside the scope (the first of many <article> cards).
        candidates = _candidates(doc, body)
    persons = clean_byline(anchor_text, strip_names=strip, also_strip=extra)[0]
    named = {p.casefold() for p in persons}
    cards: set[str] = set()
    for text, node in candidates:
        # Any mention of the anchor's people (their bio, their name again) is the same story's.
        # A byline naming no one ("By The Associated Press") recurs on every card of a front
        # page of wire stories: there each card counts, told apart by the element.
        # The names read are spaced plainly; the page may join a name's parts with &nbsp;.
        folded = squash_spaces(text).casefold() if "\xa0" in text else text.casefold()
        if persons and (text == anchor_text or any(name in folded for name in named)):
            continue
        key = text if persons else str(node.mem_id)
        if node.mem_id == anchor.mem_id or key in cards:
            continue
        if _teaser(doc, node, url):
            cards.add(key)
            if len(cards) >= _LISTING_CARDS:
                return True
    return False


def _with_anchor(
    candidates: list[tuple[str, LexborNode]], anchor: LexborNode
) -> list[tuple[str, LexborNode]]:
    """The page's byline ``anchor`` and the candidates near it that belong to the same story.

    A candidate belongs to another story when the part of the page that holds it but not the
    anchor (a list item, a card) also holds a headline link, as "most read" lists and
    related-story rails do. Candidates in one such part share its headline links."""
    anchor_path: set[int] = set()
    cur: LexborNode | None = anchor
    while cur is not None:
        anchor_path.add(cur.mem_id)
        cur = cur.parent
    headlines: dict[int, list[LexborNode]] = {}
    out: list[tuple[str, LexborNode]] = []
    for text, node in candidates:
        if node is not anchor:
            if not _near(node, anchor):
                continue
            branch = node
            cur = node.parent
            while cur is not None and cur.mem_id not in anchor_path:
                branch = cur
                cur = cur.parent
            links = headlines.get(branch.mem_id)
            if links is None:
                links = headlines[branch.mem_id] = [
                    link
                    for link in branch.css("a[href]")
                    if len(link.text(deep=True, separator=" ", strip=True).split())
                    >= _HEADLINE_WORDS
                ]
            if any(not _inside(link, node) for link in links):
                continue
        out.append((text, node))
    return out


_TEXT_BYLINE_TAGS = frozenset(
    {"p", "div", "span", "li", "address", "strong", "em", "small", "cite"}
)


def _inside(node: LexborNode, scope: LexborNode) -> bool:
    cur: LexborNode | None = node
    while cur is not None:
        if cur.mem_id == scope.mem_id:
            return True
        cur = cur.parent
    return False


def _candidates(doc: Document, scope: LexborNode) -> list[tuple[str, LexborNode]]:
    texts: list[tuple[str, LexborNode]] = []
    seen: set[int] = set()
    for node in scope.css(byline_selector(doc)):
        if node.mem_id in seen or node.tag not in _BYLINE_TAGS:
            continue
        seen.add(node.mem_id)
        attrs = node.attributes
        hint = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if _HINT_SKIP.search(hint) and "byline" not in hint.lower():
            continue
        if doc.in_chrome(node) or doc.in_republish_box(node):
            continue
        text = node.text(deep=True, separator=" ", strip=True)
        if text and len(text) <= 250 and not _in_story_card(node, text):
            texts.append((text, node))
    if texts:
        return texts
    too_long: set[int] = set()
    for node in doc.blocks_outside_chrome(BYLINE_WORDS, levels=2, case_sensitive=True):
        if node.tag not in _TEXT_BYLINE_TAGS or not _inside(node, scope):
            continue
        line = text_within(node, _LINE, too_long)
        if line and BYLINE_TEXT.match(line):
            texts.append((line, node))
    return texts


# A byline line is at most this long; a longer element is the article's text or its summary.
_LINE = 160
# How many elements after the headline a byline may stand, and how many long ones (a summary,
# then the article's first paragraph) end the search.
_UNDER_HEADLINE = 8
_LONG_BLOCKS = 2
# How many elements the search reads at most, containers included: a front page's cards
# would be read to the last.
_UNDER_HEADLINE_VISITS = 24
# A paragraph of this many words is a sentence of the article's, however short; a link to
# an author's page in a sentence names someone the article is about.
_SENTENCE_WORDS = 8
# Under the headline a line names its author when it opens as a byline does (BYLINE_TEXT, in
# any case: "by jane doe") or so: where it stands tells it from a sentence that starts so.
_MORE_BYLINE_OPENINGS = re.compile(
    r"\s*(?:(?:posted|reported|text)\s+by|by\s*:|(?:reporter|writer)\s*:)\s*\S", re.IGNORECASE
)


def _opens_a_byline(line: str) -> bool:
    return BYLINE_TEXT.match(line) is not None or _MORE_BYLINE_OPENINGS.match(line) is not None


_NOT_BYLINE_TAGS = frozenset(
    {"figure", "figcaption", "picture", "img", "svg", "nav", "aside", "form", "table", "ul", "ol"}
)


def _after(node: LexborNode, scope: LexborNode) -> Iterator[LexborNode]:
    """The elements after ``node`` in document order at its level, then at its parent's and
    grandparent's (a headline alone in its own wrapper), inside ``scope``."""
    cur = node
    for _ in range(3):
        sibling = cur.next
        while sibling is not None:
            if is_element(sibling):
                yield sibling
            sibling = sibling.next
        parent = cur.parent
        if parent is None or parent.mem_id == scope.mem_id or parent.tag in _PAGE_PARTS:
            return
        cur = parent


def _under_headline(
    doc: Document, headline: LexborNode, scope: LexborNode
) -> list[tuple[str, LexborNode]]:
    """The byline written under the page's ``headline`` without a class or an opening word a
    selector could find: a line opening with "by" in any case ("by Jane Doe | March 3"),
    "Posted by…", or a link to the author's page. Asked only of pages where nothing else
    named anyone. The lines are read in document order after the headline, inside the
    containers that follow it (a share bar, then the article's body with its byline first),
    up to the article's text."""
    too_long: set[int] = set()
    lines = paragraphs = 0
    # Depth first, lazily: the elements after the headline may be a whole page's.
    pending: list[Iterator[LexborNode]] = [_after(headline, scope)]
    visits = 0
    while pending and lines < _UNDER_HEADLINE and paragraphs < _LONG_BLOCKS:
        node = next(pending[-1], None)
        if node is None:
            pending.pop()
            continue
        visits += 1
        if visits > _UNDER_HEADLINE_VISITS:
            break
        if node.tag in _NOT_BYLINE_TAGS or doc.in_republish_box(node):
            continue
        line = text_within(node, _LINE, too_long)
        if line is None:
            children = element_children(node)
            if node.tag == "p" or not children:
                paragraphs += 1  # the article's text has begun
            pending.append(iter(children))
            continue
        if not line:
            continue
        lines += 1
        # A block with a heading of its own is a story card or the article's next section.
        if node.css_first(_HEADINGS) is not None:
            continue
        words = len(line.split())
        found: list[tuple[str, LexborNode]] = []
        if _opens_a_byline(line):
            found = [(line, node)]
        elif words < _SENTENCE_WORDS or line.rstrip()[-1:] not in '.!?"”':
            links = [node] if node.tag == "a" else node.css("a[href]")
            authors = [a for a in links if _author_link(a)]
            if authors:
                found = _author_links_line(authors, node)
        # Asked of a line that reads as a byline only: both tests walk up the page. A line
        # under a linked headline is a card's: the page lists stories, and has no byline.
        if found:
            if in_story_card(doc, node):
                return []
            if not doc.in_chrome(node):
                return found
        if node.tag == "p" and words >= _SENTENCE_WORDS:
            paragraphs += 1  # a short paragraph of the article's (or its summary)
    return []


def _author_links_line(links: list[LexborNode], block: LexborNode) -> list[tuple[str, LexborNode]]:
    """The byline that the author links in ``block`` stand in: the nearest element around
    the first that opens with "by" ("SAN FRANCISCO | <span>by <a>Heather Somerville</a>"),
    else each link's own text (the block may hold a place or a date beside the names)."""
    cur = links[0].parent
    while cur is not None and _inside(cur, block):
        line = cur.text(deep=True, separator=" ", strip=True)
        if _opens_a_byline(line):
            return [(line, cur)]
        if cur.mem_id == block.mem_id:
            break
        cur = cur.parent
    return [(text, a) for a in links if (text := a.text(deep=True, separator=" ", strip=True))]


def visible_bylines(doc: Document, reg: Registry, site: str | None) -> BylineResult:
    """Read the article's byline: the first byline element that names someone, and the
    byline elements next to it (several authors are often marked up one by one)."""
    strip = strip_names(reg)
    extra = _site_names(site)
    persons = _Persons()
    credits: list[Credit] = []
    root = _article_root(doc)
    scopes = [root] if root is not None else []
    if doc.tree.body is not None and (root is None or root.tag != "body"):
        scopes.append(doc.tree.body)
    texts: list[tuple[str, LexborNode]] = []
    in_article = listing = False
    parsed: dict[str, tuple[list[str], list[str]]] = {}

    def read(text: str) -> tuple[list[str], list[str]]:
        # Each byline text is read up to four times below; clean_byline's own memory is
        # shared across pages and too small for a page of a thousand bylines.
        found = parsed.get(text)
        if found is None:
            found = parsed[text] = clean_byline(text, strip_names=strip, also_strip=extra)
        return found

    def names_someone(candidates: list[tuple[str, LexborNode]]) -> LexborNode | None:
        return next(
            (
                node
                for text, node in candidates
                if read(text)[0] or _publisher_among(reg, read(text)[1], site)
            ),
            None,
        )

    for scope in scopes:
        candidates = _candidates(doc, scope)
        anchor = names_someone(candidates)
        if anchor is not None:
            listing = _lists_stories(doc, candidates, anchor, strip, extra)
            if not listing:
                texts = _with_anchor(candidates, anchor)
                in_article = scope.tag != "body"
            break
    else:
        # Nothing named anyone: read the lines under the headline, unless the page is a site's
        # front page (whose lines under its headline are its cards').
        front = doc.url is not None and is_homepage(doc.url)
        h1s = () if front else doc.elements("h1")
        headline = next((h for h in h1s if not doc.in_chrome(h)), None)
        # The article's container when it holds the headline, else the page's body.
        within = next((s for s in scopes if headline is not None and _inside(headline, s)), None)
        if headline is not None and within is not None:
            candidates = _under_headline(doc, headline, within)
            if names_someone(candidates) is not None:
                texts = candidates
                in_article = within.tag != "body"
    # Where the byline marks names up one by one (class "author-name", hCard "fn"), read those:
    # the text around them holds roles and institutions.
    named = [(t, n) for t, n in texts if _NAME_HINT.search(_hint(n))]
    if named:
        named = _whole_byline(texts, named, read) or named
    for text, _node in named or texts:
        names, _ = read(text)
        new = persons.shortest_forms([n for n in names if not persons.knows(n)])
        persons.extend(new)
        if new:
            credits.append(
                Credit(signal="byline", text=text, author=", ".join(new), names_authors=tuple(new))
            )
    # Sets of what is credited so far, not a scan of the credits per byline element: a page
    # may hold a thousand of them.
    publishers = {c.publisher for c in credits}
    for text, node in texts:
        for org in read(text)[1]:
            credit = _org_credit(doc, reg, site, org, text, node)
            if credit is not None and credit.publisher not in publishers:
                credits.append(credit)
                publishers.add(credit.publisher)
    # A byline element may name only a registry publisher ("Written by The Conversation"),
    # which clean_byline strips as an organisation.
    publisher_ids = {c.publisher_id for c in credits}
    for text, node in texts:
        pub = _publisher_among(reg, read(text)[1], site)
        if pub is None or pub.id in publisher_ids:
            continue
        if doc.site_domain and doc.site_domain in pub.domains:
            continue
        link = _link_in(doc, node, pub.domains)
        credits.append(
            Credit(
                signal="byline",
                text=text,
                publisher=pub.name,
                domain=pub.domain,
                publisher_id=pub.id,
                url=link,
                hyperlink=link is not None,
            )
        )
        publisher_ids.add(pub.id)
    # A wire's logo in the byline's line ("By PHILLIP RAWLS 10/5/11 [AP]", as HuffPost and
    # Yahoo set wire copy): an image whose alt text is the publisher's name credits it.
    for _text, node in texts:
        for alt, pub in _logos_beside(doc, reg, site, node):
            if pub.id not in publisher_ids:
                credits.append(
                    Credit(
                        signal="byline",
                        text=f'<img alt="{alt}">',
                        publisher=pub.name,
                        domain=pub.domain,
                        publisher_id=pub.id,
                    )
                )
                publisher_ids.add(pub.id)
    reporters = [] if listing else reporters_line(doc, strip, extra)
    return BylineResult(persons.names, credits, reporters, in_article, listing)


class _Persons:
    """The people a page's bylines name, in order, indexed so that a page listing a thousand
    people costs a thousand lookups rather than a comparison of every pair."""

    __slots__ = ("_exact", "_extending", "_keys", "_tokens", "names")

    def __init__(self) -> None:
        self.names: list[str] = []
        self._tokens: list[tuple[str, ...]] = []
        self._keys: dict[str, int] = {}  # person_key -> how many names have it
        self._exact: dict[tuple[str, ...], set[int]] = {}  # tokens -> indices
        self._extending: dict[tuple[str, ...], set[int]] = {}  # a proper prefix -> indices

    def knows(self, name: str) -> bool:
        """Whether a name already read is this person's (:func:`same_person`)."""
        return self._keys.get(person_key(name), 0) > 0

    def extend(self, names: list[str]) -> None:
        for name in names:
            self.names.append(name)
            self._tokens.append(())
            self._file(len(self.names) - 1, name)

    def shortest_forms(self, new: list[str]) -> list[str]:
        """``new`` without the names that extend one already read; a name read before that a
        new one shortens is replaced in place. One byline read as "Kelli Miller WebMD" (a
        name, then the newsroom's) and its link read as "Kelli Miller": the shorter is the
        name."""
        kept: list[str] = []
        for name in new:
            tokens = tuple(name.casefold().split())
            longer = sorted(self._extending.get(tokens, ()))
            for i in longer:
                self._unfile(i)
                self.names[i] = name
                self._file(i, name)
            exact = self._exact
            if not longer and not any(exact.get(tokens[:k]) for k in range(len(tokens))):
                kept.append(name)
        return kept

    def _file(self, i: int, name: str) -> None:
        tokens = self._tokens[i] = tuple(name.casefold().split())
        key = person_key(name)
        self._keys[key] = self._keys.get(key, 0) + 1
        self._exact.setdefault(tokens, set()).add(i)
        for k in range(len(tokens)):
            self._extending.setdefault(tokens[:k], set()).add(i)

    def _unfile(self, i: int) -> None:
        tokens = self._tokens[i]
        self._keys[person_key(self.names[i])] -= 1
        self._exact[tokens].discard(i)
        for k in range(len(tokens)):
            self._extending[tokens[:k]].discard(i)


def _whole_byline(
    texts: list[tuple[str, LexborNode]],
    named: list[tuple[str, LexborNode]],
    read: Callable[[str], tuple[list[str], list[str]]],
) -> list[tuple[str, LexborNode]] | None:
    """The byline element around the marked-up names when it names them all and more: a
    page may mark up only some of its authors ("By A, B and <span class=name>C</span>")."""
    marked = [m for t, _ in named for m in read(t)[0]]
    marked_keys = {person_key(m) for m in marked}
    named_ids = {n.mem_id for _, n in named}
    for text, node in texts:
        if node.mem_id in named_ids:
            continue
        names = read(text)[0]
        if len(names) <= len(marked) or not any(_inside(n, node) for _, n in named):
            continue
        if marked_keys <= {person_key(name) for name in names}:
            return [(text, node)]
    return None


_NAME_HINT = re.compile(
    r"(?:^|[\s_-])(?:author-?name|byline-?name|name|fn)(?:$|[\s_-])|"
    r"__name",
    re.IGNORECASE,
)


def _hint(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('itemprop') or ''}"


def _publisher_among(reg: Registry, orgs: list[str], site: str | None) -> Publisher | None:
    """The registry publisher a byline names, from the organisations :func:`clean_byline`
    finds in it (an initialism as the publisher writes it, unless no person is named
    without it)."""
    for org in orgs:
        pub = reg.by_name(org)
        if pub is None or pub.generic or (site and normalise_name(site) == normalise_name(org)):
            continue
        return pub
    return None


_INLINE_TAGS = frozenset({"span", "a", "strong", "b", "em", "i", "small", "cite", "address"})


def _logos_beside(
    doc: Document, reg: Registry, site: str | None, node: LexborNode
) -> Iterator[tuple[str, Publisher]]:
    """The registry publishers whose name an image's alt text is, in the byline's line, but
    the site's own. The line is the byline element when it is a block, else the element it
    stands in ("<p><span>By X</span> <img alt=AP></p>"); never wider: the article around a
    byline paragraph holds its photos, credited "AP" too."""
    line = node if node.tag not in _INLINE_TAGS or node.parent is None else node.parent
    for img in line.css("img[alt]"):
        alt = squash_spaces(img.attributes.get("alt") or "").strip()
        if not alt or len(alt) > 60:
            continue
        pub = _publisher_among(reg, [alt], site)
        if pub is not None and not (doc.site_domain and doc.site_domain in pub.domains):
            yield alt, pub


def _link_in(doc: Document, node: LexborNode, domains: tuple[str, ...]) -> str | None:
    scope = node.parent if node.parent is not None and node.tag != "div" else node
    for a in scope.css("a[href]"):
        url = doc.resolve(a.attributes.get("href"))
        if url and registrable_domain(host_of(url)) in domains:
            return url
    return None


def _org_credit(
    doc: Document, reg: Registry, site: str | None, org: str, text: str, node: LexborNode
) -> Credit | None:
    if site and normalise_name(org) in (normalise_name(site), ""):
        return None
    if name_matches_domain(org, doc.site_domain):
        return None  # "USA TODAY" on usatoday.com, where a link may lead to a sister site
    who = identify(reg, name=org)
    if who.publisher_id is None:
        # An unregistered organisation is a credit only when the page links it off-site.
        url = find_link_for_name(doc, org)
        if url is None:
            return None
        who = identify(reg, name=org, url=url)
    if doc.site_domain and who.domain and who.domain == doc.site_domain:
        return None
    pub = reg.get(who.publisher_id) if who.publisher_id else None
    domains = pub.domains if pub is not None else ((who.domain,) if who.domain else ())
    link = _link_in(doc, node, domains) if domains else None
    return Credit(
        signal="byline",
        text=text,
        publisher=who.name,
        domain=who.domain,
        publisher_id=who.publisher_id,
        url=link,
        hyperlink=link is not None,
    )


def reporters_line(doc: Document, strip: tuple[str, ...], extra: tuple[str, ...] = ()) -> list[str]:
    """Names from a wire story's closing "Reporting by A and B; Editing by C" line."""
    if "reporting by" not in doc.body_lower and "writing by" not in doc.body_lower:
        return []
    near = _reporting_line_holders(doc)
    out: list[str] = []
    for node in doc.tree.css("p, div, span, em, i"):
        if near is not None and node.mem_id not in near:
            continue
        text = node.text(deep=True, separator=" ", strip=True)
        if not text:
            continue
        if len(text) > 300:
            # A block that runs on with <br>: its closing line may be the signoff.
            if not runs_on_with_br(node):
                continue
            lines = [line for line, _ in br_lines(node, 300) if REPORTING_BY.match(line)]
            if not lines:
                continue
            text = lines[-1]
        m = REPORTING_BY.match(text)
        if m:
            names, _ = clean_byline(m.group("names"), strip_names=strip, also_strip=extra)
            out = distinct_persons(names)
            if out:
                break
    return out


def _reporting_line_holders(doc: Document) -> set[int] | None:
    """The elements whose text may start a "Reporting by" line (``mem_id``), or None when
    every element may: those holding a text node with "reporting" or "writing" in it, and
    their ancestors. Reading the text of every paragraph and container of a large page reads
    the page once per level of nesting; this is one query.

    A word cannot span two text nodes in an element's text (they are joined with a space).
    The query compares ASCII letters in either case, as REPORTING_BY does, but for the
    dotted and dotless I that the pattern also takes for "i": with those on the page, None."""
    text = doc.body_text
    if "\u0130" in text or "\u0131" in text:
        return None
    holders: set[int] = set()
    for node in doc.tree.css(_REPORTING_WORDS):
        cur: LexborNode | None = node
        while cur is not None and cur.mem_id not in holders:
            holders.add(cur.mem_id)
            cur = cur.parent
    return holders


_REPORTING_WORDS = '*:lexbor-contains("reporting" i), *:lexbor-contains("writing" i)'


def fix_case(names: list[str], references: list[str]) -> list[str]:
    """Use a reference's spelling for names written in capitals ("THOMSON-DEVEAUX")."""
    spellings: dict[str, list[str]] = defaultdict(list)
    for reference in references:
        spellings[person_key(reference)].append(reference)
    out = []
    for name in names:
        better = next((r for r in spellings.get(person_key(name), ()) if r != name), None)
        if better and (better != better.upper()):
            cleaned = person_name(better)
            out.append(cleaned or name)
        else:
            out.append(name)
    return out
