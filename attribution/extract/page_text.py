"""From a page's bytes to the text the parser reads: decoding in browser order (byte-order
mark, HTTP header, ``<meta charset>``, detection), the size cap, and the guard against nesting
so deep that parsing would take quadratic time."""

from __future__ import annotations

import re

from w3lib.encoding import html_to_unicode, read_bom

from attribution.errors import DecodeError

#: Pages are read up to this many bytes; the rest is cut with a warning (50 MB pages exist).
MAX_HTML_BYTES = 10 * 1024 * 1024


def detect_encoding(body: bytes) -> str | None:
    """The encoding of a page that declares none: UTF-8 when the whole body decodes cleanly (a
    late accented byte after a long ASCII head counts too), else the web's default legacy
    encoding, windows-1252."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut by the size cap is still UTF-8.
        if exc.start < len(body) - 4:
            return "cp1252"
    return "utf-8"


def decode_undeclared(content_type: str | None, data: bytes) -> tuple[str, str]:
    """``(encoding, text)`` of a page whose declared charset is unusable: the HTTP header's
    when only the ``<meta>`` one is at fault, else the byte-order mark's, else detection's."""
    if content_type:
        try:
            return html_to_unicode(None, data, auto_detect_fun=detect_encoding)
        except LookupError:
            pass
    bom_encoding, bom = read_bom(data)
    if bom_encoding is not None and bom is not None:
        return bom_encoding, data[len(bom) :].decode(bom_encoding, "replace")
    encoding = detect_encoding(data) or "utf-8"
    return encoding, data.decode(encoding, "replace")


def decode_html(
    data: bytes | str, *, content_type: str | None = None, source: str = "<input>"
) -> tuple[str, str, list[str]]:
    """Bytes to text in browser order: BOM, HTTP header, ``<meta charset>``, detection.

    Returns ``(text, encoding, warnings)``. Raises :class:`DecodeError` for empty or binary input.
    """
    warnings: list[str] = []
    if isinstance(data, str):
        text, encoding = data, "utf-8"
        if len(text) > MAX_HTML_BYTES:
            warnings.append(f"page larger than {MAX_HTML_BYTES} characters: read the first part")
            text = text[:MAX_HTML_BYTES]
    else:
        if len(data) > MAX_HTML_BYTES:
            warnings.append(
                f"page is larger than {MAX_HTML_BYTES} bytes: read the first "
                f"{MAX_HTML_BYTES} bytes only"
            )
            data = data[:MAX_HTML_BYTES]
        head = data[:1024]
        if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
            raise DecodeError("not an HTML document (binary data)", source=source)
        try:
            encoding, text = html_to_unicode(content_type, data, auto_detect_fun=detect_encoding)
        except LookupError:
            # A declared charset that names a codec but no text encoding ("uu", "base64",
            # "zip"): no browser knows such a label, so the declaration is passed over.
            warnings.append("the declared charset names no text encoding: ignored")
            encoding, text = decode_undeclared(content_type, data)
        # latin-1 is read as windows-1252, as browsers do (w3lib already maps the declared name).
    # isspace stops at the first other character; strip would copy the whole page.
    if not text or text.isspace():
        raise DecodeError("empty document", source=source)
    if "\x00" in text[:1024]:
        raise DecodeError("not an HTML document (binary data)", source=source)
    return text, encoding, warnings


#: Elements nested deeper than this are flattened, as browsers cap DOM depth (Chromium: 512):
#: the parser's work grows with the square of the depth.
MAX_NESTING = 512
# Only pages with this many tags can nest that deep; the depth scan is skipped on the rest.
MANY_TAGS = 40_000
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


def limit_nesting(html: str, max_depth: int) -> tuple[str, int]:
    """``html`` with the tags beyond ``max_depth`` levels of nesting removed (their text
    stays), and how many tags were removed."""
    depth = 0
    pieces: list[str] = []
    last = 0
    dropped = 0
    for m in _TAG.finditer(html):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID or self_closing:
            continue
        if closing:
            drop = depth > max_depth
            depth = max(depth - 1, 0)
        else:
            depth += 1
            drop = depth > max_depth
        if drop:
            pieces.append(html[last : m.start()])
            last = m.end()
            dropped += 1
    if not dropped:
        return html, 0
    pieces.append(html[last:])
    return "".join(pieces), dropped


def many_tags(page: bytes | str) -> bool:
    """Whether ``page`` holds more than :data:`MANY_TAGS` "<" (only such a page can nest
    deep enough to need :func:`limit_nesting`)."""
    # Every tag takes three characters at least: a shorter page has too few. In the bytes,
    # cutting out every "<" (a memchr-driven copy) is quicker than counting them.
    if len(page) <= 3 * MANY_TAGS:
        return False
    if isinstance(page, bytes):
        return len(page) - len(page.replace(b"<", b"")) > MANY_TAGS
    return page.count("<") > MANY_TAGS


def same_utf8(data: bytes | str, text: str, encoding: str) -> bytes | None:
    """``data`` without its byte-order mark when it is exactly ``text`` in UTF-8, else None.

    That holds when the bytes were read as UTF-8 whole and nothing was replaced (no U+FFFD in
    the text). Pure-ASCII text is left to the parser: encoding it is a plain copy."""
    if (
        not isinstance(data, bytes)
        or encoding != "utf-8"
        or len(data) > MAX_HTML_BYTES
        or text.isascii()
        or "\ufffd" in text
    ):
        return None
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


def plain_spaces(text: str, data: bytes | None) -> tuple[str, bytes | None]:
    """``text`` (and ``data``, the same page in UTF-8, when given) with no-break spaces as
    plain spaces: "Read&nbsp;more", "By&nbsp;Jane&nbsp;Porter", "WASHINGTON&nbsp;(AP)" read as
    their words, in the tree's text as in the markup. Nothing a credit says hangs on a space
    not breaking a line."""
    if "\xa0" not in text and "&nbsp;" not in text and "&#160;" not in text:
        return text, data
    text = text.replace("\xa0", " ").replace("&nbsp;", " ").replace("&#160;", " ")
    if data is not None:
        data = data.replace(b"\xc2\xa0", b" ").replace(b"&nbsp;", b" ").replace(b"&#160;", b" ")
    return text, data
