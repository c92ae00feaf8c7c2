"""The seventy-eighth development part (``eval/text/dev78.jsonl``, dental care in Caribbean Netherlands and for island
patients in the European Netherlands): the committed file is what its generator writes, ids are unique, spans are
exact, disjoint and on word bounds, names carry no title, nine-digit BSNs pass the 11-proef and the islands' ten-digit
citizen numbers start with a birth date, IBANs pass mod-97, island phones come in many notations, and every kind holds
clinical strings."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev78_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "ES": 24}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|dra|mr|ms|sr|sra)\.?\s|^(tandarts|dentist|mama|papa)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev78_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev78_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev78_corpus.generate(24) == records[:24]
    other = dev78_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev78_corpus.DEFAULT_RECORDS == 240
    assert dev78_corpus.DEFAULT_SEED == 20270478
    assert len(dev78_corpus.KINDS) >= 10
    assert_fields_and_kinds(records, dev78_corpus.KINDS, 240 // len(dev78_corpus.KINDS))
    assert all(r["id"] == f"dev78-{i:04d}" for i, r in enumerate(records))


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_word_bounds_and_names_without_titles(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":", ".,")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    nine = [b for b in bsns if len(re.sub(r"\D", "", b)) == 9]
    ten = [b for b in bsns if len(re.sub(r"\D", "", b)) == 10]
    assert len(nine) >= 20 and len(ten) >= 100 and len(nine) + len(ten) == len(bsns)
    for b in nine:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev78_corpus.bsn_valid(digits), b
    for b in ten:  # sedula / persoonsnummer: a birth date and two digits
        digits = re.sub(r"\D", "", b)
        datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in nine), shape
    for shape in (r"\d{10}", r"\d{4}\.\d\d\.\d\d\.\d\d", r"\d{8} \d\d", r"\d{8}-\d\d"):
        assert any(re.fullmatch(shape, b) for b in ten), shape

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev78_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 10 and len(countries) >= 3, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans)
    assert dev78_corpus.bsn_valid("123456782") and not dev78_corpus.bsn_valid("123456788")
    assert dev78_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev78_corpus.iban_valid("NL92ABNA0417164300")
    assert dev78_corpus.iban_valid("BE68 5390 0754 7034") and not dev78_corpus.iban_valid("BE68 5390 0754 7035")


def test_phones(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 400
    for p in phones:
        digits = re.sub(r"\D", "", p)
        assert 7 <= len(digits) <= 14, p
    for prefix in ("+599 717", "+599-", "(599)", "00599", "+599 9", "+5999", "+297", "+1 721", "+57", "+58", "06"):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any(re.fullmatch(r"(717|786|795|701|796|780|318|319|416|417)[- ]\d{4}", p) for p in phones)  # local
    assert any(re.fullmatch(r"\+31 6 \d{4} \d{4}", p) for p in phones)


def test_addresses_places_and_dates(records):
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 150
    assert any(a.startswith("Kaya ") for a in addresses) and any(a.startswith("Laan van ") for a in addresses)
    assert any(re.search(r"\d(-II|A|-B| bis|-hs)$", a) for a in addresses)
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 40
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}( |-)?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    places = set(_spans(records, corpus.LOCATIE))
    assert {"Kralendijk", "The Bottom", "Windwardside"} & places and any(c in places for c in ("Bogotá", "Medellín"))
    assert not places & {"Bonaire", "Saba", "Sint Eustatius", "Curaçao", "Aruba", "Sint Maarten", "Colombia"}
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    assert any(re.fullmatch(r"\d{1,2} di [a-zèëüù]+ \d{4}", d) for d in dates)  # Papiamento
    assert any(re.fullmatch(r"\d{1,2} de [a-z]+ de \d{4}", d) for d in dates)  # Spanish
    assert any(re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", d) for d in dates)  # English
    assert any(re.fullmatch(r"\d\d/\d\d/\d\d", d) for d in dates)  # WhatsApp stamp
    ages = _spans(records, corpus.LEEFTIJD)
    for unit in (" aña", " jaar", " yrs", "-jarige", " años"):
        assert any(a.endswith(unit) for a in ages), unit


def test_names_and_other_identifiers(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 800
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z][\w -]+", n) for n in names)  # 'Achternaam, Voornaam'
    assert any(n.islower() and " " in n for n in names)
    assert any(n.isupper() and " " in n for n in names)
    assert any(re.search(r"[íéóáıšçëñ]", n) for n in names)
    assert any(re.fullmatch(r"[A-Z]{2}", n) for n in names)  # paraaf
    for word_name in ("Juni", "Mei", "Roos", "Hope", "Sunday", "Kees", "Wil"):
        assert any(re.search(rf"\b{word_name}\b", n) for n in names), word_name
    assert len(_spans(records, corpus.EMAIL)) >= 100
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert _spans(records, corpus.URL)
    assert len(_spans(records, corpus.PATIENTNUMMER)) >= 60
    assert len(_spans(records, corpus.POLISNUMMER)) >= 60
    agbs = _spans(records, corpus.AGB)
    assert agbs and all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    institutions = set(_spans(records, corpus.INSTELLING))
    assert "Fundashon Mariadal" in institutions or any(i.startswith("Kolegio ") for i in institutions)
    assert not any("ZVK" in i or "Zorgverzekeringskantoor" in i for i in institutions)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert all(r["keep"] for r in records)
    kinds = Counter()
    for r in records:
        kinds[r["kind"]] += len(r["keep"])
    assert all(n >= 30 for n in kinds.values()), kinds
    for pattern in (r"(element|elem\.|de|kies|djente|tooth) [1-4][1-8]", r"[ACEHMVX]\d\d", r"dmft \d", r"DPSI .+"):
        assert any(re.fullmatch(pattern, k) for k in keep), pattern
    name_like = ("Le Fort I", "Ellis klasse 2", "Miller klasse 2", "Black klasse II", "Ultracain D-S forte 1:100.000",
                 "Ketac Molar", "Riva Star", "Duraphat 22.600 ppm", "SDF 38%", "Straumann BLT 4.1 x 10 mm")  # fmt: skip
    assert all(k in keep for k in name_like), [k for k in name_like if k not in keep]
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 25, (category, categories[category])
    assert sum(categories.values()) >= 2000
