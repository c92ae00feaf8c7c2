"""The thirtieth development part (``eval/text/dev30.jsonl``, dental emergencies and trauma): the committed file is
what its generator writes, ids are unique, every span is exact and disjoint, names carry no title, BSNs pass the
11-proef, IBANs mod-97, every kind holds its share, and the notations of on-call and trauma paperwork are there
(licence plates, proces-verbaal and Veilig Thuis numbers, trauma classifications, splints, doses)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev30_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof|ds)\.?\s|^(de heer|meneer|mevrouw|tandarts|moeder|vader|trainer|coach|agent|"
    r"hoofdagent|brigadier|rechercheur|partner|oma|zus)\s",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev30_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev30_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev30_corpus.DEFAULT_RECORDS == 240
    assert dev30_corpus.DEFAULT_SEED == 20261230
    assert_fields_and_kinds(records, dev30_corpus.KINDS, 240 // len(dev30_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev30_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev30_corpus.iban_valid(i), i
    assert dev30_corpus.bsn_valid("123456782") and not dev30_corpus.bsn_valid("123456788")
    assert dev30_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev30_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_dates(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    for p in phones:
        digits = re.sub(r"\D", "", p)
        assert len(digits) == (11 if p.startswith("+31") else 10), p
    postcodes = _spans(records, corpus.POSTCODE)
    assert postcodes and all(re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) for p in postcodes)
    assert all(p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes)
    dates = _spans(records, corpus.DATUM)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2}/\d{1,2}/\d\d",
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d{1,2}-\d{1,2}",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 200
    assert len(_spans(records, corpus.LEEFTIJD)) >= 50


def test_trauma_paperwork_notations(records):
    refs = _spans(records, corpus.POLISNUMMER)
    plates = [r for r in refs if re.fullmatch(r"[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,2}|[A-Z]{2}\d{3}[A-Z]", r)]
    assert len(plates) >= 25
    assert any(re.fullmatch(r"PL\d{4}-\d{10}", r) for r in refs)  # proces-verbaal / BVH
    assert any(re.fullmatch(r"VT-\d{4}-\d{5}", r) for r in refs)  # Veilig Thuis
    texts = "\n".join(r["text"] for r in records)
    for word in ("proces-verbaal", "kenteken", "Veilig Thuis", "SEH", "ritnr", "Nachtdienst", "spalk verwijderen"):
        assert word in texts, word
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-ZÇÖÜİŞĞ' -]{3,}, [A-Z][\w-]+", n) for n in names)
    assert any(re.search(r"[ıłóśçşğö]", n) for n in names)
    assert any(" van " in n or n.startswith(("van ", "de ", "ter ", "in 't ")) for n in names)


def test_keep_strings(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1500
    assert all(len(r["keep"]) >= 3 for r in records)
    assert any(re.fullmatch(r"Ellis klasse (I|II|III|IV)", k) for k in keep)
    assert any("Andreasen" in k for k in keep)
    assert any(re.search(r"spalk.*\d+ (weken|wkn|dagen)", k) for k in keep)
    assert any(k.startswith(("Boostrix", "tetanus")) for k in keep)
    assert any(re.fullmatch(r"(amoxicilline|doxycycline|clindamycine|feneticilline).*\d+ mg.*", k) for k in keep)
    assert any(re.fullmatch(r"\d+ min", k) for k in keep)  # extra-alveolar time
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in (corpus.INSTELLING, corpus.LOCATIE, corpus.ADRES, corpus.PATIENTNUMMER, corpus.URL, corpus.AGB):
        assert categories[category] >= 20, (category, categories[category])
