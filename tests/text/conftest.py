"""Shared fixtures: one engine per test session (DEDUCE loads once), source configs in a temp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

EXQUISE = "patient_number: {regex: '\\bEX\\d{6}\\b', example: EX004521}\n"
OASE = "patient_number: {regex: '\\bP-\\d{7}\\b', example: P-1234567}\n"


@pytest.fixture(scope="session")
def config_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("config")
    (root / "sources").mkdir()
    (root / "sources" / "exquise.yml").write_text(EXQUISE)
    (root / "sources" / "oase.yml").write_text(OASE)
    return root


@pytest.fixture(scope="session")
def engine(config_dir: Path):
    from transforms.text.engine import TextAnonymiser

    return TextAnonymiser(config_dir=config_dir)


@pytest.fixture(scope="session")
def analyse(engine):
    """(type, matched text) pairs the engine finds in a text."""

    def run(text: str, deny: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        return [(e.type, text[e.start : e.end]) for e in engine.analyse(text, deny)]

    return run
