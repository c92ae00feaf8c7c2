"""Does a record belong to the person a request is about? Evidence per identifier, and a level.

Rules (issue 13; ``docs/subject_requests.md``):

- **exact** on strong identifiers: BSN, a patient number *in its own practice system*, employee number,
  applicant number;
- **normalised** on e-mail (trimmed, lower case) and phone (Dutch national form: ``+31 6``, ``0031 6``,
  ``06-``, ``(06)`` are one number): the same normalisation :mod:`transforms.requests.identity` applies to
  the query, so both sides agree;
- **names** tolerant to diacritics (Zoë = Zoe), to where the tussenvoegsel is kept (``van der`` as prefix
  column or inside the surname), to the order typed ("de Vries, Jan") and to initials ("J. de Vries"
  fits Jan, not Piet); a name is only ever supporting evidence, never enough on its own.

A record that contradicts what the request says (another BSN, another date of birth, another surname) is not
the person, whatever else fits: that is what keeps a namesake or a family member sharing an e-mail address
out. The levels:

- ``exact``: a strong identifier matches and nothing contradicts it;
- ``probable``: two independent pieces fit (name + date of birth, name + e-mail/phone, e-mail/phone + date
  of birth, e-mail + phone);
- ``weak``: one piece only (an e-mail address a family shares, a phone number), or a strong identifier
  that fits while the name or birth date does not: both go to a person to decide, never guessed.

Nothing here logs or raises with a value in it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from transforms.requests.identity import PersonQuery

Level = Literal["exact", "probable", "weak", "none"]

# Dutch (and Flemish, German, French) surname prefixes (tussenvoegsels). Folded names drop them: the same
# person is "van der Heijden" in one system and "Heijden, van der" or prefix "van der" + "Heijden" in another.
PREFIX_WORDS = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "het",
        "t",
        "te",
        "ter",
        "ten",
        "in",
        "op",
        "onder",
        "over",
        "uit",
        "aan",
        "bij",
        "voor",
        "la",
        "le",
        "du",
        "da",
        "di",
        "del",
        "des",
        "von",
        "zu",
        "vd",
        "v",
        "d",
    }
)
STRONG_KINDS = ("bsn", "patient_number", "employee_number", "applicant_number")


def fold(text: str | None) -> str:
    """Lower case without diacritics, letters and spaces only ("Zoë" -> "zoe", "Yılmaz" -> "yilmaz",
    "Jansen-de Vries" -> "jansen de vries"). Dotless ı and ß have no decomposition, so they are mapped."""
    if not text:
        return ""
    text = text.replace("ı", "i").replace("ß", "ss").replace("ø", "o").replace("Ø", "o").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z]+", " ", plain).split())


def surname_key(*parts: str | None) -> str:
    """The surname with every prefix word dropped, letters only: ("van der", "Heijden") -> "heijden"."""
    words = fold(" ".join(p for p in parts if p)).split()
    return "".join(w for w in words if w not in PREFIX_WORDS)


def surname_tokens(*parts: str | None) -> tuple[str, ...]:
    """The folded words of a surname that are not prefixes (what the lookup index keys names on)."""
    words = fold(" ".join(p for p in parts if p)).split()
    return tuple(w for w in words if w not in PREFIX_WORDS and len(w) > 1)


@dataclass(frozen=True)
class ParsedName:
    """A name split into given names (or initials) and the surname key."""

    given: tuple[str, ...]  # folded given names; an initial is a one-letter entry
    surname: str  # surname_key
    tokens: tuple[str, ...]  # surname_tokens

    @property
    def initials(self) -> str:
        return "".join(g[0] for g in self.given)

    @property
    def only_initials(self) -> bool:
        return bool(self.given) and all(len(g) == 1 for g in self.given)


def parse_typed_name(text: str) -> ParsedName:
    """A name as typed: "Jan de Vries", "J. de Vries", "J.P. de Vries", "de Vries, Jan", "Vries, J. de".

    Without a comma the given names are the leading words up to the first prefix word, or all words but the
    last: a surname is one word unless a prefix starts it (a double name with a hyphen is one word)."""
    raw = " ".join(text.split())
    # "v.d." / "v/d" is how "van der"/"van de"/"van den" is abbreviated; spelled out so it is not two initials
    raw = re.sub(r"(?i)(?<!\w)v\s?[./]\s?d\.?(?=\s)", "van der", raw)
    if raw.count(",") == 1:
        surname_part, given_part = (p.strip() for p in raw.split(","))
        # "Vries, J. de": a trailing prefix belongs to the surname
        given_words = given_part.replace(".", ". ").split()
        prefix = [w for w in given_words if fold(w) in PREFIX_WORDS and len(fold(w)) > 1]
        given = [w for w in given_words if w not in prefix]
        return _parsed(given, surname_part + " " + " ".join(prefix))
    # "J.P." is two initials; keep hyphenated surnames together
    words = raw.replace(".", ". ").split()
    given: list[str] = []
    for index, word in enumerate(words):
        starts_surname = index > 0 and ((fold(word) in PREFIX_WORDS and len(fold(word)) > 1) or "-" in word)
        if index == len(words) - 1 or starts_surname:
            return _parsed(given, " ".join(words[index:]))
        given.append(word)
    return _parsed(given, "")


def parse_stored_name(
    first_name: str | None, name_prefix: str | None, last_name: str | None, initials: str | None = None
) -> ParsedName:
    """A name as a practice system stores it, in separate columns."""
    given = [first_name] if first_name else [c for c in (initials or "") if c.isalpha()]
    return _parsed(given, " ".join(p for p in (name_prefix, last_name) if p))


def _parsed(given: list[str], surname: str) -> ParsedName:
    folded = tuple(f for f in (fold(g) for g in given) for f in [f.replace(" ", "")] if f)
    return ParsedName(folded, surname_key(surname), surname_tokens(surname))


def names_fit(query: ParsedName, record: ParsedName) -> Literal["full", "initials", "surname", "no", "unknown"]:
    """How a typed name fits a stored one: ``full`` (surname and first given name), ``initials`` (surname,
    and the initials agree), ``surname`` (only the surname could be compared), ``no`` (they contradict),
    ``unknown`` (nothing to compare)."""
    if not query.surname or not record.surname:
        return "unknown"
    if query.surname != record.surname:
        # a double name kept in one system, the first part only in another: "Jansen-de Vries" / "Jansen"
        if not (
            set(query.tokens) & set(record.tokens)
            and (set(query.tokens) <= set(record.tokens) or set(record.tokens) <= set(query.tokens))
        ):
            return "no"
    if not query.given or not record.given:
        return "surname"
    if query.only_initials or record.only_initials:
        # compare as many initials as both have: "J." fits "Jan", "J.P." does not fit "Piet"
        n = min(len(query.initials), len(record.initials))
        return "initials" if query.initials[:n] == record.initials[:n] else "no"
    return "full" if query.given[0] == record.given[0] else "no"


def normalise_email_value(value: Any) -> str | None:
    """A stored e-mail address as the query's normal form (trimmed, lower case); None when empty."""
    if not isinstance(value, str) or "@" not in value:
        return None
    return value.strip().lower()


def normalise_phone_value(value: Any) -> str | None:
    """A stored phone number in the query's normal form (``transforms.requests.identity.normalise_phone``),
    without raising on junk: a value that is not a phone number gives None."""
    if not isinstance(value, str):
        return None
    digits = re.sub(r"[\s.\-/()]", "", value.replace("(0)", ""))
    if digits.startswith("0031"):
        digits = "+31" + digits[4:]
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    if digits.startswith("+"):
        return digits if digits[1:].isdecimal() else None
    return digits if digits.isdecimal() and len(digits) == 10 else None


def normalise_bsn_value(value: Any) -> str | None:
    """A stored BSN as 9 digits (a number that lost its leading zero gets it back); None when empty."""
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value))
    return digits.zfill(9) if 8 <= len(digits) <= 9 else None


def as_date(value: Any) -> dt.date | None:
    """A stored date (date, datetime, pandas Timestamp or ISO text) as a date; None when absent or junk."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):
        try:
            return value.to_pydatetime().date()
        except ValueError:  # NaT
            return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class SubjectIdentity:
    """The identifying values of one record that stands for a person (a patient, employee, applicant,
    contact-form submission or supplier contact), already normalised. Built by :func:`identity_of`."""

    source_system: str
    entity: str
    bsn: str | None = None
    patient_number: str | None = None
    employee_number: str | None = None
    applicant_number: str | None = None
    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    name: ParsedName | None = None
    date_of_birth: dt.date | None = None


def identity_of(source_system: str, entity: str, row: dict) -> SubjectIdentity:
    """The identifying values of a canonical row of ``entity`` (canonical column names)."""

    def emails(*cols: str) -> frozenset[str]:
        return frozenset(v for v in (normalise_email_value(row.get(c)) for c in cols) if v)

    def phones(*cols: str) -> frozenset[str]:
        return frozenset(v for v in (normalise_phone_value(row.get(c)) for c in cols) if v)

    if entity == "patient":
        return SubjectIdentity(
            source_system,
            entity,
            bsn=normalise_bsn_value(row.get("bsn")),
            patient_number=(row.get("patient_number") or None),
            emails=emails("email"),
            phones=phones("phone_mobile", "phone_home"),
            name=parse_stored_name(
                row.get("first_name"), row.get("name_prefix"), row.get("last_name"), row.get("initials")
            ),
            date_of_birth=as_date(row.get("date_of_birth")),
        )
    if entity == "employee":
        return SubjectIdentity(
            source_system,
            entity,
            bsn=normalise_bsn_value(row.get("bsn")),
            employee_number=str(row["employee_id"]) if row.get("employee_id") is not None else None,
            emails=emails("email"),
            phones=phones("phone"),
            name=parse_stored_name(row.get("first_name"), row.get("name_prefix"), row.get("last_name")),
            date_of_birth=as_date(row.get("date_of_birth")),
        )
    if entity == "applicant":
        return SubjectIdentity(
            source_system,
            entity,
            applicant_number=str(row["applicant_id"]) if row.get("applicant_id") is not None else None,
            emails=emails("email"),
            phones=phones("phone"),
            name=parse_stored_name(row.get("first_name"), row.get("name_prefix"), row.get("last_name")),
        )
    if entity in ("contact_form", "supplier_contact"):
        name = row.get("name")
        return SubjectIdentity(
            source_system,
            entity,
            emails=emails("email"),
            phones=phones("phone"),
            name=parse_typed_name(name) if isinstance(name, str) and name.strip() else None,
        )
    raise ValueError(f"{entity}: not an entity that stands for a person")


@dataclass(frozen=True)
class Evidence:
    """What fitted and what contradicted, as identifier *kinds* (never values): safe to log and show."""

    level: Level
    fits: tuple[str, ...] = ()
    contradicts: tuple[str, ...] = ()
    reasons: tuple[str, ...] = field(default_factory=tuple)


def _query_name(query: PersonQuery) -> ParsedName | None:
    return parse_typed_name(query.name) if query.name else None


def compare(query: PersonQuery, record: SubjectIdentity) -> Evidence:
    """The evidence that ``record`` is the person of ``query``, and its level (see the module's rules)."""
    fits: list[str] = []
    contradicts: list[str] = []

    def check(kind: str, asked: str | None, held: str | None) -> None:
        if asked is None or held is None:
            return
        (fits if asked == held else contradicts).append(kind)

    check("bsn", query.bsn, record.bsn)
    if record.patient_number is not None:
        asked = [n for s, n in query.patient_numbers if s == record.source_system]
        if asked:
            (fits if record.patient_number.upper() in {n.upper() for n in asked} else contradicts).append(
                "patient_number"
            )
    if record.entity == "employee":
        check("employee_number", query.employee_number, record.employee_number)
    if record.entity == "applicant":
        check("applicant_number", query.applicant_number, record.applicant_number)
    if query.email and record.emails:
        # a different address is no contradiction: people have several and change them
        if query.email in record.emails:
            fits.append("email")
    if query.phone and record.phones and query.phone in record.phones:
        fits.append("phone")
    if query.date_of_birth and record.date_of_birth:
        (fits if query.date_of_birth == record.date_of_birth else contradicts).append("date_of_birth")
    name_fit = "unknown"
    asked_name = _query_name(query)
    if asked_name is not None and record.name is not None:
        name_fit = names_fit(asked_name, record.name)
        if name_fit in ("full", "initials"):
            fits.append("name")
        elif name_fit == "surname":
            fits.append("surname")
        elif name_fit == "no":
            contradicts.append("name")
    strong = [k for k in fits if k in STRONG_KINDS]
    strong_contradiction = [k for k in contradicts if k in STRONG_KINDS]
    if strong_contradiction:
        # another BSN or number: another person, even if the name and birth date fit (namesakes exist)
        return Evidence("none", tuple(fits), tuple(contradicts), ("strong identifier differs",))
    if strong:
        if contradicts:
            return Evidence(
                "weak",
                tuple(fits),
                tuple(contradicts),
                ("strong identifier fits but " + ", ".join(contradicts) + " does not",),
            )
        return Evidence("exact", tuple(fits), (), ())
    if contradicts:
        # e.g. a family member on the same e-mail address with another name or birth date
        return Evidence("none", tuple(fits), tuple(contradicts), ("contradicted",))
    supporting = set(fits)
    has_name = "name" in supporting
    contact = supporting & {"email", "phone"}
    if (
        (has_name and "date_of_birth" in supporting)
        or (has_name and contact)
        or (contact and "date_of_birth" in supporting)
        or len(contact) == 2
    ):
        return Evidence("probable", tuple(fits), (), ())
    if contact or "date_of_birth" in supporting:
        return Evidence("weak", tuple(fits), (), ("only one piece of evidence",))
    # a name alone never identifies anyone (namesakes are common)
    return Evidence("none", tuple(fits), (), ("no evidence",))
