"""Loopback servers for the crawl tests: the test web by virtual host, plus fault endpoints.

Every server listens on 127.0.0.1 port 0; every crawl maps every host name to it with
``--resolve '*=127.0.0.1:PORT'``, so no test request leaves the machine.

Hosts served besides the folders of ``tests/web``:

- ``faults.example``: one endpoint per failure a crawler meets (see ``FAULTS``);
- ``many.example``: a generated site of ``MANY_PAGES`` pages for resume tests.
"""

from __future__ import annotations

import gzip
import logging
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

import pytest

from attribution.serve import SiteHandler, SiteServer

TESTS = Path(__file__).parent
TEST_WEB = TESTS / "web"
SAMPLES_WEB = TESTS.parent / "samples" / "web"

MANY_PAGES = 40
#: A 50 MB run of zeros compresses to about 50 KB: enough to show the decoded cap works.
BOMB = gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)

FAULTS = {
    "/slow": "answers after 5 s (longer than the test timeout)",
    "/flaky": "500 on the first request, 200 after",
    "/ratelimited": "429 with Retry-After: 1 on the first request, 200 after",
    "/loop-a": "redirects to /loop-b, which redirects back",
    "/to-private": "redirects to the cloud metadata address 169.254.169.254",
    "/to-loopback": "redirects to http://127.0.0.1:PORT/ by IP",
    "/hop": "redirects to /landed (a normal redirect, recorded)",
    "/chain": "?n=N: a chain of N redirects ending at /landed",
    "/endless": "an HTML body that never ends",
    "/bomb": "a gzip bomb: 50 KB that inflate to 50 MB",
    "/data": "a non-HTML type (application/octet-stream)",
    "/reset": "closes the connection without an answer",
    "/calendar": "a crawler trap: every month links to the next, forever",
    "/private/secret": "disallowed by robots.txt",
    "/missing": "404",
}

#: Served by faults.example but not linked from its front page: each test asks for them.
UNLINKED_FAULTS = {
    "/attribute-flood": "one element with 48,000 distinct attributes: the HTML parser checks "
    "each name against those before it, so the parse takes seconds (quadratic)",
}
FLOOD_ATTRIBUTES = 48_000

REDIRECTS = {("www.lakeview.example", "/old-url"): "/news/moved-story"}


@dataclass
class Log:
    """What the server was asked, thread-safe."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    #: (host, monotonic time) of every request start, for politeness checks.
    starts: list[tuple[str, float]] = field(default_factory=list)
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    in_flight: Counter[str] = field(default_factory=Counter)
    max_in_flight: Counter[str] = field(default_factory=Counter)

    def paths(self, host: str) -> list[str]:
        with self.lock:
            return [p for h, p, _ in self.requests if h == host]

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()
            self.starts.clear()
            self.hits.clear()


class FaultHandler(SiteHandler):
    """The static test web, plus redirects, fault endpoints and a generated site."""

    server: TestServer

    def route(self, *, head: bool) -> None:
        host = self.host
        path = self.path.split("?", 1)[0]
        log = self.server.log
        with log.lock:
            log.requests.append((host, self.path, dict(self.headers.items())))
            log.starts.append((host, time.monotonic()))
            log.hits[(host, path)] += 1
            hits = log.hits[(host, path)]
            log.in_flight[host] += 1
            log.max_in_flight[host] = max(log.max_in_flight[host], log.in_flight[host])
        try:
            if self.server.pause_per_request:
                time.sleep(self.server.pause_per_request)
            if (host, path) in REDIRECTS:
                self.redirect(REDIRECTS[(host, path)])
            elif host == "faults.example":
                self.fault(path, hits)
            elif host == "many.example":
                self.many(path)
            else:
                super().route(head=head)
        finally:
            with log.lock:
                log.in_flight[host] -= 1

    def redirect(self, location: str, status: int = 301) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def html(self, body: str, status: int = 200) -> None:
        self.send_bytes(
            status, f"<!doctype html><html><body>{body}</body></html>".encode(), "text/html"
        )

    def fault(self, path: str, hits: int) -> None:
        if path == "/":
            links = "".join(f'<a href="{p}">{p}</a> ' for p in FAULTS)
            self.html(links + '<a href="/calendar?month=0">calendar</a> <a href="/hop">hop</a>')
        elif path == "/robots.txt":
            self.send_text(HTTPStatus.OK, "User-agent: *\nDisallow: /private/\n", head=False)
        elif path == "/attribute-flood":
            names = " ".join(f"a{i}" for i in range(FLOOD_ATTRIBUTES))
            self.html(f"<div {names}>A page no worker should spend a minute on.</div>")
        elif path == "/slow":
            time.sleep(5)
            self.html("finally")
        elif path == "/flaky":
            self.html("<p>ok now</p>", 500 if hits == 1 else 200)
        elif path == "/ratelimited":
            if hits == 1:
                self.send_response(429)
                self.send_header("Retry-After", "1")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.html("<p>thanks for waiting</p>")
        elif path == "/loop-a":
            self.redirect("/loop-b", 302)
        elif path == "/loop-b":
            self.redirect("/loop-a", 302)
        elif path == "/to-private":
            self.redirect("http://169.254.169.254/latest/meta-data/", 302)
        elif path == "/to-loopback":
            self.redirect(f"http://127.0.0.1:{self.server.port}/", 302)
        elif path == "/hop":
            self.redirect("/landed", 302)
        elif path == "/chain":
            n = int(self.path.rsplit("=", 1)[-1])
            self.redirect(f"/chain?n={n - 1}" if n > 1 else "/landed", 302)
        elif path == "/landed":
            self.html("<p>landed</p>")
        elif path == "/endless":
            self.endless()
        elif path == "/bomb":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(BOMB)))
            self.end_headers()
            self.wfile.write(BOMB)
        elif path == "/data":
            self.send_bytes(200, bytes(range(256)) * 4, "application/octet-stream")
        elif path == "/reset":
            # SO_LINGER 0: close() sends RST instead of FIN, as a crashing server would.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
        elif path == "/calendar":
            month = int(self.path.rsplit("=", 1)[-1]) if "=" in self.path else 0
            self.html(
                f'<a href="/calendar?month={month - 1}">previous</a> '
                f'<a href="/calendar?month={month + 1}">next</a>'
            )
        else:
            self.send_text(HTTPStatus.NOT_FOUND, "not found\n", head=False)

    def endless(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

        def framed(data: bytes) -> bytes:
            return f"{len(data):x}\r\n".encode() + data + b"\r\n"

        frame = framed(b"<p>" + b"more " * 2000 + b"</p>\n")
        try:
            self.wfile.write(framed(b"<!doctype html><html><body>"))
            for _ in range(100_000):  # ~1 GB: the client must cut it long before
                self.wfile.write(frame)
        except OSError:
            pass  # the client hung up: what a size cap does
        self.close_connection = True

    def many(self, path: str) -> None:
        if path == "/robots.txt":
            self.send_text(HTTPStatus.NOT_FOUND, "none\n", head=False)
            return
        n = 0 if path == "/" else int(path.rsplit("/", 1)[-1])
        # The front page lists every page (all within the depth limit); pages link onwards.
        last = MANY_PAGES if n == 0 else min(n + 4, MANY_PAGES)
        links = " ".join(f'<a href="/p/{k}">page {k}</a>' for k in range(n + 1, last))
        self.html(f"<h1>Page {n}</h1><p>{links}</p>")


class TestServer(SiteServer):
    """A SiteServer with a request log and an optional pause per request."""

    __test__ = False  # not a test class, despite the name

    def __init__(self, root: Path) -> None:
        self.log = Log()
        self.pause_per_request = 0.0
        super().__init__(root, handler=FaultHandler)

    @property
    def resolve(self) -> str:
        """The --resolve argument that sends every host here."""
        return f"*=127.0.0.1:{self.port}"


@pytest.fixture
def web_server() -> Iterator[TestServer]:
    """The test web and fault endpoints on 127.0.0.1 (a fresh server per test)."""
    server = TestServer(TEST_WEB).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A store path in the test's temporary folder."""
    return tmp_path / "crawl.db"


@pytest.fixture
def keep_root_logging() -> Iterator[None]:
    """The root logger's handlers and level as they were before the test: the CLI's root
    callback reconfigures logging (``force=True``) onto CliRunner's stderr."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
