"""Evaluation part dev130 (forensic odontology: dental identification of the deceased and of missing persons).

The checksums are computed here, by this test's own code, not by the generator's, so the fixture is checked by two
hands. The counts are pinned as generated: a change to the generator or its lists shows up as a failing count."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from fixtures.text import corpus_file
from fixtures.text import dev130_corpus as part
from tests.text import annotated_parts

CATEGORY_COUNTS = {
    "PERSOON": 1522,
    "PATIENTNUMMER": 863,
    "DATUM": 706,
    "INSTELLING": 550,
    "LOCATIE": 463,
    "GEBOORTEDATUM": 331,
    "TELEFOON": 290,
    "EMAIL": 276,
    "LEEFTIJD": 233,
    "ADRES": 158,
    "POSTCODE": 148,
    "BSN": 125,
    "UZI": 85,
    "IBAN": 74,
    "URL": 53,
    "AGB": 39,
    "POLISNUMMER": 21,
}
KEEP_COUNT = 1822

IBAN_LENGTHS = {
    "NL": 18,
    "BE": 16,
    "DE": 22,
    "PL": 28,
    "RO": 24,
    "BG": 22,
    "FR": 27,
    "GB": 22,
    "PT": 25,
    "LU": 20,
    "LT": 20,
    "TR": 26,
    "UA": 29,
}

# The setting's own numbers: each names one person (a patient, a missing person, a body, an asylum seeker).
NUMBER_PATTERNS = {
    "practice (chain)": r"\bdcn[- ]?\d{6}\b",
    "police registration": r"\bPL\d{4}-\d{10}\b",
    "missing person": r"\bVMS-\d{4}-\d{4}\b",
    "ante mortem": r"\bAM-\d{4}\b",
    "post mortem": r"\bPM[- ]\d{2,3}\b",
    "forensic dentist's file": r"\bFO-\d{2}/\d{3}\b",
    "parketnummer": r"(?<![\d/])\d{2}/\d{6}-\d{2}\b",
    "NFI case": r"\b\d{4}\.\d{2}\.\d{2}\.\d{3}\b",
    "undertaker's file": r"\bU\d{2}-\d{4}\b",
}
LABELLED_NUMBERS = r"(?:patiëntnummer|Patiëntnr:|pnr|Patient file no\.:|V-nummer:|paspoort:|pt)\s+(\S+?)(?=[\s,):]|$)"

NOT_A_NAME = {"Post"}  # "Post mag naar ons": a sentence-initial Dutch word that is also a surname in the lists


@functools.lru_cache(maxsize=1)
def records() -> tuple[dict, ...]:
    return tuple(part.generate())


def plain(s: str) -> str:
    """NFKC (fullwidth digits and at-signs to ASCII) without format characters (zero-width space, soft hyphen)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if unicodedata.category(ch) != "Cf")


def eleven_test(digits: str) -> bool:
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0


def mod97(iban: str) -> bool:
    s = re.sub(r"[^0-9A-Z]", "", plain(iban).upper())
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def inside(spans: list[dict], start: int, end: int, categories: tuple[str, ...] | None = None) -> bool:
    return any(
        s["start"] <= start and end <= s["end"] and (categories is None or s["category"] in categories) for s in spans
    )


def spans_of(category: str) -> list[str]:
    return [s["text"] for r in records() for s in r["spans"] if s["category"] == category]


# ------------------------------------------------------------------------------------------------ the file


def test_committed_file_is_the_generators_output() -> None:
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(list(records()))


def test_generator_is_seeded_and_prefix_stable() -> None:
    assert part.generate(24) == list(records())[:24]
    assert part.generate(12, part.DEFAULT_SEED) == part.generate(12, part.DEFAULT_SEED)
    assert part.generate(12, part.DEFAULT_SEED + 1) != part.generate(12, part.DEFAULT_SEED)
    assert part.DEFAULT_SEED == 20270530 and part.DEFAULT_RECORDS == 240


def test_shared_contract() -> None:
    assert len(part.KINDS) in (8, 10, 12) and part.DEFAULT_RECORDS % len(part.KINDS) == 0
    annotated_parts.assert_spans_exact_and_disjoint(list(records()))
    annotated_parts.assert_fields_and_kinds(list(records()), part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))
    assert [r["id"] for r in records()] == [f"dev130-{i:04d}" for i in range(1, 241)]


def test_texts_are_of_realistic_length_and_dense() -> None:
    for r in records():
        assert 40 <= len(r["text"].split()) <= 250, r["id"]
    assert sum(len(r["spans"]) >= 12 for r in records()) >= 200


def test_every_span_starts_and_ends_on_a_word_boundary() -> None:
    for r in records():
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert not (a > 0 and t[a - 1].isalnum() and t[a].isalnum()), (r["id"], s)
            assert not (b < len(t) and t[b - 1].isalnum() and t[b].isalnum()), (r["id"], s)


# ------------------------------------------------------------------------------------------------ checksums


def test_every_bsn_passes_the_eleven_test() -> None:
    bsns = spans_of("BSN")
    assert len(bsns) >= 40
    for b in bsns:
        assert eleven_test(re.sub(r"\D", "", plain(b))), b


def test_every_iban_passes_mod97() -> None:
    ibans = spans_of("IBAN")
    assert len(ibans) >= 60
    for i in ibans:
        assert mod97(i), i
    countries = Counter(re.sub(r"[^A-Z]", "", plain(i).upper())[:2] for i in ibans)
    assert len(countries) >= 5 and countries["NL"] < len(ibans)


def test_counts_are_pinned() -> None:
    counts = Counter(s["category"] for r in records() for s in r["spans"])
    assert dict(counts) == CATEGORY_COUNTS
    assert sum(len(r["keep"]) for r in records()) == KEEP_COUNT
    assert set(counts) >= {
        "PERSOON", "BSN", "TELEFOON", "EMAIL", "IBAN", "ADRES", "POSTCODE", "LOCATIE", "GEBOORTEDATUM", "DATUM",
        "LEEFTIJD", "PATIENTNUMMER", "AGB", "UZI", "POLISNUMMER", "URL", "INSTELLING",
    }  # fmt: skip


# ------------------------------------------------------------------------------------------------ the setting


def test_the_settings_numbers_are_annotated_wherever_they_occur() -> None:
    found = Counter()
    for r in records():
        t, spans = r["text"], r["spans"]
        for name, pattern in NUMBER_PATTERNS.items():
            for m in re.finditer(pattern, t, flags=re.IGNORECASE if name.startswith("practice") else 0):
                found[name] += 1
                # a number inside an e-mail address or URL belongs to that span
                assert inside(spans, m.start(), m.end(), ("PATIENTNUMMER", "URL", "EMAIL")), (r["id"], name, m.group())
        for m in re.finditer(LABELLED_NUMBERS, t):
            if any(ch.isdigit() for ch in m.group(1)):
                assert inside(spans, m.start(1), m.end(1), ("PATIENTNUMMER",)), (r["id"], m.group())
    assert all(found[name] >= 15 for name in NUMBER_PATTERNS), found


def test_every_patient_number_span_has_one_of_the_settings_shapes() -> None:
    shapes = [*NUMBER_PATTERNS.values(), r"\d{5,6}", r"\d{10}", r"[PENRA]\d{7,8}"]
    for r in records():
        for s in r["spans"]:
            if s["category"] == "PATIENTNUMMER":
                assert any(re.fullmatch(p.replace(r"\b", ""), s["text"], re.IGNORECASE) for p in shapes), s


def test_event_numbers_national_bodies_and_exhibits_are_not_annotated() -> None:
    for r in records():
        t, spans = r["text"], r["spans"]
        for pattern in (r"\bINC-\d{2}-\d{4}\b", r"\bSIN AA[A-Z]{2}\d{4}NL\b", r"\boperatie [A-Z][a-z]+\b"):
            for m in re.finditer(pattern, t):
                assert not inside(spans, m.start(), m.end()), (r["id"], m.group())
        for m in re.finditer(r"\b(?:LTFI|NFI|Nidos|Interpol)\b", t):
            assert not inside(spans, m.start(), m.end(), ("INSTELLING", "PERSOON")), (r["id"], m.group())


def test_the_settings_organisations_are_annotated_wherever_they_occur() -> None:
    data = part.DATA
    names: list[str] = []
    for file, column in (
        ("practices.tsv", 0),
        ("police_units.tsv", 0),
        ("parketten.tsv", 0),
        ("ggd.txt", 0),
        ("mortuaria.txt", 0),
        ("forensic_bureaus.tsv", 0),
        ("undertakers.tsv", 0),
        ("insurers.tsv", 0),
    ):
        for line in (data / file).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                names.append(line.split("\t")[column])
    seen = Counter()
    for r in records():
        for name in names:
            for m in re.finditer(re.escape(name), r["text"], flags=re.IGNORECASE):
                seen[name] += 1
                assert inside(r["spans"], m.start(), m.end(), ("INSTELLING",)), (r["id"], name)
    assert len(seen) >= 40


def test_names_from_the_lists_are_annotated_wherever_they_occur() -> None:
    data = part.DATA
    names: set[str] = set()
    for line in (data / "surnames.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            core = line.split("\t")[0].split(" ")[-1]
            if len(core) >= 3:
                names.add(core)
    for line in (data / "given_names.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names.update(w for w in re.split(r"[ -]", line.split("\t")[0]) if len(w) >= 3)
    names -= NOT_A_NAME
    for r in records():
        for name in names:
            for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", r["text"]):
                # inside a name, an address, an organisation or a date ("Jan" in "13 Jan 2021")
                assert inside(r["spans"], m.start(), m.end()), (r["id"], name)


def test_names_appear_in_many_positions() -> None:
    persons = spans_of("PERSOON")
    assert sum(bool(re.fullmatch(r"[^,]+, [^,]+", p)) for p in persons) >= 100  # surname first
    assert sum(p.isupper() for p in persons) >= 10 or sum(p.split(",")[0].isupper() for p in persons) >= 40
    assert sum(p == p.lower() for p in persons) >= 15  # lower case in forms and mails
    assert sum(bool(re.match(r"(?:[A-ZÀ-ŽŁ]\.)+ ", p)) for p in persons) >= 150  # initials
    assert sum(bool(re.search(r"\b(?:van|de|der|ter|ten|in 't|van 't)\b", p)) for p in persons) >= 60  # particles
    assert any(re.search(r"[ąęłńśźżőűşğıçățș]", p) for p in persons)
    texts = "\n".join(r["text"] for r in records())
    assert "Post mag naar ons" in texts  # a surname that is a Dutch word, left unannotated at a sentence start


def test_dates_ages_and_places_follow_the_decisions() -> None:
    for r in records():
        for s in r["spans"]:
            if s["category"] == "PATIENTNUMMER" and re.fullmatch(
                NUMBER_PATTERNS["NFI case"].replace(r"\b", ""), s["text"]
            ):
                assert not inside([x for x in r["spans"] if x["category"] == "DATUM"], s["start"], s["end"])
        if r["kind"] == "leeftijdsschatting":
            i = r["text"].index("19,8 jaar")
            assert not inside(r["spans"], i, i + 9)  # a reference population's mean age is nobody's age
    ages = spans_of("LEEFTIJD")
    assert sum(a.isdigit() for a in ages) >= 100  # bare numbers under an age column
    assert any(re.fullmatch(r"\d+-\d+ (?:jaar|years)", a) for a in ages)
    assert any(re.fullmatch(r"\d+,\d jaar", a) for a in ages)
    assert any(a.endswith("-jarige") for a in ages)
    places = set(spans_of("LOCATIE"))
    assert {"IJsselmeer", "Waal"} & places and {"Poznań", "Kleve", "Lier", "Lviv", "Hull"} & places


# ------------------------------------------------------------------------------------------------ clinical strings


def test_clinical_strings_are_kept_and_never_inside_a_span() -> None:
    terms = set()
    for line in (part.DATA / "clinical.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term = line.split("\t")[1]
            if len(term) >= 4:
                terms.add(term)
    checked = Counter()
    for r in records():
        t = r["text"]
        for term in terms:
            for m in re.finditer(rf"(?<![\w-]){re.escape(term)}(?![\w-])", t):
                checked[term] += 1
                assert inside(r["keep"], m.start(), m.end()), (r["id"], term)
                assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], term)
    assert len(checked) >= 40
    kept = Counter(k["text"] for r in records() for k in r["keep"])
    for looks_like_a_name in ("Le Fort", "Kennedy", "Straumann", "Demirjian", "Olze", "AlQahtani", "Angle", "Black"):
        assert any(looks_like_a_name in k for k in kept), looks_like_a_name
    assert any(re.fullmatch(r"LOT \d{7}", k) for k in kept) and any(re.fullmatch(r"REF 0\d\d\.\d{4}", k) for k in kept)
    assert all(re.fullmatch(r"[1-4][1-8]", k) for k in kept if k.isdigit())  # bare numbers kept are FDI elements


# ------------------------------------------------------------------------------------------------ notations


def test_the_notations_of_the_setting() -> None:
    every = [(r, s) for r in records() for s in r["spans"]]

    def count(category: str, predicate) -> int:
        return sum(1 for _r, s in every if s["category"] == category and predicate(s["text"]))

    fullwidth = re.compile("[\uff10-\uff19]")
    assert count("BSN", lambda t: "\u00a0" in t) >= 5
    assert count("BSN", lambda t: "\u200b" in t) >= 3
    assert count("BSN", lambda t: bool(fullwidth.search(t))) >= 1
    assert count("BSN", lambda t: len(re.sub(r"\D", "", plain(t))) == 8) >= 2  # leading zero dropped
    assert count("TELEFOON", lambda t: "\u200b" in t) >= 5
    assert count("TELEFOON", lambda t: "\u202f" in t or "\u00a0" in t) >= 5
    assert count("TELEFOON", lambda t: bool(fullwidth.search(t))) >= 5
    assert count("TELEFOON", lambda t: plain(t).startswith("+") and not plain(t).startswith("+31")) >= 10
    assert count("IBAN", lambda t: "\u00ad" in t) >= 1
    assert count("IBAN", lambda t: t == t.lower()) >= 3
    assert count("IBAN", lambda t: bool(fullwidth.search(t))) >= 1
    assert count("POSTCODE", lambda t: "\u202f" in t or "\u00a0" in t) >= 5
    assert count("POSTCODE", lambda t: bool(re.fullmatch(r"\d{4} [a-z]{2}", t))) >= 5
    assert count("EMAIL", lambda t: "\uff20" in t) >= 1
    assert count("EMAIL", lambda t: bool(re.search(r",(?:nl|com|be|de|pl)$", t))) >= 1
    texts = [r["text"] for r in records()]
    assert any(re.search(r"\S+@\S+?_{3,}", t) for t in texts)  # an e-mail on the line of a paper form
    assert any(re.search(r"BSN:\d", t) for t in texts) and any("bsn-" in t for t in texts)  # glued to a label
    glued = 0
    for r, s in every:
        before = r["text"][max(0, s["start"] - 5) : s["start"]]
        if s["category"] == "TELEFOON" and re.search(r"\d mm $", before):
            glued += 1  # a phone right after a pocket depth, as a collapsed export prints it
    assert glued >= 3
    short_pm = [s for _r, s in every if s["category"] == "PATIENTNUMMER" and re.fullmatch(r"PM \d{2}", s["text"])]
    assert len(short_pm) >= 5
