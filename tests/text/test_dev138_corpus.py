"""dev138 (radiation protection at a dental group): the committed part is what its generator writes, and its gold
holds what the contract asks, checked here with this part's own checksums."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev138_corpus as part
from tests.text import annotated_parts

PER_KIND = part.DEFAULT_RECORDS // len(part.KINDS)

# pinned: a change to the generator or its lists shows up here first
CATEGORY_COUNTS = {
    "PERSOON": 1676,
    "DATUM": 1080,
    "PATIENTNUMMER": 856,
    "INSTELLING": 712,
    "LOCATIE": 263,
    "EMAIL": 248,
    "TELEFOON": 233,
    "GEBOORTEDATUM": 159,
    "ADRES": 130,
    "BSN": 121,
    "POSTCODE": 119,
    "LEEFTIJD": 68,
    "IBAN": 48,
    "AGB": 31,
    "URL": 31,
    "UZI": 20,
    "POLISNUMMER": 16,
}
KEEP_COUNT = 1081

IDENTIFYING = ("BSN", "TELEFOON", "EMAIL", "IBAN", "PATIENTNUMMER", "AGB", "UZI", "POLISNUMMER", "URL")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()]


def norm(s: str) -> str:
    """Fullwidth digits to ASCII, format characters (zero-width space, soft hyphen) dropped."""
    s = unicodedata.normalize("NFKC", s)
    return "".join(c for c in s if unicodedata.category(c) != "Cf")


def digits(s: str) -> str:
    return "".join(c for c in norm(s) if c.isdigit() and c.isascii())


def elf_proef(number: str) -> bool:
    if len(number) != 9 or not number.isdigit():
        return False
    total = sum(int(c) * w for c, w in zip(number, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0


IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


def mod97(iban: str) -> bool:
    s = re.sub(r"[^0-9A-Z]", "", norm(iban).upper())
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def covered(r: dict, start: int, end: int, what=("spans",)) -> bool:
    return any(s["start"] <= start and end <= s["end"] for key in what for s in r[key])


def test_file_is_the_generators_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(
        part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)
    )


def test_seeded_and_prefix_stable():
    a = part.generate(30, part.DEFAULT_SEED)
    assert a == part.generate(30, part.DEFAULT_SEED)
    assert a[:17] == part.generate(17, part.DEFAULT_SEED)
    assert part.generate(30, part.DEFAULT_SEED + 1) != a


def test_contract(records):
    assert len(records) == part.DEFAULT_RECORDS == 240
    assert len(part.KINDS) in (8, 10, 12)
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, PER_KIND)
    assert [r["id"] for r in records] == [f"dev138-{i:03d}" for i in range(1, 241)]


def test_lines_per_text(records):
    for r in records:
        assert 2 <= r["text"].count("\n") + 1 <= 40, r["id"]
        assert not any("\n" in s["text"] for s in r["spans"] + r["keep"]), r["id"]


def _kind(c: str) -> str:
    if c.isalpha():
        return "a"
    if c.isdigit():
        return "d"
    return ""


def test_spans_on_word_boundaries(records):
    """No span cuts a word or a number: the characters either side of a span are not of the same kind (letter or
    digit) as its first and last character. A number glued to a word (`BSN123456782`) is a boundary."""
    for r in records:
        t = r["text"]
        for s in r["spans"]:
            a, b = s["start"], s["end"]
            if a > 0:
                assert not (_kind(t[a - 1]) and _kind(t[a - 1]) == _kind(t[a])), (r["id"], s)
            if b < len(t):
                assert not (_kind(t[b]) and _kind(t[b]) == _kind(t[b - 1])), (r["id"], s)


def test_checksums(records):
    bsns = [s["text"] for r in records for s in r["spans"] if s["category"] == "BSN"]
    ibans = [s["text"] for r in records for s in r["spans"] if s["category"] == "IBAN"]
    assert len(bsns) >= 100 and len(ibans) >= 30
    for b in bsns:
        assert elf_proef(digits(b)), b
    for i in ibans:
        assert mod97(i), i
    assert {re.sub(r"[^A-Z]", "", norm(i).upper())[:2] for i in ibans} == {"NL", "BE", "DE"}


def test_category_and_keep_counts(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


# labels after which this theme's identifiers follow; the token after the label is a span of that category
LABELLED = [
    (
        r"\b(?:badge|[Dd]ragernr\.?|dragernummer|[Dd]osimeter heeft nummer|Dosimeter:|Dosimeter|buikdosimeter uitgereikt \(|oud dragernr\.)[ :]*",
        "PATIENTNUMMER",
    ),
    (r"(?:\bSN\b|S/N|serienr\.|serienummer|\bsn=|\bserial)[ :]*", "PATIENTNUMMER"),
    (r"(?:[Rr]egistratienummer:?|ANVS rond onder|[Kk]enmerk:?|registratie)[ :]+", "PATIENTNUMMER"),
    (
        r"(?:[Kk]lantnr\.|[Kk]lantnummer:?|Personeelsnr\.:|personeelsnummer|patiëntnr\.|dossiernr\.|Rapportnr\.:|id=|pat=|acc=)[ ]*",
        "PATIENTNUMMER",
    ),
    (r"(?:\bBSN|\bbsn|Burgerservicenummer|sofi-/BSN-nr\.)[ :]*", "BSN"),
    (r"(?:AGB-code:|\bAGB)[ ]*", "AGB"),
    (r"(?:\bUZI-nummer|\bUZI)[ ]*", "UZI"),
    (r"polisnr\. ", "POLISNUMMER"),
]


def test_theme_identifiers_annotated_wherever_they_occur(records):
    """Badge, serial, registration, customer and personnel numbers, BSNs, AGB and UZI codes after their labels are
    spans of their category; and every identifier annotated once is annotated at each of its occurrences."""
    found = Counter()
    for r in records:
        t = r["text"]
        starts = {s["start"]: s["category"] for s in r["spans"]}
        for pattern, cat in LABELLED:
            for m in re.finditer(pattern, t):
                nxt = t[m.end() : m.end() + 1]
                if not nxt or not (nxt.isdigit() or nxt.isupper() and t[m.end() : m.end() + 3] != "n.v"):
                    continue
                if cat == "PATIENTNUMMER" and not re.match(r"[\w-]*\d", t[m.end() :]):
                    continue  # a label followed by words (`registratie bij de ANVS`), no number
                assert starts.get(m.end()) == cat, (r["id"], cat, t[m.start() : m.end() + 15])
                found[cat] += 1
        for s in r["spans"]:
            if s["category"] not in IDENTIFYING and s["category"] != "PERSOON":
                continue
            if s["category"] == "PERSOON" and (len(s["text"]) < 4 or not s["text"][0].isupper()):
                continue
            for m in re.finditer(re.escape(s["text"]), t):
                a, b = m.start(), m.end()
                if (a and t[a - 1].isalnum()) or (b < len(t) and t[b].isalnum()):
                    continue  # part of a longer word or number
                assert covered(r, a, b), (r["id"], s["text"], t[max(0, a - 30) : b + 10])
    assert found["PATIENTNUMMER"] >= 300 and found["BSN"] >= 50 and found["AGB"] >= 20


def test_badges_and_serials_per_kind(records):
    by_kind = {k: [r for r in records if r["kind"] == k] for k in part.KINDS}
    for r in by_kind["dosisoverzicht"]:
        cats = Counter(s["category"] for s in r["spans"])
        assert cats["BSN"] >= 2 and cats["GEBOORTEDATUM"] >= 2 and cats["PATIENTNUMMER"] >= 4
    for r in by_kind["toestelregister"] + by_kind["keuringsrapport"]:
        assert any(s["category"] == "PATIENTNUMMER" for s in r["spans"])
        assert any(k["text"] in part.XRAY + part.DEVICES["psp"] for k in r["keep"])
    for r in by_kind["incidentmelding"]:
        cats = Counter(s["category"] for s in r["spans"])
        assert cats["PERSOON"] >= 4 and cats["PATIENTNUMMER"] >= 2 and cats["LEEFTIJD"] == 1


def test_no_bare_long_number(records):
    """Every run of five or more digits is annotated (or is a clinical string kept)."""
    for r in records:
        t = r["text"]
        for m in re.finditer(r"\d[\d\u200b\u00ad]{4,}", t):
            if len(digits(m.group())) < 5:
                continue
            assert covered(r, m.start(), m.end(), ("spans", "keep")), (r["id"], m.group())


def test_clinical_strings_kept_and_never_inside_a_span(records):
    listed = part.keep_strings()
    assert len(listed) >= 40
    seen = Counter()
    for r in records:
        t = r["text"]
        for k in r["keep"]:
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"]), (r["id"], k)
        for x in listed:
            for m in re.finditer(re.escape(x), t):
                a, b = m.start(), m.end()
                if (a and t[a - 1].isalnum()) or (b < len(t) and t[b].isalnum()):
                    continue
                inside = [k for k in r["keep"] if k["start"] <= a and b <= k["end"]]
                assert inside, (r["id"], x)
                assert not covered(r, a, b), (r["id"], x)
                seen[x] += 1
    kinds = Counter()
    for r in records:
        for k in r["keep"]:
            kt = k["text"]
            if kt.endswith("mSv"):
                kinds["dose"] += 1
            elif kt.endswith((" kV", " mA", " s")):
                kinds["setting"] += 1
            elif "mGy" in kt:
                kinds["dap"] += 1
            elif re.fullmatch(r"[1-4][1-8]", kt):
                kinds["element"] += 1
            elif kt in listed:
                kinds["listed"] += 1
    assert all(kinds[k] >= 40 for k in ("dose", "setting", "dap", "element", "listed")), kinds
    assert len(seen) >= 35


def _all_spans(records, *cats):
    return [(r, s) for r in records for s in r["spans"] if not cats or s["category"] in cats]


def test_notations_present(records):
    spans = _all_spans(records)
    texts = [s["text"] for _, s in spans]

    def some(pred, n=3):
        return sum(1 for x in texts if pred(x)) >= n

    assert some(lambda x: "\u00a0" in x)  # no-break space
    assert some(lambda x: "\u202f" in x)  # narrow no-break space
    assert some(lambda x: "\u200b" in x)  # zero-width space
    assert some(lambda x: "\u00ad" in x)  # soft hyphen
    assert some(lambda x: any("\uff10" <= c <= "\uff19" for c in x))  # fullwidth digits
    glued = Counter()
    for r, s in spans:
        before = r["text"][s["start"] - 1] if s["start"] else ""
        if before in ":,-" and s["text"][0].isdigit():
            glued[before] += 1
        if before.isalpha() and s["text"][0].isdigit():
            glued["word"] += 1
    assert glued[":"] >= 3 and glued["-"] >= 1 and glued[","] >= 1, glued
    after_mail = Counter(r["text"][s["end"] : s["end"] + 1] for r, s in _all_spans(records, "EMAIL"))
    assert after_mail["_"] >= 5
    phones = [(r, s) for r, s in _all_spans(records, "TELEFOON")]
    assert sum(1 for r, s in phones if "mm" in r["text"][max(0, s["start"] - 4) : s["start"]]) >= 5
    foreign = Counter(
        norm(s["text"]).split()[0]
        for _, s in phones
        if norm(s["text"]).startswith("+") and not norm(s["text"]).startswith("+31")
    )
    assert foreign["+32"] >= 5 and foreign["+49"] >= 3 and len(foreign) >= 5, foreign
    assert any(norm(s["text"]).startswith("+31 (0)") for _, s in phones)
    assert any(norm(s["text"]).startswith("0031") for _, s in phones)
    pcs = [s["text"] for _, s in _all_spans(records, "POSTCODE")]
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in pcs)
    assert any(re.fullmatch(r"\d{4} [a-z]{2}", p) for p in pcs)
    assert any(re.fullmatch(r"\d{4}-[A-Z]{2}", p) for p in pcs)
    assert any(re.fullmatch(r"\d{4}  [A-Z]{2}", p) for p in pcs)
    assert any(re.fullmatch(r"\d{4}\u00a0[A-Z]{2}", p) for p in pcs)
    assert any(re.fullmatch(r"\d{4,5}", p) for p in pcs)  # Belgian and German postcodes
    ibans = [s["text"] for _, s in _all_spans(records, "IBAN")]
    assert any(i.startswith("nl") for i in ibans) and any("\u00a0" in i for i in ibans)
    dates = [s["text"] for _, s in _all_spans(records, "DATUM", "GEBOORTEDATUM")]
    assert any(re.fullmatch(r"\d{8}", x) for x in dates)  # DICOM and file names
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", x) for x in dates)
    assert any(re.fullmatch(r"\d{1,2}[ \u00a0](?:%s) \d{4}" % "|".join(corpus_file.MONTHS), x) for x in dates)
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}/\d\d", x) for x in dates)
    assert any(re.fullmatch(r"\d{1,2}-\d{1,2}", x) for x in dates)


def test_names_of_every_shape(records):
    names = [s["text"] for _, s in _all_spans(records, "PERSOON")]
    assert any(n.islower() and " " in n for n in names)  # lower case
    assert any(re.fullmatch(r"[A-Z' ]+, (?:[A-Z]\.)+", n) for n in names)  # VAN DER MEER, S.
    assert any(re.fullmatch(r"[A-Z][\w' -]+, [A-Z][a-z]+", n) for n in names)  # surname first
    assert any("^" in n for n in names)  # DICOM
    assert any(re.fullmatch(r"[A-Z][a-z]{1,3}[A-Z]", n) for n in names)  # initials as a paraph: SvdM
    assert any(re.fullmatch(r"[A-Z]{2,3}", n) for n in names)  # SB
    assert any(re.fullmatch(r"[a-z][a-z.-]{3,}", n) for n in names)  # login handles
    words = {"Mei", "Juni", "April", "Roos", "Merel", "Storm", "Kerst", "Post", "Bos", "Winter", "Zomer"}
    assert sum(1 for n in names if set(n.replace(",", " ").split()) & words) >= 20
    assert any(re.search(r"[ıłśńçğöüşą]", n) for n in names)
    places = {s["text"] for _, s in _all_spans(records, "LOCATIE")}
    assert {"Ljouwert", "Snits", "Drachten", "Burgum"} & places
    assert {"Antwerpen", "Aken", "Gent", "Kleve", "Hasselt", "Brasschaat"} & places
