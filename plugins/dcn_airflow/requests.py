"""Subject-request tasks: the Airflow side (the run's day, the notifier) around ``transforms.requests``.

The DAG hands these functions nothing about a person: the daily check reads request ids and stored due dates
from the register and returns counts (XCom). The alert holds request ids, types and dates only.
"""

from __future__ import annotations

import datetime as dt


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
