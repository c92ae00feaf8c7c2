"""dev114: a dental group's reviews, social-media messages, complaint files, consent lists and influencer mail."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev114_corpus
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev114_corpus.generate()


def test_committed_file_is_the_generators_output(records):
    assert dev114_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_seeded():
    a = dev114_corpus.generate(24, seed=7)
    assert a == dev114_corpus.generate(24, seed=7)
    assert a != dev114_corpus.generate(24, seed=8)
    assert dev114_corpus.DEFAULT_SEED == 20270514 and dev114_corpus.DEFAULT_RECORDS == 240


def test_fields_kinds_and_spans(records):
    assert len(records) == 240 and len(dev114_corpus.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, dev114_corpus.KINDS, 20)
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and before != "_", (r["id"], s)
            assert not after.isalnum() and after != "_", (r["id"], s)


TITLE = re.compile(
    r"^(dhr|mw|mevr|mevrouw|meneer|de heer|dr|dokter|tandarts|assistente?|mondhygi[eë]nist[e]?|fam|team|namens)\b",
    re.IGNORECASE,
)
LABEL = re.compile(
    r"^(bsn|burgerservicenummer|tel|agb|uzi|polis|patnr|pt\.|patiënt|iban|e-mail|geb|adres)\b", re.IGNORECASE
)


def test_titles_and_labels_outside_spans(records):
    for r in records:
        for s in r["spans"]:
            assert not LABEL.match(s["text"]), (r["id"], s)
            if s["category"] == "PERSOON":
                assert not TITLE.match(s["text"]), (r["id"], s)


def _bsn_by_hand(digits: str) -> bool:
    """The 11-proef written out: weights 9..2 on the first eight digits, minus the last, divisible by 11."""
    total = 0
    for position, char in enumerate(digits[:8]):
        total += int(char) * (9 - position)
    return len(digits) == 9 and (total - int(digits[8])) % 11 == 0


def _iban_by_hand(value: str) -> bool:
    """Mod-97 the long way: move the first four characters to the end, letters to numbers, reduce piece by piece."""
    compact = "".join(ch for ch in value if ch.isalnum()).upper()
    lengths = {"NL": 18, "BE": 16}
    if lengths.get(compact[:2]) != len(compact):
        return False
    rest = 0
    for ch in compact[4:] + compact[:4]:
        for digit in str(ord(ch) - ord("A") + 10) if ch.isalpha() else ch:
            rest = (rest * 10 + int(digit)) % 97
    return rest == 1


def test_bsn_and_iban_checksums_by_two_hands(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(bsns) >= 20 and len(ibans) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert annotated_parts.bsn_ok(digits), b
        assert _bsn_by_hand(digits), b
    for i in ibans:
        assert annotated_parts.iban_ok(i, {"NL": 18, "BE": 16}), i
        assert _iban_by_hand(i), i
    assert any(re.sub(r"\W", "", i).upper().startswith("BE") for i in ibans)


CATEGORY_COUNTS = {
    "ADRES": 34,
    "AGB": 11,
    "BSN": 22,
    "DATUM": 595,
    "EMAIL": 318,
    "GEBOORTEDATUM": 64,
    "IBAN": 22,
    "INSTELLING": 306,
    "LEEFTIJD": 81,
    "LOCATIE": 212,
    "PATIENTNUMMER": 75,
    "PERSOON": 1720,
    "POLISNUMMER": 17,
    "POSTCODE": 34,
    "TELEFOON": 173,
    "URL": 52,
    "UZI": 6,
}
KEEP_COUNT = 269


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(sorted(counts.items())) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


def _spans(records: list[dict], category: str | None = None) -> list[dict]:
    return [s for r in records for s in r["spans"] if category is None or s["category"] == category]


def test_theme_handles_display_names_and_brands(records):
    """The notations of reputation work: handles, display names, brand accounts and hashtags, platforms."""
    practice_handles = {p.handle for p in dev114_corpus.PRACTICES}
    brand_tags = {"#" + p.hashtag for p in dev114_corpus.PRACTICES}
    person_handles = [s["text"] for s in _spans(records, "PERSOON") if s["text"].startswith("@")]
    assert len(person_handles) >= 100
    for h in person_handles:
        assert re.fullmatch(r"@[a-z0-9._]{2,30}", h), h
        assert h[1:] not in practice_handles
    institutions = [s["text"] for s in _spans(records, "INSTELLING")]
    assert {t for t in institutions if t.startswith("#")} <= brand_tags
    assert sum(t.lstrip("@") in practice_handles for t in institutions) >= 40
    assert sum(t in brand_tags for t in institutions) >= 20
    # a person's handle written without its @ (a DM's sender line, a comment's author) is still the person
    bare = [s for s in _spans(records, "PERSOON") if re.fullmatch(r"[a-z0-9._]*[._][a-z0-9._]*", s["text"])]
    assert len(bare) >= 50
    # display names in mathematical letters are names; emoji and stars never are
    fancy = [s for s in _spans(records, "PERSOON") if any(0x1D400 <= ord(c) <= 0x1D7FF for c in s["text"])]
    assert len(fancy) >= 10
    for s in _spans(records):
        assert not any(unicodedata.category(c) in ("So", "Sk") for c in s["text"]), s
        assert "★" not in s["text"] and "⭐" not in s["text"]
    # generic hashtags and platforms stay unannotated (a URL or a platform's no-reply address may name one)
    texts = "\n".join(r["text"] for r in records)
    for tag in ("#flossen", "#voorenna", "#samenwerking", "#mondzorg"):
        assert tag in texts
    for s in _spans(records):
        if s["category"] not in ("URL", "EMAIL"):
            assert not re.search(r"google|instagram|facebook|zorgkaart|tiktok", s["text"], re.IGNORECASE), s


def test_theme_messages_and_files(records):
    """Phones typed in DMs, e-mails around spam filters, complaint files, consent dates, insurers kept."""
    phones = [s["text"] for s in _spans(records, "TELEFOON")]
    assert any("\u00a0" in p for p in phones)
    assert any(p.startswith("+31") for p in phones) and any(p.startswith("0031") for p in phones)
    mails = [s["text"] for s in _spans(records, "EMAIL")]
    assert any(re.search(r" \[at\] | at |\(at\)| @ ", m) for m in mails)
    numbers = [s["text"] for s in _spans(records, "PATIENTNUMMER")]
    assert sum(bool(re.fullmatch(r"KD?L?-20\d\d-\d{4}", n)) for n in numbers) >= 15
    assert any(re.fullmatch(r"\d{4}/\d\d/\d\d", s["text"]) for s in _spans(records, "DATUM"))  # a form's timestamp
    assert any(", " in s["text"] for s in _spans(records, "PERSOON"))  # 'Surname, Given'
    ages = [s["text"] for s in _spans(records, "LEEFTIJD")]
    assert any(a.endswith("years") or a.endswith("y/o") or a.endswith("-year-old") for a in ages)
    assert any(re.fullmatch(r"\d+jr", a) for a in ages)
    kept = [k["text"] for r in records for k in r["keep"]]
    assert any(k in kept for k in ("VGZ", "CZ", "Menzis", "DSW", "Zilveren Kruis"))
    assert any(re.fullmatch(r"facings \d\d-\d\d", k) for k in kept)
    assert any(re.fullmatch(r"(kies|element|de|tand) \d\d", k) for k in kept)
    # no clinical string is part of a gold span, and element numbers are never read as dates
    for r in records:
        for k in r["keep"]:
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"])
