"""Hostile source rows on a real SQLite practice system: bad bytes and BLOBs are quarantined by column and
kind (never by value) and the source goes on; identifiers stored as numbers are normalised; implausible
dates fail the source gate; no error message or log line repeats a raw value."""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3

import pandas as pd
import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from transforms.sources import staging
from transforms.sources.config import get_source
from transforms.sources.extract import extract_source

from .conftest import PATIENTS

UPPER = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.timezone.utc)
SURNAME = "Geheimnaam"  # planted so a leak is easy to find


def _execute(url: str, *statements: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def _extract(url: str, workspace: dict):
    return extract_source(
        get_source("exquise"), url, UPPER, data_root=workspace["data_root"], register_url=workspace["register_url"]
    )


def test_invalid_utf8_and_blob_rows_are_quarantined_and_the_source_goes_on(copy_of, workspace, caplog, capfd):
    url = copy_of("exquise")
    bad_text = (SURNAME[:4] + "\udcff" + SURNAME[4:]).encode("utf-8", "surrogateescape").hex()
    _execute(
        url,
        f"UPDATE patienten SET achternaam = CAST(X'{bad_text}' AS TEXT) WHERE patnr = 5",
        f"UPDATE patienten SET straat = X'{SURNAME.encode().hex()}00ff' WHERE patnr = 6",
    )
    caplog.set_level(logging.DEBUG)
    report = _extract(url, workspace)
    patient = {e.entity: e for e in report.entities}["patient"]
    assert patient.quarantined == 2 and patient.rows == PATIENTS - 2
    assert patient.reasons == {"last_name: not valid UTF-8": 1, "street: binary value in a text column": 1}
    quarantine = staging.quarantine_dir("exquise", "patient", staging.run_key(UPPER), workspace["data_root"])
    rows = pq.read_table(quarantine / "rows.parquet").to_pandas()
    assert sorted(rows["patnr"].astype(int)) == [5, 6]
    staged = staging.read_entity("patient", "patient_id", data_root=workspace["data_root"])
    assert len(staged) == PATIENTS - 2 and not set(staged.patient_id) & {"5", "6"}
    # other entities of the same source were extracted too
    assert {e.entity: e.rows for e in report.entities}["web_hit"] > 0
    out, err = capfd.readouterr()
    for where in (caplog.text, out, err, repr(report.summary())):
        assert "Geheim" not in where and "naam" not in where


def test_a_database_error_holding_a_value_is_reported_without_it(copy_of, workspace, monkeypatch, caplog, capsys):
    """What the SQLite driver said before: "Could not decode to UTF-8 column 'achternaam' with text '...'"."""
    import transforms.sources.extract as extract_module
    from transforms.cli import main

    def broken(*_a, **_k):
        raise OperationalError(
            "SELECT ...",
            {},
            sqlite3.OperationalError(f"Could not decode to UTF-8 column 'achternaam' with text '{SURNAME}'"),
        )
        yield  # pragma: no cover

    monkeypatch.setattr(extract_module, "stream_frames", broken)
    monkeypatch.setenv("DCN_SOURCE_EXQUISE_URL", copy_of("exquise"))
    monkeypatch.setenv("DCN_DATA_ROOT", str(workspace["data_root"]))
    monkeypatch.setenv("DCN_CONTROL_DB_URL", workspace["register_url"])
    caplog.set_level(logging.DEBUG)
    assert main(["extract", "--source", "exquise", "--entity", "patient", "--as-of", UPPER.isoformat()]) == 1
    out, err = capsys.readouterr()
    assert "exquise" in err and "OperationalError" in err
    for where in (out, err, caplog.text):
        assert SURNAME not in where
    with pytest.raises(Exception) as raised:
        _extract(copy_of("exquise"), workspace)
    assert SURNAME not in str(raised.value) and raised.value.__suppress_context__


def test_numbers_that_are_identifiers_are_normalised_before_the_checksum(copy_of, workspace):
    url = copy_of("exquise")
    _execute(
        url,
        "UPDATE patienten SET bsn = 123456782.0 WHERE patnr = 7",  # a REAL in a text column
        "UPDATE patienten SET bsn = 12345672 WHERE patnr = 8",
    )  # an INTEGER: leading zero lost
    report = _extract(url, workspace)
    assert {e.entity: e for e in report.entities}["patient"].quarantined == 0
    staged = staging.read_entity("patient", "patient_id", data_root=workspace["data_root"]).set_index("patient_id")
    assert staged.loc["7", "bsn"] == "123456782"
    assert staged.loc["8", "bsn"] == "012345672"
    from transforms.identifiers.checksums import is_valid_bsn

    assert is_valid_bsn(staged.loc["7", "bsn"]) and is_valid_bsn(staged.loc["8", "bsn"])


def test_implausible_birth_dates_fail_the_source_gate_check():
    from transforms.quality import checks
    from transforms.quality.config import load_quality_config

    config = load_quality_config()
    ranges = [c for c in config.source.checks if c.check == "date_range"]
    birth = next(c for c in ranges if (c.entity, c.column) == ("patient", "date_of_birth"))
    assert birth.min == dt.date(1900, 1, 1) and birth.severity in ("quarantine", "fail")
    assert any((c.entity, c.column) == ("employee", "date_of_birth") for c in ranges)
    import pyarrow as pa  # as the gate loads a staged partition: date32 to datetime64[ms]

    days = [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(1900, 1, 1), dt.date(1985, 6, 1), None]
    frame = pa.table({"date_of_birth": pa.array(days, pa.date32())}).to_pandas(date_as_object=False)
    result = checks.compute(frame, birth, dt.date(2026, 11, 2), lookup=None)
    assert result.tolist()[:4] == [False, False, True, True] and pd.isna(result.iloc[4])


def test_year_one_birth_date_is_quarantined_by_the_source_gate(copy_of, workspace):
    from transforms.quality.source import validate_source_run

    url = copy_of("exquise")
    _execute(url, "UPDATE patienten SET geboortedatum = '0001-01-01' WHERE patnr = 9")
    _extract(url, workspace)
    report = validate_source_run(
        staging.run_key(UPPER), workspace["data_root"], entities=["patient"], raise_on_failure=False
    )
    quarantine = staging.quarantine_dir("exquise", "patient", staging.run_key(UPPER), workspace["data_root"])
    rows = pq.read_table(quarantine / "quality.parquet").to_pandas()
    assert "9" in set(rows.patient_id)
    assert any("date_of_birth.date_range" in r for r in rows[rows.patient_id == "9"]["_reason"])
    assert report.batches
