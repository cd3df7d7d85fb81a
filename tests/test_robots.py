"""robots.txt: parsing with protego, and the per-origin cache's RFC 9309 failure rules."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from attribution.errors import NetworkError, RobotsDisallowed, SiteUnavailable
from attribution.models import FetchResult
from attribution.robots import RobotsCache, RobotsRules, origin_of

ROBOTS = """\
User-agent: attribution
Disallow: /drafts/
Crawl-delay: 3

User-agent: *
Disallow: /
Crawl-delay: 9

Sitemap: https://example.org/sitemap.xml
"""


def test_rules_for_our_token_win_over_the_wildcard() -> None:
    rules = RobotsRules.parse("https://example.org", ROBOTS)
    assert rules.allowed("https://example.org/news/story")
    assert not rules.allowed("https://example.org/drafts/story")
    assert not rules.allowed("https://example.org/news/story", agent="otherbot")
    assert rules.crawl_delay() == 3.0
    assert rules.sitemaps() == ["https://example.org/sitemap.xml"]


def test_wildcard_rules_apply_when_we_are_not_named() -> None:
    rules = RobotsRules.parse("https://example.org", "User-agent: *\nDisallow: /private\n")
    assert not rules.allowed("https://example.org/private/x")
    assert rules.allowed("https://example.org/public")
    assert rules.crawl_delay() is None


def test_origin_includes_scheme_and_port() -> None:
    assert origin_of("HTTPS://Example.org:8443/a?b") == "https://example.org:8443"


class FakeFetcher:
    """Answers robots.txt requests from a table; counts them."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.calls = 0

    async def fetch(self, url: str, **kwargs: Any) -> FetchResult:
        self.calls += 1
        await asyncio.sleep(0)
        if isinstance(self.answer, Exception):
            raise self.answer
        status, body = self.answer
        return FetchResult(url=url, final_url=url, status=status, body=body)


@pytest.mark.parametrize(
    ("answer", "allowed", "refusal"),
    [
        ((200, b"User-agent: *\nDisallow: /x\n"), True, None),
        ((404, b""), True, None),  # no robots.txt: everything allowed
        ((401, b""), True, None),
        # A server error or an unreachable server: complete disallow (RFC 9309), and the
        # site's failure, not its rule.
        ((503, b""), False, SiteUnavailable),
        (NetworkError("refused", url="https://example.org/robots.txt"), False, SiteUnavailable),
        ((200, b"User-agent: *\nDisallow: /page\n"), False, RobotsDisallowed),
    ],
)
def test_cache_follows_rfc_9309_on_missing_and_failing_robots(
    answer: Any, allowed: bool, refusal: type[Exception] | None
) -> None:
    cache = RobotsCache(FakeFetcher(answer))  # type: ignore[arg-type]
    page = "https://example.org/page"

    async def main() -> bool:
        return (await cache.rules(page)).allowed(page)

    assert asyncio.run(main()) is allowed
    if refusal is None:
        asyncio.run(cache.check(page))
    else:
        with pytest.raises(refusal) as raised:
            asyncio.run(cache.check(page))
        assert type(raised.value) is refusal  # neither counts as the other


def test_an_unavailable_site_is_named_once_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    cache = RobotsCache(FakeFetcher((503, b"")))  # type: ignore[arg-type]

    async def main() -> None:
        for n in range(3):
            with pytest.raises(SiteUnavailable, match=r"robots\.txt answered HTTP 503"):
                await cache.check(f"https://example.org/{n}")

    with caplog.at_level(logging.WARNING, logger="attribution.robots"):
        asyncio.run(main())
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [
        "https://example.org: robots.txt answered HTTP 503; none of its pages is fetched in "
        "this crawl"
    ]


def test_robots_is_fetched_once_per_origin_even_by_concurrent_callers() -> None:
    fetcher = FakeFetcher((200, b"User-agent: *\nDisallow: /x\n"))
    cache = RobotsCache(fetcher)  # type: ignore[arg-type]

    async def main() -> None:
        await asyncio.gather(*(cache.rules(f"https://example.org/{n}") for n in range(10)))
        with pytest.raises(RobotsDisallowed):
            await cache.check("https://example.org/x/1")
        await cache.check("https://example.org/y")

    asyncio.run(main())
    assert fetcher.calls == 1


def test_disabled_cache_allows_everything_without_fetching() -> None:
    fetcher = FakeFetcher((200, b"User-agent: *\nDisallow: /\n"))
    cache = RobotsCache(fetcher, enabled=False)  # type: ignore[arg-type]
    asyncio.run(cache.check("https://example.org/x"))
    assert fetcher.calls == 0
