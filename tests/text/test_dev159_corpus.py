"""Part dev159 (letselschade after dental injuries): the committed file is the generator's output, the generator is
seeded and prefix-stable, the spans keep the annotation contract, identifiers pass this test's own checksums, and the
part really holds its theme, kinds, kept clinical strings and notations."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev159_corpus as part
from tests.text import annotated_parts

RECORDS = part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED)

PINNED_SPANS = {
    "PERSOON": 1342,
    "DATUM": 798,
    "LOCATIE": 511,
    "INSTELLING": 505,
    "ADRES": 259,
    "TELEFOON": 248,
    "PATIENTNUMMER": 243,
    "POSTCODE": 241,
    "EMAIL": 186,
    "POLISNUMMER": 173,
    "GEBOORTEDATUM": 149,
    "IBAN": 67,
    "BSN": 61,
    "AGB": 55,
    "LEEFTIJD": 48,
    "URL": 47,
    "UZI": 28,
}
PINNED_KEEP = 1607
IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "PL": 28, "TR": 26, "FR": 27}


def _digits(text: str) -> str:
    """The digits of a span in any script (fullwidth too), separators and format characters dropped."""
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdigit())


def _elfproef(digits: str) -> bool:
    """This test's own 11-proef: weights 9..2 and -1 on nine digits."""
    if len(digits) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1))) - int(digits[8])
    return total % 11 == 0


def _belgian_national_number(digits: str) -> bool:
    """This test's own check of a Belgian rijksregisternummer: 97 minus the first nine digits mod 97 (with a 2 in front
    for people born from 2000)."""
    if len(digits) != 11:
        return False
    base, check = digits[:9], int(digits[9:])
    return check in (97 - int(base) % 97, 97 - int("2" + base) % 97)


def _mod97(iban: str) -> bool:
    """This test's own mod-97 on an IBAN of a country this part uses, with its length."""
    s = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", iban).upper())
    if IBAN_LENGTHS.get(s[:2]) != len(s):
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def test_committed_file_is_the_generator_output():
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(RECORDS)


def test_seeded_and_prefix_stable():
    assert part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED) == RECORDS
    assert part.generate(37, part.DEFAULT_SEED) == RECORDS[:37]
    assert part.record(200, part.DEFAULT_SEED) == RECORDS[200]
    other = part.generate(24, part.DEFAULT_SEED + 1)
    assert [r["text"] for r in other] != [r["text"] for r in RECORDS[:24]]


def test_contract_of_every_part():
    annotated_parts.assert_spans_exact_and_disjoint(RECORDS)
    annotated_parts.assert_fields_and_kinds(RECORDS, part.KINDS, part.DEFAULT_RECORDS // len(part.KINDS))
    assert 8 <= len(part.KINDS) <= 12
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270628
    assert part.PATH.name == "dev159.jsonl" and part.PATH.parent.name == "text"


def test_spans_on_word_bounds():
    for r in RECORDS:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert not (a > 0 and text[a - 1].isalnum() and text[a].isalnum()), (r["id"], s)
            assert not (b < len(text) and text[b].isalnum() and text[b - 1].isalnum()), (r["id"], s)


def test_every_bsn_passes_its_check():
    seen = Counter()
    for r in RECORDS:
        for s in r["spans"]:
            if s["category"] != "BSN":
                continue
            digits = _digits(s["text"])
            if len(digits) == 9:
                assert _elfproef(digits), (r["id"], s)
                assert annotated_parts.bsn_ok(digits)
                seen["bsn"] += 1
            else:
                assert _belgian_national_number(digits), (r["id"], s)
                seen["rrn"] += 1
    assert seen["bsn"] >= 40 and seen["rrn"] >= 3


def test_every_iban_passes_mod97():
    countries = Counter()
    for r in RECORDS:
        for s in r["spans"]:
            if s["category"] == "IBAN":
                assert _mod97(s["text"]), (r["id"], s)
                assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", s["text"]), IBAN_LENGTHS)
                countries[re.sub(r"[^A-Za-z]", "", s["text"])[:2].upper()] += 1
    assert countries["NL"] > 30 and len(countries) >= 3


def test_counts_are_pinned():
    assert len(RECORDS) == 240
    assert dict(Counter(s["category"] for r in RECORDS for s in r["spans"])) == PINNED_SPANS
    assert sum(len(r["keep"]) for r in RECORDS) == PINNED_KEEP
    assert sum(PINNED_SPANS.values()) == 4961


def test_every_kind_present_in_equal_shares():
    counts = Counter(r["kind"] for r in RECORDS)
    assert set(counts) == set(part.KINDS) and set(counts.values()) == {20}
    assert all(r["kind"] == part.KINDS[i % len(part.KINDS)] for i, r in enumerate(RECORDS))


TOOTH = re.compile(r"tand|gebit|element|kaak|kies|mond", re.I)
CLAIM = re.compile(r"letsel|schade|ongeval|ongeluk|aanrijding|mishandel|aansprakelijk|verzeker", re.I)
KIND_MARKERS = {
    "aansprakelijkstelling": r"aansprakelijk",
    "schaderegelaar": r"schadenummer|schade \S+|schadebehandelaar|erkennen wij",
    "machtiging": r"[Mm]achtiging",
    "expertiserapport": r"[Ee]xpertise|EXPERTISE|[Aa]ddendum",
    "kostenbegroting": r"[Bb]egroting|BEGROTING",
    "politie": r"[Pp]olitie|POLITIE|[Pp]roces-verbaal|PROCES-VERBAAL|BVH|GETUIGENVERKLARING",
    "vaststelling": r"kwijting|VASTSTELLINGSOVEREENKOMST|schikking",
    "rechtbank_mediation": r"[Rr]echtbank|[Mm]ediat|rekestnummer",
    "eigen_verhaal": r"\bik\b|\bmijn\b",
    "factuur": r"NOTA|BETAALSPECIFICATIE|DECLARATIE",
    "dossiernotitie": r"DOSSIERNOTITIES|CRM-export|HUISBEZOEK",
    "behandelaar": r"[Pp]atiënt|VERWIJSBRIEF",
}


def test_texts_are_about_dental_injury_claims():
    for r in RECORDS:
        assert TOOTH.search(r["text"]), r["id"]
        assert CLAIM.search(r["text"]), r["id"]
        assert re.search(KIND_MARKERS[r["kind"]], r["text"], re.I), r["id"]
    # nearly every text names something clinical that must survive; a lay witness's statement need not
    assert all(r["keep"] for r in RECORDS if r["kind"] != "politie")
    assert sum(bool(r["keep"]) for r in RECORDS) >= 228
    words = Counter(w for r in RECORDS for w in re.findall(r"[a-zë]+", r["text"].lower()))
    for word in ("letselschade", "aansprakelijkheid", "tandarts", "medisch", "expertise", "schadenummer", "voorschot"):
        assert words[word] >= 10, word


LOOKALIKES = (
    "Ellis klasse II",
    "Ellis klasse III",
    "Le Fort I-fractuur",
    "Angle klasse II/1",
    "Kennedy klasse IV",
    "Black klasse IV",
    "Miller graad 2",
    "Cvek-pulpotomie",
    "Hedström-vijl",
    "Gates-Glidden boor",
    "Maryland-brug",
    "Rochette-brug",
    "Helkimo-index",
    "Wilkes stadium II",
    "Costen-syndroom",
    "Glasgow Coma Scale 15",
    "Frankfort-horizontaal",
    "vezels van Sharpey",
    "schede van Hertwig",
    "Straumann BLX",
    "Nobel Biocare Active",
    "IPS e.max Press",
    "Bio-Oss",
    "Titanium Trauma Splint",
    "Paracetamol 1000MG",
    "Calciumcarbonaat 1250MG",
)


def test_clinical_keep_strings_present():
    keep = Counter(k["text"] for r in RECORDS for k in r["keep"])
    lowered = Counter(t.lower() for t in keep.elements())
    for s in LOOKALIKES:
        assert lowered[s.lower()] >= 1, s
    assert sum(n for t, n in keep.items() if t.startswith("element ")) >= 300
    assert sum(n for t, n in keep.items() if re.fullmatch(r"[1-4][1-8]", t)) >= 150  # bare elements in tables
    assert sum(n for t, n in keep.items() if re.fullmatch(r"[A-Z]\d\d", t)) >= 200  # treatment codes
    assert len(keep) >= 90
    for r in RECORDS:  # never a kept string inside a gold span or the other way round (checked above), never a name
        for k in r["keep"]:
            assert not any(s["category"] == "PERSOON" and s["text"] == k["text"] for s in r["spans"])


def test_notations_planted():
    spans = [(r["text"], s) for r in RECORDS for s in r["spans"]]
    inside = Counter()
    for text, s in spans:
        t = s["text"]
        for name, ch in (("nbsp", "\u00a0"), ("nnbsp", "\u202f"), ("zwsp", "\u200b"), ("shy", "\u00ad")):
            inside[name] += ch in t
        inside["fullwidth"] += bool(re.search("[０-９]", t))
        inside["fullwidth_at"] += "＠" in t
        inside["comma_tld"] += s["category"] == "EMAIL" and bool(re.search(r",[a-z]{2,3}$", t))
        inside["email_underscore"] += s["category"] == "EMAIL" and text[s["end"] : s["end"] + 1] == "_"
        inside["glued_colon"] += s["start"] > 0 and text[s["start"] - 1] == ":"
        inside["iban_lower"] += s["category"] == "IBAN" and t[:2].islower()
        inside["name_shy"] += s["category"] == "PERSOON" and "\u00ad" in t
        inside["name_lower"] += s["category"] == "PERSOON" and t == t.lower()
        inside["name_caps"] += s["category"] == "PERSOON" and t == t.upper()
        inside["surname_first"] += s["category"] == "PERSOON" and bool(re.match(r"[^,]+, \S", t))
        inside["hyphenated"] += s["category"] == "PERSOON" and bool(re.search(r"\w-[a-zA-Z]", t))
        inside["particle"] += s["category"] == "PERSOON" and bool(
            re.search(r"\b(van|de|der|den|ter|ten|in 't|'t|op)\b", t)
        )
        inside["initials"] += s["category"] == "PERSOON" and bool(re.match(r"([A-ZÇŁŞÖÜ]\.)+ ", t))
        inside["foreign_phone"] += s["category"] == "TELEFOON" and bool(
            re.match(r"\+(32|49|48|90|212|597|599|291|963|44)\b", t)
        )
        inside["postcode_nospace"] += s["category"] == "POSTCODE" and bool(re.fullmatch(r"\d{4}[A-Za-z]{2}", t))
        inside["postcode_foreign"] += s["category"] == "POSTCODE" and bool(re.fullmatch(r"\d{4,5}", t))
    for name, least in (
        ("nbsp", 40),
        ("nnbsp", 5),
        ("zwsp", 40),
        ("shy", 30),
        ("fullwidth", 10),
        ("fullwidth_at", 5),
        ("comma_tld", 4),
        ("email_underscore", 4),
        ("glued_colon", 20),
        ("iban_lower", 4),
        ("name_shy", 5),
        ("name_lower", 10),
        ("name_caps", 30),
        ("surname_first", 80),
        ("hyphenated", 40),
        ("particle", 150),
        ("initials", 300),
        ("foreign_phone", 10),
        ("postcode_nospace", 20),
        ("postcode_foreign", 3),
    ):
        assert inside[name] >= least, (name, inside[name])
    texts = [r["text"] for r in RECORDS]
    assert sum(("ﬁ" in t or "ĳ" in t) for t in texts) >= 3  # OCR'd forms
    assert sum(t == t.lower() for t in texts) >= 5  # chats and web forms typed in lower case


def test_own_lists_are_rich_and_mixed():
    given = [r for r in part.GIVEN]
    surnames = [r for r in part.SURNAMES]
    assert len({g for g, _, _ in given}) >= 150 and len({(p, s) for p, s, _, _ in surnames}) >= 150
    origins = {o for _, _, o in given} | {o for _, _, _, o in surnames}
    for origin in (
        "nl",
        "fy",
        "sr-hindoestaans",
        "sr-creools",
        "sr-javaans",
        "antilliaans",
        "marokkaans",
        "turks",
        "pools",
        "chinees",
        "indonesisch",
        "syrisch",
        "eritrees",
        "duits",
        "belgisch",
        "woord",
        "maand",
    ):
        assert origin in origins, origin
    assert {"Mei", "Juni", "April", "Roos"} <= {g for g, _, _ in given}
    assert {"Kroon", "Wortel", "Post", "Bos"} <= {s for _, s, _, _ in surnames}
    assert any(kind == "woord" for _, _, kind in part.PLACES) and any(c != "NL" for _, c, _ in part.PLACES)


@pytest.mark.parametrize("category", ["BSN", "IBAN", "TELEFOON", "EMAIL", "POSTCODE", "PERSOON", "GEBOORTEDATUM"])
def test_direct_identifiers_spread_over_kinds(category):
    kinds = {r["kind"] for r in RECORDS if any(s["category"] == category for s in r["spans"])}
    assert len(kinds) >= 3, (category, kinds)
