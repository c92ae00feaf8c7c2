"""The thirty-sixth development part (``eval/text/dev36.jsonl``, money: invoices, reminders, payment plans,
collection and bailiffs, insurers, SEPA mandates, debt help, bank exports, signed quotes): the committed file is
what its generator writes, ids are unique, every span is exact and disjoint, names carry no title, BSNs pass the
11-proef, IBANs mod-97 in many notations, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev36_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr)\.?\s|^(de heer|meneer|mevrouw|tandarts)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev36_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev36_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev36_corpus.DEFAULT_RECORDS == 240
    assert dev36_corpus.DEFAULT_SEED == 20270436
    assert_fields_and_kinds(records, dev36_corpus.KINDS, 30)
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 50
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev36_corpus.bsn_valid(b), b
    assert any(" " in b for b in bsns) and any(re.fullmatch(r"\d{9}", b) for b in bsns)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 300
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev36_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 250 and countries["BE"] >= 1, countries
    # the notations the brief asks for
    assert any(i == i.lower() and " " not in i for i in ibans)  # lower case, compact
    assert any(i == i.lower() and " " in i for i in ibans)  # lower case, grouped
    assert any(re.fullmatch(r"[A-Z]{2}\d\d[A-Z]{4}\d{10}", i) for i in ibans)  # compact
    assert any("." in i for i in ibans) and any("-" in i for i in ibans) and any("\u00a0" in i for i in ibans)
    assert any(re.fullmatch(r"NL \d\d [A-Z]{4}( \d\d){5}", i) for i in ibans)  # 'NL 91 ABNA 04 17 ...'
    texts = "\n".join(r["text"] for r in records)
    assert "IBAN:nl" in texts or "IBAN:NL" in texts  # glued to its label
    assert "/IBAN/" in texts and "BIC" in texts

    # the generator's own checks say no to what is wrong
    assert dev36_corpus.bsn_valid("123456782") and not dev36_corpus.bsn_valid("123456788")
    assert dev36_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev36_corpus.iban_valid("NL92ABNA0417164300")
    assert dev36_corpus.iban_valid("BE68 5390 0754 7034") and not dev36_corpus.iban_valid("BE68 5390 0754 7035")


def test_contact_details_and_addresses(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 200
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(p.islower() for p in postcodes) and any("\u00a0" in p for p in postcodes)
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    for p in phones:
        digits = re.sub(r"\D", "", p)
        assert len(digits) in (10, 11, 13), p
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d(-II| hs| bis|a|B)$", a) for a in addresses)


def test_names_and_dates(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 800
    assert any(re.fullmatch(r"[A-Z' ]+, [A-Z][\w-]+", n) for n in names)  # 'VAN DER VEEN, Semhar'
    assert any(re.fullmatch(r"[\w' -]+, ([A-Z]\.)+( [a-z' ]+)?", n) for n in names)  # 'Broek, O. van den'
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ığşöłśü]", n) for n in names)
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 150
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2}/\d{1,2}/\d{4}",
        r"\d\d\.\d\d\.\d{4}",
        r"\d{1,2} [a-z]+ \d{4}",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 500
    assert any(re.fullmatch(r"[A-Z]\d\d\d?[A-Z]?", k) for k in keep)  # bare tariff codes
    assert any(re.fullmatch(r"[A-Z]\d\d .+ element \d\d", k) for k in keep)
    assert any("mg" in k for k in keep) and any(k.startswith("DPSI") for k in keep)
    direct = sum(s["category"] in corpus.DIRECT_IDENTIFIERS for r in records for s in r["spans"])
    assert direct / len(records) >= 12
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 800,
        corpus.IBAN: 300,
        corpus.DATUM: 300,
        corpus.TELEFOON: 250,
        corpus.PATIENTNUMMER: 200,
        corpus.ADRES: 200,
        corpus.INSTELLING: 200,
        corpus.EMAIL: 150,
        corpus.GEBOORTEDATUM: 150,
        corpus.AGB: 50,
        corpus.BSN: 50,
        corpus.POLISNUMMER: 30,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
