"""The site a saved page belongs to when no URL comes with it (Document.site_domain).

Its links vote; the site's own name (og:site_name) settles a close vote, whether it spells
the registrable domain or a host under it, but not for a domain linked only in passing.
"""

from __future__ import annotations

from attribution.extract import extract, parse_document
from attribution.registry import load_registry

REGISTRY = load_registry()


def _page(site_name: str, nav: list[str], text_links: list[str], footer: list[str]) -> str:
    def links(urls: list[str]) -> str:
        return "".join(f"<a href='{u}'>link</a> " for u in urls)

    return (
        "<!doctype html><html><head><title>Ferry fares rise</title>"
        f"<meta property='og:site_name' content='{site_name}'></head><body>"
        f"<nav>{links(nav)}</nav><main><p>Ferry fares rise again this summer. "
        f"{links(text_links)}</p></main><footer>{links(footer)}</footer></body></html>"
    )


ORIGINAL = [f"https://www.elsewhere.example/2026/story-{i}" for i in range(6)]


def test_the_site_name_may_spell_a_host_under_the_domain() -> None:
    # Two nav links to harbornews.bigmedia.example against six text links to another site:
    # too close for the vote alone (8 against 6), and "Harbor News" spells the host.
    nav = ["https://harbornews.bigmedia.example/", "https://harbornews.bigmedia.example/news"]
    page = _page("Harbor News", nav, ORIGINAL, [])
    assert parse_document(page).site_domain == "bigmedia.example"
    # Named nowhere, the close vote has no winner.
    assert parse_document(_page("Daily Tide", nav, ORIGINAL, [])).site_domain is None


def test_a_domain_named_but_linked_in_passing_is_not_the_site() -> None:
    own = [f"https://www.myharbor.example/section-{i}" for i in range(6)]
    shop = ["https://harbor-news.myshopify.com/"]
    page = _page("Harbor News", own, [], shop)
    assert parse_document(page).site_domain == "myharbor.example"
    # With the shop linked as often as the site's own pages, its name decides.
    many = _page("Harbor News", own[:2], [], shop * 6)
    assert parse_document(many).site_domain == "harbor-news.myshopify.com"


def test_the_site_found_decides_whether_a_canonical_is_a_credit() -> None:
    nav = ["https://harbornews.bigmedia.example/", "https://harbornews.bigmedia.example/news"]
    canonical = "<link rel='canonical' href='https://harbornews.bigmedia.example/2026/fares'>"
    # The canonical's vote (5) does not settle it against twelve links to the other site.
    page = _page("Harbor News", nav, ORIGINAL * 2, []).replace("</head>", canonical + "</head>")
    result = extract(page, registry=REGISTRY)
    assert result.url == "https://harbornews.bigmedia.example/2026/fares"
    assert not result.republished


def test_a_close_vote_goes_to_the_domain_the_page_declares_itself_on() -> None:
    # A newsletter on its own domain, hosted by a platform whose links fill the page.
    platform = [f"https://platform.example/p/{i}" for i in range(8)]
    own = [f"https://map.janedoe.example/p/post-{i}" for i in range(6)]
    post = "https://map.janedoe.example/p/the-post"
    head = f"<link rel='canonical' href='{post}'><meta property='og:url' content='{post}'>"
    page = _page("Notes From Nowhere", [], platform + own, []).replace("</head>", head + "</head>")
    assert parse_document(page).site_domain == "janedoe.example"
    result = extract(page, registry=REGISTRY)
    assert result.url == post and not result.republished
    # og:url elsewhere: the page's declaration disagrees with itself and settles nothing.
    other = page.replace(f"content='{post}'", "content='https://platform.example/p/x'")
    assert parse_document(other).site_domain is None
