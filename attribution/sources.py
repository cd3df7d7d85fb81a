"""Reading the inputs of `attribution extract`: files, folders, stdin, URLs, manifests and
web archives (WARC).

Every input becomes a :class:`SourceItem` (what was asked for, the page URL to resolve links
against, and a way to read its bytes), so that one failing input never stops the others.
"""

from __future__ import annotations

import csv
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from attribution.errors import ConfigError, InputError
from attribution.progress import listing_progress

#: The files a folder is searched for: saved pages, gzip-compressed ones too (corpora and
#: archive tools ship them so).
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
_GZIP_MAGIC = b"\x1f\x8b"
#: Web archives (as `attribution crawl --warc`, wget and Common Crawl write them): every HTML
#: page they hold is read.
WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One page to read: ``source`` as the user named it, ``url`` to resolve it against."""

    source: str
    url: str | None
    read: Callable[[], tuple[bytes, str | None]]


def is_html_file(path: Path) -> bool:
    """Whether a folder's ``path`` is a page to read (by its name: see HTML_SUFFIXES)."""
    return path.name.lower().endswith(HTML_SUFFIXES) and path.is_file()


def page_bytes(raw: bytes, limit: int, *, source: str) -> bytes:
    """The page in ``raw`` (read up to ``limit + 1`` bytes), decompressed when it is gzip data,
    up to ``limit + 1`` bytes of HTML: a small file cannot expand past the cap. A gzip file
    cut short by the cap gives the part before the cut. Raises InputError for corrupt data."""
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    out = bytearray()
    rest = raw
    try:
        # Concatenated gzip members (as `cat a.gz b.gz` makes) are read one after another.
        while rest.startswith(_GZIP_MAGIC) and len(out) <= limit:
            stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += stream.decompress(rest, limit + 1 - len(out))
            rest = stream.unused_data
    except zlib.error as exc:
        raise InputError(f"not a readable gzip file ({exc})", source=source) from exc
    return bytes(out)


def read_file(path: Path, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes of the page saved in ``path`` (see :func:`page_bytes`).
    Raises InputError for a missing or unreadable file."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except FileNotFoundError as exc:
        raise InputError("no such file", source=str(path)) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory", source=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from exc
    return page_bytes(raw, limit, source=str(path))


def is_warc(path: str | Path) -> bool:
    """Whether ``path`` names a web archive (by its name: see WARC_SUFFIXES)."""
    return str(path).lower().endswith(WARC_SUFFIXES)


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    """An HTML page in a web archive: its URL, where its record starts, its content type."""

    url: str
    offset: int
    content_type: str | None


def _html_record(record: Any) -> tuple[str, str | None] | None:
    """``(url, content type)`` of a record holding an HTML page: a 2xx response, or a stored
    resource, whose type is HTML or not given. None for requests, metadata, revisits, redirects,
    errors, images..."""
    if record.rec_type == "response":
        if record.http_headers is None or not record.http_headers.get_statuscode().startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    if content_type and content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    return (url, content_type) if url else None


def archived_pages(
    path: Path, on_record: Callable[[int], None] | None = None
) -> tuple[list[ArchivedPage], InputError | None]:
    """The HTML pages in the web archive ``path``, in order, and the error that stopped the
    reading, if any: a damaged archive, or one cut short inside its last record (an
    interrupted download or copy); the pages before the damage are kept, and a page whose
    record is cut short too, as far as it goes. ``on_record`` is told the file offset of each
    record as the listing passes it (a progress display).
    Only where each record starts is kept: a page is read when its turn comes
    (:func:`read_archived`), so an archive of any size costs a page's memory at a time."""
    from warcio.archiveiterator import ArchiveIterator  # noqa: PLC0415 - warcio for WARCs only

    pages: list[ArchivedPage] = []
    last: Any = None
    try:
        with path.open("rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                last = record
                offset = records.get_record_offset()
                if on_record is not None:
                    on_record(offset)
                found = _html_record(record)
                if found is not None:
                    pages.append(ArchivedPage(found[0], offset, found[1]))
    except FileNotFoundError:
        return pages, InputError("no such file", source=str(path))
    except OSError as exc:
        return pages, InputError(f"cannot read: {exc.strerror or exc}", source=str(path))
    except Exception as exc:  # warcio raises whatever its parsers meet in damaged data
        return pages, _damage(path, f"not a readable WARC file ({_reason(exc)})", pages)
    # warcio reads a record cut short as far as it goes, without a word: the bytes its
    # header promised and the file did not hold are left unread.
    missing = _unread(last) if last is not None else 0
    if missing:
        reason = (
            f"not a complete WARC file: its last record is cut short "
            f"({missing:,} of its {last.length:,} bytes missing)"
        )
        return pages, _damage(path, reason, pages)
    return pages, None


def _damage(path: Path, reason: str, pages: list[ArchivedPage]) -> InputError:
    if pages:
        reason += f"; read up to its damage: {len(pages)} HTML page{'' if len(pages) == 1 else 's'}"
    return InputError(reason, source=str(path))


def _unread(record: Any) -> int:
    """Bytes of ``record`` its header declared that the archive did not hold (after warcio
    read the record to its end). The count is kept by the reader that limits the record
    to its length, under any decompressing reader."""
    stream = record.raw_stream
    while stream is not None and not hasattr(stream, "limit"):
        stream = getattr(stream, "stream", None)
    return max(0, int(getattr(stream, "limit", 0) or 0))


def _reason(exc: Exception) -> str:
    """An error's first line, readable: warcio quotes the damaged bytes it met."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = text.split(", first line:")[0]
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 100 else text[:99] + "…"


def read_archived(path: Path, page: ArchivedPage, limit: int) -> tuple[bytes, str | None]:
    """The body of an archived page (its HTTP transfer and content encodings undone) up to
    ``limit + 1`` bytes, and its content type."""
    from warcio.archiveiterator import ArchiveIterator  # noqa: PLC0415

    source = f"{path}#{page.url}"
    try:
        with path.open("rb") as fh:
            fh.seek(page.offset)
            record = next(iter(ArchiveIterator(fh)))
            return record.content_stream().read(limit + 1), page.content_type
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from exc
    except Exception as exc:  # a record that read once and not now: the file changed
        raise InputError(f"cannot read the archived page ({_reason(exc)})", source=source) from exc


def iter_archive(path: Path, limit: int, *, show_progress: bool = False) -> Iterator[SourceItem]:
    """One item per HTML page in the web archive ``path`` (``source`` is ``path#url``); a
    damaged archive ends with an item that fails with its error. ``show_progress`` draws
    a progress line while the archive is listed (see :func:`archived_pages`)."""
    pages, damage = _list_archive(path, show_progress)
    for page in pages:
        yield SourceItem(f"{path}#{page.url}", page.url, archived_reader(path, page, limit))
    if damage is not None:
        yield SourceItem(str(path), None, _failing_reader(damage))


def _list_archive(path: Path, show_progress: bool) -> tuple[list[ArchivedPage], InputError | None]:
    # A multi-gigabyte archive takes a while to list: say how far the pass has gone.
    try:
        size = path.stat().st_size if show_progress else 0
    except OSError:
        size = 0
    with listing_progress(size, f"listing {path.name}", enabled=size > 0) as reached:
        return archived_pages(path, reached)


def archived_reader(
    path: Path, page: ArchivedPage, limit: int
) -> Callable[[], tuple[bytes, str | None]]:
    """A reader of one archived page (:func:`read_archived`), called when its turn comes."""

    def read() -> tuple[bytes, str | None]:
        return read_archived(path, page, limit)

    return read


def _failing_reader(error: InputError) -> Callable[[], tuple[bytes, str | None]]:
    def read() -> tuple[bytes, str | None]:
        raise error

    return read


def file_reader(path: Path, limit: int) -> Callable[[], tuple[bytes, str | None]]:
    """A reader of one saved page (:func:`read_file`; no content type: a file has none)."""

    def read() -> tuple[bytes, str | None]:
        return read_file(path, limit), None

    return read


def _stdin_reader(limit: int) -> Callable[[], tuple[bytes, str | None]]:
    def read() -> tuple[bytes, str | None]:
        return page_bytes(sys.stdin.buffer.read(limit + 1), limit, source="-"), None

    return read


def url_reader(url: str, limit: int, allow_private: bool) -> Callable[[], tuple[bytes, str | None]]:
    """A reader of one page fetched from ``url`` (its body and content type)."""

    def read() -> tuple[bytes, str | None]:
        from attribution.fetch_one import fetch_page  # noqa: PLC0415 - httpx only when needed

        return fetch_page(url, limit=limit, allow_private=allow_private)

    return read


def iter_sources(
    sources: list[str],
    *,
    url: str | None,
    limit: int,
    allow_private: bool = False,
    show_progress: bool = False,
) -> Iterator[SourceItem]:
    """Expand the command-line sources into pages, in the order given. ``show_progress``:
    draw a progress line while a web archive is listed."""
    for source in sources:
        if source == "-":
            yield SourceItem("-", url, _stdin_reader(limit))
        elif source.startswith(("http://", "https://")):
            yield SourceItem(source, url or source, url_reader(source, limit, allow_private))
        else:
            path = Path(source)
            if is_warc(source) and not path.is_dir():
                yield from iter_archive(path, limit, show_progress=show_progress)
            elif path.is_dir():
                files = sorted(p for p in path.rglob("*") if is_html_file(p))
                for file in files:
                    yield SourceItem(str(file), None, file_reader(file, limit))
            else:
                yield SourceItem(source, url, file_reader(path, limit))


def read_manifest(path: str, *, limit: int) -> list[SourceItem]:
    """The rows of a manifest TSV (header line, columns ``path`` and ``url``)."""
    manifest = Path(path)
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read manifest {path}: {exc.strerror or exc}") from exc
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    if not rows and "path" not in text.split("\n", 1)[0]:
        raise ConfigError(f"manifest {path} needs a header line with the columns 'path' and 'url'")
    items = []
    for lineno, row in enumerate(rows, start=2):
        if "path" not in row or row.get("path") in (None, ""):
            raise ConfigError(f"manifest {path}, line {lineno}: no 'path' column value")
        page = manifest.parent / row["path"]
        page_url = (row.get("url") or "").strip() or None
        items.append(SourceItem(row["path"], page_url, file_reader(page, limit)))
    return items
