"""Create synthetic practice systems (both vendor schemas) in any SQLAlchemy database.

Examples:
  python -m transforms generate --system exquise --url sqlite:///var/demo/exquise.db --patients 1000
  python -m transforms generate --system oase --url postgresql+psycopg2://postgres@127.0.0.1/oase --replace
The same --seed, --patients and --as-of always give the same data.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging

log = logging.getLogger(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--system", required=True, choices=["exquise", "oase"], help="vendor schema to create")
    parser.add_argument("--url", required=True, help="SQLAlchemy URL of the target database")
    parser.add_argument("--patients", type=int, default=1000, help="number of patients (default 1000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today(),
                        help="the 'today' of the generated data, YYYY-MM-DD (default: today)")
    parser.add_argument("--defects", type=float, default=0.0,
                        help="fraction of rows given legacy junk that extraction must quarantine (default 0)")
    parser.add_argument("--media-dir", help="write a placeholder file per camera clip under this folder")
    parser.add_argument("--replace", action="store_true", help="drop and recreate this vendor's tables if present")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from transforms.sources.vendors import write_system

    if args.patients < 1:
        raise SystemExit("--patients must be at least 1")
    report = write_system(args.url, args.system, seed=args.seed, patients=args.patients, as_of=args.as_of,
                          defects=args.defects, replace=args.replace,
                          media_dir=Path(args.media_dir) if args.media_dir else None, progress=log.info)
    log.info("%s: %d rows in %d tables at %s (%d planted defects)", report.system, sum(report.rows.values()),
             len(report.rows), report.url_redacted, report.defects)
    return 0
