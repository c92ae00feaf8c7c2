"""The word lists the text anonymiser reads as data (transforms/lexicon/data)."""
from __future__ import annotations

import pytest

from transforms import lexicon


def test_lists_read_entries_without_comments_or_blank_lines():
    eponyms = lexicon.words("clinical_eponyms")
    assert {"Le Fort", "Miller", "Pell-Gregory"} <= eponyms
    assert not any(e.startswith("#") or not e.strip() for e in eponyms)
    assert lexicon.words("clinical_eponyms") is eponyms  # cached: read once per process


def test_every_list_the_engine_uses_ships_as_package_data():
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    assert pyproject["tool"]["setuptools"]["package-data"]["transforms.lexicon"] == ["data/*.txt"]
    for name in ("clinical_eponyms", "eponymous_diseases", "microorganism_species", "surname_first_cues",
                 "kinship_words", "name_position_cues", "not_names"):
        assert lexicon.words(name), name


def test_alternation_is_escaped_and_longest_first():
    import re

    alternation = lexicon.alternation("clinical_eponyms", spaces=r"[ \t]+")
    assert re.fullmatch(alternation, "Pell-Gregory") and re.fullmatch(alternation, "Le  Fort")
    assert re.match(alternation, "Pell-Gregory klasse").group(0) == "Pell-Gregory"


@pytest.mark.parametrize("bad", ["../etc/passwd", "Clinical", "a/b", ""])
def test_only_plain_list_names(bad):
    with pytest.raises(ValueError):
        lexicon.words(bad)


def test_a_missing_list_is_an_error_not_an_empty_list():
    with pytest.raises(FileNotFoundError):
        lexicon.words("no_such_list")
