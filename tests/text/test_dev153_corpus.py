"""Evaluation part dev153 (the closure of a dental practice after its owner died or went bankrupt): the committed
file is the generator's output, the annotations are exact, and the identifiers, notations and clinical strings the
part is about are where they should be. The checksums are checked here by their own code, besides the shared one."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev153_corpus as part
from tests.text import annotated_parts

ROOT = Path(__file__).resolve().parents[2]
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26, "FR": 27, "LU": 20}

CATEGORY_COUNTS = {
    "ADRES": 345,
    "AGB": 38,
    "BSN": 103,
    "DATUM": 743,
    "EMAIL": 268,
    "GEBOORTEDATUM": 308,
    "IBAN": 126,
    "INSTELLING": 821,
    "LEEFTIJD": 35,
    "LOCATIE": 607,
    "PATIENTNUMMER": 341,
    "PERSOON": 1469,
    "POLISNUMMER": 24,
    "POSTCODE": 360,
    "TELEFOON": 336,
    "URL": 21,
    "UZI": 33,
}
KEEP_COUNT = 521


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in (ROOT / part.PATH).read_text(encoding="utf-8").splitlines()]


def _digits(s: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", s))


def _plain(s: str) -> str:
    """A number as a reader sees it: fullwidth digits as digits, invisible characters gone."""
    return unicodedata.normalize("NFKC", s).replace("\u200b", "").replace("\u00ad", "")


def _elfproef(number: str) -> bool:
    """The BSN 11-proef, written out: weights 9..2 and -1 for the last digit."""
    if len(number) != 9:
        return False
    total = sum(int(number[k]) * (9 - k) for k in range(8)) - int(number[8])
    return total % 11 == 0


def _mod97(text: str) -> bool:
    """ISO 13616 on an IBAN in any notation: move the first four characters to the end, letters to numbers."""
    s = "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum()).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    remainder = 0
    for c in rearranged:
        for d in str(int(c, 36)):
            remainder = (remainder * 10 + int(d)) % 97
    return remainder == 1


def _covered(record: dict, start: int, end: int, category: str) -> bool:
    return any(s["category"] == category and s["start"] <= start and end <= s["end"] for s in record["spans"])


def test_committed_file_is_the_generators_output(records):
    expected = part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)
    assert (ROOT / part.PATH).read_text(encoding="utf-8") == corpus_file.dumps(expected)
    assert records == expected


def test_seeded_and_prefix_stable():
    full = part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)
    assert part.generate(37, part.DEFAULT_SEED) == full[:37]
    assert part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED) == full
    other = part.generate(12, part.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in full[:12]]


def test_contract(records):
    assert len(records) == part.DEFAULT_RECORDS == 240
    assert len(part.KINDS) == 12
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, 240 // len(part.KINDS))
    assert [r["id"] for r in records] == [f"dev153-{i:04d}" for i in range(1, 241)]
    assert all(150 <= len(r["text"]) <= 2500 for r in records)


def test_spans_on_word_boundaries(records):
    def cls(c: str) -> str | None:
        return "a" if c.isalpha() else "d" if c.isdigit() else None

    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            if a > 0 and cls(text[a - 1]):
                assert cls(text[a - 1]) != cls(text[a]), (r["id"], s)
            if b < len(text) and cls(text[b]):
                assert cls(text[b]) != cls(text[b - 1]), (r["id"], s)


def test_checksums_by_own_hand(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert bsns and ibans
    for b in bsns:
        assert _elfproef(_digits(b)), b
        assert annotated_parts.bsn_ok(_digits(b)), b
    for i in ibans:
        assert _mod97(i), i
        assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", i), IBAN_LENGTHS), i
    countries = {"".join(c for c in unicodedata.normalize("NFKC", i) if c.isalnum())[:2].upper() for i in ibans}
    assert {"NL", "BE", "DE"} <= countries and len(countries) >= 4


def test_category_and_keep_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(sorted(counts.items())) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


INSOLVENCY = re.compile(r"(?<![\w/])(?:F\.|F |C/)\d{2}/\d{2}/\d+(?: F)?(?![\w/])")
ARCHIVE = re.compile(r"(?<![\w/-])[A-Z]{2,3}(?:-\d{6}|/20\d\d/\d{5})(?![\w/])")


def test_case_numbers_annotated_wherever_they_recur(records):
    """The insolvency number, the archive's dossier numbers and the UZI numbers of the dentists requesting an export
    are personal case numbers of this theme: each occurrence is gold, also when repeated in a subject line."""
    seen = Counter()
    for r in records:
        text = r["text"]
        for m in INSOLVENCY.finditer(text):
            assert _covered(r, m.start(), m.end(), "PATIENTNUMMER"), (r["id"], m.group())
            seen["insolventie", r["kind"]] += 1
        for m in ARCHIVE.finditer(text):
            assert _covered(r, m.start(), m.end(), "PATIENTNUMMER"), (r["id"], m.group())
            seen["archief"] += 1
        for m in re.finditer(r"(?:uzi=|UZI |\"uzi\": \")(\d{9})", text):
            assert _covered(r, m.start(1), m.end(1), "UZI"), (r["id"], m.group())
            seen["uzi"] += 1
        insolvency_texts = {m.group() for m in INSOLVENCY.finditer(text)}
        if len(insolvency_texts) > 1:  # the same number retyped in another notation is still the same case
            assert len({_digits(t) for t in insolvency_texts}) == 1, r["id"]
    for kind in ("curatorbrief", "ontslagbrief", "crediteurenlijst", "incassobrief"):
        assert seen["insolventie", kind] > 0, kind
    assert seen["archief"] > 40 and seen["uzi"] > 15
    assert any(len(list(INSOLVENCY.finditer(r["text"]))) > 1 for r in records)


def test_retention_period_kept_and_ages_annotated(records):
    """``bewaartermijn van 20 jaar`` is the law, not an age; ``93-jarige``, ``74 jr`` and ``68 jaar`` are ages."""
    retention = 0
    for r in records:
        for m in re.finditer(r"bewaartermijn(?: van)? (20 jaar)", r["text"]):
            assert any(k["start"] == m.start(1) and k["end"] == m.end(1) for k in r["keep"]), r["id"]
            assert not _covered(r, m.start(1), m.end(1), "LEEFTIJD")
            retention += 1
    assert retention >= 15
    ages = [s["text"] for r in records for s in r["spans"] if s["category"] == "LEEFTIJD"]
    assert any(a.endswith("-jarige") for a in ages) and any(a.endswith("jaar") for a in ages)
    assert any(re.fullmatch(r"\d+ jr\.?", a) for a in ages)


def test_surnames_that_are_words_and_their_clinical_twins(records):
    """Kroon, Kies, Wortel and van der Brug are people here; ``kroon 26`` and ``brug 14-16`` are dentistry."""
    persons = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    for word in ("Kroon", "Kies", "Wortel", "van der Brug", "Post", "Juni"):
        assert any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", p, re.I) for p in persons), word
    kept = [k["text"] for r in records for k in r["keep"]]
    assert any(k.startswith("kroon ") for k in kept) and any(k.startswith("brug ") for k in kept)
    institutions = {s["text"] for r in records for s in r["spans"] if s["category"] == "INSTELLING"}
    assert {"Tandartsenpraktijk De Brug", "Kindertandartspraktijk De Kleine Kies"} & institutions


def test_clinical_strings_kept_and_never_inside_a_span(records):
    clinical = {c for group in part.CLINICAL.values() for c in group} | {"20 jaar"}
    kept = Counter()
    for r in records:
        text = r["text"]
        for k in r["keep"]:
            assert k["text"] in clinical, (r["id"], k)
            kept[k["text"]] += 1
        for c in clinical - {"20 jaar"}:
            for m in re.finditer(rf"(?<!\w){re.escape(c)}(?!\w)", text):
                assert any(k["start"] == m.start() and k["end"] == m.end() for k in r["keep"]), (r["id"], c)
        for s in r["spans"]:
            for c in clinical - {"20 jaar", "AVG"}:
                assert not re.search(rf"(?<!\w){re.escape(c)}(?!\w)", s["text"]), (r["id"], s, c)
    for must in ("Wgbo", "art. 7:454 BW", "art. 40 Fw", "AVG", "OPG", "DPSI 3+", "Le Fort I", "Angle klasse II/1"):
        assert kept[must] > 0, must
    assert len(kept) >= 50


def test_notations_planted(records):
    spans = [(r, s) for r in records for s in r["spans"]]
    texts = {cat: [s["text"] for _, s in spans if s["category"] == cat] for cat in CATEGORY_COUNTS}
    joined = "".join(s["text"] for _, s in spans)
    for ch in ("\u00a0", "\u202f", "\u2009", "\u200b", "\u00ad", "＠"):
        assert ch in joined, repr(ch)
    assert any(re.search("[０-９]", t) for t in texts["BSN"] + texts["TELEFOON"] + texts["IBAN"])
    # BSN grouped and glued to its label
    assert any(re.fullmatch(r"\d{4}\.\d{2}\.\d{3}", t) for t in texts["BSN"])
    assert any(re.fullmatch(r"\d{2}-\d{3}-\d{2}-\d{2}", t) for t in texts["BSN"])
    glued = 0
    for r, s in spans:
        if s["category"] == "BSN" and re.search(r"(?:BSN:|bsn:|bsn\.|BSN|sofinr )$", r["text"][: s["start"]]):
            glued += 1
    assert glued > 0
    # phones: Dutch and foreign, next to a label without a space
    phones = [_plain(t) for t in texts["TELEFOON"]]
    for cc in ("32", "49", "597", "599", "48", "90", "212", "86"):
        assert any(t.startswith(("+" + cc, "00" + cc)) for t in phones), cc
    for prefix in ("+31 6", "+316", "0031", "+31 (0)", "06-", "(06)", "(0"):
        assert any(t.startswith(prefix) for t in phones), prefix
    assert any(re.search(r"tel\.$|tel:$", r["text"][: s["start"]]) for r, s in spans if s["category"] == "TELEFOON")
    # IBANs compact, grouped, dotted, lower case
    assert any(re.fullmatch(r"NL\d\d[A-Z]{4}\d{10}", t) for t in texts["IBAN"])
    assert any("." in t for t in texts["IBAN"]) and any(t[:2].islower() for t in texts["IBAN"])
    # e-mails with a comma for the last dot, in capitals, glued to an underscore
    assert any(re.search(r",[a-z]{2,3}$", t) for t in texts["EMAIL"])
    assert any(t.isupper() for t in texts["EMAIL"])
    assert any(r["text"][s["end"] : s["end"] + 1] == "_" for r, s in spans if s["category"] == "EMAIL")
    # postcodes glued, lower case, with a no-break or double space
    pcs = texts["POSTCODE"]
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", t) for t in pcs) and any(re.fullmatch(r"\d{4} [a-z]{2}", t) for t in pcs)
    assert any("\u00a0" in t for t in pcs) and any("  " in t for t in pcs)
    # names: surname first, capitals, lower case in chats and forms, initials, particles, diacritics
    names = texts["PERSOON"]
    assert any(re.fullmatch(r"[^,]+, [^,]+", t) for t in names)
    assert any(t.isupper() and " " in t for t in names)
    assert any(t.islower() and " " in t for t in names)
    assert any(re.match(r"(?:[A-ZŁ]\.)+ ", t) for t in names)
    assert any(" van 't " in f" {t} " or " in 't " in f" {t} " for t in names)
    assert any(re.search("[ıłśźżąęńşğçöüäß]", t) for t in names)
    # dates in the notations of letters, logs and chats; OCR noise in some scanned letters
    dates = texts["DATUM"] + texts["GEBOORTEDATUM"]
    for pattern in (
        r"\d{4}-\d\d-\d\d",
        r"\d\d\.\d\d\.\d{4}",
        r"\d\d/\d\d/\d\d",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d\d-\d\d-\d\d",
    ):
        assert any(re.fullmatch(pattern, t) for t in dates), pattern
    assert texts["URL"] and all(re.search(r"linkedin|facebook|mensenlinq|memori|condoleren", t) for t in texts["URL"])


def test_own_lists():
    given = part.GIVEN
    surnames = part.SURNAMES
    assert len(given) >= 150 and len(surnames) >= 150
    assert len({o for _, _, o in given}) >= 9 and len({o for _, o in surnames}) >= 9
    assert len(part.STREETS) >= 50 and len(part.PLACES) >= 90


def test_scanned_letters_carry_ocr_noise(records, monkeypatch):
    """Some letters are scans: regenerated with the OCR step reading the same dice but changing nothing, exactly
    those records differ, and their numbers (never touched by the noise) are the same."""

    def clean(s, rng, rate):
        i = 0
        while i < len(s):
            for a, _ in part.OCR_SUBS:
                if s.startswith(a, i) and rng.random() < rate:
                    i += len(a)
                    break
            else:
                i += 1
        return s

    monkeypatch.setattr(part, "ocr_noise", clean)
    plain = part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)
    noisy = [(r, p) for r, p in zip(records, plain) if r["text"] != p["text"]]
    assert len(noisy) >= 10
    assert {r["kind"] for r, _ in noisy} >= {"curatorbrief", "notarisbrief", "doorgezonden_post"}
    for r, p in noisy:
        numbers = [
            (s["category"], s["text"]) for s in r["spans"] if s["category"] in ("BSN", "IBAN", "TELEFOON", "EMAIL")
        ]
        assert numbers == [
            (s["category"], s["text"]) for s in p["spans"] if s["category"] in ("BSN", "IBAN", "TELEFOON", "EMAIL")
        ]
