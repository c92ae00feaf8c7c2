"""Benchmark: extract N treatment rows from PostgreSQL into staging, against a naive ``pandas.read_sql``.

Both contenders run in a fresh process each (so peak memory is theirs alone) on the same table, in the
same run. Ours also converts to the canonical model and writes Parquet; the naive baseline only reads.
Memory flatness: ours is also measured on a quarter of the rows; its peak should not grow with the table.

    python bench/extract.py                  # 1,000,000 rows (PostgreSQL at 127.0.0.1:5432, user postgres)
    python bench/extract.py --rows 200000    # quicker
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: this repository first

from bench.server_fill import SERVER, create_tables, fill_series  # noqa: E402 - after the path is set

UPPER = dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)


def fill(url: str, rows: int) -> None:
    """The exquise schema with `rows` treatments, made by the server itself (generate_series)."""
    create_tables(url, "exquise", ["verrichtingen"])
    engine = create_engine(url)
    with engine.begin() as conn:
        fill_series(
            conn,
            "verrichtingen",
            rows,
            {
                "verrichting_id": "i",
                "patnr": "i % 150000 + 1",
                "praktijk_id": "i % 3 + 1",
                "behandelaar_id": "i % 40 + 1",
                "datum": "DATE '2000-01-01' + (i % 9000)",
                "prestatiecode": "(ARRAY['C11','V91','M03','X10','E13','H11'])[i % 6 + 1]",
                "element": "CASE WHEN i % 3 = 0 THEN NULL ELSE (i % 4 + 1) * 10 + (i % 8 + 1) END",
                "bedrag": "(i % 25000) / 100.0 + 15",
                "gewijzigd_op": "TIMESTAMP '2000-01-01 08:00' + (i % 9000) * INTERVAL '1 day' "
                "+ (i % 600) * INTERVAL '1 minute'",
            },
        )
    engine.dispose()


def worker(kind: str, url: str, limit: int | None) -> dict:
    started = time.perf_counter()
    if kind == "ours":
        from transforms.sources.config import get_source
        from transforms.sources.extract import extract_source

        with tempfile.TemporaryDirectory() as folder:
            source = get_source("exquise")
            if limit is not None:  # the same table, fewer rows: a where clause on the mapping
                mapping = source.entities["treatment"].model_copy(update={"where": f"verrichting_id <= {limit}"})
                source = source.model_copy(update={"entities": {**source.entities, "treatment": mapping}})
            report = extract_source(
                source,
                url,
                UPPER,
                entities=["treatment"],
                data_root=Path(folder) / "data",
                register_url=f"sqlite:///{folder}/register.db",
            )
            rows = report.rows
    else:
        import pandas as pd

        engine = create_engine(url)
        frame = pd.read_sql("SELECT * FROM verrichtingen", engine)
        rows = len(frame)
        engine.dispose()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows, "seconds": seconds, "peak_mb": peak_mb}


def measure(kind: str, url: str, limit: int | None = None) -> dict:
    command = [sys.executable, __file__, "--worker", kind, "--url", url]
    if limit is not None:
        command += ["--limit", str(limit)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL (a database is created and dropped)")
    parser.add_argument("--worker", choices=["ours", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.url, args.limit)))
        return 0

    from tests.databases import fresh_database  # one way to make a throwaway database

    with fresh_database(args.server, "PostgreSQL") as url:
        print(f"filling {args.rows:,} treatment rows ...", flush=True)
        fill(url, args.rows)
        naive = measure("naive", url)
        ours = measure("ours", url)
        ours_quarter = measure("ours", url, limit=args.rows // 4)
    ratio = naive["seconds"] / ours["seconds"]
    print(
        f"naive pandas.read_sql (baseline): {naive['rows']:>9,} rows  {naive['rows'] / naive['seconds']:>10,.0f} rows/s"
        f"  peak {naive['peak_mb']:>7,.0f} MB"
    )
    print(
        f"ours (stream + convert + Parquet): {ours['rows']:>9,} rows  {ours['rows'] / ours['seconds']:>10,.0f} rows/s"
        f"  peak {ours['peak_mb']:>7,.0f} MB"
    )
    print(
        f"ours on a quarter of the rows:     {ours_quarter['rows']:>9,} rows  "
        f"{ours_quarter['rows'] / ours_quarter['seconds']:>10,.0f} rows/s  peak {ours_quarter['peak_mb']:>7,.0f} MB"
    )
    print(
        f"speed ratio ours/naive: {ratio:.2f}x (target > 1); memory ours/naive: "
        f"{ours['peak_mb'] / naive['peak_mb']:.2f}; memory growth 4x rows: "
        f"{ours['peak_mb'] / ours_quarter['peak_mb']:.2f}x (target ~1)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
