"""InOrder: the background part of archive and dispose runs one call at a time, in the order submitted; a
failure is raised in the caller's thread and nothing submitted after it runs."""

import threading
import time

import pytest

from transforms.retention.overlap import InOrder


def test_calls_run_in_order_one_at_a_time_and_off_the_callers_thread():
    seen, running, overlap = [], [], []
    caller = threading.get_ident()

    def step(n):
        running.append(n)
        overlap.append(len(running) > 1)
        time.sleep(0.01 * (5 - n))  # later calls are quicker: order must not depend on speed
        seen.append((n, threading.get_ident() != caller))
        running.remove(n)
        return n * 10

    results = []
    with InOrder(depth=2) as work:
        for n in range(5):
            work.submit(step, n, then=results.append)
    assert [n for n, _ in seen] == [0, 1, 2, 3, 4]
    assert all(off for _, off in seen) and not any(overlap)
    assert results == [0, 10, 20, 30, 40]  # callbacks in order, in the caller's thread, all before the end


def test_a_failure_surfaces_and_stops_everything_after_it():
    ran = []

    def step(n):
        if n == 1:
            raise ValueError("batch 1 failed")
        ran.append(n)

    with pytest.raises(ValueError, match="batch 1 failed"):
        with InOrder(depth=1) as work:
            for n in range(5):
                work.submit(step, n)
    assert ran == [0]


def test_the_callers_failure_cancels_what_is_queued():
    ran = []
    gate = threading.Event()

    def step(n):
        gate.wait(1)
        ran.append(n)

    with pytest.raises(RuntimeError, match="caller"):
        with InOrder(depth=3) as work:
            for n in range(3):
                work.submit(step, n)
            raise RuntimeError("caller failed")
    gate.set()
    assert ran in ([], [0])  # at most the call already running finishes its transaction
