"""The fourteenth development part (``eval/text/dev14.jsonl``, families, care networks and money): the committed file
is what its generator writes, ids are unique, every span is exact and disjoint, names carry no title or kinship word,
BSNs pass the 11-proef and IBANs mod-97 (checked here and by the generator), every kind holds its share, and the
part holds what its brief asked for (relatives named around the patient, claim references, debtor numbers)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev14_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26, "UA": 29}
KINSHIP = re.compile(
    r"(moeder|vader|opa|oma|stiefvader|stiefmoeder|pleegmoeder|pleegvader|broer|broertje|zus|zusje|halfbroer|halfzus|"
    r"dochter|zoon|kleinzoon|kleindochter|tante|oom|buurvrouw|juf|mentor|curator|bewindvoerder)[\s:,(]*$",
    re.I,
)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev14_corpus.generate()


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def test_committed_file_is_the_generator_output(records):
    assert dev14_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev14_corpus.DEFAULT_RECORDS == 240
    assert_fields_and_kinds(records, dev14_corpus.KINDS, 20)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    titles = re.compile(
        r"^(dhr|mevr|mw|dr|drs|mr|hr)\.?\s|^(de heer|meneer|mevrouw|tandarts|moeder|vader|opa|oma|juf)\b", re.I
    )
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not titles.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith("'s"), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    ibans = _spans(records, corpus.IBAN)
    assert len(bsns) >= 100 and len(ibans) >= 50
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev14_corpus.bsn_valid(b), b
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev14_corpus.iban_valid(i), i
    countries = {re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans}
    assert "NL" in countries and len(countries) >= 3, countries
    assert any(i != i.upper() for i in ibans) and any(" " not in i and "\u00a0" not in i for i in ibans)
    assert not dev14_corpus.bsn_valid("123456788") and dev14_corpus.bsn_valid("123456782")
    assert dev14_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev14_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_and_postcodes(records):
    phones = _spans(records, corpus.TELEFOON)
    dutch = foreign = 0
    for p in phones:
        digits = re.sub(r"\D", "", p.replace("(0)", ""))
        if digits.startswith("0031") or digits.startswith("31") and p.lstrip().startswith("+31"):
            assert len(digits.removeprefix("00")) == 11, p
            dutch += 1
        elif p.startswith("+") or p.startswith("00"):
            assert 9 <= len(digits.removeprefix("00")) <= 14, p
            foreign += 1
        else:
            assert re.fullmatch(r"0\d{9}", digits), p
            dutch += 1
    assert dutch >= 200 and foreign >= 10
    for pc in _spans(records, corpus.POSTCODE):
        m = re.fullmatch(r"([1-9]\d{3})[\s\u00a0]*([A-Za-z]{2})", pc)
        assert m and m.group(2).upper() not in ("SA", "SD", "SS"), pc


def test_family_names_in_their_positions(records):
    """Relatives named after a kinship word, in brackets after it, with a title after a comma, as possessives, and
    surnames that differ within one text (double surnames, Polish female forms, Eritrean patronyms)."""
    after_kin = possessive = 0
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            if s["category"] != corpus.PERSOON:
                continue
            before = text[max(0, s["start"] - 30) : s["start"]]
            before = re.sub(r"(dhr|mevr|mw|hr)\.?\s*$|(de heer|meneer|mevrouw)\s*$", "", before, flags=re.I)
            after_kin += bool(KINSHIP.search(before))
            possessive += text[s["end"] : s["end"] + 3] in ("'s ", "' m", "' v")
    assert after_kin >= 250 and possessive >= 5
    names = _spans(records, corpus.PERSOON)
    assert any(re.search(r"ska\b", n) for n in names) and any(re.search(r"ski\b", n) for n in names)
    assert any(re.fullmatch(r"\S+ \S+-\S+", n) for n in names)  # married name: 'Anouk Bakker-de Groot'
    assert any(re.search(r"\b(van|de|in 't|ter|op den)\b", n) for n in names)
    assert any(n.isupper() or re.match(r"[A-Z]{3,}, ", n) for n in names)
    assert any(n == n.lower() and n.isalpha() for n in names)  # lower case in desk notes
    assert {"Mei", "Juni", "April"} & set(names)


def test_money_and_care_identifiers(records):
    """Claim and member numbers are POLISNUMMER; debtor, invoice and dossier numbers PATIENTNUMMER; room numbers in a
    care home ADRES; insurers themselves are not annotated."""
    text_all = "\n".join(r["text"] for r in records)
    for cue in ("declaratienr", "Vecozo", "Debiteurnummer", "Dossiernummer", "Machtigingskenmerk", "kamer ", "tolk"):
        assert cue.lower() in text_all.lower(), cue
    pol = _spans(records, corpus.POLISNUMMER)
    assert any(p.startswith("D-") or p.startswith("D") and p[1:].isdigit() for p in pol)
    assert any(p.startswith("VZ-") for p in pol)
    insurers = {row[0] for row in dev14_corpus.INSURERS}
    assert not insurers & {s["text"] for r in records for s in r["spans"]}
    rooms = 0
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.ADRES and r["text"][max(0, s["start"] - 6) : s["start"]] in ("kamer ", " app. "):
                rooms += 1
    assert rooms >= 30


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 900
    assert sum(1 for r in records if len(r["keep"]) >= 2) >= 200
    for code in ("M40", "H11", "C13", "U35", "X10"):
        assert code in keep, code
    assert any(re.fullmatch(r"(element|de|kies|el\.) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"\d\d[- ]?[MODBLP]+", k, re.I) for k in keep)
    assert any(k.startswith("Frankl") for k in keep) and any(k.startswith("ZZP") for k in keep)
    assert any(re.fullmatch(r"(Kennedy|Eichner|Angle) klasse \S+", k) for k in keep)
    assert any(k.startswith("M. ") for k in keep) and any("mg" in k for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.TELEFOON: 200,
        corpus.ADRES: 200,
        corpus.POSTCODE: 150,
        corpus.EMAIL: 120,
        corpus.GEBOORTEDATUM: 150,
        corpus.PATIENTNUMMER: 150,
        corpus.BSN: 100,
        corpus.IBAN: 50,
        corpus.POLISNUMMER: 80,
        corpus.INSTELLING: 250,
        corpus.LOCATIE: 150,
        corpus.DATUM: 300,
        corpus.AGB: 40,
        corpus.LEEFTIJD: 50,
        corpus.URL: 30,
    }
    for c, n in minimum.items():
        assert categories[c] >= n, (c, categories[c])
    assert set(categories) <= set(corpus.CATEGORIES)
    direct = sum(n for c, n in categories.items() if c in corpus.DIRECT_IDENTIFIERS)
    assert direct >= 2500
