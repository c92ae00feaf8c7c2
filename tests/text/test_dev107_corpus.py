"""Evaluation part dev107 (chat and phone text at a dental practice): the committed file is its generator's output,
the annotation holds the contract, and the part's own notations (lower-case names, staff marks, emoji, dictation,
autocorrect, the notations of issue 17) are there."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev107_corpus
from tests.text import annotated_parts

PER_KIND = dev107_corpus.DEFAULT_RECORDS // len(dev107_corpus.KINDS)

CATEGORY_COUNTS = {
    "ADRES": 52,
    "AGB": 15,
    "BSN": 34,
    "DATUM": 200,
    "EMAIL": 50,
    "GEBOORTEDATUM": 61,
    "IBAN": 19,
    "INSTELLING": 82,
    "LEEFTIJD": 74,
    "LOCATIE": 85,
    "PATIENTNUMMER": 17,
    "PERSOON": 1563,
    "POLISNUMMER": 11,
    "POSTCODE": 27,
    "TELEFOON": 199,
    "URL": 6,
    "UZI": 8,
}
KEEP_COUNT = 670

FORMAT_CHARACTERS = {"\u00a0": "no-break space", "\u202f": "narrow no-break space", "\u200b": "zero-width space"}
FORMAT_CHARACTERS["\u00ad"] = "soft hyphen"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev107_corpus.PATH.read_text(encoding="utf-8").splitlines()]


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _plain(text: str) -> str:
    """Digits as ASCII, format characters and separators gone: what the checksums are computed on."""
    out = []
    for c in text:
        if unicodedata.category(c) == "Nd":
            out.append(str(unicodedata.digit(c)))
        elif c.isascii() and c.isalnum():
            out.append(c)
    return "".join(out)


def test_committed_file_is_the_generators_output(records):
    assert dev107_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(dev107_corpus.generate())
    assert len(records) == dev107_corpus.DEFAULT_RECORDS == 240
    assert [r["id"] for r in records] == [f"dev107-{i:04d}" for i in range(240)]


def test_deterministic_with_the_seed():
    assert dev107_corpus.generate(36, seed=7) == dev107_corpus.generate(36, seed=7)
    assert dev107_corpus.generate(36, seed=7) != dev107_corpus.generate(36, seed=8)
    assert dev107_corpus.generate(24) == dev107_corpus.generate()[:24]


def test_fields_kinds_and_spans(records):
    assert len(dev107_corpus.KINDS) == 12 and PER_KIND == 20
    annotated_parts.assert_fields_and_kinds(records, dev107_corpus.KINDS, PER_KIND)
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_and_clinical_strings_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s)


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


def test_bsns_pass_the_11_proef_twice(records):
    bsns = _spans(records, "BSN")
    assert len(bsns) == CATEGORY_COUNTS["BSN"]
    for b in bsns:
        assert annotated_parts.bsn_ok(_plain(b)), b
        assert dev107_corpus.bsn_valid(b), b
    assert not dev107_corpus.bsn_valid("123456789")


def test_ibans_pass_mod_97_twice(records):
    ibans = _spans(records, "IBAN")
    assert {_plain(i)[:2].upper() for i in ibans} >= {"NL"}
    for i in ibans:
        assert annotated_parts.iban_ok(_plain(i), dev107_corpus.IBAN_LENGTHS), i
        assert dev107_corpus.iban_valid(i), i
    assert not dev107_corpus.iban_valid("NL00ABNA0123456789")


def test_names_mostly_lower_case_with_staff_marks_and_many_origins(records):
    names = _spans(records, "PERSOON")
    lower = [n for n in names if n == n.lower()]
    assert len(lower) > 0.6 * len(names)
    marks = {n for n in names if re.fullmatch(r"[^\W\d_]{2,4}", n) and n == n.lower()}
    assert len(marks) > 100  # jdv, kp: staff marks in lower case
    assert any(" vd " in f" {n} " or n.startswith(("vd", "v.d.", "v/d")) or n.endswith(" van d.") for n in names)
    diacritics = {c for n in names for c in n if not c.isascii() and c.isalpha()}
    assert {"ş", "ı", "ł", "ö", "ë"} <= diacritics
    origins = {v.herkomst for v in dev107_corpus.VOORNAMEN}
    assert len(origins) >= 12


def test_chat_notations(records):
    texts = {k: [r["text"] for r in records if r["kind"] == k] for k in dev107_corpus.KINDS}
    emoji = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
    assert sum(bool(emoji.search(t)) for t in records_texts(records)) > 120
    assert all(re.search(r"\bpunt\b|\bkomma\b|Punt", t) for t in texts["spraak_naar_tekst"])
    assert all(re.search(r"\*|bedoel|natuurlijk", t) for t in texts["autocorrect"])
    assert any("@" in t for t in texts["teams_kanaal"])
    # a name glued to an emoji, a mention or a correction mark
    glued = [
        (r["text"][s["start"] - 1 : s["start"]], r["text"][s["end"] : s["end"] + 1])
        for r in records
        for s in r["spans"]
        if s["category"] == "PERSOON" and s["start"]
    ]
    assert any(b == "@" for b, _ in glued) and any(b == "*" for b, _ in glued)
    assert any(a and emoji.match(a) for _, a in glued)
    # dictation writes numbers and dates out
    spoken = _spans(records, "TELEFOON") + _spans(records, "GEBOORTEDATUM")
    assert any("nul zes" in s for s in spoken) and any("negentien" in s for s in spoken)
    # autocorrect turned a name into a word; the word is still the person
    words = set(dev107_corpus.AUTOCORRECT.values())
    assert any(n.split()[-1] in words for n in _spans(records, "PERSOON"))


def records_texts(records: list[dict]) -> list[str]:
    return [r["text"] for r in records]


def test_issue_17_notations_in_identifiers(records):
    direct = [s for r in records for s in r["spans"] if s["category"] in ("TELEFOON", "BSN", "IBAN", "POSTCODE")]
    for char, name in FORMAT_CHARACTERS.items():
        assert any(char in s["text"] for s in direct), name
    assert any(any("\uff10" <= c <= "\uff19" for c in s["text"]) for s in direct), "fullwidth digits"
    glued = Counter(
        r["text"][s["start"] - 1]
        for r in records
        for s in r["spans"]
        if s["start"] and s["category"] in ("TELEFOON", "BSN", "IBAN", "PATIENTNUMMER", "EMAIL")
    )
    assert glued[":"] and glued[","] and glued["-"]


def test_clinical_shorthand_kept(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert any(re.fullmatch(r"(el\.?|elem|element|kies|de) \d\d", k) for k in keep)
    assert any(k.startswith(("DPSI", "dpsi")) for k in keep)
    assert any(re.fullmatch(r"[CMVXHERAT]\d\d\d?( \dx)?", k) for k in keep)
    assert any(re.search(r"\d ?mg", k) for k in keep)
    assert any(k.startswith(("Angle", "Miller", "Kennedy", "Black", "Pell-Gregory", "Le Fort")) for k in keep)
    assert any(k.startswith("element ") and not k[-1].isdigit() for k in keep)  # dictated: element zesendertig
    per_kind = Counter(r["kind"] for r in records if r["keep"])
    assert set(per_kind) == set(dev107_corpus.KINDS)
