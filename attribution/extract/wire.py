"""Wire-service credits: datelines ("WASHINGTON (AP) —") and copyright lines.

Only the article's own text counts: an AP copyright line in a site-wide footer or a photo
caption is boilerplate, not a credit.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from selectolax.lexbor import LexborNode

from attribution.extract import gate
from attribution.extract.bylines import in_story_card
from attribution.extract.document import (
    Document,
    credits_a_picture,
    domain_of,
    in_content,
    text_within,
    under_picture,
)
from attribution.extract.identify import (
    find_link_for_name,
    identify,
    name_matches_domain,
    normalise_name,
)
from attribution.extract.names import CORPORATE_ENDS
from attribution.extract.patterns import COPYRIGHT_LINE, wire_code_patterns
from attribution.extract.spaces import squash_spaces
from attribution.models import Credit, Publisher
from attribution.registry import Registry

_PARAGRAPHS = "p, div.article-body > div, [itemprop='articleBody'] > div"
_COPYRIGHT_WORDS = ("©", "copyright", "(c)")
_COPYRIGHT_TAGS = frozenset({"p", "small", "span", "div", "em", "i", "footer", "li"})
_CAPTION = re.compile(r"caption|credit|photo|image|media|figure", re.IGNORECASE)


def _body_paragraphs(doc: Document) -> list[tuple[str, int, LexborNode]]:
    """Article paragraphs as (text, position among its siblings paragraphs, element)."""
    out: list[tuple[str, int, LexborNode]] = []
    body = doc.tree.body
    if body is None:
        return out
    position: dict[int, int] = {}
    for node in body.css(_PARAGRAPHS):
        parent = node.parent
        if parent is None or parent.tag == "figcaption":
            continue
        attrs = node.attributes
        if _CAPTION.search(attrs.get("class") or ""):
            continue
        text = node.text(deep=True, separator=" ", strip=True)
        if not text or len(text) < 30 or doc.in_chrome(node):
            continue
        index = position.get(parent.mem_id, 0)
        position[parent.mem_id] = index + 1
        out.append((squash_spaces(text), index, node))
    return out


_HOLDER_CONNECTORS = frozenset(
    {"of", "and", "for", "the", "de", "du", "des", "der", "die", "das", "und", "y", "e", "la",
     "le", "les", "el", "für", "&"}
)  # fmt: skip


def _holder_name(text: str) -> str:
    """The copyright holder's name without what a caption or a credit joined to it: "UC Global
    UC Global photo of ..." is "UC Global", "Business Insider Inc Nintendo/Apple" is "Business
    Insider Inc". The name ends at a company suffix, before a lower-case word that joins no
    name, or before a token with a slash; a name said twice is said once."""
    kept: list[str] = []
    for token in text.strip(" ,").split():
        bare = token.strip(".,").replace(".", "")
        if "/" in token or (
            kept and token[:1].islower() and token.casefold() not in _HOLDER_CONNECTORS
        ):
            break
        kept.append(token)
        if bare.casefold() in CORPORATE_ENDS and len(kept) > 1:
            break
    half = len(kept) // 2
    if half and len(kept) % 2 == 0 and kept[:half] == kept[half:]:
        kept = kept[:half]
    while kept and kept[-1].casefold() in _HOLDER_CONNECTORS:
        kept.pop()
    return " ".join(kept).strip(" ,")


def _names_site(text_low: str, site_domain: str | None, site: str | None) -> bool:
    """Whether lower-case ``text_low`` names the page's own site, by its domain's first label
    (four letters or more, as a word) or by its name."""
    label = site_domain.split(".")[0] if site_domain else ""
    if len(label) >= 4 and re.search(rf"\b{re.escape(label)}\b", text_low):
        return True
    return site is not None and len(site) >= 4 and site.lower() in text_low


def _wire_patterns(
    reg: Registry,
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]] | None:
    # The registry's wire codes, so that a user's own wire entry is read in datelines too.
    return reg.derived(
        "wire.codes", lambda r: wire_code_patterns(c for pub in r for c in pub.wire_codes)
    )


def datelines(doc: Document, reg: Registry) -> list[Credit]:
    """A wire code in the dateline that opens a story, or closing a short item."""
    patterns = _wire_patterns(reg)
    if patterns is None:
        return []
    any_code, dateline, end_tag = patterns
    if not any_code.search(doc.body_text):
        return []
    paragraphs = _body_paragraphs(doc)
    # A front page listing wire stories opens each card's excerpt with the wire's dateline.
    for text, index, node in paragraphs:
        if index > 2:
            continue
        m = dateline.match(text)
        if m:
            pub = reg.by_wire_code(m.group("code"))
            if pub is not None and _spells_out(text[: m.start("code")], pub):
                continue  # "told The Associated Press (AP) Tuesday": the code is defined
            if pub is not None and doc.site_domain not in pub.domains:
                if in_story_card(doc, node):
                    continue
                end = min(len(text), m.end() + 60)
                return [_credit(pub.name, pub.domain, pub.id, text[:end].strip(), "dateline")]
    for text, _, node in paragraphs:
        m = end_tag.search(text)
        if m:
            pub = reg.by_wire_code(m.group("code"))
            if pub is not None and doc.site_domain not in pub.domains:
                if in_story_card(doc, node):
                    continue
                return [_credit(pub.name, pub.domain, pub.id, text[-80:].strip(), "dateline")]
    return []


# Elements a story's sign-off stands in; a quotation's ("— Reuters" under a quote) is not one.
_SIGNOFF_TAGS = frozenset({"p", "div", "span", "em", "i", "strong", "b", "small"})
_QUOTED = frozenset({"blockquote", "q", "figure", "figcaption", "cite"})


_DASHES = ("—", "–", "-")


@dataclass(frozen=True, slots=True)
class _Signoffs:
    """What finds a registry's wires' sign-offs, built once per registry."""

    #: A dash and a name as written ("—Reuters", "- AFP"), for the one pass over the text.
    words: tuple[str, ...]
    word_set: frozenset[str]
    #: A dash and a name anywhere in a text, one pattern per dash: each opens with its dash as
    #: a literal, which the regex engine skips to quickly, where a class of dashes is tried at
    #: every character (22 ms a pass over the real pages, against 4).
    anywhere: tuple[re.Pattern[str], ...]
    #: A line that is only a sign-off.
    line: re.Pattern[str]
    names: dict[str, Publisher]


def _signoffs(reg: Registry) -> _Signoffs | None:
    def build(r: Registry) -> _Signoffs | None:
        names: dict[str, Publisher] = {}
        for pub in r:
            if pub.kind == "wire":
                for name in (pub.name, *pub.aliases, *pub.wire_codes):
                    names.setdefault(name, pub)
        if not names:
            return None
        words = tuple(sorted({f"{d}{s}{n}" for n in names for d in _DASHES for s in ("", " ")}))
        # Names as the wire writes them (case matters: "AP", not "ap"), longest first.
        alternation = "|".join(re.escape(n) for n in sorted(names, key=lambda n: (-len(n), n)))
        # The names' first letters, looked ahead for before the names are tried one by one:
        # most dashes in a text join words or open a lower-case clause.
        first = re.escape("".join(sorted({n[0] for n in names})))
        return _Signoffs(
            words=words,
            word_set=frozenset(words),
            anywhere=tuple(
                re.compile(rf"{dash}\s*-?\s*(?=[{first}])(?P<name>{alternation})\b")
                for dash in _DASHES
            ),
            line=re.compile(rf"\s*[-—–]{{1,2}}\s*(?P<name>{alternation})\s*\.?\s*$"),
            names=names,
        )

    return reg.derived("wire.signoffs", build)


def signoff_words(reg: Registry) -> tuple[str, ...]:
    """A dash and a wire's name, as a sign-off writes them ("—Reuters", "- AFP"): words for the
    one pass over the page's text (:attr:`Document.words_cased`)."""
    found = _signoffs(reg)
    return found.words if found is not None else ()


def signoffs(doc: Document, reg: Registry) -> list[Credit]:
    """A story signed off with its wire's name on a line of its own ("— Reuters", "-- AFP"),
    as sites that copy wire stories end them."""
    found = _signoffs(reg)
    if found is None or not doc.words_found(found.word_set):
        return []  # no wire's name after a dash (the one pass over the text tells)
    text = doc.body_text
    hits = {m.group("name") for pattern in found.anywhere for m in pattern.finditer(text)}
    if not hits:
        return []
    too_long: set[int] = set()
    for node in doc.blocks_outside_chrome(tuple(sorted(hits)), levels=2, case_sensitive=True):
        if node.tag not in _SIGNOFF_TAGS:
            continue
        line = text_within(node, 40, too_long)
        m = found.line.match(line) if line else None
        if line is None or m is None:
            continue
        pub = found.names[m.group("name")]
        if doc.site_domain in pub.domains or _quoted(node) or in_story_card(doc, node):
            continue
        return [_credit(pub.name, pub.domain, pub.id, line.strip(), "dateline")]
    return []


def _quoted(node: LexborNode) -> bool:
    cur: LexborNode | None = node
    for _ in range(4):
        if cur is None:
            return False
        if cur.tag in _QUOTED:
            return True
        cur = cur.parent
    return False


def _spells_out(before: str, pub: Publisher) -> bool:
    """Whether the text before a wire code in parentheses names the wire in full: the code
    then abbreviates the name ("Agence France-Presse (AFP) said"), no dateline closes there."""
    folded = before.casefold()
    return any(len(name) > 4 and name.casefold() in folded for name in (pub.name, *pub.aliases))


def copyright_lines(doc: Document, reg: Registry, site: str | None) -> list[Credit]:
    """Copyright lines in the article naming another publisher."""
    # The document's remembered answers: lowering the whole body text again costs a pass.
    if not (
        doc.contains("©", case_sensitive=True) or doc.contains("copyright") or doc.contains("(c)")
    ):
        return []
    credits: list[Credit] = []
    seen: set[str] = set()
    body = doc.tree.body
    if body is None:
        return credits
    site_key = normalise_name(site) if site else ""

    rules = _gated_rules(reg)

    def worth_a_look(window: str) -> bool:
        # Most pages carry their own "© 2026 Site" footer: look closer only at other holders.
        if next(gate.matches(rules, window, gate.fold(window)), None) is not None:
            return True
        for m in COPYRIGHT_LINE.finditer(window):
            key = normalise_name(m.group("holder"))
            if (
                len(key) >= 3
                and key != site_key
                and not (
                    doc.site_domain and name_matches_domain(m.group("holder"), doc.site_domain)
                )
            ):
                return True
        return False

    words = doc.confirmed_keywords(_COPYRIGHT_WORDS, worth_a_look, radius=120)
    too_long: set[int] = set()
    # On a page that marks its content up, a line outside it is the site's: "Some content
    # © The Associated Press" in a legal footer that no <footer> tag announces.
    contained = doc.has_content_container
    for node in doc.blocks_outside_chrome(words, levels=3):
        if node.tag not in _COPYRIGHT_TAGS or (contained and not in_content(node)):
            continue
        node_text = text_within(node, 400, too_long)
        if not node_text:
            continue
        node_low = node_text.lower()
        if "©" not in node_text and "copyright" not in node_low and "(c)" not in node_low:
            continue
        # "Image credit: © AFP", or "© AFP" set under a photo: the photo's. A portal's "©
        # Provided by X" under its photos names the provider of the whole story.
        if "provided by" not in node_low and (
            credits_a_picture(node, node_text) or under_picture(node, node_text)
        ):
            continue
        folded = gate.fold(node_text)
        # "© dpa/Spektrum.de": a line that shares the copyright with the site itself is a
        # co-production or a graphic's credit, not a licensed copy's; "Some content ©
        # The Associated Press" speaks of all the site's pages.
        shared = _names_site(node_low, doc.site_domain, site) or _SITE_WIDE.search(node_low)
        # A line in a card for another story (a front page listing wire stories) is the
        # teaser's; asked only of a line that would credit someone (the test reads headings).
        card: bool | None = None
        for pub, pattern in () if shared else reg.copyright_rules:
            if pub.id in seen or doc.site_domain in pub.domains:
                continue
            if gate.search(pattern, node_text, folded):
                card = in_story_card(doc, node) if card is None else card
                if card or _in_feed_box(doc, node, pub.domains, too_long):
                    break
                seen.add(pub.id)
                credits.append(_credit(pub.name, pub.domain, pub.id, node_text, "copyright"))
        m = COPYRIGHT_LINE.search(node_text)
        if m:
            holder = _holder_name(m.group("holder"))
            key = normalise_name(holder)
            if not key or (site and key in (normalise_name(site),)) or len(key) < 3:
                continue
            if doc.site_domain and name_matches_domain(holder, doc.site_domain):
                # The site's own copyright, its name spelled out ("© 2024 Simon Sarris" on
                # simonsarris.substack.com), as worth_a_look above passes it over.
                continue
            who = identify(reg, name=holder)
            if who.publisher_id is None:
                url = find_link_for_name(doc, holder)
                if not url and "provided by" not in node_low:
                    continue
                who = identify(reg, name=holder, url=url)
            # The element and the one around it often hold the same line: one credit a holder.
            holder_key = who.publisher_id or f"{who.name}|{who.domain}"
            if holder_key in seen:
                continue
            if who.domain and doc.site_domain and who.domain == doc.site_domain:
                continue
            if card if card is not None else in_story_card(doc, node):
                continue
            if who.domain and _in_feed_box(doc, node, (who.domain,), too_long):
                continue
            seen.add(holder_key)
            credits.append(_credit(who.name, who.domain, who.publisher_id, node_text, "copyright"))
    return credits


# A site's footer about all its pages: "Some content © The Associated Press", "Portions
# copyright Reuters".
_SITE_WIDE = re.compile(
    r"\b(?:some|selected|certain|portions\s+of(?:\s+the)?)\s+(?:content|material|stories|"
    r"articles|images|photos|photographs)\b|\bportions\s+(?:©|copyright|\(c\))"
)


def _in_feed_box(
    doc: Document, node: LexborNode, domains: Collection[str], too_long: set[int]
) -> bool:
    """Whether a copyright line closes a box of the holder's own headlines (a "More from AP"
    feed beside the article, its wire's line under the links): the line's element or one of
    the three around it, short, below the article's container, with two or more links to the
    holder's sites."""
    cur: LexborNode | None = node
    for _ in range(4):
        if cur is None or cur.tag in ("article", "main", "body", "html"):
            return False
        if text_within(cur, _FEED_BOX_TEXT, too_long) is None:
            return False
        own = 0
        for a in cur.css("a[href]"):
            url = doc.resolve(a.attributes.get("href"))
            if url and domain_of(url) in domains:
                own += 1
                if own >= 2:
                    return True
        cur = cur.parent
    return False


# A feed box is a list of headlines: an element with more text than this is an article's part.
_FEED_BOX_TEXT = 600


def _gated_rules(reg: Registry) -> tuple[gate.Gated, ...]:
    return reg.derived(
        "wire.copyright_rules", lambda r: gate.gated(pattern for _, pattern in r.copyright_rules)
    )


def _credit(
    name: str | None, domain: str | None, pid: str | None, text: str, signal: str
) -> Credit:
    return Credit(
        signal="dateline" if signal == "dateline" else "copyright",
        text=text,
        publisher=name,
        domain=domain,
        publisher_id=pid,
    )
