"""The retention package's seams stay public, and the register's tables stay in one schema module.

Checked on the source with ``ast`` (nothing imported), so it stays true as modules move: no module of the
retention engine, its Airflow glue, its tests or its benchmark imports an underscore name from another module
or reaches one through a module (``dispose._apply``); no module declares a register table outside
``transforms.register.schema``.
"""
from __future__ import annotations

import ast
from pathlib import Path

from transforms import settings

ROOT = settings.REPO_ROOT
RETENTION_FILES = sorted([*(ROOT / "transforms" / "retention").glob("*.py"),
                          *(ROOT / "tests" / "retention").glob("*.py"),
                          ROOT / "plugins" / "dcn_airflow" / "retention.py", ROOT / "bench" / "retention.py"])


def private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(path: Path) -> list[str]:
    """``file:line name`` of every underscore name taken from another ``transforms`` module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules: set[str] = set()  # local names bound to transforms modules
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("transforms"):
            for alias in node.names:
                if private(alias.name):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{alias.name}")
                modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("transforms")}
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr) and isinstance(node.value, ast.Name) \
                and node.value.id in modules:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value.id}.{node.attr}")
    return found


def test_retention_uses_only_public_names_of_other_modules():
    assert [use for path in RETENTION_FILES for use in private_uses(path)] == []


def test_register_tables_are_declared_only_in_the_schema_module():
    schema = ROOT / "transforms" / "register" / "schema.py"
    declared = []
    for path in sorted((ROOT / "transforms").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Table" and len(node.args) > 1 \
                    and ast.unparse(node.args[1]).endswith("METADATA"):
                declared.append((path, node.args[0].value if isinstance(node.args[0], ast.Constant) else "?"))
    assert {p for p, _ in declared} == {schema}
    assert len({name for _, name in declared}) == 13  # retention_gate: the gate's outcome per plan (issue 18)
