"""Issue 12, kind 8: old copies outlive the person. Research releases kept as history and quarantine partitions
have a retention rule of their own (``copies`` in the policy), are planned and approved as classes, removed by
the nightly dispose step (crash-safe), checked by verify and the retention gate, and certified; over several
nights, with holds, on a SQLite and a PostgreSQL register."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from tests.databases import register_database
from tests.retention.conftest import claim_hold
from transforms import overview, register
from transforms.audit import chain
from transforms.register.schema import DISPOSE_JOURNAL
from transforms.retention import approval, certificates, copies, dispose, gate, holds, purge, verify
from transforms.retention.gate import GateNotPassed
from transforms.retention.plan import load_plan, make_plan
from transforms.retention.policy import load_policy

NIGHT_1 = dt.date(2026, 11, 1)
NIGHT_2 = dt.date(2026, 12, 1)
COPY_CLASSES = ["quarantine", "research_releases"]


def moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.timezone.utc)


def release(root: Path, dataset: str, version: str, *, current: bool = False, rows: int = 4) -> Path:
    folder = root / "research" / dataset / "releases" / version
    folder.mkdir(parents=True)
    pq.write_table(
        pa.table({"pnum": [f"p{i}" for i in range(rows)], "age_band": ["40-49"] * rows}), folder / "t.parquet"
    )
    (folder / "risk_report.json").write_text("{}")
    if current:
        link = root / "research" / dataset / "current"
        if link.is_symlink():
            link.unlink()
        link.symlink_to(Path("releases") / version)
    return folder


def quarantined(root: Path, source: str, entity: str, run_key: str, table: pa.Table) -> Path:
    folder = root / "quarantine" / source / entity / f"run={run_key}"
    folder.mkdir(parents=True)
    pq.write_table(table, folder / "part-00000.parquet")
    (folder / "_manifest.json").write_text(json.dumps({"rows": table.num_rows, "file": "part-00000.parquet"}))
    return folder


def clips(*keys: str) -> pa.Table:
    return pa.table(
        {"source_system": ["exquise"] * len(keys), "recording_id": list(keys), "_reason": ["bad date"] * len(keys)}
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def register_url(request, tmp_path):
    with register_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def copies_world(tmp_path, register_url):
    data = tmp_path / "data"
    r = {
        # treatments: five releases, the newest current; older than the newest 3 or than 12 months go
        "t_2501": release(data, "treatments", "20250101T020000Z"),
        "t_2510": release(data, "treatments", "20251001T020000Z"),
        "t_2603": release(data, "treatments", "20260301T020000Z"),
        "t_2606": release(data, "treatments", "20260601T020000Z"),
        "t_2609": release(data, "treatments", "20260901T020000Z", current=True),
        # complaints: the current release is older than the term and stays; an older one goes
        "c_2406": release(data, "complaints", "20240601T020000Z"),
        "c_2501": release(data, "complaints", "20250101T020000Z", current=True),
        # camera rows: 4 weeks from the quarantine date; patient rows: 7 years (registration data, fiscal)
        "q_cam_old": quarantined(data, "exquise", "camera_recording", "20260901T020000Z", clips("11", "12")),
        "q_cam_new": quarantined(data, "exquise", "camera_recording", "20261020T020000Z", clips("13")),
        "q_cam_held": quarantined(data, "exquise", "camera_recording", "20260902T020000Z", clips("14", "15")),
        "q_patient": quarantined(
            data,
            "exquise",
            "patient",
            "20260901T020000Z",
            pa.table({"source_system": ["exquise"], "patient_id": ["9"]}),
        ),
    }
    engine = register.register_engine(register_url)
    yield {"data": data, "url": register_url, "engine": engine, "paths": r}
    engine.dispose()


def night(w, day: dt.date, plan_id: str, *, crash=None) -> dict:
    """One night of the copy classes: plan, approve (routine: policy), dispose, verify, gate, purge, certify."""
    summary = make_plan(day, register_url=w["url"], data_root=w["data"], sources=[], plan_id=plan_id)
    approval.decide(w["engine"], plan_id, decided_by=approval.AUTO, decided_at=moment(day), approve=COPY_CLASSES)
    if crash is not None:
        with pytest.raises(RuntimeError, match="crash"):
            crash(
                lambda: dispose.dispose_plan(
                    plan_id, source_urls={}, now=moment(day), register_url=w["url"], data_root=w["data"]
                )
            )
    disposed = dispose.dispose_plan(
        plan_id, source_urls={}, now=moment(day), register_url=w["url"], data_root=w["data"]
    )
    checked = verify.verify_disposed(w["engine"], source_urls={}, data_root=w["data"])
    assert checked["ok"], checked["problems"]
    gate.validate_plan(w["engine"], plan_id, source_urls={}, data_root=w["data"])
    purge.purge_plan(w["engine"], plan_id, data_root=w["data"], source_urls={}, now=moment(day))
    issued = certificates.certify_plan(w["engine"], plan_id, now=moment(day), data_root=w["data"])
    return {"summary": summary, "disposed": disposed, "certificates": issued}


def certificate(w, plan_id: str, class_id: str) -> str:
    return (certificates.certificate_folder(plan_id, w["data"]) / f"{class_id}.txt").read_text()


def test_policy_states_the_copy_rules_with_their_basis():
    policy = load_policy()
    releases, quarantine = policy.copies["research_releases"], policy.copies["quarantine"]
    assert releases.keep_newest == 3 and releases.term is not None and releases.basis
    assert quarantine.follows == "shortest_class" and quarantine.basis
    # the shortest class of the entity, counted with its anchor from the quarantine date
    assert copies.quarantine_ends(policy, "camera_recording", dt.date(2026, 9, 1)) == dt.date(2026, 9, 29)
    assert copies.quarantine_ends(policy, "patient", dt.date(2026, 9, 1)) == dt.date(2033, 12, 31)


def test_copies_over_several_nights_with_a_hold_and_a_crash(copies_world, monkeypatch):
    w = copies_world
    p = w["paths"]
    hold = claim_hold(
        w["engine"],
        "record",
        reason="incident",
        placed_by="fg",
        placed_at=moment(NIGHT_1),
        source_system="exquise",
        entity="camera_recording",
        record_key="15",
    )

    # night 1: a crash after a copy was renamed aside, before its removal committed
    real_replace = os.replace
    calls = {"n": 0}

    def crash_once(run):
        def replace(a, b):
            real_replace(a, b)
            calls["n"] += 1
            if calls["n"] == 1:
                raise RuntimeError("crash")

        monkeypatch.setattr(copies.os, "replace", replace)
        try:
            run()
        finally:
            monkeypatch.setattr(copies.os, "replace", real_replace)

    one = night(w, NIGHT_1, "n1", crash=crash_once)
    plan = load_plan(w["engine"], "n1")
    assert plan.classes["research_releases"].dispose == 3  # t_2501, t_2510, c_2406
    assert plan.classes["quarantine"].dispose == 1 and plan.classes["quarantine"].held == 1
    for gone in ("t_2501", "t_2510", "c_2406", "q_cam_old"):
        assert not p[gone].exists(), gone
    for kept in ("t_2603", "t_2606", "t_2609", "c_2501", "q_cam_new", "q_cam_held", "q_patient"):
        assert p[kept].exists(), kept
    assert not list(w["data"].rglob(".removing-*"))  # the crash's leftover was put back, then removed properly
    text = certificate(w, "n1", "research_releases")
    assert "Copies removed  : 3 folder(s) holding 12 row(s)" in text
    assert "research_release.treatments" in text and "destroy:done 2" in text
    assert "Copies removed  : 1 folder(s) holding 2 row(s); 1 kept by a hold" in certificate(w, "n1", "quarantine")
    assert set(one["certificates"]["certificates"]) == set(COPY_CLASSES)
    with w["engine"].connect() as conn:
        statuses = {r.status for r in conn.execute(select(DISPOSE_JOURNAL.c.status))}
    assert statuses == {"done"}

    # the overview counts them
    view = overview.retention(w["url"])
    assert view["classes"]["research_releases"]["destroy"] == 3
    assert view["copies_removed"]["research_releases"] == {"folders": 3, "rows": 12}

    # night 2: a new release pushes 20260301 out of the newest three; the hold is lifted; clip 13 is due
    release(w["data"], "treatments", "20261115T020000Z", current=True)
    holds.lift_hold(w["engine"], hold, lifted_by="fg", lifted_at=moment(NIGHT_2))
    night(w, NIGHT_2, "n2")
    for gone in ("t_2603", "q_cam_new", "q_cam_held"):
        assert not p[gone].exists(), gone
    for kept in ("t_2606", "t_2609", "c_2501", "q_patient"):
        assert p[kept].exists(), kept
    assert (w["data"] / "research" / "treatments" / "current").resolve().name == "20261115T020000Z"
    assert "Copies removed  : 2 folder(s)" in certificate(w, "n2", "quarantine")
    assert chain.verify(w["engine"]).ok


def test_the_gate_fails_while_a_due_copy_remains(copies_world):
    w = copies_world
    make_plan(NIGHT_1, register_url=w["url"], data_root=w["data"], sources=[], plan_id="g1")
    approval.decide(w["engine"], "g1", decided_by=approval.AUTO, decided_at=moment(NIGHT_1), approve=COPY_CLASSES)
    outcome = gate.validate_plan(w["engine"], "g1", source_urls={}, data_root=w["data"], raise_on_failure=False)
    assert not outcome["success"]
    with pytest.raises(GateNotPassed):
        certificates.certify_plan(w["engine"], "g1", now=moment(NIGHT_1), data_root=w["data"])


def test_a_category_hold_keeps_every_copy_of_its_class(copies_world):
    w = copies_world
    claim_hold(
        w["engine"],
        "category",
        placed_by="fg",
        placed_at=moment(NIGHT_1),
        class_id="research_releases",
        policy=load_policy(),
    )
    night(w, NIGHT_1, "h1")
    assert all(w["paths"][k].exists() for k in ("t_2501", "t_2510", "c_2406"))
    assert load_plan(w["engine"], "h1").classes["research_releases"].held == 7
    assert not w["paths"]["q_cam_old"].exists()  # the hold is on the releases only


def test_copy_rules_are_validated():
    from transforms.retention.policy import CopyRule, RetentionPolicy, check_against_model

    basis = [{"ref": "GDPR art. 5(1)(e)", "note": "n", "sources": ["S30"]}]
    with pytest.raises(ValueError, match="keep_newest"):
        CopyRule.model_validate({"category": "c", "basis": basis, "copy_of": "research_releases", "approval": "auto"})
    with pytest.raises(ValueError, match="shortest_class"):
        CopyRule.model_validate({"category": "c", "basis": basis, "copy_of": "quarantine", "approval": "auto"})
    policy = load_policy()
    clash = RetentionPolicy.model_validate(
        policy.model_dump(by_alias=True) | {"copies": {"camera_footage": policy.copies["quarantine"].model_dump()}}
    )
    from transforms.kernel.canonical import load_model

    assert any("copies.camera_footage" in p for p in check_against_model(clash, load_model()))
