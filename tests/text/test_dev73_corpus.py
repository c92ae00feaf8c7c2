"""The seventy-third development part (``eval/text/dev73.jsonl``, a dental group's phone system and call centre):
the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds,
names carry no title, BSNs (also spoken digit by digit) pass the 11-proef and IBANs (also as speech-to-text writes
them) mod-97, phones have ten digits (also spoken in digits or pairs), identifiers come in many notations, and
every kind holds its share of clinical strings."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev73_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|dokter)\s", re.I)
_DIGITS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"]
_TEENS = ["tien", "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "negentien"]
_TENS = ["", "", "twintig", "dertig", "veertig", "vijftig", "zestig", "zeventig", "tachtig", "negentig"]


def _number(word: str) -> str | None:
    """A Dutch number word of 0-99 as its digits ('drieënveertig' -> '43'), None for any other word."""
    if word in _DIGITS:
        return str(_DIGITS.index(word))
    if word in _TEENS:
        return str(10 + _TEENS.index(word))
    if word in _TENS:
        return str(10 * _TENS.index(word))
    m = re.fullmatch(
        r"(een|twee|drie|vier|vijf|zes|zeven|acht|negen)(en|ën)(twintig|dertig|veertig|vijftig|"
        r"zestig|zeventig|tachtig|negentig)",
        word,
    )
    if m:
        return str(10 * _TENS.index(m.group(3)) + _DIGITS.index(m.group(1)))
    return None


def _digits(value: str) -> str:
    """The digits of an identifier written in figures or spoken in words."""
    if re.search(r"\d", value):
        return re.sub(r"\D", "", value)
    return "".join(_number(w) or "" for w in value.split())


def _spoken(value: str) -> bool:
    return not re.search(r"\d", value)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev73_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev73_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev73_corpus.generate(24) == records[:24]
    other = dev73_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev73_corpus.DEFAULT_RECORDS == 240
    assert dev73_corpus.DEFAULT_SEED == 20270473
    assert_fields_and_kinds(records, dev73_corpus.KINDS, 240 // len(dev73_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["id"] == f"dev73-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 30
    for b in bsns:
        digits = _digits(b)
        assert len(digits) == 9 and bsn_ok(digits) and dev73_corpus.bsn_valid(digits), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d\d-\d{3}-\d\d-\d\d", b) for b in bsns)
    assert sum(_spoken(b) for b in bsns) >= 5  # 'een twee drie ...'

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev73_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 10 and len(countries) >= 4, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans)
    assert any(re.fullmatch(r"[a-z]{2} \d\d [a-z]{4} \d{10}", i) for i in ibans)  # speech-to-text

    # the generator's own checks say no to what is wrong
    assert dev73_corpus.bsn_valid("123456782") and not dev73_corpus.bsn_valid("123456788")
    assert dev73_corpus.bsn_valid("1234.56.782") and not dev73_corpus.bsn_valid("12345678")
    assert dev73_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev73_corpus.iban_valid("NL92ABNA0417164300")
    assert dev73_corpus.iban_valid("nl91abna0417164300") and dev73_corpus.iban_valid("DE89370400440532013000")
    assert dev73_corpus.iban_valid("BE68 5390 0754 7034") and not dev73_corpus.iban_valid("BE68 5390 0754 7035")


def test_phones_in_figures_and_spoken(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 500
    dutch = 0
    for p in phones:
        digits = _digits(p)
        if p.startswith(("+31", "0031", "31")):
            national = digits[4:] if digits.startswith("0031") else digits[2:]
            national = national[1:] if national.startswith("0") else national  # '+31 (0)6 ...'
            assert len(national) == 9 and national[0] != "0", p
            dutch += 1
        elif p.startswith(("0", "(0", "nul")):
            assert len(digits) == 10, p
            dutch += 1
        else:
            assert p.startswith("+") and 10 <= len(digits) <= 13, p
    assert dutch >= 400
    for notation in (
        r"06-\d{8}",
        r"06 \d\d \d\d \d\d \d\d",
        r"\+31 6 \d{4} \d{4}",
        r"\+31\d{9}",
        r"31\d{9}",
        r"0031\d{9}",
        r"\+31 \(0\)\d+ \d+",
        r"\(0\d\d\) \d{3} \d\d \d\d",
        r"06\.\d\d\.\d\d\.\d\d\.\d\d",
        r"0\d{9}",
        r"0\d{2,3} - \d{6,7}",
    ):
        assert any(re.fullmatch(notation, p) for p in phones), notation
    for prefix in ("+32", "+49", "+44", "+90", "+48", "+212", "+597", "+380", "+5999"):
        assert any(p.startswith(prefix) for p in phones), prefix
    spoken = [p for p in phones if _spoken(p)]
    assert len(spoken) >= 30
    assert any(all(w in _DIGITS for w in p.split()) for p in spoken)  # digit by digit
    assert any(any(_number(w) and len(_number(w)) == 2 for w in p.split()) for p in spoken)  # in pairs


def test_postcodes_addresses_and_dates(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 80
    for p in postcodes:
        if not _spoken(p):
            assert re.fullmatch(r"[1-9]\d{3}( |-)?[A-Za-z]{2}", p), p
            assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    for shape in (r"\d{4} [A-Z]{2}", r"\d{4}[A-Z]{2}", r"\d{4} [a-z]{2}", r"\d{4}-[A-Z]{2}"):
        assert any(re.fullmatch(shape, p) for p in postcodes), shape
    assert any(re.fullmatch(r"[a-zë]+( [a-zë]+)* [a-z] [a-z]", p) for p in postcodes)  # spoken

    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 80
    assert any(re.search(r"\d(-II|-1| bis|-hs| zw|[AaBb])$", a) for a in addresses)  # additions
    assert any(a.startswith("Laan van ") for a in addresses)
    assert any(_spoken(a) for a in addresses)  # 'kerkstraat twaalf'

    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2}-\d{1,2}-\d\d",
        r"\d\d/\d\d/\d{4}",
        r"\d{4}-\d\d-\d\d",
        rf"\d{{1,2}} ({months}) \d{{4}}",
        r"\d\d\.\d\d\.\d{4}",
        r"\d\d-\d\d",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 120
    assert any(re.fullmatch(rf"[a-zë]+ ({months}) (negentien|tweeduizend)( [a-zë]+)?", d) for d in births)


def test_names_as_call_centres_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(
        re.fullmatch(r"[A-Z]\.([A-Z]\.)? (van|de|ter|in|van der|van den|van 't|in 't) [A-Z][\w-]+", n) for n in names
    )  # initials and particles
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z][\w -]+", n) for n in names)  # 'Achternaam, Voornaam'
    assert any(
        re.fullmatch(r"[A-Z][\w]+, [A-Z][\w]+ (de|van|van der|ter|van den)", n) for n in names
    )  # 'Vries, Anouk de'
    assert any(re.fullmatch(r"[A-ZÀ-Ž' -]{3,} [A-ZÀ-Ž' -]{3,}", n) for n in names)  # capitals
    assert any(n.islower() and " " in n for n in names)  # speech-to-text, chat
    assert any(re.fullmatch(r"[a-z] [a-z] [a-z]( [a-z])+", n) for n in names)  # spelled out
    assert any(re.fullmatch(r"[a-z]\.[a-z'-]+", n) for n in names)  # login
    assert any(re.fullmatch(r"[A-Za-z]{2,4}", n) for n in names)  # paraaf
    assert any(re.search(r"[a-z]-(de |van )?[A-Z]", n) for n in names)  # married name
    assert any(re.search(r"[ąćęłńóśźżığüşçöÉé]", n) for n in names)
    for word_name in ("Mei", "Juni", "April", "Roos", "Kees", "Bas", "Wil", "Joy", "Hope", "Sky"):
        assert word_name in names or any(n.startswith(word_name + " ") for n in names), word_name
    for surname in ("Bakker", "Post", "Bos", "Kok", "Visser", "Schaap", "Vos", "Kroon", "Bloem", "Winter"):
        assert any(re.search(rf"\b{surname}\b", n) for n in names), surname


def test_other_identifiers(records):
    emails = _spans(records, corpus.EMAIL)
    assert all("@" in e and " " not in e for e in emails if "@" in e)
    assert any(" punt " in e and (" at " in e or " apenstaartje " in e) for e in emails)  # spoken
    assert all(re.fullmatch(r"https://dcn-afspraak\.nl/x/\w{6}", u) for u in _spans(records, corpus.URL))
    numbers = _spans(records, corpus.PATIENTNUMMER)
    for shape in (r"DCN-\d{7}", r"DCN \d{7}", r"dcn\d{7}", r"P\d{7}", r"\d{7}"):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    assert any(_spoken(n) and len(_digits(n)) == 7 for n in numbers)
    agbs = _spans(records, corpus.AGB)
    assert agbs and all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(re.fullmatch(r"\d+ jaar", a) for a in ages) and any(re.fullmatch(r"\d+-jarige", a) for a in ages)
    assert any(re.fullmatch(r"[a-zë]+ jaar", a) for a in ages) and any(a.endswith(" jr") for a in ages)
    institutions = _spans(records, corpus.INSTELLING)
    assert any(i.startswith("Dental Clinics ") for i in institutions)
    assert any(i.islower() for i in institutions)  # a practice as speech-to-text heard it


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 960 and len(keep) >= 4 * len(records)
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(re.fullmatch(r"(de|kies) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[CVMXEHA]\d\d", k) for k in keep)  # NZa codes
    assert any(re.fullmatch(r"DPSI [0-4]-?", k) for k in keep)
    assert any(re.fullmatch(r"amoxicilline 500 mg.*", k) for k in keep)
    name_like = (
        "Angle klasse II",
        "Angle klasse III",
        "Miller klasse 2",
        "Black klasse II",
        "Kennedy klasse I",
        "Le Fort I",
        "Hedström-vijl",
        "Gracey curette",
        "Straumann BLT 4.1 x 10 mm",
        "Nobel Active 3.5",
        "Tetric EvoCeram",
        "Filtek Supreme",
        "Ultracain D-S forte 1:100.000",
        "Eliquis 5 mg",
    )
    present = [k for k in name_like if k in keep]
    assert len(present) >= 10, present  # capitalised brands and eponyms that look like names
    assert sum(k.startswith(("Angle", "Miller", "Black", "Kennedy", "Le Fort")) for k in keep) >= 10
    assert any(k in ("ibuprofen vierhonderd milligram", "amoxicilline vijfhonderd milligram") for k in keep)
    kinds = Counter()
    for r in records:
        kinds[r["kind"]] += len(r["keep"])
    assert all(n >= 40 for n in kinds.values()), kinds
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.TELEFOON: 500,
        corpus.DATUM: 300,
        corpus.INSTELLING: 200,
        corpus.GEBOORTEDATUM: 120,
        corpus.EMAIL: 100,
        corpus.LOCATIE: 100,
        corpus.PATIENTNUMMER: 80,
        corpus.ADRES: 80,
        corpus.POSTCODE: 80,
        corpus.URL: 40,
        corpus.LEEFTIJD: 30,
        corpus.IBAN: 30,
        corpus.BSN: 30,
        corpus.AGB: 15,
        corpus.POLISNUMMER: 15,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    assert sum(categories.values()) >= 3000
