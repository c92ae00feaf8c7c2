"""The sixty-ninth development part (``eval/text/dev69.jsonl``, sports dentistry for clubs): the committed file is
what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names carry no title,
BSNs pass the 11-proef and IBANs mod-97 (checked here and by the generator), identifiers come in many notations,
the clinical strings of the topic are present and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev69_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|dokter|sportarts)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev69_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev69_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev69_corpus.generate() == records
    other = dev69_corpus.generate(24, seed=1)
    assert len(other) == 24 and [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev69_corpus.DEFAULT_RECORDS == 240
    assert dev69_corpus.DEFAULT_SEED == 20270469
    assert len(dev69_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev69_corpus.KINDS, 240 // len(dev69_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["id"].startswith("dev69-") for r in records)


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
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 50
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev69_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .\-\u00a0]", b) for b in bsns)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 50
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev69_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 30 and countries["BE"] + countries["DE"] >= 3, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans) and any(" " in i for i in ibans)

    # the generator's own checks say no to what is wrong
    assert dev69_corpus.bsn_valid("123456782") and not dev69_corpus.bsn_valid("123456788")
    assert dev69_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev69_corpus.iban_valid("NL92ABNA0417164300")
    assert dev69_corpus.iban_valid("DE89370400440532013000") and dev69_corpus.iban_valid("BE68539007547034")


def test_phones_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 15, p
    for prefix in ("06-", "06 ", "06.", "+31 6", "+316", "0031", "(06)", "+31 (0)6", "+32", "+49", "+44", "+48", "+90"):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any(re.fullmatch(r"0\d{2,3}[- ]\d+( \d+)?|\(0\d{2,3}\) \d+", p) for p in phones)  # landlines
    assert any("\u00a0" in p for p in phones)


def test_addresses_postcodes_places(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 150
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(re.fullmatch(r"\d{4}[a-z]{2}|\d{4} [a-z]{2}", p) for p in postcodes)
    assert any("\u00a0" in p for p in postcodes) and any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 150
    assert any(re.search(r"\d(-II| bis|a|B)$", a) for a in addresses)
    assert any(a.startswith("Postbus ") for a in addresses)
    places = _spans(records, corpus.LOCATIE)
    assert any(p.isupper() for p in places) and any(p.startswith(("Sportpark", "Sporthal", "IJs")) for p in places)


def test_dates_ages_numbers(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    shapes = (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2}-\d{1,2}-\d{4}",
        r"\d\d/\d\d/\d\d",
        r"\d{4}-\d\d-\d\d",
        r"\d\d\.\d\d\.\d{4}",
        r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}",
        r"\d{1,2} [a-z]{3}\. \d{4}",
        r"\d{1,2}/\d{1,2}",
    )
    for shape in shapes:
        assert any(re.fullmatch(shape, d) for d in dates), shape
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 200
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(re.fullmatch(r"\d+ jaar", a) for a in ages) and any(re.fullmatch(r"\d+ jr", a) for a in ages)
    assert any(re.fullmatch(r"\d+", a) for a in ages)
    pnrs = _spans(records, corpus.PATIENTNUMMER)
    assert any(p.startswith("KNHB-") for p in pnrs) and any(re.fullmatch(r"SP\d{5}", p) for p in pnrs)
    assert any(re.fullmatch(r"(DC|dc|DC-)\d{6}", p) for p in pnrs)
    agbs = _spans(records, corpus.AGB)
    assert agbs and all(len(re.sub(r"\D", "", a)) == 8 for a in agbs) and any(re.search(r"[.\- ]", a) for a in agbs)
    assert all(len(u) == 11 and u.isdigit() for u in _spans(records, corpus.UZI))
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))


def test_names_as_people_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(n.isupper() and " " in n for n in names)  # in capitals
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z][a-z]+( [A-Z][a-z]+)?", n) for n in names)  # Achternaam, Voornaam
    assert any(re.fullmatch(r"([A-Z]\.)+ [\w' -]+", n) for n in names)  # initials
    assert any(re.fullmatch(r"[A-Z]{2,3}|[a-z]{3,4}", n) for n in names)  # a paraaf
    assert any(re.search(r"\w-[A-Z]", n) and " " in n for n in names)  # hyphenated married name
    assert any(" van " in f" {n} " or " de " in f" {n} " or "'t" in n for n in names)  # particles
    assert any(re.search(r"[ąćęłńóśźżığüşçöŁŞÖÜ]", n) for n in names)
    for word_name in ("Mei", "Juni", "April", "Roos", "Kees", "Bas", "Wil", "Joy", "Hope", "Sky"):
        assert any(re.search(rf"\b{word_name}\b", n) for n in names), word_name
    for surname in ("Bakker", "Post", "Bos", "Kok", "Visser", "Smit", "Mulder", "Vos", "Kroon", "Bloem"):
        assert any(re.search(rf"\b{surname}\b", n) for n in names), surname
    texts = "\n".join(r["text"] for r in records)
    for formula in ("Met sportieve groet", "Mvg,", "Geachte heer/mevrouw", "Met collegiale groet", "Beste "):
        assert formula in texts, formula


def test_clinical_strings(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1000
    assert len(keep) >= 4 * len(records)
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    patterns = (
        r"avulsie \d\d",
        r"(on)?gecompliceerde kroonfractuur \d\d",
        r"Ellis klasse (1|2|3|II|III) \d\d",
        r"(TTS-spalk|flexibele draadspalk|composietspalk|Titanium Trauma Splint) \d\d-\d\d",
        r"(Erkoflex|Playsafe|Drufosoft|Bioplast).*",
        r"(Red Bull|Monster|AA Drink|Rockstar|Aquarius|Isostar|Nocco BCAA)",
        r"pH \d,\d",
        r"BEWE .*",
        r"Angle klasse II",
        r"Andreasen",
        r"Le Fort I|geen Le Fort I",
        r"amoxicilline 500 mg 3dd|doxycycline 100 mg 1dd",
        r"[CXVEATUMH]\d\d\d?",
        r"(Dentosafe|HBSS|SOS Dentobox)",
        r"PA-foto \d\d(-\d\d)?",
    )
    for shape in patterns:
        assert any(re.fullmatch(shape, k) for k in keep), shape


def test_counts(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    assert sum(categories.values()) >= 1000
    minimum = {
        corpus.PERSOON: 1000,
        corpus.INSTELLING: 300,
        corpus.GEBOORTEDATUM: 200,
        corpus.TELEFOON: 250,
        corpus.LOCATIE: 250,
        corpus.DATUM: 200,
        corpus.EMAIL: 200,
        corpus.ADRES: 150,
        corpus.POSTCODE: 150,
        corpus.PATIENTNUMMER: 100,
        corpus.LEEFTIJD: 80,
        corpus.IBAN: 50,
        corpus.BSN: 50,
        corpus.POLISNUMMER: 50,
        corpus.AGB: 30,
        corpus.UZI: 15,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
