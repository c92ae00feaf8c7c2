"""The dry-run plan: the right candidates per class, holds win, only hashed ids are stored or logged."""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import pytest
from sqlalchemy import text, update

from tests.retention.conftest import AS_OF, HASH_KEY, NOW, claim_hold
from transforms import register
from transforms.register.schema import PLANS
from transforms.retention import hashing, holds
from transforms.retention.plan import PlanError, compute_plan, list_plans, load_plan, make_plan, plan_items
from transforms.sources.staging import read_entity


def hid(source: str, entity: str, key) -> str:
    return hashing.hash_id(HASH_KEY.encode(), source, entity, key)


def items(register_url: str, plan_id: str, **filters) -> set[str]:
    return {h for *_, h in plan_items(register.register_engine(register_url), plan_id, **filters)}


def test_camera_footage_candidates_are_exactly_the_expired_clips_without_incident(practice, register_url):
    summary = make_plan(AS_OF, register_url=register_url, data_root=practice, created_at=NOW)
    clips = read_entity("camera_recording", "recording_id", data_root=practice)
    last_day = clips["recorded_from"].dt.date + dt.timedelta(days=28)
    expired = clips[(last_day < AS_OF)]
    free = expired[expired["incident_ref"].isna()]
    assert len(free) > 0 and len(free) < len(clips)  # the generator puts clips on both sides
    assert len(expired) > len(free)  # and some incident clips past the term
    expected = {hid(s, "camera_recording", k) for s, k in zip(free["source_system"], free["recording_id"])}
    assert items(register_url, summary["plan_id"], class_id="camera_footage", stage="dispose") == expected
    counts = summary["classes"]["camera_footage"]
    assert counts["dispose"] == len(free) and counts["held"] == clips["incident_ref"].notna().sum()
    assert "camera_footage" not in summary["needs_approval"]  # routine class: auto-approved
    assert "dental_file" in summary["needs_approval"]


def test_open_complaint_holds_every_record_of_the_patient(practice, register_url):
    complaints = read_entity("complaint", "complaint_id", data_root=practice)
    open_ = complaints[complaints["closed_on"].isna() & complaints["patient_id"].notna()]
    assert len(open_) >= 1
    source, patient = open_.iloc[0]["source_system"], open_.iloc[0]["patient_id"]
    # far in the future every record of this patient is past every term, yet none may be a candidate
    summary = make_plan(dt.date(2080, 1, 1), register_url=register_url, data_root=practice, created_at=NOW)
    planned = items(register_url, summary["plan_id"])
    for entity, key in (
        ("patient", "patient_id"),
        ("treatment", "treatment_id"),
        ("invoice", "invoice_id"),
        ("clinical_note", "note_id"),
    ):
        frame = read_entity(entity, key, data_root=practice)
        mine = frame[(frame["source_system"] == source) & (frame["patient_id"] == patient)]
        assert len(mine) > 0
        assert not {hid(source, entity, k) for k in mine[key]} & planned, entity
        others = frame[(frame["patient_id"] != patient)]
        assert {hid(s, entity, k) for s, k in zip(others["source_system"], others[key])} & planned, entity


def test_register_holds_win_and_lifting_releases(practice, register_url):
    engine = register.register_engine(register_url)
    first = make_plan(AS_OF, register_url=register_url, data_root=practice, created_at=NOW)
    disposed_patients = [
        h
        for c, e, s, h in plan_items(
            engine, first["plan_id"], class_id="dental_file", entity="patient", stage="dispose"
        )
    ]
    assert disposed_patients
    patients = read_entity("patient", "patient_id", data_root=practice)
    by_hash = {hid(s, "patient", k): (s, k) for s, k in zip(patients["source_system"], patients["patient_id"])}
    source, patient = by_hash[disposed_patients[0]]
    person = claim_hold(
        engine, "person", placed_by="fg", source_system=source, subject_kind="patient", subject_key=patient
    )
    clips = read_entity("camera_recording", "recording_id", data_root=practice)
    clip_items = items(register_url, first["plan_id"], class_id="camera_footage")
    clip = next(
        (s, k)
        for s, k in zip(clips["source_system"], clips["recording_id"])
        if hid(s, "camera_recording", k) in clip_items
    )
    claim_hold(
        engine,
        "record",
        reason="incident",
        placed_by="security",
        source_system=clip[0],
        entity="camera_recording",
        record_key=clip[1],
    )
    claim_hold(engine, "category", reason="dispute", class_id="complaints")

    second = make_plan(AS_OF, register_url=register_url, data_root=practice, created_at=NOW)
    planned = items(register_url, second["plan_id"])
    assert hid(source, "patient", patient) not in planned
    assert hid(clip[0], "camera_recording", clip[1]) not in planned
    assert second["classes"]["complaints"]["dispose"] == 0 and first["classes"]["complaints"]["dispose"] > 0
    assert second["classes"]["dental_file"]["held"] > first["classes"]["dental_file"]["held"]

    holds.lift_hold(engine, person, lifted_by="fg", lifted_at=NOW)
    third = make_plan(AS_OF, register_url=register_url, data_root=practice, created_at=NOW)
    assert hid(source, "patient", patient) in items(register_url, third["plan_id"])
    with pytest.raises(holds.HoldError, match="already lifted"):
        holds.lift_hold(engine, person, lifted_by="fg", lifted_at=NOW)
    assert [h.hold_id for h in holds.list_holds(engine, include_lifted=True) if h.lifted_at] == [person]


def test_incomplete_hold_requests_are_refused(register_url):
    engine = register.register_engine(register_url)
    with pytest.raises(holds.HoldError, match="a person hold needs subject_key"):
        claim_hold(engine, "person", placed_by="fg", source_system="exquise", subject_kind="patient")
    with pytest.raises(holds.HoldError, match="reason must be one of"):
        claim_hold(engine, "category", reason="because", placed_by="fg", class_id="x")
    from transforms.retention.policy import load_policy

    with pytest.raises(holds.HoldError, match="unknown retention class"):
        claim_hold(engine, "category", placed_by="fg", class_id="dentl_file", policy=load_policy())


def test_field_minimising_and_archive_stages(practice, register_url):
    summary = make_plan(AS_OF, register_url=register_url, data_root=practice, created_at=NOW)
    minimise = items(register_url, summary["plan_id"], class_id="registration_data", stage="minimise")
    disposed = items(register_url, summary["plan_id"], class_id="dental_file", entity="patient", stage="dispose")
    archived = items(register_url, summary["plan_id"], class_id="dental_file", entity="patient", stage="archive")
    assert minimise and disposed and archived
    # a patient planned for destruction is minimised too: the destruction can still be blocked by records that
    # point at it, and the kept row must not keep its contact details (issue 12, kind 3)
    assert disposed <= minimise and not archived & disposed
    assert summary["classes"]["registration_data"]["fields"]["patient"][0] == "email"
    # a patient with a recent clinical change is in no stage at all
    patients = read_entity("patient", "patient_id", data_root=practice)
    recent = patients[patients["last_clinical_change_at"] >= pd.Timestamp("2026-01-01")].iloc[0]
    assert hid(recent["source_system"], "patient", recent["patient_id"]) not in minimise | disposed | archived


def test_as_of_moves_the_cut_off_and_the_plan_is_reproducible(practice, register_url):
    early = make_plan(dt.date(2026, 1, 1), register_url=register_url, data_root=practice, created_at=NOW)
    late = make_plan(AS_OF, register_url=register_url, data_root=practice, created_at=NOW)
    for name, counts in late["classes"].items():
        assert counts["dispose"] >= early["classes"][name]["dispose"], name
    assert items(register_url, early["plan_id"]) != items(register_url, late["plan_id"])
    again = make_plan(AS_OF, register_url=register_url, data_root=practice, created_at=NOW)
    assert items(register_url, again["plan_id"]) == items(register_url, late["plan_id"])
    # an Airflow logical date just before midnight UTC counts as the next Amsterdam day
    aware = make_plan(
        dt.datetime(2026, 10, 31, 23, 30, tzinfo=dt.timezone.utc),
        register_url=register_url,
        data_root=practice,
        created_at=NOW,
    )
    assert aware["as_of"] == "2026-11-01"
    assert items(register_url, aware["plan_id"]) == items(register_url, late["plan_id"])


def test_retried_plan_replaces_itself_but_never_a_plan_that_moved_on(practice, register_url):
    engine = register.register_engine(register_url)
    make_plan(AS_OF, register_url=register_url, data_root=practice, plan_id="run-1", created_at=NOW)
    first = items(register_url, "run-1")
    make_plan(AS_OF, register_url=register_url, data_root=practice, plan_id="run-1", created_at=NOW)
    assert items(register_url, "run-1") == first
    assert [p["plan_id"] for p in list_plans(engine)] == ["run-1"]
    with engine.begin() as conn:
        conn.execute(update(PLANS).where(PLANS.c.plan_id == "run-1").values(status="approved"))
    with pytest.raises(PlanError, match="already approved"):
        make_plan(AS_OF, register_url=register_url, data_root=practice, plan_id="run-1", created_at=NOW)
    stored = load_plan(engine, "run-1")
    assert stored.as_of == AS_OF and stored.classes["camera_footage"].dispose > 0


def test_no_personal_data_in_the_stored_plan_or_the_logs(practice, register_url, caplog):
    caplog.set_level(logging.DEBUG)
    summary = make_plan(AS_OF, register_url=register_url, data_root=practice, created_at=NOW)
    engine = register.register_engine(register_url)
    with engine.connect() as conn:
        stored = []
        for table in ("retention_plan", "retention_plan_class", "retention_plan_item"):
            stored += [" ".join(str(v) for v in row) for row in conn.execute(text(f"SELECT * FROM {table}"))]
    blob = "\n".join(stored) + "\n" + caplog.text + "\n" + str(summary)
    patients = read_entity("patient", "patient_id", data_root=practice)
    secrets = set(patients["last_name"]) | set(patients["email"].dropna()) | set(patients["patient_number"])
    secrets |= set(patients["bsn"].dropna()) | {HASH_KEY}
    leaked = [s for s in secrets if len(str(s)) >= 4 and str(s) in blob]
    assert leaked == []
    hashed = [h for *_, h in plan_items(engine, summary["plan_id"])]
    assert hashed and all(len(h) == 64 and int(h, 16) >= 0 for h in hashed)


def test_refuses_without_a_hash_key(practice, register_url, monkeypatch):
    monkeypatch.delenv("DCN_RETENTION_HASH_KEY")
    with pytest.raises(hashing.MissingKeyError, match="DCN_RETENTION_HASH_KEY"):
        make_plan(AS_OF, register_url=register_url, data_root=practice)
    monkeypatch.setenv("DCN_RETENTION_HASH_KEY", "short")
    with pytest.raises(hashing.MissingKeyError, match="shorter"):
        make_plan(AS_OF, register_url=register_url, data_root=practice)


def test_refuses_when_complaints_of_a_source_are_not_staged(practice, register_url):
    # a source that maps complaints but has none staged: open complaints cannot be checked -> no plan at all
    mapped = {"exquise": {"complaint", "patient"}, "oase": {"complaint", "patient"}}
    with pytest.raises(PlanError, match="maps 'complaint' but nothing of it is staged"):
        compute_plan(
            AS_OF,
            engine=register.register_engine(register_url),
            data_root=practice,
            sources=["exquise", "oase", "newvendor"],
            mapped_entities={**mapped, "newvendor": {"complaint", "patient"}},
        )


def test_each_plan_is_recorded_in_the_audit_chain(practice, register_url):
    from transforms.audit import chain
    from transforms.retention.plan import items_digest

    engine = register.register_engine(register_url)
    summary = make_plan(AS_OF, register_url=register_url, data_root=practice, plan_id="audited", created_at=NOW)
    [entry] = list(chain.entries(engine, kind="retention.plan"))
    assert entry.payload["plan_id"] == "audited" and entry.payload["policy_version"] == summary["policy_version"]
    stored = {}
    for c, e, s, h in plan_items(engine, "audited"):
        stored.setdefault((c, e, s), []).append(h)
    for name, counts in entry.payload["classes"].items():
        assert counts["dispose"] == summary["classes"][name]["dispose"]
        assert counts["items_sha256"] == items_digest(stored, name)
    assert chain.verify(engine).ok
