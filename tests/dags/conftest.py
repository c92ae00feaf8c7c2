from __future__ import annotations

import base64
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AIRFLOW = Path(sys.executable).with_name("airflow")


def airflow_env(home: Path, data_root: Path, **extra: str) -> dict[str, str]:
    """A self-contained Airflow: its own home and SQLite metadata DB, the repo's DAGs, no examples."""
    return {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "DCN_DATA_ROOT": str(data_root),
        "DCN_CONTROL_DB_URL": f"sqlite:///{data_root / 'register.db'}",
        "DCN_TASK_RETRIES": "0",
        **extra,
    }


def dags_test(env: dict, dag_id: str, logical: str, *extra: str, timeout: int = 900) -> subprocess.CompletedProcess:
    """``airflow dags test <dag_id> <logical> [extra]`` in this environment, its output captured as text."""
    return subprocess.run(
        [str(AIRFLOW), "dags", "test", dag_id, logical, *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def dags_test_in_turn(env: dict, dag_ids: list[str], logical: str, *, timeout: int = 1800) -> dict[str, str]:
    """``airflow dags test <dag_id> <logical>`` for each of ``dag_ids`` in turn in ONE process (``tests.dags.in_turn``):
    Airflow's start-up (its imports, the in-process execution API: ~11 s CPU, more than the tasks of a small
    DAG) is paid once instead of per DAG. Each run's output (stdout and stderr) as text, by DAG id.

    For runs of one environment, one after the other, whose DAGs do not depend on running in a process of their
    own: each DAG's tasks already share a process under ``dags test``, and ``tests/ops`` runs the nightly chain
    on Celery workers, a process per task."""
    with tempfile.TemporaryDirectory() as out_dir:
        result = subprocess.run(
            [sys.executable, "-m", "tests.dags.in_turn", logical, out_dir, *dag_ids],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        logs = {dag_id: Path(out_dir, f"{dag_id}.log") for dag_id in dag_ids}
        return {
            dag_id: (log.read_text(errors="replace") if log.exists() else "")
            + ("" if result.returncode == 0 else f"\n{result.stdout}{result.stderr}")
            for dag_id, log in logs.items()
        }


def script_json(env: dict, script: str, *args: str) -> dict:
    """Run the Python ``script`` with ``args`` in this environment: it must succeed and print JSON as its last line."""
    result = subprocess.run([sys.executable, "-c", script, *args], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def airflow_places(airflow_home: Path, dag_id: str) -> dict[str, str]:
    """What Airflow keeps of a DAG's runs, as text per place, for a leak scan: the task logs, XCom, the run conf,
    the approval steps (human-in-the-loop: subject, body, options, params, answer) and the task names."""
    logs = airflow_home / "logs"
    places = {"task logs": "\n".join(p.read_text(errors="replace") for p in logs.rglob("*") if p.is_file())}
    with sqlite3.connect(airflow_home / "airflow.db") as meta:
        places["xcom"] = "\n".join(
            str(v) for (v,) in meta.execute("SELECT value FROM xcom WHERE dag_id = ?", (dag_id,))
        )
        places["run conf"] = "\n".join(
            str(v) for (v,) in meta.execute("SELECT conf FROM dag_run WHERE dag_id = ?", (dag_id,))
        )
        places["hitl"] = "\n".join(
            " ".join(map(str, row))
            for row in meta.execute(
                "SELECT h.subject, h.body, h.options, h.params, h.chosen_options, h.params_input FROM hitl_detail h "
                "JOIN task_instance t ON t.id = h.ti_id WHERE t.dag_id = ?",
                (dag_id,),
            )
        )
        places["task names"] = "\n".join(
            " ".join(map(str, row))
            for row in meta.execute("SELECT task_id, task_display_name FROM task_instance WHERE dag_id = ?", (dag_id,))
        )
    return places


def leaks(text: str, values: list[str]) -> list[str]:
    """Which of ``values`` occur in ``text`` (case-insensitive)."""
    low = text.lower()
    return [v for v in values if v.lower() in low]


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory) -> Path:
    """An Airflow home with a migrated SQLite metadata DB, shared by the DAG tests of a session."""
    home = tmp_path_factory.mktemp("airflow")
    env = airflow_env(home, home / "data")
    result = subprocess.run([str(AIRFLOW), "db", "migrate"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return home


def answered_run(
    env: dict,
    dag_id: str,
    logical: str,
    *,
    conf: dict | None = None,
    choose: list[str] | None = None,
    by: str = "j.devries (FG)",
) -> str:
    """`airflow dags test <dag_id>` with its approval gate (task ``approve``) resolved as Airflow would
    (fixtures.approval): the ``choose`` options by ``by``, or (``choose`` None) no answer until the timeout.
    Returns the run's output and what the gate did."""
    action = ["answer", *(a for label in choose for a in ("--choose", label)), "--by", by] if choose else ["lapse"]
    command = [str(AIRFLOW), "dags", "test", dag_id, logical, *(["-c", json.dumps(conf)] if conf else [])]
    with tempfile.TemporaryFile("w+") as out:
        run = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        gate = subprocess.Popen(
            [sys.executable, "-m", "fixtures.approval", action[0], dag_id, *action[1:], "--wait", "600"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            run.wait(timeout=900)  # a run that fails before the gate ends without it
        finally:
            for process in (run, gate):
                if process.poll() is None:
                    process.kill()
        answered = gate.communicate()[0]
        out.seek(0)
        return out.read() + "\n" + answered


def retention_run(env: dict, logical: str, *, choose: list[str] | None = None, by: str = "j.devries (FG)") -> str:
    """`airflow dags test dcn_retention` with its approval gate resolved (see :func:`answered_run`)."""
    return answered_run(env, "dcn_retention", logical, choose=choose, by=by)


KEY = "research-dag-test-key-0123456789-abcdefghijklmnop"  # the research pseudonym key of the DAG tests
RETENTION_KEYS = {
    "DCN_RETENTION_HASH_KEY": "dag-test-hash-key-0123456789abcdefghij",
    "DCN_ARCHIVE_MASTER_KEY": base64.b64encode(bytes(range(32))).decode(),
}
NIGHT = "2026-11-02T03:00:00+00:00"


@pytest.fixture(scope="session")
def night(airflow_home, tmp_path_factory):
    """Two SQLite practice systems after one night: extract, anonymise text, publish research datasets, retention."""
    from fixtures.practice.vendors import write_system

    root = tmp_path_factory.mktemp("research-night")
    connections, urls = {}, {}
    for system in ("exquise", "oase"):
        path = root / f"{system}.db"
        urls[system] = f"sqlite:///{path}"
        # camera clips on disk: retention destroys them with their index rows (without a media root it
        # refuses to, and the retention gate fails the run)
        media = root / "media" / system
        write_system(urls[system], system, seed=11, patients=400, as_of=dt.date(2026, 11, 1), media_dir=media)
        connections[f"AIRFLOW_CONN_DCN_SOURCE_{system.upper()}"] = json.dumps(
            {"conn_type": "sqlite", "host": str(path), "extra": {"media_root": str(media)}}
        )
    connections["AIRFLOW_CONN_DCN_RESEARCH_PSEUDONYM"] = json.dumps({"conn_type": "generic", "password": KEY})
    # 400 patients per system: the shipped research definitions minus their utility floors (see
    # fixtures/small_practice.py; at this size the floors rightly refuse to publish)
    from fixtures.small_practice import without_utility_floors

    config = without_utility_floors(root / "config")
    env = airflow_env(airflow_home, root / "data", DCN_CONFIG_DIR=str(config), **connections, **RETENTION_KEYS)
    env.pop("DCN_RESEARCH_PSEUDONYM_KEY", None)  # the key must come from the Connection
    # the three DAGs in one process: Airflow's start-up paid once (see dags_test_in_turn)
    outputs = dags_test_in_turn(env, ["dcn_extract", "dcn_anonymise_text", "dcn_research"], NIGHT)
    # nobody answers the retention approval: it times out (the task fails), only the classes the policy approves
    # itself are carried out, and the run's last task fails the run (an unanswered approval is no success)
    outputs["dcn_retention"] = retention_run(env, NIGHT)
    for dag_id, output in outputs.items():
        (root / f"{dag_id}.log").write_text(output)
        if dag_id == "dcn_retention":
            assert "state=failed" in output and "ApprovalUnanswered" in output, f"see {root / dag_id}.log"
        else:
            assert "state=success" in output, f"see {root / dag_id}.log"
    return root, urls, env, outputs


def copy_of_night(night, airflow_home: Path, target: Path) -> tuple[Path, Path, dict, dict]:
    """The session's night and Airflow home copied under ``target``, with an environment pointing at the copies.

    For a test that adds runs or changes files: the night is shared by every test of the session, and what one test
    adds (a failed research night, say) would otherwise become what the next one sees. Returns (root, home, env,
    source URLs) like ``night``."""
    import shutil

    root, urls, env, _ = night
    shutil.copytree(root, target / "night", symlinks=True)
    shutil.copytree(airflow_home, target / "airflow", symlinks=True, ignore=shutil.ignore_patterns("*.pid"))
    new_root, home = target / "night", target / "airflow"
    env = {k: v.replace(str(root), str(new_root)).replace(str(airflow_home), str(home)) for k, v in env.items()}
    env.update(
        AIRFLOW_HOME=str(home),
        AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{home / 'airflow.db'}",
        # airflow.cfg (written by `db migrate`) names the original home's folders: the copy's own instead
        AIRFLOW__LOGGING__BASE_LOG_FOLDER=str(home / "logs"),
        AIRFLOW__LOGGING__DAG_PROCESSOR_CHILD_PROCESS_LOG_DIRECTORY=str(home / "logs" / "dag_processor"),
    )
    copied = {system: url.replace(str(root), str(new_root)) for system, url in urls.items()}
    return new_root, home, env, copied
