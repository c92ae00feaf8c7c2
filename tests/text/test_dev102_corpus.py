"""The hundred-and-second development part (``eval/text/dev102.jsonl``): the committed file is what its generator
writes, and the part keeps the annotation contract, checked here by a second hand."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import corpus_file, dev102_corpus
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / dev102_corpus.PATH


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in FILE.read_text(encoding="utf-8").splitlines()]


def test_committed_file_is_the_generator_output(records):
    assert FILE.read_text(encoding="utf-8") == corpus_file.dumps(dev102_corpus.generate())
    assert len(records) == 240


def test_deterministic_and_seeded():
    assert dev102_corpus.generate(24, 7) == dev102_corpus.generate(24, 7)
    assert dev102_corpus.generate(24, 7) != dev102_corpus.generate(24, 8)
    assert dev102_corpus.DEFAULT_SEED == 20270502


def test_contract(records):
    assert_fields_and_kinds(records, dev102_corpus.KINDS, 20)
    assert_spans_exact_and_disjoint(records)
    assert [r["id"] for r in records] == [f"dev102-{i:04d}" for i in range(240)]


def test_spans_on_word_bounds(records):
    for r in records:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert not (a > 0 and t[a - 1].isalnum() and t[a].isalnum()), (r["id"], s)
            assert not (b < len(t) and t[b - 1].isalnum() and t[b].isalnum()), (r["id"], s)


def _elfproef(digits: str) -> bool:
    # written again here, not imported: weights 9..2 and -1 on the last digit
    total = 0
    for i, ch in enumerate(digits):
        total += int(ch) * (9 - i if i < 8 else -1)
    return len(digits) == 9 and total % 11 == 0


def _mod97(iban: str) -> bool:
    s = "".join(ch for ch in iban if ch.isalnum()).upper()
    moved = s[4:] + s[:4]
    rest = 0
    for ch in moved:
        rest = (rest * (100 if ch.isalpha() else 10) + (ord(ch) - 55 if ch.isalpha() else int(ch))) % 97
    return rest == 1 and {"NL": 18, "BE": 16, "PL": 28, "BG": 22, "TR": 26}[s[:2]] == len(s)


def test_checksums_by_a_second_hand(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert bsns and ibans
    for b in bsns:
        assert _elfproef(re.sub(r"\D", "", b)), b
    for i in ibans:
        assert _mod97(i), i
    assert {i.replace(" ", "").replace("\u00a0", "")[:2].upper() for i in ibans} >= {"NL", "BE"}


def test_what_is_particular_to_this_part(records):
    cats = Counter(s["category"] for r in records for s in r["spans"])
    for cat in (
        "PERSOON",
        "BSN",
        "TELEFOON",
        "EMAIL",
        "IBAN",
        "ADRES",
        "POSTCODE",
        "LOCATIE",
        "GEBOORTEDATUM",
        "DATUM",
        "LEEFTIJD",
        "PATIENTNUMMER",
        "AGB",
        "UZI",
        "POLISNUMMER",
        "URL",
        "INSTELLING",
    ):
        assert cats[cat] >= 10, cat
    texts = [s["text"] for r in records for s in r["spans"]]
    names = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    # staff marks (initials with particles), surname-first names, names in lower case, non-ASCII letters
    assert any(re.fullmatch(r"[A-Z][a-z]{1,3}[A-Z]", n) for n in names)
    assert any(re.fullmatch(r"[^,]+, [^,]+", n) for n in names)
    assert any(n == n.lower() and " " in n for n in names)
    assert any(not n.isascii() for n in names)
    # notations: no-break spaces in identifiers, foreign phones, glued labels
    assert any("\u00a0" in t for t in texts)
    phones = [s["text"] for r in records for s in r["spans"] if s["category"] == "TELEFOON"]
    assert any(p.startswith(("+48", "+359", "+90", "+212", "+238", "+963", "+252", "0048")) for p in phones)
    assert any("Mobiel:" + s["text"] in r["text"] for r in records for s in r["spans"] if s["category"] == "TELEFOON")
    # every record has personal data; the clinical strings include elements, Vektis codes and classifications
    assert all(r["spans"] for r in records)
    keep = {k["text"] for r in records for k in r["keep"]}
    assert {"Black klasse II", "Angle klasse II", "Miller klasse 2", "Le Fort I", "C11", "R24"} <= keep
    assert any(k.startswith("element ") for k in keep)
    # the month is March 2027 (plus follow-ups in April); the three neighbourhood practices all write
    kinds_per_practice = Counter(
        p for r in records for p in ("Zamenhofdreef", "Schilderswijk", "Delfshaven") if p in r["text"]
    )
    assert all(kinds_per_practice[p] >= 40 for p in ("Zamenhofdreef", "Schilderswijk", "Delfshaven"))
    assert not any("2026" in s["text"] for r in records for s in r["spans"] if s["category"] == "DATUM")
