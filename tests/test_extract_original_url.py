"""The original's URL is an article link, never a link to the publisher's non-article pages."""

from __future__ import annotations

import pytest

from attribution.extract import extract, parse_document
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


# A page saved from the Wayback Machine: its address is the snapshot's, and the archive
# rewrote every link to a snapshot ("/web/TIMESTAMP/URL", images with "im_").
SNAPSHOT = "https://web.archive.org/web/20260102030405/https://www.harbornews.example/2026/ferry"
ARCHIVED_COPY = (
    "<!doctype html><html><head><title>Ferry fares rise</title>"
    "<meta property='og:site_name' content='Harbor News'>"
    "<link rel='canonical' href='/web/20260102030405/https://www.harbornews.example/2026/ferry'>"
    "</head><body><nav><a href='/web/20260102030405/https://www.harbornews.example/'>Home</a>"
    "</nav><article><h1>Ferry fares rise</h1><p class='byline'>By Jane Porter</p>"
    "<p>Ferry fares rise again this summer, the operator said on Monday.</p>"
    "<p>This article is republished from <a href='/web/20260102030405/https://theconversation."
    "com/us'>The Conversation</a> under a Creative Commons license. Read the <a href='https://"
    "web.archive.org/web/20260102030405/https://theconversation.com/ferry-fares-rise-123456'>"
    "original article</a>.</p><img src='/web/20260102030405im_/https://counter.theconversation."
    "com/content/123456/count.gif?distributor=republish-lightbox-basic' width='1' height='1'>"
    "</article></body></html>"
)


def test_a_page_saved_from_the_wayback_machine_credits_the_original_not_the_archive() -> None:
    result = extract(ARCHIVED_COPY, url=SNAPSHOT, registry=_REGISTRY)
    assert result.url == "https://www.harbornews.example/2026/ferry"
    assert result.republished
    assert result.original is not None
    assert result.original.domain == "theconversation.com"
    assert result.original.url == "https://theconversation.com/ferry-fares-rise-123456"
    assert result.original.id == "123456"
    assert not [c for c in result.credits if c.domain == "archive.org"]
    assert result.missing == ()


@pytest.mark.parametrize(
    ("link", "original"),
    [
        # An AMP cache's copy of the original, and Google's AMP viewer.
        (
            "https://www-grist-org.cdn.ampproject.org/c/s/grist.org/cities/ferry-fares-rise/",
            "https://grist.org/cities/ferry-fares-rise/",
        ),
        (
            "https://www.google.com/amp/s/grist.org/cities/ferry-fares-rise/",
            "https://grist.org/cities/ferry-fares-rise/",
        ),
        (
            "https://grist.org/cities/ferry-fares-rise/",
            "https://grist.org/cities/ferry-fares-rise/",
        ),
    ],
)
def test_a_credit_linking_a_cached_copy_names_the_original(link: str, original: str) -> None:
    page = (
        "<!doctype html><html><head><title>Ferry fares rise</title></head><body><article>"
        "<h1>Ferry fares rise</h1><p>Ferry fares rise again this summer, the operator said.</p>"
        f"<p>This story was originally published by <a href='{link}'>Grist</a>.</p>"
        "</article></body></html>"
    )
    result = extract(page, url="https://www.harbornews.example/2026/ferry", registry=_REGISTRY)
    assert result.original is not None
    assert (result.original.domain, result.original.url) == ("grist.org", original)


def test_a_page_saved_from_the_wayback_machine_without_its_url_is_its_original_site_s() -> None:
    # Saved with no address: the site is voted from its links, which the archive rewrote.
    nav = "".join(
        f"<a href='/web/20260102030405/https://www.harbornews.example/{section}/'>{section}</a>"
        for section in ("news", "sports", "opinion", "weather")
    )
    page = ARCHIVED_COPY.replace("<nav>", f"<nav>{nav}").replace(
        "<link rel='canonical' href='/web/20260102030405/https://www.harbornews.example/2026/"
        "ferry'>",
        "",
    )
    result = extract(page, registry=_REGISTRY)
    assert result.republished
    assert result.original is not None and result.original.domain == "theconversation.com"
    doc_site = parse_document(page).site_domain
    assert doc_site == "harbornews.example"


SAVED = (
    "<!DOCTYPE html>\n<!-- saved from url=(0045){url} -->\n<html><head><title>Ferry fares"
    " rise</title></head><body><article><h1>Ferry fares rise</h1><p class='byline'>By Jane "
    "Porter</p><p>Ferry fares rise again this summer, the operator said on Monday.</p><p>This "
    "article is republished from <a href='https://www.harbornews.example/ferry'>Harbor "
    "News</a>.</p></article></body></html>"
)


def test_a_page_a_browser_saved_names_its_own_address() -> None:
    # No --url: the browser's mark says where the page was; the credit to Harbor News is then
    # a credit to another site.
    page = SAVED.format(url="https://www.riverside.example/2026/ferry")
    result = extract(page, registry=_REGISTRY)
    assert result.url == "https://www.riverside.example/2026/ferry"
    assert result.original is not None and result.original.domain == "harbornews.example"


def test_a_page_saved_from_a_local_file_names_no_address() -> None:
    result = extract(SAVED.format(url="about:internet"), registry=_REGISTRY)
    assert result.url is None
