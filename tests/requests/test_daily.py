"""The daily check lists due-soon and overdue requests from the stored dates, and the notifier receives
request ids and dates only (a local HTTP receiver stands in for the webhook)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from types import SimpleNamespace

import pytest

from dcn_airflow import notify
from dcn_airflow.requests import check_deadlines
from transforms.requests import store
from transforms.requests.daily import due_report
from transforms.requests.identity import PersonQuery

from .conftest import BSN, EMAIL, NOW, leaks

D = dt.date


@pytest.fixture
def requests_in_register(engine, config):
    def new(received, **kwargs):
        return store.register_request(
            engine,
            types=["access"],
            received=received,
            now=NOW,
            config=config,
            query=PersonQuery(bsn=BSN, email=EMAIL),
            **kwargs,
        ).request_id

    ids = {
        "overdue": new(D(2026, 1, 10)),  # due 10 Feb
        "today": new(D(2026, 1, 20)),  # due 20 Feb
        "in_7_days": new(D(2026, 1, 27)),  # due 27 Feb
        "in_8_days": new(D(2026, 1, 28)),  # due 28 Feb: outside the horizon
        "waiting": new(D(2026, 1, 15), identity_requested_on=D(2026, 1, 16)),  # clock stands still
        "closed": new(D(2026, 1, 5), identity_verified_on=D(2026, 1, 6)),
    }
    store.set_status(engine, ids["closed"], "closed", now=NOW, outcome="provided", closed_on=D(2026, 2, 1))
    return ids


def test_due_soon_and_overdue_from_stored_dates(engine, requests_in_register):
    ids = requests_in_register
    report = due_report(engine, as_of=D(2026, 2, 20), within_days=7)
    assert [i.request_id for i in report.overdue] == [ids["overdue"]]
    assert [i.request_id for i in report.due_soon] == [ids["today"], ids["in_7_days"]]
    assert [i.request_id for i in report.waiting_for_identity] == [ids["waiting"]]
    assert report.overdue[0].days_left == -10 and report.due_soon[0].days_left == 0
    assert report.needs_alert
    assert not due_report(engine, as_of=D(2026, 1, 1), within_days=7).needs_alert


class Receiver(BaseHTTPRequestHandler):
    bodies: list[bytes] = []

    def do_POST(self):  # noqa: N802 - http.server's name
        Receiver.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):  # keep the test output quiet
        pass


@pytest.fixture
def webhook(monkeypatch):
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Receiver.bodies = []
    monkeypatch.setenv(notify.WEBHOOK_VARIABLE, f"http://127.0.0.1:{server.server_port}/alerts")
    monkeypatch.setattr(
        notify,
        "alert_targets",
        lambda: [notify.AlertTarget("webhook", url=f"http://127.0.0.1:{server.server_port}/alerts")],
    )
    yield Receiver.bodies
    server.shutdown()
    server.server_close()


def test_the_task_alerts_with_ids_and_dates_only(engine, requests_in_register, webhook, caplog):
    ids = requests_in_register
    run = SimpleNamespace(run_after=dt.datetime(2026, 2, 20, 6, 0, tzinfo=dt.timezone.utc))
    counts = check_deadlines({"dag_run": run, "logical_date": None})
    assert counts == {"as_of": "2026-02-20", "overdue": 1, "due_soon": 2, "waiting_for_identity": 1, "alerted": True}
    assert len(webhook) == 1
    body = webhook[0].decode("utf-8")
    alert = json.loads(body)
    assert ids["overdue"] in alert["text"] and "2026-02-10" in alert["text"]
    assert [i["id"] for i in alert["data"]["overdue"]] == [ids["overdue"]]
    assert leaks(body) == [] and leaks(caplog.text) == []
    # nothing but ids, types, dates, numbers and the fixed wording
    assert set(alert["data"]["overdue"][0]) == {"id", "types", "due_on", "days_left"}


def test_no_alert_when_nothing_is_due(engine, requests_in_register, webhook):
    run = SimpleNamespace(run_after=dt.datetime(2026, 1, 1, 6, 0, tzinfo=dt.timezone.utc))
    assert check_deadlines({"dag_run": run})["alerted"] is False and webhook == []


def test_connection_targets():
    conn = SimpleNamespace(
        conn_type="https",
        host="hooks.example.nl",
        port=None,
        schema="privacy/alerts",
        login=None,
        password=None,
        extra_dejson={},
    )
    assert notify.target_from_connection(conn).url == "https://hooks.example.nl/privacy/alerts"
    mail = SimpleNamespace(
        conn_type="smtp",
        host="smtp.example.nl",
        port=587,
        schema=None,
        login="u",
        password="s3cret-pw",
        extra_dejson={"to": "fg@example.nl, ict@example.nl", "starttls": True},
    )
    target = notify.target_from_connection(mail)
    assert target.recipients == ("fg@example.nl", "ict@example.nl") and target.starttls and "s3cret" not in repr(target)


def test_failure_callback_never_raises_and_sends_ids(webhook):
    ti = SimpleNamespace(dag_id="dcn_retention", task_id="dispose", run_id="scheduled__2026", try_number=1)
    notify.on_failure({"task_instance": ti, "exception": ValueError(f"row of {BSN}")})
    body = webhook[0].decode("utf-8")
    assert "dcn_retention.dispose" in body and "ValueError" in body and BSN not in body


def test_the_privacy_page_lists_open_requests_with_due_dates(engine, requests_in_register):
    """The console's requests section (transforms.console): open requests by stored due date, the overdue one
    first and marked bad, closed ones left out, nothing but ids, types and dates."""
    from transforms.console.sections import requests

    listed = requests(engine, NOW.date())
    ids = requests_in_register
    assert [r.request_id for r in listed][:2] == [ids["overdue"], ids["waiting"]]
    assert ids["closed"] not in {r.request_id for r in listed}
    overdue = listed[0]
    assert overdue.due_on.isoformat() == "2026-02-10" and overdue.tone == "bad" and overdue.days_left < 0
    assert any(r.paused for r in listed)  # the clock stopped while identity is awaited
    assert leaks(repr(listed)) == []
