"""Run the Great Expectations quality gates, or (re)generate the committed suites.

Examples:
  python -m transforms validate --stage source --run-key 20261124T010000Z
  python -m transforms validate --stage release --dataset cohort --frame var/out/cohort.parquet --risk-report risk.json
  python -m transforms validate --write-suites     # regenerate expectations/gx from config/*.yml
  python -m transforms validate --check-suites     # exit 1 if the committed suites are stale
Prints the value-free JSON summary and the Data Docs path. Exit status: 0 passed, 1 a blocking
expectation failed, 2 the gate could not run (both 1 and 2 mean: do not use the data).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stage", choices=["source", "release"], help="which gate to run")
    parser.add_argument("--run-key", help="source: the extraction run (YYYYMMDDTHHMMSSZ); release: a label")
    parser.add_argument("--source", action="append", help="source: only this source (repeatable)")
    parser.add_argument("--entity", action="append", help="source: only this canonical entity (repeatable)")
    parser.add_argument("--dataset", default="research", help="release: the dataset's name")
    parser.add_argument("--frame", type=Path, help="release: the dataset (Parquet) incl. the patient key column")
    parser.add_argument("--risk-report", type=Path, help="release: the risk report (JSON)")
    parser.add_argument("--data-root", type=Path, help="default: DCN_DATA_ROOT")
    parser.add_argument("--write-suites", action="store_true", help="regenerate the committed GX definitions")
    parser.add_argument("--check-suites", action="store_true", help="fail if the committed GX definitions are stale")


def run(args: argparse.Namespace) -> int:
    from transforms.quality import suites
    from transforms.quality.report import QualityGateError, QualityGateFailed

    if args.write_suites or args.check_suites:
        if args.write_suites:
            changed = suites.write_project()
            print(f"{len(changed)} file(s) written under {suites.expectations_dir() / 'gx'}")
            for rel in changed:
                print(f"  {rel}")
            return 0
        stale = suites.stale_files()
        for rel in stale:
            print(f"stale: {rel}", file=sys.stderr)
        if stale:
            print("run: python -m transforms validate --write-suites", file=sys.stderr)
        return 1 if stale else 0
    if args.stage is None:
        raise SystemExit("give --stage source|release, --write-suites or --check-suites")
    try:
        if args.stage == "source":
            from transforms.quality.source import validate_source_run

            if not args.run_key:
                raise SystemExit("--stage source needs --run-key")
            report = validate_source_run(
                args.run_key, args.data_root, sources=args.source, entities=args.entity, raise_on_failure=False
            )
        else:
            import pandas as pd

            from transforms.quality.release import validate_release

            if not args.frame or not args.risk_report:
                raise SystemExit("--stage release needs --frame and --risk-report")
            report = validate_release(
                pd.read_parquet(args.frame),
                json.loads(args.risk_report.read_text()),
                dataset=args.dataset,
                run_key=args.run_key,
                data_root=args.data_root,
                raise_on_failure=False,
            )
    except QualityGateError as exc:
        log.error("quality gate could not run: %s", exc)
        return 2
    json.dump(report.summary(), sys.stdout, indent=2)
    print()
    print(f"Data Docs: {report.data_docs}", file=sys.stderr)
    if not report.success:
        log.error("%s", QualityGateFailed(report))
        return 1
    return 0
