"""``config/quality.yml`` as typed objects, validated on load against the canonical model."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from transforms import settings
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.kernel.config import raise_problems, read_yaml, validate_config
from transforms.kernel.model import StrictModel

Severity = Literal["quarantine", "fail", "warn"]
SEVERITIES: tuple[str, ...] = ("quarantine", "fail", "warn")
CheckKind = Literal[
    "bsn_11proef", "iban", "not_after_run", "not_before", "not_before_birth", "references", "date_range"
]


class GeneratedSeverities(StrictModel):
    columns: Literal["fail", "warn"]  # a table-level fact: no single row to quarantine
    types: Literal["fail", "warn"]
    not_null: Severity
    allowed_values: Severity
    unique_key: Severity


class NullRates(StrictModel):
    severity: Literal["fail", "warn"]  # a rate belongs to the batch, not to a row
    min_rows: int = Field(ge=1)
    max_null_fraction: dict[str, float]


class Check(StrictModel):
    entity: str
    column: str
    check: CheckKind
    severity: Severity
    other: str | None = None  # not_before: the earlier column of the same row
    via: str | None = None  # not_before_birth: the column holding the patient key
    target: str | None = None  # references: the referenced entity
    min: dt.date | None = None  # date_range: earliest plausible date (inclusive)
    max: dt.date | None = None  # date_range: latest plausible date (inclusive); "not in the future": not_after_run

    @model_validator(mode="after")
    def _arguments(self) -> "Check":
        needs = {"not_before": "other", "not_before_birth": "via", "references": "target"}.get(self.check)
        for name in ("other", "via", "target"):
            if (getattr(self, name) is not None) != (name == needs):
                raise ValueError(f"check {self.check!r} {'needs' if name == needs else 'takes no'} {name!r}")
        if self.check == "date_range":
            if self.min is None and self.max is None:
                raise ValueError("check 'date_range' needs 'min' or 'max' (or both)")
            if self.min is not None and self.max is not None and self.min > self.max:
                raise ValueError("check 'date_range': 'min' is after 'max'")
        elif self.min is not None or self.max is not None:
            raise ValueError(f"check {self.check!r} takes no 'min' or 'max'")
        return self

    @property
    def name(self) -> str:
        """Stable, value-free name used in suites, reports and quarantine reasons."""
        suffix = {"not_before": self.other, "references": self.target}
        extra = suffix.get(self.check)
        return f"{self.entity}.{self.column}.{self.check}" + (f".{extra}" if extra else "")


class SourceGateConfig(StrictModel):
    """The ``source:`` section: the source gate's severities, null-rate limits and extra checks."""

    generated: GeneratedSeverities
    null_rates: NullRates
    checks: list[Check]


class ReleaseConfig(StrictModel):
    severity: Literal["fail"]


class RetentionGateConfig(StrictModel):
    severity: Literal["fail"]


class QualityConfig(StrictModel):
    version: int
    source: SourceGateConfig
    release: ReleaseConfig
    retention: RetentionGateConfig


def check_against_model(config: QualityConfig, model: CanonicalModel) -> list[str]:
    """Problems of a quality config that names entities, columns or kinds the model does not have."""
    problems: list[str] = []

    def column_exists(entity: str, column: str, where: str) -> bool:
        if entity not in model.entities:
            problems.append(f"{where}: unknown entity {entity!r}")
            return False
        if column not in model.entities[entity].columns:
            problems.append(f"{where}: entity {entity!r} has no column {column!r}")
            return False
        return True

    for dotted, fraction in config.source.null_rates.max_null_fraction.items():
        where = f"source.null_rates.max_null_fraction.{dotted}"
        entity, _, column = dotted.partition(".")
        if column_exists(entity, column, where):
            if not model.entities[entity].columns[column].nullable:
                problems.append(f"{where}: column is not nullable (not_null already covers it)")
        if not 0.0 <= fraction < 1.0:
            problems.append(f"{where}: a fraction in [0, 1) is expected")
    names: set[str] = set()
    for index, check in enumerate(config.source.checks):
        where = f"source.checks[{index}] ({check.name})"
        if check.name in names:
            problems.append(f"{where}: duplicate check")
        names.add(check.name)
        if not column_exists(check.entity, check.column, where):
            continue
        column = model.entities[check.entity].columns[check.column]
        dates = ("date", "datetime")
        if (
            check.check in ("not_after_run", "not_before", "not_before_birth", "date_range")
            and column.type not in dates
        ):
            problems.append(f"{where}: {check.check} needs a date column, {check.column!r} is {column.type}")
        if check.check == "not_before" and check.other and column_exists(check.entity, check.other, where):
            if model.entities[check.entity].columns[check.other].type not in dates:
                problems.append(f"{where}: other column {check.other!r} is not a date")
        if check.check == "not_before_birth" and check.via:
            column_exists(check.entity, check.via, where)
            if "patient" not in model.entities or "date_of_birth" not in model.entities["patient"].columns:
                problems.append(f"{where}: the model has no patient.date_of_birth")
        if check.check == "references" and check.target and check.target not in model.entities:
            problems.append(f"{where}: unknown target entity {check.target!r}")
        if check.check in ("bsn_11proef", "iban") and column.type != "string":
            problems.append(f"{where}: {check.check} needs a string column")
    return problems


def load_quality_config(path: Path | None = None, model: CanonicalModel | None = None) -> QualityConfig:
    """Read and validate ``config/quality.yml`` (raises ``ConfigError`` naming the file and the place)."""
    path = Path(path or settings.config_dir() / "quality.yml").resolve()
    config = _load(path)
    raise_problems(path, check_against_model(config, model or load_model()))
    return config


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> QualityConfig:
    return validate_config(QualityConfig, read_yaml(path), path)
