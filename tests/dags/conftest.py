from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AIRFLOW = Path(sys.executable).with_name("airflow")


def airflow_env(home: Path, data_root: Path, **extra: str) -> dict[str, str]:
    """A self-contained Airflow: its own home and SQLite metadata DB, the repo's DAGs, no examples."""
    return {**os.environ, "AIRFLOW_HOME": str(home), "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
            "AIRFLOW__CORE__PLUGINS_FOLDER": str(REPO / "plugins"), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "DCN_DATA_ROOT": str(data_root), "DCN_CONTROL_DB_URL": f"sqlite:///{data_root / 'register.db'}",
            "DCN_TASK_RETRIES": "0", **extra}


@pytest.fixture(scope="session")
def airflow_home(tmp_path_factory) -> Path:
    """An Airflow home with a migrated SQLite metadata DB, shared by the DAG tests of a session."""
    home = tmp_path_factory.mktemp("airflow")
    env = airflow_env(home, home / "data")
    result = subprocess.run([str(AIRFLOW), "db", "migrate"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return home
