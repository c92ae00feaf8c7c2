"""The kernel imports no capability, and quality and retention do not import each other both ways
(checked on the source with ``ast``, lazy imports inside functions included, so a cycle cannot hide)."""
from __future__ import annotations

import ast
from pathlib import Path

from transforms import settings

PACKAGE = settings.REPO_ROOT / "transforms"
CAPABILITIES = ("sources", "quality", "text", "retention", "research", "audit")


def _imported(folder: Path) -> set[str]:
    """Every ``transforms.*`` module imported anywhere in ``folder`` (top level or inside functions)."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("transforms"):
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names if alias.name.startswith("transforms"))
    return found


def _packages(modules: set[str]) -> set[str]:
    return {m.split(".")[1] for m in modules if m.count(".") >= 1}


def test_the_kernel_imports_no_capability():
    assert _packages(_imported(PACKAGE / "kernel")) & set(CAPABILITIES) == set()


def test_quality_does_not_import_retention():
    # retention calls the quality gate; the gate's one retention fact ("expired") lives in the kernel
    assert "retention" not in _packages(_imported(PACKAGE / "quality"))
