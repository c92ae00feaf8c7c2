"""The ninetieth development part (``eval/text/dev90.jsonl``, a data breach at a dental practice and its handling):
the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds,
names carry no title, BSNs pass the 11-proef and IBANs mod-97, every kind holds clinical strings, IP addresses and
times of day in the forensic logs stay outside the spans, and every kind of incident is told."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev90_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|mr)\.?\s|^(de heer|meneer|mevrouw|t\.a\.v\.)\s", re.I)
IP = re.compile(r"(?<![\d.])\d{1,3}(\.\d{1,3}){3}(?![\d.])")


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev90_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev90_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev90_corpus.generate(24) == records[:24]
    other = dev90_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev90_corpus.DEFAULT_RECORDS == 240
    assert dev90_corpus.DEFAULT_SEED == 20270490
    assert len(dev90_corpus.KINDS) >= 8 and 240 % len(dev90_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev90_corpus.KINDS, 240 // len(dev90_corpus.KINDS))
    assert all(r["id"] == f"dev90-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ":", ".,")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 25
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev90_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 25
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev90_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    assert dev90_corpus.bsn_valid("123456782") and not dev90_corpus.bsn_valid("123456788")
    assert dev90_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev90_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("0031"):
            assert len(digits) == 13, p
        elif p.startswith("+31"):
            assert len(digits.replace("310", "31", 1) if "(0)" in p else digits) == 11, p
        else:
            assert len(digits) == 10, p
    for shape in (
        r"06-\d{8}",
        r"\+316\d{8}",
        r"0031 6 \d{8}",
        r"\(0\d\d\) \d{3} \d\d \d\d",
        r"06\.\d\d\.\d\d\.\d\d\.\d\d",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert any(p.islower() for p in postcodes) and any(" " not in p for p in postcodes)
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"P-\d{5,6}", r"PAT\d{5,6}", r"\d{5,6}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 80
    assert any(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", d) for d in births)
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))


def test_forensic_logs_keep_ips_and_times_outside(records):
    forensic = [r for r in records if r["kind"] == "forensisch"]
    assert all(IP.search(r["text"]) for r in forensic)
    log_dates = 0
    for r in records:
        for s in r["spans"]:
            assert not re.search(r"\d\d:\d\d", s["text"]), (r["id"], s)
        if r["kind"] == "forensisch":
            for m in IP.finditer(r["text"]):
                assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], m)
        for m in re.finditer(r"^(\S+) \d\d:\d\d:\d\d  ", r["text"], re.M):
            assert any(
                s["start"] == m.start(1) and s["end"] == m.end(1) and s["category"] == corpus.DATUM for s in r["spans"]
            )
            log_dates += 1
    assert log_dates >= 80
    attackers = [e for r in forensic for e in _spans([r], corpus.EMAIL)]
    assert len(attackers) >= 20


def test_every_kind_of_incident_is_told(records):
    text = "\n".join(r["text"] for r in records)
    for marker in (
        "laptop",
        "bijlage (behandeloverzicht.xlsx)",
        "phishingmail",
        "brief met het behandelplan",
        "USB-stick",
        "multifunctional",
    ):
        assert text.count(marker) >= 5, marker
    # every patient letter names the patient's own number and the practice it comes from
    for r in records:
        if r["kind"] == "patientbrief":
            cats = {s["category"] for s in r["spans"]}
            assert {corpus.PATIENTNUMMER, corpus.INSTELLING, corpus.POSTCODE} <= cats, r["id"]


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(
        re.fullmatch(r"[A-Z]\.([A-Z]\.)? (van der|van den|van 't|in 't|van|de|ter|ten|op den) [A-Z][\w-]+", n)
        for n in names
    )
    assert any(re.fullmatch(r"[A-Z][\w' -]+, ([A-Z]\.)+( [a-z' ]+)?", n) for n in names)
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöÉé]", n) for n in names)
    assert any(re.fullmatch(r"[a-z]+\.?[a-z]+", n) and "." in n for n in names)  # user names in a log
    for word in ("Mei", "Juni", "April", "Roos", "Kees", "Post", "Bos"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 25, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.AGB, corpus.URL):
        assert categories[category] >= 20, category
    assert categories[corpus.POLISNUMMER] >= 20
    assert sum(categories.values()) >= 3000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 700
    assert all(len(r["keep"]) >= 1 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev90_corpus.KINDS) and all(n >= 30 for n in per_kind.values()), per_kind
    assert (
        sum(k.startswith(("Kennedy", "Angle", "Miller", "Black", "M. ", "Sjögren", "Le Fort", "Ellis")) for k in keep)
        >= 20
    )
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d\d?", k) for k in keep)
    assert any(re.search(r"\d mg$", k) for k in keep)
