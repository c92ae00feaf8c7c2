"""The sixty-first development part (``eval/text/dev61.jsonl``, infection control and occupational health at a dental
group): the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word
bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97, and the notations the generator's docstring
promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev61_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|prof)\.?\s|^(de heer|mevrouw|tandarts|arts|dokter|collega)\s", re.I)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev61_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev61_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev61_corpus.generate() == records
    other = dev61_corpus.generate(records=20, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:20]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev61_corpus.DEFAULT_RECORDS == 240
    assert dev61_corpus.DEFAULT_SEED == 20270461
    assert len(dev61_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev61_corpus.KINDS, 240 // len(dev61_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


def test_spans_exact_and_disjoint(records):
    assert_spans_exact_and_disjoint(records)


def test_names_without_titles_and_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"]:
            assert s["end"] == len(text) or not text[s["end"]].isalnum(), (r["id"], s)
            assert s["start"] == 0 or not text[s["start"] - 1].isalnum(), (r["id"], s)
            if s["category"] == corpus.PERSOON:
                assert not TITLES.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":", "'s")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 40
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev61_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3} \d{3} \d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{3}-\d{3}-\d{3}", b) for b in bsns)

    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev61_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(re.fullmatch(r"NL\d\d[A-Z]{4}\d{10}", i) for i in ibans)
    assert any(" " in i for i in ibans)

    # the generator's own checks say no to what is wrong
    assert dev61_corpus.bsn_valid("123456782") and not dev61_corpus.bsn_valid("123456788")
    assert dev61_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev61_corpus.iban_valid("NL92ABNA0417164300")


def test_phones_postcodes_addresses(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        digits = re.sub(r"\D", "", p)
        national = digits[4:] if digits.startswith("0031") else digits[2:] if p.startswith("+31") else digits[1:]
        assert len(national) == 9 and national[0] != "0", p
    assert any("\n" in p for p in phones)  # wrapped over two lines
    for shape in (
        r"06-\d{8}",
        r"\+31 6 \d{4} \d{4}",
        r"\+31 \(\d{2,3}\) \d+",
        r"\(0\d{2,3}\) \d{3} \d+",
        r"0031 6\d{8}",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 60
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(p[-2:].islower() for p in postcodes) and any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d(-II| bis|a|B)$", a) for a in addresses)
    assert any(loc.isupper() for loc in _spans(records, corpus.LOCATIE))


def test_dates_in_many_notations(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    shapes = {
        "3-4-2025": r"\d{1,2}-\d{1,2}-\d{4}",
        "03/04/25": r"\d\d/\d\d/\d\d",
        "2025-04-03": r"\d{4}-\d\d-\d\d",
        "3 april 2025": rf"\d{{1,2}} ({months}) \d{{4}}",
        "3 apr. 2025": r"\d{1,2} [a-z]{3}\. \d{4}",
        "03.04.2025": r"\d\d\.\d\d\.\d{4}",
        "3/4": r"\d{1,2}/\d{1,2}",
        "3 april": rf"\d{{1,2}} ({months})",
        "april 2025": rf"({months}) \d{{4}}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dates), name
    assert len(_spans(records, corpus.GEBOORTEDATUM)) >= 50
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(a.endswith("-jarige") for a in ages) and any(a.endswith(" jaar") for a in ages)
    assert any(a.endswith(" jr") for a in ages)


def test_names_as_staff_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 900
    assert any(re.fullmatch(r"[A-ZÀ-ÝĞİŞŁŚ'-]{3,}, [A-Z][\w -]+", n) for n in names)  # SURNAME, Given
    assert any(re.fullmatch(r"[A-Z][\w-]+, [A-Z][\w]+ (van|de|van der|in 't|ter|op de|el|dos|da)", n) for n in names)
    assert any(n.islower() and " " in n for n in names)  # chat in lower case
    assert any(re.fullmatch(r"([A-Z]\.)+ .+", n) for n in names) and any(
        re.fullmatch(r"[A-Z]{1,3} [A-Z].+", n) for n in names
    )
    assert any(n.startswith(("Van ", "De ", "In 't ", "Op de ", "Ter ", "El ", "Dos ", "Da ")) for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöã]", n) for n in names)
    assert {"Mei", "Juni", "Roos", "April", "Storm"} & set(names)
    assert any(
        n in ("Kroon", "Naald", "Spuit", "Zuur") or n.endswith((" Kroon", " Naald", " Spuit", " Zuur")) for n in names
    )
    assert any("-" in n and n[0].isupper() for n in names)  # double-barrelled or hyphenated


def test_institutions_references_and_contacts(records):
    inst = _spans(records, corpus.INSTELLING)
    assert any(i.startswith("GGD ") for i in inst) and any(i.startswith("Tandartspraktijk") for i in inst)
    assert len(inst) >= 200
    assert len(_spans(records, corpus.PATIENTNUMMER)) >= 120
    assert any(re.fullmatch(r"MZ\d{6}", p) for p in _spans(records, corpus.PATIENTNUMMER))
    assert any(re.fullmatch(r"P\d+", p) for p in _spans(records, corpus.PATIENTNUMMER))
    agbs = _spans(records, corpus.AGB)
    assert agbs and all(len(re.sub(r"\D", "", a)) == 8 for a in agbs)
    assert all(re.fullmatch(r"\d{9}", u) for u in _spans(records, corpus.UZI))
    assert _spans(records, corpus.POLISNUMMER)
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    assert all(re.fullmatch(r"(https://)?www\.[a-z]+\.nl(/[a-z]+)?", u) for u in _spans(records, corpus.URL))


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 600
    assert sum(len(r["keep"]) >= 1 for r in records) >= 0.85 * len(records)
    assert any(re.fullmatch(r"anti-HBs:? [<>]?\d+ (IE/l|IU/L|mIE/ml)", k) for k in keep)
    assert any(re.fullmatch(r"[A-D][1-4]-\d{4}", k) for k in keep)  # sterilisation batches
    assert any("134" in k and "°C" in k for k in keep)
    assert any(re.search(r"kve/l|cfu/L", k) for k in keep)
    assert any(k.startswith("Legionella pneumophila") for k in keep)
    assert any("Black klasse II" in k for k in keep) and any(k.startswith("DPSI") for k in keep)
    assert any(re.fullmatch(r"element [1-4][1-8] MOD", k) for k in keep)
    assert any(re.search(r"\b(C11|V2\d|E40|T163|H35)\b", k) for k in keep)
    assert any(re.search(r"\d+ ?mg", k) for k in keep) and any("µg" in k for k in keep)
    assert not any(re.search(r"\d{6}", k) for k in keep)
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 900,
        corpus.DATUM: 400,
        corpus.INSTELLING: 200,
        corpus.TELEFOON: 150,
        corpus.PATIENTNUMMER: 120,
        corpus.LOCATIE: 120,
        corpus.EMAIL: 100,
        corpus.ADRES: 60,
        corpus.POSTCODE: 60,
        corpus.GEBOORTEDATUM: 50,
        corpus.BSN: 40,
        corpus.LEEFTIJD: 30,
        corpus.AGB: 30,
        corpus.URL: 30,
        corpus.IBAN: 20,
        corpus.UZI: 10,
        corpus.POLISNUMMER: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
