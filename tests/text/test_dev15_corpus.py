"""The fifteenth development part (``eval/text/dev15.jsonl``, international patients in Dutch practices): the
committed file is what its generator writes, ids are unique, every span is exact and disjoint, names carry no title,
BSNs pass the 11-proef (Belgian national numbers their 97-check), IBANs of many countries mod-97, NHS numbers their
mod-11, phones and postcodes have the shapes of their countries, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev15_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "GB": 22, "DE": 22, "BE": 16, "ES": 24, "PL": 28, "UA": 29, "TR": 26}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|mrs|ms|prof)\.?\s|^(miss|sir|de heer|meneer|mevrouw|tandarts|dentist|zä|za)\s",
    re.I,
)


def _be_ok(number: str) -> bool:
    d = re.sub(r"\D", "", number)
    if len(d) != 11:
        return False
    return int(d[9:]) in (97 - int(d[:9]) % 97, 97 - int("2" + d[:9]) % 97)


def _nhs_ok(number: str) -> bool:
    d = [int(c) for c in re.sub(r"\D", "", number)]
    if len(d) != 10:
        return False
    check = 11 - sum(x * w for x, w in zip(d, range(10, 1, -1))) % 11
    return check != 10 and (0 if check == 11 else check) == d[9]


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev15_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev15_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev15_corpus.DEFAULT_RECORDS == 240
    assert dev15_corpus.DEFAULT_SEED == 20261217
    assert_fields_and_kinds(records, dev15_corpus.KINDS, 240 // len(dev15_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)  # in the writer's order


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
    dutch = [b for b in bsns if len(re.sub(r"\D", "", b)) == 9]
    belgian = [b for b in bsns if len(re.sub(r"\D", "", b)) == 11]
    assert len(dutch) >= 25 and len(belgian) >= 2 and len(dutch) + len(belgian) == len(bsns)
    for b in dutch:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev15_corpus.bsn_valid(b), b
    for b in belgian:
        assert re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", b), b
        assert _be_ok(b) and dev15_corpus.be_national_number_valid(b), b
    # BSNs in more than one grouping
    assert any(re.fullmatch(r"\d{9}", b) for b in dutch) and any(re.search(r"[ .]", b) for b in dutch)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev15_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 20 and len(countries) >= 4, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans)

    nhs = [p for p in _spans(records, corpus.PATIENTNUMMER) if re.fullmatch(r"\d{3} \d{3} \d{4}|\d{10}", p)]
    assert nhs and all(_nhs_ok(p) and dev15_corpus.nhs_valid(p) for p in nhs), nhs

    # the generator's own checks say no to what is wrong
    assert dev15_corpus.bsn_valid("123456782") and not dev15_corpus.bsn_valid("123456788")
    assert dev15_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev15_corpus.iban_valid("NL92ABNA0417164300")
    assert dev15_corpus.iban_valid("GB82 WEST 1234 5698 7654 32") and dev15_corpus.iban_valid("DE89370400440532013000")
    assert dev15_corpus.be_national_number_valid("85.07.30-033.28") and not dev15_corpus.be_national_number_valid(
        "85.07.30-033.29"
    )
    assert dev15_corpus.be_national_number_valid("01.02.03-004.67")
    assert dev15_corpus.nhs_valid("943 476 5919") and not dev15_corpus.nhs_valid("943 476 5918")


def test_phones_of_many_countries(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 15, p
    dutch = []
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith(("+31", "0031")):
            national = digits[4:] if digits.startswith("0031") else digits[2:]
            dutch.append(national[1:] if national.startswith("0") else national)  # '+31 (0)6 ...'
        elif re.match(r"\(?0[1-9]", p) and len(digits) == 10:
            dutch.append(digits[1:])
    assert len(dutch) >= 100
    assert all(len(n) == 9 and n[0] != "0" for n in dutch), dutch
    for prefix in ("+44", "+49", "+32", "+1 ", "+91", "+90", "+48", "+380"):
        assert any(p.startswith(prefix) for p in phones), prefix


def test_postcodes_and_addresses(records):
    postcodes = _spans(records, corpus.POSTCODE)
    dutch = [p for p in postcodes if re.fullmatch(r"\d{4} ?[A-Za-z]{2}", p)]
    assert len(dutch) >= 100
    for p in dutch:
        assert p[0] != "0" and p[-2:].upper() not in ("SA", "SD", "SS"), p
    foreign = [p for p in postcodes if p not in dutch]
    assert len(foreign) >= 30
    assert any(re.fullmatch(r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}", p) for p in foreign)  # UK
    assert any(re.fullmatch(r"\d{5}", p) for p in foreign)  # German, US, Spanish
    assert any(re.fullmatch(r"\d\d-\d{3}", p) for p in foreign)  # Polish
    addresses = _spans(records, corpus.ADRES)
    assert any(re.match(r"\d+ [A-Z]", a) for a in addresses)  # number first (UK, US)
    assert any(re.search(r"\d(-II|-III| hs| bis|A|B)$", a) for a in addresses)  # Dutch additions


def test_dates_in_many_notations(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months_en = "January|February|March|April|May|June|July|August|September|October|November|December"
    shapes = {
        "3 March 1985": rf"\d{{1,2}} ({months_en}) \d{{4}}",
        "March 3rd 1985": rf"({months_en}) \d{{1,2}}(st|nd|rd|th),? \d{{4}}",
        "March 3, 1985": rf"({months_en}) \d{{1,2}}, \d{{4}}",
        "3rd of March 1985": rf"\d{{1,2}}(st|nd|rd|th) of ({months_en}) \d{{4}}",
        "03/03/1985": r"\d\d/\d\d/\d{4}",
        "1985-03-03": r"\d{4}-\d\d-\d\d",
        "03-03-1985": r"\d\d-\d\d-\d{4}",
        "03.03.1985": r"\d\d\.\d\d\.\d{4}",
        "3 maart 1985": r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
        r"december) \d{4}",
        "19. Juni 2024": r"\d{1,2}\. [A-ZÄ][a-zä]+ \d{4}",
        "11/27/25": r"\d{1,2}/\d{1,2}/\d\d",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dates), name
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 100


def test_names_as_their_owners_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 700
    assert any(re.fullmatch(r"(ZHANG|WANG|LI|CHEN|LIU|HUANG|ZHOU|XU|LIN|GUO) [A-Z][a-z]+", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÀ-Ý'-]{3,}(-[A-Z]+)?, [A-Z][\w -]+", n) for n in names)  # SURNAME, Given
    assert any(" dos " in n or " da " in n for n in names) and any(" van " in n or " de " in n for n in names)
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(re.search(r"[ąćęłńóśźżığüşçöÄäüßãéíñőưạị]", n) for n in names)
    texts = "\n".join(r["text"] for r in records)
    for salutation in ("Dear Sir/Madam,", "Dear Mr", "Hi ", "Kind regards", "Met vriendelijke groet", "Beste "):
        assert salutation in texts, salutation


def test_foreign_references_beside_dutch_ones(records):
    policies = _spans(records, corpus.POLISNUMMER)
    assert any(re.fullmatch(r"80\d{18}", re.sub(r"\s", "", p)) for p in policies)  # EHIC card numbers
    assert any(re.fullmatch(r"U\d{10}|GHP \d{7} \d\d|\d{7}/\d\d", p) for p in policies)  # expat insurers
    assert any(re.fullmatch(r"\d{9}|\d{3}\.\d{3}\.\d{3}", p) for p in policies)  # Dutch insurers
    urls = _spans(records, corpus.URL)
    assert urls and all(re.match(r"(https?://)?(www\.)?[a-z0-9.-]+\.nl$", u) for u in urls)
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1000
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    # clinical strings in both languages, as the brief names them
    assert any(re.fullmatch(r"root canal treatment \d\d", k) for k in keep)
    assert any(re.fullmatch(r"wortelkanaalbehandeling \d\d", k) for k in keep)
    assert any(re.fullmatch(r"BPE [0-4*]+(-[0-4*]+){2}( \| |/)[0-4*]+(-[0-4*]+){2}", k) for k in keep)
    assert any(k.startswith("composite restoration") for k in keep)
    assert any(re.fullmatch(r"amoxicilli?ne? \d+ ?mg.*", k) for k in keep)
    assert any(re.fullmatch(r"(UR|UL|LL|LR)\d|RCT (UR|UL|LL|LR)\d", k) for k in keep)  # Palmer notation (UK)
    assert any("#" in k for k in keep)  # universal numbering (US)
    assert any(re.fullmatch(r"[CEVXMRHAT]\d\d\d?", k) for k in keep)  # NZa codes
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 700,
        corpus.DATUM: 400,
        corpus.TELEFOON: 200,
        corpus.EMAIL: 150,
        corpus.ADRES: 150,
        corpus.POSTCODE: 150,
        corpus.LOCATIE: 200,
        corpus.INSTELLING: 200,
        corpus.GEBOORTEDATUM: 100,
        corpus.PATIENTNUMMER: 80,
        corpus.POLISNUMMER: 50,
        corpus.AGB: 50,
        corpus.URL: 40,
        corpus.IBAN: 30,
        corpus.BSN: 30,
        corpus.LEEFTIJD: 20,
        corpus.UZI: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
