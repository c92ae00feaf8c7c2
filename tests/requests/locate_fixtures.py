"""Both vendors' practice systems with the planted request cases (fixtures.practice.synthetic), extracted.

Imported by the locate and package tests (the package's conftest belongs to the intake tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from fixtures.practice.synthetic import planted_cases
from tests.keys import set_keys
from tests.practice import build_practice

AS_OF = dt.date(2026, 11, 1)
UPPER = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.timezone.utc)
SEED = 11
PATIENTS = 120


@pytest.fixture
def archive_keys(monkeypatch):
    """The retention and archive keys locate's archive test needs, for one test."""
    set_keys(monkeypatch)


@pytest.fixture(scope="session")
def systems(tmp_path_factory) -> dict:
    """SQLite systems of both vendors, extracted; read-only for tests (the lookup index is built on first use)."""
    root = tmp_path_factory.mktemp("requests")
    data = build_practice(root, seed=SEED, patients=PATIENTS, as_of=AS_OF, upper=UPPER)
    return {
        "root": root,
        "data_root": data,
        "urls": {s: f"sqlite:///{root / (s + '.db')}" for s in ("exquise", "oase")},
        "cases": planted_cases("exquise", SEED, PATIENTS, AS_OF),
    }


@pytest.fixture(scope="session")
def cases(systems) -> dict:
    return systems["cases"]


def first_row(url: str, sql: str) -> tuple:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        row = tuple(conn.execute(text(sql)).first())
    engine.dispose()
    return row
