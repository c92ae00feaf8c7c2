"""Direct identifiers in text, for the release gate: BSN, e-mail, Dutch phone, IBAN, postcode + house number.

A thin view of ``transforms.identifiers.direct``, the one finder the text engine, the pipeline's second
scan and this gate share (notation normalisation, loose boundaries, the 11-proef and mod-97 of
``transforms.identifiers.checksums``): what the engine replaces and the second scan withholds is exactly
what the gate looks for, so the three layers cannot disagree. The gate stays strict (a false alarm
blocks a release, a miss leaks a person).

Each ``find_*`` returns how many validated matches a string holds; ``kinds_in`` lists the kinds found.
No function returns or logs the matched text.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from transforms.identifiers import direct


@lru_cache(maxsize=1024)
def _findings(text: str) -> tuple[direct.Finding, ...]:
    """The gate asks once per kind for each distinct value: find once (bounded cache, values only)."""
    return direct.find(text)


def find_bsn(text: str) -> int:
    """Number of BSNs (9 digits passing the 11-proef, in any notation) in ``text``."""
    return direct.count(text, "bsn", _findings(text))


def find_email(text: str) -> int:
    """Number of e-mail addresses in ``text``."""
    return direct.count(text, "email", _findings(text))


def find_phone(text: str) -> int:
    """Dutch phone numbers (mobile, landline, +31/0031), validated by digit count."""
    return direct.count(text, "phone", _findings(text))


def find_iban(text: str) -> int:
    """IBANs of a registry country, at that country's length, passing mod-97."""
    return direct.count(text, "iban", _findings(text))


def find_postcode_house_number(text: str) -> int:
    """A full postcode next to a house number ('1234 AB 12', 'Dorpsstraat 12, 1234 AB')."""
    return direct.count(text, "postcode_house_number", _findings(text))


FINDERS: dict[str, Callable[[str], int]] = {
    "bsn": find_bsn,
    "email": find_email,
    "phone": find_phone,
    "iban": find_iban,
    "postcode_house_number": find_postcode_house_number,
}
if tuple(FINDERS) != direct.KINDS:  # one list of kinds: a kind the finder gains must get a gate check too
    raise ImportError("transforms.quality.patterns.FINDERS does not match transforms.identifiers.direct.KINDS")


def kinds_in(text: str) -> list[str]:
    """The kinds of direct identifier present in ``text`` (names only, never the values)."""
    present = {f.kind for f in _findings(text)}
    return [kind for kind in direct.KINDS if kind in present]
