"""Approval of a stored plan, class by class, and the register lease that allows one retention run at a time.

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
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from transforms import register
from transforms.kernel.timeutil import utc_naive
from transforms.register.schema import APPROVALS, LOCKS, PLANS
from transforms.retention.lease import LEASE_TTL, holder_kind
from transforms.retention.plan import PlanError, load_plan
from transforms.retention.policy import RetentionPolicy, load_policy

AUTO = "policy:auto"
# Who "decided" a class nobody answered for before the approval gate timed out; the decision is ``unanswered``,
# so the class reads "no answer in time", not "awaits approval" forever. A later decision (the command line)
# replaces it: it is the absence of an answer, not an answer.
NOBODY = "nobody (no answer in time)"
UNANSWERED = "unanswered"


class LockError(RuntimeError):
    """Another retention run holds the lease (or took it over from this one)."""


def decide(
    engine: Engine,
    plan_id: str,
    *,
    decided_by: str,
    decided_at: dt.datetime,
    approve: Iterable[str] = (),
    reject: Iterable[str] = (),
    unanswered: Iterable[str] = (),
    policy: RetentionPolicy | None = None,
) -> dict:
    """Record approvals/rejections for classes of a plan; returns {class: decision} for the whole plan.

    A class decided once keeps its first decision (a retried task does not flip it); ``unanswered`` (the
    approval gate timed out) is recorded as such and is the one decision a later answer replaces. The plan's
    status becomes ``approved`` once every class with work to do has a decision.
    """
    from transforms.audit import chain

    policy = policy or load_policy()
    plan = load_plan(engine, plan_id)
    if plan.policy_version != policy.content_hash:
        raise PlanError(
            f"plan {plan_id} was made under policy {plan.policy_version[:12]}, the policy is now "
            f"{policy.short_version}: make a new plan"
        )
    approve, reject, lapsed = set(approve), set(reject), set(unanswered)
    unknown = (approve | reject | lapsed) - set(plan.classes)
    if unknown:
        raise PlanError(f"not classes of plan {plan_id}: {', '.join(sorted(unknown))}")
    clash = (approve & reject) | (lapsed & (approve | reject))
    if clash:
        raise PlanError(f"given more than one decision: {', '.join(sorted(clash))}")
    if not decided_by or not decided_by.strip():
        raise PlanError("say who decides (decided_by)")
    register.ensure_tables(engine, APPROVALS)
    new = {}
    with engine.begin() as conn:
        recorded = {
            r.class_id: r.decision
            for r in conn.execute(
                select(APPROVALS.c.class_id, APPROVALS.c.decision).where(APPROVALS.c.plan_id == plan_id)
            )
        }
        for class_id, decision in (
            [(c, "approved") for c in sorted(approve)]
            + [(c, "rejected") for c in sorted(reject)]
            + [(c, UNANSWERED) for c in sorted(lapsed)]
        ):
            if class_id in recorded and (recorded[class_id] != UNANSWERED or decision == UNANSWERED):
                continue
            if class_id in recorded:  # an answer after the gate timed out (the command line) replaces the lapse
                conn.execute(delete(APPROVALS).where(APPROVALS.c.plan_id == plan_id, APPROVALS.c.class_id == class_id))
            conn.execute(
                APPROVALS.insert().values(
                    plan_id=plan_id,
                    class_id=class_id,
                    decision=decision,
                    decided_by=decided_by.strip(),
                    decided_at=utc_naive(decided_at),
                )
            )
            new[class_id] = decision
        decisions = {
            r.class_id: r.decision
            for r in conn.execute(
                select(APPROVALS.c.class_id, APPROVALS.c.decision).where(APPROVALS.c.plan_id == plan_id)
            )
        }
        with_work = {c for c, k in plan.classes.items() if k.dispose or k.archive or k.minimise}
        if with_work <= set(decisions) and plan.status == "planned":
            conn.execute(update(PLANS).where(PLANS.c.plan_id == plan_id).values(status="approved"))
    if new:
        chain.append(
            engine,
            "retention.approval",
            {
                "plan_id": plan_id,
                "policy_version": plan.policy_version,
                "decided_by": decided_by.strip(),
                "decisions": new,
            },
            recorded_at=decided_at,
        )
    return decisions


def auto_approve(
    engine: Engine, plan_id: str, *, decided_at: dt.datetime, policy: RetentionPolicy | None = None
) -> list[str]:
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
        return {
            r.class_id
            for r in conn.execute(
                select(APPROVALS.c.class_id).where(APPROVALS.c.plan_id == plan_id, APPROVALS.c.decision == "approved")
            )
        }


def decisions(engine: Engine, plan_id: str) -> dict[str, dict]:
    """Every recorded decision of a plan per class: ``decision`` (approved, rejected, unanswered), ``by`` and
    ``at`` (naive UTC); a class with work and no entry still awaits an answer."""
    register.ensure_tables(engine, APPROVALS)
    with engine.connect() as conn:
        return {
            r.class_id: {"decision": r.decision, "by": r.decided_by, "at": r.decided_at}
            for r in conn.execute(select(APPROVALS).where(APPROVALS.c.plan_id == plan_id))
        }


def approvers(engine: Engine, plan_id: str) -> dict[str, str]:
    """Who approved each approved class of a plan, as recorded (``AUTO`` for the policy's routine classes)."""
    register.ensure_tables(engine, APPROVALS)
    with engine.connect() as conn:
        return {
            r.class_id: r.decided_by
            for r in conn.execute(
                select(APPROVALS.c.class_id, APPROVALS.c.decided_by).where(
                    APPROVALS.c.plan_id == plan_id, APPROVALS.c.decision == "approved"
                )
            )
        }


def _refusal(row) -> str:
    return (
        f"another retention run holds the lease until {row.expires_at:%Y-%m-%d %H:%M} UTC ({holder_kind(row.holder)})"
    )


def acquire_lock(
    engine: Engine, holder: str, *, now: dt.datetime, ttl: dt.timedelta = LEASE_TTL, name: str = "retention"
) -> None:
    """Take the run's lease, or raise ``LockError`` naming until when and what kind of run holds it. An
    expired lease (crashed run) is taken over; re-acquiring one's own lease (a retried task) extends it.
    ``ttl`` defaults to ``lease.LEASE_TTL``, which outlives the approval wait."""
    register.ensure_tables(engine, LOCKS)
    moment = utc_naive(now)
    with _lease_transaction(engine) as conn:
        try:
            with conn.begin_nested():
                conn.execute(
                    LOCKS.insert().values(name=name, holder=holder, acquired_at=moment, expires_at=moment + ttl)
                )
            return
        except IntegrityError:  # a lease row exists: ours, expired, or someone else's
            pass
        taken = conn.execute(
            update(LOCKS)
            .where(LOCKS.c.name == name, (LOCKS.c.holder == holder) | (LOCKS.c.expires_at < moment))
            .values(holder=holder, acquired_at=moment, expires_at=moment + ttl)
        ).rowcount
        if taken != 1:
            row = conn.execute(select(LOCKS.c.holder, LOCKS.c.expires_at).where(LOCKS.c.name == name)).first()
            raise LockError(_refusal(row))


def renew_lease(
    engine: Engine, holder: str, *, now: dt.datetime, ttl: dt.timedelta = LEASE_TTL, name: str = "retention"
) -> dt.datetime:
    """Extend this holder's lease to ``now + ttl`` (each task of a run calls it, so the lease lives as long as
    the run does); returns the new expiry (naive UTC). Raises ``LockError`` when the holder no longer has the
    lease: released, or taken over by another run after it expired, when carrying on would mean two retention
    runs at once. A lease that expired but was not taken is renewed: nobody else ran meanwhile."""
    register.ensure_tables(engine, LOCKS)
    moment = utc_naive(now)
    with _lease_transaction(engine) as conn:
        renewed = conn.execute(
            update(LOCKS).where(LOCKS.c.name == name, LOCKS.c.holder == holder).values(expires_at=moment + ttl)
        ).rowcount
        if renewed != 1:
            row = conn.execute(select(LOCKS.c.holder, LOCKS.c.expires_at).where(LOCKS.c.name == name)).first()
            if row is None:
                raise LockError(f"the retention lease of {holder} was released: this run no longer holds it")
            raise LockError(f"the retention lease of {holder} was lost: {_refusal(row)}")
    return moment + ttl


@contextmanager
def _lease_transaction(engine: Engine) -> Iterator[Connection]:
    """SQLite: take the write lock at BEGIN, so two processes reading and writing the lease row are serialised
    (in a deferred transaction both would try the INSERT and the loser would wait on a lock it cannot upgrade).
    Elsewhere the primary key decides: the second INSERT waits for the first to commit, fails, and the UPDATE
    then finds the lease held."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn


def release_lock(engine: Engine, holder: str, name: str = "retention") -> bool:
    """Release the lease if this holder has it; True when released."""
    register.ensure_tables(engine, LOCKS)
    with engine.begin() as conn:
        return conn.execute(delete(LOCKS).where(LOCKS.c.name == name, LOCKS.c.holder == holder)).rowcount == 1


@contextmanager
def retention_lock(engine: Engine, holder: str, *, now: dt.datetime, ttl: dt.timedelta = LEASE_TTL) -> Iterator[None]:
    """Hold the retention lease for the ``with`` block (released even when the block fails); the command
    line's changing actions (plan, archive, dispose, purge, certify, expire) run inside it."""
    acquire_lock(engine, holder, now=now, ttl=ttl)
    try:
        yield
    finally:
        release_lock(engine, holder)
