"""Page metadata read beside the credits: the site's name and the publication date."""

from __future__ import annotations

import pytest

from attribution.extract import extract
from attribution.registry import load_registry

REGISTRY = load_registry()


def _page(head: str) -> str:
    return f"<!doctype html><html><head>{head}</head><body><p>Text.</p></body></html>"


@pytest.mark.parametrize(
    ("head", "site"),
    [
        ("<meta property='og:site_name' content='Harbor News'><title>A - B</title>", "Harbor News"),
        ("<title>Ferry fares rise | Harbor News</title>", "Harbor News"),
        # A title that closes with its author names no site.
        ("<title>The Most Precious Resource is Agency - by Simon Sarris</title>", None),
        ("<title>Les loyers montent - par Marie Dupont</title>", None),
        # A site's name may open with the letters of "by".
        ("<title>Ferry fares rise - Byron Shire Echo</title>", "Byron Shire Echo"),
        ("<title>Ferry fares rise</title>", None),
    ],
)
def test_site_name(head: str, site: str | None) -> None:
    assert extract(_page(head), registry=REGISTRY).site_name == site


@pytest.mark.parametrize(
    ("head", "published"),
    [
        ("<meta property='article:published_time' content='2026-03-02T09:15:00Z'>", "2026-03-02"),
        ("<meta name='date' content='20260302'>", "2026-03-02"),
        ("<meta name='date' content='not a date'>", None),
    ],
)
def test_published_date(head: str, published: str | None) -> None:
    value = extract(_page(head), registry=REGISTRY).published
    assert (value or "")[:10] == (published or "")
