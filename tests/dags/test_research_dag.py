"""The research DAG end to end: extraction, text anonymisation and publication with `airflow dags test` on
generated SQLite practice systems; nothing that identifies a source patient reaches a published file."""

from __future__ import annotations

import json
import subprocess

import duckdb
import pytest

from tests.practice import leaked, published_values, source_identifiers, without_first_of_month

from .conftest import AIRFLOW, KEY, copy_of_night

pytestmark = pytest.mark.airflow


def test_every_dataset_is_published_with_its_reports(night):
    from transforms.research import load_datasets

    root, _, _, _ = night
    for name in load_datasets():
        current = root / "data" / "research" / name / "current"
        assert current.is_symlink(), name
        release = current.resolve()
        files = {p.name for p in release.iterdir()}
        assert {"risk_report.json", "data_dictionary.json", "data_dictionary.md", f"{name}.duckdb"} <= files, files
        report = json.loads((release / "risk_report.json").read_text())
        for table, figures in report["tables"].items():
            assert figures["k_reached"] >= figures["k_configured"] >= 2, (name, table)
            assert figures["rows_in"] == figures["rows_out"] + figures["suppressed"] + figures["excluded"]
            assert (release / f"{table}.parquet").exists()
            with duckdb.connect(str(release / f"{name}.duckdb"), read_only=True) as con:
                assert con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == figures["rows_out"]


def test_nothing_identifying_a_source_patient_is_published(night):
    root, urls, _, _ = night
    identifiers = without_first_of_month(source_identifiers(urls, birth_dates=True))
    assert len(identifiers) > 2000
    values = []
    for release in (root / "data" / "research").glob("*/current"):
        values.extend(published_values(release.resolve()))
    assert len(values) > 10_000
    assert leaked(identifiers, values) == []


def test_the_key_comes_from_the_connection_and_is_never_written(night):
    root, _, _, outputs = night
    assert KEY not in "".join(outputs.values())
    for path in (root / "data").rglob("*"):
        if path.is_file() and path.suffix in {".json", ".md", ".parquet", ".txt", ".log"}:
            assert KEY.encode() not in path.read_bytes(), path


def test_without_a_key_the_run_fails_clearly_and_the_previous_release_stays(night, airflow_home, tmp_path):
    # on a copy: the failed night would otherwise be the shared night's latest run for every later test
    root, _, env, _ = copy_of_night(night, airflow_home, tmp_path)
    before = {p: p.resolve() for p in (root / "data" / "research").glob("*/current")}
    env = {
        k: v for k, v in env.items() if k not in ("AIRFLOW_CONN_DCN_RESEARCH_PSEUDONYM", "DCN_RESEARCH_PSEUDONYM_KEY")
    }
    result = subprocess.run(
        [str(AIRFLOW), "dags", "test", "dcn_research", "2026-11-03T03:00:00+00:00"],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert "state=failed" in output
    assert "dcn_research_pseudonym" in output and "DCN_RESEARCH_PSEUDONYM_KEY" in output
    assert {p: p.resolve() for p in (root / "data" / "research").glob("*/current")} == before
