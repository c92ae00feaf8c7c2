"""The one progress helper: a bar on a terminal, counts-only log lines in an Airflow task, silence elsewhere."""

from __future__ import annotations

import fcntl
import io
import logging
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios

import pytest

from transforms.kernel import progress as progress_module
from transforms.kernel.progress import progress

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# what a task log line of the helper may look like: a label, then numbers only
COUNTS_ONLY = re.compile(r"^[a-z_][a-z0-9_ .+-]*: [\d,]+ \w+( of [\d,]+)?, [\d,]+ chunks( \(done\))?$")


@pytest.fixture
def clean_env(monkeypatch):
    monkeypatch.delenv("DCN_PROGRESS", raising=False)
    monkeypatch.delenv("DCN_PROGRESS_EVERY", raising=False)
    monkeypatch.delenv("AIRFLOW_CTX_DAG_ID", raising=False)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_mode_follows_where_the_work_runs(clean_env, monkeypatch):
    assert progress_module.mode(io.StringIO()) == "off"
    assert progress_module.mode(_Tty()) == "bar"
    monkeypatch.setenv("AIRFLOW_CTX_DAG_ID", "dcn_extract")
    assert progress_module.mode(_Tty()) == "log"  # a task's log is a file, whatever the worker's stderr is
    monkeypatch.setenv("DCN_PROGRESS", "off")
    assert progress_module.mode(_Tty()) == "off"


def test_quiet_off_a_terminal(clean_env, caplog):
    stream = io.StringIO()
    with caplog.at_level(logging.DEBUG), progress("extract oase.patient", stream=stream) as bar:
        for _ in range(25):
            bar.advance(100)
    assert stream.getvalue() == "" and caplog.records == [] and bar.count == 2500


def test_a_task_logs_counts_every_n_chunks(clean_env, monkeypatch, caplog):
    monkeypatch.setenv("AIRFLOW_CTX_DAG_ID", "dcn_extract")
    stream = io.StringIO()
    with caplog.at_level(logging.INFO, logger="transforms.progress"):
        with progress("extract oase.patient", unit="rows", every=3, stream=stream) as bar:
            for _ in range(7):
                bar.advance(500)
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "extract oase.patient: 1,500 rows, 3 chunks",
        "extract oase.patient: 3,000 rows, 6 chunks",
        "extract oase.patient: 3,500 rows, 7 chunks (done)",
    ]
    assert all(COUNTS_ONLY.match(line) for line in lines) and stream.getvalue() == ""


def test_renders_a_bar_on_a_terminal(clean_env):
    stream = _Tty()
    with progress("generate oase", total=1000, unit="patients", stream=stream) as bar:
        for _ in range(4):
            bar.advance(250)
    shown = stream.getvalue()
    assert "generate oase" in shown and "100%" in shown and "1.00k/1.00k" in shown


def _on_a_pty(argv: list[str], env: dict[str, str], timeout: float = 240) -> tuple[int, str]:
    """Run ``argv`` with stdout and stderr on a pseudo-terminal; what the terminal showed."""
    leader, follower = pty.openpty()
    # a real terminal has a size; a fresh pty is 0x0, where a bar has no room at all
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env, cwd=REPO)
    os.close(follower)
    shown = bytearray()
    while True:
        ready, _, _ = select.select([leader], [], [], timeout)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end closed: the command ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


def _generate(tmp_path, name: str) -> list[str]:
    url = f"sqlite:///{tmp_path / name}"
    return [sys.executable, "-m", "fixtures", "generate", "--system", "oase", "--url", url, "--patients", "300"]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DCN_PROGRESS", "AIRFLOW_CTX_DAG_ID")}
    return {**env, "PYTHONPATH": os.pathsep.join([REPO, os.path.join(REPO, "plugins")]), "COLUMNS": "120"}


def test_the_cli_draws_its_bar_on_a_pseudo_terminal_and_nothing_in_a_pipe(tmp_path):
    status, shown = _on_a_pty(_generate(tmp_path, "tty.db"), _env())
    assert status == 0, shown[-2000:]
    assert "generate oase" in shown and "300/300" in shown and "\r" in shown
    piped = subprocess.run(_generate(tmp_path, "pipe.db"), env=_env(), cwd=REPO, capture_output=True, text=True)
    assert piped.returncode == 0, piped.stderr[-2000:]
    assert "\r" not in piped.stdout + piped.stderr and "300/300" not in piped.stdout + piped.stderr
    assert "generate oase" not in piped.stderr  # the INFO summary stays; the bar does not
