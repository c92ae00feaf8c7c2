"""The forty-seventh development part (``eval/text/dev47.jsonl``, the dental laboratory and prosthetics): the
committed file is what its generator writes, ids are unique, every span is exact and disjoint and on word bounds,
names carry no title, BSNs pass the 11-proef and IBANs mod-97 (checked here by this test's own code), and the shapes
the generator's docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev47_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint, bsn_ok, iban_ok

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|tt|ass)\.?\s|^(de heer|mevrouw|tandarts|dokter|technicus)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev47_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev47_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev47_corpus.generate() == records
    assert dev47_corpus.generate(records=30, seed=1) != records[:30]


def test_record_fields_and_kinds(records):
    assert len(records) == dev47_corpus.DEFAULT_RECORDS == 240
    assert dev47_corpus.DEFAULT_SEED == 20270447
    assert len({r["id"] for r in records}) == len(records)
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    counts = Counter(r["kind"] for r in records)
    assert set(counts) == set(dev47_corpus.KINDS) and len(counts) >= 8
    assert set(counts.values()) == {240 // len(dev47_corpus.KINDS)}
    # deny: the record's people as a person would list them (patient first), then the practice and the lab
    for r in records:
        assert r["deny"] and all(isinstance(x, str) and x.strip() == x and x for x in r["deny"])
        assert len(set(r["deny"])) == len(r["deny"])
        institutions = {s["text"] for s in r["spans"] if s["category"] == corpus.INSTELLING}
        assert institutions <= set(r["deny"]), r["id"]


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
                assert not s["text"].endswith((",", ":", "(")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 25
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev47_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d\d-\d{3}-\d\d-\d\d", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev47_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 25 and len(countries) >= 2, countries
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    assert any(re.fullmatch(r"[A-Z]{2}\d\d[A-Z0-9]+", i) for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev47_corpus.bsn_valid("111222333") and not dev47_corpus.bsn_valid("111222334")
    assert dev47_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev47_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        digits = re.sub(r"\D", "", p)
        assert len(digits) in (10, 11, 12, 13), p
    for prefix in ("06-", "06 ", "+31 6", "+316", "0031 6", "(06)", "+31 (0)", "(0"):
        assert any(p.startswith(prefix) for p in phones), prefix
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 80
    assert all(re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) for p in postcodes)
    assert any(" " in p for p in postcodes) and any(" " not in p for p in postcodes)
    assert any(p[-2:].islower() for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d(-II|-3| hs| bis| rd|a|B)$", a) for a in addresses)
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 60
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d\d/\d\d/\d{4}",
        r"\d\d\.\d\d\.\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2} [a-z]+ \d{4}",
    ):
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    agbs = _spans(records, corpus.AGB)
    assert agbs and all(len(re.sub(r"\D", "", a)) == 8 and re.sub(r"\D", "", a).startswith("12") for a in agbs)
    assert len({re.sub(r"\d", "9", a) for a in agbs}) >= 3
    patnrs = _spans(records, corpus.PATIENTNUMMER)
    assert len(patnrs) >= 60 and len({re.sub(r"\d+", "9", p) for p in patnrs}) >= 5
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert all(u.startswith("www.") for u in _spans(records, corpus.URL))


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 600
    assert any(re.fullmatch(r"[A-ZÇŞİÖÜŁ'-]{2,}[A-ZÇŞİÖÜŁ' -]*, [A-Z][\w ]+", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z]\. .+", n) for n in names)  # initial
    assert any(n.islower() and " " in n for n in names)  # lower case
    assert any(" van " in n or n.startswith(("van ", "in 't", "ten ")) or n.endswith(" van der") for n in names)
    assert any(re.search(r"[łśńçşığöüŁŞ]", n) for n in names)
    assert any("-" in n for n in names)  # double-barrelled
    texts = "\n".join(r["text"] for r in records)
    for phrase in ("t.a.v. ", "Met vriendelijke groet", "Hallo ", "Handtekening patiënt:", "Op ", "schreef "):
        assert phrase in texts, phrase


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 700
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.85 * len(records)
    assert any(re.fullmatch(r"(element|elem\.|kroon) [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"Kennedy klasse I+", k) for k in keep)
    assert any(re.fullmatch(r"[PRJV]\d\d", k) for k in keep)
    assert any(re.fullmatch(r"\d+ Ncm", k) for k in keep)
    assert any(k.startswith("articaïne") for k in keep)
    assert any(re.fullmatch(r"[A-D]\d(,5)?|\d[LMR]\d(,5)?", k) for k in keep)  # shades
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 600,
        corpus.INSTELLING: 300,
        corpus.DATUM: 250,
        corpus.TELEFOON: 150,
        corpus.EMAIL: 60,
        corpus.ADRES: 80,
        corpus.POSTCODE: 80,
        corpus.LOCATIE: 80,
        corpus.GEBOORTEDATUM: 60,
        corpus.PATIENTNUMMER: 60,
        corpus.IBAN: 40,
        corpus.BSN: 25,
        corpus.AGB: 20,
        corpus.URL: 20,
        corpus.LEEFTIJD: 10,
        corpus.POLISNUMMER: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
