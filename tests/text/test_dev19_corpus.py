"""The nineteenth development part (``eval/text/dev19.jsonl``, the everyday practice desk): the committed file is what
its generator writes, ids are unique, every span is exact and disjoint, names carry no title, BSNs pass the 11-proef
(Belgian national numbers their 97-check), IBANs of three countries mod-97, phones and postcodes have the shapes of
their countries (the Netherlands, Belgium, Germany, Curaçao, Bonaire, Aruba), the desk's own numbers (invoices,
debtors, collection files) are patient numbers, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev19_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|hr|fam|pt|mr|sr|sra)\.?\s|^(de heer|meneer|mevrouw|tandarts|herr|frau|tanta|wela|mama|tata)\s",
    re.I,
)


def _be_ok(number: str) -> bool:
    d = re.sub(r"\D", "", number)
    if len(d) != 11:
        return False
    return int(d[9:]) in (97 - int(d[:9]) % 97, 97 - int("2" + d[:9]) % 97)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _before(records: list[dict], category: str, width: int = 20) -> list[tuple[str, str]]:
    """Each span of a category with the text just before it."""
    return [
        (r["text"][max(0, s["start"] - width) : s["start"]], s["text"])
        for r in records
        for s in r["spans"]
        if s["category"] == category
    ]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev19_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev19_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev19_corpus.DEFAULT_RECORDS == 240
    assert dev19_corpus.DEFAULT_SEED == 20261221
    assert len(dev19_corpus.KINDS) == 12
    assert_fields_and_kinds(records, dev19_corpus.KINDS, 240 // len(dev19_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)  # in the writer's order


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)
    assert not any(c in r["text"] for r in records for c in "\ue000\ue001\ue002")  # no markup left behind


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
    assert len(dutch) >= 20 and len(belgian) >= 5 and len(dutch) + len(belgian) == len(bsns)
    for b in dutch:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev19_corpus.bsn_valid(b), b
    for b in belgian:
        assert re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d|\d{11}", b), b
        assert _be_ok(b) and dev19_corpus.be_national_number_valid(b), b
    # BSNs in more than one grouping, and a Belgian number written whole as well as in its groups
    assert any(re.fullmatch(r"\d{9}", b) for b in dutch) and any(re.search(r"[ .]", b) for b in dutch)
    assert any("-" in b for b in belgian) and any(b.isdigit() for b in belgian)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 35
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev19_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 20 and countries["BE"] >= 3 and countries["DE"] >= 3, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans) and any(" " in i for i in ibans)

    # the generator's own checks say no to what is wrong
    assert dev19_corpus.bsn_valid("123456782") and not dev19_corpus.bsn_valid("123456788")
    assert dev19_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev19_corpus.iban_valid("NL92ABNA0417164300")
    assert dev19_corpus.iban_valid("DE89370400440532013000") and dev19_corpus.iban_valid("BE68 5390 0754 7034")
    assert dev19_corpus.be_national_number_valid("85.07.30-033.28")
    assert not dev19_corpus.be_national_number_valid("85.07.30-033.29")
    assert dev19_corpus.be_national_number_valid("01.02.03-004.67")  # born in 2001: the check with a 2 before


def test_belgian_numbers_belong_to_their_dates_of_birth(records):
    """A rijksregisternummer starts with its holder's date of birth; in this part it stands beside it."""
    for r in records:
        births = [s["text"] for s in r["spans"] if s["category"] == corpus.GEBOORTEDATUM]
        for s in r["spans"]:
            if s["category"] == corpus.BSN and len(re.sub(r"\D", "", s["text"])) == 11:
                d = re.sub(r"\D", "", s["text"])
                assert any(
                    re.sub(r"\D", "", b) in (f"{d[4:6]}{d[2:4]}19{d[:2]}", f"{d[4:6]}{d[2:4]}20{d[:2]}") for b in births
                ), (r["id"], s["text"], births)


def test_phones_of_six_countries(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 350
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p.replace("(0)", "")).removeprefix("00")) <= 13, p
    dutch = []
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith(("+31", "0031")):
            national = digits[4:] if digits.startswith("0031") else digits[2:]
            dutch.append(national[1:] if national.startswith("0") else national)  # '+31 (0)6 ...'
        elif re.match(r"\(?0[1-9]", p) and len(digits) == 10 and not re.match(r"0[1-9]\d?/|04\d\d[ /]", p):
            dutch.append(digits[1:])
    assert len(dutch) >= 250
    assert all(len(n) == 9 and n[0] != "0" for n in dutch), [n for n in dutch if len(n) != 9]
    belgian = [
        p for p in phones if p.startswith(("+32", "0032")) or re.fullmatch(r"04\d\d( \d\d){3}|0\d{1,3}/[\d.]+", p)
    ]
    assert len(belgian) >= 12, belgian
    for prefixes, least in ((("+32", "0032"), 4), (("+49", "0049"), 5), (("+599", "00599", "(+599)", "(599)"), 20)):
        assert sum(p.startswith(prefixes) for p in phones) >= least, prefixes
    assert sum(p.startswith(("+297", "00297", "(297)")) for p in phones) >= 10
    assert any(re.fullmatch(r"04\d\d/\d\d\.\d\d\.\d\d", p) for p in phones)  # Belgian GSM notation
    assert any(re.fullmatch(r"0\d{3,4} ?/ ?\d{5,7}", p) for p in phones)  # German 'Vorwahl / Nummer'


def test_postcodes_and_addresses(records):
    postcodes = _spans(records, corpus.POSTCODE)
    dutch = [p for p in postcodes if re.fullmatch(r"\d{4} ?[A-Za-z]{2}", p)]
    assert len(dutch) >= 120
    for p in dutch:
        assert p[0] != "0" and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(p[-2:].islower() for p in dutch) and any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in dutch)
    belgian = [p for p in postcodes if re.fullmatch(r"(B-)?\d{4}", p)]
    german = [p for p in postcodes if re.fullmatch(r"(D-)?\d{5}", p)]
    assert len(belgian) >= 10 and len(german) >= 10
    assert len(dutch) + len(belgian) + len(german) == len(postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert sum(a.startswith("Postbus ") for a in addresses) >= 15
    assert any(re.search(r" bus \d+$", a) for a in addresses)  # Belgian box number
    assert any(re.search(r"(straße|Str\.) \d", a) for a in addresses)  # German
    assert sum(a.startswith(("Kaya ", "Caya ")) for a in addresses) >= 10  # Papiamento streets
    assert any(re.search(r"\d(-II| hs| bis| zw|[a-zA-Z])$", a) for a in addresses)  # Dutch additions
    assert any(a.startswith(("kamer ", "app. ", "afd. ")) for a in addresses)  # a room in a care home


def test_dates_in_many_notations(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months = "|".join(dev19_corpus.MONTHS)
    shapes = {
        "14-3": r"\d{1,2}-\d{1,2}",
        "14/3": r"\d{1,2}/\d{1,2}",
        "14-03-2025": r"\d\d-\d\d-\d{4}",
        "14-3-25": r"\d{1,2}-\d{1,2}-\d\d",
        "14/03/2025": r"\d\d/\d\d/\d{4}",
        "14.03.2025": r"\d\d\.\d\d\.\d{4}",
        "2025-03-14": r"\d{4}-\d\d-\d\d",
        "14 maart 2025": rf"\d{{1,2}} ({months}) \d{{4}}",
        "14 maart": rf"\d{{1,2}} ({months})",
        "14 mrt 2025": r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}",
        "14. März 2025": r"\d{1,2}\. [A-ZÄ][a-zä]+ \d{4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dates), name
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 100
    texts = "\n".join(r["text"] for r in records)
    assert re.search(r"°\d", texts)  # the Belgian 'born' sign before a date of birth


def test_names_as_the_desk_writes_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1300
    assert any(re.fullmatch(r"[A-ZÀ-ÝĞŞİŁŚŻŹĆŃ' -]{3,}, [A-Z][\w -]+", n) for n in names)  # SURNAME, Given
    assert any(
        re.fullmatch(r"[A-Z]\w+, ([A-Z]\.)+ (van|de|der|den|ter|in|'t|op|uit)( \w+)*", n) for n in names
    )  # particles last
    assert sum(n.islower() and " " in n for n in names) >= 20  # typed in lower case
    assert any(re.search(r"[ąćęłńóśźżığüşçöäüßéèë]", n) for n in names)
    for month in ("Mei", "Juni", "April"):
        assert month in names, month  # given names that are months
    words = ("Post", "Visser", "Bakker", "de Wit", "Storm", "Kok", "Bloem", "Winter", "Mol", "Vos", "Schaap", "Veld")
    found = [w for w in words if any(n == w or n.endswith(" " + w) for n in names)]
    assert len(found) >= 6, found  # surnames that are words
    # staff signing with initials, and colleagues called with an @
    assert any(re.fullmatch(r"[A-Z][a-z]{0,3}[A-Z]|[a-z]{2,4}", n) for n in names)
    texts = [r["text"] for r in records]
    assert sum(bool(re.search(r"@[a-zà-ž]+ kun jij", t)) for t in texts) >= 3
    # a Papiamento kinship word or greeting before the name
    before = _before(records, corpus.PERSOON, 8)
    assert any(
        re.search(r"\b(tanta|wela|mama|tata|tio|welo|ruman) di $|\b(tata|mama|yu|ruman|sobrin[oa]) $", b)
        for b, _ in before
    )
    for greeting in ("Bon dia", "danki", "Masha danki", "Met vriendelijke groet", "Geachte", "Sehr geehrte"):
        assert any(greeting in t for t in texts), greeting


def test_desk_numbers_with_and_without_labels(records):
    numbers = _before(records, corpus.PATIENTNUMMER, 14)
    assert len(numbers) >= 250
    labelled = [
        n
        for b, n in numbers
        if re.search(r"(nr\.?|pnr|pt|#|dossier|ptnr:|deb\.?|factuur|kenmerk|cliëntnr)\s?:?$", b, re.I)
    ]
    bare = [n for b, n in numbers if re.search(r"(\| |\t|; |\()$", b)]
    assert len(labelled) >= 100 and len(bare) >= 40, (len(labelled), len(bare))
    assert any(re.search(r"factuur $", b) for b, _ in numbers)  # invoice numbers
    assert any(re.search(r"deb(\.nr|\.|iteurnummer) $", b) for b, _ in numbers)  # debtor numbers
    assert any(n.startswith(("P-", "P0")) for _, n in numbers) and any(
        n.startswith(("F20", "DEB-")) for _, n in numbers
    )


def test_other_references(records):
    policies = _before(records, corpus.POLISNUMMER, 18)
    assert any("Versichertennr" in b for b, _ in policies) and any("aansluitingsnr" in b for b, _ in policies)
    assert any(re.fullmatch(r"3-\d{5}-\d\d-\d{3}", a) for a in _spans(records, corpus.AGB))  # RIZIV as AGB
    urls = _spans(records, corpus.URL)
    assert len(urls) >= 3 and all(re.fullmatch(r"(https://)?(www\.)?[a-z0-9-]+\.nl", u) for u in urls), urls
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    domains = {e.rsplit(".", 1)[-1] for e in _spans(records, corpus.EMAIL)}
    assert {"nl", "be", "de", "com"} <= domains, domains
    institutions = _spans(records, corpus.INSTELLING)
    assert any(i.startswith("Zahnarztpraxis") for i in institutions)
    assert any(i in ("Fundashon Mariadal", "Bonaire Dental Care", "Aruba Smile Clinic") for i in institutions)
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(a.isdigit() for a in ages) and any(a.endswith(("jr", "jaar", "j")) for a in ages)
    # countries and islands stay: they are not annotated anywhere
    assert not {"Curaçao", "Aruba", "Bonaire", "België", "Duitsland"} & set(_spans(records, corpus.LOCATIE))


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 330
    assert sum(bool(r["keep"]) for r in records) >= 140
    assert any(re.fullmatch(r"(element|elem\.|el\.|kies|tand|melkkies) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[ACEHMRTVX]\d\d\d?( \dx)?", k) for k in keep)  # NZa codes
    assert any(re.fullmatch(r"[a-z]+ \d+ mg( 3dd)?", k) for k in keep)  # drugs with doses
    assert any(re.fullmatch(r"Zahn \d\d", k) for k in keep)  # a German colleague's tooth
    assert any(k in ("OPT", "CBCT", "BW's", "bitewings") for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1300,
        corpus.DATUM: 450,
        corpus.TELEFOON: 350,
        corpus.PATIENTNUMMER: 250,
        corpus.LOCATIE: 220,
        corpus.ADRES: 200,
        corpus.POSTCODE: 170,
        corpus.INSTELLING: 110,
        corpus.GEBOORTEDATUM: 100,
        corpus.EMAIL: 90,
        corpus.IBAN: 35,
        corpus.BSN: 30,
        corpus.POLISNUMMER: 25,
        corpus.LEEFTIJD: 20,
        corpus.AGB: 8,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    direct = sum(categories[c] for c in corpus.DIRECT_IDENTIFIERS)
    assert direct >= 2600
