"""k-anonymity over distinct patients, the generalisation search, and the risk/utility figures.

A patient has many rows (treatments, notes), so an equivalence class (rows sharing every quasi-identifier
value) is measured in **distinct patients**: k-anonymity means every class holds at least k patients, and
a row's prosecutor risk is 1 / (patients in its class).

Search (ARX-style full-domain generalisation with record suppression): every node of the lattice is one
level per quasi-identifier. Its information loss is the mean normalised hierarchy height
(level / highest level, 0 = as collected, 1 = suppressed). Nodes are tried in order of increasing loss;
a node fails when the rows of classes smaller than k (or, with l-diversity, with fewer than l distinct
sensitive values) exceed the suppression budget. Generalisation is monotone, so a node below a failed one
fails too and is skipped. The first node that passes is the one with the least loss. If none passes the
build fails (``SuppressionBudgetExceeded``) rather than publish a gutted dataset.

The figures are computed on DuckDB aggregates (one row per class), never on rows in Python.
"""
from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

RISK_THRESHOLD = 0.1   # a record is "at risk" when its prosecutor risk exceeds this (ARX's default is 0.2)


class SuppressionBudgetExceeded(RuntimeError):
    """No generalisation keeps the suppressed rows within the budget (counts only in the message)."""


@dataclass
class Node:
    levels: tuple[int, ...]
    loss: float
    suppressed: int = -1
    classes_below_k: int = -1


@dataclass
class SearchResult:
    node: Node
    evaluated: int
    lattice_size: int
    tried: list[Node] = field(default_factory=list)


def loss_of(levels: tuple[int, ...], heights: list[int]) -> float:
    parts = [lv / h if h else 0.0 for lv, h in zip(levels, heights)]
    return sum(parts) / len(parts) if parts else 0.0


def class_sql(agg: str, columns: list[str], k: int, l_column: str | None, l: int | None) -> str:
    """Per class: patients, rows, and whether it fails k (or l). ``agg`` has one row per (patient, finest
    combination) with its row count ``n``, so distinct patients are counted in two cheap steps."""
    cols = ", ".join(columns) if columns else "1"
    diverse = f"count(DISTINCT {l_column})" if l_column else "NULL"
    inner_l = f", {l_column}" if l_column else ""
    fails = f"(patients < {k}" + (f" OR diverse < {l})" if l_column else ")")
    if l_column:
        per_patient = (f"SELECT {cols}, pnum{inner_l}, sum(n) AS n FROM {agg} GROUP BY ALL")
        return (f"SELECT *, {fails} AS fails FROM (SELECT {cols}, count(DISTINCT pnum) AS patients, sum(n) AS rows, "
                f"{diverse} AS diverse FROM ({per_patient}) GROUP BY {cols})")
    per_patient = f"SELECT {cols}, pnum, sum(n) AS n FROM {agg} GROUP BY ALL"
    return (f"SELECT *, {fails} AS fails FROM (SELECT {cols}, count(*) AS patients, sum(n) AS rows "
            f"FROM ({per_patient}) GROUP BY {cols})")


def evaluate(con, agg: str, columns: list[str], k: int, l_column: str | None, l: int | None,
             budget_rows: int | None = None) -> tuple[int, int]:
    """(rows suppressed, classes failing) at one node.

    With a budget, a cheap lower bound comes first: a class with fewer than k aggregate rows certainly has
    fewer than k patients; when those rows alone exceed the budget the node fails without the exact count
    (returned as the bound, marked by a negative class count)."""
    cols = ", ".join(columns) if columns else "1"
    if budget_rows is not None:
        bound = con.execute(f"SELECT coalesce(sum(rows) FILTER (WHERE c < {k}), 0) FROM "
                            f"(SELECT count(*) AS c, sum(n) AS rows FROM {agg} GROUP BY {cols})").fetchall()[0][0]
        if int(bound) > budget_rows:
            return int(bound), -1
    row = con.execute(f"SELECT coalesce(sum(rows) FILTER (WHERE fails), 0), count(*) FILTER (WHERE fails) "
                      f"FROM ({class_sql(agg, columns, k, l_column, l)})").fetchall()[0]
    return int(row[0]), int(row[1])


def search(con, agg: str, qi_levels: dict[str, list[str]], *, k: int, budget_rows: int,
           l_column: str | None = None, l: int | None = None) -> SearchResult:
    """The least-loss node whose suppression fits the budget. ``qi_levels``: qi -> its level column names."""
    names = list(qi_levels)
    heights = [len(qi_levels[n]) - 1 for n in names]
    lattice = sorted((Node(levels, loss_of(levels, heights))
                      for levels in itertools.product(*(range(h + 1) for h in heights))),
                     key=lambda node: (node.loss, sum(node.levels), node.levels))
    failed: list[tuple[int, ...]] = []
    tried: list[Node] = []
    for node in lattice:
        if any(all(a <= b for a, b in zip(node.levels, f)) for f in failed):
            continue  # monotone: less general than a failed node
        columns = [qi_levels[n][lv] for n, lv in zip(names, node.levels)]
        node.suppressed, node.classes_below_k = evaluate(con, agg, columns, k, l_column, l, budget_rows)
        tried.append(node)
        log.debug("node %s: loss %.3f, %d rows would be suppressed", node.levels, node.loss, node.suppressed)
        if node.suppressed <= budget_rows:
            return SearchResult(node, len(tried), len(lattice), tried)
        failed.append(node.levels)
    best = min(tried, key=lambda n: n.suppressed) if tried else None
    raise SuppressionBudgetExceeded(
        f"no generalisation reaches k={k} within the suppression budget of {budget_rows} rows "
        f"(fewest suppressed: {best.suppressed if best else 'n/a'} at the most general node tried)")


def release_risk(con, table: str, qi: list[str], pnum: str = "pnum") -> dict:
    """k reached, prosecutor risks and records at risk of a released table (``table`` has ``pnum``)."""
    cols = ", ".join(qi) if qi else "1"
    row = con.execute(f"""
        WITH c AS (SELECT count(DISTINCT {pnum}) AS patients, count(*) AS rows FROM {table} GROUP BY {cols})
        SELECT count(*), min(patients), sum(rows), sum(rows * 1.0 / patients),
               sum(rows) FILTER (WHERE 1.0 / patients > {RISK_THRESHOLD}),
               count(*) FILTER (WHERE 1.0 / patients > {RISK_THRESHOLD})
        FROM c""").fetchall()[0]
    classes, smallest, rows, risk_sum, rows_at_risk, classes_at_risk = row
    rows = int(rows or 0)
    return {
        "equivalence_classes": int(classes or 0),
        "k_reached": int(smallest or 0),
        "highest_prosecutor_risk": round(1.0 / smallest, 6) if smallest else 0.0,
        "average_prosecutor_risk": round(float(risk_sum) / rows, 6) if rows else 0.0,
        "risk_threshold": RISK_THRESHOLD,
        "records_at_risk": int(rows_at_risk or 0),
        "classes_at_risk": int(classes_at_risk or 0),
    }
