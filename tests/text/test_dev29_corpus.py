"""The twenty-ninth development part (``eval/text/dev29.jsonl``, research and teaching around a chain of dental
practices): the committed file is what its generator writes, ids are unique, every span is exact and disjoint, names
carry no title or post-nominal, BSNs pass the 11-proef, IBANs mod-97, every kind holds its share, participant codes
and student numbers are annotated while METC, CCMO and trial numbers are kept, and the indices stay."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev29_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
TITLES = re.compile(r"^(dhr|mevr|mw|dr|drs|mr|prof|ir)\.?\s|^(de heer|mevrouw|tandarts|student|dokter)\s", re.I)
POST_NOMINALS = re.compile(r"(,?\s(MSc|PhD|BSc|MD))$")


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev29_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev29_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_record_fields_and_kinds(records):
    assert len(records) == dev29_corpus.DEFAULT_RECORDS == 240
    assert dev29_corpus.DEFAULT_SEED == 20270311
    assert len(dev29_corpus.KINDS) == 8
    assert_fields_and_kinds(records, dev29_corpus.KINDS, 240 // len(dev29_corpus.KINDS))
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
                assert not POST_NOMINALS.search(s["text"]), (r["id"], s)
                assert not s["text"].endswith((",", ":")), (r["id"], s)
    texts = "\n".join(r["text"] for r in records)
    for title in ("prof. dr. ", "drs. ", ", MSc", ", PhD"):
        assert title in texts, title


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev29_corpus.bsn_valid(digits), b
    assert any(re.fullmatch(r"\d{9}", b) for b in bsns) and any(re.search(r"[ .]", b) for b in bsns)
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, {"NL": 18}) and dev29_corpus.iban_valid(i), i
    assert dev29_corpus.bsn_valid("123456782") and not dev29_corpus.bsn_valid("123456788")
    assert dev29_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev29_corpus.iban_valid("NL92ABNA0417164300")
    for agb in _spans(records, corpus.AGB):
        assert len(re.sub(r"\D", "", agb)) == 8, agb
    for big in _spans(records, corpus.UZI):
        assert re.fullmatch(r"\d{11}", big), big


def test_phones_postcodes_and_dates(records):
    for p in _spans(records, corpus.TELEFOON):
        digits = re.sub(r"\D", "", p)
        national = digits[2:] if p.startswith("+31") else digits[1:]
        assert len(national) == 9 and national[0] != "0", p
    for pc in _spans(records, corpus.POSTCODE):
        assert re.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}", pc) and pc[-2:] not in ("SA", "SD", "SS"), pc
    dobs = _spans(records, corpus.GEBOORTEDATUM)
    assert len(dobs) >= 100 and all(re.search(r"\d{2,4}$", d) for d in dobs)  # a date of birth has its year
    assert any(re.fullmatch(r"\d{1,2}-\d{1,2}", d) for d in _spans(records, corpus.DATUM))  # '12-3' in a logbook


def test_research_codes_who_is_identified_and_who_is_not(records):
    numbers = _spans(records, corpus.PATIENTNUMMER)
    participants = [n for n in numbers if re.fullmatch(r"(DCN-P-|DCNP|dcn-p-)\d{4}|[A-Z]+-\d\d-\d{3}|P\d-\d{3}", n)]
    students = [n for n in numbers if re.fullmatch(r"[sS]?\d{7}", n)]
    practice = [n for n in numbers if re.fullmatch(r"(KW-?)?\d{6}", n)]
    assert len(participants) >= 100 and len(students) >= 25 and len(practice) >= 80
    assert len(participants) + len(students) + len(practice) == len(numbers)
    assert any(n.startswith("DCN-P-") for n in participants) and any(n.islower() for n in participants)
    keep = [k["text"] for r in records for k in r["keep"]]
    # committee, CCMO and trial numbers point to a study, not to a person: kept, never a gold span
    assert sum(bool(re.fullmatch(r"NL\d{5}\.\d{3}\.\d\d", k)) for k in keep) >= 50
    assert any(re.fullmatch(r"METC \d{4}-\d{4}", k) for k in keep)
    assert any(re.fullmatch(r"NCT0\d{7}|ISRCTN\d{8}|NL-OMON\d+", k) for k in keep)
    spans = [s["text"] for r in records for s in r["spans"]]
    assert not any(re.search(r"NL\d{5}\.\d{3}|METC \d{4}-|NCT0\d|ISRCTN", s) for s in spans)


def test_names_of_many_origins(records):
    names = _spans(records, corpus.PERSOON)
    assert len(names) >= 1000
    assert any(re.search(r"[ığşçöüłóńéáú]", n) for n in names)  # Turkish, Polish, Cape Verdean
    assert any(" van der " in n or n.startswith(("van ", "de ")) or " in 't " in n for n in names)
    assert any(re.fullmatch(r"[A-Z][\w'-]+, [A-Z][\w-]+ (van|de|ten|in 't|van der|van den)( \w+)?", n) for n in names)
    assert any(re.fullmatch(r"[A-ZÇÖÜŞİĞ' -]{3,}, ([A-Z]\.)+", n) for n in names)  # 'WÓJCIK, P.'
    assert any(n.islower() for n in names)  # typed in lower case by participants
    assert any(re.fullmatch(r"[A-Z]{2,4}", n) for n in names)  # initials or paraphs
    for surname in ("Kromodimedjo", "Tjon-A-Fong", "El Amrani", "Tesfamariam", "Shevchenko", "Ramsaroep"):
        assert any(surname in n for n in names), surname


def test_keep_strings_and_sizes(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 1000
    assert sum(len(r["keep"]) >= 2 for r in records) >= 0.75 * len(records)
    assert any(re.fullmatch(r"DMFT \d+", k) for k in keep) and any(re.fullmatch(r"dmft \d+", k) for k in keep)
    assert any(k.startswith("plaque-index") for k in keep) and any(k.startswith("BoP ") for k in keep)
    assert any(re.fullmatch(r"OHIP-14 totaalscore \d+", k) for k in keep)
    assert any(re.fullmatch(r"(element|elem\.|kies) \d\d( [MODBLP]+)?", k) for k in keep)
    assert any(re.search(r"\d+ mg", k) for k in keep) and any("1:100.000" in k for k in keep)
    assert any(k in ("Miller klasse II", "Angle klasse II/1", "Kennedy klasse I", "Le Fort I") for k in keep)
    assert "PI 1,8" in keep or "PI 0,9" in keep  # decimal commas survive the lists
    categories = Counter(s["category"] for r in records for s in r["spans"])
    minimum = {
        corpus.PERSOON: 1000,
        corpus.DATUM: 400,
        corpus.INSTELLING: 250,
        corpus.PATIENTNUMMER: 250,
        corpus.EMAIL: 150,
        corpus.TELEFOON: 120,
        corpus.GEBOORTEDATUM: 100,
        corpus.LOCATIE: 100,
        corpus.LEEFTIJD: 80,
        corpus.ADRES: 50,
        corpus.POSTCODE: 50,
        corpus.BSN: 20,
        corpus.IBAN: 20,
        corpus.URL: 20,
        corpus.UZI: 10,
        corpus.AGB: 5,
    }
    for category, n in minimum.items():
        assert categories[category] >= n, (category, categories[category])
    direct = [sum(s["category"] in corpus.DIRECT_IDENTIFIERS for s in r["spans"]) for r in records]
    assert 8 <= sum(direct) / len(direct) <= 20
