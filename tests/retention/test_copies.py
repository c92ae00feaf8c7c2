"""Issue 12, kind 8: old copies outlive the person. Research releases kept as history and quarantine partitions
have a retention rule of their own (``copies`` in the policy), are planned and approved as classes, removed by
the nightly dispose step (crash-safe), checked by verify and the retention gate, and certified; over several
nights, with holds, on a SQLite and a PostgreSQL register."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
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


def recording_ids(folder: Path) -> list[str]:
    return sorted(pq.read_table(folder / "part-00000.parquet").column("recording_id").to_pylist())


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


def clip_hold(engine, recording_id: str) -> str:
    """The incident hold the privacy officer places on one quarantined clip of exquise on night 1."""
    return claim_hold(
        engine,
        "record",
        reason="incident",
        placed_by="fg",
        placed_at=moment(NIGHT_1),
        source_system="exquise",
        entity="camera_recording",
        record_key=recording_id,
    )


def plan_and_approve(w, day: dt.date, plan_id: str) -> dict:
    """Plan the copy classes as of ``day`` and approve them (routine: policy); the plan's summary."""
    summary = make_plan(day, register_url=w["url"], data_root=w["data"], sources=[], plan_id=plan_id)
    approval.decide(w["engine"], plan_id, decided_by=approval.AUTO, decided_at=moment(day), approve=COPY_CLASSES)
    return summary


def night(w, day: dt.date, plan_id: str, *, crash=None) -> dict:
    """One night of the copy classes: plan, approve (routine: policy), dispose, verify, gate, purge, certify."""
    summary = plan_and_approve(w, day, plan_id)
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
    hold = clip_hold(w["engine"], "15")

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
    # q_cam_held is due too: the hold covers one of its rows, so it is trimmed to that row, not kept whole
    assert plan.classes["quarantine"].dispose == 2 and plan.classes["quarantine"].held == 0
    for gone in ("t_2501", "t_2510", "c_2406", "q_cam_old"):
        assert not p[gone].exists(), gone
    for kept in ("t_2603", "t_2606", "t_2609", "c_2501", "q_cam_new", "q_cam_held", "q_patient"):
        assert p[kept].exists(), kept
    assert recording_ids(p["q_cam_held"]) == ["15"]
    # the crash's leftover was put back, then removed properly
    assert not list(w["data"].rglob(".removing-*")) and not list(w["data"].rglob(".trimming-*"))
    text = certificate(w, "n1", "research_releases")
    assert "Copies removed  : 3 folder(s) holding 12 row(s)" in text
    assert "research_release.treatments" in text and "destroy:done 2" in text
    assert "Copies trimmed" not in text
    text = certificate(w, "n1", "quarantine")
    assert "Copies removed  : 1 folder(s) holding 2 row(s); 0 kept by a hold" in text
    assert "Copies trimmed  : 1 partition(s), 1 row(s) removed, 1 row(s) kept by a hold" in text
    assert "destroy:done 1, trim:done 1" in text
    assert set(one["certificates"]["certificates"]) == set(COPY_CLASSES)
    with w["engine"].connect() as conn:
        statuses = {r.status for r in conn.execute(select(DISPOSE_JOURNAL.c.status))}
    assert statuses == {"done"}

    # the overview counts them (a trimmed partition's removed rows among the rows)
    view = overview.retention(w["url"])
    assert view["classes"]["research_releases"]["destroy"] == 3
    assert view["copies_removed"]["research_releases"] == {"folders": 3, "rows": 12, "trimmed": 0}
    assert view["copies_removed"]["quarantine"] == {"folders": 1, "rows": 3, "trimmed": 1}

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
    plan_and_approve(w, NIGHT_1, "g1")
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


# --- a hold on some rows of a due quarantine partition: the partition is trimmed to them --------------------------

TRIM_RUN = "20260903T020000Z"  # camera rows: due from 2026-10-02


@pytest.fixture
def trim_world(tmp_path, register_url):
    """One due quarantine partition of three clips (manifest as ``PartitionWriter`` writes it) and a record
    hold on the middle one."""
    data = tmp_path / "data"
    folder = quarantined(data, "exquise", "camera_recording", TRIM_RUN, clips("21", "22", "23"))
    manifest = json.loads((folder / "_manifest.json").read_text())
    manifest["sha256"] = hashlib.sha256((folder / "part-00000.parquet").read_bytes()).hexdigest()
    (folder / "_manifest.json").write_text(json.dumps(manifest))
    engine = register.register_engine(register_url)
    hold = clip_hold(engine, "22")
    yield {"data": data, "url": register_url, "engine": engine, "folder": folder, "hold": hold}
    engine.dispose()


def journal_entry(w):
    with w["engine"].connect() as conn:
        [row] = conn.execute(select(DISPOSE_JOURNAL).where(DISPOSE_JOURNAL.c.class_id == "quarantine")).all()
    return row


def every_row_on_disk(w) -> set[str]:
    """Every clip id in any folder of the partition (itself, or what a crash left beside it)."""
    return {
        str(k)
        for path in (w["data"] / "quarantine").rglob("*.parquet")
        for k in pq.read_table(path).column("recording_id").to_pylist()
    }


@contextlib.contextmanager
def crash_at(monkeypatch, point: str):
    """Kill a trim at ``point``: ``aside`` (the partition renamed aside, the trimmed one not yet in place),
    ``in_place`` (the trimmed one in place, the journal not yet committed), ``committed`` (committed, the
    set-aside partition not yet deleted)."""
    real_replace, real_rmtree = os.replace, shutil.rmtree
    calls = {"n": 0}

    def replace(a, b):
        real_replace(a, b)
        calls["n"] += 1
        if calls["n"] == {"aside": 1, "in_place": 2}.get(point):
            raise RuntimeError("crash")

    def rmtree(path, *args, **kwargs):
        if point == "committed" and Path(path).name.startswith(copies.REMOVING):
            raise RuntimeError("crash")
        real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(copies.os, "replace", replace)
    monkeypatch.setattr(copies.shutil, "rmtree", rmtree)
    try:
        yield
    finally:
        monkeypatch.setattr(copies.os, "replace", real_replace)
        monkeypatch.setattr(copies.shutil, "rmtree", real_rmtree)


@pytest.mark.parametrize("crash", [None, "aside", "in_place", "committed"])
def test_a_hold_on_one_row_trims_its_partition_to_that_row(trim_world, monkeypatch, crash):
    """Issue 12: a hold keeps exactly its rows; the other rows of a due partition go that night (or, after a
    crash mid-trim, the next night); the rest goes the night after the hold is lifted."""
    w = trim_world
    folder = w["folder"]
    day, plan_id = NIGHT_1, "n1"
    if crash is not None:  # night 1 dies mid-trim: nothing is certified, no held row is lost
        plan_and_approve(w, NIGHT_1, "n1")
        with crash_at(monkeypatch, crash), pytest.raises(RuntimeError, match="crash"):
            dispose.dispose_plan("n1", source_urls={}, now=moment(NIGHT_1), register_url=w["url"], data_root=w["data"])
        assert "22" in every_row_on_disk(w)
        assert (journal_entry(w).status == "done") == (crash == "committed")
        day, plan_id = NIGHT_1 + dt.timedelta(days=1), "n1b"

    night(w, day, plan_id)
    assert recording_ids(folder) == ["22"] and every_row_on_disk(w) == {"22"}
    assert not list(w["data"].rglob(".removing-*")) and not list(w["data"].rglob(".trimming-*"))
    manifest = json.loads((folder / "_manifest.json").read_text())
    assert manifest["rows"] == 1
    assert manifest["sha256"] == hashlib.sha256((folder / "part-00000.parquet").read_bytes()).hexdigest()
    entry = journal_entry(w)
    assert (entry.action, entry.status) == ("trim", "done")
    trimmed_by = "n1" if crash == "committed" else plan_id
    assert entry.plan_id == trimmed_by and manifest["retention_trimmed"] == {trimmed_by: {"removed": 2, "kept": 1}}
    text = certificate(w, plan_id, "quarantine")
    if crash == "committed":  # trimmed by night 1, whose run ended before its audit entry: nothing left to do
        assert "Copies trimmed" not in text and load_plan(w["engine"], plan_id).classes["quarantine"].held == 1
    else:
        assert "Copies trimmed  : 1 partition(s), 2 row(s) removed, 1 row(s) kept by a hold" in text
        assert "quarantine.exquise.camera_recording" in text and "trim:done 1" in text
        assert "Copies removed  : 0 folder(s) holding 0 row(s)" in text
    # verify checks what the trim left: held still; a re-run of dispose changes nothing
    assert copies.verify_copies(w["engine"], data_root=w["data"])["problems"] == []
    again = dispose.dispose_plan(plan_id, source_urls={}, now=moment(day), register_url=w["url"], data_root=w["data"])
    assert recording_ids(folder) == ["22"] and not any(r["trimmed"] for r in again["quarantine"])

    # the hold is lifted: the kept row is unheld now, verify and the gate say so until a night removes it
    holds.lift_hold(w["engine"], w["hold"], lifted_by="fg", lifted_at=moment(NIGHT_2))
    [problem] = copies.verify_copies(w["engine"], data_root=w["data"])["problems"]
    assert problem == {
        "class": "quarantine",
        "source": "quarantine",
        "entity": "exquise.camera_recording",
        "still_present": 1,
    }
    night(w, NIGHT_2, "n2")
    assert not folder.exists() and not every_row_on_disk(w)
    entry = journal_entry(w)
    assert (entry.action, entry.status, entry.plan_id) == ("destroy", "done", "n2")
    assert "Copies removed  : 1 folder(s) holding 1 row(s); 0 kept by a hold" in certificate(w, "n2", "quarantine")
    assert chain.verify(w["engine"]).ok


def test_the_gate_fails_while_unheld_rows_of_a_held_partition_remain(trim_world):
    w = trim_world
    plan_and_approve(w, NIGHT_1, "g1")
    assert load_plan(w["engine"], "g1").classes["quarantine"].dispose == 1  # planned: trimmed, not kept whole
    outcome = gate.validate_plan(w["engine"], "g1", source_urls={}, data_root=w["data"], raise_on_failure=False)
    assert not outcome["success"]


def test_held_rows_follow_the_scope_of_each_hold(tmp_path):
    """Record and person holds cover their rows only (a person hold in another class none); a category hold on
    a class of the entity, or a file that cannot show whose rows it holds, keeps the partition whole."""
    from transforms.kernel.canonical import load_model

    policy, model, key = load_policy(), load_model(), b"k" * 32
    data = tmp_path / "data"
    quarantined(
        data,
        "oase",
        "complaint",
        "20200101T020000Z",
        pa.table({"complaint_id": ["1", "2", "3", "4"], "patient_id": ["7", "7", "8", None]}),
    )

    def item(index):
        [i] = copies.copy_items(policy, model, key, index, data_root=data, classes=["quarantine"])
        return i.held, i.held_rows

    assert item(holds.HoldIndex({}, set(), {})) == (False, 0)
    assert item(holds.HoldIndex({}, {("oase", "complaint", "3")}, {})) == (False, 1)
    assert item(holds.HoldIndex({("oase", "patient", "7"): {"complaints"}}, set(), {})) == (False, 2)
    assert item(holds.HoldIndex({("oase", "patient", "7"): {"billing"}}, set(), {})) == (False, 0)
    assert item(holds.HoldIndex({("oase", "patient", "7"): {None}}, {("oase", "complaint", "3")}, {})) == (False, 3)
    assert item(holds.HoldIndex({}, set(), {"complaints": {"oase"}})) == (True, 4)
    assert item(holds.HoldIndex({}, set(), {"complaints": {"exquise"}})) == (False, 0)
    assert item(holds.HoldIndex({}, {("oase", "complaint", f"{k}") for k in "1234"}, {})) == (True, 4)
    no_subject = data / "quarantine" / "oase" / "complaint" / "run=20200101T020000Z" / "part-00000.parquet"
    pq.write_table(pa.table({"complaint_id": ["1", "2"]}), no_subject)
    assert item(holds.HoldIndex({("oase", "patient", "7"): {None}}, set(), {})) == (True, 2)
