"""The forty-second development part (``eval/text/dev42.jsonl``, children and youth in the dental practice): the
committed file is what its generator writes, every kind holds its share, spans are exact and disjoint, names carry
no title or role word, BSNs pass the 11-proef and IBANs mod-97, and the shapes the theme promises occur: class lists,
call names beside full names, both parents' contacts, case numbers of youth care, teenagers' lower-case messages
with emoji, dates of birth in many notations and ages with their word."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev42_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
ROLE = re.compile(r"^(dhr|mevr|mw|dr|juf|meester|oma|opa|moeder|vader|gezinsvoogd|tandarts|pleegmoeder)\.?\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev42_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev42_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev42_corpus.DEFAULT_RECORDS == 240
    assert dev42_corpus.DEFAULT_SEED == 20270442
    assert_fields_and_kinds(records, dev42_corpus.KINDS, 240 // len(dev42_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_deterministic():
    assert dev42_corpus.generate(20, 7) == dev42_corpus.generate(20, 7)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds_and_names_without_roles(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not ROLE.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":", ".,")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev42_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 15
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev42_corpus.iban_valid(i), i
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    assert dev42_corpus.bsn_valid("123456782") and not dev42_corpus.bsn_valid("123456788")
    assert dev42_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev42_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_and_addresses(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 13, p
    for shape in (
        r"06-\d{8}",
        r"06\d{8}",
        r"\+31 6 \d{8}",
        r"0031 6 \d{4} \d{4}",
        r"\(0\d{2,3}\) \d+ \d+",
        r"\+31 \(0\)6( \d\d){4}",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 150
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert any(" " not in p for p in postcodes) and any(p[-2:].islower() for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 150 and any(re.search(r"\d[a-c]$|-II$| bis$", a) for a in addresses)


def test_dates_of_birth_and_ages(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 250
    month = "|".join(dev42_corpus.MONTHS)
    for shape in (r"\d\d-\d\d-\d{4}", r"\d\d/\d\d/\d{4}", r"\d\d\.\d\d\.\d\d", r"\d{4}-\d\d-\d\d", rf"\d{{1,2}} ({month}) \d{{4}}",
                  r"\d\d-[a-z]{3}-\d{4}", r"\d{8}", r"\d{1,2}/\d{1,2}/\d\d"):  # fmt: skip
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    ages = _spans(records, corpus.LEEFTIJD)
    assert len(ages) >= 200
    assert any(a.endswith("-jarige") for a in ages) and any(re.fullmatch(r"\d+ jr", a) for a in ages)
    assert any(re.fullmatch(r"[a-z]+ jaar", a) for a in ages) and any(re.fullmatch(r"\d+e", a) for a in ages)


def test_theme_shapes(records):
    by_kind = {k: [r for r in records if r["kind"] == k] for k in dev42_corpus.KINDS}
    # class lists hold many children each, with a school as an institution
    for r in by_kind["klassenlijst"]:
        assert sum(s["category"] == corpus.PERSOON for s in r["spans"]) >= 8, r["id"]
        assert any(s["category"] == corpus.INSTELLING for s in r["spans"])
    # call names in brackets or quotes right after a full name
    texts = "\n".join(r["text"] for r in records)
    assert re.search(r"\w \((\"|')?\w+(\"|')?\)", texts)
    assert any(n in texts for n in dev42_corpus.NICKNAMES.values())
    # divorced parents: records with two different e-mails and two different phones
    two = [
        r
        for r in by_kind["gescheiden_ouders"]
        if len({s["text"] for s in r["spans"] if s["category"] == corpus.EMAIL}) >= 2
    ]
    assert len(two) >= 5
    # youth care and Veilig Thuis case numbers
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert any(n.startswith("VT-") for n in numbers) and any(n.startswith(("JB-", "GI-")) for n in numbers)
    assert any(i.startswith("Veilig Thuis ") for i in _spans(records, corpus.INSTELLING))
    # teenagers: lower-case names, emoji, handles
    teen = "\n".join(r["text"] for r in by_kind["tiener_bericht"])
    assert re.search(r"[\U0001F300-\U0001FAFF]", teen)
    teen_names = [s["text"] for r in by_kind["tiener_bericht"] for s in r["spans"] if s["category"] == corpus.PERSOON]
    assert any(n.islower() and " " in n for n in teen_names) and any(n.startswith("@") for n in teen_names)
    # names in the administrative order and in capitals
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1200
    assert any(re.fullmatch(r"[A-ZÀ-Ý' -]{3,}, [A-Z]\w+", n) for n in names)
    assert any(re.fullmatch(r"[A-Z][\w-]+, [\w.]+ (de|van|van der|van den|ter|in 't|el)", n) for n in names)
    assert any(re.search(r"[łśźżığşçöüÇŞ]", n) for n in names)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert any(re.fullmatch(r"element [5-8][1-5]", k) for k in keep)
    assert any(re.fullmatch(r"dmft \d+", k) for k in keep)
    assert any(k.startswith("Angle klasse") for k in keep) and any(re.fullmatch(r"IOTN \d", k) for k in keep)
    assert any(re.fullmatch(r"F\d{3}A", k) for k in keep)
    assert any(re.search(r"\d mg", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    total = sum(categories.values())
    assert 3000 <= total <= 6000, total
    minimum = {
        corpus.PERSOON: 1200,
        corpus.EMAIL: 120,
        corpus.INSTELLING: 250,
        corpus.PATIENTNUMMER: 80,
        corpus.DATUM: 250,
        corpus.LOCATIE: 150,
        corpus.POLISNUMMER: 15,
        corpus.AGB: 15,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
