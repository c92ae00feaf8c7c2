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

**Longitudinal k (the patient's set).** A patient's rows are linked by the pseudonym, so an attacker who
knows two of a patient's visits (and the patient's fixed attributes) can intersect the classes of both.
Every released row is an *item* (its tuple of quasi-identifier values); with ``known_events = 2`` a patient
is k-anonymous only if every item and every pair of their items is shared by at least k patients. The
search therefore judges a node by the rows it must suppress for that (``set_suppression``): items of
classes below k are dropped, then, for each pair of items held by fewer than k patients, the rarer item of
that patient, until nothing fails (removing items only lowers other supports, so it iterates).

**Utility.** The loss of a node is the weighted mean of the normalised heights (``weight`` per column, as
ARX's attribute weights), and a column with a ``max_level`` is never generalised beyond it: rows that cannot
be protected at the floor are suppressed instead (within the budget) or the build fails naming the floor.

The figures are computed on DuckDB aggregates, never on rows in Python.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

SAMPLE_PARTS = 8  # the first bounds of the class tier and of the pair check look at 1/8 of the classes or pairs


class SuppressionBudgetExceeded(RuntimeError):
    """No generalisation keeps the suppressed rows within the budget (counts only in the message)."""


class UtilityFloorNotMet(SuppressionBudgetExceeded):
    """k can be met, but only by generalising a column beyond its ``max_level`` (or releasing too few rows at
    the floor): the utility floor is the constraint that bit. A subclass, so callers that block on a budget
    failure block on this too."""


class LinkabilityRiskExceeded(SuppressionBudgetExceeded):
    """Each table meets k, but an attacker who combines the tables of one dataset (same pseudonyms) singles
    patients out beyond the policy threshold. A subclass, so callers that block on a budget failure block on
    this too; nothing is published."""


@dataclass
class Node:
    levels: tuple[int, ...]
    loss: float
    suppressed: int = -1
    classes_below_k: int = -1
    by_reason: dict[str, int] = field(default_factory=dict)


@dataclass
class SearchResult:
    node: Node
    evaluated: int
    lattice_size: int
    tried: list[Node] = field(default_factory=list)


def row_count(expr: str) -> str:
    """``expr`` (a count of rows) as a 32-bit integer column. The counts are row counts of one table, far below
    2**31; as stored, ``count(*)`` is 64 bits and ``sum()`` of counts a 128-bit HUGEINT, and the search's and
    the risk figures' tables (millions of rows, held and self-joined) are narrower without the spare bits."""
    return f"CAST({expr} AS INTEGER)"


def loss_of(levels: tuple[int, ...], heights: list[int], weights: list[float] | None = None) -> float:
    """Weighted mean of the normalised heights (0 = as collected, 1 = suppressed)."""
    weights = weights or [1.0] * len(heights)
    parts = [w * (lv / h if h else 0.0) for lv, h, w in zip(levels, heights, weights)]
    return sum(parts) / sum(weights) if parts else 0.0


def class_sql(agg: str, columns: list[str], k: int, l_column: str | None, l: int | None) -> str:
    """Per class: patients, rows, and whether it fails k (or l). ``agg`` has one row per (patient, finest
    combination) with its row count ``n``, so distinct patients are counted in two cheap steps."""
    cols = ", ".join(columns) if columns else "1"
    diverse = f"count(DISTINCT {l_column})" if l_column else "NULL"
    inner_l = f", {l_column}" if l_column else ""
    fails = f"(patients < {k}" + (f" OR diverse < {l})" if l_column else ")")
    if l_column:
        per_patient = f"SELECT {cols}, pnum{inner_l}, sum(n) AS n FROM {agg} GROUP BY ALL"
        return (
            f"SELECT *, {fails} AS fails FROM (SELECT {cols}, count(DISTINCT pnum) AS patients, sum(n) AS rows, "
            f"{diverse} AS diverse FROM ({per_patient}) GROUP BY {cols})"
        )
    per_patient = f"SELECT {cols}, pnum, sum(n) AS n FROM {agg} GROUP BY ALL"
    return (
        f"SELECT *, {fails} AS fails FROM (SELECT {cols}, count(*) AS patients, sum(n) AS rows "
        f"FROM ({per_patient}) GROUP BY {cols})"
    )


def evaluate(
    con,
    agg: str,
    columns: list[str],
    k: int,
    l_column: str | None,
    l: int | None,
    budget_rows: int | None = None,
    exact: bool = True,
) -> tuple[int, int]:
    """(rows suppressed, classes failing) at one node.

    With a budget, a cheap lower bound comes first: a class with fewer than k aggregate rows certainly has
    fewer than k patients; when those rows alone exceed the budget the node fails without the exact count
    (returned as the bound, marked by a negative class count). ``exact=False``: the bound is returned even
    when it fits (for a caller whose next step counts the classes exactly anyway, ``set_suppression``)."""
    cols = ", ".join(columns) if columns else "1"
    if budget_rows is not None:
        # first on an eighth of the classes (whole classes, chosen by the hash of their labels): the rows of
        # its small classes are a lower bound too, and at a node far over the budget they exceed it already
        # (grouping an eighth of the rows into an eighth of the classes is much cheaper than all of them)
        for share in (f"WHERE hash({cols}) % {SAMPLE_PARTS} = 0", ""):
            bound = con.execute(
                f"SELECT coalesce(sum(rows) FILTER (WHERE c < {k}), 0) FROM "
                f"(SELECT count(*) AS c, sum(n) AS rows FROM {agg} {share} GROUP BY {cols})"
            ).fetchall()[0][0]
            if int(bound) > budget_rows:
                return int(bound), -1
        if not exact:
            return int(bound), -1
    row = con.execute(
        f"SELECT coalesce(sum(rows) FILTER (WHERE fails), 0), count(*) FILTER (WHERE fails) "
        f"FROM ({class_sql(agg, columns, k, l_column, l)})"
    ).fetchall()[0]
    return int(row[0]), int(row[1])


def coded_aggregate(con, agg: str, columns: list[str], l_column: str | None = None, name: str = "_codes") -> str:
    """Table ``name``: ``agg`` with every level column replaced by a small dense integer code (one per distinct
    label of that column, the narrowest unsigned type that holds them) for the class tier of the search.
    Grouping on a few narrow integers is cheaper than on 64-bit hashed labels (DuckDB can use a perfect hash
    for small domains), and a code is a bijection of its column's labels, so every class and count is the
    same. Items (``set_suppression``) keep the hashed labels."""
    selects, joins = [], []
    for i, column in enumerate(columns):
        distinct = con.execute(f"SELECT count(DISTINCT {column}) FROM {agg}").fetchall()[0][0]
        kind = "UTINYINT" if distinct <= 256 else "USMALLINT" if distinct <= 65536 else "UINTEGER"
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {name}_m{i} AS SELECT v, CAST(row_number() OVER () - 1 AS {kind})
                        AS code FROM (SELECT DISTINCT {column} AS v FROM {agg})""").fetchall()
        selects.append(f"{name}_m{i}.code AS {column}")
        joins.append(f"JOIN {name}_m{i} ON {name}_m{i}.v IS NOT DISTINCT FROM a.{column}")
    extra = f", a.{l_column}" if l_column else ""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT a.pnum, a.n{extra}, {', '.join(selects)} "
        f"FROM {agg} a {' '.join(joins)}"
    ).fetchall()
    for i in range(len(columns)):
        con.execute(f"DROP TABLE {name}_m{i}").fetchall()
    return name


def set_suppression(
    con,
    agg: str,
    columns: list[str],
    *,
    k: int,
    known_events: int,
    l_column: str | None = None,
    l: int | None = None,
    budget_rows: int | None = None,
) -> dict[str, int]:
    """Suppress items until every patient's set is k-anonymous against ``known_events`` known items.

    ``agg`` has one row per (patient ``pnum``, finest combination) with its row count ``n``; ``columns`` are the
    node's level columns. Leaves ``_it`` (pnum, item, n, and lv with l): the surviving items. Returns rows
    suppressed per reason (``k_anonymity`` for classes and pairs below k, ``l_diversity``); stops early once over a budget.
    """
    item = f"hash({', '.join(columns)})" if columns else "0"
    # narrow: a row count fits 32 bits (sum() would widen it to a 128-bit HUGEINT), and without l there is no
    # l value to keep (an all-NULL column still costs a group key); ``_it`` is held, grouped and self-joined
    # at every node, and its width is what the pair check's peak memory grows with
    lv = f", {l_column} AS lv" if l_column else ""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _it AS SELECT pnum, {item} AS item{lv}, {row_count('sum(n)')} AS n "
        f"FROM {agg} GROUP BY ALL"
    ).fetchall()
    removed = {"k_anonymity": 0, "l_diversity": 0}
    fails_l = f"count(DISTINCT lv) < {l}" if l_column else "false"
    pairs = False  # _ps (the support of every pair of items held by one patient) built for this node
    # without l, _it has one row per (patient, item): patients per item is a plain count
    patients = "count(DISTINCT pnum)" if l_column else "count(*)"
    distinct = "SELECT DISTINCT pnum, item FROM _it" if l_column else "SELECT pnum, item FROM _it"
    for _ in range(100):  # each round removes at least one item or stops; 100 is far beyond what data needs
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _bad AS SELECT item, {patients} < {k} AS by_k
                        FROM _it GROUP BY item HAVING {patients} < {k} OR {fails_l}""").fetchall()
        by_k, by_l = con.execute(
            "SELECT coalesce(sum(n) FILTER (WHERE b.by_k), 0), "
            "coalesce(sum(n) FILTER (WHERE NOT b.by_k), 0) FROM _it JOIN _bad b USING (item)"
        ).fetchall()[0]
        if by_k or by_l:
            con.execute("DELETE FROM _it WHERE item IN (SELECT item FROM _bad)").fetchall()
            if pairs:  # every holder of such a pair lost it: its support is 0
                con.execute(
                    "DELETE FROM _ps WHERE i1 IN (SELECT item FROM _bad) OR i2 IN (SELECT item FROM _bad)"
                ).fetchall()
        removed["k_anonymity"] += int(by_k)
        removed["l_diversity"] += int(by_l)
        if budget_rows is not None and sum(removed.values()) > budget_rows:
            break  # over the budget on classes alone (the search's exact class count, which this replaces)
        by_pair = 0
        if known_events >= 2:
            if not pairs and budget_rows is not None:
                # a necessary condition first, on an eighth of the pairs (chosen by the hash of the pair's
                # first item, so each chosen pair with all its holders): every patient holding a chosen pair
                # held by fewer than k patients loses a row or more; a node far over the budget fails here
                # without building every patient's pairs. The choice depends on one side of the join only,
                # so it filters that side before the join (choosing by both items filtered after it, paying
                # for every pair)
                sampled = con.execute(f"""WITH p AS ({distinct}),
                               sp AS (SELECT a.pnum, a.item AS i1, b.item AS i2 FROM p a JOIN p b
                                      ON a.pnum = b.pnum AND a.item < b.item
                                      WHERE hash(a.item) % {SAMPLE_PARTS} = 0)
                               SELECT count(DISTINCT pnum) FROM sp
                               SEMI JOIN (SELECT i1, i2 FROM sp GROUP BY i1, i2 HAVING count(*) < {k}) f
                               ON f.i1 = sp.i1 AND f.i2 = sp.i2""").fetchall()[0][0]
                if int(sampled) > budget_rows - sum(removed.values()):
                    removed["k_anonymity"] += int(sampled)
                    break
            first = not pairs
            if first:
                # every patient's pairs of items (narrow: no counts) and the support of every pair, once per
                # node; the first round takes the holders of the failing pairs from ``_pairs``, which is then
                # dropped: later rounds look the holders up in ``_it`` and decrement the supports by the pairs
                # their removals take away (deleting from every patient's pairs cost more than all the rest)
                con.execute(f"""CREATE OR REPLACE TEMP TABLE _pairs AS
                               WITH p AS ({distinct})
                               SELECT a.pnum, a.item AS i1, b.item AS i2
                               FROM p a JOIN p b ON a.pnum = b.pnum AND a.item < b.item""").fetchall()
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE _ps AS SELECT i1, i2, count(*) AS s FROM _pairs GROUP BY ALL"
                ).fetchall()
                pairs = True
            left = None if budget_rows is None else budget_rows - sum(removed.values())
            by_pair = _remove_rare_pairs(con, k, left, plain=not l_column, first=first)
            removed["k_anonymity"] += by_pair
        log.debug("set suppression round: %d rows by classes, %d by l, %d by pairs", by_k, by_l, by_pair)
        if budget_rows is not None and sum(removed.values()) > budget_rows:
            break
        if not by_k and not by_l and not by_pair:
            break
    return removed


def _remove_rare_pairs(con, k: int, budget_left: int | None = None, plain: bool = False, first: bool = False) -> int:
    """One round over the pairs of ``_ps`` (i1, i2, s: the patients holding both items; kept in step with
    ``_it``): for every pair of items held together by fewer than k patients, remove one of the two items from
    each patient holding the pair. Which one: the item in more of that patient's failing pairs (one removal
    then fixes several), then the one with fewer rows (the budget counts rows), then the rarer (fewer
    patients), then by hash (deterministic). The holders of the failing pairs are looked up in ``_it``, and
    their row counts and supports for those pairs only. ``plain``: ``_it`` has one row per (patient, item) (no
    l column), so it is joined as it is. Each round decrements ``_ps`` by the pairs its removals take away
    (a patient's pairs holding a dropped item). Returns the rows removed (or, over ``budget_left``, a lower
    bound of them)."""
    distinct = "SELECT pnum, item FROM _it" if plain else "SELECT DISTINCT pnum, item FROM _it"
    failing = f"SELECT i1, i2 FROM _ps WHERE s < {k} AND s > 0"  # a pair whose support fell to 0 has no holder
    if first:  # the holders of each failing pair from every patient's pairs (``_pairs``, dropped after)
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _fp AS
                        SELECT p.* FROM _pairs p JOIN ({failing}) f USING (i1, i2)""").fetchall()
        con.execute("DROP TABLE _pairs").fetchall()
    else:  # the patients holding the failing pair's first item and its second
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _fp AS
                        WITH p AS ({distinct}), f AS ({failing})
                        SELECT a.pnum, f.i1, f.i2 FROM f JOIN p a ON a.item = f.i1
                        JOIN p b ON b.pnum = a.pnum AND b.item = f.i2""").fetchall()
    patients = con.execute("SELECT count(DISTINCT pnum) FROM _fp").fetchall()[0][0]
    if not patients:
        return 0
    if budget_left is not None and patients > budget_left:
        # the cheapest lower bound, before any lookup: every patient holding a failing pair loses at least one
        # of its items (a row or more) in this round; beyond the budget the node fails here (the pair check of
        # a node that fails usually fails by a wide margin, e.g. ~190,000 rows against a budget of 48,000)
        return int(patients)
    if plain:
        con.execute("""CREATE OR REPLACE TEMP TABLE _fpi AS
                       WITH s AS (SELECT item, count(*) AS s FROM _it GROUP BY item)
                       SELECT f.pnum, f.i1, f.i2, a.n AS n1, b.n AS n2, sa.s AS s1, sb.s AS s2 FROM _fp f
                       JOIN _it a ON a.pnum = f.pnum AND a.item = f.i1 JOIN _it b ON b.pnum = f.pnum AND b.item = f.i2
                       JOIN s sa ON sa.item = f.i1 JOIN s sb ON sb.item = f.i2""").fetchall()
    else:
        con.execute("""CREATE OR REPLACE TEMP TABLE _fpi AS
                       WITH pi AS (SELECT pnum, item, sum(n) AS n FROM _it
                                   WHERE pnum IN (SELECT pnum FROM _fp) GROUP BY ALL),
                            s AS (SELECT item, count(DISTINCT pnum) AS s FROM _it
                                  WHERE item IN (SELECT i1 FROM _fp UNION SELECT i2 FROM _fp) GROUP BY item)
                       SELECT f.pnum, f.i1, f.i2, a.n AS n1, b.n AS n2, sa.s AS s1, sb.s AS s2 FROM _fp f
                       JOIN pi a ON a.pnum = f.pnum AND a.item = f.i1 JOIN pi b ON b.pnum = f.pnum AND b.item = f.i2
                       JOIN s sa ON sa.item = f.i1 JOIN s sb ON sb.item = f.i2""").fetchall()
    if budget_left is not None:
        # a lower bound: every patient holding a failing pair loses at least their smallest item in one;
        # beyond the budget the node fails without the exact (iterated) count
        bound = con.execute(
            "SELECT coalesce(sum(m), 0) FROM (SELECT pnum, min(least(n1, n2)) AS m FROM _fpi GROUP BY pnum)"
        ).fetchall()[0][0]
        if int(bound) > budget_left:
            return int(bound)
    con.execute("""CREATE OR REPLACE TEMP TABLE _drop AS
                   WITH d AS (SELECT pnum, item, count(*) AS d FROM (SELECT pnum, i1 AS item FROM _fpi
                                                                     UNION ALL SELECT pnum, i2 FROM _fpi) GROUP BY ALL)
                   SELECT DISTINCT f.pnum,
                          CASE WHEN d1.d > d2.d THEN f.i1 WHEN d1.d < d2.d THEN f.i2
                               WHEN f.n1 < f.n2 THEN f.i1 WHEN f.n1 > f.n2 THEN f.i2
                               WHEN f.s1 < f.s2 THEN f.i1 WHEN f.s1 > f.s2 THEN f.i2
                               WHEN f.i1 > f.i2 THEN f.i1 ELSE f.i2 END AS item
                   FROM _fpi f JOIN d d1 ON d1.pnum = f.pnum AND d1.item = f.i1
                   JOIN d d2 ON d2.pnum = f.pnum AND d2.item = f.i2""").fetchall()
    rows = con.execute("SELECT coalesce(sum(n), 0) FROM _it JOIN _drop USING (pnum, item)").fetchall()[0][0]
    # the pairs this round takes away, counted per pair: a dropping patient's pairs holding a dropped item
    # (DISTINCT: a pair whose two items are both dropped counts once), from their items before the deletion
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _gone AS
                   WITH p AS ({distinct} WHERE pnum IN (SELECT pnum FROM _drop))
                   SELECT i1, i2, count(*) AS c FROM (
                       SELECT DISTINCT d.pnum, least(d.item, p.item) AS i1, greatest(d.item, p.item) AS i2
                       FROM _drop d JOIN p ON p.pnum = d.pnum AND p.item <> d.item) GROUP BY ALL""").fetchall()
    con.execute("DELETE FROM _it WHERE (pnum, item) IN (SELECT (pnum, item) FROM _drop)").fetchall()
    con.execute("UPDATE _ps SET s = _ps.s - g.c FROM _gone g WHERE _ps.i1 = g.i1 AND _ps.i2 = g.i2").fetchall()
    return int(rows)


def search(
    con,
    agg: str,
    qi_levels: dict[str, list[str]],
    *,
    k: int,
    budget_rows: int,
    l_column: str | None = None,
    l: int | None = None,
    known_events: int = 1,
    max_levels: dict[str, int] | None = None,
    weights: dict[str, float] | None = None,
    level_names: dict[str, list[str]] | None = None,
) -> SearchResult:
    """The least-loss node within the floors whose suppression fits the budget.

    ``qi_levels``: qi -> its level column names; ``max_levels``: qi -> the highest level index allowed;
    ``weights``: qi -> weight of its loss. On success the surviving items are in ``_it`` (``set_suppression``)
    and the node's ``suppressed_by_reason`` is set. Raises ``SuppressionBudgetExceeded`` naming the best tried.
    """
    names = list(qi_levels)
    heights = [len(qi_levels[n]) - 1 for n in names]
    caps = [min(h, (max_levels or {}).get(n, h)) for n, h in zip(names, heights)]
    w = [float((weights or {}).get(n, 1.0)) for n in names]
    lattice = sorted(
        (Node(levels, loss_of(levels, heights, w)) for levels in itertools.product(*(range(c + 1) for c in caps))),
        key=lambda node: (node.loss, sum(node.levels), node.levels),
    )
    failed: list[tuple[int, ...]] = []
    tried: list[Node] = []
    top_levels = tuple(caps)

    def exact(node: Node) -> None:
        columns = [qi_levels[n][lv] for n, lv in zip(names, node.levels)]
        node.by_reason = set_suppression(
            con, agg, columns, k=k, known_events=known_events, l_column=l_column, l=l, budget_rows=budget_rows
        )
        node.suppressed = sum(node.by_reason.values())

    # Two tiers. The class-level count (rows of classes below k or l) is cheap and a lower bound of the
    # rows the patient's-set check suppresses (that check starts by removing those very classes); the
    # exact check (pairs of items, iterated) is the expensive one. Both are monotone in generalisation.
    # The top of the capped lattice (every node lies below it) is tried first on the cheap tier only: when
    # even it exceeds the budget nothing can pass, at the cost of one aggregate. Its exact check is run only
    # if no node below it passes (it is then the fallback), never on the way.
    lattice.sort(key=lambda node: node.levels != top_levels)
    # the class tier groups small integer codes of the labels (same classes, cheaper to group)
    coded = coded_aggregate(con, agg, [c for n in names for c in qi_levels[n]], l_column)
    for node in lattice:
        if any(all(a <= b for a, b in zip(node.levels, f)) for f in failed):
            continue  # monotone: less general than a failed node
        is_top = node.levels == top_levels
        columns = [qi_levels[n][lv] for n, lv in zip(names, node.levels)]
        # Below the top only the bounds: a node whose bounds fit goes to ``exact``, whose first round removes
        # the classes below k (or l) and stops over the budget, the same count as the exact class count
        # (which cost a full grouping per node and was repeated there). The top keeps the exact class count:
        # it decides, early, that nothing passes.
        node.suppressed, node.classes_below_k = evaluate(con, coded, columns, k, l_column, l, budget_rows, exact=is_top)
        tried.append(node)
        if node.suppressed > budget_rows:
            log.debug(
                "node %s: loss %.3f, over the budget on classes alone (%d rows)",
                node.levels,
                node.loss,
                node.suppressed,
            )
            if is_top:
                break  # the most general node allowed fails: nothing below it can pass
            failed.append(node.levels)
            continue
        if is_top and len(lattice) > 1:
            continue  # passes the cheap tier; exact check only as the fallback (below)
        exact(node)  # classes alone fit: the exact count over the patient's set (pairs of items) decides
        log.debug("node %s: loss %.3f, %d rows would be suppressed", node.levels, node.loss, node.suppressed)
        if node.suppressed <= budget_rows:
            return SearchResult(node, len(tried), len(lattice), tried)
        failed.append(node.levels)
    top = next((n for n in tried if n.levels == top_levels and n.suppressed <= budget_rows), None)
    if top is not None and not top.by_reason:  # nothing below the top passed: the top, if it passes exactly
        exact(top)
        if top.suppressed <= budget_rows:
            return SearchResult(top, len(tried), len(lattice), tried)
    best = min(tried, key=lambda n: n.suppressed) if tried else None

    def label(name: str, level: int) -> str:
        return (level_names or {}).get(name, [str(i) for i in range(level + 1)])[level]

    floors = [f"{n} <= {label(n, c)}" for n, c, h in zip(names, caps, heights) if c < h]
    raise SuppressionBudgetExceeded(
        f"no generalisation reaches k={k} (over the patient's set, attacker knows {known_events} event(s))"
        f"{' within the utility floor (' + ', '.join(floors) + ')' if floors else ''} and the suppression budget "
        f"of {budget_rows} rows (fewest suppressed: {best.suppressed if best else 'n/a'} rows, "
        f"at {', '.join(f'{n} {label(n, lv)}' for n, lv in zip(names, best.levels)) if best else 'n/a'})."
    )


def patient_items_sql(table: str, qi: list[str], pnum: str = "pnum", tag: str | None = None) -> str:
    """(pnum, item, rows): each patient's distinct quasi-identifier tuples (items) in ``table``; ``tag`` (a
    table name) keeps items of different tables apart when the sets of several tables are combined."""
    parts = ([f"'{tag}'"] if tag else []) + list(qi)
    item = f"hash({', '.join(parts)})" if parts else "0"
    return f"SELECT {pnum} AS pnum, {item} AS item, count(*) AS rows FROM {table} GROUP BY ALL"


def _patient_minimum(con, items: str, known_events: int, name: str, *, minimum: bool = True) -> None:
    """Table ``name``(pnum, rows, support): per patient, the fewest patients sharing one of their items or
    (with two known events) one of their pairs of items: what an attacker matching on them finds. Its inputs
    stay: ``name_i`` (pnum, item, rows) and ``name_p`` (pnum, i1, i2). ``minimum=False`` (the journalist's
    population, whose supports are only looked up for the released items and pairs): only ``name_i`` and
    ``name_ps`` (i1, i2, s), the patients holding each pair, grouped straight from the self-join."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {name}_i AS SELECT pnum, item, {row_count('sum(rows)')} AS rows FROM ({items}) "
        "GROUP BY ALL"
    ).fetchall()
    self_join = f"FROM {name}_i a JOIN {name}_i b ON a.pnum = b.pnum AND a.item < b.item"
    if not minimum:
        if known_events >= 2:
            con.execute(
                f"CREATE OR REPLACE TEMP TABLE {name}_ps AS SELECT a.item AS i1, b.item AS i2, count(*) AS s "
                f"{self_join} GROUP BY ALL"
            ).fetchall()
        return
    pairs = ""
    if known_events >= 2:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {name}_p AS SELECT a.pnum, a.item AS i1, b.item AS i2 {self_join}"
        ).fetchall()
        pairs = (
            f" UNION ALL SELECT p.pnum, c.s FROM {name}_p p JOIN (SELECT i1, i2, count(*) AS s FROM {name}_p "
            f"GROUP BY ALL) c USING (i1, i2)"
        )
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {name} AS
        WITH s AS (SELECT item, count(*) AS s FROM {name}_i GROUP BY item),
             m AS (SELECT pnum, min(s) AS support FROM (SELECT i.pnum, s.s FROM {name}_i i JOIN s USING (item){pairs})
                   GROUP BY pnum)
        SELECT m.pnum, r.rows, m.support FROM m
        JOIN (SELECT pnum, {row_count("sum(rows)")} AS rows FROM {name}_i GROUP BY pnum) r USING (pnum)""").fetchall()


def release_risk(
    con,
    table: str,
    qi: list[str],
    *,
    threshold: float,
    known_events: int = 1,
    population: str | None = None,
    pnum: str = "pnum",
) -> dict:
    """Singling-out risk of a released table (``table`` has ``pnum``), over each patient's set of items.

    - prosecutor (the attacker knows the patient is in the release): a patient's risk is 1 / the fewest
      released patients sharing one of their items or pairs of items; ``k_reached`` is the smallest such
      count; records at risk are the rows of patients whose risk exceeds the policy ``threshold``;
    - journalist (the attacker does not know who is in it and matches against the population, here every
      staged patient with rows, excluded and suppressed ones included): the same counted in ``population``
      (an SQL of (pnum, item, rows) with items made the same way); highest risk over released patients;
    - marketer (the attacker links everyone): the expected share of released patients re-identified, the
      mean of their journalist risks.
    Row-level figures (classes of equal tuples) are kept for comparison with the per-row view.
    """
    cols = ", ".join(qi) if qi else "1"
    _patient_minimum(con, patient_items_sql(table, qi, pnum), known_events, "_rr")
    n_patients, smallest, rows, risk_sum, rows_at_risk, patients_at_risk = con.execute(f"""
        SELECT count(*), min(support), sum(rows), sum(rows * 1.0 / support),
               coalesce(sum(rows) FILTER (WHERE 1.0 / support > {threshold}), 0),
               count(*) FILTER (WHERE 1.0 / support > {threshold}) FROM _rr""").fetchall()[0]
    classes, classes_at_risk = con.execute(f"""
        SELECT count(*), count(*) FILTER (WHERE 1.0 / patients > {threshold})
        FROM (SELECT count(DISTINCT {pnum}) AS patients FROM {table} GROUP BY {cols})""").fetchall()[0]
    rows = int(rows or 0)
    out = {
        "equivalence_classes": int(classes or 0),
        "k_reached": int(smallest or 0),
        "highest_prosecutor_risk": round(1.0 / smallest, 6) if smallest else 0.0,
        "average_prosecutor_risk": round(float(risk_sum) / rows, 6) if rows else 0.0,
        "risk_threshold": threshold,
        "records_at_risk": int(rows_at_risk or 0),
        "classes_at_risk": int(classes_at_risk or 0),
    }
    singling = {
        "known_events": known_events,
        "patients": int(n_patients or 0),
        "prosecutor": {
            "highest_risk": out["highest_prosecutor_risk"],
            "average_risk": out["average_prosecutor_risk"],
            "k_reached": out["k_reached"],
            "records_at_risk": out["records_at_risk"],
            "patients_at_risk": int(patients_at_risk or 0),
        },
    }
    if population is not None:
        # the population's support of each released item/pair: population patients holding it
        _patient_minimum(con, population, known_events, "_rp", minimum=False)
        pairs = ""
        if known_events >= 2:
            pairs = " UNION ALL SELECT r.pnum, c.s FROM _rr_p r JOIN _rp_ps c USING (i1, i2)"
        highest, mean, smallest_pop = con.execute(f"""
            WITH s AS (SELECT item, count(*) AS s FROM _rp_i GROUP BY item),
                 m AS (SELECT pnum, min(s) AS support FROM (SELECT r.pnum, s.s FROM _rr_i r JOIN s USING (item){pairs})
                       GROUP BY pnum)
            SELECT max(1.0 / support), avg(1.0 / support), min(support) FROM m""").fetchall()[0]
        singling["journalist"] = {
            "population": "every staged patient with rows (excluded and suppressed included)",
            "highest_risk": round(float(highest or 0), 6),
            "smallest_population_class": int(smallest_pop or 0),
        }
        singling["marketer"] = {"average_risk": round(float(mean or 0), 6)}
    out["singling_out"] = singling
    return out


def combined_k(con, items: list[str], known_events: int) -> int:
    """k over the patient's set of items from several tables (``items``: SQLs of (pnum, item, rows) with
    table-tagged items): what an attacker combining the tables of one dataset can single out."""
    _patient_minimum(con, " UNION ALL ".join(items), known_events, "_rc")
    return int(con.execute("SELECT coalesce(min(support), 0) FROM _rc").fetchall()[0][0])


def inference_risk(con, table: str, qi: list[str], column: str) -> dict:
    """Attribute disclosure on a sensitive column, per class of equal quasi-identifier tuples.

    l: distinct values per class (NULL not counted); rows in classes with one value (the value is learnt
    for everyone matched to the class); t: the largest equal-distance t-closeness (total variation distance
    between the class's distribution of the value and the table's), NULL counting as a value.
    """
    cls = ", ".join(f"_q{i}" for i in range(len(qi))) or "_q0"
    # NULL-safe class keys (a NULL age band is a class too; USING would not join NULLs)
    sel = ", ".join(f"coalesce(CAST({c} AS VARCHAR), chr(0)) AS _q{i}" for i, c in enumerate(qi)) or "1 AS _q0"
    row = con.execute(f"""
        WITH c AS (SELECT {sel}, coalesce(CAST({column} AS VARCHAR), chr(0)) AS v, count(*) AS n,
                          {column} IS NULL AS _null FROM {table} GROUP BY ALL),
             tot AS (SELECT v, sum(n) * 1.0 / (SELECT sum(n) FROM c) AS pa FROM c GROUP BY v),
             cl AS (SELECT {cls}, sum(n) AS nc, count(*) FILTER (WHERE NOT _null) AS l FROM c GROUP BY {cls}),
             t AS (SELECT {cls}, 0.5 * (sum(abs(c.n * 1.0 / cl.nc - tot.pa)) + 1 - sum(tot.pa)) AS t
                   FROM c JOIN cl USING ({cls}) JOIN tot USING (v) GROUP BY {cls})
        SELECT min(cl.l), coalesce(sum(cl.nc) FILTER (WHERE cl.l <= 1), 0), max(t.t), count(*)
        FROM cl JOIN t USING ({cls})""").fetchall()[0]
    return {
        "column": column.strip('"'),
        "l_reached": int(row[0] or 0),
        "rows_in_classes_with_one_value": int(row[1]),
        "t_closeness": round(float(row[2] or 0.0), 4),
        "classes": int(row[3] or 0),
    }
