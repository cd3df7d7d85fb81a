"""The outlet graph of a large store, built by a second process while the caller streams the
article graph: the two levels of the million-article export each take a core.

Each process reads the records itself: sending a million records from one process to the
other would cost more than the query. A thread would not do: each row's step through SQLite
lets go of the GIL and then waits to get it back, so a reading thread beside a busy consumer
gets about one row per switch interval and the two end up taking turns. The child is a plain
``python -P -m attribution.graph.reader``, not ``multiprocessing``: that would import the
caller's main module again in the child, which a script without a ``__main__`` guard does not
survive.

The child reads its job, pickled, from stdin and writes one frame to stdout: a 4-byte
big-endian length, then a pickled ``(kind, payload)``: the graph, or the error's message.
"""

from __future__ import annotations

import os
import pickle
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import networkx as nx

import attribution
from attribution.errors import StoreError
from attribution.graph.outlets import build_outlet_graph
from attribution.registry import Registry, load_registry
from attribution.store import Store

__all__ = ["PROCESS_MIN_ROWS", "outlet_graph_read_ahead"]

#: Below this many ``copies`` and ``matches`` rows a store is read in the calling process:
#: starting a reader costs about half a second.
PROCESS_MIN_ROWS = 50_000

_DONE, _FAILED = range(2)  # frame kinds: the result, an error
_LENGTH = struct.Struct(">I")


def _in_child(store: Store, min_rows: int | None) -> bool:
    threshold = PROCESS_MIN_ROWS if min_rows is None else min_rows
    return store.relation_rows() >= threshold


@contextmanager
def outlet_graph_read_ahead(
    store: Store, *, registry: Registry | None = None, min_rows: int | None = None
) -> Iterator[Callable[[], nx.MultiDiGraph]]:
    """Start building ``build_outlet_graph(store)``, in a second process when the store has at
    least ``min_rows`` (default ``PROCESS_MIN_ROWS``) copies and matches rows; the function
    given waits for the graph and returns it. The child opens the store's file read-only: for
    a store that nothing writes meanwhile."""
    reg = registry if registry is not None else load_registry()
    if not _in_child(store, min_rows):
        yield lambda: build_outlet_graph(store, registry=reg)
        return
    with _Child(store.path, (str(store.path), reg)) as child:

        def result() -> nx.MultiDiGraph:
            graph = child.result()
            assert isinstance(graph, nx.MultiDiGraph)
            return graph

        yield result


class _Child:
    """One reader process and its frames; closing it stops the process."""

    def __init__(self, path: Path, job: tuple[Any, ...]) -> None:
        self.path = path
        env = dict(os.environ)
        # The child imports this very package, wherever it was imported from: first on its
        # path, and -P keeps the working directory (another checkout, say) off the path.
        root = str(Path(attribution.__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-m", "attribution.graph.reader"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.out: IO[bytes] = self.process.stdout
        try:
            pickle.dump(job, self.process.stdin, pickle.HIGHEST_PROTOCOL)
            self.process.stdin.close()
        except BrokenPipeError:
            pass  # the child died at start: its exit code says so when read

    def result(self) -> Any:
        """Wait for the child's result; StoreError when it fails or dies."""
        frame = _read_frame(self.out)
        if frame is None:
            code = self.process.wait()
            raise StoreError(f"{self.path}: the store's reader stopped (exit code {code})")
        kind, payload = frame
        if kind != _DONE:
            raise StoreError(payload)
        return payload

    def __enter__(self) -> _Child:
        return self

    def __exit__(self, *exc: object) -> None:
        self.out.close()
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait()


def _read_frame(stream: IO[bytes]) -> Any:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (size,) = _LENGTH.unpack(head)
    body = stream.read(size)
    if len(body) < size:
        return None
    return pickle.loads(body)  # noqa: S301 - written by our own child process


def _write_frame(stream: IO[bytes], kind: int, payload: Any) -> None:
    body = pickle.dumps((kind, payload), pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(body)))
    stream.write(body)


def _run(job: tuple[Any, ...]) -> nx.MultiDiGraph:
    path, registry = job
    with Store(path, readonly=True, mapped=True) as store:
        return build_outlet_graph(store, registry=registry)


def _main() -> int:
    """The child: the job read from stdin, its result (or error) to stdout."""
    out = sys.stdout.buffer
    try:
        graph = _run(pickle.load(sys.stdin.buffer))  # noqa: S301 - from our parent
        _write_frame(out, _DONE, graph)
        out.flush()
    except BrokenPipeError:
        return 1  # the parent has gone: nobody to tell
    except Exception as exc:  # told to the parent, which raises it
        try:
            _write_frame(out, _FAILED, str(exc) or type(exc).__name__)
            out.flush()
        except OSError:
            pass
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main())
