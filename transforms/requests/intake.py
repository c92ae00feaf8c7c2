"""Registering a request from plain values (the privacy console's intake form), the way ``requests new`` does
from its arguments: the person's identification becomes a ``PersonQuery`` and ``store.register_request``
validates, computes the deadline and stores the identifiers encrypted.

``IntakeError`` names the field and the rule, never the value, so a caller may show it as it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from sqlalchemy.engine import Engine

from transforms.requests.store import REPRESENTATIVE_KINDS, RequestError, RequestRecord

REPRESENTATIVES = tuple(REPRESENTATIVE_KINDS)
IDENTIFICATION_FIELDS = (
    "bsn",
    "patient_numbers",
    "email",
    "phone",
    "name",
    "date_of_birth",
    "employee_number",
    "applicant_number",
)


class IntakeError(ValueError):
    """A refused intake: the field and the rule (no value)."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def register(
    engine: Engine,
    *,
    types: Iterable[str],
    received: dt.date | dt.datetime,
    identification: Mapping[str, object],
    now: dt.datetime,
    representative_kind: str | None = None,
    evidence: str | None = None,
    notes: str | None = None,
    identity_requested_on: dt.date | None = None,
    identity_verified_on: dt.date | None = None,
) -> RequestRecord:
    """Register a request. ``identification``: any of ``IDENTIFICATION_FIELDS`` (``patient_numbers`` as
    ``[(source, number), ...]``); a ``representative_kind`` makes it a request by a representative."""
    from transforms.requests import store
    from transforms.requests.config import load_requests_config
    from transforms.requests.identity import IdentityError, PersonQuery

    unknown = sorted(set(identification) - set(IDENTIFICATION_FIELDS))
    if unknown:
        raise IntakeError("identification", f"unknown kind(s) {', '.join(unknown)}")
    values = dict(identification)
    if "patient_numbers" in values:
        values["patient_numbers"] = tuple(tuple(pair) for pair in values["patient_numbers"])
    try:
        query = PersonQuery(**values)
    except IdentityError as exc:  # names the field and the rule, never the value
        field, _, rule = str(exc).partition(": ")
        raise IntakeError("id_value" if field != "date_of_birth" else field, rule or str(exc)) from None
    try:
        return store.register_request(
            engine,
            types=list(types),
            received=received,
            query=query,
            now=now,
            config=load_requests_config(),
            requester="representative" if representative_kind else "person",
            representative_kind=representative_kind,
            evidence=evidence,
            notes=notes,
            identity_requested_on=identity_requested_on,
            identity_verified_on=identity_verified_on,
        )
    except RequestError as exc:
        field, _, rule = str(exc).partition(": ")
        raise IntakeError(field.replace(" ", "_") or "request", rule or str(exc)) from None
