"""The thirty-fourth development part (``eval/text/dev34.jsonl``, patient files moving between practices): the
committed file is what its generator writes, ids are unique, every span is exact and disjoint, names carry no title,
BSNs pass the 11-proef, IBANs mod-97, and every kind holds its share; the notations of file transfers are present
(old and new patient numbers, both practices' AGB codes, list layouts, what is sent)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev34_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|notaris|collega)\s", re.I)
KINSHIP = ("vader", "moeder", "zoon", "dochter", "weduwe", "broer", "zus", "oom", "tante", "notaris")


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev34_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev34_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev34_corpus.DEFAULT_RECORDS == 240
    assert dev34_corpus.DEFAULT_SEED == 20261221
    assert_fields_and_kinds(records, dev34_corpus.KINDS, 240 // len(dev34_corpus.KINDS))
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
                assert not s["text"].lower().startswith(KINSHIP), (r["id"], s)
                assert not s["text"].endswith((",", ":", ";")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 100
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev34_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 10
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev34_corpus.iban_valid(i), i
    assert dev34_corpus.bsn_valid("123456782") and not dev34_corpus.bsn_valid("123456788")
    assert dev34_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev34_corpus.iban_valid("NL92ABNA0417164300")


def test_transfer_notations(records):
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 300
    for shape in (r"P-\d{5}", r"TW\d{5}", r"\d{6}", r"20\d\d-\d{4}", r"PT\d{7}", r"EX-\d{6}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    # both systems' numbers in one record (request, takeover notice, archive, consent form)
    assert sum(len([s for s in r["spans"] if s["category"] == corpus.PATIENTNUMMER]) >= 2 for r in records) >= 100
    agbs = _spans(records, corpus.AGB)
    assert len(agbs) >= 200
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    assert any("." in a for a in agbs) and any("-" in a for a in agbs)
    texts = "\n".join(r["text"] for r in records)
    for marker in (
        "OUD_NR;NIEUW_NR;",
        "Patnr.   Naam",
        "Zorgmail",
        "koerier",
        "KAST ",
        "Label map:",
        "verklaring van erfrecht",
    ):
        assert marker in texts, marker
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 800
    assert any(re.fullmatch(r"[A-Z'ÖİŞ -]+, [A-Z][a-z]+", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z][\w-]+, [A-Z]\. (van|de|ter|in 't|van der|van den|van 't)", n) for n in names)
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ıİşŞğüöçłąęńóśźżć]", n) for n in names)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 700
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.8 * len(records)
    for item in ("OPG", "bitewings", "element 36", "PA 11"):
        assert item in keep, item
    assert any(re.fullmatch(r"[CVXERTMHA]\d\d\d?", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 800,
        corpus.DATUM: 500,
        corpus.GEBOORTEDATUM: 300,
        corpus.INSTELLING: 300,
        corpus.LOCATIE: 200,
        corpus.TELEFOON: 150,
        corpus.EMAIL: 150,
        corpus.ADRES: 150,
        corpus.POSTCODE: 150,
        corpus.LEEFTIJD: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    direct = sum(1 for r in records for s in r["spans"] if s["category"] in corpus.DIRECT_IDENTIFIERS)
    assert 8 <= direct / len(records) <= 25
