"""The eightieth development part (``eval/text/dev80.jsonl``, a Flemish dental practice group and its Dutch sister
practice): the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on
word bounds, names carry no title, Belgian national numbers (annotated BSN) pass their 97-check and Dutch BSNs the
11-proef, IBANs mod-97, RIZIV numbers their check digits, phones are Belgian or Dutch in many notations, and every
kind holds its share of clinical strings."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev80_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof|lic)\.?\s|^(de heer|meneer|mevrouw|tandarts|dokter)\s", re.I)


def _rrn_ok(digits: str) -> bool:
    """The rijksregisternummer: 97 minus the first nine digits mod 97 (with a '2' before them for births from
    2000) is the last two."""
    if len(digits) != 11:
        return False
    old = 97 - int(digits[:9]) % 97
    new = 97 - int("2" + digits[:9]) % 97
    month, day = int(digits[2:4]), int(digits[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31 and int(digits[9:]) in (old, new)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev80_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev80_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev80_corpus.generate(24) == records[:24]
    other = dev80_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev80_corpus.DEFAULT_RECORDS == 240
    assert dev80_corpus.DEFAULT_SEED == 20270480
    assert len(dev80_corpus.KINDS) >= 10
    assert_fields_and_kinds(records, dev80_corpus.KINDS, 240 // len(dev80_corpus.KINDS))
    assert all(r["id"] == f"dev80-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ".", ":")), (r["id"], s)


def test_national_numbers_and_bsns(records):
    numbers = _spans(records, corpus.BSN)
    assert len(numbers) >= 100
    belgian = dutch = 0
    for n in numbers:
        digits = re.sub(r"\D", "", n)
        if len(digits) == 11:
            assert _rrn_ok(digits) and dev80_corpus.rrn_valid(n), n
            belgian += 1
        else:
            assert len(digits) == 9 and bsn_ok(digits) and dev80_corpus.bsn_valid(n), n
            dutch += 1
    assert belgian >= 100 and dutch >= 10
    for shape in (
        r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d",
        r"\d{11}",
        r"\d{6}-\d{3}-\d\d",
        r"\d\d \d\d \d\d \d{3} \d\d",
        r"\d{6} \d{3} \d\d",
        r"\d\d\.\d\d\.\d\d \d{3}-\d\d",
    ):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    # births from 2000 on take the '2' before the nine digits
    assert any(
        len(d) == 11 and 97 - int("2" + d[:9]) % 97 == int(d[9:]) and 97 - int(d[:9]) % 97 != int(d[9:])
        for d in (re.sub(r"\D", "", n) for n in numbers)
    )
    # the generator's own checks say no to what is wrong
    assert dev80_corpus.rrn_valid("85.07.30-033.28") and not dev80_corpus.rrn_valid("85.07.30-033.29")
    assert dev80_corpus.rrn_valid("17.07.30-033.84") and not dev80_corpus.rrn_valid("1707300338")
    assert dev80_corpus.bsn_valid("123456782") and not dev80_corpus.bsn_valid("123456788")


def test_ibans_and_riziv_numbers(records):
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 60
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev80_corpus.iban_valid(i), i
        compact = re.sub(r"[^0-9A-Za-z]", "", i).upper()
        if compact.startswith("BE"):  # the Belgian account's own check: the first ten digits mod 97
            assert (int(compact[4:14]) % 97 or 97) == int(compact[14:]), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["BE"] >= 50 and countries["NL"] >= 10, countries
    assert any(i == i.lower() for i in ibans) and any(re.fullmatch(r"BE\d{14}", i) for i in ibans)
    assert any(re.fullmatch(r"BE\d\d( \d{4}){3}", i) for i in ibans)
    assert dev80_corpus.iban_valid("BE68 5390 0754 7034") and not dev80_corpus.iban_valid("BE68 5390 0754 7035")

    rizivs = _spans(records, corpus.AGB)
    assert len(rizivs) >= 40
    for n in rizivs:
        d = re.sub(r"\D", "", n)
        assert len(d) == 11 and d[0] == "3" and 97 - int(d[:6]) % 97 == int(d[6:8]), n
        assert dev80_corpus.riziv_valid(n)
    assert any(re.fullmatch(r"3-\d{5}-\d\d-\d{3}", n) for n in rizivs)


def test_phones(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    be = nl = 0
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith(("+32", "0032")):
            national = digits[4:] if digits.startswith("0032") else digits[2:]
            national = national[1:] if national.startswith("0") and "(0)" in p else national
            assert len(national) in (8, 9) and national[0] != "0", p
            be += 1
        elif p.startswith(("+31", "0031")):
            national = digits[4:] if digits.startswith("0031") else digits[2:]
            assert len(national) == 9, p
            nl += 1
        elif p.startswith(("06", "0114")):
            assert len(digits) == 10, p
            nl += 1
        else:
            assert p.startswith("0") and len(digits) in (9, 10), p  # Belgian landline 9, mobile 10
            be += 1
    assert be >= 300 and nl >= 20
    for notation in (
        r"\+32 \d \d{3} \d\d \d\d",
        r"0\d{3} \d\d \d\d \d\d",
        r"0\d/\d{3}\.\d\d\.\d\d",
        r"0\d{3}/\d\d\.\d\d\.\d\d",
        r"\+32 4\d\d \d\d \d\d \d\d",
        r"\+324\d{8}",
        r"0032 \d+ .*",
        r"\+32 \(0\)\d+ .*",
        r"04\d{8}",
        r"0\d\d/\d\d\.\d\d\.\d\d",
        r"06-\d{8}",
        r"0114-\d{6}",
    ):
        assert any(re.fullmatch(notation, p) for p in phones), notation


def test_addresses_postcodes_and_dates(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 150
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}", p) or re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p), p
    assert sum(bool(re.fullmatch(r"\d{4}", p)) for p in postcodes) >= 120
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d+ bus \d+$", a) for a in addresses)
    assert any(re.search(r"\d+/\d$", a) for a in addresses)
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    for shape in (r"\d\d/\d\d/\d{4}", r"\d{1,2}/\d{1,2}/\d\d", r"\d\d\.\d\d\.\d{4}", rf"\d{{1,2}} ({months}) \d{{4}}"):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 100


def test_names_and_other_identifiers(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 800
    assert any(re.fullmatch(r"[A-ZÀ-Ž' -]{3,} [A-Z][a-zà-ž-]+", n) for n in names)  # 'PEETERS Lotte'
    assert any(re.fullmatch(r"[A-Z]\. [\w' -]+", n) for n in names)
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöÓ]", n) for n in names)
    for surname in ("Winter", "Vos", "Bos", "De Wolf", "Bakker"):
        assert any(surname in n for n in names), surname
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 150 and all(re.fullmatch(r"[\w.+-]+@[\w.-]+\.\w+", e) for e in emails)
    assert any(e.endswith(".be") for e in emails)
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"SCH-\d{6}", r"\d{6}", r"sch-\d{6}", r"SCH \d{6}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    members = _spans(records, corpus.POLISNUMMER)
    assert len(members) >= 80 and any("/" in m for m in members)
    institutions = _spans(records, corpus.INSTELLING)
    assert any(i.startswith("UZ ") or i.startswith("AZ ") for i in institutions)
    assert any(i.endswith("Hulst") for i in institutions)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600 and sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"(code|nomenclatuur|prestatie|nr\.) \d{6}", k) for k in keep)
    assert any(re.fullmatch(r"\d{6}", k) for k in keep)  # nomenclature in a table
    assert any(re.fullmatch(r"(tand|element|elem\.|de|kies) \d\d", k) for k in keep)
    for k in ("Angle klasse II", "Pell-Gregory klasse II positie B", "Septanest 1:100.000", "Hedström-vijl"):
        assert k in keep, k
    kinds = Counter()
    for r in records:
        kinds[r["kind"]] += len(r["keep"])
    assert all(n >= 40 for n in kinds.values()), kinds
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 50, (category, categories[category])
    assert sum(categories.values()) >= 2000
