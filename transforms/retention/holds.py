"""Legal holds in the privacy register. A hold always wins over deletion.

Scopes:
- ``person``: every record of one data subject in one source (``subject_kind`` + ``subject_key``), optionally
  only in one retention class;
- ``record``: one record (``entity`` + ``record_key``) in one source;
- ``category``: a whole retention class, optionally only in one source.

Holds are never deleted: lifting sets ``lifted_at``/``lifted_by``, so the register shows who held what, when
and why. Besides these, the policy's automatic holds (open complaint, camera incident, labour dispute) are
derived from the staged data by ``build_hold_index`` at every step that acts (plan, archive, dispose, the
gate, archive expiry); ``held_mask`` matches a frame of records against the index. Dispose re-checks the
register's holds inside the same transaction as the delete, under ``hold_guard`` (no hold can be placed or
lifted meanwhile), with ``active_holds(connection)``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine

from transforms import register
from transforms.kernel.canonical import CanonicalModel
from transforms.kernel.timeutil import utc_naive
from transforms.register.schema import DISPOSE_JOURNAL, HOLDS
from transforms.retention.expiry import matches
from transforms.retention.policy import HoldReason, RetentionPolicy
from transforms.retention.staged import read_staged

SCOPES = ("person", "record", "category")
REASONS: tuple[str, ...] = HoldReason.__args__  # complaint, dispute, incident, claim, restriction_request, care


class HoldError(ValueError):
    """A hold request is incomplete or refers to something that does not exist (message has no personal data)."""


@dataclass(frozen=True)
class Hold:
    """One row of ``retention_hold`` (see the module docstring for the scopes)."""

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
    return utc_naive(moment, error=HoldError)


def place_hold(
    engine: Engine,
    *,
    scope: str,
    reason: str,
    placed_by: str,
    placed_at: dt.datetime,
    source_system: str | None = None,
    subject_kind: str | None = None,
    subject_key: str | None = None,
    entity: str | None = None,
    record_key: str | None = None,
    class_id: str | None = None,
    reference: str | None = None,
    policy: RetentionPolicy | None = None,
    model: CanonicalModel | None = None,
) -> str:
    """Place a legal hold and return its id. Checks the scope's fields (and names, given policy/model)."""
    if scope not in SCOPES:
        raise HoldError(f"scope must be one of {', '.join(SCOPES)}")
    if reason not in REASONS:
        raise HoldError(f"reason must be one of {', '.join(REASONS)}")
    if not placed_by or not placed_by.strip():
        raise HoldError("say who places the hold (placed_by)")
    needed = {
        "person": {"source_system": source_system, "subject_kind": subject_kind, "subject_key": subject_key},
        "record": {"source_system": source_system, "entity": entity, "record_key": record_key},
        "category": {"class_id": class_id},
    }[scope]
    missing = [name for name, value in needed.items() if not value]
    if missing:
        raise HoldError(f"a {scope} hold needs {', '.join(missing)}")
    if policy is not None:
        if class_id is not None and class_id not in policy.classes and class_id not in policy.copies:
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
        conn.execute(
            HOLDS.insert().values(
                hold_id=hold_id,
                scope=scope,
                reason=reason,
                source_system=source_system,
                subject_kind=subject_kind if scope == "person" else None,
                subject_key=str(subject_key) if scope == "person" else None,
                entity=entity if scope == "record" else None,
                record_key=str(record_key) if scope == "record" else None,
                class_id=class_id,
                reference=reference,
                placed_by=placed_by.strip(),
                placed_at=_utc_naive(placed_at),
            )
        )
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
        conn.execute(
            update(HOLDS)
            .where(HOLDS.c.hold_id == hold_id, HOLDS.c.lifted_at.is_(None))
            .values(lifted_by=lifted_by.strip(), lifted_at=_utc_naive(lifted_at))
        )


def list_holds(engine: Engine, *, include_lifted: bool = False) -> list[Hold]:
    """Holds in the register, oldest first; lifted ones too with ``include_lifted``."""
    register.ensure_tables(engine, HOLDS)
    query = select(HOLDS).order_by(HOLDS.c.placed_at, HOLDS.c.hold_id)
    if not include_lifted:
        query = query.where(HOLDS.c.lifted_at.is_(None))
    with engine.connect() as conn:
        return [Hold(**row._mapping) for row in conn.execute(query)]


RESTRICTION = "restriction_request"  # the reason of a restriction of processing (GDPR art. 18)


def person_held(engine: Engine, reason: str) -> set[tuple[str, str, str]]:
    """(source, subject kind, key) of everyone under a person hold with ``reason`` now: what a restriction's
    consumers (research releases, reminders, exports) read to leave the person out."""
    return {
        (h.source_system, h.subject_kind, str(h.subject_key))
        for h in list_holds(engine)
        if h.reason == reason and h.scope == "person"
    }


def active_holds(conn: Connection) -> list[Hold]:
    """The holds in force, read on the caller's connection (so a delete can check in its own transaction)."""
    rows = conn.execute(select(HOLDS).where(HOLDS.c.lifted_at.is_(None)))
    return [Hold(**row._mapping) for row in rows]


@dataclass
class HoldIndex:
    """Active holds as lookup sets, for matching many records at once."""

    persons: dict[tuple[str, str, str], set[str | None]]  # (source, kind, key) -> classes (None: all)
    records: set[tuple[str, str, str]]  # (source, entity, key)
    categories: dict[str, set[str | None]]  # class -> sources (None: all)

    @classmethod
    def build(cls, holds: list[Hold]) -> "HoldIndex":
        """The index of these holds (``active_holds``, usually filtered to the sources at hand)."""
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
        """Hold one data subject's records in one source (in ``class_id`` only, or in every class: None)."""
        self.persons.setdefault((source, kind, str(key)), set()).add(class_id)

    def person_held(self, source: str, kind: str, key: object, class_id: str) -> bool:
        """Whether a person hold covers this subject's records of this class in this source."""
        classes = self.persons.get((source, kind, str(key)))
        return bool(classes) and (None in classes or class_id in classes)

    def category_held(self, class_id: str, source: str) -> bool:
        """Whether a category hold covers this class in this source."""
        sources = self.categories.get(class_id)
        return bool(sources) and (None in sources or source in sources)


def build_hold_index(
    policy: RetentionPolicy, model: CanonicalModel, engine: Engine, sources: list[str], data_root: Path | None
) -> tuple[HoldIndex, dict[str, int]]:
    """Every hold in force for these sources: the register's active holds plus the policy's automatic holds
    derived from the staged data (an open complaint holds its patient, a camera clip with an incident is held,
    an employee in dispute is held). Returns the index and the number of automatic holds per reason."""
    register.ensure_tables(engine, HOLDS)
    with engine.connect() as conn:
        index = HoldIndex.build([h for h in active_holds(conn) if h.source_system in (None, *sources)])
    automatic: dict[str, int] = {}
    for hold in policy.automatic_holds:
        entity = model.entity(hold.entity)
        subject = policy.subject_column(hold.entity, model)
        frame = read_staged(
            hold.entity, entity.key, [*hold.when, *([subject[1]] if subject else [])], sources, data_root
        )
        hit = frame[matches(frame, hold.when)]
        if hold.scope == "person":
            hit = hit[hit[subject[1]].notna()]
            for source, key in zip(hit["source_system"], hit[subject[1]]):
                index.add_person(source, subject[0], str(key))
        else:
            for source, key in zip(hit["source_system"], hit[entity.key]):
                index.records.add((source, hold.entity, str(key)))
        automatic[hold.reason] = automatic.get(hold.reason, 0) + len(hit)
    return index, automatic


def held_mask(
    index: HoldIndex, entity: str, frame: pd.DataFrame, key: str, classes: pd.Series, subject: tuple[str, str] | None
) -> pd.Series:
    """Per record of ``frame`` (``source_system``, ``key`` and the subject column): is any hold (record,
    person, category) in force for it in its class (``classes``, aligned with ``frame``)?"""
    if not index.records and not index.persons and not index.categories:
        return pd.Series(False, index=frame.index, dtype=bool)
    sources = frame["source_system"].tolist()
    keys = frame[key].astype(str).tolist()
    subject_keys = frame[subject[1]].tolist() if subject else [None] * len(frame)
    flags = []
    for source, record_key, subject_key, class_id in zip(sources, keys, subject_keys, classes.tolist()):
        flags.append(
            (source, entity, record_key) in index.records
            or index.category_held(class_id, source)
            or (
                subject is not None
                and subject_key is not None
                and not pd.isna(subject_key)
                and index.person_held(source, subject[0], subject_key, class_id)
            )
        )
    return pd.Series(flags, index=frame.index, dtype=bool)


@contextmanager
def hold_guard(engine: Engine) -> Iterator[Connection]:
    """A register transaction during which no hold can be placed or lifted (SQLite ``BEGIN IMMEDIATE``,
    PostgreSQL ``LOCK TABLE retention_hold IN SHARE MODE``, else ``SELECT … FOR SHARE`` on the holds), so a
    check of the holds stays true until the transaction commits. Dispose and the tombstones delete inside it."""
    register.ensure_tables(engine, HOLDS, DISPOSE_JOURNAL)
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        elif conn.dialect.name == "postgresql":
            conn.exec_driver_sql("LOCK TABLE retention_hold IN SHARE MODE")
        else:
            conn.execute(select(HOLDS.c.hold_id).with_for_update(read=True))
        yield conn
