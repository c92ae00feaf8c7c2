"""The ninety-eighth development part (cosmetic dentistry at a smile studio): the committed file is its generator's
output, the generator is deterministic and seeded, spans are exact, trimmed, disjoint and on word bounds, and the
identifiers pass checksums written here by a second hand."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import dev98_corpus as part
from fixtures.text.corpus_file import dumps
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


def _digits(s: str) -> str:
    """The digits of ``s`` in ASCII, whatever script or width they are typed in; everything else dropped."""
    return "".join(str(unicodedata.digit(c)) for c in s if unicodedata.digit(c, None) is not None)


def _elfproef(number: str) -> bool:
    # written apart from the generator: weights 9..2 on the first eight digits, minus the ninth
    total = 0
    for pos, ch in enumerate(number[:8]):
        total += (9 - pos) * int(ch)
    return len(number) == 9 and (total - int(number[8])) % 11 == 0


def _mod97(iban: str) -> bool:
    # written apart from the generator: piecewise remainder over the rearranged string, letters as 10..35
    s = "".join(c for c in unicodedata.normalize("NFKC", iban) if c.isalnum()).upper()
    rest = 0
    for c in s[4:] + s[:4]:
        value = str(ord(c) - ord("A") + 10) if c.isalpha() else c
        for d in value:
            rest = (rest * 10 + int(d)) % 97
    return rest == 1


def test_docstring_names_the_part():
    first = part.__doc__.splitlines()[0]
    assert first.startswith("The ninety-eighth development part (``eval/text/dev98.jsonl``): ")
    assert part.PATH.name == "dev98.jsonl" and part.DEFAULT_SEED == 20270498


def test_committed_file_is_the_generator_output(records):
    assert part.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert part.generate(240, 20270498) == records
    other = part.generate(240, 20270499)
    assert [r["text"] for r in other] != [r["text"] for r in records]
    assert len(part.generate(36, 7)) == 36


def test_contract(records):
    assert len(records) == 240
    assert [r["id"] for r in records] == [f"dev98-{i:04d}" for i in range(240)]
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, 20)
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds(records):
    for r in records:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not t[a - 1].isalnum(), (r["id"], s)
            assert b == len(t) or not t[b].isalnum(), (r["id"], s)


def test_bsns_pass_the_elfproef(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 10
    for b in bsns:
        d = _digits(b)
        assert _elfproef(d), b
        assert annotated_parts.bsn_ok(d) and part.bsn_valid(d)


def test_ibans_pass_mod97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 30
    lengths = {"NL": 18, "BE": 16, "DE": 22}
    for i in ibans:
        assert _mod97(i), i
        assert annotated_parts.iban_ok(i, lengths) and part.iban_valid(i)
    countries = {re.sub(r"\W", "", i)[:2].upper() for i in ibans}
    assert "NL" in countries and len(countries) >= 2


def test_second_hand_checks_reject_bad_numbers():
    assert _elfproef("111222333") and not _elfproef("111222334")
    assert _mod97("NL91ABNA0417164300") and not _mod97("NL91ABNA0417164301")


def test_categories_and_counts(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    for cat in ("PERSOON", "BSN", "TELEFOON", "EMAIL", "IBAN", "ADRES", "POSTCODE", "LOCATIE", "GEBOORTEDATUM"):
        assert counts[cat] > 0, cat
    for cat in ("DATUM", "LEEFTIJD", "PATIENTNUMMER", "AGB", "UZI", "POLISNUMMER", "URL", "INSTELLING"):
        assert counts[cat] > 0, cat
    assert counts["PERSOON"] > 800
    assert sum(len(r["keep"]) for r in records) > 800
    assert all(r["keep"] for r in records)


def test_labels_and_titles_stay_outside(records):
    for r in records:
        for s in r["spans"]:
            low = s["text"].lower()
            assert not low.startswith(("dhr.", "mw.", "bsn", "tel", "iban", "patiënt", "pnr", "agb")), (r["id"], s)
            if s["category"] == "PERSOON":
                assert not s["text"].startswith("/"), (r["id"], s)


def test_clinical_strings_are_kept(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    joined = "\n".join(keep)
    for shade in ("A2", "BL1", "BL2", "OM1"):
        assert shade in keep, shade
    assert "10% carbamideperoxide" in keep
    assert re.search(r"^elementen \d\d", joined, re.M)
    assert {"E97", "C13"} <= set(keep)
    assert any(k.startswith("tray ") for k in keep)
    assert not any("@" in k for k in keep)


def test_social_handles_and_studio_accounts(records):
    handles = [s for r in records for s in r["spans"] if s["text"].startswith("@")]
    assert {s["category"] for s in handles} == {"PERSOON", "INSTELLING"}
    dm = [r for r in records if r["kind"] == "dm_chat"]
    assert all(any(s["category"] == "INSTELLING" for s in r["spans"]) or "@" in r["text"] for r in dm)


def test_notations_of_the_part(records):
    spans = [s["text"] for r in records for s in r["spans"]]
    assert any("\u00a0" in s for s in spans)
    assert any("\u200b" in s for s in spans)
    assert any("\u202f" in s for s in spans)
    assert any("\u00ad" in s for s in spans)
    assert any(any("\uff10" <= c <= "\uff19" for c in s) for s in spans)
    persons = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    assert any(re.fullmatch(r"[^,]+, \S+ (van der|van|in 't|ter|ten|van den|op de)", p) for p in persons)
    assert any(p.isupper() and " " in p for p in persons)
    assert any(p.islower() and " " in p for p in persons)
    assert any(re.fullmatch(r"[A-Z][a-z]{0,3}[A-Z]", p) for p in persons)  # staff marks like FvdM


def test_own_lists_vary_in_origin():
    surnames = part.SURNAMES
    for name in ("Öztürk", "Tesfamariam", "Kromowidjojo", "El Idrissi", "Shevchenko", "in 't Veld", "Hiemstra"):
        assert name in surnames
    assert len(set(surnames)) == len(surnames)
    assert len(set(part.FEMALE)) == len(part.FEMALE) and len(set(part.MALE)) == len(part.MALE)
    assert {"Roos", "Merel", "Lente"} <= set(part.FEMALE)
