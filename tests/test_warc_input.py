"""Web archives (WARC) as input to `extract` and `check`, through the real CLI: the archive a
crawl of the loopback test web writes is read back page by page, records that hold no HTML
page are passed over, and a damaged archive keeps the pages before the damage."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from attribution.cli import app
from attribution.extract import extract
from attribution.store import Store

pytestmark = pytest.mark.usefixtures("keep_root_logging")

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
LAKEVIEW = "https://www.lakeview.example"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


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


def _jsonl(result: Result) -> list[dict[str, object]]:
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
    assert seed["original"]["id"] == "276878"  # type: ignore[index]
    expected = extract(SEED.read_bytes(), url=SEED_URL).to_dict()
    assert {k: v for k, v in seed.items() if k != "source"} == {
        k: v for k, v in expected.items() if k != "source"
    }


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
        assert {k: v for k, v in found[final].items() if k != "source"} == {
            k: v for k, v in expected.items() if k != "source"
        }
    copy = found[f"{LAKEVIEW}/news/coral-reefs"]
    assert copy["original"]["domain"] == "theconversation.com"  # type: ignore[index]


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
