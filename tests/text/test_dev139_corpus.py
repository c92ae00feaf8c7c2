"""dev139 (children in foster care and under guardianship at a dental group): the committed part is the generator's
output, its annotation is exact, and what is particular to the theme (court order references, V-nummers, Nidos and
GI case numbers, Jeugdwet orders, invoices to the municipality) is annotated wherever it occurs."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev139_corpus
from tests.text import annotated_parts

PER_KIND = dev139_corpus.DEFAULT_RECORDS // len(dev139_corpus.KINDS)

CATEGORY_COUNTS = {
    "PERSOON": 2188,
    "DATUM": 1036,
    "INSTELLING": 759,
    "LOCATIE": 507,
    "PATIENTNUMMER": 490,
    "TELEFOON": 297,
    "EMAIL": 265,
    "GEBOORTEDATUM": 190,
    "ADRES": 153,
    "POSTCODE": 110,
    "BSN": 98,
    "LEEFTIJD": 94,
    "AGB": 68,
    "IBAN": 44,
    "URL": 41,
    "POLISNUMMER": 32,
    "UZI": 16,
}
KEEP_COUNT = 1032


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in dev139_corpus.PATH.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def generated() -> list[dict]:
    return dev139_corpus.generate(dev139_corpus.DEFAULT_RECORDS, dev139_corpus.DEFAULT_SEED)


# ------------------------------------------------------------------------------------------- own checksums


def _digits_only(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if ch.isdigit())


def elfproef(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0


IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


def mod97(iban: str) -> bool:
    s = "".join(ch for ch in unicodedata.normalize("NFKC", iban) if ch.isalnum()).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def test_own_checksums_know_good_and_bad_numbers():
    assert elfproef("111222333") and not elfproef("111222334")
    assert mod97("NL91ABNA0417164300") and not mod97("NL91ABNA0417164301")
    assert mod97("be68 5390 0754 7034") and mod97("DE89370400440532013000")


# ------------------------------------------------------------------------------------------- the file


def test_committed_file_is_the_generators_output(records, generated):
    assert records == generated
    assert dev139_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(generated)


def test_seeded_and_prefix_stable(generated):
    again = dev139_corpus.generate(30, dev139_corpus.DEFAULT_SEED)
    assert again == generated[:30]
    for k in (1, 7, 13, 50):
        assert dev139_corpus.generate(k, dev139_corpus.DEFAULT_SEED) == generated[:k]
    assert dev139_corpus.generate(12, dev139_corpus.DEFAULT_SEED + 1) != generated[:12]


def test_contract(records):
    assert len(records) == dev139_corpus.DEFAULT_RECORDS == 240
    assert len(dev139_corpus.KINDS) in (8, 10, 12)
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, dev139_corpus.KINDS, PER_KIND)
    assert [r["id"] for r in records] == [f"dev139-{i:03d}" for i in range(1, 241)]


def test_texts_are_sized_like_real_documents(records):
    for r in records:
        lines = r["text"].strip("\n").splitlines()
        assert 2 <= len(lines) <= 40, r["id"]
    mean = sum(len(r["spans"]) for r in records) / len(records)
    assert 18 <= mean <= 30


def _same_class(a: str, b: str) -> bool:
    return (a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit())


def test_spans_start_and_end_on_word_boundaries(records):
    for r in records:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not _same_class(t[a - 1], t[a]), (r["id"], s, t[max(0, a - 10) : b])
            assert b == len(t) or not _same_class(t[b - 1], t[b]), (r["id"], s, t[a : b + 10])


# ------------------------------------------------------------------------------------------- identifiers


def test_every_bsn_passes_the_elfproef(records):
    bsns = [s for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 80
    for s in bsns:
        assert elfproef(_digits_only(s["text"])), s


def test_every_iban_passes_mod97(records):
    ibans = [s for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 25
    for s in ibans:
        assert mod97(s["text"]), s
    countries = {
        "".join(ch for ch in unicodedata.normalize("NFKC", s["text"]) if ch.isalnum())[:2].upper() for s in ibans
    }
    assert {"NL", "BE", "DE"} <= countries


def test_category_counts_and_keep_count_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


def test_every_long_digit_run_is_inside_a_span(records):
    """No number of six digits or more (patient, case, V-, BSN, phone...) is left unannotated."""
    for r in records:
        covered = [(s["start"], s["end"]) for s in r["spans"]]
        for m in re.finditer(r"[0-9０-９]{6,}", r["text"]):
            assert any(a <= m.start() and m.end() <= b for a, b in covered), (r["id"], m.group())


# ------------------------------------------------------------------------------------------- the theme

THEME_IDENTIFIERS = {
    "court case number": r"C/\d{2}/\d{6}",
    "court petition number": r"JE RK \d{2}-\d{3,4}",
    "V-nummer": r"(?<=V-nummer: )[0-9０-９ ]{10,12}\d|(?<=V-nr )\d{10}",
    "Nidos dossier": r"N\d{2}-\d{5}",
    "GI case number": r"JB-\d{2}-\d{5}|GI/\d{4}/\d{4}",
    "Jeugdwet order": r"JW-\d{4}-\d{6}",
    "COA number": r"(?<=COA-nr: )\d{8}",
    "interpreter number": r"(?<=tolknr\. )\d{5}",
    "invoice number": r"F20\d\d-\d{5}",
    "ZorgMail message": r"ZM-\d{9}",
}


@pytest.mark.parametrize("name", sorted(THEME_IDENTIFIERS))
def test_theme_identifiers_are_patient_numbers_wherever_they_occur(records, name):
    pattern = re.compile(THEME_IDENTIFIERS[name])
    found = 0
    for r in records:
        numbers = [(s["start"], s["end"]) for s in r["spans"] if s["category"] == "PATIENTNUMMER"]
        for m in pattern.finditer(r["text"]):
            found += 1
            assert any(a <= m.start() and m.end() <= b for a, b in numbers), (r["id"], name, m.group())
    assert found >= 5, name


def test_guardians_carers_and_court_are_annotated(records):
    """The people and bodies of the theme: after their role words the name is a span, the role word is not."""
    roles = ("gezinsvoogd", "voogd", "pleegmoeder", "pleegvader", "gezinshuisouder", "mentor", "oma", "opa")
    hits = 0
    for r in records:
        t = r["text"]
        starts = {s["start"]: s for s in r["spans"]}
        for m in re.finditer(r"\b(" + "|".join(roles) + r") (?=[A-Z])", t):
            nxt = starts.get(m.end())
            if nxt is not None:
                hits += 1
                assert nxt["category"] == "PERSOON", (r["id"], nxt)
        for s in r["spans"]:
            first = s["text"].lower().split(" ")[0]
            assert first not in roles + ("dhr.", "mw.", "mevr.", "mevrouw", "bsn", "bsn:", "tel.", "mr."), (r["id"], s)
    assert hits >= 150
    insts = Counter(s["text"] for r in records for s in r["spans"] if s["category"] == "INSTELLING")
    assert any(n.startswith(("Rechtbank", "RECHTBANK")) for n in insts)
    assert any("Nidos" in n for n in insts) and any(n.startswith("Gezinshuis") for n in insts)


def test_clinical_strings_kept_and_never_inside_a_span(records):
    known = dev139_corpus.clinical_strings()
    for r in records:
        for k in r["keep"]:
            assert k["text"] in known, (r["id"], k)
        for s in r["spans"]:
            for c in known:
                if len(c) > 3:
                    assert c not in s["text"], (r["id"], s, c)
        keep_at = {(k["start"], k["end"]) for k in r["keep"]}
        for c in known:
            for m in re.finditer(r"(?<![\w/])" + re.escape(c) + r"(?![\w%])", r["text"]):
                inside_keep = any(a <= m.start() and m.end() <= b for a, b in keep_at)
                assert inside_keep, (r["id"], c)


# ------------------------------------------------------------------------------------------- notations


def _spans(records, *cats):
    return [(r, s) for r in records for s in r["spans"] if not cats or s["category"] in cats]


def test_notations_present(records):
    every = _spans(records)
    texts = [s["text"] for _, s in every]
    for ch in ("\u00a0", "\u202f", "\u200b", "\u00ad"):
        assert any(ch in t for t in texts), repr(ch)
    assert any(re.search(r"[０-９]", t) for t in texts)
    assert any("＠" in t for t in texts)
    assert any(re.search(r"@[\w.-]+,(nl|com)$", t) for t in texts)

    def before(r, s, n=1):
        return r["text"][max(0, s["start"] - n) : s["start"]]

    def after(r, s):
        return r["text"][s["end"] : s["end"] + 1]

    ident = ("BSN", "TELEFOON", "PATIENTNUMMER", "IBAN")
    assert any(before(r, s) == ":" for r, s in _spans(records, *ident))
    assert any(before(r, s) == "," for r, s in _spans(records, *ident))
    assert any(before(r, s) == "-" for r, s in _spans(records, *ident))
    assert any(before(r, s).isalpha() for r, s in _spans(records, *ident))
    assert any(after(r, s) == "_" for r, s in _spans(records, "EMAIL"))
    assert any(before(r, s, 3) == "mm " for r, s in _spans(records, "TELEFOON"))
    foreign = [
        s["text"]
        for _, s in _spans(records, "TELEFOON")
        if s["text"].startswith("+") and not s["text"].startswith("+31")
    ]
    assert len({f[:4] for f in foreign}) >= 5
    postcodes = [s["text"] for _, s in _spans(records, "POSTCODE")]
    assert any(re.fullmatch(r"\d{4} ?[a-z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4}-[A-Z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4}\u00a0[A-Z]{2}", p) for p in postcodes)
    ibans = [s["text"] for _, s in _spans(records, "IBAN")]
    assert any(i[:2].islower() for i in ibans) and any(" " in i for i in ibans)


def test_names_in_the_ways_people_write_them(records):
    names = [s["text"] for _, s in _spans(records, "PERSOON")]
    assert any(n.islower() and " " in n for n in names)  # lower-case full names
    assert any(re.fullmatch(r"[^\s,]+, \S+( \S+)*", n) for n in names)  # surname first
    assert any(re.match(r"([A-ZÖÇŞ]\.)+ ", n) for n in names)  # initials
    assert any(re.fullmatch(r"[A-Z]{2,3}", n) for n in names)  # staff initials as a paraaf
    assert any(re.fullmatch(r"[a-z]\.[a-z-]+", n) for n in names)  # log-in handles
    words = {"Mei", "Juni", "April", "Augustus", "Storm", "Roos", "Merel", "Bloem", "Lente", "Sterre", "Iris"}
    assert sum(1 for n in names if n.split(" ")[0] in words) >= 10
    surname_words = {"Post", "Bos", "de Wit", "Visser", "Bakker", "Kok", "Haas", "Winter", "Zomer", "Koning", "Vogel"}
    assert any(any(n.endswith(" " + w) or n == w for w in surname_words) for n in names)
    assert any(re.search(r"[ıłśńąğşçöü]", n) for n in names)


def test_dates_in_many_notations(records):
    dates = [s["text"] for _, s in _spans(records, "DATUM", "GEBOORTEDATUM")]
    patterns = [
        r"\d{2}-\d{2}-\d{4}",
        r"\d{1,2}/\d{1,2}/\d{2}",
        r"\d{2}\.\d{2}\.\d{4}",
        r"\d{4}-\d{2}-\d{2}",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d{1,2} [A-Z][a-z]+ \d{4}",
        r"\d{1,2}/\d{1,2}",
        r"\d{8}",
        r"[a-z]+dag \d{1,2} [a-z]+",
        r"\d{1,2}-\d{1,2}-'\d{2}",
    ]
    for p in patterns:
        assert any(re.fullmatch(p, d) for d in dates), p
