"""The twenty-fifth development part (``eval/text/dev25.jsonl``, patients in their own words): the committed file is
what its generator writes, ids are unique, every span is exact and disjoint, names carry no title, BSNs pass the
11-proef, IBANs mod-97, every kind holds its share, and the notations the part is about are there: lower-case and
capitalised names, nicknames and handles, emoji, abbreviations, dialect, odd separators in numbers."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev25_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|buurvrouw|opa|oma)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev25_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev25_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev25_corpus.DEFAULT_RECORDS == 240
    assert dev25_corpus.DEFAULT_SEED == 20261225
    assert_fields_and_kinds(records, dev25_corpus.KINDS, 240 // len(dev25_corpus.KINDS))
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
                assert not s["text"].startswith("@") and not s["text"].endswith((",", ".", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev25_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .-]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev25_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans) and any("." in i for i in ibans)
    assert dev25_corpus.bsn_valid("123456782") and not dev25_corpus.bsn_valid("123456788")
    assert dev25_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev25_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_dates_and_postcodes_in_odd_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[4:] if digits.startswith("0031") else digits[2:] if p.startswith("+31") else digits[1:]
        assert len(national) == 9 and national[0] != "0", p
    for shape in (r"06\d{8}", r"\+31\d{9}", r"0\d\.\d{3}\.\d{3}\.\d\d", r"\(06\) \d{8}", r"06 - \d{4} \d{4}"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    dates = _spans(records, corpus.GEBOORTEDATUM) + _spans(records, corpus.DATUM)
    for shape in (r"\d{8}", r"\d{1,2}-\d{1,2}-'\d\d", r"\d{1,2}\.\d{1,2}\.\d{4}", r"\d{1,2} [a-z]{3} \d{4}"):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4}[a-z]{2}", p) for p in postcodes)
    assert any(re.search(r"\d( bis|-III| hs|-2|[aBc])$", a) for a in _spans(records, corpus.ADRES))


def test_patients_write_like_patients(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 900
    assert any(n.islower() and " " in n for n in names) and any(n.isupper() and len(n) > 3 for n in names)
    assert any(re.search(r"[ışçöüğłąęóńśźż]", n) for n in names)
    assert any(" van " in f" {n.lower()} " or " op den " in n.lower() or " el " in f" {n.lower()} " for n in names)
    assert any(n in ("mo", "gosia", "dima", "jw", "nita", "tini", "memo", "fati") for n in names)  # nicknames
    assert any("_" in n for n in names)  # social-media handles
    texts = "\n".join(r["text"] for r in records)
    for word in ("mvg", "gr ", "tel ", "pls", "thnx", "🤬", "😊", "houdoe", "tige tank", "ich", "wollah", "lol"):
        assert word in texts, word
    assert len(_spans(records, corpus.EMAIL)) >= 150 and all("@" in e for e in _spans(records, corpus.EMAIL))


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"(element|elem|kies|tand) [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"[A-Za-z]+ \d+ ?(mg|mcg)", k) for k in keep)
    assert any(re.fullmatch(r"[CEVXMRHAT]\d\d\d?", k) for k in keep)
    direct = [sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"]) for r in records]
    assert min(len(r["spans"]) for r in records) >= 8 and min(direct) >= 5
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 900,
        corpus.TELEFOON: 200,
        corpus.DATUM: 200,
        corpus.INSTELLING: 150,
        corpus.EMAIL: 150,
        corpus.GEBOORTEDATUM: 100,
        corpus.ADRES: 100,
        corpus.POSTCODE: 100,
        corpus.PATIENTNUMMER: 100,
        corpus.LOCATIE: 100,
        corpus.LEEFTIJD: 50,
        corpus.POLISNUMMER: 40,
        corpus.URL: 40,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
