"""Issue 12, kinds 4 and 5: a file's fate is its record's through the archive (unloaded with it, encrypted with
it, gone when the archived record expires); a hold protects exactly its scope at archive expiry (person hold of
one class, category hold of one source, one record), with keys split so that holding one record never keeps
another readable."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import select

from tests.retention.conftest import AS_OF, HASH_KEY, NOW, archive_night, claim_hold, dispose_night, world_on
from tests.retention.test_dispose import approve_all, world  # noqa: F401 - the fixture
from transforms.audit import chain
from transforms.kernel.canonical import load_model
from transforms.register.schema import ARCHIVE_RECORDS, DISPOSE_JOURNAL
from transforms.retention import archive, certificates, hashing, holds
from transforms.retention.plan import plan_items
from transforms.retention.policy import load_policy
from transforms.sources.staging import read_entity

LATER = dt.date(2060, 1, 1)  # every archived dental-file record's term has ended by then


def write_images(w) -> dict[str, str]:
    """Put each staged X-ray's file on disk under its source's media root; hashed id -> path."""
    images = read_entity("imaging", "image_id", data_root=w["data"])
    out = {}
    for source, key, path in zip(images["source_system"], images["image_id"], images["file_path"]):
        target = w["media"][source] / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"synthetic x-ray " + str(key).encode())
        out[hashing.hash_id(HASH_KEY.encode(), source, "imaging", key)] = str(target)
    return out


def archived(w) -> dict[str, object]:
    with w["engine"].connect() as conn:
        return {r.hashed_id: r for r in conn.execute(select(ARCHIVE_RECORDS))}


def automatically_held(w, records) -> set[str]:
    """Archived records whose subject the data holds (an open complaint): kept whatever the register says."""
    index, _ = holds.build_hold_index(load_policy(), load_model(), w["engine"], ["exquise", "oase"], w["data"])
    subjects = {hashing.hash_id(HASH_KEY.encode(), s, kind, k) for s, kind, k in index.persons}
    return {h for h, r in records.items() if r.subject_hash in subjects}


def readable(w) -> set[str]:
    return {h for _, h, _ in archive.read_archived(w["engine"], w["root"] / "arch")}


def night_one(w) -> dict[str, str]:
    files = write_images(w)
    approve_all(w)
    archive_night(w)
    dispose_night(w)
    return files


def test_files_follow_their_records_into_the_archive_and_out_of_it(world):
    w = world
    files = night_one(w)
    records = archived(w)
    images = {h for h, r in records.items() if r.entity == "imaging"}
    assert images
    # unloaded with its record: off the practice's disk, in the archive encrypted under the record's key
    assert not any(os.path.exists(files[h]) for h in images)
    planned = {h for *_, h in plan_items(w["engine"], "d1", class_id="dental_file", entity="imaging")}
    assert not any(os.path.exists(files[h]) for h in planned)  # destroyed or archived: no longer on the disk
    kept = set(files) - planned
    assert kept and all(os.path.exists(files[h]) for h in kept)
    blobs = {p.name for p in (w["root"] / "arch").rglob("files/*")}
    assert blobs == images
    assert not any(b"synthetic x-ray" in p.read_bytes() for p in (w["root"] / "arch").rglob("files/*"))
    assert archive.verify_archives(register_url=w["register_url"], root=w["root"] / "arch")["readable"] >= len(images)
    # the certificate counts files (camera clips destroyed; X-rays left for the archive with their records)
    text = certificates.certify(w["engine"], "d1", "dental_file", approver="fg", now=NOW)["text"]
    assert "Files deleted" in text
    assert (
        certificates.certify(w["engine"], "d1", "camera_footage", approver=None, now=NOW)["entry"]["payload"][
            "files_deleted"
        ]
        > 0
    )
    # archive expiry: the record's key is destroyed and its file goes with it
    auto = automatically_held(w, records)
    destroyed = archive.expire_archives(w["engine"], LATER, now=NOW, data_root=w["data"], root=w["root"] / "arch")
    assert sum(destroyed.values()) == len(records) - len(auto)
    assert {p.name for p in (w["root"] / "arch").rglob("files/*")} == images & auto
    [entry] = [
        e for e in chain.entries(w["engine"], kind="retention.archive_expired") if e.payload["class"] == "dental_file"
    ]
    assert entry.payload["files"] == len(images - auto) > 0


def test_archive_refuses_to_separate_a_record_from_its_file(world):
    """No media root for a source: its records with files are not archived (they stay live, with the file)."""
    w = world
    write_images(w)
    approve_all(w)
    results = archive_night(w, media_roots={"exquise": w["media"]["exquise"]})
    imaging = [r for r in results["dental_file"] if r["entity"] == "imaging"]
    assert imaging[0]["skipped_no_media"] > 0
    assert {r.entity for r in archived(w).values()} >= {"imaging"}  # exquise's images went, with their files


@pytest.mark.parametrize("scope", ["person_class", "category_source", "record"])
def test_archive_expiry_holds_exactly_the_scope(world, scope):
    w = world
    night_one(w)
    records = {h: r for h, r in archived(w).items() if r.class_id == "dental_file"}
    auto = automatically_held(w, records)
    patients = read_entity("patient", "patient_id", data_root=w["data"])
    subject_of = {
        hashing.hash_id(HASH_KEY.encode(), s, "patient", k): (s, str(k))
        for s, k in zip(patients["source_system"], patients["patient_id"])
    }
    # a subject with more than one archived dental-file record under one key
    by_subject: dict[str, list[str]] = {}
    for h, r in records.items():
        by_subject.setdefault(r.subject_hash, []).append(h)
    subject_hash, mine = next(
        (s, sorted(hs))
        for s, hs in sorted(by_subject.items())
        if len(hs) > 1 and s in subject_of and not set(hs) & auto
    )
    source, patient = subject_of[subject_hash]
    before = readable(w)
    if scope == "person_class":  # a person hold on another class must not keep their dental file
        claim_hold(
            w["engine"], "person", source_system=source, subject_kind="patient", subject_key=patient, class_id="billing"
        )
        expect_kept: set[str] = set()
    elif scope == "category_source":  # a category hold on one source keeps that source's archive only
        claim_hold(w["engine"], "category", class_id="dental_file", source_system="oase")
        oase = {
            hashing.hash_id(HASH_KEY.encode(), "oase", e, k)
            for e, key in (
                ("patient", "patient_id"),
                ("treatment", "treatment_id"),
                ("clinical_note", "note_id"),
                ("imaging", "image_id"),
            )
            for k in read_entity(e, key, data_root=w["data"]).query("source_system == 'oase'")[key]
        }
        expect_kept = {h for h in records if h in oase}
        assert expect_kept and expect_kept != set(records)
    else:  # one record held: that record stays readable, its subject's other records do not
        victim = mine[0]
        entity = records[victim].entity
        key_column = {
            "patient": "patient_id",
            "treatment": "treatment_id",
            "clinical_note": "note_id",
            "imaging": "image_id",
        }[entity]
        frame = read_entity(entity, key_column, data_root=w["data"])
        key = next(
            str(k)
            for s, k in zip(frame["source_system"], frame[key_column])
            if hashing.hash_id(HASH_KEY.encode(), s, entity, k) == victim
        )
        claim_hold(w["engine"], "record", source_system=source, entity=entity, record_key=key)
        expect_kept = {victim}
    destroyed = archive.expire_archives(w["engine"], LATER, now=NOW, data_root=w["data"], root=w["root"] / "arch")
    after = {h for h in readable(w) if h in records}
    assert after == (expect_kept | auto) & before
    assert destroyed["dental_file"] == len(records) - len(expect_kept | auto)
    if scope == "record":
        assert set(mine[1:]).isdisjoint(after)
        # the held record has a key of its own now; lifting the hold lets exactly that record expire
        [hold] = holds.list_holds(w["engine"])
        holds.lift_hold(w["engine"], hold.hold_id, lifted_by="legal", lifted_at=NOW)
        assert archive.expire_archives(w["engine"], LATER, now=NOW, data_root=w["data"], root=w["root"] / "arch") == {
            "dental_file": 1
        }
        assert not (readable(w) & set(records)) - auto
    assert archive.verify_archives(register_url=w["register_url"], root=w["root"] / "arch")["batches"] > 0


def test_records_that_come_back_are_disposed_of_again_not_planned_again(world, pristine):
    """Kind 9: night one disposes; the practice systems are restored from before it (a backup, or the demo's
    databases regenerated); night two re-applies the tombstones before it plans, so nothing destroyed is planned
    or approved again, verify finds nothing left and the certificate counts what came back."""
    import shutil

    from transforms.retention import verify
    from transforms.retention.approval import auto_approve
    from transforms.retention.plan import make_plan

    w = world
    night_one(w)
    with w["engine"].connect() as conn:
        done = {
            r.hashed_id
            for r in conn.execute(
                select(DISPOSE_JOURNAL.c.hashed_id).where(
                    DISPOSE_JOURNAL.c.status == "done", DISPOSE_JOURNAL.c.action.in_(("destroy", "unload"))
                )
            )
        }
    assert done
    for system in ("exquise", "oase"):  # the backup from before night one comes back
        shutil.copy(pristine / f"{system}.db", w["root"] / f"{system}.db")
    assert not verify.verify_disposed(w["engine"], source_urls=w["urls"])["ok"]  # what the night met before
    counts = verify.reapply_tombstones(w["engine"], source_urls=w["urls"], now=NOW, plan_id="d2")
    assert sum(counts.values()) > 0
    assert verify.verify_disposed(w["engine"], source_urls=w["urls"])["ok"]
    # the staging still holds the records (extracted before the restore was noticed): not planned again
    make_plan(AS_OF, register_url=w["register_url"], data_root=w["data"], plan_id="d2", created_at=NOW)
    assert not {h for *_, h in plan_items(w["engine"], "d2")} & done
    auto_approve(w["engine"], "d2", decided_at=NOW)
    certificate = certificates.certify(w["engine"], "d2", "camera_footage", approver=None, now=NOW)
    assert certificate["entry"]["payload"]["tombstones_reapplied"] > 0
    assert "Came back, gone" in certificate["text"]
    assert sum(verify.reapply_tombstones(w["engine"], source_urls=w["urls"], now=NOW).values()) == 0  # idempotent


@pytest.fixture
def world_pg(world):
    """The same world with its privacy register on a fresh PostgreSQL database (production), re-planned."""
    with world_on("postgresql", world) as w:
        yield w


@pytest.mark.integration
def test_files_scopes_and_tombstones_on_a_postgresql_register(world_pg, pristine):
    """Kinds 4, 5 and 9 over two nights with a PostgreSQL register and holds of every scope."""
    import shutil

    from transforms.retention import verify

    w = world_pg
    night_one(w)
    records = {h: r for h, r in archived(w).items() if r.class_id == "dental_file"}
    auto = automatically_held(w, records)
    images = {h for h, r in records.items() if r.entity == "imaging"}
    assert {p.name for p in (w["root"] / "arch").rglob("files/*")} == images
    # night two: a restore brings back what night one destroyed; the archive expires
    for system in ("exquise", "oase"):
        shutil.copy(pristine / f"{system}.db", w["root"] / f"{system}.db")
    assert sum(verify.reapply_tombstones(w["engine"], source_urls=w["urls"], now=NOW, plan_id="d2").values()) > 0
    assert verify.verify_disposed(w["engine"], source_urls=w["urls"])["ok"]
    # then holds of every scope (placed after the restore: see docs, a held record that comes back is kept
    # by the tombstones and today still fails verify)
    # holds of every scope: one record, a person in another class, a category in one source
    victim = sorted(h for h in images if h not in auto)[0]
    frame = read_entity("imaging", "image_id", data_root=w["data"])
    source, key = next(
        (s, str(k))
        for s, k in zip(frame["source_system"], frame["image_id"])
        if hashing.hash_id(HASH_KEY.encode(), s, "imaging", k) == victim
    )
    claim_hold(w["engine"], "record", source_system=source, entity="imaging", record_key=key)
    other = "oase" if source == "exquise" else "exquise"
    claim_hold(w["engine"], "category", class_id="billing", source_system=other)
    patients = read_entity("patient", "patient_id", data_root=w["data"])
    claim_hold(
        w["engine"],
        "person",
        source_system=source,
        subject_kind="patient",
        subject_key=str(patients["patient_id"].iloc[0]),
        class_id="complaints",
    )
    destroyed = archive.expire_archives(w["engine"], LATER, now=NOW, data_root=w["data"], root=w["root"] / "arch")
    after = {h for h in readable(w) if h in records}
    assert after == auto | {victim}
    assert destroyed["dental_file"] == len(records) - len(after)
    assert {p.name for p in (w["root"] / "arch").rglob("files/*")} == images & after
