"""Evaluation part dev121 (clinical research at a university dental clinic): the committed file is what the
generator writes, the generator is seeded, the spans are exact, disjoint and on word boundaries, BSNs and IBANs pass
their checks (computed here, not by the generator), the category counts are pinned, and the setting's own
identifiers (study, screening, randomisation, kit and biobank numbers, record numbers, names on forms) are
annotated wherever they occur."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev121_corpus
from tests.text import annotated_parts

ZERO_WIDTH = "\u200b"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev121_corpus.PATH.read_text(encoding="utf-8").splitlines()]


def test_committed_file_is_the_generators_output(records):
    assert corpus_file.dumps(dev121_corpus.generate()) == dev121_corpus.PATH.read_text(encoding="utf-8")
    assert len(records) == dev121_corpus.DEFAULT_RECORDS == 240


def test_generator_is_seeded():
    a = dev121_corpus.generate(36, 7)
    assert a == dev121_corpus.generate(36, 7)
    assert a != dev121_corpus.generate(36, 8)
    assert [r["text"] for r in dev121_corpus.generate(24)] == [r["text"] for r in dev121_corpus.generate()[:24]]


def test_contract_checks(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    assert len(dev121_corpus.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, dev121_corpus.KINDS, 20)
    assert [r["id"] for r in records] == [f"dev121-{i:04d}" for i in range(1, 241)]


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not (text[a - 1].isalnum() and text[a].isalnum()), (r["id"], s)
            assert b == len(text) or not (text[b - 1].isalnum() and text[b].isalnum()), (r["id"], s)


def _elf_proef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = 0
    for position, ch in enumerate(digits):
        weight = 9 - position if position < 8 else -1
        total += weight * int(ch)
    return total % 11 == 0


IBAN_LENGTH = {"NL": 18, "BE": 16, "DE": 22}


def _mod97(iban: str) -> bool:
    compact = "".join(ch for ch in iban if ch.isalnum()).upper()
    if IBAN_LENGTH.get(compact[:2]) != len(compact):
        return False
    moved = compact[4:] + compact[:4]
    remainder = 0
    for ch in moved:
        value = str(ord(ch) - ord("A") + 10) if ch.isalpha() else ch
        for digit in value:
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def test_every_bsn_passes_the_elf_proef(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for text in bsns:
        assert _elf_proef(re.sub(r"\D", "", text)), text


def test_every_iban_passes_mod97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert ibans
    assert {re.sub(r"[^A-Za-z]", "", t)[:2].upper() for t in ibans} == {"NL", "BE", "DE"}
    for text in ibans:
        assert _mod97(text), text


def test_checks_reject_broken_numbers():
    assert _elf_proef("111222333") and not _elf_proef("111222334")
    assert _mod97("NL91 ABNA 0417 1643 00") and not _mod97("NL91 ABNA 0417 1643 01")


EXPECTED_KEEP = 395
EXPECTED_COUNTS = {
    "ADRES": 102,
    "AGB": 11,
    "BSN": 42,
    "DATUM": 853,
    "EMAIL": 220,
    "GEBOORTEDATUM": 203,
    "IBAN": 30,
    "INSTELLING": 230,
    "LEEFTIJD": 70,
    "LOCATIE": 213,
    "PATIENTNUMMER": 1100,
    "PERSOON": 1175,
    "POSTCODE": 102,
    "TELEFOON": 202,
    "URL": 20,
    "UZI": 10,
}


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == EXPECTED_COUNTS
    assert sum(len(r["keep"]) for r in records) == EXPECTED_KEEP


def _visible(text: str) -> tuple[str, list[int]]:
    """The text without zero-width spaces, and for each of its characters the offset in the original."""
    kept = [i for i, ch in enumerate(text) if ch != ZERO_WIDTH]
    return "".join(text[i] for i in kept), kept


def _covered_by(r: dict, start: int, end: int, category: str) -> bool:
    return any(s["start"] <= start and end <= s["end"] and s["category"] == category for s in r["spans"])


THEME_NUMBERS = [
    # study subject numbers of the trial and the cohort, in the notations staff type
    re.compile(r"(?i)(?<![\w])PRD[-_ ]?\d{2,3}[-_ /]\d{2,4}"),
    re.compile(r"(?i)(?<![\w])IMPC[- ]?\d{2,4}(?![\d])"),
    # screening numbers
    re.compile(r"(?i)(?<![\w])(?:SCR-?\d{3}-\d{3}|S\d{3}-\d{3}|IMPC-S-?\d{3}|S-\d{3})(?![\d])"),
    # randomisation numbers
    re.compile(r"(?<![\w])(?:R|RND)-?\d{4}(?![\d])"),
    # biobank tube barcodes and LIMS numbers
    re.compile(r"(?<![\w])F[XR]\d{8}(?![\d])"),
    re.compile(r"(?<![\w])BB\d{2}-\d{6}(?![\d])"),
    # compact sample IDs
    re.compile(r"(?<![\w])\d{7}(?:SAL|PLQ|GCF|SER)\d(?![\w])"),
]

LABELLED = [
    # a short participant number after the words staff use for it ('Visit #4', 'report #1' are not)
    (
        re.compile(r"(?:\bpp\.? |\bproefpersoon |\bdeelnemer |(?<!Visit )(?<!report )#)(\d{1,4})(?![\d-])"),
        "PATIENTNUMMER",
    ),
    # record numbers, kit and randomisation numbers after their labels
    (
        re.compile(
            r"(?:EPD-nr|EPD|patnr\.|MRN|ACTZ-nr|dossiernr\.|patiëntnr\.|Uw dossiernummer:|Uw patiëntnummer:)\s*:?\s*(\d{3}[ -]?\d{4})(?!\d)"
        ),
        "PATIENTNUMMER",
    ),
    (re.compile(r"(?:[Kk]it(?: no\.)?|Kitnummer:|kit)\s*:?\s*K?-?(\d{5})(?!\d)"), "PATIENTNUMMER"),
    (re.compile(r"(?:Rand\.nr|Randomisatienr\.|randomisation no\.)\s*:?\s*(\d{4})(?!\d)"), "PATIENTNUMMER"),
    (re.compile(r"(?:BIG-nr\.|BIG-nummer:|BIG-registratie|BIG no\.|BIG:?|UZI-nr\.)\s*(\d{9,11})(?!\d)"), "UZI"),
    (re.compile(r"AGB (\d{2}-?\d{6})(?!\d)"), "AGB"),
    (re.compile(r"(?:geb\.jaar|Geb\.jaar|Geboortejaar|Year of birth|YOB)\s*:?\s*(\d{4})(?!\d)"), "GEBOORTEDATUM"),
]

NAME_FIELDS = re.compile(
    r"(?m)(?:Naam proefpersoon|Naam deelnemer|Naam getuige|Name of participant|Name of investigator|Naam onderzoeker|"
    r"Interpreter present|Tolk|Initialen|Initials|Init\. pp)\s*:\s*(?:(?:[Pp]rof\.|[Dd]r\.|drs\.|mr\.)\s*)*"
)


def test_theme_identifiers_are_annotated(records):
    seen = Counter()
    for r in records:
        visible, where = _visible(r["text"])
        for pattern in THEME_NUMBERS:
            for m in pattern.finditer(visible):
                start, end = where[m.start()], where[m.end() - 1] + 1
                assert _covered_by(r, start, end, "PATIENTNUMMER"), (r["id"], m.group())
                seen[pattern.pattern] += 1
        for pattern, category in LABELLED:
            for m in pattern.finditer(visible):
                start, end = where[m.start(1)], where[m.end(1) - 1] + 1
                assert _covered_by(r, start, end, category), (r["id"], m.group())
                seen[category] += 1
        for m in NAME_FIELDS.finditer(r["text"]):
            assert any(s["start"] == m.end() and s["category"] == "PERSOON" for s in r["spans"]), (r["id"], m.group())
            seen["name field"] += 1
    assert all(seen[p.pattern] > 0 for p in THEME_NUMBERS), seen
    assert seen["UZI"] and seen["AGB"] and seen["GEBOORTEDATUM"] and seen["name field"] > 50, seen


def test_every_kind_names_a_participant_number(records):
    for r in records:
        cats = Counter(s["category"] for s in r["spans"])
        assert cats["PATIENTNUMMER"] or cats["PERSOON"], r["id"]
    by_kind = Counter(r["kind"] for r in records if any(s["category"] == "PATIENTNUMMER" for s in r["spans"]))
    # recruitment letters mostly go out before anyone has a study number
    assert all(by_kind[k] >= 10 for k in dev121_corpus.KINDS if k != "wervingsbrief"), by_kind


def test_clinical_strings_are_kept_not_annotated(records):
    keep = Counter(k["text"] for r in records for k in r["keep"])
    assert any(t.startswith("DPSI") for t in keep)
    assert any("amoxicilline 500 mg" in t for t in keep)
    assert any(t.startswith(("element ", "el. ", "regio ")) for t in keep)
    for r in records:
        for s in r["spans"]:
            # a paraph may read 'PD'; a measurement with its number never is a span
            assert not re.fullmatch(r"(?:DPSI|PD|PPD|BoP|PCR)\b.*\d.*", s["text"]), (r["id"], s)
