"""Release gate: a research dataset may be published only if this passes; every failure blocks.

``validate_release(frame, risk_report)`` checks, with suites ``release.rows`` and ``release.facts``:

- no column of the dataset is a direct identifier (the risk report's list plus every column the
  canonical model marks ``role: direct``, except the pseudonym column);
- no text value holds a BSN (11-proef), e-mail address, Dutch phone number, IBAN (mod-97) or postcode
  with house number, in any notation (``transforms.quality.patterns``, the finder the text engine and
  the second scan share); integer columns are checked for BSNs too;
- no text value holds a staged person's surname or street (``staged_known_names``: keyed digests, so
  neither results nor logs ever hold a name; counts and column names only);
- every row has a pseudonym, and pseudonym <-> patient key is one-to-one;
- k: the risk report's ``k_reached`` >= ``k_configured`` (>= 2), and, when the risk report names its
  ``quasi_identifier_columns``, every combination of them occurs at least ``k_configured`` times here;
- rows reconcile: ``rows_in == rows_out + suppressed + excluded`` and ``rows_out`` is the dataset's length;
- risk policy: the risk report's ``highest_prosecutor_risk`` is at most its policy ``risk_threshold`` (the
  research build always states both; a report without a threshold has nothing to check against).

The frame passed in holds the dataset **plus** the internal patient key column
(``patient_key_column``), which is used only for the one-to-one check and must be dropped before
publishing (``publishable_columns``). GX itself only sees the computed check columns and the facts,
never a value of the dataset. On failure the caller must not publish, so the previous release stays current.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from transforms import settings
from transforms.identifiers.names import KnownNames
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.kernel.timeutil import utc_key
from transforms.quality import patterns
from transforms.quality.report import Batch, QualityGateError, QualityReport
from transforms.quality.source import RESULTS_KEEP_DAYS, write_report
from transforms.quality.suites import RELEASE_PREFIX, RELEASE_ROW_CHECKS
from transforms.quality.workspace import open_workspace, outcome_of, raise_if_broken

log = logging.getLogger(__name__)

_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")


class RiskReport(BaseModel):
    """The part of a dataset's risk report the release gate reads (extra keys are allowed and ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    k_configured: int
    k_reached: int
    rows_in: int = Field(ge=0)
    rows_out: int = Field(ge=0)
    suppressed: int = Field(ge=0)
    excluded: int = Field(ge=0)
    direct_identifier_columns: list[str]
    pseudonym_column: str
    patient_key_column: str
    quasi_identifier_columns: list[str] | None = None
    risk_threshold: float | None = Field(default=None, gt=0, le=1)
    highest_prosecutor_risk: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _distinct(self) -> "RiskReport":
        if self.pseudonym_column == self.patient_key_column:
            raise ValueError("pseudonym_column and patient_key_column must differ")
        return self


def parse_risk_report(risk_report: Mapping) -> RiskReport:
    try:
        return RiskReport.model_validate(dict(risk_report))
    except ValidationError as exc:  # messages name fields, not data (the report holds counts and names)
        raise QualityGateError(
            "risk report invalid: "
            + "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}" for e in exc.errors())
        ) from None


# Whole-table figures a caller that streams the table in batches computes itself (e.g. DuckDB window
# aggregates) and adds per row: the rows of the row's quasi-identifier class, and whether its
# pseudonym <-> patient key pair is one-to-one over the whole table. Never published, never scanned.
CLASS_SIZE = "_release_class_size"
ONE_TO_ONE = "_release_one_to_one"
PRECOMPUTED = (CLASS_SIZE, ONE_TO_ONE)


def publishable_columns(frame: pd.DataFrame, risk: RiskReport | Mapping) -> list[str]:
    """The columns to publish: everything but the internal patient key (and precomputed gate columns)."""
    risk = risk if isinstance(risk, RiskReport) else parse_risk_report(risk)
    return [c for c in frame.columns if c != risk.patient_key_column and c not in PRECOMPUTED]


def direct_identifier_columns(columns: list[str], risk: RiskReport, model: CanonicalModel) -> list[str]:
    """Published columns that are direct identifiers (by the risk report or by the canonical model)."""
    direct = set(risk.direct_identifier_columns)
    direct |= {name for entity in model.entities.values() for name, c in entity.columns.items() if c.role == "direct"}
    return sorted(c for c in columns if c in direct and c != risk.pseudonym_column)


KNOWN_NAME = "known_name"  # the check kind for staged surnames and streets found in a release's text


def staged_known_names(data_root: Path | None = None) -> KnownNames:
    """The surnames (with and without tussenvoegsel) of staged patients and staff, and patients' streets.

    Known before anything is published, so the gate can look for them in the release's text. Held as
    keyed digests only (``KnownNames``); an entity not staged contributes nothing. Logs a count only.
    """
    from transforms.sources import staging

    names = KnownNames()
    for entity, key, columns in (
        ("patient", "patient_id", ["name_prefix", "last_name", "street"]),
        ("employee", "employee_id", ["name_prefix", "last_name"]),
    ):
        try:  # every column, then the ones present: a source may not stage an optional column
            frame = staging.read_entity(entity, key, data_root=data_root)
        except FileNotFoundError:
            continue
        frame = frame.reindex(columns=columns)
        for prefix, last, *street in frame.itertuples(index=False):
            names.add(last)
            if isinstance(prefix, str) and prefix.strip() and isinstance(last, str):
                names.add(f"{prefix} {last}")
            for value in street:
                names.add(value)
    log.info("release gate: %d known names from staging", len(names))
    return names


def _scan(
    frame: pd.DataFrame,
    columns: list[str],
    known_names: KnownNames | None = None,
) -> tuple[dict[str, pd.Series], dict[str, int]]:
    """Per kind, a row mask of values holding that kind of identifier; plus counts per (kind, column).

    Kinds: the shared finder's (``patterns.FINDERS``) and ``known_name`` (staged surnames and streets).
    """
    text_finders = dict(patterns.FINDERS)
    if known_names is not None and len(known_names):
        text_finders[KNOWN_NAME] = known_names.count
    hits = {kind: pd.Series(False, index=frame.index) for kind in [*patterns.FINDERS, KNOWN_NAME]}
    counts: dict[str, int] = {}
    for column in columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series.dtype) or pd.api.types.is_datetime64_any_dtype(series.dtype):
            continue
        if pd.api.types.is_numeric_dtype(series.dtype):
            kinds = {"bsn": patterns.find_bsn}  # a BSN stored as a number; other kinds need text
            numbers = pd.to_numeric(series, errors="coerce")
            whole = numbers.where(numbers.notna() & (numbers % 1 == 0))
            text = whole.astype("Int64").astype("string")
        else:  # str, object, category: anything that can carry text
            kinds = text_finders
            text = series.astype("object").map(lambda v: v if isinstance(v, str) else str(v), na_action="ignore")
        distinct = pd.Series(text.dropna().unique())
        for kind, finder in kinds.items():
            found = set(distinct[distinct.map(lambda v, finder=finder: finder(v) > 0)]) if len(distinct) else set()
            if not found:
                continue
            mask = text.isin(found).fillna(False).astype(bool)
            hits[kind] |= mask
            counts[f"{kind} in column {column}"] = int(mask.sum())
    return hits, counts


def check_frame(
    frame: pd.DataFrame, risk: RiskReport, model: CanonicalModel, known_names: KnownNames | None = None
) -> tuple[pd.DataFrame, dict[str, int]]:
    """The computed columns of ``release.rows`` (True = passes, NA = not applicable) and diagnostics."""
    published = publishable_columns(frame, risk)
    hits, counts = _scan(frame, published, known_names)
    checks = pd.DataFrame(index=frame.index)
    for kind in [*patterns.FINDERS, KNOWN_NAME]:
        checks[RELEASE_PREFIX + "no_" + kind] = (~hits[kind]).astype("boolean")
    pseudonym, key = frame[risk.pseudonym_column], frame[risk.patient_key_column]
    checks[RELEASE_PREFIX + "pseudonym_present"] = pseudonym.notna().astype("boolean")
    if ONE_TO_ONE in frame.columns:  # computed over the whole table by the caller (a batch of it here)
        one_to_one = frame[ONE_TO_ONE].fillna(False).astype(bool) & key.notna()
    else:
        pair = pd.DataFrame({"p": pseudonym, "k": key})
        patients_per_pseudonym = pair.groupby("p", dropna=True)["k"].transform("nunique")
        pseudonyms_per_patient = pair.groupby("k", dropna=True)["p"].transform("nunique")
        one_to_one = (patients_per_pseudonym == 1) & (pseudonyms_per_patient == 1)
    checks[RELEASE_PREFIX + "pseudonym_one_to_one"] = one_to_one.astype("boolean").mask(pseudonym.isna())
    if risk.quasi_identifier_columns:
        if CLASS_SIZE in frame.columns:
            size = frame[CLASS_SIZE]
        else:
            size = frame.groupby(risk.quasi_identifier_columns, dropna=False)[risk.pseudonym_column].transform("size")
        checks[RELEASE_PREFIX + "k_class_size"] = (size >= risk.k_configured).astype("boolean")
        counts["smallest equivalence class"] = int(size.min()) if len(size) else 0
    else:
        checks[RELEASE_PREFIX + "k_class_size"] = pd.Series(pd.NA, index=frame.index, dtype="boolean")
    missing = [name for name in RELEASE_ROW_CHECKS if RELEASE_PREFIX + name not in checks]
    if missing:
        raise QualityGateError(f"release check columns not computed: {', '.join(missing)}")
    return checks[[RELEASE_PREFIX + name for name in RELEASE_ROW_CHECKS]].reset_index(drop=True), counts


def facts_frame(frame: pd.DataFrame | int, risk: RiskReport, direct: list[str]) -> pd.DataFrame:
    """One row of numbers for ``release.facts`` (``frame``: the dataset, or its number of rows)."""
    return pd.DataFrame(
        [
            {
                "k_configured": risk.k_configured,
                "k_reached": risk.k_reached,
                "rows_in": risk.rows_in,
                "rows_accounted": risk.rows_out + risk.suppressed + risk.excluded,
                "rows_out": risk.rows_out,
                "rows_in_dataset": frame if isinstance(frame, int) else len(frame),
                "direct_identifier_columns_present": len(direct),
                # 1 within the policy, 0 above it, None when the report states no threshold (not applicable)
                "risk_within_policy": None
                if risk.risk_threshold is None
                else int(
                    (risk.highest_prosecutor_risk if risk.highest_prosecutor_risk is not None else 1.0)
                    <= risk.risk_threshold
                ),
            }
        ]
    )


def validate_release(
    frame: pd.DataFrame | Iterable[pd.DataFrame],
    risk_report: Mapping,
    *,
    dataset: str = "research",
    run_key: str | None = None,
    data_root: Path | None = None,
    raise_on_failure: bool = True,
    model: CanonicalModel | None = None,
    known_names: KnownNames | None = None,
) -> QualityReport:
    """Validate a research dataset before publication; the one call the publish task makes first.

    ``frame``: the dataset plus the internal patient key column, as one frame or as batches of it (an
    iterable of frames, so the whole table is never held in memory: every batch must then carry the
    whole-table columns ``CLASS_SIZE`` and ``ONE_TO_ONE``; only the computed check columns are kept);
    ``risk_report``: see ``RiskReport``;
    ``known_names``: surnames and streets to look for in the text (default: ``staged_known_names(data_root)``).
    Returns the value-free report; raises ``QualityGateFailed`` if any check failed (unless
    ``raise_on_failure=False``) and ``QualityGateError`` if the gate could not run. Either way: do not publish.
    """
    if not _NAME.match(dataset):
        raise QualityGateError("dataset name: letters, digits, '_', '.', '-' only (it names result files)")
    run_key = run_key or utc_key()
    if not _NAME.match(run_key):
        raise QualityGateError("run_key: letters, digits, '_', '.', '-' only")
    risk = parse_risk_report(risk_report)
    data_root = Path(data_root or settings.data_root()).resolve()
    model = model or load_model()
    if known_names is None:
        known_names = staged_known_names(data_root)
    streamed = not isinstance(frame, pd.DataFrame)
    parts: list[pd.DataFrame] = []
    counts: dict[str, int] = {}
    rows, direct = 0, None
    for batch in frame if streamed else [frame]:
        needed = [risk.pseudonym_column, risk.patient_key_column, *(risk.quasi_identifier_columns or [])]
        if streamed:
            needed += [c for c in PRECOMPUTED if c != CLASS_SIZE or risk.quasi_identifier_columns]
        absent = [c for c in needed if c not in batch.columns]
        if absent:
            raise QualityGateError(
                f"dataset {dataset}: column(s) named by the risk report are missing: {', '.join(absent)}"
            )
        if direct is None:
            direct = direct_identifier_columns(publishable_columns(batch, risk), risk, model)
        batch_checks, batch_counts = check_frame(batch, risk, model, known_names)
        parts.append(batch_checks)
        for name, value in batch_counts.items():
            merge = min if name == "smallest equivalence class" else (lambda a, b: a + b)
            counts[name] = merge(counts[name], value) if name in counts else value
        rows += len(batch)
    if direct is None:  # no batch at all: an empty table
        raise QualityGateError(f"dataset {dataset}: no rows were passed to the release gate")
    checks = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    del parts
    counts.update({f"direct identifier column {name}": 1 for name in direct})
    report = QualityReport(stage="release", run_key=f"{dataset}-{run_key}")
    with open_workspace(data_root) as workspace:
        for suite, batch_frame in (("release.rows", checks), ("release.facts", facts_frame(rows, risk, direct))):
            raws = workspace.run(suite, batch_frame, run_name=f"{dataset}-{run_key}")
            raise_if_broken(suite, raws)
            batch = Batch(
                suite=suite,
                source=None,
                entity=dataset,
                rows=len(batch_frame),
                details=counts if suite == "release.rows" else {},
            )
            batch.outcomes = [outcome_of(raw) for raw in raws]
            report.batches.append(batch)
        workspace.prune(keep_days=RESULTS_KEEP_DAYS)
        report.data_docs = str(workspace.build_data_docs())
    write_report(report, data_root, name=f"{dataset}/{run_key}")
    log.info("quality release %s: %s", dataset, json.dumps(report.summary()))
    return report.raise_for_failure() if raise_on_failure else report
