"""The ninety-seventh development part (``eval/text/dev97.jsonl``, an orofacial pain and TMD clinic): the committed
file is its generator's output, the draws are seeded, the gold spans are exact, and the identifiers pass checks
written here by a second hand (not the generator's)."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import dev97_corpus as part
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate()


def _digits(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def _elfproef(digits: str) -> bool:
    # second hand: weights written out from the right, last digit counted negative
    if len(digits) != 9:
        return False
    total = -int(digits[-1])
    for weight, c in zip(range(9, 1, -1), digits[:-1]):
        total += weight * int(c)
    return total % 11 == 0


def _mod97(iban: str) -> bool:
    # second hand: piecewise remainder, letters as 10..35, country and check moved to the end
    s = "".join(c for c in unicodedata.normalize("NFKC", iban) if c.isalnum()).upper()
    rest = 0
    for c in s[4:] + s[:4]:
        for d in str(ord(c) - 55) if c.isalpha() else c:
            rest = (rest * 10 + int(d)) % 97
    return rest == 1


def test_committed_file_is_the_generator_output(records):
    committed = (ROOT / part.PATH).read_text(encoding="utf-8")
    assert committed == part.render()
    assert [json.loads(line) for line in committed.splitlines()] == records


def test_deterministic_and_seeded(records):
    assert part.generate(30, part.DEFAULT_SEED) == records[:30]
    other = part.generate(30, part.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:30]]
    assert part.DEFAULT_SEED == 20270497 and part.DEFAULT_RECORDS == 240


def test_contract(records):
    assert len(records) == 240
    assert [r["id"] for r in records] == [f"dev97-{i:04d}" for i in range(240)]
    assert_fields_and_kinds(records, part.KINDS, 20)
    assert len(part.KINDS) == 12
    assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not (text[a - 1].isalnum() and text[a].isalnum()), (r["id"], s)
            assert b == len(text) or not (text[b - 1].isalnum() and text[b].isalnum()), (r["id"], s)


def test_bsns_pass_the_elfproef(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 30
    for s in bsns:
        assert _elfproef(_digits(s)), s
        assert bsn_ok(_digits(s)), s


def test_ibans_pass_mod97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 10
    for s in ibans:
        assert _mod97(s), s
        assert iban_ok(unicodedata.normalize("NFKC", s), {"NL": 18, "BE": 16, "DE": 22}), s


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
    assert counts["PERSOON"] >= 700
    assert sum(len(r["keep"]) for r in records) >= 1200
    assert all(any(s["category"] == "PERSOON" for s in r["spans"]) for r in records)
    assert all(r["keep"] for r in records)


def test_what_is_particular_to_this_part(records):
    persons = {s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"}
    keep = [k["text"] for r in records for k in r["keep"]]
    spans = [s["text"] for r in records for s in r["spans"]]
    # surnames that are Dutch words (some of the jaw itself) and given names that are words, written as names
    words = {w for n in persons for w in n.replace(",", " ").split()}
    assert {"Kaak", "Mond", "Roos", "Juni", "Iris", "Storm"} & words
    assert len({"Kaak", "Mond", "Borst", "Room", "Schaap", "Zout"} & words) >= 3
    # staff marks (KvdB-style) are names
    assert any(2 <= len(n) <= 4 and n.isalpha() and n[0].isupper() and n[-1].isupper() for n in persons)
    # names in capitals, reversed and lower case
    assert any(n.isupper() and "," in n for n in persons)
    assert any(n.islower() and " " in n for n in persons)
    # notations: no-break, narrow no-break and zero-width spaces, fullwidth digits inside identifiers
    joined = "".join(spans)
    for ch in ("\u00a0", "\u202f", "\u200b"):
        assert ch in joined, repr(ch)
    assert any("\uff10" <= c <= "\uff19" for c in joined)
    # clinical content kept: mouth opening in mm, Wilkes stages, DC/TMD axes, muscles, splints, doses
    assert any(t.endswith("mm") for t in keep)
    assert any(t.startswith("Wilkes") for t in keep)
    assert {"As I", "As II"} <= set(keep)
    assert any(t.startswith("m. masseter") for t in keep)
    assert any(t in ("Michigan-splint", "stabilisatieplaat", "MRA", "NTI-tss") for t in keep)
    assert any(" mg " in t or t.endswith(" mg") for t in keep)
    # the multidisciplinary minutes name several people each
    for r in records:
        if r["kind"] == "mdo_notulen":
            assert sum(s["category"] == "PERSOON" for s in r["spans"]) >= 5, r["id"]
