"""Evaluation part dev123 (payroll and staff administration of a dental group): the committed file is the generator's
output, the generator is seeded, the spans follow the contract, and the checksums and the setting's own identifiers
are checked here by this test's own code (not the generator's helpers)."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.text import dev123_corpus as part
from tests.text import annotated_parts

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "ES": 24, "PT": 25, "PL": 28, "RO": 24, "GR": 27, "IT": 27}

# pinned from the committed file
CATEGORY_COUNTS = {
    "PERSOON": 1078,
    "DATUM": 634,
    "INSTELLING": 417,
    "PATIENTNUMMER": 322,
    "LOCATIE": 301,
    "EMAIL": 284,
    "GEBOORTEDATUM": 214,
    "POSTCODE": 207,
    "ADRES": 204,
    "BSN": 183,
    "IBAN": 176,
    "TELEFOON": 112,
    "POLISNUMMER": 48,
    "LEEFTIJD": 22,
    "UZI": 20,
    "URL": 14,
    "AGB": 8,
}
KEEP_COUNT = 45


@pytest.fixture(scope="module")
def committed() -> list[dict]:
    with part.PATH.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_committed_file_is_the_generators_output(committed):
    assert committed == part.generate()
    assert part.PATH.read_text(encoding="utf-8") == "".join(
        json.dumps(r, ensure_ascii=False) + "\n" for r in part.generate()
    )


def test_generator_is_seeded():
    assert part.generate(36, 7) == part.generate(36, 7)
    assert part.generate(36, 7) != part.generate(36, 8)
    assert part.generate(36) == part.generate()[:36]


def test_contract_checks(committed):
    annotated_parts.assert_spans_exact_and_disjoint(committed)
    assert len(part.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(committed, part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))
    assert len(committed) == part.DEFAULT_RECORDS == 240
    assert all(r["id"].startswith("dev123-") for r in committed)


def _word(c: str) -> bool:
    return c.isalnum() or c == "_"


def test_every_span_starts_and_ends_on_a_word_boundary(committed):
    for r in committed:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not (_word(text[a - 1]) and _word(text[a])), (r["id"], s)
            assert b == len(text) or not (_word(text[b - 1]) and _word(text[b])), (r["id"], s)


def _elfproef(digits: str) -> bool:
    nine = digits.zfill(9)
    total = sum(int(c) * w for c, w in zip(nine[:8], range(9, 1, -1))) - int(nine[8])
    return len(nine) == 9 and total % 11 == 0 and nine != "000000000"


def _belgian_national_number(digits: str) -> bool:
    if len(digits) != 11:
        return False
    check = int(digits[9:])
    return check in (97 - int(digits[:9]) % 97, 97 - int("2" + digits[:9]) % 97)


def test_every_bsn_passes_its_check(committed):
    kinds = Counter()
    for r in committed:
        for s in r["spans"]:
            if s["category"] != "BSN":
                continue
            digits = re.sub(r"\D", "", s["text"])
            if len(digits) == 11:
                assert _belgian_national_number(digits), (r["id"], s)
                kinds["rrn"] += 1
            else:
                assert len(digits) in (8, 9) and _elfproef(digits), (r["id"], s)
                kinds[len(digits)] += 1
                annotated_parts.bsn_ok(digits.zfill(9))
    assert kinds[9] > 100 and kinds[8] >= 1 and kinds["rrn"] >= 1


def _mod97(iban: str) -> bool:
    s = re.sub(r"[^0-9A-Za-z]", "", iban).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    value = 0
    for c in rearranged:
        value = (value * (100 if c.isalpha() else 10) + (ord(c) - 55 if c.isalpha() else int(c))) % 97
    return value == 1


def test_every_iban_passes_mod_97(committed):
    countries = Counter()
    for r in committed:
        for s in r["spans"]:
            if s["category"] == "IBAN":
                assert _mod97(s["text"]), (r["id"], s)
                assert annotated_parts.iban_ok(s["text"], IBAN_LENGTHS), (r["id"], s)
                compact = re.sub(r"[^0-9A-Za-z]", "", s["text"]).upper()
                countries[compact[:2]] += 1
                if compact.startswith("BE"):  # the Belgian account's own check
                    assert int(compact[4:14]) % 97 == int(compact[14:]) % 97 or int(compact[14:]) == 97
    assert countries["NL"] > 100 and len(countries) >= 4


def test_category_counts_are_pinned(committed):
    counts = Counter(s["category"] for r in committed for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in committed) == KEEP_COUNT


def _covered(r: dict, start: int, end: int, category: str) -> bool:
    return any(s["start"] <= start and end <= s["end"] and s["category"] == category for s in r["spans"])


def _exact(r: dict, start: int, end: int, category: str) -> bool:
    return any(s["start"] == start and s["end"] == end and s["category"] == category for s in r["spans"])


# the setting's own numbers, by the words payroll writes before them, and the category decided for each
CUED = (
    (r"(?:[Pp]ersoneelsnummer|[Pp]ersoneelsnr\.|[Pp]ers\.\s?nr\.?|[Pp]ersnr\.?|[Ww]erknemersnummer|[Mm]edewerker nr|"
     r"[Ee]mployee number|[Ee]mployee|[Mm]edewerker|mdw) *:? *(?:was )?(\d{4,6})\b", "PATIENTNUMMER", 90),
    (r"BIG(?:-nummer|-registratienummer|-registratie| registration| nr\.)? *[:(]? *(?:BIG |nr\. |BIG-nummer )?(\d{11})\b",
     "UZI", 12),
    (r"(?:[Dd]eelnemersnummer|deelnemersnr\.?|PFZW-nummer|[Kk]lantnummer) *:? *(\d{7,8})\b", "POLISNUMMER", 30),
    (r"UZI-pas(?: \(|nummer )(?:pasnummer )?(\d{9})\b|pasnummer (\d{9})\b", "UZI", 1),
    (r"AGB(?:-code)?:? *(\d{2}-?\d{6})\b", "AGB", 5),
)  # fmt: skip

# the case numbers' own shapes (occupational health service, bailiff, court): annotated wherever they stand
SHAPES = (
    (r"\bZK-20\d\d-\d{5}\b", 5),
    (r"\bV2[67]\.\d{5}\b", 5),
    (r"\bD2[67]-\d{5}\b", 3),
    (r"\b[A-Z]{2}/2[67]/\d{4}\b", 3),
    (r"\b20(?:26|27)/\d{5}\b", 3),
    (r"\bC/01/\d{6}\b", 2),
    (r"\b(?:HA ZA|HA RK|CV EXPL) \d\d-\d+\b", 2),
)


def test_the_settings_own_identifiers_are_annotated(committed):
    for pattern, category, at_least in CUED:
        found = 0
        for r in committed:
            for m in re.finditer(pattern, r["text"]):
                g = 1 if m.group(1) is not None else 2
                assert _exact(r, m.start(g), m.end(g), category), (r["id"], m.group(0), category)
                found += 1
        assert found >= at_least, (pattern, found)
    for pattern, at_least in SHAPES:
        found = 0
        for r in committed:
            for m in re.finditer(pattern, r["text"]):
                assert _exact(r, m.start(), m.end(), "PATIENTNUMMER"), (r["id"], m.group(0))
                found += 1
        assert found >= at_least, (pattern, found)
    # arbo cases written as seven digits after the service's words
    for r in committed:
        for m in re.finditer(
            r"(?:[Zz]aaknr\.?|Zaaknummer|Dossiernummer|Dossiernr\.|Casenummer|Meldingsnummer) *:? *(\d{7})\b", r["text"]
        ):
            assert _exact(r, m.start(1), m.end(1), "PATIENTNUMMER"), (r["id"], m.group(0))


def test_the_settings_organisations_are_annotated_wherever_they_stand(committed):
    names = []
    for line in (part.DATA / "organisations.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            names.append(line.split("\t")[1])
    seen = Counter()
    for r in committed:
        for name in names:
            for variant in (name, name.upper()):
                for m in re.finditer(re.escape(variant), r["text"]):
                    assert _covered(r, m.start(), m.end(), "INSTELLING"), (r["id"], variant)
                    seen[name] += 1
    assert len(seen) >= 25


def test_the_setting_brings_its_notations(committed):
    texts = [s for r in committed for s in r["spans"]]
    by = lambda cat: [s["text"] for s in texts if s["category"] == cat]  # noqa: E731
    # BSN from a scanned form's digit boxes, with no-break spaces from a PDF, shortened by a spreadsheet
    assert any(re.fullmatch(r"(?:\d ){8}\d", t) for t in by("BSN"))
    assert any("\u00a0" in t for t in by("BSN"))
    # dates of birth as a payroll export writes them, and a sort-form name with its particle after the initials
    assert any(re.fullmatch(r"(?:19|20)\d{6}", t) for t in by("GEBOORTEDATUM"))
    assert any(
        re.fullmatch(r"[^,]+, (?:[A-Z]\.)+ (?:van der|van den|van de|van|de|den|ter|'t|in 't|van 't)", t)
        for t in by("PERSOON")
    )
    # a Belgian and a German postcode, a Postbus
    assert any(re.fullmatch(r"\d{4}", t) for t in by("POSTCODE"))
    assert any(re.fullmatch(r"\d{5}", t) for t in by("POSTCODE"))
    assert any(t.startswith("Postbus ") for t in by("ADRES"))
    # clinical strings survive where the setting has them
    keep = [k["text"] for r in committed for k in r["keep"]]
    assert any(k in ("C11", "C13", "M03", "M05", "E13", "X10", "V21", "V92", "T021", "A10") for k in keep)
    assert any(k.startswith("ziekte van") or "Quervain" in k for k in keep) or any(" mg" in k for k in keep)
