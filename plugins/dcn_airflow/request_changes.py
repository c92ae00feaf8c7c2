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


def step_context(*, connections: bool = True):
    """The context a step of the run's request runs with (``transforms.requests.context.StepContext``): the
    register, now, and the practice systems' Connections with their media folders (``connections=False``: none,
    for a step that does not touch them)."""
    from transforms.requests.context import StepContext

    urls, media = source_connections() if connections else ({}, {})
    return StepContext(engine=_engine(), sources=urls, now=_now(), media_roots=media)


def request_id_of(context: dict) -> str:
    """The run's request id (a param); anything that is not the shape of one is refused without echoing it."""
    value = str((context.get("params") or {}).get("request_id") or "")
    if not REQUEST_ID.match(value):
        raise ValueError("request_id: give the id the register issued (REQ- and 12 characters)")
    return value


def _flow(context: dict):
    """The steps of the run's request (``transforms.requests.flows``): an erasure's, or a restriction's,
    objection's, withdrawal's or rectification's."""
    from transforms.requests import store
    from transforms.requests.flows import flow_of

    return flow_of(store.get_request(_engine(), request_id_of(context)).types)


def plan(context: dict) -> dict:
    """Plan the run's request (erasure or change); the summary (counts) and the officer's approval text."""
    from transforms.requests import changes

    if _flow(context).kind == "erasure":
        return plan_erasure(context)
    request_id = request_id_of(context)
    summary = changes.plan_change(step_context(), request_id)
    return {**summary, "approval_text": changes.approval_text(summary, review_link=change_set_link(request_id))}


def plan_erasure(context: dict) -> dict:
    """Locate the person and decide every record; the summary (counts) and the officer's approval text."""
    from transforms.requests import erasure

    plan = erasure.plan_erasure(step_context(), request_id_of(context))
    summary = plan.summary()
    summary["approval_text"] = erasure.approval_text(summary)
    return summary


def answer_of(ti: Any) -> dict | None:
    """The approval task's answer from XCom (None when nobody answered in time)."""
    return ti.xcom_pull(task_ids="approve")


def record_decision(context: dict, summary: dict, answer: dict | None) -> dict:
    """The officer's answer as the decision on the plan; no answer decides nothing (the plan stays planned)."""
    decide = _flow(context).decide
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
    if not decision.get("approved"):
        return {"request_id": request_id_of(context), "executed": False}
    return {**_flow(context).execute(step_context(), request_id_of(context)), "executed": True}


def verify(context: dict, executed: dict) -> dict:
    """Re-query everything the request's plan did; fails the task (and so the run) when anything is left."""
    if not executed.get("executed"):
        return {"request_id": request_id_of(context), "ok": None}
    report = _flow(context).verify(step_context(), request_id_of(context))
    if not report["ok"]:
        raise RuntimeError(f"request {report['request_id']} not complete: {report['problems']}")
    return report


def letter(context: dict, verified: dict) -> dict:
    """The Dutch response letter (its path: the request id and a file name); the request is marked answered."""
    if not verified.get("ok"):
        return {"request_id": request_id_of(context), "letter": None}
    path = _flow(context).answer(step_context(connections=False), request_id_of(context))
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
