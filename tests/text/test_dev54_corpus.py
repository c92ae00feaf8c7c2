"""The fifty-fourth development part (``eval/text/dev54.jsonl``, a referral clinic for periodontology and
implantology): the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on
word bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97 (checked here and by the generator), and
the shapes the generator's docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev54_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|dokter)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s.translate(str.maketrans("０１２３４５６７８９", "0123456789")))


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev54_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev54_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev54_corpus.generate() == records
    other = dev54_corpus.generate(seed=dev54_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records]
    assert len(dev54_corpus.generate(records=20)) == 20


def test_record_fields_and_kinds(records):
    assert len(records) == dev54_corpus.DEFAULT_RECORDS == 240
    assert dev54_corpus.DEFAULT_SEED == 20270454
    assert len(dev54_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev54_corpus.KINDS, 240 // len(dev54_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["deny"] == [] for r in records)


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
                assert not s["text"].endswith((",", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        digits = _digits(b)
        assert len(digits) == 9 and bsn_ok(digits) and dev54_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3}\.\d{3}\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d\d-\d{3}-\d\d-\d\d", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any("\u00a0" in b for b in bsns)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev54_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 15 and len(countries) >= 2, countries
    assert any(i == i.lower() for i in ibans) and any(re.fullmatch(r"[A-Z]{2}\d\d[A-Z0-9]+", i) for i in ibans)

    # the generator's own checks say no to what is wrong
    assert dev54_corpus.bsn_valid("111222333") and not dev54_corpus.bsn_valid("111222334")
    assert dev54_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev54_corpus.iban_valid("NL92ABNA0417164300")
    assert dev54_corpus.iban_valid("DE89370400440532013000") and dev54_corpus.iban_valid("BE68539007547034")


def test_phones_postcodes_addresses(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        d = _digits(p)
        assert (
            (len(d) == 10 and d[0] == "0")
            or (d.startswith("31") and len(d) == 11)
            or (d.startswith("0031") and len(d) == 13)
            or (d.startswith("310") and len(d) == 12)
        ), p  # '+31 (0)6 ...'
    for prefix in ("+31 6", "+31 (0)", "0031", "(0", "06-", "06 "):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any("\u00a0" in p for p in phones) and any("０" in p for p in phones)

    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 80
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4} [a-z]{2}", p) for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 80
    assert any(re.search(r"\d(-II| hs| bis|[aB])$", a) for a in addresses)
    assert any(a.startswith("Laan van ") for a in addresses)


def test_dates_and_numbers(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 150
    shapes = (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2}-\d{1,2}-\d{4}",
        r"\d\d/\d\d/\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d\d\.\d\d\.\d{4}",
    )
    for shape in shapes:
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    dates = _spans(records, corpus.DATUM)
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}", d) for d in dates)
    assert any(re.fullmatch(r"\d{1,2} [a-z]+", d) for d in dates)
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 150
    for shape in (r"PI-\d\d-\d{5}", r"P\d{7}", r"\d{4}/\d{5}", r"EPI\d{6}", r"\d{6}", r"PAR\.\d{5}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    agbs = _spans(records, corpus.AGB)
    assert len(agbs) >= 40
    assert all(len(_digits(a)) == 8 for a in agbs)
    for shape in (r"\d{8}", r"\d\d-\d{6}", r"\d\d\.\d\d\.\d\d\.\d\d", r"\d\d \d{3} \d{3}"):
        assert any(re.fullmatch(shape, a) for a in agbs), shape
    uzi = _spans(records, corpus.UZI)
    assert any(len(u) == 11 for u in uzi) and any(len(u) == 9 for u in uzi)  # BIG and UZI numbers
    assert len(_spans(records, corpus.POLISNUMMER)) >= 20
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(a.endswith(" jaar") for a in ages) and any(a.endswith("-jarige") for a in ages)
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))


def test_names_of_many_origins(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 800
    assert any(re.search(r"\b(van der|van den|ten|in 't|op den)\b", n) for n in names)
    assert any(re.fullmatch(r"[A-Z][a-z]+, [A-Z.]+ (van der|van den|de|van|ten|in 't|op den)", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÇŞİÖÜĄĘŁŃŚŹŻ' -]{3,}, [A-Z][\w .-]+", n) for n in names)  # SURNAME, Given
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(re.fullmatch(r"Van der [A-Z]\w+", n) or re.fullmatch(r"Van [A-Z]\w+", n) for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöí]", n) for n in names)
    assert any(re.fullmatch(r"([A-Z]\.){1,3} \S.*", n) for n in names)  # initials and surname
    texts = "\n".join(r["text"] for r in records)
    for word in ("Geachte collega", "Met vriendelijke groet", "groetjes", "t.a.v.", "Betreft:", "cc: "):
        assert word in texts, word


def test_keep_strings(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1200
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.8 * len(records)
    assert any(
        re.fullmatch(r"(Straumann|Nobel Biocare|Astra Tech|Dentsply|Zimmer|Camlog|MIS|Neodent) .*\d.*", k) for k in keep
    )
    assert any(re.fullmatch(r"DPSI .+", k) for k in keep)
    assert any(re.fullmatch(r"[TJXCA]\d\d\d?", k) for k in keep)
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(k.startswith("Bio-Oss") for k in keep) and any(k.startswith("HbA1c") for k in keep)
    assert any(re.fullmatch(r"(Miller klasse|Cawood en Howell klasse|furcatie graad) [IV]+", k) for k in keep)
    assert any(re.fullmatch(r"\w+ \d+ mg( \dd)?.*", k) for k in keep)
    assert any(k in ("CZ", "VGZ", "Menzis", "DSW", "ONVZ", "Zilveren Kruis", "a.s.r.") for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in (corpus.INSTELLING, corpus.LOCATIE, corpus.EMAIL, corpus.DATUM):
        assert categories[category] >= 80, (category, categories[category])
