"""Pages handled in worker processes, their outcomes reported in the order given.

`attribution extract --jobs` and `attribution check --jobs` read their pages here, one after
another (files, stdin, URLs), and send the bytes to the workers of a
:class:`~attribution.pagepool.ProcessPool`, which parse and extract them and send back a small
result. A few pages per worker are sent ahead of the one reported next, so the workers never
wait for the writer and memory stays bounded. Each page has a time limit: a page past it has
its worker replaced and is reported as failed, and the run goes on (see
``docs/extraction.md``, "Many pages").
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from attribution.extract import extract_document, parse_document
from attribution.pagepool import CallLost, ProcessPool, WorkerDied, worker_context
from attribution.registry import Registry, load_registry

#: Pages read and sent ahead of the one reported next, per worker.
AHEAD_PER_WORKER = 4

#: What became of one page in `extract`: its extraction as its JSON object (made where the
#: page was extracted: a worker spends the time on it, not the process writing the output),
#: or what stopped it.
Outcome = dict[str, Any] | Exception

T = TypeVar("T")

_registry: Registry | None = None
_registry_dir: str | None = None


def worker_registry(registry_dir: str | None) -> Registry:
    """The registry named by ``registry_dir`` (None: the bundled one), loaded once per
    process: a worker loads it for its first page and keeps it."""
    global _registry, _registry_dir  # noqa: PLW0603 - one per worker process
    if _registry is None or _registry_dir != registry_dir:
        _registry = load_registry(registry_dir)
        _registry_dir = registry_dir
    return _registry


def warm_worker(registry_dir: str | None) -> None:
    """Pool initializer: load the registry before the first page's time limit starts."""
    worker_registry(registry_dir)


def extract_bytes(
    data: bytes, url: str | None, content_type: str | None, source: str, registry_dir: str | None
) -> dict[str, Any]:
    """The extraction of one page's bytes as its JSON object, as a worker runs it."""
    registry = worker_registry(registry_dir)
    doc = parse_document(data, url=url, content_type=content_type, source=source)
    return extract_document(doc, registry=registry, source=source).to_dict()


@dataclass(slots=True)
class _Pending(Generic[T]):
    item: T
    #: The call's arguments, kept until it is reported: if the pool is given up, the call is
    #: made here (stdin and URLs cannot be read twice). None when they could not be read.
    args: tuple[Any, ...] | None
    answer: asyncio.Future[Any]


async def map_in_workers(
    items: Iterable[T],
    *,
    func: Callable[..., Any],
    args_of: Callable[[T], tuple[Any, ...]],
    workers: int,
    time_limit: float | None,
    preload: list[str],
    report: Callable[[T, Any], None],
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> None:
    """``func(*args_of(item))`` for every item in ``workers`` processes (``func`` a
    module-level function that ``preload`` imports), and ``report(item, outcome)`` in item
    order: the result, or the exception that stopped it (``args_of``'s own, or
    :class:`~attribution.pagepool.CallTimedOut` past ``time_limit`` seconds). If the workers
    cannot run at all, the remaining calls are made in this process."""
    pool = ProcessPool(
        workers, context=worker_context(preload), initializer=initializer, initargs=initargs
    )
    pool.start()
    pending: deque[_Pending[T]] = deque()
    ahead = AHEAD_PER_WORKER * workers
    finished = False
    try:
        for item in items:
            pending.append(_send(pool, item, func, args_of, time_limit))
            while pending and (len(pending) >= ahead or pending[0].answer.done()):
                entry = pending.popleft()
                report(entry.item, await _outcome(entry, func))
        while pending:
            entry = pending.popleft()
            report(entry.item, await _outcome(entry, func))
        finished = True
    finally:
        for entry in pending:
            if entry.answer.done() and not entry.answer.cancelled():
                entry.answer.exception()  # read, so that asyncio does not report it as lost
            entry.answer.cancel()
        # Interrupted (Ctrl-C): do not wait for pages still being handled.
        await pool.close(wait=finished)


def _send(
    pool: ProcessPool,
    item: T,
    func: Callable[..., Any],
    args_of: Callable[[T], tuple[Any, ...]],
    time_limit: float | None,
) -> _Pending[T]:
    try:
        args = args_of(item)
    except Exception as exc:  # an unreadable input is reported in its turn
        failed: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        failed.set_exception(exc)
        return _Pending(item, None, failed)
    answer = asyncio.ensure_future(pool.call(func, *args, time_limit=time_limit))
    return _Pending(item, args, answer)


async def _outcome(entry: _Pending[T], func: Callable[..., Any]) -> Any:
    try:
        return await entry.answer
    except WorkerDied as exc:
        if isinstance(exc, CallLost) or entry.args is None:
            return exc  # this page's own failure: past its time limit, or crashed its worker
        # The pool is given up (workers that cannot start, or keep dying): run it here.
        try:
            return func(*entry.args)
        except Exception as here:
            return here
    except Exception as exc:
        return exc
