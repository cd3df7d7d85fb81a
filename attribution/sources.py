"""Reading the inputs of `attribution extract`: files, folders, stdin, URLs and manifests.

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

from attribution.errors import ConfigError, InputError

#: The files a folder is searched for: saved pages, gzip-compressed ones too (corpora and
#: archive tools ship them so).
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
_GZIP_MAGIC = b"\x1f\x8b"


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


def _file_reader(path: Path, limit: int) -> Callable[[], tuple[bytes, str | None]]:
    def read() -> tuple[bytes, str | None]:
        return read_file(path, limit), None

    return read


def _stdin_reader(limit: int) -> Callable[[], tuple[bytes, str | None]]:
    def read() -> tuple[bytes, str | None]:
        return page_bytes(sys.stdin.buffer.read(limit + 1), limit, source="-"), None

    return read


def _url_reader(
    url: str, limit: int, allow_private: bool
) -> Callable[[], tuple[bytes, str | None]]:
    def read() -> tuple[bytes, str | None]:
        from attribution.fetch_one import fetch_page  # noqa: PLC0415 - httpx only when needed

        return fetch_page(url, limit=limit, allow_private=allow_private)

    return read


def iter_sources(
    sources: list[str], *, url: str | None, limit: int, allow_private: bool = False
) -> Iterator[SourceItem]:
    """Expand the command-line sources into pages, in the order given."""
    for source in sources:
        if source == "-":
            yield SourceItem("-", url, _stdin_reader(limit))
        elif source.startswith(("http://", "https://")):
            yield SourceItem(source, url or source, _url_reader(source, limit, allow_private))
        else:
            path = Path(source)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if is_html_file(p))
                for file in files:
                    yield SourceItem(str(file), None, _file_reader(file, limit))
            else:
                yield SourceItem(source, url, _file_reader(path, limit))


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
        items.append(SourceItem(row["path"], page_url, _file_reader(page, limit)))
    return items
