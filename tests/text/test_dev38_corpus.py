"""The thirty-eighth development part (``eval/text/dev38.jsonl``, oral surgery and the hospital): the committed file
is what its generator writes, ids are unique, every span is exact and disjoint, names carry no title, BSNs pass the
11-proef, IBANs mod-97, hospital numbers and pathology numbers are patient numbers, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev38_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|mevrouw|tandarts|huisarts|kaakchirurg)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev38_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev38_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev38_corpus.DEFAULT_RECORDS == 240
    assert dev38_corpus.DEFAULT_SEED == 20270438
    assert_fields_and_kinds(records, dev38_corpus.KINDS, 240 // len(dev38_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds_and_names_without_titles(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":")), (r["id"], s)


def test_direct_identifiers_per_text(records):
    for r in records:
        direct = sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"])
        assert 12 <= direct <= 24, (r["id"], direct)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 200
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev38_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any("\u00a0" in b for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) == 30
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev38_corpus.iban_valid(i), i
    assert dev38_corpus.bsn_valid("123456782") and not dev38_corpus.bsn_valid("123456788")
    assert dev38_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev38_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_and_numbers(records):
    for p in _spans(records, corpus.TELEFOON):
        digits = re.sub(r"\D", "", p)
        assert len(digits) in (10, 11) or (len(digits) == 12 and "(0)" in p), p
    for pc in _spans(records, corpus.POSTCODE):
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Z]{2}", pc) and pc[-2:] not in ("SA", "SD", "SS"), pc
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert any(re.fullmatch(r"T\d\d-\d{5}", n) for n in numbers)  # pathology sample numbers
    assert any(re.fullmatch(r"Z\d{7}", n) for n in numbers) and any(re.fullmatch(r"00\d{7}", n) for n in numbers)
    assert all("@" in e and " " not in e and e.isascii() for e in _spans(records, corpus.EMAIL))


def test_names_as_hospitals_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1500
    assert any(re.fullmatch(r"[A-ZÀ-ÝŁŚİ'-]{3,}, [A-Z][a-zà-ÿ]+( [a-z' ]+)?", n) for n in names)  # ZIELIŃSKI, Agnieszka
    assert any(re.fullmatch(r"[A-Z][\w-]+, ([A-Z]\.)+ (van|de|ter|in 't|van 't)( der| den)?", n) for n in names)
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ıİşğçöüłśńąęó]", n) for n in names)


def test_keep_strings(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1200
    assert all(len(r["keep"]) >= 4 for r in records)
    for shape in (
        r"INR \d,\d",
        r".*\d+ Gy.*",
        r".*c?T\d.*N\d.*",
        r"ICD-10 [A-Z]\d\d\.\d",
        r"LOT \d{6}[A-Z]",
        r"ASA I+",
    ):
        assert any(re.fullmatch(shape, k) for k in keep), shape
    assert any(k.startswith(("alendroninezuur", "zoledroninezuur", "denosumab", "Prolia", "Xgeva")) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in (corpus.INSTELLING, corpus.LOCATIE, corpus.DATUM, corpus.AGB, corpus.UZI, corpus.POLISNUMMER):
        assert categories[category] >= 30, category
