"""Legal holds in the privacy register. A hold always wins over deletion.

Scopes:
- ``person``: every record of one data subject in one source (``subject_kind`` + ``subject_key``), optionally
  only in one retention class;
- ``record``: one record (``entity`` + ``record_key``) in one source;
- ``category``: a whole retention class, optionally only in one source.

Holds are never deleted: lifting sets ``lifted_at``/``lifted_by``, so the register shows who held what, when
and why. Besides these, the policy's automatic holds (open complaint, camera incident, labour dispute) are
derived from the data at every plan (``transforms.retention.plan``). Later steps (dispose) re-check holds
inside the same transaction as the delete, with ``active_holds(connection)``.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine

from transforms import register
from transforms.register.schema import HOLDS
from transforms.retention.policy import HoldReason, RetentionPolicy
from transforms.sources.model import CanonicalModel

SCOPES = ("person", "record", "category")
REASONS: tuple[str, ...] = HoldReason.__args__  # complaint, dispute, incident, claim, restriction_request, care


class HoldError(ValueError):
    """A hold request is incomplete or refers to something that does not exist (message has no personal data)."""


@dataclass(frozen=True)
class Hold:
    hold_id: str
    scope: str
    reason: str
    source_system: str | None
    subject_kind: str | None
    subject_key: str | None
    entity: str | None
    record_key: str | None
    class_id: str | None
    reference: str | None
    placed_by: str
    placed_at: dt.datetime
    lifted_by: str | None
    lifted_at: dt.datetime | None


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise HoldError("give times with a timezone")
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None)


def place_hold(engine: Engine, *, scope: str, reason: str, placed_by: str, placed_at: dt.datetime,
               source_system: str | None = None, subject_kind: str | None = None, subject_key: str | None = None,
               entity: str | None = None, record_key: str | None = None, class_id: str | None = None,
               reference: str | None = None, policy: RetentionPolicy | None = None,
               model: CanonicalModel | None = None) -> str:
    """Place a legal hold and return its id. Checks the scope's fields (and names, given policy/model)."""
    if scope not in SCOPES:
        raise HoldError(f"scope must be one of {', '.join(SCOPES)}")
    if reason not in REASONS:
        raise HoldError(f"reason must be one of {', '.join(REASONS)}")
    if not placed_by or not placed_by.strip():
        raise HoldError("say who places the hold (placed_by)")
    needed = {"person": {"source_system": source_system, "subject_kind": subject_kind, "subject_key": subject_key},
              "record": {"source_system": source_system, "entity": entity, "record_key": record_key},
              "category": {"class_id": class_id}}[scope]
    missing = [name for name, value in needed.items() if not value]
    if missing:
        raise HoldError(f"a {scope} hold needs {', '.join(missing)}")
    if policy is not None:
        if class_id is not None and class_id not in policy.classes:
            raise HoldError(f"unknown retention class {class_id!r}")
        if subject_kind is not None and subject_kind not in policy.subjects:
            raise HoldError(f"unknown subject kind {subject_kind!r}; known: {', '.join(policy.subjects)}")
        if entity is not None and entity not in policy.entities:
            raise HoldError(f"{entity!r} is not an entity with a retention class")
    if model is not None and entity is not None and entity not in model.entities:
        raise HoldError(f"unknown canonical entity {entity!r}")
    hold_id = uuid.uuid4().hex
    register.ensure_tables(engine, HOLDS)
    with engine.begin() as conn:
        conn.execute(HOLDS.insert().values(
            hold_id=hold_id, scope=scope, reason=reason, source_system=source_system,
            subject_kind=subject_kind if scope == "person" else None,
            subject_key=str(subject_key) if scope == "person" else None,
            entity=entity if scope == "record" else None,
            record_key=str(record_key) if scope == "record" else None,
            class_id=class_id, reference=reference, placed_by=placed_by.strip(), placed_at=_utc_naive(placed_at)))
    return hold_id


def lift_hold(engine: Engine, hold_id: str, *, lifted_by: str, lifted_at: dt.datetime) -> None:
    """Lift an active hold (the row stays, with who lifted it and when)."""
    if not lifted_by or not lifted_by.strip():
        raise HoldError("say who lifts the hold (lifted_by)")
    register.ensure_tables(engine, HOLDS)
    with engine.begin() as conn:
        row = conn.execute(select(HOLDS.c.lifted_at).where(HOLDS.c.hold_id == hold_id)).first()
        if row is None:
            raise HoldError(f"no hold {hold_id}")
        if row.lifted_at is not None:
            raise HoldError(f"hold {hold_id} was already lifted")
        conn.execute(update(HOLDS).where(HOLDS.c.hold_id == hold_id, HOLDS.c.lifted_at.is_(None))
                     .values(lifted_by=lifted_by.strip(), lifted_at=_utc_naive(lifted_at)))


def list_holds(engine: Engine, *, include_lifted: bool = False) -> list[Hold]:
    register.ensure_tables(engine, HOLDS)
    query = select(HOLDS).order_by(HOLDS.c.placed_at, HOLDS.c.hold_id)
    if not include_lifted:
        query = query.where(HOLDS.c.lifted_at.is_(None))
    with engine.connect() as conn:
        return [Hold(**row._mapping) for row in conn.execute(query)]


def active_holds(conn: Connection) -> list[Hold]:
    """The holds in force, read on the caller's connection (so a delete can check in its own transaction)."""
    rows = conn.execute(select(HOLDS).where(HOLDS.c.lifted_at.is_(None)))
    return [Hold(**row._mapping) for row in rows]


@dataclass
class HoldIndex:
    """Active holds as lookup sets, for matching many records at once."""
    persons: dict[tuple[str, str, str], set[str | None]]   # (source, kind, key) -> classes (None: all)
    records: set[tuple[str, str, str]]                     # (source, entity, key)
    categories: dict[str, set[str | None]]                 # class -> sources (None: all)

    @classmethod
    def build(cls, holds: list[Hold]) -> "HoldIndex":
        index = cls({}, set(), {})
        for h in holds:
            if h.scope == "person":
                index.add_person(h.source_system, h.subject_kind, h.subject_key, h.class_id)
            elif h.scope == "record":
                index.records.add((h.source_system, h.entity, h.record_key))
            elif h.scope == "category":
                index.categories.setdefault(h.class_id, set()).add(h.source_system)
        return index

    def add_person(self, source: str, kind: str, key: str, class_id: str | None = None) -> None:
        self.persons.setdefault((source, kind, str(key)), set()).add(class_id)

    def person_held(self, source: str, kind: str, key: object, class_id: str) -> bool:
        classes = self.persons.get((source, kind, str(key)))
        return bool(classes) and (None in classes or class_id in classes)

    def category_held(self, class_id: str, source: str) -> bool:
        sources = self.categories.get(class_id)
        return bool(sources) and (None in sources or source in sources)
