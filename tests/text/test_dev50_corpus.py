"""The fiftieth development part (``eval/text/dev50.jsonl``, teaching, peer review and case writing): the committed
file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names carry no
title, BSNs pass the 11-proef and IBANs mod-97 (checked here by this test's own code), every kind holds its share,
and the shapes the generator's docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev50_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint

TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts)\s", re.I)
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


def _bsn_ok(number: str) -> bool:
    d = [int(c) for c in re.sub(r"\D", "", number)]
    return len(d) == 9 and sum(x * w for x, w in zip(d, (9, 8, 7, 6, 5, 4, 3, 2, -1))) % 11 == 0


def _iban_ok(iban: str) -> bool:
    s = re.sub(r"[^0-9A-Za-z]", "", iban).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    return int("".join(str(ord(ch) - 55) if ch.isalpha() else ch for ch in moved)) % 97 == 1


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev50_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev50_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev50_corpus.generate() == records
    other = dev50_corpus.generate(16, dev50_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:16]]
    assert dev50_corpus.generate(16) == records[:16]


def test_record_fields_and_kinds(records):
    assert len(records) == dev50_corpus.DEFAULT_RECORDS == 240
    assert dev50_corpus.DEFAULT_SEED == 20270450
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert len({r["id"] for r in records}) == len(records)
    counts = Counter(r["kind"] for r in records)
    assert set(counts) == set(dev50_corpus.KINDS) and len(counts) >= 8
    assert all(n == 240 // len(dev50_corpus.KINDS) for n in counts.values()), counts


def test_deny_lists_the_record_names(records):
    for r in records:
        deny = r["deny"]
        assert len(deny) >= 3 and all(isinstance(d, str) and d == d.strip() and d for d in deny), r["id"]
        assert len(set(deny)) == len(deny)
        practice = deny[-1]
        assert practice.split()[0] in (
            "Tandartspraktijk",
            "Mondzorgcentrum",
            "Tandheelkundig",
            "Tandartsenpraktijk",
            "Mondzorg",
            "Centrum",
            "Dental",
            "Mondzorgpraktijk",
            "Tandheelkunde",
        ), practice
        # the patient first, named in the text in some form (full, surname, lower case or initials)
        patient = deny[0]
        names = [s["text"] for s in r["spans"] if s["category"] == corpus.PERSOON]
        surname = patient.split()[-1]
        assert any(surname.lower() in n.lower() or len(n.replace(".", "")) <= 4 for n in names), (r["id"], patient)


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
    assert len(bsns) >= 30
    assert all(_bsn_ok(b) and dev50_corpus.bsn_valid(b) for b in bsns), bsns
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    assert all(_iban_ok(i) and dev50_corpus.iban_valid(i) for i in ibans), ibans
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 15 and len(countries) >= 2, countries
    assert any(i == i.lower() for i in ibans) and any(re.fullmatch(r"[A-Z]{2}\d\d[A-Z0-9]+", i) for i in ibans)
    assert any(" " in i for i in ibans) and any("." in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev50_corpus.bsn_valid("123456782") and not dev50_corpus.bsn_valid("123456788")
    assert dev50_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev50_corpus.iban_valid("NL92ABNA0417164300")
    assert dev50_corpus.iban_valid("DE89370400440532013000") and dev50_corpus.iban_valid("BE68539007547034")


def test_phones_postcodes_addresses(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 120
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[4:] if digits.startswith("0031") else digits[2:] if p.startswith("+31") else digits[1:]
        national = national[1:] if national.startswith("0") else national  # '+31 (0)6'
        assert len(national) == 9 and national[0] != "0", p
    for shape in (
        r"06-\d{8}",
        r"\+31 6 \d{8}",
        r"0031 6 .*",
        r"\(06\) \d{8}",
        r"\+31 \(0\)\d.*",
        r"0\d+\.\d+\.\d+",
        r"0\d{2,3}-\d{6,7}",
        "06\u00a0\\d{8}",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 80
    for p in postcodes:
        m = re.fullmatch(r"([1-9]\d{3})[ \u00a0]?([A-Za-z]{2})", p)
        assert m and m.group(2).upper() not in ("SA", "SD", "SS"), p
    assert any(" " in p for p in postcodes) and any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    assert any(p[-2:].islower() for p in postcodes) and any("\u00a0" in p for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 80
    assert all(re.search(r"\d", a) for a in addresses)
    assert any(re.search(r"\d(-II| hs| bis|a|B| A)$", a) for a in addresses)


def test_dates_ages_and_numbers(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    dates = _spans(records, corpus.DATUM)
    assert len(dobs) >= 60 and len(dates) >= 300
    months = "|".join(dev50_corpus.MONTHS)
    abbr = "|".join(dev50_corpus.MONTHS_ABBR)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2}-\d{1,2}-\d{4}",
        r"\d\d/\d\d/\d\d",
        r"\d\d\.\d\d\.\d{4}",
        rf"\d{{1,2}} ({months}) \d{{4}}",
        rf"\d{{1,2}} ({abbr}) \d{{4}}",
        rf"\d{{1,2}}-({abbr})-\d{{4}}",
        r"\d{4}-\d\d-\d\d",
    ):
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}", d) for d in dates)  # day and month only
    assert any(re.fullmatch(rf"\d{{1,2}} ({months})", d) for d in dates)
    ages = _spans(records, corpus.LEEFTIJD)
    for shape in (r"\d+ jaar", r"\d+-jarige", r"\d+ jr", r"\d+ j"):
        assert any(re.fullmatch(shape, a) for a in ages), shape
    pnrs = _spans(records, corpus.PATIENTNUMMER)
    assert len(pnrs) >= 100
    for shape in (
        r"PT-\d{6}",
        r"pt\d{6}",
        r"\d{4,6}",
        r"P\d{7}",
        r"20\d\d-\d{5}",
        r"TDW\d{7}",
        r"KL-\d{4}-\d\d",
        r"\d{6}/\d",
    ):
        assert any(re.fullmatch(shape, p) for p in pnrs), shape
    agbs = _spans(records, corpus.AGB)
    assert all(re.sub(r"\D", "", a).startswith("12") and len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    assert any("-" in a for a in agbs) and any("." in a for a in agbs) and any(" " in a for a in agbs)
    assert len(_spans(records, corpus.POLISNUMMER)) >= 20
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 100 and all(re.fullmatch(r"[a-z0-9._-]+@[a-z0-9.-]+\.(nl|com)", e) for e in emails)


def test_names_of_many_shapes_and_origins(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(re.fullmatch(r"[A-Z]\.([a-z]\.)+[A-Z]\.", n) for n in names)  # M.v.d.M.
    assert any(re.fullmatch(r"[A-Z][a-z]{1,3}[A-Z]", n) for n in names)  # MvdM
    assert any(re.fullmatch(r"[A-ZÀ-ŽĄ-Ż]\.[A-ZÀ-ŽĄ-Ż]\.", n) for n in names)  # E.Y.
    assert any(re.fullmatch(r"[^,]+, \w+ (van der|van den|de|in 't|op den|ter|van|van 't)", n) for n in names)
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[łśćńżąęığüşçöũễầạ]", n) for n in names)
    assert any(n.startswith(("Van der ", "In 't ", "Op den ", "Van den ", "De ", "Ter ")) for n in names)
    texts = "\n".join(r["text"] for r in records)
    assert re.search(r"(IMG|foto|OPT)_[A-Za-z-]+_\d{4}-\d\d-\d\d\.jpg", texts)  # a name left in a file name
    for origin in ("Jagroep", "Kartodikromo", "Isenia", "Khattabi", "Yıldırım", "Wiśniewska", "Zhang", "Hiemstra"):
        assert origin in texts, origin


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1000
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(re.fullmatch(r"\d\d (MO|DO|MOD|O|B|MODB|DL|MB)", k) for k in keep)
    assert any(re.fullmatch(r"BoP \d+%", k) for k in keep)
    assert any(re.fullmatch(r"amoxicilline 500 mg 3dd", k) for k in keep)
    assert any(re.fullmatch(r"articaïne 4% 1:100\.000", k) for k in keep)
    for cls in ("Miller klasse", "Angle klasse", "Kennedy klasse", "Black klasse", "Pell-Gregory", "Ellis klasse"):
        assert any(k.startswith(cls) for k in keep), cls
    assert any(re.fullmatch(r"[A-Z]\d\d\d?( 2x)?", k) for k in keep)  # NZa codes
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.DATUM: 300,
        corpus.INSTELLING: 150,
        corpus.LOCATIE: 150,
        corpus.LEEFTIJD: 120,
        corpus.TELEFOON: 120,
        corpus.EMAIL: 100,
        corpus.PATIENTNUMMER: 100,
        corpus.ADRES: 80,
        corpus.POSTCODE: 80,
        corpus.GEBOORTEDATUM: 60,
        corpus.AGB: 50,
        corpus.BSN: 30,
        corpus.IBAN: 30,
        corpus.POLISNUMMER: 20,
        corpus.URL: 5,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
