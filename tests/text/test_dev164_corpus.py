"""Part dev164 (dental care in Dutch prisons and detention), written independently: the committed file is the
generator's output, the draws are seeded and prefix-stable, the shared contract holds, the checksums pass (checked
here by a second hand), and the theme's notations and clinical strings are there."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev164_corpus as part
from tests.text import annotated_parts

PER_KIND = 20
COUNTS = {
    "PERSOON": 1512,
    "DATUM": 676,
    "INSTELLING": 438,
    "PATIENTNUMMER": 291,
    "TELEFOON": 224,
    "LOCATIE": 196,
    "GEBOORTEDATUM": 158,
    "EMAIL": 99,
    "ADRES": 92,
    "POSTCODE": 92,
    "LEEFTIJD": 81,
    "AGB": 65,
    "BSN": 63,
    "IBAN": 36,
    "POLISNUMMER": 12,
    "UZI": 5,
    "URL": 5,
}
KEEP_COUNT = 1020
# this test's own table of IBAN lengths (not the generator's)
IBAN_LENGTHS = {
    "NL": 18,
    "BE": 16,
    "DE": 22,
    "PL": 28,
    "FR": 27,
    "GB": 22,
    "TR": 26,
    "ES": 24,
    "UA": 29,
    "RO": 24,
    "LT": 20,
}
NBSP, NNBSP, ZWSP, SHY = "\u00a0", "\u202f", "\u200b", "\u00ad"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)


def _spans(records, category=None):
    return [(r, s) for r in records for s in r["spans"] if category is None or s["category"] == category]


def test_committed_file_is_the_generators_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)
    assert part.PATH.name == "dev164.jsonl" and part.PATH.parent.name == "text"
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270703


def test_seeded_and_prefix_stable(records):
    assert part.generate(30, part.DEFAULT_SEED) == records[:30]
    assert part.record(137, part.DEFAULT_SEED) == records[137]
    assert part.generate(240, part.DEFAULT_SEED) == records
    assert part.generate(12, part.DEFAULT_SEED + 1) != records[:12]


def test_shared_contract(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    assert 8 <= len(part.KINDS) <= 12 and 240 % len(part.KINDS) == 0
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, PER_KIND)
    assert all(r["id"] == f"dev164-{i:04d}" for i, r in enumerate(records))


def test_spans_per_text(records):
    counts = [len(r["spans"]) for r in records]
    assert min(counts) >= 8 and max(counts) <= 30
    assert 15 <= sum(counts) / len(counts) <= 21


def test_spans_on_word_boundaries(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            before = text[s["start"] - 1] if s["start"] else " "
            after = text[s["end"]] if s["end"] < len(text) else " "
            assert not before.isalnum() and not after.isalnum(), (r["id"], s)


def test_every_bsn_passes_its_check(records):
    found = Counter()
    for _r, s in _spans(records, "BSN"):
        digits = re.sub(r"\D", "", s["text"])
        if len(digits) == 9:
            d = [int(c) for c in digits]
            assert sum(x * w for x, w in zip(d, (9, 8, 7, 6, 5, 4, 3, 2, -1))) % 11 == 0, s
            assert annotated_parts.bsn_ok(digits)
            found["bsn"] += 1
        else:  # a Belgian rijksregisternummer: 97 - (first nine, with a 2 in front from 2000) mod 97
            assert len(digits) == 11, s
            base, cc = digits[:9], int(digits[9:])
            assert cc in (97 - int(base) % 97, 97 - int("2" + base) % 97), s
            found["rrn"] += 1
    assert found["bsn"] >= 50 and found["rrn"] >= 1


def test_every_iban_passes_mod97(records):
    ibans = _spans(records, "IBAN")
    assert ibans
    for _r, s in ibans:
        assert annotated_parts.iban_ok(s["text"], IBAN_LENGTHS), s
    countries = {re.sub(r"[^0-9A-Za-z]", "", s["text"])[:2].upper() for r, s in ibans}
    assert "NL" in countries and len(countries - {"NL"}) >= 3


def test_pinned_counts(records):
    assert Counter(s["category"] for r in records for s in r["spans"]) == COUNTS
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


def test_theme_notations_occur(records):
    texts = "\n".join(r["text"] for r in records)
    for word in (
        "registratienummer",
        "Registratienummer",
        "ISN",
        "V-nummer",
        "SKN",
        "parketnr.",
        "DV&O",
        "PIW'er",
        "REKEST",
        "Commissie van Toezicht",
        "maandcommissaris",
        "medisch adviseur",
        "tbs met dwangverpleging",
        "verlofmachtiging",
        "Regievoerder DT&V",
        "portiersloge",
        "MMA'er",
        "polisnummer",
        "methadonprogramma",
        "Rijksregisternummer".lower(),
        "adolescentenstrafrecht",
        "datum NIET aan gedetineerde",
    ):
        assert word.lower() in texts.lower(), word
    spans = _spans(records)
    # the notations inside numbers
    for ch in (NBSP, NNBSP, ZWSP, SHY):
        assert sum(ch in s["text"] for r, s in spans) >= 10, repr(ch)
    # numbers glued to ':' and '-' before, and ',' after
    assert sum(r["text"][s["start"] - 1] == ":" for r, s in spans if s["category"] != "PERSOON") >= 20
    assert sum(r["text"][s["start"] - 1] == "-" for r, s in spans) >= 5
    assert (
        sum(
            r["text"][s["end"] : s["end"] + 1] == "," and r["text"][s["end"] + 1 : s["end"] + 2].isalpha()
            for r, s in spans
        )
        >= 5
    )
    names = [s["text"] for r, s in _spans(records, "PERSOON")]
    assert sum(n.isupper() for n in names) >= 20  # transport forms
    assert sum(n.islower() for n in names) >= 20  # request slips
    assert sum(bool(re.fullmatch(r"[^,]+, [^,]+", n)) for n in names) >= 60  # "Achternaam, Voornaam"
    assert sum(bool(re.match(r"([A-ZÀ-Þ]\.)+ (van|de|ter|ten|in 't|van 't|van der|van den) ", n)) for n in names) >= 10
    words = {
        "Post",
        "Bos",
        "Koning",
        "Winter",
        "Mars",
        "Storm",
        "Mei",
        "Juni",
        "April",
        "Roos",
        "Zomer",
        "Haas",
        "Wolf",
        "Vos",
        "Kok",
        "Lam",
        "Boom",
        "Mol",
        "Vink",
        "Groen",
        "Baas",
        "Prins",
        "Zwart",
    }
    assert sum(any(w in n.split() for w in words) for n in names) >= 50
    phones = [s["text"] for r, s in _spans(records, "TELEFOON")]
    assert sum(p.startswith(("+", "00")) and not p.startswith(("+31", "0031")) for p in phones) >= 8
    assert sum(p.startswith(("088", "(088)", "+31 88", "+31 (0)88")) for p in phones) >= 20
    header = [
        s
        for r, s in _spans(records, "EMAIL")
        if r["text"][: s["start"]].rsplit("\n", 1)[-1].startswith(("Van:", "Aan:", "CC:", "From:", "To:"))
    ]
    assert len(header) >= 30
    dates = [s["text"] for r, s in _spans(records, "DATUM")]
    assert sum(d.split()[0] in {w for w in part.DAYWORDS if w} for d in dates) >= 15  # written out
    assert sum(bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)) for d in dates) >= 15
    assert sum(bool(re.fullmatch(r"\d{1,2}/\d{1,2}", d)) for d in dates) >= 15
    ages = [s["text"] for r, s in _spans(records, "LEEFTIJD")]
    assert any(a.endswith("-jarige") for a in ages) and any(a.endswith("jr") or a.endswith("jr.") for a in ages)
    places = [s["text"] for r, s in _spans(records, "LOCATIE")]
    assert any(p.isupper() for p in places) and any(p.islower() for p in places)
    assert any(
        p in ("Best", "Beek", "Born", "Putten", "Sluis", "Hoorn", "Doorn", "Haren", "Bergen", "Echt", "Goes", "Grave")
        for p in places
    )


def test_cells_and_wings_are_not_annotated(records):
    wings = [w["wing"] for w in part.lists()["wings"]]
    for r in records:
        for m in re.finditer(r"\bcel [A-E]\d\.\d\d|\b[A-E]\d\.\d\d\b", r["text"]):
            assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], m.group())
        for w in wings:
            for m in re.finditer(re.escape(w), r["text"]):
                assert not any(s["start"] < m.end() and m.start() < s["end"] for s in r["spans"]), (r["id"], w)
    texts = "\n".join(r["text"] for r in records)
    assert "leefgroep Storm" in texts or "Unit Roos" in texts or "paviljoen Juni" in texts


def test_clinical_strings_present(records):
    keep = [k["text"] for r in records for k in r["keep"]]
    assert len(keep) == KEEP_COUNT and all(r["keep"] for r in records)
    for s in (
        "classificatie volgens Winter",
        "Pell-Gregory II-B",
        "Le Fort I",
        "Cvek-pulpotomie",
        "Miller graad 2",
        "Black klasse II",
        "Ledermix",
        "Cavit",
        "Ca(OH)2",
        "X21",
        "M03",
        "R24",
        "paracetamol 500mg",
    ):
        assert s in keep, s
    assert any(k.startswith("Kennedy klasse") for k in keep) and any(k.startswith("Angle klasse") for k in keep)
    assert any(k.startswith("Ellis klasse") for k in keep)
    assert sum(k.startswith("DPSI ") for k in keep) >= 40
    assert sum(bool(re.fullmatch(r"[CXAHEVMR]\d\d", k)) for k in keep) >= 200
    assert sum(bool(re.search(r"\d ?mg\b", k)) for k in keep) >= 100
    assert any(k.startswith("methadon ") for k in keep)
    elements = [k for k in keep if re.fullmatch(r"(element )?[1-4][1-8]", k)]
    assert len(elements) >= 150


def test_own_lists():
    L = part.lists()
    given = L["given_names"]
    surnames = [s["surname"] for s in L["surnames"]]
    assert len(given) >= 150 and len(surnames) >= 150
    assert len({g["origin"] for g in given}) >= 12 and len({s["origin"] for s in L["surnames"]}) >= 12
    assert {"Mei", "Juni", "April", "Roos", "Storm"} <= {g["name"] for g in given}
    assert {"Post", "Bos", "Koning", "Winter", "Mars"} <= set(surnames)
    assert any(s.startswith("van der ") for s in surnames) and "ter Horst" in surnames and "in 't Veld" in surnames
    assert any("-" in s for s in surnames)
    kinds = Counter(p["kind"] for p in L["places"])
    assert kinds["word"] >= 8 and kinds["frisian"] >= 8 and kinds["abroad"] >= 20
    assert {"Best", "Beek", "Born"} <= {p["place"] for p in L["places"]}
