"""Evaluation part dev165 (Defensie dental service): the committed file is the generator's output, the generator is
seeded and prefix-stable, the records keep the shared contract, and the part's own checks (checksums, pinned counts,
the theme's notations, clinical strings) hold."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev165_corpus as part
from tests.text import annotated_parts

IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "LT": 20}

PINNED = {
    "PERSOON": 1418,
    "DATUM": 897,
    "LOCATIE": 572,
    "PATIENTNUMMER": 339,
    "TELEFOON": 264,
    "EMAIL": 155,
    "INSTELLING": 128,
    "GEBOORTEDATUM": 93,
    "LEEFTIJD": 81,
    "ADRES": 81,
    "POSTCODE": 81,
    "BSN": 48,
    "AGB": 37,
    "UZI": 29,
    "POLISNUMMER": 29,
    "IBAN": 20,
    "URL": 11,
}
PINNED_KEEP = 1359


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def generated() -> list[dict]:
    return part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


def _spans(records: list[dict], category: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] == category]


def test_committed_file_is_the_generators_output(records, generated):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(generated)
    assert len(records) == part.DEFAULT_RECORDS == 240


def test_seeded_and_prefix_stable(generated):
    assert part.generate(25, part.DEFAULT_SEED) == generated[:25]
    assert part.record(137, part.DEFAULT_SEED) == generated[137]
    other = part.generate(5, part.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in generated[:5]]
    assert part.DEFAULT_SEED == 20270704


def test_shared_contract(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    assert 8 <= len(part.KINDS) <= 12 and 240 % len(part.KINDS) == 0
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, 240 // len(part.KINDS))


def test_span_counts_per_text(records):
    counts = [len(r["spans"]) for r in records]
    assert min(counts) >= 8 and max(counts) <= 30
    assert 15 <= sum(counts) / len(counts) <= 21


def test_every_bsn_passes_the_11_proef(records):
    bsns = _spans(records, "BSN")
    assert bsns
    for text in bsns:
        assert annotated_parts.bsn_ok(re.sub(r"\D", "", text)), text


def test_every_iban_passes_mod_97(records):
    ibans = _spans(records, "IBAN")
    countries = {i[:2].upper() for i in ibans}
    assert "NL" in countries and countries - {"NL"}
    for text in ibans:
        assert annotated_parts.iban_ok(text, IBAN_LENGTHS), text


def test_pinned_counts(records):
    assert dict(Counter(s["category"] for r in records for s in r["spans"])) == PINNED
    assert sum(len(r["keep"]) for r in records) == PINNED_KEEP


def test_the_themes_notations_occur(records):
    texts = "\n".join(r["text"] for r in records)
    dates = _spans(records, "DATUM")
    # date-time groups (071430Adec26) as one DATUM span, in Dutch and NATO month abbreviations
    dtgs = [d for d in dates if re.fullmatch(r"\d{6}[ABZ](?:[a-z]{3}|[A-Z]{3})\d{2}", d)]
    assert len(dtgs) >= 60
    assert any(re.search(r"[a-z]{3}\d{2}$", d) for d in dtgs) and any(re.search(r"[A-Z]{3}\d{2}$", d) for d in dtgs)
    # ranks as titles, outside the name span
    for rank in ("sgt1", "kpl", "elnt", "kap", "maj", "ltz2", "lkol", "aoo"):
        assert re.search(rf"\b{rank}\b", texts, re.IGNORECASE), rank
    names = _spans(records, "PERSOON")
    assert not any(re.match(r"(?i)(sgt1?|kpl|elnt|kap|maj|lkol|ltz\d)\b", n) for n in names)
    # NATO phonetic spellings are names
    assert (
        sum(
            bool(
                re.fullmatch(
                    r"(?i)(alfa|bravo|charlie|delta|echo|foxtrot|golf|hotel|india|juliett|kilo|lima|mike|"
                    r"november|oscar|papa|quebec|romeo|sierra|tango|uniform|victor|whiskey|x-ray|yankee|zulu)"
                    r"([ -]+[A-Za-z-]+)+",
                    n,
                )
            )
            for n in names
        )
        >= 20
    )
    # the Defensie address book: "Meer van der, J.P." then "(Jan)"; e-mails in headers
    assert re.search(r"^Van: .+, [A-Z]\.(?:[A-Z]\.)? \(", texts, re.MULTILINE)
    assert re.search(r"^Aan: .+<[^>]+@mindef\.nl>", texts, re.MULTILINE)
    # barracks (some named after people) and places that are words or Frisian
    places = set(_spans(records, "LOCATIE"))
    assert {"Johannes Postkazerne", "Camp Castor", "Ermelo", "Oirschot", "Den Helder", "Havelterberg"} <= places
    # hard notations inside numbers and glued numbers
    for ch in ("\u00a0", "\u202f", "\u2009", "\u200b"):
        assert any(ch in s["text"] for r in records for s in r["spans"]), repr(ch)
    assert re.search(r"BSN:\S", texts) and re.search(r"reg\.nr:\d", texts) and re.search(r"tel:\S", texts)
    assert re.search(r"\+(370|223|599|32|49|47) ", texts)
    # lower- and upper-case names, "Achternaam, Voornaam", names that are words or months
    assert any(n.islower() for n in names) and any(n.isupper() and len(n) > 3 for n in names)
    assert any(re.fullmatch(r"[^\W\d]+(?:[ '-][^\W\d]+)*, [A-Z][a-z]+", n) for n in names)
    words = {
        "Storm",
        "Mei",
        "Juni",
        "April",
        "Roos",
        "Merel",
        "Post",
        "Bos",
        "Koning",
        "Winter",
        "Mars",
        "Zomer",
        "Kamp",
    }
    assert sum(any(w in n.split() for w in words) for n in names) >= 20
    # ages and birth dates; written-out dates
    assert _spans(records, "LEEFTIJD") and _spans(records, "GEBOORTEDATUM")
    assert any(d.split()[0] in part.NUMWORDS and d.split()[-1] in corpus_file.MONTHS for d in dates if " " in d)


def test_clinical_strings_present(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    joined = "\n".join(keep)
    for needle in (
        "Ellis klasse",
        "Le Fort",
        "Pell & Gregory",
        "Andreasen",
        "Kennedy klasse",
        "Angle klasse",
        "Miller graad 2",
        "DPSI",
        "DFC 3",
        "X21",
        "H35",
        "articaïne 4%",
        "amoxicilline 500 mg",
        "Vicryl 4-0",
    ):
        assert needle in joined, needle
    assert "Winter" in keep  # the classification; Winter is also a surname in this part
    assert any(re.fullmatch(r"[1-4][1-8]", k) for k in keep)
    assert any(re.fullmatch(r"\d+ mm", k) for k in keep)


def test_lists_are_large_and_mixed():
    data = part.lists()
    assert len(data["given_names"]) >= 150 and len(data["surnames"]) >= 150
    origins = {row[1] for row in data["surnames"]}
    assert len(origins) >= 12
    assert {"Mei", "Juni", "April", "Roos", "Storm"} <= {row[0] for row in data["given_names"]}
    surnames = {row[0] for row in data["surnames"]}
    assert {"Post", "Bos", "Koning", "Winter", "Mars", "van der Meer", "in 't Veld", "ter Horst"} <= surnames
    assert any("-" in s for s in surnames)
    assert {"Best", "Beek", "Born", "Ljouwert", "Snits"} <= {row[0] for row in data["places"]}
