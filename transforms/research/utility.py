"""Utility measured as analysts feel it: the configured queries answered on the release and on the truth.

A query (``queries:`` in the dataset definition) is a count of rows (or patients) per group, e.g. treatments
per quarter and PC2 region. It is answered twice inside the build's DuckDB:

- **truth**: on the eligible rows before any generalisation, date shift or suppression (``b_<table>``:
  the age in years, the unshifted date, the full postcode, the real code);
- **release**: on the published table (``out_<table>``), each released label mapped to the level the query
  asks for (a month answers a quarter, a PC4 answers a PC2, a 5-year band answers a 20-year band). A label
  coarser than the query's level (a year for a quarter, ``*``, a code rolled up to its group) cannot be
  attributed: its rows are counted as unanswerable and missing from their cells.

Per cell of the truth the relative error is |release - truth| / truth; a cell only in the release counts
as error 1. A query's figure is the median over its cells (``median_relative_error``), with the mean and
the total absolute error relative to the total count also reported. Counts and error figures only: no
group labels leave this module, so the report holds no values of the data.
"""

from __future__ import annotations

import statistics

from transforms.research.config import ColumnSpec, DatasetDefinition, QuerySpec
from transforms.research.generalise import age_band_sql, date_sql, q


def _month_of(label: str) -> str:
    return f"CAST(substr({label}, 6, 2) AS INTEGER)"


def released_sql(spec: ColumnSpec, column: str, level: str) -> str:
    """SQL mapping a released label of ``column`` to the query's ``level``; NULL when it is coarser."""
    c = q(column)
    if spec.role == "quasi" and spec.treatment == "date":
        to = {
            "day": {"day": c},
            "month": {"day": f"left({c}, 7)", "month": c},
            "quarter": {
                "day": f"left({c}, 4) || '-Q' || CAST(({_month_of(c)} + 2) // 3 AS VARCHAR)",
                "month": f"left({c}, 4) || '-Q' || CAST(({_month_of(c)} + 2) // 3 AS VARCHAR)",
                "quarter": c,
            },
            "year": {"day": f"left({c}, 4)", "month": f"left({c}, 4)", "quarter": f"left({c}, 4)", "year": c},
        }[level]
        shapes = {
            "day": r"^\d{4}-\d{2}-\d{2}$",
            "month": r"^\d{4}-\d{2}$",
            "quarter": r"^\d{4}-Q\d$",
            "year": r"^\d{4}$",
        }
        cases = " ".join(f"WHEN regexp_full_match({c}, '{shapes[have]}') THEN {expr}" for have, expr in to.items())
        return f"CASE {cases} ELSE NULL END"
    if spec.role == "quasi" and spec.treatment == "postcode":
        if level == "pc4":
            return f"CASE WHEN length({c}) = 4 THEN {c} END"
        return f"CASE WHEN length({c}) IN (2, 4) THEN left({c}, 2) END"
    if spec.treatment == "age_band":
        width = int(level[:-1])
        top = (spec.top_code // width) * width if spec.top_code else None
        low = f"CAST(regexp_extract({c}, '^(\\d+)', 1) AS INTEGER)"
        ranged = (
            f"WHEN regexp_full_match({c}, '\\d+-\\d+') AND "
            f"CAST(regexp_extract({c}, '-(\\d+)$', 1) AS INTEGER) - {low} + 1 <= {width} "
            f"THEN {age_band_sql(low, width, spec.top_code)}"
        )
        plus = f"WHEN regexp_full_match({c}, '\\d+\\+') AND {low} >= {top} THEN '{top}+'" if top else ""
        return f"CASE {ranged} {plus} ELSE NULL END"
    if spec.treatment == "code_group":
        return f"CASE WHEN {c} = '*' OR {c} LIKE '%*' THEN NULL ELSE CAST({c} AS VARCHAR) END"
    return f"CASE WHEN CAST({c} AS VARCHAR) = '*' THEN NULL ELSE CAST({c} AS VARCHAR) END"


def truth_sql(spec: ColumnSpec, column: str, level: str) -> str:
    """SQL of the true value of ``column`` at the query's ``level``, over ``b_<table>``."""
    if spec.role == "quasi" and spec.treatment == "date":
        true = q(column + ("__true" if spec.shift_days else "__raw"))
        return date_sql(true, level)
    if spec.role == "quasi" and spec.treatment == "postcode":
        return f"left({q(column + '__raw')}, {4 if level == 'pc4' else 2})"
    if spec.treatment == "age_band":
        return age_band_sql(q(column + "__raw"), int(level[:-1]), spec.top_code)
    if spec.role == "quasi":
        return f"CAST({q(column + '__raw')} AS VARCHAR)"
    return f"CAST({q(column)} AS VARCHAR)"


def _filter(query: QuerySpec, expr) -> str:
    parts = [
        f"starts_with({expr(col)}, '{prefix.replace(chr(39), chr(39) * 2)}')"
        for col, prefix in query.where_prefix.items()
    ]
    return " AND ".join(parts) or "true"


def query_error(con, definition: DatasetDefinition, query: QuerySpec) -> dict:
    """Answer one query on the release and on the truth; the error figures (no group labels)."""
    table = definition.tables[query.table]
    cols = list(query.group_by)
    rel = [released_sql(table.columns[c], c, lv) for c, lv in query.group_by.items()]
    tru = [truth_sql(table.columns[c], c, lv) for c, lv in query.group_by.items()]
    count = "count(*)" if query.count == "rows" else "count(DISTINCT pnum)"
    keys = [f"_g{i}" for i in range(len(cols))]
    rel_filter = _filter(query, lambda c: released_sql(table.columns[c], c, "value"))
    tru_filter = _filter(query, lambda c: truth_sql(table.columns[c], c, "value"))
    rel_sel = ", ".join(f"{e} AS {k}" for e, k in zip(rel, keys))
    tru_sel = ", ".join(f"{e} AS {k}" for e, k in zip(tru, keys))
    # the code filter on the release: a rolled-up code ('V*') is unanswerable, not filtered away silently
    rel_filter_any = _filter(query, lambda c: f"CAST({q(c)} AS VARCHAR)")
    unanswerable = con.execute(
        f"SELECT count(*) FROM (SELECT {rel_sel}, pnum FROM out_{query.table} WHERE {rel_filter_any}) "
        f"WHERE {' OR '.join(f'{k} IS NULL' for k in keys)}"
    ).fetchall()[0][0]
    on = " AND ".join(f"r.{k} IS NOT DISTINCT FROM t.{k}" for k in keys)
    cells = con.execute(f"""
        WITH r AS (SELECT {", ".join(keys)}, {count} AS n FROM (SELECT {rel_sel}, pnum FROM out_{query.table}
                   WHERE {rel_filter}) WHERE {" AND ".join(f"{k} IS NOT NULL" for k in keys)} GROUP BY ALL),
             t AS (SELECT {", ".join(keys)}, {count} AS n FROM (SELECT {tru_sel}, pnum FROM b_{query.table}
                   WHERE {tru_filter}) GROUP BY ALL)
        SELECT coalesce(t.n, 0), coalesce(r.n, 0) FROM t FULL OUTER JOIN r ON {on}""").fetchall()
    errors = [abs(r - t) / t if t else 1.0 for t, r in cells]
    total_true = sum(t for t, _ in cells)
    return {
        "name": query.name,
        "table": query.table,
        "group_by": dict(query.group_by),
        "count": query.count,
        "cells": len(cells),
        "truth_total": int(total_true),
        "release_total": int(sum(r for _, r in cells)),
        "unanswerable_rows": int(unanswerable),
        "median_relative_error": round(statistics.median(errors), 6) if errors else 0.0,
        "mean_relative_error": round(statistics.fmean(errors), 6) if errors else 0.0,
        "total_relative_error": round(sum(abs(r - t) for t, r in cells) / total_true, 6) if total_true else 0.0,
    }


def evaluate_queries(con, definition: DatasetDefinition) -> dict:
    """Every configured query of the dataset; plus the median of their median relative errors."""
    results = [query_error(con, definition, query) for query in definition.queries]
    return {
        "queries": results,
        "median_relative_error": round(statistics.median(r["median_relative_error"] for r in results), 6)
        if results
        else None,
    }


__all__ = ["evaluate_queries", "query_error", "released_sql", "truth_sql"]
