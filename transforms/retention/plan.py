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
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.engine import Engine

from transforms import register, settings
from transforms.audit import chain
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.kernel.progress import progress
from transforms.kernel.timeutil import utc_now
from transforms.register.schema import (
    APPROVALS,
    ARCHIVE_FIELD_TERMS,
    DISPOSE_JOURNAL,
    PLAN_CLASSES,
    PLAN_ITEMS,
    PLANS,
)
from transforms.retention import bulk, copies, hashing
from transforms.retention.expiry import as_of_date, assign, assign_fields, expired_mask
from transforms.retention.holds import build_hold_index, held_mask
from transforms.retention.policy import RetentionPolicy, load_policy
from transforms.retention.staged import is_staged, read_batches, staged_sources
from transforms.retention.triggers import Triggers

log = logging.getLogger(__name__)

STAGES = ("dispose", "archive", "minimise")


class PlanError(RuntimeError):
    """The plan cannot be made or stored safely (message has no personal data)."""


@dataclass
class ClassCounts:
    """A plan's counts for one retention class, in total and per entity (no ids)."""

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
    # What the counts above rest on, for the certificate and the overview (counts only):
    fallback: dict[str, int] = field(default_factory=dict)  # entity -> records counted from the fallback
    stamps_corrected: dict[str, dict[str, int]] = field(default_factory=dict)  # stamp -> source -> records
    unjudged: dict[str, dict[str, int]] = field(default_factory=dict)  # source -> entity -> rows not judged

    def add(self, entity: str, **counts: int) -> None:
        """Add counts (``dispose=3, held=1``) to the class and to the entity."""
        per = self.entities.setdefault(entity, {})
        for name, n in counts.items():
            setattr(self, name, getattr(self, name) + n)
            per[name] = per.get(name, 0) + n


@dataclass
class Plan:
    """A plan's header and counts per class (its hashed ids are in ``retention_plan_item``)."""

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
        return sorted(
            c for c, k in self.classes.items() if k.approval == "required" and (k.dispose or k.archive or k.minimise)
        )

    def summary(self) -> dict:
        """JSON-safe (for XCom and the CLI): ids of nothing but the plan itself."""
        return {
            "plan_id": self.plan_id,
            "as_of": self.as_of.isoformat(),
            "policy_version": self.policy_version,
            "key_fingerprint": self.key_fingerprint,
            "status": self.status,
            "sources": self.sources,
            "created_at": self.created_at.isoformat(),
            "needs_approval": self.needs_approval(),
            "classes": {c: asdict(k) for c, k in sorted(self.classes.items())},
        }


def _check_hold_sources(
    policy: RetentionPolicy, sources: list[str], data_root: Path | None, mapped: dict[str, set[str]] | None
) -> None:
    """Fail closed: an entity that can hold data automatically (open complaints) must be staged for every
    source that maps it, or a patient with an open complaint could look free to delete."""
    if mapped is None:
        from transforms.sources.config import load_sources

        mapped = {s.name: set(s.entities) for s in load_sources()}
    for hold in policy.automatic_holds:
        for source in sources:
            if hold.entity in mapped.get(source, set()) and not is_staged(source, hold.entity, data_root):
                raise PlanError(
                    f"source {source!r} maps {hold.entity!r} but nothing of it is staged: its "
                    f"automatic holds ({hold.reason}) cannot be checked, so nothing is planned"
                )


def _report_stamps(policy: RetentionPolicy, triggers: Triggers, counts: dict[str, ClassCounts]) -> None:
    """Per source, the records whose vendor stamp was older than an entry of theirs, on every class whose
    terms count from that stamp (kind: the vendor's "file changed" stamp is not trusted blindly)."""
    for check in policy.trigger_checks:
        entity, _, column = check.column.partition(".")
        per_source = triggers.count_corrected(entity).get(check.column, {})
        for name, rules in policy.entities.items():
            for rule in rules:
                reads = (
                    rule.trigger.column == column
                    and (rule.trigger.of == entity or (rule.trigger.of is None and name == entity))
                ) or (name == entity and rule.trigger.fallback is not None and rule.trigger.fallback.column == column)
                if reads:
                    counts[rule.class_].stamps_corrected[check.column] = dict(sorted(per_source.items()))
        if any(per_source.values()):
            log.warning(
                "retention plan: %s older than the newest entry of the record in %s (terms counted from the entry)",
                check.column,
                ", ".join(f"{s}: {n}" for s, n in sorted(per_source.items())),
            )


def _report_quarantine(
    policy: RetentionPolicy, sources: list[str], data_root: Path | None, counts: dict[str, ClassCounts]
) -> None:
    """Rows quarantined at extraction (bad date, unknown code) never reach the staging, so no term can be
    computed for them: reported per source and entity on each class the entity's records can have, so they
    are seen (their removal follows the quarantine's own rule), never silently kept."""
    for source, entity, rows in quarantined_rows(sources, data_root):
        for class_id in sorted({r.class_ for r in policy.row_rules(entity)}):
            per = counts[class_id].unjudged.setdefault(source, {})
            per[entity] = per.get(entity, 0) + rows


def quarantined_rows(sources: Iterable[str], data_root: Path | None) -> list[tuple[str, str, int]]:
    """(source, entity, rows) held in the quarantine folders, read from their manifests (no row is read)."""
    from transforms.sources import staging

    base = (data_root or settings.data_root()) / "quarantine"
    out = []
    for source in sources:
        folder = base / source
        if not folder.is_dir():
            continue
        for entity_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            rows = 0
            for run in entity_dir.glob("run=*"):
                manifest = run / staging.MANIFEST
                if run.is_dir() and "." not in run.name and manifest.exists():
                    rows += int(json.loads(manifest.read_text()).get("rows", 0))
            if rows:
                out.append((source, entity_dir.name, rows))
    return out


# --- the plan ---------------------------------------------------------------------------------------------


def compute_plan(
    as_of: dt.date | dt.datetime | str,
    *,
    policy: RetentionPolicy | None = None,
    model: CanonicalModel | None = None,
    engine: Engine | None = None,
    sources: Iterable[str] | None = None,
    data_root: Path | None = None,
    key: bytes | None = None,
    plan_id: str | None = None,
    created_at: dt.datetime | None = None,
    mapped_entities: dict[str, set[str]] | None = None,
) -> tuple[Plan, dict[tuple[str, str, str], list[str]]]:
    """Compute (not store) the plan: counts per class and the hashed ids per (class, entity, stage)."""
    day = as_of_date(as_of)
    policy = policy or load_policy()
    model = model or load_model()
    engine = engine or register.register_engine()
    key = key or hashing.hash_key()
    names = sorted(sources) if sources is not None else staged_sources(data_root)
    _check_hold_sources(policy, names, data_root, mapped_entities)
    index, automatic = build_hold_index(policy, model, engine, names, data_root)
    key_of = {name: entity.key for name, entity in model.entities.items()}
    counts = {c: ClassCounts(action=k.action, approval=k.approval) for c, k in policy.classes.items()}
    counts |= {c: ClassCounts(action=k.action, approval=k.approval) for c, k in policy.copies.items()}
    items: dict[tuple[str, str, str], list[str]] = {}
    triggers = Triggers(policy, model, names, data_root, engine=engine, key=key)
    _report_stamps(policy, triggers, counts)
    _report_quarantine(policy, names, data_root, counts)
    # research releases kept as history and quarantine partitions: classes of their own (kind 8)
    held = copies.full_index(engine, index)
    copies.plan_copies(policy, model, key, held, day, counts, items, sources=None, data_root=data_root)

    for entity_name, _rules in policy.entities.items():
        entity = model.entity(entity_name)
        subject = policy.subject_column(entity_name, model)
        columns = triggers.columns(entity_name)
        if subject:
            columns.add(subject[1])
        related = triggers.related(entity_name)
        # Records the journal says were disposed of already and that are staged again (a restored backup
        # re-extracted) are tombstones: the nightly ``verify.reapply_tombstones`` disposes of them again under
        # the decision already approved and certified, so they are not planned (and approved) a second time.
        whole_done = tombstones(engine, entity_name, ("destroy", "unload"))
        fields_done = tombstones(engine, entity_name, ("minimise",))
        bar = progress(f"retention plan {entity_name}", unit="records")
        for frame in read_batches(entity_name, entity.key, columns, names, data_root, hash_key=key):
            bar.advance(len(frame))
            hashed = frame.pop("_hashed_id")
            timed = triggers.prepare(entity_name, frame, hashed)
            assigned = assign(policy, entity_name, timed, related, key_of)
            held = held_mask(index, entity_name, frame, entity.key, assigned["retention_class"], subject)
            no_trigger = ~assigned["term_ends_on"].map(lambda d: isinstance(d, dt.date)).astype(bool)
            gone = hashed.isin(whole_done) if whole_done else pd.Series(False, index=hashed.index)
            dispose = ~held & ~gone & expired_mask(assigned["term_ends_on"], day)
            archive = ~held & ~gone & ~dispose & expired_mask(assigned["archive_ends_on"], day)
            for class_id, group in assigned.groupby("retention_class"):
                idx = group.index
                counts[class_id].add(
                    entity_name,
                    total=len(idx),
                    held=int(held[idx].sum()),
                    no_trigger=int((no_trigger[idx] & ~held[idx]).sum()),
                    dispose=int(dispose[idx].sum()),
                    archive=int(archive[idx].sum()),
                )
                fallback = int(group["fallback"].sum())
                if fallback:  # counted from the policy's fallback: the trigger never happened (kind 7)
                    counts[class_id].fallback[entity_name] = counts[class_id].fallback.get(entity_name, 0) + fallback
                for stage, mask in (("dispose", dispose), ("archive", archive)):
                    chosen = hashed[idx][mask[idx]].tolist()
                    if chosen:
                        items.setdefault((class_id, entity_name, stage), []).extend(chosen)
            for rule in policy.field_rules(entity_name):
                ends = assign_fields(policy, entity_name, rule, timed, related, key_of)
                classes = pd.Series(rule.class_, index=frame.index)
                field_held = held_mask(index, entity_name, frame, entity.key, classes, subject)
                # Minimised even when the record is also planned for destruction: the destruction can still be
                # blocked (a held invoice or a closed complaint still points at the patient), and a kept row
                # must not keep what its own term no longer allows. Tombstones are not planned again.
                due = ~field_held & ~gone & expired_mask(ends, day)
                if fields_done:
                    due &= ~hashed.isin(fields_done)
                c = counts[rule.class_]
                c.add(
                    entity_name,
                    total=len(frame),
                    held=int(field_held.sum()),
                    no_trigger=int((~ends.map(lambda d: isinstance(d, dt.date)).astype(bool) & ~field_held).sum()),
                    minimise=int(due.sum()),
                )
                c.fields[entity_name] = list(rule.fields or [])
                if due.any():
                    items.setdefault((rule.class_, entity_name, "minimise"), []).extend(hashed[due].tolist())
        bar.close()

    archived_field_items(engine, day, counts, items)

    plan = Plan(
        plan_id=plan_id or uuid.uuid4().hex,
        as_of=day,
        policy_version=policy.content_hash,
        key_fingerprint=hashing.key_fingerprint(key),
        created_at=(created_at or utc_now()).astimezone(dt.timezone.utc),
        sources=names,
        classes=counts,
    )
    log.info(
        "retention plan %s as of %s (policy %s): automatic holds %s",
        plan.plan_id,
        day,
        policy.short_version,
        automatic or "none",
    )
    for class_id, c in sorted(counts.items()):
        log.info(
            "  %s: %d to dispose, %d to archive, %d to minimise, %d held, %d without trigger, of %d",
            class_id,
            c.dispose,
            c.archive,
            c.minimise,
            c.held,
            c.no_trigger,
            c.total,
        )
    return plan, items


def archived_field_items(
    engine: Engine, day: dt.date, counts: dict[str, ClassCounts], items: dict[tuple[str, str, str], list[str]]
) -> None:
    """Archived records whose copy still holds a field rule's fields and whose field term ended
    (``archive_field_term``): listed for minimising like a staged record, also when the record has left the
    live system and the staging (no staged row would list it). Holds are checked when the copy is re-written
    (``archive.minimise_archived_due``). Grows with the archive's unminimised field terms, not with the night."""
    register.ensure_tables(engine, ARCHIVE_FIELD_TERMS)
    t = ARCHIVE_FIELD_TERMS.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.class_id, t.entity, t.hashed_id).where(t.fields_end_on < day, t.minimised_at.is_(None))
        ).all()
    listed: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        if r.class_id not in counts:
            continue
        have = listed.setdefault((r.class_id, r.entity), set(items.get((r.class_id, r.entity, "minimise"), [])))
        if r.hashed_id in have:
            continue  # also staged, so listed already
        have.add(r.hashed_id)
        items.setdefault((r.class_id, r.entity, "minimise"), []).append(r.hashed_id)
        counts[r.class_id].add(r.entity, minimise=1)


def tombstones(engine: Engine, entity: str, actions: tuple[str, ...]) -> set[str]:
    """Hashed ids of an entity's records the journal says were done with one of these actions (in any plan).
    Grows with the journal's history of this entity (one 64-character id each)."""
    register.ensure_tables(engine, DISPOSE_JOURNAL)
    j = DISPOSE_JOURNAL.c
    with engine.connect() as conn:
        return {
            r[0]
            for r in conn.execute(
                select(j.hashed_id).where(j.entity == entity, j.status == "done", j.action.in_(actions))
            )
        }


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
            if engine.dialect.has_table(conn, APPROVALS.name):
                conn.execute(delete(APPROVALS).where(APPROVALS.c.plan_id == plan.plan_id))
        conn.execute(
            PLANS.insert().values(
                plan_id=plan.plan_id,
                as_of=plan.as_of,
                policy_version=plan.policy_version,
                key_fingerprint=plan.key_fingerprint,
                status=plan.status,
                created_at=plan.created_at.replace(tzinfo=None),
                sources=json.dumps(plan.sources),
            )
        )
        conn.execute(
            PLAN_CLASSES.insert(),
            [
                {
                    "plan_id": plan.plan_id,
                    "class_id": class_id,
                    "action": c.action,
                    "approval": c.approval,
                    "dispose": c.dispose,
                    "archive": c.archive,
                    "minimise": c.minimise,
                    "held": c.held,
                    "no_trigger": c.no_trigger,
                    "total": c.total,
                    "detail": json.dumps(
                        {
                            "entities": c.entities,
                            "fields": c.fields,
                            "fallback": c.fallback,
                            "stamps_corrected": c.stamps_corrected,
                            "unjudged": c.unjudged,
                        },
                        sort_keys=True,
                    ),
                }
                for class_id, c in sorted(plan.classes.items())
            ],
        )
        for (c, e, s), hashed in items.items():
            hashed = sorted(hashed)  # in key order the index grows at its right edge: half the cost of random order
            for start in range(0, len(hashed), bulk.CHUNK):  # rows made a chunk at a time
                bulk.insert(
                    conn,
                    PLAN_ITEMS,
                    [
                        {"plan_id": plan.plan_id, "class_id": c, "entity": e, "stage": s, "hashed_id": h}
                        for h in hashed[start : start + bulk.CHUNK]
                    ],
                )


def make_plan(
    as_of: dt.date | dt.datetime | str,
    *,
    register_url: str | None = None,
    data_root: Path | None = None,
    sources: Iterable[str] | None = None,
    plan_id: str | None = None,
    policy_path: Path | str | None = None,
    created_at: dt.datetime | None = None,
) -> dict:
    """DAG task ``plan``: compute and store the plan as of a date; returns its JSON-safe summary (for XCom)."""
    engine = register.register_engine(register_url)
    policy = load_policy(policy_path)
    # a copy's removal or trim that a crash left half done is finished or undone first (as dispose would), so
    # the plan counts the copies as they are; this task holds the retention lease (a console preview does not)
    copies.recover(engine, policy, hashing.hash_key(), data_root)
    plan, items = compute_plan(
        as_of,
        policy=policy,
        engine=engine,
        sources=sources,
        data_root=data_root,
        plan_id=plan_id,
        created_at=created_at,
    )
    store_plan(engine, plan, items)
    record_plan(engine, plan, items)
    return plan.summary()


def items_digest(items: dict[tuple[str, str, str], list[str]], class_id: str) -> str:
    """SHA-256 over a class's sorted (entity, stage, hashed id) lines: ties the stored items to the audit log."""
    lines = sorted(f"{e}\t{s}\t{h}" for (c, e, s), hashed in items.items() if c == class_id for h in hashed)
    return hashlib.sha256("\n".join(lines).encode("ascii")).hexdigest()


def record_plan(engine: Engine, plan: Plan, items: dict[tuple[str, str, str], list[str]]) -> None:
    """Evidence of the dry run in the audit chain: counts and a digest of the hashed ids per class."""
    chain.append(
        engine,
        "retention.plan",
        {
            "plan_id": plan.plan_id,
            "as_of": plan.as_of.isoformat(),
            "policy_version": plan.policy_version,
            "key_fingerprint": plan.key_fingerprint,
            "sources": plan.sources,
            "classes": {
                c: {
                    "dispose": k.dispose,
                    "archive": k.archive,
                    "minimise": k.minimise,
                    "held": k.held,
                    "no_trigger": k.no_trigger,
                    "total": k.total,
                    "items_sha256": items_digest(items, c),
                }
                for c, k in sorted(plan.classes.items())
            },
        },
        recorded_at=plan.created_at,
    )


def check_plan_is_current(plan: Plan, policy_version: str, key: bytes, error: type[Exception] = PlanError) -> None:
    """Refuse to act on a plan made under another policy version or hashing key: its decisions do not carry."""
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
                action=row.action,
                approval=row.approval,
                dispose=row.dispose,
                archive=row.archive,
                minimise=row.minimise,
                held=row.held,
                no_trigger=row.no_trigger,
                total=row.total,
                entities=detail["entities"],
                fields=detail["fields"],
                fallback=detail.get("fallback", {}),
                stamps_corrected=detail.get("stamps_corrected", {}),
                unjudged=detail.get("unjudged", {}),
            )
    return Plan(
        plan_id=head.plan_id,
        as_of=head.as_of,
        policy_version=head.policy_version,
        key_fingerprint=head.key_fingerprint,
        created_at=head.created_at.replace(tzinfo=dt.timezone.utc),
        sources=json.loads(head.sources),
        classes=classes,
        status=head.status,
    )


def plan_items(
    engine: Engine, plan_id: str, *, class_id: str | None = None, stage: str | None = None, entity: str | None = None
) -> Iterator[tuple[str, str, str, str]]:
    """(class, entity, stage, hashed id) of a stored plan, optionally filtered."""
    query = (
        select(PLAN_ITEMS.c.class_id, PLAN_ITEMS.c.entity, PLAN_ITEMS.c.stage, PLAN_ITEMS.c.hashed_id)
        .where(PLAN_ITEMS.c.plan_id == plan_id)
        .order_by(PLAN_ITEMS.c.class_id, PLAN_ITEMS.c.entity, PLAN_ITEMS.c.stage, PLAN_ITEMS.c.hashed_id)
    )
    for column, value in (
        (PLAN_ITEMS.c.class_id, class_id),
        (PLAN_ITEMS.c.stage, stage),
        (PLAN_ITEMS.c.entity, entity),
    ):
        if value is not None:
            query = query.where(column == value)
    with engine.connect() as conn:
        yield from (tuple(row) for row in conn.execute(query))


def has_items(engine: Engine, plan_id: str, class_id: str, entity: str, stages: Iterable[str]) -> bool:
    """Whether the plan lists any record of this class and entity in these stages (a step skips it if not)."""
    with engine.connect() as conn:
        return (
            conn.execute(
                select(PLAN_ITEMS.c.hashed_id)
                .where(
                    PLAN_ITEMS.c.plan_id == plan_id,
                    PLAN_ITEMS.c.class_id == class_id,
                    PLAN_ITEMS.c.entity == entity,
                    PLAN_ITEMS.c.stage.in_(list(stages)),
                )
                .limit(1)
            ).first()
            is not None
        )


def set_status(engine: Engine, plan_id: str, status: str) -> None:
    """Record how far a plan has got (approved -> archived -> disposed), for ``retention show`` and ``list``."""
    with engine.begin() as conn:
        conn.execute(PLANS.update().where(PLANS.c.plan_id == plan_id).values(status=status))


def list_plans(engine: Engine, limit: int = 20) -> list[dict]:
    """The newest plans, newest first (JSON-safe headers for ``retention list`` and the privacy page)."""
    register.ensure_tables(engine, PLANS, PLAN_CLASSES, PLAN_ITEMS)
    with engine.connect() as conn:
        rows = conn.execute(select(PLANS).order_by(PLANS.c.created_at.desc()).limit(limit)).all()
    return [
        {
            "plan_id": r.plan_id,
            "as_of": r.as_of.isoformat(),
            "status": r.status,
            "policy_version": r.policy_version[:12],
            "created_at": r.created_at.isoformat(),
        }
        for r in rows
    ]
