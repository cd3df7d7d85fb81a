"""`attribution crawl` end to end: the real CLI, a real loopback server, a real SQLite store."""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
import os
import pickle
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result
from warcio.archiveiterator import ArchiveIterator

from attribution.cli import app
from attribution.crawler import expand_seeds, extract_page, parse_feed
from attribution.errors import ConfigError
from attribution.extract import extract_document, parse_document
from attribution.frontier import normalize_url
from attribution.models import PageRecord
from attribution.registry import load_registry
from attribution.settings import DEFAULT_USER_AGENT, CrawlSettings, default_workers, usable_cpus
from attribution.store import Store

LAKEVIEW = "https://www.lakeview.example"
ORIGINAL = "https://theconversation.com/coral-spawning-is-shifting-as-the-oceans-warm-123456"
MANY_PAGES = 40  # as in conftest


def crawl(server, db: Path, *args: str, delay: str = "0") -> Result:
    """Run `attribution crawl` in-process against the loopback server."""
    argv = ["crawl", *args, "--db", str(db), "--resolve", server.resolve, "--delay", delay]
    result = CliRunner().invoke(app, argv)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def pages(db: Path) -> dict[str, PageRecord]:
    with Store(db, readonly=True) as store:
        return {p.url: p for p in store.iter_pages()}


def requested(server, host: str) -> list[str]:
    return server.log.paths(host)


# --- a normal crawl ----------------------------------------------------------------------------


def test_crawl_stores_the_outlet_and_follows_the_credit_to_the_original(web_server, db_path):
    result = crawl(web_server, db_path, f"{LAKEVIEW}/")
    assert result.exit_code == 0, result.output
    assert "Crawled: 6 pages" in result.output
    stored = pages(db_path)
    assert set(stored) == {
        f"{LAKEVIEW}/",
        f"{LAKEVIEW}/about",
        f"{LAKEVIEW}/news/city-budget",
        f"{LAKEVIEW}/news/coral-reefs",
        f"{LAKEVIEW}/old-url",
        ORIGINAL,
    }
    assert all(p.status == 200 and p.kind == "html" for p in stored.values())
    moved = stored[f"{LAKEVIEW}/old-url"]
    assert moved.final_url == f"{LAKEVIEW}/news/moved-story"
    assert [(h.status, h.location) for h in moved.redirects] == [(301, moved.final_url)]
    with Store(db_path, readonly=True) as store:
        [link] = store.iter_copies()
        assert (link.copy_url, link.original_url) == (f"{LAKEVIEW}/news/coral-reefs", ORIGINAL)
        assert link.original_fetched_url == ORIGINAL
        copy = store.get_page(f"{LAKEVIEW}/news/coral-reefs")
        assert copy is not None
        extraction = store.get_extraction(copy.id)
        assert extraction is not None and extraction["republished"] is True
        assert b"This article is republished" in (store.get_body(copy.id) or b"")
        signals = {c.signal for url, c in store.iter_credits() if url == copy.url}
        assert {"notice", "original_link"} <= signals


def test_crawl_never_requests_beacons_assets_disallowed_or_out_of_scope_pages(web_server, db_path):
    crawl(web_server, db_path, f"{LAKEVIEW}/")
    lakeview = requested(web_server, "www.lakeview.example")
    assert lakeview[0] == "/robots.txt"
    assert "/private/draft" not in lakeview
    assert not any(p.startswith("/static/") for p in lakeview)
    assert requested(web_server, "counter.theconversation.com") == []
    # The tracked link is the same page: fetched once.
    assert lakeview.count("/news/city-budget") == 1
    assert not any("utm_" in p for p in lakeview)
    # The original is fetched one hop past the scope; its own links are not followed.
    assert requested(web_server, "theconversation.com") == [
        "/robots.txt",
        "/coral-spawning-is-shifting-as-the-oceans-warm-123456",
    ]
    assert requested(web_server, "www.hilltop.example") == []  # another site: out of scope
    with Store(db_path, readonly=True) as store:
        run = store.last_crawl()
        assert run is not None and run.status == "finished"
        skipped = [i.url for i in store.frontier(run.id, state="skipped")]
        assert skipped == [f"{LAKEVIEW}/private/draft"]
    agents = {h["User-Agent"] for _, _, h in web_server.log.requests}
    assert agents == {DEFAULT_USER_AGENT}


def test_no_follow_credits_leaves_the_original_alone(web_server, db_path):
    result = crawl(web_server, db_path, f"{LAKEVIEW}/", "--no-follow-credits")
    assert result.exit_code == 0
    assert requested(web_server, "theconversation.com") == []
    with Store(db_path, readonly=True) as store:
        [link] = store.iter_copies()  # the link is recorded; the original is not fetched
        assert link.original_page_id is None


def test_scope_any_and_max_depth(web_server, db_path):
    crawl(web_server, db_path, f"{LAKEVIEW}/", "--scope", "any", "--max-depth", "1")
    assert "/" in requested(web_server, "www.hilltop.example")
    # Depth 1 from the seed: the Hilltop front page, not its stories.
    assert "/stories/school-board" not in requested(web_server, "www.hilltop.example")


def test_max_pages_stops_and_resume_continues(web_server, db_path):
    first = crawl(web_server, db_path, "http://many.example/", "--max-pages", "5")
    assert first.exit_code == 0
    assert len(pages(db_path)) == 5
    assert "still queued" in first.output
    second = crawl(web_server, db_path, "--resume")
    assert second.exit_code == 0
    assert len(pages(db_path)) == MANY_PAGES


# --- faults ------------------------------------------------------------------------------------


def test_fault_endpoints_are_recorded_not_fatal(web_server, db_path):
    result = crawl(
        web_server,
        db_path,
        "http://faults.example/",
        "--timeout", "0.5",
        "--retries", "1",
        "--max-size", "256KB",
        "--per-host", "8",
    )  # fmt: skip
    assert result.exit_code == 1, result.output  # some pages failed
    stored = pages(db_path)

    def page(path: str) -> PageRecord:
        return stored[f"http://faults.example{path}"]

    assert page("/slow").error_kind == "FetchTimeout"
    assert (page("/flaky").status, page("/flaky").attempts) == (200, 2)
    assert (page("/ratelimited").status, page("/ratelimited").attempts) == (200, 2)
    assert page("/loop-a").error_kind == "TooManyRedirects"
    assert page("/to-private").error_kind == "BlockedAddress"
    assert page("/to-loopback").error_kind == "BlockedAddress"
    assert page("/hop").final_url == "http://faults.example/landed"
    assert (page("/endless").truncated, page("/endless").content_length) == ("size", 256 * 1024)
    assert page("/bomb").truncated == "decoded-size"
    assert page("/data").kind == "other"
    assert page("/reset").error_kind == "NetworkError"
    assert (page("/missing").status, page("/missing").error) == (404, "HTTP 404")
    assert "http://faults.example/private/secret" not in stored
    assert "/private/secret" not in requested(web_server, "faults.example")
    # The calendar trap is bounded by the depth limit (5): a handful of months, not forever.
    months = [u for u in stored if "/calendar" in u]
    assert 1 <= len(months) <= 12
    hosts = {h for h, _, _ in web_server.log.requests}
    assert hosts == {"faults.example"}  # nothing went to 169.254.169.254 or 127.0.0.1
    # The report counts what could not be fetched (a 404, a reset, a redirect loop...) and
    # the bomb's 20 MB of zeros (not a text document), and leaves out the non-HTML /data and
    # the robots.txt-disallowed page.
    assert page("/bomb").error_kind == "DecodeError"
    report = CliRunner().invoke(app, ["report", "--db", str(db_path), "--format", "json"])
    unread = json.loads(report.stdout)["headline"]["unread"]
    failed = [p.url for p in stored.values() if p.kind == "error"]
    assert len(failed) >= 6 and "http://faults.example/missing" in failed
    assert unread == {"not_fetched": len(failed), "not_text": 1, "stopped": 0}


def test_a_site_that_cannot_be_reached_fails_its_pages_and_says_why(web_server, db_path):
    # A port nothing listens on: the site's robots.txt cannot be read, so (RFC 9309) none of
    # its pages is requested, and the crawl reports them as failed, not as skipped.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    argv = [
        "crawl", "http://down.example/", "http://down.example/news",
        "--db", str(db_path), "--delay", "0", "--retries", "0",
        "--resolve", f"down.example=127.0.0.1:{dead}",
    ]  # fmt: skip
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 1, result.output
    stored = pages(db_path)
    assert {u: p.error_kind for u, p in stored.items()} == {
        "http://down.example/": "SiteUnavailable",
        "http://down.example/news": "SiteUnavailable",
    }
    assert "robots.txt unreachable" in str(stored["http://down.example/"].error)
    assert result.stderr.count("http://down.example: robots.txt unreachable") == 1
    assert "Errors: SiteUnavailable x2" in result.stderr
    assert "Skipped 0" in result.stderr


def test_a_blocked_address_is_explained_in_the_summary(web_server, db_path):
    result = CliRunner().invoke(app, ["crawl", "http://127.0.0.1:9/", "--db", str(db_path)])
    assert result.exit_code == 1
    assert "Errors: BlockedAddress x1" in result.stderr
    assert "--allow-private crawls them" in result.stderr


def test_calendar_trap_is_bounded_even_without_a_depth_limit(web_server, db_path):
    crawl(web_server, db_path, "http://faults.example/calendar?month=0", "--max-depth", "100000")
    months = [u for u in pages(db_path) if "/calendar" in u]
    assert len(months) <= 1 + 2 * 50  # the seed, then a run of 50 each way


def test_calendar_trap_stays_bounded_across_resumes(web_server, db_path):
    # Each run stops after 30 pages; every resume must continue the trap's runs, not restart
    # them (which would grant another 50 months each way every time).
    result = crawl(
        web_server,
        db_path,
        "http://faults.example/calendar?month=0",
        "--max-depth",
        "100000",
        "--max-pages",
        "30",
    )
    for _ in range(8):
        with Store(db_path, readonly=True) as store:
            run = store.last_crawl()
            assert run is not None
            if store.frontier_counts(run.id)["queued"] == 0:
                break
        result = crawl(
            web_server, db_path, "--resume", "--max-depth", "100000", "--max-pages", "30"
        )
        assert result.exit_code == 0, result.output
    months = [u for u in pages(db_path) if "/calendar" in u]
    assert len(months) > 60  # several resumes did happen
    assert len(months) <= 1 + 2 * 50  # the seed, then a run of 50 each way, in all


# --- re-crawl, seeds, WARC ---------------------------------------------------------------------


def test_recrawl_updates_pages_with_conditional_requests(web_server, db_path):
    crawl(web_server, db_path, f"{LAKEVIEW}/")
    before = pages(db_path)
    web_server.log.clear()
    result = crawl(web_server, db_path, f"{LAKEVIEW}/")
    assert result.exit_code == 0
    assert "6 not modified" in result.output
    after = pages(db_path)
    assert set(after) == set(before)
    assert all(after[u].id == before[u].id for u in before)
    conditional = [h for _, p, h in web_server.log.requests if p != "/robots.txt"]
    assert conditional and all("If-None-Match" in h for h in conditional)
    with Store(db_path, readonly=True) as store:
        assert store.counts()["copies"] == 1
        assert store.counts()["crawls"] == 2


def test_sitemap_feed_and_file_seeds(web_server, db_path, tmp_path):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"# outlets\n{LAKEVIEW}/about\n\nhttps://www.hilltop.example/atom.xml\n")
    result = crawl(
        web_server,
        db_path,
        "https://www.hilltop.example/sitemap.xml",
        "https://www.hilltop.example/feed.xml",
        f"@{seeds}",
        "--scope", "seeds",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    stored = pages(db_path)
    kinds = {u: p.kind for u, p in stored.items()}
    assert kinds == {
        "https://www.hilltop.example/sitemap.xml": "sitemap",
        "https://www.hilltop.example/feed.xml": "feed",
        "https://www.hilltop.example/atom.xml": "feed",
        f"{LAKEVIEW}/about": "html",
        "https://www.hilltop.example/": "html",
        "https://www.hilltop.example/stories/school-board": "html",
    }
    assert requested(web_server, "www.hilltop.example").count("/stories/school-board") == 1


def test_warc_has_a_record_for_every_response(web_server, db_path, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    crawl(web_server, db_path, f"{LAKEVIEW}/", "--warc", str(warc))
    with warc.open("rb") as f:
        records = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.http_headers.get_statuscode())
            for r in ArchiveIterator(f)
            if r.rec_type == "response"
        ]
    assert (f"{LAKEVIEW}/old-url", "301") in records
    assert (f"{LAKEVIEW}/news/moved-story", "200") in records
    assert (ORIGINAL, "200") in records
    page = pages(db_path)[f"{LAKEVIEW}/news/coral-reefs"]
    assert page.warc_file == str(warc) and page.warc_offset is not None
    with warc.open("rb") as f:
        f.seek(page.warc_offset)
        record = next(iter(ArchiveIterator(f)))
        assert record.rec_headers.get_header("WARC-Target-URI") == page.url
        assert b"republished from" in record.content_stream().read()


# --- politeness --------------------------------------------------------------------------------


def test_per_host_limit_holds_under_concurrency(web_server, db_path):
    web_server.pause_per_request = 0.02
    crawl(web_server, db_path, "http://many.example/", "--per-host", "2", "--concurrency", "8")
    assert len(pages(db_path)) == MANY_PAGES
    assert web_server.log.max_in_flight["many.example"] <= 2


def test_delay_spaces_requests_to_one_host(web_server, db_path):
    crawl(web_server, db_path, "https://www.hilltop.example/", "--per-host", "1", delay="0.1")
    starts = [t for h, t in web_server.log.starts if h == "www.hilltop.example"]
    # robots.txt, the front page, the sitemap robots.txt names, the story
    assert len(starts) == 4
    gaps = [b - a for a, b in itertools.pairwise(starts[1:])]
    assert all(gap >= 0.05 for gap in gaps)  # 0.1 s with jitter of ±50%


# --- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["https://a.example/", "--resolve", "nonsense"], "bad --resolve"),
        (["https://a.example/", "--resolve", "*=localhost:80"], "not an IP address"),
        (["https://a.example/", "--scope", "galaxy"], "unknown scope"),
        (["ftp://a.example/"], "not an http(s) URL"),
        (["@/no/such/file.txt"], "cannot read seed file"),
        ([], "no seeds"),
        (["https://a.example/", "--concurrency", "0"], "concurrency must be at least 1"),
        (["https://a.example/", "--max-size", "lots"], "bad size"),
        (["https://a.example/", "--workers", "-1"], "workers must not be negative"),
    ],
)
def test_usage_errors_exit_2_with_a_message(tmp_path, args, message):
    result = CliRunner().invoke(app, ["crawl", *args, "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "Error:" in result.output and message in result.output


def test_a_foreign_database_is_refused(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    result = CliRunner().invoke(app, ["crawl", "https://a.example/", "--db", str(path)])
    assert result.exit_code == 2
    assert "not an attribution store" in result.output


# --- seeds and feeds ---------------------------------------------------------------------------


def test_parse_feed_reads_sitemaps_indexes_rss_atom_and_gzip():
    sitemap = (
        b'<?xml version="1.0"?><urlset><url><loc> https://a.example/1?x=1&amp;y=2 </loc></url>'
        b"</urlset>"
    )
    assert parse_feed(sitemap) == ("sitemap", ["https://a.example/1?x=1&y=2"])
    assert parse_feed(gzip.compress(sitemap)) == ("sitemap", ["https://a.example/1?x=1&y=2"])
    index = b"<sitemapindex><sitemap><loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>"
    assert parse_feed(index) == ("sitemapindex", ["https://a.example/s1.xml"])
    rss = (
        b"<rss><channel><link>https://a.example/</link>"
        b"<item><link><![CDATA[https://a.example/p]]></link></item></channel></rss>"
    )
    assert parse_feed(rss) == ("rss", ["https://a.example/p"])
    atom = b'<feed><entry><link rel="edit" href="/e"/><link href="https://a.example/q"/></entry></feed>'
    assert parse_feed(atom) == ("atom", ["https://a.example/q"])
    assert parse_feed(b"<!doctype html><html></html>", "text/html") is None


def test_expand_seeds_reads_files_and_deduplicates(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text("https://a.example/\n# comment\n\nhttps://b.example/\n")
    assert expand_seeds(["https://a.example/", f"@{path}"]) == [
        "https://a.example/",
        "https://b.example/",
    ]
    with pytest.raises(ConfigError):
        expand_seeds(["not a url"])


# --- interruption ------------------------------------------------------------------------------


def _start_crawler(
    server, db: Path, *args: str, new_session: bool = False
) -> subprocess.Popen[bytes]:
    argv = [
        sys.executable, "-m", "attribution", "-q", "crawl", "http://many.example/",
        "--db", str(db), "--resolve", server.resolve, "--per-host", "1", "--delay", "0.05", *args,
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        argv,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=new_session,
    )


def _wait_for_pages(proc: subprocess.Popen[bytes], db: Path, count: int) -> set[str]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        if db.exists():
            try:
                done = set(pages(db))
            except Exception:  # the store may still be being created
                done = set()
            if len(done) >= count:
                return done
        time.sleep(0.05)
    raise AssertionError("the crawler made no progress")


def _close(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    if proc.stderr is not None:
        proc.stderr.close()


def _wait_for_group_to_end(pgid: int) -> None:
    """No process of the crawl's group (its extraction worker, the forkserver) is left behind."""
    deadline = time.monotonic() + 10
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        assert time.monotonic() < deadline, "a worker process outlived the crawl"
        time.sleep(0.05)


def test_kill_9_then_resume_fetches_every_page_exactly_once(web_server, db_path):
    proc = _start_crawler(web_server, db_path, "--workers", "1", new_session=True)
    try:
        _wait_for_pages(proc, db_path, 8)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        _wait_for_group_to_end(proc.pid)
    finally:
        _close(proc)
    done = set(pages(db_path))  # what was committed before the kill
    assert 8 <= len(done) < MANY_PAGES
    web_server.log.clear()

    result = crawl(web_server, db_path, "--resume")
    assert result.exit_code == 0, result.output
    with Store(db_path, readonly=True) as store:
        urls = [p.url for p in store.iter_pages()]
        run = store.last_crawl()
        assert run is not None and run.id == 1  # the same run, continued
        assert store.frontier_counts(run.id)["queued"] == 0
    expected = {"http://many.example/"} | {
        f"http://many.example/p/{n}" for n in range(1, MANY_PAGES)
    }
    assert sorted(urls) == sorted(expected)  # every page, once
    again = {f"http://many.example{p}" for p in requested(web_server, "many.example")}
    assert not again & done  # finished pages were not fetched again


def test_sigint_stops_cleanly_and_resume_finishes(web_server, db_path):
    proc = _start_crawler(web_server, db_path)
    try:
        _wait_for_pages(proc, db_path, 5)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 130
    finally:
        _close(proc)
    with Store(db_path, readonly=True) as store:
        run = store.last_crawl()
        assert run is not None and run.status == "interrupted"
    result = crawl(web_server, db_path, "--resume")
    assert result.exit_code == 0
    assert len(pages(db_path)) == MANY_PAGES


def test_ctrl_c_at_a_terminal_stops_the_crawl_and_its_worker_cleanly(web_server, db_path):
    # A terminal's Ctrl-C signals the whole process group: the crawl and its worker processes.
    proc = _start_crawler(web_server, db_path, "--workers", "1", new_session=True)
    try:
        _wait_for_pages(proc, db_path, 5)
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=15) == 130
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        assert "Traceback" not in stderr, stderr
        _wait_for_group_to_end(proc.pid)
    finally:
        _close(proc)
    with Store(db_path, readonly=True) as store:
        run = store.last_crawl()
        assert run is not None and run.status == "interrupted"
    result = crawl(web_server, db_path, "--resume")
    assert result.exit_code == 0
    assert len(pages(db_path)) == MANY_PAGES


def test_a_failed_commit_neither_hangs_the_crawl_nor_loses_the_pages(
    web_server, db_path, monkeypatch
):
    real = Store.save_pages
    calls: list[int] = []

    def failing_once(self: Store, crawl_id: int, writes: Any) -> Any:
        calls.append(crawl_id)
        if len(calls) == 1:
            raise sqlite3.OperationalError("disk I/O error")
        return real(self, crawl_id, writes)

    monkeypatch.setattr(Store, "save_pages", failing_once)
    result = crawl(web_server, db_path, f"{LAKEVIEW}/")
    assert "still queued" in result.output  # the crawl ended; the front page waits
    assert f"{LAKEVIEW}/" not in pages(db_path)
    result = crawl(web_server, db_path, "--resume")
    assert result.exit_code == 0, result.output
    assert len(pages(db_path)) == 6


def test_resume_without_a_crawl_is_a_usage_error(db_path):
    result = CliRunner().invoke(app, ["crawl", "--resume", "--db", str(db_path)])
    assert result.exit_code == 2
    assert "no crawl to resume" in result.output


def _robots_sitemap_web(root: Path) -> None:
    site = root / "www.maps.example"
    (site / "news").mkdir(parents=True)
    (site / "robots.txt").write_text(
        "User-agent: *\nDisallow: /private/\n\nSitemap: http://www.maps.example/maps/index.xml\n"
        "Sitemap: http://elsewhere.example/sitemap.xml\n"
    )
    (site / "index.html").write_text("<html><body><h1>Maps</h1><p>No links.</p></body></html>")
    for name in ("hidden", "also-hidden"):
        (site / "news" / f"{name}.html").write_text(f"<html><body><p>{name}</p></body></html>")
    (site / "maps").mkdir()
    (site / "maps" / "index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex><sitemap><loc>http://www.maps.example/maps/news.xml'
        "</loc></sitemap></sitemapindex>"
    )
    (site / "maps" / "news.xml").write_text(
        '<?xml version="1.0"?><urlset>'
        "<url><loc>http://www.maps.example/news/hidden</loc></url>"
        "<url><loc>http://www.maps.example/news/also-hidden</loc></url>"
        "<url><loc>http://elsewhere.example/offsite</loc></url>"
        "</urlset>"
    )
    (root / "elsewhere.example").mkdir()
    (root / "elsewhere.example" / "offsite.html").write_text("<html><body>x</body></html>")


def test_sitemaps_named_in_robots_txt_are_followed_within_the_scope(tmp_path):
    from attribution.serve import SiteServer

    _robots_sitemap_web(tmp_path / "web")
    with SiteServer(tmp_path / "web").start() as srv:
        for scope, db in (("same-site", tmp_path / "site.db"), ("seeds", tmp_path / "seeds.db")):
            argv = [
                "crawl", "http://www.maps.example/", "--db", str(db), "--scope", scope,
                "--resolve", f"*=127.0.0.1:{srv.port}", "--delay", "0",
            ]  # fmt: skip
            result = CliRunner().invoke(app, argv)
            assert result.exit_code == 0, result.output
    stored = pages(tmp_path / "site.db")
    assert {u: p.kind for u, p in stored.items()} == {
        "http://www.maps.example/": "html",
        "http://www.maps.example/maps/index.xml": "sitemap",
        "http://www.maps.example/maps/news.xml": "sitemap",
        "http://www.maps.example/news/hidden": "html",
        "http://www.maps.example/news/also-hidden": "html",
    }  # the off-site sitemap and the off-site entry are out of scope
    with Store(tmp_path / "site.db", readonly=True) as store:
        run = store.last_crawl()
        assert run is not None
        found = {i.url: (i.via, i.depth, i.parent) for i in store.frontier(run.id)}
    assert found["http://www.maps.example/maps/index.xml"] == (
        "sitemap",
        1,
        "http://www.maps.example/robots.txt",
    )
    assert found["http://www.maps.example/news/hidden"][:2] == ("sitemap", 1)
    # --scope seeds follows no link, and a sitemap robots.txt names is not a seed.
    assert list(pages(tmp_path / "seeds.db")) == ["http://www.maps.example/"]


def test_every_sample_front_page_is_crawlable(web_server, tmp_path):
    samples = Path(__file__).parent.parent / "samples" / "web"
    hosts = sorted(p.name for p in samples.glob("*") if (p / "index.html").is_file())
    if not hosts:
        pytest.skip("no sample host has a front page yet")
    from attribution.serve import SiteServer

    seeds = tmp_path / "fronts.txt"
    seeds.write_text("".join(f"https://{h}/\n" for h in hosts))
    with SiteServer(samples).start() as srv:
        db = tmp_path / "samples.db"
        argv = [
            "crawl", f"@{seeds}", "--db", str(db), "--resolve", f"*=127.0.0.1:{srv.port}",
            "--scope", "seeds", "--no-follow-credits", "--delay", "0", "--concurrency", "32",
        ]  # fmt: skip
        result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.output
    stored = pages(db)
    assert {u: p.status for u, p in stored.items()} == {f"https://{h}/": 200 for h in hosts}


# --- the page step in a worker process ----------------------------------------------------------


def _stored(db: Path) -> dict[str, tuple[Any, ...]]:
    with Store(db, readonly=True) as store:
        credits = sorted((url, c.signal) for url, c in store.iter_credits())
        out: dict[str, tuple[Any, ...]] = {"credits": tuple(credits)}
        for page in store.iter_pages():
            out[page.url] = (page.status, page.kind, store.get_extraction(page.id))
        run = store.last_crawl()
        assert run is not None
        out["frontier"] = tuple(sorted(i.url for i in store.frontier(run.id)))
    return out


def test_workers_and_inline_extraction_store_the_same_crawl(web_server, tmp_path):
    inline, pooled = tmp_path / "inline.db", tmp_path / "pooled.db"
    first = crawl(web_server, inline, f"{LAKEVIEW}/", "--workers", "0")
    second = crawl(web_server, pooled, f"{LAKEVIEW}/", "--workers", "2")
    assert first.exit_code == second.exit_code == 0, second.output
    assert "Crawled: 6 pages" in second.output
    assert _stored(inline) == _stored(pooled)
    with Store(pooled, readonly=True) as store:
        run = store.last_crawl()
        assert run is not None and run.settings["workers"] == 2


def test_extract_page_is_a_pure_function_with_picklable_results():
    body = (Path(__file__).parent / "web/www.lakeview.example/news/coral-reefs.html").read_bytes()
    url = f"{LAKEVIEW}/news/coral-reefs"
    step = extract_page(body, url, "text/html; charset=utf-8", url, None, 6)
    ext = step.extraction
    assert step.error is None and ext is not None and ext.republished
    assert ext.original is not None and ext.original.url == ORIGINAL
    # Links come back normalised and de-duplicated, ready for the frontier.
    assert normalize_url(ORIGINAL) in step.links
    assert all(normalize_url(k) == k for k in step.links)
    assert len(set(step.links)) == len(step.links)
    # The body does not come back: only its compressed form and hash, for the store.
    assert zlib.decompress(step.compressed_body) == body
    assert step.content_hash == hashlib.sha256(body).hexdigest()
    assert pickle.loads(pickle.dumps(step)) == step
    doc = parse_document(body, url=url, content_type="text/html; charset=utf-8", source=url)
    assert extract_document(doc, registry=load_registry(), source=url) == ext
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    binary = extract_page(png, url, None, url, None)
    assert binary.extraction is None and binary.links == ()
    assert binary.error and binary.error.startswith("not a text document")
    assert zlib.decompress(binary.compressed_body) == png


def test_a_page_past_the_page_timeout_is_recorded_and_the_crawl_goes_on(web_server, db_path):
    flood = "http://faults.example/attribute-flood"
    result = crawl(
        web_server, db_path, flood, f"{LAKEVIEW}/", "--workers", "1", "--page-timeout", "0.5"
    )
    assert result.exit_code == 1, result.output  # a page failed
    assert "PageTimeout x1" in result.output
    # The report says what it could not read, and why.
    report = CliRunner().invoke(app, ["report", "--db", str(db_path), "--format", "json"])
    assert report.exit_code == 0, report.output
    assert json.loads(report.stdout)["headline"]["unread"] == {
        "not_fetched": 0,
        "not_text": 0,
        "stopped": 1,
    }
    text = CliRunner().invoke(app, ["report", "--db", str(db_path)]).stdout
    assert "1 page could not be read: 1 stopped past the page time limit or by a crash." in text
    stored = pages(db_path)
    page = stored[flood]
    assert page.error_kind == "PageTimeout" and page.error is not None
    assert "longer than 0.5 s" in page.error
    with Store(db_path, readonly=True) as store:
        body = store.get_body(page.id)
        assert body is not None and body.count(b" a") >= 48_000  # kept for a later look
        assert store.get_extraction(page.id) is None
        # Nothing parses it again unasked: the crawl's matching pass read no text from it,
        # and `check --db` does not read it.
        assert store.get_text(page.id) is None
        assert flood not in {url for url, *_ in store.iter_html_bodies()}
        assert list(store.pages_needing_text(0, [page.id])) == []
        # The one worker was replaced: the outlet's pages behind it were extracted as usual.
        coral = stored[f"{LAKEVIEW}/news/coral-reefs"]
        extraction = store.get_extraction(coral.id)
        assert extraction is not None and extraction["republished"]
        assert store.get_text(coral.id) is not None
        assert f"{LAKEVIEW}/news/coral-reefs" in {url for url, *_ in store.iter_html_bodies()}
    assert stored[ORIGINAL].error is None


def test_a_page_timeout_without_workers_is_said_to_have_no_effect(web_server, tmp_path):
    inline = crawl(
        web_server, tmp_path / "a.db", f"{LAKEVIEW}/", "--workers", "0", "--page-timeout", "5"
    )
    assert inline.exit_code == 0, inline.output
    assert "--page-timeout applies only with --workers 1 or more" in inline.output
    pooled = crawl(
        web_server, tmp_path / "b.db", f"{LAKEVIEW}/", "--workers", "1", "--page-timeout", "5"
    )
    assert pooled.exit_code == 0 and "--page-timeout applies" not in pooled.output
    with Store(tmp_path / "b.db", readonly=True) as store:
        run = store.last_crawl()
        assert run is not None and run.settings["page_timeout"] == 5


def test_workers_setting_and_option(monkeypatch):
    cpus = usable_cpus()
    assert CrawlSettings().workers == default_workers() == min(cpus, 4)
    # One worker even on one CPU: only a worker's page can be stopped at --page-timeout.
    monkeypatch.setattr("attribution.settings.usable_cpus", lambda: 1)
    assert CrawlSettings().workers == default_workers() == 1
    monkeypatch.setattr("attribution.settings.usable_cpus", lambda: 16)
    assert default_workers() == 4
    assert CrawlSettings(workers=0).workers == 0
    with pytest.raises(ConfigError, match="workers"):
        CrawlSettings(workers=-1)
    with pytest.raises(ConfigError, match="page-timeout"):
        CrawlSettings(page_timeout=0)
    result = CliRunner().invoke(app, ["crawl", "--help"], terminal_width=200)
    assert "--workers" in result.output
    assert "--page-timeout" in result.output
