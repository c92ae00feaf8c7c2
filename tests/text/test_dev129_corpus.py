"""dev129 (a dental technicians' laboratory): the committed part is what its generator writes, annotated exactly,
with checksums computed here rather than by the generator."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev129_corpus as part
from tests.text import annotated_parts

CATEGORY_COUNTS = {
    "PERSOON": 1328,
    "DATUM": 704,
    "PATIENTNUMMER": 570,
    "INSTELLING": 533,
    "LOCATIE": 460,
    "TELEFOON": 358,
    "ADRES": 269,
    "POSTCODE": 252,
    "EMAIL": 197,
    "GEBOORTEDATUM": 170,
    "IBAN": 84,
    "BSN": 63,
    "LEEFTIJD": 46,
    "URL": 34,
    "AGB": 33,
    "POLISNUMMER": 31,
    "UZI": 24,
}
KEEP_COUNT = 852

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "LU": 20, "GB": 22, "PL": 28, "ES": 24, "AT": 20}
FORMAT_CHARS = "\u200b\u00ad"
URL_ESCAPE = re.compile(r"%[0-9A-F]{2}$")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate()


def _digits(s: str) -> str:
    """Every script's digits as ASCII, everything else dropped."""
    return "".join(str(unicodedata.digit(c)) for c in s if unicodedata.digit(c, None) is not None)


def _covered(record: dict, start: int, end: int, categories: tuple[str, ...]) -> bool:
    return any(s["start"] <= start and end <= s["end"] and s["category"] in categories for s in record["spans"])


def _data(name: str) -> list[str]:
    lines = (part.DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#")]


def test_committed_file_is_the_generators_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)
    assert part.PATH.name == "dev129.jsonl"


def test_generator_is_seeded_and_prefix_stable(records):
    assert part.DEFAULT_SEED == 20270529 and part.DEFAULT_RECORDS == 240
    assert part.generate(24) == records[:24]
    assert part.generate(24, seed=part.DEFAULT_SEED + 1) != records[:24]
    assert len(records) == 240


def test_contract(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    assert len(part.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, 20)
    assert [r["kind"] for r in records[:12]] == list(part.KINDS)
    assert all(r["id"] == f"dev129-{i + 1:04d}" for i, r in enumerate(records))


def test_texts_are_of_a_realistic_length(records):
    words = [len(r["text"].split()) for r in records]
    assert min(words) >= 40 and max(words) <= 250
    assert sum(1 for r in records if len(r["spans"]) >= 12) >= 200


def test_spans_and_kept_strings_end_on_word_boundaries(records):
    """A span neither starts nor ends inside a word; ``_`` (file names) and a URL-encoded escape separate words."""
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            if a > 0 and text[a - 1].isalnum() and text[a].isalnum():
                assert URL_ESCAPE.search(text[:a]), (r["id"], s)
            if b < len(text) and text[b - 1].isalnum() and text[b].isalnum():
                raise AssertionError((r["id"], s))


def test_bsns_pass_the_eleven_test(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 40
    for text in bsns:
        digits = _digits(text)
        assert len(digits) in (8, 9), text
        digits = digits.zfill(9)
        total = sum(int(c) * w for c, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2)))
        assert (total - int(digits[8])) % 11 == 0, text
    assert any(len(_digits(t)) == 8 for t in bsns)


def test_ibans_pass_mod_97(records):
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 60
    countries = Counter()
    for text in ibans:
        compact = "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalnum()).upper()
        assert IBAN_LENGTHS[compact[:2]] == len(compact), text
        rest = 0
        for c in compact[4:] + compact[:4]:
            for d in str(int(c, 36)):
                rest = (rest * 10 + int(d)) % 97
        assert rest == 1, text
        countries[compact[:2]] += 1
    assert len(countries) >= 5 and countries["NL"] > countries["DE"] > 0


def test_category_and_keep_counts(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


ORGANISATIONAL = re.compile(
    "|".join((re.escape(part.LAB_KVK), re.escape(part.LAB_BTW), re.escape(part.LAB_SRN), r"\b3SBKL\d{9}\b"))
)


def test_every_long_number_is_annotated_or_kept(records):
    """Apart from the lab's organisational numbers and parcel codes (documented), no long number is left bare."""
    for r in records:
        text = r["text"]
        bare = [(m.start(), m.end()) for m in ORGANISATIONAL.finditer(text)]
        for m in re.finditer(r"\d[\d\u200b\u00ad]{5,}", text):
            run = m.group().rstrip(FORMAT_CHARS)
            if len(_digits(run)) < 6:
                continue
            end = m.start() + len(run)
            inside = any(s["start"] <= m.start() and end <= s["end"] for s in r["spans"] + r["keep"])
            organisational = any(a <= m.start() and end <= b for a, b in bare)
            assert inside or organisational, (r["id"], run)


def test_the_labs_own_numbers_are_patient_numbers_wherever_they_occur(records):
    own = {
        r"(?i)(?<![0-9a-z])bo ?\d{2}[-\u2011]?\d{5}(?:-\d{2})?(?![0-9])": ("PATIENTNUMMER", "URL"),
        r"(?<=#)\d{5}\b": ("PATIENTNUMMER",),
        r"\bR\d{2}-\d{4}\b": ("PATIENTNUMMER",),
        r"\bPF\d{2}-\d{4}\b": ("PATIENTNUMMER",),
        r"\bMND-\d{6}\b": ("PATIENTNUMMER",),
        r"\bT-\d{7}\b": ("PATIENTNUMMER",),
        r"(?<=Rx )\d{8}\b|(?<=Rx-nummer: )\d{8}\b|\b\d{8}(?=_)": ("PATIENTNUMMER",),
        r"(?<=case )\d{8}\b": ("PATIENTNUMMER",),
    }
    found = Counter()
    for r in records:
        for pattern, cats in own.items():
            for m in re.finditer(pattern, r["text"]):
                assert _covered(r, m.start(), m.end(), cats), (r["id"], m.group(), cats)
                found[pattern] += 1
        # the lab's own organisational numbers and the practices' invoice numbers identify no patient
        for pattern in (
            re.escape(part.LAB_KVK),
            re.escape(part.LAB_BTW),
            re.escape(part.LAB_SRN),
            r"\bVF\d{4}-\d{4}\b",
        ):
            for m in re.finditer(pattern, r["text"]):
                assert not _covered(r, m.start(), m.end(), tuple(CATEGORY_COUNTS)), (r["id"], m.group())
                found["organisation"] += 1
        for m in re.finditer(r"\b3SBKL\d{9}\b", r["text"]):
            assert not _covered(r, m.start(), m.end(), tuple(c for c in CATEGORY_COUNTS if c != "URL"))
    assert all(found[p] > 0 for p in own), found
    # the order number's spans hold the number itself, and a serial number carries its element suffix
    pnr = [s["text"] for r in records for s in r["spans"] if s["category"] == "PATIENTNUMMER"]
    assert any(re.fullmatch(r"BO\d{2}-\d{5}-\d{2}", t) for t in pnr)
    assert any("\u2011" in t for t in pnr) and any(t.startswith("bo") for t in pnr)


def test_the_labs_organisations_and_people_are_annotated_wherever_they_occur(records):
    practices = _data("practices.tsv")
    carehomes = _data("carehomes.tsv")
    staff_rows = [
        line.split("\t")
        for line in (part.DATA / "staff.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    staff_surnames = [row[2] for row in staff_rows]
    seen = Counter()
    for r in records:
        text = r["text"]
        for m in re.finditer(r"(?i)berkeloever", text):
            assert _covered(r, m.start(), m.end(), ("INSTELLING", "EMAIL", "URL")), (r["id"], m.start())
            seen["lab"] += 1
        for name in practices + carehomes:
            for m in re.finditer(re.escape(name), text, flags=re.IGNORECASE):
                assert _covered(r, m.start(), m.end(), ("INSTELLING",)), (r["id"], name)
                seen["org"] += 1
        for sur in staff_surnames:
            for m in re.finditer(rf"\b{re.escape(sur)}\b", text):
                assert _covered(r, m.start(), m.end(), ("PERSOON",)), (r["id"], sur)
                seen["staff"] += 1
        for site in ("Zutphen", "Doetinchem"):
            for m in re.finditer(rf"(?<=vestiging ){site}\b", text):
                assert _covered(r, m.start(), m.end(), ("LOCATIE",)), (r["id"], site)
                seen["site"] += 1
    assert seen["lab"] > 150 and seen["org"] > 300 and seen["staff"] > 100 and seen["site"] > 20


def test_clinical_strings_are_kept_and_never_in_a_span(records):
    vocabulary = _data("eponyms.txt") + _data("implants.txt") + _data("abutments.txt") + _data("materials.tsv")
    vocabulary += _data("tariff_codes.tsv") + _data("medications.txt")
    kept = Counter()
    for r in records:
        text = r["text"]
        keeps = [(k["start"], k["end"]) for k in r["keep"]]
        for term in vocabulary:
            for m in re.finditer(rf"(?<![\w.]){re.escape(term)}(?![\w])", text):
                assert any(a <= m.start() and m.end() <= b for a, b in keeps), (r["id"], term)
                kept[term] += 1
        for s in r["spans"]:
            for k in r["keep"]:
                assert s["end"] <= k["start"] or k["end"] <= s["start"]
            for term in ("curve van Spee", "Bennett", "Kennedy", "Maryland", "Michigan", "Frankfurter", "Camper"):
                assert term not in s["text"], (r["id"], s)
    texts = Counter(k["text"] for r in records for k in r["keep"])
    # names and places that are clinical terms here, and numbers that look like dates or identifiers
    for term in ("Bennett-hoek 15°", "Maryland-brug", "Essix-retainer", "Frankfurter horizontaal", "curve van Spee"):
        assert texts[term] > 0, term
    assert any(re.fullmatch(r"\d{2}-\d{2}", t) for t in texts)  # a bridge such as 45-47
    assert any(re.fullmatch(r"\d,\d mm", t) for t in texts)
    assert any(re.fullmatch(r"[A-D]\d(\.5)?|\dM\d", t) for t in texts)  # shades
    assert any(re.fullmatch(r"[WXZHK]\d{3,4}[ABC]?", t) for t in texts)  # material LOT numbers
    assert len(kept) >= 40


def test_the_notations_of_the_setting(records):
    spans = [(r, s) for r in records for s in r["spans"]]

    def some(category, predicate, at_least=1):
        n = sum(1 for _, s in spans if s["category"] == category and predicate(s["text"], _))
        assert n >= at_least, (category, n)

    # invisible and unusual characters inside numbers
    some("BSN", lambda t, r: "\u200b" in t or "\u00ad" in t or "\u00a0" in t or "\u202f" in t)
    some("TELEFOON", lambda t, r: "\u200b" in t or "\u00ad" in t, 3)
    some("TELEFOON", lambda t, r: any("\uff10" <= c <= "\uff19" for c in t))
    some("TELEFOON", lambda t, r: any("\u0660" <= c <= "\u0669" for c in t))
    some("IBAN", lambda t, r: any("\uff10" <= c <= "\uff19" for c in t) or "\u00ad" in t)
    some("IBAN", lambda t, r: t[:2].islower(), 3)
    some("IBAN", lambda t, r: "\u00a0" in t or "." in t, 3)
    some("POSTCODE", lambda t, r: "\u00a0" in t)
    some("POSTCODE", lambda t, r: re.fullmatch(r"\d{4}[a-z]{2}|\d{4} +[a-z]{2}|\d{4}-[a-z]{2}", t) is not None, 5)
    some("POSTCODE", lambda t, r: re.fullmatch(r"\d{5}", t) is not None)  # German
    some("TELEFOON", lambda t, r: t.startswith(("+49", "0049")), 3)
    some("TELEFOON", lambda t, r: t.startswith(("+32", "0032")))
    some("TELEFOON", lambda t, r: re.fullmatch(r"31\d{9}", t) is not None, 10)  # the SMS gateway's log
    # e-mails as they come out of fax gateways, keyboards and typos
    some("EMAIL", lambda t, r: "\uff20" in t)
    some("EMAIL", lambda t, r: re.search(r",(nl|com)$", t) is not None)
    glued = 0
    for r, s in spans:
        text = r["text"]
        if s["category"] == "EMAIL" and text[s["end"] : s["end"] + 1] == "_":
            glued += 1
    assert glued >= 3
    # labels glued to values; a phone right after a measurement
    assert any(re.search(r"BSN:\S", r["text"]) for r in records)
    assert any(re.search(r"IBAN:\S", r["text"]) for r in records)
    after_mm = sum(1 for r, s in spans if s["category"] == "TELEFOON" and r["text"][: s["start"]].endswith("mm "))
    assert after_mm >= 5
    # names in file names, DICOM headers and a URL-encoded gateway log
    some("PERSOON", lambda t, r: "_" in t, 20)
    some("PERSOON", lambda t, r: "^" in t, 5)
    some("PERSOON", lambda t, r: "%" in t, 3)
    some("PERSOON", lambda t, r: t.isupper() and "," in t, 10)
    some("PERSOON", lambda t, r: t == t.lower() and t.isalpha(), 5)
    some("PERSOON", lambda t, r: re.search(r"\b(van der|van den|te|ter|ten|in 't|van 't)\b", t) is not None, 30)
    some("GEBOORTEDATUM", lambda t, r: re.fullmatch(r"(19|20)\d{6}", t) is not None)
    some("DATUM", lambda t, r: re.fullmatch(r"20\d{6}", t) is not None, 10)
    # the format characters only ever occur inside identifiers
    for r in records:
        for i, c in enumerate(r["text"]):
            if c in FORMAT_CHARS or c == "\u2011":
                assert _covered(r, i, i + 1, tuple(annotated_parts.corpus.CATEGORIES)), (r["id"], i)
