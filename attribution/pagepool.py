"""Worker processes for the crawl's CPU-bound page step, fed from the event loop.

Each worker is a process with one socket pair to the crawl; requests and replies are pickled
``(function, args)`` calls and ``(ok, value)`` answers in ``multiprocessing.Connection``
framing. The crawl's side is read and written by the event loop itself, without threads:
``concurrent.futures.ProcessPoolExecutor`` keeps two threads in the calling process (a queue
feeder and a result manager), and every time the event loop released the GIL for a socket
call one of them could take it, holding the loop up for the 5 ms switch interval, once or
twice for every page. The loop never blocks on a worker either: writes are buffered and
replies are read as they come.

A worker ends when its socket closes: when the crawl closes the pool, or when the crawl's
process dies (``kill -9``), so no worker outlives its crawl.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import pickle
import signal
import socket
import struct
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

__all__ = ["ProcessPool", "WorkerDied"]

_SIZE = struct.Struct("!i")  # multiprocessing.Connection's framing: a signed 32-bit size,
_LONG_SIZE = struct.Struct("!Q")  # or -1 then an unsigned 64-bit one for 2 GiB and more
_MAX_SHORT = 0x7FFFFFFF


class WorkerDied(Exception):
    """A worker process ended while calls were waiting for it (or the pool is closed)."""


def _serve(
    conn: Connection, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    """A worker's life: answer calls until the crawl closes the connection or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            # Our own process wrote it, over a socket pair nobody else holds.
            func, args = pickle.loads(conn.recv_bytes())  # noqa: S301
        except (EOFError, OSError):
            return
        try:
            reply: tuple[bool, Any] = (True, func(*args))
        except Exception as exc:
            reply = (False, exc)
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            data = pickle.dumps((False, RuntimeError(f"unpicklable reply: {exc!r}")))
        try:
            conn.send_bytes(data)
        except OSError:
            return


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    #: Calls sent and not answered, oldest first (a worker answers in order).
    waiting: deque[asyncio.Future[tuple[bool, Any]]] = field(default_factory=deque)
    task: asyncio.Task[None] | None = None


class ProcessPool:
    """``workers`` processes answering calls of module-level functions, in an event loop.

    ``start()`` begins starting them in the background (a forkserver takes a while to come
    up); ``await call(func, *args)`` runs ``func(*args)`` in the least busy worker; ``await
    close()`` ends them. After a worker dies, :attr:`broken` is set and calls raise
    :class:`WorkerDied`.
    """

    def __init__(
        self,
        workers: int,
        *,
        context: Any,  # a multiprocessing context (typeshed has no common type with Process)
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        if workers < 1:
            raise ValueError("a pool needs at least one worker")
        self._count = workers
        self._context = context
        self._initializer = initializer
        self._initargs = initargs
        self._workers: list[_Worker] = []
        self._starting: asyncio.Task[None] | None = None
        self._closing = False
        self.broken = False

    def start(self) -> None:
        """Start the worker processes in the background."""
        if self._starting is None:
            self._starting = asyncio.create_task(self._start())

    async def _start(self) -> None:
        started = await asyncio.to_thread(self._spawn)
        for process, conn in started:
            sock = socket.socket(fileno=os.dup(conn.fileno()))
            conn.close()
            reader, writer = await asyncio.open_connection(sock=sock)
            worker = _Worker(process, reader, writer)
            worker.task = asyncio.create_task(self._read(worker))
            self._workers.append(worker)

    def _spawn(self) -> list[tuple[BaseProcess, Connection]]:
        started = []
        for _ in range(self._count):
            ours, theirs = self._context.Pipe(duplex=True)
            process = self._context.Process(
                target=_serve,
                args=(theirs, self._initializer, self._initargs),
                name="attribution-page-worker",
                daemon=True,
            )
            process.start()
            theirs.close()  # the worker's end lives in the worker only: its exit is our EOF
            started.append((process, ours))
        return started

    async def call(self, func: Callable[..., Any], *args: Any) -> Any:
        """``func(*args)`` in a worker process (both picklable); its exception is re-raised."""
        if self._starting is None:
            self.start()
        assert self._starting is not None
        try:
            await asyncio.shield(self._starting)
        except Exception as exc:
            self.broken = True
            raise WorkerDied(f"the page workers did not start: {exc}") from exc
        if self.broken or self._closing or not self._workers:
            raise WorkerDied("the page workers are gone")
        worker = min(self._workers, key=lambda w: len(w.waiting))
        payload = pickle.dumps((func, args), protocol=pickle.HIGHEST_PROTOCOL)
        if len(payload) > _MAX_SHORT:
            worker.writer.write(_SIZE.pack(-1) + _LONG_SIZE.pack(len(payload)))
        else:
            worker.writer.write(_SIZE.pack(len(payload)))
        worker.writer.write(payload)
        future: asyncio.Future[tuple[bool, Any]] = asyncio.get_running_loop().create_future()
        worker.waiting.append(future)
        ok, value = await future
        if not ok:
            raise value
        return value

    async def _read(self, worker: _Worker) -> None:
        try:
            while True:
                (size,) = _SIZE.unpack(await worker.reader.readexactly(_SIZE.size))
                if size == -1:
                    (size,) = _LONG_SIZE.unpack(await worker.reader.readexactly(_LONG_SIZE.size))
                data = await worker.reader.readexactly(size)
                future = worker.waiting.popleft()
                if not future.done():  # a cancelled caller (Ctrl-C) no longer waits
                    future.set_result(pickle.loads(data))  # noqa: S301 - our worker's reply
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass  # the worker's end closed
        if not self._closing:
            self.broken = True
        while worker.waiting:
            future = worker.waiting.popleft()
            if not future.done():
                future.set_exception(WorkerDied(f"page worker {worker.process.pid} ended"))

    async def close(self, *, wait: bool = True) -> None:
        """End the workers: each exits once its connection closes (after its current call).

        ``wait``: until they have exited (at most a few seconds each); else return at once.
        """
        self._closing = True
        if self._starting is not None:
            if wait:
                with contextlib.suppress(Exception):
                    await asyncio.shield(self._starting)
            elif not self._starting.done():
                self._starting.cancel()
        for worker in self._workers:
            worker.writer.close()
        for worker in self._workers:
            if worker.task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await worker.task
        if wait:
            processes = [w.process for w in self._workers]
            await asyncio.to_thread(_join, processes, 10.0)
        self._workers = []

    @property
    def pids(self) -> list[int]:
        """The workers' process ids (for tests and monitoring)."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]


def _join(processes: list[BaseProcess], timeout: float) -> None:
    for process in processes:
        process.join(timeout)
