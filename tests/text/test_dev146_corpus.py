"""Evaluation part dev146: a dental practice in Friesland writing in Frisian and Dutch.

The committed file is the generator's output; the shared contract holds; spans sit on word boundaries; every BSN
passes the 11-proef and every IBAN mod-97 (checked here by a second hand); the part's own identifiers (Frisian
place names under both names, Frisian dates, -stra/-sma/-inga surnames, .frl addresses, the practices' patient
numbers) are annotated wherever they occur; Frisian words at a sentence start are never a name; clinical strings
are kept and never inside a span; the notations are present; the counts are pinned."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import corpus
from fixtures.text import dev146_corpus as part
from fixtures.text.corpus_file import dumps

try:
    from tests.text import annotated_parts as shared
except ImportError:  # pragma: no cover - when tests/text is on sys.path itself
    import annotated_parts as shared

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / part.DATA

CATEGORY_COUNTS = {
    "PERSOON": 1038,
    "DATUM": 581,
    "TELEFOON": 329,
    "INSTELLING": 321,
    "LOCATIE": 270,
    "GEBOORTEDATUM": 167,
    "ADRES": 154,
    "POSTCODE": 139,
    "EMAIL": 110,
    "BSN": 85,
    "PATIENTNUMMER": 77,
    "LEEFTIJD": 61,
    "URL": 60,
    "POLISNUMMER": 56,
    "IBAN": 47,
    "AGB": 35,
    "UZI": 7,
}
KEEP_COUNT = 491


def _tsv(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


def _covered(record: dict, start: int, end: int, categories: tuple[str, ...] | None = None) -> bool:
    return any(
        s["start"] <= start and end <= s["end"] and (categories is None or s["category"] in categories)
        for s in record["spans"]
    )


def _overlaps_span(record: dict, start: int, end: int) -> bool:
    return any(s["start"] < end and start < s["end"] for s in record["spans"])


def _digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


# ------------------------------------------------------------------------------------------ file and contract


def test_committed_file_is_the_generators_output(records):
    assert (ROOT / part.PATH).read_text(encoding="utf-8") == dumps(records)


def test_seeded_and_prefix_stable(records):
    assert part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED) == records
    for k in (1, 13, 100):
        assert part.generate(k, part.DEFAULT_SEED) == records[:k]
    assert part.generate(12, part.DEFAULT_SEED + 1) != records[:12]


def test_shared_contract(records):
    assert len(records) == part.DEFAULT_RECORDS == 240
    assert len(part.KINDS) == 12
    shared.assert_spans_exact_and_disjoint(records)
    shared.assert_fields_and_kinds(records, part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))
    assert all(r["id"].startswith("dev146-") for r in records)


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] > 0 else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s, before, after)


def test_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT
    assert set(counts) == set(corpus.CATEGORIES)  # every category of the contract occurs


# ------------------------------------------------------------------------------------------ checksums (own hand)


def _elfproef(number: str) -> bool:
    if len(number) != 9:
        return False
    total = sum(int(ch) * weight for ch, weight in zip(number, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0


IBAN_LENGTHS = {"NL": 18, "DE": 22, "BE": 16, "PL": 28}


def _mod97(iban: str) -> bool:
    compact = "".join(ch for ch in unicodedata.normalize("NFKC", iban) if ch.isalnum()).upper()
    if IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    moved = compact[4:] + compact[:4]
    remainder = 0
    for ch in moved:
        value = str(int(ch, 36))
        for digit in value:
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def test_every_bsn_passes_the_elfproef(records):
    bsns = [s for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for s in bsns:
        number = _digits(s["text"])
        assert _elfproef(number), s
        assert shared.bsn_ok(number), s


def test_every_iban_passes_mod97(records):
    ibans = [s for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert ibans
    countries = set()
    for s in ibans:
        assert _mod97(s["text"]), s
        assert shared.iban_ok(unicodedata.normalize("NFKC", s["text"]), IBAN_LENGTHS), s
        countries.add("".join(ch for ch in s["text"] if ch.isalnum())[:2].upper())
    assert {"NL", "DE", "PL"} <= countries


def test_phone_numbers_have_a_full_digit_count(records):
    for r in records:
        for s in r["spans"]:
            if s["category"] == "TELEFOON":
                digits = _digits(s["text"])
                if s["text"].lstrip().startswith(("+31", "0031")):
                    assert len(digits.removeprefix("00")) in (11, 12), s  # 31 + 9, sometimes with the (0)
                elif s["text"].startswith("+"):
                    assert len(digits) >= 9, s
                else:
                    assert len(digits) == 10 and digits.startswith("0"), s


def test_postcodes_are_issued_shapes(records):
    for r in records:
        for s in r["spans"]:
            if s["category"] == "POSTCODE":
                t = s["text"].replace("\u00a0", " ")
                m = re.fullmatch(r"(\d{4})[ -]*([A-Za-z]{2})", t)
                if m:
                    assert 1000 <= int(m.group(1)) <= 9999 and m.group(2).upper() not in ("SA", "SD", "SS"), s
                else:
                    assert re.fullmatch(r"\d{5}|\d{2}-\d{3}|\d{4}", t), s  # DE, TR / PL / BE, DK


# ------------------------------------------------------------------------------------------ the theme


FY_MONTHS = (
    "jannewaris",
    "febrewaris",
    "maart",
    "april",
    "maaie",
    "juny",
    "july",
    "augustus",
    "septimber",
    "oktober",
    "novimber",
    "desimber",
)
NL_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
DATE_WORD = re.compile(
    r"(?<![\w.])\d{1,2} (?:" + "|".join(sorted(set(FY_MONTHS + NL_MONTHS), key=len, reverse=True)) + r")(?!\w)"
)
SURNAME_ENDING = re.compile(r"(?<![\w@.])[A-Za-zÀ-ÿ'-]+(?:stra|sma|inga|enga|ema)(?![\w])", re.IGNORECASE)
FRL = re.compile(r"[\w.-]+\.frl(?![\w])")
PATIENT_NUMBER = re.compile(r"(?<![\w.-])(?:[Pp]\d{6}|(?:TB|tb)-\d{5}|(?:MW|mw)\d{7}|(?:TC|tc)\.\d{5})(?![\w])")


def _whole_word(text: str, word: str):
    for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
        yield m.start(), m.end()


def test_frisian_and_dutch_place_names_annotated_wherever_they_occur(records):
    names = {row[key] for row in _tsv("places.tsv") for key in ("frysk", "nederlands")}
    seen = Counter()
    for r in records:
        for place in names:
            for start, end in _whole_word(r["text"], place):
                assert _covered(r, start, end), (r["id"], place, r["text"][max(0, start - 40) : end + 20])
                seen[place] += 1
    for pair in (("Ljouwert", "Leeuwarden"), ("Snits", "Sneek"), ("It Hearrenfean", "Heerenveen")):
        assert all(seen[p] for p in pair), pair
    assert seen["Drachten"]


def test_dates_with_month_names_annotated_wherever_they_occur(records):
    frisian = 0
    for r in records:
        for m in DATE_WORD.finditer(r["text"]):
            assert _covered(r, m.start(), m.end(), ("DATUM", "GEBOORTEDATUM")), (r["id"], m.group())
            frisian += m.group().split()[1] in (
                "jannewaris",
                "febrewaris",
                "maaie",
                "juny",
                "july",
                "septimber",
                "novimber",
                "desimber",
            )
    assert frisian >= 50
    # a Frisian weekday before a date stays outside the span, the date inside
    weekday = re.compile(r"(?:moandei|tiisdei|woansdei|tongersdei|freed|sneon|snein) (\d{1,2}[ /.-]\w+)")
    hits = 0
    for r in records:
        for m in weekday.finditer(r["text"]):
            hits += 1
            assert not _overlaps_span(r, m.start(), m.start(1) - 1), (r["id"], m.group())
            assert _overlaps_span(r, m.start(1), m.end(1)), (r["id"], m.group())
    assert hits >= 40


def test_frisian_surnames_annotated_wherever_they_occur(records):
    seen = 0
    for r in records:
        for m in SURNAME_ENDING.finditer(r["text"]):
            assert _covered(r, m.start(), m.end()), (r["id"], m.group())
            seen += 1
    assert seen >= 300


def test_patronymics_initials_and_particles_inside_the_name(records):
    names = [s["text"] for r in records for s in r["spans"] if s["category"] == "PERSOON"]
    given = {row["name"] for row in _tsv("given_names.tsv")}
    patronymics = [n for n in names if any(f"{g}s " in n for g in given if not g.endswith("s"))]
    assert len(patronymics) >= 5, patronymics
    assert any(re.match(r"(?:[A-ZÀ-Þ]\.)+ (?:de |van |ter |el )", n) for n in names)
    assert any(re.match(r"(?:De|Van|Ter|El) \w", n) for n in names)  # surname first, particle capitalised
    assert any(n.islower() for n in names)
    assert any(re.fullmatch(r"[A-ZÀ-ÞŁŞÇÖ' -]+, (?:[A-ZÀ-ÞŁŞÇÖ]\.)+", n) for n in names)


def test_frl_addresses_and_patient_numbers_annotated_wherever_they_occur(records):
    frl = pnr = 0
    for r in records:
        for m in FRL.finditer(r["text"]):
            assert _covered(r, m.start(), m.end(), ("EMAIL", "URL")), (r["id"], m.group())
            frl += 1
        for m in PATIENT_NUMBER.finditer(r["text"]):
            assert _covered(r, m.start(), m.end(), ("PATIENTNUMMER",)), (r["id"], m.group())
            pnr += 1
    assert frl >= 20 and pnr >= 20


def test_institutions_of_the_region_annotated(records):
    orgs = [row["namme"] for row in _tsv("organisations.tsv")] + [row["namme"] for row in _tsv("practices.tsv")]
    seen = Counter()
    for r in records:
        for org in orgs:
            for start, end in _whole_word(r["text"], org):
                assert _covered(r, start, end, ("INSTELLING",)), (r["id"], org)
                seen[org] += 1
    for org in ("MCL", "Tjongerschans", "Antonius Sneek", "Jeugdtandverzorging Fryslân"):
        assert any(seen[o] for o in orgs if org in o), org
    assert sum(seen[o] for o in orgs if o.startswith(("Kaats", "KF ", "Fierl", "PBC", "Skûtsje"))) >= 5


FRISIAN_WORDS = (
    "Hy",
    "Sy",
    "Mem",
    "Heit",
    "Beppe",
    "Pake",
    "Moarn",
    "Juster",
    "Tige",
    "Groetnis",
    "Dei",
    "Bêste",
    "Goeie",
    "Goeiemoarn",
    "Goeiemiddei",
    "Sneon",
    "Tiisdei",
    "Moandei",
    "Freed",
    "Myn",
    "Ús",
    "Noch",
    "Kin",
    "Top",
    "Okee",
    "Juf",
    "Master",
    "Coach",
    "Trainer",
    "Wolkom",
    "Ôfsizze",
    "Sorry",
    "Oant",
)


def test_frisian_words_are_never_names(records):
    seen = Counter()
    for r in records:
        for word in FRISIAN_WORDS:
            for start, end in _whole_word(r["text"], word):
                assert not _covered(r, start, end, ("PERSOON",)), (r["id"], word)
                seen[word] += 1
    starts = sum(
        1 for r in records for w in FRISIAN_WORDS for m in re.finditer(r"(?:^|[.!?]\s+|\n)" + w + r"\b", r["text"])
    )
    assert starts >= 60
    assert sum(1 for w in FRISIAN_WORDS if seen[w]) >= 20


def test_titles_and_kinship_words_outside_the_name(records):
    outside = re.compile(
        r"(?i)^(?:dhr|mw|mevr|mevrouw|meneer|menear|mefrou|frou|de heer|heit|mem|beppe|pake|juf|master|"
        r"dokter|tandarts|toskedokter|húsdokter|huisarts)\b"
    )
    for r in records:
        for s in r["spans"]:
            if s["category"] == "PERSOON":
                assert not outside.match(s["text"]), (r["id"], s)


# ------------------------------------------------------------------------------------------ clinical strings


def test_clinical_strings_kept_and_never_inside_a_span(records):
    clinical = [row["tekst"] for row in _tsv("clinical.tsv")]
    element = re.compile(r"[1-8][1-8]")
    measure = re.compile(r"\d{1,2} mm")
    keep_texts = Counter()
    for r in records:
        for k in r["keep"]:
            assert k["text"] in clinical or element.fullmatch(k["text"]) or measure.fullmatch(k["text"]), k
            keep_texts[k["text"]] += 1
        for term in clinical:
            if len(term) < 4:
                continue
            for start, end in _whole_word(r["text"], term):
                assert not _overlaps_span(r, start, end), (r["id"], term)
    for must in ("Le Fort I", "syndroom van Sjögren", "articaïne 4%", "DPSI 3-", "M03", "X21"):
        assert keep_texts[must], must
    assert sum(1 for t in keep_texts if t.startswith(("Angle", "Black", "Kennedy", "Ellis", "Miller"))) >= 4
    assert sum(keep_texts[t] for t in keep_texts if element.fullmatch(t)) >= 150


# ------------------------------------------------------------------------------------------ notations


def test_notations_present(records):
    spans = [s for r in records for s in r["spans"]]
    text = {cat: [s["text"] for s in spans if s["category"] == cat] for cat in {s["category"] for s in spans}}

    def some(cat: str, pred) -> bool:
        return any(pred(t) for t in text[cat])

    assert some("BSN", lambda t: "\u00a0" in t) and some("BSN", lambda t: "\u202f" in t)
    assert some("BSN", lambda t: "\u200b" in t) and some("BSN", lambda t: "１" <= t[0] <= "９")
    assert some("BSN", lambda t: re.fullmatch(r"\d{4}\.\d{2}\.\d{3}", t)) and some(
        "BSN", lambda t: re.fullmatch(r"(\d ){8}\d", t)
    )
    assert some("TELEFOON", lambda t: "\u2011" in t) and some("TELEFOON", lambda t: "\u00a0" in t)
    assert some("TELEFOON", lambda t: t.startswith("+31 (0)")) and some("TELEFOON", lambda t: t.startswith("0031"))
    assert some("TELEFOON", lambda t: t.startswith(("+49", "+48", "+90", "+32", "+45")))
    assert (
        some("IBAN", lambda t: t[:2].islower())
        and some("IBAN", lambda t: "." in t)
        and some("IBAN", lambda t: " " not in t)
    )
    assert some("EMAIL", lambda t: "＠" in t) and some("EMAIL", lambda t: t.endswith(",nl"))
    assert some("POSTCODE", lambda t: re.fullmatch(r"\d{4} [a-z]{2}", t)) and some("POSTCODE", lambda t: "\u00a0" in t)
    assert some("POSTCODE", lambda t: "-" in t and t[:4].isdigit()) and some(
        "POSTCODE", lambda t: re.fullmatch(r"\d{4}[A-Z]{2}", t)
    )
    assert some("PERSOON", lambda t: "-\n" in t)  # a surname broken over two lines in a scan
    assert some("DATUM", lambda t: "T" in t and t[:4].isdigit())  # an ISO timestamp in a log
    assert some("AGB", lambda t: re.fullmatch(r"\d\d\.\d\d\.\d\d\.\d\d", t))
    assert some("URL", lambda t: t.endswith(".frl")) and some("EMAIL", lambda t: ".frl" in t)
    glued = sum(1 for r in records for s in r["spans"] if s["start"] and r["text"][s["start"] - 1] == ":")
    assert glued >= 10
    scans = [r["text"] for r in records if r["kind"] == "ocr_scan"]
    assert any("rn" in t and "Naarn" in t for t in scans) and any("Ã«" in t for t in scans)
