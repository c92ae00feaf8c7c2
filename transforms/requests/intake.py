"""Take a request in from plain values: the one door every intake uses (the CLI's ``requests new`` and the
console's intake form).

:func:`register_from_values` validates everything a person typed (types, dates, identifiers, the
representative and their evidence) before anything is stored, then registers the request through
``store.register_request`` (identifiers AES-GCM encrypted, deadline computed and stored, duplicate flagged,
one audit entry). Every problem is an :class:`IntakeError` whose message names the **field** and the rule,
never the value typed: a BSN typed into the wrong box must not come back on a page, in a log or a traceback.

    from transforms.requests.intake import IntakeError, register_from_values

    try:
        record = register_from_values(engine, types=["access"], received="2026-01-31", bsn="123456782")
    except IntakeError as exc:
        show(str(exc))  # e.g. "bsn: not a valid BSN (11-proef)"
    record.request_id  # the opaque id: the only thing a DAG run ever gets
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Engine

from transforms.requests import store
from transforms.requests.config import RequestsConfig, load_requests_config
from transforms.requests.crypto import RequestKeyError
from transforms.requests.deadlines import TYPES, DeadlineError
from transforms.requests.identity import IdentityError, PersonQuery

__all__ = ["IntakeError", "REPRESENTATIVES", "TYPES", "parse_received", "register_from_values"]

REPRESENTATIVES = store.REPRESENTATIVE_KINDS


class IntakeError(ValueError):
    """A request cannot be taken in as given. ``field`` names the input at fault (or ``None``); the message
    names the field and the rule, never a value typed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _date(value: str | dt.date | None, field: str) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        raise IntakeError(f"{field}: expected a date YYYY-MM-DD", field)
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise IntakeError(f"{field}: expected a date YYYY-MM-DD", field) from None


def parse_received(value: str | dt.date | dt.datetime) -> dt.date | dt.datetime:
    """A day of receipt, or a moment: naive times are Amsterdam wall time (what the officer reads on the
    letter's stamp)."""
    from transforms.kernel.timeutil import AMSTERDAM

    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=AMSTERDAM)
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text:
        raise IntakeError("received: required (YYYY-MM-DD or YYYY-MM-DDTHH:MM)", "received")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise IntakeError("received: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM", "received") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)


def _patient_numbers(values: Iterable[str | Sequence[str]]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values or ():
        if isinstance(value, str):
            if not value.strip():
                continue
            source, sep, number = value.partition(":")
        else:
            parts = tuple(value)
            source, sep, number = (parts[0], ":", parts[1]) if len(parts) == 2 else ("", "", "")
        if not sep or not str(source).strip() or not str(number).strip():
            raise IntakeError("patient_number: expected SOURCE:NUMBER (e.g. exquise:10234)", "patient_number")
        pairs.append((str(source).strip(), str(number).strip()))
    return tuple(pairs)


def _text(value: str | None) -> str | None:
    return value.strip() or None if isinstance(value, str) else value


# What a request is registered from: the keywords of :func:`register_from_values` that a person fills in (the
# CLI's ``requests new`` names its options after them; the console's form maps its own fields onto them).
FIELDS = (
    "types",
    "received",
    "bsn",
    "patient_numbers",
    "email",
    "phone",
    "name",
    "date_of_birth",
    "employee_number",
    "applicant_number",
    "representative",
    "evidence",
    "notes",
    "identity_requested_on",
    "identity_verified_on",
)


def register_from_values(
    engine: Engine,
    *,
    types: Sequence[str],
    received: str | dt.date | dt.datetime,
    bsn: str | None = None,
    patient_numbers: Iterable[str | Sequence[str]] = (),
    email: str | None = None,
    phone: str | None = None,
    name: str | None = None,
    date_of_birth: str | dt.date | None = None,
    employee_number: str | None = None,
    applicant_number: str | None = None,
    representative: str | None = None,
    evidence: str | None = None,
    notes: str | None = None,
    identity_requested_on: str | dt.date | None = None,
    identity_verified_on: str | dt.date | None = None,
    now: dt.datetime | None = None,
    config: RequestsConfig | None = None,
) -> store.RequestRecord:
    """Validate plain values (strings as a form or the command line gives them, or dates) and register the
    request; returns its record (``request_id``, due date, ``duplicate_of``; no identifier).

    ``types``: one or more of ``TYPES``. ``received``: ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` (Amsterdam).
    ``patient_numbers``: ``"source:number"`` strings or (source, number) pairs. ``representative``: one of
    ``REPRESENTATIVES`` when a parent or guardian, mentor or mandated person asks, with ``evidence`` (a
    reference to the mandate or court order). ``now``: when the officer acted (default: now). Empty strings
    count as not given. Raises :class:`IntakeError` (field and rule only) and stores nothing when any value
    is wrong, or when the request key is missing.
    """
    from transforms.kernel.timeutil import utc_now

    types = [t.strip() for t in ([types] if isinstance(types, str) else list(types or [])) if t and t.strip()]
    if not types:
        raise IntakeError(f"type: give at least one request type ({', '.join(TYPES)})", "type")
    if set(types) - set(TYPES):
        raise IntakeError(f"type: unknown request type; expected {', '.join(TYPES)}", "type")
    representative = _text(representative)
    if representative is not None and representative not in REPRESENTATIVES:
        raise IntakeError(f"representative: expected {', '.join(REPRESENTATIVES)}", "representative")
    try:
        query = PersonQuery(
            bsn=_text(bsn),
            patient_numbers=_patient_numbers(patient_numbers),
            email=_text(email),
            phone=_text(phone),
            name=_text(name),
            date_of_birth=_date(date_of_birth, "date_of_birth"),
            employee_number=_text(employee_number),
            applicant_number=_text(applicant_number),
        )
        return store.register_request(
            engine,
            types=types,
            received=parse_received(received),
            query=query,
            now=now or utc_now(),
            config=config or load_requests_config(),
            requester="representative" if representative else "person",
            representative_kind=representative,
            evidence=_text(evidence),
            notes=_text(notes),
            identity_requested_on=_date(identity_requested_on, "identity_requested_on"),
            identity_verified_on=_date(identity_verified_on, "identity_verified_on"),
        )
    except IntakeError:
        raise
    except (IdentityError, DeadlineError, store.RequestError, RequestKeyError) as exc:
        # these messages name fields, ids and dates by construction (their modules' contract), never a value
        field = str(exc).split(":", 1)[0] if ":" in str(exc) else None
        raise IntakeError(str(exc), field) from None
