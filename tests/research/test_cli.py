"""The command line: listing, a clear error without a key (exit 2), publishing with one."""

from __future__ import annotations

import shutil

from tests.research.conftest import KEY
from transforms.cli import main


def test_list_and_missing_key(tmp_path, monkeypatch, capsys):
    assert main(["research", "--list", "--data-root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "treatments" in out and "complaints" in out and "(none)" in out
    monkeypatch.delenv("DCN_RESEARCH_PSEUDONYM_KEY")
    assert main(["research", "--data-root", str(tmp_path)]) == 2
    assert "DCN_RESEARCH_PSEUDONYM_KEY" in capsys.readouterr().err


def test_publish_one_dataset(practice, tmp_path, capsys, caplog):
    data = tmp_path / "data"
    shutil.copytree(practice / "staging", data / "staging")
    status = main(
        [
            "research",
            "--dataset",
            "complaints",
            "--as-of",
            "2026-11-01",
            "--run-key",
            "r1",
            "--data-root",
            str(data),
            "--register-url",
            f"sqlite:///{tmp_path / 'reg.db'}",
        ]
    )
    assert status == 0
    assert "complaints r1: k reached" in capsys.readouterr().out
    assert (data / "research" / "complaints" / "current" / "complaints.parquet").exists()
    assert KEY not in caplog.text
    assert main(["research", "--dataset", "nope", "--data-root", str(data)]) == 2
