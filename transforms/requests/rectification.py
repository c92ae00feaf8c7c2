"""Rectification (GDPR art. 16; WGBO): a reviewed change set written back through the source mapping, and the
patient's own statement as a note of its own kind.

1. :func:`propose` locates the person of a verified rectification request and records, per practice system the
   person is found in, a change per (record, column): the value the live system holds now (*before*) and the
   corrected one (*after*), both sealed under the request key in ``request_rectification`` (the old value stays
   there, encrypted, as the record's history). A patient's statement (:class:`Statement`) is a new
   ``clinical_note`` of type ``verklaring_patient``: added beside what the practitioner wrote, never replacing it.
2. :func:`review` gives the officer before and after (values, for the officer's eyes only: the privacy
   console's change-set page, role-protected, and ``requests changes`` on the worker); :func:`summary` is what
   may go to XCom or an approval text (columns and counts, no values).
3. :func:`decide` records the officer's decision; :func:`apply` writes the approved changes **in one transaction
   per source**, through ``transforms.requests.writeback`` (vendor table, column, codes, formats), each row only if
   it still holds the *before* value (someone changed it meanwhile: the whole source's change set is rolled back
   and marked ``conflict``). Re-running after a crash finds the source committed (the *after* value is there) and
   only marks it applied. The next extraction stages the corrected value.
4. :func:`not_shown` re-reads the applied changes through the mapping (the request's verify step).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, func, insert, select, update
from sqlalchemy.engine import Engine

from transforms import register
from transforms.audit import chain
from transforms.kernel.canonical import load_model
from transforms.kernel.timeutil import AMSTERDAM, utc_naive
from transforms.register.schema import REQUEST_RECTIFICATIONS
from transforms.requests import crypto, writeback
from transforms.requests.context import StepContext
from transforms.requests.locate import locate_request
from transforms.retention import hashing
from transforms.sources.config import load_sources

log = logging.getLogger(__name__)

STATEMENT_TYPE = "verklaring_patient"
PURPOSE = "rectification"


class RectificationError(RuntimeError):
    """A change cannot be proposed or applied as asked (ids, columns and counts; never a value)."""


@dataclass(frozen=True)
class Change:
    """A corrected value of one column of the person's own record (``entity``: patient, employee, ...)."""

    column: str
    value: Any
    entity: str = "patient"


@dataclass(frozen=True)
class Statement:
    """The patient's own statement, added to the dental file as a note of its own kind."""

    text: str
    written_at: dt.datetime


def _seal(key: bytes, request_id: str, change_no: int, payload: dict) -> bytes:
    return crypto.seal(key, request_id, f"{PURPOSE}:{change_no}", json.dumps(payload, default=str).encode("utf-8"))


def _open(key: bytes, request_id: str, change_no: int, sealed: bytes) -> dict:
    return json.loads(crypto.open_sealed(key, request_id, f"{PURPOSE}:{change_no}", sealed))


def propose(
    ctx: StepContext, request_id: str, *, changes: list[Change] = (), statement: Statement | None = None
) -> dict:
    """Record the change set of a verified rectification request (replacing one not yet decided); returns the
    summary (columns and counts)."""
    if not changes and statement is None:
        raise RectificationError("give the corrected values or the patient's statement")
    model = load_model()
    mappings = {s.name: s for s in load_sources()}
    for change in changes:
        if change.column not in model.entity(change.entity).columns or change.column == model.entity(change.entity).key:
            raise RectificationError(f"{change.entity}.{change.column}: not a column that can be corrected")
    engine, now = ctx.engine, ctx.now
    result = locate_request(ctx, request_id, asks=("rectification",), error=RectificationError)
    key = hashing.hash_key()
    seal_key = crypto.request_key(create=True)
    rows: list[dict] = []
    manual: list[str] = []
    for match in result.matches:
        subject = next((r for r in match.records if r.entity == match.subject.entity and r.key == match.subject.key))
        if subject.origin != "live":
            continue  # only a record in a live system can be corrected there
        for change in changes:
            if change.entity != match.subject.entity:
                continue
            try:  # fail closed: what the mapping cannot write back is listed for the officer to do by hand
                writeback.vendor_column(mappings[subject.source_system], change.entity, change.column)
            except writeback.WritebackError:
                manual.append(f"{subject.source_system}.{change.entity}.{change.column}")
                continue
            before = subject.row.get(change.column)
            if before == change.value:
                continue
            rows.append(
                dict(
                    source_system=subject.source_system,
                    entity=change.entity,
                    hashed_id=hashing.hash_id(key, subject.source_system, change.entity, subject.key),
                    column_name=change.column,
                    kind="correction",
                    payload={"key": subject.key, "before": before, "after": change.value},
                )
            )
        if statement is not None and match.subject.entity == "patient":
            rows.append(
                dict(
                    source_system=subject.source_system,
                    entity="clinical_note",
                    hashed_id=hashing.hash_id(key, subject.source_system, "patient", subject.key),
                    column_name="text",
                    kind="patient_statement",
                    payload={
                        "key": subject.key,
                        "before": None,
                        "after": statement.text,
                        "written_at": statement.written_at.astimezone(AMSTERDAM).replace(tzinfo=None).isoformat(),
                    },
                )
            )
    register.ensure_tables(engine, REQUEST_RECTIFICATIONS)
    with chain.write_transaction(engine) as conn:
        status = (
            conn.execute(
                select(REQUEST_RECTIFICATIONS.c.status).where(REQUEST_RECTIFICATIONS.c.request_id == request_id)
            )
            .scalars()
            .all()
        )
        if any(s != "proposed" for s in status):
            raise RectificationError(f"request {request_id}: its change set was decided already")
        conn.execute(REQUEST_RECTIFICATIONS.delete().where(REQUEST_RECTIFICATIONS.c.request_id == request_id))
        for n, row in enumerate(rows, start=1):
            payload = row.pop("payload")
            conn.execute(
                insert(REQUEST_RECTIFICATIONS).values(
                    request_id=request_id,
                    change_no=n,
                    sealed=_seal(seal_key, request_id, n, payload),
                    status="proposed",
                    proposed_at=utc_naive(now),
                    **row,
                )
            )
        out = _summary_of(conn, request_id) | {"by_hand": sorted(manual)}
        chain.append_in(conn, "request.rectification_proposed", out, recorded_at=now)
    return out


def _summary_of(conn, request_id: str) -> dict:
    rows = conn.execute(select(REQUEST_RECTIFICATIONS).where(REQUEST_RECTIFICATIONS.c.request_id == request_id)).all()
    counts = Counter(f"{r.source_system}.{r.entity}.{r.column_name}:{r.kind}:{r.status}" for r in rows)
    return {"request_id": request_id, "changes": len(rows), "counts": dict(sorted(counts.items()))}


def summary(engine: Engine, request_id: str) -> dict:
    """Columns, kinds, statuses and counts (no values): for XCom and the approval text."""
    register.ensure_tables(engine, REQUEST_RECTIFICATIONS)
    with engine.connect() as conn:
        return _summary_of(conn, request_id)


@dataclass(frozen=True)
class ReviewRow:
    """One change of a change set as the officer reviews it, decrypted: personal data (never log it, never put it
    in XCom, an approval text or an exception)."""

    change_no: int
    source_system: str
    entity: str
    column: str
    kind: str  # correction | patient_statement
    status: str  # proposed | approved | rejected | applied | conflict
    before: Any  # the value the practice system held when the change was proposed (None for a statement)
    after: Any  # the corrected value, or the statement's text


def review(engine: Engine, request_id: str) -> list[ReviewRow]:
    """Before and after of every change of the request, in order, decrypted from the register (the privacy
    console's review page and :func:`review_lines`); empty when no change set was proposed."""
    register.ensure_tables(engine, REQUEST_RECTIFICATIONS)
    with engine.connect() as conn:
        rows = conn.execute(
            select(REQUEST_RECTIFICATIONS)
            .where(REQUEST_RECTIFICATIONS.c.request_id == request_id)
            .order_by(REQUEST_RECTIFICATIONS.c.change_no)
        ).all()
    if not rows:
        return []
    key = crypto.request_key()
    out = []
    for r in rows:
        payload = _open(key, request_id, r.change_no, r.sealed)
        out.append(
            ReviewRow(
                r.change_no,
                r.source_system,
                r.entity,
                r.column_name,
                r.kind,
                r.status,
                payload["before"],
                payload["after"],
            )
        )
    return out


def show_change_set(engine: Engine, request_id: str, *, shown_to: str, now: dt.datetime) -> list[ReviewRow]:
    """:func:`review` for the privacy officer's page, with the evidence that it was shown (who, when, how many
    changes; no value) in the audit chain. ``RectificationError`` when the request has no change set (a page
    says "not found", never which)."""
    rows = review(engine, request_id)
    if not rows:
        raise RectificationError(f"request {request_id}: no change set")
    chain.append(
        engine,
        "request.change_set_shown",
        {"request_id": request_id, "changes": len(rows), "shown_to": shown_to},
        recorded_at=now,
    )
    return rows


def review_lines(engine: Engine, request_id: str) -> list[str]:
    """:func:`review` as text lines, for the officer on the worker (``requests changes``; personal data)."""
    out = []
    for r in review(engine, request_id):
        if r.kind == "patient_statement":
            out.append(f"#{r.change_no} {r.source_system}: add the patient's statement: {r.after!r}")
        else:
            out.append(
                f"#{r.change_no} {r.source_system}.{r.entity}.{r.column}: {r.before!r} -> {r.after!r} [{r.status}]"
            )
    return out


def decide(engine: Engine, request_id: str, *, approve: bool, decided_by: str, now: dt.datetime) -> str:
    """The officer's decision on the whole change set (the first decision counts)."""
    status = "approved" if approve else "rejected"
    with chain.write_transaction(engine) as conn:
        changed = conn.execute(
            update(REQUEST_RECTIFICATIONS)
            .where(REQUEST_RECTIFICATIONS.c.request_id == request_id, REQUEST_RECTIFICATIONS.c.status == "proposed")
            .values(status=status, decided_by=decided_by)
        ).rowcount
        if changed:
            chain.append_in(
                conn,
                f"request.rectification_{status}",
                {"request_id": request_id, "changes": changed, "decided_by": decided_by},
                recorded_at=now,
            )
    return status if changed else "unchanged"


def apply(ctx: StepContext, request_id: str) -> dict:
    """Write the approved changes, one transaction per source (see the module docstring); returns counts."""
    engine, source_urls, now = ctx.engine, ctx.sources, ctx.now
    key, mappings, model, rows = _changes_in(engine, request_id, "approved")
    applied: dict[str, int] = {}
    conflicts: dict[str, int] = {}
    for source_name in sorted({r.source_system for r in rows}):
        mine = [r for r in rows if r.source_system == source_name]
        source = mappings[source_name]
        source_engine = create_engine(source_urls[source_name])
        try:
            with source_engine.begin() as src:
                conflict = False
                for r in mine:
                    payload = _open(key, request_id, r.change_no, r.sealed)
                    if r.kind == "patient_statement":
                        _add_statement(src, source, payload, now, request_id, r.change_no)
                        continue
                    table, where, col, current, before, after = _target(src, source, model, r, payload)
                    if current == after:
                        continue  # committed by an interrupted run
                    if current != before:
                        conflict = True
                        break
                    stamp = {}
                    if "updated_at" in source.entities[r.entity].columns:
                        stamp = writeback.to_vendor(
                            source, r.entity, {"updated_at": now.astimezone(AMSTERDAM).replace(tzinfo=None)}, table
                        )
                    src.execute(update(table).where(where).values({col: after, **stamp}))
                if conflict:
                    raise _Conflict()
        except _Conflict:
            conflicts[source_name] = len(mine)
            _mark(engine, request_id, [r.change_no for r in mine], "conflict", now)
            continue
        finally:
            source_engine.dispose()
        applied[source_name] = len(mine)
        _mark(engine, request_id, [r.change_no for r in mine], "applied", now)
    report = {"request_id": request_id, "applied": applied, "conflicts": conflicts}
    chain.append(engine, "request.rectification_applied", report, recorded_at=now)
    return report


def _changes_in(engine: Engine, request_id: str, status: str) -> tuple:
    """(request key, source mappings, canonical model, the request's changes in ``status``): what acting on the
    change set needs."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(REQUEST_RECTIFICATIONS).where(
                REQUEST_RECTIFICATIONS.c.request_id == request_id, REQUEST_RECTIFICATIONS.c.status == status
            )
        ).all()
    return crypto.request_key(), {s.name: s for s in load_sources()}, load_model(), rows


def _target(src, source, model, r, payload: dict) -> tuple:
    """(vendor table, the row's where clause, vendor column, value now, before, after) of one correction, the
    values as the vendor stores them."""
    table = writeback.vendor_table(src, source, r.entity)
    key = model.entity(r.entity).key
    key_col = writeback.vendor_column(source, r.entity, key)
    col = writeback.vendor_column(source, r.entity, r.column_name)
    where = table.c[key_col] == writeback.to_vendor(source, r.entity, {key: payload["key"]}, table)[key_col]
    current = src.execute(select(table.c[col]).where(where)).scalar_one_or_none()
    before = writeback.to_vendor(source, r.entity, {r.column_name: payload["before"]}, table)[col]
    after = writeback.to_vendor(source, r.entity, {r.column_name: payload["after"]}, table)[col]
    return table, where, col, current, before, after


def not_shown(ctx: StepContext, request_id: str) -> list[str]:
    """The applied changes a practice system does not show now (re-read through the mapping): ``source.entity.
    column`` per change, never a value. Empty: every correction and statement is there."""
    engine, source_urls, now = ctx.engine, ctx.sources, ctx.now
    key, mappings, model, rows = _changes_in(engine, request_id, "applied")
    missing = []
    for source_name in sorted({r.source_system for r in rows}):
        source_engine = create_engine(source_urls[source_name])
        try:
            with source_engine.connect() as src:
                for r in (r for r in rows if r.source_system == source_name):
                    payload = _open(key, request_id, r.change_no, r.sealed)
                    if r.kind == "patient_statement":
                        shown = _statement(src, mappings[source_name], payload, now)[2]
                    else:
                        _, _, _, current, _, after = _target(src, mappings[source_name], model, r, payload)
                        shown = current == after
                    if not shown:
                        missing.append(f"{source_name}.{r.entity}.{r.column_name}")
        finally:
            source_engine.dispose()
    return missing


class _Conflict(Exception):
    pass


def _mark(engine: Engine, request_id: str, numbers: list[int], status: str, now: dt.datetime) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(REQUEST_RECTIFICATIONS)
            .where(REQUEST_RECTIFICATIONS.c.request_id == request_id, REQUEST_RECTIFICATIONS.c.change_no.in_(numbers))
            .values(status=status, applied_at=utc_naive(now) if status == "applied" else None)
        )


def _statement(src, source, payload: dict, now: dt.datetime) -> tuple:
    """(vendor table, the note's vendor values, whether the practice system holds it already)."""
    table = writeback.vendor_table(src, source, "clinical_note")
    text_col = writeback.vendor_column(source, "clinical_note", "text")
    patient_col = writeback.vendor_column(source, "clinical_note", "patient_id")
    type_col = writeback.vendor_column(source, "clinical_note", "note_type")
    values = writeback.to_vendor(
        source,
        "clinical_note",
        {
            "patient_id": payload["key"],
            "note_type": STATEMENT_TYPE,
            "text": payload["after"],
            "written_at": dt.datetime.fromisoformat(payload["written_at"]),
            "updated_at": now.astimezone(AMSTERDAM).replace(tzinfo=None, microsecond=0),
        },
        table,
    )
    exists = src.execute(
        select(func.count())
        .select_from(table)
        .where(
            table.c[patient_col] == values[patient_col],
            table.c[type_col] == STATEMENT_TYPE,
            table.c[text_col] == values[text_col],
        )
    ).scalar_one()
    return table, values, bool(exists)


def _add_statement(src, source, payload: dict, now: dt.datetime, request_id: str, change_no: int) -> None:
    """The statement as a clinical note of type ``verklaring_patient`` (added once: a re-run finds it)."""
    table, values, exists = _statement(src, source, payload, now)
    if exists:
        return
    key_col = writeback.vendor_column(source, "clinical_note", "note_id")
    next_id = (src.execute(select(func.max(table.c[key_col]))).scalar() or 0) + 1
    src.execute(insert(table).values({**values, key_col: next_id}))
