"""The forty-third development part (``eval/text/dev43.jsonl``, scanned and faxed paper as OCR text): the committed
file is what its generator writes, ids are unique, every span is exact and disjoint, BSNs pass the 11-proef and IBANs
mod-97, every kind holds its share, and the OCR marks the part promises (fax headers, page footers, names and
addresses broken over lines, hyphenation, check boxes, capitals, two columns, stray characters) really occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev43_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}  # written here, not taken from the generator


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev43_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev43_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev43_corpus.DEFAULT_RECORDS == 240
    assert dev43_corpus.DEFAULT_SEED == 20270443
    assert_fields_and_kinds(records, dev43_corpus.KINDS, 240 // len(dev43_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert dev43_corpus.generate(12, 5) == dev43_corpus.generate(12, 5)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 100
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev43_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .-]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 25
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev43_corpus.iban_valid(i), i
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    assert dev43_corpus.bsn_valid("123456782") and not dev43_corpus.bsn_valid("123456783")
    assert dev43_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev43_corpus.iban_valid("NL92ABNA0417164300")


def test_ocr_marks(records):
    texts = [r["text"] for r in records]
    joined = "\n".join(texts)
    faxed = [t for t in texts if "FAX VAN:" in t or " FROM " in t or re.search(r"P\.\d\d/\d\d|Pag\. ?\d/\d", t)]
    assert len(faxed) >= 40
    assert len(re.findall(r"Pagina \d van \d|pagina \d/\d|^- \d -$", joined, re.M)) >= 150
    assert len(re.findall(r"[a-z]-\n[a-z]", joined, re.I)) >= 60  # words hyphenated across line breaks
    assert "[x]" in joined and "[ ]" in joined
    assert any(ch in joined for ch in "|~»")
    assert re.search(r"\w  +\w", joined)  # double spaces, columns run together
    assert re.search(r"[a-z]rn[a-z]", joined) and re.search(r"[a-z]1[a-z]", joined)  # OCR errors in words
    # letterheads repeated: one institution named on more than one page of the same text
    assert (
        sum(
            Counter(s["text"] for s in r["spans"] if s["category"] == corpus.INSTELLING).most_common(1)[0][1] >= 2
            for r in records
            if any(s["category"] == corpus.INSTELLING for s in r["spans"])
        )
        >= 60
    )


def test_names_and_addresses_broken_over_lines(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    broken = [n for n in names if "\n" in n]
    assert len(broken) >= 40
    assert any("-\n" in n for n in broken) and any(re.search(r"\w\n\w", n) for n in broken)
    assert any("\n" in a for a in _spans(records, corpus.ADRES))
    assert any(n.isupper() and "," in n for n in names)  # record cards in capitals
    assert any(n.islower() and " " in n for n in names)  # handwritten notes
    assert any(re.search(r"\b(van|de|ter|in 't|op den)\b", n, re.I) for n in names)
    assert any(re.search(r"[łśğışüöÖèë]", n) for n in names)
    assert not any(re.match(r"(dhr|mevr|mw|dr)\.? ", n, re.I) for n in names)


def test_categories_and_keep(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.TELEFOON: 500,
        corpus.DATUM: 500,
        corpus.INSTELLING: 400,
        corpus.LOCATIE: 400,
        corpus.ADRES: 300,
        corpus.POSTCODE: 300,
        corpus.GEBOORTEDATUM: 200,
        corpus.PATIENTNUMMER: 150,
        corpus.EMAIL: 100,
        corpus.AGB: 100,
        corpus.POLISNUMMER: 40,
        corpus.URL: 30,
        corpus.LEEFTIJD: 30,
        corpus.UZI: 15,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(re.fullmatch(r"[1-9]\d{3} {0,2}[A-Z]{2}", p) and p[-2:] not in ("SA", "SD", "SS") for p in postcodes)
    phones = _spans(records, corpus.TELEFOON)
    assert all(len(re.sub(r"\D", "", p)) in (10, 11, 12, 13) for p in phones)
    assert any(p.startswith("+31") for p in phones) and any(p.startswith("0031") for p in phones)
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1000
    assert any(re.fullmatch(r"(element|elem\.|kies|tand) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"DPSI [1-4][+-]?", k) for k in keep)
    assert any(re.fullmatch(r"[A-Za-z]+ \d+(,\d+)? (mg|mcg).*", k) for k in keep)
    assert any(k.startswith(("Angle klasse", "Kennedy klasse", "Le Fort")) for k in keep)
