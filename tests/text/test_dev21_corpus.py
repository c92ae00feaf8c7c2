"""The twenty-first development part (``eval/text/dev21.jsonl``, legal, financial and official paperwork around a
dental practice): the committed file is what its generator writes, ids are unique, every span is exact and disjoint,
names carry no title, BSNs pass the 11-proef and IBANs mod-97 (checked here by a second hand and by the generator),
and the notations, letter layouts and clinical strings the part is about are present in every kind."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev21_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.\s|^(de heer|heer|meneer|mevrouw|tandarts|dokter)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev21_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev21_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev21_corpus.DEFAULT_RECORDS == 240
    assert dev21_corpus.DEFAULT_SEED == 20261221
    assert len(dev21_corpus.KINDS) == 8
    assert_fields_and_kinds(records, dev21_corpus.KINDS, 30)
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert [r["id"] for r in records] == [f"dev21-{i:04d}" for i in range(240)]


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
                assert not s["text"].endswith((",", ".,", ":", "'s")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev21_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 60
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev21_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans) and any("\u00a0" in i for i in ibans)
    assert any(re.fullmatch(r"NL\d\d[A-Z]{4}\d{10}", i) for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev21_corpus.bsn_valid("123456782") and not dev21_corpus.bsn_valid("123456788")
    assert dev21_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev21_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_and_addresses(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 200
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[2:] if p.startswith("+31") else digits[4:] if p.startswith("0031") else digits[1:]
        if national.startswith("0"):  # '+31 (0)6 ...'
            national = national[1:]
        assert len(national) == 9 and national[0] != "0", p
    for shape in (
        r"06-\d{8}",
        r"\+31 \(0\)6 \d{4} \d{4}",
        r"0031 6( \d\d){4}",
        r"\(0\d{2,3}\) [\d ]+",
        r"06\u00a0\d{8}",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 300
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any("\u00a0" in p for p in postcodes) and any(p[-2:].islower() for p in postcodes)
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert any(a.startswith("Postbus ") for a in addresses)
    assert any(re.search(r"\d(-II| hs| bis|A|b|-3)$", a) for a in addresses)
    assert all(re.search(r"\d", a) for a in addresses)


def test_letter_layouts_and_references(records):
    texts = {k: "\n".join(r["text"] for r in records if r["kind"] == k) for k in dev21_corpus.KINDS}
    every = "\n".join(texts.values())
    for marker in ("Uw kenmerk", "Ons kenmerk", "Zaaknummer", "Betreft", "cc:", "Met vriendelijke groet", "KvK",
                   "Dossiernummer", "Cliëntnummer", "126nf", "Parketnummer", "Geachte heer", "Geachte mevrouw",
                   "verklaring van erfrecht", "bijzondere bijstand", "BIG-nummer", "beroepsgeheim", "Hoogachtend"):  # fmt: skip
        assert marker in every, marker
    assert "odontogram" in texts["justitie"].lower() and "art. 15" in texts["avg_verzoek"].lower()
    assert "tuchtcollege" in texts["tucht"].lower() and "geschillencommissie" in texts["tucht"].lower()
    assert "machtiging" in texts["machtiging"].lower() and "beslag" in texts["deurwaarder"].lower()
    assert all(w in texts["bewind_gemeente"] for w in ("curator", "mentor", "beschermingsbewindvoerder", "Gemeente"))
    assert "notaris" in texts["nalatenschap"] and "overleden" in texts["nalatenschap"]
    # case references, parket numbers and KvK numbers stay unannotated (the part's choice), unless the reference is
    # the patient's number or the bailiff's file on the debtor
    for r in records:
        for s in r["spans"]:
            if s["category"] == corpus.PATIENTNUMMER:
                continue
            before = r["text"][max(0, s["start"] - 14) : s["start"]]
            assert not re.search(r"(kenmerk|Parketnummer|KvK|KvK-nummer|Zaaknummer): ?$", before), (r["id"], s)


def test_names_as_paperwork_writes_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1200
    assert any(re.fullmatch(r"[A-ZÀ-ÝĞŞİ' -]{3,}, [A-Z][a-zà-ÿ]+", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z][\w-]+, ([A-Z]\.)+ (van|de|der|den|ter|te|in 't|op den|uit den|van der)( \w+)*", n)
               for n in names)  # fmt: skip  # Veen, A.M. van der
    assert any(re.fullmatch(r"([A-Z]\.){2,} [a-z].*", n) for n in names)  # initials + particle
    assert any(n.islower() and " " in n for n in names)
    assert any(n.isupper() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z][a-z]+(-[a-z]+( [a-z]+)*)?-[A-Z][\w]+", n) for n in names)  # married names
    assert any(re.search(r"[ığüşçöéèłńśźżąę]", n) for n in names)
    assert any(re.fullmatch(r"[A-Z]{2,3}", n) for n in names)  # staff initials signing a note
    texts = "\n".join(r["text"] for r in records)
    for cue in ("mr. ", "gemachtigde: mr. ", "verweerder", "klager", "de executeur", "notaris", "rechercheur"):
        assert cue in texts, cue


def test_other_identifiers(records):
    agb = _spans(records, corpus.AGB)
    assert len(agb) >= 50 and all(len(re.sub(r"\D", "", a)) == 8 and re.sub(r"\D", "", a)[:2] == "12" for a in agb)
    assert any(re.fullmatch(r"\d\d\.\d\d\.\d\d\.\d\d", a) for a in agb) and any("-" in a for a in agb)
    big = _spans(records, corpus.UZI)
    assert len(big) >= 40 and all(re.fullmatch(r"\d{11}", b) for b in big)
    patnr = _spans(records, corpus.PATIENTNUMMER)
    assert any(re.fullmatch(r"(NW|NX|BR|NU|NP|IR|IX|IB)[A-Z0-9]{6}\d", p) for p in patnr)  # passports, ID cards
    assert any(re.fullmatch(r"[45]\d{9}", p) for p in patnr)  # driving licences
    assert any(p.startswith("#") for p in patnr) and any(re.fullmatch(r"\d\d\.\d{6}", p) for p in patnr)
    assert len(_spans(records, corpus.POLISNUMMER)) >= 40
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert all(re.fullmatch(r"(https://)?(www\.)?[a-z0-9-]+\.nl", u) for u in _spans(records, corpus.URL))
    ages = _spans(records, corpus.LEEFTIJD)
    assert ages and all(re.fullmatch(r"\d{1,3}( jaar)?", a) for a in ages)


def test_dates_in_many_notations(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    for shape in (rf"\d{{1,2}} ({months}) \d{{4}}", r"\d\d-\d\d-\d{4}", r"\d{1,2}-\d{1,2}-\d{4}", r"\d\d/\d\d/\d{4}",
                  r"\d\d\.\d\d\.\d{4}", r"\d{4}-\d\d-\d\d", r"\d{1,2} (jan|feb|mrt|apr|jun|jul|aug|sep|okt|nov|dec)\. \d{4}"):  # fmt: skip
        assert any(re.fullmatch(shape, d) for d in dates), shape
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 150


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1400
    assert all(len(r["keep"]) >= 2 for r in records)
    assert any(re.fullmatch(r"(element|elem\.|el\.|kies|de) [1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d\d?", k) for k in keep)  # NZa codes
    assert any(re.fullmatch(r"[A-Z]+ (amalgaam|composiet|glasionomeer)", k) for k in keep)  # ante-mortem chart
    assert any("klasse" in k for k in keep) and any("Cawood & Howell" in k for k in keep)
    assert any(re.search(r"\d+ mg", k) for k in keep) and any("articaïne" in k for k in keep)
    assert any(k.startswith(("Straumann", "Nobel Biocare", "Astra Tech")) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1200,
        corpus.DATUM: 700,
        corpus.LOCATIE: 500,
        corpus.ADRES: 350,
        corpus.POSTCODE: 300,
        corpus.INSTELLING: 300,
        corpus.TELEFOON: 200,
        corpus.EMAIL: 200,
        corpus.GEBOORTEDATUM: 150,
        corpus.PATIENTNUMMER: 120,
        corpus.IBAN: 60,
        corpus.URL: 40,
        corpus.AGB: 50,
        corpus.BSN: 40,
        corpus.UZI: 40,
        corpus.POLISNUMMER: 40,
        corpus.LEEFTIJD: 20,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
