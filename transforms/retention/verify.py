"""Verification and tombstones: re-query the live systems by hashing their keys, against the disposal journal.

The journal (``dispose_record``, status ``done``) holds the hashed ids of every record disposed of, and so
doubles as the tombstone list: live keys are read (key column only), hashed with the retention key and
compared, so neither the staging nor raw ids are needed.

- ``verify_disposed`` (DAG task ``verify``): nothing destroyed or unloaded is still present, minimised fields
  are empty;
- ``reapply_tombstones`` (after a backup restore): dispose again of every live record the journal says was
  done, with the holds in force still winning.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import MetaData, Table, create_engine, select
from sqlalchemy.engine import Engine

from transforms import register
from transforms.audit import chain
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.register.schema import DISPOSE_JOURNAL, HOLDS
from transforms.retention import bulk, copies, hashing, holds, live
from transforms.retention.disposal_map import Target, resolve_target
from transforms.retention.holds import HoldIndex
from transforms.retention.policy import RetentionPolicy, load_policy
from transforms.sources.config import SourceMapping, load_sources


def done_by_entity(engine: Engine, source: str, actions: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """entity -> {hashed id: class} of journal entries done with one of these actions in one source."""
    journal = DISPOSE_JOURNAL
    register.ensure_tables(engine, journal)
    out: dict[str, dict[str, str]] = {}
    with engine.connect() as conn:
        for row in conn.execute(
            select(journal.c.entity, journal.c.hashed_id, journal.c.class_id).where(
                journal.c.source_system == source, journal.c.status == "done", journal.c.action.in_(actions)
            )
        ):
            out.setdefault(row.entity, {})[row.hashed_id] = row.class_id
    return out


def verify_disposed(
    engine: Engine,
    *,
    source_urls: dict[str, str],
    key: bytes | None = None,
    model: CanonicalModel | None = None,
    sources: dict[str, SourceMapping] | None = None,
    data_root: Path | None = None,
) -> dict:
    """DAG task ``verify`` (live part): no record the journal says was destroyed or unloaded is still in a live
    system, minimised fields are empty, and no copy outside the staging the journal says was removed (research
    release, quarantine partition) is still on disk. Returns counts; ``problems`` lists (class, source, entity,
    count). A record that came back (a restore) while a hold in force covers it is kept by the tombstones (the
    hold wins) and is listed under ``kept_by_hold``, not as a problem."""
    key = key or hashing.hash_key()
    model = model or load_model()
    sources = sources or {s.name: s for s in load_sources()}
    policy = load_policy()
    report = {"checked": 0, "problems": [], "kept_by_hold": []}

    def kept(class_id: str, source_name: str, entity: str, n: int) -> None:
        if n:
            report["kept_by_hold"].append({"class": class_id, "source": source_name, "entity": entity, "kept": n})

    for source_name, url in source_urls.items():
        source = sources[source_name]
        source_engine = create_engine(url)
        index = _register_index(engine, source_name)  # a record that came back under a hold is kept, not a fault
        try:
            for entity, done in done_by_entity(engine, source_name, ("destroy", "unload")).items():
                report["checked"] += len(done)
                found: dict[str, int] = {}
                held: dict[str, int] = {}
                target, _ = resolve_target(source, entity, model.entity(entity).key, whole_rows=False)
                table = Table(target.table, MetaData(), autoload_with=source_engine)
                for keys, hashed in live.live_hashes(source_engine, source, entity, key, model):
                    mine = {k: h for k, h in zip(keys, hashed) if h in done}
                    if mine and target.set_null:  # destroyed by emptying columns of a shared row
                        with source_engine.connect() as conn:
                            emptied = live.already_applied(conn, table, target, "destroy", list(mine), {})
                        mine = {k: h for k, h in mine.items() if k not in emptied}
                    covered = (
                        held_keys(
                            source_engine, source, entity, table, target, list(mine), index, policy, model, done, key
                        )
                        if mine
                        else set()
                    )
                    for k, h in mine.items():
                        bucket = held if k in covered else found
                        bucket[done[h]] = bucket.get(done[h], 0) + 1
                report["problems"] += [
                    {"class": c, "source": source_name, "entity": entity, "still_present": n}
                    for c, n in sorted(found.items())
                ]
                for c, n in sorted(held.items()):
                    kept(c, source_name, entity, n)
            for entity, done in done_by_entity(engine, source_name, ("minimise",)).items():
                report["checked"] += len(done)
                rules = policy.field_rules(entity)
                fields = sorted({f for r in rules for f in (r.fields or [])})
                target, _ = resolve_target(source, entity, model.entity(entity).key, fields, whole_rows=False)
                table = Table(target.table, MetaData(), autoload_with=source_engine)
                bad = held_n = 0
                for keys, hashed in live.live_hashes(source_engine, source, entity, key, model):
                    mine = [k for k, h in zip(keys, hashed) if h in done]
                    if mine:
                        with source_engine.connect() as conn:
                            applied = live.already_applied(conn, table, target, "minimise", mine, {})
                        left = [k for k in mine if k not in applied]
                        covered = (
                            held_keys(
                                source_engine, source, entity, table, target, left, index, policy, model, done, key
                            )
                            if left
                            else set()
                        )
                        bad += len(left) - len(covered)
                        held_n += len(covered)
                if bad:
                    report["problems"].append(
                        {"class": "minimise", "source": source_name, "entity": entity, "still_present": bad}
                    )
                kept("minimise", source_name, entity, held_n)
        finally:
            source_engine.dispose()
    # research releases and quarantine partitions the journal says were removed (kind 8)
    removed_copies = copies.verify_copies(engine, data_root=data_root, policy=policy, model=model, key=key)
    report["checked"] += removed_copies["checked"]
    report["problems"] += removed_copies["problems"]
    report["ok"] = not report["problems"]
    return report


def held_keys(
    source_engine: Engine,
    source: SourceMapping,
    entity: str,
    table: Table,
    target: Target,
    keys: list[str],
    index: HoldIndex,
    policy: RetentionPolicy,
    model: CanonicalModel,
    done: dict[str, str],
    key: bytes,
) -> set[str]:
    """The live keys among ``keys`` (records the journal says were done) that a hold in force covers: a record
    hold, a category hold on the record's class in this source, a person hold on its subject (read from the
    live row). The tombstones keep these (the hold wins) and verify reports them as kept, not as left over."""
    name = source.name
    free = [
        k
        for k in keys
        if (name, entity, k) not in index.records
        and not index.category_held(done[hashing.hash_id(key, name, entity, k)], name)
    ]
    # then the keys whose data subject (read from the live row) is under a person hold
    subject = policy.subject_column(entity, model)
    if not free or subject is None or not index.persons:
        return set(keys) - set(free)
    mapping = source.entities[entity].columns.get(subject[1])
    if mapping is None or mapping.column is None:
        return set(keys)  # cannot tell whose record it is while person holds exist: fail closed
    with source_engine.connect() as conn:
        rows = conn.execute(
            select(table.c[target.key_column], table.c[mapping.column]).where(
                bulk.among(conn, table.c[target.key_column], live.convert_keys(table, target.key_column, free))
            )
        )
        owner = {str(r[0]): r[1] for r in rows}
    free = [
        k
        for k in free
        if owner.get(k) is None
        or not index.person_held(name, subject[0], owner[k], done[hashing.hash_id(key, name, entity, k)])
    ]
    return set(keys) - set(free)


def _register_index(engine: Engine, source: str) -> HoldIndex:
    register.ensure_tables(engine, HOLDS)
    with engine.connect() as conn:
        return HoldIndex.build([h for h in holds.active_holds(conn) if h.source_system in (None, source)])


def reapply_tombstones(
    engine: Engine,
    *,
    source_urls: dict[str, str],
    now: dt.datetime,
    key: bytes | None = None,
    model: CanonicalModel | None = None,
    sources: dict[str, SourceMapping] | None = None,
    plan_id: str | None = None,
) -> dict:
    """Delete (or minimise) again every live record the journal says was done: after a backup restore, or a
    practice system regenerated; the nightly run does this before it plans (DAG task ``tombstones``), so a
    record that comes back is neither planned nor approved again and verify finds nothing left.

    The journal of hashed ids is the tombstone list: live keys are hashed and compared, so it needs neither the
    staging nor raw ids. Holds in force win here too. Audited (with ``plan_id``, the run's plan, whose
    certificates quote the count per class); returns counts per source, entity and action."""
    key = key or hashing.hash_key()
    model = model or load_model()
    sources = sources or {s.name: s for s in load_sources()}
    policy = load_policy()
    counts: dict[str, int] = {}
    per_class: dict[str, int] = {}
    kept_class: dict[str, int] = {}
    for source_name, url in source_urls.items():
        source = sources[source_name]
        source_engine = create_engine(url)
        try:
            for action, actions in (("destroy", ("destroy", "unload")), ("minimise", ("minimise",))):
                for entity, done in done_by_entity(engine, source_name, actions).items():
                    fields = (
                        sorted({f for r in policy.field_rules(entity) for f in (r.fields or [])})
                        if action == "minimise"
                        else []
                    )
                    target, reason = resolve_target(
                        source, entity, model.entity(entity).key, fields, whole_rows=action == "destroy"
                    )
                    if target is None:
                        continue
                    table = Table(target.table, MetaData(), autoload_with=source_engine)
                    for keys, hashed in live.live_hashes(source_engine, source, entity, key, model):
                        again = [k for k, h in zip(keys, hashed) if h in done]
                        if not again:
                            continue
                        with holds.hold_guard(engine) as guard:
                            index = HoldIndex.build(
                                [h for h in holds.active_holds(guard) if h.source_system in (None, source_name)]
                            )
                            kept = held_keys(
                                source_engine, source, entity, table, target, again, index, policy, model, done, key
                            )
                            free = [k for k in again if k not in kept]
                            with source_engine.begin() as src:
                                applied = live.already_applied(src, table, target, action, free, {}) if free else set()
                                pending = [k for k in free if k not in applied]
                                if pending:
                                    live.apply_action(src, table, target, action, pending, {})
                        for k in pending:
                            class_id = done[hashing.hash_id(key, source_name, entity, k)]
                            per_class[class_id] = per_class.get(class_id, 0) + 1
                        for k in kept:  # came back and a hold covers it now: kept, and said so
                            class_id = done[hashing.hash_id(key, source_name, entity, k)]
                            kept_class[class_id] = kept_class.get(class_id, 0) + 1
                        counts[f"{source_name}.{entity}.{action}"] = counts.get(
                            f"{source_name}.{entity}.{action}", 0
                        ) + len(pending)
        finally:
            source_engine.dispose()
    chain.append(
        engine,
        "retention.tombstones_reapplied",
        {"counts": counts, "classes": per_class, "kept_by_hold": kept_class, "plan_id": plan_id},
        recorded_at=now,
    )
    return counts
