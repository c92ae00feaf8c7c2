"""The seventy-second development part (``eval/text/dev72.jsonl``, hereditary and rare dental conditions in
families): the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word
bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97 (checked here and by the generator), phones,
postcodes, dates and names come in many notations, pedigrees and family members are there, and every kind holds its
share of clinical strings."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev72_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|heer|meneer|mevrouw|tandarts|oom|tante|opa|oma)\s", re.I
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev72_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev72_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev72_corpus.generate() == records
    assert dev72_corpus.generate(24, 1) != records[:24]


def test_record_fields_and_kinds(records):
    assert len(records) == dev72_corpus.DEFAULT_RECORDS == 240
    assert dev72_corpus.DEFAULT_SEED == 20270472
    assert_fields_and_kinds(records, dev72_corpus.KINDS, 240 // len(dev72_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


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
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev72_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev72_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 30 and len(countries) >= 3, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans)
    assert dev72_corpus.bsn_valid("123456782") and not dev72_corpus.bsn_valid("123456788")
    assert dev72_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev72_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 15, p
    for prefix in ("06-", "06 ", "+31 6", "+316", "0031 6", "(06)", "+31 (0)", "+32", "+49", "+90", "+380", "+233"):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any(re.fullmatch(r"\(0\d{2,3}\) [\d ]+", p) for p in phones)


def test_postcodes_addresses_and_places(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 150
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(" " not in p for p in postcodes) and any(p[-2:].islower() for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 150
    assert any(a.endswith(("-II", " bis")) for a in addresses)
    places = _spans(records, corpus.LOCATIE)
    assert any(p.isupper() for p in places) and len(places) >= 150


def test_dates_in_many_notations(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d\d/\d\d/\d{4}",
        r"\d{1,2}\.\d\d\.\d{4}",
        r"\d{4}-\d\d-\d\d",
        rf"\d{{1,2}} ({months}) \d{{4}}",
        rf"\d{{1,2}} ({months})",
        r"\d\d/\d\d/\d\d",
        r"(19|20)\d\d",  # a year of birth in a pedigree, a year of death
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 200


def test_families_and_names(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z][\w -]+", n) for n in names)  # Achternaam, Voornaam
    assert any(re.fullmatch(r"([A-Z]\.)+ [\w' -]+", n) for n in names)  # initials
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[a-z]-(de |van |ter |in )?[A-Z]", n) for n in names)  # married names
    assert any(re.fullmatch(r"[A-Z]{2}", n) for n in names)  # paraaf
    assert any(" van der " in n or " ter " in n or " in 't " in n or " van 't " in n for n in names)
    assert any(re.search(r"[ıłśńöüşğ]", n) for n in names)
    for word in ("Mei", "Juni", "April", "Roos", "Kees", "Bas", "Sky", "Joy"):
        assert any(n.split()[0] == word for n in names), word
    for word in ("Bakker", "Post", "Visser", "Kroon", "Bloem", "Schaap", "Vos"):
        assert any(n.endswith(word) or n.startswith(word + ",") for n in names), word
    texts = [r["text"] for r in records if r["kind"] == "stamboom"]
    assert all("Generatie I\n" in t and "Generatie II\n" in t and "Generatie III\n" in t for t in texts)
    assert all(re.search(r"III-\d", t) for t in texts)
    # a record names many members of one family
    assert sum(len({s["text"] for s in r["spans"] if s["category"] == corpus.PERSOON}) >= 5 for r in records) >= 120


def test_other_identifiers(records):
    pnr = _spans(records, corpus.PATIENTNUMMER)
    assert any(p.startswith(("DNA", "D1", "D2")) for p in pnr) and any(p.startswith(("F", "FAM-")) for p in pnr)
    assert any(p.startswith("CBT-") for p in pnr)
    assert all(re.fullmatch(r"[\d -.]{8,14}", a) for a in _spans(records, corpus.AGB))
    assert all(re.fullmatch(r"\d{11}", u) for u in _spans(records, corpus.UZI))
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert all(u.startswith("www.") for u in _spans(records, corpus.URL))
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(a.endswith(" jaar") for a in ages) and any(a.endswith("-jarige") for a in ages)
    assert any(a.isdigit() for a in ages) and any(a.endswith(" jr") for a in ages)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1000 and len(keep) >= 4 * len(records)
    for needle in (
        "amelogenesis imperfecta",
        "dentinogenesis imperfecta",
        "oligodontie",
        "ectodermale dysplasie",
        "cleidocraniale dysplasie",
        "Witkop",
        "Shields",
        "Angle klasse",
        "Straumann",
        "Gracey",
    ):
        assert any(needle in k for k in keep), needle
    assert any(re.fullmatch(r"element [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"[1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"[CVRXJTMA]\d\d\d?", k) for k in keep)
    assert any(re.match(r"c\.\d", k) for k in keep)
    assert {"RUNX2", "DSPP", "PAX9", "EDA"} <= set(keep)
    assert any(re.search(r"\d+ mg", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.DATUM: 300,
        corpus.GEBOORTEDATUM: 200,
        corpus.LEEFTIJD: 200,
        corpus.INSTELLING: 200,
        corpus.PATIENTNUMMER: 150,
        corpus.TELEFOON: 150,
        corpus.POSTCODE: 150,
        corpus.ADRES: 150,
        corpus.LOCATIE: 150,
        corpus.EMAIL: 80,
        corpus.POLISNUMMER: 50,
        corpus.IBAN: 40,
        corpus.BSN: 40,
        corpus.URL: 30,
        corpus.AGB: 30,
        corpus.UZI: 20,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
