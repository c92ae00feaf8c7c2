"""Extraction on SQLite: round trip to the canonical model, increments, idempotent re-runs, quarantine."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pandas as pd
import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, text

from fixtures.practice.synthetic import SYSTEMS, generate
from fixtures.practice.vendors import write_system
from tests.faults import fail_on_call
from tests.practice import sql_value
from transforms.kernel.config import ConfigError
from transforms.sources import staging
from transforms.sources.config import get_source, load_sources
from transforms.sources.extract import extract_source

from .conftest import AS_OF, PATIENTS, SEED

FIRST = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.timezone.utc)
SECOND = dt.datetime(2026, 11, 3, 1, 0, tzinfo=dt.timezone.utc)


def _extract(system: str, url: str, upper: dt.datetime, workspace: dict, **kwargs):
    return extract_source(
        get_source(system),
        url,
        upper,
        data_root=workspace["data_root"],
        register_url=workspace["register_url"],
        **kwargs,
    )


@pytest.mark.parametrize("system", ["exquise", "oase"])
def test_full_load_round_trips_to_the_canonical_model(system, sqlite_systems, workspace):
    report = _extract(system, sqlite_systems[system], FIRST, workspace)
    assert report.quarantined == 0
    staged = staging.read_entity("patient", "patient_id", data_root=workspace["data_root"])
    expected = pd.DataFrame(
        [row for name, rows in generate(SYSTEMS[system], SEED, PATIENTS, AS_OF) if name == "patient" for row in rows]
    )
    assert len(staged) == len(expected) == PATIENTS
    staged = staged.assign(patient_id=staged.patient_id.astype(int)).set_index("patient_id").sort_index()
    expected = expected.set_index("patient_id").sort_index()
    for column in ("patient_number", "bsn", "email", "phone_mobile", "postcode", "sex", "salutation", "last_name"):
        assert staged[column].fillna("").tolist() == expected[column].fillna("").tolist(), column
    for column in ("date_of_birth", "date_of_death", "registered_on"):
        got = [d.date() if pd.notna(d) else None for d in pd.to_datetime(staged[column])]
        assert got == expected[column].tolist(), column
    assert (pd.to_datetime(staged.last_clinical_change_at) == pd.to_datetime(expected.last_clinical_change_at)).all()
    assert set(staged.source_system) == {system}


def test_every_entity_is_staged_with_all_source_rows(sqlite_systems, workspace):
    report = _extract("oase", sqlite_systems["oase"], FIRST, workspace)
    source = get_source("oase")
    by_entity = {e.entity: e for e in report.entities}
    for entity, mapping in source.entities.items():
        if mapping.table:
            assert by_entity[entity].rows == sql_value(
                sqlite_systems["oase"], f"SELECT COUNT(*) FROM {mapping.table}"
            ), entity
    invoices = staging.read_entity("invoice", "invoice_id", data_root=workspace["data_root"])
    assert (invoices.fiscal_year == pd.to_datetime(invoices.invoice_date).dt.year).all(), "derived fiscal year"
    hits = staging.read_entity("web_hit", "hit_id", data_root=workspace["data_root"])
    assert hits.ip_address.str.endswith(".0").all(), "IP addresses are truncated at ingestion"
    payroll = staging.read_entity("payroll", "payroll_id", data_root=workspace["data_root"])
    assert (pd.to_datetime(payroll.period).dt.day == 1).all()


def test_increment_takes_only_changed_rows_and_current_state_is_updated(copy_of, workspace):
    url = copy_of("exquise")
    _extract("exquise", url, FIRST, workspace)
    engine = create_engine(url)
    with engine.begin() as conn:  # an address change and a new web hit after the first run
        conn.execute(
            text("UPDATE patienten SET straat = 'Nieuwe Gracht', gewijzigd_op = '2026-11-02 10:00:00' WHERE patnr = 1")
        )  # a household head: no family link
        conn.execute(
            text(
                "INSERT INTO webstatistiek (hit_id, tijdstip, ip, pagina) "
                "VALUES (999999, '2026-11-02 11:00:00', '10.1.2.3', '/contact')"
            )
        )
    engine.dispose()
    report = _extract("exquise", url, SECOND, workspace)
    counts = {e.entity: e.rows for e in report.entities}
    assert counts["patient"] == 1 and counts["web_hit"] == 1
    assert sum(counts.values()) == 2, counts
    patients = staging.read_entity("patient", "patient_id", data_root=workspace["data_root"])
    assert len(patients) == PATIENTS, "no duplicates across runs"
    patient = patients.set_index("patient_id").loc["1"]
    assert patient.street == "Nieuwe Gracht"
    # the address change moved updated_at, not the WGBO trigger
    assert patient.last_clinical_change_at < pd.Timestamp("2026-11-02 10:00:00")


def test_rerun_of_the_same_run_gives_the_same_partition(copy_of, workspace):
    url = copy_of("exquise")
    _extract("exquise", url, FIRST, workspace)
    partition = staging.partition_dir("exquise", "patient", staging.run_key(FIRST), workspace["data_root"])
    before = pq.read_table(partition / staging.DATA_FILE)
    engine = create_engine(url)
    with engine.begin() as conn:  # rows that arrive after the run must not leak into its re-run
        conn.execute(text("UPDATE patienten SET gewijzigd_op = '2026-11-02 12:00:00' WHERE patnr <= 3"))
        conn.execute(
            text("INSERT INTO webstatistiek (hit_id, tijdstip, ip) VALUES (999999, '2026-10-01 11:00:00', '1.2.3.4')")
        )
    engine.dispose()
    report = _extract("exquise", url, FIRST, workspace)
    after = pq.read_table(partition / staging.DATA_FILE)
    # The three updated patients moved past the window and the new hit is beyond the stored id mark.
    assert after.num_rows == before.num_rows - 3
    assert {e.entity: e.window for e in report.entities}["web_hit"][1] == str(PATIENTS * 2)
    second = _extract("exquise", url, SECOND, workspace)
    assert {e.entity: e.rows for e in second.entities}["patient"] == 3
    assert {e.entity: e.rows for e in second.entities}["web_hit"] == 1
    assert len(staging.read_entity("patient", "patient_id", data_root=workspace["data_root"])) == PATIENTS


def test_bad_rows_are_quarantined_with_a_reason_and_counted(tmp_path, workspace):
    url = f"sqlite:///{tmp_path / 'defects.db'}"
    write_system(url, "oase", seed=SEED, patients=400, as_of=AS_OF, defects=0.02)
    report = _extract("oase", url, FIRST, workspace)
    patient = {e.entity: e for e in report.entities}["patient"]
    assert patient.quarantined > 0
    assert patient.rows + patient.quarantined == 400, "nothing is dropped silently"
    assert set(patient.reasons) == {"date_of_birth: not a date in format %d-%m-%Y"}
    rows = pq.read_table(
        staging.quarantine_dir("oase", "patient", staging.run_key(FIRST), workspace["data_root"]) / "rows.parquet"
    ).to_pandas()
    assert len(rows) == patient.quarantined
    assert rows["_reason"].str.startswith("date_of_birth:").all()
    assert rows["birth_date"].isin(["onbekend", "31-02-1975", "00-00-0000"]).all()


def test_unknown_codes_are_quarantined(tmp_path, workspace):
    url = f"sqlite:///{tmp_path / 'defects.db'}"
    write_system(url, "exquise", seed=SEED, patients=300, as_of=AS_OF, defects=0.02)
    report = _extract("exquise", url, FIRST, workspace)
    appointment = {e.entity: e for e in report.entities}["appointment"]
    assert appointment.quarantined > 0 and appointment.reasons == {"status: unknown code": appointment.quarantined}


def test_a_crash_leaves_no_partial_partition_and_the_rerun_completes(copy_of, workspace, monkeypatch):
    import transforms.sources.extract as extract_module

    url = copy_of("oase")
    real = extract_module.to_canonical
    source = get_source("oase").model_copy(update={"chunk_size": 100})
    monkeypatch.setattr(extract_module, "to_canonical", fail_on_call(real, 3, RuntimeError("simulated crash")))

    def extract_patients():
        return extract_source(
            source,
            url,
            FIRST,
            data_root=workspace["data_root"],
            register_url=workspace["register_url"],
            entities=["patient"],
        )

    with pytest.raises(RuntimeError):
        extract_patients()
    entity_dir = staging.staging_root(workspace["data_root"]) / "oase" / "patient"
    assert staging.committed_partitions("oase", "patient", workspace["data_root"]) == []
    assert not any(p.name.startswith("run=") and ".tmp" in p.name for p in entity_dir.iterdir())
    monkeypatch.setattr(extract_module, "to_canonical", real)
    report = extract_patients()
    assert report.rows == PATIENTS


def test_mapping_that_does_not_fit_the_database_stops_before_writing(copy_of, workspace):
    url = copy_of("exquise")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE facturen DROP COLUMN boekjaar"))
    engine.dispose()
    with pytest.raises(ConfigError, match="column 'boekjaar' does not exist in table 'facturen'"):
        _extract("exquise", url, FIRST, workspace)
    assert not staging.staging_root(workspace["data_root"]).exists()


def test_no_personal_data_in_logs_or_report(tmp_path, workspace, caplog, monkeypatch):
    url = f"sqlite:///{tmp_path / 'defects.db'}"
    write_system(url, "oase", seed=SEED, patients=200, as_of=AS_OF, defects=0.05)
    monkeypatch.setenv("DCN_PROGRESS", "log")  # as in an Airflow task: a progress line after every chunk
    monkeypatch.setenv("DCN_PROGRESS_EVERY", "1")
    with caplog.at_level(logging.DEBUG):
        report = _extract("oase", url, FIRST, workspace)
    assert "extract oase.patient: " in caplog.text
    said = caplog.text + json.dumps(report.summary())
    engine = create_engine(url)
    with engine.connect() as conn:
        values = [v for (v,) in conn.execute(text("SELECT value FROM person_contacts"))]
        values += [v for (v,) in conn.execute(text("SELECT surname FROM persons"))]
        values += [v for (v,) in conn.execute(text("SELECT birth_date FROM persons"))]
    engine.dispose()
    leaked = [v for v in values if v and len(v) > 4 and v in said]
    assert leaked == []


def test_rejects_naive_upper_bound(sqlite_systems, workspace):
    with pytest.raises(ValueError, match="timezone-aware"):
        _extract("oase", sqlite_systems["oase"], dt.datetime(2026, 11, 2), workspace)


def test_all_sources_configs_are_extractable(sqlite_systems, workspace):
    for source in load_sources():
        report = _extract(source.name, sqlite_systems[source.name], FIRST, workspace)
        assert report.rows > 0
    manifests = list(staging.staging_root(workspace["data_root"]).glob("*/*/run=*/_manifest.json"))
    assert len(manifests) == sum(len(s.entities) for s in load_sources())
