"""The sixty-eighth development part (``eval/text/dev68.jsonl``, dental care around head-and-neck cancer): the
committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names
carry no title, BSNs pass the 11-proef and IBANs mod-97 (here and in the generator's own helpers), identifiers come in
many notations, the clinical strings of the topic are there, and every kind holds its share."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus, dev68_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "GB": 22, "TR": 26}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof|sup)\.?\s|^(de heer|meneer|mevrouw|tandarts|huisarts|kaakchirurg|collega)\s",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _plain(s: str) -> str:
    """Digits and letters only, fullwidth digits read as ASCII."""
    return re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", s))


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev68_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev68_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev68_corpus.generate() == records
    other = dev68_corpus.generate(24, seed=1)
    assert len(other) == 24 and [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev68_corpus.DEFAULT_RECORDS == 240
    assert dev68_corpus.DEFAULT_SEED == 20270468
    assert len(dev68_corpus.KINDS) == 12
    assert_fields_and_kinds(records, dev68_corpus.KINDS, 240 // len(dev68_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["id"] == f"dev68-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ":", ";")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 50
    for b in bsns:
        digits = _plain(b)
        assert len(digits) == 9 and bsn_ok(digits) and dev68_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)  # plain
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)  # 1234.56.782
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any("\u00a0" in b for b in bsns) and any("\u200b" in b for b in bsns)
    assert any(re.search(r"[\uff10-\uff19]", b) for b in bsns)  # fullwidth digits

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev68_corpus.iban_valid(i), i
    countries = Counter(_plain(i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 25 and len(countries) >= 3, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i and "-" not in i for i in ibans)
    assert any(" " in i for i in ibans) and any("-" in i for i in ibans)

    # the generator's own checks say no to what is wrong
    assert dev68_corpus.bsn_valid("123456782") and not dev68_corpus.bsn_valid("123456788")
    assert dev68_corpus.bsn_valid("1234.56.782") and not dev68_corpus.bsn_valid("12345678")
    assert dev68_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev68_corpus.iban_valid("NL92ABNA0417164300")
    assert dev68_corpus.iban_valid("nl91abna0417164300") and not dev68_corpus.iban_valid("NL91ABNA041716430")
    assert dev68_corpus.iban_valid("DE89370400440532013000") and dev68_corpus.iban_valid("GB82 WEST 1234 5698 7654 32")
    assert dev68_corpus.iban_valid("BE68 5390 0754 7034") and not dev68_corpus.iban_valid("BE69 5390 0754 7034")


def test_phones_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    dutch = []
    for p in phones:
        digits = _plain(p)
        assert 9 <= len(digits) <= 15, p
        if p.startswith(("+31", "0031")):
            national = digits[4:] if digits.startswith("0031") else digits[2:]
            dutch.append(national[1:] if national.startswith("0") else national)  # '+31 (0)6 ...'
        elif re.match(r"\(?0[1-9]", p):
            assert len(digits) == 10, p
            dutch.append(digits[1:])
    assert len(dutch) >= 200
    assert all(len(n) == 9 and n[0] != "0" for n in dutch), dutch
    shapes = {
        "06-12345678": r"06-\d{8}",
        "06 12 34 56 78": r"06( \d\d){4}",
        "0612345678": r"06\d{8}",
        "+31 6 1234 5678": r"\+31 6 \d{4} \d{4}",
        "0031 6 12345678": r"0031 6 \d{8}",
        "+31(0)6-12345678": r"\+31\(0\)6-\d{8}",
        "(06) 1234 5678": r"\(06\) \d{4} \d{4}",
        "020-1234567": r"0\d{2,3}-\d{6,7}",
        "(050) 361 2345": r"\(0\d{2,3}\) \d{3} \d{3,4}",
        "+31 (0)20 1234567": r"\+31 \(0\)\d{2,3} \d{6,7}",
        "no-break": r"06\u00a0\d{4}\u00a0\d{4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, p) for p in phones), name
    for prefix in ("+32", "+49", "+48", "+90", "+380", "+597", "+599", "00212", "+963", "+233"):
        assert any(p.startswith(prefix) for p in phones), prefix


def test_postcodes_addresses_places(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 120
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(re.fullmatch(r"\d{4} [A-Z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4} [a-z]{2}", p) for p in postcodes)
    assert any("\u00a0" in p for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 120
    assert any(a.startswith("Postbus ") for a in addresses)
    assert any(re.search(r"\d(A|B|-II|-1| hs|-bis)$", a) for a in addresses)  # additions
    assert any(a.startswith("Laan van ") for a in addresses)
    places = _spans(records, corpus.LOCATIE)
    assert any(p.isupper() for p in places) and any(" " in p for p in places)


def test_dates_in_many_notations(records):
    births = _spans(records, corpus.GEBOORTEDATUM)
    dates = _spans(records, corpus.DATUM)
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    shapes = {
        "03-03-1958": r"\d\d-\d\d-\d{4}",
        "3-3-1958": r"\d{1,2}-\d{1,2}-\d{4}",
        "03/03/1958": r"\d\d/\d\d/\d{4}",
        "03.03.1958": r"\d\d\.\d\d\.\d{4}",
        "1958-03-03": r"\d{4}-\d\d-\d\d",
        "3 maart 1958": rf"\d{{1,2}} ({months}) \d{{4}}",
        "3 mrt 1958": r"\d{1,2} [a-z]{3} \d{4}",
        "03-mrt-1958": r"\d\d-[a-z]{3}-\d{4}",
        "03-03-58": r"\d\d-\d\d-\d\d",
        "19580303": r"(19|20)\d{6}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in births), name
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}", d) for d in dates)  # 14/5
    assert any(re.fullmatch(rf"\d{{1,2}} ({months})", d) for d in dates)  # 14 mei
    assert len(births) >= 200 and len(dates) >= 400
    ages = _spans(records, corpus.LEEFTIJD)
    for shape in (r"\d\d-jarige", r"\d\d jaar", r"\d\d jr", r"\d\dj"):
        assert any(re.fullmatch(shape, a) for a in ages), shape


def test_names_as_people_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1100
    assert any(
        re.fullmatch(r"[A-Z](\.[A-Z])*\. (van|de|ter|in|van der|van den|van 't|in 't) [A-Z]\w+", n) for n in names
    )
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z][a-zà-ÿ]+", n) for n in names)  # Achternaam, Voornaam
    assert any(re.fullmatch(r"[A-Z]\w+, ([A-Z]\.)+ (van|de|ter|in|van der|van den|van 't|in 't)", n) for n in names)
    assert any(re.fullmatch(r"[A-Z' -]{3,}, [A-Z][a-z]+", n) for n in names)  # SURNAME, Given
    assert any(n.isupper() and " " in n and "," not in n for n in names)  # GIVEN SURNAME
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(re.search(r"[a-z]-(de |van )?[A-Z]", n) and "." in n for n in names)  # A. Bakker-de Vries
    assert any(re.fullmatch(r"[A-Z][a-z]*[A-Z]", n) for n in names)  # paraaf
    for word_name in ("Mei", "Juni", "April", "Roos", "Kees", "Bas", "Wil", "Joy", "Hope", "Sky"):
        assert any(word_name in n.split() for n in names), word_name
    for surname in ("Bakker", "Post", "Bos", "Kok", "Visser", "de Vries", "Schaap", "Vos", "Kroon", "Bloem"):
        assert any(surname in n for n in names), surname
    assert any(re.search(r"[ąćęłńóśźżığüşçöé]", n) for n in names)
    assert any("Tjon-A-Joe" in n for n in names) and any("Al-Hassan" in n for n in names)
    texts = "\n".join(r["text"] for r in records)
    for phrase in ("Geachte collega", "Met vriendelijke groet", "Beste ", "mvg\n", "t.a.v. ", "Van: ", "> Op "):
        assert phrase in texts, phrase


def test_institutions_numbers_and_mail(records):
    inst = _spans(records, corpus.INSTELLING)
    assert len(inst) >= 250
    assert any(i.startswith("Tandartspraktijk") for i in inst) and any(i.startswith("Huisartsenpraktijk") for i in inst)
    assert any(re.fullmatch(r"[A-Z]{2,4}", i) for i in inst)  # short names (MCL, AVL)
    agb = _spans(records, corpus.AGB)
    assert len(agb) >= 50 and all(len(_plain(a)) == 8 for a in agb)
    assert any(re.fullmatch(r"\d\d-\d{6}", a) for a in agb) and any(re.fullmatch(r"\d\d(\.\d\d){3}", a) for a in agb)
    assert all(re.fullmatch(r"\d{11}", u) for u in _spans(records, corpus.UZI))  # BIG numbers
    patnr = _spans(records, corpus.PATIENTNUMMER)
    assert len(patnr) >= 150
    assert any(p.startswith("Z") for p in patnr) and any(p.startswith("DC-") for p in patnr)
    assert len(_spans(records, corpus.POLISNUMMER)) >= 50
    mails = _spans(records, corpus.EMAIL)
    assert len(mails) >= 100 and all(re.fullmatch(r"[a-z0-9._-]+@[a-z0-9.-]+\.[a-z]+", m) for m in mails)
    urls = _spans(records, corpus.URL)
    assert urls and all(re.fullmatch(r"(https://|www\.)[a-z0-9./-]+", u) for u in urls)


def test_clinical_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 2000
    assert len(keep) / len(records) >= 4
    patterns = {
        "element": r"(element|elem\.|de) \d\d",
        "bare element": r"[1-4][1-8]",
        "TNM": r"y?[cp]T\d[ab]?N\d[abc]?(M0)?",
        "dose": r"\d+(,\d+)? Gy (in|/) \d\d (fracties|fr)",
        "DPSI": r"DPSI [1-4][+-]?",
        "ORN class": r"(Notani klasse|Marx stadium) I+",
        "eponym class": r"(Kennedy|Cawood en Howell) klasse [IV]+",
        "drug with dose": r"(pentoxifylline|clindamycine|amoxicilline)\b.* \d+ mg \ddd",
        "fluoride": r"Duraphat \d{4} ppm",
        "mouth opening": r"(mondopening|MIO) \d\d mm",
        "code": r"[CHMXVAEJ]\d\d",
        "chemo": r"cisplatine \d+ mg/m2.*",
        "trismus aid": r"TheraBite|Dynasplint",
        "insurer": r"Zilveren Kruis|CZ|VGZ|Menzis|DSW|ONVZ|a\.s\.r\.|Zorg en Zekerheid|Univé|FBTO",
        "grade": r"(mucositis|xerostomie) .*graad \d",
    }
    for name, pattern in patterns.items():
        assert any(re.fullmatch(pattern, k) for k in keep), name
    categories = Counter(s["category"] for r in records for s in r["spans"])
    assert sum(categories.values()) >= 3500
    minimum = {
        corpus.PERSOON: 1100,
        corpus.DATUM: 400,
        corpus.TELEFOON: 250,
        corpus.INSTELLING: 250,
        corpus.LOCATIE: 200,
        corpus.GEBOORTEDATUM: 200,
        corpus.PATIENTNUMMER: 150,
        corpus.EMAIL: 100,
        corpus.ADRES: 100,
        corpus.POSTCODE: 100,
        corpus.LEEFTIJD: 100,
        corpus.AGB: 50,
        corpus.POLISNUMMER: 50,
        corpus.BSN: 50,
        corpus.IBAN: 40,
        corpus.UZI: 20,
        corpus.URL: 20,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
