"""Evaluation part dev113 (dental care for homeless people and people in shelters): the committed file is the
generator's output, the annotation is exact, and the setting's own notations are annotated as its docstring says."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus_file, dev113_corpus
from tests.text import annotated_parts

IBAN_LENGTHS = {"NL": 18, "PL": 28, "RO": 24, "BG": 22, "LT": 20, "HU": 28}

CATEGORY_COUNTS = {
    "PERSOON": 1572,
    "DATUM": 571,
    "INSTELLING": 531,
    "TELEFOON": 355,
    "LOCATIE": 325,
    "GEBOORTEDATUM": 288,
    "ADRES": 179,
    "PATIENTNUMMER": 132,
    "POSTCODE": 107,
    "EMAIL": 76,
    "LEEFTIJD": 74,
    "BSN": 62,
    "IBAN": 48,
    "AGB": 21,
    "POLISNUMMER": 18,
    "URL": 12,
    "UZI": 6,
}
KEEP_COUNT = 1177


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return dev113_corpus.generate()


def spans(records: list[dict], category: str) -> list[tuple[dict, dict]]:
    return [(r, s) for r in records for s in r["spans"] if s["category"] == category]


def test_committed_file_is_the_generator_output(records):
    assert dev113_corpus.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)
    assert len(records) == dev113_corpus.DEFAULT_RECORDS == 240


def test_seeded():
    a = dev113_corpus.generate(36, seed=7)
    assert a == dev113_corpus.generate(36, seed=7)
    assert a != dev113_corpus.generate(36, seed=8)
    assert dev113_corpus.generate(24) != dev113_corpus.generate(24, seed=dev113_corpus.DEFAULT_SEED + 1)


def test_fields_kinds_and_exact_spans(records):
    assert len(dev113_corpus.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, dev113_corpus.KINDS, 20)
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds(records):
    for r in records:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not t[a - 1].isalnum(), (r["id"], s)
            assert b == len(t) or not t[b].isalnum(), (r["id"], s)


def test_labels_and_titles_outside(records):
    titles = re.compile(r"(?i)^(dhr|mw|mevr|tandarts|tdt|ass|vpk|dr|zus|broer|moeder|bijnaam|roepnaam|alias)(\.|\s)")
    for r, s in spans(records, "PERSOON"):
        assert not titles.match(s["text"]), (r["id"], s)
        assert not s["text"].startswith(('"', "(")), (r["id"], s)
    number_shape = {
        "BSN": r"\d[\d .\-\u00a0]*\d",
        "TELEFOON": r"[+(\d][\d ()+.\-\u00a0]*\d",
        "AGB": r"\d[\d .\-]*\d",
        "UZI": r"\d+",
        "POLISNUMMER": r"\d+",
        "IBAN": r"[A-Za-z]{2}\d\d[0-9A-Za-z ]+",
        "POSTCODE": r"(\d{4} {0,2}[A-Za-z]{2}|\d\d-\d{3}|\d{4,6}|LT-\d{5})",
        "LEEFTIJD": r"\d{1,2}( ?jaar| ?jr|-jarige)",
    }
    for cat, shape in number_shape.items():
        for r, s in spans(records, cat):
            assert re.fullmatch(shape, s["text"]), (r["id"], cat, s["text"])
    for r, s in spans(records, "ADRES"):
        assert not re.match(r"(?i)(p/a|postadres|briefadres|adres)\b", s["text"]), (r["id"], s)


def bsn_by_hand(digits: str) -> bool:
    """The 11-proef written out again: weights 9..2 for the first eight digits, minus the last."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = 0
    for pos, ch in enumerate(digits[:8]):
        total += int(ch) * (9 - pos)
    total -= int(digits[8])
    return total % 11 == 0


def iban_by_hand(iban: str) -> bool:
    """Mod-97 character by character (letters as two digits), without building the big number."""
    s = "".join(ch for ch in iban if ch.isalnum()).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rem = 0
    for ch in s[4:] + s[:4]:
        if ch.isdigit():
            rem = (rem * 10 + int(ch)) % 97
        else:
            rem = (rem * 100 + ord(ch) - ord("A") + 10) % 97
    return rem == 1


def test_bsn_and_iban_checksums_by_two_hands(records):
    bsns = spans(records, "BSN")
    assert bsns
    for r, s in bsns:
        digits = re.sub(r"\D", "", s["text"])
        assert annotated_parts.bsn_ok(digits), (r["id"], s)
        assert bsn_by_hand(digits), (r["id"], s)
    ibans = spans(records, "IBAN")
    assert ibans
    for r, s in ibans:
        assert annotated_parts.iban_ok(s["text"], IBAN_LENGTHS), (r["id"], s)
        assert iban_by_hand(s["text"]), (r["id"], s)
    countries = Counter(re.sub(r"\W", "", s["text"])[:2].upper() for _, s in ibans)
    assert countries["NL"] and countries["PL"] and (countries["RO"] or countries["BG"])


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT
    assert sum(len(r["spans"]) for r in records) / len(records) > 10


# ------------------------------------------------------------------------------------------- the setting


def pesel_ok(n: str) -> bool:
    w = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    return len(n) == 11 and (10 - sum(int(a) * b for a, b in zip(n, w)) % 10) % 10 == int(n[10])


def cnp_ok(n: str) -> bool:
    c = sum(int(a) * int(b) for a, b in zip(n, "279146358279")) % 11
    return len(n) == 13 and (1 if c == 10 else c) == int(n[12])


def egn_ok(n: str) -> bool:
    c = sum(int(a) * b for a, b in zip(n, (2, 4, 8, 5, 10, 9, 7, 3, 6))) % 11
    return len(n) == 10 and (0 if c == 10 else c) == int(n[9])


def preceded(r: dict, s: dict, width: int = 14) -> str:
    return r["text"][max(0, s["start"] - width) : s["start"]]


def test_nicknames_are_names_and_their_words_stay_outside(records):
    nicknames = set(dev113_corpus.NICKNAMES)
    words = {w for w, _ in dev113_corpus.NICK_WORDS}
    found = [
        s["text"]
        for r, s in spans(records, "PERSOON")
        if s["text"] in nicknames or s["text"].split(" ")[0] in words and len(s["text"].split(" ")) == 2
    ]
    assert len(found) >= 120
    assert any(n.startswith("de ") for n in found)  # an article that belongs to the nickname is inside
    cues = re.compile(r'(bijnaam|alias|a\.k\.a\.|roepnaam|eigenlijk|Roepnaam/bijnaam:) *"?$')
    cued = [(r, s) for r, s in spans(records, "PERSOON") if cues.search(preceded(r, s, 24))]
    assert len(cued) >= 10
    for r, s in cued:
        assert not cues.search(s["text"]), (r["id"], s)


def test_loose_dates_of_birth(records):
    births = spans(records, "GEBOORTEDATUM")
    texts = [s["text"] for _, s in births]
    assert sum(bool(re.fullmatch(r"'\d\d", t)) for t in texts) >= 10  # '68
    assert sum(bool(re.fullmatch(r"\d-\d{1,2}-'\d\d|\d\d-\d{1,2}-'\d\d", t)) for t in texts) >= 3  # 3-7-'71
    years = [(r, s) for r, s in births if re.fullmatch(r"\d{4}", s["text"])]
    assert len(years) >= 20
    approx = [(r, s) for r, s in years if re.search(r"(±|ca\.) $", preceded(r, s, 4))]
    assert len(approx) >= 8  # the approximation mark before the year stays outside
    registered = [(r, s) for r, s in births if s["text"].startswith("01-01-")]
    assert registered and all(r["text"][s["end"] : s["end"] + 2] == " (" for r, s in registered)
    assert any(re.fullmatch(r"[a-z]{3} \d{4}", t) for t in texts)  # jan 1980


def test_briefadres_and_postadres(records):
    seen = 0
    for r in records:
        for hit in re.finditer(r"(?i)(briefadres|postadres|post via|mail to)\b", r["text"]):
            line_end = r["text"].find("\n\n", hit.end())
            window = (hit.end(), len(r["text"]) if line_end < 0 else line_end)
            after = [s for s in r["spans"] if window[0] <= s["start"] < window[1] and s["category"] == "ADRES"]
            before = [s for s in r["spans"] if s["end"] <= hit.start() and s["category"] == "ADRES"]
            if after or before:
                seen += 1
    assert seen >= 60
    pa = [r for r in records if "p/a " in r["text"]]
    assert len(pa) >= 5
    for r in pa:
        i = r["text"].index("p/a ") + 4
        assert any(s["start"] == i and s["category"] == "INSTELLING" for s in r["spans"]), r["id"]
    postbus = [s for _, s in spans(records, "ADRES") if s["text"].startswith("Postbus ")]
    assert postbus
    abroad = [
        s["text"] for _, s in spans(records, "ADRES") if re.match(r"(ul\.|os\.|Str\.|Strada|Bd\.|bul\.)", s["text"])
    ]
    assert len(abroad) >= 10
    assert any(re.fullmatch(r"\d\d-\d{3}", s["text"]) for _, s in spans(records, "POSTCODE"))


def test_whatsapp_export(records):
    chats = [r for r in records if r["kind"] == "whatsapp"]
    stamp = re.compile(r"(\[(\d\d/\d\d/\d\d) \d\d:\d\d:\d\d\]|(\d\d-\d\d-\d{4}) \d\d:\d\d -) ")
    senders_as_numbers = 0
    for r in chats:
        offset = 0
        for line in r["text"].split("\n"):
            m = stamp.match(line)
            assert m, (r["id"], line)
            date = m.group(2) or m.group(3)
            start = offset + line.index(date)
            assert any(s["start"] == start and s["text"] == date and s["category"] == "DATUM" for s in r["spans"])
            rest = line[m.end() :]
            if rest.startswith("\u202a"):
                senders_as_numbers += 1
                num_start = offset + m.end() + 1
                phone = [s for s in r["spans"] if s["start"] == num_start]
                assert phone and phone[0]["category"] == "TELEFOON", (r["id"], line)
                assert r["text"][phone[0]["end"]] == "\u202c"
            offset += len(line) + 1
    assert senders_as_numbers >= 5


def test_phones_of_the_street(records):
    phones = [s["text"] for _, s in spans(records, "TELEFOON")]
    for prefix in ("+48", "+40", "+359"):
        assert any(p.startswith(prefix) or p.startswith("00" + prefix[1:]) for p in phones), prefix
    assert any("\u00a0" in p for p in phones)
    notes = ("prepaid", "Lebara", "Lyca", "beltegoed")
    near = [
        s
        for r, s in spans(records, "TELEFOON")
        if any(n in r["text"][s["end"] : s["end"] + 30] or n in preceded(r, s, 40) for n in notes)
    ]
    assert len(near) >= 15
    for r in records:  # the provider's name is never annotated
        for s in r["spans"]:
            assert not any(n in s["text"] for n in ("Lebara", "Lyca")), (r["id"], s)


def test_registration_numbers(records):
    numbers = spans(records, "PATIENTNUMMER")
    by_label = Counter()
    for r, s in numbers:
        label = preceded(r, s, 10)
        if label.endswith("PESEL "):
            assert pesel_ok(s["text"]), (r["id"], s)
            by_label["pesel"] += 1
        elif label.endswith("CNP "):
            assert cnp_ok(s["text"]), (r["id"], s)
            by_label["cnp"] += 1
        elif label.endswith("EGN "):
            assert egn_ok(s["text"]), (r["id"], s)
            by_label["egn"] += 1
        elif re.search(r"(?i)v-n(umme)?r $", label):
            assert re.fullmatch(r"\d{10}", s["text"])
            by_label["v"] += 1
    assert all(by_label[k] >= 2 for k in ("pesel", "cnp", "egn", "v")), by_label
    ehic = [s["text"] for _, s in spans(records, "POLISNUMMER") if len(s["text"]) == 20]
    assert ehic and all(t.startswith("80") for t in ehic)


def test_institutions_kept_insurers_and_generic_words(records):
    insurers = set(dev113_corpus.INSURERS)
    kept = Counter(k["text"] for r in records for k in r["keep"] if k["text"] in insurers)
    assert sum(kept.values()) >= 40
    for r in records:
        for s in r["spans"]:
            assert s["text"] not in insurers, (r["id"], s)
        for hit in re.finditer(r"\bCAK\b", r["text"]):  # the payer of the onverzekerdenregeling, kept
            assert any(k["start"] == hit.start() and k["text"] == "CAK" for k in r["keep"]), r["id"]
        for hit in re.finditer(r"\b(IND|CJIB)\b", r["text"]):  # national bodies: not annotated
            assert not any(s["start"] <= hit.start() < s["end"] for s in r["spans"] + r["keep"]), r["id"]
        for hit in re.finditer(r"\b(nachtopvang|dagopvang)\b", r["text"]):
            assert not any(s["start"] <= hit.start() < s["end"] for s in r["spans"]), r["id"]
    names = {s["text"] for _, s in spans(records, "INSTELLING")}
    assert "LdH" in names and not {"CAK", "IND", "CJIB"} & names
    assert any(n.startswith("GGD ") for n in names) and any(n.startswith("Leger des Heils") for n in names)


def test_open_places_and_countries(records):
    places = {s["text"] for _, s in spans(records, "LOCATIE")}
    assert len(places & set(dev113_corpus.OPEN_PLACES)) >= 10
    countries = {v["country"] for v in dev113_corpus.COUNTRIES.values()}
    assert len(places & countries) >= 8
    assert any(alt in places for alt in ("Ljouwert", "Snits", "Den Bosch", "Grunn", "'s-Gravenhage"))
    for r in records:  # nationality adjectives are not annotated
        for s in r["spans"]:
            assert not re.fullmatch(r"(?i)(poolse|roemeense|bulgaarse|pools|roemeens)", s["text"])


def test_clinical_strings_kept(records):
    kept = [k["text"] for r in records for k in r["keep"]]
    assert sum(bool(re.fullmatch(r"(element|elem\.?|de|kies|tand) \d\d", k)) for k in kept) >= 250
    assert {"H11", "X10", "A10"} <= set(kept)
    assert any(k.startswith("methadon ") for k in kept)
    assert "Pell-Gregory klasse II positie B" in kept and "Le Fort I" in kept
    for r in records:
        for k in r["keep"]:
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"])
