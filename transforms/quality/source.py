"""Source gate: validate every staged partition of an extraction run, quarantine or fail by severity.

For each source and canonical entity with a partition ``run=<run_key>``: load it, add the computed check
columns (``transforms.quality.checks``), run checkpoint ``source.<entity>``, then act per failed
expectation:

- ``quarantine``: the failing rows move from the staged partition to
  ``<data_root>/quarantine/<source>/<entity>/run=<run_key>/quality.parquet`` (canonical columns plus
  ``_reason`` = the expectation names). The quarantine file is written first and merged with what an
  earlier attempt wrote, then the partition is replaced atomically; a crash in between and a re-run
  give the same end state. GX's unexpected count must equal the rows found, else the gate errors.
- ``fail``: the run fails (``QualityGateFailed``, or ``report.success`` is False).
- ``warn``: reported only.

Parents are validated before children (patients before treatments), and the references and
birth-date checks read the parent's current state after its quarantine, so a treatment of a patient
quarantined in the same run is quarantined too.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from transforms import settings
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.kernel.timeutil import key_date
from transforms.quality import checks as checks_module
from transforms.quality.config import Check, QualityConfig, load_quality_config
from transforms.quality.report import Batch, Outcome, QualityGateError, QualityReport
from transforms.quality.workspace import RawResult, Workspace, open_workspace, outcome_of, raise_if_broken
from transforms.sources import staging  # the writer: a quarantine replaces the partition atomically
from transforms.sources.convert import SOURCE_COLUMN

log = logging.getLogger(__name__)

QUARANTINE_FILE = "quality.parquet"
RESULTS_KEEP_DAYS = 90  # GX results and their pages; the gate's JSON reports are kept regardless
QUARANTINABLE = {"not_null", "allowed_values", "unique_key", "check"}
_PANDAS_TYPES = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.string(): pd.StringDtype()}


def load_partition(path: Path) -> tuple[pa.Table, pd.DataFrame]:
    """A staged Parquet file as Arrow and as pandas with nullable dtypes (what the type expectations expect)."""
    table = pq.read_table(path)
    return table, table.to_pandas(types_mapper=_PANDAS_TYPES.get, date_as_object=False)


def ordered_entities(model: CanonicalModel, config: QualityConfig, only: Iterable[str] | None = None) -> list[str]:
    """Model order, but every referenced entity before the entities that reference it."""
    wanted = list(only) if only is not None else list(model.entities)
    needs = {
        name: {c.target for c in config.source.checks if c.entity == name and c.check == "references"}
        | (
            {"patient"}
            if any(c.entity == name and c.check == "not_before_birth" for c in config.source.checks)
            else set()
        )
        for name in model.entities
    }
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting:
            return
        visiting.add(name)
        for parent in sorted(needs.get(name, ()) - {name}):
            visit(parent)
        order.append(name)

    for name in model.entities:
        visit(name)
    return [name for name in order if name in wanted]


class StagingLookup:
    """Current state of other entities of one source, read once and refreshed after a quarantine."""

    def __init__(self, source: str, model: CanonicalModel, data_root: Path) -> None:
        self.source, self.model, self.data_root = source, model, data_root
        self._cache: dict[str, pd.DataFrame] = {}

    def _frame(self, entity: str, columns: list[str]) -> pd.DataFrame:
        if entity not in self._cache:
            key = self.model.entity(entity).key
            try:
                self._cache[entity] = staging.read_entity(entity, key, sources=[self.source], data_root=self.data_root)
            except FileNotFoundError:
                self._cache[entity] = pd.DataFrame(columns=list(self.model.entity(entity).columns))
        return self._cache[entity][columns]

    def keys(self, entity: str) -> pd.Series:
        key = self.model.entity(entity).key
        return self._frame(entity, [key])[key]

    def birth_dates(self) -> pd.DataFrame:
        return self._frame("patient", ["patient_id", "date_of_birth"])

    def forget(self, entity: str) -> None:
        self._cache.pop(entity, None)


def _mask(frame: pd.DataFrame, raw: RawResult) -> pd.Series:
    """The rows an expectation found unexpected, recomputed from the frame (GX stores no row ids)."""
    kind, kwargs = raw.meta.get("kind"), raw.kwargs
    if kind == "not_null":
        return frame[kwargs["column"]].isna()
    if kind == "allowed_values":
        column = frame[kwargs["column"]]
        return column.notna() & ~column.isin(kwargs["value_set"])
    if kind == "unique_key":
        return frame.duplicated(subset=list(kwargs["column_list"]), keep=False)
    if kind == "check":
        return frame[kwargs["column"]].eq(False).fillna(False).astype(bool)
    raise QualityGateError(f"expectation {raw.meta.get('name')}: kind {kind!r} cannot quarantine rows")


def _write_quarantine(target: Path, rows: pa.Table, reasons: list[str], key: str) -> int:
    """Merge ``rows`` into the run's quality quarantine file atomically; returns the file's row count."""
    target.mkdir(parents=True, exist_ok=True)
    path = target / QUARANTINE_FILE
    new = rows.append_column("_reason", pa.array(reasons, type=pa.string()))
    if path.exists():  # an earlier attempt of this run: keep its rows, drop exact repeats
        new = pa.concat_tables([pq.read_table(path), new], promote_options="permissive")
        frame = new.to_pandas(types_mapper=_PANDAS_TYPES.get)
        keep = ~frame.duplicated(subset=[SOURCE_COLUMN, key, "_reason"]).to_numpy()
        new = new.filter(pa.array(keep))
    tmp = path.with_name(path.name + f".tmp-{os.getpid()}")
    pq.write_table(new, tmp, compression="zstd")
    os.replace(tmp, path)
    return new.num_rows


def _quarantine(
    source: str,
    entity: str,
    run_key: str,
    key: str,
    table: pa.Table,
    mask: pd.Series,
    reasons: pd.Series,
    data_root: Path,
) -> int:
    """Move the masked rows of a staged partition to quarantine (quarantine first, then the partition)."""
    partition = staging.partition_dir(source, entity, run_key, data_root)
    bad = pa.array(mask.to_numpy())
    _write_quarantine(
        staging.quarantine_dir(source, entity, run_key, data_root),
        table.filter(bad),
        [reasons[i] for i in range(len(mask)) if mask.iloc[i]],
        key,
    )
    manifest = staging.read_manifest(partition)
    moved = int(mask.sum())
    manifest["quality_quarantined"] = int(manifest.get("quality_quarantined", 0)) + moved
    for name in ("rows", "file", "sha256"):  # recomputed by commit
        manifest.pop(name, None)
    writer = staging.PartitionWriter(partition, table.schema)
    try:
        writer.write(table.filter(pa.array(~mask.to_numpy())))
        writer.commit(manifest)
    except BaseException:
        writer.abort()
        raise
    return moved


def gate_run(source: str, entity_name: str, run_key: str) -> tuple[str, str]:
    """The source gate's suite and GX run name for one staged partition: where its Data Docs pages are
    (``workspace.data_docs_pages``)."""
    return f"source.{entity_name}", f"{run_key}-{source}"


def validate_batch(
    workspace: Workspace,
    source: str,
    entity_name: str,
    run_key: str,
    model: CanonicalModel,
    config: QualityConfig,
    lookup: StagingLookup,
    data_root: Path,
) -> Batch:
    """Validate one staged partition and apply the severities."""
    entity = model.entity(entity_name)
    partition = staging.partition_dir(source, entity_name, run_key, data_root)
    table, frame = load_partition(partition / staging.DATA_FILE)
    entity_checks: list[Check] = [c for c in config.source.checks if c.entity == entity_name]
    for check in entity_checks:
        column = checks_module.check_column(check)
        inputs = [c for c in (check.column, check.other, check.via) if c]
        if all(c in frame.columns for c in inputs):
            frame[column] = checks_module.compute(frame, check, key_date(run_key), lookup)
        else:  # a missing column fails the columns expectation; the check itself cannot be judged
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    suite, run_name = gate_run(source, entity_name, run_key)
    raws = workspace.run(suite, frame, run_name=run_name)
    schema_failed = any(r.meta.get("kind") == "columns" and not r.success for r in raws)
    if not schema_failed:
        raise_if_broken(suite, raws)
    batch = Batch(suite=suite, source=source, entity=entity_name, rows=len(frame))
    to_move = pd.Series(False, index=frame.index)
    reasons = pd.Series("", index=frame.index, dtype="object")
    for raw in raws:
        outcome = outcome_of(raw)
        kind = raw.meta.get("kind")
        if raw.raised:  # only reached when the columns do not match: an absent column fails, no quarantine
            batch.outcomes.append(
                _replace(outcome, success=False, effective_severity="fail", note="column absent: not evaluated")
            )
            continue
        if kind == "null_rate" and not raw.success and len(frame) < config.source.null_rates.min_rows:
            outcome = _replace(
                outcome,
                effective_severity="warn",
                note=f"batch under {config.source.null_rates.min_rows} rows: rate not judged",
            )
        if not raw.success and outcome.severity == "quarantine":
            if kind not in QUARANTINABLE:
                raise QualityGateError(f"{outcome.name}: severity quarantine on a {kind} expectation")
            mask = _mask(frame, raw)
            if raw.unexpected_count is None or int(mask.sum()) != int(raw.unexpected_count):
                raise QualityGateError(
                    f"{outcome.name} on {source}.{entity_name}: GX counted "
                    f"{raw.unexpected_count} unexpected rows, the runner found {int(mask.sum())}"
                )
            to_move |= mask
            reasons[mask] = reasons[mask] + outcome.name + "; "
            outcome = _replace(outcome, quarantined=int(mask.sum()))
        batch.outcomes.append(outcome)
    if to_move.any():
        clean_reasons = reasons.str.rstrip("; ").map(lambda r: "quality: " + r)
        batch.rows_quarantined = _quarantine(
            source, entity_name, run_key, entity.key, table, to_move, clean_reasons, data_root
        )
        lookup.forget(entity_name)
        log.info(
            "quality %s.%s run=%s: %d of %d rows quarantined",
            source,
            entity_name,
            run_key,
            batch.rows_quarantined,
            batch.rows,
        )
    return batch


def _replace(outcome: Outcome, **changes) -> Outcome:
    from dataclasses import replace

    return replace(outcome, **changes)


def sources_of_run(run_key: str, data_root: Path) -> list[str]:
    """The sources with at least one committed partition for ``run_key``."""
    root = staging.staging_root(data_root)
    if not root.exists():
        return []
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and any((q / f"run={run_key}" / staging.MANIFEST).exists() for q in p.iterdir() if q.is_dir())
    )


def validate_source_run(
    run_key: str,
    data_root: Path | None = None,
    *,
    sources: Iterable[str] | None = None,
    entities: Iterable[str] | None = None,
    raise_on_failure: bool = True,
    model: CanonicalModel | None = None,
    config: QualityConfig | None = None,
) -> QualityReport:
    """Validate everything an extraction run staged; the one call a DAG task makes after ``extract``.

    Returns the (value-free) report. Raises ``QualityGateFailed`` when an expectation of severity
    ``fail`` failed (unless ``raise_on_failure=False``) and ``QualityGateError`` when the gate itself
    could not run (nothing staged for the run, GX error, count mismatch): both mean "stop".
    """
    data_root = Path(data_root or settings.data_root()).resolve()
    model = model or load_model()
    config = config or load_quality_config(model=model)
    names = list(sources) if sources is not None else sources_of_run(run_key, data_root)
    if not names:
        raise QualityGateError(f"nothing staged for run {run_key} under {staging.staging_root(data_root)}")
    report = QualityReport(stage="source", run_key=run_key)
    with open_workspace(data_root) as workspace:
        for source in names:
            lookup = StagingLookup(source, model, data_root)
            for entity_name in ordered_entities(model, config, entities):
                partition = staging.partition_dir(source, entity_name, run_key, data_root)
                if not (partition / staging.MANIFEST).exists():
                    continue  # this source does not map the entity
                report.batches.append(
                    validate_batch(workspace, source, entity_name, run_key, model, config, lookup, data_root)
                )
        if not report.batches:
            raise QualityGateError(f"run {run_key}: no staged partition of the requested sources/entities")
        workspace.prune(keep_days=RESULTS_KEEP_DAYS)
        report.data_docs = str(workspace.build_data_docs())
    write_report(report, data_root)
    log.info("quality source run=%s: %s", run_key, json.dumps(report.summary()))
    return report.raise_for_failure() if raise_on_failure else report


def write_report(report: QualityReport, data_root: Path, name: str | None = None) -> Path:
    """Keep the report as evidence next to the Data Docs: ``<data_root>/quality/reports/<stage>/<name>.json``."""
    from transforms.quality.workspace import quality_dir

    parts = [re.sub(r"[^A-Za-z0-9_.-]", "_", part) for part in (name or report.run_key).split("/")]
    target = quality_dir(data_root).joinpath("reports", report.stage, *parts[:-1], parts[-1] + ".json")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(json.dumps(report.as_dict(), indent=2, sort_keys=True))
    os.replace(tmp, target)
    return target
