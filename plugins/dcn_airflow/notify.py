"""The pipeline's one notifier: task failures and retries of every DAG, the nightly deadline (07:00 Amsterdam)
and the daily request deadlines, by webhook and/or e-mail.

Every channel is an Airflow Connection (any secrets backend, or env ``AIRFLOW_CONN_<ID>``); each of
:data:`ALERT_CONNECTIONS` that exists gets every alert once (``dcn_alerts`` and, to have a second channel,
``dcn_alerts_email``; either may be of either type):

- ``conn_type`` ``http``/``https``: a webhook; the URL is ``extra.url`` or built from host, port and schema
  (path); the body is JSON ``{"subject", "text", "data"}`` (chat tools and incident systems take it as is);
- ``conn_type`` ``smtp``/``email``: an e-mail through host:port (STARTTLS when ``extra.starttls`` is true),
  login and password when given, from ``extra.from`` to ``extra.to`` (a list or comma-separated).

Without any of them, env ``DCN_ALERT_WEBHOOK_URL`` is used; with nothing, an alert is only logged (a warning
says so), never an error: a missing alert channel must not fail the task it reports on.

What is sent is decided by the caller and must hold no personal data (request ids, DAG and task ids, dates,
counts): the task callbacks send ids, the try number, the exception's TYPE and a link to the task in the UI,
never the exception's message (it may quote a row).
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

ALERT_CONNECTION = "dcn_alerts"
# every alert goes once to each of these that is defined (a webhook and an e-mail channel, say)
ALERT_CONNECTIONS = (ALERT_CONNECTION, "dcn_alerts_email")
WEBHOOK_VARIABLE = "DCN_ALERT_WEBHOOK_URL"
TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class AlertTarget:
    """Where alerts go: a webhook URL, or an SMTP server and recipients."""

    kind: str  # webhook | email
    url: str | None = None
    host: str | None = None
    port: int | None = None
    login: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str | None = None
    recipients: tuple[str, ...] = ()
    starttls: bool = False


def target_from_connection(connection: Any) -> AlertTarget:
    """An :class:`AlertTarget` from an Airflow Connection (see the module doc); ``ValueError`` for other types."""
    extra = connection.extra_dejson or {}
    kind = (connection.conn_type or "").lower()
    if kind in ("http", "https"):
        url = extra.get("url")
        if not url:
            host = connection.host or ""
            scheme = "https" if kind == "https" or host.startswith("https://") else "http"
            host = host.split("://", 1)[-1]
            port = f":{connection.port}" if connection.port else ""
            path = connection.schema or ""
            url = f"{scheme}://{host}{port}/{path.lstrip('/')}"
        return AlertTarget("webhook", url=url)
    if kind in ("smtp", "email"):
        recipients = extra.get("to") or []
        if isinstance(recipients, str):
            recipients = [r.strip() for r in recipients.split(",") if r.strip()]
        if not recipients:
            raise ValueError(f"connection {ALERT_CONNECTION}: give extra.to (the recipients)")
        return AlertTarget(
            "email",
            host=connection.host or "localhost",
            port=int(connection.port or 25),
            login=connection.login or None,
            password=connection.password or None,
            sender=extra.get("from") or "airflow@localhost",
            recipients=tuple(recipients),
            starttls=bool(extra.get("starttls")),
        )
    raise ValueError(
        f"connection {ALERT_CONNECTION}: type {connection.conn_type!r} is not supported "
        "(use http, https, smtp or email)"
    )


def _connection(conn_id: str) -> Any | None:
    """The Connection ``conn_id``, or None when it is not defined (or Airflow is not here)."""
    try:
        from airflow.sdk import BaseHook

        return BaseHook.get_connection(conn_id)
    except Exception:  # noqa: BLE001 - not defined (or no Airflow here): the caller falls back
        return None


def _targets(connections: list[Any]) -> list[AlertTarget]:
    targets: list[AlertTarget] = []
    for connection in connections:
        if connection is not None and (target := target_from_connection(connection)) not in targets:
            targets.append(target)
    if not targets and (url := os.environ.get(WEBHOOK_VARIABLE)):
        targets.append(AlertTarget("webhook", url=url))
    return targets


def alert_targets() -> list[AlertTarget]:
    """Every configured channel: each Connection of :data:`ALERT_CONNECTIONS` that exists (a badly
    configured one raises ``ValueError``), else ``DCN_ALERT_WEBHOOK_URL``, else none."""
    return _targets([_connection(conn_id) for conn_id in ALERT_CONNECTIONS])


async def alert_targets_async() -> list[AlertTarget]:
    """:func:`alert_targets` for code on the triggerer's event loop (a Deadline Alert's callback): there a
    Connection must be read with ``aget_connection``; the blocking lookup stalls the loop."""

    async def connection(conn_id: str) -> Any | None:
        try:
            from airflow.sdk import BaseHook

            return await BaseHook.aget_connection(conn_id)
        except Exception:  # noqa: BLE001 - not defined: the next one, or the environment
            return None

    return _targets([await connection(conn_id) for conn_id in ALERT_CONNECTIONS])


def send(target: AlertTarget, subject: str, lines: list[str], data: dict | None = None) -> None:
    """Deliver one alert to ``target`` (raises on a delivery error; :func:`notify` decides what to do with it)."""
    text = "\n".join(lines)
    if target.kind == "webhook":
        body = json.dumps({"subject": subject, "text": text, "data": data or {}}).encode("utf-8")
        request = urllib.request.Request(
            target.url or "", data=body, method="POST", headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - configured URL
            response.read()
        return
    import smtplib
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, target.sender, ", ".join(target.recipients)
    message.set_content(text)
    with smtplib.SMTP(target.host or "localhost", target.port or 25, timeout=TIMEOUT_SECONDS) as smtp:
        if target.starttls:
            smtp.starttls()
        if target.login:
            smtp.login(target.login, target.password or "")
        smtp.send_message(message)


def notify(
    subject: str, lines: list[str], data: dict | None = None, *, targets: list[AlertTarget] | None = None
) -> bool:
    """Send an alert to ``targets`` or every configured channel; False when none is configured (logged as a
    warning). Every channel is tried; then the first delivery error is raised: the caller (a task) fails and
    Airflow retries it."""
    targets = alert_targets() if targets is None else targets
    if not targets:
        log.warning(
            "no alert channel configured (Connections %s or %s): alert not sent: %s",
            ", ".join(ALERT_CONNECTIONS),
            WEBHOOK_VARIABLE,
            subject,
        )
        return False
    errors = []
    for target in targets:
        try:
            send(target, subject, lines, data)
            log.info("alert sent (%s): %s", target.kind, subject)
        except Exception as exc:  # noqa: BLE001 - the other channels still get the alert
            log.warning("alert not delivered (%s): %s", target.kind, type(exc).__name__)
            errors.append(exc)
    if errors:
        raise errors[0]
    return True


def task_link(ti: Any) -> str:
    """The task instance in the Airflow UI (``ti.log_url``: ``[api] base_url`` + dag, run, task, map index)."""
    try:
        link = getattr(ti, "log_url", None)
    except Exception:  # noqa: BLE001 - no configuration here: build it below
        link = None
    if link:
        return str(link)
    from urllib.parse import quote

    base = os.environ.get("AIRFLOW__API__BASE_URL", "http://localhost:8080/").rstrip("/")
    map_index = getattr(ti, "map_index", None)
    mapped = f"/mapped/{map_index}" if isinstance(map_index, int) and map_index >= 0 else ""
    return (
        f"{base}/dags/{getattr(ti, 'dag_id', '?')}/runs/{quote(str(getattr(ti, 'run_id', '?')))}"
        f"/tasks/{getattr(ti, 'task_id', '?')}{mapped}"
    )


def task_alert(context: dict, event: str) -> tuple[str, list[str], dict]:
    """Subject, lines and data of a task's alert (``event``: ``failed`` or ``up for retry``): ids, the try
    number, the exception's type and the link; nothing the task read or wrote, not the exception's message."""
    ti = context.get("task_instance") or context.get("ti")
    dag_id = getattr(ti, "dag_id", None) or "?"
    task_id = getattr(ti, "task_id", None) or "?"
    run_id = getattr(ti, "run_id", None) or "?"
    map_index = getattr(ti, "map_index", None)
    try_number = getattr(ti, "try_number", None)
    max_tries = getattr(ti, "max_tries", None)
    error = context.get("exception")
    error_type = type(error).__name__ if isinstance(error, BaseException) else "unknown"
    link = task_link(ti)
    task = f"{task_id}[{map_index}]" if isinstance(map_index, int) and map_index >= 0 else task_id
    subject = f"[dcn] {dag_id}.{task} {event} ({error_type})"
    tries = f"{try_number} of {max_tries + 1}" if isinstance(max_tries, int) and try_number else f"{try_number}"
    lines = [subject, f"dag: {dag_id}", f"task: {task}", f"run: {run_id}", f"try: {tries}", f"error type: {error_type}"]
    lines.append(f"task in the UI: {link}")
    data = {
        "event": event,
        "dag_id": dag_id,
        "task_id": task_id,
        "map_index": map_index if isinstance(map_index, int) else None,
        "run_id": run_id,
        "try_number": try_number,
        "error_type": error_type,
        "url": link,
    }
    return subject, lines, data


def _alert_task(context: dict, event: str) -> None:
    try:
        notify(*task_alert(context, event))
    except Exception as exc:  # noqa: BLE001 - a callback's error would hide the task's own
        # the type only: a traceback here would chain the task's own exception, message and all
        log.error("the %s alert could not be sent: %s", event, type(exc).__name__)


def on_failure(context: dict) -> None:
    """``on_failure_callback`` of every task: see :func:`task_alert`. Never raises."""
    _alert_task(context, "failed")


def on_retry(context: dict) -> None:
    """``on_retry_callback`` of every task: the same alert, marked "up for retry". Never raises."""
    _alert_task(context, "up for retry")
