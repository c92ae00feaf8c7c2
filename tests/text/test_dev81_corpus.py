"""The eighty-first development part (``eval/text/dev81.jsonl``, medical devices and materials at a dental group):
the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds,
names carry no title, BSNs pass the 11-proef and IBANs mod-97, and products, REF/LOT numbers and UDIs are kept as
clinical strings in every kind, never annotated as personal data."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev81_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "CH": 21}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|heer|mevrouw|tandarts|dokter)\s", re.I)
BRANDS = ("Straumann", "Nobel", "Dentsply", "Bredent", "Ivoclar", "Hu-Friedy", "Kerr", "GC Fuji", "Filtek", "Ketac")


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev81_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev81_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev81_corpus.generate(24) == records[:24]
    other = dev81_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev81_corpus.DEFAULT_RECORDS == 240
    assert dev81_corpus.DEFAULT_SEED == 20270481
    assert len(dev81_corpus.KINDS) >= 10
    assert_fields_and_kinds(records, dev81_corpus.KINDS, 240 // len(dev81_corpus.KINDS))
    assert all(r["id"] == f"dev81-{i:04d}" for i, r in enumerate(records))


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
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev81_corpus.bsn_valid(b), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev81_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any("-" in i for i in ibans) and any(" " in i for i in ibans)
    assert dev81_corpus.bsn_valid("123456782") and not dev81_corpus.bsn_valid("123456783")
    assert dev81_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev81_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith(("+31", "0031")):
            national = digits[4:] if p.startswith("0031") else digits[2:]
            national = national.removeprefix("0")
            assert len(national) == 9, p
        elif p.startswith(("0", "(0")):
            assert len(digits) == 10, p
        else:
            assert p.startswith("+") and 9 <= len(digits) <= 13, p
    for shape in (r"06-\d{8}", r"\+31 6 \d{4} \d{4}", r"0031 6 \d{8}", r"\(06\) \d{8}", r"06\.\d\d\.\d\d\.\d\d\.\d\d"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(re.fullmatch(r"[1-9]\d{3}( |-)?[A-Za-z]{2}", p) for p in postcodes)
    assert {"space", "glued", "lower"} <= {
        "space" if re.fullmatch(r"\d{4} [A-Z]{2}", p) else "glued" if re.fullmatch(r"\d{4}[A-Z]{2}", p) else "lower"
        for p in postcodes
    }
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"MZW-\d{6}", r"mzw\d{6}", r"MZW \d{6}", r"\d{6}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))
    assert all(re.fullmatch(r"\d{11}", b) for b in _spans(records, corpus.UZI))  # BIG numbers
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 100


def test_names(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 900
    assert any(re.fullmatch(r"[A-Z]\. (van|de|ter|in 't|van der|van den|van 't) [A-Z][\w-]+", n) for n in names)
    assert any(re.fullmatch(r"[\w' -]+, [A-Z][\w ]+ (de|van|van der|ter|van den|in 't|van 't)", n) for n in names)
    assert any(n.isupper() and " " in n for n in names)
    assert any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[a-z]\.[\w-]+", n) for n in names)  # login
    assert any(re.fullmatch(r"[A-Z][a-z]?[A-Z]", n) for n in names)  # paraaf
    assert any(re.search(r"[ąćęłńóśźżığüşçöÇÖ]", n) for n in names)
    for word_name in ("Mei", "Juni", "Roos", "April", "Kees", "Bas", "Wil"):
        assert any(re.search(rf"\b{word_name}\b", n, re.I) for n in names), word_name
    for surname in ("Bakker", "Post", "Bos", "Kok", "Visser", "Schaap", "Vos", "Kroon", "Winter"):
        assert any(re.search(rf"\b{surname}\b", n, re.I) for n in names), surname
    # a product is never a name
    assert not any(n.startswith(BRANDS) for n in names)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600 and len(keep) >= 4 * len(records)
    kinds = Counter()
    for r in records:
        kinds[r["kind"]] += len(r["keep"])
        assert r["keep"], r["id"]
    assert all(n >= 40 for n in kinds.values()), kinds
    assert sum(k.lower().startswith(tuple(b.lower() for b in BRANDS)) for k in keep) >= 300
    assert any(k.startswith(("straumann ", "nobel ", "dentsply ")) for k in keep)  # typed in lower case
    assert any(re.fullmatch(r"LOT \d{7}", k) for k in keep)  # a LOT that looks like an identifier
    assert any(re.fullmatch(r"REF \d{3}\.\d{4}", k) for k in keep)
    assert any(re.fullmatch(r"\(01\)\d{14}\(17\)\d{6}\(10\)\w+", k) for k in keep)  # UDI
    assert any(re.fullmatch(r"01\d{14}17\d{6}10\w+", k) for k in keep)
    assert any(re.fullmatch(r"\d\d Ncm", k) for k in keep)
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    for name_like in ("Panavia V5", "GC Fuji IX", "Ketac Cem", "Hu-Friedy Gracey 11/12", "Kennedy klasse II"):
        assert name_like in keep, name_like
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.DATUM, corpus.INSTELLING, corpus.LOCATIE, corpus.AGB, corpus.UZI, corpus.POLISNUMMER):
        assert categories[category] >= 10, category
    assert categories[corpus.URL] and categories[corpus.LEEFTIJD]
    assert sum(categories.values()) >= 2000
