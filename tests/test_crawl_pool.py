"""The crawl's page-worker pool: calls answered by real worker processes, failures surfaced."""

from __future__ import annotations

import asyncio
import functools
import operator
import os
import signal
import time
from pathlib import Path

import pytest

from attribution.crawler import _pool_context
from attribution.errors import DecodeError
from attribution.extract import parse_document
from attribution.pagepool import (
    MAX_DEATHS_IN_A_ROW,
    CallLost,
    CallTimedOut,
    ProcessPool,
    WorkerDied,
)


class _NeedsKeyword(Exception):
    def __init__(self, message: str, *, code: int) -> None:
        super().__init__(message)
        self.code = code


def _raise_needs_keyword() -> None:
    raise _NeedsKeyword("boom", code=3)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # A zombie until its parent reaps it: count it as gone.
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"


def test_calls_are_answered_by_the_workers_and_errors_come_back() -> None:
    async def main() -> None:
        pool = ProcessPool(2, context=_pool_context())
        pool.start()
        # Many calls in flight at once: each gets its own answer, from one of two workers.
        answers = await asyncio.gather(*(pool.call(divmod, n, 7) for n in range(200)))
        assert answers == [divmod(n, 7) for n in range(200)]
        slept = await asyncio.gather(*(pool.call(time.sleep, 0.05) for _ in range(4)))
        assert slept == [None] * 4
        workers = set(await asyncio.gather(*(pool.call(os.getpid) for _ in range(20))))
        assert workers <= set(pool.pids) and os.getpid() not in workers
        with pytest.raises(ZeroDivisionError):
            await pool.call(operator.truediv, 1, 0)
        big = bytes(range(256)) * 40_000  # 10 MB each way
        assert await pool.call(bytes, big) == big
        assert not pool.broken
        pids_before = pool.pids
        await pool.close()
        for pid in pids_before:
            assert _gone(pid)
        with pytest.raises(WorkerDied):
            await pool.call(os.getpid)

    asyncio.run(main())


def test_errors_come_back_whole_and_an_unreadable_one_does_not_stop_the_pool() -> None:
    async def main() -> None:
        pool = ProcessPool(1, context=_pool_context())
        pool.start()
        with pytest.raises(DecodeError) as caught:
            await pool.call(functools.partial(parse_document, source="pages/empty.html"), b"")
        assert caught.value.source == "pages/empty.html"
        # An exception that pickles but cannot be rebuilt: the caller gets an error instead
        # of waiting forever, and the worker answers the next call.
        with pytest.raises(RuntimeError, match="unreadable reply"):
            await asyncio.wait_for(pool.call(_raise_needs_keyword), 10)
        assert await asyncio.wait_for(pool.call(divmod, 5, 2), 10) == (2, 1)
        assert pool.replaced == 0
        await pool.close()

    asyncio.run(main())


def test_a_killed_worker_fails_the_call_it_ran_and_a_new_worker_takes_the_rest() -> None:
    async def main() -> None:
        pool = ProcessPool(1, context=_pool_context())
        pool.start()
        pid = await pool.call(os.getpid)
        running = asyncio.create_task(pool.call(time.sleep, 30))
        behind = asyncio.create_task(pool.call(os.getpid))  # queued on the same worker
        await asyncio.sleep(0.2)
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(CallLost):
            await asyncio.wait_for(running, 10)
        # The call that waited behind it is answered by the new worker.
        new_pid = await asyncio.wait_for(behind, 10)
        assert new_pid != pid and pool.pids == [new_pid]
        assert not pool.broken and pool.replaced == 1
        assert await pool.call(divmod, 7, 2) == (3, 1)
        await pool.close()
        assert _gone(pid) and _gone(new_pid)

    asyncio.run(main())


def test_a_call_past_its_time_limit_has_its_worker_stopped_and_replaced() -> None:
    async def main() -> None:
        pool = ProcessPool(1, context=_pool_context())
        pool.start()
        pid = await pool.call(os.getpid)
        started = time.monotonic()
        slow = asyncio.create_task(pool.call(time.sleep, 30, time_limit=0.5))
        behind = asyncio.create_task(pool.call(os.getpid, time_limit=5))
        with pytest.raises(CallTimedOut, match=r"longer than 0\.5 s"):
            await asyncio.wait_for(slow, 10)
        assert time.monotonic() - started < 10
        assert await asyncio.wait_for(behind, 10) != pid
        await asyncio.sleep(0.1)
        assert _gone(pid)
        assert not pool.broken and pool.replaced == 1
        await pool.close()

    asyncio.run(main())


def test_a_time_limit_counts_from_when_the_worker_starts_the_call() -> None:
    async def main() -> None:
        pool = ProcessPool(1, context=_pool_context())
        pool.start()
        await pool.call(os.getpid)
        # 0.1 s of work allowed 0.6 s, queued behind 0.8 s of work: from the send it would
        # be 0.9 s, past the limit.
        first = asyncio.create_task(pool.call(time.sleep, 0.8))
        second = asyncio.create_task(pool.call(time.sleep, 0.1, time_limit=0.6))
        assert await asyncio.wait_for(asyncio.gather(first, second), 10) == [None, None]
        assert pool.replaced == 0
        await pool.close()

    asyncio.run(main())


def test_workers_that_keep_dying_break_the_pool() -> None:
    async def main() -> None:
        pool = ProcessPool(1, context=_pool_context())
        pool.start()
        for _ in range(MAX_DEATHS_IN_A_ROW):
            with pytest.raises(WorkerDied):
                await asyncio.wait_for(pool.call(os._exit, 3), 10)
        assert pool.broken
        with pytest.raises(WorkerDied, match="gone"):
            await pool.call(os.getpid)
        await pool.close(wait=False)

    asyncio.run(main())


def test_an_answer_between_deaths_keeps_the_pool_going() -> None:
    async def main() -> None:
        pool = ProcessPool(1, context=_pool_context())
        pool.start()
        for _ in range(MAX_DEATHS_IN_A_ROW + 2):
            with pytest.raises(CallLost):
                await asyncio.wait_for(pool.call(os._exit, 3), 10)
            assert await asyncio.wait_for(pool.call(divmod, 9, 4), 10) == (2, 1)
        assert not pool.broken and pool.replaced == MAX_DEATHS_IN_A_ROW + 2
        await pool.close()

    asyncio.run(main())
