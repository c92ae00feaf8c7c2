"""The dev134 part (dental care for clients of mental-health and addiction care): the committed file is what the
generator writes, its annotations are exact, its checksums hold by this test's own arithmetic, and the setting's own
numbers, organisations, drugs and notations are annotated the way the generator's docstring says."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev134_corpus
from tests.text import annotated_parts

PER_KIND = dev134_corpus.DEFAULT_RECORDS // len(dev134_corpus.KINDS)

# Pinned as generated (seed 20270603, 240 records); a change to the generator must update them on purpose.
CATEGORY_COUNTS = {
    "ADRES": 216,
    "AGB": 55,
    "BSN": 97,
    "DATUM": 625,
    "EMAIL": 272,
    "GEBOORTEDATUM": 267,
    "IBAN": 75,
    "INSTELLING": 677,
    "LEEFTIJD": 46,
    "LOCATIE": 356,
    "PATIENTNUMMER": 518,
    "PERSOON": 1819,
    "POLISNUMMER": 40,
    "POSTCODE": 188,
    "TELEFOON": 416,
    "URL": 47,
    "UZI": 9,
}
KEEP_COUNT = 1413

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26, "FR": 27, "ES": 24, "GB": 22}
FOREIGN_PREFIXES = ("+32", "0032", "+49", "+48", "+90", "+212", "00212", "+597", "+599", "+44")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev134_corpus.PATH.read_text(encoding="utf-8").splitlines()]


def plain(s: str) -> str:
    """The characters a reader sees: fullwidth digits as ASCII, format characters (zero-width, soft hyphen) gone."""
    s = "".join(c for c in s if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFKC", s)


def covered(record: dict, start: int, end: int, key: str = "spans", categories: set[str] | None = None) -> bool:
    return any(
        s["start"] <= start and end <= s["end"] and (categories is None or s["category"] in categories)
        for s in record[key]
    )


def word_hits(text: str, needle: str, flags: int = 0):
    pattern = r"(?<![^\W_])" + re.escape(needle) + r"(?![^\W_])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, flags)]


# ------------------------------------------------------------------------------------------------ file and seed


def test_committed_file_is_the_generators_output(records):
    assert dev134_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(dev134_corpus.generate())
    assert len(records) == dev134_corpus.DEFAULT_RECORDS == 240


def test_generator_is_seeded():
    full = dev134_corpus.generate()
    assert dev134_corpus.generate(24) == full[:24]
    assert dev134_corpus.generate(24, dev134_corpus.DEFAULT_SEED) == full[:24]
    assert dev134_corpus.generate(24, dev134_corpus.DEFAULT_SEED + 1) != full[:24]
    assert dev134_corpus.DEFAULT_SEED == 20270603


def test_shared_contract(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, dev134_corpus.KINDS, PER_KIND)
    assert len(dev134_corpus.KINDS) == 12
    assert [r["kind"] for r in records[:12]] == list(dev134_corpus.KINDS)


def test_texts_are_of_letter_length_and_rich_in_identifiers(records):
    words = [len(r["text"].split()) for r in records]
    assert min(words) >= 40 and max(words) <= 250
    assert sum(len(r["spans"]) >= 12 for r in records) >= 150


def test_spans_start_and_end_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not (text[a - 1].isalnum() and text[a].isalnum()), (r["id"], s)
            assert b == len(text) or not (text[b - 1].isalnum() and text[b].isalnum()), (r["id"], s)


# ------------------------------------------------------------------------------------------------ checksums


def test_every_bsn_passes_the_11_proef(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 40
    for text in bsns:
        digits = re.sub(r"\D", "", plain(text))
        assert len(digits) == 9, text
        weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
        assert sum(int(c) * w for c, w in zip(digits, weights)) % 11 == 0, text


def test_every_iban_passes_mod_97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 60
    countries = Counter()
    for text in ibans:
        compact = re.sub(r"[^0-9A-Za-z]", "", plain(text)).upper()
        assert IBAN_LENGTHS[compact[:2]] == len(compact), text
        rotated = compact[4:] + compact[:4]
        remainder = 0
        for ch in rotated:
            value = ch if ch.isdigit() else str(ord(ch) - ord("A") + 10)
            remainder = int(str(remainder) + value) % 97
        assert remainder == 1, text
        countries[compact[:2]] += 1
    assert len(countries) >= 5


def test_category_and_keep_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


# ------------------------------------------------------------------------------------------------ the setting's own


OWN_NUMBERS = (
    r"C/\d{2}/\d{6}",  # court case number
    r"FA RK \d{2}-\d{3,4}",  # petition number (Wvggz, Wzd)
    r"[BC]M VERZ \d{2}-\d{3,4}",  # subdistrict court (mentorship, curatele, bewind)
    r"[Kk][- ]?\d{6}",  # addiction care client number
    r"BW-\d{2}-\d{3}",  # sheltered housing resident
    r"DCN-\d{2}-\d{6}",  # invoice
    r"VIM[- ]\d{2,4}[-/]\d{3,4}",  # incident
    r"BVD/\d{5}",  # bewind file
    r"OK-\d{4}",
)
LABELLED = (
    r"(?:cliëntnr\.|cl\.nr\.?|clnr:|clientnr\.?|patnr:?|pat\.nr\.|Patiëntnr\.:|Patiëntnummer:"
    r"|Patiëntnummer praktijk:|bewonersnr\.|pasnr\.|kenmerk:?|zaak-/rekestnummer:)\s?"
)


def test_the_settings_numbers_are_patient_numbers_wherever_they_occur(records):
    seen = Counter()
    for r in records:
        text = r["text"]
        for i, pattern in enumerate(OWN_NUMBERS):
            for m in re.finditer(r"(?<![^\W_])" + pattern + r"(?![^\W_])", text):
                assert covered(r, m.start(), m.end(), categories={"PATIENTNUMMER"}), (r["id"], m.group())
                seen[i] += 1
        for m in re.finditer(LABELLED + r"(\d[\d\u200b\u00ad.-]{3,}\d)", text):
            assert covered(r, m.start(1), m.end(1), categories={"PATIENTNUMMER"}), (r["id"], m.group())
            seen["labelled"] += 1
    assert all(seen[i] for i in range(len(OWN_NUMBERS))), seen
    assert seen["labelled"] >= 150


def test_court_numbers_come_in_pairs(records):
    decisions = [r for r in records if r["kind"] == "rechterlijke_beschikking"]
    for r in decisions:
        numbers = [s["text"] for s in r["spans"] if s["category"] == "PATIENTNUMMER"]
        assert any(re.fullmatch(r"C/\d{2}/\d{6}", n) for n in numbers), r["id"]
        assert any(n.startswith("FA RK ") for n in numbers), r["id"]
        assert "Wvggz" in r["text"] or "Wzd" in r["text"]


def test_organisations_are_annotated_wherever_they_occur(records):
    names = sorted(set(dev134_corpus.org_names()), key=len, reverse=True)
    found = Counter()
    for r in records:
        for name in names:
            for a, b in word_hits(r["text"], name, re.IGNORECASE):
                # a domain holds the short name; ``CZ`` is also a postcode's letters (``8035 CZ``)
                inside = {"EMAIL", "URL"} | ({"POSTCODE"} if len(name) <= 3 else set())
                assert covered(r, a, b, categories={"INSTELLING"}) or covered(r, a, b, categories=inside), (
                    r["id"],
                    name,
                )
                found[name] += 1
    assert len(found) >= 40
    assert sum(1 for r in records for s in r["spans"] if s["category"] == "INSTELLING" and s["text"].islower()) >= 5


def test_every_annotated_string_is_annotated_wherever_it_recurs(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            if len(s["text"]) < 3:
                continue
            for a, b in word_hits(text, s["text"]):
                assert covered(r, a, b), (r["id"], s["text"], a)


# ------------------------------------------------------------------------------------------------ clinical strings


def test_clinical_strings_are_kept_and_never_inside_a_span(records):
    drugs = dev134_corpus.medication_names()
    codes = [row[0] for row in dev134_corpus.data()["codes"]]
    checked = Counter()
    for r in records:
        text = r["text"]
        for k in r["keep"]:
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"]), (r["id"], k)
        for drug in drugs:
            for a, b in word_hits(text, drug, re.IGNORECASE):
                assert covered(r, a, b, "keep"), (r["id"], drug)
                checked["drug"] += 1
        for code in codes:
            for a, b in word_hits(text, code):
                assert covered(r, a, b, "keep"), (r["id"], code)
                checked["code"] += 1
        for m in re.finditer(r"\b[A-N]\d{2}[A-Z]{2}\d{2}\b", text):
            assert covered(r, m.start(), m.end(), "keep"), (r["id"], m.group())
            checked["atc"] += 1
        for m in re.finditer(r"\b\d+(?:,\d+)? (?:mg|ml/min|mmol/l|ms)\b", text):
            assert covered(r, m.start(), m.end(), "keep"), (r["id"], m.group())
            checked["dose"] += 1
    assert checked["drug"] >= 300 and checked["code"] >= 150 and checked["atc"] >= 80 and checked["dose"] >= 300


def test_clinical_strings_that_look_like_names_are_kept(records):
    lookalikes = (
        "syndroom van Korsakov",
        "syndroom van Gilles de la Tourette",
        "Wernicke-encefalopathie",
        "Angle klasse II",
    )
    keeps = Counter(k["text"] for r in records for k in r["keep"])
    assert sum(keeps[x] for x in lookalikes) >= 8
    for r in records:
        for x in lookalikes:
            for a, b in word_hits(r["text"], x):
                assert covered(r, a, b, "keep"), (r["id"], x)
                assert not covered(r, a, b), (r["id"], x)
    # brand names written like names (Haldol, Seroquel, Leponex) are kept too
    assert sum(keeps[x] for x in ("Haldol", "Seroquel", "Leponex", "Priadel", "Antabus", "Depakine")) >= 5


# ------------------------------------------------------------------------------------------------ notations


def test_the_settings_notations(records):
    spans = [s for r in records for s in r["spans"]]
    numbers = [s for s in spans if s["category"] in {"BSN", "IBAN", "TELEFOON", "PATIENTNUMMER", "POSTCODE"}]
    assert sum("\u00a0" in s["text"] for s in spans) >= 10
    assert sum("\u202f" in s["text"] for s in numbers) >= 3
    assert sum("\u200b" in s["text"] for s in numbers) >= 10
    assert sum("\u00ad" in s["text"] for s in numbers) >= 5
    assert sum(any("\uff10" <= c <= "\uff19" for c in s["text"]) for s in numbers) >= 10
    phones = [plain(s["text"]) for s in spans if s["category"] == "TELEFOON"]
    assert len({p.split()[0].split("-")[0] for p in phones if p.startswith(FOREIGN_PREFIXES)}) >= 7
    assert sum(p.startswith(("+31", "0031")) for p in phones) >= 30
    bsns = [s["text"] for s in spans if s["category"] == "BSN"]
    assert any("." in b for b in bsns) and any(" " in b for b in bsns)
    ibans = [s["text"] for s in spans if s["category"] == "IBAN"]
    assert any(i[:2].islower() for i in ibans) and any("-" in i for i in ibans)
    texts = [r["text"] for r in records]
    assert sum(bool(re.search(r"(BSN|patnr|cl\.nr):\S", t)) for t in texts) >= 5  # glued to a colon
    assert sum(bool(re.search(r"\d mg [+0(]", t)) for t in texts) >= 5  # a phone right after a dose
    assert sum(bool(re.search(r"@[\w.-]+\.\w+_", t)) for t in texts) >= 3  # e-mail followed by an underscore
    assert sum(" \\ " in t or " \\" in t for t in texts) >= 3  # subdistrict court numbers with a backslash


def test_names_in_every_position(records):
    persons = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    assert len(persons) >= 1200
    assert sum(", " in p for p in persons) >= 100  # Achternaam, Voornaam / VEEN VAN DER, R.J.
    assert sum(p.isupper() and len(p) > 4 for p in persons) >= 20
    assert sum(p.islower() for p in persons) >= 40
    assert sum(bool(re.match(r"([A-ZÀ-Ž]\.){1,3} ", p)) for p in persons) >= 150
    assert sum(bool(re.search(r"\b(van|de|der|den|ter|ten|te|in 't|van 't|el)\b", p)) for p in persons) >= 60
    assert sum(any(c in "łśąćęńżźşğıçöüéï" for c in p.lower()) for p in persons) >= 60
    for r in records:
        for s in r["spans"]:
            if s["category"] == "PERSOON":
                before = r["text"][max(0, s["start"] - 6) : s["start"]]
                assert not s["text"].lower().startswith(("dhr.", "mw.", "mevr.", "mr.", "drs.", "dr.")), s
                assert not before.endswith(("dhr", "mw", "mevr")), s


def test_dates_ages_and_addresses(records):
    spans = [s for r in records for s in r["spans"]]
    dobs = [s["text"] for s in spans if s["category"] == "GEBOORTEDATUM"]
    assert len(dobs) >= 150
    assert any(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", d) for d in dobs)
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{2}", d) for d in dobs)
    ages = [s["text"] for s in spans if s["category"] == "LEEFTIJD"]
    assert all(re.fullmatch(r"\d{2}(-jarige| jaar| jr|jr)", a) for a in ages) and len(ages) >= 40
    postcodes = [plain(s["text"]) for s in spans if s["category"] == "POSTCODE"]
    for pc in postcodes:
        m = re.fullmatch(r"([1-9]\d{3})[ -]{0,2}([A-Za-z]{2})", pc.replace("\u00a0", " "))
        assert m and m.group(2).upper() not in {"SA", "SD", "SS"}, pc
    assert sum(1 for s in spans if s["category"] == "ADRES") >= 150
