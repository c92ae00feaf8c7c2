"""Evaluation part dev111 (messages through translation apps and interpreters): the committed file is what the
generator writes, its annotations keep the contract, and the theme's notations are there."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus, corpus_file, dev111_corpus
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev111_corpus.generate()


def _spans(records: list[dict], category: str) -> list[dict]:
    return [s for r in records for s in r["spans"] if s["category"] == category]


def test_committed_file_is_the_generators_output(records):
    assert dev111_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_deterministic_with_the_seed(records):
    assert dev111_corpus.generate(seed=dev111_corpus.DEFAULT_SEED) == records
    assert dev111_corpus.generate(seed=dev111_corpus.DEFAULT_SEED + 1) != records


def test_fields_kinds_and_ids(records):
    assert len(records) == dev111_corpus.DEFAULT_RECORDS == 240
    assert len(dev111_corpus.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, dev111_corpus.KINDS, 240 // len(dev111_corpus.KINDS))
    assert [r["id"] for r in records] == [f"dev111-{i:04d}" for i in range(240)]


def test_spans_exact_disjoint_and_on_word_bounds(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] > 0 else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s)


def test_bsns_pass_the_11_proef_by_both_hands(records):
    bsns = _spans(records, corpus.BSN)
    assert bsns
    for s in bsns:
        digits = dev111_corpus.plain_digits(s["text"])
        assert annotated_parts.bsn_ok(digits), s
        assert dev111_corpus.bsn_valid(digits), s


def test_ibans_pass_mod_97_by_both_hands(records):
    ibans = _spans(records, corpus.IBAN)
    assert ibans
    for s in ibans:
        assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", s["text"]), dev111_corpus.IBAN_LENGTHS), s
        assert dev111_corpus.iban_valid(s["text"]), s
    countries = {s["text"][:2].upper() for s in ibans}
    assert "NL" in countries and len(countries) >= 2


def test_category_counts_are_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert counts == {
        "PERSOON": 864,
        "DATUM": 278,
        "TELEFOON": 204,
        "INSTELLING": 141,
        "GEBOORTEDATUM": 126,
        "LOCATIE": 113,
        "ADRES": 85,
        "POSTCODE": 85,
        "UZI": 68,
        "PATIENTNUMMER": 68,
        "EMAIL": 39,
        "BSN": 31,
        "IBAN": 24,
        "AGB": 20,
        "LEEFTIJD": 20,
        "POLISNUMMER": 19,
    }
    assert sum(counts.values()) == 2185
    assert sum(len(r["keep"]) for r in records) == 295
    direct = sum(n for c, n in counts.items() if c in corpus.DIRECT_IDENTIFIERS)
    assert direct == 1526


def test_translated_names_honorifics_and_scripts(records):
    persons = _spans(records, corpus.PERSOON)
    meanings = {n.meaning for n in dev111_corpus.GIVEN if n.meaning}
    translated = [s for s in persons if s["text"].split()[0] in meanings]
    assert len(translated) >= 15
    # honorifics stay outside the name: 'Mister Ahmed', 'sister Fatima', 'Mehmet Bey', 'Shirin khanom'
    before = ("Mister ", "sister ", "Ato ", "pani ", "pan ", "Hajji ", "Xaaji ", "Agha ", "W/ro ", "Eedo ")
    after = (" Bey", " Hanım", " hanim", " khanom", " jan", " xiansheng", " nüshi", " abla", " amca")
    seen_before = seen_after = 0
    for r in records:
        for s in r["spans"]:
            if s["category"] != corpus.PERSOON:
                continue
            assert not s["text"].startswith(before) and not s["text"].endswith(after), s
            seen_before += r["text"][: s["start"]].endswith(before)
            seen_after += r["text"][s["end"] :].startswith(after)
    assert seen_before >= 10 and seen_after >= 5
    scripts = {
        "arabic": re.compile("[\u0600-\u06ff]"),
        "cyrillic": re.compile("[\u0400-\u04ff]"),
        "han": re.compile("[\u4e00-\u9fff]"),
    }
    for name, pattern in scripts.items():
        assert any(pattern.search(s["text"]) for s in persons), name


def test_transliteration_variants_of_one_name_in_one_text(records):
    groups = [n.variants for n in dev111_corpus.GIVEN if len(n.variants) > 1]
    with_variants = 0
    for r in records:
        words = {w for s in r["spans"] if s["category"] == corpus.PERSOON for w in s["text"].split()}
        if any(len(words & set(g)) >= 2 for g in groups):
            with_variants += 1
    assert with_variants >= 40


def test_foreign_date_notations(records):
    dates = [s["text"] for r in records for s in r["spans"] if s["category"] in (corpus.DATUM, corpus.GEBOORTEDATUM)]
    assert any("年" in d for d in dates)
    assert any(re.search("[٠-٩]", d) for d in dates)  # Arabic-Indic digits
    assert any(re.match("[۰-۹]{4}/", d) for d in dates)  # Solar Hijri year in Persian digits
    assert any(
        re.search(r"\d (Mart|Nisan|Mayıs|Haziran|Ocak|Şubat|Temmuz|Ağustos|Eylül|Ekim|Kasım|Aralık) ", d) for d in dates
    )
    assert any(re.search(r"\d [a-ząęółśżźćń]+a \d{4}$", d) and not re.search("maart|januari", d) for d in dates)
    assert any(re.search("[\u0400-\u04ff]", d) for d in dates)
    assert any(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", d) for d in dates)
    for s in _spans(records, corpus.GEBOORTEDATUM):
        assert re.search(r"\d", s["text"]), s


def test_identifier_notations_of_issue_17(records):
    ids = [
        s["text"]
        for r in records
        for s in r["spans"]
        if s["category"] in (corpus.BSN, corpus.TELEFOON, corpus.IBAN, corpus.POSTCODE)
    ]
    for mark in (dev111_corpus.NBSP, dev111_corpus.NNBSP, dev111_corpus.ZWSP, dev111_corpus.SHY):
        assert any(mark in t for t in ids), repr(mark)
    assert any(re.search("[０-９]", t) for t in ids)
    assert any(re.search("[٠-٩]", t) for t in _spans_text(records, corpus.TELEFOON))
    assert any(t.startswith("+291") or t.startswith("+２９１") for t in _spans_text(records, corpus.TELEFOON))


def _spans_text(records: list[dict], category: str) -> list[str]:
    return [s["text"] for s in _spans(records, category)]


def test_interpreter_numbers_and_staff_marks(records):
    """Interpreter numbers are a professional's number (UZI); staff initials are names."""
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.UZI:
                assert re.search(r"(tolk|nummer|ID|code)[^\n]{0,12}$", r["text"][: s["start"]]), (r["id"], s)
    marks = [
        s["text"] for s in _spans(records, corpus.PERSOON) if re.fullmatch(r"[A-Z][a-z]{0,3}[A-Z]{1,2}", s["text"])
    ]
    assert len(marks) >= 30
