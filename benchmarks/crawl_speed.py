"""Pages per second and memory of a whole crawl, ours beside Scrapy's, on a loopback web.

Usage::

    python benchmarks/crawl_speed.py [--pages 5000] [--rounds 3] [--concurrency 16 64]
                                     [--json FILE] [--quick]

A generated news site of ``--pages`` pages (home, 12 sections, 20 tags, the rest ~100 KB
articles; every page links to the sections and tags, every article to 6 other articles) is
served from memory by a small asyncio server in its own process, on 127.0.0.1 only, under one
virtual host (``www.benchnews.example``). Each crawl runs in its own child process, so that
nothing shares a GIL. The server and both crawlers are left to the OS on every CPU (``--pin``:
the server on the first CPU and each crawl on the last, as earlier runs did): Scrapy is one
process, while our crawl parses and extracts in worker processes, which is how each is built
to use a machine.

- ``attribution``: ``run_crawl`` with extraction and storage included (a fresh SQLite store in
  a temporary folder each time), ``--resolve '*=127.0.0.1:PORT'``, politeness delays off
  (``delay=0``, ``per_host`` equal to the concurrency), robots.txt obeyed (one request), depth
  limit raised so the whole site is reached; every other setting at its default (worker
  processes included);
- ``scrapy``: a spider that follows every ``<a href>`` (Scrapy de-duplicates), with
  ``CONCURRENT_REQUESTS`` and ``CONCURRENT_REQUESTS_PER_DOMAIN`` equal to the concurrency, no
  download delay, no robots.txt, no HTTP cache, no autothrottle, no item pipeline (so no
  extraction and no storage), and a resolver that answers 127.0.0.1 for every name.

Every crawl must fetch the whole site. ``--rounds`` rounds, each crawling at every concurrency
with both crawlers in turn; the table shows the median rate. Peak memory is ``ru_maxrss`` of
``getrusage(RUSAGE_SELF)`` read by each crawl process at its end; the parent also samples our
crawl's resident set (``/proc/PID/status``) against the pages stored so far (a read-only
count of the store's ``pages`` table) to show it does not grow with them. CPU time per page
(user + system, the crawl's process and, for ours, its worker processes; the server's not
counted) is shown too: on a shared machine it moves less than the wall-clock rate.

Targets: our rate at least 2x Scrapy's at each concurrency; our resident set growing by less
than 10 KB per page stored between 50% and 100% of the crawl (a page is ~100 KB: keeping
bodies would show).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
HOST = "www.benchnews.example"
SECTIONS = (
    "world",
    "politics",
    "business",
    "technology",
    "science",
    "health",
    "sport",
    "culture",
    "opinion",
    "climate",
    "education",
    "travel",
)
TAGS = tuple(f"topic-{n}" for n in range(20))
LISTED = 40  # articles linked from a section or tag page
RELATED = 6  # articles linked from an article
PAGE_BYTES = 100_000
MIN_VS_SCRAPY = 2.0
MAX_GROWTH_PER_PAGE = 10 * 1024  # bytes of resident set per page stored, 50% -> 100%
CRAWLERS = ("attribution", "scrapy")


# --- the site ---------------------------------------------------------------------------------


class Site:
    """Every page of the generated site, built on request from strings kept in memory."""

    def __init__(self, pages: int) -> None:
        self.articles = pages - 1 - len(SECTIONS) - len(TAGS)
        if self.articles < LISTED:
            raise ValueError("too few pages for the site")
        rng = random.Random(1)
        words = [
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10)))
            for _ in range(2000)
        ]
        self.fillers: list[str] = []
        for _ in range(8):
            paragraphs: list[str] = []
            size = 0
            while size < PAGE_BYTES - 6000:
                text = " ".join(rng.choice(words) for _ in range(rng.randint(40, 120)))
                paragraphs.append(f"<p>{text.capitalize()}.</p>\n")
                size += len(paragraphs[-1])
            self.fillers.append("".join(paragraphs))
        nav = "".join(f'<li><a href="/section/{s}/">{s.title()}</a></li>' for s in SECTIONS)
        tags = "".join(f'<li><a href="/tag/{t}/">{t}</a></li>' for t in TAGS)
        self.header = (
            f'<header><a href="/" class="logo">Bench News</a><nav><ul>{nav}</ul></nav></header>'
        )
        self.footer = f'<footer><ul class="tags">{tags}</ul><p>© Bench News</p></footer>'

    def article_path(self, n: int) -> str:
        return f"/news/{SECTIONS[n % len(SECTIONS)]}/{n}-story-number-{n}"

    def _listing(self, title: str, ids: list[int]) -> str:
        items = "".join(
            f'<li><a href="{self.article_path(i)}">Story number {i}</a></li>' for i in ids
        )
        return self._page(title, f"<main><h1>{title}</h1><ul>{items}</ul></main>")

    def _page(self, title: str, main: str, head: str = "") -> str:
        return (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{title} | Bench News</title>{head}</head>"
            f"<body>{self.header}{main}{self.footer}</body></html>"
        )

    def page(self, path: str) -> str | None:
        """The HTML at ``path``, or None (404)."""
        a = self.articles
        if path == "/":
            return self._listing("Latest", list(range(a - 1, a - 1 - LISTED, -1)))
        parts = [p for p in path.split("/") if p]
        if len(parts) == 2 and parts[0] == "section" and parts[1] in SECTIONS:
            s = SECTIONS.index(parts[1])
            newest = a - 1 - (a - 1 - s) % len(SECTIONS)
            ids = list(range(newest, -1, -len(SECTIONS)))[:LISTED]
            return self._listing(parts[1].title(), ids)
        if len(parts) == 2 and parts[0] == "tag" and parts[1] in TAGS:
            t = TAGS.index(parts[1])
            return self._listing(parts[1], [(t * 211 + k * 97) % a for k in range(LISTED)])
        if len(parts) == 3 and parts[0] == "news" and parts[2].split("-", 1)[0].isdigit():
            n = int(parts[2].split("-", 1)[0])
            if n >= a or self.article_path(n) != path:
                return None
            related = [(n + 1) % a] + [(n * 7919 + k * 104729) % a for k in range(RELATED - 1)]
            links = "".join(
                f'<li><a href="{self.article_path(i)}">Story number {i}</a></li>' for i in related
            )
            head = (
                f'<meta name="author" content="Ann Lee"><meta property="og:title" '
                f'content="Story number {n}"><link rel="canonical" href="http://{HOST}{path}">'
            )
            main = (
                f'<main><article><h1>Story number {n}</h1><p class="byline">By Ann Lee</p>'
                f'<time datetime="2026-11-25">25 November 2026</time>'
                f"{self.fillers[n % len(self.fillers)]}</article>"
                f'<aside><h2>Related</h2><ul class="related">{links}</ul></aside></main>'
            )
            return self._page(f"Story number {n}", main, head)
        return None


def serve(pages: int) -> None:
    """Serve the site on 127.0.0.1 (a free port, printed on stdout) until the parent goes."""
    site = Site(pages)
    parent = os.getppid()
    robots = b"User-agent: *\nAllow: /\n"

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            for _ in range(100_000):  # requests on one keep-alive connection
                head = await reader.readuntil(b"\r\n\r\n")
                request_line = head.split(b"\r\n", 1)[0].split()
                path = request_line[1].decode("latin-1").split("?", 1)[0]
                if path == "/robots.txt":
                    status, ctype, body = b"200 OK", b"text/plain", robots
                else:
                    text = site.page(path)
                    status, ctype = (b"200 OK", b"text/html; charset=utf-8")
                    if text is None:
                        status, ctype, text = b"404 Not Found", b"text/plain", "not found"
                    body = text.encode()
                writer.write(
                    b"HTTP/1.1 "
                    + status
                    + b"\r\nContent-Type: "
                    + ctype
                    + b"\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
                await writer.drain()
                if b"connection: close" in head.lower():
                    break
        writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port = server.sockets[0].getsockname()[1]
        print(port, flush=True)
        async with server:
            for _ in range(24 * 3600):  # at most a day; normally the parent ends it
                await asyncio.sleep(1)
                if os.getppid() != parent:
                    return

    asyncio.run(main())


class Server:
    """The site server in a child process."""

    def __init__(self, pages: int, cpu: int | None) -> None:
        args = [sys.executable, __file__, "--child", "serve", "--pages", str(pages)]
        if cpu is not None:
            args += ["--cpu", str(cpu)]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()  # EOF if it died
        if not line.strip().isdigit():
            self.close()
            raise RuntimeError("the site server did not start")
        self.port = int(line)

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


# --- the crawls (each in its own process) -----------------------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def crawl_ours(port: int, concurrency: int, pages: int, db: str) -> dict[str, Any]:
    from attribution.crawler import run_crawl
    from attribution.registry import load_registry
    from attribution.settings import CrawlSettings

    settings = CrawlSettings(
        max_pages=pages,
        max_depth=1000,
        concurrency=concurrency,
        per_host=concurrency,
        delay=0.0,
        resolve={"*": ("127.0.0.1", port)},
    )
    registry = load_registry()  # once, as the CLI does before the crawl
    cpu = _cpu_seconds()
    start = time.perf_counter()
    summary = run_crawl(settings, db, [f"http://{HOST}/"], registry=registry)
    seconds = time.perf_counter() - start
    return {
        "pages": summary.pages,
        "failed": summary.failed,
        "seconds": seconds,
        "cpu_seconds": _cpu_seconds() - cpu,
        "peak_rss_mb": _peak_rss_mb(),
        "http_clients": settings.client_count,
        "workers": settings.workers,
    }


def crawl_scrapy(port: int, concurrency: int, pages: int, timeout: float) -> dict[str, Any]:
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.resolver import CachingThreadedResolver
    from twisted.internet import defer

    class LoopbackResolver(CachingThreadedResolver):
        """Every name is 127.0.0.1: no request can leave the machine."""

        def getHostByName(self, name: str, timeout: Any = ()) -> Any:  # noqa: N802
            return defer.succeed("127.0.0.1")

    class FollowSpider(scrapy.Spider):
        name = "follow"
        allowed_domains = ["benchnews.example"]  # noqa: RUF012 - Scrapy's own attribute
        start_urls = [f"http://{HOST}:{port}/"]  # noqa: RUF012

        def parse(self, response: Any) -> Any:
            yield from response.follow_all(response.css("a::attr(href)").getall(), self.parse)

    sys.modules["__main__"].LoopbackResolver = LoopbackResolver  # type: ignore[attr-defined]
    process = CrawlerProcess(
        {
            "CONCURRENT_REQUESTS": concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "CONCURRENT_REQUESTS_PER_IP": 0,
            "DOWNLOAD_DELAY": 0,
            "RANDOMIZE_DOWNLOAD_DELAY": False,
            "AUTOTHROTTLE_ENABLED": False,
            "ROBOTSTXT_OBEY": False,
            "HTTPCACHE_ENABLED": False,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "DEPTH_LIMIT": 0,
            "CLOSESPIDER_PAGECOUNT": pages,
            "CLOSESPIDER_TIMEOUT": timeout,
            "DNS_RESOLVER": "__main__.LoopbackResolver",
            "USER_AGENT": "crawl-speed-benchmark",
            "LOG_LEVEL": "ERROR",
        }
    )
    crawler = process.create_crawler(FollowSpider)
    process.crawl(crawler)
    cpu = _cpu_seconds()
    start = time.perf_counter()
    process.start()
    seconds = time.perf_counter() - start
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    ok = stats.get("downloader/response_status_count/200", 0)
    return {
        "pages": stats.get("response_received_count", 0),
        "failed": stats.get("response_received_count", 0) - ok,
        "seconds": seconds,
        "cpu_seconds": _cpu_seconds() - cpu,
        "peak_rss_mb": _peak_rss_mb(),
    }


# --- the parent -------------------------------------------------------------------------------


@dataclass(slots=True)
class Result:
    """One crawler at one concurrency over every round."""

    crawler: str
    concurrency: int
    rates: list[float] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    #: CPU seconds per page: the crawl's process and its worker processes.
    cpu_ms: list[float] = field(default_factory=list)
    #: Our crawl only: (pages stored, resident MB) samples of each round.
    rss_samples: list[list[tuple[int, float]]] = field(default_factory=list)

    @property
    def median_rate(self) -> float:
        return statistics.median(self.rates)


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def _descendants_cpu(root: int, seen: dict[int, float]) -> None:
    """Record in ``seen`` the CPU seconds so far of every process descended from ``root``
    (not ``root`` itself): our crawl's worker processes, started through a forkserver."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            continue
    for pid, seconds in cpu.items():
        ancestor, hops = parents.get(pid), 0
        while ancestor not in (None, 0, 1, root) and hops < 8:
            ancestor, hops = parents.get(ancestor), hops + 1
        if ancestor == root:
            seen[pid] = seconds


def _stored(
    db: Path, conn: sqlite3.Connection | None
) -> tuple[int | None, sqlite3.Connection | None]:
    """Pages stored so far (read-only, beside the writer), and the connection to reuse."""
    try:
        if conn is None:
            if not db.exists():
                return None, None
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        return conn.execute("SELECT count(*) FROM pages").fetchone()[0], conn
    except sqlite3.Error:
        return None, conn


def run_child(
    crawler: str, port: int, concurrency: int, pages: int, cpu: int | None, timeout: float
) -> tuple[dict[str, Any], list[tuple[int, float]]]:
    """Run one crawl in a child process; its figures and, for ours, the RSS samples.

    The figures' ``cpu_seconds`` gets the CPU time of the child's own descendants added.
    """
    with tempfile.TemporaryDirectory(prefix="crawl-speed-") as tmp:
        db = Path(tmp) / "crawl.db"
        args = [
            sys.executable,
            __file__,
            "--child",
            crawler,
            "--port",
            str(port),
            "--concurrency",
            str(concurrency),
            "--pages",
            str(pages),
            "--db",
            str(db),
            "--timeout",
            str(timeout),
        ]
        if cpu is not None:
            args += ["--cpu", str(cpu)]
        out = Path(tmp) / "out.json"
        args += ["--out", str(out)]
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        samples: list[tuple[int, float]] = []
        descendants: dict[int, float] = {}
        conn: sqlite3.Connection | None = None
        deadline = time.monotonic() + timeout + 60
        try:
            while process.poll() is None:
                if time.monotonic() > deadline:
                    process.kill()
                    process.wait(timeout=10)
                    raise RuntimeError(f"{crawler} did not finish in {timeout + 60:.0f} s")
                if crawler == "attribution":
                    stored, conn = _stored(db, conn)
                    rss = _rss_mb(process.pid)
                    if stored is not None and rss is not None:
                        samples.append((stored, rss))
                _descendants_cpu(process.pid, descendants)
                time.sleep(0.25)
        finally:
            if conn is not None:
                conn.close()
        if process.returncode != 0 or not out.exists():
            raise RuntimeError(f"{crawler} crawl exited with {process.returncode}")
        figures = json.loads(out.read_text())
        figures["cpu_seconds"] += sum(descendants.values())
        return figures, samples


def rss_at(samples: list[tuple[int, float]], pages: int, fraction: float) -> float | None:
    """The resident MB when ``fraction`` of ``pages`` were stored (first sample past it)."""
    for stored, rss in samples:
        if stored >= fraction * pages:
            return rss
    return None


def memory_check(ours: list[Result], pages: int) -> dict[str, Any]:
    """Resident MB at 25/50/100% of the crawl (median over rounds, top concurrency)."""
    result = max(ours, key=lambda r: r.concurrency)
    points: dict[str, float | None] = {}
    for label, fraction in (("25%", 0.25), ("50%", 0.5), ("100%", 1.0)):
        values = [
            v
            for s in result.rss_samples
            if (v := rss_at(s, pages, fraction if fraction < 1 else 0.98)) is not None
        ]
        points[label] = statistics.median(values) if values else None
    half, full = points["50%"], points["100%"]
    growth = None
    if half is not None and full is not None:
        growth = (full - half) * 1024 * 1024 / (pages / 2)
    return {
        "concurrency": result.concurrency,
        "rss_mb": points,
        "growth_bytes_per_page": growth,
        "bound_bytes_per_page": MAX_GROWTH_PER_PAGE,
        "pass": growth is not None and growth < MAX_GROWTH_PER_PAGE,
    }


def print_report(results: list[Result], memory: dict[str, Any], pages: int) -> list[dict[str, Any]]:
    header = (
        f"{'crawler':<12} {'conc':>4} {'pages':>6} {'median s':>9} {'pages/s':>8} "
        f"{'min-max pages/s':>16} {'CPU ms/page':>11} {'peak RSS MB':>11}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        spread = f"{min(r.rates):.1f}-{max(r.rates):.1f}"
        print(
            f"{r.crawler:<12} {r.concurrency:>4} {min(r.pages):>6} "
            f"{statistics.median(r.seconds):>9.2f} {r.median_rate:>8.1f} {spread:>16} "
            f"{statistics.median(r.cpu_ms):>11.2f} {max(r.peak_rss_mb):>11.0f}"
        )
    print()
    goals: list[dict[str, Any]] = []
    by_key = {(r.crawler, r.concurrency): r for r in results}
    print(f"{'conc':>4}  {'attribution / scrapy':<21} {'target':<8} result")
    for conc in sorted({r.concurrency for r in results}):
        ratio = by_key[("attribution", conc)].median_rate / by_key[("scrapy", conc)].median_rate
        ok = ratio >= MIN_VS_SCRAPY
        goals.append({"concurrency": conc, "ratio": ratio, "bound": MIN_VS_SCRAPY, "pass": ok})
        print(f"{conc:>4}  {ratio:<21.2f} >= {MIN_VS_SCRAPY:.2f}x  {'PASS' if ok else 'FAIL'}")
    print()
    rss = memory["rss_mb"]
    shown = " / ".join("?" if rss[k] is None else f"{rss[k]:.0f}" for k in ("25%", "50%", "100%"))
    growth = memory["growth_bytes_per_page"]
    growth_text = "?" if growth is None else f"{growth / 1024:.1f} KB"
    print(
        f"memory (attribution, concurrency {memory['concurrency']}): resident MB at 25% / 50% / "
        f"100% of {pages} pages stored: {shown}; growth 50% -> 100%: {growth_text} per page "
        f"(target < {MAX_GROWTH_PER_PAGE // 1024} KB): {'PASS' if memory['pass'] else 'FAIL'}"
    )
    print(
        "peak RSS: ru_maxrss of getrusage(RUSAGE_SELF) in each crawl process; resident MB: "
        "VmRSS of /proc/PID/status sampled every 0.25 s; CPU: user + system of the crawl's "
        "process and its workers, per page"
    )
    return goals


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _cpus() -> tuple[int | None, int | None]:
    """CPUs for the server and for the crawl, or (None, None) when pinning is not possible."""
    if not hasattr(os, "sched_getaffinity"):
        return None, None
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None, None
    return cpus[0], cpus[-1]


def _git_revision() -> str | None:
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


def child_main(args: argparse.Namespace) -> int:
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    if args.child == "serve":
        serve(args.pages)
        return 0
    if args.child == "attribution":
        figures = crawl_ours(args.port, args.concurrency[0], args.pages, args.db)
    else:
        figures = crawl_scrapy(args.port, args.concurrency[0], args.pages, args.timeout)
    Path(args.out).write_text(json.dumps(figures), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=None, help="pages in the site (5000)")
    parser.add_argument("--rounds", type=int, default=3, help="crawls per crawler (3)")
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[16, 64], help="requests in flight (16 64)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--quick", action="store_true", help="a 1,000-page site")
    parser.add_argument(
        "--pin",
        action="store_true",
        help="pin the server to the first CPU and each crawl to the last (default: no pinning)",
    )
    # Internal: the server and the crawls run in child processes of this same script.
    parser.add_argument("--child", choices=("serve", *CRAWLERS), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--cpu", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.pages is None:
        args.pages = 1000 if args.quick else 5000
    if args.child:
        return child_main(args)
    if args.rounds < 1 or args.pages < 100 or min(args.concurrency) < 1:
        parser.error("--rounds must be at least 1, --pages at least 100, --concurrency 1 or more")
    try:
        import scrapy
    except ImportError:
        print("Error: scrapy is not installed; pip install -e '.[bench]'", file=sys.stderr)
        return 2

    server_cpu, crawl_cpu = _cpus() if args.pin else (None, None)
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    timeout = 60 + args.pages / 5  # a crawl slower than 5 pages/s is a failure
    # Table rows: by concurrency, then crawler.
    results = {(c, n): Result(c, n) for n in args.concurrency for c in CRAWLERS}
    server = Server(args.pages, server_cpu)
    placement = (
        f"server on CPU {server_cpu}, crawls on CPU {crawl_cpu}"
        if args.pin
        else "server and crawls on any CPU"
    )
    print(
        f"site: {args.pages} pages on 127.0.0.1:{server.port}; {placement}; {args.rounds} rounds",
        file=sys.stderr,
    )
    try:
        for round_no in range(1, args.rounds + 1):
            for conc in args.concurrency:
                for crawler in CRAWLERS:
                    figures, samples = run_child(
                        crawler, server.port, conc, args.pages, crawl_cpu, timeout
                    )
                    r = results[(crawler, conc)]
                    r.rates.append(figures["pages"] / figures["seconds"])
                    r.seconds.append(figures["seconds"])
                    r.pages.append(figures["pages"])
                    r.failed.append(figures["failed"])
                    r.peak_rss_mb.append(figures["peak_rss_mb"])
                    r.cpu_ms.append(figures["cpu_seconds"] * 1000 / max(1, figures["pages"]))
                    if samples:
                        r.rss_samples.append(samples)
                    print(
                        f"round {round_no}: {crawler:<11} concurrency {conc:>3}: "
                        f"{figures['pages']} pages in {figures['seconds']:.1f} s "
                        f"({r.rates[-1]:.1f} pages/s, {r.cpu_ms[-1]:.1f} CPU ms/page), "
                        f"{figures['failed']} failed, peak RSS {figures['peak_rss_mb']:.0f} MB"
                        + (f", {figures['workers']} workers" if "workers" in figures else ""),
                        file=sys.stderr,
                    )
                    if figures["pages"] < args.pages:
                        print(
                            f"warning: {crawler} fetched {figures['pages']} of {args.pages}",
                            file=sys.stderr,
                        )
    finally:
        server.close()

    rows = list(results.values())
    memory = memory_check([r for r in rows if r.crawler == "attribution"], args.pages)
    goals = print_report(rows, memory, args.pages)
    load_after = os.getloadavg() if hasattr(os, "getloadavg") else None
    if load_before is not None and load_after is not None:
        print(
            f"load average (1/5/15 min) before: {' '.join(f'{x:.2f}' for x in load_before)}; "
            f"after: {' '.join(f'{x:.2f}' for x in load_after)}; revision {_git_revision()}"
        )

    if args.json:
        import httpx

        from attribution import __version__ as attribution_version

        report = {
            "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpu": cpu_model(),
                "cpus": os.cpu_count(),
                "server_cpu": server_cpu,
                "crawl_cpu": crawl_cpu,
                "python": platform.python_version(),
                "platform": platform.platform(),
                "load_average_before": load_before,
                "load_average_after": load_after,
            },
            "revision": _git_revision(),
            "versions": {
                "attribution": attribution_version,
                "httpx": httpx.__version__,
                "scrapy": scrapy.__version__,
            },
            "pages": args.pages,
            "rounds": args.rounds,
            "results": [
                {
                    "crawler": r.crawler,
                    "concurrency": r.concurrency,
                    "median_pages_per_second": r.median_rate,
                    "pages_per_second": r.rates,
                    "seconds": r.seconds,
                    "pages": r.pages,
                    "failed": r.failed,
                    "peak_rss_mb": r.peak_rss_mb,
                    "cpu_ms_per_page": r.cpu_ms,
                }
                for r in rows
            ],
            "targets": goals,
            "memory": memory,
        }
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
