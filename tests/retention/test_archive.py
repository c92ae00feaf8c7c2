"""The archive stage: encrypted, read back and verified, recorded once; crash anywhere and re-run loses nothing
and archives nothing twice; erasing a person from the archive is destroying their data key."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

import pyarrow.parquet as pq
import pytest
from sqlalchemy import func, select

from tests.faults import fail_on_call
from tests.retention.conftest import AS_OF, HASH_KEY, MASTER_KEY, NOW, claim_hold, run_killed
from transforms import register
from transforms.audit import chain
from transforms.register.schema import ARCHIVE_RECORDS
from transforms.retention import archive, hashing
from transforms.retention.approval import auto_approve, decide
from transforms.retention.plan import make_plan, plan_items
from transforms.sources.staging import read_entity


@pytest.fixture
def approved(practice, register_url):
    """A plan as of 1 Nov 2026 with every class approved."""
    engine = register.register_engine(register_url)
    summary = make_plan(AS_OF, register_url=register_url, data_root=practice, plan_id="arch", created_at=NOW)
    auto_approve(engine, "arch", decided_at=NOW)
    decide(engine, "arch", decided_by="fg", decided_at=NOW, approve=summary["needs_approval"])
    return engine, summary


def planned(engine, class_id: str, entity: str | None = None) -> set[str]:
    return {h for *_, h in plan_items(engine, "arch", class_id=class_id, entity=entity, stage="archive")}


def recorded(engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(select(ARCHIVE_RECORDS.c.entity, func.count()).group_by(ARCHIVE_RECORDS.c.entity)).all()
    return dict(rows)


def run(engine, practice, root, class_id="dental_file"):
    # images have files: without a media root for their source they would stay live (see test_files.py)
    media = {s: root.parent / "media" / s for s in ("exquise", "oase")}
    return archive.archive_class(engine, "arch", class_id, now=NOW, data_root=practice, root=root, media_roots=media)


def test_archived_records_are_encrypted_verified_and_readable(approved, practice, tmp_path):
    engine, summary = approved
    root = tmp_path / "archive"
    results = run(engine, practice, root)
    expected = {e: c["archive"] for e, c in summary["classes"]["dental_file"]["entities"].items() if c["archive"]}
    assert {r.entity: r.archived for r in results} == expected == recorded(engine)
    # the file holds ciphertext only: no name, no note text
    patients = read_entity("patient", "patient_id", data_root=practice)
    raw = b"".join(p.read_bytes() for p in root.rglob("*.parquet"))
    assert not any(name.encode() in raw for name in patients["last_name"] if len(name) > 4)
    manifest = json.loads(next(root.rglob("_manifest.json")).read_text())
    assert manifest["rows"] > 0 and len(manifest["sha256"]) == 64 and manifest["policy_version"]
    # read back: exactly the planned records, with their canonical content
    back = {(e, h): row for e, h, row in archive.read_archived(engine, root, class_id="dental_file")}
    assert {h for _, h in back} == planned(engine, "dental_file")
    entity, hashed_id = next(k for k in back if k[0] == "patient")
    row = back[(entity, hashed_id)]
    assert hashing.hash_id(HASH_KEY.encode(), row["source_system"], "patient", row["patient_id"]) == hashed_id
    original = patients[
        (patients["source_system"] == row["source_system"]) & (patients["patient_id"] == row["patient_id"])
    ].iloc[0]
    assert row["last_name"] == original["last_name"]
    assert archive.verify_archives(register_url=str(engine.url), root=root) == {
        "batches": len(expected),
        "readable": sum(expected.values()),
        "erased": 0,
    }
    kinds = [e.kind for e in chain.entries(engine)]
    assert kinds.count("retention.archive") == len(expected) and chain.verify(engine).ok


def test_second_run_archives_nothing_twice(approved, practice, tmp_path):
    engine, _ = approved
    root = tmp_path / "archive"
    first = run(engine, practice, root)
    second = run(engine, practice, root)
    assert sum(r.archived for r in second) == 0
    assert [r.already_archived for r in second] == [r.archived for r in first]
    assert len(list(root.rglob("*.parquet"))) == len(first)
    assert [e.kind for e in chain.entries(engine)].count("retention.archive") == len(first)


@pytest.mark.parametrize("crash_point", ["verify", "record", "audit", "second_entity"])
def test_crash_at_any_step_then_rerun_loses_nothing_and_duplicates_nothing(
    approved, practice, tmp_path, monkeypatch, crash_point
):
    engine, summary = approved
    root = tmp_path / "archive"
    expected = {e: c["archive"] for e, c in summary["classes"]["dental_file"]["entities"].items() if c["archive"]}

    class Crash(Exception):
        pass

    def boom(*_a, **_k):
        raise Crash()

    with monkeypatch.context() as m:
        if crash_point == "verify":  # file written, crash before it was read back
            m.setattr(archive, "verify_batch", boom)
        elif crash_point == "record":  # verified, crash inside the register transaction
            original = archive.chain.write_transaction

            def failing(engine_):
                from contextlib import contextmanager

                @contextmanager
                def ctx():
                    with original(engine_) as conn:
                        yield conn
                        raise Crash()

                return ctx()

            m.setattr(archive.chain, "write_transaction", failing)
        elif crash_point == "audit":  # records inserted, crash writing the audit entry
            m.setattr(archive.chain, "append_in", boom)
        else:  # first entity done, crash on the next one
            m.setattr(archive, "write_batch", fail_on_call(archive.write_batch, 2, Crash()))
        with pytest.raises(Crash):
            run(engine, practice, root)
    partial = recorded(engine)
    assert (sum(partial.values()) == 0) == (crash_point != "second_entity")
    results = run(engine, practice, root)
    assert recorded(engine) == expected
    assert {r.entity: r.archived + r.already_archived for r in results} == expected
    assert archive.verify_archives(register_url=str(engine.url), root=root)["readable"] == sum(expected.values())
    # exactly one audit entry per entity batch, and their row counts add up to what was archived
    audits = list(chain.entries(engine, kind="retention.archive"))
    assert sorted(a.payload["entity"] for a in audits) == sorted(expected)
    assert sum(a.payload["rows"] for a in audits) == sum(expected.values())
    assert not any(".tmp-" in p.name for p in root.rglob("*"))


def test_killed_process_between_write_and_record_then_rerun(approved, practice, tmp_path, register_url):
    """A real kill (os._exit, no cleanup, no rollback handler) right after the file was put in place."""
    engine, summary = approved
    root = tmp_path / "archive"
    script = textwrap.dedent(f"""
        import datetime as dt, os, sys
        from pathlib import Path
        from transforms import register
        from transforms.retention import archive
        original = archive.verify_batch
        def die(*a, **k):
            os._exit(9)
        archive.verify_batch = die
        archive.archive_class(register.register_engine({register_url!r}), "arch", "dental_file",
                              now=dt.datetime(2026, 11, 1, 3, tzinfo=dt.timezone.utc),
                              data_root=Path({str(practice)!r}), root=Path({str(root)!r}))
    """)
    done = run_killed(script)
    assert done.returncode == 9, done.stderr.decode()[-2000:]
    assert recorded(engine) == {} and list(root.rglob("*.parquet"))  # a file exists, but nothing counts it
    run(engine, practice, root)
    expected = {e: c["archive"] for e, c in summary["classes"]["dental_file"]["entities"].items() if c["archive"]}
    assert recorded(engine) == expected
    assert archive.verify_archives(register_url=register_url, root=root)["readable"] == sum(expected.values())


def test_tampered_archive_file_fails_verification(approved, practice, tmp_path):
    engine, _ = approved
    root = tmp_path / "archive"
    run(engine, practice, root)
    path = next(root.rglob("*.parquet"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(archive.ArchiveError, match="checksum mismatch"):
        archive.verify_archives(register_url=str(engine.url), root=root)


def test_erasing_a_subject_destroys_their_key_only(approved, practice, tmp_path):
    engine, _ = approved
    root = tmp_path / "archive"
    run(engine, practice, root)
    rows = list(archive.read_archived(engine, root))
    table = pq.read_table(next(p for p in root.rglob("*.parquet") if "/patient/" in str(p)))
    victim = table.column("subject_hash")[0].as_py()
    victim_rows = sum(
        1 for p in root.rglob("*.parquet") for s in pq.read_table(p).column("subject_hash").to_pylist() if s == victim
    )
    assert archive.erase_subject(engine, victim, erased_at=NOW, reason="erasure request (art. 17)")
    assert not archive.erase_subject(engine, victim, erased_at=NOW, reason="again")
    after = list(archive.read_archived(engine, root))
    assert len(after) == len(rows) - victim_rows
    totals = archive.verify_archives(register_url=str(engine.url), root=root)
    assert totals["erased"] == victim_rows and totals["readable"] == len(after)
    [entry] = list(chain.entries(engine, kind="archive.erase_subject"))
    assert entry.payload["subject_hash"] == victim and entry.payload["records"] == victim_rows


def test_refuses_unapproved_class_missing_key_and_holds_win(practice, register_url, tmp_path, monkeypatch):
    engine = register.register_engine(register_url)
    make_plan(AS_OF, register_url=register_url, data_root=practice, plan_id="arch", created_at=NOW)
    with pytest.raises(archive.ArchiveError, match="not approved"):
        run(engine, practice, tmp_path / "a")
    decide(engine, "arch", decided_by="fg", decided_at=NOW, approve=["dental_file", "camera_footage"])
    with pytest.raises(archive.ArchiveError, match="no archive stage"):
        run(engine, practice, tmp_path / "a", class_id="camera_footage")
    monkeypatch.setenv("DCN_ARCHIVE_MASTER_KEY", "")
    with pytest.raises(archive.ArchiveError, match="DCN_ARCHIVE_MASTER_KEY"):
        run(engine, practice, tmp_path / "a")
    monkeypatch.setenv("DCN_ARCHIVE_MASTER_KEY", MASTER_KEY)
    # a hold placed after planning (and approval) still wins
    claim_hold(engine, "category", class_id="dental_file")
    results = run(engine, practice, tmp_path / "a")
    assert sum(r.archived for r in results) == 0 and sum(r.skipped_held for r in results) > 0


def test_archived_records_expire_when_their_term_ends_unless_held(approved, practice, tmp_path):
    engine, _ = approved
    root = tmp_path / "archive"
    run(engine, practice, root)
    with engine.connect() as conn:
        terms = {r.hashed_id: r.term_ends_on for r in conn.execute(select(ARCHIVE_RECORDS))}
    cut = sorted(set(terms.values()))[len(set(terms.values())) // 2]
    as_of = cut + dt.timedelta(days=1)
    # hold one person whose archived records would expire: their key must survive
    patients = read_entity("patient", "patient_id", data_root=practice)
    by_hash = {
        hashing.hash_id(HASH_KEY.encode(), s, "patient", k): (s, k)
        for s, k in zip(patients["source_system"], patients["patient_id"])
    }
    victim = next(h for h, t in terms.items() if t <= cut and h in by_hash)
    source, patient = by_hash[victim]
    claim_hold(engine, "person", source_system=source, subject_kind="patient", subject_key=patient)
    before = {h for _, h, _ in archive.read_archived(engine, root)}
    destroyed = archive.expire_archives(engine, as_of, now=NOW, data_root=practice, root=root)
    after = {h for _, h, _ in archive.read_archived(engine, root)}
    expired = {h for h, t in terms.items() if t <= cut}
    assert destroyed["dental_file"] == len(before - after) > 0
    assert victim in after  # held: still readable
    assert (before - after) <= expired  # only records past their term
    assert {h for h in after if terms[h] > cut} == {h for h in before if terms[h] > cut}
    assert archive.verify_archives(register_url=str(engine.url), root=root)["erased"] == len(before - after)
    [entry] = list(chain.entries(engine, kind="retention.archive_expired"))
    assert entry.payload["records"] == len(before - after)
    assert archive.expire_archives(engine, as_of, now=NOW, data_root=practice, root=root) == {}  # idempotent


def test_frame_plaintexts_are_the_row_plaintexts():
    """The column-wise preparation (what is encrypted) must give the same bytes as the per-row definition."""
    import datetime as dt

    import numpy as np
    import pandas as pd

    from transforms.retention.archive import frame_plaintexts, row_plaintext

    frame = pd.DataFrame(
        {
            "seconds": pd.to_datetime(["2019-01-01 09:00:00", None, "2024-02-29 23:59:59"]),
            "day": pd.to_datetime(["2019-01-01", "2020-12-31", None]).astype("datetime64[s]"),
            "fraction": pd.to_datetime(["2019-01-01 09:00:00.250", "2019-01-01 00:00:00.000", None]),
            "aware": pd.to_datetime(["2019-01-01 09:00", "2019-07-01 09:00", None]).tz_localize("Europe/Amsterdam"),
            "amount": [12.5, np.nan, float("inf")],
            "count": pd.array([1, None, 3], dtype="Int64"),
            "flag": [True, False, None],
            "text": ["é ß", None, '"quoted" \\ \x01 \u2028 😀'],
            "whole": [10**18, 0, -7],
            "mixed": ["a", 1, None],
            "date": [dt.date(2019, 1, 1), None, dt.date(2024, 2, 29)],
        }
    )
    expected = [row_plaintext(dict(zip(frame.columns, row))) for row in frame.itertuples(index=False)]
    assert frame_plaintexts(frame) == expected
