"""Evaluation part dev149 (dental practice near Schiphol, airport and airline staff): the committed file is the
generator's output, the annotation holds the shared contract, and the part's own identifiers (staff numbers, crew
codes, airside passes, BSNs, Belgian national numbers, IBANs) are checked by this file's own hand."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev149_corpus as part
from tests.text import annotated_parts

ROOT = Path(__file__).resolve().parents[2]

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "GB": 22, "IE": 22, "PT": 25, "PL": 28, "ES": 24, "IT": 27, "SE": 24}

EXPECTED_COUNTS = {
    "PERSOON": 888,
    "DATUM": 729,
    "TELEFOON": 453,
    "INSTELLING": 404,
    "PATIENTNUMMER": 343,
    "LOCATIE": 218,
    "EMAIL": 150,
    "ADRES": 139,
    "POSTCODE": 138,
    "GEBOORTEDATUM": 136,
    "IBAN": 50,
    "UZI": 38,
    "BSN": 38,
    "LEEFTIJD": 37,
    "URL": 27,
    "AGB": 26,
    "POLISNUMMER": 20,
}
EXPECTED_KEEP = 754


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


def digits(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def elfproef(number: str) -> bool:
    if len(number) != 9:
        return False
    total = sum(int(c) * w for c, w in zip(number, (9, 8, 7, 6, 5, 4, 3, 2)))
    return (total - int(number[8])) % 11 == 0


def belgian_ok(number: str) -> bool:
    if len(number) != 11:
        return False
    base, check = number[:9], int(number[9:])
    return 97 - int(base) % 97 == check or 97 - int("2" + base) % 97 == check


def mod97(iban: str) -> bool:
    s = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", iban).upper())
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    remainder = 0
    for c in rearranged:
        remainder = (remainder * (100 if c.isalpha() else 10) + (ord(c) - 55 if c.isalpha() else int(c))) % 97
    return remainder == 1


def test_committed_file_is_the_generators_output(records):
    assert part.PATH == Path("eval/text/dev149.jsonl")
    assert part.DATA == Path("fixtures/text/dev149_data")
    assert (ROOT / part.PATH).read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_seeded_and_prefix_stable(records):
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270618
    assert part.generate(13, part.DEFAULT_SEED) == records[:13]
    assert part.generate(40, part.DEFAULT_SEED) == records[:40]
    assert part.generate(40, part.DEFAULT_SEED + 1) != records[:40]


def test_shared_contract(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    assert len(part.KINDS) in (8, 10, 12)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, len(records) // len(part.KINDS))


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s)


def test_every_bsn_passes_its_check(records):
    seen = Counter()
    for r in records:
        for s in r["spans"]:
            if s["category"] != "BSN":
                continue
            number = digits(s["text"])
            if len(number) == 11:
                assert belgian_ok(number), (r["id"], s)
                seen["BE"] += 1
            else:
                assert elfproef(number) and annotated_parts.bsn_ok(number), (r["id"], s)
                seen["NL"] += 1
    assert seen["NL"] >= 30 and seen["BE"] >= 1


def test_every_iban_passes_mod97(records):
    countries = Counter()
    for r in records:
        for s in r["spans"]:
            if s["category"] == "IBAN":
                assert mod97(s["text"]), (r["id"], s)
                assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", s["text"]), IBAN_LENGTHS), (r["id"], s)
                countries[re.sub(r"[^A-Za-z]", "", s["text"])[:2].upper()] += 1
    assert countries["NL"] >= 30 and len(countries) >= 3


def test_category_and_keep_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == EXPECTED_COUNTS
    assert sum(len(r["keep"]) for r in records) == EXPECTED_KEEP


def covered(r: dict, start: int, end: int, key: str = "spans") -> bool:
    return any(s["start"] <= start and end <= s["end"] for s in r[key])


def test_every_identifier_is_annotated_wherever_it_occurs(records):
    """A name, number or place annotated once in a record is annotated at every other place it appears."""
    for r in records:
        for s in r["spans"]:
            for m in re.finditer(r"(?<!\w)" + re.escape(s["text"]) + r"(?!\w)", r["text"]):
                assert covered(r, m.start(), m.end()), (r["id"], s["text"], m.start())


LABELS = (
    r"personeelsnummer|pers\.nr\.|persnr|staff no\.|staff number|medewerkersnummer|mdw\.nr\.|employee ID|werknemersnr"
    r"|crewcode|crew code|Crew ID|crew-code|Schipholpas|pasnummer|airside pass no\.|badge nr\.|luchthavenpas nr"
)


def test_staff_numbers_crew_codes_and_passes_are_annotated(records):
    """After each label of the theme, the value is a PATIENTNUMMER span; crew codes also in roster rows."""
    found = Counter()
    for r in records:
        for m in re.finditer(r"(?<!\w)(" + LABELS + r")(:\s*|\s*#\s*|\s+)(?=\S)", r["text"]):
            starts = [s for s in r["spans"] if s["start"] == m.end()]
            assert starts and starts[0]["category"] == "PATIENTNUMMER", (r["id"], m.group(0))
            found[m.group(1).lower()] += 1
        if r["kind"] == "rooster_export":
            assert any(s["category"] == "PATIENTNUMMER" for s in r["spans"]), r["id"]
    assert sum(found.values()) >= 150
    assert {"crew code", "pasnummer", "personeelsnummer", "staff no."} <= set(found)


def test_flights_aircraft_and_airports_are_not_personal(records):
    flights = regs = airports = 0
    airport_re = re.compile(r"(?<![\w-])(" + "|".join(part.AIRPORTS) + r")(?![\w])")
    for r in records:
        text = r["text"]
        for m in re.finditer(r"(?<!\w)(?:KL|HV|OR|TB|MP|DL|PW) ?\d{2,4}(?!\w)", text):
            assert not covered(r, m.start(), m.start() + 1), (r["id"], m.group(0))
            flights += 1
        for m in re.finditer(r"(?<!\w)PH-[A-Z]{3}(?!\w)", text):
            assert not covered(r, m.start(), m.end()), (r["id"], m.group(0))
            regs += 1
        for m in airport_re.finditer(text):
            assert not any(s["start"] <= m.start() < s["end"] for s in r["spans"]), (r["id"], m.group(0))
            airports += 1
    assert flights >= 100 and regs >= 40 and airports >= 120


def clinical_terms() -> list[str]:
    rows = (ROOT / part.DATA / "clinical.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in rows if line and not line.startswith("#")]


def test_clinical_strings_are_kept_and_never_inside_a_span(records):
    terms = clinical_terms()
    for r in records:
        text = r["text"]
        for k in r["keep"]:
            assert k["text"] in terms or re.fullmatch(r"[1-4][1-8]", k["text"]), (r["id"], k)
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"]), (r["id"], k)
        for term in terms:
            for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text):
                inside = [s for s in r["spans"] if s["start"] < m.end() and m.start() < s["end"]]
                if inside:  # a name or address holding the word: the surname Wang ("jing wang", jing.wang@...)
                    assert all(s["category"] in ("PERSOON", "EMAIL") for s in inside), (r["id"], term)
                    continue
                assert covered(r, m.start(), m.end(), "keep"), (r["id"], term)
    kept = Counter(k["text"] for r in records for k in r["keep"])
    assert kept["barodontalgie"] >= 40 and kept["fit to fly"] >= 5 and kept["Cavit"] >= 5


NOTATIONS = {
    "no-break space": "\u00a0",
    "narrow no-break space": "\u202f",
    "zero-width space": "\u200b",
    "soft hyphen": "\u00ad",
}


def test_the_notations_are_present(records):
    spans = [(r, s) for r in records for s in r["spans"]]
    for label, ch in NOTATIONS.items():
        assert sum(ch in s["text"] for _, s in spans) >= 5, label
    assert sum(any("\uff10" <= c <= "\uff19" for c in s["text"]) for _, s in spans) >= 20  # fullwidth digits
    assert sum(r["text"][s["start"] - 1] == ":" for r, s in spans if s["start"]) >= 40  # glued to a colon
    phones = [s["text"] for _, s in spans if s["category"] == "TELEFOON"]
    foreign = [t for t in phones if re.match(r"(\+|%2B|00)(?!31)\d", t)]
    assert len(foreign) >= 30 and len({re.sub(r"\D", "", t)[:4] for t in foreign}) >= 10  # foreign phones
    persons = [s["text"] for _, s in spans if s["category"] == "PERSOON"]
    assert sum(p == p.lower() for p in persons) >= 40  # lower-case names
    assert sum("," in p for p in persons) >= 80  # surname first
    assert sum("/" in p for p in persons) >= 20  # airline PNR style, DE VRIES/ANOUK
    assert sum(re.match(r"^[A-Z]\.", p) is not None for p in persons) >= 60  # initials
    dates = Counter()
    for _, s in spans:
        if s["category"] == "DATUM":
            t = s["text"]
            dates["roster"] += bool(re.fullmatch(r"\d{2}[A-Z]{3}(\d{2})?", t))
            dates["iso"] += bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t))
            dates["words"] += any(m in t for m in corpus_file.MONTHS)
            dates["english"] += bool(re.search(r"[A-Z][a-z]{2}", t))
            dates["slash"] += "/" in t
    assert all(n >= 20 for n in dates.values()) and len(dates) == 5, dates
    postcodes = [s["text"] for _, s in spans if s["category"] == "POSTCODE"]
    assert any(re.fullmatch(r"\d{4}[a-z]{2}|\d{4} [a-z]{2}", p) for p in postcodes)
    assert any("-" in p and p[-1].isalpha() for p in postcodes)
    assert any(not re.fullmatch(r"\d{4}.*[A-Za-z]{2}", p) for p in postcodes)  # foreign postcodes
    assert sum("%2B" in s["text"] for _, s in spans) >= 3  # URL-encoded gateway log
