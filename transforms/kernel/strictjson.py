"""JSON read strictly: an object that names a key twice is refused, not silently read as its last value (SQLite's
JSON functions keep the first, Python the last, so two readers of one document would disagree)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def refuse_duplicate_keys(error: Callable[[str], Exception], message: str) -> Callable[[list[tuple[str, Any]]], dict]:
    """An ``object_pairs_hook`` for ``json.loads`` that raises ``error(message)`` on an object naming a key twice
    (``message`` must not quote the document: it may hold personal data)."""

    def hook(pairs: list[tuple[str, Any]]) -> dict:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            raise error(message)
        return obj

    return hook
