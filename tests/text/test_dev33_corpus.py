"""The thirty-third development part (``eval/text/dev33.jsonl``, periodontology and the dental hygiene practice): the
committed file is what its generator writes, ids are unique, every span is exact and disjoint, names carry no title,
BSNs pass the 11-proef, IBANs mod-97, every kind holds its share, and the periodontal notations are present."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev33_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|prof|huisarts|tandarts|mondhygiënist|parodontoloog)\.?\s|^(de heer|meneer|mevrouw)\s", re.I
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev33_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev33_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev33_corpus.DEFAULT_RECORDS == 240
    assert dev33_corpus.DEFAULT_SEED == 20261233
    assert_fields_and_kinds(records, dev33_corpus.KINDS, 240 // len(dev33_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


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


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 60
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev33_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 25
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev33_corpus.iban_valid(i), i
    assert dev33_corpus.bsn_valid("123456782") and not dev33_corpus.bsn_valid("123456788")
    assert dev33_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev33_corpus.iban_valid("NL92ABNA0417164300")


def test_identifiers_dense(records):
    direct = [s for r in records for s in r["spans"] if s["category"] in corpus.DIRECT_IDENTIFIERS]
    assert len(direct) >= 8 * len(records)
    assert all(len(r["spans"]) >= 6 for r in records)
    for p in _spans(records, corpus.TELEFOON):
        assert len(re.sub(r"\D", "", p)) in (10, 11), p
    for a in _spans(records, corpus.AGB):
        assert len(re.sub(r"\D", "", a)) == 8, a
    for p in _spans(records, corpus.POSTCODE):
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}", p), p
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 700
    assert any(re.search(r"[ąćęłńóśźżığüşçö]", n) for n in names)
    assert any(" van " in n or " ter " in n or " in 't " in n for n in names)
    assert any(n.islower() and " " in n for n in names)


def test_periodontal_notations(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1500
    assert all(r["keep"] for r in records)
    assert any(re.fullmatch(r"\d\d: \d \d \d / \d \d \d", k) for k in keep)  # chart row per site
    assert any(re.fullmatch(r"element \d\d \d{3}-\d{3}", k) for k in keep)
    assert any(re.fullmatch(r"DPSI [0-4*+-]+( [0-4*+-]+){2} ?[/|] ?[0-4*+-]+( [0-4*+-]+){2}", k) for k in keep)
    assert any(re.fullmatch(r"(BoP|PCR) \d+%", k) for k in keep)
    assert any(re.fullmatch(r"furcatie klasse I{1,3}", k) for k in keep)
    assert any(re.fullmatch(r"mobiliteit graad I{1,3}", k) for k in keep)
    assert any(re.fullmatch(r"recessie \d mm", k) for k in keep)
    assert any(re.search(r"(stadium|Stage) I{1,3}V?,? (graad|Grade) [ABC]", k) for k in keep)
    assert any(re.fullmatch(r"HbA1c \d+ mmol/mol|HbA1c \d+,\d%", k) for k in keep)
    assert any(re.search(r"ISO \d|\d,\d mm", k) for k in keep)  # interdental brush sizes
    assert any(re.search(r"chloorhexidine 0,\d+%", k) for k in keep)
    assert any(re.fullmatch(r"[TMXC]\d{2,3}( \d+x)?", k) for k in keep)  # treatment codes
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in (corpus.GEBOORTEDATUM, corpus.DATUM, corpus.PATIENTNUMMER, corpus.EMAIL, corpus.ADRES):
        assert categories[category] >= 60, (category, categories[category])
    for category in (corpus.AGB, corpus.INSTELLING, corpus.LOCATIE, corpus.POLISNUMMER, corpus.LEEFTIJD):
        assert categories[category] >= 15, (category, categories[category])
