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

from sqlalchemy import Table
from sqlalchemy.engine import Connection

CHUNK = 50_000


def _csv_value(value: object) -> object:
    if value is None:
        return r"\N"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\x" + bytes(value).hex()
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def insert(conn: Connection, table: Table, rows: Sequence[dict]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` on the caller's connection."""
    if not rows:
        return
    if conn.dialect.name != "postgresql" or conn.dialect.driver != "psycopg2":
        for start in range(0, len(rows), 5000):
            conn.execute(table.insert(), list(rows[start:start + 5000]))
        return
    columns = list(rows[0])
    raw = conn.connection.driver_connection
    statement = (f'COPY "{table.name}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN '
                 r"WITH (FORMAT csv, NULL '\N')")
    with raw.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            # column by column: one type test per column (per value only where a column mixes types)
            writer.writerows(zip(*(_csv_column([row[c] for row in chunk]) for c in columns)))
            buffer.seek(0)
            cursor.copy_expert(statement, buffer)


def _csv_column(values: list) -> list:
    """``_csv_value`` of every value of one column; a column of plain text or numbers (bool excluded) as is."""
    kinds = {type(v) for v in values}
    if kinds <= {str} or (kinds <= {int, float} and bool not in kinds):
        return values
    if kinds == {str, type(None)}:
        return [r"\N" if v is None else v for v in values]
    memo: dict = {}  # dates, times and flags repeat (one moment per batch): convert each distinct value once
    out = []
    for v in values:
        k = (type(v), v)
        try:
            out.append(memo[k])
        except KeyError:
            out.append(memo.setdefault(k, _csv_value(v)))
        except TypeError:  # unhashable
            out.append(_csv_value(v))
    return out


def among(conn: Connection, column, values: Sequence):
    """``column IN values`` for a long list: on PostgreSQL ``column = ANY(:array)`` (one parameter: nothing
    to render or plan per value), elsewhere an ordinary IN."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy import any_, bindparam
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(list(values))
