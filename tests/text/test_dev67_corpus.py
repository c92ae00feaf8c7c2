"""The sixty-seventh development part (``eval/text/dev67.jsonl``, three weeks at a village practice in Kollum and a
practice in Rotterdam-Zuid): the committed file is what its generator writes, ids are unique, every span is exact,
disjoint and on word bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97 (here and in the
generator), identifiers come in many notations, clinical strings are there, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev67_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "PL": 28, "RO": 24, "UA": 29, "DE": 22, "BE": 16, "TR": 26}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof|tdt|pat)\.?\s|^(de heer|meneer|mevrouw|tandarts|huisarts|moeder|vader|collega)\s",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev67_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev67_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev67_corpus.generate() == records
    other = dev67_corpus.generate(seed=dev67_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records]
    assert len(dev67_corpus.generate(records=30)) == 30


def test_record_fields_and_kinds(records):
    assert len(records) == dev67_corpus.DEFAULT_RECORDS == 240
    assert dev67_corpus.DEFAULT_SEED == 20270467
    assert len(dev67_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev67_corpus.KINDS, 240 // len(dev67_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["id"] == f"dev67-{i:04d}" for i, r in enumerate(records))


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds_and_names_without_titles(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":", ";")), (r["id"], s)
                assert not re.search(r"\d", s["text"]), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        d = re.sub(r"\D", "", b)
        assert bsn_ok(d) and dev67_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 35
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev67_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 25 and len(countries) >= 4, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans) and any(" " in i for i in ibans)

    # the generator's own checks say no to what is wrong
    assert dev67_corpus.bsn_valid("123456782") and not dev67_corpus.bsn_valid("123456788")
    assert dev67_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev67_corpus.iban_valid("NL92ABNA0417164300")
    assert dev67_corpus.iban_valid("DE89370400440532013000")


def test_phones_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    dutch = []
    for p in phones:
        digits = re.sub(r"\D", "", p)
        assert 9 <= len(digits) <= 15, p
        if p.startswith(("+31", "0031")):
            national = digits[4:] if digits.startswith("0031") else digits[2:]
            dutch.append(national[1:] if national.startswith("0") else national)
        elif re.match(r"\(?0[1-9]", p):
            assert len(digits) == 10, p
            dutch.append(digits[1:])
    assert len(dutch) >= 250 and all(len(n) == 9 and n[0] != "0" for n in dutch)
    for prefix in ("06-", "06 ", "(06)", "+31 6", "+316", "0031 6", "+31 (0)", "0511", "010", "+380", "+40", "0048"):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any("\u00a0" in p for p in phones)  # typed with no-break spaces
    assert any(re.match(r"\+(238|599|597|90|212|86) ", p) for p in phones)  # family abroad, Rotterdam-Zuid


def test_postcodes_addresses_places(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 120
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(" " not in p for p in postcodes) and any(p[-2:].islower() for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 120
    assert any(re.search(r"\d(-II| hs|B|a|-3)$", a) for a in addresses)
    assert any(a.startswith(("Lytse Buorren", "Dyk", "Mieden")) for a in addresses)  # Frisian street names
    places = set(_spans(records, corpus.LOCATIE))
    assert {"Kollum", "Rotterdam"} <= places and any(p.isupper() for p in places)


def test_dates_and_ages(records):
    dates = _spans(records, corpus.DATUM)
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dates) >= 500 and len(dobs) >= 200
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    shapes = {
        "12-03-1985": r"\d\d-\d\d-\d{4}",
        "2-3-1985": r"\d{1,2}-\d{1,2}-\d{4}",
        "12/03/85": r"\d\d/\d\d/\d\d",
        "12 maart 1985": rf"\d{{1,2}} ({months}) \d{{4}}",
        "12 mrt 1985": r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}",
        "1985-03-12": r"\d{4}-\d\d-\d\d",
        "12.03.1985": r"\d\d\.\d\d\.\d{4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dobs), name
    assert any(re.fullmatch(r"\d{1,2}-\d{1,2}", d) for d in dates)  # '16-3' in a note
    assert any(re.fullmatch(rf"\d{{1,2}} ({months})", d) for d in dates)
    ages = _spans(records, corpus.LEEFTIJD)
    assert len(ages) >= 30
    assert all(re.fullmatch(r"\d{1,3}( ?jr| jaar|-jarige)", a) for a in ages), ages


def test_names_in_every_form(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(re.fullmatch(r"[A-Z][\w'-]+(-[A-Z]\w+)?, [A-Z]\w+", n) for n in names)  # Achternaam, Voornaam
    assert any(
        re.fullmatch(r"\w+, \w+ (van der|van den|ter|de|van 't|dos|da)", n) for n in names
    )  # Meer, Tjitske van der
    assert any(re.fullmatch(r"([A-Z]\.)+ [a-z' ]+ [A-Z]\w+", n) for n in names)  # T. van der Meer
    assert any("," in n and n.split(",")[0].isupper() for n in names)  # VAN DER MEER, Tjitske
    assert any(n.isupper() and "," not in n for n in names)  # TJITSKE VAN DER MEER
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(re.fullmatch(r"[A-Z][a-z]?[A-Z][A-Z]?|[A-Z][a-z]{1,3}[A-Z]", n) for n in names)  # paraaf
    assert any(re.search(r"\w-[A-Z]\w", n) for n in names)  # hyphenated (married) names
    assert any(re.search(r"[łńśźżąęıİşğçöüșțăîâ]", n) for n in names)
    words = {"Mei", "Juni", "April", "Roos", "Kees", "Bas", "Wil", "Joy", "Hope", "Sky"}
    assert len(words & {w for n in names for w in n.split()}) >= 6
    surnames = {"Bakker", "Post", "Bos", "Kok", "Visser", "Smit", "Mulder", "Schaap", "Vos", "Kroon", "Bloem"}
    assert len(surnames & {w.strip(",") for n in names for w in n.split()}) >= 8
    texts = "\n".join(r["text"] for r in records)
    for phrase in ("Geachte collega", "Met vriendelijke groet", "Met collegiale groet", "Groetjes", "gr "):
        assert phrase in texts, phrase
    phrases = ("moi", "tige tank", "oant sjen", "hou je haaikes", "mörn", "noflik", "dyakuyu", "bon dia", "danki",
               "dziękuję", "mulțumesc", "obrigada")  # fmt: skip
    assert sum(p in texts for p in phrases) >= 8


def test_other_identifiers(records):
    pnrs = _spans(records, corpus.PATIENTNUMMER)
    assert any(re.fullmatch(r"KL-\d{5}", p) for p in pnrs) and any(re.fullmatch(r"rz\d{5}", p) for p in pnrs)
    assert any(re.fullmatch(r"\d{5}", p) for p in pnrs) and any(re.fullmatch(r"\d{7}", p) for p in pnrs)
    agbs = _spans(records, corpus.AGB)
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    assert {"-", ".", " "} <= {ch for a in agbs for ch in a if not ch.isdigit()}
    assert all(re.fullmatch(r"\d{9}", u) for u in _spans(records, corpus.UZI))
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert all(u.startswith("www.") for u in _spans(records, corpus.URL))
    institutions = set(_spans(records, corpus.INSTELLING))
    assert {"Tandartspraktijk Kollum", "Dental Clinics Rotterdam-Zuid"} <= institutions
    north = {"UMCG", "Martini Ziekenhuis", "Ommelander Ziekenhuis Groningen", "Medisch Centrum Leeuwarden"}
    south = {"Erasmus MC", "Maasstad Ziekenhuis", "Ikazia Ziekenhuis", "Franciscus Gasthuis"}
    assert len(institutions & north) >= 2 and len(institutions & south) >= 2


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1000 and len(keep) >= 4 * len(records)
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.95 * len(records)
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(re.fullmatch(r"\d\d", k) for k in keep)
    assert any(re.fullmatch(r"\d\d (O|MO|DO|MOD|B|L|MODB|OB|DOP)", k) for k in keep)
    assert any(re.fullmatch(r"DPSI [1-4][+-]?.*", k) for k in keep)
    assert any(re.fullmatch(r"[CVXAMEHTRP]\d\d\d?", k) for k in keep)  # NZa codes
    assert any(re.fullmatch(r"amoxicilline \d+ (mg|g).*", k) for k in keep)
    assert any(re.search(r"\d:\d{2,3}\.000", k) for k in keep)  # anaesthetic with adrenaline
    assert any(re.fullmatch(r"pocketdiepte \d mm", k) for k in keep)
    for eponym in ("Angle klasse", "Pell-Gregory", "Miller klasse", "Kennedy klasse", "Black klasse"):
        assert any(k.startswith(eponym) for k in keep), eponym
    for brand in ("Tetric EvoCeram", "Ledermix", "Cavitron", "Melag autoclaaf", "Eliquis 5 mg 2dd"):
        assert any(brand in k for k in keep), brand
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.DATUM: 500,
        corpus.TELEFOON: 300,
        corpus.GEBOORTEDATUM: 200,
        corpus.PATIENTNUMMER: 200,
        corpus.INSTELLING: 200,
        corpus.LOCATIE: 150,
        corpus.ADRES: 120,
        corpus.POSTCODE: 120,
        corpus.EMAIL: 100,
        corpus.BSN: 40,
        corpus.IBAN: 35,
        corpus.AGB: 30,
        corpus.LEEFTIJD: 30,
        corpus.URL: 20,
        corpus.POLISNUMMER: 20,
        corpus.UZI: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    assert sum(categories.values()) >= 1000
