"""The seventy-fifth development part (``eval/text/dev75.jsonl``, an endodontic referral practice): the committed
file is what its generator writes, ids are unique, spans are exact, disjoint and on word bounds, names carry no
title, BSNs pass the 11-proef and IBANs mod-97, identifiers come in several notations, and every kind holds clinical
strings (file systems, irrigants, UPT codes, Weine and Vertucci classes)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev75_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|collega)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev75_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev75_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev75_corpus.generate(24) == records[:24]
    other = dev75_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev75_corpus.DEFAULT_RECORDS == 240
    assert dev75_corpus.DEFAULT_SEED == 20270475
    assert len(dev75_corpus.KINDS) >= 10
    assert_fields_and_kinds(records, dev75_corpus.KINDS, 240 // len(dev75_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["id"] == f"dev75-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ":", ";")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 25
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev75_corpus.bsn_valid(b), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev75_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(re.fullmatch(r"[A-Z0-9]+", i) for i in ibans)
    assert any("-" in i for i in ibans) and any(" " in i for i in ibans)

    assert dev75_corpus.bsn_valid("123456782") and not dev75_corpus.bsn_valid("123456788")
    assert dev75_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev75_corpus.iban_valid("NL92ABNA0417164300")
    assert dev75_corpus.iban_valid("BE68 5390 0754 7034") and not dev75_corpus.iban_valid("BE68 5390 0754 7035")


def test_phones_postcodes_dates(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    for ph in phones:
        digits = re.sub(r"\D", "", ph)
        if ph.startswith(("+31", "0031")):
            national = digits[4:] if digits.startswith("0031") else digits[2:]
            national = national.removeprefix("0")
            assert len(national) == 9, ph
        elif ph.startswith(("0", "(0")):
            assert len(digits) == 10, ph
        else:
            assert ph.startswith("+") and 10 <= len(digits) <= 13, ph
    for shape in (
        r"06-\d{8}",
        r"06 \d\d \d\d \d\d \d\d",
        r"\+31 6 \d{4} \d{4}",
        r"\+316\d{8}",
        r"0031 6 \d{8}",
        r"\(0\d{2,3}\) \d{3} \d\d \d+",
        r"\+31 \(0\)\d+ \d+",
        r"06\.\d\d\.\d\d\.\d\d\.\d\d",
    ):
        assert any(re.fullmatch(shape, ph) for ph in phones), shape
    assert sum(ph.startswith(("+32", "+49", "+90", "+48", "+212", "+597", "+5999", "+380")) for ph in phones) >= 5

    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 80
    for pc in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ -]?[A-Za-z]{2}", pc) and pc[-2:].upper() not in ("SA", "SD", "SS"), pc
    addresses = _spans(records, corpus.ADRES)
    assert any(a.startswith("Laan ") for a in addresses) and any(re.search(r"-II$| bis$| zw$", a) for a in addresses)
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d\d/\d\d/\d{4}",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d\d\.\d\d\.\d{4}",
        r"\d{1,2}-\d{1,2}-\d\d",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape


def test_names_and_other_identifiers(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 900
    assert any(re.fullmatch(r"[A-Z]\.([A-Z]\.)? (van der|van 't|in 't|de|ter) [\w-]+", n) for n in names)
    assert any(re.fullmatch(r"[\w' -]+, [\w ]+ (de|van der|ter|van den)", n) for n in names)  # 'Boer, Hanneke de'
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z]{2,3}", n) for n in names)  # paraaf
    assert any(re.search(r"[łńóśıüşöŁ]", n) for n in names)
    for word in ("Mei", "Juni", "Roos", "Kees", "Bas", "Post", "Bos", "Schilder", "Kroon", "Winter"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word
    agbs = _spans(records, corpus.AGB)
    assert len(agbs) >= 100 and all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    assert {re.sub(r"\d", "9", a) for a in agbs} >= {"99999999", "99-999999", "99.99.99.99", "99 999 999"}
    assert all(re.fullmatch(r"\d{9}", u) for u in _spans(records, corpus.UZI))
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"EE-\d{6}", r"EE\d{6}", r"\d{6}", r"ee-\d{6}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 150 and all(re.fullmatch(r"[\w.+-]+@[\w.-]+\.[a-z]+", e) for e in emails)
    institutions = _spans(records, corpus.INSTELLING)
    assert any(i.islower() for i in institutions) and any(i.endswith(" MC") for i in institutions)
    ages = _spans(records, corpus.LEEFTIJD)
    assert all(re.fullmatch(r"\d+( jaar|-jarige| jr)", a) for a in ages)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    for needed in ("EDTA 17%", "MTA", "Biodentine", "E13", "E14", "Reciproc R40", "Root ZX", "X24"):
        assert needed in keep, needed
    assert any(re.fullmatch(r"ISO \d\d/\.0\d", x) for x in keep)
    assert any(re.fullmatch(r"\d\d,\d mm", x) for x in keep)
    assert any(re.fullmatch(r"(element|elem\.|de|gebitselement) [1-4][1-8]", x) for x in keep)
    assert sum(x.startswith(("Weine klasse", "Vertucci type", "weine klasse", "vertucci type")) for x in keep) >= 50
    assert "warm verticaal volgens Schilder" in keep and any(
        x.startswith("Heithersay") or "Heithersay" in x for x in keep
    )
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
        assert r["keep"], r["id"]
    assert all(n >= 40 for n in per_kind.values()), per_kind
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 25, (category, categories[category])
    for category in (
        corpus.DATUM,
        corpus.LOCATIE,
        corpus.INSTELLING,
        corpus.AGB,
        corpus.URL,
        corpus.LEEFTIJD,
        corpus.POLISNUMMER,
        corpus.UZI,
    ):
        assert categories[category] >= 10, (category, categories[category])
    assert sum(categories.values()) >= 2000
