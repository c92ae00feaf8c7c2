"""Benchmark: locate one person across both vendors' practice systems on PostgreSQL, against a naive scan.

Setup (timed apart, not part of a request): both vendors generated on PostgreSQL with N patients each
(``fixtures.practice``; the planted people of issue 13 among them), extracted into a staging, and the
requests lookup index built in that staging (``transforms.requests.locate.build_lookup_index``): the only
index involved lives in the pipeline's own data folder, none is added to a vendor's database.

- **ours**: ``locate(PersonQuery(bsn=...))``: index lookups, every record of the person read live by its key
  and converted to the canonical model, the person's dependent records (appointments, notes, invoices, ...).
- **naive** (baseline): read every row of every table of both vendor databases and compare every value with
  the person's identifiers (BSN, e-mail, phone), the way a search without an index has to.

    python bench/requests.py                    # 1,000,000 patients per system (long: generation dominates)
    python bench/requests.py --patients 20000 --repeat 5

Prints the setup times, the per-request time (median of ``--repeat``), the naive scan's time and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SERVER = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
AS_OF = dt.date(2026, 11, 1)
UPPER = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.timezone.utc)
SEED = 11


def naive_scan(urls: dict[str, str], values: set[str]) -> int:
    """Every row of every table of every system, every value compared: the hits (rows holding a value)."""
    hits = 0
    for url in urls.values():
        engine = create_engine(url)
        with engine.connect().execution_options(stream_results=True, yield_per=50_000) as conn:
            for table in inspect(engine).get_table_names():
                for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                    if any(isinstance(v, str) and v.replace(" ", "").replace("-", "").lower() in values for v in row):
                        hits += 1
        engine.dispose()
    return hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=1_000_000, help="patients per practice system")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--keep", action="store_true", help="keep the databases (dropped by default)")
    args = parser.parse_args()

    from fixtures.practice.synthetic import planted_cases
    from fixtures.practice.vendors import write_system
    from transforms.requests.identity import PersonQuery
    from transforms.requests.locate import build_lookup_index, locate
    from transforms.sources.config import load_sources
    from transforms.sources.extract import extract_source

    admin = create_engine(args.server, isolation_level="AUTOCOMMIT")
    names = {s: f"dcn_bench_requests_{s}_{uuid.uuid4().hex[:6]}" for s in ("exquise", "oase")}
    urls = {s: make_url(args.server).set(database=n).render_as_string(hide_password=False) for s, n in names.items()}
    work = Path(tempfile.mkdtemp(prefix="dcn-bench-requests-"))
    try:
        with admin.connect() as conn:
            for name in names.values():
                conn.execute(text(f"CREATE DATABASE {name}"))
        sources = {s.name: s for s in load_sources()}
        started = time.monotonic()
        for system, url in urls.items():
            write_system(url, system, seed=SEED, patients=args.patients, as_of=AS_OF)
        generated = time.monotonic() - started
        started = time.monotonic()
        for system, url in urls.items():
            extract_source(
                sources[system], url, UPPER, data_root=work / "data", register_url=f"sqlite:///{work / 'register.db'}"
            )
        extracted = time.monotonic() - started
        started = time.monotonic()
        build_lookup_index(work / "data")
        indexed = time.monotonic() - started
        print(
            f"setup: {args.patients:,} patients per system (2 systems, PostgreSQL); generate {generated:.1f} s, "
            f"extract {extracted:.1f} s, lookup index {indexed:.1f} s"
        )

        person = planted_cases("exquise", SEED, args.patients, AS_OF)["both_vendors"]
        query = PersonQuery(bsn=person.bsn)
        locate(query, sources=urls, data_root=work / "data")  # warm: module imports, mapping cache
        times, records = [], 0
        for _ in range(args.repeat):
            started = time.monotonic()
            result = locate(query, sources=urls, data_root=work / "data")
            times.append(time.monotonic() - started)
            records = len(result.records())
        ours = statistics.median(times)
        print(
            f"ours:  {ours * 1000:.0f} ms per request (median of {args.repeat}; min {min(times) * 1000:.0f} ms), "
            f"{len(result.matches)} matches, {records} records, status {result.status}"
        )

        started = time.monotonic()
        hits = naive_scan(urls, {person.bsn, person.email.lower(), person.mobile})
        naive = time.monotonic() - started
        print(f"naive: {naive:.2f} s per request (full scan of every table, {hits} rows hit)")
        print(f"ratio: naive / ours = {naive / ours:.0f}x")
    finally:
        if not args.keep:
            with admin.connect() as conn:
                for name in names.values():
                    conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


if __name__ == "__main__":
    main()
