"""Build, validate and publish the research datasets (pseudonymised, generalised, k-anonymous).

Examples:
  python -m transforms research --list
  python -m transforms research                       # every dataset in config/research/
  python -m transforms research --dataset treatments --as-of 2026-11-01 [--run-key 20261102T000000Z]

Key: DCN_RESEARCH_PSEUDONYM_KEY (at least 32 characters; in Airflow the Connection dcn_research_pseudonym).
Staging and outputs: DCN_DATA_ROOT; privacy register (restriction holds): DCN_CONTROL_DB_URL.
Exit status: 0 published, 1 blocked (release gate, suppression budget), 2 could not run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", action="append", dest="datasets", help="dataset name (repeatable; default: all)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="date of the release (default: today, Amsterdam)")
    parser.add_argument("--run-key", help="release version (default: the current UTC time, YYYYMMDDTHHMMSSZ)")
    parser.add_argument("--data-root", type=Path, help="default: DCN_DATA_ROOT")
    parser.add_argument("--register-url", help="privacy register URL (default: DCN_CONTROL_DB_URL)")
    parser.add_argument("--list", action="store_true", help="list the datasets and their current release")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")


def run(args: argparse.Namespace) -> int:
    from transforms.kernel.config import ConfigError
    from transforms.quality.report import QualityGateError, QualityGateFailed
    from transforms.research.build import ResearchBuildError
    from transforms.research.config import load_datasets
    from transforms.research.pseudonym import PseudonymKeyError, research_key_from_env
    from transforms.research.publish import current_release, publish_dataset
    from transforms.research.risk import SuppressionBudgetExceeded

    try:
        datasets = load_datasets()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.list:
        for name, definition in datasets.items():
            current = current_release(name, args.data_root)
            print(
                f"{name:<16} tables: {', '.join(definition.tables)}; k={definition.k}; "
                f"current: {current.name if current else '(none)'}"
            )
        return 0
    names = args.datasets or list(datasets)
    unknown = [n for n in names if n not in datasets]
    if unknown:
        print(f"unknown dataset(s): {', '.join(unknown)}; known: {', '.join(datasets)}", file=sys.stderr)
        return 2
    try:
        key = research_key_from_env()
    except PseudonymKeyError as exc:
        print(exc, file=sys.stderr)
        return 2
    status, results = 0, []
    for name in names:
        try:
            result = publish_dataset(
                name,
                key=key,
                as_of=args.as_of,
                data_root=args.data_root,
                register_url=args.register_url,
                run_key=args.run_key,
            )
        except (QualityGateFailed, SuppressionBudgetExceeded) as exc:
            print(f"{name}: not published: {exc}", file=sys.stderr)
            status = max(status, 1)
            continue
        except (QualityGateError, ResearchBuildError, ConfigError) as exc:
            print(f"{name}: could not run: {exc}", file=sys.stderr)
            status = 2
            continue
        results.append(result)
        if not args.json:
            tables = "; ".join(
                f"{t}: {c['rows_out']} of {c['rows_in']} rows ({c['suppressed']} suppressed, {c['excluded']} excluded)"
                for t, c in result["tables"].items()
            )
            error = result.get("median_query_error")
            print(
                f"{name} {result['version']}: k reached {result['k_reached']}; highest risk "
                f"{result['highest_prosecutor_risk']:.3f} (policy {result['risk_threshold']}); median analyst "
                f"query error {'n/a' if error is None else f'{error:.1%}'}; {tables}\n  {result['release']}"
            )
    if args.json:
        print(json.dumps(results, indent=2))
    return status
