"""The forty-eighth development part (``eval/text/dev48.jsonl``, emergencies and out-of-hours dental care): the
committed file is what its generator writes, it is seeded and deterministic, ids are unique, every span is exact,
disjoint and on word bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97 (checked here by this
test's own code), the deny lists name the record's people, and the shapes the generator's docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev48_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint, bsn_ok, iban_ok

IBAN_LENGTHS = {"NL": 18, "DE": 22, "BE": 16, "PL": 28, "GB": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|moeder|collega)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev48_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev48_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev48_corpus.generate() == records
    other = dev48_corpus.generate(seed=dev48_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records]
    assert len(dev48_corpus.generate(records=16)) == 16


def test_record_fields_and_kinds(records):
    assert len(records) == dev48_corpus.DEFAULT_RECORDS == 240
    assert dev48_corpus.DEFAULT_SEED == 20270448
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert len({r["id"] for r in records}) == len(records)
    counts = Counter(r["kind"] for r in records)
    assert set(counts) == set(dev48_corpus.KINDS) and len(counts) >= 8
    assert set(counts.values()) == {240 // len(dev48_corpus.KINDS)}


def test_deny_lists_name_the_records_people(records):
    for r in records:
        assert r["deny"] and len(r["deny"]) == len(set(r["deny"])), r["id"]
        text = r["text"].lower()
        for name in r["deny"]:
            assert any(w.lower() in text for w in name.split() if len(w) > 2), (r["id"], name)
    # every name span belongs to someone in the deny list
    for r in records:
        words = {w.lower() for n in r["deny"] for w in re.split(r"[\s,]+", n) if w}
        for s in r["spans"]:
            if s["category"] == corpus.PERSOON:
                parts = [w.lower() for w in re.split(r"[\s,]+", s["text"]) if w and not w.endswith(".")]
                assert parts and all(p in words for p in parts), (r["id"], s, r["deny"])


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
                assert not s["text"].endswith((",", ":", "'s")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev48_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any("\u00a0" in b for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev48_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 8 and len(countries) >= 4, countries
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans) and any("." in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev48_corpus.bsn_valid("123456782") and not dev48_corpus.bsn_valid("123456788")
    assert dev48_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev48_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_addresses(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 14, p
    for prefix in ("06-", "06 ", "+31 6 ", "+31(0)6-", "0031", "+49 ", "+32 ", "+44 ", "+48 ", "(0"):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any(re.fullmatch(r"0\d\d-\d{7}", p) for p in phones)  # landline with area code
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 50
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ -]?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    for shape in (r"\d{4} [A-Z]{2}", r"\d{4}[A-Z]{2}", r"\d{4}[a-z]{2}", r"\d{4}-[A-Z]{2}"):
        assert any(re.fullmatch(shape, p) for p in postcodes), shape
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 60
    assert any(re.search(r"\d(-II|-III| hs| bis|A|B)$", a) for a in addresses)
    assert any(re.search(r"\b\w+\. \d", a) for a in addresses)  # abbreviated street


def test_dates_in_many_notations(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 100
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    shapes = {
        "03-04-1987": r"\d\d-\d\d-\d{4}",
        "3-4-87": r"\d{1,2}-\d{1,2}-\d\d",
        "1987-04-03": r"\d{4}-\d\d-\d\d",
        "03.04.1987": r"\d\d\.\d\d\.\d{4}",
        "03/04/1987": r"\d\d/\d\d/\d{4}",
        "3 april 1987": rf"\d{{1,2}} ({months}) \d{{4}}",
        "3 apr 1987": r"\d{1,2} [a-z]{3} \d{4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dobs), name
    dates = _spans(records, corpus.DATUM)
    assert any(re.fullmatch(rf"\d{{1,2}} ({months})", d) for d in dates)  # day and month only
    assert any(re.fullmatch(r"\d{1,2}-\d{1,2}", d) for d in dates)


def test_names_of_many_origins_and_notations(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 600
    assert any(re.fullmatch(r"[A-ZÀ-ÝÇŞĞİŁŚŻ'-]{2,}, \w[\w -]*", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z]\w+, \w+ (van der|van 't|in 't|op den|van|ten|de|el|da|dos)", n) for n in names)
    assert any(re.fullmatch(r"[A-Z]\. .+", n) for n in names)  # initial
    assert any(n.islower() and " " in n for n in names)  # lower case in night messages
    assert any(re.search(r"[ąćęłńóśźżığüşçöạịươ]", n) for n in names)
    for particle in (" van 't ", " in 't ", " op den ", " ten ", " dos ", " el "):
        assert any(particle in f" {n} " for n in names), particle
    for surname in ("Tjon-A-Joe", "Karijodikromo", "Tesfamariam", "Owusu-Ansah", "Wijbenga", "Zhou", "Croes"):
        assert any(surname.lower() in n.lower() for r in records for n in r["deny"]), surname


def test_institutions_and_theme(records):
    inst = set(_spans(records, corpus.INSTELLING))
    assert any(i.startswith(("Huisartsenpost", "HAP", "Doktersdienst")) for i in inst)
    assert any(i.startswith(("OBS", "CBS", "Montessori")) for i in inst)
    assert any(i.startswith(("HC ", "VV ", "Rugbyclub", "MHC")) for i in inst)
    text = "\n".join(r["text"] for r in records)
    for word in ("politie", "ambulance", "EHIC", "No-show", "SEH", "Pijnlijn", "weekenddienst"):
        assert word.lower() in text.lower(), word
    ehic = [p for p in _spans(records, corpus.POLISNUMMER) if re.fullmatch(r"80\d{18}", p)]
    assert ehic
    assert len(_spans(records, corpus.AGB)) >= 20 and len(_spans(records, corpus.LEEFTIJD)) >= 40
    assert len(_spans(records, corpus.PATIENTNUMMER)) >= 40 and len(_spans(records, corpus.EMAIL)) >= 60


def test_keep_strings(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 700
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"(avulsie|intrusie|extrusie|laterale luxatie) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"Ellis klasse (I|II|III) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"(U[1-5]|urgentie U[1-5]|NTS U[1-5])", k) for k in keep)
    assert any(re.fullmatch(r"ibuprofen \d+ mg.*", k) for k in keep)
    assert any(k == "chloorhexidine 0,12%" for k in keep)
    assert any(re.fullmatch(r"[CEVXHT]\d\d\d?", k) for k in keep)  # NZa codes
    assert any(k.startswith("Le Fort") for k in keep)
