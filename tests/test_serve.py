"""`attribution serve`: the static virtual-host server the tests and the demo crawl."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from attribution.cli import app
from attribution.serve import SiteServer, page_urls

TEST_WEB = Path(__file__).parent / "web"
SAMPLES_WEB = Path(__file__).parent.parent / "samples" / "web"


@pytest.fixture
def server() -> Iterator[SiteServer]:
    with SiteServer(TEST_WEB).start() as srv:
        yield srv


def get(
    server: SiteServer, host: str, path: str, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("GET", path, headers={"Host": host, **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.mark.parametrize(
    ("path", "marker"),
    [
        ("/", b"Lakeview Ledger"),
        ("/about", b"About us"),
        ("/news/city-budget", b"passes the budget"),
        ("/news/city-budget.html", b"passes the budget"),
        ("/robots.txt", b"Disallow: /private/"),
    ],
)
def test_paths_map_to_files(server: SiteServer, path: str, marker: bytes) -> None:
    status, _, body = get(server, "www.lakeview.example", path)
    assert status == 200
    assert marker in body


def test_host_header_picks_the_folder_and_ignores_the_port(server: SiteServer) -> None:
    status, _, body = get(server, "www.hilltop.example:8080", "/")
    assert status == 200 and b"Hilltop Herald" in body
    status, _, body = get(server, "hilltop.example", "/")  # www. falls back both ways
    assert status == 200 and b"Hilltop Herald" in body


def test_unknown_host_and_path_are_404(server: SiteServer) -> None:
    assert get(server, "nowhere.example", "/")[0] == 404
    assert get(server, "www.lakeview.example", "/no-such-page")[0] == 404


def test_no_path_escapes_the_host_folder(server: SiteServer) -> None:
    assert get(server, "www.lakeview.example", "/../www.hilltop.example/index.html")[0] == 404
    assert get(server, "www.lakeview.example", "/%2e%2e/www.hilltop.example/index")[0] == 404
    assert get(server, "..", "/")[0] == 404


def test_html_is_sent_without_a_charset_so_the_page_decides(server: SiteServer) -> None:
    _, headers, _ = get(server, "www.lakeview.example", "/about")
    assert headers["content-type"] == "text/html"
    _, headers, _ = get(server, "www.hilltop.example", "/feed.xml")
    assert headers["content-type"] == "application/xml"


def test_robots_and_sitemap_are_generated_when_missing(server: SiteServer) -> None:
    status, _, robots = get(server, "www.hilltop.example", "/robots.txt")
    assert status == 200
    assert b"Sitemap: https://www.hilltop.example/sitemap.xml" in robots
    status, _, sitemap = get(server, "www.hilltop.example", "/sitemap.xml")
    assert status == 200
    assert re.findall(rb"<loc>(.*?)</loc>", sitemap) == [
        b"https://www.hilltop.example/",
        b"https://www.hilltop.example/stories/school-board",
    ]


def test_conditional_requests_get_304(server: SiteServer) -> None:
    _, headers, _ = get(server, "www.lakeview.example", "/about")
    assert (
        get(server, "www.lakeview.example", "/about", {"If-None-Match": headers["etag"]})[0] == 304
    )
    modified = {"If-Modified-Since": headers["last-modified"]}
    assert get(server, "www.lakeview.example", "/about", modified)[0] == 304


def test_head_sends_headers_only(server: SiteServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    conn.request("HEAD", "/about", headers={"Host": "www.lakeview.example"})
    response = conn.getresponse()
    assert response.status == 200
    assert response.read() == b""
    assert int(response.getheader("Content-Length") or 0) > 0
    conn.close()


def test_page_urls_lists_front_page_first() -> None:
    urls = page_urls(TEST_WEB / "www.lakeview.example")
    assert urls[0] == "https://www.lakeview.example/"
    assert "https://www.lakeview.example/news/coral-reefs" in urls


def test_serve_command_rejects_a_missing_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", str(tmp_path / "nope"), "--port", "0"])
    assert result.exit_code == 2
    assert "Error:" in result.output


def test_serve_command_serves_until_ctrl_c() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "attribution", "serve", str(TEST_WEB), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))  # type: ignore[union-attr]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/", headers={"Host": "www.lakeview.example"})
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


def test_every_sample_host_front_page_is_served() -> None:
    if not SAMPLES_WEB.is_dir():
        pytest.skip("samples/web is not there yet")
    hosts = sorted(p for p in SAMPLES_WEB.iterdir() if (p / "index.html").is_file())
    if not hosts:
        pytest.skip("no sample host has a front page yet")
    with SiteServer(SAMPLES_WEB).start() as srv:
        for host in hosts:
            status, headers, _ = get(srv, host.name, "/")
            assert (host.name, status) == (host.name, 200)
            assert headers["content-type"].startswith("text/html")
