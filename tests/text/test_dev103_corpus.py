"""The hundred-and-third development part (hospital dentistry): the committed file is its generator's output, and
what is particular to it holds (its kinds, notations, identifiers that pass their checks by a second hand)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import dev103_corpus as part
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import (
    assert_fields_and_kinds,
    assert_spans_exact_and_disjoint,
    bsn_ok,
    iban_ok,
)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate()


def test_committed_file_is_the_generator_output(records):
    assert part.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded():
    assert part.generate(30, 7) == part.generate(30, 7)
    assert part.generate(30, 7) != part.generate(30, 8)
    assert part.DEFAULT_SEED == 20270503 and part.DEFAULT_RECORDS == 240


def test_fields_kinds_and_ids(records):
    assert len(records) == 240
    assert_fields_and_kinds(records, part.KINDS, 24)
    assert [r["id"] for r in records] == [f"dev103-{i:04d}" for i in range(240)]


def test_spans_exact_disjoint_and_on_word_bounds(records):
    assert_spans_exact_and_disjoint(records)
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not (before.isalnum() and text[s["start"]].isalnum()), (r["id"], s)
            assert not (after.isalnum() and text[s["end"] - 1].isalnum()), (r["id"], s)


def _digits(s: str) -> str:
    fullwidth = {chr(0xFF10 + i): str(i) for i in range(10)}
    return "".join(fullwidth.get(c, c) for c in s if c.isdigit() or c in fullwidth)


def _eleven(number: str) -> bool:
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return len(number) == 9 and sum(int(a) * b for a, b in zip(number, weights)) % 11 == 0


def test_bsns_pass_the_eleven_check_twice(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for b in bsns:
        digits = _digits(b)
        assert _eleven(digits) and bsn_ok(digits), b


def test_ibans_pass_mod97_twice(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 24
    for value in ibans:
        compact = re.sub(r"[^0-9A-Za-z]", "", value.translate({ord(chr(0xFF10 + i)): str(i) for i in range(10)}))
        compact = compact.upper()
        moved = compact[4:] + compact[:4]
        assert int("".join(str(int(c, 36)) for c in moved)) % 97 == 1, value
        assert iban_ok(compact, {"NL": 18, "BE": 16}), value
    assert any(v[:2].upper() == "BE" for v in ibans)  # a Belgian account among the Dutch ones


def test_categories_and_counts(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    for cat in ("PERSOON", "PATIENTNUMMER", "DATUM", "GEBOORTEDATUM", "TELEFOON", "INSTELLING", "LOCATIE"):
        assert counts[cat] >= 30, (cat, counts)
    for cat in ("BSN", "IBAN", "EMAIL", "ADRES", "POSTCODE", "LEEFTIJD", "AGB", "UZI", "POLISNUMMER", "URL"):
        assert counts[cat] >= 1, (cat, counts)
    assert sum(len(r["keep"]) for r in records) >= 900


def test_every_text_names_a_person_and_keeps_clinical_strings(records):
    for r in records:
        assert any(s["category"] == "PERSOON" for s in r["spans"]), r["id"]
        assert r["keep"], r["id"]


def test_hix_lines_and_mdo_carry_patient_numbers(records):
    for r in records:
        if r["kind"] in ("hix_regels", "mdo_notulen"):
            assert any(s["category"] == "PATIENTNUMMER" for s in r["spans"]), r["id"]
        if r["kind"] == "prothese_claim":
            assert any(s["category"] == "IBAN" for s in r["spans"]), r["id"]


def test_notations_present(records):
    spans = [s["text"] for r in records for s in r["spans"]]
    for mark in ("\u00a0", "\u202f", "\u200b"):
        assert any(mark in s for s in spans), repr(mark)
    assert any(any(0xFF10 <= ord(c) <= 0xFF19 for c in s) for s in spans)
    persons = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    assert any(p.islower() for p in persons)  # names typed in lower case
    assert any(re.fullmatch(r"[A-Z][a-z]?[A-Z]+", p) for p in persons)  # staff marks
    assert any(", " in p for p in persons)  # surname first


def test_clinical_strings_hold_no_identifier(records):
    for r in records:
        for k in r["keep"]:
            assert not re.search(r"\d{7,}", k["text"]), (r["id"], k)
