"""Shared fixtures: two generated practice systems (SQLite), extracted into a temporary staging."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from tests.practice import build_practice

AS_OF = dt.date(2026, 11, 1)
HASH_KEY = "test-retention-hash-key-0123456789abcdef"
MASTER_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # base64 of 32 test bytes
AUDIT_KEY = "test-audit-chain-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def _keys(monkeypatch):
    monkeypatch.setenv("DCN_RETENTION_HASH_KEY", HASH_KEY)
    monkeypatch.setenv("DCN_ARCHIVE_MASTER_KEY", MASTER_KEY)
    monkeypatch.setenv("DCN_AUDIT_KEY", AUDIT_KEY)


@pytest.fixture(scope="session")
def practice(tmp_path_factory) -> Path:
    """Data root with both vendors' systems extracted as of 1 November 2026 (read-only for tests)."""
    return build_practice(
        tmp_path_factory.mktemp("practice"),
        seed=7,
        patients=300,
        as_of=AS_OF,
        upper=dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.timezone.utc),
    )


@pytest.fixture
def register_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'register.db'}"


@pytest.fixture(scope="session")
def pristine(tmp_path_factory, _session_keys) -> Path:
    """Both vendors on SQLite with camera clip files, extracted and planned (plan "d1" as of 1 Nov 2026);
    copied afresh for every test, which then changes its copy."""
    from transforms import register
    from transforms.retention.plan import make_plan

    root = tmp_path_factory.mktemp("pristine")
    build_practice(
        root,
        seed=11,
        patients=150,
        as_of=AS_OF,
        media=True,
        upper=dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.timezone.utc),
    )
    summary = make_plan(
        AS_OF,
        register_url=f"sqlite:///{root / 'register.db'}",
        data_root=root / "data",
        plan_id="d1",
        created_at=dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.timezone.utc),
    )
    register.register_engine(f"sqlite:///{root / 'register.db'}").dispose()
    (root / "summary.json").write_text(json.dumps(summary))
    return root


@pytest.fixture(scope="session")
def _session_keys():
    # the same keys as the per-test fixture: entries written while building the pristine copy must verify later
    saved = {k: os.environ.get(k) for k in ("DCN_RETENTION_HASH_KEY", "DCN_ARCHIVE_MASTER_KEY", "DCN_AUDIT_KEY")}
    os.environ["DCN_RETENTION_HASH_KEY"], os.environ["DCN_ARCHIVE_MASTER_KEY"] = HASH_KEY, MASTER_KEY
    os.environ["DCN_AUDIT_KEY"] = AUDIT_KEY
    yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
