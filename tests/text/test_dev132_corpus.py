"""dev132 (sports and dental trauma): the committed part is its generator's output, annotated exactly and
consistently. The checksums here are this test's own arithmetic, not the generator's."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev132_corpus
from tests.text import annotated_parts

IBAN_LENGTHS = {
    "NL": 18,
    "BE": 16,
    "DE": 22,
    "GB": 22,
    "IE": 22,
    "FR": 27,
    "ES": 24,
    "CZ": 24,
    "FI": 18,
    "SE": 24,
    "HU": 28,
    "HR": 21,
    "PL": 28,
    "DK": 18,
    "AT": 20,
}

# pinned as generated (seed 20270601, 240 records)
CATEGORY_COUNTS = {
    "PERSOON": 1519,
    "DATUM": 658,
    "INSTELLING": 546,
    "TELEFOON": 497,
    "PATIENTNUMMER": 429,
    "LOCATIE": 321,
    "ADRES": 264,
    "GEBOORTEDATUM": 263,
    "EMAIL": 213,
    "POSTCODE": 159,
    "LEEFTIJD": 134,
    "BSN": 89,
    "IBAN": 75,
    "AGB": 53,
    "POLISNUMMER": 47,
    "URL": 46,
    "UZI": 18,
}
KEEP_COUNT = 706


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev132_corpus.PATH.read_text(encoding="utf-8").splitlines()]


def _rows(name: str) -> list[list[str]]:
    text = (dev132_corpus.DATA / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _plain(s: str) -> str:
    """Digits and letters of an identifier as a reader sees them: wide digits narrowed, invisible characters gone."""
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isalnum())


def _elfproef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def _mod97(iban: str) -> bool:
    s = _plain(iban).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    remainder = 0
    for c in moved:
        for digit in str(ord(c) - 55) if c.isalpha() else c:
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    pattern = r"(?<![^\W_])" + re.escape(needle) + r"(?![^\W_])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def _inside(start: int, end: int, pieces: list[dict], category: str | None = None) -> bool:
    return any(
        p["start"] <= start and end <= p["end"] and (category is None or p["category"] == category) for p in pieces
    )


def test_committed_file_is_the_generators_output(records):
    assert corpus_file.dumps(dev132_corpus.generate()) == dev132_corpus.PATH.read_text(encoding="utf-8")
    assert len(records) == dev132_corpus.DEFAULT_RECORDS


def test_generator_is_seeded():
    assert dev132_corpus.generate(24) == dev132_corpus.generate()[:24]
    assert dev132_corpus.generate(12, seed=7) == dev132_corpus.generate(12, seed=7)
    assert dev132_corpus.generate(12, seed=7) != dev132_corpus.generate(12)
    assert dev132_corpus.DEFAULT_SEED == 20270601


def test_shared_contract(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    kinds = dev132_corpus.KINDS
    assert len(kinds) in (8, 10, 12)
    annotated_parts.assert_fields_and_kinds(records, kinds, dev132_corpus.DEFAULT_RECORDS // len(kinds))
    assert [r["kind"] for r in records[:12]] == list(kinds)


def test_spans_start_and_end_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum(), (r["id"], s)
            assert not after.isalnum(), (r["id"], s)


def test_texts_are_the_size_of_real_messages(records):
    words = [len(r["text"].split()) for r in records]
    assert min(words) >= 40 and max(words) <= 250
    assert sum(len(r["spans"]) >= 12 for r in records) >= 200


def test_every_bsn_passes_the_elfproef(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 40
    for b in bsns:
        assert _elfproef(_plain(b)), b


def test_every_iban_passes_mod97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 60
    for i in ibans:
        assert _mod97(i), i
    countries = Counter(_plain(i)[:2].upper() for i in ibans)
    assert len(countries) >= 6 and countries["NL"] < len(ibans)


def test_numbers_that_look_like_a_bsn_but_are_not(records):
    """UZI and policy numbers of nine digits fail the 11-proef, so a BSN-shaped number in the part is a BSN."""
    for r in records:
        for s in r["spans"]:
            if s["category"] in ("UZI", "POLISNUMMER") and len(_plain(s["text"])) == 9:
                assert not _elfproef(_plain(s["text"])), (r["id"], s)


def test_category_and_keep_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


SETTING_NUMBERS = (
    re.compile(r"\bTD-\d{2}-\d{4}\b"),  # trauma dossier
    re.compile(r"\bSB\d{2}-\d{5}\b"),  # mouthguard order of one player
    re.compile(r"\bPF\d{2}-\d{5}\b"),  # invoice to a parent
    re.compile(r"\bCSP/\d{2}/\d{5}\b"),  # collective insurer's dossier
    re.compile(r"(?<![\d-])\d{2}-\d{7}(?![\d-])"),  # insurer's claim number
)


def test_setting_numbers_are_patient_numbers_wherever_they_occur(records):
    found = Counter()
    for r in records:
        text, spans = r["text"], r["spans"]
        for pattern in SETTING_NUMBERS:
            for m in pattern.finditer(text):
                assert _inside(m.start(), m.end(), spans, "PATIENTNUMMER"), (r["id"], m.group())
                found[pattern.pattern] += 1
        # a number annotated once is annotated every time it is written in the record
        for s in spans:
            if s["category"] == "PATIENTNUMMER":
                for a, b in _occurrences(text, s["text"]):
                    assert _inside(a, b, spans, "PATIENTNUMMER"), (r["id"], s["text"])
        # an invoice to a club names no person
        for m in re.finditer(r"\bVF\d{2}-\d{4}\b", text):
            assert not _inside(m.start(), m.end(), spans + r["keep"]), (r["id"], m.group())
            found["VF"] += 1
    assert all(found[p.pattern] >= 5 for p in SETTING_NUMBERS), found
    assert found["VF"] >= 10
    labelled = re.compile(
        r"(?:lidnr\.?|lidnummer|Lidnr|relatiecode|bondsnr\.?|licentienr\.|pt\.nr\.?|patiëntnr\.)[: ]\s*(?=[0-9A-Z０-９])"
    )
    for r in records:
        for m in labelled.finditer(r["text"]):
            following = [s for s in r["spans"] if s["start"] == m.end()]
            assert following and following[0]["category"] == "PATIENTNUMMER", (r["id"], m.group())


def test_setting_organisations_are_annotated_wherever_they_occur(records):
    names = {row[0] for row in _rows("clubs.tsv")} | {row[1] for row in _rows("clubs.tsv")}
    names |= {row[0] for row in _rows("foreign_clubs.tsv")} | {row[0] for row in _rows("practices.tsv")}
    names |= {row[1] for row in _rows("organisations.tsv")} | {row[0] for row in _rows("foreign_practices.tsv")}
    seen = Counter()
    for r in records:
        for n in names:
            for a, b in _occurrences(r["text"], n):
                assert _inside(a, b, r["spans"], "INSTELLING"), (r["id"], n)
                seen[n] += 1
    assert len(seen) >= 50
    insurers = [row[0] for row in _rows("insurers.tsv")]
    for r in records:
        for n in insurers + ["KNHB"]:
            for a, b in _occurrences(r["text"], n):
                assert not _inside(a, b, r["spans"]), (r["id"], n)


def test_names_from_the_lists_are_annotated_wherever_they_occur(records):
    names = {row[0] for row in _rows("given_names.tsv")} | {row[1] for row in _rows("surnames.tsv")}
    names |= {row[1] for row in _rows("nicknames.tsv")}
    for r in records:
        for n in names:
            for a, b in _occurrences(r["text"], n):
                assert _inside(a, b, r["spans"]), (r["id"], n)


def test_clinical_strings_are_kept_and_never_inside_a_span(records):
    terms = [line for line in (dev132_corpus.DATA / "clinical.txt").read_text(encoding="utf-8").splitlines()]
    terms = [t for t in terms if t and not t.startswith("#")]
    seen = Counter()
    for r in records:
        text = r["text"]
        for t in terms:
            for a, b in _occurrences(text, t):
                assert _inside(a, b, r["keep"]), (r["id"], t)
                assert not _inside(a, b, r["spans"]), (r["id"], t)
                seen[t] += 1
        for m in re.finditer(r"\b(?:[Ee]lement|de) (\d{2})\b", text):
            assert _inside(m.start(1), m.end(1), r["keep"]), (r["id"], m.group())
        for k in r["keep"]:
            assert not _inside(k["start"], k["end"], r["spans"]), (r["id"], k)
    # eponyms that look like names and codes that look like numbers are all there
    for t in ("Ellis klasse II", "Andreasen", "Cvek-pulpotomie", "Miller 2", "Frankl 3", "Le Fort I", "X10", "C13"):
        assert seen[t] >= 3, t


def _span_texts(records, category):
    return [(r, s) for r in records for s in r["spans"] if s["category"] == category]


def test_notations_of_the_setting(records):
    every = [s["text"] for r in records for s in r["spans"]]
    assert sum("\u00a0" in t for t in every) >= 5  # no-break space
    assert sum("\u202f" in t for t in every) >= 5  # narrow no-break space
    assert sum("\u200b" in t for t in every) >= 5  # zero-width space
    assert sum("\u00ad" in t for t in every) >= 5  # soft hyphen
    assert sum(any("０" <= c <= "９" for c in t) for t in every) >= 5  # fullwidth digits
    mails = _span_texts(records, "EMAIL")
    assert sum("＠" in s["text"] for _, s in mails) >= 3
    assert sum(bool(re.search(r",(nl|com|be|de)$", s["text"])) for _, s in mails) >= 3
    assert sum(r["text"][s["end"] : s["end"] + 1] == "_" for r, s in mails) >= 3
    # a phone right after a measurement in mm
    phones = _span_texts(records, "TELEFOON")
    assert sum(r["text"][: s["start"]].endswith("mm ") for r, s in phones) >= 3
    # foreign phones: at least eight calling codes
    known = (
        "353",
        "358",
        "385",
        "420",
        "32",
        "49",
        "44",
        "33",
        "34",
        "46",
        "36",
        "48",
        "45",
        "43",
        "64",
        "27",
        "54",
        "1",
    )
    codes = set()
    for _, s in phones:
        digits = _plain_phone(s["text"])
        for cc in known:
            if digits.startswith(("+" + cc, "00" + cc)):
                codes.add(cc)
                break
    assert len(codes) >= 8, codes
    # labels glued to the number
    assert (
        sum(r["text"][: s["start"]].endswith(("pt.nr:", "lidnr:")) for r, s in _span_texts(records, "PATIENTNUMMER"))
        >= 3
    )
    # postcodes written every way, also abroad
    pcs = [s["text"] for _, s in _span_texts(records, "POSTCODE")]
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in pcs)
    assert any(re.fullmatch(r"\d{4} [a-z]{2}", p) for p in pcs)
    assert any(re.fullmatch(r"\d{4}-[A-Z]{2}", p) for p in pcs)
    dutch = re.compile(r"\d{4}[\s-]*[A-Za-z]{2}")
    abroad = [p for p in pcs if not dutch.fullmatch(unicodedata.normalize("NFKC", p).replace("\u200b", ""))]
    assert len(abroad) >= 10 and any(" " in p for p in abroad)
    # lower-case IBANs and dates of birth in several notations
    assert sum(_span_is_lower_iban(s["text"]) for _, s in _span_texts(records, "IBAN")) >= 3
    dobs = [s["text"] for _, s in _span_texts(records, "GEBOORTEDATUM")]
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dobs)
    assert any(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", d) for d in dobs)
    assert any(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", d) for d in dobs)


def _plain_phone(s: str) -> str:
    return re.sub(r"[^\d+]", "", unicodedata.normalize("NFKC", s))


def _span_is_lower_iban(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.islower() for c in letters)


def test_names_in_every_position(records):
    names = [(r, s) for r, s in _span_texts(records, "PERSOON")]
    texts = [s["text"] for _, s in names]
    assert sum(t.islower() for t in texts) >= 30  # lower case
    assert sum(t.split(",")[0].isupper() for t in texts) >= 20  # capitals
    assert sum(bool(re.match(r"^[A-Z]\.([A-Z]\.)? ", t)) for t in texts) >= 50  # initials inside
    assert sum(", " in t for t in texts) >= 50  # surname first
    particles = (" van der ", " van ", " de ", " ter ", " van 't ", " in 't ", " ten ", " du ", " v.d. ", " vd ")
    assert sum(any(p in f" {t} " for p in particles) for t in texts) >= 60  # particles inside
    assert sum(t[0].isupper() and t.split()[0] in ("Van", "Ter", "In", "De", "Ten", "Du") for t in texts) >= 10
    # titles stay outside
    for r, s in names:
        assert not re.match(r"(?i)(dhr|mw|mevr|dr)\.? ", s["text"]), (r["id"], s)
    # a chat contact is a parent's name and a child's name, two spans
    assert any(re.search(r"\((mama|papa|moeder|vader) ", r["text"]) for r in records if r["kind"] == "whatsapp")
