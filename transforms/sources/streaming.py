"""Stream a query's rows as pandas chunks with bounded memory, the fastest way each engine allows.

- PostgreSQL (psycopg2): ``COPY (query) TO STDOUT`` as CSV, written by a thread into a pipe and read by
  Arrow's streaming CSV reader block by block. Every value arrives as text, as from SQLite, and the
  canonical conversion parses it.
- Other engines: a server-side cursor (``stream_results``; pymysql's SSCursor on MariaDB) read in
  ``chunk_size`` rows.

Text that is not valid UTF-8 never stops a source: on SQLite (which stores whatever bytes it is given) each
text value is decoded here, and an undecodable one arrives as :class:`InvalidText` (its text with U+FFFD
replacements, marked) for the conversion to quarantine by column and kind. The driver's own error would
have stopped the source and repeated the value in its message.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pandas as pd
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import TextClause

NULL_MARK = "\\N"
COPY_BLOCK_BYTES = 2 << 20  # ~20k rows of a typical table: memory stays flat


class InvalidText(str):
    """A source text value that was not valid UTF-8 (shown with U+FFFD where bytes could not be decoded)."""

    __slots__ = ()


def decode_text(raw: bytes) -> str:
    """SQLite ``text_factory``: UTF-8 text, or an :class:`InvalidText` marker instead of a driver error."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return InvalidText(raw.decode("utf-8", errors="replace"))


def stream_frames(engine: Engine, statement: TextClause, params: dict, chunk_size: int) -> Iterator[pd.DataFrame]:
    if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg2":
        yield from _copy_frames(engine, statement, params)
        return
    with engine.connect().execution_options(stream_results=True, yield_per=chunk_size) as conn:
        if engine.dialect.name == "sqlite":
            conn.connection.dbapi_connection.text_factory = decode_text
        result = conn.execute(statement, params)
        columns = list(result.keys())
        for chunk in result.partitions(chunk_size):
            # plain tuples: DataFrame.from_records on Row objects is several times slower
            yield pd.DataFrame([tuple(row) for row in chunk], columns=columns, dtype=object)


def _copy_frames(engine: Engine, statement: TextClause, params: dict) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.csv as csv

    compiled = statement.compile(dialect=engine.dialect)
    raw = engine.raw_connection()
    reader_file = writer_file = None
    producer: threading.Thread | None = None
    failure: list[BaseException] = []
    try:
        cursor = raw.cursor()
        query = cursor.mogrify(str(compiled), compiled.construct_params(params)).decode()
        cursor.execute(f"SELECT * FROM ({query}) AS q LIMIT 0")
        columns = [d.name for d in cursor.description]
        read_fd, write_fd = os.pipe()
        reader_file, writer_file = os.fdopen(read_fd, "rb"), os.fdopen(write_fd, "wb")

        def produce() -> None:
            try:
                cursor.copy_expert(
                    f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER false, NULL '{NULL_MARK}', ENCODING 'UTF8')",
                    writer_file,
                    size=1 << 20,
                )
            except BaseException as exc:  # noqa: BLE001 - handed to the consumer below
                failure.append(exc)
            finally:
                writer_file.close()

        producer = threading.Thread(target=produce, name="pg-copy", daemon=True)
        producer.start()
        try:
            stream = csv.open_csv(
                reader_file,
                read_options=csv.ReadOptions(column_names=columns, block_size=COPY_BLOCK_BYTES, use_threads=True),
                parse_options=csv.ParseOptions(newlines_in_values=True),
                convert_options=csv.ConvertOptions(
                    column_types={c: pa.string() for c in columns},
                    null_values=[NULL_MARK],
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=False,
                ),
            )
        except pa.ArrowInvalid as exc:
            producer.join()
            if failure:
                raise failure[0] from None
            if "Empty CSV file" in str(exc):
                return  # an empty window
            raise
        for batch in stream:
            yield batch.to_pandas()
        producer.join()
        if failure:
            raise failure[0]
    except pa.ArrowInvalid as exc:  # a broken stream: report the database's error if it had one
        if producer is not None:
            reader_file.close()
            producer.join()
        raise (failure[0] if failure else exc) from None
    finally:
        if reader_file is not None and not reader_file.closed:
            reader_file.close()  # unblocks a producer still writing when the consumer stopped early
        if producer is not None:
            producer.join(timeout=30)
        raw.close()
