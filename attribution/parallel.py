"""`attribution extract` over many pages in worker processes, written in the order given.

The pages are read here, one after another (files, stdin, URLs), and their bytes sent to the
workers of a :class:`~attribution.pagepool.ProcessPool`; each worker parses and extracts and
sends the :class:`~attribution.models.Extraction` back. A few pages per worker are sent ahead
of the one written next, so the workers never wait for the writer and memory stays bounded.
Each page has a time limit: a page past it has its worker replaced and is reported as failed,
and the run goes on (see ``docs/extraction.md``, "Many pages").
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from attribution.extract import extract_document, parse_document
from attribution.models import Extraction
from attribution.pagepool import CallLost, ProcessPool, WorkerDied, worker_context
from attribution.registry import Registry, load_registry
from attribution.sources import SourceItem

#: Pages read and sent ahead of the one written next, per worker.
AHEAD_PER_WORKER = 4

#: What became of one page: its extraction (as its JSON object when a worker made it: the
#: worker spends the time on it, not the process writing the output), or what stopped it.
Outcome = Extraction | dict[str, Any] | Exception

_registry: Registry | None = None
_registry_dir: str | None = None


def _init_worker(registry_dir: str | None) -> None:
    global _registry, _registry_dir  # noqa: PLW0603 - one per worker process
    _registry = load_registry(registry_dir)
    _registry_dir = registry_dir


def extract_bytes(
    data: bytes, url: str | None, content_type: str | None, source: str, registry_dir: str | None
) -> dict[str, Any]:
    """The extraction of one page's bytes as its JSON object, as a worker runs it (the
    registry named by ``registry_dir``, None for the bundled one, is loaded once per
    process)."""
    if _registry is None or _registry_dir != registry_dir:
        _init_worker(registry_dir)
    assert _registry is not None
    doc = parse_document(data, url=url, content_type=content_type, source=source)
    return extract_document(doc, registry=_registry, source=source).to_dict()


def extract_here(item: SourceItem, registry: Registry) -> Outcome:
    """Read and extract one page in this process."""
    try:
        data, content_type = item.read()
        doc = parse_document(data, url=item.url, content_type=content_type, source=item.source)
        return extract_document(doc, registry=registry, source=item.source)
    except Exception as exc:  # reported per page by the caller; the others are still read
        return exc


@dataclass(slots=True)
class _Pending:
    item: SourceItem
    #: The page's bytes and content type, kept until it is written: if the pool is given up,
    #: it is extracted here (stdin and URLs cannot be read twice).
    page: tuple[bytes, str | None] | None
    answer: asyncio.Future[dict[str, Any]]


async def extract_in_workers(
    items: Iterable[SourceItem],
    *,
    workers: int,
    time_limit: float | None,
    registry: Registry,
    registry_dir: str | None,
    report: Callable[[SourceItem, Outcome], None],
) -> None:
    """Extract every page in ``workers`` processes and ``report`` each outcome, in input
    order. A page past ``time_limit`` seconds comes back as
    :class:`~attribution.pagepool.CallTimedOut`; if the workers cannot run at all, the rest
    is extracted here with ``registry``."""
    pool = ProcessPool(
        workers,
        context=worker_context(["attribution.parallel"]),
        initializer=_init_worker,
        initargs=(registry_dir,),
    )
    pool.start()
    pending: deque[_Pending] = deque()
    ahead = AHEAD_PER_WORKER * workers
    finished = False
    try:
        for item in items:
            pending.append(_send(pool, item, registry_dir, time_limit))
            while pending and (len(pending) >= ahead or pending[0].answer.done()):
                entry = pending.popleft()
                report(entry.item, await _outcome(entry, registry))
        while pending:
            entry = pending.popleft()
            report(entry.item, await _outcome(entry, registry))
        finished = True
    finally:
        for entry in pending:
            if entry.answer.done() and not entry.answer.cancelled():
                entry.answer.exception()  # read, so that asyncio does not report it as lost
            entry.answer.cancel()
        # Interrupted (Ctrl-C): do not wait for pages still being extracted.
        await pool.close(wait=finished)


def _send(
    pool: ProcessPool, item: SourceItem, registry_dir: str | None, time_limit: float | None
) -> _Pending:
    answer: asyncio.Future[dict[str, Any]]
    try:
        data, content_type = item.read()
    except Exception as exc:  # an unreadable input is reported in its turn
        answer = asyncio.get_running_loop().create_future()
        answer.set_exception(exc)
        return _Pending(item, None, answer)
    answer = asyncio.ensure_future(
        pool.call(
            extract_bytes,
            data,
            item.url,
            content_type,
            item.source,
            registry_dir,
            time_limit=time_limit,
        )
    )
    return _Pending(item, (data, content_type), answer)


async def _outcome(entry: _Pending, registry: Registry) -> Outcome:
    try:
        return await entry.answer
    except WorkerDied as exc:
        if isinstance(exc, CallLost) or entry.page is None:
            return exc  # this page's own failure: past its time limit, or crashed its worker
        # The pool is given up (workers that cannot start, or keep dying): extract it here.
        data, content_type = entry.page
        return extract_here(
            SourceItem(entry.item.source, entry.item.url, lambda: (data, content_type)), registry
        )
    except Exception as exc:
        return exc
