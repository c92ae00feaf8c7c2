"""The fifty-second development part (``eval/text/dev52.jsonl``, one month at a northern village practice and a
Rotterdam city practice): the committed file is what its generator writes, the generator is deterministic and
seeded, ids are unique, every span is exact, disjoint and on word bounds, names carry no title, BSNs pass the
11-proef and IBANs mod-97 (checked here by this test's own code), deny lists name the patient first, and the
shapes the generator's docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev52_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_spans_exact_and_disjoint, bsn_ok, iban_ok

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|de heer|mevrouw|heer|tandarts)\.?\s", re.I)
NBSP = "\u00a0"


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev52_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev52_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev52_corpus.generate(24) == records[:24]
    other = dev52_corpus.generate(24, seed=dev52_corpus.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev52_corpus.DEFAULT_RECORDS == 240
    assert dev52_corpus.DEFAULT_SEED == 20270452
    assert len({r["id"] for r in records}) == len(records)
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)
    counts = Counter(r["kind"] for r in records)
    assert set(counts) == set(dev52_corpus.KINDS) and len(counts) >= 8
    assert all(n == 240 // len(dev52_corpus.KINDS) for n in counts.values())


def test_deny_lists_the_patient_first(records):
    for r in records:
        assert r["deny"] and len(set(r["deny"])) == len(r["deny"]), r["id"]
        assert all(isinstance(n, str) and n == n.strip() and n for n in r["deny"])
        first = r["deny"][0].lower().split()
        names = " ".join(s["text"].lower() for s in r["spans"] if s["category"] == corpus.PERSOON)
        assert any(part in names for part in first), r["id"]  # the patient is named in the text


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
    assert len(bsns) >= 40
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev52_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    for shape in (r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d{3}-\d{3}-\d{3}", r"\d\d \d\d \d\d \d{3}"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev52_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"[^0-9A-Za-z]", "", i)[:2].upper() for i in ibans)
    assert set(countries) == {"NL", "BE", "DE"}, countries
    assert any(i == i.lower() for i in ibans) and any(" " not in i for i in ibans) and any(" " in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev52_corpus.bsn_valid("123456782") and not dev52_corpus.bsn_valid("123456783")
    assert dev52_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev52_corpus.iban_valid("NL91ABNA0417164301")


def test_phones_in_many_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    nationals = []
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[4:] if digits.startswith("0031") else digits[2:] if p.startswith("+31") else digits[1:]
        if national.startswith("0"):
            national = national[1:]  # '+31(0)6'
        assert len(national) == 9 and national[0] != "0", p
        nationals.append(national)
    for prefix in ("06-", "+31 6", "+31(0)6", "0031 6", "(06)", "+316", "0511-", "(0512)", "+31 ", "010"):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any(NBSP in p for p in phones)
    for area in ("511", "512", "58", "50", "594", "10", "70", "15", "180"):  # northern and Randstad landlines
        assert any(n.startswith(area) for n in nationals), area


def test_postcodes_addresses_and_places(records):
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 100
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Za-z]{2}", p), p
        assert p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(p[:1] in "89" for p in postcodes) and any(p[:1] in "23" for p in postcodes)  # north and Randstad
    assert any(re.fullmatch(r"\d{4}[a-z]{2}|\d{4} [a-z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes) and any(NBSP in p for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    for addition in (r"\d[aAB]$", r"-II$", r" hs$", r" bis$", r"\d-\d$"):
        assert any(re.search(addition, a) for a in addresses), addition
    places = set(_spans(records, corpus.LOCATIE))
    assert {"Burgum", "Rotterdam"} <= places and any(p.isupper() for p in places)
    assert any("â" in p for p in places | set(addresses))  # Frisian spellings


def test_dates_of_birth_in_eight_notations(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 100
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    shapes = (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2}-\d{1,2}-\d{4}",
        rf"\d{{1,2}} ({months}) \d{{4}}",
        r"\d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec) \d{4}",
        r"\d{4}-\d\d-\d\d",
        r"\d\d\.\d\d\.\d{4}",
        r"\d\d/\d\d/\d\d",
        r"\d{1,2}/\d{1,2}/\d{4}",
    )
    for shape in shapes:
        assert any(re.fullmatch(shape, d) for d in dobs), shape
    assert all(any(re.fullmatch(s, d) for s in shapes) for d in dobs)
    assert len(_spans(records, corpus.DATUM)) >= 200 and len(_spans(records, corpus.LEEFTIJD)) >= 20


def test_patient_numbers_and_agb(records):
    numbers = _spans(records, corpus.PATIENTNUMMER)
    assert len(numbers) >= 80
    for shape in (
        r"KP\d{5}",
        r"KP-\d{5}",
        r"kp\d{5}",
        r"KP \d{5}",
        r"OW-\d{6}",
        r"OW\d{6}",
        r"ow-\d{6}",
        r"OW/\d\d/\d{4}",
    ):
        assert any(re.fullmatch(shape, n) for n in numbers), shape
    assert any(re.fullmatch(r"\d{4,6}", n) for n in numbers)  # bare, after a cue or in a list
    agbs = _spans(records, corpus.AGB)
    assert len(agbs) >= 40
    assert all(re.sub(r"\D", "", a).startswith("12") and len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    for shape in (r"\d{8}", r"\d\d-\d{6}", r"\d\d\.\d\d\.\d\d\.\d\d", r"\d\d \d{3} \d{3}"):
        assert any(re.fullmatch(shape, a) for a in agbs), shape


def test_names_of_many_origins_and_notations(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 600
    assert any(re.fullmatch(r"[A-Z][A-Z' ]+, [A-Z][\w -]+", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z][\w-]+ (van|de|van der|van den|ten|in 't|van 't)", n) for n in names)
    assert any(re.fullmatch(r"([A-Z]\.)+ [\w' -]+", n) for n in names)  # initials
    assert any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z]{2}", n) for n in names)  # staff initials signing
    for particle in (" van 't ", " in 't ", " ten ", " van der ", " de "):
        assert any(particle in f" {n} " for n in names), particle
    assert any(re.search(r"[şğıöüłńśźżó]", n) for n in names)
    deny = {d for r in records for d in r["deny"]}
    for surname in ("Hoekstra", "Huizinga", "Ramdin", "Martina", "Bouzid", "Yıldız", "Nowak", "Chen", "Tesfaye"):
        assert any(surname in d for d in deny) or any(surname.lower() in n.lower() for n in names), surname
    institutions = set(_spans(records, corpus.INSTELLING))
    assert {"Tandartspraktijk It Krúspunt", "Tandartsenpraktijk Oude Westen"} <= institutions
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert all(re.fullmatch(r"(https://)?www\.[a-z-]+\.nl", u) for u in _spans(records, corpus.URL))
    assert all(re.fullmatch(r"\d{9}", p) for p in _spans(records, corpus.POLISNUMMER))


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert sum(len(r["keep"]) >= 1 for r in records) >= 0.8 * len(records)
    for shape in (
        r"element [1-8]\d",
        r"wortelkanaalbehandeling \d\d",
        r"extractie \d\d",
        r"\d\d (MOD|MO|DO|O|B|DL|MOB|OD|M|D|L)",
        r"DPSI [1234][+-]?",
        r"BPE [0-4]-[0-4]-[0-4]/[0-4*]-[0-4*]-[0-4*]",
        r"BoP \d+%",
        r"pocketdiepte \d mm",
        r"\w+ \d+ mg( \ddd)?",
        r"[ACEHMTVX]\d\d\d?( \dx)?",
    ):
        assert any(re.fullmatch(shape, k) for k in keep), shape
    for eponym in ("Angle klasse", "Miller klasse", "Black klasse", "Kennedy klasse", "Pell-Gregory", "Le Fort"):
        assert any(k.startswith(eponym) for k in keep), eponym
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in (corpus.PERSOON, corpus.TELEFOON, corpus.DATUM, corpus.EMAIL, corpus.INSTELLING):
        assert categories[category] >= 100, category
