"""Evaluation part dev128 (a charity dental foundation's files): the committed file is the generator's output, the
generator is seeded, the spans are exact, disjoint and on word boundaries, BSNs and IBANs pass their checks (computed
here, not by the generator), the counts are pinned, and the foundation's own numbers and names are annotated."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev128_corpus
from tests.text import annotated_parts

PER_KIND = dev128_corpus.DEFAULT_RECORDS // len(dev128_corpus.KINDS)

COUNTS = {
    "PERSOON": 1312,
    "BSN": 46,
    "TELEFOON": 207,
    "EMAIL": 143,
    "IBAN": 81,
    "ADRES": 162,
    "POSTCODE": 148,
    "LOCATIE": 471,
    "GEBOORTEDATUM": 76,
    "DATUM": 386,
    "LEEFTIJD": 142,
    "PATIENTNUMMER": 321,
    "AGB": 24,
    "UZI": 6,
    "POLISNUMMER": 12,
    "URL": 59,
    "INSTELLING": 795,
}
KEEP_COUNT = 1502

IBAN_LENGTHS = {"NL": 18, "DE": 22, "PL": 28, "RO": 24, "BG": 22, "UA": 29, "BE": 16}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev128_corpus.PATH.read_text(encoding="utf-8").splitlines()]


def test_committed_file_is_the_generators_output(records):
    generated = dev128_corpus.generate()
    assert corpus_file.dumps(generated) == dev128_corpus.PATH.read_text(encoding="utf-8")
    assert len(records) == dev128_corpus.DEFAULT_RECORDS


def test_generator_is_seeded():
    a = dev128_corpus.generate(24, 7)
    assert a == dev128_corpus.generate(24, 7)
    assert a != dev128_corpus.generate(24, 8)
    assert dev128_corpus.generate(24) == dev128_corpus.generate()[:24]


def test_contract_checks(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, dev128_corpus.KINDS, PER_KIND)
    assert len(dev128_corpus.KINDS) == 12


def test_spans_start_and_end_on_word_boundaries(records):
    for r in records:
        t = r["text"]
        for s in r["spans"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not (t[a - 1].isalnum() and t[a].isalnum()), (r["id"], s)
            assert b == len(t) or not (t[b - 1].isalnum() and t[b].isalnum()), (r["id"], s)


def _digits(s: str) -> str:
    """Every digit of any script as ASCII (fullwidth, Arabic-Indic, Persian), separators dropped."""
    return "".join(str(unicodedata.digit(c)) for c in s if c.isdigit())


def _elf_proef(number: str) -> bool:
    if len(number) != 9:
        return False
    total = sum(int(number[i]) * (9 - i) for i in range(8)) - int(number[8])
    return total % 11 == 0


def _mod97(iban: str) -> bool:
    s = "".join(c for c in unicodedata.normalize("NFKC", iban) if c.isalnum()).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rotated = s[4:] + s[:4]
    value = 0
    for c in rotated:
        value = (value * (100 if c.isalpha() else 10) + (ord(c) - 55 if c.isalpha() else int(c))) % 97
    return value == 1


def test_every_bsn_passes_the_elf_proef(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 40
    for text in bsns:
        assert _elf_proef(_digits(text)), text


def test_every_iban_passes_mod_97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 60
    for text in ibans:
        assert _mod97(text), text
    countries = {re.sub(r"[^A-Za-z]", "", t)[:2].upper() for t in ibans}
    assert "NL" in countries and len(countries) >= 2


def test_category_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


def _covered(r: dict, start: int, end: int, category: str) -> bool:
    return any(s["category"] == category and s["start"] <= start and end <= s["end"] for s in r["spans"])


# The foundation's dossier numbers in every retyping (prefixed forms), the municipality's case numbers, the debt
# counsellor's, administrator's, social team's and probation's dossier numbers: all PATIENTNUMMER.
THEME_NUMBERS = (
    r"\bTNS[- ]?20\d\d[-/]?\d{4}\b",
    r"\bMVI[- ]?\d\d[/-]\d{1,3}\b",
    r"\bGZL[-. ]?20\d\d[.-]\d{4}\b",
    r"\bTB[- ]?\d\d[- ]\d{4}\b",
    r"\bLW[/ -]20\d\d[/-]\d{1,3}\b",
    r"\bGIN[/ ]?\d\d\.?\d{4}\b",
    r"\bZ-20\d\d-\d{6}\b",
    r"\bBB/20\d\d/\d{5}\b",
    r"\bZ/\d\d/\d{6}\b",
    r"\bINK-\d\d-\d{5}\b",
    r"\b20\d\d-BB-\d{6}\b",
    r"\bSHV-\d\d-\d{4}\b",
    r"\bKB\d{6}\b",
    r"\bBW-\d{3,4}\b",
    r"\bWT-20\d\d-\d{4}\b",
    r"\bEX-\d{6}\b",
)


def test_the_themes_numbers_are_annotated(records):
    found = Counter()
    for r in records:
        for pattern in THEME_NUMBERS:
            for m in re.finditer(pattern, r["text"], flags=re.IGNORECASE):
                assert _covered(r, m.start(), m.end(), "PATIENTNUMMER"), (r["id"], m.group())
                found[pattern] += 1
        for m in re.finditer(
            r"(?:betalingskenmerk|V-nummer|V-number is|klantnummer|zaaknummer) (\S+(?: \d{4}){0,3})",
            r["text"],
            flags=re.IGNORECASE,
        ):
            assert _covered(r, m.start(1), m.start(1) + len(m.group(1).rstrip(".,)")), "PATIENTNUMMER"), (
                r["id"],
                m.group(),
            )
    for pattern in THEME_NUMBERS[:6]:  # every foundation's style is there
        assert found[pattern] >= 3, pattern
    assert sum(found.values()) >= 150


def test_the_themes_names_are_annotated(records):
    foundations = [
        row.split("\t")[0]
        for row in (dev128_corpus.DATA / "foundations.tsv").read_text(encoding="utf-8").splitlines()
        if row and not row.startswith("#")
    ]
    practices = [
        row.split("\t")[1]
        for row in (dev128_corpus.DATA / "practices.tsv").read_text(encoding="utf-8").splitlines()
        if row and not row.startswith("#")
    ]
    prisons = list(dev128_corpus.PRISONS.values())
    seen = Counter()
    for r in records:
        for group, names in (("foundation", foundations), ("practice", practices), ("prison", prisons)):
            for nm in names:
                for m in re.finditer(re.escape(nm), r["text"]):
                    assert _covered(r, m.start(), m.end(), "INSTELLING"), (r["id"], nm)
                    seen[group] += 1
        for m in re.finditer(r"\b(?i:gemeente) (?=[A-Z])", r["text"]):
            if _covered(r, m.start(), m.end(), "INSTELLING"):  # 'Diaconie Protestantse Gemeente Wijhe'
                continue
            assert any(s["start"] == m.end() and s["category"] == "LOCATIE" for s in r["spans"]), (
                r["id"],
                r["text"][m.start() : m.end() + 20],
            )
    assert seen["foundation"] >= 100 and seen["practice"] >= 100 and seen["prison"] >= 5


def test_clinical_strings_are_kept(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert any(re.fullmatch(r"[CXAHVERTMP]\d{2,3}", k) for k in keep)
    assert any(k.startswith("DPSI") for k in keep)
    assert any(re.search(r"\d+ ?mg", k) for k in keep)
    assert any(k.startswith("element ") for k in keep)
    for r in records:  # no clinical string is inside a gold span
        for k in r["keep"]:
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"]), (r["id"], k)


def test_notations_the_setting_brings(records):
    spans = [s for r in records for s in r["spans"]]
    texts = [s["text"] for s in spans]
    assert any("\u00a0" in t or "\u202f" in t for t in texts)  # copied from a PDF
    assert any(
        any("\u0660" <= c <= "\u0669" or "\u06f0" <= c <= "\u06f9" for c in t) for t in texts
    )  # Arabic/Persian keyboards
    assert any(s["category"] == "PERSOON" and s["text"].islower() for s in spans)  # chats, web forms
    assert any(s["category"] == "PERSOON" and s["text"].isupper() for s in spans)  # payment descriptions
    assert any(s["category"] == "LEEFTIJD" and s["text"].isdigit() for s in spans)  # 'mevrouw K. (58)'
