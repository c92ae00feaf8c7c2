"""The ninth development part (``eval/text/dev9.jsonl``, spoken and chat text): the committed file is what its
generator writes, every span is exact and disjoint, names carry no titles, numbers pass their checks also when
they are spoken in words, and every text holds several direct identifiers next to clinical strings."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev9_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here, not imported: the digits of a number said one digit at a time ('nul zes een ...') or mixed.
_DIGIT_WORDS = {w: str(i) for i, w in enumerate("nul een twee drie vier vijf zes zeven acht negen".split())}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev9_corpus.generate()


def _digits(spoken: str) -> str:
    out = []
    for token in re.findall(r"[0-9]+|[a-zë]+", spoken.lower()):
        out.append(token if token.isdigit() else _DIGIT_WORDS[token])
    return "".join(out)


def test_committed_file_is_the_generator_output(records):
    assert dev9_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev9_corpus.DEFAULT_RECORDS == 300
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert list(r) == ["id", "kind", "text", "deny", "spans", "keep"]
        assert r["deny"] == []
    kinds = Counter(r["kind"] for r in records)
    assert set(kinds) == set(dev9_corpus.KINDS) and len(dev9_corpus.KINDS) >= 10
    assert all(n == 30 for n in kinds.values())


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_whole_words(records):
    titles = re.compile(r"^(dhr|mevr|mw|mej|dr|drs|mr|ir|prof)\b\.?|^(de heer|meneer|mevrouw|collega|tandarts)\b", re.I)
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            # no span of any category starts or stops inside a word
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not titles.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith("'s"), (r["id"], s)


def test_checksums_written_and_spoken(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.BSN]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.IBAN]
    assert len(bsns) >= 40 and len(ibans) >= 40
    spoken = 0
    for b in bsns:
        digits = _digits(b)
        spoken += digits != re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev9_corpus.bsn_valid(digits), b
    assert spoken >= 15  # BSNs said digit by digit in dictation and voicemail
    for i in ibans:
        assert iban_ok(i, {"NL": 18, "BE": 16}) and dev9_corpus.iban_valid(i), i
    assert not dev9_corpus.bsn_valid("123456788") and dev9_corpus.bsn_valid("123456782")
    assert dev9_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev9_corpus.iban_valid("NL92ABNA0417164300")
    assert dev9_corpus.iban_valid("BE68 5390 0754 7034")


def test_written_phones_and_postcodes_have_their_shape(records):
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.TELEFOON and not re.search(r"[a-z]", s["text"]):
                digits = re.sub(r"^00", "", re.sub(r"\D", "", s["text"].replace("(0)", "")))
                assert len(digits) == 10 or (digits[:2] in ("31", "32") and len(digits) == 11), (r["id"], s)
            if s["category"] == corpus.POSTCODE and not re.search(r"[a-z]{3}|[a-z] [a-z]", s["text"]):
                assert re.fullmatch(r"[1-9]\d{3}( ?[A-Za-z]{2})?", s["text"]), (r["id"], s)
                assert s["text"][-2:].upper() not in ("SA", "SD", "SS"), (r["id"], s)


def test_spoken_numbers_words_and_digits(records):
    """Numbers in words make up a large share of what is said: phones, dates of birth, postcodes, BSNs."""
    number_words = re.compile(r"nul|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|tig")
    worded = Counter(
        s["category"]
        for r in records
        for s in r["spans"]
        if number_words.search(s["text"])
        and s["category"] in (corpus.TELEFOON, corpus.GEBOORTEDATUM, corpus.POSTCODE, corpus.BSN)
    )
    for category in (corpus.TELEFOON, corpus.GEBOORTEDATUM, corpus.POSTCODE, corpus.BSN):
        assert worded[category] >= 15, (category, worded)
    assert dev9_corpus.words(47) == "zevenenveertig" and dev9_corpus.words(23) == "drieëntwintig"
    assert dev9_corpus.year_words(1967) == "negentien zevenenzestig" and dev9_corpus.ordinal(8) == "achtste"


def test_every_text_holds_identifiers_and_clinical_strings(records):
    for r in records:
        direct = sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"])
        assert direct >= 4, r["id"]
        assert r["keep"], r["id"]
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for c in corpus.DIRECT_IDENTIFIERS:
        assert categories[c] >= 40, c
    keep = sum(len(r["keep"]) for r in records)
    assert keep >= 900
