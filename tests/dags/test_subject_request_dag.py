"""One request through ``dcn_subject_request`` with Airflow itself (``airflow dags test``): two records fit,
the run stops at the human-in-the-loop step, an officer's answer (recorded the way the Required Actions
page records it) is carried out; and after it, no planted identifier anywhere Airflow or the audit keeps
things: task logs, XCom, run conf, the approval step's subject/body/answer, GX results, the audit chain."""

from __future__ import annotations

import base64
import datetime as dt
import json
import subprocess
import sys

import pytest

from fixtures.practice.synthetic import planted_cases
from fixtures.required_actions import answer

from .conftest import AIRFLOW, airflow_env, airflow_places, leaks

pytestmark = [pytest.mark.airflow, pytest.mark.slow]
SEED, PATIENTS, AS_OF = 11, 120, dt.date(2026, 11, 1)
NIGHT = "2026-11-02T03:00:00+00:00"
KEYS = {
    "DCN_REQUESTS_KEY": base64.b64encode(bytes(range(32, 64))).decode(),
    "DCN_AUDIT_KEY": "request-dag-test-audit-key-0123456789abcdef",
    "DCN_RETENTION_HASH_KEY": "request-dag-test-hash-key-0123456789abcdef",
}


def _planted(person) -> list[str]:
    values = [person.bsn, person.email, person.mobile, person.date_of_birth.isoformat()]
    values += [f"{person.first_name} {person.last_name}", person.date_of_birth.strftime("%d-%m-%Y")]
    return [v for v in values if v]


@pytest.fixture(scope="module")
def world(airflow_home, tmp_path_factory):
    """Both vendors on SQLite, extracted and through the source quality gate (GX) as the extract DAG does
    it, but in this process (the extract DAG itself has its own DAG test; through Airflow it costs minutes)."""
    from fixtures.practice.vendors import write_system
    from transforms.quality.source import validate_source_run
    from transforms.sources.config import load_sources
    from transforms.sources.extract import extract_source
    from transforms.sources.staging import single_run_key

    root = tmp_path_factory.mktemp("request-dag")
    connections, summaries = {}, []
    sources = {s.name: s for s in load_sources()}
    upper = dt.datetime.fromisoformat(NIGHT)
    for system in ("exquise", "oase"):
        path = root / f"{system}.db"
        write_system(f"sqlite:///{path}", system, seed=SEED, patients=PATIENTS, as_of=AS_OF)
        connections[f"AIRFLOW_CONN_DCN_SOURCE_{system.upper()}"] = json.dumps(
            {"conn_type": "sqlite", "host": str(path)}
        )
        report = extract_source(
            sources[system],
            f"sqlite:///{path}",
            upper,
            data_root=root / "data",
            register_url=f"sqlite:///{root / 'x.db'}",
        )
        summaries.append(report.summary())
    validate_source_run(single_run_key(summaries), root / "data", raise_on_failure=False)
    return root, airflow_env(airflow_home, root / "data", **connections, **KEYS)


def _register(env: dict, **identifiers) -> str:
    """``requests new`` as the officer runs it (the CLI: the same door as the form)."""
    args = [sys.executable, "-m", "transforms", "requests", "new", "--type", "access", "--received", "2026-10-20"]
    args += ["--identity-verified-on", "2026-10-21"]
    for flag, value in identifiers.items():
        args += [f"--{flag.replace('_', '-')}", value]
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.timeout(1800)  # an extraction and a request run through Airflow; minutes on a loaded machine
def test_an_ambiguous_request_waits_for_the_officer_and_leaves_no_identifier(world, airflow_home, monkeypatch):
    root, env = world
    for name, value in KEYS.items():  # this process reads the register and the audit chain as the tasks did
        monkeypatch.setenv(name, value)
    cases = planted_cases("exquise", SEED, PATIENTS, AS_OF)
    head, child = cases["family_head"], cases["family_child"]
    request_id = _register(env, email=head.email)  # the family's shared e-mail: two patients fit

    run = subprocess.Popen(
        [str(AIRFLOW), "dags", "test", "dcn_subject_request", NIGHT, "--conf", json.dumps({"request_id": request_id})],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # the officer's answer, recorded as the Required actions page records it, while the run waits for it
    shown = answer(
        env, "dcn_subject_request", "approve", {"request_id": request_id}, ["Kandidaat A"], {"flagged_texts": "include"}
    )
    output, _ = run.communicate(timeout=600)
    (root / "dag.log").write_text(output)
    assert shown["answered"], output[-3000:]
    assert run.returncode == 0 and "state=success" in output, output[-3000:]
    assert "Kandidaat A" in shown["body"] and "Kandidaat B" in shown["body"] and request_id in shown["subject"]

    from transforms import register
    from transforms.audit import chain
    from transforms.requests import store

    engine = register.register_engine(env["DCN_CONTROL_DB_URL"])
    record = store.get_request(engine, request_id)
    assert record.status == "answered" and record.outcome in ("provided", "partially_provided")
    packages = list((root / "data" / "requests" / "packages" / request_id).rglob("*.zip"))
    assert len(packages) == 1

    # --- the scan: every place Airflow and the audit keep things ---
    planted = _planted(head) + _planted(child)
    places: dict[str, str] = {"dags test output": output, "approval step as shown": json.dumps(shown)}
    places.update(airflow_places(airflow_home, "dcn_subject_request"))
    gx = root / "data" / "quality"
    assert gx.exists()
    places["GX results"] = "\n".join(p.read_text(errors="replace") for p in gx.rglob("*.json"))
    places["audit chain"] = "\n".join(json.dumps(e.payload, default=str) for e in chain.entries(engine))
    assert chain.verify(engine).ok
    assert request_id in places["xcom"] and request_id in places["audit chain"]  # the scan sees the right rows
    found = {place: leaks(text, planted) for place, text in places.items()}
    assert {p: hits for p, hits in found.items() if hits} == {}


def test_a_conf_with_anything_but_a_request_id_stops_without_repeating_it(world):
    root, env = world
    bsn = planted_cases("exquise", SEED, PATIENTS, AS_OF)["both_vendors"].bsn
    result = subprocess.run(
        [str(AIRFLOW), "dags", "test", "dcn_subject_request", "2026-11-03T03:00:00+00:00"]
        + ["--conf", json.dumps({"request_id": bsn})],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert "state=failed" in output and "not a request id" in output, output[-3000:]
    # the conf is Airflow's to store (which is why only an id belongs there); our tasks never repeat it
    task_lines = [line for line in output.splitlines() if "dcn_airflow" in line or "transforms" in line]
    assert not [line for line in task_lines if bsn in line]
