"""Approval of a stored plan, class by class, and the register lock that allows one retention run at a time.

Classes whose policy says ``approval: required`` wait for a person (the Airflow approval gate records who);
``approval: auto`` classes are approved by the policy itself, recorded as ``policy:auto``. A plan made under
another policy version than the one loaded now cannot be approved: the terms it applied are not the current
ones. Decisions are kept in the register and in the audit chain; later steps act only on approved classes.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from transforms import register
from transforms.register.schema import APPROVALS, LOCKS, PLANS
from transforms.retention.plan import PlanError, load_plan
from transforms.retention.policy import RetentionPolicy, load_policy

AUTO = "policy:auto"


class LockError(RuntimeError):
    """Another retention run holds the lock."""


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("give times with a timezone")
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def decide(engine: Engine, plan_id: str, *, decided_by: str, decided_at: dt.datetime,
           approve: Iterable[str] = (), reject: Iterable[str] = (), policy: RetentionPolicy | None = None) -> dict:
    """Record approvals/rejections for classes of a plan; returns {class: decision} for the whole plan.

    A class decided once keeps its first decision (a retried task does not flip it). The plan's status
    becomes ``approved`` once every class with work to do has a decision.
    """
    from transforms.audit import chain

    policy = policy or load_policy()
    plan = load_plan(engine, plan_id)
    if plan.policy_version != policy.content_hash:
        raise PlanError(f"plan {plan_id} was made under policy {plan.policy_version[:12]}, the policy is now "
                        f"{policy.short_version}: make a new plan")
    approve, reject = set(approve), set(reject)
    unknown = (approve | reject) - set(plan.classes)
    if unknown:
        raise PlanError(f"not classes of plan {plan_id}: {', '.join(sorted(unknown))}")
    if approve & reject:
        raise PlanError(f"both approved and rejected: {', '.join(sorted(approve & reject))}")
    if not decided_by or not decided_by.strip():
        raise PlanError("say who decides (decided_by)")
    register.ensure_tables(engine, APPROVALS)
    new = {}
    with engine.begin() as conn:
        done = {r.class_id for r in conn.execute(select(APPROVALS.c.class_id).where(APPROVALS.c.plan_id == plan_id))}
        for class_id, decision in [(c, "approved") for c in sorted(approve)] + [(c, "rejected") for c in sorted(reject)]:
            if class_id in done:
                continue
            conn.execute(APPROVALS.insert().values(plan_id=plan_id, class_id=class_id, decision=decision,
                                                   decided_by=decided_by.strip(), decided_at=_utc(decided_at)))
            new[class_id] = decision
        decisions = {r.class_id: r.decision for r in
                     conn.execute(select(APPROVALS.c.class_id, APPROVALS.c.decision).where(APPROVALS.c.plan_id == plan_id))}
        with_work = {c for c, k in plan.classes.items() if k.dispose or k.archive or k.minimise}
        if with_work <= set(decisions) and plan.status == "planned":
            conn.execute(update(PLANS).where(PLANS.c.plan_id == plan_id).values(status="approved"))
    if new:
        chain.append(engine, "retention.approval", {"plan_id": plan_id, "policy_version": plan.policy_version,
                                                    "decided_by": decided_by.strip(), "decisions": new},
                     recorded_at=decided_at)
    return decisions


def auto_approve(engine: Engine, plan_id: str, *, decided_at: dt.datetime,
                 policy: RetentionPolicy | None = None) -> list[str]:
    """DAG task before the approval gate: approve the classes the policy marks ``approval: auto``."""
    policy = policy or load_policy()
    plan = load_plan(engine, plan_id)
    routine = sorted(c for c, k in plan.classes.items() if k.approval == "auto")
    decide(engine, plan_id, decided_by=AUTO, decided_at=decided_at, approve=routine, policy=policy)
    return routine


def approved_classes(engine: Engine, plan_id: str) -> set[str]:
    """The classes of a plan that later steps may carry out (approved by a person or by the policy)."""
    register.ensure_tables(engine, APPROVALS)
    with engine.connect() as conn:
        return {r.class_id for r in conn.execute(select(APPROVALS.c.class_id).where(
            APPROVALS.c.plan_id == plan_id, APPROVALS.c.decision == "approved"))}


def approvers(engine: Engine, plan_id: str) -> dict[str, str]:
    """Who approved each approved class of a plan, as recorded (``AUTO`` for the policy's routine classes)."""
    register.ensure_tables(engine, APPROVALS)
    with engine.connect() as conn:
        return {r.class_id: r.decided_by for r in conn.execute(select(APPROVALS.c.class_id, APPROVALS.c.decided_by)
                                                               .where(APPROVALS.c.plan_id == plan_id,
                                                                      APPROVALS.c.decision == "approved"))}


def acquire_lock(engine: Engine, holder: str, *, now: dt.datetime, ttl: dt.timedelta = dt.timedelta(hours=6),
                 name: str = "retention") -> None:
    """Take the lock, or raise ``LockError``. An expired lock (crashed run) is taken over; re-acquiring
    one's own lock (a retried task) extends it."""
    register.ensure_tables(engine, LOCKS)
    moment = _utc(now)
    with engine.begin() as conn:
        try:
            with conn.begin_nested():
                conn.execute(LOCKS.insert().values(name=name, holder=holder, acquired_at=moment,
                                                   expires_at=moment + ttl))
            return
        except IntegrityError:
            pass
        taken = conn.execute(update(LOCKS).where(
            LOCKS.c.name == name, (LOCKS.c.holder == holder) | (LOCKS.c.expires_at < moment)
        ).values(holder=holder, acquired_at=moment, expires_at=moment + ttl)).rowcount
        if taken != 1:
            row = conn.execute(select(LOCKS.c.expires_at).where(LOCKS.c.name == name)).first()
            raise LockError(f"another retention run holds the lock until {row.expires_at:%Y-%m-%d %H:%M} UTC")


def release_lock(engine: Engine, holder: str, name: str = "retention") -> bool:
    """Release the lock if this holder has it; True when released."""
    register.ensure_tables(engine, LOCKS)
    with engine.begin() as conn:
        return conn.execute(delete(LOCKS).where(LOCKS.c.name == name, LOCKS.c.holder == holder)).rowcount == 1


@contextmanager
def retention_lock(engine: Engine, holder: str, *, now: dt.datetime,
                   ttl: dt.timedelta = dt.timedelta(hours=6)) -> Iterator[None]:
    """Hold the retention lock for the ``with`` block (released even when the block fails)."""
    acquire_lock(engine, holder, now=now, ttl=ttl)
    try:
        yield
    finally:
        release_lock(engine, holder)
