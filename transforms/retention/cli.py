"""Retention: make the dry-run plan as of a date, and inspect stored plans (no personal data is shown).

Examples:
  python -m transforms retention plan --as-of 2026-11-01
  python -m transforms retention show PLAN_ID [--items] [--class dental_file] [--json]
  python -m transforms retention list

The hashing key comes from DCN_RETENTION_HASH_KEY; staging from DCN_DATA_ROOT; the register from
DCN_CONTROL_DB_URL.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
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


def _print_summary(summary: dict, class_id: str | None = None) -> None:
    print(f"plan {summary['plan_id']}  as of {summary['as_of']}  status {summary['status']}")
    print(f"policy {summary['policy_version'][:12]}  key {summary['key_fingerprint']}  "
          f"sources {', '.join(summary['sources']) or '-'}")
    print(f"{'class':28} {'action':10} {'approval':9} {'dispose':>8} {'archive':>8} {'minimise':>8} "
          f"{'held':>6} {'no trig.':>8} {'total':>8}")
    for name, c in summary["classes"].items():
        if class_id and name != class_id:
            continue
        print(f"{name:28} {c['action']:10} {c['approval']:9} {c['dispose']:>8} {c['archive']:>8} "
              f"{c['minimise']:>8} {c['held']:>6} {c['no_trigger']:>8} {c['total']:>8}")
    if summary["needs_approval"]:
        print(f"needs approval: {', '.join(summary['needs_approval'])}")


def run(args: argparse.Namespace) -> int:
    from transforms import register
    from transforms.retention import plan as planning
    from transforms.retention.hashing import MissingKeyError
    from transforms.sources.model import ConfigError

    engine = register.register_engine(args.register_url)
    try:
        if args.action == "plan":
            summary = planning.make_plan(args.as_of, register_url=args.register_url, data_root=args.data_root,
                                         sources=args.sources, plan_id=args.plan_id)
            print(json.dumps(summary, indent=2)) if args.json else _print_summary(summary)
        elif args.action == "show":
            summary = planning.load_plan(engine, args.plan_id).summary()
            if args.json:
                print(json.dumps(summary, indent=2))
            else:
                _print_summary(summary, args.class_id)
            if args.items:
                for class_id, entity, stage, hashed in planning.plan_items(engine, args.plan_id,
                                                                            class_id=args.class_id):
                    print(f"{class_id}\t{entity}\t{stage}\t{hashed}")
        else:
            for row in planning.list_plans(engine):
                print(f"{row['plan_id']}  as of {row['as_of']}  {row['status']:9} policy {row['policy_version']}  "
                      f"created {row['created_at']}")
    except (planning.PlanError, MissingKeyError, ConfigError, ValueError) as exc:
        print(f"error: {exc}")
        return 2
    return 0
