"""Dispose: carry out an approved plan in the live practice systems, crash-safe, holds winning to the last moment.

Per class (``disposal_map.class_order``: classes whose records point at others first) and source, entity by
entity children before parents (``disposal_map.children_first``: an entity that carries another's key goes
first, so a patient row goes after its treatments), the planned records are streamed from the staging and
re-decided here: still due as of the plan's date, not held (register and automatic holds), an archive-stage
record only with its verified archive copy, a parent only once nothing in the live system points at it. What
remains goes to the batch executor (``transforms.retention.executor``: intent journalled, then holds locked
and the source transaction run, then the intents marked done), which makes a crash at any point safe to re-run.

Fail closed: an entity this code cannot dispose of safely in a source (query-mapped, a table shared with another
entity, a field that is not a plain nullable column, files without a known media root, a parent whose
children still have rows in the live system) is **blocked** and reported, never guessed at.

Related modules: ``disposal_map`` (where records live), ``live`` (the vendor tables), ``executor`` (one batch),
``certificates`` (what was done, certified), ``verify`` (re-query and tombstones).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import MetaData, Table, create_engine
from sqlalchemy.engine import Engine

from transforms import register
from transforms.audit import chain
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.register.schema import ARCHIVE_RECORDS, DISPOSE_JOURNAL, HOLDS
from transforms.retention import archive, copies, executor, hashing, live
from transforms.retention.approval import approved_classes
from transforms.retention.disposal_map import (
    DisposeError,
    children_first,
    class_order,
    resolve_target,
)
from transforms.retention.expiry import assign, assign_fields, expired_mask
from transforms.retention.holds import HoldIndex, build_hold_index, held_mask
from transforms.retention.overlap import InOrder
from transforms.retention.plan import (
    Plan,
    check_plan_is_current,
    has_items,
    load_plan,
    plan_items,
    set_status,
)
from transforms.retention.policy import MappingRule, RetentionPolicy, load_policy
from transforms.retention.staged import STAGING_BATCH_ROWS, planned_batches
from transforms.retention.triggers import Triggers
from transforms.sources.config import SourceMapping, load_sources

log = logging.getLogger(__name__)

BATCH_ROWS = 5_000  # records per source transaction: short row locks in the practice system, few commits


@dataclass
class DisposeEntityResult:
    """What dispose did to one entity of one class in one source (one rule of it)."""

    class_id: str
    source: str
    entity: str
    action: str
    done: int = 0  # done in this call (including intents resolved from a crashed run)
    already_done: int = 0  # journalled done by an earlier run
    held: int = 0  # planned, but held now (register or automatic hold)
    not_due: int = 0  # planned, but no longer due, or an archive copy is missing
    blocked: int = 0  # cannot be disposed of safely here (see reason)
    reason: str | None = None
    files_deleted: int = 0

    def add_batch(self, counts: tuple[int, int, int, int]) -> None:
        """Add one ``executor.run_batch`` outcome (done, files deleted, held now, blocked now)."""
        done, files, held_now, blocked_now = counts
        self.done += done
        self.files_deleted += files
        self.held += held_now
        if blocked_now:
            self.blocked += blocked_now
            self.reason = "dependent records still in the live system"


@dataclass(frozen=True)
class EntityJob:
    """One rule of one entity of a class, in one source: what every streamed batch of it shares."""

    engine: Engine  # the privacy register
    source_engine: Engine  # the practice system
    source: SourceMapping
    plan: Plan
    class_id: str
    has_archive: bool  # the class has an archive stage (archive-stage records are ``unload``ed)
    entity: str
    rule: MappingRule
    action: str  # the rule's action: the class's (destroy, anonymise) or minimise (field rule)
    policy: RetentionPolicy
    model: CanonicalModel
    key: bytes  # the hashing key
    key_of: dict[str, str]  # entity -> canonical key column
    automatic: HoldIndex  # holds in force as of the start (register and automatic)
    now: dt.datetime
    media_root: Path | None  # where this source keeps its files
    batch_size: int  # records per source transaction

    def stages(self) -> list[str]:
        """The plan stages this rule carries out."""
        if self.rule.is_field_rule:
            return ["minimise"]
        return ["dispose"] + (["archive"] if self.has_archive else [])


def dispose_class(
    engine: Engine,
    plan_id: str,
    class_id: str,
    *,
    source_urls: dict[str, str],
    now: dt.datetime,
    data_root: Path | None = None,
    media_roots: dict[str, Path] | None = None,
    batch_size: int = BATCH_ROWS,
    policy: RetentionPolicy | None = None,
    model: CanonicalModel | None = None,
    sources: dict[str, SourceMapping] | None = None,
    key: bytes | None = None,
    automatic: HoldIndex | None = None,
) -> list[DisposeEntityResult]:
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
    register.ensure_tables(engine, DISPOSE_JOURNAL, ARCHIVE_RECORDS, HOLDS)
    for index in DISPOSE_JOURNAL.indexes:  # registers made before the index existed get it here
        index.create(engine, checkfirst=True)
    if automatic is None:
        automatic, _ = build_hold_index(policy, model, engine, plan.sources, data_root)
    key_of = {n: e.key for n, e in model.entities.items()}
    rules: dict[str, list[tuple[MappingRule, str]]] = {}
    for entity, entity_rules in policy.entities.items():
        for rule in entity_rules:
            if rule.class_ == class_id:
                action = "minimise" if rule.is_field_rule else cls.action
                rules.setdefault(entity, []).append((rule, action))
    results: list[DisposeEntityResult] = []
    for source_name in plan.sources:
        source = sources[source_name]
        source_engine = create_engine(source_urls[source_name])
        try:
            for entity in children_first(list(rules), model):
                for rule, action in rules[entity]:
                    job = EntityJob(
                        engine=engine,
                        source_engine=source_engine,
                        source=source,
                        plan=plan,
                        class_id=class_id,
                        has_archive=cls.archive is not None,
                        entity=entity,
                        rule=rule,
                        action=action,
                        policy=policy,
                        model=model,
                        key=key,
                        key_of=key_of,
                        automatic=automatic,
                        now=now,
                        media_root=(media_roots or {}).get(source_name),
                        batch_size=batch_size,
                    )
                    results.append(dispose_entity(job, data_root))
        finally:
            source_engine.dispose()
    return results


def dispose_entity(job: EntityJob, data_root: Path | None) -> DisposeEntityResult:
    """Dispose of the planned records of one rule of one entity in one source (streamed from the staging)."""
    result = DisposeEntityResult(job.class_id, job.source.name, job.entity, job.action)
    stages = job.stages()
    if not has_items(job.engine, job.plan.plan_id, job.class_id, job.entity, stages):
        return result
    model_entity = job.model.entity(job.entity)
    # Streamed: the staging in batches, the plan's stage of each record looked up in the register per batch,
    # so memory depends on the batch size, not on the entity or the plan.
    triggers = Triggers(job.policy, job.model, [job.source.name], data_root, engine=job.engine, key=job.key)
    related = triggers.related(job.entity, [job.rule])
    staged = sorted({"source_system", model_entity.key, *model_entity.columns})
    # the batches' transactions run in the background, in order, while the next staging batch is prepared;
    # a batch's intents are written while the batch before it is being deleted
    with InOrder(depth=2) as intents, InOrder() as work:
        for batch in planned_batches(
            job.engine,
            job.plan.plan_id,
            job.class_id,
            job.entity,
            model_entity.key,
            model_entity.columns,
            [job.source.name],
            data_root,
            hash_key=job.key,
            stages=stages,
            archived=ARCHIVE_RECORDS if job.has_archive else None,
            journal=DISPOSE_JOURNAL,
            batch_rows=max(job.batch_size, STAGING_BATCH_ROWS),
        ):
            dispose_rows(
                job,
                result,
                batch[staged],
                batch,
                related,
                intents,
                work,
                timed=triggers.prepare(job.entity, batch[staged], batch["_hashed_id"]),
            )
    log.info(
        "dispose %s/%s/%s: %d done, %d already done, %d held, %d not due, %d blocked",
        job.class_id,
        job.source.name,
        job.entity,
        result.done,
        result.already_done,
        result.held,
        result.not_due,
        result.blocked,
    )
    return result


def dispose_rows(
    job: EntityJob,
    result: DisposeEntityResult,
    frame: pd.DataFrame,
    state: pd.DataFrame,
    related: dict[str, pd.DataFrame],
    intents: InOrder,
    work: InOrder,
    timed: pd.DataFrame | None = None,
) -> None:
    """One streamed batch of planned records of an entity (``frame``: the staged columns; ``state``: the same
    rows' ``_hashed_id``, ``_stage``, ``_journal`` and, with an archive stage, ``_archived``): decide what still
    goes, then hand it to the executor in batches (intents on ``intents``, the source work on ``work``); counts
    go into ``result``."""
    rule, action, entity, source, class_id = job.rule, job.action, job.entity, job.source, job.class_id
    hashed = state["_hashed_id"]
    planned = dict(zip(hashed.tolist(), state["_stage"].tolist()))
    model_entity = job.model.entity(entity)
    fields = rule.fields if rule.is_field_rule else (rule.anonymise or [])
    target, reason = resolve_target(
        source, entity, model_entity.key, fields, whole_rows=action in ("destroy", "unload")
    )
    has_files = "file_path" in frame.columns and frame["file_path"].notna().any() and action == "destroy"
    if target is None or (has_files and job.media_root is None):
        result.blocked += len(frame)
        result.reason = reason or "records have files but no media root was given"
        log.warning("dispose %s/%s/%s blocked (%d): %s", class_id, source.name, entity, len(frame), result.reason)
        return
    journal = state["_journal"]
    todo = [j != "done" for j in journal.tolist()]
    result.already_done += len(todo) - sum(todo)
    timed = frame if timed is None else timed  # the values terms count from (``triggers.Triggers.prepare``)
    frame, hashed, timed = frame[todo], hashed[todo], timed[todo]
    # ids with an intent already (pending, cancelled): not journalled again
    journalled = {h for h, j in zip(hashed.tolist(), journal[todo].tolist()) if isinstance(j, str)}
    # Still due as of the plan's date (a new clinical change since planning makes a record no longer due)?
    if rule.is_field_rule:
        due = expired_mask(assign_fields(job.policy, entity, rule, timed, related, job.key_of), job.plan.as_of)
        classes = pd.Series(class_id, index=frame.index)
    else:
        assigned = assign(job.policy, entity, timed, related, job.key_of)
        classes = assigned["retention_class"]
        past_term = expired_mask(assigned["term_ends_on"], job.plan.as_of)
        past_archive = expired_mask(assigned["archive_ends_on"], job.plan.as_of)
        stage = pd.Series([planned[h] for h in hashed.tolist()], index=hashed.index, dtype=object)
        due = (classes == class_id) & ((stage == "dispose") & past_term | (stage == "archive") & past_archive)
    subject = job.policy.subject_column(entity, job.model)
    held = held_mask(job.automatic, entity, frame, model_entity.key, classes, subject)
    result.held += int((due & held).sum())
    result.not_due += int((~due).sum())
    frame, hashed = frame[due & ~held], hashed[due & ~held]
    # Archive-stage records go only with a verified archive copy.
    if not rule.is_field_rule and job.has_archive:
        no_copy = (state.loc[hashed.index, "_stage"] == "archive") & ~state.loc[hashed.index, "_archived"].astype(bool)
        result.not_due += int(no_copy.sum())
        frame, hashed = frame[~no_copy], hashed[~no_copy]
    # Parents whose children still have rows in the live system stay (no orphans, no FK violations).
    if action in ("destroy", "unload") and not frame.empty:
        blocked = live.blocked_by_dependants(
            job.source_engine, job.model, source, entity, target, frame[model_entity.key]
        )
        if blocked is None:
            result.blocked += len(frame)
            result.reason = "a dependent entity cannot be checked in the live system (query-mapped)"
            return
        if blocked:
            mask = frame[model_entity.key].astype(str).isin(blocked)
            result.blocked += int(mask.sum())
            result.reason = "dependent records still in the live system"
            frame, hashed = frame[~mask], hashed[~mask]
    actions = (
        pd.Series(
            ["unload" if planned[h] == "archive" else action for h in hashed.tolist()], index=hashed.index, dtype=object
        )
        if not rule.is_field_rule
        else pd.Series(action, index=hashed.index, dtype=object)
    )
    vendor = Table(target.table, MetaData(), autoload_with=job.source_engine)
    unfit = live.unfit_fields(vendor, target, action)
    if unfit:
        result.blocked += len(frame)
        result.reason = unfit
        log.warning("dispose %s/%s/%s blocked (%d): %s", class_id, source.name, entity, len(frame), unfit)
        return
    base = executor.BatchJob(
        engine=job.engine,
        source_engine=job.source_engine,
        vendor=vendor,
        target=target,
        plan_id=job.plan.plan_id,
        class_id=class_id,
        source=source.name,
        entity=entity,
        action=action,
        key_name=model_entity.key,
        subject=subject,
        key=job.key,
        now=job.now,
        media_root=job.media_root,
        fields=fields,
        dependants=(job.model, source),
    )
    for start in range(0, len(frame), job.batch_size):
        batch = frame.iloc[start : start + job.batch_size]
        ids = hashed.iloc[start : start + job.batch_size]
        batch_actions = actions.iloc[start : start + job.batch_size]
        for act in sorted(set(batch_actions)):
            sel = batch_actions == act
            batch_job = dataclasses.replace(base, action=act)
            written = intents.submit(executor.write_intents, batch_job, ids[sel].tolist(), journalled)
            work.submit(executor.run_batch, batch_job, batch[sel], ids[sel], intents=written, then=result.add_batch)


def dispose_plan(
    plan_id: str,
    *,
    source_urls: dict[str, str],
    now: dt.datetime,
    register_url: str | None = None,
    data_root: Path | None = None,
    media_roots: dict[str, Path] | None = None,
    batch_size: int = BATCH_ROWS,
    archive_root: Path | None = None,
) -> dict:
    """DAG task ``dispose``: every approved class of the plan, then the archive copies of what a field rule
    minimised (``archive.minimise_archived``; ``archive_root``: the archive's folder, default under the data
    root); JSON-safe results (for XCom)."""
    engine = register.register_engine(register_url)
    policy, model = load_policy(), load_model()
    sources = {s.name: s for s in load_sources()}
    automatic, _ = build_hold_index(policy, model, engine, load_plan(engine, plan_id).sources, data_root)
    out = {}
    approved = approved_classes(engine, plan_id)
    for class_id in class_order(policy, model, approved - set(policy.copies)):
        out[class_id] = [
            asdict(r)
            for r in dispose_class(
                engine,
                plan_id,
                class_id,
                source_urls=source_urls,
                now=now,
                data_root=data_root,
                media_roots=media_roots,
                batch_size=batch_size,
                policy=policy,
                model=model,
                sources=sources,
                automatic=automatic,
            )
        ]
        # Minimisation reaches the archive copy too (a restore must not bring the fields back).
        fields = {
            e: list(r.fields or [])
            for e, rules in policy.entities.items()
            for r in rules
            if r.is_field_rule and r.class_ == class_id
        }
        if fields:
            minimised = archive.minimise_archived(engine, plan_id, class_id, fields, now=now, root=archive_root)
            # and archived records whose field term ended after they left the live system and the staging
            later = archive.minimise_archived_due(
                engine,
                load_plan(engine, plan_id),
                class_id,
                fields,
                now=now,
                root=archive_root,
                data_root=data_root,
                policy=policy,
                model=model,
            )
            for e, n in later.items():
                minimised[e] = minimised.get(e, 0) + n
            # reported like a source's results, the archive being one more place the records live
            out[class_id] += [
                asdict(DisposeEntityResult(class_id, "archive", e, "minimise", done=n))
                for e, n in sorted(minimised.items())
            ]
    # copies outside the staging (research releases kept as history, quarantine partitions): kind 8
    copy_classes = sorted(approved & set(policy.copies))
    if copy_classes:
        plan = load_plan(engine, plan_id)
        planned = {
            (c, h) for c in copy_classes for (c, _e, _s, h) in plan_items(engine, plan_id, class_id=c, stage="dispose")
        }
        removed = copies.dispose_copies(
            engine,
            plan_id,
            copy_classes,
            as_of=plan.as_of,
            planned=planned,
            now=now,
            sources=None,  # every quarantine folder, staged source or not
            data_root=data_root,
            policy=policy,
            model=model,
            automatic=automatic,
        )
        for class_id in copy_classes:
            out[class_id] = removed.get(class_id, [])
    # files are not journalled (the journal is per record): their count goes into the audit chain, per run of
    # this step (a resumed run adds to it), and the certificate quotes the sum
    files = {c: sum(r["files_deleted"] for r in rows) for c, rows in out.items()}
    chain.append(engine, "retention.files_deleted", {"plan_id": plan_id, "classes": files}, recorded_at=now)
    set_status(engine, plan_id, "disposed")
    return out
