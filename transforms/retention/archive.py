"""The archive stage: records past their class's archive stage, copied out of the live systems into encrypted
Parquet, read back and verified before anything else may happen to them.

Encryption: AES-256-GCM per record with a **data key per data subject** (patient, employee; a record without a
subject gets its own key), one per class and term end, so that a key's records all expire on the same day.
Data keys are random, stored only wrapped (AES-GCM) under the master key from ``DCN_ARCHIVE_MASTER_KEY``
(base64 of 32 bytes; a secret in production), in the register table ``archive_data_key``. Erasing a person from
every archive = destroying their data keys (``erase_subject``); archived records whose legal term has ended are
destroyed the same way (``expire_archives``). The Parquet files stay intact and verifiable; those rows can no
longer be read by anyone.

Layout (one batch per plan, class and entity; a later batch of the same triple gets the next number):
```
<archive_root>/<class>/<entity>/plan=<plan_id>-<n>/part-00000.parquet   hashed_id, subject_hash, source_system,
                                                 /_manifest.json         term_ends_on, nonce, ciphertext
```
The manifest holds the row count, the file's SHA-256 and a digest of the plaintexts. A batch counts as
archived only after the file was read back, its checksum matched and every row decrypted to the plaintext
that was written; then its records (``archive_record``), the batch (``archive_batch``) and an audit entry are
committed in **one** register transaction. A crash anywhere before that commit leaves nothing recorded, and the
re-run writes the batch again (replacing the unrecorded file); a record already recorded is never archived
again. Candidates are recomputed from the staging and intersected with the approved plan; holds win.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import json
import logging
import math
import os
import shutil
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from json.encoder import encode_basestring
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine

from transforms import register, settings
from transforms.audit import chain
from transforms.kernel.canonical import CanonicalModel, load_model
from transforms.register.schema import (
    ARCHIVE_BATCHES,
    ARCHIVE_DATA_KEYS,
    ARCHIVE_FIELD_TERMS,
    ARCHIVE_RECORDS,
    HOLDS,
    PLAN_ITEMS,
    PLANS,
)
from transforms.retention import bulk, hashing
from transforms.retention.approval import approved_classes
from transforms.retention.expiry import as_of_date, assign, assign_fields, expired_mask
from transforms.retention.holds import (
    HoldIndex,
    active_holds,
    build_hold_index,
    held_mask,
)
from transforms.retention.overlap import InOrder
from transforms.retention.plan import (
    Plan,
    check_plan_is_current,
    has_items,
    load_plan,
    set_status,
)
from transforms.retention.policy import RetentionPolicy, load_policy
from transforms.retention.staged import planned_batches
from transforms.retention.triggers import Triggers
from transforms.sources import staging

log = logging.getLogger(__name__)

MASTER_KEY_VARIABLE = "DCN_ARCHIVE_MASTER_KEY"
ARCHIVE_BATCH_ROWS = 25_000  # staged rows per archive batch: bounds the plaintexts and ciphertexts held at once
FORMAT = 1
SCHEMA = pa.schema(
    [
        ("hashed_id", pa.string()),
        ("subject_hash", pa.string()),
        ("key_id", pa.string()),
        ("source_system", pa.string()),
        ("term_ends_on", pa.date32()),
        ("nonce", pa.binary(12)),
        ("ciphertext", pa.binary()),
    ]
)


class ArchiveError(RuntimeError):
    """The archive step refuses or failed verification; nothing was recorded (message has no personal data)."""


# --- keys ---------------------------------------------------------------------------------------------------


def master_key(value: str | None = None) -> bytes:
    """The archive master key (32 bytes) from ``value`` or ``DCN_ARCHIVE_MASTER_KEY``; refuses to run without."""
    raw = value if value is not None else os.environ.get(MASTER_KEY_VARIABLE)
    if not raw:
        raise ArchiveError(
            f"set {MASTER_KEY_VARIABLE} (base64 of 32 random bytes); the archive refuses to run without it"
        )
    try:
        key = base64.b64decode(raw, validate=True)
    except ValueError:
        raise ArchiveError(f"{MASTER_KEY_VARIABLE} is not valid base64") from None
    if len(key) != 32:
        raise ArchiveError(f"{MASTER_KEY_VARIABLE} must decode to 32 bytes (AES-256)")
    return key


def _fingerprint(master: bytes) -> str:
    return hashing.key_fingerprint(master)


def key_id_for(subject_hash: str, class_id: str, term_ends_on: dt.date, held_record: str | None = None) -> str:
    """The id of the data key for one subject, class and term end (its records all expire on the same day).

    ``held_record``: the key of one record split off its subject's key at archive expiry because a record hold
    covers it (``expire_archives``), so that the hold keeps that record readable and no other."""
    base = f"{subject_hash}|{class_id}|{term_ends_on.isoformat()}"
    if held_record is not None:
        base += f"|held:{held_record}"
    return hashlib.sha256(base.encode("ascii")).hexdigest()


@functools.lru_cache(maxsize=4)
def _master_cipher(master: bytes) -> AESGCM:
    return AESGCM(master)


def _wrap(master: bytes, key_id: str, data_key: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + _master_cipher(master).encrypt(nonce, data_key, key_id.encode("ascii"))


def _unwrap(master: bytes, key_id: str, wrapped: bytes) -> bytes:
    return _master_cipher(master).decrypt(wrapped[:12], wrapped[12:], key_id.encode("ascii"))


def ensure_data_keys(
    engine: Engine, master: bytes, specs: set[tuple[str, str, str, dt.date]], *, now: dt.datetime
) -> dict[str, bytes]:
    """Data keys for (key id, subject hash, class, term end), creating (and committing) missing ones *before*
    anything is encrypted with them. A destroyed key (erased, expired) is never recreated: refuse."""
    register.ensure_tables(engine, ARCHIVE_DATA_KEYS)
    keys: dict[str, bytes] = {}
    wanted = sorted(specs)
    ids = [w[0] for w in wanted]
    with engine.begin() as conn:
        for start in range(0, len(ids), 5000):
            for row in conn.execute(
                select(ARCHIVE_DATA_KEYS).where(bulk.among(conn, ARCHIVE_DATA_KEYS.c.key_id, ids[start : start + 5000]))
            ):
                if row.wrapped_key is None:
                    raise ArchiveError(
                        "a subject in this batch was erased from the archive (key destroyed); "
                        "its records cannot be archived again"
                    )
                keys[row.key_id] = _unwrap(master, row.key_id, row.wrapped_key)
        moment = now.astimezone(dt.timezone.utc).replace(tzinfo=None)
        fingerprint = _fingerprint(master)
        fresh = {}
        rows = []
        for key_id, subject_hash, class_id, term_ends_on in wanted:
            if key_id in keys or key_id in fresh:
                continue
            fresh[key_id] = AESGCM.generate_key(bit_length=256)
            rows.append(
                {
                    "key_id": key_id,
                    "subject_hash": subject_hash,
                    "class_id": class_id,
                    "term_ends_on": term_ends_on,
                    "wrapped_key": _wrap(master, key_id, fresh[key_id]),
                    "master_fingerprint": fingerprint,
                    "created_at": moment,
                }
            )
        bulk.insert(conn, ARCHIVE_DATA_KEYS, rows)
    keys.update(fresh)
    return keys


def erase_subject(
    engine: Engine,
    subject_hash: str,
    *,
    erased_at: dt.datetime,
    reason: str,
    classes: list[str] | tuple[str, ...] | None = None,
) -> bool:
    """Crypto-erase one subject from every archive by destroying all their data keys (``classes``: only the
    keys of these retention classes; a class the law still keeps stays readable). Audited; True if any key was
    destroyed now."""
    register.ensure_tables(engine, ARCHIVE_DATA_KEYS, ARCHIVE_RECORDS)
    with chain.write_transaction(engine) as conn:
        scope = [ARCHIVE_DATA_KEYS.c.subject_hash == subject_hash, ARCHIVE_DATA_KEYS.c.wrapped_key.is_not(None)]
        if classes is not None:
            scope.append(ARCHIVE_DATA_KEYS.c.class_id.in_(sorted(classes)))
        done = (
            conn.execute(
                update(ARCHIVE_DATA_KEYS)
                .where(*scope)
                .values(
                    wrapped_key=None,
                    destroyed_because="erasure",
                    destroyed_at=erased_at.astimezone(dt.timezone.utc).replace(tzinfo=None),
                )
            ).rowcount
            > 0
        )
        if done:
            counted = [ARCHIVE_RECORDS.c.subject_hash == subject_hash]
            if classes is not None:
                counted.append(ARCHIVE_RECORDS.c.class_id.in_(sorted(classes)))
            records = conn.execute(select(func.count()).select_from(ARCHIVE_RECORDS).where(*counted)).scalar_one()
            chain.append_in(
                conn,
                "archive.erase_subject",
                {
                    "subject_hash": subject_hash,
                    "reason": reason,
                    "records": records,
                    **({"classes": sorted(classes)} if classes is not None else {}),
                },
                recorded_at=erased_at,
            )
    return done


def _data_key(conn: Connection, master: bytes, key_id: str) -> bytes | None:
    row = conn.execute(select(ARCHIVE_DATA_KEYS.c.wrapped_key).where(ARCHIVE_DATA_KEYS.c.key_id == key_id)).first()
    return None if row is None or row.wrapped_key is None else _unwrap(master, key_id, row.wrapped_key)


def _data_keys(conn: Connection, master: bytes, key_ids: list[str]) -> dict[str, bytes | None]:
    """``_data_key`` for many ids in a few queries (None: destroyed or unknown)."""
    out: dict[str, bytes | None] = dict.fromkeys(key_ids)
    wanted = sorted(set(key_ids))
    for start in range(0, len(wanted), 5000):
        for row in conn.execute(
            select(ARCHIVE_DATA_KEYS.c.key_id, ARCHIVE_DATA_KEYS.c.wrapped_key).where(
                bulk.among(conn, ARCHIVE_DATA_KEYS.c.key_id, wanted[start : start + 5000])
            )
        ):
            if row.wrapped_key is not None:
                out[row.key_id] = _unwrap(master, row.key_id, row.wrapped_key)
    return out


# --- rows ---------------------------------------------------------------------------------------------------


def _plain(value: object) -> object:
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def row_plaintext(row: dict) -> bytes:
    """One canonical row as the plaintext that is encrypted: canonical JSON (sorted keys, UTF-8)."""
    return json.dumps(
        {k: _plain(v) for k, v in row.items()}, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")


def _column_plain(values: list) -> list:
    """``_plain`` of every value of one column; text, whole numbers and flags as they are (one type test per
    column), floats with NaN as None."""
    kinds = {type(v) for v in values}
    if kinds <= {str, int, bool, type(None)}:
        return values
    if kinds <= {str, int, bool, float, type(None)}:
        return [None if type(v) is float and v != v else v for v in values]
    return [_plain(v) for v in values]


def _datetime_column(series: pd.Series) -> list | None:
    """A tz-naive datetime column in whole seconds as ``Timestamp.isoformat`` writes it, converted by numpy at
    once (None for any other column: those go value by value)."""
    if not pd.api.types.is_datetime64_dtype(series.dtype):
        return None
    values = series.to_numpy(dtype="datetime64[ns]")
    valid = ~np.isnat(values)
    if (values[valid].astype("int64") % 1_000_000_000).any():
        return None
    text = np.datetime_as_string(values, unit="s").tolist()
    return [t if ok else None for t, ok in zip(text, valid.tolist())]


def _json_values(values: list) -> list[str]:
    """Each (already ``_plain``) value of a column as the JSON text ``row_plaintext`` writes for it."""
    if all(type(v) is str for v in values):
        return [encode_basestring(v) for v in values]
    out = []
    for v in values:
        kind = type(v)
        if v is None:
            out.append("null")
        elif kind is str:
            out.append(encode_basestring(v))
        elif kind is bool:
            out.append("true" if v else "false")
        elif kind is int or (kind is float and math.isfinite(v)):
            out.append(repr(v))
        else:  # lists, mappings, infinities: as json writes them
            out.append(json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
    return out


def frame_plaintexts(frame: pd.DataFrame) -> list[bytes]:
    """``row_plaintext`` of every row of ``frame`` (same bytes), prepared column by column: each column's
    values are turned into JSON text at once, and a row is its columns' texts joined in key order."""
    names = sorted(str(c) for c in frame.columns)
    by_name = {str(c): c for c in frame.columns}
    columns = [
        _json_values(_datetime_column(frame[by_name[n]]) or _column_plain(frame[by_name[n]].tolist())) for n in names
    ]
    prefixes = [encode_basestring(n) + ":" for n in names]
    return [("{" + ",".join(p + v for p, v in zip(prefixes, values)) + "}").encode("utf-8") for values in zip(*columns)]


def _aad(entity: str, hashed_id: str) -> bytes:
    return f"{entity}\x1f{hashed_id}".encode("ascii")


def _digest(pairs: list[tuple[str, bytes]]) -> str:
    """Order-independent digest of (hashed id, plaintext) pairs."""
    return _digest_of_hashes([(h, hashlib.sha256(p).digest()) for h, p in pairs])


def _digest_of_hashes(pairs: list[tuple[str, bytes]]) -> str:
    """``_digest`` from (hashed id, SHA-256 of the plaintext): the plaintexts need not be kept in memory."""
    lines = sorted(f"{h}:{d.hex()}" for h, d in pairs)
    return hashlib.sha256("\n".join(lines).encode("ascii")).hexdigest()


@dataclass
class ArchiveEntityResult:
    """What archive did to one entity of one class of a plan (``path``: the last batch written, if any)."""

    class_id: str
    entity: str
    archived: int  # newly archived and verified in this call
    already_archived: int  # planned, archived by an earlier (possibly crashed-then-resumed) run
    skipped_held: int  # planned, but on hold now
    skipped_not_due: int  # planned, but no longer due (e.g. a new clinical change since planning)
    path: str | None
    files: int = 0  # the records' files (X-rays, photos) encrypted into the archive with them
    files_missing: int = 0  # records whose file was not on disk when they were archived
    skipped_no_media: int = 0  # records with a file but no media root for their source: they stay live


def archive_root(root: Path | None = None) -> Path:
    """The archive's folder (default ``<data_root>/archive``)."""
    return Path(root) if root else settings.data_root() / "archive"


def _batch_dir(root: Path, class_id: str, entity: str, plan_id: str, batch_no: int) -> Path:
    return root / class_id / entity / f"plan={plan_id}-{batch_no}"


def _clean_stale(parent: Path) -> None:
    """Temporary folders of crashed writers (``PartitionWriter`` names them ``<final>.tmp-<pid>``)."""
    if parent.exists():
        for p in parent.iterdir():
            if ".tmp-" in p.name or p.name.endswith(".old"):
                shutil.rmtree(p, ignore_errors=True)


def verify_batch(
    engine: Engine,
    master: bytes,
    root: Path,
    relative: str,
    *,
    entity: str,
    expected_rows: int | None = None,
    expected_sha256: str | None = None,
    expected_digest: str | None = None,
    ciphers: dict[str, AESGCM] | None = None,
) -> tuple[int, int]:
    """Read a batch back: checksum, row count and (for subjects whose key still exists) every row decrypts.

    ``ciphers``: the data keys' ciphers by key id when the caller holds them already (the writer, right after
    committing the keys to the register); else the keys are read from the register. Returns (rows readable,
    rows crypto-erased). Raises ``ArchiveError`` on any mismatch.
    """
    folder = root / relative
    manifest = json.loads((folder / staging.MANIFEST).read_text())
    path = folder / manifest["file"]
    actual = staging.sha256_of(path)
    if actual != manifest["sha256"] or (expected_sha256 and actual != expected_sha256):
        raise ArchiveError(f"archive batch {relative}: checksum mismatch")
    table = pq.read_table(path)
    if table.num_rows != manifest["rows"] or (expected_rows is not None and table.num_rows != expected_rows):
        raise ArchiveError(f"archive batch {relative}: row count mismatch")
    readable, erased, pairs = 0, 0, []
    if ciphers is None:
        with engine.connect() as conn:
            keys = _data_keys(conn, master, table.column("key_id").to_pylist())
        ciphers = {k: AESGCM(v) for k, v in keys.items() if v is not None}
    aad_prefix = f"{entity}\x1f".encode("ascii")
    for batch in table.to_batches(max_chunksize=10_000):
        for hashed_id, key_id, nonce, ciphertext in zip(
            *(batch.column(c).to_pylist() for c in ("hashed_id", "key_id", "nonce", "ciphertext"))
        ):
            cipher = ciphers.get(key_id)
            if cipher is None:
                erased += 1
                continue
            try:
                plain = cipher.decrypt(nonce, ciphertext, aad_prefix + hashed_id.encode("ascii"))
            except Exception:  # noqa: BLE001 - InvalidTag: tampered or wrong key
                raise ArchiveError(f"archive batch {relative}: a row does not decrypt") from None
            if expected_digest is not None:
                pairs.append((hashed_id, hashlib.sha256(plain).digest()))
            readable += 1
    if expected_digest is not None and erased == 0 and _digest_of_hashes(pairs) != expected_digest:
        raise ArchiveError(f"archive batch {relative}: content differs from what was written")
    files = folder / FILES
    if files.is_dir():  # each file still there decrypts under its record's key (expired records' files are gone)
        key_of = dict(zip(table.column("hashed_id").to_pylist(), table.column("key_id").to_pylist()))
        for blob in files.iterdir():
            cipher = ciphers.get(key_of.get(blob.name))
            if blob.name not in key_of:
                raise ArchiveError(f"archive batch {relative}: a file belongs to no record of the batch")
            if cipher is not None:
                _decrypt_file(cipher, entity, blob, relative)
    return readable, erased


FILES = "files"  # <batch>/files/<hashed id>: a record's file, nonce + AES-GCM under the record's data key


def _file_aad(entity: str, hashed_id: str) -> bytes:
    return f"{entity}\x1f{hashed_id}\x1ffile".encode("ascii")


def _decrypt_file(cipher: AESGCM, entity: str, blob: Path, relative: str) -> bytes:
    data = blob.read_bytes()
    try:
        return cipher.decrypt(data[:12], data[12:], _file_aad(entity, blob.name))
    except Exception:  # noqa: BLE001 - InvalidTag: tampered or wrong key
        raise ArchiveError(f"archive batch {relative}: a file does not decrypt") from None


def media_file(media_root: Path, path: object) -> Path:
    """A record's file under its source's media root; a path that resolves outside it is refused."""
    root = media_root.resolve()
    target = (root / str(path)).resolve()
    if root not in target.parents:
        raise ArchiveError("a file path points outside the media root; refusing")
    return target


def _archive_files(
    folder: Path,
    media: dict[str, Path],
    rows: pd.DataFrame,
    entity: str,
    hashed_ids: list[str],
    key_ids: list[str],
    ciphers: dict[str, AESGCM],
) -> tuple[int, int]:
    """Encrypt the records' files into ``folder`` (one file at a time: memory holds one file), each under its
    record's data key, so the file is read, restored and crypto-erased with its record. Returns (stored,
    missing from disk)."""
    if "file_path" not in rows.columns:
        return 0, 0
    stored = missing = 0
    for source, path, hashed_id, key_id in zip(
        rows["source_system"].tolist(), rows["file_path"].tolist(), hashed_ids, key_ids
    ):
        if path is None or pd.isna(path):
            continue
        target = media_file(media[source], path)
        if not target.is_file():
            missing += 1
            continue
        folder.mkdir(exist_ok=True)
        nonce = os.urandom(12)
        (folder / hashed_id).write_bytes(
            nonce + ciphers[key_id].encrypt(nonce, target.read_bytes(), _file_aad(entity, hashed_id))
        )
        stored += 1
    return stored, missing


def archive_class(
    engine: Engine,
    plan_id: str,
    class_id: str,
    *,
    now: dt.datetime,
    data_root: Path | None = None,
    root: Path | None = None,
    policy: RetentionPolicy | None = None,
    model: CanonicalModel | None = None,
    key: bytes | None = None,
    master: bytes | None = None,
    media_roots: dict[str, Path] | None = None,
) -> list[ArchiveEntityResult]:
    """Archive the approved ``archive``-stage records of one class of a plan, verified, recorded, audited.

    ``media_roots``: where each source keeps its files. A record's file goes into the archive with it
    (encrypted under the same data key); a record with a file from a source without a media root is not
    archived (it stays live with its file: the record never leaves without its X-ray)."""
    media = dict(media_roots or {})
    policy = policy or load_policy()
    model = model or load_model()
    key = key or hashing.hash_key()
    master = master or master_key()
    root = archive_root(root)
    plan = load_plan(engine, plan_id)
    cls = policy.retention_class(class_id)
    check_plan_is_current(plan, policy.content_hash, key, ArchiveError)
    if cls.archive is None:
        raise ArchiveError(f"class {class_id} has no archive stage")
    if class_id not in approved_classes(engine, plan_id):
        raise ArchiveError(f"class {class_id} of plan {plan_id} is not approved")
    register.ensure_tables(engine, ARCHIVE_DATA_KEYS, ARCHIVE_BATCHES, ARCHIVE_RECORDS, ARCHIVE_FIELD_TERMS)
    index, _ = build_hold_index(policy, model, engine, plan.sources, data_root)
    key_of = {name: e.key for name, e in model.entities.items()}
    triggers = Triggers(policy, model, plan.sources, data_root, engine=engine, key=key)
    results = []
    for entity_name in [
        e for e, rules in policy.entities.items() if any(r.class_ == class_id for r in rules if not r.is_field_rule)
    ]:
        if not has_items(engine, plan_id, class_id, entity_name, ["archive"]):
            continue
        entity = model.entity(entity_name)
        subject = policy.subject_column(entity_name, model)
        related = triggers.related(entity_name)
        result = ArchiveEntityResult(class_id, entity_name, 0, 0, 0, 0, None)
        staged = sorted({"source_system", entity.key, *entity.columns})
        with engine.connect() as conn:  # one retention run at a time (register lock): numbers are ours to give
            batch_no = conn.execute(
                select(func.count())
                .select_from(ARCHIVE_BATCHES)
                .where(
                    ARCHIVE_BATCHES.c.plan_id == plan_id,
                    ARCHIVE_BATCHES.c.class_id == class_id,
                    ARCHIVE_BATCHES.c.entity == entity_name,
                )
            ).scalar_one()
        # Streamed: only the records the plan lists for archiving, with whether each already has a copy, a
        # subject's records together (their data key is looked up and unwrapped once, not once per batch). The
        # register work runs in the background, in order: a batch's data keys are made while the batch before
        # it is encrypted, and its records are committed while the next one is prepared.
        waiting = None  # the batch whose data keys are being made
        with InOrder(depth=2) as work:
            for batch in planned_batches(
                engine,
                plan_id,
                class_id,
                entity_name,
                entity.key,
                entity.columns,
                plan.sources,
                data_root,
                hash_key=key,
                stages=["archive"],
                archived=ARCHIVE_RECORDS,
                subject=subject,
                by_subject=True,
                batch_rows=ARCHIVE_BATCH_ROWS,
            ):
                done = batch["_archived"].to_numpy(dtype=bool)
                result.already_archived += int(done.sum())
                batch = batch[~done]
                if batch.empty:
                    continue
                frame, hashed = batch[staged], batch["_hashed_id"]
                timed = triggers.prepare(entity_name, frame, hashed)
                assigned = assign(policy, entity_name, timed, related, key_of)
                held = held_mask(index, entity_name, frame, entity.key, assigned["retention_class"], subject)
                due = (
                    (assigned["retention_class"] == class_id)
                    & expired_mask(assigned["archive_ends_on"], plan.as_of)
                    & ~expired_mask(assigned["term_ends_on"], plan.as_of)
                )
                no_media = pd.Series(False, index=frame.index)
                if "file_path" in frame.columns:
                    no_media = frame["file_path"].notna() & ~frame["source_system"].isin(list(media))
                    result.skipped_no_media += int((due & ~held & no_media).sum())
                chosen = strip_expired_fields(
                    policy,
                    index,
                    entity_name,
                    entity.key,
                    subject,
                    frame[due & ~held & ~no_media],
                    timed,
                    related,
                    key_of,
                    plan.as_of,
                )
                kept_fields = field_terms(
                    policy, entity_name, chosen, hashed[chosen.index].tolist(), timed, related, key_of
                )
                result.skipped_held += int((due & held).sum())
                result.skipped_not_due += int((~due).sum())
                if not chosen.empty:
                    batch_no += 1
                    subjects = batch.loc[chosen.index, "_subject_hash" if subject else "_hashed_id"].tolist()
                    terms = assigned.loc[chosen.index, "term_ends_on"].tolist()
                    made: dict = {}  # a subject's records come together: each key id once
                    key_ids = [
                        made.get((s, t)) or made.setdefault((s, t), key_id_for(s, class_id, t))
                        for s, t in zip(subjects, terms)
                    ]
                    specs = {(k, s, class_id, t) for k, s, t in zip(key_ids, subjects, terms)}
                    keys = work.submit(ensure_data_keys, engine, master, specs, now=now)
                    if waiting is not None:
                        result.path = write_batch(*waiting, work=work)
                    waiting = (
                        engine,
                        master,
                        root,
                        plan_id,
                        plan.policy_version,
                        class_id,
                        entity_name,
                        chosen,
                        hashed[chosen.index].tolist(),
                        subjects,
                        terms,
                        key_ids,
                        keys,
                        now,
                        batch_no,
                        media,
                        result,
                        kept_fields,
                    )
                    result.archived += len(chosen)
            if waiting is not None:
                result.path = write_batch(*waiting, work=work)
        log.info(
            "archive %s/%s: %d archived (%d files, %d missing on disk), %d already archived, %d held, "
            "%d no longer due, %d with a file but no media root",
            class_id,
            entity_name,
            result.archived,
            result.files,
            result.files_missing,
            result.already_archived,
            result.skipped_held,
            result.skipped_not_due,
            result.skipped_no_media,
        )
        results.append(result)
    return results


def strip_expired_fields(
    policy: RetentionPolicy,
    index: HoldIndex,
    entity: str,
    key: str,
    subject: tuple[str, str] | None,
    chosen: pd.DataFrame,
    timed: pd.DataFrame,
    related: dict[str, pd.DataFrame],
    key_of: dict[str, str],
    as_of: dt.date,
) -> pd.DataFrame:
    """``chosen`` without the fields whose own term (a field rule: contact details, a leaver's work contact
    details) ended before ``as_of``, unless a hold covers them: no copy is ever made of a field past its term
    (GDPR art. 5(1)(e)), whether or not the live row has been minimised yet (that waits for approval; a new
    copy does not)."""
    rules = policy.field_rules(entity)
    if chosen.empty or not rules:
        return chosen
    chosen = chosen.copy()
    for rule in rules:
        rows = timed.loc[chosen.index]
        ends = assign_fields(policy, entity, rule, rows, related, key_of)
        held = held_mask(index, entity, chosen, key, pd.Series(rule.class_, index=chosen.index), subject)
        past = expired_mask(ends, as_of) & ~held
        if past.any():
            for name in rule.fields or []:
                chosen[name] = chosen[name].astype("object").where(~past, None)
    return chosen


def field_terms(
    policy: RetentionPolicy,
    entity: str,
    chosen: pd.DataFrame,
    hashed: list[str],
    timed: pd.DataFrame,
    related: dict[str, pd.DataFrame],
    key_of: dict[str, str],
) -> list[dict]:
    """Rows for ``archive_field_term``: per archived record and field rule whose fields the copy still holds
    (their term runs, or a hold keeps them), the day that term ends, so the archive copy is minimised then even
    if the record has left the live system and the staging by that time."""
    out: list[dict] = []
    if chosen.empty:
        return out
    for rule in policy.field_rules(entity):
        ends = assign_fields(policy, entity, rule, timed.loc[chosen.index], related, key_of)
        for h, end in zip(hashed, ends.tolist()):
            if isinstance(end, dt.date):
                out.append({"hashed_id": h, "class_id": rule.class_, "entity": entity, "fields_end_on": end})
    return out


def write_batch(
    engine: Engine,
    master: bytes,
    root: Path,
    plan_id: str,
    policy_version: str,
    class_id: str,
    entity: str,
    rows: pd.DataFrame,
    hashed_ids: list[str],
    subject_hashes: list[str],
    term_list: list[dt.date],
    key_ids: list[str],
    keys: Future,
    now: dt.datetime,
    batch_no: int,
    media: dict[str, Path] | None = None,
    result: ArchiveEntityResult | None = None,
    terms_of_fields: list[dict] | None = None,
    *,
    work: InOrder,
) -> str:
    """Write, read back and verify one archive batch, then hand its register transaction to ``work``;
    returns its folder (relative to the root). ``subject_hashes``: the keyed hash of each record's data subject
    (the record's own when it has none), whose data key (``key_ids``; ``keys``: the ``ensure_data_keys``
    call that made them, committed before anything is encrypted) encrypts it."""
    data_keys = keys.result()
    folder = _batch_dir(root, class_id, entity, plan_id, batch_no)
    relative = str(folder.relative_to(root))
    _clean_stale(folder.parent)
    ciphers = {k: AESGCM(data_keys[k]) for k in set(key_ids)}  # one cipher per subject key, not per record
    columns = {"hashed_id": hashed_ids, "subject_hash": subject_hashes, "key_id": key_ids}
    columns |= {"source_system": rows["source_system"].tolist(), "term_ends_on": term_list}
    table, digest = _encrypted_table(entity, ciphers, frame_plaintexts(rows), columns)

    def add_files(tmp_dir: Path) -> dict:
        stored, missing = _archive_files(tmp_dir / FILES, media or {}, rows, entity, hashed_ids, key_ids, ciphers)
        return {"policy_version": policy_version, "files": stored, "files_missing": missing}

    manifest = _write_verified_batch(
        engine, master, root, folder, table, digest, ciphers, plan_id, class_id, entity, batch_no, add_files
    )
    stored, missing = manifest["files"], manifest["files_missing"]
    if stored and sum(1 for _ in (folder / FILES).iterdir()) != stored:
        raise ArchiveError(f"archive batch {relative}: files missing after the write")
    if result is not None:
        result.files += stored
        result.files_missing += missing
    work.submit(
        _record_batch,
        engine,
        plan_id,
        class_id,
        entity,
        batch_no,
        relative,
        manifest,
        hashed_ids,
        subject_hashes,
        term_list,
        digest,
        policy_version,
        now,
        terms_of_fields or [],
    )
    return relative


def _encrypted_table(
    entity: str, ciphers: dict[str, AESGCM], plaintexts: Iterable[bytes], columns: dict[str, list]
) -> tuple[pa.Table, str]:
    """The archive table of one batch: ``columns`` (hashed_id, subject_hash, key_id, source_system,
    term_ends_on, one value per record) and each plaintext encrypted under its record's key (a fresh nonce,
    the entity and hashed id as associated data); and the digest of the plaintexts that read-back checks."""
    pairs: list[tuple[str, bytes]] = []
    nonces, ciphertexts = [], []
    aad_prefix = f"{entity}\x1f".encode("ascii")
    for plain, hashed_id, key_id in zip(plaintexts, columns["hashed_id"], columns["key_id"]):
        nonce = os.urandom(12)
        nonces.append(nonce)
        ciphertexts.append(ciphers[key_id].encrypt(nonce, plain, aad_prefix + hashed_id.encode("ascii")))
        pairs.append((hashed_id, hashlib.sha256(plain).digest()))
    table = pa.table({**columns, "nonce": nonces, "ciphertext": ciphertexts}, schema=SCHEMA)
    return table, _digest_of_hashes(pairs)


def _write_verified_batch(
    engine: Engine,
    master: bytes,
    root: Path,
    folder: Path,
    table: pa.Table,
    digest: str,
    ciphers: dict[str, AESGCM],
    plan_id: str,
    class_id: str,
    entity: str,
    batch_no: int,
    add_files: Callable[[Path], dict],
) -> dict:
    """Write one archive batch to ``folder``: the table, the files ``add_files`` puts in the folder being
    written (it returns what the manifest says of them), the manifest; then read it back and verify it before
    anything is recorded: a batch that does not verify does not exist. Returns the manifest."""
    relative = str(folder.relative_to(root))
    writer = staging.PartitionWriter(folder, SCHEMA)
    try:
        writer.write(table)
        files = add_files(writer.tmp_dir)
        writer.commit(
            {
                "format": FORMAT,
                "plan_id": plan_id,
                "class_id": class_id,
                "entity": entity,
                "batch_no": batch_no,
                "master_fingerprint": _fingerprint(master),
                "plaintext_digest": digest,
                **files,
            }
        )
    except BaseException:
        writer.abort()
        raise
    manifest = json.loads((folder / staging.MANIFEST).read_text())
    rows = table.num_rows
    readable, erased = verify_batch(
        engine, master, root, relative, entity=entity, expected_rows=rows, expected_digest=digest, ciphers=ciphers
    )
    if readable != rows or erased:
        raise ArchiveError(f"archive batch {relative}: only {readable} of {rows} rows readable")
    return manifest


def _insert_batch(conn: Connection, relative: str, manifest: dict, verified_at: dt.datetime, **batch_key) -> None:
    """The register's row of a batch written and verified (``_write_verified_batch``), from its manifest;
    ``batch_key``: its plan_id, class_id, entity and batch_no."""
    conn.execute(
        ARCHIVE_BATCHES.insert().values(
            **batch_key, path=relative, rows=manifest["rows"], sha256=manifest["sha256"], verified_at=verified_at
        )
    )


def _record_batch(
    engine: Engine,
    plan_id: str,
    class_id: str,
    entity: str,
    batch_no: int,
    relative: str,
    manifest: dict,
    hashed: list[str],
    subjects: list[str],
    term_ends: list[dt.date],
    digest: str,
    policy_version: str,
    now: dt.datetime,
    terms_of_fields: list[dict] | None = None,
) -> None:
    """Records, batch, field terms and audit entry in one register transaction: all of them, or none."""
    moment = now.astimezone(dt.timezone.utc).replace(tzinfo=None)
    with chain.write_transaction(engine) as conn:
        _insert_batch(
            conn, relative, manifest, moment, plan_id=plan_id, class_id=class_id, entity=entity, batch_no=batch_no
        )
        rows = [
            {
                "hashed_id": h,
                "entity": entity,
                "class_id": class_id,
                "subject_hash": s,
                "term_ends_on": t,
                "plan_id": plan_id,
                "batch_no": batch_no,
                "archived_at": moment,
            }
            for h, s, t in zip(hashed, subjects, term_ends)
        ]
        bulk.insert(conn, ARCHIVE_RECORDS, rows)
        if terms_of_fields:
            bulk.insert(conn, ARCHIVE_FIELD_TERMS, terms_of_fields)
        chain.append_in(
            conn,
            "retention.archive",
            {
                "plan_id": plan_id,
                "class": class_id,
                "entity": entity,
                "batch_no": batch_no,
                "policy_version": policy_version,
                "rows": manifest["rows"],
                "file_sha256": manifest["sha256"],
                "plaintext_digest": digest,
                "hashed_ids_sha256": hashlib.sha256("\n".join(sorted(hashed)).encode("ascii")).hexdigest(),
            },
            recorded_at=now,
        )


def archive_plan(
    plan_id: str,
    *,
    now: dt.datetime,
    register_url: str | None = None,
    data_root: Path | None = None,
    root: Path | None = None,
    media_roots: dict[str, Path] | None = None,
) -> dict:
    """DAG task ``archive``: every approved class with an archive stage; JSON-safe counts (for XCom).
    ``media_roots``: where each source keeps its files (they are archived with their records)."""
    engine = register.register_engine(register_url)
    policy = load_policy()
    approved = approved_classes(engine, plan_id)
    out = {}
    for class_id, cls in sorted(policy.classes.items()):
        if cls.archive is not None and class_id in approved:
            out[class_id] = [
                vars(r)
                for r in archive_class(
                    engine,
                    plan_id,
                    class_id,
                    now=now,
                    data_root=data_root,
                    root=root,
                    policy=policy,
                    media_roots=media_roots,
                )
            ]
    set_status(engine, plan_id, "archived")
    return out


def verify_archives(*, register_url: str | None = None, root: Path | None = None, master: bytes | None = None) -> dict:
    """DAG task ``verify`` (archive part): every recorded batch still matches its checksum and decrypts
    (rows of crypto-erased subjects are counted, not read). Raises ``ArchiveError`` on the first bad batch."""
    engine = register.register_engine(register_url)
    register.ensure_tables(engine, ARCHIVE_BATCHES)
    master = master or master_key()
    root = archive_root(root)
    totals = {"batches": 0, "readable": 0, "erased": 0}
    with engine.connect() as conn:
        batches = conn.execute(select(ARCHIVE_BATCHES)).all()
    for b in batches:
        readable, erased = verify_batch(
            engine, master, root, b.path, entity=b.entity, expected_rows=b.rows, expected_sha256=b.sha256
        )
        totals["batches"] += 1
        totals["readable"] += readable
        totals["erased"] += erased
    return totals


def read_archived(
    engine: Engine,
    root: Path | None = None,
    *,
    class_id: str | None = None,
    entity: str | None = None,
    master: bytes | None = None,
    entities: Collection[str] | None = None,
    subjects: Collection[str] | None = None,
) -> Iterator[tuple[str, str, dict]]:
    """(entity, hashed id, canonical row) of every readable archived record (for subject requests, restores).

    ``entities``: only batches of these entities. ``subjects``: only records whose ``subject_hash`` (the keyed
    hash of their data subject, stored beside the ciphertext) is among these: the others are not decrypted,
    and a batch's data keys are fetched in one query (a subject request reads one person's records, not the
    whole archive)."""
    master = master or master_key()
    root = archive_root(root)
    register.ensure_tables(engine, ARCHIVE_BATCHES, ARCHIVE_DATA_KEYS)
    query = select(ARCHIVE_BATCHES)
    if class_id:
        query = query.where(ARCHIVE_BATCHES.c.class_id == class_id)
    if entity:
        query = query.where(ARCHIVE_BATCHES.c.entity == entity)
    if entities is not None:
        query = query.where(ARCHIVE_BATCHES.c.entity.in_(sorted(entities)))
    wanted = pa.array(sorted(set(subjects)), pa.string()) if subjects is not None else None
    with engine.connect() as conn:
        batches = conn.execute(query).all()
        for b in batches:
            folder = root / b.path
            manifest = json.loads((folder / staging.MANIFEST).read_text())
            table = pq.read_table(folder / manifest["file"])
            if wanted is not None:
                table = table.filter(pc.is_in(table.column("subject_hash"), value_set=wanted))
            if not table.num_rows:
                continue
            records = table.to_pylist()
            data_keys = _data_keys(conn, master, [r["key_id"] for r in records])
            for record in records:
                data_key = data_keys[record["key_id"]]
                if data_key is None:
                    continue
                plain = AESGCM(data_key).decrypt(
                    record["nonce"], record["ciphertext"], _aad(b.entity, record["hashed_id"])
                )
                yield b.entity, record["hashed_id"], json.loads(plain)


def expire_archives(
    engine: Engine,
    as_of: dt.date | dt.datetime | str,
    *,
    now: dt.datetime,
    data_root: Path | None = None,
    policy: RetentionPolicy | None = None,
    model: CanonicalModel | None = None,
    key: bytes | None = None,
    root: Path | None = None,
    master: bytes | None = None,
) -> dict[str, int]:
    """Archives expire too: destroy the data keys whose records' legal term ended before ``as_of`` (so those
    records can never be read again) and delete their files from the archive. Returns records destroyed per
    class; one ``retention.archive_expired`` audit entry per class (records, files, digest of hashed ids).

    A hold protects exactly its scope (DESIGN "A hold protects exactly its scope"): a person hold limited to a
    class keeps only that class's keys, a category hold limited to a source only that source's keys (a key's
    records all come from one source: the subject hash includes it), and a record hold only its record. Since a
    key is shared by a subject's records of one class and term end, a held record is first re-encrypted under a
    key of its own (``key_id_for(..., held_record=...)``), read back and verified; then the shared key goes."""

    day = as_of_date(as_of)
    policy = policy or load_policy()
    model = model or load_model()
    key = key or hashing.hash_key()
    root = archive_root(root)
    register.ensure_tables(engine, ARCHIVE_DATA_KEYS, ARCHIVE_RECORDS, ARCHIVE_BATCHES, HOLDS)
    with engine.connect() as conn:
        plan_ids = sorted({r[0] for r in conn.execute(select(ARCHIVE_RECORDS.c.plan_id).distinct())})
        plan_sources: set[str] = set()
        for row in conn.execute(select(PLANS.c.sources).where(PLANS.c.plan_id.in_(plan_ids))):
            plan_sources |= set(json.loads(row.sources))
    automatic, _ = build_hold_index(policy, model, engine, sorted(plan_sources), data_root)
    destroyed: dict[str, int] = {}
    moment = now.astimezone(dt.timezone.utc).replace(tzinfo=None)
    with chain.write_transaction(engine) as conn:
        index = HoldIndex.build(active_holds(conn))
        persons: dict[str, set[str | None]] = {}  # subject hash -> classes held (None: every class)
        for (s, kind, k), classes in [*automatic.persons.items(), *index.persons.items()]:
            persons.setdefault(hashing.hash_id(key, s, kind, k), set()).update(classes)
        held_records = {hashing.hash_id(key, s, e, k) for s, e, k in automatic.records | index.records}
        categories = {c: set(s) for c, s in index.categories.items()}
        keys = ARCHIVE_DATA_KEYS.c
        due = conn.execute(
            select(keys.key_id, keys.subject_hash, keys.class_id, keys.term_ends_on).where(
                keys.wrapped_key.is_not(None), keys.term_ends_on < day
            )
        ).all()
        limited = {c for c, sources in categories.items() if None not in sources}
        source_of = _key_sources(conn, root, limited & {r.class_id for r in due})
        per_class: dict[str, list[str]] = {}
        files: dict[str, int] = {}
        rekeyed: dict[str, int] = {}
        gone: list[Path] = []  # archived files whose key is destroyed (deleted once that has committed)
        for row in due:
            classes = persons.get(row.subject_hash, set())
            if None in classes or row.class_id in classes:
                continue  # a person hold on this subject, in every class or in this one
            sources = categories.get(row.class_id)
            if sources and (
                None in sources or source_of.get(row.key_id, "?") in sources or row.key_id not in source_of
            ):
                continue  # a category hold on this class (in this key's source; unknown source: kept)
            records = _records_of_key(conn, row)
            held = [r for r in records if r.hashed_id in held_records]
            if records and len(held) == len(records):
                continue
            if held:  # the shared key goes; the held records first get keys of their own
                master = master or master_key()
                gone += _split_held(conn, master, root, row, held, now=now)
                rekeyed[row.class_id] = rekeyed.get(row.class_id, 0) + len(held)
            conn.execute(
                update(ARCHIVE_DATA_KEYS)
                .where(ARCHIVE_DATA_KEYS.c.key_id == row.key_id)
                .values(wrapped_key=None, destroyed_because="term_ended", destroyed_at=moment)
            )
            free = [r for r in records if r.hashed_id not in held_records]
            blobs = _archived_files(conn, root, row.class_id, free)
            files[row.class_id] = files.get(row.class_id, 0) + len(blobs)
            gone += blobs
            per_class.setdefault(row.class_id, []).extend(r.hashed_id for r in free)
        for class_id, records in sorted(per_class.items()):
            chain.append_in(
                conn,
                "retention.archive_expired",
                {
                    "class": class_id,
                    "as_of": day.isoformat(),
                    "policy_version": policy.content_hash,
                    "records": len(records),
                    "files": files.get(class_id, 0),
                    "held_records_rekeyed": rekeyed.get(class_id, 0),
                    "hashed_ids_sha256": hashlib.sha256("\n".join(sorted(records)).encode("ascii")).hexdigest(),
                },
                recorded_at=now,
            )
            destroyed[class_id] = len(records)
    for blob in gone:  # a crash before this leaves ciphertext nobody can read; the next expiry finds no key
        blob.unlink(missing_ok=True)
    return destroyed


def _records_of_key(conn: Connection, key_row) -> list:
    """The archived records encrypted under one data key: those of its subject, class and term end, less the
    records split off to keys of their own (or, for such a split key, its one record)."""
    r = ARCHIVE_RECORDS.c
    records = conn.execute(
        select(r.hashed_id, r.entity, r.plan_id, r.batch_no).where(
            r.subject_hash == key_row.subject_hash,
            r.class_id == key_row.class_id,
            r.term_ends_on == key_row.term_ends_on,
        )
    ).all()
    split = {
        k
        for (k,) in conn.execute(
            select(ARCHIVE_DATA_KEYS.c.key_id).where(
                ARCHIVE_DATA_KEYS.c.subject_hash == key_row.subject_hash,
                ARCHIVE_DATA_KEYS.c.class_id == key_row.class_id,
                ARCHIVE_DATA_KEYS.c.term_ends_on == key_row.term_ends_on,
            )
        )
    }
    shared = key_row.key_id == key_id_for(key_row.subject_hash, key_row.class_id, key_row.term_ends_on)
    out = []
    for rec in records:
        own = key_id_for(key_row.subject_hash, key_row.class_id, key_row.term_ends_on, held_record=rec.hashed_id)
        if (own == key_row.key_id) or (shared and own not in split):
            out.append(rec)
    return out


def _key_sources(conn: Connection, root: Path, class_ids: set[str]) -> dict[str, str]:
    """key id -> the source its records came from, read from the archive batches of these classes (only needed
    when a category hold is limited to one source)."""
    out: dict[str, str] = {}
    if not class_ids:
        return out
    for b in conn.execute(select(ARCHIVE_BATCHES.c.path).where(ARCHIVE_BATCHES.c.class_id.in_(sorted(class_ids)))):
        folder = root / b.path
        manifest = json.loads((folder / staging.MANIFEST).read_text())
        table = pq.read_table(folder / manifest["file"], columns=["key_id", "source_system"])
        out.update(zip(table.column("key_id").to_pylist(), table.column("source_system").to_pylist()))
    return out


def _batch_path(conn: Connection, class_id: str, entity: str, plan_id: str, batch_no: int) -> str:
    b = ARCHIVE_BATCHES.c
    return conn.execute(
        select(b.path).where(b.plan_id == plan_id, b.class_id == class_id, b.entity == entity, b.batch_no == batch_no)
    ).scalar_one()


def _archived_files(conn: Connection, root: Path, class_id: str, records: list) -> list[Path]:
    """The archived files of these records (to delete once their key's destruction has committed: a file's
    fate is its record's)."""
    found = []
    paths: dict[tuple, str] = {}
    for rec in records:
        where = (rec.entity, rec.plan_id, rec.batch_no)
        if where not in paths:
            paths[where] = _batch_path(conn, class_id, *where)
        blob = root / paths[where] / FILES / rec.hashed_id
        if blob.exists():
            found.append(blob)
    return found


def _split_held(conn: Connection, master: bytes, root: Path, key_row, held: list, *, now: dt.datetime) -> list[Path]:
    """Re-encrypt held records (and their files) under a key of their own each, in a new verified batch per
    entity, and point their archive records at it, on the caller's transaction (which then destroys the
    shared key: all of it commits together, or nothing). The old ciphertexts stay in their batch, unreadable
    once the shared key is gone. Returns the old file copies, to delete once the transaction has committed."""
    gone: list[Path] = []
    old = _unwrap(
        master,
        key_row.key_id,
        conn.execute(
            select(ARCHIVE_DATA_KEYS.c.wrapped_key).where(ARCHIVE_DATA_KEYS.c.key_id == key_row.key_id)
        ).scalar_one(),
    )
    old_cipher = AESGCM(old)
    moment = now.astimezone(dt.timezone.utc).replace(tzinfo=None)
    plan_id = f"held-split-{moment:%Y%m%dT%H%M%S}"
    by_entity: dict[str, list] = {}
    for rec in held:
        by_entity.setdefault(rec.entity, []).append(rec)
    for entity, records in sorted(by_entity.items()):
        wanted = {r.hashed_id for r in records}
        rows, blobs = [], {}
        for where in sorted({(r.plan_id, r.batch_no) for r in records}):
            relative = _batch_path(conn, key_row.class_id, entity, *where)
            folder = root / relative
            manifest = json.loads((folder / staging.MANIFEST).read_text())
            for rec in pq.read_table(folder / manifest["file"]).to_pylist():
                if rec["hashed_id"] in wanted:
                    plain = old_cipher.decrypt(rec["nonce"], rec["ciphertext"], _aad(entity, rec["hashed_id"]))
                    rows.append((rec, plain))
                    blob = folder / FILES / rec["hashed_id"]
                    if blob.exists():
                        blobs[rec["hashed_id"]] = (blob, _decrypt_file(old_cipher, entity, blob, relative))
        batch_no = (
            1
            + conn.execute(
                select(func.count())
                .select_from(ARCHIVE_BATCHES)
                .where(
                    ARCHIVE_BATCHES.c.plan_id == plan_id,
                    ARCHIVE_BATCHES.c.class_id == key_row.class_id,
                    ARCHIVE_BATCHES.c.entity == entity,
                )
            ).scalar_one()
        )
        folder = _batch_dir(root, key_row.class_id, entity, plan_id, batch_no)
        relative = str(folder.relative_to(root))
        new_ids = [
            key_id_for(key_row.subject_hash, key_row.class_id, key_row.term_ends_on, held_record=rec["hashed_id"])
            for rec, _ in rows
        ]
        fresh = {k: AESGCM.generate_key(bit_length=256) for k in new_ids}
        ciphers = {k: AESGCM(v) for k, v in fresh.items()}
        columns = {name: [r[name] for r, _ in rows] for name in ("hashed_id", "subject_hash")}
        columns["key_id"] = new_ids
        columns |= {name: [r[name] for r, _ in rows] for name in ("source_system", "term_ends_on")}
        table, digest = _encrypted_table(entity, ciphers, (plain for _, plain in rows), columns)
        manifest = _write_verified_batch(
            conn.engine,
            master,
            root,
            folder,
            table,
            digest,
            ciphers,
            plan_id,
            key_row.class_id,
            entity,
            batch_no,
            functools.partial(_write_split_files, entity, rows, new_ids, ciphers, blobs),
        )
        bulk.insert(
            conn,
            ARCHIVE_DATA_KEYS,
            [
                {
                    "key_id": k,
                    "subject_hash": key_row.subject_hash,
                    "class_id": key_row.class_id,
                    "term_ends_on": key_row.term_ends_on,
                    "wrapped_key": _wrap(master, k, fresh[k]),
                    "master_fingerprint": _fingerprint(master),
                    "created_at": moment,
                }
                for k in new_ids
            ],
        )
        _insert_batch(
            conn,
            relative,
            manifest,
            moment,
            plan_id=plan_id,
            class_id=key_row.class_id,
            entity=entity,
            batch_no=batch_no,
        )
        conn.execute(
            update(ARCHIVE_RECORDS)
            .where(ARCHIVE_RECORDS.c.hashed_id.in_(sorted(wanted)))
            .values(plan_id=plan_id, batch_no=batch_no)
        )
        gone.extend(blob for blob, _ in blobs.values())  # old copies, under the key about to be destroyed
    return gone


def _write_split_files(
    entity: str, rows: list, key_ids: list[str], ciphers: dict[str, AESGCM], blobs: dict, tmp_dir: Path
) -> dict:
    """The files of held records, each encrypted under its record's own new key, in a batch being written."""
    for (rec, _), key_id in zip(rows, key_ids):
        if rec["hashed_id"] in blobs:
            (tmp_dir / FILES).mkdir(exist_ok=True)
            nonce = os.urandom(12)
            (tmp_dir / FILES / rec["hashed_id"]).write_bytes(
                nonce + ciphers[key_id].encrypt(nonce, blobs[rec["hashed_id"]][1], _file_aad(entity, rec["hashed_id"]))
            )
    return {"files": len(blobs), "split_from_shared_key": True}


def minimise_archived(
    engine: Engine,
    plan_id: str,
    class_id: str,
    fields: dict[str, list[str]],
    *,
    now: dt.datetime,
    root: Path | None = None,
    master: bytes | None = None,
) -> dict[str, int]:
    """The archive copies follow a field rule's minimisation: every archived record whose fields this plan
    emptied in the live system (the dispose journal's ``minimise`` entries marked ``done``: holds were
    re-checked there, and a record already gone from the live system counts as done) is re-written without
    ``fields`` (entity -> fields), re-encrypted under the same data key with a fresh nonce. A batch is written
    to a new folder, read back and verified (every row decrypts, the minimised rows hold no value in those
    fields), then the register points at it in the same transaction as the audit entry, and only then is the
    old folder removed; a crash before that commit leaves the old batch in force and the re-run does it again,
    a crash after it leaves an old folder the re-run removes. A restore from the archive cannot bring the
    fields back. Returns rows re-written per entity (no ids)."""
    root = archive_root(root)
    register.ensure_tables(engine, ARCHIVE_BATCHES, ARCHIVE_RECORDS, ARCHIVE_DATA_KEYS)
    from transforms.register.schema import DISPOSE_JOURNAL

    journal, records = DISPOSE_JOURNAL, ARCHIVE_RECORDS
    done: dict[str, int] = {}
    with engine.connect() as conn:
        if not engine.dialect.has_table(conn, journal.name):
            return done
        wanted = conn.execute(
            select(records.c.entity, records.c.plan_id, records.c.class_id, records.c.batch_no, records.c.hashed_id)
            .select_from(
                records.join(
                    journal, (journal.c.hashed_id == records.c.hashed_id) & (journal.c.entity == records.c.entity)
                )
            )
            .where(
                journal.c.plan_id == plan_id,
                journal.c.class_id == class_id,
                journal.c.action == "minimise",
                journal.c.status == "done",
                records.c.entity.in_(list(fields)),
            )
        ).all()
    if not wanted:
        return done
    # their field term needs no later pass (minimise_archived_due)
    return _minimise_batches(engine, master or master_key(), root, wanted, fields, plan_id, class_id, now, "")


def minimise_archived_due(
    engine: Engine,
    plan: Plan,
    class_id: str,
    fields: dict[str, list[str]],
    *,
    now: dt.datetime,
    root: Path | None = None,
    master: bytes | None = None,
    data_root: Path | None = None,
    policy: RetentionPolicy | None = None,
    model: CanonicalModel | None = None,
    key: bytes | None = None,
) -> dict[str, int]:
    """Minimisation reaches the archive copy at the field's own term end, also for a record that left the live
    system and the staging before it (no live row to minimise, no staged row for a plan to find): the archived
    records whose ``archive_field_term`` of this class ended before the plan's day and that the approved ``plan`` lists
    for minimising (``plan.archived_field_items``) are re-written without ``fields`` (``_minimise_batch``: new
    folder, read back, register and audit entry in one transaction, old folder removed), unless a hold covers
    them: a record hold (by hashed id), a person hold on the subject (by subject hash, every class or this
    one), any category hold on the class (kept whole: a copy's source is not known without decrypting). Then
    the term is marked minimised (a re-run after a crash finds the batch done and only marks it). Returns rows
    re-written per entity."""
    plan_id, day, sources = plan.plan_id, as_of_date(plan.as_of), plan.sources
    policy = policy or load_policy()
    model = model or load_model()
    key = key or hashing.hash_key()
    root = archive_root(root)
    register.ensure_tables(engine, ARCHIVE_FIELD_TERMS, ARCHIVE_RECORDS, ARCHIVE_BATCHES, HOLDS, PLAN_ITEMS)
    terms, records, items = ARCHIVE_FIELD_TERMS.c, ARCHIVE_RECORDS.c, PLAN_ITEMS.c
    with engine.connect() as conn:
        due = conn.execute(
            select(
                terms.hashed_id, terms.entity, records.plan_id, records.class_id, records.batch_no, records.subject_hash
            )
            .select_from(
                ARCHIVE_FIELD_TERMS.join(
                    ARCHIVE_RECORDS, (records.hashed_id == terms.hashed_id) & (records.entity == terms.entity)
                ).join(
                    PLAN_ITEMS,
                    (items.hashed_id == terms.hashed_id)
                    & (items.entity == terms.entity)
                    & (items.class_id == terms.class_id)
                    & (items.plan_id == plan_id)
                    & (items.stage == "minimise"),
                )
            )
            .where(
                terms.class_id == class_id,
                terms.fields_end_on < day,
                terms.minimised_at.is_(None),
                terms.entity.in_(list(fields)),
            )
        ).all()
    if not due:
        return {}
    automatic, _ = build_hold_index(policy, model, engine, sources, data_root)
    with engine.connect() as conn:
        index = HoldIndex.build(active_holds(conn))
    if index.categories.get(class_id) or automatic.categories.get(class_id):
        log.info("archived fields of %s kept: a category hold covers the class", class_id)
        return {}
    persons: dict[str, set[str | None]] = {}
    for (s, kind, k), classes in [*automatic.persons.items(), *index.persons.items()]:
        persons.setdefault(hashing.hash_id(key, s, kind, k), set()).update(classes)
    held_records = {hashing.hash_id(key, s, e, k) for s, e, k in automatic.records | index.records}

    def held(r) -> bool:
        classes = persons.get(r.subject_hash, set())
        return r.hashed_id in held_records or None in classes or class_id in classes

    rows = [r for r in due if not held(r)]
    when = " at their field term"
    return _minimise_batches(engine, master or master_key(), root, rows, fields, plan_id, class_id, now, when)


def _minimise_batches(
    engine: Engine,
    master: bytes,
    root: Path,
    rows: list,
    fields: dict[str, list[str]],
    plan_id: str,
    class_id: str,
    now: dt.datetime,
    when: str,
) -> dict[str, int]:
    """Re-write the archive batches holding ``rows`` (archived records: hashed id, entity, plan, class, batch
    number) without the entity's ``fields`` (``_minimise_batch``), then mark those records' field terms of
    ``class_id`` minimised. Returns rows re-written per entity; ``when`` goes into the log line."""
    by_batch: dict[tuple, set[str]] = {}
    for r in rows:
        by_batch.setdefault((r.plan_id, r.class_id, r.entity, r.batch_no), set()).add(r.hashed_id)
    done: dict[str, int] = {}
    if by_batch:
        register.ensure_tables(engine, ARCHIVE_FIELD_TERMS)
    for (b_plan, b_class, entity, batch_no), ids in sorted(by_batch.items()):
        with engine.connect() as conn:
            batch = conn.execute(
                select(ARCHIVE_BATCHES).where(
                    ARCHIVE_BATCHES.c.plan_id == b_plan,
                    ARCHIVE_BATCHES.c.class_id == b_class,
                    ARCHIVE_BATCHES.c.entity == entity,
                    ARCHIVE_BATCHES.c.batch_no == batch_no,
                )
            ).one()
        rewritten = _minimise_batch(engine, master, root, batch, ids, fields[entity], plan_id, class_id, now)
        with engine.begin() as conn:
            conn.execute(
                update(ARCHIVE_FIELD_TERMS)
                .where(ARCHIVE_FIELD_TERMS.c.class_id == class_id, ARCHIVE_FIELD_TERMS.c.hashed_id.in_(sorted(ids)))
                .values(minimised_at=now.astimezone(dt.timezone.utc).replace(tzinfo=None))
            )
        if rewritten:
            done[entity] = done.get(entity, 0) + rewritten
    if done:
        log.info("archive copies minimised%s for %s in plan %s: %s", when, class_id, plan_id, done)
    return done


def _minimise_batch(
    engine: Engine,
    master: bytes,
    root: Path,
    batch,
    ids: set[str],
    fields: list[str],
    plan_id: str,
    class_id: str,
    now: dt.datetime,
) -> int:
    """Re-write one archive batch with ``fields`` emptied in the rows ``ids``; returns rows changed (0: nothing
    left to do, the batch is untouched)."""
    base = batch.path.split("~min-")[0]
    for stale in (root / base, *(root / base).parent.glob(Path(base).name + "~min-*")):
        if stale.exists() and stale != root / batch.path:  # the folder the register no longer points at
            shutil.rmtree(stale, ignore_errors=True)
    folder = root / batch.path
    if not (folder / staging.MANIFEST).exists():  # a recorded batch is never missing: wrong root, or lost
        raise ArchiveError(f"archive batch {batch.path} is not under the archive root given; nothing minimised")
    manifest = json.loads((folder / staging.MANIFEST).read_text())
    table = pq.read_table(folder / manifest["file"])
    with engine.connect() as conn:
        keys = _data_keys(conn, master, table.column("key_id").to_pylist())
    aad_prefix = f"{batch.entity}\x1f".encode("ascii")
    nonces, ciphertexts, pairs, changed, checks = [], [], [], 0, []
    for hashed_id, key_id, nonce, ciphertext in zip(
        *(table.column(c).to_pylist() for c in ("hashed_id", "key_id", "nonce", "ciphertext"))
    ):
        data_key = keys.get(key_id)
        if data_key is None or hashed_id not in ids:  # erased rows stay unreadable as they are
            nonces.append(nonce)
            ciphertexts.append(ciphertext)
            if data_key is not None:
                pairs.append(
                    (
                        hashed_id,
                        hashlib.sha256(
                            AESGCM(data_key).decrypt(nonce, ciphertext, aad_prefix + hashed_id.encode("ascii"))
                        ).digest(),
                    )
                )
            continue
        aad = aad_prefix + hashed_id.encode("ascii")
        row = json.loads(AESGCM(data_key).decrypt(nonce, ciphertext, aad))
        if any(row.get(f) is not None for f in fields):
            changed += 1
            checks.append(hashed_id)
        row.update({f: None for f in fields if f in row})
        plain = row_plaintext(row)
        fresh = os.urandom(12)
        nonces.append(fresh)
        ciphertexts.append(AESGCM(data_key).encrypt(fresh, plain, aad))
        pairs.append((hashed_id, hashlib.sha256(plain).digest()))
    if not changed:
        return 0
    new = table.set_column(table.schema.get_field_index("nonce"), "nonce", pa.array(nonces, pa.binary(12))).set_column(
        table.schema.get_field_index("ciphertext"), "ciphertext", pa.array(ciphertexts, pa.binary())
    )
    stamp = f"{base}~min-{now.astimezone(dt.timezone.utc):%Y%m%dT%H%M%S}"
    relative, n = stamp, 1
    # a batch re-written twice at the same moment (by the journal's minimisation, then at its field term) must
    # not be written over the folder in force, which is removed once the register points at the new one
    while relative == batch.path or (root / relative).exists():
        n += 1
        relative = f"{stamp}-{n}"
    digest = _digest_of_hashes(pairs)
    writer = staging.PartitionWriter(root / relative, SCHEMA)
    try:
        writer.write(new)
        writer.commit(
            {
                **{k: v for k, v in manifest.items() if k not in ("rows", "file", "sha256")},
                "plaintext_digest": digest,
                "minimised": {"plan_id": plan_id, "class": class_id, "fields": fields, "rows": changed},
            }
        )
    except BaseException:
        writer.abort()
        raise
    written = json.loads((root / relative / staging.MANIFEST).read_text())
    # Read back: checksum, rows, every readable row decrypts to what was written, and the fields are empty.
    verify_batch(
        engine,
        master,
        root,
        relative,
        entity=batch.entity,
        expected_rows=table.num_rows,
        expected_digest=digest if len(pairs) == table.num_rows else None,
    )
    back = pq.read_table(root / relative / written["file"]).to_pylist()
    wanted = set(checks)
    for record in back:
        if record["hashed_id"] in wanted:
            row = json.loads(
                AESGCM(keys[record["key_id"]]).decrypt(
                    record["nonce"], record["ciphertext"], aad_prefix + record["hashed_id"].encode("ascii")
                )
            )
            if any(row.get(f) is not None for f in fields):
                raise ArchiveError(f"archive batch {relative}: a minimised row still holds a field")
    with chain.write_transaction(engine) as conn:
        conn.execute(
            update(ARCHIVE_BATCHES)
            .where(
                ARCHIVE_BATCHES.c.plan_id == batch.plan_id,
                ARCHIVE_BATCHES.c.class_id == batch.class_id,
                ARCHIVE_BATCHES.c.entity == batch.entity,
                ARCHIVE_BATCHES.c.batch_no == batch.batch_no,
            )
            .values(
                path=relative,
                sha256=written["sha256"],
                verified_at=now.astimezone(dt.timezone.utc).replace(tzinfo=None),
            )
        )
        chain.append_in(
            conn,
            "retention.archive_minimised",
            {
                "plan_id": plan_id,
                "class": class_id,
                "entity": batch.entity,
                "batch": batch.path.split("/")[-1],
                "fields": fields,
                "rows": changed,
                "file_sha256": written["sha256"],
                "hashed_ids_sha256": hashlib.sha256("\n".join(sorted(checks)).encode("ascii")).hexdigest(),
            },
            recorded_at=now,
        )
    shutil.rmtree(folder, ignore_errors=True)  # the copy with the fields: gone once the register has the new one
    return changed
