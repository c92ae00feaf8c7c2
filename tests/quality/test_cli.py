"""``python -m transforms validate``: exit 0 passed, 1 blocked, 2 could not run; JSON summary on stdout."""

from __future__ import annotations

import argparse
import json

import pandas as pd

from transforms.quality import cli

from .conftest import RUN_KEY, replace_staged, staged_table


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    cli.configure(parser)
    return cli.run(parser.parse_args(argv))


def test_check_suites_passes_on_the_committed_project():
    assert run(["--check-suites"]) == 0


def test_source_stage_exit_codes(data_root, capsys):
    assert run(["--stage", "source", "--run-key", RUN_KEY, "--data-root", str(data_root), "--entity", "practice"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["success"] is True and summary["batches"] == 2

    table = staged_table(data_root, "oase", "practice")
    replace_staged(data_root, "oase", "practice", table.drop_columns(["city"]))
    assert run(["--stage", "source", "--run-key", RUN_KEY, "--data-root", str(data_root), "--entity", "practice"]) == 1
    assert json.loads(capsys.readouterr().out)["failed"][0]["expectation"] == "practice.columns"

    assert run(["--stage", "source", "--run-key", "20990101T000000Z", "--data-root", str(data_root)]) == 2


def test_release_stage_reads_a_parquet_and_a_risk_report(tmp_path, capsys):
    frame = pd.DataFrame({"key": ["a", "b", "c"], "pseudonym": ["p1", "p2", "p3"], "code": ["C11", "C11", "C11"]})
    frame.to_parquet(tmp_path / "d.parquet")
    risk = {
        "k_configured": 3,
        "k_reached": 3,
        "rows_in": 3,
        "rows_out": 3,
        "suppressed": 0,
        "excluded": 0,
        "direct_identifier_columns": [],
        "pseudonym_column": "pseudonym",
        "patient_key_column": "key",
    }
    (tmp_path / "risk.json").write_text(json.dumps(risk))
    argv = [
        "--stage",
        "release",
        "--dataset",
        "d",
        "--run-key",
        "r1",
        "--frame",
        str(tmp_path / "d.parquet"),
        "--risk-report",
        str(tmp_path / "risk.json"),
        "--data-root",
        str(tmp_path),
    ]
    assert run(argv) == 0
    (tmp_path / "risk.json").write_text(json.dumps({**risk, "k_reached": 2}))
    assert run(argv) == 1
    assert "release.k_reached" in capsys.readouterr().out
