"""The thirty-fifth development part (``eval/text/dev35.jsonl``, elderly and long-term care in dental practice): the
committed file is what its generator writes, ids are unique, every span is exact and disjoint, names carry no title,
BSNs pass the 11-proef and IBANs mod-97, phones and postcodes have Dutch shapes, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev35_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|collega)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev35_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev35_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev35_corpus.DEFAULT_RECORDS == 240
    assert dev35_corpus.DEFAULT_SEED == 20270435
    assert len(dev35_corpus.KINDS) == 8
    assert_fields_and_kinds(records, dev35_corpus.KINDS, 240 // len(dev35_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds_and_names_without_titles(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":", ";")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 100
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev35_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any("." in b for b in bsns)
    assert any("\u00a0" in b for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev35_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev35_corpus.bsn_valid("123456782") and not dev35_corpus.bsn_valid("123456788")
    assert dev35_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev35_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_and_dates(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[4:] if digits.startswith("0031") else digits[2:] if p.startswith("+31") else digits[1:]
        assert len(national) == 9 and national[0] != "0", p
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 200
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 200
    assert all(1920 <= int(re.search(r"(19|20)\d\d", b).group(0)) <= 1955 for b in births)


def test_names_of_care_networks(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(re.fullmatch(r"[A-ZÀ-Ýİ' -]{3,}, [A-Z][\w .]+", n) for n in names)  # SURNAME, Given
    assert any(re.search(r", [\w.]+ (van|de|in|op|ter)( (der|den|'t))?$", n) for n in names)  # particles last
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ıİöüçşğąćęłńśźż]", n) for n in names)
    texts = "\n".join(r["text"] for r in records)
    for word in ("wilsonbekwaam", "mentor", "bewindvoerder", "mantelzorger", "overleden", "erfgenaam", "gemerkt"):
        assert word in texts, word


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1500
    assert all(len(r["keep"]) >= 2 for r in records)
    assert any(re.fullmatch(r"element [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"[CPUXHV]\d\d", k) for k in keep)  # NZa codes
    assert any(re.search(r"\bVV 0\d\b", k) for k in keep)  # Wlz care profiles
    assert any(k.startswith("M. ") for k in keep)  # eponymous diseases
    assert any(re.search(r"\d+ mg", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.INSTELLING: 300,
        corpus.TELEFOON: 300,
        corpus.DATUM: 300,
        corpus.EMAIL: 250,
        corpus.ADRES: 250,
        corpus.POSTCODE: 200,
        corpus.LOCATIE: 250,
        corpus.GEBOORTEDATUM: 200,
        corpus.PATIENTNUMMER: 200,
        corpus.BSN: 100,
        corpus.IBAN: 40,
        corpus.LEEFTIJD: 40,
        corpus.AGB: 20,
        corpus.POLISNUMMER: 20,
        corpus.URL: 20,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    direct = [sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"]) for r in records]
    assert min(direct) >= 10 and sum(direct) / len(direct) >= 12
