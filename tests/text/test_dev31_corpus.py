"""The thirty-first development part (``eval/text/dev31.jsonl``, patient communication as lists and logs): the
committed file is what its generator writes, every kind holds its share, spans are exact and disjoint, names carry no
title, BSNs pass the 11-proef and IBANs mod-97, and the export layouts and notations the part is about are present."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev31_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr)\.?\s|^(de heer|meneer|mevrouw|tandarts|mondhygiënist|moeder)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev31_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev31_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev31_corpus.DEFAULT_RECORDS == 240
    assert dev31_corpus.DEFAULT_SEED == 20270131
    assert_fields_and_kinds(records, dev31_corpus.KINDS, 240 // len(dev31_corpus.KINDS))
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


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 20
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev31_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev31_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans)
    assert dev31_corpus.bsn_valid("123456782") and not dev31_corpus.bsn_valid("123456788")
    assert dev31_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev31_corpus.iban_valid("NL92ABNA0417164300")


def test_export_layouts(records):
    texts = [r["text"] for r in records]
    assert sum(bool(re.search(r"^[^\n;]+;[^\n;]+;[^\n;]+;", t, re.M)) for t in texts) >= 30  # semicolons
    assert sum("\t" in t for t in texts) >= 30  # tabs and Excel copy-paste
    assert sum(" | " in t for t in texts) >= 30  # pipes
    assert sum(bool(re.search(r"^-{3,}  -{3,}", t, re.M)) for t in texts) >= 15  # fixed-width columns
    assert sum(bool(re.search(r'^\{"[a-z_]+": "', t, re.M)) for t in texts) >= 15  # JSON lines
    assert sum('","' in t for t in texts) >= 10  # quoted CSV
    assert any("Tussenv" in t for t in texts) and any("Voorl" in t for t in texts)  # particle and initials columns


def test_names_as_exports_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(re.fullmatch(r"[A-ZÀ-Ý' -]{3,}, [A-Z][\w-]+", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z][\w-]+( [\w'-]+)*, ([A-Z]\.)+", n) for n in names)  # Surname, I.
    assert any(re.fullmatch(r"([A-Z]\.)+", n) for n in names)  # an initials column
    assert any(
        re.match(r"[A-Z][\w-]+ (van der|van den|van|de|ter|ten|op den|in 't|van 't|'t|da|dos)(,|$)", n) for n in names
    )  # particle last
    assert any(n.isupper() and " " in n for n in names)
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöéô]", n) for n in names)
    # particles alone in their own column are not annotated
    assert not any(n in ("van der", "de", "van", "ter", "van den") for n in names)


def test_identifiers_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 13, p
    for shape in (
        r"31[1-9]\d{8}",
        r"\+31\d{9}",
        r"0031\d{9}",
        r"\+31 \(0\)6( \d\d){4}",
        r"06-\d{8}",
        r"\(06\) \d{8}",
        r"06(\.\d\d){4}",
        r"0\d{2,3}-\d{6,7}",
        r"\+(32|49|90|212|48|380|597|599) .+",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 150
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(p[-2:].islower() for p in postcodes) and any(" " not in p for p in postcodes)
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 300 and all("@" in e and " " not in e for e in emails)
    assert any(e.isupper() for e in emails)
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"\d{6}", r"P-\d+", r"PT\d{7}", r"#\d+", r"pat\d{5}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    addresses = _spans(records, corpus.ADRES)
    assert any(re.fullmatch(r"\d+[A-Za-z]?", a) for a in addresses)  # a house-number column
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d\d\.\d\d\.\d\d",
        r"\d{1,2}-[a-z]{3}-\d{4}",
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 100
    assert any(re.fullmatch(r"\d{1,2} (jr|jaar)", a) for a in _spans(records, corpus.LEEFTIJD))


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"[ACMTVXH]\d\d\d?", k) for k in keep)  # treatment codes
    assert "PMO" in keep and any(k.startswith("controle") for k in keep)  # recall types
    assert any(re.fullmatch(r"(kies|element|kroon) \d\d", k) for k in keep)
    direct = [sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"]) for r in records]
    assert min(direct) >= 5 and 8 <= sum(direct) / len(direct) <= 20
    kinds = Counter(r["kind"] for r in records for s in r["spans"] if s["category"] == corpus.PERSOON)
    assert all(n >= 30 for n in kinds.values()), kinds
