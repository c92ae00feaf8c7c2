"""The ninety-ninth development part (locums, handovers and duty rosters): the committed file is its generator's
output, draws follow the seed, spans are exact, and the identifiers in it pass checks written here, not imported
from the generator."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev99_corpus
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev99_corpus.PATH.read_text(encoding="utf-8").splitlines()]


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def _elfproef(nine: str) -> bool:
    # second hand: weights 9..2 on the first eight digits, the ninth counted negative
    total = 0
    for pos, ch in enumerate(nine[:8]):
        total += (9 - pos) * int(ch)
    return len(nine) == 9 and (total - int(nine[8])) % 11 == 0


def _mod97(iban: str) -> bool:
    # second hand: move the first four characters to the end, letters to 10..35, remainder by pieces
    s = "".join(c for c in iban if c.isalnum()).upper()
    s = s[4:] + s[:4]
    rest = 0
    for c in s:
        for d in str(int(c, 36)):
            rest = (rest * 10 + int(d)) % 97
    return rest == 1


def test_committed_file_is_the_generator_output(records):
    assert dev99_corpus.PATH.name == "dev99.jsonl"
    assert dev99_corpus.DEFAULT_SEED == 20270499
    text = dev99_corpus.PATH.read_text(encoding="utf-8")
    assert text == corpus_file.dumps(dev99_corpus.generate(240, 20270499))
    assert len(records) == 240


def test_deterministic_and_seeded():
    a = dev99_corpus.generate(40, 7)
    assert a == dev99_corpus.generate(40, 7)
    assert a != dev99_corpus.generate(40, 8)
    assert [r["kind"] for r in a] == [r["kind"] for r in dev99_corpus.generate(40, 8)]


def test_fields_kinds_and_ids(records):
    annotated_parts.assert_fields_and_kinds(records, dev99_corpus.KINDS, 24)
    assert [r["id"] for r in records] == [f"dev99-{i:04d}" for i in range(240)]
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", k) for k in dev99_corpus.KINDS)


def test_spans_exact_disjoint_and_on_word_bounds(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    for r in records:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not t[a - 1].isalnum(), (r["id"], s)
            assert b == len(t) or not t[b].isalnum(), (r["id"], s)


def test_bsns_pass_the_elfproef(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 15
    for b in bsns:
        assert _elfproef(_digits(b)), b
        assert annotated_parts.bsn_ok(_digits(b))


def test_ibans_pass_mod97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 30
    lengths = {"NL": 18, "BE": 16, "DE": 22}
    for i in ibans:
        assert _mod97(i), i
        assert annotated_parts.iban_ok(i, lengths), i
    assert any(i.startswith("BE") for i in ibans) and any(i.startswith("nl") for i in ibans)
    assert any("\u202f" in i for i in ibans)


def test_provider_numbers(records):
    # AGB codes are 8 digits of a dentist (12...), BIG-register numbers 11 digits ending in the dentist's 02
    for r in records:
        for s in r["spans"]:
            n = _digits(s["text"])
            if s["category"] == "AGB":
                assert (len(n) == 8 and n.startswith("12")) or (len(n) == 11 and n.endswith("02")), s
            if s["category"] == "UZI":
                assert len(n) == 9 and n.startswith("9000"), s


def test_phones_have_a_full_number(records):
    for r in records:
        for s in r["spans"]:
            if s["category"] == "TELEFOON":
                n = _digits(s["text"])
                assert len(n) in (10, 11, 12, 13) and (n.startswith("0") or s["text"].startswith("+")), s


def test_categories_and_counts(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert set(counts) == {
        "PERSOON",
        "BSN",
        "TELEFOON",
        "EMAIL",
        "IBAN",
        "ADRES",
        "POSTCODE",
        "LOCATIE",
        "GEBOORTEDATUM",
        "DATUM",
        "LEEFTIJD",
        "PATIENTNUMMER",
        "AGB",
        "UZI",
        "POLISNUMMER",
        "URL",
        "INSTELLING",
    }
    assert counts["PERSOON"] > 1000 and counts["TELEFOON"] > 250 and counts["PATIENTNUMMER"] > 100
    assert sum(len(r["keep"]) for r in records) > 500
    # every text names at least one person
    assert all(any(s["category"] == "PERSOON" for s in r["spans"]) for r in records)


def test_what_is_particular_to_this_part(records):
    persons = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    # staff marks: initials with a lower-case particle letter inside (JdV, RvdM)
    assert any(re.fullmatch(r"[A-Z][a-z]{1,3}[A-Z]", p) for p in persons)
    # surname first with the particle last, and a particle with an apostrophe kept inside the span
    assert any(re.fullmatch(r"[^,]+, [^,]+ (de|van der|van den|ter|ten|in 't|van 't)", p) for p in persons)
    assert any("'t" in p for p in persons)
    # names lower case in chat, names in capitals in lists
    assert any(p.islower() for p in persons) and any(p.isupper() and len(p) > 4 for p in persons)
    texts = [r["text"] for r in records]
    # a Flemish date of birth after the degree sign, no-break and zero-width spaces in identifiers
    assert any("° " in t for t in texts)
    assert any(
        s["category"] == "GEBOORTEDATUM" and r["text"][s["start"] - 2 : s["start"]] == "° "
        for r in records
        for s in r["spans"]
    )
    spans = [s["text"] for r in records for s in r["spans"]]
    assert any("\u00a0" in s for s in spans) and any("\u200b" in s for s in spans)
    # clinical strings that look like names stay keep
    keep = {k["text"] for r in records for k in r["keep"]}
    for word in ("Miller klasse 2", "Angle klasse II", "Kennedy klasse III", "Root ZX", "Fuji Plus", "M. Crohn"):
        assert word in keep, word
    # no keep string is also annotated as personal data
    assert not keep & set(spans)


def test_kinds_have_their_own_layouts(records):
    by_kind: dict[str, set[str]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], set()).add(r["text"].split("\n", 1)[0][:10])
    assert all(len(openings) >= 2 for openings in by_kind.values()), by_kind
