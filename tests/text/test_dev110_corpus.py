"""Evaluation part dev110 (privacy and IT work at a dental group): the committed file is the generator's output, and
its annotation keeps the contract (fields, kinds, exact disjoint spans on word bounds, valid BSNs and IBANs)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev110_corpus
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev110_corpus.generate()


def test_committed_file_is_the_generators_output(records):
    assert dev110_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_deterministic_for_the_seed(records):
    assert dev110_corpus.generate(seed=dev110_corpus.DEFAULT_SEED) == records
    assert dev110_corpus.generate(seed=dev110_corpus.DEFAULT_SEED + 1) != records
    assert dev110_corpus.generate(24) == records[:24]


def test_fields_kinds_and_ids(records):
    assert len(records) == dev110_corpus.DEFAULT_RECORDS == 240
    assert len(dev110_corpus.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, dev110_corpus.KINDS, 240 // len(dev110_corpus.KINDS))
    assert [r["id"] for r in records] == [f"dev110-{i:04d}" for i in range(240)]


def test_spans_exact_and_disjoint(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)


def test_bsns_and_ibans_pass_their_checks(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert bsns and ibans
    for b in bsns:
        digits = dev110_corpus.plain_digits(b)
        assert annotated_parts.bsn_ok(digits), b
        assert dev110_corpus.bsn_valid(digits), b
    for i in ibans:
        ascii_iban = "".join(dev110_corpus.plain_digits(c) if c.isdigit() else c for c in i)
        assert annotated_parts.iban_ok(ascii_iban, dev110_corpus.IBAN_LENGTHS), i
        assert dev110_corpus.iban_valid(i), i


def test_own_checksums_reject_wrong_numbers():
    assert dev110_corpus.bsn_valid("111222333")
    assert not dev110_corpus.bsn_valid("111222334")
    assert dev110_corpus.iban_valid("NL91 ABNA 0417 1643 00")
    assert not dev110_corpus.iban_valid("NL92ABNA0417164300")


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == PINNED
    assert sum(len(r["keep"]) for r in records) == PINNED_KEEP


LOGIN_IN_LOG = re.compile(r"^\S+ \d\d:\d\d:\d\d  (?:\w+\\)?([a-z][a-z0-9._]*)\s", re.M)


def test_logins_in_audit_logs_are_names_and_service_accounts_are_not(records):
    """The theme's own notation: a log-in in the user column is PERSOON, the whole token; a service account is not."""
    seen_people = seen_services = 0
    for r in (r for r in records if r["kind"] == "auditlog"):
        persons = {(s["start"], s["end"]) for s in r["spans"] if s["category"] == "PERSOON"}
        for m in LOGIN_IN_LOG.finditer(r["text"]):
            if m.group(1) in dev110_corpus.SERVICE_ACCOUNTS:
                assert m.span(1) not in persons, (r["id"], m.group(1))
                seen_services += 1
            else:
                assert m.span(1) in persons, (r["id"], m.group(1))
                seen_people += 1
    assert seen_people > 50 and seen_services > 0


def test_mail_addresses_are_one_span_and_staff_marks_are_names(records):
    for r in records:
        for s in r["spans"]:
            if s["category"] == "EMAIL":
                assert re.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+[.,][a-z]{2,4}", s["text"]), s
    marks = [s["text"] for r in records for s in r["spans"] if re.fullmatch(r"[A-ZÇÖ][a-z']*[A-ZÇÖ]", s["text"])]
    assert len(marks) > 40
    # an e-mail whose last dot was typed as a comma is still an address
    assert any("," in s["text"] for r in records for s in r["spans"] if s["category"] == "EMAIL")


def test_notations_of_issue_17_occur_inside_identifiers(records):
    direct = [
        s["text"] for r in records for s in r["spans"] if s["category"] in ("BSN", "TELEFOON", "IBAN", "PATIENTNUMMER")
    ]
    joined = "".join(direct)
    for ch in (dev110_corpus.NBSP, dev110_corpus.NNBSP, dev110_corpus.ZWSP, dev110_corpus.SHY):
        assert ch in joined, repr(ch)
    assert any("０" <= c <= "９" for c in joined)
    texts = "".join(r["text"] for r in records)
    assert re.search(r"BSN:[0-9０-９]", texts) and re.search(r"\d{4}  [A-Z]{2} ", texts)
    # a timestamp written as one ISO token is one date span
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s["text"]) for r in records for s in r["spans"])


PINNED = {
    "ADRES": 140,
    "AGB": 29,
    "BSN": 65,
    "DATUM": 760,
    "EMAIL": 226,
    "GEBOORTEDATUM": 113,
    "IBAN": 31,
    "INSTELLING": 309,
    "LEEFTIJD": 17,
    "LOCATIE": 277,
    "PATIENTNUMMER": 169,
    "PERSOON": 1241,
    "POSTCODE": 125,
    "TELEFOON": 159,
    "URL": 15,
}
PINNED_KEEP = 216
