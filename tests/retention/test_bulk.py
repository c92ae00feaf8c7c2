"""Bulk register writes and reads on a real PostgreSQL (COPY both ways) give back exactly what an INSERT would:
NULL stays NULL, an empty string stays empty, bytes, flags, dates and awkward text survive."""

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    select,
)

from tests.databases import POSTGRES, fresh_database
from transforms.retention import bulk

ROWS = [
    {
        "id": 1,
        "text": "",
        "blob": b"\x00\xffkey",
        "flag": True,
        "day": dt.date(2024, 2, 29),
        "moment": dt.datetime(2026, 11, 1, 3, 0, 0, 250),
    },
    {"id": 2, "text": None, "blob": None, "flag": False, "day": None, "moment": None},
    {
        "id": 3,
        "text": 'comma, "quote"\nnew line \\N é',
        "blob": b"",
        "flag": None,
        "day": dt.date(1999, 12, 31),
        "moment": dt.datetime(1999, 12, 31, 23, 59, 59),
    },
]


def _table() -> Table:
    return Table(
        "bulk_probe",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("text", String(100)),
        Column("blob", LargeBinary),
        Column("flag", Boolean),
        Column("day", Date),
        Column("moment", DateTime),
    )


def test_copy_insert_round_trips_every_kind_of_value(tmp_path):
    with fresh_database(POSTGRES, "PostgreSQL") as url:
        engine = create_engine(url)
        table = _table()
        table.metadata.create_all(engine)
        with engine.begin() as conn:
            bulk.insert(conn, table, ROWS)
        with engine.connect() as conn:
            got = [dict(r._mapping) for r in conn.execute(select(table).order_by(table.c.id))]
            # (an empty string would come back NULL through DuckDB's CSV reader: the exported columns never hold one)
            bulk.export_csv(
                conn,
                select(table.c.id, table.c.text, table.c.flag).where(table.c.id > 1).order_by(table.c.id),
                tmp_path / "out.csv",
            )
        engine.dispose()
    assert [{k: (bytes(v) if isinstance(v, memoryview) else v) for k, v in r.items()} for r in got] == ROWS
    import duckdb

    with duckdb.connect() as con:
        back = con.execute(
            f"SELECT * FROM read_csv('{tmp_path / 'out.csv'}', header = true, "
            "columns = {'id': 'INTEGER', 'text': 'VARCHAR', 'flag': 'BOOLEAN'})"
        ).fetchall()
    assert back == [(2, None, False), (3, 'comma, "quote"\nnew line \\N é', None)]


def test_generic_export_matches_on_sqlite(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'r.db'}")
    table = _table()
    table.metadata.create_all(engine)
    with engine.begin() as conn:
        bulk.insert(conn, table, ROWS)
        bulk.export_csv(conn, select(table.c.id, table.c.flag).order_by(table.c.id), tmp_path / "out.csv")
    import duckdb

    with duckdb.connect() as con:
        back = con.execute(
            f"SELECT * FROM read_csv('{tmp_path / 'out.csv'}', header = true, "
            "columns = {'id': 'INTEGER', 'flag': 'BOOLEAN'})"
        ).fetchall()
    assert back == [(1, True), (2, False), (3, None)]
