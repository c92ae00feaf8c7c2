"""Certificates of destruction: what a plan actually did, per class, as audit evidence and as a text a
privacy officer reads.

``certify`` writes one ``retention.certificate`` audit entry per class and plan from the disposal journal (what
was done, not what was planned: counts per source, entity and action, the approver, the hashed ids) and
renders the certificate, which prints the audit entry's hash and the audit head it was written after (both
anchors ``audit verify`` checks). It refuses while intents are pending and is idempotent (a second call
returns the first certificate). ``certify_plan`` certifies every approved class of a plan once the retention
gate passed on its disposal, writes the texts to ``<data_root>/retention/certificates/<plan>/`` and checks the
audit chain: the DAG's ``certify`` task and ``python -m transforms retention certify PLAN`` both run it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from transforms import settings
from transforms.audit import chain
from transforms.register.schema import DISPOSE_JOURNAL
from transforms.retention import approval
from transforms.retention.disposal_map import DisposeError
from transforms.retention.plan import load_plan
from transforms.retention.policy import RetentionPolicy, load_policy


def certificate_folder(plan_id: str, data_root: Path | None = None) -> Path:
    """Where the human-readable certificates of a plan are written (one ``<class>.txt`` each)."""
    return Path(data_root or settings.data_root()) / "retention" / "certificates" / plan_id


def certified(engine: Engine) -> set[tuple[str, str]]:
    """(plan id, class id) of every certificate entry in the audit chain: what was certified, not intended."""
    return {
        (e.payload.get("plan_id"), e.payload.get("class")) for e in chain.entries(engine, kind="retention.certificate")
    }


def certify(
    engine: Engine,
    plan_id: str,
    class_id: str,
    *,
    approver: str | None,
    now: dt.datetime,
    policy: RetentionPolicy | None = None,
) -> dict:
    """Audit entry and human-readable certificate of destruction for one class of a plan (from the journal:
    what was actually done). Idempotent: a class of a plan is certified once; later calls return that entry.
    Returns ``{"entry": the audit entry (JSON-safe), "text": the certificate}``."""
    policy = policy or load_policy()
    plan = load_plan(engine, plan_id)
    for entry in chain.entries(engine, kind="retention.certificate"):
        if entry.payload["plan_id"] == plan_id and entry.payload["class"] == class_id:
            return {
                "entry": asdict(entry) | {"recorded_at": entry.recorded_at.isoformat()},
                "text": render_certificate(
                    entry.payload, entry.seq, entry.entry_hash, head=chain.anchor(engine)["line"]
                ),
            }
    journal = DISPOSE_JOURNAL
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                journal.c.entity, journal.c.source_system, journal.c.action, journal.c.status, journal.c.hashed_id
            ).where(journal.c.plan_id == plan_id, journal.c.class_id == class_id)
        ).all()
    if any(r.status == "pending" for r in rows):
        raise DisposeError(f"class {class_id} of plan {plan_id} has unfinished batches: re-run dispose first")
    counts: dict[str, dict[str, int]] = {}
    done_ids = []
    for r in rows:
        bucket = counts.setdefault(f"{r.source_system}.{r.entity}", {})
        bucket[f"{r.action}:{r.status}"] = bucket.get(f"{r.action}:{r.status}", 0) + 1
        if r.status == "done":
            done_ids.append(r.hashed_id)
    copy_rule = policy.copies.get(class_id)  # a copy class (research releases, quarantine): kind 8
    cls = copy_rule or policy.retention_class(class_id)
    payload = {
        "plan_id": plan_id,
        "class": class_id,
        "as_of": plan.as_of.isoformat(),
        "policy_version": plan.policy_version,
        "basis": [b.ref for b in cls.basis],
        "term": copy_rule.term_text() if copy_rule else str(cls.term),
        "action": cls.action,
        "approver": approver,
        "counts": counts,
        "done": len(done_ids),
        "hashed_ids": sorted(done_ids),
    }
    counted = plan.classes.get(class_id)
    if counted is not None:  # what the terms rest on and what could not be judged (counts only)
        for name in ("fallback", "stamps_corrected", "unjudged"):
            if getattr(counted, name):
                payload[name] = getattr(counted, name)
    purged = [
        e.payload for e in chain.entries(engine, kind="retention.staging_purge") if e.payload.get("plan_id") == plan_id
    ]
    if purged:  # the pipeline's own copies (staging, anonymised text) purged to match (transforms.retention.purge)
        payload["staging_purged"] = purged[0]["classes"].get(class_id, {})
    # files deleted with their records (camera clips, HR documents; X-rays and photos leave for the archive)
    payload["files_deleted"] = sum(
        e.payload["classes"].get(class_id, 0)
        for e in chain.entries(engine, kind="retention.files_deleted")
        if e.payload.get("plan_id") == plan_id
    )
    # records destroyed earlier that came back (a restore) and were disposed of again before this plan
    payload["tombstones_reapplied"] = sum(
        e.payload.get("classes", {}).get(class_id, 0)
        for e in chain.entries(engine, kind="retention.tombstones_reapplied")
        if e.payload.get("plan_id") == plan_id
    )
    if copy_rule is not None:  # folders and the rows they held, partitions trimmed (transforms.retention.copies)
        removed = [
            e.payload["classes"].get(class_id, {})
            for e in chain.entries(engine, kind="retention.copies_removed")
            if e.payload.get("plan_id") == plan_id
        ]
        payload["copies_removed"] = {
            "folders": sum(r.get("folders", 0) for r in removed),
            "rows": sum(r.get("rows", 0) for r in removed),
            "held": counted.held if counted is not None else 0,
        }
        trimmed = {name: sum(r.get(name, 0) for r in removed) for name in ("trimmed", "trimmed_rows", "kept_rows")}
        if trimmed["trimmed"]:
            payload["copies_trimmed"] = trimmed
    # archive copies whose minimised fields were emptied too (transforms.retention.archive)
    archive_minimised = sum(
        e.payload.get("rows", 0)
        for e in chain.entries(engine, kind="retention.archive_minimised")
        if e.payload.get("plan_id") == plan_id and e.payload.get("class") == class_id
    )
    if archive_minimised:
        payload["archive_minimised"] = archive_minimised
    # records that came back while a hold covers them: kept (the hold wins), counted so the certificate says so
    kept = sum(
        e.payload.get("kept_by_hold", {}).get(class_id, 0)
        for e in chain.entries(engine, kind="retention.tombstones_reapplied")
        if e.payload.get("plan_id") == plan_id
    )
    if kept:
        payload["tombstones_kept_by_hold"] = kept
    entry = chain.append(engine, "retention.certificate", payload, recorded_at=now)
    return {
        "entry": asdict(entry) | {"recorded_at": entry.recorded_at.isoformat()},
        "text": render_certificate(payload, entry.seq, entry.entry_hash, head=chain.anchor(engine)["line"]),
    }


def render_certificate(payload: dict, seq: int, entry_hash: str, *, head: str | None = None) -> str:
    """The certificate of destruction a privacy officer reads (no personal data: counts and a digest).

    ``head``: ``chain.anchor(engine)["line"]``, the audit head the certificate is written after. Kept outside
    the register, it lets ``audit verify`` (which checks every certificate's anchors) notice entries cut off
    after the certificate's own entry, which the entry line alone cannot show."""
    digest = hashlib.sha256("\n".join(payload["hashed_ids"]).encode("ascii")).hexdigest()
    lines = [
        "CERTIFICATE OF DESTRUCTION - Dental Clinics Nederland",
        f"Retention class : {payload['class']} ({payload['action']}, term {payload['term']})",
        f"Legal basis     : {'; '.join(payload['basis'])}",
        f"Counted to      : {payload['as_of']} (Europe/Amsterdam)",
        f"Plan            : {payload['plan_id']}",
        f"Policy version  : {payload['policy_version']}",
        f"Approved by     : {payload['approver'] or 'policy (routine class)'}",
        f"Records done    : {payload['done']}",
    ]
    for where, counts in sorted(payload["counts"].items()):
        lines.append(f"  {where:40} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if "files_deleted" in payload:
        lines.append(
            f"Files deleted   : {payload['files_deleted']} (from the practices' media roots; an archived "
            "record's file is in the archive, encrypted with it)"
        )
    if "copies_removed" in payload:
        removed = payload["copies_removed"]
        lines.append(
            f"Copies removed  : {removed['folders']} folder(s) holding {removed['rows']} row(s); "
            f"{removed['held']} kept by a hold"
        )
    if "copies_trimmed" in payload:
        trimmed = payload["copies_trimmed"]
        lines.append(
            f"Copies trimmed  : {trimmed['trimmed']} partition(s), {trimmed['trimmed_rows']} row(s) removed, "
            f"{trimmed['kept_rows']} row(s) kept by a hold (only the held rows stay until it is lifted)"
        )
    if "tombstones_reapplied" in payload:
        lines.append(
            f"Came back, gone : {payload['tombstones_reapplied']} (destroyed earlier, found again in a "
            "practice system, disposed of again before this plan)"
        )
    if payload.get("archive_minimised"):
        lines.append(f"Archive copies  : {payload['archive_minimised']} record(s) minimised in the archive too")
    if payload.get("tombstones_kept_by_hold"):
        lines.append(
            f"Came back, held : {payload['tombstones_kept_by_hold']} (destroyed earlier, found again in a "
            "practice system under a hold in force: kept while the hold lasts)"
        )
    if "staging_purged" in payload:
        purged = payload["staging_purged"]
        lines.append(
            "Pipeline copies : "
            + (", ".join(f"{k} {v}" for k, v in sorted(purged.items())) or "nothing held")
            + " (staging, anonymised text)"
        )
    if payload.get("fallback"):
        lines.append(
            "Fallback trigger: "
            + ", ".join(f"{e} {n}" for e, n in sorted(payload["fallback"].items()))
            + " (the trigger never happened; counted as the policy's fallback says)"
        )
    for stamp, per_source in sorted(payload.get("stamps_corrected", {}).items()):
        lines.append(
            f"Stamp corrected : {stamp} older than the record's newest entry: "
            + (", ".join(f"{s} {n}" for s, n in sorted(per_source.items())) or "none")
        )
    for source, per_entity in sorted(payload.get("unjudged", {}).items()):
        lines.append(
            f"Not judged      : {source} "
            + ", ".join(f"{e} {n}" for e, n in sorted(per_entity.items()))
            + " (quarantined at extraction: no term can be computed)"
        )
    lines += [
        f"Hashed ids      : {len(payload['hashed_ids'])} (SHA-256 of the sorted list: {digest})",
        f"Audit entry     : #{seq} {entry_hash}",
        *([head] if head else []),
        "Verify with     : python -m transforms audit verify --expect-head " + entry_hash,
    ]
    return "\n".join(lines)


def certify_plan(
    engine: Engine,
    plan_id: str,
    *,
    now: dt.datetime,
    approvers: Mapping[str, str | None] | None = None,
    data_root: Path | None = None,
    policy: RetentionPolicy | None = None,
) -> dict:
    """A certificate of destruction for every approved class of a plan, written beside the data
    (``certificate_folder``), then the whole audit chain verified.

    ``approvers``: class -> who approved it, as the certificate should name them; a class not in it is named as
    approved by the policy (``approval.AUTO``). None: as the register recorded the decisions. Refuses
    (``gate.GateNotPassed``, nothing written) unless the retention gate's latest outcome for the plan passed
    after its latest disposal. Raises ``RuntimeError`` when the audit chain is broken. Returns the classes certified, the folder and the number
    of audit entries (JSON-safe, for XCom)."""
    # imported here: the gate pulls in the quality stack, which certifying one class does not need
    from transforms.retention.gate import require_passed

    require_passed(engine, plan_id)  # a certificate after a failed (or stale) gate would certify what is not so
    recorded = approval.approvers(engine, plan_id) if approvers is None else approvers
    folder = certificate_folder(plan_id, data_root)
    folder.mkdir(parents=True, exist_ok=True)
    entries = {
        class_id: certify(
            engine, plan_id, class_id, approver=recorded.get(class_id, approval.AUTO), now=now, policy=policy
        )["entry"]
        for class_id in sorted(approval.approved_classes(engine, plan_id))
    }
    # every certificate of the plan anchors the head after all of them (a re-run: the head now), so each file
    # covers as much of the chain as possible
    head = chain.anchor(engine)["line"]
    for class_id, entry in entries.items():
        text = render_certificate(entry["payload"], entry["seq"], entry["entry_hash"], head=head)
        (folder / f"{class_id}.txt").write_text(text, encoding="utf-8")
    issued = list(entries)
    verification = chain.verify(engine)
    if not verification.ok:
        # the problems name entry numbers and certificate files, never a payload: safe to show the operator
        raise RuntimeError(
            f"audit chain broken: {len(verification.problems)} problem(s): " + "; ".join(verification.problems[:3])
        )
    return {"certificates": issued, "folder": str(folder), "audit_entries": verification.entries}
