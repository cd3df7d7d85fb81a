"""Reading the inputs of `attribution extract`: files, folders, stdin, URLs and manifests.

Every input becomes a :class:`SourceItem` (what was asked for, the page URL to resolve links
against, and a way to read its bytes), so that one failing input never stops the others.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from attribution.errors import ConfigError, InputError

HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One page to read: ``source`` as the user named it, ``url`` to resolve it against."""

    source: str
    url: str | None
    read: Callable[[], tuple[bytes, str | None]]


def _file_reader(path: Path, limit: int) -> Callable[[], tuple[bytes, str | None]]:
    def read() -> tuple[bytes, str | None]:
        try:
            with path.open("rb") as fh:
                return fh.read(limit + 1), None
        except FileNotFoundError as exc:
            raise InputError("no such file", source=str(path)) from exc
        except IsADirectoryError as exc:
            raise InputError("is a directory", source=str(path)) from exc
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from exc

    return read


def _stdin_reader(limit: int) -> Callable[[], tuple[bytes, str | None]]:
    def read() -> tuple[bytes, str | None]:
        return sys.stdin.buffer.read(limit + 1), None

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
                files = sorted(
                    p for p in path.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file()
                )
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
