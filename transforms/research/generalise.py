"""Generalisation hierarchies as vectorised SQL (DuckDB) expressions: one expression per level.

Every quasi-identifier has levels, finest first; the last level (``*``) suppresses the value. Labels:

- age band at the event: ``30-34`` (5 y), ``30-39`` (10 y), ``20-39`` (20 y); ages at or above the top code share
  one band (``90+``; for a width that does not divide the top code, the band the top code falls in: ``80+``);
- postcode: ``1234`` (PC4), ``12`` (PC2); a PC4 with fewer than ``min_patients`` patients is rolled up to its
  PC2 (``12``), a PC2 with fewer than that to ``*``;
- dates: ``2026-10-14`` (day, only with a per-patient shift), ``2026-10`` (month), ``2026-Q4``, ``2026``;
- any other quasi-identifier: its value, then ``*``.

The SQL runs over whole tables (DuckDB, vectorised, spilling to disk): no per-row Python.
"""

from __future__ import annotations

from transforms.research.config import ColumnSpec

SUPPRESSED = "*"


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def age_sql(dob: str, at: str) -> str:
    """Whole years between two dates (a birthday counts on the day)."""
    return f"(year({at}) - year({dob}) - CASE WHEN strftime({at}, '%m%d') < strftime({dob}, '%m%d') THEN 1 ELSE 0 END)"


def age_band_sql(age: str, width: int, top_code: int | None) -> str:
    band = f"(({age}) // {width}) * {width}"
    label = f"CAST({band} AS VARCHAR) || '-' || CAST({band} + {width - 1} AS VARCHAR)"
    if top_code:
        top = (top_code // width) * width
        label = f"CASE WHEN ({age}) >= {top} THEN '{top}+' ELSE {label} END"
    return f"CASE WHEN ({age}) IS NULL THEN NULL ELSE {label} END"


def date_sql(value: str, level: str) -> str:
    if level == "day":
        return f"strftime(CAST({value} AS DATE), '%Y-%m-%d')"
    if level == "month":
        return f"strftime(CAST({value} AS DATE), '%Y-%m')"
    if level == "quarter":
        return f"CAST(year({value}) AS VARCHAR) || '-Q' || CAST(quarter({value}) AS VARCHAR)"
    if level == "year":
        return f"CAST(year({value}) AS VARCHAR)"
    raise ValueError(f"unknown date level {level!r}")


def level_exprs(spec: ColumnSpec, name: str) -> list[str]:
    """SQL per generalisation level of a quasi-identifier over its prepared columns (finest first).

    ``<name>__raw`` holds the prepared finest input: the age in years (age_band), the (shifted) date (date) or
    the value (keep); a postcode has its rolled-up labels in ``<name>__pc4`` and ``<name>__pc2``.
    """
    raw = q(f"{name}__raw")
    if spec.treatment == "age_band":
        levels = [age_band_sql(raw, width, spec.top_code) for width in spec.bands or []]
    elif spec.treatment == "postcode":
        levels = [q(f"{name}__{level}") for level in spec.levels or []]
    elif spec.treatment == "date":
        levels = [date_sql(raw, level) for level in spec.levels or []]
    else:
        levels = [f"CAST({raw} AS VARCHAR)"]
    names = spec.level_names()
    if names[-1] == SUPPRESSED:
        levels.append(f"'{SUPPRESSED}'")
    return levels
