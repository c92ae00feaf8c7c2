"""Every DAG imports cleanly and follows the house rules; parsing the folder stays cheap."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import REPO, airflow_env

HEAVY = ("pandas", "pyarrow", "presidio_analyzer", "spacy", "deduce", "great_expectations", "duckdb")

PARSE_SCRIPT = """
import json, sys, time
started = time.perf_counter()
from airflow.dag_processing.dagbag import DagBag
imported = time.perf_counter()
bag = DagBag(dag_folder=sys.argv[1])
parsed = time.perf_counter()
dags = {}
for dag_id, dag in bag.dags.items():
    dags[dag_id] = {
        "tags": sorted(dag.tags), "owner": dag.default_args.get("owner"), "retries": dag.default_args.get("retries"),
        "doc_md": len(dag.doc_md or ""), "max_active_runs": dag.max_active_runs, "catchup": dag.catchup,
        "timezone": str(dag.timezone), "scheduled": dag.schedule is not None,
        # a human approval gate is not retried: its answer (or silence) is the outcome
        "task_retries": sorted({t.retries for t in dag.tasks if not any("HITL" in c.__name__ for c in type(t).__mro__)}),
        # every task alerts on failure and on retry (dcn_airflow.notify); the chain's DAGs carry the deadline
        "tasks_without_alerts": sorted(
            t.task_id for t in dag.tasks if not (t.on_failure_callback and t.on_retry_callback)
        ),
        "deadline": [type(d.reference).__name__ for d in (dag.deadline or [])],
    }
print(json.dumps({"errors": {k: str(v) for k, v in bag.import_errors.items()}, "dags": dags,
                  "parse_seconds": parsed - imported, "airflow_import_seconds": imported - started,
                  "heavy": sorted(m for m in sys.modules if m.split(".")[0] in %r)}))
""" % (HEAVY,)


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    home = tmp_path_factory.mktemp("parse")
    env = airflow_env(home, home / "data")
    env.pop("DCN_TASK_RETRIES")  # the policy is about the shipped defaults
    result = subprocess.run(
        [sys.executable, "-c", PARSE_SCRIPT, str(REPO / "dags")], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_dags_import_without_errors(parsed):
    assert parsed["errors"] == {}
    assert {
        "dcn_extract",
        "dcn_anonymise_text",
        "dcn_research",
        "dcn_retention",
        "dcn_subject_requests",
        "dcn_subject_request",
    } <= set(parsed["dags"])


def test_every_dag_has_owner_tags_retries_docs(parsed):
    for dag_id, dag in parsed["dags"].items():
        assert dag["owner"] == "data-engineering", dag_id
        assert "dcn" in dag["tags"] and len(dag["tags"]) >= 2, dag_id
        assert dag["retries"] and dag["retries"] >= 1, dag_id
        if dag["scheduled"]:  # a form run by hand reports at once and is not blindly repeated
            assert min(dag["task_retries"]) >= 1, dag_id
        assert dag["doc_md"] > 200, f"{dag_id}: doc_md should explain the DAG"
        assert dag["timezone"] == "Europe/Amsterdam", dag_id
        # one run per subject request, which may wait days for the officer: the others must not queue behind it
        expected_runs = 16 if dag_id == "dcn_subject_request" else 1
        assert dag["max_active_runs"] == expected_runs and dag["catchup"] is False, dag_id


def test_every_task_alerts_and_the_nightly_chain_has_its_deadline(parsed):
    """Failure and retry alerts on every task (docs/alerts.md); the 07:00 deadline on the chain's machine DAGs."""
    dags = parsed["dags"]
    assert {dag_id: d["tasks_without_alerts"] for dag_id, d in dags.items() if d["tasks_without_alerts"]} == {}
    with_deadline = {dag_id for dag_id, d in dags.items() if d["deadline"] == ["NightEndDeadline"]}
    assert with_deadline == {"dcn_extract", "dcn_anonymise_text", "dcn_research"}


def test_parsing_is_fast_and_imports_nothing_heavy(parsed):
    assert parsed["heavy"] == [], f"imported at parse time: {parsed['heavy']}"
    assert parsed["parse_seconds"] < 2.0, f"parsing dags/ took {parsed['parse_seconds']:.2f}s"


def test_every_task_says_what_it_does():
    """The Airflow UI shows a task's docstring (TaskFlow) or ``doc_md`` (operators) to the engineer on call."""
    import ast

    missing = []
    for path in sorted((REPO / "dags").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                (
                    getattr(d, "id", None)
                    or getattr(getattr(d, "func", None), "id", None)
                    or getattr(d, "attr", None)
                    or getattr(getattr(d, "func", None), "attr", None)
                )
                in {"task", "setup", "teardown", "virtualenv", "python"}
                for d in node.decorator_list
            ):
                if not ast.get_docstring(node):
                    missing.append(f"{path.name}:{node.lineno} {node.name}")
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "").endswith("Operator"):
                if "doc_md" not in {k.arg for k in node.keywords}:
                    missing.append(f"{path.name}:{node.lineno} {node.func.id}")
    assert missing == []
