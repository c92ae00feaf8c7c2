"""Benchmark: locate a person across both vendors' practice systems on PostgreSQL, against a naive scan.

Setup (timed apart, not part of a request): both vendors' systems on PostgreSQL with N patients each, made by
the server itself (``bench/server_fill.py``: ``INSERT ... SELECT`` over ``generate_series``, every table the
source mappings read, the people of issue 13 planted; ``--generator python``: ``fixtures.practice`` with
``COPY``, realistic but hours at 1M), extracted into a staging, and the requests lookup index built in that
staging (``transforms.requests.locate.build_lookup_index``, its time printed): the only index involved lives
in the pipeline's own data folder, none is added to a vendor's database. The databases and their staging are
**kept** between runs (named by generator, seed, size and a digest of the generator's code; ``--fresh`` makes
them again, ``--drop`` removes them afterwards).

- **ours**: ``locate(PersonQuery(...))`` for six requests (planted people by BSN, e-mail, phone, name + date
  of birth, patient number): index lookups, the person's records (and everything that belongs to them:
  appointments, notes, invoices, ...) read from the index, each key confirmed in the live system (one round
  trip per system). Median over ``--repeat`` rounds in one process holding a connection pool per system, as a
  worker does; the first request of the process and one with new connections are printed too.
- **naive** (baseline): read every row of every table of both vendor databases and compare every value with
  the person's identifier, the way a search without an index has to; timed on the first
  ``--naive-requests`` requests (one by default: at 1M a scan takes minutes).

    python bench/requests.py --drop             # 1,000,000 patients per system
    python bench/requests.py --patients 10000 --repeat 3

Prints the setup times, the per-request times, the naive scan's time, the ratio and the load average (the
machine this runs on is shared: say how loaded it was).
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

from bench.server_fill import SERVER, fill_practice  # noqa: E402 - after the path is set

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


def _generator_digest(generator: str) -> str:
    """Changes when the code that makes the systems changes: a cached database is then made again."""
    import hashlib

    digest = hashlib.sha256(generator.encode())
    files = [ROOT / "bench" / "server_fill.py"] if generator == "sql" else []
    for path in [*files, *sorted((ROOT / "fixtures" / "practice").glob("*.py"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def _generate(url: str, system: str, patients: int, generator: str) -> None:
    """Make one system (by the server, or by the Python generator with ``COPY``), then write the marker table
    that says it finished."""
    if generator == "sql":
        fill_practice(url, system, patients, seed=SEED)
    else:
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


def person_requests(patients: int) -> list[tuple[str, object, set[str]]]:
    """The requests the benchmark makes, one per planted person and kind of identifier (what a request
    form gives): (label, ``PersonQuery``, the values a naive scan compares every value with; for the name
    request the naive scan is not meaningful, it compares whole values only)."""
    from fixtures.practice.synthetic import SYSTEMS, case_hosts, subject_cases
    from transforms.requests.identity import PersonQuery

    cases = subject_cases(SEED)
    both, staff, visitor = cases["both_vendors"], cases["staff_patient"], cases["visitor_patient"]
    head, namesake = cases["family_head"], cases["namesake_a"]
    number = SYSTEMS["exquise"].patient_number_format % case_hosts("exquise", patients)["both_vendors"]
    return [
        ("BSN, patient of both vendors", PersonQuery(bsn=both.bsn), {both.bsn}),
        ("BSN, staff member and patient", PersonQuery(bsn=staff.bsn), {staff.bsn}),
        (
            "e-mail + name + date of birth, visitor who became a patient",
            PersonQuery(email=visitor.email, name=visitor.full_name, date_of_birth=visitor.date_of_birth),
            {visitor.email.lower()},
        ),
        (
            "phone + name + date of birth, parent sharing an e-mail",
            PersonQuery(phone=head.mobile, name=head.full_name, date_of_birth=head.date_of_birth),
            {head.mobile},
        ),
        (
            "name + date of birth, one of two namesakes",
            PersonQuery(name=namesake.full_name, date_of_birth=namesake.date_of_birth),
            {namesake.full_name.replace(" ", "").lower()},
        ),
        ("patient number", PersonQuery(patient_numbers=(("exquise", number),)), {number.lower()}),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--patients", type=int, default=1_000_000, help="patients per practice system")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the six requests (median over all)")
    parser.add_argument("--naive-requests", type=int, default=1, help="requests the naive scan is timed on")
    parser.add_argument(
        "--generator",
        choices=["sql", "python"],
        default="sql",
        help="sql: the server makes the rows (bench/server_fill.py); python: fixtures.practice with COPY (hours at 1M)",
    )
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--fresh", action="store_true", help="regenerate the cached databases and staging")
    parser.add_argument("--drop", action="store_true", help="drop the databases and staging afterwards")
    parser.add_argument("--skip-naive", action="store_true", help="do not run the (slow) naive scan")
    parser.add_argument("--prefix", default="dcn_bench_req", help="name prefix of the generated databases")
    args = parser.parse_args()

    from transforms import settings
    from transforms.requests.locate import build_lookup_index, locate
    from transforms.sources.config import load_sources
    from transforms.sources.extract import extract_source

    admin = create_engine(args.server, isolation_level="AUTOCOMMIT")
    tag = f"{args.generator}_s{SEED}_p{args.patients}_{_generator_digest(args.generator)}"
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
            # one process per system (the Python generator uses a core each; the server's fill one backend each)
            with ProcessPoolExecutor(max_workers=len(todo)) as pool:
                for future in [pool.submit(_generate, urls[s], s, args.patients, args.generator) for s in todo]:
                    future.result()
            generated = time.monotonic() - started
        rows = 0
        if not (work / "extracted").exists():
            started = time.monotonic()
            for system, url in urls.items():
                report = extract_source(
                    sources[system],
                    url,
                    UPPER,
                    data_root=work / "data",
                    register_url=f"sqlite:///{work / 'register.db'}",
                )
                rows += sum(e.rows for e in report.entities)
            (work / "extracted").touch()
            extracted = time.monotonic() - started
        started = time.monotonic()
        build_lookup_index(work / "data")
        indexed = time.monotonic() - started
        print(
            f"setup: {args.patients:,} patients per system (2 systems, PostgreSQL, {args.generator} generator); "
            f"generate {generated:.1f} s, extract {extracted:.1f} s ({rows:,} rows; 0: cached in {work}), "
            f"lookup index {indexed:.1f} s (0: current); load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )

        requests = person_requests(args.patients)
        # the connections a worker holds (one pool per practice system), as the naive scan has its own
        engines = {s: create_engine(u) for s, u in urls.items()}
        started = time.monotonic()
        locate(requests[0][1], sources=engines, data_root=work / "data")  # first: imports, opening the index
        first = time.monotonic() - started
        times: list[float] = []
        per_request: dict[str, list[float]] = {}
        outcome: dict[str, str] = {}
        for _ in range(args.repeat):
            for label, query, _values in requests:
                started = time.monotonic()
                result = locate(query, sources=engines, data_root=work / "data")
                times.append(time.monotonic() - started)
                per_request.setdefault(label, []).append(times[-1])
                outcome[label] = f"{result.status}, {len(result.matches)} matches, {len(result.records())} records"
        started = time.monotonic()
        locate(requests[0][1], sources=urls, data_root=work / "data")
        cold = time.monotonic() - started
        for engine in engines.values():
            engine.dispose()
        ours = statistics.median(times)
        for label, seconds in per_request.items():
            print(f"  {label}: {statistics.median(seconds) * 1000:.0f} ms ({outcome[label]})")
        print(
            f"ours:  {ours * 1000:.0f} ms per request (median of {len(times)}: {args.repeat} rounds of "
            f"{len(requests)} requests; min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms); first "
            f"request of the process {first * 1000:.0f} ms; with new connections {cold * 1000:.0f} ms; "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        if args.skip_naive:
            return
        naive_times = []
        for label, _query, values in requests[: args.naive_requests]:
            started = time.monotonic()
            hits = naive_scan(urls, values)
            naive_times.append(time.monotonic() - started)
            print(f"  naive, {label}: {naive_times[-1]:.1f} s, {hits} rows hit", flush=True)
        naive = statistics.median(naive_times)
        print(
            f"naive: {naive:.1f} s per request (full scan of every table of both systems, median of "
            f"{len(naive_times)}); load average {os.getloadavg()[0]:.1f}"
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
