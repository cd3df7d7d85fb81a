"""The crawl loop: seeds in, pages, extractions and copy -> original links out to the store.

Data flow of one page:

1. a worker takes the next URL from the :class:`~attribution.frontier.Frontier` (per-host slots
   and delays);
2. the :class:`~attribution.http.Fetcher` fetches it, vetting the URL and every redirect hop
   against robots.txt (:class:`~attribution.robots.RobotsCache`) and the beacon/asset refusal;
3. the response is classified: HTML is parsed once, extracted (credits, original) and its links
   listed, in a worker process (``CrawlSettings.workers``, :func:`extract_page`) so that this
   CPU work overlaps fetching and storing on the event loop; a sitemap or feed given as a seed
   is read for its URLs; anything else is recorded and skipped;
4. new URLs (links in scope, up to the depth limit; the credited original, one hop past the
   scope) are normalised, de-duplicated and queued;
5. the page, its body, extraction, credits, copy link, new frontier rows and its own frontier
   state are written in one transaction, then the WARC record if asked.

Because step 5 is one transaction, a crawl killed at any point leaves each page either fully
recorded (``done``) or still ``queued``; ``--resume`` re-queues the latter only.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import io
import logging
import re
import signal
import sys
import time
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any

from rich.console import Console
from rich.live import Live
from rich.text import Text
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from attribution import __version__
from attribution.commands import error
from attribution.domains import domain_of, host_of, registrable_domain, same_site
from attribution.errors import (
    AttributionError,
    ConfigError,
    DecodeError,
    FetchError,
    InputError,
    RefusedURL,
    RobotsDisallowed,
    StoreError,
)
from attribution.extract import document_links, extract_document, parse_document
from attribution.frontier import (
    Frontier,
    FrontierItem,
    TrapGuard,
    normalize_url,
    refusal,
    shape_run,
)
from attribution.http import Fetcher
from attribution.models import STEP_FAILURES, CrawlSummary, FetchResult, PageDigest
from attribution.pagepool import CallLost, CallTimedOut, ProcessPool, WorkerDied, worker_context
from attribution.registry import Registry, load_registry
from attribution.robots import RobotsCache, origin_of
from attribution.settings import CrawlSettings, parse_resolve, parse_size
from attribution.store import PageWrite, Store

__all__ = [
    "Crawler",
    "WarcSink",
    "expand_seeds",
    "extract_page",
    "format_summary",
    "parse_feed",
    "run_crawl",
]

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("xml", "rss", "atom")
GZIP_TYPES = ("application/gzip", "application/x-gzip", "application/octet-stream")
#: Sitemaps may hold 50,000 URLs and 50 MB uncompressed (sitemaps.org).
MAX_SITEMAP_BYTES = 50 * 1024 * 1024

_LOC = re.compile(r"<loc>\s*(?:<!\[CDATA\[)?\s*(.*?)\s*(?:\]\]>)?\s*</loc>", re.I | re.S)
_ITEM = re.compile(r"<item\b.*?</item>", re.I | re.S)
_ENTRY = re.compile(r"<entry\b.*?</entry>", re.I | re.S)
_RSS_LINK = re.compile(r"<link>\s*(?:<!\[CDATA\[)?\s*(.*?)\s*(?:\]\]>)?\s*</link>", re.I | re.S)
_ATOM_LINK = re.compile(r"<link\b([^>]*)/?>", re.I)
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


# --- seeds ------------------------------------------------------------------------------------


def expand_seeds(values: Iterable[str]) -> list[str]:
    """Seed arguments to URLs: ``@file`` reads one URL a line (``#`` comments, blanks skipped)."""
    seeds: list[str] = []
    for value in values:
        if value.startswith("@"):
            path = Path(value[1:])
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise InputError(
                    f"cannot read seed file: {exc.strerror}", source=str(path)
                ) from exc
            seeds += [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]
        else:
            seeds.append(value.strip())
    for seed in seeds:
        if normalize_url(seed) is None:
            raise ConfigError(f"not an http(s) URL: {seed!r}")
    return list(dict.fromkeys(seeds))


def parse_feed(body: bytes, content_type: str | None = None) -> tuple[str, list[str]] | None:
    """Read a sitemap, sitemap index, RSS or Atom document: (kind, URLs), or None if not one.

    ``kind`` is ``"sitemapindex"`` (URLs are sitemaps), ``"sitemap"``, ``"rss"`` or ``"atom"``.
    Gzip-compressed sitemaps are inflated (up to 50 MB). Parsed with patterns rather than an XML
    parser: these formats are flat, and no entity expansion means no XML bomb.
    """
    if body[:2] == b"\x1f\x8b":
        try:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            body = inflater.decompress(body, MAX_SITEMAP_BYTES)
        except zlib.error:
            return None
    head = body[:2048].lstrip().lower()
    markers = (b"<?xml", b"<urlset", b"<sitemapindex", b"<rss", b"<feed")
    if not head.startswith(markers) and "xml" not in (content_type or ""):
        return None
    text = body.decode("utf-8", errors="replace")
    start = text[:4096].lower()
    if "<sitemapindex" in start:
        return "sitemapindex", [html.unescape(u) for u in _LOC.findall(text)]
    if "<urlset" in start:
        return "sitemap", [html.unescape(u) for u in _LOC.findall(text)]
    if "<rss" in start or "<rdf:rdf" in start:
        urls = []
        for item in _ITEM.findall(text):
            m = _RSS_LINK.search(item)
            if m:
                urls.append(html.unescape(m.group(1)))
        return "rss", urls
    if "<feed" in start:
        urls = []
        for entry in _ENTRY.findall(text):
            for attrs in _ATOM_LINK.findall(entry):
                found = {k.lower(): a or b for k, a, b in _ATTR.findall(attrs)}
                if found.get("href") and found.get("rel", "alternate") == "alternate":
                    urls.append(html.unescape(found["href"]))
                    break
        return "atom", urls
    return None


# --- WARC -------------------------------------------------------------------------------------


class WarcSink:
    """Appends every response (redirect hops included) to a gzipped WARC file (warcio)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._file: IO[bytes] = Path(path).open("ab")  # noqa: SIM115 - closed in close()
        self._writer = WARCWriter(self._file, gzip=True)
        info = self._writer.create_warcinfo_record(
            Path(path).name, {"software": f"attribution/{__version__}", "format": "WARC/1.1"}
        )
        self._writer.write_record(info)

    def write(self, result: FetchResult) -> int:
        """Write the hops and the final response; return the final record's offset."""
        for hop in result.redirects:
            self._record(hop.url, hop.status, hop.headers, b"")
        offset = self._file.tell()
        self._record(result.final_url, result.status, result.headers, result.body)
        return offset

    def _record(
        self, url: str, status: int, headers: tuple[tuple[str, str], ...], body: bytes
    ) -> None:
        # The body is stored decoded: drop the transfer framing that no longer applies.
        kept = [
            (k, v)
            for k, v in headers
            if k not in ("content-encoding", "transfer-encoding", "content-length")
        ]
        kept.append(("content-length", str(len(body))))
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        http_headers = StatusAndHeaders(f"{status} {phrase}".strip(), kept, protocol="HTTP/1.1")
        record = self._writer.create_warc_record(
            # An explicit length spares warcio a temporary spool file it would never close.
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=http_headers,
        )
        self._writer.write_record(record)

    def close(self) -> None:
        """Flush and close the file."""
        self._file.close()


# --- the page step (parse, extract, list links), inline or in a worker process ----------------

_worker_registry: Registry | None = None
_worker_registry_dir: str | None = None


def _page_step(
    body: bytes,
    final_url: str,
    content_type: str | None,
    source: str,
    registry: Registry,
    compress_level: int,
) -> PageDigest:
    # Everything CPU-bound about a page happens here, so that a worker process takes it all off
    # the event loop: parsing, extraction, link listing and normalisation, compression, hashing.
    compressed, digest = _for_store(body, compress_level)
    try:
        doc = parse_document(body, url=final_url, content_type=content_type, source=source)
        ext = extract_document(doc, registry=registry, source=source)
        hrefs = document_links(doc)
    except DecodeError as exc:
        return PageDigest(
            None, (), f"not a text document: {exc}", compressed, digest, "DecodeError"
        )
    keys = dict.fromkeys(k for h in hrefs if (k := normalize_url(h)) is not None)
    return PageDigest(ext, tuple(keys), None, compressed, digest)


def _for_store(body: bytes, compress_level: int) -> tuple[bytes, str]:
    """The body as the store keeps it: zlib-compressed, and its SHA-256 (hex)."""
    return zlib.compress(body, compress_level), hashlib.sha256(body).hexdigest()


def _init_page_worker(registry_dir: str | None) -> None:
    """Pool initializer: the registry is loaded once per worker process."""
    global _worker_registry, _worker_registry_dir  # noqa: PLW0603 - one per worker process
    _worker_registry = load_registry(registry_dir)
    _worker_registry_dir = registry_dir


def extract_page(
    body: bytes,
    final_url: str,
    content_type: str | None,
    source: str,
    registry_dir: str | None,
    compress_level: int = 1,
) -> PageDigest:
    """The page step of a fetched HTML page, as run in a worker process.

    A pure function of its arguments: ``registry_dir`` names the publisher registry (None: the
    bundled one), loaded once per process. Returns a picklable :class:`PageDigest`: the
    extraction (None when the body is not a text document, with the error), the normalised
    links, and the compressed body with its hash, ready for the store.
    """
    global _worker_registry, _worker_registry_dir  # noqa: PLW0603 - one per worker process
    if _worker_registry is None or _worker_registry_dir != registry_dir:
        _worker_registry = load_registry(registry_dir)
        _worker_registry_dir = registry_dir
    return _page_step(body, final_url, content_type, source, _worker_registry, compress_level)


def _pool_context() -> Any:
    return worker_context(["attribution.crawler"])


# --- the crawler ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Stats:
    pages: int = 0
    new: int = 0
    updated: int = 0
    not_modified: int = 0
    failed: int = 0
    skipped: int = 0
    refused: int = 0
    credits: int = 0
    republished: int = 0
    originals: int = 0
    errors: Counter[str] = field(default_factory=Counter)


class Crawler:
    """One crawl run against one store. Build it, then ``await run(seeds)``."""

    def __init__(
        self,
        settings: CrawlSettings,
        store: Store,
        *,
        registry: Registry | None = None,
        registry_dir: str | Path | None = None,
        fetcher: Fetcher | None = None,
        progress: bool = False,
    ) -> None:
        """``registry_dir`` is the folder ``registry`` was loaded from (None: the bundled
        registry alone); worker processes (``settings.workers``) load it again from there."""
        self.settings = settings
        self.store = store
        if registry is None:
            registry = load_registry(registry_dir)
        self.registry = registry
        self._registry_dir = None if registry_dir is None else str(registry_dir)
        self._pool: ProcessPool | None = None
        self._fetcher = fetcher
        self._show_progress = progress
        self.frontier = Frontier(
            per_host=settings.per_host, delay=settings.delay, jitter=settings.jitter
        )
        self._traps = TrapGuard(max_length=settings.max_url_length, max_run=settings.max_shape_run)
        self._beacons = [rule.pattern for rule in registry.pixel_rules]
        self._seen: set[str] = set()
        self._seed_domains: set[str] = set()
        self._seed_hosts: set[str] = set()
        self._stats = _Stats()
        self._crawl_id = 0
        self._started = 0
        self._stopping = False
        self._workers: list[asyncio.Task[None]] = []
        self._robots: RobotsCache | None = None
        self._warc: WarcSink | None = None
        self._delays_set: set[str] = set()
        #: Pages waiting for the next commit, with their new links (see :meth:`_save`).
        self._batch: list[tuple[PageWrite, list[FrontierItem]]] = []
        self._flush_timer: asyncio.TimerHandle | None = None

    # --- control -------------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop now (Ctrl-C): pages in flight are dropped and stay queued for ``--resume``."""
        if self._stopping:
            return
        self._stopping = True
        log.warning("stopping: pages in flight stay queued; continue with --resume")
        self.frontier.close()
        for task in self._workers:
            task.cancel()

    async def run(self, seeds: list[str], *, resume: bool = False) -> CrawlSummary:
        """Crawl from ``seeds`` (or continue the last run with ``resume``); return the summary."""
        started = time.monotonic()
        items = self._begin(seeds, resume=resume)
        for item in items:
            self.frontier.add(item)
        fetcher = self._fetcher or Fetcher(self.settings)
        self._robots = RobotsCache(fetcher, enabled=self.settings.obey_robots)
        if self.settings.warc_path:
            self._warc = WarcSink(self.settings.warc_path)
        if self.settings.workers > 0:
            self._pool = ProcessPool(
                self.settings.workers,
                context=_pool_context(),
                initializer=_init_page_worker,
                initargs=(self._registry_dir,),
            )
            self._pool.start()  # in the background, while robots.txt and the seeds are fetched
        ticker: asyncio.Task[None] | None = None
        try:
            ticker = asyncio.create_task(self._progress()) if self._show_progress else None
            self._workers = [
                asyncio.create_task(self._worker(fetcher)) for _ in range(self.settings.concurrency)
            ]
            await asyncio.gather(*self._workers, return_exceptions=True)
            self._flush()
            for task in self._workers:
                if not task.cancelled() and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
        finally:
            # Interrupted: the pages already processed are recorded; those in flight stay queued.
            self._flush()
            if ticker is not None:
                ticker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await ticker
            if self._fetcher is None:
                await fetcher.aclose()
            if self._warc is not None:
                self._warc.close()
            if self._pool is not None:
                # Interrupted: pages queued for the workers are dropped (they stay queued in
                # the store); a page being extracted finishes and is discarded.
                await self._pool.close(wait=not self._stopping)
                self._pool = None
        summary = self._summary(time.monotonic() - started)
        status = "interrupted" if self._stopping else "finished"
        self.store.set_crawl_status(self._crawl_id, status, summary.to_dict())
        return summary

    def _begin(self, seeds: list[str], *, resume: bool) -> list[FrontierItem]:
        run = self.store.last_crawl() if resume else None
        fresh: list[str] = []
        if run is not None:
            self._crawl_id = run.id
            all_seeds = list(dict.fromkeys([*run.seeds, *seeds]))
            self.store.add_seeds(run.id, seeds)
            self.store.set_crawl_status(run.id, "running")
            parents: dict[str, str | None] = {}
            for item in self.store.frontier(run.id):
                self._seen.add(item.url)
                parents[item.url] = item.parent
            queued = list(self.store.frontier(run.id, state="queued"))
            for item in queued:
                # Trap runs go on where they stopped: a resume must not grant 50 more pages.
                item.shape_run = shape_run(item.url, parents, limit=self.settings.max_shape_run)
            fresh = seeds
            log.info("resuming crawl %d: %d URLs still queued", run.id, len(queued))
        else:
            if not seeds:
                raise ConfigError("no seeds given and no crawl to resume in the store")
            all_seeds = seeds
            self._crawl_id = self.store.start_crawl(seeds, _settings_dict(self.settings))
            queued = []
            fresh = seeds
        for seed in all_seeds:
            key = normalize_url(seed)
            dom = domain_of(key)
            if dom:
                self._seed_domains.add(dom)
            if key is not None:
                self._seed_hosts.add(_host(key))
        new: list[FrontierItem] = []
        for seed in fresh:
            key = normalize_url(seed)
            if key is None or key in self._seen:
                continue
            self._seen.add(key)
            new.append(FrontierItem(url=key, depth=0, via="seed"))
        self.store.queue(self._crawl_id, new)
        return queued + new

    # --- workers -------------------------------------------------------------------------------

    async def _worker(self, fetcher: Fetcher) -> None:
        limit = self.settings.max_pages
        while True:
            item = await self.frontier.get()
            if item is None:
                return
            if limit is not None and self._started >= limit:
                # The item stays queued in the store: --resume or a larger --max-pages gets it.
                self.frontier.release(item)
                self.frontier.close()
                return
            self._started += 1
            try:
                await self._process(fetcher, item)
            except asyncio.CancelledError:
                raise
            except Exception:
                # A bug in one page must not stop the crawl; the page stays queued.
                log.exception("%s: unexpected error", item.url)
                self._stats.errors["internal"] += 1
            finally:
                self.frontier.release(item)

    async def _check(self, url: str) -> None:
        """Vet a URL (the first one and every redirect hop) before it is requested."""
        reason = refusal(url, extra_patterns=self._beacons)
        if reason is not None:
            raise RefusedURL(f"refused: {reason}", url=url)
        assert self._robots is not None
        rules = await self._robots.rules(url)
        host = _host(url)
        if host not in self._delays_set:
            self._delays_set.add(host)
            delay = rules.crawl_delay()
            if delay:
                self.frontier.set_delay(host, min(delay, self.settings.max_crawl_delay))
            if host in self._seed_hosts:
                self._queue_robots_sitemaps(url, rules.sitemaps())
        rules.vet(url)

    def _queue_robots_sitemaps(self, url: str, sitemaps: list[str]) -> None:
        """Queue the sitemaps a seed host's robots.txt names (``Sitemap:`` lines).

        They are found one hop from the seeds (depth 1), so the scope applies to them and to
        their entries, unlike the sitemaps given as seeds; ``--scope seeds`` follows none.
        """
        if self.settings.scope == "seeds" or not sitemaps:
            return
        robots = FrontierItem(url=f"{origin_of(url)}/robots.txt", depth=0, via="seed")
        items = [
            item
            for sitemap in sitemaps
            if (item := self._consider(sitemap, robots, via="sitemap")) is not None
        ]
        if items:
            log.info("%s: %d sitemaps named in robots.txt", robots.url, len(items))
            self.store.queue(self._crawl_id, items)
            for item in items:
                self.frontier.add(item)

    async def _process(self, fetcher: Fetcher, item: FrontierItem) -> None:
        stats = self._stats
        validators = self.store.validators(item.url)
        headers: dict[str, str] = {}
        if validators is not None:
            etag, modified = validators
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        try:
            result = await fetcher.fetch(item.url, headers=headers, check=self._check)
        except (RobotsDisallowed, RefusedURL) as exc:
            reason = "robots" if isinstance(exc, RobotsDisallowed) else "refused"
            stats.skipped += 1
            self.store.set_state(self._crawl_id, item, "skipped", f"{reason}: {exc}")
            return
        except FetchError as exc:
            stats.pages += 1
            stats.failed += 1
            stats.errors[type(exc).__name__] += 1
            log.info("%s", exc)
            self._save(
                PageWrite(
                    url=item.url,
                    host=item.host,
                    domain=domain_of(item.url),
                    kind="error",
                    error=str(exc),
                    error_kind=type(exc).__name__,
                    frontier_state="failed",
                )
            )
            return
        stats.pages += 1
        final_key = normalize_url(result.final_url) or result.final_url
        self._seen.add(final_key)
        warc = (self.settings.warc_path or "", self._warc.write(result)) if self._warc else None
        if result.status == 304 and validators is not None:
            stats.not_modified += 1
            self.store.mark_not_modified(self._crawl_id, item.url, result)
            await self._requeue_from_store(item)
            return
        if result.status >= 400:
            stats.failed += 1
            stats.errors[f"HTTP {result.status}"] += 1
            self._save(
                PageWrite(
                    url=item.url,
                    host=item.host,
                    domain=domain_of(item.url),
                    kind="error",
                    result=result,
                    final_key=final_key,
                    error=f"HTTP {result.status}",
                    error_kind="http",
                    warc=warc,
                    frontier_state="failed",
                )
            )
            return
        ctype = (result.content_type or "").split(";", 1)[0].strip().lower()
        feed = None
        # Only seeds and sitemap entries may be sitemaps or feeds; a link to XML is "other".
        maybe_feed = not ctype or ctype in GZIP_TYPES or any(t in ctype for t in XML_TYPES)
        if item.via in ("seed", "sitemap") and maybe_feed and not ctype.startswith(HTML_TYPES):
            feed = parse_feed(result.body, ctype)
        if feed is not None:
            kind, urls = feed
            via = "sitemap"
            links = [
                x for u in urls if (x := self._consider(u, item, via=via, sitemap=True)) is not None
            ]
            self._save(
                PageWrite(
                    url=item.url,
                    host=item.host,
                    domain=domain_of(item.url),
                    kind="sitemap" if kind.startswith("sitemap") else "feed",
                    result=result,
                    final_key=final_key,
                    warc=warc,
                ),
                links,
            )
            return
        if not _is_html(ctype, result.body):
            self._save(
                PageWrite(
                    url=item.url,
                    host=item.host,
                    domain=domain_of(item.url),
                    kind="other",
                    result=result,
                    final_key=final_key,
                    warc=warc,
                )
            )
            return
        page, links = await self._extract(item, result, final_key, warc)
        self._save(page, links)
        if item.via == "credit" and page.extraction is not None:
            self._flush()  # the comparison reads the original back from the store
            self._confirm_original(item.url)

    def _confirm_original(self, url: str) -> None:
        """A credited original was fetched: compare it with the copies that credit it."""
        from attribution.match.run import confirm_original  # noqa: PLC0415 - numpy on demand

        record = self.store.get_page(url)
        if record is None:
            return
        try:
            results = confirm_original(self.store, record.id, registry=self.registry)
        except Exception:
            # Matching must never stop a crawl; the end-of-crawl pass tries again.
            log.exception("%s: comparing with its copies failed", url)
            return
        for r in results:
            if r.verdict == "mismatch":
                log.warning("%s credits %s, but the text there is another article", r.copy_url, url)
            else:
                log.info("%s: %s copy of %s", r.copy_url, r.verdict, url)

    async def _page_step(self, item: FrontierItem, result: FetchResult) -> PageDigest:
        """The page step: in a worker process if there is a pool, else on this thread."""
        level = self.store.compress_level
        if self._pool is not None:
            try:
                digest: PageDigest = await self._pool.call(
                    extract_page,
                    result.body,
                    result.final_url,
                    result.content_type,
                    item.url,
                    self._registry_dir,
                    level,
                    time_limit=self.settings.page_timeout,
                )
                return digest
            except CallLost as exc:
                # This page stopped its worker (too slow, or it crashed): it is recorded as
                # failed, body kept, and is not tried again here, where it could stall or
                # crash the crawl itself. A new worker takes the pages behind it.
                kind = "PageTimeout" if isinstance(exc, CallTimedOut) else "WorkerCrash"
                log.warning("%s: page step failed: %s", item.url, exc)
                self._stats.failed += 1
                self._stats.errors[kind] += 1
                body, sha = _for_store(result.body, level)
                return PageDigest(None, (), f"page step failed: {exc}", body, sha, kind)
            except WorkerDied:
                if self._pool is not None:
                    log.warning("the extraction worker died: extracting on the crawl's thread")
                    pool, self._pool = self._pool, None
                    await pool.close(wait=False)
        return _page_step(
            result.body, result.final_url, result.content_type, item.url, self.registry, level
        )

    async def _extract(
        self,
        item: FrontierItem,
        result: FetchResult,
        final_key: str,
        warc: tuple[str, int] | None,
    ) -> tuple[PageWrite, list[FrontierItem]]:
        stats = self._stats
        links: list[FrontierItem] = []
        extraction: dict[str, Any] | None = None
        original: tuple[str, str, str | None] | None = None
        credits: tuple[Any, ...] = ()
        step = await self._page_step(item, result)
        ext = step.extraction
        if ext is not None:
            extraction = ext.to_dict()
            credits = ext.credits
            stats.credits += len(ext.credits)
            if ext.republished:
                stats.republished += 1
            if ext.republished and ext.original is not None and ext.original.url:
                key = normalize_url(ext.original.url)
                if key is not None:
                    original = (ext.original.url, key, ext.original.domain or domain_of(key))
                    if self.settings.follow_credits:
                        credit_item = self._consider_key(key, item, via="credit")
                        if credit_item is not None:
                            stats.originals += 1
                            links.append(credit_item)
        seen = self._seen
        for key in step.links:
            # Most links of a page were seen before: a set lookup is all they cost.
            if key not in seen and (link := self._consider_key(key, item)) is not None:
                links.append(link)
        page = PageWrite(
            url=item.url,
            host=item.host,
            domain=domain_of(item.url),
            kind="html",
            result=result,
            final_key=final_key,
            keep_body=True,
            compressed_body=step.compressed_body,
            content_hash=step.content_hash,
            extraction=extraction,
            credits=credits,
            original=original,
            warc=warc,
            error=step.error,
            error_kind=step.error_kind,
        )
        return page, links

    async def _requeue_from_store(self, item: FrontierItem) -> None:
        """A 304 page: its links and credited original come from the stored copy."""
        record = self.store.get_page(item.url)
        if record is None:
            return
        # A page whose page step failed is not parsed here, on the crawl's own thread.
        body = None if record.error_kind in STEP_FAILURES else self.store.get_body(record.id)
        links: list[FrontierItem] = []
        if body is not None:
            try:
                doc = parse_document(body, url=record.final_url, content_type=record.content_type)
            except DecodeError:
                doc = None
            if doc is not None:
                links += [
                    x for h in document_links(doc) if (x := self._consider(h, item)) is not None
                ]
        data = self.store.get_extraction(record.id) or {}
        original = data.get("original") or {}
        if self.settings.follow_credits and data.get("republished") and original.get("url"):
            credit_item = self._consider(original["url"], item, via="credit")
            if credit_item is not None:
                links.append(credit_item)
        self.store.queue(self._crawl_id, links)
        for link in links:
            self.frontier.add(link)

    def _save(self, page: PageWrite, links: list[FrontierItem] | None = None) -> None:
        """Record a page, its frontier state and its new links at the next commit.

        Pages are committed together (``write_batch`` of them, or ``write_interval`` seconds
        after the first): a commit per page would cost more than the page's rows. Until then
        the page is still ``queued`` in the store, so a crash loses at most the batch, which
        ``--resume`` fetches again; the frontier holds the crawl open until it is committed.
        """
        self._batch.append((page, links or []))
        self.frontier.hold()
        if len(self._batch) >= self.settings.write_batch:
            self._flush()
        elif self._flush_timer is None:
            loop = asyncio.get_running_loop()
            self._flush_timer = loop.call_later(self.settings.write_interval, self._flush)

    def _flush(self) -> None:
        """Commit the waiting pages in one transaction, then queue their links."""
        if self._flush_timer is not None:
            self._flush_timer.cancel()
            self._flush_timer = None
        batch, self._batch = self._batch, []
        if not batch:
            return
        try:
            saved = self.store.save_pages(self._crawl_id, batch)
        except Exception:
            # These pages stay queued in the store (resume fetches them); the crawl goes on,
            # and must not wait for them (a timer callback's exception would be lost).
            log.exception("could not record %d pages", len(batch))
            self._stats.errors["internal"] += len(batch)
            self.frontier.settle(len(batch))
            return
        for (page, links), (_, new) in zip(batch, saved, strict=True):
            if page.frontier_state == "done":
                if new:
                    self._stats.new += 1
                else:
                    self._stats.updated += 1
            # Queued only once stored: a crash between the two loses nothing (resume reloads
            # them).
            for link in links:
                self.frontier.add(link)
        self.frontier.settle(len(batch))

    # --- scope --------------------------------------------------------------------------------

    def _consider(
        self, url: str, parent: FrontierItem, *, via: str = "link", sitemap: bool = False
    ) -> FrontierItem | None:
        """A new frontier item for ``url`` found on ``parent``, or None when it is not followed."""
        key = normalize_url(url)
        if key is None:
            return None
        return self._consider_key(key, parent, via=via, sitemap=sitemap)

    def _consider_key(
        self, key: str, parent: FrontierItem, *, via: str = "link", sitemap: bool = False
    ) -> FrontierItem | None:
        """:meth:`_consider` for a URL already normalised."""
        if key in self._seen:
            return None
        if refusal(key, extra_patterns=self._beacons) is not None:
            self._seen.add(key)
            self._stats.refused += 1
            return None
        depth = parent.depth + 1
        in_scope = self._in_scope(key)
        if sitemap and parent.depth == 0:
            # The entries of a sitemap or feed given as a seed are seeds by another name.
            depth, in_scope = 0, True
        elif sitemap:
            # Those of a sitemap named in robots.txt (depth 1) keep to the scope.
            depth = parent.depth
            if not in_scope:
                return None
        elif via == "credit":
            # One hop past the scope and the depth: fetched, its links not followed.
            if not parent.in_scope:
                return None
        else:
            if not parent.in_scope or not in_scope:
                return None
            if depth > self.settings.max_depth:
                return None
        run = self._traps.check(key, parent)
        if run is None:
            self._seen.add(key)
            self._stats.refused += 1
            return None
        self._seen.add(key)
        return FrontierItem(
            url=key, depth=depth, via=via, parent=parent.url, in_scope=in_scope, shape_run=run
        )

    def _in_scope(self, url: str) -> bool:
        scope = self.settings.scope
        if scope == "any":
            return True
        if scope == "seeds":
            return False
        dom = registrable_domain(_host(url))
        if dom in self._seed_domains:
            return True
        return any(same_site(dom, seed) for seed in self._seed_domains)

    # --- reporting ----------------------------------------------------------------------------

    def _summary(self, seconds: float) -> CrawlSummary:
        s = self._stats
        return CrawlSummary(
            crawl_id=self._crawl_id,
            pages=s.pages,
            new=s.new,
            updated=s.updated,
            not_modified=s.not_modified,
            failed=s.failed,
            skipped=s.skipped,
            refused=s.refused,
            credits=s.credits,
            republished=s.republished,
            originals_queued=s.originals,
            queued_left=self.store.frontier_counts(self._crawl_id)["queued"],
            seconds=round(seconds, 3),
            interrupted=self._stopping,
            errors=tuple(sorted(s.errors.items())),
        )

    async def _progress(self) -> None:

        started = time.monotonic()

        def render() -> Text:
            s = self._stats
            rate = s.pages / max(time.monotonic() - started, 1e-9)
            return Text(
                f"crawling: {s.pages} pages, {self.frontier.queued} queued, "
                f"{self.frontier.in_flight} in flight, {s.failed} errors, {rate:.1f} pages/s"
            )

        with Live(render(), console=Console(stderr=True), transient=True) as live:
            while True:
                await asyncio.sleep(0.25)
                live.update(render())


def _host(url: str) -> str:
    return host_of(url) or ""


def _is_html(ctype: str, body: bytes) -> bool:
    if ctype:
        return ctype.startswith(HTML_TYPES)
    # No Content-Type: sniff, as browsers do, but only for the obvious cases.
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _settings_dict(settings: CrawlSettings) -> dict[str, Any]:
    data = asdict(settings)
    data["resolve"] = {k: f"{a}:{p}" for k, (a, p) in settings.resolve.items()}
    return data


# --- entry point for the CLI and benchmarks ---------------------------------------------------


def run_crawl(
    settings: CrawlSettings,
    db: str | Path,
    seeds: list[str],
    *,
    resume: bool = False,
    registry: Registry | None = None,
    registry_dir: str | Path | None = None,
    progress: bool = False,
) -> CrawlSummary:
    """Run one crawl to the end (or Ctrl-C / SIGTERM) in a fresh event loop.

    ``registry_dir``: the folder ``registry`` was loaded from, for the worker processes.
    """

    async def main() -> CrawlSummary:
        with Store(db, compress_level=settings.compress_level) as store:
            crawler = Crawler(
                settings, store, registry=registry, registry_dir=registry_dir, progress=progress
            )
            loop = asyncio.get_running_loop()
            installed = []
            for sig in (signal.SIGINT, signal.SIGTERM):
                try:
                    loop.add_signal_handler(sig, crawler.stop)
                    installed.append(sig)
                except (NotImplementedError, RuntimeError, ValueError):
                    pass  # not the main thread, or Windows: Ctrl-C raises KeyboardInterrupt
            try:
                return await crawler.run(seeds, resume=resume)
            finally:
                for sig in installed:
                    loop.remove_signal_handler(sig)

    return asyncio.run(main())


#: What to do about the errors a user can act on, printed under the summary's error counts.
_ERROR_HINTS = {
    "BlockedAddress": "private, loopback and link-local addresses are refused; "
    "--allow-private crawls them (a site on your own network, or one served on loopback)",
    "SiteUnavailable": "the site's robots.txt could not be read, so none of its pages was "
    "fetched (RFC 9309); try again when the site is up",
}


def format_summary(summary: CrawlSummary, db: str | Path) -> str:
    """The human summary printed at the end of a crawl."""
    s = summary
    head = "Interrupted" if s.interrupted else "Crawled"
    lines = [
        f"{head}: {s.pages} pages in {s.seconds:.1f} s ({s.pages_per_second:.1f} pages/s): "
        f"{s.new} new, {s.updated} updated, {s.not_modified} not modified, {s.failed} failed.",
        f"Skipped {s.skipped} (robots.txt or refused redirects); refused {s.refused} beacon, "
        f"asset or trap URLs.",
        f"Credits: {s.credits} found; {s.republished} republished pages; "
        f"{s.originals_queued} originals queued.",
    ]
    if s.errors:
        lines.append("Errors: " + ", ".join(f"{k} x{n}" for k, n in s.errors))
        lines.extend(
            f"  {kind}: {_ERROR_HINTS[kind]}" for kind, _ in s.errors if kind in _ERROR_HINTS
        )
    if s.queued_left:
        lines.append(f"{s.queued_left} URLs still queued: continue with --resume --db {db}")
    lines.append(f"Store: {db} (crawl {s.crawl_id})")
    return "\n".join(lines)


def stderr_is_terminal() -> bool:
    """True when progress can be drawn."""
    return sys.stderr.isatty()


def crawl_command(
    seeds: list[str],
    *,
    db: str,
    settings_args: dict[str, Any],
    resolve: list[str],
    max_size: str | None,
    resume: bool,
    registry_dir: str | None,
    quiet: bool,
) -> int:
    """`attribution crawl`: 0 every page fetched, 1 some failed, 2 usage, 130 interrupted."""

    try:
        urls = expand_seeds(seeds)
        args = dict(settings_args)
        args["resolve"] = parse_resolve(resolve)
        if max_size is not None:
            args["max_body_bytes"] = parse_size(max_size)
            # Compressed HTML inflates 5-10x; twice the raw cap keeps real pages whole.
            args["max_decoded_bytes"] = 2 * args["max_body_bytes"]
        settings = CrawlSettings(**args)
        if not urls and not resume:
            raise ConfigError("no seeds")
        if "page_timeout" in settings_args and settings.workers == 0:
            log.warning("--page-timeout applies only with --workers 1 or more: no limit now")
        registry = load_registry(registry_dir)
    except ConfigError as exc:
        error(str(exc), "see `attribution crawl --help`; seeds are URLs, sitemaps, feeds or @file")
        return 2
    except AttributionError as exc:
        error(str(exc))
        return 2
    try:
        summary = run_crawl(
            settings,
            db,
            urls,
            resume=resume,
            registry=registry,
            registry_dir=registry_dir,
            progress=not quiet and stderr_is_terminal(),
        )
    except StoreError as exc:
        error(str(exc), "use another --db, or the attribution version that wrote this store")
        return 2
    except ConfigError as exc:
        error(str(exc), "give seed URLs, or --resume to continue the last crawl in --db")
        return 2
    except OSError as exc:
        error(f"cannot write: {exc}", "check the --db and --warc paths")
        return 2
    if not quiet:
        print(format_summary(summary, db), file=sys.stderr)
    if summary.interrupted:
        return 130
    # The texts are all in: verify credited copies, find uncredited ones (attribution match).
    from attribution.match.commands import format_match_summary  # noqa: PLC0415
    from attribution.match.run import match_store  # noqa: PLC0415

    try:
        with Store(db) as store:
            matched, _ = match_store(store, registry=registry)
    except StoreError as exc:
        error(f"matching: {exc}", "run `attribution match --db PATH` again")
        return 2
    if not quiet:
        print(format_match_summary(matched), file=sys.stderr)
    return 1 if summary.failed else 0
