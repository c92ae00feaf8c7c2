"""The twenty-fourth development part (``eval/text/dev24.jsonl``, the practice as an employer and a building): the
committed file is what its generator writes, ids are unique, every span is exact and disjoint, names carry no title
or rank, BSNs pass the 11-proef, IBANs mod-97, and the paperwork's notations (BIG, KRD, AGB, police report numbers,
personnel and badge numbers, dates of birth, contract dates) are there, with every kind its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev24_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|agent|hoofdagent|brigadier|wijkagent|"
    r"bedrijfsarts|huisarts|collega|stagebegeleider|monteur)\s",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev24_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev24_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev24_corpus.DEFAULT_RECORDS == 240
    assert dev24_corpus.DEFAULT_SEED == 20260311
    assert len(dev24_corpus.KINDS) == 8
    assert_fields_and_kinds(records, dev24_corpus.KINDS, 240 // len(dev24_corpus.KINDS))
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
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)
                # a rank or title just before the name stays outside it
                before = text[max(0, s["start"] - 12) : s["start"]]
                assert not re.search(r"\b(mevr|dhr)\.$", before), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev24_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 25
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev24_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 20, countries
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)

    assert dev24_corpus.bsn_valid("123456782") and not dev24_corpus.bsn_valid("123456788")
    assert dev24_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev24_corpus.iban_valid("NL92ABNA0417164300")


def test_registrations_and_file_numbers(records):
    regs = _spans(records, corpus.UZI)
    assert any(re.fullmatch(r"\d{11}", u) for u in regs)  # BIG
    assert any(re.fullmatch(r"\d{8}", u) for u in regs)  # KRD
    assert any(re.fullmatch(r"\d{9}", u) for u in regs)  # UZI pass
    agbs = _spans(records, corpus.AGB)
    assert len(agbs) >= 30
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    assert any(re.fullmatch(r"\d\d-\d{6}", a) for a in agbs) and any(re.fullmatch(r"(\d\d\.){3}\d\d", a) for a in agbs)
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert any(re.fullmatch(r"PL\d{4}-\d{8,10}", n) for n in numbers)  # police report numbers
    assert any(n.startswith("MW") for n in numbers)  # personnel numbers
    assert any(n.startswith("P-") for n in numbers)  # patients' numbers
    texts = "\n".join(r["text"] for r in records)
    for cue in ("BIG", "KRD", "AGB", "pers.nr.", "studentnr.", "registratienummer", "badge", "Pas ", "UZI-pas"):
        assert cue in texts, cue


def test_phones_postcodes_dates(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    for p in phones:
        digits = re.sub(r"\D", "", p)
        assert 10 <= len(digits) <= 13, p
    assert any(p.startswith("+48") for p in phones) and any(p.startswith("+380") for p in phones)
    assert any(p.startswith("0031") for p in phones) and any(p.startswith("(06)") for p in phones)
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 80
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}", p) and p[-2:] not in ("SA", "SD", "SS"), p
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d(-II| hs| bis|A|B)$", a) for a in addresses)
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 100
    dates = _spans(records, corpus.DATUM) + dobs
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2}/\d{1,2}",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d\d\.\d\d\.\d\d",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    ages = _spans(records, corpus.LEEFTIJD)
    assert ages and all(re.search(r"\d", a) for a in ages)


def test_names_of_many_origins(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1200
    assert any(re.search(r"\b(van|de|ter|op den|in 't|van 't)\b", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÀ-ÝĄĆĘŁŃŚŹŻÇĞİÖŞÜ' -]{3,}, [A-Z][\w .-]+", n) for n in names)  # SURNAME, Given
    assert any(re.search(r"[ąćęłńóśźżığüşçö]", n) for n in names)
    for surname in ("Tjon-A-Fong", "Kromodimedjo", "El Amrani", "Tesfamariam", "Shevchenko", "Martina", "Hoekstra"):
        assert any(surname.lower() in n.lower() for n in names), surname
    texts = "\n".join(r["text"] for r in records)
    for word in ("hoofdagent", "bedrijfsarts", "Stagebegeleider", "Monteur", "Casemanager"):
        assert word in texts, word


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 300
    assert any(re.fullmatch(r"element [1-4][1-8]", k) for k in keep)
    assert any(k.startswith("anti-HBs") for k in keep)
    assert "ziekte van Pfeiffer" in keep
    assert any(re.fullmatch(r"(articaïne|lidocaïne|Ultracain|Septanest).*", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d", k) for k in keep)  # treatment codes
    direct = [s for r in records for s in r["spans"] if s["category"] in corpus.DIRECT_IDENTIFIERS]
    assert len(direct) / len(records) >= 8
    assert all(len(r["spans"]) >= 8 for r in records)
