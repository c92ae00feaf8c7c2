"""``airflow dags test`` of several DAGs in turn, in one process (``conftest.dags_test_in_turn``).

Usage: ``python -m tests.dags.in_turn <logical date> <output folder> <dag id>...``: the runs are Airflow's own
command (``airflow.__main__.main``) with the arguments ``dags test <dag id> <logical date>``, one after the other;
each run's stdout and stderr go to ``<output folder>/<dag id>.log``.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path


def main(logical: str, out_dir: str, *dag_ids: str) -> int:
    from airflow.__main__ import main as airflow

    for dag_id in dag_ids:
        sys.stdout.flush()
        sys.stderr.flush()
        saved = os.dup(1), os.dup(2)
        with open(Path(out_dir) / f"{dag_id}.log", "w") as out:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            try:
                sys.argv = ["airflow", "dags", "test", dag_id, logical]
                airflow()
            except SystemExit as exc:
                print(f"airflow dags test {dag_id} exited: {exc.code}")
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
                os.close(saved[0])
                os.close(saved[1])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
