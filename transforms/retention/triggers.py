"""Where each record's term counts from, when that is more than one column of the record itself.

Plan, archive, dispose and the quality gate must count every term the same way, so they all get the trigger
values from here (``Triggers``), then hand them to ``expiry.assign`` / ``expiry.assign_fields``:

- ``of``: the column of a related record (a treatment counts from its patient's last clinical change);
- ``latest``: the newest value among the subject's records of other entities (contact details last as long as
  the newest invoice, claim or payment of the patient), **archived ones included** (they left the staging, not
  the term: their term end is read from the archive register);
- ``trigger_checks``: a vendor stamp checked against the records it summarises (the patient's
  ``last_clinical_change_at`` against the newest note, treatment and image). A stamp older than an entry of
  the file would destroy the file before its WGBO term ends, so the term counts from the newest of them, and
  how many stamps were too old is counted per source (``corrected``), for the plan, certificate and overview;
- ``fallback``: a rule's own column it counts from when the trigger never happens (``expiry.rule_ends``).

Aggregates are computed inside DuckDB (one row per subject), the stamp corrections once per run. No personal
data leaves this module: counts per source only.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from transforms.kernel.canonical import CanonicalModel
from transforms.register.schema import ARCHIVE_RECORDS
from transforms.retention import hashing
from transforms.retention.expiry import archived_end_column, latest_name
from transforms.retention.policy import MappingRule, RetentionPolicy
from transforms.retention.staged import newest_per, read_staged


class Triggers:
    """The trigger values of one run (one set of sources and one staging), computed once and reused."""

    def __init__(
        self,
        policy: RetentionPolicy,
        model: CanonicalModel,
        sources: Iterable[str],
        data_root: Path | None,
        *,
        engine: Engine | None = None,
        key: bytes | None = None,
    ):
        self.policy, self.model, self.sources, self.data_root = policy, model, list(sources), data_root
        self.engine, self.key = engine, key
        self.key_of = {name: e.key for name, e in model.entities.items()}
        self._floors: dict[tuple[str, str], pd.DataFrame] = {}  # (entity, column) -> newest entry per key
        self._parents: dict[tuple[str, str], pd.DataFrame] = {}  # (entity, column) -> corrected parent frame
        self._latest: dict[str, pd.DataFrame] = {}
        self._archived: dict[str, dict[str, object]] = {}
        # stamp -> source -> records whose stamp was older than an entry of theirs (counted once per record)
        self.corrected: dict[str, dict[str, int]] = {}

    # --- what the rules read ------------------------------------------------------------------------------

    def columns(self, entity: str) -> set[str]:
        """The entity's own columns its rules need (trigger, fallback, conditions, keys of related records)."""
        out: set[str] = set()
        for rule in self.policy.entities.get(entity, []):
            if rule.trigger.column is not None and rule.trigger.of is None:
                out.add(rule.trigger.column)
            if rule.trigger.of is not None:
                out.add(self.key_of[rule.trigger.of])
            if rule.trigger.fallback is not None:
                out.add(rule.trigger.fallback.column)
            out |= set(rule.when or {})
        return out

    def related(self, entity: str, rules: Iterable[MappingRule] | None = None) -> dict[str, pd.DataFrame]:
        """The ``related`` frames ``expiry.assign`` needs for these rules (default: all of the entity's)."""
        out: dict[str, pd.DataFrame] = {}
        for rule in self.policy.entities.get(entity, []) if rules is None else rules:
            if rule.trigger.of is not None:
                out[rule.trigger.of] = self._parent(rule.trigger.of, rule.trigger.column)
            if rule.trigger.latest is not None:
                out[latest_name(rule)] = self._newest(entity, rule)
        return out

    def prepare(self, entity: str, frame: pd.DataFrame, hashed: pd.Series | None = None) -> pd.DataFrame:
        """A copy of ``frame`` to compute terms on: checked stamps corrected, and for ``latest`` triggers the
        newest archived record's term end (``expiry.archived_end_column``). ``hashed``: the rows' keyed ids if
        the caller has them (else computed). Never write this frame anywhere: it is not the record."""
        out = frame.copy(deep=False)
        for check in self.policy.trigger_checks:
            name, _, column = check.column.partition(".")
            if name == entity and column in out.columns:
                out[column] = self._corrected_values(name, column, out)
        for rule in self.policy.entities.get(entity, []):
            if rule.trigger.latest is None or self.engine is None:
                continue
            archived = self._archived_ends(rule)
            if not archived:
                out[archived_end_column(rule)] = None
                continue
            if hashed is None:
                hashed = pd.Series(
                    hashing.hash_ids(
                        self.key or hashing.hash_key(),
                        out["source_system"],
                        entity,
                        out[self.key_of[entity]].astype(str),
                    ),
                    index=out.index,
                )
            out[archived_end_column(rule)] = hashed.map(archived).astype("object")
        return out

    # --- stamps -------------------------------------------------------------------------------------------

    def _floor(self, entity: str, column: str) -> pd.DataFrame:
        """source_system, key, value: the newest entry per record of every ``not_before`` entity of the stamp."""
        if (entity, column) not in self._floors:
            key = self.key_of[entity]
            parts = []
            for check in self.policy.trigger_checks:
                if check.column != f"{entity}.{column}":
                    continue
                for item in check.not_before:
                    child, _, child_column = item.partition(".")
                    newest = newest_per(child, self.key_of[child], key, child_column, self.sources, self.data_root)
                    if len(newest):
                        newest["value"] = pd.to_datetime(newest["value"])
                        parts.append(newest)
            if parts:
                both = pd.concat(parts, ignore_index=True)
                both[key] = both[key].astype(str)
                floor = both.groupby(["source_system", key], as_index=False)["value"].max()
            else:
                floor = pd.DataFrame(columns=["source_system", key, "value"])
            self._floors[(entity, column)] = floor
        return self._floors[(entity, column)]

    def _corrected_values(self, entity: str, column: str, frame: pd.DataFrame) -> pd.Series:
        floor = self._floor(entity, column)
        stamp = pd.to_datetime(frame[column])
        if floor.empty:
            return stamp
        key = self.key_of[entity]
        joined = frame[["source_system", key]].astype({key: str}).merge(floor, on=["source_system", key], how="left")
        newest = pd.Series(pd.to_datetime(joined["value"]).to_numpy(), index=frame.index)
        # Compared as calendar days: an entry later the same day does not change when the term ends.
        later = newest.notna() & (stamp.isna() | (newest.dt.normalize() > stamp.dt.normalize()))
        return stamp.where(~later, newest)

    def count_corrected(self, entity: str) -> dict[str, dict[str, int]]:
        """For each checked stamp of ``entity``: source -> records whose stamp is older than an entry of theirs
        (read from the staging: what the plan reports)."""
        out = {}
        for check in self.policy.trigger_checks:
            name, _, column = check.column.partition(".")
            if name != entity:
                continue
            frame = read_staged(name, self.key_of[name], [column], self.sources, self.data_root)
            corrected = self._corrected_values(name, column, frame)
            changed = corrected.notna() & (
                pd.to_datetime(frame[column]).isna() | (corrected != pd.to_datetime(frame[column]))
            )
            out[check.column] = {str(s): int(n) for s, n in frame.loc[changed, "source_system"].value_counts().items()}
        self.corrected.update(out)
        return out

    def _parent(self, entity: str, column: str) -> pd.DataFrame:
        """A parent's key and trigger column, its stamp corrected when the policy checks it."""
        if (entity, column) not in self._parents:
            frame = read_staged(entity, self.key_of[entity], [column], self.sources, self.data_root)
            if any(c.column == f"{entity}.{column}" for c in self.policy.trigger_checks):
                frame = frame.copy()
                frame[column] = self._corrected_values(entity, column, frame)
            self._parents[(entity, column)] = frame
        return self._parents[(entity, column)]

    # --- latest -------------------------------------------------------------------------------------------

    def _newest(self, entity: str, rule: MappingRule) -> pd.DataFrame:
        """source_system, the entity's key, value: the newest value of the subject's records the rule lists."""
        name = latest_name(rule)
        if name not in self._latest:
            key = self.key_of[entity]
            parts = []
            for other, column in rule.trigger.latest_columns():
                newest = newest_per(other, self.key_of[other], key, column, self.sources, self.data_root)
                if len(newest):
                    parts.append(newest)
            if parts:
                both = pd.concat(parts, ignore_index=True)
                both[key] = both[key].astype(str)
                newest = both.groupby(["source_system", key], as_index=False)["value"].max()
                if pd.api.types.is_numeric_dtype(newest["value"]):  # years: whole numbers, missing as NA
                    newest["value"] = newest["value"].astype("Int64")
            else:
                newest = pd.DataFrame(
                    {
                        "source_system": pd.Series(dtype="object"),
                        key: pd.Series(dtype="object"),
                        "value": pd.Series(dtype="Int64"),
                    }
                )
            self._latest[name] = newest
        return self._latest[name]

    def _archived_ends(self, rule: MappingRule) -> dict[str, object]:
        """subject hash -> the newest term end of the subject's archived records of the rule's ``latest``
        entities (their class counts like the rule's, checked by the loader)."""
        name = latest_name(rule)
        if name not in self._archived:
            entities = [e for e, _ in rule.trigger.latest_columns()]
            ends: dict[str, object] = {}
            with self.engine.connect() as conn:
                if self.engine.dialect.has_table(conn, ARCHIVE_RECORDS.name):
                    records = ARCHIVE_RECORDS.c
                    ends = dict(
                        conn.execute(
                            select(records.subject_hash, func.max(records.term_ends_on))
                            .where(records.entity.in_(entities))
                            .group_by(records.subject_hash)
                        ).all()
                    )
            self._archived[name] = ends
        return self._archived[name]
