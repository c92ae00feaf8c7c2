"""Evaluation part dev135 (continuing education and professional registration): the committed file is the generator's
output, the annotation is exact, and the checksums, notations and the setting's own numbers are checked here by code
of this test, not the generator's."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev135_corpus
from tests.text import annotated_parts

RECORDS = [json.loads(line) for line in dev135_corpus.PATH.read_text(encoding="utf-8").splitlines()]
PER_KIND = 20

# Pinned as generated (seed 20270604, 240 records).
EXPECTED_COUNTS = {
    "PERSOON": 1217,
    "PATIENTNUMMER": 787,
    "INSTELLING": 681,
    "DATUM": 661,
    "LOCATIE": 372,
    "EMAIL": 316,
    "TELEFOON": 206,
    "ADRES": 190,
    "POSTCODE": 176,
    "UZI": 138,
    "IBAN": 111,
    "URL": 66,
    "AGB": 61,
    "GEBOORTEDATUM": 57,
    "BSN": 57,
    "LEEFTIJD": 48,
    "POLISNUMMER": 14,
}
EXPECTED_KEEP = 376

# IBAN lengths per country, from the registry (written here, not taken from the generator).
LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "ES": 24, "PT": 25, "PL": 28, "FR": 27, "LU": 20, "IT": 27, "IE": 22, "GR": 27}


def _norm(s: str) -> str:
    """NFKC per character, format characters (zero-width space, soft hyphen) dropped."""
    return "".join("" if unicodedata.category(ch) == "Cf" else unicodedata.normalize("NFKC", ch) for ch in s)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", _norm(s))


def _elfproef(d: str) -> bool:
    if len(d) != 9:
        return False
    total = sum(int(d[i]) * (9 - i) for i in range(8)) - int(d[8])
    return total % 11 == 0


def _rrn_ok(d: str) -> bool:
    if len(d) != 11:
        return False
    body, check = d[:9], int(d[9:])
    return 97 - int(body) % 97 == check or 97 - int("2" + body) % 97 == check


def _mod97(iban: str) -> bool:
    s = re.sub(r"[^0-9A-Za-z]", "", _norm(iban)).upper()
    if LENGTHS.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    remainder = 0
    for ch in moved:
        remainder = int(str(remainder) + (ch if ch.isdigit() else str(ord(ch) - ord("A") + 10))) % 97
    return remainder == 1


def _spans(category: str):
    for r in RECORDS:
        for s in r["spans"]:
            if s["category"] == category:
                yield r, s


def _covered(r: dict, start: int, end: int, entries: str = "spans") -> bool:
    return any(s["start"] <= start and end <= s["end"] for s in r[entries])


def _data_lines(name: str, column: int = 0) -> list[str]:
    lines = (dev135_corpus.DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[column] for line in lines if line.strip() and not line.startswith("#")]


def test_file_is_the_generators_output():
    assert dev135_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(dev135_corpus.generate())


def test_generator_is_seeded():
    assert dev135_corpus.generate(24) == dev135_corpus.generate()[:24]
    assert dev135_corpus.generate(12, seed=7) == dev135_corpus.generate(12, seed=7)
    assert dev135_corpus.generate(12, seed=7) != dev135_corpus.generate(12)
    assert len(RECORDS) == dev135_corpus.DEFAULT_RECORDS == 240
    assert dev135_corpus.DEFAULT_SEED == 20270604


def test_shared_contract_checks():
    annotated_parts.assert_spans_exact_and_disjoint(RECORDS)
    annotated_parts.assert_fields_and_kinds(RECORDS, dev135_corpus.KINDS, PER_KIND)
    assert len(dev135_corpus.KINDS) == 12
    assert [r["kind"] for r in RECORDS[:12]] == list(dev135_corpus.KINDS)


def test_spans_start_and_end_on_word_boundaries():
    def joined(a: str, b: str) -> bool:
        return (a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit())

    for r in RECORDS:
        t = r["text"]
        for s in r["spans"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not joined(t[a - 1], t[a]), (r["id"], s)
            assert b == len(t) or not joined(t[b - 1], t[b]), (r["id"], s)


def test_texts_are_of_realistic_length():
    words = [len(r["text"].split()) for r in RECORDS]
    assert min(words) >= 40 and max(words) <= 250
    assert sum(len(r["spans"]) >= 12 for r in RECORDS) >= 150


def test_bsns_pass_the_elfproef_and_rrns_the_97_check():
    bsns = list(_spans("BSN"))
    assert len(bsns) >= 40
    belgian = 0
    for r, s in bsns:
        d = _digits(s["text"])
        if len(d) == 11:
            assert _rrn_ok(d), (r["id"], s)
            assert re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", s["text"])
            belgian += 1
        else:
            assert _elfproef(d), (r["id"], s)
    assert belgian >= 5


def test_ibans_pass_mod_97():
    ibans = list(_spans("IBAN"))
    assert len(ibans) >= 60
    for r, s in ibans:
        assert _mod97(s["text"]), (r["id"], s)
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", _norm(s["text"])).upper()[:2] for _, s in ibans)
    assert len(countries) >= 5 and countries["NL"] > len(ibans) / 2


def test_big_uzi_and_agb_numbers():
    for r, s in _spans("UZI"):
        d = _digits(s["text"])
        # a BIG number has 11 digits; a UZI number 9 digits that is never a BSN
        assert len(d) == 11 or (len(d) == 9 and not _elfproef(d)), (r["id"], s)
    assert sum(len(_digits(s["text"])) == 9 for _, s in _spans("UZI")) >= 5
    agbs = list(_spans("AGB"))
    assert len(agbs) >= 30
    for r, s in agbs:
        assert len(_digits(s["text"])) == 8, (r["id"], s)


def test_counts_are_pinned():
    counts = Counter(s["category"] for r in RECORDS for s in r["spans"])
    assert dict(counts) == EXPECTED_COUNTS
    assert sum(len(r["keep"]) for r in RECORDS) == EXPECTED_KEEP


def test_every_long_number_is_annotated():
    """No run of six or more digits (in any notation) is left outside a span: course codes, accreditation ids and
    cost centres are written shorter on purpose."""
    run = re.compile(r"(?:[0-9\uff10-\uff19][\u200b\u00ad]?){6,}")
    for r in RECORDS:
        for m in run.finditer(r["text"]):
            assert _covered(r, m.start(), m.end()), (r["id"], m.group())


def test_the_settings_numbers_are_annotated_with_their_category():
    """Labelled numbers get the category the module's docstring decides, wherever they occur."""
    num = r"((?:[0-9\uff10-\uff19][\u200b\u00ad\u00a0 .-]?){6,}[0-9\uff10-\uff19])"
    rules = [
        (r"BIG(?:-nummer| no\.)?[: \u00a0]*" + num, "UZI"),
        (r"UZI-nummer:?[ \u00a0]*" + num, "UZI"),
        (
            r"(?:registratienummer|KRT-nr\.|KRTA-nr\.|KP-nummer|KRT-nummer|KRTA-nummer|register_no\": \")[: ]*" + num,
            "PATIENTNUMMER",
        ),
        (r"(?:pers\.nr\.|[Pp]ersoneelsnummer:?) ((?:DCN-|P)?\d{6})", "PATIENTNUMMER"),
        (r"AGB(?:-code| praktijk| zorgverlener|-praktijkcode is)*:?[ \u00a0]*" + num, "AGB"),
        (r"polisnummer " + num, "POLISNUMMER"),
        (r"(?:KvK-nummer|btw-id) ((?:NL)?\d+(?:B\d\d)?)", "PATIENTNUMMER"),
        (r"pt\.nr\. ((?:DC)?\d{6,7})", "PATIENTNUMMER"),
        (r"(INS-\d\d-\d{5}|DCL-\d\d-\d{4}|C\d\d-\d{6}|CERT-\d{4}-\d{6})", "PATIENTNUMMER"),
    ]
    seen = Counter()
    for r in RECORDS:
        for pattern, category in rules:
            for m in re.finditer(pattern, r["text"]):
                start, end = m.span(1)
                hits = [s for s in r["spans"] if s["start"] <= start and end <= s["end"]]
                assert hits, (r["id"], pattern, m.group(1))
                # inside a URL (a verification link) the URL is the span
                assert hits[0]["category"] in (category, "URL"), (r["id"], m.group(1), hits[0])
                seen[category] += 1
    assert seen["UZI"] >= 70 and seen["PATIENTNUMMER"] >= 200 and seen["AGB"] >= 30 and seen["POLISNUMMER"] >= 10


def test_same_identifier_is_annotated_wherever_it_occurs():
    categories = {"PATIENTNUMMER", "UZI", "AGB", "BSN", "IBAN", "EMAIL", "INSTELLING", "POLISNUMMER"}
    for r in RECORDS:
        t = r["text"]
        values = {s["text"] for s in r["spans"] if s["category"] in categories}
        values |= {s["text"] for s in r["spans"] if s["category"] == "PERSOON" and " " in s["text"]}
        for v in values:
            for m in re.finditer(re.escape(v), t):
                a, b = m.span()
                if (a > 0 and t[a - 1].isalnum()) or (b < len(t) and t[b].isalnum()):
                    continue
                assert _covered(r, a, b), (r["id"], v)


def test_organisations_are_annotated_wherever_they_occur():
    names = set(_data_lines("practices.tsv")) | set(_data_lines("providers.tsv")) | set(_data_lines("venues.tsv"))
    names |= set(_data_lines("clinics.txt")) | set(_data_lines("insurers.txt")) | set(_data_lines("hotels_nl.txt"))
    names |= set(_data_lines("congress.tsv", 4)) | set(_data_lines("congress.tsv", 7)) | {"Dental Clinics Nederland"}
    names |= {n.replace("Dental Clinics ", "DC ") for n in _data_lines("practices.tsv")}
    found = 0
    for r in RECORDS:
        t = r["text"]
        for n in names:
            for variant in {n, n.lower(), n.upper()}:
                for m in re.finditer(re.escape(variant), t):
                    hits = [s for s in r["spans"] if s["start"] <= m.start() and m.end() <= s["end"]]
                    assert hits and hits[0]["category"] == "INSTELLING", (r["id"], variant)
                    found += 1
        for m in re.finditer(r"(?i)\b(?:dental clinics|DC) [A-Z][\w']+", t):
            assert _covered(r, m.start(), m.end()), (r["id"], m.group())
    assert found >= 500


def test_clinical_strings_are_kept_and_never_inside_a_span():
    marked = re.compile(r"\[\[(.+?)\]\]")
    clinical = set()
    for line in _data_lines("topics.txt") + _data_lines("cases.tsv"):
        clinical.update(marked.findall(line))
    assert {
        "Le Fort I",
        "Miller klasse II",
        "M. Alzheimer",
        "Kennedy klasse III",
        "Black klasse II",
        "Cvek",
    } <= clinical
    kept = Counter()
    for r in RECORDS:
        t = r["text"]
        for k in r["keep"]:
            for s in r["spans"]:
                assert k["end"] <= s["start"] or s["end"] <= k["start"], (r["id"], k, s)
            kept[k["text"]] += 1
        for c in clinical:
            if len(c) < 3 or c.isdigit():
                continue
            for m in re.finditer(re.escape(c), t):
                a, b = m.span()
                if (a > 0 and t[a - 1].isalnum()) or (b < len(t) and t[b].isalnum()):
                    continue
                assert _covered(r, a, b, "keep"), (r["id"], c)
                assert not any(s["start"] < b and a < s["end"] for s in r["spans"]), (r["id"], c)
    # strings that look like names or numbers are kept too
    assert kept["M. Alzheimer"] >= 2 and kept["Le Fort I"] >= 2 and kept["BoP"] >= 5
    assert sum(n for k, n in kept.items() if k.isdigit()) >= 20
    assert sum(n for k, n in kept.items() if re.search(r"\d\s?(?:mg|mm|%)", k)) >= 20


def test_notations_of_the_setting():
    spans = [(r, s) for r in RECORDS for s in r["spans"]]

    def count(pred) -> int:
        return sum(1 for r, s in spans if pred(r, s))

    assert count(lambda r, s: "\u00a0" in s["text"]) >= 10
    assert count(lambda r, s: "\u202f" in s["text"]) >= 5
    assert count(lambda r, s: "\u200b" in s["text"]) >= 15
    assert count(lambda r, s: "\u00ad" in s["text"]) >= 15
    assert count(lambda r, s: re.search("[\uff10-\uff19]", s["text"])) >= 15
    # a value glued to its label: "E-mail:koen@...", "BSN:\u00a0123...", "BSN4 140..."
    assert count(lambda r, s: re.search(r"[A-Za-z)]:\u00a0?$", r["text"][max(0, s["start"] - 3) : s["start"]])) >= 10
    assert count(lambda r, s: s["start"] > 0 and r["text"][s["start"] - 1].isalpha() and s["text"][0].isdigit()) >= 3
    # IBANs in lower case and in dashes or dots; e-mail with a comma before the top-level domain or a glued underscore
    assert count(lambda r, s: s["category"] == "IBAN" and s["text"][:2].islower()) >= 5
    assert count(lambda r, s: s["category"] == "IBAN" and re.search(r"[A-Z0-9]{4}[-.][0-9]", _norm(s["text"]))) >= 5
    assert count(lambda r, s: s["category"] == "EMAIL" and re.search(r",(?:nl|com)$", s["text"])) >= 5
    assert count(lambda r, s: s["category"] == "EMAIL" and r["text"][s["end"] : s["end"] + 1] == "_") >= 3
    # phones: foreign, international Dutch, next to a clinical abbreviation
    assert (
        count(
            lambda r, s: (
                s["category"] == "TELEFOON" and re.match(r"(?:\+|00)(?:32|49|34|351|48|39|353|30)", _norm(s["text"]))
            )
        )
        >= 15
    )
    assert count(lambda r, s: s["category"] == "TELEFOON" and re.match(r"(?:\+|00)31", _norm(s["text"]))) >= 30
    assert count(lambda r, s: s["category"] == "TELEFOON" and r["text"][s["end"] : s["end"] + 4] == " BoP") >= 5
    # names: surname first, capitals, lower case, initials, particles, patient initials
    names = [s["text"] for _, s in _spans("PERSOON")]
    assert sum(", " in n for n in names) >= 80
    assert sum(n.isupper() and len(n) > 4 for n in names) >= 20
    assert sum(n.islower() for n in names) >= 40
    assert sum(bool(re.match(r"(?:[A-ZÀ-ŽŁ]\.)+ ", n)) for n in names) >= 80
    assert sum(bool(re.search(r"\b(?:van|de|der|den|ter|ten|'t|in)\b", n, re.I)) for n in names) >= 40
    assert sum(bool(re.fullmatch(r"(?:[A-ZÀ-ŽŁ]\.)+", n)) for n in names) >= 20
    # dates: ISO timestamps (date part only), English month names; ages with their unit
    assert count(lambda r, s: s["category"] == "DATUM" and r["text"][s["end"] : s["end"] + 1] == "T") >= 30
    assert count(lambda r, s: s["category"] == "DATUM" and re.search(r"[A-Z][a-z]+ \d{4}$", s["text"])) >= 10
    assert count(lambda r, s: s["category"] == "LEEFTIJD" and re.search(r"jaar|jarige|jr", s["text"])) >= 20
    # foreign addresses and postcodes
    assert (
        count(lambda r, s: s["category"] == "POSTCODE" and not re.fullmatch(r"\d{4}\s?[A-Za-z]{2}", _norm(s["text"])))
        >= 20
    )
    assert count(lambda r, s: s["category"] == "ADRES" and s["text"].startswith("Postbus ")) >= 5


@pytest.mark.parametrize("kind", dev135_corpus.KINDS)
def test_every_kind_has_names_and_numbers(kind):
    records = [r for r in RECORDS if r["kind"] == kind]
    assert all(any(s["category"] == "PERSOON" for s in r["spans"]) for r in records)
    assert all(len(r["spans"]) >= 8 for r in records)
