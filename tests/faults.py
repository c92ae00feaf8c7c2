"""Fault injection for crash tests: one way to make a step fail part-way through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def fail_on_call(function: Callable[..., Any], n: int, error: BaseException) -> Callable[..., Any]:
    """``function``, except that its ``n``-th call raises ``error`` instead (earlier calls run normally)."""
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n:
            raise error
        return function(*args, **kwargs)

    return wrapper
