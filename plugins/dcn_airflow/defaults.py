"""Defaults every DAG of the pipeline shares (the DAG-policy tests check these)."""

from __future__ import annotations

import datetime as dt
import os

import pendulum
from airflow.sdk import CronTriggerTimetable

from dcn_airflow.deadline import NIGHT_ENDS, NIGHTLY_DEADLINE, deadline_enabled

LOCAL_TZ = "Europe/Amsterdam"
OWNER = "data-engineering"
START_DATE = pendulum.datetime(2026, 1, 1, tz=LOCAL_TZ)

# The Airflow pool every task that queries or changes a practice system runs in (extract, retention archive,
# dispose, verify): its slots bound how many such tasks hit the practice systems at once, however many
# workers there are. Defined as data in docker/pools.json (`airflow pools import`; compose's init does it).
PRACTICE_POOL = "dcn_practice_systems"


def alert_on_failure(context: dict) -> None:
    """Every task's failure goes to the pipeline's notifier (``dcn_airflow.notify``: webhook and/or e-mail,
    ids and the exception's type only). Imported when called, so parsing the DAG folder stays light."""
    from dcn_airflow.notify import on_failure

    on_failure(context)


def alert_on_retry(context: dict) -> None:
    """Every task's retry goes to the same notifier, marked "up for retry" (a night that recovers by itself
    still leaves a trace someone can look into)."""
    from dcn_airflow.notify import on_retry

    on_retry(context)


DEFAULT_ARGS = {
    "owner": OWNER,
    # The demo and the tests set DCN_TASK_RETRIES=0 so that a failure shows at once instead of after retries.
    "retries": int(os.environ.get("DCN_TASK_RETRIES", "2")),
    "retry_delay": dt.timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "execution_timeout": dt.timedelta(hours=4),
    "on_failure_callback": alert_on_failure,
    "on_retry_callback": alert_on_retry,
}


# What every pipeline DAG shares: @dag(..., **DAG_DEFAULTS)
DAG_DEFAULTS = {"start_date": START_DATE, "catchup": False, "max_active_runs": 1, "default_args": DEFAULT_ARGS}


# The machine part of the nightly chain (extract, anonymise text, research): the shared defaults plus the
# Deadline Alert "not finished by 07:00 Amsterdam" (dcn_airflow.deadline). Retention is not in it: its run
# waits for a person's approval (up to 20 h) by design; the holds form and the request check are not nightly.
# (not under `airflow dags test`, which cannot finish a run with a deadline in Airflow 3.3.2: see deadline_enabled)
NIGHTLY_DAG_DEFAULTS = {**DAG_DEFAULTS, **({"deadline": NIGHTLY_DEADLINE} if deadline_enabled() else {})}


def tags(*extra: str) -> list[str]:
    return ["dcn", "privacy", *extra]


def daily_at(moment: dt.time) -> CronTriggerTimetable:
    """A timetable for every day at an Amsterdam wall-clock time (the same hour in summer and in winter), each
    run's logical date that moment."""
    return CronTriggerTimetable(f"{moment.minute} {moment.hour} * * *", timezone=LOCAL_TZ)


# The DAGs that run by the clock (the others follow an Asset or are triggered): the nightly chain starts with
# the extraction; the morning check of the subject requests runs when the night ends, before the practices open
# (the hour by which the chain must have finished, ``deadline.NIGHT_ENDS``).
NIGHT_STARTS = dt.time(2, 0)
NIGHTLY = daily_at(NIGHT_STARTS)
MORNING = daily_at(NIGHT_ENDS)


def as_of_param(title: str, description: str) -> dict:
    """``params=`` of a DAG measured against a moment: the optional ``as_of`` (a date-time; empty: the run's own
    moment, which ``description`` says), read by ``dcn_airflow.tasks.run_upper_bound``."""
    from airflow.sdk import Param

    return {"as_of": Param(None, type=["null", "string"], format="date-time", title=title, description=description)}
