"""Evaluation part dev148 (dental practice in diabetes / cardiovascular chain care): the committed file is the
generator's output, the generator is seeded and prefix-stable, the spans are exact, on word boundaries and
checksum-valid, the theme's identifiers are annotated wherever they occur and the clinical strings survive."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev148_corpus as part
from tests.text import annotated_parts

ROOT = Path(__file__).resolve().parents[2]

CATEGORY_COUNTS = {
    "PERSOON": 1036,
    "DATUM": 801,
    "INSTELLING": 512,
    "LOCATIE": 242,
    "GEBOORTEDATUM": 234,
    "TELEFOON": 224,
    "PATIENTNUMMER": 208,
    "ADRES": 198,
    "POSTCODE": 198,
    "EMAIL": 153,
    "BSN": 141,
    "AGB": 106,
    "LEEFTIJD": 54,
    "POLISNUMMER": 31,
    "URL": 30,
    "UZI": 24,
    "IBAN": 21,
}
KEEP_COUNT = 2128


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


def _inside(start: int, end: int, spans: list[dict]) -> dict | None:
    return next((s for s in spans if s["start"] <= start and end <= s["end"]), None)


def _digits(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def test_committed_file_is_the_generators_output(records):
    committed = (ROOT / part.PATH).read_text(encoding="utf-8")
    assert committed == corpus_file.dumps(records)


def test_defaults():
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270617
    assert str(part.PATH) == "eval/text/dev148.jsonl" and str(part.DATA) == "fixtures/text/dev148_data"
    assert len(part.KINDS) == 10


def test_seeded_and_prefix_stable(records):
    assert part.generate(37, part.DEFAULT_SEED) == records[:37]
    assert part.generate(5, part.DEFAULT_SEED + 1) != records[:5]


def test_shared_checks(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s, before, after)


def _elfproef(digits: str) -> bool:
    if len(digits) != 9:
        return False
    total = sum(int(c) * w for c, w in zip(digits[:8], range(9, 1, -1)))
    return (total - int(digits[8])) % 11 == 0


def _mod97(value: str) -> bool:
    s = "".join(c for c in unicodedata.normalize("NFKC", value) if c.isalnum()).upper()
    lengths = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26}
    if lengths.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def test_every_bsn_passes_the_elfproef(records):
    bsns = [s for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for s in bsns:
        assert _elfproef(_digits(s["text"])), s
        assert annotated_parts.bsn_ok(_digits(s["text"])), s


def test_every_iban_passes_mod97(records):
    ibans = [s for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert ibans
    countries = Counter()
    for s in ibans:
        assert _mod97(s["text"]), s
        norm = unicodedata.normalize("NFKC", s["text"])
        assert annotated_parts.iban_ok(norm, {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26}), s
        countries[norm[:2].upper()] += 1
    assert countries["NL"] and len(countries) >= 2


def test_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


def test_phones_postcodes_and_agb_have_their_shape(records):
    for r in records:
        for s in r["spans"]:
            d = _digits(s["text"])
            if s["category"] == "TELEFOON":
                assert len(d) in (10, 11, 12, 13) or d.startswith("00"), s
            elif s["category"] == "AGB":
                assert len(d) == 8, s
            elif s["category"] == "POSTCODE" and re.fullmatch(r"\d{4}\W*[A-Za-z]{2}", s["text"]):
                assert s["text"][-2:].upper() not in ("SA", "SD", "SS"), s


def test_theme_identifiers_annotated_wherever_they_occur(records):
    """Zorgmail addresses, lab order numbers, AGB codes, KIS and anticoagulation-clinic numbers, patient
    numbers after their label, and every name written again elsewhere in the record."""
    labelled = [
        (re.compile(r"\b\d{9}@lms\.lifeline\.nl"), 0, "EMAIL"),
        (
            re.compile(r"(?:Ordernummer|Ordernr\.|Aanvraagnummer|Labnr)\s*:?\s*([\w\u200b\u00ad][\w\-\u200b\u00ad]*)"),
            1,
            "PATIENTNUMMER",
        ),
        (re.compile(r"\b(?:ORC\|RE|OBR\|1)\|([^|\n]+)"), 1, "PATIENTNUMMER"),
        (re.compile(r"AGB[^\n\d]{0,25}(\d[\d .\-\u00a0\u202f\u200b\u00ad]{6,12}\d)"), 1, "AGB"),
        (
            re.compile(
                r"(?:KIS-nummer|KIS-nr(?!;)|Reg\.nr\.?|Registratienummer|Trombosedienstnr)\s*:?\s*([\w\u200b\u00ad][\w\-\u200b\u00ad]*)"
            ),
            1,
            "PATIENTNUMMER",
        ),
        (
            re.compile(
                r"(?:Pat\.nr\.|Patiëntnummer|HIS-nr|Patnr|patiëntnr\.|patnr)\s*:?\s*([\w\u200b\u00ad][\w\-\u200b\u00ad]*)"
            ),
            1,
            "PATIENTNUMMER",
        ),
        (re.compile(r"(?:UZI|UZI-nr\.)\s+(\d{9})"), 1, "UZI"),
        (
            re.compile(
                r"\b(?:BSN|bsn)\s*:?\s*(\d[\d .\-\u00a0\u202f\u200b\u00ad\uff10-\uff19]{7,14}[\d\uff10-\uff19])"
            ),
            1,
            "BSN",
        ),
    ]
    seen = Counter()
    for r in records:
        text, spans = r["text"], r["spans"]
        for rx, group, category in labelled:
            for m in rx.finditer(text):
                s = _inside(m.start(group), m.end(group), spans)
                assert s is not None and s["category"] == category, (r["id"], m.group(0), category)
                seen[category] += 1
        for p in (s for s in spans if s["category"] == "PERSOON" and len(s["text"]) >= 3):
            for m in re.finditer(r"(?<!\w)" + re.escape(p["text"]) + r"(?!\w)", text):
                assert _inside(m.start(), m.end(), spans), (r["id"], p["text"])
    assert seen["EMAIL"] >= 20 and seen["PATIENTNUMMER"] >= 80 and seen["AGB"] >= 60 and seen["BSN"] >= 50


def test_clinical_strings_kept_and_never_inside_a_span(records):
    strings = part.clinical_strings()
    kept_kinds = Counter()
    for r in records:
        text = r["text"]
        for kind, values in strings.items():
            for v in values:
                for m in re.finditer(r"(?<!\w)" + re.escape(v) + r"(?!\w)", text, flags=re.IGNORECASE):
                    assert _inside(m.start(), m.end(), r["keep"]), (r["id"], v)
                    assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], v)
                    kept_kinds[kind] += 1
        for k in r["keep"]:
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"]), (r["id"], k)
    assert all(kept_kinds[k] for k in ("icpc", "nza", "dpsi", "eponym", "diag", "drug")), kept_kinds
    keeps = [k["text"] for r in records for k in r["keep"]]
    for needle in ("mmol/mol", "mmol/l", "INR", "DPSI", "mm"):
        assert any(needle in k for k in keeps), needle
    assert any(re.fullmatch(r"1\d\d/\d\d", k) for k in keeps)  # blood pressure


def test_notations_present(records):
    spans = [(r, s) for r in records for s in r["spans"]]

    def count(pred) -> int:
        return sum(1 for r, s in spans if pred(r, s))

    assert count(lambda r, s: "\u00a0" in s["text"]) >= 5
    assert count(lambda r, s: "\u202f" in s["text"]) >= 3
    assert count(lambda r, s: "\u200b" in s["text"]) >= 3
    assert count(lambda r, s: "\u00ad" in s["text"]) >= 3
    assert count(lambda r, s: any("\uff10" <= c <= "\uff19" for c in s["text"])) >= 3
    # names lower case, upper case, surname first, with a particle moved to the end, initials
    persons = [s["text"] for r, s in spans if s["category"] == "PERSOON"]
    assert sum(p == p.lower() and p.isalpha() is False and " " in p for p in persons) >= 5
    assert sum(p.isupper() and len(p) > 3 for p in persons) >= 10
    assert sum(bool(re.fullmatch(r"[^,]+, [A-ZÀ-Žİ][\w\-]+", p)) for p in persons) >= 10
    assert sum(bool(re.search(r", (?:[A-Zİ]\.)+ (?:de|van|ter|ten|in|'t)", p)) for p in persons) >= 3
    assert sum(bool(re.fullmatch(r"(?:[A-ZÀ-Žİ]\.)+ .+", p)) for p in persons) >= 50
    # identifiers glued to a colon, an e-mail followed by an underscore, foreign phones and postcodes
    assert count(lambda r, s: s["start"] and r["text"][s["start"] - 1] == ":") >= 20
    assert count(lambda r, s: s["category"] == "EMAIL" and r["text"][s["end"] : s["end"] + 1] == "_") >= 1
    assert (
        count(
            lambda r, s: (
                s["category"] == "TELEFOON" and s["text"].startswith(("+32", "+49", "+212", "+90", "+48", "+597"))
            )
        )
        >= 2
    )
    assert count(lambda r, s: s["category"] == "TELEFOON" and s["text"].startswith(("+31", "0031"))) >= 20
    dates = [s["text"] for r, s in spans if s["category"] in ("DATUM", "GEBOORTEDATUM")]
    for rx in (
        r"\d{2}-\d{2}-\d{4}",
        r"\d{1,2}-\d{1,2}-\d{2}",
        r"\d{4}-\d{2}-\d{2}",
        r"\d{2}\.\d{2}\.\d{4}",
        r"\d{2}/\d{2}/\d{4}",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d{1,2} [a-z]+",
        r"\d{8}",
        r"\d{1,2}-[a-z]{3}-\d{4}",
        r"\d{1,2}[-/]\d{1,2}",
    ):
        assert any(re.fullmatch(rx, d) for d in dates), rx
    kinds_with_scan = Counter(r["kind"] for r in records if "OCR" in r["text"] or "scan" in r["text"].lower())
    assert kinds_with_scan["toestemming"] >= 5


def test_lists_are_the_parts_own_and_large_enough():
    data = ROOT / part.DATA

    def rows(name):
        return [
            l.split("\t")
            for l in (data / name).read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")
        ]

    given, surnames = rows("given_names.tsv"), rows("surnames.tsv")
    assert len(given) >= 150 and len(surnames) >= 150
    assert len({g[1].split("-")[0] for g in given}) >= 7 and len({s[1].split("-")[0] for s in surnames}) >= 7
