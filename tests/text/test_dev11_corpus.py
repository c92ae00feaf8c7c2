"""The eleventh development part (``eval/text/dev11.jsonl``): the committed file is what its generator writes, ids are
unique, every span and clinical string is exact and none overlap, names carry no title or possessive 's, numbers
pass their checks, and the five kinds come in equal shares."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev11_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint, bsn_ok, iban_ok


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev11_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev11_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_ids_and_kinds(records):
    assert len(records) == dev11_corpus.DEFAULT_RECORDS == 240
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert set(r) == {"text", "kind", "id", "deny", "spans", "keep"}
        assert r["deny"] == []
    kinds = Counter(r["kind"] for r in records)
    assert tuple(sorted(kinds)) == tuple(sorted(dev11_corpus.KINDS))
    assert dev11_corpus.KINDS == ("operatieverslag", "telefoonnotitie", "klachtenlog", "overdracht", "whatsapp")
    assert all(n == 48 for n in kinds.values())


def test_spans_and_keep_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_or_possessive(records):
    titles = re.compile(r"^(dhr|mevr|mw|mej|dr|drs|mr|ir|prof)\.|^(de heer|meneer|mevrouw|kaakchirurg)\b", re.I)
    for r in records:
        for s in r["spans"]:
            if s["category"] != corpus.PERSOON:
                continue
            assert not titles.match(s["text"]), (r["id"], s)
            assert not s["text"].endswith("'s"), (r["id"], s)
            end = s["end"]
            assert end == len(r["text"]) or not r["text"][end].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not r["text"][s["start"] - 1].isalnum(), (r["id"], s)


def test_checksums(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.BSN]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.IBAN]
    assert len(bsns) >= 20 and len(ibans) >= 10
    for b in bsns:
        digits = re.sub(r"\D", "", b)  # drops dots, spaces and zero-width spaces; fullwidth digits stay digits
        assert bsn_ok(digits) and dev11_corpus.bsn_valid(digits), b
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev11_corpus.iban_valid(i), i
    assert not dev11_corpus.bsn_valid("123456788") and dev11_corpus.bsn_valid("123456782")
    assert dev11_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev11_corpus.iban_valid("NL92ABNA0417164300")


def test_every_text_has_identifiers_and_clinical_strings(records):
    for r in records:
        direct = [s for s in r["spans"] if s["category"] in corpus.DIRECT_IDENTIFIERS]
        assert len(direct) >= 3, r["id"]
        assert r["keep"], r["id"]
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for c in (
        corpus.PERSOON,
        corpus.TELEFOON,
        corpus.EMAIL,
        corpus.ADRES,
        corpus.POSTCODE,
        corpus.GEBOORTEDATUM,
        corpus.PATIENTNUMMER,
    ):
        assert categories[c] >= 20, c


def test_notations_present(records):
    texts = "".join(r["text"] for r in records)
    for ch in ("\u00a0", "\u202f", "\u200b", "\u00ad"):  # no-break, narrow no-break, zero-width, soft hyphen
        assert ch in texts, repr(ch)
    assert re.search("[\uff10-\uff19]", texts)  # fullwidth digits
