"""The progress line of `attribution extract` over many pages, and while a web archive is
listed: on a terminal only, never on stdout, erased at the end, silenced by -q."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO

from rich.console import Console
from warcio.warcwriter import WARCWriter

from attribution.progress import listing_progress, page_progress, wanted

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "web"


def test_the_line_counts_pages_and_failures_on_a_terminal() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with page_progress(3, "extract", enabled=True, console=console) as counter:
        counter.advance()
        counter.advance(failed=True)
        counter.advance()
    assert (counter.done, counter.failed) == (3, 1)
    drawn = screen.getvalue()
    assert "3/3" in drawn and "pages" in drawn and "1 failed" in drawn


def test_nothing_is_drawn_when_not_wanted() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with page_progress(3, "extract", enabled=False, console=console) as counter:
        counter.advance(failed=True)
    assert counter.failed == 1
    assert screen.getvalue() == ""
    # Under pytest stderr is no terminal; -q and a single page never want it either.
    assert not wanted(quiet=False, total=50)
    assert not wanted(quiet=True, total=50)
    assert not wanted(quiet=False, total=1)


def test_the_listing_line_shows_how_far_through_the_file_it_is() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with listing_progress(4_000_000, "listing big.warc.gz", enabled=True, console=console) as at:
        at(1_000_000)
        at(2_000_000)
    drawn = screen.getvalue()
    assert "listing big.warc.gz" in drawn
    assert "4.0 MB" in drawn
    quiet = io.StringIO()
    with listing_progress(10, "listing", enabled=False, console=Console(file=quiet)) as at:
        at(5)
    assert quiet.getvalue() == ""


def _run_on_a_terminal(*args: str) -> tuple[bytes, bytes, int]:
    """Run the CLI with stderr on a pseudo-terminal and stdout in a file (a pipe nobody
    reads until the end would fill up and stall the child)."""
    master, slave = pty.openpty()
    with tempfile.TemporaryFile() as stdout:
        return _run_with(args, master, slave, stdout)


def _run_with(
    args: tuple[str, ...], master: int, slave: int, stdout: IO[bytes]
) -> tuple[bytes, bytes, int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "attribution", *args],
        stdout=stdout,
        stderr=slave,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
    )
    os.close(slave)
    drawn = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            drawn += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=120)
    os.close(master)
    stdout.seek(0)
    return stdout.read(), drawn, proc.returncode


def test_extract_draws_progress_on_a_terminal_and_keeps_stdout_clean() -> None:
    pages = sorted(SAMPLES.rglob("*.html"))
    out, drawn, code = _run_on_a_terminal("extract", str(SAMPLES), "--format", "jsonl")
    assert code == 0
    results = [json.loads(line) for line in out.decode().splitlines()]
    assert len(results) == len(pages)
    assert f"{len(pages)}/{len(pages)}".encode() in drawn
    assert b"pages" in drawn


def test_quiet_extract_draws_nothing_on_a_terminal() -> None:
    out, drawn, code = _run_on_a_terminal("-q", "extract", str(SAMPLES), "--format", "jsonl")
    assert code == 0
    assert out.count(b"\n") == len(sorted(SAMPLES.rglob("*.html")))
    assert b"pages" not in drawn


def test_extract_of_an_archive_shows_the_listing_on_a_terminal(tmp_path: Path) -> None:
    archive = tmp_path / "pages.warc.gz"
    pages = sorted(SAMPLES.rglob("*.html"))[:5]
    with archive.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n, page in enumerate(pages):
            record = writer.create_warc_record(
                f"https://site.example/{n}",
                "resource",
                payload=io.BytesIO(page.read_bytes()),
                length=page.stat().st_size,
                warc_content_type="text/html",
            )
            writer.write_record(record)
    out, drawn, code = _run_on_a_terminal("extract", str(archive), "--format", "jsonl")
    assert code == 0
    assert out.count(b"\n") == len(pages)
    assert b"listing pages.warc.gz" in drawn
    out, drawn, code = _run_on_a_terminal("-q", "extract", str(archive), "--format", "jsonl")
    assert code == 0 and b"listing" not in drawn
