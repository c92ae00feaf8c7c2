"""The request package uses only public names of other modules, and its DAG takes nothing from a person."""
from __future__ import annotations

import ast

from tests.retention.test_public_seams import private_uses
from transforms import settings

ROOT = settings.REPO_ROOT
FILES = sorted([*(ROOT / "transforms" / "requests").glob("*.py"), *(ROOT / "tests" / "requests").glob("*.py"),
                ROOT / "plugins" / "dcn_airflow" / "requests.py", ROOT / "plugins" / "dcn_airflow" / "notify.py",
                ROOT / "dags" / "dcn_subject_requests.py"])


def test_requests_use_only_public_names_of_other_modules():
    assert [use for path in FILES for use in private_uses(path)] == []


def test_the_daily_dag_has_no_params_and_no_conf():
    tree = ast.parse((ROOT / "dags" / "dcn_subject_requests.py").read_text(encoding="utf-8"))
    keywords = {k.arg for node in ast.walk(tree) if isinstance(node, ast.Call) for k in node.keywords}
    assert "params" not in keywords
    # no task reads the run's params or conf (a subscript ["params"] or an attribute .conf)
    keys = {node.slice.value for node in ast.walk(tree)
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)}
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert "params" not in keys and "conf" not in keys and "conf" not in attributes
