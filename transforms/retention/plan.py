"""The retention plan (dry run): which records are due for archive or disposal as of a date, per class.

Computed on the canonical staging (``read_entity``), never on the live systems, and changes nothing there.
Records on hold (register holds and the policy's automatic holds: open complaint, camera incident, labour
dispute) are left out and counted as held. The plan is stored in the privacy register with the policy version,
the ``as_of`` date, counts per class and entity, and the **HMAC-hashed** ids of the candidates only. Later steps
(archive, dispose) recompute candidates from the data and act only on records whose hashed id the approved
plan lists, so what was approved is an upper bound of what happens, and a hold placed after planning still wins.

Stages per record: ``dispose`` (its term has ended: the class's action applies), ``archive`` (past the class's
archive stage but not its term), ``minimise`` (a field rule's term has ended: those fields are emptied while
the record stays). A record with no trigger date yet (open procedure, still employed) is never a candidate.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Table, delete, select
from sqlalchemy.engine import Engine

from transforms import register
from transforms.register.schema import PLAN_CLASSES, PLAN_ITEMS, PLANS
from transforms.retention import bulk, hashing
from transforms.retention.expiry import as_of_date, assign, assign_fields, expired_mask, matches
from transforms.retention.holds import HoldIndex, active_holds, HOLDS
from transforms.retention.policy import RetentionPolicy, load_policy
from transforms.sources import staging
from transforms.sources.model import CanonicalModel, load_model

log = logging.getLogger(__name__)

STAGES = ("dispose", "archive", "minimise")


class PlanError(RuntimeError):
    """The plan cannot be made or stored safely (message has no personal data)."""


@dataclass
class ClassCounts:
    action: str
    approval: str
    dispose: int = 0
    archive: int = 0
    minimise: int = 0
    held: int = 0
    no_trigger: int = 0
    total: int = 0
    entities: dict[str, dict[str, int]] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)

    def add(self, entity: str, **counts: int) -> None:
        per = self.entities.setdefault(entity, {})
        for name, n in counts.items():
            setattr(self, name, getattr(self, name) + n)
            per[name] = per.get(name, 0) + n


@dataclass
class Plan:
    plan_id: str
    as_of: dt.date
    policy_version: str
    key_fingerprint: str
    created_at: dt.datetime
    sources: list[str]
    classes: dict[str, ClassCounts]
    status: str = "planned"

    def needs_approval(self) -> list[str]:
        """Classes with something to do whose policy requires a person to approve."""
        return sorted(c for c, k in self.classes.items()
                      if k.approval == "required" and (k.dispose or k.archive or k.minimise))

    def summary(self) -> dict:
        """JSON-safe (for XCom and the CLI): ids of nothing but the plan itself."""
        return {"plan_id": self.plan_id, "as_of": self.as_of.isoformat(), "policy_version": self.policy_version,
                "key_fingerprint": self.key_fingerprint, "status": self.status, "sources": self.sources,
                "created_at": self.created_at.isoformat(), "needs_approval": self.needs_approval(),
                "classes": {c: asdict(k) for c, k in sorted(self.classes.items())}}


# --- reading the staging ------------------------------------------------------------------------------------

def _staged_sources(data_root: Path | None) -> list[str]:
    root = staging.staging_root(data_root)
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []


def _is_staged(source: str, entity: str, data_root: Path | None) -> bool:
    return bool(staging.committed_partitions(source, entity, data_root))


def _read(entity: str, key: str, columns: Iterable[str], sources: list[str], data_root: Path | None) -> pd.DataFrame:
    names = [s for s in sources if _is_staged(s, entity, data_root)]
    wanted = sorted({"source_system", key, *columns})
    if not names:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in wanted})
    return staging.read_entity(entity, key, sources=names, data_root=data_root, columns=wanted)


STAGING_BATCH_ROWS = 100_000  # rows per streamed staging batch (plan, archive, dispose, gate)


def _staged_query(entity: str, key: str, columns: Iterable[str], sources: list[str],
                  data_root: Path | None) -> tuple[str, list[str]] | None:
    """DuckDB SQL for the current state of an entity (newest version per key, as ``read_entity``) and its
    column names; None when nothing is staged."""
    names = [s for s in sources if _is_staged(s, entity, data_root)]
    wanted = sorted({"source_system", key, *columns})
    files = [(str(p / staging.DATA_FILE), p.name.removeprefix("run=")) for s in names
             for p in staging.committed_partitions(s, entity, data_root)]
    if not files:
        return None
    select_list = ", ".join(f'"{c}"' for c in wanted)
    union = " UNION ALL ".join(f"SELECT {select_list}, '{run}' AS _run FROM read_parquet('{path}', "
                               "hive_partitioning = false)" for path, run in files)
    return (f"SELECT {select_list} FROM ({union}) QUALIFY row_number() OVER (PARTITION BY source_system, "
            f'"{key}" ORDER BY _run DESC) = 1'), wanted


@contextmanager
def _duckdb() -> Iterator:
    """A DuckDB connection under the retention steps' memory limit, spilling to a temporary folder."""
    import tempfile

    import duckdb

    with tempfile.TemporaryDirectory(prefix="dcn-retention-") as folder, duckdb.connect() as con:
        con.execute(f"SET memory_limit = '256MB'; SET temp_directory = '{folder}'; SET threads = 2; "
                    "SET preserve_insertion_order = false")
        yield con, Path(folder)


def _fetch_frames(result, batch_rows: int) -> Iterator[pd.DataFrame]:
    vectors = max(1, batch_rows // 2048)
    while True:
        frame = result.fetch_df_chunk(vectors)
        if frame.empty:
            break
        yield frame


def _read_batches(entity: str, key: str, columns: Iterable[str], sources: list[str], data_root: Path | None,
                  batch_rows: int = STAGING_BATCH_ROWS, hash_key: bytes | None = None) -> Iterator[pd.DataFrame]:
    """The current state of an entity (newest version per key, as ``read_entity``) in frames of at most
    ``batch_rows`` rows: DuckDB streams the partitions under a memory limit (spilling to a temporary folder), so
    memory does not grow with the entity. Same column types as ``read_entity``; with ``hash_key``, each row's
    keyed hash too (``_hashed_id``)."""
    staged = _staged_query(entity, key, columns, sources, data_root)
    if staged is None:
        return
    hashed, params = hashing.hashed_id_sql(hash_key, entity, key) if hash_key else (None, [])
    extra = f", {hashed} AS _hashed_id" if hashed else ""
    with _duckdb() as (con, _):
        yield from _fetch_frames(con.execute(f'SELECT *{extra} FROM ({staged[0]}) ORDER BY source_system, "{key}"',
                                             params), batch_rows)


def planned_batches(engine: Engine, plan_id: str, class_id: str, entity: str, key: str, columns: Iterable[str],
                    sources: list[str], data_root: Path | None, *, hash_key: bytes, stages: Iterable[str],
                    archived: Table | None = None, journal: Table | None = None,
                    subject: tuple[str, str] | None = None, by_subject: bool = False,
                    batch_rows: int = STAGING_BATCH_ROWS) -> Iterator[pd.DataFrame]:
    """The staged records (as ``_read_batches``) that the plan lists for this class, entity and stages, in
    frames, each row with ``_hashed_id``, ``_stage`` and, where the tables are given, ``_archived`` (a
    verified archive copy exists) and ``_journal`` (its dispose status in this class, or None); with
    ``subject`` (kind, column: ``RetentionPolicy.subject_column``), ``_subject_hash``: the data subject's
    keyed hash, or the record's own where it has no subject; ``by_subject``: a subject's records come together
    (in the same batch, as far as its size allows), else in key order.

    Set-based, so the cost per record does not grow with the register: the plan's items and their state come
    out of the register in **one** query (its joins are the register's, not a lookup per batch), are spooled to
    a CSV file (``bulk.export_csv``), and are joined to the staging inside DuckDB, which computes the keyed hashes too
    (``hashing.hashed_id_sql``). Memory stays bounded: both sides spill under DuckDB's limit."""
    staged = _staged_query(entity, key, columns, sources, data_root)
    if staged is None:
        return
    query, wanted = staged
    items = PLAN_ITEMS
    columns_out = [items.c.hashed_id, items.c.stage]
    joined = items
    if archived is not None:
        joined = joined.outerjoin(archived, archived.c.hashed_id == items.c.hashed_id)
        columns_out.append(archived.c.hashed_id.is_not(None).label("archived"))
    if journal is not None:
        joined = joined.outerjoin(journal, (journal.c.hashed_id == items.c.hashed_id) & (journal.c.class_id == class_id))
        columns_out.append(journal.c.status.label("journal"))
    state = select(*columns_out).select_from(joined).where(
        items.c.plan_id == plan_id, items.c.class_id == class_id, items.c.entity == entity,
        items.c.stage.in_(list(stages)))
    types = {"hashed_id": "VARCHAR", "stage": "VARCHAR", "archived": "BOOLEAN", "journal": "VARCHAR"}
    types = {c.name: types[c.name] for c in state.selected_columns}
    with _duckdb() as (con, folder):
        spool = folder / "items.csv"
        with engine.begin() as conn:  # committed: later statements of the run plan with them too
            bulk.refresh_statistics(conn, *[t for t in (items, archived, journal) if t is not None])
        with engine.connect() as conn:
            bulk.export_csv(conn, state, spool)
        items_sql = f"read_csv('{spool}', header = true, columns = {types!r})"
        hashed_sql, params = hashing.hashed_id_sql(hash_key, entity, key)
        extra = "".join(f", i.{c} AS _{c}" for c in ("archived", "journal") if c in types)
        if subject is not None:
            subject_sql, subject_params = hashing.hashed_id_sql(hash_key, subject[0], subject[1])
            hashed_sql += f" AS _hashed_id, {subject_sql} AS _subject_hash"
            params += subject_params
            extra += ", coalesce(s._subject_hash, s._hashed_id) AS _subject_hash"
        else:
            hashed_sql += " AS _hashed_id"
        select_list = ", ".join(f's."{c}"' for c in wanted)
        order = ["s.source_system", *([f's."{subject[1]}"'] if by_subject and subject else []), f's."{key}"']
        sql = (f"SELECT {select_list}, s._hashed_id, i.stage AS _stage{extra} "
               f"FROM (SELECT *, {hashed_sql} FROM ({query})) s "
               f"JOIN {items_sql} i ON i.hashed_id = s._hashed_id "
               f"ORDER BY {', '.join(order)}")
        yield from _fetch_frames(con.execute(sql, params), batch_rows)


def _check_hold_sources(policy: RetentionPolicy, sources: list[str], data_root: Path | None,
                        mapped: dict[str, set[str]] | None) -> None:
    """Fail closed: an entity that can hold data automatically (open complaints) must be staged for every
    source that maps it, or a patient with an open complaint could look free to delete."""
    if mapped is None:
        from transforms.sources.config import load_sources
        mapped = {s.name: set(s.entities) for s in load_sources()}
    for hold in policy.automatic_holds:
        for source in sources:
            if hold.entity in mapped.get(source, set()) and not _is_staged(source, hold.entity, data_root):
                raise PlanError(f"source {source!r} maps {hold.entity!r} but nothing of it is staged: its "
                                f"automatic holds ({hold.reason}) cannot be checked, so nothing is planned")


def _hold_index(policy: RetentionPolicy, model: CanonicalModel, engine: Engine, sources: list[str],
                data_root: Path | None) -> tuple[HoldIndex, dict[str, int]]:
    register.ensure_tables(engine, HOLDS)
    with engine.connect() as conn:
        index = HoldIndex.build([h for h in active_holds(conn) if h.source_system in (None, *sources)])
    automatic: dict[str, int] = {}
    for hold in policy.automatic_holds:
        entity = model.entity(hold.entity)
        subject = policy.subject_column(hold.entity, model)
        frame = _read(hold.entity, entity.key, [*hold.when, *([subject[1]] if subject else [])], sources, data_root)
        hit = frame[matches(frame, hold.when)]
        if hold.scope == "person":
            hit = hit[hit[subject[1]].notna()]
            for source, key in zip(hit["source_system"], hit[subject[1]]):
                index.add_person(source, subject[0], str(key))
        else:
            for source, key in zip(hit["source_system"], hit[entity.key]):
                index.records.add((source, hold.entity, str(key)))
        automatic[hold.reason] = automatic.get(hold.reason, 0) + len(hit)
    return index, automatic


def _held(index: HoldIndex, entity: str, frame: pd.DataFrame, key: str, classes: pd.Series,
          subject: tuple[str, str] | None) -> pd.Series:
    """Per record: is any hold (record, person, category) in force for it in this class?"""
    if not index.records and not index.persons and not index.categories:
        return pd.Series(False, index=frame.index, dtype=bool)
    sources = frame["source_system"].tolist()
    keys = frame[key].astype(str).tolist()
    subject_keys = frame[subject[1]].tolist() if subject else [None] * len(frame)
    flags = []
    for source, record_key, subject_key, class_id in zip(sources, keys, subject_keys, classes.tolist()):
        flags.append((source, entity, record_key) in index.records
                     or index.category_held(class_id, source)
                     or (subject is not None and subject_key is not None and not pd.isna(subject_key)
                         and index.person_held(source, subject[0], subject_key, class_id)))
    return pd.Series(flags, index=frame.index, dtype=bool)


# --- the plan ---------------------------------------------------------------------------------------------

def compute_plan(as_of: dt.date | dt.datetime | str, *, policy: RetentionPolicy | None = None,
                 model: CanonicalModel | None = None, engine: Engine | None = None,
                 sources: Iterable[str] | None = None, data_root: Path | None = None, key: bytes | None = None,
                 plan_id: str | None = None, created_at: dt.datetime | None = None,
                 mapped_entities: dict[str, set[str]] | None = None) -> tuple[Plan, dict[tuple[str, str, str], list[str]]]:
    """Compute (not store) the plan: counts per class and the hashed ids per (class, entity, stage)."""
    day = as_of_date(as_of)
    policy = policy or load_policy()
    model = model or load_model()
    engine = engine or register.register_engine()
    key = key or hashing.hash_key()
    names = sorted(sources) if sources is not None else _staged_sources(data_root)
    _check_hold_sources(policy, names, data_root, mapped_entities)
    index, automatic = _hold_index(policy, model, engine, names, data_root)
    key_of = {name: entity.key for name, entity in model.entities.items()}
    counts = {c: ClassCounts(action=k.action, approval=k.approval) for c, k in policy.classes.items()}
    items: dict[tuple[str, str, str], list[str]] = {}
    related_cache: dict[tuple[str, str], pd.DataFrame] = {}

    def related_for(rules) -> dict[str, pd.DataFrame]:
        out = {}
        for rule in rules:
            if rule.trigger.of:
                cache_key = (rule.trigger.of, rule.trigger.column)
                if cache_key not in related_cache:
                    related_cache[cache_key] = _read(rule.trigger.of, key_of[rule.trigger.of],
                                                     [rule.trigger.column], names, data_root)
                out[rule.trigger.of] = related_cache[cache_key]
        return out

    for entity_name, rules in policy.entities.items():
        entity = model.entity(entity_name)
        subject = policy.subject_column(entity_name, model)
        columns = {r.trigger.column for r in rules if r.trigger.of is None}
        columns |= {c for r in rules for c in (r.when or {})}
        columns |= {key_of[r.trigger.of] for r in rules if r.trigger.of}
        if subject:
            columns.add(subject[1])
        related = related_for(rules)
        for frame in _read_batches(entity_name, entity.key, columns, names, data_root, hash_key=key):
            hashed = frame.pop("_hashed_id")
            assigned = assign(policy, entity_name, frame, related, key_of)
            held = _held(index, entity_name, frame, entity.key, assigned["retention_class"], subject)
            no_trigger = ~assigned["term_ends_on"].map(lambda d: isinstance(d, dt.date)).astype(bool)
            dispose = ~held & expired_mask(assigned["term_ends_on"], day)
            archive = ~held & ~dispose & expired_mask(assigned["archive_ends_on"], day)
            for class_id, group in assigned.groupby("retention_class"):
                idx = group.index
                counts[class_id].add(entity_name, total=len(idx), held=int(held[idx].sum()),
                                     no_trigger=int((no_trigger[idx] & ~held[idx]).sum()),
                                     dispose=int(dispose[idx].sum()), archive=int(archive[idx].sum()))
                for stage, mask in (("dispose", dispose), ("archive", archive)):
                    chosen = hashed[idx][mask[idx]].tolist()
                    if chosen:
                        items.setdefault((class_id, entity_name, stage), []).extend(chosen)
            for rule in policy.field_rules(entity_name):
                ends = assign_fields(policy, entity_name, rule, frame, related, key_of)
                classes = pd.Series(rule.class_, index=frame.index)
                field_held = _held(index, entity_name, frame, entity.key, classes, subject)
                # a record that is disposed of whole in this plan needs no separate minimising
                due = ~field_held & ~dispose & expired_mask(ends, day)
                c = counts[rule.class_]
                c.add(entity_name, total=len(frame), held=int(field_held.sum()),
                      no_trigger=int((~ends.map(lambda d: isinstance(d, dt.date)).astype(bool) & ~field_held).sum()), minimise=int(due.sum()))
                c.fields[entity_name] = list(rule.fields or [])
                if due.any():
                    items.setdefault((rule.class_, entity_name, "minimise"), []).extend(hashed[due].tolist())

    plan = Plan(plan_id=plan_id or uuid.uuid4().hex, as_of=day, policy_version=policy.content_hash,
                key_fingerprint=hashing.key_fingerprint(key),
                created_at=(created_at or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc),
                sources=names, classes=counts)
    log.info("retention plan %s as of %s (policy %s): automatic holds %s", plan.plan_id, day,
             policy.short_version, automatic or "none")
    for class_id, c in sorted(counts.items()):
        log.info("  %s: %d to dispose, %d to archive, %d to minimise, %d held, %d without trigger, of %d",
                 class_id, c.dispose, c.archive, c.minimise, c.held, c.no_trigger, c.total)
    return plan, items


def store_plan(engine: Engine, plan: Plan, items: dict[tuple[str, str, str], list[str]]) -> None:
    """Write the plan in one transaction. Re-storing a plan id that is still only planned replaces it
    (a retried task); a plan that has moved on (approved, executed) is never overwritten."""
    register.ensure_tables(engine, PLANS, PLAN_CLASSES, PLAN_ITEMS)
    with engine.begin() as conn:
        existing = conn.execute(select(PLANS.c.status).where(PLANS.c.plan_id == plan.plan_id)).first()
        if existing is not None:
            if existing.status != "planned":
                raise PlanError(f"plan {plan.plan_id} is already {existing.status}; make a new plan")
            for table in (PLAN_ITEMS, PLAN_CLASSES, PLANS):
                conn.execute(delete(table).where(table.c.plan_id == plan.plan_id))
            # decisions were about the replaced content: they go with it (the approval is asked again)
            approvals = register.METADATA.tables.get("retention_approval")
            if approvals is not None and engine.dialect.has_table(conn, "retention_approval"):
                conn.execute(delete(approvals).where(approvals.c.plan_id == plan.plan_id))
        conn.execute(PLANS.insert().values(
            plan_id=plan.plan_id, as_of=plan.as_of, policy_version=plan.policy_version,
            key_fingerprint=plan.key_fingerprint, status=plan.status,
            created_at=plan.created_at.replace(tzinfo=None), sources=json.dumps(plan.sources)))
        conn.execute(PLAN_CLASSES.insert(), [
            {"plan_id": plan.plan_id, "class_id": class_id, "action": c.action, "approval": c.approval,
             "dispose": c.dispose, "archive": c.archive, "minimise": c.minimise, "held": c.held,
             "no_trigger": c.no_trigger, "total": c.total,
             "detail": json.dumps({"entities": c.entities, "fields": c.fields}, sort_keys=True)}
            for class_id, c in sorted(plan.classes.items())])
        for (c, e, s), hashed in items.items():
            hashed = sorted(hashed)  # in key order the index grows at its right edge: half the cost of random order
            for start in range(0, len(hashed), bulk.CHUNK):  # rows made a chunk at a time
                bulk.insert(conn, PLAN_ITEMS, [{"plan_id": plan.plan_id, "class_id": c, "entity": e, "stage": s,
                                                "hashed_id": h} for h in hashed[start:start + bulk.CHUNK]])


def make_plan(as_of: dt.date | dt.datetime | str, *, register_url: str | None = None,
              data_root: Path | None = None, sources: Iterable[str] | None = None, plan_id: str | None = None,
              policy_path: Path | str | None = None, created_at: dt.datetime | None = None) -> dict:
    """DAG task ``plan``: compute and store the plan as of a date; returns its JSON-safe summary (for XCom)."""
    engine = register.register_engine(register_url)
    plan, items = compute_plan(as_of, policy=load_policy(policy_path), engine=engine, sources=sources,
                               data_root=data_root, plan_id=plan_id, created_at=created_at)
    store_plan(engine, plan, items)
    record_plan(engine, plan, items)
    return plan.summary()


def items_digest(items: dict[tuple[str, str, str], list[str]], class_id: str) -> str:
    """SHA-256 over a class's sorted (entity, stage, hashed id) lines: ties the stored items to the audit log."""
    lines = sorted(f"{e}\t{s}\t{h}" for (c, e, s), hashed in items.items() if c == class_id for h in hashed)
    return hashlib.sha256("\n".join(lines).encode("ascii")).hexdigest()


def record_plan(engine: Engine, plan: Plan, items: dict[tuple[str, str, str], list[str]]) -> None:
    """Evidence of the dry run in the audit chain: counts and a digest of the hashed ids per class."""
    from transforms.audit import chain

    chain.append(engine, "retention.plan", {
        "plan_id": plan.plan_id, "as_of": plan.as_of.isoformat(), "policy_version": plan.policy_version,
        "key_fingerprint": plan.key_fingerprint, "sources": plan.sources,
        "classes": {c: {"dispose": k.dispose, "archive": k.archive, "minimise": k.minimise, "held": k.held,
                        "no_trigger": k.no_trigger, "total": k.total, "items_sha256": items_digest(items, c)}
                    for c, k in sorted(plan.classes.items())}}, recorded_at=plan.created_at)


def check_plan_is_current(plan: Plan, policy_version: str, key: bytes, error: type[Exception] = PlanError) -> None:
    """Refuse to act on a plan made under another policy version or hashing key: its decisions do not carry."""
    from transforms.retention import hashing

    if plan.policy_version != policy_version:
        raise error(f"plan {plan.plan_id} was made under another policy version; make a new plan")
    if plan.key_fingerprint != hashing.key_fingerprint(key):
        raise error(f"plan {plan.plan_id} was hashed with another key; make a new plan")


def load_plan(engine: Engine, plan_id: str) -> Plan:
    """A stored plan's header and counts (no items)."""
    register.ensure_tables(engine, PLANS, PLAN_CLASSES, PLAN_ITEMS)
    with engine.connect() as conn:
        head = conn.execute(select(PLANS).where(PLANS.c.plan_id == plan_id)).first()
        if head is None:
            raise PlanError(f"no plan {plan_id}")
        classes = {}
        for row in conn.execute(select(PLAN_CLASSES).where(PLAN_CLASSES.c.plan_id == plan_id)):
            detail = json.loads(row.detail)
            classes[row.class_id] = ClassCounts(
                action=row.action, approval=row.approval, dispose=row.dispose, archive=row.archive,
                minimise=row.minimise, held=row.held, no_trigger=row.no_trigger, total=row.total,
                entities=detail["entities"], fields=detail["fields"])
    return Plan(plan_id=head.plan_id, as_of=head.as_of, policy_version=head.policy_version,
                key_fingerprint=head.key_fingerprint, created_at=head.created_at.replace(tzinfo=dt.timezone.utc),
                sources=json.loads(head.sources), classes=classes, status=head.status)


def plan_items(engine: Engine, plan_id: str, *, class_id: str | None = None, stage: str | None = None,
               entity: str | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(class, entity, stage, hashed id) of a stored plan, optionally filtered."""
    query = select(PLAN_ITEMS.c.class_id, PLAN_ITEMS.c.entity, PLAN_ITEMS.c.stage, PLAN_ITEMS.c.hashed_id).where(
        PLAN_ITEMS.c.plan_id == plan_id).order_by(PLAN_ITEMS.c.class_id, PLAN_ITEMS.c.entity, PLAN_ITEMS.c.stage,
                                                  PLAN_ITEMS.c.hashed_id)
    for column, value in ((PLAN_ITEMS.c.class_id, class_id), (PLAN_ITEMS.c.stage, stage),
                          (PLAN_ITEMS.c.entity, entity)):
        if value is not None:
            query = query.where(column == value)
    with engine.connect() as conn:
        yield from (tuple(row) for row in conn.execute(query))


def has_items(engine: Engine, plan_id: str, class_id: str, entity: str, stages: Iterable[str]) -> bool:
    with engine.connect() as conn:
        return conn.execute(select(PLAN_ITEMS.c.hashed_id).where(
            PLAN_ITEMS.c.plan_id == plan_id, PLAN_ITEMS.c.class_id == class_id, PLAN_ITEMS.c.entity == entity,
            PLAN_ITEMS.c.stage.in_(list(stages))).limit(1)).first() is not None


def set_status(engine: Engine, plan_id: str, status: str) -> None:
    """Record how far a plan has got (approved -> archived -> disposed), for ``retention show`` and ``list``."""
    with engine.begin() as conn:
        conn.execute(PLANS.update().where(PLANS.c.plan_id == plan_id).values(status=status))


def list_plans(engine: Engine, limit: int = 20) -> list[dict]:
    register.ensure_tables(engine, PLANS, PLAN_CLASSES, PLAN_ITEMS)
    with engine.connect() as conn:
        rows = conn.execute(select(PLANS).order_by(PLANS.c.created_at.desc()).limit(limit)).all()
    return [{"plan_id": r.plan_id, "as_of": r.as_of.isoformat(), "status": r.status,
             "policy_version": r.policy_version[:12], "created_at": r.created_at.isoformat()} for r in rows]
