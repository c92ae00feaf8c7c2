"""The dispose batch executor: one batch of records, carried out crash-safe in a practice system.

Per batch, in this order (``run_batch``):

1. **intent** (``write_intents``): the batch's hashed ids are journalled ``pending`` in ``dispose_record`` and
   committed, before anything happens in the source;
2. in **one register transaction that locks the holds table** (``holds.hold_guard``), so no hold can be placed
   or lifted meanwhile: re-read the holds, cancel held records' intents, re-check what still points at the
   records (a child written since the first check keeps its parent), delete their files (camera clips), run
   the **source transaction** (``live.apply_action``) and commit it, then mark the intents ``done``.

A crash before the source commit rolls both back (intents stay ``pending``, rows are still there: the re-run
does them). A crash between the source commit and the register commit leaves ``pending`` intents whose rows
are gone: the re-run sees that in the source (``live.already_applied``) and marks them ``done`` without
touching anything, so nothing is deleted twice and the counts stay right.

What every batch of one entity and action shares is a ``BatchJob``; the records themselves come per call.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Table, func, select, update
from sqlalchemy.engine import Engine

from transforms.kernel.canonical import CanonicalModel
from transforms.kernel.timeutil import utc_naive
from transforms.register.schema import DISPOSE_JOURNAL
from transforms.retention import bulk, holds, live
from transforms.retention.disposal_map import DisposalMaps, DisposeError, Target
from transforms.sources.config import SourceMapping


@dataclass(frozen=True)
class BatchJob:
    """What every batch of one entity, action and source shares (the executor's fixed parameters)."""

    engine: Engine  # the privacy register
    source_engine: Engine  # the practice system
    vendor: Table  # the vendor table (reflected) the records live in
    target: Target  # how the records map onto it (``disposal_map.resolve_target``)
    plan_id: str
    class_id: str
    source: str
    entity: str
    action: str  # destroy | unload | minimise | anonymise
    key_name: str  # the canonical key column of the batch frames
    subject: tuple[str, str] | None  # (subject kind, column) for person holds, or None
    key: bytes  # the hashing key (pseudonyms)
    now: dt.datetime  # when it happens (timezone-aware; journalled in UTC)
    media_root: Path | None  # where the source keeps its files; None: it has none
    fields: list[str]  # canonical fields to anonymise (anonymise only)
    # (model, source) to re-check dependants inside the deleting transaction; None: not re-checked
    dependants: tuple[CanonicalModel, SourceMapping] | None = None
    maps: DisposalMaps | None = None  # disposal maps (None: read config/retention_disposal.yml)


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    return utc_naive(moment, error=DisposeError)


def write_intents(job: BatchJob, ids: list[str], journalled: set[str] | None) -> tuple[set[str], int]:
    """Step 1 of a batch: its intents (``pending``), committed before anything happens in the source.
    Returns (those of ``ids`` that had an intent in this class already, the batch's number).
    ``journalled``: those ids when the caller has just read the journal for them; None: read it here."""
    moment = _utc_naive(job.now)
    journal = DISPOSE_JOURNAL
    with job.engine.begin() as conn:
        known = (
            journalled
            if journalled is not None
            else {
                r.hashed_id
                for r in conn.execute(
                    select(journal.c.hashed_id).where(
                        journal.c.class_id == job.class_id, bulk.among(conn, journal.c.hashed_id, ids)
                    )
                )
            }
        )
        # one dispose run at a time (register lock): the next number is ours
        batch_no = (
            1
            + conn.execute(
                select(func.coalesce(func.max(journal.c.batch_no), 0)).where(
                    journal.c.plan_id == job.plan_id, journal.c.class_id == job.class_id
                )
            ).scalar_one()
        )
        bulk.insert(
            conn,
            journal,
            [
                {
                    "hashed_id": h,
                    "class_id": job.class_id,
                    "plan_id": job.plan_id,
                    "entity": job.entity,
                    "source_system": job.source,
                    "action": job.action,
                    "status": "pending",
                    "batch_no": batch_no,
                    "updated_at": moment,
                }
                for h in ids
                if h not in known
            ],
        )
    return known, batch_no


def run_batch(
    job: BatchJob,
    batch: pd.DataFrame,
    ids: pd.Series,
    *,
    journalled: set[str] | None = None,
    intents: Future | None = None,
) -> tuple[int, int, int, int]:
    """One batch (``batch``: staged rows; ``ids``: their hashed ids, aligned): (done, files deleted, held now,
    blocked now by a dependant written since the first check).

    ``journalled``: ids of these that already have an intent in this class (the caller just read the journal
    for them); None: read it here. ``intents``: the ``write_intents`` call for this batch when the caller
    started it already (it must have committed before the source is touched); None: write them here."""
    moment = _utc_naive(job.now)
    journal, target, vendor = DISPOSE_JOURNAL, job.target, job.vendor
    blocked_now = 0
    keys = batch[job.key_name].astype(str).tolist()
    by_key = dict(zip(keys, ids))
    anonymised = (
        {
            k: {
                target.fields[f]: live.pseudonym(
                    job.key, job.source, job.entity, f, batch.loc[i, f], live.pseudonym_kind(vendor.c[target.fields[f]])
                )
                for f in job.fields
                if f in target.fields
            }
            for k, i in zip(keys, batch.index)
        }
        if job.action == "anonymise"
        else {}
    )
    # 1. intent, committed before anything happens in the source
    known, batch_no = intents.result() if intents is not None else write_intents(job, ids.tolist(), journalled)
    # 2. holds locked; source transaction inside; intents done when the source has committed
    with holds.hold_guard(job.engine) as guard:
        index = holds.HoldIndex.build([h for h in holds.active_holds(guard) if h.source_system in (None, job.source)])
        held = holds.held_mask(
            index, job.entity, batch, job.key_name, pd.Series(job.class_id, index=batch.index), job.subject
        )
        if held.any():
            guard.execute(
                update(journal)
                .where(journal.c.class_id == job.class_id, bulk.among(guard, journal.c.hashed_id, list(ids[held])))
                .values(status="cancelled", updated_at=moment)
            )
        live_keys = [k for k, h in zip(keys, held) if not h]
        files = 0
        if live_keys:
            with job.source_engine.begin() as src:
                applied = live.already_applied(src, vendor, target, job.action, live_keys, anonymised)
                pending = [k for k in live_keys if k not in applied]

                def keep(late: set) -> None:
                    """These keys stay after all: out of this batch, their journal entries cancelled."""
                    nonlocal pending, live_keys, blocked_now
                    pending = [k for k in pending if k not in late]
                    live_keys = [k for k in live_keys if k not in late]
                    blocked_now += len(late)
                    guard.execute(
                        update(journal)
                        .where(
                            journal.c.class_id == job.class_id,
                            bulk.among(guard, journal.c.hashed_id, [by_key[k] for k in late]),
                        )
                        .values(status="cancelled", updated_at=moment)
                    )

                if pending and job.action in ("destroy", "unload") and target.shared_with:
                    # the row also holds other entities' records: only once those are destroyed (not held)
                    late_shared = live.shared_records_left(src, vendor, target, job.source, pending, job.maps)
                    if late_shared:
                        keep(late_shared)
                if pending and job.action in ("destroy", "unload") and job.dependants is not None:
                    # re-checked in the deleting transaction: a child written since the first check keeps its parent
                    model, source = job.dependants
                    late = live.dependants_in(src, model, source, job.entity, target, pending) or set()
                    if late:
                        keep(late)
                # a file goes with its record: destroyed, or unloaded to the archive (which holds its verified,
                # encrypted copy: archive.write_batch archives a record's file with it)
                if job.media_root is not None and job.action in ("destroy", "unload") and "file_path" in batch.columns:
                    paths = batch.loc[batch[job.key_name].astype(str).isin(pending), "file_path"]
                    files = live.delete_files(job.media_root, paths)
                if pending:
                    live.apply_action(src, vendor, target, job.action, pending, anonymised)
            # this batch's own intents in one range of the index (the held and late ones are cancelled by now);
            # intents left pending by an earlier, interrupted run by id
            guard.execute(
                update(journal)
                .where(
                    journal.c.plan_id == job.plan_id,
                    journal.c.class_id == job.class_id,
                    journal.c.batch_no == batch_no,
                    journal.c.status == "pending",
                )
                .values(status="done", updated_at=moment)
            )
            earlier = [by_key[k] for k in live_keys if by_key[k] in known]
            if earlier:
                guard.execute(
                    update(journal)
                    .where(journal.c.class_id == job.class_id, bulk.among(guard, journal.c.hashed_id, earlier))
                    .values(status="done", updated_at=moment)
                )
    return len(live_keys), files, int(held.sum()), blocked_now
