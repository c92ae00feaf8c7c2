"""dev156: dental care in the Caribbean Netherlands (Bonaire, Sint Eustatius, Saba), written independently.

The committed part is its generator's output, seeded and prefix-stable; spans are exact, disjoint and on word
boundaries; BSNs and IBANs pass checks written here (besides ``annotated_parts``); the identifiers particular to the
islands (+599 phones, ZVK authorisation and insured numbers, practice patient numbers, ID-card numbers) are
annotated wherever they occur; clinical strings are kept and never inside a span; the planted notations are there."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev156_corpus as part
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


def _covered(record: dict, start: int, end: int, categories: set[str] | None = None, keep: bool = False) -> bool:
    entries = record["keep"] if keep else record["spans"]
    return any(
        e["start"] <= start and end <= e["end"] and (categories is None or e["category"] in categories) for e in entries
    )


def _digits(text: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", text))


# ------------------------------------------------------------------------------------------------- file and seeding


def test_committed_file_is_the_generators_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_seeded_and_prefix_stable(records):
    assert part.generate(37, part.DEFAULT_SEED) == records[:37]
    assert part.generate(5, part.DEFAULT_SEED + 1) != records[:5]
    assert part.generate(12, 7) == part.generate(12, 7)


def test_module_contract():
    assert part.DEFAULT_RECORDS == 240
    assert part.DEFAULT_SEED == 20270625
    assert len(part.KINDS) in (8, 10, 12) and len(set(part.KINDS)) == len(part.KINDS)
    assert part.DATA.name == "dev156_data" and part.DATA.is_dir()
    assert str(part.PATH) == "eval/text/dev156.jsonl"
    assert "Caribbean Netherlands" in (part.__doc__ or "")


def test_own_lists_are_large_enough():
    given = {r[0] for r in part.GIVEN}
    surnames = {r[0] for r in part.SURNAMES}
    assert len(given) >= 150 and len(surnames) >= 150
    assert {r[2] for r in part.GIVEN} >= {"ant", "eng", "lat", "nl", "sur", "oth"}


# ------------------------------------------------------------------------------------------------- shared contract


def test_spans_exact_and_disjoint(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_fields_and_kinds(records):
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, 240 // len(part.KINDS))
    assert [r["id"] for r in records[:3]] == ["dev156-0001", "dev156-0002", "dev156-0003"]


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not text[a - 1].isalnum(), (r["id"], s)
            assert b == len(text) or not text[b].isalnum(), (r["id"], s)


def test_lengths(records):
    lengths = [len(r["text"]) for r in records]
    assert min(lengths) >= 300 and max(lengths) <= 1500


# ------------------------------------------------------------------------------------------------- checksums


def _elfproef(digits: str) -> bool:
    if len(digits) != 9:
        return False
    total = sum(int(c) * (9 - i) for i, c in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0


IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


def _mod97(iban: str) -> bool:
    s = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", iban).upper())
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rest = 0
    for c in s[4:] + s[:4]:
        for d in str(int(c, 36)):
            rest = (rest * 10 + int(d)) % 97
    return rest == 1


def test_every_bsn_passes_the_elfproef(records):
    bsns = [s for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for s in bsns:
        digits = _digits(s["text"])
        assert _elfproef(digits), s
        assert annotated_parts.bsn_ok(digits), s


def test_every_iban_passes_mod97(records):
    ibans = [s for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert ibans
    for s in ibans:
        assert _mod97(s["text"]), s
        assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", s["text"]), IBAN_LENGTHS), s


def test_belgian_ibans_carry_their_national_check(records):
    for r in records:
        for s in r["spans"]:
            compact = re.sub(r"[^0-9A-Za-z]", "", s["text"]).upper()
            if s["category"] == "IBAN" and compact.startswith("BE"):
                assert (int(compact[4:14]) % 97 or 97) == int(compact[14:]), s


# ------------------------------------------------------------------------------------------------- counts

CATEGORY_COUNTS = {
    "PERSOON": 1110,
    "DATUM": 761,
    "LOCATIE": 635,
    "TELEFOON": 408,
    "INSTELLING": 396,
    "GEBOORTEDATUM": 310,
    "PATIENTNUMMER": 305,
    "ADRES": 263,
    "BSN": 170,
    "EMAIL": 164,
    "LEEFTIJD": 144,
    "POLISNUMMER": 77,
    "POSTCODE": 24,
    "IBAN": 15,
    "AGB": 12,
    "URL": 11,
    "UZI": 8,
}
KEEP_COUNT = 1006


def test_category_and_keep_counts(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


# ------------------------------------------------------------------------------------------------- the theme

THEME_PATTERNS = (
    # island and Curaçao phones with the +599 / 00599 country code, also form-encoded
    (re.compile(r"(?:\+|%2B|00)599[\s\u00a0\u202f\u200b-]*\d"), {"TELEFOON"}),
    (re.compile(r"\(599\d?\)[\s]*\d"), {"TELEFOON"}),
    # ZVK authorisation / referral case numbers
    (re.compile(r"\b(?:M-20\d\d-\d{5}|ZVK/\d\d/\d{5}|MU \d\d/\d{4}|AUT-\d{7})\b"), {"PATIENTNUMMER"}),
    # ZVK insured numbers
    (re.compile(r"\bZV(?:\d{7}|-\d{3}-\d{4})\b"), {"POLISNUMMER"}),
    # island practice patient numbers
    (re.compile(r"\b(?:BON-|KRA|SDC-|SAB|SDP-|EUX/)\d{4,6}\b"), {"PATIENTNUMMER", "URL"}),
    # Aruba and Curaçao phones
    (re.compile(r"(?:\+|00)297[\s\u202f]*\d|\(297\)"), {"TELEFOON"}),
)


def test_island_identifiers_annotated_wherever_they_occur(records):
    found = Counter()
    for r in records:
        for j, (pattern, cats) in enumerate(THEME_PATTERNS):
            for m in pattern.finditer(r["text"]):
                found[j] += 1
                assert _covered(r, m.start(), m.end(), cats), (r["id"], m.group(), cats)
    assert all(found[j] > 0 for j in range(len(THEME_PATTERNS))), found


def test_recurring_personal_data_annotated_each_time(records):
    """A name, number or place annotated once in a record is annotated (or inside a larger span) wherever it recurs."""
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            if len(s["text"]) < 3:
                continue
            for m in re.finditer(re.escape(s["text"]), text):
                a, b = m.start(), m.end()
                if (a and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
                    continue
                assert _covered(r, a, b) or _covered(r, a, b, keep=True), (r["id"], s["text"])


def test_sedula_and_foreign_documents(records):
    """Curaçao/Aruba ID-card numbers and the old island person numbers (date of birth + two digits), Colombian
    cédulas and passports are PATIENTNUMMER, right after their label."""
    sedulas = 0
    for r in records:
        for s in r["spans"]:
            d = _digits(s["text"])
            if s["category"] == "PATIENTNUMMER" and len(d) == 10 and d[:2] in ("19", "20") and "-" not in s["text"]:
                if 1 <= int(d[4:6]) <= 12 and 1 <= int(d[6:8]) <= 31:
                    sedulas += 1
        labels = r"(?:\bNr\. |Persoonsnummer \(oud\): |identidad \((?:Curaçao|Aruba)\) |colombiana |Pasaporte |passport \(?|paspoort \(nr\. )"
        for m in re.finditer(labels, r["text"]):
            assert any(s["start"] == m.end() and s["category"] == "PATIENTNUMMER" for s in r["spans"]), r["id"]
    assert sedulas >= 10
    texts = "\n".join(r["text"] for r in records)
    assert "sédula" in texts and "cédula colombiana" in texts and "Pasaporte" in texts


def test_places_in_papiamentu_and_the_island_ambiguities(records):
    locs = Counter(s["text"] for r in records for s in r["spans"] if s["category"] == "LOCATIE")
    for place in ("Bonaire", "Boneiru", "Kòrsou", "Kralendijk", "The Bottom", "Colombia", "Medellín"):
        assert locs[place] > 0, place
    # Oranjestad is both Statia's and Aruba's capital; Statia is an island and a surname
    assert locs["Oranjestad"] > 0
    people = "\n".join(s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON")
    assert re.search(r"\bStatia\b", people) or locs["Statia"] > 0


def test_lower_case_names_and_logins_are_persons(records):
    persons = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    assert sum(p == p.lower() and "." not in p for p in persons) >= 10
    assert sum(re.fullmatch(r"[a-z]+\.[a-z]+", p) is not None for p in persons) >= 5


# ------------------------------------------------------------------------------------------------- clinical strings


def test_clinical_strings_kept_and_never_inside_a_span(records):
    clinical = sorted({r[0] for r in part.CLINICAL}, key=len, reverse=True)
    codes = {c[0] for c in part.CODES}
    seen = Counter()
    for r in records:
        text = r["text"]
        for term in clinical:
            for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", text):
                seen[term] += 1
                assert _covered(r, m.start(), m.end(), keep=True), (r["id"], term)
                assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], term)
        for k in r["keep"]:
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"])
        if r["kind"] == "factuur_usd":
            for m in re.finditer(r"(?m)^\S+  ([A-Z]\d\d)\b", text):
                assert m.group(1) in codes and _covered(r, m.start(1), m.end(1), keep=True)
    assert len(seen) >= 40
    keeps = Counter(k["text"] for r in records for k in r["keep"])
    # invoice items that look like names (Kroon is also a surname) stay
    assert keeps["Kroon"] > 0 and keeps["OPG"] > 0
    assert any(k.startswith("element ") for k in keeps) and any(k.startswith("pieza ") for k in keeps)
    assert any(k.startswith("tooth ") for k in keeps) and any(re.fullmatch(r"(?:dmft|DMFT) \d+", k) for k in keeps)


# ------------------------------------------------------------------------------------------------- notations


def _span_texts(records, category):
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def test_planted_notations_are_present(records):
    ids = [s["text"] for r in records for s in r["spans"] if s["category"] in ("BSN", "TELEFOON", "IBAN", "POSTCODE")]
    for char in ("\u00a0", "\u202f", "\u200b", "\u00ad"):
        assert any(char in t for t in ids), repr(char)
    assert any(re.search("[\uff10-\uff19]", t) for t in ids)
    emails = _span_texts(records, "EMAIL")
    assert any("\uff20" in e for e in emails)
    assert any(re.search(r",(?:com|nl|net|es)$", e) for e in emails)
    assert any(e == e.upper() and "@" in e for e in emails)
    texts = "\n".join(r["text"] for r in records)
    assert re.search(r"@[\w.]+\.\w+_", texts)
    assert re.search(r"BSN:\d", texts) and re.search(r"tel\.\+599", texts)
    phones = _span_texts(records, "TELEFOON")
    assert any(t.startswith("%2B599") for t in phones)
    assert any(re.fullmatch(r"\d{3}-\d{4}", t) for t in phones)  # local island number, no country code
    assert any(re.fullmatch(r"\d{7}", t) for t in phones)
    assert any(t.startswith("+57") or t.startswith("(+57)") for t in phones)
    assert any(t.startswith("+1 ") or t.startswith("1-721") for t in phones)
    assert any(t.startswith("+31") or t.startswith("06") for t in phones)
    dates = _span_texts(records, "GEBOORTEDATUM") + _span_texts(records, "DATUM")
    assert any(re.match(r"[lO]\d|\d\d-[lO]\d|\d\d-\d\d-[lO]", t) for t in dates)  # OCR letter for digit
    assert any(" di " in t for t in dates) and any(" de " in t for t in dates)
    assert any("%2F" in t for t in dates)
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:]+(?:Z|-04:00)", t) for t in dates)
    postcodes = _span_texts(records, "POSTCODE")
    assert any(re.fullmatch(r"\d{4}[a-z]{2}|\d{4} [a-z]{2}", t) for t in postcodes)
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", t) for t in postcodes)
    assert any(t == t.lower() and " " in t for t in _span_texts(records, "IBAN"))
