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

**Holds.** A category hold on the copy class keeps every copy of it (in its source, for a quarantine), as does a
category hold on a class of a quarantine partition's entity in its source. Otherwise a hold keeps exactly the
rows it covers, never the partition around them: a record hold on a row's key, a person hold on a row's subject
in a class of the entity (read from the file; a file without the key or subject column is kept whole while
such holds exist in its source: fail closed). A due partition none of whose rows is held is removed; one with
held and unheld rows is **trimmed** to its held rows; one whose rows are all held stays as it is. When the last
hold is lifted, the next night removes what is left.

**Crash safety** (``remove``, per copy, the same order as ``executor.run_batch``): the intent is journalled
``pending`` and committed; then, inside ``holds.hold_guard`` (no hold placed or lifted meanwhile), the holds are
re-read and the copy is

- removed: the folder renamed to ``.removing-<name>`` beside it (atomic; nobody reads names starting with a
  dot), or
- trimmed: its held rows written into ``.trimming-<name>`` beside it (each file and the folder fsynced; the
  manifest gets ``rows``/``sha256`` anew and ``retention_trimmed: {plan: {removed, kept}}``), the folder renamed
  to ``.removing-<name>``, the trimmed one renamed into its place,

and the intent marked ``done`` (``destroy`` or ``trim``) in the same register transaction; after the commit the
``.removing-`` folder is deleted. ``recover`` handles what a crash leaves: a ``.trimming-`` folder is deleted
(never the only copy); a ``.removing-`` folder whose intent is ``done`` is deleted, one whose intent is not is
put back (its transaction rolled back; the holds are checked again), replacing the trimmed folder this plan
put in its place. A pending intent whose folder is gone (removed by other means) is marked ``done``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pyarrow as pa
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
from transforms.retention.staged import staged_sources
from transforms.sources.staging import MANIFEST, sha256_of

log = logging.getLogger(__name__)

RESEARCH_PLACE = "research_release"  # journal source_system of a release
QUARANTINE_PLACE = "quarantine"  # journal source_system of a quarantine partition
PLACES = (RESEARCH_PLACE, QUARANTINE_PLACE)
REMOVING = ".removing-"  # a copy set aside until its removal or trim commits
TRIMMING = ".trimming-"  # a partition's held rows, written before they replace it
TRIMMED = "retention_trimmed"  # manifest key of a trimmed quarantine partition: {plan: {removed, kept}}
TRIM_BATCH = 10_000  # rows per record batch when a partition is trimmed
AUDIT_KIND = "retention.copies_removed"
# per class in the audit entry: folders removed whole and their rows; partitions trimmed, rows removed from them
# and the held rows they kept
AUDIT_COUNTS = ("folders", "rows", "trimmed", "trimmed_rows", "kept_rows")


@dataclass(frozen=True)
class CopyItem:
    """One copy (a folder) under a copy rule."""

    class_id: str
    place: str  # journal source_system: research_release | quarantine
    name: str  # journal entity: the dataset, or "<source>.<entity>"
    path: Path
    hashed_id: str
    ends_on: dt.date | None  # last day it may stay; None: no end yet (the current release)
    held: bool  # kept as it is: a category hold, or every row of it held (nothing to remove or trim)
    rows: int = 0
    held_rows: int = 0  # rows a hold covers (a quarantine partition; all of them when ``held``)


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
    trimmed: int = 0  # quarantine partitions cut down to their held rows
    rows: int = field(default=0, repr=False)  # rows of the copies removed whole
    rows_trimmed: int = field(default=0, repr=False)  # rows removed from trimmed partitions
    rows_kept: int = field(default=0, repr=False)  # held rows left in trimmed partitions


@dataclass(frozen=True)
class Removal:
    """What ``remove`` did to one copy: ``done`` (removed whole), ``trimmed`` (only its held rows left) or
    ``held`` (kept as it is), with the rows removed and the rows a hold kept."""

    outcome: str
    rows_removed: int = 0
    rows_kept: int = 0


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


@dataclass(frozen=True)
class _RowHolds:
    """The rows of one source's entity that holds in force cover: keys (record holds) and subjects (person
    holds in a class of the entity), with the columns they are read from."""

    key_column: str | None
    subject_column: str | None
    keys: frozenset[str]
    subjects: frozenset[str]

    def columns(self) -> list[str]:
        return [c for c, wanted in ((self.key_column, self.keys), (self.subject_column, self.subjects)) if c and wanted]

    def readable(self, names: Iterable[str]) -> bool:
        """Whether a file with these columns shows whose rows it holds (else it is kept whole: fail closed)."""
        present = set(names)
        return (not self.keys or self.key_column in present) and (not self.subjects or self.subject_column in present)

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        """Per row of ``frame`` (``columns()`` at least): does a hold cover it?"""
        held = pd.Series(False, index=frame.index, dtype=bool)
        if self.keys:
            held |= frame[self.key_column].astype(str).isin(self.keys)
        if self.subjects:
            column = frame[self.subject_column]
            held |= column.notna() & column.astype(str).isin(self.subjects)
        return held


def _row_holds(
    source: str,
    entity: str,
    class_id: str,
    policy: RetentionPolicy,
    model: CanonicalModel,
    index: HoldIndex,
) -> _RowHolds | None:
    """The holds on rows of a quarantine partition of ``source.entity``; None: a category hold keeps it whole."""
    classes = {r.class_ for r in policy.entities.get(entity, [])}
    if _category_held(index, class_id, source) or any(index.category_held(c, source) for c in classes):
        return None
    subject = policy.subject_column(entity, model) if entity in model.entities else None
    return _RowHolds(
        key_column=model.entities[entity].key if entity in model.entities else None,
        subject_column=subject[1] if subject else None,
        keys=frozenset(k for s, e, k in index.records if s == source and e == entity),
        subjects=frozenset(
            k
            for (s, kind, k), held_in in index.persons.items()
            if subject and s == source and kind == subject[0] and (None in held_in or classes & held_in)
        ),
    )


def _partition_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.parquet"))


def _held_rows(folder: Path, row_holds: _RowHolds | None) -> int | None:
    """Rows of the partition a hold covers; None: the partition as a whole is held (a category hold, or a file
    that cannot show whose rows it holds while holds exist in its source)."""
    if row_holds is None:
        return None
    if not row_holds.keys and not row_holds.subjects:
        return 0
    held = 0
    for path in _partition_files(folder):
        if not row_holds.readable(pq.ParquetFile(path).schema_arrow.names):
            return None
        held += int(row_holds.mask(pq.read_table(path, columns=row_holds.columns()).to_pandas()).sum())
    return held


def _kept_whole(rows: int, held: int | None) -> bool:
    """A partition with ``held`` of its ``rows`` held (``_held_rows``) stays as it is: nothing to remove."""
    return held is None or (held > 0 and held >= rows)


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
                rows = _rows(run)
                held = _held_rows(run, _row_holds(source, entity, class_id, policy, model, index))
                out.append(
                    CopyItem(
                        class_id=class_id,
                        place=QUARANTINE_PLACE,
                        name=f"{source}.{entity}",
                        path=run,
                        hashed_id=hashing.hash_id(key, source, f"quarantine.{entity}", run_key),
                        ends_on=quarantine_ends(policy, entity, day) if day is not None else None,
                        held=_kept_whole(rows, held),
                        rows=rows,
                        held_rows=rows if held is None else held,
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


def _trimming(path: Path) -> Path:
    return path.with_name(TRIMMING + path.name)


class _Entry(NamedTuple):
    plan_id: str
    status: str  # pending | done | cancelled
    action: str  # destroy (removed whole) | trim (cut down to its held rows)


def _journal(engine: Engine, class_ids: Iterable[str]) -> dict[tuple[str, str], _Entry]:
    """(class, hashed id) -> the journal entry of each copy of these copy classes."""
    j = DISPOSE_JOURNAL.c
    with engine.connect() as conn:
        return {
            (r.class_id, r.hashed_id): _Entry(r.plan_id, r.status, r.action)
            for r in conn.execute(
                select(j.class_id, j.hashed_id, j.plan_id, j.status, j.action).where(
                    j.class_id.in_(list(class_ids)), j.source_system.in_(PLACES)
                )
            )
        }


def _manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    return json.loads(path.read_text()) if path.exists() else {}


def _trimmed_in(folder: Path, plan_id: str | None) -> bool:
    """Whether ``folder`` is a partition this plan trimmed (its manifest says so)."""
    return plan_id is not None and plan_id in _manifest(folder).get(TRIMMED, {})


def recover(engine: Engine, policy: RetentionPolicy, key: bytes, data_root: Path | None = None) -> int:
    """Finish or undo what a crashed removal or trim left (module docstring): a ``.trimming-`` folder is
    deleted; a ``.removing-`` folder whose intent is done is deleted, one whose intent is not is put back (in
    place of the partition its plan trimmed), to be checked again by the next removal. Returns folders put
    back."""
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
            # held rows not yet in place: every row is still in the partition or in its ``.removing-`` twin
            for folder in quarantine_root(data_root).glob(f"*/*/{TRIMMING}run=*"):
                shutil.rmtree(folder, ignore_errors=True)
            for folder in quarantine_root(data_root).glob(f"*/*/{REMOVING}run=*"):
                source, entity = folder.parent.parent.name, folder.parent.name
                run_key = folder.name.removeprefix(REMOVING + "run=")
                leftovers.append((folder, class_id, hashing.hash_id(key, source, f"quarantine.{entity}", run_key)))
    for folder, class_id, hashed_id in leftovers:
        entry = journal.get((class_id, hashed_id))
        original = folder.with_name(folder.name.removeprefix(REMOVING))
        if entry is not None and entry.status == "done":
            shutil.rmtree(folder, ignore_errors=True)
        elif original.exists() and _trimmed_in(original, entry.plan_id if entry else None):
            # a trim whose commit never came: the partition as it was goes back (each step leaves a state
            # this function recovers: a lone ``.trimming-`` folder is deleted, a lone ``.removing-`` put back)
            os.replace(original, _trimming(original))
            os.replace(folder, original)
            shutil.rmtree(_trimming(original), ignore_errors=True)
            renamed += 1
        elif original.exists():  # written anew meanwhile (the run extracted again): that one is the partition
            shutil.rmtree(folder, ignore_errors=True)
        else:
            os.replace(folder, original)
            renamed += 1
    return renamed


def _write_intent(
    engine: Engine, plan_id: str, item: CopyItem, now: dt.datetime, existing: _Entry | None, action: str
) -> None:
    """Journal the removal or trim ``pending`` (own commit). An entry of an earlier plan (pending, cancelled by a
    hold since lifted, or a trim whose holds have since been lifted) is taken over by this plan: the journal
    keeps one entry per copy."""
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
                    action=action,
                    status="pending",
                    batch_no=0,
                    updated_at=moment,
                )
            )
        else:
            conn.execute(
                update(DISPOSE_JOURNAL)
                .where(DISPOSE_JOURNAL.c.hashed_id == item.hashed_id, DISPOSE_JOURNAL.c.class_id == item.class_id)
                .values(plan_id=plan_id, action=action, status="pending", updated_at=moment)
            )


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_trimmed(folder: Path, row_holds: _RowHolds, plan_id: str) -> tuple[int, int]:
    """Write the partition's held rows into ``.trimming-<name>`` beside it: each Parquet file filtered batch
    by batch (same name and schema; typed and empty when no row of it is held), other files copied, the
    manifest's ``rows``/``sha256`` recomputed and the trim marked; every file and the folder fsynced.
    Returns (rows removed, rows kept)."""
    target = _trimming(folder)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir()
    removed = kept = 0
    kept_in: dict[str, int] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix == ".parquet":
            parquet = pq.ParquetFile(path)
            kept_in[path.name] = 0
            with pq.ParquetWriter(target / path.name, parquet.schema_arrow, compression="zstd") as writer:
                for batch in parquet.iter_batches(batch_size=TRIM_BATCH):
                    table = pa.Table.from_batches([batch])
                    held = row_holds.mask(table.select(row_holds.columns()).to_pandas()).to_numpy()
                    writer.write_table(table.filter(pa.array(held)))
                    kept_in[path.name] += int(held.sum())
                    removed += int((~held).sum())
            kept += kept_in[path.name]
        elif path.is_file() and path.name != MANIFEST:
            shutil.copy2(path, target / path.name)
        elif path.is_dir():
            shutil.copytree(path, target / path.name)
    manifest = _manifest(folder)
    if manifest.get("file") in kept_in:  # as ``PartitionWriter.commit`` writes them, for the file it names
        manifest["rows"] = kept_in[manifest["file"]]
        if "sha256" in manifest:
            manifest["sha256"] = sha256_of(target / manifest["file"])
    elif "rows" in manifest:
        manifest["rows"] = kept
    manifest[TRIMMED] = {**manifest.get(TRIMMED, {}), plan_id: {"removed": removed, "kept": kept}}
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
    for path in target.rglob("*"):
        if path.is_file():
            _fsync(path)
    _fsync(target)
    return removed, kept


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


def _decide(
    conn, item: CopyItem, policy: RetentionPolicy, model: CanonicalModel, automatic: HoldIndex
) -> tuple[str, _RowHolds | None]:
    """What to do with a copy under the holds in force at this moment (read on the guarded connection, plus
    the automatic ones): ``keep`` (held as a whole, or every row held), ``destroy`` (no row held) or ``trim``
    (held and unheld rows), with the row holds a trim filters by."""
    index = _merged(holds.active_holds(conn), automatic)
    if item.place == RESEARCH_PLACE:
        return ("keep" if _category_held(index, item.class_id, None) else "destroy"), None
    source, entity = item.name.split(".", 1)
    row_holds = _row_holds(source, entity, item.class_id, policy, model, index)
    held = _held_rows(item.path, row_holds)
    if _kept_whole(_rows(item.path), held):
        return "keep", None
    return ("trim" if held else "destroy"), row_holds


def remove(
    engine: Engine,
    plan_id: str,
    item: CopyItem,
    *,
    now: dt.datetime,
    policy: RetentionPolicy,
    model: CanonicalModel,
    automatic: HoldIndex,
    existing: _Entry | None = None,
) -> Removal:
    """Remove one copy crash-safely, or trim a quarantine partition to the rows a hold covers (module
    docstring). The holds are read again inside the guard: they decide, not the plan."""
    _write_intent(engine, plan_id, item, now, existing, "trim" if item.held_rows else "destroy")
    outcome = Removal("held")
    with holds.hold_guard(engine) as guard:
        action, row_holds = _decide(guard, item, policy, model, automatic)
        if action == "destroy":
            rows = _rows(item.path)
            os.replace(item.path, _removing(item.path))
            outcome = Removal("done", rows_removed=rows)
        elif action == "trim":
            removed, kept = _write_trimmed(item.path, row_holds, plan_id)
            os.replace(item.path, _removing(item.path))
            os.replace(_trimming(item.path), item.path)
            outcome = Removal("trimmed", rows_removed=removed, rows_kept=kept)
        guard.execute(
            update(DISPOSE_JOURNAL)
            .where(DISPOSE_JOURNAL.c.hashed_id == item.hashed_id, DISPOSE_JOURNAL.c.class_id == item.class_id)
            .values(
                status="cancelled" if action == "keep" else "done",
                **({} if action == "keep" else {"action": action}),
                updated_at=utc_naive(now),
            )
        )
    if outcome.outcome != "held":
        shutil.rmtree(_removing(item.path), ignore_errors=True)
    return outcome


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
    are still due and not held now, or trim them to the rows a hold covers now. Returns results per class (the
    shape of ``dispose``'s, source = the place, plus ``trimmed``) and audits per class folders and rows removed,
    partitions trimmed, rows removed from them and held rows kept (``retention.copies_removed``, ``AUDIT_COUNTS``,
    quoted by the certificate)."""
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
                    .values(status="done", action="destroy", updated_at=utc_naive(now))
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
        # removed, or trimmed by this plan with nothing unheld left (a re-run); a partition trimmed by an earlier
        # plan is due again once a hold on its rows is lifted
        if entry is not None and entry.status == "done" and (entry.action != "trim" or entry.plan_id == plan_id):
            if entry.action != "trim" or item.held:
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
        if outcome.outcome == "done":
            res.done += 1  # files_deleted stays 0: it counts the practices' media files, not these folders
            res.rows += outcome.rows_removed
        elif outcome.outcome == "trimmed":
            res.trimmed += 1
            res.rows_trimmed += outcome.rows_removed
            res.rows_kept += outcome.rows_kept
        else:
            res.held += 1
    by_class: dict[str, list[dict]] = {}
    totals: dict[str, dict[str, int]] = {}
    for (class_id, _place, _name), res in sorted(results.items()):
        row = {k: v for k, v in vars(res).items() if not k.startswith("rows")}
        by_class.setdefault(class_id, []).append(row)
        t = totals.setdefault(class_id, dict.fromkeys(AUDIT_COUNTS, 0))
        t["folders"] += res.done
        t["rows"] += res.rows
        t["trimmed"] += res.trimmed
        t["trimmed_rows"] += res.rows_trimmed
        t["kept_rows"] += res.rows_kept
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
    automatic: HoldIndex | None = None,
) -> dict:
    """No copy the journal says was removed is still on disk, and no partition it says was trimmed holds a row
    that no hold in force covers (the register's holds and ``automatic``, by default the automatic holds of the
    staged sources; built only when there is a trim to check). ``checked`` and ``problems`` like
    ``verify.verify_disposed`` (class, source = place, entity = name, ``still_present``: copies, or for trimmed
    partitions their unheld rows)."""
    policy = policy or load_policy()
    if not policy.copies:
        return {"checked": 0, "problems": []}
    model = model or load_model()
    key = key or hashing.hash_key()
    register.ensure_tables(engine, DISPOSE_JOURNAL)
    done = {k: e for k, e in _journal(engine, policy.copies).items() if e.status == "done"}
    index = HoldIndex({}, set(), {})
    if any(e.action == "trim" for e in done.values()):  # what a trim left must be held still
        if automatic is None:
            automatic, _ = holds.build_hold_index(policy, model, engine, staged_sources(data_root), data_root)
        index = full_index(engine, automatic)
    found: dict[tuple[str, str, str], int] = {}
    for item in copy_items(policy, model, key, index, data_root=data_root):
        entry = done.get((item.class_id, item.hashed_id))
        if entry is None:
            continue
        left = 1 if entry.action != "trim" else 0 if item.held else max(item.rows - item.held_rows, 0)
        if left:
            where = (item.class_id, item.place, item.name)
            found[where] = found.get(where, 0) + left
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
    hashed_id, term_ends_on, held``), so a copy past its end that is neither held nor removed fails it. A
    quarantine partition counts as held only when every row of it is (``CopyItem.held``): a due partition
    with an unheld row left, trimmed or not, fails the gate."""
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
    "AUDIT_COUNTS",
    "CopyItem",
    "Removal",
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
