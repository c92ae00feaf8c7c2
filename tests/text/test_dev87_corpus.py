"""The eighty-seventh development part (``eval/text/dev87.jsonl``, recruitment and staff files at a dental group): the
committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names
carry no title nor job title, BSNs pass the 11-proef and IBANs mod-97, every kind holds clinical strings, register
numbers are UZI, and the retention periods stay unannotated."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev87_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|mr)\.?\s|^(de heer|meneer|mevrouw|dokter)\b", re.I)
ROLES = re.compile(r"\b(tandarts|bedrijfsarts|assistente?|mondhygiënist|praktijkmanager|casemanager|directeur)\b|^HR ")


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev87_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev87_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev87_corpus.generate(24) == records[:24]
    other = dev87_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev87_corpus.DEFAULT_RECORDS == 240
    assert dev87_corpus.DEFAULT_SEED == 20270487
    assert len(dev87_corpus.KINDS) >= 8 and 240 % len(dev87_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev87_corpus.KINDS, 240 // len(dev87_corpus.KINDS))
    assert all(r["id"] == f"dev87-{i:04d}" for i, r in enumerate(records))


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
                assert not ROLES.search(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":", ".,")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev87_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev87_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    assert dev87_corpus.bsn_valid("123456782") and not dev87_corpus.bsn_valid("123456788")
    assert dev87_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev87_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("0031"):
            assert len(digits) == 13, p
        elif p.startswith("+31"):
            assert len(digits) - ("(0)" in p) == 11, p
        elif p.startswith(("0", "(0")):
            assert len(digits) == 10, p
    for shape in (
        r"06-\d{8}",
        r"\+31\d{9}",
        r"0031 6 \d{4} \d{4}",
        r"\(0\d\d\) \d{3} \d\d \d\d",
        r"06\.\d\d\.\d\d\.\d\d\.\d\d",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    assert any("\u00a0" in p for p in phones) and any(p.startswith(("+48", "+380", "+90", "+597")) for p in phones)
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 120
    for shape in (r"\d{1,2} [a-z]+ \d{4}", r"\d{4}-\d\d-\d\d", r"\d\d/\d\d/\d{4}", r"\d{1,2}\.\d\d\.\d{4}"):
        assert any(re.fullmatch(shape, d) for d in births), shape
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))


def test_register_numbers_are_uzi(records):
    """BIG numbers (11 digits, in groups or not) and KRP numbers (9 digits) follow their word and are UZI."""
    uzi = _spans(records, corpus.UZI)
    assert len(uzi) >= 50
    assert all(len(re.sub(r"\D", "", u)) in (9, 11) for u in uzi)
    assert any(len(re.sub(r"\D", "", u)) == 11 and " " in u for u in uzi)
    by_kind = Counter(r["kind"] for r in records for s in r["spans"] if s["category"] == corpus.UZI)
    assert by_kind["bigcheck"] >= 20


def test_retention_periods_unannotated(records):
    """The rejected applicants' note names its periods (4 weeks, a year with consent); they are no personal data,
    while the deletion dates next to them are DATUM."""
    notes = [r for r in records if r["kind"] == "bewaartermijn"]
    with_periods = 0
    for r in notes:
        for m in re.finditer(r"\b(4 weken|1 jaar)\b", r["text"]):
            with_periods += 1
            assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], m.group())
        assert sum(s["category"] == corpus.DATUM for s in r["spans"]) >= 2, r["id"]
    assert with_periods >= 20


def test_personnel_numbers_and_applicant_files(records):
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"M-\d+", r"P\d{5}", r"MW\d+", r"#\d+", r"P-\d+"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    cvs = [r for r in records if r["kind"] == "cv"]
    for r in cvs:
        cats = {s["category"] for s in r["spans"]}
        assert {corpus.PERSOON, corpus.ADRES, corpus.POSTCODE, corpus.GEBOORTEDATUM, corpus.INSTELLING} <= cats, r["id"]


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(
        re.fullmatch(r"[A-Z]\.([A-Z]\.)? (van der|van den|van 't|in 't|van|de|ter|ten) [A-Z][\w-]+", n) for n in names
    )
    assert any(re.fullmatch(r"[A-Z][\w' -]+, ([A-Z]\.)+( [a-z' ]+)?", n) for n in names)
    assert any(re.search(r"[a-z]-(van |de |van der )?[A-Z]", n) for n in names)  # partner's names
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöÉé]", n) for n in names)
    for word in ("Mei", "Juni", "April", "Roos", "Kees", "Bas", "Post", "Winter"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.AGB, corpus.URL):
        assert categories[category] >= 10, category
    assert sum(categories.values()) >= 3000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 700
    assert all(len(r["keep"]) >= 2 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev87_corpus.KINDS) and all(n >= 40 for n in per_kind.values()), per_kind
    assert any(re.fullmatch(r"element \d\d", k) for k in keep) and any(
        re.fullmatch(r"[A-Z]\d\d( 2x)?", k) for k in keep
    )
    assert sum(k.startswith(("Kennedy", "Angle", "Miller", "Black", "Le Fort")) for k in keep) >= 10
