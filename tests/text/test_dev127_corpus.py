"""Evaluation part dev127 (patient transport for frail and disabled patients): the committed file is the generator's
output, the generator is seeded, the records keep the shared contract, and this part's own decisions hold (pass
numbers PATIENTNUMMER, ride and authorisation numbers ID, medical aids and insurers KEEP)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev127_corpus
from tests.text import annotated_parts

RECORDS = [json.loads(line) for line in dev127_corpus.PATH.read_text(encoding="utf-8").splitlines()]

COUNTS = {
    "ADRES": 168,
    "AGB": 34,
    "BSN": 33,
    "DATUM": 385,
    "EMAIL": 95,
    "GEBOORTEDATUM": 92,
    "IBAN": 21,
    "INSTELLING": 286,
    "LEEFTIJD": 54,
    "LOCATIE": 260,
    "PATIENTNUMMER": 395,
    "PERSOON": 664,
    "POLISNUMMER": 74,
    "POSTCODE": 149,
    "TELEFOON": 235,
    "URL": 26,
    "UZI": 13,
}
KEEP_COUNT = 522


def _spans(category: str) -> list[tuple[dict, dict]]:
    return [(r, s) for r in RECORDS for s in r["spans"] if s["category"] == category]


def test_committed_file_is_the_generators_output():
    assert dev127_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(dev127_corpus.generate())


def test_generator_is_seeded():
    a = dev127_corpus.generate(24, 7)
    assert a == dev127_corpus.generate(24, 7)
    assert a != dev127_corpus.generate(24, 8)
    assert dev127_corpus.generate(24) == dev127_corpus.generate(24, dev127_corpus.DEFAULT_SEED)


def test_shared_contract():
    assert len(RECORDS) == dev127_corpus.DEFAULT_RECORDS == 240
    assert len(dev127_corpus.KINDS) == 12
    annotated_parts.assert_spans_exact_and_disjoint(RECORDS)
    annotated_parts.assert_fields_and_kinds(RECORDS, dev127_corpus.KINDS, 20)
    assert [r["id"] for r in RECORDS] == [f"dev127-{i:04d}" for i in range(1, 241)]


def test_spans_start_and_end_on_word_boundaries():
    for r in RECORDS:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert not (a > 0 and t[a - 1].isalnum() and t[a].isalnum()), (r["id"], s)
            assert not (b < len(t) and t[b - 1].isalnum() and t[b].isalnum()), (r["id"], s)


def _eleven(d: str) -> bool:
    """The 11-proef written out here (weights 9..2 and -1), not the generator's nor the shared helper."""
    total = 0
    for i, ch in enumerate(d):
        total += int(ch) * (9 - i if i < 8 else -1)
    return total % 11 == 0


def test_every_bsn_passes_the_11_proef():
    found = _spans("BSN")
    assert found
    for r, s in found:
        d = re.sub(r"\D", "", s["text"])
        assert len(d) == 9 and _eleven(d), (r["id"], s)
        assert annotated_parts.bsn_ok(d)


def test_no_other_nine_digit_number_passes_the_11_proef():
    """Decision: a nine-digit number that is not a BSN (UZI, policy, ride number) fails the 11-proef."""
    for r in RECORDS:
        for s in r["spans"]:
            d = re.sub(r"\D", "", s["text"])
            if s["category"] not in ("BSN", "TELEFOON", "IBAN") and len(d) == 9:
                assert not _eleven(d), (r["id"], s)


IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


def _mod97(iban: str) -> bool:
    s = "".join(ch for ch in iban if ch.isalnum()).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rest = 0
    for ch in s[4:] + s[:4]:
        for digit in str(int(ch, 36)):
            rest = (rest * 10 + int(digit)) % 97
    return rest == 1


def test_every_iban_passes_mod_97():
    found = _spans("IBAN")
    assert found
    for r, s in found:
        assert _mod97(s["text"]), (r["id"], s)
        assert annotated_parts.iban_ok(s["text"], IBAN_LENGTHS)
    assert {re.sub(r"\W", "", s["text"])[:2].upper() for _, s in found} >= {"NL"}


def test_category_counts_are_pinned():
    counts = Counter(s["category"] for r in RECORDS for s in r["spans"])
    assert dict(counts) == COUNTS
    assert sum(len(r["keep"]) for r in RECORDS) == KEEP_COUNT


# ------------------------------------------------------------------------------------- the theme's identifiers
_NUMBER = r"[ \t:.\u00a0]*(?![ \t:.\u00a0])(?!\d{1,2}[-/.]\d{1,2}[-/.]\d)(?=[A-Z#]{0,3}[- ]?\d)"  # a number, not a date
PASS_LABEL = re.compile(
    r"(?i:valys-pasnummer|pasnummer|pasnr\.?|pas nr\.?|wmo-pas|reizigersnummer|pass number|\bpas)" + _NUMBER
)
RIDE_LABEL = re.compile(
    r"\b(?i:ritnummers?|ritnr\.?|rit|ride|meldnummer|klachtnummer|factuurnummer|beschikkingsnummer|zaaknummer|"
    r"ritnummer retour)" + _NUMBER
)
AUTH_LABEL = re.compile(r"\b(?i:machtigingsnummer|machtiging)" + _NUMBER)


@pytest.mark.parametrize(
    ("label", "category", "least"),
    [(PASS_LABEL, "PATIENTNUMMER", 60), (RIDE_LABEL, "PATIENTNUMMER", 100), (AUTH_LABEL, "POLISNUMMER", 15)],
)
def test_pass_ride_and_authorisation_numbers_are_annotated(label, category, least):
    """Decisions: a Wmo / regiotaxi / Valys pass number and a ride, report, decision, invoice or complaint number
    after its label are PATIENTNUMMER; the insurer's authorisation number is POLISNUMMER: every one, in whatever
    notation it is written."""
    seen = 0
    for r in RECORDS:
        starts = {s["start"]: s for s in r["spans"]}
        for m in label.finditer(r["text"]):
            s = starts.get(m.end())
            assert s is not None and s["category"] == category, (r["id"], r["text"][m.start() : m.end() + 20])
            seen += 1
    assert seen >= least


def test_the_settings_numbers_in_many_notations():
    pnr = [s["text"] for _, s in _spans("PATIENTNUMMER")]
    pol = [s["text"] for _, s in _spans("POLISNUMMER")]
    assert any(re.fullmatch(r"RT \d{4} \d+", t) for t in pnr)  # a regiotaxi pass in groups
    assert any(re.fullmatch(r"(WMO|RTU)-\d+|RGT\d+", t) for t in pnr)
    assert any(re.fullmatch(r"V\d{8}", t) for t in pnr)  # a Valys pass with its letter
    assert any(re.fullmatch(r"R-\d{8}|RT\d{7}", t) for t in pnr)  # a ride number with letters
    assert any(re.fullmatch(r"\d{4} \d{4}", t) for t in pnr)  # a ride number in two groups
    assert any(re.fullmatch(r"KL-2027-\d{5}|#\d{6}", t) for t in pnr)  # a complaint number
    assert any(re.fullmatch(r"MV-2027-\d{6}|ZZV-27-\d{6}", t) for t in pol)  # an insurer's authorisation
    assert not any(re.search(r"B01$", t) for r in RECORDS for t in (s["text"] for s in r["spans"]))  # carrier's VAT


def test_carriers_care_homes_and_practices_are_institutions():
    lists = dev127_corpus.CARE_HOMES + dev127_corpus.TAXIS + dev127_corpus.AMBULANCE + dev127_corpus.HOMECARE
    lists += [p for p, _ in dev127_corpus.PRACTICES]
    for r in RECORDS:
        inst = [(s["start"], s["end"]) for s in r["spans"] if s["category"] == "INSTELLING"]
        for name in lists:
            for m in re.finditer(re.escape(name), r["text"]):
                assert any(a <= m.start() and m.end() <= b for a, b in inst), (r["id"], name)


def test_aids_oxygen_and_insurers_are_kept_and_never_identifiers():
    aids = re.compile(
        r"(?i)\b(rolstoel|elektrische rolstoel|tillift|Sara Stedy|rollator|scootmobiel|brancard|zuurstofconcentrator|wheelchair)\b"
    )
    kept = Counter()
    for r in RECORDS:
        keep = [(k["start"], k["end"]) for k in r["keep"]]
        gold = [(s["start"], s["end"]) for s in r["spans"]]
        for m in aids.finditer(r["text"]):
            assert any(a <= m.start() and m.end() <= b for a, b in keep), (r["id"], m.group(0))
            assert not any(a < m.end() and m.start() < b for a, b in gold), (r["id"], m.group(0))
            kept[m.group(0).lower()] += 1
        for k in r["keep"]:
            assert not any(a < k["end"] and k["start"] < b for a, b in gold)
    assert kept["tillift"] and kept["sara stedy"] and kept["rolstoel"] > 60
    insurers = Counter(k["text"] for r in RECORDS for k in r["keep"] if k["text"] in dev127_corpus.INSURERS)
    assert len(insurers) >= 8


def test_names_from_many_origins_and_in_many_forms():
    names = [s["text"] for _, s in _spans("PERSOON")]
    assert any(re.search(r"[ıışçğöüłńśó]", n) for n in names)  # Turkish and Polish letters
    assert any(n.islower() and " " in n for n in names)  # typed or dictated in lower case
    assert any(n.isupper() and len(n) > 4 for n in names)  # capitals
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z]\.(?:[A-Z]\.)*(?: \w+)*", n) for n in names)  # surname first
    assert any(" van " in f" {n} " or "'t " in n for n in names)  # particles inside the span
    emails = [s["text"] for _, s in _spans("EMAIL")]
    assert any("apenstaartje" in e for e in emails)  # dictated by speech recognition


def test_generator_data_lists_are_large_enough():
    assert len(dev127_corpus.GIVEN) >= 150 and len(dev127_corpus.SURNAMES) >= 150
    assert any(s.startswith(("van ", "de ", "ter ", "ten ", "in 't ", "op de ")) for s in dev127_corpus.SURNAMES)
