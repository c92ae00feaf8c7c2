"""Part dev112 (dental emergencies of travellers at Schiphol and the cruise terminal): the committed file is its
generator's output, the contract's checks, its identifiers' checksums by two hands, its counts, and the notations
particular to its theme (passports, cabins, claim numbers, foreign phones, currencies)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus, corpus_file, dev112_corpus
from tests.text import annotated_parts

PER_KIND = dev112_corpus.DEFAULT_RECORDS // len(dev112_corpus.KINDS)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev112_corpus.generate()


def _digits(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def _spans(records: list[dict], category: str) -> list[dict]:
    return [s for r in records for s in r["spans"] if s["category"] == category]


def test_committed_file_is_the_generators_output(records):
    assert dev112_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_deterministic_with_the_seed(records):
    assert dev112_corpus.generate(seed=dev112_corpus.DEFAULT_SEED) == records
    assert dev112_corpus.generate(seed=dev112_corpus.DEFAULT_SEED + 1) != records


def test_fields_kinds_and_ids(records):
    assert len(records) == 240 and len(dev112_corpus.KINDS) == 10
    annotated_parts.assert_fields_and_kinds(records, dev112_corpus.KINDS, PER_KIND)
    assert [r["id"] for r in records] == [f"dev112-{i:04d}" for i in range(240)]


def test_spans_exact_disjoint_and_on_word_bounds(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] > 0 else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s)


def test_titles_and_labels_stay_outside_the_spans(records):
    for s in _spans(records, corpus.PERSOON):
        assert not re.match(r"(?i)(dhr|mevr|mw|mr|ms|mrs|dr)\b\.?\s", s["text"]), s
    for s in records_with_labels(records):
        assert not s["text"].lower().startswith(("bsn", "tel", "iban", "imo", "cabin", "hut"))


def records_with_labels(records: list[dict]) -> list[dict]:
    cats = (corpus.BSN, corpus.TELEFOON, corpus.IBAN, corpus.LOCATIE)
    return [s for r in records for s in r["spans"] if s["category"] in cats]


def test_bsns_pass_the_11_proef_by_two_hands(records):
    bsns = _spans(records, corpus.BSN)
    assert bsns
    for s in bsns:
        assert annotated_parts.bsn_ok(_digits(s["text"])), s
        assert dev112_corpus.bsn_valid(s["text"]), s


def test_ibans_pass_mod_97_by_two_hands(records):
    ibans = _spans(records, corpus.IBAN)
    assert {unicodedata.normalize("NFKC", s["text"])[:2].upper() for s in ibans} > {"NL"}
    for s in ibans:
        plain = unicodedata.normalize("NFKC", s["text"]).replace("\u200b", "").replace("\u00ad", "")
        assert annotated_parts.iban_ok(plain, dev112_corpus.IBAN_LENGTHS), s
        assert dev112_corpus.iban_valid(s["text"]), s


def test_category_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == {
        "ADRES": 201,
        "AGB": 33,
        "BSN": 8,
        "DATUM": 250,
        "EMAIL": 167,
        "GEBOORTEDATUM": 152,
        "IBAN": 31,
        "INSTELLING": 240,
        "LEEFTIJD": 58,
        "LOCATIE": 421,
        "PATIENTNUMMER": 242,
        "PERSOON": 807,
        "POLISNUMMER": 175,
        "POSTCODE": 190,
        "TELEFOON": 189,
        "URL": 29,
    }
    assert sum(counts.values()) == 3193
    assert sum(n for c, n in counts.items() if c in corpus.DIRECT_IDENTIFIERS) == 1987
    assert sum(len(r["keep"]) for r in records) == 895


def _after(records: list[dict], label: str, category: str) -> list[str]:
    """Span texts of ``category`` that follow ``label`` (and at most a few separators) in their record."""
    out = []
    for r in records:
        for s in r["spans"]:
            if s["category"] == category and re.search(label + r"[\s.:#]{0,3}$", r["text"][: s["start"]], re.I):
                out.append(s["text"])
    return out


def test_theme_categories_for_passports_cabins_and_claims(records):
    # passport, seafarer's book, crew ID and booking reference: numbers a person is known by
    assert len(_after(records, r"(passport|paspoort|pp|paspoortnr|passport no)", corpus.PATIENTNUMMER)) >= 40
    assert _after(records, r"(seaman's book|seafarer id)", corpus.PATIENTNUMMER)
    assert _after(records, r"(pnr\)|boekingscode)", corpus.PATIENTNUMMER)
    # a cabin and the ship are where the patient lives for the voyage
    cabins = _after(records, r"(cabin|hut|hutnummer|cabin no)", corpus.LOCATIE)
    assert len(cabins) >= 40 and all(re.fullmatch(r"[ABC]?\d{3,5}", c) for c in cabins)
    assert _after(records, r"imo", corpus.LOCATIE)
    ships = {s["text"] for s in _spans(records, corpus.LOCATIE)} & set(dev112_corpus.SHIPS)
    assert len(ships) >= 8
    # claim, policy, GOP and case numbers belong to the insurance file
    assert len(_after(records, r"(claim|claimnr-|ref|ref-|schadennummer|dossiernummer is)", corpus.POLISNUMMER)) >= 30
    assert _after(records, r"(gop|nr\.|garantienummer)", corpus.POLISNUMMER)
    # flight numbers, gates and seats are not annotated
    for r in records:
        for m in re.finditer(r"\b(?:flight|vlucht|Flight|Vlucht)\s+([A-Z]{2}\d{2,4})\b", r["text"]):
            assert all(not (s["start"] <= m.start(1) < s["end"]) for s in r["spans"]), (r["id"], m.group(1))


def test_theme_notations(records):
    phones = [unicodedata.normalize("NFKC", s["text"]) for s in _spans(records, corpus.TELEFOON)]
    prefixes = {m.group(1) for p in phones if (m := re.match(r"(?:\+|00)(1|2\d\d|3\d\d?|4\d|5\d\d?|6\d|8\d|9\d)", p))}
    assert len(prefixes) >= 25  # phones of many countries, each in its own notation
    assert any(p.startswith("0") and not p.startswith("00") for p in phones)  # national notations too
    texts = [s["text"] for r in records for s in r["spans"]]
    for char in ("\u00a0", "\u202f", "\u200b", "\u00ad", "３"):
        assert any(char in t for t in texts), repr(char)
    whole = "\n".join(r["text"] for r in records)
    for glued in ("tel:+", "paspoortnr:", "claimnr-", "ref-", "even,"):
        assert glued in whole, glued
    postcodes = {s["text"] for s in _spans(records, corpus.POSTCODE)}
    assert any(re.fullmatch(r"[A-Z]\d[A-Z] \d[A-Z]\d", p) for p in postcodes)  # Canada
    assert any(re.fullmatch(r"\d\d-\d{3}", p) for p in postcodes)  # Poland
    assert any(re.fullmatch(r"\d{4} [A-Z]{2}", p) for p in postcodes)  # the Netherlands
    assert any(re.search(r"[а-яі]", s["text"]) for s in _spans(records, corpus.ADRES))  # Cyrillic street
    currencies = set(re.findall(r"≈ ([A-Z]{3}) ", whole))
    assert len(currencies) >= 6
    names = {s["text"] for s in _spans(records, corpus.PERSOON)}
    assert any("/" in n and n.isupper() for n in names)  # SURNAME/GIVEN from a passport or boarding pass
    assert any(re.search(r"[łıøðşćčńñãçő]", n) for n in names)


def test_the_file_holds_what_generate_writes():
    lines = dev112_corpus.PATH.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 240
    assert all(set(json.loads(x)) == {"text", "kind", "id", "deny", "spans", "keep"} for x in lines)
