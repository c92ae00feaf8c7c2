"""Subject-request tasks: the Airflow side (the run's day, the notifier) around ``transforms.requests``.

The DAG hands these functions nothing about a person: the daily check reads request ids and stored due dates
from the register and returns counts (XCom). The alert holds request ids, types and dates only. The request
DAG (``dcn_subject_request``) gets a request id in its conf and nothing else.
"""

from __future__ import annotations

import datetime as dt
import logging

log = logging.getLogger(__name__)


def run_day(context: dict) -> dt.date:
    """The Amsterdam calendar day a run is for: its logical date, or when it was triggered (manual runs)."""
    from transforms.kernel.timeutil import as_of_date

    moment = context.get("logical_date") or context["dag_run"].run_after
    return as_of_date(dt.datetime.fromtimestamp(moment.timestamp(), tz=dt.timezone.utc))


def check_deadlines(context: dict) -> dict:
    """List requests due within the configured days and overdue ones; alert through the notifier when any.
    Returns counts only."""
    from dcn_airflow.notify import notify
    from transforms import register
    from transforms.requests.config import load_requests_config
    from transforms.requests.daily import due_report

    config = load_requests_config()
    report = due_report(register.register_engine(), as_of=run_day(context), within_days=config.due_soon_days)
    sent = notify(report.subject(), report.lines(), report.payload()) if report.needs_alert else False
    return {**report.counts(), "alerted": sent}


# --- one request through the DAG (dcn_subject_request) ------------------------------------------------------
# The run conf holds the request id and nothing else (checked before use); every function returns statuses,
# labels, kinds and counts. Identifiers are decrypted inside transforms.requests, in the worker, in memory.


def _now() -> dt.datetime:
    from transforms.kernel.timeutil import utc_now

    return utc_now()  # when the step happened (audit trail); no due date is derived from it


def _engine():
    from transforms import register

    return register.register_engine()


def request_id_of(context: dict) -> str:
    """The run's request id from its conf, validated (``workflow.request_id_from_conf``)."""
    from transforms.requests.workflow import request_id_from_conf

    return request_id_from_conf(context["dag_run"].conf)


def locate_keys():
    """The archive key (environment) and the research pseudonym key (its Connection, else the environment)."""
    from transforms.requests.locate import LocateKeys

    keys = LocateKeys.from_env()
    try:
        from dcn_airflow.research import pseudonym_key

        return LocateKeys(keys.archive_master, pseudonym_key())
    except Exception:  # noqa: BLE001 - no research key anywhere: research releases reported as not searched
        return keys


def step_context():
    """The context of a step of the run's request (``transforms.requests.context.StepContext``): the register,
    now, the practice systems that have a Connection (the others are read from the staging) with their media
    folders, and the locate keys."""
    from dcn_airflow.tasks import source_connections
    from transforms.requests.context import StepContext

    urls, media = source_connections(missing_ok=True)
    return StepContext(engine=_engine(), sources=urls, now=_now(), keys=locate_keys(), media_roots=media)


def start_request(context: dict) -> bool:
    """True when the request may be executed now (identity verified, not closed); False stops the run with
    the reasons logged (ids and dates only)."""
    from transforms.requests import workflow

    started = workflow.start(_engine(), request_id_of(context), now=_now())
    for reason in started["reasons"]:
        log.info("not executed: %s", reason)
    return started["executable"]


def locate_request(context: dict) -> dict:
    """Locate the person; candidates as opaque labels with non-identifying facts; the approval text."""
    from transforms.requests import workflow

    return workflow.locate_step(step_context(), request_id_of(context))


def next_step(located: dict) -> str:
    """The approval step when a person must decide or review, else straight to the answer."""
    return "approve" if located["needs_approval"] else "answer"


def answer_request(context: dict) -> dict:
    """Carry out the request with the approval step's answer (None when it did not run or nobody answered)."""
    from transforms.requests import workflow

    decision = context["ti"].xcom_pull(task_ids="approve")
    user = (decision or {}).get("responded_by_user") or {}
    approver = (user.get("name") or user.get("id")) if isinstance(user, dict) else (str(user) if user else None)
    return workflow.answer(step_context(), request_id_of(context), decision=decision, approver=approver)
