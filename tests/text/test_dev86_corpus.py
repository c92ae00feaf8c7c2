"""The eighty-sixth development part (``eval/text/dev86.jsonl``, sedation and general anaesthesia for dental
treatment): the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on
word bounds, names carry no title nor a kinship or role word ('moeder', 'mentor', 'anesthesioloog'), BSNs pass the
11-proef and IBANs mod-97, every kind holds clinical strings, and the topic's own strings (ASA classes, weights,
lachgas concentrations, children's ages) are where they belong."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev86_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs)\.?\s|^(de heer|meneer|mevrouw|moeder|vader|mama|papa|oma|opa|mentor|curator|"
    r"anesthesioloog|tandarts|begeleider|huisarts|bewindvoerder)\b",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev86_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev86_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev86_corpus.generate(24) == records[:24]
    other = dev86_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev86_corpus.DEFAULT_RECORDS == 240
    assert dev86_corpus.DEFAULT_SEED == 20270486
    assert len(dev86_corpus.KINDS) >= 8 and 240 % len(dev86_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev86_corpus.KINDS, 240 // len(dev86_corpus.KINDS))
    assert all(r["id"] == f"dev86-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ":", ".,", ")")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev86_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 15
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev86_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    assert dev86_corpus.bsn_valid("123456782") and not dev86_corpus.bsn_valid("123456788")
    assert dev86_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev86_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("+31"):
            assert len(digits.replace("310", "31", 1) if "(0)" in p else digits) == 11, p
        else:
            assert len(digits) == 10, p
    for shape in (r"06-\d{8}", r"\+31\d{9}", r"06\.\d\d\.\d\d\.\d\d\.\d\d", r"\+31 \(0\)\d+ \d+", r"\(06\) \d{8}"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"P-\d{6}", r"D\d{6}", r"\d\.\d{3}\.\d{3}", r"\d{5}", r"\d{7}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 200
    assert any(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", d) for d in births)
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in births)
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(re.fullmatch(r"([A-Z]\.)+ (van der|van den|van 't|in 't|ter|ten) [A-Z][\w-]+", n) for n in names)
    assert any(re.fullmatch(r"[A-Z][\w' -]+, ([A-Z]\.)+( [a-z' ]+)?", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÇŞÖ' -]+, [A-Z][a-zë]+", n) for n in names)  # SURNAME, Given
    assert any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z]{2}", n) for n in names)  # a paraaf
    assert any(re.search(r"[ąćęłńóśźżığüşçöé]", n) for n in names)
    for word in ("Mei", "Juni", "Roos", "Storm", "Kees", "Bakker", "Post"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word


def test_ages_weights_and_asa_classes(records):
    ages = _spans(records, corpus.LEEFTIJD)
    assert len(ages) >= 150
    assert all(re.search(r"jaar|jarige|jr|^\d+j$|^\d+$", a) for a in ages), ages
    assert any(re.fullmatch(r"\d jaar en \d+ maanden", a) for a in ages)
    keep = [k["text"] for r in records for k in r["keep"]]
    assert sum(bool(re.fullmatch(r"ASA(-| |-klasse | klasse )(I{1,3}|[123])", k)) for k in keep) >= 150
    assert sum(bool(re.fullmatch(r"\d+(,\d)? ?(kg|kilo)", k)) for k in keep) >= 150
    # nobody's weight or ASA class is gold, and no age is a clinical string
    spans = [s["text"] for r in records for s in r["spans"]]
    assert not any(re.search(r"\bkg\b|\bASA\b", s) for s in spans)
    assert not any(re.fullmatch(r"\d+ ?(jaar|jr)", k) for k in keep)


def test_lachgas_and_sedation_strings(records):
    by_kind: dict[str, list[str]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).extend(k["text"] for k in r["keep"])
    assert all(
        any(re.fullmatch(r"N2O \d\d%", k) for k in ks)
        for r in records
        if r["kind"] == "lachgas"
        for ks in [[k["text"] for k in r["keep"]]]
    )
    assert sum(k.startswith("midazolam") for k in by_kind["sedatie_volwassene"]) >= 10
    assert any(k.startswith("Aldrete") for k in by_kind["verkoever"]) and any(
        k.startswith("FLACC") for k in by_kind["verkoever"]
    )
    schedule = [r for r in records if r["kind"] == "ok_planning"]
    for r in schedule:  # every row of the day's schedule names a patient with a date of birth and a number
        cats = Counter(s["category"] for s in r["spans"])
        assert cats[corpus.GEBOORTEDATUM] >= 3 and cats[corpus.PATIENTNUMMER] == cats[corpus.GEBOORTEDATUM]


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 15, (category, categories[category])
    for category in (
        corpus.LOCATIE,
        corpus.INSTELLING,
        corpus.DATUM,
        corpus.LEEFTIJD,
        corpus.AGB,
        corpus.URL,
        corpus.UZI,
    ):
        assert categories[category] >= 10, category
    assert 3000 <= sum(categories.values()) <= 5000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert 700 <= len(keep) <= 1700
    assert all(len(r["keep"]) >= 1 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev86_corpus.KINDS) and all(n >= 20 for n in per_kind.values()), per_kind
    assert any(re.fullmatch(r"element \d\d", k) for k in keep) and any(re.fullmatch(r"[A-Z]\d\d", k) for k in keep)
