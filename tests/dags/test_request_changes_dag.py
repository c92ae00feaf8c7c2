"""The requests DAG (`airflow dags test dcn_request_changes`): given only a request id, it reads the request's
types from the register, plans and waits for the officer; without an answer nothing is erased; answered, a
restriction with an objection, and a consent withdrawal with a rectification, are carried out, verified and
answered with a letter; nothing of the person in the output. One practice (120 patients) for every run."""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess

import pytest

from tests.practice import build_practice

from .conftest import AIRFLOW, airflow_env, answered_run

pytestmark = [pytest.mark.airflow, pytest.mark.slow]
AS_OF = dt.date(2026, 11, 1)
UPPER = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.timezone.utc)
NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)
KEYS = {
    "DCN_RETENTION_HASH_KEY": "dag-test-hash-key-0123456789abcdefghij",
    "DCN_ARCHIVE_MASTER_KEY": base64.b64encode(bytes(range(32))).decode(),
    "DCN_REQUESTS_KEY": base64.b64encode(bytes(range(1, 33))).decode(),
    "DCN_AUDIT_KEY": "dag-test-audit-key-0123456789abcdefghij",
}


@pytest.fixture(scope="module")
def practice(airflow_home, tmp_path_factory):
    """Both vendors' SQLite systems (120 patients, the planted people), extracted; the Airflow environment."""
    from fixtures.practice.synthetic import planted_cases

    root = tmp_path_factory.mktemp("requests-dag")
    data = build_practice(root, seed=11, patients=120, as_of=AS_OF, upper=UPPER)
    connections = {
        f"AIRFLOW_CONN_DCN_SOURCE_{s.upper()}": json.dumps({"conn_type": "sqlite", "host": str(root / f"{s}.db")})
        for s in ("exquise", "oase")
    }
    env = airflow_env(airflow_home, data, **KEYS, **connections)
    return {"root": root, "data": data, "env": env, "cases": planted_cases("exquise", 11, 120, AS_OF)}


@pytest.fixture
def engine(practice, monkeypatch):
    from transforms import register

    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DCN_DATA_ROOT", str(practice["data"]))
    return register.register_engine(f"sqlite:///{practice['data'] / 'register.db'}")


def _register(engine, person, types: list[str]) -> str:
    from transforms.requests import store
    from transforms.requests.config import RequestsConfig
    from transforms.requests.identity import PersonQuery

    return store.register_request(
        engine,
        types=types,
        received=dt.date(2026, 10, 20),
        query=PersonQuery(bsn=person.bsn),
        now=NOW,
        config=RequestsConfig(),
        identity_verified_on=dt.date(2026, 10, 21),
    ).request_id


def _approved(practice, request_id: str, logical: str) -> str:
    """One run of the DAG for ``request_id``, its plan approved by the officer "fg"; the run's output."""
    output = answered_run(
        practice["env"], "dcn_request_changes", logical, conf={"request_id": request_id}, choose=["Approve"], by="fg"
    )
    assert "answered ['Approve'] by fg" in output and "state=success" in output, output[-3000:]
    return output


def _nothing_of(person, output: str) -> None:
    for value in (person.bsn, person.email, person.last_name):
        assert value not in output


def test_only_a_request_id_goes_in_and_nothing_is_erased_without_an_answer(practice, engine):
    from transforms.requests import erasure

    zoe = practice["cases"]["both_vendors"]
    request_id = _register(engine, zoe, ["erasure", "wgbo_destruction"])
    result = subprocess.run(
        [
            str(AIRFLOW),
            "dags",
            "test",
            "dcn_request_changes",
            "2026-11-02T09:00:00+00:00",
            "-c",
            json.dumps({"request_id": request_id}),
            "--mark-success-pattern",
            "^approve$",
        ],
        env=practice["env"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    plan = erasure.load_plan(engine, request_id)
    assert plan.status == "planned" and plan.items  # planned, then nobody answered: nothing decided, nothing done
    assert erasure.journal_counts(engine, request_id) == {}
    _nothing_of(zoe, output)


def test_a_restriction_with_an_objection_approved_in_the_dag_is_carried_out(practice, engine):
    from transforms.requests import changes, consent, restriction, store

    zoe = practice["cases"]["both_vendors"]
    request_id = _register(engine, zoe, ["restriction", "objection"])
    output = _approved(practice, request_id, "2026-11-03T09:00:00+00:00")
    assert len(restriction.holds_of(engine, request_id)) == 2
    assert {e["kind"] for e in consent.ledger(engine, request_id)} == {"objection"}
    assert all(e["verified_at"] for e in consent.ledger(engine, request_id))
    assert store.get_request(engine, request_id).status == "answered"
    assert (practice["data"] / "requests" / "letters" / request_id / "antwoordbrief.txt").exists()
    assert changes.purposes_of(engine, request_id) == list(consent.PURPOSES)  # config/requests.yml's default
    _nothing_of(zoe, output)


def test_a_withdrawal_with_a_rectification_approved_in_the_dag_is_carried_out(practice, engine):
    from transforms.requests import consent, rectification, store

    person = practice["cases"]["family_head"]
    request_id = _register(engine, person, ["consent_withdrawal", "rectification"])
    sources = {s: f"sqlite:///{practice['root'] / (s + '.db')}" for s in ("exquise", "oase")}
    rectification.propose(
        engine,
        request_id,
        changes=[rectification.Change("email", "nieuw.adres@example.nl")],
        statement=rectification.Statement("Mijn eigen verklaring.", written_at=NOW),
        sources=sources,
        now=NOW,
    )
    output = _approved(practice, request_id, "2026-11-04T09:00:00+00:00")
    counts = rectification.summary(engine, request_id)["counts"]
    assert counts and all(k.endswith(":applied") for k in counts)
    assert {e["kind"] for e in consent.ledger(engine, request_id)} == {"consent_withdrawal"}
    assert store.get_request(engine, request_id).status == "answered"
    _nothing_of(person, output)
    assert "nieuw.adres@example.nl" not in output and "Mijn eigen verklaring" not in output
