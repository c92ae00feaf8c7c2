"""The twelfth development part (``eval/text/dev12.jsonl``, dictation): the committed file is what its generator
writes, ids are unique, every span is exact and disjoint, names carry no title, spoken BSNs pass the 11-proef and
spoken IBANs mod-97, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev12_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Dutch number words 0..99, written out here rather than taken from the generator, so the checks are independent.
_UNITS = (
    "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
    "zeventien achttien negentien"
).split()
_TENS = "twintig dertig veertig vijftig zestig zeventig tachtig negentig".split()


def _words() -> dict[str, int]:
    out = {w: n for n, w in enumerate(_UNITS)}
    for i, tens in enumerate(_TENS):
        base = 20 + 10 * i
        out[tens] = base
        for u in range(1, 10):
            unit = _UNITS[u]
            out[unit + ("ën" if unit.endswith("e") else "en") + tens] = base + u
    return out


_WORDS = _words()


def _digits(spoken: str) -> str:
    """The digits (and letters) a spoken or written number says: 'nul zes 12 vierendertig' -> '061234'."""
    out = []
    for token in re.split(r"[\s.\-]+", spoken):
        if not token:
            continue
        low = token.lower()
        if low.isdigit():
            out.append(low)
        elif low in _WORDS:
            n = _WORDS[low]
            out.append(f"{n:02d}" if n >= 10 else str(n))
        else:
            out.append(token.upper())
    return "".join(out)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev12_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev12_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev12_corpus.DEFAULT_RECORDS == 240
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert set(r) == {"text", "kind", "id", "deny", "spans", "keep"}
        assert r["deny"] == []
    kinds = Counter(r["kind"] for r in records)
    assert set(kinds) == set(dev12_corpus.KINDS) and len(kinds) >= 10
    assert all(n == 20 for n in kinds.values())


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    titles = re.compile(r"^(dhr|mevr|mw|dr|drs)\.|^(de heer|meneer|mevrouw|patiënte?|tandarts|dokter)\b", re.I)
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not titles.match(s["text"]), (r["id"], s)


def test_checksums_of_spoken_numbers(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.BSN]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.IBAN]
    phones = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.TELEFOON]
    assert len(bsns) >= 20 and len(ibans) >= 20
    for b in bsns:
        digits = _digits(b)
        assert bsn_ok(digits) and dev12_corpus.bsn_valid(digits), b
        assert digits == dev12_corpus.spoken_digits(b)
    for i in ibans:
        compact = _digits(i)
        assert iban_ok(compact, {"NL": 18}) and dev12_corpus.iban_valid(compact), i
    for p in phones:
        assert re.fullmatch(r"0\d{9}", _digits(p)), p
    # some in words, some half in digits, some in digits
    assert any(not re.search(r"\d", b) for b in bsns) and any(re.fullmatch(r"[\d.]+", b) for b in bsns)
    assert any(re.search(r"\d", p) and re.search(r"[a-z]", p) for p in phones)
    assert not dev12_corpus.bsn_valid("123456788") and dev12_corpus.bsn_valid("123456782")
    assert dev12_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev12_corpus.iban_valid("NL92ABNA0417164300")


def test_number_words():
    assert dev12_corpus.word(36) == "zesendertig" and dev12_corpus.word(62) == "tweeënzestig"
    assert dev12_corpus.word(500) == "vijfhonderd" and dev12_corpus.ordinal(3) == "derde"
    assert dev12_corpus.ordinal(21) == "eenentwintigste"
    assert all(_WORDS[dev12_corpus.word(n)] == n for n in range(100))


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 900
    # clinical strings in words and in digits both
    assert any(re.fullmatch(r"(element|kies|tand|de) [a-zë]+", k, re.I) for k in keep)
    assert any(re.fullmatch(r"(element|kies|tand|de) \d\d", k, re.I) for k in keep)
    assert any("milligram" in k for k in keep) and any(k.lower().startswith("dpsi") for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for c in (
        corpus.PERSOON,
        corpus.TELEFOON,
        corpus.ADRES,
        corpus.POSTCODE,
        corpus.GEBOORTEDATUM,
        corpus.PATIENTNUMMER,
        corpus.AGB,
        corpus.EMAIL,
    ):
        assert categories[c] >= 20, c
