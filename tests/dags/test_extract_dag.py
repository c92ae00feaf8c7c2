"""The extraction DAG end to end with `airflow dags test` on generated SQLite practice systems."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pyarrow.parquet as pq
import pytest

from fixtures.practice.vendors import write_system
from transforms.sources import staging
from transforms.sources.config import load_sources

from .conftest import AIRFLOW, airflow_env

pytestmark = pytest.mark.airflow


def test_extract_dag_stages_every_source_and_is_repeatable(airflow_home, tmp_path):
    data_root = tmp_path / "data"
    connections = {}
    for system in ("exquise", "oase"):
        path = tmp_path / f"{system}.db"
        write_system(f"sqlite:///{path}", system, seed=3, patients=120, as_of=dt.date(2026, 11, 1), defects=0.01)
        connections[f"AIRFLOW_CONN_DCN_SOURCE_{system.upper()}"] = json.dumps(
            {"conn_type": "sqlite", "host": str(path)}
        )
    env = airflow_env(airflow_home, data_root, **connections)
    logical = "2026-11-02T01:00:00+00:00"
    for attempt in (1, 2):  # the second run of the same logical date must give the same staging
        result = subprocess.run(
            [str(AIRFLOW), "dags", "test", "dcn_extract", logical], env=env, capture_output=True, text=True, timeout=600
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "state=success" in result.stdout + result.stderr
        key = staging.run_key(dt.datetime.fromisoformat(logical))
        manifest = json.loads((data_root / "runs" / f"{key}.json").read_text())
        if attempt == 1:
            first = manifest
            digests = {
                p: pq.read_table(p / staging.DATA_FILE).to_pandas().to_json()
                for p in data_root.glob("staging/*/*/run=*")
            }
    assert manifest == first
    assert digests == {
        p: pq.read_table(p / staging.DATA_FILE).to_pandas().to_json() for p in data_root.glob("staging/*/*/run=*")
    }
    assert {s["source"] for s in manifest["sources"]} == {s.name for s in load_sources()}
    assert manifest["rows"] > 5000 and manifest["quarantined"] > 0
    assert manifest["quality"]["success"] and manifest["quality"]["batches"] >= 40
    assert manifest["quality"]["data_docs"].endswith("index.html")
    log_text = result.stdout + result.stderr
    assert "BSN" not in log_text and "@" not in log_text.replace("<DagRun dcn_extract @", "")
