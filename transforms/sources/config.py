"""Source mappings (``config/sources/*.yml``): one file per practice system, validated on load.

A mapping says, per canonical entity, where the rows come from (a ``table`` or a ``query``), which
column is the incremental ``watermark``, and for each canonical column either the source ``column`` and
how it is encoded (``format`` for dates, ``values`` for codes, ``scale`` for money) or a ``const``.
Adding a vendor is adding a file; nothing in code names a vendor.

Two checks: ``load_sources`` checks a file against the canonical model (unknown entity or column,
missing entity, required column not mapped, option that does not fit the type); ``check_against_database``
checks it against the live schema (table or column that does not exist).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from transforms import settings
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.kernel.config import (
    ConfigError,
    raise_problems,
    read_yaml,
    validate_config,
)
from transforms.kernel.model import StrictModel

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _one_of(mapping: Any, name: str, other: str) -> Any:
    """``mapping`` when exactly one of its fields ``name`` and ``other`` is given and ``name``, if given, is a
    plain identifier (a column or table name, never SQL); else ``ValueError``."""
    value = getattr(mapping, name)
    if (value is None) == (getattr(mapping, other) is None):
        raise ValueError(f"give exactly one of {name!r} or {other!r}")
    if value is not None and not IDENTIFIER.match(value):
        raise ValueError(f"{name} {value!r} is not a plain {name} name")
    return mapping


class ColumnMapping(StrictModel):
    column: str | None = None
    const: Any = None
    format: str | None = Field(default=None, description="strptime format of a date/datetime stored as text")
    values: dict[str, Any] | None = Field(default=None, description="source code -> canonical value")
    scale: int | None = Field(default=None, description="multiply a number by this (euros -> cents: 100)")

    @model_validator(mode="after")
    def _one_source(self) -> "ColumnMapping":
        return _one_of(self, "column", "const")


class Watermark(StrictModel):
    column: str
    kind: Literal["timestamp", "id"]

    @field_validator("column")
    @classmethod
    def _plain(cls, value: str) -> str:
        if not IDENTIFIER.match(value):
            raise ValueError(f"{value!r} is not a plain column name")
        return value


class EntityMapping(StrictModel):
    table: str | None = None
    query: str | None = None
    where: str | None = Field(default=None, description="SQL condition on the table's columns")
    watermark: Watermark
    columns: dict[str, ColumnMapping]

    @field_validator("columns", mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        # `first_name: voornaam` is short for `first_name: {column: voornaam}`
        if isinstance(value, dict):
            return {k: {"column": v} if isinstance(v, str) else v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _one_origin(self) -> "EntityMapping":
        return _one_of(self, "table", "query")

    def source_columns(self) -> list[str]:
        """The source columns this mapping reads, watermark included, in a stable order."""
        names = [m.column for m in self.columns.values() if m.column]
        if self.watermark.column not in names:
            names.append(self.watermark.column)
        return list(dict.fromkeys(names))


class PatientNumber(StrictModel):
    regex: str
    example: str

    @model_validator(mode="after")
    def _example_matches(self) -> "PatientNumber":
        try:
            pattern = re.compile(self.regex)
        except re.error as exc:
            raise ValueError(f"regex does not compile: {exc}") from None
        if not pattern.search(self.example):
            raise ValueError(f"example {self.example!r} does not match regex {self.regex!r}")
        return self


class SourceMapping(StrictModel):
    """One practice system's mapping file (``config/sources/<name>.yml``)."""

    name: str
    vendor: str
    connection_id: str
    timezone: str = "Europe/Amsterdam"
    chunk_size: int = Field(default=20_000, gt=0)
    patient_number: PatientNumber
    entities: dict[str, EntityMapping]
    not_held: dict[str, str] = Field(default_factory=dict, description="canonical entity -> why this source has none")
    path: Path | None = Field(default=None, exclude=True)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not re.match(r"^[a-z][a-z0-9_]*$", value):
            raise ValueError("name must be lower-case letters, digits and underscores (it names folders)")
        return value

    def env_url_variable(self) -> str:
        """The environment variable the command line reads this source's SQLAlchemy URL from."""
        return f"DCN_SOURCE_{self.name.upper()}_URL"


# The old name, still imported by transforms.retention (being reorganised in parallel); switch it to
# SourceMapping there: transforms.quality.config had a class of the same name for a different thing.
SourceMapping = SourceMapping


def check_against_model(source: SourceMapping, model: CanonicalModel) -> list[str]:
    """Problems of a mapping against the canonical model, as readable sentences (empty: fine)."""
    problems: list[str] = []
    for entity_name in source.entities:
        if entity_name not in model.entities:
            problems.append(
                f"entity {entity_name!r} is not in the canonical model (known: {', '.join(model.entities)})"
            )
    for entity_name in model.entities:
        if entity_name not in source.entities and entity_name not in source.not_held:
            problems.append(f"entity {entity_name!r} is missing: map it, or list it under 'not_held' with a reason")
    for entity_name, mapping in source.entities.items():
        entity = model.entities.get(entity_name)
        if entity is None:
            continue
        for column_name, column_mapping in mapping.columns.items():
            column = entity.columns.get(column_name)
            if column is None:
                problems.append(
                    f"{entity_name}.{column_name}: not a column of the canonical entity "
                    f"(known: {', '.join(entity.columns)})"
                )
                continue
            if column_mapping.format and column.type not in ("date", "datetime"):
                problems.append(
                    f"{entity_name}.{column_name}: 'format' only applies to dates, this column is {column.type}"
                )
            if column_mapping.scale and column.type != "integer":
                problems.append(
                    f"{entity_name}.{column_name}: 'scale' only applies to integers, this column is {column.type}"
                )
        for column_name, column in entity.columns.items():
            if column.required and column_name not in mapping.columns:
                problems.append(f"{entity_name}.{column_name}: required by the canonical model but not mapped")
        if entity.key not in mapping.columns:
            problems.append(f"{entity_name}: the key column {entity.key!r} must be mapped")
        elif mapping.columns[entity.key].column is None:
            problems.append(f"{entity_name}: the key column {entity.key!r} must come from a source column")
    return problems


def load_source(path: Path, model: CanonicalModel | None = None) -> SourceMapping:
    """One mapping file, validated against its schema and the canonical model (``ConfigError`` otherwise)."""
    model = model or load_model()
    source = validate_config(SourceMapping, read_yaml(path).with_values(path=path), path)
    raise_problems(path, check_against_model(source, model))
    return source


def load_sources(directory: Path | None = None, model: CanonicalModel | None = None) -> list[SourceMapping]:
    """Every ``*.yml`` in the sources folder, sorted by name; names must be unique."""
    directory = directory or settings.config_dir() / "sources"
    files = sorted(Path(directory).glob("*.yml"))
    if not files:
        raise ConfigError(f"{directory}: no source mappings (*.yml) found")
    sources = [load_source(path, model) for path in files]
    names = [s.name for s in sources]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ConfigError(f"{directory}: source name(s) used twice: {', '.join(sorted(duplicates))}")
    return sources


def get_source(name: str, directory: Path | None = None) -> SourceMapping:
    """The mapping called ``name`` (all of them are loaded and checked: one broken file stops every run)."""
    for source in load_sources(directory):
        if source.name == name:
            return source
    raise ConfigError(f"no source named {name!r} in {directory or settings.config_dir() / 'sources'}")


def check_against_database(source: SourceMapping, engine, entities: list[str] | None = None) -> list[str]:
    """Problems of a mapping (or of some of its entities) against the live schema (empty: fine)."""
    from sqlalchemy import inspect, text

    problems: list[str] = []
    inspector = inspect(engine)
    tables = set(inspector.get_table_names())
    for entity_name, mapping in source.entities.items():
        if entities is not None and entity_name not in entities:
            continue
        if mapping.table is not None:
            if mapping.table not in tables:
                problems.append(f"{entity_name}: table {mapping.table!r} does not exist in the database")
                continue
            available = {c["name"] for c in inspector.get_columns(mapping.table)}
            origin = f"table {mapping.table!r}"
        else:
            try:
                with engine.connect() as conn:
                    available = set(conn.execute(text(f"SELECT * FROM ({mapping.query}) AS src WHERE 1 = 0")).keys())
            except Exception as exc:  # the database's own message names the problem
                problems.append(
                    f"{entity_name}: query does not run: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
                )
                continue
            origin = "the query's result"
        for column in mapping.source_columns():
            if column not in available:
                problems.append(
                    f"{entity_name}: column {column!r} does not exist in {origin} (has: {', '.join(sorted(available))})"
                )
    return problems
