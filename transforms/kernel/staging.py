"""The staging layout, the contract between the extraction (its only writer) and every reader.

```
<data_root>/staging/<source>/<entity>/run=<run_key>/part-00000.parquet
                                                   /_manifest.json
<data_root>/quarantine/<source>/<entity>/run=<run_key>/rows.parquet
<data_root>/runs/<run_key>.json                      counts of the whole run
```
``run_key`` is the run's upper bound in UTC, ``YYYYMMDDTHHMMSSZ``, so keys sort in time order. A partition
holds the rows that changed in that run's window; the **current state** of an entity is the newest version
of every key across the partitions: ``current_state_sql`` is the one query for it (``read_entity`` loads it
into pandas; the research build makes a view of it; retention streams it). ``current_state_relation`` is the
same rows for a reader that scans them whole: without the window when no key is staged twice (one distinct
count decides). A partition is written in a temporary folder and renamed into place
(``transforms.sources.staging``), so a reader never sees half of one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from transforms import settings
from transforms.kernel.timeutil import utc_key

DATA_FILE = "part-00000.parquet"
MANIFEST = "_manifest.json"


def run_key(upper_bound: dt.datetime) -> str:
    """The key of the run that extracts up to ``upper_bound`` (timezone-aware)."""
    if upper_bound.tzinfo is None:
        raise ValueError("the run's upper bound must be timezone-aware")
    return utc_key(upper_bound)


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


def committed_partitions(source: str, entity: str, data_root: Path | None = None) -> list[Path]:
    """The finished partitions of one source and entity, oldest first (temporary folders excluded)."""
    base = staging_root(data_root) / source / entity
    if not base.exists():
        return []
    return sorted(p for p in base.glob("run=*") if p.is_dir() and (p / MANIFEST).exists() and "." not in p.name)


def read_manifest(partition: Path) -> dict:
    return json.loads((partition / MANIFEST).read_text())


def staged_sources(data_root: Path | None = None) -> list[str]:
    """The sources that have a staging folder, by name."""
    root = staging_root(data_root)
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.exists() else []


def staged_files(
    entity: str, sources: Iterable[str] | None = None, data_root: Path | None = None
) -> list[tuple[str, str]]:
    """``(data file, run key)`` of every committed partition of ``entity`` (default: in every source)."""
    names = list(sources) if sources is not None else staged_sources(data_root)
    return [
        (str(p / DATA_FILE), p.name.removeprefix("run="))
        for source in names
        for p in committed_partitions(source, entity, data_root)
    ]


def _sql_string(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _sql_name(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def union_sql(files: Sequence[tuple[str, str]]) -> str:
    """DuckDB SQL of every staged row among ``files`` (``staged_files``), every version, with the helper column
    ``_run`` (the run of its partition). When no ``(source_system, key)`` occurs twice in it, it is the current
    state already (``current_state_relation`` reads it so)."""
    return " UNION ALL BY NAME ".join(
        f"SELECT *, {_sql_string(run)} AS _run FROM read_parquet({_sql_string(path)}, hive_partitioning = false)"
        for path, run in files
    )


def current_state_sql(
    files: Sequence[tuple[str, str]], key: str, columns: Sequence[str] | None = None, *, ordered: bool = False
) -> str:
    """DuckDB SQL for the current state of an entity: the newest staged version of every
    ``(source_system, key)`` among ``files`` (``staged_files``), without the helper column.

    ``columns``: only these (default: all). ``ordered``: sorted by source and key. Partitions are united by
    column name, so a partition written before a column was added reads as NULL for it.
    """
    if not files:
        raise ValueError("current_state_sql needs at least one staged file")
    return _state_sql(union_sql(files), key, columns, ordered, newest_only=True)


def _state_sql(union: str, key: str, columns: Sequence[str] | None, ordered: bool, *, newest_only: bool) -> str:
    select = ", ".join(_sql_name(c) for c in columns) if columns else "* EXCLUDE (_run)"
    query = f"SELECT {select} FROM ({union})"
    if newest_only:
        query += f" QUALIFY row_number() OVER (PARTITION BY source_system, {_sql_name(key)} ORDER BY _run DESC) = 1"
    return query + f" ORDER BY source_system, {_sql_name(key)}" if ordered else query


def current_state_relation(
    con, files: Sequence[tuple[str, str]], key: str, columns: Sequence[str] | None = None, *, ordered: bool = False
) -> str:
    """DuckDB SQL for the same rows as ``current_state_sql`` (same arguments), for a reader that scans the
    current state whole (streams it, sorts it, joins or aggregates it), decided on ``con`` (a DuckDB
    connection) from what is staged now: when no ``(source_system, key)`` occurs twice among ``files``, every
    key's newest version is its only one, so the rows as staged (``union_sql``) are the current state and the
    window, which partitions every row (and spills under a memory limit), is left out; otherwise the window.

    The check is one distinct count that reads the key columns only (a fraction of the window's cost, which
    moves every selected column). The window only dedupes (no tombstone or deleted flag is filtered here:
    staging has none; erasures leave it by rewriting its partitions), so both queries give the same rows.
    A join with wanted keys gains too (the window is computed whole before it), but not a lookup by a constant
    key (``WHERE key = ?``): that filter is pushed below the window, which then sees only the matching rows,
    while the check would still scan every key. Valid for ``files`` as they are now: build the SQL just
    before running it.
    """
    if not files:
        raise ValueError("current_state_relation needs at least one staged file")
    union = union_sql(files)
    # A NULL key counts once among the distinct values, as the window's PARTITION BY groups NULLs together.
    # fetchall, not fetchone: DuckDB refuses the caller's next statement while a result is pending
    twice = con.execute(
        f"SELECT count(*) - count(DISTINCT (source_system, {_sql_name(key)})) FROM ({union})"
    ).fetchall()[0][0]
    return _state_sql(union, key, columns, ordered, newest_only=bool(twice))


def read_entity(
    entity: str,
    key: str,
    sources: Iterable[str] | None = None,
    data_root: Path | None = None,
    columns: list[str] | None = None,
):
    """The current state of a canonical entity across sources (``current_state_relation``) as a pandas DataFrame,
    sorted by source and key; ``FileNotFoundError`` when nothing is staged.

    Loaded in one piece: for analysis-sized entities; stream ``current_state_relation`` for larger work.
    """
    import duckdb

    files = staged_files(entity, sources, data_root)
    if not files:
        raise FileNotFoundError(f"nothing staged for entity {entity!r} under {staging_root(data_root)}")
    with duckdb.connect() as con:
        return con.execute(current_state_relation(con, files, key, columns, ordered=True)).df()
