"""Headless Chromium for the HTML report tests.

Playwright drives the system's Chromium (Debian's ``chromium`` package; ``.ci/run`` installs
it): no ``playwright install``, no downloaded browser. Where neither playwright nor a browser is
found, ``skip_reason()`` says which is missing so the tests skip with that reason.
"""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Flags for a quiet, offline browser in a container: no sandbox (root in CI), no GPU, and no
#: background traffic of its own, so every request a test records comes from the page.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The browser to drive: ``$ATTRIBUTION_CHROMIUM``, else the first Chromium on PATH."""
    explicit = os.environ.get("ATTRIBUTION_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def skip_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if find_chromium() is None:
        return (
            "no Chromium found (apt-get install chromium, or set ATTRIBUTION_CHROMIUM); "
            ".ci/run installs it"
        )
    return None


@dataclass
class PageLog:
    """Everything a page said or asked for while a test ran."""

    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]


def open_page(
    browser: Any, url: str, *, width: int = 1400, height: int = 1000
) -> tuple[Any, PageLog]:
    """A fresh page at ``url`` with its console, errors and requests recorded."""
    page = browser.new_page(viewport={"width": width, "height": height})
    log = PageLog()
    page.on("console", lambda msg: log.console.append((msg.type, msg.text)))
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))
    page.on("request", lambda req: log.requests.append(req.url))
    page.goto(url)
    return page, log


def decode_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """(width, height, rows of raw pixels, bytes per pixel) of an 8-bit RGB or RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos = 8
    idat = b""
    width = height = bpp = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        filt = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if filt == 1:
                line[i] = (line[i] + a) & 0xFF
            elif filt == 2:
                line[i] = (line[i] + b) & 0xFF
            elif filt == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif filt == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def pixel_stats(png: bytes) -> tuple[int, float]:
    """(distinct colours, share of pixels that differ from the most common colour)."""
    width, height, rows, bpp = decode_png(png)
    counts: dict[bytes, int] = {}
    for row in rows:
        for x in range(0, width * bpp, bpp):
            px = row[x : x + 3]
            counts[px] = counts.get(px, 0) + 1
    background = max(counts.values())
    total = width * height
    return len(counts), (total - background) / total


def screenshot(html: Path, png: Path, *, width: int = 1400, height: int = 1000) -> None:
    """Save a picture of a rendered HTML report (for the README), network section in view."""
    from playwright.sync_api import sync_playwright

    executable = find_chromium()
    if executable is None:
        raise SystemExit(skip_reason())
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        page, _ = open_page(browser, html.resolve().as_uri(), width=width, height=height)
        page.wait_for_selector("body[data-ready='1']", timeout=120_000)
        page.locator("#network-section").scroll_into_view_if_needed()
        page.locator(".network-wrap").screenshot(path=str(png))
        browser.close()


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 3:
        raise SystemExit("usage: python -m tests.browser REPORT.html OUT.png")
    screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
