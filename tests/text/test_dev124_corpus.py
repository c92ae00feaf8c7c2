"""Evaluation part dev124 (dental neglect and child protection): the committed file is what the generator writes,
the annotation holds the contract, and the setting's own identifiers (case numbers of Veilig Thuis, the Raad and
the court, advisors, guardians) are annotated wherever they are written."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev124_corpus
from tests.text import annotated_parts

PER_KIND = dev124_corpus.DEFAULT_RECORDS // len(dev124_corpus.KINDS)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev124_corpus.PATH.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def generated() -> list[dict]:
    return dev124_corpus.generate()


def test_committed_file_is_the_generators_output(records, generated):
    assert records == generated
    assert dev124_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(generated)


def test_generator_is_seeded(generated):
    assert dev124_corpus.generate() == generated
    other = dev124_corpus.generate(seed=dev124_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in generated]
    assert len(dev124_corpus.generate(24)) == 24


def test_contract_fields_kinds_and_spans(records):
    assert len(dev124_corpus.KINDS) == 12
    assert len(records) == dev124_corpus.DEFAULT_RECORDS
    annotated_parts.assert_fields_and_kinds(records, dev124_corpus.KINDS, PER_KIND)
    annotated_parts.assert_spans_exact_and_disjoint(records)
    assert all(r["id"].startswith("dev124-") for r in records)


def _cuts_a_word(text: str, i: int) -> bool:
    return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()


def test_every_span_starts_and_ends_on_a_word_boundary(records):
    for r in records:
        for s in r["spans"] + r["keep"]:
            assert not _cuts_a_word(r["text"], s["start"]), (r["id"], s)
            assert not _cuts_a_word(r["text"], s["end"]), (r["id"], s)


# ---------------------------------------------------------------------------------------------- checksums, own code


def _elfproef(number: str) -> bool:
    digits = [int(ch) for ch in number]
    if len(digits) != 9:
        return False
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1))) - digits[8]
    return total % 11 == 0


_IBAN_LENGTH = {"NL": 18, "BE": 16, "DE": 22, "PL": 28}


def _mod97(iban: str) -> bool:
    compact = "".join(ch for ch in iban if ch.isalnum()).upper()
    if _IBAN_LENGTH.get(compact[:2]) != len(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    remainder = 0
    for ch in rearranged:
        value = str(int(ch, 36))
        for digit in value:
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def _spans(records: list[dict], category: str) -> list[tuple[str, dict]]:
    return [(r["id"], s) for r in records for s in r["spans"] if s["category"] == category]


def test_every_bsn_passes_the_elfproef(records):
    bsns = _spans(records, "BSN")
    assert len(bsns) >= 25
    for rid, s in bsns:
        digits = "".join(ch for ch in s["text"] if ch.isdigit())
        assert _elfproef(digits), (rid, s)
        assert annotated_parts.bsn_ok(digits), (rid, s)


def test_every_iban_passes_mod97(records):
    ibans = _spans(records, "IBAN")
    assert len(ibans) >= 8
    assert {s["text"][:2].upper() for _, s in ibans} > {"NL"}  # also a foreign account
    for rid, s in ibans:
        assert _mod97(s["text"]), (rid, s)
        assert annotated_parts.iban_ok(s["text"], _IBAN_LENGTH), (rid, s)


# ---------------------------------------------------------------------------------------------- pinned counts

CATEGORY_COUNTS = {
    "ADRES": 102,
    "AGB": 28,
    "BSN": 28,
    "DATUM": 583,
    "EMAIL": 105,
    "GEBOORTEDATUM": 136,
    "IBAN": 11,
    "INSTELLING": 442,
    "LEEFTIJD": 129,
    "LOCATIE": 238,
    "PATIENTNUMMER": 182,
    "PERSOON": 1412,
    "POLISNUMMER": 14,
    "POSTCODE": 92,
    "TELEFOON": 229,
    "URL": 16,
    "UZI": 2,
}
KEEP_COUNT = 833


def test_category_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(sorted(counts.items())) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


# ---------------------------------------------------------------------------------------------- the setting's identifiers

CASE_NUMBERS = (
    re.compile(r"VT-?\d{4}-?\d{6}"),  # Veilig Thuis, glued prefix
    re.compile(r"(?<![\d/])20[23]\d[-/]\d{6}(?!\d)"),  # Veilig Thuis without prefix (year-number)
    re.compile(r"RvdK-\d{7}"),  # Raad voor de Kinderbescherming
    re.compile(r"C/\d{2}/\d{6}"),  # court zaaknummer
    re.compile(r"(?<=RK )\d{2}-\d{3,4}"),  # court rekestnummer after its register label
    re.compile(r"ECLI:NL:[A-Z]+:\d{4}:\d+"),
    re.compile(r"(?<=Uw kenmerk: )[\d.]{7,9}"),  # Raad number in the practice's reply
)


def _covered(r: dict, start: int, end: int, category: str) -> bool:
    return any(s["start"] <= start and end <= s["end"] and s["category"] == category for s in r["spans"])


def test_case_numbers_of_the_child_protection_chain_are_annotated(records):
    found = Counter()
    for r in records:
        for k, pattern in enumerate(CASE_NUMBERS):
            for m in pattern.finditer(r["text"]):
                found[k] += 1
                assert _covered(r, m.start(), m.end(), "PATIENTNUMMER"), (r["id"], m.group())
    assert all(found[k] > 0 for k in range(len(CASE_NUMBERS))), found
    # the label outside, the number inside: 'JE RK' and 'VT ' are not in the span
    for r in records:
        for s in r["spans"]:
            assert not s["text"].startswith(("JE RK", "VT ", "RK ")), (r["id"], s)


def test_every_veilig_thuis_record_names_its_case_or_advisor(records):
    for r in records:
        if r["kind"] != "veilig_thuis":
            continue
        cats = Counter(s["category"] for s in r["spans"])
        assert cats["PATIENTNUMMER"] >= 1 or cats["PERSOON"] >= 3, r["id"]


PEOPLE_CUES = re.compile(
    r"(?:adviseur|gezinsvoogd|jeugdbeschermer van|pleegmoeder|raadsonderzoeker|kindertandarts|Oma|stiefvader|"
    r"voogd \(|aandachtsfunctionaris) (?:(?:mw\.|mevr\.|mevrouw|dhr\.|de heer) )?([A-ZÀ-ÿŁŚŻ][\w'-]+)"
)


def test_people_after_their_role_are_persons(records):
    checked = 0
    for r in records:
        for m in PEOPLE_CUES.finditer(r["text"]):
            if _covered(r, m.start(1), m.end(1), "INSTELLING"):
                continue  # 'kindertandarts CBT Oost-Nederland': an institution after the role
            checked += 1
            assert _covered(r, m.start(1), m.end(1), "PERSOON"), (r["id"], m.group())
    assert checked >= 50


def test_organisations_of_the_setting_are_institutions(records):
    pattern = re.compile(
        r"Veilig Thuis (?!VT)[A-Z][\w-]+(?: [A-Z][\w-]+)?|Rechtbank [A-Z][\w-]+|RECHTBANK [A-Z]+|"
        r"Jeugdbescherming [A-Z]\w+|William Schrikker Stichting|Consultatiebureau [A-Z]\w+"
    )
    seen = 0
    for r in records:
        for m in pattern.finditer(r["text"]):
            seen += 1
            assert _covered(r, m.start(), m.end(), "INSTELLING"), (r["id"], m.group())
    assert seen >= 80


def test_the_settings_notations_are_present(records):
    texts = "\n".join(r["text"] for r in records)
    persons = [s["text"] for _, s in _spans(records, "PERSOON")]
    ages = [s["text"] for _, s in _spans(records, "LEEFTIJD")]
    phones = [s["text"] for _, s in _spans(records, "TELEFOON")]
    assert any(re.fullmatch(r"\d;\d{1,2} (?:jr|jaar)", a) for a in ages)  # JGZ years;months
    assert any(a.endswith(("mnd", "maanden")) for a in ages)
    assert any(a.isdigit() for a in ages)  # 'Noa (4)'
    assert any(p.startswith("@") for p in persons)  # a youth's handle
    assert any("," in p for p in persons)  # surname first
    assert any(p.isupper() for p in persons)  # a court's capitals
    assert any("\u00ad" in p for p in persons)  # soft hyphen from a PDF
    assert any("\u00a0" in p for p in phones)
    assert any(p.startswith("+48") or p.startswith("+90") or p.startswith("+380") for p in phones)
    assert "0800-2000" in texts and not any(p == "0800-2000" for p in phones)
    keeps = [k["text"] for r in records for k in r["keep"]]
    assert any(re.fullmatch(r"element [5-8][1-5]", k) for k in keeps)  # deciduous elements
    assert any(k.startswith("dmft") for k in keeps) and any(k.startswith("DPSI") for k in keeps)
    assert any("mg" in k for k in keeps) and "S-ECC" in keeps
