"""The nightly chain's Deadline Alert: not finished by 07:00 Amsterdam -> one alert through the notifier.

The slow test runs it for real: the DAGs serialized by Airflow, a run of ``dcn_extract`` for a night long
gone (its deadline is already past when the run is created), the scheduler's own loop marks it missed and
queues the callback, and a real ``airflow triggerer`` runs it into a local webhook receiver.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import time

import pytest

from dcn_airflow.deadline import NIGHTLY_DEADLINE, NightEndDeadline, deadline_alert
from tests.alert_sinks import http_receiver
from transforms.kernel.timeutil import next_amsterdam_time

from .conftest import AIRFLOW, REPO, airflow_env, script_json

UTC = dt.timezone.utc
SEVEN = dt.time(7, 0)


@pytest.mark.parametrize(
    ("run_after", "deadline"),
    [
        ("2026-11-03T01:00:00+00:00", "2026-11-03T06:00:00+00:00"),  # 02:00 CET extraction -> 07:00 CET
        ("2026-07-01T00:00:00+00:00", "2026-07-01T05:00:00+00:00"),  # summer: 07:00 CEST is 05:00 UTC
        ("2026-11-03T02:40:00+00:00", "2026-11-03T06:00:00+00:00"),  # an Asset-triggered run at 03:40
        ("2026-11-03T06:00:00+00:00", "2026-11-04T06:00:00+00:00"),  # started at 07:00 sharp: next morning
        ("2026-11-03T13:00:00+00:00", "2026-11-04T06:00:00+00:00"),  # a run by hand in the afternoon
        ("2026-03-29T00:30:00+00:00", "2026-03-29T05:00:00+00:00"),  # the clocks go forward at 02:00
        ("2026-10-25T00:30:00+00:00", "2026-10-25T06:00:00+00:00"),  # and back at 03:00
    ],
)
def test_the_night_ends_at_seven_amsterdam_time(run_after, deadline):
    assert next_amsterdam_time(dt.datetime.fromisoformat(run_after), SEVEN) == dt.datetime.fromisoformat(deadline)
    with pytest.raises(ValueError):
        next_amsterdam_time(dt.datetime(2026, 11, 3, 1), SEVEN)


def test_the_reference_survives_serialization_and_the_alert_holds_ids_only():
    reference = NightEndDeadline(hour=6, minute=30)
    data = reference.serialize_reference()
    assert data == {"reference_type": "NightEndDeadline", "hour": 6, "minute": 30}
    assert NightEndDeadline.deserialize_reference(data) == reference
    assert NIGHTLY_DEADLINE.reference == NightEndDeadline() and NIGHTLY_DEADLINE.interval == dt.timedelta(0)
    context = {
        "dag_run": {"dag_id": "dcn_research", "dag_run_id": "asset_triggered__x", "state": "running"},
        "deadline": {"deadline_time": dt.datetime(2026, 11, 3, 6, 0, tzinfo=UTC)},
    }
    context["dag_run"]["conf"] = {"note": "Jozefien van Vliet"}  # never in conf by the house rules; still not sent
    subject, lines, payload = deadline_alert(context)
    assert subject == "[dcn] dcn_research not finished by 07:00 (run running)"
    assert "deadline: 2026-11-03 07:00 CET" in lines
    assert "Jozefien" not in json.dumps([subject, lines, payload])


def test_the_deadline_is_left_out_only_under_airflow_dags_test(monkeypatch):
    from dcn_airflow.deadline import deadline_enabled

    monkeypatch.delenv("DCN_NIGHTLY_DEADLINE", raising=False)
    assert deadline_enabled(["airflow", "scheduler"]) and deadline_enabled(["airflow", "dag-processor"])
    assert not deadline_enabled(["/venv/bin/airflow", "dags", "test", "dcn_extract"])
    monkeypatch.setenv("DCN_NIGHTLY_DEADLINE", "on")
    assert deadline_enabled(["airflow", "dags", "test", "dcn_extract"])
    monkeypatch.setenv("DCN_NIGHTLY_DEADLINE", "off")
    assert not deadline_enabled(["airflow", "scheduler"])


@pytest.mark.airflow
@pytest.mark.slow  # a real scheduler loop and a real triggerer: about a minute idle, more on a loaded machine
def test_a_late_night_trips_the_deadline_alert(airflow_home, tmp_path):
    home = tmp_path / "airflow"
    home.mkdir()
    shutil.copy(airflow_home / "airflow.db", home / "airflow.db")  # migrated once per session, not again
    with http_receiver() as webhook:
        env = airflow_env(
            home,
            tmp_path / "data",
            AIRFLOW_CONN_DCN_ALERTS=json.dumps({"conn_type": "http", "host": "127.0.0.1", "port": webhook.port}),
        )
        env["AIRFLOW__CORE__DAGS_FOLDER"] = str(REPO / "dags")
        reserialized = subprocess.run(
            [str(AIRFLOW), "dags", "reserialize"], env=env, capture_output=True, text=True, timeout=300
        )
        assert reserialized.returncode == 0, reserialized.stderr[-3000:]
        night = "2026-11-03T01:00:00+00:00"  # 02:00 in Amsterdam, long ago: 07:00 has passed
        result = script_json(env, LATE_NIGHT, "dcn_extract", night)
        assert result["deadlines"] == ["2026-11-03T06:00:00+00:00"]  # 07:00 CET
        assert result["missed"] == [True] and result["callbacks"] == ["queued"], result
        assert webhook.messages == []  # the scheduler queues; the triggerer sends

        triggerer = subprocess.Popen(
            [str(AIRFLOW), "triggerer"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / "triggerer.log").open("w"),
            start_new_session=True,  # its runner subprocess goes with it, by our PID's group
        )
        try:
            waited = time.monotonic()
            while not webhook.messages and time.monotonic() - waited < 180 and triggerer.poll() is None:
                time.sleep(0.5)
            time.sleep(2)  # a second call would come now
        finally:
            os.killpg(triggerer.pid, signal.SIGTERM)
            try:
                triggerer.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(triggerer.pid, signal.SIGKILL)
                triggerer.wait()
        assert len(webhook.messages) == 1, (tmp_path / "triggerer.log").read_text()[-3000:]
    alert = json.loads(webhook.messages[0])
    assert alert["subject"] == "[dcn] dcn_extract not finished by 07:00 (run queued)"
    assert alert["data"]["run_id"] == result["run_id"] and alert["data"]["deadline"] == "2026-11-03 07:00 CET"
    assert alert["data"]["url"].endswith("/dags/dcn_extract/runs/scheduled__2026-11-03T01%3A00%3A00%2B00%3A00")


# Creates the late run the way the scheduler would (its deadline is evaluated at creation), then runs two
# loops of the real scheduler. The DAG is paused so that no task starts: the deadline check covers every run.
LATE_NIGHT = """
import datetime as dt, json, sys
from sqlalchemy import select, update
from airflow.jobs.job import Job, run_job
from airflow.jobs.scheduler_job_runner import SchedulerJobRunner
from airflow.models import DagModel, Deadline
from airflow.models.serialized_dag import SerializedDagModel
from airflow.utils.session import create_session
from airflow.utils.state import DagRunState
from airflow.utils.types import DagRunTriggeredByType, DagRunType

dag_id, night = sys.argv[1], dt.datetime.fromisoformat(sys.argv[2])
with create_session() as session:
    session.execute(update(DagModel).where(DagModel.dag_id == dag_id).values(is_paused=True))
    dag = SerializedDagModel.get_dag(dag_id, session=session)
    run = dag.create_dagrun(
        run_id=f"scheduled__{night.isoformat()}", logical_date=night, data_interval=(night, night),
        run_after=night, run_type=DagRunType.SCHEDULED, triggered_by=DagRunTriggeredByType.TIMETABLE,
        state=DagRunState.QUEUED, session=session,
    )
    run_id, run_pk = run.run_id, run.id
job = Job()
run_job(job=job, execute_callable=SchedulerJobRunner(job=job, num_runs=2)._execute)
with create_session() as session:
    rows = session.scalars(select(Deadline).where(Deadline.dagrun_id == run_pk)).all()
    print(json.dumps({
        "run_id": run_id,
        "deadlines": [r.deadline_time.isoformat() for r in rows],
        "missed": [r.missed for r in rows],
        "callbacks": [str(r.callback.state.value if hasattr(r.callback.state, "value") else r.callback.state) for r in rows],
    }))
"""
