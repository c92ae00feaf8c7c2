"""The sixtieth development part (``eval/text/dev60.jsonl``, a year in two dental practices, South Limburg and
Amsterdam-Zuidoost): the committed file is what its generator writes, ids are unique, every span is exact, disjoint
and on word bounds, names carry no title, BSNs pass the 11-proef, IBANs (Dutch, German, Belgian) mod-97, and the
notations the generator's docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev60_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "DE": 22, "BE": 16}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|collega)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev60_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev60_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev60_corpus.generate() == records
    other = dev60_corpus.generate(20, dev60_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:20]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev60_corpus.DEFAULT_RECORDS == 240
    assert dev60_corpus.DEFAULT_SEED == 20270460
    assert len(dev60_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev60_corpus.KINDS, 240 // len(dev60_corpus.KINDS))
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
                assert not s["text"].endswith((",", ":", "'s")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev60_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .-]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 80
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev60_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert set(countries) == {"NL", "DE", "BE"}, countries
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans) and any("." in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev60_corpus.bsn_valid("123456782") and not dev60_corpus.bsn_valid("123456783")
    assert dev60_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev60_corpus.iban_valid("NL92ABNA0417164300")
    assert dev60_corpus.iban_valid("DE89370400440532013000") and dev60_corpus.iban_valid("BE68539007547034")


def test_phones_postcodes_addresses(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 14, p
    assert any("\n" in p for p in phones)  # wrapped over two lines
    for prefix in ("+31", "0031", "06", "(06)", "+49", "0049", "+32", "0032", "043", "020"):
        assert any(p.startswith(prefix) for p in phones), prefix
    postcodes = _spans(records, corpus.POSTCODE)
    dutch = [p for p in postcodes if re.fullmatch(r"\d{4} ?[A-Za-z]{2}", p)]
    assert len(dutch) >= 100 and all(p[-2:].upper() not in ("SA", "SD", "SS") for p in dutch)
    assert any(p[:2] == "11" for p in dutch) and any(p[:2] == "62" for p in dutch)
    assert any(re.fullmatch(r"5\d{4}", p) for p in postcodes)  # German
    assert any(re.fullmatch(r"[34]\d{3}", p) for p in postcodes)  # Belgian
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"(straße|Straße) \d+$", a) for a in addresses)
    assert any(re.search(r"\d(-II| hs|A|b)$", a) for a in addresses)


def test_dates_in_many_notations(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    shapes = {
        "19. Juni 2025": r"\d{1,2}\. [A-ZÄ][a-zä]+ \d{4}",
        "3 maart 2025": rf"\d{{1,2}} ({months}) \d{{4}}",
        "3 maart": rf"\d{{1,2}} ({months})",
        "3 mrt 2025": r"\d{1,2} [a-z]{3} \d{4}",
        "maart 2025": rf"({months}) \d{{4}}",
        "2025-03-03": r"\d{4}-\d\d-\d\d",
        "03-03-2025": r"\d\d-\d\d-\d{4}",
        "03.03.2025": r"\d\d\.\d\d\.\d{4}",
        "03/03/25": r"\d\d/\d\d/\d\d",
        "3-3": r"\d{1,2}-\d{1,2}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dates), name
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 60


def test_names_as_the_practices_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 800
    assert any(re.fullmatch(r"[A-ZÀ-ÝŁŚ' -]{3,}, [A-Z]\w+( [a-z' ]+)?", n) for n in names)  # KROON, Juni
    assert any(
        re.fullmatch(r"[A-Z][\w-]+, \w+ (van der|van de|in 't|van 't|ter|de|van)", n) for n in names
    )  # particle last
    assert any(re.fullmatch(r"([A-Z]\.)+ \w.*", n) for n in names) and any(
        re.fullmatch(r"[A-Z]{1,3} \w.*", n) for n in names
    )
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[łśşığöüäß]", n) for n in names)
    for word in ("Juni", "Mei", "April", "Storm", "Kroon", "Post", "Brug"):
        assert any(word in n.split() for n in names), word
    texts = "\n".join(r["text"] for r in records)
    assert "'s middag" in texts and "Veer zeen uch" in texts and "| BSN |" in texts


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 500
    assert sum(len(r["keep"]) >= 1 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"element [1-4][1-8] [A-Z]+", k) for k in keep)
    assert any(re.fullmatch(r"DPSI [1-4][+-]?", k) for k in keep)
    assert any(re.fullmatch(r"[VCMXEHA]\d\d( 2x)?", k) for k in keep)
    assert any(k.startswith(("Angle klasse", "Black klasse", "Miller klasse")) for k in keep)
    assert "Le Fort I osteotomie" in keep
    assert any(re.fullmatch(r"amoxicilline 500 ?mg.*", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 800,
        corpus.DATUM: 300,
        corpus.LOCATIE: 200,
        corpus.TELEFOON: 150,
        corpus.PATIENTNUMMER: 150,
        corpus.ADRES: 150,
        corpus.POSTCODE: 150,
        corpus.INSTELLING: 150,
        corpus.IBAN: 80,
        corpus.GEBOORTEDATUM: 60,
        corpus.EMAIL: 40,
        corpus.LEEFTIJD: 40,
        corpus.BSN: 40,
        corpus.POLISNUMMER: 20,
        corpus.URL: 20,
        corpus.AGB: 20,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
