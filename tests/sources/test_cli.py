"""The command line: generate (the fixtures'), extract (with --check), describe-model; errors are clear, exit codes
honest."""

from __future__ import annotations

import json
import subprocess
import sys

from transforms import settings

from .conftest import AS_OF

CLI = [sys.executable, "-m", "transforms"]
FIXTURES_CLI = [sys.executable, "-m", "fixtures"]  # not installed with the product: run from the repository


def _run(*args, env=None, cwd=None):
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def _fixtures(*args, env=None):
    return subprocess.run(
        [*FIXTURES_CLI, *args], capture_output=True, text=True, env=env, cwd=settings.REPO_ROOT, timeout=300
    )


def test_generate_then_extract_from_the_command_line(tmp_path, monkeypatch):
    import os

    env = {
        **os.environ,
        "DCN_DATA_ROOT": str(tmp_path / "data"),
        "DCN_CONTROL_DB_URL": f"sqlite:///{tmp_path / 'register.db'}",
    }
    for system in ("exquise", "oase"):
        url = f"sqlite:///{tmp_path / system}.db"
        result = _fixtures(
            "generate", "--system", system, "--url", url, "--patients", "50", "--as-of", AS_OF.isoformat(), env=env
        )
        assert result.returncode == 0, result.stderr
        env[f"DCN_SOURCE_{system.upper()}_URL"] = url
    again = _fixtures("generate", "--system", "oase", "--url", env["DCN_SOURCE_OASE_URL"], "--patients", "5", env=env)
    assert again.returncode != 0 and "--replace" in again.stderr

    check = _run("extract", "--check", env=env)
    assert check.returncode == 0 and "exquise: ok" in check.stdout and "oase: ok" in check.stdout
    result = _run("extract", "--as-of", "2026-11-02T02:00:00+01:00", env=env)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert [s["source"] for s in summary] == ["exquise", "oase"]
    assert all(s["run_key"] == "20261102T010000Z" and s["rows"] > 500 for s in summary)
    # the run manifest the privacy page reads is written by the library, so the command line writes it too
    manifest = json.loads((tmp_path / "data" / "runs" / "20261102T010000Z.json").read_text())
    assert manifest["rows"] == sum(s["rows"] for s in summary) and manifest["quality"] is None
    assert [s["source"] for s in manifest["sources"]] == ["exquise", "oase"]


def test_missing_url_and_naive_time_are_refused(tmp_path):
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("DCN_SOURCE_")}
    missing = _run("extract", "--source", "oase", env=env)
    assert missing.returncode != 0 and "set DCN_SOURCE_OASE_URL" in missing.stderr
    naive = _run("extract", "--as-of", "2026-11-02T02:00:00", env=env)
    assert naive.returncode == 2 and "give a timezone" in naive.stderr


def test_help_lists_commands_and_works_without_heavy_imports():
    result = _run("--help")
    assert result.returncode == 0
    for command in ("extract", "describe-model", "anonymise-text"):
        assert command in result.stdout
    assert "unavailable" not in result.stdout
    fixtures = _fixtures("--help")
    assert fixtures.returncode == 0
    for command in ("generate", "demo", "eval-text"):
        assert command in fixtures.stdout
    assert "unavailable" not in fixtures.stdout
    # the product's command line offers no fixture: generating data and the demo are not pipeline commands
    listed = {line.split()[0] for line in result.stdout.split("commands:")[1].splitlines()[1:] if line.startswith("  ")}
    assert "extract" in listed and not listed & {"generate", "demo", "eval-text"}


def test_every_command_module_has_the_runners_two_functions():
    """``python -m transforms`` and ``python -m fixtures`` call ``configure(parser)`` and ``run(args)`` of a
    command's module: a module without them fails only when someone runs that command."""
    import importlib

    from fixtures.cli import COMMANDS as FIXTURE_COMMANDS
    from transforms.cli import COMMANDS

    for module_name in [*COMMANDS.values(), *FIXTURE_COMMANDS.values()]:
        module = importlib.import_module(module_name)
        assert callable(getattr(module, "configure", None)) and callable(getattr(module, "run", None)), module_name
