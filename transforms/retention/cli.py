"""Retention by class: plan (dry run), approve, archive, dispose, verify, certify (no personal data is shown).

Examples:
  python -m transforms retention plan --as-of 2026-11-01
  python -m transforms retention show PLAN_ID [--items] [--class dental_file] [--json]
  python -m transforms retention list
  python -m transforms retention approve PLAN_ID --by "j.devries (FG)" [--class dental_file ...] [--reject complaints]
  python -m transforms retention archive PLAN_ID
  python -m transforms retention dispose PLAN_ID [--media exquise=/srv/media/exquise]
  python -m transforms retention verify
  python -m transforms retention validate PLAN_ID          (quality gate; exit 1 when it fails)
  python -m transforms retention purge-staging PLAN_ID     (staging and anonymised text follow the disposal)
  python -m transforms retention certify PLAN_ID           (every approved class, once validate passed)
  python -m transforms retention certify PLAN_ID CLASS [--approver NAME]
  python -m transforms retention expire-archives --as-of 2026-11-01
  python -m transforms retention reapply-tombstones

Keys: DCN_RETENTION_HASH_KEY (hashed ids), DCN_ARCHIVE_MASTER_KEY (archive). Staging: DCN_DATA_ROOT; register:
DCN_CONTROL_DB_URL; practice systems: DCN_SOURCE_<NAME>_URL. Approve without --class approves every class that
needs a person's approval; routine classes are approved by the policy. Actions that change something hold the
retention lease, as a DAG run does: while another run holds it they print who until when and exit 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from transforms.kernel.timeutil import utc_now

if TYPE_CHECKING:  # the CLI imports the engine's modules only for the action it runs (fast --help)
    from sqlalchemy.engine import Engine


def configure(parser: argparse.ArgumentParser) -> None:
    """Add this command's options and actions to ``parser`` (``python -m transforms``)."""
    parser.add_argument("--register-url", help="privacy register URL (default: DCN_CONTROL_DB_URL)")
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    plan = sub.add_parser("plan", help="compute and store the plan (changes nothing in the practice systems)")
    plan.add_argument("--as-of", required=True, help="date the terms are counted to (YYYY-MM-DD, Amsterdam)")
    plan.add_argument("--source", action="append", dest="sources", help="limit to a source system (repeatable)")
    plan.add_argument("--data-root", type=Path, help="staging root (default: DCN_DATA_ROOT)")
    plan.add_argument("--plan-id", help="id to store the plan under (default: a new one)")
    plan.add_argument("--json", action="store_true", help="print the summary as JSON")
    show = sub.add_parser("show", help="show a stored plan")
    show.add_argument("plan_id")
    show.add_argument("--items", action="store_true", help="also list the hashed ids")
    show.add_argument("--class", dest="class_id", help="only this class")
    show.add_argument("--json", action="store_true")
    sub.add_parser("list", help="list recent plans")
    approve = sub.add_parser("approve", help="approve (or reject) classes of a plan")
    approve.add_argument("plan_id")
    approve.add_argument("--by", required=True, help="who approves")
    approve.add_argument("--class", dest="classes", action="append", help="class to approve (repeatable)")
    approve.add_argument("--reject", action="append", default=[], help="class to reject (repeatable)")
    for name, text in (
        ("archive", "archive the approved archive-stage records (encrypted, verified)"),
        ("dispose", "carry out the approved plan in the practice systems"),
    ):
        step = sub.add_parser(name, help=text)
        step.add_argument("plan_id")
        step.add_argument("--data-root", type=Path)
        step.add_argument("--archive-root", type=Path, help="default: <data root>/archive")
        step.add_argument(
            "--media",
            action="append",
            default=[],
            metavar="SOURCE=DIR",
            help="where a source's files (camera clips) live (repeatable)",
        )
        step.add_argument("--batch-size", type=int, help="records per source transaction (default 5,000)")
    check = sub.add_parser("verify", help="re-query the practice systems and the archives")
    check.add_argument("--archive-root", type=Path)
    check.add_argument("--data-root", type=Path, help="where research releases and quarantine live")
    gate = sub.add_parser("validate", help="retention quality gate: live re-query of the plan's classes")
    gate.add_argument("plan_id")
    gate.add_argument("--data-root", type=Path)
    purge = sub.add_parser("purge-staging", help="remove destroyed records from the staging and anonymised text")
    purge.add_argument("plan_id")
    purge.add_argument("--data-root", type=Path)
    certify = sub.add_parser("certify", help="issue the certificates of destruction of a plan (or of one class)")
    certify.add_argument("plan_id")
    certify.add_argument(
        "class_id", nargs="?", help="only this class, printed (default: every approved class, written to the data root)"
    )
    certify.add_argument("--approver", help="who approved the class (with CLASS; without it: as recorded)")
    certify.add_argument("--data-root", type=Path, help="where the certificates are written (default: DCN_DATA_ROOT)")
    expire = sub.add_parser("expire-archives", help="destroy archived records whose term has ended")
    expire.add_argument("--as-of", required=True)
    expire.add_argument("--data-root", type=Path)
    expire.add_argument("--archive-root", type=Path, help="default: <data root>/archive")
    again = sub.add_parser("reapply-tombstones", help="after a backup restore: dispose again of what was disposed")
    again.add_argument("--plan-id", help="the plan of this run (its certificates quote the count)")


def _print_summary(summary: dict, class_id: str | None = None) -> None:
    print(f"plan {summary['plan_id']}  as of {summary['as_of']}  status {summary['status']}")
    print(
        f"policy {summary['policy_version'][:12]}  key {summary['key_fingerprint']}  "
        f"sources {', '.join(summary['sources']) or '-'}"
    )
    print(
        f"{'class':28} {'action':10} {'approval':9} {'dispose':>8} {'archive':>8} {'minimise':>8} "
        f"{'held':>6} {'no trig.':>8} {'total':>8}"
    )
    for name, c in summary["classes"].items():
        if class_id and name != class_id:
            continue
        print(
            f"{name:28} {c['action']:10} {c['approval']:9} {c['dispose']:>8} {c['archive']:>8} "
            f"{c['minimise']:>8} {c['held']:>6} {c['no_trigger']:>8} {c['total']:>8}"
        )
    if summary["needs_approval"]:
        print(f"needs approval: {', '.join(summary['needs_approval'])}")


def _source_urls() -> dict[str, str]:
    import os

    from transforms.sources.config import load_sources

    urls = {s.name: os.environ.get(s.env_url_variable()) for s in load_sources()}
    return {name: url for name, url in urls.items() if url}


def _steps(args: argparse.Namespace, engine: Engine) -> int:
    """approve, archive, dispose, verify, certify, expire-archives, reapply-tombstones."""

    from transforms.retention import approval, archive, certificates, dispose, verify

    now = utc_now()  # when a person or the scheduler acts; recorded as such
    if args.action == "approve":
        from transforms.retention.plan import load_plan

        plan = load_plan(engine, args.plan_id)
        approval.auto_approve(engine, args.plan_id, decided_at=now)
        classes = args.classes or [c for c in plan.needs_approval() if c not in args.reject]
        decisions = approval.decide(
            engine, args.plan_id, decided_by=args.by, decided_at=now, approve=classes, reject=args.reject
        )
        for class_id, decision in sorted(decisions.items()):
            print(f"{class_id:28} {decision}")
    elif args.action == "archive":
        media = dict(item.split("=", 1) for item in args.media)
        result = archive.archive_plan(
            args.plan_id,
            now=now,
            register_url=args.register_url,
            data_root=args.data_root,
            root=args.archive_root,
            media_roots={k: Path(v) for k, v in media.items()},
        )
        for class_id, batches in result.items():
            for b in batches:
                print(
                    f"{class_id:20} {b['entity']:20} archived {b['archived']:>7}  already {b['already_archived']:>7}"
                    f"  held {b['skipped_held']:>5}  not due {b['skipped_not_due']:>5}  files {b['files']:>5}"
                    + (f"  no media root {b['skipped_no_media']}" if b["skipped_no_media"] else "")
                )
    elif args.action == "dispose":
        media = dict(item.split("=", 1) for item in args.media)
        result = dispose.dispose_plan(
            args.plan_id,
            source_urls=_source_urls(),
            now=now,
            register_url=args.register_url,
            data_root=args.data_root,
            media_roots={k: Path(v) for k, v in media.items()},
            batch_size=args.batch_size or dispose.BATCH_ROWS,
            archive_root=args.archive_root,
        )
        for class_id, rows in result.items():
            for r in rows:
                print(
                    f"{class_id:26} {r['source']:10} {r['entity']:24} {r['action']:9} done {r['done']:>7}  "
                    f"already {r['already_done']:>7}  held {r['held']:>5}  not due {r['not_due']:>5}  "
                    f"blocked {r['blocked']:>5}" + (f"  ({r['reason']})" if r["reason"] else "")
                )
    elif args.action == "verify":
        live = verify.verify_disposed(engine, source_urls=_source_urls(), data_root=args.data_root)
        archives = archive.verify_archives(register_url=args.register_url, root=args.archive_root)
        print(
            f"live systems: {live['checked']} disposed records checked, {'nothing left' if live['ok'] else 'PROBLEMS'}"
        )
        for p in live["problems"]:
            print(f"  - {p['source']}.{p['entity']} ({p['class']}): {p['still_present']} still present")
        for k in live.get("kept_by_hold", []):
            print(f"  - {k['source']}.{k['entity']} ({k['class']}): {k['kept']} came back, kept by a hold")
        print(
            f"archives: {archives['batches']} batches, {archives['readable']} readable, "
            f"{archives['erased']} crypto-erased"
        )
        return 0 if live["ok"] else 1
    elif args.action == "validate":
        from transforms.quality.report import QualityGateError
        from transforms.retention import gate

        try:
            summary = gate.validate_plan(
                engine, args.plan_id, source_urls=_source_urls(), data_root=args.data_root, raise_on_failure=False
            )
        except QualityGateError as exc:
            print(f"error: {exc}")
            return 2
        print(
            f"retention gate {'passed' if summary['success'] else 'FAILED'}: {summary['remaining']} live records "
            f"of the plan's classes, {summary['removed']} removed, {summary['archived']} archive copies"
        )
        for failure in summary["failed"]:
            print(f"  - {failure['expectation']}: {failure['unexpected']}")
        print(f"Data Docs: {summary['data_docs']}")
        return 0 if summary["success"] else 1
    elif args.action == "purge-staging":
        from transforms.retention import purge

        result = purge.purge_plan(engine, args.plan_id, data_root=args.data_root, source_urls=_source_urls(), now=now)
        for where, counts in sorted(result["places"].items()):
            print(f"{where:40} " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
        print(f"{result['rewritten_now']} folder(s) rewritten now")
    elif args.action == "certify" and args.class_id:
        from transforms.retention import gate

        gate.require_passed(engine, args.plan_id)  # as certify_plan: no certificate unless the gate passed
        print(certificates.certify(engine, args.plan_id, args.class_id, approver=args.approver, now=now)["text"])
    elif args.action == "certify":
        if args.approver:
            print("error: --approver names the approver of one class: give CLASS too")
            return 2
        issued = certificates.certify_plan(engine, args.plan_id, now=now, data_root=args.data_root)
        for class_id in issued["certificates"]:
            print(f"{class_id:28} {Path(issued['folder']) / (class_id + '.txt')}")
        print(f"{len(issued['certificates'])} certificate(s); audit chain intact ({issued['audit_entries']} entries)")
    elif args.action == "expire-archives":
        for class_id, n in sorted(
            archive.expire_archives(
                engine, args.as_of, now=now, data_root=args.data_root, root=args.archive_root
            ).items()
        ):
            print(f"{class_id:28} {n} archived records destroyed")
    elif args.action == "reapply-tombstones":
        for where, n in sorted(
            verify.reapply_tombstones(engine, source_urls=_source_urls(), now=now, plan_id=args.plan_id).items()
        ):
            print(f"{where:40} {n}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Run the parsed action; the exit code (2: refused, with the reason printed, no personal data)."""
    from transforms import register
    from transforms.retention.approval import LockError

    engine = register.register_engine(args.register_url)
    try:
        with _lease(args, engine):
            return _run(args, engine)
    except LockError as exc:  # a concurrent run holds the lease: one line, nothing done
        print(f"error: {exc}")
        return 2


# Actions that change the practice systems, the archive, the staging or the evidence take the same lease as a
# DAG run, so the command line can neither run beside the DAG nor beside itself (two disposals of one plan
# raced on the journal). approve, show, list, verify and validate only record decisions or read.
LEASED = frozenset({"plan", "archive", "dispose", "purge-staging", "certify", "expire-archives", "reapply-tombstones"})


def _lease(args: argparse.Namespace, engine: Engine):
    """The retention lease for a changing action (held by this process and plan, released at the end)."""
    import contextlib

    from transforms.retention.approval import retention_lock
    from transforms.retention.lease import cli_holder

    if args.action not in LEASED:
        return contextlib.nullcontext()
    holder = cli_holder(args.action, getattr(args, "plan_id", None) or getattr(args, "as_of", None))
    return retention_lock(engine, holder, now=utc_now())


def _run(args: argparse.Namespace, engine: Engine) -> int:
    from transforms.kernel.config import ConfigError
    from transforms.retention import plan as planning
    from transforms.retention.archive import ArchiveError
    from transforms.retention.disposal_map import DisposeError
    from transforms.retention.hashing import MissingKeyError

    if args.action not in ("plan", "show", "list"):
        try:
            return _steps(args, engine)
        except (
            planning.PlanError,
            MissingKeyError,
            ConfigError,
            ArchiveError,
            DisposeError,
            ValueError,
            RuntimeError,
        ) as exc:
            print(f"error: {exc}")
            return 2
    try:
        if args.action == "plan":
            summary = planning.make_plan(
                args.as_of,
                register_url=args.register_url,
                data_root=args.data_root,
                sources=args.sources,
                plan_id=args.plan_id,
            )
            print(json.dumps(summary, indent=2)) if args.json else _print_summary(summary)
        elif args.action == "show":
            summary = planning.load_plan(engine, args.plan_id).summary()
            if args.json:
                print(json.dumps(summary, indent=2))
            else:
                _print_summary(summary, args.class_id)
            if args.items:
                for class_id, entity, stage, hashed in planning.plan_items(
                    engine, args.plan_id, class_id=args.class_id
                ):
                    print(f"{class_id}\t{entity}\t{stage}\t{hashed}")
        else:
            for row in planning.list_plans(engine):
                print(
                    f"{row['plan_id']}  as of {row['as_of']}  {row['status']:9} policy {row['policy_version']}  "
                    f"created {row['created_at']}"
                )
    except (planning.PlanError, MissingKeyError, ConfigError, ValueError) as exc:
        print(f"error: {exc}")
        return 2
    return 0
