"""The twenty-third development part (``eval/text/dev23.jsonl``, orthodontics, implantology and the dental lab): the
committed file is what its generator writes, ids are unique, every span is exact and disjoint, names carry no title,
BSNs pass the 11-proef, IBANs mod-97, every kind holds its share, and the notations of this paperwork are there
(Angle classes, overjet/overbite in mm, implant sizes, torques in Ncm, REF and LOT numbers kept, NZa codes with
amounts, shades, AGB codes) while order numbers stay unannotated."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev23_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|orthodontist|collega|moeder|vader)\s",
    re.I,
)


ORDER_CUES = re.compile(
    r"(Ordernummer: |WERKBON (?:nr\. |#)?|[Aa]fleverbon |AFLEVERBON |Pakbon |Leveringsbon "
    r"|(?:BEGROTING|[Bb]egroting|behandeling) nr\. )(\S+)"
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _keep(records: list[dict]) -> list[str]:
    return [k["text"] for r in records for k in r["keep"]]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev23_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev23_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev23_corpus.DEFAULT_RECORDS == 240
    assert dev23_corpus.DEFAULT_SEED == 20261223
    assert_fields_and_kinds(records, dev23_corpus.KINDS, 240 // len(dev23_corpus.KINDS))
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
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev23_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 10
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev23_corpus.iban_valid(i), i
    assert dev23_corpus.bsn_valid("123456782") and not dev23_corpus.bsn_valid("123456788")
    assert dev23_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev23_corpus.iban_valid("NL92ABNA0417164300")


def test_identifiers_in_this_paperwork(records):
    for p in _spans(records, corpus.TELEFOON):
        digits = re.sub(r"\D", "", p)
        assert len(digits) in (10, 11, 12, 13), p
    for p in _spans(records, corpus.POSTCODE):
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    agbs = _spans(records, corpus.AGB)
    assert len(agbs) >= 100 and all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    assert any(re.fullmatch(r"\d\d\.\d\d\.\d\d\.\d\d", a) for a in agbs) and any("-" in a for a in agbs)
    assert all(len(u) == 11 and u.isdigit() for u in _spans(records, corpus.UZI))  # BIG numbers
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert all(re.fullmatch(r"(https://)?www\.[a-z0-9.-]+\.nl", u) for u in _spans(records, corpus.URL))
    pnrs = _spans(records, corpus.PATIENTNUMMER)
    assert any(p.startswith("ORT-") for p in pnrs) and any(re.fullmatch(r"\d{8}", p) for p in pnrs)
    assert all(re.search(r"\d{6}|\d{3}", p) for p in _spans(records, corpus.POLISNUMMER))


def test_order_numbers_are_not_annotated(records):
    """Order numbers identify a piece of work (the module's annotation choice): neither span nor keep."""
    seen = 0
    for r in records:
        for m in ORDER_CUES.finditer(r["text"]):
            start, end = m.span(2)
            seen += 1
            for s in r["spans"] + r["keep"]:
                assert s["end"] <= start or s["start"] >= end, (r["id"], m.group(0), s)
    assert seen >= 60


def test_names_of_many_origins(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 700
    assert any(re.search(r"\b(van|de|ter|in 't|van 't|op den)\b", n) for n in names)
    assert any(re.fullmatch(r"[A-Z'ÇŞÖİĞ -]{3,}, [A-Z]\w+", n) for n in names)  # SURNAME, Given on order forms
    assert any(re.fullmatch(r"[A-Z][\w-]+, [A-Z]\w+ (van|de|van der|ter|van den)", n) for n in names)  # sorted
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöİŞÇ]", n) for n in names)
    joined = " ".join(names)
    origins = ("Ramdin|Jagesar|Mahabier|Ramsaran|Sewnandan|Chotkan|Baldewsingh|Autar", "Yılmaz|Kaya|Demir|Şahin|Çelik")
    for pattern in origins:
        assert re.search(pattern, joined, re.I), pattern


def test_clinical_notations_kept(records):
    keep = _keep(records)
    assert len(keep) >= 1500
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"Angle klasse (I|II/1|II/2|III)", k) for k in keep)
    assert any(re.fullmatch(r"\d{1,2} mm", k) for k in keep)  # overjet / overbite
    assert any(re.fullmatch(r"\d{2} Ncm", k) for k in keep)
    assert any(re.fullmatch(r"ISQ \d\d", k) for k in keep)
    assert any(re.fullmatch(r"Ø ?\d[.,]\d{1,2} ?[x×] ?\d{1,2}(\.5)? mm", k) for k in keep)
    assert any(re.fullmatch(r"(element|regio) [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"[JFXRAC]\d\d\d?A?", k) for k in keep)  # NZa codes
    assert any(re.fullmatch(r"(VITA |3D-Master )?(A3\.5|[ABCD][1-4]|[0-5][LMR]\d(\.5)?|BL\d)", k) for k in keep)
    assert any(k.startswith(("Straumann", "Nobel Biocare", "Dentsply Sirona")) for k in keep)
    assert any(k.startswith("Pell-Gregory klasse") for k in keep)
    assert any(re.fullmatch(r"amoxicilline .*\d+ (mg|g).*", k) for k in keep)
    texts = "\n".join(r["text"] for r in records)
    assert "€ " in texts and "LOT " in texts and "REF " in texts
    # LOT values are kept (product batches), never typed as personal data
    for r in records:
        for m in re.finditer(r"LOT (\w+)", r["text"]):
            assert any(k["start"] == m.start(1) and k["end"] == m.end(1) for k in r["keep"]), (r["id"], m.group(0))


def test_sizes(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 700,
        corpus.DATUM: 300,
        corpus.INSTELLING: 300,
        corpus.TELEFOON: 250,
        corpus.LOCATIE: 200,
        corpus.ADRES: 150,
        corpus.POSTCODE: 150,
        corpus.GEBOORTEDATUM: 200,
        corpus.PATIENTNUMMER: 150,
        corpus.AGB: 100,
        corpus.EMAIL: 100,
        corpus.LEEFTIJD: 50,
        corpus.BSN: 30,
        corpus.POLISNUMMER: 30,
        corpus.URL: 20,
        corpus.UZI: 20,
        corpus.IBAN: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    direct = [sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"]) for r in records]
    assert min(direct) >= 5 and sum(direct) / len(direct) >= 8
