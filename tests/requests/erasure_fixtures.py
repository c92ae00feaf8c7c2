"""Both vendors' practice systems with the planted people, extracted once per session and copied per test (an
erasure changes its copy); the keys every part of an erasure needs."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from fixtures.practice.synthetic import planted_cases
from tests.keys import REQUESTS_KEY, TEST_KEYS, environment, set_keys
from tests.practice import build_practice
from transforms import register
from transforms.requests.identity import PersonQuery

AS_OF = dt.date(2026, 11, 1)
UPPER = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.timezone.utc)
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)
SEED = 11
PATIENTS = 120
KEYS = {**TEST_KEYS, "DCN_REQUESTS_KEY": REQUESTS_KEY}


def keys_for(root: Path):
    """The keys and ``root``'s data root in the environment for a session- or module-scoped build (where
    monkeypatch cannot reach); the environment as it was afterwards."""
    return environment({**KEYS, "DCN_DATA_ROOT": str(root / "data")})


def extract_again(p: dict, upper: dt.datetime) -> None:
    """The next night's extraction of both practice systems into the practice's staging."""
    from transforms.sources.config import load_sources
    from transforms.sources.extract import extract_source

    sources = {s.name: s for s in load_sources()}
    for name, url in p["urls"].items():
        extract_source(sources[name], url, upper, data_root=p["data_root"], register_url=p["register_url"])


@pytest.fixture(scope="session")
def pristine_practice(tmp_path_factory) -> Path:
    """SQLite systems of both vendors with the planted people, extracted, and one retention night that moved the
    old dental files and fiscal years to the encrypted archive (so an erasure meets archived records too).
    Never changed: tests copy it."""
    from transforms.requests.locate import build_lookup_index
    from transforms.retention import approval, archive, dispose
    from transforms.retention.plan import make_plan

    root = tmp_path_factory.mktemp("erasure-pristine")
    with keys_for(root):
        build_practice(root, seed=SEED, patients=PATIENTS, as_of=AS_OF, upper=UPPER)
        (root / "backup").mkdir()  # the practices' backup from before anything was archived or erased
        for name in ("exquise", "oase"):
            shutil.copy(root / f"{name}.db", root / "backup" / f"{name}.db")
        register_url = f"sqlite:///{root / 'register.db'}"
        urls = {s: f"sqlite:///{root / (s + '.db')}" for s in ("exquise", "oase")}
        make_plan(AS_OF, register_url=register_url, data_root=root / "data", plan_id="night0", created_at=UPPER)
        engine = register.register_engine(register_url)
        approval.decide(engine, "night0", decided_by="fg", decided_at=UPPER, approve=["dental_file", "billing"])
        archive.archive_plan("night0", now=UPPER, register_url=register_url, data_root=root / "data")
        dispose.dispose_plan("night0", source_urls=urls, now=UPPER, register_url=register_url, data_root=root / "data")
        engine.dispose()
        build_lookup_index(root / "data")  # copied with the staging it was built from: built once, not per test
    return root


@pytest.fixture
def practice(pristine_practice, tmp_path, monkeypatch) -> dict:
    """A copy of the systems, the staging and a register of its own, with the keys set; returns the places and
    ``step``, the request steps' context on them at NOW."""
    from transforms.requests.context import StepContext

    root = tmp_path / "practice"
    shutil.copytree(pristine_practice, root)
    set_keys(monkeypatch, KEYS)
    monkeypatch.setenv("DCN_DATA_ROOT", str(root / "data"))
    url = f"sqlite:///{root / 'register.db'}"
    monkeypatch.setenv("DCN_CONTROL_DB_URL", url)
    (root / "media" / "exquise").mkdir(parents=True, exist_ok=True)
    (root / "media" / "oase").mkdir(parents=True, exist_ok=True)
    urls = {s: f"sqlite:///{root / (s + '.db')}" for s in ("exquise", "oase")}
    media = {s: root / "media" / s for s in ("exquise", "oase")}
    engine = register.register_engine(url)
    yield {
        "root": root,
        "data_root": root / "data",
        "register_url": url,
        "urls": urls,
        "media": media,
        "cases": planted_cases("exquise", SEED, PATIENTS, AS_OF),
        "step": StepContext(engine=engine, sources=urls, now=NOW, data_root=root / "data", media_roots=media),
    }
    engine.dispose()


@pytest.fixture
def tasks(practice, monkeypatch):
    """The DAG's task functions (``dcn_airflow.request_changes``) on the practice's copy: only the Connections
    lookup, which is Airflow's, is replaced; everything behind it is real."""
    from dcn_airflow import request_changes

    monkeypatch.setattr(request_changes, "source_connections", lambda: (practice["urls"], practice["media"]))
    return request_changes


def answer(option: str | None, by: str = "fg") -> dict | None:
    """The approval task's answer as Airflow stores it (None: nobody answered in time)."""
    return {"chosen_options": [option], "responded_by_user": {"id": "7", "name": by}} if option else None


def register_verified(engine, query: PersonQuery, types: list[str], **kw) -> str:
    """A request received a month before NOW, identity verified: ready to run."""
    from transforms.requests import store
    from transforms.requests.config import RequestsConfig

    record = store.register_request(
        engine,
        types=types,
        received=dt.date(2026, 10, 20),
        query=query,
        now=NOW,
        config=RequestsConfig(),
        identity_verified_on=dt.date(2026, 10, 21),
        **kw,
    )
    return record.request_id


def extract_again(p: dict, upper: dt.datetime) -> None:
    """The next night's extraction of every system of a practice copy (the ``practice`` fixture), up to ``upper``."""
    from transforms.sources.config import load_sources
    from transforms.sources.extract import extract_source

    sources = {s.name: s for s in load_sources()}
    for name, url in p["urls"].items():
        extract_source(sources[name], url, upper, data_root=p["data_root"], register_url=p["register_url"])
