"""The hundred-and-fourth development part (``eval/text/dev104.jsonl``, dental care on the Wadden islands and in the
rural north): the committed file is its generator's output, the draws are seeded, spans are exact, and the
identifiers pass their checks by the generator's hand and by this test's own."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

from fixtures.text import corpus_file, dev104_corpus
from tests.text import annotated_parts


def _records() -> list[dict]:
    return [json.loads(line) for line in dev104_corpus.PATH.read_text(encoding="utf-8").splitlines()]


def _digits(s: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", s))


def _rrn_by_hand(d: str) -> bool:
    """Belgian national number, written out again here: 97 minus the first nine digits (or '2' and them) mod 97."""
    if len(d) != 11:
        return False
    check = int(d[9:])
    return check in (97 - int(d[:9]) % 97, 97 - int("2" + d[:9]) % 97)


def test_committed_file_is_the_generator_output():
    assert dev104_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(dev104_corpus.generate())


def test_deterministic_and_seeded():
    a = dev104_corpus.generate(30, 7)
    assert a == dev104_corpus.generate(30, 7)
    assert [r["text"] for r in a] != [r["text"] for r in dev104_corpus.generate(30, 8)]
    assert dev104_corpus.DEFAULT_SEED == 20270504 and dev104_corpus.DEFAULT_RECORDS == 240


def test_contract_fields_kinds_and_spans():
    records = _records()
    assert len(records) == 240
    assert [r["id"] for r in records] == [f"dev104-{i:04d}" for i in range(240)]
    annotated_parts.assert_fields_and_kinds(records, dev104_corpus.KINDS, 24)
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_every_record_has_personal_data_and_clinical_content():
    for r in _records():
        assert r["spans"] and r["keep"], r["id"]


def test_spans_on_word_bounds():
    for r in _records():
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s, before, after)


def test_bsns_pass_the_11_proef_by_two_hands():
    bsns = rrns = 0
    for r in _records():
        for s in r["spans"]:
            if s["category"] != "BSN":
                continue
            d = _digits(s["text"])
            if len(d) == 11:
                assert _rrn_by_hand(d) and dev104_corpus.rrn_valid(s["text"]), s
                rrns += 1
            else:
                assert annotated_parts.bsn_ok(d) and dev104_corpus.bsn_valid(d), s
                bsns += 1
    assert bsns >= 40 and rrns >= 3


def test_ibans_pass_mod_97_by_two_hands():
    countries = Counter()
    for r in _records():
        for s in r["spans"]:
            if s["category"] == "IBAN":
                compact = re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", s["text"]))
                assert annotated_parts.iban_ok(s["text"], dev104_corpus.IBAN_LENGTHS), s
                assert dev104_corpus.iban_valid(compact), s
                countries[compact[:2].upper()] += 1
    assert countries["NL"] and countries["DE"] and countries["BE"]


def test_category_counts():
    counts = Counter(s["category"] for r in _records() for s in r["spans"])
    assert counts == {
        "PERSOON": 906,
        "LOCATIE": 577,
        "DATUM": 508,
        "INSTELLING": 230,
        "TELEFOON": 204,
        "GEBOORTEDATUM": 155,
        "PATIENTNUMMER": 155,
        "ADRES": 130,
        "EMAIL": 121,
        "POSTCODE": 92,
        "LEEFTIJD": 76,
        "AGB": 73,
        "BSN": 64,
        "POLISNUMMER": 59,
        "IBAN": 28,
        "URL": 9,
        "UZI": 9,
    }
    assert sum(len(r["keep"]) for r in _records()) == 1263


def test_theme_islands_dialects_and_notations():
    records = _records()
    alltext = "\n".join(r["text"] for r in records)
    for island in ("Texel", "Vlieland", "Terschelling", "Ameland", "Schiermonnikoog"):
        assert island in alltext
    streektaal = [r for r in records if r["kind"] == "telefoonnotitie_streektaal"]
    assert all("(Fries)" in r["text"] or "(Gronings)" in r["text"] for r in streektaal)
    span_text = "".join(s["text"] for r in records for s in r["spans"])
    for mark in ("\u00a0", "\u200b", "\u00ad"):  # no-break space, zero-width space, soft hyphen
        assert mark in span_text
    assert any("\uff10" <= c <= "\uff19" for c in span_text)  # fullwidth digits
    # staff marks (initials) are persons, and lower-case names occur
    persons = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    assert any(re.fullmatch(r"[A-Z][a-z]{0,3}[A-Z]", p) for p in persons)
    assert any(p.islower() for p in persons)
    # clinical eponyms stay clinical
    keep = {k["text"] for r in records for k in r["keep"]}
    assert any(k.startswith(("Ellis klasse", "Le Fort", "Miller klasse", "Angle klasse")) for k in keep)
