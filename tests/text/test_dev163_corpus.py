"""Evaluation part dev163 (complaints and disciplinary law around a dental group): the committed file is what the
generator writes, the generator is seeded and prefix-stable, the shared checks hold, and the part's own notations
(tuchtcollege case numbers, BIG numbers, upper-case surnames in rulings, ``Meer, J. van der``, spelled-out dates
and ages, no-break spaces, numbers glued to a label) and clinical strings are there, annotated as promised."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev163_corpus as part
from fixtures.text.corpus_file import MONTHS
from tests.text import annotated_parts

PER_KIND = part.DEFAULT_RECORDS // len(part.KINDS)

COUNTS = {
    "PERSOON": 1716,
    "DATUM": 789,
    "LOCATIE": 630,
    "INSTELLING": 412,
    "PATIENTNUMMER": 296,
    "EMAIL": 166,
    "POSTCODE": 145,
    "ADRES": 132,
    "TELEFOON": 130,
    "GEBOORTEDATUM": 117,
    "UZI": 69,
    "LEEFTIJD": 60,
    "POLISNUMMER": 40,
    "URL": 38,
    "AGB": 37,
    "IBAN": 32,
    "BSN": 17,
}
KEEP_COUNT = 833


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()]


def spans(records: list[dict], category: str) -> list[tuple[dict, dict]]:
    return [(r, s) for r in records for s in r["spans"] if s["category"] == category]


# -- the file and the generator ------------------------------------------------------------------------------------


def test_committed_file_is_the_generators_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(part.generate())
    assert len(records) == part.DEFAULT_RECORDS == 240


def test_seeded_and_prefix_stable():
    a = part.generate(30, part.DEFAULT_SEED)
    assert a == part.generate(30, part.DEFAULT_SEED)
    assert a == part.generate(60, part.DEFAULT_SEED)[:30]
    assert part.record(17, part.DEFAULT_SEED) == a[17]
    other = part.generate(30, part.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in a]


def test_module_contract():
    assert part.DEFAULT_SEED == 20270702
    assert part.PATH.name == "dev163.jsonl" and part.PATH.parent.name == "text"
    assert 8 <= len(part.KINDS) <= 12 and part.DEFAULT_RECORDS % len(part.KINDS) == 0
    assert part.DATA.is_dir()
    assert "independent" in (part.__doc__ or "").lower()


def test_own_lists_are_large_and_mixed():
    given = part.lists()["given"]
    surnames = part.lists()["surnames"]
    assert sum(len(v) for v in given.values()) >= 150
    assert sum(len(v) for v in surnames.values()) >= 150
    assert len(given) >= 10 and len(surnames) >= 10
    flat = {n for v in surnames.values() for n in v}
    assert {"van der Meer", "ter Horst", "in 't Veld", "Tjin-Kon-Fat"} <= flat  # particles, hyphenated
    assert {"Post", "Winter", "Koning", "Mars"} <= flat  # surnames that are Dutch words
    names = {n for v in given.values() for n, _ in v}
    assert {"Mei", "Juni", "April", "Roos", "Storm"} <= names  # given names that are words or months


# -- the shared checks ----------------------------------------------------------------------------------------------


def test_spans_exact_and_disjoint(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_fields_and_kinds(records):
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, PER_KIND)
    assert [r["id"] for r in records] == [f"dev163-{i:04d}" for i in range(240)]


def test_spans_on_word_boundaries(records):
    for r in records:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert not (a > 0 and t[a - 1].isalnum() and t[a].isalnum()), (r["id"], s)
            assert not (b < len(t) and t[b].isalnum() and t[b - 1].isalnum()), (r["id"], s)


def test_no_markup_or_placeholders_left(records):
    for r in records:
        assert not re.search(r"[\u27e6\u27e7]|\[\[|\{[A-Za-z]+\}", r["text"]), r["id"]


def test_spans_per_record(records):
    n = [len(r["spans"]) for r in records]
    assert min(n) >= 8 and max(n) <= 30
    assert 15 <= sum(n) / len(n) <= 21
    assert all(
        r["keep"]
        or r["kind"]
        in (
            "ontvangstbevestiging",
            "klaagschrift",
            "verslag_zitting",
            "emailwisseling",
            "vaststellingsovereenkomst",
            "klacht_patient",
            "uitspraak_geschillencommissie",
        )
        for r in records
    )


# -- checksums, by this part's own hand -----------------------------------------------------------------------------


def _bsn_11(d: str) -> bool:
    return len(d) == 9 and (sum(int(c) * w for c, w in zip(d[:8], range(9, 1, -1), strict=True)) - int(d[8])) % 11 == 0


def _mod97(iban: str) -> bool:
    s = re.sub(r"\W", "", iban).upper()
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def test_every_bsn_passes_the_11_proef(records):
    found = spans(records, "BSN")
    assert found
    for _, s in found:
        d = re.sub(r"\D", "", s["text"])
        assert _bsn_11(d) and annotated_parts.bsn_ok(d), s


def test_every_iban_passes_mod_97(records):
    found = spans(records, "IBAN")
    assert found
    for _, s in found:
        assert _mod97(s["text"]), s
        assert annotated_parts.iban_ok(s["text"], part.IBAN_LENGTHS), s
    countries = {re.sub(r"\W", "", s["text"])[:2].upper() for _, s in found}
    assert {"NL", "BE", "DE"} <= countries


def test_generator_checksums_agree():
    import random

    rng = random.Random(5)
    for _ in range(300):
        assert _bsn_11(part.make_bsn(rng))
        for cc in ("NL", "BE", "DE"):
            i = part.make_iban(rng, cc)
            assert _mod97(i) and len(i) == part.IBAN_LENGTHS[cc]


# -- counts ---------------------------------------------------------------------------------------------------------


def test_counts_pinned(records):
    assert len(records) == 240
    assert Counter(s["category"] for r in records for s in r["spans"]) == COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT
    assert Counter(r["kind"] for r in records) == {k: PER_KIND for k in part.KINDS}


# -- the theme ------------------------------------------------------------------------------------------------------


def test_theme_notations_occur(records):
    texts = "\n".join(r["text"] for r in records)
    for word in (
        "Regionaal Tuchtcollege voor de Gezondheidszorg",
        "Geschillencommissie Mondzorg",
        "Overwegingen",
        "VERWEERSCHRIFT",
        "KLAAGSCHRIFT",
        "Wkkgz",
        "klachtenfunctionaris",
        "zakelijk weergegeven",
        "leden-tandarts",
        "lid-jurist",
        "finale kwijting",
        "bindend advies",
        "hoor en wederhoor",
        "-----Oorspronkelijk bericht-----",
        "Ons kenmerk",
    ):
        assert word in texts, word
    # tuchtcollege case numbers: a seat's letter or T, year, slash, four digits
    case_numbers = [
        s["text"] for _, s in spans(records, "PATIENTNUMMER") if re.fullmatch(r"[AEGHTZ]20\d\d/\d{4}", s["text"])
    ]
    assert len(case_numbers) >= 60 and {c[0] for c in case_numbers} >= {"A", "E", "G", "H", "T", "Z"}
    # BIG numbers are UZI spans of eleven digits ending in the dentist's profession code, after a BIG label
    for r, s in spans(records, "UZI"):
        assert re.sub(r"\D", "", s["text"]).endswith("02") and len(re.sub(r"\D", "", s["text"])) == 11
        assert "BIG" in r["text"][max(0, s["start"] - 30) : s["start"]]
    # every mr. is followed by an annotated person (or is part of a street: Mr. Troelstralaan)
    for r in records:
        starts = {s["start"] for s in r["spans"] if s["category"] == "PERSOON"}
        streets = [(s["start"], s["end"]) for s in r["spans"] if s["category"] == "ADRES"]
        for mt in re.finditer(r"\b[mM]r\. ", r["text"]):
            in_street = any(a <= mt.start() < b for a, b in streets)
            assert mt.end() in starts or in_street, (r["id"], r["text"][mt.start() : mt.end() + 20])
    # the labels stay outside: no span starts with a title or label
    for r in records:
        for s in r["spans"]:
            assert not re.match(r"(mr|dhr|mw|mevr|tandarts|BIG|BSN|tel)\b", s["text"]), s


def test_rulings_carry_their_parts(records):
    for r in records:
        if r["kind"] == "uitspraak_tuchtcollege":
            for head in ("1. Het verloop van de procedure", "2. De feiten", "4. Overwegingen", "5. De beslissing"):
                assert head in r["text"]
            assert re.search(r"4\.2 ", r["text"])
        if r["kind"] == "verweerschrift":
            assert "3. Het verweer" in r["text"] and "Producties:" in r["text"]


def test_clinical_strings_present(records):
    keep = Counter(k["text"] for r in records for k in r["keep"])
    for s in (
        "Quincke-oedeem",
        "Angle klasse II/1",
        "Kennedy klasse I",
        "Cawood & Howell klasse V",
        "Straumann BLX 4,0 x 10 mm",
        "Herbst-apparaat",
        "Hawley-plaat",
        "Valsalva-proef",
        "Rehrmann-plastiek",
        "Schneiderse membraan",
        "Reciproc R25",
        "articaïne 4% met adrenaline 1:100.000",
        "amoxicilline 500 mg 3 dd",
        "alendroninezuur 70 mg 1x per week",
        "chloorhexidine 0,12%",
        "N2O 30%",
        "DPSI 4",
        "OPT",
        "CBCT",
        "H35",
        "R24",
        "X10",
        "zirkonia",
        "lithiumdisilicaat",
        "Hall-kroon",
        "RelyX Unicem",
        "AH Plus",
    ):
        assert keep[s] >= 1, s
    elements = [k for k in keep if re.fullmatch(r"[1-8][1-8]", k)]
    assert len(elements) >= 20
    # a clinical string never carries personal data, and no clinical string is also annotated as a person
    persons = {s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"}
    assert not persons & set(keep)


# -- the notations chosen -------------------------------------------------------------------------------------------


def _ordinals() -> set[str]:
    return {part.ordinal(n) for n in range(1, 32)}


def test_spelled_dates_and_ages(records):
    spelled = [s["text"] for _, s in spans(records, "DATUM") if "tweeduizend" in s["text"]]
    assert len(spelled) >= 10
    for t in spelled:
        day, month, year = re.fullmatch(r"(\w+) (\w+) (tweeduizend ?\w+)", t).groups()
        assert day in _ordinals() and month in MONTHS
        assert year.replace(" ", "") in {"tweeduizend" + part.cardinal(n) for n in (24, 25, 26, 27)}
    ages = [s["text"] for _, s in spans(records, "LEEFTIJD") if s["text"].isalpha()]
    assert len(ages) >= 10 and all(a in {part.cardinal(n) for n in range(1, 100)} for a in ages)
    assert part.cardinal(22) == "tweeëntwintig" and part.cardinal(33) == "drieëndertig"
    assert part.ordinal(1) == "eerste" and part.ordinal(8) == "achtste" and part.ordinal(21) == "eenentwintigste"
    assert (
        part.amount_words(2350) == "tweeduizenddriehonderdvijftig"
        and part.amount_words(1150) == "duizendhonderdvijftig"
    )


def test_no_break_spaces(records):
    assert any("\u00a0" in s["text"] for _, s in spans(records, "POSTCODE"))
    assert any("\u00a0" in s["text"] for _, s in spans(records, "TELEFOON"))


def test_numbers_glued_to_a_label(records):
    glued = [
        r["text"][s["start"] - 8 : s["end"]]
        for r, s in spans(records, "PATIENTNUMMER")
        if r["text"][s["start"] - 1] in ".:"
    ]
    assert any(g.endswith(tuple("0123456789")) and "nr." in g for g in glued)
    assert any(":" in g for g in glued)


def test_name_notations(records):
    persons = [s["text"] for _, s in spans(records, "PERSOON")]
    # upper-case surnames in the heading of a ruling or defence
    assert sum(1 for p in persons if re.fullmatch(r"(?:[A-ZÀ-Ž]\.)+ [A-ZÀ-ŽİI' -]{2,}", p)) >= 20
    # administrative order with the particle behind: "Meer, J.W. van der"
    assert any(re.fullmatch(r"[^,]+, (?:\w\.)+ (?:van|de|der|den|ter|ten|in|'t)(?: .+)?", p) for p in persons)
    # "Achternaam, Voornaam" and initials with the given name in brackets
    assert any(re.fullmatch(r"[^,]+, [A-ZÀ-Ž][a-zà-ž]+", p) for p in persons)
    assert any(re.search(r"\.\s\([^)]+\)\s", p) for p in persons)
    # typed in lower case in a web form
    assert sum(1 for p in persons if p.islower()) >= 10
    # double-barrelled names and a bare particle capitalised at the head of a surname
    assert any(re.search(r"\w-\w", p) and " " not in p for p in persons)
    assert any(re.match(r"(Van|De|Ter|In 't|Ten|Van der|Van den) ", p) for p in persons)


def test_e_mail_headers(records):
    texts = [r["text"] for r in records if r["kind"] in ("emailwisseling", "klacht_patient")]
    heads = [t for t in texts if re.search(r"^(Van|From): .+ <[^>]+@[^>]+>$", t, re.M)]
    assert len(heads) >= 10
    for _, s in spans(records, "EMAIL"):
        assert re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", s["text"]), s


def test_foreign_phones_and_places(records):
    phones = [s["text"] for _, s in spans(records, "TELEFOON")]
    assert any(p.startswith("+32") for p in phones) and any(p.startswith("+49") for p in phones)
    places = {s["text"] for _, s in spans(records, "LOCATIE")}
    assert places & {"Antwerpen", "Gent", "Hasselt", "Aachen", "Kleve", "Gronau"}
    assert places & {"Ljouwert", "Snits"}  # Frisian spellings
    assert places & {"Best", "Beek", "Born"}  # places that are words
