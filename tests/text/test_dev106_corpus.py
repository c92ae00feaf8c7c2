"""Part dev106 (school and youth dental care): the committed file is its generator's output, and the part keeps the
annotation contract, its checksums, its counts and the notations particular to its theme."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus, corpus_file, dev106_corpus
from tests.text import annotated_parts

FORMAT_MARKS = {"nbsp": "\u00a0", "nnbsp": "\u202f", "zwsp": "\u200b", "shy": "\u00ad"}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev106_corpus.generate()


def _digits(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def test_committed_file_is_the_generators_output(records):
    assert dev106_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_deterministic_in_the_seed(records):
    assert dev106_corpus.generate(seed=dev106_corpus.DEFAULT_SEED) == records
    assert dev106_corpus.generate(20, seed=1) == dev106_corpus.generate(20, seed=1)
    assert dev106_corpus.generate(20, seed=1) != dev106_corpus.generate(20, seed=2)


def test_fields_kinds_and_ids(records):
    assert len(records) == dev106_corpus.DEFAULT_RECORDS == 240
    assert len(dev106_corpus.KINDS) == 10
    annotated_parts.assert_fields_and_kinds(records, dev106_corpus.KINDS, 24)
    assert [r["id"] for r in records] == [f"dev106-{i:04d}" for i in range(240)]


def test_spans_exact_disjoint_and_on_word_bounds(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s)


def test_bsns_and_ibans_pass_their_checks_by_two_hands(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.BSN]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.IBAN]
    assert len(bsns) == 25 and len(ibans) == 29
    for b in bsns:
        assert annotated_parts.bsn_ok(_digits(b)) and dev106_corpus.bsn_valid(b), b
    for i in ibans:
        folded = unicodedata.normalize("NFKC", i)
        assert annotated_parts.iban_ok(folded, dev106_corpus.IBAN_LENGTHS) and dev106_corpus.iban_valid(i), i
    assert not dev106_corpus.bsn_valid("123456789") and dev106_corpus.bsn_valid("111222333")
    assert not dev106_corpus.iban_valid("NL00INGB0001234567")


def test_category_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert counts == {
        "PERSOON": 1846,
        "GEBOORTEDATUM": 511,
        "INSTELLING": 416,
        "TELEFOON": 346,
        "DATUM": 298,
        "EMAIL": 167,
        "LOCATIE": 156,
        "ADRES": 105,
        "PATIENTNUMMER": 85,
        "POSTCODE": 75,
        "LEEFTIJD": 52,
        "URL": 47,
        "IBAN": 29,
        "BSN": 25,
        "POLISNUMMER": 20,
        "AGB": 13,
        "UZI": 7,
    }
    assert sum(len(r["keep"]) for r in records) == 497
    direct = sum(counts[c] for c in corpus.DIRECT_IDENTIFIERS)
    assert direct == 3189


def test_issue_17_notations_in_identifiers_only(records):
    """Every notation occurs in identifiers, and no format character or fullwidth digit stands outside a span."""
    seen = Counter()
    for r in records:
        inside = set()
        for s in r["spans"]:
            inside.update(range(s["start"], s["end"]))
            for k, mark in FORMAT_MARKS.items():
                seen[k] += mark in s["text"]
            seen["fullwidth"] += any("\uff10" <= c <= "\uff19" for c in s["text"])
        for i, c in enumerate(r["text"]):
            if c in "\u200b\u00ad\u202f" or "\uff10" <= c <= "\uff19":
                assert i in inside, (r["id"], i)
    assert all(seen[k] >= 15 for k in ("nbsp", "nnbsp", "zwsp", "shy", "fullwidth")), seen
    glued = Counter(
        r["text"][s["start"] - 1]
        for r in records
        for s in r["spans"]
        if s["category"] in (corpus.TELEFOON, corpus.BSN) and s["start"]
    )
    assert glued[":"] >= 20 and glued["-"] >= 3 and glued[","] >= 3, glued


def test_theme_notations(records):
    by_kind: dict[str, list[dict]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).append(r)
    # parents write their slips and children their messages in lower case: those names are gold all the same
    lower = [
        s["text"]
        for r in by_kind["toestemming"] + by_kind["kinderbericht"]
        for s in r["spans"]
        if s["category"] == corpus.PERSOON and s["text"] == s["text"].lower()
    ]
    assert len(lower) >= 100
    # class lists: "Achternaam, Voornaam" (also "Meer, Noor van der") and nicknames in brackets
    rev = [
        s for r in by_kind["klassenlijst"] for s in r["spans"] if s["category"] == corpus.PERSOON and ", " in s["text"]
    ]
    assert len(rev) >= 80
    nick = [
        s
        for r in by_kind["klassenlijst"] + by_kind["bitjes"]
        for s in r["spans"]
        if s["category"] == corpus.PERSOON and r["text"][s["start"] - 1] in '("' and r["text"][s["end"]] in ')"'
    ]
    assert len(nick) >= 5
    # staff marks closing a note are names
    marks = [s for r in records for s in r["spans"] if re.fullmatch(r"[A-ZÀ-Ž][a-z]{0,3}[A-ZÀ-Ž]", s["text"])]
    assert len(marks) >= 60 and all(m["category"] == corpus.PERSOON for m in marks)
    # schools, clubs, practices and youth health services are institutions
    for r in by_kind["klassenlijst"]:
        assert r["spans"][0]["category"] == corpus.INSTELLING
    # the clinical strings of the theme survive as keep strings, outside every span
    keep = Counter(k["text"].split()[0] for r in records for k in r["keep"])
    for word in ("Angle", "overjet", "IOTN", "CFSS-DS", "MDAS", "element", "de", "V30", "M40", "C002"):
        assert keep[word] > 0, word
    assert any(k["text"].startswith("Frankl") for r in records for k in r["keep"])
    # the date in brackets after a screened child's name is its date of birth, not a plain date
    births = [
        s
        for r in by_kind["orthoscreening"]
        for s in r["spans"]
        if r["text"][s["start"] - 1] == "(" and r["text"][s["end"] : s["end"] + 2] == "):"
    ]
    assert len(births) >= 40 and all(s["category"] == corpus.GEBOORTEDATUM for s in births)
