"""robots.txt rules and crawl delays per origin (RFC 9309, parsed by protego).

One robots.txt is fetched per origin (scheme, host, port), once per crawl, before the first page
of that origin. As RFC 9309 says: a 4xx answer (no robots.txt) allows everything; a 5xx answer or
an unreachable server disallows everything for this crawl, because a site that is down must not
be read as a site with no rules. Such a site is *unavailable*, not disallowing: its pages are
failures the crawl reports (:class:`SiteUnavailable`), not pages it chose to skip.
Crawl-delay for our token (or ``*``) raises the per-host delay.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from attribution.errors import FetchError, RobotsDisallowed, SiteUnavailable
from attribution.http import Fetcher
from attribution.settings import ROBOTS_TOKEN

__all__ = ["RobotsCache", "RobotsRules", "origin_of"]

log = logging.getLogger(__name__)

#: RFC 9309 asks crawlers to parse at least 500 KiB; more is cut.
MAX_ROBOTS_BYTES = 512 * 1024


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-cased: the unit robots.txt applies to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


@dataclass(frozen=True, slots=True)
class RobotsRules:
    """The parsed rules of one origin (or a blanket allow/deny when there is no usable file)."""

    origin: str
    parser: Protego | None = None
    allow_all: bool = True
    reason: str = "no robots.txt"
    #: The file could not be read (unreachable server, 5xx): nothing is allowed, and that is
    #: the site's failure, not its rule.
    unavailable: bool = False

    def allowed(self, url: str, agent: str = ROBOTS_TOKEN) -> bool:
        """True when ``agent`` may fetch ``url``."""
        if self.parser is None:
            return self.allow_all
        return bool(self.parser.can_fetch(url, agent))

    def vet(self, url: str) -> None:
        """Raise :class:`SiteUnavailable` or :class:`RobotsDisallowed` unless ``url`` may be
        fetched."""
        if self.unavailable:
            raise SiteUnavailable(f"site unavailable: {self.reason}", url=url)
        if not self.allowed(url):
            raise RobotsDisallowed(f"disallowed by {self.reason}", url=url)

    def crawl_delay(self, agent: str = ROBOTS_TOKEN) -> float | None:
        """The Crawl-delay in seconds for ``agent``, or None."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None

    def sitemaps(self) -> list[str]:
        """The Sitemap: URLs the file lists."""
        return list(self.parser.sitemaps) if self.parser is not None else []

    @classmethod
    def parse(cls, origin: str, text: str) -> RobotsRules:
        """Rules from the text of a robots.txt."""
        return cls(origin=origin, parser=Protego.parse(text), reason="robots.txt")


class RobotsCache:
    """Fetches robots.txt once per origin and answers whether a URL may be fetched."""

    def __init__(self, fetcher: Fetcher, *, enabled: bool = True) -> None:
        self._fetcher = fetcher
        self._enabled = enabled
        self._rules: dict[str, RobotsRules] = {}
        self._pending: dict[str, asyncio.Future[RobotsRules]] = {}

    async def rules(self, url: str) -> RobotsRules:
        """The rules of ``url``'s origin, fetched on first use (concurrent callers share it)."""
        origin = origin_of(url)
        cached = self._rules.get(origin)
        if cached is not None:
            return cached
        if not self._enabled:
            return RobotsRules(origin=origin, reason="robots.txt ignored")
        pending = self._pending.get(origin)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[RobotsRules] = asyncio.get_running_loop().create_future()
        self._pending[origin] = future
        try:
            rules = await self._load(origin)
        except BaseException as exc:
            # Cancellation mid-fetch: waiters retry rather than inherit a bogus answer.
            future.set_exception(exc)
            future.exception()  # mark retrieved: no "exception never retrieved" warning
            raise
        finally:
            del self._pending[origin]
        self._rules[origin] = rules
        future.set_result(rules)
        return rules

    async def check(self, url: str) -> None:
        """Raise :class:`RobotsDisallowed` when robots.txt forbids ``url``, and
        :class:`SiteUnavailable` when the site's robots.txt could not be read."""
        rules = await self.rules(url)
        rules.vet(url)

    async def _load(self, origin: str) -> RobotsRules:
        url = origin + "/robots.txt"
        try:
            result = await self._fetcher.fetch(url, max_bytes=MAX_ROBOTS_BYTES)
        except FetchError as exc:
            reason = f"robots.txt unreachable: {exc.message}"
        else:
            if result.status < 500:
                return _rules_from(origin, result.status, result.body)
            reason = f"robots.txt answered HTTP {result.status}"
        # Once per site: its pages then fail with this reason, one log line each.
        log.warning("%s: %s; none of its pages is fetched in this crawl", origin, reason)
        return RobotsRules(origin=origin, allow_all=False, reason=reason, unavailable=True)


def _rules_from(origin: str, status: int, body: bytes) -> RobotsRules:
    """The rules a robots.txt answer below 500 gives."""
    if status >= 400:
        return RobotsRules(origin=origin, reason=f"no robots.txt (HTTP {status})")
    if status >= 300:
        return RobotsRules(origin=origin, reason="robots.txt redirected too often")
    return RobotsRules.parse(origin, body.decode("utf-8", errors="replace"))
