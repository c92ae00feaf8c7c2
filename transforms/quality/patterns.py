"""Patterns of direct identifiers in text, for the release gate: BSN, e-mail, Dutch phone, IBAN, address.

Pure ``re`` plus the checksums of ``transforms.sources.dutch`` (the project's only 11-proef and mod-97),
so this module is light enough for any task. The shapes follow the text anonymiser's Presidio
recognizers (``transforms/text/recognizers.py``) so both stages agree on what an identifier looks like;
the gate is deliberately strict (a false alarm blocks a release, a miss leaks a person).

Each ``find_*`` returns how many validated matches a string holds; ``kinds_in`` lists the kinds found.
No function returns or logs the matched text.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from transforms.sources.dutch import is_valid_bsn, is_valid_iban

# 9 digits, or groups 3-3-3 / 4-2-3 with dots, spaces or dashes; not part of a longer number.
BSN_CANDIDATE = re.compile(r"(?<![\w.,:-])(?:\d{9}|\d{3}[ .-]\d{3}[ .-]\d{3}|\d{4}[ .-]\d{2}[ .-]\d{3})(?![\w]|[.,:-]\d)")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}(?![\w-])", re.IGNORECASE)
PHONE_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)\s?31[\s.\-]*(?:\(0\)[\s.\-]*)?\(?\d\)?(?:[\s.\-]?\(?\d\)?){7,9}(?!\d)")
PHONE_NATIONAL = re.compile(r"(?<![\w+])\(?0\d{1,3}\)?[\s.\-/]*\d(?:[\s.\-]?\d){5,8}(?!\d)")
IBAN_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{1,4}){3,8}")
# A full postcode (PC6; SA, SD, SS are not issued) next to a house number, in either order:
# "1234 AB 12", "1234AB, 12a", "Dorpsstraat 12, 1234 AB", "nr. 5 1234 AB".
_PC6 = r"[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}"
_HOUSE = r"\d{1,5}(?:\s?[a-zA-Z]|\s?-\s?\d{1,3}|\s?hs)?"
POSTCODE_HOUSE_NUMBER = re.compile(
    rf"(?<![\w]){_PC6}(?![A-Za-z])[\s,]+(?:nr\.?\s*)?{_HOUSE}(?![\w])"
    rf"|(?<![\w]){_HOUSE}[\s,]+{_PC6}(?![\w])")


def _phone_digits_ok(text: str) -> bool:
    digits = re.sub(r"\D", "", text.replace("(0)", ""))
    stripped = text.lstrip()
    if digits.startswith("0031"):
        return len(digits) == 13
    if stripped.startswith("+"):
        return digits.startswith("31") and len(digits) == 11
    return len(digits) == 10 and digits.startswith("0")


def find_bsn(text: str) -> int:
    """Number of BSN-shaped numbers in ``text`` that pass the 11-proef."""
    return sum(1 for m in BSN_CANDIDATE.finditer(text) if is_valid_bsn(m.group(0)))


def find_email(text: str) -> int:
    return sum(1 for _ in EMAIL.finditer(text))


def find_phone(text: str) -> int:
    """Dutch phone numbers (mobile, landline, +31/0031), validated by digit count."""
    spans: list[tuple[int, int]] = []
    for pattern in (PHONE_INTERNATIONAL, PHONE_NATIONAL):  # "0031 ..." fits both: count it once
        for m in pattern.finditer(text):
            if _phone_digits_ok(m.group(0)) and not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append(m.span())
    return len(spans)


def find_iban(text: str) -> int:
    """IBANs passing mod-97; a candidate is trimmed from the right so trailing words cannot hide one."""
    found = 0
    for m in IBAN_CANDIDATE.finditer(text):
        candidate = m.group(0)
        while len(candidate) >= 15:
            if is_valid_iban(candidate):
                found += 1
                break
            cut = candidate.rfind(" ")
            candidate = candidate[:cut].rstrip() if cut > 0 else candidate[:-1]
    return found


def find_postcode_house_number(text: str) -> int:
    return sum(1 for _ in POSTCODE_HOUSE_NUMBER.finditer(text))


FINDERS: dict[str, Callable[[str], int]] = {
    "bsn": find_bsn,
    "email": find_email,
    "phone": find_phone,
    "iban": find_iban,
    "postcode_house_number": find_postcode_house_number,
}


def kinds_in(text: str) -> list[str]:
    """The kinds of direct identifier present in ``text`` (names only, never the values)."""
    return [kind for kind, finder in FINDERS.items() if finder(text)]
