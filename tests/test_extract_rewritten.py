"""The same page written another way gives the same credits.

Sites write the same article in many markups: minified or not, tags in capitals, paragraphs
run on with ``<br><br>`` (old CMSs, copied feeds), laid out in a table, the article in a
``<div role="article">`` (Drupal 7) rather than an ``<article>``, behind a long menu, with
CRLF line ends, entities for punctuation or no-break spaces; and with what sites put beside an
article (a wire's headline feed, readers' comments, a legal footer, related-story cards). Each
rewriting of every labelled sample page must leave what ``extract`` concludes unchanged: copy
or not, the original's domain and URL, the authors and the missing credits.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from attribution.extract import extract
from attribution.registry import load_registry

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "web"
REGISTRY = load_registry()


def _labelled() -> list[tuple[str, str, bytes]]:
    pages = []
    for label in sorted(SAMPLES.rglob("*.expected.json")):
        page = label.with_name(label.name.removesuffix(".expected.json") + ".html")
        if page.exists():
            url = json.loads(label.read_text(encoding="utf-8"))["url"]
            pages.append((str(page.relative_to(SAMPLES)), url, page.read_bytes()))
    return pages


PAGES = _labelled()


def _menu(html: bytes) -> bytes:
    items = b"".join(b'<li><a href="/section/%d">Section %d</a></li>' % (i, i) for i in range(200))
    return re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + b"<nav><ul>" + items + b"</ul></nav>",
                  html, count=1)  # fmt: skip


def _before_body_end(html: bytes, block: bytes) -> bytes:
    return html.replace(b"</body>", block + b"</body>", 1)


def _table(html: bytes) -> bytes:
    return re.sub(
        rb"(<body[^>]*>)(.*)(</body>)",
        lambda m: m.group(1) + b"<table><tr><td>" + m.group(2) + b"</td></tr></table>" + m.group(3),
        html,
        flags=re.S,
    )


REWRITINGS: dict[str, Callable[[bytes], bytes]] = {
    "minified": lambda h: re.sub(rb">\s+<", b"><", h),
    "capital tags": lambda h: re.sub(
        rb"<(/?)([a-z][a-z0-9]*)", lambda m: b"<" + m.group(1) + m.group(2).upper(), h
    ),
    "paragraphs run on with <br>": lambda h: re.sub(rb"</p>\s*<p[^>]*>", b"<br><br>", h),
    "in a layout table": _table,
    "div role=article": lambda h: re.sub(rb"<(/?)article\b", rb"<\1div", h),
    "behind a long menu": _menu,
    "CRLF line ends": lambda h: h.replace(b"\n", b"\r\n"),
    "punctuation as entities": lambda h: h.replace("’".encode(), b"&rsquo;").replace(
        "—".encode(), b"&mdash;"
    ),
    # "By&nbsp;Jane", "Read&nbsp;more": a space before a capital, in text, made unbreakable.
    "no-break spaces": lambda h: re.sub(rb"(>[^<]*?) ([A-Z])", rb"\1&nbsp;\2", h),
    # What sites put beside an article, which credits nothing: a wire's headline feed with its
    # copyright line, a reader's comment quoting a notice, a legal footer naming the wires, a
    # related-stories card quoting another copy's notice.
    "a wire's headline feed": lambda h: _before_body_end(
        h,
        b"<div class='widget'><h3>More from AP</h3><ul><li><a href='https://apnews.com/article/"
        b"a1'>Stocks rise on jobs data</a></li><li><a href='https://apnews.com/article/a2'>Storm "
        b"hits the coast</a></li></ul><p>Copyright 2026 The Associated Press.</p></div>",
    ),
    "a reader's comment": lambda h: _before_body_end(
        h,
        b"<div id='comments' class='comments-area'><ol><li class='comment'><p>This story was "
        b"originally published by <a href='https://www.propublica.org/article/x'>ProPublica</a>"
        b", you copied it!</p></li></ol></div>",
    ),
    "a legal footer": lambda h: _before_body_end(
        h,
        b"<div class='legal'><p>&copy; 2026 Harbor Media. Some content &copy; The Associated "
        b"Press and Reuters. All rights reserved.</p></div>",
    ),
    "a related-stories card": lambda h: _before_body_end(
        h,
        b"<aside class='related-stories'><div class='card'><h3><a href='/2026/other-story'>Other "
        b"story headline here today</a></h3><p>This story was originally published by <a href="
        b"'https://calmatters.org/politics/2026/01/x/'>CalMatters</a>.</p></div></aside>",
    ),
}


def _conclusions(html: bytes, url: str) -> tuple[object, ...]:
    result = extract(html, url=url, registry=REGISTRY)
    original = result.original
    return (
        result.republished,
        original.domain if original else None,
        original.url if original else None,
        result.authors,
        result.missing,
    )


def test_the_rewritings_change_the_pages() -> None:
    assert len(PAGES) >= 40
    for name, rewrite in REWRITINGS.items():
        assert sum(rewrite(html) != html for _, _, html in PAGES) >= 10, name


@pytest.mark.parametrize("name", list(REWRITINGS))
def test_a_rewritten_page_gives_the_same_conclusions(name: str) -> None:
    rewrite = REWRITINGS[name]
    changed = [
        (path, before, after)
        for path, url, html in PAGES
        if (before := _conclusions(html, url)) != (after := _conclusions(rewrite(html), url))
    ]
    assert changed == []
