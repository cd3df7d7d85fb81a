"""Gzip-compressed saved pages (page.html.gz), as corpora and archive tools ship them: read by
`extract` and `check` like the plain page, through the real CLI; corrupt ones fail alone, and
no page expands past the size cap however well it compresses."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from attribution.cli import app
from attribution.errors import InputError
from attribution.extract.document import MAX_HTML_BYTES
from attribution.sources import page_bytes, read_file

ROOT = Path(__file__).resolve().parent.parent
SEED = (
    ROOT
    / "samples/web/www.newsdaily.example"
    / "how-china-is-betting-cheap-ai-will-get-the-world-hooked-on-its-tech.html"
)
SEED_URL = (
    "https://www.newsdaily.example/"
    "how-china-is-betting-cheap-ai-will-get-the-world-hooked-on-its-tech"
)
SITE = Path(__file__).parent / "check_site" / "public"
BASE = "https://www.hilltopherald.example/"


# The CLI's root callback reconfigures logging onto the runner's stderr: put it back after each.
pytestmark = pytest.mark.usefixtures("keep_root_logging")


def run(*args: str | Path, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args], input=stdin)


def _without_source(pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in page.items() if k != "source"} for page in pages]


def test_a_gzip_file_gives_the_plain_pages_output(tmp_path: Path) -> None:
    packed = tmp_path / "seed.html.gz"
    packed.write_bytes(gzip.compress(SEED.read_bytes()))
    plain = run("extract", SEED, "--url", SEED_URL, "-f", "json")
    zipped = run("extract", packed, "--url", SEED_URL, "-f", "json")
    assert zipped.exit_code == 0, zipped.stderr
    assert zipped.stderr == ""
    [page] = json.loads(zipped.stdout)
    assert page["source"] == str(packed)
    assert page["original"]["domain"] == "theconversation.com"
    assert _without_source(json.loads(zipped.stdout)) == _without_source(json.loads(plain.stdout))


def test_a_folder_yields_its_gzip_pages_beside_the_plain_ones(tmp_path: Path) -> None:
    (tmp_path / "deep").mkdir()
    (tmp_path / "a.html").write_bytes(SEED.read_bytes())
    (tmp_path / "deep" / "b.HTM.GZ").write_bytes(gzip.compress(SEED.read_bytes()))
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(b"not a page"))
    result = run("extract", tmp_path, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
    assert sources == [str(tmp_path / "a.html"), str(tmp_path / "deep" / "b.HTM.GZ")]


def test_stdin_may_be_gzip_compressed() -> None:
    result = run(
        "extract", "-", "--url", SEED_URL, "-f", "json", stdin=gzip.compress(SEED.read_bytes())
    )
    assert result.exit_code == 0, result.stderr
    [page] = json.loads(result.stdout)
    assert page["republished"] is True
    assert page["original"]["id"] == "276878"


def test_a_corrupt_gzip_file_fails_alone(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(gzip.compress(SEED.read_bytes())[:10] + b"\x00garbage" * 50)
    result = run("extract", broken, SEED, "-f", "jsonl")
    assert result.exit_code == 1
    assert "broken.html.gz: not a readable gzip file" in result.stderr
    failed, page = [json.loads(line) for line in result.stdout.splitlines()]
    assert failed["source"] == str(broken)
    assert failed["error"].startswith("not a readable gzip file")
    assert page["source"] == str(SEED)
    assert page["original"]["domain"] == "theconversation.com"


def test_a_page_never_expands_past_the_cap(tmp_path: Path) -> None:
    # A kilobyte-sized file that would expand to 3 MB: read up to the cap and no further.
    bomb = gzip.compress(b"<html><body>" + b"<p>x</p>" * 400_000)
    assert len(bomb) < 20_000
    assert len(page_bytes(bomb, 1000, source="bomb")) == 1001
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(bomb)
    assert len(read_file(path, 5000)) == 5001
    # Under the cap the whole page comes back.
    assert len(read_file(path, MAX_HTML_BYTES)) == len(b"<html><body>") + 8 * 400_000


def test_concatenated_gzip_members_are_read_one_after_another() -> None:
    data = gzip.compress(b"<html><body><p>first</p>") + gzip.compress(b"<p>second</p></body>")
    assert page_bytes(data, MAX_HTML_BYTES, source="two") == (
        b"<html><body><p>first</p><p>second</p></body>"
    )


def test_bytes_that_only_start_like_gzip_raise_an_input_error() -> None:
    with pytest.raises(InputError, match="not a readable gzip file"):
        page_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 40, MAX_HTML_BYTES, source="x")


def test_check_reads_a_gzip_site_and_gives_its_pages_the_served_urls(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "public"
    shutil.copytree(SITE, site)
    for page in site.rglob("*.html"):
        page.with_name(page.name + ".gz").write_bytes(gzip.compress(page.read_bytes()))
        page.unlink()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = CliRunner().invoke(app, ["check", "public", "--base-url", BASE, "-f", "json"])
    assert result.exit_code == 1, result.output
    found = json.loads(result.stdout)["findings"]
    seed = [f for f in found if f["source"] == "public/tech/china-cheap-ai/index.html.gz"]
    assert {f["rule"] for f in seed} == {"ATR001", "ATR003", "ATR004", "ATR005"}
    assert {f["url"] for f in seed} == {"https://www.hilltopherald.example/tech/china-cheap-ai/"}
