"""The hundredth development part (``eval/text/dev100.jsonl``): the committed file is its generator's output, the
annotation keeps the contract, and the checksums, countries and notations of a Brabant/Limburg dental group hold."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, corpus_file, dev100_corpus
from tests.text import annotated_parts

KINDS = (
    "behandelnotitie",
    "anamnese",
    "behandelplan",
    "verwijsbrief",
    "telefoonnotitie",
    "email",
    "whatsapp",
    "klacht",
    "factuur_verzekeraar",
    "intern_bericht",
    "labopdracht",
    "agenda_lijst",
)


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev100_corpus.generate()


# -- checks written again here, not imported from the generator ------------------------------------------------------
def elfproef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit():
        return False
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(c) * w for c, w in zip(digits, weights)) % 11 == 0


def rijksregister_ok(text: str) -> bool:
    """Belgian national number: 97 minus the first nine digits mod 97 (with a 2 in front for births from 2000)."""
    digits = re.sub(r"\D", "", text)
    if len(digits) != 11:
        return False
    body, check = digits[:9], int(digits[9:])
    return check == 97 - int(body) % 97 or check == 97 - int("2" + body) % 97


IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


def iban_mod97(text: str) -> bool:
    s = "".join(ch for ch in text if ch.isalnum()).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    value = 0
    for ch in moved:
        value = (value * (100 if ch.isalpha() else 10) + (ord(ch) - 55 if ch.isalpha() else int(ch))) % 97
    return value == 1


def belgian_account_ok(iban: str) -> bool:
    """The national check inside a Belgian IBAN: the last two digits are the first ten mod 97 (97 for 0)."""
    s = "".join(ch for ch in iban if ch.isalnum()).upper()
    first, check = int(s[4:14]), int(s[14:16])
    return check == (first % 97 or 97)


# -- the file --------------------------------------------------------------------------------------------------------
def test_committed_file_is_the_generator_output(records):
    assert dev100_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)
    assert dev100_corpus.PATH.as_posix().endswith("eval/text/dev100.jsonl")
    assert dev100_corpus.DEFAULT_SEED == 20270500 and dev100_corpus.DEFAULT_RECORDS == 240


def test_deterministic_and_seeded(records):
    assert dev100_corpus.generate() == records
    other = dev100_corpus.generate(24, seed=20270501)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]
    assert len(dev100_corpus.generate(13, seed=7)) == 13


def test_docstring_names_the_part():
    first = dev100_corpus.__doc__.splitlines()[0]
    assert first.startswith("The hundredth development part (``eval/text/dev100.jsonl``): ")


# -- the contract ----------------------------------------------------------------------------------------------------
def test_spans_exact_and_disjoint(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_fields_ids_and_kinds(records):
    assert len(records) == 240
    assert tuple(dev100_corpus.KINDS) == KINDS
    annotated_parts.assert_fields_and_kinds(records, KINDS, 20)
    assert [r["id"] for r in records] == [f"dev100-{i:04d}" for i in range(240)]


def test_spans_on_word_bounds_and_no_marks_left(records):
    for r in records:
        text = r["text"]
        assert not re.search("[\ue000-\ue002]", text), r["id"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert not (a > 0 and text[a - 1].isalnum() and text[a].isalnum()), (r["id"], s)
            assert not (b < len(text) and text[b].isalnum() and text[b - 1].isalnum()), (r["id"], s)


def test_every_category_is_used(records):
    used = Counter(s["category"] for r in records for s in r["spans"])
    assert set(used) == set(corpus.CATEGORIES)
    assert used["PERSOON"] > 700 and used["TELEFOON"] > 200 and used["DATUM"] > 400
    assert sum(len(r["keep"]) for r in records) > 700


# -- checksums -------------------------------------------------------------------------------------------------------
def test_bsns_pass_the_elfproef_and_belgian_numbers_their_check(records):
    dutch = belgian = 0
    for r in records:
        for s in r["spans"]:
            if s["category"] != "BSN":
                continue
            digits = re.sub(r"\D", "", s["text"])
            if len(digits) == 9:
                assert elfproef(digits), (r["id"], s)
                assert annotated_parts.bsn_ok(digits)
                dutch += 1
            else:
                assert re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", s["text"]), (r["id"], s)
                assert rijksregister_ok(s["text"]), (r["id"], s)
                belgian += 1
    assert dutch >= 15 and belgian >= 8


def test_ibans_pass_mod97_in_three_countries(records):
    countries = Counter()
    for r in records:
        for s in r["spans"]:
            if s["category"] == "IBAN":
                assert iban_mod97(s["text"]), (r["id"], s)
                assert annotated_parts.iban_ok(s["text"], IBAN_LENGTHS)
                cc = s["text"][:2].upper()
                if cc == "BE":
                    assert belgian_account_ok(s["text"]), (r["id"], s)
                countries[cc] += 1
    assert {"NL", "BE", "DE"} <= set(countries)


def test_checks_refuse_a_changed_digit():
    assert elfproef("111222333") and not elfproef("111222334")
    assert iban_mod97("NL91 ABNA 0417 1643 00") and not iban_mod97("NL91 ABNA 0417 1643 01")
    assert rijksregister_ok("85.07.30-033.28") and not rijksregister_ok("85.07.30-033.29")


# -- what is particular to this part -----------------------------------------------------------------------------
def test_border_notations(records):
    texts = [s["text"] for r in records for s in r["spans"]]
    phones = [t for t, c in zip(texts, (s["category"] for r in records for s in r["spans"])) if c == "TELEFOON"]
    assert any(p.startswith(("+32", "0032")) for p in phones)
    assert any(p.startswith(("+49", "0049")) for p in phones)
    assert any(re.fullmatch(r"0\d{2,3}/\d\d\.\d\d\.\d\d", p) for p in phones)  # Belgian 089/71.23.45
    postcodes = [s["text"] for r in records for s in r["spans"] if s["category"] == "POSTCODE"]
    assert any(re.fullmatch(r"\d{4} [A-Z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"(D-)?\d{5}", p) for p in postcodes)
    assert any(re.fullmatch(r"(B-)?\d{4}", p) for p in postcodes)
    assert any("\u00a0" in t for t in texts)


def test_staff_marks_and_local_speech(records):
    marks = {
        s["text"]
        for r in records
        for s in r["spans"]
        if s["category"] == "PERSOON" and re.fullmatch(r"[A-Za-z]{2,3}", s["text"])
    }
    assert len(marks) >= 10
    assert any(len(m) == 3 and m[0].isupper() and m[1].islower() and m[2].isupper() for m in marks)  # MvK, AdV
    all_text = "\n".join(r["text"] for r in records).lower()
    for word in ("houdoe", "ajuu", "ons ", "nie "):
        assert word in all_text, word


def test_clinical_strings_kept(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    for cls in ("Pell-Gregory", "Angle klasse", "Kennedy", "Miller klasse", "DPSI", "BoP ", "1:100.000"):
        assert any(cls in k for k in keep), cls
    assert any(re.fullmatch(r"\d{6}", k) for k in keep)  # Belgian RIZIV codes look like numbers but stay
    assert any(k.startswith(("GOZ", "BEMA")) for k in keep)


def test_repeated_identifiers_are_annotated_everywhere(records):
    """A phone, e-mail, IBAN or patient number annotated once in a record is annotated wherever it recurs there."""
    direct = {"TELEFOON", "EMAIL", "IBAN", "PATIENTNUMMER", "BSN"}
    for r in records:
        text = r["text"]
        covered = [(s["start"], s["end"]) for s in r["spans"]]
        for s in r["spans"]:
            if s["category"] not in direct:
                continue
            for mt in re.finditer(re.escape(s["text"]), text):
                assert any(a <= mt.start() and mt.end() <= b for a, b in covered), (r["id"], s["text"])
