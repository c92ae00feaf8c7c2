"""Dispose in the live practice systems: what the approved plan lists goes, holds and dependants stay, crashes at
any step and re-runs lose nothing, delete nothing twice, and the certificate counts stay right."""

from __future__ import annotations

import json
import shutil
import textwrap

import pytest
from sqlalchemy import MetaData, Table, create_engine, func, select

from tests.faults import SOURCE_POINTS, crash_at_the_source, fail_on_call
from tests.retention.conftest import HASH_KEY, NOW, archive_night, claim_hold, dispose_night, run_killed
from transforms import register
from transforms.audit import chain
from transforms.kernel.canonical import load_model
from transforms.kernel.config import ConfigError
from transforms.register.schema import DISPOSE_JOURNAL
from transforms.retention import archive, certificates, dispose, executor, hashing, holds, live, verify
from transforms.retention.approval import auto_approve, decide
from transforms.retention.disposal_map import DisposeError, class_order, load_disposal_maps, resolve_target
from transforms.retention.plan import plan_items
from transforms.retention.policy import load_policy
from transforms.sources.config import load_sources
from transforms.sources.staging import read_entity

SOURCES = {s.name: s for s in load_sources()}


@pytest.fixture
def world(pristine, tmp_path):
    root = tmp_path / "world"
    shutil.copytree(pristine, root)
    urls = {n: f"sqlite:///{root / (n + '.db')}" for n in ("exquise", "oase")}
    register_url = f"sqlite:///{root / 'register.db'}"
    return {
        "root": root,
        "data": root / "data",
        "urls": urls,
        "register_url": register_url,
        "engine": register.register_engine(register_url),
        "summary": json.loads((root / "summary.json").read_text()),
        "media": {n: root / "media" / n for n in urls},
    }


def approve_all(w) -> None:
    auto_approve(w["engine"], "d1", decided_at=NOW)
    decide(w["engine"], "d1", decided_by="fg", decided_at=NOW, approve=w["summary"]["needs_approval"])


def live_keys(w, source: str, entity: str) -> set[str]:
    """Keys (text) of an entity's rows in a live practice system."""
    target, reason = resolve_target(SOURCES[source], entity, load_model().entity(entity).key, whole_rows=False)
    assert target is not None, reason
    engine = create_engine(w["urls"][source])
    table = Table(target.table, MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        keys = {str(r[0]) for r in conn.execute(select(table.c[target.key_column]))}
    engine.dispose()
    return keys


def planned_keys(w, class_id: str, entity: str, key: str, stage: str = "dispose") -> dict[str, set[str]]:
    """source -> vendor-independent keys of the planned records (found back through the staging)."""
    hashed = {h for *_, h in plan_items(w["engine"], "d1", class_id=class_id, entity=entity, stage=stage)}
    frame = read_entity(entity, key, data_root=w["data"])
    out: dict[str, set[str]] = {}
    for s, k in zip(frame["source_system"], frame[key]):
        if hashing.hash_id(HASH_KEY.encode(), s, entity, k) in hashed:
            out.setdefault(s, set()).add(str(k))
    return out


def journal(w) -> dict[str, int]:
    with w["engine"].connect() as conn:
        return dict(
            conn.execute(select(DISPOSE_JOURNAL.c.status, func.count()).group_by(DISPOSE_JOURNAL.c.status)).all()
        )


def run(w, classes=None, batch_size=1000):
    approved = classes or class_order(load_policy(), load_model(), w["summary"]["classes"])
    out = []
    for class_id in approved:
        out += dispose.dispose_class(
            w["engine"],
            "d1",
            class_id,
            source_urls=w["urls"],
            now=NOW,
            data_root=w["data"],
            media_roots=w["media"],
            batch_size=batch_size,
        )
    return out


def test_camera_footage_rows_and_files_go_incident_clips_stay(world):
    w = world
    approve_all(w)
    before = {s: live_keys(w, s, "camera_recording") for s in w["urls"]}
    expected = planned_keys(w, "camera_footage", "camera_recording", "recording_id")
    results = run(w, ["camera_footage"])
    clips = read_entity("camera_recording", "recording_id", data_root=w["data"])
    for source in w["urls"]:
        after = live_keys(w, source, "camera_recording")
        assert after == before[source] - expected[source]
        mine = clips[clips["source_system"] == source]
        gone = mine[mine["recording_id"].astype(str).isin(expected[source])]
        assert not any((w["media"][source] / p).exists() for p in gone["file_path"])
        incidents = mine[mine["incident_ref"].notna()]
        assert len(incidents) and set(incidents["recording_id"].astype(str)) <= after
        assert all((w["media"][source] / p).exists() for p in incidents["file_path"])
    assert sum(r.done for r in results) == sum(len(v) for v in expected.values())
    assert sum(r.files_deleted for r in results) == sum(len(v) for v in expected.values())


def test_full_plan_end_to_end_with_archive_blocked_entities_and_certificates(world):
    w = world
    approve_all(w)
    archive_night(w)
    out = dispose_night(w)
    flat = [r for rs in out.values() for r in rs]
    by = {(r["source"], r["entity"], r["class_id"]): r for r in flat}
    # records that are not one row of one table go by config/retention_disposal.yml: Oase's patient with its
    # person_contacts rows, Exquise's family link as a column of the patient row
    for source in ("exquise", "oase"):
        patient = by[(source, "patient", "dental_file")]
        assert patient["done"] > 0
        # a patient whose consent records, invoices or complaints are still in the live system stays
        assert patient["blocked"] == 0 or patient["reason"] == "dependent records still in the live system"
        assert by[(source, "family_link", "billing")]["done"] > 0
        assert by[(source, "communication_preference", "objection_consent_records")]["done"] > 0
    oase = create_engine(w["urls"]["oase"])
    contacts = Table("person_contacts", MetaData(), autoload_with=oase)
    with oase.connect() as conn:
        owners = {str(r[0]) for r in conn.execute(select(contacts.c.person_id).distinct())}
    oase.dispose()
    gone = planned_keys(w, "dental_file", "patient", "patient_id")["oase"] - live_keys(w, "oase", "patient")
    assert gone and not gone & owners  # the contact rows went with the person
    # past the term: gone from the live system, except what the run reported as held or blocked (an invoice
    # whose insurer claim is still in its own term stays: no orphans)
    for entity, key, class_id in (
        ("web_hit", "hit_id", "web_analytics"),
        ("invoice", "invoice_id", "billing"),
        ("treatment", "treatment_id", "dental_file"),
    ):
        planned = {}
        for stage in ("dispose", "archive") if class_id != "web_analytics" else ("dispose",):
            for source, keys in planned_keys(w, class_id, entity, key, stage).items():
                planned.setdefault(source, set()).update(keys)
        for source, keys in planned.items():
            [r] = [r for r in out[class_id] if r["entity"] == entity and r["source"] == source]
            remaining = keys & live_keys(w, source, entity)
            assert len(remaining) == r["blocked"] + r["held"] + r["not_due"], (entity, source)
            assert r["done"] > 0 and r["done"] + len(remaining) == len(keys)
            if r["blocked"]:
                assert r["reason"] == "dependent records still in the live system"
    # the patient with an open complaint keeps everything
    complaints = read_entity("complaint", "complaint_id", data_root=w["data"])
    open_ = complaints[complaints["closed_on"].isna() & complaints["patient_id"].notna()]
    treatments = read_entity("treatment", "treatment_id", data_root=w["data"])
    for source, patient in zip(open_["source_system"], open_["patient_id"]):
        theirs = treatments[(treatments["source_system"] == source) & (treatments["patient_id"] == patient)]
        assert set(theirs["treatment_id"].astype(str)) <= live_keys(w, source, "treatment")
    # registration data minimised on Exquise's patient rows: contact fields empty, name kept
    minimised = planned_keys(w, "registration_data", "patient", "patient_id", "minimise")["exquise"]
    engine = create_engine(w["urls"]["exquise"])
    mapping = SOURCES["exquise"].entities["patient"]
    table = Table(mapping.table, MetaData(), autoload_with=engine)
    with engine.connect() as conn:
        rows = {str(r._mapping[mapping.columns["patient_id"].column]): r._mapping for r in conn.execute(select(table))}
    engine.dispose()
    email, last_name = mapping.columns["email"].column, mapping.columns["last_name"].column
    survivors = minimised & set(rows)
    assert survivors and all(rows[k][email] is None and rows[k][last_name] for k in survivors)
    assert any(rows[k][email] for k in set(rows) - minimised)
    assert journal(w).get("pending", 0) == 0
    # certificates: one per class, counts from the journal, chain intact
    cert = certificates.certify(w["engine"], "d1", "camera_footage", approver=None, now=NOW)
    assert cert["entry"]["payload"]["done"] == sum(r["done"] for r in out["camera_footage"])
    assert "CERTIFICATE OF DESTRUCTION" in cert["text"] and "AP guidance" in cert["text"]
    again = certificates.certify(w["engine"], "d1", "camera_footage", approver=None, now=NOW)
    assert again["entry"]["seq"] == cert["entry"]["seq"]
    assert chain.verify(w["engine"]).ok


def test_archive_stage_records_leave_the_live_system_only_with_a_verified_copy(world):
    w = world
    approve_all(w)
    archived_stage = planned_keys(w, "billing", "payment", "payment_id", "archive")  # payments: nothing refers to them
    assert sum(len(v) for v in archived_stage.values()) > 0
    results = run(w, ["billing"])
    payment = [r for r in results if r.entity == "payment"]
    assert sum(r.not_due for r in payment) == sum(len(v) for v in archived_stage.values())
    for source, keys in archived_stage.items():
        assert keys <= live_keys(w, source, "payment")  # no archive copy yet: they stay
    archive.archive_class(w["engine"], "d1", "billing", now=NOW, data_root=w["data"], root=w["root"] / "arch")
    run(w, ["billing"])
    for source, keys in archived_stage.items():
        assert not keys & live_keys(w, source, "payment")  # verified copy exists: they go
    back = {h for e, h, _ in archive.read_archived(w["engine"], w["root"] / "arch", entity="payment")}
    assert len(back) == sum(len(v) for v in archived_stage.values())


def test_second_run_deletes_nothing_twice(world):
    w = world
    approve_all(w)
    first = run(w, ["web_analytics", "camera_footage"])
    second = run(w, ["web_analytics", "camera_footage"])
    assert sum(r.done for r in second) == 0
    assert sum(r.already_done for r in second) == sum(r.done for r in first) > 0


def test_hold_placed_after_approval_still_wins(world):
    w = world
    approve_all(w)
    expected = planned_keys(w, "web_analytics", "web_hit", "hit_id")
    source, keys = next(iter(expected.items()))
    kept = sorted(keys)[0]
    claim_hold(w["engine"], "record", source_system=source, entity="web_hit", record_key=kept)
    run(w, ["web_analytics"])
    assert kept in live_keys(w, source, "web_hit")
    assert not (keys - {kept}) & live_keys(w, source, "web_hit")


def test_refuses_unapproved_and_missing_source(world):
    w = world
    with pytest.raises(DisposeError, match="not approved"):
        run(w, ["web_analytics"])
    approve_all(w)
    with pytest.raises(DisposeError, match="no database URL"):
        dispose.dispose_class(
            w["engine"],
            "d1",
            "web_analytics",
            source_urls={"exquise": w["urls"]["exquise"]},
            now=NOW,
            data_root=w["data"],
        )


class Crash(Exception):
    pass


@pytest.mark.parametrize("point", ["before_source", "inside_source", "after_source_commit", "third_batch"])
def test_crash_at_every_step_then_rerun(world, monkeypatch, point):
    w = world
    approve_all(w)
    classes = ["web_analytics", "camera_footage"]
    expected = {c: sum(c_["dispose"] for c_ in [w["summary"]["classes"][c]]) for c in classes}
    with monkeypatch.context() as m:
        if point in SOURCE_POINTS:  # before the source is touched, inside its transaction, after its commit
            crash_at_the_source(m, point, Crash())
        else:  # halfway through the batches
            m.setattr(executor, "run_batch", fail_on_call(executor.run_batch, 3, Crash()))
        with pytest.raises(Crash):
            run(w, classes, batch_size=50)
    results = run(w, classes, batch_size=50)
    assert journal(w).get("pending", 0) == 0
    for c in classes:
        done = sum(r.done + r.already_done for r in results if r.class_id == c)
        assert done == expected[c], c
        cert = certificates.certify(w["engine"], "d1", c, approver=None, now=NOW)
        assert cert["entry"]["payload"]["done"] == expected[c]
        assert len(set(cert["entry"]["payload"]["hashed_ids"])) == expected[c]
    for source, keys in planned_keys(w, "web_analytics", "web_hit", "hit_id").items():
        assert not keys & live_keys(w, source, "web_hit")


def test_killed_between_source_commit_and_register_commit(world):
    """A real kill (os._exit: no rollback handlers, no cleanup) after the source commit of the first batch."""
    w = world
    approve_all(w)
    script = textwrap.dedent(f"""
        import datetime as dt, os
        from contextlib import contextmanager
        from pathlib import Path
        from transforms import register
        from transforms.retention import dispose, holds
        original = holds.hold_guard
        @contextmanager
        def guard(engine):
            with original(engine) as conn:
                yield conn
                os._exit(9)
        holds.hold_guard = guard
        dispose.dispose_class(register.register_engine({w["register_url"]!r}), "d1", "web_analytics",
                              source_urls={w["urls"]!r}, now=dt.datetime(2026, 11, 1, 3, tzinfo=dt.timezone.utc),
                              data_root=Path({str(w["data"])!r}), batch_size=100)
    """)
    done = run_killed(script)
    assert done.returncode == 9, done.stderr.decode()[-2000:]
    # the first batch: the source deleted them, the register never heard; the intents of up to two more batches
    # may have been written ahead (their rows are still there)
    assert 100 <= journal(w).get("pending", 0) <= 300
    results = run(w, ["web_analytics"], batch_size=100)
    expected = w["summary"]["classes"]["web_analytics"]["dispose"]
    assert sum(r.done for r in results) == expected and journal(w) == {"done": expected}
    assert (
        certificates.certify(w["engine"], "d1", "web_analytics", approver=None, now=NOW)["entry"]["payload"]["done"]
        == expected
    )


def test_verify_finds_nothing_left_and_tombstones_reapply_after_a_restore(world, tmp_path):
    w = world
    approve_all(w)
    backup = tmp_path / "exquise-backup.db"
    shutil.copy(w["root"] / "exquise.db", backup)  # last night's backup
    run(w, ["web_analytics", "camera_footage", "registration_data"])
    report = verify.verify_disposed(w["engine"], source_urls=w["urls"])
    assert report["ok"] and report["checked"] > 0
    shutil.copy(backup, w["root"] / "exquise.db")  # restore: the deleted rows are back
    report = verify.verify_disposed(w["engine"], source_urls=w["urls"])
    assert not report["ok"]
    assert {p["entity"] for p in report["problems"]} == {"web_hit", "camera_recording", "patient"}
    # a hold placed since then still wins over the re-applied deletion
    hits = planned_keys(w, "web_analytics", "web_hit", "hit_id")["exquise"]
    kept = sorted(hits)[0]
    claim_hold(w["engine"], "record", source_system="exquise", entity="web_hit", record_key=kept)
    counts = verify.reapply_tombstones(w["engine"], source_urls=w["urls"], now=NOW)
    assert counts["exquise.web_hit.destroy"] == len(hits) - 1
    assert counts.get("oase.web_hit.destroy", 0) == 0  # oase was not restored
    assert live_keys(w, "exquise", "web_hit") & hits == {kept}
    report = verify.verify_disposed(w["engine"], source_urls=w["urls"])
    # the held record is kept by the tombstones and said so, not a fault that stops the night (issue 12)
    assert report["ok"], report["problems"]
    assert report["kept_by_hold"] == [{"class": "web_analytics", "source": "exquise", "entity": "web_hit", "kept": 1}]
    assert [e.kind for e in chain.entries(w["engine"])][-1] == "retention.tombstones_reapplied"


def test_child_written_after_the_first_check_keeps_its_parent(world, monkeypatch):
    """The dependants check is repeated inside the deleting source transaction."""
    w = world
    approve_all(w)
    invoices = planned_keys(w, "billing", "invoice", "invoice_id")["exquise"]
    payments = SOURCES["exquise"].entities["payment"]
    engine = create_engine(w["urls"]["exquise"])
    table = Table(payments.table, MetaData(), autoload_with=engine)
    key_col, fk_col = payments.columns["payment_id"].column, payments.columns["invoice_id"].column
    with engine.begin() as conn:
        row = dict(conn.execute(select(table)).first()._mapping)
        target = sorted(invoices, key=int)[0]
        row[key_col], row[fk_col] = 9_999_999, int(target)
        conn.execute(table.insert().values(row))  # a late payment arrives for an expired invoice
    engine.dispose()
    monkeypatch.setattr(live, "blocked_by_dependants", lambda *a, **k: set())  # the first check missed it
    results = run(w, ["billing"])
    [invoice] = [r for r in results if r.entity == "invoice" and r.source == "exquise"]
    assert invoice.blocked >= 1 and invoice.reason == "dependent records still in the live system"
    assert target in live_keys(w, "exquise", "invoice")
    assert journal(w).get("pending", 0) == 0


def test_a_hold_cannot_be_placed_while_a_batch_is_being_deleted(world):
    """The holds are locked from the hold check until the source commit: a hold placed meanwhile waits."""
    import threading
    import time

    w = world
    events: dict[str, float] = {}

    def place() -> None:
        claim_hold(w["engine"], "category", class_id="web_analytics")
        events["placed"] = time.monotonic()

    holds.list_holds(w["engine"])  # create the table first
    with holds.hold_guard(w["engine"]):
        thread = threading.Thread(target=place)
        thread.start()
        time.sleep(1.0)
        events["released"] = time.monotonic()
        assert "placed" not in events
    thread.join(timeout=30)
    assert events["placed"] >= events["released"]


def test_disposal_map_is_validated_and_pseudonyms_fit_the_column(tmp_path):
    bad = tmp_path / "maps.yml"
    bad.write_text("oase:\n  patient: {table: persons, key: person_id, childs: []}\n")
    with pytest.raises(ConfigError, match="childs"):
        load_disposal_maps(bad)
    assert load_disposal_maps(tmp_path / "absent.yml") == {}
    key = HASH_KEY.encode()
    as_int = live.pseudonym(key, "oase", "communication_preference", "patient_id", 161, "int")
    assert isinstance(as_int, int) and -(2**31) <= as_int < 0  # never a real id, fits INTEGER
    assert as_int == live.pseudonym(key, "oase", "communication_preference", "patient_id", 161, "int")
    assert len(live.pseudonym(key, "oase", "communication_preference", "patient_id", 161, "text")) == 64


def test_a_patient_named_as_someone_elses_relative_stays(world, pristine, tmp_path):
    """Dependants are found through every column that points at the key, not only ``patient_id``."""
    w = world
    approve_all(w)
    classes = class_order(
        load_policy(),
        load_model(),
        ["registration_data", "objection_consent_records", "billing", "complaints", "dental_file"],
    )
    before = live_keys(w, "oase", "patient")
    run(w, classes)
    deleted = sorted(before - live_keys(w, "oase", "patient"), key=int)
    assert deleted
    # the same night again, but a family link (of another, still active patient) names one of them as relative
    other = dict(w, root=tmp_path / "again")
    shutil.copytree(pristine, other["root"])
    other.update(
        data=other["root"] / "data",
        urls={n: f"sqlite:///{other['root'] / (n + '.db')}" for n in w["urls"]},
        media={n: other["root"] / "media" / n for n in w["urls"]},
        engine=register.register_engine(f"sqlite:///{other['root'] / 'register.db'}"),
    )
    approve_all(other)
    engine = create_engine(other["urls"]["oase"])
    relations = Table("relations", MetaData(), autoload_with=engine)
    with engine.begin() as conn:
        row = dict(conn.execute(select(relations)).first()._mapping)
        row.update(relation_id=9_999_999, related_person_id=int(deleted[0]))
        conn.execute(relations.insert().values(row))
    engine.dispose()
    run(other, classes)
    assert deleted[0] in live_keys(other, "oase", "patient")
    assert (set(deleted[1:]) - {str(row["person_id"])}).isdisjoint(live_keys(other, "oase", "patient"))
