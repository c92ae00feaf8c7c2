"""The fifty-first development part (``eval/text/dev51.jsonl``, text written by patients and their families): the
committed file is what its generator writes, the generator is deterministic and seeded, ids are unique, every kind
holds its share, every span is exact, disjoint and on word bounds, names carry no title, BSNs pass the 11-proef and
IBANs mod-97 (checked here by this test's own code as well as the generator's), and the shapes the generator's
docstring promises occur: voices, handles, lower-case names, identifier notations as laypeople type them."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev51_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint, bsn_ok, iban_ok

IBAN_LENGTHS = {"NL": 18, "BE": 16}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|fam|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|dokter|weduwe)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev51_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev51_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev51_corpus.generate(12) == records[:12]
    assert dev51_corpus.generate(12, seed=1) != records[:12]


def test_record_fields_and_kinds(records):
    assert len(records) == dev51_corpus.DEFAULT_RECORDS == 240
    assert dev51_corpus.DEFAULT_SEED == 20270451
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert len({r["id"] for r in records}) == len(records)
    counts = Counter(r["kind"] for r in records)
    assert set(counts) == set(dev51_corpus.KINDS) and len(counts) >= 8
    assert all(n == 240 // len(dev51_corpus.KINDS) for n in counts.values())
    # deny: the record's people (and practice) as a person lists them, each also written in the text somewhere
    for r in records:
        assert isinstance(r["deny"], list) and r["deny"], r["id"]
        names = [s["text"].lower() for s in r["spans"] if s["category"] in (corpus.PERSOON, corpus.INSTELLING)]
        for entry in r["deny"]:
            words = entry.lower().split()
            assert any(any(w in n for w in words) for n in names), (r["id"], entry)


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
                assert not s["text"].endswith((",", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 50
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev51_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3}\.\d{3}\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3}-\d{3}-\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4} \d\d \d{3}", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev51_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(re.fullmatch(r"[A-Z]{2}\d\d[A-Z]{4}\d{10}", i) for i in ibans)
    assert any("-" in i for i in ibans) and any("." in i for i in ibans) and any(" " in i for i in ibans)
    assert dev51_corpus.bsn_valid("123456782") and not dev51_corpus.bsn_valid("123456783")
    assert dev51_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev51_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_emails_postcodes_addresses(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        d = re.sub(r"\D", "", p)
        assert (
            len(d) == 10 or (p.startswith("+31") and len(d) in (11, 12)) or (p.startswith("0031") and len(d) == 13)
        ), p
    for shape in (
        r"06-\d{8}",
        r"06\d{8}",
        r"\+31 6 \d{8}",
        r"\+316\d{8}",
        r"0031 6 \d{8}",
        r"\(06\)\d{8}",
        r"06(\.\d\d){4}",
        r"\+31 \(0\)6 \d{4} \d{4}",
        r"\(0\d{2,3}\) \d{6,7}",
        r"0\d{2,3}-\d{6,7}",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 100 and all("@" in e and " " not in e for e in emails)
    assert any(e == e.upper() for e in emails) and any(e[0].isupper() and e[1:].islower() for e in emails)
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 50
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(" " in p for p in postcodes) and any(" " not in p for p in postcodes)
    assert any(p[-2:].islower() for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    for end in (r"\d+-II", r"\d+ bis", r"\d+[abcA]"):
        assert any(re.search(end + "$", a) for a in addresses), end
    assert any(a == a.lower() for a in addresses) and any("str. " in a for a in addresses)


def test_dates_ages_and_patient_numbers(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 120
    months = "|".join(dev51_corpus.MONTHS)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2}-\d{1,2}-\d\d",
        r"\d\d/\d\d/\d{4}",
        r"\d{1,2}/\d{1,2}/\d\d",
        rf"\d{{1,2}} ({months}) \d{{4}}",
        r"\d{1,2} [a-z]{3}\. '\d\d",
        r"\d{4}-\d\d-\d\d",
        r"\d\d\.\d\d\.\d{4}",
        r"\d{8}",
        r"\d{1,2} [A-Z][a-z]+ \d{4}",
    ):
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    assert len(_spans(records, corpus.DATUM)) >= 100
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(re.fullmatch(r"\d+ jaar", a) for a in ages) and any(re.fullmatch(r"\d+ jr", a) for a in ages)
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 50
    for shape in (r"#\d{5,6}", r"P-\d{5,6}", r"P\d{5,6}", r"PN\d{5,6}", r"\d{3}-\d{2,3}", r"0\d{5,6}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape


def test_names_and_voices(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 600
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(re.fullmatch(r"[a-z]+[._][a-z0-9]+", n) for n in names)  # handles
    assert any(re.fullmatch(r"[A-Z][a-z]+ vd [A-Z]\.", n) for n in names)  # 'Marieke vd B.'
    assert any(re.fullmatch(r"[A-ZÇÖİŞĞÜ'-]{3,}( [A-Z][\w-]+)+", n) for n in names)  # SURNAME Given
    assert any(re.search(r"[ıışğçöüłąęśńżźó]", n) for n in names)
    assert any(re.search(r"\b(van|de|ter|op den|van 't)\b", n) for n in names)
    texts = "\n".join(r["text"] for r in records)
    for marker in (
        "Houdoe",
        "Ich höb",
        "Moi",
        "pien",
        "Goojemiddig",
        "Hallo leu",
        "Groetn",
        "Groutnis",
        "thnx",
        "mn nummer",
        "😩",
        "🙏",
        "Ik heb pijn van",
        "Hoogachtend",
    ):
        assert marker in texts, marker
    assert re.search(r"(^|\n)(hoi|hey|hallo!!|hai) ", texts)  # messages opened without a capital


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 400
    assert sum(bool(r["keep"]) for r in records) >= 0.95 * len(records)
    assert any(re.fullmatch(r"(kies|element) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"\w+ \d+ ?mg( 3dd)?", k) for k in keep)
    assert any(re.fullmatch(r"[ACEMRTVX]\d\d\d?", k) for k in keep)
    assert any(k in ("M. Crohn", "M. Parkinson", "Angle klasse II", "Sjögren-syndroom") for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 600,
        corpus.TELEFOON: 150,
        corpus.GEBOORTEDATUM: 120,
        corpus.INSTELLING: 100,
        corpus.DATUM: 100,
        corpus.LOCATIE: 100,
        corpus.EMAIL: 100,
        corpus.BSN: 50,
        corpus.PATIENTNUMMER: 50,
        corpus.ADRES: 50,
        corpus.POSTCODE: 50,
        corpus.LEEFTIJD: 40,
        corpus.URL: 20,
        corpus.IBAN: 20,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
