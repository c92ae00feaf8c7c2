"""Writing canonical values back into a practice system: the reverse of extraction, through the source mapping.

Extraction reads a vendor column and converts it (value codes, scale, text dates) into the canonical model
(``transforms.sources.convert``); writing back does the opposite for the same mapping (``config/sources/*.yml``),
so a corrected value or a preference lands in the vendor's table, column, format and code that the next
extraction reads back as the same canonical value. Fail closed: a column mapped to a constant, a value with no
code, or an entity mapped by a query cannot be written and raise :class:`WritebackError` (names, never values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import MetaData, Table
from sqlalchemy.engine import Connection

from transforms.sources.config import EntityMapping, SourceMapping


class WritebackError(RuntimeError):
    """A value cannot be written back through the mapping (the message names the source, entity and column)."""


def entity_mapping(source: SourceMapping, entity: str) -> EntityMapping:
    """The mapping of one entity that can be written to: table-mapped, no row filter."""
    mapping = source.entities.get(entity)
    if mapping is None:
        raise WritebackError(f"{source.name}: {entity} is not mapped")
    if mapping.table is None:
        raise WritebackError(f"{source.name}.{entity}: mapped by a query; a write-back needs a table")
    return mapping


def vendor_table(conn: Connection, source: SourceMapping, entity: str) -> Table:
    """The vendor table of an entity, reflected on the caller's connection."""
    return Table(entity_mapping(source, entity).table, MetaData(), autoload_with=conn)


def vendor_column(source: SourceMapping, entity: str, column: str) -> str:
    """The vendor column a canonical column is read from."""
    spec = entity_mapping(source, entity).columns.get(column)
    if spec is None or spec.column is None:
        raise WritebackError(f"{source.name}.{entity}.{column}: not stored in a column of its own")
    return spec.column


def to_vendor(source: SourceMapping, entity: str, values: Mapping[str, Any], table: Table | None = None) -> dict:
    """Canonical column -> value, as vendor column -> stored value (codes, scale and text formats reversed;
    numbers and codes in the vendor column's Python type when ``table`` is given)."""
    mapping = entity_mapping(source, entity)
    out: dict[str, Any] = {}
    for column, value in values.items():
        spec = mapping.columns.get(column)
        if spec is None or spec.column is None:
            raise WritebackError(f"{source.name}.{entity}.{column}: not stored in a column of its own")
        stored: Any = value
        if spec.values is not None and value is not None:
            codes = [code for code, canonical in spec.values.items() if canonical == value]
            if not codes:
                raise WritebackError(f"{source.name}.{entity}.{column}: no vendor code for this value")
            stored = codes[0]
        if spec.scale and value is not None:
            stored = value / spec.scale
            stored = int(stored) if float(stored).is_integer() else stored
        if spec.format and isinstance(value, (dt.date, dt.datetime)):
            stored = value.strftime(spec.format)
        if table is not None and stored is not None:
            stored = _as_column_type(table, spec.column, stored)
        out[spec.column] = stored
    return out


def _as_column_type(table: Table, column: str, value: Any) -> Any:
    try:
        kind = table.c[column].type.python_type
    except NotImplementedError:
        return value
    if kind is int and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    if kind is str and not isinstance(value, str):
        return str(value)
    return value


def from_vendor(source: SourceMapping, entity: str, column: str, stored: Any) -> Any:
    """One stored vendor value as its canonical value (value codes only: what a read-back compares)."""
    spec = entity_mapping(source, entity).columns[column]
    if spec.values is not None and stored is not None:
        return spec.values.get(str(stored), spec.values.get(stored))
    return stored
