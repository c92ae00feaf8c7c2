"""The nightly chain on a real CeleryExecutor with two workers, as compose runs it, on this machine.

A fresh PostgreSQL metadata DB and privacy register, a Redis DB number of its own as the broker, the shared
settings of ``docker/airflow.env`` (FAB auth manager, CeleryExecutor), the roles of ``docker/fab-roles.json``
and the pools of ``docker/pools.json``; api-server, scheduler, dag-processor, triggerer and two Celery
workers, each started in its own process group and stopped by PID at the end, whatever happened. A data
engineer unpauses the DAGs through the REST API, the schedule starts the latest night, and the chain runs extract ->
anonymise text (mapped shards) -> research -> retention, and a privacy officer answers the retention
approval through the REST API. The task instances' hosts in the metadata DB show both workers took tasks.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.databases import POSTGRES, fresh_database
from tests.ops.stack import (
    HOST_SETTINGS,
    INIT_SCRIPT,
    REPO,
    Stack,
    api,
    free_port,
    redis_db,
    shared_settings,
)

pytestmark = [pytest.mark.slow, pytest.mark.airflow, pytest.mark.integration]

WORKERS = ("worker-a", "worker-b")
CHAIN = ("dcn_extract", "dcn_anonymise_text", "dcn_research", "dcn_retention")
PATIENTS = 300  # per practice system: the size the research tests publish both datasets at (k = 5)
USERS = {"engineer": "DataEngineer", "officer": "PrivacyOfficer"}


def host_settings(tmp, meta_url: str, register_url: str, broker: str, port: int, connections: dict) -> dict:
    """This machine's values for :data:`HOST_SETTINGS` (compose sets the same names for its services)."""
    from cryptography.fernet import Fernet

    values = {
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": meta_url,
        "AIRFLOW__CELERY__BROKER_URL": broker,
        "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + meta_url,
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",  # two cores: one task per worker at a time
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__CORE__FERNET_KEY": Fernet.generate_key().decode(),
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
        "AIRFLOW__API__SECRET_KEY": secrets.token_urlsafe(32),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"),
        "DCN_CONTROL_DB_URL": register_url,
        "DCN_DATA_ROOT": str(tmp / "data"),
        "DCN_CONFIG_DIR": str(tmp / "config"),
        "DCN_TEXT_SHARD_ROWS": "1500",  # a few shards per night: both workers share the text
        "DCN_TEXT_PROCESSES": "1",
        "DCN_AUDIT_KEY": secrets.token_urlsafe(32),
        "DCN_REQUESTS_KEY": secrets.token_urlsafe(32),
        "DCN_ARCHIVE_MASTER_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "DCN_RETENTION_HASH_KEY": secrets.token_urlsafe(32),
        "DCN_TEXT_HASH_KEY": secrets.token_urlsafe(32),
        **connections,
    }
    assert set(values) == set(HOST_SETTINGS)
    return values


def last_night() -> dt.date:
    """The day of the latest 02:00 in Amsterdam: the night the unpaused extraction runs for."""
    from zoneinfo import ZoneInfo

    now = dt.datetime.now(ZoneInfo("Europe/Amsterdam"))
    return (now - dt.timedelta(hours=2)).date()


def practice_systems(tmp) -> dict[str, str]:
    """Both vendors' systems, generated (SQLite files every local worker reads), as Airflow Connections."""
    from fixtures.practice.vendors import write_system
    from fixtures.small_practice import without_utility_floors

    without_utility_floors(tmp / "config")
    connections = {}
    for system in ("exquise", "oase"):
        path, media = tmp / f"{system}.db", tmp / "media" / system
        write_system(
            f"sqlite:///{path}",
            system,
            seed=16,
            patients=PATIENTS,
            as_of=last_night() - dt.timedelta(days=1),
            media_dir=media,
        )
        connections[f"AIRFLOW_CONN_DCN_SOURCE_{system.upper()}"] = json.dumps(
            {"conn_type": "sqlite", "host": str(path), "extra": {"media_root": str(media)}}
        )
    connections["AIRFLOW_CONN_DCN_RESEARCH_PSEUDONYM"] = json.dumps(
        {"conn_type": "generic", "password": secrets.token_urlsafe(32)}
    )
    return connections


def wait_for(what: str, check, stack: Stack, timeout: float, every: float = 2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stack.check_alive()
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}; logs in {stack.logs}")


def _interrupt(signum, frame):  # noqa: ARG001 - signal handler signature
    raise KeyboardInterrupt(f"signal {signum}")


def test_nightly_chain_runs_on_two_celery_workers(tmp_path, record_property):
    started = time.monotonic()
    # a SIGTERM to pytest (a CI timeout, a kill) unwinds through the finally below: the stack is stopped, the
    # databases dropped and the Redis DB emptied instead of left behind
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        _night(tmp_path, started, record_property)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _night(tmp_path, started: float, record_property) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    with (
        fresh_database(POSTGRES, "PostgreSQL") as meta_url,
        fresh_database(POSTGRES, "PostgreSQL") as register_url,
        redis_db() as (broker, _number),
    ):
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            **shared_settings(),
            **host_settings(tmp_path, meta_url, register_url, broker, port, practice_systems(tmp_path)),
            "AIRFLOW_HOME": str(tmp_path / "airflow"),
            "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "plugins"), os.environ.get("PYTHONPATH", "")]),
            "DCN_CACHE_DIR": os.environ.get("DCN_CACHE_DIR") or str(REPO / "var" / "cache"),
            "DCN_TASK_RETRIES": "0",  # a failure shows at once
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "tests.ops.worker_host.hostname",
            # docker/init.sh calls `airflow` and `python`: this venv's
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        }
        env.pop("DCN_RESEARCH_PSEUDONYM_KEY", None)  # the key must come from the Connection
        stack = Stack(env, logs)
        passwords = {user: secrets.token_urlsafe(12) for user in USERS}
        try:
            # the same first-start script as compose's airflow-init: migrate, register tables, roles, users, pools
            users = [[user, passwords[user], role] for user, role in USERS.items()]
            stack.run("init", "bash", str(INIT_SCRIPT), extra={"DCN_INIT_USERS": json.dumps(users)})
            stack.start("api-server", "api-server", "--port", str(port), "--workers", "1")
            stack.start("scheduler", "scheduler")
            stack.start("dag-processor", "dag-processor")
            stack.start("triggerer", "triggerer", extra={"AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port())})
            for name in WORKERS:
                stack.start(
                    name,
                    "celery",
                    "worker",
                    "--celery-hostname",
                    f"{name}@%h",
                    extra={
                        "DCN_TEST_WORKER_HOSTNAME": name,
                        "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
                    },
                )
            up = time.monotonic()

            def token(user: str):
                try:
                    return api(base, "POST", "/auth/token", body={"username": user, "password": passwords[user]})[
                        "access_token"
                    ]
                except (AssertionError, OSError):
                    return None

            engineer = wait_for("the api-server", lambda: token("engineer"), stack, 240)
            officer = token("officer")

            def parsed():
                found = api(base, "GET", "/api/v2/dags?dag_id_pattern=dcn_&limit=50", engineer)["dags"]
                return {d["dag_id"] for d in found} >= set(CHAIN)

            wait_for("the DAGs to be parsed", parsed, stack, 240)
            # unpaused, the extraction's schedule (02:00 Amsterdam, catchup off) starts the latest night by
            # itself, as in production; the Assets start the rest of the chain
            for dag_id in CHAIN:
                api(base, "PATCH", f"/api/v2/dags/{dag_id}", engineer, {"is_paused": False})
            # states are read from the metadata DB: polling a busy api-server would only slow the night down
            for dag_id in CHAIN[:-1]:
                wait_for(f"{dag_id} to succeed", lambda d=dag_id: run_state(meta_url, d, logs), stack, 900, every=3)
            run_id = wait_for("the retention approval", lambda: awaiting_approval(meta_url, logs), stack, 600, every=3)
            # the data engineer may not answer it; the privacy officer does
            hitl = f"/api/v2/dags/dcn_retention/dagRuns/{run_id}/taskInstances/approve/-1/hitlDetails"
            # the approval is a multi-select of the plan's classes: the officer approves them all
            classes = [o for o in api(base, "GET", hitl, officer)["options"] if not o.startswith("None of these")]
            with pytest.raises(AssertionError, match="403"):
                api(base, "PATCH", hitl, engineer, {"chosen_options": classes})
            api(base, "PATCH", hitl, officer, {"chosen_options": classes})
            wait_for(
                "dcn_retention to succeed", lambda: run_state(meta_url, "dcn_retention", logs), stack, 900, every=3
            )
            chain_done = time.monotonic()
            rows = task_hosts(meta_url)
        finally:
            killed, leftovers = stack.stop()
    # the evidence is printed at the end of the run (tests/conftest.py), also when the test passes
    evidence = [f"Celery stack: {len(WORKERS)} workers; the task instances of the night and where they ran:"]
    for dag_id, task_id, map_index, host, state in rows:
        evidence.append(
            f"  {dag_id:<20} {task_id + ('' if map_index < 0 else f'[{map_index}]'):<22} {state:<8} on {host}"
        )
    per_host = {h: sum(1 for r in rows if r[3] == h) for h in sorted({r[3] for r in rows})}
    evidence.append(f"  tasks per host: {per_host}")
    evidence.append(
        f"  timings: start-up {up - started:.0f}s (DBs, practice systems, migrate, roles, pools), "
        f"chain {chain_done - up:.0f}s, total {time.monotonic() - started:.0f}s"
    )
    evidence.append(
        f"  stopped by PID: {len(stack.seen)} process trees; needed SIGKILL after the grace: {killed or 'none'}"
    )
    record_property("evidence", "\n".join(evidence))
    assert leftovers == [], f"still running after stop: {leftovers}"
    ran = {r[3] for r in rows if r[4] == "success"}
    assert set(WORKERS) <= ran, f"tasks ran on {sorted(ran)} only"
    assert {r[0] for r in rows if r[4] == "success"} >= set(CHAIN)
    assert any(r[1] == "anonymise" and r[2] >= 1 for r in rows), "text anonymisation was not mapped over shards"


def _query(meta_url: str, sql: str, **params) -> list[tuple]:
    from sqlalchemy import create_engine, text

    engine = create_engine(meta_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def run_state(meta_url: str, dag_id: str, logs) -> bool:
    """True when the DAG's run succeeded; fails the test at once when one failed."""
    states = {s for (s,) in _query(meta_url, "SELECT state FROM dag_run WHERE dag_id = :d", d=dag_id)}
    if "failed" in states:
        raise AssertionError(f"{dag_id} failed; see the task logs under {logs.parent / 'airflow' / 'logs'}")
    return "success" in states


def awaiting_approval(meta_url: str, logs) -> str | None:
    """The retention run id once its approval task waits for an answer."""
    run_state(meta_url, "dcn_retention", logs)
    rows = _query(
        meta_url,
        "SELECT run_id FROM task_instance WHERE dag_id = 'dcn_retention' AND task_id = 'approve' "
        "AND state IN ('awaiting_input', 'deferred')",  # 3.3 parks a waiting approval as awaiting_input
    )
    return rows[0][0] if rows else None


def task_hosts(meta_url: str) -> list[tuple]:
    """(dag, task, map index, host, state) of every task instance in the metadata DB."""
    return _query(
        meta_url,
        "SELECT dag_id, task_id, map_index, coalesce(hostname, ''), coalesce(state, '') FROM task_instance "
        "ORDER BY start_date NULLS LAST, dag_id, task_id, map_index",
    )
