"""The eighty-third development part (``eval/text/dev83.jsonl``, a fortnight at a dental group in Friesland,
Groningen and Drenthe): the committed file is what its generator writes, ids are unique, every span is exact, disjoint
and on word bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97, every kind holds clinical strings,
and the north shows: Frisian and Gronings place names, Frisian streets, patients quoted in their own language."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev83_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|fam|drs)\.?\s|^(de heer|meneer|mevrouw|tandarts|collega)\b", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev83_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev83_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev83_corpus.generate(24) == records[:24]
    other = dev83_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev83_corpus.DEFAULT_RECORDS == 240
    assert dev83_corpus.DEFAULT_SEED == 20270483
    assert len(dev83_corpus.KINDS) >= 12 and 240 % len(dev83_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev83_corpus.KINDS, 240 // len(dev83_corpus.KINDS))
    assert all(r["id"] == f"dev83-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].startswith("@") and not s["text"].endswith((",", ":", ".,")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 15
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev83_corpus.bsn_valid(digits), b
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev83_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    assert dev83_corpus.bsn_valid("123456782") and not dev83_corpus.bsn_valid("123456788")
    assert dev83_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev83_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("0031"):
            assert len(digits) == 13, p
        elif p.startswith("+31"):
            assert len(digits.replace("310", "31", 1) if "(0)" in p else digits) == 11, p
        elif p.startswith(("0", "(0")) and not p.startswith("00"):
            assert len(digits) == 10, p
    for shape in (
        r"06-\d{8}",
        r"\+31\d{9}",
        r"0031 6 \d{8}",
        r"\(05\d\d\) \d{6}",
        r"058-\d{7}",
        r"06\.\d\d\.\d\d\.\d\d\.\d\d",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3}[ -]?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert all(7700 <= int(p[:4]) <= 9999 for p in postcodes)  # the three northern provinces only
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"PN-\d{6}", r"pn\d{6}", r"PN \d{6}", r"\d{6}", r"\d{3} \d{3}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))
    assert all(re.fullmatch(r"\d{9}", u) for u in _spans(records, corpus.UZI))


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(re.fullmatch(r"([A-Z]\.)+ (van der|van 't|in 't|van|de|ter|ten) [A-Z][\w-]+", n) for n in names)
    assert any(re.fullmatch(r"[A-Z][\w' -]+, ([A-Z]\.)+ (van der|van 't|in 't|van|de|ter|ten)", n) for n in names)
    assert any(re.search(r"[a-z]-(van |de |van der )?[A-Z]", n) for n in names)
    assert any(re.fullmatch(r"[A-Z' -]+, [A-Z][a-zé]+", n) for n in names) and any(
        n.islower() and " " in n for n in names
    )
    assert any(re.search(r"[ąćęłńóśźżığüşçöÉéâû]", n) for n in names)
    for word in ("Sjoerd", "Wytske", "Jeltje", "Hylke", "Tjitske", "Hoekstra", "Dijkstra", "Wiersma", "Bouma"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word


def test_the_north(records):
    places = Counter(_spans(records, corpus.LOCATIE))
    for local in ("Ljouwert", "Snits", "Hoogezaand"):
        assert places[local] >= 3, local
    for town in ("Leeuwarden", "Sneek", "Drachten", "Hoogezand", "Assen", "Emmen"):
        assert places[town] >= 3, town
    streets = _spans(records, corpus.ADRES)
    assert sum(bool(re.search(r"strjitte|Buorren|wei\b|dyk\b|Feart|ein\b", s)) for s in streets) >= 15
    texts = " ".join(r["text"] for r in records)
    for phrase in ("Tige tank", "Ik ha sa'n pine", "Moi!", "Dank joe wel", "Dank oe wel"):
        assert phrase in texts, phrase
    institutions = Counter(_spans(records, corpus.INSTELLING))
    assert institutions["Noarderljocht Mondzorg"] >= 20
    assert sum(n for i, n in institutions.items() if i in {p.name for p in dev83_corpus.PRACTICES}) >= 150
    dates = _spans(records, corpus.DATUM)
    assert (
        sum("november" in d or re.search(r"\b1[0-9]-11\b|\b2[01]-11\b|\b1[0-9]/11\b", d) is not None for d in dates)
        >= 200
    )  # the fortnight


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 15, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.AGB, corpus.URL):
        assert categories[category] >= 10, category
    assert 3000 <= sum(categories.values()) <= 6000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert 700 <= len(keep) <= 1600
    assert all(len(r["keep"]) >= 2 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev83_corpus.KINDS) and all(n >= 30 for n in per_kind.values()), per_kind
    assert sum(k.startswith(("Kennedy", "Angle", "Miller", "Black", "M. ", "Sjögren")) for k in keep) >= 20
    assert any(re.fullmatch(r"element \d\d", k) for k in keep) and any(
        re.fullmatch(r"[A-Z]\d\d( 2x)?", k) for k in keep
    )
