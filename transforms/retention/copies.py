"""Copies outside the staging that outlive their records (issue 12, kind 8): research releases kept as history
and quarantine partitions, each with a retention rule of its own (``copies`` in the policy), planned, approved,
removed, verified, gated and certified like any other class.

```
<data_root>/research/<dataset>/releases/<version>/   a published release (transforms/research/publish.py);
<data_root>/research/<dataset>/current -> releases/<version>        the current one, never removed here
<data_root>/quarantine/<source>/<entity>/run=<key>/  rows the extraction or the source gate quarantined
```

**Items.** One copy is one folder: a release (``hash_id(key, "research_release", dataset, version)``) or a
quarantine partition (``hash_id(key, source, "quarantine.<entity>", run key)``): keyed hashes like every plan
item. Journal entries use ``source_system`` = ``research_release`` / ``quarantine`` and ``entity`` = the
dataset / ``<source>.<entity>``, names no practice system or canonical entity has, so live re-queries, tombstones
and the staging purge never mistake them for records.

**When a copy ends** (``ends_on``: the last day it may stay; None: it has no end yet):

- a release: the earlier of the day before the release that pushed it out of the newest ``keep_newest`` was
  published and its version date + ``term``; the ``current`` release has no end;
- a quarantine partition: the quarantine date (the run key's Amsterdam date) counted with each class of the
  entity (row and field rules; its anchor and term), the earliest of them. A quarantined row is never younger
  than the extraction that found it, so this never ends before the row's own class would.

**Holds.** A category hold on the copy class keeps every copy of it (in its source, for a quarantine). A
quarantine partition is also kept while any hold in force covers one of its rows: a category hold on a class of
its entity in its source, a record hold on a row's key, a person hold on a row's subject (read from the file;
a file without the key or subject column is kept while such holds exist in its source). The partition is the
unit (one extraction window of one entity): its other rows stay with it until the hold is lifted.

**Crash safety** (``remove``, per copy, the same order as ``executor.run_batch``): the intent is journalled
``pending`` and committed; then, inside ``holds.hold_guard`` (no hold placed or lifted meanwhile), the holds are
re-read, the folder renamed to ``.removing-<name>`` beside it (atomic; nobody reads names starting with a dot)
and the intent marked ``done`` in the same register transaction; after the commit the renamed folder is
deleted. ``recover`` handles what a crash leaves: a ``.removing-`` folder whose intent is ``done`` is deleted,
one whose intent is not is renamed back (its transaction rolled back; the holds are checked again). A pending
intent whose folder is gone (removed by other means) is marked ``done``.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from transforms import register, settings
from transforms.audit import chain
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.kernel.timeutil import key_date, utc_naive
from transforms.register.schema import DISPOSE_JOURNAL, HOLDS
from transforms.retention import hashing, holds
from transforms.retention.expiry import add_term, term_ends_on
from transforms.retention.holds import HoldIndex
from transforms.retention.policy import CopyRule, RetentionPolicy, load_policy

log = logging.getLogger(__name__)

RESEARCH_PLACE = "research_release"  # journal source_system of a release
QUARANTINE_PLACE = "quarantine"  # journal source_system of a quarantine partition
PLACES = (RESEARCH_PLACE, QUARANTINE_PLACE)
REMOVING = ".removing-"
AUDIT_KIND = "retention.copies_removed"


@dataclass(frozen=True)
class CopyItem:
    """One copy (a folder) under a copy rule."""

    class_id: str
    place: str  # journal source_system: research_release | quarantine
    name: str  # journal entity: the dataset, or "<source>.<entity>"
    path: Path
    hashed_id: str
    ends_on: dt.date | None  # last day it may stay; None: no end yet (the current release)
    held: bool
    rows: int = 0


@dataclass
class CopyResult:
    """What removing one class's copies of one place and name did (the shape of a dispose result)."""

    class_id: str
    source: str
    entity: str
    action: str = "destroy"
    done: int = 0
    already_done: int = 0
    held: int = 0
    not_due: int = 0
    blocked: int = 0
    reason: str | None = None
    files_deleted: int = 0
    rows: int = field(default=0, repr=False)


# --- where the copies are --------------------------------------------------------------------------------------


def research_root(data_root: Path | None = None) -> Path:
    """``<data_root>/research``: one folder per dataset (layout of ``transforms.research.publish``)."""
    return Path(data_root or settings.data_root()) / "research"


def quarantine_root(data_root: Path | None = None) -> Path:
    """``<data_root>/quarantine`` (layout of ``transforms.kernel.staging.quarantine_dir``)."""
    return Path(data_root or settings.data_root()) / "quarantine"


def _version_date(version: str) -> dt.date | None:
    try:
        return key_date(version)
    except ValueError:
        return None


def _rows(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*.parquet"):
        try:
            total += pq.ParquetFile(path).metadata.num_rows
        except Exception:  # noqa: BLE001 - a count for the certificate; an unreadable file still goes
            continue
    return total


def _category_held(index: HoldIndex, class_id: str, source: str | None) -> bool:
    sources = index.categories.get(class_id)
    return bool(sources) and (None in sources or source is None or source in sources)


def release_items(
    class_id: str, rule: CopyRule, key: bytes, index: HoldIndex, data_root: Path | None
) -> list[CopyItem]:
    """Every published release of every dataset, newest first per dataset, with its end."""
    base = research_root(data_root)
    out: list[CopyItem] = []
    if not base.is_dir():
        return out
    held = _category_held(index, class_id, None)
    for dataset_dir in sorted(p for p in base.iterdir() if p.is_dir()):
        folder = dataset_dir / "releases"
        if not folder.is_dir():
            continue
        link = dataset_dir / "current"
        current = link.resolve() if link.exists() else None
        versions = sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")), reverse=True)
        for i, release in enumerate(versions):
            ends: list[dt.date] = []
            if current is None or release.resolve() != current:
                if rule.keep_newest is not None and i >= rule.keep_newest:
                    pushed_by = _version_date(versions[i - rule.keep_newest].name)
                    if pushed_by is not None:
                        ends.append(pushed_by - dt.timedelta(days=1))
                published = _version_date(release.name)
                if rule.term is not None and published is not None:
                    ends.append(add_term(published, rule.term))
            out.append(
                CopyItem(
                    class_id=class_id,
                    place=RESEARCH_PLACE,
                    name=dataset_dir.name,
                    path=release,
                    hashed_id=hashing.hash_id(key, RESEARCH_PLACE, dataset_dir.name, release.name),
                    ends_on=min(ends) if ends else None,
                    held=held,
                    rows=_rows(release),
                )
            )
    return out


def quarantine_ends(policy: RetentionPolicy, entity: str, day: dt.date) -> dt.date | None:
    """The end of a quarantine partition of ``entity`` made on ``day``: the earliest end among the entity's
    classes counted from that day (None: the entity has no class, so no rule can end it: reported)."""
    ends = [
        term_ends_on(day, policy.classes[r.class_].counted_from, policy.classes[r.class_].term)
        for r in policy.entities.get(entity, [])
        if r.class_ in policy.classes
    ]
    ends = [e for e in ends if e is not None]
    return min(ends) if ends else None


def _partition_held(
    folder: Path,
    source: str,
    entity: str,
    class_id: str,
    policy: RetentionPolicy,
    model: CanonicalModel,
    index: HoldIndex,
) -> bool:
    """Whether any hold in force covers this partition or one of its rows (see the module docstring)."""
    classes = {r.class_ for r in policy.entities.get(entity, [])}
    if _category_held(index, class_id, source) or any(index.category_held(c, source) for c in classes):
        return True
    records = {k for s, e, k in index.records if s == source and e == entity}
    subject = policy.subject_column(entity, model) if entity in model.entities else None
    persons = {
        (k, frozenset(c)) for (s, kind, k), c in index.persons.items() if subject and s == source and kind == subject[0]
    }
    if not records and not persons:
        return False
    key_column = model.entities[entity].key if entity in model.entities else None
    for path in sorted(folder.glob("*.parquet")):
        names = set(pq.ParquetFile(path).schema_arrow.names)
        wanted = [c for c in (key_column, subject[1] if subject else None) if c and c in names]
        if (records and key_column not in names) or (persons and subject and subject[1] not in names):
            return True  # cannot tell whose rows these are while holds exist: fail closed
        frame = pq.read_table(path, columns=wanted).to_pandas()
        if records and frame[key_column].astype(str).isin(records).any():
            return True
        if persons and subject:
            held_subjects = {k for k, c in persons if None in c or classes & set(c)}
            if frame[subject[1]].dropna().astype(str).isin(held_subjects).any():
                return True
    return False


def quarantine_items(
    class_id: str,
    policy: RetentionPolicy,
    model: CanonicalModel,
    key: bytes,
    index: HoldIndex,
    sources: Iterable[str] | None,
    data_root: Path | None,
) -> list[CopyItem]:
    """Every committed quarantine partition of these sources (default: all), with its end."""
    base = quarantine_root(data_root)
    out: list[CopyItem] = []
    if not base.is_dir():
        return out
    names = sorted(sources) if sources is not None else sorted(p.name for p in base.iterdir() if p.is_dir())
    for source in names:
        for entity_dir in sorted(p for p in (base / source).glob("*") if p.is_dir()):
            entity = entity_dir.name
            for run in sorted(p for p in entity_dir.glob("run=*") if p.is_dir() and "." not in p.name):
                run_key = run.name.removeprefix("run=")
                day = _version_date(run_key)
                out.append(
                    CopyItem(
                        class_id=class_id,
                        place=QUARANTINE_PLACE,
                        name=f"{source}.{entity}",
                        path=run,
                        hashed_id=hashing.hash_id(key, source, f"quarantine.{entity}", run_key),
                        ends_on=quarantine_ends(policy, entity, day) if day is not None else None,
                        held=_partition_held(run, source, entity, class_id, policy, model, index),
                        rows=_rows(run),
                    )
                )
    return out


def copy_items(
    policy: RetentionPolicy,
    model: CanonicalModel,
    key: bytes,
    index: HoldIndex,
    *,
    sources: Iterable[str] | None = None,
    data_root: Path | None = None,
    classes: Iterable[str] | None = None,
) -> list[CopyItem]:
    """Every copy under the policy's copy rules (``classes``: only these copy classes)."""
    wanted = set(classes) if classes is not None else set(policy.copies)
    out: list[CopyItem] = []
    for class_id, rule in sorted(policy.copies.items()):
        if class_id not in wanted:
            continue
        if rule.copy_of == "research_releases":
            out += release_items(class_id, rule, key, index, data_root)
        else:
            out += quarantine_items(class_id, policy, model, key, index, sources, data_root)
    return out


def due(item: CopyItem, day: dt.date) -> bool:
    """Past its end as of ``day`` (the day after ``ends_on`` at the earliest), whatever holds say."""
    return item.ends_on is not None and day > item.ends_on


# --- the plan ------------------------------------------------------------------------------------------------


def plan_copies(
    policy: RetentionPolicy,
    model: CanonicalModel,
    key: bytes,
    index: HoldIndex,
    day: dt.date,
    counts: dict,
    items: dict[tuple[str, str, str], list[str]],
    *,
    sources: Iterable[str] | None,
    data_root: Path | None,
) -> None:
    """Add the copy classes to a plan being computed (``plan.compute_plan``): counts per class and name
    (``total``, ``dispose``, ``held``, ``no_trigger``), and the due copies' hashed ids as ``dispose`` items."""
    for item in copy_items(policy, model, key, index, sources=sources, data_root=data_root):
        is_due = due(item, day) and not item.held
        counts[item.class_id].add(
            item.name,
            total=1,
            held=int(item.held),
            no_trigger=int(item.ends_on is None and not item.held),
            dispose=int(is_due),
        )
        if is_due:
            items.setdefault((item.class_id, item.name, "dispose"), []).append(item.hashed_id)


# --- removal -------------------------------------------------------------------------------------------------


def _removing(path: Path) -> Path:
    return path.with_name(REMOVING + path.name)


def _journal(engine: Engine, class_ids: Iterable[str]) -> dict[tuple[str, str], tuple[str, str]]:
    """(class, hashed id) -> (plan, status) of the journal entries of these copy classes."""
    j = DISPOSE_JOURNAL.c
    with engine.connect() as conn:
        return {
            (r.class_id, r.hashed_id): (r.plan_id, r.status)
            for r in conn.execute(
                select(j.class_id, j.hashed_id, j.plan_id, j.status).where(
                    j.class_id.in_(list(class_ids)), j.source_system.in_(PLACES)
                )
            )
        }


def recover(engine: Engine, policy: RetentionPolicy, key: bytes, data_root: Path | None = None) -> int:
    """Finish or undo what a crashed removal left: a ``.removing-`` folder whose intent is done is deleted, one
    whose intent is not is renamed back (checked again by the next removal). Returns folders renamed back."""
    register.ensure_tables(engine, DISPOSE_JOURNAL)
    journal = _journal(engine, policy.copies)
    renamed = 0
    leftovers: list[tuple[Path, str, str]] = []  # (folder, class, hashed id)
    for class_id, rule in policy.copies.items():
        if rule.copy_of == "research_releases":
            for folder in research_root(data_root).glob(f"*/releases/{REMOVING}*"):
                dataset, version = folder.parent.parent.name, folder.name.removeprefix(REMOVING)
                leftovers.append((folder, class_id, hashing.hash_id(key, RESEARCH_PLACE, dataset, version)))
        else:
            for folder in quarantine_root(data_root).glob(f"*/*/{REMOVING}run=*"):
                source, entity = folder.parent.parent.name, folder.parent.name
                run_key = folder.name.removeprefix(REMOVING + "run=")
                leftovers.append((folder, class_id, hashing.hash_id(key, source, f"quarantine.{entity}", run_key)))
    for folder, class_id, hashed_id in leftovers:
        status = journal.get((class_id, hashed_id), (None, None))[1]
        original = folder.with_name(folder.name.removeprefix(REMOVING))
        if status == "done" or original.exists():
            shutil.rmtree(folder, ignore_errors=True)
        else:
            os.replace(folder, original)
            renamed += 1
    return renamed


def _write_intent(engine: Engine, plan_id: str, item: CopyItem, now: dt.datetime, existing) -> None:
    """Journal the removal ``pending`` (own commit). An entry of an earlier plan that never finished (pending,
    or cancelled by a hold since lifted) is taken over by this plan: the journal keeps one entry per copy."""
    moment = utc_naive(now)
    with engine.begin() as conn:
        if existing is None:
            conn.execute(
                DISPOSE_JOURNAL.insert().values(
                    hashed_id=item.hashed_id,
                    class_id=item.class_id,
                    plan_id=plan_id,
                    entity=item.name,
                    source_system=item.place,
                    action="destroy",
                    status="pending",
                    batch_no=0,
                    updated_at=moment,
                )
            )
        else:
            conn.execute(
                update(DISPOSE_JOURNAL)
                .where(DISPOSE_JOURNAL.c.hashed_id == item.hashed_id, DISPOSE_JOURNAL.c.class_id == item.class_id)
                .values(plan_id=plan_id, status="pending", updated_at=moment)
            )


def _merged(register_holds: list, automatic: HoldIndex) -> HoldIndex:
    index = HoldIndex.build(register_holds)
    for (s, kind, k), classes in automatic.persons.items():
        for c in classes:
            index.add_person(s, kind, k, c)
    index.records |= automatic.records
    for class_id, sources in automatic.categories.items():
        index.categories.setdefault(class_id, set()).update(sources)
    return index


def full_index(engine: Engine, automatic: HoldIndex) -> HoldIndex:
    """Every hold in force in the register, whatever its source (a quarantine folder may belong to a source
    with nothing staged, which the plan's hold index leaves out), plus ``automatic`` (an index from
    ``holds.build_hold_index``: its register holds again and the automatic ones)."""
    return _merged(_active(engine), automatic)


def _held_now(conn, item: CopyItem, policy: RetentionPolicy, model: CanonicalModel, automatic: HoldIndex) -> bool:
    """The holds in force at the moment of removal (read on the guarded connection) plus the automatic ones."""
    index = _merged(holds.active_holds(conn), automatic)
    if item.place == RESEARCH_PLACE:
        return _category_held(index, item.class_id, None)
    source, entity = item.name.split(".", 1)
    return _partition_held(item.path, source, entity, item.class_id, policy, model, index)


def remove(
    engine: Engine,
    plan_id: str,
    item: CopyItem,
    *,
    now: dt.datetime,
    policy: RetentionPolicy,
    model: CanonicalModel,
    automatic: HoldIndex,
    existing=None,
) -> str:
    """Remove one copy crash-safely (module docstring); returns ``done`` or ``held``."""
    _write_intent(engine, plan_id, item, now, existing)
    moved = False
    with holds.hold_guard(engine) as guard:
        status = "cancelled" if _held_now(guard, item, policy, model, automatic) else "done"
        if status == "done":
            os.replace(item.path, _removing(item.path))
            moved = True
        guard.execute(
            update(DISPOSE_JOURNAL)
            .where(DISPOSE_JOURNAL.c.hashed_id == item.hashed_id, DISPOSE_JOURNAL.c.class_id == item.class_id)
            .values(status=status, updated_at=utc_naive(now))
        )
    if moved:
        shutil.rmtree(_removing(item.path), ignore_errors=True)
    return "done" if status == "done" else "held"


def dispose_copies(
    engine: Engine,
    plan_id: str,
    class_ids: Iterable[str],
    *,
    as_of: dt.date,
    planned: set[tuple[str, str]],
    now: dt.datetime,
    sources: Iterable[str] | None = None,
    data_root: Path | None = None,
    policy: RetentionPolicy | None = None,
    model: CanonicalModel | None = None,
    key: bytes | None = None,
    automatic: HoldIndex | None = None,
) -> dict[str, list[dict]]:
    """Remove the approved copy classes' copies that the plan lists (``planned``: (class, hashed id)) and that
    are still due and not held now. Returns results per class (the shape of ``dispose``'s, source = the place)
    and audits folders and rows removed per class (``retention.copies_removed``, quoted by the certificate)."""
    policy = policy or load_policy()
    model = model or load_model()
    key = key or hashing.hash_key()
    automatic = automatic or HoldIndex({}, set(), {})
    class_ids = sorted(set(class_ids) & set(policy.copies))
    if not class_ids:
        return {}
    register.ensure_tables(engine, DISPOSE_JOURNAL)
    recover(engine, policy, key, data_root)
    index = full_index(engine, automatic)
    journal = _journal(engine, class_ids)
    present = {
        (i.class_id, i.hashed_id): i
        for i in copy_items(policy, model, key, index, sources=sources, data_root=data_root, classes=class_ids)
    }
    results: dict[tuple[str, str, str], CopyResult] = {}

    def result(class_id: str, place: str, name: str) -> CopyResult:
        return results.setdefault((class_id, place, name), CopyResult(class_id, place, name))

    # intents of this plan whose copy is gone already (removed by other means, or a crash after the rename)
    j = DISPOSE_JOURNAL.c
    with engine.begin() as conn:
        for r in conn.execute(
            select(j.class_id, j.hashed_id, j.entity, j.source_system).where(
                j.plan_id == plan_id, j.status == "pending", j.class_id.in_(class_ids)
            )
        ).all():
            if (r.class_id, r.hashed_id) not in present:
                conn.execute(
                    update(DISPOSE_JOURNAL)
                    .where(j.hashed_id == r.hashed_id, j.class_id == r.class_id)
                    .values(status="done", updated_at=utc_naive(now))
                )
                result(r.class_id, r.source_system, r.entity).done += 1
    for class_id, hashed_id in sorted(planned):
        if class_id not in class_ids:
            continue
        item = present.get((class_id, hashed_id))
        entry = journal.get((class_id, hashed_id))
        if item is None:
            continue  # gone already (counted above when this plan journalled it)
        res = result(class_id, item.place, item.name)
        if entry is not None and entry[1] == "done":
            res.already_done += 1
            continue
        if not due(item, as_of):
            res.not_due += 1
            continue
        if item.held:
            res.held += 1
            continue
        outcome = remove(
            engine, plan_id, item, now=now, policy=policy, model=model, automatic=automatic, existing=entry
        )
        if outcome == "done":
            res.done += 1  # files_deleted stays 0: it counts the practices' media files, not these folders
            res.rows += item.rows
        else:
            res.held += 1
    by_class: dict[str, list[dict]] = {}
    totals: dict[str, dict[str, int]] = {}
    for (class_id, _place, _name), res in sorted(results.items()):
        row = {k: v for k, v in vars(res).items() if k != "rows"}
        by_class.setdefault(class_id, []).append(row)
        t = totals.setdefault(class_id, {"folders": 0, "rows": 0})
        t["folders"] += res.done
        t["rows"] += res.rows
    chain.append(engine, AUDIT_KIND, {"plan_id": plan_id, "classes": totals}, recorded_at=now)
    log.info("copies removed for plan %s: %s", plan_id, totals)
    return by_class


def _active(engine: Engine) -> list:
    register.ensure_tables(engine, HOLDS)
    with engine.connect() as conn:
        return holds.active_holds(conn)


# --- verify and the gate -----------------------------------------------------------------------------------------


def verify_copies(
    engine: Engine,
    *,
    data_root: Path | None = None,
    policy: RetentionPolicy | None = None,
    model: CanonicalModel | None = None,
    key: bytes | None = None,
) -> dict:
    """No copy the journal says was removed is still on disk. ``checked`` and ``problems`` like
    ``verify.verify_disposed`` (class, source = place, entity = name, count)."""
    policy = policy or load_policy()
    if not policy.copies:
        return {"checked": 0, "problems": []}
    model = model or load_model()
    key = key or hashing.hash_key()
    register.ensure_tables(engine, DISPOSE_JOURNAL)
    done = {k for k, (_plan, status) in _journal(engine, policy.copies).items() if status == "done"}
    empty = HoldIndex({}, set(), {})
    found: dict[tuple[str, str, str], int] = {}
    for item in copy_items(policy, model, key, empty, data_root=data_root):
        if (item.class_id, item.hashed_id) in done:
            found[(item.class_id, item.place, item.name)] = found.get((item.class_id, item.place, item.name), 0) + 1
    return {
        "checked": len(done),
        "problems": [
            {"class": c, "source": p, "entity": n, "still_present": k} for (c, p, n), k in sorted(found.items())
        ],
    }


def remaining_copies(
    policy: RetentionPolicy,
    model: CanonicalModel,
    key: bytes,
    index: HoldIndex,
    classes: Iterable[str],
    *,
    sources: Iterable[str] | None,
    data_root: Path | None,
) -> pd.DataFrame:
    """For the retention gate: every copy of the approved copy classes still on disk (``class_id, entity,
    hashed_id, term_ends_on, held``), so a copy past its end that is neither held nor removed fails it."""
    rows = [
        {
            "class_id": i.class_id,
            "entity": i.name,
            "hashed_id": i.hashed_id,
            "term_ends_on": i.ends_on,
            "held": i.held,
        }
        for i in copy_items(policy, model, key, index, sources=sources, data_root=data_root, classes=classes)
    ]
    columns = ["class_id", "entity", "hashed_id", "term_ends_on", "held"]
    return (
        pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    )


__all__ = [
    "CopyItem",
    "copy_items",
    "dispose_copies",
    "due",
    "plan_copies",
    "quarantine_ends",
    "recover",
    "remaining_copies",
    "remove",
    "verify_copies",
]
