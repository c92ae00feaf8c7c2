"""Objection (GDPR art. 21) and consent withdrawal (art. 7(3)): the consent ledger, written back to the practice
systems, verified the next night.

:func:`record_preferences` locates the person of a verified objection / withdrawal request and, per practice
system they are a patient of, writes the preference (``communication_preference``: purpose, granted = false)
**through the source mapping** (``transforms.requests.writeback``: the vendor's table, columns and codes) in one
transaction per source: an existing row for the purpose is updated, otherwise a row is added. So reminders by SMS
or e-mail stop where they are sent (the practice system), and the next extraction stages the preference, from
which the next research release leaves the person out (``transforms.research.build``: the latest ``onderzoek``
preference not granted).

The **consent ledger** (register table ``consent_ledger``) holds one entry per request, subject and purpose with
the subject's keyed hash (never the key): written ``pending`` before the source transaction and marked
``written_back_at`` after it, so a crash in between is finished by the re-run, which sees the source already
shows the preference. :func:`verify_preferences` (nightly) reads the vendor tables back and marks the entries the
source shows as ``verified_at``; a source that no longer shows one (a restore, someone undid it) is reported.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from sqlalchemy import create_engine, func, insert, select, update
from sqlalchemy.engine import Engine

from transforms import register
from transforms.audit import chain
from transforms.kernel.timeutil import AMSTERDAM, utc_naive
from transforms.register.schema import CONSENT_LEDGER
from transforms.requests import store, writeback
from transforms.requests.context import StepContext
from transforms.requests.locate import locate_request
from transforms.retention import hashing
from transforms.sources.config import SourceMapping, load_sources

log = logging.getLogger(__name__)

ENTITY = "communication_preference"
PURPOSES = ("herinnering_sms", "herinnering_email", "onderzoek", "nieuwsbrief")
KINDS = {"objection": "objection", "consent_withdrawal": "consent_withdrawal"}
SUPPRESSION = "suppression"  # the minimal entry an erasure leaves: the person's hash, no preference may be granted


class ConsentError(RuntimeError):
    """A preference cannot be recorded as asked (ids, purposes and counts only)."""


def _local(now: dt.datetime) -> dt.datetime:
    # vendor timestamps are the practice's wall time (what extraction reads as local time)
    return now.astimezone(AMSTERDAM).replace(tzinfo=None, microsecond=0)


def _write_source(
    source_engine: Engine, source: SourceMapping, patients: list[str], purposes: list[str], granted: bool, now
) -> int:
    """One transaction: every (patient, purpose) gets the preference; returns rows changed or added."""
    changed = 0
    with source_engine.begin() as conn:
        table = writeback.vendor_table(conn, source, ENTITY)
        col = {c: writeback.vendor_column(source, ENTITY, c) for c in ("preference_id", "patient_id", "purpose")}
        stamp = _local(now)
        for patient in patients:
            for purpose in purposes:
                match = writeback.to_vendor(source, ENTITY, {"patient_id": patient, "purpose": purpose}, table)
                values = writeback.to_vendor(
                    source, ENTITY, {"granted": granted, "recorded_at": stamp, "updated_at": stamp}, table
                )
                rows = conn.execute(
                    select(table.c[col["preference_id"]]).where(
                        table.c[col["patient_id"]] == match[col["patient_id"]],
                        table.c[col["purpose"]] == match[col["purpose"]],
                    )
                ).all()
                if rows:
                    granted_col = writeback.vendor_column(source, ENTITY, "granted")
                    current = conn.execute(
                        select(table.c[granted_col]).where(table.c[col["preference_id"]].in_([r[0] for r in rows]))
                    ).all()
                    if all(writeback.from_vendor(source, ENTITY, "granted", r[0]) is granted for r in current):
                        continue  # already shows it (a re-run after a crash): nothing written twice
                    conn.execute(
                        update(table).where(table.c[col["preference_id"]].in_([r[0] for r in rows])).values(values)
                    )
                else:
                    next_id = (conn.execute(select(func.max(table.c[col["preference_id"]]))).scalar() or 0) + 1
                    conn.execute(insert(table).values({**values, **match, col["preference_id"]: next_id}))
                changed += 1
    return changed


def record_preferences(
    ctx: StepContext, request_id: str, *, purposes: list[str] | tuple[str, ...], granted: bool = False
) -> dict:
    """Record an objection / consent withdrawal (``granted=False``) for ``purposes`` in the ledger and write it
    back to every practice system the person is a patient of. Idempotent; returns counts."""
    unknown = sorted(set(purposes) - set(PURPOSES))
    if unknown or not purposes:
        raise ConsentError(f"purposes: expected some of {', '.join(PURPOSES)}")
    engine, sources, now = ctx.engine, ctx.sources, ctx.now
    result = locate_request(ctx, request_id, asks=tuple(KINDS), error=ConsentError)
    kinds = [KINDS[t] for t in store.get_request(engine, request_id).types if t in KINDS]
    patients: dict[str, list[str]] = {}
    for match in result.matches:
        if match.subject.entity == "patient":
            patients.setdefault(match.subject.source_system, []).append(match.subject.key)
    key = hashing.hash_key()
    mappings = {s.name: s for s in load_sources()}
    register.ensure_tables(engine, CONSENT_LEDGER)
    day = now.astimezone(AMSTERDAM).date()
    written = 0
    for source_name, keys_ in sorted(patients.items()):
        if source_name not in sources:
            raise ConsentError(f"source {source_name}: no connection; the preference cannot be written back")
        entries = [
            (hashing.hash_id(key, source_name, "patient", k), purpose) for k in sorted(keys_) for purpose in purposes
        ]
        with engine.begin() as conn:  # 1. the ledger, before the source is touched
            have = {
                (r.subject_hash, r.purpose)
                for r in conn.execute(
                    select(CONSENT_LEDGER.c.subject_hash, CONSENT_LEDGER.c.purpose).where(
                        CONSENT_LEDGER.c.request_id == request_id, CONSENT_LEDGER.c.source_system == source_name
                    )
                )
            }
            rows = [
                dict(
                    request_id=request_id,
                    subject_hash=h,
                    source_system=source_name,
                    purpose=p,
                    granted=int(granted),
                    kind=kinds[0],
                    effective_on=day,
                    recorded_at=utc_naive(now),
                )
                for h, p in entries
                if (h, p) not in have
            ]
            if rows:
                conn.execute(insert(CONSENT_LEDGER), rows)
        source_engine = create_engine(sources[source_name])
        try:  # 2. the practice system, in one transaction
            written += _write_source(source_engine, mappings[source_name], sorted(keys_), list(purposes), granted, now)
        finally:
            source_engine.dispose()
        with engine.begin() as conn:  # 3. the ledger says it is written
            conn.execute(
                update(CONSENT_LEDGER)
                .where(
                    CONSENT_LEDGER.c.request_id == request_id,
                    CONSENT_LEDGER.c.source_system == source_name,
                    CONSENT_LEDGER.c.written_back_at.is_(None),
                )
                .values(written_back_at=utc_naive(now))
            )
    entries_total = sum(len(v) for v in patients.values()) * len(purposes)
    chain.append(
        engine,
        "request.preferences_written",
        {
            "request_id": request_id,
            "kind": kinds[0],
            "purposes": sorted(purposes),
            "granted": granted,
            "sources": sorted(patients),
            "entries": entries_total,
            "rows_written_now": written,
        },
        recorded_at=now,
    )
    log.info("preferences %s: %d entr(ies), %d row(s) written now", request_id, entries_total, written)
    return {"request_id": request_id, "entries": entries_total, "written_now": written, "sources": sorted(patients)}


def verify_preferences(
    engine: Engine, *, source_urls: Mapping[str, str], now: dt.datetime, request_id: str | None = None
) -> dict:
    """The nightly read-back: every ledger entry's preference as the practice system shows it now (the newest
    row per patient and purpose). Marks shown entries ``verified_at``; lists those the source does not show.
    A withdrawal of a person since erased (a ``suppression`` entry) is shown by the absence of any row.
    ``request_id``: only that request's entries (the request's own verify step)."""
    register.ensure_tables(engine, CONSENT_LEDGER)
    query = select(CONSENT_LEDGER).where(CONSENT_LEDGER.c.written_back_at.is_not(None))
    if request_id is not None:
        query = query.where(CONSENT_LEDGER.c.request_id == request_id)
    with engine.connect() as conn:
        ledger = conn.execute(query).all()
    erased = suppressed(engine)
    if not ledger:
        return {"checked": 0, "shown": 0, "problems": [], "ok": True}
    key = hashing.hash_key()
    mappings = {s.name: s for s in load_sources()}
    problems: list[dict] = []
    verified = 0
    for source_name in sorted({r.source_system for r in ledger}):
        if source_name not in source_urls:
            continue
        source = mappings[source_name]
        source_engine = create_engine(source_urls[source_name])
        shown: dict[tuple[str, str], tuple] = {}
        try:
            with source_engine.connect() as conn:
                table = writeback.vendor_table(conn, source, ENTITY)
                c = {
                    n: table.c[writeback.vendor_column(source, ENTITY, n)]
                    for n in ("patient_id", "purpose", "granted", "recorded_at", "preference_id")
                }
                for row in conn.execute(
                    select(c["patient_id"], c["purpose"], c["granted"], c["recorded_at"], c["preference_id"])
                ):
                    h = hashing.hash_id(key, source_name, "patient", str(row[0]))
                    purpose = writeback.from_vendor(source, ENTITY, "purpose", row[1])
                    order = (str(row[3]), row[4])
                    if (h, purpose) not in shown or order > shown[(h, purpose)][0]:
                        shown[(h, purpose)] = (order, writeback.from_vendor(source, ENTITY, "granted", row[2]))
        finally:
            source_engine.dispose()
        mine = [r for r in ledger if r.source_system == source_name]
        ok_ids = []
        for r in mine:
            got = shown.get((r.subject_hash, r.purpose))
            gone = got is None and not r.granted and (source_name, r.subject_hash) in erased
            if gone or (got is not None and bool(got[1]) == bool(r.granted)):
                ok_ids.append(r.entry_id)
            else:
                problems.append({"request_id": r.request_id, "source": source_name, "purpose": r.purpose})
        if ok_ids:
            with engine.begin() as conn:
                conn.execute(
                    update(CONSENT_LEDGER)
                    .where(CONSENT_LEDGER.c.entry_id.in_(ok_ids), CONSENT_LEDGER.c.verified_at.is_(None))
                    .values(verified_at=utc_naive(now))
                )
            verified += len(ok_ids)
    report = {"checked": len(ledger), "shown": verified, "problems": problems, "ok": not problems}
    chain.append(engine, "request.preferences_verified", report, recorded_at=now)
    return report


def ledger(engine: Engine, request_id: str) -> list[dict]:
    """A request's ledger entries (hashed subjects, purposes, dates): for the register and the access package."""
    register.ensure_tables(engine, CONSENT_LEDGER)
    with engine.connect() as conn:
        rows = conn.execute(
            select(CONSENT_LEDGER).where(CONSENT_LEDGER.c.request_id == request_id).order_by(CONSENT_LEDGER.c.entry_id)
        ).all()
    return [dict(r._mapping) for r in rows]


def record_suppression(engine: Engine, request_id: str, subjects: list[tuple[str, str]], *, now: dt.datetime) -> int:
    """After an erasure: a minimal entry per erased patient (source, keyed hash) and purpose, not granted, so an
    objection or withdrawal keeps working (a restored or re-sent row of the person is known to have objected).
    Ledger entries are never removed by an erasure. Idempotent; returns the entries added."""
    if not subjects:
        return 0
    day = now.astimezone(AMSTERDAM).date()
    have = suppressed(engine)
    with engine.begin() as conn:
        rows = [
            dict(
                request_id=request_id,
                subject_hash=subject_hash,
                source_system=source,
                purpose=purpose,
                granted=0,
                kind=SUPPRESSION,
                effective_on=day,
                recorded_at=utc_naive(now),
                written_back_at=utc_naive(now),  # nothing to write: the person's rows are gone from the source
            )
            for source, subject_hash in sorted(set(subjects))
            for purpose in PURPOSES
            if (source, subject_hash) not in have
        ]
        if rows:
            conn.execute(insert(CONSENT_LEDGER), rows)
    return len(rows)


def ledger_subjects(engine: Engine, *, kind: str | None = None) -> set[tuple[str, str]]:
    """(source, keyed patient hash) of everyone with a ledger entry (of ``kind``)."""
    register.ensure_tables(engine, CONSENT_LEDGER)
    query = select(CONSENT_LEDGER.c.source_system, CONSENT_LEDGER.c.subject_hash)
    if kind is not None:
        query = query.where(CONSENT_LEDGER.c.kind == kind)
    with engine.connect() as conn:
        return {(r.source_system, r.subject_hash) for r in conn.execute(query)}


def suppressed(engine: Engine) -> set[tuple[str, str]]:
    """(source, keyed patient hash) of every erased person whose suppression entry stays."""
    return ledger_subjects(engine, kind=SUPPRESSION)
