"""Part dev151 (an outbreak of measles, tuberculosis or hepatitis B touching a dental group): the committed file is
the generator's output, the generator is seeded and prefix-stable, the shared checks hold, and this part's own
checks (BSN 11-proef, IBAN mod-97, word boundaries, GGD case numbers annotated everywhere, clinical strings kept,
notations present, pinned counts)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from fixtures.text import corpus_file
from fixtures.text import dev151_corpus as part
from tests.text import annotated_parts

ROOT = Path(__file__).resolve().parents[2]
PER_KIND = part.DEFAULT_RECORDS // len(part.KINDS)

SPAN_COUNTS = {
    "ADRES": 130,
    "AGB": 20,
    "BSN": 57,
    "DATUM": 773,
    "EMAIL": 189,
    "GEBOORTEDATUM": 412,
    "IBAN": 15,
    "INSTELLING": 392,
    "LEEFTIJD": 74,
    "LOCATIE": 205,
    "PATIENTNUMMER": 428,
    "PERSOON": 1426,
    "POLISNUMMER": 7,
    "POSTCODE": 132,
    "TELEFOON": 420,
    "URL": 33,
    "UZI": 9,
}
KEEP_COUNT = 1015


@lru_cache(maxsize=1)
def records() -> tuple[dict, ...]:
    return tuple(part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED))


def _plain(s: str) -> str:
    """Fullwidth digits to ASCII, format characters (zero-width space, soft hyphen) and separators removed."""
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Cf")
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"[^0-9A-Za-z]", "", s)


def _elfproef(digits: str) -> bool:
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def _mod97(iban: str) -> bool:
    s = _plain(iban).upper()
    if part.IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rotated = s[4:] + s[:4]
    remainder = 0
    for ch in rotated:
        for digit in str(int(ch, 36)):
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


def _covered(r: dict, a: int, b: int, categories: set[str] | None = None, keep: bool = False) -> bool:
    items = r["keep"] if keep else r["spans"]
    return any(s["start"] <= a and b <= s["end"] and (categories is None or s["category"] in categories) for s in items)


def _word_occurrences(text: str, needle: str):
    for m in re.finditer(re.escape(needle), text):
        a, b = m.span()
        if (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
            continue
        yield a, b


def test_committed_file_is_the_generators_output():
    committed = (ROOT / part.PATH).read_text(encoding="utf-8")
    assert committed == corpus_file.dumps(list(records()))


def test_seeded_and_prefix_stable():
    assert part.generate(37, part.DEFAULT_SEED) == list(records()[:37])
    assert part.generate(5, part.DEFAULT_SEED) == part.generate(5, part.DEFAULT_SEED)
    assert part.generate(5, part.DEFAULT_SEED + 1) != list(records()[:5])
    assert part.PATH == Path("eval/text/dev151.jsonl") and part.DATA == Path("fixtures/text/dev151_data")
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270620


def test_shared_checks():
    recs = list(records())
    annotated_parts.assert_spans_exact_and_disjoint(recs)
    annotated_parts.assert_fields_and_kinds(recs, part.KINDS, PER_KIND)
    assert len(part.KINDS) in (8, 10, 12)


def test_spans_on_word_boundaries():
    for r in records():
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert not (a > 0 and t[a - 1].isalnum() and t[a].isalnum()), (r["id"], s)
            assert not (b < len(t) and t[b - 1].isalnum() and t[b].isalnum()), (r["id"], s)


def test_every_bsn_passes_the_elfproef():
    bsns = [s["text"] for r in records() for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 40
    for text in bsns:
        assert _elfproef(_plain(text)), text
        assert annotated_parts.bsn_ok(_plain(text).zfill(9)), text


def test_every_iban_passes_mod97():
    ibans = [s["text"] for r in records() for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 5
    for text in ibans:
        assert _mod97(text), text
        assert annotated_parts.iban_ok(text, part.IBAN_LENGTHS), text
    assert {_plain(t)[:2].upper() for t in ibans} >= {"NL"}


CASE_PATTERNS = re.compile(
    r"HPZ[- ]\d[\d-]*\d(?:[/.]\d+|-C\d+)?"
    r"|IZB/[A-Z]{2}/\d{4}/\d+(?:[/.]\d+|-C\d+)?"
    r"|GGD-[A-Z]{2}-\d+(?:[/.]\d+|-C\d+)?"
    r"|(?<![\w-])27-(?:MZ|TB|HB)-\d+(?:[/.]\d+|-C\d+)?"
    r"|(?<![\w-])(?:L27-\d{6}|RML\d{6}|M\d{8}|27\d{4}-\d{4})(?![\w-])"
)


def test_theme_identifiers_annotated_wherever_they_occur():
    """GGD case and contact numbers and lab request numbers are PATIENTNUMMER wherever they stand, and every
    identifier that recurs in a record (a name, a phone, a case number) is annotated at each occurrence."""
    found = 0
    for r in records():
        t = r["text"]
        for m in CASE_PATTERNS.finditer(t):
            found += 1
            assert _covered(r, m.start(), m.end(), {"PATIENTNUMMER"}), (r["id"], m.group())
        for s in r["spans"]:
            if len(s["text"]) < 3:
                continue
            for a, b in _word_occurrences(t, s["text"]):
                assert _covered(r, a, b), (r["id"], s["text"], t[max(0, a - 30) : b + 30])
    assert found >= 150


def _clinical_strings() -> set[str]:
    lines = (ROOT / part.DATA / "clinical.tsv").read_text(encoding="utf-8").splitlines()
    return {line.split("\t")[2] for line in lines if line.strip() and not line.startswith("#")}


def test_clinical_strings_kept_and_never_inside_a_span():
    clinical = _clinical_strings()
    kept = Counter()
    for r in records():
        t = r["text"]
        for k in r["keep"]:
            assert k["text"] in clinical, k
            kept[k["text"]] += 1
        for needle in clinical:
            for a, b in _word_occurrences(t, needle):
                assert _covered(r, a, b, keep=True), (r["id"], needle)
                assert not any(s["start"] < b and a < s["end"] for s in r["spans"]), (r["id"], needle)
    for needle in (
        "anti-HBs > 100 IE/l",
        "Engerix-B 20 µg",
        "QuantiFERON-TB Gold Plus",
        "incubatietijd 7-21 dagen",
        "BMR-vaccin",
        "IGRA",
        "Bacillus Calmette-Guérin",
    ):
        assert kept[needle] > 0, needle
    assert len(kept) >= 60


def test_notations_present():
    recs = records()
    spans = [s for r in recs for s in r["spans"]]
    texts = "".join(r["text"] for r in recs)
    by = lambda cat: [s["text"] for s in spans if s["category"] == cat]  # noqa: E731
    idents = [s["text"] for s in spans]
    for ch in (part.NBSP, part.NNBSP, part.ZWSP, part.SHY):
        assert any(ch in s for s in idents), repr(ch)
    assert any(re.search("[\uff10-\uff19]", s) for s in by("BSN") + by("TELEFOON"))
    assert any("＠" in s for s in by("EMAIL")) and any("," in s for s in by("EMAIL"))
    assert any(r["text"][s["end"] : s["end"] + 1] == "_" for r in recs for s in r["spans"] if s["category"] == "EMAIL")
    names = by("PERSOON")
    assert any(n == n.lower() and " " in n for n in names)  # lower-case names
    assert any(re.fullmatch(r"[^,]+, [A-Z]\.(?:[A-Z]\.)?(?: .+)?", n) for n in names)  # surname first, initials
    assert any(re.search(r"[A-ZÇŞÖ]{3,}, ", n) for n in names)  # capitals surname first (exports)
    assert any(re.search(r"\b(?:van der|van den|ter|in 't|van 't|op den)$", n) for n in names)  # particle after
    assert any(s.startswith(("+32", "0032", "+49", "0049", "+48", "+212", "+90", "+597")) for s in by("TELEFOON"))
    assert any(s.startswith("+31") for s in by("TELEFOON")) and any(s.startswith("0031") for s in by("TELEFOON"))
    assert {_plain(s)[:2].upper() for s in by("IBAN")} & {"BE", "DE"}
    assert any(s[:2].islower() for s in by("IBAN"))
    assert any(re.fullmatch(r"\d{4}\.\d\d\.\d{3}", s) for s in by("BSN"))
    assert any(re.fullmatch(r"\d\d-\d{3}-\d\d-\d\d", s) for s in by("BSN"))
    assert any(re.fullmatch(r"\d{4} [a-z]{2}", s) for s in by("POSTCODE"))
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", s) for s in by("POSTCODE"))
    assert any(len(s) == 5 and s.isdigit() for s in by("POSTCODE"))  # German postcode
    assert any(re.fullmatch(r"\d{8}", s) for s in by("GEBOORTEDATUM"))
    assert any(re.search(r"[a-z]", s) for s in by("DATUM")) and any(
        re.fullmatch(r"\d{4}-\d\d-\d\d", s) for s in by("DATUM")
    )
    assert any(s.endswith("-jarige") for s in by("LEEFTIJD"))
    assert "bsn:" in texts and "\t" in texts
    assert any(re.search(r"[łŁıİşŞğçöüąęńśźżćĆ]", n) for n in names)


def test_counts_pinned():
    recs = records()
    counts = Counter(s["category"] for r in recs for s in r["spans"])
    keep = sum(len(r["keep"]) for r in recs)
    assert dict(sorted(counts.items())) == SPAN_COUNTS
    assert keep == KEEP_COUNT
    assert Counter(r["kind"] for r in recs) == {k: PER_KIND for k in part.KINDS}
