"""Credit lines in the text: republication notices, "Read more"/"Read the original" links,
and the hyperlinks inside them.

A notice names the publisher ("...republished from The Conversation"); the links inside it
give the domain and the original URL. "Read more" teasers (repeated, in sidebars, or pointing
at the site itself) are told apart from a "Read more" that credits the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from attribution.domains import (
    SHORTENERS,
    is_article_url,
    is_public_body,
    is_social_network,
    same_site,
)
from attribution.extract import gate
from attribution.extract.bylines import in_story_card, under_linked_headline
from attribution.extract.document import (
    Document,
    br_lines,
    credit_url,
    credits_a_picture,
    domain_of,
    held_counts,
    runs_on_with_br,
    text_within,
    under_picture,
)
from attribution.extract.identify import Who, identify, name_matches_domain, normalise_name
from attribution.extract.names import clean_byline
from attribution.extract.patterns import (
    LINE_LABEL,
    LINE_NOTICE,
    LINE_WORDS,
    NOT_A_PUBLISHER,
    NOTICE_KEYWORDS,
    NOTICE_PATTERNS,
    NOTICE_PATTERNS_IN_WINDOWS,
    NOTICE_TRIGGER,
    PLAIN_URL,
    READ_MORE_KEYWORDS,
    READ_MORE_PLAIN_URL,
    READ_MORE_TEXT,
    READ_ON_PATTERNS,
    SOURCE_LABEL,
    SOURCE_LABELS,
)
from attribution.extract.spaces import squash_spaces
from attribution.models import Credit, Publisher, SignalKind
from attribution.registry import Registry

_MAX_NOTICE = 700
# "Source: X" under a table, a chart or a widget names where its figures come from, and so
# may "Via X" and "Courtesy of X".
_SOURCE_LABEL = re.compile(r"^\s*" + SOURCE_LABEL + "|" + LINE_LABEL, re.IGNORECASE)
# The credit lines short enough to be a picture's when one stands right above them.
_BARE_LINE = re.compile(LINE_LABEL, re.IGNORECASE)
_READ_MORE_BEFORE_URL = re.compile(
    r"(?:read\s+more|original|source|leer\s+m[áa]s|lire\s+la\s+suite|fuente)\s*[:\-–—]?\s*https?://",
    re.IGNORECASE,
)
# Top-level alternatives, each gated by its own words (gate.alternatives).
_ANCHORED_OPENING = re.compile(
    "|".join(
        (
            r"provided\s+by",
            r"distributed\s+by",
            r"\b(?:article|story|content)\s+courtesy\s+of",
            *SOURCE_LABELS,
        )
    ),
    re.IGNORECASE,
)
_PLAIN_URL_TAGS = frozenset({"p", "div", "span", "li", "em", "small"})


@dataclass(slots=True)
class _Match:
    node: LexborNode
    text: str
    kind: SignalKind
    pub: str
    authors: tuple[str, ...]
    #: The elements that hold the line: ``[node]``, or, for a line of a longer element that
    #: runs on with ``<br>``, the line's own elements.
    elements: list[LexborNode]


# Markdown's emphasis pasted as text: "_This article first appeared on X._", "**Note:**".
_EMPHASIS = re.compile(r"(?:^|(?<=\s))[_*]{1,3}(?=\w)|(?<=[\w.!?:)\]])[_*]{1,3}(?=\s|$)")


def without_emphasis(text: str) -> str:
    """``text`` without the underscores and asterisks of Markdown emphasis around its words
    (an underscore is a word character: "_This" would hide "This" from the notices)."""
    return _EMPHASIS.sub("", text) if "_" in text or "*" in text else text


def _find_notice_nodes(doc: Document, reg: Registry, words: tuple[str, ...]) -> list[_Match]:
    matches: list[_Match] = []
    # A notice is tried as each of its nested elements, and the <em> in the <p> in the <div>
    # often hold the same text: each text is matched once.
    answers: dict[str, _Found | None] = {}
    too_long: set[int] = set()
    for node in doc.blocks_around(words, levels=5):
        if node.tag in ("a", "b", "strong", "script", "style"):
            continue
        known_long = node.mem_id in too_long
        text = text_within(node, _MAX_NOTICE, too_long)
        if text is None and not known_long and runs_on_with_br(node):
            # Too long to be one credit line, but its lines may be: "…<br><br>This story first
            # appeared on X.<br><br>…". Read once, for the innermost such element.
            for raw_line, elements in br_lines(node, _MAX_NOTICE):
                if any(word in raw_line.lower() for word in words):
                    line = without_emphasis(squash_spaces(raw_line))
                    found = _notice(line, reg, answers)
                    if found is not None:
                        kind, pub, authors = found
                        matches.append(_Match(node, line, kind, pub, authors, elements))
            continue
        if not text:
            continue
        text = without_emphasis(squash_spaces(text))
        found = _notice(text, reg, answers)
        if found is not None:
            kind, pub, authors = found
            matches.append(_Match(node, text, kind, pub, authors, [node]))
    # Keep the innermost element of nested matches (the <em> inside the <p> inside the <div>).
    outer = held_counts((m.node for m in matches), cap=1)
    return [m for m in matches if m.node.mem_id not in outer]


def _notice(text: str, reg: Registry, answers: dict[str, _Found | None]) -> _Found | None:
    # The <em> in the <p> in the <div> often hold the same text: each text is matched once.
    if text in answers:
        return answers[text]
    found: _Found | None
    # "Via X" and "Courtesy of X" are the line's whole text: no other notice can be in it.
    line = LINE_NOTICE.match(text)
    if line is not None:
        pub = line.group("pub").strip()
        found = None if NOT_A_PUBLISHER.match(pub) else ("notice", pub, ())
    else:
        folded = gate.fold(text)
        found = (
            _match_folded(text, folded, reg, triggered=True) if _triggered(text, folded) else None
        )
    answers[text] = found
    return found


def _labels_data(node: LexborNode, notice: str) -> bool:
    """Whether ``node`` lies in a table's caption or in a cell of its own: its "Source:" names
    the data's. A cell that holds more than the line is a layout table's, around an article.
    (A figure's caption is a picture's: :func:`credits_a_picture` has left it out already.)"""
    cur: LexborNode | None = node
    while cur is not None and cur.tag not in ("article", "main", "body"):
        if cur.tag == "caption":
            return True
        if cur.tag in ("td", "th"):
            return len(cur.text(deep=True, separator=" ", strip=True)) <= len(notice) + 40
        cur = cur.parent
    return False


_Found = tuple[SignalKind, str, tuple[str, ...]]


# Each pattern runs only when the words it needs are in the text (see gate.py); a list's gates
# are tested in one loop.
_TRIGGER = gate.gated(gate.alternatives(NOTICE_TRIGGER))
_NOTICES = gate.gated(NOTICE_PATTERNS)
_NOTICES_IN_WINDOWS = gate.gated(NOTICE_PATTERNS_IN_WINDOWS)
_READ_ON = gate.gated(READ_ON_PATTERNS)
_OPENING = gate.gated(gate.alternatives(_ANCHORED_OPENING))
_Rules = tuple[
    tuple[Publisher, ...], tuple[gate.Gated, ...], tuple[Publisher, ...], tuple[gate.Gated, ...]
]


def _rules(reg: Registry) -> _Rules:
    """The publishers of the registry's specific and generic credit rules, and their gated
    patterns (built once per registry)."""
    return reg.derived("credit_lines.rules", _build_rules)


def _build_rules(reg: Registry) -> _Rules:
    specific = [(pub, pattern) for pub, pattern in reg.credit_rules if not pub.generic]
    generic = [(pub, pattern) for pub, pattern in reg.credit_rules if pub.generic]
    return (
        tuple(pub for pub, _ in specific),
        gate.gated(pattern for _, pattern in specific),
        tuple(pub for pub, _ in generic),
        gate.gated(pattern for _, pattern in generic),
    )


def _triggered(text: str, folded: str) -> bool:
    """``NOTICE_TRIGGER`` matches somewhere in ``text`` (see gate.matches_anywhere)."""
    return next(gate.matches(_TRIGGER, text, folded), None) is not None


def _match_folded(
    text: str,
    folded: str,
    reg: Registry,
    *,
    triggered: bool = False,
    notices: tuple[gate.Gated, ...] = _NOTICES,
) -> _Found | None:
    """What credit line ``text`` is (``folded`` is ``gate.fold(text)``; ``triggered``: the
    trigger is known to match): one of ``notices`` or a "read on" pattern, else a registry
    rule."""
    if triggered or _triggered(text, folded):
        found = _match_patterns(text, folded, notices)
        if found is not None:
            return found
    # Publisher-specific credit lines from the registry ("KFF Health News is a national
    # newsroom...").
    pubs, entries, _, _ = _rules(reg)
    for index, _m in gate.matches(entries, text, folded):
        return "notice", pubs[index].name, ()
    return None


# "first appeared on Civil Eats's blog": the publisher is Civil Eats.
_POSSESSIVE = re.compile(r"\s*['’]s\s+(?:blog|website|site|page|newsletter|podcast)$", re.I)


def _match_patterns(
    text: str, folded: str, notices: tuple[gate.Gated, ...]
) -> tuple[SignalKind, str, tuple[str, ...]] | None:
    for _, m in gate.matches(notices, text, folded):
        if not NOT_A_PUBLISHER.match(m.group("pub")):
            authors = m.groupdict().get("authors")
            names = tuple(clean_byline(authors)[0]) if authors else ()
            return "notice", _POSSESSIVE.sub("", m.group("pub").strip()), names
    for _, m in gate.matches(_READ_ON, text, folded):
        if not NOT_A_PUBLISHER.match(m.group("pub")):
            return "read_more", m.group("pub").strip(), ()
    return None


def _generic_terms(reg: Registry, text: str) -> str | None:
    """The id of a generic entry (the Republication Tracker Tool) whose credit line this is."""
    _, _, pubs, entries = _rules(reg)
    for index, _m in gate.matches(entries, text, gate.fold(text)):
        return pubs[index].id
    return None


def _worth_a_closer_look(window: str, reg: Registry) -> bool:
    # A window is cut anywhere: the notices that open a line or a sentence are tried as if
    # they could open at any word (NOTICE_PATTERNS_IN_WINDOWS), and for those anchored at the
    # start of an element alone ("Provided by", "Source:"), their opening words are enough.
    window = without_emphasis(window)
    folded = gate.fold(window)
    return (
        next(gate.matches(_OPENING, window, folded), None) is not None
        or _match_folded(window, folded, reg, notices=_NOTICES_IN_WINDOWS) is not None
    )


def _links_in(doc: Document, elements: list[LexborNode]) -> list[tuple[str, str]]:
    """``(url, text)`` of the links in ``elements``, the elements that are links included."""
    out = []
    for node in elements:
        anchors = node.css("a[href]")
        if node.tag == "a":
            anchors.append(node)
        for a in anchors:
            url = doc.resolve(a.attributes.get("href"))
            if url:
                out.append((url, a.text(deep=True, separator=" ", strip=True)))
    return out


def _pick_publisher(
    doc: Document, reg: Registry, pub_text: str, links: list[tuple[str, str]]
) -> tuple[Who, list[tuple[str, str]]]:
    """The publisher a notice credits and the links that point to it."""
    foreign = [(u, t) for u, t in links if not doc.is_own(u)]
    named = reg.by_name(pub_text)
    # A link whose text is the publisher's name, else one on the named publisher's domain, else
    # one whose domain matches the name, else the first off-site link.
    chosen: str | None = None
    for url, text in foreign:
        if text and normalise_name(text) == normalise_name(pub_text):
            chosen = url
            break
    if chosen is None and named is not None:
        chosen = next((u for u, _ in foreign if reg.by_domain(domain_of(u)) is named), None)
    if chosen is None:
        chosen = next((u for u, _ in foreign if name_matches_domain(pub_text, domain_of(u))), None)
    if chosen is None and named is None and foreign:
        chosen = foreign[0][0]
    who = identify(reg, name=pub_text, url=chosen)
    known = reg.get(who.publisher_id) if who.publisher_id else named
    # A shortened link in the notice's own line is its link to the original: where it leads
    # is unknown without following it, but the reader has a link (the terms' "link" is given;
    # the original's URL is not read from it).
    related = [
        (u, t)
        for u, t in foreign
        if (known is not None and reg.by_domain(domain_of(u)) is known)
        or (who.domain is not None and same_site(domain_of(u), who.domain))
        or domain_of(u) in SHORTENERS
    ]
    return who, related


def _best_article_url(urls: list[str]) -> str | None:
    articles = [u for u in urls if is_article_url(u)]
    return articles[0] if articles else None


def credit_lines(doc: Document, reg: Registry, site: str | None) -> list[Credit]:
    """Notices and "read the full article on X" lines, with their links."""
    words = doc.confirmed_keywords(
        NOTICE_KEYWORDS, lambda window: _worth_a_closer_look(window, reg)
    )
    # "Via X" and "Courtesy of X" are lines of their own (LINE_WORDS).
    words += tuple(
        dict.fromkeys(low for cased, low in LINE_WORDS if doc.contains(cased, case_sensitive=True))
    )
    if not words:
        return []
    credits: list[Credit] = []
    for m in _find_notice_nodes(doc, reg, words):
        links = _links_in(doc, m.elements)
        who, related = _pick_publisher(doc, reg, m.pub, links)
        if site and normalise_name(m.pub) == normalise_name(site) and not who.domain:
            continue
        if who.domain and doc.site_domain and same_site(who.domain, doc.site_domain):
            continue
        if doc.in_republish_box(m.node) and (
            who.domain is None or doc.is_own(f"https://{who.domain}/")
        ):
            continue
        if who.publisher_id is None and not who.domain:
            # An unnamed, unlinked source ("Source: staff") cannot be resolved to a publisher.
            continue
        if who.publisher_id is None and is_social_network(who.domain):
            # "The post … appeared first on Facebook": a post's, not a licensed article's.
            continue
        if doc.in_chrome(m.node) and (
            not related or under_linked_headline(m.node) or doc.in_comments(m.node)
        ):
            # In site chrome only a credit box that links the original counts, not a teaser
            # card's excerpt (which in_story_card below cannot tell without the page's URL),
            # nor what a reader wrote in the comments.
            continue
        if in_story_card(doc, m.node):
            # A card on a page listing stories: its excerpt's notice is the teased story's.
            continue
        if credits_a_picture(m.node, m.text) or (
            _BARE_LINE.match(m.text) and under_picture(m.node, m.text)
        ):
            # "Photo used with permission of X", "(via Reuters)" or "Courtesy of Reuters"
            # under a photo: the picture's, not the article's.
            continue
        if _SOURCE_LABEL.match(m.text) and (
            _labels_data(m.node, m.text)
            # "Source: U.S. Census Bureau": a public body's figures or statement.
            or is_public_body(who.domain)
            # A widget's source links a homepage; an article's credit box links the article.
            or (doc.in_chrome(m.node) and not any(is_article_url(u) for u, _ in related))
        ):
            continue
        plain = [u for u in (credit_url(x, None) for x in PLAIN_URL.findall(m.text)) if u]
        plain = [u for u in plain if who.domain and same_site(domain_of(u), who.domain)]
        url = _best_article_url([u for u, _ in related]) or _best_article_url(plain)
        credits.append(
            Credit(
                signal=m.kind,
                text=m.text,
                publisher=who.name,
                domain=who.domain,
                url=url,
                publisher_id=who.publisher_id or _generic_terms(reg, m.text),
                hyperlink=bool(related),
                names_authors=m.authors,
                author=", ".join(m.authors) or None,
            )
        )
        for link, text in related:
            credits.append(
                Credit(
                    signal="original_link",
                    text=text or link,
                    publisher=who.name,
                    domain=who.domain,
                    url=link,
                    publisher_id=who.publisher_id,
                    hyperlink=True,
                )
            )
    return credits


def read_more_links(doc: Document, reg: Registry, known_domains: set[str]) -> list[Credit]:
    """ "Read more"/"Read the original" links and lines that credit another publisher.

    A teaser is told apart by where it sits (sidebar, list of teasers), where it points (the
    site itself) and what it points at (an unknown site no other signal mentions).
    """
    credits: list[Credit] = []
    teasers: dict[int, int] | None = None
    for a in doc.anchors_with_text(READ_MORE_KEYWORDS):
        if not READ_MORE_TEXT.match(a.text or "") or a.in_chrome or doc.is_own(a.url):
            continue
        if doc.in_republish_box(a.node):
            continue
        if teasers is None:
            teasers = _read_more_counts(doc)
        if _in_teaser_list(teasers, a.node):
            continue
        who = identify(reg, url=a.url)
        if who.publisher_id is None and who.domain not in known_domains:
            continue
        signals: tuple[SignalKind, ...] = ("read_more", "original_link")
        for signal in signals:
            credits.append(
                Credit(
                    signal=signal,
                    text=_context_text(a.node) if signal == "read_more" else a.text,
                    publisher=who.name,
                    domain=who.domain,
                    url=a.url,
                    publisher_id=who.publisher_id,
                    hyperlink=True,
                )
            )
    plain = doc.confirmed_keywords(
        ("http://", "https://"), lambda w: _READ_MORE_BEFORE_URL.search(w) is not None, radius=60
    )
    too_long: set[int] = set()
    for text, elements in _plain_url_lines(doc, plain, too_long):
        m = READ_MORE_PLAIN_URL.match(text)
        if not m:
            continue
        url = credit_url(m.group("url"), None)
        if not url or doc.is_own(url):
            continue
        hyper = any(u == url for u, _ in _links_in(doc, elements))
        if hyper and any(c.url == url for c in credits):
            continue
        who = identify(reg, url=url)
        credits.append(
            Credit(
                signal="read_more",
                text=squash_spaces(text),
                publisher=who.name,
                domain=who.domain,
                url=url,
                publisher_id=who.publisher_id,
                hyperlink=hyper,
            )
        )
        if hyper:
            credits.append(
                Credit(
                    signal="original_link",
                    text=url,
                    publisher=who.name,
                    domain=who.domain,
                    url=url,
                    publisher_id=who.publisher_id,
                    hyperlink=True,
                )
            )
        break
    return credits


def _plain_url_lines(
    doc: Document, plain: tuple[str, ...], too_long: set[int]
) -> Iterator[tuple[str, list[LexborNode]]]:
    """The short text blocks around a printed URL, and the elements they hold: the block's
    own, or, in a longer block that runs on with ``<br>``, its lines."""
    for node in doc.blocks_outside_chrome(plain, levels=2):
        if node.tag not in _PLAIN_URL_TAGS:
            continue
        known_long = node.mem_id in too_long
        text = text_within(node, 400, too_long)
        if text:
            yield text, [node]
        elif text is None and not known_long and runs_on_with_br(node):
            for line, elements in br_lines(node, 400):
                if "http" in line:
                    yield line, elements


def _read_more_counts(doc: Document) -> dict[int, int]:
    """How many "Read more" links (``<a href>`` whose text READ_MORE_TEXT matches) each
    element holds, up to two: counted once a page, for every link the teaser test asks about."""
    links = (
        a
        for a in doc.tree.css("a[href]")
        if READ_MORE_TEXT.match(a.text(deep=True, separator=" ", strip=True) or "")
    )
    return held_counts(links, cap=2)


def _in_teaser_list(teasers: dict[int, int], node: LexborNode) -> bool:
    # Teasers come in series: an ancestor a few levels up holds several "Read more" links.
    # The page's body is no series: on a short page it holds the article's credit and a
    # sidebar's teaser alike.
    cur = node.parent
    for _ in range(4):
        if cur is None or cur.tag in ("body", "html"):
            return False
        if teasers.get(cur.mem_id, 0) >= 2:
            return True
        cur = cur.parent
    return False


def _context_text(node: LexborNode) -> str:
    parent = node.parent
    text = parent.text(deep=True, separator=" ", strip=True) if parent is not None else ""
    if not text or len(text) > 300:
        text = node.text(deep=True, separator=" ", strip=True)
    return squash_spaces(text)
