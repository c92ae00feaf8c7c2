"""Benchmark: locate one person across both vendors' practice systems on PostgreSQL, against a naive scan.

Setup (timed apart, not part of a request): both vendors generated on PostgreSQL with N patients each
(``fixtures.practice``, written with ``COPY``; the planted people of issue 13 among them), extracted into a
staging, and the requests lookup index built in that staging (``transforms.requests.locate.build_lookup_index``):
the only index involved lives in the pipeline's own data folder, none is added to a vendor's database.
The generated databases and their staging are **kept** between runs (named by vendor, seed, size and a
digest of the generator's code; ``--fresh`` regenerates, ``--drop`` removes them afterwards).

- **ours**: ``locate(PersonQuery(bsn=...))``: index lookups, the person's records (and everything that belongs
  to them: appointments, notes, invoices, ...) read from the index, each key confirmed in the live system
  (one round trip per system). Median of ``--repeat`` requests in one process holding a connection pool per
  system, as a worker does; the first request of the process and one with new connections are printed too.
- **naive** (baseline): read every row of every table of both vendor databases and compare every value with
  the person's identifiers (BSN, e-mail, phone), the way a search without an index has to.

    python bench/requests.py                    # 1,000,000 patients per system (the first run generates)
    python bench/requests.py --patients 20000 --repeat 5

Prints the setup times, the per-request time (median of ``--repeat``), the naive scan's time, the ratio and the
load average (the machine this runs on is shared: say how loaded it was).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
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


def _generator_digest() -> str:
    """Changes when the synthetic practice generator changes: a cached database is then regenerated."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted((ROOT / "fixtures" / "practice").glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def _generate(url: str, system: str, patients: int) -> None:
    """Generate one system (``COPY``), then write the marker table that says generation finished."""
    from fixtures.practice.vendors import write_system

    write_system(url, system, seed=SEED, patients=patients, as_of=AS_OF, chunk_patients=20_000)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE dcn_bench_generated (at TIMESTAMP DEFAULT now())"))
    engine.dispose()


def _ready(admin, name: str) -> bool:
    """The database exists and its generation finished (the marker table is written last)."""
    with admin.connect() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            return False
    engine = create_engine(make_url(admin.url).set(database=name))
    try:
        return "dcn_bench_generated" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=1_000_000, help="patients per practice system")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--fresh", action="store_true", help="regenerate the cached databases and staging")
    parser.add_argument("--drop", action="store_true", help="drop the databases and staging afterwards")
    parser.add_argument("--skip-naive", action="store_true", help="do not run the (slow) naive scan")
    parser.add_argument("--prefix", default="dcn_bench_req", help="name prefix of the generated databases")
    args = parser.parse_args()

    from fixtures.practice.synthetic import planted_cases
    from transforms import settings
    from transforms.requests.identity import PersonQuery
    from transforms.requests.locate import build_lookup_index, locate
    from transforms.sources.config import load_sources
    from transforms.sources.extract import extract_source

    admin = create_engine(args.server, isolation_level="AUTOCOMMIT")
    tag = f"s{SEED}_p{args.patients}_{_generator_digest()}"
    names = {s: f"{args.prefix}_{s}_{tag}" for s in ("exquise", "oase")}
    urls = {s: make_url(args.server).set(database=n).render_as_string(hide_password=False) for s, n in names.items()}
    work = settings.cache_dir() / "bench-requests" / tag
    try:
        sources = {s.name: s for s in load_sources()}
        generated = extracted = 0.0
        todo = [s for s in urls if args.fresh or not _ready(admin, names[s])]
        if todo:
            with admin.connect() as conn:
                for system in todo:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {names[system]} WITH (FORCE)"))
                    conn.execute(text(f"CREATE DATABASE {names[system]}"))
            shutil.rmtree(work, ignore_errors=True)
            started = time.monotonic()
            # one process per system (the generator is pure Python: two systems use two cores)
            with ProcessPoolExecutor(max_workers=len(todo)) as pool:
                for future in [pool.submit(_generate, urls[s], s, args.patients) for s in todo]:
                    future.result()
            generated = time.monotonic() - started
        if not (work / "extracted").exists():
            started = time.monotonic()
            for system, url in urls.items():
                extract_source(
                    sources[system],
                    url,
                    UPPER,
                    data_root=work / "data",
                    register_url=f"sqlite:///{work / 'register.db'}",
                )
            (work / "extracted").touch()
            extracted = time.monotonic() - started
        started = time.monotonic()
        build_lookup_index(work / "data")
        indexed = time.monotonic() - started
        print(
            f"setup: {args.patients:,} patients per system (2 systems, PostgreSQL); generate {generated:.1f} s, "
            f"extract {extracted:.1f} s (0: cached in {work}), lookup index {indexed:.1f} s"
        )

        person = planted_cases("exquise", SEED, args.patients, AS_OF)["both_vendors"]
        query = PersonQuery(bsn=person.bsn)
        # the connections a worker holds (one pool per practice system), as the naive scan has its own
        engines = {s: create_engine(u) for s, u in urls.items()}
        started = time.monotonic()
        locate(query, sources=engines, data_root=work / "data")  # first: module imports, opening the index
        first = time.monotonic() - started
        times, records = [], 0
        for _ in range(args.repeat):
            started = time.monotonic()
            result = locate(query, sources=engines, data_root=work / "data")
            times.append(time.monotonic() - started)
            records = len(result.records())
        started = time.monotonic()
        locate(query, sources=urls, data_root=work / "data")
        cold = time.monotonic() - started
        for engine in engines.values():
            engine.dispose()
        ours = statistics.median(times)
        print(
            f"ours:  {ours * 1000:.0f} ms per request (median of {args.repeat}; min {min(times) * 1000:.0f} ms, "
            f"max {max(times) * 1000:.0f} ms), {len(result.matches)} matches, {records} records, status "
            f"{result.status}; first request of the process {first * 1000:.0f} ms; with new connections "
            f"{cold * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f}"
        )
        if args.skip_naive:
            return
        started = time.monotonic()
        hits = naive_scan(urls, {person.bsn, person.email.lower(), person.mobile})
        naive = time.monotonic() - started
        print(
            f"naive: {naive:.2f} s per request (full scan of every table, {hits} rows hit); "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        print(f"ratio: naive / ours = {naive / ours:.0f}x")
    finally:
        if args.drop:
            with admin.connect() as conn:
                for name in names.values():
                    conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            shutil.rmtree(work, ignore_errors=True)
        admin.dispose()


if __name__ == "__main__":
    main()
