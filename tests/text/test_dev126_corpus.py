"""Evaluation part dev126 (dental care for labour migrants placed by employment agencies): the committed file is the
generator's output, the generator is seeded, the spans are exact, and every citizen's number, IBAN and card number
passes its own check, computed here by this test's own code (not the generator's helpers)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import corpus_file, dev126_corpus
from tests.text import annotated_parts

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "eval" / "text" / "dev126.jsonl"
DATA = ROOT / "fixtures" / "text" / "dev126_data"

PINNED = {
    "ADRES": 201,
    "AGB": 27,
    "BSN": 155,
    "DATUM": 688,
    "EMAIL": 123,
    "GEBOORTEDATUM": 176,
    "IBAN": 31,
    "INSTELLING": 531,
    "LEEFTIJD": 50,
    "LOCATIE": 288,
    "PATIENTNUMMER": 157,
    "PERSOON": 931,
    "POLISNUMMER": 61,
    "POSTCODE": 132,
    "TELEFOON": 268,
    "URL": 19,
}
KEEP_COUNT = 713


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in COMMITTED.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------------------------------ checks, by this test's hand


def digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def elfproef(n: str) -> bool:
    if len(n) != 9:
        return False
    total = sum(int(n[i]) * (9 - i) for i in range(8)) - int(n[8])
    return total % 11 == 0


def pesel_valid(n: str) -> bool:
    if len(n) != 11:
        return False
    month = int(n[2:4]) % 20
    total = sum(int(a) * b for a, b in zip(n[:10], [1, 3, 7, 9] * 3))
    return 1 <= month <= 12 and (10 - total % 10) % 10 == int(n[10])


def cnp_valid(n: str) -> bool:
    if len(n) != 13 or n[0] not in "125678":
        return False
    rest = sum(int(a) * int(b) for a, b in zip(n[:12], "279146358279")) % 11
    return (1 if rest == 10 else rest) == int(n[12]) and 1 <= int(n[3:5]) <= 12


def egn_valid(n: str) -> bool:
    if len(n) != 10:
        return False
    month = int(n[2:4])
    rest = sum(int(a) * b for a, b in zip(n[:9], (2, 4, 8, 5, 10, 9, 7, 3, 6))) % 11
    return (1 <= month <= 12 or 41 <= month <= 52) and (0 if rest == 10 else rest) == int(n[9])


def lithuanian_valid(n: str) -> bool:
    if len(n) != 11 or n[0] not in "3456":
        return False
    first = sum(int(a) * b for a, b in zip(n[:10], (1, 2, 3, 4, 5, 6, 7, 8, 9, 1))) % 11
    if first == 10:
        first = sum(int(a) * b for a, b in zip(n[:10], (3, 4, 5, 6, 7, 8, 9, 1, 2, 3))) % 11
        first = 0 if first == 10 else first
    return first == int(n[10])


def hungarian_personal_valid(n: str) -> bool:
    if len(n) != 11 or n[0] not in "1234":
        return False
    century = 2000 if n[0] in "34" else 1900
    born = (century + int(n[1:3]), int(n[3:5]), int(n[5:7]))
    weights = range(1, 11) if born < (1997, 1, 1) else range(10, 0, -1)
    rest = sum(int(a) * b for a, b in zip(n[:10], weights)) % 11
    return rest != 10 and rest == int(n[10])


def taj_valid(n: str) -> bool:
    if len(n) != 9:
        return False
    odd = sum(int(n[i]) for i in (0, 2, 4, 6))
    even = sum(int(n[i]) for i in (1, 3, 5, 7))
    return (3 * odd + 7 * even) % 10 == int(n[8])


IBAN_LENGTHS = {"NL": 18, "PL": 28, "RO": 24, "BG": 22, "LT": 20, "HU": 28}


def mod97(iban: str) -> bool:
    s = re.sub(r"[^0-9A-Za-z]", "", iban).upper()
    if s[:2].isdigit() and len(s) == 26:  # a Polish NRB: the IBAN without its PL
        s = "PL" + s
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    value = 0
    for ch in moved:
        value = (value * (100 if ch.isalpha() else 10) + (ord(ch) - 55 if ch.isalpha() else int(ch))) % 97
    return value == 1


# the label nearest before a citizen's number says whose number it is
LABELS = (
    ("PESEL", pesel_valid),
    ("CNP", cnp_valid),
    ("EGN", egn_valid),
    ("ЕГН", egn_valid),
    ("asmens kodas", lithuanian_valid),
    ("a.k.", lithuanian_valid),
    ("Persoonlijke code", lithuanian_valid),
    ("TAJ", taj_valid),
    ("személyi azonosító", hungarian_personal_valid),
    ("szem. az.", hungarian_personal_valid),
    ("BSN", elfproef),
    ("Bsn", elfproef),
    ("burgerservicenummer", elfproef),
    ("sofinr", elfproef),
    ("RNI", elfproef),
)


def label_before(text: str, start: int) -> tuple[str, object] | None:
    window = text[max(0, start - 45) : start].lower()
    best, best_end = None, -1
    for label, check in LABELS:
        at = window.rfind(label.lower())
        if at >= 0 and at + len(label) > best_end:
            best, best_end = (label, check), at + len(label)
    return best


def covered(record: dict, start: int, end: int, category: str) -> bool:
    return any(s["start"] <= start and end <= s["end"] and s["category"] == category for s in record["spans"])


# ------------------------------------------------------------------------------------------ the file and the generator


def test_committed_file_is_the_generators_output(records):
    assert COMMITTED.read_text(encoding="utf-8") == corpus_file.dumps(dev126_corpus.generate())
    assert dev126_corpus.PATH == COMMITTED
    assert len(records) == dev126_corpus.DEFAULT_RECORDS == 240


def test_generator_is_seeded():
    assert dev126_corpus.generate(24, 7) == dev126_corpus.generate(24, 7)
    assert dev126_corpus.generate(24, 7) != dev126_corpus.generate(24, 8)
    assert dev126_corpus.generate(24) == dev126_corpus.generate()[:24]


def test_contract_fields_kinds_and_exact_spans(records):
    assert len(dev126_corpus.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, dev126_corpus.KINDS, 20)
    annotated_parts.assert_spans_exact_and_disjoint(records)
    assert all(r["id"].startswith("dev126-") for r in records)


def test_spans_start_and_end_on_word_boundaries(records):
    def word(c: str) -> bool:
        return c.isalnum() or c == "_"

    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert not (a > 0 and word(text[a - 1]) and word(text[a])), (r["id"], s)
            assert not (b < len(text) and word(text[b]) and word(text[b - 1])), (r["id"], s)


def test_category_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(sorted(counts.items())) == PINNED
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


# ------------------------------------------------------------------------------------------ checksums


def test_every_citizens_number_passes_its_countrys_check(records):
    seen = Counter()
    for r in records:
        for s in r["spans"]:
            if s["category"] != "BSN":
                continue
            n = digits(s["text"])
            found = label_before(r["text"], s["start"])
            assert found is not None, (r["id"], s)
            label, check = found
            assert check(n), (r["id"], label, s["text"])
            seen[check.__name__] += 1
    # every country of the setting is there, and the Dutch BSN most
    assert set(seen) == {
        "elfproef",
        "pesel_valid",
        "cnp_valid",
        "egn_valid",
        "lithuanian_valid",
        "taj_valid",
        "hungarian_personal_valid",
    }
    assert seen["elfproef"] == max(seen.values())


def test_every_dutch_bsn_passes_the_elfproef(records):
    n = 0
    for r in records:
        for s in r["spans"]:
            if (
                s["category"] == "BSN"
                and len(digits(s["text"])) == 9
                and "TAJ" not in r["text"][max(0, s["start"] - 45) : s["start"]]
            ):
                assert elfproef(digits(s["text"])), (r["id"], s)
                assert annotated_parts.bsn_ok(digits(s["text"]))
                n += 1
    assert n >= 50


def test_every_iban_passes_mod97(records):
    countries = Counter()
    for r in records:
        for s in r["spans"]:
            if s["category"] == "IBAN":
                assert mod97(s["text"]), (r["id"], s)
                compact = re.sub(r"[^0-9A-Za-z]", "", s["text"]).upper()
                countries["PL" if compact[:2].isdigit() else compact[:2]] += 1
    assert {"NL", "LT"} <= set(countries) and len(countries) >= 4


def test_ehic_card_numbers_carry_the_issuing_country(records):
    iso = {"616", "642", "100", "440", "348"}
    n = 0
    for r in records:
        for s in r["spans"]:
            if s["category"] == "POLISNUMMER" and len(digits(s["text"])) == 20:
                assert digits(s["text"]).startswith("80") and digits(s["text"])[2:5] in iso, (r["id"], s)
                n += 1
    assert n >= 20


# ------------------------------------------------------------------------------------------ the setting's own identifiers


def test_labelled_foreign_numbers_are_annotated_as_bsn(records):
    """After PESEL/CNP/EGN/asmens kodas/TAJ/személyi azonosító the number that follows is a BSN span."""
    pattern = re.compile(
        r"(PESEL|CNP|EGN|ЕГН|asmens kodas|TAJ(?: szám|-nr)?|személyi azonosító)\)?\s?(?::|nr|=)?\s*(\d[\d -]{7,16}\d)"
    )
    hits = 0
    for r in records:
        for m in pattern.finditer(r["text"]):
            assert covered(r, m.start(2), m.end(2), "BSN"), (r["id"], m.group(0))
            hits += 1
    assert hits >= 60


def test_foreign_phones_are_annotated(records):
    pattern = re.compile(r"(?<![\w+])(?:\+|00)(?:48|40|359|370|36)[\d \u00a0]{7,14}\d(?!\w)")
    hits = 0
    for r in records:
        for m in pattern.finditer(r["text"]):
            assert covered(r, m.start(), m.end(), "TELEFOON"), (r["id"], m.group(0))
            hits += 1
    assert hits >= 20
    texts = [s["text"] for r in records for s in r["spans"] if s["category"] == "TELEFOON"]
    assert any(
        t.startswith("06 ") and t[3:5] in ("20", "30", "70") and len(digits(t)) == 11 for t in texts
    )  # Hungarian 06
    assert any("\u00a0" in t for t in texts)  # WhatsApp export with no-break spaces


def test_agencies_employers_and_housing_are_annotated(records):
    def names(file: str, col: int = 0) -> set[str]:
        rows = [
            ln.split("\t")
            for ln in (DATA / file).read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")
        ]
        return {row[col] for row in rows}

    organisations = names("agencies.tsv") | names("agencies.tsv", 1) | names("employers.tsv") | names("practices.tsv")
    housing = names("housing.tsv")
    found = Counter()
    for r in records:
        text = r["text"]
        for name in organisations:
            for m in re.finditer(re.escape(name) + r"(?![\w-])", text):
                inside = [s for s in r["spans"] if s["start"] <= m.start() and m.end() <= s["end"]]
                assert inside and inside[0]["category"] in ("INSTELLING", "EMAIL", "URL"), (r["id"], name)
                found["org"] += 1
        for name in housing:
            for m in re.finditer(re.escape(name), text):
                assert covered(r, m.start(), m.end(), "LOCATIE"), (r["id"], name)
                found["housing"] += 1
    assert found["org"] >= 300 and found["housing"] >= 20


def test_personnel_numbers_are_patient_numbers(records):
    pattern = re.compile(
        r"(?:[Pp]ersoneelsn(?:umme)?r\.?|[Pp]ers\.nr\.?|Nr pracownika / personeelsnr|Employee (?:no\.|ID)|ID medewerker)\s*[:\t]*\s*([A-Z]{0,2}-?\d{5,7})"
    )
    hits = 0
    for r in records:
        for m in pattern.finditer(r["text"]):
            assert covered(r, m.start(1), m.end(1), "PATIENTNUMMER"), (r["id"], m.group(0))
            hits += 1
    assert hits >= 40


def test_names_in_the_settings_scripts_and_orders(records):
    persons = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    assert any(re.search(r"[А-Яа-я]", p) for p in persons)  # Bulgarian in Cyrillic
    assert any(re.search(r"[ąęłńśźżőűėčšž]", p) for p in persons)  # letters Dutch does not use
    assert any(re.fullmatch(r"[A-ZĄĆĘŁŃÓŚŹŻĂÂÎȘȚÁÉÍÓÖŐÚÜŰ]{3,} \w+", p) for p in persons)  # NOWAK Katarzyna
    assert any(", " in p for p in persons)  # Nowak, Katarzyna
    assert any(p == p.lower() and " " in p for p in persons)  # typed in lower case
    ages = [s["text"] for r in records for s in r["spans"] if s["category"] == "LEEFTIJD"]
    assert any(a.endswith((" lat", " ani", " éves", " metų", " години", " y/o")) for a in ages)


def test_clinical_strings_are_kept(records):
    keep = Counter(k["text"] for r in records for k in r["keep"])
    assert keep["C13"] >= 50 and keep["X10"] >= 50
    assert any(re.fullmatch(r"(ząb|zab|zęba|dintele|dinte|măseaua|tooth|зъб|dantis|danties) \d\d", k) for k in keep)
    assert any(k.startswith("DPSI") for k in keep)
    assert any(re.fullmatch(r"\d+dd", k) for k in keep)
