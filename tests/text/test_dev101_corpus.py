"""The hundred-and-first development part (``eval/text/dev101.jsonl``, families and households): the committed file is
what its generator writes, the draws are seeded, the annotation keeps the contract, and the identifiers pass checks
written here again by a second hand (not the generator's)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev101_corpus
from tests.text import annotated_parts

PER_KIND = 20


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev101_corpus.PATH.read_text(encoding="utf-8").splitlines()]


def test_committed_file_is_the_generator_output(records):
    assert dev101_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(dev101_corpus.generate())
    assert len(records) == dev101_corpus.DEFAULT_RECORDS == 240
    assert dev101_corpus.DEFAULT_SEED == 20270501
    assert dev101_corpus.__doc__.startswith(
        "The hundred-and-first development part (``eval/text/dev101.jsonl``): families and households"
    )


def test_deterministic_and_seeded():
    a = dev101_corpus.generate(36, 20270501)
    assert a == dev101_corpus.generate(36, 20270501)
    assert a != dev101_corpus.generate(36, 20270502)
    # a record is drawn from its own generator: a shorter part is a prefix of the longer one
    assert a[:12] == dev101_corpus.generate(12, 20270501)


def test_contract(records):
    annotated_parts.assert_fields_and_kinds(records, dev101_corpus.KINDS, PER_KIND)
    annotated_parts.assert_spans_exact_and_disjoint(records)
    assert [r["id"] for r in records] == [f"dev101-{i:04d}" for i in range(240)]


def test_spans_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s)


def test_no_markup_left(records):
    for r in records:
        assert not re.search("[\ue000-\ue002]", r["text"])


# ---- checksums by a second hand


def _eleven(digits: str) -> bool:
    if len(digits) != 9:
        return False
    total = 0
    for pos, ch in enumerate(digits):
        weight = 9 - pos if pos < 8 else -1
        total += weight * int(ch)
    return total % 11 == 0


def _iban_valid(raw: str) -> bool:
    compact = "".join(ch for ch in raw if ch.isalnum()).upper()
    length = {"NL": 18, "BE": 16}.get(compact[:2])
    if length != len(compact):
        return False
    rotated = compact[4:] + compact[:4]
    remainder = 0
    for ch in rotated:
        value = str(ord(ch) - ord("A") + 10) if ch.isalpha() else ch
        for digit in value:
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def test_checksums(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(bsns) >= 40 and len(ibans) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert _eleven(digits), b
        assert annotated_parts.bsn_ok(digits)
    for i in ibans:
        assert _iban_valid(i), i
        assert annotated_parts.iban_ok(i, {"NL": 18, "BE": 16})


def test_postcodes_and_phones(records):
    for r in records:
        for s in r["spans"]:
            if s["category"] == "POSTCODE":
                m = re.fullmatch(r"([1-9]\d{3})[ \u00a0]?([A-Za-z]{2})", s["text"])
                assert m and m.group(2).upper() not in ("SA", "SD", "SS"), s
            if s["category"] == "TELEFOON":
                digits = re.sub(r"\D", "", s["text"])
                assert len(digits) in (10, 11, 12, 13), s


# ---- what is particular to this part


def test_counts(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert counts == {
        "PERSOON": 1903,
        "DATUM": 398,
        "GEBOORTEDATUM": 234,
        "PATIENTNUMMER": 229,
        "LEEFTIJD": 189,
        "LOCATIE": 175,
        "INSTELLING": 139,
        "TELEFOON": 131,
        "EMAIL": 85,
        "ADRES": 72,
        "POSTCODE": 66,
        "BSN": 48,
        "POLISNUMMER": 28,
        "IBAN": 25,
        "URL": 14,
        "AGB": 11,
        "UZI": 6,
    }
    assert sum(len(r["keep"]) for r in records) == 734


def test_several_people_per_record(records):
    per = [sum(s["category"] == "PERSOON" for s in r["spans"]) for r in records]
    assert min(per) >= 2
    assert sum(per) / len(per) > 6


def test_name_forms(records):
    names = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    # a married woman's double name with a particle after the hyphen: Jansen-de Vries
    assert any(re.search(r"\w-(de|van|ter|in 't|van der|van den|van 't) [A-Z]", n) for n in names)
    # surname first with the particle last: 'Meulen, Sanne van der'
    assert any(re.fullmatch(r"[A-Z][\w' -]+, \w+ (van|de|ter|in 't|van der|van den|van 't)", n) for n in names)
    # initials, lower case, capitals, staff marks
    assert any(re.match(r"([A-Z]\.){2,} ", n) for n in names)
    assert sum(n == n.lower() and n.isalpha() for n in names) >= 40
    assert any(n == n.upper() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z][a-z]?[A-Z]", n) for n in names)
    # particle capitalised where no given name precedes: 'mevrouw De Vries'
    assert any(re.fullmatch(r"(De|Van|Ter|In 't|Van der|Van den|Van 't) [A-Z]\w+", n) for n in names)
    # titles stay outside the span
    assert not any(re.match(r"(dhr|mw|mevr|hr)\.? ", n, re.I) for n in names)


def test_kinship_and_household_words(records):
    text = "\n".join(r["text"] for r in records).lower()
    for word in ("pleegmoeder", "pleegvader", "adoptieouders", "tweeling", "weduwe van", "geboren", "gehuwd met"):
        assert word in text, word
    for word in ("roepnaam", "gezinspolis", "gezag", "verhuizen", "oma", "opa", "stiefouder"):
        assert word in text, word


def test_clinical_strings_kept(records):
    keep = Counter(k["text"] for r in records for k in r["keep"])
    assert any(k.startswith(("element ", "elem. ", "de ", "kies ", "el. ", "tand ")) for k in keep)
    assert any(k.endswith("-syndroom") or k.startswith(("ziekte van", "syndroom van")) for k in keep)
    assert any(k.startswith("Angle klasse") for k in keep)
    assert {"C002", "M03"} <= set(keep)
    assert any("DPSI" in k for k in keep)


def test_notations(records):
    text = "".join(r["text"] for r in records)
    assert "\u00a0" in text and "\u202f" in text and "\u200b" in text
    phones = [s["text"] for r in records for s in r["spans"] if s["category"] == "TELEFOON"]
    assert any(p.startswith("+32 ") for p in phones) or any(p.startswith("+49 ") for p in phones)
    assert any(p.startswith("+31 (0)") for p in phones)
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert any(i.startswith("nl") for i in ibans)
    ages = [s["text"] for r in records for s in r["spans"] if s["category"] == "LEEFTIJD"]
    assert any(a.isdigit() for a in ages) and any(a.endswith("-jarige") for a in ages)
