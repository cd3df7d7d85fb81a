"""The licence the page states for the article: ``rel=license``, CC links, JSON-LD, text."""

from __future__ import annotations

import re

from attribution.extract.document import Document, credits_a_picture, text_within
from attribution.extract.patterns import CC_NAME, CC_URL
from attribution.extract.spaces import squash_spaces
from attribution.models import Credit

_LICENCE_WORDS = ("creative commons", "cc by", "cc-by")
_LONG = {
    "attribution": "BY",
    "attribution noncommercial": "BY-NC",
    "attribution noderivatives": "BY-ND",
    "attribution noderivs": "BY-ND",
    "attribution noncommercial noderivatives": "BY-NC-ND",
    "attribution noncommercial noderivs": "BY-NC-ND",
    "attribution sharealike": "BY-SA",
    "attribution noncommercial sharealike": "BY-NC-SA",
}


def licence_from_url(url: str) -> str | None:
    """ "https://creativecommons.org/licenses/by-nd/4.0/" -> "CC BY-ND 4.0"."""
    m = CC_URL.search(url)
    if not m:
        return None
    if m.group("pd"):
        return f"CC0 {m.group('pdver')}" if m.group("pd").lower() == "zero" else "Public Domain"
    return f"CC {m.group('kind').upper()} {m.group('ver')}"


def licence_from_text(text: str) -> str | None:
    """A CC licence named in text ("CC BY-ND 4.0", "Creative Commons Attribution-NoDerivatives
    4.0") or "Creative Commons" when the text names none in particular."""
    m = CC_NAME.search(text)
    if not m:
        return None
    if m.group("abbr"):
        ver = m.group("aver")
        return f"CC {m.group('abbr').upper()}" + (f" {ver}" if ver else "")
    if m.group("long"):
        key = re.sub(r"[\s-]+", " ", m.group("long").lower()).replace(
            "non commercial", "noncommercial"
        )
        key = key.replace("no derivatives", "noderivatives").replace("no derivs", "noderivs")
        key = key.replace("share alike", "sharealike").replace("derivative ", "derivatives ")
        code = _LONG.get(key.strip())
        if code:
            ver = m.group("lver")
            return f"CC {code}" + (f" {ver}" if ver else "")
    return "Creative Commons"


def licence_credits(doc: Document, notices: list[Credit], jsonld_value: str | None) -> list[Credit]:
    """Licence statements, most specific first: rel=license, CC links, JSON-LD, notice text."""
    credits: list[Credit] = []
    seen: set[str] = set()

    def add(licence: str | None, text: str, url: str | None = None) -> None:
        if licence and licence not in seen:
            seen.add(licence)
            credits.append(Credit(signal="license", text=text, url=url, value=licence))

    for url, node in doc.rel_links("license"):
        if not doc.in_republish_box(node) and not credits_a_picture(node):
            add(licence_from_url(url) or "Creative Commons", f'rel="license" href="{url}"', url)
    cc_nodes = (
        doc.tree.css('a[href*="creativecommons.org" i]')
        if doc.html_has("creativecommons.org")
        else []
    )
    for node in cc_nodes:
        cc_url = doc.resolve(node.attributes.get("href"))
        if not cc_url or doc.in_republish_box(node) or doc.in_chrome(node):
            continue
        if credits_a_picture(node):
            continue
        lic = licence_from_url(cc_url)
        if lic:
            add(lic, node.text(deep=True, separator=" ", strip=True) or cc_url, cc_url)
    if jsonld_value:
        add(
            licence_from_url(jsonld_value) or licence_from_text(jsonld_value),
            f'"license": "{jsonld_value}"',
            jsonld_value if "//" in jsonld_value else None,
        )
    for key in ("license", "dc.rights", "dcterms.license", "dc.license", "copyright"):
        for value in doc.meta_values(key):
            lic = licence_from_url(value) or (
                licence_from_text(value)
                if "creative commons" in value.lower() or re.search(r"\bCC[\s-]?BY", value)
                else None
            )
            add(lic, f'<meta name="{key}" content="{value}">')
    body = doc.tree.body
    if body is not None and doc.has_any(_LICENCE_WORDS):
        too_long: set[int] = set()
        blocks = [
            (node, text)
            for node in doc.blocks_outside_chrome(_LICENCE_WORDS, levels=3)
            if (text := text_within(node, 400, too_long))
        ]
        # A block around a picture's credit (the article of a short page) holds the credit's
        # text too: that part is the picture's.
        pictures: set[int] = set()
        around: dict[int, list[str]] = {}
        for node, text in blocks:
            if credits_a_picture(node, text):
                pictures.add(node.mem_id)
                ancestor = node.parent
                for _ in range(4):
                    if ancestor is None:
                        break
                    around.setdefault(ancestor.mem_id, []).append(text)
                    ancestor = ancestor.parent
        for node, whole in blocks:
            if node.mem_id in pictures:
                continue
            text = whole
            for part in sorted(around.get(node.mem_id, ()), key=len, reverse=True):
                text = text.replace(part, " ")
            lic = licence_from_text(text)
            if lic and lic != "Creative Commons":
                add(lic, squash_spaces(text))
    for notice in notices:
        if notice.signal in ("notice", "read_more"):
            lic = (
                licence_from_text(notice.text)
                if re.search(r"creative\s+commons|\bCC[\s-]BY", notice.text, re.I)
                else None
            )
            add(lic, notice.text)
    return credits


def best_licence(credits: list[Credit]) -> str | None:
    """The most specific licence among the credits ("CC BY-ND 4.0" over "Creative Commons")."""
    names = [c.value for c in credits if c.signal == "license" and c.value]
    for name in names:
        if name != "Creative Commons" and re.search(r"\d\.\d", name):
            return name
    for name in names:
        if name != "Creative Commons":
            return name
    return names[0] if names else None
