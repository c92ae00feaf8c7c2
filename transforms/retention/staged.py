"""Staged reads for retention: the current state of a canonical entity, read from the committed staging.

Plan, holds, archive, dispose and the quality gate all decide on the **staged** canonical values (never on the
live systems), so they read them the same way, here:

- ``read_staged``: a whole (small) entity as one frame (automatic holds, the parent a trigger comes from);
- ``read_batches``: a large entity streamed through DuckDB under a memory limit, in frames, with each row's
  keyed hash (the plan);
- ``planned_batches``: the staged records a stored plan lists, joined to their state in the register
  (archive, dispose).

"Current state" means the newest version per (source, key), as ``transforms.kernel.staging.read_entity``
returns it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from sqlalchemy import Table, select
from sqlalchemy.engine import Engine

from transforms.kernel import staging
from transforms.kernel.progress import progress
from transforms.register.schema import PLAN_ITEMS
from transforms.retention import bulk, hashing

STAGING_BATCH_ROWS = 100_000  # rows per streamed staging batch (plan, archive, dispose, gate)


def staged_sources(data_root: Path | None) -> list[str]:
    """Names of the source systems that have a staging folder (the default scope of a plan)."""
    root = staging.staging_root(data_root)
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []


def is_staged(source: str, entity: str, data_root: Path | None) -> bool:
    """Whether any committed partition of this entity exists for this source."""
    return bool(staging.committed_partitions(source, entity, data_root))


def read_staged(
    entity: str, key: str, columns: Iterable[str], sources: list[str], data_root: Path | None
) -> pd.DataFrame:
    """The current state of an entity in these sources, with ``source_system``, the key and ``columns`` only;
    an empty frame with those columns when nothing is staged."""
    names = [s for s in sources if is_staged(s, entity, data_root)]
    wanted = sorted({"source_system", key, *columns})
    if not names:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in wanted})
    return staging.read_entity(entity, key, sources=names, data_root=data_root, columns=wanted)


def staged_query(con, files: list[tuple[str, str]], key: str, columns: Iterable[str]) -> tuple[str, list[str]]:
    """DuckDB SQL for the current state of an entity among ``files`` (``staging.staged_files``: newest version
    per key, as ``read_entity``) with ``source_system``, the key and ``columns``, and those column names.
    Every caller scans it whole (streams, joins, aggregates), so it is ``staging.current_state_relation``,
    decided on ``con``, the connection that runs it: without the window when no key is staged twice."""
    wanted = sorted({"source_system", key, *columns})
    return staging.current_state_relation(con, files, key, wanted), wanted


@contextmanager
def duckdb_session() -> Iterator:
    """(connection, temporary folder): a DuckDB connection under the retention steps' memory limit, spilling
    to the temporary folder, which is removed afterwards."""
    import duckdb  # a heavy import, paid only by the steps that stream

    with tempfile.TemporaryDirectory(prefix="dcn-retention-") as folder, duckdb.connect() as con:
        con.execute(
            f"SET memory_limit = '256MB'; SET temp_directory = '{folder}'; SET threads = 2; "
            "SET preserve_insertion_order = false"
        )
        yield con, Path(folder)


def fetch_frames(result, batch_rows: int) -> Iterator[pd.DataFrame]:
    """A DuckDB result as pandas frames of about ``batch_rows`` rows (whole 2,048-row vectors)."""
    vectors = max(1, batch_rows // 2048)
    while True:
        frame = result.fetch_df_chunk(vectors)
        if frame.empty:
            break
        yield frame


def read_batches(
    entity: str,
    key: str,
    columns: Iterable[str],
    sources: list[str],
    data_root: Path | None,
    batch_rows: int = STAGING_BATCH_ROWS,
    hash_key: bytes | None = None,
) -> Iterator[pd.DataFrame]:
    """The current state of an entity (newest version per key, as ``read_entity``) in frames of at most
    ``batch_rows`` rows: DuckDB streams the partitions under a memory limit (spilling to a temporary folder), so
    memory does not grow with the entity. Same column types as ``read_entity``; with ``hash_key``, each row's
    keyed hash too (``_hashed_id``)."""
    files = staging.staged_files(entity, sources, data_root)
    if not files:
        return
    hashed, params = hashing.hashed_id_sql(hash_key, entity, key) if hash_key else (None, [])
    extra = f", {hashed} AS _hashed_id" if hashed else ""
    with duckdb_session() as (con, _):
        query, _ = staged_query(con, files, key, columns)
        yield from fetch_frames(
            con.execute(f'SELECT *{extra} FROM ({query}) ORDER BY source_system, "{key}"', params), batch_rows
        )


def planned_batches(
    engine: Engine,
    plan_id: str,
    class_id: str,
    entity: str,
    key: str,
    columns: Iterable[str],
    sources: list[str],
    data_root: Path | None,
    *,
    hash_key: bytes,
    stages: Iterable[str],
    archived: Table | None = None,
    journal: Table | None = None,
    subject: tuple[str, str] | None = None,
    by_subject: bool = False,
    batch_rows: int = STAGING_BATCH_ROWS,
) -> Iterator[pd.DataFrame]:
    """The staged records (as ``read_batches``) that the plan lists for this class, entity and stages, in
    frames, each row with ``_hashed_id``, ``_stage`` and, where the tables are given, ``_archived`` (a
    verified archive copy exists) and ``_journal`` (its dispose status in this class, or None); with
    ``subject`` (kind, column: ``RetentionPolicy.subject_column``), ``_subject_hash``: the data subject's
    keyed hash, or the record's own where it has no subject; ``by_subject``: a subject's records come together
    (in the same batch, as far as its size allows), else in key order.

    Set-based, so the cost per record does not grow with the register: the plan's items and their state come
    out of the register in **one** query (its joins are the register's, not a lookup per batch), are spooled to
    a CSV file (``bulk.export_csv``), and are joined to the staging inside DuckDB, which computes the keyed hashes too
    (``hashing.hashed_id_sql``). Memory stays bounded: both sides spill under DuckDB's limit."""
    files = staging.staged_files(entity, sources, data_root)
    if not files:
        return
    items = PLAN_ITEMS
    columns_out = [items.c.hashed_id, items.c.stage]
    joined = items
    if archived is not None:
        joined = joined.outerjoin(archived, archived.c.hashed_id == items.c.hashed_id)
        columns_out.append(archived.c.hashed_id.is_not(None).label("archived"))
    if journal is not None:
        joined = joined.outerjoin(
            journal, (journal.c.hashed_id == items.c.hashed_id) & (journal.c.class_id == class_id)
        )
        columns_out.append(journal.c.status.label("journal"))
    state = (
        select(*columns_out)
        .select_from(joined)
        .where(
            items.c.plan_id == plan_id,
            items.c.class_id == class_id,
            items.c.entity == entity,
            items.c.stage.in_(list(stages)),
        )
    )
    types = {"hashed_id": "VARCHAR", "stage": "VARCHAR", "archived": "BOOLEAN", "journal": "VARCHAR"}
    types = {c.name: types[c.name] for c in state.selected_columns}
    with duckdb_session() as (con, folder):
        query, wanted = staged_query(con, files, key, columns)
        spool = folder / "items.csv"
        with engine.begin() as conn:  # committed: later statements of the run plan with them too
            bulk.refresh_statistics(conn, *[t for t in (items, archived, journal) if t is not None])
        with engine.connect() as conn:
            bulk.export_csv(conn, state, spool)
        items_sql = f"read_csv('{spool}', header = true, columns = {types!r})"
        hashed_sql, params = hashing.hashed_id_sql(hash_key, entity, key)
        extra = "".join(f", i.{c} AS _{c}" for c in ("archived", "journal") if c in types)
        if subject is not None:
            subject_sql, subject_params = hashing.hashed_id_sql(hash_key, subject[0], subject[1])
            hashed_sql += f" AS _hashed_id, {subject_sql} AS _subject_hash"
            params += subject_params
            extra += ", coalesce(s._subject_hash, s._hashed_id) AS _subject_hash"
        else:
            hashed_sql += " AS _hashed_id"
        select_list = ", ".join(f's."{c}"' for c in wanted)
        order = ["s.source_system", *([f's."{subject[1]}"'] if by_subject and subject else []), f's."{key}"']
        sql = (
            f"SELECT {select_list}, s._hashed_id, i.stage AS _stage{extra} "
            f"FROM (SELECT *, {hashed_sql} FROM ({query})) s "
            f"JOIN {items_sql} i ON i.hashed_id = s._hashed_id "
            f"ORDER BY {', '.join(order)}"
        )
        # archive and dispose both stream through here: one bar (or a counts-only log line) per class and entity
        with progress(f"retention {'+'.join(stages)} {class_id}.{entity}", unit="records") as bar:
            for frame in fetch_frames(con.execute(sql, params), batch_rows):
                yield frame
                bar.advance(len(frame))


def newest_per(entity: str, key: str, by: str, column: str, sources: list[str], data_root: Path | None) -> pd.DataFrame:
    """``source_system``, ``by``, ``value``: the newest ``column`` of the entity's current records per value of
    ``by`` (the newest treatment date per patient), aggregated inside DuckDB, so memory holds one row per
    ``by``, not one per record. An empty frame when nothing is staged."""
    files = staging.staged_files(entity, sources, data_root)
    if not files:
        return pd.DataFrame(
            {
                "source_system": pd.Series(dtype="object"),
                by: pd.Series(dtype="object"),
                "value": pd.Series(dtype="object"),
            }
        )
    with duckdb_session() as (con, _):
        query, _ = staged_query(con, files, key, [by, column])
        return con.execute(
            f'SELECT source_system, "{by}", max("{column}") AS value FROM ({query}) '
            f'WHERE "{by}" IS NOT NULL AND "{column}" IS NOT NULL GROUP BY ALL'
        ).df()
