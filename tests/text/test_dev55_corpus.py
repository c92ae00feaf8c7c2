"""The fifty-fifth development part (``eval/text/dev55.jsonl``, privacy and data handling in a dental group): the
committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names
carry no title, BSNs pass the 11-proef and IBANs mod-97 (checked here and by the generator), the notations the
generator's docstring promises occur, masked document numbers stay unannotated, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev55_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|fg|moeder|vader)\s", re.I)
MASKED = re.compile(r"[A-Z]{2}●{5}[A-Z]\d|[A-Z]{2}\*{5}[A-Z]\d|x{6}\d{3}|[A-Z]{2}-\*{4}-[A-Z]\d")


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev55_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev55_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev55_corpus.generate() == records
    other = dev55_corpus.generate(20, dev55_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:20]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev55_corpus.DEFAULT_RECORDS == 240
    assert dev55_corpus.DEFAULT_SEED == 20270455
    assert len(dev55_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev55_corpus.KINDS, 240 // len(dev55_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["deny"] == [] for r in records)


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
                assert not s["text"].endswith((",", ":", ".,")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev55_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)  # compact
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)  # spaced
    assert any("\u00a0" in b for b in bsns)  # no-break spaces
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}|\d{3}\.\d{3}\.\d{3}", b) for b in bsns)  # dotted
    assert any(re.fullmatch(r"\d\d-\d{3}-\d\d-\d\d", b) for b in bsns)  # dashed

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 25
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev55_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 15 and set(countries) <= {"NL", "BE", "DE"} and len(countries) >= 2, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans) and any(" " in i for i in ibans)

    # the generator's own checks say no to what is wrong
    assert dev55_corpus.bsn_valid("123456782") and not dev55_corpus.bsn_valid("123456788")
    assert dev55_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev55_corpus.iban_valid("NL92ABNA0417164300")
    assert dev55_corpus.iban_valid("DE89370400440532013000") and dev55_corpus.iban_valid("BE68 5390 0754 7034")


def test_phones(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 80
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("0031"):
            assert len(digits) == 13, p
        elif p.startswith("+31"):
            assert len(digits.replace("310", "31", 1) if "(0)" in p else digits) == 11, p
        elif p.startswith(("+32", "+90")):
            assert len(digits) in (11, 12), p
        else:
            assert len(digits) == 10 and digits[0] == "0", p
    for shape in (r"06-\d{8}", r"\+31 6 \d{8}", r"\+31 \(0\)6-\d\d \d\d \d\d \d\d", r"0031\d{9}", r"\(0\d{2,3}\) \d+"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    assert any(p.startswith("+32 ") for p in phones) and any(p.startswith("+90 ") for p in phones)


def test_postcodes_addresses_and_places(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 60
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ -]?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    for shape in (r"\d{4} [A-Z]{2}", r"\d{4}[A-Z]{2}", r"\d{4} [a-z]{2}", r"\d{4}-[A-Z]{2}"):
        assert any(re.fullmatch(shape, p) for p in postcodes), shape
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 60
    assert all(re.search(r"\d", a) for a in addresses)
    assert any(re.search(r"\d(-II| bis| hs|a)$", a) for a in addresses)
    assert any(a == a.lower() for a in addresses)  # typed in lower case
    assert len(_spans(records, corpus.LOCATIE)) >= 60


def test_dates_of_birth_in_many_notations(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 150
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    shapes = {
        "03-04-1961": r"\d\d-\d\d-\d{4}",
        "3/4/1961": r"\d{1,2}/\d{1,2}/\d{4}",
        "1961-04-03": r"\d{4}-\d\d-\d\d",
        "3 april 1961": rf"\d{{1,2}} ({months}) \d{{4}}",
        "03.04.61": r"\d\d\.\d\d\.\d\d",
        "03.04.1961": r"\d\d\.\d\d\.\d{4}",
        "3-apr-1961": r"\d{1,2}-[a-z]{3}-\d{4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dobs), name
    assert len(_spans(records, corpus.DATUM)) >= 200


def test_patient_numbers_in_seven_formats(records):
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 90
    shapes = (r"\d{6}", r"P\d{7}", r"\d{4}/\d{5}", r"DW-\d{6}", r"\d{3}\.\d{3}", r"MZ\d{6}", r"\d{4,5}")
    for shape in shapes:
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    assert all(any(re.fullmatch(shape, n) for shape in shapes) for n in numbers)


def test_names_of_many_shapes(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 600
    assert any(re.fullmatch(r"[A-ZÀ-Þ][\w'-]+( [\w'-]+)*, [A-ZÀ-ÞŁ][\w-]+( [a-z' ]+)?", n) for n in names)  # formal
    assert any(n.isupper() and " " in n for n in names)  # capitals
    assert any(n.islower() and " " in n for n in names)  # lower case
    assert any(re.fullmatch(r"([A-ZŁ]\.)+ \S.*", n) for n in names)  # initials
    assert any(" van " in f" {n} " or " in 't " in f" {n} " or " ter " in f" {n} " for n in names)  # particles
    assert any(re.search(r"[ıİğşçöüłśńąÇÖŁ]", n) for n in names)  # Turkish, Polish letters
    for surname in ("Kromowidjojo", "Tjon A Joe", "Hoekstra", "Ait Taleb", "Nguyen", "Martina"):
        assert any(surname.lower() in n.lower() for n in names), surname
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 60 and all(re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", e) and e.isascii() for e in emails)


def test_masked_and_case_numbers_stay_unannotated(records):
    masked = 0
    for r in records:
        for m in MASKED.finditer(r["text"]):
            masked += 1
            assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], m.group())
        for m in re.finditer(r"(INC-0|AVG-20\d\d-|PV 20\d\d-)\d+", r["text"]):
            assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], m.group())
    assert masked >= 15


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 450
    assert sum(len(r["keep"]) >= 1 for r in records) >= 0.9 * len(records)
    for shape in (
        r"(element|kies|elem\.|de) [1-4][1-8]",
        r"(wortelkanaalbehandeling|extractie|kroon|implantaat|facing) [1-4][1-8]",
        r"composiet [1-4][1-8] MOD",
        r"[VCMTXEHA]\d{2,3}",
        r"(Black|Angle|Kennedy) klasse [IV]+|Miller klasse \d|Le Fort I",
        r"[a-zï]+ \d+(,\d+)? ?(mg|%).*",
        r"OPG|CBCT|bitewings",
    ):
        assert any(re.fullmatch(shape, k) for k in keep), shape
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 600,
        corpus.DATUM: 200,
        corpus.GEBOORTEDATUM: 150,
        corpus.INSTELLING: 120,
        corpus.PATIENTNUMMER: 90,
        corpus.EMAIL: 60,
        corpus.TELEFOON: 80,
        corpus.LOCATIE: 60,
        corpus.POSTCODE: 60,
        corpus.ADRES: 60,
        corpus.BSN: 30,
        corpus.IBAN: 25,
        corpus.LEEFTIJD: 15,
        corpus.POLISNUMMER: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
