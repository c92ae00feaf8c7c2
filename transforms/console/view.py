"""Everything the console shows, in one value: ``build_console`` reads the register, the stages' reports and
the Airflow runs the plugin passes in, and derives the alerts (failures and uncertified plans first, each with
a next step), the nights, retention per class, expiries, approvals, holds, research, requests and quality."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from transforms.console import fmt, sections
from transforms.console.retention import RETENTION_DAG, PlanView, RunInfo, plan_views
from transforms.retention.lease import APPROVAL_TIMEOUT

PIPELINE_DAGS = ("dcn_extract", "dcn_anonymise_text", "dcn_research", "dcn_retention")
DAG_WORDS = {
    "dcn_extract": "Extraction and source gate",
    "dcn_anonymise_text": "Free text anonymised",
    "dcn_research": "Research datasets",
    "dcn_retention": "Retention",
    "dcn_subject_requests": "Subject requests",
}


@dataclass(frozen=True)
class Alert:
    """Something the officer must act on: what happened, and what to do next (no personal data)."""

    title: str
    detail: str
    next_step: str
    link: str | None = None  # relative to the console's root
    link_text: str | None = None


@dataclass(frozen=True)
class Waiting:
    """A retention approval waiting in Airflow's Required actions."""

    run_id: str
    plan_id: str
    since: dt.datetime
    deadline: dt.datetime
    age: str
    left: str
    classes: list[str]  # class names that wait
    records: int


@dataclass(frozen=True)
class Night:
    """One night (Amsterdam date): each pipeline DAG's run state, and the retention plan's outcome."""

    day: dt.date
    states: dict[str, str]  # dag_id -> state of its newest run that night
    plan: PlanView | None


@dataclass
class Console:
    now: dt.datetime
    alerts: list[Alert]
    nights: list[Night]
    plans: list[PlanView]
    waiting: list[Waiting]
    holds: list[sections.HoldRow]
    expiries: list[sections.Expiry] | None
    expiries_note: str | None
    releases: list[sections.ReleaseRow]
    unreleased: list[str]
    requests: list[sections.RequestRow]
    quality: sections.Quality
    audit_intact: bool | None
    audit_entries: int
    extra: dict = field(default_factory=dict)

    @property
    def latest_plan(self) -> PlanView | None:
        return self.plans[0] if self.plans else None


def build_console(
    runs: list[RunInfo],
    *,
    now: dt.datetime,
    register_url: str | None = None,
    data_root: Path | None = None,
    show_keys: bool = False,
    with_expiries: bool = True,
) -> Console:
    """The console's content as of ``now`` (aware). ``runs``: the pipeline DAGs' recent runs (newest first)."""
    from transforms import register
    from transforms.audit import chain
    from transforms.retention.policy import load_policy

    policy = load_policy()
    today = fmt.local(now).date()
    engine = register.register_engine(register_url)
    try:
        plans = plan_views(engine, policy, runs, now=now)
        holds = sections.holds(engine, policy, show_keys=show_keys)
        requests = sections.requests(engine, today)
        try:
            verification = chain.verify(engine)
            audit_intact, audit_entries = verification.ok, verification.entries
        except Exception:  # noqa: BLE001 - no key on this server: say so, do not fail the page
            audit_intact, audit_entries = None, 0
        expiries, note = None, None
        if with_expiries:
            try:
                expiries = sections.expiries_cached(engine, policy, today, data_root=data_root)
            except Exception as exc:  # noqa: BLE001 - e.g. no hash key on the web server; the rest still shows
                note = f"upcoming expiries could not be computed here ({type(exc).__name__})"
    finally:
        engine.dispose()
    quality = sections.quality(data_root)
    releases, unreleased = sections.research(data_root)
    waiting = _waiting(plans, now)
    console = Console(
        now=now,
        alerts=[],
        nights=_nights(runs, plans),
        plans=plans,
        waiting=waiting,
        holds=holds,
        expiries=expiries,
        expiries_note=note,
        releases=releases,
        unreleased=unreleased,
        requests=requests,
        quality=quality,
        audit_intact=audit_intact,
        audit_entries=audit_entries,
    )
    console.alerts = alerts(console, runs)
    return console


def _waiting(plans: list[PlanView], now: dt.datetime) -> list[Waiting]:
    out = []
    for plan in plans:
        if plan.run is None or plan.run.approval_since is None:
            continue
        since = plan.run.approval_since
        waiting = [c for c in plan.classes if c.state == "waiting"]
        out.append(
            Waiting(
                run_id=plan.run.run_id,
                plan_id=plan.plan_id,
                since=since,
                deadline=since + APPROVAL_TIMEOUT,
                age=fmt.duration(now - since),
                left=fmt.duration(since + APPROVAL_TIMEOUT - now),
                classes=[c.name for c in waiting],
                records=sum(c.planned["destroy"] + c.planned["archive"] + c.planned["minimise"] for c in waiting),
            )
        )
    return out


def _nights(runs: list[RunInfo], plans: list[PlanView]) -> list[Night]:
    """The last 30 nights with a run, newest first."""
    days: dict[dt.date, dict[str, str]] = {}
    plan_of: dict[dt.date, PlanView] = {}
    for run in sorted(runs, key=lambda r: r.day_of or dt.datetime.min.replace(tzinfo=dt.timezone.utc)):
        if run.day_of is None or run.dag_id not in PIPELINE_DAGS:
            continue
        day = fmt.local(run.day_of).date()
        days.setdefault(day, {})[run.dag_id] = run.state
    for plan in plans:
        day = fmt.local(plan.run.day_of).date() if plan.run and plan.run.day_of else fmt.local(plan.created_at).date()
        plan_of.setdefault(day, plan)
        days.setdefault(day, {})
    return [Night(day, days[day], plan_of.get(day)) for day in sorted(days, reverse=True)[:30]]


def alerts(console: Console, runs: list[RunInfo]) -> list[Alert]:
    """Failures and uncertified plans first, then what is close to a deadline; each with a next step."""
    out: list[Alert] = []
    for plan in console.plans:
        if plan.state in ("failed", "not certified"):
            approved = [c for c in plan.classes if c.decision == "approved" and not c.certified]
            records = sum(sum(c.done.values()) for c in approved)
            when = fmt.datetime(plan.run.start) if plan.run and plan.run.start else fmt.date(plan.as_of)
            link = f"../dags/{RETENTION_DAG}/runs/{plan.run.run_id}" if plan.run else None
            out.append(
                Alert(
                    title=f"Retention of {when} {plan.words}",
                    detail=f"{len(approved)} approved class(es) without a certificate"
                    + (f"; {fmt.number(records)} records were already changed" if records else "")
                    + (f"; the retention gate {plan.gate}" if plan.gate else "; the retention gate did not run"),
                    next_step=plan.next_step or "",
                    link=link,
                    link_text="open the run in Airflow" if link else None,
                )
            )
    latest: dict[str, RunInfo] = {}
    for run in runs:
        if run.dag_id != RETENTION_DAG and run.dag_id not in latest and run.start is not None:
            latest[run.dag_id] = run
    for dag_id, run in sorted(latest.items()):
        if run.state == "failed":
            task = run.failed_task
            out.append(
                Alert(
                    title=f"{DAG_WORDS.get(dag_id, dag_id)} failed on {fmt.datetime(run.start)}"
                    + (f" at {task}" if task else ""),
                    detail="Nothing downstream used this run's output.",
                    next_step="Ask the data engineer to read the failed task's log, fix the cause and clear the task.",
                    link=f"../dags/{dag_id}/runs/{run.run_id}",
                    link_text="open the run in Airflow",
                )
            )
    if console.audit_intact is False:
        out.append(
            Alert(
                title="The audit chain is broken",
                detail="An entry of the retention evidence was changed or removed.",
                next_step="Run `python -m transforms audit verify` and escalate to the security officer.",
            )
        )
    for release in console.releases:
        if release.above_threshold:
            out.append(
                Alert(
                    title=f"Research release {release.dataset} ({release.table}) is above its risk threshold",
                    detail=f"highest risk {fmt.ratio(release.highest_risk)} against the policy's "
                    f"{fmt.ratio(release.threshold)}",
                    next_step="Withdraw the release from analysts and rebuild it with a larger k or coarser "
                    "generalisation; the release gate should have refused it: report it to the data engineer.",
                )
            )
    overdue = [r for r in console.requests if r.days_left < 0]
    if overdue:
        out.append(
            Alert(
                title=f"{len(overdue)} subject request(s) overdue",
                detail=", ".join(f"{r.request_id} (due {fmt.date(r.due_on)})" for r in overdue[:5]),
                next_step="Answer them now, or send the extension notice if the law still allows it.",
            )
        )
    for waiting in console.waiting:
        if waiting.deadline - console.now < dt.timedelta(hours=4):
            out.append(
                Alert(
                    title=f"Approval times out at {fmt.datetime(waiting.deadline)}",
                    detail=f"{', '.join(waiting.classes)}: {fmt.number(waiting.records)} records wait",
                    next_step="Approve or reject in Required actions; no answer approves nothing.",
                    link="../required_actions?response_received=false",
                    link_text="Required actions",
                )
            )
    return out
