"""Part dev144 (a dental practice in the Groningen earthquake area): the committed file is the generator's output,
its annotation is exact, and what is particular to the part holds: the compensation institute's and the
reinforcement programme's case numbers are annotated wherever they occur, BSNs and IBANs pass their checks (asked
of this test's own functions), clinical strings survive, and the notations people type are there."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev144_corpus
from tests.text import annotated_parts

PER_KIND = dev144_corpus.DEFAULT_RECORDS // len(dev144_corpus.KINDS)

CATEGORY_COUNTS = {
    "PERSOON": 1463,
    "BSN": 68,
    "TELEFOON": 450,
    "EMAIL": 222,
    "IBAN": 82,
    "ADRES": 622,
    "POSTCODE": 437,
    "LOCATIE": 819,
    "GEBOORTEDATUM": 195,
    "DATUM": 1012,
    "LEEFTIJD": 66,
    "PATIENTNUMMER": 570,
    "AGB": 93,
    "UZI": 11,
    "POLISNUMMER": 40,
    "URL": 50,
    "INSTELLING": 544,
}
KEEP_COUNT = 673


@pytest.fixture(scope="module")
def records() -> list[dict]:
    with open(dev144_corpus.PATH, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def generated() -> list[dict]:
    return dev144_corpus.generate(dev144_corpus.DEFAULT_RECORDS, dev144_corpus.DEFAULT_SEED)


# ------------------------------------------------------------------------------------------- own checks


def digits_of(s: str) -> str:
    return "".join(str(unicodedata.digit(c)) for c in s if unicodedata.category(c) == "Nd")


def elfproef(number: str) -> bool:
    if len(number) != 9 or not number.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(number, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0


IBAN_LENGTHS = {"NL": 18, "DE": 22, "BE": 16, "PL": 28}


def iban_valid(written: str) -> bool:
    s = "".join(c for c in unicodedata.normalize("NFKC", written) if c.isalnum()).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    moved = s[4:] + s[:4]
    value = 0
    for c in moved:
        value = (value * (100 if c.isalpha() else 10) + (ord(c) - 55 if c.isalpha() else int(c))) % 97
    return value == 1


def plain(s: str) -> str:
    """NFKC, format characters dropped: how a reader sees the number."""
    return "".join(c for c in unicodedata.normalize("NFKC", s) if unicodedata.category(c) != "Cf")


def kind_of(c: str) -> str:
    if unicodedata.category(c) == "Nd":
        return "digit"
    if c.isalpha():
        return "letter"
    return "other"


# ------------------------------------------------------------------------------------------- the file


def test_committed_file_is_the_generators_output(records, generated):
    assert corpus_file.dumps(records) == corpus_file.dumps(generated)
    assert dev144_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(generated)


def test_seeded_and_prefix_stable(generated):
    assert dev144_corpus.generate(24, dev144_corpus.DEFAULT_SEED) == generated[:24]
    assert dev144_corpus.generate(7, 5) == dev144_corpus.generate(7, 5)
    assert dev144_corpus.generate(7, 5) != generated[:7]


def test_module_contract():
    assert dev144_corpus.DEFAULT_RECORDS == 240
    assert dev144_corpus.DEFAULT_SEED == 20270613
    assert len(dev144_corpus.KINDS) in (8, 10, 12)
    assert dev144_corpus.PATH.name == "dev144.jsonl" and dev144_corpus.PATH.parent.name == "text"
    assert dev144_corpus.DATA.name == "dev144_data" and dev144_corpus.DATA.is_dir()


def test_lists_are_data_and_large_enough():
    def rows(name):
        with open(dev144_corpus.DATA / name, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))

    given = rows("given_names.tsv")
    surnames = rows("surnames.tsv")
    assert len({r["name"] for r in given}) >= 150 and len({r["surname"] for r in surnames}) >= 150
    assert len({r["origin"] for r in given}) >= 10 and len({r["origin"] for r in surnames}) >= 10
    assert {"Mei", "Juni", "April", "Roos"} <= {r["name"] for r in given}
    assert {"Post", "Bos", "de Wit", "Visser"} <= {r["surname"] for r in surnames}


def test_spans_exact_disjoint_fields_and_kinds(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, dev144_corpus.KINDS, PER_KIND)
    assert [r["id"] for r in records] == [f"dev144-{i:03d}" for i in range(1, 241)]
    for r in records:
        assert 2 <= r["text"].count("\n") + 1 <= 40, r["id"]


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            first, last = text[s["start"]], text[s["end"] - 1]
            if s["start"] > 0:
                before = text[s["start"] - 1]
                assert kind_of(before) == "other" or kind_of(before) != kind_of(first), (r["id"], s)
            if s["end"] < len(text):
                after = text[s["end"]]
                assert kind_of(after) == "other" or kind_of(after) != kind_of(last), (r["id"], s)


def test_category_and_keep_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


def test_every_bsn_passes_the_elfproef(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 40
    for b in bsns:
        assert elfproef(digits_of(b)), b
        assert annotated_parts.bsn_ok(digits_of(b))


def test_every_iban_passes_mod97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 40
    for i in ibans:
        assert iban_valid(i), i
    countries = {unicodedata.normalize("NFKC", i)[:2].upper() for i in ibans}
    assert {"NL", "DE", "BE"} <= countries


# ------------------------------------------------------------------------------------------- the theme

# The compensation institute's case number (IMG-2024-083715, IMG 2024 083715, img-24-083715, IMG2024083715) and
# the reinforcement programme's dossier number (NCG-VD-018342, VD-018342, vd018342), in any digits.
CASE = re.compile(r"(?i)(?<![0-9a-z])(?:ncg[-\s]?)?(?P<core>img[-\s]?\d{2,4}[-\s]?\d{6}|vd[-\s]?\d{6})(?!\d)")


def test_case_numbers_are_annotated_wherever_they_occur(records):
    found = Counter()
    for r in records:
        for m in CASE.finditer(r["text"]):
            found[m.group("core")[:3].upper()] += 1
            # the label NCG before the dossier number may stay outside the span
            covering = [s for s in r["spans"] if s["start"] <= m.start("core") and m.end() <= s["end"]]
            assert covering, (r["id"], m.group(0))
            assert covering[0]["category"] in ("PATIENTNUMMER", "URL"), (r["id"], covering[0])
    assert found["IMG"] >= 40 and sum(found.values()) - found["IMG"] >= 60
    # and the pattern reads every case number the part writes
    for r in records:
        for s in r["spans"]:
            if s["category"] == "PATIENTNUMMER" and s["text"][:3].upper() in ("IMG", "NCG", "VD-", "VD ", "VD0"):
                assert CASE.fullmatch(s["text"]), s
    where = Counter(r["kind"] for r in records if CASE.search(r["text"]))
    assert len(where) >= 8


def test_temporary_and_permanent_addresses_both_annotated(records):
    both = 0
    for r in records:
        if "wisselwoning" not in r["text"].lower():
            continue
        adressen = [s for s in r["spans"] if s["category"] == "ADRES"]
        if len({s["text"] for s in adressen}) >= 2:
            both += 1
    assert both >= 80


def test_clinical_strings_kept_and_never_inside_a_span(records):
    with open(dev144_corpus.DATA / "clinical.tsv", encoding="utf-8", newline="") as fh:
        listed = {row["text"] for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    for r in records:
        text = r["text"]
        for k in r["keep"]:
            assert k["text"] in listed or re.fullmatch(r"[1-8][1-8]", k["text"]), k
            for s in r["spans"]:
                assert k["end"] <= s["start"] or s["end"] <= k["start"], (r["id"], k, s)
        kept = {(k["start"], k["end"]) for k in r["keep"]}
        for c in listed:
            for m in re.finditer(r"(?<![\w])" + re.escape(c) + r"(?![\w])", text):
                assert (m.start(), m.end()) in kept, (r["id"], c)
    kinds_with_keep = {r["kind"] for r in records if r["keep"]}
    assert len(kinds_with_keep) >= 6


# ------------------------------------------------------------------------------------------- notations


def test_notations_present(records):
    spans = [(r, s) for r in records for s in r["spans"]]

    def any_span(pred, cats=None):
        return any(pred(r["text"], s) for r, s in spans if cats is None or s["category"] in cats)

    inside = lambda ch: lambda t, s: ch in s["text"]  # noqa: E731
    numbers = ("BSN", "TELEFOON", "IBAN", "POSTCODE", "PATIENTNUMMER", "AGB")
    assert any_span(inside("\u00a0"), numbers)
    assert any_span(inside("\u202f"), numbers)
    assert any_span(inside("\u200b"), numbers)
    assert any_span(inside("\u00ad"), numbers)
    assert any_span(lambda t, s: any("\uff10" <= c <= "\uff19" for c in s["text"]), numbers)
    # glued to a colon, a comma, a dash, a word
    glued = lambda ch: lambda t, s: s["start"] > 0 and t[s["start"] - 1] == ch  # noqa: E731
    assert any_span(glued(":"), ("BSN",))
    assert any_span(glued(","), ("PATIENTNUMMER",))
    assert any_span(glued("-"), ("PATIENTNUMMER",))
    assert any_span(lambda t, s: s["start"] > 0 and t[s["start"] - 1].isalpha(), ("TELEFOON",))
    # e-mails followed by an underscore; phones next to mm
    assert any_span(lambda t, s: t[s["end"] : s["end"] + 1] == "_", ("EMAIL",))
    assert any_span(lambda t, s: "mm" in t[max(0, s["start"] - 4) : s["start"]], ("TELEFOON",))
    # foreign phones and IBANs, lower-case IBANs
    for prefix in ("+49", "+32", "+48", "+90", "+380", "+212"):
        assert any_span(lambda t, s, p=prefix: plain(s["text"]).startswith(p + " "), ("TELEFOON",)), prefix
    assert any_span(lambda t, s: s["text"][:2] in ("DE", "BE", "PL", "de", "be", "pl"), ("IBAN",))
    assert any_span(lambda t, s: s["text"][:2].islower(), ("IBAN",))
    # postcodes: glued, lower case, dashed, double space, in brackets after a place
    assert any_span(lambda t, s: re.fullmatch(r"\d{4}[a-z]{2}", s["text"]) is not None, ("POSTCODE",))
    assert any_span(lambda t, s: "-" in s["text"], ("POSTCODE",))
    assert any_span(lambda t, s: "  " in s["text"], ("POSTCODE",))
    assert any_span(lambda t, s: t[s["start"] - 1] == "(", ("POSTCODE",))
    # names: lower case, surname first, initials, words and months, non-Dutch letters
    assert any_span(lambda t, s: s["text"] == s["text"].lower(), ("PERSOON",))
    assert any_span(lambda t, s: ", " in s["text"], ("PERSOON",))
    assert any_span(lambda t, s: re.match(r"[A-Z]\.[A-Z]\. ", s["text"]) is not None, ("PERSOON",))
    for word in ("Mei", "Juni", "April", "Roos", "Post", "Bos"):
        assert any_span(lambda t, s, w=word: w in s["text"].split(), ("PERSOON",)), word
    assert any_span(lambda t, s: any(c in s["text"] for c in "ıłśźąçğöş"), ("PERSOON",))
    # dates in several notations
    dates = [s["text"] for r, s in spans if s["category"] in ("DATUM", "GEBOORTEDATUM")]
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)
    assert any(re.fullmatch(r"\d\d?/\d\d?", d) for d in dates)
    assert any(re.fullmatch(r"\d\d?\.\d\d\.\d{4}", d) for d in dates)
    assert any(re.fullmatch(r"\d\d?-\d\d?-'\d\d", d) for d in dates)
    assert any(any(m in d for m in corpus_file.MONTHS) for d in dates)
    assert any(re.fullmatch(r"\d{8}", d) for d in dates)
