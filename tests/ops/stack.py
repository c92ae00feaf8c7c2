"""A real Airflow on CeleryExecutor on this machine: the environment compose sets, processes started and
stopped by PID.

The Airflow settings every component shares are ``docker/airflow.env`` (compose's ``env_file``); the names
set per host are :data:`HOST_SETTINGS` (compose sets the same names in ``environment:``, with its service
addresses; ``tests/ops/test_compose.py`` checks both). :data:`TEST_ONLY` is what only a single-machine test
needs: its own home and ports, a worker name per worker, no retries.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AIRFLOW = Path(sys.executable).with_name("airflow")
ENV_FILE = REPO / "docker" / "airflow.env"
POOLS_FILE = REPO / "docker" / "pools.json"
ROLES_FILE = REPO / "docker" / "fab-roles.json"
INIT_SCRIPT = REPO / "docker" / "init.sh"  # compose's airflow-init and the Celery test

# Names every Airflow container gets per deployment (values differ: service names there, 127.0.0.1 here).
HOST_SETTINGS = (
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
    "AIRFLOW__CELERY__BROKER_URL",
    "AIRFLOW__CELERY__RESULT_BACKEND",
    "AIRFLOW__CELERY__WORKER_CONCURRENCY",
    "AIRFLOW__CORE__EXECUTION_API_SERVER_URL",
    "AIRFLOW__CORE__FERNET_KEY",
    "AIRFLOW__API_AUTH__JWT_SECRET",
    "AIRFLOW__API__SECRET_KEY",
    "AIRFLOW__CORE__DAGS_FOLDER",
    "AIRFLOW__CORE__PLUGINS_FOLDER",
    "DCN_CONTROL_DB_URL",
    "DCN_DATA_ROOT",
    "DCN_CONFIG_DIR",
    "DCN_TEXT_SHARD_ROWS",
    "DCN_TEXT_PROCESSES",
    # the pipeline's keys (compose: the *_FILE form where the code reads one, see docs/operations.md)
    "DCN_AUDIT_KEY",
    "DCN_REQUESTS_KEY",
    "DCN_ARCHIVE_MASTER_KEY",
    "DCN_RETENTION_HASH_KEY",
    "DCN_TEXT_HASH_KEY",
    # Connections: the practice systems (config/sources/*.yml) and the research pseudonym key (its password)
    "AIRFLOW_CONN_DCN_SOURCE_EXQUISE",
    "AIRFLOW_CONN_DCN_SOURCE_OASE",
    "AIRFLOW_CONN_DCN_RESEARCH_PSEUDONYM",
)

# Only in the test: one machine runs every component, so homes, ports and worker names must differ.
TEST_ONLY = (
    "AIRFLOW_HOME",
    "PATH",
    "PYTHONPATH",
    "DCN_CACHE_DIR",
    "DCN_TASK_RETRIES",
    "AIRFLOW__CORE__HOSTNAME_CALLABLE",
    "DCN_TEST_WORKER_HOSTNAME",
    "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT",
    "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT",
)


def shared_settings(path: Path = ENV_FILE) -> dict[str, str]:
    """``KEY=VALUE`` lines of the env file (comments and blank lines skipped), as compose reads it."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    """Processes started for one test, each in its own process group; :meth:`stop` ends them all."""

    env: dict[str, str]
    logs: Path
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    seen: dict[str, set[int]] = field(default_factory=dict)  # name -> every PID seen in its tree

    def run(self, name: str, *args: str, timeout: float = 600, extra: dict[str, str] | None = None) -> None:
        """Run a command (``airflow``/``python``: this venv's) to completion; fail with its log's tail."""
        log = self.logs / f"{name}.log"
        command = [{"airflow": str(AIRFLOW), "python": sys.executable}.get(args[0], args[0]), *args[1:]]
        with log.open("a") as handle:
            result = subprocess.run(
                command, env={**self.env, **(extra or {})}, stdout=handle, stderr=subprocess.STDOUT, timeout=timeout
            )
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):\n{log.read_text()[-3000:]}")

    def start(self, name: str, *args: str, extra: dict[str, str] | None = None) -> None:
        """Start ``airflow <args>`` in a new session (its own process group), output to ``<name>.log``."""
        handle = (self.logs / f"{name}.log").open("a")
        self.procs[name] = subprocess.Popen(
            [str(AIRFLOW), *args],
            env={**self.env, **(extra or {})},
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                tail = (self.logs / f"{name}.log").read_text()[-3000:]
                raise AssertionError(f"{name} exited ({proc.returncode}):\n{tail}")
            self._remember(name)

    def _remember(self, name: str) -> None:
        import psutil

        proc = self.procs[name]
        pids = self.seen.setdefault(name, {proc.pid})
        with contextlib.suppress(psutil.Error):
            pids.update(c.pid for c in psutil.Process(proc.pid).children(recursive=True))

    def stop(self, grace: float = 30) -> tuple[list[str], list[int]]:
        """SIGTERM every started process group and every descendant seen (task processes get their own
        group), SIGKILL what is left after ``grace``; returns (what needed SIGKILL, PIDs still alive after it:
        leftovers, which must be none)."""
        import psutil

        for name in self.procs:
            self._remember(name)
        pids = {pid for group in self.seen.values() for pid in group}
        for proc in self.procs.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for proc in self.procs.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        killed = []
        for name, proc in self.procs.items():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
                killed.append(f"{name} (group {proc.pid})")
            proc.wait(timeout=10)
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    psutil.Process(pid).kill()
                    killed.append(f"pid {pid}")
        time.sleep(1)
        alive = []
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    alive.append(pid)
        return killed, alive


@contextlib.contextmanager
def redis_db() -> Iterator[tuple[str, int]]:
    """An empty Redis DB number on 127.0.0.1:6379 (from the top down: others use the low ones), emptied after."""
    import pytest
    import redis

    client = None
    try:
        for number in range(15, 1, -1):
            client = redis.Redis(host="127.0.0.1", port=6379, db=number)
            if client.dbsize() == 0:
                client.set("dcn-celery-test-claim", "1")  # keep the number ours while the stack starts
                break
        else:
            pytest.skip("no empty Redis DB number on 127.0.0.1:6379")
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis not reachable at 127.0.0.1:6379: {type(exc).__name__}")
    try:
        yield f"redis://127.0.0.1:6379/{number}", number
    finally:
        client.flushdb()
        client.close()


def api(base: str, method: str, path: str, token: str | None = None, body: dict | None = None) -> dict:
    """One call to the Airflow REST API (``base`` is the api-server's URL); raises with the response on error."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - our own local api-server
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        raise AssertionError(f"{method} {path}: {exc.code} {exc.read()[:500]!r}") from None
