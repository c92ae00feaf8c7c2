"""The seventy-ninth development part (``eval/text/dev79.jsonl``, dental care in closed and uniformed settings:
Defensie, prisons, asylum reception): the committed file is what its generator writes, ids are unique, every span
is exact, disjoint and on word bounds, names carry no title or rank, BSNs pass the 11-proef and IBANs mod-97,
identifiers come in many notations, and every kind holds its share of clinical strings."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev79_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26, "UA": 29}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|mr|sgt|sgt1|kpl|kpl1|sld|sld1|lt|elnt|kap|ritm|maj|lkol|matr1|mar1|korp)\.?\s"
    r"|^(de heer|mevrouw|tandarts|bewaarder|tolk|gedetineerde|kap-tandarts)\s",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev79_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev79_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev79_corpus.generate(24) == records[:24]
    other = dev79_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev79_corpus.DEFAULT_RECORDS == 240
    assert dev79_corpus.DEFAULT_SEED == 20270479
    assert len(dev79_corpus.KINDS) >= 10
    assert_fields_and_kinds(records, dev79_corpus.KINDS, 240 // len(dev79_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["id"] == f"dev79-{i:04d}" for i, r in enumerate(records))


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
                before = text[max(0, s["start"] - 6) : s["start"]]
                assert not re.search(r"\w$", before), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 50
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev79_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev79_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 10 and len(countries) >= 3, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans) and any(" " in i for i in ibans)

    # registration numbers are no BSNs, and the generator's own checks say no to what is wrong
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.PATIENTNUMMER and len(re.sub(r"\D", "", s["text"])) == 9:
                assert not bsn_ok(re.sub(r"\D", "", s["text"])), s
    assert dev79_corpus.bsn_valid("123456782") and not dev79_corpus.bsn_valid("123456788")
    assert dev79_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev79_corpus.iban_valid("NL92ABNA0417164300")
    assert dev79_corpus.iban_valid("BE68 5390 0754 7034") and not dev79_corpus.iban_valid("BE68 5390 0754 7035")


def test_phones_and_places(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith(("+31", "0031")):
            national = digits[4:] if digits.startswith("0031") else digits[2:]
            national = national[1:] if national.startswith("0") else national
            assert len(national) == 9, p
        elif p.startswith(("0", "(0")):
            assert len(digits) == 10, p
        else:
            assert p.startswith("+") and 10 <= len(digits) <= 13, p
    for shape in (r"06-\d{8}", r"06 \d\d \d\d \d\d \d\d", r"\+31\d{9}", r"0031\d{9}", r"\+31 \(0\)\d+ \d+"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    assert sum(p.startswith(("+32", "+49", "+48", "+90", "+380", "+291", "+963", "+597", "+5999")) for p in phones) >= 5

    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 30
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}( |-)?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert len(_spans(records, corpus.ADRES)) >= 30
    institutions = set(_spans(records, corpus.INSTELLING))
    assert any(i.startswith("PI ") for i in institutions)
    assert any(i.endswith("kazerne") for i in institutions)
    assert any(i.startswith(("AZC ", "Aanmeldcentrum")) for i in institutions)


def test_names_and_numbers(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 700
    assert any(re.fullmatch(r"[A-Z]\.([A-Z]\.)? (van der|van den|van 't|in 't|de|ter) [A-Z][\w-]+", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÀ-Žİ' -]+, [A-ZÀ-Žİ -]+", n) for n in names)  # 'DE VRIES, YONAS'
    assert any(re.search(r"[ąęłńóśźżığüşçö]", n) for n in names)
    assert any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z][a-z]?[A-Z][A-Za-z]{0,3}", n) for n in names)  # paraaf
    for word in ("Mei", "Juni", "April", "Roos", "Post", "Bos", "Winter", "Kroon", "Zomer"):
        assert any(re.search(rf"\b{word}\b", n, re.I) for n in names), word
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 150
    for shape in (
        r"\d{9}",
        r"\d\d \d\d \d\d \d{3}",
        r"\d{6}-\d{3}",
        r"DJI-\d{7}",
        r"\d\.\d{3}\.\d{3}",
        r"MD\d\d-\d{5}",
    ):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))
    ages = _spans(records, corpus.LEEFTIJD)
    assert all(re.fullmatch(r"\d+(-jarige| ?jr| jaar)", a) for a in ages)
    births = _spans(records, corpus.GEBOORTEDATUM)
    months = "|".join(dev79_corpus.MONTHS)
    assert any(re.fullmatch(rf"\d{{1,2}} ({months}) \d{{4}}", d) for d in births)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert all(len(r["keep"]) >= 1 for r in records)
    kinds = Counter()
    for r in records:
        kinds[r["kind"]] += len(r["keep"])
    assert all(n >= 30 for n in kinds.values()), kinds
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(
        re.fullmatch(r"(DFC|Dental Fitness Class|dental fitness klasse|tandheelkundige klasse) [1-4]", k) for k in keep
    )
    for eponym in ("Black klasse II", "Miller klasse 2", "Kennedy klasse III", "Angle klasse II", "Le Fort I"):
        assert eponym in keep, eponym
    assert any(k.startswith("Ultracain") for k in keep) and "Eliquis 5 mg" in keep
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS + (corpus.DATUM, corpus.INSTELLING, corpus.LOCATIE, corpus.AGB):
        assert categories[category] >= 20, (category, categories[category])
    assert categories[corpus.UZI] and categories[corpus.POLISNUMMER] and categories[corpus.LEEFTIJD]
    assert sum(categories.values()) >= 2000
