"""The SQLite store: every SQL statement of the tool lives in this module.

One file (``attribution.db`` by default) in WAL mode with foreign keys on. The schema has a
version (``PRAGMA user_version``) and an application id (``PRAGMA application_id``, "ATTR"), so a
store from another schema version is migrated step by step or refused with a clear message, and
an SQLite file of some other program is never misread. ``docs/crawling.md`` documents the tables.

Writes come from the crawler, one transaction per fetched page (the page, its body, extraction,
credits, copy link and frontier state together), so a crawl killed at any moment leaves a store
where a page is either completely recorded or still queued. Later commands read through the
``iter_*`` and ``get_*`` methods.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import Any

from attribution.errors import StoreError
from attribution.frontier import FrontierItem
from attribution.models import (
    STEP_FAILURES,
    CopyLink,
    Credit,
    FetchResult,
    Hop,
    MainText,
    MatchResult,
    PageRecord,
)

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "CrawlRun", "PageWrite", "Store", "utc_now"]

SCHEMA_VERSION = 2
#: "ATTR": marks the file as ours.
APPLICATION_ID = 0x41545452

FRONTIER_STATES = ("queued", "done", "failed", "skipped")

#: Headers kept per page: the ones later stages or a re-crawl need.
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "content-encoding",
    "etag",
    "last-modified",
    "date",
    "server",
    "x-robots-tag",
    "link",
    "location",
    "retry-after",
)

SCHEMA = """
CREATE TABLE crawls (
    id           INTEGER PRIMARY KEY,
    started_at   TEXT NOT NULL,
    finished_at  TEXT,
    status       TEXT NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'finished', 'interrupted')),
    seeds        TEXT NOT NULL,            -- JSON list of the seed URLs
    settings     TEXT NOT NULL,            -- JSON of the settings used
    summary      TEXT                      -- JSON of the CrawlSummary at the end
);

CREATE TABLE frontier (
    url          TEXT PRIMARY KEY,         -- normalised URL (the dedup key)
    host         TEXT NOT NULL,
    crawl_id     INTEGER NOT NULL REFERENCES crawls(id),
    depth        INTEGER NOT NULL,
    via          TEXT NOT NULL,            -- seed, link, credit, sitemap, redirect
    parent       TEXT,
    in_scope     INTEGER NOT NULL DEFAULT 1,
    state        TEXT NOT NULL CHECK (state IN ('queued', 'done', 'failed', 'skipped')),
    reason       TEXT,
    updated_at   TEXT NOT NULL
);
CREATE INDEX frontier_crawl_state ON frontier (crawl_id, state);

CREATE TABLE pages (
    id             INTEGER PRIMARY KEY,
    url            TEXT NOT NULL UNIQUE,   -- normalised URL requested
    final_url      TEXT,                   -- after redirects, as fetched
    final_key      TEXT,                   -- final_url normalised
    host           TEXT NOT NULL,
    domain         TEXT,
    kind           TEXT NOT NULL,          -- html, sitemap, feed, other, error
    status         INTEGER,
    fetched_at     TEXT NOT NULL,
    crawl_id       INTEGER REFERENCES crawls(id),
    content_type   TEXT,
    etag           TEXT,
    last_modified  TEXT,
    content_length INTEGER,                -- decoded body bytes
    content_hash   TEXT,                   -- sha256 of the decoded body
    truncated      TEXT,                   -- size, decoded-size or NULL
    redirects      TEXT,                   -- JSON list of hops
    headers        TEXT,                   -- JSON object of the headers that matter
    error          TEXT,
    error_kind     TEXT,                   -- exception class, or http
    attempts       INTEGER NOT NULL DEFAULT 1,
    elapsed_ms     INTEGER,
    warc_file      TEXT,
    warc_offset    INTEGER
);
CREATE INDEX pages_final_key ON pages (final_key);
CREATE INDEX pages_domain ON pages (domain);

CREATE TABLE bodies (
    page_id      INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    encoding     TEXT NOT NULL DEFAULT 'zlib',
    body         BLOB NOT NULL
);

CREATE TABLE extractions (
    page_id         INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    extracted_at    TEXT NOT NULL,
    republished     INTEGER NOT NULL,
    original_url    TEXT,
    original_domain TEXT,
    data            TEXT NOT NULL          -- JSON of Extraction.to_dict()
);

CREATE TABLE credits (
    id           INTEGER PRIMARY KEY,
    page_id      INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    signal       TEXT NOT NULL,
    text         TEXT NOT NULL,
    publisher    TEXT,
    domain       TEXT,
    url          TEXT,
    author       TEXT,
    publisher_id TEXT,
    UNIQUE (page_id, position)
);
CREATE INDEX credits_domain ON credits (domain);

CREATE TABLE copies (
    copy_page_id     INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    original_url     TEXT NOT NULL,        -- as credited
    original_key     TEXT NOT NULL,        -- normalised, matched against pages.url/final_key
    original_domain  TEXT,
    original_page_id INTEGER REFERENCES pages(id) ON DELETE SET NULL,
    PRIMARY KEY (copy_page_id, original_key)
);
CREATE INDEX copies_original_key ON copies (original_key);
"""

#: Version 2: main texts, fingerprints and match results (``attribution match``).
MATCH_SCHEMA = """
CREATE TABLE texts (
    page_id      INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    content_hash TEXT,                     -- the body the text was read from
    extracted_at TEXT NOT NULL,
    title        TEXT,
    paragraphs   TEXT NOT NULL,            -- JSON list of paragraphs
    links        TEXT NOT NULL,            -- JSON list of [url, anchor text]
    words        INTEGER NOT NULL,
    published    TEXT                      -- the page's publication date, for direction
);

CREATE TABLE fingerprints (
    page_id      INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,         -- FINGERPRINT_VERSION of attribution.match
    shingles     INTEGER NOT NULL,         -- distinct 5-word shingles
    full         INTEGER NOT NULL,         -- 1 when the sample is every shingle
    minhash      BLOB NOT NULL,            -- 128 little-endian uint64
    sample       BLOB NOT NULL             -- sorted little-endian uint64
);

CREATE TABLE matches (
    id               INTEGER PRIMARY KEY,
    copy_page_id     INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    original_page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    relation         TEXT NOT NULL,        -- credited, uncredited, other_original, compared
    verdict          TEXT NOT NULL,        -- verified, edited, mismatch, unrelated
    score            REAL NOT NULL,
    jaccard          REAL NOT NULL,
    containment      REAL NOT NULL,
    confidence       REAL NOT NULL,
    violation        INTEGER NOT NULL,
    copy_hash        TEXT,                 -- content hashes compared: unchanged pairs are kept
    original_hash    TEXT,
    matched_at       TEXT NOT NULL,
    data             TEXT NOT NULL,        -- JSON of MatchResult.to_dict()
    UNIQUE (copy_page_id, original_page_id, relation)
);
CREATE INDEX matches_original ON matches (original_page_id);
"""


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _migrate_1_to_2(db: sqlite3.Connection) -> None:
    # One statement at a time: executescript would commit the migration's transaction.
    for statement in _statements(MATCH_SCHEMA):
        db.execute(statement)


#: Upgrades: MIGRATIONS[n] turns a version-n store into version n+1. Add one per schema change
#: and bump SCHEMA_VERSION; a test checks the chain has no gap.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _migrate_1_to_2}


def utc_now() -> str:
    """The current time as ISO 8601 UTC with seconds (``2026-03-04T12:00:00Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class CrawlRun:
    """One row of ``crawls``."""

    id: int
    started_at: str
    finished_at: str | None
    status: str
    seeds: tuple[str, ...]
    settings: dict[str, Any]


@dataclass(frozen=True, slots=True)
class PageWrite:
    """Everything recorded for one fetched (or failed) URL, written in one transaction."""

    url: str
    host: str
    domain: str | None
    kind: str
    result: FetchResult | None = None
    final_key: str | None = None
    error: str | None = None
    error_kind: str | None = None
    #: Keep the decoded body (HTML pages only).
    keep_body: bool = False
    #: The body already zlib-compressed, and its SHA-256 (hex), when the caller made them (the
    #: crawl does so in its worker processes); else the store does.
    compressed_body: bytes | None = None
    content_hash: str | None = None
    extraction: dict[str, Any] | None = None
    credits: tuple[Credit, ...] = ()
    #: (credited URL, normalised key, domain) when the page is a republished copy.
    original: tuple[str, str, str | None] | None = None
    warc: tuple[str, int] | None = None
    frontier_state: str = "done"


#: How much of a store a read-only connection opened ``mapped`` maps into memory.
READ_MMAP_BYTES = 1 << 32


class Store:
    """An open store. Use as a context manager, or call :meth:`close`."""

    def __init__(
        self,
        path: str | Path,
        *,
        readonly: bool = False,
        compress_level: int = 1,
        mapped: bool = False,
    ):
        self.path = Path(path)
        self.compress_level = compress_level
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no such store; run `attribution crawl` first")
        try:
            if readonly:
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, isolation_level=None)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA busy_timeout = 5000")
            self._db.execute("PRAGMA foreign_keys = ON")
            if readonly and mapped:
                # Whole-store scans and joins (the outlet graph's per-domain queries) read the
                # file mapped: no system call and copy per page of the file, a third to a half
                # of their time. The mapped pages count in the process's resident memory.
                self._db.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
            if not readonly:
                self._db.execute("PRAGMA journal_mode = WAL")
                # WAL + NORMAL: a power cut may lose the last transactions, never corrupt.
                self._db.execute("PRAGMA synchronous = NORMAL")
            self._check_schema(readonly=readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable SQLite store ({exc})") from exc

    # --- lifecycle ----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _check_schema(self, *, readonly: bool) -> None:
        db = self._db
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if app_id == 0 and version == 0 and not tables:
            if readonly:
                raise StoreError(f"{self.path}: empty store; run `attribution crawl` first")
            # One script, one transaction: a half-created schema is never left behind.
            db.executescript(
                f"BEGIN IMMEDIATE;\n{SCHEMA}\n{MATCH_SCHEMA}\n"
                f"PRAGMA application_id = {APPLICATION_ID};\n"
                f"PRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;"
            )
            return
        if app_id != APPLICATION_ID:
            raise StoreError(
                f"{self.path}: not an attribution store (an SQLite file of another program); "
                "choose another --db path"
            )
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema version {version} is newer than this attribution "
                f"(reads version {SCHEMA_VERSION}); upgrade attribution"
            )
        if version < SCHEMA_VERSION:
            if readonly:
                raise StoreError(
                    f"{self.path}: store schema version {version} is older than "
                    f"{SCHEMA_VERSION}; run `attribution crawl --resume --db {self.path}` "
                    "once to migrate it"
                )
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        while version < SCHEMA_VERSION:
            step = MIGRATIONS.get(version)
            if step is None:
                raise StoreError(
                    f"{self.path}: store schema version {version} cannot be migrated to "
                    f"{SCHEMA_VERSION}; crawl again into a new --db"
                )
            with self._transaction() as db:
                step(db)
                db.execute(f"PRAGMA user_version = {version + 1}")
            version += 1

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # --- crawl runs ---------------------------------------------------------------------------

    def start_crawl(self, seeds: Iterable[str], settings: dict[str, Any]) -> int:
        """Record a new crawl run; return its id."""
        with self._transaction() as db:
            cur = db.execute(
                "INSERT INTO crawls (started_at, seeds, settings) VALUES (?, ?, ?)",
                (utc_now(), json.dumps(list(seeds)), json.dumps(settings, default=str)),
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def last_crawl(self) -> CrawlRun | None:
        """The most recent crawl run, or None."""
        row = self._db.execute(
            "SELECT id, started_at, finished_at, status, seeds, settings FROM crawls "
            "ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return CrawlRun(
            id=row[0],
            started_at=row[1],
            finished_at=row[2],
            status=row[3],
            seeds=tuple(json.loads(row[4])),
            settings=json.loads(row[5]),
        )

    def add_seeds(self, crawl_id: int, seeds: Iterable[str]) -> None:
        """Add seeds to a resumed run's list."""
        row = self._db.execute("SELECT seeds FROM crawls WHERE id = ?", (crawl_id,)).fetchone()
        merged = list(dict.fromkeys([*json.loads(row[0]), *seeds]))
        with self._transaction() as db:
            db.execute("UPDATE crawls SET seeds = ? WHERE id = ?", (json.dumps(merged), crawl_id))

    def set_crawl_status(
        self, crawl_id: int, status: str, summary: dict[str, Any] | None = None
    ) -> None:
        """Mark a run running, finished or interrupted (with its summary)."""
        finished = None if status == "running" else utc_now()
        with self._transaction() as db:
            db.execute(
                "UPDATE crawls SET status = ?, finished_at = ?, summary = ? WHERE id = ?",
                (status, finished, json.dumps(summary) if summary else None, crawl_id),
            )

    # --- frontier -----------------------------------------------------------------------------

    def queue(self, crawl_id: int, items: Iterable[FrontierItem]) -> None:
        """Record queued URLs for this run.

        A URL already queued or finished in this run is left alone; one from an earlier run is
        queued again (a re-crawl).
        """
        with self._transaction() as db:
            self._queue(db, crawl_id, items)

    def _queue(self, db: sqlite3.Connection, crawl_id: int, items: Iterable[FrontierItem]) -> None:
        now = utc_now()
        db.executemany(
            "INSERT INTO frontier (url, host, crawl_id, depth, via, parent, in_scope, state,"
            " reason, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', NULL, ?)"
            " ON CONFLICT (url) DO UPDATE SET crawl_id = excluded.crawl_id,"
            " depth = excluded.depth, via = excluded.via, parent = excluded.parent,"
            " in_scope = excluded.in_scope, state = 'queued', reason = NULL,"
            " updated_at = excluded.updated_at"
            " WHERE frontier.crawl_id < excluded.crawl_id",
            [
                (i.url, i.host, crawl_id, i.depth, i.via, i.parent, int(i.in_scope), now)
                for i in items
            ],
        )

    def set_state(self, crawl_id: int, item: FrontierItem, state: str, reason: str | None) -> None:
        """Record the final state of a URL that produced no page row (skipped, refused)."""
        if state not in FRONTIER_STATES:
            raise ValueError(state)
        with self._transaction() as db:
            self._queue(db, crawl_id, [item])
            db.execute(
                "UPDATE frontier SET state = ?, reason = ?, updated_at = ? WHERE url = ?",
                (state, reason, utc_now(), item.url),
            )

    def frontier(self, crawl_id: int, *, state: str | None = None) -> Iterator[FrontierItem]:
        """The frontier rows of a run, oldest first (all states, or one)."""
        sql = "SELECT url, host, depth, via, parent, in_scope FROM frontier WHERE crawl_id = ?"
        params: tuple[Any, ...] = (crawl_id,)
        if state is not None:
            sql += " AND state = ?"
            params += (state,)
        for row in self._db.execute(sql + " ORDER BY rowid", params):
            yield FrontierItem(
                url=row[0],
                host=row[1],
                depth=row[2],
                via=row[3],
                parent=row[4],
                in_scope=bool(row[5]),
            )

    def frontier_counts(self, crawl_id: int) -> dict[str, int]:
        """How many URLs of a run are in each state."""
        counts = dict.fromkeys(FRONTIER_STATES, 0)
        for state, n in self._db.execute(
            "SELECT state, COUNT(*) FROM frontier WHERE crawl_id = ? GROUP BY state", (crawl_id,)
        ):
            counts[state] = n
        return counts

    # --- pages: writes ------------------------------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None] | None:
        """(ETag, Last-Modified) of a stored HTML page with a body, for a conditional request."""
        row = self._db.execute(
            "SELECT p.etag, p.last_modified FROM pages p JOIN bodies b ON b.page_id = p.id "
            "WHERE p.url = ?",
            (url,),
        ).fetchone()
        if row is None or (row[0] is None and row[1] is None):
            return None
        return row[0], row[1]

    def save_page(
        self, crawl_id: int, page: PageWrite, links: Iterable[FrontierItem] = ()
    ) -> tuple[int, bool]:
        """Record one fetch and its frontier state, and queue its links, atomically.

        Returns (page id, whether the URL is new to the store). An existing row is updated in
        place; its body, extraction and credits are replaced only when new ones are given.
        """
        return self.save_pages(crawl_id, [(page, links)])[0]

    def save_pages(
        self, crawl_id: int, writes: Iterable[tuple[PageWrite, Iterable[FrontierItem]]]
    ) -> list[tuple[int, bool]]:
        """:meth:`save_page` for several pages in one transaction: all are recorded or none.

        A crawl batches its writes this way, since a commit per page costs more than its rows.
        """
        with self._transaction() as db:
            return [self._save_page(db, crawl_id, page, links) for page, links in writes]

    def _save_page(
        self,
        db: sqlite3.Connection,
        crawl_id: int,
        page: PageWrite,
        links: Iterable[FrontierItem],
    ) -> tuple[int, bool]:
        result = page.result
        now = utc_now()
        headers = {}
        if result is not None:
            for name in KEPT_HEADERS:
                value = result.header(name)
                if value is not None:
                    headers[name] = value
        body = result.body if result is not None else b""
        row = {
            "url": page.url,
            "final_url": result.final_url if result else None,
            "final_key": page.final_key,
            "host": page.host,
            "domain": page.domain,
            "kind": page.kind,
            "status": result.status if result else None,
            "fetched_at": now,
            "crawl_id": crawl_id,
            "content_type": result.content_type if result else None,
            "etag": headers.get("etag"),
            "last_modified": headers.get("last-modified"),
            "content_length": len(body) if result else None,
            "content_hash": (page.content_hash or hashlib.sha256(body).hexdigest())
            if result
            else None,
            "truncated": result.truncated if result else None,
            "redirects": json.dumps([h.to_dict() for h in result.redirects]) if result else None,
            "headers": json.dumps(headers) if result else None,
            "error": page.error,
            "error_kind": page.error_kind,
            "attempts": result.attempts if result else 1,
            "elapsed_ms": round(result.elapsed * 1000) if result else None,
            "warc_file": page.warc[0] if page.warc else None,
            "warc_offset": page.warc[1] if page.warc else None,
        }
        columns = ", ".join(row)
        marks = ", ".join(f":{k}" for k in row)
        updates = ", ".join(f"{k} = excluded.{k}" for k in row if k != "url")
        existing = db.execute("SELECT id FROM pages WHERE url = ?", (page.url,)).fetchone()
        db.execute(
            f"INSERT INTO pages ({columns}) VALUES ({marks}) "  # noqa: S608 - fixed names
            f"ON CONFLICT (url) DO UPDATE SET {updates}",
            row,
        )
        page_id = int(db.execute("SELECT id FROM pages WHERE url = ?", (page.url,)).fetchone()[0])
        if page.keep_body and result is not None:
            db.execute(
                "INSERT OR REPLACE INTO bodies (page_id, encoding, body) VALUES (?, 'zlib', ?)",
                (page_id, page.compressed_body or zlib.compress(body, self.compress_level)),
            )
        if page.extraction is not None:
            self._save_extraction(db, page_id, page, now)
        # Any copy waiting for this page as its original now points to it.
        db.execute(
            "UPDATE copies SET original_page_id = ? WHERE original_page_id IS NULL AND "
            "original_key IN (?, ?)",
            (page_id, page.url, page.final_key or page.url),
        )
        self._queue(db, crawl_id, links)
        db.execute(
            "UPDATE frontier SET state = ?, reason = ?, updated_at = ? WHERE url = ?",
            (page.frontier_state, page.error, now, page.url),
        )
        return page_id, existing is None

    def _save_extraction(
        self, db: sqlite3.Connection, page_id: int, page: PageWrite, now: str
    ) -> None:
        data = page.extraction or {}
        original = page.original
        db.execute(
            "INSERT OR REPLACE INTO extractions (page_id, extracted_at, republished, original_url,"
            " original_domain, data) VALUES (?, ?, ?, ?, ?, ?)",
            (
                page_id,
                now,
                int(bool(data.get("republished"))),
                original[0] if original else None,
                # A wire copy names its publisher without a URL: the domain is kept all the same.
                original[2] if original else (data.get("original") or {}).get("domain"),
                json.dumps(data, ensure_ascii=False),
            ),
        )
        db.execute("DELETE FROM credits WHERE page_id = ?", (page_id,))
        db.executemany(
            "INSERT INTO credits (page_id, position, signal, text, publisher, domain, url, author,"
            " publisher_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    page_id,
                    n,
                    c.signal,
                    c.text,
                    c.publisher,
                    c.domain,
                    c.url,
                    c.author,
                    c.publisher_id,
                )
                for n, c in enumerate(page.credits)
            ],
        )
        db.execute("DELETE FROM copies WHERE copy_page_id = ?", (page_id,))
        if original is not None:
            found = db.execute(
                "SELECT id FROM pages WHERE url = ?1 OR final_key = ?1 LIMIT 1", (original[1],)
            ).fetchone()
            db.execute(
                "INSERT INTO copies (copy_page_id, original_url, original_key, original_domain,"
                " original_page_id) VALUES (?, ?, ?, ?, ?)",
                (page_id, original[0], original[1], original[2], found[0] if found else None),
            )

    def mark_not_modified(self, crawl_id: int, url: str, result: FetchResult) -> None:
        """A conditional re-fetch answered 304: the stored page is current."""
        with self._transaction() as db:
            db.execute(
                "UPDATE pages SET fetched_at = ?, crawl_id = ?, attempts = ?, elapsed_ms = ?,"
                " error = NULL, error_kind = NULL WHERE url = ?",
                (utc_now(), crawl_id, result.attempts, round(result.elapsed * 1000), url),
            )
            db.execute(
                "UPDATE frontier SET state = 'done', reason = 'not modified', updated_at = ?"
                " WHERE url = ?",
                (utc_now(), url),
            )

    # --- reads --------------------------------------------------------------------------------

    _PAGE_COLUMNS = (
        "id, url, final_url, host, domain, kind, status, fetched_at, crawl_id, content_type, etag,"
        " last_modified, content_length, content_hash, truncated, redirects, error, error_kind,"
        " attempts, elapsed_ms, warc_file, warc_offset"
    )

    @staticmethod
    def _page(row: sqlite3.Row | tuple[Any, ...]) -> PageRecord:
        hops = tuple(
            Hop(url=h["url"], status=h["status"], location=h["location"])
            for h in json.loads(row[15] or "[]")
        )
        return PageRecord(
            id=row[0],
            url=row[1],
            final_url=row[2],
            host=row[3],
            domain=row[4],
            kind=row[5],
            status=row[6],
            fetched_at=row[7],
            crawl_id=row[8],
            content_type=row[9],
            etag=row[10],
            last_modified=row[11],
            content_length=row[12],
            content_hash=row[13],
            truncated=row[14],
            redirects=hops,
            error=row[16],
            error_kind=row[17],
            attempts=row[18],
            elapsed_ms=row[19],
            warc_file=row[20],
            warc_offset=row[21],
        )

    def iter_pages(self, *, kind: str | None = None) -> Iterator[PageRecord]:
        """Every stored page (of one kind: html, sitemap, feed, other, error), by id."""
        sql = f"SELECT {self._PAGE_COLUMNS} FROM pages"  # noqa: S608 - fixed column list
        params: tuple[Any, ...] = ()
        if kind is not None:
            sql += " WHERE kind = ?"
            params = (kind,)
        for row in self._db.execute(sql + " ORDER BY id", params):
            yield self._page(row)

    def get_page(self, url: str) -> PageRecord | None:
        """The page stored for ``url`` (normalised) or whose final URL it is, or None."""
        row = self._db.execute(
            f"SELECT {self._PAGE_COLUMNS} FROM pages WHERE url = ?1 OR final_key = ?1"  # noqa: S608
            " ORDER BY url = ?1 DESC LIMIT 1",
            (url,),
        ).fetchone()
        return self._page(row) if row else None

    def get_body(self, page_id: int) -> bytes | None:
        """The decoded HTML of a page, or None when no body was kept."""
        row = self._db.execute("SELECT body FROM bodies WHERE page_id = ?", (page_id,)).fetchone()
        return zlib.decompress(row[0]) if row else None

    def get_extraction(self, page_id: int) -> dict[str, Any] | None:
        """The extraction JSON of a page (``Extraction.to_dict()``), or None."""
        row = self._db.execute(
            "SELECT data FROM extractions WHERE page_id = ?", (page_id,)
        ).fetchone()
        return dict(json.loads(row[0])) if row else None

    def iter_extractions(self) -> Iterator[tuple[PageRecord, dict[str, Any]]]:
        """Every page with an extraction, and the extraction JSON."""
        cols = ", ".join(f"p.{c.strip()}" for c in self._PAGE_COLUMNS.split(","))
        for row in self._db.execute(
            f"SELECT {cols}, e.data FROM pages p JOIN extractions e ON e.page_id = p.id "  # noqa: S608
            "ORDER BY p.id"
        ):
            yield self._page(row[:-1]), json.loads(row[-1])

    def iter_credits(self) -> Iterator[tuple[str, Credit]]:
        """(page URL, credit) for every stored credit, in page order."""
        for row in self._db.execute(
            "SELECT p.url, c.signal, c.text, c.publisher, c.domain, c.url, c.author,"
            " c.publisher_id FROM credits c JOIN pages p ON p.id = c.page_id"
            " ORDER BY c.page_id, c.position"
        ):
            yield (
                row[0],
                Credit(
                    signal=row[1],
                    text=row[2],
                    publisher=row[3],
                    domain=row[4],
                    url=row[5],
                    author=row[6],
                    publisher_id=row[7],
                ),
            )

    def iter_copies(self) -> Iterator[CopyLink]:
        """Every copy -> original link, with the original's page once stored.

        ``original_fetched_url`` is set only when the original answered 2xx; ``original_page_id``
        points to its page row whatever the outcome (a 404 original is worth reporting).
        """
        for row in self._db.execute(
            "SELECT c.url, k.original_url, k.original_domain,"
            " CASE WHEN o.status BETWEEN 200 AND 299 THEN o.final_url END, k.copy_page_id,"
            " k.original_page_id FROM copies k JOIN pages c ON c.id = k.copy_page_id"
            " LEFT JOIN pages o ON o.id = k.original_page_id ORDER BY k.copy_page_id"
        ):
            yield CopyLink(
                copy_url=row[0],
                original_url=row[1],
                original_domain=row[2],
                original_fetched_url=row[3],
                copy_page_id=row[4],
                original_page_id=row[5],
            )

    def iter_html_bodies(self) -> Iterator[tuple[str, str | None, str | None, bytes]]:
        """(url, final URL, content type, body) of every HTML page that answered 2xx
        and kept a body, by id, but those whose page step failed (``STEP_FAILURES``): what
        `attribution check --db` reads (read-only)."""
        for row in self._db.execute(
            "SELECT p.url, p.final_url, p.content_type, b.body FROM pages p"
            " JOIN bodies b ON b.page_id = p.id"
            " WHERE p.kind = 'html' AND p.status BETWEEN 200 AND 299"
            " AND (p.error_kind IS NULL OR p.error_kind NOT IN (?, ?)) ORDER BY p.id",
            STEP_FAILURES,
        ):
            yield row[0], row[1], row[2], zlib.decompress(row[3])

    # --- matching: main texts, fingerprints, match results ----------------------------------

    def pages_needing_text(
        self, version: int, page_ids: Iterable[int] | None = None
    ) -> Iterator[tuple[int, str, str | None, str | None, str]]:
        """(page id, final URL, content type, published, content hash) of every 2xx HTML page
        with a body whose main text is missing, was read from another version of the body, or
        by another ``version`` of the matching code (only among ``page_ids`` when given);
        never one whose page step failed (``STEP_FAILURES``)."""
        sql = (
            "SELECT p.id, COALESCE(p.final_url, p.url), p.content_type, e.data, p.content_hash"
            " FROM pages p JOIN bodies b ON b.page_id = p.id"
            " LEFT JOIN extractions e ON e.page_id = p.id"
            " LEFT JOIN texts t ON t.page_id = p.id"
            " LEFT JOIN fingerprints f ON f.page_id = p.id"
            " WHERE p.kind = 'html' AND p.status BETWEEN 200 AND 299"
            " AND (p.error_kind IS NULL OR p.error_kind NOT IN (?, ?))"
            " AND (t.page_id IS NULL OR t.content_hash IS NOT p.content_hash"
            " OR f.version IS NOT ?)"
        )
        params: list[int | str] = [*STEP_FAILURES, version]
        if page_ids is not None:
            ids = list(page_ids)
            params += ids
            sql += f" AND p.id IN ({', '.join('?' for _ in ids)})"
        for row in self._db.execute(sql + " ORDER BY p.id", params).fetchall():
            published = json.loads(row[3]).get("published") if row[3] else None
            yield row[0], row[1], row[2], published, row[4] or ""

    def save_texts(
        self,
        rows: Iterable[tuple[int, str, MainText, str | None, tuple[int, bool, bytes, bytes, int]]],
    ) -> int:
        """Record main texts and fingerprints in one transaction.

        Each row is (page id, content hash, main text, published, (shingles, full, minhash,
        sample, fingerprint version)). Returns the number written.
        """
        now = utc_now()
        n = 0
        with self._transaction() as db:
            for page_id, content_hash, text, published, (size, full, mh, sample, ver) in rows:
                db.execute(
                    "INSERT OR REPLACE INTO texts (page_id, content_hash, extracted_at, title,"
                    " paragraphs, links, words, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        page_id,
                        content_hash,
                        now,
                        text.title,
                        json.dumps(list(text.paragraphs), ensure_ascii=False),
                        json.dumps([list(link) for link in text.links], ensure_ascii=False),
                        text.words,
                        published,
                    ),
                )
                db.execute(
                    "INSERT OR REPLACE INTO fingerprints (page_id, version, shingles, full,"
                    " minhash, sample) VALUES (?, ?, ?, ?, ?, ?)",
                    (page_id, ver, size, int(full), mh, sample),
                )
                n += 1
        return n

    def get_text(self, page_id: int) -> MainText | None:
        """The stored main text of a page, or None."""
        row = self._db.execute(
            "SELECT title, paragraphs, links FROM texts WHERE page_id = ?", (page_id,)
        ).fetchone()
        if row is None:
            return None
        return MainText(
            title=row[0],
            paragraphs=tuple(json.loads(row[1])),
            links=tuple((u, t) for u, t in json.loads(row[2])),
        )

    def iter_text_pages(
        self, *, min_words: int = 0
    ) -> Iterator[tuple[int, str, str | None, int, str | None, str | None, dict[str, Any]]]:
        """(page id, URL, domain, words, published, content hash, extraction JSON) of every
        page with a stored main text of at least ``min_words`` words, by id."""
        for row in self._db.execute(
            "SELECT p.id, COALESCE(p.final_url, p.url), p.domain, t.words, t.published,"
            " t.content_hash, e.data FROM texts t JOIN pages p ON p.id = t.page_id"
            " LEFT JOIN extractions e ON e.page_id = p.id WHERE t.words >= ? ORDER BY p.id",
            (min_words,),
        ):
            yield row[0], row[1], row[2], row[3], row[4], row[5], json.loads(row[6] or "{}")

    def iter_fingerprints(
        self, version: int, *, min_words: int = 0
    ) -> Iterator[tuple[int, int, bool, bytes, bytes]]:
        """(page id, shingles, full, minhash, sample) of every stored fingerprint of
        ``version`` whose text has at least ``min_words`` words."""
        for row in self._db.execute(
            "SELECT f.page_id, f.shingles, f.full, f.minhash, f.sample FROM fingerprints f"
            " JOIN texts t ON t.page_id = f.page_id WHERE f.version = ? AND t.words >= ?"
            " ORDER BY f.page_id",
            (version, min_words),
        ):
            yield row[0], row[1], bool(row[2]), row[3], row[4]

    def save_matches(
        self,
        results: Iterable[tuple[MatchResult, str | None, str | None]],
        *,
        replace_relations: Iterable[str] = (),
        keep: Iterable[tuple[int, int, str]] = (),
    ) -> int:
        """Record match results, (result, copy hash, original hash) each, in one transaction.

        Results of ``replace_relations`` not in ``keep`` and not written now are deleted first,
        so a pass leaves exactly its own findings. Returns the number written.
        """
        now = utc_now()
        rows = list(results)
        n = 0
        with self._transaction() as db:
            relations = list(replace_relations)
            if relations:
                kept = set(keep) | {
                    (r.copy_page_id, r.original_page_id or 0, r.relation) for r, _, _ in rows
                }
                marks = ", ".join("?" for _ in relations)
                for row_id, copy_id, original_id, relation in db.execute(
                    "SELECT id, copy_page_id, original_page_id, relation FROM matches"  # noqa: S608
                    f" WHERE relation IN ({marks})",  # only "?" placeholders are formatted in
                    relations,
                ).fetchall():
                    if (copy_id, original_id, relation) not in kept:
                        db.execute("DELETE FROM matches WHERE id = ?", (row_id,))
            for result, copy_hash, original_hash in rows:
                if result.original_page_id is None:
                    continue
                db.execute(
                    "INSERT INTO matches (copy_page_id, original_page_id, relation, verdict,"
                    " score, jaccard, containment, confidence, violation, copy_hash,"
                    " original_hash, matched_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    " ?, ?) ON CONFLICT (copy_page_id, original_page_id, relation) DO UPDATE SET"
                    " verdict = excluded.verdict, score = excluded.score,"
                    " jaccard = excluded.jaccard, containment = excluded.containment,"
                    " confidence = excluded.confidence, violation = excluded.violation,"
                    " copy_hash = excluded.copy_hash, original_hash = excluded.original_hash,"
                    " matched_at = excluded.matched_at, data = excluded.data",
                    (
                        result.copy_page_id,
                        result.original_page_id,
                        result.relation,
                        result.verdict,
                        result.score,
                        result.jaccard,
                        result.containment,
                        result.confidence,
                        int(result.violation),
                        copy_hash,
                        original_hash,
                        now,
                        json.dumps(result.to_dict(), ensure_ascii=False),
                    ),
                )
                n += 1
        return n

    def copies_of(self, original_page_id: int) -> list[CopyLink]:
        """The copy -> original links that point to one stored original."""
        return [
            CopyLink(
                copy_url=row[0],
                original_url=row[1],
                original_domain=row[2],
                copy_page_id=row[3],
                original_page_id=original_page_id,
            )
            for row in self._db.execute(
                "SELECT c.url, k.original_url, k.original_domain, k.copy_page_id FROM copies k"
                " JOIN pages c ON c.id = k.copy_page_id WHERE k.original_page_id = ?"
                " ORDER BY k.copy_page_id",
                (original_page_id,),
            )
        ]

    def iter_matches(
        self, *, relation: str | None = None
    ) -> Iterator[tuple[int, int, dict[str, Any]]]:
        """(copy page id, original page id, ``MatchResult.to_dict()``) of every stored match,
        by copy page."""
        sql = "SELECT copy_page_id, original_page_id, data FROM matches"
        params: tuple[Any, ...] = ()
        if relation is not None:
            sql += " WHERE relation = ?"
            params = (relation,)
        for row in self._db.execute(sql + " ORDER BY copy_page_id, relation, id", params):
            yield row[0], row[1], json.loads(row[2])

    # --- graph: streamed reads for attribution.graph -------------------------------------------

    #: The columns of one article-record row; both halves of ``iter_article_rows`` return them.
    #: json_extract with several paths returns them all as one JSON array, one parse (SQLite
    #: 3.40 has no parse cache, and a match's data holds the diff). The extraction's title
    #: comes apart: the rest repeats from row to row, so its text is a cache key for the reader.
    @staticmethod
    def _record_tail(*, details: bool, chain: bool) -> str:
        """The columns every relation query ends with (see ``iter_article_rows``)."""
        comparison = (
            "CASE WHEN m.verdict IN ('edited', 'mismatch') THEN json_extract(m.data,"
            " '$.comparison.paragraphs_removed', '$.comparison.paragraphs_added',"
            " '$.comparison.paragraphs_changed', '$.comparison.sentences_changed',"
            " '$.comparison.title_changed', '$.comparison.truncated',"
            " '$.comparison.links_dropped') END"
            if details
            else "NULL"
        )
        # The original's own original, when it is a copy too: credited first, else by text.
        parent = (
            "COALESCE((SELECT COALESCE(p2.final_url, p2.url, k2.original_url) FROM copies k2"
            "  LEFT JOIN pages p2 ON p2.id = k2.original_page_id"
            "  WHERE k2.copy_page_id = o.id ORDER BY k2.original_key LIMIT 1),"
            " (SELECT COALESCE(p3.final_url, p3.url) FROM matches m3"
            "  JOIN pages p3 ON p3.id = m3.original_page_id WHERE m3.copy_page_id = o.id"
            "  AND m3.relation IN ('uncredited', 'other_original') ORDER BY m3.id LIMIT 1))"
            if chain
            else "NULL"
        )
        return (
            f"c.fetched_at, {Store._titles(details)},"
            " json_extract(e.data, '$.missing', '$.original.registry_id', '$.original.publisher'),"
            f" m.verdict, m.containment, {comparison}, {Store._credit_texts(details)}, {parent}"
        )

    @staticmethod
    def _titles(details: bool) -> str:
        return "t.title, json_extract(e.data, '$.title')" if details else "NULL, NULL"

    @staticmethod
    def _credit_texts(details: bool) -> str:
        if not details:
            return "NULL"
        return (
            "(SELECT group_concat(x.text, char(31)) FROM (SELECT text FROM credits"
            "  WHERE page_id = c.id ORDER BY position) x)"
        )

    def relation_rows(self) -> int:
        """Rows of ``copies`` and ``matches``: what ``iter_article_rows`` reads, roughly."""
        row = self._db.execute(
            "SELECT (SELECT COUNT(*) FROM copies) + (SELECT COUNT(*) FROM matches)"
        ).fetchone()
        return int(row[0])

    def iter_article_rows(
        self, *, since: str | None = None, details: bool = True, chain: bool = True
    ) -> Iterator[tuple[Any, ...]]:
        """Every copy -> original relation as a flat row, by copy page id: the credited copies
        (``copies``, with their credited match when compared), then, per copy, the text matches
        (credited, uncredited, other_original) that no ``copies`` row already covers.

        Row: (copy page id, copy URL, copy domain, original URL, original domain, original page
        id, credited 0/1, fetched_at, main-text title, extraction title, extraction JSON array
        [missing, registry id, publisher], verdict, containment, comparison JSON array [paragraphs
        removed, added, changed, sentences changed, title changed, truncated, links dropped]
        (edited and mismatch only), credit texts joined by U+001F, chain parent URL). A page
        whose extraction names its original's publisher or domain but no URL (a wire copy) and
        that has neither kind of row gives one row with no original URL or page id.
        ``since`` keeps copies fetched at or after it (an ISO date or time). Without
        ``details`` the titles, comparison figures and credit texts are NULL, without ``chain``
        the chain parent: the graphs that do not show them read faster. Streamed: nothing
        is loaded whole.
        """
        tail = self._record_tail(details=details, chain=chain)
        where = " AND c.fetched_at >= ?" if since else ""
        params: tuple[Any, ...] = (since,) if since else ()
        credited = self._db.execute(
            "SELECT k.copy_page_id, COALESCE(c.final_url, c.url), c.domain,"  # noqa: S608
            " COALESCE(o.final_url, o.url, k.original_url), COALESCE(o.domain, k.original_domain),"
            f" k.original_page_id, 1, {tail}"
            " FROM copies k JOIN pages c ON c.id = k.copy_page_id"
            " LEFT JOIN pages o ON o.id = k.original_page_id"
            " LEFT JOIN extractions e ON e.page_id = c.id"
            " LEFT JOIN texts t ON t.page_id = c.id"
            " LEFT JOIN matches m ON m.copy_page_id = k.copy_page_id"
            " AND m.original_page_id = k.original_page_id AND m.relation = 'credited'"
            f" WHERE 1{where} ORDER BY k.copy_page_id, k.original_key",
            params,
        )
        matched = self._db.execute(
            "SELECT m.copy_page_id, COALESCE(c.final_url, c.url), c.domain,"  # noqa: S608
            " COALESCE(o.final_url, o.url), o.domain, m.original_page_id,"
            f" m.relation = 'credited', {tail}"
            " FROM matches m JOIN pages c ON c.id = m.copy_page_id"
            " JOIN pages o ON o.id = m.original_page_id"
            " LEFT JOIN extractions e ON e.page_id = c.id"
            " LEFT JOIN texts t ON t.page_id = c.id"
            " WHERE m.relation IN ('credited', 'uncredited', 'other_original')"
            " AND NOT EXISTS (SELECT 1 FROM copies k WHERE k.copy_page_id = m.copy_page_id"
            f" AND k.original_page_id = m.original_page_id){where}"
            " ORDER BY m.copy_page_id, m.original_page_id, m.relation",
            params,
        )
        # A copy crediting its publisher by name or domain but no URL (a wire copy: "(AP) -",
        # "Reuters"), when neither a copies row nor a text match speaks for the page.
        wire = self._db.execute(
            "SELECT e.page_id, COALESCE(c.final_url, c.url), c.domain, NULL,"  # noqa: S608
            " COALESCE(e.original_domain, json_extract(e.data, '$.original.domain')), NULL, 1,"
            f" c.fetched_at, {self._titles(details)}, json_extract(e.data, '$.missing',"
            " '$.original.registry_id', '$.original.publisher'), NULL, NULL, NULL,"
            f" {self._credit_texts(details)}, NULL"
            " FROM extractions e JOIN pages c ON c.id = e.page_id"
            " LEFT JOIN texts t ON t.page_id = c.id"
            " WHERE e.republished = 1 AND e.original_url IS NULL"
            " AND COALESCE(e.original_domain, json_extract(e.data, '$.original.domain'))"
            " IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM copies k WHERE k.copy_page_id = e.page_id)"
            " AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.copy_page_id = e.page_id"
            f" AND m.relation IN ('credited', 'uncredited', 'other_original')){where}"
            " ORDER BY e.page_id",
            params,
        )
        # The cursors are ordered by copy page id; merge is stable, so copies come first.
        yield from heapq.merge(credited, matched, wire, key=itemgetter(0))

    def iter_domain_stats(self, *, min_words: int = 150) -> Iterator[tuple[str, int, int]]:
        """(registrable domain, HTML pages, article pages) of every domain crawled, by domain;
        an article page has a stored main text of at least ``min_words`` words."""
        for row in self._db.execute(
            "SELECT p.domain, COUNT(*), COALESCE(SUM(t.words >= ?), 0) FROM pages p"
            " LEFT JOIN texts t ON t.page_id = p.id"
            " WHERE p.kind = 'html' AND p.domain IS NOT NULL GROUP BY p.domain ORDER BY p.domain",
            (min_words,),
        ):
            yield row[0], row[1], row[2]

    def iter_domain_site_names(self) -> Iterator[tuple[str, str, int]]:
        """(domain, site name, pages) for every site name the extraction found on a domain's
        pages, by domain and then the most frequent name first."""
        for row in self._db.execute(
            "SELECT domain, name, COUNT(*) FROM (SELECT p.domain,"
            " json_extract(e.data, '$.site_name') name FROM extractions e"
            " JOIN pages p ON p.id = e.page_id WHERE p.domain IS NOT NULL)"
            " WHERE name IS NOT NULL AND name != '' GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"
        ):
            yield row[0], row[1], row[2]

    def iter_domain_tracker_ids(self) -> Iterator[tuple[str, str | None, str, int]]:
        """(page domain, domain of the original the page copies or None, tracker ids as a JSON
        list, pages) for every distinct combination on pages with tracker ids, sorted. The
        original is the credited one, else the one a text match found (an uncredited copy)."""
        for row in self._db.execute(
            "SELECT domain, COALESCE(original_domain, (SELECT o.domain FROM matches m"
            " JOIN pages o ON o.id = m.original_page_id WHERE m.copy_page_id = page_id"
            " AND m.relation IN ('uncredited', 'other_original') ORDER BY m.id LIMIT 1)),"
            " ids, COUNT(*) FROM (SELECT p.domain, p.id page_id, e.original_domain,"
            " json_extract(e.data, '$.tracker_ids') ids FROM extractions e"
            " JOIN pages p ON p.id = e.page_id WHERE p.domain IS NOT NULL)"
            " WHERE ids IS NOT NULL AND ids != '[]' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        ):
            yield row[0], row[1], row[2], row[3]

    def iter_domain_templates(self, *, per_domain: int = 3) -> Iterator[tuple[str, int, bytes]]:
        """(domain, page id, decoded HTML) of the first ``per_domain`` 2xx HTML pages with a
        body of every domain, by domain then page id: what template comparison reads."""
        # The pages are chosen first and only their bodies read: a store's bodies run to GBs.
        for row in self._db.execute(
            "SELECT s.domain, s.id, b.body FROM (SELECT p.domain, p.id, ROW_NUMBER() OVER"
            " (PARTITION BY p.domain ORDER BY p.id) n FROM pages p WHERE p.kind = 'html'"
            " AND p.status BETWEEN 200 AND 299 AND p.domain IS NOT NULL AND EXISTS"
            " (SELECT 1 FROM bodies x WHERE x.page_id = p.id)) s JOIN bodies b"
            " ON b.page_id = s.id WHERE s.n <= ? ORDER BY s.domain, s.id",
            (per_domain,),
        ):
            yield row[0], row[1], zlib.decompress(row[2])

    def iter_page_authors(self) -> Iterator[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        """(page URL, the page's authors, the authors it credits for its original) of every
        page whose extraction names any, by id."""
        for row in self._db.execute(
            "SELECT COALESCE(p.final_url, p.url), json_extract(e.data, '$.authors'),"
            " json_extract(e.data, '$.original.authors') FROM extractions e"
            " JOIN pages p ON p.id = e.page_id WHERE json_array_length(e.data, '$.authors') > 0"
            " OR json_array_length(e.data, '$.original.authors') > 0 ORDER BY p.id"
        ):
            yield row[0], tuple(json.loads(row[1] or "[]")), tuple(json.loads(row[2] or "[]"))

    def unread_pages(self, domains: Iterable[str] | None = None) -> dict[str, int]:
        """How many fetched URLs could not be read, by why (only those of ``domains`` when
        given): ``not_fetched`` (network errors, HTTP errors, refused redirects),
        ``not_text`` (not a text document) and ``stopped`` (the page step ran past its time
        limit or crashed its worker, ``STEP_FAILURES``). URLs skipped on purpose (robots.txt,
        beacons, traps) are not counted: they were never requested."""
        sql = (
            "SELECT domain, CASE WHEN kind = 'error' THEN 'not_fetched'"
            " WHEN error_kind IN (?, ?) THEN 'stopped' ELSE 'not_text' END, COUNT(*)"
            " FROM pages WHERE kind = 'error' OR (kind = 'html' AND error_kind IS NOT NULL)"
            " GROUP BY 1, 2"
        )
        wanted = None if domains is None else set(domains)
        out = dict.fromkeys(("not_fetched", "not_text", "stopped"), 0)
        for domain, why, n in self._db.execute(sql, STEP_FAILURES):
            if wanted is None or domain in wanted:
                out[why] += int(n)
        return out

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        out = {}
        for table in ("crawls", "pages", "bodies", "extractions", "credits", "copies", "frontier"):
            out[table] = int(self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])  # noqa: S608
        return out
