"""The thirty-seventh development part (``eval/text/dev37.jsonl``, legal and privacy paperwork: disciplinary board,
Geschillencommissie, liability, IGJ, police requests, GDPR requests, data breaches, the privacy officer's register):
the committed file is what its generator writes, ids are unique, every span is exact and disjoint, names carry no
title, BSNs pass the 11-proef, IBANs mod-97, phones and postcodes have Dutch shapes, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev37_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|heer|meneer|mevrouw|tandarts|rechercheur)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev37_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev37_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev37_corpus.DEFAULT_RECORDS == 240
    assert dev37_corpus.DEFAULT_SEED == 20270437
    assert len(dev37_corpus.KINDS) == 8
    assert_fields_and_kinds(records, dev37_corpus.KINDS, 30)
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 60
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev37_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any("\u00a0" in b for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 15
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev37_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans)
    assert dev37_corpus.bsn_valid("123456782") and not dev37_corpus.bsn_valid("123456788")
    assert dev37_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev37_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_and_postcodes(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if digits.startswith("0031"):
            digits = "0" + digits[4:]
        elif digits.startswith("31"):
            digits = "0" + (digits[3:] if p.startswith("+31 (0)") else digits[2:])
        assert len(digits) == 10 and digits[1] != "0", p
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 200
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(p[-2:].islower() for p in postcodes) and any("\u00a0" in p for p in postcodes)


def test_names_and_people_of_legal_text(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(re.fullmatch(r"[A-ZÀ-Ý' -]{3,}, [A-Z][\w-]+( [a-z' ]+)?", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z][\w-]+, ([A-Z]\.)+( [a-z' ]+)?", n) for n in names)  # Surname, I. de
    assert any(n.islower() and " " in n for n in names)
    assert any(" van der " in n or " ter " in n or " 't " in n for n in names)
    assert any(re.search(r"[łśığüşçöé]", n) for n in names)
    texts = "\n".join(r["text"] for r in records)
    for cue in ("mr. ", "Klaagschrift".upper(), "126nf", "Geschillencommissie Mondzorg", "datalek", "AVG"):
        assert cue in texts, cue


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 800
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"LOT \d{7}", k) for k in keep)
    assert any("Pell-Gregory" in k for k in keep) and any(k.startswith("articaïne 4%") for k in keep)
    assert any(re.fullmatch(r"[CEHMRTVX]\d\d( 2x)?", k) for k in keep)
    direct = sum(s["category"] in corpus.DIRECT_IDENTIFIERS for r in records for s in r["spans"])
    assert direct >= 12 * len(records)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.DATUM: 500,
        corpus.TELEFOON: 250,
        corpus.EMAIL: 250,
        corpus.ADRES: 250,
        corpus.POSTCODE: 200,
        corpus.GEBOORTEDATUM: 200,
        corpus.PATIENTNUMMER: 200,
        corpus.INSTELLING: 150,
        corpus.BSN: 60,
        corpus.AGB: 20,
        corpus.UZI: 20,
        corpus.LEEFTIJD: 20,
        corpus.IBAN: 15,
        corpus.POLISNUMMER: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
