"""The request register: subject requests in the privacy register, identifiers encrypted, due dates stored.

Tables (declared in ``transforms.register.schema``): ``requests`` (ids, types, dates, status: what lists, alerts,
the CSV register and letters need), ``request_identifiers`` (the ``PersonQuery``, the representative's evidence
and notes, as AES-GCM ciphertext; keyed hashes for duplicate detection) and ``request_events`` (what happened
when; a reason only as ciphertext).

Every change is one register transaction together with its audit entry (``transforms.audit.chain``), whose
payload holds the request id, types, dates and status, never an identifier: the evidence commits or rolls
back with what it records.

The deadline (``transforms.requests.deadlines``) is computed when a fact is registered (the request, identity
verified, an extension) from the facts stored so far and **stored**; nothing reads "today" to re-derive it.
Every moment is a parameter (``now``: when the officer acted; ``as_of``: the day a list is for).

Nothing is executed until identity is verified (:func:`refusals`); a request flagged as a duplicate of an
earlier one of the same person and type can then still never run unverified.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
from dataclasses import dataclass

from sqlalchemy import Table, insert, select, update
from sqlalchemy.engine import Connection, Engine

from transforms import register
from transforms.audit import chain
from transforms.kernel.timeutil import AMSTERDAM, utc_naive
from transforms.register.schema import REQUEST_EVENTS, REQUEST_IDENTIFIERS, REQUESTS
from transforms.requests import crypto, deadlines
from transforms.requests.config import RequestsConfig
from transforms.requests.identity import PersonQuery, identity_keys

log = logging.getLogger(__name__)

REQUESTERS = ("person", "representative")
# parent or guardian of a child under 16 (UAVG art. 5), a mentor (BW 1:450), or anyone with a written mandate
REPRESENTATIVE_KINDS = ("parent_guardian", "mentor", "mandate")
OPEN_STATUSES = ("received", "awaiting_identity", "verified", "in_progress")
FINAL_STATUSES = ("answered", "closed")
OUTCOMES = ("provided", "partially_provided", "refused", "withdrawn", "no_data")


class RequestError(ValueError):
    """A request cannot be registered or changed as asked; the message names ids, fields and dates, never an
    identifier or a note."""


@dataclass(frozen=True)
class RequestRecord:
    """One request as the register holds it in the clear (no identifier, no note)."""

    request_id: str
    types: tuple[str, ...]
    received_on: dt.date
    received_at: dt.datetime | None
    requester: str
    representative_kind: str | None
    identity_requested_on: dt.date | None
    identity_verified_on: dt.date | None
    extension_notified_on: dt.date | None
    start_on: dt.date
    first_due_on: dt.date
    due_on: dt.date
    extended: bool
    paused: bool
    status: str
    duplicate_of: str | None
    closed_on: dt.date | None
    outcome: str | None

    @property
    def verified(self) -> bool:
        return self.identity_verified_on is not None

    def as_dict(self) -> dict:
        """JSON-able, for ``show --json`` and the CSV register: ids, types, dates, status; never identifiers."""
        return {
            "id": self.request_id,
            "types": list(self.types),
            "status": self.status,
            "received_on": self.received_on.isoformat(),
            "received_at": self.received_at.replace(tzinfo=dt.timezone.utc).isoformat() if self.received_at else None,
            "due_on": self.due_on.isoformat(),
            "first_due_on": self.first_due_on.isoformat(),
            "start_on": self.start_on.isoformat(),
            "extended": self.extended,
            "paused": self.paused,
            "verified": self.verified,
            "requester": self.requester,
            "representative_kind": self.representative_kind,
            "identity_requested_on": _iso(self.identity_requested_on),
            "identity_verified_on": _iso(self.identity_verified_on),
            "extension_notified_on": _iso(self.extension_notified_on),
            "duplicate_of": self.duplicate_of,
            "closed_on": _iso(self.closed_on),
            "outcome": self.outcome,
        }


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _record(row) -> RequestRecord:
    return RequestRecord(
        request_id=row.request_id,
        types=tuple(row.types.split(",")),
        received_on=row.received_on,
        received_at=row.received_at,
        requester=row.requester,
        representative_kind=row.representative_kind,
        identity_requested_on=row.identity_requested_on,
        identity_verified_on=row.identity_verified_on,
        extension_notified_on=row.extension_notified_on,
        start_on=row.start_on,
        first_due_on=row.first_due_on,
        due_on=row.due_on,
        extended=bool(row.extended),
        paused=bool(row.paused),
        status=row.status,
        duplicate_of=row.duplicate_of,
        closed_on=row.closed_on,
        outcome=row.outcome,
    )


def ensure_request_tables(engine: Engine) -> None:
    """Create the request tables (and the audit log) where they do not exist yet."""
    register.ensure_tables(engine, REQUESTS, REQUEST_IDENTIFIERS, REQUEST_EVENTS)
    chain.ensure_audit_table(engine)


def new_request_id() -> str:
    """An opaque id (``REQ-`` and 12 random base32 characters): says nothing about the person or the count."""
    return "REQ-" + base64.b32encode(os.urandom(10)).decode("ascii")[:12]


def _audit(conn: Connection, kind: str, record: RequestRecord, now: dt.datetime, **extra: object) -> None:
    # ids, types, dates and status only: the chain is read by auditors who need no identifiers
    payload = {
        "request_id": record.request_id,
        "types": list(record.types),
        "status": record.status,
        "received_on": record.received_on,
        "due_on": record.due_on,
        "extended": record.extended,
    }
    payload.update(extra)
    chain.append_in(conn, kind, payload, recorded_at=now)


def _event(
    conn: Connection,
    request_id: str,
    kind: str,
    occurred_on: dt.date | None,
    now: dt.datetime,
    *,
    key: bytes | None = None,
    detail: str | None = None,
) -> None:
    sealed = None
    if detail is not None:
        assert key is not None
        # the event's own row id is not known before the insert: bind the reason to the request and kind
        sealed = crypto.seal(key, request_id, f"event:{kind}:{occurred_on}", detail.encode("utf-8"))
    conn.execute(
        insert(REQUEST_EVENTS).values(
            request_id=request_id,
            kind=kind,
            occurred_on=occurred_on,
            recorded_at=utc_naive(now),
            detail=sealed,
            key_fingerprint=crypto.fingerprint(key) if key is not None and detail is not None else None,
        )
    )


def _status(identity_requested_on: dt.date | None, identity_verified_on: dt.date | None) -> str:
    if identity_verified_on is not None:
        return "verified"
    return "awaiting_identity" if identity_requested_on is not None else "received"


def _find_duplicate(
    conn: Connection, keys: frozenset[str], types: tuple[str, ...], received_on: dt.date, window_days: int
) -> str | None:
    """The earliest request of the same person (an overlapping identity hash) and an overlapping type received
    within ``window_days`` of ``received_on``; None when there is none."""
    if not keys:
        return None
    low = received_on - dt.timedelta(days=window_days)
    high = received_on + dt.timedelta(days=window_days)  # a request registered late may predate an earlier one
    rows = conn.execute(
        select(REQUESTS.c.request_id, REQUESTS.c.types, REQUESTS.c.received_on, REQUEST_IDENTIFIERS.c.identity_keys)
        .join(REQUEST_IDENTIFIERS, REQUEST_IDENTIFIERS.c.request_id == REQUESTS.c.request_id)
        .where(REQUESTS.c.received_on >= low, REQUESTS.c.received_on <= high)
        .order_by(REQUESTS.c.received_on, REQUESTS.c.created_at)
    )
    for row in rows:
        if set(row.types.split(",")) & set(types) and keys & set(row.identity_keys.split()):
            return row.request_id
    return None


def register_request(
    engine: Engine,
    *,
    types: list[str] | tuple[str, ...],
    received: dt.date | dt.datetime,
    query: PersonQuery,
    now: dt.datetime,
    config: RequestsConfig,
    requester: str = "person",
    representative_kind: str | None = None,
    evidence: str | None = None,
    notes: str | None = None,
    identity_requested_on: dt.date | None = None,
    identity_verified_on: dt.date | None = None,
) -> RequestRecord:
    """Validate and store a new request; its deadline is computed and stored now. Returns the record (flagged
    ``duplicate_of`` when the same person asked the same within the configured window).

    ``received``: the Amsterdam calendar day of receipt, or the aware moment (its Amsterdam day counts).
    A representative must name their kind and a reference to the evidence (a mandate, a court order).
    """
    types = deadlines.check_types(list(types))
    if isinstance(received, dt.datetime):
        if received.tzinfo is None:
            raise RequestError("received: give a date, or a date and time with its timezone")
        received_on, received_at = received.astimezone(AMSTERDAM).date(), utc_naive(received)
    else:
        received_on, received_at = received, None
    if requester not in REQUESTERS:
        raise RequestError(f"requester: expected one of {', '.join(REQUESTERS)}")
    if requester == "representative":
        if representative_kind not in REPRESENTATIVE_KINDS:
            raise RequestError(f"representative: expected one of {', '.join(REPRESENTATIVE_KINDS)}")
        if not evidence or not evidence.strip():
            raise RequestError("representative: give a reference to the evidence (mandate, court order, ...)")
    elif representative_kind or evidence:
        raise RequestError("evidence and representative kind belong to a request made by a representative")
    if identity_verified_on is not None and identity_verified_on > now.astimezone(AMSTERDAM).date():
        raise RequestError("identity verified on: a date in the future")
    due = deadlines.deadline(
        received_on, types, identity_requested_on=identity_requested_on, identity_verified_on=identity_verified_on
    )

    key = crypto.request_key(create=True)
    hashes = identity_keys(query, crypto.identity_hash_key(key))
    request_id = new_request_id()
    identity_blob = json.dumps({"query": query.to_dict(), "evidence": evidence}, sort_keys=True).encode("utf-8")
    ensure_request_tables(engine)
    moment = utc_naive(now)
    with chain.write_transaction(engine) as conn:
        duplicate_of = _find_duplicate(conn, hashes, types, received_on, config.duplicate_window_days)
        values = dict(
            request_id=request_id,
            types=",".join(types),
            received_on=received_on,
            received_at=received_at,
            requester=requester,
            representative_kind=representative_kind,
            identity_requested_on=identity_requested_on,
            identity_verified_on=identity_verified_on,
            **_due_columns(due),
            status=_status(identity_requested_on, identity_verified_on),
            duplicate_of=duplicate_of,
            created_at=moment,
            updated_at=moment,
        )  # no extension notice, closing day or outcome yet: those columns start null
        conn.execute(insert(REQUESTS).values(**values))
        conn.execute(
            insert(REQUEST_IDENTIFIERS).values(
                request_id=request_id,
                identity=crypto.seal(key, request_id, "identity", identity_blob),
                notes=crypto.seal(key, request_id, "notes", notes.encode("utf-8")) if notes else None,
                identity_keys=" ".join(sorted(hashes)),
                key_fingerprint=crypto.fingerprint(key),
            )
        )
        _event(conn, request_id, "registered", received_on, now)
        if identity_requested_on:
            _event(conn, request_id, "identity_requested", identity_requested_on, now)
        if identity_verified_on:
            _event(conn, request_id, "identity_verified", identity_verified_on, now)
        if duplicate_of:
            _event(conn, request_id, "duplicate_flagged", received_on, now)
        record = _record(conn.execute(select(REQUESTS).where(REQUESTS.c.request_id == request_id)).one())
        _audit(
            conn,
            "request.registered",
            record,
            now,
            duplicate_of=duplicate_of,
            requester=requester,
            identity_requested_on=identity_requested_on,
            identity_verified_on=identity_verified_on,
        )
    log.info(
        "registered request %s (%s), due %s%s",
        request_id,
        ",".join(types),
        record.due_on,
        f", duplicate of {duplicate_of}" if duplicate_of else "",
    )
    return record


def _load(conn: Connection, request_id: str) -> RequestRecord:
    row = conn.execute(select(REQUESTS).where(REQUESTS.c.request_id == request_id)).first()
    if row is None:
        raise RequestError(f"no request {request_id!r}" if _looks_like_id(request_id) else "no such request")
    return _record(row)


def _looks_like_id(value: str) -> bool:
    # echo an unknown id only when it has the shape of one: a BSN typed in the wrong place is not repeated
    return value.startswith("REQ-") and len(value) == 16 and value[4:].isalnum()


def get_request(engine: Engine, request_id: str) -> RequestRecord:
    """The request's record (no identifiers); ``RequestError`` when unknown."""
    ensure_request_tables(engine)
    with engine.connect() as conn:
        return _load(conn, request_id)


def _update(conn: Connection, record: RequestRecord, now: dt.datetime, **values: object) -> RequestRecord:
    conn.execute(
        update(REQUESTS).where(REQUESTS.c.request_id == record.request_id).values(updated_at=utc_naive(now), **values)
    )
    return _load(conn, record.request_id)


def verify_identity(engine: Engine, request_id: str, *, verified_on: dt.date, now: dt.datetime) -> RequestRecord:
    """Record the day identity was verified; the deadline is recomputed from the stored facts and stored."""
    ensure_request_tables(engine)
    if verified_on > now.astimezone(AMSTERDAM).date():
        raise RequestError("verified on: a date in the future")
    with chain.write_transaction(engine) as conn:
        record = _load(conn, request_id)
        if record.status in FINAL_STATUSES:
            raise RequestError(f"request {request_id} is {record.status}")
        if record.verified:
            raise RequestError(
                f"request {request_id}: identity was already verified on {record.identity_verified_on.isoformat()}"
            )
        due = deadlines.deadline(
            record.received_on,
            record.types,
            identity_requested_on=record.identity_requested_on,
            identity_verified_on=verified_on,
            extension_notified_on=record.extension_notified_on,
        )
        status = "verified" if record.status in ("received", "awaiting_identity") else record.status
        record = _update(
            conn,
            record,
            now,
            identity_verified_on=verified_on,
            **_due_columns(due),
            status=status,
        )
        _event(conn, request_id, "identity_verified", verified_on, now)
        _audit(conn, "request.identity_verified", record, now, identity_verified_on=verified_on)
    log.info("request %s: identity verified on %s, due %s", request_id, verified_on, record.due_on)
    return record


def _due_columns(due: deadlines.Deadline) -> dict:
    """The register's columns of a computed deadline."""
    return dict(
        start_on=due.start_on,
        first_due_on=due.first_due_on,
        due_on=due.due_on,
        extended=int(due.extended),
        paused=int(due.paused),
    )


def request_identity(engine: Engine, request_id: str, *, requested_on: dt.date, now: dt.datetime) -> RequestRecord:
    """Record the day proof of identity was asked for (in time, it stops the clock until verification)."""
    ensure_request_tables(engine)
    with chain.write_transaction(engine) as conn:
        record = _load(conn, request_id)
        if record.verified or record.identity_requested_on is not None or record.status in FINAL_STATUSES:
            raise RequestError(f"request {request_id}: identity already requested or verified")
        due = deadlines.deadline(
            record.received_on,
            record.types,
            identity_requested_on=requested_on,
            extension_notified_on=record.extension_notified_on,
        )
        record = _update(
            conn,
            record,
            now,
            identity_requested_on=requested_on,
            **_due_columns(due),
            status="awaiting_identity",
        )
        _event(conn, request_id, "identity_requested", requested_on, now)
        _audit(conn, "request.identity_requested", record, now, identity_requested_on=requested_on)
    return record


@dataclass(frozen=True)
class Extension:
    """The outcome of an extension notice: the record after it, and whether it extended the period."""

    record: RequestRecord
    granted: bool


def extend(engine: Engine, request_id: str, *, notified_on: dt.date, reason: str, now: dt.datetime) -> Extension:
    """Register an extension notice (GDPR art. 12(3)). In time, it makes the period three months from the same
    start; late, it is recorded as a late notice and changes nothing. A 7:455 destruction alone cannot be
    extended (``RequestError``). The reason is stored encrypted."""
    if not reason or not reason.strip():
        raise RequestError("extend: give the reason told to the person")
    ensure_request_tables(engine)
    key = crypto.request_key(create=True)
    with chain.write_transaction(engine) as conn:
        record = _load(conn, request_id)
        if record.status in FINAL_STATUSES:
            raise RequestError(f"request {request_id} is {record.status}")
        if not deadlines.extendable(record.types):
            raise RequestError(f"request {request_id}: a WGBO 7:455 destruction request cannot be extended")
        if record.extended:
            raise RequestError(f"request {request_id} is already extended (to {record.due_on.isoformat()})")
        due = deadlines.deadline(
            record.received_on,
            record.types,
            identity_requested_on=record.identity_requested_on,
            identity_verified_on=record.identity_verified_on,
            extension_notified_on=notified_on,
        )
        if due.extended:
            record = _update(conn, record, now, extension_notified_on=notified_on, due_on=due.due_on, extended=1)
            _event(conn, request_id, "extended", notified_on, now, key=key, detail=reason.strip())
            _audit(conn, "request.extended", record, now, extension_notified_on=notified_on)
        else:
            # the notice is evidence too (the person was told something), but the law gives it no effect
            _event(conn, request_id, "extension_late", notified_on, now, key=key, detail=reason.strip())
            _audit(conn, "request.extension_late", record, now, extension_notified_on=notified_on)
    return Extension(record, due.extended)


def set_status(
    engine: Engine,
    request_id: str,
    status: str,
    *,
    now: dt.datetime,
    outcome: str | None = None,
    closed_on: dt.date | None = None,
) -> RequestRecord:
    """Move a request on (``in_progress``, ``answered``, ``closed``); closing needs an outcome and a date."""
    if status not in OPEN_STATUSES + FINAL_STATUSES:
        raise RequestError(f"status: expected one of {', '.join(OPEN_STATUSES + FINAL_STATUSES)}")
    if outcome is not None and outcome not in OUTCOMES:
        raise RequestError(f"outcome: expected one of {', '.join(OUTCOMES)}")
    if status in FINAL_STATUSES and (outcome is None or closed_on is None):
        raise RequestError(f"{status}: give the outcome and the date")
    ensure_request_tables(engine)
    with chain.write_transaction(engine) as conn:
        record = _load(conn, request_id)
        if status in ("in_progress", *FINAL_STATUSES) and outcome != "withdrawn" and not record.verified:
            raise RequestError(f"request {request_id}: identity not verified; nothing is executed before")
        record = _update(conn, record, now, status=status, outcome=outcome, closed_on=closed_on)
        _event(conn, request_id, status, closed_on, now)
        _audit(conn, f"request.{status}", record, now, outcome=outcome, closed_on=closed_on)
    return record


def refusals(record: RequestRecord) -> list[str]:
    """Why the request may not be executed now (empty: it may). Ids and dates only."""
    reasons = []
    if record.status in FINAL_STATUSES:
        reasons.append(f"request {record.request_id} is {record.status}")
    if not record.verified:
        reasons.append(
            f"request {record.request_id}: identity not verified; nothing is executed until it is "
            f"(python -m transforms requests verify {record.request_id} --on DATE)"
        )
        if record.duplicate_of:
            reasons.append(f"request {record.request_id} duplicates {record.duplicate_of} and is not verified")
    return reasons


def executable(engine: Engine, request_id: str, *, asks: tuple[str, ...], error: type[Exception]) -> RequestRecord:
    """The request, if it may be executed now and asks one of ``asks``; else ``error`` (ids and types only)."""
    record = get_request(engine, request_id)
    refused = refusals(record)
    if refused:
        raise error(refused[0])
    if not set(record.types) & set(asks):
        raise error(f"request {request_id} asks no {' or '.join(sorted(asks))}")
    return record


def mark(engine: Engine, table: Table, request_id: str, status: str, column: str, now: dt.datetime) -> None:
    """Move a request's row in one of the change tables (``table``) to ``status``, stamping ``column``."""
    with engine.begin() as conn:
        conn.execute(
            update(table).where(table.c.request_id == request_id).values({"status": status, column: utc_naive(now)})
        )


def person_query(engine: Engine, request_id: str) -> PersonQuery:
    """Decrypt the request's ``PersonQuery`` (for locate; never for a log or a page)."""
    ensure_request_tables(engine)
    with engine.connect() as conn:
        row = conn.execute(select(REQUEST_IDENTIFIERS).where(REQUEST_IDENTIFIERS.c.request_id == request_id)).first()
    if row is None:
        raise RequestError(
            f"no identifiers stored for {request_id}" if _looks_like_id(request_id) else "no such request"
        )
    plain = crypto.open_sealed(crypto.request_key(), request_id, "identity", row.identity, row.key_fingerprint)
    return PersonQuery.from_dict(json.loads(plain)["query"])


def list_requests(
    engine: Engine, *, as_of: dt.date | None = None, due_within: int | None = None, include_closed: bool = True
) -> list[RequestRecord]:
    """Requests by due date. With ``due_within``: only open ones due on or before ``as_of + due_within`` days
    (overdue ones included), ``as_of`` required."""
    ensure_request_tables(engine)
    query = select(REQUESTS).order_by(REQUESTS.c.due_on, REQUESTS.c.request_id)
    if due_within is not None:
        if as_of is None:
            raise RequestError("due_within needs the day the list is for (as_of)")
        query = query.where(
            REQUESTS.c.status.in_(OPEN_STATUSES), REQUESTS.c.due_on <= as_of + dt.timedelta(days=due_within)
        )
    elif not include_closed:
        query = query.where(REQUESTS.c.status.in_(OPEN_STATUSES))
    with engine.connect() as conn:
        return [_record(row) for row in conn.execute(query)]


def record_event(
    engine: Engine, request_id: str, kind: str, *, occurred_on: dt.date | None, now: dt.datetime, **audit: object
) -> RequestRecord:
    """Record a step of the workflow that changes no date or status (a person's decision in the approval
    step, a package built): an event row and its audit entry in one transaction. ``audit``: ids, counts,
    labels and dates only (the chain is read by auditors who need no identifiers)."""
    ensure_request_tables(engine)
    with chain.write_transaction(engine) as conn:
        record = _load(conn, request_id)
        _event(conn, request_id, kind, occurred_on, now)
        _audit(conn, f"request.{kind}", record, now, **audit)
    return record
