"""Retention as it happened: per plan and class, what was decided, done and certified, and where a run stopped.

The state of a class is never read from what was intended (``approved``) alone: a class is "destroyed and
certified" only when the disposal journal has done rows and a certificate entry exists in the audit chain; an
approved class of a run that failed at verify reads "approved, NOT certified: the run failed at verify". Task
states come from Airflow (``RunInfo``, read by the plugin); everything else from the privacy register.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from transforms import register
from transforms.console import fmt
from transforms.register.schema import APPROVALS, DISPOSE_JOURNAL, GATE_OUTCOMES
from transforms.retention.certificates import certified as certified_classes
from transforms.retention.lease import APPROVAL_TIMEOUT, DAG_PREFIX
from transforms.retention.plan import Plan, list_plans, load_plan
from transforms.retention.policy import RetentionPolicy

RETENTION_DAG = "dcn_retention"
# the retention DAG's tasks in the order they run (dags/dcn_retention.py): the first that failed is where it stopped
RETENTION_TASKS = (
    "lock",
    "tombstones",
    "plan",
    "approve",
    "record_decision",
    "archive",
    "dispose",
    "verify",
    "validate",
    "purge_staging",
    "certify",
    "expire_archives",
    "expire_files",
    "approval_outcome",
    "unlock",
)
FAILED = frozenset({"failed", "upstream_failed"})
WAITING = frozenset({"deferred", "running", "queued", "scheduled", "up_for_reschedule", "up_for_retry"})
ACTIONS = {"destroy": "destroyed", "unload": "archived", "minimise": "minimised", "anonymise": "anonymised"}

# What the officer (or the engineer they call) does when a run stopped at this task. No personal data.
NEXT_STEP = {
    "lock": "Another retention run holds the lease. Wait for it to finish; a crashed run's lease expires by itself "
    "(the task log says until when), then clear this task.",
    "tombstones": "Records destroyed earlier are back in a practice system and could not be disposed of again. Ask "
    "the data engineer to read the task log (counts and hashed ids only), fix the source connection, then clear "
    "the task.",
    "plan": "No plan could be made. Ask the data engineer to read the plan task's log (usually the staging or the "
    "policy), fix it, then clear the task.",
    "approve": "Nobody answered the approval before it closed: nothing of the classes that need a person was "
    "done (the routine classes were). They are planned again the next night; answer that night's approval under "
    "Required actions.",
    "archive": "Archiving failed: nothing of the approved classes was destroyed. Ask the data engineer to check the "
    "archive storage and key, then clear the archive task.",
    "dispose": "Disposal stopped part-way. Clearing the dispose task resumes the unfinished batches; nothing is "
    "certified until verify and the retention gate pass.",
    "verify": "Records approved for destruction are still in a practice system (restored backup, a sync, a failed "
    "delete). Ask the data engineer to read the verify log (hashed ids only), remove the cause, then clear verify: "
    "certificates follow when the retention gate passes.",
    "validate": "The retention gate found records past their term, or archived records without a verified copy. "
    "Open the retention gate's Data Docs, fix the cause, then clear the validate task.",
    "purge_staging": "The pipeline's own copies (staging, anonymised text) still hold destroyed records. Clear the "
    "purge_staging task; research must not be rebuilt before it succeeds.",
    "certify": "The disposal is done but no certificate was written. Clear the certify task (it refuses while the "
    "retention gate has not passed after the last disposal).",
    "expire_archives": "Archived records past their term were not made unreadable. Clear the expire_archives task.",
}
# the run's last task fails when the approval went unanswered (approve itself failed first and is named)
NEXT_STEP["approval_outcome"] = NEXT_STEP["approve"]
GENERIC_NEXT_STEP = "Ask the data engineer to read the failed task's log in Airflow, fix the cause, then clear it."


@dataclass(frozen=True)
class RunInfo:
    """One Airflow DAG run as the plugin read it from the metadata DB (no conf, no XCom: states and times)."""

    dag_id: str
    run_id: str
    state: str
    start: dt.datetime | None
    end: dt.datetime | None = None
    tasks: dict[str, str] = field(default_factory=dict)  # task_id -> state ("none" when not started)
    approval_since: dt.datetime | None = None  # when its approval gate started waiting, while it waits
    night: dt.datetime | None = None  # the moment the run is for (logical date); default: its start

    @property
    def day_of(self) -> dt.datetime | None:
        """The moment the run counts for in the run history (a re-run of last night stays on last night)."""
        return self.night or self.start

    @property
    def failed_task(self) -> str | None:
        """The first task (in run order) that failed; None when none did."""
        order = {name: i for i, name in enumerate(RETENTION_TASKS)}
        failed = [t for t, s in self.tasks.items() if s in ("failed",)]
        if not failed:
            failed = [t for t, s in self.tasks.items() if s in FAILED]
        return min(failed, key=lambda t: (order.get(t, 99), t)) if failed else None

    @property
    def plan_id(self) -> str:
        """The retention plan of this run (``dcn_airflow.retention.plan_id_of``)."""
        return f"{DAG_PREFIX}{self.run_id}"


@dataclass(frozen=True)
class ClassState:
    """One retention class of one plan: what the policy says, what was planned, decided, done and certified."""

    class_id: str
    name: str
    basis: list[str]
    term: str
    action: str
    approval: str
    planned: dict[str, int]  # destroy, archive, minimise, held
    done: dict[str, int]  # destroyed, archived, minimised (journal rows done)
    decision: str | None  # approved | rejected | None
    decided_by: str | None
    state: str  # short: certified, failed, waiting, rejected, not decided, in progress, nothing due, not certified
    words: str  # the sentence shown
    tone: str  # ok | warn | bad | muted
    certified: bool


@dataclass(frozen=True)
class PlanView:
    """One retention plan as it happened."""

    plan_id: str
    as_of: dt.date
    created_at: dt.datetime
    register_status: str
    run: RunInfo | None
    gate: str | None  # passed | failed | None (not run)
    gate_checked_at: dt.datetime | None
    classes: list[ClassState]
    state: str  # certified | failed | waiting | running | not certified | nothing to do
    words: str
    tone: str
    next_step: str | None

    @property
    def done_total(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for c in self.classes:
            for action, n in c.done.items():
                total[action] = total.get(action, 0) + n
        return total

    @property
    def certificates(self) -> int:
        return sum(1 for c in self.classes if c.certified)


def class_name(class_id: str, policy: RetentionPolicy) -> str:
    """The class as words from the policy: the head of its category (``Dental file``), or its id in words when
    that head is long (``Registration data``)."""
    rule = _rule(class_id, policy)
    category = rule.category if rule is not None else ""
    head = category
    for stop in (" (", ":", ";"):
        head = head.split(stop)[0]
    head = head.strip()
    return head if head and len(head) <= 40 else fmt.sentence(class_id)


def _rule(class_id: str, policy: RetentionPolicy):
    """The policy's record class or copy class (``copies``: research releases, quarantine) of this id."""
    return policy.classes.get(class_id) or getattr(policy, "copies", {}).get(class_id)


def _journal(engine: Engine, plan_ids: list[str]) -> dict[str, dict[str, dict[str, int]]]:
    """plan -> class -> done rows per action word (destroyed, archived, minimised)."""
    if not plan_ids:
        return {}
    j = DISPOSE_JOURNAL
    with engine.connect() as conn:
        rows = conn.execute(
            select(j.c.plan_id, j.c.class_id, j.c.action, func.count())
            .where(j.c.plan_id.in_(plan_ids), j.c.status == "done")
            .group_by(j.c.plan_id, j.c.class_id, j.c.action)
        ).all()
    out: dict[str, dict[str, dict[str, int]]] = {}
    for plan_id, class_id, action, n in rows:
        word = ACTIONS.get(action, action)
        bucket = out.setdefault(plan_id, {}).setdefault(class_id, {})
        bucket[word] = bucket.get(word, 0) + int(n)
    return out


def _decisions(engine: Engine, plan_ids: list[str]) -> dict[str, dict[str, tuple[str, str, dt.datetime]]]:
    if not plan_ids:
        return {}
    a = APPROVALS
    with engine.connect() as conn:
        rows = conn.execute(
            select(a.c.plan_id, a.c.class_id, a.c.decision, a.c.decided_by, a.c.decided_at).where(
                a.c.plan_id.in_(plan_ids)
            )
        ).all()
    out: dict[str, dict[str, tuple[str, str, dt.datetime]]] = {}
    for plan_id, class_id, decision, by, at in rows:
        out.setdefault(plan_id, {})[class_id] = (decision, by, at)
    return out


def _gates(engine: Engine, plan_ids: list[str]) -> dict[str, tuple[bool, dt.datetime]]:
    if not plan_ids:
        return {}
    g = GATE_OUTCOMES
    with engine.connect() as conn:
        rows = conn.execute(select(g.c.plan_id, g.c.passed, g.c.checked_at).where(g.c.plan_id.in_(plan_ids))).all()
    return {r.plan_id: (bool(r.passed), r.checked_at) for r in rows}


def _approver(by: str | None) -> str:
    from transforms.retention.approval import AUTO

    return "the policy (routine class)" if by == AUTO else (by or "unknown")


def class_state(
    class_id: str,
    plan: Plan,
    policy: RetentionPolicy,
    *,
    decision: tuple[str, str, dt.datetime] | None,
    done: dict[str, int],
    certified: bool,
    run: RunInfo | None,
) -> ClassState:
    """What happened to one class of one plan, in a word and a sentence (see the module docstring)."""
    counts = plan.classes[class_id]
    planned = {"destroy": counts.dispose, "archive": counts.archive, "minimise": counts.minimise, "held": counts.held}
    work = counts.dispose + counts.archive + counts.minimise
    cls = _rule(class_id, policy)
    did = ", ".join(f"{fmt.number(n)} {word}" for word, n in sorted(done.items()) if n) or "nothing done"
    failed_at = run.failed_task if run else None
    running = run is not None and run.state in ("running", "queued")
    verdict, by = (decision[0], decision[1]) if decision else (None, None)
    if certified:
        state, tone, words = "certified", "ok", f"{did}; certificate written (approved by {_approver(by)})"
    elif not work:
        state, tone = "nothing due", "muted"
        words = f"{fmt.number(counts.held)} held" if counts.held else ""
    elif verdict == "rejected":
        state, tone, words = "rejected", "muted", f"rejected by {_approver(by)}: nothing done"
    elif verdict is None:
        if run is not None and run.approval_since is not None:
            state, tone, words = "waiting", "warn", "waits for approval (Required actions)"
        elif running:
            state, tone, words = "in progress", "warn", "the run is still going"
        else:
            state, tone = "not decided", "muted"
            words = "no answer before the approval closed: nothing done; planned again the next night"
    elif failed_at:
        state, tone = "failed", "bad"
        words = f"approved, NOT certified: the run failed at {failed_at} ({did})"
    elif running:
        state, tone, words = "in progress", "warn", f"approved, being carried out ({did})"
    else:
        state, tone, words = "not certified", "bad", f"approved, NOT certified ({did})"
    return ClassState(
        class_id=class_id,
        name=class_name(class_id, policy),
        basis=[b.ref for b in cls.basis] if cls else [],
        term=str(cls.term) if cls is not None and getattr(cls, "term", None) else "",
        action=cls.action if cls else counts.action,
        approval=counts.approval,
        planned=planned,
        done=dict(done),
        decision=verdict,
        decided_by=by,
        state=state,
        words=words,
        tone=tone,
        certified=certified,
    )


def plan_views(
    engine: Engine, policy: RetentionPolicy, runs: list[RunInfo], *, limit: int = 30, now: dt.datetime | None = None
) -> list[PlanView]:
    """The newest plans (newest first) as they happened, each joined with its Airflow run when it has one."""
    register.ensure_tables(engine, APPROVALS, DISPOSE_JOURNAL, GATE_OUTCOMES)
    headers = list_plans(engine, limit=limit)
    ids = [h["plan_id"] for h in headers]
    journal, decisions, gates = _journal(engine, ids), _decisions(engine, ids), _gates(engine, ids)
    certified = certified_classes(engine)
    by_plan = {r.plan_id: r for r in runs if r.dag_id == RETENTION_DAG}
    views = []
    for header in headers:
        plan = load_plan(engine, header["plan_id"])
        run = by_plan.get(plan.plan_id)
        classes = [
            class_state(
                class_id,
                plan,
                policy,
                decision=decisions.get(plan.plan_id, {}).get(class_id),
                done=journal.get(plan.plan_id, {}).get(class_id, {}),
                certified=(plan.plan_id, class_id) in certified,
                run=run,
            )
            for class_id in sorted(plan.classes, key=lambda c: class_name(c, policy).lower())
        ]
        gate = gates.get(plan.plan_id)
        views.append(_plan_view(plan, run, gate, classes, now=now))
    return views


def _plan_view(
    plan: Plan, run: RunInfo | None, gate: tuple[bool, dt.datetime] | None, classes: list[ClassState], *, now
) -> PlanView:
    states = {c.state for c in classes}
    certificates = sum(1 for c in classes if c.certified)
    failed_at = run.failed_task if run else None
    next_step = None
    if failed_at or (run is not None and run.state == "failed"):
        where = failed_at or "an unknown task"
        state, tone = "failed", "bad"
        words = f"failed at {where}: {certificates} certificate(s) written"
        next_step = NEXT_STEP.get(where, GENERIC_NEXT_STEP)
    elif run is not None and run.approval_since is not None:
        deadline = run.approval_since + APPROVAL_TIMEOUT
        state, tone = "waiting", "warn"
        words = f"waits for approval until {fmt.datetime(deadline)}"
    elif run is not None and run.state in ("running", "queued"):
        state, tone, words = "running", "warn", "running"
    elif "not certified" in states or "failed" in states:
        state, tone = "not certified", "bad"
        words = "approved classes were not certified"
        next_step = (
            "Run `python -m transforms retention validate` and `certify` for this plan, or clear the run's "
            "validate task in Airflow; a plan made on the command line needs its own certify."
        )
    elif certificates:
        state, tone = "certified", "ok"
        undecided = sum(1 for c in classes if c.state in ("not decided", "rejected"))
        words = f"carried out: {certificates} certificate(s) written" + (
            f"; {undecided} class(es) not approved, nothing done there" if undecided else ""
        )
    else:
        state, tone, words = "nothing carried out", "muted", "nothing was carried out"
    return PlanView(
        plan_id=plan.plan_id,
        as_of=plan.as_of,
        created_at=plan.created_at,
        register_status=plan.status,
        run=run,
        gate=None if gate is None else ("passed" if gate[0] else "failed"),
        gate_checked_at=None if gate is None else gate[1],
        classes=classes,
        state=state,
        words=words,
        tone=tone,
        next_step=next_step,
    )
