"""The sixty-sixth development part (``eval/text/dev66.jsonl``, forensic odontology and identification): the
committed file is what its generator writes, the generator is deterministic and seeded, ids are unique, every span
is exact, disjoint and on word bounds, names carry no title or kinship word, BSNs pass the 11-proef and IBANs
mod-97, and the notations the generator's docstring promises occur."""

from __future__ import annotations

import re

import pytest

from fixtures.text import corpus, dev66_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|drs|mr|prof|fam)\.?\s|^(de heer|meneer|mevrouw|tandarts|rechercheur|familie|wijlen|"
    r"moeder|vader|zus|broer|partner|collega|verdachte)\s",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _keep(records: list[dict]) -> list[str]:
    return [k["text"] for r in records for k in r["keep"]]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev66_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev66_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev66_corpus.generate() == records
    other = dev66_corpus.generate(20, seed=1)
    assert len(other) == 20 and [r["text"] for r in other] != [r["text"] for r in records[:20]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev66_corpus.DEFAULT_RECORDS == 240
    assert dev66_corpus.DEFAULT_SEED == 20270466
    assert len(dev66_corpus.KINDS) >= 8
    assert_fields_and_kinds(records, dev66_corpus.KINDS, 240 // len(dev66_corpus.KINDS))
    assert all(list(r) == ["text", "kind", "id", "deny", "spans", "keep"] for r in records)


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
    assert len(bsns) >= 40
    for b in bsns:
        assert bsn_ok(re.sub(r"\D", "", b)) and dev66_corpus.bsn_valid(b), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns)
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", b) for b in bsns)
    assert any(re.fullmatch(r"\d\d \d\d \d\d \d{3}", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev66_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    # the generator's own checks say no to what is wrong
    assert dev66_corpus.bsn_valid("123456782") and not dev66_corpus.bsn_valid("123456788")
    assert dev66_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev66_corpus.iban_valid("NL92ABNA0417164300")


def test_dates_of_birth_and_other_dates(records):
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    dates = _spans(records, corpus.DATUM)
    assert len(dobs) >= 120 and len(dates) >= 400
    shapes = {
        "03-03-1985": r"\d\d-\d\d-\d{4}",
        "3-3-1985": r"\d{1,2}-\d{1,2}-\d{4}",
        "3 maart 1985": r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
        r"december) \d{4}",
        "03.03.1985": r"\d\d\.\d\d\.\d{4}",
        "1985-03-03": r"\d{4}-\d\d-\d\d",
        "3 mrt. 1985": r"\d{1,2} [a-z]{3}\. \d{4}",
        "03 MAR 1985": r"\d\d [A-Z]{3} \d{4}",
        "3/3/85": r"\d{1,2}/\d{1,2}/\d\d",
        "03-mrt-1985": r"\d\d-[a-z]{3}-\d{4}",
    }
    for name, shape in shapes.items():
        assert any(re.fullmatch(shape, d) for d in dobs + dates), name
    assert not any(re.search(r"\d:\d\d", d) for d in dates)  # time stamps outside the span


def test_ages_and_estimated_ranges(records):
    ages = _spans(records, corpus.LEEFTIJD)
    assert len(ages) >= 60 and all(a.endswith(" jaar") for a in ages)
    assert any(re.fullmatch(r"\d\d-\d\d jaar", a) for a in ages)  # post-mortem estimate
    assert any(re.fullmatch(r"\d\d,\d-\d\d,\d jaar", a) for a in ages)  # 95% interval
    assert any(re.fullmatch(r"\d\d,\d jaar", a) for a in ages)


def test_names_in_every_notation(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(
        re.fullmatch(r"[A-Z][\w'-]+, [A-Z][\w-]+ (van den|van der|ter|de|in 't|op den|van 't|van)", n) for n in names
    )
    assert any(
        re.fullmatch(r"[A-Z][\w'-]+, ([A-Z]\.)+ (van den|van der|ter|de|in 't|op den|van 't|van)", n) for n in names
    )
    assert any(re.fullmatch(r"(VAN DEN|VAN DER|DE|TER|OP DEN|IN 'T|VAN 'T) [A-Z'-]+, [A-Z]\w+", n) for n in names)
    assert any(n.isupper() and "," not in n and " " in n for n in names)  # JOHANNA KROON
    assert any(n.islower() and " " in n for n in names)  # chat
    assert any(re.fullmatch(r"([A-Z]\.){2,} \w.*", n) for n in names)  # initials with dots
    assert any(re.fullmatch(r"[A-Z]{2,3} [A-Za-z].*", n) for n in names)  # initials without dots
    assert any(re.fullmatch(r"[A-Z]{2,4}", n) for n in names)  # a paraaf
    assert any(re.fullmatch(r"(Van den|Van der|De|Ter|Op den|In 't|Van 't|Van) [A-Z][\w-]+", n) for n in names)
    assert any(re.search(r"\w-[A-Z]\w+$", n) for n in names)  # married names
    assert any(
        n in ("Jo", "Henk", "Truus", "Wil", "Mo", "Kris", "Gerrie", "Jenny", "Anand", "Fati", "Gosia") for n in names
    )
    assert any(re.search(r"[ığüşçöłńąśżé]", n) for n in names)
    for word_name in ("Kroon", "Kies", "Juni", "Mei", "April", "Post", "Roos"):
        assert any(re.search(rf"\b{word_name}\b", n, re.I) for n in names), word_name


def test_contact_details_and_places(records):
    phones = _spans(records, corpus.TELEFOON)
    assert len(phones) >= 100
    for p in phones:
        national = re.sub(r"\D", "", re.sub(r"^(\+31|0031)|\(0\)", "", p))
        national = national[1:] if national.startswith("0") else national
        assert len(national) == 9 and national[0] != "0", p
    assert any("\n" in p for p in phones)  # wrapped in a form column
    assert any(p.startswith("+31 (0)") for p in phones) and any(p.startswith("0031") for p in phones)
    emails = _spans(records, corpus.EMAIL)
    assert len(emails) >= 100 and all("@" in e and " " not in e for e in emails)
    assert any(e.endswith("@politie.nl") for e in emails) and any(e.endswith("@nfi.nl") for e in emails)
    postcodes = _spans(records, corpus.POSTCODE)
    assert len(postcodes) >= 60
    for p in postcodes:
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS"), p
    assert any(p[-2:].islower() for p in postcodes) and any(" " not in p for p in postcodes)
    addresses = _spans(records, corpus.ADRES)
    assert any(re.search(r"\d(-II| hs|A|b)$", a) for a in addresses)
    assert any(a.isupper() for a in _spans(records, corpus.LOCATIE))
    institutions = set(_spans(records, corpus.INSTELLING))
    assert {"NFI", "Nederlands Forensisch Instituut"} <= institutions
    assert any(i.startswith("GGD ") for i in institutions) and any(
        i.startswith("Politie Eenheid") for i in institutions
    )
    assert len(_spans(records, corpus.PATIENTNUMMER)) >= 60 and len(_spans(records, corpus.AGB)) >= 20


def test_case_numbers_carry_no_span(records):
    """Police, NFI, seal-bag and V-numbers are in the text but not gold (the docstring's choice)."""
    texts = "\n".join(r["text"] for r in records)
    assert re.search(r"PL\d{4}-\d{10}", texts) and "Sealbag nr.:" in texts and "V-nummer:" in texts
    gold = {s["text"] for r in records for s in r["spans"]}
    assert not any(re.fullmatch(r"PL\d{4}-\d{10}", g) for g in gold)


def test_clinical_strings(records):
    keep = _keep(records)
    assert len(keep) >= 1000
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.75 * len(records)
    assert any(re.fullmatch(r"element [1-4][1-8] .+", k) for k in keep)
    assert any(re.fullmatch(r"[1-4][1-8]", k) for k in keep)  # chart rows
    assert any(re.fullmatch(r"[1-4]\.[1-8]", k) for k in keep)  # element as 1.6
    assert any(k in ("X", "A", "C", "K", "E") for k in keep)  # Interpol codes
    assert any(re.fullmatch(r"element [34]8 Demirjian stadium [EFGH]", k) for k in keep)
    assert any(re.fullmatch(r"Olze stadium [0-3]", k) for k in keep)
    assert any(re.fullmatch(r"intercaninale afstand \d\d mm", k) for k in keep)
    for eponym in ("Angle klasse II", "Black klasse II", "Le Fort I", "Kennedy klasse I", "Miller klasse 2"):
        assert eponym in keep, eponym
    assert {"OPG", "bitewings", "MOD-amalgaam"} <= set(keep)
    assert any(re.fullmatch(r"kroon [12][12]", k) for k in keep)
