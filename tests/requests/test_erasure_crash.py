"""Crash safety of an erasure: killed at every step and re-run, nothing is erased twice, nothing that had to be kept
is lost, and the evidence counts right (as tests/retention/test_dispose.py does for disposal)."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import MetaData, Table, create_engine, func, select

from tests.faults import SOURCE_POINTS, crash_at_the_source, fail_on_call
from tests.keys import set_keys
from tests.requests.erasure_fixtures import KEYS, NOW, register_verified
from transforms import register
from transforms.audit import chain
from transforms.kernel.canonical import load_model
from transforms.register.schema import ARCHIVE_DATA_KEYS, DISPOSE_JOURNAL
from transforms.requests import erasure
from transforms.requests.context import StepContext
from transforms.requests.identity import PersonQuery
from transforms.retention import archive, executor, hashing, live, purge
from transforms.retention.disposal_map import resolve_target
from transforms.sources.config import load_sources


class Crash(Exception):
    pass


@pytest.fixture(scope="module")
def approved(pristine_practice, tmp_path_factory):
    """A copy of the systems with an approved erasure + 7:455 plan of the person at both vendors."""
    from fixtures.practice.synthetic import planted_cases
    from tests.requests.erasure_fixtures import AS_OF, PATIENTS, SEED, keys_for

    root = tmp_path_factory.mktemp("erasure-approved") / "practice"
    shutil.copytree(pristine_practice, root)
    with keys_for(root):
        engine = register.register_engine(f"sqlite:///{root / 'register.db'}")
        zoe = planted_cases("exquise", SEED, PATIENTS, AS_OF)["both_vendors"]
        request_id = register_verified(engine, PersonQuery(bsn=zoe.bsn), ["erasure", "wgbo_destruction"])
        urls = {s: f"sqlite:///{root / (s + '.db')}" for s in ("exquise", "oase")}
        erasure.plan_erasure(StepContext(engine=engine, sources=urls, now=NOW, data_root=root / "data"), request_id)
        erasure.decide(engine, request_id, approve=True, decided_by="fg", now=NOW)
        engine.dispose()
    return root, request_id


@pytest.fixture
def world(approved, tmp_path, monkeypatch):
    source, request_id = approved
    root = tmp_path / "practice"
    shutil.copytree(source, root)
    set_keys(monkeypatch, KEYS)
    monkeypatch.setenv("DCN_DATA_ROOT", str(root / "data"))
    (root / "media" / "exquise").mkdir(parents=True, exist_ok=True)
    (root / "media" / "oase").mkdir(parents=True, exist_ok=True)
    engine = register.register_engine(f"sqlite:///{root / 'register.db'}")
    urls = {s: f"sqlite:///{root / (s + '.db')}" for s in ("exquise", "oase")}
    media = {s: root / "media" / s for s in ("exquise", "oase")}
    return {
        "engine": engine,
        "request_id": request_id,
        "data_root": root / "data",
        "urls": urls,
        "media": media,
        "step": StepContext(engine=engine, sources=urls, now=NOW, data_root=root / "data", media_roots=media),
    }


def _execute(w):
    return erasure.execute_erasure(w["step"], w["request_id"])


def _kept_live_present(w, plan) -> bool:
    """Every record the plan keeps in a live system is still there."""
    model, sources = load_model(), {s.name: s for s in load_sources()}
    for item in plan.items:
        if item.action != "keep" or item.origin != "live":
            continue
        target, _ = resolve_target(sources[item.source_system], item.entity, model.entity(item.entity).key)
        engine = create_engine(w["urls"][item.source_system])
        with engine.connect() as conn:
            table = Table(target.table, MetaData(), autoload_with=conn)
            present = live.existing_keys(conn, table, target.key_column, [item.key])
        engine.dispose()
        if not present:
            return False
    return True


def _kept_archive_keys(w, plan) -> int:
    key = hashing.hash_key()
    wanted = {
        (hashing.hash_id(key, i.source_system, "patient", i.subject_key), i.class_id)
        for i in plan.items
        if i.action == "keep" and i.origin in ("archive", "staging") and i.subject_key
    }
    with w["engine"].connect() as conn:
        rows = conn.execute(
            select(ARCHIVE_DATA_KEYS.c.subject_hash, ARCHIVE_DATA_KEYS.c.class_id).where(
                ARCHIVE_DATA_KEYS.c.wrapped_key.is_not(None)
            )
        ).all()
    return sum(1 for r in rows if (r.subject_hash, r.class_id) in wanted)


@pytest.mark.parametrize(
    "point", ["intents_only", "inside_source", "after_source_commit", "third_group", "archive", "staging", "evidence"]
)
def test_crash_at_every_step_then_rerun(world, monkeypatch, point):
    w = world
    plan = erasure.load_plan(w["engine"], w["request_id"], unseal=True)
    archive_keys_before = _kept_archive_keys(w, plan)
    assert archive_keys_before > 0  # fiscal years in the archive, which must survive the crash and the re-run
    with monkeypatch.context() as m:
        at_source = "before_source" if point == "intents_only" else point  # the first group's intents journalled
        if at_source in SOURCE_POINTS:  # crash before its source is touched, inside its transaction, after its commit
            crash_at_the_source(m, at_source, Crash())
        elif point == "third_group":
            m.setattr(executor, "run_batch", fail_on_call(executor.run_batch, 3, Crash()))
        elif point == "archive":  # one subject's keys destroyed, crash before the other's
            m.setattr(archive, "erase_subject", fail_on_call(archive.erase_subject, 2, Crash()))
        elif point == "staging":  # some partitions purged, crash in the middle of the others
            m.setattr(purge, "purge_partition", fail_on_call(purge.purge_partition, 3, Crash()))
        else:  # everything done, crash before the evidence is written
            m.setattr(erasure, "journal_counts", fail_on_call(erasure.journal_counts, 1, Crash()))
        with pytest.raises(Crash):
            _execute(w)
    report = _execute(w)
    engine = w["engine"]
    j = DISPOSE_JOURNAL.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(j.hashed_id, j.status).where(j.plan_id == erasure.plan_id_for(w["request_id"]))
        ).all()
    # nothing pending, every erased live record done exactly once, nothing erased that was not planned
    assert not [r for r in rows if r.status == "pending"]
    erased_live = {i.hashed_id for i in plan.items if i.erased and i.origin == "live"}
    assert sorted(r.hashed_id for r in rows if r.status == "done") == sorted(
        i.hashed_id for i in plan.items if i.erased and i.origin == "live"
    )
    assert {r.hashed_id for r in rows} <= erased_live | {i.hashed_id for i in plan.items if i.origin == "staging"}
    assert sum(n for k, n in report["live"].items() if k.endswith(":done")) == len(erased_live)
    # nothing lost that had to be kept: kept live records and kept archive keys are all still there
    assert _kept_live_present(w, plan)
    assert _kept_archive_keys(w, plan) == archive_keys_before
    # the evidence: one execution entry with the right counts, and the re-query finds nothing left
    executed = [e for e in chain.entries(engine, kind="request.erasure_executed")]
    assert len(executed) == 1 and sum(v for k, v in executed[0].payload["journal"].items() if k.endswith(":done")) == (
        len(erased_live)
    )
    check = erasure.verify_erasure(w["step"], w["request_id"])
    assert check["ok"], check["problems"]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(DISPOSE_JOURNAL)).scalar_one() > 0
