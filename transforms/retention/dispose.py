"""Dispose: carry out an approved plan in the live practice systems, crash-safe, holds winning to the last moment.

Per class and source, entity by entity, children before parents (an entity that carries another's key goes
first, so a patient row goes after its treatments), in batches:

1. **intent**: the batch's hashed ids are journalled as ``pending`` in the register (``dispose_record``), committed;
2. in **one register transaction that locks the holds table** (SQLite ``BEGIN IMMEDIATE``; PostgreSQL ``LOCK
   TABLE retention_hold IN SHARE MODE``), so no hold can be placed or lifted meanwhile: re-read the holds, drop
   held records (intent ``cancelled``), delete their files (camera clips), run the **source transaction**
   (DELETE, or UPDATE for minimise/anonymise, by vendor key) and commit it, then mark the intents ``done``.

A crash before the source commit rolls both back (intents stay ``pending``, rows are still there: the re-run
does them). A crash between the source commit and the register commit leaves ``pending`` intents whose rows
are gone: the re-run sees that in the source and marks them ``done`` without touching anything, so nothing is
deleted twice and the counts stay right. Archive-stage records leave the live system only when the register
holds their verified archive copy (``archive_record``).

Fail closed: an entity this code cannot dispose of safely in a source (query-mapped, a table shared with another
entity, a field that is not a plain nullable column, files without a known media root, a parent whose
children still have rows in the live system) is **blocked** and reported, never guessed at.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
from collections.abc import Iterable
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import MetaData, Table, create_engine, func, select, update
from sqlalchemy.engine import Connection, Engine

from pydantic import BaseModel, ConfigDict

from transforms import register, settings
from transforms.register.schema import DISPOSE_JOURNAL as JOURNAL
from transforms.audit import chain
from transforms.retention import bulk, hashing
from transforms.retention.approval import approved_classes
from transforms.retention.archive import RECORDS as ARCHIVED
from transforms.retention.expiry import assign, assign_fields, expired_mask
from transforms.retention.holds import HOLDS, HoldIndex, active_holds
from transforms.retention.overlap import InOrder
from transforms.retention.plan import (STAGING_BATCH_ROWS, _hold_index, _held, _read, check_plan_is_current,
                                       has_items, load_plan, planned_batches, set_status)
from transforms.retention.policy import MappingRule, RetentionPolicy, load_policy
from transforms.sources.config import EntityMapping, SourceConfig, load_sources
from transforms.sources.model import (CanonicalModel, load_model, read_yaml, validate_config)

log = logging.getLogger(__name__)

BATCH_ROWS = 5_000  # records per source transaction: short row locks in the practice system, few commits


class DisposeError(RuntimeError):
    """Dispose refuses to start (message has no personal data)."""


@dataclass
class EntityResult:
    class_id: str
    source: str
    entity: str
    action: str
    done: int = 0                 # done in this call (including intents resolved from a crashed run)
    already_done: int = 0         # journalled done by an earlier run
    held: int = 0                 # planned, but held now (register or automatic hold)
    not_due: int = 0              # planned, but no longer due, or an archive copy is missing
    blocked: int = 0              # cannot be disposed of safely here (see reason)
    reason: str | None = None
    files_deleted: int = 0


@dataclass
class Target:
    """Where an entity's records live in one source, as far as disposal needs it."""
    table: str
    key_column: str
    fields: dict[str, str] = field(default_factory=dict)  # canonical field -> vendor column (minimise/anonymise)
    field_rows: dict[str, "FieldRows"] = field(default_factory=dict)  # fields stored as rows of another table
    children: list["ChildRows"] = field(default_factory=list)
    set_null: list[str] = field(default_factory=list)      # destroy = empty these columns of a shared row
    shared_with: list[str] = field(default_factory=list)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChildRows(_Strict):
    table: str
    fk: str


class FieldRows(_Strict):
    table: str
    fk: str
    where: dict[str, str] = {}


class DisposalSpec(_Strict):
    table: str
    key: str
    children: list[ChildRows] = []
    shared_with: list[str] = []
    destroy_set_null: list[str] = []
    fields: dict[str, FieldRows] = {}


def load_disposal_maps(path: Path | None = None) -> dict[str, dict[str, DisposalSpec]]:
    """``config/retention_disposal.yml``: source -> entity -> how to dispose of it (absent file: no maps)."""
    path = Path(path or settings.config_dir() / "retention_disposal.yml")
    if not path.exists():
        return {}
    return {source: {entity: validate_config(DisposalSpec, spec, f"{path}: {source}.{entity}")
                     for entity, spec in (entities or {}).items()}
            for source, entities in read_yaml(path).items()}


def resolve_target(source: SourceConfig, entity: str, key: str, fields: Iterable[str] = (),
                   whole_rows: bool = True, maps: dict[str, dict[str, DisposalSpec]] | None = None
                   ) -> tuple[Target | None, str | None]:
    """(target, None) when this entity can be disposed of in this source, else (None, reason)."""
    mapping: EntityMapping | None = source.entities.get(entity)
    if mapping is None:
        return None, "not mapped in this source"
    spec = (load_disposal_maps() if maps is None else maps).get(source.name, {}).get(entity)
    if spec is not None:
        target = Target(spec.table, spec.key, children=list(spec.children), set_null=list(spec.destroy_set_null),
                        shared_with=list(spec.shared_with))
        for f in fields:
            if f in spec.fields:
                target.field_rows[f] = spec.fields[f]
                continue
            m = mapping.columns.get(f)
            if m is None:
                continue
            if m.column is None:
                return None, f"field {f} is not a plain column"
            target.fields[f] = m.column
        return target, None
    if mapping.table is None:
        return None, "query-mapped entity: needs a disposal map (config/retention_disposal.yml)"
    if whole_rows:
        shared = [e for e, m in source.entities.items() if e != entity and m.table == mapping.table]
        if mapping.where is not None or shared:
            return None, (f"table shared with {', '.join(shared) or 'a filter'}: needs a disposal map "
                          "(config/retention_disposal.yml)")
    key_map = mapping.columns.get(key)
    if key_map is None or key_map.column is None:
        return None, "key is not a plain column"
    columns = {}
    for f in fields:
        m = mapping.columns.get(f)
        if m is None:
            continue  # the source does not store this field: nothing to empty
        if m.column is None:
            return None, f"field {f} is not a plain column"
        columns[f] = m.column
    return Target(mapping.table, key_map.column, columns), None


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise DisposeError("give times with a timezone")
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def children_first(entities: list[str], model: CanonicalModel) -> list[str]:
    """Order entities so that one carrying another's key comes before it (FK-safe deletion order)."""
    def depth(name: str, seen: frozenset = frozenset()) -> int:
        parents = [p for p in entities if p != name and p not in seen
                   and model.entities[p].key in model.entities[name].columns]
        return 1 + max((depth(p, seen | {name}) for p in parents), default=0)
    return sorted(entities, key=lambda e: (-depth(e), e))


def _dependants(model: CanonicalModel, source: SourceConfig, entity: str) -> list[tuple[str, EntityMapping, str]]:
    """Rows of this source that point at this entity's records: (entity, mapping, vendor column), for every
    column named after its key (``patient_id``) or ending in it (``related_patient_id``)."""
    key = model.entities[entity].key
    out = []
    for name, mapping in source.entities.items():
        if name not in model.entities:
            continue
        for column in model.entities[name].columns:
            if (column == key and name != entity) or column.endswith("_" + key):
                fk = mapping.columns.get(column)
                out.append((name, mapping, fk.column if fk is not None else None))
    return out


# --- the register side ---------------------------------------------------------------------------------------

@contextmanager
def hold_guard(engine: Engine):
    """A register transaction during which no hold can be placed or lifted."""
    register.ensure_tables(engine, HOLDS, JOURNAL)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.exec_driver_sql("LOCK TABLE retention_hold IN SHARE MODE")
        else:
            conn.execute(select(HOLDS.c.hold_id).with_for_update(read=True))
        yield conn


# --- the source side -----------------------------------------------------------------------------------------

def _convert(table: Table, column: str, values: list) -> list:
    try:
        kind = table.c[column].type.python_type
    except NotImplementedError:
        return values
    return [int(v) for v in values] if kind is int else [str(v) for v in values]


def _existing(conn: Connection, table: Table, key_column: str, keys: list) -> set[str]:
    rows = conn.execute(select(table.c[key_column]).where(bulk.among(conn, table.c[key_column], _convert(table, key_column, keys))))
    return {str(r[0]) for r in rows}


def _rows_left(conn: Connection, rows: FieldRows, keys: list) -> set[str]:
    """Keys that still have rows of a row-stored field."""
    table = Table(rows.table, MetaData(), autoload_with=conn)
    query = select(table.c[rows.fk]).where(bulk.among(conn, table.c[rows.fk], _convert(table, rows.fk, keys)))
    for column, value in rows.where.items():
        query = query.where(table.c[column] == value)
    return {str(r[0]) for r in conn.execute(query.distinct())}


def _already_applied(conn: Connection, table: Table, target: Target, action: str, keys: list,
                     values: dict[str, object]) -> set[str]:
    """Keys (as text) whose action is already visible in the source (resolving intents of a crashed run)."""
    present = _existing(conn, table, target.key_column, keys)
    if action in ("destroy", "unload") and not target.set_null:
        return {str(k) for k in keys} - present
    columns = target.set_null if action in ("destroy", "unload") else list(target.fields.values())
    rows = conn.execute(select(table.c[target.key_column], *[table.c[c] for c in columns]).where(
        bulk.among(conn, table.c[target.key_column], _convert(table, target.key_column, keys))))
    done = {str(k) for k in keys} - present  # a row that is gone has nothing left to empty
    for row in rows:
        vals = list(row)[1:]
        if action in ("destroy", "unload", "minimise") and all(v is None for v in vals):
            done.add(str(row[0]))
        elif action == "anonymise" and all(str(v) == str(values.get(str(row[0]), {}).get(c))
                                           for v, c in zip(vals, columns)):
            done.add(str(row[0]))
    if action == "minimise":
        for rows_spec in target.field_rows.values():
            done -= _rows_left(conn, rows_spec, list(done))
    return done


def _apply(conn: Connection, table: Table, target: Target, action: str, keys: list,
           anonymised: dict[str, dict[str, str]]) -> None:
    key_col = table.c[target.key_column]
    converted = _convert(table, target.key_column, keys)
    if action in ("destroy", "unload") and target.set_null:
        conn.execute(update(table).where(bulk.among(conn, key_col, converted)).values({c: None for c in target.set_null}))
    elif action in ("destroy", "unload"):
        for child in target.children:  # rows that belong to the record go first, in the same transaction
            child_table = Table(child.table, MetaData(), autoload_with=conn)
            conn.execute(child_table.delete().where(bulk.among(conn, child_table.c[child.fk], _convert(child_table, child.fk, keys))))
        conn.execute(table.delete().where(bulk.among(conn, key_col, converted)))
    elif action == "minimise":
        if target.fields:
            conn.execute(update(table).where(bulk.among(conn, key_col, converted)).values({c: None for c in target.fields.values()}))
        for rows_spec in target.field_rows.values():
            rows_table = Table(rows_spec.table, MetaData(), autoload_with=conn)
            statement = rows_table.delete().where(bulk.among(conn, rows_table.c[rows_spec.fk], _convert(rows_table, rows_spec.fk, keys)))
            for column, value in rows_spec.where.items():
                statement = statement.where(rows_table.c[column] == value)
            conn.execute(statement)
    else:  # anonymise: each record gets its own keyed hash
        for raw, value in zip(keys, converted):
            conn.execute(update(table).where(key_col == value).values(anonymised[str(raw)]))


def _delete_files(media_root: Path, paths: Iterable[object]) -> int:
    count = 0
    root = media_root.resolve()
    for p in paths:
        if p is None or pd.isna(p):
            continue
        target = (root / str(p)).resolve()
        if root not in target.parents:
            raise DisposeError("a file path points outside the media root; refusing")
        if target.exists():
            target.unlink()
            count += 1
    return count


# --- one class -----------------------------------------------------------------------------------------------

def dispose_class(engine: Engine, plan_id: str, class_id: str, *, source_urls: dict[str, str], now: dt.datetime,
                  data_root: Path | None = None, media_roots: dict[str, Path] | None = None,
                  batch_size: int = BATCH_ROWS, policy: RetentionPolicy | None = None,
                  model: CanonicalModel | None = None, sources: dict[str, SourceConfig] | None = None,
                  key: bytes | None = None, automatic: HoldIndex | None = None) -> list[EntityResult]:
    """Dispose of the approved records of one class of a plan in every source of the plan.

    ``automatic``: the hold index from the data (open complaints, incidents, disputes) when the caller already
    built it for this plan; register holds are re-read under lock for every batch regardless."""
    policy = policy or load_policy()
    model = model or load_model()
    sources = sources or {s.name: s for s in load_sources()}
    key = key or hashing.hash_key()
    plan = load_plan(engine, plan_id)
    cls = policy.retention_class(class_id)
    check_plan_is_current(plan, policy.content_hash, key, DisposeError)
    if class_id not in approved_classes(engine, plan_id):
        raise DisposeError(f"class {class_id} of plan {plan_id} is not approved")
    missing = [s for s in plan.sources if s not in source_urls]
    if missing:
        raise DisposeError(f"no database URL for source(s) {', '.join(missing)}")
    register.ensure_tables(engine, JOURNAL, ARCHIVED, HOLDS)
    for index in JOURNAL.indexes:  # registers made before the index existed get it here
        index.create(engine, checkfirst=True)
    if automatic is None:
        automatic, _ = _hold_index(policy, model, engine, plan.sources, data_root)
    key_of = {n: e.key for n, e in model.entities.items()}
    rules: dict[str, list[tuple[MappingRule, str]]] = {}
    for entity, entity_rules in policy.entities.items():
        for rule in entity_rules:
            if rule.class_ == class_id:
                action = "minimise" if rule.is_field_rule else cls.action
                rules.setdefault(entity, []).append((rule, action))
    results: list[EntityResult] = []
    for source_name in plan.sources:
        source = sources[source_name]
        source_engine = create_engine(source_urls[source_name])
        try:
            for entity in children_first(list(rules), model):
                for rule, action in rules[entity]:
                    results.append(_dispose_entity(
                        engine, source_engine, source, plan, class_id, cls.archive is not None, entity, rule,
                        action, policy, model, key, key_of, automatic, now, data_root,
                        (media_roots or {}).get(source_name), batch_size))
        finally:
            source_engine.dispose()
    return results


def _dispose_entity(engine: Engine, source_engine: Engine, source: SourceConfig, plan, class_id: str,
                    has_archive: bool, entity: str, rule: MappingRule, action: str, policy: RetentionPolicy,
                    model: CanonicalModel, key: bytes, key_of: dict[str, str], automatic: HoldIndex,
                    now: dt.datetime, data_root: Path | None, media_root: Path | None,
                    batch_size: int) -> EntityResult:
    result = EntityResult(class_id, source.name, entity, action)
    stages = ["minimise"] if rule.is_field_rule else ["dispose"] + (["archive"] if has_archive else [])
    if not has_items(engine, plan.plan_id, class_id, entity, stages):
        return result
    model_entity = model.entity(entity)
    # Streamed: the staging in batches, the plan's stage of each record looked up in the register per batch,
    # so memory depends on the batch size, not on the entity or the plan.
    related = {r.trigger.of: _read(r.trigger.of, key_of[r.trigger.of], [r.trigger.column], [source.name], data_root)
               for r in [rule] if r.trigger.of}
    staged = sorted({"source_system", model_entity.key, *model_entity.columns})
    # the batches' transactions run in the background, in order, while the next staging batch is prepared;
    # a batch's intents are written while the batch before it is being deleted
    with InOrder(depth=2) as intents, InOrder() as work:
        for batch in planned_batches(engine, plan.plan_id, class_id, entity, model_entity.key, model_entity.columns,
                                     [source.name], data_root, hash_key=key, stages=stages,
                                     archived=ARCHIVED if has_archive else None, journal=JOURNAL,
                                     batch_rows=max(batch_size, STAGING_BATCH_ROWS)):
            _dispose_rows(result, engine, source_engine, source, plan, class_id, has_archive, entity, rule, action,
                          policy, model, key, key_of, now, media_root, batch_size, batch[staged], batch, related,
                          automatic, intents, work)
    log.info("dispose %s/%s/%s: %d done, %d already done, %d held, %d not due, %d blocked", class_id, source.name,
             entity, result.done, result.already_done, result.held, result.not_due, result.blocked)
    return result


def _dispose_rows(result: EntityResult, engine: Engine, source_engine: Engine, source: SourceConfig, plan,
                  class_id: str, has_archive: bool, entity: str, rule: MappingRule, action: str,
                  policy: RetentionPolicy, model: CanonicalModel, key: bytes, key_of: dict[str, str], now: dt.datetime,
                  media_root: Path | None, batch_size: int, frame: pd.DataFrame, state: pd.DataFrame,
                  related: dict[str, pd.DataFrame], automatic: HoldIndex, intents: InOrder, work: InOrder) -> None:
    """One streamed batch of planned records of an entity (``frame``: the staged columns; ``state``: the same
    rows' ``_hashed_id``, ``_stage``, ``_journal`` and, with an archive stage, ``_archived``); counts go into
    ``result``."""
    hashed = state["_hashed_id"]
    planned = dict(zip(hashed.tolist(), state["_stage"].tolist()))
    model_entity = model.entity(entity)
    fields = rule.fields if rule.is_field_rule else (rule.anonymise or [])
    target, reason = resolve_target(source, entity, model_entity.key, fields,
                                    whole_rows=action in ("destroy", "unload"))
    has_files = "file_path" in frame.columns and frame["file_path"].notna().any() and action == "destroy"
    if target is None or (has_files and media_root is None):
        result.blocked += len(frame)
        result.reason = reason or "records have files but no media root was given"
        log.warning("dispose %s/%s/%s blocked (%d): %s", class_id, source.name, entity, len(frame), result.reason)
        return
    journal = state["_journal"]
    todo = [j != "done" for j in journal.tolist()]
    result.already_done += len(todo) - sum(todo)
    frame, hashed = frame[todo], hashed[todo]
    # ids with an intent already (pending, cancelled): not journalled again
    journalled = {h for h, j in zip(hashed.tolist(), journal[todo].tolist()) if isinstance(j, str)}
    # Still due as of the plan's date (a new clinical change since planning makes a record no longer due)?
    if rule.is_field_rule:
        due = expired_mask(assign_fields(policy, entity, rule, frame, related, key_of), plan.as_of)
        classes = pd.Series(class_id, index=frame.index)
    else:
        assigned = assign(policy, entity, frame, related, key_of)
        classes = assigned["retention_class"]
        past_term = expired_mask(assigned["term_ends_on"], plan.as_of)
        past_archive = expired_mask(assigned["archive_ends_on"], plan.as_of)
        stage = pd.Series([planned[h] for h in hashed.tolist()], index=hashed.index, dtype=object)
        due = (classes == class_id) & ((stage == "dispose") & past_term | (stage == "archive") & past_archive)
    subject = policy.subject_column(entity, model)
    held = _held(automatic, entity, frame, model_entity.key, classes, subject)
    result.held += int((due & held).sum())
    result.not_due += int((~due).sum())
    frame, hashed = frame[due & ~held], hashed[due & ~held]
    # Archive-stage records go only with a verified archive copy.
    if not rule.is_field_rule and has_archive:
        no_copy = (state.loc[hashed.index, "_stage"] == "archive") & ~state.loc[hashed.index, "_archived"].astype(bool)
        result.not_due += int(no_copy.sum())
        frame, hashed = frame[~no_copy], hashed[~no_copy]
    # Parents whose children still have rows in the live system stay (no orphans, no FK violations).
    if action in ("destroy", "unload") and not frame.empty:
        blocked = _blocked_by_dependants(source_engine, model, source, entity, target, frame[model_entity.key])
        if blocked is None:
            result.blocked += len(frame)
            result.reason = "a dependent entity cannot be checked in the live system (query-mapped)"
            return
        if blocked:
            mask = frame[model_entity.key].astype(str).isin(blocked)
            result.blocked += int(mask.sum())
            result.reason = "dependent records still in the live system"
            frame, hashed = frame[~mask], hashed[~mask]
    actions = pd.Series(["unload" if planned[h] == "archive" else action for h in hashed.tolist()],
                        index=hashed.index, dtype=object) if not rule.is_field_rule \
        else pd.Series(action, index=hashed.index, dtype=object)
    vendor = Table(target.table, MetaData(), autoload_with=source_engine)
    unfit = _unfit_fields(vendor, target, action)
    if unfit:
        result.blocked += len(frame)
        result.reason = unfit
        log.warning("dispose %s/%s/%s blocked (%d): %s", class_id, source.name, entity, len(frame), unfit)
        return
    for start in range(0, len(frame), batch_size):
        batch = frame.iloc[start:start + batch_size]
        ids = hashed.iloc[start:start + batch_size]
        batch_actions = actions.iloc[start:start + batch_size]
        for act in sorted(set(batch_actions)):
            sel = batch_actions == act
            written = intents.submit(_write_intents, engine, plan.plan_id, class_id, source.name, entity, act,
                                     ids[sel].tolist(), journalled, _utc(now))
            work.submit(_run_batch, engine, source_engine, vendor, target, plan.plan_id, class_id, source.name,
                        entity, act, batch[sel], ids[sel], model_entity.key, subject, key, now, media_root, fields,
                        (model, source), intents=written, then=functools.partial(_count_batch, result))


def _count_batch(result: EntityResult, counts: tuple[int, int, int, int]) -> None:
    """Add one ``_run_batch`` outcome (done, files deleted, held now, blocked now) to the entity's result."""
    done, files, held_now, blocked_now = counts
    result.done += done
    result.files_deleted += files
    result.held += held_now
    if blocked_now:
        result.blocked += blocked_now
        result.reason = "dependent records still in the live system"


def _unfit_fields(vendor: Table, target: Target, action: str) -> str | None:
    """Why the vendor columns cannot take what minimise (NULL) or anonymise (a 64-character hash) writes."""
    for column in target.set_null if action in ("destroy", "unload") else []:
        if not vendor.c[column].nullable:
            return f"column {column} is NOT NULL in the source"
    for canonical, column in target.fields.items():
        col = vendor.c[column]
        if action == "minimise" and not col.nullable:
            return f"field {canonical} is NOT NULL in the source"
        if action == "anonymise" and _pseudonym_kind(col) is None:
            return f"field {canonical} cannot hold a keyed pseudonym in the source"
    return None


def _pseudonym_kind(col) -> str | None:
    """How a vendor column can hold a keyed pseudonym: ``text`` (the 64-character HMAC), ``int`` (a negative
    31-bit number derived from it: never a real id, fits any INTEGER column), or None."""
    try:
        kind = col.type.python_type
    except NotImplementedError:
        return None
    length = getattr(col.type, "length", None)
    if kind is str and (length is None or length >= 64):
        return "text"
    if kind is int:
        return "int"
    return None


def pseudonym(key: bytes, source: str, entity: str, field_name: str, value: object, kind: str) -> str | int:
    """The keyed pseudonym that replaces an anonymised field (same person, same pseudonym: the suppression
    entry still counts as one person's objection, without saying who)."""
    digest = hashing.hash_id(key, source, f"{entity}.{field_name}", value)
    return digest if kind == "text" else -(int(digest[:8], 16) & 0x7FFFFFFF) - 1


def class_order(policy: RetentionPolicy, model: CanonicalModel, classes: Iterable[str]) -> list[str]:
    """Classes whose records point at other classes' records go first (a patient's file after the consent
    records and invoices that refer to it)."""
    entities = list(policy.entities)
    ranked = children_first(entities, model)
    position = {e: i for i, e in enumerate(ranked)}

    def last(class_id: str) -> int:
        rows = [e for e, rules in policy.entities.items() for r in rules if r.class_ == class_id and not r.is_field_rule]
        return max((position[e] for e in rows), default=-1)
    return sorted(classes, key=lambda c: (last(c), c))


def _blocked_by_dependants(source_engine: Engine, model: CanonicalModel, source: SourceConfig, entity: str,
                           target: Target, keys: pd.Series) -> set[str] | None:
    """Keys (text) of this entity that rows of dependent entities in the live system still point at;
    None when a dependant cannot be checked."""
    with source_engine.connect() as conn:
        return _dependants_in(conn, model, source, entity, target, keys.astype(str).tolist())


def _dependants_in(conn: Connection, model: CanonicalModel, source: SourceConfig, entity: str, target: Target,
                   values: list[str]) -> set[str] | None:
    blocked: set[str] = set()
    for name, mapping, fk in _dependants(model, source, entity):
        if mapping.table is None or fk is None:
            return None
        if mapping.table == target.table and fk == target.key_column:
            continue  # the row itself (e.g. the family link stored on the patient row)
        child = Table(mapping.table, MetaData(), autoload_with=conn)
        for start in range(0, len(values), 1000):
            chunk = values[start:start + 1000]
            rows = conn.execute(select(child.c[fk]).where(bulk.among(conn, child.c[fk], _convert(child, fk, chunk))).distinct())
            blocked |= {str(r[0]) for r in rows}
    return blocked


def _shared_records_left(conn: Connection, vendor: Table, target: Target, source: str, keys: list[str],
                         maps: dict[str, dict[str, DisposalSpec]] | None) -> set[str]:
    """Keys whose row still carries another entity's record (its columns not yet emptied). Fail closed: an
    entity sharing the row without ``destroy_set_null`` in the disposal map blocks every key."""
    maps = load_disposal_maps() if maps is None else maps
    left: set[str] = set()
    for other in target.shared_with:
        spec = maps.get(source, {}).get(other)
        if spec is None or not spec.destroy_set_null:
            return set(keys)
        rows = conn.execute(select(vendor.c[target.key_column], *[vendor.c[c] for c in spec.destroy_set_null]).where(
            bulk.among(conn, vendor.c[target.key_column], _convert(vendor, target.key_column, keys))))
        left |= {str(r[0]) for r in rows if any(v is not None for v in list(r)[1:])}
    return left


def _write_intents(engine: Engine, plan_id: str, class_id: str, source: str, entity: str, action: str,
                   ids: list[str], journalled: set[str] | None, moment: dt.datetime) -> tuple[set[str], int]:
    """Step 1 of a batch: its intents (``pending``), committed before anything happens in the source.
    Returns (those of ``ids`` that had an intent in this class already, the batch's number).
    ``journalled``: those ids when the caller has just read the journal for them; None: read it here."""
    with engine.begin() as conn:
        known = journalled if journalled is not None else {r.hashed_id for r in conn.execute(
            select(JOURNAL.c.hashed_id).where(JOURNAL.c.class_id == class_id,
                                              bulk.among(conn, JOURNAL.c.hashed_id, ids)))}
        # one dispose run at a time (register lock): the next number is ours
        batch_no = 1 + conn.execute(select(func.coalesce(func.max(JOURNAL.c.batch_no), 0)).where(
            JOURNAL.c.plan_id == plan_id, JOURNAL.c.class_id == class_id)).scalar_one()
        bulk.insert(conn, JOURNAL, [{"hashed_id": h, "class_id": class_id, "plan_id": plan_id, "entity": entity,
                                     "source_system": source, "action": action, "status": "pending",
                                     "batch_no": batch_no, "updated_at": moment} for h in ids if h not in known])
    return known, batch_no


def _run_batch(engine: Engine, source_engine: Engine, vendor: Table, target: Target, plan_id: str, class_id: str,
               source: str, entity: str, action: str, batch: pd.DataFrame, ids: pd.Series, key_name: str,
               subject: tuple[str, str] | None, key: bytes, now: dt.datetime, media_root: Path | None,
               fields: list[str], dependants: tuple[CanonicalModel, SourceConfig] | None = None,
               maps: dict[str, dict[str, DisposalSpec]] | None = None,
               journalled: set[str] | None = None, intents: Future | None = None) -> tuple[int, int, int, int]:
    """One batch: (done, files deleted, held now, blocked now by a dependant written since the first check).

    ``journalled``: ids of these that already have an intent in this class (the caller just read the journal
    for them); None: read it here. ``intents``: the ``_write_intents`` call for this batch when the caller
    started it already (it must have committed before the source is touched); None: write them here."""
    moment = _utc(now)
    blocked_now = 0
    keys = batch[key_name].astype(str).tolist()
    by_key = dict(zip(keys, ids))
    anonymised = {k: {target.fields[f]: pseudonym(key, source, entity, f, batch.loc[i, f],
                                                  _pseudonym_kind(vendor.c[target.fields[f]]))
                      for f in fields if f in target.fields}
                  for k, i in zip(keys, batch.index)} if action == "anonymise" else {}
    # 1. intent, committed before anything happens in the source
    known, batch_no = intents.result() if intents is not None else _write_intents(
        engine, plan_id, class_id, source, entity, action, ids.tolist(), journalled, moment)
    # 2. holds locked; source transaction inside; intents done when the source has committed
    with hold_guard(engine) as guard:
        index = HoldIndex.build([h for h in active_holds(guard) if h.source_system in (None, source)])
        held = _held(index, entity, batch, key_name, pd.Series(class_id, index=batch.index), subject)
        if held.any():
            guard.execute(update(JOURNAL).where(JOURNAL.c.class_id == class_id,
                                                bulk.among(guard, JOURNAL.c.hashed_id, list(ids[held])))
                          .values(status="cancelled", updated_at=moment))
        live_keys = [k for k, h in zip(keys, held) if not h]
        files = 0
        if live_keys:
            with source_engine.begin() as src:
                applied = _already_applied(src, vendor, target, action, live_keys, anonymised)
                pending = [k for k in live_keys if k not in applied]
                def keep(late: set) -> None:
                    """These keys stay after all: out of this batch, their journal entries cancelled."""
                    nonlocal pending, live_keys, blocked_now
                    pending = [k for k in pending if k not in late]
                    live_keys = [k for k in live_keys if k not in late]
                    blocked_now += len(late)
                    guard.execute(update(JOURNAL).where(JOURNAL.c.class_id == class_id,
                                                        bulk.among(guard, JOURNAL.c.hashed_id, [by_key[k] for k in late]))
                                  .values(status="cancelled", updated_at=moment))

                if pending and action in ("destroy", "unload") and target.shared_with:
                    # the row also holds other entities' records: only once those are destroyed (not held)
                    late_shared = _shared_records_left(src, vendor, target, source, pending, maps)
                    if late_shared:
                        keep(late_shared)
                if pending and action in ("destroy", "unload") and dependants is not None:
                    # re-checked in the deleting transaction: a child written since the first check keeps its parent
                    late = _dependants_in(src, dependants[0], dependants[1], entity, target, pending) or set()
                    if late:
                        keep(late)
                if media_root is not None and action == "destroy" and "file_path" in batch.columns:
                    paths = batch.loc[batch[key_name].astype(str).isin(pending), "file_path"]
                    files = _delete_files(media_root, paths)
                if pending:
                    _apply(src, vendor, target, action, pending, anonymised)
            # this batch's own intents in one range of the index (the held and late ones are cancelled by now);
            # intents left pending by an earlier, interrupted run by id
            guard.execute(update(JOURNAL).where(JOURNAL.c.plan_id == plan_id, JOURNAL.c.class_id == class_id,
                                                JOURNAL.c.batch_no == batch_no, JOURNAL.c.status == "pending")
                          .values(status="done", updated_at=moment))
            earlier = [by_key[k] for k in live_keys if by_key[k] in known]
            if earlier:
                guard.execute(update(JOURNAL).where(JOURNAL.c.class_id == class_id,
                                                    bulk.among(guard, JOURNAL.c.hashed_id, earlier))
                              .values(status="done", updated_at=moment))
    return len(live_keys), files, int(held.sum()), blocked_now


# --- certificate -----------------------------------------------------------------------------------------------

def certificate_folder(plan_id: str, data_root: Path | None = None) -> Path:
    """Where the human-readable certificates of a plan are written (one ``<class>.txt`` each)."""
    return Path(data_root or settings.data_root()) / "retention" / "certificates" / plan_id


def certify(engine: Engine, plan_id: str, class_id: str, *, approver: str | None, now: dt.datetime,
            policy: RetentionPolicy | None = None) -> dict:
    """Audit entry and human-readable certificate of destruction for one class of a plan (from the journal:
    what was actually done). Idempotent: a class of a plan is certified once; later calls return that entry."""
    policy = policy or load_policy()
    plan = load_plan(engine, plan_id)
    for entry in chain.entries(engine, kind="retention.certificate"):
        if entry.payload["plan_id"] == plan_id and entry.payload["class"] == class_id:
            return {"entry": asdict(entry) | {"recorded_at": entry.recorded_at.isoformat()},
                    "text": render_certificate(entry.payload, entry.seq, entry.entry_hash)}
    with engine.connect() as conn:
        rows = conn.execute(select(JOURNAL.c.entity, JOURNAL.c.source_system, JOURNAL.c.action, JOURNAL.c.status,
                                   JOURNAL.c.hashed_id).where(JOURNAL.c.plan_id == plan_id,
                                                              JOURNAL.c.class_id == class_id)).all()
    if any(r.status == "pending" for r in rows):
        raise DisposeError(f"class {class_id} of plan {plan_id} has unfinished batches: re-run dispose first")
    counts: dict[str, dict[str, int]] = {}
    done_ids = []
    for r in rows:
        bucket = counts.setdefault(f"{r.source_system}.{r.entity}", {})
        bucket[f"{r.action}:{r.status}"] = bucket.get(f"{r.action}:{r.status}", 0) + 1
        if r.status == "done":
            done_ids.append(r.hashed_id)
    cls = policy.retention_class(class_id)
    payload = {"plan_id": plan_id, "class": class_id, "as_of": plan.as_of.isoformat(),
               "policy_version": plan.policy_version, "basis": [b.ref for b in cls.basis], "term": str(cls.term),
               "action": cls.action, "approver": approver, "counts": counts, "done": len(done_ids),
               "hashed_ids": sorted(done_ids)}
    purged = [e.payload for e in chain.entries(engine, kind="retention.staging_purge")
              if e.payload.get("plan_id") == plan_id]
    if purged:  # the pipeline's own copies (staging, anonymised text) purged to match (transforms.retention.purge)
        payload["staging_purged"] = purged[0]["classes"].get(class_id, {})
    entry = chain.append(engine, "retention.certificate", payload, recorded_at=now)
    return {"entry": asdict(entry) | {"recorded_at": entry.recorded_at.isoformat()},
            "text": render_certificate(payload, entry.seq, entry.entry_hash)}


def render_certificate(payload: dict, seq: int, entry_hash: str) -> str:
    """The certificate of destruction a privacy officer reads (no personal data: counts and a digest)."""
    digest = hashlib.sha256("\n".join(payload["hashed_ids"]).encode("ascii")).hexdigest()
    lines = [
        "CERTIFICATE OF DESTRUCTION - Dental Clinics Nederland",
        f"Retention class : {payload['class']} ({payload['action']}, term {payload['term']})",
        f"Legal basis     : {'; '.join(payload['basis'])}",
        f"Counted to      : {payload['as_of']} (Europe/Amsterdam)",
        f"Plan            : {payload['plan_id']}",
        f"Policy version  : {payload['policy_version']}",
        f"Approved by     : {payload['approver'] or 'policy (routine class)'}",
        f"Records done    : {payload['done']}",
    ]
    for where, counts in sorted(payload["counts"].items()):
        lines.append(f"  {where:40} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if "staging_purged" in payload:
        purged = payload["staging_purged"]
        lines.append("Pipeline copies : " + (", ".join(f"{k} {v}" for k, v in sorted(purged.items())) or "nothing held")
                     + " (staging, anonymised text)")
    lines += [f"Hashed ids      : {len(payload['hashed_ids'])} (SHA-256 of the sorted list: {digest})",
              f"Audit entry     : #{seq} {entry_hash}",
              "Verify with     : python -m transforms audit verify --expect-head " + entry_hash]
    return "\n".join(lines)


def dispose_plan(plan_id: str, *, source_urls: dict[str, str], now: dt.datetime, register_url: str | None = None,
                 data_root: Path | None = None, media_roots: dict[str, Path] | None = None,
                 batch_size: int = BATCH_ROWS) -> dict:
    """DAG task ``dispose``: every approved class of the plan; JSON-safe results (for XCom)."""
    engine = register.register_engine(register_url)
    policy, model = load_policy(), load_model()
    sources = {s.name: s for s in load_sources()}
    automatic, _ = _hold_index(policy, model, engine, load_plan(engine, plan_id).sources, data_root)
    out = {}
    for class_id in class_order(policy, model, approved_classes(engine, plan_id)):
        out[class_id] = [asdict(r) for r in dispose_class(
            engine, plan_id, class_id, source_urls=source_urls, now=now, data_root=data_root,
            media_roots=media_roots, batch_size=batch_size, policy=policy, model=model, sources=sources,
            automatic=automatic)]
    set_status(engine, plan_id, "disposed")
    return out


# --- verify and tombstones: re-query the live systems by hashing their keys ----------------------------------

def _live_hashes(source_engine: Engine, source: SourceConfig, entity: str, key: bytes, model: CanonicalModel,
                 chunk: int = 50_000) -> Iterable[tuple[list[str], list[str]]]:
    """(vendor keys as text, hashed ids) of every live row of an entity, in chunks: only the key column is read,
    so the comparison with the journal needs no staging and no raw ids in the register."""
    target, reason = resolve_target(source, entity, model.entity(entity).key, whole_rows=False)
    if target is None:
        raise DisposeError(f"{source.name}.{entity}: cannot re-query ({reason})")
    table = Table(target.table, MetaData(), autoload_with=source_engine)
    with source_engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(select(table.c[target.key_column]))
        while rows := result.fetchmany(chunk):
            keys = [str(r[0]) for r in rows]
            yield keys, hashing.hash_ids(key, [source.name] * len(keys), entity, keys)


def _done_by_entity(engine: Engine, source: str, actions: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """entity -> {hashed id: class} of journal entries done with one of these actions in one source."""
    register.ensure_tables(engine, JOURNAL)
    out: dict[str, dict[str, str]] = {}
    with engine.connect() as conn:
        for row in conn.execute(select(JOURNAL.c.entity, JOURNAL.c.hashed_id, JOURNAL.c.class_id).where(
                JOURNAL.c.source_system == source, JOURNAL.c.status == "done", JOURNAL.c.action.in_(actions))):
            out.setdefault(row.entity, {})[row.hashed_id] = row.class_id
    return out


def verify_disposed(engine: Engine, *, source_urls: dict[str, str], key: bytes | None = None,
                    model: CanonicalModel | None = None, sources: dict[str, SourceConfig] | None = None) -> dict:
    """DAG task ``verify`` (live part): no record the journal says was destroyed or unloaded is still in a live
    system, and minimised fields are empty. Returns counts; ``problems`` lists (class, source, entity, count)."""
    key = key or hashing.hash_key()
    model = model or load_model()
    sources = sources or {s.name: s for s in load_sources()}
    policy = load_policy()
    report = {"checked": 0, "problems": []}
    for source_name, url in source_urls.items():
        source = sources[source_name]
        source_engine = create_engine(url)
        try:
            for entity, done in _done_by_entity(engine, source_name, ("destroy", "unload")).items():
                report["checked"] += len(done)
                found: dict[str, int] = {}
                target, _ = resolve_target(source, entity, model.entity(entity).key, whole_rows=False)
                table = Table(target.table, MetaData(), autoload_with=source_engine)
                for keys, hashed in _live_hashes(source_engine, source, entity, key, model):
                    mine = {k: h for k, h in zip(keys, hashed) if h in done}
                    if mine and target.set_null:  # destroyed by emptying columns of a shared row
                        with source_engine.connect() as conn:
                            emptied = _already_applied(conn, table, target, "destroy", list(mine), {})
                        mine = {k: h for k, h in mine.items() if k not in emptied}
                    for h in mine.values():
                        found[done[h]] = found.get(done[h], 0) + 1
                report["problems"] += [{"class": c, "source": source_name, "entity": entity, "still_present": n}
                                       for c, n in sorted(found.items())]
            for entity, done in _done_by_entity(engine, source_name, ("minimise",)).items():
                report["checked"] += len(done)
                rules = policy.field_rules(entity)
                fields = sorted({f for r in rules for f in (r.fields or [])})
                target, _ = resolve_target(source, entity, model.entity(entity).key, fields, whole_rows=False)
                table = Table(target.table, MetaData(), autoload_with=source_engine)
                bad = 0
                for keys, hashed in _live_hashes(source_engine, source, entity, key, model):
                    mine = [k for k, h in zip(keys, hashed) if h in done]
                    if mine:
                        with source_engine.connect() as conn:
                            bad += len(mine) - len(_already_applied(conn, table, target, "minimise", mine, {}))
                if bad:
                    report["problems"].append({"class": "minimise", "source": source_name, "entity": entity,
                                               "still_present": bad})
        finally:
            source_engine.dispose()
    report["ok"] = not report["problems"]
    return report


def _without_person_holds(source_engine: Engine, source: SourceConfig, entity: str, table: Table, target: Target,
                          keys: list[str], index: HoldIndex, policy: RetentionPolicy, model: CanonicalModel,
                          done: dict[str, str], key: bytes) -> list[str]:
    """Drop keys whose data subject (read from the live row) is under a person hold."""
    subject = policy.subject_column(entity, model)
    if not keys or subject is None or not index.persons:
        return keys
    mapping = source.entities[entity].columns.get(subject[1])
    if mapping is None or mapping.column is None:
        return []  # cannot tell whose record it is while person holds exist: fail closed
    with source_engine.connect() as conn:
        rows = conn.execute(select(table.c[target.key_column], table.c[mapping.column]).where(
            bulk.among(conn, table.c[target.key_column], _convert(table, target.key_column, keys))))
        owner = {str(r[0]): r[1] for r in rows}
    return [k for k in keys if owner.get(k) is None or not index.person_held(
        source.name, subject[0], owner[k], done[hashing.hash_id(key, source.name, entity, k)])]


def reapply_tombstones(engine: Engine, *, source_urls: dict[str, str], now: dt.datetime, key: bytes | None = None,
                       model: CanonicalModel | None = None, sources: dict[str, SourceConfig] | None = None) -> dict:
    """After a backup restore: delete (or minimise) again every live record the journal says was done.

    The journal of hashed ids is the tombstone list: live keys are hashed and compared, so it needs neither the
    staging nor raw ids. Holds in force win here too. Audited; returns counts per source and entity."""
    key = key or hashing.hash_key()
    model = model or load_model()
    sources = sources or {s.name: s for s in load_sources()}
    policy = load_policy()
    counts: dict[str, int] = {}
    for source_name, url in source_urls.items():
        source = sources[source_name]
        source_engine = create_engine(url)
        try:
            for action, actions in (("destroy", ("destroy", "unload")), ("minimise", ("minimise",))):
                for entity, done in _done_by_entity(engine, source_name, actions).items():
                    fields = sorted({f for r in policy.field_rules(entity) for f in (r.fields or [])}) \
                        if action == "minimise" else []
                    target, reason = resolve_target(source, entity, model.entity(entity).key, fields,
                                                    whole_rows=action == "destroy")
                    if target is None:
                        continue
                    table = Table(target.table, MetaData(), autoload_with=source_engine)
                    for keys, hashed in _live_hashes(source_engine, source, entity, key, model):
                        again = [k for k, h in zip(keys, hashed) if h in done]
                        if not again:
                            continue
                        with hold_guard(engine) as guard:
                            index = HoldIndex.build([h for h in active_holds(guard)
                                                     if h.source_system in (None, source_name)])
                            free = [k for k in again if (source_name, entity, k) not in index.records
                                    and not index.category_held(done[hashing.hash_id(key, source_name, entity, k)],
                                                                source_name)]
                            free = _without_person_holds(source_engine, source, entity, table, target, free, index,
                                                         policy, model, done, key)
                            with source_engine.begin() as src:
                                pending = [k for k in free if k not in _already_applied(src, table, target, action,
                                                                                        free, {})]
                                if pending:
                                    _apply(src, table, target, action, pending, {})
                        counts[f"{source_name}.{entity}.{action}"] = counts.get(f"{source_name}.{entity}.{action}", 0) \
                            + len(pending)
        finally:
            source_engine.dispose()
    chain.append(engine, "retention.tombstones_reapplied", {"counts": counts}, recorded_at=now)
    return counts
