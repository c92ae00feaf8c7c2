"""Overlap a step's database writes with its Python work on the next batch.

Archive and dispose alternate between Python (read the staging, decide, encrypt) and waiting on a database
(register COPY and commit, the source's DELETE). With two cores, the database server can work on batch N
while Python prepares batch N+1. ``InOrder`` runs the waiting part in **one** background thread, one call at a
time and in the order submitted, so every guarantee that held when the calls ran inline still holds (each
call is its own transaction, as before); only when they run changes. After a failure nothing further runs,
and the failure is raised in the caller's thread at the next ``submit`` or at the end of the ``with`` block.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class InOrder:
    """``with InOrder() as work: work.submit(fn, *args, then=callback)``: ``fn`` runs in the background;
    ``then(result)`` runs in the caller's thread once ``fn`` is done. At most ``depth`` calls wait at a time (a
    bound on the batches held in memory)."""

    def __init__(self, depth: int = 1) -> None:
        self._depth = depth
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dcn-retention-io")
        self._pending: deque[tuple[Future, Callable[[Any], None] | None]] = deque()
        self._failed = threading.Event()

    def submit(
        self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None] | None = None, **kwargs: Any
    ) -> Future:
        """Queue ``fn(*args, **kwargs)``; its future (``result()`` waits for it and re-raises its failure)."""
        while len(self._pending) >= self._depth:
            self._collect()
        future = self._pool.submit(self._guarded, fn, *args, **kwargs)
        self._pending.append((future, then))
        return future

    def _guarded(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if self._failed.is_set():  # an earlier call failed: later ones must not run after it
            raise RuntimeError("not run: an earlier batch failed")
        try:
            return fn(*args, **kwargs)
        except BaseException:
            self._failed.set()
            raise

    def _collect(self) -> None:
        future, then = self._pending.popleft()
        result = future.result()  # re-raises the background failure here
        if then is not None:
            then(result)

    def drain(self) -> None:
        """Wait for every submitted call; raise the first failure."""
        while self._pending:
            self._collect()

    def __enter__(self) -> InOrder:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.drain()
            else:  # the caller failed: stop, but let a running call finish its transaction
                self._failed.set()
                for future, _ in self._pending:
                    future.cancel()
        finally:
            self._pool.shutdown(wait=True)
