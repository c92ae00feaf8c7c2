"""Names no list holds (issue 17, sixth round): the Dutch vocabulary they are told from, and where they are read."""

from __future__ import annotations

import pytest

from transforms import lexicon


def test_dutch_vocabulary_holds_dutch_and_clinical_words_not_foreign_given_names():
    vocabulary = lexicon.dutch_vocabulary()
    assert len(vocabulary) > 400_000
    for word in ("wortelkanaal", "vulling", "kies", "ontsteking", "gebeld", "leverancier", "wang"):
        assert word in vocabulary, word
    for name in ("ngozi", "dovydas", "haruto", "kestutis", "yuting"):
        assert name not in vocabulary, name


def test_vocabulary_answers_membership_of_what_it_was_given_only():
    vocabulary = lexicon.Vocabulary(["kroon", "brug"])
    assert "kroon" in vocabulary and "brug" in vocabulary
    assert "Kroon" not in vocabulary and "kroo" not in vocabulary and 12 not in vocabulary
    assert len(vocabulary) == 2


@pytest.fixture(scope="module")
def unlisted():
    from transforms.text.recognizers import UnlistedNameRecognizer

    return UnlistedNameRecognizer().unlisted


# (not 'Ngozi' or 'Oluwaseun' any more: given_names_abroad.txt lists them; issue 17, thirty-fifth round)
@pytest.mark.parametrize("name", ["Nnamdi", "dovydas", "Haruto", "Kestutis", "Adebayo", "tigran", "Aigerim"])
def test_given_names_in_no_list_are_unlisted(unlisted, name):
    assert unlisted(name)


@pytest.mark.parametrize(
    "word",
    [
        "wortelkanaalcontrole",  # a compound of two words
        "nacontrole",  # a prefix and a word
        "opbeetplaat",  # three parts
        "extracties",  # a plural the lemma tables lack
        "Geachte",  # a greeting's word
        "chx",  # an abbreviation (clinical_abbreviations.txt)
        "bwr",  # no vowel
        "Nance-boog",  # a lower-case part after a hyphen
        "parodontaal",  # a clinical ending
        "septanest",  # a product
        "Sanne",  # a given name DEDUCE knows: other rules read it
    ],
)
def test_words_compounds_abbreviations_and_clinical_words_are_not(unlisted, word):
    assert not unlisted(word)


def test_read_only_where_a_name_stands(analyse):
    """After a cue, opening a sentence or a signature; not an acronym in capitals after a cue."""
    text = "Ngozi belde. groetjes dovydas\n— Haruto (balie)\nspoelen met CHX, controle van MIH"
    found = {value for _, value in analyse(text)}
    assert {"Ngozi", "dovydas", "Haruto"} <= found
    assert not {"CHX", "MIH"} & found
