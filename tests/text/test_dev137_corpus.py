"""dev137 (pregnancy, newborns and tongue-tie at a Dutch dental group): the committed part is its generator's
output, and holds what the annotation contract asks, checked here with this test's own checksums."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from fixtures.text import corpus_file
from fixtures.text import dev137_corpus as part
from tests.text import annotated_parts

RECORDS = part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)

CATEGORY_COUNTS = {
    "ADRES": 243,
    "AGB": 70,
    "BSN": 227,
    "DATUM": 842,
    "EMAIL": 249,
    "GEBOORTEDATUM": 300,
    "IBAN": 58,
    "INSTELLING": 589,
    "LEEFTIJD": 161,
    "LOCATIE": 448,
    "PATIENTNUMMER": 347,
    "PERSOON": 1912,
    "POLISNUMMER": 80,
    "POSTCODE": 239,
    "TELEFOON": 443,
    "URL": 53,
    "UZI": 10,
}
KEEP_COUNT = 1211

NEWBORN_KINDS = ("kraamzorg_notitie", "verwijzing_lactatiekundige", "frenotomie_verslag")
FORMAT_CHARS = {
    "\u00a0": "no-break space",
    "\u202f": "narrow no-break space",
    "\u200b": "zero-width space",
    "\u00ad": "soft hyphen",
}
FULLWIDTH_DIGITS = set("０１２３４５６７８９")


# ------------------------------------------------------------------------------------------ own checks


def plain(s: str) -> str:
    """NFKC (fullwidth digits become ASCII) and every character that is not a letter or digit dropped."""
    return re.sub(r"[^0-9A-Za-z]", "", unicodedata.normalize("NFKC", s))


def elfproef(number: str) -> bool:
    d = [int(c) for c in plain(number)]
    if len(d) != 9:
        return False
    return (sum(x * w for x, w in zip(d[:8], range(9, 1, -1))) - d[8]) % 11 == 0


IBAN_LENGTH = {"NL": 18, "BE": 16, "DE": 22, "PL": 28}


def iban_mod97(iban: str) -> bool:
    s = plain(iban).upper()
    if IBAN_LENGTH.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def covered(record: dict, start: int, end: int, category: str | None = None, layer: str = "spans") -> bool:
    return any(
        s["start"] <= start and end <= s["end"] and (category is None or s["category"] == category)
        for s in record[layer]
    )


def occurrences(text: str, needle: str):
    for m in re.finditer(r"(?<![0-9A-Za-zÀ-ÿ])" + re.escape(needle) + r"(?![0-9A-Za-zÀ-ÿ])", text):
        yield m.start(), m.end()


def clinical_strings() -> list[str]:
    return sorted({v for values in part.CLINICAL.values() for v in values}, key=len, reverse=True)


# ------------------------------------------------------------------------------------------ the file and the draw


def test_committed_file_is_the_generator_output():
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(RECORDS)


def test_seeded_and_prefix_stable():
    assert part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED) == RECORDS
    for k in (1, 13, 100):
        assert part.generate(k, part.DEFAULT_SEED) == RECORDS[:k]
    assert part.generate(12, part.DEFAULT_SEED + 1) != RECORDS[:12]


def test_module_names_its_defaults():
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270606
    assert part.PATH.name == "dev137.jsonl" and part.DATA.name == "dev137_data"
    assert len(part.KINDS) == 12 and len(set(part.KINDS)) == 12


def test_own_lists_are_large_and_mixed():
    assert len(part.GIVEN) >= 150 and len(part.SURNAMES) >= 150
    assert len({g[2] for g in part.GIVEN}) >= 10 and len({s[1] for s in part.SURNAMES}) >= 10
    given = {g[0] for g in part.GIVEN}
    assert {"Mei", "Juni", "April", "Roos"} <= given  # months and words
    assert {"Post", "Bos", "de Wit", "Koning"} <= {s[0] for s in part.SURNAMES}


# ------------------------------------------------------------------------------------------ the contract


def test_contract_shared_by_every_part():
    annotated_parts.assert_spans_exact_and_disjoint(RECORDS)
    annotated_parts.assert_fields_and_kinds(RECORDS, part.KINDS, 20)
    assert [r["id"] for r in RECORDS] == [f"dev137-{i:03d}" for i in range(1, 241)]


def test_texts_are_2_to_40_lines():
    for r in RECORDS:
        assert 2 <= len(r["text"].split("\n")) <= 40, r["id"]


def test_spans_start_and_end_on_word_boundaries():
    for r in RECORDS:
        t = r["text"]
        for s in r["spans"]:
            a, b = s["start"], s["end"]
            if a > 0:
                assert not (t[a - 1].isalpha() and t[a].isalpha()), (r["id"], s)
                assert not (t[a - 1].isdigit() and t[a].isdigit()), (r["id"], s)
            if b < len(t):
                assert not (t[b - 1].isalpha() and t[b].isalpha()), (r["id"], s)
                assert not (t[b - 1].isdigit() and t[b].isdigit()), (r["id"], s)


def test_every_bsn_passes_the_elfproef():
    bsns = [s for r in RECORDS for s in r["spans"] if s["category"] == "BSN"]
    assert bsns
    for s in bsns:
        assert elfproef(s["text"]), s


def test_numbers_that_are_not_bsns_fail_the_elfproef():
    for r in RECORDS:
        for s in r["spans"]:
            if s["category"] in ("POLISNUMMER", "UZI") and len(plain(s["text"])) == 9:
                assert not elfproef(s["text"]), s


def test_every_iban_passes_mod97():
    ibans = [s for r in RECORDS for s in r["spans"] if s["category"] == "IBAN"]
    assert ibans
    for s in ibans:
        assert iban_mod97(s["text"]), s


def test_category_and_keep_counts_are_pinned():
    counts = Counter(s["category"] for r in RECORDS for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in RECORDS) == KEEP_COUNT
    assert 18 <= sum(counts.values()) / len(RECORDS) <= 30


# ------------------------------------------------------------------------------------------ the theme


def test_theme_file_numbers_are_patient_numbers_wherever_they_occur():
    """Kraamzorg client numbers, JGZ references, lactation client numbers, invoice and practice numbers."""
    pattern = re.compile(
        r"(?<![0-9A-Za-z])(KZ20\d\d-\d{4}|JGZ-\d{7}|L-\d\d-\d{3}|F20\d\d-\d{5}|DEB\d{6}|P-?\d{5})(?![0-9])"
    )
    found = 0
    for r in RECORDS:
        for m in pattern.finditer(r["text"]):
            found += 1
            assert covered(r, m.start(), m.end(), "PATIENTNUMMER") or covered(r, m.start(), m.end(), "URL"), (
                r["id"],
                m.group(),
            )
    assert found >= 180


def test_people_birth_dates_and_numbers_are_annotated_wherever_they_occur():
    """A baby's name, a birth date, a BSN or a file number written twice is a span both times."""
    for r in RECORDS:
        t = r["text"]
        for s in r["spans"]:
            if s["category"] not in ("PERSOON", "GEBOORTEDATUM", "BSN", "PATIENTNUMMER", "EMAIL", "TELEFOON"):
                continue
            if len(s["text"]) < 3:
                continue
            for a, b in occurrences(t, s["text"]):
                assert covered(r, a, b), (r["id"], s["text"], a)


def test_newborns_have_recent_birth_dates():
    """In the maternity, lactation and procedure texts the birth date is the newborn's: late 2026 or 2027."""
    for r in RECORDS:
        if r["kind"] not in NEWBORN_KINDS:
            continue
        births = [s for s in r["spans"] if s["category"] == "GEBOORTEDATUM"]
        assert births, r["id"]
        for s in births:
            norm = unicodedata.normalize("NFKC", s["text"])
            four = re.findall(r"(?<!\d)(\d{4})(?!\d)", norm)
            if four:  # day-month-year or ISO: the only group of four digits is the year
                assert four[0] in ("2026", "2027"), (r["id"], s)
            elif re.fullmatch(r"\d{8}", norm):  # a file name's date
                assert norm[:4] in ("2026", "2027"), (r["id"], s)
            elif re.fullmatch(r"\d{2}/\d{2}/\d{2}", norm):
                assert norm[-2:] in ("26", "27"), (r["id"], s)


def test_multiples_share_a_birth_date_and_each_have_a_bsn():
    for r in RECORDS:
        if r["kind"] != "meerling_planning":
            continue
        assert re.search(r"(tweeling|drieling) met", r["text"]), r["id"]
        cats = Counter(s["category"] for s in r["spans"])
        assert cats["GEBOORTEDATUM"] >= 2 and cats["BSN"] >= 2, r["id"]


def test_gestation_and_tongue_tie_scores_are_kept_not_dates():
    for r in RECORDS:
        t = r["text"]
        for m in re.finditer(r"(?<![A-Za-z])(AD \d{1,2}\+\d|\d{1,2}/1[04](?= |,|$)|Apgar \d/\d{1,2}|G\dP\d)", t):
            if re.match(r"\d", m.group()) and not re.search(r"(uiterlijk|functie) $", t[: m.start()]):
                continue
            assert covered(r, m.start(), m.end(), "KEEP", "keep"), (r["id"], m.group())


def test_surrogacy_texts_name_surrogate_and_intended_parents():
    for r in RECORDS:
        if r["kind"] == "draagmoeder_eerste_bezoek":
            assert "draagmoeder" in r["text"].lower()
            assert Counter(s["category"] for s in r["spans"])["PERSOON"] >= 5, r["id"]


# ------------------------------------------------------------------------------------------ clinical strings


def test_clinical_strings_are_kept_and_never_inside_a_span():
    strings = clinical_strings()
    seen = Counter()
    for r in RECORDS:
        t = r["text"]
        for c in strings:
            for a, b in occurrences(t, c):
                seen[c] += 1
                assert covered(r, a, b, None, "keep"), (r["id"], c)
                assert not covered(r, a, b), (r["id"], c)
        for k in r["keep"]:
            for s in r["spans"]:
                assert not (s["start"] < k["end"] and k["start"] < s["end"]), (r["id"], k, s)
    assert len(seen) >= 40
    assert {
        "Hazelbaker ATLFF",
        "Coryllos type 2",
        "Kotlow klasse III",
        "Dr. Brown's",
        "calciumcarbonaat 1250MG",
    } <= set(k["text"] for r in RECORDS for k in r["keep"])


# ------------------------------------------------------------------------------------------ notations


def _spans(category: str | None = None):
    for r in RECORDS:
        for s in r["spans"]:
            if category is None or s["category"] == category:
                yield r, s


def test_format_characters_and_fullwidth_digits_inside_identifiers():
    for ch, name in FORMAT_CHARS.items():
        cats = {s["category"] for _, s in _spans() if ch in s["text"]}
        assert cats & {"BSN", "TELEFOON", "IBAN"}, name
    for cat in ("BSN", "TELEFOON", "IBAN", "AGB"):
        assert any(set(s["text"]) & FULLWIDTH_DIGITS for _, s in _spans(cat)), cat
    assert any("\u00a0" in s["text"] for _, s in _spans("POSTCODE"))
    assert any("\u00a0" in s["text"] for _, s in _spans("DATUM"))


def test_identifiers_glued_to_colon_dash_comma_and_words():
    before = Counter()
    after = Counter()
    for r, s in _spans():
        t = r["text"]
        prev = t[s["start"] - 1] if s["start"] else ""
        nxt = t[s["end"]] if s["end"] < len(t) else ""
        if prev == ":" and s["category"] in ("BSN", "PATIENTNUMMER"):
            before["colon"] += 1
        if prev == "-" and s["category"] == "BSN":
            before["dash"] += 1
        if prev.isalpha() and s["category"] in ("BSN", "TELEFOON"):
            before["word"] += 1
        if nxt == "," and s["category"] == "TELEFOON":
            after["comma"] += 1
        if nxt == "_" and s["category"] == "EMAIL":
            after["underscore"] += 1
    assert all(before[k] for k in ("colon", "dash", "word")), before
    assert all(after[k] for k in ("comma", "underscore")), after


def test_phone_next_to_mm_and_foreign_identifiers():
    mm_phone = 0
    for r in RECORDS:
        t = r["text"]
        for k in r["keep"]:
            if k["text"].endswith("mm"):
                rest = t[k["end"] :]
                gap = len(rest) - len(rest.lstrip(" "))
                if any(s["start"] == k["end"] + gap and s["category"] == "TELEFOON" for s in r["spans"]):
                    mm_phone += 1
    assert mm_phone >= 3
    tel = [s["text"] for _, s in _spans("TELEFOON")]
    assert any(x.startswith(("+", "00")) and not x.startswith(("+31", "0031")) for x in tel)
    assert {plain(s["text"])[:2].upper() for _, s in _spans("IBAN")} >= {"NL", "BE", "DE"}
    dutch_pc = re.compile(r"^\d{4}\W*[A-Za-z]{2}$")
    assert any(not dutch_pc.match(unicodedata.normalize("NFKC", s["text"])) for _, s in _spans("POSTCODE"))


def test_names_written_every_way():
    names = [s["text"] for _, s in _spans("PERSOON")]
    assert any(n == n.lower() and " " in n for n in names)  # lower case
    assert any(re.match(r"^[A-ZÀ-Ý][^,]+, [A-ZÀ-Ý]", n) for n in names)  # surname first
    assert any(re.match(r"^([A-Z]\.)+ ", n) for n in names)  # initials
    assert any(re.match(r"^[A-Z][a-z]?[A-Z]$", n) for n in names)  # paraphs
    assert any(n in ("Mei", "Juni", "April", "Roos", "Storm", "Vos") for n in names)  # words and months


def test_dates_written_every_way():
    dates = [
        unicodedata.normalize("NFKC", s["text"]) for _, s in _spans() if s["category"] in ("DATUM", "GEBOORTEDATUM")
    ]
    patterns = {
        "d-m-yyyy": r"^\d{1,2}-\d{1,2}-\d{4}$",
        "dd/mm/yy": r"^\d{2}/\d{2}/\d{2}$",
        "dd.mm.yyyy": r"^\d{2}\.\d{2}\.\d{4}$",
        "iso": r"^\d{4}-\d{2}-\d{2}$",
        "long": r"^\d{1,2} (" + "|".join(corpus_file.MONTHS) + r") \d{4}$",
        "no year": r"^\d{1,2} (" + "|".join(corpus_file.MONTHS) + r")$",
        "abbreviated": r"^\d{1,2}[ -](jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt|nov|dec)[ -]\d{4}$",
        "compact": r"^\d{8}$",
    }
    for name, pat in patterns.items():
        assert any(re.match(pat, d) for d in dates), name
