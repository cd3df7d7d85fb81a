"""The original's URL is an article link, never a link to the publisher's non-article pages."""

from __future__ import annotations

import pytest

from attribution.extract import extract
from attribution.registry import load_registry

_REGISTRY = load_registry()
_PAGE_URL = "https://www.valleycourier.example/news/rural-ers-close"
_ARTICLE = "https://kffhealthnews.org/news/article/rural-ers-close-volunteer-crews/"


def _kff_page(first_appeared: str) -> str:
    # KFF Health News's republish snippet: the tagline links the newsroom's about page first.
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Rural ERs are closing | Valley Courier</title>
<link rel="canonical" href="{_PAGE_URL}"></head><body>
<header><nav><a href="/">Valley Courier</a> <a href="/news/">News</a></nav></header>
<article><h1>Rural ERs are closing</h1>
<p class="byline">By Jane Roe, KFF Health News</p>
<p>Rural hospitals are closing their emergency rooms, and volunteer ambulance crews are left
to fill the gap, often driving an hour or more to reach the nearest open hospital.</p>
<p><em><a href="https://kffhealthnews.org/about-us">KFF Health News</a> is a national newsroom
that produces in-depth journalism about health issues and is one of the core operating programs
at <a href="https://www.kff.org/">KFF</a>&mdash;an independent source of health policy research,
polling, and journalism. Learn more about <a href="https://www.kff.org/about-us/">KFF</a>.</em></p>
<p>{first_appeared}</p>
</article>
<footer><a href="/about-us">About us</a> <a href="/contact">Contact</a></footer>
</body></html>"""


def _original(html: str) -> dict[str, object]:
    result = extract(html, url=_PAGE_URL, registry=_REGISTRY).to_dict()
    assert result["republished"] is True
    original = result["original"]
    assert isinstance(original, dict)
    assert original["domain"] == "kffhealthnews.org"
    return original


def test_snippet_without_article_link_leaves_the_url_null() -> None:
    html = _kff_page(
        'This article first appeared on <a href="https://kffhealthnews.org">KFF Health News</a>'
        " and is republished here under a Creative Commons license."
    )
    assert _original(html)["url"] is None


def test_snippet_with_article_link_takes_the_article() -> None:
    html = _kff_page(
        f'This <a href="{_ARTICLE}">article</a> first appeared on '
        '<a href="https://kffhealthnews.org">KFF Health News</a>'
        " and is republished here under a Creative Commons license."
    )
    assert _original(html)["url"] == _ARTICLE


@pytest.mark.parametrize(
    "path",
    [
        "/about-us",
        "/about_us/",
        "/aboutus",
        "/about/",
        "/contact-us/",
        "/donate",
        "/newsletter-signup/",
        "/newsletters/",
        "/republishing-guidelines/",
        "/syndication/",
        "/privacy-policy/",
        "/terms-of-use/",
        "/support-us/",
        "/",
    ],
)
def test_publisher_non_article_pages_are_never_the_original(path: str) -> None:
    link = f"https://kffhealthnews.org{path}"
    html = _kff_page(
        f'This article first appeared on <a href="{link}">KFF Health News</a>'
        " and is republished here under a Creative Commons license."
    ).replace("https://kffhealthnews.org/about-us", link)
    assert _original(html)["url"] is None
