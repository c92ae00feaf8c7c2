"""The nightly chain's deadline: an Airflow Deadline Alert when a run of the chain has not finished by 07:00
Amsterdam time, sent through the pipeline's notifier (``dcn_airflow.notify``).

How Airflow 3.3 evaluates it (``airflow.serialization.definitions.dag.create_dagrun`` and the scheduler loop):

1. when a run of a DAG with ``deadline=`` is created, its reference is evaluated once and a ``deadline`` row is
   stored (need-by time); :class:`NightEndDeadline` gives the first 07:00 Amsterdam after the run's
   ``run_after`` (a 02:00 extraction: 07:00 that morning; an Asset-triggered run at 03:40: 07:00 too);
2. a run that ends in success before it deletes the row (``Deadline.prune_deadlines``); a failed run keeps it
   (the night did not finish: the failure alert went, and at 07:00 the deadline alert follows);
3. every scheduler loop marks rows past their time as missed and queues the callback; an ``AsyncCallback``
   runs in the **triggerer** (whatever the executor: LocalExecutor and CeleryExecutor alike), with a small
   context (the run as the REST API shows it, and the deadline).

A custom reference must be registered by a plugin (``deadline_references``) so that the scheduler can rebuild
it: ``plugins/dcn_alerts.py`` does that. The alert holds the DAG id, run id, its state, the deadline and a
link to the run in the UI; nothing else.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import sys
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from airflow.sdk import AsyncCallback, BaseDeadlineReference, DeadlineAlert

log = logging.getLogger(__name__)

NIGHT_ENDS = dt.time(7, 0)  # Europe/Amsterdam wall-clock time by which the nightly chain must have finished


@dataclass
class NightEndDeadline(BaseDeadlineReference):
    """Deadline reference: the first ``hour:minute`` Amsterdam time after the run's ``run_after``.

    Evaluated by the scheduler (or whoever creates the run) with its metadata-DB session; all fields have
    defaults, as Airflow requires of a custom reference."""

    hour: int = NIGHT_ENDS.hour
    minute: int = NIGHT_ENDS.minute

    required_kwargs = {"dag_id", "run_id"}

    def _evaluate_with(self, *, session: Any, dag_id: str, run_id: str, **kwargs: Any) -> dt.datetime | None:
        from airflow.models import DagRun
        from sqlalchemy import select

        from transforms.kernel.timeutil import next_amsterdam_time

        run_after = session.scalar(select(DagRun.run_after).where(DagRun.dag_id == dag_id, DagRun.run_id == run_id))
        if run_after is None:
            return None
        if run_after.tzinfo is None:  # the metadata DB's UtcDateTime is aware; a bare value is UTC
            run_after = run_after.replace(tzinfo=dt.timezone.utc)
        return next_amsterdam_time(run_after, dt.time(self.hour, self.minute))

    def serialize_reference(self) -> dict[str, Any]:
        return {**super().serialize_reference(), "hour": self.hour, "minute": self.minute}

    @classmethod
    def deserialize_reference(cls, reference_data: dict[str, Any]) -> NightEndDeadline:
        return cls(hour=int(reference_data.get("hour", NIGHT_ENDS.hour)), minute=int(reference_data.get("minute", 0)))


def deadline_alert(context: dict) -> tuple[str, list[str], dict]:
    """Subject, lines and data of a missed night (ids, state and times only) from the triggerer's context."""
    run = context.get("dag_run") or {}
    dag_id = str(run.get("dag_id") or "?")
    run_id = str(run.get("dag_run_id") or run.get("run_id") or "?")
    state = str(run.get("state") or "?")
    deadline = (context.get("deadline") or {}).get("deadline_time")
    if isinstance(deadline, dt.datetime):
        from transforms.kernel.timeutil import AMSTERDAM

        deadline = deadline.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M %Z")
    base = os.environ.get("AIRFLOW__API__BASE_URL", "http://localhost:8080/").rstrip("/")
    link = f"{base}/dags/{dag_id}/runs/{quote(run_id)}"
    subject = f"[dcn] {dag_id} not finished by {NIGHT_ENDS:%H:%M} (run {state})"
    lines = [subject, f"dag: {dag_id}", f"run: {run_id}", f"state: {state}", f"deadline: {deadline}"]
    lines.append(f"run in the UI: {link}")
    data = {"event": "deadline missed", "dag_id": dag_id, "run_id": run_id, "state": state}
    data |= {"deadline": str(deadline), "url": link}
    return subject, lines, data


async def night_not_finished(context: dict | None = None, **kwargs: Any) -> str:
    """The Deadline Alert's callback (runs in the triggerer): one alert through the notifier. Returns what
    happened in a word (Airflow stores it as the callback's output); a delivery error fails the callback,
    which the UI shows."""
    from dcn_airflow.notify import alert_targets_async, notify

    subject, lines, data = deadline_alert(context or {})
    targets = await alert_targets_async()
    # the delivery itself blocks (SMTP, HTTP): off the event loop, which other triggers share
    sent = await asyncio.to_thread(notify, subject, lines, data, targets=targets)
    return "sent" if sent else "no alert channel configured"


def deadline_enabled(argv: list[str] | None = None) -> bool:
    """Whether the chain's DAGs carry the deadline: ``DCN_NIGHTLY_DEADLINE=on|off`` decides; unset, yes,
    except when the DAG is parsed by ``airflow dags test``. There (Airflow 3.3.2) a successful run of a DAG with
    a deadline cannot finish: ``dag.test`` keeps the alert *definitions* where ``DagRun.update_state`` expects
    their database ids (``DeadlineAlertModel.get_by_id(dict)``). ``dags test`` drives the demo and the DAG tests;
    the scheduler, the dag-processor and the API server parse with the deadline."""
    setting = os.environ.get("DCN_NIGHTLY_DEADLINE", "").strip().lower()
    if setting in ("on", "off"):
        return setting == "on"
    argv = sys.argv if argv is None else argv
    return argv[1:3] != ["dags", "test"]


# The chain's DAGs (extract, anonymise text, research) take this via defaults.NIGHTLY_DAG_DEFAULTS.
NIGHTLY_DEADLINE = DeadlineAlert(
    reference=NightEndDeadline(),
    interval=dt.timedelta(0),
    callback=AsyncCallback(night_not_finished),
    name="night not finished by 07:00 Amsterdam",
)
