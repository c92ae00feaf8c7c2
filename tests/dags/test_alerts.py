"""Failure and retry alerts: a night failed on purpose gives one e-mail and one webhook call, without the
personal data the failing task held; the deadline alert of the nightly chain (see test_deadline.py)."""

from __future__ import annotations

import json
import textwrap
from email import message_from_string
from types import SimpleNamespace

import pytest

from dcn_airflow import DEFAULT_ARGS, notify
from tests.alert_sinks import http_receiver, smtp_sink

from .conftest import airflow_env, dags_test

# planted in the failing task's data and in its exception's message: neither may reach an alert
BSN = "111222333"
NAME = "Jozefien van Vliet-Oudshoorn"

DRILL_DAG = textwrap.dedent(
    f'''
    """A night failed on purpose: the alert drill of tests/dags/test_alerts.py (shared pipeline defaults)."""
    from airflow.sdk import dag, task

    from dcn_airflow import DAG_DEFAULTS, tags


    @dag(dag_id="dcn_alert_drill", schedule=None, **DAG_DEFAULTS, tags=tags("drill"))
    def dcn_alert_drill():
        @task
        def read() -> int:
            """Reads a patient row (a count leaves the task, never the row)."""
            rows = [{{"bsn": "{BSN}", "name": "{NAME}"}}]
            return len(rows)

        @task
        def convert(count: int) -> int:
            """Fails on the row, quoting it in the message as careless code would."""
            raise ValueError("cannot convert row of {NAME}, BSN {BSN}")

        @task
        def publish(count: int) -> None:
            """Never runs: its input failed."""

        publish(convert(read()))


    dcn_alert_drill()
    '''
)


def _channels(webhook_port: int, smtp_port: int) -> dict[str, str]:
    return {
        "AIRFLOW_CONN_DCN_ALERTS": json.dumps(
            {"conn_type": "http", "host": "127.0.0.1", "port": webhook_port, "schema": "hooks/dcn"}
        ),
        "AIRFLOW_CONN_DCN_ALERTS_EMAIL": json.dumps(
            {
                "conn_type": "smtp",
                "host": "127.0.0.1",
                "port": smtp_port,
                "extra": {"from": "airflow@dcn.example", "to": "oncall@dcn.example"},
            }
        ),
        "AIRFLOW__API__BASE_URL": "https://airflow.dcn.example/",
    }


@pytest.mark.airflow
@pytest.mark.slow  # one `airflow dags test` (about 15 s idle, a minute on a loaded machine)
def test_a_failed_night_sends_one_email_and_one_webhook_call_without_personal_data(airflow_home, tmp_path):
    dags = tmp_path / "dags"
    dags.mkdir()
    (dags / "dcn_alert_drill.py").write_text(DRILL_DAG)
    with http_receiver() as webhook, smtp_sink() as mail:
        env = airflow_env(
            airflow_home,
            tmp_path / "data",
            AIRFLOW__CORE__DAGS_FOLDER=str(dags),
            **_channels(webhook.port, mail.port),
        )
        result = dags_test(env, "dcn_alert_drill", "2026-11-03T03:00:00+00:00", timeout=300)
        output = result.stdout + result.stderr
        assert "state=failed" in output, output[-3000:]
        assert len(mail.messages) == 1, output[-3000:]
        assert len(webhook.messages) == 1, output[-3000:]
    email, call = message_from_string(mail.messages[0]), json.loads(webhook.messages[0])
    text = email.get_payload(decode=True).decode("utf-8")  # quoted-printable could split a planted value
    for sent in (mail.messages[0], text, webhook.messages[0], json.dumps(call, ensure_ascii=False)):
        assert BSN not in sent and NAME not in sent and "Jozefien" not in sent
        assert "cannot convert" not in sent  # the exception's message stays in the task log
    body = email
    assert body["Subject"] == "[dcn] dcn_alert_drill.convert failed (ValueError)"
    assert body["To"] == "oncall@dcn.example"
    assert call["subject"] == body["Subject"]
    data = call["data"]
    assert data["event"] == "failed" and data["dag_id"] == "dcn_alert_drill" and data["task_id"] == "convert"
    assert data["error_type"] == "ValueError" and data["try_number"] == 1
    assert data["run_id"] and data["run_id"] in call["text"]
    assert data["url"].startswith("https://airflow.dcn.example/dags/dcn_alert_drill/runs/")
    assert "/tasks/convert" in data["url"] and data["url"] in text


def test_a_retry_is_announced_once_per_channel_with_ids_only(monkeypatch):
    ti = SimpleNamespace(
        dag_id="dcn_extract",
        task_id="extract",
        run_id="scheduled__2026-11-03T01:00:00+00:00",
        map_index=1,
        try_number=1,
        max_tries=2,
        log_url="https://airflow.dcn.example/dags/dcn_extract/runs/x/tasks/extract/mapped/1?try_number=1",
    )
    with http_receiver() as webhook, smtp_sink() as mail:
        targets = [
            notify.AlertTarget("webhook", url=f"http://127.0.0.1:{webhook.port}/"),
            notify.AlertTarget("email", host="127.0.0.1", port=mail.port, sender="a@x", recipients=("b@x",)),
        ]
        monkeypatch.setattr(notify, "alert_targets", lambda: targets)
        error = ConnectionError(f"host of {NAME} refused")
        DEFAULT_ARGS["on_retry_callback"]({"ti": ti, "exception": error})  # what every task of every DAG has
    subject, lines, data = notify.task_alert({"ti": ti, "exception": error}, "up for retry")
    assert subject == "[dcn] dcn_extract.extract[1] up for retry (ConnectionError)"
    assert "try: 1 of 3" in lines and data["map_index"] == 1
    assert len(webhook.messages) == 1 and len(mail.messages) == 1
    call = json.loads(webhook.messages[0])
    assert call["subject"] == subject and call["data"]["event"] == "up for retry"
    assert NAME not in webhook.messages[0] + mail.messages[0]


def test_one_broken_channel_does_not_silence_the_other(caplog):
    with http_receiver() as webhook:
        targets = [
            notify.AlertTarget("email", host="127.0.0.1", port=1, sender="a@x", recipients=("b@x",)),
            notify.AlertTarget("webhook", url=f"http://127.0.0.1:{webhook.port}/"),
        ]
        with pytest.raises(OSError):
            notify.notify("[dcn] test", ["[dcn] test"], targets=targets)
        assert len(webhook.messages) == 1
        # the callbacks never raise: the task's own error is what the engineer must see
        ti = SimpleNamespace(dag_id="d", task_id="t", run_id="r", try_number=1)
        original = notify.alert_targets
        notify.alert_targets = lambda: targets
        try:
            notify.on_failure({"ti": ti, "exception": ValueError(BSN)})
        finally:
            notify.alert_targets = original
    assert BSN not in caplog.text and "ConnectionRefusedError" in caplog.text
