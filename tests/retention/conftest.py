"""Shared fixtures: two generated practice systems (SQLite), extracted into a temporary staging; and the steps of a
night that many tests take the same way (a hold placed, the plan archived and disposed of, a killed process)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.keys import HASH_KEY, MASTER_KEY, TEST_KEYS, environment, set_keys
from tests.practice import build_practice

AS_OF = dt.date(2026, 11, 1)
NOW = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.timezone.utc)  # the night of plan "d1"


@pytest.fixture(autouse=True)
def _keys(monkeypatch):
    set_keys(monkeypatch)


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
    with environment(TEST_KEYS):
        yield


def claim_hold(engine, scope: str, *, reason: str = "claim", placed_by: str = "legal", placed_at=NOW, **where) -> str:
    """Place a hold of ``scope`` (a claim by legal, at NOW, unless said otherwise) on what ``where`` names."""
    from transforms.retention import holds

    return holds.place_hold(engine, scope=scope, reason=reason, placed_by=placed_by, placed_at=placed_at, **where)


def archive_night(w, plan_id: str = "d1", **overrides):
    """``archive.archive_plan`` of a world (see ``tests.retention.test_dispose.world``) into ``root/arch``, at NOW."""
    from transforms.retention import archive

    where = dict(now=NOW, register_url=w["register_url"], data_root=w["data"], root=w["root"] / "arch")
    return archive.archive_plan(plan_id, **{**where, "media_roots": w["media"], **overrides})


def dispose_night(w, plan_id: str = "d1", **overrides):
    """``dispose.dispose_plan`` of a world in its live systems, media and ``root/arch``, at NOW."""
    from transforms.retention import dispose

    where = dict(source_urls=w["urls"], now=NOW, register_url=w["register_url"], data_root=w["data"])
    return dispose.dispose_plan(
        plan_id, **{**where, "media_roots": w["media"], "archive_root": w["root"] / "arch", **overrides}
    )


@contextlib.contextmanager
def world_on(kind: str, world) -> Iterator[dict]:
    """The world as it is ("sqlite"), or with its privacy register on a fresh PostgreSQL database ("postgresql",
    production), planned again as plan "d1"."""
    if kind == "sqlite":
        yield world
        return
    from tests.databases import POSTGRES, fresh_database
    from transforms import register
    from transforms.retention.plan import make_plan

    with fresh_database(POSTGRES, "PostgreSQL") as url:
        summary = make_plan(AS_OF, register_url=url, data_root=world["data"], plan_id="d1", created_at=NOW)
        engine = register.register_engine(url)
        yield {**world, "register_url": url, "engine": engine, "summary": summary}
        engine.dispose()


def run_killed(script: str) -> subprocess.CompletedProcess:
    """Run ``script`` in a fresh Python process with the test keys (it is expected to kill itself)."""
    from transforms import settings

    env = {
        **os.environ,
        "DCN_RETENTION_HASH_KEY": HASH_KEY,
        "DCN_ARCHIVE_MASTER_KEY": MASTER_KEY,
        "PYTHONPATH": str(settings.REPO_ROOT),
    }
    return subprocess.run([sys.executable, "-c", script], env=env, cwd=settings.REPO_ROOT, capture_output=True)
