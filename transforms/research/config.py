"""Research dataset definitions (``config/research/*.yml``) as typed objects, validated on load.

Every published column names its source (``entity.column``), its role (ARX style: ``direct``, ``quasi``,
``sensitive``, ``insensitive``) and its treatment. A column without a role is an error, never a silent
pass-through, and a role may not be weaker than the one the canonical model gives the source column
(a model ``direct`` column cannot be declared ``insensitive``). Two refusals guard what may leave at all:

- **free text** (the columns the text anonymiser covers, ``TEXT_ENTITIES``) is published only as its
  anonymised version (``treatment: anonymised_text``): with ``keep`` the raw notes would be published
  whenever the release gate's patterns miss a name;
- a **direct identifier** (``identifier: true`` in the canonical model: BSN, names, e-mail, ...) is never
  published, not even pseudonymised; ``pseudonymise`` is for the ids of the table's own records and people
  (the patient key, ``practitioner_id``), which the build joins from the table's entity.

Errors name the file and the place.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from transforms import settings
from transforms.kernel.canonical import CanonicalModel, Role, load_model
from transforms.kernel.config import ConfigError, CrossReference, known, raise_problems, read_yaml, validate_config
from transforms.kernel.model import StrictModel

ROLE_RANK: dict[str, int] = {"insensitive": 0, "sensitive": 1, "quasi": 2, "direct": 3}
# Which treatments each role may have. A direct identifier is only ever pseudonymised (or not selected).
TREATMENTS_BY_ROLE: dict[str, set[str]] = {
    "direct": {"pseudonymise"},
    "quasi": {"age_band", "postcode", "date", "keep"},
    "sensitive": {"keep", "code_group", "anonymised_text", "date"},
    "insensitive": {"keep", "date"},
}
TEXT_ENTITIES = {"clinical_note": ("note_id", "text"), "complaint": ("complaint_id", "text")}
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
DATE_LEVELS = ("day", "month", "quarter", "year")


class ColumnSpec(StrictModel):
    """One published column: where it comes from, its role and how it is treated."""

    source: str = Field(description="entity.column; the entity is the table's own or `patient` (joined)")
    role: Role
    treatment: Literal["pseudonymise", "age_band", "postcode", "date", "keep", "code_group", "anonymised_text"]
    description: str | None = None
    # age_band: the date the age is counted at (entity.column of the table's entity) and the band widths per
    # level (the last level is always "suppressed"); ages >= top_code share one band.
    at: str | None = None
    bands: list[int] | None = None
    top_code: int | None = None
    # postcode: levels among pc4, pc2; a cell with fewer than `min_patients` patients is rolled up one level.
    levels: list[str] | None = None
    min_patients: int = Field(default=0, ge=0)
    # date: shift every date of a patient by the same keyed offset in [-shift_days, +shift_days] (keeps intervals)
    shift_days: int = Field(default=0, ge=0, le=3650)
    # code_group: codes used by fewer than `min_patients` patients become their group (first `group_chars` chars)
    group_chars: int = Field(default=1, ge=1, le=8)
    # keep (quasi): may the search suppress the column's value (`*`) as its one generalisation level?
    generalise_to_suppressed: bool = True
    # utility (quasi): the coarsest level the search may choose for the whole column (a level name, e.g.
    # `quarter`, `pc2`, `20y`, `value`); rows that cannot be k-anonymous at or below it are suppressed rather
    # than the column being coarsened for everyone. `weight`: how much the column's information loss counts
    # in the search (ARX attribute weights); a heavier column is generalised later.
    max_level: str | None = None
    weight: float = Field(default=1.0, gt=0, le=100)

    @property
    def entity(self) -> str:
        return self.source.split(".", 1)[0]

    @property
    def column(self) -> str:
        return self.source.split(".", 1)[1]

    def level_names(self) -> list[str]:
        """The generalisation hierarchy of a quasi-identifier, finest first (the last suppresses)."""
        if self.treatment == "age_band":
            return [f"{w}y" for w in (self.bands or [])] + ["*"]
        if self.treatment == "postcode":
            return list(self.levels or []) + ["*"]
        if self.treatment == "date":
            return list(self.levels or []) + ["*"]
        return ["value", "*"] if self.generalise_to_suppressed else ["value"]

    @model_validator(mode="after")
    def _check(self) -> "ColumnSpec":
        if self.source.count(".") != 1:
            raise ValueError("source must be entity.column")
        if self.treatment not in TREATMENTS_BY_ROLE[self.role]:
            raise ValueError(
                f"treatment {self.treatment!r} is not allowed for role {self.role!r} "
                f"(allowed: {', '.join(sorted(TREATMENTS_BY_ROLE[self.role]))})"
            )
        if self.treatment == "age_band":
            if not self.at or self.at.count(".") != 1:
                raise ValueError("age_band needs `at: entity.column` (the date the age is counted at)")
            if not self.bands or any(b < 1 for b in self.bands) or self.bands != sorted(self.bands):
                raise ValueError("age_band needs `bands`: increasing band widths in years, e.g. [5, 10, 20]")
            if any(b2 % b1 for b1, b2 in zip(self.bands, self.bands[1:])):
                raise ValueError("each band width must be a multiple of the previous one (a hierarchy)")
        if self.treatment == "postcode":
            if (
                not self.levels
                or any(level not in ("pc4", "pc2") for level in self.levels)
                or self.levels != [lv for lv in ("pc4", "pc2") if lv in self.levels]
            ):
                raise ValueError("postcode needs `levels`: pc4 and/or pc2, finest first")
        if self.treatment == "date":
            if (
                not self.levels
                or any(level not in DATE_LEVELS for level in self.levels)
                or self.levels != [lv for lv in DATE_LEVELS if lv in self.levels]
            ):
                raise ValueError(f"date needs `levels` among {', '.join(DATE_LEVELS)}, finest first")
            if "day" in self.levels and not self.shift_days:
                raise ValueError("a date published to the day must be shifted (`shift_days` > 0)")
        if self.max_level is not None:
            if self.role != "quasi":
                raise ValueError("max_level applies to quasi-identifiers only")
            if self.max_level not in self.level_names():
                raise ValueError(
                    f"max_level {self.max_level!r} is not a level of the column "
                    f"(levels: {', '.join(self.level_names())})"
                )
        return self

    def max_level_index(self) -> int:
        """Index of the coarsest level the search may choose (the whole hierarchy without a floor)."""
        names = self.level_names()
        return names.index(self.max_level) if self.max_level is not None else len(names) - 1


class LDiversity(StrictModel):
    column: str
    l: int = Field(ge=2)


class TableSpec(StrictModel):
    """One published table: rows of `entity`, joined to the patient for patient attributes."""

    entity: str
    description: str
    patient_column: str = "patient_id"
    columns: dict[str, ColumnSpec]
    l_diversity: LDiversity | None = None
    # sensitive columns whose l-diversity and t-closeness are measured and reported (inference risk); the
    # `l_diversity` column, if any, is always measured and is the one that is enforced.
    inference: list[str] = Field(default_factory=list)
    # Pseudonyms of this table under their own key domain (default: the dataset's): the table then cannot be
    # joined per patient with the dataset's other tables, so their combination is not a patient's set.
    key_domain: str | None = None

    @property
    def pseudonym_column(self) -> str:
        return next(
            name
            for name, c in self.columns.items()
            if c.treatment == "pseudonymise"
            and c.entity in (self.entity, "patient")
            and c.column in (self.patient_column, "patient_id")
        )

    @property
    def quasi_identifiers(self) -> list[str]:
        return [name for name, c in self.columns.items() if c.role == "quasi"]


class RiskPolicy(StrictModel):
    """The one re-identification risk threshold of a release, with why it is that value, and the attacker.

    ``threshold``: the highest prosecutor risk any released patient may have (1 / patients sharing what an
    attacker can know of them); it must be reachable with the dataset's k (threshold >= 1/k), otherwise k and
    the threshold contradict each other and one of them is not the policy.
    ``known_events``: how many of a patient's events (rows: a treatment with its date, age band, region, ...)
    the attacker is assumed to know besides the patient's fixed attributes (1 or 2); k is counted in patients
    over every combination of that many of the patient's released quasi-identifier tuples.
    ``utility_floor_share``: share of the eligible rows that must be released with every quasi-identifier at
    or below its ``max_level`` (suppressed rows count against it).
    """

    threshold: float = Field(gt=0, le=1)
    basis: str = Field(min_length=20)
    known_events: int = Field(default=2, ge=1, le=2)
    utility_floor_share: float = Field(default=0.95, ge=0, le=1)


class QuerySpec(StrictModel):
    """An analyst query answered on the release and on the truth: a count per group (``utility.py``)."""

    name: str
    table: str
    group_by: dict[str, str] = Field(
        description="column -> level (month/quarter/year, pc4/pc2, a band width like 20y, or value)"
    )
    count: Literal["rows", "patients"] = "rows"
    where_prefix: dict[str, str] = Field(
        default_factory=dict, description="column -> prefix the true value must start with"
    )
    description: str | None = None


class DatasetDefinition(StrictModel):
    name: str
    description: str
    key_domain: str | None = None
    k: int = Field(default=5, ge=2)
    suppression_budget: float = Field(default=0.05, ge=0, le=1)
    keep_releases: int = Field(default=5, ge=1)
    risk_policy: RiskPolicy
    tables: dict[str, TableSpec]
    queries: list[QuerySpec] = Field(default_factory=list)
    path: str | None = None

    @property
    def domain(self) -> str:
        return self.key_domain or self.name

    def table_domain(self, table: str) -> str:
        """The key domain of one table's pseudonyms: its own ``key_domain`` or the dataset's."""
        return self.tables[table].key_domain or self.domain


def check_against_model(definition: DatasetDefinition, model: CanonicalModel) -> list[str]:
    """Everything that a schema cannot see: entities and columns exist, roles are not weakened, names."""
    problems: list[str] = []
    if not _NAME.match(definition.name):
        problems.append("name: lower-case letters, digits and '_' only")
    if not definition.tables:
        problems.append("tables: a dataset needs at least one table")
    for tname, table in definition.tables.items():
        where = f"tables.{tname}"
        if not _NAME.match(tname):
            problems.append(f"{where}: table name: lower-case letters, digits and '_' only")
        entity = known(
            model.entities, table.entity, problems, f"{where}.entity: unknown canonical entity {table.entity!r}"
        )
        if entity is None:
            continue
        if entity.subject != "patient" or table.patient_column not in entity.columns:
            problems.append(f"{where}.entity: {table.entity!r} has no patient column {table.patient_column!r}")
            continue
        pseudonyms = [
            n
            for n, c in table.columns.items()
            if c.treatment == "pseudonymise" and c.entity == table.entity and c.column == table.patient_column
        ]
        if len(pseudonyms) != 1:
            problems.append(
                f"{where}.columns: exactly one column must pseudonymise "
                f"{table.entity}.{table.patient_column} (the patient pseudonym)"
            )
        if not table.quasi_identifiers:
            problems.append(f"{where}.columns: no quasi-identifier; k-anonymity needs at least one")
        for cname, spec in table.columns.items():
            cwhere = f"{where}.columns.{cname}"
            if not _NAME.match(cname):
                problems.append(f"{cwhere}: column name: lower-case letters, digits and '_' only")
            if spec.entity not in (table.entity, "patient"):
                problems.append(f"{cwhere}.source: entity must be {table.entity!r} or 'patient' (joined)")
                continue
            source = model.entities[spec.entity].columns.get(spec.column)
            if source is None:
                problems.append(f"{cwhere}.source: {spec.source!r} is not in the canonical model")
                continue
            if TEXT_ENTITIES.get(spec.entity, (None, None))[1] == spec.column and spec.treatment != "anonymised_text":
                problems.append(
                    f"{cwhere}.treatment: {spec.source} is free text; free text may only be "
                    f"published anonymised (treatment: anonymised_text), not {spec.treatment!r}"
                )
            if spec.treatment == "pseudonymise":
                if source.identifier:
                    problems.append(
                        f"{cwhere}.treatment: {spec.source} is a direct identifier (identifier: true "
                        "in the canonical model): it is never published, not even pseudonymised; "
                        "leave the column out"
                    )
                elif spec.entity != table.entity and spec.column != table.patient_column:
                    problems.append(
                        f"{cwhere}.treatment: pseudonymise applies to a column of "
                        f"{table.entity!r} itself (or the patient key), not {spec.source}"
                    )
            if ROLE_RANK[spec.role] < ROLE_RANK[source.role]:
                problems.append(
                    f"{cwhere}.role: {spec.role!r} is weaker than the canonical model's "
                    f"{source.role!r} for {spec.source}"
                )
            if spec.role == "direct" and source.role != "direct":
                problems.append(f"{cwhere}.role: only a column the model marks direct can be pseudonymised")
            if spec.treatment in ("age_band", "date") and source.type not in ("date", "datetime"):
                problems.append(f"{cwhere}: {spec.treatment} needs a date column, {spec.source} is {source.type}")
            if spec.treatment == "age_band":
                at_entity, at_column = spec.at.split(".", 1)
                at = model.entities.get(at_entity, None)
                if (
                    at_entity != table.entity
                    or at is None
                    or at_column not in at.columns
                    or at.columns[at_column].type not in ("date", "datetime")
                ):
                    problems.append(f"{cwhere}.at: must be a date column of {table.entity!r}")
            if spec.treatment == "anonymised_text":
                if TEXT_ENTITIES.get(spec.entity, (None, None))[1] != spec.column:
                    problems.append(
                        f"{cwhere}: anonymised text exists only for "
                        + ", ".join(f"{e}.{c}" for e, (_, c) in TEXT_ENTITIES.items())
                    )
            if spec.treatment in ("postcode", "code_group") and source.type != "string":
                problems.append(f"{cwhere}: {spec.treatment} needs a text column")
        if table.l_diversity is not None:
            target = table.columns.get(table.l_diversity.column)
            if target is None or target.role != "sensitive":
                problems.append(f"{where}.l_diversity.column: must name a sensitive column of the table")
        for i, cname in enumerate(table.inference):
            target = table.columns.get(cname)
            if target is None or target.role != "sensitive" or target.treatment == "anonymised_text":
                problems.append(f"{where}.inference[{i}]: {cname!r} must be a sensitive, non-text column of the table")
    policy = definition.risk_policy
    if policy.threshold < 1 / definition.k - 1e-9:
        problems.append(
            f"risk_policy.threshold: {policy.threshold} is below 1/k = {1 / definition.k:.3f}: k = "
            f"{definition.k} allows classes of {definition.k} patients (risk {1 / definition.k:.3f}); "
            f"raise k to {math.ceil(1 / policy.threshold - 1e-9)} or the threshold to 1/k"
        )
    problems += _check_queries(definition)
    return problems


QUERY_TABLE = CrossReference("table", "queries[{i}] ({item.name})", "{where}.table: unknown table {name!r}")
QUERY_LEVELS = {"date": ("day", "month", "quarter", "year"), "postcode": ("pc4", "pc2")}


def _check_queries(definition: DatasetDefinition) -> list[str]:
    """Each query names a table, its columns and a level the column's hierarchy can be answered at."""
    problems: list[str] = []
    names = [query.name for query in definition.queries]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"queries: name {dup!r} is used twice")
    for where, query, table in QUERY_TABLE.each_known(definition.queries, definition.tables, problems):
        if not query.group_by:
            problems.append(f"{where}.group_by: at least one column")
        for cname, level in {**query.group_by, **{c: "value" for c in query.where_prefix}}.items():
            spec = table.columns.get(cname)
            if spec is None:
                problems.append(f"{where}: {cname!r} is not a column of {query.table!r}")
                continue
            if spec.treatment in ("pseudonymise", "anonymised_text"):
                problems.append(f"{where}: {cname!r} cannot be grouped on (pseudonym or free text)")
            elif spec.treatment in QUERY_LEVELS and spec.role == "quasi":
                if level not in QUERY_LEVELS[spec.treatment]:
                    problems.append(
                        f"{where}.group_by.{cname}: level must be one of {', '.join(QUERY_LEVELS[spec.treatment])}"
                    )
            elif spec.treatment == "age_band":
                if not re.fullmatch(r"[1-9][0-9]*y", level) or int(level[:-1]) % spec.bands[0]:
                    problems.append(
                        f"{where}.group_by.{cname}: level must be a band width in years that is a "
                        f"multiple of {spec.bands[0]}, e.g. {spec.bands[-1]}y"
                    )
            elif level != "value":
                problems.append(f"{where}.group_by.{cname}: a {spec.treatment} column is grouped by 'value'")
    return problems


def research_config_dir(config_dir: Path | None = None) -> Path:
    return Path(config_dir or settings.config_dir()) / "research"


def load_dataset_file(path: Path, model: CanonicalModel | None = None) -> DatasetDefinition:
    path = Path(path).resolve()
    data = read_yaml(path)
    definition = validate_config(DatasetDefinition, data, path)
    raise_problems(
        path, check_against_model(definition, model or load_model()), "the research dataset cannot be built: "
    )
    if definition.name != path.stem:
        raise ConfigError(f"{path}: name {definition.name!r} must equal the file name {path.stem!r}")
    return definition.model_copy(update={"path": str(path)})


def load_datasets(config_dir: Path | None = None, model: CanonicalModel | None = None) -> dict[str, DatasetDefinition]:
    """Every ``config/research/*.yml``, validated; raises ``ConfigError`` naming the file and the place."""
    folder = research_config_dir(config_dir)
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no research dataset folder")
    own = Path(config_dir) / "canonical_model.yml" if config_dir else None
    model = model or load_model(own if own is not None and own.exists() else None)
    return {d.name: d for d in (load_dataset_file(p, model) for p in sorted(folder.glob("*.yml")))}


def load_dataset(name: str, config_dir: Path | None = None) -> DatasetDefinition:
    datasets = load_datasets(config_dir)  # all of them: one broken file stops every build (fail closed)
    if name not in datasets:
        raise ConfigError(f"unknown research dataset {name!r}; known: {', '.join(sorted(datasets)) or '(none)'}")
    return datasets[name]
