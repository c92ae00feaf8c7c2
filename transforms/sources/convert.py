"""Vendor rows to canonical rows, one chunk at a time, vectorised with pandas.

``to_canonical`` returns the good rows as an Arrow table in the canonical schema and the bad rows (raw
source values as text plus a ``_reason``). Reasons name the column and the kind of problem, never the
value, so they can be counted in logs without leaking anything.

Hostile values never stop a chunk: a BLOB where text is mapped, or text that was not valid UTF-8
(``streaming.InvalidText``), puts its row in quarantine ("<column>: binary value in a text column",
"<column>: not valid UTF-8"); the quarantined copy shows a BLOB only by its size. Numbers that are
identifiers are normalised to their digits: ``123456782.0`` (a float, or the text SQLite made of it) ->
``"123456782"``; a BSN stored as a number
gets its leading zero back (``12345672`` -> ``"012345672"``, ``on_extract: normalise_bsn``).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from transforms.kernel.canonical import Column, Entity
from transforms.sources.config import ColumnMapping, EntityMapping
from transforms.sources.streaming import InvalidText

ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "datetime": pa.timestamp("us"),
}
SOURCE_COLUMN = "source_system"
POSTCODE = re.compile(r"^(\d{4})\s*([A-Z]{2})$")
BINARY_TYPES = (bytes, bytearray, memoryview)
BSN_DIGITS = 9


def canonical_schema(entity: Entity) -> pa.Schema:
    fields = [pa.field(name, ARROW_TYPES[column.type]) for name, column in entity.columns.items()]
    return pa.schema(fields + [pa.field(SOURCE_COLUMN, pa.string())])


@dataclass
class Converted:
    good: pa.Table
    bad: pd.DataFrame  # raw source columns as text, plus _reason


def _as_text(series: pd.Series) -> pd.Series:
    """Text of each value: integers without '.0', surrounding blanks removed, empty text as missing."""
    if pd.api.types.is_float_dtype(series.dtype):
        finite = series.dropna()
        if (finite == np.floor(finite)).all():
            series = series.astype("Int64")
    elif series.dtype == object:
        # a number in a text column (SQLite REAL/INTEGER, a driver's float): its integer text, never "…\.0"
        series = series.map(_number_text, na_action="ignore")
    text = series.astype("string").str.strip()
    return text.mask(text == "")


def _number_text(value: object) -> object:
    if isinstance(value, float) and np.isfinite(value) and value == np.floor(value):
        return str(int(value))
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return str(int(value))
    return value


NUMBER_AS_TEXT = re.compile(r"^(\d+)\.0*$|^\d+(?:\.\d+)?[eE]\+?\d+$")


def _identifier_text(value: str) -> str:
    """An identifier a database stored as a number and then as text ("123456782.0", "1.23456782E8"): its digits."""
    match = NUMBER_AS_TEXT.match(value)
    if match is None:
        return value
    if match.group(1) is not None:
        return match.group(1)
    number = float(value)
    return str(int(number)) if number.is_integer() and number < 1e15 else value


def _normalise_bsn(value: str) -> str:
    """A BSN that lost its leading zero(s) as a number gets them back; anything else is left to the 11-proef."""
    return value.zfill(BSN_DIGITS) if value.isdigit() and len(value) < BSN_DIGITS else value


def _hostile(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Masks of BLOB values and of undecodable text in a raw source column (object columns only)."""
    if series.dtype != object:
        none = pd.Series(False, index=series.index)
        return none, none
    kinds = series.map(type)
    return kinds.isin(BINARY_TYPES), kinds.eq(InvalidText)


def _to_datetime(series: pd.Series, fmt: str | None) -> pd.Series:
    if series.isna().all():
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series.astype("datetime64[us]")
    sample = series.dropna().iloc[0]
    if isinstance(sample, str) or fmt:
        parsed = pd.to_datetime(_as_text(series), format=fmt or "ISO8601", errors="coerce")
    else:
        parsed = pd.to_datetime(series, errors="coerce")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed.astype("datetime64[us]")


def _truncate_ip(value: str) -> str | None:
    """Zero the host part: IPv4 to /24, IPv6 to /48 (the privacy statement's 'part of the IP is erased')."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def _normalise_postcode(value: str) -> str:
    match = POSTCODE.match(value.upper().strip())
    return f"{match.group(1)} {match.group(2)}" if match else value


def _convert(
    series: pd.Series, column: Column, mapping: ColumnMapping
) -> tuple[pd.Series, list[tuple[pd.Series, str]]]:
    """One column to its canonical type; returns the values and (mask, problem) pairs for bad rows."""
    problems: list[tuple[pd.Series, str]] = []
    present = series.notna()
    if mapping.values is not None:
        codes = {str(k): v for k, v in mapping.values.items()}
        text = _as_text(series)
        series = text.map(codes)
        problems.append((text.notna() & series.isna(), "unknown code"))
        present = series.notna()
    kind = column.type
    if kind == "string":
        values = _as_text(series) if mapping.values is None else series.astype("string")
    elif kind == "integer":
        numbers = pd.to_numeric(series.astype("object").where(present, None), errors="coerce")
        if mapping.scale:
            numbers = (numbers * mapping.scale).round(6)
        integral = numbers.isna() | (numbers == np.floor(numbers))
        problems.append((present & (numbers.isna() | ~integral), "not a whole number"))
        values = numbers.where(integral).astype("Int64")
    elif kind == "boolean":
        if mapping.values is None:
            truth = {"true": True, "t": True, "1": True, "false": False, "f": False, "0": False}
            text = _as_text(series).str.lower()
            values = text.map(truth)
            problems.append((present & values.isna(), "not a yes/no value"))
        else:
            values = series
        values = values.astype("boolean")
    else:  # date, datetime
        values = _to_datetime(series, mapping.format)
        what = f"not a date in format {mapping.format}" if mapping.format else f"not a {kind}"
        problems.append((present & values.isna(), what))
        if kind == "date":
            values = values.dt.normalize()
    if column.identifier and kind == "string":
        values = values.map(_identifier_text, na_action="ignore").astype("string")
    if column.values is not None and kind == "string":
        problems.append((values.notna() & ~values.isin(column.values), "value not allowed by the canonical model"))
    if column.on_extract == "truncate_ip":
        values = values.map(lambda v: _truncate_ip(v) if isinstance(v, str) else v, na_action="ignore").astype("string")
    elif column.on_extract == "normalise_postcode":
        values = values.map(_normalise_postcode, na_action="ignore").astype("string")
    elif column.on_extract == "normalise_bsn":
        values = values.map(_normalise_bsn, na_action="ignore").astype("string")
    return values, problems


def to_canonical(frame: pd.DataFrame, entity: Entity, mapping: EntityMapping, source_name: str) -> Converted:
    """Convert one chunk of source rows (columns named as in the source) to the canonical entity."""
    n = len(frame)
    reasons = pd.Series("", index=frame.index, dtype="object")
    columns: dict[str, pd.Series] = {}
    for name, column in entity.columns.items():
        column_mapping = mapping.columns.get(name)
        if column_mapping is None:
            continue
        if column_mapping.const is not None:
            raw = pd.Series([column_mapping.const] * n, index=frame.index, dtype="object")
        else:
            raw = frame[column_mapping.column]
            binary, invalid = _hostile(raw)
            for mask, problem in ((binary, "binary value in a text column"), (invalid, "not valid UTF-8")):
                if mask.any():
                    reasons[mask.to_numpy()] += f"{name}: {problem}; "
                    raw = raw.mask(mask, None)  # converted as missing; the row is quarantined either way
            if binary.any():  # the quarantined copy shows a BLOB by its size, not as Python's bytes repr
                frame = frame.copy()
                frame[column_mapping.column] = frame[column_mapping.column].map(
                    lambda v: f"<binary, {len(v)} bytes>" if isinstance(v, BINARY_TYPES) else v
                )
        values, problems = _convert(raw, column, column_mapping)
        for mask, problem in problems:
            if mask.any():
                reasons[mask.to_numpy()] += f"{name}: {problem}; "
        columns[name] = values
    for name, column in entity.columns.items():
        if name in columns:
            continue
        if column.derive is not None and column.derive.from_ in columns:
            source = columns[column.derive.from_]
            columns[name] = pd.Series(source.dt.year, index=frame.index).astype("Int64")
    for name, column in entity.columns.items():
        if not column.nullable:
            missing = columns[name].isna() if name in columns else pd.Series(True, index=frame.index)
            # a value that failed conversion is already explained; only flag what was absent in the source
            missing &= reasons == ""
            if missing.any():
                reasons[missing.to_numpy()] += f"{name}: missing; "
    bad_mask = (reasons != "").to_numpy()
    good_index = frame.index[~bad_mask]
    arrays = []
    schema = canonical_schema(entity)
    for field in schema:
        if field.name == SOURCE_COLUMN:
            arrays.append(pa.array([source_name] * len(good_index), type=pa.string()))
            continue
        if field.name not in columns:
            arrays.append(pa.nulls(len(good_index), type=field.type))
            continue
        values = columns[field.name].loc[good_index]
        if field.type == pa.date32():
            arrays.append(pa.array(values.dt.date.where(values.notna(), None), type=pa.date32(), from_pandas=True))
        else:
            arrays.append(pa.array(values, type=field.type, from_pandas=True))
    good = pa.Table.from_arrays(arrays, schema=schema)
    bad = frame.loc[bad_mask].astype("string")
    bad["_reason"] = reasons[bad_mask].str.rstrip("; ").to_numpy()
    return Converted(good, bad)
