"""The sixteenth development part (``eval/text/dev16.jsonl``, administrative and system text around a dental practice:
lab work orders, agenda exports, SMS and e-mail reminders, referral-platform messages, HL7 segments, CSV lines, logs,
X-ray requests, authorisations, declaration returns and OCR of paper forms): the committed file is what its generator
writes, ids are unique, every span is exact and disjoint, names carry no title, BSNs pass the 11-proef and IBANs
mod-97, phones and postcodes have their shapes, and the layouts hold what the part promises (addresses with additions,
post boxes, care homes and addresses abroad; patient numbers in ten formats; dates of birth in a dozen notations)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev16_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof)\.?\s|^(de heer|meneer|mevrouw|tandarts|collega)\s", re.I)
OCR_DIGITS = str.maketrans({"O": "0", "l": "1", "S": "5", "B": "8"})


def _spans(records: list[dict], category: str, kind: str | None = None) -> list[str]:
    return [
        s["text"] for r in records if kind is None or r["kind"] == kind for s in r["spans"] if s["category"] == category
    ]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev16_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev16_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev16_corpus.DEFAULT_RECORDS == 240
    assert dev16_corpus.DEFAULT_SEED == 20261218
    assert len(dev16_corpus.KINDS) == 12
    assert_fields_and_kinds(records, dev16_corpus.KINDS, 240 // len(dev16_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)  # in the writer's order
    for r in records:
        assert all(list(s) == ["start", "end", "category", "text"] for s in r["spans"] + r["keep"]), r["id"]


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
                assert "\n" not in s["text"], (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 80
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert len(digits) == 9 and bsn_ok(digits) and dev16_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d\d \d\d \d\d \d{3}", b) for b in bsns)
    assert any("  " in b or re.fullmatch(r"\d{4} \d{3} \d\d|\d\d \d{3} \d\d \d\d", b) for b in bsns)  # the scanner's

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev16_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 25 and countries["BE"] >= 1, countries
    assert any(i == i.lower() for i in ibans) and any(re.fullmatch(r"[A-Z]{2}\d\d[A-Z]{4}\d{10}", i) for i in ibans)
    assert any(re.fullmatch(r"NL\d\d [A-Z]{4}( \d{4}){2} \d\d", i) for i in ibans)

    # the generator's own checks say no to what is wrong
    assert dev16_corpus.bsn_valid("123456782") and not dev16_corpus.bsn_valid("123456788")
    assert dev16_corpus.bsn_valid("1234.56.782") and not dev16_corpus.bsn_valid("12345678")
    assert dev16_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev16_corpus.iban_valid("NL92ABNA0417164300")
    assert dev16_corpus.iban_valid("DE89370400440532013000") and dev16_corpus.iban_valid("be68 5390 0754 7034")
    assert not dev16_corpus.iban_valid("GB82WEST12345698765432")  # a country the part does not use


def test_phones_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 300
    national = []
    for p in phones:
        digits = re.sub(r"\D", "", p.translate(OCR_DIGITS))
        if digits.startswith("0031"):
            digits = "0" + digits[4:]
        elif digits.startswith("31") and (p.startswith(("+31", "31"))):
            digits = "0" + digits[2:]
        if digits.startswith("00"):
            digits = digits[1:]  # '+31 (0)6 ...'
        national.append(digits)
        assert len(digits) == 10 and digits[0] == "0" and digits[1] != "0", (p, digits)
    shapes = {
        "06-12345678": r"06-\d{8}",
        "0612345678": r"06\d{8}",
        "06 12 34 56 78": r"06( \d\d){4}",
        "+31 6 12345678": r"\+31 6 \d{8}",
        "+31 (0)6 1234 5678": r"\+31 \(0\)6 \d{4} \d{4}",
        "+31612345678": r"\+316\d{8}",
        "31612345678 (gateway)": r"316\d{8}",
        "0031 6 12 34 56 78": r"0031 6( \d\d){4}",
        "(06) 12345678": r"\(06\) \d{8}",
        "0515-412345": r"0\d{3}-\d{6}",
        "020-6123456": r"0\d\d-\d{7}",
        "(0515) 412345": r"\(0\d{2,3}\) \d{6,7}",
        "+31 515 412 345": r"\+31 \d{2,3} \d{3} \d{3,4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, p) for p in phones), name
    assert any(re.search(r"[OlSB]", p) for p in phones)  # read by a scanner
    assert sum(n.startswith("06") for n in national) >= 150 and sum(not n.startswith("06") for n in national) >= 80


def test_postcodes_and_addresses(records):
    postcodes = _spans(records, corpus.POSTCODE)
    dutch = [p for p in postcodes if re.fullmatch(r"\d{4} ?[A-Za-z]{2}|\d\d \d\d [A-Z]{2}", p)]
    assert len(dutch) >= 150
    for p in dutch:
        assert p[0] != "0" and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(" " not in p for p in dutch) and any(re.fullmatch(r"\d{4} [A-Z]{2}", p) for p in dutch)
    foreign = [p for p in postcodes if p not in dutch]
    assert len(foreign) >= 6
    assert any(re.fullmatch(r"\d{4}", p) for p in foreign)  # Belgian
    assert any(re.fullmatch(r"\d{5}", p) for p in foreign)  # German, Spanish, Turkish, Moroccan
    assert all(re.fullmatch(r"\d{4,5}|\d\d-\d{3}", p) for p in foreign), foreign  # and Polish ones

    addresses = _spans(records, corpus.ADRES)
    assert len(addresses) >= 200
    for addition in (r" hs", r" 2-hoog", r" bis", r"-II", r"-III", r"\d[A-Ca-c]", r"-huis", r" zw"):
        assert any(re.search(addition + "$", a) for a in addresses), addition
    assert any(re.fullmatch(r"Postbus \d+", a) for a in addresses)
    assert any(
        re.fullmatch(r"(ul\.|Rue|Calle|Avenida|Kaya|Kapelstraat|Hauptstraße|Kirchweg|Aachener).*", a) for a in addresses
    )
    assert any(re.fullmatch(r"\d+", a) for a in addresses)  # a house number in its own CSV field
    assert any(re.fullmatch(r"hs|bis|II|III|[A-Ca-c]|zw|huis|2-hoog|3-hoog|\d", a) for a in addresses)  # its addition
    assert any(re.match(r"(Mr\.|Dr\.|Prof\.) ", a) for a in addresses)  # a street with a title and initials
    assert any(re.search(r"\d[lOS]|[lOS]\d|\d[lOS]$", a) for a in addresses)  # a house number read by a scanner
    texts = "\n".join(r["text"] for r in records)
    assert texts.count("p/a ") >= 5  # patients living in a care home


def test_patient_numbers_in_vendor_formats_and_labels(records):
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 250
    formats = {
        "plain": r"\d{5,6}",
        "padded": r"0\d{6}",
        "P-": r"P-\d{6}",
        "P": r"P\d{7}",
        "PAT-": r"PAT-\d{4}-\d{5}",
        "year/": r"\d{4}/\d{4}",
        "TPV-": r"TPV-\d{6}",
        "family": r"\d{5}-\d\d",
        "KZ": r"KZ\d{5}",
        "EPD": r"EPD\d{7}",
    }
    for name, shape in formats.items():
        assert any(re.fullmatch(shape, n) for n in numbers), name
    texts = "\n".join(r["text"] for r in records)
    for label in ("Pat.id", "PID", "Dossiernr.", "Klantnr.", "klantnr.", "Relatie", "EPD-nr", "uw ref.", "relatienr"):
        assert label in texts, label
    assert "^^^TPV^PI" in texts and '"id": "' in texts  # in an HL7 segment and a FHIR resource


def test_dates_of_birth_in_many_notations(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 250
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    shapes = {
        "12-03-1974": r"\d\d-\d\d-\d{4}",
        "12-03-74": r"\d\d-\d\d-\d\d",
        "12/03/1974": r"\d\d/\d\d/\d{4}",
        "12.03.1974": r"\d\d\.\d\d\.\d{4}",
        "1974-03-12": r"\d{4}-\d\d-\d\d",
        "19740312": r"(19|20)\d{6}",
        "12031974": r"[0-3]\d[01]\d(19|20)\d\d",
        "12 maart 1974": rf"\d{{1,2}} ({months}) \d{{4}}",
        "12 mrt 1974": r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}",
        "12-3-'74": r"\d{1,2}-\d{1,2}-'\d\d",
        "12-MAR-1974": r"\d\d-[A-Z]{3}-\d{4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dobs), name
    assert any(re.search(r"[Ol]", d) for d in dobs)  # read by a scanner
    compact = _spans(records, corpus.GEBOORTEDATUM, "hl7_bericht")
    assert compact and all(re.fullmatch(r"\d{8}|\d{4}-\d\d-\d\d|\d\d-\d\d-\d{4}", d) for d in compact)


def test_names_in_columns_and_fields(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 800
    assert any(re.fullmatch(r"[A-ZÀ-ÝĀ-Ž' -]{2,}, ([A-ZŁŞÇÖÜ]\.)+", n) for n in names)  # BAKKER, J.
    assert any(
        re.fullmatch(r"[A-Z][\w-]+, ([A-ZŁŞÇÖÜ]\.)+ (van der|van den|de|van|ter|in 't|van 't|op den|el|da|dos)", n)
        for n in names
    )
    assert any(re.fullmatch(r"[a-z]+(\.[a-z]+)?", n) and len(n) > 4 for n in names)  # a login made of a name
    assert any(n.islower() and n.isalpha() for n in names)  # typed in lower case in a reply
    assert any(re.search(r"[ąćęłńóśźżığüşçöÄäüßãéíñ]", n) for n in names)
    for word in ("Kroon", "Brug", "Wortel", "Winter", "Post"):
        assert any(re.search(rf"\b{word}\b", n, re.I) for n in names), word  # surnames that are clinical words
    words = ("Mei", "Juni", "April", "Roos", "Storm", "Merel", "Fleur", "Job", "Dag", "Lente", "Linde", "Ben")
    found = [w for w in words if any(re.search(rf"\b{w}\b", n) for n in names)]
    assert len(found) >= 6, found  # given names that are months or words
    hl7 = [r for r in records if r["kind"] == "hl7_bericht"]
    assert sum("PID|1||" in r["text"] for r in hl7) >= 10


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert sum(len(r["keep"]) >= 1 for r in records) >= 0.8 * len(records)
    assert any(re.fullmatch(r"A3\.5|A2", k) for k in keep) and any(re.fullmatch(r"\dM\d|\dL1\.5", k) for k in keep)
    assert any(k.startswith("zirkonia") for k in keep) and "IPS e.max Press" in keep
    assert any(re.fullmatch(r"kroon \d\d", k) for k in keep) and any(
        re.fullmatch(r"(3-delige )?brug \d\d-\d\d", k) for k in keep
    )
    assert any(re.fullmatch(r"[CMVXTRHAEJ]\d\d\d?( \dx)?", k) for k in keep)  # NZa codes
    for eponym in ("Kennedy klasse", "Pell-Gregory klasse", "Cawood en Howell klasse"):
        assert any(k.startswith(eponym) for k in keep), eponym
    assert any(re.fullmatch(r"[a-z]+ \d+(\.\d)? (mg|mcg)( \ddd)?", k) for k in keep)  # drugs with doses
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 900,
        corpus.DATUM: 500,
        corpus.TELEFOON: 300,
        corpus.PATIENTNUMMER: 250,
        corpus.GEBOORTEDATUM: 250,
        corpus.LOCATIE: 200,
        corpus.INSTELLING: 200,
        corpus.ADRES: 200,
        corpus.POSTCODE: 180,
        corpus.EMAIL: 150,
        corpus.BSN: 80,
        corpus.AGB: 60,
        corpus.POLISNUMMER: 50,
        corpus.URL: 30,
        corpus.IBAN: 30,
        corpus.LEEFTIJD: 10,
        corpus.UZI: 3,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    direct = sum(categories[c] for c in corpus.DIRECT_IDENTIFIERS)
    assert direct >= 8 * len(records)
