"""Extract practice systems into canonical staging (incremental by watermark; a first run is a full load).

Each source's SQLAlchemy URL comes from the environment variable DCN_SOURCE_<NAME>_URL (for example
DCN_SOURCE_EXQUISE_URL); in Airflow it comes from the Connection named in the source's YAML.
  python -m transforms extract --check            # validate config/sources/*.yml against the databases
  python -m transforms extract --as-of 2026-11-24T02:00:00+01:00
Prints a JSON summary (counts only) on standard output and writes the run manifest the privacy page reads
(<data root>/runs/<run key>.json) when every source succeeded; exit status 1 if a source failed, 2 if the
configuration is wrong (one line per problem, naming the file and the place).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys

from transforms.kernel.timeutil import utc_now

log = logging.getLogger(__name__)


def _aware(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a timezone, e.g. 2026-11-24T02:00:00+01:00 or ...Z")
    return moment


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", action="append", help="only this source (repeatable; default: all)")
    parser.add_argument("--entity", action="append", help="only this canonical entity (repeatable)")
    parser.add_argument("--as-of", type=_aware, help="upper bound of the run (timezone-aware ISO); default: now")
    parser.add_argument("--check", action="store_true", help="only validate the mappings against the databases")


def source_url(source) -> str:
    url = os.environ.get(source.env_url_variable())
    if not url:
        raise SystemExit(f"{source.name}: set {source.env_url_variable()} to the source's SQLAlchemy URL")
    return url


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import create_engine

    from transforms.kernel.config import ConfigError
    from transforms.sources.config import check_against_database, load_sources
    from transforms.sources.extract import SourceReadError, extract_source
    from transforms.sources.staging import write_run_manifest

    sources = [s for s in load_sources() if not args.source or s.name in args.source]
    if args.source and len(sources) != len(set(args.source)):
        known = ", ".join(s.name for s in load_sources())
        raise SystemExit(f"unknown source in {args.source}; known: {known}")
    failed = False
    if args.check:
        for source in sources:
            engine = create_engine(source_url(source))
            problems = check_against_database(source, engine)
            engine.dispose()
            print(f"{source.name}: {'ok' if not problems else str(len(problems)) + ' problem(s)'}")
            for problem in problems:
                print(f"  - {problem}")
            failed |= bool(problems)
        return 1 if failed else 0
    upper = args.as_of or utc_now().replace(microsecond=0)
    summaries = []
    for source in sources:
        try:
            report = extract_source(source, source_url(source), upper, entities=args.entity)
            summaries.append(report.summary())
        except Exception as exc:  # one source failing must not hide the others' results
            failed = True
            log.error("%s: extraction failed: %s", source.name, type(exc).__name__)
            # only messages known to be value-free are shown; anything else by its type
            safe = isinstance(exc, (ConfigError, SourceReadError))
            print(f"{source.name}: {exc if safe else type(exc).__name__ + ' (details withheld)'}", file=sys.stderr)
    json.dump(summaries, sys.stdout, indent=2)
    print()
    if summaries and not failed:  # as the DAG: a run with a failed source gets no manifest (it is incomplete)
        write_run_manifest(summaries)
    return 1 if failed else 0
