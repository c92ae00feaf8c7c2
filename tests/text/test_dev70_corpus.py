"""The seventieth development part (``eval/text/dev70.jsonl``, prescriptions and medication in a dental practice):
the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds,
names carry no title, BSNs pass the 11-proef and IBANs mod-97 (by this test's own code and the generator's),
identifiers come in many notations, drugs with their doses are clinical strings, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev70_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "DE": 22, "BE": 16, "GB": 22, "TR": 26}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|apr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|apotheker|cardioloog|collega)\s", re.I
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _keep(records: list[dict]) -> list[str]:
    return [k["text"] for r in records for k in r["keep"]]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev70_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev70_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev70_corpus.generate() == records
    other = dev70_corpus.generate(24, dev70_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev70_corpus.DEFAULT_RECORDS == 240
    assert dev70_corpus.DEFAULT_SEED == 20270470
    assert len(dev70_corpus.KINDS) == 12
    assert_fields_and_kinds(records, dev70_corpus.KINDS, 240 // len(dev70_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    assert all(r["id"] == f"dev70-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ".,", ":")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 80
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev70_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any("\u202f" in b for b in bsns) and any("\u200b" in b for b in bsns)
    assert any(re.fullmatch(r"\d\d-\d{3}-\d\d-\d\d", b) for b in bsns)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev70_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 25 and len(countries) >= 2, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans) and any(" " in i for i in ibans)

    # the generator's own checks say no to what is wrong
    assert dev70_corpus.bsn_valid("123456782") and not dev70_corpus.bsn_valid("123456788")
    assert dev70_corpus.bsn_valid("1234.56.782") and not dev70_corpus.bsn_valid("12345678")
    assert dev70_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev70_corpus.iban_valid("NL92ABNA0417164300")
    assert dev70_corpus.iban_valid("DE89370400440532013000") and dev70_corpus.iban_valid("nl91abna0417164300")


def test_phones_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 250
    for p in phones:
        assert 9 <= len(re.sub(r"\D", "", p)) <= 13, p
    for shape in (
        r"06-\d{8}",
        r"06 \d\d \d\d \d\d \d\d",
        r"\+31 6 \d{8}",
        r"\+316\d{8}",
        r"0031 6 \d{4} \d{4}",
        r"\+31 \(0\)6-\d{8}",
        r"\(06\) \d{8}",
        r"06\.\d\d\.\d\d\.\d\d\.\d\d",
        r"0\d{2,3}-\d{6,7}",
        r"\(0\d{2,3}\) \d{6,7}",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    assert any("\u00a0" in p for p in phones)
    assert any(re.search(r"[０-９]", p) for p in phones)  # fullwidth digits from a fax's OCR
    for prefix in ("+32", "+49", "+90", "+48", "+380", "+597", "+5999", "+212"):
        assert any(p.startswith(prefix + " ") for p in phones), prefix


def test_postcodes_addresses_dates(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 120
    for p in postcodes:
        m = re.fullmatch(r"([1-9]\d{3})[ \u00a0]?([A-Za-z]{2})", p)
        assert m and m.group(2).upper() not in ("SA", "SD", "SS"), p
    assert any(re.fullmatch(r"\d{4}[a-z]{2}|\d{4} [a-z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d(-II| hs|a|B)$", a) for a in addresses)
    assert any(a.startswith("Laan van ") for a in addresses)
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2}-\d{1,2}-\d{4}",
        r"\d\d/\d\d/\d{4}",
        r"\d\d\.\d\d\.\d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}",
        r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}",
        r"\d\d-\d\d-\d\d",
        r"\d{1,2}[-/]\d{1,2}",
    ):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 200
    assert any(re.fullmatch(r"\d+( jaar|-jarige| jr)", a) for a in _spans(records, corpus.LEEFTIJD))


def test_names_in_all_their_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 800
    assert any(re.fullmatch(r"[A-Z]\.([A-Z]\.)? [a-z' ]+ [A-Z]\w+", n) for n in names)  # 'G.J. van den Berg'
    assert any(re.fullmatch(r"[A-Z][\w'-]+, [A-Z]\w+ (van|de|ter|in|van der|van den|van 't|in 't)", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÀ-ÝİÇÖŞ'-]{3,}, [A-Z]\w+", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z][\w]+, [A-Z]\.", n) for n in names)  # Surname, I.
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(n.isupper() and " " in n and "," not in n for n in names)  # capitals
    assert any(re.fullmatch(r"[a-z]{2,4}", n) for n in names)  # a paraaf
    assert any(re.search(r"\w-(de |van |in 't |ter )?[A-Z]\w+$", n) for n in names)  # married, hyphenated
    assert any(re.search(r"[ıİşŞçÇğöÖüÜłŁśńź]", n) for n in names)
    for word_name in ("Mei", "Juni", "April", "Roos", "Kees", "Bas", "Wil", "Joy", "Hope", "Sky"):
        assert any(re.search(rf"\b{word_name}\b", n) for n in names), word_name
    for word_surname in ("Bakker", "Post", "Bos", "Kok", "Visser", "Smit", "Mulder", "Vos", "Kroon", "Bloem", "Pil"):
        assert any(re.search(rf"\b{word_surname}\b", n, re.I) for n in names), word_surname
    texts = "\n".join(r["text"] for r in records)
    for s in ("Met vriendelijke groet,", "Geachte collega", "Van: ", "Onderwerp: ", "t.a.v. ", "Namens "):
        assert s in texts, s


def test_institutions_and_references(records):
    inst = _spans(records, corpus.INSTELLING)
    assert len(inst) >= 300
    assert any(i.startswith("Apotheek ") for i in inst) and any(i.startswith("Trombosedienst ") for i in inst)
    assert any(i.isupper() for i in inst)  # a fax header
    agb = _spans(records, corpus.AGB)
    assert len(agb) >= 80 and all(len(re.sub(r"\D", "", a)) == 8 for a in agb)
    assert any(re.fullmatch(r"\d\d-\d{6}", a) for a in agb) and any(re.fullmatch(r"\d\d(\.\d\d){3}", a) for a in agb)
    assert len(_spans(records, corpus.UZI)) >= 20
    assert len(_spans(records, corpus.POLISNUMMER)) >= 20
    pnr = _spans(records, corpus.PATIENTNUMMER)
    assert len(pnr) >= 80 and len({re.sub(r"\d", "9", p) for p in pnr}) >= 5
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert len(_spans(records, corpus.URL)) >= 15


def test_clinical_strings(records):
    keep = _keep(records)
    assert len(keep) >= 1000
    assert len(keep) / len(records) >= 4
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.9 * len(records)
    for brand in ("Marcoumar", "Xarelto", "Eliquis", "Fosamax", "Prolia", "OxyNorm", "Augmentin", "Dalacin C"):
        assert any(k.startswith(brand) for k in keep), brand
    assert any(re.fullmatch(r"INR \d,\d", k) for k in keep)
    assert "INR 2,0-3,0" in keep
    assert any(re.fullmatch(r"amoxicilline \d+ ?mg.*", k, re.I) for k in keep)
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(re.fullmatch(r"(extractie|alveolitis|pulpitis) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"MRONJ stadium [123]", k) for k in keep)
    assert any(re.fullmatch(r"[CXHAVET]\d\d\d?", k) for k in keep)  # tariff codes
    assert any(k in ("ziekte van Kahler", "M. Paget", "Quincke-oedeem", "Stevens-Johnson-syndroom") for k in keep)
    assert any(re.search(r"\d(,\d+)? ?(mg|IE|mcg|ml|g)\b", k) for k in keep)


def test_sizes(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    assert sum(categories.values()) >= 1000
    minimum = {
        corpus.PERSOON: 800,
        corpus.DATUM: 300,
        corpus.INSTELLING: 300,
        corpus.TELEFOON: 250,
        corpus.GEBOORTEDATUM: 200,
        corpus.LOCATIE: 150,
        corpus.POSTCODE: 120,
        corpus.ADRES: 120,
        corpus.PATIENTNUMMER: 80,
        corpus.AGB: 80,
        corpus.BSN: 80,
        corpus.EMAIL: 80,
        corpus.LEEFTIJD: 40,
        corpus.IBAN: 30,
        corpus.UZI: 20,
        corpus.POLISNUMMER: 20,
        corpus.URL: 15,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
