"""The forty-first development part (``eval/text/dev41.jsonl``, the practice's computer systems as text): the committed
file is what its generator writes, ids are unique, every span is exact and disjoint, BSNs pass the 11-proef and IBANs
mod-97, logins built from names and display names occur in the shapes the part promises, and every kind holds its
share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev41_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs)\.?\s|^(tandarts|collega|de heer|mevrouw)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev41_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev41_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_generator_is_deterministic(records):
    assert dev41_corpus.generate(20, 7) == dev41_corpus.generate(20, 7)


def test_record_fields_and_kinds(records):
    assert len(records) == dev41_corpus.DEFAULT_RECORDS == 240
    assert dev41_corpus.DEFAULT_SEED == 20270441
    assert_fields_and_kinds(records, dev41_corpus.KINDS, 240 // len(dev41_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds_and_names_without_titles(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            iso_t = s["category"] == corpus.DATUM and text[s["end"] : s["end"] + 1] == "T"  # 2024-03-12T09:14
            assert s["end"] == len(text) or not text[s["end"]].isalnum() or iso_t, (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":", "@")) and not s["text"].startswith("@"), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 25
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev41_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .-]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 15
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev41_corpus.iban_valid(i), i
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev41_corpus.bsn_valid("123456782") and not dev41_corpus.bsn_valid("123456788")
    assert dev41_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev41_corpus.iban_valid("NL92ABNA0417164300")


def test_logins_as_the_theme_promises(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1500
    logins = [n for n in names if " " not in n and (n.islower() or n.isupper() or "_" in n or "." in n)]
    assert len(logins) >= 500
    assert any(re.fullmatch(r"[a-z]\.[a-z]+", n) for n in logins)  # a.bakker
    assert any(re.fullmatch(r"[a-z]\.[a-z]+\d", n) for n in logins)  # s.yilmaz2: digit glued, whole login
    assert any(re.fullmatch(r"[A-Z]+_[A-Z]", n) for n in logins)  # KOK_A
    assert any(re.fullmatch(r"[a-z]+\.[a-z]+", n) and len(n.split(".")[0]) > 1 for n in logins)  # anouk.devries
    assert any(re.fullmatch(r"[a-z]+0\d", n) for n in logins)  # jdevries01
    texts = "\n".join(r["text"] for r in records)
    # a delimited prefix stays outside the name
    for prefix in ("PRAKTIJK\\", "adm_", "ext-"):
        assert prefix in texts, prefix
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                assert not s["text"].startswith(("PRAKTIJK\\", "TP\\", "adm_", "adm-", "ext-")), s
    # a login in brackets after its owner's name: two spans
    two = 0
    for r in records:
        spans = sorted(r["spans"], key=lambda s: s["start"])
        for a, b in zip(spans, spans[1:]):
            between = r["text"][a["end"] : b["start"]]
            if a["category"] == b["category"] == corpus.PERSOON and between == " (" and " " in a["text"]:
                two += 1
    assert two >= 40
    # system accounts are not annotated
    assert "svc_backup" in texts and "svc_backup" not in names and "balie2" not in names
    # chat senders and display names in headers
    assert re.search(r"^\[\d\d:\d\d\] [a-z]", texts, re.M)
    assert re.search(r'^(Van|From): "[^"]+, [^"]+" <', texts, re.M)
    assert any(
        re.fullmatch(
            r"[A-ZÇÖŞ][\w'-]+( [\w'-]+)*, [A-Z]\w+ (de|van|van den|van der|ter|in 't|van 't|op den|dos|da|El)", n
        )
        for n in names
    )


def test_identifiers_and_sizes(records):
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    phones = _spans(records, corpus.TELEFOON)
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 15, p
    assert any(p.startswith("+31") for p in phones) and any(p.startswith("06") for p in phones)
    assert any(p.startswith(("+32", "+49", "+90", "+212", "+48", "+597", "+599", "0044")) for p in phones)
    postcodes = _spans(records, corpus.POSTCODE)
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    for u in _spans(records, corpus.URL):
        assert u.startswith("https://"), u
    texts = "\n".join(r["text"] for r in records)
    assert "06-****" in texts  # masked numbers stay unannotated
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1500,
        corpus.DATUM: 400,
        corpus.EMAIL: 300,
        corpus.PATIENTNUMMER: 200,
        corpus.TELEFOON: 200,
        corpus.GEBOORTEDATUM: 60,
        corpus.INSTELLING: 60,
        corpus.AGB: 40,
        corpus.ADRES: 40,
        corpus.POSTCODE: 40,
        corpus.UZI: 15,
        corpus.BSN: 25,
        corpus.IBAN: 15,
        corpus.LEEFTIJD: 20,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    assert sum(categories.values()) >= 3000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 400
    assert any(re.fullmatch(r"(element|elem\.|kies|tand) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d\d?", k) for k in keep)
    assert any(re.search(r"\d mg$", k) for k in keep) and any(k.startswith("DPSI") for k in keep)
