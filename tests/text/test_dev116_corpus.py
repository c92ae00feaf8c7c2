"""dev116 (unpaid dental bills and their collection): the committed part is its generator's output, seeded, in
the contract's shape, and its identifiers are the ones its setting writes: BSNs that pass the 11-proef and IBANs
that pass mod 97 (each checked by the shared helper and again here), 16-digit payment references with their check
digit, bank exports, names in the bank's capitals and the administration's sorting form, court and case numbers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev116_corpus as part
from tests.text import annotated_parts

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28}

COUNTS = {
    "ADRES": 298,
    "AGB": 11,
    "BSN": 29,
    "DATUM": 783,
    "EMAIL": 318,
    "GEBOORTEDATUM": 97,
    "IBAN": 317,
    "INSTELLING": 478,
    "LEEFTIJD": 13,
    "LOCATIE": 394,
    "PATIENTNUMMER": 701,
    "PERSOON": 951,
    "POLISNUMMER": 19,
    "POSTCODE": 273,
    "TELEFOON": 311,
    "URL": 61,
}
KEEP_COUNT = 202

TITLES = ("dhr", "mw", "mevr", "mevrouw", "de heer", "heer", "mr", "tandarts", "fam", "hr", "dr", "t.a.v", "ms", "mrs")
LABELS = ("bsn", "tel", "iban", "patiëntnummer", "polis", "agb", "e-mail", "dossier", "kenmerk", "nota", "factuur")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate()


def plain(s: str) -> str:
    """The span as characters a checksum reads: NFKC (fullwidth digits), no separators or invisible marks."""
    return re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", s))


def test_committed_file_is_the_generators_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_seeded(records):
    assert part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED) == records
    assert part.generate(24, part.DEFAULT_SEED + 1) != records[:24]
    assert part.generate(24, part.DEFAULT_SEED) == records[:24]


def test_contract(records):
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))
    annotated_parts.assert_spans_exact_and_disjoint(records)
    assert len(part.KINDS) == 12


def test_spans_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)


def test_titles_and_labels_outside_spans(records):
    for r in records:
        for s in r["spans"]:
            low = s["text"].lower()
            if s["category"] == "PERSOON":
                first = low.split()[0].rstrip(".") if " " in low else ""
                assert first not in TITLES, (r["id"], s)
            assert not any(low.startswith(label + " ") or low.startswith(label + ":") for label in LABELS), s
            assert "€" not in s["text"] and "\n" not in s["text"], (r["id"], s)
            assert not s["text"].endswith((":", ",", ";")), (r["id"], s)


def _bsn_by_hand(digits: str) -> bool:
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:8]))
    return len(digits) == 9 and (total - int(digits[8])) % 11 == 0


def _mod97_by_hand(iban: str) -> int:
    rest = 0
    for ch in iban[4:] + iban[:4]:
        if ch.isdigit():
            rest = (rest * 10 + int(ch)) % 97
        else:
            rest = (rest * 100 + ord(ch.upper()) - ord("A") + 10) % 97
    return rest


def test_bsn_and_iban_checksums_by_two_hands(records):
    bsns = [plain(s["text"]) for r in records for s in r["spans"] if s["category"] == "BSN"]
    ibans = [plain(s["text"]).upper() for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert bsns and ibans
    for b in bsns:
        assert annotated_parts.bsn_ok(b), b
        assert _bsn_by_hand(b), b
    for i in ibans:
        assert annotated_parts.iban_ok(i, IBAN_LENGTHS), i
        assert IBAN_LENGTHS[i[:2]] == len(i) and _mod97_by_hand(i) == 1, i
    assert {i[:2] for i in ibans} == set(IBAN_LENGTHS)


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(sorted(counts.items())) == COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT
    assert all(len(r["spans"]) >= 3 for r in records)


def _kenmerk_ok(digits: str) -> bool:
    """The Dutch 16-digit payment reference: the first digit checks the other fifteen (weights 2, 4, 8, 5, 10, 9,
    7, 3, 6, 1 from the right, 11 minus the remainder; 10 is written 1, 11 is written 0)."""
    weights = [2, 4, 8, 5, 10, 9, 7, 3, 6, 1]
    body = digits[1:][::-1]
    total = sum(int(d) * weights[i % 10] for i, d in enumerate(body))
    check = (11 - total % 11) % 11
    return int(digits[0]) == (1 if check == 10 else check)


def test_theme_notations(records):
    spans = [(r, s) for r in records for s in r["spans"]]
    texts = [r["text"] for r in records]
    numbers = [s["text"] for _, s in spans if s["category"] == "PATIENTNUMMER"]
    # payment references: 16 digits with their check digit, often in groups of four
    refs = [plain(n) for n in numbers if len(plain(n)) == 16 and plain(n).isdigit()]
    assert len(refs) >= 40 and all(_kenmerk_ok(k) for k in refs)
    assert sum(bool(re.fullmatch(r"\d{4}[ .]\d{4}[ .]\d{4}[ .]\d{4}", n)) for n in numbers) >= 15
    # court and case numbers
    assert any(re.fullmatch(r"\d{8} CV EXPL \d\d-\d{4}", n) for n in numbers)
    assert any(re.fullmatch(r"C/\d\d/\d{6} / BR RK \d\d-\d+", n) for n in numbers)
    assert any(re.fullmatch(r"F\.\d\d/\d\d/\d{3}", n) for n in numbers)
    # bank exports: ING's compact dates and Rabobank's ISO dates inside quotes, names in the bank's capitals
    dates = [s["text"] for _, s in spans if s["category"] == "DATUM"]
    assert sum(bool(re.fullmatch(r"20\d{6}", d)) for d in dates) >= 10
    assert sum(bool(re.fullmatch(r"20\d\d-\d\d-\d\d", d)) for d in dates) >= 10
    names = [s["text"] for _, s in spans if s["category"] == "PERSOON"]
    assert sum(n.isupper() and len(n) > 3 for n in names) >= 40
    sorting = r"[A-ZÀ-Žİ][^,]*, (?:[A-Z]\.)+(?: (?:van der|van den|van de|van 't|in 't|van|de|ter|te|den))?"
    assert sum(bool(re.fullmatch(sorting, n)) for n in names) >= 30
    # the engine's notations: no-break and zero-width spaces, fullwidth digits, grouped and lower-case IBANs
    every = "".join(s["text"] for _, s in spans)
    assert "\u00a0" in every and "\u200b" in every and any("０" <= c <= "９" for c in every)
    ibans = [s["text"] for _, s in spans if s["category"] == "IBAN"]
    assert any(i[:2].islower() for i in ibans) and any(i.count(" ") == 4 for i in ibans)
    # company identifiers and amounts stay outside spans; the creditor identifier is written and not annotated
    assert sum("Incassant" in t for t in texts) >= 5 and not any("ZZZ" in s["text"] for _, s in spans)
    # Vektis codes kept, from the setting's list, some with a count
    codes = {row[0] for row in part.VEKTIS}
    kept = [k["text"] for r in records for k in r["keep"]]
    vektis = [k for k in kept if re.fullmatch(r"[A-Z]\d{2,3}(?: \dx)?", k)]
    assert len(vektis) >= 100 and all(k.split()[0] in codes | {"V91", "C11", "C13"} for k in vektis)
    assert any(re.fullmatch(r"[A-Z]\d{2,3} \dx", k) for k in kept)
    assert any(k.startswith(("element ", "kies ", "el. ")) for k in kept)
