"""The ninety-first development part (``eval/text/dev91.jsonl``, company and occupational dental care): the committed
file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names carry no
title, BSNs pass the 11-proef and IBANs mod-97, every kind holds clinical strings, and what is particular to check-up
days at employers: employers and the dental group are institutions, seafarers' and crew certificates carry their
identifying numbers and dates of birth, weekdays stay outside dates, personnel numbers are annotated after their
label, and seafarers' foreign phones are phones."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev91_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|tandarts|bedrijfsarts)\.?\s|^(de heer|meneer|mevrouw|collega|tandarts|bedrijfsarts)\b", re.I
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev91_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev91_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev91_corpus.generate(24) == records[:24]
    other = dev91_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev91_corpus.DEFAULT_RECORDS == 240
    assert dev91_corpus.DEFAULT_SEED == 20270491
    assert len(dev91_corpus.KINDS) >= 8 and 240 % len(dev91_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev91_corpus.KINDS, 240 // len(dev91_corpus.KINDS))
    assert all(r["id"] == f"dev91-{i:04d}" for i, r in enumerate(records))


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
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev91_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev91_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(i.upper().startswith("BE") for i in ibans)
    assert dev91_corpus.bsn_valid("123456782") and not dev91_corpus.bsn_valid("123456788")
    assert dev91_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev91_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("0031"):
            assert len(digits) == 13, p
        elif p.startswith("+31"):
            assert len(digits.replace("310", "31", 1) if "(0)" in p else digits) == 11, p
        elif p.startswith(("0", "(0")):
            assert len(digits) == 10, p
    for shape in (r"06-\d{8}", r"\+31\d{9}", r"0031\d{9}", r"\(0\d{2,3}\) [\d ]+", r"06\.\d\d\.\d\d\.\d\d\.\d\d"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert any(p[-2:].islower() for p in postcodes)
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 150
    assert any(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", d) for d in births)
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}/\d\d", d) for d in births)
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))
    assert all(re.fullmatch(r"\d{11}", b) for b in _spans(records, corpus.UZI))  # BIG numbers


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(
        re.fullmatch(r"([A-Z]\.)+ (van der|van den|van 't|in 't|van|de|ter|op den) [A-Z][\w-]+", n) for n in names
    )
    assert any(re.fullmatch(r"[A-Z][\w' -]+, ([A-Z]\.)+( [a-z' ]+)?", n) for n in names)
    assert any(re.search(r"[a-z]-(van |de |ter )?[A-Z]", n) for n in names)  # married double names
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöé]", n) for n in names)
    for word in ("Mei", "Juni", "Roos", "Storm", "Bo", "Post"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word


def test_employers_and_groups_are_institutions(records):
    institutions = set(_spans(records, corpus.INSTELLING))
    for _kind, employer in dev91_corpus.EMPLOYERS:
        assert employer in institutions or employer.lower() in institutions, employer
    # an employee's own e-mail need not name the employer; everything the group or the employer writes does
    for r in records:
        if r["kind"] != "medewerker_mail":
            assert any(s["category"] == corpus.INSTELLING for s in r["spans"]), r["id"]


def test_certificates_identify_the_seafarer_and_crew(records):
    for r in records:
        if r["kind"] in ("zeevaartkeuring", "crewverklaring"):
            cats = Counter(s["category"] for s in r["spans"])
            assert cats[corpus.PATIENTNUMMER] >= 1 and cats[corpus.GEBOORTEDATUM] == 1, r["id"]
            assert cats[corpus.DATUM] >= 2 and cats[corpus.PERSOON] >= 2, r["id"]
    seafarer = [r["text"] for r in records if r["kind"] == "zeevaartkeuring"]
    assert any("Seaman's book" in t for t in seafarer) and any("Monsterboeknummer" in t for t in seafarer)
    phones = _spans(records, corpus.TELEFOON)
    assert any(p.startswith("+63") for p in phones) and any(p.startswith("+48") for p in phones)


def test_weekdays_outside_dates_and_personnel_numbers_after_their_label(records):
    for d in _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM):
        assert not d.lower().startswith(WEEKDAYS), d
    labelled = 0
    for r in records:
        starts = {s["start"] for s in r["spans"] if s["category"] == corpus.PATIENTNUMMER}
        for m in re.finditer(r"(pers\.nr\.?|personeelsnr\.|Personeelsnummer:|Crew-ID:) ", r["text"]):
            assert m.end() in starts, (r["id"], m.group())
            labelled += 1
    assert labelled >= 100


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.AGB, corpus.URL):
        assert categories[category] >= 10, category
    assert 3000 <= sum(categories.values()) <= 6000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert 700 <= len(keep) <= 2000
    assert all(len(r["keep"]) >= 2 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev91_corpus.KINDS) and all(n >= 40 for n in per_kind.values()), per_kind
    assert sum(k.startswith(("Kennedy", "Angle", "Miller", "Black", "Ellis", "Pell-Gregory")) for k in keep) >= 20
    assert any(re.fullmatch(r"element \d\d", k) for k in keep) and any(
        re.fullmatch(r"[A-Z]\d\d( 2x)?", k) for k in keep
    )
    assert sum(k == "barodontalgie" for k in keep) >= 10  # flying and diving crews
