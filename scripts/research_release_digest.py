"""Digests of a research release, to show that a change leaves what is published unchanged.

Publishes the named datasets (default ``treatments``) from the staging under ``--data-root`` with a fixed key,
``as_of`` and version (or, with ``--current``, only reads the current releases), then prints one line per
release file: its sha256, and for a Parquet file or a table of the analyst DuckDB file the sha256 of its rows
sorted (the content whatever the order; a DuckDB file's bytes carry its page layout, so only its tables
count). Run before and after a change on the same staging and compare the output:

    python bench/research_utility.py ...  # or any staging, e.g. the one tests/research generate
    python scripts/research_release_digest.py --data-root /tmp/staging > before.txt
    ... change ...
    python scripts/research_release_digest.py --data-root /tmp/staging > after.txt && diff before.txt after.txt

Digests only: never a value of the release.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
from pathlib import Path

KEY = b"bench-research-master-key-0123456789abcdef"
VERSION = "20261102T000000Z"


def rows_digest(con, relation: str) -> str:
    digest = hashlib.sha256()
    for row in con.execute(f"SELECT * FROM {relation} ORDER BY ALL").fetchall():
        digest.update(repr(row).encode())
    return digest.hexdigest()


def release_digests(release: Path) -> list[str]:
    import duckdb

    lines = []
    for path in sorted(release.iterdir()):
        name = f"{release.parent.parent.name}/{path.name}"
        if path.suffix == ".duckdb":
            with duckdb.connect(str(path), read_only=True) as con:
                tables = con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()
                lines += [f"{name}:{t} rows {rows_digest(con, t)}" for (t,) in tables]
            continue
        lines.append(f"{name} bytes {hashlib.sha256(path.read_bytes()).hexdigest()}")
        if path.suffix == ".parquet":
            with duckdb.connect() as con:
                relation = f"read_parquet('{path}')"
                lines.append(f"{name} rows {rows_digest(con, relation)}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="*", default=["treatments"])
    parser.add_argument("--data-root", type=Path, required=True)
    parser.add_argument("--current", action="store_true", help="digest the current releases, publish nothing")
    args = parser.parse_args()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from transforms.research.publish import current_release, publish_dataset

    for name in args.datasets:
        if not args.current:
            publish_dataset(
                name,
                key=KEY,
                as_of=dt.date(2026, 11, 1),
                data_root=args.data_root,
                run_key=VERSION,
                register_url=f"sqlite:///{args.data_root / 'register.db'}",
            )
        release = current_release(name, args.data_root)
        if release is None:
            raise SystemExit(f"{name}: no current release under {args.data_root}")
        print("\n".join(release_digests(release)))


if __name__ == "__main__":
    main()
