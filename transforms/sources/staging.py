"""The staging layout: canonical Parquet per source, entity and run, written atomically.

```
<data_root>/staging/<source>/<entity>/run=<run_key>/part-00000.parquet
                                                   /_manifest.json
<data_root>/quarantine/<source>/<entity>/run=<run_key>/rows.parquet
<data_root>/runs/<run_key>.json                      counts of the whole run
```
``run_key`` is the run's upper bound in UTC, ``YYYYMMDDTHHMMSSZ``, so keys sort in time order. A partition
holds the rows that changed in that run's window; ``read_entity`` gives the current state (the newest
version of every key). A partition is written in a temporary folder and renamed into place, so a reader
never sees half a partition and a re-run replaces it whole.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from transforms import settings

DATA_FILE = "part-00000.parquet"
MANIFEST = "_manifest.json"


def run_key(upper_bound: dt.datetime) -> str:
    if upper_bound.tzinfo is None:
        raise ValueError("the run's upper bound must be timezone-aware")
    return upper_bound.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def staging_root(data_root: Path | None = None) -> Path:
    return (data_root or settings.data_root()) / "staging"


def run_manifest_path(key: str, data_root: Path | None = None) -> Path:
    """Counts of a whole extraction run (all sources, the quality gate); kept outside ``staging/``, whose
    folders are sources only."""
    return (data_root or settings.data_root()) / "runs" / f"{key}.json"


def partition_dir(source: str, entity: str, key: str, data_root: Path | None = None) -> Path:
    return staging_root(data_root) / source / entity / f"run={key}"


def quarantine_dir(source: str, entity: str, key: str, data_root: Path | None = None) -> Path:
    return (data_root or settings.data_root()) / "quarantine" / source / entity / f"run={key}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _swap_into_place(tmp: Path, final: Path) -> None:
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(tmp, final)
    if old.exists():
        shutil.rmtree(old)


class PartitionWriter:
    """Streams Arrow tables into one Parquet file; ``commit`` moves the finished partition into place."""

    def __init__(self, final_dir: Path, schema: pa.Schema, file_name: str = DATA_FILE) -> None:
        self.final_dir = final_dir
        self.tmp_dir = final_dir.with_name(final_dir.name + f".tmp-{os.getpid()}")
        if self.tmp_dir.exists():
            shutil.rmtree(self.tmp_dir)
        self.tmp_dir.mkdir(parents=True)
        self.file_name = file_name
        self.schema = schema
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.tmp_dir / self.file_name, table.schema, compression="zstd")
        self._writer.write_table(table)
        self.rows += table.num_rows

    def commit(self, manifest: dict | None = None) -> Path:
        if self._writer is None:  # an empty window still gets a (typed, empty) file: readers need the schema
            pq.write_table(self.schema.empty_table(), self.tmp_dir / self.file_name, compression="zstd")
        else:
            self._writer.close()
        if manifest is not None:
            manifest = {**manifest, "rows": self.rows, "file": self.file_name,
                        "sha256": sha256_of(self.tmp_dir / self.file_name)}
            (self.tmp_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
        _swap_into_place(self.tmp_dir, self.final_dir)
        return self.final_dir

    def abort(self) -> None:
        if self._writer is not None:
            self._writer.close()
        shutil.rmtree(self.tmp_dir, ignore_errors=True)


def committed_partitions(source: str, entity: str, data_root: Path | None = None) -> list[Path]:
    """The finished partitions of one source and entity, oldest first (temporary folders excluded)."""
    base = staging_root(data_root) / source / entity
    if not base.exists():
        return []
    return sorted(p for p in base.glob("run=*") if p.is_dir() and (p / MANIFEST).exists()
                  and "." not in p.name)


def read_manifest(partition: Path) -> dict:
    return json.loads((partition / MANIFEST).read_text())


def read_entity(entity: str, key: str, sources: Iterable[str] | None = None, data_root: Path | None = None,
                columns: list[str] | None = None):
    """The current state of a canonical entity across sources: the newest staged version of every key.

    Returns a pandas DataFrame (loaded in one piece: for analysis-sized entities; use DuckDB on the
    partitions directly for larger work).
    """
    import duckdb

    root = staging_root(data_root)
    names = list(sources) if sources is not None else sorted(p.name for p in root.iterdir()) if root.exists() else []
    files: list[tuple[str, str]] = []
    for source in names:
        for partition in committed_partitions(source, entity, data_root):
            files.append((str(partition / DATA_FILE), partition.name.removeprefix("run=")))
    if not files:
        raise FileNotFoundError(f"nothing staged for entity {entity!r} under {root}")
    select = ", ".join(f'"{c}"' for c in columns) if columns else "* EXCLUDE (_run)"
    union = " UNION ALL ".join(f"SELECT *, '{run}' AS _run FROM read_parquet('{path}', hive_partitioning = false)" for path, run in files)
    query = (f"SELECT {select} FROM ({union}) QUALIFY row_number() OVER "
             f"(PARTITION BY source_system, \"{key}\" ORDER BY _run DESC) = 1 ORDER BY source_system, \"{key}\"")
    with duckdb.connect() as con:
        return con.execute(query).df()
