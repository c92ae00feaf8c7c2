"""Evaluation part dev125 (the student clinic of a dental school): the committed file is the generator's output, the
generator is seeded, the records keep the contract, and the setting's own identifiers (student numbers, clinic
numbers, parafen) are annotated. BSNs and IBANs are checked here by this test's own code, not the generator's."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev125_corpus
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev125_corpus.generate()


@pytest.fixture(scope="module")
def committed() -> list[dict]:
    import json

    lines = dev125_corpus.PATH.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_committed_file_is_the_generators_output(records: list[dict]) -> None:
    assert dev125_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_generator_is_seeded() -> None:
    a = dev125_corpus.generate(36, 7)
    assert a == dev125_corpus.generate(36, 7)
    assert a != dev125_corpus.generate(36, 8)
    assert dev125_corpus.generate(24) == dev125_corpus.generate(24, dev125_corpus.DEFAULT_SEED)


def test_contract(committed: list[dict]) -> None:
    assert len(committed) == dev125_corpus.DEFAULT_RECORDS
    assert len(dev125_corpus.KINDS) == 12
    annotated_parts.assert_spans_exact_and_disjoint(committed)
    annotated_parts.assert_fields_and_kinds(committed, dev125_corpus.KINDS, dev125_corpus.DEFAULT_RECORDS // 12)


def test_every_span_is_on_word_boundaries(committed: list[dict]) -> None:
    """No span cuts a word: the characters either side of each edge are not both letters or digits."""
    for r in committed:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not (t[a - 1].isalnum() and t[a].isalnum()), (r["id"], s)
            assert b == len(t) or not (t[b - 1].isalnum() and t[b].isalnum()), (r["id"], s)


def _elfproef(number: str) -> bool:
    digits = [int(ch) for ch in re.sub(r"\D", "", number)]
    if len(digits) != 9:
        return False
    total = sum(d * (9 - i) for i, d in enumerate(digits[:8])) - digits[8]
    return total % 11 == 0


def _mod97(iban: str) -> bool:
    compact = "".join(ch for ch in iban if ch.isalnum()).upper()
    lengths = {"NL": 18, "BE": 16, "DE": 22}
    if lengths.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    remainder = 0
    for ch in rearranged:
        value = str(int(ch, 36))
        for digit in value:
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def test_bsns_pass_the_elfproef(committed: list[dict]) -> None:
    bsns = [s["text"] for r in committed for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) > 20
    assert all(_elfproef(b) for b in bsns), [b for b in bsns if not _elfproef(b)]


def test_ibans_pass_mod97(committed: list[dict]) -> None:
    ibans = [s["text"] for r in committed for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) > 20
    assert all(_mod97(i) for i in ibans), [i for i in ibans if not _mod97(i)]
    assert {i.replace(" ", "")[:2].upper() for i in ibans} >= {"NL", "BE"}


CATEGORY_COUNTS = {
    "PERSOON": 1352,
    "PATIENTNUMMER": 616,
    "DATUM": 439,
    "EMAIL": 192,
    "INSTELLING": 181,
    "TELEFOON": 177,
    "LOCATIE": 85,
    "GEBOORTEDATUM": 80,
    "LEEFTIJD": 67,
    "ADRES": 51,
    "POSTCODE": 51,
    "IBAN": 40,
    "BSN": 36,
    "POLISNUMMER": 23,
    "AGB": 13,
    "UZI": 12,
    "URL": 9,
}


def test_category_counts(committed: list[dict]) -> None:
    counts = Counter(s["category"] for r in committed for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in committed) == KEEP_COUNT


KEEP_COUNT = 643

STUDENT_NUMBER = re.compile(r"(?<![\w@/.])[sS]\d{7}(?!\d)")
CLINIC_LABEL = re.compile(
    r"(?:kaartnr\.?|kaartnummer|kaart|patiëntnr\.?|pt\.nr\.|patiëntnummer|pat\.nr\.?|patnr\.?|ptnr|pnr\.|UMCG-nr"
    r"|reg\.nr\.)[: ]+(\d[\d .]*\d)"
)


def _inside(r: dict, start: int, end: int, *categories: str) -> bool:
    return any(s["start"] <= start and end <= s["end"] and s["category"] in categories for s in r["spans"])


def test_student_numbers_are_annotated(committed: list[dict]) -> None:
    """Every ``s1234567`` in the text lies in a PATIENTNUMMER span (or in the e-mail or link it is part of)."""
    seen = 0
    for r in committed:
        for m in STUDENT_NUMBER.finditer(r["text"]):
            seen += 1
            assert _inside(r, m.start(), m.end(), "PATIENTNUMMER", "EMAIL", "URL"), (r["id"], m.group())
    assert seen > 100
    spans = [s["text"] for r in committed for s in r["spans"] if s["category"] == "PATIENTNUMMER"]
    assert any(re.fullmatch(r"2\d{6}", s) for s in spans)  # ACTA's seven digits
    assert any(re.fullmatch(r"S\d{7}", s) for s in spans) and any(re.fullmatch(r"s\d{7}", s) for s in spans)
    assert any(s.startswith("KN") for s in spans)  # a clinic number glued to its label is one token
    mails = [s["text"] for r in committed for s in r["spans"] if s["category"] == "EMAIL"]
    assert any(re.match(r"s\d{7}@student\.ru\.nl", m) for m in mails)


def test_clinic_numbers_after_their_label_are_annotated(committed: list[dict]) -> None:
    seen = 0
    for r in committed:
        for m in CLINIC_LABEL.finditer(r["text"]):
            seen += 1
            assert _inside(r, m.start(1), m.end(1), "PATIENTNUMMER"), (r["id"], m.group())
    assert seen > 60


def test_parafen_and_portfolio_slips_are_annotated(committed: list[dict]) -> None:
    for r in committed:
        for m in re.finditer(r"[Pp]araaf:? ([A-Za-z]{2,5})\b", r["text"]):
            assert _inside(r, m.start(1), m.end(1), "PERSOON"), (r["id"], m.group())
    portfolio = [r for r in committed if r["kind"] == "portfolio"]
    pseudonyms = [p for p in dev125_corpus.PSEUDONYMS if p[0].isupper()]
    assert pseudonyms  # a pseudonym is not a span
    assert all(s["text"] not in dev125_corpus.PSEUDONYMS for r in portfolio for s in r["spans"])
    assert sum(any(s["category"] == "PERSOON" for s in r["spans"]) for r in portfolio) == len(portfolio)


def test_chairs_are_not_annotated(committed: list[dict]) -> None:
    for r in committed:
        for m in re.finditer(r"\b(?:stoel|unit|box) [A-D]?-?\d+", r["text"]):
            assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], m.group())


def test_clinical_strings_are_kept(committed: list[dict]) -> None:
    keep = Counter(k["text"] for r in committed for k in r["keep"])
    codes = {c for _, c, _, _ in dev125_corpus.Data().treatments}
    assert codes & set(keep) and len(codes & set(keep)) > 15
    assert any(k.startswith("DPSI") for k in keep) and any(k.startswith("element ") for k in keep)
    assert any(re.fullmatch(r"\d,\d", k) for k in keep)  # grades
    for r in committed:
        for s in r["spans"]:
            assert s["text"] not in codes, (r["id"], s)


def test_own_lists() -> None:
    data = dev125_corpus.Data()
    assert sum(len(v) for v in data.given.values()) >= 150
    assert sum(len(v) for v in data.surnames.values()) >= 150
    surnames = [s for v in data.surnames.values() for s in v]
    assert any(s.startswith("van der ") for s in surnames) and any(s.startswith("in 't ") for s in surnames)
