"""The checks that make a number an identifier: the BSN 11-proef and the IBAN mod-97 (ISO 13616).

The project's only implementation: the stand-in values (``transforms.identifiers.dutch``, also behind
the synthetic practice systems in ``fixtures.practice``), the text recognizers, the shared notation finder
(``transforms.identifiers.direct``) and the quality gates all call these, so no two stages can disagree on whether a number is valid.
Pure Python, no imports from the rest of ``transforms`` (so anything may import it without a cycle).
"""

from __future__ import annotations

import re

# IBAN length per country (ISO 13616 registry): the countries Dutch patients and staff bank in, plus
# the rest of SEPA and the registry's other common members. A candidate is cut at its country's
# length, so a word or number written right after an IBAN cannot make a real IBAN fail its check.
IBAN_LENGTHS: dict[str, int] = {
    "NL": 18,
    "BE": 16,
    "DE": 22,
    "FR": 27,
    "ES": 24,
    "PL": 28,
    "LU": 20,
    "GB": 22,
    "IT": 27,
    "AT": 20,
    "CH": 21,
    "IE": 22,
    "PT": 25,
    "DK": 18,
    "SE": 24,
    "FI": 18,
    "NO": 15,
    "CZ": 24,
    "SK": 24,
    "HU": 28,
    "RO": 24,
    "BG": 22,
    "HR": 21,
    "SI": 19,
    "GR": 27,
    "CY": 28,
    "MT": 31,
    "LT": 20,
    "LV": 21,
    "EE": 20,
    "IS": 26,
    "LI": 21,
    "MC": 27,
    "TR": 26,
    "AD": 24,
    "SM": 27,
    "VA": 22,
    "GI": 23,
    "FO": 18,
    "GL": 18,
    "AL": 28,
    "BA": 20,
    "ME": 22,
    "MK": 19,
    "RS": 22,
    "UA": 29,
    "MD": 24,
    "GE": 22,
    "IL": 23,
    "SA": 24,
    "AE": 23,
    "QA": 29,
    "KW": 30,
    "BH": 22,
    "JO": 30,
    "LB": 28,
    "EG": 29,
    "TN": 24,
    "BR": 29,
}


# The separators a number is written with: compiled once, and skipped where there is none (the candidates the
# recognizers and the notation finder check, several per note, are mostly digits alone; issue 17, eleventh round).
_SEPARATORS = re.compile(r"[\s.\-]")
_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def _without_separators(value: object) -> str:
    text = str(value)
    return text if text.isdecimal() else _SEPARATORS.sub("", text)


def is_valid_bsn(value: str) -> bool:
    """The 11-proef on a BSN written with or without dots, spaces or dashes (8 digits: leading zero dropped)."""
    digits = _without_separators(value)
    if not digits.isdecimal() or len(digits) not in (8, 9):  # isdigit() would let int() fail on "²"
        return False
    digits = digits.zfill(9)
    if digits.isascii():  # the code points of ASCII digits, less 48 each: no int() per digit
        codes = digits.encode()
        total = sum(map(int.__mul__, codes[:8], _BSN_WEIGHTS)) - 48 * sum(_BSN_WEIGHTS) - (codes[8] - 48)
    else:  # other scripts' decimal digits ('٣'): int() reads them
        total = sum(map(int.__mul__, map(int, digits[:8]), _BSN_WEIGHTS)) - int(digits[8])
    return total % 11 == 0 and int(digits) != 0


def is_valid_belgian_national_number(value: str) -> bool:
    """The check of a Belgian rijksregisternummer (national number: YYMMDD, a serial, two check digits;
    '85.07.14-123.45'): 97 minus the first nine digits modulo 97, with a '2' in front for those born from 2000.
    A month of 0-12 (or 20-32 and 40-52, a BIS number's) and a day of 0-31; written with or without separators."""
    digits = _without_separators(value)
    if not digits.isdecimal() or len(digits) != 11:
        return False
    month, day = int(digits[2:4]) % 20, int(digits[4:6])
    if month > 12 or day > 31 or int(digits[2:4]) > 52:
        return False
    check = int(digits[9:])
    return check in (97 - int(digits[:9]) % 97, 97 - int("2" + digits[:9]) % 97)


def is_valid_german_health_insurance_number(value: str) -> bool:
    """The check digit of a German health-insurance number (Krankenversichertennummer, § 290 SGB V: a letter and nine
    digits, 'A123456780'): the letter as its place in the alphabet (two digits, A = 01), then the first eight digits,
    each of the ten weighted 1, 2, 1, 2 ..., the digits of each product added, the sum's last digit the ninth digit.
    Written with or without separators, in any case, with any script's decimal digits."""
    compact = "".join(c for c in str(value) if c.isalnum())
    if len(compact) != 10 or not ("A" <= compact[0].upper() <= "Z") or not compact[1:].isdecimal():
        return False
    digits = [int(c) for c in f"{ord(compact[0].upper()) - 64:02d}" + compact[1:9]]
    total = sum(sum(divmod(d * (1 + i % 2), 10)) for i, d in enumerate(digits))
    return total % 10 == int(compact[9])


def iban_check_digits(country: str, bban: str) -> str:
    """The two check digits that make ``country + digits + bban`` pass mod-97."""
    rearranged = bban + country + "00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def is_valid_iban(value: str) -> bool:
    """ISO 13616 mod-97 check; spaces are ignored."""
    compact = "".join(str(value).split()).upper()
    if len(compact) < 15 or len(compact) > 34 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    if not compact.isalnum() or not compact.isascii():  # int(ch, 36) takes ASCII letters only
        return False
    numeric = "".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])
    return int(numeric) % 97 == 1
