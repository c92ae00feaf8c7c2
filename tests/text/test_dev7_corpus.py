"""The seventh development part (``eval/text/dev7.jsonl``): reproducible from its generator, and its annotation
self-consistent (exact, non-overlapping spans; titles and labels outside; checksums; clinical strings to keep at
least as many as the direct identifiers)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, corpus_file, dev7_corpus

DIRECT = set(corpus.DIRECT_IDENTIFIERS)
TITLES = re.compile(
    r"^(dhr|mw|mevr|hr|mnr|dr|drs|mr|ir|prof|ing|de heer|mevrouw|meneer|tandarts|mondhygiënist|kaakchirurg|"
    r"orthodontist|moeder|vader|collega|patiënt|pt)\b\.?\s",
    re.IGNORECASE,
)
LABELS = re.compile(r"^(bsn|tel|telefoon|e-mail|iban|pat|patiënt|pt|pid|id|agb|postcode|adres|geb|naam)\b[.:\s-]", re.I)
DIGIT_WORDS = {
    w: str(i) for i, w in enumerate(("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"))
}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev7_corpus.generate()


def eleven_proof(digits: str) -> bool:
    if len(digits) != 9:
        return False
    return (sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))) % 11 == 0


def mod97(text: str) -> bool:
    s = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def test_file_is_reproducible_from_the_generator(records):
    assert dev7_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)
    assert len(records) == dev7_corpus.DEFAULT_RECORDS == 300
    assert dev7_corpus.DEFAULT_SEED == 20261209


def test_record_fields_and_kinds(records):
    ids = [r["id"] for r in records]
    assert len(set(ids)) == len(ids)
    for r in records:
        assert set(r) == {"id", "kind", "text", "deny", "spans", "keep"}
        assert r["deny"] == []
        assert r["kind"] in dev7_corpus.KINDS
    kinds = Counter(r["kind"] for r in records)
    assert set(kinds) == set(dev7_corpus.KINDS) and min(kinds.values()) >= 25


def test_spans_are_exact_and_do_not_overlap(records):
    for r in records:
        text = r["text"]
        marks = r["spans"] + r["keep"]
        for s in marks:
            assert text[s["start"] : s["end"]] == s["text"], (r["id"], s)
            assert s["text"] == s["text"].strip() and s["text"], (r["id"], s)
        for s in r["spans"]:
            assert s["category"] in corpus.CATEGORIES, s
        for k in r["keep"]:
            assert k["category"] == "KEEP"
        ordered = sorted(marks, key=lambda s: (s["start"], s["end"]))
        for a, b in zip(ordered, ordered[1:]):
            assert a["end"] <= b["start"], (r["id"], a, b)


def test_titles_and_labels_outside_particles_and_initials_inside(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            if s["category"] == "PERSOON":
                assert not TITLES.match(s["text"]), (r["id"], s["text"])
                # a span ends at a word's end and starts at a word's start
                before = text[s["start"] - 1] if s["start"] else " "
                after = text[s["end"]] if s["end"] < len(text) else " "
                assert not before.isalnum() and not after.isalnum(), (r["id"], s["text"])
                # no particle left between a title, initial or given name and the span
                assert not re.search(
                    r"\b[A-Z][\w.]*\s(van|de|der|den|ter|in 't|'t)\s$", text[max(0, s["start"] - 20) : s["start"]]
                ), (
                    r["id"],
                    s["text"],
                )
                # no initial left just before the span
                assert not re.search(r"\b[A-Z]\.\s?$", text[max(0, s["start"] - 3) : s["start"]]) or re.search(
                    r"(dr|mr|ir|hr|mw)\.\s?$", text[max(0, s["start"] - 4) : s["start"]], re.I
                ), (r["id"], s["text"])
            if s["category"] in DIRECT:
                assert not LABELS.match(s["text"]), (r["id"], s["text"])


def test_checksums(records):
    bsns = ibans = 0
    for r in records:
        for s in r["spans"]:
            if s["category"] == "BSN":
                raw = s["text"]
                digits = "".join(DIGIT_WORDS[w] for w in raw.split()) if raw[0].isalpha() else re.sub(r"\D", "", raw)
                assert eleven_proof(digits), s
                bsns += 1
            elif s["category"] == "IBAN":
                assert mod97(s["text"]), s
                ibans += 1
    assert bsns >= 50 and ibans >= 40


def test_checks_of_the_generator_agree():
    assert eleven_proof("111222333") and dev7_corpus.bsn_valid("111222333")
    assert not dev7_corpus.bsn_valid("111222334")
    assert dev7_corpus.iban_valid("NL91ABNA0417164300") and mod97("NL91ABNA0417164300")
    assert not dev7_corpus.iban_valid("NL91ABNA0417164301")


def test_what_the_part_measures(records):
    spans = Counter(s["category"] for r in records for s in r["spans"])
    keep = sum(len(r["keep"]) for r in records)
    direct = sum(n for c, n in spans.items() if c in DIRECT)
    assert keep >= direct
    for r in records:
        assert len(r["keep"]) >= sum(1 for s in r["spans"] if s["category"] in DIRECT), r["id"]
    assert spans["ADRES"] >= 300 and spans["PATIENTNUMMER"] >= 250 and spans["PERSOON"] >= 900
    texts = "\n".join(r["text"] for r in records)
    for form in ("p/a ", "Postbus ", "t/o ", "apenstaartje", "(at)", "geboren ", "#"):
        assert form in texts, form
