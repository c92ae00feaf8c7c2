"""Retention's staged reads (``read_batches``, ``newest_per``) go through ``staging.current_state_relation``:
the same rows as the window, whether or not a key is staged twice."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from tests.staged_parts import stage
from transforms.kernel import staging
from transforms.retention.staged import duckdb_session, newest_per, read_batches, staged_query

DAY = dt.date(2026, 1, 1)


def _day(n: int) -> pd.Timestamp:
    return pd.Timestamp(DAY + dt.timedelta(days=n))  # as DuckDB hands a DATE to pandas


def _treatments(root, run: str, ids: list[str], patients: list[str], days: list[int]) -> None:
    dates = [DAY + dt.timedelta(days=d) for d in days]
    stage(root, "treatment", run, {"treatment_id": ids, "patient_id": patients, "treatment_date": dates})


def _batches(root) -> pd.DataFrame:
    frames = read_batches("treatment", "treatment_id", ["treatment_date"], ["exquise"], root, batch_rows=2048)
    return pd.concat(list(frames), ignore_index=True)


def test_streamed_reads_and_newest_per_patient_agree_with_the_window(tmp_path):
    _treatments(tmp_path, "20261101T000000Z", ["t1", "t2", "t3"], ["p1", "p1", "p2"], [0, 5, 9])
    files = staging.staged_files("treatment", data_root=tmp_path)
    with duckdb_session() as (con, _):
        assert "row_number" not in staged_query(con, files, "treatment_id", ["treatment_date"])[0]
    assert _batches(tmp_path)["treatment_id"].tolist() == ["t1", "t2", "t3"]
    newest = newest_per("treatment", "treatment_id", "patient_id", "treatment_date", ["exquise"], tmp_path)
    assert dict(zip(newest["patient_id"], newest["value"])) == {"p1": _day(5), "p2": _day(9)}

    # t2 corrected to an earlier date in a later run: its newest version counts, the older one is gone
    _treatments(tmp_path, "20261102T000000Z", ["t2"], ["p1"], [1])
    files = staging.staged_files("treatment", data_root=tmp_path)
    with duckdb_session() as (con, _):
        assert "row_number" in staged_query(con, files, "treatment_id", ["treatment_date"])[0]
    batches = _batches(tmp_path)
    assert batches["treatment_id"].tolist() == ["t1", "t2", "t3"]
    assert batches["treatment_date"].tolist() == [_day(0), _day(1), _day(9)]
    newest = newest_per("treatment", "treatment_id", "patient_id", "treatment_date", ["exquise"], tmp_path)
    assert dict(zip(newest["patient_id"], newest["value"])) == {"p1": _day(1), "p2": _day(9)}
