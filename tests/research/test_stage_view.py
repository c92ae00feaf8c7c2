"""The build's view of a table's staged entity: the newest version of every key, with or without the window."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.kernel import staging
from transforms.research.build import connect, stage_view


def _stage(root, run: str, ids: list[str], codes: list[str]) -> None:
    path = staging.partition_dir("exquise", "treatment", run, data_root=root)
    path.mkdir(parents=True, exist_ok=True)
    (path / staging.MANIFEST).write_text(json.dumps({"entity": "treatment"}))
    table = pa.table({"source_system": ["exquise"] * len(ids), "treatment_id": ids, "treatment_code": codes})
    pq.write_table(table, path / staging.DATA_FILE)


def _rows(con) -> list[tuple]:
    return con.execute("SELECT treatment_id, treatment_code FROM s_treatment ORDER BY 1").fetchall()


def test_unique_keys_read_as_staged_and_a_key_staged_twice_keeps_its_newest_version(tmp_path):
    _stage(tmp_path, "20261101T000000Z", ["1", "2"], ["C11", "C13"])
    con = connect()
    stage_view(con, "treatment", "treatment_id", tmp_path, read_often=True)
    assert _rows(con) == [("1", "C11"), ("2", "C13")]
    assert (
        "row_number"
        not in con.execute("SELECT sql FROM duckdb_views() WHERE view_name = 's_treatment'").fetchall()[0][0]
    )
    _stage(tmp_path, "20261102T000000Z", ["2", "3"], ["X10", "V91"])  # key 2 again, newer
    for read_often in (True, False):
        stage_view(con, "treatment", "treatment_id", tmp_path, read_often=read_often)
        assert _rows(con) == [("1", "C11"), ("2", "X10"), ("3", "V91")]
