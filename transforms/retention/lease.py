"""The retention run's lease: how long it lives and who holds it. No database work here, and nothing heavy
imported, because the DAG file reads ``APPROVAL_TIMEOUT`` at parse time (``dags/dcn_retention.py``).

One constant sets both the approval gate's timeout and the lease's life, so they cannot drift apart again: a
lease shorter than the approval wait let a second run take the lock at 6 h 01 min while the first still waited
for its approver. The lease is renewed by every task of a run (``approval.renew_lease``), so ``LEASE_TTL`` only
has to outlive the longest gap between two renewals, which is the approval wait.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

APPROVAL_TIMEOUT = dt.timedelta(hours=20)  # the HITL gate's response_timeout: no answer by then approves nothing
# the plan task renews before the gate starts and record_decision after it ends; the margin covers scheduling
# delays and the work around the wait (queued tasks, a slow plan), not a second wait
LEASE_MARGIN = dt.timedelta(hours=4)
LEASE_TTL = APPROVAL_TIMEOUT + LEASE_MARGIN

CLI_PREFIX = "cli "
DAG_PREFIX = "retention__"  # dcn_airflow.retention.plan_id_of: the DAG run's plan id is its holder


def cli_holder(action: str, plan_id: str | None) -> str:
    """The lease holder for one command-line process: the action, the plan and the process, so the message a
    concurrent run gets says who to wait for, and two processes never count as one holder."""
    name = f"{CLI_PREFIX}{action} {plan_id or '-'} pid {os.getpid()}@{socket.gethostname()}"
    return name[:128]  # retention_lock.holder is 128 characters


def holder_kind(holder: str) -> str:
    """What kind of run holds the lease, for the loser's message (run and plan ids only, no personal data)."""
    if holder.startswith(CLI_PREFIX):
        return f"command line: retention {holder.removeprefix(CLI_PREFIX)}"
    if holder.startswith(DAG_PREFIX):
        return f"Airflow run {holder.removeprefix(DAG_PREFIX)}"
    return holder
