"""The eighteenth development part (``eval/text/dev18.jsonl``, correspondence and reports between care providers):
the committed file is what its generator writes, every kind holds its share, spans are exact and disjoint, names
carry no title and stand on word bounds, BSNs pass the 11-proef and IBANs mod-97, phones, postcodes and provider
numbers have their Dutch shapes, names stand in the positions the brief names (letter heads, ``Betreft:`` and
``Pt:`` lines, salutations, signatures, ``cc:`` lines, witnesses, children and parents), and the clinical strings
that must survive are there in number."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev18_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|prof|stud|sup)\.?\s|^(de heer|meneer|mevrouw|tandarts|collega|huisarts|juf|meester)\s",
    re.I,
)
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _before(record: dict, span: dict, n: int = 30) -> str:
    return record["text"][max(0, span["start"] - n) : span["start"]]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev18_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev18_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev18_corpus.DEFAULT_RECORDS == 240
    assert dev18_corpus.DEFAULT_SEED == 20261220
    assert len(dev18_corpus.KINDS) == 12
    assert_fields_and_kinds(records, dev18_corpus.KINDS, 240 // len(dev18_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)  # in the writer's order
    assert all(list(s) == ["start", "end", "category", "text"] for r in records for s in r["spans"] + r["keep"])


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ".,", ":", " ")), (r["id"], s)
                assert "\n" not in s["text"], (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 60
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev18_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 25
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev18_corpus.iban_valid(i), i
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev18_corpus.bsn_valid("123456782") and not dev18_corpus.bsn_valid("123456788")
    assert dev18_corpus.bsn_valid("1234.56.782") and not dev18_corpus.bsn_valid("12345678")
    assert dev18_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev18_corpus.iban_valid("NL92ABNA0417164300")
    assert not dev18_corpus.iban_valid("DE89370400440532013000")  # a valid German IBAN, but not the Dutch shape


def test_phones_postcodes_and_addresses(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[2:] if p.startswith("+31") else digits[1:]
        if p.startswith("+31 (0)"):
            national = digits[3:]
        assert len(national) == 9 and national[0] != "0", p
    assert any(p.startswith("+31") for p in phones) and any(p.startswith("06") for p in phones)
    assert any(p.startswith("(0") for p in phones) and any(p.startswith("088") for p in phones)
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 150
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} {0,2}[A-Z]{2}", p), p
        assert p[-2:] not in ("SA", "SD", "SS"), p
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 150
    assert any(a.startswith("Postbus ") for a in addresses)
    assert any(re.search(r"\d(-II| hs| bis|a|-B)$", a) for a in addresses)  # house-number additions
    assert any(re.search(r"strjitte|Buorren|Haadwei", a) for a in addresses)  # Frisian streets
    places = set(_spans(records, corpus.LOCATIE))
    assert {"Beek", "Best", "Hoek", "Putten"} & places and {"Ljouwert", "Snits"} & places


def test_provider_numbers(records):
    agb = _spans(records, corpus.AGB)
    assert len(agb) >= 80
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in agb)
    assert {"-", " ", "."} <= {c for a in agb for c in a if not c.isdigit()}  # grouped every way
    uzi = _spans(records, corpus.UZI)  # BIG numbers (11 digits) and UZI numbers (9 digits)
    assert len(uzi) >= 50
    assert all(re.fullmatch(r"\d{11}|9000\d{5}", u) for u in uzi)
    big = [s for r in records for s in r["spans"] if s["category"] == corpus.UZI and "BIG" in _before(r, s, 20)]
    assert len(big) >= 40
    assert len(_spans(records, corpus.POLISNUMMER)) >= 30
    assert len(_spans(records, corpus.PATIENTNUMMER)) >= 100


def test_dates(records):
    dates = _spans(records, corpus.DATUM)
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dates) >= 400 and len(births) >= 150
    shapes = {
        "12-03-2025": r"\d\d-\d\d-\d{4}",
        "12 maart 2025": rf"\d{{1,2}} ({MONTHS}) \d{{4}}",
        "12 maart": rf"\d{{1,2}} ({MONTHS})",
        "12/03/2025": r"\d\d/\d\d/\d{4}",
        "12.03.2025": r"\d\d\.\d\d\.\d{4}",
        "2025-03-12": r"\d{4}-\d\d-\d\d",
        "12-3-2025": r"\d{1,2}-\d{1,2}-\d{4}",
        "12 mrt 2025": r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}",
        "12/3": r"\d{1,2}/\d{1,2}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dates), name
    assert any(re.fullmatch(r"\d\d-\d\d-\d\d", b) for b in births)  # two-digit years
    for b in births:  # every date of birth is a real day
        if re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", b):
            day, month, year = map(int, b.split("-"))
            assert datetime.date(year, month, day) < datetime.date(2026, 1, 1), b
    ages = _spans(records, corpus.LEEFTIJD)
    assert len(ages) >= 40 and all(re.fullmatch(r"\d{1,2} (jaar|jr)", a) for a in ages)


def test_names_in_every_position(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1200
    texts = "\n".join(r["text"] for r in records)
    # the administrative order, with the particles last or capitalised first, and capitals
    assert any(
        re.fullmatch(
            r"[A-ZÀ-Ýa-zà-ÿ'ıİşŞğĞçÇöÖüÜłŁśźżńąę -]+, ([A-ZŁ]\.)+ (van|de|der|den|ter|ten|in 't|op den|uit den|'t)( \w+)?",
            n,
        )
        for n in names
    )
    assert any(re.fullmatch(r"(Van der|Van den|De|Van|In 't|Op den|Ter|Ten) [A-Z]\w+, ([A-Z]\.)+", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÀ-ÝİŞĞÇÖÜŁ' -]{3,}, [A-ZŁ][\w .-]+", n) for n in names)
    # salutations with the particle capitalised, signatures, copies, witnesses, parents, students in lower case
    assert re.search(r"Geachte collega (Van der|Van den|De|Van|In 't|Op den|Ter|Ten) ", texts)
    assert re.search(r"Met collegiale groet,\n+(drs\. |dr\. |Drs\. )?[A-Z]", texts)
    lead = Counter()
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                before = _before(r, s, 40)
                for cue in (
                    "cc: ",
                    "c.c.: ",
                    "Kopie aan: ",
                    "Pt: ",
                    "Betreft: ",
                    "In aanwezigheid van: ",
                    "Getuige",
                    "ouders",
                    " van ",
                    "Ondergetekende",
                    "stud. ",
                    "Paraaf: ",
                    "t.a.v. ",
                    "namens ",
                ):
                    if cue in before:
                        lead[cue] += 1
    for cue in ("cc: ", "Pt: ", "Betreft: ", "Getuige", "ouders", "Ondergetekende", "stud. ", "Paraaf: ", "t.a.v. "):
        assert lead[cue] >= 5, (cue, lead)
    assert any(n.islower() and " " in n for n in names)  # students' notes in lower case
    assert any(re.fullmatch(r"[A-Z][a-z]{0,3}[A-Z]", n) for n in names)  # staff initials as one token ('MvdB')
    assert any(re.search(r"[ıİşŞğĞçÇöÖüÜłŁśźżńąę]", n) for n in names)  # Turkish and Polish letters
    assert any(" dos " in f" {n} " or " da " in f" {n} " for n in names)
    assert any(re.search(r"\w-(de |van |van der )?[A-Z]", n) for n in names)  # double surnames of married women
    # possessives keep the 's outside, roepnamen in brackets are their own span
    assert re.search(r"\w's (melktanden)", texts)
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON and r["text"][s["end"] : s["end"] + 2] == "'s":
                assert not s["text"].endswith("'s")
    assert any("roepnaam " in _before(r, s, 12) for r in records for s in r["spans"])


def test_names_that_are_words_months_or_eponyms(records):
    names = set(_spans(records, corpus.PERSOON))
    tokens = {t for n in names for t in re.split(r"[ ,]+", n)}
    assert {"Juni", "April", "Mei"} & tokens, "given names that are months"
    assert (
        len({"Roos", "Merel", "Fleur", "Iris", "Storm", "Job", "Ben", "Wil", "Dag", "Hoop", "Zomer", "Door"} & tokens)
        >= 5
    )
    assert len({"Kroon", "Brug", "Wortel", "Kaak", "Bakker", "Visser", "Post", "Vos", "Storm", "Zomer"} & tokens) >= 5
    # an eponym as a surname in the same text as the classification that bears it
    met = Counter()
    for r in records:
        keep = " ".join(k["text"] for k in r["keep"])
        person = {t for s in r["spans"] if s["category"] == corpus.PERSOON for t in s["text"].replace(",", " ").split()}
        for eponym in ("Winter", "Miller", "Kennedy"):
            if eponym in person and eponym in keep:
                met[eponym] += 1
    assert all(met[e] >= 1 for e in ("Winter", "Miller", "Kennedy")), met


def test_kinds_look_like_their_genre(records):
    by_kind: dict[str, list[str]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).append(r["text"])
    expect = {
        "verwijzing_kaakchirurg": r"kaakchirurg|Kaakchirurgie",
        "verwijsformulier": r"(?i)verwijsformulier|Verwijzing .* formulier",
        "antwoord_specialist": r"verwijzing van|verwijzen van|bericht ik u",
        "begroting": r"Totaal",
        "parodontaal_status": r"DPSI",
        "toestemming": r"Ondergetekende",
        "vim_melding": r"VIM|MIC",
        "jeugdtandzorg": r"(?i)school|kind|ouders",
        "kliniek_supervisie": r"(?i)stud",
        "second_opinion": r"second opinion",
        "ontslagbrief_mka": r"opgenomen",
        "medicatieoverzicht": r"(?i)medicatie",
    }
    for kind, pattern in expect.items():
        assert all(re.search(pattern, t) for t in by_kind[kind]), kind
    letters = by_kind["verwijzing_kaakchirurg"] + by_kind["antwoord_specialist"] + by_kind["ontslagbrief_mka"]
    assert sum(bool(re.search(r"^(cc|c\.c\.|CC|Kopie aan)", t, re.M)) for t in letters) >= 40


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1500
    assert sum(len(r["keep"]) >= 1 for r in records) >= 0.95 * len(records)
    assert sum(bool(re.fullmatch(r"(element|elem\.) [1-8][1-8]", k)) for k in keep) >= 120
    assert any(re.fullmatch(r"DPSI.*", k) for k in keep)
    assert any(re.fullmatch(r"[1-4][1-8](:| b|  )[ \d|/bp-]+", k) for k in keep)  # pocket chart lines
    assert any(re.fullmatch(r"BoP \d+%", k) for k in keep)
    codes = {k for k in keep if re.fullmatch(r"[A-Z]\d\d\d?", k)}
    assert {"M03", "C11", "X21"} & codes and len(codes) >= 20
    for cls in (
        "Angle klasse",
        "Miller klasse",
        "Kennedy klasse",
        "Pell-Gregory klasse",
        "volgens Winter",
        "Le Fort I",
    ):
        assert any(cls in k for k in keep), cls
    assert any(re.fullmatch(r"[a-zA-Z/ -]+ \d+(,\d+)? ?(mg|g|mcg|IE).*", k) for k in keep)  # drugs with doses
    assert any("1:100.000" in k for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1400,
        corpus.DATUM: 500,
        corpus.INSTELLING: 450,
        corpus.LOCATIE: 300,
        corpus.TELEFOON: 250,
        corpus.ADRES: 200,
        corpus.POSTCODE: 200,
        corpus.GEBOORTEDATUM: 170,
        corpus.PATIENTNUMMER: 120,
        corpus.AGB: 100,
        corpus.EMAIL: 100,
        corpus.BSN: 70,
        corpus.UZI: 60,
        corpus.LEEFTIJD: 50,
        corpus.POLISNUMMER: 40,
        corpus.URL: 30,
        corpus.IBAN: 30,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
