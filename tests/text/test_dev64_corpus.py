"""The sixty-fourth development part (``eval/text/dev64.jsonl``, a centre for dental anxiety): the committed file is
what its generator writes, deterministically for its seed; ids are unique, every kind holds its share, every span is
exact, disjoint and on word bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97, and the notations
and clinical strings the generator's docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev64_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|moeder|vader|partner|oma|zus|collega)\s",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev64_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev64_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev64_corpus.generate() == records
    other = dev64_corpus.generate(20, seed=1)
    assert len(other) == 20 and [r["text"] for r in other] != [r["text"] for r in records[:20]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev64_corpus.DEFAULT_RECORDS == 240
    assert dev64_corpus.DEFAULT_SEED == 20270464
    assert len(dev64_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev64_corpus.KINDS, 240 // len(dev64_corpus.KINDS))
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
                assert not s["text"].endswith((",", ":", "'s")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev64_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .\-\u00a0]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev64_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev64_corpus.bsn_valid("123456782") and not dev64_corpus.bsn_valid("123456788")
    assert dev64_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev64_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_and_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        digits = re.sub(r"\D", "", p)
        assert len(digits) in (10, 11, 12, 13), p
    assert any("\u00a0" in p for p in phones) and any("\u200b" in p for p in phones)
    assert any("\u00ad" in p for p in phones) and any("\n" in p for p in phones)
    assert any(p.startswith("+31") for p in phones) and any(p.startswith("0031") for p in phones)
    assert any(p.startswith("(0") for p in phones)
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 100
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(p[-2:].islower() for p in postcodes) and any("\u00a0" in p for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d(-II| bis| hs|[abAB])$", a) for a in addresses)


def test_dates_in_many_notations(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    shapes = {
        "03-07-1988": r"\d\d-\d\d-\d{4}",
        "3-7-1988": r"\d{1,2}-\d{1,2}-\d{4}",
        "3 juli 1988": rf"\d{{1,2}} ({months}) \d{{4}}",
        "1988-07-03": r"\d{4}-\d\d-\d\d",
        "3/7/88": r"\d{1,2}/\d{1,2}/\d\d",
        "03.07.1988": r"\d\d\.\d\d\.\d{4}",
        "3-7": r"\d{1,2}-\d{1,2}",
        "3 jul '88": r"\d{1,2} [a-z]{3} '\d\d",
        "3 juli": rf"\d{{1,2}} ({months})",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dates), name
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 100
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(a.endswith("-jarige") for a in ages) and any(a.endswith(" jr") for a in ages)


def test_names_as_they_are_written(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(re.fullmatch(r"[A-Z][\w-]+, [A-Z]\w+ (van der|van|de|ter|op den|in 't|van 't|dos)", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÀ-Ý' -]{3,}, [A-Z]\w+.*", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"([A-Z]\.)+ ?[A-Z][\w-]+", n) for n in names)  # initials with dots, also glued
    assert any(re.fullmatch(r"[A-Z] [A-Z][\w-]+", n) for n in names)  # an initial without a dot
    assert any(n.islower() and " " in n for n in names)  # lower case
    assert any(re.search(r"\w-[A-Z]", n) for n in names)  # double-barrelled
    assert any(re.search(r"[ąćęłńóśźżığüşçöÇŁÖÜ]", n) for n in names)
    words = {"Roos", "Mei", "Juni", "Storm", "Hope", "Joy", "Lente"}
    assert len(words & {w for n in names for w in n.split()}) >= 4
    word_surnames = {"Rust", "Vrees", "Schrik", "Bang", "Moed", "Kroon", "Wortel", "Post", "Winter", "Zomer"}
    assert len(word_surnames & {w.strip(",") for n in names for w in re.split(r"[ -]", n)}) >= 6
    assert {"Gosia", "Wout", "Loes", "Abdi"} & set(names)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1200
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.8 * len(records)
    for shape in (
        r"MDAS \d\d?(/25)?",
        r"IDAF-4C\+ \d,\d",
        r"SUD \d{1,3}",
        r"CFSS-DS \d\d",
        r"VAS( angst)? \d+(/10)?",
        r"Corah DAS \d\d",
        r"Frankl \d",
        r"Venham \d",
        r"Ramsay [\d-]+",
        r"ASA I+.*",
        r"Mallampati I+",
        r"N2O \d+%",
        r"SpO2 [\d-]+%",
        r"element [1-4][1-8]",
        r"F40\.\d+.*",
        r"[ACEHVX]\d\d",
        r"DPSI [0-4][+-]?",
        r".*MOD",
        r"(midazolam|oxazepam|temazepam|diazepam|lorazepam) .*mg.*",
        r"(articaïne 4%|lidocaïne 2%) .*",
    ):
        assert any(re.fullmatch(shape, k) for k in keep), shape
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.DATUM: 400,
        corpus.TELEFOON: 200,
        corpus.INSTELLING: 150,
        corpus.LOCATIE: 150,
        corpus.ADRES: 100,
        corpus.POSTCODE: 100,
        corpus.GEBOORTEDATUM: 100,
        corpus.PATIENTNUMMER: 100,
        corpus.EMAIL: 60,
        corpus.UZI: 50,
        corpus.LEEFTIJD: 50,
        corpus.AGB: 40,
        corpus.BSN: 40,
        corpus.URL: 30,
        corpus.POLISNUMMER: 30,
        corpus.IBAN: 20,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
