"""The second held-out part (eval/text/heldout2.jsonl): reproducible, and its annotations are self-consistent.

No engine here: the part is scored only as aggregates, never inspected record by record against the engine.
The checksums are computed here, not imported from the product, so the part leans on none of its code.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import heldout2_corpus
from fixtures.text.corpus_file import dumps

PATH = Path(__file__).resolve().parents[2] / "eval" / "text" / "heldout2.jsonl"
DIRECT = {"PERSOON", "BSN", "TELEFOON", "EMAIL", "IBAN", "ADRES", "POSTCODE", "GEBOORTEDATUM", "PATIENTNUMMER"}


def _bsn_ok(digits: str) -> bool:
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return len(digits) == 9 and sum(int(d) * w for d, w in zip(digits, weights)) % 11 == 0


def _iban_ok(iban: str) -> bool:
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_committed_file_is_the_generator_output():
    assert PATH.read_text(encoding="utf-8") == dumps(
        heldout2_corpus.generate(heldout2_corpus.DEFAULT_RECORDS, heldout2_corpus.DEFAULT_SEED)
    )


def test_spans_equal_their_slice_and_do_not_overlap(records):
    for r in records:
        assert r["id"].startswith("h2") and r["deny"] == []
        marks = sorted([(s["start"], s["end"]) for s in r["spans"] + r["keep"]])
        for s in r["spans"] + r["keep"]:
            assert r["text"][s["start"] : s["end"]] == s["text"], (r["id"], s)
            assert s["text"] == s["text"].strip() and s["text"], (r["id"], s)
        for s in r["keep"]:
            assert s["category"] == "KEEP", (r["id"], s)
        for (_, end), (start, _) in zip(marks, marks[1:]):
            assert end <= start, r["id"]


def test_checksums(records):
    seen = Counter()
    for r in records:
        for s in r["spans"]:
            if s["category"] == "BSN":
                digits = re.sub(r"\D", "", s["text"])
                assert _bsn_ok(digits), s
                seen["BSN"] += 1
            elif s["category"] == "IBAN":
                assert _iban_ok(re.sub(r"[^0-9A-Za-z]", "", s["text"]).upper()), s
                seen["IBAN"] += 1
    assert seen["BSN"] and seen["IBAN"]


def test_the_generator_checks_agree_with_these():
    assert heldout2_corpus.bsn_valid("111222333") and not heldout2_corpus.bsn_valid("111222334")
    assert heldout2_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not heldout2_corpus.iban_valid("NL92ABNA0417164300")
    assert _bsn_ok("111222333") and _iban_ok("NL91ABNA0417164300")


def test_size(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert len(records) == 500
    assert sum(counts[c] for c in DIRECT) >= 3000
    assert counts["PERSOON"] >= 1500
    assert sum(len(r["keep"]) for r in records) >= 1500
    assert len({r["kind"] for r in records}) == 12
