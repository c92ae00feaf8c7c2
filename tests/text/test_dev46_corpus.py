"""The forty-sixth development part (``eval/text/dev46.jsonl``, a week of everything a Dutch dental group writes):
the committed file is what its generator writes, every kind holds its share, spans are exact, disjoint and on word
bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97, and the shapes the part promises occur
(names of many shapes, identifiers in many notations, dense clinical strings)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev46_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|hr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev46_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev46_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_generator_is_deterministic_and_seeded(records):
    assert dev46_corpus.generate(16) == records[:16]
    assert dev46_corpus.generate(16, seed=1) != records[:16]


def test_record_fields_and_kinds(records):
    assert len(records) == dev46_corpus.DEFAULT_RECORDS == 240
    assert dev46_corpus.DEFAULT_SEED == 20270446
    assert len(dev46_corpus.KINDS) == 8
    assert_fields_and_kinds(records, dev46_corpus.KINDS, 240 // len(dev46_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds_and_names_without_titles(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            iso_stamp = s["category"] == corpus.DATUM and text[s["end"] : s["end"] + 1] == "T"  # 2025-06-03T08:13
            assert s["end"] == len(text) or not text[s["end"]].isalnum() or iso_stamp, (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":", " ")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 100
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev46_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d\d-\d{3}-\d\d-\d\d", b) for b in bsns)
    assert any("\u00a0" in b for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 50
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev46_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    assert {re.sub(r"\W", "", i)[:2].upper() for i in ibans} == {"NL", "BE", "DE"}
    # the generator's own checks say no to what is wrong
    assert dev46_corpus.bsn_valid("123456782") and not dev46_corpus.bsn_valid("123456783")
    assert dev46_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev46_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 15, p
    shapes = {
        "06-12345678": r"06-\d{8}",
        "06 12 34 56 78": r"06( \d\d){4}",
        "(06) 1234 5678": r"\(06\) \d{4} \d{4}",
        "+31612345678": r"\+316\d{8}",
        "+31 (0)6-": r"\+31 \(0\)6-\d{8}",
        "0031 6": r"0031 6 \d{8}",
        "landline with area code": r"0\d{2,3}-\d{6,7}",
        "(0513) 123456": r"\(0\d{2,3}\) \d{6,7}",
        "+31 (0)50 123 4567": r"\+31 \(0\)\d{2,3} \d{3} \d{3,4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, p) for p in phones), name
    for prefix in ("+32", "+49", "+212", "+90", "+48", "+597", "+599", "+44"):
        assert any(p.startswith(prefix) for p in phones), prefix


def test_postcodes_addresses_and_dates(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 150
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ -]?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    for shape in (r"\d{4} [A-Z]{2}", r"\d{4}[A-Z]{2}", r"\d{4}[a-z]{2}", r"\d{4}-[A-Z]{2}", r"\d{4} [a-z]{2}"):
        assert any(re.fullmatch(shape, p) for p in postcodes), shape
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d(-II| hs| bis|[A-Za-z])$", a) for a in addresses)
    assert any(a.startswith(("Pypsterk", "Tsjerkebuorren", "Heechein", "Wâldwei")) for a in addresses)
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 150
    months = "|".join(("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                       "oktober", "november", "december"))  # fmt: skip
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d\d/\d\d/\d{4}",
        r"\d\d\.\d\d\.\d{4}",
        r"\d{1,2}/\d{1,2}/\d\d",
        rf"\d{{1,2}} ({months}) \d{{4}}",
        r"\d\d[a-z]{3}\d{4}",
    ):
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    assert len(_spans(records, corpus.DATUM)) >= 400


def test_names_of_many_shapes(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1200
    assert any(re.fullmatch(r"[A-ZÀ-ÝİŞĞÇÖÜŁŚ' -]{3,}, [A-Z][\w -]+", n) for n in names)  # SURNAME, Given
    assert any(re.search(r", ([A-Z]\.)+ (van|de|ter|op den|in 't|van 't)( der| den| de)?$", n) for n in names)
    assert any(re.fullmatch(r"([A-Z]\.){1,3} [\w' -]+", n) for n in names)  # initials with dots
    assert any(re.fullmatch(r"[A-Z]{2,3} [\w' -]+", n) for n in names)  # initials without dots
    assert any(n.islower() and " " in n for n in names)
    assert any(n.isupper() and " " in n and "," not in n for n in names)
    assert any(re.search(r"\w-(van|de|op|in|ter)\b", n) for n in names)  # married names
    assert any(re.search(r"[ıİşŞğçÇöÖüÜłŁśąęńóżź]", n) for n in names)
    assert any(re.fullmatch(r"(CHEN|WANG|LI|ZHOU|LIN|HUANG|NGUYEN|TRAN|PHAM) [A-Z][\w ]+", n) for n in names)
    for word in ("Roos", "Mei", "Juni", "April", "Storm", "Wil", "Bos", "Post", "Winter", "Maart", "Kroon"):
        assert any(word in n.split() for n in names), word
    assert any(re.fullmatch(r"[a-z]+\.[a-z]+|[A-Z]{4,}", n) for n in names)  # system user names


def test_identifier_categories(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1200,
        corpus.DATUM: 400,
        corpus.TELEFOON: 300,
        corpus.PATIENTNUMMER: 200,
        corpus.INSTELLING: 200,
        corpus.LOCATIE: 150,
        corpus.ADRES: 150,
        corpus.EMAIL: 150,
        corpus.LEEFTIJD: 50,
        corpus.POLISNUMMER: 40,
        corpus.AGB: 30,
        corpus.UZI: 20,
        corpus.URL: 20,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    total = sum(categories.values())
    assert 3000 <= total <= 7000
    pnrs = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"P-\d{6}", r"PT\d{7}", r"#\d+", r"MZG/\d+", r"BP-\d+-A", r"2025-\d{4}", r"p\d{6}"):
        assert any(re.fullmatch(shape, p) for p in pnrs), shape
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))


def test_clinical_strings(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1200
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.8 * len(records)
    assert any(re.fullmatch(r"(element|elem\.|el\.|kies|tand|de) [1-4][1-8]( MOD| MO| DO| O| B| cervicaal)?", k)
               for k in keep)  # fmt: skip
    sextant = r"[1-4*][+-]?"
    chart = rf"DPSI {sextant}(( |,| \| ){sextant}){{2}}( / |/| \|\| ){sextant}(( |,| \| ){sextant}){{2}}"
    assert any(re.fullmatch(chart, k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d\d?( \dx)?", k) for k in keep)
    assert any(re.fullmatch(r"articaïne 4% 1:\d{3}\.000.*", k) for k in keep)
    assert any(re.fullmatch(r"amoxicilline \d+ mg.*", k) for k in keep)
    assert any(k.startswith(("Angle klasse", "Miller klasse", "Kennedy klasse", "Black klasse")) for k in keep)
    assert any(re.fullmatch(r"(pocketdiepte|PPD) \d mm", k) for k in keep)
    assert any(re.fullmatch(r"BoP \d+%", k) for k in keep)
    assert any(k.startswith(("Straumann", "Nobel", "Filtek", "Bio-Oss")) for k in keep)
