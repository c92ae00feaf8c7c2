"""The fifty-eighth development part (``eval/text/dev58.jsonl``, a cleft lip and palate team and the care around it):
the committed file is what its generator writes, the generator is deterministic and seeded, ids are unique, every
span is exact, disjoint and on word bounds, names carry no title, BSNs pass the 11-proef and IBANs mod-97, and the
shapes the generator's docstring promises occur."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev58_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof|juf|meester)\.?\s|^(de heer|meneer|mevrouw|moeder|vader|huisarts|collega)\s", re.I
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev58_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev58_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded():
    assert dev58_corpus.generate(20) == dev58_corpus.generate(20)
    assert dev58_corpus.generate(20, seed=1) != dev58_corpus.generate(20)


def test_record_fields_and_kinds(records):
    assert len(records) == dev58_corpus.DEFAULT_RECORDS == 240
    assert dev58_corpus.DEFAULT_SEED == 20270458
    assert len(dev58_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev58_corpus.KINDS, 240 // len(dev58_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


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
                assert not s["text"].endswith((",", ":", " ")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 60
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev58_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any("." in b for b in bsns) and any(" " in b for b in bsns) and any("-" in b for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 10
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev58_corpus.iban_valid(i), i
    assert dev58_corpus.bsn_valid("123456782") and not dev58_corpus.bsn_valid("123456788")
    assert dev58_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev58_corpus.iban_valid("NL92ABNA0417164300")


def test_names_as_the_team_and_parents_write_them(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 2000
    assert any(re.fullmatch(r"[A-ZÀ-Ý'-]{3,}(-[A-Z]+)?, [A-Z][\w -]+", n) for n in names)  # SURNAME, Given
    assert any(
        re.fullmatch(r"[A-Z][a-z]+, [A-Z][a-z]+ (van der|van den|van|de|ter|op den|in 't|van 't)", n) for n in names
    )
    assert any(n.islower() and " " in n for n in names)  # parents typing in lower case
    assert any(n == n.upper() and " " in n and "," not in n for n in names)  # capitals in attendance lists
    assert any(re.fullmatch(r"[A-Z]{1,2} [A-Z][\w' -]+", n) for n in names)  # initials without dots
    assert any(re.fullmatch(r"([A-Z]\.)+ [a-z' ]+ [A-Z]\w+", n) for n in names)  # initials, particle, surname
    assert {"Mei", "Juni", "Roos", "Storm"} & set(names)  # given names that are words or months
    assert {"Kroon", "Lips", "Brug", "Winter", "Post"} & {n.split()[-1] for n in names}  # surnames that are words
    assert any(re.search(r"[a-z]-[A-Za-z]", n) and "Tjon" not in n for n in names)  # married double names
    assert any(re.search(r"[ąćęłńóśźżığüşçöÄä]", n) for n in names)
    nicknames = [
        (a["text"], b["text"])
        for r in records
        for a, b in zip(r["spans"], r["spans"][1:])
        if a["category"] == b["category"] == corpus.PERSOON and r["text"][a["end"] : b["start"]] == " ("
    ]
    assert nicknames  # a nickname in brackets, its own span
    texts = "\n".join(r["text"] for r in records)
    for cue in ("Aanwezig:", "Afwezig m.k.:", "Geachte ", "Besproken met ", "Met vriendelijke groet", "cc: "):
        assert cue in texts, cue


def test_identifiers_in_their_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 150
    for p in phones:
        digits = re.sub(r"\D", "", p)
        assert len(digits) in (10, 11, 13), p
    assert any("\n" in p for p in phones)  # wrapped over two lines
    assert any(p.startswith("+31") for p in phones) and any(p.startswith("0031") for p in phones)
    assert any(p.startswith("(0") for p in phones)
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes) and any(
        re.fullmatch(r"\d{4} [a-z]{2}", p) for p in postcodes
    )
    addresses = _spans(records, corpus.ADRES)
    assert any(a.startswith("Postbus ") for a in addresses)
    assert any(re.search(r"\d(-II| hs| bis|a|B)$", a) for a in addresses)
    pnrs = _spans(records, corpus.PATIENTNUMMER)
    assert any(re.fullmatch(r"\d{7}", p) for p in pnrs) and any(p.startswith(("Z", "SCH-")) for p in pnrs)
    assert any(re.fullmatch(r"\d\.\d{3}\.\d{3}", p) for p in pnrs)
    assert all("@" in e and " " not in e for e in _spans(records, corpus.EMAIL))
    texts = "\n".join(r["text"] for r in records)
    assert "| Naam | Geb. | ZNR | Ingreep |" in texts  # identifiers in a table


def test_dates_and_ages(records):
    dates = _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM)
    months = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    shapes = {
        "03-03-2021": r"\d\d-\d\d-\d{4}",
        "3-3-2021": r"\d{1,2}-\d{1,2}-\d{4}",
        "03/03/21": r"\d\d/\d\d/\d\d",
        "2021-03-03": r"\d{4}-\d\d-\d\d",
        "3 maart 2021": rf"\d{{1,2}} ({months}) \d{{4}}",
        "03.03.2021": r"\d\d\.\d\d\.\d{4}",
        "3 mrt. 2021": r"\d{1,2} [a-z]{3}\. \d{4}",
        "3 maart": rf"\d{{1,2}} ({months})",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dates), name
    ages = _spans(records, corpus.LEEFTIJD)
    assert any(re.fullmatch(r"\d+;\d+ jaar", a) for a in ages)
    assert any(re.fullmatch(r"\d+-jarige", a) for a in ages) and any(a.endswith(" jr") for a in ages)


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1200
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.95 * len(records)
    for eponym in ("Van der Woude-syndroom", "Pierre Robin-sequentie", "Furlow-plastiek", "Millard-lipplastiek"):
        assert eponym in keep, eponym
    assert any(k.startswith("Le Fort I") for k in keep) and any(k.startswith("Angle klasse") for k in keep)
    assert any(re.fullmatch(r"Veau klasse I[IV]+", k) for k in keep)
    assert any(re.fullmatch(r"(element|agenesie) \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d\d?", k) for k in keep)  # treatment codes
    assert any(re.search(r"\d+ mg", k) for k in keep)
    assert {"Zilveren Kruis", "CZ", "VGZ", "Menzis"} & set(keep)  # insurers are kept
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 2000,
        corpus.DATUM: 600,
        corpus.INSTELLING: 300,
        corpus.GEBOORTEDATUM: 200,
        corpus.TELEFOON: 150,
        corpus.LOCATIE: 150,
        corpus.PATIENTNUMMER: 150,
        corpus.LEEFTIJD: 100,
        corpus.ADRES: 100,
        corpus.POSTCODE: 100,
        corpus.EMAIL: 80,
        corpus.BSN: 60,
        corpus.AGB: 30,
        corpus.UZI: 30,
        corpus.POLISNUMMER: 30,
        corpus.URL: 10,
        corpus.IBAN: 10,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
