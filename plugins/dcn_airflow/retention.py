"""Retention DAG tasks: the Airflow side (Connections, run context, the approval answer) around
``transforms.retention``. Each function is one task; every return value holds counts and class names only.

Secrets: ``DCN_RETENTION_HASH_KEY`` (HMAC key for hashed ids) and ``DCN_ARCHIVE_MASTER_KEY`` (AES key that
wraps the per-subject archive keys) are read from the task's environment, which a secrets backend fills.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from airflow.providers.common.compat.sdk import AirflowFailException

from dcn_airflow.approval import chosen_classes, class_title
from dcn_airflow.tasks import run_upper_bound, source_connections


def _now() -> dt.datetime:
    """When an action happens (for the audit trail); never used to decide what expires."""
    from transforms.kernel.timeutil import utc_now

    return utc_now()


def _engine():
    from transforms import register

    return register.register_engine()


PLAN_ID_LENGTH = 64  # the register's plan_id columns (transforms/register/schema.py)


def plan_id_of(context: dict) -> str:
    """The plan id of a DAG run (one plan per run, so a retried task finds its own plan).

    An asset-triggered run's id (``asset_triggered__<timestamp>_<random>``) is longer than the register's
    plan_id column: PostgreSQL refuses it (SQLite ignores lengths), so a long id keeps its start and ends in a
    hash of the whole, still the same for every task of the run."""
    import hashlib

    plan_id = f"retention__{context['run_id']}"
    if len(plan_id) <= PLAN_ID_LENGTH:
        return plan_id
    digest = hashlib.sha256(plan_id.encode()).hexdigest()[:16]
    return f"{plan_id[: PLAN_ID_LENGTH - 17]}_{digest}"


def acquire(context: dict) -> str:
    """Take the retention lease for this run (one retention run at a time); returns the holder. It lives
    ``lease.LEASE_TTL``, longer than the approval gate may wait, and every later task renews it (``renew``)."""
    from transforms.retention import approval

    holder = plan_id_of(context)
    approval.acquire_lock(_engine(), holder=holder, now=_now())
    return holder


def renew(context: dict) -> None:
    """First thing in every task after the lock: extend this run's lease, so it lives as long as the run does.
    Raises (the task fails, the run stops) when another run took the lease over after it expired: carrying on
    would run two retention runs at once."""
    from transforms.retention import approval

    approval.renew_lease(_engine(), holder=plan_id_of(context), now=_now())


def release(context: dict) -> bool:
    """Release this run's retention lock; True when it held it."""
    from transforms.retention import approval

    return approval.release_lock(_engine(), holder=plan_id_of(context))


def tombstones(context: dict) -> dict:
    """Before planning: dispose again of records destroyed earlier that are back in a practice system (a
    restored backup, a regenerated demo database), so they are not planned and approved again and verify finds
    nothing left; the count goes on this run's certificates. Counts per source, entity and action."""
    from transforms.retention import verify as verify_module

    urls, _ = source_connections()
    return verify_module.reapply_tombstones(_engine(), source_urls=urls, now=_now(), plan_id=plan_id_of(context))


def make_plan(context: dict) -> dict:
    """Plan as of the run's date (or the ``as_of`` param), then auto-approve the routine classes; add what the
    approval form shows (its options, subject and body: class names and counts, no personal data)."""
    from transforms.retention import approval, plan

    summary = plan.make_plan(run_upper_bound(context), plan_id=plan_id_of(context))
    summary["auto_approved"] = approval.auto_approve(_engine(), summary["plan_id"], decided_at=_now())
    summary["approval_options"] = {class_title(c): c for c in summary["needs_approval"]}
    summary["approval_subject"] = approval_subject(summary)
    summary["approval_text"] = approval_text(summary)
    return summary


def _records(counts: dict) -> int:
    """Records a class's plan acts on (held records are kept, so not counted)."""
    return counts["dispose"] + counts["archive"] + counts["minimise"]


def _day(iso_date: str) -> str:
    day = dt.date.fromisoformat(iso_date[:10])
    return f"{day.day} {day:%b %Y}"


def approval_subject(summary: dict) -> str:
    """The form's headline: ``Retention 3 Dec 2026: 9 classes, 11,934 records to approve``."""
    waiting = summary["needs_approval"]
    records = sum(_records(summary["classes"][c]) for c in waiting)
    classes = f"{len(waiting)} class{'' if len(waiting) == 1 else 'es'}"
    return f"Retention {_day(summary['as_of'])}: {classes}, {records:,} record{'' if records == 1 else 's'} to approve"


def approval_text(summary: dict) -> str:
    """What the approver sees: per class awaiting approval, the counts (Markdown, no personal data); then the
    routine classes the policy approved itself."""

    def row(class_id: str) -> str:
        counts = summary["classes"][class_id]
        figures = " | ".join(f"{counts[k]:,}" for k in ("dispose", "archive", "minimise", "held"))
        return f"| {class_title(class_id)} | {figures} |"

    header = ["| class | destroy | archive | minimise | held (kept) |", "|---|--:|--:|--:|--:|"]
    lines = [
        f"Retention plan as of **{_day(summary['as_of'])}** (policy {summary['policy_version'][:12]}). "
        "Select the classes to carry out; a class not selected keeps every record until a later plan.",
        "",
        *header,
        *(row(c) for c in summary["needs_approval"]),
    ]
    if not summary["needs_approval"]:
        lines.append("| (nothing awaits approval) | | | | |")
    routine = [c for c in summary.get("auto_approved", []) if _records(summary["classes"][c])]
    if routine:
        lines += ["", "Carried out without a decision (routine classes, approved by the policy):", "", *header]
        lines += [row(c) for c in routine]
    return "\n".join(lines)


def record_decision(context: dict, plan_summary: dict, answer: dict | None) -> dict:
    """Turn the approval form's answer into decisions per class: the classes chosen are approved, the others
    rejected by the same person. No answer (the gate timed out or failed): nothing is approved and the classes
    are recorded as unanswered, so they read "no answer in time" rather than "awaits approval" forever."""
    from transforms.retention import approval

    required = plan_summary["needs_approval"]
    if not required:
        return {"approved": [], "rejected": [], "unanswered": [], "approver": None}
    if not answer or not answer.get("responded_by_user"):
        approval.decide(
            _engine(), plan_summary["plan_id"], decided_by=approval.NOBODY, decided_at=_now(), unanswered=required
        )
        return {"approved": [], "rejected": [], "unanswered": required, "approver": None}
    user = answer["responded_by_user"]
    approver = (user.get("name") or user.get("id")) if isinstance(user, dict) else str(user)
    approve = chosen_classes(plan_summary["approval_options"], answer.get("chosen_options") or [])
    reject = [c for c in required if c not in approve]
    approval.decide(
        _engine(),
        plan_summary["plan_id"],
        decided_by=approver or "unknown",
        decided_at=_now(),
        approve=approve,
        reject=reject,
    )
    return {"approved": approve, "rejected": reject, "unanswered": [], "approver": approver}


class ApprovalUnanswered(AirflowFailException):  # no retry: a retry cannot answer it
    """The approval closed without an answer: the run must not read as a success (class names only)."""


def approval_outcome(decision: dict) -> dict:
    """The run's last word on the approval, after everything else ran: an unanswered approval fails this task,
    and so the run (the routine classes were carried out and certified before it; the others were not touched
    and are planned again the next night). Raises ``ApprovalUnanswered`` (no retry); returns the counts."""
    unanswered = decision.get("unanswered") or []
    if unanswered:
        names = ", ".join(class_title(c) for c in sorted(unanswered))
        raise ApprovalUnanswered(
            f"nobody answered the approval before it closed: {len(unanswered)} class(es) not decided, nothing "
            f"done there ({names}); the classes approved by the policy were carried out"
        )
    return {key: len(decision.get(key) or []) for key in ("approved", "rejected", "unanswered")}


def archive(context: dict) -> dict:
    """Archive the approved archive-stage records; counts per class."""
    from transforms.retention import archive as archive_module

    _, media = source_connections()
    results = archive_module.archive_plan(plan_id_of(context), now=_now(), media_roots=media)
    return {
        class_id: {
            "archived": sum(b["archived"] for b in batches),
            "already_archived": sum(b["already_archived"] for b in batches),
            "files": sum(b["files"] for b in batches),
            "no_media_root": sum(b["skipped_no_media"] for b in batches),
        }
        for class_id, batches in results.items()
    }


def dispose(context: dict) -> dict:
    """Carry out the approved plan in the practice systems; results per class (counts, no ids)."""
    from transforms.retention import dispose as dispose_module

    urls, media = source_connections()
    return dispose_module.dispose_plan(plan_id_of(context), source_urls=urls, media_roots=media, now=_now())


def verify(context: dict) -> dict:
    """Live re-query and archive read-back; fails the task unless both are clean."""
    from transforms.retention import archive as archive_module
    from transforms.retention import verify as verify_module

    urls, _ = source_connections()
    live = verify_module.verify_disposed(_engine(), source_urls=urls)
    if not live.get("ok"):
        raise RuntimeError(f"retention verify: records still present after disposal: {live.get('problems')}")
    return {"live": live, "archives": archive_module.verify_archives()}


def validate(context: dict) -> dict:
    """Retention quality gate on a live re-query (before the staging purge: terms come from the staged values).
    A failed gate raises, so certify does not run and no certificate is written."""
    from transforms.retention import gate

    urls, _ = source_connections()
    return gate.validate_plan(_engine(), plan_id_of(context), source_urls=urls)


def purge_staging(context: dict) -> dict:
    """Mirror the run's disposal in the pipeline's own copies (staging, anonymised text); counts per class."""
    from transforms.retention import purge

    urls, _ = source_connections()
    return purge.purge_plan(_engine(), plan_id_of(context), source_urls=urls, now=_now())


def certify(context: dict, decision: dict) -> dict:
    """A certificate of destruction per approved class, written beside the data; the audit chain checked.
    The approver named is the one who answered the approval gate (classes it did not approve: the policy)."""
    from transforms.retention import certificates

    approvers = {class_id: decision.get("approver") for class_id in decision.get("approved", [])}
    return certificates.certify_plan(_engine(), plan_id_of(context), approvers=approvers, now=_now())


def expire_archives(context: dict) -> dict:
    """Destroy the archive keys whose records' term ended as of the run's date; records per class."""
    from transforms.retention import archive as archive_module

    return archive_module.expire_archives(_engine(), run_upper_bound(context), now=_now())


def answer_of(ti: Any) -> dict | None:
    """The approval task's answer from XCom (None when it never answered, e.g. timed out or skipped)."""
    return ti.xcom_pull(task_ids="approve")


def expire_files(context: dict) -> dict:
    """Delete the pipeline's own files whose class term ended as of the run's date (subject-request
    packages: ``request_packages``), with an audit entry and a certificate per class (counts only)."""
    from transforms.kernel.timeutil import as_of_date
    from transforms.retention.files import dispose_expired_files

    return dispose_expired_files(_engine(), as_of=as_of_date(run_upper_bound(context)), now=_now())
