"""The eighty-eighth development part (``eval/text/dev88.jsonl``, school dental programmes and the mobile dental unit):
the committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds,
names carry no title nor 'juf'/'meester', BSNs pass the 11-proef and IBANs mod-97, every kind holds clinical strings,
class lists pair each child with a date of birth, schools are institutions and the day's chat is in time order."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev88_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|mr)\.?\s|^(de heer|meneer|mevrouw|juf|meester|moeder|vader)\b", re.I)
SCHOOL_WORDS = re.compile(
    r"^(obs|cbs|pcbs|rkbs|ikc|kindcentrum|basisschool|daltonschool|montessorischool|jenaplanschool|"
    r"islamitische basisschool|kindcampus) ",
    re.I,
)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev88_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev88_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev88_corpus.generate(24) == records[:24]
    other = dev88_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev88_corpus.DEFAULT_RECORDS == 240
    assert dev88_corpus.DEFAULT_SEED == 20270488
    assert len(dev88_corpus.KINDS) >= 8 and 240 % len(dev88_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev88_corpus.KINDS, 240 // len(dev88_corpus.KINDS))
    assert all(r["id"] == f"dev88-{i:04d}" for i, r in enumerate(records))


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
    assert len(bsns) >= 30
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev88_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d\d-\d{3}-\d\d-\d\d"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 20
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev88_corpus.iban_valid(i), i
    assert any(i == i.lower() for i in ibans) and any(i.upper().startswith("BE") for i in ibans)
    assert dev88_corpus.bsn_valid("123456782") and not dev88_corpus.bsn_valid("123456788")
    assert dev88_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev88_corpus.iban_valid("NL92ABNA0417164300")


def test_identifier_notations(records):
    phones = _spans(records, corpus.TELEFOON)
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith("0031"):
            assert len(digits) == 13, p
        elif p.startswith("+31"):
            assert len(digits) == 11, p
        else:
            assert len(digits) == 10, p
    for shape in (r"06-\d{8}", r"\+316\d{8}", r"0031 6 \d{8}", r"\(0\d{2,3}\) [\d ]+", r"06\.\d\d\.\d\d\.\d\d\.\d\d"):
        assert any(re.fullmatch(shape, p) for p in phones), shape
    postcodes = _spans(records, corpus.POSTCODE)
    assert all(
        re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) and p[-2:].upper() not in ("SA", "SD", "SS") for p in postcodes
    )
    assert any(p.islower() for p in postcodes) and any(" " not in p for p in postcodes)
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 200
    for shape in (r"\d{1,2} [a-z]+ \d{4}", r"\d\d\.\d\d\.\d\d", r"\d{4}-\d\d-\d\d", r"\d{1,2}-[a-z]{3}-\d{4}"):
        assert any(re.fullmatch(shape, d) for d in births), shape
    assert all(re.search(r"\d", a) for a in _spans(records, corpus.LEEFTIJD))
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(
        re.fullmatch(r"([A-Z]\.)+ (van der|van den|van 't|in 't|op den|van|de|ter|ten) [A-Z][\w-]+", n) for n in names
    )
    assert any(
        re.fullmatch(r"[A-Z][\w' -]+, [A-Z][\w]+ (van der|van den|van 't|in 't|van|de|ter|ten)", n) for n in names
    )
    assert any(re.search(r"[a-z]-[A-Z]", n) for n in names)  # double surnames
    assert any(n.isupper() and " " in n for n in names) and any(n.islower() and " " in n for n in names)
    assert any(re.fullmatch(r"[A-Z'ŞÇÖİ -]+, [A-Z][a-zéëçşığüöłńśąęóźż]+", n) for n in names)  # 'YILMAZ, Elif'
    assert any(re.search(r"[ąćęłńóśźżığüşçöÉéë]", n) for n in names)
    for word in ("Roos", "Mei", "Storm", "Post", "Kroon", "Winter"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word


def test_class_lists_pair_children_with_birth_dates(records):
    for r in records:
        if r["kind"] != "klassenlijst":
            continue
        spans = r["spans"]
        births = [s for s in spans if s["category"] == corpus.GEBOORTEDATUM]
        assert len(births) >= 5, r["id"]
        for b in births:  # on its line stands a child's name
            line_start = r["text"].rfind("\n", 0, b["start"]) + 1
            assert any(s["category"] == corpus.PERSOON and line_start <= s["start"] < b["start"] for s in spans), b


def test_schools_and_organisations_are_institutions(records):
    institutions = _spans(records, corpus.INSTELLING)
    schools = [i for i in institutions if SCHOOL_WORDS.match(i)]
    assert len(schools) >= 150
    assert any(s.islower() for s in schools)
    assert any(i.startswith("Veilig Thuis") for i in institutions) and any(i.startswith("GGD") for i in institutions)
    for r in records:
        for m in re.finditer(r"\b(juf|meester) ", r["text"]):
            assert any(s["start"] == m.end() and s["category"] == corpus.PERSOON for s in r["spans"]), r["id"]


def test_chat_in_time_order(records):
    chats = [r for r in records if r["text"].startswith("groepsapp")]
    assert len(chats) >= 5
    for r in chats:
        times = re.findall(r"^\[(\d\d:\d\d)\]", r["text"], re.M)
        assert len(times) >= 4 and times == sorted(times), r["id"]


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.AGB, corpus.URL):
        assert categories[category] >= 10, category
    assert 3000 <= sum(categories.values()) <= 5000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert 700 <= len(keep) <= 1500
    assert all(len(r["keep"]) >= 1 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev88_corpus.KINDS) and all(n >= 30 for n in per_kind.values()), per_kind
    assert sum(re.match(r"(dmft|DMFT|d3mft|DMFS)\b", k) is not None for k in keep) >= 100
    assert any(re.fullmatch(r"sealants \d\d en \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d\d?( \dx)?", k) for k in keep)
