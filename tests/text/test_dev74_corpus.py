"""The seventy-fourth development part (``eval/text/dev74.jsonl``, one month at a Zuid-Limburg and an Amsterdam
Nieuw-West dental practice): the committed file is what its generator writes, the generator is deterministic and
seeded, spans are exact, disjoint and on word bounds, names carry no title, BSNs pass the 11-proef, IBANs mod-97,
phones come in Dutch, German and other notations, and every kind holds clinical strings."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev74_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here, not taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "DE": 22, "BE": 16, "PL": 28}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|mevrouw|tandarts|dokter|collega)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev74_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev74_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev74_corpus.generate(24) == records[:24]
    other = dev74_corpus.generate(24, seed=7)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_fields_and_kinds(records):
    assert len(records) == dev74_corpus.DEFAULT_RECORDS == 240
    assert dev74_corpus.DEFAULT_SEED == 20270474
    assert len(dev74_corpus.KINDS) >= 12
    assert_fields_and_kinds(records, dev74_corpus.KINDS, 240 // len(dev74_corpus.KINDS))
    assert all(r["id"] == f"dev74-{i:04d}" for i, r in enumerate(records))


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_word_bounds_and_titles(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev74_corpus.bsn_valid(b), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev74_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"\W", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 10 and countries["DE"] >= 2, countries
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    assert dev74_corpus.bsn_valid("123456782") and not dev74_corpus.bsn_valid("123456783")
    assert dev74_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev74_corpus.iban_valid("NL91ABNA0417164301")
    assert dev74_corpus.iban_valid("DE89370400440532013000")


def test_phones(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith(("+31", "0031")):
            national = digits[4:] if digits.startswith("0031") else digits[2:]
            national = national.removeprefix("0")
            assert len(national) == 9, p
        elif p.startswith(("0049", "+")):
            assert 9 <= len(digits) <= 15, p
        else:
            assert p.startswith(("0", "(0")) and len(digits) == 10, p
    for prefix in ("+49", "0049", "+212", "+90", "+597", "+233", "+291", "+48", "+31", "0031"):
        assert any(p.startswith(prefix) for p in phones), prefix
    for shape in (r"06-\d{8}", r"06 \d\d \d\d \d\d \d\d", r"\(0\d\d\) \d{3} \d\d \d\d", r"\+31 \(0\)\d\d .+"):
        assert any(re.fullmatch(shape, p) for p in phones), shape


def test_addresses_names_and_dates(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 80
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}|5\d{4}", p), p
    assert any(re.fullmatch(r"5\d{4}", p) for p in postcodes)  # German neighbours
    addresses = _spans(records, corpus.ADRES)
    assert any(a.endswith("Straße") or "Straße " in a for a in addresses)
    assert any(re.search(r"\d(-II|-hs| bis|A)$", a) for a in addresses)
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 800
    assert any(re.search(r"[łŁąęśćıŞşğÇçÖöüÜß]", n) for n in names)
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z]\w+", n) for n in names)
    assert any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[a-z]\.[a-z'-]+", n) for n in names)  # chat logins
    for word in ("Roos", "Mei", "Juni", "Post", "Bos", "Winter", "April", "Wil", "Joy"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word
    dates = _spans(records, corpus.DATUM)
    for shape in (r"\d\d-\d\d-\d{4}", r"\d{1,2}/\d{1,2}", r"\d{4}-\d\d-\d\d", r"\d{1,2} feb", r"\d\d\.\d\d\.\d{4}"):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 100


def test_keep_and_counts(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    for word in ("Angle klasse", "Kennedy klasse", "Pell-Gregory", "Miller klasse", "Black klasse", "Vita A3,5"):
        assert any(k.startswith(word) for k in keep), word
    assert any(re.fullmatch(r"(element|elem\.|de|kies) [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"[ACEHMRTVX]\d{2,3}", k) for k in keep)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
        assert r["keep"], r["id"]
    assert all(n >= 40 for n in per_kind.values()), per_kind
    categories = Counter(s["category"] for r in records for s in r["spans"])
    assert sum(categories.values()) >= 2000
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 30, (category, categories[category])
    for category in (corpus.AGB, corpus.UZI, corpus.POLISNUMMER, corpus.URL, corpus.INSTELLING, corpus.LEEFTIJD):
        assert categories[category] >= 15, (category, categories[category])
