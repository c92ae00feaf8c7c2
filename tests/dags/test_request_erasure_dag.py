"""The erasure DAG (`airflow dags test`): given only a request id, it plans and waits for the officer; without an
answer nothing is erased; the officer's answer is recorded and carried out; nothing of the person in its output."""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess

import pytest

from tests.practice import build_practice

from .conftest import AIRFLOW, airflow_env

pytestmark = [pytest.mark.airflow, pytest.mark.slow]
AS_OF = dt.date(2026, 11, 1)
UPPER = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.timezone.utc)
LOGICAL = "2026-11-02T09:00:00+00:00"
KEYS = {
    "DCN_RETENTION_HASH_KEY": "dag-test-hash-key-0123456789abcdefghij",
    "DCN_ARCHIVE_MASTER_KEY": base64.b64encode(bytes(range(32))).decode(),
    "DCN_REQUESTS_KEY": base64.b64encode(bytes(range(1, 33))).decode(),
    "DCN_AUDIT_KEY": "dag-test-audit-key-0123456789abcdefghij",
}


def test_only_a_request_id_goes_in_and_nothing_is_erased_without_an_answer(airflow_home, tmp_path, monkeypatch):
    from fixtures.practice.synthetic import planted_cases
    from transforms import register
    from transforms.requests import erasure, store
    from transforms.requests.config import RequestsConfig
    from transforms.requests.identity import PersonQuery

    data = build_practice(tmp_path, seed=11, patients=120, as_of=AS_OF, upper=UPPER)
    zoe = planted_cases("exquise", 11, 120, AS_OF)["both_vendors"]
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    engine = register.register_engine(f"sqlite:///{data / 'register.db'}")
    record = store.register_request(
        engine,
        types=["erasure", "wgbo_destruction"],
        received=dt.date(2026, 10, 20),
        query=PersonQuery(bsn=zoe.bsn),
        now=dt.datetime(2026, 10, 21, 9, tzinfo=dt.timezone.utc),
        config=RequestsConfig(),
        identity_verified_on=dt.date(2026, 10, 21),
    )
    connections = {
        f"AIRFLOW_CONN_DCN_SOURCE_{s.upper()}": json.dumps({"conn_type": "sqlite", "host": str(tmp_path / f"{s}.db")})
        for s in ("exquise", "oase")
    }
    env = airflow_env(airflow_home, data, **KEYS, **connections)
    result = subprocess.run(
        [
            str(AIRFLOW),
            "dags",
            "test",
            "dcn_request_changes",
            LOGICAL,
            "-c",
            json.dumps({"request_id": record.request_id}),
            "--mark-success-pattern",
            "^approve$",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    plan = erasure.load_plan(engine, record.request_id)
    assert plan.status == "planned" and plan.items  # planned, then nobody answered: nothing decided, nothing done
    assert erasure.journal_counts(engine, record.request_id) == {}
    for value in (zoe.bsn, zoe.email, zoe.last_name):
        assert value not in output
