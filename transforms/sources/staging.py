"""Writing the staging: partitions written atomically, and the run manifest.

The layout itself (paths, run keys, committed partitions, the current-state query) is the kernel's
(``transforms.kernel.staging``), because every capability reads it; it is re-exported here for the modules
that still import it from ``transforms.sources.staging``. A partition is written in a temporary folder and
renamed into place, so a reader never sees half a partition and a re-run replaces it whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.kernel.staging import (  # noqa: F401
    DATA_FILE,
    MANIFEST,
    committed_partitions,
    partition_dir,
    quarantine_dir,
    read_entity,
    read_manifest,
    run_key,
    run_manifest_path,
    staging_root,
)


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
            manifest = {
                **manifest,
                "rows": self.rows,
                "file": self.file_name,
                "sha256": sha256_of(self.tmp_dir / self.file_name),
            }
            (self.tmp_dir / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
        _swap_into_place(self.tmp_dir, self.final_dir)
        return self.final_dir

    def abort(self) -> None:
        if self._writer is not None:
            self._writer.close()
        shutil.rmtree(self.tmp_dir, ignore_errors=True)


def single_run_key(summaries: list[dict]) -> str:
    """The run key the sources' summaries share; ``ValueError`` when there are none or they disagree."""
    if not summaries:
        raise ValueError("no source was extracted")
    keys = {s["run_key"] for s in summaries}
    if len(keys) != 1:
        raise ValueError(f"sources disagree on the run key: {sorted(keys)}")
    return keys.pop()


def write_run_manifest(summaries: list[dict], quality: dict | None = None, data_root: Path | None = None) -> dict:
    """Write ``runs/<run_key>.json`` for one extraction run: the sources' summaries (counts only), their
    totals and the source quality gate's summary (None: the gate has not run). The privacy page and the
    demo read it (``transforms.overview.staging``). Called by the CLI ``extract`` and by the Airflow glue.

    Every summary must carry the same ``run_key``; returns the totals written.
    """
    key = single_run_key(summaries)
    manifest = {
        "run_key": key,
        "sources": summaries,
        "quality": quality,
        "rows": sum(s["rows"] for s in summaries),
        "quarantined": sum(s["quarantined"] for s in summaries),
    }
    path = run_manifest_path(key, data_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    # written aside and renamed: the privacy page may read it at any moment
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    os.replace(tmp, path)
    return {"run_key": key, "rows": manifest["rows"], "quarantined": manifest["quarantined"]}
