"""Part dev119 (aggression, theft and incidents at dental practices, and the police): the committed file is its
generator's output, the annotations follow the contract, the checksums hold by two hands, and the notations of the
setting (police registration numbers, licence plates, officers' numbers, camera and chat timestamps) are annotated
as the part's docstring decides."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev119_corpus as part
from tests.text import annotated_parts

COUNTS = {
    "ADRES": 198,
    "AGB": 14,
    "BSN": 20,
    "DATUM": 926,
    "EMAIL": 183,
    "GEBOORTEDATUM": 80,
    "IBAN": 26,
    "INSTELLING": 282,
    "LEEFTIJD": 48,
    "LOCATIE": 251,
    "PATIENTNUMMER": 275,
    "PERSOON": 1529,
    "POLISNUMMER": 26,
    "POSTCODE": 163,
    "TELEFOON": 229,
    "URL": 20,
    "UZI": 18,
}
KEEP_COUNT = 223


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate()


def _spans(records: list[dict], category: str) -> list[dict]:
    return [s for r in records for s in r["spans"] if s["category"] == category]


def _inside(r: dict, start: int, end: int, category: str | None = None) -> bool:
    return any(
        s["start"] <= start and end <= s["end"] and (category is None or s["category"] == category) for s in r["spans"]
    )


def _touches(r: dict, start: int, end: int) -> bool:
    return any(s["start"] < end and start < s["end"] for s in r["spans"] + r["keep"])


def test_committed_file_is_the_generator_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_seeded():
    assert part.generate(48, 11) == part.generate(48, 11)
    assert part.generate(48, 11) != part.generate(48, 12)
    assert part.generate(24, part.DEFAULT_SEED) != part.generate(24, part.DEFAULT_SEED + 1)


def test_fields_kinds_and_shares(records):
    assert len(records) == part.DEFAULT_RECORDS == 240
    assert len(part.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))


def test_spans_exact_and_disjoint(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s)


TITLES = {
    "dhr",
    "dhr.",
    "mw",
    "mw.",
    "mevr.",
    "mevrouw",
    "heer",
    "dr.",
    "tandarts",
    "wijkagent",
    "hoofdagent",
    "brigadier",
    "agent",
    "moeder",
    "vader",
    "curator",
    "mentor",
    "pt",
    "patiënt",
    "expert",
    "surveillant",
    "sleutelhouder",
    "teamchef",
    "balie",
    "assistente",
}
LABELS = {
    "bsn",
    "bsn:",
    "tel",
    "tel:",
    "tel.",
    "telefoon",
    "patnr",
    "patnr.",
    "pt.nr",
    "registratienummer",
    "registratienr",
    "polisnummer:",
    "dienstnummer",
    "dienstnr.",
    "big",
    "agb-code",
    "kenteken",
    "iban",
    "e-mail:",
    "naam:",
    "geb.",
}


def test_titles_and_labels_outside_spans(records):
    for r in records:
        for s in r["spans"]:
            words = s["text"].lower().split()
            assert words[0] not in LABELS, (r["id"], s)
            assert s["category"] != "PERSOON" or words[0] not in TITLES, (r["id"], s)
            if s["category"] != "PERSOON":
                assert ":" not in s["text"] or s["category"] == "URL", (r["id"], s)
            assert not s["text"].endswith((",", ":", ";")), (r["id"], s)


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT
    assert all(r["spans"] for r in records)
    assert sum(len(r["spans"]) >= 5 for r in records) > 200


def _digits(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


def test_every_bsn_passes_the_eleven_proof_by_two_hands(records):
    bsns = _spans(records, "BSN")
    assert len(bsns) == COUNTS["BSN"]
    for s in bsns:
        number = _digits(s["text"])
        assert annotated_parts.bsn_ok(number), s
        weighted = sum(int(d) * (9 - i) for i, d in enumerate(number[:8])) - int(number[8])
        assert len(number) == 9 and number[0] != "0" and weighted % 11 == 0, s


def test_every_iban_passes_mod_97_by_two_hands(records):
    ibans = _spans(records, "IBAN")
    assert len(ibans) == COUNTS["IBAN"]
    lengths = {"NL": 18, "BE": 16}
    for s in ibans:
        assert annotated_parts.iban_ok(s["text"], lengths), s
        compact = "".join(ch for ch in s["text"] if ch.isalnum()).upper()
        assert len(compact) == lengths[compact[:2]]
        remainder = 0
        for ch in compact[4:] + compact[:4]:
            if ch.isalpha():
                remainder = (remainder * 100 + ord(ch) - ord("A") + 10) % 97
            else:
                remainder = (remainder * 10 + int(ch)) % 97
        assert remainder == 1, s


BVH = re.compile(r"(?i)\bPL\d{4}-?2027\d{6}\b|\b2027\d{6}\b")
PLATE_CUE = re.compile(r"kenteken (?!dat )|stapt in auto ")
OFFICER_CUE = re.compile(
    r"(?:Dienstnummer:? |dienstnr\. |Ambtenaarnummer: |ambtenaarnr\. |dienstnummer |BIG(?:-nummer:)? )"
)


def test_police_registration_numbers_are_patient_numbers(records):
    seen = Counter()
    for r in records:
        for m in BVH.finditer(r["text"]):
            assert _inside(r, m.start(), m.end(), "PATIENTNUMMER"), (r["id"], m.group())
            seen["glued" if re.fullmatch(r"(?i)PL\d{14}", m.group()) else m.group()[:2].lower()] += 1
        if r["kind"] == "aangifte":
            assert any(BVH.fullmatch(s["text"]) for s in r["spans"] if s["category"] == "PATIENTNUMMER"), r["id"]
    assert seen["pl"] and seen["20"] and seen["glued"]


def test_licence_plates_are_patient_numbers(records):
    plates = 0
    for r in records:
        for m in PLATE_CUE.finditer(r["text"]):
            starts = [s for s in r["spans"] if s["start"] == m.end()]
            assert starts and starts[0]["category"] == "PATIENTNUMMER", (r["id"], r["text"][m.start() : m.end() + 12])
            plates += 1
    assert plates > 20


def test_officer_and_big_numbers_are_uzi(records):
    found = 0
    for r in records:
        for m in OFFICER_CUE.finditer(r["text"]):
            starts = [s for s in r["spans"] if s["start"] == m.end()]
            assert starts and starts[0]["category"] == "UZI", (r["id"], m.group())
            found += 1
        for s in r["spans"]:
            if s["category"] == "UZI":
                before = r["text"][: s["start"]]
                assert OFFICER_CUE.search(before[-20:]) or before.endswith("  ("), (r["id"], s)
    assert found > COUNTS["UZI"] // 2


def test_timestamps_date_annotated_time_not(records):
    stamp = re.compile(r"(\d{4}-\d{2}-\d{2}|\d{2}[-/]\d{2}[-/]\d{2,4}) (\d{2}:\d{2}(?::\d{2})?)")
    lines = 0
    for r in records:
        if r["kind"] not in ("cameralog", "whatsapp"):
            continue
        for m in stamp.finditer(r["text"]):
            assert _inside(r, m.start(1), m.end(1), "DATUM"), (r["id"], m.group())
            assert not _touches(r, m.start(2), m.end(2)), (r["id"], m.group())
            lines += 1
    assert lines > 300


def test_chat_lines_open_with_date_and_sender(records):
    line = re.compile(r"^\[?(?P<date>\d{2}-\d{2}-\d{2,4}) \d{2}:\d{2}(?::\d{2})?\]?(?: -)? (?P<sender>[^:]+): ", re.M)
    for r in (r for r in records if r["kind"] == "whatsapp"):
        matches = list(line.finditer(r["text"]))
        assert len(matches) >= 10, r["id"]
        for m in matches:
            assert _inside(r, m.start("date"), m.end("date"), "DATUM")
            sender = [s for s in r["spans"] if m.start("sender") <= s["start"] < m.end("sender")]
            assert len(sender) == 1 and sender[0]["category"] in ("PERSOON", "TELEFOON"), (r["id"], m.group())
    fullwidth = [s for s in _spans(records, "TELEFOON") if any("\uff10" <= ch <= "\uff19" for ch in s["text"])]
    assert fullwidth


def test_public_numbers_national_bodies_and_law_stay_unannotated(records):
    public = ("0900-8844", "0900-0101", "www.politie.nl", "noreply@politie.nl", "Slachtofferhulp Nederland")
    law = ("7:460", "artikel 138", "art. 285", "Wetboek van Strafrecht", "Burgerlijk Wetboek")
    national = tuple(row[1] for row in part.NATIONAL)
    for r in records:
        for word in public + law + national:
            for m in re.finditer(re.escape(word), r["text"]):
                assert not _touches(r, m.start(), m.end()), (r["id"], word)
        emergency = r"(?:bel|bellen|spoed:|via|ja,) 112\b|\b112 gebeld"
        for m in re.finditer(rf"T 088 \d{{3}} \d{{4}}|Objectnr\.: \w+|{emergency}", r["text"]):
            assert not _touches(r, m.start(), m.end()), (r["id"], m.group())


def test_local_police_and_care_bodies_are_institutions(records):
    teams = [
        s["text"] for s in _spans(records, "INSTELLING") if "asisteam" in s["text"] or "politiebureau" in s["text"]
    ]
    assert teams and all(t.startswith(("Basisteam ", "politiebureau ")) for t in teams)
    for r in records:
        for m in re.finditer(r"Basisteam [\w-]+", r["text"]):
            assert _inside(r, m.start(), m.end(), "INSTELLING"), (r["id"], m.group())
    wijken = {s["text"] for s in _spans(records, "LOCATIE")} & {w for w, _ in part.WIJKEN}
    assert wijken


def test_clinical_strings_kept(records):
    kept = Counter(k["text"] for r in records for k in r["keep"])
    assert any(t.startswith(("extractie", "element", "kies", "wortelkanaalbehandeling")) for t in kept)
    assert any(t in part.DIAGNOSES for t in kept)
    assert "Pell-Gregory klasse II positie B" in kept
    assert any(t in part.CODES for t in kept)
    assert any(re.search(r"\d+(,\d+)? (mg|ml)\b", t) for t in kept)
    # an eponym in the keep list and the same shape as a person ('M. Parkinson' against 'M. Winter')
    persons = {s["text"] for s in _spans(records, "PERSOON")}
    assert any(re.fullmatch(r"[A-Z]\. [A-Z]\w+", p) for p in persons)
