"""Progress of long work: one helper for every command and task, so it looks and behaves the same everywhere.

Where it goes depends on where the work runs:

- **on a terminal** (stderr is a TTY): a progress bar per step (tqdm), on stderr; log lines printed meanwhile
  go above the bar instead of through it;
- **in an Airflow task** (the task runner exports ``AIRFLOW_CTX_DAG_ID``): a log line every ``every`` chunks
  and one at the end, **counts only** (``extract oase.patient: 12,000 rows, 24 chunks``): the label is a step
  and a configured name, never a value the work reads;
- **anywhere else** (a pipe, a file, cron, the tests): nothing.

``DCN_PROGRESS=bar|log|off`` overrides the choice; ``DCN_PROGRESS_EVERY`` sets ``every`` (default 10).
Labels must not hold personal data: they are built from step names, source and entity names, dataset names.
"""

from __future__ import annotations

import logging
import os
import sys
from contextlib import ExitStack
from typing import IO, Any

log = logging.getLogger("transforms.progress")

MODES = ("bar", "log", "off")
DEFAULT_EVERY = 10


def mode(stream: IO[str] | None = None) -> str:
    """``bar``, ``log`` or ``off`` for work started now (see the module doc)."""
    chosen = os.environ.get("DCN_PROGRESS", "").strip().lower()
    if chosen in MODES:
        return chosen
    if os.environ.get("AIRFLOW_CTX_DAG_ID"):
        return "log"
    stream = stream if stream is not None else sys.stderr
    try:
        return "bar" if stream.isatty() else "off"
    except (AttributeError, ValueError):  # a replaced or closed stream: no terminal
        return "off"


class Progress:
    """One step's progress. ``advance(count)`` after each chunk; use as a context manager (or ``close()``).

    ``total`` (in ``unit``) when known gives the bar its end; ``every`` is how many chunks pass between log
    lines in ``log`` mode."""

    def __init__(
        self,
        label: str,
        *,
        total: int | None = None,
        unit: str = "rows",
        every: int | None = None,
        stream: IO[str] | None = None,
    ) -> None:
        self.label, self.total, self.unit = label, total, unit
        self.every = max(1, every or int(os.environ.get("DCN_PROGRESS_EVERY", DEFAULT_EVERY)))
        self.count = 0
        self.chunks = 0
        self.mode = mode(stream)
        self._bar: Any = None
        self._stack = ExitStack()
        if self.mode == "bar":
            from tqdm import tqdm
            from tqdm.contrib.logging import logging_redirect_tqdm

            self._stack.enter_context(logging_redirect_tqdm())
            self._bar = self._stack.enter_context(
                tqdm(
                    total=total,
                    desc=label,
                    unit=f" {unit}",
                    unit_scale=True,
                    file=stream if stream is not None else sys.stderr,
                    dynamic_ncols=True,
                    mininterval=0.2,
                )
            )

    def advance(self, count: int = 1) -> None:
        """One more chunk of ``count`` units done."""
        self.count += count
        self.chunks += 1
        if self._bar is not None:
            self._bar.update(count)
        elif self.mode == "log" and self.chunks % self.every == 0:
            self._log()

    def _log(self, done: str = "") -> None:
        of = f" of {self.total:,}" if self.total is not None else ""
        log.info("%s: %s %s%s, %s chunks%s", self.label, f"{self.count:,}", self.unit, of, f"{self.chunks:,}", done)

    def close(self) -> None:
        if self.mode == "log":
            self._log(" (done)")
        self._stack.close()
        self._bar = None
        self.mode = "closed"

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress(
    label: str, *, total: int | None = None, unit: str = "rows", every: int | None = None, stream: IO[str] | None = None
) -> Progress:
    """A :class:`Progress` for one step: ``with progress("extract oase.patient") as bar: ... bar.advance(n)``."""
    return Progress(label, total=total, unit=unit, every=every, stream=stream)
