"""The annotated corpus and the issue's targets on it (recall, leaks, keep-rate), plus corpus properties."""
from __future__ import annotations

import datetime
import random
import time

import pytest

from transforms.text import corpus, evaluation


@pytest.fixture(scope="module")
def records():
    return evaluation.load()


def test_corpus_is_large_varied_and_has_the_hard_cases(records):
    assert len(records) >= 500
    assert {r["kind"] for r in records} == set(corpus.TEXT_KINDS)
    names = " ".join(s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON")
    for hard in ("de Boer", "Bakker", "Visser", "Yılmaz", "El Amrani", "Kowalski", "Ramdin"):
        assert hard.lower() in names.lower(), hard
    assert any(s["text"] == s["text"].lower() and s["category"] == "PERSOON" for r in records for s in r["spans"])
    assert any(s["category"] == "BSN" and "." in s["text"] for r in records for s in r["spans"])
    for r in records[:50]:
        for s in r["spans"] + r["keep"]:
            assert r["text"][s["start"]:s["end"]] == s["text"]


def test_engine_meets_the_targets_on_the_corpus(records):
    report = evaluation.run(["engine"], records)["engine"]
    assert evaluation.check_targets(report) == []
    assert report["categories"]["DIRECT (micro)"]["recall"] >= 0.995
    assert all(n == 0 for n in report["leaks"].values())
    assert report["keep_rate"] >= 0.98


def test_write_text_is_fast_and_exact():
    rng = random.Random(7)
    subjects = [corpus.random_subject(rng) for _ in range(50)]
    started = time.perf_counter()
    for i in range(5000):
        text = corpus.write_text(rng, subjects[i % 50], corpus.TEXT_KINDS[i % 7], datetime.date(2025, 5, 1))
        for s in text.spans:
            assert text.text[s.start:s.end] == s.text
    per_call = (time.perf_counter() - started) / 5000
    assert per_call < 200e-6  # ~20 µs measured; generous bound for a busy CI machine
