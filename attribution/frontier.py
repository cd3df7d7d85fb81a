"""The crawl frontier: URL normalisation, what is never requested, per-host queues, politeness.

Three parts, from pure to stateful:

1. :func:`normalize_url` gives one key per page (host case, default ports, fragments, tracking
   parameters, query order), so one article is fetched once.
2. :func:`refusal` says why a URL must never be requested: counting pixels and beacons (a
   request would inflate the publisher's republication figures), scripts, images, style sheets
   and other assets, and URLs that look like crawler traps.
3. :class:`Frontier` holds one queue per host and hands out the next URL whose host has a free
   slot (at most ``per_host`` in flight) and whose delay (with jitter) has passed, while many
   hosts run in parallel.
"""

from __future__ import annotations

import asyncio
import heapq
import random
import re
import time
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from attribution.domains import TRACKING_PARAMS, TRACKING_PREFIXES, host_of

__all__ = [
    "Frontier",
    "FrontierItem",
    "TrapGuard",
    "normalize_url",
    "refusal",
    "shape_run",
]

DEFAULT_PORTS = {"http": 80, "https": 443}

# --- what is never requested ----------------------------------------------------------------------
# Tier 1: the counting pixels of the publishers we track, by host or exact path. Requesting one
# counts as a republication view in the publisher's analytics.
BEACON_HOSTS = frozenset(
    {
        "counter.theconversation.com",
        "counter.theconversation.edu.au",
        "pixel.propublica.org",
        "pixel.wp.com",
        "stats.wp.com",
        "pixel.quantserve.com",
        "sb.scorecardresearch.com",
        "b.scorecardresearch.com",
        "ping.chartbeat.net",
        "www.google-analytics.com",
        "google-analytics.com",
        "ssl.google-analytics.com",
        "www.googletagmanager.com",
        "stats.g.doubleclick.net",
        "pixel.parsely.com",
        "srv.pixel.parsely.com",
    }
)
BEACON_HOST_PATHS = (("republish.groundup.org.za", "/counter"),)
# Tier 2: generic beacon shapes any site may use.
BEACON_HOST_PREFIXES = ("pixel.", "counter.", "beacon.", "track.", "tracking.", "analytics.")
BEACON_QUERY = re.compile(r"(?:^|&)[^=&]*(?:pixel|beacon)[^=&]*=", re.IGNORECASE)
BEACON_SEGMENTS = frozenset({"pixel", "pixel.gif", "pixel.png", "beacon", "counter", "hit", "tr"})
# Tier 3: assets by extension: never HTML, never worth a request.
ASSET_EXTENSIONS = frozenset(
    {
        "js",
        "mjs",
        "css",
        "map",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "avif",
        "svg",
        "ico",
        "bmp",
        "tif",
        "tiff",
        "woff",
        "woff2",
        "ttf",
        "otf",
        "eot",
        "mp3",
        "mp4",
        "m4a",
        "m4v",
        "webm",
        "ogg",
        "ogv",
        "wav",
        "avi",
        "mov",
        "flv",
        "zip",
        "gz",
        "tgz",
        "bz2",
        "7z",
        "rar",
        "tar",
        "exe",
        "dmg",
        "iso",
        "apk",
        "msi",
        "pdf",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "epub",
        "json",
    }
)
# Sitemaps and feeds are XML but are read on purpose when given as seeds: not in the list.

_DIGITS = re.compile(r"\d+")


def normalize_url(url: str) -> str | None:
    """The dedup key of ``url``, or None when it is not an http(s) URL.

    Lower-cases scheme and host, drops user info, default ports, the fragment and tracking
    parameters, sorts the query and percent-encodes what must be. The result is a valid URL.
    """
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not host:
        return None
    host = host.rstrip(".")
    try:
        host.encode("ascii")
    except UnicodeEncodeError:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = ""
    if parts.query:
        pairs = [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
        ]
        pairs.sort()
        query = urlencode(pairs, quote_via=quote, safe="/:@!$'()*+,;-._~")
    return urlunsplit((scheme, netloc, path, query, ""))


def refusal(url: str, *, extra_patterns: Iterable[re.Pattern[str]] = ()) -> str | None:
    """Why ``url`` must never be requested (``"beacon"``, ``"asset"``), or None."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return "invalid"
    path = parts.path.lower()
    if host in BEACON_HOSTS or host.startswith(BEACON_HOST_PREFIXES):
        return "beacon"
    for beacon_host, prefix in BEACON_HOST_PATHS:
        if host == beacon_host and path.startswith(prefix):
            return "beacon"
    if parts.query and BEACON_QUERY.search(parts.query):
        return "beacon"
    segments = [s for s in path.split("/") if s]
    if segments and segments[-1] in BEACON_SEGMENTS:
        return "beacon"
    for pattern in extra_patterns:
        if pattern.search(url):
            return "beacon"
    last = segments[-1] if segments else ""
    if "." in last and last.rsplit(".", 1)[1] in ASSET_EXTENSIONS:
        return "asset"
    return None


def url_shape(url: str) -> str:
    """The URL with digit runs masked: pages of one calendar or pager share a shape."""
    parts = urlsplit(url)
    query = "&".join(sorted(k for k, _ in parse_qsl(parts.query, keep_blank_values=True)))
    path = _DIGITS.sub("#", parts.path)
    # Query values carry the trap's counter (?month=2031-04, ?page=7); only the keys matter.
    return f"{parts.netloc}{path}?{query}" if query else f"{parts.netloc}{path}"


def shape_run(url: str, parents: Mapping[str, str | None], *, limit: int) -> int:
    """The run length :class:`TrapGuard` gave ``url``, recounted from how pages were found.

    ``parents`` maps a URL to the URL it was found on (the stored frontier's ``parent``), so a
    resumed crawl continues the runs where the interrupted one left them. Counting stops past
    ``limit``: a longer run is refused either way.
    """
    shape = url_shape(url)
    run = 0
    seen = {url}
    parent = parents.get(url)
    while parent is not None and parent not in seen and run <= limit:
        if url_shape(parent) != shape:
            break
        run += 1
        seen.add(parent)
        parent = parents.get(parent)
    return run


class TrapGuard:
    """Refuses URLs that look like crawler traps: too long, self-repeating, or endless runs.

    A run is a chain of pages of one shape each found on the previous one: a calendar whose
    month links to the next month, a pager whose page N links to page N+1. Article pages share
    a shape too (``/news/12345``) but are found from section pages, which resets the run, so
    numeric article ids are not capped.
    """

    def __init__(self, *, max_length: int, max_run: int) -> None:
        self.max_length = max_length
        self.max_run = max_run

    def check(self, url: str, parent: FrontierItem | None = None) -> int | None:
        """The run length ``url`` would have (0: a fresh shape), or None for a trap."""
        if len(url) > self.max_length:
            return None
        segments = [s for s in urlsplit(url).path.split("/") if s]
        if segments and max(Counter(segments).values()) >= 3:
            return None  # /a/b/a/b/a/b: relative links resolving into themselves
        if parent is None or url_shape(url) != url_shape(parent.url):
            return 0
        run = parent.shape_run + 1
        return run if run <= self.max_run else None


@dataclass(slots=True)
class FrontierItem:
    """One URL waiting to be fetched, with how it was found."""

    url: str
    depth: int = 0
    #: seed, link, credit, sitemap, redirect
    via: str = "link"
    parent: str | None = None
    #: False for originals fetched one hop past the scope: their links are not followed.
    in_scope: bool = True
    #: How many pages of this URL's shape led to it in a row (see TrapGuard).
    shape_run: int = 0
    host: str = field(default="")

    def __post_init__(self) -> None:
        if not self.host:
            self.host = host_of(self.url) or ""


@dataclass(slots=True)
class _Host:
    queue: deque[FrontierItem] = field(default_factory=deque)
    in_flight: int = 0
    next_at: float = 0.0
    delay: float = 0.0
    scheduled: bool = False


class Frontier:
    """Per-host queues with politeness; ``get()`` hands out the next URL that may be fetched."""

    def __init__(
        self,
        *,
        per_host: int,
        delay: float,
        jitter: float = 0.0,
        rng: random.Random | None = None,
    ) -> None:
        self.per_host = per_host
        self.delay = delay
        self.jitter = jitter
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self._hosts: dict[str, _Host] = {}
        self._heap: list[tuple[float, int, str]] = []
        self._seq = 0
        self._queued = 0
        self._in_flight = 0
        self._held = 0
        self._closed = False
        self._wakeup = asyncio.Event()

    # --- state -------------------------------------------------------------------------------

    @property
    def queued(self) -> int:
        """URLs waiting."""
        return self._queued

    @property
    def in_flight(self) -> int:
        """URLs handed out and not yet released."""
        return self._in_flight

    def host_in_flight(self, host: str) -> int:
        """URLs of ``host`` handed out and not yet released."""
        state = self._hosts.get(host)
        return state.in_flight if state else 0

    def pending(self) -> list[FrontierItem]:
        """Every queued item (for saving the frontier)."""
        return [item for state in self._hosts.values() for item in state.queue]

    # --- changes -----------------------------------------------------------------------------

    def add(self, item: FrontierItem) -> None:
        """Queue ``item`` (the caller has already de-duplicated it)."""
        state = self._hosts.get(item.host)
        if state is None:
            state = self._hosts[item.host] = _Host(delay=self.delay)
        state.queue.append(item)
        self._queued += 1
        self._schedule(item.host, state)
        self._wakeup.set()

    def set_delay(self, host: str, seconds: float) -> None:
        """Use at least ``seconds`` between requests to ``host`` (robots.txt Crawl-delay)."""
        state = self._hosts.get(host)
        if state is None:
            state = self._hosts[host] = _Host(delay=self.delay)
        state.delay = max(state.delay, seconds)

    def release(self, item: FrontierItem) -> None:
        """``item`` is finished: free its host slot."""
        state = self._hosts[item.host]
        state.in_flight -= 1
        self._in_flight -= 1
        self._schedule(item.host, state)
        self._wakeup.set()

    def hold(self) -> None:
        """A released page's writes (and so its new links) are waiting for a commit: the crawl
        is not over until :meth:`settle` is called for it."""
        self._held += 1

    def settle(self, count: int = 1) -> None:
        """``count`` held pages are committed (their links, if any, were added before)."""
        self._held -= count
        self._wakeup.set()

    def close(self) -> None:
        """Hand out nothing more: every waiting ``get()`` returns None."""
        self._closed = True
        self._wakeup.set()

    async def get(self) -> FrontierItem | None:
        """The next item to fetch, waiting for politeness; None when the crawl is over.

        The crawl is over when nothing is queued, nothing is in flight and nothing is held
        (those pages may still add links), or after :meth:`close`.
        """
        while not self._closed:
            now = time.monotonic()
            if self._heap and self._heap[0][0] <= now:
                _, _, host = heapq.heappop(self._heap)
                state = self._hosts[host]
                state.scheduled = False
                item = state.queue.popleft()
                self._queued -= 1
                state.in_flight += 1
                self._in_flight += 1
                state.next_at = now + self._pause(state.delay)
                self._schedule(host, state)
                return item
            if not self._heap and self._in_flight == 0 and self._held == 0:
                return None
            self._wakeup.clear()
            timeout = self._heap[0][0] - now if self._heap else None
            try:
                async with asyncio.timeout(timeout):
                    await self._wakeup.wait()
            except TimeoutError:
                pass
        return None

    def _pause(self, delay: float) -> float:
        if delay <= 0:
            return 0.0
        return delay * self._rng.uniform(1 - self.jitter, 1 + self.jitter)

    def _schedule(self, host: str, state: _Host) -> None:
        if state.scheduled or not state.queue or state.in_flight >= self.per_host:
            return
        state.scheduled = True
        self._seq += 1
        heapq.heappush(self._heap, (state.next_at, self._seq, host))
