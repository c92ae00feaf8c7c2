"""dev115: the OCR'd paper archive of an old dental practice (record cards, typed letters, giro and bank numbers of
before the IBAN, the digitiser's log). The part's own checks: the committed file is the generator's output, the
draws are seeded, the shared contract holds, and the archive's notations are there as the docstring says."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fixtures.text import corpus_file
from fixtures.text import dev115_corpus as part
from tests.text import annotated_parts


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return part.generate()


def spans(records: list[dict], *categories: str) -> list[str]:
    return [s["text"] for r in records for s in r["spans"] if s["category"] in categories]


def test_committed_file_is_the_generators_output(records):
    assert part.PATH.read_text(encoding="utf-8") == corpus_file.dumps(records)


def test_seeded():
    assert part.generate(36, seed=7) == part.generate(36, seed=7)
    assert part.generate(36, seed=7) != part.generate(36, seed=8)
    assert part.generate(36) != part.generate(36, seed=part.DEFAULT_SEED + 1)


def test_contract(records):
    assert len(records) == part.DEFAULT_RECORDS == 240
    assert len(part.KINDS) == 12
    annotated_parts.assert_fields_and_kinds(records, part.KINDS, 20)
    annotated_parts.assert_spans_exact_and_disjoint(records)


def test_spans_on_word_bounds(records):
    for r in records:
        text = r["text"]
        for s in r["spans"] + r["keep"]:
            a, b = s["start"], s["end"]
            assert a == 0 or not text[a - 1].isalnum(), (r["id"], s)
            assert b == len(text) or not text[b].isalnum(), (r["id"], s)


LABEL = re.compile(
    r"^(?:dhr|mevr|mevrouw|mw|mej|wed|dr|fam|familie|de heer|tel|telefoon|bsn|sofi-?nr|sofinummer|giro|postgiro|"
    r"gironr|geb|geboren|iban|kaart|kaartnr|tandarts|huisarts|naam|adres|postcode|agb|agb-code|uzi|polisnr|"
    r"pat\.?nr|reg\.?nr|ins\.?nr|rek\.?nr|e-mail|t\.a\.v)(?:\b|\.)[.:]?(?:\s|$)",
    re.IGNORECASE,
)


def test_titles_and_labels_outside_spans(records):
    for r in records:
        for s in r["spans"]:
            assert not LABEL.match(s["text"]), (r["id"], s)
            assert not s["text"].endswith(":"), (r["id"], s)


def test_transcription_marks_and_amounts_outside_spans(records):
    for r in records:
        for s in r["spans"] + r["keep"]:
            assert "[onleesbaar]" not in s["text"] and "[?]" not in s["text"], (r["id"], s)
            assert "ƒ" not in s["text"] and "€" not in s["text"], (r["id"], s)
    marked = [r for r in records if "[onleesbaar]" in r["text"] or "[?]" in r["text"]]
    assert len(marked) >= 15


# OCR reads a digit as a letter; a number category's span stands with the letter, its checksum is read back.
_BACK_TO_DIGIT = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "S": "5", "B": "8"})
_BACK_TO_LETTER = str.maketrans({"0": "O", "1": "I", "8": "B", "5": "S"})


def read_digits(text: str) -> str:
    return re.sub(r"\D", "", text.translate(_BACK_TO_DIGIT))


def read_iban(text: str) -> str:
    s = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    country = s[:2].translate(_BACK_TO_LETTER)
    check = s[2:4].translate(_BACK_TO_DIGIT)
    if country == "NL":
        return country + check + s[4:8].translate(_BACK_TO_LETTER) + s[8:].translate(_BACK_TO_DIGIT)
    return country + check + s[4:].translate(_BACK_TO_DIGIT)


def own_elfproef(d: str, weights: tuple[int, ...]) -> bool:
    total = 0
    for digit, weight in zip(d, weights):
        total += int(digit) * weight
    return len(d) == len(weights) and total % 11 == 0


def own_mod97(iban: str) -> bool:
    """Mod-97 piece by piece, the way it is done by hand (no big integer)."""
    rearranged = iban[4:] + iban[:4]
    remainder = 0
    for ch in rearranged:
        value = ord(ch) - ord("A") + 10 if ch.isalpha() else int(ch)
        for digit in str(value):
            remainder = (remainder * 10 + int(digit)) % 97
    return remainder == 1


LENGTHS = {"NL": 18, "BE": 16, "DE": 22}


def test_every_bsn_passes_the_elfproef_by_two_hands(records):
    bsns = spans(records, "BSN")
    assert len(bsns) >= 40
    for text in bsns:
        d = read_digits(text)
        assert annotated_parts.bsn_ok(d), text
        assert own_elfproef(d, (9, 8, 7, 6, 5, 4, 3, 2, -1)), text


def test_every_iban_passes_mod97_by_two_hands_and_old_accounts_their_checks(records):
    ibans, accounts, giros = [], [], []
    for text in spans(records, "IBAN"):
        if len(re.sub(r"[^0-9A-Za-z]", "", text)) >= 15:  # an IBAN; a giro or old account has at most nine digits
            ibans.append(text)
        else:
            d = read_digits(text)
            (accounts if len(d) == 9 else giros).append(text)
            assert len(d) == 9 or 3 <= len(d) <= 7, text
    assert len(ibans) >= 30 and len(accounts) >= 25 and len(giros) >= 25
    for text in ibans:
        iban = read_iban(text)
        assert annotated_parts.iban_ok(iban, LENGTHS), text
        assert own_mod97(iban) and LENGTHS[iban[:2]] == len(iban), text
    for text in accounts:  # the old Dutch bank account's 11-proef, weights 9..1
        assert own_elfproef(read_digits(text), (9, 8, 7, 6, 5, 4, 3, 2, 1)), text
        assert part.bank_valid(read_digits(text)), text
    # an IBAN written in later next to the giro or account it replaced holds the same number
    pairs = 0
    for r in records:
        for a, b in zip(r["spans"], r["spans"][1:]):
            between = r["text"][a["end"] : b["start"]]
            if a["category"] == b["category"] == "IBAN" and between == " = " and b["text"][:1].isalpha():
                pairs += 1
                assert read_iban(b["text"]).endswith(read_digits(a["text"]).zfill(10)), (r["id"], a, b)
    assert pairs >= 5


def test_category_counts_pinned(records):
    counts = Counter(s["category"] for r in records for s in r["spans"])
    assert dict(counts) == PINNED
    assert sum(len(r["keep"]) for r in records) == KEEP_COUNT


PINNED = {
    "PERSOON": 850,
    "DATUM": 658,
    "LOCATIE": 384,
    "PATIENTNUMMER": 291,
    "ADRES": 279,
    "TELEFOON": 242,
    "INSTELLING": 208,
    "POSTCODE": 149,
    "IBAN": 133,
    "GEBOORTEDATUM": 127,
    "POLISNUMMER": 70,
    "BSN": 42,
    "EMAIL": 42,
    "LEEFTIJD": 32,
    "AGB": 20,
    "URL": 19,
    "UZI": 11,
}
KEEP_COUNT = 471


def test_theme_archive_notations(records):
    dates = spans(records, "DATUM", "GEBOORTEDATUM")
    roman = [t for t in dates if re.search(r"^\d{1,2}[- ](?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)[- ]'?\d{2,4}$", t)]
    assert len(roman) >= 40
    # OCR read the Roman II as 11: '3-11-1987' stands as it was read
    assert any(re.fullmatch(r"\d{1,2}-[1lI]{2}-\d{2,4}", t) for t in dates)
    assert len([t for t in dates if re.search(r"['’]\d{2}$", t)]) >= 60
    assert len([t for t in dates if re.fullmatch(r"[a-z]+\.? ['’]\d{2}", t)]) >= 3  # 'nov. '86': a month and a year
    assert len([t for t in dates if re.fullmatch(r"\d{1,2} [A-Z]{1,4} \d{4}", t)]) >= 3  # a postmark '14 III 1986'

    phones = spans(records, "TELEFOON")
    assert len([t for t in phones if re.match(r"\(0\d{4}\)", t)]) >= 8  # a village's five-digit code in brackets
    local = [t for t in phones if not t.startswith(("0", "(", "+")) and len(read_digits(t)) <= 6]
    assert len(local) >= 10  # 'tel. 12345': the local number alone
    assert len([t for t in phones if re.match(r"0[1-9]0\D", t) and len(read_digits(t)) == 9]) >= 8  # before 1995
    assert len([t for t in phones if len(read_digits(t)) == 10 and t.startswith("0")]) >= 30  # after 1995

    postcodes = spans(records, "POSTCODE")
    assert len([t for t in postcodes if re.fullmatch(r"\d{4}", t)]) >= 3  # digits alone before a place
    assert len([t for t in postcodes if "  " in t]) >= 3
    assert len([t for t in postcodes if re.search(r"[a-z]{2}$", t)]) >= 3
    assert not any(t[-2:].upper() in ("SA", "SD", "SS") for t in postcodes)

    numbers = spans(records, "TELEFOON", "BSN", "IBAN", "PATIENTNUMMER", "POLISNUMMER", "DATUM", "GEBOORTEDATUM")
    ocr_read = [
        t for t in numbers if re.search(r"\d[OolIS B]\d|\d[OolISB]$|^[OolI]\d", t.replace(" ", "  ").replace("  ", " "))
    ]
    assert len(ocr_read) >= 30

    persons = spans(records, "PERSOON")
    sorted_names = [
        t for t in persons if re.match(r"[^,]+, (?:van der|van den|van 't|van|v\.d\.|v\.|de|ter|in 't), ", t)
    ]
    assert len(sorted_names) >= 3  # 'Meulen, van der, H.': the card's sorting notation, one span
    paraafs = [t for t in persons if re.fullmatch(r"[A-Z]{1,2}(?:vd|v|d)?[A-Z]", t)]
    assert len(paraafs) >= 20

    in_file_names = 0
    split_lines = 0
    for r in records:
        for s in r["spans"]:
            if r["text"][s["end"] : s["end"] + 4] == ".tif" and r["text"][s["start"] - 1] == "_":
                assert s["category"] == "PERSOON"
                in_file_names += 1
            if "\n" in s["text"]:
                split_lines += 1
    assert in_file_names >= 5 and split_lines >= 5

    # a two-column card read column by column: the labels stand in a row of their own, far from the values
    out_of_order = 0
    for r in records:
        if r["kind"] == "kaart_kolommen":
            first = min((s["start"] for s in r["spans"]), default=0)
            if re.search(r"(?m)^(?:Naam|Kaart|Datum|DATUM|Dat\.)\b", r["text"][:first]) or "Naam: Adres:" in r["text"]:
                out_of_order += 1
    assert out_of_order >= 15

    # giro and bank account numbers are IBAN spans; the bank's name and the label stay outside
    for r in records:
        for s in r["spans"]:
            if s["category"] == "IBAN":
                before = r["text"][max(0, s["start"] - 30) : s["start"]].lower()
                assert not re.search(r"[a-z0-9]\Z", before), (r["id"], s)
    keep = [k["text"] for r in records for k in r["keep"]]
    assert any(k.startswith("Angle klasse") for k in keep) and any(k.startswith("Le Fort") for k in keep)
