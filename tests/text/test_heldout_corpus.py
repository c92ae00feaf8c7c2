"""The second held-out part (eval/text/heldout.jsonl): reproducible, and its annotations are self-consistent.

No engine here: the part is scored only as aggregates, never inspected record by record against the engine.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import heldout_corpus
from fixtures.text.corpus_file import dumps
from transforms.identifiers.checksums import is_valid_bsn, is_valid_iban

PATH = Path(__file__).resolve().parents[2] / "eval" / "text" / "heldout.jsonl"
DIRECT = {"PERSOON", "BSN", "TELEFOON", "EMAIL", "IBAN", "ADRES", "POSTCODE", "GEBOORTEDATUM", "PATIENTNUMMER"}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_committed_file_is_the_generator_output():
    assert PATH.read_text(encoding="utf-8") == dumps(heldout_corpus.generate())


def test_spans_equal_their_slice_and_do_not_overlap(records):
    for r in records:
        assert r["deny"] == []
        marks = sorted([(s["start"], s["end"]) for s in r["spans"] + r["keep"]])
        for s in r["spans"] + r["keep"]:
            assert r["text"][s["start"] : s["end"]] == s["text"], (r["id"], s)
            assert s["text"] == s["text"].strip() and s["text"], (r["id"], s)
        for (_, end), (start, _) in zip(marks, marks[1:]):
            assert end <= start, r["id"]


def test_checksums(records):
    for r in records:
        for s in r["spans"]:
            if s["category"] == "BSN":
                digits = re.sub(r"\D", "", s["text"])
                assert len(digits) == 9 and is_valid_bsn(digits), s
            elif s["category"] == "IBAN":
                assert is_valid_iban(re.sub(r"[^0-9A-Za-z]", "", s["text"]).upper()), s


def test_size(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert len(records) == 500
    assert sum(counts[c] for c in DIRECT) >= 1500
    assert sum(len(r["keep"]) for r in records) >= 700
    assert len({r["kind"] for r in records}) == 10
