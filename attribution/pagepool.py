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

A call may carry a time limit, counted from when its worker starts it. A call past its limit
(a page that sends the parser into a slow path) has its worker killed; a worker that dies
while running a call (a crash, the kernel's out-of-memory killer) fails that call alone. In
both cases a new worker takes the calls that were waiting behind it, and the pool goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
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

__all__ = ["CallLost", "CallTimedOut", "ProcessPool", "WorkerDied", "worker_context"]

_SIZE = struct.Struct("!i")  # multiprocessing.Connection's framing: a signed 32-bit size,
_LONG_SIZE = struct.Struct("!Q")  # or -1 then an unsigned 64-bit one for 2 GiB and more
_MAX_SHORT = 0x7FFFFFFF


def worker_context(preload: list[str]) -> Any:
    """The multiprocessing context workers start from, importing ``preload`` once.

    fork() of a process with threads (an event loop's helpers) may deadlock; forkserver forks
    from a clean single-threaded server instead, where the OS has it, else spawn.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Imported once by the server, not by every worker it forks.
    context.set_forkserver_preload(preload)
    return context


class WorkerDied(Exception):
    """The pool cannot run calls: its workers did not start, kept dying, or it is closed."""


class CallLost(WorkerDied):
    """The worker running this call ended before answering (it crashed or was killed); the
    calls waiting behind it went to a new worker."""


class CallTimedOut(CallLost):
    """This call ran past its time limit, so its worker was killed and replaced."""


#: Workers that end one after another with no call answered in between: at this many the
#: pool gives up instead of starting new ones forever (a worker that cannot start, a machine
#: out of memory). Calls that ran past their limit do not count: the page is at fault there.
MAX_DEATHS_IN_A_ROW = 3
_REAP_SECONDS = 2.0
#: A worker's first message: started and initialised, so a call's time limit counts its work
#: alone (not the interpreter start and imports before it).
_READY = b"ready"
_READY_SECONDS = 120.0


def _serve(
    conn: Connection, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    """A worker's life: answer calls until the crawl closes the connection or goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle
    if initializer is not None:
        initializer(*initargs)
    try:
        conn.send_bytes(_READY)
    except OSError:
        return
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
class _Call:
    future: asyncio.Future[tuple[bool, Any]]
    #: The pickled ``(function, args)``, kept until answered: it is sent again to a new
    #: worker when the one it waited for ends.
    payload: bytes
    time_limit: float | None


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    #: Calls sent and not answered, oldest first (a worker answers in order): the first is
    #: the one it is running.
    waiting: deque[_Call] = field(default_factory=deque)
    task: asyncio.Task[None] | None = None
    #: The time limit of the call it is running.
    timer: asyncio.TimerHandle | None = None
    #: Killed by the pool because that call ran past its limit.
    overdue: bool = False


class ProcessPool:
    """``workers`` processes answering calls of module-level functions, in an event loop.

    ``start()`` begins starting them in the background (a forkserver takes a while to come
    up); ``await call(func, *args)`` runs ``func(*args)`` in the least busy worker; ``await
    close()`` ends them. A worker that ends is replaced (see :class:`CallLost`); when they
    keep ending (:data:`MAX_DEATHS_IN_A_ROW`) or cannot start, :attr:`broken` is set and
    calls raise :class:`WorkerDied`.
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
        self._replacing: set[asyncio.Task[None]] = set()
        self._deaths_in_a_row = 0
        self.broken = False
        #: Workers started in place of ones that ended.
        self.replaced = 0

    def start(self) -> None:
        """Start the worker processes in the background."""
        if self._starting is None:
            self._starting = asyncio.create_task(self._start())

    async def _start(self) -> None:
        started = await asyncio.to_thread(self._spawn, self._count)
        for process, conn in started:
            self._workers.append(await self._attach(process, conn))

    async def _attach(self, process: BaseProcess, conn: Connection) -> _Worker:
        sock = socket.socket(fileno=os.dup(conn.fileno()))
        conn.close()
        reader, writer = await asyncio.open_connection(sock=sock)
        try:
            async with asyncio.timeout(_READY_SECONDS):
                (size,) = _SIZE.unpack(await reader.readexactly(_SIZE.size))
                ready = await reader.readexactly(size) if size == len(_READY) else b""
        except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, OSError) as exc:
            writer.close()
            process.kill()
            raise WorkerDied(f"page worker {process.pid} did not start") from exc
        if ready != _READY:
            writer.close()
            process.kill()
            raise WorkerDied(f"page worker {process.pid} did not start")
        worker = _Worker(process, reader, writer)
        worker.task = asyncio.create_task(self._read(worker))
        return worker

    def _renew(self, ended: BaseProcess) -> list[tuple[BaseProcess, Connection]]:
        # Reap the one that ended (its connection closed, so it is exiting if not gone).
        ended.join(_REAP_SECONDS)
        if ended.is_alive():
            ended.kill()
            ended.join(_REAP_SECONDS)
        return self._spawn(1)

    def _spawn(self, count: int) -> list[tuple[BaseProcess, Connection]]:
        started = []
        for _ in range(count):
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

    async def call(
        self, func: Callable[..., Any], *args: Any, time_limit: float | None = None
    ) -> Any:
        """``func(*args)`` in a worker process (both picklable); its exception is re-raised.

        ``time_limit``: seconds the call may run, counted from when its worker starts it (not
        while it waits behind other calls); past them :class:`CallTimedOut` is raised and the
        worker is replaced. :class:`CallLost` when the worker ends while running it.
        """
        if self._starting is None:
            self.start()
        assert self._starting is not None
        try:
            await asyncio.shield(self._starting)
        except Exception as exc:
            self.broken = True
            raise WorkerDied(f"the page workers did not start: {exc}") from exc
        # A single worker being replaced: wait for the new one rather than fail.
        while not self._workers and self._replacing and not (self.broken or self._closing):
            await asyncio.wait(set(self._replacing))
        if self.broken or self._closing or not self._workers:
            raise WorkerDied("the page workers are gone")
        payload = pickle.dumps((func, args), protocol=pickle.HIGHEST_PROTOCOL)
        future: asyncio.Future[tuple[bool, Any]] = asyncio.get_running_loop().create_future()
        self._send(self._least_busy(), _Call(future, payload, time_limit))
        ok, value = await future
        if not ok:
            raise value
        return value

    def _least_busy(self) -> _Worker:
        return min(self._workers, key=lambda w: len(w.waiting))

    def _send(self, worker: _Worker, call: _Call) -> None:
        size = len(call.payload)
        if size > _MAX_SHORT:
            worker.writer.write(_SIZE.pack(-1) + _LONG_SIZE.pack(size))
        else:
            worker.writer.write(_SIZE.pack(size))
        worker.writer.write(call.payload)
        worker.waiting.append(call)
        if len(worker.waiting) == 1:
            self._start_clock(worker)

    def _start_clock(self, worker: _Worker) -> None:
        """The worker starts its first waiting call now: set that call's time limit."""
        call = worker.waiting[0]
        if call.time_limit is not None:
            worker.timer = asyncio.get_running_loop().call_later(
                call.time_limit, self._overdue, worker, call
            )

    def _overdue(self, worker: _Worker, call: _Call) -> None:
        worker.timer = None
        if worker.waiting and worker.waiting[0] is call:
            worker.overdue = True
            # The worker may be deep in C code (the parser): only SIGKILL stops it for sure.
            worker.process.kill()

    async def _read(self, worker: _Worker) -> None:
        try:
            while True:
                (size,) = _SIZE.unpack(await worker.reader.readexactly(_SIZE.size))
                if size == -1:
                    (size,) = _LONG_SIZE.unpack(await worker.reader.readexactly(_LONG_SIZE.size))
                data = await worker.reader.readexactly(size)
                if worker.overdue:
                    break  # killed after it answered: the answer came too late all the same
                call = worker.waiting.popleft()
                if worker.timer is not None:
                    worker.timer.cancel()
                    worker.timer = None
                self._deaths_in_a_row = 0
                if not call.future.done():  # a cancelled caller (Ctrl-C) no longer waits
                    call.future.set_result(_load_reply(data))
                if worker.waiting:
                    self._start_clock(worker)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            pass  # the worker's end closed
        self._ended(worker)

    def _ended(self, worker: _Worker) -> None:
        """A worker's connection closed: fail the call it was running, hand the others on."""
        if worker.timer is not None:
            worker.timer.cancel()
            worker.timer = None
        if worker in self._workers:
            self._workers.remove(worker)
        worker.writer.close()
        pid = worker.process.pid
        if worker.waiting and not self._closing:
            running = worker.waiting.popleft()
            if worker.overdue:
                lost: WorkerDied = CallTimedOut(
                    f"took longer than {running.time_limit:g} s; page worker {pid} was stopped"
                )
            else:
                lost = CallLost(f"page worker {pid} ended while running it")
            _fail(running, lost)
        waiting = list(worker.waiting)
        worker.waiting.clear()
        if self._closing:
            _fail_all(waiting, WorkerDied("the page workers were closed"))
            return
        if not worker.overdue:
            self._deaths_in_a_row += 1
        if self._deaths_in_a_row >= MAX_DEATHS_IN_A_ROW:
            self.broken = True
            _fail_all(waiting, WorkerDied(f"page workers ended {self._deaths_in_a_row} times"))
            return
        task = asyncio.create_task(self._replace(worker.process, waiting))
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _replace(self, ended: BaseProcess, waiting: list[_Call]) -> None:
        """Start a worker in place of one that ended, and send it the calls that waited."""
        try:
            [(process, conn)] = await asyncio.to_thread(self._renew, ended)
            worker = await self._attach(process, conn)
        except Exception as exc:
            self.broken = True
            _fail_all(waiting, WorkerDied(f"no new page worker could start: {exc}"))
            return
        if self._closing:
            worker.writer.close()
            _fail_all(waiting, WorkerDied("the page workers were closed"))
            return
        self._workers.append(worker)
        self.replaced += 1
        for call in waiting:
            if not call.future.done():
                self._send(self._least_busy(), call)

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
        if self._replacing:
            # A worker being started in place of another: it sees the pool closing and ends.
            await asyncio.wait(set(self._replacing))
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.writer.close()
        for worker in workers:
            if worker.task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await worker.task
        if wait:
            await asyncio.to_thread(_join, [w.process for w in workers], 10.0)

    @property
    def pids(self) -> list[int]:
        """The workers' process ids (for tests and monitoring)."""
        return [w.process.pid for w in self._workers if w.process.pid is not None]


def _load_reply(data: bytes) -> tuple[bool, Any]:
    try:
        reply: tuple[bool, Any] = pickle.loads(data)  # noqa: S301 - our own worker's reply
    except Exception as exc:
        # An exception class that cannot be rebuilt from its pickle: the caller gets an error,
        # and the pool goes on reading.
        return False, RuntimeError(f"unreadable reply from a page worker: {exc!r}")
    return reply


def _fail(call: _Call, exc: WorkerDied) -> None:
    if not call.future.done():
        call.future.set_exception(exc)


def _fail_all(calls: list[_Call], exc: WorkerDied) -> None:
    for call in calls:
        _fail(call, exc)


def _join(processes: list[BaseProcess], timeout: float) -> None:
    for process in processes:
        process.join(timeout)
