"""Saved pages as corpora and archive tools ship them, read by `extract` and `check` through the
real CLI like plain pages:

- gzip-compressed pages (page.html.gz): corrupt ones fail alone, and no page expands past the
  size cap however well it compresses;
- web archives (WARC): the archive a crawl of the loopback test web writes is read back page
  by page, records that hold no HTML page are passed over, and a damaged archive, or one cut
  short, keeps the pages before the damage and says what is wrong.
"""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from attribution.cli import app
from attribution.errors import InputError
from attribution.extract import extract
from attribution.extract.page_text import MAX_HTML_BYTES
from attribution.sources import archived_pages, page_bytes, read_file
from attribution.store import Store

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
LAKEVIEW = "https://www.lakeview.example"


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


# --- web archives ---------------------------------------------------------------------------


def _response(
    writer: WARCWriter, url: str, body: bytes, *, status: str = "200 OK", ctype: str = "text/html"
) -> None:
    headers = StatusAndHeaders(
        status, [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
    )
    writer.write_record(record)


def _archive(path: Path, *, gzipped: bool = True) -> None:
    """An archive with one page of each kind a crawler or a browser archive stores."""
    page = SEED.read_bytes()
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        request = writer.create_warc_record(
            SEED_URL, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"), length=18
        )
        writer.write_record(request)
        _response(writer, SEED_URL, page, ctype="text/html; charset=utf-8")
        _response(writer, "https://www.newsdaily.example/logo.png", b"\x89PNG", ctype="image/png")
        _response(
            writer, "https://www.newsdaily.example/gone", b"<p>gone</p>", status="404 Not Found"
        )
        _response(writer, "https://www.newsdaily.example/old", b"", status="301 Moved Permanently")
        resource = writer.create_warc_record(
            "https://www.mensweekly.example/saved",
            "resource",
            payload=io.BytesIO(page),
            length=len(page),
            warc_content_type="text/html",
        )
        writer.write_record(resource)


def _jsonl(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("gzipped", [True, False])
def test_an_archive_yields_its_html_pages_by_their_recorded_urls(
    tmp_path: Path, gzipped: bool
) -> None:
    archive = tmp_path / ("pages.warc.gz" if gzipped else "pages.warc")
    _archive(archive, gzipped=gzipped)
    result = run("extract", archive, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    found = _jsonl(result)
    assert [p["url"] for p in found] == [SEED_URL, "https://www.mensweekly.example/saved"]
    assert [p["source"] for p in found] == [f"{archive}#{p['url']}" for p in found]
    seed = found[0]
    assert seed["republished"] is True
    assert seed["original"]["id"] == "276878"
    expected = extract(SEED.read_bytes(), url=SEED_URL).to_dict()
    assert _without_source([seed]) == _without_source([expected])


def test_the_archive_a_crawl_writes_reads_back_as_its_stored_pages(
    web_server, tmp_path: Path
) -> None:
    archive, db = tmp_path / "crawl.warc.gz", tmp_path / "crawl.db"
    crawled = CliRunner().invoke(
        app,
        [
            *("crawl", f"{LAKEVIEW}/", "--db", str(db), "--resolve", web_server.resolve),
            *("--delay", "0", "--warc", str(archive)),
        ],
    )
    assert crawled.exit_code == 0, crawled.output
    with Store(db, readonly=True) as store:
        stored = {
            url: (final or url, body) for url, final, _ctype, body in store.iter_html_bodies()
        }
    result = run("extract", archive, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    found = {p["url"]: p for p in _jsonl(result)}
    assert set(found) == {final for final, _ in stored.values()}
    for final, body in stored.values():
        expected = extract(body, url=final).to_dict()
        assert _without_source([found[final]]) == _without_source([expected])
    copy = found[f"{LAKEVIEW}/news/coral-reefs"]
    assert copy["original"]["domain"] == "theconversation.com"


def test_a_damaged_archive_keeps_the_pages_before_the_damage(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _archive(whole)
    data = bytearray(whole.read_bytes())
    # Overwrite bytes inside the last record (the resource): the response before it is whole.
    data[-2500:-2400] = b"\x55" * 100
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(bytes(data))
    result = run("extract", damaged, SEED, "-f", "jsonl")
    assert result.exit_code == 1
    found = _jsonl(result)
    assert [p["source"] for p in found] == [f"{damaged}#{SEED_URL}", str(damaged), str(SEED)]
    assert found[0]["republished"] is True
    error = str(found[1]["error"])
    assert error.startswith("not a readable WARC file (Invalid WARC record)")
    assert error.endswith("read up to its damage: 1 HTML page")
    assert error.isprintable()
    assert f"{damaged}: not a readable WARC file" in result.stderr


@pytest.mark.parametrize("gzipped", [True, False])
def test_an_archive_cut_short_says_so_and_keeps_what_it_holds(
    tmp_path: Path, gzipped: bool
) -> None:
    whole = tmp_path / ("whole.warc.gz" if gzipped else "whole.warc")
    _archive(whole, gzipped=gzipped)
    # An interrupted download: the file ends inside its last record (the saved resource).
    cut = tmp_path / ("cut.warc.gz" if gzipped else "cut.warc")
    cut.write_bytes(whole.read_bytes()[:-1500])
    result = run("extract", cut, SEED, "-f", "jsonl")
    assert result.exit_code == 1
    found = _jsonl(result)
    saved = "https://www.mensweekly.example/saved"
    assert [p["source"] for p in found] == [
        f"{cut}#{SEED_URL}",
        f"{cut}#{saved}",
        str(cut),
        str(SEED),
    ]
    # The pages before the cut are whole; the one cut short is read as far as it goes.
    expected = extract(SEED.read_bytes(), url=SEED_URL).to_dict()
    assert _without_source(found[:1]) == _without_source([expected])
    assert found[1]["url"] == saved
    error = str(found[2]["error"])
    assert error.startswith("not a complete WARC file: its last record is cut short (")
    assert "bytes missing" in error
    assert error.endswith("read up to its damage: 2 HTML pages")
    assert f"{cut}: not a complete WARC file" in result.stderr
    # The whole archive reads without an error.
    assert run("extract", whole, "-f", "jsonl").exit_code == 0


def test_check_reports_an_archive_cut_short(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _archive(whole)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:-1500])
    result = run("check", cut, "--format", "json")
    # An input that could not be read whole is exit 2, above the findings' 1.
    assert result.exit_code == 2
    assert "not a complete WARC file" in result.stderr
    assert "read up to its damage: 2 HTML pages" in result.stderr
    pages = {f["url"] for f in json.loads(result.stdout)["findings"]}
    assert pages == {SEED_URL, "https://www.mensweekly.example/saved"}


def test_listing_an_archive_passes_every_record_offset_in_order(tmp_path: Path) -> None:
    archive = tmp_path / "pages.warc.gz"
    _archive(archive)
    offsets: list[int] = []
    pages, damage = archived_pages(archive, offsets.append)
    assert damage is None
    # warcinfo, request, four responses, resource: the pages are the first response and the
    # resource.
    assert len(offsets) == 7
    assert offsets[0] == 0 and offsets == sorted(set(offsets))
    assert offsets[-1] < archive.stat().st_size
    assert [page.offset for page in pages] == [offsets[2], offsets[6]]


def test_a_file_named_like_an_archive_that_is_not_one_fails_alone(tmp_path: Path) -> None:
    fake = tmp_path / "notes.warc.gz"
    fake.write_bytes(gzip.compress(b"just some text, no WARC header\n" * 20))
    result = run("extract", fake, SEED, "-f", "jsonl")
    assert result.exit_code == 1
    failed, page = _jsonl(result)
    assert failed["source"] == str(fake)
    assert str(failed["error"]).startswith("not a readable WARC file")
    assert page["source"] == str(SEED)


def test_url_cannot_be_given_for_an_archive(tmp_path: Path) -> None:
    archive = tmp_path / "pages.warc.gz"
    _archive(archive)
    result = run("extract", archive, "--url", SEED_URL)
    assert result.exit_code == 2
    assert "--url applies to a single file or stdin" in result.stderr


def test_check_reads_an_archive_and_reports_the_copy_by_its_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "pages.warc.gz"
    _archive(archive)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = CliRunner().invoke(app, ["check", "pages.warc.gz", "-f", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    seed = [f for f in findings if f["url"] == SEED_URL]
    assert {f["rule"] for f in seed} == {"ATR001", "ATR003", "ATR004", "ATR005"}
    assert {f["source"] for f in seed} == {f"pages.warc.gz#{SEED_URL}"}


def test_compare_takes_one_page_not_an_archive(tmp_path: Path) -> None:
    archive = tmp_path / "pages.warc.gz"
    _archive(archive)
    result = run("compare", archive, SEED)
    assert result.exit_code != 0
    assert "a web archive holds many pages: compare takes one page" in result.stderr
