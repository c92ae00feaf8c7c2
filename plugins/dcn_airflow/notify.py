"""The pipeline's one notifier: task failures of every DAG and the daily request deadlines, by webhook or e-mail.

Configured by the Airflow Connection ``dcn_alerts`` (any secrets backend, or env ``AIRFLOW_CONN_DCN_ALERTS``):

- ``conn_type`` ``http``/``https``: a webhook; the URL is ``extra.url`` or built from host, port and schema
  (path); the body is JSON ``{"subject", "text", "data"}`` (chat tools and incident systems take it as is);
- ``conn_type`` ``smtp``/``email``: an e-mail through host:port (STARTTLS when ``extra.starttls`` is true),
  login and password when given, from ``extra.from`` to ``extra.to`` (a list or comma-separated).

Without the Connection, env ``DCN_ALERT_WEBHOOK_URL`` is used; with neither, an alert is only logged (a warning
says so), never an error: a missing alert channel must not fail the task it reports on.

What is sent is decided by the caller and must hold no personal data (request ids, DAG and task ids, dates,
counts): the failure callback sends ids and the exception's type, never its message.
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


def alert_target() -> AlertTarget | None:
    """The configured target: the Connection, else ``DCN_ALERT_WEBHOOK_URL``, else None."""
    try:
        from airflow.sdk import BaseHook

        return target_from_connection(BaseHook.get_connection(ALERT_CONNECTION))
    except ValueError:
        raise
    except Exception:  # noqa: BLE001 - not defined (or no Airflow here): fall back to the environment
        pass
    url = os.environ.get(WEBHOOK_VARIABLE)
    return AlertTarget("webhook", url=url) if url else None


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


def notify(subject: str, lines: list[str], data: dict | None = None, *, target: AlertTarget | None = None) -> bool:
    """Send an alert to ``target`` or the configured one; False when none is configured (logged as a warning).
    A delivery error is raised: the caller (a task) fails and Airflow retries it."""
    target = target or alert_target()
    if target is None:
        log.warning(
            "no alert channel configured (Connection %s or %s): alert not sent: %s",
            ALERT_CONNECTION,
            WEBHOOK_VARIABLE,
            subject,
        )
        return False
    send(target, subject, lines, data)
    log.info("alert sent (%s): %s", target.kind, subject)
    return True


def on_failure(context: dict) -> None:
    """``on_failure_callback`` of every task: DAG, task, run id and the exception's type. Never raises (a
    callback's error would hide the task's own)."""
    try:
        ti = context.get("task_instance") or context.get("ti")
        dag_id = getattr(ti, "dag_id", None) or "?"
        task_id = getattr(ti, "task_id", None) or "?"
        run_id = getattr(ti, "run_id", None) or "?"
        error = context.get("exception")
        what = type(error).__name__ if error is not None else "failed"
        subject = f"[dcn] {dag_id}.{task_id} failed ({what})"
        notify(
            subject,
            [subject, f"run: {run_id}", f"try: {getattr(ti, 'try_number', '?')}"],
            {"dag_id": dag_id, "task_id": task_id, "run_id": run_id, "error_type": what},
        )
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception("the failure alert could not be sent")
