"""The retention quality gate's inputs: after disposal, re-query the live systems for the classes this run
carried out, and hand ``transforms.quality.retention.validate_retention`` frames of **hashed ids** only.

- ``remaining``: every live record of an approved class (row rules: the record; field rules: its fields), with
  the last day it may stay (computed from the staged canonical values, as the plan did) and whether something
  keeps it: a hold (register or automatic), or live records of another entity that still point at it (dispose
  never orphans them; it reports them as blocked). A record whose class action is already visible in the live
  row (anonymised fields, emptied fields, the emptied columns of a shared row) no longer counts as remaining
  for that class. A live row that is not in the staging (created after the extraction) cannot be past a term
  it has not been given and is left out (counted in the log).
- ``removed``: the journal's records that left the live systems in this run (``destroy``, ``unload``);
  ``requires_archive`` is true for ``unload`` (an archive-stage record before its term).
- ``archived``: the archive's records for those ids, verified when their batch is recorded (a batch is
  recorded only after its read-back verification; ``verify_archives`` re-checked every batch in the verify task).

Must run **before** the staging purge: the purge removes the staged values the terms are computed from.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pandas as pd
from sqlalchemy import MetaData, Table, case, create_engine, delete, func, select
from sqlalchemy.engine import Engine

from transforms import register
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.quality.report import QualityGateError
from transforms.quality.retention import validate_retention
from transforms.register.schema import (
    ARCHIVE_BATCHES,
    ARCHIVE_RECORDS,
    DISPOSE_JOURNAL,
    GATE_OUTCOMES,
)
from transforms.retention import copies, hashing, live
from transforms.retention.approval import approved_classes
from transforms.retention.disposal_map import DisposeError, resolve_target
from transforms.retention.expiry import assign, assign_fields, expired_mask
from transforms.retention.holds import HoldIndex, build_hold_index, held_mask
from transforms.retention.plan import load_plan
from transforms.retention.policy import MappingRule, RetentionPolicy, load_policy
from transforms.retention.staged import is_staged, read_staged
from transforms.retention.triggers import Triggers
from transforms.sources.config import SourceMapping, load_sources

log = logging.getLogger(__name__)


def _frame(rows: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    return (
        pd.DataFrame(rows, columns=list(columns))
        if rows
        else pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    )


def remaining_frame(
    engine: Engine,
    plan_id: str,
    *,
    source_urls: dict[str, str],
    data_root: Path | None = None,
    policy: RetentionPolicy | None = None,
    model: CanonicalModel | None = None,
    sources: dict[str, SourceMapping] | None = None,
    key: bytes | None = None,
) -> pd.DataFrame:
    """``class_id, entity, hashed_id, term_ends_on, held`` of every live record of the plan's approved classes."""
    policy = policy or load_policy()
    model = model or load_model()
    sources = sources or {s.name: s for s in load_sources()}
    key = key or hashing.hash_key()
    plan = load_plan(engine, plan_id)
    classes = approved_classes(engine, plan_id)
    index, _ = build_hold_index(policy, model, engine, plan.sources, data_root)
    key_of = {n: e.key for n, e in model.entities.items()}
    parts: list[pd.DataFrame] = []
    for source_name in plan.sources:
        source = sources[source_name]
        if source_name not in source_urls:
            raise DisposeError(f"no database URL for source {source_name}")
        source_engine = create_engine(source_urls[source_name])
        triggers = Triggers(policy, model, [source_name], data_root, engine=engine, key=key)
        try:
            for entity_name, rules in policy.entities.items():
                rules = [r for r in rules if r.class_ in classes]
                if (
                    not rules
                    or entity_name not in source.entities
                    or not is_staged(source_name, entity_name, data_root)
                ):
                    continue
                parts += _entity_remaining(
                    source_engine,
                    source,
                    entity_name,
                    rules,
                    policy,
                    model,
                    key,
                    key_of,
                    index,
                    plan.as_of,
                    data_root,
                    triggers,
                )
        finally:
            source_engine.dispose()
    copy_classes = classes & set(policy.copies)
    if copy_classes:  # research releases and quarantine partitions still on disk (kind 8)
        parts.append(
            copies.remaining_copies(
                policy, model, key, copies.full_index(engine, index), copy_classes, sources=None, data_root=data_root
            )
        )
    columns = ("class_id", "entity", "hashed_id", "term_ends_on", "held")
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else _frame([], columns)


def _entity_remaining(
    source_engine: Engine,
    source: SourceMapping,
    entity_name: str,
    rules: list[MappingRule],
    policy: RetentionPolicy,
    model: CanonicalModel,
    key: bytes,
    key_of: dict[str, str],
    index: HoldIndex,
    as_of: dt.date,
    data_root: Path | None,
    triggers: Triggers,
) -> list[pd.DataFrame]:
    entity = model.entity(entity_name)
    subject = policy.subject_column(entity_name, model)
    live_ids: set[str] = set()
    for _, hashed in live.live_hashes(source_engine, source, entity_name, key, model):
        live_ids.update(hashed)
    all_rules = policy.entities[entity_name]
    columns = triggers.columns(entity_name)
    columns |= {f for r in rules for f in (r.anonymise or [])}
    if subject:
        columns.add(subject[1])
    frame = read_staged(entity_name, entity.key, sorted(columns), [source.name], data_root)
    hashed = pd.Series(
        hashing.hash_ids(key, frame["source_system"], entity_name, frame[entity.key].astype(str)),
        index=frame.index,
        dtype="object",
    )
    alive = hashed.isin(live_ids)
    not_staged = len(live_ids) - int(alive.sum())
    if not_staged:
        log.info(
            "retention gate %s/%s: %d live record(s) not in the staging (newer than the extraction)",
            source.name,
            entity_name,
            not_staged,
        )
    frame, hashed = frame[alive], hashed[alive]
    related = triggers.related(entity_name, all_rules)
    timed = triggers.prepare(entity_name, frame, hashed)
    out = []
    row_classes = {r.class_ for r in rules if not r.is_field_rule}
    if row_classes:
        assigned = assign(policy, entity_name, timed, related, key_of)
        mine = assigned["retention_class"].isin(row_classes)
        held = held_mask(index, entity_name, frame, entity.key, assigned["retention_class"], subject)
        overdue = mine & expired_mask(assigned["term_ends_on"], as_of) & ~held
        gone, kept = set(), set()
        for class_id in sorted(row_classes):
            sel = overdue & (assigned["retention_class"] == class_id)
            if sel.any():
                rule = next(r for r in rules if r.class_ == class_id and not r.is_field_rule)
                g, k = _explained(
                    source_engine,
                    source,
                    entity_name,
                    model,
                    key,
                    frame[sel],
                    policy.retention_class(class_id).action,
                    list(rule.anonymise or []),
                )
                gone |= g
                kept |= k
        keys = frame[entity.key].astype(str)
        keep = mine & ~keys.isin(gone)
        out.append(
            pd.DataFrame(
                {
                    "class_id": assigned.loc[keep, "retention_class"].to_numpy(),
                    "entity": entity_name,
                    "hashed_id": hashed[keep].to_numpy(),
                    "term_ends_on": assigned.loc[keep, "term_ends_on"].to_numpy(),
                    "held": (held | keys.isin(kept))[keep].to_numpy(),
                }
            )
        )
    for rule in [r for r in rules if r.is_field_rule]:
        ends = assign_fields(policy, entity_name, rule, timed, related, key_of)
        held = held_mask(index, entity_name, frame, entity.key, pd.Series(rule.class_, index=frame.index), subject)
        overdue = expired_mask(ends, as_of) & ~held
        gone = set()
        if overdue.any():
            gone, _ = _explained(
                source_engine, source, entity_name, model, key, frame[overdue], "minimise", list(rule.fields or [])
            )
        keep = ~frame[entity.key].astype(str).isin(gone)
        out.append(
            pd.DataFrame(
                {
                    "class_id": rule.class_,
                    "entity": entity_name,
                    "hashed_id": hashed[keep].to_numpy(),
                    "term_ends_on": ends[keep].to_numpy(),
                    "held": held[keep].to_numpy(),
                }
            )
        )
    return out


def _explained(
    source_engine: Engine,
    source: SourceMapping,
    entity_name: str,
    model: CanonicalModel,
    key: bytes,
    overdue: pd.DataFrame,
    action: str,
    fields: list[str],
) -> tuple[set[str], set[str]]:
    """For live records past their term and not held: (keys whose action is already visible in the live row,
    keys that live records of another entity still point at). Anything else stays unexplained: the gate fails."""
    entity_key = model.entity(entity_name).key
    target, reason = resolve_target(source, entity_name, entity_key, fields, whole_rows=False)
    if target is None:
        return set(), set()  # cannot look: unexplained, fail closed
    table = Table(target.table, MetaData(), autoload_with=source_engine)
    keys = overdue[entity_key].astype(str).tolist()
    values = {}
    if action == "anonymise":
        values = {
            k: {
                target.fields[f]: live.pseudonym(
                    key, source.name, entity_name, f, v, live.pseudonym_kind(table.c[target.fields[f]])
                )
                for f in fields
                if f in target.fields
                for v in [row[f]]
            }
            for k, (_, row) in zip(keys, overdue.iterrows())
        }
    gone: set[str] = set()
    kept: set[str] = set()
    with source_engine.connect() as conn:
        for start in range(0, len(keys), 1000):
            chunk = keys[start : start + 1000]
            applied = live.already_applied(conn, table, target, action, chunk, values)
            gone |= applied
            rest = [k for k in chunk if k not in applied]
            if rest and action in ("destroy",):
                kept |= live.dependants_in(conn, model, source, entity_name, target, rest) or set()
    return gone, kept


def removed_and_archived(engine: Engine, plan_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``removed`` (journal: left the live systems in this plan) and ``archived`` (their verified archive copies)."""
    register.ensure_tables(engine, DISPOSE_JOURNAL, ARCHIVE_RECORDS, ARCHIVE_BATCHES)
    with engine.connect() as conn:
        journal = DISPOSE_JOURNAL
        rows = conn.execute(
            select(journal.c.class_id, journal.c.entity, journal.c.hashed_id, journal.c.action).where(
                journal.c.plan_id == plan_id, journal.c.status == "done", journal.c.action.in_(("destroy", "unload"))
            )
        ).all()
        removed = _frame(
            [
                {
                    "class_id": r.class_id,
                    "entity": r.entity,
                    "hashed_id": r.hashed_id,
                    "requires_archive": r.action == "unload",
                }
                for r in rows
            ],
            ("class_id", "entity", "hashed_id", "requires_archive"),
        )
        ids = removed["hashed_id"].tolist()
        archived = []
        records, batches = ARCHIVE_RECORDS, ARCHIVE_BATCHES
        for start in range(0, len(ids), 5000):
            query = (
                select(records.c.entity, records.c.hashed_id, batches.c.verified_at)
                .select_from(
                    records.outerjoin(
                        batches,
                        (records.c.plan_id == batches.c.plan_id)
                        & (records.c.class_id == batches.c.class_id)
                        & (records.c.entity == batches.c.entity)
                        & (records.c.batch_no == batches.c.batch_no),
                    )
                )
                .where(records.c.hashed_id.in_(ids[start : start + 5000]))
            )
            archived += [
                {"entity": r.entity, "hashed_id": r.hashed_id, "verified": r.verified_at is not None}
                for r in conn.execute(query)
            ]
    return removed, _frame(archived, ("entity", "hashed_id", "verified"))


def validate_plan(
    engine: Engine,
    plan_id: str,
    *,
    source_urls: dict[str, str],
    data_root: Path | None = None,
    raise_on_failure: bool = True,
) -> dict:
    """DAG task ``validate``: build the frames and run the retention gate; raises ``QualityGateFailed`` (no
    certificate) or ``QualityGateError``. Returns the report's summary (counts, expectation names, no ids).
    The outcome is recorded per plan in the register (``record_outcome``), which certify requires."""
    plan = load_plan(engine, plan_id)
    mark = journal_mark(engine, plan_id)  # before the re-query: a disposal during it makes the outcome stale
    remaining = remaining_frame(engine, plan_id, source_urls=source_urls, data_root=data_root)
    removed, archived = removed_and_archived(engine, plan_id)
    try:
        report = validate_retention(
            remaining, removed, archived, as_of=plan.as_of, run_key=plan_id, data_root=data_root, raise_on_failure=False
        )
    except QualityGateError:
        record_outcome(engine, plan_id, passed=False, mark=mark)  # a broken gate proves nothing
        raise
    record_outcome(engine, plan_id, passed=report.success, mark=mark)
    if raise_on_failure:
        report.raise_for_failure()
    return report.summary() | {"remaining": len(remaining), "removed": len(removed), "archived": len(archived)}


class GateNotPassed(RuntimeError):
    """The retention gate did not pass on the plan's disposal as it stands: no certificate may be issued."""


def journal_mark(engine: Engine, plan_id: str) -> str:
    """The state of a plan's disposal journal in one line (rows, done, pending, last change): any disposal
    that writes or finishes an intent changes it, so a gate outcome recorded with it is known to be current."""
    register.ensure_tables(engine, DISPOSE_JOURNAL)
    journal = DISPOSE_JOURNAL
    with engine.connect() as conn:
        row = conn.execute(
            select(
                func.count(),
                func.sum(case((journal.c.status == "done", 1), else_=0)),
                func.sum(case((journal.c.status == "pending", 1), else_=0)),
                func.max(journal.c.updated_at),
            ).where(journal.c.plan_id == plan_id)
        ).one()
    last = row[3].isoformat() if row[3] is not None else "-"
    return f"{row[0]}/{row[1] or 0}/{row[2] or 0}/{last}"


def record_outcome(engine: Engine, plan_id: str, *, passed: bool, mark: str, at: dt.datetime | None = None) -> None:
    """Keep the gate's latest outcome for a plan in the register (``retention_gate``), where certify reads it:
    the quality report files under the data root are evidence for people, not something to gate on."""
    from transforms.kernel.timeutil import utc_naive, utc_now

    register.ensure_tables(engine, GATE_OUTCOMES)
    moment = utc_naive(at or utc_now())
    with engine.begin() as conn:
        conn.execute(delete(GATE_OUTCOMES).where(GATE_OUTCOMES.c.plan_id == plan_id))
        conn.execute(
            GATE_OUTCOMES.insert().values(plan_id=plan_id, passed=passed, checked_at=moment, journal_mark=mark)
        )


def require_passed(engine: Engine, plan_id: str) -> None:
    """Raise ``GateNotPassed`` (one line, no personal data) unless the retention gate's latest outcome for
    this plan passed and nothing was disposed since (``certificates.certify_plan`` and ``retention certify``)."""
    register.ensure_tables(engine, GATE_OUTCOMES)
    with engine.connect() as conn:
        row = conn.execute(select(GATE_OUTCOMES).where(GATE_OUTCOMES.c.plan_id == plan_id)).first()
    again = f"run `retention validate {plan_id}` first; no certificate written"
    if row is None:
        raise GateNotPassed(f"the retention gate has not run for plan {plan_id}: {again}")
    when = f"{row.checked_at:%Y-%m-%d %H:%M} UTC"
    if not row.passed:
        raise GateNotPassed(f"the retention gate failed for plan {plan_id} ({when}): no certificate written")
    if row.journal_mark != journal_mark(engine, plan_id):
        raise GateNotPassed(
            f"the retention gate passed for plan {plan_id} ({when}) before its latest disposal: {again}"
        )
