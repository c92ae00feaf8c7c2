"""The sixty-second development part (``eval/text/dev62.jsonl``, terse quick notes typed between patients): the
committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names
carry no title, BSNs pass the 11-proef and IBANs mod-97, phones are Dutch numbers, and the notations the generator's
docstring promises (lower-case names, administrative order, diacritics, @names, dense clinical abbreviations) occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev62_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18}
TITLES = re.compile(
    r"^(dhr|mevr|mvr|mw|hr|mnr|dr|tdts|tandarts|tdarts|moeder|vader|dochter|zoon|zus|partner)\.?\s", re.I
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev62_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev62_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev62_corpus.generate() == records
    other = dev62_corpus.generate(records=20, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:20]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev62_corpus.DEFAULT_RECORDS == 240
    assert dev62_corpus.DEFAULT_SEED == 20270462
    assert_fields_and_kinds(records, dev62_corpus.KINDS, 240 // len(dev62_corpus.KINDS))
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
                assert not s["text"].endswith((",", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev62_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .-]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 10
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev62_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    assert dev62_corpus.bsn_valid("123456782") and not dev62_corpus.bsn_valid("123456788")
    assert dev62_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev62_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_are_dutch_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[4:] if digits.startswith("0031") else digits[2:] if p.startswith("+31") else digits[1:]
        assert len(national) == 9 and national[0] != "0", p
    for shape in (r"06\d{8}", r"06-\d{8}", r"06 \d{4} \d{4}", r"\+316\d{8}", r"0\d{2,3}-\d{6,7}", r"\(0\d{2,3}\) \d+"):
        assert any(re.fullmatch(shape, p) for p in phones), shape


def test_names_as_staff_type_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 700
    assert sum(n.islower() for n in names) >= 200  # typed in lower case
    assert any(re.fullmatch(r"[A-ZÇŞÖÜĞŁŚŻ'-]{3,}, [A-Z][a-z]+.*", n) for n in names)  # SURNAME, Given
    assert any(re.search(r", [A-Z]\.( [a-z' ]+)?$", n) for n in names)  # Surname, I. particle
    assert any(re.search(r"\b(v d|vd|van der|van den|in 't|van 't|ter)\b", n, re.I) for n in names)
    assert any(re.search(r"[ıışçöüğłąęóśźżń]", n.lower()) for n in names)
    assert any(n.lower() in ("kroon", "brug", "wortel", "post") for n in names)  # surnames that are clinical words
    assert any(n.lower() in ("roos", "mei", "juni", "april", "storm", "wil", "ben", "job") for n in names)
    texts = "\n".join(r["text"] for r in records)
    assert re.search(r"@\w", texts) and "👍" in texts


def test_identifiers_among_clinical_abbreviations(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 50
    for shape in (r"\d{6}", r"\d{4}-\d\d-\d\d", r"\d{1,2}\.\d{1,2}\.\d{4}", r"\d{1,2} [a-z]{3} \d{4}"):
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    assert len(_spans(records, corpus.DATUM)) >= 100
    assert len(_spans(records, corpus.PATIENTNUMMER)) >= 80
    assert all(re.fullmatch(r"\d{5,6}", p) for p in _spans(records, corpus.PATIENTNUMMER))
    postcodes = _spans(records, corpus.POSTCODE)
    assert postcodes and all(re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) for p in postcodes)
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert len(_spans(records, corpus.INSTELLING)) >= 50


def test_keep_strings_dense_and_varied(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1000
    assert sum(len(r["keep"]) >= 3 for r in records) >= 0.9 * len(records)
    low = [k.lower() for k in keep]
    shapes = {
        "element with surfaces": r"(el )?[1-4][1-8][ -]?(mod|mo|do|o|b|l|p|ob|modb|dop|ml|db)",
        "dpsi chart": r"dpsi [0-4].*",
        "nza code": r"[a-z]\d\d\d?( \dx)?",
        "drug with dose": r"[a-z]+ \d+ ?mg.*",
        "anaesthetic strength": r".*1:[12]00\.000.*",
        "pocket": r"(pd \d+mm \d\d[md]|\d\d (mb|db|ml|dl) \d+mm|pocket \d mm \d\d)",
        "bleeding or plaque": r"(bop|pi|plaque) \d+%",
        "eponym": r"(angle|black|miller|kennedy|ellis) (kl|klasse) .*|le fort i|pell-gregory .*",
        "treatment": r"(wkb|ext|trep|pa|pulpotomie|comp) .*\d",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, k) for k in low), name
    categories = Counter(s["category"] for r in records for s in r["spans"])
    assert categories[corpus.PERSOON] >= 700 and categories[corpus.TELEFOON] >= 150
