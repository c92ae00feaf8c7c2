"""Build the tables of a research dataset inside DuckDB (vectorised SQL, spilling to disk; no per-row Python).

Per table, two passes over the data:

1. **base**: the staged rows (newest version of every key, read straight from the committed Parquet
   partitions), minus the excluded patients, with pseudonyms (HMAC-SHA256 in SQL over the distinct keys),
   the finest input of every quasi-identifier (age at the event, postcode, the (shifted) date, the value),
   the sensitive columns (rare codes rolled up to their group) and the anonymised text (joined on
   source_system + record key; NULL when missing, never the staged text). An aggregate of it, one row per
   (patient, finest combination), is what the generalisation search runs on (``risk.search``).
2. **out**: the chosen levels applied; rows of classes with fewer than k patients (or fewer than l sensitive
   values) suppressed; plus the internal ``_patient_key`` for the release gate (never published).

Excluded, never in a table: patients whose latest ``onderzoek`` preference is ``granted = false`` (objection),
patients with an active ``restriction_request`` person hold in the privacy register, rows whose patient is
unknown. Memory is bounded by DuckDB's ``memory_limit`` (``DCN_RESEARCH_MEMORY_LIMIT``, default 1GB), not by rows.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from transforms import settings
from transforms.kernel import staging
from transforms.research import generalise, risk
from transforms.research.config import TEXT_ENTITIES, ColumnSpec, DatasetDefinition, TableSpec
from transforms.research.generalise import q
from transforms.research.pseudonym import DatasetKey, sql_hmac, sql_pseudonym

log = logging.getLogger(__name__)

EXCLUSION_REASONS = ("restriction", "objection", "not_a_patient", "patient_not_staged")
PATIENT_KEY = "_patient_key"


class ResearchBuildError(RuntimeError):
    """The dataset cannot be built from what is staged (message: names and counts only)."""


@dataclass
class TableResult:
    table: str
    rows_in: int
    rows_eligible: int
    rows_out: int
    suppressed: int
    excluded: int
    excluded_by_reason: dict[str, int]
    k_configured: int
    levels: dict[str, str]
    information_loss: dict[str, dict]
    risk: dict
    search: dict
    suppression_budget_rows: int
    suppressed_by_reason: dict[str, int] = field(default_factory=dict)
    l_diversity: dict | None = None
    text: dict = field(default_factory=dict)
    inference: list[dict] = field(default_factory=list)
    utility_floor: dict = field(default_factory=dict)

    def summary(self) -> dict:
        return {
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "suppressed": self.suppressed,
            "excluded": self.excluded,
            "k_reached": self.risk["k_reached"],
        }


def connect(path: Path | None = None, memory_limit: str | None = None, threads: int | None = None):
    """A DuckDB connection for one build: a file database in the build folder, bounded memory, spill to disk."""
    import duckdb

    con = duckdb.connect(str(path) if path else ":memory:")
    ddl(con, "SET enable_progress_bar = false")
    ddl(con, f"SET memory_limit = '{memory_limit or os.environ.get('DCN_RESEARCH_MEMORY_LIMIT', '1GB')}'")
    ddl(con, "SET preserve_insertion_order = false")
    # memory_limit bounds DuckDB's buffer pool only; its allocator also keeps freed memory for reuse, up to
    # 128 MB after each task by default, on top of the limit. Flushed from 16 MB on, and returned to the
    # system by the allocator's background threads, the build's peak at 5M treatments is ~26 MB lower (same
    # CPU time; docs/research_datasets.md, Benchmark)
    ddl(con, "SET allocator_flush_threshold = '16MB'")
    ddl(con, "SET allocator_background_threads = true")
    # and flushed after any bulk deallocation over 16 MB (default 512 MB): memory freed at once (the search
    # replaces its scratch tables at every node) goes back to the system rather than staying beside the full
    # buffer pool; 5M treatments: peak 644-652 MB vs 663-667 MB without, same CPU time (two paired runs)
    ddl(con, "SET allocator_bulk_deallocation_flush_threshold = '16MB'")
    if threads:
        ddl(con, f"SET threads = {int(threads)}")
    if path:
        tmp = Path(path).with_suffix(".spill")
        ddl(con, f"SET temp_directory = '{tmp}'")
    return con


def ddl(con, query: str, params=None) -> None:
    """Run a statement and drain its result (DuckDB 2 refuses new work while a result is pending)."""
    if params and not any(f"${name}" in query for name in params):
        params = None
    con.execute(query, params).fetchall()


def _sql_str(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def stage_view(con, entity: str, key: str, data_root: Path, *, read_often: bool = False) -> str:
    """A view ``s_<entity>`` of the current state of a staged entity (``staging.current_state_sql``).

    ``read_often``: the view is read several times (a table's entity: pseudonyms, counts, both base tables), so
    it is ``staging.current_state_relation``: without the window (that would partition every row again at each
    read) when no key is staged twice. Otherwise (a view read once: patients, preferences) the plain window."""
    files = staging.staged_files(entity, data_root=data_root)
    if not files:
        raise ResearchBuildError(f"nothing staged for entity {entity!r}")
    name = f"s_{entity}"
    state = staging.current_state_relation(con, files, key) if read_often else staging.current_state_sql(files, key)
    ddl(con, f"CREATE OR REPLACE VIEW {name} AS {state}")
    return name


def restricted_patients(register_url: str | None) -> list[tuple[str, str]]:
    """(source_system, patient_id) of every patient under a restriction (an active person hold with reason
    ``restriction_request``, as ``transforms.requests.restriction`` places it)."""
    from transforms import register
    from transforms.retention import holds

    held = holds.person_held(register.register_engine(register_url), holds.RESTRICTION)
    return sorted({(source, key) for source, kind, key in held if kind == "patient"})


def build_exclusions(con, restricted: list[tuple[str, str]]) -> dict[str, int]:
    """Table ``excl(source_system, patient_id, reason)``: restriction wins over objection.

    The restricted patients are passed as two list parameters, not a registered Arrow table: registering makes
    DuckDB import pandas (and the table pyarrow), ~86 MB of libraries the build needs nowhere else and that
    stay resident for the rest of the build, on top of its memory_limit (docs/research_datasets.md, memory)."""
    ddl(
        con,
        """
        CREATE OR REPLACE TABLE excl AS
        WITH objections AS (
            SELECT source_system, CAST(patient_id AS VARCHAR) AS patient_id FROM (
                SELECT *, row_number() OVER (PARTITION BY source_system, patient_id
                                             ORDER BY recorded_at DESC, updated_at DESC, preference_id DESC) AS rn
                FROM s_communication_preference WHERE purpose = 'onderzoek')
            WHERE rn = 1 AND NOT granted),
        restricted AS (
            SELECT unnest(CAST($sources AS VARCHAR[])) AS source_system,
                   unnest(CAST($patients AS VARCHAR[])) AS patient_id)
        SELECT source_system, patient_id,
               CASE WHEN bool_or(reason = 'restriction') THEN 'restriction' ELSE 'objection' END AS reason
        FROM (SELECT source_system, patient_id, 'objection' AS reason FROM objections
              UNION ALL SELECT source_system, patient_id, 'restriction' AS reason FROM restricted)
        GROUP BY ALL""",
        {"sources": [s for s, _ in restricted], "patients": [p for _, p in restricted]},
    )
    return dict(con.execute("SELECT reason, count(*) FROM excl GROUP BY 1").fetchall())


def build_patient_map(con, definition: DatasetDefinition, key: DatasetKey) -> int:
    """``pmap``: every staged patient with a number, the dataset's pseudonym, a shift seed and the patient
    attributes the tables use. HMACs are computed once per patient, in SQL. ``pnum`` is a 32-bit integer (2**31
    patients is far beyond any practice group): every table of the build and of its search carries it."""
    needed = sorted({c.column for t in definition.tables.values() for c in t.columns.values() if c.entity == "patient"})
    attrs = "".join(f", {q(c)}" for c in needed)
    ipad, opad = key.pads()
    message = "'patient:' || source_system || ':' || CAST(patient_id AS VARCHAR)"
    shift = "'shift:' || source_system || ':' || CAST(patient_id AS VARCHAR)"
    ddl(
        con,
        f"""
        CREATE OR REPLACE TABLE pmap AS
        SELECT source_system AS src, CAST(patient_id AS VARCHAR) AS pid,
               CAST(row_number() OVER (ORDER BY source_system, patient_id) AS INTEGER) AS pnum,
               {sql_pseudonym(message)} AS pseudonym,
               CAST('0x' || substr({sql_hmac(shift)}, 1, 16) AS UBIGINT) AS shift_seed{attrs}
        FROM s_patient""",
        {"ipad": ipad, "opad": opad},
    )
    return con.execute("SELECT count(*) FROM pmap").fetchall()[0][0]


def _date(expr: str) -> str:
    return f"CAST({expr} AS DATE)"


def _raw_expr(spec: ColumnSpec, e: str = "e", p: str = "pm") -> str:
    alias = p if spec.entity == "patient" else e
    value = f"{alias}.{q(spec.column)}"
    if spec.treatment == "age_band":
        at_column = spec.at.split(".", 1)[1]
        return generalise.age_sql(_date(value), _date(f"{e}.{q(at_column)}"))
    if spec.treatment == "date":
        if spec.shift_days:
            offset = f"CAST({p}.shift_seed % {2 * spec.shift_days + 1} AS INTEGER) - {spec.shift_days}"
            return f"({_date(value)} + {offset})"
        return _date(value)
    return value


def _as_of_column(table: TableSpec, model_entity) -> str | None:
    for spec in table.columns.values():
        if spec.treatment == "age_band":
            return spec.at.split(".", 1)[1]
    for name, column in model_entity.columns.items():
        if column.type in ("date", "datetime") and column.required and not column.nullable:
            return name
    return None


def build_table(
    con,
    definition: DatasetDefinition,
    tname: str,
    table: TableSpec,
    key: DatasetKey,
    *,
    as_of: dt.date | None,
    data_root: Path,
    model,
) -> TableResult:
    entity = model.entities[table.entity]
    view = stage_view(con, table.entity, entity.key, data_root, read_often=True)
    pcol = q(table.patient_column)
    as_of_col = _as_of_column(table, entity)
    where_as_of = (
        f"{_date('e.' + q(as_of_col))} <= DATE {_sql_str(as_of.isoformat())}" if as_of and as_of_col else "TRUE"
    )
    joins = (
        f"FROM {view} e LEFT JOIN pmap pm ON pm.src = e.source_system AND pm.pid = CAST(e.{pcol} AS VARCHAR) "
        f"LEFT JOIN excl x ON x.source_system = e.source_system AND x.patient_id = CAST(e.{pcol} AS VARCHAR)"
    )
    # --- counts in, excluded by reason
    counts = dict(
        con.execute(f"""
        SELECT CASE WHEN x.reason IS NOT NULL THEN x.reason WHEN e.{pcol} IS NULL THEN 'not_a_patient'
                    WHEN pm.pid IS NULL THEN 'patient_not_staged' ELSE 'eligible' END AS r, count(*)
        {joins} WHERE {where_as_of} GROUP BY 1""").fetchall()
    )
    rows_in = sum(counts.values())
    eligible = counts.pop("eligible", 0)
    excluded_by_reason = {r: int(counts.get(r, 0)) for r in EXCLUSION_REASONS}
    log.info(
        "research %s.%s: %d rows in, %d excluded, %d eligible",
        definition.name,
        tname,
        rows_in,
        sum(excluded_by_reason.values()),
        eligible,
    )
    # --- pass 1: base table with pseudonyms, finest QI inputs, sensitive values, text
    select = [
        "pm.pnum AS pnum",
        f"e.source_system || ':' || CAST(e.{pcol} AS VARCHAR) AS {PATIENT_KEY}",
        f"CAST(e.{q(entity.key)} AS VARCHAR) AS _record_key",
    ]
    extra_joins: list[str] = []
    params = dict(zip(("ipad", "opad"), key.pads()))
    text_info: dict = {}
    for name, spec in table.columns.items():
        if spec.treatment == "pseudonymise":
            if spec.column == table.patient_column:
                if key.domain == definition.domain:
                    select.append(f"pm.pseudonym AS {q(name)}")
                    continue
                # the table's own key domain: its patient pseudonyms, once per patient
                alias = f"pk_{tname}"
                message = "'patient:' || src || ':' || pid"
                ddl(
                    con,
                    f"CREATE OR REPLACE TABLE {alias} AS SELECT pnum, {sql_pseudonym(message)} AS pseudonym FROM pmap",
                    params,
                )
                extra_joins.append(f"LEFT JOIN {alias} ON {alias}.pnum = pm.pnum")
                select.append(f"{alias}.pseudonym AS {q(name)}")
                continue
            alias = f"ps_{name}"
            ddl(
                con,
                f"""CREATE OR REPLACE TABLE {alias} AS SELECT src, id, {sql_pseudonym("'practitioner:' || src || ':' || id")} AS pseudonym
                            FROM (SELECT DISTINCT source_system AS src, CAST({q(spec.column)} AS VARCHAR) AS id
                                  FROM {view} WHERE {q(spec.column)} IS NOT NULL)""",
                params,
            )
            extra_joins.append(
                f"LEFT JOIN {alias} ON {alias}.src = e.source_system AND "
                f"{alias}.id = CAST(e.{q(spec.column)} AS VARCHAR)"
            )
            select.append(f"{alias}.pseudonym AS {q(name)}")
        elif spec.treatment == "anonymised_text":
            tkey, _ = TEXT_ENTITIES[spec.entity]
            from transforms.text.staged import output_dir

            path = output_dir(data_root) / spec.entity / staging.DATA_FILE
            if path.exists():
                alias = f"tx_{name}"
                ddl(
                    con,
                    f"CREATE OR REPLACE VIEW {alias} AS SELECT source_system, CAST({q(tkey)} AS VARCHAR) AS k, "
                    f"text FROM read_parquet({_sql_str(str(path))})",
                )
                extra_joins.append(
                    f"LEFT JOIN {alias} ON {alias}.source_system = e.source_system AND "
                    f"{alias}.k = CAST(e.{q(tkey)} AS VARCHAR)"
                )
                select.append(f"{alias}.text AS {q(name)}")
                text_info[name] = {"anonymised_output": "present"}
            else:
                log.warning(
                    "research %s.%s: no anonymised text for %s: column %s is NULL",
                    definition.name,
                    tname,
                    spec.entity,
                    name,
                )
                select.append(f"CAST(NULL AS VARCHAR) AS {q(name)}")
                text_info[name] = {"anonymised_output": "missing"}
        elif spec.role == "quasi":
            select.append(f"{_raw_expr(spec)} AS {q(name + '__raw')}")
            if spec.treatment == "date" and spec.shift_days:
                # the unshifted date, internal only: the truth the analyst queries are measured against
                select.append(f"{_date('e.' + q(spec.column))} AS {q(name + '__true')}")
        elif spec.treatment == "date":
            select.append(f"{generalise.date_sql(_raw_expr(spec), spec.levels[0])} AS {q(name)}")
        else:
            select.append(f"{_raw_expr(spec)} AS {q(name)}")
    ddl(
        con,
        f"CREATE OR REPLACE TABLE b_{tname} AS SELECT {', '.join(select)} {joins} {' '.join(extra_joins)} "
        f"WHERE {where_as_of} AND x.reason IS NULL AND e.{pcol} IS NOT NULL AND pm.pid IS NOT NULL",
        params,
    )
    # the population for journalist risk: every staged patient's rows up to as_of, excluded patients included
    qi_raw = [
        f"{_raw_expr(spec)} AS {q(name + '__raw')}" for name, spec in table.columns.items() if spec.role == "quasi"
    ]
    ddl(
        con,
        f"CREATE OR REPLACE TABLE bp_{tname} AS SELECT pm.pnum AS pnum, {', '.join(qi_raw)} {joins} "
        f"WHERE {where_as_of} AND e.{pcol} IS NOT NULL AND pm.pid IS NOT NULL",
    )
    for name, info in text_info.items():
        if info["anonymised_output"] == "present":
            info["missing_rows"] = con.execute(f"SELECT count(*) FROM b_{tname} WHERE {q(name)} IS NULL").fetchall()[0][
                0
            ]
    # --- small maps: PC4/PC2 roll-up and rare codes -> group (counted in distinct patients of this table)
    view_cols = ["pnum", PATIENT_KEY, "_record_key"]
    qi_levels: dict[str, list[str]] = {}
    level_select: list[str] = []
    for name, spec in table.columns.items():
        if spec.treatment == "postcode" and spec.role == "quasi":
            raw, m = q(name + "__raw"), spec.min_patients
            ddl(
                con,
                f"""
                CREATE OR REPLACE TABLE pc_{tname}_{name} AS
                WITH p4 AS (SELECT substr({raw}, 1, 4) AS pc4, count(DISTINCT pnum) AS n4 FROM b_{tname}
                            WHERE {raw} IS NOT NULL GROUP BY 1),
                     p2 AS (SELECT substr({raw}, 1, 2) AS pc2, count(DISTINCT pnum) AS n2 FROM b_{tname}
                            WHERE {raw} IS NOT NULL GROUP BY 1)
                SELECT pc4, CASE WHEN n4 >= {m} THEN pc4 WHEN n2 >= {m} THEN pc2 ELSE '*' END AS l_pc4,
                       CASE WHEN n2 >= {m} THEN pc2 ELSE '*' END AS l_pc2
                FROM p4 JOIN p2 ON p2.pc2 = substr(p4.pc4, 1, 2)""",
            )
        if spec.treatment == "code_group":
            col, m, g = q(name), spec.min_patients, spec.group_chars
            ddl(
                con,
                f"""CREATE OR REPLACE TABLE cg_{tname}_{name} AS
                SELECT {col} AS code, CASE WHEN count(DISTINCT pnum) >= {m} THEN {col} ELSE left({col}, {g}) || '*' END AS label
                FROM b_{tname} WHERE {col} IS NOT NULL GROUP BY 1""",
            )
    joins2 = []
    for name, spec in table.columns.items():
        if spec.role == "quasi":
            if spec.treatment == "postcode":
                alias = f"pc_{tname}_{name}"
                joins2.append(f"LEFT JOIN {alias} ON {alias}.pc4 = substr(b.{q(name + '__raw')}, 1, 4)")
                exprs = [f"{alias}.l_{level}" for level in spec.levels] + ["'*'"]
            else:
                exprs = generalise.level_exprs(spec, name)
                exprs = [e.replace(q(name + "__raw"), "b." + q(name + "__raw")) for e in exprs]
            qi_levels[name] = []
            for i, expr in enumerate(exprs):
                column = f"{name}__L{i}"
                level_select.append(f"{expr} AS {q(column)}")
                qi_levels[name].append(q(column))
        elif spec.treatment == "code_group":
            alias = f"cg_{tname}_{name}"
            joins2.append(f"LEFT JOIN {alias} ON {alias}.code = b.{q(name)}")
            level_select.append(f"{alias}.label AS {q(name)}")
        else:
            view_cols.append(name)
    ddl(
        con,
        f"CREATE OR REPLACE VIEW g_{tname} AS SELECT {', '.join('b.' + q(c) for c in view_cols)}, "
        f"{', '.join(level_select)} FROM b_{tname} b {' '.join(joins2)}",
    )
    qi_level_cols = [c for cols in qi_levels.values() for c in cols]
    ddl(
        con,
        f"CREATE OR REPLACE VIEW gp_{tname} AS SELECT b.pnum, "
        + ", ".join(sel for sel in level_select if any(sel.endswith(f"AS {c}") for c in qi_level_cols))
        + f" FROM bp_{tname} b {' '.join(j for j in joins2 if j.split()[2].startswith('pc_'))}",
    )
    # --- the search on an aggregate: one row per (patient, finest combination)
    ldiv = table.l_diversity
    l_col = q(ldiv.column) if ldiv else None
    level_cols = [c for cols in qi_levels.values() for c in cols]
    # Labels are hashed to 64-bit integers for the search (much faster to group); a collision could only
    # misjudge how many rows a node suppresses: pass 2 groups the real labels, so k holds regardless.
    hashed = [f"hash({c}) AS {c}" for c in [*level_cols, *([l_col] if l_col else [])]]
    ddl(
        con,
        f"CREATE OR REPLACE TABLE a_{tname} AS SELECT pnum, {', '.join(hashed)}, {risk.row_count('count(*)')} AS n "
        f"FROM g_{tname} GROUP BY ALL",
    )
    budget_rows = math.floor(definition.suppression_budget * eligible)
    finest = [cols[0] for cols in qi_levels.values()]
    smallest, unique_rows, below_k = con.execute(
        f"SELECT min(patients), coalesce(sum(rows) FILTER (WHERE patients = 1), 0), "
        f"coalesce(sum(rows) FILTER (WHERE patients < {definition.k}), 0) "
        f"FROM ({risk.class_sql(f'a_{tname}', finest, definition.k, None, None)})"
    ).fetchall()[0]
    before = {
        "k": int(smallest or 0),
        "rows_of_unique_patients": int(unique_rows),
        "rows_in_classes_below_k": int(below_k),
    }
    policy = definition.risk_policy
    search_args = dict(
        k=definition.k,
        budget_rows=budget_rows,
        l_column=l_col,
        l=ldiv.l if ldiv else None,
        known_events=policy.known_events,
        weights={n: table.columns[n].weight for n in qi_levels},
        level_names={n: table.columns[n].level_names() for n in qi_levels},
    )
    floors = {n: table.columns[n].max_level_index() for n in qi_levels if table.columns[n].max_level is not None}
    try:
        result = risk.search(con, f"a_{tname}", qi_levels, max_levels=floors, **search_args)
    except risk.SuppressionBudgetExceeded as exc:
        if floors:
            _diagnose_floor(con, f"a_{tname}", qi_levels, table, search_args, exc, f"{definition.name}.{tname}")
        raise
    # the surviving (patient, item) pairs of the chosen node: pass 2 keeps exactly their rows
    ddl(con, f"CREATE OR REPLACE TABLE keep_{tname} AS SELECT DISTINCT pnum, item FROM _it")
    chosen = {name: qi_levels[name][lv] for name, lv in zip(qi_levels, result.node.levels)}
    log.info(
        "research %s.%s: levels %s after %d of %d lattice nodes; %d rows to suppress (budget %d)",
        definition.name,
        tname,
        result.node.levels,
        result.evaluated,
        result.lattice_size,
        result.node.suppressed,
        budget_rows,
    )
    # --- pass 2: apply the levels, suppress small classes, order deterministically
    published = []
    for name in table.columns:
        published.append(f"{chosen[name]} AS {q(name)}" if name in chosen else q(name))
    # Rows kept: those whose (patient, item) survived the search's suppression (classes and pairs below k,
    # classes below l). Items are the hash of the hashed labels, as in the search's aggregate; the released
    # figures below are recomputed on the real labels, and the gate re-checks every class, so a 64-bit hash
    # collision could only make the release fail closed, never weaken k.
    item = "hash(" + ", ".join(f"hash({c})" for c in chosen.values()) + ")" if chosen else "0"
    pseudonym = q(table.pseudonym_column)
    ddl(
        con,
        f"""
        CREATE OR REPLACE TABLE out_{tname} AS
        SELECT {", ".join(published)}, {PATIENT_KEY}, g.pnum
        FROM g_{tname} g SEMI JOIN keep_{tname} kp ON kp.pnum = g.pnum AND kp.item = {item}
        ORDER BY {pseudonym}, _record_key""",
    )
    rows_out = con.execute(f"SELECT count(*) FROM out_{tname}").fetchall()[0][0]
    qi_names = [q(n) for n in qi_levels]
    population = risk.patient_items_sql(
        f"(SELECT pnum, {', '.join(f'{c} AS {q(n)}' for n, c in chosen.items())} FROM gp_{tname})", qi_names
    )
    figures = risk.release_risk(
        con,
        f"out_{tname}",
        qi_names,
        threshold=policy.threshold,
        known_events=policy.known_events,
        population=population,
    )
    loss = {}
    for (name, cols), lv in zip(qi_levels.items(), result.node.levels):
        spec = table.columns[name]
        finest, released = con.execute(
            f"SELECT count(DISTINCT {cols[0]}), (SELECT count(DISTINCT {q(name)}) FROM out_{tname}) FROM a_{tname}"
        ).fetchall()[0]
        starred = con.execute(f"SELECT count(*) FILTER (WHERE {q(name)} = '*') FROM out_{tname}").fetchall()[0][0]
        loss[name] = {
            "level": spec.level_names()[lv],
            "level_index": lv,
            "height": len(cols) - 1,
            "generalisation_loss": round(lv / (len(cols) - 1), 4) if len(cols) > 1 else 0.0,
            "distinct_values_finest": int(finest),
            "distinct_values_released": int(released),
            "suppressed_values": int(starred),
        }
    suppressed = eligible - rows_out
    by_reason = result.node.by_reason
    suppressed_by_reason = {
        "k_anonymity": int(by_reason.get("k_anonymity", 0)),
        **({"l_diversity": int(by_reason.get("l_diversity", 0))} if ldiv else {}),
    }
    floor = utility_floor(con, f"out_{tname}", table, eligible, policy.utility_floor_share)
    if not floor["met"]:
        raise risk.UtilityFloorNotMet(
            f"{definition.name}.{tname}: utility floor not met: {floor['rows_at_floor']} of {eligible} eligible rows "
            f"({floor['share']:.1%}) are released with every quasi-identifier at or below its max_level "
            f"({', '.join(f'{n} <= {lv}' for n, lv in floor['max_levels'].items())}); the policy asks "
            f"{policy.utility_floor_share:.0%}"
        )
    inference = [
        risk.inference_risk(con, f"out_{tname}", qi_names, q(c))
        for c in dict.fromkeys([*([ldiv.column] if ldiv else []), *table.inference])
    ]
    log.info(
        "research %s.%s: %d rows out, %d suppressed, k reached %d",
        definition.name,
        tname,
        rows_out,
        suppressed,
        figures["k_reached"],
    )
    return TableResult(
        table=tname,
        rows_in=rows_in,
        rows_eligible=eligible,
        rows_out=rows_out,
        suppressed=suppressed,
        excluded=sum(excluded_by_reason.values()),
        excluded_by_reason=excluded_by_reason,
        k_configured=definition.k,
        levels={n: v["level"] for n, v in loss.items()},
        information_loss=loss,
        risk={**figures, "before_generalisation": before},
        search={
            "lattice_nodes": result.lattice_size,
            "nodes_evaluated": result.evaluated,
            "information_loss": round(result.node.loss, 4),
        },
        suppression_budget_rows=budget_rows,
        suppressed_by_reason=suppressed_by_reason,
        l_diversity={"column": ldiv.column, "l": ldiv.l} if ldiv else None,
        text=text_info,
        inference=inference,
        utility_floor=floor,
    )


def _diagnose_floor(
    con, agg: str, qi_levels: dict[str, list[str]], table: TableSpec, search_args: dict, exc: Exception, where: str
) -> None:
    """After the search failed within the floors: would it pass without them? Then the utility floor is the
    constraint that bit, and the error says so (and which level the search would have needed); otherwise
    the original error (k and the suppression budget) stands."""
    try:
        free = risk.search(con, agg, qi_levels, **search_args)
    except risk.SuppressionBudgetExceeded:
        return
    needed = {
        n: table.columns[n].level_names()[lv]
        for n, lv in zip(qi_levels, free.node.levels)
        if table.columns[n].max_level is not None and lv > table.columns[n].max_level_index()
    }
    raise risk.UtilityFloorNotMet(
        f"{where}: utility floor not met: {exc} Without the floor k is reachable within the budget, but only "
        f"with {', '.join(f'{n} at {lv} (max_level {table.columns[n].max_level})' for n, lv in needed.items())}: "
        f"refusing to publish a release coarser than its definition allows"
    ) from None


def utility_floor(con, out: str, table: TableSpec, eligible: int, share: float) -> dict:
    """Rows released with every floored quasi-identifier at or below its ``max_level``: the whole column is
    capped by the search, but a value can still be ``*`` (a postcode area too small even at PC2)."""
    capped = {
        n: s.max_level
        for n, s in table.columns.items()
        if s.role == "quasi" and s.max_level is not None and s.max_level != "*"
    }
    condition = " OR ".join(f"{q(n)} = '*'" for n in capped) or "false"
    below = con.execute(f"SELECT count(*) FILTER (WHERE {condition}), count(*) FROM {out}").fetchall()[0]
    at_floor = int(below[1]) - int(below[0])
    got = at_floor / eligible if eligible else 1.0
    return {
        "max_levels": capped,
        "rows_at_floor": at_floor,
        "rows_eligible": eligible,
        "share": round(got, 6),
        "required_share": share,
        "met": got >= share - 1e-12 or not capped,
    }


def build_dataset(
    con,
    definition: DatasetDefinition,
    master_key: bytes,
    *,
    as_of: dt.date | None = None,
    data_root: Path | None = None,
    register_url: str | None = None,
    restricted: list[tuple[str, str]] | None = None,
) -> dict[str, TableResult]:
    """Build every table of the dataset into ``out_<table>`` of ``con``; returns the per-table results."""
    from transforms.kernel.canonical import load_model

    data_root = Path(data_root or settings.data_root())
    model = load_model()
    key = DatasetKey(master_key, definition.domain)
    stage_view(con, "patient", "patient_id", data_root)
    stage_view(con, "communication_preference", "preference_id", data_root)
    patients = build_patient_map(con, definition, key)
    excluded = build_exclusions(con, restricted if restricted is not None else restricted_patients(register_url))
    log.info("research %s: %d patients staged, excluded patients by reason %s", definition.name, patients, excluded)
    keys = {
        t: key if definition.table_domain(t) == key.domain else DatasetKey(master_key, definition.table_domain(t))
        for t in definition.tables
    }
    return {
        tname: build_table(con, definition, tname, table, keys[tname], as_of=as_of, data_root=data_root, model=model)
        for tname, table in definition.tables.items()
    }


def result_dict(result: TableResult) -> dict:
    return asdict(result)
