"""The seventy-first development part (``eval/text/dev71.jsonl``, online reviews, social media and the reputation of
a dental group): the committed file is what its generator writes, ids are unique, every span is exact, disjoint and
on word bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97 (checked here and by the generator's own
helpers), the notations and the clinical strings are there, and every kind holds its share."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus, dev71_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "DE": 22, "BE": 16, "TR": 26}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|assistente|dokter|mondhygiënist)\s", re.I
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _digits(s: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", s))


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev71_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev71_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev71_corpus.generate(24) == records[:24]
    assert dev71_corpus.generate(24, seed=1) != records[:24]


def test_record_fields_and_kinds(records):
    assert len(records) == dev71_corpus.DEFAULT_RECORDS == 240
    assert dev71_corpus.DEFAULT_SEED == 20270471
    assert len(dev71_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev71_corpus.KINDS, 240 // len(dev71_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds_and_names_without_titles(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].startswith("@") and not s["text"].endswith((",", ":", "'s")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    for b in bsns:
        assert bsn_ok(_digits(b)) and dev71_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev71_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 20 and {"TR", "BE", "DE"} <= set(countries), countries
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev71_corpus.bsn_valid("123456782") and not dev71_corpus.bsn_valid("123456788")
    assert dev71_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev71_corpus.iban_valid("NL92ABNA0417164300")
    assert dev71_corpus.iban_valid("DE89370400440532013000")


def test_notations(records):
    texts = "\n".join(r["text"] for r in records)
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        assert 9 <= len(_digits(p)) <= 14, p
    for prefix in ("06", "+31", "0031", "+90", "("):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any("\u00a0" in p for p in phones) and any("\u202f" in p for p in phones)
    assert any(re.search(r"[０-９]", p) for p in phones)  # fullwidth digits
    assert any("\u200b" in b for b in _spans(records, corpus.BSN))
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert any(" " not in p for p in postcodes) and any(p[-2:].islower() for p in postcodes)
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2}/\d{1,2}/\d{4}",
        r"\d\d\.\d\d\.\d{4}",
        r"\d{1,2} [a-z]+ \d{4}",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    for a in _spans(records, corpus.AGB):
        assert len(_digits(a)) == 8, a
    for marker in (
        "★",
        "Reactie van de eigenaar",
        "review_id;platform",
        '"review_id": ',
        "[intern:",
        "Van: ",
        "Liefs,",
    ):
        assert marker in texts, marker


def test_names_as_reviewers_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 700
    assert any(re.fullmatch(r"[A-Z][a-z]+ [A-Z]\.", n) for n in names)  # display name 'Sanne B.'
    assert any(re.fullmatch(r"[a-z]+ [a-z]\.", n) for n in names)  # 'kees v.'
    assert any(re.fullmatch(r"[\w' -]+, [A-Z][\w ']+", n) for n in names)  # 'Achternaam, Voornaam'
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z]\. .+", n) for n in names)  # initials
    assert any(re.search(r" (van|de|ter|in 't|van 't) ", f" {n} ") for n in names)  # particles
    assert any(re.fullmatch(r"[A-Z][a-z]+-[A-Za-z' ]+", n) for n in names)  # married names
    assert any(re.fullmatch(r"[a-z]{2}", n) for n in names)  # paraaf
    assert any(re.search(r"[._]", n) for n in names)  # handles
    for word_name in ("Mei", "Juni", "April", "Roos", "Kees", "Bas", "Joy", "Hope", "Sky"):
        assert any(n == word_name or n.startswith(word_name + " ") for n in names), word_name
    assert any(re.search(r"[ğışçöüłńśżą]", n) for n in names)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1000 and len(keep) >= 4 * len(records)
    assert any(re.fullmatch(r"(element|elem\.|el\.|kies|tand) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"DPSI [0-4][-+*]?", k) for k in keep)
    assert any(re.fullmatch(r"[VCRXEHAMT]\d\d\d?", k) for k in keep)
    assert any(re.search(r"\d+ mg", k) for k in keep)
    assert any(re.search(r"\d mm", k) for k in keep)
    for looks_like_a_name in (
        "Angle klasse II",
        "Tetric EvoCeram",
        "Straumann BLT 4.1 x 10 mm",
        "Invisalign",
        "Miller klasse",
    ):
        assert any(looks_like_a_name in k for k in keep), looks_like_a_name
    categories = Counter(s["category"] for r in records for s in r["spans"])
    assert sum(categories.values()) >= 1000
    minimum = {
        corpus.PERSOON: 1000,
        corpus.DATUM: 300,
        corpus.TELEFOON: 200,
        corpus.INSTELLING: 200,
        corpus.LOCATIE: 100,
        corpus.EMAIL: 100,
        corpus.PATIENTNUMMER: 80,
        corpus.ADRES: 60,
        corpus.POSTCODE: 60,
        corpus.GEBOORTEDATUM: 50,
        corpus.LEEFTIJD: 40,
        corpus.IBAN: 30,
        corpus.BSN: 30,
        corpus.URL: 30,
        corpus.AGB: 15,
        corpus.UZI: 15,
        corpus.POLISNUMMER: 15,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
