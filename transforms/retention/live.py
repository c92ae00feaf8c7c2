"""Live-system access for retention: reading and changing the practice systems' own tables.

Everything that touches a vendor table goes through here, on the caller's connection and transaction (the
caller decides what commits together): whether a disposal action is already visible (``already_applied``,
which makes re-runs after a crash safe), carrying it out (``apply_action``), what still points at a record
(``dependants_in``: no orphans), whether a vendor column can take what an action writes (``unfit_fields``,
``pseudonym_kind``), deleting a record's files (``delete_files``), and the key-only re-query that
verification, the gate and the tombstones compare with the journal (``live_hashes``).

Vendor keys are compared as text (the journal and staging hold them as text); ``convert_keys`` turns them
back into the column's type for the query.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
from sqlalchemy import Column, MetaData, Table, select, update
from sqlalchemy.engine import Connection, Engine

from transforms.kernel.canonical import CanonicalModel
from transforms.retention import bulk, hashing
from transforms.retention.disposal_map import (
    DisposalMaps,
    DisposeError,
    FieldRows,
    Target,
    dependants,
    load_disposal_maps,
    resolve_target,
)
from transforms.sources.config import SourceMapping


def convert_keys(table: Table, column: str, values: list) -> list:
    """Keys given as text, in the Python type of ``table.column`` (int or str), so the database can use its
    index; unchanged when the column's type has no Python type."""
    try:
        kind = table.c[column].type.python_type
    except NotImplementedError:
        return values
    return [int(v) for v in values] if kind is int else [str(v) for v in values]


def existing_keys(conn: Connection, table: Table, key_column: str, keys: list) -> set[str]:
    """Those of ``keys`` (as text) that still have a row in ``table``."""
    rows = conn.execute(
        select(table.c[key_column]).where(bulk.among(conn, table.c[key_column], convert_keys(table, key_column, keys)))
    )
    return {str(r[0]) for r in rows}


def rows_left(conn: Connection, rows: FieldRows, keys: list) -> set[str]:
    """Keys that still have rows of a row-stored field."""
    table = Table(rows.table, MetaData(), autoload_with=conn)
    query = select(table.c[rows.fk]).where(bulk.among(conn, table.c[rows.fk], convert_keys(table, rows.fk, keys)))
    for column, value in rows.where.items():
        query = query.where(table.c[column] == value)
    return {str(r[0]) for r in conn.execute(query.distinct())}


def already_applied(
    conn: Connection, table: Table, target: Target, action: str, keys: list, values: dict[str, object]
) -> set[str]:
    """Keys (as text) whose action is already visible in the source (resolving intents of a crashed run).

    ``values``: for ``anonymise``, key -> {vendor column: the pseudonym it must hold}; else unused."""
    present = existing_keys(conn, table, target.key_column, keys)
    if action in ("destroy", "unload") and not target.set_null:
        return {str(k) for k in keys} - present
    columns = target.set_null if action in ("destroy", "unload") else list(target.fields.values())
    rows = conn.execute(
        select(table.c[target.key_column], *[table.c[c] for c in columns]).where(
            bulk.among(conn, table.c[target.key_column], convert_keys(table, target.key_column, keys))
        )
    )
    done = {str(k) for k in keys} - present  # a row that is gone has nothing left to empty
    for row in rows:
        vals = list(row)[1:]
        if action in ("destroy", "unload", "minimise") and all(v is None for v in vals):
            done.add(str(row[0]))
        elif action == "anonymise" and all(
            str(v) == str(values.get(str(row[0]), {}).get(c)) for v, c in zip(vals, columns)
        ):
            done.add(str(row[0]))
    if action == "minimise":
        for rows_spec in target.field_rows.values():
            done -= rows_left(conn, rows_spec, list(done))
    return done


def apply_action(
    conn: Connection, table: Table, target: Target, action: str, keys: list, anonymised: dict[str, dict[str, str]]
) -> None:
    """Carry out ``action`` on these records (keys as text) in the caller's source transaction: DELETE
    (children first), UPDATE … = NULL (minimise, or destroy of a shared row's columns), or write each record's
    pseudonyms (``anonymised``: key -> {vendor column: pseudonym})."""
    key_col = table.c[target.key_column]
    converted = convert_keys(table, target.key_column, keys)
    if action in ("destroy", "unload") and target.set_null:
        conn.execute(
            update(table).where(bulk.among(conn, key_col, converted)).values({c: None for c in target.set_null})
        )
    elif action in ("destroy", "unload"):
        for child in target.children:  # rows that belong to the record go first, in the same transaction
            child_table = Table(child.table, MetaData(), autoload_with=conn)
            conn.execute(
                child_table.delete().where(
                    bulk.among(conn, child_table.c[child.fk], convert_keys(child_table, child.fk, keys))
                )
            )
        conn.execute(table.delete().where(bulk.among(conn, key_col, converted)))
    elif action == "minimise":
        if target.fields:
            conn.execute(
                update(table)
                .where(bulk.among(conn, key_col, converted))
                .values({c: None for c in target.fields.values()})
            )
        for rows_spec in target.field_rows.values():
            rows_table = Table(rows_spec.table, MetaData(), autoload_with=conn)
            statement = rows_table.delete().where(
                bulk.among(conn, rows_table.c[rows_spec.fk], convert_keys(rows_table, rows_spec.fk, keys))
            )
            for column, value in rows_spec.where.items():
                statement = statement.where(rows_table.c[column] == value)
            conn.execute(statement)
    else:  # anonymise: each record gets its own keyed hash
        for raw, value in zip(keys, converted):
            conn.execute(update(table).where(key_col == value).values(anonymised[str(raw)]))


def delete_files(media_root: Path, paths: Iterable[object]) -> int:
    """Delete the records' files (paths relative to the source's media root); returns how many existed.
    A path that resolves outside the media root is refused (``DisposeError``), never followed."""
    count = 0
    root = media_root.resolve()
    for p in paths:
        if p is None or pd.isna(p):
            continue
        target = (root / str(p)).resolve()
        if root not in target.parents:
            raise DisposeError("a file path points outside the media root; refusing")
        if target.exists():
            target.unlink()
            count += 1
    return count


def dependants_in(
    conn: Connection, model: CanonicalModel, source: SourceMapping, entity: str, target: Target, values: list[str]
) -> set[str] | None:
    """Keys (text) among ``values`` that live rows of dependent entities still point at; None when a
    dependant cannot be checked (query-mapped, or its key column is not a plain column)."""
    blocked: set[str] = set()
    for _name, mapping, fk in dependants(model, source, entity):
        if mapping.table is None or fk is None:
            return None
        if mapping.table == target.table and fk == target.key_column:
            continue  # the row itself (e.g. the family link stored on the patient row)
        child = Table(mapping.table, MetaData(), autoload_with=conn)
        for start in range(0, len(values), 1000):
            chunk = values[start : start + 1000]
            rows = conn.execute(
                select(child.c[fk]).where(bulk.among(conn, child.c[fk], convert_keys(child, fk, chunk))).distinct()
            )
            blocked |= {str(r[0]) for r in rows}
    return blocked


def blocked_by_dependants(
    source_engine: Engine, model: CanonicalModel, source: SourceMapping, entity: str, target: Target, keys: pd.Series
) -> set[str] | None:
    """``dependants_in`` on a connection of its own: the check before the batches (dispose checks again inside
    each deleting transaction)."""
    with source_engine.connect() as conn:
        return dependants_in(conn, model, source, entity, target, keys.astype(str).tolist())


def shared_records_left(
    conn: Connection, vendor: Table, target: Target, source: str, keys: list[str], maps: DisposalMaps | None
) -> set[str]:
    """Keys whose row still carries another entity's record (its columns not yet emptied). Fail closed: an
    entity sharing the row without ``destroy_set_null`` in the disposal map blocks every key."""
    maps = load_disposal_maps() if maps is None else maps
    left: set[str] = set()
    for other in target.shared_with:
        spec = maps.get(source, {}).get(other)
        if spec is None or not spec.destroy_set_null:
            return set(keys)
        rows = conn.execute(
            select(vendor.c[target.key_column], *[vendor.c[c] for c in spec.destroy_set_null]).where(
                bulk.among(conn, vendor.c[target.key_column], convert_keys(vendor, target.key_column, keys))
            )
        )
        left |= {str(r[0]) for r in rows if any(v is not None for v in list(r)[1:])}
    return left


def unfit_fields(vendor: Table, target: Target, action: str) -> str | None:
    """Why the vendor columns cannot take what minimise (NULL) or anonymise (a 64-character hash) writes."""
    for column in target.set_null if action in ("destroy", "unload") else []:
        if not vendor.c[column].nullable:
            return f"column {column} is NOT NULL in the source"
    for canonical, column in target.fields.items():
        col = vendor.c[column]
        if action == "minimise" and not col.nullable:
            return f"field {canonical} is NOT NULL in the source"
        if action == "anonymise" and pseudonym_kind(col) is None:
            return f"field {canonical} cannot hold a keyed pseudonym in the source"
    return None


def pseudonym_kind(col: Column) -> str | None:
    """How a vendor column can hold a keyed pseudonym: ``text`` (the 64-character HMAC), ``int`` (a negative
    31-bit number derived from it: never a real id, fits any INTEGER column), or None."""
    try:
        kind = col.type.python_type
    except NotImplementedError:
        return None
    length = getattr(col.type, "length", None)
    if kind is str and (length is None or length >= 64):
        return "text"
    if kind is int:
        return "int"
    return None


def pseudonym(key: bytes, source: str, entity: str, field_name: str, value: object, kind: str) -> str | int:
    """The keyed pseudonym that replaces an anonymised field (same person, same pseudonym: the suppression
    entry still counts as one person's objection, without saying who)."""
    digest = hashing.hash_id(key, source, f"{entity}.{field_name}", value)
    return digest if kind == "text" else -(int(digest[:8], 16) & 0x7FFFFFFF) - 1


def live_hashes(
    source_engine: Engine, source: SourceMapping, entity: str, key: bytes, model: CanonicalModel, chunk: int = 50_000
) -> Iterator[tuple[list[str], list[str]]]:
    """(vendor keys as text, hashed ids) of every live row of an entity, in chunks: only the key column is read,
    so the comparison with the journal needs no staging and no raw ids in the register."""
    target, reason = resolve_target(source, entity, model.entity(entity).key, whole_rows=False)
    if target is None:
        raise DisposeError(f"{source.name}.{entity}: cannot re-query ({reason})")
    table = Table(target.table, MetaData(), autoload_with=source_engine)
    with source_engine.connect() as conn:
        result = conn.execution_options(stream_results=True).execute(select(table.c[target.key_column]))
        while rows := result.fetchmany(chunk):
            keys = [str(r[0]) for r in rows]
            yield keys, hashing.hash_ids(key, [source.name] * len(keys), entity, keys)
