"""dev136, families on the move (binnenvaart, kermis, circus, internaten): the committed part is its generator's
output, and its annotations hold by checks written here, apart from the generator (checksums included)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

from fixtures.text import corpus_file
from fixtures.text import dev136_corpus as part
from tests.text import annotated_parts

RECORDS = [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()]

CATEGORY_COUNTS = {
    "ADRES": 275,
    "AGB": 25,
    "BSN": 152,
    "DATUM": 820,
    "EMAIL": 202,
    "GEBOORTEDATUM": 198,
    "IBAN": 74,
    "INSTELLING": 603,
    "LEEFTIJD": 94,
    "LOCATIE": 847,
    "PATIENTNUMMER": 608,
    "PERSOON": 1288,
    "POLISNUMMER": 69,
    "POSTCODE": 275,
    "TELEFOON": 490,
    "URL": 59,
    "UZI": 12,
}
KEEP_COUNT = 920

# IBAN lengths per country, written down here rather than taken from the generator's data
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "LU": 20, "PL": 28, "CH": 21}


def _data(name: str) -> list[list[str]]:
    rows = []
    for line in (part.DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _spans(r: dict, category: str | None = None) -> list[dict]:
    return [s for s in r["spans"] if category is None or s["category"] == category]


def _covered(r: dict, start: int, end: int, entries: list[dict] | None = None) -> bool:
    return any(s["start"] <= start and end <= s["end"] for s in (r["spans"] if entries is None else entries))


def _occurrences(text: str, needle: str):
    for m in re.finditer(re.escape(needle), text):
        a, b = m.start(), m.end()
        if (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum()):
            yield a, b


def _digits(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


# ------------------------------------------------------------------------------------------------- the file itself


def test_committed_file_is_the_generators_output():
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(part.generate())


def test_generator_is_seeded_and_prefix_stable():
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270605
    assert len(part.KINDS) == 10 and part.DEFAULT_RECORDS % len(part.KINDS) == 0
    assert part.generate(24) == part.generate()[:24]
    assert part.generate(20, seed=7) == part.generate(20, seed=7)
    assert part.generate(20, seed=7) != part.generate(20)


def test_contract_shared_checks():
    annotated_parts.assert_spans_exact_and_disjoint(RECORDS)
    annotated_parts.assert_fields_and_kinds(RECORDS, part.KINDS, 24)
    assert [r["kind"] for r in RECORDS[:10]] == list(part.KINDS)


def test_spans_start_and_end_on_word_boundaries():
    for r in RECORDS:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not t[a - 1].isalnum(), (r["id"], s)
            assert b == len(t) or not t[b].isalnum(), (r["id"], s)


def test_lengths_and_density():
    words = [len(r["text"].split()) for r in RECORDS]
    assert min(words) >= 40 and max(words) <= 250
    assert sum(len(r["spans"]) >= 12 for r in RECORDS) >= 200


def test_counts_are_pinned():
    assert dict(Counter(s["category"] for r in RECORDS for s in r["spans"])) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in RECORDS) == KEEP_COUNT


# -------------------------------------------------------------------------------------------------- checksums


def _elfproef(d: str) -> bool:
    total = sum(int(c) * w for c, w in zip(d[:8], range(9, 1, -1))) - int(d[8])
    return len(d) == 9 and total % 11 == 0


def _rijksregister(d: str) -> bool:
    if len(d) != 11:
        return False
    check = int(d[9:])
    return 97 - int(d[:9]) % 97 == check or 97 - int("2" + d[:9]) % 97 == check


def test_every_bsn_passes_its_check():
    dutch = belgian = 0
    for r in RECORDS:
        for s in _spans(r, "BSN"):
            d = _digits(s["text"])
            if len(d) == 9:
                assert _elfproef(d), (r["id"], s)
                dutch += 1
            else:
                assert _rijksregister(d), (r["id"], s)
                belgian += 1
    assert dutch >= 40 and belgian >= 5


def _mod97(s: str) -> int:
    rest = 0
    for c in s:
        rest = (rest * (100 if c.isalpha() else 10) + (ord(c) - 55 if c.isalpha() else int(c))) % 97
    return rest


def test_every_iban_passes_mod97():
    countries = Counter()
    for r in RECORDS:
        for s in _spans(r, "IBAN"):
            compact = "".join(c for c in unicodedata.normalize("NFKC", s["text"]) if c.isalnum()).upper()
            assert IBAN_LENGTHS[compact[:2]] == len(compact), (r["id"], s)
            assert _mod97(compact[4:] + compact[:4]) == 1, (r["id"], s)
            countries[compact[:2]] += 1
    assert sum(countries.values()) >= 60
    assert len(countries) >= 5


# -------------------------------------------------------------------------------------- the setting's own numbers

LABELS = (
    "ENI",
    "eni",
    "ENI-nr.",
    "ENI nr",
    "Europees scheepsnummer",
    "MMSI",
    "mmsi",
    "gezinsnr.",
    "leerlingnr.",
    "Leerlingnr.",
    "klantnr.",
    "klantnummer",
    "klant-nr",
    "lidnr.",
    "Factuurnummer",
    "factuur",
    "Factuur",
    "facturen",
    "kenmerk",
    "betalingsregeling",
    "dossieroverdracht",
    "patiëntnr.",
    "patiëntnrs.",
    "pat.nr.",
    "patnr",
    "pnr.",
    "patiëntnummer",
    "pt.nr",
    "patiënt-ID",
    "Patientennummer",
)
LABELLED = re.compile(
    r"(?<![\w.-])(?:"
    + "|".join(re.escape(x) for x in sorted(LABELS, key=len, reverse=True))
    + r")[ :]*(?=[A-Za-z]{0,3}-?\d)"
)


def test_labelled_family_numbers_are_patient_numbers():
    seen = 0
    for r in RECORDS:
        starts = {s["start"] for s in _spans(r, "PATIENTNUMMER")}
        for m in LABELLED.finditer(r["text"]):
            assert m.end() in starts, (r["id"], r["text"][m.start() : m.end() + 12])
            seen += 1
    assert seen >= 400


def test_family_numbers_and_organisations_annotated_wherever_they_occur():
    for r in RECORDS:
        t = r["text"]
        for s in _spans(r, "PATIENTNUMMER") + _spans(r, "INSTELLING"):
            for a, b in _occurrences(t, s["text"]):
                assert _covered(r, a, b), (r["id"], s["text"], a)


def test_ship_names_are_locations_wherever_they_occur():
    ships = [row[0] for row in _data("ships.tsv")]
    prefixes = {row[0] for row in _data("vessel_types.tsv")}
    # each (type, ship) pattern compiled once, not per record (more of them than the module's cache holds), and tried
    # only in a record that holds the ship's name
    after_ship = {
        ship: [
            re.compile(re.escape(prefix) + " (" + re.escape(ship) + r")(?!\w)", re.IGNORECASE) for prefix in prefixes
        ]
        for ship in ships
    }
    after_type = 0
    for r in RECORDS:
        t = r["text"]
        folded = t.casefold()
        locations = {(s["start"], s["end"]) for s in _spans(r, "LOCATIE")}
        for ship in ships:
            for a, b in _occurrences(t, ship):
                assert _covered(r, a, b), (r["id"], ship)
            if ship.casefold() not in folded:
                continue
            for pattern in after_ship[ship]:
                for m in pattern.finditer(t):
                    assert (m.start(1), m.end(1)) in locations, (r["id"], m.group(0))
                    after_type += 1
    assert after_type >= 120


def test_lock_and_harbour_names_are_locations():
    own_names = [row[1] for row in _data("locks.tsv")] + [row[1] for row in _data("harbours.tsv")]
    hits = 0
    for r in RECORDS:
        for name in own_names:
            for a, b in _occurrences(r["text"], name):
                assert _covered(r, a, b), (r["id"], name)
                hits += 1
    assert hits >= 60


# -------------------------------------------------------------------------------------------- clinical strings


def test_clinical_strings_are_kept_and_never_inside_a_span():
    vocabulary = [row[0] for row in _data("keep_codes.tsv")]
    vocabulary += [row[0] for row in _data("keep_drugs.tsv")] + [row[0] for row in _data("keep_findings.tsv")]
    kept = 0
    for r in RECORDS:
        t = r["text"]
        for word in vocabulary:
            for a, b in _occurrences(t, word):
                assert _covered(r, a, b, r["keep"]), (r["id"], word)
                assert not _covered(r, a, b), (r["id"], word)
                kept += 1
        for m in re.finditer(r"element (\d\d)\b", t):
            assert _covered(r, m.start(), m.end(), r["keep"]), (r["id"], m.group(0))
        for k in r["keep"]:
            assert not any(s["start"] < k["end"] and k["start"] < s["end"] for s in r["spans"])
    assert kept >= 600
    texts = Counter(k["text"] for r in RECORDS for k in r["keep"])
    for eponym in ("Black klasse II", "Kennedy klasse I", "Miller klasse 1"):
        assert texts[eponym] >= 1, eponym


# --------------------------------------------------------------------------------------------------- notations


def _all(category: str) -> list[tuple[dict, dict]]:
    return [(r, s) for r in RECORDS for s in _spans(r, category)]


def test_invisible_characters_and_fullwidth_digits_inside_identifiers():
    texts = [s["text"] for r in RECORDS for s in r["spans"]]
    for mark in ("\u00a0", "\u202f", "\u200b", "\u00ad"):
        assert sum(mark in x for x in texts) >= 3, repr(mark)
    assert sum(any("０" <= c <= "９" for c in x) for x in texts) >= 10


def test_foreign_phones_and_postcodes():
    phones = [s["text"].replace("\u200b", "").replace("\u00ad", "") for _r, s in _all("TELEFOON")]
    phones = [unicodedata.normalize("NFKC", p) for p in phones]
    for prefix in ("49", "32", "33", "352"):
        assert sum(p.startswith(("+" + prefix, "00" + prefix)) for p in phones) >= 3, prefix
    assert sum(bool(re.fullmatch(r"0\d{3}/\d+", p)) for p in phones) >= 2  # German 0171/2345678
    codes = [s["text"] for _r, s in _all("POSTCODE")]
    assert sum(bool(re.fullmatch(r"[DBLF]-\d{4,5}", c)) for c in codes) >= 5
    assert sum(bool(re.fullmatch(r"\d{5}", c)) for c in codes) >= 3
    assert sum(bool(re.fullmatch(r"\d{4}\s*[a-z]{2}", c)) for c in codes) >= 3  # lower case before a place


def test_mail_and_url_notations():
    after = [r["text"][s["end"] : s["end"] + 1] for r, s in _all("EMAIL")]
    mails = [s["text"] for _r, s in _all("EMAIL")]
    assert "_" in after
    assert any("＠" in m for m in mails)
    assert any(re.search(r",(nl|com|de|be)$", m) for m in mails)
    urls = [s["text"] for _r, s in _all("URL")]
    assert any(u.startswith("https://wa.me/") for u in urls)
    assert any("/schip/" in u for u in urls)


def test_names_in_every_position():
    names = [(r, s) for r, s in _all("PERSOON")]
    texts = [s["text"] for _r, s in names]
    # surname first with the particle trailing, and surname first with a capitalised particle
    assert (
        sum(bool(re.fullmatch(r"[^\s,]+, [^\s,]+ (van|de|den|der|van der|van 't|'t|in 't|dela)", t)) for t in texts)
        >= 3
    )
    assert sum(bool(re.fullmatch(r"(Van|De|Den|In|'t)( [a-z']+)* \S+, \S+", t)) for t in texts) >= 3
    assert sum(t.split(",")[0].isupper() and len(t) > 3 for t in texts) >= 10
    assert sum(t == t.lower() and t.isalpha() for t in texts) >= 10
    assert sum(bool(re.fullmatch(r"([A-ZÀ-Ž]\.)+ .+", t)) for t in texts) >= 40
    assert sum("-" in t and t[0].isupper() and " " in t for t in texts) >= 10  # double names
    word_names = {"Schipper", "Stuurman", "Kapitein", "Mast", "Post", "Mei", "Juni", "Roos", "Storm", "Anker", "Boot"}
    assert sum(any(w in t.split() for w in word_names) for t in texts) >= 10
    # a WhatsApp contact saved as given name + ship's name: two spans
    labels = 0
    for r in RECORDS:
        locs = {s["start"]: s for s in _spans(r, "LOCATIE")}
        for s in _spans(r, "PERSOON"):
            nxt = locs.get(s["end"] + 1)
            if nxt and r["text"][nxt["end"] : nxt["end"] + 2] == ": ":
                labels += 1
    assert labels >= 3


def test_setting_notations_dates_and_ships():
    stamps = sum(r["text"][s["start"] - 1 : s["start"]] == "[" for r, s in _all("DATUM"))
    assert stamps >= 10  # WhatsApp time stamps: the date annotated, the time not
    months = [s["text"] for _r, s in _all("DATUM")]
    assert sum(bool(re.fullmatch(r"(\w+\.? \d{4}|\d{1,2}[-/]\d{4})", m)) for m in months) >= 20
    ship_texts = [s["text"] for _r, s in _all("LOCATIE")]
    assert any(t.islower() and len(t) > 4 for t in ship_texts)
    eni = [
        s["text"]
        for r, s in _all("PATIENTNUMMER")
        if re.search(r"(ENI|eni|scheepsnummer)[^\n]{0,3}$", r["text"][: s["start"]])
    ]
    assert len(eni) >= 60 and all(len(_digits(e)) == 8 for e in eni)
    assert sum(s["text"].startswith("Postbus ") for _r, s in _all("ADRES")) >= 20
    assert any(r["text"].count("Rijksregisternr") or "RRN" in r["text"] for r in RECORDS)
