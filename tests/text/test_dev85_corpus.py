"""The eighty-fifth development part (``eval/text/dev85.jsonl``, machine messages between a dental group's systems):
the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds,
names carry no title, BSNs pass the 11-proef and IBANs mod-97, every kind holds clinical strings, and the messages
are what they say they are (HL7 segments, FHIR JSON that parses, EDIFACT and fixed records, url-encoded SMS texts)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev85_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16}
TITLES = re.compile(r"^(dhr|mevr|mw|dr)\.?\s|^(de heer|meneer|mevrouw)\b", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _kind(records: list[dict], kind: str) -> list[dict]:
    return [r for r in records if r["kind"] == kind]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev85_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev85_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev85_corpus.generate(24) == records[:24]
    other = dev85_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev85_corpus.DEFAULT_RECORDS == 240
    assert dev85_corpus.DEFAULT_SEED == 20270485
    assert len(dev85_corpus.KINDS) >= 8 and 240 % len(dev85_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev85_corpus.KINDS, 240 // len(dev85_corpus.KINDS))
    assert all(r["id"] == f"dev85-{i:04d}" for i, r in enumerate(records))


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
                assert not re.search(r"[|^&~:\"<>]", s["text"]), (r["id"], s)  # no separator inside


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 100
    for b in bsns:
        assert bsn_ok(b) and dev85_corpus.bsn_valid(b), b
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev85_corpus.iban_valid(i), i
    assert any(" " in i for i in ibans) and any(i.startswith("NL") and " " not in i for i in ibans)
    assert dev85_corpus.bsn_valid("123456782") and not dev85_corpus.bsn_valid("123456788")
    assert dev85_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev85_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    for shape in (r"06\d{8}", r"06-\d{8}", r"\+316\d{8}", r"316\d{8}", r"0031\d{9}", r"0\d{1,3}( \d\d){3,4}"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(re.fullmatch(r"[1-9]\d{3}[ -]?[A-Za-z]{2}", p) for p in postcodes)
    assert {p[4] for p in postcodes if len(p) == 7} >= {" ", "-"} and any(p.islower() for p in postcodes if len(p) == 6)
    births = _spans(records, corpus.GEBOORTEDATUM)
    for shape in (r"\d{8}", r"\d{4}-\d\d-\d\d", r"\d\d-\d\d-\d{4}", r"\d{6}"):
        assert any(re.fullmatch(shape, b) for b in births), shape
    dates = _spans(records, corpus.DATUM)
    assert any(re.fullmatch(r"\d{14}([+-]\d{4})?", x) for x in dates)  # HL7 time stamps, one token
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)?", x) for x in dates)  # ISO time stamps
    assert any(re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}", x) for x in dates)  # syslog
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))
    assert all("@" in e for e in _spans(records, corpus.EMAIL))


def test_messages_are_well_formed(records):
    for r in _kind(records, "hl7_adt") + _kind(records, "hl7_oru"):
        assert "MSH|^~\\&|" in r["text"] and "PID|1||" in r["text"], r["id"]
        numbers = [s for s in r["spans"] if s["category"] == corpus.PATIENTNUMMER]
        assert numbers and r["text"][numbers[0]["end"] : numbers[0]["end"] + 3] == "^^^", r["id"]
    parsed = 0
    for r in _kind(records, "fhir_json") + _kind(records, "boeking_webhook"):
        text = r["text"]
        body = text[text.index("{") :] if not text.startswith("{") else text
        data = json.loads(body)
        parsed += 1
        assert data.get("resourceType") or data.get("event"), r["id"]
    assert parsed == 40
    for r in _kind(records, "declaratie"):
        lines = r["text"].splitlines()
        assert lines[0].startswith(("UNB+", "01 ")) and lines[-1].startswith(("UNZ+", "99 ")), r["id"]
    encoded = [r for r in _kind(records, "sms_rapport") if "/sms/dlr?" in r["text"]]
    assert encoded
    for r in encoded:
        for line in r["text"].splitlines():
            assert " " not in line.split("&text=")[1].rsplit(" ", 1)[0], (r["id"], line)


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(
        re.fullmatch(r"([A-Z]\.)+ (van der|van den|van 't|in 't|op den|van|de|ter) [A-Z][\w-]+", n) for n in names
    )
    assert any(re.fullmatch(r"[A-Z][\w' -]+, ([A-Z]\.)+( [a-z' ]+)?", n) for n in names)
    assert any(
        n in ("van der", "van den", "van 't", "in 't", "op den", "ter", "de", "van") for n in names
    )  # own component
    assert any(n.isupper() and len(n) > 3 for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[a-z]\.?[a-z]+", n) for n in names)  # login names
    assert any(re.search(r"[a-z]-(van |de |van der )?[A-Z]", n) for n in names)  # married double names
    assert any(re.search(r"[ąćęłńóśźżığüşçöÇŞ]", n) for n in names)
    for word in ("Mei", "Roos", "Storm", "Post", "Veld", "Kroon", "Winter"):
        assert any(re.search(rf"\b{word}\b", n, re.I) for n in names), word


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 30, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.AGB, corpus.URL, corpus.POLISNUMMER):
        assert categories[category] >= 20, category
    assert 3000 <= sum(categories.values()) <= 6000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert 700 <= len(keep) <= 1700
    assert all(len(r["keep"]) >= 2 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev85_corpus.KINDS) and all(n >= 40 for n in per_kind.values()), per_kind
    assert any(re.fullmatch(r"element \d\d", k) for k in keep) and any(re.fullmatch(r"[A-Z]\d\d\d?", k) for k in keep)
    assert any(re.fullmatch(r"[a-z]+ \d+(,\d+)? mg( \w+)?", k) for k in keep)
    assert (
        sum(k.startswith(("Kennedy", "Angle", "Miller", "Black", "ASA", "Pell-Gregory", "Ellis")) for k in keep) >= 20
    )
