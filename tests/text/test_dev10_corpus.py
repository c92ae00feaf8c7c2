"""The tenth development part (``eval/text/dev10.jsonl``): the committed file is what its generator writes, ids are
unique, every span and clinical string is exact and disjoint, names carry no title, numbers pass their checks and
the part holds the addresses and patient numbers it was written for."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev10_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint, bsn_ok, iban_ok


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev10_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev10_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_ids_and_kinds(records):
    assert len(records) == dev10_corpus.DEFAULT_RECORDS == 300
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert set(r) == {"text", "kind", "id", "deny", "spans", "keep"}
        assert r["deny"] == []
    kinds = Counter(r["kind"] for r in records)
    assert set(kinds) == set(dev10_corpus.KINDS) and len(kinds) >= 10
    assert all(n == 25 for n in kinds.values())


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_whole_words(records):
    titles = re.compile(r"^(dhr|hr|mevr|mw|mej|dr|drs|mr|ir|prof|t\.a\.v|p/a)\.?\s|^(de heer|meneer|mevrouw)\b", re.I)
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            if s["category"] != corpus.PERSOON:
                continue
            assert not titles.match(s["text"]), (r["id"], s)
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)


def test_labels_outside_numbers_and_addresses(records):
    labels = re.compile(r"^(pt\.?\s?nr|patiënt|dossier|cliënt|relatie|kaart|ref|id|nr|bsn|tel|p/a)[.:\s#]", re.I)
    for r in records:
        for s in r["spans"]:
            if s["category"] in (corpus.PATIENTNUMMER, corpus.ADRES, corpus.BSN, corpus.POSTCODE, corpus.TELEFOON):
                assert not labels.match(s["text"]), (r["id"], s)
            if s["category"] == corpus.PATIENTNUMMER:
                assert not s["text"].startswith("#"), (r["id"], s)


def test_checksums(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.BSN]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.IBAN]
    assert len(bsns) >= 20 and len(ibans) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev10_corpus.bsn_valid(digits), b
    for i in ibans:
        assert iban_ok(i, {"NL": 18, "BE": 16, "DE": 22}) and dev10_corpus.iban_valid(i), i
    assert not dev10_corpus.bsn_valid("123456788") and dev10_corpus.bsn_valid("123456782")
    assert dev10_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev10_corpus.iban_valid("NL92ABNA0417164300")


def test_dotted_eight_digit_patient_numbers_are_not_bsns(records):
    dotted = [
        s["text"]
        for r in records
        for s in r["spans"]
        if s["category"] == corpus.PATIENTNUMMER and re.fullmatch(r"\d\d\.\d{3}\.\d{3}", s["text"])
    ]
    assert dotted
    for number in dotted:
        assert not bsn_ok("0" + number.replace(".", "")), number


def test_the_theme_is_there(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for c in (corpus.PERSOON, corpus.TELEFOON, corpus.EMAIL, corpus.POSTCODE, corpus.GEBOORTEDATUM):
        assert categories[c] >= 100, c
    assert categories[corpus.ADRES] >= 800 and categories[corpus.PATIENTNUMMER] >= 400
    addresses = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.ADRES]
    for notation in ("Postbus ", "Antwoordnummer ", " hs", "-III", " zw", "a rd", "bis", "str.", "ln.", "Burg."):
        assert any(notation in a for a in addresses), notation
    texts = "\n".join(r["text"] for r in records)
    for cue in ("p/a ", "pt.nr", "dossiernr.", "cliëntnummer", "kaartnr.", "#", "ID:", "woonzorgcentrum"):
        assert cue in texts, cue
    # every text holds several direct identifiers and clinical strings to keep
    for r in records:
        assert sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"]) >= 4, r["id"]
        assert len(r["keep"]) >= 1, r["id"]
