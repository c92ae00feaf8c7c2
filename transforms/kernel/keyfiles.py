"""Where a secret comes from when no secrets backend injects it: one rule for every key the pipeline holds.

An environment variable wins (production: the secrets backend sets it); else a file, named by a second
environment variable or kept beside the data root (``<data root>/../secrets/<name>``). A missing file can be
made on first use, 0600, written once: two processes racing to make it both end up reading the same key.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from transforms import settings


def key_file(file_variable: str, default_name: str) -> Path:
    """The key file: the path in env ``file_variable``, else ``<data root>/../secrets/<default_name>``."""
    named = os.environ.get(file_variable)
    return Path(named) if named else settings.data_root().parent / "secrets" / default_name


def read_secret(variable: str, path: Path, *, make: Callable[[], str] | None = None) -> tuple[str, str] | None:
    """``(value, where it came from)``: env ``variable``, else the file at ``path`` (made 0600 with ``make()``'s
    text when it is missing and ``make`` is given). None when there is neither. The value is never logged;
    ``where`` names the variable or the file, for error messages."""
    value = os.environ.get(variable)
    if value:
        return value, variable
    if not path.exists() and make is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: use theirs
        else:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(make() + "\n")
                handle.flush()
                os.fsync(handle.fileno())
    if not path.exists():
        return None
    return path.read_text(encoding="utf-8").strip(), str(path)
