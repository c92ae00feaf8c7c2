"""The dev122 part (dental care for asylum seekers and status holders): the committed file is its generator's output,
the annotations keep the contract, and the setting's own identifiers (V-numbers, COA numbers, interpreter numbers,
reception centres, unknown dates of birth, names in the person's own script) are annotated where they stand.
Checksums are computed here by this file's own code, not the generator's helpers."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

from fixtures.text import corpus_file
from fixtures.text import dev122_corpus as part
from tests.text import annotated_parts

TEXT = part.PATH.read_text(encoding="utf-8")
RECORDS = [json.loads(line) for line in TEXT.splitlines()]

COUNTS = {
    "ADRES": 100,
    "AGB": 18,
    "BSN": 30,
    "DATUM": 444,
    "EMAIL": 91,
    "GEBOORTEDATUM": 239,
    "IBAN": 7,
    "INSTELLING": 344,
    "LEEFTIJD": 35,
    "LOCATIE": 149,
    "PATIENTNUMMER": 395,
    "PERSOON": 940,
    "POLISNUMMER": 5,
    "POSTCODE": 74,
    "TELEFOON": 190,
    "URL": 7,
    "UZI": 59,
}
KEEP_COUNT = 761


def _digits(s: str) -> str:
    """The digits of a string in any script (Arabic-Indic and Persian digits read as ASCII)."""
    return "".join(str(unicodedata.digit(c)) for c in s if unicodedata.category(c) == "Nd")


def _eleven_test(number: str) -> bool:
    """The 11-proef, written out: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11."""
    if len(number) != 9:
        return False
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    total = 0
    for digit, weight in zip(number, weights):
        total += int(digit) * weight
    return total % 11 == 0


def _mod97(iban: str) -> bool:
    """ISO 13616 check, computed piecewise (no big integer): the account moved behind the country and check digits,
    letters as 10..35, the remainder by 97 is 1."""
    compact = "".join(c for c in iban if c.isalnum()).upper()
    if len(compact) != {"NL": 18, "BE": 16}.get(compact[:2], -1):
        return False
    remainder = 0
    for c in compact[4:] + compact[:4]:
        for d in str(ord(c) - ord("A") + 10) if c.isalpha() else c:
            remainder = (remainder * 10 + int(d)) % 97
    return remainder == 1


def _spans(category: str):
    for r in RECORDS:
        for s in r["spans"]:
            if s["category"] == category:
                yield r, s


def _covered(record: dict, start: int, end: int, category: str) -> bool:
    return any(s["category"] == category and s["start"] <= start and end <= s["end"] for s in record["spans"])


def test_the_committed_file_is_the_generators_output():
    assert TEXT == corpus_file.dumps(part.generate())
    assert len(RECORDS) == part.DEFAULT_RECORDS == 240


def test_the_generator_is_seeded():
    assert part.generate(24, 5) == part.generate(24, 5)
    assert part.generate(24, 5) != part.generate(24, 6)
    assert part.generate(24) == part.generate()[:24]


def test_the_contract_holds():
    annotated_parts.assert_spans_exact_and_disjoint(RECORDS)
    annotated_parts.assert_fields_and_kinds(RECORDS, part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))
    assert len(part.KINDS) == 12


def test_every_span_stands_on_word_boundaries():
    for r in RECORDS:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] > 0 else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s)
            assert s["text"][0].isalnum() or s["text"][0] in "+('", (r["id"], s)


def test_every_bsn_passes_the_eleven_test():
    found = list(_spans("BSN"))
    assert found
    for r, s in found:
        digits = _digits(s["text"])
        assert _eleven_test(digits), (r["id"], s)
        assert annotated_parts.bsn_ok(digits)


def test_every_iban_passes_mod_97():
    found = list(_spans("IBAN"))
    assert found
    for r, s in found:
        assert _mod97(s["text"]), (r["id"], s)
        assert annotated_parts.iban_ok(s["text"], {"NL": 18, "BE": 16})


def test_the_category_counts_are_pinned():
    assert dict(Counter(s["category"] for r in RECORDS for s in r["spans"])) == COUNTS
    assert sum(len(r["keep"]) for r in RECORDS) == KEEP_COUNT


V_LABEL = re.compile(
    r"(?:V-nummer|V-nr\.?|Vnr|v-nummer|V nummer|vreemdelingennummer|Vreemdelingennr\.|V\.nr|v-nr|V-number|V number"
    r"|v number|v-number|vreemdelingennr\.|vnr|v nummer|v\.nr|\(V-nr\.\))(?: \(zie W-document\))?:? ?"
)
COA_LABEL = re.compile(r"(?:COA-nr|COA-nummer|COA reg\.nr\.|COA-registratienummer|regnr\. COA|bewonersnr\.|COA nr):? ?")
TOLK_LABEL = re.compile(r"\b(?:tolk(?:ennummer|nummer|nr\.?| nr|-ID)?|ID tolk:|interpreter no\.) ?(?=\d)")


def test_v_numbers_are_patient_numbers_of_ten_digits():
    seen = 0
    for r in RECORDS:
        for m in V_LABEL.finditer(r["text"]):
            start = m.end()
            if not r["text"][start : start + 1].isdigit():
                continue
            span = next(s for s in r["spans"] if s["start"] == start)
            assert span["category"] == "PATIENTNUMMER", (r["id"], span)
            assert len(_digits(span["text"])) == 10, (r["id"], span)
            seen += 1
    assert seen >= 120
    assert sum(1 for _, s in _spans("PATIENTNUMMER") if len(_digits(s["text"])) == 10) >= 250
    # and the Vektis filling codes V91-V94 stay clinical
    for r in RECORDS:
        for m in re.finditer(r"\bV9[1-4]\b", r["text"]):
            assert any(k["start"] == m.start() and k["end"] == m.end() for k in r["keep"]), (r["id"], m.group())


def test_coa_numbers_and_interpreter_numbers_are_annotated():
    coa = tolk = 0
    for r in RECORDS:
        for m in COA_LABEL.finditer(r["text"]):
            span = next(s for s in r["spans"] if s["start"] == m.end())
            assert span["category"] == "PATIENTNUMMER" and len(span["text"]) == 7, (r["id"], span)
            coa += 1
        for m in TOLK_LABEL.finditer(r["text"]):
            span = next(s for s in r["spans"] if s["start"] == m.end())
            assert span["category"] == "UZI", (r["id"], span)
            tolk += 1
    assert coa >= 15 and tolk >= 25
    # every interpreter's number stands where an interpreter is named (the ID is the interpreter's, not the patient's)
    for r, s in _spans("UZI"):
        assert 5 <= len(s["text"]) <= 6 and s["text"].isdigit(), (r["id"], s)
        assert re.search(r"(?i)tolk|interpreter", r["text"][max(0, s["start"] - 45) : s["start"]]), (r["id"], s)


def test_reception_centres_and_health_centres_are_institutions():
    pattern = re.compile(
        r"\b(?:azc|AZC|Azc|COA-locatie|COA locatie|GZA-locatie|GZA|COA|Gezondheidscentrum Asielzoekers) (?=[A-Z])"
    )
    places = {row[0] for row in part.lists().azc}
    seen = 0
    for r in RECORDS:
        for m in pattern.finditer(r["text"]):
            rest = r["text"][m.end() :]
            place = next((p for p in sorted(places, key=len, reverse=True) if rest.startswith(p)), None)
            if place is None:
                continue
            assert _covered(r, m.start(), m.end() + len(place), "INSTELLING"), (r["id"], m.group(), place)
            seen += 1
    assert seen >= 200


def test_unknown_dates_of_birth_are_dates_of_birth():
    seen = 0
    for r in RECORDS:
        normal = "".join(str(unicodedata.digit(c)) if unicodedata.category(c) == "Nd" else c for c in r["text"])
        for m in re.finditer(r"(?<!\d)(?:00|xx)[-./](?:00|xx)[-./](?:19|20)\d\d(?!\d)", normal):
            assert _covered(r, m.start(), m.end(), "GEBOORTEDATUM"), (r["id"], m.group())
            seen += 1
    assert seen >= 25
    assert (
        sum(1 for _, s in _spans("GEBOORTEDATUM") if re.match(r"0?1[-/ ]0?1[-/]|1 januari|\d{4}-01-01", s["text"]))
        >= 10
    )


def test_names_in_many_spellings_and_scripts_are_persons():
    scripts = Counter()
    for _, s in _spans("PERSOON"):
        for name, pattern in (
            ("arabic", "[\u0600-\u06ff]"),
            ("geez", "[\u1200-\u137f]"),
            ("cyrillic", "[\u0400-\u04ff]"),
        ):
            if re.search(pattern, s["text"]):
                scripts[name] += 1
    assert sum(scripts.values()) >= 8 and len(scripts) >= 2
    # the same person under two spellings in one record (registration and the patient's hand, the municipality ...)
    variants = 0
    for row in part.lists().given.values():
        for forms in row:
            if len(forms) > 1:
                for r in RECORDS:
                    names = {s["text"] for s in r["spans"] if s["category"] == "PERSOON"}
                    words = {w.strip(",").lower() for n in names for w in n.split()}
                    if sum(1 for f in forms if f.lower() in words) >= 2:
                        variants += 1
    assert variants >= 30


def test_arabic_indic_digits_and_bidi_marks_are_read():
    native = [s for r in RECORDS for s in r["spans"] if re.search("[\u0660-\u0669\u06f0-\u06f9]", s["text"])]
    assert native and all(s["category"] in ("TELEFOON", "GEBOORTEDATUM", "BSN") for s in native)
    marks = 0
    for r in RECORDS:
        for s in r["spans"]:
            assert "\u200e" not in s["text"] and "\u200f" not in s["text"]
            if s["start"] > 0 and r["text"][s["start"] - 1] == "\u200e":
                marks += 1
    assert marks >= 5
