"""The fifty-seventh development part (``eval/text/dev57.jsonl``, dental imaging and its files as text): the
committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names
carry no title, BSNs pass the 11-proef, IBANs mod-97, and the notations the generator's docstring promises occur
(DICOM caret names and birth dates, names and dates inside file names, log time stamps, DICOM ages)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev57_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|moeder|vader)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev57_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev57_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev57_corpus.generate() == records
    other = dev57_corpus.generate(seed=dev57_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records]
    assert len(dev57_corpus.generate(records=20)) == 20


def test_record_fields_and_kinds(records):
    assert len(records) == dev57_corpus.DEFAULT_RECORDS == 240
    assert dev57_corpus.DEFAULT_SEED == 20270457
    assert_fields_and_kinds(records, dev57_corpus.KINDS, 240 // len(dev57_corpus.KINDS))
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
                assert not s["text"].endswith((",", ".,", ":", "^")), (r["id"], s)
                assert not s["text"].startswith("^"), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev57_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .-]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 5
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev57_corpus.iban_valid(i), i
    assert dev57_corpus.bsn_valid("123456782") and not dev57_corpus.bsn_valid("123456788")
    assert dev57_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev57_corpus.iban_valid("NL92ABNA0417164300")


def test_dicom_and_file_notations(records):
    names = _spans(records, corpus.PERSOON)
    carets = [n for n in names if "^" in n]
    assert len(carets) >= 100
    assert any(re.fullmatch(r"[A-ZÀ-Ý' -]+\^[A-ZÀ-Ý -]+", n) for n in carets)  # SURNAME^GIVEN
    assert any(re.search(r"\^(van der|van den|van|de|ter|in 't|op den|da|dos)$", n, re.I) for n in carets)
    texts = "\n".join(r["text"] for r in records)
    assert re.search(r"\(0010,0010\) PN \[[^\]]+\^\^\^\]", texts)  # trailing empty components outside
    assert "(0010, 0010) Patient's Name" in texts and "(0008,0090) PN" in texts
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert sum(bool(re.fullmatch(r"(19|20)\d{6}", d)) for d in dobs) >= 30  # 19670412
    assert any(re.fullmatch(r"\d{8}", d) and not d.startswith(("19", "20")) for d in dobs)  # 12041967 in a folder
    assert any("_" in n for n in names) and any(re.fullmatch(r"[a-z]+-[a-z]", n) for n in names)  # file names
    assert any(re.fullmatch(r"\d{3}Y", a) for a in _spans(records, corpus.LEEFTIJD))
    dates = _spans(records, corpus.DATUM)
    for shape in (
        r"\d{4}-\d\d-\d\d",
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2}/\d{1,2}",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d{8}",
        r"[A-Z][a-z]{2} [ \d]\d",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape


def test_names_of_many_origins_and_notations(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1200
    assert any(re.fullmatch(r"[A-ZÀ-Ý'-]{3,}, [A-ZÀ-Ýa-z][\w .-]+", n) for n in names)  # SURNAME, Given
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçö]", n) for n in names)
    assert any(" van der " in n or n.startswith("van der ") for n in names)
    for given in ("Mei", "Roos", "Juni"):
        assert any(given in n.split() for n in names), given


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 500
    assert sum(bool(r["keep"]) for r in records) >= 0.95 * len(records)
    for shape in (
        r"element \d\d",
        r"elem\. \d\d",
        r"kies \d\d",
        r"\d+ kV",
        r"\d+ mA",
        r"FOV \d+x\d+ cm",
        r"voxel [\d,]+ mm",
        r"Pell-Gregory klasse II positie B",
        r"Angle klasse II",
    ):
        assert any(re.fullmatch(shape, k) for k in keep), shape
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1200,
        corpus.DATUM: 400,
        corpus.GEBOORTEDATUM: 250,
        corpus.PATIENTNUMMER: 250,
        corpus.INSTELLING: 100,
        corpus.TELEFOON: 80,
        corpus.EMAIL: 60,
        corpus.ADRES: 50,
        corpus.POSTCODE: 50,
        corpus.LOCATIE: 50,
        corpus.BSN: 30,
        corpus.AGB: 30,
        corpus.LEEFTIJD: 30,
        corpus.UZI: 20,
        corpus.POLISNUMMER: 10,
        corpus.IBAN: 5,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
