"""Evaluation part dev118 (name and registration changes at a dental group): the committed file is the generator's
output, the annotations keep the contract, and the identifiers pass their checksums by two hands."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev118_corpus
from tests.text import annotated_parts

PER_KIND = dev118_corpus.DEFAULT_RECORDS // len(dev118_corpus.KINDS)

# pinned for the default seed: a change in the generator shows here first
CATEGORY_COUNTS: dict[str, int] = {
    "ADRES": 175,
    "AGB": 37,
    "BSN": 156,
    "DATUM": 567,
    "EMAIL": 177,
    "GEBOORTEDATUM": 187,
    "IBAN": 37,
    "INSTELLING": 151,
    "KEEP": 350,
    "LEEFTIJD": 49,
    "LOCATIE": 213,
    "PATIENTNUMMER": 245,
    "PERSOON": 1749,
    "POLISNUMMER": 28,
    "POSTCODE": 124,
    "TELEFOON": 208,
    "URL": 52,
    "UZI": 11,
}

LABELS = {
    "dhr",
    "dhr.",
    "mw",
    "mw.",
    "mevr.",
    "mevrouw",
    "meneer",
    "heer",
    "geachte",
    "beste",
    "bsn",
    "bsn:",
    "tel.",
    "geb.",
    "patiëntnr.",
    "patiëntnummer",
    "tandarts",
    "t.a.v.",
    "t.n.v.",
    "moeder",
    "gemeente",
    "locatie",
}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev118_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev118_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_seeded(records):
    assert dev118_corpus.generate(24, 7) == dev118_corpus.generate(24, 7)
    assert dev118_corpus.generate(24, 8) != dev118_corpus.generate(24, 7)
    assert dev118_corpus.generate() == records


def test_fields_kinds_and_spans(records):
    assert len(records) == dev118_corpus.DEFAULT_RECORDS
    assert len(dev118_corpus.KINDS) in (8, 10, 12)
    annotated_parts.assert_fields_and_kinds(records, dev118_corpus.KINDS, PER_KIND)
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s, before, after)


def test_labels_and_titles_outside_spans(records):
    for r in records:
        for s in r["spans"]:
            first = s["text"].split()[0].lower()
            assert first not in LABELS, (r["id"], s)
            if s["category"] == "PERSOON":
                assert not re.match(r"(?i)(dhr|mw|mevr|de heer|mevrouw|meneer)\b", s["text"]), (r["id"], s)


def _bsn_by_hand(digits: str) -> bool:
    """The 11-proef written out: weights 9..2 on the first eight digits, minus the ninth, a multiple of eleven."""
    total = 0
    for i, ch in enumerate(digits[:8]):
        total += (9 - i) * int(ch)
    total -= int(digits[8])
    return len(digits) == 9 and total % 11 == 0


def _iban_by_hand(iban: str) -> bool:
    """Mod-97 digit by digit (ISO 13616): move the first four characters to the end, letters as 10..35."""
    s = "".join(ch for ch in iban if ch.isalnum()).upper()
    if dev118_corpus.IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    remainder = 0
    for ch in s[4:] + s[:4]:
        for d in str(int(ch, 36)):
            remainder = (remainder * 10 + int(d)) % 97
    return remainder == 1


def test_bsn_and_iban_checksums_by_two_hands(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert bsns and ibans
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert annotated_parts.bsn_ok(digits), b
        assert _bsn_by_hand(digits), b
    for i in ibans:
        assert annotated_parts.iban_ok(i, dev118_corpus.IBAN_LENGTHS), i
        assert _iban_by_hand(i), i


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    counts["KEEP"] = sum(len(r["keep"]) for r in records)
    assert dict(sorted(counts.items())) == CATEGORY_COUNTS


def _persons(r: dict) -> list[dict]:
    return sorted((s for s in r["spans"] if s["category"] == "PERSOON"), key=lambda s: s["start"])


def _between(r: dict, a: dict, b: dict) -> str:
    return r["text"][a["end"] : b["start"]]


def _theme_counts(records: list[dict]) -> Counter:
    """The notations of this setting, counted over the part."""
    n: Counter = Counter()
    for r in records:
        text = r["text"]
        persons = _persons(r)
        covered = [False] * len(text)
        for s in r["spans"] + r["keep"]:
            covered[s["start"] : s["end"]] = [True] * (s["end"] - s["start"])
        if len({p["text"] for p in persons}) >= 2:
            n["two names"] += 1
        for a, b in zip(persons, persons[1:]):
            gap = _between(r, a, b)
            if re.fullmatch(r"\s*(?:->|→|>|wordt)\s*", gap) and a["text"] != b["text"]:
                n["old -> new"] += 1
            if gap in (", geb. ", " geb. "):
                n["geb. maiden name"] += 1
            if gap == " e.v. ":
                n["e.v."] += 1
            if gap == " wed. ":
                n["wed."] += 1
        for a, b, c in zip(persons, persons[1:], persons[2:]):
            if _between(r, a, b) in (" (", ' "') and _between(r, b, c) in (") ", '" '):
                n["roepnaam in brackets"] += 1
        for p in persons:
            t = p["text"]
            if re.search(r"\w-(?:(?:van der|van den|van de|van|de|ter|'t|in 't) )?[A-ZÀ-ÞĀ-ſ]", t) and "Tjon" not in t:
                n["double surname"] += 1
            if re.fullmatch(r"[^,]+, \S.*", t):
                n["surname, given"] += 1
            if re.search(r"[\u4e00-\u9fff\u0400-\u04ff]", t):
                n["own script"] += 1
            if t == t.lower() and any(ch.isalpha() for ch in t) and " " in t:
                n["lower case name"] += 1
            words = t.split()
            if len(words) == 2 and words[0] == words[1]:
                n["mononym doubled"] += 1
        seen = [tuple(p["text"].replace(",", "").split()) for p in persons]
        if any(len(x) == 2 and x[::-1] in seen for x in seen):
            n["swapped order"] += 1
        for m in re.finditer(r"geb\. (\S)", text):
            cat = next((s["category"] for s in r["spans"] if s["start"] == m.start(1)), None)
            n[f"geb. {cat}"] += 1
        for m in re.finditer(
            r"(?:geslacht|Geslacht\s+[|;]?\s*)\s*([MVX])\b\W+?(?:->|→|>|wordt|;|\|)?\W*([MVX])\b", text
        ):
            n["gender marker"] += 1
            assert not covered[m.start(1)] and not covered[m.start(2)], (r["id"], m.group(0))
        for m in re.finditer(r"naamgebruik ([EPVN]) ?(?:->|→|>|wordt) ?([EPVN])\b", text):
            n["naamgebruik code"] += 1
            assert not covered[m.start(1)] and not covered[m.start(2)], (r["id"], m.group(0))
    return n


def test_theme_names_old_and_new(records):
    """Old names stand next to new ones in this setting's notations, and each of them is a PERSOON span: a name, an
    arrow and a name; a maiden name after 'geb.' (a PERSOON, where 'geb.' before a date gives a date of birth); the
    older 'e.v.' and 'wed.'; a roepnaam in brackets between given names (or initials) and surname; a double surname
    of naamgebruik; 'Surname, initials particle'; a name in its own script; a name in lower case as written on a
    form; a mononym the register doubled; a given name and surname swapped. Gender markers and naamgebruik codes
    stay outside every span."""
    n = _theme_counts(records)
    assert n["two names"] >= 0.9 * len(records)
    minimum = {
        "old -> new": 100,
        "geb. maiden name": 5,
        "geb. PERSOON": 5,
        "geb. GEBOORTEDATUM": 40,
        "e.v.": 2,
        "wed.": 2,
        "roepnaam in brackets": 5,
        "double surname": 40,
        "surname, given": 60,
        "own script": 3,
        "lower case name": 20,
        "mononym doubled": 2,
        "swapped order": 10,
        "gender marker": 10,
        "naamgebruik code": 10,
    }
    for key, low in minimum.items():
        assert n[key] >= low, (key, n[key], dict(n))
