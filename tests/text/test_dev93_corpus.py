"""The ninety-third development part (``eval/text/dev93.jsonl``, a dental group's appointment book): the committed
file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names carry no
title, BSNs pass the 11-proef and IBANs mod-97, every kind holds clinical strings, and what is particular to the
agenda: weekdays and times stay outside dates, ICS stamps are dates and attendees are names with their addresses,
the group is an institution and its locations places, reminders carry the location's phone, patient numbers follow
their labels, recall lists give a birth date and an age per row, and no-show letters carry the group's IBAN."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev93_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|tandarts)\.?\s|^(de heer|meneer|mevrouw|tandarts|mondhygiënist)\b", re.I)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "ma ", "di ", "wo ")


def _spans(records: list[dict], category: str, kind: str | None = None) -> list[str]:
    return [
        s["text"] for r in records if kind is None or r["kind"] == kind for s in r["spans"] if s["category"] == category
    ]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev93_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev93_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev93_corpus.generate(24) == records[:24]
    other = dev93_corpus.generate(24, seed=7)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev93_corpus.DEFAULT_RECORDS == 240
    assert dev93_corpus.DEFAULT_SEED == 20270493
    assert len(dev93_corpus.KINDS) >= 8 and 240 % len(dev93_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev93_corpus.KINDS, 240 // len(dev93_corpus.KINDS))
    assert all(r["id"] == f"dev93-{i:04d}" for i, r in enumerate(records))


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
                assert "<" not in s["text"] and "@" not in s["text"], (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev93_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev93_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans)
    assert any(i.upper().startswith("BE") for i in ibans) and any(i.upper().startswith("DE") for i in ibans)
    assert dev93_corpus.bsn_valid("111222333") and not dev93_corpus.bsn_valid("111222334")
    assert dev93_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev93_corpus.iban_valid("NL92ABNA0417164300")
    assert dev93_corpus.iban_valid(dev93_corpus.GROUP_IBAN)


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("+31 (0)"):
            assert len(digits) == 12, p
        elif p.startswith("+31"):
            assert len(digits) == 11, p
        elif p.startswith(("0", "(0")):
            assert len(digits) == 10, p
        else:
            assert p.startswith(("+32", "+49", "+90", "+212", "+48")), p
    for shape in (r"06-\d{8}", r"06\d{8}", r"\+316\d{8}", r"\+31 6 \d{8}", r"06 - \d{4} \d{4}", r"\(0\d{2,3}\) [\d ]+"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert any(p[-2:].islower() for p in postcodes) and any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 150
    for shape in (r"\d{1,2} [a-z]+ \d{4}", r"\d\d/\d\d/\d\d", r"\d{4}-\d\d-\d\d", r"\d\d\.\d\d\.\d{4}"):
        assert any(re.fullmatch(shape, d) for d in births), shape
    assert all(re.fullmatch(r"37-?060917", a) for a in _spans(records, corpus.AGB))
    assert all(re.fullmatch(r"\d{11}", b) for b in _spans(records, corpus.UZI))  # BIG numbers
    emails = _spans(records, corpus.EMAIL)
    assert all(re.fullmatch(r"[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]{2,}", e) for e in emails)
    assert all(u.startswith(("https://", "www.", "tandartsengroep-eemland.nl/")) for u in _spans(records, corpus.URL))


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(
        re.fullmatch(r"([A-Z]\.)+ (van der|van den|van 't|in 't|van|de|ter|op den) [A-Z][\w-]+", n) for n in names
    )
    assert any(
        re.fullmatch(r"[A-Z][\w' -]+, ([A-Z]\.)+ (van der|van den|van 't|in 't|van|de|ter|ten)", n) for n in names
    )
    assert any(n.isupper() and ", " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöé]", n) for n in names)
    assert any(re.fullmatch(r"[A-Z][a-z]?[A-Z]", n) for n in names)  # staff initials such as MvO, TdF
    words = ("Mei", "Juni", "Roos", "Storm", "Post", "Bos", "Winter", "de Wit", "Vogel", "Koning", "Valk", "Baas")
    assert sum(any(re.search(rf"\b{word}\b", n) for n in names) for word in words) >= 6  # names that are words
    assert len(set(names)) >= 800


def test_weekdays_and_times_outside_dates(records):
    for d in _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM):
        assert not d.lower().startswith(WEEKDAYS), d
        assert not re.search(r"\b\d\d:\d\d\b", d), d
    stamps = _spans(records, corpus.DATUM, "ics_uitnodiging")
    assert len(stamps) == 3 * 20 and all(re.fullmatch(r"20\d{6}T\d{6}Z?", s) for s in stamps)
    preceded = 0
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.DATUM and re.search(r"\b(ma|di|wo|do|vr|[a-z]+dag) $", r["text"][: s["start"]]):
                preceded += 1
    assert preceded >= 100


def test_ics_attendees_are_names_with_their_addresses(records):
    for r in records:
        if r["kind"] != "ics_uitnodiging":
            continue
        text = r["text"]
        assert text.startswith("BEGIN:VCALENDAR") and text.endswith("END:VCALENDAR")
        by_start = {s["start"]: s for s in r["spans"]}
        for m in re.finditer(r"ATTENDEE;[^\n]*?CN=([^:\n]+):mailto:([^\n]+)", text):
            assert by_start[m.start(1)]["category"] == corpus.PERSOON and by_start[m.start(1)]["end"] == m.end(1)
            assert by_start[m.start(2)]["category"] == corpus.EMAIL and by_start[m.start(2)]["end"] == m.end(2)
        assert any(s["category"] == corpus.INSTELLING and s["text"] == dev93_corpus.GROUP for s in r["spans"])


def test_group_is_an_institution_and_locations_are_places(records):
    institutions = Counter(_spans(records, corpus.INSTELLING))
    assert institutions[dev93_corpus.GROUP] >= 150 and institutions["tandartsengroep eemland"] >= 10
    places = set(_spans(records, corpus.LOCATIE))
    for loc in dev93_corpus.LOCATIONS:
        assert loc[1] in places, loc
    for r in records:
        for m in re.finditer(r"locatie ([A-Z]\w+)", r["text"]):
            assert any(s["start"] == m.start(1) and s["category"] == corpus.LOCATIE for s in r["spans"]), r["id"]


def test_reminders_carry_the_location_phone(records):
    location_phones = {loc[4] for loc in dev93_corpus.LOCATIONS}
    for r in records:
        if r["kind"] in ("sms_herinnering", "mail_herinnering", "ics_uitnodiging", "noshow_brief"):
            phones = {s["text"] for s in r["spans"] if s["category"] == corpus.TELEFOON}
            assert phones & location_phones, r["id"]


def test_patient_numbers_after_their_label(records):
    labelled = 0
    for r in records:
        starts = {s["start"] for s in r["spans"] if s["category"] == corpus.PATIENTNUMMER}
        for m in re.finditer(r"(Patiëntnummer: +|pt\.nr |o\.v\.v\. |NO SHOW .+? (?=\d{6}))", r["text"]):
            assert m.end() in starts, (r["id"], m.group())
            labelled += 1
    assert labelled >= 80


def test_recall_rows_have_birth_date_and_age(records):
    for r in records:
        if r["kind"] != "recall_lijst":
            continue
        rows = [line for line in r["text"].split("\n")[2:] if "\t" in line]
        assert len(rows) >= 4
        cats = Counter(s["category"] for s in r["spans"])
        assert cats[corpus.GEBOORTEDATUM] == cats[corpus.LEEFTIJD] == cats[corpus.PATIENTNUMMER] == len(rows)
        ages = [int(s["text"]) for s in r["spans"] if s["category"] == corpus.LEEFTIJD]
        assert all(0 < a < 100 for a in ages)


def test_noshow_letters_carry_the_group_iban(records):
    letters = [r for r in records if r["kind"] == "noshow_brief"]
    for r in letters:
        ibans = [s["text"] for s in r["spans"] if s["category"] == corpus.IBAN]
        assert dev93_corpus.GROUP_IBAN in ibans, r["id"]
        assert "C90" in {k["text"] for k in r["keep"]}
    assert sum("machtiging" in r["text"] for r in letters) >= 5


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.AGB, corpus.URL):
        assert categories[category] >= 10, category
    assert 2000 <= sum(categories.values()) <= 8000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert 700 <= len(keep) <= 2000
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev93_corpus.KINDS) and all(n >= 20 for n in per_kind.values()), per_kind
    assert sum(bool(re.fullmatch(r"[ACEHMRTVX]\d{2,3}", k)) for k in keep) >= 400
    assert any(re.fullmatch(r"DPSI [1-4][+-]?", k) for k in keep) and any(
        re.fullmatch(r"element \d\d", k) for k in keep
    )
    assert any(re.fullmatch(r"[a-z]+ \d+ (g|mg)", k) for k in keep) and "INR" in keep
