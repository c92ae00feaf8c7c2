"""Benchmark: dispose (with archive) N expired payment rows on PostgreSQL: the retention engine against a naive
SQLAlchemy ORM loop, measured in the same run, each contender in a fresh process (so peak RSS is its own).

The rows: Exquise ``betalingen`` (payments) of fiscal years 2019-2023, made by the server (generate_series).
As of 2026-11-01 they are past the billing class's archive stage (2 years) and within its term (7 years), so
each must be **archived** (encrypted, verified) before it may leave the live system.

- **ours**: plan (dry run over the staged canonical rows, hashed ids in the register) -> approve -> archive
  (AES-GCM per record, read back and verified, recorded) -> dispose (journalled batches, holds re-checked under
  lock, DELETE by key) -> verify (live re-query). The extraction into staging is setup, timed apart.
- **naive** (baseline): an ORM session loads each expired payment as an object, archives it the naive way
  (its columns as JSON, AES-GCM-encrypted, one line appended to a file), deletes it and commits, one at a time.
  It runs on a subset (``--naive-rows``, its own database): rows/s is a rate.

Memory flatness: ours runs at N/4 and N rows; its peak should not grow with N.

    python bench/retention.py                       # 1,000,000 rows (PostgreSQL at 127.0.0.1:5432, user postgres)
    python bench/retention.py --rows 200000 --naive-rows 2000
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: this repository first

from bench.server_fill import SERVER, create_tables, fill_series  # noqa: E402 - after the path is set

AS_OF = dt.date(2026, 11, 1)
UPPER = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.timezone.utc)
NOW = dt.datetime(2026, 11, 1, 3, 0, tzinfo=dt.timezone.utc)
PLAN_ID = "retention__scheduled__2026-10-31T23:00:00+00:00"  # as the DAG names it: the id is in every register row
KEYS = {
    "DCN_RETENTION_HASH_KEY": "bench-retention-hash-key-0123456789abcdef",  # bench-only secrets
    "DCN_ARCHIVE_MASTER_KEY": base64.b64encode(bytes(range(32))).decode(),
}


def fill(url: str, rows: int) -> None:
    """The Exquise schema (every table, so the plan can check its automatic holds) with ``rows`` payments."""
    create_tables(url, "exquise")
    engine = create_engine(url)
    with engine.begin() as conn:
        fill_series(
            conn,
            "betalingen",
            rows,
            {
                "betaling_id": "i",
                "factuur_id": "i",
                "patnr": "i % 50000 + 1",
                "betaald_op": "DATE '2019-01-01' + (i % 1800)",
                "bedrag": "(i % 25000) / 100.0 + 5",
                "iban_betaler": "'NL' || lpad((i % 97)::text, 2, '0') || 'BANK' || lpad(i::text, 10, '0')",
                "methode": "(ARRAY['pin','overboeking','incasso','verzekeraar'])[i % 4 + 1]",
                "gewijzigd_op": "TIMESTAMP '2019-01-01 09:00' + (i % 1800) * INTERVAL '1 day'",
            },
        )
    engine.dispose()


def live_rows(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT COUNT(*) FROM betalingen")).scalar_one()
    engine.dispose()
    return count


def extract(url: str, folder: Path) -> float:
    """Setup, in the parent process (its memory is not the contender's): the staging the plan reads."""
    from transforms.sources.config import get_source
    from transforms.sources.extract import extract_source

    started = time.perf_counter()
    extract_source(
        get_source("exquise"), url, UPPER, data_root=folder / "data", register_url=f"sqlite:///{folder}/extract.db"
    )
    return time.perf_counter() - started


def ours(url: str, register_url: str, batch_size: int | None, data_root: Path) -> dict:
    from transforms import register
    from transforms.retention import archive, dispose, verify
    from transforms.retention.approval import auto_approve, decide
    from transforms.retention.plan import make_plan

    phases: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        engine = register.register_engine(register_url)
        started = time.perf_counter()
        summary = make_plan(AS_OF, register_url=register_url, data_root=data_root, plan_id=PLAN_ID, created_at=NOW)
        auto_approve(engine, PLAN_ID, decided_at=NOW)
        decide(engine, PLAN_ID, decided_by="bench", decided_at=NOW, approve=["billing"])
        phases["plan"] = time.perf_counter() - started
        started = time.perf_counter()
        archived = archive.archive_class(
            engine, PLAN_ID, "billing", now=NOW, data_root=data_root, root=Path(folder) / "archive"
        )
        phases["archive"] = time.perf_counter() - started
        started = time.perf_counter()
        results = dispose.dispose_class(
            engine,
            PLAN_ID,
            "billing",
            source_urls={"exquise": url},
            now=NOW,
            data_root=data_root,
            batch_size=batch_size or dispose.BATCH_ROWS,
        )
        phases["dispose"] = time.perf_counter() - started
        started = time.perf_counter()
        report = verify.verify_disposed(engine, source_urls={"exquise": url})
        phases["verify"] = time.perf_counter() - started
        engine.dispose()
    done = sum(r.done for r in results if r.entity == "payment")
    if not report["ok"] or live_rows(url) != 0:
        raise SystemExit("ours: payments left in the live system")
    return {
        "rows": done,
        "archived": sum(b.archived for b in archived),
        "planned": summary["classes"]["billing"]["archive"],
        "seconds": sum(phases.values()),
        "phases": phases,
    }


def naive(url: str) -> dict:
    """One ORM object at a time: load, archive (JSON, AES-GCM, append a line), delete, commit."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from sqlalchemy import select
    from sqlalchemy.ext.automap import automap_base
    from sqlalchemy.orm import Session

    engine = create_engine(url)
    base = automap_base()
    base.prepare(autoload_with=engine)
    payment = base.classes.betalingen
    columns = [c.name for c in payment.__table__.columns]
    aes = AESGCM(base64.b64decode(KEYS["DCN_ARCHIVE_MASTER_KEY"]))
    started = time.perf_counter()
    done = 0
    with (
        tempfile.TemporaryDirectory() as folder,
        open(Path(folder) / "archive.jsonl", "w") as out,
        Session(engine) as session,
    ):
        ids = session.scalars(select(payment.betaling_id).order_by(payment.betaling_id)).all()
        for payment_id in ids:
            row = session.get(payment, payment_id)
            if not (2019 <= row.betaald_op.year <= AS_OF.year - 3):  # past the archive stage, within the term
                continue
            plain = json.dumps({c: getattr(row, c) for c in columns}, default=str).encode()
            nonce = os.urandom(12)
            out.write(
                json.dumps(
                    {"id": payment_id, "nonce": nonce.hex(), "ciphertext": aes.encrypt(nonce, plain, None).hex()}
                )
                + "\n"
            )
            out.flush()
            session.delete(row)
            session.commit()
            done += 1
    seconds = time.perf_counter() - started
    engine.dispose()
    if live_rows(url) != 0:
        raise SystemExit("naive: payments left in the live system")
    return {"rows": done, "seconds": seconds, "phases": {}}


def measure(kind: str, rows: int, server: str, batch_size: int | None) -> dict:
    """Fill a fresh database, run one contender in its own process, drop the database."""
    from tests.databases import fresh_database

    with (
        fresh_database(server, "PostgreSQL") as url,
        fresh_database(server, "PostgreSQL") as register_url,
        tempfile.TemporaryDirectory() as folder,
    ):
        started = time.perf_counter()
        fill(url, rows)
        filled = time.perf_counter() - started
        extracted = extract(url, Path(folder)) if kind == "ours" else 0.0
        command = [
            sys.executable,
            __file__,
            "--worker",
            kind,
            "--url",
            url,
            "--register-url",
            register_url,
            "--data-root",
            str(Path(folder) / "data"),
        ] + (["--batch-size", str(batch_size)] if batch_size else [])
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **KEYS})
        from transforms import register

        register.register_engine(register_url).dispose()
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["fill_seconds"], result["extract_seconds"] = filled, extracted
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--naive-rows", type=int, default=5_000, help="the naive loop's subset (its own database)")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help="dispose batch size (ours; default: the engine's, dispose.BATCH_ROWS)",
    )
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL (databases are created and dropped)")
    parser.add_argument("--worker", choices=["ours", "naive"], help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--register-url", help=argparse.SUPPRESS)
    parser.add_argument("--data-root", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        result = (
            ours(args.url, args.register_url, args.batch_size, args.data_root)
            if args.worker == "ours"
            else naive(args.url)
        )
        usage = resource.getrusage(resource.RUSAGE_SELF)
        result["peak_mb"] = usage.ru_maxrss / 1024
        result["cpu_seconds"] = usage.ru_utime + usage.ru_stime  # DuckDB's threads included; the server's not
        print(json.dumps(result))
        return 0

    print(f"naive ORM loop on {args.naive_rows:,} rows ...", flush=True)
    baseline = measure("naive", args.naive_rows, args.server, args.batch_size)
    quarter = args.rows // 4
    print(f"ours on {quarter:,} rows ...", flush=True)
    small = measure("ours", quarter, args.server, args.batch_size)
    print(f"ours on {args.rows:,} rows ...", flush=True)
    large = measure("ours", args.rows, args.server, args.batch_size)

    def line(name: str, r: dict) -> str:
        return (
            f"{name:44} {r['rows']:>9,} rows {r['seconds']:>8.1f} s {r['rows'] / r['seconds']:>9,.0f} rows/s "
            f"peak {r['peak_mb']:>6,.0f} MB, CPU {r['cpu_seconds']:>6.1f} s"
        )

    print(line("naive ORM loop, row by row (baseline)", baseline))
    print(line(f"ours, {quarter:,} rows", small))
    print(line(f"ours, {args.rows:,} rows", large))
    print(
        "  phases (s): "
        + ", ".join(f"{k} {v:.1f}" for k, v in large["phases"].items())
        + f"; setup, not timed: fill {large['fill_seconds']:.1f}, extract into staging {large['extract_seconds']:.1f}"
    )
    ratio = (large["rows"] / large["seconds"]) / (baseline["rows"] / baseline["seconds"])
    print(
        f"speed ratio ours/naive (rows/s): {ratio:.1f}x (target >= 20x); "
        f"memory growth {args.rows // quarter}x rows: {large['peak_mb'] / small['peak_mb']:.2f}x (target ~1)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
