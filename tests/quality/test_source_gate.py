"""The source gate on real extracted data: passes when clean, quarantines or fails per severity on defects."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from transforms.quality.report import QualityGateError, QualityGateFailed
from transforms.quality.source import QUARANTINE_FILE, validate_source_run
from transforms.sources import staging

from .conftest import RUN_KEY, replace_staged, set_value, staged_table

INVALID_BSN = "123456789"  # 11-proef: 147 mod 11 = 4


def quarantined(root, source, entity):
    path = staging.quarantine_dir(source, entity, RUN_KEY, root) / QUARANTINE_FILE
    return pq.read_table(path).to_pandas() if path.exists() else None


def outcome(report, source, entity, name):
    batch = next(b for b in report.batches if b.source == source and b.entity == entity)
    return next(o for o in batch.outcomes if o.name == name)


def test_clean_run_passes_everywhere_and_builds_data_docs(data_root):
    report = validate_source_run(RUN_KEY, data_root)

    assert report.success and report.rows_quarantined == 0
    assert {b.source for b in report.batches} == {"exquise", "oase"}
    assert len(report.batches) == 42  # 21 canonical entities x 2 sources
    assert all(o.success for b in report.batches for o in b.outcomes)
    docs = report.data_docs
    assert docs.endswith("index.html") and (data_root / "quality").as_posix() in docs
    html = open(docs, encoding="utf-8").read()
    assert "source.patient" in html or "source/patient" in html
    evidence = json.loads((data_root / "quality" / "reports" / "source" / f"{RUN_KEY}.json").read_text())
    assert evidence["success"] is True and evidence["batches"] == 42
    assert not list(data_root.rglob(QUARANTINE_FILE))


@pytest.mark.parametrize(
    "entity, column, value, expectation",
    [
        ("patient", "bsn", INVALID_BSN, "patient.bsn.bsn_11proef"),
        ("patient", "date_of_birth", dt.date(2027, 3, 1), "patient.date_of_birth.not_after_run"),
        ("patient", "sex", "Q", "patient.sex.allowed_values"),
        ("appointment", "status", "verzet", "appointment.status.allowed_values"),
        ("treatment", "performed_on", None, "treatment.performed_on.not_null"),
        ("treatment", "patient_id", "no-such-patient", "treatment.patient_id.references.patient"),
        ("treatment", "performed_on", dt.date(1901, 1, 1), "treatment.performed_on.not_before_birth"),
        ("payment", "payer_iban", "NL00ABNA0123456789", "payment.payer_iban.iban"),
    ],
)
def test_a_planted_row_defect_is_quarantined_with_its_reason(data_root, entity, column, value, expectation):
    table = staged_table(data_root, "oase", entity)
    row = 5
    replace_staged(data_root, "oase", entity, set_value(table, column, row, value))
    key_column = {
        "patient": "patient_id",
        "appointment": "appointment_id",
        "treatment": "treatment_id",
        "payment": "payment_id",
    }[entity]
    planted_key = table.column(key_column)[row].as_py()

    report = validate_source_run(
        RUN_KEY, data_root, sources=["oase"], entities=["practice", "patient", "invoice", entity]
    )

    assert report.success  # quarantine does not fail the run
    found = outcome(report, "oase", entity, expectation)
    assert not found.success and found.unexpected_count == 1 and found.quarantined == 1
    moved = quarantined(data_root, "oase", entity)
    assert list(moved[key_column]) == [planted_key]
    assert moved["_reason"].iloc[0] == f"quality: {expectation}"
    remaining = staged_table(data_root, "oase", entity)
    assert remaining.num_rows == table.num_rows - 1
    assert planted_key not in remaining.column(key_column).to_pylist()
    manifest = staging.read_manifest(staging.partition_dir("oase", entity, RUN_KEY, data_root))
    assert manifest["rows"] == remaining.num_rows and manifest["quality_quarantined"] == 1
    assert manifest["sha256"] == staging.sha256_of(
        staging.partition_dir("oase", entity, RUN_KEY, data_root) / staging.DATA_FILE
    )


def test_a_duplicate_key_quarantines_every_copy(data_root):
    table = staged_table(data_root, "exquise", "patient")
    replace_staged(data_root, "exquise", "patient", pa.concat_tables([table, table.slice(3, 1)]))

    report = validate_source_run(RUN_KEY, data_root, sources=["exquise"], entities=["practice", "patient"])

    found = outcome(report, "exquise", "patient", "patient.patient_id.unique")
    assert found.unexpected_count == 2 and found.quarantined == 2
    moved = quarantined(data_root, "exquise", "patient")
    assert len(moved) == 2 and moved["patient_id"].nunique() == 1
    assert staged_table(data_root, "exquise", "patient").num_rows == table.num_rows - 1


def test_children_of_a_quarantined_patient_follow_it(data_root):
    patients = staged_table(data_root, "exquise", "patient")
    treatments = staged_table(data_root, "exquise", "treatment").to_pandas()
    victim = treatments["patient_id"].iloc[0]
    row = patients.column("patient_id").to_pylist().index(victim)
    replace_staged(data_root, "exquise", "patient", set_value(patients, "bsn", row, INVALID_BSN))

    report = validate_source_run(RUN_KEY, data_root, sources=["exquise"], entities=["practice", "patient", "treatment"])

    orphaned = int((treatments["patient_id"] == victim).sum())
    found = outcome(report, "exquise", "treatment", "treatment.patient_id.references.patient")
    assert found.quarantined == orphaned > 0
    assert set(quarantined(data_root, "exquise", "treatment")["patient_id"]) == {victim}


@pytest.mark.parametrize(
    "plant, expectation",
    [
        ("drop_column", "treatment.columns"),
        ("wrong_type", "treatment.tariff_cents.type"),
        ("practice_unknown", "treatment.practice_id.references.practice"),
    ],
)
def test_a_fail_severity_defect_fails_the_run_and_moves_nothing(data_root, plant, expectation):
    table = staged_table(data_root, "oase", "treatment")
    if plant == "drop_column":
        table = table.drop_columns(["tooth_element"])
    elif plant == "wrong_type":
        index = table.schema.get_field_index("tariff_cents")
        table = table.set_column(
            index,
            pa.field("tariff_cents", pa.string()),
            pa.array([str(v) for v in table.column("tariff_cents").to_pylist()]),
        )
    else:
        table = set_value(table, "practice_id", 0, "999")
    replace_staged(data_root, "oase", "treatment", table)

    with pytest.raises(QualityGateFailed) as failed:
        validate_source_run(RUN_KEY, data_root, sources=["oase"], entities=["practice", "patient", "treatment"])

    report = failed.value.report
    assert not report.success and expectation in str(failed.value)
    assert not outcome(report, "oase", "treatment", expectation).success
    assert report.rows_quarantined == 0 and quarantined(data_root, "oase", "treatment") is None
    assert staged_table(data_root, "oase", "treatment").num_rows == table.num_rows


def test_a_null_rate_jump_fails_a_full_batch_but_only_warns_on_a_small_one(data_root):
    patients = staged_table(data_root, "oase", "patient")
    assert patients.num_rows >= 100
    no_bsn = patients.set_column(
        patients.schema.get_field_index("bsn"),
        "bsn",
        pa.array(
            [None] * (patients.num_rows // 2) + patients.column("bsn").to_pylist()[patients.num_rows // 2 :],
            type=pa.string(),
        ),
    )
    replace_staged(data_root, "oase", "patient", no_bsn)
    with pytest.raises(QualityGateFailed, match="patient.bsn.null_rate"):
        validate_source_run(RUN_KEY, data_root, sources=["oase"], entities=["practice", "patient"])

    replace_staged(data_root, "oase", "patient", no_bsn.slice(0, 40))  # an incremental night: 40 changed rows
    report = validate_source_run(RUN_KEY, data_root, sources=["oase"], entities=["practice", "patient"])
    found = outcome(report, "oase", "patient", "patient.bsn.null_rate")
    assert report.success and not found.success and found.effective_severity == "warn"


def test_rerun_and_crash_between_quarantine_and_partition_leave_one_consistent_state(data_root, monkeypatch):
    table = staged_table(data_root, "oase", "patient")
    replace_staged(data_root, "oase", "patient", set_value(table, "bsn", 2, INVALID_BSN))
    real_commit = staging.PartitionWriter.commit

    def crash(self, manifest=None):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(staging.PartitionWriter, "commit", crash)
    with pytest.raises(OSError):
        validate_source_run(RUN_KEY, data_root, sources=["oase"], entities=["practice", "patient"])
    assert len(quarantined(data_root, "oase", "patient")) == 1  # quarantine written first ...
    assert staged_table(data_root, "oase", "patient").num_rows == table.num_rows  # ... partition untouched
    monkeypatch.setattr(staging.PartitionWriter, "commit", real_commit)

    first = validate_source_run(RUN_KEY, data_root, sources=["oase"], entities=["practice", "patient"])
    again = validate_source_run(RUN_KEY, data_root, sources=["oase"], entities=["practice", "patient"])

    assert first.rows_quarantined == 1 and again.rows_quarantined == 0 and again.success
    assert len(quarantined(data_root, "oase", "patient")) == 1
    assert staged_table(data_root, "oase", "patient").num_rows == table.num_rows - 1


def test_the_gate_fails_closed_when_it_cannot_run(data_root, tmp_path, monkeypatch):
    with pytest.raises(QualityGateError, match="nothing staged"):
        validate_source_run("20990101T000000Z", data_root)

    broken = tmp_path / "expectations"
    import shutil

    from transforms.quality.suites import expectations_dir

    shutil.copytree(expectations_dir(), broken)
    (broken / "gx" / "checkpoints" / "source.practice.json").write_text("{not json")
    monkeypatch.setenv("DCN_EXPECTATIONS_DIR", str(broken))
    with pytest.raises(QualityGateError, match="source.practice"):
        validate_source_run(RUN_KEY, data_root, entities=["practice"])


def test_a_disagreement_between_gx_and_the_runner_stops_the_gate(data_root, monkeypatch):
    table = staged_table(data_root, "oase", "patient")
    replace_staged(data_root, "oase", "patient", set_value(table, "bsn", 2, INVALID_BSN))
    import transforms.quality.source as source_gate

    monkeypatch.setattr(source_gate, "_mask", lambda frame, raw: pd.Series(False, index=frame.index))
    with pytest.raises(QualityGateError, match="GX counted 1 unexpected rows, the runner found 0"):
        validate_source_run(RUN_KEY, data_root, sources=["oase"], entities=["practice", "patient"])
    assert staged_table(data_root, "oase", "patient").num_rows == table.num_rows  # nothing moved


def test_a_quiet_night_with_empty_partitions_passes(data_root, pristine, tmp_path):
    import shutil

    from transforms.sources.config import load_sources
    from transforms.sources.extract import extract_source

    from .conftest import UPPER

    for part in pristine.parent.glob("register.db*"):  # with its WAL: the windows of the first run
        shutil.copy(part, tmp_path / part.name)
    next_night = UPPER + dt.timedelta(days=1)
    for source in load_sources():
        extract_source(
            source,
            f"sqlite:///{pristine.parent / (source.name + '.db')}",
            next_night,
            data_root=data_root,
            register_url=f"sqlite:///{tmp_path / 'register.db'}",
        )

    report = validate_source_run(staging.run_key(next_night), data_root)

    assert report.success and len(report.batches) == 42 and sum(b.rows for b in report.batches) == 0
