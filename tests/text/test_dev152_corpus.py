"""Evaluation part dev152 (data migration of a dental group's patient records): the committed file is the generator's
output, the records follow the shared contract, and the part's own identifiers are annotated wherever they occur."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import dev152_corpus as part
from fixtures.text.corpus_file import dumps
from tests.text import annotated_parts

ROOT = Path(__file__).resolve().parents[2]
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}

CATEGORY_COUNTS = {
    "ADRES": 237,
    "AGB": 25,
    "BSN": 205,
    "DATUM": 311,
    "EMAIL": 140,
    "GEBOORTEDATUM": 367,
    "IBAN": 87,
    "INSTELLING": 198,
    "LEEFTIJD": 41,
    "LOCATIE": 213,
    "PATIENTNUMMER": 787,
    "PERSOON": 1031,
    "POLISNUMMER": 81,
    "POSTCODE": 279,
    "TELEFOON": 227,
    "URL": 8,
    "UZI": 12,
}
KEEP_COUNT = 473


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


@pytest.fixture(scope="module")
def committed() -> list[dict]:
    text = (ROOT / part.PATH).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def digits_of(s: str) -> str:
    """ASCII digits of a value typed with fullwidth digits, spaces, dots, dashes or invisible characters."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if ch in "0123456789")


def my_elfproef(number: str) -> bool:
    """The BSN 11-proef, written here again: weights 9..2 and -1; eight digits are a BSN without its leading zero."""
    if len(number) == 8:
        number = "0" + number
    if len(number) != 9:
        return False
    total = sum(int(ch) * w for ch, w in zip(number, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0 and number != "000000000"


def my_mod97(value: str) -> bool:
    s = re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", value)).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    remainder = 0
    for ch in rearranged:
        for digit in str(int(ch, 36)):
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def covered(r: dict, start: int, end: int, categories: tuple[str, ...]) -> bool:
    return any(s["start"] <= start and end <= s["end"] and s["category"] in categories for s in r["spans"])


def test_committed_file_is_the_generators_output(records):
    assert (ROOT / part.PATH).read_text(encoding="utf-8") == dumps(records)


def test_seeded_and_prefix_stable(records):
    assert part.generate(36, part.DEFAULT_SEED) == records[:36]
    assert part.generate(5, part.DEFAULT_SEED + 1) != records[:5]
    assert part.generate(12, part.DEFAULT_SEED) == part.generate(12, part.DEFAULT_SEED)


def test_shared_contract(committed):
    annotated_parts.assert_spans_exact_and_disjoint(committed)
    annotated_parts.assert_fields_and_kinds(committed, part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))
    assert len(part.KINDS) in (8, 10, 12)


def test_spans_on_word_boundaries(committed):
    for r in committed:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum(), (r["id"], s, before)
            assert not after.isalnum(), (r["id"], s, after)


def test_every_bsn_passes_the_elfproef(committed):
    n = 0
    for r in committed:
        for s in r["spans"]:
            if s["category"] == "BSN":
                digits = digits_of(s["text"])
                assert my_elfproef(digits), (r["id"], s)
                assert annotated_parts.bsn_ok(digits.zfill(9)), (r["id"], s)
                n += 1
    assert n > 150


def test_every_iban_passes_mod97(committed):
    n = 0
    for r in committed:
        for s in r["spans"]:
            if s["category"] == "IBAN":
                assert my_mod97(s["text"]), (r["id"], s)
                assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", s["text"]), IBAN_LENGTHS), (r["id"], s)
                n += 1
    assert n > 40


def test_category_and_keep_counts_pinned(committed):
    counts = Counter(s["category"] for r in committed for s in r["spans"])
    assert dict(sorted(counts.items())) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in committed) == KEEP_COUNT


# The part's own identifiers: the old system's patient numbers (000123 / 12345), the new system's (DF-123456), and the
# values a record's spans name, are annotated at every place they occur in that record.
NEW_NR = re.compile(r"(?<![\w-])DF-\d{6}(?!\w)")
EMAIL_LIKE = re.compile(r"[\w.+-]+@@?[\w-]+(?:(?:\.\.?|,(?=(?:com|nl|be|de)\b))[\w-]+)*")


def test_new_patient_numbers_annotated_everywhere(committed):
    seen = 0
    for r in committed:
        for m in NEW_NR.finditer(r["text"]):
            assert covered(r, m.start(), m.end(), ("PATIENTNUMMER", "URL")), (r["id"], m.group())
            seen += 1
    assert seen > 100


def test_identifier_values_annotated_wherever_they_recur(committed):
    for r in committed:
        text = r["text"]
        for s in r["spans"]:
            if s["category"] not in ("PATIENTNUMMER", "BSN", "EMAIL", "IBAN", "TELEFOON", "POLISNUMMER"):
                continue
            value = s["text"]
            for m in re.finditer(r"(?<![\w@.-])" + re.escape(value) + r"(?![\w@-])", text):
                assert any(o["start"] <= m.start() and m.end() <= o["end"] for o in r["spans"]), (r["id"], value)


def test_email_like_strings_annotated(committed):
    for r in committed:
        for m in EMAIL_LIKE.finditer(r["text"]):
            assert covered(r, m.start(), m.end(), ("EMAIL",)), (r["id"], m.group())


def test_patient_number_labels_followed_by_a_span(committed):
    label = re.compile(r"(?:patnr|pat_id|rec|bronrecord|oude kaart)[\s=:'(]{1,3}(\d[\d-]*\d|DF-\d+)")
    n = 0
    for r in committed:
        for m in label.finditer(r["text"]):
            assert covered(r, m.start(1), m.end(1), ("PATIENTNUMMER",)), (r["id"], m.group())
            n += 1
    assert n > 50


def test_clinical_strings_kept_and_never_inside_a_span(committed):
    clinical = set(part.lists().all_clinical())
    n = 0
    for r in committed:
        for k in r["keep"]:
            assert k["text"] in clinical, (r["id"], k)
        for term in clinical:
            for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", r["text"]):
                assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], term)
                assert any(k["start"] == m.start() and k["end"] == m.end() for k in r["keep"]), (r["id"], term)
                n += 1
    assert n > 300


def test_notations_present(committed):
    inside = Counter()
    for r in committed:
        for s in r["spans"]:
            t = s["text"]
            cat = s["category"]
            inside["nbsp"] += "\u00a0" in t
            inside["narrow_nbsp"] += "\u202f" in t
            inside["zwsp"] += "\u200b" in t
            inside["soft_hyphen"] += "\u00ad" in t
            inside["fullwidth"] += any("\uff10" <= ch <= "\uff19" for ch in t)
            inside["mojibake"] += cat == "PERSOON" and ("Ã" in t or "Ä" in t or "Å" in t)
            inside["foreign_phone"] += cat == "TELEFOON" and t.startswith(
                ("+32", "+49", "+90", "+212", "+597", "+48", "+86")
            )
            inside["bsn8"] += cat == "BSN" and len(digits_of(t)) == 8
            inside["iban_lower"] += cat == "IBAN" and t[:2].islower()
            inside["iban_foreign"] += cat == "IBAN" and t[:2] in ("BE", "DE")
            inside["pc_lower"] += cat == "POSTCODE" and bool(re.fullmatch(r"\d{4} ?[a-z]{2}", t))
            inside["pc_invalid"] += cat == "POSTCODE" and not re.fullmatch(r"\d{4}[\s\u00a0-]*[A-Za-z]{2}|\d{4,5}", t)
            inside["date_compact"] += cat in ("DATUM", "GEBOORTEDATUM") and bool(re.fullmatch(r"\d{8}", t))
            inside["date_month_name"] += cat in ("DATUM", "GEBOORTEDATUM") and bool(re.search(r"[a-z]{3}", t))
            inside["name_upper"] += cat == "PERSOON" and t.isupper() and len(t) > 3
            inside["name_lower"] += cat == "PERSOON" and t.islower() and " " in t
            inside["name_surname_first"] += cat == "PERSOON" and ", " in t
            inside["url"] += cat == "URL"
            inside["uzi"] += cat == "UZI"
            inside["agb"] += cat == "AGB"
            inside["age"] += cat == "LEEFTIJD"
    for what, n in inside.items():
        assert n >= 3, (what, n)
    texts = [r["text"] for r in committed]
    glued = sum(bool(re.search(r"[:;=,|\"'(]\d{5,}", t)) for t in texts)
    assert glued > 20
    assert any("1000MG" in t for t in texts)
