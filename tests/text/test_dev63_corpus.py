"""The sixty-third development part (``eval/text/dev63.jsonl``, a conversion between two practice systems): the
committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names
carry no title, BSNs pass the 11-proef (eight-digit ones with their leading zero back), IBANs mod-97, and the
notations the generator's docstring promises occur (name parts in their own tags and keys, XML attributes, CDATA,
JSON escapes, compact dates, fixed-width columns, 8-digit BSNs, an impossible date of birth)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev63_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

IBAN_LENGTHS = {"NL": 18}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|moeder|vader)\s", re.I)
PARTICLES = {"van der", "van den", "de", "van", "ter", "in 't", "van 't", "den", "op den", "van de", "el", "al", "dos"}


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _preceded(records: list[dict], category: str, before: str) -> list[str]:
    """Spans of ``category`` whose text is directly preceded by ``before``."""
    out = []
    for r in records:
        for s in r["spans"]:
            if s["category"] == category and r["text"][: s["start"]].endswith(before):
                out.append(s["text"])
    return out


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev63_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev63_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev63_corpus.generate(20, dev63_corpus.DEFAULT_SEED) == records[:20]
    assert dev63_corpus.generate(20, 1) != records[:20]


def test_record_fields_and_kinds(records):
    assert len(records) == dev63_corpus.DEFAULT_RECORDS == 240
    assert dev63_corpus.DEFAULT_SEED == 20270463
    assert len(dev63_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev63_corpus.KINDS, 240 // len(dev63_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ".,", ":", '"', ">")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 100
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert len(digits) in (8, 9), b
        assert bsn_ok(digits.zfill(9)) and dev63_corpus.bsn_valid(digits.zfill(9)), b
    assert any(len(re.sub(r"\D", "", b)) == 8 for b in bsns)  # the leading zero lost
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .-]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev63_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans) and any(i.isupper() for i in ibans)
    assert dev63_corpus.bsn_valid("123456782") and not dev63_corpus.bsn_valid("123456788")
    assert dev63_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev63_corpus.iban_valid("NL92ABNA0417164300")


def test_name_parts_in_tags_keys_and_columns(records):
    texts = "\n".join(r["text"] for r in records)
    for tag in ("<achternaam>", "<voorvoegsel>", "<roepnaam>", "<ACHTERNAAM>", "<tussenvoegsel", "<geslachtsnaam>"):
        assert tag in texts, tag
    for key in ('"roepnaam": "', '"achterNaam": "', '"voorvoegsels": "', '"naam": "'):
        assert key in texts, key
    assert "<![CDATA[" in texts and re.search(r'<naam [a-z]+="', texts)
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1500
    assert sum(n in PARTICLES for n in names) >= 20  # a particle in its own field
    assert sum(n.upper() in {p.upper() for p in PARTICLES} and n.isupper() for n in names) >= 5  # fixed width
    assert any(re.fullmatch(r"[A-Z][\w'-]+, ([A-Z]\.)+ (van der|van den|de|van|ter|in 't|op den|el)", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÀ-ÝĄ-Ż' -]{3,}, [A-Z]+( [A-Z]+)?", n) for n in names)  # SURNAME, GIVEN
    assert any(n.islower() and " " in n for n in names)
    assert any("\\u" in n for n in names)  # JSON escapes inside the name
    assert any("_" in n for n in names)  # a name in a file name
    fixed = [s["text"] for r in records if r["kind"] == "fixed_width" for s in r["spans"] if s["category"] == "PERSOON"]
    assert any(len(n) == 15 and "-" in n and n.isupper() for n in fixed)  # a double name the column cut off
    assert any(re.search(r"[ığşçöüłśąęńóĆŚ]", n) for n in names)
    for word in ("Kroon", "Brug", "Wortel", "Winter", "Black", "Miller", "Mei", "Juni", "April"):
        assert any(word in n.split() or word.upper() in n.split() for n in names), word


def test_dates_and_numbers_in_many_notations(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    shapes = {
        "iso": r"\d{4}-\d\d-\d\d",
        "compact": r"(19|20)\d{6}",
        "dmy": r"\d\d-\d\d-\d{4}",
        "slash": r"\d\d/\d\d/\d{4}",
        "dot": r"\d\d\.\d\d\.\d{4}",
        "short": r"\d{1,2}-\d{1,2}-\d\d",
        "long": r"\d{1,2} [a-z]+ \d{4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dobs), name
    assert any(re.fullmatch(r"3[01]-02-\d{4}", d) for d in dobs)  # the impossible date a report rejects
    dates = _spans(records, corpus.DATUM)
    assert len(dates) >= 300 and any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)
    assert any(re.fullmatch(r"\d\d-(jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)-\d{4}", d) for d in dobs + dates)
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[4:] if digits.startswith("0031") else digits[2:] if p.startswith("+31") else digits[1:]
        if p.startswith(("+31", "0031")) and national.startswith("0"):
            national = national[1:]  # '+31 (0)6-...'
        assert len(national) == 9 and national[0] != "0", p
    for prefix in ("+31 6", "+316", "0031", "(06)", "06-", "+31 (0)6"):
        assert any(p.startswith(prefix) for p in phones), prefix
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 150
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(p[-2:].islower() for p in postcodes) and any(" " not in p for p in postcodes)
    pnrs = _spans(records, corpus.PATIENTNUMMER)
    assert any(re.fullmatch(r"0\d{5}", p) for p in pnrs) and any(re.fullmatch(r"TP-\d+", p) for p in pnrs)
    assert _preceded(records, corpus.ADRES, "<huisnummer>") and _preceded(records, corpus.ADRES, "<straat>")
    assert _preceded(records, corpus.LOCATIE, "<woonplaats>")
    assert any(re.fullmatch(r"\d+ jaar", a) for a in _spans(records, corpus.LEEFTIJD))


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 400
    for shape in (r"[ACEHMRTVX]\d\d\d?", r"element \d\d", r"DPSI \d-?", r"Angle klasse I+", r"Black klasse II"):
        assert any(re.fullmatch(shape, k) for k in keep), shape
    assert any(re.fullmatch(r"\w+ \d+ ?mg", k) for k in keep) and "Le Fort I" in keep
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1500,
        corpus.PATIENTNUMMER: 500,
        corpus.GEBOORTEDATUM: 400,
        corpus.DATUM: 300,
        corpus.TELEFOON: 300,
        corpus.POSTCODE: 200,
        corpus.ADRES: 200,
        corpus.LOCATIE: 150,
        corpus.BSN: 100,
        corpus.EMAIL: 100,
        corpus.INSTELLING: 60,
        corpus.IBAN: 40,
        corpus.POLISNUMMER: 30,
        corpus.LEEFTIJD: 20,
        corpus.AGB: 15,
        corpus.URL: 5,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
