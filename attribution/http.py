"""Fetching over HTTP: the only module that imports httpx.

What it guarantees, whatever the server does:

- every target address is checked after DNS resolution, on every redirect hop, against the
  private-address guard (private, loopback, link-local, multicast, reserved) unless
  ``allow_private`` is set or the address was given with ``--resolve``; the connection then goes
  to the address that was checked (no second lookup a DNS rebinding could answer differently);
- redirects are followed by hand, each hop recorded, up to a limit, loops refused;
- bodies are streamed and cut at ``max_body_bytes`` (raw) and ``max_decoded_bytes`` (after
  gzip/deflate decoding, so a gzip bomb cannot exhaust memory); the cut is recorded;
- timeouts on connect, read and the whole attempt; retries with exponential backoff and jitter on
  timeouts, connection errors and retryable statuses, honouring ``Retry-After``;
- httpx exceptions are translated into :mod:`attribution.errors` at this boundary.

Clients: a small pool of ``httpx.AsyncClient`` (one shared client loses most of its throughput
at high concurrency); each request takes the least busy client. No cookies are kept and proxy
environment variables are ignored, so a crawl is reproducible and cannot leak through a proxy.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import random
import socket
import time
import zlib
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from email.utils import parsedate_to_datetime
from http.cookiejar import CookieJar, DefaultCookiePolicy
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from attribution.errors import (
    BlockedAddress,
    FetchError,
    FetchTimeout,
    NetworkError,
    TooManyRedirects,
)
from attribution.models import FetchResult, Hop
from attribution.settings import DEFAULT_USER_AGENT, CrawlSettings

__all__ = ["Fetcher", "fetch_bytes", "is_blocked_address", "retry_after_seconds"]

log = logging.getLogger(__name__)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEFAULT_PORTS = {"http": 80, "https": 443}
try:
    import brotli

    # Before 1.2 the decoder could not be told to stop at a size: no bomb defence, no "br".
    HAS_BROTLI = hasattr(brotli.Decompressor, "can_accept_more_data")
except ImportError:  # pragma: no cover - a dependency; without it, no "br"
    HAS_BROTLI = False

#: Only encodings this module can decode under a cap are advertised.
ACCEPT_ENCODING = "gzip, deflate, br" if HAS_BROTLI else "gzip, deflate"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
#: How long a DNS answer is reused within one crawl.
DNS_TTL = 300.0

#: Called with each URL before it is requested (the first and every redirect hop); raises a
#: FetchError subclass to refuse it (robots.txt, beacons).
URLCheck = Callable[[str], Awaitable[None]]


def is_blocked_address(address: str) -> bool:
    """True for addresses a crawl must not reach by default.

    Private, loopback, link-local, multicast, reserved and unspecified addresses, in IPv4 and
    IPv6, including IPv4 addresses mapped into IPv6.
    """
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None and is_blocked_address(str(mapped)):
            return True
    return ip.is_multicast or not ip.is_global


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _no_cookies() -> CookieJar:
    # A jar that accepts nothing: cookies set by one site must not follow the crawl elsewhere
    # (several hosts can share an address under --resolve).
    return CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))


class _Target:
    """Where one URL is actually sent."""

    __slots__ = ("host_header", "sni", "url")

    def __init__(self, url: httpx.URL, host_header: str, sni: str | None) -> None:
        self.url = url
        self.host_header = host_header
        self.sni = sni


class _Decoder:
    """Incremental Content-Encoding decoder with a cap on the decoded size."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.cap = cap
        self.size = 0
        self.truncated = False
        encoding = encoding.strip().lower()
        self._deflate = encoding == "deflate"
        self._obj: zlib._Decompress | None = None
        self._brotli: Any = None
        if encoding == "br" and HAS_BROTLI:
            self._brotli = brotli.Decompressor()
        elif encoding in ("gzip", "x-gzip"):
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self._deflate:
            self._obj = zlib.decompressobj()
        else:
            self._obj = None
        self._first = True

    def feed(self, data: bytes) -> bytes:
        if self._brotli is not None:
            return self._unbrotli(data)
        if self._obj is None:
            return self._take(data)
        if self._first and self._deflate:
            self._first = False
            try:
                return self._inflate(data)
            except zlib.error:
                # "deflate" is sent both zlib-wrapped (per the RFC) and raw (by some servers).
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._inflate(data)

    def _inflate(self, data: bytes) -> bytes:
        assert self._obj is not None
        out = bytearray()
        while data and not self.truncated:
            # max_length bounds the memory one chunk can inflate to: the bomb defence.
            piece = self._obj.decompress(data, self.cap - self.size + 1)
            out += self._take(piece)
            data = self._obj.unconsumed_tail
        return bytes(out)

    def _unbrotli(self, data: bytes) -> bytes:
        out = bytearray()
        # output_buffer_limit bounds what one call may inflate to, as max_length does for zlib;
        # the decoder then holds the rest back until asked again with no new input.
        piece = self._brotli.process(data, output_buffer_limit=self.cap - self.size + 1)
        out += self._take(piece)
        while piece and not self.truncated and not self._brotli.can_accept_more_data():
            piece = self._brotli.process(b"", output_buffer_limit=self.cap - self.size + 1)
            out += self._take(piece)
        return bytes(out)

    def _take(self, piece: bytes) -> bytes:
        room = self.cap - self.size
        if len(piece) > room:
            self.truncated = True
            piece = piece[:room]
        self.size += len(piece)
        return piece

    def flush(self) -> bytes:
        if self._obj is None or self.truncated:
            return b""
        return self._take(self._obj.flush())


class Fetcher:
    """Fetches URLs under the settings' caps, guards and retry rules. Use as ``async with``."""

    def __init__(
        self,
        settings: CrawlSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings
        self._transport = transport
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        self._clients: list[httpx.AsyncClient] = []
        self._busy: list[int] = []
        self._dns: dict[tuple[str, int], tuple[float, str]] = {}
        timeout = httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=settings.total_timeout,
        )
        per_client = max(1, -(-settings.concurrency // settings.client_count)) + 2
        # One TLS context for the pool: loading the CA bundle costs ~60 ms per client.
        tls = httpx.create_ssl_context()
        for _ in range(settings.client_count):
            self._clients.append(
                httpx.AsyncClient(
                    follow_redirects=False,
                    timeout=timeout,
                    limits=httpx.Limits(
                        max_connections=per_client, max_keepalive_connections=per_client
                    ),
                    trust_env=False,
                    verify=tls,
                    cookies=_no_cookies(),
                    transport=transport,
                    headers={
                        "User-Agent": settings.user_agent,
                        "Accept": ACCEPT,
                        "Accept-Encoding": ACCEPT_ENCODING,
                    },
                )
            )
            self._busy.append(0)

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close every pooled client and its connections."""
        for client in self._clients:
            await client.aclose()

    # --- public ------------------------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        check: URLCheck | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET ``url`` with retries; return the final response (any status) or raise FetchError.

        ``check`` vets the URL and every redirect hop before it is requested. A retryable status
        that is still failing after the last attempt is returned, not raised.
        """
        settings = self.settings
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                async with asyncio.timeout(settings.total_timeout):
                    result = await self._fetch_once(url, headers, check, max_bytes)
            except TimeoutError:
                error: FetchError = FetchTimeout(
                    f"no complete response within {settings.total_timeout:g} s", url=url
                )
            except (FetchTimeout, NetworkError) as exc:
                error = exc
            else:
                result = _with(result, attempts=attempt + 1, elapsed=time.monotonic() - started)
                if result.status not in settings.retry_statuses or attempt >= settings.retries:
                    return result
                wait = retry_after_seconds(result.header("retry-after"))
                if wait is not None and wait > settings.max_retry_after:
                    log.info("%s: Retry-After %.0f s is too long; giving up", url, wait)
                    return result
                wait = self._backoff(attempt) if wait is None else wait
                log.debug("%s: HTTP %d, retry in %.2f s", url, result.status, wait)
                attempt += 1
                await self._sleep(wait)
                continue
            if attempt >= settings.retries:
                raise error
            wait = self._backoff(attempt)
            log.debug("%s: %s, retry in %.2f s", url, error, wait)
            attempt += 1
            await self._sleep(wait)

    # --- internals ---------------------------------------------------------------------------

    def _backoff(self, attempt: int) -> float:
        base = min(self.settings.backoff_max, self.settings.backoff_base * 2.0**attempt)
        return base * self._rng.uniform(0.5, 1.0)

    async def _fetch_once(
        self,
        url: str,
        headers: Mapping[str, str] | None,
        check: URLCheck | None,
        max_bytes: int | None,
    ) -> FetchResult:
        hops: list[Hop] = []
        seen = {url}
        current = url
        while True:
            # The address guard first: a hop to a private address is refused as such, before
            # the check could fetch that origin's robots.txt.
            target = await self._target(current)
            if check is not None:
                await check(current)
            # Validators go on every hop: they belong to the final resource, wherever it is.
            response = await self._send(current, target, headers)
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    next_url = self._next_hop(current, location)
                    hops.append(
                        Hop(
                            url=current,
                            status=response.status_code,
                            location=next_url,
                            headers=_headers(response),
                        )
                    )
                    if next_url in seen:
                        raise TooManyRedirects(f"redirect loop back to {next_url}", url=url)
                    if len(hops) > self.settings.max_redirects:
                        raise TooManyRedirects(
                            f"more than {self.settings.max_redirects} redirects", url=url
                        )
                    seen.add(next_url)
                    current = next_url
                    continue
                body, truncated = await self._read(current, response, max_bytes)
                return FetchResult(
                    url=url,
                    final_url=current,
                    status=response.status_code,
                    headers=_headers(response),
                    redirects=tuple(hops),
                    truncated=truncated,
                    address=_peer(response),
                    http_version=response.http_version,
                    body=body,
                )
            finally:
                await response.aclose()

    def _next_hop(self, current: str, location: str) -> str:
        try:
            next_url = urljoin(current, location.strip())
            parts = urlsplit(next_url)
        except ValueError:
            raise FetchError(f"bad redirect location {location!r}", url=current) from None
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
            raise FetchError(f"redirect to a non-http(s) URL {location!r}", url=current)
        return parts._replace(fragment="").geturl()

    async def _target(self, url: str) -> _Target:
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, TypeError) as exc:
            raise FetchError(f"invalid URL: {exc}", url=url) from exc
        scheme = parsed.scheme
        host = parsed.host.lower().rstrip(".")
        if scheme not in DEFAULT_PORTS or not host:
            raise FetchError("only http and https URLs are fetched", url=url)
        port = parsed.port or DEFAULT_PORTS[scheme]
        literal = _is_ip(host)
        shown = f"[{host}]" if ":" in host else host
        host_header = shown if parsed.port is None else f"{shown}:{port}"
        mapping = self.settings.resolve
        mapped = mapping.get(host) or (None if literal else mapping.get("*"))
        if mapped is not None:
            # --resolve: plain HTTP to the given address; URL and Host header stay as they are.
            addr, mport = mapped
            return _Target(
                parsed.copy_with(scheme="http", host=addr, port=mport), host_header, None
            )
        address = host if literal else await self._resolve(url, host, port)
        if not self.settings.allow_private and is_blocked_address(address):
            shown = host if address == host else f"{host} ({address})"
            raise BlockedAddress(
                f"{shown} is a private or local address; --allow-private lifts this", url=url
            )
        sni = host if scheme == "https" and not literal else None
        return _Target(parsed.copy_with(host=address), host_header, sni)

    async def _resolve(self, url: str, host: str, port: int) -> str:
        key = (host, port)
        cached = self._dns.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] > now:
            return cached[1]
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            raise NetworkError(f"cannot resolve {host}: {exc}", url=url) from exc
        addresses = [str(info[4][0]) for info in infos]
        if not addresses:
            raise NetworkError(f"cannot resolve {host}: no address", url=url)
        if not self.settings.allow_private:
            # One private answer is enough to refuse: the connection could pick any of them.
            for address in addresses:
                if is_blocked_address(address):
                    raise BlockedAddress(
                        f"{host} resolves to a private or local address ({address}); "
                        "--allow-private lifts this",
                        url=url,
                    )
        self._dns[key] = (now + DNS_TTL, addresses[0])
        return addresses[0]

    def _client(self) -> int:
        return min(range(len(self._clients)), key=self._busy.__getitem__)

    async def _send(
        self, url: str, target: _Target, extra: Mapping[str, str] | None
    ) -> httpx.Response:
        headers = {"Host": target.host_header}
        if extra:
            headers.update(extra)
        extensions = {"sni_hostname": target.sni} if target.sni else None
        index = self._client()
        client = self._clients[index]
        self._busy[index] += 1
        try:
            request = client.build_request(
                "GET", target.url, headers=headers, extensions=extensions
            )
            return await client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"timed out: {type(exc).__name__}", url=url) from exc
        except (httpx.TransportError, OSError) as exc:
            raise NetworkError(_describe(exc), url=url) from exc
        finally:
            self._busy[index] -= 1

    async def _read(
        self, url: str, response: httpx.Response, max_bytes: int | None
    ) -> tuple[bytes, str | None]:
        cap = max_bytes or self.settings.max_body_bytes
        encoding = response.headers.get("content-encoding", "identity")
        # Stacked encodings ("gzip, gzip") are a bomb trick; only the last one is decoded here
        # and anything left encoded is treated as binary by the parser.
        decoder = _Decoder(encoding.split(",")[-1], self.settings.max_decoded_bytes)
        body = bytearray()
        raw_size = 0
        truncated: str | None = None
        try:
            async for raw in response.aiter_raw():
                raw_size += len(raw)
                chunk = raw
                if raw_size > cap:
                    chunk = raw[: len(raw) - (raw_size - cap)]
                    truncated = "size"
                body += decoder.feed(chunk)
                if decoder.truncated:
                    truncated = "decoded-size"
                if truncated:
                    break
            if not truncated:
                body += decoder.flush()
                if decoder.truncated:
                    truncated = "decoded-size"
        except httpx.TimeoutException as exc:
            raise FetchTimeout(f"read timed out after {raw_size} bytes", url=url) from exc
        except (httpx.TransportError, OSError) as exc:
            raise NetworkError(f"{_describe(exc)} after {raw_size} bytes", url=url) from exc
        except _DECODE_ERRORS as exc:
            raise NetworkError(f"bad {encoding} body: {exc}", url=url) from exc
        return bytes(body), truncated


_DECODE_ERRORS: tuple[type[Exception], ...] = (
    (zlib.error, brotli.error) if HAS_BROTLI else (zlib.error,)
)


def _with(result: FetchResult, *, attempts: int, elapsed: float) -> FetchResult:
    return replace(result, attempts=attempts, elapsed=elapsed)


def _headers(response: httpx.Response) -> tuple[tuple[str, str], ...]:
    return tuple((k.lower(), v) for k, v in response.headers.multi_items())


def _peer(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    try:
        info = stream.get_extra_info("server_addr")
    except Exception:
        return None
    if isinstance(info, tuple) and len(info) >= 2:
        return f"{info[0]}:{info[1]}"
    return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    names = {
        "ConnectError": "connection failed",
        "ReadError": "connection reset",
        "RemoteProtocolError": "server closed the connection",
        "WriteError": "connection reset while sending",
    }
    label = names.get(type(exc).__name__, type(exc).__name__)
    return f"{label}: {text}" if text != label else label


def fetch_bytes(
    url: str,
    *,
    limit: int,
    timeout: float = 20.0,
    user_agent: str | None = None,
    allow_private: bool = False,
) -> tuple[bytes, str | None]:
    """Fetch one page synchronously (for `attribution extract URL`): (body, Content-Type).

    Same guards as the crawler (private addresses refused, caps, redirects by hand); raises
    :class:`FetchError` for failures and HTTP error statuses.
    """
    settings = CrawlSettings(
        concurrency=1,
        max_body_bytes=limit,
        connect_timeout=timeout,
        read_timeout=timeout,
        total_timeout=timeout * 2,
        retries=1,
        user_agent=user_agent or DEFAULT_USER_AGENT,
        allow_private=allow_private,
    )

    async def main() -> FetchResult:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url)

    result = asyncio.run(main())
    if result.status >= 400:
        raise FetchError(f"HTTP {result.status}", url=url)
    return result.body, result.content_type
