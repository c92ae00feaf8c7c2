"""The ninety-fourth development part (``eval/text/dev94.jsonl``, incident reporting and patient safety at a dental
group): the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word
bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97, every kind holds clinical strings, and what is
particular to incident reports: the IGJ gets the patient's initials and age with the practitioner's BIG number, VIM
forms identify the patient by number and date of birth, needle-stick forms carry the employee's and the source
patient's identifiers, autoclave logs are signed with initials, insurer notifications carry the injured party's
account and policy, times, weekdays, 112 and the insurer's own numbers stay outside the spans."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev94_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|tandarts|collega|arts)\.?\s|^(de heer|heer|meneer|mevrouw|geachte|collega|tandarts)\b", re.I
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def _spans(records: list[dict], category: str, kind: str | None = None) -> list[str]:
    return [
        s["text"] for r in records if kind is None or r["kind"] == kind for s in r["spans"] if s["category"] == category
    ]


def _cats(record: dict) -> Counter:
    return Counter(s["category"] for s in record["spans"])


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev94_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev94_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev94_corpus.generate(24) == records[:24]
    other = dev94_corpus.generate(24, seed=7)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]
    assert dev94_corpus.generate(24, seed=7) == other


def test_record_fields_and_kinds(records):
    assert len(records) == dev94_corpus.DEFAULT_RECORDS == 240
    assert dev94_corpus.DEFAULT_SEED == 20270494
    assert len(dev94_corpus.KINDS) >= 8 and 240 % len(dev94_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev94_corpus.KINDS, 240 // len(dev94_corpus.KINDS))
    assert all(r["id"] == f"dev94-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ":", ";")), (r["id"], s)
                assert not re.search(r"\d", s["text"]), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev94_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d{3}\.\d{3}\.\d{3}"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev94_corpus.iban_valid(i), i
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    assert any(i.upper().startswith("BE") for i in ibans) and any(i.upper().startswith("DE") for i in ibans)
    assert dev94_corpus.bsn_valid("123456782") and not dev94_corpus.bsn_valid("123456788")
    assert dev94_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev94_corpus.iban_valid("NL92ABNA0417164300")
    assert dev94_corpus.iban_valid("BE68 5390 0754 7034") and not dev94_corpus.iban_valid("BE68 5390 0754 7035")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("0031"):
            assert len(digits) == 13, p
        elif p.startswith("+31"):
            assert len(digits.replace("310", "31", 1) if "(0)" in p else digits) == 11, p
        elif p.startswith(("0", "(0")) and not p.startswith("00"):
            assert len(digits) == 10, p
    for shape in (r"06-\d{8}", r"\+31\d{9}", r"0031 6 \d{8}", r"\(0\d{2,3}\) [\d ]+", r"\+31 \(0\)\d+ \d+"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    assert sum(bool(re.match(r"(\+|00)(32|48|49|90) ", p)) for p in phones) >= 8  # Belgian, Polish, German, Turkish
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert any(" " not in p for p in postcodes) and any(p[-2:].islower() for p in postcodes)
    births = _spans(records, corpus.GEBOORTEDATUM)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d{1,2}/\d{1,2}/\d\d",
        r"\d{4}-\d\d-\d\d",
        r"\d\d\.\d\d\.\d{4}",
    ):
        assert any(re.fullmatch(shape, d) for d in births), shape
    assert all(len(re.sub(r"\D", "", a)) == 8 and re.sub(r"\D", "", a).startswith("12") for a in _spans(records, "AGB"))
    assert all(len(re.sub(r"\D", "", b)) == 11 for b in _spans(records, corpus.UZI))  # BIG numbers
    emails = _spans(records, corpus.EMAIL)
    assert all(re.fullmatch(r"[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]{2,}", e) for e in emails)


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert len(set(names)) >= 800
    assert any(
        re.fullmatch(r"([A-Z]\.)+ (van der|van den|van de|van 't|in 't|van|de|ter|ten|op den) [A-Z][\w-]+", n)
        for n in names
    )
    assert any(re.fullmatch(r"[A-Z][\w' -]+, ([A-Z]\.)+", n) for n in names)  # surname first, then initials
    assert any(re.search(r"[a-z]-(van |de |ter |in 't )?[A-Z]", n) for n in names)  # married double names
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z][a-z]?[a-z]{0,2}[A-Z]", n) for n in names)  # initials signing a line: AvdM, JdH
    assert any(re.fullmatch(r"([A-Z]\.)+", n) for n in names)  # a patient's initials on their own
    assert any(re.search(r"[ąćęłńóśźżığüşçöéá]", n, re.I) for n in names)
    for word in ("Mei", "Juni", "Roos", "Storm", "Bo", "Post", "Winter", "Door"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word


def test_calamity_reports_give_initials_age_and_big(records):
    for r in records:
        if r["kind"] != "calamiteit_igj":
            continue
        cats = _cats(r)
        assert cats[corpus.LEEFTIJD] >= 1 and cats[corpus.UZI] == 1 and cats[corpus.INSTELLING] >= 1, r["id"]
        assert any(s["category"] == corpus.PERSOON and re.fullmatch(r"([A-Z]\.)+", s["text"]) for s in r["spans"]), r[
            "id"
        ]
        assert cats[corpus.GEBOORTEDATUM] == 0 and cats[corpus.PATIENTNUMMER] == 0, r["id"]  # the IGJ gets no dossier
        assert "Wkkgz" in r["text"] or "Inspectie" in r["text"], r["id"]


def test_vim_forms_identify_the_patient(records):
    for r in records:
        if r["kind"] != "vim_melding":
            continue
        cats = _cats(r)
        assert cats[corpus.PATIENTNUMMER] == 1 and cats[corpus.GEBOORTEDATUM] == 1, r["id"]
        assert cats[corpus.DATUM] >= 1 and cats[corpus.LOCATIE] >= 1 and cats[corpus.INSTELLING] >= 1, r["id"]
    forms = [r["text"] for r in records if r["kind"] == "vim_melding"]
    assert any("Directe maatregelen" in t for t in forms) and any(t.startswith("vim melding") for t in forms)


def test_needle_sticks_carry_employee_and_source(records):
    labelled = 0
    for r in records:
        if r["kind"] != "prikaccident":
            continue
        cats = _cats(r)
        assert cats[corpus.GEBOORTEDATUM] == 2 and cats[corpus.PATIENTNUMMER] == 2, r["id"]  # employee and source
        assert any(s["category"] == corpus.INSTELLING for s in r["spans"]), r["id"]
        starts = {s["start"] for s in r["spans"] if s["category"] == corpus.PATIENTNUMMER}
        for m in re.finditer(r"(Personeelsnummer: |pers\.nr\. |Pers\.nr: |Pat\.nr\.: )", r["text"]):
            assert m.end() in starts, (r["id"], m.group())
            labelled += 1
        assert re.search(r"anti-HBs|hepatitis B", " ".join(k["text"] for k in r["keep"])), r["id"]
    assert labelled == 40
    chats = [r for r in records if r["kind"] == "prikaccident" and r["text"].startswith("[WhatsApp")]
    assert chats and all(any(s["text"].islower() for s in r["spans"] if s["category"] == "PERSOON") for r in chats)


def test_autoclave_logs_signed_with_initials(records):
    lines = 0
    for r in records:
        if r["kind"] != "sterilisatie":
            continue
        persons = {(s["start"], s["end"]) for s in r["spans"] if s["category"] == corpus.PERSOON}
        offset = 0
        for line in r["text"].split("\n"):
            if re.fullmatch(r"\d\d-\d\d-\d{4};.*", line):
                fields = line.split(";")
                assert len(fields) == 7, line
                start = offset + len(line) - len(fields[-1])
                assert (start, start + len(fields[-1])) in persons, (r["id"], line)
                assert not any(s["text"] == fields[3] for s in r["spans"]), line  # batch numbers stay
                lines += 1
            offset += len(line) + 1
    assert lines >= 60


def test_insurer_notifications(records):
    for r in records:
        if r["kind"] != "verzekeraar":
            continue
        cats = _cats(r)
        for category in (
            corpus.IBAN,
            corpus.POLISNUMMER,
            corpus.UZI,
            "AGB",
            corpus.ADRES,
            corpus.POSTCODE,
            corpus.EMAIL,
        ):
            assert cats[category] >= 1, (r["id"], category)
        policy = re.search(r"Polisnummer verzekeringnemer: (\S+)", r["text"])
        assert policy and not any(s["start"] <= policy.start(1) < s["end"] for s in r["spans"]), r["id"]


def test_letters_and_conversations(records):
    for r in records:
        if r["kind"] == "openheid_brief":
            cats = _cats(r)
            assert cats[corpus.ADRES] == 2 and cats[corpus.POSTCODE] == 2 and cats[corpus.URL] >= 1, r["id"]
            m = re.search(r"Geachte (mevrouw|heer) ([^,\n]+),", r["text"])
            assert m and any(s["start"] == m.start(2) and s["end"] == m.end(2) for s in r["spans"]), r["id"]
        if r["kind"] == "gespreksverslag":
            assert _cats(r)[corpus.PATIENTNUMMER] == 1 and "Aanwezig:" in r["text"], r["id"]


def test_times_weekdays_and_112_stay_outside(records):
    for d in _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM):
        assert not d.lower().startswith(WEEKDAYS), d
    everything = [s["text"] for r in records for s in r["spans"]]
    assert not any(re.fullmatch(r"\d{1,2}[:.]\d\d( uur)?", t) for t in everything)
    assert "112" not in everything
    assert not any(t.startswith(("VIM-", "AVB-", "BA-", "PA-")) for t in everything)
    weekday_dates = sum(
        1
        for r in records
        for s in r["spans"]
        if s["category"] == corpus.DATUM and r["text"][: s["start"]].rstrip().endswith(WEEKDAYS)
    )
    assert weekday_dates >= 40


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, "AGB", corpus.URL, corpus.UZI):
        assert categories[category] >= 15, category
    assert categories[corpus.TELEFOON] >= 150 and categories[corpus.EMAIL] >= 150
    assert 3500 <= sum(categories.values()) <= 7000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert 1000 <= len(keep) <= 2500
    assert all(len(r["keep"]) >= 2 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev94_corpus.KINDS) and all(n >= 60 for n in per_kind.values()), per_kind
    eponyms = ("Trendelenburg", "Heimlich", "Bowie-Dick", "Quincke", "Pell", "Winter-", "Hedström", "Helix")
    assert sum(k.startswith(eponyms) for k in keep) >= 40
    assert any(re.fullmatch(r"element \d\d", k) for k in keep) and any(re.fullmatch(r"[A-Z]\d\d", k) for k in keep)
    assert any(re.fullmatch(r"\d carpules?", k) for k in keep) and any(k.endswith("mg/kg") for k in keep)
    assert any(re.fullmatch(r"RR \d+/\d+", k) for k in keep) and any("°C" in k for k in keep)
