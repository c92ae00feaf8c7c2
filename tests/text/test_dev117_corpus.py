"""The dev117 evaluation part (dental care for deaf, hard-of-hearing, blind and partially sighted patients): the
committed file is the generator's output, the annotation holds the contract, and the notations of this setting
(braille proof lines, dictated e-mail addresses and numbers, fingerspelled names, WhatsApp exports, large-print
typesetting) are annotated as the module docstring decides."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev117_corpus as part
from tests.text import annotated_parts

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate()


def spans(records: list[dict], category: str | None = None) -> list[dict]:
    return [s for r in records for s in r["spans"] if category is None or s["category"] == category]


def test_committed_file_is_the_generator_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_seeded():
    assert part.generate(24, seed=7) == part.generate(24, seed=7)
    assert part.generate(24, seed=7) != part.generate(24, seed=8)
    assert part.generate() == part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


def test_contract_fields_kinds_and_spans(records):
    assert len(records) == part.DEFAULT_RECORDS == 240
    assert len(part.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, 20)
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_and_keep_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] > 0 else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s, before, after)


TITLES = re.compile(
    r"^(dhr|mw|mevr|mevrouw|meneer|de heer|tandarts|tolk|juf|meester|instructeur|assistente|partner|moeder|"
    r"dochter|beste|dear|hi|hoi|hallo|dr)\b\.?\s",
    re.IGNORECASE,
)
LABELS = re.compile(r"^[\w -]+:")


def test_titles_and_labels_outside_spans(records):
    for s in spans(records, "PERSOON"):
        assert not TITLES.match(s["text"]), s
        assert not LABELS.match(s["text"]), s
        assert not s["text"].endswith((":", ",")), s
    for s in spans(records):
        assert not re.match(
            r"(?i)(bsn|tel|telefoon|mobiel|e-mail|iban|agb|uzi|polisnr|klantnr|pnr|nrtg)\b", s["text"]
        ), s
    # a name's particle and initials stay inside
    assert any(
        re.match(r"^([A-Z]\.)+ (van|de|ter|in 't|van 't|van der|van den) ", s["text"])
        for s in spans(records, "PERSOON")
    )


def _bsn_by_hand(digits: str) -> bool:
    """11-proef written out: weights 9..2 and -1 on the last digit."""
    total = 0
    for position, char in enumerate(digits):
        weight = 9 - position if position < 8 else -1
        total += weight * int(char)
    return len(digits) == 9 and total % 11 == 0


def _iban_by_hand(iban: str) -> bool:
    """Mod-97 computed piecewise over the rearranged string, letters as 10..35."""
    compact = "".join(c for c in iban.upper() if c.isalnum())
    if IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    remainder = 0
    for char in compact[4:] + compact[:4]:
        value = ord(char) - ord("A") + 10 if char.isalpha() else int(char)
        remainder = (remainder * (100 if value >= 10 else 10) + value) % 97
    return remainder == 1


def test_bsn_and_iban_checksums_by_two_hands(records):
    bsns = spans(records, "BSN")
    ibans = spans(records, "IBAN")
    assert bsns and ibans
    for s in bsns:
        digits = re.sub(r"\D", "", s["text"])
        assert annotated_parts.bsn_ok(digits), s
        assert _bsn_by_hand(digits), s
    for s in ibans:
        assert annotated_parts.iban_ok(s["text"], IBAN_LENGTHS), s
        assert _iban_by_hand(s["text"]), s
    assert {re.sub(r"\W", "", s["text"])[:2].upper() for s in ibans} >= {"NL"}


CATEGORY_COUNTS = {
    "ADRES": 167,
    "AGB": 12,
    "BSN": 26,
    "DATUM": 552,
    "EMAIL": 245,
    "GEBOORTEDATUM": 128,
    "IBAN": 21,
    "INSTELLING": 403,
    "LEEFTIJD": 53,
    "LOCATIE": 237,
    "PATIENTNUMMER": 280,
    "PERSOON": 1140,
    "POLISNUMMER": 26,
    "POSTCODE": 147,
    "TELEFOON": 215,
    "URL": 17,
    "UZI": 2,
}
KEEP_COUNT = 394


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for s in spans(records))
    assert dict(sorted(counts.items())) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT
    per_record = [len(r["spans"]) for r in records]
    assert sum(n >= 3 for n in per_record) >= 0.9 * len(records)


BRAILLE = re.compile(r"^[\u2800-\u28ff ]+$")


def test_theme_notations(records):
    every = spans(records)
    # braille proof lines: names, addresses, postcodes and places in braille cells are annotated as such
    braille = [s for s in every if BRAILLE.match(s["text"])]
    assert {s["category"] for s in braille} >= {"PERSOON", "ADRES", "POSTCODE", "LOCATIE"}
    titles = {part.braille("Mevrouw"), part.braille("Meneer")}
    for r in records:
        for m in re.finditer(r"[\u2801-\u28ff]+", r["text"]):
            inside = any(s["start"] <= m.start() and m.end() <= s["end"] for s in r["spans"])
            assert inside or m.group() in titles, (r["id"], m.group())
    # dictated e-mail addresses, phone numbers and dates of birth
    spoken_mail = [s for s in spans(records, "EMAIL") if " apenstaartje " in s["text"].lower()]
    assert len(spoken_mail) >= 5 and all("@" not in s["text"] for s in spoken_mail)
    spoken_phone = [s for s in spans(records, "TELEFOON") if s["text"].lower().startswith("nul zes")]
    assert len(spoken_phone) >= 5
    spoken_birth = [s for s in spans(records, "GEBOORTEDATUM") if re.search(r"(?i)negentien|tweeduizend", s["text"])]
    assert len(spoken_birth) >= 5
    # fingerspelled names and the spelling alphabet
    assert any(re.fullmatch(r"[A-Z](-[A-Z])+", s["text"]) for s in spans(records, "PERSOON"))
    assert any(" van " in s["text"] and re.match(r"[A-Z] van [A-Z]", s["text"]) for s in spans(records, "PERSOON"))
    # large print: no-break spaces and soft hyphens belong to the span they sit in
    assert any("\u00a0" in s["text"] for s in spans(records, "POSTCODE"))
    assert any("\u00ad" in s["text"] for s in spans(records, "ADRES"))
    # WhatsApp exports: bidirectional marks stay outside, the digits inside are a phone number
    for r in records:
        for s in r["spans"]:
            assert not re.search("[\u200e\u202a\u202c]", s["text"]), s
        if r["kind"] == "whatsapp":
            for m in re.finditer("\u202a([^\u202c]+)\u202c", r["text"]):
                assert any(s["start"] == m.start(1) and s["category"] == "TELEFOON" for s in r["spans"]), r["id"]
    assert any(re.fullmatch(r"20\d{6}", s["text"]) for s in spans(records, "DATUM"))  # date in a photo's file name
    # guide dogs are no persons; national services are no institutions
    for r in records:
        for m in re.finditer(
            r"(?:\bblindengeleidehond|\bgeleidehond|\bhond|naam hond:|signaalhond, naam) ([A-Z][a-z]+)", r["text"]
        ):
            assert not any(s["start"] <= m.start(1) < s["end"] for s in r["spans"]), (r["id"], m.group(1))
    for s in every:
        assert not re.search(r"Teletolk|UWV|WhatsApp|Geschilleninstantie", s["text"]), s
    # interpreters' register numbers and agency references are numbers a person is known by
    for r in records:
        for m in re.finditer(r"NRTG(?:-nr\.)? (\d{5})", r["text"]):
            assert any(s["start"] == m.start(1) and s["category"] == "PATIENTNUMMER" for s in r["spans"]), r["id"]
    # eponymous hearing and sight diagnoses are clinical strings, not names
    keep = Counter(k["text"] for r in records for k in r["keep"])
    eponyms = [
        t for t in keep if re.search(r"Usher|Ménière|Treacher Collins|Pierre Robin|Stargardt|Waardenburg|Leber", t)
    ]
    assert len(eponyms) >= 5
    for t in eponyms:
        assert not any(t in s["text"] or s["text"] in t for s in spans(records, "PERSOON") if len(s["text"]) > 3), t
