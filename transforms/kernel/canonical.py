"""The canonical model (``config/canonical_model.yml``) as typed objects, validated on load.

Every capability reads only this model, never a vendor schema: sources map onto it, quality checks it,
retention and research name its entities and columns.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from transforms import settings
from transforms.kernel.config import ConfigError, read_yaml, validate_config
from transforms.kernel.model import StrictModel

CanonicalType = Literal["string", "integer", "boolean", "date", "datetime"]
Role = Literal["direct", "quasi", "sensitive", "insensitive"]


class Derivation(StrictModel):
    function: Literal["year"]
    from_: str = Field(alias="from")


class Column(StrictModel):
    type: CanonicalType
    required: bool = False
    nullable: bool = True
    identifier: bool = False
    role: Role
    description: str | None = None
    derive: Derivation | None = None
    on_extract: Literal["truncate_ip", "normalise_postcode", "normalise_bsn"] | None = None
    retention: bool = False
    values: list[str] | None = None


class Entity(StrictModel):
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


class CanonicalModel(StrictModel):
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
        """The entity called ``name``; ``ConfigError`` naming the known ones when there is none."""
        try:
            return self.entities[name]
        except KeyError:
            raise ConfigError(f"unknown canonical entity {name!r}; known: {', '.join(self.entities)}") from None


def load_model(path: Path | str | None = None) -> CanonicalModel:
    """The canonical model (default: ``config/canonical_model.yml``), read once per file and cached."""
    path = path or settings.config_dir() / "canonical_model.yml"
    return _load_model(Path(path).resolve())


@functools.lru_cache(maxsize=4)
def _load_model(path: Path) -> CanonicalModel:
    return validate_config(CanonicalModel, read_yaml(path), path)
