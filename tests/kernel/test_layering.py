"""The kernel imports no capability, quality and retention do not import each other both ways, sources does
not import text, and no production module imports the fixtures (checked on the source with ``ast``, lazy
imports inside functions included, so a cycle cannot hide)."""
from __future__ import annotations

import ast
import re
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


def test_sources_does_not_import_text():
    # text reads staged data (text -> sources); the synthetic notes that once ran the other way are fixtures now
    assert "text" not in _packages(_imported(PACKAGE / "sources"))


_FIXTURE_MODULE = re.compile(r"fixtures(?:\.\w+)*")


def _fixture_imports(path: Path) -> list[str]:
    """Where ``path`` imports the fixtures: import statements anywhere, or a module name given as a string
    (``importlib.import_module("fixtures....")``, a command table)."""
    found = []
    where = path.relative_to(settings.REPO_ROOT) if path.is_relative_to(settings.REPO_ROOT) else path
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value]
        found += [f"{where}:{node.lineno} {name}" for name in names
                  if _FIXTURE_MODULE.fullmatch(name)]
    return found


def test_no_production_module_imports_the_fixtures():
    # the product (the wheel and the image: transforms; plus the DAGs and plugins Airflow loads) never needs
    # the synthetic practice systems, the note generator or the evaluation; tests, bench and the demo do
    production = [path for folder in ("transforms", "dags", "plugins")
                  for path in sorted((settings.REPO_ROOT / folder).rglob("*.py"))]
    assert len(production) > 50
    assert [hit for path in production for hit in _fixture_imports(path)] == []


def test_the_fixture_check_sees_every_kind_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    import fixtures.practice\n    from fixtures.text import corpus\n"
                      "    importlib.import_module('fixtures.demo')\nx = 'fixtures are fine in prose'\n")
    assert len(_fixture_imports(sample)) == 3


def test_packaging_and_the_image_leave_the_fixtures_out():
    pyproject = (settings.REPO_ROOT / "pyproject.toml").read_text()
    assert re.search(r'\[tool\.setuptools\.packages\.find\]\s*include = \["transforms\*"\]', pyproject)
    copied = re.findall(r"^COPY\s+(?:--\S+\s+)*(.+?)\s+\S+$", (settings.REPO_ROOT / "Dockerfile").read_text(), re.M)
    assert copied and not any("fixtures" in sources or sources.split()[0] == "." for sources in copied)
