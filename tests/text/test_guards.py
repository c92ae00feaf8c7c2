"""Memory and time per record stay bounded: pathological repetition is withheld before DEDUCE sees it,
and pool workers run under an address-space limit (a record that needs more is withheld, not passed)."""

from __future__ import annotations

import resource
import time

import pytest

from transforms.text import guards
from transforms.text.engine import WITHHELD_MARKER


@pytest.mark.parametrize(
    "text",
    [
        "Laan van " * 500,
        "Laan van " * 1000,
        "Jan " * 200,
        "Dhr. de " * 100,
        ("Laan\u200bvan\u200b" * 2000),
        "ab" * 20_000,
    ],
)
def test_pathological_repetition_is_withheld_fast(engine, text):
    started = time.monotonic()
    result = engine.anonymise(text)
    assert time.monotonic() - started < 2.0
    assert result.status == "withheld" and result.reason == "pathological"
    assert result.text == WITHHELD_MARKER and result.entities == ()


@pytest.mark.parametrize(
    "text",
    [
        "Pocketdiepten: " + "3 3 2 4 3 3 " * 32,  # a periodontal chart: numbers repeat, that is fine
        "Laan van " * 20 + "Meerdervoort",
        "Pt. klaagt over pijn bij 36. " + "Controle over zes maanden, poetsinstructie gegeven. " * 5,
        "nee " * 10,
    ],
)
def test_ordinary_text_is_not_pathological(text):
    assert guards.pathological(text) is None


def test_worker_memory_is_limited_and_an_oversized_record_is_withheld(monkeypatch):
    from transforms.text import engine as engine_module

    real = engine_module.TextAnonymiser._anonymise

    def hungry(self, text, deny):
        if text == "ALLOCATE":
            bytearray(768 * 1024 * 1024)  # what a runaway annotator does; over the 128 MB budget
        return real(self, text, deny)

    monkeypatch.setattr(engine_module.TextAnonymiser, "_anonymise", hungry)  # inherited by the forked worker
    with engine_module.ParallelAnonymiser(1, worker_memory_mb=128) as pool:
        soft, _ = pool._pool.apply(resource.getrlimit, (resource.RLIMIT_AS,))
        assert soft != resource.RLIM_INFINITY
        batch = pool.anonymise_batch(["Pt. de Vries gebeld.", "ALLOCATE", "Mw. Jansen belt terug."])
    statuses = [(r.status, r.reason) for r in batch.results]
    assert statuses[1] == ("withheld", "error") and batch.results[1].text == WITHHELD_MARKER
    assert statuses[0] == statuses[2] == ("ok", None)


def test_memory_budget_is_configurable(monkeypatch):
    monkeypatch.setenv(guards.MEMORY_ENV, "512")
    assert guards.worker_memory_mb() == 512 and guards.worker_memory_mb(0) == 0
    monkeypatch.delenv(guards.MEMORY_ENV)
    assert guards.worker_memory_mb() == guards.DEFAULT_WORKER_MEMORY_MB


def test_word_count_precheck_never_hides_a_repetition():
    """The word-frequency pre-check (issue 17, sixth round) answers as the repeat walk alone would: on random
    texts built from a few words, with runs of one to four words near the threshold, in any whitespace."""
    import random

    rng = random.Random(17)
    words = ["Laan", "van", "de", "3", "Jan", "x", "Dhr.", "\u200b"]
    for _ in range(2000):
        parts = []
        for _ in range(rng.randint(1, 4)):
            unit = [rng.choice(words) for _ in range(rng.randint(1, guards.MAX_UNIT_WORDS))]
            parts += unit * rng.randint(guards.MAX_REPEATS - 3, guards.MAX_REPEATS + 1)
            parts += [rng.choice(words) for _ in range(rng.randint(0, 5))]
        text = "".join(w + rng.choice([" ", "\t", "\n", "\u00a0", "  "]) for w in parts)
        walk = len(text) >= 2 * guards.MAX_REPEATS and guards.longest_repeat(text) >= guards.MAX_REPEATS
        assert (guards.pathological(text) == "repetition") == walk
