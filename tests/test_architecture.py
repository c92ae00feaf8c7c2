"""The house rules of docs/architecture.md, checked on the source with ``ast`` (nothing is imported), so they
stay true as modules move:

- rooms talk through public names: no module imports an underscore name from another module, nor reaches one
  through a module (``dispose._apply``);
- no import cycle between the rooms of ``transforms``, lazy imports inside functions included (a cycle hidden
  in a function is still a cycle), and the kernel imports no room at all;
- the product (``transforms``, and the ``dags``/``plugins`` Airflow loads) never imports the ``fixtures``
  (synthetic practice systems, note generators, the text evaluation), and the wheel and the image leave them out;
- the privacy register's tables are declared in one module, ``transforms.register.schema``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from transforms import settings

ROOT = settings.REPO_ROOT
PRODUCT = ("transforms", "dags", "plugins")
EVERYTHING = (*PRODUCT, "fixtures", "bench", "tests")


def _python_files(*folders: str) -> list[Path]:
    return [path for folder in folders for path in sorted((ROOT / folder).rglob("*.py"))]


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}:{line}"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_uses(path: Path) -> list[str]:
    """``file:line name`` of every underscore name taken from another module of the project."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    ours = ("transforms", "fixtures", "dcn_airflow", "tests", "bench")
    modules: set[str] = set()  # local names bound to the project's modules (or names imported from them)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith(ours)):
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{_where(path, node.lineno)} {node.module}.{alias.name}")
                modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith(ours)}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and _private(node.attr)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{_where(path, node.lineno)} {node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    assert [use for path in _python_files(*EVERYTHING) for use in private_uses(path)] == []


def _found_in(tmp_path: Path, source: str, check: Callable[[Path], list[str]]) -> list[str]:
    """What ``check`` reports in a sample module of ``source``: each self-test below proves its check sees what
    it should, so that a check finding nothing in the tree means something."""
    sample = tmp_path / "sample.py"
    sample.write_text(source)
    return check(sample)


def test_the_private_name_check_sees_both_kinds_of_use(tmp_path):
    source = (
        "from transforms.retention.plan import _held, load_plan\n"
        "from transforms.retention import dispose\nx = dispose._apply\ny = load_plan.__doc__\n"
    )
    assert len(_found_in(tmp_path, source, private_uses)) == 2


def _room_imports(path: Path) -> Iterator[tuple[str, int]]:
    """(room, line) for every ``transforms.<room>`` this file imports, at the top or inside a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("transforms"):
            parts = node.module.split(".")
            rooms = [parts[1]] if len(parts) > 1 else [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            rooms = [a.name.split(".")[1] for a in node.names if a.name.startswith("transforms.")]
        else:
            continue
        yield from ((room, node.lineno) for room in rooms if (ROOT / "transforms" / room).is_dir())


def room_graph() -> dict[str, set[str]]:
    """Which rooms (packages of ``transforms``) each room imports; the front door (``transforms/cli.py``) and the
    shared settings module are not rooms."""
    graph: dict[str, set[str]] = {}
    for path in _python_files("transforms"):
        parts = path.relative_to(ROOT / "transforms").parts
        if len(parts) > 1:
            graph.setdefault(parts[0], set()).update(r for r, _ in _room_imports(path) if r != parts[0])
    return graph


def test_no_import_cycle_between_rooms():
    graph, cycles = room_graph(), []

    def visit(room: str, trail: list[str]) -> None:
        for target in sorted(graph.get(room, ())):
            if target in trail:
                cycle = trail[trail.index(target) :]
                if min(cycle) == cycle[0]:  # each cycle once
                    cycles.append(" -> ".join([*cycle, target]))
            else:
                visit(target, [*trail, target])

    for room in sorted(graph):
        visit(room, [room])
    assert cycles == []


def test_the_kernel_imports_no_room():
    assert room_graph().get("kernel", set()) == set()


_FIXTURE_MODULE = re.compile(r"fixtures(?:\.\w+)*")


def fixture_imports(path: Path) -> list[str]:
    """Where ``path`` imports the fixtures: import statements anywhere, or a module name given as a string
    (``importlib.import_module("fixtures....")``, a command table)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names = [node.value]
        found += [f"{_where(path, node.lineno)} {name}" for name in names if _FIXTURE_MODULE.fullmatch(name)]
    return found


def test_no_production_module_imports_the_fixtures():
    production = _python_files(*PRODUCT)
    assert len(production) > 50
    assert [hit for path in production for hit in fixture_imports(path)] == []


def test_the_fixture_check_sees_every_kind_of_import(tmp_path):
    source = (
        "def f():\n    import fixtures.practice\n    from fixtures.text import corpus\n"
        "    importlib.import_module('fixtures.demo')\nx = 'fixtures are fine in prose'\n"
    )
    assert len(_found_in(tmp_path, source, fixture_imports)) == 3


def test_packaging_and_the_image_leave_the_fixtures_out():
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert re.search(r'\[tool\.setuptools\.packages\.find\]\s*include = \["transforms\*"\]', pyproject)
    copied = re.findall(r"^COPY\s+(?:--\S+\s+)*(.+?)\s+\S+$", (ROOT / "Dockerfile").read_text(), re.M)
    assert copied and not any("fixtures" in sources or sources.split()[0] == "." for sources in copied)


def test_register_tables_are_declared_only_in_the_schema_module():
    declared = set()
    for path in _python_files("transforms"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Table"
                and len(node.args) > 1
                and ast.unparse(node.args[1]).endswith("METADATA")
            ):
                declared.add(path.relative_to(ROOT).as_posix())
    assert declared == {"transforms/register/schema.py"}
