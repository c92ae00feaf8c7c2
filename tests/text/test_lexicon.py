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
    globs = pyproject["tool"]["setuptools"]["package-data"]["transforms.lexicon"]
    assert globs == ["data/*.txt", "data/*.tsv"]
    package = lexicon.DATA_DIR.parent
    assert all(any(path.relative_to(package).match(g) for g in globs) for path in lexicon.DATA_DIR.iterdir())
    for name in (
        "clinical_eponyms",
        "eponymous_diseases",
        "microorganism_species",
        "surname_first_cues",
        "kinship_words",
        "name_position_cues",
        "not_names",
        "drug_names",
        "ordinary_word_names",
        "given_names_female",
        "given_names_male",
        "streets",
        "bank_codes",
    ):
        assert lexicon.words(name), name
    for name, columns in (("insurers", 2), ("surnames", 2), ("places", 6)):
        assert lexicon.table(name, *[str] * columns), name


def test_entries_keep_the_file_order_and_tables_their_types():
    streets = lexicon.entries("streets")
    assert streets[:2] == ("Kerkstraat", "Schoolstraat") and len(set(streets)) == len(streets)
    assert "Gijsbrecht van Amstelstraat" in streets
    places = lexicon.table("places", str, int, int, str, str, float)
    assert places[0] == ("Hilversum", 1211, 1223, "035", "Noord-Holland", 6.0)
    surnames = lexicon.table("surnames", str, str)
    assert ("", "Bakker") in surnames and ("in 't", "Veld") in surnames  # an empty tussenvoegsel is a column
    insurers = dict((name, code) for code, name in lexicon.table("insurers", str, str))
    assert insurers["Zilveren Kruis"] == "3311" and insurers["FBTO"] == ""
    with pytest.raises(ValueError, match=r"insurers.tsv, line \d+: 2 columns, expected 3"):
        lexicon.table("insurers", str, str, str)


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
