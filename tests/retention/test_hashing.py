"""The keyed hash computed inside DuckDB (streamed steps) must equal the Python one (plan, audit, tombstones):
a record hashed differently would silently fall out of the plan it is on."""

import duckdb
import pytest

from transforms.retention import hashing


def _duckdb_hashes(key: bytes, entity: str, rows: list[tuple[str, str]]) -> list[str]:
    sql, params = hashing.hashed_id_sql(key, entity, "record_key")
    with duckdb.connect() as con:
        con.execute("CREATE TABLE t (source_system VARCHAR, record_key VARCHAR)")
        con.executemany("INSERT INTO t VALUES (?, ?)", rows)
        return [r[0] for r in con.execute(f"SELECT {sql} FROM t ORDER BY rowid", params).fetchall()]


@pytest.mark.parametrize(
    "key",
    [b"k" * 32, b"e" * 64, b"long-" * 30, "sleutel-é-ß-0123456789abcdef0123".encode()],
    ids=["short", "one-block", "longer-than-a-block", "non-ascii"],
)
def test_duckdb_hash_equals_hash_id(key):
    rows = [("exquise", "12"), ("oase", "Ä-3 x"), ("exquise", ""), ("oase", "0012")]
    assert _duckdb_hashes(key, "payment", rows) == hashing.hash_ids(
        key, [s for s, _ in rows], "payment", [k for _, k in rows]
    )


def test_duckdb_hash_depends_on_entity_and_key():
    rows = [("exquise", "1")]
    one = _duckdb_hashes(b"k" * 32, "payment", rows)
    assert one != _duckdb_hashes(b"k" * 32, "invoice", rows)
    assert one != _duckdb_hashes(b"j" * 32, "payment", rows)
