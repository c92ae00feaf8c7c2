"""Evaluation part dev147 (Dutch-German border practices): the committed file is the generator's output, the
generator is seeded and prefix-stable, the shared contract holds, and this part's own checks: word-boundary spans,
BSN 11-proef, IBAN mod-97, the check digit of every German Krankenversichertennummer, pinned counts, the border
identifiers annotated wherever they occur, clinical strings kept, and the notations present."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from fixtures.text import corpus_file
from fixtures.text import dev147_corpus as part
from tests.text import annotated_parts

ROOT = Path(__file__).resolve().parents[2]
PER_KIND = part.DEFAULT_RECORDS // len(part.KINDS)

CATEGORY_COUNTS = {
    "PERSOON": 703,
    "DATUM": 531,
    "LOCATIE": 347,
    "TELEFOON": 297,
    "ADRES": 188,
    "POSTCODE": 181,
    "EMAIL": 170,
    "INSTELLING": 170,
    "GEBOORTEDATUM": 156,
    "POLISNUMMER": 156,
    "PATIENTNUMMER": 115,
    "BSN": 77,
    "IBAN": 45,
    "URL": 35,
    "AGB": 27,
    "LEEFTIJD": 22,
    "UZI": 4,
}
KEEP_COUNT = 487


@lru_cache(maxsize=1)
def records() -> tuple[dict, ...]:
    return tuple(part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED))


def _digits(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if ch.isdigit())


def _compact(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if ch.isalnum()).upper()


# --------------------------------------------------------------------------------------------------------------
# the file and the generator


def test_committed_file_is_the_generators_output():
    committed = (ROOT / part.PATH).read_text(encoding="utf-8")
    assert committed == corpus_file.dumps(list(records()))


def test_seeded_and_prefix_stable():
    assert part.generate(40, 7) == part.generate(40, 7)
    assert part.generate(40, 7) != part.generate(40, 8)
    assert list(records()[:37]) == part.generate(37, part.DEFAULT_SEED)
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270616
    assert str(part.PATH) == "eval/text/dev147.jsonl" and str(part.DATA) == "fixtures/text/dev147_data"


def test_shared_contract():
    recs = list(records())
    annotated_parts.assert_spans_exact_and_disjoint(recs)
    annotated_parts.assert_fields_and_kinds(recs, part.KINDS, PER_KIND)
    assert len(part.KINDS) in (8, 10, 12)
    assert [r["kind"] for r in recs[:12]] == list(part.KINDS)


def test_own_lists_are_large_and_mixed():
    given = [
        line.split("\t")
        for line in (ROOT / part.DATA / "given_names.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    surnames = [
        line.split("\t")
        for line in (ROOT / part.DATA / "surnames.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(given) >= 150 and len(surnames) >= 150
    assert len({g[2] for g in given}) >= 8 and len({s[1] for s in surnames}) >= 8


# --------------------------------------------------------------------------------------------------------------
# spans


def test_spans_on_word_boundaries():
    for r in records():
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] > 0 else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and before != "_", (r["id"], s)
            assert not after.isalnum() and after != "_", (r["id"], s)


def _bsn_ok(digits: str) -> bool:
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], (9, 8, 7, 6, 5, 4, 3, 2)))
    return (total - int(digits[8])) % 11 == 0


def test_every_bsn_passes_the_elfproef():
    bsns = [s["text"] for r in records() for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for b in bsns:
        assert _bsn_ok(_digits(b)), b
        assert annotated_parts.bsn_ok(_digits(b)), b


IBAN_LENGTHS = {"NL": 18, "DE": 22, "BE": 16}


def _mod97(iban: str) -> bool:
    s = _compact(iban)
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rest = 0
    for ch in s[4:] + s[:4]:
        for digit in str(int(ch, 36)):
            rest = (rest * 10 + int(digit)) % 97
    return rest == 1


def test_every_iban_passes_mod97_and_germans_are_among_them():
    ibans = [s["text"] for r in records() for s in r["spans"] if s["category"] == "IBAN"]
    assert ibans
    for i in ibans:
        assert _mod97(i), i
        assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", i), IBAN_LENGTHS), i
    countries = Counter(_compact(i)[:2] for i in ibans)
    assert countries["DE"] >= 10 and countries["NL"] >= 10 and countries["BE"] >= 1


def _kvnr_ok(kvnr: str) -> bool:
    """Letter as two digits (A=01), then the first eight digits; weights 1,2,1,2...; digit sums; mod 10."""
    letter, digits = kvnr[0], kvnr[1:]
    total = 0
    for i, ch in enumerate(f"{ord(letter) - 64:02d}{digits[:8]}"):
        product = int(ch) * (2 if i % 2 else 1)
        total += sum(int(x) for x in str(product))
    return total % 10 == int(digits[8])


KVNR = re.compile(r"^[A-Z]\d{9}$")


def test_german_insurance_numbers_are_polisnummer_with_a_valid_check_digit():
    polis = [s["text"] for r in records() for s in r["spans"] if s["category"] == "POLISNUMMER"]
    german = [_compact(p) for p in polis if KVNR.match(_compact(p))]
    dutch = [p for p in polis if not KVNR.match(_compact(p))]
    assert len(german) >= 60 and len(dutch) >= 30
    for k in german:
        assert _kvnr_ok(k), k
    for d in dutch:
        assert len(_digits(d)) == 9, d


def test_counts_are_pinned():
    counts = Counter(s["category"] for r in records() for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records()) == KEEP_COUNT


# --------------------------------------------------------------------------------------------------------------
# the border identifiers are annotated wherever they occur: mask every gold span and look for what is left

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u00ad"), None)


def _masked(r: dict) -> str:
    text = list(r["text"])
    for s in r["spans"]:
        for i in range(s["start"], s["end"]):
            text[i] = "■"
    out = "".join(text).translate(_INVISIBLE)
    return unicodedata.normalize("NFKC", out).replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")


LEAKS = {
    "KVNR": re.compile(r"\b[A-Za-z] ?\d{3,5} ?\d{3,5} ?\d{1,3}\b"),
    "German phone": re.compile(r"(\+|%2B|\b00)49"),
    "German area code": re.compile(r"\(0 ?\d"),
    "IBAN": re.compile(r"\b(DE|NL|BE)\d{2}[ -]?[0-9A-Z]{4}", re.IGNORECASE),
    "Postleitzahl or other 5+ digit number": re.compile(r"(?<![\d.,])\d{5,}(?![\d,])"),
    "Dutch postcode": re.compile(r"\b\d{4} ?[A-Z]{2}\b"),
    "grouped digits": re.compile(r"\d{3}[ .-]\d{2,3}[ .-]\d{3}"),
    "e-mail": re.compile(r"@|%40"),
    "web address": re.compile(r"www\.|https?://|\.(de|nl)\b"),
    "German street": re.compile(r"(straße|strasse|str\.|weg|platz|allee|markt|esch|eschhof)\s+\d+", re.IGNORECASE),
    "German date": re.compile(
        r"\b\d{1,2}\. ?(" + "|".join(part.MONATE) + r"|Jan\.|Feb\.|Apr\.|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.)"
    ),
    "numeric date": re.compile(r"\b\d{1,2}[.-]\d{1,2}[.-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"),
    "Dutch date": re.compile(r"\b\d{1,2} (" + "|".join(corpus_file.MONTHS) + r")\b"),
}
TITLE = re.compile(
    r"\b(Frau|Herrn?|Familie|mevrouw|meneer|heer|dhr\.?|mw\.|mevr\.|Dr\.|Zahnärztin|Zahnarzt|tandarts|z\. ?Hd\.|t\.a\.v\.)(?=[ \t])"
)
TITLE_SKIP = {
    "Dr",
    "dr",
    "drs",
    "med",
    "dent",
    "Kollegin",
    "Kollege",
    "Frau",
    "Herr",
    "Herrn",
    "Tandarts",
    "Zahnarzt",
    "Zahnärztin",
    "ZA",
    "ZÄ",
    "/",
}


def _name_after_title_is_masked(line_rest: str) -> bool:
    """The first word after a title (and any further titles) on the same line is a masked name, or there is none."""
    for token in line_rest.split():
        if token.rstrip(",.:;") in TITLE_SKIP:
            continue
        return token[0] == "■"
    return True


def test_border_identifiers_are_annotated_wherever_they_occur():
    for r in records():
        masked = _masked(r)
        for what, pattern in LEAKS.items():
            m = pattern.search(masked)
            assert m is None, (r["id"], what, masked[max(0, m.start() - 40) : m.end() + 40])
        for m in TITLE.finditer(masked):
            rest = masked[m.end() :].split("\n", 1)[0]
            assert _name_after_title_is_masked(rest), (r["id"], masked[max(0, m.start() - 20) : m.end() + 40])


def test_birth_names_after_geb_are_persons_and_birth_dates_are_dates():
    seen = Counter()
    for r in records():
        text = r["text"]
        for s in r["spans"]:
            lead = text[max(0, s["start"] - 5) : s["start"]]
            if lead.endswith("geb. "):
                assert s["category"] in ("PERSOON", "GEBOORTEDATUM"), (r["id"], s)
                seen[s["category"]] += 1
    assert seen["PERSOON"] >= 3 and seen["GEBOORTEDATUM"] >= 20


# --------------------------------------------------------------------------------------------------------------
# clinical strings


def _clinical_list() -> list[str]:
    rows = (ROOT / part.DATA / "clinical.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[1] for line in rows if line and not line.startswith("#")]


MEASURE = re.compile(
    r"^([1-8][1-8]|(pocketdiepte|PD|Sondierungstiefe|ST) \d mm|\d mm|BoP \d+%|BOP \d+ %|D?PSI(-Code|-score)? [1-4][+-]?"
    r"|mobiliteit(s)?(graad| graad) \d|Lockerungsgrad I{1,3}|Penicillin|Latex|Articain)$"
)


def test_clinical_strings_are_kept_and_never_inside_a_span():
    listed = _clinical_list()
    keep_total = 0
    for r in records():
        text = r["text"]
        keeps = {(k["start"], k["end"]) for k in r["keep"]}
        for k in r["keep"]:
            keep_total += 1
            assert k["text"] in listed or MEASURE.match(k["text"]), (r["id"], k)
        for s in r["spans"]:
            for c in listed:
                assert c not in s["text"] or len(c) < 4, (r["id"], s, c)
        for c in listed:
            for m in re.finditer(r"(?<![\w-])" + re.escape(c) + r"(?![\w])", text):
                assert (m.start(), m.end()) in keeps, (r["id"], c, text[max(0, m.start() - 30) : m.end() + 30])
    assert keep_total >= 400
    kinds_with_keep = {r["kind"] for r in records() if r["keep"]}
    assert {"behandelnotitie", "factuur", "verwijzing", "brief"} <= kinds_with_keep


# --------------------------------------------------------------------------------------------------------------
# notations


def test_notations_present():
    recs = records()
    text = "".join(r["text"] for r in recs)
    spans = [s for r in recs for s in r["spans"]]
    for ch in ("\u00a0", "\u202f", "\u2009", "\u200b", "\u00ad", "０"):
        assert any(ch in s["text"] for s in spans), repr(ch)

    def some(category: str, pattern: str, n: int = 1) -> None:
        found = [s["text"] for s in spans if s["category"] == category and re.search(pattern, s["text"])]
        assert len(found) >= n, (category, pattern, found)

    some("TELEFOON", r"^\+49 ", 10)
    some("TELEFOON", r"^0049", 5)
    some("TELEFOON", r"^\(0 \d\d \d\d\) ", 2)
    some("TELEFOON", r"\(0\)", 5)
    some("TELEFOON", r"^0\d{3,4}/", 3)
    some("TELEFOON", r"^01[5-7]\d", 5)
    some("TELEFOON", r"^%2B49", 1)
    some("TELEFOON", r"^(06|\+31 ?6|0031 6)", 10)
    some("POSTCODE", r"^\d{5}$", 40)
    some("POSTCODE", r"^\d{4}[A-Z]{2}$")
    some("POSTCODE", r"^\d{4} [a-z]{2}$")
    some("POSTCODE", r"^\d{4}\u00a0[A-Z]{2}$")
    some("ADRES", r"Straße \d", 10)
    some("ADRES", r"str\. \d|Str\. \d", 5)
    some("ADRES", r"(?i)strasse \d", 3)
    some("ADRES", r"(Weg|weg) \d", 5)
    some("ADRES", r"(Platz|platz) \d")
    some("ADRES", r"^(Am|Im|Zum) ", 2)
    some("IBAN", r"^DE\d\d \d{4}", 3)
    some("IBAN", r"^DE\d{20}$", 3)
    some("IBAN", r"^[a-z]{2}\d\d", 1)
    some("POLISNUMMER", r"^[A-Z]\d{9}$", 20)
    some("POLISNUMMER", r"^[A-Z] \d", 5)
    some("POLISNUMMER", r"^[a-z]\d", 2)
    some("DATUM", r"^\d{1,2}\. ?(" + "|".join(part.MONATE) + r") \d{4}$", 10)
    some("DATUM", r"^\d{1,2} (" + "|".join(corpus_file.MONTHS) + r") \d{4}$", 10)
    some("DATUM", r"^\d{4}-\d\d-\d\d$", 10)
    some("GEBOORTEDATUM", r"^\d\d\.\d\d\.\d{4}$", 10)
    some("GEBOORTEDATUM", r"^\d\d/\d\d/\d{4}$", 3)
    some("LEEFTIJD", r"jährige$")
    some("LEEFTIJD", r"J\.$|Jahre$")
    some("PERSOON", r"^[a-zäöüßçşğıąęłńóśźż' -]+$", 20)  # lower case
    some("PERSOON", r"^[^,]+, [^,]+$", 20)  # surname first
    some("PERSOON", r"^[A-Z]\.([A-Z]\.|-[A-Z]\.)? ", 20)  # initials
    some("PERSOON", r"^[A-ZÄÖÜŁŞÇ' -]+, [A-ZÄÖÜ]", 5)  # capitals as on a card
    some("PERSOON", r"(^| )(von|van|ter|de|van der|van 't|von der) [A-Z]", 10)  # particles inside
    some("PERSOON", r"[ßöüäłşı]", 20)  # letters Dutch does not use
    some("BSN", r"^\d{4}\.\d\d\.\d{3}$", 3)
    some("BSN", r"^\d{3}-\d{3}-\d{3}$", 2)
    some("AGB", r"^\d\d-\d{6}$")
    some("URL", r"\.de$", 3)
    some("INSTELLING", r"GmbH|B\.V\.", 5)
    some("LOCATIE", r"\(Ems\)")
    for phrase in (
        "Sehr geehrte",
        "Mit freundlichen Grüßen",
        "Herrn\n",
        "Dr. med. dent. ",
        "z. Hd.",
        "D-",
        "S1",
        "Versichertennummer",
        "Krankenkasse",
        "AOK",
        "TK",
        "Barmer",
        "Geachte",
        "t.a.v.",
        "Met vriendelijke groet",
        "geb. ",
        "[x]",
        "%20",
    ):
        assert phrase in text, phrase
