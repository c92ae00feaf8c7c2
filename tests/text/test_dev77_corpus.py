"""The seventy-seventh development part (``eval/text/dev77.jsonl``, complaints, disputes and disciplinary law around a
dental group): the committed file is what its generator writes, ids are unique, every span is exact, disjoint and
on word bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97, phones have their digits,
identifiers come in several notations, and every kind holds clinical strings."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev77_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|klaagster|klager)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev77_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev77_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev77_corpus.generate(24) == records[:24]
    other = dev77_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev77_corpus.DEFAULT_RECORDS == 240
    assert dev77_corpus.DEFAULT_SEED == 20270477
    assert len(dev77_corpus.KINDS) >= 10
    assert_fields_and_kinds(records, dev77_corpus.KINDS, 240 // len(dev77_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["id"] == f"dev77-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev77_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 80
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev77_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 50 and len(countries) == 3, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i and "." not in i for i in ibans)
    assert any("." in i for i in ibans)

    assert dev77_corpus.bsn_valid("123456782") and not dev77_corpus.bsn_valid("123456788")
    assert dev77_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev77_corpus.iban_valid("NL92ABNA0417164300")
    assert dev77_corpus.iban_valid("BE68 5390 0754 7034") and dev77_corpus.iban_valid("DE89370400440532013000")


def test_phones(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith(("+31", "0031")):
            national = digits[4:] if digits.startswith("0031") else digits[2:]
            national = national[1:] if national.startswith("0") else national
            assert len(national) == 9 and national[0] != "0", p
        elif p.startswith(("0", "(0")):
            assert len(digits) == 10, p
        else:
            assert p.startswith("+") and 10 <= len(digits) <= 13, p
    for shape in (r"06-\d{8}", r"06 \d\d \d\d \d\d \d\d", r"\+31 6 \d{4} \d{4}", r"\+31\d{9}", r"0031 6 \d{8}",
                  r"\(0\d\d\) \d{3} \d\d \d\d", r"\+31 \(0\)\d+ \d+ \d+", r"0\d{9}", r"088[ -].*"):  # fmt: skip
        assert any(re.fullmatch(shape, p) for p in phones), shape
    assert any(p.startswith(("+32", "+49", "+90", "+48")) for p in phones)


def test_addresses_postcodes_and_dates(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 150
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 150
    assert any(a.startswith("Postbus ") for a in addresses) and any(a.startswith("Laan van ") for a in addresses)
    assert any(re.search(r"\d(-II| bis| zw|[aB])$", a) for a in addresses)
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months = "|".join(("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
                       "oktober", "november", "december"))  # fmt: skip
    for shape in (r"\d\d-\d\d-\d{4}", r"\d{1,2}-\d{1,2}-\d\d", r"\d\d/\d\d/\d{4}", r"\d{4}-\d\d-\d\d",
                  rf"\d{{1,2}} ({months}) \d{{4}}", r"\d\d\.\d\d\.\d{4}"):  # fmt: skip
        assert any(re.fullmatch(shape, d) for d in dates), shape
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 80


def test_names_parties_and_institutions(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1500
    assert any(re.fullmatch(r"[A-Z]\.[A-Z]\.", n) for n in names)  # a party by initials
    assert any(
        re.fullmatch(r"[A-Z]\.([A-Z]\.)? (van|de|ter|ten|in 't|van der|van den|el) [A-Z][\w-]+", n) for n in names
    )
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z][\w-]+( [a-z' ]+)?", n) for n in names)  # surname first
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[a-z]-[A-Z]", n) for n in names)  # double-barrelled
    assert any(re.search(r"[ąćęłńóśźżığüşçöÉéÓ]", n) for n in names)
    for word_name in ("Mei", "Juni", "April", "Roos", "Kees", "Bas", "Wil", "Hope", "Winter"):
        assert any(re.search(rf"\b{word_name}\b", n) for n in names), word_name
    for surname in ("Bakker", "Post", "Bos", "Kok", "Visser", "Schaap", "Vos", "Kroon", "Maandag"):
        assert any(re.search(rf"\b{surname}\b", n) for n in names), surname
    institutions = _spans(records, corpus.INSTELLING)
    assert any(i.endswith("Advocaten") for i in institutions) and "TandZorg IJsselvecht" in institutions
    assert any(i.startswith(("Tandartspraktijk ", "Mondzorgcentrum ")) for i in institutions)
    # the colleges, the Inspectie, insurers and media are no annotated institution
    assert not any(
        re.search(r"Tuchtcollege|Inspectie|Geschillencommissie|Rechtsbijstand|ARAG", i) for i in institutions
    )


def test_other_identifiers(records):
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 200 and all(re.fullmatch(r"[\w.+-]+@[\w.-]+\.[a-z]{2,}", e, re.A) for e in emails)
    bigs = _spans(records, corpus.UZI)
    assert len(bigs) >= 40 and all(re.fullmatch(r"\d{11}", b) for b in bigs)
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"TZ-\d{6}", r"TZ\d{6}", r"tz-\d{6}", r"\d{6}", r"TZ \d{6}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(re.fullmatch(r"\d+ jaar", a) for a in ages) and any(re.fullmatch(r"\d+-jarige", a) for a in ages)
    assert any(re.fullmatch(r"\d+ jr", a) for a in ages)
    assert all(re.fullmatch(r"https://we\.tl/t-\w{10}", u) for u in _spans(records, corpus.URL))
    assert _spans(records, corpus.POLISNUMMER)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert any(re.fullmatch(r"element \d\d", k) for k in keep) and any(re.fullmatch(r"de \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[CXHERJVMA]\d\d", k) for k in keep)
    assert any(re.fullmatch(r"DPSI [0-4][+-]?", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]{2,3}", k) for k in keep)  # Eindhoven classification codes that look like initials
    name_like = ("Angle klasse II", "Miller klasse 2", "Kennedy klasse I", "Le Fort I", "Hedström-vijl", "Tetric EvoCeram",
                 "Ultracain D-S forte 1:100.000", "Eliquis 5 mg", "M. Bechterew", "N. alveolaris inferior")  # fmt: skip
    present = [k for k in name_like if k in keep]
    assert len(present) >= 7, present
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
        assert r["keep"], r["id"]
    assert all(n >= 20 for n in per_kind.values()), per_kind
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 40, (category, categories[category])
    assert sum(categories.values()) >= 2000
