"""dev143: dental erosion after eating disorders and bariatric surgery (an independently written evaluation part).

Checks the committed file against its generator, the shared contract, and what is particular to this part: its own
BSN and IBAN checks, spans on word boundaries, the dental group's, clinics' and insurers' file numbers annotated
wherever they occur, clinical strings kept, and the notations people type."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev143_corpus as part
from tests.text import annotated_parts

PER_KIND = 20

CATEGORY_COUNTS = {
    "PERSOON": 1993,
    "DATUM": 897,
    "INSTELLING": 640,
    "PATIENTNUMMER": 379,
    "LOCATIE": 373,
    "TELEFOON": 267,
    "EMAIL": 247,
    "GEBOORTEDATUM": 166,
    "ADRES": 150,
    "POSTCODE": 150,
    "LEEFTIJD": 147,
    "AGB": 88,
    "BSN": 86,
    "POLISNUMMER": 67,
    "IBAN": 49,
    "URL": 34,
    "UZI": 12,
}
KEEP_COUNT = 1319


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()]


def spans_of(records, category=None):
    return [(r, s) for r in records for s in r["spans"] if category is None or s["category"] == category]


# --------------------------------------------------------------------------------------------- own checksums


def _digits(s: str) -> str:
    return "".join(str(unicodedata.digit(ch)) for ch in s if ch.isdigit())


def elfproef(s: str) -> bool:
    d = [int(c) for c in _digits(s)]
    if len(d) != 9:
        return False
    return (sum(x * w for x, w in zip(d[:8], range(9, 1, -1))) - d[8]) % 11 == 0


IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


def mod97(s: str) -> bool:
    t = re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", s)).upper()
    if IBAN_LENGTHS.get(t[:2]) != len(t):
        return False
    moved = t[4:] + t[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def test_own_checks_agree_on_known_values():
    assert elfproef("111222333") and not elfproef("111222334")
    assert elfproef("1112.22.333") and elfproef("１１１２２２３３３")
    assert mod97("NL91 ABNA 0417 1643 00") and not mod97("NL91 ABNA 0417 1643 01")
    assert mod97("be68 5390 0754 7034")


# --------------------------------------------------------------------------------------------- the file


def test_committed_file_is_the_generators_output(records):
    written = part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(written)
    assert len(records) == part.DEFAULT_RECORDS == 240
    assert [r["id"] for r in records] == [f"dev143-{i:03d}" for i in range(1, 241)]


def test_seeded_and_prefix_stable():
    a = part.generate(30, part.DEFAULT_SEED)
    assert a == part.generate(30, part.DEFAULT_SEED)
    assert part.generate(13, part.DEFAULT_SEED) == a[:13]
    assert part.generate(30, part.DEFAULT_SEED + 1) != a


def test_contract(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, PER_KIND)
    assert len(part.KINDS) == 12
    assert part.DATA.is_dir() and part.PATH.name == "dev143.jsonl"


def test_texts_are_2_to_40_lines_and_clean(records):
    for r in records:
        lines = r["text"].split("\n")
        assert 2 <= len(lines) <= 40, r["id"]
        assert "{" not in r["text"] and "None" not in r["text"], r["id"]
        assert r["text"] == r["text"].strip("\n")


def _boundary(text: str, i: int) -> bool:
    """A word boundary: an edge of the text, a non-alphanumeric neighbour, or a letter against a digit (numbers
    glued to a word, ``sofinr123456782``)."""
    if i <= 0 or i >= len(text):
        return True
    a, b = text[i - 1], text[i]
    if not (a.isalnum() and b.isalnum()):
        return True
    return a.isdigit() != b.isdigit()


def test_spans_start_and_end_on_word_boundaries(records):
    for r in records:
        for s in r["spans"] + r["keep"]:
            assert _boundary(r["text"], s["start"]), (r["id"], s)
            assert _boundary(r["text"], s["end"]), (r["id"], s)


def test_about_twenty_spans_a_text(records):
    n = sum(len(r["spans"]) for r in records)
    assert 18 <= n / len(records) <= 30
    assert all(len(r["spans"]) >= 8 for r in records)


# --------------------------------------------------------------------------------------------- checksums, counts


def test_every_bsn_passes_the_elfproef(records):
    bsns = spans_of(records, "BSN")
    assert len(bsns) >= 80
    for r, s in bsns:
        assert elfproef(s["text"]), (r["id"], s)


def test_every_iban_passes_mod97(records):
    ibans = spans_of(records, "IBAN")
    assert len(ibans) >= 40
    for r, s in ibans:
        assert mod97(s["text"]), (r["id"], s)
    countries = {re.sub(r"[^A-Za-z]", "", s["text"])[:2].upper() for _, s in ibans}
    assert {"NL", "BE", "DE"} <= countries


def test_category_and_keep_counts_are_pinned(records):
    counts = Counter(s["category"] for _, s in spans_of(records))
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


# --------------------------------------------------------------------------------------------- theme identifiers

THEME_IDS = {
    "dental group patient number": re.compile(r"(?<![0-9A-Za-z])[Mm][Gg][-\s]?\d{6}(?![0-9])"),
    "eating-disorder clinic file": re.compile(r"(?<![0-9A-Za-z])[Ee][Cc] ?\d{2}-?\d{5}(?![0-9])"),
    "bariatric pathway number": re.compile(r"(?<![0-9A-Za-z])[Bb][Tt][Rr][- ]?\d{7}(?![0-9])"),
    "insurer authorisation": re.compile(r"(?<![0-9A-Za-z])MCH[- ]?\d{4}[-/]?\d{6}(?![0-9])"),
}


@pytest.mark.parametrize("label", sorted(THEME_IDS))
def test_theme_identifiers_are_annotated_wherever_they_occur(records, label):
    found = 0
    for r in records:
        for m in THEME_IDS[label].finditer(r["text"]):
            found += 1
            covering = [s for s in r["spans"] if s["start"] <= m.start() and m.end() <= s["end"]]
            assert covering, (r["id"], m.group())
            assert covering[0]["category"] in ("PATIENTNUMMER", "URL"), (r["id"], covering[0])
    assert found >= {"dental group patient number": 250}.get(label, 15), (label, found)


def test_professional_and_insurance_numbers(records):
    assert all(len(_digits(s["text"])) == 8 for _, s in spans_of(records, "AGB"))
    assert all(len(_digits(s["text"])) == 9 for _, s in spans_of(records, "UZI"))
    assert all(len(_digits(s["text"])) in (8, 10) for _, s in spans_of(records, "POLISNUMMER"))
    assert len(spans_of(records, "UZI")) >= 10


def test_names_in_file_names_logs_and_minutes(records):
    texts = [s["text"] for _, s in spans_of(records, "PERSOON")]
    # staff initials as in logs and minutes (LvdB, MH)
    assert sum(1 for t in texts if re.fullmatch(r"[A-Z][a-z't]*[A-Z]", t)) >= 100
    # a surname inside a file name: erosie_<naam>_20260101.jpg
    in_files = [s for r, s in spans_of(records, "PERSOON") if r["text"][s["start"] - 1] == "_"]
    assert len(in_files) >= 20
    # surname first, lower case, initials only
    assert sum(1 for t in texts if re.fullmatch(r"[^,]+, [^,]+", t)) >= 100
    assert sum(1 for t in texts if t == t.lower() and " " in t) >= 40
    assert sum(1 for t in texts if re.fullmatch(r"([A-Z]\.)+ .+", t)) >= 100
    # given names that are words or months, alone
    assert {"Roos", "Mei", "Juni", "April", "Merel", "Storm", "Hoop", "Winter"} & set(texts)


def test_places_that_are_words_and_places_abroad(records):
    places = {s["text"] for _, s in spans_of(records, "LOCATIE")}
    assert places & {"Best", "Made", "Beek", "Elst", "Ee", "Goes", "Kampen"}
    assert places & {"Ljouwert", "Snits", "De Jouwer", "Harns"}
    assert places & {"Paramaribo", "Nador", "Aleppo", "Lviv", "Asmara", "Willemstad"}


# --------------------------------------------------------------------------------------------- clinical strings

KEEP_SHAPES = re.compile(r"BEWE \d{1,2}|\d{2}(-\d{2})?|\d{2}(, \d{2})+")


def test_clinical_strings_are_kept_and_never_inside_a_span(records):
    listed = set(part.clinical_strings())
    long_ones = sorted((s for s in listed if len(s) >= 5), key=len, reverse=True)
    for r in records:
        for k in r["keep"]:
            assert k["text"] in listed or KEEP_SHAPES.fullmatch(k["text"]), (r["id"], k)
            for s in r["spans"]:
                assert s["end"] <= k["start"] or k["end"] <= s["start"], (r["id"], k, s)
        for c in long_ones:
            for m in re.finditer(re.escape(c), r["text"]):
                assert any(k["start"] <= m.start() and m.end() <= k["end"] for k in r["keep"]), (r["id"], c)
    kept = {k["text"] for r in records for k in r["keep"]}
    # eponymous classifications and product names that look like names
    assert kept & {"Dahl-principe", "Eccles klasse II", "Eccles klasse III", "Black klasse V", "Smith & Knight TWI 3"}
    assert kept & {"Filtek Supreme XTE", "Tetric EvoCeram", "Venus Diamond", "Herculite XRV"}
    assert {"K03.2", "M40", "V94"} <= kept


# --------------------------------------------------------------------------------------------- notations


def test_the_notations_people_type(records):
    def texts(*cats):
        return [s["text"] for _, s in spans_of(records) if not cats or s["category"] in cats]

    every = texts()
    for ch in ("\u00a0", "\u202f", "\u2009", "\u200b", "\u00ad"):
        assert any(ch in t for t in every), repr(ch)
    assert any(re.search(r"[０-９]", t) for t in texts("BSN", "TELEFOON", "DATUM", "GEBOORTEDATUM"))
    mails = spans_of(records, "EMAIL")
    assert any("＠" in s["text"] for _, s in mails)
    assert any(re.search(r",(nl|com)$", s["text"]) for _, s in mails)
    assert any(r["text"][s["end"] : s["end"] + 1] == "_" for r, s in mails)
    phones = spans_of(records, "TELEFOON")
    assert any(r["text"][s["end"] : s["end"] + 3] == " mm" for r, s in phones)
    assert any(re.match(r"\+(32|49|212|90|48|597|599|380|963|44)\b", s["text"]) for _, s in phones)
    assert any(s["text"].startswith(("+31", "0031")) for _, s in phones)
    assert any(s["text"][:2].islower() for _, s in spans_of(records, "IBAN"))
    bsns = spans_of(records, "BSN")
    assert any(r["text"][s["start"] - 1] == ":" for r, s in bsns)
    assert any(r["text"][s["start"] - 1].isalpha() for r, s in bsns)
    assert any("|" in s["text"] for _, s in bsns)
    pcs = texts("POSTCODE")
    assert any(re.fullmatch(r"\d{4}[a-z]{2}", t) for t in pcs) and any("-" in t for t in pcs)
    dates = texts("DATUM", "GEBOORTEDATUM")
    for shape in (
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d\d\.\d\d\.\d{4}",
        r"\d{1,2}/\d{1,2}/\d\d",
        r"\d{8}",
        r"\d{1,2}/\d{1,2}",
        r"\d{1,2} [a-z]+",
    ):
        assert any(re.fullmatch(shape, t) for t in dates), shape
    ages = texts("LEEFTIJD")
    assert any(t.endswith("-jarige") for t in ages) and any(t.endswith("jr") for t in ages)


def test_postcode_in_brackets_after_a_place(records):
    assert any(
        r["text"][s["start"] - 1] == "(" and r["text"][s["start"] - 3] != ":" for r, s in spans_of(records, "POSTCODE")
    )
