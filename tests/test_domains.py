"""Registrable domains and sites, offline: the public suffix list, plus the hosting platforms
on which every subdomain is a site of its own although the list does not say so."""

from __future__ import annotations

import pytest

from attribution.domains import (
    is_public_body,
    on_platform,
    registrable_domain,
    same_site,
    unwrap_url,
    without_tracking,
)
from attribution.extract import extract
from attribution.registry import load_registry

REGISTRY = load_registry()


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("localtvkstu.wordpress.com", "localtvkstu.wordpress.com"),
        ("news.jane.substack.com", "jane.substack.com"),
        ("www.wordpress.com", "wordpress.com"),
        ("wordpress.com", "wordpress.com"),
        ("jane.medium.com", "jane.medium.com"),
        ("foo.blogspot.com", "foo.blogspot.com"),  # the list itself splits these
        ("127.0.0.1", "127.0.0.1"),
        # An internationalised name is one site however it is written.
        ("www.xn--bcher-kva.example", "bücher.example"),
        ("WWW.XN--BCHER-KVA.EXAMPLE.", "bücher.example"),
        ("www.bücher.example", "bücher.example"),
        ("xn--80adxhks.xn--p1ai", "москва.рф"),
        ("news.xn--zz.example", "xn--zz.example"),  # not valid punycode: left as it is
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_a_canonical_in_punycode_to_the_pages_own_address_is_no_credit() -> None:
    story = "<p>" + "The council voted to expand the bus network across the county. " * 8
    page = (
        "<html><head><title>Buses</title><link rel='canonical' "
        "href='https://www.xn--bcher-kva.example/2026/buses'></head>"
        f"<body><article><h1>Buses</h1>{story}</p></article></body></html>"
    )
    result = extract(page, url="https://www.bücher.example/2026/buses", registry=REGISTRY)
    assert result.credits == ()
    assert not result.republished


def test_two_blogs_on_one_platform_are_two_sites() -> None:
    assert not same_site("jane.substack.com", "john.substack.com")
    assert not same_site("jane.substack.com", "jane.com")
    assert same_site("wired.com", "wired.co.uk")  # one brand's editions still are one site


def test_on_platform() -> None:
    assert on_platform("substack.com")
    assert on_platform("jane.substack.com")
    assert on_platform("foo.blogspot.com")
    assert not on_platform("propublica.org")
    assert not on_platform(None)


def _post(canonical: str) -> str:
    return (
        "<!doctype html><html><head><title>Why the river flooded</title>"
        f"<link rel='canonical' href='{canonical}'></head><body><article>"
        "<h1>Why the river flooded</h1><p>By Jane Marsh</p>"
        "<p>The river rose two metres in a night.</p></article></body></html>"
    )


def test_a_copy_on_one_blog_of_another_blogs_post_is_a_copy() -> None:
    original = "https://riverwatch.wordpress.com/2026/01/05/why-the-river-flooded/"
    page = _post(original)
    result = extract(page, url="https://copycat.wordpress.com/2026/01/06/river/", registry=REGISTRY)
    assert result.republished
    assert result.original is not None
    assert result.original.domain == "riverwatch.wordpress.com"
    assert result.original.url == original


@pytest.mark.parametrize(
    "url",
    [
        "https://riverwatch.substack.com/p/why-the-river-flooded",
        "https://riverwatch.blogspot.com/2026/01/why-the-river-flooded.html",
    ],
)
def test_a_platform_post_pointing_at_its_custom_domain_is_not_a_copy(url: str) -> None:
    page = _post("https://www.riverwatch.example/why-the-river-flooded")
    result = extract(page, url=url, registry=REGISTRY)
    assert not result.republished
    assert not [c for c in result.credits if c.signal == "canonical"]


@pytest.mark.parametrize(
    ("domain", "public"),
    [
        ("census.gov", True),
        ("ons.gov.uk", True),
        ("service-public.gouv.fr", True),
        ("gob.mx", True),
        ("ox.ac.uk", True),
        ("europa.eu", True),
        ("nato.int", True),
        ("mit.edu", True),
        # Newsrooms, and names that only contain the words.
        ("reuters.com", False),
        ("bbc.co.uk", False),
        ("governing.com", False),
        ("gov.example", False),
        (None, False),
    ],
)
def test_public_bodies_by_their_suffix(domain: str | None, public: bool) -> None:
    assert is_public_body(domain) is public


@pytest.mark.parametrize(
    ("url", "original"),
    [
        (
            "https://web.archive.org/web/20260102030405/https://www.propublica.org/article/x",
            "https://www.propublica.org/article/x",
        ),
        (
            "https://web.archive.org/web/2026id_/http://example.com/a?b=1",
            "http://example.com/a?b=1",
        ),
        # The archive's rewriting may leave one slash after the scheme.
        ("http://web.archive.org/web/2026/https:/www.example.com/p", "https://www.example.com/p"),
        # A snapshot's relative link read against the original site.
        (
            "https://www.harbornews.example/web/20260102030405/https://www.propublica.org/x",
            "https://www.propublica.org/x",
        ),
        (
            "https://www-site-example.cdn.ampproject.org/c/s/www.site.example/2026/story",
            "https://www.site.example/2026/story",
        ),
        (
            "https://www.google.com/amp/s/www.site.example/story.amp",
            "https://www.site.example/story.amp",
        ),
        # Paths that only look alike stay.
        (
            "https://www.harbornews.example/web/design/page",
            "https://www.harbornews.example/web/design/page",
        ),
        ("https://www.example.com/amp/story", "https://www.example.com/amp/story"),
        # Redirectors: links copied out of Facebook, Google, an Outlook mail, URL Defense.
        (
            "https://l.facebook.com/l.php?u=https%3A%2F%2Fcalmatters.org%2Fa%2F&h=AT0",
            "https://calmatters.org/a/",
        ),
        (
            "https://www.google.com/url?q=https://calmatters.org/a/&sa=D",
            "https://calmatters.org/a/",
        ),
        (
            "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fcalmatters.org%2Fa"
            "&data=05",
            "https://calmatters.org/a",
        ),
        (
            "https://urldefense.com/v3/__https://calmatters.org/a/__;!!abc$",
            "https://calmatters.org/a/",
        ),
        # A redirector's own pages, and a parameter that is no address, stay.
        ("https://www.google.com/url?q=buses&sa=D", "https://www.google.com/url?q=buses&sa=D"),
        ("https://www.facebook.com/harbornews", "https://www.facebook.com/harbornews"),
    ],
)
def test_unwrap_url(url: str, original: str) -> None:
    assert unwrap_url(url) == original


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        (
            "https://theconversation.com/buses-123456?utm_source=harbor&utm_medium=referral",
            "https://theconversation.com/buses-123456",
        ),
        ("HTTPS://CalMatters.org/a/?fbclid=abc&p=123", "https://calmatters.org/a/?p=123"),
        ("https://calmatters.org/a/?p=1&FBCLID=2", "https://calmatters.org/a/?p=1"),
        ("https://example.com/a#comments", "https://example.com/a"),
        # An application's route in the fragment, and plain queries, stay.
        ("https://example.com/#!/story/12", "https://example.com/#!/story/12"),
        ("https://example.com/a?id=7&page=2", "https://example.com/a?id=7&page=2"),
    ],
)
def test_without_tracking(url: str, clean: str) -> None:
    assert without_tracking(url) == clean


_STORY = "<p>" + "The council voted to expand the bus network across the county. " * 8 + "</p>"


@pytest.mark.parametrize(
    ("href", "domain", "url"),
    [
        # The credit's link, out of its wrapper and rid of its campaign tags.
        (
            "https://l.facebook.com/l.php?u=https%3A%2F%2Fcalmatters.org%2Fpolitics%2Fbuses%2F"
            "%3Futm_source%3Dfb&amp;h=AT0",
            "calmatters.org",
            "https://calmatters.org/politics/buses/",
        ),
        # A shortened link names no publisher: the credit's words do.
        ("https://t.co/abc123", "calmatters.org", None),
        # A publisher's own shortener is one of its domains.
        ("https://propub.li/3xYz", "propublica.org", "https://propub.li/3xYz"),
    ],
)
def test_a_credit_link_names_where_it_leads(href: str, domain: str, url: str | None) -> None:
    name = "ProPublica" if "propub" in href else "CalMatters"
    page = (
        "<html><head><title>Buses</title></head><body><article><h1>Buses</h1>"
        f"{_STORY}<p>This story was originally published by <a href='{href}'>{name}</a>.</p>"
        "</article></body></html>"
    )
    result = extract(page, url="https://www.harbornews.example/buses", registry=REGISTRY)
    assert result.original is not None
    assert (result.original.domain, result.original.url) == (domain, url)


@pytest.mark.parametrize("href", ["https://bit.ly/3abcXYZ", "https://t.co/abc123"])
def test_a_shortened_credit_link_is_a_link_to_an_unknown_address(href: str) -> None:
    # The reader has a link to follow, so the terms' "link" is given; where it leads is not
    # known without following it, so it is not the original's URL.
    def page(credit: str) -> str:
        return (
            "<html><head><title>Buses</title></head><body><article><h1>Buses</h1>"
            f"<p>By Jane Doe</p>{_STORY}<p>This story was originally published by {credit}.</p>"
            "</article></body></html>"
        )

    url = "https://www.harbornews.example/buses"
    linked = extract(page(f"<a href='{href}'>ProPublica</a>"), url=url, registry=REGISTRY)
    plain = extract(page("ProPublica"), url=url, registry=REGISTRY)
    assert linked.original is not None and linked.original.url is None
    assert "link" not in linked.missing and "link" in plain.missing
    notice = next(c for c in linked.credits if c.signal == "notice")
    assert (notice.url, notice.hyperlink) == (href, True)
