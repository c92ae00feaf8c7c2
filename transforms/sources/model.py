"""The canonical model (``config/canonical_model.yml``) as typed objects, validated on load."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from transforms import settings

CanonicalType = Literal["string", "integer", "boolean", "date", "datetime"]
Role = Literal["direct", "quasi", "sensitive", "insensitive"]


class ConfigError(ValueError):
    """A configuration file is wrong; the message names the file and the place."""


def format_validation_error(path: Path | str, error: ValidationError) -> str:
    lines = [f"{path}: {error.error_count()} problem(s)"]
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        lines.append(f"  - {where}: {item['msg']}")
    return "\n".join(lines)


def validate_config(schema: type[BaseModel], data: dict, path: Path | str) -> BaseModel:
    """``schema.model_validate(data)``, with pydantic's errors turned into one ``ConfigError`` naming ``path``."""
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(path, exc)) from None


def raise_problems(where: Path | str, problems: list[str], what: str = "") -> None:
    """One ``ConfigError`` listing every problem found (nothing when the list is empty)."""
    if problems:
        raise ConfigError(f"{where}: {what}{len(problems)} problem(s)\n" + "\n".join(f"  - {p}" for p in problems))


def read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Derivation(_Strict):
    function: Literal["year"]
    from_: str = Field(alias="from")


class Column(_Strict):
    type: CanonicalType
    required: bool = False
    nullable: bool = True
    identifier: bool = False
    role: Role
    description: str | None = None
    derive: Derivation | None = None
    on_extract: Literal["truncate_ip", "normalise_postcode"] | None = None
    retention: bool = False
    values: list[str] | None = None


class Entity(_Strict):
    description: str
    key: str
    subject: str | None = None
    columns: dict[str, Column]

    @model_validator(mode="after")
    def _check(self) -> "Entity":
        if self.key not in self.columns:
            raise ValueError(f"key {self.key!r} is not one of its columns")
        for name, column in self.columns.items():
            if column.derive and column.derive.from_ not in self.columns:
                raise ValueError(f"column {name!r} derives from unknown column {column.derive.from_!r}")
        return self


class CanonicalModel(_Strict):
    version: int
    subject_kinds: dict[str, str]
    entities: dict[str, Entity]

    @model_validator(mode="after")
    def _check_subjects(self) -> "CanonicalModel":
        for name, entity in self.entities.items():
            if entity.subject and entity.subject not in self.subject_kinds:
                raise ValueError(f"entity {name!r}: unknown subject kind {entity.subject!r}")
        return self

    def entity(self, name: str) -> Entity:
        try:
            return self.entities[name]
        except KeyError:
            raise ConfigError(f"unknown canonical entity {name!r}; known: {', '.join(self.entities)}") from None


def load_model(path: Path | None = None) -> CanonicalModel:
    path = path or settings.config_dir() / "canonical_model.yml"
    return _load_model(Path(path).resolve())


@functools.lru_cache(maxsize=4)
def _load_model(path: Path) -> CanonicalModel:
    return validate_config(CanonicalModel, read_yaml(path), path)
