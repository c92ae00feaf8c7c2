"""Evaluation part dev150 (patients adopted from abroad as children): the committed file is the generator's output,
the generator is seeded and prefix-stable, the shared contract holds, and the part's own checks: checksums of
every BSN and IBAN done here by hand, spans on word boundaries, counts pinned, birth names / foreign dates / case
numbers / foreign phones annotated wherever they occur, clinical strings kept and never inside a gold span, and
the notations the part promises actually present."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev150_corpus as part
from tests.text import annotated_parts

ROOT = Path(__file__).resolve().parents[2]

# pinned: a change of the generator or its lists shows here first
CATEGORY_COUNTS = {
    "ADRES": 102,
    "AGB": 12,
    "BSN": 60,
    "DATUM": 472,
    "EMAIL": 137,
    "GEBOORTEDATUM": 153,
    "IBAN": 21,
    "INSTELLING": 229,
    "LEEFTIJD": 131,
    "LOCATIE": 307,
    "PATIENTNUMMER": 228,
    "PERSOON": 1224,
    "POLISNUMMER": 24,
    "POSTCODE": 74,
    "TELEFOON": 166,
    "URL": 10,
    "UZI": 9,
}
KEEP_COUNT = 652
KIND_SPAN_COUNTS = {
    "intakeformulier": 474,
    "telefoonnotitie": 223,
    "chat": 424,
    "brief_stichting": 505,
    "email": 285,
    "scan_akte": 295,
    "erfelijkheid": 159,
    "leeftijdsschatting": 251,
    "agenda": 386,
    "systeemlog": 357,
}

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


def _tsv(name: str) -> list[dict]:
    lines = (ROOT / part.DATA / name).read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"))) for line in lines[1:] if line.strip()]


def _occurrences(text: str, needle: str):
    """Case-sensitive occurrences of ``needle`` as a whole token (no letter or digit glued on either side)."""
    for m in re.finditer(re.escape(needle), text):
        a, b = m.start(), m.end()
        if a > 0 and text[a - 1].isalnum():
            continue
        if b < len(text) and text[b].isalnum():
            continue
        yield a, b


def _covered(a: int, b: int, spans: list[dict], categories: set[str] | None = None) -> bool:
    return any(s["start"] <= a and b <= s["end"] and (categories is None or s["category"] in categories) for s in spans)


# ------------------------------------------------------------------------------------------- file and generator


def test_committed_file_is_the_generators_output(records):
    committed = (ROOT / part.PATH).read_text(encoding="utf-8")
    assert committed == corpus_file.dumps(records)


def test_seeded_and_prefix_stable(records):
    assert part.generate(37, part.DEFAULT_SEED) == records[:37]
    assert part.generate(5, part.DEFAULT_SEED) == part.generate(5, part.DEFAULT_SEED)
    assert part.generate(5, part.DEFAULT_SEED + 1) != records[:5]


def test_constants():
    assert part.PATH == Path("eval/text/dev150.jsonl")
    assert part.DATA == Path("fixtures/text/dev150_data")
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270619
    assert len(part.KINDS) == 10 and len(set(part.KINDS)) == 10


def test_own_lists_are_large_and_mixed():
    given = _tsv("given_names.tsv")
    surnames = _tsv("surnames.tsv")
    assert len({g["name"] for g in given}) >= 150 and len({s["name"] for s in surnames}) >= 150
    assert {g["origin"] for g in given} >= {"nl", "fy", "sr", "ma", "tr", "pl", "zh", "id"}
    assert {s["origin"] for s in surnames} >= {"nl", "fy", "sr", "ma", "tr", "pl", "zh", "id"}
    assert {b["country"] for b in _tsv("birth_names.tsv")} == {"KR", "CO", "CN", "ET", "LK", "HT", "IN"}


# ------------------------------------------------------------------------------------------- shared contract


def test_shared_checks(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))


def test_spans_on_word_boundaries(records):
    for r in records:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert not (a > 0 and t[a].isalnum() and t[a - 1].isalnum()), (r["id"], s)
            assert not (b < len(t) and t[b - 1].isalnum() and t[b].isalnum()), (r["id"], s)


# ------------------------------------------------------------------------------------------- checksums (own)


def _digits(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if ch.isdigit())


def _elfproef(d: str) -> bool:
    if len(d) != 9:
        return False
    total = sum(int(d[i]) * (9 - i) for i in range(8)) - int(d[8])
    return total % 11 == 0


def _mod97(iban: str) -> bool:
    s = "".join(ch for ch in unicodedata.normalize("NFKC", iban) if ch.isalnum()).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    rest = 0
    for ch in rearranged:
        rest = (rest * (100 if ch.isalpha() else 10) + (ord(ch) - 55 if ch.isalpha() else int(ch))) % 97
    return rest == 1


def test_every_bsn_passes_the_elfproef(records):
    bsns = [s for r in records for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for s in bsns:
        d = _digits(s["text"])
        assert _elfproef(d), s
        assert annotated_parts.bsn_ok(d), s


def test_every_iban_passes_mod97(records):
    ibans = [s for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert ibans
    assert {re.sub(r"[^A-Za-z]", "", s["text"])[:2].upper() for s in ibans} >= {"NL", "BE"}
    for s in ibans:
        assert _mod97(s["text"]), s
        assert annotated_parts.iban_ok(s["text"], IBAN_LENGTHS), s


# ------------------------------------------------------------------------------------------- counts (pinned)


def test_counts_pinned(records):
    cats = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(cats) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT
    per_kind = Counter()
    for r in records:
        per_kind[r["kind"]] += len(r["spans"])
    assert dict(per_kind) == KIND_SPAN_COUNTS


def test_every_record_has_identifiers(records):
    for r in records:
        assert len(r["spans"]) >= 2, r["id"]
        assert any(s["category"] == "PERSOON" for s in r["spans"]), r["id"]


# ------------------------------------------------------------------------------------------- the theme


def test_birth_names_annotated_wherever_they_occur(records):
    tokens = set()
    for b in _tsv("birth_names.tsv"):
        tokens.add(b["name"])
        if b["native"]:
            tokens.add(b["native"])
    seen = Counter()
    for r in records:
        for tok in tokens:
            for a, b in _occurrences(r["text"], tok):
                assert _covered(a, b, r["spans"], {"PERSOON"}), (r["id"], tok, r["text"][max(0, a - 30) : b + 30])
                seen[tok] += 1
    assert len(seen) >= 120  # most of the list occurs somewhere
    # native scripts occur too (Hangul, Chinese characters, Ethiopic), always inside a name span
    scripts = {"HANGUL": 0, "CJK": 0, "ETHIOPIC": 0}
    for r in records:
        for s in r["spans"]:
            if s["category"] != "PERSOON":
                continue
            for script in scripts:
                if any(unicodedata.name(ch, "").startswith(script) for ch in s["text"]):
                    scripts[script] += 1
    assert all(n > 0 for n in scripts.values()), scripts


ET_MONTHS = "Meskerem|Tikimt|Hidar|Tahsas|Tir|Yekatit|Megabit|Miyazya|Ginbot|Sene|Hamle|Nehase|Pagume"
ES_MONTHS = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
FR_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
FOREIGN_DATES = {
    "korean": r"\d{4}년 \d{1,2}월 \d{1,2}일",
    "chinese": r"\d{4}年\d{1,2}月\d{1,2}日",
    "ethiopian": rf"\b(?:\d{{1,2}} (?:{ET_MONTHS}) \d{{4}}|(?:{ET_MONTHS}) \d{{1,2}}, \d{{4}})\b",
    "spanish": rf"\b\d{{1,2}} de (?:{ES_MONTHS}) de \d{{4}}\b",
    "french": rf"\b\d{{1,2}}(?:er)? (?:{FR_MONTHS}) \d{{4}}\b",
    "korean_dots": r"\b(?:19|20)\d{2}\.\d{2}\.\d{2}\b",
}


def test_foreign_dates_annotated_wherever_they_occur(records):
    found = Counter()
    for r in records:
        for name, pattern in FOREIGN_DATES.items():
            for m in re.finditer(pattern, r["text"]):
                assert _covered(m.start(), m.end(), r["spans"], {"DATUM", "GEBOORTEDATUM"}), (r["id"], m.group())
                found[name] += 1
    assert set(found) == set(FOREIGN_DATES), found


CASE_NUMBERS = (
    r"\bK\d{2}-\d{3,4}\b",
    r"\b\d{2}C-\d{4}\b",
    r"\bK-\d{2}-\d{4}\b",
    r"\b(?:XZ|GZ|HN)-\d{4}-\d{5}\b",
    r"\bET/\d{3}/\d{4}\b",
    r"\bLK-\d{5}\b",
    r"\bIBESR-\d{4}-\d{4}\b",
    r"\bCARA-\d{7}\b",
)


def test_adoption_case_numbers_annotated_wherever_they_occur(records):
    hits = 0
    for r in records:
        for pattern in CASE_NUMBERS:
            for m in re.finditer(pattern, r["text"]):
                assert _covered(m.start(), m.end(), r["spans"], {"PATIENTNUMMER"}), (r["id"], m.group())
                hits += 1
    assert hits >= 25


def test_foreign_phones_annotated_wherever_they_occur(records):
    prefixes = Counter()
    for r in records:
        for m in re.finditer(r"\+(82|57|86|251|94|509|91|32|49)[ \-]", r["text"]):
            assert _covered(m.start(), m.end() - 1, r["spans"], {"TELEFOON"}), (
                r["id"],
                r["text"][m.start() : m.start() + 20],
            )
            prefixes[m.group(1)] += 1
    assert len(prefixes) >= 6, prefixes


# ------------------------------------------------------------------------------------------- clinical strings


def test_clinical_strings_kept_and_never_inside_a_span(records):
    terms = [row["term"] for row in _tsv("clinical.tsv")]
    kept = Counter()
    for r in records:
        for term in terms:
            for a, b in _occurrences(r["text"], term):
                assert _covered(a, b, r["keep"]), (r["id"], term)
                assert not any(s["start"] < b and a < s["end"] for s in r["spans"]), (r["id"], term)
                kept[term] += 1
        for k in r["keep"]:
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"]), (r["id"], k)
    assert len(kept) >= 40, sorted(set(terms) - set(kept))
    # names that are eponyms stay clinical
    assert {"Van der Woude-syndroom", "Ellis-van Creveld-syndroom", "London Atlas", "Willems-methode"} <= set(kept)


# ------------------------------------------------------------------------------------------- notations


def test_notations_present(records):
    spans = [s for r in records for s in r["spans"]]

    def some(category: str | None, predicate) -> bool:
        return any((category is None or s["category"] == category) and predicate(s["text"]) for s in spans)

    assert some(None, lambda t: "\u00a0" in t)  # no-break space
    assert some(None, lambda t: "\u202f" in t)  # narrow no-break space
    assert some(None, lambda t: "\u2009" in t)  # thin space
    assert some(None, lambda t: "\u200b" in t)  # zero-width space
    assert some(None, lambda t: "\u00ad" in t)  # soft hyphen
    assert some("BSN", lambda t: any("\uff10" <= ch <= "\uff19" for ch in t))  # fullwidth digits
    assert some("TELEFOON", lambda t: any("\uff10" <= ch <= "\uff19" for ch in t))
    assert some("TELEFOON", lambda t: t.startswith("%2B31"))  # URL-encoded SMS gateway log
    assert some("TELEFOON", lambda t: "+" in t[1:])  # '+' as the encoded space
    assert some("PERSOON", lambda t: "+" in t)
    assert some("PERSOON", lambda t: t == t.lower() and " " in t)  # lower-case full names
    assert some("PERSOON", lambda t: re.fullmatch(r"[^,]+, (?:[A-Z]\.)+(?: \S.*)?", t) is not None)  # surname first
    assert some("PERSOON", lambda t: re.fullmatch(r"(?:[A-Z]\.)+ \S.*", t) is not None)  # initials + surname
    assert some("PERSOON", lambda t: t.isupper())  # upper-case birth names from scans
    assert some("POSTCODE", lambda t: re.fullmatch(r"\d{4} [a-z]{2}", t) is not None)
    assert some("POSTCODE", lambda t: re.fullmatch(r"\d{4}-[A-Z]{2}", t) is not None)
    assert some("POSTCODE", lambda t: re.fullmatch(r"\d{4}[A-Z]{2}", t) is not None)
    assert some("IBAN", lambda t: t.islower())
    assert some("IBAN", lambda t: " " not in t and t.isupper())
    assert some("BSN", lambda t: re.fullmatch(r"\d{2}-\d{3}-\d{2}-\d{2}", t) is not None)
    assert some("BSN", lambda t: re.fullmatch(r"\d{4}\.\d{2}\.\d{3}", t) is not None)
    assert some("TELEFOON", lambda t: t.startswith("0031"))
    assert some("TELEFOON", lambda t: t.startswith("+31 (0)"))
    assert some("ADRES", lambda t: t.startswith("Postbus"))
    assert some("URL", lambda t: t.startswith("https://"))
    assert some("LEEFTIJD", lambda t: t.endswith("-jarige"))
    assert some("LEEFTIJD", lambda t: "maanden" in t or "mnd" in t)
    for pattern in (
        r"\d{2}-\d{2}-\d{4}",
        r"\d{4}-\d{2}-\d{2}",
        r"\d{1,2} [a-z]+ \d{4}",
        r"\d{1,2}/\d{1,2}",
        r"\d{2}\.\d{2}\.\d{4}",
        r"\d{1,2} [a-z]+ '\d{2}",
    ):
        assert some(None, lambda t, p=pattern: re.fullmatch(p, t) is not None), pattern
    # identifiers glued to punctuation: 'bsn:123…', '<mail>', '(postcode)'
    texts = [r["text"] for r in records]
    assert any(re.search(r"bsn:[0-9０-９]", t) for t in texts)
    assert any(re.search(r"<[^ >]+@[^ >]+>", t) for t in texts)
    assert any(re.search(r"\(\d{4}\s*[A-Za-z]{2}\)", t) for t in texts)
