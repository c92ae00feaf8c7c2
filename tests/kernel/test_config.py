"""The one config loader: strict YAML (no duplicate keys, no aliases, bounded nesting, UTF-8 only) and
problems that name the file and the place on one line, for every config file of the project."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from transforms import settings
from transforms.kernel.config import MAX_DEPTH, ConfigError, read_yaml, validate_config
from transforms.kernel.model import StrictModel
from transforms.quality.config import load_quality_config
from transforms.research.config import load_datasets
from transforms.retention.policy import load_policy
from transforms.sources.config import load_source

CONFIG = settings.REPO_ROOT / "config"


def _write(tmp_path: Path, text: str | bytes, name: str = "config.yml") -> Path:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _error(load, path: Path) -> str:
    with pytest.raises(ConfigError) as info:
        load(path)
    return str(info.value)


def _one_line_naming(message: str, path: Path, line: int | None = None) -> None:
    assert "\n" not in message, message
    assert message.startswith(f"{path}:{line}:" if line else f"{path}:"), message


def test_duplicate_key_at_the_top_level_is_refused(tmp_path):
    path = _write(tmp_path, "version: 1\nname: a\nversion: 2\n")
    message = _error(read_yaml, path)
    _one_line_naming(message, path, 3)
    assert "duplicate key 'version' (first at line 1)" in message


def test_a_second_retention_class_block_cannot_replace_the_first(tmp_path):
    text = (CONFIG / "retention_policy.yml").read_text(encoding="utf-8")
    second = "\n  camera_footage:\n    category: x\n    term: {years: 50}\n"
    doubled = text.replace("\n  complaints:", second + "  complaints:", 1)
    assert doubled != text
    path = _write(tmp_path, doubled, "retention_policy.yml")
    message = _error(load_policy, path)
    _one_line_naming(message, path)
    assert "classes.camera_footage: duplicate key 'camera_footage'" in message


def test_a_source_column_mapped_twice_is_refused(tmp_path):
    text = (CONFIG / "sources" / "exquise.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("bsn:"))
    indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
    lines.insert(index + 1, f"{indent}bsn: email")
    path = _write(tmp_path, "\n".join(lines) + "\n", "exquise.yml")
    message = _error(load_source, path)
    _one_line_naming(message, path, index + 2)
    assert "duplicate key 'bsn'" in message and ".columns.bsn" in message


def test_aliases_anchors_and_merge_keys_are_refused(tmp_path):
    laughs = (
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: {const: [*b, *b, *b, *b, *b, *b, *b, *b, *b]}\n"
    )
    message = _error(read_yaml, _write(tmp_path, laughs))
    assert "anchor &a is not allowed" in message and "\n" not in message
    alias_only = _write(tmp_path, "a: 1\nb: *nowhere\n", "alias.yml")
    assert "alias *nowhere is not allowed" in _error(read_yaml, alias_only)
    merge = _write(tmp_path, "a:\n  <<: {x: 1}\n  y: 2\n", "merge.yml")
    assert _error(read_yaml, merge).startswith(f"{merge}:2: YAML merge key")


def test_a_billion_laughs_under_const_cannot_pass_the_source_check(tmp_path):
    text = (CONFIG / "sources" / "exquise.yml").read_text(encoding="utf-8")
    bomb = "x_laughs: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    bomb += "".join(f"x_l{i}: &l{i} [{', '.join(f'*l{i - 1}' for _ in range(10))}]\n" for i in range(1, 9))
    path = _write(tmp_path, bomb + text, "exquise.yml")
    message = _error(load_source, path)
    _one_line_naming(message, path, 1)
    assert "anchor" in message


def test_non_utf8_file_names_the_line(tmp_path):
    path = _write(tmp_path, b"version: 1\nname: caf\xe9\n")
    message = _error(read_yaml, path)
    _one_line_naming(message, path, 2)
    assert "not UTF-8" in message and "0xe9" in message


def test_deep_nesting_is_refused_without_recursion_error(tmp_path):
    deep = _write(tmp_path, "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    message = _error(read_yaml, deep)
    _one_line_naming(message, deep, 1)
    assert f"nested more than {MAX_DEPTH} levels deep" in message
    blocks = "".join(f"{'  ' * i}k{i}:\n" for i in range(MAX_DEPTH + 5)) + f"{'  ' * (MAX_DEPTH + 5)}v: 1\n"
    assert "nested more than" in _error(read_yaml, _write(tmp_path, blocks, "blocks.yml"))


def test_broken_yaml_and_wrong_shapes_are_one_line(tmp_path):
    broken = _write(tmp_path, "a: 1\nname: [unclosed\n", "broken.yml")
    message = _error(read_yaml, broken)
    assert "not valid YAML" in message and "\n" not in message and message.startswith(f"{broken}:")
    assert _error(read_yaml, _write(tmp_path, "- a\n- b\n", "list.yml")).endswith("expected a mapping at the top level")
    assert _error(read_yaml, tmp_path / "absent.yml") == f"{tmp_path / 'absent.yml'}: file not found"


def test_a_100000_year_term_is_a_config_error_naming_the_place(tmp_path):
    text = (CONFIG / "retention_policy.yml").read_text(encoding="utf-8")
    at = text.index("term: {weeks: 4}", text.index("\n  camera_footage:"))
    path = _write(
        tmp_path, text[:at] + "term: {years: 100000}" + text[at + len("term: {weeks: 4}") :], "retention_policy.yml"
    )
    line = 1 + text[:at].count("\n")
    message = _error(load_policy, path)
    _one_line_naming(message, path, line)
    assert "classes.camera_footage.term" in message and "longer than 200 years" in message


def test_schema_errors_name_the_line_of_the_key(tmp_path):
    class Inner(StrictModel):
        size: int

    class Outer(StrictModel):
        name: str
        inner: Inner

    path = _write(tmp_path, "name: x\ninner:\n  size: big\n")
    with pytest.raises(ConfigError) as info:
        validate_config(Outer, read_yaml(path), path)
    assert str(info.value).startswith(f"{path}:3: inner.size: Input should be a valid integer")
    with pytest.raises(ConfigError) as info:
        validate_config(Outer, read_yaml(_write(tmp_path, "name: x\ninner: {size: big}\nextra: 1\n")), path)
    lines = str(info.value).splitlines()
    assert lines[0] == f"{path}: 2 problem(s)" and all(line.startswith(f"{path}:") for line in lines)


@pytest.mark.parametrize(
    "load, relative",
    [
        (load_quality_config, "quality.yml"),
        (load_policy, "retention_policy.yml"),
        (load_source, "sources/oase.yml"),
    ],
)
def test_every_config_file_goes_through_the_strict_loader(tmp_path, load, relative):
    text = (CONFIG / relative).read_text(encoding="utf-8")
    first = text.splitlines()[[line[:1].isalpha() for line in text.splitlines()].index(True)]
    path = _write(tmp_path, text + "\n" + first + "\n", Path(relative).name)
    assert "duplicate key" in _error(load, path)


def test_research_definitions_go_through_the_strict_loader(tmp_path):
    folder = tmp_path / "config"
    shutil.copytree(CONFIG / "research", folder / "research")
    path = folder / "research" / "treatments.yml"
    path.write_text(path.read_text(encoding="utf-8") + "k: 7\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="duplicate key 'k'"):
        load_datasets(folder)


def test_the_command_line_prints_one_line_and_exits_2(tmp_path):
    config = tmp_path / "config"
    shutil.copytree(CONFIG, config)
    mapping = config / "sources" / "oase.yml"
    mapping.write_text(mapping.read_text(encoding="utf-8") + "name: oase\n", encoding="utf-8")
    env = {
        "DCN_CONFIG_DIR": str(config),
        "DCN_DATA_ROOT": str(tmp_path / "data"),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(settings.REPO_ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "transforms", "extract", "--check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"{mapping.resolve()}:") or result.stderr.startswith(f"{mapping}:")
    assert "duplicate key 'name'" in result.stderr
