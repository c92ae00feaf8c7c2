"""Fault injection for crash tests: one way to make a step fail part-way through."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


SOURCE_POINTS = ("before_source", "inside_source", "after_source_commit")


def crash_at_the_source(m, point: str, error: BaseException) -> None:
    """Make the first live-system batch of a disposal or an erasure raise ``error`` at ``point`` (one of
    ``SOURCE_POINTS``), patching through ``m`` (a ``monkeypatch`` or its ``context()``):

    - ``before_source``: the batch's intents are journalled, its source is not touched yet;
    - ``inside_source``: its rows are deleted in the source transaction, which is not committed;
    - ``after_source_commit``: the source committed, the register does not say done yet."""
    from transforms.retention import holds, live

    if point == "before_source":
        m.setattr(holds, "hold_guard", lambda engine: (_ for _ in ()).throw(error))
    elif point == "inside_source":
        original = live.apply_action

        def apply_then_crash(*a: Any, **k: Any) -> None:
            original(*a, **k)
            raise error

        m.setattr(live, "apply_action", apply_then_crash)
    elif point == "after_source_commit":
        original_guard = holds.hold_guard

        @contextmanager
        def guard_then_crash(engine: Any) -> Iterator[Any]:
            with original_guard(engine) as conn:
                yield conn
                raise error

        m.setattr(holds, "hold_guard", guard_then_crash)
    else:
        raise ValueError(f"not a point at the source: {point}")
