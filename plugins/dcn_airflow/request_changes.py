"""Tasks of the requests that change data (``dcn_request_changes``): the Airflow side (Connections, the run's
request id, the approval answer) around ``transforms.requests.erasure`` (erasure, WGBO destruction) and
``transforms.requests.changes`` (restriction, objection, consent withdrawal, rectification).

The run is given a request id and nothing else; the request's types are read from the register and the person is
decrypted from it inside the worker. Every return value (XCom) holds the request id, counts, classes, rules,
purposes and column names; the approval text the same (a rectification's before and after are on the privacy
console's page of the change set, which the approval text links to by request id).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dcn_airflow.console_paths import change_set_link
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


def _erasure(context: dict) -> bool:
    """Whether the run's request is an erasure (else a restriction, objection, withdrawal or rectification)."""
    from transforms.requests import changes, store

    return changes.kind_of(store.get_request(_engine(), request_id_of(context)).types) == "erasure"


def plan(context: dict) -> dict:
    """Plan the run's request (erasure or change); the summary (counts) and the officer's approval text."""
    from transforms.requests import changes

    if _erasure(context):
        return plan_erasure(context)
    urls, _ = source_connections()
    request_id = request_id_of(context)
    summary = changes.plan_change(_engine(), request_id, sources=urls, now=_now())
    return {**summary, "approval_text": changes.approval_text(summary, review_link=change_set_link(request_id))}


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
    """The officer's answer as the decision on the plan; no answer decides nothing (the plan stays planned)."""
    from transforms.requests import changes, erasure

    decide = erasure.decide if _erasure(context) else changes.decide
    request_id = request_id_of(context)
    if not answer:
        return {"request_id": request_id, "approved": False, "decided": False, "approver": None}
    user = answer.get("responded_by_user") or {}
    approver = (user.get("name") or user.get("id")) if isinstance(user, dict) else str(user)
    approved = (answer.get("chosen_options") or []) == [APPROVE]
    status = decide(_engine(), request_id, approve=approved, decided_by=approver or "unknown", now=_now())
    return {
        "request_id": request_id,
        "approved": status in ("approved", "executed", "verified"),
        "decided": True,
        "approver": approver,
    }


def execute(context: dict, decision: dict) -> dict:
    """Carry out an approved plan (counts); nothing when it was not approved."""
    from transforms.requests import changes, erasure

    if not decision.get("approved"):
        return {"request_id": request_id_of(context), "executed": False}
    urls, media = source_connections()
    if not _erasure(context):
        return {
            **changes.execute_change(_engine(), request_id_of(context), source_urls=urls, now=_now()),
            "executed": True,
        }
    report = erasure.execute_erasure(_engine(), request_id_of(context), source_urls=urls, now=_now(), media_roots=media)
    return {**report, "executed": True}


def verify(context: dict, executed: dict) -> dict:
    """Re-query everything the request's plan did; fails the task (and so the run) when anything is left."""
    from transforms.requests import changes, erasure

    if not executed.get("executed"):
        return {"request_id": request_id_of(context), "ok": None}
    urls, _ = source_connections()
    check = erasure.verify_erasure if _erasure(context) else changes.verify_change
    report = check(_engine(), request_id_of(context), source_urls=urls, now=_now())
    if not report["ok"]:
        raise RuntimeError(f"request {report['request_id']} not complete: {report['problems']}")
    return report


def letter(context: dict, verified: dict) -> dict:
    """The Dutch response letter (its path: the request id and a file name); the request is marked answered."""
    from transforms.requests import changes, erasure

    if not verified.get("ok"):
        return {"request_id": request_id_of(context), "letter": None}
    path = (erasure if _erasure(context) else changes).answer(_engine(), request_id_of(context), now=_now())
    return {"request_id": request_id_of(context), "letter": str(path)}


def verify_preferences(context: dict) -> dict:
    """The nightly read-back of the consent ledger: every practice system shows the written-back preferences.
    Fails the task (so the failure alert goes out) naming request ids, sources and purposes only."""
    from transforms.requests import consent

    urls, _ = source_connections()
    report = consent.verify_preferences(_engine(), source_urls=urls, now=_now())
    if not report["ok"]:
        raise RuntimeError(f"preferences not shown by the practice system: {report['problems']}")
    return report
