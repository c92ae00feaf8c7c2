"""Restriction (art. 18), objection (art. 21), consent withdrawal (art. 7(3)) and rectification (art. 16) through
the same flow as erasure: **plan -> the officer's approval -> act -> verify -> letter** (the DAG
``dcn_request_changes`` runs it per request; every step also runs without Airflow).

- :func:`plan_change` reads the request's types from the register and plans each step it asks:
  ``restriction`` (the subjects to hold, per practice system), ``preferences`` (objection / withdrawal: the
  purposes and the patients per practice system to write the preference back to) and ``rectification`` (the
  change set the officer proposed with ``python -m transforms requests rectify``: columns and counts). The plan
  is stored in ``request_change`` and holds counts, sources, purposes and column names, never a value, so it may
  go to XCom and the approval text; the before/after values are shown to the officer on the privacy console's
  page of the change set (the approval text links to it by request id) and on the worker
  (``python -m transforms requests changes REQ-...``).
- :func:`decide` records the officer's answer (the first decision counts; no answer decides nothing).
- :func:`execute_change` carries out an approved plan through ``restriction``, ``consent`` and ``rectification``
  (each idempotent, so a re-run after a crash does nothing twice); :func:`verify_change` re-reads what was done
  (holds in force, the practice systems showing the preference, the change set applied);
  :func:`answer` writes the Dutch letter and marks the request answered.

A request that asks erasure or WGBO destruction is the erasure's (``transforms.requests.erasure``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from transforms import register
from transforms.audit import chain
from transforms.kernel.timeutil import utc_naive
from transforms.register.schema import REQUEST_CHANGES
from transforms.requests import consent, rectification, restriction, store
from transforms.requests.config import load_requests_config
from transforms.requests.context import StepContext
from transforms.requests.erasure import ERASURE_TYPES
from transforms.requests.locate import locate_request

PREFERENCE_TYPES = tuple(consent.KINDS)
STEPS = ("restriction", "preferences", "rectification")
DECIDABLE = ("asked", "planned")

PURPOSES_NL = {
    "herinnering_sms": "herinneringen per sms",
    "herinnering_email": "herinneringen per e-mail",
    "onderzoek": "gebruik van uw gegevens voor onderzoek (vanaf het volgende onderzoeksbestand)",
    "nieuwsbrief": "de nieuwsbrief",
}


class ChangeError(RuntimeError):
    """A request cannot be planned or carried out as asked (ids, steps and counts; never a value)."""


def kind_of(types: tuple[str, ...] | list[str]) -> str:
    """``erasure`` for a request the erasure handles, else ``change``; a request that changes nothing is refused."""
    if set(types) & set(ERASURE_TYPES):
        return "erasure"
    if steps_of(types):
        return "change"
    raise ChangeError(f"types {', '.join(types)}: nothing that changes data")


def steps_of(types: tuple[str, ...] | list[str]) -> list[str]:
    """The steps a request's types ask, in the order they are carried out."""
    wanted = {
        "restriction": "restriction" in types,
        "preferences": bool(set(types) & set(PREFERENCE_TYPES)),
        "rectification": "rectification" in types,
    }
    return [s for s in STEPS if wanted[s]]


def _row(engine: Engine, request_id: str):
    register.ensure_tables(engine, REQUEST_CHANGES)
    with engine.connect() as conn:
        return conn.execute(select(REQUEST_CHANGES).where(REQUEST_CHANGES.c.request_id == request_id)).first()


def _upsert(engine: Engine, request_id: str, values: dict) -> None:
    with engine.begin() as conn:
        have = conn.execute(
            select(REQUEST_CHANGES.c.request_id).where(REQUEST_CHANGES.c.request_id == request_id)
        ).first()
        if have is None:
            conn.execute(insert(REQUEST_CHANGES).values(request_id=request_id, **values))
        else:
            conn.execute(update(REQUEST_CHANGES).where(REQUEST_CHANGES.c.request_id == request_id).values(values))


def set_purposes(engine: Engine, request_id: str, purposes: list[str], *, set_by: str, now: dt.datetime) -> list[str]:
    """Record the purposes an objection / withdrawal is about (before the plan; a new plan is needed after)."""
    unknown = sorted(set(purposes) - set(consent.PURPOSES))
    if unknown or not purposes:
        raise ChangeError(f"purposes: expected some of {', '.join(consent.PURPOSES)}")
    record = store.get_request(engine, request_id)
    if not set(record.types) & set(PREFERENCE_TYPES):
        raise ChangeError(f"request {request_id} asks no objection or consent withdrawal")
    row = _row(engine, request_id)
    if row is not None and row.status not in DECIDABLE:
        raise ChangeError(f"request {request_id}: its plan was decided already ({row.status})")
    chosen = sorted(set(purposes))
    kind = "+".join(steps_of(record.types))
    _upsert(engine, request_id, {"kind": kind, "purposes": ",".join(chosen), "status": "asked", "summary": None})
    chain.append(
        engine,
        "request.purposes_recorded",
        {"request_id": request_id, "purposes": chosen, "by": set_by},
        recorded_at=now,
    )
    return chosen


def purposes_of(engine: Engine, request_id: str) -> list[str]:
    """The purposes recorded for the request, else the default of ``config/requests.yml``."""
    row = _row(engine, request_id)
    if row is not None and row.purposes:
        return row.purposes.split(",")
    return list(load_requests_config().preference_purposes)


def plan_change(ctx: StepContext, request_id: str) -> dict:
    """Plan every step the request asks (see the module docstring) and store it; returns the plan (counts). A plan
    already decided is returned as stored (a re-run plans nothing new)."""
    engine, now = ctx.engine, ctx.now
    record = store.get_request(engine, request_id)
    steps = steps_of(record.types)
    if not steps:
        raise ChangeError(f"request {request_id} asks no restriction, objection, withdrawal or rectification")
    row = _row(engine, request_id)
    if row is not None and row.status not in DECIDABLE:
        return json.loads(row.summary)
    summary: dict = {"request_id": request_id, "steps": steps}
    if {"restriction", "preferences"} & set(steps):
        result = locate_request(ctx, request_id, asks=("restriction", *PREFERENCE_TYPES), error=ChangeError)
        subjects = Counter(
            m.subject.source_system for m in result.matches if m.subject.entity in restriction.SUBJECT_KINDS
        )
        patients = Counter(m.subject.source_system for m in result.matches if m.subject.entity == "patient")
        if "restriction" in steps:
            summary["restriction"] = {"subjects": dict(sorted(subjects.items()))}
        if "preferences" in steps:
            kinds = [t for t in record.types if t in PREFERENCE_TYPES]
            summary["preferences"] = {
                "kind": kinds[0],
                "purposes": purposes_of(engine, request_id),
                "patients": dict(sorted(patients.items())),
            }
    else:
        refused = store.refusals(record)
        if refused:
            raise ChangeError(refused[0])
    if "rectification" in steps:
        changes = rectification.summary(engine, request_id)
        if not changes["changes"]:
            raise ChangeError(
                f"request {request_id}: no change set; propose it first "
                f"(python -m transforms requests rectify {request_id} --set ENTITY.COLUMN=VALUE ...)"
            )
        summary["rectification"] = {"changes": changes["changes"], "counts": changes["counts"]}
    _upsert(
        engine,
        request_id,
        {"kind": "+".join(steps), "status": "planned", "summary": json.dumps(summary), "planned_at": utc_naive(now)},
    )
    chain.append(engine, "request.change_planned", summary, recorded_at=now)
    return summary


def approval_text(summary: dict, review_link: str | None = None) -> str:
    """What the officer sees before deciding (Markdown): per step the sources and counts, the purposes, the
    columns of the change set. The values never come here (Airflow shows this text to every reader of the DAG):
    ``review_link`` is the address of the privacy console's page of the change set (the request id is all it
    carries), where only the officer's role reads before and after; the worker's CLI shows them too."""
    request_id = summary["request_id"]
    lines = [f"Request `{request_id}`: " + ", ".join(summary["steps"]) + ".", ""]
    if "restriction" in summary:
        held = summary["restriction"]["subjects"]
        lines.append(
            "**Restriction** (art. 18): a person hold in "
            + (", ".join(f"{s} ({n})" for s, n in held.items()) or "no practice system (nobody found)")
            + "; only storage while it lasts: no research, reminders or exports."
        )
    if "preferences" in summary:
        p = summary["preferences"]
        lines.append(
            f"**{p['kind'].replace('_', ' ').capitalize()}**: preference *not granted* for "
            + ", ".join(f"`{x}`" for x in p["purposes"])
            + ", written back to "
            + (", ".join(f"{s} ({n} patient(s))" for s, n in p["patients"].items()) or "no practice system")
            + "."
        )
    if "rectification" in summary:
        r = summary["rectification"]
        lines += [
            f"**Rectification** (art. 16): {r['changes']} change(s).",
            "",
            "| source.entity.column | kind | status | count |",
            "|---|---|---|---|",
        ]
        for key, n in r["counts"].items():
            column, kind, status = key.split(":")
            lines.append(f"| {column} | {kind} | {status} | {n} |")
        console = (
            f"[the change set on the privacy console]({review_link}) (privacy officer only), or " if review_link else ""
        )
        lines += [
            "",
            f"Before and after: {console}`python -m transforms requests changes {request_id}` (on the worker).",
        ]
    lines += ["", "Approve to carry it out; Reject (or no answer) changes nothing."]
    return "\n".join(lines)


def decide(engine: Engine, request_id: str, *, approve: bool, decided_by: str, now: dt.datetime) -> str:
    """Record the officer's decision on a planned change (the first decision counts); the new status."""
    row = _row(engine, request_id)
    if row is None or row.status == "asked":
        raise ChangeError(f"request {request_id} has no plan")
    if row.status != "planned":
        return row.status
    status = "approved" if approve else "rejected"
    if "rectification" in json.loads(row.summary):
        rectification.decide(engine, request_id, approve=approve, decided_by=decided_by, now=now)
    with chain.write_transaction(engine) as conn:
        conn.execute(
            update(REQUEST_CHANGES)
            .where(REQUEST_CHANGES.c.request_id == request_id)
            .values(status=status, decided_by=decided_by, decided_at=utc_naive(now))
        )
        chain.append_in(
            conn, f"request.change_{status}", {"request_id": request_id, "decided_by": decided_by}, recorded_at=now
        )
    return status


def _approved(engine: Engine, request_id: str, *allowed: str):
    row = _row(engine, request_id)
    if row is None or row.status not in allowed:
        raise ChangeError(f"request {request_id}: the change is {row.status if row else 'not planned'}")
    return row, json.loads(row.summary)


def execute_change(ctx: StepContext, request_id: str) -> dict:
    """Carry out an approved plan, step by step (each step idempotent); returns counts per step."""
    row, plan = _approved(ctx.engine, request_id, "approved", "executed")
    report: dict = {"request_id": request_id}
    if "restriction" in plan:
        done = restriction.restrict(ctx, request_id, placed_by=row.decided_by)
        report["restriction"] = {"placed": done["placed"], "active": done["active"]}
    if "preferences" in plan:
        done = consent.record_preferences(ctx, request_id, purposes=plan["preferences"]["purposes"])
        report["preferences"] = {"entries": done["entries"], "written_now": done["written_now"]}
    if "rectification" in plan:
        done = rectification.apply(ctx, request_id)
        report["rectification"] = {"applied": done["applied"], "conflicts": done["conflicts"]}
    store.mark(ctx.engine, REQUEST_CHANGES, request_id, "executed", "executed_at", ctx.now)
    return report


def verify_change(ctx: StepContext, request_id: str) -> dict:
    """Re-read what the change did: the holds in force, the practice systems showing the preference, the change
    set applied. ``ok`` false lists the problems (ids, sources, purposes and statuses)."""
    engine, now = ctx.engine, ctx.now
    _, plan = _approved(engine, request_id, "executed", "verified")
    problems: list[str] = []
    if "restriction" in plan:
        wanted = sum(plan["restriction"]["subjects"].values())
        active = len(restriction.holds_of(engine, request_id))
        if active < wanted:
            problems.append(f"restriction: {active} of {wanted} hold(s) in force")
    if "preferences" in plan:
        shown = consent.verify_preferences(engine, source_urls=ctx.sources, now=now, request_id=request_id)
        problems += [f"preference not shown: {p['source']} {p['purpose']}" for p in shown["problems"]]
    if "rectification" in plan:
        counts = rectification.summary(engine, request_id)["counts"]
        problems += [f"rectification: {k} ({n})" for k, n in counts.items() if not k.endswith(":applied")]
        missing = rectification.not_shown(ctx, request_id)
        problems += [f"rectification not shown: {place}" for place in missing]
    ok = not problems
    if ok:
        store.mark(engine, REQUEST_CHANGES, request_id, "verified", "verified_at", now)
    report = {"request_id": request_id, "ok": ok, "problems": problems}
    chain.append(engine, "request.change_verified", report, recorded_at=now)
    return report


def letter_lines(plan: dict, counts: Mapping[str, int] | None = None) -> tuple[list[str], list[str]]:
    """(done, not done): Dutch sentences per step with counts, never a value."""
    from transforms.requests.package import LABELS

    done: list[str] = []
    not_done: list[str] = []
    if "restriction" in plan:
        n = sum(plan["restriction"]["subjects"].values())
        done.append(
            f"De verwerking van uw gegevens is beperkt ({n} registratie(s)): wij bewaren ze alleen en gebruiken ze "
            "niet voor onderzoek, herinneringen of verstrekking aan anderen. Voordat wij de beperking opheffen, "
            "laten wij u dat weten."
        )
    if "preferences" in plan:
        p = plan["preferences"]
        what = "Uw bezwaar" if p["kind"] == "objection" else "De intrekking van uw toestemming"
        done.append(
            f"{what} is vastgelegd en doorgevoerd in {len(p['patients'])} praktijksyste(e)m(en) voor: "
            + "; ".join(PURPOSES_NL[x] for x in p["purposes"])
        )
    for key, n in (counts or {}).items():
        column, kind, status = key.split(":")
        entity, name = column.split(".")[1:]
        label = LABELS.get(entity, entity)
        if kind == "patient_statement":
            line = f"Uw eigen verklaring is aan uw tandheelkundig dossier toegevoegd ({n})"
        else:
            line = f"{label}: gegeven '{name}' gecorrigeerd ({n})"
        if status == "applied":
            done.append(line)
        else:
            not_done.append(f"{line}: niet doorgevoerd ({status}); wij nemen hierover contact met u op")
    return done, not_done


def answer(ctx: StepContext, request_id: str) -> Path:
    """Write the letter of a verified change and mark the request answered; returns the letter's path."""
    from transforms.requests.letters import write_outcome_letter

    _, plan = _approved(ctx.engine, request_id, "verified")
    counts = rectification.summary(ctx.engine, request_id)["counts"] if "rectification" in plan else None
    done, not_done = letter_lines(plan, counts)
    record = store.get_request(ctx.engine, request_id)
    path = write_outcome_letter(
        record, answer="change", letter_date=ctx.day, done=done, not_done=not_done, data_root=ctx.data_root
    )
    if record.status not in store.FINAL_STATUSES:
        outcome = "partially_provided" if not_done else "provided"
        store.set_status(ctx.engine, request_id, "answered", now=ctx.now, outcome=outcome, closed_on=ctx.day)
    return path
