"""dev131 (praktijkovername): the committed part is its generator's output, annotated as its docstring says.

The checksums below are this test's own (not the generator's), so a fixture is checked by two hands."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev131_corpus as part
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate()


def _covered(record: dict, start: int, end: int, categories: tuple[str, ...] | None = None, keep: bool = False) -> bool:
    marks = [s for s in record["spans"] if categories is None or s["category"] in categories]
    if keep:
        marks += record["keep"]
    return any(m["start"] <= start and end <= m["end"] for m in marks)


def _digits(s: str) -> str:
    """The digits of a number as typed: compatibility forms folded, format characters dropped, any script's
    digits read as ASCII."""
    out = []
    for ch in unicodedata.normalize("NFKC", s):
        if unicodedata.category(ch) == "Cf":
            continue
        if ch.isdigit():
            out.append(str(unicodedata.digit(ch)))
    return "".join(out)


def _rijksregister(d: str) -> bool:
    if len(d) != 11:
        return False
    body, check = int(d[:9]), int(d[9:])
    return 97 - body % 97 == check or 97 - (2_000_000_000 + body) % 97 == check


IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "GB": 22, "PL": 28, "TR": 26, "ES": 24, "LU": 20, "PT": 25}


def _mod97(iban: str) -> bool:
    s = "".join(c for c in unicodedata.normalize("NFKC", iban) if c.isalnum()).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    number = "".join(str(ord(c) - ord("A") + 10) if c.isalpha() else c for c in rearranged)
    return int(number) % 97 == 1


# ---------------------------------------------------------------- the file and the generator


def test_committed_file_is_the_generators_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_generator_is_seeded_and_kinds_come_in_turn(records):
    assert part.generate(24) == records[:24]
    assert part.generate(24, part.DEFAULT_SEED + 1) != records[:24]
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270531
    assert len(part.KINDS) == 12 and part.DEFAULT_RECORDS % len(part.KINDS) == 0
    assert [r["kind"] for r in records[:24]] == list(part.KINDS) * 2


def test_contract(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, 20)


def test_texts_are_of_realistic_length(records):
    words = [len(r["text"].split()) for r in records]
    assert min(words) >= 40 and max(words) <= 250
    assert sum(len(r["spans"]) >= 12 for r in records) >= 200


def test_spans_start_and_end_on_word_boundaries(records):
    for r in records:
        t = r["text"]
        for s in r["spans"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not (t[a - 1].isalnum() and t[a].isalnum()), (r["id"], s)
            assert b == len(t) or not (t[b - 1].isalnum() and t[b].isalnum()), (r["id"], s)


# ---------------------------------------------------------------- checksums, by this test's own code


def test_every_bsn_passes_its_check(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 40
    for b in bsns:
        d = _digits(b)
        if len(d) == 11:
            assert _rijksregister(d), b
        else:
            weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
            assert len(d) == 9 and sum(int(c) * w for c, w in zip(d, weights)) % 11 == 0, b
    assert sum(len(_digits(b)) == 11 for b in bsns) >= 2


def test_every_iban_passes_mod97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 60
    assert all(_mod97(i) for i in ibans), [i for i in ibans if not _mod97(i)]
    countries = Counter("".join(c for c in i if c.isalnum())[:2].upper() for i in ibans)
    assert len(countries) >= 6


# ---------------------------------------------------------------- counts


EXPECTED = {
    "ADRES": 203,
    "AGB": 54,
    "BSN": 94,
    "DATUM": 756,
    "EMAIL": 375,
    "GEBOORTEDATUM": 372,
    "IBAN": 154,
    "INSTELLING": 435,
    "LEEFTIJD": 28,
    "LOCATIE": 356,
    "PATIENTNUMMER": 903,
    "PERSOON": 1282,
    "POLISNUMMER": 51,
    "POSTCODE": 203,
    "TELEFOON": 283,
    "URL": 91,
    "UZI": 16,
}
EXPECTED_KEEP = 545


def test_category_and_keep_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == EXPECTED
    assert sum(len(r["keep"]) for r in records) == EXPECTED_KEEP


# ---------------------------------------------------------------- the setting's own numbers and names


OWN_NUMBERS = (
    re.compile(r"(?i)(?<![\w-])dc[- ]?\d{3} ?\d{4}(?!\w)"),  # the chain's new patient number
    re.compile(r"(?<![\w-])BZW-\d{4}(?!\w)"),  # objection number
    re.compile(r"(?<![\w-])F2[67]-\d{5}(?!\w)"),  # one patient's invoice
    re.compile(r"(?<![\w/])OV/\d{2}/\d{4}(?!\w)"),  # a transfer request for one patient
    re.compile(r"(?<![\w-])(?:T-\d{5}|PAT\d{5}|\d{5}-\d)(?!\w)"),  # other practices' patient numbers
    re.compile(r"(?<![\w.,:-])0\d{4}(?![\w.,])"),  # the old system's zero-padded patient number
)
NUMBER_CATEGORIES = ("TELEFOON", "IBAN", "BSN", "AGB", "UZI", "POLISNUMMER")


def test_own_numbers_are_patient_numbers_wherever_they_occur(records):
    found = 0
    for r in records:
        for rx in OWN_NUMBERS:
            for m in rx.finditer(r["text"]):
                if _covered(r, m.start(), m.end(), NUMBER_CATEGORIES):
                    continue  # a digit group of a phone or account number, split by a format character
                found += 1
                assert _covered(r, m.start(), m.end(), ("PATIENTNUMMER",)), (r["id"], m.group())
    assert found >= 700


def test_personnel_numbers_are_patient_numbers(records):
    for r in records:
        for m in re.finditer(r"(?:Personeelsnummer: |nieuw: |^)(\d{3,6})(?= [|(]|\n)", r["text"], re.M):
            assert _covered(r, m.start(1), m.end(1), ("PATIENTNUMMER",)), (r["id"], m.group())


def _occurrences(text: str, value: str):
    for m in re.finditer(re.escape(value), text):
        a, b = m.start(), m.end()
        if (a and text[a - 1].isalnum() and value[0].isalnum()) or (
            b < len(text) and text[b].isalnum() and value[-1].isalnum()
        ):
            continue
        yield a, b


@pytest.mark.parametrize("category", ["PATIENTNUMMER", "INSTELLING", "EMAIL", "IBAN", "BSN", "PERSOON", "TELEFOON"])
def test_an_annotated_value_is_annotated_everywhere_in_its_record(records, category):
    for r in records:
        for s in r["spans"]:
            if s["category"] != category:
                continue
            for a, b in _occurrences(r["text"], s["text"]):
                assert _covered(r, a, b, keep=True), (r["id"], s["text"], a)


def test_organisations_are_annotated_wherever_they_occur(records):
    names = {
        line.strip()
        for f in ("practices.txt", "practices_be.txt", "notaries.txt", "accountants.txt")
        for line in (part.DATA / f).read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    seen = 0
    for r in records:
        for n in names:
            for a, b in _occurrences(r["text"], n):
                seen += 1
                assert _covered(r, a, b, ("INSTELLING",)), (r["id"], n)
        for m in re.finditer(r"Dental Clinics (?!Nederland\b)[A-Z']", r["text"]):
            assert _covered(r, m.start(), m.end(), ("INSTELLING",)), (r["id"], m.group())
        assert "Dental Clinics Nederland" not in {s["text"] for s in r["spans"]}
    assert seen >= 100


def test_practice_systems_and_insurers_are_not_annotated(records):
    for r in records:
        for s in r["spans"]:
            assert "Occlusa" not in s["text"] and "DCN Centraal" not in s["text"], (r["id"], s)
            assert s["text"] not in part.INSURERS, (r["id"], s)


# ---------------------------------------------------------------- clinical strings


def test_clinical_strings_are_kept_and_never_inside_a_span(records):
    codes = [
        row.split("\t")[0]
        for row in (part.DATA / "treatment_codes.tsv").read_text(encoding="utf-8").splitlines()
        if row and not row.startswith("#")
    ]
    drugs = [d for d in part.MEDICATION] + [c for c in part.CONDITIONS]
    patterns = [re.compile(rf"(?<![\w-]){re.escape(c)}(?![\w-])") for c in codes]
    patterns += [re.compile(re.escape(x)) for x in drugs]
    patterns += [re.compile(r"element \d\d"), re.compile(r"DPSI [123][+-]?"), re.compile(r"BoP")]
    kept = 0
    for r in records:
        for k in r["keep"]:
            for s in r["spans"]:
                assert k["end"] <= s["start"] or s["end"] <= k["start"], (r["id"], k, s)
        for rx in patterns:
            for m in rx.finditer(r["text"]):
                kept += 1
                assert _covered(r, m.start(), m.end(), categories=(), keep=True), (r["id"], m.group())
    assert kept >= 450
    texts = Counter(k["text"] for r in records for k in r["keep"])
    # clinical strings that look like names or numbers are among them
    assert any(t.startswith(("Angle", "Kennedy", "Black", "Miller", "Le Fort", "M. ")) for t in texts)
    assert any(re.fullmatch(r"[1-8][1-8]", t) for t in texts)  # a bare element in an invoice line
    assert any("1:100.000" in t or "ppm" in t for t in texts)


# ---------------------------------------------------------------- notations


def _spans(records, category=None):
    return [(r, s) for r in records for s in r["spans"] if category is None or s["category"] == category]


def test_notations_the_setting_brings(records):
    every = _spans(records)
    texts = [s["text"] for _, s in every]
    assert sum("\u00a0" in t for t in texts) >= 10  # no-break space
    assert sum("\u202f" in t for t in texts) >= 5  # narrow no-break space
    assert sum("\u200b" in t for t in texts) >= 10  # zero-width space
    assert sum("\u00ad" in t for t in texts) >= 3  # soft hyphen
    assert sum(any("\uff10" <= c <= "\uff19" for c in t) for t in texts) >= 5  # fullwidth digits
    assert sum(any("\u0660" <= c <= "\u0669" for c in t) for t in texts) >= 1  # Arabic-Indic digits

    emails = [s["text"] for _, s in _spans(records, "EMAIL")]
    assert any("＠" in e for e in emails)
    assert any(re.search(r",(nl|com|pl|be|de)$", e) for e in emails)
    assert any("%40" in e for e in emails)  # URL-encoded in a web-hook log
    assert any(e.isupper() for e in emails)
    assert any(r["text"][s["end"] : s["end"] + 1] == "_" for r, s in _spans(records, "EMAIL"))

    # numbers glued to a label's colon or dot
    glued = [
        s for r, s in every if s["start"] and r["text"][s["start"] - 1] in ":." and r["text"][s["start"] - 2].isalpha()
    ]
    assert {s["category"] for s in glued} >= {"BSN", "PATIENTNUMMER"}

    phones = _spans(records, "TELEFOON")
    assert any(r["text"][s["end"] : s["end"] + 3] == " mm" for r, s in phones)
    assert any(r["text"][max(0, s["start"] - 4) : s["start"]] == "BoP " for r, s in phones)
    countries = set()
    for _, s in phones:
        typed = unicodedata.normalize("NFKC", s["text"])
        if typed.startswith(("+", "00")) and not typed.startswith(("+31", "0031")):
            digits = _digits(typed)[2:] if typed.startswith("00") else _digits(typed)
            countries |= {c for c in ("32", "49", "90", "212", "48", "597", "599", "44") if digits.startswith(c)}
    assert len(countries) >= 6, countries

    ibans = [s["text"] for _, s in _spans(records, "IBAN")]
    assert any(i == i.lower() for i in ibans) and any("." in i for i in ibans)

    pcs = _spans(records, "POSTCODE")
    assert any(re.fullmatch(r"\d{4} [a-z]{2}", s["text"]) for _, s in pcs)
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", s["text"]) for _, s in pcs)
    assert any(re.fullmatch(r"\d{5}", s["text"]) for _, s in pcs)  # German

    dobs = [s["text"] for _, s in _spans(records, "GEBOORTEDATUM")]
    assert any(re.fullmatch(r"\d{8}", d) for d in dobs)
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dobs)


def test_names_in_every_position(records):
    names = [(r, s) for r, s in _spans(records, "PERSOON")]
    texts = [s["text"] for _, s in names]
    particle = r"(?:van der|van den|van de|van 't|in 't|op de|uit den|van|de|den|ter|ten|'t|da|dos)"
    assert sum(bool(re.search(rf"(?:^|[ .]){particle} [A-Z]", t)) for t in texts) >= 30  # particles inside
    assert sum(", " in t for t in texts) >= 100  # surname first
    assert any(re.search(rf", \S.* {particle}$", t) for t in texts)  # Heijden, Sanne van der
    assert sum(t.islower() for t in texts) >= 20
    assert sum(t.isupper() for t in texts) >= 20
    assert any(re.fullmatch(r"(?:[A-ZŁÖÇŞ]\.)+ \S.*", t) for t in texts)  # initials
    assert any(c in "".join(texts) for c in "ıİşğ") and any(c in "".join(texts) for c in "łśńąż")
    assert any("+" in t for t in texts)  # form-encoded
    # titles and labels stay outside
    assert not any(
        t.lower().startswith(("dhr", "mw", "mevr", "de heer", "mevrouw", "tandarts ", "mr. ")) for t in texts
    )
    # greetings and signatures: a given name alone after "Beste"/"Hallo" and before a line break
    assert any(r["text"][max(0, s["start"] - 6) : s["start"]] in ("Beste ", "Hallo ") for r, s in names)
