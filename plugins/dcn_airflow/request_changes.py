"""Tasks of the requests that change data (``dcn_request_erasure``): the Airflow side (Connections, the run's
request id, the approval answer) around ``transforms.requests.erasure``.

The run is given a request id and nothing else; the person is decrypted from the register inside the worker.
Every return value (XCom) holds the request id, counts, classes and rules; the approval text the same.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dcn_airflow.tasks import source_connections

APPROVE, REJECT = "Approve", "Reject"
REQUEST_ID = re.compile(r"^REQ-[A-Z2-7]{12}$")


def _now() -> dt.datetime:
    from transforms.kernel.timeutil import utc_now

    return utc_now()


def _engine():
    from transforms import register

    return register.register_engine()


def request_id_of(context: dict) -> str:
    """The run's request id (a param); anything that is not the shape of one is refused without echoing it."""
    value = str((context.get("params") or {}).get("request_id") or "")
    if not REQUEST_ID.match(value):
        raise ValueError("request_id: give the id the register issued (REQ- and 12 characters)")
    return value


def plan_erasure(context: dict) -> dict:
    """Locate the person and decide every record; the summary (counts) and the officer's approval text."""
    from transforms.requests import erasure

    urls, _ = source_connections()
    plan = erasure.plan_erasure(_engine(), request_id_of(context), sources=urls, now=_now())
    summary = plan.summary()
    summary["approval_text"] = erasure.approval_text(summary)
    return summary


def answer_of(ti: Any) -> dict | None:
    """The approval task's answer from XCom (None when nobody answered in time)."""
    return ti.xcom_pull(task_ids="approve")


def record_decision(context: dict, summary: dict, answer: dict | None) -> dict:
    """The officer's answer as the erasure's decision; no answer decides nothing (the plan stays planned)."""
    from transforms.requests import erasure

    request_id = request_id_of(context)
    if not answer:
        return {"request_id": request_id, "approved": False, "decided": False, "approver": None}
    user = answer.get("responded_by_user") or {}
    approver = (user.get("name") or user.get("id")) if isinstance(user, dict) else str(user)
    approved = (answer.get("chosen_options") or []) == [APPROVE]
    status = erasure.decide(_engine(), request_id, approve=approved, decided_by=approver or "unknown", now=_now())
    return {
        "request_id": request_id,
        "approved": status in ("approved", "executed", "verified"),
        "decided": True,
        "approver": approver,
    }


def execute(context: dict, decision: dict) -> dict:
    """Carry out an approved erasure (counts); nothing when it was not approved."""
    from transforms.requests import erasure

    if not decision.get("approved"):
        return {"request_id": request_id_of(context), "executed": False}
    urls, media = source_connections()
    report = erasure.execute_erasure(_engine(), request_id_of(context), source_urls=urls, now=_now(), media_roots=media)
    return {**report, "executed": True}


def verify(context: dict, executed: dict) -> dict:
    """Re-query everything the erasure did; fails the task (and so the run) when anything is left."""
    from transforms.requests import erasure

    if not executed.get("executed"):
        return {"request_id": request_id_of(context), "ok": None}
    urls, _ = source_connections()
    report = erasure.verify_erasure(_engine(), request_id_of(context), source_urls=urls, now=_now())
    if not report["ok"]:
        raise RuntimeError(f"erasure {report['request_id']} not complete: {report['problems']}")
    return report


def letter(context: dict, verified: dict) -> dict:
    """The Dutch response letter (its path: the request id and a file name); the request is marked answered."""
    from transforms.requests import erasure

    if not verified.get("ok"):
        return {"request_id": request_id_of(context), "letter": None}
    path = erasure.answer(_engine(), request_id_of(context), now=_now())
    return {"request_id": request_id_of(context), "letter": str(path)}
