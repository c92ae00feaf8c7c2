"""The twentieth development part (``eval/text/dev20.jsonl``, children, youth and families at dental practices): the
committed file is what its generator writes, ids are unique, every span is exact and disjoint, names carry no title
or kinship word, BSNs pass the 11-proef and IBANs mod-97 (checked here by a second hand), the notations the part
uses are present, and every kind holds its share."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev20_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|tdt)\.?\s|^(de heer|meneer|mevrouw|tandarts|juf|meester|moeder|vader|mama|papa|oma|opa|"
    r"tante|oom|pleegmoeder|pleegvader|gezinsvoogd|voogd)\s",
    re.I,
)
NBSP = "\u00a0"
NNBSP = "\u202f"


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev20_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev20_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev20_corpus.DEFAULT_RECORDS == 240
    assert dev20_corpus.DEFAULT_SEED == 20261222
    assert_fields_and_kinds(records, dev20_corpus.KINDS, 240 // len(dev20_corpus.KINDS))
    assert len(dev20_corpus.KINDS) == 8
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)  # in the writer's order
    assert [r["id"] for r in records] == [f"dev20-{i:04d}" for i in range(240)]


def test_generation_is_deterministic_for_a_seed():
    assert dev20_corpus.generate(16, 7) == dev20_corpus.generate(16, 7)
    assert dev20_corpus.generate(16, 7) != dev20_corpus.generate(16, 8)


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
                assert not s["text"].endswith((",", ":", "'s")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 100
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev20_corpus.bsn_valid(b), b
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev20_corpus.iban_valid(i), i
    # the generator's own checks say no to what is wrong
    assert dev20_corpus.bsn_valid("123456782") and not dev20_corpus.bsn_valid("123456783")
    assert dev20_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev20_corpus.iban_valid("NL92ABNA0417164300")


def test_notations(records):
    bsns = _spans(records, corpus.BSN)
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any(NBSP in b for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans) and any("." in i for i in ibans)
    phones = _spans(records, corpus.TELEFOON)
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[2:] if p.startswith("+31") else digits[1:]
        assert len(national) == 9 and national[0] != "0", p
    assert any(p.startswith("+31") for p in phones) and any(p.startswith("(06)") for p in phones)
    assert any(NBSP in p for p in phones) and any(NNBSP in p for p in phones)
    assert any(re.fullmatch(r"0\d{2,3}-\d{6,7}", p) for p in phones)  # landlines
    postcodes = _spans(records, corpus.POSTCODE)
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3}[ \u00a0]?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(" " not in p and NBSP not in p for p in postcodes) and any(p[-2:].islower() for p in postcodes)
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    for shape in (r"\d\d-\d\d-\d{4}", r"\d\d/\d\d/\d{4}", r"\d{4}-\d\d-\d\d", r"\d\d\.\d\d\.\d{4}", r"\d\d-\d\d-\d\d"):
        assert any(re.fullmatch(shape, d) for d in dates), shape
    assert any(re.fullmatch(r"\d{1,2} (mei|juni|maart|april|juli) \d{4}", d) for d in dates)
    birthdays = _spans(records, corpus.GEBOORTEDATUM)
    assert any(re.fullmatch(r"\d{1,2} [a-z]+", b) for b in birthdays)  # 'jarig op 3 juni'
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert all(
        re.fullmatch(r"12(\d{6}|-\d{6}|\.\d\d\.\d\d\.\d\d| \d{3} \d{3})", a) for a in _spans(records, corpus.AGB)
    )
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(a.isdigit() for a in ages) and any(a.endswith("jarige") for a in ages) and any("jr" in a for a in ages)


def test_names_of_children_and_families(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1500
    joined = "\n".join(names)
    for particle in ("van 't ", "dos ", "da ", "el ", "al ", "ben ", "bin ", "binti ", "in 't ", "op den "):
        assert particle in joined, particle
    assert "D'Souza" in joined or "D'Mello" in joined
    assert "O'Neill" in joined or "O'Brien" in joined or "O'Connor" in joined
    assert any(re.search(r"[A-Z][a-z]+-[A-Z][a-z]+", n) for n in names)  # Sanne-Fleur, Noor-Jasmijn
    for nick in ("Jantje", "Mo", "Kuba", "Zosia", "Gabi", "Lies", "Kees"):
        assert nick in names or nick.lower() in names, nick
    assert any(re.fullmatch(r"[^,]+, [^,]+", n) for n in names)  # surname first
    assert any(re.fullmatch(r"[A-Z' ]{3,}, ([A-Z]\.)+", n.replace("İ", "I")) for n in names)  # 'VAN 'T HOF, S.F.'
    assert any(n.islower() and " " in n for n in names)  # typed in lower case
    assert any(re.search(r"[ıİşŞçÇğöüéíãêłŁśóąń]", n) for n in names)
    texts = "\n".join(r["text"] for r in records)
    for word in (
        "pleegouders",
        "gezinsvoogd",
        "Veilig Thuis",
        "meldcode",
        "gezag",
        "co-ouderschap",
        "Media weggelaten",
    ):
        assert word in texts, word


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1500
    assert sum(len(r["keep"]) >= 3 for r in records) >= 0.95 * len(records)
    assert any(re.fullmatch(r"Frankl [1-4]", k) for k in keep)
    assert any(re.fullmatch(r"Angle klasse (I|II|III)(/[12])?", k) for k in keep)
    assert "Hall-techniek" in keep and any(k.startswith("Hall-kroon ") for k in keep)
    assert any(re.fullmatch(r"element [5-8][1-5]", k) for k in keep)  # milk teeth
    assert any(re.fullmatch(r"[5-8][1-5] (O|DO|MO|MOD|B)", k) for k in keep)
    assert any(re.fullmatch(r"(dmft|DMFT|ICDAS|IOTN) \d", k) for k in keep)
    assert any(re.fullmatch(r"overjet \d+ mm", k) for k in keep)
    assert any(re.fullmatch(r"[AHMVXF]\d\d\d?A?", k) for k in keep)  # NZa codes
    assert any(re.search(r"\d+ (mg|ppm|mcg)", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1500,
        corpus.DATUM: 500,
        corpus.INSTELLING: 500,
        corpus.TELEFOON: 300,
        corpus.GEBOORTEDATUM: 200,
        corpus.LOCATIE: 200,
        corpus.EMAIL: 200,
        corpus.ADRES: 150,
        corpus.LEEFTIJD: 150,
        corpus.POSTCODE: 120,
        corpus.BSN: 100,
        corpus.PATIENTNUMMER: 100,
        corpus.POLISNUMMER: 60,
        corpus.AGB: 40,
        corpus.IBAN: 30,
        corpus.URL: 15,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    direct = sum(n for c, n in categories.items() if c in corpus.DIRECT_IDENTIFIERS)
    assert direct / len(records) >= 8
