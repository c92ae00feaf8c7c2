"""The twenty-eighth development part (``eval/text/dev28.jsonl``, meetings, audits and quality work in a chain of
dental practices): the committed file is what its generator writes, ids are unique, every span is exact and
disjoint, names carry no title, BSNs pass the 11-proef, IBANs mod-97, every kind holds its share, and the notations
the part is about are present: initials codes as action owners, surname-first lists, names in table cells, BIG and
AGB numbers in presence lists and report tables, survey answers with the analyst's codes, timelines."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev28_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|ing|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|mondhygiënist|actie)\s", re.I
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev28_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev28_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev28_corpus.DEFAULT_RECORDS == 240
    assert dev28_corpus.DEFAULT_SEED == 20261228
    assert_fields_and_kinds(records, dev28_corpus.KINDS, 240 // len(dev28_corpus.KINDS))
    assert len(dev28_corpus.KINDS) == 8
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)  # in the writer's order


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
                assert not s["text"].endswith((",", ".,", ":", ")")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 25
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev28_corpus.bsn_valid(digits), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 10
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev28_corpus.iban_valid(i), i
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev28_corpus.bsn_valid("123456782") and not dev28_corpus.bsn_valid("123456788")
    assert dev28_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev28_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_emails_and_professional_numbers(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[2:] if p.startswith("+31") else digits[1:]
        assert len(national) == 9 and national[0] != "0", p
    assert any(p.startswith("+31 6") for p in phones) and any(p.startswith("(0") for p in phones)
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 120 and all(re.fullmatch(r"[a-z0-9.]+@[a-z0-9.-]+\.[a-z]+", e) for e in emails), emails
    agbs = _spans(records, corpus.AGB)
    assert len(agbs) >= 200 and all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    assert any("-" in a for a in agbs) and any("." in a for a in agbs) and any(a.isdigit() for a in agbs)
    bigs = _spans(records, corpus.UZI)
    assert len(bigs) >= 150 and all(re.fullmatch(r"\d{11}", b) for b in bigs)


def test_addresses_dates_and_numbers(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 60 and all(re.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}", p) for p in postcodes)
    assert any(" " not in p for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 80 and all(re.search(r"\d", a) for a in addresses)
    assert any(re.search(r"\d(-II| bis|a|B|-1|-H|-B)$", a) for a in addresses)
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 120
    dates = _spans(records, corpus.DATUM)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d{1,2}-\d{1,2}",
        r"\d{1,2} [a-z]{3}",
        r"\d\d/\d\d/\d{4}",
        r"\d\d\.\d\d\.\d{4}",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 200
    for shape in (r"\d{5,6}", r"P-\d{7}", r"[A-Z]{3}\d{6}", r"20\d\d-\d{5}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(a.endswith("-jarige") for a in ages) and any(a.endswith(" jaar") for a in ages)


def test_names_as_minutes_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 2000
    texts = "\n".join(r["text"] for r in records)
    # initials codes as action owners, in a table cell and after 'actie:'
    assert re.search(r"\(actie: [A-Z][a-z]*[A-Z]+", texts) and re.search(r"\| [A-Z][a-z]*[A-Z]+ \| \d", texts)
    codes = [n for n in names if re.fullmatch(r"[A-ZÇŞİÖÜ][a-z']*[A-ZÇŞİÖÜŁ]", n)]
    assert len(codes) >= 200 and any(re.fullmatch(r"[A-Z][a-z]+[A-Z]", c) for c in codes)  # 'KvdB'
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z]\. (van|de|ter|op|in)( den| der| 't)?", n) for n in names)
    assert any(re.fullmatch(r"(Van|De|Ter|Op|In) [\w' -]+", n) for n in names)  # after 'mw. dr.'
    assert "mw. dr. " in texts or "dhr. dr. " in texts
    assert any(n.islower() for n in names) and any(n.isupper() and " " in n for n in names)
    assert any(re.search(r"[ıİşŞçÇğöüłśńóąęż]", n) for n in names)
    for label in ("Aanwezig", "Afwezig", "Notulen", "Tijdlijn", "Presentielijst", "Terugbelverzoeken", "Van: "):
        assert label in texts, label


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1200
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"element \d\d", k) for k in keep) and any(re.fullmatch(r"\d\d [MODBL]+", k) for k in keep)
    assert any(re.fullmatch(r"[CEHMRTVXA]\d\d\d?", k) for k in keep)  # NZa codes
    assert any(re.fullmatch(r"articaïne 4% 1:\d{3}\.000", k) for k in keep)
    assert any(re.fullmatch(r"\w+ \d+ mg.*", k) for k in keep)
    assert any(k.startswith(("Angle klasse", "Miller klasse", "Pell-Gregory")) for k in keep)
    assert any(re.fullmatch(r"pocketdiepte \d mm", k) for k in keep) and any(k.startswith("DPSI") for k in keep)
    assert "Melag Vacuklav 31-B+" in keep and "134 °C" in keep and "Straumann BLT 4,1x10" in keep
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 2000,
        corpus.DATUM: 600,
        corpus.INSTELLING: 250,
        corpus.AGB: 200,
        corpus.PATIENTNUMMER: 200,
        corpus.LOCATIE: 150,
        corpus.UZI: 150,
        corpus.TELEFOON: 150,
        corpus.EMAIL: 120,
        corpus.GEBOORTEDATUM: 120,
        corpus.LEEFTIJD: 100,
        corpus.ADRES: 80,
        corpus.POSTCODE: 60,
        corpus.BSN: 25,
        corpus.IBAN: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
