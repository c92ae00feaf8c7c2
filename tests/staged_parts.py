"""Committed staging partitions written straight from columns, for tests of the readers of staged state."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.kernel import staging


def stage(root: Path, entity: str, run: str, columns: dict[str, list], source: str = "exquise") -> None:
    """One committed partition of ``entity`` in ``source`` for ``run`` with these columns (and
    ``source_system``), in the layout ``staging.staged_files`` lists."""
    rows = len(next(iter(columns.values())))
    folder = staging.partition_dir(source, entity, run, data_root=root)
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table({"source_system": [source] * rows, **columns}), folder / staging.DATA_FILE)
    (folder / staging.MANIFEST).write_text(json.dumps({"entity": entity, "rows": rows}))
