"""Every crawler setting in one place, each with its documented default.

The CLI builds a :class:`CrawlSettings` from its options; the crawler, the fetcher, the robots
cache and the frontier read only this object. ``docs/crawling.md`` lists the same defaults.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from typing import Literal

from attribution import __version__
from attribution.errors import ConfigError

Scope = Literal["same-site", "seeds", "any"]
SCOPES: tuple[Scope, ...] = ("same-site", "seeds", "any")

CONTACT_URL = "https://github.com/attribution-tool/attribution"
#: Names the tool, its version and where to reach its maintainers, as robots.txt etiquette asks.
DEFAULT_USER_AGENT = f"attribution/{__version__} (+{CONTACT_URL})"
#: The token robots.txt groups are matched against (``User-agent: attribution``).
ROBOTS_TOKEN = "attribution"  # noqa: S105 - a robots.txt token, not a password

MB = 1024 * 1024


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity where the OS has one, else the CPU count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


#: More page-step workers than this only cost memory: the event loop (fetching, storing) is
#: about 40% of a page's CPU time, so it is the limit well before four workers are busy.
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """Page-step worker processes by default: one per usable CPU, at most four.

    One per CPU, not one fewer: the page step costs more CPU than the event loop, so with
    two CPUs a single worker would be the bottleneck while the loop's CPU idles. One on a
    machine with a single CPU too, though the page step would run quicker on the crawl's own
    thread there: only a worker's page can be stopped at ``page_timeout`` (a hostile page can
    hold the parser for minutes), and a crawl of real sites waits on its polite delays.
    """
    return min(usable_cpus(), MAX_DEFAULT_WORKERS)


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    """How a crawl behaves. Defaults are polite for crawling real publishers."""

    # --- scope and limits
    #: Stop after this many fetched pages in one run (None: no limit).
    max_pages: int | None = None
    #: Links followed at most this many clicks from a seed (credits ignore it: one hop past).
    max_depth: int = 5
    #: Which links are followed: the seeds' sites, only the seeds (and their sitemaps and feeds),
    #: or any link.
    scope: Scope = "same-site"
    #: Fetch the originals that credits point to, on any site, one hop past the scope.
    follow_credits: bool = True

    # --- politeness
    #: Requests in flight across all hosts.
    concurrency: int = 16
    #: Requests in flight to one host.
    per_host: int = 2
    #: Seconds between two requests to one host (robots.txt Crawl-delay raises it).
    delay: float = 1.0
    #: The delay is drawn from [delay * (1 - jitter), delay * (1 + jitter)].
    jitter: float = 0.5
    #: Crawl-delay values above this are capped (a site asking for an hour would stall the crawl).
    max_crawl_delay: float = 60.0
    user_agent: str = DEFAULT_USER_AGENT
    obey_robots: bool = True

    # --- HTTP
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    #: Wall-clock limit on one attempt, so a server trickling bytes cannot hold a slot forever.
    total_timeout: float = 60.0
    #: Raw (as transferred) body bytes kept; the rest is cut and the cut recorded.
    max_body_bytes: int = 10 * MB
    #: Decoded bytes of a compressed body; guards against gzip bombs.
    max_decoded_bytes: int = 20 * MB
    max_redirects: int = 10
    #: Extra attempts after a timeout, a connection error or a retryable status.
    retries: int = 3
    retry_statuses: tuple[int, ...] = (408, 429, 500, 502, 503, 504)
    #: Backoff before retry n (0-based) is backoff_base * 2**n, with jitter, at most backoff_max.
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    #: A Retry-After longer than this is not waited for; the response is kept as it is.
    max_retry_after: float = 120.0
    #: HTTP clients in the pool (None: one per 4 requests of concurrency, 1 to 32). One shared
    #: httpx client degrades at high concurrency (each request scans its connection pool);
    #: several small ones hold their throughput.
    http_clients: int | None = None

    # --- safety
    #: Allow private, loopback, link-local and multicast addresses.
    allow_private: bool = False
    #: HOST -> (address, port): requests for HOST go there as plain HTTP ("*": every host name).
    resolve: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: URLs longer than this are refused (crawler traps grow their URLs).
    max_url_length: int = 2048
    #: At most this many pages of one shape (digits masked), each found on the previous one:
    #: the bound on calendar and pager traps that the depth limit does not catch.
    max_shape_run: int = 50

    # --- output
    warc_path: str | None = None
    #: zlib level for stored HTML (1: fast; the store is written while crawling).
    compress_level: int = 1
    #: Pages written to the store in one transaction: a commit when this many are waiting, or
    #: ``write_interval`` seconds after the first. A crash loses at most these (they stay
    #: queued in the store, so ``--resume`` fetches them again).
    write_batch: int = 64
    write_interval: float = 0.1

    # --- CPU
    #: Processes that parse, extract and list the links of fetched pages, so that this work
    #: overlaps fetching and storing on the event loop (0: all on the event loop's thread).
    #: Default: one per CPU the process may use (at most four), or 0 with a single CPU.
    workers: int = field(default_factory=default_workers)
    #: Seconds a worker may spend on one page's step: past them the worker is killed and
    #: replaced, and the page is recorded as failed with its body (None: no limit). Real
    #: pages take milliseconds; this bounds a page that sends the parser into a slow path.
    #: Only a worker process can be stopped: with ``workers=0`` there is no limit.
    page_timeout: float | None = 30.0

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ConfigError(f"unknown scope {self.scope!r}; choose one of {', '.join(SCOPES)}")
        for name in ("concurrency", "per_host", "max_redirects", "max_body_bytes", "write_batch"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name.replace('_', '-')} must be at least 1")
        for name in ("delay", "retries", "max_depth", "workers", "write_interval"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name.replace('_', '-')} must not be negative")
        if not 0 <= self.jitter <= 1:
            raise ConfigError("jitter must be between 0 and 1")
        if self.max_pages is not None and self.max_pages < 1:
            raise ConfigError("max-pages must be at least 1")
        if self.page_timeout is not None and not self.page_timeout > 0:
            raise ConfigError("page-timeout must be more than 0 seconds")

    @property
    def client_count(self) -> int:
        """How many HTTP clients the fetcher pools."""
        if self.http_clients is not None:
            return max(1, self.http_clients)
        return min(32, max(1, -(-self.concurrency // 4)))


def parse_resolve(values: list[str] | tuple[str, ...]) -> dict[str, tuple[str, int]]:
    """Parse ``HOST=ADDR:PORT`` items (``*`` for every host name) into a mapping.

    ``ADDR`` is an IP address (IPv6 in brackets: ``[::1]:8080``).
    """
    mapping: dict[str, tuple[str, int]] = {}
    for value in values:
        host, sep, target = value.partition("=")
        host = host.strip().lower().rstrip(".")
        addr, colon, port_text = target.strip().rpartition(":")
        if not sep or not host or not colon or not port_text.isdigit():
            raise ConfigError(
                f"bad --resolve {value!r}: expected HOST=ADDR:PORT, e.g. '*=127.0.0.1:8080'"
            )
        addr = addr.removeprefix("[").removesuffix("]")
        try:
            ipaddress.ip_address(addr)
        except ValueError:
            raise ConfigError(f"bad --resolve {value!r}: {addr!r} is not an IP address") from None
        port = int(port_text)
        if not 0 < port < 65536:
            raise ConfigError(f"bad --resolve {value!r}: port out of range")
        mapping[host] = (addr, port)
    return mapping


def parse_size(text: str) -> int:
    """Parse a byte size: ``10MB``, ``512KB``, ``1048576``."""
    units = {
        "": 1,
        "B": 1,
        "KB": 1024,
        "K": 1024,
        "MB": MB,
        "M": MB,
        "GB": 1024 * MB,
        "G": 1024 * MB,
    }
    cleaned = text.strip().upper().replace(" ", "").removesuffix("IB").removesuffix("I")
    number = cleaned.rstrip("KMGB")
    unit = cleaned[len(number) :]
    try:
        value = float(number) * units[unit]
    except (ValueError, KeyError):
        raise ConfigError(f"bad size {text!r}: use a number of bytes or e.g. 512KB, 10MB") from None
    if value < 1:
        raise ConfigError(f"bad size {text!r}: must be at least 1 byte")
    return int(value)
