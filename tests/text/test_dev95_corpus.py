"""The ninety-fifth development part (``eval/text/dev95.jsonl``, a fortnight at two city dental practices in Amsterdam
Zuidoost and Rotterdam-Zuid): the committed file is what its generator writes, ids are unique, every span is exact,
disjoint and on word bounds, names carry no title, BSNs pass the 11-proef and IBANs (Dutch and foreign) mod-97, every
kind holds clinical strings, and what is particular to these practices: one name in several transliterations, each
annotated, patronymic names whole, the interpreters and their services, V-numbers after their label, foreign phones of
the family abroad, dates of birth standing in for an unknown day, and the practices named wherever they are written."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev95_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "BG": 22, "TR": 26, "UA": 29, "PT": 25, "FR": 27}
TITLES = re.compile(r"^(dhr|mevr|mw|dr|tandarts)\.?\s|^(de heer|meneer|mevrouw|collega|tandarts|tolk)\b", re.I)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "ma ", "di ", "wo ", "do ", "vr ")


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def _data(name: str) -> list[list[str]]:
    text = (dev95_corpus.DATA / name).read_text(encoding="utf-8")
    return [line.split("|") for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev95_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev95_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev95_corpus.generate(30) == records[:30]
    other = dev95_corpus.generate(30, seed=7)
    assert [r["text"] for r in other] != [r["text"] for r in records[:30]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev95_corpus.DEFAULT_RECORDS == 240
    assert dev95_corpus.DEFAULT_SEED == 20270495
    assert len(dev95_corpus.KINDS) >= 8 and 240 % len(dev95_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev95_corpus.KINDS, 240 // len(dev95_corpus.KINDS))
    assert all(r["id"] == f"dev95-{i:04d}" for i, r in enumerate(records))


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
                assert not s["text"].endswith((",", ":", ".,", "(")), (r["id"], s)


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev95_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev95_corpus.iban_valid(i), i
    countries = Counter(re.sub(r"\s", "", i)[:2].upper() for i in ibans)
    assert countries["NL"] >= 20 and len(set(countries) - {"NL"}) >= 5, countries
    assert any(" " in i for i in ibans) and any(" " not in i for i in ibans)
    assert dev95_corpus.bsn_valid("111222333") and not dev95_corpus.bsn_valid("111222334")
    assert dev95_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev95_corpus.iban_valid("NL92ABNA0417164300")
    assert dev95_corpus.iban_valid("PL61109010140000071219812874") and not dev95_corpus.iban_valid("XX00")


def test_transliterations_each_annotated(records):
    """A record that writes one name in two spellings annotates both."""
    rows = [set(row) for row in _data("variants.txt")]
    pairs = 0
    for r in records:
        words = [set(re.findall(r"[\w'-]+", s["text"])) for s in r["spans"] if s["category"] == corpus.PERSOON]
        for row in rows:
            spelt = {v for v in row for ws in words if v in ws}
            if len(spelt) >= 2:
                pairs += 1
        for m in re.finditer(r"(gespeld als|Andere spelling: ?|ook als|op mijn pas staat) ", r["text"]):
            assert any(s["start"] == m.end() and s["category"] == corpus.PERSOON for s in r["spans"]), r["id"]
    assert pairs >= 12


def test_patronymic_names_are_one_span(records):
    """Given name, father's and grandfather's name: three names of the Horn of Africa in a single span."""
    horn = {g for o, _s, g in _data("given.txt") if o in ("eritrean", "somali", "ethiopian")}
    names = _spans(records, corpus.PERSOON)
    whole = [n for n in names if len(n.split()) == 3 and all(w in horn for w in n.split())]
    assert len(whole) >= 15
    for r in records:  # the father's name spelt out as such in a note is its own span
        for m in re.finditer(r" is de voornaam, ", r["text"]):
            assert any(s["start"] == m.end() for s in r["spans"]), r["id"]


def test_interpreters_and_their_services(records):
    interpreters = {n for _lang, n in _data("interpreters.txt")}
    services = {n for k, n in _data("institutions.txt") if k == "tolk"}
    names = set(_spans(records, corpus.PERSOON))
    assert len(interpreters & names) >= 12
    for r in records:
        if r["kind"] == "tolkconsult":
            m = re.search(r"^Tolk: ", r["text"], re.M)
            assert m and any(s["start"] == m.end() and s["text"] in interpreters for s in r["spans"]), r["id"]
            assert any(s["category"] == corpus.INSTELLING and s["text"] in services for s in r["spans"]), r["id"]
            assert any(re.search(r"\bPERSOON\b", s["category"]) for s in r["spans"])


def test_v_numbers_after_their_label(records):
    found = 0
    for r in records:
        spans = {s["start"]: s for s in r["spans"]}
        for m in re.finditer(r"V-(nummer|nr\.?)\s?:?\s*", r["text"]):
            s = spans.get(m.end())
            assert s and s["category"] == corpus.PATIENTNUMMER, (r["id"], m.group())
            assert len(re.sub(r"\D", "", s["text"])) == 10, s
            found += 1
    assert found >= 20


def test_foreign_phones_and_unknown_birthdays(records):
    phones = _spans(records, corpus.TELEFOON)
    known = ("380", "291", "252", "251", "597", "599", "297", "233", "234", "238", "963", "93", "48", "359", "90")
    known += ("212", "62", "86", "84", "32")
    codes = Counter()
    for p in phones:
        m = re.match(r"(\+|00)(?!31)", p)
        if m:
            rest = p[m.end() :]
            code = next((c for c in sorted(known, key=len, reverse=True) if rest.startswith(c)), None)
            assert code, p
            codes[code] += 1
    assert len(codes) >= 12 and sum(codes.values()) >= 40, codes
    assert codes["380"] and codes["597"] and (codes["291"] or codes["252"] or codes["251"]), codes
    for p in phones:
        digits = re.sub(r"\D", "", p)
        if p.startswith(("06", "(0", "010", "020")):
            assert len(digits) == 10, p
        elif p.startswith("+31"):
            assert len(digits) == 11, p
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 60
    assert any(re.fullmatch(r"0?1[-./]0?1[-./](19|20)?\d\d|(19|20)\d\d-01-01|1 januari \d{4}", b) for b in births)
    for shape in (
        r"\d\d-\d\d-\d{4}",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d\d/\d\d/\d\d",
        r"\d{4}-\d\d-\d\d",
        r"\d\d\.\d\d\.\d{4}",
    ):
        assert any(re.fullmatch(shape, b) for b in births), shape


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert len(set(names)) >= 600
    for particles in (("el-", "al-"), ("van der ", "van den "), ("El ", "Aït ", "Ben "), ("dos ", "da ", "de Pina")):
        assert any(p in n for n in names for p in particles), particles
    assert any(re.search(r"\b(Ould|bin|binti) ", n) for n in names)
    assert any(re.fullmatch(r"[\w' -]+, ([A-Z]\.)+( [a-z' ]+)?", n) for n in names)  # sorted with a particle after
    assert any(re.fullmatch(r"[\w-]+, ([A-Z]\.)+ (van der|van den|van|de|dos|da|ter|van 't|in 't)", n) for n in names)
    assert any(n.isupper() and " " in n for n in names)
    assert any(re.fullmatch(r"[a-zçşğıüöéáâóúãõ ]+", n) for n in names)  # lower case in chat
    assert any(re.search(r"[ąćęłńóśźżığüşçöé]", n) for n in names)
    assert any(
        re.fullmatch(r"(Nguyen|Tran|Le|Pham|Hoang|Vu|Dang|Bui|Ngo|Duong|Truong|Phan) (Van|Thi) \w+", n) for n in names
    )
    words = ("Mei", "Roos", "Storm", "Post", "Bos", "de Wit", "Smit")  # names that are words or a month
    assert sum(any(re.search(rf"\b{word}\b", n) for n in names) for word in words) >= 4
    roep = {b for _a, b in _data("roepnamen.txt")}
    assert len(roep & set(names)) >= 8


def test_practices_are_institutions_wherever_named(records):
    named = 0
    for r in records:
        starts = {s["start"]: s for s in r["spans"]}
        for pr in dev95_corpus.PRACTICES:
            for m in re.finditer(re.escape(pr.name), r["text"]):
                assert m.start() in starts and starts[m.start()]["category"] == corpus.INSTELLING, r["id"]
                named += 1
    assert named >= 60
    for r in records:
        for m in re.finditer(r"\b(Bijlmer|Tarwewijk|Carnisse|Reigersbos|Charlois)\b", r["text"]):
            assert any(s["start"] <= m.start() < s["end"] for s in r["spans"]), (r["id"], m.group())


def test_weekdays_outside_dates(records):
    for d in _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM):
        assert not d.lower().startswith(WEEKDAYS), d
        assert re.search(r"\d", d), d
    assert any(
        re.search(rf"\b{w}\b ?$", r["text"][: s["start"]])
        for r in records
        for s in r["spans"]
        for w in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "ma", "di", "wo", "do", "vr")
        if s["category"] == corpus.DATUM
    )


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.AGB, corpus.URL):
        assert categories[category] >= 10, category
    assert categories[corpus.EMAIL] >= 60 and categories[corpus.TELEFOON] >= 150
    assert 2000 <= sum(categories.values()) <= 6000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) >= 700
    assert all(len(r["keep"]) >= 2 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev95_corpus.KINDS) and all(n >= 48 for n in per_kind.values()), per_kind
    assert sum(k.startswith(("Kennedy", "Angle", "Miller", "Black", "Ellis", "Pell-Gregory")) for k in keep) >= 40
    assert any(re.fullmatch(r"[1-4][1-8]", k) for k in keep) and any(re.fullmatch(r"[5-8][1-5]", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d\d?", k) for k in keep) and any(k.startswith("DPSI") for k in keep)
    assert any(re.fullmatch(r"[a-zï]+ \d+ mg", k) for k in keep)
