"""The daily request DAG takes nothing from a person (public seams are checked tree-wide in
tests/test_architecture.py)."""

from __future__ import annotations

import ast

from transforms import settings

ROOT = settings.REPO_ROOT


def test_the_daily_dag_has_no_params_and_no_conf():
    tree = ast.parse((ROOT / "dags" / "dcn_subject_requests.py").read_text(encoding="utf-8"))
    keywords = {k.arg for node in ast.walk(tree) if isinstance(node, ast.Call) for k in node.keywords}
    assert "params" not in keywords
    # no task reads the run's params or conf (a subscript ["params"] or an attribute .conf)
    keys = {
        node.slice.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
    }
    attributes = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert "params" not in keys and "conf" not in keys and "conf" not in attributes
