"""The dev105 part (dental care in prisons and detention): the committed file is its generator's output, and the
annotations keep the contract; the part's own notations (registration and V-numbers, cells, staff marks, issue 17
characters) are checked here."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus, corpus_file, dev105_corpus
from tests.text import annotated_parts

NUMBERS = 307  # registration numbers, SKNs and tbs patient numbers (V-numbers counted apart)
CELLS = 240  # cell and room numbers


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev105_corpus.generate()


def test_committed_file_is_the_generators_output(records):
    assert dev105_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_deterministic_in_the_seed(records):
    assert dev105_corpus.generate(seed=dev105_corpus.DEFAULT_SEED) == records
    assert dev105_corpus.generate(seed=dev105_corpus.DEFAULT_SEED + 1) != records
    assert dev105_corpus.DEFAULT_SEED == 20270505


def test_fields_kinds_and_ids(records):
    assert len(records) == dev105_corpus.DEFAULT_RECORDS == 240
    kinds = dev105_corpus.KINDS
    annotated_parts.assert_fields_and_kinds(records, kinds, 240 // len(kinds))
    assert [r["id"] for r in records] == [f"dev105-{i:04d}" for i in range(240)]
    for r in records:
        assert list(r) == ["text", "kind", "id", "deny", "spans", "keep"]


def test_spans_exact_and_disjoint(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)


def test_bsns_and_ibans_pass_their_checks_by_two_hands(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.BSN]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == corpus.IBAN]
    assert len(bsns) == 25 and len(ibans) == 11
    for b in bsns:
        digits = dev105_corpus.digits_of(b)
        assert annotated_parts.bsn_ok(digits), b
        assert dev105_corpus.bsn_valid(digits), b
    for i in ibans:
        plain = "".join(c for c in unicodedata.normalize("NFKC", i) if c.isalnum())
        assert annotated_parts.iban_ok(plain, dev105_corpus.IBAN_LENGTHS), i
        assert dev105_corpus.iban_valid(i), i
    assert not dev105_corpus.bsn_valid("123456789")
    assert not dev105_corpus.iban_valid("NL00ABNA0123456789")


def test_category_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert counts == {
        "ADRES": 120,
        "AGB": 16,
        "BSN": 25,
        "DATUM": 427,
        "EMAIL": 51,
        "GEBOORTEDATUM": 93,
        "IBAN": 11,
        "INSTELLING": 365,
        "LEEFTIJD": 28,
        "LOCATIE": 369,
        "PATIENTNUMMER": 327,
        "PERSOON": 1118,
        "POLISNUMMER": 20,
        "POSTCODE": 100,
        "TELEFOON": 147,
    }
    assert sum(counts.values()) == 3217
    assert sum(len(r["keep"]) for r in records) == 1059
    assert sum(counts[c] for c in corpus.DIRECT_IDENTIFIERS) == 1992


def test_issue_17_notations_inside_identifiers(records):
    found = Counter()
    for r in records:
        for s in r["spans"]:
            t = s["text"]
            for name, ch in (("nbsp", "\u00a0"), ("nnbsp", "\u202f"), ("zwsp", "\u200b"), ("shy", "\u00ad")):
                found[name] += ch in t
            found["fullwidth"] += any("\uff10" <= c <= "\uff19" for c in t)
            before = r["text"][s["start"] - 1] if s["start"] else ""
            if s["category"] in (corpus.BSN, corpus.TELEFOON, corpus.PATIENTNUMMER) and before == ":":
                found["glued_colon"] += 1
    assert found == {"fullwidth": 71, "zwsp": 32, "shy": 33, "nbsp": 26, "nnbsp": 14, "glued_colon": 37}


def test_detainee_numbers_are_patient_numbers_and_cells_are_locations(records):
    """The part's choices: registration number, V-number, SKN and tbs patient number are PATIENTNUMMER; the number
    after ``cel``/``kamer`` is LOCATIE; the wing is not annotated."""
    places = set(dev105_corpus.PLACES) | set(dev105_corpus.CITIES_ABROAD.values())
    found = Counter()
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            before = text[max(0, s["start"] - 12) : s["start"]].lower()
            if s["category"] == corpus.PATIENTNUMMER:
                assert len(dev105_corpus.digits_of(s["text"])) in (6, 7, 8, 10), s
                found["v-nummer" if "v-nummer" in before else "number"] += 1
            if s["category"] == corpus.LOCATIE and s["text"] not in places:
                assert re.search(r"(cel|kamer):?\s*$", before) or before.endswith("/"), (r["id"], before, s)
                assert re.fullmatch(r"[A-D]?\d?[-.]?\d{2,3}", s["text"]), s
                found["cell"] += 1
        for wing in ("afd. B2", "EZV", "paviljoen De Eik", "groep Orion", "unit 2"):
            for m in re.finditer(re.escape(wing), text):
                assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], wing)
    assert found["v-nummer"] == 20  # one V-number in each detention-centre intake
    assert found == {"v-nummer": 20, "number": found["number"], "cell": found["cell"]}
    assert (found["number"], found["cell"]) == (NUMBERS, CELLS)


def test_staff_marks_are_persons_and_clinical_strings_survive_beside_them(records):
    marks = [
        s["text"]
        for r in records
        for s in r["spans"]
        if s["category"] == corpus.PERSOON
        and re.fullmatch(r"[^\W\d_]{2,5}", s["text"])
        and not (s["text"][0].isupper() and s["text"][1:].islower())
    ]
    assert len(marks) >= 120
    assert any(m.islower() for m in marks) and any(re.fullmatch(r"[A-Z][a-z]+[A-Z]", m) for m in marks)
    keep = Counter(k["text"] for r in records for k in r["keep"])
    for must in ("X21", "H11", "Le Fort I", "Angle klasse II", "chloorhexidine 0,12%", "3dd"):
        assert keep[must] > 0, must
    assert any(t.startswith("Pell-Gregory klasse") for t in keep)
    assert any(t.startswith("methadon ") for t in keep)


def test_jsonl_round_trips(records):
    lines = dev105_corpus.PATH.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records
