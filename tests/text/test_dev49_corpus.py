"""The forty-ninth development part (``eval/text/dev49.jsonl``, practice management text: minutes, incident
reports, complaint files, inspection notes, rosters, onboarding, supplier tickets, sterilisation and X-ray logs,
data-breach registrations): the committed file is what its generator writes, ids are unique, spans are exact,
disjoint and on word bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97 (checked here, by a
second hand), and the notations the generator's docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev49_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint, bsn_ok, iban_ok

IBAN_LENGTHS = {"NL": 18}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|fam)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev49_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev49_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev49_corpus.generate() == records
    other = dev49_corpus.generate(seed=dev49_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records]
    assert len(dev49_corpus.generate(records=20)) == 20


def test_record_fields_and_kinds(records):
    assert len(records) == dev49_corpus.DEFAULT_RECORDS == 240
    assert dev49_corpus.DEFAULT_SEED == 20270449
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert len({r["id"] for r in records}) == len(records)
    kinds = Counter(r["kind"] for r in records)
    assert set(kinds) == set(dev49_corpus.KINDS) and len(kinds) >= 8
    assert set(kinds.values()) == {240 // len(dev49_corpus.KINDS)}
    # deny: the record's people and practice, as a person would list them, the patient first
    for r in records:
        assert r["deny"] and all(isinstance(d, str) and d.strip() == d and d for d in r["deny"])
        names = {s["text"] for s in r["spans"] if s["category"] == corpus.PERSOON}
        assert names, r["id"]


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
                assert not s["text"].endswith((",", ".,", ":", ")")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 60
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev49_corpus.bsn_valid(digits), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3}-\d{3}-\d{3}", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev49_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(re.fullmatch(r"NL\d\d[A-Z]{4}\d{10}", i) for i in ibans)
    assert any(" " in i for i in ibans) and any("." in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev49_corpus.bsn_valid("123456782") and not dev49_corpus.bsn_valid("123456788")
    assert dev49_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev49_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_addresses(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("+31"):
            national = digits[2:]
            national = national[1:] if national.startswith("0") else national  # '+31 (0)38 ...'
        elif p.startswith("0031"):
            national = digits[4:]
        else:
            national = digits[1:]
        assert len(national) == 9 and national[0] != "0", p
    for shape in (r"06-\d{8}", r"\+31 6 \d{4} \d{4}", r"\(0\d{2,3}\) .+", r"\+31 \(0\)\d+ \d+", r"0031 6 \d{8}"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 80
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(re.fullmatch(r"\d{4}[a-z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4} [A-Z]{2}", p) for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d(-II| hs| bis|A|b|-3)$", a) for a in addresses)
    assert any(a.startswith("Laan 1940-1945 ") for a in addresses)
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 100 and all(re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", e) for e in emails)


def test_dates_numbers_and_codes(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 100
    shapes = (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2}-\d{1,2}-\d{4}",
        r"\d\d/\d\d/\d{4}",
        r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d\d\.\d\d\.\d\d",
    )
    for shape in shapes:
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    pnrs = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"\d{5,6}", r"P\d{7}", r"PT-\d+", r"DK\d{6}", r"\d{3}\.\d{3}"):
        assert any(re.fullmatch(shape, p) for p in pnrs), shape
    agbs = _spans(records, corpus.AGB)
    assert agbs and all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    assert any(re.fullmatch(r"\d\d\.\d\d\.\d\d\.\d\d", a) for a in agbs) and any(" " in a for a in agbs)
    bigs = _spans(records, corpus.UZI)  # BIG numbers, annotated as UZI (the docstring's choice)
    assert len(bigs) >= 40 and all(re.fullmatch(r"\d{11}", b) for b in bigs)


def test_names_of_many_origins_and_notations(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1200
    assert any(re.fullmatch(r"[A-ZÀ-ÝĞŞİÇÖÜŁŚŻŹ' -]{3,}, [A-Z][\w ]+", n) for n in names)  # SURNAME, Given
    assert any(
        re.fullmatch(r"[A-Z][\w'-]+, [A-Z][\w ]+ (van der|van den|in 't|op den|van 't|ter|de|van)", n) for n in names
    )  # particles last
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(re.fullmatch(r"([A-Z]\.)+ \S.*", n) for n in names)  # initials
    assert any(re.fullmatch(r"[A-Z][a-z]?[A-Z]", n) for n in names)  # operator initials in logs
    assert any(re.search(r"[ąćęłńóśźżığüşçöũảọ]", n) for n in names)
    for part in (" in 't ", " op den ", " dos ", "Tjon-A-Fong", "Kromodimedjo", "El Amrani", "Hoekstra"):
        assert any(part in n for n in names), part


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 800
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"element \d\d [MODBL]+", k) for k in keep)
    assert any(re.fullmatch(r"articaïne 4% 1:\d{3}\.000", k) for k in keep)
    assert any(re.fullmatch(r"amoxicilline \d+ mg 3dd", k) for k in keep)
    assert any(re.fullmatch(r"[CVEHXRMTA]\d\d\d?", k) for k in keep)
    for eponym in ("Black klasse", "Angle klasse", "Kennedy klasse", "Le Fort I", "Pell-Gregory"):
        assert any(k.startswith(eponym) for k in keep), eponym
    assert any(k in ("OPT", "CBCT regio 38-48") for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1200,
        corpus.DATUM: 300,
        corpus.PATIENTNUMMER: 150,
        corpus.TELEFOON: 150,
        corpus.INSTELLING: 100,
        corpus.GEBOORTEDATUM: 100,
        corpus.EMAIL: 100,
        corpus.LOCATIE: 80,
        corpus.ADRES: 80,
        corpus.POSTCODE: 80,
        corpus.BSN: 60,
        corpus.UZI: 40,
        corpus.IBAN: 40,
        corpus.LEEFTIJD: 20,
        corpus.AGB: 15,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
