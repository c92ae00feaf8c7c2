"""Evaluation part dev120 (dental first aid at events, the weekend emergency dentist): the committed file is the
generator's output, the annotation keeps the contract, and the checksummed numbers pass their checks by two hands."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev120_corpus
from tests.text import annotated_parts

IBAN_LENGTHS = {"NL": 18, "DE": 22, "BE": 16, "GB": 22, "FR": 27, "PL": 28}

# Pinned from the committed part: a change of the generator or its lists shows here first.
CATEGORY_COUNTS = {
    "ADRES": 248,
    "AGB": 115,
    "BSN": 32,
    "DATUM": 721,
    "EMAIL": 212,
    "GEBOORTEDATUM": 282,
    "IBAN": 54,
    "INSTELLING": 556,
    "LEEFTIJD": 224,
    "LOCATIE": 535,
    "PATIENTNUMMER": 436,
    "PERSOON": 1504,
    "POLISNUMMER": 118,
    "POSTCODE": 215,
    "TELEFOON": 563,
    "URL": 41,
    "UZI": 29,
}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev120_corpus.generate()


def test_committed_file_is_the_generators_output(records):
    assert dev120_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_seeded():
    a = dev120_corpus.generate(36, seed=7)
    assert a == dev120_corpus.generate(36, seed=7)
    assert a != dev120_corpus.generate(36, seed=8)
    assert dev120_corpus.generate(24) == dev120_corpus.generate()[:24]


def test_fields_kinds_and_spans(records):
    assert len(records) == dev120_corpus.DEFAULT_RECORDS == 240
    assert len(dev120_corpus.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, dev120_corpus.KINDS, 20)
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds(records):
    for r in records:
        t = r["text"]
        for s in r["spans"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not t[a - 1].isalnum(), (r["id"], s)
            assert b == len(t) or not t[b].isalnum(), (r["id"], s)


_LABEL = re.compile(
    r"^(dhr|mw|mevr|mevrouw|de heer|meneer|mr|mrs|ms|herr|frau|dr|mme|tandarts|collega|bsn|tel|agb|big|uzi|"
    r"polis\w*|startnr|startnummer|bib|borstnr|pt|pnr|reg|geb|kv-nr|ehic|rfid)(?:[.:\s]|$)",
    re.IGNORECASE,
)


def test_titles_and_labels_outside_spans(records):
    cats = {"PERSOON", "BSN", "TELEFOON", "AGB", "UZI", "POLISNUMMER", "PATIENTNUMMER", "GEBOORTEDATUM", "LEEFTIJD"}
    for r in records:
        for s in r["spans"]:
            if s["category"] in cats and not re.fullmatch(r"[A-Z][A-Za-z]{1,3}", s["text"]):  # a paraph (DR) is a name
                assert not _LABEL.match(s["text"]), (r["id"], s)
                assert not s["text"].endswith(":"), (r["id"], s)


def _bsn_by_hand(digits: str) -> bool:
    total = 0
    for i, c in enumerate(digits):
        weight = 9 - i if i < 8 else -1
        total += weight * (ord(c) - 48)
    return len(digits) == 9 and total % 11 == 0


def _belgian_by_hand(digits: str) -> tuple[bool, bool]:
    """The 97-check of a rijksregisternummer, computed two ways: born before 2000 and from 2000 on."""
    body, check = digits[:9], int(digits[9:])
    before = 97 - sum(int(c) * pow(10, 8 - i, 97) for i, c in enumerate(body)) % 97
    after = 97 - (2 * pow(10, 9, 97) + sum(int(c) * pow(10, 8 - i, 97) for i, c in enumerate(body))) % 97
    return before == check, after == check


def test_bsns_pass_their_checks_by_two_hands(records):
    dutch = belgian = 0
    for r in records:
        for s in r["spans"]:
            if s["category"] != "BSN":
                continue
            digits = re.sub(r"\D", "", s["text"])
            if len(digits) == 9:
                assert annotated_parts.bsn_ok(digits), (r["id"], s)
                assert _bsn_by_hand(digits), (r["id"], s)
                dutch += 1
            else:
                assert len(digits) == 11 and re.fullmatch(r"\d\d\.\d\d\.\d\d-\d{3}\.\d\d", s["text"]), (r["id"], s)
                a, b = _belgian_by_hand(digits)
                assert a or b, (r["id"], s)  # born before 2000, or from 2000 on
                assert a == (97 - int(digits[:9]) % 97 == int(digits[9:]))
                assert b == (97 - int("2" + digits[:9]) % 97 == int(digits[9:]))
                belgian += 1
    assert dutch >= 15 and belgian >= 4


def _iban_by_hand(text: str) -> bool:
    s = "".join(c for c in text if c.isalnum()).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rest = 0
    for c in s[4:] + s[:4]:
        for d in str(int(c, 36)):
            rest = (rest * 10 + int(d)) % 97
    return rest == 1


def test_ibans_pass_mod97_by_two_hands(records):
    seen = Counter()
    for r in records:
        for s in r["spans"]:
            if s["category"] == "IBAN":
                assert annotated_parts.iban_ok(s["text"], IBAN_LENGTHS), (r["id"], s)
                assert _iban_by_hand(s["text"]), (r["id"], s)
                seen[re.sub(r"[^A-Za-z]", "", s["text"])[:2].upper()] += 1
    assert seen["NL"] >= 20 and sum(seen.values()) - seen["NL"] >= 4


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(sorted(counts.items())) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


KEEP_COUNT = 1551


def test_dense(records):
    few = [r["id"] for r in records if len(r["spans"]) < 4]
    assert len(few) <= 5, few
    assert max(len(r["text"]) for r in records) > 1500
    assert min(len(r["text"]) for r in records) < 700


def _inside(r: dict, start: int, end: int, category: str | None = None) -> bool:
    return any(s["start"] <= start and end <= s["end"] and category in (None, s["category"]) for s in r["spans"])


def _in_keep(r: dict, start: int, end: int) -> bool:
    return any(k["start"] <= start and end <= k["end"] for k in r["keep"])


def test_theme_event_numbers(records):
    """Wristbands (printed, or the chip's hexadecimal UID), bibs and season cards are numbers a person is known by;
    a seat in the stand is not."""
    hexes = bibs = seats = cards = 0
    for r in records:
        t = r["text"]
        for m in re.finditer(r"\b04(?::[0-9A-F]{2}){6}\b|\b04[0-9A-F]{12}\b", t):
            assert _inside(r, m.start(), m.end(), "PATIENTNUMMER"), (r["id"], m.group())
            hexes += 1
        for m in re.finditer(r"\b(?:startnr\.?|startnummer|bib|borstnr\.)[ :]+([A-Z0-9-]*\d)", t, re.IGNORECASE):
            assert _inside(r, m.start(1), m.end(1), "PATIENTNUMMER"), (r["id"], m.group())
            bibs += 1
        for m in re.finditer(r"\b(?:seizoenkaart|seizoenkaartnr\.|clubcard|SK-nr) ([A-Z0-9-]+)", t):
            assert _inside(r, m.start(1), m.end(1), "PATIENTNUMMER"), (r["id"], m.group())
            cards += 1
        for m in re.finditer(r"\b(?:vak \d+,? ?/? ?rij \d+|blok [A-K] rij \d+)[^;\n)]*", t):
            assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], m.group())
            seats += 1
    assert hexes >= 10 and bibs >= 10 and seats >= 5 and cards >= 5


def test_theme_foreign_visitors(records):
    """Foreign postcodes, Belgian national numbers, EHIC numbers and foreign phones are annotated as such."""
    kinds = Counter()
    for r in records:
        t = r["text"]
        for m in re.finditer(r"\b(?:Köln|Münster|Düsseldorf|Oldenburg|Bocholt|Kleve|Hamburg|Lille|Lyon|Rennes)\b", t):
            before = t[max(0, m.start() - 7) : m.start()]
            pc = re.search(r"(\d{5}) $", before)
            if pc:
                assert _inside(r, m.start() - 6, m.start() - 1, "POSTCODE"), (r["id"], before)
                kinds["pc5"] += 1
        for m in re.finditer(r"\b[A-Z]{1,2}\d{1,2} \d[A-Z]{2}\b", t):
            assert _inside(r, m.start(), m.end(), "POSTCODE"), (r["id"], m.group())
            kinds["uk"] += 1
        for m in re.finditer(r"\b\d\d-\d{3} (?=Pozna|Wroc|Gda|Krak)", t):
            assert _inside(r, m.start(), m.end() - 1, "POSTCODE"), (r["id"], m.group())
            kinds["pl"] += 1
        for m in re.finditer(r"\b80(?:276|056|826|250|616)\d{15}\b|\b80(?:276|056|826|250|616) \d{5} \d{5} \d{5}\b", t):
            assert _inside(r, m.start(), m.end(), "POLISNUMMER"), (r["id"], m.group())
            kinds["ehic"] += 1
        for m in re.finditer(r"\+(?:49|32|44|33|48) ?[\d() ./]{8,}\d", t):
            assert _inside(r, m.start(), m.end(), "TELEFOON"), (r["id"], m.group())
            kinds["phone"] += 1
        for m in re.finditer(r"\b0\d{3}/\d\d\.\d\d\.\d\d\b", t):
            assert _inside(r, m.start(), m.end(), "TELEFOON"), (r["id"], m.group())
            kinds["be_phone"] += 1
    assert all(kinds[k] >= 3 for k in ("pc5", "uk", "ehic", "phone")), kinds


def test_theme_clinical_strings_kept(records):
    """Elements with their word (in three languages), trauma classifications and triage urgency are kept."""
    n = Counter()
    for r in records:
        t = r["text"]
        for m in re.finditer(r"\b(?:element|tooth|Zahn) [1-8][1-8]\b", t):
            assert _in_keep(r, m.start(), m.end()), (r["id"], m.group())
            n[m.group().split()[0]] += 1
        for m in re.finditer(
            r"\b(?:Ellis klasse (?:II|III|2|3)|Le Fort I|Angle klasse II/1|Kennedy klasse I{1,3})\b", t
        ):
            assert _in_keep(r, m.start(), m.end()), (r["id"], m.group())
            n["class"] += 1
        for m in re.finditer(r"urgentie[^:]*: (U[1-4])\b", t):
            assert _in_keep(r, m.start(1), m.end(1)), (r["id"], m.group())
            n["urgency"] += 1
        for k in r["keep"]:
            assert not _inside(r, k["start"], k["end"]), (r["id"], k)
    assert n["element"] >= 100 and n["tooth"] >= 5 and n["Zahn"] >= 3 and n["class"] >= 10 and n["urgency"] >= 10, n


def test_theme_whatsapp_headers_and_paraphs(records):
    """A WhatsApp export's date in every header line is a date; the sender is a person; a log's paraph is a person."""
    heads = paraphs = 0
    for r in records:
        t = r["text"]
        for m in re.finditer(r"^\[(\d\d[-/]\d\d[-/]\d{2,4}), \d\d:\d\d\] |^(\d\d-\d\d-\d\d) \d\d:\d\d - ", t, re.M):
            g = 1 if m.group(1) else 2
            assert _inside(r, m.start(g), m.end(g), "DATUM"), (r["id"], m.group())
            heads += 1
        if r["kind"] == "medisch_logboek":
            for m in re.finditer(r"\(([A-Z][A-Za-z]{1,4})\)\n|\| ([A-Z][A-Za-z]{1,4})\n", t):
                g = 1 if m.group(1) else 2
                assert _inside(r, m.start(g), m.end(g), "PERSOON"), (r["id"], m.group())
                paraphs += 1
    assert heads >= 40 and paraphs >= 40
