"""The seventy-sixth development part (``eval/text/dev76.jsonl``, a dental practice's shared e-mail inbox): the
committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names
carry no title, BSNs pass the 11-proef and IBANs mod-97, phones have ten digits (or a foreign prefix), addresses in
headers and quoted replies are annotated, and every kind holds clinical strings."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev76_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|collega)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev76_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev76_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev76_corpus.generate(24) == records[:24]
    other = dev76_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev76_corpus.DEFAULT_RECORDS == 240
    assert dev76_corpus.DEFAULT_SEED == 20270476
    assert len(dev76_corpus.KINDS) >= 10
    assert_fields_and_kinds(records, dev76_corpus.KINDS, 240 // len(dev76_corpus.KINDS))
    assert all(r["id"] == f"dev76-{i:04d}" for i, r in enumerate(records))


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].startswith(("'", '"')) and not s["text"].endswith((",", ":", "'", '"')), s


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev76_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev76_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 20 and len(countries) >= 2, countries
    assert any(i == i.lower() for i in ibans) and any("." in i for i in ibans)
    assert dev76_corpus.bsn_valid("123456782") and not dev76_corpus.bsn_valid("123456788")
    assert dev76_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev76_corpus.iban_valid("NL92ABNA0417164300")


def test_phones(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith(("+31", "0031")):
            national = digits[4:] if p.startswith("0031") else digits[2:]
            national = national[1:] if national.startswith("0") else national
            assert len(national) == 9, p
        elif p.startswith(("0", "(0")):
            assert len(digits) == 10, p
        else:
            assert p.startswith("+") and 10 <= len(digits) <= 13, p
    for shape in (r"06-\d{8}", r"06 \d\d \d\d \d\d \d\d", r"\+31\d{9}", r"0031\d{9}", r"\+31 \(0\)\d+ \d+",
                  r"\(0\d\d\) \d{3} \d\d \d\d", r"06\.\d\d\.\d\d\.\d\d\.\d\d", r"0\d{9}"):  # fmt: skip
        assert any(re.fullmatch(shape, p) for p in phones), shape
    assert sum(not p.startswith(("0", "(0", "+31")) for p in phones) >= 3  # foreign


def test_mail_shapes(records):
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 600 and all(re.fullmatch(r"[\w.+-]+@[\w.-]+\.[a-z]{2,}", e) for e in emails)
    assert any(e.lower().startswith(("mailer-daemon@", "postmaster@")) for e in emails)
    texts = [r["text"] for r in records]
    assert any("---------- Doorgestuurd bericht ---------" in t for t in texts)
    assert any(re.search(r"^Op .* schreef .*:$", t, re.M) for t in texts)
    assert any(re.search(r"^> ", t, re.M) for t in texts)
    assert any(" namens " in t for t in texts)
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(re.fullmatch(r"[a-z]+(_[a-z])", n) for n in names)  # in a file name
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z]\w+", n) for n in names)  # 'Achternaam, Voornaam'
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçö]", n) for n in names)
    for word_name in ("Roos", "Juni", "Mei", "Post", "Bos", "Kroon", "Winter"):
        assert any(re.search(rf"\b{word_name}\b", n) for n in names), word_name
    urls = _spans(records, corpus.URL)
    assert len(urls) >= 40 and all(u.startswith(("http", "www.")) for u in urls)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600 and sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"(element|kies|de|elem\.) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d( 2x)?", k) for k in keep)
    assert any(k.startswith("DPSI") for k in keep)
    name_like = ("Angle klasse II", "Miller klasse 2", "Kennedy klasse III", "Le Fort I", "Ellis klasse 2",
                 "M. Crohn", "Straumann BLT 4.1 x 10 mm", "Tetric EvoCeram A2", "Hedström-vijl 25 mm",
                 "Ultracain D-S forte 1:100.000")  # fmt: skip
    assert sum(k in keep for k in name_like) >= 8
    kinds = Counter()
    for r in records:
        kinds[r["kind"]] += len(r["keep"])
    assert set(kinds) == set(dev76_corpus.KINDS) and all(n >= 20 for n in kinds.values()), kinds
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 25, (category, categories[category])
    for category in (corpus.DATUM, corpus.INSTELLING, corpus.LOCATIE, corpus.URL, corpus.AGB, corpus.POLISNUMMER,
                     corpus.LEEFTIJD, corpus.UZI):  # fmt: skip
        assert categories[category] >= 10, (category, categories[category])
    assert sum(categories.values()) >= 2000
