"""The fortieth development part (``eval/text/dev40.jsonl``, names in all their forms): the committed file is what its
generator writes, ids are unique, every span is exact and disjoint, names carry no title and no ``jr.``/``geb.``,
BSNs pass the 11-proef and IBANs mod-97, and every kind holds its share; the name shapes the brief asked for occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev40_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|geb|e\.v|wed|gesch)\.?\s|^(de heer|mevrouw|tandarts)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev40_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev40_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev40_corpus.DEFAULT_RECORDS == 240
    assert dev40_corpus.DEFAULT_SEED == 20270440
    assert_fields_and_kinds(records, dev40_corpus.KINDS, 240 // len(dev40_corpus.KINDS))
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
                assert not re.search(r"\s(jr|sr)\.?$", s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 150
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev40_corpus.bsn_valid(b), b
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev40_corpus.iban_valid(i), i
    assert dev40_corpus.bsn_valid("123456782") and not dev40_corpus.bsn_valid("123456788")
    assert dev40_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev40_corpus.iban_valid("NL92ABNA0417164300")


def test_name_shapes(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 2000
    assert any(re.fullmatch(r"[A-Z]\.([A-Z]\.)* [\w' ]+-[\w' ]+", n) for n in names)  # married name, hyphenated
    assert any(re.fullmatch(r"\w+(-\w){3,}", n) for n in names)  # spelt with dashes
    assert any(re.fullmatch(r"[A-ZÀ-Ý]{3,}, .+", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[\w-]+, [\w.]+ (van der|van den|de|ter|'t|in 't|el|ben|al|op den)", n) for n in names)
    assert any(n.isupper() and " " in n and re.search(r"\b(VAN|DE|OP|TER)\b", n) for n in names)
    assert any(re.fullmatch(r"(v\.d\.|vd) \w+", n) for n in names)
    assert any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z][a-z]?[A-Z]", n) for n in names)  # staff paraph
    assert any(re.search(r"[łśńışöüğ]", n) for n in names)
    texts = "\n".join(r["text"] for r in records)
    for cue in ("(geb. ", " e.v. ", "(gesch.)", "(wed. ", " jr. ", " sr. ", "Roepnaam: ", "Koninklijk Besluit", "IMG_"):
        assert cue in texts, cue


def test_emails_usernames_and_files(records):
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 200 and all(re.fullmatch(r"[\w.+-]+@[\w.-]+\.[a-z]+", e, re.A) for e in emails)
    by_kind = Counter(r["kind"] for r in records for s in r["spans"] if s["category"] == corpus.DATUM)
    assert by_kind["bestandsnamen"] >= 100
    stamps = [s["text"] for r in records if r["kind"] == "bestandsnamen" for s in r["spans"]]
    assert any(re.fullmatch(r"20\d{6}", t) for t in stamps)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 450
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    direct = sum(categories[c] for c in corpus.DIRECT_IDENTIFIERS)
    assert 12 * len(records) <= direct <= 20 * len(records), direct
    for category in (corpus.PATIENTNUMMER, corpus.GEBOORTEDATUM, corpus.TELEFOON, corpus.ADRES, corpus.POSTCODE):
        assert categories[category] >= 150, (category, categories[category])
