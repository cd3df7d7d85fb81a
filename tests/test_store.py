"""The SQLite store: schema, version checks, atomic page writes, frontier and copy links."""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from pathlib import Path

import pytest

from attribution.errors import StoreError
from attribution.frontier import FrontierItem
from attribution.models import Credit, FetchResult
from attribution.store import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, PageWrite, Store

COPY = "https://copy.example/story"
ORIGINAL = "https://original.example/story-1"


def _page(url: str, body: bytes = b"<html>hi</html>", **kwargs) -> PageWrite:
    result = FetchResult(
        url=url,
        final_url=url,
        status=200,
        headers=(("content-type", "text/html"), ("etag", '"v1"'), ("set-cookie", "x=1")),
        body=body,
    )
    return PageWrite(
        url=url,
        host=url.split("/")[2],
        domain=url.split("/")[2],
        kind="html",
        result=result,
        final_key=url,
        keep_body=True,
        **kwargs,
    )


def _copy_page() -> PageWrite:
    return _page(
        COPY,
        extraction={"republished": True, "original": {"url": ORIGINAL}},
        credits=(Credit(signal="notice", text="Republished from Original", url=ORIGINAL),),
        original=(ORIGINAL, ORIGINAL, "original.example"),
    )


def test_new_store_has_schema_version_wal_and_application_id(db_path: Path) -> None:
    with Store(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    db.close()
    with Store(db_path) as store:  # reopening an existing store is fine
        assert store.counts()["pages"] == 0


def test_a_newer_schema_is_refused(db_path: Path) -> None:
    Store(db_path).close()
    db = sqlite3.connect(db_path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer than this attribution"):
        Store(db_path)


def test_an_older_schema_without_a_migration_is_refused(db_path: Path) -> None:
    Store(db_path).close()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA user_version = 0")
    db.execute("CREATE TABLE IF NOT EXISTS legacy (x)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="cannot be migrated"):
        Store(db_path)


def test_every_old_version_has_a_migration_step() -> None:
    assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION))


def test_another_programs_database_is_refused(db_path: Path) -> None:
    db = sqlite3.connect(db_path)
    db.execute("CREATE TABLE things (id INTEGER)")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="not an attribution store"):
        Store(db_path)


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are not the pages you are looking for" * 100)
    with pytest.raises(StoreError, match="not a usable SQLite store"):
        Store(path)


def test_readonly_store_must_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "missing.db", readonly=True)


def test_saving_a_page_twice_updates_the_row(db_path: Path) -> None:
    with Store(db_path) as store:
        crawl = store.start_crawl([COPY], {})
        page_id, new = store.save_page(crawl, _copy_page())
        again_id, again_new = store.save_page(crawl, _copy_page())
        assert (new, again_new) == (True, False)
        assert page_id == again_id
        counts = store.counts()
        assert counts["pages"] == counts["credits"] == counts["copies"] == 1
        record = store.get_page(COPY)
        assert record is not None
        assert record.etag == '"v1"'
        assert record.content_type == "text/html"
        assert store.get_body(page_id) == b"<html>hi</html>"
        assert store.get_extraction(page_id) == {
            "republished": True,
            "original": {"url": ORIGINAL},
        }
        assert store.validators(COPY) == ('"v1"', None)


def test_copy_link_resolves_whichever_page_is_stored_first(db_path: Path) -> None:
    with Store(db_path) as store:
        crawl = store.start_crawl([COPY], {})
        store.save_page(crawl, _copy_page())
        [link] = store.iter_copies()
        assert link.original_page_id is None
        original_id, _ = store.save_page(crawl, _page(ORIGINAL))
        [link] = store.iter_copies()
        assert link.original_page_id == original_id
        assert link.original_fetched_url == ORIGINAL
    with Store(db_path.with_name("other.db")) as store:
        crawl = store.start_crawl([COPY], {})
        original_id, _ = store.save_page(crawl, _page(ORIGINAL))
        store.save_page(crawl, _copy_page())
        [link] = store.iter_copies()
        assert link.original_page_id == original_id


def test_credits_are_replaced_not_appended(db_path: Path) -> None:
    with Store(db_path) as store:
        crawl = store.start_crawl([COPY], {})
        store.save_page(crawl, _copy_page())
        store.save_page(crawl, _page(COPY, extraction={"republished": False}))
        assert list(store.iter_credits()) == []
        assert list(store.iter_copies()) == []


def test_frontier_queue_is_per_run(db_path: Path) -> None:
    item = FrontierItem(url="https://a.example/1", depth=1, via="link")
    with Store(db_path) as store:
        first = store.start_crawl(["https://a.example/"], {})
        store.queue(first, [item])
        store.save_page(first, _page(item.url))
        store.queue(first, [item])  # seen again in the same run: stays done
        assert store.frontier_counts(first)["done"] == 1
        second = store.start_crawl(["https://a.example/"], {})
        store.queue(second, [item])  # a new run queues it again (a re-crawl)
        assert [i.url for i in store.frontier(second, state="queued")] == [item.url]
        assert store.frontier_counts(first)["done"] == 0


def test_a_failed_write_leaves_nothing_behind(db_path: Path) -> None:
    with Store(db_path) as store:
        crawl = store.start_crawl([COPY], {})
        store.queue(crawl, [FrontierItem(url=COPY, via="seed")])
        bad = _page(COPY, frontier_state="bogus")  # violates the frontier CHECK constraint
        with pytest.raises(sqlite3.IntegrityError):
            store.save_page(crawl, bad)
        assert store.counts()["pages"] == 0
        assert store.frontier_counts(crawl)["queued"] == 1


def test_a_batch_of_pages_is_recorded_whole_or_not_at_all(db_path: Path) -> None:
    urls = [f"https://a.example/{n}" for n in range(3)]
    with Store(db_path) as store:
        crawl = store.start_crawl(urls[:1], {})
        store.queue(crawl, [FrontierItem(url=u, via="seed") for u in urls])
        link = FrontierItem(url="https://a.example/found", via="link")
        batch = [(_page(urls[0]), [link]), (_page(urls[1], frontier_state="bogus"), [])]
        with pytest.raises(sqlite3.IntegrityError):
            store.save_pages(crawl, batch)
        # The good page went down with the bad one: both stay queued, its link unrecorded.
        assert store.counts()["pages"] == 0
        assert store.frontier_counts(crawl) == {"queued": 3, "done": 0, "failed": 0, "skipped": 0}
        saved = store.save_pages(crawl, [(_page(u), [link] if u == urls[0] else []) for u in urls])
        assert [new for _, new in saved] == [True, True, True]
        assert len({page_id for page_id, _ in saved}) == 3
        assert store.frontier_counts(crawl)["done"] == 3
        assert [i.url for i in store.frontier(crawl, state="queued")] == [link.url]


def test_a_body_compressed_by_the_caller_is_stored_as_given(db_path: Path) -> None:
    body = b"<html><p>a page compressed in a worker process</p></html>"
    packed = zlib.compress(body, 9)
    digest = hashlib.sha256(body).hexdigest()
    with Store(db_path) as store:
        crawl = store.start_crawl([COPY], {})
        page_id, _ = store.save_page(
            crawl, _page(COPY, body=body, compressed_body=packed, content_hash=digest)
        )
        assert store.get_body(page_id) == body
        record = store.get_page(COPY)
        assert record is not None and record.content_hash == digest
        stored = sqlite3.connect(db_path).execute("SELECT body FROM bodies").fetchone()[0]
        assert stored == packed


def test_crawl_runs_are_recorded(db_path: Path) -> None:
    with Store(db_path) as store:
        crawl = store.start_crawl(["https://a.example/"], {"delay": 1.0})
        store.add_seeds(crawl, ["https://b.example/"])
        store.set_crawl_status(crawl, "interrupted", {"pages": 3})
        run = store.last_crawl()
        assert run is not None
        assert run.seeds == ("https://a.example/", "https://b.example/")
        assert run.status == "interrupted"
        assert run.settings == {"delay": 1.0}


def test_a_failed_original_is_linked_but_not_reported_as_fetched(db_path: Path) -> None:
    with Store(db_path) as store:
        crawl = store.start_crawl([COPY], {})
        store.save_page(crawl, _copy_page())
        missing = FetchResult(url=ORIGINAL, final_url=ORIGINAL, status=404)
        page = PageWrite(
            url=ORIGINAL, host="original.example", domain="original.example", kind="error",
            result=missing, final_key=ORIGINAL, error="HTTP 404", frontier_state="failed",
        )  # fmt: skip
        original_id, _ = store.save_page(crawl, page)
        [link] = store.iter_copies()
        assert link.original_page_id == original_id
        assert link.original_fetched_url is None
