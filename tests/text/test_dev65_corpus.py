"""The sixty-fifth development part (``eval/text/dev65.jsonl``, teledentistry and a remote-triage app): the committed
file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names carry no
title, BSNs (also spoken in words) pass the 11-proef, IBANs mod-97, and the notations the generator's docstring
promises occur: dates in photo file names, log stamps, misheard names, phones, e-mails and BSNs spoken in words, app
account numbers, BIG numbers, and clinical strings beside them."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev65_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|kaakchirurg|apotheker)\s", re.I)
WORD_DIGITS = {
    "nul": "0",
    "een": "1",
    "twee": "2",
    "drie": "3",
    "vier": "4",
    "vijf": "5",
    "zes": "6",
    "zeven": "7",
    "acht": "8",
    "negen": "9",
}


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _digits(spoken: str) -> str:
    return "".join(WORD_DIGITS.get(w, w) for w in spoken.split())


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev65_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev65_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev65_corpus.generate() == records
    other = dev65_corpus.generate(16, seed=1)
    assert len(other) == 16 and [r["text"] for r in other] != [r["text"] for r in records[:16]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev65_corpus.DEFAULT_RECORDS == 240
    assert dev65_corpus.DEFAULT_SEED == 20270465
    assert len(dev65_corpus.KINDS) == 8
    assert_fields_and_kinds(records, dev65_corpus.KINDS, 240 // len(dev65_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


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
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    for b in bsns:
        digits = re.sub(r"\D", "", _digits(b))
        assert bsn_ok(digits) and dev65_corpus.bsn_valid(digits), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .-]", b) for b in bsns)
    assert any(re.search(r"[a-z]", b) for b in bsns)  # spoken in words
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev65_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    assert len({re.sub(r"[^A-Za-z]", "", i)[:2].upper() for i in ibans}) >= 2
    assert dev65_corpus.bsn_valid("123456782") and not dev65_corpus.bsn_valid("123456788")
    assert dev65_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev65_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        digits = re.sub(r"\D", "", _digits(p.replace("(0)", "")))
        assert len(digits) in (10, 11, 13), p  # national, +31, 0031
    assert any("\u00a0" in p for p in phones) and any("\n" in p for p in phones)
    assert any(p.startswith("+31 (0)") for p in phones) and any(p.startswith("0031") for p in phones)
    assert any(re.fullmatch(r"(nul|0) (zes|6)( [a-z0-9]+){8}", p) for p in phones)  # spoken


def test_shapes_the_docstring_promises(records):
    texts = "\n".join(r["text"] for r in records)
    dates = _spans(records, corpus.DATUM)
    assert any(re.search(r"IMG_\d{8}_", t["text"]) for t in records) and any(re.fullmatch(r"20\d{6}", d) for d in dates)
    assert "WhatsApp Image " in texts and "Screenshot_" in texts
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 600
    assert any(re.fullmatch(r"[A-Z'Ç]+( [A-Z']+)*, [A-ZÇŁ]\w+", n) for n in names)  # SURNAME, Given
    assert any(
        re.fullmatch(r"[A-Z]\w+, \w+ (van der|van den|de|el|ter|op den|in 't|van 't|al|dos|da)", n) for n in names
    )
    assert any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z]{1,2} [A-Z']\w+.*", n) for n in names)  # initials without dots
    assert any(re.fullmatch(r"([A-Z]\.){1,2} .+", n) for n in names)
    assert any(
        {"dirim", "urk", "kaja", "tsjelik", "chattabi", "mensa", "wahabi", "hadat", "reumer"} & set(n.split())
        for n in names
    )
    assert any(re.search(r"[łśąęğışüöç]", n) for n in names)
    assert {"Juni", "Mei", "April", "Roos", "Storm"} & {n.split()[0] for n in names}
    assert any(re.search(r"\bapenstaartje\b", e) for e in _spans(records, corpus.EMAIL))
    assert any(
        re.fullmatch(
            r"[a-z]+ (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
            r"november|december) (negentien|tweeduizend)\w*",
            d,
        )
        for d in _spans(records, corpus.GEBOORTEDATUM)
    )
    assert any(re.fullmatch(r"\d{7}", p) for p in _spans(records, corpus.PATIENTNUMMER))  # app account numbers
    assert all(re.fullmatch(r"\d{11}", u) for u in _spans(records, corpus.UZI))  # BIG numbers
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(a.endswith(" jr") for a in ages) and any(re.fullmatch(r"[a-z]+ jaar", a) for a in ages)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d\d/\d\d/\d\d",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d\d\.\d\d\.\d{4}",
    ):
        assert any(re.fullmatch(shape, d) for d in dates + _spans(records, corpus.GEBOORTEDATUM)), shape


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 450
    assert sum(len(r["keep"]) >= 1 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"(kies|element|elem\.|de|tand) [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"[CXVHEAM]\d\d", k) for k in keep)  # NZa codes
    assert any(re.fullmatch(r"[a-z]+ \d+(,\d+)? ?(mg|%)", k) for k in keep)
    assert any(re.fullmatch(r"\d ?dd.*", k) for k in keep)
    for cls in ("Ellis klasse", "Angle klasse", "Black klasse", "Le Fort I"):
        assert any(k.startswith(cls) for k in keep), cls
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 600,
        corpus.DATUM: 400,
        corpus.TELEFOON: 150,
        corpus.EMAIL: 100,
        corpus.PATIENTNUMMER: 100,
        corpus.INSTELLING: 100,
        corpus.GEBOORTEDATUM: 80,
        corpus.ADRES: 50,
        corpus.POSTCODE: 40,
        corpus.LOCATIE: 50,
        corpus.UZI: 30,
        corpus.AGB: 30,
        corpus.BSN: 30,
        corpus.LEEFTIJD: 20,
        corpus.IBAN: 20,
        corpus.POLISNUMMER: 10,
        corpus.URL: 5,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
