"""Who a subject request is about: :class:`PersonQuery`, validated and normalised, and its keyed hashes.

This module is the **seam** between intake (the CLI and the form store a request) and locate (find the person
in every practice system, the archive, staging, anonymised text and research releases): intake builds a
``PersonQuery`` from what the officer typed, stores it encrypted, and later hands it to
``transforms.requests.locate.locate``. Nothing else about the person crosses the seam.

Rules, so the two sides cannot disagree on what a value means:

- every value is normalised once, here, when the query is made (``PersonQuery(...)`` normalises in
  ``__post_init__``): a BSN is 9 digits that pass the 11-proef (``transforms.identifiers.checksums``);
  an e-mail address is trimmed and lower-cased, matched against the same pattern the text layer uses
  (``transforms.identifiers.direct.EMAIL``); a phone number is the Dutch national form ``0XXXXXXXXX``
  (``+31 6 ...``, ``0031 ...``, ``(020) ...`` all become ``06...`` / ``020...``); a name keeps what was typed
  (locate does its own tolerant matching) with its whitespace collapsed;
- a query must identify someone: at least one identifier that points at one record (BSN, a patient,
  employee or applicant number), an e-mail address or phone number (a website visitor may have nothing
  else), or a name **with** a date of birth; a name alone is refused (namesakes are common);
- errors (:class:`IdentityError`) name the field and the rule, **never the value**: a message may end up in
  a log, a terminal scroll-back or an HTTP response.

:func:`identity_keys` gives the keyed hashes (HMAC-SHA256) the register compares to find duplicate requests,
so two requests are matched without the identifiers ever being compared (or stored) in the clear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, fields

from transforms.identifiers.checksums import is_valid_bsn
from transforms.identifiers.direct import EMAIL
from transforms.identifiers.notation import normalise

__all__ = [
    "IdentityError",
    "PersonQuery",
    "identity_keys",
    "normalise_bsn",
    "normalise_email",
    "normalise_phone",
    "normalise_name",
    "fold_name",
]

MAX_LENGTH = 200  # far beyond any real identifier; a longer value is a paste accident or an attack
_SOURCE = re.compile(r"[a-z][a-z0-9_]{0,63}")  # source names as config/sources/*.yml spells them
_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,63}")  # patient, employee and applicant numbers
_PHONE_SEPARATORS = re.compile(r"[\s.\-/()]")
_SEPARATOR = "\x1f"  # cannot occur in a normalised value: the kind and the value cannot run together


class IdentityError(ValueError):
    """A person's identifiers are missing or invalid. The message names the field and the rule, never the
    value, so it can be printed and logged as it is."""


def _clean(value: str, field: str) -> str:
    """``value`` in the normalised notation (NFKC, every space a space, every dash a dash), trimmed."""
    if not isinstance(value, str):
        raise IdentityError(f"{field}: expected text")
    if len(value) > MAX_LENGTH:
        raise IdentityError(f"{field}: longer than {MAX_LENGTH} characters")
    # the same normalisation the text layer detects identifiers in: a BSN typed with fullwidth digits or a
    # no-break space is the same BSN
    return normalise(value).text.strip()


def normalise_bsn(value: str) -> str:
    """A BSN as its 9 digits (dots, spaces, dashes dropped; 8 digits get their leading zero back); refuses
    one that fails the 11-proef."""
    text = _clean(value, "bsn")
    if not is_valid_bsn(text):
        raise IdentityError("bsn: not a valid BSN (9 digits passing the 11-proef)")
    return re.sub(r"[\s.\-]", "", text).zfill(9)


def normalise_email(value: str) -> str:
    """An e-mail address trimmed and lower-cased (the domain is case-insensitive, and in practice every
    mailbox we meet is too); refuses anything that is not one address."""
    text = _clean(value, "email").lower()
    if EMAIL.fullmatch(text) is None:
        raise IdentityError("email: not an e-mail address")
    return text


def normalise_phone(value: str) -> str:
    """A Dutch phone number in national form (``0612345678``, ``0201234567``): ``+31``/``0031`` become ``0``,
    a ``(0)`` after the country code is dropped, separators removed. Foreign numbers keep ``+`` and digits."""
    text = _PHONE_SEPARATORS.sub("", _clean(value, "phone").replace("(0)", ""))
    if text.startswith("0031"):
        text = "+31" + text[4:]
    if text.startswith("+31"):
        text = "0" + text[3:]
    if text.startswith("+"):
        if not text[1:].isdecimal() or not 8 <= len(text) - 1 <= 15:  # E.164: at most 15 digits
            raise IdentityError("phone: not a phone number")
        return text
    if not text.isdecimal() or len(text) != 10 or not text.startswith("0"):
        raise IdentityError("phone: not a Dutch phone number (10 digits starting with 0, or +31 and 9 digits)")
    return text


def normalise_name(value: str) -> str:
    """A name as typed ("Jan de Vries", "J. de Vries", "de Vries, Jan"), whitespace collapsed. Matching
    (diacritics, prefixes, initials, "surname, first name") is locate's job; see :func:`fold_name`."""
    text = " ".join(_clean(value, "name").split())
    if not text or not any(ch.isalpha() for ch in text):
        raise IdentityError("name: expected a name")
    return text


def fold_name(value: str) -> str:
    """The form of a name compared for duplicates: diacritics removed, lower case, "surname, first" turned
    round, punctuation dropped ("de Vries, Jan" == "Jan de Vries" == "JAN DE VRIËS")."""
    text = normalise_name(value)
    if text.count(",") == 1:  # "de Vries, Jan" -> "Jan de Vries"
        surname, first = (part.strip() for part in text.split(","))
        text = f"{first} {surname}"
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^\w\s]", " ", plain).split())


def _number(value: str, field: str) -> str:
    text = _clean(value, field)
    if _NUMBER.fullmatch(text) is None:
        raise IdentityError(f"{field}: expected letters, digits, '.', '_', '/' or '-' (at most 64)")
    return text


def _patient_number(pair: object) -> tuple[str, str]:
    if not isinstance(pair, tuple) or len(pair) != 2:
        raise IdentityError("patient_numbers: expected (source name, patient number) pairs")
    source, number = pair
    source = _clean(source, "patient_numbers.source").lower()
    if _SOURCE.fullmatch(source) is None:
        raise IdentityError("patient_numbers.source: expected a source name (letters, digits, '_')")
    return source, _number(number, "patient_numbers.number")


@dataclass(frozen=True)
class PersonQuery:
    """What identifies the person a request is about; every field optional, normalised when made.

    At least one of ``bsn``, ``patient_numbers``, ``employee_number``, ``applicant_number``, ``email``,
    ``phone``, or ``name`` together with ``date_of_birth``. Construction raises :class:`IdentityError`
    (field and rule, never the value). ``repr`` shows which fields are set, never their values, so a query
    printed in a traceback or a log line gives nothing away.
    """

    bsn: str | None = None
    patient_numbers: tuple[tuple[str, str], ...] = ()  # (source name, patient number)
    email: str | None = None
    phone: str | None = None
    name: str | None = None  # as typed: "Jan de Vries", "J. de Vries", "de Vries, Jan"
    date_of_birth: dt.date | None = None
    employee_number: str | None = None
    applicant_number: str | None = None

    def __post_init__(self) -> None:
        # frozen: normalised values are written with object.__setattr__, once, here
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        put("bsn", None if self.bsn in (None, "") else normalise_bsn(self.bsn))
        put("email", None if self.email in (None, "") else normalise_email(self.email))
        put("phone", None if self.phone in (None, "") else normalise_phone(self.phone))
        put("name", None if self.name in (None, "") else normalise_name(self.name))
        put(
            "employee_number",
            None if self.employee_number in (None, "") else _number(self.employee_number, "employee_number"),
        )
        put(
            "applicant_number",
            None if self.applicant_number in (None, "") else _number(self.applicant_number, "applicant_number"),
        )
        if isinstance(self.patient_numbers, (str, bytes)) or not isinstance(self.patient_numbers, (tuple, list)):
            raise IdentityError("patient_numbers: expected (source name, patient number) pairs")
        # sorted and de-duplicated: the same query typed in another order is the same query
        put(
            "patient_numbers",
            tuple(sorted({_patient_number(tuple(p) if isinstance(p, list) else p) for p in self.patient_numbers})),
        )
        if self.date_of_birth is not None:
            if isinstance(self.date_of_birth, dt.datetime) or not isinstance(self.date_of_birth, dt.date):
                raise IdentityError("date_of_birth: expected a date")
            if not dt.date(1880, 1, 1) <= self.date_of_birth <= dt.date(2200, 1, 1):
                raise IdentityError("date_of_birth: not a plausible date of birth")
        if self.name is not None and self.date_of_birth is None and not (self.strong or self.contact):
            raise IdentityError(
                "name: a name alone does not identify a person; add the date of birth or another identifier"
            )
        if not (self.strong or self.contact or (self.name and self.date_of_birth)):
            raise IdentityError(
                "no identifier: give a BSN, a patient, employee or applicant number, an e-mail "
                "address, a phone number, or a name with a date of birth"
            )

    @property
    def strong(self) -> bool:
        """True when an identifier that points at one record is given (BSN, patient/employee/applicant number)."""
        return bool(self.bsn or self.patient_numbers or self.employee_number or self.applicant_number)

    @property
    def contact(self) -> bool:
        """True when an e-mail address or phone number is given (shared within families: a weak match)."""
        return bool(self.email or self.phone)

    def kinds(self) -> tuple[str, ...]:
        """The names of the fields that are set (what a log line or the audit chain may say about a query)."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name) not in (None, ()))

    def to_dict(self) -> dict:
        """The query as JSON-able data (for encryption at rest; never for a log)."""
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, ()):
                continue
            if f.name == "patient_numbers":
                value = [list(pair) for pair in value]
            elif f.name == "date_of_birth":
                value = value.isoformat()
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "PersonQuery":
        """The inverse of :meth:`to_dict` (validates again: stored data is not trusted more than typed data)."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise IdentityError(f"unknown identifier field(s): {', '.join(sorted(unknown))}")
        values = dict(data)
        if "patient_numbers" in values:
            values["patient_numbers"] = tuple(tuple(pair) for pair in values["patient_numbers"])
        if isinstance(values.get("date_of_birth"), str):
            try:
                values["date_of_birth"] = dt.date.fromisoformat(values["date_of_birth"])
            except ValueError:
                raise IdentityError("date_of_birth: expected YYYY-MM-DD") from None
        return cls(**values)

    def __repr__(self) -> str:
        return f"PersonQuery(<{', '.join(self.kinds()) or 'empty'}>)"

    __str__ = __repr__


def identity_keys(query: PersonQuery, key: bytes) -> frozenset[str]:
    """Keyed hashes (HMAC-SHA256 under ``key``) of the query's identifiers that single a person out: BSN,
    each patient number with its source, employee and applicant number, and name + date of birth.

    Two requests are about the same person when their keys overlap. E-mail and phone are left out on purpose:
    family members share them, and a duplicate flag must not link a child's request to a parent's.
    """
    values: list[tuple[str, str]] = []
    if query.bsn:
        values.append(("bsn", query.bsn))
    values += [("patient", f"{source}{_SEPARATOR}{number}") for source, number in query.patient_numbers]
    if query.employee_number:
        values.append(("employee", query.employee_number))
    if query.applicant_number:
        values.append(("applicant", query.applicant_number))
    if query.name and query.date_of_birth:
        values.append(("name_dob", f"{fold_name(query.name)}{_SEPARATOR}{query.date_of_birth.isoformat()}"))
    base = hmac.new(key, b"dcn-request-identity", hashlib.sha256)  # domain-separated from record-id hashes
    out = set()
    for kind, value in values:
        digest = base.copy()
        digest.update(f"{_SEPARATOR}{kind}{_SEPARATOR}{value}".encode("utf-8"))
        out.add(digest.hexdigest())
    return frozenset(out)
