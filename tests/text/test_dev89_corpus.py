"""The eighty-ninth development part (``eval/text/dev89.jsonl``, a dental group's patient portal and online booking):
the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds,
names carry no title, BSNs pass the 11-proef and IBANs mod-97, every kind holds clinical strings, portal messages come
in Dutch, English, Turkish and Moroccan Arabic in Latin letters, weekdays stay outside dates, and an SMS reply's
sender is the number the reminder went to."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev89_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|mr|huisarts|tandarts)\.?\s|^(de heer|meneer|mevrouw)\b", re.I)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "ma ", "di ", "wo ", "do ")


def _spans(records: list[dict], category: str, kind: str | None = None) -> list[str]:
    return [s["text"] for r in records if kind in (None, r["kind"]) for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev89_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev89_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev89_corpus.generate(20) == records[:20]
    other = dev89_corpus.generate(20, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:20]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev89_corpus.DEFAULT_RECORDS == 240
    assert dev89_corpus.DEFAULT_SEED == 20270489
    assert len(dev89_corpus.KINDS) >= 8 and 240 % len(dev89_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev89_corpus.KINDS, 240 // len(dev89_corpus.KINDS))
    assert all(r["id"] == f"dev89-{i:04d}" for i, r in enumerate(records))


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
    assert len(bsns) >= 30
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev89_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev89_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    assert dev89_corpus.bsn_valid("123456782") and not dev89_corpus.bsn_valid("123456788")
    assert dev89_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev89_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("0031"):
            assert len(digits) == 13, p
        elif p.startswith("+31"):
            assert len(digits.replace("310", "31", 1) if "(0)" in p else digits) == 11, p
        elif p.startswith(("0", "(0")):
            assert len(digits) == 10, p
    for shape in (
        r"06-\d{8}",
        r"\+31\d{9}",
        r"0031 6 \d{8}",
        r"\(06\) \d{4} \d{4}",
        r"06\.\d\d\.\d\d\.\d\d\.\d\d",
        r"\+(90|212|32|49|380) [\d ]+",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3}[ -]?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"[A-Z]{2}-\d{6}", r"[a-z]{2}\d{6}", r"P\d{7}", r"\d{6}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    emails = _spans(records, corpus.EMAIL)
    assert all(e.count("@") == 1 for e in emails) and any(e.isupper() for e in emails)
    assert all(u.startswith(("https://", "www.")) for u in _spans(records, corpus.URL))
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))


def test_weekdays_and_times_stay_outside_dates(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    assert not any(d.lower().startswith(WEEKDAYS) for d in dates)
    assert not any(re.search(r"\d:\d\d|uur", d) for d in dates)
    before = 0
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.DATUM:
                before += r["text"][: s["start"]].endswith(tuple(w.strip() + " " for w in WEEKDAYS))
    assert before >= 30
    assert any(re.fullmatch(r"\d{1,2}-\d{1,2}", d) for d in dates) and any(
        re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates
    )


def test_portal_messages_in_four_languages(records):
    messages = [r["text"] for r in records if r["kind"] == "portaalbericht"]
    for marker in ("merhaba", "salam", "hi there", "groetjes|gr\n|mvg|thx|bedankt|dank je"):
        assert any(re.search(marker, m) for m in messages), marker
    names = _spans(records, corpus.PERSOON, "portaalbericht")
    assert any(n.islower() and " " in n for n in names)
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(a.endswith("yaşında") for a in ages) and any(a.isdigit() for a in ages)
    assert any(a.endswith("-jarige") for a in ages)
    assert any(re.fullmatch(r"[a-z]+[._]?[a-z]+\d*", n) for n in names)  # user names built from a name


def test_sms_reply_comes_from_the_reminded_number(records):
    checked = 0
    for r in records:
        if r["kind"] != "herinnering" or not r["text"].startswith("SMS-log"):
            continue
        phones = [s["text"] for s in r["spans"] if s["category"] == corpus.TELEFOON]
        assert re.sub(r"\D", "", phones[0])[-9:] == re.sub(r"\D", "", phones[1])[-9:], r["id"]
        checked += 1
    assert checked >= 4


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.POLISNUMMER, corpus.URL):
        assert categories[category] >= 20, category
    assert sum(categories.values()) >= 3000
    groups = [
        line.split("|")[0] for line in (dev89_corpus.DATA / "groups.txt").read_text(encoding="utf-8").splitlines()
    ]
    institutions = _spans(records, corpus.INSTELLING)
    assert all(any(i.startswith(g) for i in institutions) for g in groups)
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 700
    assert sum(len(r["keep"]) >= 2 for r in records) >= 220
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev89_corpus.KINDS) and all(n >= 40 for n in per_kind.values()), per_kind
    assert sum(k.startswith(("Angle", "Miller", "Black", "M. ", "Sjögren")) for k in keep) >= 20
    assert any(re.fullmatch(r"element \d\d", k) for k in keep) and any(
        re.fullmatch(r"[A-Z]\d\d( [23]x)?", k) for k in keep
    )
    assert any(re.fullmatch(r"[a-z]+ \d+(,\d)? ?(mg|µg)", k) for k in keep)
