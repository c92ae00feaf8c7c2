"""The twenty-sixth development part (``eval/text/dev26.jsonl``, dental care for asylum seekers, migrants and people
without insurance): the committed file is what its generator writes, ids are unique, every span is exact and
disjoint, names carry no title, BSNs pass the 11-proef and IBANs mod-97, every kind holds its share, and the
notations the part is about are there: V-nummers, partly unknown birth dates, interpreters' numbers, rooms within a
centre, transliteration variants and Cyrillic names, Ukrainian phones, authorisation and CAK numbers."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev26_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr)\.?\s|^(de heer|meneer|mevrouw|tandarts|voogd|tolk|mentor)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev26_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev26_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev26_corpus.DEFAULT_RECORDS == 240
    assert dev26_corpus.DEFAULT_SEED == 20261226
    assert_fields_and_kinds(records, dev26_corpus.KINDS, 240 // len(dev26_corpus.KINDS))
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
                assert not s["text"].endswith((",", ":", ".")) or re.search(r"\b[A-Z]\.$", s["text"]), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev26_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert ibans
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev26_corpus.iban_valid(i), i
    assert dev26_corpus.bsn_valid("123456782") and not dev26_corpus.bsn_valid("123456788")
    assert dev26_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev26_corpus.iban_valid("NL92ABNA0417164300")


def test_v_numbers_and_interpreters(records):
    numbers = _spans(records, corpus.PATIENTNUMMER)
    vnrs = [n for n in numbers if len(re.sub(r"\D", "", n)) == 10]
    assert len(vnrs) >= 200
    assert any(re.fullmatch(r"\d{10}", v) for v in vnrs) and any(re.search(r"[ .]", v) for v in vnrs)
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.PATIENTNUMMER and len(re.sub(r"\D", "", s["text"])) == 10:
                before = r["text"][max(0, s["start"] - 25) : s["start"]].lower()
                assert re.search(r"v-?n|vreemdelingennummer", before), (r["id"], before)
    interpreters = [n for n in numbers if len(re.sub(r"\D", "", n)) in (5, 6)]
    assert len(interpreters) >= 60
    texts = "\n".join(r["text"] for r in records)
    assert texts.count("tolkentelefoon") >= 60


def test_unknown_birth_dates_and_rooms(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 150
    for shape in (
        r"00-00-\d{4}",
        r"01-01-\d{4}",
        r"XX-XX-\d{4}",
        r"1-1-\d{4}",
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2} [a-z]+ \d{4}",
    ):
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    rooms = [a for a in _spans(records, corpus.ADRES) if re.search(r"kamer|unit|blok", a)]
    assert len(rooms) >= 60
    assert any(a.startswith("gebouw ") for a in rooms) and any(a.startswith("woonunit ") for a in rooms)
    institutions = _spans(records, corpus.INSTELLING)
    assert any(i.startswith("AZC ") for i in institutions) and any(i.startswith("COA-locatie ") for i in institutions)
    assert any(i.startswith("GZA Gezondheidscentrum ") for i in institutions)
    assert any(re.fullmatch(r"\d{4}", i) for i in institutions)  # location numbers


def test_names_in_their_variants(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 900
    assert any(re.search(r"[\u0400-\u04ff]", n) for n in names)  # Cyrillic
    assert any(re.search(r"[şŞêîğıçöüÖÜ]", n) for n in names)  # Kurdish and Turkish letters
    assert any(re.search(r"\b(Maxamed|Xasan|Cabd\w+|Faarax|Xirsi|Cusmaan|Jaamac|Maxamuud|Nuur)\b", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÇŞÖÜĞİ'-]{3,}(?: [A-Z'-]+)?, [A-Z][\w -]+", n) for n in names)  # SURNAME, Given
    assert any(n.islower() and " " in n for n in names)
    assert any(len(n.split()) >= 3 and "," not in n for n in names)  # three-part names
    assert any(" van " in n or " de " in n or " in 't " in n or " ter " in n for n in names)
    texts = "\n".join(r["text"] for r in records)
    assert "ook geschreven als" in texts and "omgedraaid" in texts


def test_phones_emails_and_insurer_numbers(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("+380") or p.startswith("+38 "):
            assert len(digits) == 12, p
        elif p.startswith("+31"):
            assert len(digits) == 11, p
        else:
            assert len(digits) == 10 and digits[0] == "0", p
    assert sum(p.startswith("+38") for p in phones) >= 20
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 150 and all(re.fullmatch(r"[a-z0-9.]+@[a-z0-9.-]+\.nl", e) for e in emails), emails
    assert any(e.endswith("@coa.nl") for e in emails) and any(e.endswith("@nidos.nl") for e in emails)
    policies = _spans(records, corpus.POLISNUMMER)
    assert any(p.startswith(("ZA-", "M20")) for p in policies) and any(
        re.fullmatch(r"20\d\d-\d{6}", p) for p in policies
    )
    agbs = _spans(records, corpus.AGB)
    assert len(agbs) >= 60 and all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1000
    assert all(len(r["keep"]) >= 2 for r in records)
    assert any(re.fullmatch(r"(element|elem\.|de|kies) [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"extractie [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"wortelkanaalbehandeling [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"articaïne 4% 1:100\.000", k) for k in keep)
    assert any(re.fullmatch(r"amoxicilline 500 ?mg.*", k) for k in keep)
    assert any(re.fullmatch(r"DPSI .+", k) for k in keep)
    for code in ("H11", "C13", "X10", "E13", "M40", "V91"):
        assert code in keep, code
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 900,
        corpus.DATUM: 250,
        corpus.TELEFOON: 250,
        corpus.EMAIL: 150,
        corpus.ADRES: 250,
        corpus.POSTCODE: 120,
        corpus.LOCATIE: 150,
        corpus.INSTELLING: 300,
        corpus.GEBOORTEDATUM: 150,
        corpus.PATIENTNUMMER: 250,
        corpus.POLISNUMMER: 40,
        corpus.AGB: 60,
        corpus.LEEFTIJD: 80,
        corpus.BSN: 30,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    direct = [sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"]) for r in records]
    assert min(direct) >= 6 and max(direct) <= 24
