"""Bulk inserts into the privacy register: PostgreSQL ``COPY`` (the production register), else batched INSERTs.

Journal entries, plan items, archive records and data keys are written in the hundreds of thousands per night;
row-by-row parameter binding costs more than the work they record. Same transaction semantics as an INSERT:
the rows are part of the caller's connection and transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv
from sqlalchemy import Select, Table
from sqlalchemy.engine import Connection

CHUNK = 50_000


def insert(conn: Connection, table: Table, rows: Sequence[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` on the caller's connection."""
    if not rows:
        return
    if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg2":
        for start in range(0, len(rows), 5000):
            conn.execute(table.insert(), list(rows[start : start + 5000]))
        return
    columns = list(rows[0])
    raw = conn.connection.driver_connection
    # every value quoted, NULL unquoted: an empty string stays an empty string, a None is NULL
    statement = (
        f'COPY "{table.name}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN WITH (FORMAT csv)'
    )
    options = pa_csv.WriteOptions(include_header=False, quoting_style="all_valid")
    with raw.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            # column by column into Arrow, written as CSV in C++ (the csv module cost more than the COPY itself)
            batch = pa.table({c: _arrow_column([row[c] for row in chunk]) for c in columns})
            buffer = io.BytesIO()
            pa_csv.write_csv(batch, buffer, options)
            buffer.seek(0)
            cursor.copy_expert(statement, buffer)


def _arrow_column(values: list) -> pa.Array:
    """One column for COPY: bytes as PostgreSQL's hex ``bytea`` text, a column of mixed types as text."""
    kinds = {type(v) for v in values} - {type(None)}
    if kinds & {bytes, bytearray, memoryview}:
        values = [None if v is None else "\\x" + bytes(v).hex() for v in values]
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array(
            [None if v is None else v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v) for v in values],
            type=pa.string(),
        )


def refresh_statistics(conn: Connection, *tables: Table) -> None:
    """PostgreSQL ``ANALYZE`` of tables that may just have grown by a million rows (autovacuum comes later):
    without it the planner joins them by a million index probes instead of one hash join (measured: 10 s vs
    1 s at a million plan items)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE " + ", ".join(f'"{t.name}"' for t in tables))


def export_csv(conn: Connection, query: Select, path: Path) -> None:
    """Write the rows of ``query`` to a CSV file with a header (NULL as an empty field, flags as t/f), for
    DuckDB to join: on PostgreSQL by ``COPY ... TO STDOUT``, streamed by the server; elsewhere fetched in chunks."""
    names = [c.name for c in query.selected_columns]
    with open(path, "w", newline="", encoding="utf-8") as out:
        if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg2":
            sql = str(query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
            with conn.connection.driver_connection.cursor() as cursor:
                cursor.copy_expert(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)", out)
            return
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(names)
        result = conn.execution_options(stream_results=True).execute(query)
        while rows := result.fetchmany(CHUNK):
            writer.writerows(
                [("" if v is None else ("t" if v else "f") if isinstance(v, bool) else v) for v in row] for row in rows
            )


def among(conn: Connection, column, values: Sequence):
    """``column IN values`` for a long list: on PostgreSQL ``column = ANY(:array)`` (one parameter: nothing
    to render or plan per value), elsewhere an ordinary IN."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy import any_, bindparam
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(list(values))
