"""The worker name a task records as its host (``[core] hostname_callable``) when several Celery workers share
one machine, as in the Celery test; in compose every worker is its own container with its own hostname."""

from __future__ import annotations

import os
import socket


def hostname() -> str:
    return os.environ.get("DCN_TEST_WORKER_HOSTNAME") or socket.getfqdn()
