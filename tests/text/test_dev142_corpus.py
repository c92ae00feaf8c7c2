"""dev142 (dental care for professional musicians): the committed part is its generator's output, annotated exactly,
with identifiers that pass their own checks here, the theme's identifiers annotated wherever they occur, clinical
strings kept, and the notations people type present."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from fixtures.text import corpus_file, dev142_corpus
from tests.text import annotated_parts

CATEGORY_COUNTS = {
    "ADRES": 417,
    "AGB": 53,
    "BSN": 61,
    "DATUM": 1160,
    "EMAIL": 350,
    "GEBOORTEDATUM": 194,
    "IBAN": 37,
    "INSTELLING": 672,
    "LEEFTIJD": 113,
    "LOCATIE": 975,
    "PATIENTNUMMER": 413,
    "PERSOON": 1584,
    "POLISNUMMER": 97,
    "POSTCODE": 363,
    "TELEFOON": 451,
    "URL": 60,
    "UZI": 20,
}
KEEP_COUNT = 1293

IBAN_LENGTHS = {"NL": 18, "DE": 22, "BE": 16, "AT": 20, "GB": 22}

# The theme's own identifiers: the group's patient numbers, conservatory student numbers, orchestra personnel
# numbers, insurers' claim numbers, lab order numbers and the performing-arts clinic's file numbers.
THEME_IDS = re.compile(
    r"(?<![0-9A-Za-z])(?:KB[- ]?\d{6}|s\d{7}|PN-?\d{5}|(?:SCH|CLM|SN)-\d{2}-\d{5}|LO-\d{6}|PK-\d{6})(?![0-9A-Za-z])",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def records() -> tuple[dict, ...]:
    return tuple(dev142_corpus.generate(dev142_corpus.DEFAULT_RECORDS, dev142_corpus.DEFAULT_SEED))


def _digits(s: str) -> str:
    """ASCII digits of a string typed with fullwidth digits, odd spaces, soft hyphens and zero-width spaces."""
    return "".join(str(int(c)) for c in s if c.isdigit())


def eleven_test(bsn: str) -> bool:
    d = [int(c) for c in bsn]
    if len(d) != 9:
        return False
    total = sum(w * x for w, x in zip(range(9, 1, -1), d[:8])) - d[8]
    return total % 11 == 0


def mod97(iban: str) -> bool:
    s = "".join(c for c in iban if c.isalnum())
    s = "".join(str(int(c)) if c.isdigit() else c for c in s).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    value = 0
    for ch in rearranged:
        value = (value * (100 if ch.isalpha() else 10) + (ord(ch) - 55 if ch.isalpha() else int(ch))) % 97
    return value == 1


def test_committed_file_is_the_generators_output():
    assert dev142_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(list(records()))
    assert dev142_corpus.DEFAULT_SEED == 20270611 and dev142_corpus.DEFAULT_RECORDS == 240
    assert dev142_corpus.DATA.name == "dev142_data" and dev142_corpus.PATH.name == "dev142.jsonl"


def test_seeded_and_prefix_stable():
    full = list(records())
    assert dev142_corpus.generate(37, dev142_corpus.DEFAULT_SEED) == full[:37]
    assert dev142_corpus.generate(1, dev142_corpus.DEFAULT_SEED) == full[:1]
    assert dev142_corpus.generate(12, 7) == dev142_corpus.generate(12, 7)
    assert dev142_corpus.generate(12, 7) != full[:12]


def test_contract_fields_kinds_and_exact_spans():
    recs = list(records())
    annotated_parts.assert_spans_exact_and_disjoint(recs)
    assert len(dev142_corpus.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(recs, dev142_corpus.KINDS, 20)
    assert [r["id"] for r in recs] == [f"dev142-{i:03d}" for i in range(1, 241)]
    for r in recs:
        assert 2 <= len(r["text"].splitlines()) <= 40, r["id"]


def _glued(a: str, b: str) -> bool:
    return (a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit())


def test_spans_start_and_end_on_word_boundaries():
    for r in records():
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            if s["start"] > 0 and not re.search(r"%[0-9A-F]{2}$", t[: s["start"]]):  # a URL-encoded separator
                assert not _glued(t[s["start"] - 1], t[s["start"]]), (r["id"], s)
            if s["end"] < len(t):
                assert not _glued(t[s["end"] - 1], t[s["end"]]), (r["id"], s)


def test_every_bsn_passes_the_eleven_test_and_every_iban_mod97():
    bsns = [s["text"] for r in records() for s in r["spans"] if s["category"] == "BSN"]
    ibans = [s["text"] for r in records() for s in r["spans"] if s["category"] == "IBAN"]
    assert len(bsns) >= 40 and len(ibans) >= 30
    for b in bsns:
        assert eleven_test(_digits(b)), b
    for i in ibans:
        assert mod97(i), i
    assert {re.sub(r"[^A-Za-z]", "", i)[:2].upper() for i in ibans} >= {"NL", "DE", "BE", "GB"}
    assert not eleven_test("123456789") and not mod97("NL91ABNA0417164301")


def test_category_and_keep_counts_pinned():
    counts = Counter(s["category"] for r in records() for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records()) == KEEP_COUNT


def test_theme_identifiers_annotated_wherever_they_occur():
    seen = Counter()
    for r in records():
        t = r["text"]
        for m in THEME_IDS.finditer(t):
            inside = [s for s in r["spans"] if s["start"] <= m.start() and m.end() <= s["end"]]
            assert inside, (r["id"], m.group())
            if any(s["start"] == m.start() and s["end"] == m.end() for s in inside):
                assert all(s["category"] == "PATIENTNUMMER" for s in inside), (r["id"], m.group())
            seen[re.match(r"[A-Za-z]+", m.group()).group().upper()] += 1
    assert set(seen) == {"KB", "S", "PN", "SCH", "CLM", "SN", "LO", "PK"}, seen
    # and every student, personnel, claim, lab-order and clinic number written anywhere is a span of its own
    stand_alone = Counter(
        re.match(r"[A-Za-z]+", s["text"]).group().upper()
        for r in records()
        for s in r["spans"]
        if s["category"] == "PATIENTNUMMER" and THEME_IDS.fullmatch(s["text"])
    )
    assert all(stand_alone[k] >= 10 for k in ("KB", "S", "PN", "SCH", "LO", "PK")), stand_alone


def _clinical_strings() -> list[str]:
    rows = (dev142_corpus.DATA / "clinical.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[1] for line in rows if line and not line.startswith("#")]


def test_clinical_strings_kept_and_never_inside_a_span():
    strings = _clinical_strings()
    assert {"Satchmo-syndroom", "Le Fort I", "Angle klasse II/1", "propranolol 10 mg", "Calcium 1250MG"} <= set(strings)
    kept = Counter(k["text"] for r in records() for k in r["keep"])
    assert len(kept) >= 80
    for r in records():
        t = r["text"]
        for k in r["keep"]:
            assert k["text"] in strings, k
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"]), (r["id"], k)
        for c in strings:
            for m in re.finditer(r"(?<![\w])" + re.escape(c) + r"(?![\w])", t):
                assert any(k["start"] <= m.start() and m.end() <= k["end"] for k in r["keep"]), (r["id"], c)


def test_notations_present():
    spans = [(r, s) for r in records() for s in r["spans"]]
    texts = [s["text"] for _, s in spans]
    for ch in ("\u00a0", "\u202f", "\u200b", "\u00ad"):
        assert sum(ch in x for x in texts) >= 5, repr(ch)
    assert sum(bool(re.search("[０-９]", x)) for x in texts) >= 20  # fullwidth digits
    assert any("＠" in x for x in texts) and any(re.search(r"@[\w.-]+,(nl|com)$", x) for x in texts)

    def before(r, s, n=1):
        return r["text"][max(0, s["start"] - n) : s["start"]]

    def after(r, s, n=1):
        return r["text"][s["end"] : s["end"] + n]

    numeric = ("BSN", "TELEFOON", "IBAN", "PATIENTNUMMER")
    for glue in (":", "-"):
        assert any(s["category"] in numeric and before(r, s) == glue for r, s in spans), glue
    assert any(s["category"] in numeric and before(r, s).isalpha() for r, s in spans)  # glued to a word
    assert any(s["category"] == "EMAIL" and after(r, s) == "_" for r, s in spans)
    assert any(s["category"] == "TELEFOON" and before(r, s, 3) == "mm " for r, s in spans)
    foreign = [x for (r, s), x in zip(spans, texts) if s["category"] == "TELEFOON" and re.match(r"(\+|00)(?!31)", x)]
    codes = {_digits(f)[2:4] if _digits(f).startswith("00") else _digits(f)[:2] for f in foreign}
    assert codes >= {"49", "44", "32", "43", "41", "33", "81"}, codes
    assert len(foreign) >= 100
    postcodes = [x for (r, s), x in zip(spans, texts) if s["category"] == "POSTCODE"]
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4} [a-z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"\d{4}-[A-Z]{2}", p) for p in postcodes)
    assert any(re.fullmatch(r"[A-Z]{1,2}\d{1,2}[A-Z]? \d[A-Z]{2}", p) for p in postcodes)  # British
    assert any(re.fullmatch(r"\d{5}", p) for p in postcodes)  # German
    persons = [x for (r, s), x in zip(spans, texts) if s["category"] == "PERSOON"]
    assert sum(x == x.lower() and " " in x for x in persons) >= 10  # lower-case names
    assert sum(bool(re.fullmatch(r"[^,]+, [^,]+", x)) for x in persons) >= 50  # surname first
    assert any(re.fullmatch(r"(?:[A-ZŁ]\.)+", x) for x in persons)  # bare initials as a paraph
    words = {"Post", "Bos", "Hoorn", "Fluit", "Mol", "Storm", "Winter", "Koning", "Veer", "Lip", "Zwart", "Groen"}
    assert sum(any(re.search(rf"\b{w}\b", x) for w in words) for x in persons) >= 20  # surnames that are words
    months = {"Mei", "Juni", "April", "Roos", "Viola", "Storm", "Fleur", "Zomer"}
    assert sum(any(re.search(rf"\b{w}\b", x) for w in months) for x in persons) >= 20  # given names that are words
    dates = [x for (r, s), x in zip(spans, texts) if s["category"] in ("DATUM", "GEBOORTEDATUM")]
    for pattern in (
        r"\d{2}-\d{2}-\d{4}",
        r"\d{4}-\d{2}-\d{2}",
        r"\d{1,2}\.\d{1,2}\.\d{2,4}",
        r"\d{1,2}/\d{1,2}/\d{2,4}",
        r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}",
        r"\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}",
        r"[A-Z][a-z]+ \d{1,2}, \d{4}",
        r"\d{8}",
    ):
        assert any(re.fullmatch(pattern, d) for d in dates), pattern


def test_data_lists_are_the_parts_own_and_large_enough():
    given = [
        line.split("\t")
        for line in (dev142_corpus.DATA / "given_names.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    surnames = [
        line.split("\t")
        for line in (dev142_corpus.DATA / "surnames.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(given) >= 150 and len(surnames) >= 150
    assert {g[2] for g in given} >= {"nl", "fy", "sr", "an", "ma", "tr", "pl", "cn", "id", "sy", "er", "ua", "word"}
    assert {s[1] for s in surnames} >= {"nl", "fy", "sr", "an", "ma", "tr", "pl", "cn", "id", "sy", "er", "ua", "word"}
