"""The thirty-ninth development part (``eval/text/dev39.jsonl``, patients across borders): the committed file is what
its generator writes, ids are unique, every span is exact and disjoint, names carry no title, BSNs pass the 11-proef
and Belgian national numbers their 97-check, German insurance numbers their check digit, IBANs of many countries
mod-97, phones and postcodes have the shapes of their countries, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev39_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "LU": 20, "FR": 27, "ES": 24, "PL": 28, "GB": 22, "IE": 22, "PT": 25}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|mrs|ms|prof)\.?\s|^(herr|frau|de heer|mevrouw|tandarts|collega)\s", re.I)


def _be_ok(number: str) -> bool:
    d = re.sub(r"\D", "", number)
    if len(d) != 11:
        return False
    return int(d[9:]) in (97 - int(d[:9]) % 97, 97 - int("2" + d[:9]) % 97)


def _kvnr_ok(k: str) -> bool:
    if not re.fullmatch(r"[A-Z]\d{9}", k):
        return False
    digits = f"{ord(k[0]) - 64:02d}" + k[1:9]
    products = [int(c) * (2 if i % 2 else 1) for i, c in enumerate(digits)]
    return sum(p // 10 + p % 10 for p in products) % 10 == int(k[9])


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev39_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev39_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev39_corpus.DEFAULT_RECORDS == 240
    assert dev39_corpus.DEFAULT_SEED == 20270439
    assert_fields_and_kinds(records, dev39_corpus.KINDS, 240 // len(dev39_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["id"].startswith("dev39-") for r in records)


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
                assert not s["text"].endswith((",", ".", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    dutch = [b for b in bsns if len(re.sub(r"\D", "", b)) == 9]
    belgian = [b for b in bsns if len(re.sub(r"\D", "", b)) == 11]
    assert len(dutch) >= 100 and len(belgian) >= 40 and len(dutch) + len(belgian) == len(bsns)
    for b in dutch:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev39_corpus.bsn_valid(b), b
    for b in belgian:
        assert _be_ok(b) and dev39_corpus.rrn_valid(b), b
    assert any(re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", b) for b in belgian)
    assert any(re.fullmatch(r"\d{9}", b) for b in dutch) and any(re.search(r"[ .\u00a0]", b) for b in dutch)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 100
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev39_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 30 and countries["BE"] >= 20 and countries["DE"] >= 10 and len(countries) >= 6
    assert any(i == i.lower() for i in ibans) and any(" " not in i and "\u00a0" not in i for i in ibans)

    kvnrs = [p for p in _spans(records, corpus.POLISNUMMER) if re.fullmatch(r"[A-Z]\d{9}", p)]
    assert len(kvnrs) >= 30 and all(_kvnr_ok(k) and dev39_corpus.kvnr_valid(k) for k in kvnrs)
    ehic = [p for p in _spans(records, corpus.POLISNUMMER) if re.fullmatch(r"80\d{18}", p)]
    assert len(ehic) == 30  # one card in every tourist's note

    # the generator's own checks say no to what is wrong
    assert dev39_corpus.bsn_valid("123456782") and not dev39_corpus.bsn_valid("123456788")
    assert dev39_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev39_corpus.iban_valid("NL92ABNA0417164300")
    assert dev39_corpus.iban_valid("BE68 5390 0754 7034") and dev39_corpus.iban_valid("DE89370400440532013000")
    assert dev39_corpus.rrn_valid("85.07.30-033.28") and not dev39_corpus.rrn_valid("85.07.30-033.29")
    assert dev39_corpus.rrn_valid("01.02.03-004.67")
    assert not dev39_corpus.kvnr_valid("A12345678") and not dev39_corpus.kvnr_valid("1234567890")


def test_phones_of_the_border_and_the_islands(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 400
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 15, p
    for prefix in ("+32", "0032", "+49", "0049", "+599", "00599", "+297", "+1 721", "+44", "+31", "06"):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any(re.fullmatch(r"04\d\d/\d\d\.\d\d\.\d\d", p) for p in phones)  # Belgian GSM as Belgians write it
    assert any(re.fullmatch(r"0\d{3,4}/\d+", p) for p in phones)  # German landline with a slash


def test_postcodes_and_addresses(records):
    postcodes = _spans(records, corpus.POSTCODE)
    dutch = [p for p in postcodes if re.fullmatch(r"\d{4}[ \u00a0]?[A-Za-z]{2}", p)]
    assert len(dutch) >= 150
    for p in dutch:
        assert p[0] != "0" and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert sum(bool(re.fullmatch(r"\d{4}", p)) for p in postcodes) >= 40  # Belgian
    assert sum(bool(re.fullmatch(r"\d{5}", p)) for p in postcodes) >= 40  # German (and a few others)
    assert not any(p.startswith(("B-", "D-")) for p in postcodes)  # the country letter stays outside
    addresses = _spans(records, corpus.ADRES)
    assert any(re.match(r"Kaya ", a) for a in addresses) and any(re.search(r"stra(ß|ss)e \d", a) for a in addresses)
    assert any(" bus " in a for a in addresses)
    assert any(re.search(r"\d(-II| bis|a|B)$", a) for a in addresses)
    texts = "\n".join(r["text"] for r in records)
    assert "geen postcode" in texts


def test_dates_in_many_notations(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    shapes = {
        "03.03.1985": r"\d\d\.\d\d\.\d{4}",
        "3. März 1985": r"\d{1,2}\. [A-ZÄ][a-zä]+ \d{4}",
        "3 maart 1985": r"\d{1,2} [a-z]+ \d{4}",
        "March 3, 1985": r"[A-Z][a-z]+ \d{1,2}, \d{4}",
        "1985-03-03": r"\d{4}-\d\d-\d\d",
        "3-3-1985": r"\d{1,2}-\d{1,2}-\d{4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dates), name
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 200


def test_names_of_many_origins(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 900
    assert any(re.fullmatch(r"[A-ZÀ-Ý'-]{3,}( [A-Z]+)?, [A-Z][\w -]+", n) for n in names)  # SURNAME, Given
    assert any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöäüßé]", n) for n in names)
    for part in (" van ", "Van ", " de ", "-"):
        assert any(part in n for n in names), part
    texts = "\n".join(r["text"] for r in records)
    for phrase in ("Bon dia", "Danki", "Dear ", "Sehr geehrte", "Kind regards", "Met vriendelijke groet"):
        assert phrase in texts, phrase


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 800
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"LOT \d{6}", k) for k in keep)
    assert any(k.startswith("Zahn ") for k in keep) and any(k.startswith("GOZ ") for k in keep)
    assert any(re.fullmatch(r"[ACEHMRVX]\d\d( 2x)?", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 900,
        corpus.TELEFOON: 400,
        corpus.LOCATIE: 500,
        corpus.ADRES: 300,
        corpus.POSTCODE: 250,
        corpus.EMAIL: 250,
        corpus.DATUM: 250,
        corpus.PATIENTNUMMER: 200,
        corpus.POLISNUMMER: 200,
        corpus.GEBOORTEDATUM: 200,
        corpus.BSN: 150,
        corpus.IBAN: 100,
        corpus.INSTELLING: 200,
        corpus.AGB: 50,
        corpus.LEEFTIJD: 30,
        corpus.URL: 20,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    direct = [sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"]) for r in records]
    assert sum(direct) / len(direct) >= 12
