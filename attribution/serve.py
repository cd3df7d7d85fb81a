"""A static web server by virtual host: ``DIR/<host>/...`` answers for ``http(s)://<host>/...``.

It serves the bundled sample web (and the tests' small web) on 127.0.0.1 so that a crawl with
``--resolve '*=127.0.0.1:PORT'`` behaves as if the real hosts had answered:

- the Host header picks the folder ``DIR/<host>/`` (without the port; ``www.`` falls back to
  the bare host folder and back);
- ``/a/b`` maps to ``a/b`` (an exact file), then ``a/b.html``, then ``a/b/index.html``;
  ``/`` to ``index.html``;
- ``/robots.txt`` serves the host's file or a permissive one naming the sitemap;
- ``/sitemap.xml`` serves the host's file or one generated from its HTML pages;
- content types from the extension; HTML is sent without a charset parameter so that the page's
  own ``<meta charset>`` decides, as it would for a static page on most servers;
- ETag and Last-Modified, with 304 answers to conditional requests.

Not supported: anything but GET and HEAD, ranges, directory listings, compression.
"""

from __future__ import annotations

import email.utils
import logging
import mimetypes
import socketserver
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urlsplit
from xml.sax.saxutils import escape

from attribution.commands import error

__all__ = ["SiteHandler", "SiteServer", "page_urls"]

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".gz": "application/gzip",
}


def page_urls(host_dir: Path, *, scheme: str = "https") -> list[str]:
    """The URL of every HTML page in one host folder, front page first."""
    host = host_dir.name
    urls: list[str] = []
    for path in sorted(host_dir.rglob("*.html")):
        rel = path.relative_to(host_dir).as_posix()
        if rel == "index.html":
            urls.insert(0, f"{scheme}://{host}/")
            continue
        if rel.endswith("/index.html"):
            rel = rel.removesuffix("index.html")
        else:
            rel = rel.removesuffix(".html")
        urls.append(f"{scheme}://{host}/{rel}")
    return urls


class SiteHandler(BaseHTTPRequestHandler):
    """Serves ``server.root/<host>/``; subclass and override :meth:`route` to add endpoints."""

    server: SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "attribution-serve"

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    @property
    def host(self) -> str:
        """The requested host name, lower-case, without the port."""
        raw = (self.headers.get("Host") or "").strip().lower()
        if raw.startswith("["):
            return raw.split("]", 1)[0] + "]"
        return raw.rsplit(":", 1)[0].rstrip(".")

    def do_GET(self) -> None:
        """Answer a GET."""
        self.route(head=False)

    def do_HEAD(self) -> None:
        """Answer a HEAD."""
        self.route(head=True)

    def route(self, *, head: bool) -> None:
        """Answer the request from the host's folder."""
        path = unquote(urlsplit(self.path).path)
        host_dir = self.server.host_dir(self.host)
        if host_dir is None:
            self.send_text(HTTPStatus.NOT_FOUND, f"unknown host {self.host!r}\n", head=head)
            return
        file = self.server.find_file(host_dir, path)
        if file is not None:
            self.send_file(file, head=head)
        elif path == "/robots.txt":
            sitemap = f"{self.server.scheme}://{host_dir.name}/sitemap.xml"
            self.send_text(
                HTTPStatus.OK, f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", head=head
            )
        elif path == "/sitemap.xml":
            self.send_bytes(
                HTTPStatus.OK, self.server.sitemap(host_dir), "application/xml", head=head
            )
        else:
            self.send_text(HTTPStatus.NOT_FOUND, "not found\n", head=head)

    def send_file(self, file: Path, *, head: bool) -> None:
        """Send a file with validators, or 304 when the client's copy is current."""
        stat = file.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        since = self.headers.get("If-Modified-Since")
        match = self.headers.get("If-None-Match")
        fresh = etag in (match or "") if match else False
        if not match and since:
            parsed = email.utils.parsedate_to_datetime(since) if since else None
            fresh = parsed is not None and int(stat.st_mtime) <= parsed.timestamp()
        if fresh:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ctype = CONTENT_TYPES.get(file.suffix.lower()) or (
            mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        )
        self.send_bytes(
            HTTPStatus.OK,
            file.read_bytes(),
            ctype,
            head=head,
            extra={"ETag": etag, "Last-Modified": modified},
        )

    def send_text(self, status: HTTPStatus, text: str, *, head: bool) -> None:
        """Send a short plain-text answer."""
        self.send_bytes(status, text.encode(), "text/plain; charset=utf-8", head=head)

    def send_bytes(
        self,
        status: HTTPStatus | int,
        body: bytes,
        content_type: str,
        *,
        head: bool = False,
        extra: dict[str, str] | None = None,
    ) -> None:
        """Send a complete answer with a Content-Length."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)


class SiteServer(ThreadingHTTPServer):
    """The virtual-host server. ``SiteServer(root).start()`` runs it in a thread on port 0."""

    daemon_threads = True
    # Tests and benchmarks open many connections at once; the default backlog of 5 drops them.
    request_queue_size = 1024

    def __init__(
        self,
        root: str | Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        scheme: str = "https",
        handler: type[SiteHandler] = SiteHandler,
    ) -> None:
        self.root = Path(root).resolve()
        self.scheme = scheme
        self._thread: threading.Thread | None = None
        super().__init__((host, port), handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Log instead of printing a traceback; a client hanging up early is routine."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError):
            log.debug("%s hung up: %s", client_address, exc)
        else:
            log.warning("error answering %s", client_address, exc_info=True)

    def server_bind(self) -> None:
        """Bind without the reverse DNS lookup HTTPServer does for its name."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{self.server_address[0]!s}:{self.port}"

    def hosts(self) -> list[str]:
        """The host folders served."""
        return sorted(p.name for p in self.root.iterdir() if p.is_dir())

    def host_dir(self, host: str) -> Path | None:
        """The folder answering for ``host``, or None."""
        if not host or "/" in host or "\\" in host or host.startswith("."):
            return None
        alt = host.removeprefix("www.") if host.startswith("www.") else f"www.{host}"
        for name in (host, alt):
            candidate = self.root / name
            if candidate.is_dir():
                return candidate
        return None

    @staticmethod
    def find_file(host_dir: Path, path: str) -> Path | None:
        """The file for a URL path: exact file, ``.html``, then ``index.html``; never outside."""
        rel = path.lstrip("/")
        candidates = [rel + "index.html"] if rel.endswith("/") or not rel else []
        candidates += [rel, rel + ".html", rel.rstrip("/") + "/index.html"]
        for name in candidates:
            if not name:
                continue
            file = (host_dir / name).resolve()
            if file.is_relative_to(host_dir.resolve()) and file.is_file():
                return file
        return None

    def sitemap(self, host_dir: Path) -> bytes:
        """A sitemap of the host's HTML pages."""
        lines = ['<?xml version="1.0" encoding="UTF-8"?>']
        lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
        lines += [
            f"  <url><loc>{escape(u)}</loc></url>" for u in page_urls(host_dir, scheme=self.scheme)
        ]
        lines.append("</urlset>")
        return ("\n".join(lines) + "\n").encode()

    # --- running in a thread ------------------------------------------------------------------

    def start(self) -> SiteServer:
        """Serve in a daemon thread; return self."""
        # A short poll interval makes stop() quick (tests start and stop many servers).
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, name="attribution-serve"
        )
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()

    def __enter__(self) -> SiteServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve_command(root: str, *, port: int, bind: str, scheme: str, quiet: bool) -> int:
    """`attribution serve`: serve until Ctrl-C. 0 after Ctrl-C, 2 for a bad folder or port."""
    folder = Path(root)
    if not folder.is_dir():
        error(f"{root}: not a folder", "give a folder laid out as DIR/<host>/..., e.g. samples/web")
        return 2
    try:
        server = SiteServer(folder, host=bind, port=port, scheme=scheme)
    except OSError as exc:
        error(f"cannot listen on {bind}:{port}: {exc.strerror}", "choose another --port")
        return 2
    hosts = server.hosts()
    if not quiet:
        print(f"Serving {len(hosts)} hosts from {folder} on {server.url}", file=sys.stderr)
        fronts = [h for h in hosts if (folder / h / "index.html").is_file()] or hosts
        if fronts:
            print(
                f"Crawl them with: attribution crawl {scheme}://{fronts[0]}/ "
                f"--resolve '*={bind}:{server.port}'",
                file=sys.stderr,
            )
        print("Press Ctrl-C to stop.", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
