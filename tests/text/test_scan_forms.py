"""The name recognizers' faster scans (issue 17, twelfth round) find exactly what the scans they replace find: each is
compared with the pattern it stands for on every evaluation text and on random strings made of the characters and
words that decide the pattern."""

from __future__ import annotations

import random

import regex


def _texts() -> list[str]:
    """Every evaluation text (the parts the recognizer tests read), plain or not."""
    import json
    from pathlib import Path

    texts = []
    for name in ("corpus", "test", "heldout", "dev7"):
        lines = (Path(__file__).parents[2] / "eval" / "text" / f"{name}.jsonl").read_text().splitlines()
        texts += [json.loads(line)["text"] for line in lines]
    return texts


def _random(pieces: list[str], count: int, seed: int, longest: int = 14) -> list[str]:
    """``count`` strings of up to ``longest`` of ``pieces`` each, drawn with ``seed``."""
    draw = random.Random(seed)
    return ["".join(draw.choice(pieces) for _ in range(draw.randint(0, longest))) for _ in range(count)]


def test_sentence_starts_are_where_the_look_behinds_hold():
    """``sentence_starts`` gives the positions where the sentence-start look-behinds of the positional rules hold, and
    the sentence-start cue tried there only (on ``re`` for a plain text) finds what its scan finds."""
    from transforms.text.keywords import plain
    from transforms.text.recognizers import SentenceStartNameRecognizer, sentence_starts

    opening = regex.compile(r"(?:^|(?<=[.!?:;][ \t])|(?<=[.!?][ \t]{2})|(?<=\n))", regex.MULTILINE)
    recognizer = SentenceStartNameRecognizer()
    pieces = ["Noor", "Ölger", "ǅan", " belde", " kwam", " is", " gaf aan", ".", "!", "?", ":", ";", " ", "  ", "\t"]
    pieces += ["\n", "\r", "\x85", "\u2028", "\x0b", "- ", "• ", "–", "*", "a", "É", "ß", "²", "_", "'", "’", "Ǳ"]
    found = 0
    texts = _texts() + _random(pieces, 100_000, seed=8)
    for text in texts:
        assert sentence_starts(text) == [m.start() for m in opening.finditer(text)], text[:80]
        expected = [m.span() for m in recognizer._cue.finditer(text)]
        assert [m.span() for m in recognizer._cues(text)] == expected, text[:80]
        found += bool(expected)
    assert found > 1000 and sum(map(plain, texts)) > 40_000
