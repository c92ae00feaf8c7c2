"""The twenty-seventh development part (``eval/text/dev27.jsonl``, special-care dentistry: care institutions for
people with an intellectual disability, GGZ clinics, treatment under sedation or general anaesthesia): the committed
file is what its generator writes, every kind holds its share, spans are exact and disjoint, names carry no title,
BSNs pass the 11-proef and IBANs mod-97, and the notations the part is about are present (hospital and client
numbers, surnames in capitals, ASA classes, weights, drugs with doses, elements with surfaces, NZa codes)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev27_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|begeleider|mentor|curator|moeder|vader|"
    r"zus|broer|casemanager|psychiater|anesthesioloog)\s",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev27_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev27_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev27_corpus.DEFAULT_RECORDS == 240
    assert dev27_corpus.DEFAULT_SEED == 20261227
    assert_fields_and_kinds(records, dev27_corpus.KINDS, 240 // len(dev27_corpus.KINDS))
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
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 60
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev27_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev27_corpus.iban_valid(i), i
    assert dev27_corpus.bsn_valid("123456782") and not dev27_corpus.bsn_valid("123456788")
    assert dev27_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev27_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_and_numbers(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        digits = re.sub(r"\D", "", p)
        assert len(digits) == 10 or (p.startswith("+31") and len(digits) == 11), p
    assert any(p.startswith("06") for p in phones) and any(p.startswith("(0") for p in phones)
    for p in _spans(records, corpus.POSTCODE):
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}", p) and p[-2:] not in ("SA", "SD", "SS"), p
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert any(re.fullmatch(r"C-\d{6}", n) for n in numbers)  # client numbers of a care organisation
    assert any(re.fullmatch(r"VG\d{5}", n) for n in numbers)
    assert any(re.fullmatch(r"\d{3}-\d{4}", n) for n in numbers)  # hospital numbers
    texts = "\n".join(r["text"] for r in records)
    for label in ("ZH-nr.", "MRN", "cliëntnr.", "Pat.nr:"):
        assert label in texts, label


def test_names_as_care_staff_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(re.fullmatch(r"[A-ZÀ-Ý' -]{3,}, ([A-Z]\.)+", n) for n in names)  # hospital head: SURNAME, I.
    assert any(re.fullmatch(r"([A-Z]\.)+ [A-ZÀ-Ý' -]{3,}", n) for n in names)  # I. SURNAME
    assert any(
        re.fullmatch(r"[A-Z][\w-]+, ([A-Z]\.)+ (van|de|ter|van der|van den|van 't|in 't|El|Al)", n) for n in names
    )
    assert any(re.search(r" (van|de|van der|ter|in 't|dos|da) [A-Z]", n) for n in names)  # particles inside
    assert any(" " not in n for n in names)  # given names and nicknames alone
    assert any(n.islower() for n in names)  # a support worker signing in lower case
    assert any(re.search(r"[ąćęłńóśźżığüşçöä]", n) for n in names)
    texts = "\n".join(r["text"] for r in records)
    assert re.search(r'\("[A-Z][a-z-]+"\)', texts)  # nicknames in quotes


def test_keep_strings(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1500
    assert sum(len(r["keep"]) >= 3 for r in records) == len(records)
    assert any(re.fullmatch(r"ASA (II|III|2|3)", k) for k in keep)
    assert any(re.fullmatch(r"\d{2,3} kg", k) for k in keep)
    assert any(k.startswith("midazolam") for k in keep) and any(k.startswith("propofol") for k in keep)
    assert any(re.fullmatch(r"[1-4][1-8] (MODB|MOD|MO|DO|OB|DL|O|B|L|P)", k) for k in keep)
    assert any(re.fullmatch(r"[CHVXMU]\d\d( \d+x)?", k) for k in keep)
    assert any(k in ("syndroom van Down", "Prader-Willi-syndroom", "Angelman-syndroom") for k in keep)
    assert any(re.fullmatch(r"(clozapine|lithiumcarbonaat|pipamperon) .*mg.*", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.INSTELLING: 400,
        corpus.DATUM: 300,
        corpus.TELEFOON: 200,
        corpus.EMAIL: 150,
        corpus.ADRES: 100,
        corpus.POSTCODE: 100,
        corpus.LOCATIE: 100,
        corpus.GEBOORTEDATUM: 100,
        corpus.PATIENTNUMMER: 100,
        corpus.LEEFTIJD: 60,
        corpus.BSN: 60,
        corpus.IBAN: 20,
        corpus.AGB: 5,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    per_text = [sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"]) for r in records]
    assert min(per_text) >= 6 and 8 <= sum(per_text) / len(per_text) <= 20
