"""The thirty-second development part (``eval/text/dev32.jsonl``, the Kingdom's other languages and dialects): the
committed file is what its generator writes, every kind holds its share, spans are exact and disjoint, names carry
no title, BSNs pass the 11-proef (rijksregisternummers their 97-check), IBANs mod-97, and the local notations the
part is about are present (Frisian and Papiamentu months, Kaya addresses without postcodes, +297/+599/+32/+49/+597
phones, Belgian and German postcodes)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev32_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof|herr|frau)\.?\s|^(tandarts|meneer|mevrouw|mem|heit|mama|annem)\s", re.I
)
FY_MONTHS = "jannewaris|febrewaris|maart|april|maaie|juny|july|augustus|septimber|oktober|novimber|desimber"
PAP_MONTHS = "yanüari|febrüari|mart|aprel|mei|yüni|yüli|ougùstùs|sèptèmber|òktober|novèmber|desèmber"


def _be_ok(number: str) -> bool:
    d = re.sub(r"\D", "", number)
    return len(d) == 11 and int(d[9:]) in (97 - int(d[:9]) % 97, 97 - int("2" + d[:9]) % 97)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev32_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev32_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev32_corpus.DEFAULT_RECORDS == 240
    assert dev32_corpus.DEFAULT_SEED == 20261229
    assert_fields_and_kinds(records, dev32_corpus.KINDS, 240 // len(dev32_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ".", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    dutch = [b for b in bsns if len(re.sub(r"\D", "", b)) == 9]
    belgian = [b for b in bsns if len(re.sub(r"\D", "", b)) == 11]
    assert len(dutch) >= 30 and len(belgian) >= 15 and len(dutch) + len(belgian) == len(bsns)
    for b in dutch:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev32_corpus.bsn_valid(b), b
    for b in belgian:
        assert re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", b) and _be_ok(b) and dev32_corpus.rrn_valid(b), b
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 15
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev32_corpus.iban_valid(i), i
    assert {i[:2] for i in ibans} == {"NL", "BE", "DE"}
    assert dev32_corpus.bsn_valid("123456782") and not dev32_corpus.bsn_valid("123456788")
    assert dev32_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev32_corpus.iban_valid("NL92ABNA0417164300")
    assert dev32_corpus.rrn_valid("85.07.30-033.28") and not dev32_corpus.rrn_valid("85.07.30-033.29")


def test_local_notations(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    assert any(re.fullmatch(rf"\d{{1,2}} ({FY_MONTHS}) \d{{4}}", d) for d in dates)
    assert any(re.fullmatch(rf"\d{{1,2}} di ({PAP_MONTHS})( \d{{4}})?", d) for d in dates)
    assert any(
        re.fullmatch(
            r"\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
            r"Dezember) \d{4}",
            d,
        )
        for d in dates
    )
    assert any(re.fullmatch(r"\d\d/\d\d/\d{4}", d) for d in dates)
    phones = _spans(records, corpus.TELEFOON)
    for prefix in ("+297", "+599", "+32", "0032", "+49", "+597", "+90", "+212", "+44"):
        assert any(p.lstrip("(").startswith(prefix) for p in phones), prefix
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 15, p
    addresses = _spans(records, corpus.ADRES)
    assert any(re.fullmatch(r"(Kaya|Caya) [\w ]+ \d+(-A)?", a) for a in addresses)
    assert any(" bus " in a for a in addresses)
    assert any(re.search(r"(strjitte|paed|wei|buorren|dyk) \d", a) for a in addresses)
    assert any("straße" in a.lower() or "ße " in a for a in addresses)
    postcodes = _spans(records, corpus.POSTCODE)
    assert any(re.fullmatch(r"\d{4}", p) for p in postcodes) and any(re.fullmatch(r"\d{5}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4} ?[A-Za-z]{2}", p) for p in postcodes)
    # Caribbean addresses come without a postcode
    for r in records:
        if any(s["category"] == corpus.ADRES and s["text"].startswith(("Kaya", "Caya")) for s in r["spans"]):
            assert not any(s["category"] == corpus.POSTCODE for s in r["spans"]), r["id"]
    texts = "\n".join(r["text"] for r in records)
    for word in (
        "Mei freonlike groetnis",
        "Danki",
        "Rijksregisternummer",
        "Grantangi",
        "Houdoe",
        "Cheers",
        "Mit freundlichen Grüßen",
        "Teşekkürler",
        "Chokran",
    ):
        assert word in texts, word


def test_names_of_the_communities(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 500
    assert any(re.search(r"stra$", n) for n in names)  # Frisian
    assert any(re.search(r"\b(Van den|De|Van de|D')\s?[A-Z]", n) for n in names)  # Flemish capital particles
    assert any("A Fong" in n or "A Ling" in n or "Chin-A-" in n for n in names)  # Surinamese-Chinese
    assert any(re.search(r"[ışğçöüİŞ]", n) for n in names) and any("ß" in n or "von der" in n for n in names)
    assert any(n.startswith(("El ", "Ben ", "Aït ")) or " El " in n for n in names)
    assert any(n.islower() for n in names)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert all(len(r["keep"]) >= 2 for r in records)
    assert any(re.fullmatch(r"(kies|kees|tosk|Zahn|molar|element) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[A-Za-z -]+ \d+ mg( \d?dd)?", k) for k in keep)
    assert any(re.fullmatch(r"[CVMXEHR]\d\d", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category, n in {
        corpus.PERSOON: 500,
        corpus.DATUM: 300,
        corpus.TELEFOON: 200,
        corpus.ADRES: 150,
        corpus.LOCATIE: 150,
        corpus.POSTCODE: 100,
        corpus.EMAIL: 60,
        corpus.PATIENTNUMMER: 60,
        corpus.GEBOORTEDATUM: 60,
        corpus.INSTELLING: 60,
        corpus.BSN: 45,
    }.items():
        assert categories[category] >= n, (category, categories[category])
