"""Evaluation part dev155 (head-and-neck oncology, radiotherapy and special dentistry): the committed file is its
generator's output, and it holds what the annotation contract asks, checked here with this test's own checksums."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from fixtures.text import corpus_file
from fixtures.text import dev155_corpus as part
from tests.text import annotated_parts

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28}

CATEGORY_COUNTS = {
    "PERSOON": 1378,
    "DATUM": 688,
    "INSTELLING": 391,
    "PATIENTNUMMER": 316,
    "LOCATIE": 201,
    "TELEFOON": 199,
    "GEBOORTEDATUM": 194,
    "EMAIL": 100,
    "ADRES": 87,
    "POSTCODE": 87,
    "LEEFTIJD": 68,
    "BSN": 51,
    "POLISNUMMER": 45,
    "IBAN": 25,
    "AGB": 25,
    "URL": 17,
    "UZI": 9,
}
KEEP_COUNT = 1481


@lru_cache(maxsize=1)
def records() -> tuple[dict, ...]:
    return tuple(part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED))


def _digits(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def _elfproef(number: str) -> bool:
    if len(number) != 9 or not number.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(number[:8], range(9, 1, -1)))
    return (total - int(number[8])) % 11 == 0


def _mod97(iban: str) -> bool:
    s = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", iban).upper())
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    remainder = 0
    for ch in rearranged:
        for digit in str(int(ch, 36)):
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def _covered(r: dict, start: int, end: int, categories: tuple[str, ...] | None = None) -> bool:
    return any(
        s["start"] <= start and end <= s["end"] and (categories is None or s["category"] in categories)
        for s in r["spans"]
    )


def test_committed_file_is_the_generators_output():
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(list(records()))


def test_seeded_and_prefix_stable():
    assert part.generate(25, part.DEFAULT_SEED) == list(records()[:25])
    assert part.generate(3, part.DEFAULT_SEED) == part.generate(3, part.DEFAULT_SEED)
    assert part.generate(3, part.DEFAULT_SEED + 1) != part.generate(3, part.DEFAULT_SEED)


def test_shared_contract():
    recs = list(records())
    assert len(recs) == part.DEFAULT_RECORDS == 240
    annotated_parts.assert_spans_exact_and_disjoint(recs)
    annotated_parts.assert_fields_and_kinds(recs, part.KINDS, 240 // len(part.KINDS))
    assert len(part.KINDS) in (8, 10, 12)


def test_spans_and_keeps_on_word_boundaries():
    for r in records():
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not text[a - 1].isalnum(), (r["id"], s)
            assert b == len(text) or not text[b].isalnum(), (r["id"], s)


def test_every_bsn_passes_the_elfproef():
    bsns = [s for r in records() for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for s in bsns:
        assert _elfproef(_digits(s["text"])), s
        assert annotated_parts.bsn_ok(_digits(s["text"])), s


def test_every_iban_passes_mod97():
    ibans = [s for r in records() for s in r["spans"] if s["category"] == "IBAN"]
    assert ibans
    for s in ibans:
        assert _mod97(s["text"]), s
        assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", s["text"]), IBAN_LENGTHS), s
    countries = {re.sub(r"[^A-Za-z]", "", s["text"])[:2].upper() for s in ibans}
    assert {"NL", "BE"} <= countries


def test_counts_are_pinned():
    spans = Counter(s["category"] for r in records() for s in r["spans"])
    assert dict(spans) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records()) == KEEP_COUNT


def test_case_numbers_are_annotated_wherever_they_recur():
    """Patient, pathology, order and authorisation numbers are PATIENTNUMMER each time they are printed (or inside a
    URL that carries them); pathology numbers like T24-03817 never go unannotated."""
    pathology = re.compile(r"(?<![\w.-])(?:[TRANEULMHPZB]|PA)\d{2}[-.]\d{4,5}(?![\w-])")
    seen = 0
    for r in records():
        text = r["text"]
        for s in r["spans"]:
            if s["category"] != "PATIENTNUMMER":
                continue
            for m in re.finditer(re.escape(s["text"]), text):
                assert _covered(r, m.start(), m.end(), ("PATIENTNUMMER", "URL")), (r["id"], s["text"])
        for m in pathology.finditer(text):
            seen += 1
            assert _covered(r, m.start(), m.end(), ("PATIENTNUMMER",)), (r["id"], m.group())
    assert seen >= 40


def test_names_are_annotated_wherever_they_recur():
    """A person's name written again (signature, subject line, salutation) is annotated there too."""
    for r in records():
        text = r["text"]
        names = {s["text"] for s in r["spans"] if s["category"] == "PERSOON" and " " in s["text"]}
        for name in names:
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                assert _covered(r, m.start(), m.end()), (r["id"], name)


TRAPS = (
    "Notani",
    "Marx",
    "Brown klasse",
    "Aramany",
    "Cawood-Howell",
    "Waldeyer",
    "Frey",
    "Warthin",
    "Stensen",
    "Bichat",
    "Passavant",
    "Horner",
    "Hodgkin",
    "Epstein-Barr",
    "Stafne",
    "Therabite",
    "Vistafix",
    "Molloplast",
    "PENTOCLO",
    "Duraphat",
    "Caphosol",
    "Straumann",
    "Locator",
    "Dolder",
)


def test_clinical_strings_are_kept_and_never_inside_a_span():
    found = Counter()
    for r in records():
        text = r["text"]
        for k in r["keep"]:
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"]), (r["id"], k)
        for trap in TRAPS:
            for m in re.finditer(re.escape(trap), text):
                found[trap] += 1
                assert any(k["start"] <= m.start() and m.end() <= k["end"] for k in r["keep"]), (r["id"], trap)
    assert set(found) == set(TRAPS), set(TRAPS) - set(found)
    kept = {k["text"] for r in records() for k in r["keep"]}
    assert {"70 Gy in 35 fracties", "chloorhexidine 0,12%", "Marx-protocol 20/10"} <= kept


def test_notations_are_planted():
    spans = [(r, s) for r in records() for s in r["spans"]]
    texts = [s["text"] for _, s in spans]

    def some(pred) -> bool:
        return any(pred(t) for t in texts)

    assert some(lambda t: "\u00a0" in t)  # no-break space
    assert some(lambda t: "\u202f" in t)  # narrow no-break space
    assert some(lambda t: "\u200b" in t)  # zero-width space
    assert some(lambda t: "\u00ad" in t)  # soft hyphen
    assert some(lambda t: any("\uff10" <= c <= "\uff19" for c in t))  # fullwidth digits
    phones = [s["text"] for _, s in spans if s["category"] == "TELEFOON"]
    international = set()
    for p in phones:
        p = re.sub(r"[\u200b\u00ad\s]", "", unicodedata.normalize("NFKC", p))
        if p.startswith(("+", "00")):
            international.add(re.sub(r"^00", "+", p)[:4])
    for prefix in ("+32", "+49", "+597", "+599", "+212", "+90", "+48", "+31"):
        assert any(code.startswith(prefix) for code in international), prefix
    assert any(re.search(r"BSN:\d", r["text"]) for r in records())  # glued to its label
    assert any("PID|1||" in r["text"] for r in records())  # HL7 segments
    assert any("gescand document" in r["text"] for r in records())  # OCR scan
    assert any(s["category"] == "PERSOON" and s["text"] == s["text"].lower() for _, s in spans)  # chats
    assert any(s["category"] == "PERSOON" and len(s["text"]) > 3 and s["text"] == s["text"].upper() for _, s in spans)
    assert any(s["category"] == "URL" for _, s in spans)
    assert any(s["category"] == "POSTCODE" and s["text"][-2:].islower() for _, s in spans)
    given_words = {"Mei", "Juni", "Roos", "Merel", "Door", "Fleur", "Ad"}
    assert any(s["category"] == "PERSOON" and s["text"].split()[0] in given_words for _, s in spans)
