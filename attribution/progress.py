"""A one-line progress display on stderr for commands that read many pages.

Drawn only on a terminal and without ``-q``: in a pipe or a log file the results and the
messages stay as they are. Data never passes through it (stdout is not redirected), and the
line is erased when the work ends, so only the messages printed meanwhile remain.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

__all__ = ["PageCounter", "listing_progress", "page_progress", "wanted"]


def wanted(*, quiet: bool, total: int | None = None) -> bool:
    """Whether to draw progress: on a terminal, without ``-q``, for more than one page
    (``total``, when known)."""
    return not quiet and (total is None or total > 1) and sys.stderr.isatty()


class PageCounter:
    """Moves the display on by a page at a time and shows how many failed."""

    def __init__(self, progress: Progress | None = None, task: TaskID | None = None) -> None:
        self._progress = progress
        self._task = task
        self.done = 0
        self.failed = 0

    def advance(self, *, failed: bool = False) -> None:
        """One more page read (``failed``: it could not be read)."""
        self.done += 1
        self.failed += failed
        if self._progress is not None and self._task is not None:
            note = f"{self.failed} failed" if self.failed else ""
            self._progress.update(self._task, advance=1, failed=note)


@contextmanager
def page_progress(
    total: int, label: str, *, enabled: bool, console: Console | None = None
) -> Iterator[PageCounter]:
    """A progress line for ``total`` pages while the block runs (nothing when not
    ``enabled``); messages printed to stderr meanwhile appear above it."""
    if not enabled:
        yield PageCounter()
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("pages"),
        TextColumn("[red]{task.fields[failed]}"),
        TimeRemainingColumn(),
        console=console or Console(stderr=True),
        transient=True,
        redirect_stdout=False,
    )
    with progress:
        yield PageCounter(progress, progress.add_task(label, total=total, failed=""))


@contextmanager
def listing_progress(
    size: int, label: str, *, enabled: bool, console: Console | None = None
) -> Iterator[Callable[[int], None]]:
    """A progress line for a pass over a file of ``size`` bytes (listing a web archive's
    pages before they are read): the block is given a function to call with the offset
    reached. Nothing is drawn when not ``enabled``."""
    if not enabled:
        yield _ignore
        return
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console or Console(stderr=True),
        transient=True,
        redirect_stdout=False,
    )
    with progress:
        task = progress.add_task(label, total=size)

        def reached(offset: int) -> None:
            progress.update(task, completed=offset)

        yield reached


def _ignore(_offset: int) -> None:
    return None
