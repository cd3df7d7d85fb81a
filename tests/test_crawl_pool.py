"""The crawl's page-worker pool: calls answered by real worker processes, failures surfaced."""

from __future__ import annotations

import asyncio
import operator
import os
import signal
import time
from pathlib import Path

import pytest

from attribution.crawler import _pool_context
from attribution.pagepool import ProcessPool, WorkerDied


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


def test_a_killed_worker_fails_its_waiting_calls_and_breaks_the_pool() -> None:
    async def main() -> None:
        pool = ProcessPool(1, context=_pool_context())
        pool.start()
        [pid] = [await pool.call(os.getpid)]
        waiting = asyncio.create_task(pool.call(time.sleep, 30))
        await asyncio.sleep(0.2)
        os.kill(pid, signal.SIGKILL)
        with pytest.raises(WorkerDied):
            await asyncio.wait_for(waiting, 10)
        assert pool.broken
        with pytest.raises(WorkerDied):
            await pool.call(os.getpid)
        await pool.close(wait=False)

    asyncio.run(main())
