"""The thirteenth development part (``eval/text/dev13.jsonl``, correspondence as practice software and mail clients
store it): the committed file is what its generator writes, ids are unique, every span is exact and disjoint, names
carry no title, BSNs pass the 11-proef and IBANs mod-97 (the shared helpers and the generator's own), phones and
postcodes have valid shapes, every kind holds its share, and the formats the part is about are there."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev13_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

_FOREIGN_PREFIXES = ("+32", "+49", "+90", "+212", "+48", "+380", "+55")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev13_corpus.generate()


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def test_committed_file_is_the_generator_output(records):
    assert dev13_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev13_corpus.DEFAULT_RECORDS == 240
    assert_fields_and_kinds(records, dev13_corpus.KINDS, 20)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    titles = re.compile(
        r"^(dhr|mevr|mw|dr|drs|fam)\.|^(de heer|heer|meneer|mevrouw|patiënte?|tandarts|dokter|familie)\b", re.I
    )
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not titles.match(s["text"]), (r["id"], s)
                assert "\n" not in s["text"] and "@" not in s["text"], (r["id"], s)


def test_checksums_of_bsns_and_ibans(records):
    bsns, ibans = _spans(records, corpus.BSN), _spans(records, corpus.IBAN)
    assert len(bsns) >= 60 and len(ibans) >= 30
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev13_corpus.bsn_valid(digits), b
    lengths = {"NL": 18, "BE": 16, "DE": 22}
    for i in ibans:
        assert iban_ok(i, lengths) and dev13_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 20 and countries["BE"] + countries["DE"] >= 2
    # separators vary: grouped, compact, dotted
    assert any(" " in b for b in bsns) and any("." in b for b in bsns) and any(b.isdigit() for b in bsns)
    assert any(" " in i for i in ibans) and any(re.fullmatch(r"[A-Z0-9]+", i) for i in ibans)
    # the generator's own checks refuse what they should
    assert dev13_corpus.bsn_valid("123456782") and not dev13_corpus.bsn_valid("123456788")
    assert dev13_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev13_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_and_postcodes_have_valid_shapes(records):
    phones = _spans(records, corpus.TELEFOON)
    foreign = [p for p in phones if p.startswith(_FOREIGN_PREFIXES)]
    assert len(phones) >= 200 and foreign
    for p in phones:
        if p in foreign:
            continue
        digits = re.sub(r"\D", "", p)
        if p.startswith("+31"):
            digits = "0" + digits[3:] if digits.startswith("310") else "0" + digits[2:]
        elif digits.startswith("0031"):
            digits = "0" + digits[4:]
        assert re.fullmatch(r"0[1-9]\d{8}", digits), p
    notations = {
        "mobile with dash": r"^06-\d{8}$",
        "international": r"^\+31",
        "with (0)": r"\(0\)",
        "0031": r"^0031",
        "landline with dash": r"^0\d{2,3}-\d",
        "no-break space": "\u00a0",
    }
    for name, pattern in notations.items():
        assert any(re.search(pattern, p) for p in phones), name
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 100
    for pc in postcodes:
        m = re.fullmatch(r"([1-9]\d{3})\s*([A-Za-z]{2})", pc)
        assert m and m.group(2).upper() not in ("SA", "SD", "SS"), pc
    assert any(re.fullmatch(r"\d{4}[a-z]{2}", pc) for pc in postcodes)


def test_category_minimums(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimums = {
        corpus.PERSOON: 1000,
        corpus.EMAIL: 300,
        corpus.TELEFOON: 200,
        corpus.DATUM: 400,
        corpus.GEBOORTEDATUM: 150,
        corpus.ADRES: 120,
        corpus.POSTCODE: 100,
        corpus.LOCATIE: 150,
        corpus.PATIENTNUMMER: 80,
        corpus.BSN: 60,
        corpus.IBAN: 30,
        corpus.INSTELLING: 250,
        corpus.AGB: 25,
        corpus.POLISNUMMER: 30,
        corpus.URL: 30,
        corpus.LEEFTIJD: 10,
    }
    for category, least in minimums.items():
        assert categories[category] >= least, (category, categories[category])
    assert set(categories) <= set(corpus.CATEGORIES)
    direct = sum(categories[c] for c in corpus.DIRECT_IDENTIFIERS)
    assert direct >= 2500


def test_keep_strings_present(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 900
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
        assert len(r["keep"]) >= 2, r["id"]
    assert all(n >= 40 for n in per_kind.values()), per_kind
    assert any(re.fullmatch(r"(element|elem\.|kies|de) [1-8][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"[1-4][1-8]-(MO|DO|MOD|O|B)", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d{2,3}A?", k) for k in keep)  # Vektis codes: C11, M03, J040, F411A
    assert any(re.search(r"\d+ mg$", k) for k in keep) and any("%" in k for k in keep)
    for expected in ("Pell-Gregory klasse II positie B", "Angle klasse II/1", "DPSI 4"):
        assert expected in keep, expected
    assert {"Cawood-Howell klasse IV", "Kennedy klasse I", "Ellis klasse 3"} <= set(keep)


def test_the_formats_of_correspondence(records):
    texts = [r["text"] for r in records]
    joined = "\n".join(texts)
    for marker in (
        "Van: ",
        "Aan: ",
        "CC: ",
        "Onderwerp: ",
        "Verzonden: ",
        "From: ",
        "To: ",
        "Sent: ",
        "Subject: ",
        "-----Oorspronkelijk bericht-----",
        "---------- Doorgestuurd bericht ---------",
        "---------- Forwarded message ---------",
        "Begin doorgestuurd bericht:",
        "Automatisch antwoord: ",
        "ZorgkaartNederland",
        "Reactie van de eigenaar",
        "<mailto:",
        "[cid:image",
    ):
        assert marker in joined, marker
    assert re.search(r"^Op (ma|di|wo|do|vr|za|zo) \d+ \w+\.? \d{4} om \d\d:\d\d schreef .+:$", joined, re.M)
    assert re.search(r"^On \w{3}, \w{3} \d+, \d{4} at .+ wrote:$", joined, re.M)
    assert re.search(r"^> ", joined, re.M) and re.search(r"^(>> |> > )", joined, re.M)
    # names in the positions these formats put them
    persons = _spans(records, corpus.PERSOON)
    assert any(re.fullmatch(r"[^\W\d]+[^,]*, ([A-Z]\.)+( [a-z' ]+)?", p) for p in persons)  # 'Vries, J. de'
    assert any(p.islower() and " " in p for p in persons)  # 'sanne de wit'
    assert any(p.isupper() for p in persons if len(p) > 3)
    assert re.search(r"Fam\. \S", joined) and re.search(r"^(Beste|Hoi|hoi|Dag) \w+,?$", joined, re.M)
    assert re.search(r"^Groet, \w+$", joined, re.M) and re.search(r"^Mvg \w+", joined, re.M)
    assert re.search(r"Geachte (heer|mevrouw) [A-Z]", joined)

    # a quoted line that carries an identifier
    def line_of(r: dict, s: dict) -> str:
        return r["text"][r["text"].rfind("\n", 0, s["start"]) + 1 : s["start"]]

    quoted = [
        s
        for r in records
        for s in r["spans"]
        if line_of(r, s).startswith(">")
        and s["category"] in (corpus.BSN, corpus.TELEFOON, corpus.IBAN, corpus.GEBOORTEDATUM)
    ]
    assert len(quoted) >= 20
    # a patient number in a subject line
    assert any(
        s["category"] == corpus.PATIENTNUMMER and re.match(r"\*?(Onderwerp|Subject):\*? ", line_of(r, s))
        for r in records
        for s in r["spans"]
    )


def test_names_of_many_origins(records):
    persons = set(_spans(records, corpus.PERSOON))
    joined = " ".join(persons)
    letters = ("ı", "ş", "ğ", "ł", "ą", "ń", "ö", "ü", "ç", "ã", "é")
    assert sum(letter in joined.lower() for letter in letters) >= 8
    particles = [p for p in persons if re.search(r"(^|\s)(van|de|der|den|ter|ten|in 't|op den|uit den|dos|da)\s", p)]
    assert len(particles) >= 30
