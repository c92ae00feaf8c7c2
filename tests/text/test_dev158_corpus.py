"""Evaluation part dev158 (dental anxiety and sedation centre): the committed file is what the generator writes, the
generator is seeded and prefix-stable, the spans follow the annotation contract, the identifiers pass this test's own
checksums, and the texts are about the theme and carry the notations and clinical strings the part promises."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from urllib.parse import unquote

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev158_corpus as part
from tests.text import annotated_parts

PER_KIND = part.DEFAULT_RECORDS // len(part.KINDS)

SPAN_COUNTS = {
    "ADRES": 127,
    "AGB": 23,
    "BSN": 55,
    "DATUM": 560,
    "EMAIL": 137,
    "GEBOORTEDATUM": 177,
    "IBAN": 39,
    "INSTELLING": 256,
    "LEEFTIJD": 93,
    "LOCATIE": 242,
    "PATIENTNUMMER": 161,
    "PERSOON": 1001,
    "POLISNUMMER": 45,
    "POSTCODE": 119,
    "TELEFOON": 282,
    "URL": 38,
    "UZI": 25,
}
TOTAL_SPANS = 3380
TOTAL_KEEP = 1201
DISTINCT_KEEP = 302


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in part.PATH.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def spans(records) -> list[tuple[dict, dict]]:
    return [(r, s) for r in records for s in r["spans"]]


def _digits(s: str) -> str:
    """ASCII digits of a number written in any notation (fullwidth, with spaces, dots, format characters)."""
    return "".join(c for c in unicodedata.normalize("NFKC", s) if c.isdigit())


def _eleven_test(d: str) -> bool:
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return len(d) == 9 and sum(int(c) * w for c, w in zip(d, weights)) % 11 == 0


def _belgian_ok(d: str) -> bool:
    if len(d) != 11:
        return False
    base, check = int(d[:9]), int(d[9:])
    return 97 - base % 97 == check or 97 - (2000000000 + base) % 97 == check


IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


def _iban_ok(s: str) -> bool:
    compact = re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", s).upper())
    if IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


# ------------------------------------------------------------------------------------------------ the file


def test_committed_file_is_generator_output():
    expected = corpus_file.dumps(part.generate(part.DEFAULT_RECORDS, part.DEFAULT_SEED))
    assert part.PATH.read_text(encoding="utf-8") == expected


def test_seeded_and_prefix_stable():
    assert part.generate(24, part.DEFAULT_SEED) == part.generate(24, part.DEFAULT_SEED)
    assert part.generate(60, part.DEFAULT_SEED)[:24] == part.generate(24, part.DEFAULT_SEED)
    assert part.generate(12, part.DEFAULT_SEED + 1) != part.generate(12, part.DEFAULT_SEED)


def test_defaults():
    assert part.DEFAULT_RECORDS == 240 and part.DEFAULT_SEED == 20270627
    assert part.PATH.name == "dev158.jsonl" and part.PATH.parent.name == "text"
    assert part.DATA.name == "dev158_data" and part.DATA.is_dir()
    assert 8 <= len(part.KINDS) <= 12


def test_own_lists_are_large_and_mixed():
    given = [
        ln for ln in (part.DATA / "given_names.tsv").read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"
    ]
    surnames = [
        ln for ln in (part.DATA / "surnames.tsv").read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"
    ]
    assert len(given) >= 150 and len(surnames) >= 150
    assert len({ln.split("\t")[2] for ln in given}) >= 14
    assert len({ln.split("\t")[1] for ln in surnames}) >= 13


# ------------------------------------------------------------------------------------------------ the contract


def test_contract_checks(records):
    annotated_parts.assert_spans_exact_and_disjoint(records)
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, PER_KIND)


def test_every_kind_present_in_equal_shares(records):
    counts = Counter(r["kind"] for r in records)
    assert counts == {k: PER_KIND for k in part.KINDS}
    assert [r["kind"] for r in records[: len(part.KINDS)]] == list(part.KINDS)


def test_spans_on_word_bounds(records):
    """No span or clinical string starts or ends inside a run of letters or a run of digits."""
    for r in records:
        t = r["text"]
        for s in r["spans"] + r["keep"]:
            for x, y in ((s["start"] - 1, s["start"]), (s["end"] - 1, s["end"])):
                if x < 0 or y >= len(t):
                    continue
                a, b = t[x], t[y]
                assert not (a.isalpha() and b.isalpha()), (r["id"], s)
                assert not (a.isdigit() and b.isdigit()), (r["id"], s)


def test_bsn_spans_pass_the_eleven_test(spans):
    seen = 0
    for r, s in spans:
        if s["category"] != "BSN":
            continue
        d = _digits(s["text"])
        if len(d) == 11:  # a Belgian rijksregisternummer
            assert _belgian_ok(d), (r["id"], s)
        else:
            assert _eleven_test(d), (r["id"], s)
            assert annotated_parts.bsn_ok(d)
        seen += 1
    assert seen == SPAN_COUNTS["BSN"]


def test_iban_spans_pass_mod_97(spans):
    seen = 0
    for r, s in spans:
        if s["category"] == "IBAN":
            assert _iban_ok(s["text"]), (r["id"], s)
            assert annotated_parts.iban_ok(unicodedata.normalize("NFKC", s["text"]), IBAN_LENGTHS)
            seen += 1
    assert seen == SPAN_COUNTS["IBAN"]


def test_other_identifiers_have_their_shape(spans):
    for _r, s in spans:
        d = _digits(unquote(s["text"]))  # the web hook and SMS gateway logs are URL-encoded
        if s["category"] == "AGB":
            assert len(d) == 8 and d.startswith("12"), s
        elif s["category"] == "UZI":
            assert len(d) == 9, s
        elif s["category"] == "TELEFOON":
            assert 9 <= len(d) <= 14, s
        elif s["category"] == "POSTCODE":
            assert re.fullmatch(r"[1-9]\d{3}[\s\u00a0]*[A-Za-z]{2}", s["text"]), s
            assert s["text"][-2:].upper() not in ("SA", "SD", "SS")
        elif s["category"] == "EMAIL":
            assert re.search(r"(@|＠|%40)", s["text"]), s


# ------------------------------------------------------------------------------------------------ pinned counts


def test_counts_pinned(records):
    assert len(records) == part.DEFAULT_RECORDS
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == SPAN_COUNTS
    assert sum(counts.values()) == TOTAL_SPANS
    assert sum(len(r["keep"]) for r in records) == TOTAL_KEEP
    assert len({k["text"] for r in records for k in r["keep"]}) == DISTINCT_KEEP


# ------------------------------------------------------------------------------------------------ theme


THEME = re.compile(
    r"angst|sedatie|lachgas|roesje|fobie|exposure|hypno|trance|narcose|anesthe|nuchter|midazolam|SUD|MDAS|N2O",
    re.IGNORECASE,
)


def test_texts_are_about_the_theme(records):
    for r in records:
        assert THEME.search(r["text"]), r["id"]
    text = "\n".join(r["text"] for r in records).lower()
    for word in (
        "tandartsangst",
        "sedatie",
        "lachgas",
        "exposure",
        "hypnotherapie",
        "toestemming",
        "no-show",
        "afgezegd",
        "verwijs",
        "machtiging",
        "anesthesioloog",
        "nuchter",
        "psycholoog",
        "whatsapp",
    ):
        assert word in text, word
    assert sum("angst" in r["text"].lower() for r in records) >= 120


def test_clinical_keep_strings_present(records):
    keep = {k["text"] for r in records for k in r["keep"]}
    for must in (
        "DAS (Corah)",
        "MDAS (Humphris)",
        "IDAF-4C+",
        "DSM-5",
        "F40.232",
        "EMDR",
        "Shapiro",
        "Wolpe",
        "Elman-inductie",
        "Spiegel eye-roll",
        "Ericksoniaanse hypnose",
        "Milton-model",
        "Trendelenburg",
        "Valsalva",
        "Quincke-oedeem",
        "Venflon 22G",
        "midazolam",
        "Dormicum",
        "remifentanil (Minto)",
        "flumazenil 0,2 mg (Anexate)",
        "Kalinox",
        "Oraqix",
        "Septanest",
        "Emla",
        "Ubistesin Forte 4%",
        "articaïne 4% 1:100.000",
        "progressieve relaxatie (Jacobson)",
        "A10",
        "A15",
        "A20",
        "A30",
        "B10",
        "B11",
        "X611",
        "ASA I",
        "ASA II",
        "ASA III",
        "Mallampati I",
        "OAA/S 3",
        "oxazepam 10 mg",
    ):
        assert must in keep, must
    assert any(re.fullmatch(r"VAS \d+/10", k) for k in keep)  # looks like a date
    assert any(re.fullmatch(r"RR \d+/\d+", k) for k in keep)  # looks like a date
    assert any(re.fullmatch(r"\d{2,3}/\d{2}", k) for k in keep)  # blood pressure in the monitoring table
    assert any(re.fullmatch(r"Aldrete \d+(/10)?", k) for k in keep)
    assert any(re.fullmatch(r"Frankl \d", k) for k in keep)
    assert "DFS (Kleinknecht)" in keep and any(re.fullmatch(r"Ramsay \d", k) for k in keep)
    assert any(re.fullmatch(r"Cormack-Lehane I+", k) for k in keep)
    assert any(re.fullmatch(r"N2O/O2 \d\d/\d\d", k) for k in keep)
    eponyms = {
        "Von Willebrand",
        "Raynaud",
        "Sjögren",
        "Parkinson",
        "Crohn",
        "Graves",
        "Hashimoto",
        "Bechterew",
        "Ehlers-Danlos",
        "Ménière",
        "Bell",
        "Schnider",
        "Marsh",
    }
    assert len(eponyms & keep) >= 8


# ------------------------------------------------------------------------------------------------ notations


def test_notations_planted(records, spans):
    texts = [s["text"] for _, s in spans]

    def n(pred) -> int:
        return sum(1 for t in texts if pred(t))

    assert n(lambda t: "\u00a0" in t) >= 20  # no-break space
    assert n(lambda t: "\u202f" in t) >= 2  # narrow no-break space
    assert n(lambda t: "\u200b" in t) >= 2  # zero-width space
    assert n(lambda t: "\u00ad" in t) >= 4  # soft hyphen
    assert n(lambda t: re.search("[０-９]", t) is not None) >= 4  # fullwidth digits
    assert n(lambda t: "＠" in t) >= 2  # fullwidth at-sign
    assert n(lambda t: re.search(r"@\S+,(nl|com|be|de)$", t) is not None) >= 2  # comma before the tld
    assert n(lambda t: "%40" in t or "%20" in t or "%2B" in t) >= 10  # URL-encoded web hook / SMS gateway
    assert sum(1 for _, s in spans if s["category"] == "PERSOON" and "\u00ad" in s["text"]) >= 2
    # an e-mail followed by "_"
    assert sum(1 for r, s in spans if s["category"] == "EMAIL" and r["text"][s["end"] : s["end"] + 1] == "_") >= 2
    # identifiers glued to their label: a letter right before the first digit, or ':' / '.' without a space
    glued = [(r, s) for r, s in spans if s["start"] > 0 and _digits(s["text"][:1])]
    assert sum(1 for r, s in glued if r["text"][s["start"] - 1].isalpha()) >= 4
    assert sum(1 for r, s in glued if r["text"][s["start"] - 1] in ":.") >= 4
    # OCR'd consent forms
    assert sum("T0ESTEMMINGSFORMULIER" in r["text"] for r in records) >= 4


def test_name_notations(spans):
    names = [s["text"] for _, s in spans if s["category"] == "PERSOON"]
    assert sum("," in t for t in names) >= 60  # surname first
    assert sum(t.isupper() for t in names) >= 30  # capitals
    assert sum(t.islower() for t in names) >= 10  # lower case
    assert sum(re.search(r"\b[A-ZÖŁŞÇ]\.", t) is not None for t in names) >= 150  # initials
    assert sum(re.search(r"\b(van|de|der|den|ter|ten|in 't|van 't)\b", t) is not None for t in names) >= 40  # particles
    assert sum(re.search(r"\w-\w", t) is not None for t in names) >= 30  # hyphenated
    assert sum(re.search(r"[^\x00-\x7f]", t) is not None for t in names) >= 80  # letters Dutch does not use
    words = (
        "Mei",
        "Juni",
        "Roos",
        "April",
        "Merel",
        "Fleur",
        "Storm",
        "Post",
        "Winter",
        "Zomer",
        "Bos",
        "Kok",
        "Bakker",
        "Visser",
        "Engel",
        "Mars",
        "Klok",
        "Vos",
        "Lam",
        "Beer",
    )
    assert sum(any(re.search(rf"\b{w}\b", t) for w in words) for t in names) >= 40  # names that are words / months


def test_identifier_variety(spans):
    phones = [s["text"] for _, s in spans if s["category"] == "TELEFOON"]
    for prefix in ("+32", "+49", "+597", "+212"):
        assert any(p.startswith(prefix) for p in phones), prefix
    assert any(p.startswith("0031") for p in phones) and any(p.startswith("+31 (0)") for p in phones)
    assert any(re.fullmatch(r"0\d{2,3}-\d{6,7}", p) for p in phones)  # landline
    ibans = [s["text"] for _, s in spans if s["category"] == "IBAN"]
    assert any(i[:2] == "nl" for i in ibans) and any(i.startswith(("BE", "DE", "be", "de")) for i in ibans)
    dates = [s["text"] for _, s in spans if s["category"] in ("DATUM", "GEBOORTEDATUM")]
    assert any(re.fullmatch(r"\d{4}-\d\d-\d\d", d) for d in dates)
    assert any(re.fullmatch(r"\d{1,2} [a-z]+ \d{4}", d) for d in dates)
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}", d) for d in dates)
    bsns = [s["text"] for _, s in spans if s["category"] == "BSN"]
    assert any(len(_digits(b)) == 11 for b in bsns)  # Belgian national number


LAYOUT_MARKERS = {
    "intake": ("INTAKEVRAGENLIJST", "Intakegesprek", "POST /intake/webhook"),
    "psycholoog": ("Geachte collega", "EINDVERSLAG", "– voortgang"),
    "hypnotherapie": ("VERSLAG HYPNOTHERAPIE", "sessielijst", "Hartelijke groet"),
    "iv_sedatie": ("SEDATIEVERSLAG", "Pre-sedatiescreening", "ONTSLAGBRIEF"),
    "lachgas": ("Registratie lachgassedatie", "verdraagt het", "Aan de ouders/verzorgers"),
    "toestemming": ("T0ESTEMMINGSFORMULIER", "wilsonbekwame", "informatie-uitwisseling"),
    "verwijzing": ("Beste collega", "VERWIJSFORMULIER", "ZorgMail"),
    "exposure": ("Exposuresessie", "SOEP", "dagboek angst"),
    "afzegging": (", receptie", "niet verschenen", "Telefoonnotitie"),
    "bericht": ("groetjes", "WhatsApp-chat", "sms-gateway"),
    "vergoeding": ("Afdeling Machtigingen", "KOSTENOVERZICHT", "bezwaar afwijzing"),
    "agenda": ("datum;tijd;", "DAGPROGRAMMA", "Wachtlijst export"),
}


def test_several_layouts_per_kind(records):
    assert set(LAYOUT_MARKERS) == set(part.KINDS)
    for kind, markers in LAYOUT_MARKERS.items():
        texts = [r["text"] for r in records if r["kind"] == kind]
        for marker in markers:
            assert sum(marker in t for t in texts) >= 2, (kind, marker)
