"""The fifty-sixth development part (``eval/text/dev56.jsonl``, dental care at home for frail elderly and housebound
patients): the committed file is what its generator writes, the generator is deterministic and seeded, ids are
unique, every span is exact, disjoint and on word bounds, names carry no title or kinship word, BSNs pass the
11-proef and IBANs mod-97 (checked here and by the generator), and the shapes the docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev56_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(
    r"^(dhr|mevr|mw|hr|dr|drs|mr|zr)\.?\s|^(de heer|meneer|mevrouw|tandarts|dochter|zoon|buurvrouw|buurman|"
    r"casemanager|wijkverpleegkundige|mentor|curator)\s",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev56_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev56_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev56_corpus.generate() == records
    other = dev56_corpus.generate(records=16, seed=dev56_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:16]]
    assert dev56_corpus.generate(records=16) == records[:16]


def test_record_fields_and_kinds(records):
    assert len(records) == dev56_corpus.DEFAULT_RECORDS == 240
    assert dev56_corpus.DEFAULT_SEED == 20270456
    assert len(dev56_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev56_corpus.KINDS, 240 // len(dev56_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["deny"] == [] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds_and_names_without_titles(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":", ";")), (r["id"], s)


def test_bsn_and_iban_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev56_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any("\u00a0" in b for b in bsns)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev56_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 15 and len(countries) >= 2, countries
    assert any(i == i.lower() for i in ibans) and any(re.fullmatch(r"[A-Z]{2}\d\d[A-Z]{4}\d{10}", i) for i in ibans)
    assert any("." in i for i in ibans) and any(" " in i for i in ibans)

    # the generator's own checks say no to what is wrong
    assert dev56_corpus.bsn_valid("123456782") and not dev56_corpus.bsn_valid("123456783")
    assert dev56_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev56_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_dutch_and_abroad(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 15, p
    for shape in (
        r"06-\d{8}",
        r"06 \d{4} \d{4}",
        r"\+31 6( \d\d){4}",
        r"00316\d{8}",
        r"\(06\) \d{8}",
        r"\+31 \(0\)\d+ \d+",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    assert any("\u00a0" in p for p in phones)
    for prefix in ("+44", "+34", "+49", "+32", "+1 ", "+61", "+90", "+212", "+597", "+599", "+48"):
        assert any(p.startswith(prefix) for p in phones), prefix


def test_postcodes_addresses_and_places(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 100
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(re.fullmatch(r"\d{4}[a-z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4} [a-z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    texts = "\n".join(r["text"] for r in records)
    assert re.search(r"\((\d{4} ?[A-Za-z]{2})\)", texts)  # in brackets after a place or street
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 150
    assert any(a.startswith("Postbus ") for a in addresses)
    assert any(re.search(r"\d(-II| hs| bis| zw|[aB])$", a) for a in addresses)
    assert any(a == a.lower() for a in addresses)  # typed in lower case
    places = _spans(records, corpus.LOCATIE)
    assert any(p.isupper() for p in places) and any(p.islower() for p in places)
    assert {"Perth", "Izmir", "Paramaribo", "Willemstad"} & set(places)


def test_dates_of_birth_and_dates(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 100
    shapes = {
        "dd-mm-yyyy": r"\d\d-\d\d-(19|20)\d\d",
        "d-m-yyyy": r"\d{1,2}-\d{1,2}-19\d\d",
        "d maand yyyy": r"\d{1,2} [a-z]+ 19\d\d",
        "dd/mm/yyyy": r"\d\d/\d\d/19\d\d",
        "iso": r"19\d\d-\d\d-\d\d",
        "d mrt. yyyy": r"\d{1,2} [a-z]{3}\.? 19\d\d",
        "dd.mm.yyyy": r"\d\d\.\d\d\.19\d\d",
        "dd-mm-yy": r"\d\d-\d\d-\d\d",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dobs), name
    dates = _spans(records, corpus.DATUM)
    assert len(dates) >= 200
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}", d) for d in dates) and any(
        re.fullmatch(r"\d{1,2}-\d{1,2}", d) for d in dates
    )
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(a.endswith("-jarige") for a in ages) and any(a.endswith(" jr") for a in ages)


def test_patient_numbers_and_other_references(records):
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 40
    shapes = (r"MAH-\d{6}", r"\d{3}-\d{3}", r"P\d{7}", r"20\d\d/\d{5}", r"TAH\d+", r"\d{6}-\d", r"BW\d{5}", r"\d+")
    for shape in shapes:
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    assert all(re.fullmatch(r"(12|22|02)\d{6}", a) for a in _spans(records, corpus.AGB))
    assert all(re.fullmatch(r"\d{9}", p) for p in _spans(records, corpus.POLISNUMMER))
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 60 and all(re.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+\.[a-z]+", e) for e in emails)


def test_names_of_many_origins_and_notations(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 700
    assert any(re.search(r"\b(van der|van 't|in 't|ten|van den) [A-Z]", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÀ-Ý-]{3,}, [A-Z][a-zà-ÿ]+( [a-z' ]+)?", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z][\w-]+, [A-Z]\.( [a-z' ]+)?", n) for n in names)  # Surname, I.
    assert any(re.fullmatch(r"[A-Z]\. .+", n) for n in names)  # initial and surname
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(n.islower() and " " not in n for n in names)
    assert any(re.search(r"[ıİğşçöüłńśźżąęé]", n) for n in names)
    for surname in ("Tjin-A-Tsoi", "Hoekstra", "El Idrissi", "Kowalczyk", "Wong", "Pattipeilohy", "Mensah"):
        assert any(surname in n for n in names), surname
    # pets and key-box codes are not annotated
    texts = "\n".join(r["text"] for r in records)
    assert "Bobbie" in texts and "Bobbie" not in names
    assert re.search(r"code \d{4}", texts)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 900
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.85 * len(records)
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(re.fullmatch(r"\d\d MO composiet", k) for k in keep)
    assert any(re.fullmatch(r"[a-z/]+ \d+(,\d+)? (mg|mcg|g)", k) for k in keep)  # drug with its strength
    assert any(re.fullmatch(r"\ddd \d", k) for k in keep)  # regimen
    assert any(re.fullmatch(r"[ACEHMPUVX]\d\d\d?", k) for k in keep)  # NZa codes
    assert "Kennedy klasse I frameprothese" in keep
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 700,
        corpus.TELEFOON: 200,
        corpus.DATUM: 200,
        corpus.INSTELLING: 180,
        corpus.LOCATIE: 150,
        corpus.ADRES: 150,
        corpus.GEBOORTEDATUM: 100,
        corpus.POSTCODE: 100,
        corpus.EMAIL: 60,
        corpus.PATIENTNUMMER: 40,
        corpus.LEEFTIJD: 30,
        corpus.BSN: 30,
        corpus.IBAN: 20,
        corpus.AGB: 15,
        corpus.POLISNUMMER: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
