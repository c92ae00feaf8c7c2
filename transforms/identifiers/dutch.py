"""Dutch stand-in values that look real and pass their checks: names, addresses, phone numbers, IBANs, BSNs.

The text anonymiser's surrogate mode replaces a found identifier with one of these
(``transforms.text.engine``); the synthetic practice systems (``fixtures.practice``) draw their people
and addresses from the same functions and lists, so there is one implementation of each. The lists
are data (``transforms/lexicon/data``: ``given_names_*.txt``, ``surnames.tsv``, ``streets.txt``,
``places.tsv``, ``bank_codes.txt``), read in file order: every function takes a ``random.Random`` and a
seeded draw picks by position, so the same seed gives the same values.
"""

from __future__ import annotations

import random
import string
import unicodedata
from dataclasses import dataclass

from transforms import lexicon
from transforms.identifiers.checksums import iban_check_digits


@dataclass(frozen=True)
class Place:
    """A town with the PC4 postcode range its practices and patients draw from."""

    city: str
    pc4_low: int
    pc4_high: int
    area_code: str  # landline netnummer
    province: str


FIRST_NAMES_F: list[str] = list(lexicon.entries("given_names_female"))
FIRST_NAMES_M: list[str] = list(lexicon.entries("given_names_male"))
# (tussenvoegsel, surname); the tussenvoegsel is '' when there is none.
SURNAMES: list[tuple[str, str]] = list(lexicon.table("surnames", str, str))
STREET_NAMES: list[str] = list(lexicon.entries("streets"))
_PLACE_ROWS = lexicon.table("places", str, int, int, str, str, float)
PLACES: list[Place] = [Place(*row[:5]) for row in _PLACE_ROWS]
PLACE_WEIGHTS: list[float] = [row[5] for row in _PLACE_ROWS]  # roughly by population, villages rare
BANK_CODES: list[str] = list(lexicon.entries("bank_codes"))
EMAIL_DOMAINS = [
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "ziggo.nl",
    "kpnmail.nl",
    "live.nl",
    "xs4all.nl",
    "planet.nl",
    "icloud.com",
]


def weighted_place(rng: random.Random) -> Place:
    return rng.choices(PLACES, weights=PLACE_WEIGHTS, k=1)[0]


def full_surname(prefix: str, surname: str) -> str:
    return f"{prefix} {surname}".strip()


def bsn(rng: random.Random) -> str:
    """A random 9-digit number that passes the 11-proef."""
    while True:
        head = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(d * w for d, w in zip(head, range(9, 1, -1))) % 11
        if check < 10:
            return "".join(map(str, head)) + str(check)


def iban_nl(rng: random.Random) -> str:
    """A Dutch IBAN (compact form, e.g. NL91ABNA0417164300) with valid check digits."""
    bban = rng.choice(BANK_CODES) + "".join(rng.choice(string.digits) for _ in range(10))
    return "NL" + iban_check_digits("NL", bban) + bban


def format_iban(compact: str) -> str:
    """The printed form, in groups of four: NL91 ABNA 0417 1643 00."""
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def mobile_number(rng: random.Random) -> str:
    """A Dutch mobile number in its canonical national form: 06 followed by 8 digits."""
    return "06" + "".join(rng.choice(string.digits) for _ in range(8))


def landline_number(rng: random.Random, place: Place) -> str:
    """A landline number with the place's area code: 10 digits in national form."""
    rest = 10 - len(place.area_code)
    return place.area_code + str(rng.randint(2, 9)) + "".join(rng.choice(string.digits) for _ in range(rest - 1))


def format_phone(rng: random.Random, national: str) -> str:
    """One of the ways Dutch people write a phone number, chosen at random."""
    if national.startswith("06"):
        digits = national[2:]
        return rng.choice(
            [
                f"06-{digits}",
                f"06 {digits}",
                f"06 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}",
                f"+31 6 {digits[:2]} {digits[2:4]} {digits[4:6]} {digits[6:]}",
                f"+316{digits}",
                f"0031 6 {digits}",
                f"06{digits}",
                f"(06) {digits[:4]} {digits[4:]}",
            ]
        )
    area = national[:4] if national.startswith(("0519",)) else national[:3]
    rest = national[len(area) :]
    return rng.choice(
        [
            f"{area}-{rest}",
            f"{area} {rest}",
            f"({area}) {rest}",
            f"+31 {area[1:]} {rest}",
            f"0031 {area[1:]} {rest}",
            f"{area}-{rest[:3]} {rest[3:]}",
            national,
        ]
    )


def postcode(rng: random.Random, place: Place) -> str:
    """A postcode in the place's PC4 range, written '1213 AB'. SA, SD and SS are not issued."""
    pc4 = rng.randint(place.pc4_low, place.pc4_high)
    while True:
        letters = rng.choice(string.ascii_uppercase) + rng.choice(string.ascii_uppercase)
        if letters not in {"SA", "SD", "SS"}:
            return f"{pc4} {letters}"


def house_number(rng: random.Random) -> str:
    number = str(rng.randint(1, 250))
    suffix = rng.choices(["", "a", "b", "-2", " hs", "-1"], weights=[85, 4, 3, 3, 3, 2])[0]
    return number + suffix


def _ascii_fold(value: str) -> str:
    value = value.replace("ł", "l").replace("Ł", "L").replace("ı", "i")
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower()


def email_address(rng: random.Random, first: str, prefix: str, surname: str) -> str:
    """An e-mail address made of the name, at a mail provider Dutch people use."""
    last = _ascii_fold((prefix + surname).replace(" ", "").replace("'", ""))
    first_ascii = _ascii_fold(first)
    domain = rng.choice(EMAIL_DOMAINS)
    local = rng.choice(
        [
            f"{first_ascii}.{last}",
            f"{first_ascii[0]}{last}",
            f"{first_ascii}{rng.randint(1, 99)}",
            f"{last}.{first_ascii}",
        ]
    )
    return f"{local}@{domain}"
