"""Evaluation part dev157 (dental sleep medicine: snoring, OSA, mandibular advancement devices): the committed file
is its generator's output, the spans are exact and on word bounds, every BSN / Belgian national number and IBAN
passes its check (computed here and in ``annotated_parts``), the counts are pinned, the texts are about the
theme, the clinical strings are there and the notations of issue 17 are planted."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev157_corpus as part
from tests.text import annotated_parts

SEED = 20270626
N = 240

SPANS = {
    "ADRES": 132,
    "AGB": 58,
    "BSN": 67,
    "DATUM": 556,
    "EMAIL": 137,
    "GEBOORTEDATUM": 191,
    "IBAN": 29,
    "INSTELLING": 401,
    "LEEFTIJD": 57,
    "LOCATIE": 180,
    "PATIENTNUMMER": 196,
    "PERSOON": 995,
    "POLISNUMMER": 42,
    "POSTCODE": 129,
    "TELEFOON": 226,
    "URL": 43,
    "UZI": 18,
}
KEEP_TOTAL = 1315
KEEP_PINNED = {
    "G47.33": 27,
    "G71": 41,
    "G73": 25,
    "X21": 17,
    "C13": 6,
    "Müller-manoeuvre": 7,
    "George Gauge": 28,
    "Bennett-beweging": 6,
    "Cheyne-Stokes": 5,
    "Cheyne-Stokes-ademhaling": 6,
    "APAP": 6,
}
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def generated() -> list[dict]:
    return part.generate(N, SEED)


def _norm(s: str) -> str:
    """NFKC, format characters (zero-width space, soft hyphen) dropped, every space a space."""
    s = "".join(ch for ch in unicodedata.normalize("NFKC", s) if unicodedata.category(ch) != "Cf")
    return re.sub(r"\s", " ", s)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", _norm(s))


def _spans(records: list[dict], category: str | None = None) -> list[dict]:
    return [s for r in records for s in r["spans"] if category is None or s["category"] == category]


# ---------------------------------------------------------------------------------------------- the file itself


def test_defaults() -> None:
    assert part.DEFAULT_RECORDS == N and part.DEFAULT_SEED == SEED
    assert part.PATH.name == "dev157.jsonl" and part.PATH.parent.name == "text"
    assert part.DATA.name == "dev157_data"
    assert 8 <= len(part.KINDS) <= 12


def test_committed_file_is_generator_output(records: list[dict], generated: list[dict]) -> None:
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(generated)
    assert records == generated


def test_seeded_and_prefix_stable(generated: list[dict]) -> None:
    assert part.generate(40, SEED) == generated[:40]
    assert part.generate(5, SEED) == part.generate(5, SEED)
    assert part.generate(5, SEED + 1) != generated[:5]
    # record i depends on seed and i only
    assert part.record(117, SEED) == generated[117]


def test_contract(records: list[dict]) -> None:
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, N // len(part.KINDS))
    assert len(records) == N
    assert [r["id"] for r in records] == [f"dev157-{i:04d}" for i in range(N)]


def test_spans_on_word_bounds(records: list[dict]) -> None:
    for r in records:
        t = r["text"]
        for s in r["spans"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not t[a - 1].isalnum(), (r["id"], s, t[max(0, a - 10) : b])
            assert b == len(t) or not t[b].isalnum(), (r["id"], s, t[a : b + 10])


# --------------------------------------------------------------------------------------------------- checksums


def _bsn_11(d: str) -> bool:
    return len(d) == 9 and (sum(int(c) * w for c, w in zip(d[:8], range(9, 1, -1))) - int(d[8])) % 11 == 0


def _rrn_97(d: str) -> bool:
    if len(d) != 11:
        return False
    base, check = d[:9], int(d[9:])
    return check in (97 - int(base) % 97, 97 - int("2" + base) % 97)


def _mod97(iban: str) -> bool:
    s = re.sub(r"[^0-9A-Za-z]", "", _norm(iban)).upper()
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    total = 0
    for ch in rearranged:
        total = (total * (100 if ch.isalpha() else 10) + (ord(ch) - 55 if ch.isalpha() else int(ch))) % 97
    return total == 1


def test_every_bsn_passes(records: list[dict]) -> None:
    spans = _spans(records, "BSN")
    belgian = 0
    for s in spans:
        d = _digits(s["text"])
        if len(d) == 11:
            belgian += 1
            assert _rrn_97(d), s
        else:
            assert _bsn_11(d) and annotated_parts.bsn_ok(d), s
    assert belgian >= 2


def test_every_iban_passes(records: list[dict]) -> None:
    spans = _spans(records, "IBAN")
    assert spans
    for s in spans:
        norm = _norm(s["text"])
        assert _mod97(norm) and annotated_parts.iban_ok(norm, IBAN_LENGTHS), s
    countries = {re.sub(r"\W", "", _norm(s["text"]))[:2].upper() for s in spans}
    assert "NL" in countries and len(countries) >= 2


def test_phones_have_a_plausible_digit_count(records: list[dict]) -> None:
    for s in _spans(records, "TELEFOON"):
        norm = _norm(s["text"])
        d = _digits(norm)
        if norm.startswith("+31") or norm.startswith("0031"):
            national = d[2:] if norm.startswith("+") else d[4:]
            if "(0)" in norm:
                national = national[1:]
            assert len(national) == 9, s  # 31 + 9 digits
        elif norm.startswith("+"):
            assert 9 <= len(d) <= 13, s
        else:
            assert len(d) == 10 and d[0] == "0", s


# -------------------------------------------------------------------------------------------------------- counts


def test_counts_pinned(records: list[dict]) -> None:
    assert dict(Counter(s["category"] for s in _spans(records))) == SPANS
    assert sum(len(r["keep"]) for r in records) == KEEP_TOTAL
    keep = Counter(k["text"] for r in records for k in r["keep"])
    for text, n in KEEP_PINNED.items():
        assert keep[text] == n, text


def test_every_kind_and_its_layouts(records: list[dict]) -> None:
    by_kind = {k: [r["text"] for r in records if r["kind"] == k] for k in part.KINDS}
    layouts = {
        "verwijzing": ("Geachte collega", "ZorgDomein verwijzing", "Onderwerp: verwijzing MRA"),
        "rapportage": ("Geachte collega", "Beste collega", "patiëntenportaal"),
        "slaaponderzoek": ("VERSLAG POLYSOMNOGRAFIE", "THUISPOLYGRAFIE", "Controle-polygrafie met MRA in situ"),
        "titratie": ("Titratielog MRA", "# export SlaapMaatje", "Titratie "),
        "labopdracht": ("OPDRACHTFORMULIER", "scan_BK_", "PAKBON / FACTUUR"),
        "machtiging": ("AANVRAAG MACHTIGING", "Zorgadvies Tandheelkunde", "factuur snurkbeugel"),
        "consult": ("Intake snurk-/apneupoli", "contr. MRA", "Tel. notitie MRA-spreekuur"),
        "portaal": ("Patiëntportaal", "SlaapMaatje – berichten", "contactformulier"),
        "agenda": ("Agenda-export", "BEGIN:VCALENDAR", "DAGLIJST"),
        "partnermail": ("Ik ben de partner", "VRAGENLIJST BEDPARTNER", "whatsapp zakelijk"),
    }
    assert set(layouts) == set(part.KINDS)
    for kind, marks in layouts.items():
        assert len(by_kind[kind]) == N // len(part.KINDS)
        for m in marks:
            assert any(m in t for t in by_kind[kind]), (kind, m)


# --------------------------------------------------------------------------------------------------------- theme


THEME = re.compile(r"MRA|snurk|apneu|AHI|CPAP|OSA|slaap|polygrafie|polysomnografie|titratie|beugel", re.IGNORECASE)


def test_texts_are_about_dental_sleep_medicine(records: list[dict]) -> None:
    for r in records:
        assert len(THEME.findall(r["text"])) >= 2, r["id"]
    whole = "\n".join(r["text"] for r in records)
    for word in (
        "MRA",
        "AHI",
        "CPAP",
        "snurk",
        "polygrafie",
        "protrusie",
        "slaapcentrum",
        "titratie",
        "partner",
        "machtiging",
        "lab",
    ):
        assert word.lower() in whole.lower(), word
    words = Counter(w.lower() for w in re.findall(r"[^\W\d_]+", whole))
    assert words["mra"] >= 200 and words["partner"] >= 60


def test_clinical_keep_strings(records: list[dict]) -> None:
    keep = [k["text"] for r in records for k in r["keep"]]
    joined = "\n".join(keep)
    for needle in (
        "Mallampati",
        "Friedman stadium",
        "Brodsky",
        "Müller-manoeuvre",
        "Cheyne-Stokes",
        "Angle klasse",
        "Helkimo",
        "George Gauge",
        "Bennett-beweging",
        "Kennedy klasse",
        "STOP-Bang",
        "SomnoDent",
        "Narval CC",
        "TAP 3",
        "AirSense",
        "DreamStation 2",
        "DentiTrac",
        "TheraMon-chip",
        "G47.33",
        "G71",
        "X21",
        "nekomtrek",
        "BMI",
        "T90",
        "ODI",
        "SpO2",
        "ESS",
        "Epworth",
        "element",
        "mg",
        "mm",
    ):
        assert needle in joined, needle
    assert sum(k.startswith("AHI ") for k in keep) >= 100
    # kept strings hold no identifier: no BSN-, phone- or IBAN-like runs
    for k in keep:
        assert all(len(run) <= 4 for run in re.findall(r"\d+", unicodedata.normalize("NFKC", k))), k


# ----------------------------------------------------------------------------------------------------- notations


def test_notations_planted(records: list[dict]) -> None:
    spans = _spans(records)
    texts = [s["text"] for s in spans]

    def n(pred) -> int:
        return sum(1 for t in texts if pred(t))

    assert n(lambda t: "\u00a0" in t) >= 10  # no-break space
    assert n(lambda t: "\u202f" in t) >= 3  # narrow no-break space
    assert n(lambda t: "\u200b" in t) >= 10  # zero-width space
    assert n(lambda t: "\u00ad" in t) >= 5  # soft hyphen
    assert n(lambda t: re.search("[０-９]", t) is not None) >= 5  # fullwidth digits
    assert n(lambda t: "＠" in t) >= 2  # fullwidth at
    emails = _spans(records, "EMAIL")
    assert sum(re.search(r",(nl|com|be|de)$", s["text"]) is not None for s in emails) >= 2
    assert (
        sum(r["text"][s["end"] : s["end"] + 1] == "_" for r in records for s in r["spans"] if s["category"] == "EMAIL")
        >= 1
    )
    assert sum(s["text"][:2].islower() for s in _spans(records, "IBAN")) >= 3
    glued = sum(
        1
        for r in records
        for s in r["spans"]
        if re.search(
            r"(BSN|bsn|E-mail|Werkbon|Telefoon|pnr|AGB-code|Adres|Praktijk|Geb\. datum ):$", r["text"][: s["start"]]
        )
    )
    assert glued >= 20
    phones = [_norm(s["text"]) for s in _spans(records, "TELEFOON")]
    for prefix in ("+31", "0031", "06", "(06)", "+32", "+49"):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert sum(p.startswith("+") and not p.startswith("+31") for p in phones) >= 8
    pcs = [s["text"] for s in _spans(records, "POSTCODE")]
    assert any(re.fullmatch(r"\d{4}[A-Z]{2}", p) for p in pcs)
    assert any(re.fullmatch(r"\d{4} [a-z]{2}", p) for p in pcs)
    assert any(re.fullmatch(r"\d{4}", p) for p in pcs)  # Belgian
    dates = [s["text"] for s in _spans(records, "DATUM")]
    assert any(re.fullmatch(r"\d{8}T\d{6}", d) for d in dates)  # iCalendar
    assert any(re.fullmatch(r"\d{1,2} [a-z]+", d) for d in dates)  # 12 maart
    assert any(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)


def test_name_notations(records: list[dict]) -> None:
    names = [s["text"] for s in _spans(records, "PERSOON")]
    assert sum(", " in t for t in names) >= 60  # surname first
    assert sum(t.isupper() for t in names) >= 20  # capitals
    assert sum(t.islower() for t in names) >= 20  # lower case
    assert sum(re.match(r"([A-ZÇŁÖÜ]\.)+ ", t) is not None for t in names) >= 150  # initials
    assert sum(re.search(r"\b(van|de|der|ter|ten|in 't|van 't)\b", t, re.IGNORECASE) is not None for t in names) >= 80
    assert sum("-" in t for t in names) >= 30  # hyphenated
    assert (
        sum(
            t in ("Mei", "Juni", "April", "Roos", "Storm", "Merel")
            or t.split(" ")[-1] in ("Post", "Winter", "Zomer", "Maandag", "Vrijdag", "Mol", "Slot")
            for t in names
        )
        >= 15
    )
    assert any(re.search("[ışğçłńąęśżöüäßé]", t) for t in names)
    # names inside scan file names
    assert any(r["text"][s["start"] - 8 : s["start"]].endswith("scan_BK_") for r in records for s in r["spans"])


def test_ocr_layout_has_noise(records: list[dict]) -> None:
    ocr = [r["text"] for r in records if "THUISPOLYGRAFIE" in r["text"]]
    assert ocr
    assert any(re.search(r"\b\w*(rn|I)\w*\b", t) for t in ocr)
    assert all(" : " in t or " :" in t for t in ocr)


# ------------------------------------------------------------------------------------------------------ own lists


def test_own_lists_are_big_and_mixed() -> None:
    assert len(part.GIVEN) >= 150 and len(part.SURNAMES) >= 150
    origins_g = {g[2] for g in part.GIVEN}
    origins_s = {s[2] for s in part.SURNAMES}
    mixed = {
        "Dutch",
        "Frisian",
        "Surinamese",
        "Antillean",
        "Moroccan",
        "Turkish",
        "Polish",
        "Chinese",
        "Indonesian",
        "Syrian",
        "Eritrean",
        "German",
        "Belgian",
        "word",
    }
    assert mixed <= origins_g and mixed <= origins_s
    assert {"Mei", "Juni", "April"} <= {g[0] for g in part.GIVEN}
    assert len(part.STREETS) >= 50 and len(part.PLACES) >= 50
    assert {"praktijk", "slaapcentrum", "ziekenhuis", "lab", "huisarts"} <= set(part.INSTITUTIONS)
