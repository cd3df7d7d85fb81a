"""What `attribution check` reads: files, folders, URLs, sitemaps and crawl stores.

Every target becomes :class:`Page` items (what to call the page, its URL, a path to match
``exclude`` globs against, and a way to read its bytes), so that one unreadable page is
reported and the others are still checked.

A static site's build output (Hugo's ``public/``, Jekyll's ``_site/``) holds no URLs, yet the
page URL decides which links are "another site". With ``--base-url`` each page's URL is the
base URL joined with its path under the site root (the folder given, or ``--root``), an
``index.html`` standing for its folder: ``public/news/a/index.html`` ->
``https://example.org/news/a/``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from attribution.errors import InputError
from attribution.sources import (
    archived_pages,
    archived_reader,
    file_reader,
    is_html_file,
    is_warc,
    read_file,
    url_reader,
)

__all__ = ["Page", "iter_db_pages", "iter_targets", "page_url"]

SITEMAP_SUFFIXES = (".xml", ".xml.gz")
# Sitemap indexes nest; real sites use one level, three is plenty and stops loops.
MAX_SITEMAP_DEPTH = 3

Reader = Callable[[], tuple[bytes, str | None]]


@dataclass(frozen=True, slots=True)
class Page:
    """One page to check: ``source`` as reported, ``url`` to resolve links against, ``rel`` its
    path under the site root (for ``exclude`` globs), and how to read it."""

    source: str
    url: str | None
    rel: str | None
    read: Reader


def page_url(base_url: str | None, rel: str) -> str | None:
    """The URL of a page at ``rel`` (a POSIX path under the site root) below ``base_url``."""
    if not base_url:
        return None
    path = rel.removesuffix(".gz")  # a saved page.html.gz is served as page.html
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return base_url.rstrip("/") + "/" + quote(path, safe="/%")


def _display(path: Path) -> str:
    # Paths as the user gave them, relative when they were: baselines and CI annotations
    # must not depend on where the checkout lives.
    return path.as_posix()


def _relative(path: Path, root: Path | None) -> str | None:
    if root is None:
        return None
    try:
        # Files found under a folder are relative to it as given: no per-file resolve().
        if not path.is_absolute() and root.is_absolute():
            path = path.absolute()
        return path.relative_to(root).as_posix()
    except ValueError:
        return None


def _is_sitemap(target: str) -> bool:
    lower = target.lower().split("?", 1)[0]
    return lower.endswith(SITEMAP_SUFFIXES) or lower.rstrip("/").endswith("sitemap")


def _sitemap_urls(target: str, limit: int, allow_private: bool, depth: int = 0) -> list[str]:
    from attribution.crawler import MAX_SITEMAP_BYTES, parse_feed  # noqa: PLC0415 - httpx

    if target.startswith(("http://", "https://")):
        body, content_type = url_reader(target, limit, allow_private)()
    else:
        body, content_type = read_file(Path(target), MAX_SITEMAP_BYTES), None
    parsed = parse_feed(body, content_type or "application/xml")
    if parsed is None:
        raise InputError("not a sitemap, sitemap index or feed", source=target)
    kind, urls = parsed
    if kind != "sitemapindex":
        return urls
    if depth >= MAX_SITEMAP_DEPTH:
        raise InputError("sitemap indexes nested too deep", source=target)
    out: list[str] = []
    for child in urls:
        out.extend(_sitemap_urls(child, limit, allow_private, depth + 1))
    return out


def iter_targets(
    targets: list[str],
    *,
    base_url: str | None,
    root: Path | None,
    limit: int,
    allow_private: bool = False,
) -> Iterator[Page | InputError]:
    """Expand the command-line targets into pages, in the order given (folders sorted).

    A target that cannot be expanded (a missing path, an unreadable sitemap) is yielded as an
    :class:`InputError` so that the caller reports it and goes on.
    """
    for target in targets:
        if _is_sitemap(target):
            try:
                urls = _sitemap_urls(target, limit, allow_private)
            except InputError as exc:
                yield exc
                continue
            for url in urls:
                yield Page(url, url, None, url_reader(url, limit, allow_private))
            continue
        if target.startswith(("http://", "https://")):
            yield Page(target, target, None, url_reader(target, limit, allow_private))
            continue
        path = Path(target)
        if is_warc(target) and not path.is_dir():
            yield from _archive_pages(path, limit)
            continue
        if path.is_dir():
            site_root = (root or path).resolve()
            files = sorted(p for p in path.rglob("*") if is_html_file(p))
            if not files:
                yield InputError(
                    "no *.html or *.htm files (nor gzip-compressed ones) in the folder",
                    source=target,
                )
            for file in files:
                rel = _relative(file, site_root)
                link = page_url(base_url, rel) if rel is not None else None
                yield Page(_display(file), link, rel, file_reader(file, limit))
        elif path.is_file():
            rel = _relative(path, root or Path.cwd())
            link = page_url(base_url, rel) if rel is not None else None
            yield Page(_display(path), link, rel, file_reader(path, limit))
        else:
            yield InputError("no such file or folder", source=target)


def _archive_pages(path: Path, limit: int) -> Iterator[Page | InputError]:
    """The HTML pages of a web archive, by their recorded URL; a damaged archive ends with
    its error (the pages before the damage are still checked)."""
    pages, damage = archived_pages(path)
    for page in pages:
        yield Page(
            f"{_display(path)}#{page.url}", page.url, None, archived_reader(path, page, limit)
        )
    if damage is not None:
        yield damage


def iter_db_pages(db: str) -> Iterator[Page]:
    """The stored HTML pages of a crawl store (opened read-only), by their URL."""
    from attribution.store import Store  # noqa: PLC0415 - sqlite only for --db

    with Store(db, readonly=True) as store:
        for url, final_url, content_type, body in store.iter_html_bodies():
            # Bodies are stored as received (transfer encodings undone, charset not), so the
            # Content-Type travels with them as it does when the crawler re-reads a page.
            def read(
                body: bytes = body, ctype: str | None = content_type
            ) -> tuple[bytes, str | None]:
                return body, ctype

            yield Page(url, final_url or url, None, read)
