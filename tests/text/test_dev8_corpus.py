"""The eighth development part (``eval/text/dev8.jsonl``): the committed file is what its generator writes, every
span is exact and disjoint, names are annotated without titles or a possessive 's, numbers pass their checks."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev8_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint, bsn_ok, iban_ok


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev8_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev8_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev8_corpus.DEFAULT_RECORDS == 300
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert set(r) == {"text", "kind", "id", "deny", "spans", "keep"}
        assert r["deny"] == []
    kinds = Counter(r["kind"] for r in records)
    assert set(kinds) == set(dev8_corpus.KINDS)
    assert all(n == 30 for n in kinds.values())


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_or_possessive(records):
    titles = re.compile(r"^(dhr|mevr|mw|mej|dr|drs|mr|ir|prof)\.|^(de heer|meneer|mevrouw)\b", re.I)
    for r in records:
        for s in r["spans"]:
            if s["category"] != corpus.PERSOON:
                continue
            assert not titles.match(s["text"]), (r["id"], s)
            assert not s["text"].endswith("'s"), (r["id"], s)
            # a name never stops in the middle of a word
            end = s["end"]
            assert end == len(r["text"]) or not r["text"][end].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not r["text"][s["start"] - 1].isalnum(), (r["id"], s)


def test_checksums(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.BSN]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.IBAN]
    assert len(bsns) >= 20 and len(ibans) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev8_corpus.bsn_valid(digits), b
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev8_corpus.iban_valid(i), i
    assert not dev8_corpus.bsn_valid("123456788") and dev8_corpus.bsn_valid("123456782")
    assert dev8_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev8_corpus.iban_valid("NL92ABNA0417164300")


def test_more_clinical_strings_than_direct_identifiers(records):
    direct = sum(s["category"] in corpus.DIRECT_IDENTIFIERS for r in records for s in r["spans"])
    keep = sum(len(r["keep"]) for r in records)
    assert keep >= direct
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for c in (corpus.PERSOON, corpus.TELEFOON, corpus.EMAIL, corpus.ADRES, corpus.POSTCODE, corpus.GEBOORTEDATUM):
        assert categories[c] >= 20, c
    assert categories[corpus.PATIENTNUMMER] >= 20
