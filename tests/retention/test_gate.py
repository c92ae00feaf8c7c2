"""The retention quality gate on a real disposal run: live systems re-queried for the run's classes, archive
copies looked up; passes on a normal run, blocks a planted overdue record and a missing archive copy."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, Table, create_engine, delete, select

from tests.retention.conftest import NOW, archive_night, dispose_night
from tests.retention.test_dispose import SOURCES, approve_all, planned_keys, world  # noqa: F401 - fixture
from transforms.quality.report import QualityGateFailed
from transforms.register.schema import ARCHIVE_RECORDS
from transforms.retention import dispose, gate
from transforms.retention.approval import auto_approve, decide

ROUTINE = ["camera_footage", "contact_forms", "security_logs", "supplier_contacts", "web_analytics"]


def carry_out(w, classes=None):
    """Approve and carry out these classes (all when None); the gate looks at the approved classes."""
    if classes is None:
        approve_all(w)
    else:
        auto_approve(w["engine"], "d1", decided_at=NOW)
        extra = sorted(set(classes) - set(ROUTINE))
        if extra:
            decide(w["engine"], "d1", decided_by="fg", decided_at=NOW, approve=extra)
    archive_night(w)
    if classes is None:
        return dispose_night(w)
    return {
        c: dispose.dispose_class(
            w["engine"], "d1", c, source_urls=w["urls"], now=NOW, data_root=w["data"], media_roots=w["media"]
        )
        for c in classes
    }


def validate(w, **kwargs):
    return gate.validate_plan(w["engine"], "d1", source_urls=w["urls"], data_root=w["data"], **kwargs)


def test_a_full_run_passes_the_gate(world):
    w = world
    carry_out(w)
    summary = validate(w)
    assert summary["remaining"] > 0 and summary["removed"] > 0 and summary["archived"] > 0
    removed, archived = gate.removed_and_archived(w["engine"], "d1")
    assert removed["requires_archive"].any() and archived["verified"].all()
    remaining = gate.remaining_frame(w["engine"], "d1", source_urls=w["urls"], data_root=w["data"])
    assert set(remaining.columns) == {"class_id", "entity", "hashed_id", "term_ends_on", "held"}
    assert remaining["hashed_id"].str.fullmatch(r"[0-9a-f]{64}").all()  # hashed ids only


def test_an_overdue_record_put_back_after_disposal_fails_the_gate(world):
    w = world
    engine = create_engine(w["urls"]["exquise"])
    mapping = SOURCES["exquise"].entities["web_hit"]
    table = Table(mapping.table, MetaData(), autoload_with=engine)
    key_column = mapping.columns["hit_id"].column
    hit = sorted(planned_keys(w, "web_analytics", "web_hit", "hit_id")["exquise"], key=int)[0]
    with engine.connect() as conn:
        row = dict(conn.execute(select(table).where(table.c[key_column] == int(hit))).one()._mapping)
    carry_out(w, ROUTINE)
    assert validate(w)["success"]
    with engine.begin() as conn:  # the expired, unheld hit is back (a restore, a sync, a bug)
        conn.execute(table.insert().values(row))
    engine.dispose()
    with pytest.raises(QualityGateFailed, match=r"retention\.within_term_or_held") as failure:
        validate(w)
    assert "within_term_or_held failed in class web_analytics" in str(failure.value.report.as_dict())


def test_a_missing_archive_copy_fails_the_gate(world):
    w = world
    carry_out(w, ["billing", *ROUTINE])
    removed, _ = gate.removed_and_archived(w["engine"], "d1")
    unloaded = removed[removed["requires_archive"]]
    assert len(unloaded)
    with w["engine"].begin() as conn:  # one archived copy lost from the register
        conn.execute(delete(ARCHIVE_RECORDS).where(ARCHIVE_RECORDS.c.hashed_id == unloaded["hashed_id"].iloc[0]))
    with pytest.raises(QualityGateFailed, match=r"retention\.archived_if_required"):
        validate(w)


def test_validate_and_purge_from_the_command_line(world, monkeypatch, capsys):
    from transforms.cli import main

    w = world
    carry_out(w, ROUTINE)
    for name, url in w["urls"].items():
        monkeypatch.setenv(f"DCN_SOURCE_{name.upper()}_URL", url)
    base = ["retention", "--register-url", w["register_url"]]
    assert main([*base, "validate", "d1", "--data-root", str(w["data"])]) == 0
    out = capsys.readouterr().out
    assert "retention gate passed" in out and "Data Docs" in out
    assert main([*base, "purge-staging", "d1", "--data-root", str(w["data"])]) == 0
    out = capsys.readouterr().out
    assert "staging.exquise.web_hit" in out and "removed" in out
