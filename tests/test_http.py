"""The HTTP layer: guards, caps, redirects, retries, --resolve, against a real loopback server."""

from __future__ import annotations

import asyncio
import gzip
import threading
import tracemalloc
import zlib
from collections.abc import Awaitable, Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import brotli
import httpx
import pytest

from attribution.errors import (
    BlockedAddress,
    FetchError,
    FetchTimeout,
    NetworkError,
    TooManyRedirects,
)
from attribution.http import Fetcher, _Decoder, fetch_bytes, is_blocked_address, retry_after_seconds
from attribution.models import FetchResult
from attribution.settings import DEFAULT_USER_AGENT, CrawlSettings, parse_resolve


@pytest.mark.parametrize(
    ("address", "blocked"),
    [
        ("127.0.0.1", True),
        ("10.1.2.3", True),
        ("172.16.0.1", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),
        ("100.64.0.1", True),
        ("0.0.0.0", True),
        ("224.0.0.1", True),
        ("::1", True),
        ("fe80::1", True),
        ("fc00::1", True),
        ("::ffff:127.0.0.1", True),
        ("ff02::1", True),
        ("not-an-ip", True),
        ("93.184.215.14", False),
        ("2606:4700::6810:84e5", False),
    ],
)
def test_address_guard_blocks_private_loopback_link_local_and_multicast(
    address: str, blocked: bool
) -> None:
    assert is_blocked_address(address) is blocked


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_decoder_caps_a_gzip_bomb_at_the_decoded_limit() -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    decoder = _Decoder("gzip", 100_000)
    out = b"".join(decoder.feed(bomb[i : i + 4096]) for i in range(0, len(bomb), 4096))
    assert len(out) == 100_000
    assert decoder.truncated


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS])
def test_decoder_reads_zlib_wrapped_and_raw_deflate(wbits: int) -> None:
    packer = zlib.compressobj(wbits=wbits)
    data = packer.compress(b"<p>hello</p>" * 100) + packer.flush()
    decoder = _Decoder("deflate", 1_000_000)
    assert decoder.feed(data) + decoder.flush() == b"<p>hello</p>" * 100


def test_decoder_caps_a_brotli_bomb_at_the_decoded_limit() -> None:
    bomb = brotli.compress(b"\0" * 20_000_000, quality=5)
    assert len(bomb) < 20_000
    decoder = _Decoder("br", 100_000)
    out = b"".join(decoder.feed(bomb[i : i + 512]) for i in range(0, len(bomb), 512))
    assert len(out) == 100_000
    assert decoder.truncated
    page = b"<p>hello</p>" * 1000
    whole = _Decoder("br", 1_000_000)
    packed = brotli.compress(page)
    assert b"".join(whole.feed(packed[i : i + 7]) for i in range(0, len(packed), 7)) == page
    assert not whole.truncated


class _BrotliHandler(BaseHTTPRequestHandler):
    """Serves brotli bodies: a page, a bomb (50 MB of zeros in a few KB) and a broken one."""

    PAGE = b"<html><body><p>brotli page</p></body></html>" * 50
    BOMB = brotli.compress(b"\0" * 50_000_000, quality=5)

    def do_GET(self) -> None:
        log: list[str] = self.server.accept_encodings  # type: ignore[attr-defined]
        log.append(self.headers.get("Accept-Encoding", ""))
        body = {
            "/page": brotli.compress(self.PAGE),
            "/bomb": self.BOMB,
            "/broken": b"not brotli at all" * 10,
        }[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Encoding", "br")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_brotli_bodies_are_decoded_and_a_brotli_bomb_is_cut_on_loopback() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BrotliHandler)
    server.accept_encodings = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings = _settings(f"*=127.0.0.1:{server.server_port}", max_decoded_bytes=1_000_000)
        page = _fetch(settings, "http://br.example/page")
        assert page.body == _BrotliHandler.PAGE and page.truncated is None
        tracemalloc.start()
        try:
            bomb = _fetch(settings, "http://br.example/bomb")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert bomb.truncated == "decoded-size"
        assert len(bomb.body) == 1_000_000
        # A few times the cap at most (the decoder, the body buffer and its copy), far below
        # the 50 MB the bomb inflates to.
        assert peak < 15_000_000
        with pytest.raises(NetworkError, match="bad br body"):
            _fetch(settings, "http://br.example/broken")
    finally:
        server.shutdown()
        server.server_close()
    assert server.accept_encodings[0] == "gzip, deflate, br"  # type: ignore[attr-defined]


def _settings(resolve: str | None = None, **kwargs: Any) -> CrawlSettings:
    base: dict[str, Any] = {"retries": 1, "read_timeout": 2.0, "total_timeout": 5.0}
    base.update(kwargs)
    return CrawlSettings(resolve=parse_resolve([resolve] if resolve else []), **base)


class SleepLog:
    """A sleep that records its argument and returns at once: retries without waiting."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def _fetch(
    settings: CrawlSettings,
    url: str,
    sleep: Callable[[float], Awaitable[None]] | None = None,
    **kwargs: Any,
) -> FetchResult:
    async def main() -> FetchResult:
        fetcher = Fetcher(settings, sleep=sleep) if sleep else Fetcher(settings)
        async with fetcher:
            return await fetcher.fetch(url, **kwargs)

    return asyncio.run(main())


def test_resolve_sends_https_urls_as_plain_http_keeping_url_and_host(web_server) -> None:
    result = _fetch(_settings(web_server.resolve), "https://www.lakeview.example/about")
    assert result.status == 200
    assert result.url == result.final_url == "https://www.lakeview.example/about"
    assert b"About us" in result.body
    assert result.address == f"127.0.0.1:{web_server.port}"
    host, path, headers = web_server.log.requests[-1]
    assert (host, path) == ("www.lakeview.example", "/about")
    assert headers["Host"] == "www.lakeview.example"
    assert headers["User-Agent"] == DEFAULT_USER_AGENT
    assert "attribution/" in DEFAULT_USER_AGENT and "+https://" in DEFAULT_USER_AGENT


def test_redirect_hops_are_recorded(web_server) -> None:
    result = _fetch(_settings(web_server.resolve), "https://www.lakeview.example/old-url")
    assert result.final_url == "https://www.lakeview.example/news/moved-story"
    assert [(h.url, h.status, h.location) for h in result.redirects] == [
        (
            "https://www.lakeview.example/old-url",
            301,
            "https://www.lakeview.example/news/moved-story",
        )
    ]


def test_redirect_loop_is_refused(web_server) -> None:
    with pytest.raises(TooManyRedirects, match="loop"):
        _fetch(_settings(web_server.resolve), "http://faults.example/loop-a")


def test_redirect_limit(web_server) -> None:
    settings = _settings(web_server.resolve, max_redirects=2)
    assert _fetch(settings, "http://faults.example/chain?n=2").final_url.endswith("/landed")
    with pytest.raises(TooManyRedirects, match="more than 2"):
        _fetch(settings, "http://faults.example/chain?n=3")


@pytest.mark.parametrize("path", ["/to-private", "/to-loopback"])
def test_redirect_to_a_private_address_is_blocked_before_any_request(web_server, path) -> None:
    with pytest.raises(BlockedAddress):
        _fetch(_settings(web_server.resolve), f"http://faults.example{path}")
    # The redirect was asked for, the private target never (it would show up as a second hit).
    assert [p for _, p, _ in web_server.log.requests] == [path]


def test_a_host_resolving_to_loopback_is_blocked_after_dns(web_server) -> None:
    with pytest.raises(BlockedAddress, match="private or local"):
        _fetch(_settings(), f"http://localhost:{web_server.port}/")
    assert web_server.log.requests == []


def test_allow_private_lifts_the_guard(web_server) -> None:
    result = _fetch(_settings(allow_private=True), f"http://127.0.0.1:{web_server.port}/")
    assert result.status == 404  # reached the server, which knows no host "127.0.0.1"


def test_retries_a_500_then_keeps_the_200(web_server) -> None:
    sleep = SleepLog()
    result = _fetch(_settings(web_server.resolve), "http://faults.example/flaky", sleep=sleep)
    assert (result.status, result.attempts) == (200, 2)
    assert len(sleep.calls) == 1


def test_honours_retry_after_on_429(web_server) -> None:
    sleep = SleepLog()
    result = _fetch(_settings(web_server.resolve), "http://faults.example/ratelimited", sleep=sleep)
    assert result.status == 200
    assert sleep.calls == [1.0]


def test_a_too_long_retry_after_is_not_waited_for(web_server) -> None:
    sleep = SleepLog()
    settings = _settings(web_server.resolve, max_retry_after=0.5)
    result = _fetch(settings, "http://faults.example/ratelimited", sleep=sleep)
    assert result.status == 429
    assert sleep.calls == []


def test_endless_body_is_cut_at_the_size_cap(web_server) -> None:
    settings = _settings(web_server.resolve, max_body_bytes=200_000)
    result = _fetch(settings, "http://faults.example/endless")
    assert result.truncated == "size"
    assert len(result.body) == 200_000


def test_gzip_bomb_is_cut_at_the_decoded_cap(web_server) -> None:
    settings = _settings(web_server.resolve, max_decoded_bytes=1_000_000)
    result = _fetch(settings, "http://faults.example/bomb")
    assert result.truncated == "decoded-size"
    assert len(result.body) == 1_000_000


def test_connection_reset_becomes_network_error_after_retries(web_server) -> None:
    sleep = SleepLog()
    with pytest.raises(NetworkError):
        _fetch(_settings(web_server.resolve), "http://faults.example/reset", sleep=sleep)
    assert web_server.log.hits[("faults.example", "/reset")] == 2


def test_slow_response_times_out(web_server) -> None:
    settings = _settings(web_server.resolve, read_timeout=0.3, retries=0)
    with pytest.raises(FetchTimeout):
        _fetch(settings, "http://faults.example/slow")


def test_conditional_request_gets_304(web_server) -> None:
    settings = _settings(web_server.resolve)
    first = _fetch(settings, "https://www.lakeview.example/about")
    etag = first.header("etag")
    assert etag
    second = _fetch(settings, "https://www.lakeview.example/about", headers={"If-None-Match": etag})
    assert second.status == 304


def test_check_callback_vets_every_hop(web_server) -> None:
    seen: list[str] = []

    async def check(url: str) -> None:
        seen.append(url)

    _fetch(_settings(web_server.resolve), "http://faults.example/hop", check=check)
    assert seen == ["http://faults.example/hop", "http://faults.example/landed"]


def test_httpx_errors_are_translated_at_the_boundary() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    settings = _settings("*=127.0.0.1:9", retries=0)

    async def main() -> None:
        async with Fetcher(settings, transport=httpx.MockTransport(refuse)) as fetcher:
            await fetcher.fetch("https://example.org/")

    with pytest.raises(NetworkError, match="connection failed") as info:
        asyncio.run(main())
    assert info.value.url == "https://example.org/"
    assert isinstance(info.value.__cause__, httpx.ConnectError)


def test_non_http_urls_are_refused() -> None:
    with pytest.raises(FetchError, match="only http"):
        _fetch(_settings(), "ftp://example.org/file")


def test_fetch_bytes_applies_the_same_guard(web_server) -> None:
    with pytest.raises(BlockedAddress):
        fetch_bytes(f"http://127.0.0.1:{web_server.port}/", limit=1000)


def test_several_clients_are_pooled_for_high_concurrency() -> None:
    assert CrawlSettings(concurrency=64).client_count == 16
    assert CrawlSettings(concurrency=16).client_count == 4
    assert CrawlSettings(concurrency=4).client_count == 1
    assert CrawlSettings(concurrency=1000).client_count == 32
    assert CrawlSettings(concurrency=16, http_clients=3).client_count == 3
