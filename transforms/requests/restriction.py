"""Restriction of processing (GDPR art. 18): while it lasts, only storage.

A restriction is a **person hold with reason ``restriction_request``** (``transforms.retention.holds``) on every
record of the person in every practice system they were found in, referenced by the request id. That one fact is
what every consumer reads:

- retention may not destroy or archive-expire the records (a hold always wins: plan, dispose, the tombstones);
- research releases leave the person out (``transforms.research.build.restricted_patients`` reads the same holds through
  ``transforms.retention.holds.person_held``);
- exports and reminders ask :func:`restricted_subjects` (source, subject kind, key) before they include anyone.

Lifting (:func:`lift_restriction`) needs the date the person was told beforehand (art. 18(3)); the date goes into
the audit chain with the request id. Nothing here logs or returns a value of the person: counts and ids.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.engine import Engine

from transforms.audit import chain
from transforms.kernel.timeutil import AMSTERDAM
from transforms.requests.context import StepContext
from transforms.requests.locate import locate_request
from transforms.retention import holds

log = logging.getLogger(__name__)

REASON = holds.RESTRICTION
SUBJECT_KINDS = {"patient": "patient", "employee": "employee", "applicant": "applicant"}


class RestrictionError(RuntimeError):
    """A restriction cannot be placed or lifted as asked (ids and dates only)."""


def holds_of(engine: Engine, request_id: str) -> list[holds.Hold]:
    """The restriction holds of one request in force now."""
    return [h for h in holds.list_holds(engine) if h.reason == REASON and h.reference == request_id]


def restrict(ctx: StepContext, request_id: str, *, placed_by: str) -> dict:
    """Place the restriction of a verified request: a person hold per practice system the person was found in.
    Idempotent (a subject already restricted by this request is not held twice). Returns counts."""
    engine, now = ctx.engine, ctx.now
    result = locate_request(ctx, request_id, asks=("restriction",), error=RestrictionError)
    already = {(h.source_system, h.subject_kind, h.subject_key) for h in holds_of(engine, request_id)}
    placed = 0
    for match in result.matches:
        kind = SUBJECT_KINDS.get(match.subject.entity)
        if kind is None:
            continue  # a contact form or supplier contact: no records hang off it (only storage is done anyway)
        subject = (match.subject.source_system, kind, match.subject.key)
        if subject in already:
            continue
        holds.place_hold(
            engine,
            scope="person",
            reason=REASON,
            placed_by=placed_by,
            placed_at=now,
            source_system=subject[0],
            subject_kind=kind,
            subject_key=subject[2],
            reference=request_id,
        )
        placed += 1
    active = len(holds_of(engine, request_id))
    chain.append(
        engine,
        "request.restricted",
        {"request_id": request_id, "holds_placed": placed, "holds_active": active},
        recorded_at=now,
    )
    log.info("restriction %s: %d hold(s) placed, %d active", request_id, placed, active)
    return {"request_id": request_id, "placed": placed, "active": active}


def lift_restriction(engine: Engine, request_id: str, *, told_on: dt.date, lifted_by: str, now: dt.datetime) -> dict:
    """Lift the restriction of a request; ``told_on``: the day the person was told it would be lifted, which
    must be before the lifting (art. 18(3) GDPR). Recorded in the audit chain; returns counts."""
    today = now.astimezone(AMSTERDAM).date()
    if told_on > today:
        raise RestrictionError("told on: a date in the future; tell the person before lifting")
    active = holds_of(engine, request_id)
    if not active:
        raise RestrictionError(f"request {request_id} has no restriction in force")
    for h in active:
        holds.lift_hold(engine, h.hold_id, lifted_by=lifted_by, lifted_at=now)
    chain.append(
        engine,
        "request.restriction_lifted",
        {"request_id": request_id, "told_on": told_on, "holds_lifted": len(active), "lifted_by": lifted_by},
        recorded_at=now,
    )
    return {"request_id": request_id, "lifted": len(active), "told_on": told_on.isoformat()}


def restricted_subjects(engine: Engine) -> set[tuple[str, str, str]]:
    """(source, subject kind, key) of everyone under a restriction now: exports and reminders leave them out."""
    return holds.person_held(engine, REASON)
