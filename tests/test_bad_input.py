"""Bad input: each gives a result or a clear message, and never stops the other inputs.

Broken and truncated markup, empty and binary files, legacy encodings and byte-order marks,
a page over the size cap, deep nesting, a missing file and an unreachable URL.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from attribution import commands, parallel
from attribution.cli import app
from attribution.errors import DecodeError
from attribution.extract import extract, page_text
from attribution.extract.page_text import MAX_HTML_BYTES
from attribution.registry import load_registry

REGISTRY = load_registry()
SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "web"
# A ProPublica copy that extract recognises from the file alone.
GOOD_PAGE = (
    SAMPLES
    / "www.lakeshorecourier.example/news/2026/03/05/nursing-home-inspections-years-behind.html"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"

STORY = """<!doctype html>
<html lang="es"><head>{meta}<title>Acequia volunteers hold the “limpia” – Mesa Alta</title></head>
<body><nav><a href="/">Inicio</a></nav>
<main><article><h1>Acequia volunteers hold the “limpia”</h1>
<p class="byline">By José Núñez</p>
<p>More than forty parciantes turned out on Saturday to clear the ditch – “it’s the oldest
tradition we have,” said mayordoma Inés Peña.</p>
</article></main></body></html>
"""


# The CLI's root callback reconfigures logging onto the runner's stderr: put it back after each.
pytestmark = pytest.mark.usefixtures("keep_root_logging")


def story(meta: str = "") -> str:
    return STORY.format(meta=meta)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def assert_other_input_still_processed(result: Result, bad: Path | str) -> None:
    """`extract BAD GOOD`: exit 1, the bad one named on stderr, the good one's result printed."""
    assert result.exit_code == 1
    assert f"Error: {bad}:" in result.stderr
    failed, good = jsonl(result.stdout)
    assert failed["source"] == str(bad)
    assert failed["error"]
    assert good["source"] == str(GOOD_PAGE)
    assert good["republished"] is True
    assert good["original"]["domain"] == "propublica.org"


# --- broken markup ------------------------------------------------------------------------------


def test_truncated_page_still_gives_the_credits_before_the_cut() -> None:
    html = (
        '<html><head><title>Flood maps</title></head><body><article><p class="byline">'
        "By Jane Doe</p><p>This story was originally published by "
        '<a href="https://www.propublica.org/article/flood-maps-outdated">ProPub'
    )
    result = extract(html, url="https://www.riverside.example/news/flood-maps", registry=REGISTRY)
    assert result.authors == ("Jane Doe",)
    assert result.republished is True
    assert result.original is not None
    assert result.original.domain == "propublica.org"


def test_broken_markup_is_read_as_a_browser_would() -> None:
    html = (
        "<html><head><title>Broken</title><body></div></span><<<>>>\n"
        "<article><p class=byline>By <b>Jane Doe</p></b><p>Text <i>without <u>closing"
        "<p>This article is republished from <a href=https://theconversation.com/x-123456>"
        "The Conversation</a> under a Creative Commons license.</td></tr></table>"
    )
    result = extract(html, url="https://www.riverside.example/news/broken", registry=REGISTRY)
    assert result.authors == ("Jane Doe",)
    assert result.republished is True
    assert result.original is not None
    assert result.original.domain == "theconversation.com"
    assert result.original.id == "123456"


def test_page_cut_inside_a_utf8_character_decodes() -> None:
    data = story(meta='<meta charset="utf-8">').encode("utf-8")
    cut = data.index("Núñez".encode()) + 2  # in the middle of "ú"
    result = extract(data[:cut] + b"</p></article>", registry=REGISTRY)
    assert result.title is not None
    json.dumps(result.to_dict())


def test_truncated_file_through_the_cli(tmp_path: Path) -> None:
    page = tmp_path / "cut.html"
    page.write_bytes(GOOD_PAGE.read_bytes()[:3000])
    result = run("extract", page, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    [out] = jsonl(result.stdout)
    assert out["source"] == str(page)
    assert "error" not in out


# --- empty and binary files ---------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t  \r\n", "", " \n "], ids=repr)
def test_empty_input_raises_decode_error(data: bytes | str) -> None:
    with pytest.raises(DecodeError, match="empty"):
        extract(data, registry=REGISTRY)


def test_binary_input_raises_decode_error() -> None:
    with pytest.raises(DecodeError, match="binary"):
        extract(PNG + bytes(range(256)) * 8, registry=REGISTRY)


def test_empty_file_fails_alone(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = run("extract", empty, GOOD_PAGE, "-f", "jsonl")
    assert_other_input_still_processed(result, empty)
    assert "empty" in result.stderr


def test_binary_file_fails_alone(tmp_path: Path) -> None:
    image = tmp_path / "photo.html"
    image.write_bytes(PNG + bytes(range(256)) * 8)
    result = run("extract", image, GOOD_PAGE, "-f", "jsonl")
    assert_other_input_still_processed(result, image)
    assert "binary" in result.stderr


# --- text decoding ------------------------------------------------------------------------------


def test_undeclared_windows_1252_decodes_as_cp1252() -> None:
    data = story().encode("cp1252")
    assert b"Jos\xe9 N\xfa\xf1ez" in data
    result = extract(data, registry=REGISTRY)
    assert result.authors == ("José Núñez",)
    assert result.title is not None
    assert "the “limpia”" in result.title


def test_undeclared_windows_1252_after_a_large_ascii_head_decodes_as_cp1252() -> None:
    entries = ", ".join(f"k{i}: {i}" for i in range(12000))
    script = f"<script>var config = {{{entries}}};</script>"
    data = story(meta=script).encode("cp1252")
    assert data.index(b"\xe9") > 65536
    result = extract(data, registry=REGISTRY)
    assert result.authors == ("José Núñez",)


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
    ids=["utf-8", "utf-16-le", "utf-16-be"],
)
def test_byte_order_mark_decides_the_encoding(bom: bytes, codec: str) -> None:
    result = extract(bom + story().encode(codec), registry=REGISTRY)
    assert result.authors == ("José Núñez",)
    assert result.title is not None
    assert not result.title.startswith("\ufeff")


def test_byte_order_mark_beats_meta_charset_and_http_header() -> None:
    data = b"\xef\xbb\xbf" + story(meta='<meta charset="windows-1252">').encode("utf-8")
    result = extract(data, content_type="text/html; charset=iso-8859-1", registry=REGISTRY)
    assert result.authors == ("José Núñez",)


@pytest.mark.parametrize("label", ["uu", "base64", "zip", "hex", "rot13", "uu<f-8"])
@pytest.mark.parametrize("codec", ["utf-8", "cp1252"])
def test_a_charset_that_names_no_text_encoding_is_passed_over(label: str, codec: str) -> None:
    # Python knows these names as codecs (bytes to bytes, text to text); no browser knows them
    # as labels, so the page is read as if it declared nothing (found by fuzzing: an exception
    # escaped extract).
    data = story(meta=f'<meta charset="{label}">').encode(codec)
    result = extract(data, registry=REGISTRY)
    assert result.authors == ("José Núñez",)
    assert result.warnings == ("the declared charset names no text encoding: ignored",)


def test_a_header_charset_that_names_no_text_encoding_leaves_the_meta_one() -> None:
    data = story(meta='<meta charset="windows-1252">').encode("cp1252")
    result = extract(data, content_type="text/html; charset=base64", registry=REGISTRY)
    assert result.authors == ("José Núñez",)


def test_http_header_beats_meta_charset() -> None:
    data = story(meta='<meta charset="utf-8">').encode("cp1252")
    result = extract(data, content_type="text/html; charset=windows-1252", registry=REGISTRY)
    assert result.authors == ("José Núñez",)


@pytest.mark.parametrize(
    "meta",
    [
        "<meta charset=iso-8859-1>",
        '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">',
    ],
    ids=["meta-charset", "http-equiv"],
)
def test_latin1_declaration_is_read_as_windows_1252(meta: str) -> None:
    data = story(meta=meta).encode("cp1252")
    assert b"\x93limpia\x94" in data
    result = extract(data, registry=REGISTRY)
    assert result.title is not None
    assert "the “limpia”" in result.title
    assert result.authors == ("José Núñez",)


def test_undeclared_windows_1252_file_through_the_cli(tmp_path: Path) -> None:
    page = tmp_path / "legacy.html"
    page.write_bytes(story().encode("cp1252"))
    result = run("extract", page, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    [out] = jsonl(result.stdout)
    assert out["authors"] == ["José Núñez"]


# --- size cap and nesting -----------------------------------------------------------------------


def test_page_over_the_size_cap_is_cut_with_a_warning(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    head = (
        b"<!doctype html><html><head><title>Big page</title></head><body><article>"
        b'<h1>Big page</h1><p class="byline">By Jane Doe</p>\n'
    )
    filler = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 16 + "</p>\n"
    chunk = filler.encode() * 1024
    # Past the cap: a notice that would make the page a ProPublica copy if it were read.
    tail = (
        b"<p>This story was originally published by "
        b'<a href="https://www.propublica.org/article/big">ProPublica</a>.</p>'
        b'<script src="http://pixel.propublica.org/pixel.js"></script></article></body></html>'
    )
    with page.open("wb") as fh:
        fh.write(head)
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
        fh.write(tail)
    size = page.stat().st_size
    assert size > 50 * 1024 * 1024 > MAX_HTML_BYTES

    result = run("extract", page, "-f", "jsonl")
    assert result.exit_code == 0
    assert "WARNING" in result.stderr
    assert str(MAX_HTML_BYTES) in result.stderr
    assert str(page) in result.stderr
    [out] = jsonl(result.stdout)
    assert out["title"] == "Big page"
    assert out["authors"] == ["Jane Doe"]
    assert out["republished"] is False  # the notice and the pixel lie past the cap
    assert any(str(MAX_HTML_BYTES) in w for w in out["warnings"])


def test_size_warning_states_the_real_size_or_only_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cap = 2000  # a small cap makes the over-size case cheap
    monkeypatch.setattr(commands, "MAX_HTML_BYTES", cap)
    monkeypatch.setattr(page_text, "MAX_HTML_BYTES", cap)
    page = tmp_path / "big.html"
    page.write_text(story() + "<p>filler</p>" * 1000, encoding="utf-8")
    size = page.stat().st_size
    result = run("extract", page, "-f", "jsonl")
    assert result.exit_code == 0
    stated = [int(n) for n in re.findall(r"(\d+) bytes", result.stderr)]
    assert stated
    assert all(n in (cap, size) for n in stated), (stated, size)


def test_deeply_nested_markup_does_not_crash() -> None:
    depth = 5000
    html = (
        '<html><body><article><p class="byline">By Jane Doe</p>'
        + "<div>" * depth
        + "<p>This article is republished from "
        '<a href="https://theconversation.com/deep-123456">The Conversation</a>.</p>'
        + "</div>" * depth
        + "</article></body></html>"
    )
    result = extract(html, url="https://www.riverside.example/deep", registry=REGISTRY)
    assert result.authors == ("Jane Doe",)
    assert result.original is not None
    assert result.original.domain == "theconversation.com"
    json.dumps(result.to_dict())


def test_hundred_thousand_nested_divs_extract_within_seconds(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    depth = 100_000
    page.write_text(
        '<html><body><p class="byline">By Jane Doe</p>'
        + "<div>" * depth
        + "deep"
        + "</div>" * depth
        + "</body></html>",
        encoding="utf-8",
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "attribution", "extract", str(page), "-f", "jsonl"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=5,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("extract took longer than 5 s on 100,000 nested divs")
    assert proc.returncode == 0, proc.stderr
    assert "RecursionError" not in proc.stderr
    [out] = jsonl(proc.stdout)
    assert out["authors"] == ["Jane Doe"]


def test_deeply_nested_json_ld_does_not_crash() -> None:
    html = (
        '<html><head><script type="application/ld+json">'
        + "[" * 100_000
        + "]" * 100_000
        + '</script></head><body><p class="byline">By Jane Doe</p></body></html>'
    )
    result = extract(html, registry=REGISTRY)
    assert result.authors == ("Jane Doe",)


def test_unexpected_failure_on_one_page_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "crashing.html"
    page.write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    real = parallel.extract_document

    def crash_on_one_page(doc: Any, **kwargs: Any) -> Any:
        if kwargs.get("source") == str(page):
            raise RuntimeError("an extraction bug")
        return real(doc, **kwargs)

    monkeypatch.setattr(parallel, "extract_document", crash_on_one_page)
    result = run("extract", page, GOOD_PAGE, "-f", "jsonl")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert_other_input_still_processed(result, page)
    assert "internal error: RuntimeError: an extraction bug" in result.stderr


# --- missing files and unreachable URLs ---------------------------------------------------------


def test_missing_file_fails_alone(tmp_path: Path) -> None:
    missing = tmp_path / "missing.html"
    result = run("extract", missing, GOOD_PAGE, "-f", "jsonl")
    assert_other_input_still_processed(result, missing)
    assert "no such file" in result.stderr


# Port 9 (discard) on loopback: nothing listens there, and no request leaves the machine.
UNREACHABLE = "http://127.0.0.1:9/"


def test_unreachable_url_fails_alone() -> None:
    result = run("extract", UNREACHABLE, GOOD_PAGE, "-f", "jsonl")
    assert_other_input_still_processed(result, UNREACHABLE)
    assert "Traceback" not in result.stderr


def test_unreachable_url_message_names_only_options_extract_has() -> None:
    result = run("extract", UNREACHABLE)
    assert result.exit_code == 1
    options = set(re.findall(r"--[a-z][a-z-]+", result.stderr))
    help_text = run("extract", "--help").stdout
    assert all(option in help_text for option in options), options


@pytest.mark.parametrize("extra", [[], ["--allow-private"]])
def test_unreachable_url_message_names_the_url_once(extra: list[str]) -> None:
    # Refused by the address guard, or refused by the (empty) port: one clear line each.
    result = run("extract", UNREACHABLE, *extra)
    assert result.exit_code == 1
    [line] = [ln for ln in result.stderr.splitlines() if ln.startswith("Error:")]
    assert line.count("127.0.0.1:9") == 1, line
    assert "(127.0.0.1)" not in line  # the address is the host itself: not said twice
