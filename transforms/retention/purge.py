"""Staging purge: what disposal did to the live systems, done to every copy the pipeline itself keeps.

After ``dispose`` the canonical staging (``<data_root>/staging/<source>/<entity>/run=*/``) still holds every
version of the destroyed records and the values of the minimised fields, and the anonymised text output
(``<data_root>/anonymised/text/<entity>/``) still holds the anonymised notes of destroyed records. Research
datasets and the text anonymiser read those copies, so they are purged to mirror the journal
(``dispose_record``, status ``done``) of the plan exactly:

- ``destroy`` and ``unload`` (archive-stage records that left the live system for the encrypted archive: a
  plaintext copy in staging would outlive the archive's crypto-erasure) -> the rows are removed from every
  committed partition that holds them, and from the anonymised text output;
- ``minimise`` -> the class's fields are set to NULL in every partition (the record stays);
- ``anonymise`` -> the class's fields get the same keyed pseudonym ``dispose`` wrote to the live row, as
  text (what the next extraction would stage from that row).

Per partition: the data file is scanned in record batches (key and source columns only) and only a partition
that holds an affected record is rewritten, batch by batch, into ``<partition>.purge-tmp``; its manifest keeps
every key and gets ``rows``/``file``/``sha256`` the way ``PartitionWriter.commit`` writes them, plus
``retention_purged: {plan_id: {class: counts}}``; then the folder is swapped into place. A partition marked
for the plan is skipped, so a re-run after a crash does the rest and never pseudonymises twice. A crash between
the swap's two renames leaves ``<partition>.old`` without ``<partition>``: ``recover`` puts the old version
back (the re-run then purges it again). Memory is bounded by the batch size plus the plan's hashed ids.

The counts come from the manifests (so a crashed-and-resumed purge counts each row once) and go into one
``retention.staging_purge`` audit entry per plan, which ``certificates.certify`` quotes per class.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import MetaData, Table, create_engine, select
from sqlalchemy.engine import Engine

from transforms import register, settings
from transforms.audit import chain
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.register.schema import DISPOSE_JOURNAL
from transforms.retention import hashing
from transforms.retention.disposal_map import resolve_target
from transforms.retention.live import pseudonym, pseudonym_kind
from transforms.retention.policy import RetentionPolicy, load_policy
from transforms.sources import staging
from transforms.sources.config import SourceMapping, load_sources

log = logging.getLogger(__name__)

BATCH_ROWS = 65_536
MARK = "retention_purged"
TMP_SUFFIX = ".purge-tmp"
AUDIT_KIND = "retention.staging_purge"
TEXT_ENTITIES = ("clinical_note", "complaint", "contact_form")  # transforms.text.staged.TEXT_FIELDS


class PurgeError(RuntimeError):
    """The purge cannot mirror the journal (message has no personal data)."""


@dataclass
class Actions:
    """What to do to one source's records of one entity: hashed id -> class, per kind of action."""

    remove: dict[str, str] = field(default_factory=dict)
    nullify: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # id -> (class, fields)
    pseudonymise: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)  # id -> (class, field: kind)

    def __bool__(self) -> bool:
        return bool(self.remove or self.nullify or self.pseudonymise)


# --- folders -------------------------------------------------------------------------------------------------


def swap_folder(tmp: Path, final: Path) -> None:
    """``final`` becomes ``tmp``'s content; see ``recover`` for a crash between the renames."""
    old = final.with_name(final.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    os.replace(final, old)
    os.replace(tmp, final)
    shutil.rmtree(old)


def recover(parent: Path) -> int:
    """Undo what a crashed purge left in a folder of partitions: a lone ``X.old`` becomes ``X`` again, a
    ``X.old`` beside ``X`` and this module's temporary folders are removed. Returns folders restored."""
    restored = 0
    if not parent.exists():
        return 0
    for path in sorted(parent.iterdir()):
        if path.name.endswith(TMP_SUFFIX):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.endswith(".old") and path.is_dir():
            final = path.with_name(path.name.removesuffix(".old"))
            if final.exists():
                shutil.rmtree(path)
            else:
                os.replace(path, final)
                restored += 1
    return restored


# --- one partition --------------------------------------------------------------------------------------------


def _hashes(batch: pa.RecordBatch, key: bytes, entity: str, key_column: str) -> list[str]:
    return hashing.hash_ids(
        key, batch.column("source_system").to_pylist(), entity, [str(k) for k in batch.column(key_column).to_pylist()]
    )


def _affected(path: Path, key: bytes, entity: str, key_column: str, actions: Actions) -> bool:
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=["source_system", key_column]):
        for h in _hashes(batch, key, entity, key_column):
            if h in actions.remove or h in actions.nullify or h in actions.pseudonymise:
                return True
    return False


def _apply(
    batch: pa.RecordBatch,
    hashed: list[str],
    actions: Actions,
    key: bytes,
    entity: str,
    counts: dict[str, dict[str, int]],
) -> pa.RecordBatch:
    """The batch with removed rows dropped, minimised fields NULL and anonymised fields pseudonymised."""

    def bump(class_id: str, what: str) -> None:
        per = counts.setdefault(class_id, {})
        per[what] = per.get(what, 0) + 1

    keep = []
    columns = {name: batch.column(name).to_pylist() for name in batch.schema.names}
    changed: set[str] = set()
    for i, h in enumerate(hashed):
        if h in actions.remove:
            keep.append(False)
            bump(actions.remove[h], "removed")
            continue
        keep.append(True)
        if h in actions.nullify:
            class_id, fields = actions.nullify[h]
            for f in fields:
                if f in columns:
                    columns[f][i] = None
                    changed.add(f)
            bump(class_id, "minimised")
        if h in actions.pseudonymise:
            class_id, kinds = actions.pseudonymise[h]
            source = columns["source_system"][i]
            for f, kind in kinds.items():
                value = columns[f][i]
                if value is not None:
                    columns[f][i] = str(pseudonym(key, source, entity, f, value, kind))
                    changed.add(f)
            bump(class_id, "anonymised")
    arrays = [
        pa.array(columns[name], type=batch.schema.field(name).type) if name in changed else batch.column(name)
        for name in batch.schema.names
    ]
    rebuilt = pa.RecordBatch.from_arrays(arrays, schema=batch.schema)
    return rebuilt if all(keep) else rebuilt.filter(pa.array(keep))


def purge_partition(
    folder: Path,
    plan_id: str,
    *,
    entity: str,
    key_column: str,
    actions: Actions,
    key: bytes,
    swap: Callable[[Path, Path], None] | None = None,
) -> dict[str, dict[str, int]] | None:
    """Rewrite one committed partition (or text output folder) for a plan; None when it needed nothing or
    was already done for the plan. Returns the counts per class."""
    manifest = json.loads((folder / staging.MANIFEST).read_text())
    if plan_id in manifest.get(MARK, {}):
        return None
    path = folder / manifest.get("file", staging.DATA_FILE)
    if not _affected(path, key, entity, key_column, actions):
        return None
    tmp = folder.with_name(folder.name + TMP_SUFFIX)
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    for other in folder.iterdir():  # anything else the partition holds comes along unchanged
        if other.name not in (path.name, staging.MANIFEST) and other.is_file():
            shutil.copy2(other, tmp / other.name)
    parquet = pq.ParquetFile(path)
    counts: dict[str, dict[str, int]] = {}
    rows = 0
    with pq.ParquetWriter(tmp / path.name, parquet.schema_arrow, compression="zstd") as writer:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
            out = _apply(batch, _hashes(batch, key, entity, key_column), actions, key, entity, counts)
            if out.num_rows:
                writer.write_batch(out)
                rows += out.num_rows
    manifest = {
        **manifest,
        "rows": rows,
        "file": path.name,
        "sha256": staging.sha256_of(tmp / path.name),
        MARK: {**manifest.get(MARK, {}), plan_id: counts},
    }
    (tmp / staging.MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
    (swap or swap_folder)(tmp, folder)
    return counts


# --- the plan ---------------------------------------------------------------------------------------------------


def actions_of(
    engine: Engine,
    plan_id: str,
    *,
    policy: RetentionPolicy,
    model: CanonicalModel,
    sources: dict[str, SourceMapping],
    source_urls: dict[str, str] | None,
) -> dict[tuple[str, str], Actions]:
    """(source, entity) -> what the journal says was done to its records in this plan."""
    register.ensure_tables(engine, DISPOSE_JOURNAL)
    out: dict[tuple[str, str], Actions] = {}
    kinds: dict[tuple[str, str, str], dict[str, str]] = {}
    with engine.connect() as conn:
        journal = DISPOSE_JOURNAL.c
        rows = conn.execute(
            select(journal.source_system, journal.entity, journal.class_id, journal.action, journal.hashed_id).where(
                journal.plan_id == plan_id, journal.status == "done"
            )
        )
        for r in rows:
            if r.class_id in policy.copies:
                continue  # copies outside the staging were removed whole by dispose (transforms.retention.copies)
            actions = out.setdefault((r.source_system, r.entity), Actions())
            if r.action in ("destroy", "unload"):
                actions.remove[r.hashed_id] = r.class_id
            elif r.action == "minimise":
                rule = next(x for x in policy.entities[r.entity] if x.is_field_rule and x.class_ == r.class_id)
                actions.nullify[r.hashed_id] = (r.class_id, list(rule.fields or []))
            elif r.action == "anonymise":
                spec = (r.source_system, r.entity, r.class_id)
                if spec not in kinds:
                    kinds[spec] = _pseudonym_kinds(
                        *spec, policy=policy, model=model, sources=sources, source_urls=source_urls
                    )
                actions.pseudonymise[r.hashed_id] = (r.class_id, kinds[spec])
            else:
                raise PurgeError(f"unknown journal action {r.action!r}")
    return out


def _pseudonym_kinds(source: str, entity: str, class_id: str, *, policy, model, sources, source_urls) -> dict[str, str]:
    """field -> how ``dispose`` wrote its pseudonym (text or int), read from the vendor column as dispose did."""
    rule = next(x for x in policy.entities[entity] if not x.is_field_rule and x.class_ == class_id)
    fields = list(rule.anonymise or [])
    if not source_urls or source not in source_urls:
        raise PurgeError(f"anonymised records of {source}.{entity}: give the source's URL to mirror the pseudonym")
    target, reason = resolve_target(sources[source], entity, model.entity(entity).key, fields, whole_rows=False)
    if target is None:
        raise PurgeError(f"{source}.{entity}: {reason}")
    engine = create_engine(source_urls[source])
    try:
        table = Table(target.table, MetaData(), autoload_with=engine)
        return {f: pseudonym_kind(table.c[target.fields[f]]) for f in fields if f in target.fields}
    finally:
        engine.dispose()


def text_output_dir(data_root: Path | None = None) -> Path:
    """Where the text anonymiser writes its output (``<data_root>/anonymised/text``)."""
    return (data_root or settings.data_root()) / "anonymised" / "text"


def purge_plan(
    engine: Engine,
    plan_id: str,
    *,
    data_root: Path | None = None,
    source_urls: dict[str, str] | None = None,
    now=None,
    policy: RetentionPolicy | None = None,
    model: CanonicalModel | None = None,
    sources: dict[str, SourceMapping] | None = None,
    key: bytes | None = None,
) -> dict:
    """DAG task ``purge_staging``: mirror the plan's journal in the staging and the anonymised text output.
    Returns (and audits once per plan) counts per class and per place; no ids."""
    policy = policy or load_policy()
    model = model or load_model()
    sources = sources or {s.name: s for s in load_sources()}
    key = key or hashing.hash_key()
    plan_actions = actions_of(engine, plan_id, policy=policy, model=model, sources=sources, source_urls=source_urls)
    rewritten = 0
    for (source, entity), actions in sorted(plan_actions.items()):
        parent = staging.staging_root(data_root) / source / entity
        recover(parent)
        for partition in staging.committed_partitions(source, entity, data_root):
            if (
                purge_partition(
                    partition, plan_id, entity=entity, key_column=model.entity(entity).key, actions=actions, key=key
                )
                is not None
            ):
                rewritten += 1
    for entity in TEXT_ENTITIES:
        merged = Actions()
        for (_source, e), actions in plan_actions.items():
            if e == entity:
                merged.remove.update(actions.remove)
        folder = text_output_dir(data_root) / entity
        recover(folder.parent)
        if merged and (folder / staging.MANIFEST).exists():
            if (
                purge_partition(
                    folder, plan_id, entity=entity, key_column=model.entity(entity).key, actions=merged, key=key
                )
                is not None
            ):
                rewritten += 1
    totals = tally(plan_id, data_root)
    log.info("staging purge %s: %d folder(s) rewritten now; %s", plan_id, rewritten, json.dumps(totals["classes"]))
    if not any(e.payload.get("plan_id") == plan_id for e in chain.entries(engine, kind=AUDIT_KIND)):
        chain.append(engine, AUDIT_KIND, {"plan_id": plan_id, **totals}, recorded_at=now)
    return {**totals, "rewritten_now": rewritten}


def tally(plan_id: str, data_root: Path | None = None) -> dict:
    """Counts of a plan's purge from the manifests: per class (removed, minimised, anonymised) and per place."""
    classes: dict[str, dict[str, int]] = {}
    places: dict[str, dict[str, int]] = {}
    manifests = list(staging.staging_root(data_root).glob(f"*/*/run=*/{staging.MANIFEST}"))
    manifests += list(text_output_dir(data_root).glob(f"*/{staging.MANIFEST}"))
    for path in sorted(manifests):
        if "." in path.parent.name.removeprefix("run="):
            continue  # temporary or old folders
        counts = json.loads(path.read_text()).get(MARK, {}).get(plan_id)
        if not counts:
            continue
        root = staging.staging_root(data_root)
        place = (
            ("staging." + ".".join(path.parent.relative_to(root).parts[:2]))
            if root in path.parents
            else "anonymised_text." + path.parent.name
        )
        for class_id, per in counts.items():
            for what, n in per.items():
                classes.setdefault(class_id, {})[what] = classes.setdefault(class_id, {}).get(what, 0) + n
                places.setdefault(place, {})[what] = places.setdefault(place, {}).get(what, 0) + n
    return {"classes": classes, "places": places}
