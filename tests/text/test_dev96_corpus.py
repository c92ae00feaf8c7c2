"""The ninety-sixth development part (``eval/text/dev96.jsonl``, representation and consent at a dental group): the
committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names
carry no title, BSNs pass the 11-proef and IBANs mod-97, every kind holds clinical strings, and what is particular to
representatives: courts and case numbers stay unannotated while the judge, the clerk and the notary after ``mr.`` are
names, the bewindvoerder's client number and the GI's dossier number are patient numbers, ages are bare numbers,
weekdays stay outside dates, and representatives' offices, institutions and care homes are institutions."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev96_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(
    r"^(dhr|mevr|mw|mr|dr|drs|tandarts|notaris)\.?\s|^(de heer|meneer|mevrouw|heer|tandarts|notaris|mentor|curator)\b",
    re.I,
)
LETTERHEADS = (
    "bewindvoerder_brief",
    "brief_aan_bewindvoerder",
    "machtigingsformulier",
    "toestemmingsformulier",
    "gescheiden_ouders",
    "jeugdbescherming",
    "familie_mail",
    "notaris_advocaat",
)
WEEKDAYS = ("ma ", "di ", "wo ", "do ", "vr ", "za ", "zo ", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag")


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _covered(record: dict, start: int, end: int) -> bool:
    return any(s["start"] < end and start < s["end"] for s in record["spans"])


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev96_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev96_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev96_corpus.generate(24) == records[:24]
    other = dev96_corpus.generate(24, seed=7)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev96_corpus.DEFAULT_RECORDS == 240
    assert dev96_corpus.DEFAULT_SEED == 20270496
    assert len(dev96_corpus.KINDS) >= 8 and 240 % len(dev96_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev96_corpus.KINDS, 240 // len(dev96_corpus.KINDS))
    assert all(r["id"] == f"dev96-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ":", ".,", ")")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev96_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev96_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans)
    assert any(i.upper().startswith("BE") for i in ibans) and any(i.upper().startswith("DE") for i in ibans)
    assert dev96_corpus.bsn_valid("111222333") and not dev96_corpus.bsn_valid("111222334")
    assert dev96_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev96_corpus.iban_valid("NL91ABNA0417164301")
    assert dev96_corpus.iban_valid("BE68 5390 0754 7034") and dev96_corpus.iban_valid("DE89370400440532013000")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("0031"):
            assert len(digits) == 13, p
        elif p.startswith("+31"):
            assert len(digits.replace("310", "31", 1) if "(0)" in p else digits) == 11, p
        elif p.startswith("0"):
            assert len(digits) == 10, p
    for shape in (r"06-\d{8}", r"\+316\d{8}", r"0031 6 \d{8}", r"\(0\d{2,3}\) [\d ]+", r"\+31 \(0\)\d\d [\d ]+"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    assert any(p.startswith(("+32", "+49", "+34")) for p in phones)
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 100
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert any(" " not in p for p in postcodes) and any(" " in p for p in postcodes)
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 150
    for shape in (r"\d{1,2} [a-z]+ \d{4}", r"\d\d/\d\d/\d\d", r"\d{4}-\d\d-\d\d", r"\d\d\.\d\d\.\d{4}"):
        assert any(re.fullmatch(shape, d) for d in births), shape
    assert all(re.fullmatch(r"\d{2}[-.]?\d{2}\.?\d{2}\.?\d{2}", a) for a in _spans(records, corpus.AGB))
    assert all(re.fullmatch(r"\d{11}", b) for b in _spans(records, corpus.UZI))
    assert all(re.fullmatch(r"\d{1,3}", a) for a in _spans(records, corpus.LEEFTIJD))
    assert all(u.startswith("www.") and u.endswith(".nl") for u in _spans(records, corpus.URL))
    assert all(re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", e, re.A) for e in _spans(records, corpus.EMAIL))


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(
        re.fullmatch(r"([A-Z]\.)+ (van der|van den|van 't|in 't|van|de|ter|ten|op den) [A-Z][\w-]+", n) for n in names
    )
    assert any(re.fullmatch(r"[A-Z][\w' -]+, ([A-Z]\.)+( [a-z' ]+)?", n) for n in names)  # Veen, A.M. van der
    assert any(re.fullmatch(r"[A-Z][\w -]+, [A-Z][a-z]+", n) for n in names)  # form: Arends-Rutten, Willemijn
    assert any(re.search(r"[a-z]-(van |de |ter |El )?[A-Z]", n) for n in names)  # married double names
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ığüşçöéë]", n) for n in names)
    assert any(re.fullmatch(r"[A-Z]{2,4}", n) for n in names)  # a staff member's initials under a note
    for word in ("Mei", "Roos", "Storm", "Post", "Bo"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word


def test_courts_and_case_numbers_unannotated_judges_annotated(records):
    courts = case_numbers = judges = 0
    for r in records:
        text = r["text"]
        for m in re.finditer(r"Rechtbank [A-Z][\w-]+", text):
            assert not _covered(r, m.start(), m.end()), (r["id"], m.group())
            courts += 1
        for m in re.finditer(r"\b(BR|EA|BM|MB|CU) (RK|VERZ) \d\d-\d+", text):
            assert not _covered(r, m.start(), m.end()), (r["id"], m.group())
            case_numbers += 1
        starts = {s["start"] for s in r["spans"] if s["category"] == corpus.PERSOON}
        for m in re.finditer(r"\bmr\. ", text):
            assert m.end() in starts, (r["id"], text[m.start() : m.end() + 20])
            judges += 1
    assert courts >= 40 and case_numbers >= 40 and judges >= 40


def test_client_and_dossier_numbers_are_patient_numbers(records):
    labelled = 0
    for r in records:
        starts = {s["start"] for s in r["spans"] if s["category"] == corpus.PATIENTNUMMER}
        for m in re.finditer(r"(Ons kenmerk: (?=[A-Z]{1,2}-)|dossiernr\. |ptnr |pat\.nr\. |Patiëntnr: )", r["text"]):
            assert m.end() in starts, (r["id"], m.group())
            labelled += 1
        if r["kind"] == "jeugdbescherming":
            assert re.search(r"dossiernr\. ", r["text"]), r["id"]
    assert labelled >= 100
    # the notary's reference ("2025.1234/AB") and invoice numbers are not patient numbers
    for n in _spans(records, corpus.PATIENTNUMMER):
        assert not re.fullmatch(r"\d{4}\.\d+/[A-Z]{2}", n) and not n.startswith("F"), n


def test_weekdays_outside_dates(records):
    for d in _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM):
        assert not d.lower().startswith(WEEKDAYS), d
    assert any(re.search(r"Datum: (ma|di|wo|do|vr|za|zo) \d", r["text"]) for r in records)


def test_institutions(records):
    institutions = set(_spans(records, corpus.INSTELLING))
    for group in (dev96_corpus.PRACTICES, dev96_corpus.BEWIND_OFFICES, dev96_corpus.YOUTH_INSTITUTIONS):
        assert sum(name in institutions for name in group) >= len(group) // 2, group
    assert any(name in institutions for name in dev96_corpus.CARE_HOMES)
    assert any(name in institutions for name in dev96_corpus.NOTARIES + dev96_corpus.LAW_FIRMS)
    for r in records:
        if r["kind"] in LETTERHEADS:  # letters, forms and replies name the practice or the sender's office
            assert any(s["category"] == corpus.INSTELLING for s in r["spans"]), r["id"]
    assert not any(i.startswith("Rechtbank") for i in institutions)


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.AGB, corpus.URL):
        assert categories[category] >= 10, category
    assert 2000 <= sum(categories.values()) <= 8000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 700
    assert all(len(r["keep"]) >= 2 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev96_corpus.KINDS) and all(n >= 40 for n in per_kind.values()), per_kind
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d", k) for k in keep)
    assert any(k.startswith(("Kennedy", "Angle", "Miller")) for k in keep)
    assert any(k.startswith("DPSI") for k in keep) and any(re.fullmatch(r"\d+ mm", k) for k in keep)
    assert any(re.search(r"\d+ mg", k) for k in keep)
