"""dev140: international and Dutch students at a dental practice in a university town.

The committed part is its generator's output; the generator is seeded and prefix-stable; every record keeps the
shared annotation contract; and what is particular to this part is checked with this file's own hands: BSNs by the
11-proef, IBANs by mod-97, student numbers, university e-mail addresses and European health insurance card numbers
annotated wherever they occur, clinical strings kept and never inside a span, and the notations people type."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev140_corpus as part
from tests.text import annotated_parts

RECORDS = [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()]

SHY, ZWSP, NBSP, NNBSP, THIN = "\u00ad", "\u200b", "\u00a0", "\u202f", "\u2009"

IBAN_LENGTHS = {
    "NL": 18,
    "DE": 22,
    "BE": 16,
    "FR": 27,
    "ES": 24,
    "PT": 25,
    "PL": 28,
    "GR": 27,
    "IE": 22,
    "RO": 24,
    "LT": 20,
    "IT": 27,
    "DK": 18,
    "UA": 29,
    "TR": 26,
    "GB": 22,
}

CATEGORY_COUNTS = {
    "PERSOON": 1502,
    "DATUM": 1214,
    "INSTELLING": 721,
    "PATIENTNUMMER": 526,
    "TELEFOON": 510,
    "LOCATIE": 424,
    "EMAIL": 321,
    "ADRES": 226,
    "GEBOORTEDATUM": 219,
    "POSTCODE": 197,
    "POLISNUMMER": 141,
    "LEEFTIJD": 101,
    "BSN": 86,
    "AGB": 60,
    "URL": 58,
    "IBAN": 40,
    "UZI": 13,
}
KEEP_COUNT = 1121


def plain(s: str) -> str:
    """Letters and digits only, fullwidth digits read as ASCII (soft hyphens, zero-width and odd spaces dropped)."""
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isalnum())


def cleaned(text: str) -> tuple[str, list[int]]:
    """The text as a reader sees it (format characters dropped, fullwidth folded, every space a space), and for
    each of its characters the offset it came from."""
    out, where = [], []
    for i, c in enumerate(text):
        if c in (SHY, ZWSP):
            continue
        c = " " if c in (NBSP, NNBSP, THIN) else unicodedata.normalize("NFKC", c)
        for ch in c:
            out.append(ch)
            where.append(i)
    return "".join(out), where


def eleven_test(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2)))
    return (total - int(digits[8])) % 11 == 0


def mod97(iban: str) -> bool:
    s = plain(iban).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def covered(record: dict, start: int, end: int, categories: tuple[str, ...]) -> bool:
    return any(s["start"] <= start and end <= s["end"] and s["category"] in categories for s in record["spans"])


def in_span(record: dict, start: int, end: int) -> bool:
    return any(s["start"] < end and start < s["end"] for s in record["spans"])


def in_keep(record: dict, start: int, end: int) -> bool:
    return any(k["start"] <= start and end <= k["end"] for k in record["keep"])


# --------------------------------------------------------------------------------------------------- file and generator


def test_committed_file_is_the_generators_output():
    assert len(RECORDS) == part.DEFAULT_RECORDS == 240
    written = corpus_file.dumps(part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED))
    assert written == part.PATH.read_text(encoding="utf-8")


def test_seeded_and_prefix_stable():
    assert part.generate(30, 7) == part.generate(30, 7)
    assert part.generate(30, 7) != part.generate(30, 8)
    assert part.generate(37, part.DEFAULT_SEED) == RECORDS[:37]
    assert part.generate(1, part.DEFAULT_SEED) == RECORDS[:1]


def test_module_names_its_defaults():
    assert part.DEFAULT_SEED == 20270609
    assert part.PATH.name == "dev140.jsonl" and part.PATH.parent.name == "text"
    assert part.DATA.name == "dev140_data" and part.DATA.parent == part.PATH.parent.parent.parent / "fixtures" / "text"
    assert len(part.KINDS) == 12 and len(set(part.KINDS)) == 12
    assert "student" in (part.__doc__ or "")


def test_own_lists_are_large_and_mixed():
    assert len(part.GIVEN) >= 150 and len(part.SURNAMES) >= 150
    origins = {g[2] for g in part.GIVEN} | {s[1] for s in part.SURNAMES}
    for origin in ("nl", "fy", "sr", "an", "ma", "tr", "pl", "cn", "id", "sy", "er", "ua", "word"):
        assert origin in origins
    given = {g[0] for g in part.GIVEN}
    assert {"Mei", "Juni", "April", "Roos"} <= given
    assert {"Bakker", "Visser", "de Wit", "Post", "Bos"} <= {s[0] for s in part.SURNAMES}


# --------------------------------------------------------------------------------------------------- the shared contract


def test_shared_contract():
    annotated_parts.assert_spans_exact_and_disjoint(RECORDS)
    annotated_parts.assert_fields_and_kinds(RECORDS, part.KINDS, 20)
    assert [r["id"] for r in RECORDS] == [f"dev140-{i:03d}" for i in range(1, 241)]


def test_texts_are_two_to_forty_lines():
    for r in RECORDS:
        assert 2 <= r["text"].count("\n") + 1 <= 40, r["id"]


def test_spans_start_and_end_on_word_boundaries():
    """No span cuts a run of letters or a run of digits (a number glued to a word is a boundary of its own)."""

    def cut(a: str, b: str) -> bool:
        return (a.isalpha() and b.isalpha()) or (a.isdigit() and b.isdigit())

    for r in RECORDS:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            if s["start"] > 0:
                assert not cut(t[s["start"] - 1], t[s["start"]]), (r["id"], s)
            if s["end"] < len(t):
                assert not cut(t[s["end"] - 1], t[s["end"]]), (r["id"], s)


# --------------------------------------------------------------------------------------------------- checksums


def test_every_bsn_passes_the_eleven_test():
    bsns = [s for r in RECORDS for s in r["spans"] if s["category"] == "BSN"]
    assert len(bsns) >= 40
    for s in bsns:
        assert eleven_test(plain(s["text"])), s


def test_every_iban_passes_mod97():
    ibans = [s for r in RECORDS for s in r["spans"] if s["category"] == "IBAN"]
    assert len(ibans) >= 20
    for s in ibans:
        assert mod97(s["text"]), s
    countries = {plain(s["text"])[:2].upper() for s in ibans}
    assert "NL" in countries and len(countries) >= 3


def test_mod97_and_eleven_test_reject_typos():
    assert eleven_test("111222333") and not eleven_test("111222334")
    assert mod97("NL91 ABNA 0417 1643 00") and not mod97("NL91 ABNA 0417 1643 01")


# --------------------------------------------------------------------------------------------------- counts


def test_category_and_keep_counts_are_pinned():
    counts = Counter(s["category"] for r in RECORDS for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in RECORDS) == KEEP_COUNT


# --------------------------------------------------------------------------------------------------- the theme's identifiers

STUDENT_LABEL = re.compile(
    r"(?i)(?<![\w-])(?:studentnummer|studentnr\.?|student number|student nr\.?|s-nummer|s-nr:?|snr|s-number|studentnr)"
    r"\s*[:.]?\s*([a-z]?\d{6,7})(?![\d])"
)
STUDENT_SHAPE = re.compile(r"(?<![\w@.])([sSiI]\d{7})(?!\d)")
UNI_MAIL = re.compile(
    r"[A-Za-z0-9.\-]+@(?:student\.|students\.|st\.|umail\.)?"
    r"(?:rug|uu|hu|leidenuniv|tudelft|ru|han|wur|maastrichtuniversity|utwente|saxion|nhlstenden)\.(?:nl|com)"
)
EHIC_CARD = re.compile(r"(?<!\d)8 ?0(?: ?\d){18}(?!\d)")


def test_student_numbers_are_annotated_wherever_they_occur():
    found = 0
    for r in RECORDS:
        text, where = cleaned(r["text"])
        values = set()
        for m in list(STUDENT_LABEL.finditer(text)) + list(STUDENT_SHAPE.finditer(text)):
            start, end = where[m.start(1)], where[m.end(1) - 1] + 1
            assert covered(r, start, end, ("PATIENTNUMMER", "EMAIL")), (r["id"], m.group(0))
            values.add(m.group(1).lower())
            found += 1
        # the same number elsewhere in the record (a Leiden address, a signature, a reply) is annotated too
        for v in values:
            for m in re.finditer(rf"(?i)(?<![\w]){re.escape(v)}(?!\d)", text):
                assert covered(r, where[m.start()], where[m.end() - 1] + 1, ("PATIENTNUMMER", "EMAIL")), (r["id"], v)
    assert found >= 150


def test_university_mail_addresses_are_annotated():
    found = 0
    for r in RECORDS:
        text, where = cleaned(r["text"])
        for m in UNI_MAIL.finditer(text):
            assert covered(r, where[m.start()], where[m.end() - 1] + 1, ("EMAIL",)), (r["id"], m.group())
            found += 1
    assert found >= 100


def test_health_insurance_card_numbers_are_policy_numbers():
    found = 0
    for r in RECORDS:
        text, where = cleaned(r["text"])
        for m in EHIC_CARD.finditer(text):
            assert covered(r, where[m.start()], where[m.end() - 1] + 1, ("POLISNUMMER",)), (r["id"], m.group())
            found += 1
    assert found >= 30


def test_housing_clubs_and_student_services_are_named_spans():
    """Housing corporations, student flats, associations and the student GP or psychologist, wherever named."""
    names = {h[2]: "INSTELLING" if h[1] == "corporatie" else "LOCATIE" for h in part.HOUSING}
    names.update({a[2]: "INSTELLING" for a in part.ASSOCIATIONS})
    names.update({p[2]: "INSTELLING" for p in part.PRACTICES})
    names.update({h: "LOCATIE" for h in part.HOUSES})
    seen = Counter()
    for r in RECORDS:
        t = r["text"]
        for name, category in names.items():
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", t):
                if any(
                    s["start"] <= m.start() and m.end() <= s["end"] and s["category"] in ("EMAIL", "URL")
                    for s in r["spans"]
                ):
                    continue
                inside = [s for s in r["spans"] if s["start"] <= m.start() and m.end() <= s["end"]]
                assert inside, (r["id"], name)
                seen[category] += 1
    assert seen["INSTELLING"] >= 300 and seen["LOCATIE"] >= 50


# --------------------------------------------------------------------------------------------------- clinical strings


def test_clinical_strings_kept_and_never_inside_a_span():
    known = {c for strings in part.CLINICAL.values() for c in strings}
    for r in RECORDS:
        for k in r["keep"]:
            assert k["text"] in known, (r["id"], k)
    distinctive = sorted(
        {
            c
            for kind, strings in part.CLINICAL.items()
            for c in strings
            if kind not in ("front", "molar", "wisdom", "neighbour", "code")
        },
        key=len,
        reverse=True,
    )
    hits = 0
    for r in RECORDS:
        t = r["text"]
        for c in distinctive:
            for m in re.finditer(rf"(?<![\w]){re.escape(c)}(?![\w])", t):
                assert in_keep(r, m.start(), m.end()), (r["id"], c)
                assert not in_span(r, m.start(), m.end()), (r["id"], c)
                hits += 1
    assert hits >= 400
    eponyms = {k["text"] for r in RECORDS for k in r["keep"]}
    assert {"Ellis klasse II", "articaïne 4% met adrenaline 1:100.000", "Vicryl Rapide 5-0"} <= eponyms


# --------------------------------------------------------------------------------------------------- notations


def spans(category: str | None = None):
    for r in RECORDS:
        for s in r["spans"]:
            if category is None or s["category"] == category:
                yield r, s


def test_notations_people_type_are_present():
    texts = [s["text"] for _, s in spans()]
    assert any(NBSP in t for t in texts)
    assert any(NNBSP in t for t in texts)
    assert any(THIN in t for t in texts)
    assert any(ZWSP in t for t in texts)
    assert any(SHY in t for t in texts)
    assert any(any("\uff10" <= c <= "\uff19" for c in t) for t in texts)
    before = Counter()
    for r, s in spans():
        if s["start"]:
            before[r["text"][s["start"] - 1]] += 1
            if r["text"][s["start"] - 1].isalpha():
                before["letter"] += 1
    assert before[":"] and before[","] and before["-"] and before["letter"] and before["_"]
    assert any(r["text"][s["end"] : s["end"] + 1] == "_" for r, s in spans("EMAIL"))
    assert any(r["text"][s["start"] - 1 : s["start"]] == "\t" for r, s in spans())


def test_phones_next_to_units_and_abroad():
    phones = [(r, s) for r, s in spans("TELEFOON")]

    def abroad(text: str) -> bool:
        n = unicodedata.normalize("NFKC", text).replace("%2B", "+").lstrip("(")
        digits = plain(n)
        return (n.startswith("+") and not digits.startswith("31")) or (
            n.startswith("00") and not digits.startswith("0031")
        )

    assert sum(abroad(s["text"]) for _, s in phones) >= 30
    assert any("%2B" in s["text"] for _, s in phones)  # URL-encoded in a gateway log
    assert any(s["text"].isdigit() and s["text"].startswith(("31", "3", "4", "2")) for _, s in phones)  # msisdn
    assert any(re.search(r"mm\s*$", r["text"][: s["start"]]) for r, s in phones)


def test_postcodes_names_and_dates_in_many_shapes():
    pcs = [s["text"] for _, s in spans("POSTCODE")]
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", t) for t in pcs)
    assert any(re.fullmatch(r"\d{4} [a-z]{2}", t) for t in pcs)
    assert any(re.fullmatch(r"\d{4}-[A-Z]{2}", t) for t in pcs)
    assert any(not re.search(r"[A-Za-z]", t) for t in pcs)  # abroad: 40126, 00-950, 4050-123
    people = [s["text"] for _, s in spans("PERSOON")]
    assert any(t == t.lower() and " " in t for t in people)
    assert any(", " in t for t in people)
    assert any(t.isupper() for t in people)
    assert any(t in ("Mei", "Juni", "April", "Roos", "Merel", "Storm") for t in people)
    assert any(re.search(r"\b(van|de|der|in 't|ter)\b", t) for t in people)
    dates = [s["text"] for _, s in spans("DATUM")] + [s["text"] for _, s in spans("GEBOORTEDATUM")]
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", t) for t in dates)
    assert any(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", t) for t in dates)
    assert any(re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", t) for t in dates)
    assert any(re.fullmatch(r"\d{8}", t) for t in dates)
    assert any("%2F" in t for t in dates) or any("+" in t for t in dates)
    ages = [s["text"] for _, s in spans("LEEFTIJD")]
    assert any(t.endswith("-jarige") for t in ages) and any(t.endswith("jaar") for t in ages)


def test_english_dutch_and_mixed_messages():
    english = [r for r in RECORDS if re.search(r"\b(the|my|you|and)\b", r["text"])]
    dutch = [r for r in RECORDS if re.search(r"\b(de|het|een|ik|je)\b", r["text"])]
    assert len(english) >= 40 and len(dutch) >= 100
    assert (
        len({r["id"] for r in english} & {r["id"] for r in dutch}) >= 15
    )  # mixed: a Dutch practice answering in English


@pytest.mark.parametrize("kind", part.KINDS)
def test_every_kind_holds_personal_data(kind):
    records = [r for r in RECORDS if r["kind"] == kind]
    assert all(len(r["spans"]) >= 10 for r in records)
    assert sum(len(r["spans"]) for r in records) / len(records) >= 15
