"""Publish a research dataset: build, validate (release gate), write, switch ``current`` atomically.

```
<data_root>/research/<dataset>/releases/<version>/<table>.parquet   one file per table (no patient key)
                                                  /<dataset>.duckdb  the same tables, for analysts
                                                  /data_dictionary.json, data_dictionary.md
                                                  /risk_report.json
<data_root>/research/<dataset>/current -> releases/<version>        symlink, swapped with os.replace
```
A release is built in ``releases/.build-<version>-<pid>`` (with a private DuckDB work file holding the
internal patient key). Every table must pass ``transforms.quality.release.validate_release`` before anything
is written; a failure (``QualityGateFailed``/``QualityGateError``), a suppression budget exceeded or any
other error removes the build folder and re-raises, so the previous release stays current. Only after the
folder is complete is it renamed into ``releases/`` and ``current`` switched. The last ``keep_releases``
releases are kept.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from pathlib import Path

from transforms import settings
from transforms.kernel.progress import progress
from transforms.kernel.timeutil import amsterdam_today, utc_key
from transforms.research.build import PATIENT_KEY, TableResult, build_dataset, connect, ddl
from transforms.research.config import DatasetDefinition, load_dataset, load_datasets
from transforms.research.generalise import q
from transforms.research.utility import evaluate_queries

log = logging.getLogger(__name__)

CURRENT = "current"
RISK_REPORT = "risk_report.json"
DICTIONARY = "data_dictionary"


def dataset_root(dataset: str, data_root: Path | None = None) -> Path:
    return Path(data_root or settings.data_root()) / "research" / dataset


def current_release(dataset: str, data_root: Path | None = None) -> Path | None:
    """The folder of the current release (resolved), or None when nothing was published yet."""
    link = dataset_root(dataset, data_root) / CURRENT
    return link.resolve() if link.exists() else None


def releases(dataset: str, data_root: Path | None = None) -> list[Path]:
    folder = dataset_root(dataset, data_root) / "releases"
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")) if folder.exists() else []


def _switch_current(root: Path, version: str) -> None:
    tmp = root / f".{CURRENT}.tmp-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(Path("releases") / version)
    os.replace(tmp, root / CURRENT)  # atomic on POSIX: readers see the old or the new release, never none


def _prune(dataset: str, data_root: Path, keep: int) -> list[str]:
    current = current_release(dataset, data_root)
    removed = []
    for folder in releases(dataset, data_root)[:-keep] if keep else []:
        if current is not None and folder.resolve() == current:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder.name)
    return removed


def risk_report_for(definition: DatasetDefinition, tname: str, result: TableResult) -> dict:
    """The gate's fields (see ``transforms.quality.release.RiskReport``) plus the figures for people."""
    from transforms.kernel.canonical import load_model

    table = definition.tables[tname]
    model = load_model()
    direct = sorted(
        {c for e in (table.entity, "patient") for c, col in model.entities[e].columns.items() if col.role == "direct"}
    )
    return {
        "table": tname,
        "entity": table.entity,
        "k_configured": result.k_configured,
        "k_reached": result.risk["k_reached"],
        "rows_in": result.rows_in,
        "rows_out": result.rows_out,
        "suppressed": result.suppressed,
        "excluded": result.excluded,
        "excluded_by_reason": result.excluded_by_reason,
        "suppressed_by_reason": result.suppressed_by_reason,
        "rows_eligible": result.rows_eligible,
        "suppression_budget": definition.suppression_budget,
        "suppression_budget_rows": result.suppression_budget_rows,
        "direct_identifier_columns": direct,
        "pseudonym_column": table.pseudonym_column,
        "patient_key_column": PATIENT_KEY,
        "quasi_identifier_columns": table.quasi_identifiers,
        **{k: v for k, v in result.risk.items() if k != "k_reached"},  # incl. before_generalisation
        "risk_policy": {
            "threshold": definition.risk_policy.threshold,
            "basis": definition.risk_policy.basis,
            "known_events": definition.risk_policy.known_events,
            "met": result.risk["highest_prosecutor_risk"] <= definition.risk_policy.threshold,
        },
        "inference": result.inference,
        "utility_floor": result.utility_floor,
        "information_loss": result.information_loss,
        "generalisation_search": result.search,
        "l_diversity": result.l_diversity,
        "text": result.text,
    }


def linkability(con, definition: DatasetDefinition, key: bytes, others: list[DatasetDefinition]) -> dict:
    """Linkability figures: counts only.

    - between the tables of this dataset: they share the key domain, so the same patient has the same
      pseudonym in every table (linkable by design); reported: patients in both, and k over the patient's
      items of both tables together (what an attacker combining them can single out);
    - between datasets: this release's patients' pseudonyms under every other dataset's key domain, counted
      where they equal a pseudonym of this release. Different domains give 0 (the datasets can only be
      linked through their quasi-identifiers); a shared domain links every patient in both.
    """
    from transforms.research import risk
    from transforms.research.pseudonym import DatasetKey, sql_pseudonym

    tables = list(definition.tables)
    known = definition.risk_policy.known_events
    within = []
    for i, a in enumerate(tables):
        for b in tables[i + 1 :]:
            both = con.execute(
                f"SELECT count(*) FROM (SELECT DISTINCT pnum FROM out_{a} INTERSECT SELECT DISTINCT pnum FROM out_{b})"
            ).fetchall()[0][0]
            if definition.table_domain(a) != definition.table_domain(b):
                # own key domains: no pseudonym in common, so no patient's set spans the two tables
                equal = con.execute(
                    f"SELECT count(*) FROM (SELECT DISTINCT {q(definition.tables[a].pseudonym_column)} FROM out_{a} "
                    f"INTERSECT SELECT DISTINCT {q(definition.tables[b].pseudonym_column)} FROM out_{b})"
                ).fetchall()[0][0]
                within.append(
                    {
                        "tables": [a, b],
                        "same_pseudonyms": False,
                        "key_domains": [definition.table_domain(a), definition.table_domain(b)],
                        "patients_in_both": int(both),
                        "pseudonyms_equal": int(equal),
                        "k_over_combined_set": None,
                    }
                )
                continue
            items = [
                risk.patient_items_sql(f"out_{t}", [q(c) for c in definition.tables[t].quasi_identifiers], tag=t)
                for t in (a, b)
            ]
            within.append(
                {
                    "tables": [a, b],
                    "same_pseudonyms": True,
                    "patients_in_both": int(both),
                    "k_over_combined_set": risk.combined_k(con, items, known),
                }
            )
    released = " UNION ".join(
        f"SELECT DISTINCT pnum, {q(definition.tables[t].pseudonym_column)} AS p FROM out_{t}" for t in tables
    )
    between = []
    for other in others:
        if other.name == definition.name:
            continue
        ipad, opad = DatasetKey(key, other.domain).pads()
        message = "'patient:' || pm.src || ':' || pm.pid"
        equal, patients = con.execute(
            f"""
            WITH r AS ({released})
            SELECT count(*) FILTER (WHERE {sql_pseudonym(message)} IN (SELECT p FROM r)), count(*)
            FROM pmap pm SEMI JOIN r ON r.pnum = pm.pnum""",
            {"ipad": ipad, "opad": opad},
        ).fetchall()[0]
        between.append(
            {
                "dataset": other.name,
                "key_domain": other.domain,
                "same_key_domain": other.domain == definition.domain,
                "released_patients": int(patients),
                "pseudonyms_equal": int(equal),
            }
        )
    return {"key_domain": definition.domain, "between_tables": within, "between_datasets": between}


GATE_BATCH_ROWS = 100_000


def gate_batches(con, definition: DatasetDefinition, tname: str, rows: int = GATE_BATCH_ROWS):
    """The table for the release gate in batches of ``rows`` (pandas), so the gate's memory does not grow
    with the table. The whole-table checks are computed here by DuckDB and added per row: the size of the
    row's quasi-identifier class and whether its pseudonym <-> patient key pair is one-to-one over the table.
    They are aggregates (one row per class, per pseudonym, per patient key) joined back to the rows, not
    window functions: a window materialises the whole table before the first batch (its memory grew with
    the rows, beyond ``memory_limit``), whereas the joins build the small aggregates first and then stream
    the table through them. Always yields at least one (possibly empty) frame."""
    from transforms.quality.release import CLASS_SIZE, ONE_TO_ONE

    table = definition.tables[tname]
    pseudonym, key = q(table.pseudonym_column), PATIENT_KEY
    qi = [q(c) for c in table.quasi_identifiers]
    # NULL is a class value too (as PARTITION BY groups it), hence IS NOT DISTINCT FROM
    classes = (
        f"JOIN (SELECT {', '.join(qi)}, count(*) AS n FROM out_{tname} GROUP BY ALL) c ON "
        + " AND ".join(f"c.{c} IS NOT DISTINCT FROM o.{c}" for c in qi)
        if qi
        else f"CROSS JOIN (SELECT count(*) AS n FROM out_{tname}) c"
    )
    # a relation streams (an executed DB-API result would be materialised first)
    reader = con.sql(
        f"""SELECT o.* EXCLUDE (pnum), c.n AS {CLASS_SIZE},
                   o.{key} IS NOT NULL AND o.{pseudonym} IS NOT NULL AND pk.n = 1 AND kp.n = 1 AS {ONE_TO_ONE}
            FROM out_{tname} o {classes}
            LEFT JOIN (SELECT {pseudonym} AS v, count(DISTINCT {key}) AS n FROM out_{tname}
                       WHERE {pseudonym} IS NOT NULL GROUP BY 1) pk ON pk.v = o.{pseudonym}
            LEFT JOIN (SELECT {key} AS v, count(DISTINCT {pseudonym}) AS n FROM out_{tname}
                       WHERE {key} IS NOT NULL GROUP BY 1) kp ON kp.v = o.{key}"""
    ).to_arrow_reader(rows)
    empty = True
    for batch in reader:
        empty = False
        yield batch.to_pandas()
    if empty:
        yield con.execute(f"SELECT * EXCLUDE (pnum) FROM out_{tname} LIMIT 0").df()


def linkability_gate(definition: DatasetDefinition, links: dict) -> None:
    """Block the release when combining its own tables singles patients out beyond the policy.

    The tables of a dataset share pseudonyms, so the attacker the policy assumes (``known_events`` of a
    patient's events) may know them from different tables: the combined set's risk (1 / k over it) is held
    to the same threshold as each table's. Adds ``highest_risk`` and ``within_policy`` per pair of tables and
    ``met`` to ``links``; raises ``LinkabilityRiskExceeded`` (counts only) when any pair is above it.
    """
    from transforms.research.risk import LinkabilityRiskExceeded

    threshold = definition.risk_policy.threshold
    above = []
    for link in links["between_tables"]:
        if not link["same_pseudonyms"]:
            link["within_policy"] = link["pseudonyms_equal"] == 0
            if not link["within_policy"]:
                above.append(link)
            continue
        combined = link["k_over_combined_set"]
        link["highest_risk"] = round(1.0 / combined, 6) if combined else 0.0
        link["within_policy"] = link["highest_risk"] <= threshold
        if not link["within_policy"]:
            above.append(link)
    links["met"] = not above
    if above:
        raise LinkabilityRiskExceeded(
            f"{definition.name}: every table meets k={definition.k}, but their combination does not: "
            + "; ".join(
                f"tables {' + '.join(link['tables'])} share pseudonyms and a patient's items across them are "
                f"held by as few as {link['k_over_combined_set']} patient(s) (risk {link['highest_risk']})"
                if link["same_pseudonyms"]
                else f"tables {' + '.join(link['tables'])} have own key domains but {link['pseudonyms_equal']} "
                "equal pseudonyms"
                for link in above
            )
            + f", above the policy threshold {threshold}. Not published: split the tables into datasets "
            "with their own key_domain, or coarsen them until the combination meets k."
        )


def _value_range(con, tname: str, name: str, spec) -> dict:
    """Distinct/null counts; min/max only for generalised, coded or insensitive columns (never text/direct)."""
    col = q(name)
    distinct, nulls, rows = con.execute(
        f"SELECT count(DISTINCT {col}), count(*) FILTER (WHERE {col} IS NULL), count(*) FROM out_{tname}"
    ).fetchall()[0]
    out = {"distinct": int(distinct), "null": int(nulls), "rows": int(rows)}
    if spec.treatment == "pseudonymise":
        out["format"] = "32 letters a-p (first 128 bits of HMAC-SHA256, dataset key domain)"
    elif spec.treatment == "anonymised_text":
        out["format"] = "free text with [TYPE-n] placeholders; withheld: [TEKST ACHTERGEHOUDEN]"
    else:
        low, high = con.execute(f"SELECT min({col}), max({col}) FROM out_{tname}").fetchall()[0]
        out.update({"min": None if low is None else str(low), "max": None if high is None else str(high)})
        if distinct <= 60:
            out["values"] = [
                None if v is None else str(v)
                for (v,) in con.execute(f"SELECT DISTINCT {col} FROM out_{tname} ORDER BY 1 NULLS LAST").fetchall()
            ]
    return out


def data_dictionary(con, definition: DatasetDefinition, results: dict[str, TableResult], version: str) -> dict:
    tables = {}
    for tname, table in definition.tables.items():
        types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE out_{tname})").fetchall())
        columns = {}
        for name, spec in table.columns.items():
            columns[name] = {
                "type": types.get(name),
                "role": spec.role,
                "treatment": spec.treatment,
                "source": spec.source,
                "description": spec.description,
                "hierarchy": spec.level_names() if spec.role == "quasi" else None,
                "released_level": results[tname].levels.get(name),
                "value_range": _value_range(con, tname, name, spec),
            }
        tables[tname] = {
            "entity": table.entity,
            "description": table.description,
            "rows": results[tname].rows_out,
            "columns": columns,
        }
    return {
        "dataset": definition.name,
        "version": version,
        "description": definition.description,
        "k": definition.k,
        "key_domain": definition.domain,
        "tables": tables,
    }


def dictionary_markdown(dictionary: dict) -> str:
    lines = [
        f"# {dictionary['dataset']} — release {dictionary['version']}",
        "",
        dictionary["description"],
        "",
        f"k = {dictionary['k']}; pseudonym key domain `{dictionary['key_domain']}`.",
        "",
    ]
    for tname, table in dictionary["tables"].items():
        lines += [
            f"## {tname} ({table['rows']} rows, from `{table['entity']}`)",
            "",
            table["description"],
            "",
            "| column | type | role | treatment | released level | values |",
            "|---|---|---|---|---|---|",
        ]
        for name, c in table["columns"].items():
            vr = c["value_range"]
            values = vr.get("format") or (
                ", ".join(str(v) for v in vr["values"][:12]) + (" …" if len(vr["values"]) > 12 else "")
                if "values" in vr
                else f"{vr.get('min')} … {vr.get('max')}"
            )
            lines.append(
                f"| {name} | {c['type']} | {c['role']} | {c['treatment']} | {c['released_level'] or ''} | "
                f"{values} ({vr['distinct']} distinct, {vr['null']} empty) |"
            )
        lines.append("")
        if table.get("analyst_queries"):
            lines += [
                "Analyst queries, release against the truth:",
                "",
                "| query | grouped by | cells | median relative error | unanswerable rows |",
                "|---|---|---:|---:|---:|",
            ]
            lines += [
                f"| {a['name']} | {', '.join(f'{c} ({lv})' for c, lv in a['group_by'].items())} | {a['cells']} | "
                f"{a['median_relative_error']:.2%} | {a['unanswerable_rows']} |"
                for a in table["analyst_queries"]
            ]
            lines.append("")
    return "\n".join(lines)


def _utility_of(utility: dict, tname: str) -> list[dict]:
    return [query for query in utility["queries"] if query["table"] == tname]


def publish_dataset(
    name: str,
    *,
    key: bytes,
    as_of: dt.date | None = None,
    data_root: Path | None = None,
    register_url: str | None = None,
    run_key: str | None = None,
    config_dir: Path | None = None,
    memory_limit: str | None = None,
) -> dict:
    """Build, validate and publish one research dataset; returns counts and paths only (never values).

    Raises ``QualityGateFailed``/``QualityGateError`` (release gate), ``SuppressionBudgetExceeded``,
    ``ResearchBuildError`` or ``ConfigError``; in every case nothing is published and the previous release
    stays current.
    """
    from transforms.quality.release import validate_release

    definition = load_dataset(name, config_dir)
    data_root = Path(data_root or settings.data_root()).resolve()
    as_of = as_of or amsterdam_today()
    version = run_key or utc_key()
    root = dataset_root(name, data_root)
    build = root / "releases" / f".build-{version}-{os.getpid()}"
    for stale in (root / "releases").glob(f".build-{version}-*") if (root / "releases").exists() else []:
        shutil.rmtree(stale, ignore_errors=True)  # left by a crashed run of this same version
    build.mkdir(parents=True)
    work = build / "_work.duckdb"
    con = connect(work, memory_limit=memory_limit)
    gate: dict[str, dict] = {}
    # set-based steps, no chunks: build, measure, a gate and a copy per table, the reports, the switch
    bar = progress(f"research {name}", total=4 + 2 * len(definition.tables), unit="steps")
    try:
        results = build_dataset(con, definition, key, as_of=as_of, data_root=data_root, register_url=register_url)
        bar.advance()
        reports = {t: risk_report_for(definition, t, r) for t, r in results.items()}
        utility = evaluate_queries(con, definition)
        for tname, report in reports.items():
            report["utility"] = _utility_of(utility, tname)
        links = linkability(con, definition, key, list(load_datasets(config_dir).values()))
        linkability_gate(definition, links)
        bar.advance()
        for tname in definition.tables:
            report = validate_release(
                gate_batches(con, definition, tname),
                reports[tname],
                dataset=f"{name}.{tname}",
                run_key=version,
                data_root=data_root,
            )
            gate[tname] = report.summary()
            log.info("research %s.%s: release gate passed", name, tname)
            bar.advance()
        # the release files in the order of out_<table> (pseudonym, record key): without this the order, and
        # so the bytes, of a file depended on how DuckDB happened to scan the table (a re-run of the same
        # seed could write another file)
        ddl(con, "SET preserve_insertion_order = true")
        for tname in definition.tables:
            ddl(
                con,
                f"COPY (SELECT * EXCLUDE ({PATIENT_KEY}, pnum) FROM out_{tname}) TO "
                f"'{build / (tname + '.parquet')}' (FORMAT parquet, COMPRESSION zstd)",
            )
            bar.advance()
        ddl(con, f"ATTACH '{build / (name + '.duckdb')}' AS analyst")
        for tname in definition.tables:
            ddl(con, f"CREATE TABLE analyst.{tname} AS SELECT * EXCLUDE ({PATIENT_KEY}, pnum) FROM out_{tname}")
        ddl(con, "DETACH analyst")
        dictionary = data_dictionary(con, definition, results, version)
        dictionary["utility"] = utility
        for tname, table in dictionary["tables"].items():
            table["analyst_queries"] = _utility_of(utility, tname)
        (build / f"{DICTIONARY}.json").write_text(json.dumps(dictionary, indent=2, sort_keys=False))
        (build / f"{DICTIONARY}.md").write_text(dictionary_markdown(dictionary))
        risk_report = {
            "dataset": name,
            "version": version,
            "as_of": as_of.isoformat(),
            "k": definition.k,
            "suppression_budget": definition.suppression_budget,
            "key_domain": definition.domain,
            "config": Path(definition.path).name if definition.path else None,
            "risk_policy": {
                **definition.risk_policy.model_dump(),
                "met": all(r["risk_policy"]["met"] for r in reports.values()),
            },
            "linkability": links,
            "utility": utility,
            "tables": reports,
            "release_gate": gate,
        }
        (build / RISK_REPORT).write_text(json.dumps(risk_report, indent=2, sort_keys=False, default=str))
        bar.advance()
        con.close()
        work.unlink(missing_ok=True)
        shutil.rmtree(work.with_suffix(".spill"), ignore_errors=True)
    except BaseException:
        bar.close()
        try:
            con.close()
        finally:
            shutil.rmtree(build, ignore_errors=True)
        log.error("research %s: release %s not published; the current release is unchanged", name, version)
        raise
    final = root / "releases" / version
    replaced = None
    if final.exists():  # a re-run of the same version: move the old one aside, switch, then remove it
        replaced = final.with_name(f".replaced-{version}-{os.getpid()}")
        os.replace(final, replaced)
    os.replace(build, final)
    _switch_current(root, version)
    if replaced is not None:
        shutil.rmtree(replaced, ignore_errors=True)
    pruned = _prune(name, data_root, definition.keep_releases)
    bar.advance()
    bar.close()
    log.info(
        "research %s: release %s is current (%s)",
        name,
        version,
        ", ".join(f"{t}: {r.rows_out} rows" for t, r in results.items()),
    )
    return {
        "dataset": name,
        "version": version,
        "published": True,
        "as_of": as_of.isoformat(),
        "release": str(final),
        "current": str(root / CURRENT),
        "duckdb": str(final / f"{name}.duckdb"),
        "risk_report": str(final / RISK_REPORT),
        "data_dictionary": str(final / f"{DICTIONARY}.json"),
        "tables": {
            t: {
                **r.summary(),
                "suppression_budget_rows": r.suppression_budget_rows,
                "excluded_by_reason": r.excluded_by_reason,
            }
            for t, r in results.items()
        },
        "k_reached": min((r.risk["k_reached"] for r in results.values()), default=0),
        "highest_prosecutor_risk": max((r.risk["highest_prosecutor_risk"] for r in results.values()), default=0.0),
        "risk_threshold": definition.risk_policy.threshold,
        "median_query_error": utility["median_relative_error"],
        "data_docs": next((g.get("data_docs") for g in gate.values() if g.get("data_docs")), None),
        "pruned": pruned,
    }


__all__ = ["current_release", "dataset_root", "publish_dataset", "releases"]
