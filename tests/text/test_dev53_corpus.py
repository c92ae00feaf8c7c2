"""The fifty-third development part (``eval/text/dev53.jsonl``, an orthodontic practice): the committed file is what
its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names carry no title, BSNs
pass the 11-proef and IBANs mod-97 (checked here and by the generator), and the notations the generator's docstring
promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev53_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|orthodontist)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev53_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev53_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev53_corpus.generate() == records
    other = dev53_corpus.generate(24, dev53_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev53_corpus.DEFAULT_RECORDS == 240
    assert dev53_corpus.DEFAULT_SEED == 20270453
    assert len(dev53_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev53_corpus.KINDS, 240 // len(dev53_corpus.KINDS))
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
                assert not s["text"].endswith((",", ":", ".,")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev53_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}|\d{3}\.\d{3}\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 25
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev53_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans) and any(" " in i for i in ibans)
    assert dev53_corpus.bsn_valid("123456782") and not dev53_corpus.bsn_valid("123456788")
    assert dev53_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev53_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_dates(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        digits = re.sub(r"\D", "", p)
        assert len(digits) in (10, 11, 12, 13), p
    for shape in (
        r"06-\d{8}",
        r"\+31 6 \d{4} \d{4}",
        r"\(06\) \d{4} \d{4}",
        r"06(\.\d\d){4}",
        r"0031 6 \d{8}",
        r"\+31 \(0\)6-\d{8}",
        r"\(0\d{2,3}\) \d{6,7}",
        r"0\d{2,3}-\d{6,7}",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ -]?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    for shape in (r"\d{4} [A-Z]{2}", r"\d{4}[A-Z]{2}", r"\d{4} [a-z]{2}", r"\d{4}-[A-Z]{2}"):
        assert any(re.fullmatch(shape, p) for p in postcodes), shape
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 100
    assert any(re.search(r"[a-z]", b) for b in births) and any(re.fullmatch(r"\d{4}-\d\d-\d\d", b) for b in births)
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}/\d\d", b) for b in births)
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d( hs| bis|-II|[Ab])$", a) for a in addresses)


def test_names_and_numbers_in_their_notations(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 700
    assert any(re.fullmatch(r"[A-ZÀ-Ý'İŞÇÖÜĞŁŚŻ-]{2,}, \w[\w -]*", n) for n in names)  # SURNAME, Given (particles)
    assert any(re.fullmatch(r"[A-Z]\. .+", n) for n in names)  # initials
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(re.search(r"\b(van|de|ter|in 't|op den|dos)\b", n) for n in names)
    assert any(re.search(r"[ığüşçöłśńżễầạ]", n) for n in names)
    texts = "\n".join(r["text"] for r in records)
    assert re.search(r"_\d{8}_|-\d{8}-|_\d{4}-\d\d-\d\d_", texts)  # file names with names and dates
    pnrs = _spans(records, corpus.PATIENTNUMMER)
    assert len(pnrs) >= 100
    shapes = {re.sub(r"\d", "9", re.sub(r"[A-Za-z]", "a", p)) for p in pnrs}
    assert len(shapes) >= 5, shapes
    agbs = _spans(records, corpus.AGB)
    assert len(agbs) >= 60 and all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    assert len({re.sub(r"\d", "9", a) for a in agbs}) >= 4
    institutions = set(_spans(records, corpus.INSTELLING))
    assert institutions & set(dev53_corpus.SCHOOLS) and institutions & set(dev53_corpus.ORTHO_PRACTICES)
    assert set(_spans(records, corpus.POLISNUMMER)) and set(_spans(records, corpus.LEEFTIJD))
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))


def test_keep_strings(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 800
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"Angle klasse (I|II|III)(/[12])?", k) for k in keep)
    assert any(re.fullmatch(r"F\d{3}A", k) for k in keep)
    assert any(re.fullmatch(r"0\.0\d\dx0\.0\d\d (NiTi|SS|TMA)", k) for k in keep)
    assert any("elastieken" in k and "oz" in k for k in keep)
    assert any(k.startswith("bonded retainer") for k in keep)
    assert any(re.fullmatch(r"(SNA|SNB|ANB) \d+°", k) for k in keep)
    assert any(re.fullmatch(r"tray \d+/\d+", k) for k in keep)
    assert any(re.search(r"\d+ mg$", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    assert len(categories) >= 14, categories
