"""The keys the retention, archive, audit-chain and subject-request tests run with (test values, never real ones),
and one way to set them: per test with ``monkeypatch``, or for a session fixture's build with ``environment``."""

from __future__ import annotations

import base64
import contextlib
import os
from collections.abc import Iterator

HASH_KEY = "test-retention-hash-key-0123456789abcdef"
MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # base64 of 32 test bytes
AUDIT_KEY = "test-audit-chain-key-0123456789abcdef"
REQUESTS_KEY = base64.b64encode(bytes(range(32))).decode()
TEST_KEYS = {"DCN_RETENTION_HASH_KEY": HASH_KEY, "DCN_ARCHIVE_MASTER_KEY": MASTER_KEY, "DCN_AUDIT_KEY": AUDIT_KEY}


def set_keys(monkeypatch, keys: dict[str, str] = TEST_KEYS) -> None:
    """Set ``keys`` (variable -> value) in the environment for one test."""
    for name, value in keys.items():
        monkeypatch.setenv(name, value)


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """``os.environ`` with ``values`` set inside the block and restored after it (where ``monkeypatch``, which
    lives for one test, cannot reach: session and module fixtures)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
