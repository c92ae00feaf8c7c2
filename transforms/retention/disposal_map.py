"""The disposal map: where an entity's records live in a practice system, as far as disposal needs it, and
in which order entities and classes go.

Most entities are "one row of one vendor table", which the source mapping (``config/sources/*.yml``) already
says. Records that are not are described in ``config/retention_disposal.yml`` (Oase's query-mapped patient
with its ``person_contacts`` rows, Exquise's family link stored as a column of the patient row).
``resolve_target`` combines both and **fails closed**: an entity it cannot place safely (query-mapped or a
shared table without a disposal map, a field that is not a plain column) gets a reason instead of a target,
and dispose reports it as blocked rather than guessing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from transforms import settings
from transforms.kernel.canonical import CanonicalModel
from transforms.kernel.config import read_yaml, validate_config
from transforms.kernel.model import StrictModel
from transforms.retention.policy import RetentionPolicy
from transforms.sources.config import EntityMapping, SourceMapping


class DisposeError(RuntimeError):
    """Dispose (or a step that re-queries the live systems) refuses to start (message has no personal data)."""


@dataclass
class Target:
    """Where an entity's records live in one source, as far as disposal needs it."""

    table: str
    key_column: str
    fields: dict[str, str] = field(default_factory=dict)  # canonical field -> vendor column (minimise/anonymise)
    field_rows: dict[str, "FieldRows"] = field(default_factory=dict)  # fields stored as rows of another table
    children: list["ChildRows"] = field(default_factory=list)
    set_null: list[str] = field(default_factory=list)  # destroy = empty these columns of a shared row
    shared_with: list[str] = field(default_factory=list)


class ChildRows(StrictModel):
    """Rows of another table that belong to the record and go with it (``fk`` points at the record's key)."""

    table: str
    fk: str


class FieldRows(StrictModel):
    """A canonical field stored as rows of another table (minimised by deleting those rows)."""

    table: str
    fk: str
    where: dict[str, str] = {}


class DisposalSpec(StrictModel):
    """One entity's entry in ``config/retention_disposal.yml``."""

    table: str
    key: str
    children: list[ChildRows] = []
    shared_with: list[str] = []
    destroy_set_null: list[str] = []
    fields: dict[str, FieldRows] = {}


DisposalMaps = dict[str, dict[str, DisposalSpec]]  # source -> entity -> spec


def load_disposal_maps(path: Path | None = None) -> DisposalMaps:
    """``config/retention_disposal.yml``: source -> entity -> how to dispose of it (absent file: no maps)."""
    path = Path(path or settings.config_dir() / "retention_disposal.yml")
    if not path.exists():
        return {}
    return {
        source: {
            entity: validate_config(DisposalSpec, spec, f"{path}: {source}.{entity}")
            for entity, spec in (entities or {}).items()
        }
        for source, entities in read_yaml(path).items()
    }


def resolve_target(
    source: SourceMapping,
    entity: str,
    key: str,
    fields: Iterable[str] = (),
    whole_rows: bool = True,
    maps: DisposalMaps | None = None,
) -> tuple[Target | None, str | None]:
    """(target, None) when this entity can be disposed of in this source, else (None, reason).

    ``fields``: the canonical fields to minimise or anonymise; ``whole_rows``: the action removes whole rows
    (destroy, unload), so a table shared with another entity needs a disposal map."""
    mapping: EntityMapping | None = source.entities.get(entity)
    if mapping is None:
        return None, "not mapped in this source"
    spec = (load_disposal_maps() if maps is None else maps).get(source.name, {}).get(entity)
    if spec is not None:
        target = Target(
            spec.table,
            spec.key,
            children=list(spec.children),
            set_null=list(spec.destroy_set_null),
            shared_with=list(spec.shared_with),
        )
        for f in fields:
            if f in spec.fields:
                target.field_rows[f] = spec.fields[f]
                continue
            m = mapping.columns.get(f)
            if m is None:
                continue
            if m.column is None:
                return None, f"field {f} is not a plain column"
            target.fields[f] = m.column
        return target, None
    if mapping.table is None:
        return None, "query-mapped entity: needs a disposal map (config/retention_disposal.yml)"
    if whole_rows:
        shared = [e for e, m in source.entities.items() if e != entity and m.table == mapping.table]
        if mapping.where is not None or shared:
            return None, (
                f"table shared with {', '.join(shared) or 'a filter'}: needs a disposal map "
                "(config/retention_disposal.yml)"
            )
    key_map = mapping.columns.get(key)
    if key_map is None or key_map.column is None:
        return None, "key is not a plain column"
    columns = {}
    for f in fields:
        m = mapping.columns.get(f)
        if m is None:
            continue  # the source does not store this field: nothing to empty
        if m.column is None:
            return None, f"field {f} is not a plain column"
        columns[f] = m.column
    return Target(mapping.table, key_map.column, columns), None


def dependants(
    model: CanonicalModel, source: SourceMapping, entity: str
) -> list[tuple[str, EntityMapping, str | None]]:
    """Rows of this source that point at this entity's records: (entity, mapping, vendor column), for every
    column named after its key (``patient_id``) or ending in it (``related_patient_id``)."""
    key = model.entities[entity].key
    out = []
    for name, mapping in source.entities.items():
        if name not in model.entities:
            continue
        for column in model.entities[name].columns:
            if (column == key and name != entity) or column.endswith("_" + key):
                fk = mapping.columns.get(column)
                out.append((name, mapping, fk.column if fk is not None else None))
    return out


def children_first(entities: list[str], model: CanonicalModel) -> list[str]:
    """Order entities so that one carrying another's key comes before it (FK-safe deletion order)."""

    def depth(name: str, seen: frozenset = frozenset()) -> int:
        parents = [
            p for p in entities if p != name and p not in seen and model.entities[p].key in model.entities[name].columns
        ]
        return 1 + max((depth(p, seen | {name}) for p in parents), default=0)

    return sorted(entities, key=lambda e: (-depth(e), e))


def class_order(policy: RetentionPolicy, model: CanonicalModel, classes: Iterable[str]) -> list[str]:
    """Classes whose records point at other classes' records go first (a patient's file after the consent
    records and invoices that refer to it). Only record classes: copy classes are left out."""
    entities = list(policy.entities)
    ranked = children_first(entities, model)
    position = {e: i for i, e in enumerate(ranked)}

    def last(class_id: str) -> int:
        rows = [
            e for e, rules in policy.entities.items() for r in rules if r.class_ == class_id and not r.is_field_rule
        ]
        return max((position[e] for e in rows), default=-1)

    # copy classes (research releases, quarantine) have no records in a source: ``copies`` removes them
    return sorted((c for c in classes if c in policy.classes), key=lambda c: (last(c), c))
