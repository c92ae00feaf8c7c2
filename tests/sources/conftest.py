from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fixtures.practice.vendors import write_system

AS_OF = dt.date(2026, 11, 1)
SEED = 11
PATIENTS = 300


@pytest.fixture(scope="session")
def sqlite_systems(tmp_path_factory) -> dict[str, str]:
    """Both vendors' practice systems as SQLite files, generated once per session (read-only for tests)."""
    folder = tmp_path_factory.mktemp("systems")
    urls = {}
    for system in ("exquise", "oase"):
        urls[system] = f"sqlite:///{folder / f'{system}.db'}"
        write_system(urls[system], system, seed=SEED, patients=PATIENTS, as_of=AS_OF)
    return urls


@pytest.fixture
def workspace(tmp_path: Path) -> dict:
    """A data root and a privacy register of its own for one test."""
    return {"data_root": tmp_path / "data", "register_url": f"sqlite:///{tmp_path / 'register.db'}"}


@pytest.fixture
def copy_of(tmp_path: Path, sqlite_systems):
    """A private copy of a generated SQLite system that a test may change."""

    def make(system: str) -> str:
        source = Path(sqlite_systems[system].removeprefix("sqlite:///"))
        target = tmp_path / f"{system}-copy.db"
        target.write_bytes(source.read_bytes())
        return f"sqlite:///{target}"

    return make
