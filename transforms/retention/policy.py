"""The retention policy (``config/retention_policy.yml``) as typed objects, validated against the canonical model.

``load_policy()`` refuses a policy that cannot be applied safely, with one message listing every problem:
an unknown class, a negative or empty term, a trigger column that is not a retention date of the canonical
model, an entity mapped to no class, fields that cannot be emptied. Its ``version`` is the SHA-256 of the
parsed content (canonical JSON), recorded with every plan, run and certificate.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from transforms import settings
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.kernel.config import (
    ConfigError,
    CrossReference,
    known,
    raise_problems,
    read_yaml,
    validate_config,
)
from transforms.kernel.model import StrictModel

Anchor = Literal["event", "end_of_fiscal_year", "end_of_calendar_year"]
Action = Literal["destroy", "minimise", "anonymise"]
HoldReason = Literal["complaint", "dispute", "incident", "claim", "restriction_request", "care"]
# A condition value: a scalar (equal), a list (one of), None (is empty) or "not_null" (has a value).
ConditionValue = str | int | bool | None | list[str | int | bool]


MAX_TERM_YEARS = 200


class Term(StrictModel):
    """A legal term. Calendar units (years, months, weeks, days) add up, all non-negative, together positive."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @model_validator(mode="after")
    def _positive(self) -> "Term":
        parts = {"years": self.years, "months": self.months, "weeks": self.weeks, "days": self.days}
        negative = [k for k, v in parts.items() if v < 0]
        if negative:
            raise ValueError(f"term cannot be negative ({', '.join(negative)})")
        if not any(parts.values()):
            raise ValueError("term must be longer than zero")
        # No legal term comes near this; a longer one is a typo, and its end date would not even be a date
        # Python can represent (the plan would fail with a bare 'year out of range' instead of this message).
        if self.approx_days() > MAX_TERM_YEARS * 365.25:
            raise ValueError(f"term of {self} is longer than {MAX_TERM_YEARS} years: not a legal term")
        return self

    def approx_days(self) -> float:
        """For comparing two terms (archive stage shorter than the term), not for computing dates."""
        return self.years * 365.25 + self.months * 30.44 + self.weeks * 7 + self.days

    def __str__(self) -> str:
        units = [(self.years, "year"), (self.months, "month"), (self.weeks, "week"), (self.days, "day")]
        return " ".join(f"{n} {u}{'s' if n != 1 else ''}" for n, u in units if n)


class Basis(StrictModel):
    ref: str
    note: str
    sources: list[str] = Field(min_length=1)


class ArchiveStage(StrictModel):
    after: Term
    note: str | None = None


class RetentionClass(StrictModel):
    category: str
    basis: list[Basis] = Field(min_length=1)
    term: Term
    counted_from: Anchor
    trigger: str
    action: Action
    approval: Literal["required", "auto"]
    archive: ArchiveStage | None = None

    @model_validator(mode="after")
    def _archive_before_term(self) -> "RetentionClass":
        if self.archive and self.archive.after.approx_days() >= self.term.approx_days():
            raise ValueError("archive stage must start before the term ends")
        return self


class Fallback(StrictModel):
    """What a record's term counts from when its trigger never happens (a contact form never marked handled, an
    application procedure never closed): without it such a record would stay forever, unseen. Its own basis,
    because it is a policy choice, not the statute's event."""

    column: str
    term: Term | None = None  # default: the class's term
    counted_from: Anchor | None = None  # default: the class's anchor
    basis: Basis


class Trigger(StrictModel):
    """Where a record's term counts from: ``column`` (of the record, or ``of`` a related record joined on its
    key), or ``latest``: the newest value among the subject's records of other entities (``entity.column``,
    records that carry this entity's key), so a field that serves those records lasts as long as the newest of
    them; ``fallback`` when none of these has a value."""

    column: str | None = None
    of: str | None = None  # read the column from this related entity, joined on its key
    latest: list[str] | None = None
    fallback: Fallback | None = None

    @model_validator(mode="after")
    def _one_source(self) -> "Trigger":
        if (self.column is None) == (self.latest is None):
            raise ValueError("a trigger has either `column` or `latest`")
        if self.latest is not None and (self.of is not None or not self.latest):
            raise ValueError("`latest` lists entity.column pairs and cannot be combined with `of`")
        return self

    def latest_columns(self) -> list[tuple[str, str]]:
        """``latest`` as (entity, column) pairs."""
        return [tuple(item.split(".", 1)) for item in self.latest or []]  # type: ignore[misc]


class TriggerCheck(StrictModel):
    """A vendor stamp a term counts from, checked against the records it summarises: the term counts from the
    newest of the stamp and these records' dates (a stamp the vendor forgot to move must not shorten a
    statutory term), and the records where they disagree are counted per source."""

    column: str  # entity.column: the stamp
    not_before: list[str] = Field(min_length=1)  # entity.column of records carrying the stamp's entity key
    basis: Basis


class MappingRule(StrictModel):
    class_: str = Field(alias="class")
    trigger: Trigger
    when: dict[str, ConditionValue] | None = None
    fields: list[str] | None = None  # field rule: these fields are emptied at the class's expiry
    anonymise: list[str] | None = None  # anonymise action: these fields are replaced by a keyed hash

    @property
    def is_field_rule(self) -> bool:
        """Empties some fields at the class's expiry while the record stays (else: the record's own rule)."""
        return self.fields is not None


class AutomaticHold(StrictModel):
    entity: str
    when: dict[str, ConditionValue]
    scope: Literal["person", "record"]
    reason: HoldReason
    note: str


class CopyRule(StrictModel):
    """A retention rule for a copy the pipeline makes outside the staging (issue 12, kind 8), planned, approved,
    removed and certified as a class of its own (``transforms.retention.copies``):

    - ``research_releases``: published research releases kept as history (``<data_root>/research/<dataset>/
      releases/<version>``) go when they are older than the newest ``keep_newest`` releases of their dataset or
      older than ``term`` (counted from the release's version, its publication moment); the ``current``
      release never goes;
    - ``quarantine``: a quarantine partition (``<data_root>/quarantine/<source>/<entity>/run=<key>``: raw rows
      no term could be computed for) goes when the shortest class of its entity has run from the quarantine
      date (counted with that class's anchor: a row is never younger than the extraction that found it, so this
      never ends before the row's own term would)."""

    category: str
    basis: list[Basis] = Field(min_length=1)
    copy_of: Literal["research_releases", "quarantine"]
    action: Literal["destroy"] = "destroy"
    approval: Literal["required", "auto"]
    keep_newest: int | None = Field(default=None, ge=1)
    term: Term | None = None
    follows: Literal["shortest_class"] | None = None

    @model_validator(mode="after")
    def _rule(self) -> "CopyRule":
        if self.copy_of == "research_releases" and self.keep_newest is None and self.term is None:
            raise ValueError("research releases need `keep_newest`, `term` or both")
        if self.copy_of == "quarantine" and self.follows != "shortest_class":
            raise ValueError("quarantine follows the shortest class of its entity: `follows: shortest_class`")
        return self

    def term_text(self) -> str:
        """The rule as a certificate states it."""
        if self.copy_of == "quarantine":
            return "the shortest class of its entity, from the quarantine date"
        parts = ([f"newest {self.keep_newest} kept"] if self.keep_newest else []) + (
            [f"at most {self.term}"] if self.term else []
        )
        return ", ".join(parts) + " (the current release always stays)"


class PipelineFileRule(StrictModel):
    """A kind of file the pipeline itself writes that holds personal data outside the canonical model (a
    subject request's package): its class; enforced by ``transforms.retention.files``."""

    class_: str = Field(alias="class")
    note: str


class RetentionPolicy(StrictModel):
    version: int
    timezone: Literal["Europe/Amsterdam"]
    classes: dict[str, RetentionClass]
    entities: dict[str, list[MappingRule]]
    not_personal_data: dict[str, str] = {}
    automatic_holds: list[AutomaticHold] = []
    subjects: dict[str, str] = {}
    trigger_checks: list[TriggerCheck] = []
    copies: dict[str, CopyRule] = {}
    pipeline_files: dict[str, PipelineFileRule] = {}
    # Filled by the loader, not by the file:
    content_hash: str = ""
    path: str = ""

    @field_validator("entities")
    @classmethod
    def _non_empty(cls, value: dict[str, list[MappingRule]]) -> dict[str, list[MappingRule]]:
        for name, rules in value.items():
            if not rules:
                raise ValueError(f"entity {name!r} has no rules")
        return value

    @property
    def short_version(self) -> str:
        """The policy version as shown to people (first 12 hex digits)."""
        return self.content_hash[:12]

    def retention_class(self, name: str) -> RetentionClass:
        """The class by name; ``ConfigError`` naming the known ones if there is none."""
        try:
            return self.classes[name]
        except KeyError:
            raise ConfigError(f"unknown retention class {name!r}; known: {', '.join(self.classes)}") from None

    def class_ids(self) -> list[str]:
        """Every class a plan counts: the record classes and the copy classes (``copies``)."""
        return sorted([*self.classes, *self.copies])

    def row_rules(self, entity: str) -> list[MappingRule]:
        """The rules that give this entity's records their class (not field rules)."""
        return [r for r in self.entities.get(entity, []) if not r.is_field_rule]

    def field_rules(self, entity: str) -> list[MappingRule]:
        """The rules that empty some of this entity's fields earlier than the record goes."""
        return [r for r in self.entities.get(entity, []) if r.is_field_rule]

    def subject_column(self, entity: str, model: CanonicalModel) -> tuple[str, str] | None:
        """(subject kind, column) a person-scoped hold is matched on for this entity's records, if any."""
        kind = model.entity(entity).subject
        subject_entity = self.subjects.get(kind or "")
        if not subject_entity:
            return None
        key = model.entity(subject_entity).key
        return (kind, key) if key in model.entity(entity).columns else None


def content_hash(data: Any) -> str:
    """SHA-256 of the canonical JSON of parsed YAML: layout and comments do not change it, values do."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_condition(where: str, entity, when: dict[str, ConditionValue], problems: list[str]) -> None:
    for column, value in when.items():
        if column not in entity.columns:
            problems.append(f"{where}: condition on unknown column {column!r}")
        elif (
            isinstance(value, str)
            and value != "not_null"
            and entity.columns[column].values is not None
            and value not in entity.columns[column].values
        ):
            problems.append(f"{where}: {column!r} never has the value {value!r}")
        elif isinstance(value, list) and entity.columns[column].values is not None:
            unknown = [v for v in value if v not in entity.columns[column].values]
            if unknown:
                problems.append(f"{where}: {column!r} never has the value(s) {unknown!r}")


def _check_trigger_column(
    where: str, entity, label: str, name: str, class_id: str, anchor: Anchor, problems: list[str]
) -> None:
    """A term may only count from a date the canonical model flags as a retention date."""
    column = entity.columns.get(name)
    if column is None:
        problems.append(f"{where}: trigger column {label!r} is not in the canonical model")
    elif not column.retention:
        problems.append(f"{where}: trigger column {label!r} is not flagged `retention: true` in the model")
    elif column.type not in ("date", "datetime", "integer"):
        problems.append(f"{where}: trigger column {label!r} is {column.type}, not a date")
    elif column.type == "integer" and anchor == "event":
        problems.append(f"{where}: trigger column {label!r} is a year; class {class_id!r} counts from an event date")


def _check_trigger_checks(policy: RetentionPolicy, model: CanonicalModel, problems: list[str]) -> None:
    for i, check in enumerate(policy.trigger_checks):
        where = f"trigger_checks[{i}]"
        name, _, column = check.column.partition(".")
        entity = model.entities.get(name)
        if entity is None or column not in entity.columns or not entity.columns[column].retention:
            problems.append(f"{where}: {check.column!r} is not a retention date of the canonical model")
            continue
        for item in check.not_before:
            other_name, _, other_column = item.partition(".")
            other = model.entities.get(other_name)
            if other is None or other_column not in other.columns:
                problems.append(f"{where}: {item!r} is not a column of the canonical model")
            elif entity.key not in other.columns:
                problems.append(f"{where}: {other_name!r} has no column {entity.key!r} pointing at {name!r}")
            elif other.columns[other_column].type not in ("date", "datetime"):
                problems.append(f"{where}: {item!r} is not a date")


HOLD_ENTITY = CrossReference("entity", "automatic_holds[{i}]", "{where}: unknown entity {name!r}")


def check_against_model(policy: RetentionPolicy, model: CanonicalModel) -> list[str]:
    """Every reason the policy cannot be applied to the canonical model (empty list: it can)."""
    problems: list[str] = []
    for name in model.entities:
        if name not in policy.entities and name not in policy.not_personal_data:
            problems.append(
                f"entities: canonical entity {name!r} is mapped to no retention class "
                "(map it, or list it under not_personal_data with a reason)"
            )
    for name in list(policy.entities) + list(policy.not_personal_data):
        if name not in model.entities:
            problems.append(f"entities: {name!r} is not a canonical entity")
    for kind, subject_entity in policy.subjects.items():
        if kind not in model.subject_kinds:
            problems.append(f"subjects: unknown subject kind {kind!r}")
        if subject_entity not in model.entities:
            problems.append(f"subjects.{kind}: unknown entity {subject_entity!r}")
    used: set[str] = set()
    for name, rules in policy.entities.items():
        if name not in model.entities:
            continue
        entity = model.entities[name]
        row_rules = [r for r in rules if not r.is_field_rule]
        if not row_rules:
            problems.append(f"entities.{name}: no rule gives its records a class")
        elif row_rules[-1].when is not None:
            problems.append(
                f"entities.{name}: the last record rule has a condition, so some records could get "
                "no class (end with a rule without `when`)"
            )
        for i, rule in enumerate(rules):
            where = f"entities.{name}[{i}]"
            cls = known(policy.classes, rule.class_, problems, f"{where}: unknown retention class {rule.class_!r}")
            if cls is None:
                continue
            used.add(rule.class_)
            # The trigger: a retention date of this entity or of a related one joined on its key.
            source = entity
            if rule.trigger.of is not None:
                of = rule.trigger.of
                related = known(model.entities, of, problems, f"{where}: trigger of unknown entity {of!r}")
                if related is None:
                    continue
                if related.key not in entity.columns:
                    problems.append(f"{where}: {name!r} has no column {related.key!r} to reach {rule.trigger.of!r}")
                    continue
                source = related
            if rule.trigger.column is not None:
                _check_trigger_column(
                    where,
                    source,
                    f"{rule.trigger.of or name}.{rule.trigger.column}",
                    rule.trigger.column,
                    rule.class_,
                    cls.counted_from,
                    problems,
                )
            kinds = set()
            for other_name, other_column in rule.trigger.latest_columns():
                label = f"{other_name}.{other_column}"
                other = known(
                    model.entities, other_name, problems, f"{where}: `latest` names unknown entity {other_name!r}"
                )
                if other is None:
                    continue
                if entity.key not in other.columns:
                    problems.append(f"{where}: {other_name!r} has no column {entity.key!r} pointing at {name!r}")
                    continue
                _check_trigger_column(where, other, label, other_column, rule.class_, cls.counted_from, problems)
                if other_column in other.columns:
                    kinds.add("year" if other.columns[other_column].type == "integer" else "date")
                # Archived records of these entities are found by their term end, not their date: that is the
                # same as this rule's only when their class counts the same way.
                for other_rule in policy.entities.get(other_name, []):
                    other_cls = policy.classes.get(other_rule.class_)
                    if (
                        other_cls is not None
                        and not other_rule.is_field_rule
                        and (other_cls.term != cls.term or other_cls.counted_from != cls.counted_from)
                    ):
                        problems.append(
                            f"{where}: `latest` record {label!r} is in class {other_rule.class_!r}, "
                            f"which counts differently from {rule.class_!r}; their archived copies "
                            "could not be compared"
                        )
            if len(kinds) > 1:
                problems.append(f"{where}: `latest` mixes years and dates; they cannot be compared")
            if rule.trigger.fallback is not None:
                fallback = rule.trigger.fallback
                _check_trigger_column(
                    where + ".fallback",
                    entity,
                    f"{name}.{fallback.column}",
                    fallback.column,
                    rule.class_,
                    fallback.counted_from or cls.counted_from,
                    problems,
                )
            if rule.when is not None:
                if rule.is_field_rule:
                    problems.append(f"{where}: a field rule cannot have a condition")
                _check_condition(where, entity, rule.when, problems)
            # What happens at expiry must be possible on this entity.
            if rule.is_field_rule:
                for f in rule.fields or []:
                    col = entity.columns.get(f)
                    if col is None:
                        problems.append(f"{where}: field {f!r} is not a column of {name!r}")
                    elif f == entity.key or col.required or not col.nullable:
                        problems.append(f"{where}: field {f!r} cannot be emptied (key, required or not nullable)")
                if not rule.fields:
                    problems.append(f"{where}: empty field list")
            elif cls.action == "minimise":
                problems.append(f"{where}: class {rule.class_!r} minimises fields; list them under `fields`")
            if cls.action == "anonymise" and not rule.is_field_rule:
                if not rule.anonymise:
                    problems.append(f"{where}: class {rule.class_!r} anonymises; list the fields under `anonymise`")
                for f in rule.anonymise or []:
                    if f not in entity.columns or f == entity.key:
                        problems.append(f"{where}: cannot anonymise {f!r}")
            elif rule.anonymise:
                problems.append(f"{where}: `anonymise` only applies to classes whose action is anonymise")
    _check_trigger_checks(policy, model, problems)
    for name in policy.copies:
        if name in policy.classes:
            problems.append(f"copies.{name}: also a record class; a copy class needs its own name")
    if len([r for r in policy.copies.values() if r.copy_of == "quarantine"]) > 1:
        problems.append("copies: more than one rule for the quarantine")
    if len([r for r in policy.copies.values() if r.copy_of == "research_releases"]) > 1:
        problems.append("copies: more than one rule for the research releases")
    for kind, rule in policy.pipeline_files.items():
        if rule.class_ not in policy.classes:
            problems.append(f"pipeline_files.{kind}: unknown class {rule.class_!r}")
        used.add(rule.class_)
    for name in policy.classes:
        if name not in used:
            problems.append(f"classes.{name}: no entity is mapped to it")
    for where, hold, entity in HOLD_ENTITY.each_known(policy.automatic_holds, model.entities, problems):
        _check_condition(where, entity, hold.when, problems)
        if (
            hold.scope == "person"
            and hold.entity in policy.entities
            and policy.subject_column(hold.entity, model) is None
        ):
            problems.append(f"{where}: {hold.entity!r} records carry no subject key, so it cannot hold a person")
    return problems


def load_policy(path: Path | str | None = None, model: CanonicalModel | None = None) -> RetentionPolicy:
    """Load, validate and version the retention policy. Raises ``ConfigError`` listing every problem."""
    path = Path(path or settings.config_dir() / "retention_policy.yml").resolve()
    data = read_yaml(path)
    policy = validate_config(RetentionPolicy, data, path)
    raise_problems(path, check_against_model(policy, model or load_model()), "the retention policy cannot be applied: ")
    return policy.model_copy(update={"content_hash": content_hash(data), "path": str(path)})
