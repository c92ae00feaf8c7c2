"""The fifty-ninth development part (``eval/text/dev59.jsonl``, snoring and sleep apnoea care at a dental practice):
the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds,
names carry no title, BSNs pass the 11-proef, IBANs mod-97, and the shapes the generator's docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev59_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|collega)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev59_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev59_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev59_corpus.generate() == records
    assert dev59_corpus.generate(20, 1) != records[:20]


def test_record_fields_and_kinds(records):
    assert len(records) == dev59_corpus.DEFAULT_RECORDS == 240
    assert dev59_corpus.DEFAULT_SEED == 20270459
    assert_fields_and_kinds(records, dev59_corpus.KINDS, 240 // len(dev59_corpus.KINDS))
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
    assert len(bsns) >= 50
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev59_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .-]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert ibans
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev59_corpus.iban_valid(i), i
    assert dev59_corpus.bsn_valid("123456782") and not dev59_corpus.bsn_valid("123456788")
    assert dev59_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev59_corpus.iban_valid("NL92ABNA0417164300")


def test_promised_shapes(records):
    names = _spans(records, corpus.PERSOON)
    assert any(re.fullmatch(r"[A-Z' -]{3,}, .+", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z][\w-]+, .+ (van der|van den|van|de|ter|in 't|op den|den)", n) for n in names)
    assert any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z]{2,3}", n) for n in names)  # initials signing a log row
    assert any(re.search(r"[ığşłśńüö]", n) for n in names)
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d\d/\d\d/\d\d",
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d{1,2}/\d{1,2}",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    keep = [k["text"] for r in records for k in r["keep"]]
    assert any(k.startswith("AHI") for k in keep) and any(k.startswith("ODI") for k in keep)
    assert any(k.startswith("protrusie") for k in keep) and "Herbst-MRA" in keep and "Le Fort I" in keep
    assert any(k.startswith(("Mallampati", "Angle", "Friedman")) for k in keep)
    assert {"G71", "G72", "G73"} <= set(keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in (
        corpus.PERSOON,
        corpus.DATUM,
        corpus.TELEFOON,
        corpus.EMAIL,
        corpus.ADRES,
        corpus.POSTCODE,
        corpus.PATIENTNUMMER,
        corpus.GEBOORTEDATUM,
        corpus.BSN,
        corpus.AGB,
        corpus.UZI,
        corpus.URL,
        corpus.POLISNUMMER,
        corpus.IBAN,
        corpus.LEEFTIJD,
        corpus.INSTELLING,
        corpus.LOCATIE,
    ):
        assert categories[category] >= 5, category
