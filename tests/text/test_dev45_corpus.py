"""The forty-fifth development part (``eval/text/dev45.jsonl``, dental care in institutions and special
circumstances: prisons, Defensie, shelters, methadone programmes, women's shelters, curatorship, sailors): the
committed file is what its generator writes, ids are unique, every span is exact and disjoint, names carry no title
or rank, BSNs pass the 11-proef and IBANs mod-97, and the shapes the theme promises occur (registration and service
numbers as PATIENTNUMMER, ranks before names, cells, secret addresses, military date-time groups, foreign and
satellite phones)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev45_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "NO": 15, "PL": 28}
TITLES = re.compile(
    r"^([Dd]hr|[Mm]evr|[Mm]w|[Hh]r|[Dd]rs?|mr|[Ss]gt1?|[Kk]pl1?|[Ll]tz1?|[Mm]aj|[Kk]ap|[Kk]ol|elnt|lnt|aoo|smi|sld1|[Aa]dj|Capt)\.?\s"
    r"|^(de heer|meneer|mevrouw|tandarts|majoor|kapitein|sergeant|korporaal|soldaat|luitenant|adjudant)\s",
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev45_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev45_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seed_dependent():
    assert dev45_corpus.generate(24, 7) == dev45_corpus.generate(24, 7)
    assert dev45_corpus.generate(24, 7) != dev45_corpus.generate(24, 8)


def test_record_fields_and_kinds(records):
    assert len(records) == dev45_corpus.DEFAULT_RECORDS == 240
    assert dev45_corpus.DEFAULT_SEED == 20270445
    assert len(dev45_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev45_corpus.KINDS, 240 // len(dev45_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_or_ranks_and_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 100
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev45_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .-]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev45_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 20 and len(countries) >= 3, countries
    assert any(" " in i for i in ibans) and any(re.fullmatch(r"[A-Z]{2}\d\d[A-Z0-9]+", i) for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev45_corpus.bsn_valid("123456782") and not dev45_corpus.bsn_valid("123456788")
    assert dev45_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev45_corpus.iban_valid("NL92ABNA0417164300")
    # a service number is never a valid BSN by accident
    for n in _spans(records, corpus.PATIENTNUMMER):
        digits = re.sub(r"\D", "", n)
        if len(digits) == 9 and re.fullmatch(r"[\d .-]+", n):
            assert not bsn_ok(digits), n


def test_phones(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 15, p
    for prefix in ("06-", "+31 6", "+31 (0)", "0031", "(0", "+63", "+48"):
        assert any(p.startswith(prefix) for p in phones), prefix
    foreign = (
        "+63",
        "+48",
        "+47",
        "+870",
        "+881",
        "+40",
        "+370",
        "+380",
        "+38 ",
        "+238",
        "+44",
        "+32",
        "+49",
        "0063",
        "0048",
    )
    assert len({c for p in phones for c in foreign if p.startswith(c)}) >= 8
    assert sum(p.startswith(foreign) for p in phones) >= 30
    assert any(p.startswith(("+870", "+881")) for p in phones)  # satellite phones at sea


def test_theme_shapes(records):
    texts = "\n".join(r["text"] for r in records)
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 300
    assert any(re.fullmatch(r"\d\d/\d{6}-\d\d", n) for n in numbers)  # parketnummer
    assert any(re.fullmatch(r"C/\d\d/\d{6} / FA RK \d\d-\d{4}", n) for n in numbers)  # court case
    assert any(re.fullmatch(r"RN \d{4}\.\d{3}", n) for n in numbers)  # detainee registration
    assert any(re.fullmatch(r"\d\d\.\d{3}\.\d{4}", n) for n in numbers)  # service number, grouped
    # ranks stand right before a name, outside it
    for rank in ("sgt.", "kpl1", "ltz. 2OC", "maj.", "aoo"):
        assert any(
            r["text"][: s["start"]].endswith(rank + " ")
            for r in records
            for s in r["spans"]
            if s["category"] == corpus.PERSOON
        ), rank
    # cells are addresses, secret addresses are announced
    assert any(
        r["text"][: s["start"]].endswith("cel ") for r in records for s in r["spans"] if s["category"] == corpus.ADRES
    )
    assert "GEHEIM ADRES" in texts and "Postbus" in texts
    dates = _spans(records, corpus.DATUM)
    assert any(re.fullmatch(r"\d{6}[ZAB](jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)\d\d", d, re.I) for d in dates)
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert any(re.fullmatch(r"\d\d[A-Z]{3}\d{4}", d) for d in dobs)  # military notation
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dobs)
    assert any(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", d) for d in dobs)
    names = _spans(records, corpus.PERSOON)
    assert any(re.fullmatch(r"[A-ZÇŞÖÜ' -]{3,}, [A-Z][a-z]+", n) for n in names)
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[łśźżąęőşğıçöü]", n) for n in names)
    assert any(" van der " in n or n.startswith("van ") or " in 't " in n for n in names)
    insts = set(_spans(records, corpus.INSTELLING))
    assert any("kazerne" in i.lower() for i in insts) and any(i.startswith("PI ") for i in insts)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 900
    assert any(re.fullmatch(r"methadon \d+ mg.*", k) for k in keep)
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(re.fullmatch(r"DPSI [0-4][+-]?", k) for k in keep)
    assert any(re.fullmatch(r"(Black|Kennedy|Angle) klasse [IV]+", k) for k in keep)
    assert any(re.fullmatch(r"Le Fort I+", k) for k in keep)
    assert any(re.fullmatch(r"[CXVHEAM]\d\d", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    assert sum(categories.values()) >= 3000
    minimum = {
        corpus.PERSOON: 800,
        corpus.PATIENTNUMMER: 300,
        corpus.TELEFOON: 250,
        corpus.GEBOORTEDATUM: 250,
        corpus.DATUM: 250,
        corpus.INSTELLING: 200,
        corpus.ADRES: 200,
        corpus.LOCATIE: 200,
        corpus.POSTCODE: 150,
        corpus.EMAIL: 150,
        corpus.BSN: 100,
        corpus.IBAN: 40,
        corpus.LEEFTIJD: 30,
        corpus.AGB: 20,
        corpus.UZI: 15,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
