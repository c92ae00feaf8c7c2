"""The ninety-second development part (``eval/text/dev92.jsonl``, dental tourism and the aftercare at home): the
committed file is what its generator writes, ids are unique, every span is exact, disjoint and on word bounds, names
carry no title, BSNs pass the 11-proef and IBANs (Dutch and foreign) mod-97, every kind holds clinical strings, and
what is particular to patients treated abroad: foreign clinics are institutions with their foreign phones, postal
codes and cities annotated, foreign dentists' titles stay outside their names (Hungarian names family name first),
clinic IDs and passports are patient numbers while lot numbers are not annotated, the foreign tooth notations
(Universal, Palmer) and implant systems and sizes are kept, and WhatsApp exports annotate every line's date and
sender."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus, dev92_corpus
from fixtures.text.corpus_file import dumps
from tests.text.annotated_parts import assert_fields_and_kinds, assert_spans_exact_and_disjoint, bsn_ok, iban_ok

# Written here rather than taken from the generator, so that the checks are a second hand's.
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "TR": 26, "HU": 28, "PL": 28, "ES": 24}
TITLES = re.compile(
    r"^(dhr|mevr|mr|mrs|dr|dra|dt|uzm|lek|za|tandarts)\.?\s|^(de heer|mevrouw|tandarts|dentist|doctor)\b", re.I
)
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev92_corpus.generate()


def test_committed_file_is_the_generator_output(records):
    assert dev92_corpus.PATH.read_text(encoding="utf-8") == dumps(records)


def test_deterministic_and_seeded(records):
    assert dev92_corpus.generate(24) == records[:24]
    other = dev92_corpus.generate(24, seed=1)
    assert [r["text"] for r in other] != [r["text"] for r in records[:24]]


def test_record_fields_and_kinds(records):
    assert len(records) == dev92_corpus.DEFAULT_RECORDS == 240
    assert dev92_corpus.DEFAULT_SEED == 20270492
    assert len(dev92_corpus.KINDS) >= 8 and 240 % len(dev92_corpus.KINDS) == 0
    assert_fields_and_kinds(records, dev92_corpus.KINDS, 240 // len(dev92_corpus.KINDS))
    assert all(r["id"] == f"dev92-{i:04d}" for i, r in enumerate(records))


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
    # the foreign titles are in the texts, before the names
    text = "\n".join(r["text"] for r in records)
    for title in ("Dr. Dt. ", "Uzm. Dr. ", "lek. dent. ", "Dr. med. dent. ", "Dra. "):
        assert title in text, title


def test_checksums(records):
    bsns = _spans(records, corpus.BSN)
    assert len(bsns) >= 20
    for b in bsns:
        digits = re.sub(r"\D", "", b)
        assert bsn_ok(digits) and dev92_corpus.bsn_valid(digits), b
    for shape in (r"\d{9}", r"\d{4}\.\d\d\.\d{3}", r"\d{3} \d{3} \d{3}", r"\d{3}\.\d{3}\.\d{3}"):
        assert any(re.fullmatch(shape, b) for b in bsns), shape
    ibans = _spans(records, corpus.IBAN)
    assert len(ibans) >= 30
    for i in ibans:
        assert iban_ok(i, IBAN_LENGTHS) and dev92_corpus.iban_valid(i), i
    countries = {re.sub(r"\s", "", i)[:2].upper() for i in ibans}
    assert {"NL", "TR", "HU", "PL"} <= countries, countries
    assert any(i == i.lower() for i in ibans) and any(" " in i for i in ibans)
    assert dev92_corpus.bsn_valid("123456782") and not dev92_corpus.bsn_valid("123456788")
    assert dev92_corpus.iban_valid("NL91 ABNA 0417 1643 00") and not dev92_corpus.iban_valid("NL92ABNA0417164300")
    assert dev92_corpus.iban_valid("DE89 3704 0044 0532 0130 00") and dev92_corpus.iban_valid("BE68539007547034")
    made = dev92_corpus.make_iban("TR", "0006100519786457841326")
    assert iban_ok(made, IBAN_LENGTHS) and made == "TR330006100519786457841326"


def test_foreign_tooth_notations(records):
    # Universal: 18 -> 1, 11 -> 8, 21 -> 9, 28 -> 16, 38 -> 17, 31 -> 24, 41 -> 25, 48 -> 32
    for fdi, universal in ((18, 1), (11, 8), (21, 9), (28, 16), (38, 17), (31, 24), (41, 25), (48, 32), (36, 19)):
        assert dev92_corpus.fdi_to_universal(fdi) == universal, fdi
    assert dev92_corpus.fdi_to_palmer(16) == "UR6" and dev92_corpus.fdi_to_palmer(37) == "LL7"
    keep = [k["text"] for r in records for k in r["keep"]]
    assert sum(bool(re.fullmatch(r"#([1-9]|[12]\d|3[0-2])", k)) for k in keep) >= 20
    assert sum(bool(re.fullmatch(r"(UR|UL|LL|LR)[1-8]", k)) for k in keep) >= 20
    assert sum(bool(re.fullmatch(r"\d(\.\d+)? x \d+(\.\d)? mm", k)) for k in keep) >= 40  # implant sizes
    assert sum(bool(re.fullmatch(r"\d\d Ncm", k)) for k in keep) >= 20
    for system in ("Straumann", "Nobel Active", "MIS C1", "Osstem", "Megagen"):
        assert any(k.startswith(system) for k in keep), system


def test_clinics_abroad(records):
    institutions = set(_spans(records, corpus.INSTELLING))
    places = set(_spans(records, corpus.LOCATIE))
    for clinic in dev92_corpus.CLINICS:
        city, name = clinic[1], clinic[2]
        assert city in places, city
        assert name in institutions or name.upper() in institutions, name
    for city in ("Istanbul", "Antalya", "Izmir", "Budapest", "Sopron", "Mosonmagyaróvár", "Szczecin", "Poznań"):
        assert city in places, city
    for r in records:
        if r["kind"] != "interne_notitie":
            assert any(s["category"] == corpus.INSTELLING for s in r["spans"]), r["id"]
    phones = _spans(records, corpus.TELEFOON)
    for prefix in ("+90", "+36", "+48", "+34", "+49", "+32", "06", "+31", "0031"):
        assert any(p.startswith(prefix) for p in phones), prefix
    postcodes = _spans(records, corpus.POSTCODE)
    assert any(re.fullmatch(r"\d{5}", p) for p in postcodes)  # Turkish, Spanish, German
    assert any(re.fullmatch(r"\d\d-\d{3}", p) for p in postcodes)  # Polish
    dutch = [p for p in postcodes if re.search(r"[A-Za-z]", p)]
    assert len(dutch) >= 60 and all(re.fullmatch(r"[1-9]\d{3} ?[A-Za-z]{2}", p) for p in dutch)
    assert any(p[-2:].islower() for p in dutch)
    assert sum(len(_spans(records, c)) for c in (corpus.URL,)) >= 20


def test_foreign_dentists_and_hungarian_order(records):
    hu_surnames = set((dev92_corpus.DATA / "surnames_hu.txt").read_text(encoding="utf-8").split())
    hu_given = {ln.split("|")[0] for ln in (dev92_corpus.DATA / "given_hu.txt").read_text(encoding="utf-8").split()}
    names = _spans(records, corpus.PERSOON)
    hungarian = [n for n in names if len(n.split()) == 2 and n.split()[0] in hu_surnames and n.split()[1] in hu_given]
    assert len(hungarian) >= 5
    for r in records:
        text = r["text"]
        starts = {s["start"] for s in r["spans"] if s["category"] == corpus.PERSOON}
        for m in re.finditer(
            r"(Doctor: |Surgeon: |Attn\. )(?:dr )?(?:[A-Za-z]+\. ?)*(?:dent\. |stom\. |med\. |n\. med\. |ZA |tandarts )?",
            text,
        ):
            assert m.end() in starts, (r["id"], m.group())
        for m in re.finditer(r"Reg\. no: |BIG ", text):
            assert any(s["start"] == m.end() and s["category"] == corpus.UZI for s in r["spans"]), r["id"]


def test_patient_numbers_and_lot_numbers(records):
    labelled = 0
    for r in records:
        text = r["text"]
        by_start = {s["start"]: s for s in r["spans"]}
        for m in re.finditer(r"(Patient ID: |Passport No: |File no\.: |your reference |Patiëntnr\.: |pt nr )", text):
            assert by_start[m.end()]["category"] == corpus.PATIENTNUMMER, (r["id"], m.group())
            labelled += 1
        for m in re.finditer(r"LOT |INV-", text):
            assert m.end() not in by_start and m.start() not in by_start, (r["id"], m.group())
        for m in re.finditer(r"(polisnr\.? |Polisnummer: |polisnummer |Relatienummer: )", text):
            assert by_start[m.end()]["category"] == corpus.POLISNUMMER, (r["id"], m.group())
    assert labelled >= 80
    passports = [s["text"] for r in records for s in r["spans"] if r["text"][: s["start"]].endswith("Passport No: ")]
    assert passports and all(re.fullmatch(r"[A-Z]{2}[0-9A-Z]{6}\d", p) for p in passports)


def test_whatsapp_lines(records):
    chats = [r for r in records if r["kind"] == "whatsapp"]
    for r in chats:
        text = r["text"]
        lines = text.split("\n")[:-1]
        assert len(lines) >= 6 and any(ch in text for ch in "😊😬😡🙏👍✈️")
        offset = 0
        for line in lines:
            m = re.match(r"\[?(\d\d?-\d\d?-\d{2,4}),? \[?\d\d:\d\d\]? -? ?(.+?)(?: - (.+?))?: ", line)
            assert m, line
            spans = {(s["start"], s["end"]): s["category"] for s in r["spans"]}
            assert spans[(offset + m.start(1), offset + m.end(1))] == corpus.DATUM, line
            assert spans[(offset + m.start(2), offset + m.end(2))] == corpus.PERSOON, line
            if m.group(3):
                assert spans[(offset + m.start(3), offset + m.end(3))] == corpus.INSTELLING, line
            offset += len(line) + 1
    lower = [s["text"] for r in chats for s in r["spans"] if s["category"] == corpus.PERSOON and s["text"].islower()]
    assert len(lower) >= 5


def test_dates_ages_and_births(records):
    for d in _spans(records, corpus.DATUM) + _spans(records, corpus.GEBOORTEDATUM):
        assert not d.lower().startswith(WEEKDAYS), d
        assert re.search(r"\d", d), d
    births = _spans(records, corpus.GEBOORTEDATUM)
    assert len(births) >= 120
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d\d", b) for b in births)  # Hungarian order
    assert any(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", b) for b in births)
    assert any(re.fullmatch(r"\d\d/\d\d/\d\d", b) for b in births)
    assert any(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", b) for b in births)  # English month
    dates = _spans(records, corpus.DATUM)
    assert any(re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", d) for d in dates)
    assert any(re.fullmatch(r"\d{4}\. \d\d\. \d\d", d) for d in dates)
    ages = _spans(records, corpus.LEEFTIJD)
    assert all(re.fullmatch(r"\d{2}( jaar|-jarige)?", a) for a in ages) and len(ages) >= 40
    assert all(len(re.sub(r"\D", "", a)) == 8 for a in _spans(records, corpus.AGB))


def test_names_in_many_forms(records):
    names = _spans(records, corpus.PERSOON)
    assert any(re.fullmatch(r"([A-Z]\.)+ (van der|van den|van 't|in 't|van|de|ter) [A-Z][\w-]+", n) for n in names)
    assert any(re.fullmatch(r"[A-Z][\w' -]+, ([A-Z]\.)+", n) for n in names)
    assert any(n.isupper() and "," in n for n in names) and any(n.isupper() and " " in n for n in names)
    assert any(re.search(r"[ığşçöüéáőűąćęłńśźż]", n) for n in names)
    assert any(re.search(r"-van |[a-z]-[A-Z]", n) for n in names)
    for word in ("Mei", "Juni", "Roos", "Storm", "Bo", "Post"):
        assert any(re.search(rf"\b{word}\b", n) for n in names), word
    assert len({n for n in names}) >= 600


def test_counts_and_clinical_strings(records):
    categories = Counter(s["category"] for r in records for s in r["spans"])
    for category in corpus.DIRECT_IDENTIFIERS:
        assert categories[category] >= 20, (category, categories[category])
    for category in (corpus.LOCATIE, corpus.INSTELLING, corpus.DATUM, corpus.LEEFTIJD, corpus.AGB, corpus.UZI):
        assert categories[category] >= 10, category
    assert categories[corpus.EMAIL] >= 150 and categories[corpus.TELEFOON] >= 250
    assert 2000 <= sum(categories.values()) <= 6000
    keep = [k["text"] for r in records for k in r["keep"]]
    assert 700 <= len(keep) <= 3000
    assert all(len(r["keep"]) >= 2 for r in records)
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["keep"])
    assert set(per_kind) == set(dev92_corpus.KINDS) and all(n >= 60 for n in per_kind.values()), per_kind
    assert any(re.fullmatch(r"element \d\d", k) for k in keep)
    assert any(re.fullmatch(r"[A-Z]\d\d", k) for k in keep)
    assert any(k.startswith(("Augmentin", "Arveles", "Majezik")) for k in keep)  # Turkish prescriptions
    assert any(k.startswith(("Kennedy", "Angle", "Miller")) for k in keep)
