"""The eighty-fourth development part (``eval/text/dev84.jsonl``, personal-injury claims about dental care): the
committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names
carry no title nor role ('mr.', 'drs.', 'tandarts', 'brigadier'), BSNs pass the 11-proef and IBANs mod-97, claim and
policy numbers are POLISNUMMER while file references and police report numbers stay unannotated, ages agree with the
dates of birth they stand beside, and every kind holds clinical strings."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev84_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16}
TITLES = re.compile(
    r"^(dhr|mevr|mw|dr|mr|drs|ir)\.?\s|^(de heer|meneer|mevrouw|tandarts|brigadier|agent|hoofdagent|cliënte?|"
    r"benadeelde|verzekerde|rechercheur)\b",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev84_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev84_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev84_corpus.generate(24) == records[:24]
    other = dev84_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev84_corpus.DEFAULT_RECORDS == 240
    assert dev84_corpus.DEFAULT_SEED == 20270484
    assert len(dev84_corpus.KINDS) >= 8 and 240 % len(dev84_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev84_corpus.KINDS, 240 // len(dev84_corpus.KINDS))
    assert all(r["id"] == f"dev84-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ":", ".,")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev84_corpus.bsn_valid(digits), b
    assert len({re.sub(r"\d", "9", b) for b in bsns}) >= 4  # several groupings
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev84_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(i.upper().startswith("BE") for i in ibans)
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    assert dev84_corpus.bsn_valid("123456782") and not dev84_corpus.bsn_valid("123456788")
    assert dev84_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev84_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("0031"):
            assert len(digits) == 13, p
        elif p.startswith("+31"):
            assert len(digits.replace("310", "31", 1) if "(0)" in p else digits) == 11, p
        else:
            assert len(digits) == 10, p
    for shape in (
        r"06-\d{8}",
        r"\+316\d{8}",
        r"0031 6( \d\d){4}",
        r"\(0\d{2,3}\) [\d ]+",
        r"06\.\d\d\.\d\d\.\d\d\.\d\d",
    ):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert any(p[-2:].islower() for p in postcodes) and any(" " not in p for p in postcodes)
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 150
    assert any(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", d) for d in births)
    assert any(re.fullmatch(r"\d\d-\d\d-'\d\d", d) for d in births)
    assert all(len(re.sub(r"\D", "", a)) == 8 and a.startswith("12") for a in _spans(records, corpus.AGB))


def test_claim_numbers_annotated_and_references_not(records):
    """Claim and policy numbers are POLISNUMMER; the sender's kenmerk and police report numbers are not annotated."""
    assert len(_spans(records, corpus.POLISNUMMER)) >= 100
    cues = re.compile(
        r"\b(Schadenummer( wederpartij)?|schadenummer|schadenr\.?|polisnr\.|polis|Uw kenmerk):? (?=[A-Z0-9])"
    )
    unannotated = re.compile(r"(Ons kenmerk: |PV-nr\. |Registratienummer: |proces-verbaal )(\S+)")
    checked = free = 0
    for r in records:
        starts = {s["start"]: s for s in r["spans"]}
        covered = [(s["start"], s["end"]) for s in r["spans"]]
        for m in cues.finditer(r["text"]):
            if r["text"].startswith("Uw kenmerk", m.start()) and r["kind"] != "advocaat":
                continue  # a kenmerk of the bureau answered
            assert starts.get(m.end(), {}).get("category") == corpus.POLISNUMMER, (r["id"], m.group())
            checked += 1
        for m in unannotated.finditer(r["text"]):
            assert not any(a < m.end(2) and m.start(2) < b for a, b in covered), (r["id"], m.group())
            free += 1
    assert checked >= 100 and free >= 60


def test_ages_agree_with_birth_dates(records):
    """In the expert reports an age in brackets follows the date of birth and agrees with it for 2025."""
    n = 0
    for r in records:
        if r["kind"] != "expertiserapport":
            continue
        spans = r["spans"]
        for a, b in zip(spans, spans[1:]):
            if a["category"] == corpus.GEBOORTEDATUM and b["category"] == corpus.LEEFTIJD:
                year = re.findall(r"\d+", a["text"])
                y = int(year[-1] if a["text"][:4].isdigit() is False else year[0])
                y = y + (1900 if y > 25 else 2000) if y < 100 else y
                age = int(re.match(r"\d+", b["text"]).group())
                assert 2025 - y - 1 <= age <= 2025 - y, (r["id"], a["text"], b["text"])
                n += 1
    assert n == 20


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(
        re.fullmatch(r"([A-ZŁ]\.)+ (van der|van den|van 't|in 't|op den|van|de|ter|ten) [A-Z][\w-]+", n) for n in names
    )
    assert any(re.fullmatch(r"[A-ZÇŞÖ][\w' -]+, ([A-ZŁ]\.)+( [a-z' ]+)?", n) for n in names)
    assert any(re.search(r"[a-zığş]-(van |de |van der )?[A-ZÇŞÖ]", n) for n in names)  # married double names
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.search(r"[ąćęłńóśźżığüşçöÉé]", n) for n in names)
    for word in ("Roos", "Storm", "Dag", "Post", "Kroon", "Wortel"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.AGB, corpus.URL):
        assert categories[category] >= 10, category
    assert 3000 <= sum(categories.values()) <= 5000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert 700 <= len(keep) <= 2000
    assert all(len(r["keep"]) >= 2 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev84_corpus.KINDS) and all(n >= 40 for n in per_kind.values()), per_kind
    trauma = ("avulsie", "luxatie", "intrusie", "extrusie", "kroonfractuur", "wortelfractuur", "concussie")
    assert sum(any(t in k for t in trauma) for k in keep) >= 200
    assert any(re.fullmatch(r"element \d\d", k) for k in keep) and any(re.fullmatch(r"[A-Z]\d\d\d?", k) for k in keep)
    assert any(k.startswith("Ellis klasse") for k in keep) and any(re.search(r"\d+ mg", k) for k in keep)
