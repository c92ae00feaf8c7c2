"""The requests that change data, as one sequence of steps: **plan -> decide -> execute -> verify -> answer**.

An erasure or WGBO destruction runs the steps of ``transforms.requests.erasure``; a restriction, objection,
consent withdrawal or rectification those of ``transforms.requests.changes``. :func:`flow_of` picks them from
the request's types, so the DAG glue and the demo carry out either kind through the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transforms.requests import changes, erasure
from transforms.requests.context import StepContext


@dataclass(frozen=True)
class Flow:
    """One kind of request's steps. ``plan``, ``execute``, ``verify`` and ``answer`` take the step context and
    the request id; ``decide`` the register engine, the request id, ``approve``, ``decided_by`` and ``now``."""

    kind: str
    plan: Callable[[StepContext, str], object]
    decide: Callable[..., str]
    execute: Callable[[StepContext, str], dict]
    verify: Callable[[StepContext, str], dict]
    answer: Callable[[StepContext, str], Path]


ERASURE = Flow(
    "erasure", erasure.plan_erasure, erasure.decide, erasure.execute_erasure, erasure.verify_erasure, erasure.answer
)
CHANGE = Flow(
    "change", changes.plan_change, changes.decide, changes.execute_change, changes.verify_change, changes.answer
)


def flow_of(types: tuple[str, ...] | list[str]) -> Flow:
    """The flow of a request with these types (``changes.kind_of``: a request that changes nothing is refused)."""
    return ERASURE if changes.kind_of(types) == "erasure" else CHANGE
